/*
 * `kikan scope SCENARIO`: the scope analysis (include/kikan/scope.h) on a
 * scenario's world — threshold sweeps per sector, the efficient frontier,
 * the recommendation under a budget, small-but-critical operators and the
 * equipment-class ranking — as tables on the terminal or one JSON object.
 *
 * DESIGN: the command only parses options, loads and compiles, and prints;
 * everything else is library code so that tests and the HDF5 writer see the
 * same results. -o FILE.json writes the JSON object to a file; -o FILE.h5 (any
 * other name) writes a self-contained results file: the scenario's ensemble
 * (as `kikan run` would compute it: the scenario's replicates, seed and
 * screening) plus /scope with the analysis, so `kikan report FILE.h5` shows
 * both. The ensemble costs one more run of the scenario's replicates.
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
    fputs("usage: kikan scope SCENARIO [-o FILE] [--budget N] [--replicates N] [--seed S]\n"
          "                   [--threads T] [--measure people|weighted|economic|records]\n"
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
          "  -o FILE          FILE.json: the JSON object; FILE.h5 (or .hdf5): an HDF5 results\n"
          "                   file: the scenario's ensemble (as kikan run) plus /scope;\n"
          "                   another extension is refused before the analysis\n"
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

int kikan_cmd_scope(int argc, char **argv)
{
    const char *path = NULL, *out_path = NULL;
    int json = 0, quiet = 0, rc = KIKAN_EXIT_OK;
    int64_t threads = 0, budget = 0, replicates = 0, stability = 2, bootstrap = 200, attacker = 1;
    uint64_t seed = 0;
    int seed_set = 0, n_sets = 0;
    const char *policy = NULL;
    double budget_cost = 0.0;
    int sensitivity = 0;
    int64_t sens_replicates = 32, trajectories = 4;
    const char *sets[64];
    kikan_scope_measure_t measure = KIKAN_SCOPE_LIFE_WEIGHTED;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((out_path = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--budget") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, &budget)) {
                return KIKAN_EXIT_USAGE;
            }
            if (budget < 1 || budget > INT32_MAX) {
                fprintf(stderr, "kikan scope: --budget: expected a positive count, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--replicates") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, &replicates)) {
                return KIKAN_EXIT_USAGE;
            }
            if (replicates < 1 || replicates > ((int64_t)1 << 31)) {
                fprintf(stderr, "kikan scope: --replicates: expected 1 .. 2^31, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--stability") == 0 || strcmp(a, "--bootstrap") == 0) {
            int64_t *dst = a[2] == 's' ? &stability : &bootstrap;
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, dst)) {
                return KIKAN_EXIT_USAGE;
            }
            if (*dst < 0 || *dst > 100000) {
                fprintf(stderr, "kikan scope: %s: expected 0 .. 100000, got '%s'\n", a, v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--attacker-budget") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, &attacker)) {
                return KIKAN_EXIT_USAGE;
            }
            if (attacker < 1 || attacker > 1000) {
                fprintf(stderr, "kikan scope: %s: expected 1 .. 1000, got '%s'\n", a, v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--sensitivity") == 0) {
            sensitivity = 1;
        } else if (strcmp(a, "--sens-replicates") == 0 || strcmp(a, "--trajectories") == 0) {
            int64_t *dst = a[2] == 's' ? &sens_replicates : &trajectories;
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, dst)) {
                return KIKAN_EXIT_USAGE;
            }
            if (*dst < (a[2] == 's' ? 1 : 0) || *dst > 100000) {
                fprintf(stderr, "kikan scope: %s: out of range: '%s'\n", a, v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--budget-cost") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_double(CMD, a, v, &budget_cost)) {
                return KIKAN_EXIT_USAGE;
            }
            if (!(budget_cost > 0) || budget_cost > 1e300) {
                fprintf(stderr,
                        "kikan scope: --budget-cost: expected a positive number, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--evaluate") == 0) {
            if ((policy = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--set") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            if (n_sets == (int)(sizeof(sets) / sizeof(sets[0]))) {
                fputs("kikan scope: --set: at most 64 overrides\n", stderr);
                return KIKAN_EXIT_USAGE;
            }
            sets[n_sets++] = v;
        } else if (strcmp(a, "--seed") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_uint64(CMD, a, v, &seed)) {
                return KIKAN_EXIT_USAGE;
            }
            seed_set = 1;
        } else if (strcmp(a, "--threads") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, &threads)) {
                return KIKAN_EXIT_USAGE;
            }
            if (threads < 1 || threads > 4096) {
                fprintf(stderr, "kikan scope: --threads: expected 1 .. 4096, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--measure") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            if (kikan_scope_measure_parse(v, &measure) != KIKAN_OK) {
                fprintf(stderr,
                        "kikan scope: --measure: expected people, weighted, economic, records "
                        "or customer_hours, got '%s'\n",
                        v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option("scope", a, usage);
        } else if (path == NULL) {
            path = a;
        } else {
            fprintf(stderr, "kikan scope: one scenario expected, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (path == NULL) {
        fputs("kikan scope: missing SCENARIO\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    /* the format by the extension: never an HDF5 file named .csv */
    const int out_fmt =
        out_path != NULL ? kikan_cli_out_format(CMD, out_path, KIKAN_OUT_HDF5 | KIKAN_OUT_JSON) : 0;
    if (out_path != NULL && out_fmt == 0) {
        return KIKAN_EXIT_USAGE;
    }
    const int out_h5 = out_fmt == KIKAN_OUT_HDF5;

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
    kikan_ctx_set_quiet(ctx, quiet || json || rank != 0);
    if (threads > 0 && (err = kikan_ctx_set_threads(ctx, (int)threads)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    /* refuse an unwritable output before spending time on the analysis */
    if (out_h5 && (err = kikan_h5_check_writable(ctx, out_path)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if ((err = kikan_scenario_load_with(ctx, path, sets, n_sets, policy, &sc, &world)) !=
        KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (seed_set) {
        sc->seed = seed;
    }
    if ((err = kikan_model_compile(ctx, world, sc, &m)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    kikan_scope_options_t opt;
    kikan_scope_options_default(&opt);
    opt.measure = measure;
    if (replicates > 0) {
        opt.replicates = replicates;
    } else if (sc->replicates > 0 && sc->replicates < opt.replicates) {
        opt.replicates = sc->replicates; /* a scenario asking for fewer gets fewer */
    }
    if (budget > 0) {
        opt.budget = (int)budget;
    }
    opt.stability_seeds = (int)stability;
    opt.attacker_budget = (int)attacker;
    opt.evaluate = policy != NULL;
    if (budget_cost > 0) {
        opt.cost_budget = budget_cost;
        opt.budget_burden = 1;
    }
    opt.bootstrap = (int)bootstrap;
    const double t0 = omp_get_wtime();
    if ((err = kikan_scope_run(ctx, m, sc, &opt, &res)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (sensitivity) {
        kikan_scope_options_t so = opt;
        so.replicates = sens_replicates;
        if ((err = kikan_scope_result_attach_sensitivity(ctx, world, sc, &so, (int)trajectories,
                                                         res)) != KIKAN_OK) {
            rc = kikan_cli_report_error(CMD, ctx, err);
            goto done;
        }
    }
    const double elapsed = omp_get_wtime() - t0;
    if (rank != 0) {
        /* its share of the -o ensemble, then rank 0 writes */
        err = out_h5 ? write_h5(ctx, NULL, m, sc, world, res) : KIKAN_OK;
        if (err != KIKAN_OK) {
            rc = kikan_cli_report_error(CMD, ctx, err);
        }
        goto done;
    }
    err = json ? kikan_scope_json_write(stdout, world, res) : kikan_scope_print(stdout, world, res);
    if (err == KIKAN_OK && out_h5) {
        err = write_h5(ctx, out_path, m, sc, world, res);
        if (err == KIKAN_OK && !quiet) {
            fprintf(stderr, "kikan scope: results with /scope written to %s\n", out_path);
        }
    } else if (err == KIKAN_OK && out_path != NULL) {
        FILE *f = fopen(out_path, "w");
        if (f == NULL) {
            fprintf(stderr, "kikan scope: -o %s: cannot open for writing\n", out_path);
            rc = KIKAN_EXIT_FAILURE;
            goto done;
        }
        err = kikan_scope_json_write(f, world, res);
        if (fclose(f) != 0 && err == KIKAN_OK) {
            err = KIKAN_EIO;
        }
    }
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (!quiet) {
        fprintf(stderr,
                "kikan scope: %lld simulations (%lld reused) in %.2f s on %d thread(s) x %d "
                "process(es)\n",
                (long long)kikan_scope_result_simulations(res),
                (long long)kikan_scope_result_simulations_reused(res), elapsed,
                kikan_ctx_threads(ctx), kikan_ctx_mpi_size(ctx));
    }
done:
    kikan_scope_result_free(&res);
    kikan_model_free(&m);
    kikan_world_free(&world);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
    return rc;
}
