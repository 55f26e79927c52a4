/*
 * `kikan percolate`: interdependent percolation on two coupled networks
 * (Buldyrev et al., Nature 464, 1025 (2010); partial coupling: Parshani,
 * Buldyrev, Havlin, PRL 105, 048701 (2010)). Generated ER or scale-free
 * networks, or two edge-list files; one p or a sweep; a readable table or one
 * JSON object. Timing of the cascade phase is reported separately from the
 * whole process so benchmarks can compare like with like.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "kikan/percolation.h"
#include "kikan/version.h"
#include "commands.h"

static const char *const CMD = "percolate";
enum { MAX_SWEEP_POINTS = 100000 };

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: kikan percolate NETWORKS (--p P | --sweep FROM:TO:STEP | --initial-failures FILE)\n"
        "                       [OPTIONS]\n"
        "\n"
        "Interdependent percolation (Buldyrev et al., Nature 464, 2010; partial coupling:\n"
        "Parshani et al., PRL 105, 048701, 2010). Vertex i of network A depends on vertex\n"
        "i of B and back (a random fraction q of the pairs with --coupling q). A fraction\n"
        "1-p of A's vertices is removed; then each network keeps only its giant component\n"
        "and kills the partners of what it lost, to a fixed point. mu is the fraction of N\n"
        "left in A's giant component (the mutual giant component when q = 1).\n"
        "\n"
        "networks (one of):\n"
        "  --er N --k K               two independent Erdos-Renyi G(N, M), M = round(K N/2)\n"
        "  --sf N --gamma G --kmin M  two configuration-model graphs, P(k) ~ k^-G, k >= M\n"
        "  --graph-a FILE --graph-b FILE --n N\n"
        "                             edge lists: 'u v' per line, 0-based ids < N, '#' comments,\n"
        "                             or FILE.graphml / FILE.gml (igraph; vertices in file order)\n"
        "attack:\n"
        "  --p P                      keep a random fraction P of A's vertices\n"
        "  --sweep FROM:TO:STEP       one run per p (the removal order is shared, so the\n"
        "                             removed sets are nested); reports the curve and p_c\n"
        "  --initial-failures FILE    remove these A vertices (0-based ids, one per line)\n"
        "                             instead of a random fraction of them\n"
        "options:\n"
        "  --coupling Q               fraction of interdependent pairs, drawn per replicate (1)\n"
        "  --reps R                   replicates (1); each draws its own graphs (ER/SF),\n"
        "                             removal order and coupled pairs from (seed, replicate)\n"
        "  --seed S                   random seed (1)\n"
        "  --threads T                OpenMP threads (all cores); results do not depend on T\n"
        "  --json                     print one JSON object: mu, mu_sd, rounds (mean A-steps),\n"
        "                             cascade_seconds...; with --sweep also curve and p_c\n"
        "                             (top-level mu/mu_sd/rounds are the first sweep point's)\n"
        "  --timing                   print the cascade, generation and total times to stderr\n"
        "  --full-search              benchmark baseline: relabel every component at every\n"
        "                             step instead of repairing (same mu, slower)\n"
        "  --write-graphs PREFIX      write replicate 0's networks to PREFIX-a.edges and\n"
        "                             PREFIX-b.edges and its removed A vertices (first p) to\n"
        "                             PREFIX-failures.txt, then run as usual\n"
        "  --help                     this text\n"
        "\n"
        "p_c is the midpoint of the two consecutive sweep points with the largest change of\n"
        "mu. Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

typedef struct {
    const char *model; /* "er", "sf", "files" */
    int64_t n;
    double k, gamma;
    int64_t kmin;
    const char *graph_a, *graph_b, *failures, *write_prefix;
    int have_p, have_sweep, json, timing, full_search;
    double p, sweep[3];
    double coupling;
    int64_t reps, threads;
    uint64_t seed;
} opts_t;

static int parse_sweep(const char *s, double out[3])
{
    char buf[256];
    if (strlen(s) >= sizeof(buf)) {
        return 0;
    }
    strcpy(buf, s);
    char *c1 = strchr(buf, ':');
    char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c1 == NULL || c2 == NULL || strchr(c2 + 1, ':') != NULL) {
        fprintf(stderr, "kikan %s: --sweep: expected FROM:TO:STEP, got '%s'\n", CMD, s);
        return 0;
    }
    *c1 = '\0';
    *c2 = '\0';
    return kikan_cli_parse_double(CMD, "--sweep FROM", buf, &out[0]) &&
           kikan_cli_parse_double(CMD, "--sweep TO", c1 + 1, &out[1]) &&
           kikan_cli_parse_double(CMD, "--sweep STEP", c2 + 1, &out[2]);
}

/* 0 ok, 1 --help shown, 2 usage error (message printed). */
static int parse_args(int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->coupling = 1.0;
    o->reps = 1;
    o->seed = 1;
    o->threads = 0;
    o->n = -1;
    o->k = NAN;
    o->gamma = NAN;
    o->kmin = -1;
    int64_t er_n = -1, sf_n = -1, file_n = -1;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return 1;
        }
#define VALUE()                                                                                    \
    do {                                                                                           \
        v = kikan_cli_value(CMD, argc, argv, &i);                                                  \
        if (v == NULL) {                                                                           \
            return 2;                                                                              \
        }                                                                                          \
    } while (0)
        if (strcmp(a, "--er") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &er_n)) {
                return 2;
            }
        } else if (strcmp(a, "--sf") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &sf_n)) {
                return 2;
            }
        } else if (strcmp(a, "--n") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &file_n)) {
                return 2;
            }
        } else if (strcmp(a, "--k") == 0) {
            VALUE();
            if (!kikan_cli_parse_double(CMD, a, v, &o->k)) {
                return 2;
            }
        } else if (strcmp(a, "--gamma") == 0) {
            VALUE();
            if (!kikan_cli_parse_double(CMD, a, v, &o->gamma)) {
                return 2;
            }
        } else if (strcmp(a, "--kmin") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &o->kmin)) {
                return 2;
            }
        } else if (strcmp(a, "--graph-a") == 0) {
            VALUE();
            o->graph_a = v;
        } else if (strcmp(a, "--graph-b") == 0) {
            VALUE();
            o->graph_b = v;
        } else if (strcmp(a, "--p") == 0) {
            VALUE();
            if (!kikan_cli_parse_double(CMD, a, v, &o->p)) {
                return 2;
            }
            o->have_p = 1;
        } else if (strcmp(a, "--sweep") == 0) {
            VALUE();
            if (!parse_sweep(v, o->sweep)) {
                return 2;
            }
            o->have_sweep = 1;
        } else if (strcmp(a, "--coupling") == 0) {
            VALUE();
            if (!kikan_cli_parse_double(CMD, a, v, &o->coupling)) {
                return 2;
            }
        } else if (strcmp(a, "--initial-failures") == 0) {
            VALUE();
            o->failures = v;
        } else if (strcmp(a, "--reps") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &o->reps)) {
                return 2;
            }
        } else if (strcmp(a, "--seed") == 0) {
            VALUE();
            if (!kikan_cli_parse_uint64(CMD, a, v, &o->seed)) {
                return 2;
            }
        } else if (strcmp(a, "--threads") == 0) {
            VALUE();
            if (!kikan_cli_parse_int64(CMD, a, v, &o->threads)) {
                return 2;
            }
            if (o->threads < 1 || o->threads > 4096) {
                fprintf(stderr, "kikan %s: --threads: expected 1..4096, got '%s'\n", CMD, v);
                return 2;
            }
        } else if (strcmp(a, "--write-graphs") == 0) {
            VALUE();
            o->write_prefix = v;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--timing") == 0) {
            o->timing = 1;
        } else if (strcmp(a, "--full-search") == 0) {
            o->full_search = 1;
        } else {
            return kikan_cli_unknown_option(CMD, a, usage);
        }
#undef VALUE
    }
    int nmodels = (er_n >= 0) + (sf_n >= 0) + (o->graph_a != NULL || o->graph_b != NULL);
    if (er_n < -1 || sf_n < -1) {
        fprintf(stderr, "kikan %s: the number of vertices must be >= 0\n", CMD);
        return 2;
    }
    if (nmodels != 1) {
        fprintf(stderr, "kikan %s: give exactly one of --er N, --sf N or --graph-a/--graph-b\n",
                CMD);
        return 2;
    }
    if (er_n >= 0) {
        o->model = "er";
        o->n = er_n;
        if (isnan(o->k) || o->k < 0) {
            fprintf(stderr, "kikan %s: --er needs --k K (K >= 0)\n", CMD);
            return 2;
        }
    } else if (sf_n >= 0) {
        o->model = "sf";
        o->n = sf_n;
        if (isnan(o->gamma) || o->gamma <= 1.0 || o->kmin < 1) {
            fprintf(stderr, "kikan %s: --sf needs --gamma G (G > 1) and --kmin M (M >= 1)\n", CMD);
            return 2;
        }
    } else {
        o->model = "files";
        o->n = file_n;
        if (o->graph_a == NULL || o->graph_b == NULL || file_n < 0) {
            fprintf(stderr, "kikan %s: --graph-a FILE --graph-b FILE need --n N (N >= 0)\n", CMD);
            return 2;
        }
    }
    if (o->n > KIKAN_ID_MAX - 1) {
        fprintf(stderr, "kikan %s: N = %" PRId64 " is too large\n", CMD, o->n);
        return 2;
    }
    if (o->have_p && o->have_sweep) {
        fprintf(stderr, "kikan %s: give --p or --sweep, not both\n", CMD);
        return 2;
    }
    if (o->failures != NULL && (o->have_sweep || o->have_p)) {
        fprintf(stderr, "kikan %s: --initial-failures replaces --p and --sweep\n", CMD);
        return 2;
    }
    if (!o->have_p && !o->have_sweep && o->failures == NULL) {
        fprintf(stderr, "kikan %s: give --p P, --sweep FROM:TO:STEP or --initial-failures\n", CMD);
        return 2;
    }
    if (o->have_p && !(o->p >= 0.0 && o->p <= 1.0)) {
        fprintf(stderr, "kikan %s: --p must lie in [0, 1]\n", CMD);
        return 2;
    }
    if (!(o->coupling >= 0.0 && o->coupling <= 1.0)) {
        fprintf(stderr, "kikan %s: --coupling must lie in [0, 1]\n", CMD);
        return 2;
    }
    if (o->reps < 1 || o->reps > 100000000) {
        fprintf(stderr, "kikan %s: --reps must be at least 1\n", CMD);
        return 2;
    }
    if (o->have_sweep) {
        double from = o->sweep[0], to = o->sweep[1], step = o->sweep[2];
        if (!(from >= 0 && from <= 1 && to >= 0 && to <= 1 && step > 0) ||
            fabs(to - from) / step + 1 > MAX_SWEEP_POINTS) {
            fprintf(stderr,
                    "kikan %s: --sweep: FROM and TO in [0, 1], STEP > 0, at most %d points\n", CMD,
                    MAX_SWEEP_POINTS);
            return 2;
        }
    }
    return 0;
}

/* The sweep's p values (FROM towards TO in steps of STEP, TO included when hit). */
static double *sweep_points(const opts_t *o, kikan_id_t *np)
{
    double from = o->sweep[0], to = o->sweep[1], step = o->sweep[2];
    double dir = to >= from ? 1.0 : -1.0;
    kikan_id_t count = (kikan_id_t)floor(fabs(to - from) / step + 1e-9) + 1;
    double *p = malloc((size_t)count * sizeof(double));
    if (p == NULL) {
        return NULL;
    }
    for (kikan_id_t i = 0; i < count; i++) {
        p[i] = from + dir * step * (double)i;
        if (fabs(p[i] - to) < 1e-9 * step) {
            p[i] = to;
        }
        p[i] = p[i] < 0 ? 0 : (p[i] > 1 ? 1 : p[i]);
    }
    *np = count;
    return p;
}

/* Write replicate 0's inputs (the same draws kikan_perc_run makes) for the benchmark peers. */
static kikan_error_t write_inputs(kikan_ctx_t *ctx, const opts_t *o, const kikan_perc_spec_t *spec)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_graph_t *ga = NULL, *gb = NULL;
    kikan_id_t *perm = NULL;
    char path[4096];
    const kikan_perc_graph_t *a = spec->a, *b = spec->b;
    if (spec->kind == KIKAN_PERC_ER) {
        KIKAN_CHECK(kikan_perc_graph_er(ctx, spec->n, spec->k, spec->seed, 0, &ga));
        KIKAN_CHECK(kikan_perc_graph_er(ctx, spec->n, spec->k, spec->seed, 1, &gb));
        a = ga;
        b = gb;
    } else if (spec->kind == KIKAN_PERC_SF) {
        KIKAN_CHECK(kikan_perc_graph_sf(ctx, spec->n, spec->gamma, spec->kmin, spec->seed, 0, &ga));
        KIKAN_CHECK(kikan_perc_graph_sf(ctx, spec->n, spec->gamma, spec->kmin, spec->seed, 1, &gb));
        a = ga;
        b = gb;
    }
    const char *suffix[2] = {"a.edges", "b.edges"};
    const kikan_perc_graph_t *g[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s-%s", o->write_prefix, suffix[i]);
        err = kikan_perc_graph_write(g[i], path);
        if (err != KIKAN_OK) {
            kikan_diag_add(ctx, "%s: cannot write", path);
            KIKAN_FAIL(err);
        }
    }
    snprintf(path, sizeof(path), "%s-failures.txt", o->write_prefix);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        kikan_diag_add(ctx, "%s: cannot write", path);
        KIKAN_FAIL(KIKAN_EIO);
    }
    if (spec->initial != NULL) {
        for (kikan_id_t i = 0; i < spec->ninitial; i++) {
            fprintf(f, "%" PRId32 "\n", spec->initial[i]);
        }
    } else {
        /* the same draws as kikan_perc_run's replicate 0 */
        kikan_id_t nrm = 0;
        err = kikan_perc_removal_order(spec, 0, spec->p[0], &perm, &nrm);
        if (err == KIKAN_OK) {
            for (kikan_id_t i = 0; i < nrm; i++) {
                fprintf(f, "%" PRId32 "\n", perm[i]);
            }
        }
    }
    if (fclose(f) != 0 && err == KIKAN_OK) {
        err = KIKAN_EIO;
    }
    KIKAN_CHECK(err);
cleanup:
    free(perm);
    kikan_perc_graph_free(&ga);
    kikan_perc_graph_free(&gb);
    return err;
}

int kikan_cmd_percolate(int argc, char **argv)
{
    opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc == 1) {
        return KIKAN_EXIT_OK;
    }
    if (rc != 0) {
        return KIKAN_EXIT_USAGE;
    }
    double t_start = omp_get_wtime();
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_perc_graph_t *ga = NULL, *gb = NULL;
    kikan_id_t *initial = NULL, ninitial = 0;
    double *pts = NULL;
    kikan_id_t np = 0;
    kikan_perc_summary_t *sum = NULL;
    int exit_code = KIKAN_EXIT_OK;

    KIKAN_CHECK(kikan_ctx_new(&ctx));
    if (o.threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)o.threads));
    }
    kikan_id_t n = (kikan_id_t)o.n;
    kikan_perc_spec_t spec = {0};
    spec.n = n;
    spec.coupling = o.coupling;
    spec.reps = (kikan_id_t)o.reps;
    spec.seed = o.seed;
    spec.full_search = o.full_search;
    if (strcmp(o.model, "er") == 0) {
        spec.kind = KIKAN_PERC_ER;
        spec.k = o.k;
        if (n > 1 && round(o.k * n / 2.0) > (double)n * (n - 1.0) / 4.0) {
            fprintf(stderr, "kikan %s: --k %g is too dense for N = %" PRId32 " (at most (N-1)/2)\n",
                    CMD, o.k, n);
            exit_code = KIKAN_EXIT_USAGE;
            goto cleanup;
        }
    } else if (strcmp(o.model, "sf") == 0) {
        spec.kind = KIKAN_PERC_SF;
        spec.gamma = o.gamma;
        spec.kmin = (kikan_id_t)o.kmin;
        if (n > 1 && o.kmin > n - 1) {
            fprintf(stderr, "kikan %s: --kmin must be below N\n", CMD);
            exit_code = KIKAN_EXIT_USAGE;
            goto cleanup;
        }
    } else {
        spec.kind = KIKAN_PERC_GIVEN;
        err = kikan_perc_graph_read(ctx, o.graph_a, n, &ga);
        kikan_error_t err_b = kikan_perc_graph_read(ctx, o.graph_b, n, &gb);
        if (err == KIKAN_OK) {
            err = err_b;
        }
        if (err != KIKAN_OK) {
            kikan_diag_print(ctx, stderr);
            exit_code = err == KIKAN_ENOMEM ? KIKAN_EXIT_FAILURE : KIKAN_EXIT_USAGE;
            err = KIKAN_OK;
            goto cleanup;
        }
        spec.a = ga;
        spec.b = gb;
    }
    if (o.failures != NULL) {
        err = kikan_perc_read_ids(ctx, o.failures, n, &initial, &ninitial);
        if (err != KIKAN_OK) {
            kikan_diag_print(ctx, stderr);
            exit_code = err == KIKAN_ENOMEM ? KIKAN_EXIT_FAILURE : KIKAN_EXIT_USAGE;
            err = KIKAN_OK;
            goto cleanup;
        }
        spec.initial = initial;
        spec.ninitial = ninitial;
    }
    if (o.have_sweep) {
        pts = sweep_points(&o, &np);
        KIKAN_CHECK_ALLOC(pts);
    } else {
        pts = malloc(sizeof(double));
        KIKAN_CHECK_ALLOC(pts);
        /* with --initial-failures, p is the fraction the list leaves (repeats counted) */
        pts[0] = o.have_p ? o.p : (n > 0 ? 1.0 - (double)ninitial / (double)n : 1.0);
        np = 1;
    }
    spec.p = pts;
    spec.np = np;
    if (o.write_prefix != NULL) {
        err = write_inputs(ctx, &o, &spec);
        if (err != KIKAN_OK) {
            kikan_diag_print(ctx, stderr);
            exit_code = KIKAN_EXIT_FAILURE;
            err = KIKAN_OK;
            goto cleanup;
        }
    }
    KIKAN_CHECK(kikan_perc_run(ctx, &spec, &sum));
    double total = omp_get_wtime() - t_start;
    double p_c = kikan_perc_collapse_point(pts, sum->mu_mean, np);
    int threads = kikan_ctx_threads(ctx);
    if (o.json) {
        printf("{\"kikan_version\": \"%s\", \"command\": \"percolate\", \"seed\": %" PRIu64
               ", \"threads\": %d,\n",
               KIKAN_VERSION_STRING, o.seed, threads);
        if (spec.kind == KIKAN_PERC_ER) {
            printf(" \"network\": {\"model\": \"er\", \"n\": %" PRId32 ", \"k\": %.17g},\n", n,
                   o.k);
        } else if (spec.kind == KIKAN_PERC_SF) {
            printf(" \"network\": {\"model\": \"sf\", \"n\": %" PRId32
                   ", \"gamma\": %.17g, \"kmin\": %" PRId64 "},\n",
                   n, o.gamma, o.kmin);
        } else {
            printf(" \"network\": {\"model\": \"files\", \"n\": %" PRId32 "},\n", n);
        }
        printf(" \"coupling\": %.17g, \"reps\": %" PRId64 ", \"initial_failures\": %" PRId32 ",\n",
               o.coupling, o.reps, ninitial);
        printf(" \"p\": %.10g, \"mu\": %.17g, \"mu_sd\": %.17g, \"rounds\": %.17g,\n", pts[0],
               sum->mu_mean[0], sum->mu_sd[0], sum->rounds_mean[0]);
        if (o.have_sweep) {
            printf(" \"curve\": [");
            for (kikan_id_t i = 0; i < np; i++) {
                printf("%s\n  {\"p\": %.10g, \"mu\": %.17g, \"mu_sd\": %.17g, \"rounds\": %.17g}",
                       i ? "," : "", pts[i], sum->mu_mean[i], sum->mu_sd[i], sum->rounds_mean[i]);
            }
            printf("],\n");
            if (isnan(p_c)) {
                printf(" \"p_c\": null,\n");
            } else {
                printf(" \"p_c\": %.10g,\n", p_c);
            }
        }
        printf(" \"full_search\": %s,\n", o.full_search ? "true" : "false");
        printf(" \"cascade_seconds\": %.6f, \"cascade_cpu_seconds\": %.6f, \"generate_seconds\": "
               "%.6f, \"total_seconds\": %.6f}\n",
               sum->cascade_seconds, sum->cascade_cpu_seconds, sum->generate_seconds, total);
    } else {
        printf("kikan %s percolate: interdependent percolation (Buldyrev et al. 2010)\n",
               KIKAN_VERSION_STRING);
        if (spec.kind == KIKAN_PERC_ER) {
            printf("networks: two Erdos-Renyi G(N, M), N = %" PRId32 ", <k> = %g\n", n, o.k);
        } else if (spec.kind == KIKAN_PERC_SF) {
            printf("networks: two scale-free, N = %" PRId32 ", gamma = %g, kmin = %" PRId64 "\n", n,
                   o.gamma, o.kmin);
        } else {
            printf("networks: %s and %s, N = %" PRId32 "\n", o.graph_a, o.graph_b, n);
        }
        printf("coupling q = %g, replicates = %" PRId64 ", seed = %" PRIu64 ", threads = %d\n",
               o.coupling, o.reps, o.seed, threads);
        if (o.failures != NULL) {
            printf("initial failures: %" PRId32 " vertices from %s\n", ninitial, o.failures);
        }
        printf("\n%10s %12s %12s %10s\n", "p", "mu", "mu_sd", "rounds");
        for (kikan_id_t i = 0; i < np; i++) {
            printf("%10.4f %12.6f %12.6f %10.2f\n", pts[i], sum->mu_mean[i], sum->mu_sd[i],
                   sum->rounds_mean[i]);
        }
        if (o.have_sweep && !isnan(p_c)) {
            printf("\np_c (midpoint of the largest change of mu) = %.4f\n", p_c);
        }
    }
    if (o.timing) {
        fprintf(stderr,
                "kikan percolate: cascade_seconds=%.6f cascade_cpu_seconds=%.6f "
                "generate_seconds=%.6f total_seconds=%.6f\n",
                sum->cascade_seconds, sum->cascade_cpu_seconds, sum->generate_seconds, total);
    }
cleanup:
    if (err != KIKAN_OK) {
        exit_code = kikan_cli_report_error(CMD, ctx, err);
    }
    kikan_perc_summary_free(&sum);
    kikan_perc_graph_free(&ga);
    kikan_perc_graph_free(&gb);
    free(initial);
    free(pts);
    kikan_ctx_free(&ctx);
    return exit_code;
}
