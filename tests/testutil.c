/* Shared helpers for the CUnit suites; see testutil.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tests/testutil.h"

int kikan_test_main(void)
{
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (run == 0) {
        fprintf(stderr, "no test ran\n");
        return 1;
    }
    return failed ? 1 : 0;
}

char *kikan_test_slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            break;
        }
        if (n + 1 == cap) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
    }
    return buf;
}

int kikan_test_write(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return 0;
    }
    size_t len = strlen(text);
    int ok = fwrite(text, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

char *kikan_test_tmpdir(void)
{
    char tmpl[] = "/tmp/kikan-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

int kikan_test_cli(const char *args, char **out, char **errs)
{
    char *dir = kikan_test_tmpdir();
    if (dir == NULL) {
        return -1;
    }
    char o[512], e[512], cmd[8192];
    snprintf(o, sizeof(o), "%s/out", dir);
    snprintf(e, sizeof(e), "%s/err", dir);
    snprintf(cmd, sizeof(cmd), "'%s' %s >'%s' 2>'%s' </dev/null", KIKAN_CLI, args, o, e);
    int st = system(cmd);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
    if (out) {
        *out = kikan_test_slurp(o);
    }
    if (errs) {
        *errs = kikan_test_slurp(e);
    }
    unlink(o);
    unlink(e);
    rmdir(dir);
    free(dir);
    return code;
}
