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
        fprintf(stderr, "fuzz_graphfile: cannot set up the directory\n");
        abort();
    }
    atexit(remove_env);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int n_diag = 0;
    const char *why = NULL;
    kikan_error_t err = kikan_fuzz_graphfile(env, data, size, &n_diag, &why);
    if (why != NULL) {
        fprintf(stderr, "fuzz_graphfile: contract broken: %s (code %d, %d diagnostics)\n", why,
                (int)err, n_diag);
        abort();
    }
    return 0;
}
