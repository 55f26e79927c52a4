/* The command line's contract: --help, --version, exit codes for unknown commands and usage. */
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("cli", NULL, NULL);
    CU_add_test(s, "help and version", test_help_and_version);
    CU_add_test(s, "usage errors exit 2", test_usage_errors);
    return kikan_test_main();
}
