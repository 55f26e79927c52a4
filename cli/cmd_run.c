/*
 * `kikan run SCENARIO`: load a scenario, compile it, run its Monte Carlo
 * ensemble and print the impact per sector and what-if; write the results
 * (-o FILE.h5, or a CSV table with -o FILE.csv), CSV summaries (--csv DIR),
 * a JSON summary (--json) and the timeline of replicate 0 (--trace).
 *
 * DESIGN: a thin shell over the library (scenario loader, engine, ensemble,
 * results, output). It owns option parsing, the people-facing table and the
 * block driver: replicates run in blocks; with -o FILE.h5 each completed
 * block set is checkpointed into FILE.h5.ckpt (atomically, at most every
 * few seconds), so SIGINT/SIGTERM finish the block in hand, save, and exit
 * 1, and `--resume` after any interruption (kill -9 included) runs only the
 * missing blocks. A replicate's result depends only on (seed, what-if,
 * replicate), so the resumed run is bit-identical to an uninterrupted one.
 * Under MPI each rank runs its share of the replicates and rank 0 gathers,
 * prints and writes (checkpoints are per-process runs only).
 */
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "commands.h"

/*
 * The only mutable globals of the command: the signal handler's way out. The
 * first signal asks the driver to stop after the block in hand; a second one
 * also stops the ensemble inside the block.
 */
static volatile sig_atomic_t stop_signals;
static kikan_ctx_t *volatile stop_ctx;

static void on_signal(int sig)
{
    (void)sig;
    stop_signals++;
    if (stop_signals > 1 && stop_ctx != NULL) {
        kikan_ctx_request_stop(stop_ctx);
    }
}

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: kikan run SCENARIO [-o FILE] [--csv DIR] [--json] [--by-region] [--replicates N]\n"
        "                 [--seed S] [--threads T] [--block B] [--checkpoint-every S] [--resume]\n"
        "                 [--quiet] [--trace]\n"
        "                 [--trace-replicate N|worst|median] [--trace-filter K=V,...]\n"
        "                 [--set KEY=VALUE]...\n\n"
        "Run the scenario's what-ifs as a Monte Carlo ensemble and print, per what-if and\n"
        "sector, the peak people cut off, the person-hours without service (mean and 95%%\n"
        "CI), the life-weighted person-hours and the operators affected by size class;\n"
        "each sector's peak customers and customer-hours in its own unit; the records\n"
        "exposed and the economic loss (JPY); then the operators and vendors that\n"
        "matter most (top 10 operators by their own customer-hours, top 5 vendors by\n"
        "implants triggered; docs/engine.md, \"Attribution\").\n\n"
        "  -o FILE           write the results: FILE.h5 (or .hdf5) HDF5 (docs/hdf5-schema.md),\n"
        "                    FILE.csv the per-sector table (the columns of --csv DIR's\n"
        "                    sectors.csv; provenance in FILE.provenance.json)\n"
        "                    (default: the scenario's outputs);\n"
        "                    another extension is refused before the run\n"
        "  --csv DIR         write the CSV tables (sectors, what-ifs, curves, replicates,\n"
        "                    what-if replicates, regions, operators, vendors) and\n"
        "                    provenance.json into DIR (an\n"
        "                    existing directory, checked before the run)\n"
        "  --json            print the summary as one JSON object instead of the table\n"
        "  --by-region       after the tables, the 10 regions (prefectures) of each what-if\n"
        "                    with the most person-hours lost, and their peak people cut off\n"
        "  --replicates N    replicates per what-if (default: the scenario's)\n"
        "  --seed S          ensemble seed (default: the scenario's)\n"
        "  --set KEY=VALUE   override one value of the scenario by its key path\n"
        "                    (screening.effectiveness=0.6,\n"
        "                    whatifs[2].events[0].probability=0.3); validated like the\n"
        "                    file, recorded in the outputs' provenance; repeatable\n"
        "  --threads T       OpenMP threads (default: all cores)\n"
        "  --block B         replicates per checkpoint block (default: automatic)\n"
        "  --checkpoint-every S  with -o FILE.h5: save completed blocks to FILE.h5.ckpt at\n"
        "                    most every S seconds (default 5; 0: after every block)\n"
        "  --resume          continue an interrupted run from FILE.ckpt (needs -o FILE)\n"
        "  --quiet           no progress line\n"
        "  --trace           after the tables (on stderr with --json), print the timeline\n"
        "                    of replicate 0 of each what-if: each event, the customers it\n"
        "                    cuts off or brings back,\n"
        "                    and a summary (what started it, the three links that spread it\n"
        "                    furthest, when the worst was)\n"
        "  --trace-replicate N|worst|median\n"
        "                    trace replicate N, or the one with the largest / the median\n"
        "                    life-weighted customer-hours (summed over sectors), per what-if\n"
        "  --trace-filter K=V,...\n"
        "                    show only the lines of assets with sector=ID, operator=ID,\n"
        "                    region=NAME (any of them); the summary still covers them all\n");
}

static int ends_with(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* Operators affected in what-if w, sector s, size class c: the mean over replicates. */
static double ops_mean(const kikan_results_t *res, int w, int s, int c)
{
    const int64_t R = kikan_results_n_replicates(res);
    double sum = 0.0, v = 0.0;
    for (int64_t r = 0; r < R; r++) {
        if (kikan_results_ops_affected(res, w, r, s, c, &v) == KIKAN_OK) {
            sum += v;
        }
    }
    return sum / (double)R;
}

/* A JPY amount scaled to a readable unit, e.g. "¥12.35 billion" (scale chosen by `ref`). */
static void yen(char *buf, size_t n, double v, double ref)
{
    static const struct {
        double f;
        const char *name;
    } units[] = {{1e12, " trillion"}, {1e9, " billion"}, {1e6, " million"}, {1e3, " thousand"}};
    const double a = fabs(ref);
    for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
        if (a >= units[i].f) {
            snprintf(buf, n, "\u00a5%.2f%s", v / units[i].f, units[i].name);
            return;
        }
    }
    snprintf(buf, n, "\u00a5%.0f", v);
}

/* The records and economic loss lines of what-if w: mean and 95% CI, or "not computed". */
static void print_econ(const kikan_results_t *res, int w)
{
    const kikan_stat_t *e = kikan_results_stat(res, KIKAN_MEASURE_ECON_LOSS, w, KIKAN_ALL_SECTORS);
    const kikan_stat_t *rx =
        kikan_results_stat(res, KIKAN_MEASURE_RECORDS_EXPOSED, w, KIKAN_ALL_SECTORS);
    if (rx != NULL) {
        printf("  people's records exposed: %.0f records (mean)   95%% interval [%.0f, %.0f]\n",
               rx->mean, rx->ci_lo, rx->ci_hi);
    }
    if (e == NULL || !isfinite(e->mean)) {
        const char *note = kikan_results_text(res, KIKAN_RESULTS_ECON_NOTE);
        printf("  economic loss: not computed (%s; see 'economics' in docs/scenario-format.md)\n",
               note ? note : "economics off, or no A* for these sectors");
        return;
    }
    char m[48], lo[48], hi[48];
    yen(m, sizeof(m), e->mean, e->mean);
    if (isfinite(e->ci_lo) && isfinite(e->ci_hi)) {
        yen(lo, sizeof(lo), e->ci_lo, e->mean);
        yen(hi, sizeof(hi), e->ci_hi, e->mean);
        printf("  economic loss (input-output model): %s   95%% interval [%s, %s]\n", m, lo, hi);
    } else {
        printf("  economic loss (input-output model): %s\n", m);
    }
}

/* The k ids of largest value > 0, descending, ties by lower id first (insertion into the
   top-k list). Writes at most k ids into top and returns how many. */
static int top_k(const int64_t *val, int n, int k, int *top)
{
    int nt = 0;
    for (int i = 0; i < n; i++) {
        if (val[i] <= 0) {
            continue;
        }
        int j = nt < k ? nt++ : k;
        if (j == k && val[i] <= val[top[k - 1]]) {
            continue;
        }
        if (j == k) {
            j = k - 1;
        }
        while (j > 0 && val[top[j - 1]] < val[i]) {
            top[j] = top[j - 1];
            j--;
        }
        top[j] = i;
    }
    return nt;
}

/* The top operators of what-if w by their own customer-hours (op: their fixed-point sums). */
static void print_top_operators(const kikan_results_t *res, const int64_t *op)
{
    const double R = (double)kikan_results_n_replicates(res), scale = ldexp(1.0, -KIKAN_FX_BITS);
    const int O = kikan_results_n_operators(res);
    double total = 0.0; /* serial, in operator order: deterministic */
    int n_pos = 0;
    for (int o = 0; o < O; o++) {
        total += (double)op[o];
        n_pos += op[o] > 0;
    }
    int top[10];
    const int nt = top_k(op, O, 10, top);
    printf("  top operators by own customer-hours lost (mean over replicates; %d of %d operators "
           "lose any):\n",
           n_pos, O);
    if (nt == 0) {
        printf("    (none)\n");
        return;
    }
    printf("    %-3s %-14s %-34s %-16s %16s %7s\n", "#", "operator", "name", "sector(s)",
           "customer-hours", "share");
    for (int i = 0; i < nt && i < 10; i++) {
        const int o = top[i];
        printf("    %-3d %-14s %-34.34s %-16.16s %16.1f %6.1f%%\n", i + 1,
               kikan_results_operator_id(res, o), kikan_results_operator_name(res, o),
               kikan_results_operator_sectors(res, o), (double)op[o] * scale / R,
               total > 0 ? 100.0 * (double)op[o] / total : 0.0);
    }
}

/* The top vendors of a what-if by implants triggered (vi, vc: their sums, V + 1 each). */
static void print_top_vendors(const kikan_results_t *res, const int64_t *vi, const int64_t *vc)
{
    const double R = (double)kikan_results_n_replicates(res), scale = ldexp(1.0, -KIKAN_FX_BITS);
    const int V1 = kikan_results_n_vendors(res) + 1;
    int vtop[5];
    const int nv = top_k(vi, V1, 5, vtop);
    printf("  top vendors by implants triggered (mean over replicates):\n");
    if (nv == 0) {
        printf("    (no implant triggered)\n");
        return;
    }
    printf("    %-3s %-16s %-32s %10s %24s\n", "#", "vendor", "name", "implants",
           "customer-hours (direct)");
    for (int i = 0; i < nv && i < 5; i++) {
        const int v = vtop[i];
        const int none = v == V1 - 1;
        printf("    %-3d %-16.16s %-32.32s %10.2f %24.1f\n", i + 1,
               none ? "(no vendor)" : kikan_results_vendor_id(res, v),
               none ? "asset-level event" : kikan_results_vendor_name(res, v), (double)vi[v] / R,
               (double)vc[v] * scale / R);
    }
}

/* The operators and vendors that matter most in what-if w (docs/engine.md "Attribution"). */
static kikan_error_t print_attribution(const kikan_results_t *res, int w)
{
    kikan_error_t err = KIKAN_OK;
    int64_t *op = NULL, *vi = NULL, *vc = NULL;
    if (!kikan_results_has_attribution(res)) {
        return KIKAN_OK;
    }
    if (kikan_results_attrib_partial(res)) {
        printf("  operators / vendors that matter most: not available (resumed from a checkpoint "
               "written without them)\n");
        return KIKAN_OK;
    }
    const int O = kikan_results_n_operators(res), V1 = kikan_results_n_vendors(res) + 1;
    KIKAN_CHECK_ALLOC(op = calloc((size_t)O + 1, sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(vi = calloc((size_t)V1, sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(vc = calloc((size_t)V1, sizeof(int64_t)));
    for (int o = 0; o < O; o++) {
        KIKAN_CHECK(kikan_results_operator_fx(res, w, o, &op[o]));
    }
    for (int v = 0; v < V1; v++) {
        KIKAN_CHECK(kikan_results_vendor_fx(res, w, v, &vi[v], &vc[v]));
    }
    print_top_operators(res, op);
    print_top_vendors(res, vi, vc);
cleanup:
    free(op);
    free(vi);
    free(vc);
    return err;
}

/* The people-facing tables of every what-if (the statistics must be there). */
static kikan_error_t print_table(const kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    const int S = kikan_results_n_sectors(res);
    for (int w = 0; w < kikan_results_n_whatifs(res); w++) {
        printf("\nwhat-if %s (%" PRId64 " replicates)\n", kikan_results_whatif_name(res, w),
               kikan_results_n_replicates(res));
        printf("  %-10s %14s %16s %27s %18s   %s\n", "sector", "peak people", "person-hours",
               "95% interval", "weighted p-hours", "operators affected (SME/med/large/v.large)");
        for (int s = 0; s < S; s++) {
            const kikan_stat_t *ph = kikan_results_stat(res, KIKAN_MEASURE_PERSON_HOURS, w, s);
            const kikan_stat_t *pk = kikan_results_stat(res, KIKAN_MEASURE_PEAK_PEOPLE, w, s);
            const kikan_stat_t *lw = kikan_results_stat(res, KIKAN_MEASURE_LIFE_WEIGHTED, w, s);
            if (ph == NULL || pk == NULL || lw == NULL) {
                KIKAN_FAIL(KIKAN_EINVAL);
            }
            printf("  %-10s %14.0f %16.0f  [%11.0f, %11.0f] %18.0f  ",
                   kikan_results_sector_id(res, s), pk->mean, ph->mean, ph->ci_lo, ph->ci_hi,
                   lw->mean);
            for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
                printf("%s%.2f", c ? " / " : " ", ops_mean(res, w, s, c));
            }
            putchar('\n');
        }
        printf("  (people: means over replicates; weighted p-hours: person-hours x the sector's "
               "life weight)\n");
        printf("  %-10s %-20s %14s %18s\n", "", "unit (customer)", "peak customers",
               "customer-hours");
        for (int s = 0; s < S; s++) {
            const kikan_stat_t *ch = kikan_results_stat(res, KIKAN_MEASURE_CUSTOMER_HOURS, w, s);
            const kikan_stat_t *pk = kikan_results_stat(res, KIKAN_MEASURE_PEAK_CUSTOMERS, w, s);
            if (ch == NULL || pk == NULL) {
                KIKAN_FAIL(KIKAN_EINVAL);
            }
            printf("  %-10s %-20s %14.1f %18.1f\n", kikan_results_sector_id(res, s),
                   kikan_results_sector_unit(res, s), pk->mean, ch->mean);
        }
        print_econ(res, w);
        KIKAN_CHECK(print_attribution(res, w));
    }
cleanup:
    return err;
}

typedef struct {
    const char *path, *out_path, *csv_dir;
    int64_t replicates, threads, block;
    uint64_t seed;
    int have_seed, quiet, trace, json, resume, by_region;
    double ckpt_every;
    int64_t trace_which;      /* replicate, or KIKAN_TRACE_WORST / _MEDIAN */
    const char *trace_filter; /* --trace-filter spec, or NULL */
    const char *sets[64];     /* --set KEY=VALUE overrides */
    int n_sets;
} run_opts_t;

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, run_opts_t *o)
{
    const char *cmd = "run";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "-o") == 0) {
            if ((o->out_path = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--csv") == 0) {
            if ((o->csv_dir = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--replicates") == 0 || strcmp(a, "--threads") == 0 ||
                   strcmp(a, "--block") == 0) {
            int64_t *dst = a[2] == 'r' ? &o->replicates : a[2] == 't' ? &o->threads : &o->block;
            const int64_t max = a[2] == 't' ? 4096 : 1000000000;
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(cmd, a, v, dst)) {
                return KIKAN_EXIT_USAGE;
            }
            if (*dst < 1 || *dst > max) {
                fprintf(stderr, "kikan run: %s: expected an integer in 1..%" PRId64 ", got '%s'\n",
                        a, max, v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--set") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            if (o->n_sets == (int)(sizeof(o->sets) / sizeof(o->sets[0]))) {
                fputs("kikan run: --set: at most 64 overrides\n", stderr);
                return KIKAN_EXIT_USAGE;
            }
            o->sets[o->n_sets++] = v;
        } else if (strcmp(a, "--seed") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_uint64(cmd, a, v, &o->seed)) {
                return KIKAN_EXIT_USAGE;
            }
            o->have_seed = 1;
        } else if (strcmp(a, "--checkpoint-every") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_double(cmd, a, v, &o->ckpt_every)) {
                return KIKAN_EXIT_USAGE;
            }
            if (o->ckpt_every < 0) {
                fprintf(stderr, "kikan run: %s: expected seconds >= 0, got '%s'\n", a, v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (strcmp(a, "--trace") == 0) {
            o->trace = 1;
        } else if (strcmp(a, "--trace-replicate") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            o->trace = 1;
            if (strcmp(v, "worst") == 0 || strcmp(v, "median") == 0) {
                o->trace_which = v[0] == 'w' ? KIKAN_TRACE_WORST : KIKAN_TRACE_MEDIAN;
            } else if (!kikan_cli_parse_int64(cmd, a, v, &o->trace_which) || o->trace_which < 0) {
                if (o->trace_which < 0) {
                    fprintf(stderr,
                            "kikan run: %s: expected a replicate >= 0, worst or median, "
                            "got '%s'\n",
                            a, v);
                }
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--trace-filter") == 0) {
            if ((o->trace_filter = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            o->trace = 1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--resume") == 0) {
            o->resume = 1;
        } else if (strcmp(a, "--by-region") == 0) {
            o->by_region = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option("run", a, usage);
        } else if (o->path == NULL) {
            o->path = a;
        } else {
            fprintf(stderr, "kikan run: one scenario only (got '%s' and '%s')\n", o->path, a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (o->path == NULL) {
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    return -1;
}

/* The timeline of the chosen replicate of each what-if, rendered (output/trace.c). */
static kikan_error_t print_traces(const kikan_model_t *m, const kikan_policy_t *policy,
                                  const kikan_world_t *world, const kikan_results_t *res,
                                  kikan_workspace_t *ws, const run_opts_t *o,
                                  const kikan_trace_filter_t *filter)
{
    kikan_error_t err = KIKAN_OK;
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    FILE *out = o->json ? stderr : stdout; /* standard output stays one JSON object */
    for (int w = 0; w < kikan_model_n_whatifs(m); w++) {
        const int64_t r = kikan_trace_pick(res, w, (int)o->trace_which);
        if (r < 0) {
            KIKAN_FAIL(KIKAN_ENOMEM);
        }
        const char *why = o->trace_which == KIKAN_TRACE_WORST    ? " (worst: the largest "
                                                                   "life-weighted customer-hours)"
                          : o->trace_which == KIKAN_TRACE_MEDIAN ? " (median life-weighted "
                                                                   "customer-hours)"
                                                                 : "";
        fprintf(out, "\n== timeline: what-if %s, replicate %" PRId64 "%s ==\n",
                kikan_results_whatif_name(res, w), r, why);
        KIKAN_CHECK_ALLOC(mem = open_memstream(&buf, &len));
        KIKAN_CHECK(kikan_replicate_trace(m, w, r, policy, ws, mem));
        if (fclose(mem) != 0) {
            mem = NULL;
            KIKAN_FAIL(KIKAN_ENOMEM);
        }
        mem = NULL;
        char label[300];
        snprintf(label, sizeof(label), "what-if %s, replicate %" PRId64,
                 kikan_results_whatif_name(res, w), r);
        KIKAN_CHECK(kikan_trace_render(out, world, buf, len, filter, label));
        free(buf);
        buf = NULL;
    }
cleanup:
    if (mem != NULL) {
        fclose(mem);
    }
    free(buf);
    return err;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/*
 * Run replicates [r0, r1) in blocks of `block`, checkpointing into `ckpt`
 * (NULL: none) at most every `every` seconds and when stopped. `done` marks
 * the blocks already complete (from a checkpoint). KIKAN_EINTERRUPTED when a
 * signal stopped the run (after saving the blocks done).
 */
static kikan_error_t run_blocks(kikan_ctx_t *ctx, const kikan_model_t *m,
                                const kikan_policy_t *policy, kikan_results_t *res, int64_t r0,
                                int64_t r1, int64_t block, uint8_t *done, const char *ckpt,
                                double every)
{
    kikan_error_t err = KIKAN_OK;
    double last = now_seconds();
    int dirty = 0;
    for (int64_t b = r0 / block; b * block < r1; b++) {
        if (done[b]) {
            continue;
        }
        if (stop_signals > 0) {
            err = KIKAN_EINTERRUPTED;
            break;
        }
        const int64_t lo = b * block > r0 ? b * block : r0;
        const int64_t hi = (b + 1) * block < r1 ? (b + 1) * block : r1;
        err = kikan_ensemble_run(ctx, m, policy, lo, hi, res);
        if (err != KIKAN_OK) {
            break;
        }
        done[b] = 1;
        dirty = 1;
        if (ckpt != NULL && now_seconds() - last >= every) {
            KIKAN_CHECK(kikan_h5_checkpoint_write(ctx, ckpt, res, block, done));
            last = now_seconds();
            dirty = 0;
        }
    }
    if (err == KIKAN_EINTERRUPTED && ckpt != NULL && dirty) {
        kikan_error_t e2 = kikan_h5_checkpoint_write(ctx, ckpt, res, block, done);
        if (e2 != KIKAN_OK) {
            err = e2;
        }
    }
    if (err != KIKAN_OK) {
        kikan_error_trace_push(err, __FILE__, __LINE__, __func__);
    }
cleanup:
    return err;
}

static char *concat(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s != NULL) {
        snprintf(s, n, "%s%s", a, b);
    }
    return s;
}

/* Everything one `kikan run` holds, freed together by run_state_free. */
typedef struct {
    run_opts_t o;
    kikan_ctx_t *ctx;
    kikan_scenario_t *sc;
    kikan_world_t *world;
    kikan_model_t *m;
    kikan_results_t *res;
    kikan_workspace_t *ws;
    uint8_t *reg, *cls, *done; /* policy masks; blocks completed */
    char *ckpt;                /* FILE.h5.ckpt, or NULL: no checkpoints */
    kikan_policy_t policy;
    kikan_trace_filter_t trace_filter;
    const char *out_path, *csv_dir; /* the options', else the scenario's */
    int is_csv, rank, nproc;
    int64_t R, block, n_blocks;
} run_state_t;

static void run_state_free(run_state_t *st)
{
    kikan_workspace_free(&st->ws);
    kikan_results_free(&st->res);
    kikan_model_free(&st->m);
    free(st->reg);
    free(st->cls);
    free(st->done);
    free(st->ckpt);
    kikan_world_free(&st->world);
    kikan_scenario_free(&st->sc);
    kikan_ctx_free(&st->ctx);
}

/*
 * Load and compile the scenario with the options applied, and check every
 * output before the run. Returns -1 to go on, an exit code for a usage error,
 * or KIKAN_EXIT_FAILURE with *err set.
 */
static int prepare(run_state_t *st, kikan_error_t *err_out)
{
    const char *cmd = "run";
    kikan_error_t err = KIKAN_OK;
    const run_opts_t *o = &st->o;
    int code = -1;
    KIKAN_CHECK(kikan_ctx_new(&st->ctx));
    kikan_cli_mpi_setup(st->ctx);
    st->rank = kikan_ctx_mpi_rank(st->ctx);
    st->nproc = kikan_ctx_mpi_size(st->ctx);
    kikan_ctx_set_quiet(st->ctx, o->quiet || st->rank != 0);
    if (o->threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(st->ctx, (int)o->threads));
    }
    KIKAN_CHECK(
        kikan_scenario_load_with(st->ctx, o->path, o->sets, o->n_sets, NULL, &st->sc, &st->world));
    kikan_scenario_t *sc = st->sc;
    if (o->replicates > 0) {
        sc->replicates = o->replicates;
    }
    if (o->have_seed) {
        sc->seed = o->seed;
    }
    st->out_path = o->out_path ? o->out_path : sc->out_hdf5;
    st->csv_dir = o->csv_dir ? o->csv_dir : sc->out_csv_dir;
    st->is_csv = st->out_path != NULL && ends_with(st->out_path, ".csv");
    /* every output checked before the run: the format by the extension, the place writable */
    if ((o->out_path != NULL &&
         !kikan_cli_out_format(cmd, o->out_path, KIKAN_OUT_HDF5 | KIKAN_OUT_CSV)) ||
        (st->csv_dir != NULL && !kikan_cli_check_out_dir(cmd, "--csv", st->csv_dir))) {
        return KIKAN_EXIT_USAGE;
    }
    if (o->resume && (st->out_path == NULL || st->is_csv)) {
        fprintf(stderr, "kikan run: --resume needs -o FILE.h5 (the checkpoint is FILE.h5.ckpt)\n");
        return KIKAN_EXIT_USAGE;
    }
    /* refuse unwritable outputs before spending time on the run */
    if (st->out_path != NULL && !st->is_csv) {
        KIKAN_CHECK(kikan_h5_check_writable(st->ctx, st->out_path));
    }
    KIKAN_CHECK(kikan_model_compile(st->ctx, st->world, sc, &st->m));
    KIKAN_CHECK_ALLOC(st->reg = calloc((size_t)kikan_model_n_operators(st->m) + 1, 1));
    KIKAN_CHECK_ALLOC(st->cls = calloc((size_t)kikan_model_n_classes(st->m) + 1, 1));
    KIKAN_CHECK(kikan_policy_from_scenario(st->m, sc, st->reg, st->cls, &st->policy));
    st->R = sc->replicates > 0 ? sc->replicates : 1;
    kikan_trace_filter_init(&st->trace_filter);
    if (o->trace_filter != NULL) {
        KIKAN_CHECK(
            kikan_trace_filter_parse(st->ctx, st->world, o->trace_filter, &st->trace_filter));
    }
    if (o->trace_which >= st->R) {
        fprintf(stderr,
                "kikan run: --trace-replicate %" PRId64 ": the run has replicates 0..%" PRId64 "\n",
                o->trace_which, st->R - 1);
        return KIKAN_EXIT_USAGE;
    }
cleanup:
    if (err != KIKAN_OK) {
        *err_out = err;
        code = KIKAN_EXIT_FAILURE;
    }
    return code;
}

/*
 * The results and the blocks: about 64 per run, so a checkpoint loses little;
 * fixed by the options only, so a resumed run finds the same blocks. With
 * -o FILE.h5 in one process, the checkpoint FILE.h5.ckpt, read back with
 * --resume.
 */
static kikan_error_t start_blocks(run_state_t *st)
{
    kikan_error_t err = KIKAN_OK;
    const run_opts_t *o = &st->o;
    KIKAN_CHECK(kikan_ensemble_results_new(st->m, st->sc, st->R, &st->res));
    KIKAN_CHECK(kikan_cli_stamp_provenance(st->sc, st->res));
    KIKAN_CHECK(kikan_cli_stamp_time(st->res, KIKAN_RESULTS_STARTED));
    st->block = o->block > 0 ? o->block : (st->R + 63) / 64;
    st->n_blocks = (st->R + st->block - 1) / st->block;
    KIKAN_CHECK_ALLOC(st->done = calloc((size_t)st->n_blocks, 1));
    if (st->out_path == NULL || st->is_csv || st->nproc != 1) {
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(st->ckpt = concat(st->out_path, ".ckpt"));
    if (!o->resume) {
        return KIKAN_OK;
    }
    if (access(st->ckpt, F_OK) != 0) {
        if (!o->quiet) {
            fprintf(stderr, "kikan run: no checkpoint %s; starting from the beginning\n", st->ckpt);
        }
        return KIKAN_OK;
    }
    KIKAN_CHECK(kikan_h5_checkpoint_read(st->ctx, st->ckpt, st->res, st->block, st->done));
    int64_t have = 0;
    for (int64_t b = 0; b < st->n_blocks; b++) {
        have += st->done[b];
    }
    if (!o->quiet) {
        fprintf(stderr, "kikan run: resuming from %s: %" PRId64 " of %" PRId64 " blocks done\n",
                st->ckpt, have, st->n_blocks);
    }
cleanup:
    return err;
}

/* This process's share of the replicates, with SIGINT/SIGTERM caught (run_blocks). */
static kikan_error_t run_share(run_state_t *st, int64_t *r0, int64_t *r1)
{
    *r0 = 0;
    *r1 = st->R;
    kikan_mpi_share(st->R, st->rank, st->nproc, r0, r1);
    stop_signals = 0;
    stop_ctx = st->ctx;
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    const kikan_error_t err = run_blocks(st->ctx, st->m, &st->policy, st->res, *r0, *r1, st->block,
                                         st->done, st->ckpt, st->o.ckpt_every);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    stop_ctx = NULL;
    return err;
}

/* Rank 0, after the run: the table or JSON, regions, the files, the traces. */
static kikan_error_t report(run_state_t *st)
{
    kikan_error_t err = KIKAN_OK;
    const run_opts_t *o = &st->o;
    kikan_results_t *res = st->res;
    if (o->json) {
        KIKAN_CHECK(kikan_json_write_summary(stdout, res));
    } else {
        printf("kikan %s run: %s (%s%s), seed %" PRIu64 ", %" PRId64
               " replicates, horizon %.4g h, %d thread(s) x %d process(es)\n",
               KIKAN_VERSION_STRING, st->sc->name, o->path,
               kikan_results_synthetic(res) ? ", synthetic network" : "", kikan_results_seed(res),
               st->R, kikan_model_horizon(st->m), kikan_results_threads(res),
               kikan_results_processes(res));
        KIKAN_CHECK(print_table(res));
    }
    if (o->by_region && kikan_regions_available(res)) {
        /* on stderr with --json, so standard output stays one JSON object */
        KIKAN_CHECK(kikan_regions_print(o->json ? stderr : stdout, res, 10));
    }
    if (st->out_path != NULL && st->is_csv) {
        /* the columns of --csv DIR's sectors.csv; provenance in FILE.provenance.json */
        KIKAN_CHECK(kikan_csv_write_table(st->ctx, st->out_path, "sectors", res));
    } else if (st->out_path != NULL) {
        KIKAN_CHECK(kikan_h5_write(st->ctx, st->out_path, res, st->world, st->sc));
        if (st->ckpt != NULL) {
            unlink(st->ckpt);
        }
        if (!o->json) {
            printf("\nresults: %s\n", st->out_path);
        }
    }
    if (st->csv_dir != NULL) {
        KIKAN_CHECK(kikan_csv_write_summary(st->ctx, st->csv_dir, res));
    }
    if (o->trace) {
        KIKAN_CHECK(kikan_workspace_new(st->m, &st->ws));
        KIKAN_CHECK(print_traces(st->m, &st->policy, st->world, res, st->ws, o,
                                 o->trace_filter != NULL ? &st->trace_filter : NULL));
    }
cleanup:
    return err;
}

int kikan_cmd_run(int argc, char **argv)
{
    run_state_t st = {0};
    st.o.ckpt_every = 5.0;
    int code = parse(argc, argv, &st.o);
    if (code >= 0) {
        return code;
    }
    kikan_error_t err = KIKAN_OK;
    int64_t r0 = 0, r1 = 0;
    code = prepare(&st, &err);
    if (code >= 0) {
        goto cleanup;
    }
    code = KIKAN_EXIT_OK;
    KIKAN_CHECK(start_blocks(&st));
    err = run_share(&st, &r0, &r1);
    if (err == KIKAN_EINTERRUPTED) {
        fprintf(stderr, "kikan run: interrupted; %s\n",
                st.ckpt ? "completed blocks saved: run again with --resume to finish"
                        : "nothing saved (no -o FILE.h5)");
        code = KIKAN_EXIT_FAILURE;
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    KIKAN_CHECK(kikan_mpi_reduce_results(st.ctx, st.res, r0, r1));
    if (st.rank != 0) {
        goto cleanup;
    }
    KIKAN_CHECK(kikan_cli_stamp_time(st.res, KIKAN_RESULTS_FINISHED));
    KIKAN_CHECK(kikan_results_summarize(st.res));
    KIKAN_CHECK(report(&st));
cleanup:
    if (err != KIKAN_OK) {
        code = kikan_cli_report_error("run", st.ctx, err);
    }
    run_state_free(&st);
    return code;
}
