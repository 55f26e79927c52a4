/*
 * libFuzzer target: the GraphML and GML readers behind --graph FILE.graphml /
 * FILE.gml (scenarios/graphfile.c, igraph's parsers): the first byte chooses
 * the format, the rest is the file. Aborts when the harness contract breaks
 * (tests/fuzz/harness.h: success with every id below n, or KIKAN_EINPUT /
 * KIKAN_ELIMIT with a diagnostic and nothing returned); ASan/UBSan catch the
 * rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tests/fuzz/harness.h"

KIKAN_FUZZ_ENV_TARGET("fuzz_graphfile", kikan_fuzz_graphfile)
