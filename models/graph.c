/*
 * The research models' graph (kikan_graph_t): CSR construction from an edge
 * list, the Erdős–Rényi G(n, M) and configuration-model generators, the
 * largest-component search. See include/kikan/graph.h; files are
 * scenarios/graph_io.c.
 *
 * DESIGN: generators draw from their own GSL mt19937 seeded by (seed,
 * stream) and allocate only
 * their output and scratch tables, so the percolation ensemble may call them
 * from several threads at once (with ctx == NULL; the context's allocator is
 * not thread-safe). The draws are fixed: pinned results
 * (tests/test_percolation_pinned.c, tests/test_graph_pinned.c) depend on every
 * random number taken here and on the order edges reach the builder.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "kikan/graph.h"
#include "kikan/percolation.h" /* kikan_perc_stream_seed: the generators' seeding */
#include "core/hugepages.h"

/* ======================================================================== */
/* CSR construction                                                          */
/* ======================================================================== */

void kikan_graph_free(kikan_graph_t **g)
{
    if (g == NULL || *g == NULL) {
        return;
    }
    free((*g)->off);
    free((*g)->adj);
    free(*g);
    *g = NULL;
}

enum { FILL_AHEAD = 32 }; /* edges ahead whose counters and list slots are prefetched */

/* Every edge as given; off[v] serves as the fill cursor and is shifted back.
   Both passes write at random into arrays larger than the caches; the
   prefetches overlap those misses and change nothing else. */
static void fill_as_given(kikan_graph_t *g, const kikan_id_t *edges)
{
    kikan_id_t n = g->n, m = g->m;
    kikan_id_t *off = g->off, *adj = g->adj;
    for (kikan_id_t e = 0; e < m; e++) {
        if (e + FILL_AHEAD < m) {
            __builtin_prefetch(&off[edges[2 * (e + FILL_AHEAD)] + 1], 1);
            __builtin_prefetch(&off[edges[2 * (e + FILL_AHEAD) + 1] + 1], 1);
        }
        off[edges[2 * e] + 1]++;
        off[edges[2 * e + 1] + 1]++;
    }
    for (kikan_id_t v = 0; v < n; v++) {
        off[v + 1] += off[v];
    }
    for (kikan_id_t e = 0; e < m; e++) {
        if (e + 2 * FILL_AHEAD < m) {
            __builtin_prefetch(&off[edges[2 * (e + 2 * FILL_AHEAD)]], 1);
            __builtin_prefetch(&off[edges[2 * (e + 2 * FILL_AHEAD) + 1]], 1);
        }
        if (e + FILL_AHEAD < m) {
            __builtin_prefetch(&adj[off[edges[2 * (e + FILL_AHEAD)]]], 1);
            __builtin_prefetch(&adj[off[edges[2 * (e + FILL_AHEAD) + 1]]], 1);
        }
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        adj[off[u]++] = v;
        adj[off[v]++] = u;
    }
    for (kikan_id_t v = n; v > 0; v--) {
        off[v] = off[v - 1];
    }
    off[0] = 0;
}

enum { BUCKET_SHIFT = 13 }; /* 8192 vertices per bucket: a bucket's lists fit the L2 cache */

/*
 * fill_as_given for large graphs, the same arrays in two cache-friendly
 * steps: the arcs (u -> v, then v -> u, per edge in order) are first
 * scattered, stably, into buckets of 2^BUCKET_SHIFT consecutive sources
 * (about a hundred write streams instead of writes all over adj); each bucket
 * then counts its sources' degrees and fills their lists within its own slice
 * of off and adj. A list receives its arcs in the same order as in
 * fill_as_given, so the result is identical; `arc` is 2m scratch words.
 */
static void fill_bucketed(kikan_graph_t *g, const kikan_id_t *edges, uint64_t *arc,
                          kikan_id_t *bpos)
{
    kikan_id_t n = g->n, m = g->m, nb = ((n - 1) >> BUCKET_SHIFT) + 1;
    kikan_id_t *off = g->off, *adj = g->adj;
    for (kikan_id_t e = 0; e < m; e++) {
        bpos[(edges[2 * e] >> BUCKET_SHIFT) + 1]++;
        bpos[(edges[2 * e + 1] >> BUCKET_SHIFT) + 1]++;
    }
    for (kikan_id_t b = 0; b < nb; b++) {
        bpos[b + 1] += bpos[b];
    }
    for (kikan_id_t e = 0; e < m; e++) {
        uint64_t u = (uint64_t)edges[2 * e], v = (uint64_t)edges[2 * e + 1];
        arc[bpos[u >> BUCKET_SHIFT]++] = u << 32 | v;
        arc[bpos[v >> BUCKET_SHIFT]++] = v << 32 | u;
    }
    /* now bpos[b] is the end of bucket b; off[v] serves as v's count, then cursor */
    for (kikan_id_t b = 0, start = 0; b < nb; start = bpos[b], b++) {
        kikan_id_t lo = b << BUCKET_SHIFT,
                   hi = n - lo > (1 << BUCKET_SHIFT) ? lo + (1 << BUCKET_SHIFT) : n;
        for (kikan_id_t i = start; i < bpos[b]; i++) {
            off[arc[i] >> 32]++;
        }
        for (kikan_id_t v = lo, run = start; v < hi; v++) {
            kikan_id_t d = off[v];
            off[v] = run;
            run += d;
        }
        for (kikan_id_t i = start; i < bpos[b]; i++) {
            adj[off[arc[i] >> 32]++] = (kikan_id_t)(arc[i] & 0xffffffffU);
        }
    }
    for (kikan_id_t v = n; v > 0; v--) {
        off[v] = off[v - 1];
    }
    off[0] = 0;
}

/*
 * Self-loops dropped, each list sorted, repeats merged. The lists are sorted
 * by two scatters instead of a sort per list: the arcs are first placed by
 * source in edge order (tmp), then, scanning the sources x in ascending order,
 * x is appended to the list of each of its neighbours y; since x is y's
 * neighbour exactly as often as y is x's, each list then holds the same ids
 * as before, ascending. O(n + m) against O(m log m) and a comparison call per
 * step for qsort; the result is the same sorted, merged lists.
 */
static kikan_error_t fill_simple(kikan_ctx_t *ctx, kikan_graph_t *g, const kikan_id_t *edges)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t n = g->n, m = g->m;
    kikan_id_t *off = g->off, *adj = g->adj, *tmp = NULL;
    kikan_id_t *fill = kikan_ctx_malloc(ctx, ((size_t)n + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(fill);
    for (kikan_id_t e = 0; e < m; e++) {
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        if (u != v) {
            off[u + 1]++;
            off[v + 1]++;
        }
    }
    for (kikan_id_t v = 0; v < n; v++) {
        off[v + 1] += off[v];
    }
    tmp = kikan_ctx_malloc(ctx, ((size_t)off[n] + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(tmp);
    memcpy(fill, off, (size_t)n * sizeof(kikan_id_t));
    for (kikan_id_t e = 0; e < m; e++) {
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        if (u != v) {
            tmp[fill[u]++] = v;
            tmp[fill[v]++] = u;
        }
    }
    memcpy(fill, off, (size_t)n * sizeof(kikan_id_t));
    for (kikan_id_t x = 0; x < n; x++) {
        for (kikan_id_t i = off[x]; i < off[x + 1]; i++) {
            adj[fill[tmp[i]]++] = x;
        }
    }
    kikan_id_t w = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        kikan_id_t b = off[v], e = off[v + 1];
        off[v] = w;
        for (kikan_id_t i = b; i < e; i++) {
            if (i == b || adj[i] != adj[i - 1]) {
                adj[w++] = adj[i];
            }
        }
    }
    off[n] = w;
    g->m = w / 2;
cleanup:
    free(fill);
    free(tmp);
    return err;
}

/* kikan_graph_from_edges; `scratch` (NULL, or 2m words the caller no longer needs)
   saves the bucketed fill its own allocation and first touch. */
static kikan_error_t from_edges(kikan_ctx_t *ctx, kikan_id_t n, kikan_id_t m,
                                const kikan_id_t *edges, int multi, uint64_t *scratch,
                                kikan_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_graph_t *g = NULL;
    uint64_t *arc = NULL;
    kikan_id_t *bpos = NULL;
    if (out == NULL || n < 0 || m < 0 || (m > 0 && edges == NULL)) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    if ((int64_t)m * 2 > KIKAN_ID_MAX) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    for (int64_t i = 0; i < 2 * (int64_t)m; i++) {
        if (edges[i] < 0 || edges[i] >= n) {
            KIKAN_FAIL(KIKAN_EINVAL);
        }
    }
    g = kikan_ctx_calloc(ctx, 1, sizeof(*g));
    KIKAN_CHECK_ALLOC(g);
    g->n = n;
    g->m = m;
    g->multi = multi != 0;
    g->off = kikan_ctx_calloc(ctx, (size_t)n + 1, sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->off);
    kikan_advise_huge(g->off, ((size_t)n + 1) * sizeof(kikan_id_t));
    g->adj = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->adj);
    kikan_advise_huge(g->adj, (size_t)(2 * (int64_t)m) * sizeof(kikan_id_t));
    if (g->multi && n > (1 << (BUCKET_SHIFT + 3))) { /* beyond the L2 cache */
        if (scratch == NULL) {
            arc = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m) * sizeof(uint64_t));
            KIKAN_CHECK_ALLOC(arc);
            kikan_advise_huge(arc, (size_t)(2 * (int64_t)m) * sizeof(uint64_t));
        }
        bpos = kikan_ctx_calloc(ctx, ((size_t)n >> BUCKET_SHIFT) + 2, sizeof(kikan_id_t));
        KIKAN_CHECK_ALLOC(bpos);
        fill_bucketed(g, edges, scratch != NULL ? scratch : arc, bpos);
    } else if (g->multi) {
        fill_as_given(g, edges);
    } else {
        KIKAN_CHECK(fill_simple(ctx, g, edges));
    }
    *out = g;
    g = NULL;
cleanup:
    free(arc);
    free(bpos);
    kikan_graph_free(&g);
    return err;
}

kikan_error_t kikan_graph_from_edges(kikan_ctx_t *ctx, kikan_id_t n, kikan_id_t m,
                                     const kikan_id_t *edges, int multi, kikan_graph_t **out)
{
    return from_edges(ctx, n, m, edges, multi, NULL, out);
}

/* ======================================================================== */
/* Generators                                                                */
/* ======================================================================== */

static gsl_rng *stream_rng(uint64_t seed, uint64_t stream)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r != NULL) {
        gsl_rng_set(r, (unsigned long)kikan_perc_stream_seed(seed, 0, stream));
    }
    return r;
}

/* The hash of a pair set (murmur3's 64-bit finaliser; only spreads keys, draws do not depend on
 * it). */
static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

/* An open-addressing set of unordered pairs, load factor <= 1/2; key 0 marks an empty slot. */
typedef struct {
    uint64_t *slot;
    size_t cap; /* a power of two */
} pair_set_t;

static uint64_t pair_key(kikan_id_t u, kikan_id_t v)
{
    uint64_t lo = (uint64_t)(u < v ? u : v), hi = (uint64_t)(u < v ? v : u);
    return ((lo << 32) | hi) + 1;
}

/* The slot holding key, or the empty slot where it would go. */
static size_t pair_find(const pair_set_t *s, uint64_t key)
{
    size_t h = (size_t)mix64(key) & (s->cap - 1);
    while (s->slot[h] != 0 && s->slot[h] != key) {
        h = (h + 1) & (s->cap - 1);
    }
    return h;
}

enum { DRAW_AHEAD = 16 }; /* tries drawn ahead of the one being decided */

/*
 * Draw `count` distinct pairs u != v uniformly by rejection into s (and into
 * edges, 2 ids each, unless NULL). Two draws below n per try (GSL's
 * mt19937 through gsl_rng_uniform_int). The tries are
 * decided one at a time in draw order, as if drawn one by one, but
 * DRAW_AHEAD of them are drawn in advance and their slots prefetched: the set
 * is far larger than the caches and a probe was one memory latency each
 * (about 90 % of the generator's time at N = 10^6). The generator draws up to
 * DRAW_AHEAD tries more than it uses; the caller discards it afterwards.
 */
static void draw_pairs(gsl_rng *rng, kikan_id_t n, kikan_id_t count, pair_set_t *s,
                       kikan_id_t *edges)
{
    kikan_id_t ru[DRAW_AHEAD], rv[DRAW_AHEAD];
    if (count <= 0) {
        return; /* n may be 0 here: draw nothing */
    }
    unsigned long un = (unsigned long)n;
    for (int i = 0; i < DRAW_AHEAD; i++) {
        ru[i] = (kikan_id_t)gsl_rng_uniform_int(rng, un);
        rv[i] = (kikan_id_t)gsl_rng_uniform_int(rng, un);
        __builtin_prefetch(&s->slot[mix64(pair_key(ru[i], rv[i])) & (s->cap - 1)]);
    }
    kikan_id_t got = 0;
    for (int i = 0; got < count; i = (i + 1) % DRAW_AHEAD) {
        kikan_id_t u = ru[i], v = rv[i];
        ru[i] = (kikan_id_t)gsl_rng_uniform_int(rng, un);
        rv[i] = (kikan_id_t)gsl_rng_uniform_int(rng, un);
        __builtin_prefetch(&s->slot[mix64(pair_key(ru[i], rv[i])) & (s->cap - 1)]);
        if (u == v) {
            continue;
        }
        uint64_t key = pair_key(u, v);
        size_t h = pair_find(s, key);
        if (s->slot[h] == key) {
            continue;
        }
        s->slot[h] = key;
        if (edges != NULL) {
            edges[2 * got] = u;
            edges[2 * got + 1] = v;
        }
        got++;
    }
}

kikan_error_t kikan_graph_er(kikan_ctx_t *ctx, kikan_id_t n, double k, uint64_t seed,
                             uint64_t stream, kikan_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    kikan_id_t *edges = NULL;
    pair_set_t set = {NULL, 2};
    if (out == NULL || n < 0 || !isfinite(k) || k < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    double mreal = round(k * (double)n / 2.0);
    double pairs = (double)n * ((double)n - 1.0) / 2.0;
    if (mreal > pairs) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    if (2.0 * mreal > (double)KIKAN_ID_MAX) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    kikan_id_t m = (kikan_id_t)mreal;
    /* Rejection of repeated pairs stays cheap while at most half the pairs are
     * drawn; a denser graph is drawn as its complement (the pairs left out). */
    int dense = mreal > pairs / 2.0;
    kikan_id_t ndraw = dense ? (kikan_id_t)(pairs - mreal) : m;
    edges = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(edges);
    while (set.cap < 2 * (size_t)ndraw) {
        set.cap *= 2;
    }
    set.slot = kikan_ctx_calloc(ctx, set.cap, sizeof(uint64_t));
    KIKAN_CHECK_ALLOC(set.slot);
    kikan_advise_huge(set.slot, set.cap * sizeof(uint64_t));
    rng = stream_rng(seed, stream);
    KIKAN_CHECK_ALLOC(rng);
    draw_pairs(rng, n, ndraw, &set, dense ? NULL : edges);
    if (dense) {
        kikan_id_t got = 0;
        for (kikan_id_t u = 0; u < n; u++) {
            for (kikan_id_t v = u + 1; v < n; v++) {
                uint64_t key = pair_key(u, v);
                if (set.slot[pair_find(&set, key)] != key) {
                    edges[2 * got] = u;
                    edges[2 * got + 1] = v;
                    got++;
                }
            }
        }
    }
    /* distinct pairs without loops: the as-given build is already simple; the set
       (at least 2m words) is the builder's scratch */
    KIKAN_CHECK(from_edges(ctx, n, m, edges, 1, set.cap >= 2 * (size_t)m ? set.slot : NULL, out));
    (*out)->multi = 0;
cleanup:
    gsl_rng_free(rng);
    free(set.slot);
    free(edges);
    return err;
}

/* n degrees drawn i.i.d. from P(k) ∝ k^-gamma, kmin <= k <= kmax (inverse CDF
 * by bisection), one more stub on a random vertex if the sum is odd. */
static kikan_error_t draw_degrees(kikan_ctx_t *ctx, gsl_rng *rng, kikan_id_t n, double gamma,
                                  kikan_id_t kmin, kikan_id_t kmax, kikan_id_t *deg, int64_t *total)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t nk = kmax - kmin + 1;
    double *cdf = kikan_ctx_malloc(ctx, (size_t)nk * sizeof(double));
    KIKAN_CHECK_ALLOC(cdf);
    double acc = 0.0;
    for (kikan_id_t i = 0; i < nk; i++) {
        acc += pow((double)(kmin + i), -gamma);
        cdf[i] = acc;
    }
    int64_t sum = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        double u = gsl_rng_uniform(rng) * acc;
        kikan_id_t lo = 0, hi = nk - 1; /* first i with cdf[i] > u */
        while (lo < hi) {
            kikan_id_t mid = lo + (hi - lo) / 2;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        deg[v] = kmin + lo;
        sum += deg[v];
    }
    if (sum % 2 != 0) {
        deg[gsl_rng_uniform_int(rng, (unsigned long)n)]++;
        sum++;
    }
    *total = sum;
cleanup:
    free(cdf);
    return err;
}

kikan_error_t kikan_graph_sf(kikan_ctx_t *ctx, kikan_id_t n, double gamma, kikan_id_t kmin,
                             uint64_t seed, uint64_t stream, kikan_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    kikan_id_t *stubs = NULL, *deg = NULL;
    if (out == NULL || n < 0 || !isfinite(gamma) || gamma <= 1.0 || kmin < 1) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    if (n < 2) {
        KIKAN_CHECK(kikan_graph_from_edges(ctx, n, 0, NULL, 1, out));
        goto cleanup;
    }
    if (kmin > n - 1) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    double kcut = floor((double)kmin * pow((double)n, 1.0 / (gamma - 1.0)));
    kikan_id_t kmax = kcut < (double)(n - 1) ? (kikan_id_t)kcut : n - 1;
    if (kmax < kmin) {
        kmax = kmin;
    }
    rng = stream_rng(seed, stream);
    KIKAN_CHECK_ALLOC(rng);
    int64_t total = 0;
    deg = kikan_ctx_malloc(ctx, (size_t)n * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(deg);
    KIKAN_CHECK(draw_degrees(ctx, rng, n, gamma, kmin, kmax, deg, &total));
    if (total > KIKAN_ID_MAX) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    stubs = kikan_ctx_malloc(ctx, (size_t)total * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(stubs);
    kikan_id_t s = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        for (kikan_id_t j = 0; j < deg[v]; j++) {
            stubs[s++] = v;
        }
    }
    free(deg);
    deg = NULL;
    for (kikan_id_t i = s - 1; i > 0; i--) {
        kikan_id_t j = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)i + 1);
        kikan_id_t t = stubs[i];
        stubs[i] = stubs[j];
        stubs[j] = t;
    }
    /* Pair consecutive stubs in place, dropping self-loops. */
    kikan_id_t m = 0;
    for (kikan_id_t i = 0; i + 1 < s; i += 2) {
        if (stubs[i] != stubs[i + 1]) {
            stubs[2 * m] = stubs[i];
            stubs[2 * m + 1] = stubs[i + 1];
            m++;
        }
    }
    KIKAN_CHECK(kikan_graph_from_edges(ctx, n, m, stubs, 1, out));
cleanup:
    gsl_rng_free(rng);
    free(deg);
    free(stubs);
    return err;
}

/* ======================================================================== */
/* Largest component                                                         */
/* ======================================================================== */

kikan_error_t kikan_graph_giant(kikan_ctx_t *ctx, const kikan_graph_t *g, const uint8_t *alive,
                                kikan_id_t *size)
{
    kikan_error_t err = KIKAN_OK;
    uint8_t *seen = NULL;
    kikan_id_t *queue = NULL;
    if (g == NULL || size == NULL) {
        return KIKAN_EINVAL;
    }
    *size = 0;
    if (g->n == 0) {
        return KIKAN_OK;
    }
    seen = kikan_ctx_calloc(ctx, (size_t)g->n, 1);
    KIKAN_CHECK_ALLOC(seen);
    queue = kikan_ctx_malloc(ctx, (size_t)g->n * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(queue);
    kikan_id_t best = 0;
    for (kikan_id_t s = 0; s < g->n; s++) {
        if (seen[s] || (alive != NULL && !alive[s])) {
            continue;
        }
        kikan_id_t head = 0, tail = 0;
        queue[tail++] = s;
        seen[s] = 1;
        while (head < tail) {
            kikan_id_t v = queue[head++];
            for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
                kikan_id_t w = g->adj[i];
                if (!seen[w] && (alive == NULL || alive[w])) {
                    seen[w] = 1;
                    queue[tail++] = w;
                }
            }
        }
        if (tail > best) {
            best = tail;
        }
    }
    *size = best;
cleanup:
    free(seen);
    free(queue);
    return err;
}
