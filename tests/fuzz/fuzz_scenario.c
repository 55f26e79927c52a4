/*
 * libFuzzer target: the YAML scenario loader (kikan_scenario_load) on
 * arbitrary bytes, next to a valid copy of the tiny tables. Aborts when the
 * harness contract breaks (tests/fuzz/harness.h); ASan/UBSan catch the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tests/fuzz/harness.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static kikan_fuzz_env_t *env; /* one per process, made once */

static void remove_env(void)
{
    kikan_fuzz_env_free(&env);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (kikan_fuzz_env_new(KIKAN_SOURCE_DIR "/scenarios/library/tiny", &env) != KIKAN_OK) {
        fprintf(stderr, "fuzz_scenario: cannot set up the table directory\n");
        abort();
    }
    atexit(remove_env);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int n_diag = 0;
    const char *why = NULL;
    kikan_error_t err = kikan_fuzz_scenario(env, data, size, &n_diag, &why);
    if (why != NULL) {
        fprintf(stderr, "fuzz_scenario: contract broken: %s (code %d, %d diagnostics)\n", why,
                (int)err, n_diag);
        abort();
    }
    return 0;
}
