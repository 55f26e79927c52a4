/*
 * kikan load — Motter–Lai load-redistribution cascade on an edge-list graph.
 * Prints the number of failed vertices and the surviving giant component.
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

static const char *CMD = "load";

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: kikan load --graph FILE --n N --alpha A --attack highest|vertex:ID\n"
        "                  [--threads T] [--json]\n\n"
        "Load-redistribution cascade (Motter & Lai, PRE 66, 065102, 2002). The load of a\n"
        "vertex is its shortest-path betweenness (unweighted, undirected, endpoints\n"
        "excluded); its capacity is (1 + A) times its initial load. After the attack the\n"
        "loads of the survivors are recomputed and every overloaded vertex fails at once,\n"
        "until none is overloaded.\n\n"
        "  --graph FILE   edge list: one 'u v' pair of 0-based ids per line, '#' comments\n"
        "                 or FILE.graphml / FILE.gml (igraph's readers; vertices in file order)\n"
        "  --n N          number of vertices (ids must be < N), N >= 1\n"
        "  --alpha A      tolerance parameter, A >= 0\n"
        "  --attack WHAT  'highest' (vertex of highest initial load, lowest id on ties)\n"
        "                 or 'vertex:ID'\n"
        "  --threads T    threads for the betweenness computation (default: all cores)\n"
        "  --json         print a JSON object instead of text\n\n"
        "output: failed (vertices removed, the attacked one included), giant (largest\n"
        "component of the survivors / N), attacked, rounds.\n"
        "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

int kikan_cmd_load(int argc, char **argv)
{
    const char *graph = NULL, *attack_s = NULL;
    int64_t n = -1, threads = 0;
    double alpha = -1.0;
    int have_alpha = 0, json = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "--graph") == 0) {
            if ((graph = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--n") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_range(CMD, a, v, 1, KIKAN_ID_MAX - 1, &n)) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--alpha") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_double(CMD, a, v, &alpha)) {
                return KIKAN_EXIT_USAGE;
            }
            if (alpha < 0.0) {
                fprintf(stderr, "kikan load: --alpha: must be >= 0, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
            have_alpha = 1;
        } else if (strcmp(a, "--attack") == 0) {
            if ((attack_s = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--threads") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_range(CMD, a, v, 1, 4096, &threads)) {
                return KIKAN_EXIT_USAGE;
            }
        } else {
            return kikan_cli_unknown_option("load", a, usage);
        }
    }
    if (graph == NULL || n < 0 || !have_alpha || attack_s == NULL) {
        fprintf(stderr, "kikan load: --graph, --n, --alpha and --attack are required "
                        "(see kikan load --help)\n");
        return KIKAN_EXIT_USAGE;
    }
    kikan_id_t attack = KIKAN_LOAD_ATTACK_HIGHEST;
    if (strcmp(attack_s, "highest") == 0) {
        attack = KIKAN_LOAD_ATTACK_HIGHEST;
    } else if (strncmp(attack_s, "vertex:", 7) == 0) {
        int64_t id = 0;
        if (!kikan_cli_parse_range(CMD, "--attack vertex:ID", attack_s + 7, 0, n - 1, &id)) {
            return KIKAN_EXIT_USAGE;
        }
        attack = (kikan_id_t)id;
    } else {
        fprintf(stderr, "kikan load: --attack: expected 'highest' or 'vertex:ID', got '%s'\n",
                attack_s);
        return KIKAN_EXIT_USAGE;
    }

    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    kikan_graph_t *g = NULL;
    kikan_load_result_t res;
    int rc = KIKAN_EXIT_OK;

    KIKAN_CHECK(kikan_ctx_new(&ctx));
    if (threads > 0) {
        KIKAN_CHECK(kikan_ctx_set_threads(ctx, (int)threads));
    }
    KIKAN_CHECK(kikan_graph_read(ctx, graph, (kikan_id_t)n, 0, &g));
    KIKAN_CHECK(kikan_load_cascade(ctx, g, alpha, attack, &res, NULL));
    if (json) {
        printf("{\"kikan_version\": \"%s\", \"command\": \"load\", \"seed\": null, \"graph\": ",
               KIKAN_VERSION_STRING);
        kikan_json_string(stdout, graph);
        printf(", \"n\": %d, \"edges\": %d, \"alpha\": %.17g, \"attack\": ", (int)g->n, (int)g->m,
               alpha);
        kikan_json_string(stdout, attack_s);
        printf(", \"attacked\": %d, \"failed\": %d, \"rounds\": %d, \"giant_size\": %d, "
               "\"giant\": %.17g}\n",
               (int)res.attacked, (int)res.failed, (int)res.rounds, (int)res.giant,
               res.giant_fraction);
    } else {
        printf("attacked %d\nfailed %d\nrounds %d\ngiant %.17g\n", (int)res.attacked,
               (int)res.failed, (int)res.rounds, res.giant_fraction);
    }
cleanup:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
    return rc;
}
