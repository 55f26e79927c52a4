/*
 * Motter–Lai load-redistribution cascade (PRE 66, 065102, 2002) on a CSR graph.
 *
 * DESIGN: the load of a vertex is its shortest-path betweenness, recomputed
 * on the survivors after every removal round; that recomputation is the whole
 * cost, so betweenness is our own Brandes (2001) on flat arrays rather than
 * igraph_betweenness: it runs in parallel over sources (igraph cannot run
 * inside OpenMP), needs no graph copy per round (dead vertices are skipped
 * through a mask) and allocates nothing per source. Unweighted graphs need no
 * predecessor lists: in the backward sweep the successors of v are exactly
 * the neighbours one BFS level deeper.
 *
 * Reproducibility: the sources are cut into a fixed number of contiguous
 * chunks that depends on n only (never on the thread count); each chunk sums
 * its sources in order into its own accumulator, and the accumulators are
 * added in chunk order at the end. The order of every floating-point addition
 * therefore depends on the graph only. Threads never wait for each other
 * inside the loop (an ordered reduction would, and on an oversubscribed
 * machine a waiting thread spins on the core its partner needs).
 */
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/research.h"

/* At most this many chunks (enough to balance 16 threads with dynamic
 * scheduling), and at most CHUNK_DOUBLES accumulator entries in all (64 MiB). */
enum { MAX_CHUNKS = 64 };
static const size_t CHUNK_DOUBLES = (size_t)1 << 23;

/* Relative slack of the overload test L > C (1 + OVERLOAD_RTOL). Loads are
 * sums of many quotients, so two mathematically equal loads can differ in the
 * last bits; 1e-12 is far above that noise and far below any real change. */
static const double OVERLOAD_RTOL = 1e-12;

/* Per-thread workspace of one Brandes search. */
typedef struct {
    kikan_id_t *dist;  /* BFS level, -1 = unseen */
    kikan_id_t *order; /* vertices in BFS order */
    double *sigma;     /* shortest-path counts */
    double *delta;     /* dependencies */
    double *acc;       /* the current chunk's accumulator */
} brandes_ws_t;

/* Single-source dependencies of s, added into ws->acc. */
static void brandes_source(const kikan_graph_t *g, const uint8_t *alive, kikan_id_t s,
                           brandes_ws_t *ws)
{
    kikan_id_t head = 0, tail = 0;
    ws->order[tail++] = s;
    ws->dist[s] = 0;
    ws->sigma[s] = 1.0;
    while (head < tail) {
        kikan_id_t v = ws->order[head++];
        kikan_id_t dv = ws->dist[v];
        for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
            kikan_id_t w = g->adj[i];
            if (alive != NULL && !alive[w]) {
                continue;
            }
            if (ws->dist[w] < 0) {
                ws->dist[w] = dv + 1;
                ws->sigma[w] = 0.0;
                ws->delta[w] = 0.0;
                ws->order[tail++] = w;
            }
            if (ws->dist[w] == dv + 1) {
                ws->sigma[w] += ws->sigma[v];
            }
        }
    }
    ws->delta[s] = 0.0;
    for (kikan_id_t k = tail - 1; k >= 0; k--) {
        kikan_id_t v = ws->order[k];
        kikan_id_t dv = ws->dist[v];
        double d = 0.0;
        for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
            kikan_id_t w = g->adj[i];
            if (ws->dist[w] == dv + 1 && (alive == NULL || alive[w])) {
                d += (1.0 + ws->delta[w]) / ws->sigma[w];
            }
        }
        ws->delta[v] = ws->sigma[v] * d;
        if (v != s) {
            ws->acc[v] += ws->delta[v];
        }
    }
    for (kikan_id_t k = 0; k < tail; k++) {
        ws->dist[ws->order[k]] = -1;
    }
}

kikan_error_t kikan_load_betweenness(kikan_ctx_t *ctx, const kikan_graph_t *g, const uint8_t *alive,
                                     double *load)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t *ibuf = NULL;
    double *dbuf = NULL, *acc = NULL;
    brandes_ws_t *ws = NULL;

    if (g->multi) {
        return KIKAN_EINVAL; /* betweenness is defined here on simple graphs */
    }
    const kikan_id_t n = g->n;
    if (n == 0) {
        return KIKAN_OK;
    }
    kikan_id_t nchunks = (kikan_id_t)(CHUNK_DOUBLES / (size_t)n);
    nchunks = nchunks < 1 ? 1 : (nchunks > MAX_CHUNKS ? MAX_CHUNKS : nchunks);
    nchunks = nchunks > n ? n : nchunks;
    int nt = kikan_ctx_threads(ctx);
    if (nt > nchunks) {
        nt = (int)nchunks;
    }
    ibuf = kikan_ctx_malloc(ctx, (size_t)nt * 2 * (size_t)n * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(ibuf);
    dbuf = kikan_ctx_malloc(ctx, (size_t)nt * 2 * (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(dbuf);
    acc = kikan_ctx_calloc(ctx, (size_t)nchunks * (size_t)n, sizeof(double));
    KIKAN_CHECK_ALLOC(acc);
    ws = kikan_ctx_malloc(ctx, (size_t)nt * sizeof(*ws));
    KIKAN_CHECK_ALLOC(ws);
    for (int t = 0; t < nt; t++) {
        ws[t].dist = ibuf + (size_t)t * 2 * (size_t)n;
        ws[t].order = ws[t].dist + n;
        ws[t].sigma = dbuf + (size_t)t * 2 * (size_t)n;
        ws[t].delta = ws[t].sigma + n;
        for (kikan_id_t v = 0; v < n; v++) {
            ws[t].dist[v] = -1;
        }
    }

#pragma omp parallel num_threads(nt) default(none) shared(g, alive, load, ws, acc, nchunks, n)
    {
        brandes_ws_t *my = &ws[omp_get_thread_num()];
#pragma omp for schedule(dynamic, 1)
        for (kikan_id_t c = 0; c < nchunks; c++) {
            my->acc = acc + (size_t)c * (size_t)n;
            kikan_id_t s0 = (kikan_id_t)((int64_t)c * n / nchunks);
            kikan_id_t s1 = (kikan_id_t)((int64_t)(c + 1) * n / nchunks);
            for (kikan_id_t s = s0; s < s1; s++) {
                if (alive == NULL || alive[s]) {
                    brandes_source(g, alive, s, my);
                }
            }
        }
        /* chunk-order sum per vertex; each pair {s, t} was counted from both ends */
#pragma omp for schedule(static)
        for (kikan_id_t v = 0; v < n; v++) {
            double sum = 0.0;
            for (kikan_id_t c = 0; c < nchunks; c++) {
                sum += acc[(size_t)c * (size_t)n + (size_t)v];
            }
            load[v] = 0.5 * sum;
        }
    }
cleanup:
    free(ibuf);
    free(dbuf);
    free(acc);
    free(ws);
    return err;
}

kikan_error_t kikan_load_cascade(kikan_ctx_t *ctx, const kikan_graph_t *g, double alpha,
                                 kikan_id_t attack, kikan_load_result_t *result,
                                 uint8_t *failed_mask)
{
    kikan_error_t err = KIKAN_OK;
    double *cap = NULL;
    double *load = NULL;
    uint8_t *alive = NULL;

    memset(result, 0, sizeof(*result));
    const kikan_id_t n = g->n;
    if (!isfinite(alpha) || alpha < 0.0 || n == 0 || g->multi ||
        (attack != KIKAN_LOAD_ATTACK_HIGHEST && (attack < 0 || attack >= n))) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    cap = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(cap);
    load = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(load);
    alive = kikan_ctx_malloc(ctx, (size_t)n);
    KIKAN_CHECK_ALLOC(alive);
    memset(alive, 1, (size_t)n);

    KIKAN_CHECK(kikan_load_betweenness(ctx, g, NULL, cap));
    if (attack == KIKAN_LOAD_ATTACK_HIGHEST) {
        double best = -1.0;
        for (kikan_id_t v = 0; v < n; v++) {
            best = cap[v] > best ? cap[v] : best;
        }
        /* lowest id among the (numerically) highest loads */
        for (kikan_id_t v = 0; v < n; v++) {
            if (cap[v] >= best * (1.0 - OVERLOAD_RTOL)) {
                attack = v;
                break;
            }
        }
    }
    for (kikan_id_t v = 0; v < n; v++) {
        cap[v] *= (1.0 + alpha) * (1.0 + OVERLOAD_RTOL);
    }
    result->attacked = attack;
    alive[attack] = 0;
    kikan_id_t failed = 1;
    for (;;) {
        if (kikan_ctx_stop_requested(ctx)) {
            KIKAN_FAIL(KIKAN_EINTERRUPTED);
        }
        KIKAN_CHECK(kikan_load_betweenness(ctx, g, alive, load));
        kikan_id_t removed = 0;
        for (kikan_id_t v = 0; v < n; v++) {
            if (alive[v] && load[v] > cap[v]) {
                /* mark now, apply after the scan: all overloaded fail at once */
                alive[v] = 2;
                removed++;
            }
        }
        if (removed == 0) {
            break;
        }
        for (kikan_id_t v = 0; v < n; v++) {
            if (alive[v] == 2) {
                alive[v] = 0;
            }
        }
        failed += removed;
        result->rounds++;
    }
    result->failed = failed;
    KIKAN_CHECK(kikan_graph_giant(ctx, g, alive, &result->giant));
    result->giant_fraction = (double)result->giant / (double)n;
    if (failed_mask != NULL) {
        for (kikan_id_t v = 0; v < n; v++) {
            failed_mask[v] = alive[v] ? 0 : 1;
        }
    }
cleanup:
    free(cap);
    free(load);
    free(alive);
    return err;
}
