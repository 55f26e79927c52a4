/*
 * `kikan run SCENARIO`: load a scenario, compile it, run its Monte Carlo
 * ensemble and print the impact per sector and what-if; optionally write a
 * CSV summary (-o FILE.csv) and the timeline of replicate 0 (--trace).
 *
 * DESIGN: a thin shell over the library (scenario loader, engine, ensemble,
 * results); all it owns is option parsing, SIGINT -> cooperative stop, and
 * the people-facing table.
 */
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "sim/cli/commands.h"

/*
 * TODO(merge): the scenario loader lives on another branch. Until it is
 * merged these are weak references, so this branch links; `kikan run` says
 * so instead of crashing. Remove the two pragmas after the merge.
 */
#pragma weak kikan_scenario_load
#pragma weak kikan_scenario_free

static const char *const class_names[KIKAN_N_SIZE_CLASSES] = {"sme", "medium", "large",
                                                              "very_large"};

/* The only mutable global of the command: the signal handler's way to the stop flag. */
static kikan_ctx_t *volatile stop_ctx;

static void on_signal(int sig)
{
    (void)sig;
    if (stop_ctx != NULL) {
        kikan_ctx_request_stop(stop_ctx);
    }
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kikan run SCENARIO [-o FILE] [--replicates N] [--seed S] [--threads T]\n"
            "                 [--quiet] [--trace]\n\n"
            "Run the scenario's what-ifs as a Monte Carlo ensemble and print, per what-if and\n"
            "sector, the peak customers cut off, the customer-hours lost (mean and 95%% CI)\n"
            "and the operators affected by size class.\n\n"
            "  -o FILE           write the results: FILE.csv a summary table\n"
            "  --replicates N    replicates per what-if (default: the scenario's)\n"
            "  --seed S          ensemble seed (default: the scenario's)\n"
            "  --threads T       OpenMP threads (default: all cores)\n"
            "  --quiet           no progress line\n"
            "  --trace           print the timeline of replicate 0 of each what-if\n");
}

static int ends_with(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static double ops_mean(const kikan_results_t *res, int w, int s, int c)
{
    const int64_t R = res->n_replicates, S = res->n_sectors;
    double sum = 0.0;
    for (int64_t r = 0; r < R; r++) {
        sum += res->ops_affected[(((int64_t)w * R + r) * S + s) * KIKAN_N_SIZE_CLASSES + c];
    }
    return sum / (double)R;
}

static void print_table(const kikan_results_t *res)
{
    for (int w = 0; w < res->n_whatifs; w++) {
        printf("\nwhat-if %s (%" PRId64 " replicates)\n", res->whatif_names[w], res->n_replicates);
        printf("  %-10s %-12s %14s %16s %27s   %s\n", "sector", "unit", "peak (mean)",
               "customer-hours", "95% CI", "operators affected (SME/med/large/v.large)");
        for (int s = 0; s < res->n_sectors; s++) {
            const kikan_stat_t *ch = &res->st_customer_hours[w * res->n_sectors + s];
            const kikan_stat_t *pk = &res->st_peak[w * res->n_sectors + s];
            printf("  %-10s %-12s %14.1f %16.1f  [%11.1f, %11.1f]  ", res->sector_ids[s],
                   res->sector_units[s], pk->mean, ch->mean, ch->ci_lo, ch->ci_hi);
            for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
                printf("%s%.2f", c ? " / " : " ", ops_mean(res, w, s, c));
            }
            putchar('\n');
        }
    }
}

static int write_csv(const kikan_results_t *res, const char *path)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        fprintf(stderr, "kikan run: %s: cannot write\n", path);
        return 0;
    }
    fprintf(f, "whatif,sector,unit,replicates,peak_mean,peak_q95,customer_hours_mean,"
               "customer_hours_ci_lo,customer_hours_ci_hi,customer_hours_q05,"
               "customer_hours_q50,customer_hours_q95,life_weighted_mean");
    for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
        fprintf(f, ",ops_affected_%s", class_names[c]);
    }
    fputc('\n', f);
    for (int w = 0; w < res->n_whatifs; w++) {
        for (int s = 0; s < res->n_sectors; s++) {
            const int i = w * res->n_sectors + s;
            const kikan_stat_t *ch = &res->st_customer_hours[i], *pk = &res->st_peak[i];
            fprintf(
                f, "\"%s\",%s,%s,%" PRId64 ",%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g",
                res->whatif_names[w], res->sector_ids[s], res->sector_units[s], res->n_replicates,
                pk->mean, pk->q95, ch->mean, ch->ci_lo, ch->ci_hi, ch->q05, ch->q50, ch->q95,
                res->st_life[i].mean);
            for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
                fprintf(f, ",%.17g", ops_mean(res, w, s, c));
            }
            fputc('\n', f);
        }
    }
    return fclose(f) == 0;
}

static char *iso_now(void)
{
    char buf[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return strdup(buf);
}

int kikan_cmd_run(int argc, char **argv)
{
    const char *cmd = "run", *path = NULL, *out_path = NULL;
    int64_t replicates = 0, threads = 0;
    uint64_t seed = 0;
    int have_seed = 0, quiet = 0, trace = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "-o") == 0) {
            if ((out_path = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--replicates") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(cmd, a, v, &replicates)) {
                return KIKAN_EXIT_USAGE;
            }
            if (replicates < 1) {
                fprintf(stderr, "kikan run: --replicates: expected an integer >= 1, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--seed") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_uint64(cmd, a, v, &seed)) {
                return KIKAN_EXIT_USAGE;
            }
            have_seed = 1;
        } else if (strcmp(a, "--threads") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(cmd, a, v, &threads)) {
                return KIKAN_EXIT_USAGE;
            }
            if (threads < 1 || threads > 4096) {
                fprintf(stderr, "kikan run: --threads: expected 1..4096, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--trace") == 0) {
            trace = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "kikan run: unknown option '%s'\n", a);
            usage(stderr);
            return KIKAN_EXIT_USAGE;
        } else if (path == NULL) {
            path = a;
        } else {
            fprintf(stderr, "kikan run: one scenario only (got '%s' and '%s')\n", path, a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (path == NULL) {
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    if (kikan_scenario_load == NULL || kikan_scenario_free == NULL) {
        fprintf(stderr, "kikan run: the scenario loader is not in this build yet\n");
        return KIKAN_EXIT_FAILURE;
    }

    int code = KIKAN_EXIT_OK;
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *world = NULL;
    kikan_model_t *m = NULL;
    kikan_results_t *res = NULL;
    kikan_workspace_t *ws = NULL;
    uint8_t *reg = NULL, *cls = NULL;
    kikan_policy_t policy;
    KIKAN_CHECK(kikan_ctx_new(&ctx));
    kikan_ctx_set_quiet(ctx, quiet);
    if (threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)threads));
    }
    KIKAN_CHECK(kikan_scenario_load(ctx, path, &sc, &world));
    if (replicates > 0) {
        sc->replicates = replicates;
    }
    if (have_seed) {
        sc->seed = seed;
    }
    KIKAN_CHECK(kikan_model_compile(ctx, world, sc, &m));
    KIKAN_CHECK_ALLOC(reg = calloc((size_t)kikan_model_n_operators(m) + 1, 1));
    KIKAN_CHECK_ALLOC(cls = calloc((size_t)kikan_model_n_classes(m) + 1, 1));
    KIKAN_CHECK(kikan_policy_from_scenario(m, sc, reg, cls, &policy));

    if (trace) {
        KIKAN_CHECK(kikan_workspace_new(m, &ws));
        for (int w = 0; w < kikan_model_n_whatifs(m); w++) {
            printf("== timeline: what-if %s, replicate 0 ==\n", sc->whatifs[w].name);
            KIKAN_CHECK(kikan_replicate_trace(m, w, 0, &policy, ws, stdout));
        }
    }

    KIKAN_CHECK(kikan_ensemble_results_new(m, sc, sc->replicates > 0 ? sc->replicates : 1, &res));
    res->started = iso_now();
    stop_ctx = ctx;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    err = kikan_ensemble_run(ctx, m, &policy, 0, res->n_replicates, res);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    stop_ctx = NULL;
    KIKAN_CHECK(err);
    res->finished = iso_now();
    KIKAN_CHECK(kikan_results_summarize(res));

    printf("kikan run: %s (%s%s), seed %" PRIu64 ", horizon %.4g h, %d thread(s)\n", sc->name, path,
           res->synthetic ? ", synthetic network" : "", res->seed, kikan_model_horizon(m),
           res->threads);
    print_table(res);
    if (out_path != NULL) {
        if (ends_with(out_path, ".csv")) {
            if (!write_csv(res, out_path)) {
                code = KIKAN_EXIT_FAILURE;
            }
        } else {
            /*
             * TODO(merge): HDF5 output — call kikan_h5_write_results (include/kikan/output.h,
             * from the HDF5 branch) here with res and out_path.
             */
            fprintf(stderr,
                    "kikan run: %s: HDF5 output is not in this build yet; use -o "
                    "FILE.csv for a summary\n",
                    out_path);
            code = KIKAN_EXIT_FAILURE;
        }
    }
cleanup:
    if (err != KIKAN_OK) {
        code = kikan_cli_report_error(cmd, ctx, err);
    }
    kikan_workspace_free(&ws);
    kikan_results_free(&res);
    kikan_model_free(&m);
    free(reg);
    free(cls);
    kikan_world_free(&world);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
    return code;
}
