/*
 * libFuzzer target: the YAML scenario loader (kikan_scenario_load) on
 * arbitrary bytes, next to a valid copy of the tiny tables. Aborts when the
 * harness contract breaks (tests/fuzz/harness.h); ASan/UBSan catch the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tests/fuzz/harness.h"

KIKAN_FUZZ_ENV_TARGET("fuzz_scenario", kikan_fuzz_scenario)
