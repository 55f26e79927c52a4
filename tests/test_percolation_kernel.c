/*
 * Unit tests of interdependent percolation (include/kikan/percolation.h and
 * `kikan percolate`): edge-list files and their errors, hand-computed
 * cascades (empty, one vertex, a path), the fast kernel against a plain
 * full-search reference on many random coupled graphs, determinism across
 * thread counts, allocation failures, and the CLI.
 * The validation against published results is tests/validation/test_percolation.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "kikan/percolation.h"
#include "tests/testutil.h"

static char *tmpdir;

static void path_in(char *buf, size_t len, const char *name)
{
    snprintf(buf, len, "%s/%s", tmpdir, name);
}

/* ---- a plain reference: full component search at every step ---------------- */

/* Keep the largest live component of g (alive[v] = 1); returns vertices lost, sets *tie. */
static int ref_giant(const kikan_graph_t *g, uint8_t *alive, int *lost, int *tie)
{
    int n = g->n, nl = 0;
    int *comp = malloc(sizeof(int) * (size_t)(n + 1));
    int *queue = malloc(sizeof(int) * (size_t)(n + 1));
    int *sizes = malloc(sizeof(int) * (size_t)(n + 1));
    int nc = 0, best = -1, bestsize = 0, nbest = 0;
    for (int v = 0; v < n; v++) {
        comp[v] = -1;
    }
    for (int s = 0; s < n; s++) {
        if (!alive[s] || comp[s] >= 0) {
            continue;
        }
        int qh = 0, qt = 0;
        comp[s] = nc;
        queue[qt++] = s;
        while (qh < qt) {
            int v = queue[qh++];
            for (int e = g->off[v]; e < g->off[v + 1]; e++) {
                int w = g->adj[e];
                if (alive[w] && comp[w] < 0) {
                    comp[w] = nc;
                    queue[qt++] = w;
                }
            }
        }
        sizes[nc] = qt;
        if (qt > bestsize) {
            bestsize = qt;
            best = nc;
            nbest = 1;
        } else if (qt == bestsize) {
            nbest++;
        }
        nc++;
    }
    if (nbest > 1) {
        *tie = 1;
    }
    for (int v = 0; v < n; v++) {
        if (alive[v] && comp[v] != best) {
            alive[v] = 0;
            lost[nl++] = v;
        }
    }
    free(comp);
    free(queue);
    free(sizes);
    return nl;
}

typedef struct {
    int giant_a, giant_b, rounds, tie;
} ref_result_t;

static ref_result_t ref_cascade(const kikan_graph_t *a, const kikan_graph_t *b,
                                const uint8_t *coupled, const kikan_id_t *removed, int nremoved)
{
    int n = a->n;
    ref_result_t r = {0, 0, 0, 0};
    uint8_t *aa = malloc((size_t)n + 1), *ab = malloc((size_t)n + 1);
    int *la = malloc(sizeof(int) * (size_t)(n + 1)), *lb = malloc(sizeof(int) * (size_t)(n + 1));
    memset(aa, 1, (size_t)n + 1);
    memset(ab, 1, (size_t)n + 1);
    int na = 0, nb = 0;
    for (int i = 0; i < nremoved; i++) {
        if (aa[removed[i]]) {
            aa[removed[i]] = 0;
            la[na++] = removed[i];
        }
    }
    int first = 1;
    r.rounds = 0;
    for (;;) {
        /* A step: lost vertices are the pending ones plus those cut off */
        if (first || na > 0) {
            na += ref_giant(a, aa, la + na, &r.tie);
            r.rounds++;
        }
        nb = 0;
        for (int i = 0; i < na; i++) {
            int v = la[i];
            if ((coupled == NULL || coupled[v]) && ab[v]) {
                ab[v] = 0;
                lb[nb++] = v;
            }
        }
        na = 0;
        if (!first && nb == 0) {
            break;
        }
        nb += ref_giant(b, ab, lb + nb, &r.tie);
        for (int i = 0; i < nb; i++) {
            int v = lb[i];
            if ((coupled == NULL || coupled[v]) && aa[v]) {
                aa[v] = 0;
                la[na++] = v;
            }
        }
        first = 0;
        if (na == 0) {
            break;
        }
    }
    for (int v = 0; v < n; v++) {
        r.giant_a += aa[v];
        r.giant_b += ab[v];
    }
    free(aa);
    free(ab);
    free(la);
    free(lb);
    return r;
}

/* ---- graph files (the graph type and generators: tests/test_graph.c) ---------- */

static void test_read_errors(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_ctx_new(&ctx);
    char p[512];
    path_in(p, sizeof(p), "bad.edges");
    CU_ASSERT(kikan_test_write(p, "# header\n0 1\n1 x\n\n2 3 4\n5 9\n-1 2\n3 4 # ok\n"));
    kikan_graph_t *g = NULL;
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, p, 6, 1, &g), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(g);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 4);
    char want[600];
    int lines[4] = {3, 5, 6, 7};
    for (int i = 0; i < 4 && i < kikan_diag_count(ctx); i++) {
        snprintf(want, sizeof(want), "%s:%d: ", p, lines[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(kikan_diag_get(ctx, i), want));
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(kikan_diag_get(ctx, 2), "outside [0, 6)"));
    kikan_diag_clear(ctx);
    /* a missing file */
    path_in(p, sizeof(p), "missing.edges");
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, p, 6, 1, &g), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    kikan_diag_clear(ctx);
    /* id lists */
    path_in(p, sizeof(p), "ids.txt");
    CU_ASSERT(kikan_test_write(p, "3\n# c\n1 2\n7\n0\n"));
    kikan_id_t *ids = NULL, cnt = 0;
    CU_ASSERT_EQUAL(kikan_perc_read_ids(ctx, p, 5, &ids, &cnt), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 2);
    kikan_diag_clear(ctx);
    CU_ASSERT(kikan_test_write(p, "3\n# c\n\n0\n3\n"));
    CU_ASSERT_EQUAL(kikan_perc_read_ids(ctx, p, 5, &ids, &cnt), KIKAN_OK);
    CU_ASSERT_EQUAL(cnt, 3);
    CU_ASSERT(ids != NULL && ids[0] == 3 && ids[1] == 0 && ids[2] == 3);
    free(ids);
    /* more than 20 bad lines: 20 shown and a count */
    path_in(p, sizeof(p), "many.edges");
    FILE *f = fopen(p, "w");
    for (int i = 0; i < 25; i++) {
        fprintf(f, "bad line %d\n", i);
    }
    fclose(f);
    CU_ASSERT_EQUAL(kikan_graph_read(ctx, p, 6, 1, &g), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 21);
    kikan_ctx_free(&ctx);
}

/* ---- cascades ----------------------------------------------------------------- */

static void test_empty_and_one_vertex(void)
{
    kikan_graph_t *g0 = NULL, *g1 = NULL;
    kikan_perc_ws_t *w0 = NULL, *w1 = NULL;
    kikan_perc_result_t r;
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 0, 0, NULL, 1, &g0), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_perc_ws_new(NULL, 0, &w0), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_perc_cascade(w0, g0, g0, NULL, NULL, 0, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.mu, 0.0);
    CU_ASSERT_EQUAL(r.giant_a, 0);
    CU_ASSERT_EQUAL(r.rounds, 1);
    CU_ASSERT_EQUAL(kikan_graph_from_edges(NULL, 1, 0, NULL, 1, &g1), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_perc_ws_new(NULL, 1, &w1), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_perc_cascade(w1, g1, g1, NULL, NULL, 0, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.mu, 1.0);
    CU_ASSERT(kikan_perc_ws_in_giant_a(w1, 0));
    kikan_id_t rm = 0;
    CU_ASSERT_EQUAL(kikan_perc_cascade(w1, g1, g1, NULL, &rm, 1, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.mu, 0.0);
    CU_ASSERT_EQUAL(r.giant_b, 0);
    CU_ASSERT(!kikan_perc_ws_in_giant_a(w1, 0));
    CU_ASSERT(!kikan_perc_ws_in_giant_a(w1, 1));
    /* errors: size mismatch, id out of range */
    CU_ASSERT_EQUAL(kikan_perc_cascade(w1, g0, g1, NULL, NULL, 0, &r), KIKAN_EINVAL);
    rm = 1;
    CU_ASSERT_EQUAL(kikan_perc_cascade(w1, g1, g1, NULL, &rm, 1, &r), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_perc_ws_new(NULL, -3, &w0), KIKAN_EINVAL);
    kikan_perc_ws_free(&w0);
    kikan_perc_ws_free(&w1);
    CU_ASSERT_PTR_NULL(w1);
    kikan_graph_free(&g0);
    kikan_graph_free(&g1);
}

/*
 * A: the path 0-1-2-3-4-5-6. B: 0-1-2-3 and 4-5-6.
 * No attack, full coupling: A is connected; B's giant is {0..3}, so 4, 5, 6
 * die in B, then in A; the second A-step finds {0..3} still connected:
 * mu = 4/7 after 2 rounds.
 * Attack on A's vertex 2: A keeps {3..6}; B loses 0,1,2 and keeps {4,5,6}
 * (3 is isolated there); A loses 3 and keeps {4,5,6}: mu = 3/7, 2 rounds.
 * Coupling only for pairs 0..3: B's 4,5,6 die alone, A keeps all: mu = 1.
 */
static void test_hand_cascade(void)
{
    const kikan_id_t ea[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6};
    const kikan_id_t eb[] = {0, 1, 1, 2, 2, 3, 4, 5, 5, 6};
    kikan_graph_t *a = NULL, *b = NULL;
    kikan_perc_ws_t *ws = NULL;
    kikan_perc_result_t r;
    kikan_graph_from_edges(NULL, 7, 6, ea, 1, &a);
    kikan_graph_from_edges(NULL, 7, 5, eb, 1, &b);
    kikan_perc_ws_new(NULL, 7, &ws);
    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, NULL, 0, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.giant_a, 4);
    CU_ASSERT_EQUAL(r.giant_b, 4);
    CU_ASSERT_DOUBLE_EQUAL(r.mu, 4.0 / 7.0, 1e-15);
    CU_ASSERT_EQUAL(r.rounds, 2);
    for (kikan_id_t v = 0; v < 7; v++) {
        CU_ASSERT_EQUAL(kikan_perc_ws_in_giant_a(ws, v), v <= 3);
    }
    kikan_id_t rm = 2;
    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, &rm, 1, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.giant_a, 3);
    CU_ASSERT_EQUAL(r.giant_b, 3);
    CU_ASSERT_EQUAL(r.rounds, 2);
    for (kikan_id_t v = 0; v < 7; v++) {
        CU_ASSERT_EQUAL(kikan_perc_ws_in_giant_a(ws, v), v >= 4);
    }
    const uint8_t coupled[7] = {1, 1, 1, 1, 0, 0, 0};
    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, coupled, NULL, 0, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.giant_a, 7);
    CU_ASSERT_EQUAL(r.giant_b, 4);
    CU_ASSERT_EQUAL(r.mu, 1.0);
    /* the reference agrees */
    ref_result_t ref = ref_cascade(a, b, NULL, &rm, 1);
    CU_ASSERT_EQUAL(ref.giant_a, 3);
    CU_ASSERT_EQUAL(ref.rounds, 2);
    kikan_perc_ws_free(&ws);
    kikan_graph_free(&a);
    kikan_graph_free(&b);

    /*
     * A repair that cuts off the larger side: A is the path 0..79 (its
     * spanning tree is rooted at 0); B is the same path with 5 bypassed
     * (4-6), so B's first step kills only 5 (one removal in 79 is small
     * enough for a repair, not a full search). In A, losing 5 leaves the root's
     * side {0..4} and the larger {6..79}: A must keep {6..79}, B follows:
     * mu = 74/80 after 2 rounds.
     */
    enum { PATH = 80 };
    kikan_id_t epa[2 * (PATH - 1)], epb[2 * (PATH - 1)];
    kikan_id_t mb = 0;
    for (kikan_id_t i = 0; i < PATH - 1; i++) {
        epa[2 * i] = i;
        epa[2 * i + 1] = i + 1;
        if (i != 4 && i != 5) {
            epb[2 * mb] = i;
            epb[2 * mb + 1] = i + 1;
            mb++;
        }
    }
    epb[2 * mb] = 4;
    epb[2 * mb + 1] = 6;
    mb++;
    kikan_graph_from_edges(NULL, PATH, PATH - 1, epa, 1, &a);
    kikan_graph_from_edges(NULL, PATH, mb, epb, 1, &b);
    kikan_perc_ws_new(NULL, PATH, &ws);
    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, NULL, 0, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(r.giant_a, PATH - 6);
    CU_ASSERT_EQUAL(r.giant_b, PATH - 6);
    CU_ASSERT_EQUAL(r.rounds, 2);
    CU_ASSERT(!kikan_perc_ws_in_giant_a(ws, 4) && kikan_perc_ws_in_giant_a(ws, 6));
    ref = ref_cascade(a, b, NULL, NULL, 0);
    CU_ASSERT_EQUAL(ref.giant_a, PATH - 6);
    CU_ASSERT_EQUAL(ref.rounds, 2);
    kikan_perc_ws_free(&ws);
    kikan_graph_free(&a);
    kikan_graph_free(&b);
}

/*
 * A tie for the largest piece after the root died is broken as a full search
 * breaks it. A is the path 0-5-6-1-2-3 plus the isolated 4 (its first step
 * keeps the path, root 0); B is the path 2-3-5-6 with 0 and 1 isolated, so
 * B's first step kills 0 and 1. A's second step leaves {5, 6} and {2, 3}:
 * equal, and {2, 3} holds the smallest vertex, so it is kept ({5, 6} comes
 * first in A's search order). In every repair mode. (Written for the
 * fragment-union prototype, bench/README.md "fourth pass", whose forced
 * mode it also passed.)
 */
static void test_tie_after_root_died(void)
{
    const kikan_id_t ea[] = {0, 5, 5, 6, 6, 1, 1, 2, 2, 3};
    const kikan_id_t eb[] = {2, 3, 3, 5, 5, 6};
    kikan_graph_t *a = NULL, *b = NULL;
    kikan_perc_ws_t *ws = NULL;
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 7, 5, ea, 1, &a) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, 7, 3, eb, 1, &b) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, 7, &ws) == KIKAN_OK);
    for (int mode = KIKAN_PERC_REPAIR_AUTO; mode < KIKAN_PERC_REPAIR_MODES; mode++) {
        kikan_perc_result_t r;
        kikan_perc_ws_set_repair_mode(ws, (kikan_perc_repair_mode_t)mode);
        CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, NULL, 0, &r), KIKAN_OK);
        CU_ASSERT_EQUAL(r.giant_a, 2);
        CU_ASSERT_EQUAL(r.giant_b, 2);
        CU_ASSERT_EQUAL(r.rounds, 2);
        for (kikan_id_t v = 0; v < 7; v++) {
            CU_ASSERT_EQUAL(kikan_perc_ws_in_giant_a(ws, v), v == 2 || v == 3);
        }
    }
    kikan_perc_ws_free(&ws);
    kikan_graph_free(&a);
    kikan_graph_free(&b);
}

/* One cascade in each repair mode: every mode keeps the same vertices of A. */
static void check_modes_agree(kikan_perc_ws_t *ws, const kikan_graph_t *a, const kikan_graph_t *b,
                              const uint8_t *coupled, const kikan_id_t *rm, kikan_id_t nrm,
                              uint8_t *keep)
{
    kikan_perc_result_t r0;
    kikan_perc_ws_set_repair_mode(ws, KIKAN_PERC_REPAIR_GIVE_UP);
    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, coupled, rm, nrm, &r0), KIKAN_OK);
    for (kikan_id_t v = 0; v < a->n; v++) {
        keep[v] = (uint8_t)kikan_perc_ws_in_giant_a(ws, v);
    }
    for (int mode = KIKAN_PERC_REPAIR_AUTO; mode < KIKAN_PERC_REPAIR_MODES; mode++) {
        kikan_perc_result_t r;
        kikan_perc_ws_set_repair_mode(ws, (kikan_perc_repair_mode_t)mode);
        CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, coupled, rm, nrm, &r), KIKAN_OK);
        CU_ASSERT_EQUAL(r.giant_a, r0.giant_a);
        CU_ASSERT_EQUAL(r.giant_b, r0.giant_b);
        CU_ASSERT_EQUAL(r.rounds, r0.rounds);
        int same = 1;
        for (kikan_id_t v = 0; v < a->n; v++) {
            same &= keep[v] == (uint8_t)kikan_perc_ws_in_giant_a(ws, v);
        }
        CU_ASSERT(same);
    }
    kikan_perc_ws_set_repair_mode(ws, KIKAN_PERC_REPAIR_AUTO);
}

/*
 * The repair modes (automatic, always repair, always search; the first repair after a
 * full search ordered or walk-based) keep the same
 * vertices, ties included (not skipped here: small graphs near the collapse
 * have many), on ER and scale-free pairs, full and partial coupling.
 */
static void test_modes_same_vertices(void)
{
    const kikan_id_t ns[] = {60, 300, 1500};
    const double ps[] = {0.5, 0.65, 0.8, 0.95};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 77);
    for (size_t in = 0; in < sizeof(ns) / sizeof(ns[0]); in++) {
        kikan_id_t n = ns[in];
        kikan_perc_ws_t *ws = NULL;
        CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, n, &ws) == KIKAN_OK);
        kikan_id_t *perm = malloc(sizeof(kikan_id_t) * (size_t)n);
        uint8_t *coupled = malloc((size_t)n), *keep = malloc((size_t)n);
        CU_ASSERT_FATAL(perm != NULL && coupled != NULL && keep != NULL);
        for (int seed = 0; seed < 6; seed++) {
            kikan_graph_t *a = NULL, *b = NULL;
            if (seed % 2 == 0) {
                kikan_graph_er(NULL, n, 3.5, 500 + (uint64_t)seed, 0, &a);
                kikan_graph_er(NULL, n, 3.5, 500 + (uint64_t)seed, 1, &b);
            } else {
                kikan_graph_sf(NULL, n, 2.7, 2, 500 + (uint64_t)seed, 0, &a);
                kikan_graph_sf(NULL, n, 2.7, 2, 500 + (uint64_t)seed, 1, &b);
            }
            CU_ASSERT_FATAL(a != NULL && b != NULL);
            for (size_t ip = 0; ip < sizeof(ps) / sizeof(ps[0]); ip++) {
                for (kikan_id_t i = 0; i < n; i++) {
                    perm[i] = i;
                    coupled[i] = gsl_rng_uniform(rng) < 0.6;
                }
                for (kikan_id_t i = n - 1; i > 0; i--) {
                    kikan_id_t j = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)i + 1);
                    kikan_id_t t = perm[i];
                    perm[i] = perm[j];
                    perm[j] = t;
                }
                kikan_id_t nrm = (kikan_id_t)((1.0 - ps[ip]) * (double)n);
                check_modes_agree(ws, a, b, NULL, perm, nrm, keep);
                check_modes_agree(ws, a, b, coupled, perm, nrm, keep);
            }
            kikan_graph_free(&a);
            kikan_graph_free(&b);
        }
        free(perm);
        free(coupled);
        free(keep);
        kikan_perc_ws_free(&ws);
    }
    gsl_rng_free(rng);
}

/*
 * The fast kernel (full searches, then spanning-tree repairs and their
 * fall-backs) against the plain reference on random coupled graphs, from
 * sparse (many small pieces) to dense, far from and near the collapse, with
 * full and partial coupling. Ties for the largest component make the giant
 * ambiguous; such cases are skipped (and must be rare).
 */
static void test_against_reference(void)
{
    const double ks[] = {1.3, 3.3, 5.2};
    const double ps[] = {0.45, 0.62, 0.75, 0.8, 0.93};
    const double qs[] = {1.0, 0.55};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 4242);
    int compared = 0, cases = 0, big = 0, repairs_checked = 0;
    for (int rep = 0; rep < 6; rep++) {
        kikan_id_t n = rep % 2 ? 2473 : 811;
        kikan_perc_ws_t *ws = NULL;
        kikan_perc_ws_new(NULL, n, &ws);
        kikan_id_t *perm = malloc(sizeof(kikan_id_t) * (size_t)n);
        uint8_t *coupled = malloc((size_t)n);
        for (size_t ik = 0; ik < sizeof(ks) / sizeof(ks[0]); ik++) {
            kikan_graph_t *a = NULL, *b = NULL;
            kikan_graph_er(NULL, n, ks[ik], 99 + (uint64_t)rep, 2 * ik, &a);
            kikan_graph_er(NULL, n, ks[ik], 99 + (uint64_t)rep, 2 * ik + 1, &b);
            for (size_t ip = 0; ip < sizeof(ps) / sizeof(ps[0]); ip++) {
                for (size_t iq = 0; iq < sizeof(qs) / sizeof(qs[0]); iq++) {
                    for (kikan_id_t i = 0; i < n; i++) {
                        perm[i] = i;
                        coupled[i] = gsl_rng_uniform(rng) < qs[iq];
                    }
                    for (kikan_id_t i = n - 1; i > 0; i--) {
                        kikan_id_t j = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)i + 1);
                        kikan_id_t t = perm[i];
                        perm[i] = perm[j];
                        perm[j] = t;
                    }
                    kikan_id_t nrm = (kikan_id_t)round((1.0 - ps[ip]) * n);
                    const uint8_t *cp = qs[iq] < 1.0 ? coupled : NULL;
                    kikan_perc_result_t r;
                    CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, cp, perm, nrm, &r), KIKAN_OK);
                    ref_result_t ref = ref_cascade(a, b, cp, perm, nrm);
                    cases++;
                    if (ref.tie) {
                        continue;
                    }
                    compared++;
                    big += ref.giant_a > n / 10;
                    CU_ASSERT_EQUAL(r.giant_a, ref.giant_a);
                    CU_ASSERT_EQUAL(r.giant_b, ref.giant_b);
                    CU_ASSERT_EQUAL(r.rounds, ref.rounds);
                    /* repair on every step (ordered or walk-based first repairs), give up
                       every repair, and walk-based first repairs: the same cascade */
                    for (int mode = KIKAN_PERC_REPAIR_ALWAYS; mode < KIKAN_PERC_REPAIR_MODES;
                         mode++) {
                        kikan_perc_result_t rm;
                        kikan_perc_ws_set_repair_mode(ws, (kikan_perc_repair_mode_t)mode);
                        CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, cp, perm, nrm, &rm), KIKAN_OK);
                        kikan_perc_ws_set_repair_mode(ws, KIKAN_PERC_REPAIR_AUTO);
                        CU_ASSERT_EQUAL(rm.giant_a, ref.giant_a);
                        CU_ASSERT_EQUAL(rm.giant_b, ref.giant_b);
                        CU_ASSERT_EQUAL(rm.rounds, ref.rounds);
                        repairs_checked++;
                    }
                    if (r.giant_a != ref.giant_a || r.rounds != ref.rounds) {
                        fprintf(stderr, "mismatch n=%d k=%g p=%g q=%g: %d/%d rounds %d/%d\n", n,
                                ks[ik], ps[ip], qs[iq], r.giant_a, ref.giant_a, r.rounds,
                                ref.rounds);
                    }
                }
            }
            kikan_graph_free(&a);
            kikan_graph_free(&b);
        }
        free(perm);
        free(coupled);
        kikan_perc_ws_free(&ws);
    }
    gsl_rng_free(rng);
    /* ties are common only after a collapse (many pieces of one or two vertices) */
    CU_ASSERT(compared >= cases / 2);
    CU_ASSERT(big >= 60);
    CU_ASSERT_EQUAL(repairs_checked, (KIKAN_PERC_REPAIR_MODES - 1) * compared);
    fprintf(stderr, "compared %d of %d cases (the rest had ties), %d with a giant\n", compared,
            cases, big);
}

/*
 * The giant's spanning tree is built lazily, from the last full search's
 * order, only when a repair needs it (issue 17). One workspace used for
 * cascades on two different graph pairs in turn, with every step that can
 * repair made to repair (so every tree is built lazily, some after a full
 * search followed by another), must give what a fresh workspace gives: a
 * tree left by the other pair, or by an earlier full search, is never used.
 */
static kikan_perc_summary_t *run_threads(int threads, const kikan_perc_spec_t *spec);

static void test_lazy_tree_reuse(void)
{
    enum { N = 3001, NPTS = 4 };
    const double p[NPTS] = {0.95, 0.7, 0.64, 0.85};
    kikan_graph_t *g[4] = {NULL, NULL, NULL, NULL};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_FATAL(kikan_graph_er(NULL, N, 4.0, 31, (uint64_t)i, &g[i]) == KIKAN_OK);
    }
    kikan_perc_spec_t spec = {.n = N, .seed = 8};
    kikan_perc_ws_t *shared = NULL;
    CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, N, &shared) == KIKAN_OK);
    int compared = 0, rounds_seen = 0;
    for (int mode = KIKAN_PERC_REPAIR_AUTO; mode < KIKAN_PERC_REPAIR_MODES; mode++) {
        kikan_perc_ws_set_repair_mode(shared, (kikan_perc_repair_mode_t)mode);
        for (int i = 0; i < 2 * NPTS; i++) {
            const kikan_graph_t *a = g[2 * (i % 2)], *b = g[2 * (i % 2) + 1];
            kikan_id_t *ids = NULL, count = 0;
            CU_ASSERT_FATAL(kikan_perc_removal_order(&spec, 0, p[i / 2], &ids, &count) == KIKAN_OK);
            kikan_perc_ws_t *fresh = NULL;
            CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, N, &fresh) == KIKAN_OK);
            kikan_perc_result_t r1, r2;
            CU_ASSERT_EQUAL(kikan_perc_cascade(shared, a, b, NULL, ids, count, &r1), KIKAN_OK);
            CU_ASSERT_EQUAL(kikan_perc_cascade(fresh, a, b, NULL, ids, count, &r2), KIKAN_OK);
            CU_ASSERT_EQUAL(r1.giant_a, r2.giant_a);
            CU_ASSERT_EQUAL(r1.giant_b, r2.giant_b);
            CU_ASSERT_EQUAL(r1.rounds, r2.rounds);
            compared++;
            rounds_seen += r1.rounds >= 4; /* cascades long enough to repair */
            kikan_perc_ws_free(&fresh);
            free(ids);
        }
    }
    CU_ASSERT_EQUAL(compared, KIKAN_PERC_REPAIR_MODES * 2 * NPTS);
    CU_ASSERT(rounds_seen >= 4);
    /*
     * Sweep chains: A's first step, B's first and A's second are repaired from
     * the previous point's, and the next steps, where they are repairs, copy
     * those saved trees only then.
     * Every cell must equal the plain run (full searches, no chains), with
     * full and partial coupling (the same coupled pairs: same seed), on ER and
     * scale-free pairs, on 1 and 2 threads.
     */
    enum { NSW = 12 };
    double psw[NSW];
    for (int i = 0; i < NSW; i++) {
        psw[i] = 0.99 - 0.015 * i;
    }
    kikan_graph_t *sfa = NULL, *sfb = NULL;
    CU_ASSERT_FATAL(kikan_graph_sf(NULL, N, 2.5, 2, 31, 0, &sfa) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_graph_sf(NULL, N, 2.5, 2, 31, 1, &sfb) == KIKAN_OK);
    const kikan_graph_t *ga[3] = {g[0], g[0], sfa}, *gb[3] = {g[1], g[1], sfb};
    const double q[3] = {1.0, 0.6, 0.5};
    int differ = 0, high = 0;
    for (int c = 0; c < 3; c++) {
        kikan_perc_spec_t sw = {.kind = KIKAN_PERC_GIVEN,
                                .n = N,
                                .a = ga[c],
                                .b = gb[c],
                                .p = psw,
                                .np = NSW,
                                .coupling = q[c],
                                .reps = 1,
                                .seed = 8};
        sw.full_search = 1;
        kikan_perc_summary_t *plain = run_threads(1, &sw);
        sw.full_search = 0;
        for (int threads = 1; threads <= 2; threads++) {
            kikan_perc_summary_t *sum = run_threads(threads, &sw);
            CU_ASSERT_FATAL(sum != NULL && plain != NULL);
            for (int i = 0; i < NSW; i++) {
                differ += sum->mu[i] != plain->mu[i] || sum->rounds[i] != plain->rounds[i];
            }
            high += sum->mu[0] > 0.5;
            /* the chained steps are repaired, not just searched again (same results either
               way): A's first, B's first and A's second; on one thread the 12 points are four
               chains of three, so at most 8 are repaired */
            for (int k = 0; k < 3 && threads == 1; k++) {
                CU_ASSERT(sum->chained[k] >= NSW / 2);
            }
            kikan_perc_summary_free(&sum);
        }
        kikan_perc_summary_free(&plain);
    }
    CU_ASSERT_EQUAL(differ, 0);
    CU_ASSERT_EQUAL(high, 6);
    kikan_graph_free(&sfa);
    kikan_graph_free(&sfb);
    kikan_perc_ws_free(&shared);
    for (int i = 0; i < 4; i++) {
        kikan_graph_free(&g[i]);
    }
}

/* ---- ensembles ---------------------------------------------------------------- */

static kikan_perc_summary_t *run_threads(int threads, const kikan_perc_spec_t *spec)
{
    kikan_ctx_t *ctx = NULL;
    kikan_ctx_new(&ctx);
    kikan_ctx_set_threads(ctx, threads);
    kikan_perc_summary_t *s = NULL;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, spec, &s), KIKAN_OK);
    kikan_ctx_free(&ctx);
    return s;
}

static void test_thread_determinism(void)
{
    const double p[] = {0.93, 0.71, 0.615};
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER,
                              .n = 15013,
                              .k = 3.85,
                              .p = p,
                              .np = 3,
                              .coupling = 0.72,
                              .reps = 5,
                              .seed = 2026};
    kikan_perc_summary_t *s1 = run_threads(1, &spec);
    kikan_perc_summary_t *s2 = run_threads(2, &spec);
    kikan_perc_summary_t *s3 = run_threads(3, &spec);
    CU_ASSERT_FATAL(s1 != NULL && s2 != NULL && s3 != NULL);
    size_t bytes = sizeof(double) * 5 * 3;
    CU_ASSERT_EQUAL(memcmp(s1->mu, s2->mu, bytes), 0);
    CU_ASSERT_EQUAL(memcmp(s1->mu, s3->mu, bytes), 0);
    CU_ASSERT_EQUAL(memcmp(s1->rounds, s3->rounds, bytes), 0);
    CU_ASSERT_EQUAL(memcmp(s1->mu_mean, s3->mu_mean, sizeof(double) * 3), 0);
    CU_ASSERT_EQUAL(memcmp(s1->mu_sd, s3->mu_sd, sizeof(double) * 3), 0);
    /* replicates differ from each other, and mu falls with p (nested removals) */
    CU_ASSERT(s1->mu[0] != s1->mu[3]);
    for (int r = 0; r < 5; r++) {
        CU_ASSERT(s1->mu[r * 3] >= s1->mu[r * 3 + 1]);
        CU_ASSERT(s1->mu[r * 3 + 1] >= s1->mu[r * 3 + 2]);
    }
    /* another seed: other numbers */
    spec.seed = 2027;
    kikan_perc_summary_t *s4 = run_threads(2, &spec);
    CU_ASSERT(s4 != NULL && s4->mu[0] != s1->mu[0]);
    kikan_perc_summary_free(&s1);
    kikan_perc_summary_free(&s2);
    kikan_perc_summary_free(&s3);
    kikan_perc_summary_free(&s4);
    CU_ASSERT_PTR_NULL(s4);
}

/*
 * A sweep runs its p values in chains, each point's first step in A repaired
 * from the previous point's (nested removal sets). Every cell must equal the
 * cascade run on its own (kikan_perc_cascade, no chain), ties included: across
 * A's own percolation point (p k = 1, where A's giant is barely larger than
 * other pieces and the chain must fall back to a search) and the collapse.
 */
static void test_sweep_chains(void)
{
    enum { NPTS = 40 };
    double p[NPTS];
    for (int i = 0; i < NPTS; i++) {
        p[i] = i < 24 ? 0.2 + 0.0025 * i : 0.55 + 0.01 * (i - 24); /* 0.2-0.2575, 0.55-0.70 */
    }
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER,
                              .n = 6007,
                              .k = 4.0,
                              .p = p,
                              .np = NPTS,
                              .coupling = 1.0,
                              .reps = 3,
                              .seed = 77};
    kikan_perc_summary_t *s = run_threads(1, &spec);
    CU_ASSERT_FATAL(s != NULL);
    kikan_perc_ws_t *ws = NULL;
    CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, spec.n, &ws) == KIKAN_OK);
    int differ = 0;
    for (kikan_id_t r = 0; r < spec.reps; r++) {
        kikan_graph_t *a = NULL, *b = NULL;
        kikan_graph_er(NULL, spec.n, spec.k, spec.seed, 2 * (uint64_t)r, &a);
        kikan_graph_er(NULL, spec.n, spec.k, spec.seed, 2 * (uint64_t)r + 1, &b);
        for (int i = 0; i < NPTS; i++) {
            kikan_id_t *ids = NULL, count = 0;
            kikan_perc_result_t res;
            CU_ASSERT_FATAL(kikan_perc_removal_order(&spec, r, p[i], &ids, &count) == KIKAN_OK);
            CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, ids, count, &res), KIKAN_OK);
            free(ids);
            differ += s->mu[r * NPTS + i] != res.mu || s->rounds[r * NPTS + i] != res.rounds;
        }
        kikan_graph_free(&a);
        kikan_graph_free(&b);
    }
    CU_ASSERT_EQUAL(differ, 0);
    /* the points span A's own threshold: some giants of a few vertices, some large */
    CU_ASSERT(s->mu[0] < 0.01 && s->mu[NPTS - 1] > 0.3);
    kikan_perc_ws_free(&ws);
    kikan_perc_summary_free(&s);
}

/*
 * Union-find first steps: on one thread the 60 points (p = 0.70 down to 0.01) are four
 * chains of 15; below the threshold a chain's repair of A's first step fails, and its
 * later points take A's and B's first steps from union-find builds. Every cell must equal
 * a separate cascade, with full and partial coupling (partial: B's vertices without a
 * partner are live in every build), and the builds must have run, for A and for B: far
 * below A's own threshold (p < 0.25 at k = 4) its giants are a few vertices, ties
 * among them common, and not nested from point to point (read from the builds' lists).
 */
static void test_sweep_union_find(void)
{
    enum { NPTS = 60 };
    double p[NPTS];
    for (int i = 0; i < NPTS; i++) {
        p[i] = 0.70 - 0.0115 * i;
    }
    const double q[2] = {1.0, 0.6};
    for (int c = 0; c < 2; c++) {
        kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER,
                                  .n = 6007,
                                  .k = 4.0,
                                  .p = p,
                                  .np = NPTS,
                                  .coupling = q[c],
                                  .reps = 3,
                                  .seed = 91};
        kikan_perc_summary_t *s = run_threads(1, &spec);
        CU_ASSERT_FATAL(s != NULL);
        spec.full_search = 1; /* separate cascades, full searches only */
        kikan_perc_summary_t *plain = run_threads(1, &spec);
        CU_ASSERT_FATAL(plain != NULL);
        int differ = 0;
        for (int i = 0; i < NPTS * 3; i++) {
            differ += s->mu[i] != plain->mu[i] || s->rounds[i] != plain->rounds[i];
        }
        CU_ASSERT_EQUAL(differ, 0);
        CU_ASSERT(s->union_find[0] >= NPTS);
        CU_ASSERT(s->union_find[1] >= NPTS / 2);
        CU_ASSERT(plain->union_find[0] == 0 && plain->union_find[1] == 0);
        kikan_perc_summary_free(&s);
        kikan_perc_summary_free(&plain);
    }
    /* small networks, ER and scale-free: chains longer than the network has vertices (the
       per-point buffers are not n long), and a vertex whose component outgrows the giant by
       joining it (the new root becomes the best) */
    enum { NT = 101 };
    double pt[NT];
    for (int i = 0; i < NT; i++) {
        pt[i] = 0.01 * i;
    }
    int tiny_differ = 0;
    kikan_id_t tiny_uf = 0;
    const kikan_id_t ns[3] = {9, 33, 200};
    for (int k = 0; k < 3 * 2 * 2; k++) {
        for (uint64_t seed = 1; seed <= 10; seed++) {
            kikan_perc_spec_t tiny = {.kind = k % 2 ? KIKAN_PERC_SF : KIKAN_PERC_ER,
                                      .n = ns[k / 4],
                                      .k = 2.0,
                                      .gamma = 2.5,
                                      .kmin = 1,
                                      .p = pt,
                                      .np = NT,
                                      .coupling = k / 2 % 2 ? 0.5 : 1.0,
                                      .reps = 2,
                                      .seed = seed};
            kikan_perc_summary_t *s = run_threads(1, &tiny);
            tiny.full_search = 1;
            kikan_perc_summary_t *plain = run_threads(1, &tiny);
            CU_ASSERT_FATAL(s != NULL && plain != NULL);
            for (int i = 0; i < 2 * NT; i++) {
                tiny_differ += s->mu[i] != plain->mu[i] || s->rounds[i] != plain->rounds[i];
            }
            tiny_uf += s->union_find[0] + s->union_find[1];
            kikan_perc_summary_free(&s);
            kikan_perc_summary_free(&plain);
        }
    }
    CU_ASSERT_EQUAL(tiny_differ, 0);
    CU_ASSERT(tiny_uf > 0);
}

/*
 * A chain step whose repaired giant is smaller than another component of A:
 * A is a path of 39 vertices whose 31st is the first vertex removed, and a
 * path of 34. Without removals the giant is the 39-path (root at its first
 * vertex, 0); one removal leaves 30 + 8 and the giant must become the 34-path,
 * which the repair cannot see (it is cheap here: no give-up), so the chain
 * must fall back to a full search. B has the same edges: the cascade stops.
 */
static void test_sweep_chain_fallback(void)
{
    enum { N = 73, NX = 39, CUT = 30, NPTS = 8 };
    double p[NPTS] = {1.0, 1.0 - 1.0 / N, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_GIVEN,
                              .n = N,
                              .p = p,
                              .np = NPTS,
                              .coupling = 1.0,
                              .reps = 1,
                              .seed = 5};
    kikan_id_t *perm = NULL, count = 0;
    CU_ASSERT_FATAL(kikan_perc_removal_order(&spec, 0, 0.0, &perm, &count) == KIKAN_OK);
    CU_ASSERT_FATAL(perm[0] != 0);
    kikan_id_t verts[N], ea[2 * (N - 2)], ne = 0;
    verts[CUT] = perm[0];
    for (kikan_id_t v = 0, k = 0; v < N; v++) {
        if (v != perm[0]) {
            k += k == CUT;
            verts[k++] = v;
        }
    }
    for (kikan_id_t i = 0; i + 1 < NX; i++, ne++) {
        ea[2 * ne] = verts[i];
        ea[2 * ne + 1] = verts[i + 1];
    }
    for (kikan_id_t i = NX; i + 1 < N; i++, ne++) {
        ea[2 * ne] = verts[i];
        ea[2 * ne + 1] = verts[i + 1];
    }
    kikan_graph_t *a = NULL, *b = NULL;
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, N, ne, ea, 1, &a) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, N, ne, ea, 1, &b) == KIKAN_OK);
    spec.a = a;
    spec.b = b;
    kikan_perc_summary_t *s = run_threads(1, &spec); /* 4 chains: the first is p = 1, 1 - 1/N */
    CU_ASSERT_FATAL(s != NULL);
    kikan_perc_ws_t *ws = NULL;
    CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, N, &ws) == KIKAN_OK);
    for (int i = 0; i < NPTS; i++) {
        kikan_perc_result_t res;
        kikan_id_t c = (kikan_id_t)round((1.0 - p[i]) * N);
        CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, perm, c, &res), KIKAN_OK);
        CU_ASSERT_EQUAL(s->mu[i], res.mu);
        CU_ASSERT_EQUAL(s->rounds[i], res.rounds);
    }
    /* one removal: A keeps the 34-path (B, the same graph, then keeps it too) */
    CU_ASSERT_EQUAL(s->mu[1], (double)(N - NX) / N);
    kikan_perc_ws_free(&ws);
    kikan_perc_summary_free(&s);
    kikan_graph_free(&a);
    kikan_graph_free(&b);
    free(perm);
}

static void test_run_given_and_errors(void)
{
    const kikan_id_t ea[] = {0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6};
    const kikan_id_t eb[] = {0, 1, 1, 2, 2, 3, 4, 5, 5, 6};
    kikan_graph_t *a = NULL, *b = NULL;
    kikan_graph_from_edges(NULL, 7, 6, ea, 1, &a);
    kikan_graph_from_edges(NULL, 7, 5, eb, 1, &b);
    kikan_ctx_t *ctx = NULL;
    kikan_ctx_new(&ctx);
    const double p1[] = {1.0};
    const kikan_id_t rm[] = {2, 2};
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_GIVEN,
                              .n = 7,
                              .a = a,
                              .b = b,
                              .p = p1,
                              .np = 1,
                              .coupling = 1.0,
                              .initial = rm,
                              .ninitial = 2,
                              .reps = 3,
                              .seed = 7};
    kikan_perc_summary_t *s = NULL;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &spec, &s), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(s->mu_mean[0], 3.0 / 7.0, 1e-15);
    CU_ASSERT_EQUAL(s->mu_sd[0], 0.0);
    CU_ASSERT_EQUAL(s->rounds_mean[0], 2.0);
    kikan_perc_summary_free(&s);
    /* bad specs */
    kikan_perc_spec_t bad = spec;
    const double pbad[] = {1.25};
    bad.p = pbad;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    bad = spec;
    bad.coupling = -0.5;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    bad = spec;
    bad.reps = 0;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    bad = spec;
    bad.n = 8;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    bad = spec;
    const kikan_id_t rmbad[] = {7};
    bad.initial = rmbad;
    bad.ninitial = 1;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    bad = spec;
    bad.kind = KIKAN_PERC_SF;
    bad.gamma = 0.5;
    bad.kmin = 2;
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &bad, &s), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, NULL, &s), KIKAN_EINVAL);
    CU_ASSERT_PTR_NULL(s);
    /* stop flag */
    kikan_ctx_request_stop(ctx);
    CU_ASSERT_EQUAL(kikan_perc_run(ctx, &spec, &s), KIKAN_EINTERRUPTED);
    kikan_ctx_free(&ctx);
    /* allocation failures at every step leave nothing behind (ASan checks leaks) */
    int failed = 0, succeeded = 0;
    for (int i = 0; i < 80 && !succeeded; i++) {
        kikan_ctx_new(&ctx);
        kikan_ctx_fail_alloc_after(ctx, i);
        kikan_error_t e = kikan_perc_run(ctx, &spec, &s);
        CU_ASSERT(e == KIKAN_OK || e == KIKAN_ENOMEM);
        failed += e == KIKAN_ENOMEM;
        succeeded = e == KIKAN_OK;
        kikan_perc_summary_free(&s);
        kikan_ctx_free(&ctx);
    }
    CU_ASSERT(failed > 5);
    CU_ASSERT(succeeded);
    /* the same with sweep chains (their three saved layers), on 1 and 2 threads */
    const double pch[] = {0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0};
    kikan_perc_spec_t chained = spec;
    chained.p = pch;
    chained.np = 10;
    for (int threads = 1; threads <= 2; threads++) {
        int cfailed = 0, csucceeded = 0;
        for (int i = 0; i < 400 && !csucceeded; i++) {
            kikan_ctx_new(&ctx);
            kikan_ctx_set_threads(ctx, threads);
            kikan_ctx_fail_alloc_after(ctx, i);
            kikan_error_t e = kikan_perc_run(ctx, &chained, &s);
            CU_ASSERT(e == KIKAN_OK || e == KIKAN_ENOMEM);
            cfailed += e == KIKAN_ENOMEM;
            csucceeded = e == KIKAN_OK;
            if (e == KIKAN_OK) {
                CU_ASSERT(s->chained[0] > 0); /* the chains ran */
            }
            kikan_perc_summary_free(&s);
            kikan_ctx_free(&ctx);
        }
        CU_ASSERT(cfailed > 30);
        CU_ASSERT(csucceeded);
    }
    kikan_graph_free(&a);
    kikan_graph_free(&b);
}

static void test_collapse_point(void)
{
    const double p[] = {0.7, 0.65, 0.6, 0.55};
    const double mu[] = {0.51, 0.43, 0.02, 0.0};
    CU_ASSERT_DOUBLE_EQUAL(kikan_perc_collapse_point(p, mu, 4), 0.625, 1e-12);
    CU_ASSERT(isnan(kikan_perc_collapse_point(p, mu, 1)));
    /* the removal order of the library is the one the ensemble uses: a prefix property */
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER, .n = 100, .k = 2.0, .seed = 3};
    kikan_id_t *x = NULL, *y = NULL, nx = 0, ny = 0;
    CU_ASSERT_EQUAL(kikan_perc_removal_order(&spec, 4, 0.75, &x, &nx), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_perc_removal_order(&spec, 4, 0.4, &y, &ny), KIKAN_OK);
    CU_ASSERT_EQUAL(nx, 25);
    CU_ASSERT_EQUAL(ny, 60);
    CU_ASSERT_EQUAL(memcmp(x, y, sizeof(kikan_id_t) * 25), 0);
    free(x);
    free(y);
    CU_ASSERT_EQUAL(kikan_perc_removal_order(&spec, 4, 1.5, &x, &nx), KIKAN_EINVAL);
}

/* ---- the command line ----------------------------------------------------------- */

static void test_cli(void)
{
    char *out = NULL, *err = NULL, args[4096], pa[512], pb[512], pf[512];
    CU_ASSERT_EQUAL(kikan_test_cli("percolate --help", &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "--coupling"));
    free(out);
    const char *usage_errors[] = {
        "percolate",
        "percolate --er 100 --k 2 --p 1.5",
        "percolate --er 100 --k 2",
        "percolate --er 100 --p 0.5",
        "percolate --er 100 --k 2 --p 0.5 --bogus",
        "percolate --er 100 --k 2 --sweep 0.1:0.5",
        "percolate --er 100 --k 2 --sweep 0.1:0.5:0",
        "percolate --er 100 --k 2 --p 0.5 --sweep 0.1:0.5:0.1",
        "percolate --er 100 --k 2 --p 0.5 --coupling 1.2",
        "percolate --er 100 --k 2 --p 0.5 --reps 0",
        "percolate --er 100 --k 2 --p 0.5 --threads 0",
        "percolate --er 100 --k 99.5 --p 0.5",
        "percolate --sf 100 --gamma 0.9 --kmin 2 --p 0.5",
        "percolate --er 100 --k 2 --sf 100 --p 0.5",
        "percolate --graph-a x --p 0.5",
        "percolate --er 100 --k 2 --p abc",
        "percolate --er 100 --k 2 --p 0.5 --initial-failures /dev/null",
        "percolate --graph-a /nonexistent/a --graph-b /nonexistent/b --n 5 --p 0.5",
    };
    for (size_t i = 0; i < sizeof(usage_errors) / sizeof(usage_errors[0]); i++) {
        CU_ASSERT_EQUAL(kikan_test_cli(usage_errors[i], NULL, NULL), 2);
    }
    /* the message gives the value refused, as every option's does */
    CU_ASSERT_EQUAL(kikan_test_cli("percolate --er 100 --k 2 --p 0.5 --threads 0", NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "--threads: expected 1..4096, got '0'"));
    free(err);
    err = NULL;
    /* the hand example through files and an initial-failure list */
    path_in(pa, sizeof(pa), "a.edges");
    path_in(pb, sizeof(pb), "b.edges");
    path_in(pf, sizeof(pf), "fail.txt");
    CU_ASSERT(kikan_test_write(pa, "# path\n0 1\n1 2\n2 3\n3 4\n4 5\n5 6\n"));
    CU_ASSERT(kikan_test_write(pb, "0 1\n1 2\n2 3\n\n4 5\n5 6\n"));
    CU_ASSERT(kikan_test_write(pf, "2\n"));
    snprintf(args, sizeof(args),
             "percolate --graph-a '%s' --graph-b '%s' --n 7 --initial-failures '%s' --json "
             "--seed 11",
             pa, pb, pf);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"mu\": 0.42857142857142855"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"rounds\": 2"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"kikan_version\""));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"seed\": 11"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"cascade_seconds\""));
    free(out);
    free(err);
    /* an id beyond --n in the failure list, a bad edge line: exit 2 with FILE:LINE */
    CU_ASSERT(kikan_test_write(pf, "2\n7\n"));
    CU_ASSERT_EQUAL(kikan_test_cli(args, NULL, &err), 2);
    snprintf(args, sizeof(args), "%s:2:", pf);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, args));
    free(err);
    CU_ASSERT(kikan_test_write(pb, "0 1\n1 2\n2 three\n"));
    snprintf(args, sizeof(args), "percolate --graph-a '%s' --graph-b '%s' --n 7 --p 0.9", pa, pb);
    CU_ASSERT_EQUAL(kikan_test_cli(args, NULL, &err), 2);
    snprintf(args, sizeof(args), "%s:3: field 2: expected a non-negative integer id, got 'three'",
             pb);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, args));
    free(err);
    /* a sweep in text and JSON; the table names version and seed */
    CU_ASSERT_EQUAL(
        kikan_test_cli("percolate --er 3000 --k 3.5 --sweep 0.9:0.5:0.1 --seed 5 --reps 2", &out,
                       NULL),
        0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "kikan 0."));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "seed = 5"));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "p_c"));
    free(out);
    CU_ASSERT_EQUAL(kikan_test_cli("percolate --sf 3000 --gamma 2.6 --kmin 2 --sweep "
                                   "0.5:0.9:0.2 --json --coupling 0.5 --threads 2",
                                   &out, NULL),
                    0);
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"curve\": ["));
    CU_ASSERT_PTR_NOT_NULL(out && strstr(out, "\"p_c\": 0."));
    free(out);
    /* --write-graphs writes files that read back to the same result */
    char prefix[512];
    path_in(prefix, sizeof(prefix), "w");
    snprintf(args, sizeof(args),
             "percolate --er 2000 --k 4.2 --p 0.8 --seed 9 --json --write-graphs '%s'", prefix);
    char *o1 = NULL, *o2 = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli(args, &o1, NULL), 0);
    snprintf(args, sizeof(args),
             "percolate --graph-a '%s-a.edges' --graph-b '%s-b.edges' --n 2000 "
             "--initial-failures '%s-failures.txt' --json",
             prefix, prefix, prefix);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &o2, NULL), 0);
    const char *m1 = o1 ? strstr(o1, "\"mu\": ") : NULL, *m2 = o2 ? strstr(o2, "\"mu\": ") : NULL;
    CU_ASSERT(m1 != NULL && m2 != NULL && strncmp(m1, m2, 20) == 0);
    free(o1);
    free(o2);
}

int main(void)
{
    tmpdir = kikan_test_tmpdir();
    if (tmpdir == NULL || CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("percolation", NULL, NULL);
    CU_add_test(s, "edge-list and id-list errors", test_read_errors);
    CU_add_test(s, "empty graph and one vertex", test_empty_and_one_vertex);
    CU_add_test(s, "hand-computed cascades", test_hand_cascade);
    CU_add_test(s, "fast kernel equals full-search reference", test_against_reference);
    CU_add_test(s, "a tie after the root died is broken as a full search",
                test_tie_after_root_died);
    CU_add_test(s, "every repair mode keeps the same vertices", test_modes_same_vertices);
    CU_add_test(s, "lazy spanning tree never stale", test_lazy_tree_reuse);
    CU_add_test(s, "bit-identical across thread counts", test_thread_determinism);
    CU_add_test(s, "sweep chains equal separate cascades", test_sweep_chains);
    CU_add_test(s, "sweep chain falls back to a full search", test_sweep_chain_fallback);
    CU_add_test(s, "union-find first steps equal separate cascades", test_sweep_union_find);
    CU_add_test(s, "given graphs, bad specs, allocation failures", test_run_given_and_errors);
    CU_add_test(s, "collapse point and removal order", test_collapse_point);
    CU_add_test(s, "command line", test_cli);
    int rc = kikan_test_main();
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
        rc = rc ? rc : 1;
    }
    free(tmpdir);
    return rc;
}
