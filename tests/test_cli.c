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
    /* did-you-mean for commands and for options (taken from each command's usage) */
    CU_ASSERT_EQUAL(kikan_test_cli("scop", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown command 'scop' (did you mean 'scope'?)"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("run --replicate 3 x.yaml", &out, &err), 2);
    CU_ASSERT_STRING_EQUAL(err, "kikan run: unknown option '--replicate' (did you mean "
                                "'--replicates'?); see kikan run --help\n");
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("percolate --sweap 0:1:0.1", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "(did you mean '--sweep'?)"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("info --zebra x.h5", &out, &err), 2);
    CU_ASSERT_STRING_EQUAL(err, "kikan info: unknown option '--zebra'; see kikan info --help\n");
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

/*
 * -o FILE picks the format by its extension and refuses an unknown one, and
 * every output path is checked before the run: nothing is written on a refusal.
 */
static void test_output_formats(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char args[2000], *out = NULL, *err = NULL;
#define TINY "'" KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml'"
    static const struct {
        const char *cmd, *file, *msg; /* msg after "-o FILE: ", or whole when file is NULL */
    } refused[] = {
        {"scope " TINY " --quiet", "x.txt",
         "this command does not write that format (expected a file name ending in .h5, .hdf5, "
         ".csv or .json)"},
        {"run " TINY " --quiet", "x.txt",
         "this command does not write that format (expected a file name ending in .h5, .hdf5 or "
         ".csv)"},
        {"run " TINY " --quiet", "x", "unknown output format"},
        {"run " TINY " --quiet --csv /nonexistent-kikan", "x.h5",
         NULL /* --csv /nonexistent-kikan: directory does not exist */},
        {"report " TINY, "x.pdf", "unknown output format"},
    };
#undef TINY
    for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
        char msg[1200], path[700];
        snprintf(path, sizeof(path), "%s/%s", dir, refused[i].file);
        snprintf(args, sizeof(args), "%s -o '%s'", refused[i].cmd, path);
        if (refused[i].msg != NULL) {
            snprintf(msg, sizeof(msg), "-o %s: %s", path, refused[i].msg);
        } else {
            snprintf(msg, sizeof(msg), "--csv /nonexistent-kikan: directory does not exist");
        }
        CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 2);
        CU_ASSERT_PTR_NOT_NULL(strstr(err, msg));
        if (strstr(err, msg) == NULL) {
            fprintf(stderr, "\n  %s\n  got: %s  expected: %s\n", args, err, msg);
        }
        free(out);
        free(err);
        CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0); /* nothing written */
    }
    CU_ASSERT_EQUAL(kikan_test_cli("run x.yaml -o /nonexistent-kikan/out.h5", &out, &err), 2);
    free(out);
    free(err);
    /* a research command: FILE.json is the --json output without asking, FILE.txt the text */
    char path[700];
    snprintf(path, sizeof(path), "%s/th.json", dir);
    snprintf(args, sizeof(args),
             "threshold --er 200 --z 2.385 --phi 0.18 --reps 3 --seed 5 -o '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    free(out);
    free(err);
    char *text = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    CU_ASSERT_EQUAL(text[0], '{');
    free(text);
    unlink(path);
    snprintf(path, sizeof(path), "%s/th.txt", dir);
    snprintf(args, sizeof(args),
             "threshold --er 200 --z 2.385 --phi 0.18 --reps 3 --seed 5 --json -o '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "a .txt file takes the text output"));
    free(out);
    free(err);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
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
    CU_add_test(s, "-o FILE: format by extension, paths checked first", test_output_formats);
    return kikan_test_main();
}
