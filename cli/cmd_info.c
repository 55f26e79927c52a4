/*
 * kikan info FILE [--json]: summarise a results file — schema, provenance,
 * sizes, and the headline figures per what-if and sector (peak customers cut
 * off and customer-hours lost, with their 95% confidence intervals).
 *
 * Exit codes: 0 ok; 2 for usage errors, a missing file, or a file that is
 * not a kikan results file (with a message saying which); 1 otherwise.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "kikan/kikan.h"
#include "commands.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: kikan info FILE [--json]\n\n"
                 "Summarise a kikan results file (HDF5): schema and kikan version, scenario,\n"
                 "seed, replicates, sizes, synthetic flag, per what-if the economic loss\n"
                 "and records exposed, and per what-if and sector the mean peak people cut\n"
                 "off and person-hours without service, then the peak customers cut off and\n"
                 "customer-hours lost in the sector's own unit, with 95%% confidence\n"
                 "intervals.\n\n"
                 "  --json   print the summary as one JSON object instead\n"
                 "  --help   show this help\n\n"
                 "exit codes: 0 ok, 1 runtime failure, 2 bad usage, missing or non-kikan file.\n");
}

static const char *or_dash(const char *s)
{
    return s != NULL && s[0] != '\0' ? s : "-";
}

/* A readable number: integers-ish for big values, 4 significant digits for tiny or huge. */
static void num(char *buf, size_t n, double x)
{
    if (!isfinite(x)) {
        snprintf(buf, n, "n/a");
    } else if (fabs(x) >= 1e12 || (x != 0 && fabs(x) < 1e-2)) {
        snprintf(buf, n, "%.4g", x);
    } else if (fabs(x) >= 1000) {
        snprintf(buf, n, "%.0f", x);
    } else {
        snprintf(buf, n, "%.1f", x);
    }
}

/* "mean [lo, hi]" ("n/a" for absent statistics) */
static void mean_ci(char *buf, size_t n, const kikan_stat_t *st)
{
    char a[32], b[32], c[32];
    if (st == NULL) {
        snprintf(buf, n, "n/a");
        return;
    }
    num(a, sizeof(a), st->mean);
    num(b, sizeof(b), st->ci_lo);
    num(c, sizeof(c), st->ci_hi);
    snprintf(buf, n, "%s [%s, %s]", a, b, c);
}

/* Provenance and sizes. */
static void print_provenance(const char *path, const kikan_results_t *r)
{
    const char *sum = kikan_results_text(r, KIKAN_RESULTS_TABLES_CHECKSUM);
    const double *grid = kikan_results_grid(r);
    const int G = kikan_results_n_grid(r);
    printf("file:        %s\n", path);
    printf("schema:      %s version %d (written by kikan %s)\n", KIKAN_H5_SCHEMA,
           KIKAN_H5_SCHEMA_VERSION, or_dash(kikan_results_text(r, KIKAN_RESULTS_VERSION)));
    printf("scenario:    %s (%s)\n", or_dash(kikan_results_text(r, KIKAN_RESULTS_SCENARIO_NAME)),
           or_dash(kikan_results_text(r, KIKAN_RESULTS_SCENARIO_PATH)));
    printf("network:     %s\n",
           kikan_results_synthetic(r) ? "SYNTHETIC (not real data)" : "from tables");
    if (sum != NULL && sum[0] != '\0') {
        printf("tables:      checksum %s\n", sum);
    }
    printf("seed:        %" PRIu64 "\n", kikan_results_seed(r));
    printf("replicates:  %" PRId64 "\n", kikan_results_n_replicates(r));
    printf("sizes:       %d what-if(s), %d sector(s), %d grid point(s) from %g to %g hours\n",
           kikan_results_n_whatifs(r), kikan_results_n_sectors(r), G,
           grid != NULL && G > 0 ? grid[0] : NAN, grid != NULL && G > 0 ? grid[G - 1] : NAN);
    printf("run:         %d thread(s), %d process(es), %s .. %s on %s\n", kikan_results_threads(r),
           kikan_results_processes(r), or_dash(kikan_results_text(r, KIKAN_RESULTS_STARTED)),
           or_dash(kikan_results_text(r, KIKAN_RESULTS_FINISHED)),
           or_dash(kikan_results_text(r, KIKAN_RESULTS_HOST)));
}

/* The headline figures of what-if w. */
static void print_whatif(const kikan_results_t *r, int w)
{
    const int S = kikan_results_n_sectors(r);
    const kikan_stat_t *econ = kikan_results_stat(r, KIKAN_MEASURE_ECON_LOSS, w, KIKAN_ALL_SECTORS);
    const kikan_stat_t *rec =
        kikan_results_stat(r, KIKAN_MEASURE_RECORDS_EXPOSED, w, KIKAN_ALL_SECTORS);
    char a[128], b[128];
    printf("\nwhat-if '%s'", kikan_results_whatif_name(r, w));
    if (econ != NULL && isfinite(econ->mean)) {
        mean_ci(a, sizeof(a), econ);
        printf(" — economic loss %s JPY", a);
    }
    if (rec != NULL) {
        mean_ci(a, sizeof(a), rec);
        printf(" — %s people's records exposed", a);
    }
    /* older files lack the people measures */
    if (S > 0 && kikan_results_stat(r, KIKAN_MEASURE_PEAK_PEOPLE, w, 0) != NULL &&
        kikan_results_stat(r, KIKAN_MEASURE_PERSON_HOURS, w, 0) != NULL) {
        printf("\n  %-10s %-30s %s\n", "sector", "peak people cut off",
               "person-hours without service");
        for (int s = 0; s < S; s++) {
            mean_ci(a, sizeof(a), kikan_results_stat(r, KIKAN_MEASURE_PEAK_PEOPLE, w, s));
            mean_ci(b, sizeof(b), kikan_results_stat(r, KIKAN_MEASURE_PERSON_HOURS, w, s));
            printf("  %-10s %-30s %s\n", kikan_results_sector_id(r, s), a, b);
        }
    }
    printf("  %-10s %-20s %-30s %s\n", "", "unit (customer)", "peak customers cut off",
           "customer-hours lost");
    for (int s = 0; s < S; s++) {
        mean_ci(a, sizeof(a), kikan_results_stat(r, KIKAN_MEASURE_PEAK_CUSTOMERS, w, s));
        mean_ci(b, sizeof(b), kikan_results_stat(r, KIKAN_MEASURE_CUSTOMER_HOURS, w, s));
        printf("  %-10s %-20s %-30s %s\n", kikan_results_sector_id(r, s),
               or_dash(kikan_results_sector_unit(r, s)), a, b);
    }
}

static void print_text(const char *path, const kikan_results_t *r)
{
    print_provenance(path, r);
    if (kikan_results_stat(r, KIKAN_MEASURE_CUSTOMER_HOURS, 0, 0) == NULL) {
        printf("statistics:  none in this file\n");
        return;
    }
    printf("\nheadline figures: mean over replicates [95%% interval of the mean, bootstrap]\n");
    for (int w = 0; w < kikan_results_n_whatifs(r); w++) {
        print_whatif(r, w);
    }
}

int kikan_cmd_info(int argc, char **argv)
{
    const char *path = NULL;
    int json = 0, code = KIKAN_EXIT_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    for (int i = 1; i < argc; i++) {
        if (kikan_cli_is_help(argv[i])) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return kikan_cli_unknown_option("info", argv[i], usage);
        } else if (path != NULL) {
            fprintf(stderr, "kikan info: one FILE only (got '%s' and '%s')\n", path, argv[i]);
            return KIKAN_EXIT_USAGE;
        } else {
            path = argv[i];
        }
    }
    if (path == NULL) {
        fprintf(stderr, "kikan info: missing FILE\n");
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        fprintf(stderr, "kikan info: %s\n", kikan_strerror(err));
        return KIKAN_EXIT_FAILURE;
    }
    err = kikan_h5_read(ctx, path, &res);
    if (err != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
        if (kikan_diag_count(ctx) == 0) {
            fprintf(stderr, "kikan info: %s: %s\n", path, kikan_strerror(err));
        }
        /* a missing, foreign or damaged file is bad input; only running out of memory is not */
        code =
            err == KIKAN_ENOMEM || err == KIKAN_EINTERNAL ? KIKAN_EXIT_FAILURE : KIKAN_EXIT_USAGE;
        goto done;
    }
    if (json) {
        if (!kikan_results_has_stats(res)) {
            fprintf(stderr, "kikan info: %s: the file holds no statistics\n", path);
            code = KIKAN_EXIT_USAGE;
        } else if (kikan_json_write_summary(stdout, res) != KIKAN_OK) {
            code = KIKAN_EXIT_FAILURE;
        }
    } else {
        print_text(path, res);
    }
    if (fflush(stdout) != 0) {
        code = KIKAN_EXIT_FAILURE;
    }
done:
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    return code;
}
