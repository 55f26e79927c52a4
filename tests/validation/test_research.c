/*
 * Validation of the research network models against hand-solved cases and
 * published theory:
 *   - Motter–Lai load redistribution (PRE 66, 065102, 2002) on small graphs
 *     whose betweenness and cascade are worked out by hand below;
 *   - our Brandes betweenness against igraph_betweenness, and its
 *     bit-identity across thread counts;
 *   - Watts' cascade window (PNAS 99, 5766, 2002) on ER graphs of N = 10^4.
 *
 * Betweenness here counts each unordered pair {s, t} once (igraph/NetworkX
 * unnormalised convention): a pair with several shortest paths contributes
 * the fraction of them that pass through v.
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/research.h"
#include "tests/testutil.h"

static kikan_ctx_t *ctx;

static kikan_graph_t *make(kikan_id_t n, kikan_id_t m, const kikan_id_t *e)
{
    kikan_graph_t *g = NULL;
    CU_ASSERT_FATAL(kikan_graph_from_edges(ctx, n, m, e, 0, &g) == KIKAN_OK);
    return g;
}

/* Exact comparisons of loads: the hand values are small integers or halves,
 * and every Brandes term here is a ratio of small path counts, so the only
 * error is a few roundings; 1e-12 relative is far above it. */
#define ASSERT_LOAD(x, want) CU_ASSERT(fabs((x) - (want)) <= 1e-12 * fmax(1.0, fabs(want)))

/* ---- path of 5: 0-1-2-3-4 ------------------------------------------------
 * Loads: L1 = pairs {0,2},{0,3},{0,4} = 3; L2 = {0,3},{0,4},{1,3},{1,4} = 4;
 * L3 = 3; L0 = L4 = 0.
 * Attack vertex 1 (alpha 0.2): parts {0} and 2-3-4; new L3 = 1 (pair {2,4})
 *   <= C3 = 3.6, L2 = L4 = 0: no overload. failed 1, giant 3/5.
 * Attack highest = vertex 2: parts 0-1 and 3-4, all loads 0. failed 1, giant 2/5. */
static const kikan_id_t PATH5[] = {0, 1, 1, 2, 2, 3, 3, 4};

static void test_path5(void)
{
    kikan_graph_t *g = make(5, 4, PATH5);
    double L[5];
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L) == KIKAN_OK);
    ASSERT_LOAD(L[0], 0.0);
    ASSERT_LOAD(L[1], 3.0);
    ASSERT_LOAD(L[2], 4.0);
    ASSERT_LOAD(L[3], 3.0);
    ASSERT_LOAD(L[4], 0.0);
    kikan_load_result_t r;
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.2, 1, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 3);
    CU_ASSERT_EQUAL(r.giant_fraction, 3.0 / 5.0);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.2, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 2);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 2);
    kikan_graph_free(&g);
}

/* ---- ring of 7 ------------------------------------------------------------
 * In C_7 every pair at distance d (d = 1..3, 7 pairs each) has one shortest
 * path with d - 1 inner vertices: total inner count 7·(0+1+2) = 21, i.e.
 * L = 3 for every vertex. Removing vertex 0 leaves the path 1-2-3-4-5-6,
 * where position i (0..5) carries i·(5-i): L2 = 4, L3 = 6, L4 = 6, L5 = 4.
 *  alpha 0.5 (C = 4.5): 3 and 4 fail at once; parts 1-2 and 5-6 carry no
 *    load. failed 3, giant 2/7, 1 round.
 *  alpha 0.2 (C = 3.6): 2, 3, 4, 5 all fail at once; 1 and 6 isolated.
 *    failed 5, giant 1/7.
 *  alpha 1.0 (C = 6): L3 = L4 = 6 = C is not an overload (L > C fails): the
 *    relative slack keeps rounding out of this tie. failed 1, giant 6/7. */
static void test_ring7(void)
{
    kikan_id_t e[14];
    for (kikan_id_t i = 0; i < 7; i++) {
        e[2 * i] = i;
        e[2 * i + 1] = (i + 1) % 7;
    }
    kikan_graph_t *g = make(7, 7, e);
    double L[7];
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L) == KIKAN_OK);
    for (int i = 0; i < 7; i++) {
        ASSERT_LOAD(L[i], 3.0);
    }
    uint8_t alive[7] = {0, 1, 1, 1, 1, 1, 1};
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, alive, L) == KIKAN_OK);
    ASSERT_LOAD(L[0], 0.0);
    ASSERT_LOAD(L[1], 0.0);
    ASSERT_LOAD(L[2], 4.0);
    ASSERT_LOAD(L[3], 6.0);
    ASSERT_LOAD(L[4], 6.0);
    ASSERT_LOAD(L[5], 4.0);
    ASSERT_LOAD(L[6], 0.0);

    kikan_load_result_t r;
    uint8_t mask[7];
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.5, 0, &r, mask) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 3);
    CU_ASSERT_EQUAL(r.rounds, 1);
    CU_ASSERT_EQUAL(r.giant, 2);
    CU_ASSERT_EQUAL(r.giant_fraction, 2.0 / 7.0);
    const uint8_t want_mask[7] = {1, 0, 0, 1, 1, 0, 0};
    CU_ASSERT(memcmp(mask, want_mask, 7) == 0);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.2, 0, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 5);
    CU_ASSERT_EQUAL(r.giant, 1);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 1.0, 0, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.rounds, 0);
    CU_ASSERT_EQUAL(r.giant, 6);
    /* all loads tie: 'highest' takes the lowest id */
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.5, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 0);
    kikan_graph_free(&g);
}

/* ---- star: hub 0, leaves 1..5 --------------------------------------------
 * L0 = C(5,2) = 10, leaves 0. Attacking the hub (highest) isolates every
 * leaf: failed 1, giant 1/6. Attacking leaf 3: hub load C(4,2) = 6 < 10.
 * failed 1, giant 5/6. */
static void test_star(void)
{
    const kikan_id_t e[] = {0, 1, 0, 2, 0, 3, 0, 4, 0, 5};
    kikan_graph_t *g = make(6, 5, e);
    kikan_load_result_t r;
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.05, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 0);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 1);
    CU_ASSERT_EQUAL(r.giant_fraction, 1.0 / 6.0);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.05, 3, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 5);
    kikan_graph_free(&g);
}

/* ---- two K4 joined by the bridge 3-4 --------------------------------------
 * L3 = pairs {0,1,2} x {4,5,6,7} = 12, L4 = 12 likewise, all others 0.
 * 'highest' ties 3 and 4 and takes 3; the rest splits into K3 and K4 with no
 * load. failed 1, giant 4/8. */
static const kikan_id_t BRIDGE[] = {0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3, 4,
                                    5, 4, 6, 4, 7, 5, 6, 5, 7, 6, 7, 3, 4};

static void test_bridge(void)
{
    kikan_graph_t *g = make(8, 13, BRIDGE);
    double L[8];
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L) == KIKAN_OK);
    ASSERT_LOAD(L[3], 12.0);
    ASSERT_LOAD(L[4], 12.0);
    ASSERT_LOAD(L[0], 0.0);
    kikan_load_result_t r;
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.3, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 3);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant_fraction, 0.5);
    kikan_graph_free(&g);
}

/* ---- two triangles joined by two parallel connectors ----------------------
 * Triangles {0,1,2} and {3,4,5}; connectors 6 and 7 each adjacent to 2 and 3.
 * Each of the 9 pairs A x B has two shortest paths (via 6 or via 7):
 *   L6 = L7 = 9/2 = 4.5.
 * L2 = pairs {0,1} x {3,4,5,6,7} (10) + half of pair {6,7} (6-2-7 or 6-3-7)
 *    = 10.5, L3 = 10.5, others 0.
 * Attack 6: all 9 A x B pairs now go through 7: L7 = 9.
 *   alpha 0.5 (C7 = 6.75): 7 fails, the triangles separate with no load.
 *     failed 2, giant 3/8, 1 round.
 *   alpha 1.0 (C7 = 9 = L7): no overload. failed 1, giant 7/8.
 * Attack highest: 2 and 3 tie at 10.5, take 2: {0,1} splits off; in the rest
 *   L3 = pairs among {4,5,6,7} through 3 = {6,7},{6,4},{6,5},{7,4},{7,5} = 5
 *   <= 10.5·1.5. failed 1, giant 5/8. */
static const kikan_id_t TWIN[] = {0, 1, 0, 2, 1, 2, 3, 4, 3, 5, 4, 5, 2, 6, 6, 3, 2, 7, 7, 3};

static void test_twin_connectors(void)
{
    kikan_graph_t *g = make(8, 10, TWIN);
    double L[8];
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L) == KIKAN_OK);
    ASSERT_LOAD(L[6], 4.5);
    ASSERT_LOAD(L[7], 4.5);
    ASSERT_LOAD(L[2], 10.5);
    ASSERT_LOAD(L[3], 10.5);
    ASSERT_LOAD(L[0], 0.0);
    ASSERT_LOAD(L[5], 0.0);
    kikan_load_result_t r;
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.5, 6, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 2);
    CU_ASSERT_EQUAL(r.rounds, 1);
    CU_ASSERT_EQUAL(r.giant_fraction, 3.0 / 8.0);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 1.0, 6, &r, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant_fraction, 7.0 / 8.0);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.5, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 2);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant_fraction, 5.0 / 8.0);
    kikan_graph_free(&g);
}

/* One vertex, and three vertices without edges: all loads 0, 'highest'
 * takes vertex 0. */
static void test_tiny(void)
{
    kikan_graph_t *g = make(1, 0, NULL);
    kikan_load_result_t r;
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.7, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 0);
    CU_ASSERT_EQUAL(r.giant_fraction, 0.0);
    kikan_graph_free(&g);
    g = make(3, 0, NULL);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.7, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_EQUAL(r.attacked, 0);
    CU_ASSERT_EQUAL(r.failed, 1);
    CU_ASSERT_EQUAL(r.giant, 1);
    kikan_graph_free(&g);
    /* n = 0: nothing to attack */
    g = make(0, 0, NULL);
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, 0.7, KIKAN_LOAD_ATTACK_HIGHEST, &r, NULL),
                    KIKAN_EINVAL);
    kikan_graph_free(&g);
}

static void test_load_errors(void)
{
    kikan_graph_t *g = make(5, 4, PATH5);
    kikan_load_result_t r;
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, -0.25, 1, &r, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, NAN, 1, &r, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, 0.3, 5, &r, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_load_cascade(ctx, g, 0.3, -7, &r, NULL), KIKAN_EINVAL);
    /* every allocation of the cascade can fail cleanly */
    for (int k = 0; k < 12; k++) {
        kikan_ctx_fail_alloc_after(ctx, k);
        kikan_error_t e = kikan_load_cascade(ctx, g, 0.3, 1, &r, NULL);
        kikan_ctx_fail_alloc_after(ctx, -1);
        CU_ASSERT(e == KIKAN_OK || e == KIKAN_ENOMEM);
    }
    kikan_graph_free(&g);
    const kikan_id_t bad[] = {0, 5};
    CU_ASSERT_EQUAL(kikan_graph_from_edges(ctx, 5, 1, bad, 0, &g), KIKAN_EINVAL);
    CU_ASSERT_PTR_NULL(g);
}

/* Our Brandes against igraph_betweenness on an ER graph with many tied
 * shortest paths (N = 400, z = 3.7). Relative tolerance 1e-9: both sum the
 * same rationals in different orders over ~N^2 terms, so they agree to about
 * N^2·eps ≈ 4e-11 relative. Also: 1, 2 and 3 threads give identical bits. */
static void test_brandes_vs_igraph(void)
{
    kikan_graph_t *g = NULL;
    CU_ASSERT_FATAL(kikan_graph_er(ctx, 400, 3.7, 20261125, 0, &g) == KIKAN_OK);
    CU_ASSERT_EQUAL(g->m, 740);
    igraph_vector_int_t ev;
    igraph_vector_int_init(&ev, 2 * g->m);
    igraph_integer_t k = 0;
    for (kikan_id_t v = 0; v < g->n; v++) {
        for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
            if (g->adj[i] > v) {
                VECTOR(ev)[k++] = v;
                VECTOR(ev)[k++] = g->adj[i];
            }
        }
    }
    igraph_t ig;
    igraph_create(&ig, &ev, g->n, IGRAPH_UNDIRECTED);
    igraph_vector_t ib;
    igraph_vector_init(&ib, 0);
    igraph_betweenness(&ig, &ib, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL);
    double *L1 = malloc(sizeof(double) * (size_t)g->n);
    double *L2 = malloc(sizeof(double) * (size_t)g->n);
    double *L3 = malloc(sizeof(double) * (size_t)g->n);
    kikan_ctx_set_threads(ctx, 1);
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L1) == KIKAN_OK);
    kikan_ctx_set_threads(ctx, 2);
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L2) == KIKAN_OK);
    kikan_ctx_set_threads(ctx, 3);
    CU_ASSERT_FATAL(kikan_load_betweenness(ctx, g, NULL, L3) == KIKAN_OK);
    int bad = 0;
    for (kikan_id_t v = 0; v < g->n; v++) {
        double want = VECTOR(ib)[v];
        bad += fabs(L1[v] - want) > 1e-9 * fmax(1.0, want);
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(memcmp(L1, L2, sizeof(double) * (size_t)g->n) == 0);
    CU_ASSERT(memcmp(L1, L3, sizeof(double) * (size_t)g->n) == 0);
    /* the whole cascade is thread-count independent too */
    kikan_load_result_t r1, r3;
    kikan_ctx_set_threads(ctx, 1);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.15, KIKAN_LOAD_ATTACK_HIGHEST, &r1, NULL) ==
                    KIKAN_OK);
    kikan_ctx_set_threads(ctx, 3);
    CU_ASSERT_FATAL(kikan_load_cascade(ctx, g, 0.15, KIKAN_LOAD_ATTACK_HIGHEST, &r3, NULL) ==
                    KIKAN_OK);
    CU_ASSERT(memcmp(&r1, &r3, sizeof(r1)) == 0);
    CU_ASSERT(r1.failed >= 1 && r1.failed <= g->n);
    free(L1);
    free(L2);
    free(L3);
    igraph_vector_destroy(&ib);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&ev);
    kikan_graph_free(&g);
}

/* ---- Watts threshold cascades ---------------------------------------------- */

/* Hand cases: path 0-1-2-3-4 with phi = 0.5: every vertex has k <= 2, one
 * failed neighbour is >= half, so a seed anywhere fails all 5. With phi = 0.6
 * the degree-2 vertices need 2 failed neighbours (1/2 < 0.6): seed 2 fails
 * alone; seed 0 fails 0, then 1 has 1/2 < 0.6: cascade 1. Star hub 0 with 4
 * leaves, phi = 0.25: seeding the hub fails every leaf (1/1); seeding a leaf
 * fails the hub (1/4 >= 0.25 — exactly at the threshold, the tie rule) and
 * then every leaf: 5. With phi = 0.26 a leaf seed stays alone. */
static void test_threshold_hand(void)
{
    kikan_graph_t *g = make(5, 4, PATH5);
    uint8_t state[5] = {0};
    kikan_id_t count[5] = {0}, queue[10], failed = 0;
    CU_ASSERT(kikan_threshold_cascade(g, 0.5, 3, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 5);
    CU_ASSERT(kikan_threshold_cascade(g, 0.6, 2, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 1);
    CU_ASSERT(kikan_threshold_cascade(g, 0.6, 0, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 1);
    /* workspaces are left clean */
    for (int i = 0; i < 5; i++) {
        CU_ASSERT_EQUAL(state[i], 0);
        CU_ASSERT_EQUAL(count[i], 0);
    }
    CU_ASSERT_EQUAL(kikan_threshold_cascade(g, 0.0, 0, state, count, queue, &failed), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_threshold_cascade(g, 1.5, 0, state, count, queue, &failed), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_threshold_cascade(g, 0.5, 5, state, count, queue, &failed), KIKAN_EINVAL);
    kikan_graph_free(&g);
    const kikan_id_t star[] = {0, 1, 0, 2, 0, 3, 0, 4};
    g = make(5, 4, star);
    CU_ASSERT(kikan_threshold_cascade(g, 0.25, 0, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 5);
    CU_ASSERT(kikan_threshold_cascade(g, 0.25, 2, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 5);
    CU_ASSERT(kikan_threshold_cascade(g, 0.26, 2, state, count, queue, &failed) == KIKAN_OK);
    CU_ASSERT_EQUAL(failed, 1);
    kikan_graph_free(&g);
    /* one isolated vertex: the seed alone, every replicate */
    g = make(1, 0, NULL);
    kikan_threshold_result_t res;
    CU_ASSERT(kikan_threshold_run(ctx, g, 0.3, 7, 99, &res, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(res.mean_fraction, 1.0);
    CU_ASSERT_EQUAL(res.global_probability, 1.0);
    CU_ASSERT_EQUAL(kikan_threshold_run(ctx, g, 0.3, 0, 99, &res, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_threshold_run(ctx, g, -0.1, 5, 99, &res, NULL), KIKAN_EINVAL);
    kikan_graph_free(&g);
}

/* Watts' window for phi = 0.18: floor(1/phi) = 5, so the condition
 * sum_{k<=5} k(k-1) p_k = z on Poisson p_k reads
 *   z e^{-z} (1 + z + z^2/2 + z^3/6) = 1.
 * By hand: at z = 1 the left side is 2.667/e = 0.981 < 1 and at z = 1.05 it is
 * 1.027, so 1 < z_low < 1.05; at z = 5.5 it is 1.109, at z = 6 it is 0.907,
 * so 5.5 < z_high < 6. */
static void test_watts_window_edges(void)
{
    double lo = 0.0, hi = 0.0;
    CU_ASSERT_FATAL(kikan_threshold_watts_window(0.18, &lo, &hi) == KIKAN_OK);
    CU_ASSERT(lo > 1.0 && lo < 1.05);
    CU_ASSERT(hi > 5.5 && hi < 6.0);
    CU_ASSERT(fabs(kikan_threshold_watts_condition(lo, 0.18)) < 1e-9);
    CU_ASSERT(fabs(kikan_threshold_watts_condition(hi, 0.18)) < 1e-9);
    /* phi = 0.6: floor(1/phi) = 1, no vertex with k >= 2 is vulnerable: no window */
    CU_ASSERT_EQUAL(kikan_threshold_watts_window(0.6, &lo, &hi), KIKAN_ENUMERIC);
    CU_ASSERT_EQUAL(kikan_threshold_watts_window(0.0, &lo, &hi), KIKAN_EINVAL);
}

/* The graph is kikan_graph_er's stream 0: the network `kikan threshold --er` and
 * `kikan percolate --er`'s replicate 0 network A run on. */
static double global_probability(double z, int64_t reps, uint64_t seed, int threads, double *mean)
{
    kikan_graph_t *g = NULL;
    kikan_threshold_result_t res;
    CU_ASSERT_FATAL(kikan_graph_er(ctx, 10000, z, seed, 0, &g) == KIKAN_OK);
    kikan_ctx_set_threads(ctx, threads);
    CU_ASSERT_FATAL(kikan_threshold_run(ctx, g, 0.18, reps, seed, &res, NULL) == KIKAN_OK);
    kikan_graph_free(&g);
    if (mean) {
        *mean = res.mean_fraction;
    }
    return res.global_probability;
}

/* Simulation against the window, N = 10^4, 300 replicates per point.
 *  - Middle of the window, z = (z_low + z_high)/2 ≈ 3.4: a global cascade
 *    starts when the seed hits the vulnerable cluster that percolates, so
 *    the probability is that cluster's share of N (Watts 2002) — 0.84 to
 *    0.90 in our runs at z = 3 and 4 (seeds 1-3, 400 replicates each; 0.89
 *    for this test's seed 4242 at z ≈ 3.39). We require > 0.6, more than 10
 *    binomial standard deviations (sqrt(0.88·0.12/300) = 0.019) below.
 *  - Below: z = z_low / 2 ≈ 0.5 < 1 has no giant component at all, so no
 *    cascade can reach 10% of N: probability must be 0.
 *  - Above: the upper transition is discontinuous and finite N blurs it by a
 *    few tenths of z (at N = 10^4 we measured 0.06 to 0.12 at z = 6.0, ~0.2
 *    above z_high, and 0 to 0.015 at z = 6.5; seeds 1-3, 400 replicates);
 *    we test z_high + 1 ≈ 6.76 and require < 0.01 (we measure 0).
 *  - bit-identical results with 1 and 2 threads. */
static void test_watts_window_simulation(void)
{
    double lo = 0.0, hi = 0.0, mean = 0.0, mean2 = 0.0;
    CU_ASSERT_FATAL(kikan_threshold_watts_window(0.18, &lo, &hi) == KIKAN_OK);
    double pmid = global_probability(0.5 * (lo + hi), 300, 4242, 2, &mean);
    CU_ASSERT(pmid > 0.6);
    CU_ASSERT(mean > 0.5);
    double pmid1 = global_probability(0.5 * (lo + hi), 300, 4242, 1, &mean2);
    CU_ASSERT_EQUAL(pmid, pmid1);
    CU_ASSERT(memcmp(&mean, &mean2, sizeof(double)) == 0);
    CU_ASSERT_EQUAL(global_probability(0.5 * lo, 300, 77, 2, NULL), 0.0);
    CU_ASSERT(global_probability(hi + 1.0, 300, 31337, 2, NULL) < 0.01);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS || kikan_ctx_new(&ctx) != KIKAN_OK) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("research", NULL, NULL);
    CU_add_test(s, "motter-lai path of 5", test_path5);
    CU_add_test(s, "motter-lai ring of 7", test_ring7);
    CU_add_test(s, "motter-lai star", test_star);
    CU_add_test(s, "motter-lai bridge", test_bridge);
    CU_add_test(s, "motter-lai twin connectors", test_twin_connectors);
    CU_add_test(s, "motter-lai tiny graphs", test_tiny);
    CU_add_test(s, "motter-lai errors", test_load_errors);
    CU_add_test(s, "brandes vs igraph", test_brandes_vs_igraph);
    CU_add_test(s, "watts hand cases", test_threshold_hand);
    CU_add_test(s, "watts window edges", test_watts_window_edges);
    CU_add_test(s, "watts window simulation", test_watts_window_simulation);
    int rc = kikan_test_main();
    kikan_ctx_free(&ctx);
    return rc;
}
