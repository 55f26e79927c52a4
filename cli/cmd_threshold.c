/*
 * kikan threshold — Watts threshold cascades on an ER graph or an edge list:
 * mean final failed fraction and probability of a global cascade.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/text.h"
#include "kikan/research.h"
#include "kikan/graph_io.h"
#include "commands.h"
#include "research_cli.h"

static const char *CMD = "threshold";

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: kikan threshold (--er N --z Z | --graph FILE --n N) --phi PHI --reps R\n"
        "                       --seed S [--threads T] [--write-graph FILE] [--json]\n\n"
        "Threshold cascades (Watts, PNAS 99, 5766, 2002): a vertex fails once the\n"
        "fraction of its failed neighbours reaches PHI (the same for every vertex). Each\n"
        "replicate fails one vertex drawn uniformly and runs the cascade to its end.\n\n"
        "  --er N --z Z    Erdős–Rényi G(N, M) graph, M = round(Z·N/2) distinct edges,\n"
        "                  drawn once from the seed (the same graph for every replicate;\n"
        "                  network A of kikan percolate --er N --k Z --seed S), Z <= N - 1\n"
        "  --graph FILE    edge list: one 'u v' pair of 0-based ids per line, '#' comments\n"
        "                  or FILE.graphml / FILE.gml (igraph's readers; vertices in file order)\n"
        "  --n N           number of vertices of FILE (ids must be < N), N >= 1\n"
        "  --phi PHI       threshold, 0 < PHI <= 1\n"
        "  --reps R        replicates, R >= 1\n"
        "  --seed S        seed; replicate r draws from a GSL mt19937 seeded by (S, r),\n"
        "                  so results do not depend on --threads\n"
        "  --threads T     threads (default: all cores)\n"
        "  --write-graph FILE  write the graph run on as an edge list (each edge once;\n"
        "                  a file graph after dropping self-loops and merging repeats)\n"
        "  --json          print a JSON object instead of text\n\n"
        "output: mean_fraction (mean final failed fraction), global_probability (share of\n"
        "replicates whose cascade exceeds 10%% of N).\n"
        "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

typedef struct {
    const char *graph, *write_graph;
    int64_t n, er_n, reps, threads;
    uint64_t seed;
    double z, phi;
    int have_z, have_phi, have_seed, json;
} opts_t;

/* One option with its value; 1 ok, 0 bad value (message printed). */
static int parse_value(const char *a, const char *v, opts_t *o)
{
    int ok = 1;
    if (strcmp(a, "--er") == 0) {
        ok = kikan_cli_parse_range(CMD, a, v, 1, KIKAN_ID_MAX - 1, &o->er_n);
    } else if (strcmp(a, "--n") == 0) {
        ok = kikan_cli_parse_range(CMD, a, v, 1, KIKAN_ID_MAX - 1, &o->n);
    } else if (strcmp(a, "--z") == 0) {
        ok = kikan_cli_parse_double(CMD, a, v, &o->z);
        if (ok && o->z < 0.0) {
            fprintf(stderr, "kikan threshold: --z: must be >= 0, got '%s'\n", v);
            ok = 0;
        }
        o->have_z = 1;
    } else if (strcmp(a, "--graph") == 0) {
        o->graph = v;
    } else if (strcmp(a, "--write-graph") == 0) {
        o->write_graph = v;
    } else if (strcmp(a, "--phi") == 0) {
        ok = kikan_cli_parse_double(CMD, a, v, &o->phi);
        if (ok && !(o->phi > 0.0 && o->phi <= 1.0)) {
            fprintf(stderr, "kikan threshold: --phi: must be in (0, 1], got '%s'\n", v);
            ok = 0;
        }
        o->have_phi = 1;
    } else if (strcmp(a, "--reps") == 0) {
        ok = kikan_cli_parse_range(CMD, a, v, 1, INT32_MAX, &o->reps);
    } else if (strcmp(a, "--seed") == 0) {
        ok = kikan_cli_parse_uint64(CMD, a, v, &o->seed);
        o->have_seed = 1;
    } else {
        ok = kikan_cli_parse_range(CMD, a, v, 1, 4096, &o->threads);
    }
    return ok;
}

/* The options taken together; 1 ok, 0 usage error (message printed). */
static int check_options(const opts_t *o)
{
    int use_er = o->er_n > 0 || o->have_z;
    int use_file = o->graph != NULL || o->n > 0;
    if (use_er == use_file) {
        fprintf(stderr, "kikan threshold: give either --er N --z Z or --graph FILE --n N "
                        "(see kikan threshold --help)\n");
        return 0;
    }
    if ((use_er && (o->er_n < 0 || !o->have_z)) || (use_file && (o->graph == NULL || o->n < 0))) {
        fprintf(stderr, "kikan threshold: %s\n",
                use_er ? "--er needs both N and --z Z" : "--graph needs --n N");
        return 0;
    }
    if (!o->have_phi || o->reps < 0 || !o->have_seed) {
        fprintf(stderr, "kikan threshold: --phi, --reps and --seed are required "
                        "(see kikan threshold --help)\n");
        return 0;
    }
    if (use_er && o->z > (double)(o->er_n - 1)) {
        fprintf(stderr, "kikan threshold: --z: must be <= N - 1 = %" PRId64 "\n", o->er_n - 1);
        return 0;
    }
    return o->write_graph == NULL || kikan_cli_check_out_file(CMD, "--write-graph", o->write_graph);
}

/* 0 ok, 1 --help shown, 2 usage error (message printed). */
static int parse_args(int argc, char **argv, opts_t *o)
{
    memset(o, 0, sizeof(*o));
    o->n = o->er_n = o->reps = -1;
    o->z = -1.0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return 1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        } else if (strcmp(a, "--er") != 0 && strcmp(a, "--z") != 0 && strcmp(a, "--graph") != 0 &&
                   strcmp(a, "--n") != 0 && strcmp(a, "--phi") != 0 && strcmp(a, "--reps") != 0 &&
                   strcmp(a, "--seed") != 0 && strcmp(a, "--threads") != 0 &&
                   strcmp(a, "--write-graph") != 0) {
            kikan_cli_unknown_option("threshold", a, usage);
            return 2;
        }
        if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL || !parse_value(a, v, o)) {
            return 2;
        }
    }
    return check_options(o) ? 0 : 2;
}

static void print_result(const opts_t *o, const kikan_graph_t *g,
                         const kikan_threshold_result_t *res)
{
    if (o->json) {
        printf("{\"kikan_version\": \"%s\", \"command\": \"threshold\", \"seed\": %" PRIu64
               ", \"graph\": ",
               KIKAN_VERSION_STRING, o->seed);
        if (o->graph == NULL) {
            printf("{\"model\": \"erdos_renyi_gnm\", \"z\": %.17g}", o->z);
        } else {
            kikan_json_string(stdout, o->graph);
        }
        printf(", \"n\": %d, \"edges\": %d, \"phi\": %.17g, \"reps\": %" PRId64
               ", \"mean_fraction\": %.17g, \"global_probability\": %.17g}\n",
               (int)g->n, (int)g->m, o->phi, o->reps, res->mean_fraction, res->global_probability);
    } else {
        printf("mean_fraction %.17g\nglobal_probability %.17g\n", res->mean_fraction,
               res->global_probability);
    }
}

int kikan_cmd_threshold(int argc, char **argv)
{
    opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc != 0) {
        return rc == 1 ? KIKAN_EXIT_OK : KIKAN_EXIT_USAGE;
    }
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_graph_t *g = NULL;
    kikan_threshold_result_t res;

    KIKAN_CHECK(kikan_ctx_new(&ctx));
    if (o.threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)o.threads));
    }
    if (o.graph == NULL) {
        /* stream 0: the network A of `kikan percolate --er N --k Z --seed S`'s replicate 0 */
        KIKAN_CHECK(kikan_graph_er(ctx, (kikan_id_t)o.er_n, o.z, o.seed, 0, &g));
    } else {
        KIKAN_CHECK(kikan_graph_read(ctx, o.graph, (kikan_id_t)o.n, 0, &g));
    }
    if (o.write_graph != NULL && kikan_graph_write(g, o.write_graph) != KIKAN_OK) {
        kikan_diag_add(ctx, "%s: cannot write", o.write_graph);
        KIKAN_FAIL(KIKAN_EIO);
    }
    KIKAN_CHECK(kikan_threshold_run(ctx, g, o.phi, o.reps, o.seed, &res, NULL));
    print_result(&o, g, &res);
cleanup:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
    return rc;
}
