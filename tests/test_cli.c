/* The command line's contract: --help, --version, exit codes for unknown commands and usage. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/testutil.h"

static void test_help_and_version(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli("--help", &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: kikan"));
    const char *cmds[] = {"run",       "validate", "generate", "percolate", "iim",
                          "threshold", "load",     "scope",    "report",    "info"};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        CU_ASSERT_PTR_NOT_NULL(strstr(out, cmds[i]));
    }
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("--version", &out, &err), 0);
    CU_ASSERT_EQUAL(strncmp(out, "kikan " KIKAN_VERSION_STRING "\n", strlen(out)), 0);
    free(out);
    free(err);
}

static void test_usage_errors(void)
{
    char *out = NULL, *err = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli("", &out, &err), 2);
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("frobnicate", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown command 'frobnicate'"));
    free(out);
    free(err);
}

/* -o FILE on a command that prints its results: written whole, or not at all. */
static void test_output_file(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[600], args[1400], *out = NULL, *err = NULL;
    snprintf(path, sizeof(path), "%s/th.json", dir);
    snprintf(args, sizeof(args),
             "threshold --er 500 --z 2.385 --phi 0.18 --reps 7 --seed 11 --json -o '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    CU_ASSERT_STRING_EQUAL(out, ""); /* nothing on the terminal */
    free(out);
    free(err);
    char *text = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"seed\": 11"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"mean_fraction\""));
    free(text);
    /* a failing command leaves the older file as it was, and no temporary file */
    CU_ASSERT(kikan_test_write(path, "older result\n"));
    snprintf(args, sizeof(args),
             "threshold --er 500 --z 2.385 --phi 7 --reps 7 --seed 11 --json -o '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 2);
    free(out);
    free(err);
    text = kikan_test_slurp(path);
    CU_ASSERT_STRING_EQUAL(text, "older result\n");
    free(text);
    snprintf(args, sizeof(args), "ls '%s' | wc -l", dir);
    FILE *p = popen(args, "r");
    int n = -1;
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(fscanf(p, "%d", &n), 1);
    pclose(p);
    CU_ASSERT_EQUAL(n, 1);
    unlink(path);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("cli", NULL, NULL);
    CU_add_test(s, "help and version", test_help_and_version);
    CU_add_test(s, "usage errors exit 2", test_usage_errors);
    CU_add_test(s, "-o FILE for printed results is atomic", test_output_file);
    return kikan_test_main();
}
