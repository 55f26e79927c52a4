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
#include <stddef.h>
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
    int64_t er_n, sf_n, file_n; /* as given: -1 when absent */
    double k, gamma;
    int64_t kmin;
    const char *graph_a, *graph_b, *failures, *write_prefix;
    int have_p, have_sweep, have_threads, json, timing, full_search;
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

/* The options: what each one sets in opts_t and how its value is read. */
typedef enum { OPT_FLAG, OPT_INT, OPT_UINT, OPT_DOUBLE, OPT_STRING, OPT_SWEEP } opt_kind_t;
typedef struct {
    const char *name;
    opt_kind_t kind;
    size_t field;   /* offsetof(opts_t, ...) */
    ptrdiff_t seen; /* offsetof the int set to 1 when given, or -1 */
} opt_def_t;

#define FIELD(f) offsetof(opts_t, f)
static const opt_def_t OPTIONS[] = {
    {"--er", OPT_INT, FIELD(er_n), -1},
    {"--sf", OPT_INT, FIELD(sf_n), -1},
    {"--n", OPT_INT, FIELD(file_n), -1},
    {"--k", OPT_DOUBLE, FIELD(k), -1},
    {"--gamma", OPT_DOUBLE, FIELD(gamma), -1},
    {"--kmin", OPT_INT, FIELD(kmin), -1},
    {"--graph-a", OPT_STRING, FIELD(graph_a), -1},
    {"--graph-b", OPT_STRING, FIELD(graph_b), -1},
    {"--p", OPT_DOUBLE, FIELD(p), FIELD(have_p)},
    {"--sweep", OPT_SWEEP, FIELD(sweep), FIELD(have_sweep)},
    {"--coupling", OPT_DOUBLE, FIELD(coupling), -1},
    {"--initial-failures", OPT_STRING, FIELD(failures), -1},
    {"--reps", OPT_INT, FIELD(reps), -1},
    {"--seed", OPT_UINT, FIELD(seed), -1},
    {"--threads", OPT_INT, FIELD(threads), FIELD(have_threads)},
    {"--write-graphs", OPT_STRING, FIELD(write_prefix), -1},
    {"--json", OPT_FLAG, FIELD(json), -1},
    {"--timing", OPT_FLAG, FIELD(timing), -1},
    {"--full-search", OPT_FLAG, FIELD(full_search), -1},
};
#undef FIELD

/* Read option argv[*i] (and its value) into o; 0 ok, 2 usage error (message printed). */
static int parse_option(int argc, char **argv, int *i, opts_t *o)
{
    const char *a = argv[*i];
    const opt_def_t *d = NULL;
    for (size_t j = 0; j < sizeof(OPTIONS) / sizeof(OPTIONS[0]) && d == NULL; j++) {
        d = strcmp(a, OPTIONS[j].name) == 0 ? &OPTIONS[j] : NULL;
    }
    if (d == NULL) {
        kikan_cli_unknown_option(CMD, a, usage);
        return 2;
    }
    char *field = (char *)o + d->field;
    if (d->kind == OPT_FLAG) {
        *(int *)field = 1;
        return 0;
    }
    const char *v = kikan_cli_value(CMD, argc, argv, i);
    int ok = v != NULL;
    if (ok && d->kind == OPT_INT) {
        ok = kikan_cli_parse_int64(CMD, a, v, (int64_t *)field);
    } else if (ok && d->kind == OPT_UINT) {
        ok = kikan_cli_parse_uint64(CMD, a, v, (uint64_t *)field);
    } else if (ok && d->kind == OPT_DOUBLE) {
        ok = kikan_cli_parse_double(CMD, a, v, (double *)field);
    } else if (ok && d->kind == OPT_STRING) {
        *(const char **)field = v;
    } else if (ok) {
        ok = parse_sweep(v, (double *)field);
    }
    if (ok && d->seen >= 0) {
        *(int *)((char *)o + d->seen) = 1;
    }
    return ok ? 0 : 2;
}

/* Exactly one network model, with its parameters; 0 ok, 2 usage error. */
static int check_network(opts_t *o)
{
    int nmodels = (o->er_n >= 0) + (o->sf_n >= 0) + (o->graph_a != NULL || o->graph_b != NULL);
    if (o->er_n < -1 || o->sf_n < -1) {
        fprintf(stderr, "kikan %s: the number of vertices must be >= 0\n", CMD);
        return 2;
    }
    if (nmodels != 1) {
        fprintf(stderr, "kikan %s: give exactly one of --er N, --sf N or --graph-a/--graph-b\n",
                CMD);
        return 2;
    }
    if (o->er_n >= 0) {
        o->model = "er";
        o->n = o->er_n;
        if (isnan(o->k) || o->k < 0) {
            fprintf(stderr, "kikan %s: --er needs --k K (K >= 0)\n", CMD);
            return 2;
        }
        if (o->n > 0 && o->k > (double)(o->n - 1)) {
            fprintf(stderr, "kikan %s: --k %g is too dense for N = %" PRId64 " (at most N - 1)\n",
                    CMD, o->k, o->n);
            return 2;
        }
    } else if (o->sf_n >= 0) {
        o->model = "sf";
        o->n = o->sf_n;
        if (isnan(o->gamma) || o->gamma <= 1.0 || o->kmin < 1) {
            fprintf(stderr, "kikan %s: --sf needs --gamma G (G > 1) and --kmin M (M >= 1)\n", CMD);
            return 2;
        }
        if (o->n > 1 && o->kmin > o->n - 1) {
            fprintf(stderr, "kikan %s: --kmin must be below N\n", CMD);
            return 2;
        }
    } else {
        o->model = "files";
        o->n = o->file_n;
        if (o->graph_a == NULL || o->graph_b == NULL || o->file_n < 0) {
            fprintf(stderr, "kikan %s: --graph-a FILE --graph-b FILE need --n N (N >= 0)\n", CMD);
            return 2;
        }
    }
    if (o->n > KIKAN_ID_MAX - 1) {
        fprintf(stderr, "kikan %s: N = %" PRId64 " is too large\n", CMD, o->n);
        return 2;
    }
    return 0;
}

/* The attack (--p, --sweep or --initial-failures) and the run options; 0 ok, 2 usage error. */
static int check_attack(const opts_t *o)
{
    const char *msg = NULL;
    if (o->have_p && o->have_sweep) {
        msg = "give --p or --sweep, not both";
    } else if (o->failures != NULL && (o->have_sweep || o->have_p)) {
        msg = "--initial-failures replaces --p and --sweep";
    } else if (!o->have_p && !o->have_sweep && o->failures == NULL) {
        msg = "give --p P, --sweep FROM:TO:STEP or --initial-failures";
    } else if (o->have_p && !(o->p >= 0.0 && o->p <= 1.0)) {
        msg = "--p must lie in [0, 1]";
    } else if (!(o->coupling >= 0.0 && o->coupling <= 1.0)) {
        msg = "--coupling must lie in [0, 1]";
    } else if (o->reps < 1 || o->reps > 100000000) {
        msg = "--reps must be at least 1";
    } else if (o->have_threads && (o->threads < 1 || o->threads > 4096)) {
        fprintf(stderr, "kikan %s: --threads: expected 1..4096, got '%" PRId64 "'\n", CMD,
                o->threads);
        return 2;
    }
    if (msg == NULL && o->have_sweep) {
        double from = o->sweep[0], to = o->sweep[1], step = o->sweep[2];
        if (!(from >= 0 && from <= 1 && to >= 0 && to <= 1 && step > 0) ||
            fabs(to - from) / step + 1 > MAX_SWEEP_POINTS) {
            fprintf(stderr,
                    "kikan %s: --sweep: FROM and TO in [0, 1], STEP > 0, at most %d points\n", CMD,
                    MAX_SWEEP_POINTS);
            return 2;
        }
    }
    if (msg != NULL) {
        fprintf(stderr, "kikan %s: %s\n", CMD, msg);
        return 2;
    }
    return 0;
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
    o->er_n = o->sf_n = o->file_n = -1;
    o->k = NAN;
    o->gamma = NAN;
    o->kmin = -1;
    for (int i = 1; i < argc; i++) {
        if (kikan_cli_is_help(argv[i])) {
            usage(stdout);
            return 1;
        }
        if (parse_option(argc, argv, &i, o) != 0) {
            return 2;
        }
    }
    if (check_network(o) != 0 || check_attack(o) != 0) {
        return 2;
    }
    if (o->write_prefix != NULL) { /* its files' directory, before any work */
        char path[4096];
        snprintf(path, sizeof(path), "%s-a.edges", o->write_prefix);
        if (!kikan_cli_check_out_file(CMD, "--write-graphs", path)) {
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
    kikan_graph_t *ga = NULL, *gb = NULL;
    kikan_id_t *perm = NULL;
    char path[4096];
    const kikan_graph_t *a = spec->a, *b = spec->b;
    /* replicate r draws A from stream 2r and B from stream 2r + 1 */
    if (spec->kind == KIKAN_PERC_ER) {
        KIKAN_CHECK(kikan_graph_er(ctx, spec->n, spec->k, spec->seed, 0, &ga));
        KIKAN_CHECK(kikan_graph_er(ctx, spec->n, spec->k, spec->seed, 1, &gb));
        a = ga;
        b = gb;
    } else if (spec->kind == KIKAN_PERC_SF) {
        KIKAN_CHECK(kikan_graph_sf(ctx, spec->n, spec->gamma, spec->kmin, spec->seed, 0, &ga));
        KIKAN_CHECK(kikan_graph_sf(ctx, spec->n, spec->gamma, spec->kmin, spec->seed, 1, &gb));
        a = ga;
        b = gb;
    }
    const char *suffix[2] = {"a.edges", "b.edges"};
    const kikan_graph_t *g[2] = {a, b};
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof(path), "%s-%s", o->write_prefix, suffix[i]);
        err = kikan_graph_write(g[i], path);
        if (err != KIKAN_OK) {
            kikan_diag_add(ctx, "%s: cannot write", path);
            KIKAN_FAIL(err);
        }
    }
    snprintf(path, sizeof(path), "%s-failures.txt", o->write_prefix);
    const kikan_id_t *ids = spec->initial;
    kikan_id_t nids = spec->ninitial;
    if (ids == NULL) { /* the same draws as kikan_perc_run's replicate 0 */
        KIKAN_CHECK(kikan_perc_removal_order(spec, 0, spec->p[0], &perm, &nids));
        ids = perm;
    }
    err = kikan_idlines_write(path, ids, nids);
    if (err != KIKAN_OK) {
        kikan_diag_add(ctx, "%s: cannot write", path);
        KIKAN_FAIL(err);
    }
cleanup:
    free(perm);
    kikan_graph_free(&ga);
    kikan_graph_free(&gb);
    return err;
}

/* What one run holds: the spec and everything it borrows, owned here. */
typedef struct {
    kikan_perc_spec_t spec;
    kikan_graph_t *ga, *gb; /* --graph-a/--graph-b */
    kikan_id_t *initial, ninitial;
    double *pts; /* the p values */
    kikan_id_t np;
} run_t;

static void run_free(run_t *r)
{
    kikan_graph_free(&r->ga);
    kikan_graph_free(&r->gb);
    free(r->initial);
    free(r->pts);
}

/* After reading an input file: 1 if it was good; else print its diagnostics, set *exit_code, 0. */
static int input_status(kikan_ctx_t *ctx, kikan_error_t err, int *exit_code)
{
    if (err == KIKAN_OK) {
        return 1;
    }
    kikan_diag_print(ctx, stderr);
    *exit_code = err == KIKAN_ENOMEM ? KIKAN_EXIT_FAILURE : KIKAN_EXIT_USAGE;
    return 0;
}

/* Fill r->spec from the options, reading the files it names. Returns KIKAN_OK
 * with *exit_code set (and diagnostics printed) when an input file is bad. */
static kikan_error_t build_run(kikan_ctx_t *ctx, const opts_t *o, run_t *r, int *exit_code)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_spec_t *spec = &r->spec;
    kikan_id_t n = (kikan_id_t)o->n;
    spec->n = n;
    spec->coupling = o->coupling;
    spec->reps = (kikan_id_t)o->reps;
    spec->seed = o->seed;
    spec->full_search = o->full_search;
    if (strcmp(o->model, "er") == 0) {
        spec->kind = KIKAN_PERC_ER;
        spec->k = o->k;
    } else if (strcmp(o->model, "sf") == 0) {
        spec->kind = KIKAN_PERC_SF;
        spec->gamma = o->gamma;
        spec->kmin = (kikan_id_t)o->kmin;
    } else {
        spec->kind = KIKAN_PERC_GIVEN;
        /* read both, so that one run reports the problems of both files */
        kikan_error_t err_a = kikan_graph_read(ctx, o->graph_a, n, 1, &r->ga);
        kikan_error_t err_b = kikan_graph_read(ctx, o->graph_b, n, 1, &r->gb);
        if (!input_status(ctx, err_a != KIKAN_OK ? err_a : err_b, exit_code)) {
            return KIKAN_OK;
        }
        spec->a = r->ga;
        spec->b = r->gb;
    }
    if (o->failures != NULL) {
        err = kikan_perc_read_ids(ctx, o->failures, n, &r->initial, &r->ninitial);
        if (!input_status(ctx, err, exit_code)) {
            return KIKAN_OK;
        }
        spec->initial = r->initial;
        spec->ninitial = r->ninitial;
    }
    if (o->have_sweep) {
        r->pts = sweep_points(o, &r->np);
        KIKAN_CHECK_ALLOC(r->pts);
    } else {
        r->pts = malloc(sizeof(double));
        KIKAN_CHECK_ALLOC(r->pts);
        /* with --initial-failures, p is the fraction the list leaves (repeats counted) */
        r->pts[0] = o->have_p ? o->p : (n > 0 ? 1.0 - (double)r->ninitial / (double)n : 1.0);
        r->np = 1;
    }
    spec->p = r->pts;
    spec->np = r->np;
cleanup:
    return err;
}

static void print_json(const opts_t *o, const run_t *r, const kikan_perc_summary_t *sum,
                       int threads, double total)
{
    const double *pts = r->pts;
    kikan_id_t n = r->spec.n;
    double p_c = kikan_perc_collapse_point(pts, sum->mu_mean, r->np);
    printf("{\"kikan_version\": \"%s\", \"command\": \"percolate\", \"seed\": %" PRIu64
           ", \"threads\": %d,\n",
           KIKAN_VERSION_STRING, o->seed, threads);
    if (r->spec.kind == KIKAN_PERC_ER) {
        printf(" \"network\": {\"model\": \"er\", \"n\": %" PRId32 ", \"k\": %.17g},\n", n, o->k);
    } else if (r->spec.kind == KIKAN_PERC_SF) {
        printf(" \"network\": {\"model\": \"sf\", \"n\": %" PRId32
               ", \"gamma\": %.17g, \"kmin\": %" PRId64 "},\n",
               n, o->gamma, o->kmin);
    } else {
        printf(" \"network\": {\"model\": \"files\", \"n\": %" PRId32 "},\n", n);
    }
    printf(" \"coupling\": %.17g, \"reps\": %" PRId64 ", \"initial_failures\": %" PRId32 ",\n",
           o->coupling, o->reps, r->ninitial);
    printf(" \"p\": %.10g, \"mu\": %.17g, \"mu_sd\": %.17g, \"rounds\": %.17g,\n", pts[0],
           sum->mu_mean[0], sum->mu_sd[0], sum->rounds_mean[0]);
    if (o->have_sweep) {
        printf(" \"curve\": [");
        for (kikan_id_t i = 0; i < r->np; i++) {
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
    printf(" \"full_search\": %s,\n", o->full_search ? "true" : "false");
    printf(" \"cascade_seconds\": %.6f, \"cascade_cpu_seconds\": %.6f, \"generate_seconds\": "
           "%.6f, \"total_seconds\": %.6f}\n",
           sum->cascade_seconds, sum->cascade_cpu_seconds, sum->generate_seconds, total);
}

static void print_text(const opts_t *o, const run_t *r, const kikan_perc_summary_t *sum,
                       int threads)
{
    kikan_id_t n = r->spec.n;
    double p_c = kikan_perc_collapse_point(r->pts, sum->mu_mean, r->np);
    printf("kikan %s percolate: interdependent percolation (Buldyrev et al. 2010)\n",
           KIKAN_VERSION_STRING);
    if (r->spec.kind == KIKAN_PERC_ER) {
        printf("networks: two Erdos-Renyi G(N, M), N = %" PRId32 ", <k> = %g\n", n, o->k);
    } else if (r->spec.kind == KIKAN_PERC_SF) {
        printf("networks: two scale-free, N = %" PRId32 ", gamma = %g, kmin = %" PRId64 "\n", n,
               o->gamma, o->kmin);
    } else {
        printf("networks: %s and %s, N = %" PRId32 "\n", o->graph_a, o->graph_b, n);
    }
    printf("coupling q = %g, replicates = %" PRId64 ", seed = %" PRIu64 ", threads = %d\n",
           o->coupling, o->reps, o->seed, threads);
    if (o->failures != NULL) {
        printf("initial failures: %" PRId32 " vertices from %s\n", r->ninitial, o->failures);
    }
    printf("\n%10s %12s %12s %10s\n", "p", "mu", "mu_sd", "rounds");
    for (kikan_id_t i = 0; i < r->np; i++) {
        printf("%10.4f %12.6f %12.6f %10.2f\n", r->pts[i], sum->mu_mean[i], sum->mu_sd[i],
               sum->rounds_mean[i]);
    }
    if (o->have_sweep && !isnan(p_c)) {
        printf("\np_c (midpoint of the largest change of mu) = %.4f\n", p_c);
    }
}

int kikan_cmd_percolate(int argc, char **argv)
{
    opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        return rc == 1 ? KIKAN_EXIT_OK : KIKAN_EXIT_USAGE;
    }
    double t_start = omp_get_wtime();
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    run_t run = {0};
    kikan_perc_summary_t *sum = NULL;
    int exit_code = KIKAN_EXIT_OK;

    KIKAN_CHECK(kikan_ctx_new(&ctx));
    if (o.threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)o.threads));
    }
    KIKAN_CHECK(build_run(ctx, &o, &run, &exit_code));
    if (exit_code != KIKAN_EXIT_OK) {
        goto cleanup;
    }
    if (o.write_prefix != NULL && write_inputs(ctx, &o, &run.spec) != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
        exit_code = KIKAN_EXIT_FAILURE;
        goto cleanup;
    }
    KIKAN_CHECK(kikan_perc_run(ctx, &run.spec, &sum));
    double total = omp_get_wtime() - t_start;
    int threads = kikan_ctx_threads(ctx);
    if (o.json) {
        print_json(&o, &run, sum, threads, total);
    } else {
        print_text(&o, &run, sum, threads);
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
    run_free(&run);
    kikan_ctx_free(&ctx);
    return exit_code;
}
