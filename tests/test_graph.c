/*
 * The one graph type of the research models (include/kikan/graph.h): the
 * builder in both modes, the Erdős–Rényi generator (its draws pinned, the
 * dense regime as the complement of the sparse one), the configuration
 * model, the largest-component search, the models' refusal of multigraphs,
 * and that `kikan percolate` and `kikan threshold` run on the same network
 * for the same (N, k, seed), and that the graph and id-list writers are
 * atomic.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <signal.h>
#include <sys/resource.h>
#include "tests/testutil.h"

static char *tmpdir;

static void path_in(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", tmpdir, name);
}

/* The edges {u < v} of g as a sorted list of keys u * n + v (malloc'd; *m set). */
static int64_t *edge_keys(const kikan_graph_t *g, kikan_id_t *m)
{
    int64_t *k = malloc(sizeof(int64_t) * ((size_t)g->m + 1));
    kikan_id_t c = 0;
    for (kikan_id_t v = 0; v < g->n; v++) {
        for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
            if (g->adj[e] > v) {
                k[c++] = (int64_t)v * g->n + g->adj[e];
            }
        }
    }
    for (kikan_id_t i = 1; i < c; i++) { /* insertion sort: small graphs only */
        int64_t x = k[i];
        kikan_id_t j = i;
        while (j > 0 && k[j - 1] > x) {
            k[j] = k[j - 1];
            j--;
        }
        k[j] = x;
    }
    *m = c;
    return k;
}

/* Simple (multi = 0): self-loops dropped, duplicates merged, lists sorted. */
static void test_from_edges_simple(void)
{
    const kikan_id_t e[] = {2, 0, 0, 2, 1, 1, 2, 1, 0, 2};
    kikan_graph_t *g = NULL;
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 3, 5, e, 0, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 2);
    CU_ASSERT_EQUAL(g->multi, 0);
    CU_ASSERT_EQUAL(g->off[1] - g->off[0], 1);
    CU_ASSERT_EQUAL(g->off[2] - g->off[1], 1);
    CU_ASSERT_EQUAL(g->off[3] - g->off[2], 2);
    CU_ASSERT_EQUAL(g->adj[g->off[2]], 0);
    CU_ASSERT_EQUAL(g->adj[g->off[2] + 1], 1);
    kikan_graph_free(&g);
    kikan_graph_free(&g); /* NULL is fine */
    /* the same edges kept as given: 5 edges, the loop twice at 1 */
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 3, 5, e, 1, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 5);
    CU_ASSERT_EQUAL(g->off[2] - g->off[1], 3);
    kikan_graph_free(&g);
    const kikan_id_t bad[] = {0, 3};
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 3, 1, bad, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_PTR_NULL(g);
}

/* As given (multi = 1): repeats and self-loops kept, lists in edge order; a file round trip. */
static void test_from_edges_multi(void)
{
    kikan_graph_t *g = NULL;
    const kikan_id_t e[] = {0, 1, 1, 2, 2, 2, 3, 0};
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 4, 4, e, 1, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 4);
    CU_ASSERT_EQUAL(g->multi, 1);
    /* degrees: 0:{1,3} 1:{0,2} 2:{1,2,2} 3:{0} */
    CU_ASSERT_EQUAL(g->off[1] - g->off[0], 2);
    CU_ASSERT_EQUAL(g->off[2] - g->off[1], 2);
    CU_ASSERT_EQUAL(g->off[3] - g->off[2], 3);
    CU_ASSERT_EQUAL(g->off[4] - g->off[3], 1);
    /* write and read back: the same adjacency multiset per vertex */
    char p[512];
    path_in(p, sizeof(p), "rt.edges");
    CU_ASSERT_EQUAL(kikan_graph_write(g, p), KIKAN_OK);
    kikan_ctx_t *ctx = NULL;
    kikan_ctx_new(&ctx);
    kikan_graph_t *h = NULL;
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, p, 4, 1, &h), KIKAN_OK);
    CU_ASSERT_EQUAL(h->m, 4);
    CU_ASSERT_EQUAL(h->multi, 1);
    for (int v = 0; v <= 4; v++) {
        CU_ASSERT_EQUAL(h->off[v], g->off[v]);
    }
    kikan_graph_free(&h);
    /* read as simple: the loop at 2 dropped, 3 edges, sorted lists */
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, p, 4, 0, &h), KIKAN_OK);
    CU_ASSERT_EQUAL(h->m, 3);
    CU_ASSERT_EQUAL(h->multi, 0);
    CU_ASSERT_EQUAL(h->off[3] - h->off[2], 1);
    kikan_graph_free(&h);
    kikan_graph_free(&g);
    CU_ASSERT_PTR_NULL(g);
    kikan_graph_free(NULL);
    /* errors */
    const kikan_id_t bad[] = {0, 4};
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 4, 1, bad, 1, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, -1, 0, NULL, 1, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 4, 1, NULL, 1, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_write(NULL, p), KIKAN_EINVAL);
    /* an unwritable path leaves nothing behind */
    const kikan_id_t one[] = {0, 1};
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 2, 1, one, 1, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_graph_write(g, "/nonexistent/dir/g.edges"), KIKAN_EIO);
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
}

static void test_er_generator(void)
{
    kikan_graph_t *g = NULL, *h = NULL, *o = NULL;
    const kikan_id_t n = 3001;
    const double k = 3.7;
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, n, k, 17, 2, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, (kikan_id_t)round(k * n / 2.0));
    int loops = 0, dups = 0;
    uint8_t *mark = calloc((size_t)n, 1);
    for (kikan_id_t v = 0; v < n; v++) {
        for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
            kikan_id_t w = g->adj[e];
            loops += w == v;
            dups += mark[w];
            mark[w] = 1;
        }
        for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
            mark[g->adj[e]] = 0;
        }
    }
    free(mark);
    CU_ASSERT_EQUAL(loops, 0);
    CU_ASSERT_EQUAL(dups, 0);
    CU_ASSERT_EQUAL(g->multi, 0);
    /* same (seed, stream): same graph; another stream: another graph */
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, n, k, 17, 2, &h), KIKAN_OK);
    CU_ASSERT_EQUAL(memcmp(g->adj, h->adj, sizeof(kikan_id_t) * 2 * (size_t)g->m), 0);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, n, k, 17, 3, &o), KIKAN_OK);
    CU_ASSERT_NOT_EQUAL(memcmp(g->adj, o->adj, sizeof(kikan_id_t) * 2 * (size_t)g->m), 0);
    kikan_graph_free(&g);
    kikan_graph_free(&h);
    kikan_graph_free(&o);
    /* M = round(2.385 * 1000 / 2) = round(1192.5): half away from zero */
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 1000, 2.385, 5, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 1193);
    kikan_graph_free(&g);
    /* complete graphs (k = N - 1), more edges than pairs, negative degree */
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 4, 3.0, 1, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 6);
    kikan_graph_free(&g);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 10, 9.0, 1, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 45);
    kikan_graph_free(&g);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 4, 3.5, 1, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 10, 9.5, 1, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 1, 2.0, 1, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 10, -1.0, 1, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_er(NULL, 0, 4.0, 1, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->n, 0);
    kikan_graph_free(&g);
}

/* The draws themselves, pinned: G(10, 22) from seed 3, stream 0 (what
 * kikan percolate's replicate 0 network A and kikan threshold use), and the
 * dense regime: M = 23 is above half the 45 pairs, so the generator draws the
 * 22 pairs left out, with the same random numbers, and the graph is exactly
 * the complement of G(10, 22). */
static void test_er_pinned_and_dense(void)
{
    static const kikan_id_t want[] = {0, 3, 0, 5, 0, 6, 0, 7, 0, 8, 1, 2, 1, 3, 1,
                                      5, 1, 8, 1, 9, 2, 3, 2, 4, 2, 9, 3, 5, 4, 5,
                                      4, 6, 4, 8, 5, 9, 6, 8, 6, 9, 7, 8, 8, 9};
    kikan_graph_t *s = NULL, *d = NULL;
    kikan_id_t ms = 0, md = 0;
    CU_ASSERT_FATAL(kikan_graph_er(NULL, 10, 4.4, 3, 0, &s) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_graph_er(NULL, 10, 4.6, 3, 0, &d) == KIKAN_OK);
    int64_t *ks = edge_keys(s, &ms), *kd = edge_keys(d, &md);
    CU_ASSERT_EQUAL(ms, 22);
    CU_ASSERT_EQUAL(md, 23);
    for (kikan_id_t i = 0; i < ms && i < 22; i++) {
        CU_ASSERT_EQUAL(ks[i], (int64_t)want[2 * i] * 10 + want[2 * i + 1]);
    }
    /* every pair is in exactly one of the two */
    int in_both = 0, in_none = 0;
    for (kikan_id_t u = 0; u < 10; u++) {
        for (kikan_id_t v = u + 1; v < 10; v++) {
            int64_t key = (int64_t)u * 10 + v;
            int a = 0, b = 0;
            for (kikan_id_t i = 0; i < ms; i++) {
                a |= ks[i] == key;
            }
            for (kikan_id_t i = 0; i < md; i++) {
                b |= kd[i] == key;
            }
            in_both += a && b;
            in_none += !a && !b;
        }
    }
    CU_ASSERT_EQUAL(in_both, 0);
    CU_ASSERT_EQUAL(in_none, 0);
    CU_ASSERT_EQUAL(d->multi, 0);
    free(ks);
    free(kd);
    kikan_graph_free(&s);
    kikan_graph_free(&d);
}

static void test_sf_generator(void)
{
    kikan_graph_t *g = NULL;
    const kikan_id_t n = 20000, kmin = 2;
    const double gamma = 2.7;
    CU_ASSERT_EQUAL(kikan_graph_sf(NULL, n, gamma, kmin, 5, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->multi, 1);
    /* expected mean degree of the truncated power law; the sample mean of a
       gamma = 2.7 law has a heavy tail, so allow 8 %; dropped self-loops are O(1) */
    double kmax = floor(kmin * pow(n, 1.0 / (gamma - 1.0)));
    double s0 = 0, s1 = 0;
    for (double k = kmin; k <= kmax; k++) {
        s0 += pow(k, -gamma);
        s1 += pow(k, 1.0 - gamma);
    }
    double mean = 2.0 * g->m / n;
    CU_ASSERT_DOUBLE_EQUAL(mean, s1 / s0, 0.08 * s1 / s0);
    kikan_id_t maxdeg = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        kikan_id_t d = g->off[v + 1] - g->off[v];
        maxdeg = d > maxdeg ? d : maxdeg;
    }
    CU_ASSERT(maxdeg <= (kikan_id_t)kmax + 1);
    CU_ASSERT(maxdeg > 10 * kmin); /* a heavy tail is there */
    kikan_graph_free(&g);
    CU_ASSERT_EQUAL(kikan_graph_sf(NULL, n, 1.0, kmin, 5, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_sf(NULL, n, 2.5, 0, 5, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_sf(NULL, 5, 2.5, 5, 5, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_graph_sf(NULL, 1, 2.5, 3, 5, 0, &g), KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 0);
    kikan_graph_free(&g);
}

/* Largest component with and without a mask: components {0,1,2,3}, {4,5}, {6}. */
static void test_giant(void)
{
    const kikan_id_t e[] = {0, 1, 1, 2, 2, 3, 4, 5};
    kikan_graph_t *g = NULL;
    kikan_id_t size = -1;
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 7, 4, e, 0, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_graph_giant(NULL, g, NULL, &size), KIKAN_OK);
    CU_ASSERT_EQUAL(size, 4);
    /* removing vertex 1 splits the path: {2,3} and {4,5} tie at 2 */
    const uint8_t alive[] = {1, 0, 1, 1, 1, 1, 1};
    CU_ASSERT_EQUAL(kikan_graph_giant(NULL, g, alive, &size), KIKAN_OK);
    CU_ASSERT_EQUAL(size, 2);
    const uint8_t none[7] = {0};
    CU_ASSERT_EQUAL(kikan_graph_giant(NULL, g, none, &size), KIKAN_OK);
    CU_ASSERT_EQUAL(size, 0);
    CU_ASSERT_EQUAL(kikan_graph_giant(NULL, NULL, NULL, &size), KIKAN_EINVAL);
    kikan_graph_free(&g);
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 0, 0, NULL, 0, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_graph_giant(NULL, g, NULL, &size), KIKAN_OK);
    CU_ASSERT_EQUAL(size, 0);
    kikan_graph_free(&g);
}

/* Betweenness and Watts' fractions are defined on simple graphs: the load and
 * threshold models refuse a graph flagged multi, even one without repeats. */
static void test_models_refuse_multigraphs(void)
{
    const kikan_id_t e[] = {0, 1, 1, 2};
    kikan_graph_t *g = NULL;
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 3, 2, e, 1, &g) == KIKAN_OK);
    double load[3];
    kikan_load_result_t lr;
    kikan_threshold_result_t tr;
    uint8_t state[3] = {0};
    kikan_id_t count[3] = {0}, queue[6], failed = 0;
    CU_ASSERT_EQUAL(kikan_load_betweenness(ctx, g, NULL, load), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, 0.5, 0, &lr, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_threshold_cascade(g, 0.5, 0, state, count, queue, &failed), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_threshold_run(ctx, g, 0.5, 3, 1, &tr, NULL), KIKAN_EINVAL);
    kikan_graph_free(&g);
    /* the same edges as a simple graph run */
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 3, 2, e, 0, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_load_betweenness(ctx, g, NULL, load), KIKAN_OK);
    CU_ASSERT_EQUAL(load[1], 1.0);
    CU_ASSERT_EQUAL(kikan_threshold_cascade(g, 0.5, 0, state, count, queue, &failed), KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 3);
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
}

/* Read an edge-list file as a simple graph and return its sorted edge keys. */
static int64_t *file_keys(kikan_ctx_t *ctx, const char *p, kikan_id_t n, kikan_id_t *m)
{
    kikan_graph_t *g = NULL;
    if (kikan_graph_read(ctx, p, n, 0, &g) != KIKAN_OK) {
        *m = -1;
        return NULL;
    }
    int64_t *k = edge_keys(g, m);
    kikan_graph_free(&g);
    return k;
}

/* `kikan percolate --er N --k K --seed S` (replicate 0's network A) and
 * `kikan threshold --er N --z K --seed S` draw the same edge set; network B
 * (stream 1) is another. */
static void test_percolate_threshold_same_graph(void)
{
    char prefix[512], pt[512], pa[600], pb[600], args[2048];
    path_in(prefix, sizeof(prefix), "perc");
    path_in(pt, sizeof(pt), "thr.edges");
    snprintf(pa, sizeof(pa), "%s-a.edges", prefix);
    snprintf(pb, sizeof(pb), "%s-b.edges", prefix);
    snprintf(args, sizeof(args),
             "percolate --er 3000 --k 3.5 --p 0.9 --seed 7 --write-graphs '%s' >/dev/null", prefix);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(args, NULL, NULL), 0);
    snprintf(args, sizeof(args),
             "threshold --er 3000 --z 3.5 --phi 0.18 --reps 5 --seed 7 --write-graph '%s'", pt);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(args, NULL, NULL), 0);
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_id_t ma = 0, mb = 0, mt = 0;
    int64_t *ka = file_keys(ctx, pa, 3000, &ma), *kb = file_keys(ctx, pb, 3000, &mb);
    int64_t *kt = file_keys(ctx, pt, 3000, &mt);
    CU_ASSERT_EQUAL(ma, 5250); /* round(3.5 * 3000 / 2) */
    CU_ASSERT_EQUAL(mt, ma);
    CU_ASSERT(ka != NULL && kt != NULL && ma == mt &&
              memcmp(ka, kt, sizeof(int64_t) * (size_t)ma) == 0);
    CU_ASSERT(kb != NULL && mb == ma && memcmp(ka, kb, sizeof(int64_t) * (size_t)ma) != 0);
    free(ka);
    free(kb);
    free(kt);
    kikan_ctx_free(&ctx);
}

/* How many entries of tmpdir have a name containing `part`. */
static int entries_with(const char *part)
{
    DIR *d = opendir(tmpdir);
    int n = 0;
    for (struct dirent *de; d != NULL && (de = readdir(d)) != NULL;) {
        n += strstr(de->d_name, part) != NULL;
    }
    if (d != NULL) {
        closedir(d);
    }
    return n;
}

/* Both writers under a file size limit of 16 bytes: EIO, the old file kept, no temporary. */
static void write_over_limit(const kikan_graph_t *g, const char *pg, const kikan_id_t *ids,
                             kikan_id_t nids, const char *pi)
{
    struct rlimit old_lim, lim;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = 16;
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    const kikan_error_t e1 = kikan_graph_write(g, pg);
    const kikan_error_t e2 = kikan_idlines_write(pi, ids, nids);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_sig);
    CU_ASSERT_EQUAL(e1, KIKAN_EIO);
    CU_ASSERT_EQUAL(e2, KIKAN_EIO);
}

/*
 * kikan_graph_write and kikan_idlines_write replace a file in one step: a
 * failed write (file size limit) leaves the old file and no temporary file; a
 * user's own FILE.tmp beside the target is never touched; the id list reads
 * back as written.
 */
static void test_atomic_writers(void)
{
    char pg[512], pi[512], mine[600];
    path_in(pg, sizeof(pg), "aw.edges");
    path_in(pi, sizeof(pi), "aw-failures.txt");
    snprintf(mine, sizeof(mine), "%s.tmp", pg);
    kikan_graph_t *g = NULL;
    CU_ASSERT_FATAL(kikan_graph_er(NULL, 500, 3.25, 11, 0, &g) == KIKAN_OK);
    kikan_id_t ids[300];
    for (kikan_id_t i = 0; i < 300; i++) {
        ids[i] = (i * 37) % 500;
    }
    CU_ASSERT_FATAL(kikan_test_write(pg, "old graph\n") && kikan_test_write(pi, "old ids\n"));
    CU_ASSERT_FATAL(kikan_test_write(mine, "mine\n"));
    write_over_limit(g, pg, ids, 300, pi);
    char *t = kikan_test_slurp(pg);
    CU_ASSERT(t != NULL && strcmp(t, "old graph\n") == 0);
    free(t);
    t = kikan_test_slurp(pi);
    CU_ASSERT(t != NULL && strcmp(t, "old ids\n") == 0);
    free(t);
    CU_ASSERT_EQUAL(entries_with(".tmp."), 0);
    /* without the limit both are replaced, and the user's aw.edges.tmp stays as it was */
    CU_ASSERT_EQUAL(kikan_graph_write(g, pg), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_idlines_write(pi, ids, 300), KIKAN_OK);
    t = kikan_test_slurp(mine);
    CU_ASSERT(t != NULL && strcmp(t, "mine\n") == 0);
    free(t);
    CU_ASSERT_EQUAL(entries_with(".tmp."), 0);
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_graph_t *h = NULL;
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, pg, 500, 0, &h), KIKAN_OK);
    CU_ASSERT(h != NULL && h->m == g->m);
    kikan_id_t *back = NULL, nback = 0;
    CU_ASSERT_EQUAL(kikan_perc_read_ids(ctx, pi, 500, &back, &nback), KIKAN_OK);
    CU_ASSERT(nback == 300 && back != NULL && memcmp(back, ids, sizeof(ids)) == 0);
    free(back);
    /* an empty list is an empty file */
    CU_ASSERT_EQUAL(kikan_idlines_write(pi, NULL, 0), KIKAN_OK);
    t = kikan_test_slurp(pi);
    CU_ASSERT(t != NULL && t[0] == '\0');
    free(t);
    CU_ASSERT_EQUAL(kikan_idlines_write(NULL, ids, 3), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_idlines_write(pi, NULL, 3), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_idlines_write(pi, ids, -1), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_idlines_write("/nonexistent/dir/f.txt", ids, 3), KIKAN_EIO);
    kikan_graph_free(&h);
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
}

int main(void)
{
    tmpdir = kikan_test_tmpdir();
    if (tmpdir == NULL || CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("graph", NULL, NULL);
    CU_add_test(s, "builder, simple", test_from_edges_simple);
    CU_add_test(s, "builder, multi, file round trip", test_from_edges_multi);
    CU_add_test(s, "Erdos-Renyi generator", test_er_generator);
    CU_add_test(s, "Erdos-Renyi draws pinned, dense regime", test_er_pinned_and_dense);
    CU_add_test(s, "scale-free generator", test_sf_generator);
    CU_add_test(s, "largest component", test_giant);
    CU_add_test(s, "load and threshold refuse multigraphs", test_models_refuse_multigraphs);
    CU_add_test(s, "percolate and threshold draw the same graph",
                test_percolate_threshold_same_graph);
    CU_add_test(s, "graph and id-list writers are atomic", test_atomic_writers);
    int rc = kikan_test_main();
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        rc = rc ? rc : 1;
    }
    free(tmpdir);
    return rc;
}
