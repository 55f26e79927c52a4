/* Option parsing and error reporting shared by the kikan commands. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "commands.h"
#ifdef KIKAN_HAVE_MPI
#include <mpi.h>
#endif

int kikan_cli_is_help(const char *arg)
{
    return strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0;
}

int kikan_cli_parse_double(const char *cmd, const char *opt, const char *s, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        fprintf(stderr, "kikan %s: %s: expected a finite number, got '%s'\n", cmd, opt, s);
        return 0;
    }
    *out = v;
    return 1;
}

int kikan_cli_parse_int64(const char *cmd, const char *opt, const char *s, int64_t *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (s[0] == '\0' || *end != '\0' || errno == ERANGE) {
        fprintf(stderr, "kikan %s: %s: expected an integer, got '%s'\n", cmd, opt, s);
        return 0;
    }
    *out = (int64_t)v;
    return 1;
}

int kikan_cli_parse_uint64(const char *cmd, const char *opt, const char *s, uint64_t *out)
{
    char *end = NULL;
    errno = 0;
    if (s[0] == '-' || s[0] == '\0') {
        fprintf(stderr, "kikan %s: %s: expected a non-negative integer, got '%s'\n", cmd, opt, s);
        return 0;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (*end != '\0' || errno == ERANGE) {
        fprintf(stderr, "kikan %s: %s: expected a non-negative integer, got '%s'\n", cmd, opt, s);
        return 0;
    }
    *out = (uint64_t)v;
    return 1;
}

const char *kikan_cli_value(const char *cmd, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc) {
        fprintf(stderr, "kikan %s: %s needs a value\n", cmd, argv[*i]);
        return NULL;
    }
    (*i)++;
    return argv[*i];
}

int kikan_cli_report_error(const char *cmd, kikan_ctx_t *ctx, kikan_error_t err)
{
    if (ctx != NULL && kikan_diag_count(ctx) > 0) {
        kikan_diag_print(ctx, stderr);
    }
    if (err == KIKAN_EINPUT || err == KIKAN_EINVAL || err == KIKAN_EFORMAT) {
        if (ctx == NULL || kikan_diag_count(ctx) == 0) {
            fprintf(stderr, "kikan %s: %s\n", cmd, kikan_strerror(err));
        }
        return KIKAN_EXIT_USAGE;
    }
    fprintf(stderr, "kikan %s: %s\n", cmd, kikan_strerror(err));
    for (int i = 0; i < kikan_error_trace_size(); i++) {
        kikan_log(ctx, KIKAN_LOG_DEBUG, "  at %s", kikan_error_trace_frame(i));
    }
    return KIKAN_EXIT_FAILURE;
}

void kikan_cli_mpi_setup(kikan_ctx_t *ctx)
{
#ifdef KIKAN_HAVE_MPI
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    kikan_ctx_set_mpi(ctx, rank, size);
#else
    (void)ctx;
#endif
}

char *kikan_cli_iso_now(void)
{
    char buf[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return strdup(buf);
}
