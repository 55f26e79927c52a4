/*
 * `kikan scope SCENARIO`: the scope analysis (include/kikan/scope.h) on a
 * scenario's world — threshold sweeps per sector, the efficient frontier,
 * the recommendation under a budget, small-but-critical operators and the
 * equipment-class ranking — as tables on the terminal or one JSON object.
 *
 * DESIGN: the command only parses options, loads and compiles, and prints;
 * everything else is library code so that tests and the HDF5 writer see the
 * same results. -o FILE.json writes the JSON object to a file; -o FILE.csv
 * the frontier table (what a spreadsheet user opening one file wants: the
 * trade-off and the thresholds of each point; the other tables with --csv DIR);
 * -o FILE.h5 writes a self-contained results file: the scenario's ensemble
 * (as `kikan run` would compute it: the scenario's replicates, seed and
 * screening) plus /scope with the analysis, so `kikan report FILE.h5` shows
 * both. The ensemble costs one more run of the scenario's replicates. Every
 * output is written atomically and every output path is checked before the
 * analysis starts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <omp.h>
#include "kikan/output.h"
#include "kikan/scope.h"
#include "commands.h"

static const char *const CMD = "scope";

static void usage(FILE *f)
{
    fputs("usage: kikan scope SCENARIO [-o FILE] [--csv DIR] [--budget N] [--replicates N]\n"
          "                   [--seed S] [--threads T]\n"
          "                   [--measure people|weighted|economic|records]\n"
          "                   [--stability K] [--bootstrap B] [--set KEY=VALUE]...\n"
          "                   [--evaluate POLICY.yaml] [--budget-cost B]\n"
          "                   [--sensitivity [--sens-replicates N] [--trajectories T]]\n"
          "                   [--attacker-budget K] [--json] [--quiet]\n"
          "\n"
          "Which operators, of which size, and which equipment classes to regulate: sweeps\n"
          "the size thresholds of scope.criteria per sector, builds the efficient frontier\n"
          "(operators regulated vs. expected impact removed, on common random numbers),\n"
          "recommends thresholds under the budget, flags small operators whose systemic\n"
          "impact is far above their size, and ranks equipment classes.\n"
          "\n"
          "  -o FILE          FILE.json: the JSON object; FILE.csv: the frontier table\n"
          "                   (the columns of --csv DIR's frontier.csv; provenance in\n"
          "                   FILE.provenance.json); FILE.h5 (or .hdf5): an HDF5 results\n"
          "                   file: the scenario's ensemble (as kikan run) plus /scope;\n"
          "                   another extension is refused before the analysis\n"
          "  --csv DIR        write the scope tables as CSV into DIR (frontier, sweeps,\n"
          "                   recommended_operators, frontier_operators,\n"
          "                   small_but_critical, classes, worst_case,\n"
          "                   sensitivity (with --sensitivity); units in\n"
          "                   DIR/provenance.json); DIR must exist\n"
          "  --budget N       operators the screening may regulate (default: scope.budget);\n"
          "                   recommends the smallest frontier point not significantly\n"
          "                   worse than the best within it (none: the first point\n"
          "                   removing 90% of the frontier's maximum)\n"
          "  --replicates N   replicates per policy and what-if (default: 128, or the\n"
          "                   scenario's replicates when fewer)\n"
          "  --seed S         override the scenario's seed\n"
          "  --threads T      OpenMP threads (default: all cores)\n"
          "  --measure M      the impact the scope removes: weighted (default: life-weighted\n"
          "                   person-hours), people (person-hours without service),\n"
          "                   economic (loss, JPY), records (people's records exposed);\n"
          "                   customer_hours (each sector's own unit) for comparison\n"
          "  --stability K    rerun the sweep with K other seeds (seed+1 .. seed+K) and\n"
          "                   report how often each recommended threshold recurs\n"
          "                   (default 2; 0: bootstrap only)\n"
          "  --bootstrap B    bootstrap resamples of the replicates for the same\n"
          "                   stability (default 200; 0: none)\n"
          "  --set KEY=VALUE  override one value of the scenario by its key path\n"
          "                   (screening.effectiveness=0.6,\n"
          "                   whatifs[2].events[0].probability=0.3); validated like\n"
          "                   the file and recorded in the outputs; repeatable\n"
          "  --budget-cost B  a budget of burden in screening-days (scope.burden: fixed\n"
          "                   per operator + per installation of the screened classes)\n"
          "                   instead of a count of operators\n"
          "  --sensitivity    vary each uncertain input over its stated range, one at a\n"
          "                   time and with Morris trajectories, and report how the\n"
          "                   removed share and the recommended thresholds move\n"
          "  --sens-replicates N  replicates per sensitivity setting (default 32)\n"
          "  --trajectories T Morris trajectories (default 4)\n"
          "  --evaluate P     evaluate a policy file's screening (rules and named\n"
          "                   operators; scenarios/policies/) against the frontier: who\n"
          "                   it regulates, what it removes, the frontier point of the\n"
          "                   same burden and whom that point swaps in and out\n"
          "  --attacker-budget K  compromises of the threat portfolio an adversary\n"
          "                   combines for the worst case (default 1: exact; K > 1: a\n"
          "                   greedy choice, harms summed per replicate)\n"
          "  --json           print one JSON object instead of the tables\n"
          "  --quiet          no progress or summary lines on stderr\n",
          f);
}

/* The scenario's ensemble (its replicates, seed, screening; as `kikan run`) plus /scope,
   written to `path` (NULL on MPI ranks other than 0: they run their share only). */
static kikan_error_t write_h5(kikan_ctx_t *ctx, const char *path, const kikan_model_t *m,
                              const kikan_scenario_t *sc, const kikan_world_t *world,
                              const kikan_scope_result_t *scope)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *res = NULL;
    KIKAN_CHECK(kikan_cli_run_scenario(ctx, m, sc, &res));
    if (path != NULL) { /* NULL: a rank other than 0, which only ran its share */
        KIKAN_CHECK(kikan_h5_write_scope(ctx, path, scope, res, world, sc));
    }
cleanup:
    kikan_results_free(&res);
    return err;
}

/* The command line, parsed. */
typedef struct {
    const char *path, *out_path, *csv_dir, *policy;
    int json, quiet, seed_set, n_sets, sensitivity;
    int out_fmt; /* KIKAN_OUT_* of -o, 0 without */
    int64_t threads, budget, replicates, stability, bootstrap, attacker, sens_replicates,
        trajectories;
    uint64_t seed;
    double budget_cost;
    const char *sets[64];
    kikan_scope_measure_t measure;
} opts_t;

/* An integer option: its value in lo .. hi, else a message and 0. */
static int int_option(const char *a, const char *v, int64_t *dst, int64_t lo, int64_t hi)
{
    if (!kikan_cli_parse_int64(CMD, a, v, dst)) {
        return 0;
    }
    if (*dst < lo || *dst > hi) {
        fprintf(stderr, "kikan scope: %s: expected %lld .. %lld, got '%s'\n", a, (long long)lo,
                (long long)hi, v);
        return 0;
    }
    return 1;
}

/* One option taking a value (argv[*i] is the option). -1: not one of these; else 1 (taken)
   or 0 (bad: a message was printed). */
static int value_option(int argc, char **argv, int *i, opts_t *o)
{
    const char *a = argv[*i];
    const struct {
        const char *name;
        int64_t *dst, lo, hi;
    } ints[] = {{"--budget", &o->budget, 1, INT32_MAX},
                {"--replicates", &o->replicates, 1, (int64_t)1 << 31},
                {"--stability", &o->stability, 0, 100000},
                {"--bootstrap", &o->bootstrap, 0, 100000},
                {"--attacker-budget", &o->attacker, 1, 1000},
                {"--sens-replicates", &o->sens_replicates, 1, 100000},
                {"--trajectories", &o->trajectories, 0, 100000},
                {"--threads", &o->threads, 1, 4096}};
    const char *const strs[] = {"-o",    "--output", "--csv",     "--evaluate",
                                "--set", "--seed",   "--measure", "--budget-cost"};
    int k = -1, is_int = 0;
    for (int j = 0; j < (int)(sizeof(ints) / sizeof(ints[0])); j++) {
        k = strcmp(a, ints[j].name) == 0 ? (is_int = 1, j) : k;
    }
    for (int j = 0; k < 0 && j < (int)(sizeof(strs) / sizeof(strs[0])); j++) {
        k = strcmp(a, strs[j]) == 0 ? j : k;
    }
    if (k < 0) {
        return -1;
    }
    const char *v = kikan_cli_value(CMD, argc, argv, i);
    if (v == NULL) {
        return 0;
    }
    if (is_int) {
        return int_option(a, v, ints[k].dst, ints[k].lo, ints[k].hi);
    }
    if (k <= 1) {
        o->out_path = v;
    } else if (k == 2) {
        o->csv_dir = v;
    } else if (k == 3) {
        o->policy = v;
    } else if (k == 4) {
        if (o->n_sets == (int)(sizeof(o->sets) / sizeof(o->sets[0]))) {
            fputs("kikan scope: --set: at most 64 overrides\n", stderr);
            return 0;
        }
        o->sets[o->n_sets++] = v;
    } else if (k == 5) {
        o->seed_set = 1;
        return kikan_cli_parse_uint64(CMD, a, v, &o->seed);
    } else if (k == 6) {
        if (kikan_scope_measure_parse(v, &o->measure) != KIKAN_OK) {
            fprintf(stderr,
                    "kikan scope: --measure: expected people, weighted, economic, records "
                    "or customer_hours, got '%s'\n",
                    v);
            return 0;
        }
    } else if (!kikan_cli_parse_double(CMD, a, v, &o->budget_cost)) {
        return 0;
    } else if (!(o->budget_cost > 0) || o->budget_cost > 1e300) {
        fprintf(stderr, "kikan scope: --budget-cost: expected a positive number, got '%s'\n", v);
        return 0;
    }
    return 1;
}

/* Parse the command line into *o; -1 to go on, else the exit code (help, usage error). */
static int parse_args(int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->stability = 2;
    o->bootstrap = 200;
    o->attacker = 1;
    o->sens_replicates = 32;
    o->trajectories = 4;
    o->measure = KIKAN_SCOPE_LIFE_WEIGHTED;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        int taken;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = 1;
        } else if (strcmp(a, "--sensitivity") == 0) {
            o->sensitivity = 1;
        } else if ((taken = value_option(argc, argv, &i, o)) >= 0) {
            if (taken == 0) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option("scope", a, usage);
        } else if (o->path == NULL) {
            o->path = a;
        } else {
            fprintf(stderr, "kikan scope: one scenario expected, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (o->path == NULL) {
        fputs("kikan scope: missing SCENARIO\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    /* every output path before any work: the format by the extension (never an HDF5 file
       named .csv), a writable directory for -o and --csv */
    if (o->out_path != NULL &&
        (o->out_fmt = kikan_cli_out_format(CMD, o->out_path,
                                           KIKAN_OUT_HDF5 | KIKAN_OUT_JSON | KIKAN_OUT_CSV)) == 0) {
        return KIKAN_EXIT_USAGE;
    }
    if (o->csv_dir != NULL && !kikan_cli_check_out_dir(CMD, "--csv", o->csv_dir)) {
        return KIKAN_EXIT_USAGE;
    }
    return -1;
}

/* The analysis options from the command line and the scenario. */
static void scope_options(const opts_t *o, const kikan_scenario_t *sc, kikan_scope_options_t *opt)
{
    kikan_scope_options_default(opt);
    opt->measure = o->measure;
    if (o->replicates > 0) {
        opt->replicates = o->replicates;
    } else if (sc->replicates > 0 && sc->replicates < opt->replicates) {
        opt->replicates = sc->replicates; /* a scenario asking for fewer gets fewer */
    }
    if (o->budget > 0) {
        opt->budget = (int)o->budget;
    }
    opt->stability_seeds = (int)o->stability;
    opt->attacker_budget = (int)o->attacker;
    opt->evaluate = o->policy != NULL;
    if (o->budget_cost > 0) {
        opt->cost_budget = o->budget_cost;
        opt->budget_burden = 1;
    }
    opt->bootstrap = (int)o->bootstrap;
}

/* The scenario loaded (with --set and --evaluate), its seed overridden, compiled. */
static kikan_error_t load(kikan_ctx_t *ctx, const opts_t *o, kikan_scenario_t **sc,
                          kikan_world_t **world, kikan_model_t **m)
{
    kikan_error_t err =
        kikan_scenario_load_with(ctx, o->path, o->sets, o->n_sets, o->policy, sc, world);
    if (err != KIKAN_OK) {
        return err;
    }
    if (o->seed_set) {
        (*sc)->seed = o->seed;
    }
    return kikan_model_compile(ctx, *world, *sc, m);
}

/* The analysis, and the sensitivity when asked. */
static kikan_error_t analyse(kikan_ctx_t *ctx, const opts_t *o, const kikan_model_t *m,
                             kikan_scenario_t *sc, kikan_world_t *world, kikan_scope_result_t **res)
{
    kikan_scope_options_t opt;
    scope_options(o, sc, &opt);
    kikan_error_t err = kikan_scope_run(ctx, m, sc, &opt, res);
    if (err == KIKAN_OK && o->sensitivity) {
        kikan_scope_options_t so = opt;
        so.replicates = o->sens_replicates;
        err =
            kikan_scope_result_attach_sensitivity(ctx, world, sc, &so, (int)o->trajectories, *res);
    }
    return err;
}

/* Rank 0's outputs: the tables or JSON on stdout, then -o and --csv. */
static kikan_error_t write_outputs(kikan_ctx_t *ctx, const opts_t *o, const kikan_model_t *m,
                                   const kikan_scenario_t *sc, const kikan_world_t *world,
                                   const kikan_scope_result_t *res)
{
    kikan_error_t err = o->json ? kikan_scope_json_write(stdout, world, res)
                                : kikan_scope_print(stdout, world, res);
    if (err != KIKAN_OK) {
        return err;
    }
    if (o->out_fmt == KIKAN_OUT_HDF5) {
        err = write_h5(ctx, o->out_path, m, sc, world, res);
    } else if (o->out_fmt == KIKAN_OUT_JSON) {
        err = kikan_scope_json_write_file(ctx, o->out_path, world, res);
    } else if (o->out_fmt == KIKAN_OUT_CSV) {
        err = kikan_scope_csv_write_table(ctx, o->out_path, NULL, world, res);
    }
    if (err == KIKAN_OK && o->out_path != NULL && !o->quiet) {
        fprintf(stderr, "kikan scope: %s written to %s\n",
                o->out_fmt == KIKAN_OUT_HDF5  ? "results with /scope"
                : o->out_fmt == KIKAN_OUT_CSV ? "the frontier table"
                                              : "the JSON object",
                o->out_path);
    }
    if (err == KIKAN_OK && o->csv_dir != NULL) {
        err = kikan_scope_csv_write(ctx, o->csv_dir, world, res);
        if (err == KIKAN_OK && !o->quiet) {
            fprintf(stderr, "kikan scope: CSV tables written to %s\n", o->csv_dir);
        }
    }
    return err;
}

int kikan_cmd_scope(int argc, char **argv)
{
    opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        return rc;
    }
    rc = KIKAN_EXIT_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *world = NULL;
    kikan_model_t *m = NULL;
    kikan_scope_result_t *res = NULL;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        return kikan_cli_report_error(CMD, NULL, err);
    }
    kikan_cli_mpi_setup(ctx);
    /* under mpirun the ranks share the simulations (sim/scope.c); rank 0 alone reports */
    const int rank = kikan_ctx_mpi_rank(ctx);
    kikan_ctx_set_quiet(ctx, o.quiet || o.json || rank != 0);
    if (o.threads > 0 && (err = kikan_ctx_set_threads(ctx, (int)o.threads)) != KIKAN_OK) {
        goto done;
    }
    /* refuse an unwritable output before spending time on the analysis */
    if (o.out_fmt == KIKAN_OUT_HDF5 &&
        (err = kikan_h5_check_writable(ctx, o.out_path)) != KIKAN_OK) {
        goto done;
    }
    if ((err = load(ctx, &o, &sc, &world, &m)) != KIKAN_OK) {
        goto done;
    }
    const double t0 = omp_get_wtime();
    if ((err = analyse(ctx, &o, m, sc, world, &res)) != KIKAN_OK) {
        goto done;
    }
    const double elapsed = omp_get_wtime() - t0;
    if (rank != 0) {
        /* its share of the -o ensemble, then rank 0 writes */
        err = o.out_fmt == KIKAN_OUT_HDF5 ? write_h5(ctx, NULL, m, sc, world, res) : KIKAN_OK;
        goto done;
    }
    if ((err = write_outputs(ctx, &o, m, sc, world, res)) != KIKAN_OK) {
        goto done;
    }
    if (!o.quiet) {
        fprintf(stderr,
                "kikan scope: %lld simulations (%lld reused) in %.2f s on %d thread(s) x %d "
                "process(es)\n",
                (long long)kikan_scope_result_simulations(res),
                (long long)kikan_scope_result_simulations_reused(res), elapsed,
                kikan_ctx_threads(ctx), kikan_ctx_mpi_size(ctx));
    }
done:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    kikan_scope_result_free(&res);
    kikan_model_free(&m);
    kikan_world_free(&world);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
    return rc;
}
