/*
 * libFuzzer target: the CSV table loader (kikan_tables_load): the first byte
 * chooses which of the tiny tables the rest replaces, the others stay valid. Aborts when the
 * harness contract breaks (tests/fuzz/harness.h); ASan/UBSan catch the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tests/fuzz/harness.h"

KIKAN_FUZZ_ENV_TARGET("fuzz_tables", kikan_fuzz_tables)
