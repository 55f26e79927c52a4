/* Option parsing and error reporting shared by the kikan commands. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
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

/* The options a usage text names: every "-x" or "--word-word" token (at most `max`, in order). */
static int usage_options(char *text, char **opt, int max)
{
    int n = 0;
    for (char *p = text; *p != '\0' && n < max; p++) {
        const int starts = p[0] == '-' && (p == text || strchr(" [(|\n", p[-1]) != NULL);
        if (!starts) {
            continue;
        }
        char *e = p + 1 + (p[1] == '-');
        while (*e == '-' || (*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z') ||
               (*e >= '0' && *e <= '9')) {
            e++;
        }
        if (e > p + 1 + (p[1] == '-') && e[-1] != '-') {
            const char end = *e;
            *e = '\0';
            int seen = 0;
            for (int i = 0; i < n && !seen; i++) {
                seen = strcmp(opt[i], p) == 0;
            }
            if (!seen) {
                opt[n++] = p;
            }
            if (end == '\0') {
                break;
            }
            p = e;
        }
    }
    return n;
}

int kikan_cli_unknown_option(const char *cmd, const char *arg, void (*usage)(FILE *))
{
    char *text = NULL;
    size_t len = 0;
    const char *sug = NULL;
    FILE *f = open_memstream(&text, &len);
    if (f != NULL) {
        usage(f);
        if (fclose(f) == 0 && text != NULL) {
            char *opt[128];
            const int n = usage_options(text, opt, 128);
            sug = kikan_suggest(arg, (const char *const *)opt, n);
        }
    }
    if (sug != NULL) {
        fprintf(stderr, "kikan %s: unknown option '%s' (did you mean '%s'?); see kikan %s --help\n",
                cmd, arg, sug, cmd);
    } else {
        fprintf(stderr, "kikan %s: unknown option '%s'; see kikan %s --help\n", cmd, arg, cmd);
    }
    free(text);
    return KIKAN_EXIT_USAGE;
}

/* Why files cannot be written into dir ("does not exist"...), or NULL when they can. */
static const char *dir_problem(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        return "does not exist";
    } else if (!S_ISDIR(st.st_mode)) {
        return "is not a directory";
    } else if (access(dir, W_OK | X_OK) != 0) {
        return "is not writable";
    }
    return NULL;
}

static const struct {
    int fmt;
    const char *ext;
} out_exts[] = {{KIKAN_OUT_HDF5, ".h5"},   {KIKAN_OUT_HDF5, ".hdf5"}, {KIKAN_OUT_CSV, ".csv"},
                {KIKAN_OUT_JSON, ".json"}, {KIKAN_OUT_HTML, ".html"}, {KIKAN_OUT_HTML, ".htm"},
                {KIKAN_OUT_TEXT, ".txt"}};
enum { N_OUT_EXTS = sizeof(out_exts) / sizeof(out_exts[0]) };

int kikan_cli_out_format(const char *cmd, const char *path, int allowed)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    int fmt = 0;
    for (int i = 0; i < N_OUT_EXTS && dot != NULL && (slash == NULL || dot > slash); i++) {
        if (strcasecmp(dot, out_exts[i].ext) == 0) {
            fmt = out_exts[i].fmt;
        }
    }
    if ((fmt & allowed) == 0) {
        char expected[96] = "";
        int n = 0;
        for (int i = 0; i < N_OUT_EXTS; i++) {
            if (out_exts[i].fmt & allowed) {
                n++;
            }
        }
        for (int i = 0, k = 0; i < N_OUT_EXTS; i++) {
            if (out_exts[i].fmt & allowed) {
                k++;
                strcat(expected, k == 1 ? "" : k == n ? " or " : ", ");
                strcat(expected, out_exts[i].ext);
            }
        }
        fprintf(stderr, "kikan %s: -o %s: %s (expected a file name ending in %s)\n", cmd, path,
                fmt ? "this command does not write that format" : "unknown output format",
                expected);
        return 0;
    }
    return kikan_cli_check_out_file(cmd, "-o", path) ? fmt : 0;
}

int kikan_cli_check_out_file(const char *cmd, const char *opt, const char *path)
{
    const char *slash = strrchr(path, '/');
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        fprintf(stderr, "kikan %s: %s %s: is a directory\n", cmd, opt, path);
        return 0;
    }
    size_t dl = slash == NULL ? 1 : (size_t)(slash - path) + (slash == path);
    char *dir = malloc(dl + 1);
    if (dir == NULL) {
        fprintf(stderr, "kikan %s: out of memory\n", cmd);
        return 0;
    }
    memcpy(dir, slash == NULL ? "." : path, dl);
    dir[dl] = '\0';
    const char *why = dir_problem(dir);
    if (why != NULL) {
        fprintf(stderr, "kikan %s: %s %s: directory '%s' %s\n", cmd, opt, path, dir, why);
    }
    free(dir);
    return why == NULL;
}

int kikan_cli_check_out_dir(const char *cmd, const char *opt, const char *dir)
{
    const char *why = dir_problem(dir);
    if (why != NULL) {
        fprintf(stderr, "kikan %s: %s %s: directory %s\n", cmd, opt, dir, why);
        return 0;
    }
    return 1;
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

kikan_error_t kikan_cli_stamp_provenance(const kikan_scenario_t *sc, kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    char host[256] = "";
    if (gethostname(host, sizeof(host) - 1) != 0) {
        strcpy(host, "unknown");
    }
    KIKAN_CHECK(kikan_results_set_text(res, KIKAN_RESULTS_HOST, host));
    if (sc->tables_dir != NULL) {
        char sum[KIKAN_CHECKSUM_LEN];
        KIKAN_CHECK(kikan_tables_checksum(sc->tables_dir, sum));
        KIKAN_CHECK(kikan_results_set_text(res, KIKAN_RESULTS_TABLES_CHECKSUM, sum));
    }
cleanup:
    return err;
}

kikan_error_t kikan_cli_stamp_time(kikan_results_t *res, kikan_results_text_t which)
{
    char *now = kikan_cli_iso_now();
    if (now == NULL) {
        return KIKAN_ENOMEM;
    }
    const kikan_error_t err = kikan_results_set_text(res, which, now);
    free(now);
    return err;
}

kikan_error_t kikan_cli_run_scenario(kikan_ctx_t *ctx, const kikan_model_t *m,
                                     const kikan_scenario_t *sc, kikan_results_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *res = NULL;
    uint8_t *reg = NULL, *cls = NULL;
    kikan_policy_t policy;
    *out = NULL;
    KIKAN_CHECK_ALLOC(reg = calloc((size_t)kikan_model_n_operators(m) + 1, 1));
    KIKAN_CHECK_ALLOC(cls = calloc((size_t)kikan_model_n_classes(m) + 1, 1));
    KIKAN_CHECK(kikan_policy_from_scenario(m, sc, reg, cls, &policy));
    const int64_t R = sc->replicates > 0 ? sc->replicates : 1;
    KIKAN_CHECK(kikan_ensemble_results_new(m, sc, R, &res));
    KIKAN_CHECK(kikan_cli_stamp_provenance(sc, res));
    KIKAN_CHECK(kikan_cli_stamp_time(res, KIKAN_RESULTS_STARTED));
    /* under mpirun each rank runs its share of the replicates; rank 0 gets them all */
    int64_t r0 = 0, r1 = R;
    kikan_mpi_share(R, kikan_ctx_mpi_rank(ctx), kikan_ctx_mpi_size(ctx), &r0, &r1);
    KIKAN_CHECK(kikan_ensemble_run(ctx, m, &policy, r0, r1, res));
    KIKAN_CHECK(kikan_mpi_reduce_results(ctx, res, r0, r1));
    KIKAN_CHECK(kikan_cli_stamp_time(res, KIKAN_RESULTS_FINISHED));
    KIKAN_CHECK(kikan_results_summarize(res));
    *out = res;
    res = NULL;
cleanup:
    kikan_results_free(&res);
    free(reg);
    free(cls);
    return err;
}
