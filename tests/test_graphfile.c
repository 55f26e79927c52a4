/*
 * GraphML and GML input (scenarios/graphfile.c, igraph's readers) for the
 * research commands: the same network given as an edge list, as GraphML and
 * as GML reads as the same edges, and percolates (Buldyrev et al. 2010),
 * loads (Motter & Lai) and cascades (Watts) with the same results to the
 * last digit (same seed: the commands cannot tell the inputs apart, so the
 * tolerance is zero). Bad files give "FILE: message" diagnostics and exit 2.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/graph_io.h"
#include "kikan/structure.h"
#include "models/world_impl.h"
#include "scenarios/graphfile.h"
#include "tests/testutil.h"

enum { N = 300, M = 700 };

static char *dir;
static char pa[3][1024], pb[3][1024]; /* [edges, graphml, gml] */

/* Two random graphs (a fixed LCG: no library RNG) written in the three formats. */
static void write_graphs(void)
{
    static const char *ext[3] = {"edges", "graphml", "gml"};
    uint64_t x = 2385;
    for (int g = 0; g < 2; g++) {
        FILE *f[3];
        for (int k = 0; k < 3; k++) {
            snprintf(g ? pb[k] : pa[k], 1024, "%s/%c.%s", dir, g ? 'b' : 'a', ext[k]);
            f[k] = fopen(g ? pb[k] : pa[k], "w");
            CU_ASSERT_FATAL(f[k] != NULL);
        }
        fputs("# test graph\n", f[0]);
        fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
              "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
              "<graph id=\"G\" edgedefault=\"undirected\">\n",
              f[1]);
        fputs("graph [\n  directed 0\n", f[2]);
        for (int i = 0; i < N; i++) {
            fprintf(f[1], "<node id=\"n%d\"/>\n", i);
            fprintf(f[2], "  node [ id %d ]\n", 1000 + i); /* GML ids need not be 0-based */
        }
        for (int e = 0; e < M; e++) {
            int u, v;
            do {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                u = (int)((x >> 33) % N);
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                v = (int)((x >> 33) % N);
            } while (u == v);
            fprintf(f[0], "%d %d\n", u, v);
            fprintf(f[1], "<edge source=\"n%d\" target=\"n%d\"/>\n", u, v);
            fprintf(f[2], "  edge [ source %d target %d ]\n", 1000 + u, 1000 + v);
        }
        fputs("</graph>\n</graphml>\n", f[1]);
        fputs("]\n", f[2]);
        for (int k = 0; k < 3; k++) {
            CU_ASSERT_FATAL(fclose(f[k]) == 0);
        }
    }
}

static void test_same_edges(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_id_t *e[3] = {NULL, NULL, NULL}, m[3] = {0, 0, 0};
    for (int k = 0; k < 3; k++) {
        CU_ASSERT_FATAL(kikan_edgelist_read(ctx, pa[k], N, &e[k], &m[k]) == KIKAN_OK);
        CU_ASSERT(m[k] == M);
    }
    /* same edges in the same order; igraph stores an undirected edge with its ends sorted */
    int same = 1;
    for (int k = 1; k < 3; k++) {
        for (int i = 0; i < M; i++) {
            const kikan_id_t u = e[0][2 * i], v = e[0][2 * i + 1];
            const kikan_id_t lo = u < v ? u : v, hi = u < v ? v : u;
            const kikan_id_t x = e[k][2 * i], y = e[k][2 * i + 1];
            same &= (x < y ? x : y) == lo && (x < y ? y : x) == hi;
        }
    }
    CU_ASSERT(same);
    for (int k = 0; k < 3; k++) {
        free(e[k]);
    }
    CU_ASSERT(kikan_graphfile_is_igraph("x.GraphML"));
    CU_ASSERT(kikan_graphfile_is_igraph("x.gml"));
    CU_ASSERT(!kikan_graphfile_is_igraph("x.edges"));
    kikan_ctx_free(&ctx);
}

/* The value of "key": in the JSON text (malloc'd up to the next ',' or newline). */
static char *json_field(const char *text, const char *key)
{
    const char *p = text ? strstr(text, key) : NULL;
    if (p == NULL) {
        return NULL;
    }
    p += strlen(key);
    size_t n = strcspn(p, ",\n}");
    char *v = malloc(n + 1);
    memcpy(v, p, n);
    v[n] = '\0';
    return v;
}

static void test_percolate_same_mu(void)
{
    char cmd[4096];
    char *mu[3], *sd[3];
    for (int k = 0; k < 3; k++) {
        char *out = NULL, *errs = NULL;
        snprintf(cmd, sizeof(cmd),
                 "percolate --graph-a %s --graph-b %s --n %d --p 0.85 --reps 8 --seed 5 --json",
                 pa[k], pb[k], N);
        CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
        mu[k] = json_field(out, "\"mu\": ");
        sd[k] = json_field(out, "\"mu_sd\": ");
        CU_ASSERT_FATAL(mu[k] != NULL && sd[k] != NULL);
        free(out);
        free(errs);
    }
    CU_ASSERT(atof(mu[0]) > 0.0); /* a giant component survives: the comparison means something */
    for (int k = 1; k < 3; k++) {
        CU_ASSERT_STRING_EQUAL(mu[k], mu[0]);
        CU_ASSERT_STRING_EQUAL(sd[k], sd[0]);
    }
    for (int k = 0; k < 3; k++) {
        free(mu[k]);
        free(sd[k]);
    }
}

static void test_load_threshold_same(void)
{
    char cmd[4096];
    char *out[3];
    for (int k = 0; k < 3; k++) {
        char *errs = NULL;
        snprintf(cmd, sizeof(cmd), "load --graph %s --n %d --alpha 0.25 --attack highest", pa[k],
                 N);
        CU_ASSERT(kikan_test_cli(cmd, &out[k], &errs) == 0);
        free(errs);
    }
    CU_ASSERT_STRING_EQUAL(out[1], out[0]);
    CU_ASSERT_STRING_EQUAL(out[2], out[0]);
    for (int k = 0; k < 3; k++) {
        free(out[k]);
        char *errs = NULL;
        snprintf(cmd, sizeof(cmd), "threshold --graph %s --n %d --phi 0.18 --reps 4 --seed 9",
                 pa[k], N);
        CU_ASSERT(kikan_test_cli(cmd, &out[k], &errs) == 0);
        free(errs);
    }
    CU_ASSERT_STRING_EQUAL(out[1], out[0]);
    CU_ASSERT_STRING_EQUAL(out[2], out[0]);
    for (int k = 0; k < 3; k++) {
        free(out[k]);
    }
}

static void test_errors(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    kikan_id_t *e = NULL, m = -1;
    char path[1100];
    /* more vertices than --n */
    CU_ASSERT(kikan_edgelist_read(ctx, pa[1], N - 1, &e, &m) == KIKAN_EINPUT);
    CU_ASSERT(e == NULL && m == 0);
    CU_ASSERT_FATAL(kikan_diag_count(ctx) == 1);
    CU_ASSERT(strncmp(kikan_diag_get(ctx, 0), pa[1], strlen(pa[1])) == 0);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 0), "300 vertices, more than --n 299") != NULL);
    kikan_diag_clear(ctx);
    /* not GraphML */
    snprintf(path, sizeof(path), "%s/bad.graphml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "<graphml><graph><node id=\"a\"/>"));
    CU_ASSERT(kikan_graphfile_read(ctx, path, N, &e, &m) == KIKAN_EINPUT);
    CU_ASSERT(e == NULL);
    CU_ASSERT_FATAL(kikan_diag_count(ctx) == 1);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 0), "bad.graphml: not a readable GraphML file: ") != NULL);
    kikan_diag_clear(ctx);
    /* not GML */
    snprintf(path, sizeof(path), "%s/bad.gml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "graph [ node [ id 1 ]\n edge [ source 1 "));
    CU_ASSERT(kikan_graphfile_read(ctx, path, N, &e, &m) == KIKAN_EINPUT);
    CU_ASSERT_FATAL(kikan_diag_count(ctx) == 1);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 0), "bad.gml: not a readable GML file: ") != NULL);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 0), "line 2") != NULL);
    kikan_diag_clear(ctx);
    /* missing */
    snprintf(path, sizeof(path), "%s/none.graphml", dir);
    CU_ASSERT(kikan_graphfile_read(ctx, path, N, &e, &m) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(ctx) == 1);
    kikan_diag_clear(ctx);
    CU_ASSERT(kikan_graphfile_read(ctx, NULL, N, &e, &m) == KIKAN_EINVAL);
    CU_ASSERT(kikan_graphfile_read(ctx, path, -1, &e, &m) == KIKAN_EINVAL);
    /* over the size cap (1 GiB, as a CSV table): refused before parsing (a sparse file) */
    snprintf(path, sizeof(path), "%s/huge.graphml", dir);
    FILE *hf = fopen(path, "w");
    CU_ASSERT_FATAL(hf != NULL);
    CU_ASSERT_FATAL(ftruncate(fileno(hf), (off_t)(1 << 30) + 1) == 0);
    fclose(hf);
    CU_ASSERT(kikan_graphfile_read(ctx, path, N, &e, &m) == KIKAN_ELIMIT);
    CU_ASSERT(kikan_diag_count(ctx) == 1 &&
              strstr(kikan_diag_get(ctx, 0), "too large (1073741825 bytes; limit 1073741824)"));
    kikan_diag_clear(ctx);
    unlink(path);
    /* an empty graph is fine */
    snprintf(path, sizeof(path), "%s/empty.gml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "graph [ ]\n"));
    CU_ASSERT(kikan_graphfile_read(ctx, path, N, &e, &m) == KIKAN_OK);
    CU_ASSERT(e == NULL && m == 0);
    kikan_ctx_free(&ctx);
    /* the command line: exit 2 with the file named */
    char cmd[4096], *out = NULL, *errs = NULL;
    snprintf(cmd, sizeof(cmd), "load --graph %s/bad.graphml --n 5 --alpha 0.2 --attack highest",
             dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    CU_ASSERT(errs != NULL && strstr(errs, "bad.graphml: not a readable GraphML file") != NULL);
    free(out);
    free(errs);
}

/*
 * A scenario network from GraphML (scenarios/library/graphml-example.yaml):
 * 8 vertices = assets, 11 dependencies, 2 links (edges with link = 1), 6
 * operators from the `operator` attribute, 4 built-in sectors (the ones used).
 * The SME data centre DC is the only essential supply of the bank's core
 * system CORE (2,000,000 accounts): the structure lists it as a single point
 * of failure with exactly those customers depending on it alone.
 */
static void test_scenario_graphml(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_structure_t *st = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_scenario_load(ctx,
                                        KIKAN_SOURCE_DIR "/scenarios/library/graphml-example.yaml",
                                        &sc, &w) == KIKAN_OK);
    CU_ASSERT(kikan_world_n_assets(w) == 8);
    CU_ASSERT(kikan_world_n_dependencies(w) == 11);
    CU_ASSERT(kikan_world_n_links(w) == 2);
    CU_ASSERT(kikan_world_n_operators(w) == 6);
    CU_ASSERT(kikan_world_n_sectors(w) == 4);
    CU_ASSERT(kikan_world_find_sector(w, "aviation") == KIKAN_NONE);
    CU_ASSERT(kikan_world_find_metric(w, "customers") != KIKAN_NONE);
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, sc, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_structure_run(ctx, m, NULL, &st) == KIKAN_OK);
    const kikan_id_t dc = kikan_world_find_asset(w, "DC");
    CU_ASSERT_FATAL(dc != KIKAN_NONE);
    CU_ASSERT(st->alone_assets[dc] == 2);
    CU_ASSERT(st->alone[dc] == 2000000);
    CU_ASSERT(st->idom[kikan_world_find_asset(w, "CORE")] == dc);
    int listed = 0;
    for (kikan_id_t i = 0; i < st->n_spof; i++) {
        listed |= st->spof[i] == dc;
    }
    CU_ASSERT(listed);
    CU_ASSERT(st->n_thin_groups == 1); /* the exchange's 1-of-2 mains */
    kikan_structure_free(&st);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_scenario_free(&sc);

    char yaml[1100], gpath[1100];
    snprintf(yaml, sizeof(yaml), "%s/g.yaml", dir);
    snprintf(gpath, sizeof(gpath), "%s/bad.graphml", dir);
    /* the outage columns: cold restart and records on vertices, a dependency's own buffer on
       its edge, as in assets.csv and dependencies.csv (absent: the CSV defaults) */
    CU_ASSERT_FATAL(kikan_test_write(
        yaml, "kikan: 1\nname: g\nnetwork: {graphml: bad.graphml}\ntime: {horizon_hours: 5, "
              "step_hours: 1}\nwhatifs:\n  - name: w\n    events:\n      - assets: [A]\n        "
              "forcing: true\n"));
    CU_ASSERT_FATAL(kikan_test_write(
        gpath,
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "<key id=\"o\" for=\"node\" attr.name=\"operator\" attr.type=\"string\"/>\n"
        "<key id=\"s\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
        "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
        "<key id=\"rs\" for=\"node\" attr.name=\"restart_hours\" attr.type=\"double\"/>\n"
        "<key id=\"cr\" for=\"node\" attr.name=\"cold_restart_hours\" attr.type=\"double\"/>\n"
        "<key id=\"rc\" for=\"node\" attr.name=\"records\" attr.type=\"double\"/>\n"
        "<key id=\"r\" for=\"edge\" attr.name=\"resource\" attr.type=\"string\"/>\n"
        "<key id=\"bf\" for=\"edge\" attr.name=\"buffer_hours\" attr.type=\"double\"/>\n"
        "<key id=\"ty\" for=\"node\" attr.name=\"cold_restart_hour\" attr.type=\"double\"/>\n"
        "<key id=\"lx\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
        "<graph edgedefault=\"directed\">\n"
        "<node id=\"A\"><data key=\"o\">OP</data><data key=\"s\">power</data>"
        "<data key=\"k\">substation</data><data key=\"rs\">2</data>"
        "<data key=\"cr\">21</data></node>\n"
        "<node id=\"B\"><data key=\"o\">BK</data><data key=\"s\">banking</data>"
        "<data key=\"k\">core_system</data><data key=\"rs\">1.5</data>"
        "<data key=\"rc\">40000</data></node>\n"
        "<edge source=\"A\" target=\"B\"><data key=\"r\">power</data>"
        "<data key=\"bf\">6</data></edge>\n</graph></graphml>\n"));
    /* attributes kikan does not read are named in a warning (a typo gets a did-you-mean) */
    char *logbuf = NULL;
    size_t loglen = 0;
    FILE *logf = open_memstream(&logbuf, &loglen);
    CU_ASSERT_FATAL(logf != NULL);
    kikan_ctx_set_quiet(ctx, 0);
    kikan_ctx_set_log_stream(ctx, logf);
    CU_ASSERT_FATAL(kikan_scenario_load(ctx, yaml, &sc, &w) == KIKAN_OK);
    kikan_ctx_set_log_stream(ctx, stderr);
    kikan_ctx_set_quiet(ctx, 1);
    fclose(logf);
    CU_ASSERT(logbuf != NULL &&
              strstr(logbuf, "bad.graphml: vertex attribute 'cold_restart_hour' is not read (did "
                             "you mean 'cold_restart_hours'?)") != NULL);
    CU_ASSERT(logbuf != NULL &&
              strstr(logbuf, "bad.graphml: edge attribute 'weight' is not read") != NULL);
    CU_ASSERT(logbuf != NULL && strstr(logbuf, "'records'") == NULL); /* read: no warning */
    free(logbuf);
    const kikan_id_t ga = kikan_world_find_asset(w, "A"), gb = kikan_world_find_asset(w, "B");
    CU_ASSERT_FATAL(ga != KIKAN_NONE && gb != KIKAN_NONE && kikan_world_n_dependencies(w) == 1);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[ga].cold_restart_hours, 21.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[gb].cold_restart_hours, 1.5, 0); /* default: warm */
    CU_ASSERT_DOUBLE_EQUAL(w->assets[gb].records, 40000.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[ga].records, 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(w->deps[0].buffer_hours, 6.0, 0);
    kikan_world_free(&w);
    kikan_scenario_free(&sc);

    /* problems name the GraphML file and the vertex or edge */
    CU_ASSERT_FATAL(kikan_test_write(
        yaml, "kikan: 1\nname: g\nnetwork: {graphml: bad.graphml}\ntime: {horizon_hours: 5, "
              "step_hours: 1}\nwhatifs:\n  - name: w\n    events:\n      - assets: [A]\n        "
              "forcing: true\n"));
    static const char head[] =
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n"
        "<key id=\"o\" for=\"node\" attr.name=\"operator\" attr.type=\"string\"/>\n"
        "<key id=\"s\" for=\"node\" attr.name=\"sector\" attr.type=\"string\"/>\n"
        "<key id=\"k\" for=\"node\" attr.name=\"kind\" attr.type=\"string\"/>\n"
        "<key id=\"c\" for=\"node\" attr.name=\"customers\" attr.type=\"string\"/>\n"
        "<key id=\"r\" for=\"edge\" attr.name=\"resource\" attr.type=\"string\"/>\n";
    char text[4096];
    /* a bad number on vertex 1, an edge without resource (edge 0) */
    snprintf(text, sizeof(text),
             "%s<graph edgedefault=\"directed\">\n"
             "<node id=\"A\"><data key=\"o\">OP</data><data key=\"s\">power</data>"
             "<data key=\"k\">substation</data></node>\n"
             "<node id=\"B\"><data key=\"o\">OP</data><data key=\"s\">power</data>"
             "<data key=\"k\">substation</data><data key=\"c\">many</data></node>\n"
             "<edge source=\"A\" target=\"B\"/>\n</graph></graphml>\n",
             head);
    CU_ASSERT_FATAL(kikan_test_write(gpath, text));
    CU_ASSERT(kikan_scenario_load(ctx, yaml, &sc, &w) == KIKAN_EINPUT);
    CU_ASSERT(sc == NULL && w == NULL);
    int vertex_named = 0, edge_named = 0;
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        const char *d = kikan_diag_get(ctx, i);
        vertex_named |= strstr(d, "bad.graphml: vertex 1 (id 'B'): customers") != NULL;
        edge_named |= strstr(d, "bad.graphml: edge 0: resource") != NULL;
    }
    CU_ASSERT(vertex_named);
    CU_ASSERT(edge_named);
    kikan_diag_clear(ctx);
    /* undirected: refused */
    snprintf(text, sizeof(text),
             "%s<graph edgedefault=\"undirected\">\n<node id=\"A\"/></graph></graphml>\n", head);
    CU_ASSERT_FATAL(kikan_test_write(gpath, text));
    CU_ASSERT(kikan_scenario_load(ctx, yaml, &sc, &w) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(ctx) >= 1 &&
              strstr(kikan_diag_get(ctx, 0), "bad.graphml: the graph must be directed") != NULL);
    kikan_diag_clear(ctx);
    /* not GraphML at all */
    CU_ASSERT_FATAL(kikan_test_write(gpath, "<graphml><graph>"));
    CU_ASSERT(kikan_scenario_load(ctx, yaml, &sc, &w) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(ctx) >= 1 &&
              strstr(kikan_diag_get(ctx, 0), "not a readable GraphML file") != NULL);
    kikan_ctx_free(&ctx);
}

int main(void)
{
    dir = kikan_test_tmpdir();
    if (dir == NULL) {
        return 1;
    }
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("graphfile", NULL, NULL);
    CU_add_test(s, "write the graphs", write_graphs);
    CU_add_test(s, "same edges from edge list, GraphML, GML", test_same_edges);
    CU_add_test(s, "percolate: same mu", test_percolate_same_mu);
    CU_add_test(s, "load and threshold: same output", test_load_threshold_same);
    CU_add_test(s, "errors", test_errors);
    CU_add_test(s, "scenario network from GraphML", test_scenario_graphml);
    int rc = kikan_test_main();
    free(dir);
    return rc;
}
