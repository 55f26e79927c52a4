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
        "                       --seed S [--threads T] [--json]\n\n"
        "Threshold cascades (Watts, PNAS 99, 5766, 2002): a vertex fails once the\n"
        "fraction of its failed neighbours reaches PHI (the same for every vertex). Each\n"
        "replicate fails one vertex drawn uniformly and runs the cascade to its end.\n\n"
        "  --er N --z Z    Erdős–Rényi G(N, M) graph, M = round(Z·N/2) distinct edges,\n"
        "                  drawn once from the seed (the same graph for every replicate)\n"
        "  --graph FILE    edge list: one 'u v' pair of 0-based ids per line, '#' comments\n"
        "                  or FILE.graphml / FILE.gml (igraph's readers; vertices in file order)\n"
        "  --n N           number of vertices of FILE (ids must be < N), N >= 1\n"
        "  --phi PHI       threshold, 0 < PHI <= 1\n"
        "  --reps R        replicates, R >= 1\n"
        "  --seed S        seed; replicate r draws from a GSL mt19937 seeded by (S, r),\n"
        "                  so results do not depend on --threads\n"
        "  --threads T     threads (default: all cores)\n"
        "  --json          print a JSON object instead of text\n\n"
        "output: mean_fraction (mean final failed fraction), global_probability (share of\n"
        "replicates whose cascade exceeds 10%% of N).\n"
        "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

int kikan_cmd_threshold(int argc, char **argv)
{
    const char *graph = NULL;
    int64_t n = -1, er_n = -1, reps = -1, threads = 0;
    uint64_t seed = 0;
    double z = -1.0, phi = 0.0;
    int have_z = 0, have_phi = 0, have_seed = 0, json = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
            continue;
        } else if (strcmp(a, "--er") != 0 && strcmp(a, "--z") != 0 && strcmp(a, "--graph") != 0 &&
                   strcmp(a, "--n") != 0 && strcmp(a, "--phi") != 0 && strcmp(a, "--reps") != 0 &&
                   strcmp(a, "--seed") != 0 && strcmp(a, "--threads") != 0) {
            return kikan_cli_unknown_option("threshold", a, usage);
        }
        if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
            return KIKAN_EXIT_USAGE;
        }
        int ok = 1;
        if (strcmp(a, "--er") == 0) {
            ok = kikan_cli_parse_range(CMD, a, v, 1, KIKAN_ID_MAX - 1, &er_n);
        } else if (strcmp(a, "--n") == 0) {
            ok = kikan_cli_parse_range(CMD, a, v, 1, KIKAN_ID_MAX - 1, &n);
        } else if (strcmp(a, "--z") == 0) {
            ok = kikan_cli_parse_double(CMD, a, v, &z);
            if (ok && z < 0.0) {
                fprintf(stderr, "kikan threshold: --z: must be >= 0, got '%s'\n", v);
                ok = 0;
            }
            have_z = 1;
        } else if (strcmp(a, "--graph") == 0) {
            graph = v;
        } else if (strcmp(a, "--phi") == 0) {
            ok = kikan_cli_parse_double(CMD, a, v, &phi);
            if (ok && !(phi > 0.0 && phi <= 1.0)) {
                fprintf(stderr, "kikan threshold: --phi: must be in (0, 1], got '%s'\n", v);
                ok = 0;
            }
            have_phi = 1;
        } else if (strcmp(a, "--reps") == 0) {
            ok = kikan_cli_parse_range(CMD, a, v, 1, INT32_MAX, &reps);
        } else if (strcmp(a, "--seed") == 0) {
            ok = kikan_cli_parse_uint64(CMD, a, v, &seed);
            have_seed = 1;
        } else {
            ok = kikan_cli_parse_range(CMD, a, v, 1, 4096, &threads);
        }
        if (!ok) {
            return KIKAN_EXIT_USAGE;
        }
    }
    int use_er = er_n > 0 || have_z;
    int use_file = graph != NULL || n > 0;
    if (use_er == use_file) {
        fprintf(stderr, "kikan threshold: give either --er N --z Z or --graph FILE --n N "
                        "(see kikan threshold --help)\n");
        return KIKAN_EXIT_USAGE;
    }
    if ((use_er && (er_n < 0 || !have_z)) || (use_file && (graph == NULL || n < 0))) {
        fprintf(stderr, "kikan threshold: %s\n",
                use_er ? "--er needs both N and --z Z" : "--graph needs --n N");
        return KIKAN_EXIT_USAGE;
    }
    if (!have_phi || reps < 0 || !have_seed) {
        fprintf(stderr, "kikan threshold: --phi, --reps and --seed are required "
                        "(see kikan threshold --help)\n");
        return KIKAN_EXIT_USAGE;
    }
    if (use_er && z > (double)(er_n - 1)) {
        fprintf(stderr, "kikan threshold: --z: must be <= N - 1 = %" PRId64 "\n", er_n - 1);
        return KIKAN_EXIT_USAGE;
    }

    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_id_t *edges = NULL, m = 0;
    kikan_csr_t *g = NULL;
    kikan_threshold_result_t res;
    int rc = KIKAN_EXIT_OK;

    KIKAN_CHECK(kikan_ctx_new(&ctx));
    if (threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)threads));
    }
    if (use_er) {
        KIKAN_CHECK(kikan_csr_erdos_renyi(ctx, (kikan_id_t)er_n, z, seed, &g));
    } else {
        KIKAN_CHECK(kikan_edgelist_read(ctx, graph, (kikan_id_t)n, &edges, &m));
        KIKAN_CHECK(kikan_csr_from_edges(ctx, (kikan_id_t)n, m, edges, &g));
    }
    KIKAN_CHECK(kikan_threshold_run(ctx, g, phi, reps, seed, &res, NULL));
    if (json) {
        printf("{\"kikan_version\": \"%s\", \"command\": \"threshold\", \"seed\": %" PRIu64
               ", \"graph\": ",
               KIKAN_VERSION_STRING, seed);
        if (use_er) {
            printf("{\"model\": \"erdos_renyi_gnm\", \"z\": %.17g}", z);
        } else {
            kikan_json_string(stdout, graph);
        }
        printf(", \"n\": %d, \"edges\": %d, \"phi\": %.17g, \"reps\": %" PRId64
               ", \"mean_fraction\": %.17g, \"global_probability\": %.17g}\n",
               (int)g->n, (int)g->m, phi, reps, res.mean_fraction, res.global_probability);
    } else {
        printf("mean_fraction %.17g\nglobal_probability %.17g\n", res.mean_fraction,
               res.global_probability);
    }
cleanup:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    free(edges);
    kikan_csr_free(&g);
    kikan_ctx_free(&ctx);
    return rc;
}
