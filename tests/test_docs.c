/*
 * Docs that run: every Python block of README.md and the docs/ pages, and
 * docs/example_plot.py, executed against freshly written results files by
 * tests/docs/run_snippets.py (see there). Fails with the runner's report
 * (file:line of each failing block and its traceback).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/testutil.h"

static const char *python(void)
{
    const char *env = getenv("KIKAN_PYTHON");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    /* Debian's interpreter, where python3-h5py & co. live (a pyenv shim may shadow it) */
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

static void test_snippets(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "'%s' '%s/tests/docs/run_snippets.py' '%s' '%s' '%s' > '%s/log' 2>&1", python(),
             KIKAN_SOURCE_DIR, KIKAN_CLI, KIKAN_SOURCE_DIR, dir, dir);
    const int st = system(cmd);
    snprintf(cmd, sizeof(cmd), "%s/log", dir);
    char *log = kikan_test_slurp(cmd);
    const int ok = WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (!ok) {
        fprintf(stderr, "\n%s\n", log ? log : "(no output)");
    }
    CU_ASSERT(ok);
    /* the runner found the blocks: README, python-example, hdf5-schema, and the plot */
    CU_ASSERT(log != NULL && strstr(log, "ok   README.md:") != NULL);
    CU_ASSERT(log != NULL && strstr(log, "ok   docs/python-example.md:") != NULL);
    CU_ASSERT(log != NULL && strstr(log, "ok   docs/hdf5-schema.md:") != NULL);
    CU_ASSERT(log != NULL && strstr(log, "ok   docs/example_plot.py") != NULL);
    free(log);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
    free(dir);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("docs", NULL, NULL);
    CU_add_test(s, "every documented Python example runs", test_snippets);
    return kikan_test_main();
}
