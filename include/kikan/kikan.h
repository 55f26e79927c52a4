/* kikan — umbrella header: everything a program embedding libkikan needs. */
#ifndef KIKAN_H
#define KIKAN_H
#include "kikan/version.h"
#include "kikan/error.h"
#include "kikan/context.h"
#include "kikan/world.h"
#include "kikan/scenario.h"
#include "kikan/generate.h"
#include "kikan/results.h"
#endif
