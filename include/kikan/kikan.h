/* kikan — umbrella header: everything a program embedding libkikan needs. */
#ifndef KIKAN_H
#define KIKAN_H
#include "kikan/version.h"
#include "kikan/error.h"
#include "kikan/context.h"
#include "kikan/suggest.h"
#include "kikan/text.h"
#include "kikan/world.h"
#include "kikan/scenario.h"
#include "kikan/results.h"
#include "kikan/generate.h"
#include "kikan/engine.h"
#include "kikan/output.h"
#include "kikan/graph.h"
#include "kikan/research.h"
#include "kikan/iim.h"
#include "kikan/percolation.h"
#include "kikan/graph_io.h"
#include "kikan/econ.h"
#include "kikan/scope.h"
#include "kikan/structure.h"
#include "kikan/structure_io.h"
#endif
