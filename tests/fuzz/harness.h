/*
 * The fuzzing harness shared by the libFuzzer targets (tests/fuzz/fuzz_*.c)
 * and by tests/test_fuzz_regressions.c, which replays every input that once
 * broke a target through exactly the same code in the normal build.
 *
 * DESIGN: the loaders read files, so an input is written into a private
 * temporary directory that also holds a valid copy of the tiny table set
 * (scenarios/library/tiny/): the scenario target writes the input as
 * s.yaml (whose "tables: tiny" then finds real tables), the tables target
 * replaces one table by the input and restores it afterwards, so each run
 * starts from the same state. The contract every input must keep: the
 * loader returns KIKAN_OK, or KIKAN_EINPUT / KIKAN_ELIMIT with at least one
 * diagnostic, never crashes, never leaks, and a loaded scenario refers only
 * to rows that exist.
 */
#ifndef KIKAN_TESTS_FUZZ_HARNESS_H
#define KIKAN_TESTS_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>
#include "kikan/error.h"

typedef struct kikan_fuzz_env kikan_fuzz_env_t;

/**
 * Make a temporary directory holding tiny/ (a copy of the tables in
 * `tables_src`, normally KIKAN_SOURCE_DIR "/scenarios/library/tiny").
 * KIKAN_EIO when it cannot be made, KIKAN_ENOMEM.
 */
kikan_error_t kikan_fuzz_env_new(const char *tables_src, kikan_fuzz_env_t **env);
/** Remove the directory and free; accepts NULL, clears the pointer. */
void kikan_fuzz_env_free(kikan_fuzz_env_t **env);

/**
 * Scenario target: write data to DIR/s.yaml and kikan_scenario_load it.
 * Returns the loader's code (KIKAN_EIO if the input could not be written);
 * *n_diag receives the number of diagnostics, *why a static description of a
 * broken contract or NULL when the contract held.
 */
kikan_error_t kikan_fuzz_scenario(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                  int *n_diag, const char **why);

/** Number of tables the tables target can replace, and the name of table i. */
int kikan_fuzz_n_tables(void);
const char *kikan_fuzz_table_name(int i);

/**
 * Tables target: data[0] % kikan_fuzz_n_tables() chooses the table replaced
 * by data[1..size); then kikan_tables_load on the directory. Same outputs
 * as kikan_fuzz_scenario. An empty input is a no-op (KIKAN_OK).
 */
kikan_error_t kikan_fuzz_tables(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                int *n_diag, const char **why);

/**
 * Graph-file target (GraphML / GML through igraph, scenarios/graphfile.h):
 * data[0] & 1 chooses GraphML (0) or GML (1), data[1..size) is the file, read
 * with n = 1000 (every returned id must lie below n) or, when data[0] & 2, as
 * a scenario network (kikan_graphml_world_load; the world must pass the
 * harness's world checks). Same outputs as
 * kikan_fuzz_scenario; an empty input is a no-op (KIKAN_OK).
 */
kikan_error_t kikan_fuzz_graphfile(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                   int *n_diag, const char **why);

/*
 * The libFuzzer entry points of a target that runs CHECK (kikan_fuzz_scenario,
 * _tables or _graphfile) in one environment made once per process from the
 * tiny tables: set-up failure and a broken contract print NAME's message and
 * abort. Each tests/fuzz/fuzz_NAME.c is its comment and this one line.
 */
#define KIKAN_FUZZ_ENV_TARGET(NAME, CHECK)                                                         \
    int LLVMFuzzerInitialize(int *argc, char ***argv);                                             \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    static kikan_fuzz_env_t *env; /* one per process, made once */                                 \
    static void remove_env(void)                                                                   \
    {                                                                                              \
        kikan_fuzz_env_free(&env);                                                                 \
    }                                                                                              \
    int LLVMFuzzerInitialize(int *argc, char ***argv)                                              \
    {                                                                                              \
        (void)argc;                                                                                \
        (void)argv;                                                                                \
        if (kikan_fuzz_env_new(KIKAN_SOURCE_DIR "/scenarios/library/tiny", &env) != KIKAN_OK) {    \
            fprintf(stderr, NAME ": cannot set up the table directory\n");                         \
            abort();                                                                               \
        }                                                                                          \
        atexit(remove_env);                                                                        \
        return 0;                                                                                  \
    }                                                                                              \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        int n_diag = 0;                                                                            \
        const char *why = NULL;                                                                    \
        kikan_error_t err = CHECK(env, data, size, &n_diag, &why);                                 \
        if (why != NULL) {                                                                         \
            fprintf(stderr, NAME ": contract broken: %s (code %d, %d diagnostics)\n", why,         \
                    (int)err, n_diag);                                                             \
            abort();                                                                               \
        }                                                                                          \
        return 0;                                                                                  \
    }

#endif
