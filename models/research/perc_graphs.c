/*
 * Graphs for interdependent percolation: CSR construction, the research
 * generators (Erdős–Rényi G(n, M), scale-free configuration model). Reading
 * and writing them as files is scenarios/perc_graph_io.c.
 *
 * DESIGN: generators draw from their own GSL mt19937 seeded by
 * (seed, stream) and allocate only their output and a scratch table, so the
 * ensemble may call them from several threads at once (with ctx == NULL; the
 * context's allocator is not thread-safe).
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "kikan/percolation.h"

/* ======================================================================== */
/* CSR construction                                                          */
/* ======================================================================== */

kikan_error_t kikan_perc_graph_from_edges(kikan_ctx_t *ctx, kikan_id_t n, kikan_id_t m,
                                          const kikan_id_t *edges, kikan_perc_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_graph_t *g = NULL;
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
    g->off = kikan_ctx_calloc(ctx, (size_t)n + 1, sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->off);
    g->adj = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->adj);
    for (kikan_id_t e = 0; e < m; e++) {
        g->off[edges[2 * e] + 1]++;
        g->off[edges[2 * e + 1] + 1]++;
    }
    for (kikan_id_t v = 0; v < n; v++) {
        g->off[v + 1] += g->off[v];
    }
    /* Fill using off[v] as a cursor, then shift back: no extra array. */
    for (kikan_id_t e = 0; e < m; e++) {
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        g->adj[g->off[u]++] = v;
        g->adj[g->off[v]++] = u;
    }
    for (kikan_id_t v = n; v > 0; v--) {
        g->off[v] = g->off[v - 1];
    }
    g->off[0] = 0;
    *out = g;
    g = NULL;
cleanup:
    kikan_perc_graph_free(&g);
    return err;
}

void kikan_perc_graph_free(kikan_perc_graph_t **g)
{
    if (g == NULL || *g == NULL) {
        return;
    }
    free((*g)->off);
    free((*g)->adj);
    free(*g);
    *g = NULL;
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

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 33;
    x *= UINT64_C(0xff51afd7ed558ccd);
    x ^= x >> 33;
    x *= UINT64_C(0xc4ceb9fe1a85ec53);
    x ^= x >> 33;
    return x;
}

kikan_error_t kikan_perc_graph_er(kikan_ctx_t *ctx, kikan_id_t n, double k, uint64_t seed,
                                  uint64_t stream, kikan_perc_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    kikan_id_t *edges = NULL;
    uint64_t *set = NULL;
    if (out == NULL || n < 0 || !isfinite(k) || k < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    double mreal = round(k * (double)n / 2.0);
    /* Rejection of repeated pairs stays cheap while at most half the pairs are used. */
    if (mreal > 0 && mreal > (double)n * ((double)n - 1.0) / 4.0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    if (2.0 * mreal > (double)KIKAN_ID_MAX) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    kikan_id_t m = (kikan_id_t)mreal;
    edges = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(edges);
    size_t cap = 2;
    while (cap < 2 * (size_t)m) {
        cap *= 2;
    }
    set = kikan_ctx_calloc(ctx, cap, sizeof(uint64_t));
    KIKAN_CHECK_ALLOC(set);
    rng = stream_rng(seed, stream);
    KIKAN_CHECK_ALLOC(rng);
    kikan_id_t got = 0;
    while (got < m) {
        kikan_id_t u = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        kikan_id_t v = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        if (u == v) {
            continue;
        }
        uint64_t lo = (uint64_t)(u < v ? u : v), hi = (uint64_t)(u < v ? v : u);
        uint64_t key = ((lo << 32) | hi) + 1; /* 0 marks an empty slot */
        size_t h = (size_t)mix64(key) & (cap - 1);
        int dup = 0;
        while (set[h] != 0) {
            if (set[h] == key) {
                dup = 1;
                break;
            }
            h = (h + 1) & (cap - 1);
        }
        if (dup) {
            continue;
        }
        set[h] = key;
        edges[2 * got] = u;
        edges[2 * got + 1] = v;
        got++;
    }
    free(set);
    set = NULL;
    KIKAN_CHECK(kikan_perc_graph_from_edges(ctx, n, m, edges, out));
cleanup:
    gsl_rng_free(rng);
    free(set);
    free(edges);
    return err;
}

kikan_error_t kikan_perc_graph_sf(kikan_ctx_t *ctx, kikan_id_t n, double gamma, kikan_id_t kmin,
                                  uint64_t seed, uint64_t stream, kikan_perc_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    double *cdf = NULL;
    kikan_id_t *stubs = NULL, *edges = NULL, *deg = NULL;
    if (out == NULL || n < 0 || !isfinite(gamma) || gamma <= 1.0 || kmin < 1) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    if (n < 2) {
        KIKAN_CHECK(kikan_perc_graph_from_edges(ctx, n, 0, NULL, out));
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
    kikan_id_t nk = kmax - kmin + 1;
    cdf = kikan_ctx_malloc(ctx, (size_t)nk * sizeof(double));
    KIKAN_CHECK_ALLOC(cdf);
    double acc = 0.0;
    for (kikan_id_t i = 0; i < nk; i++) {
        acc += pow((double)(kmin + i), -gamma);
        cdf[i] = acc;
    }
    rng = stream_rng(seed, stream);
    KIKAN_CHECK_ALLOC(rng);
    /* Degrees first (kept in stubs[0..n) temporarily as counts), then stubs. */
    int64_t total = 0;
    deg = kikan_ctx_malloc(ctx, (size_t)n * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(deg);
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
        total += deg[v];
    }
    if (total % 2 != 0) {
        deg[gsl_rng_uniform_int(rng, (unsigned long)n)]++;
        total++;
    }
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
    edges = stubs;
    stubs = NULL;
    KIKAN_CHECK(kikan_perc_graph_from_edges(ctx, n, m, edges, out));
cleanup:
    gsl_rng_free(rng);
    free(cdf);
    free(deg);
    free(stubs);
    free(edges);
    return err;
}
