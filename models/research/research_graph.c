/*
 * The compact undirected graph of the research models (kikan_csr_t): built
 * from an edge list or drawn as an Erdős–Rényi G(N, M) graph, plus the
 * largest-component search the models report. See include/kikan/research.h.
 *
 * DESIGN: adjacency lists are sorted and deduplicated once at build time so
 * that the models can assume a simple graph (betweenness and Watts' neighbour
 * fractions are defined on simple graphs). The ER generator uses its own GSL
 * generator instead of igraph's global RNG so that a (seed, N, z) triple
 * always gives the same graph, whatever else the process did before.
 */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/research.h"
#include "core/rng.h"

uint32_t kikan_research_stream_seed(uint64_t seed, uint64_t stream)
{
    uint64_t h =
        kikan_splitmix64(kikan_splitmix64(seed) ^ kikan_splitmix64(stream + 0x632be59bd9b4e019ULL));
    /* mt19937 uses 32 bits of its seed; 0 is replaced by GSL's default, avoid it. */
    uint32_t s = (uint32_t)(h >> 32);
    return s == 0 ? 1u : s;
}

static int cmp_id(const void *a, const void *b)
{
    kikan_id_t x = *(const kikan_id_t *)a, y = *(const kikan_id_t *)b;
    return (x > y) - (x < y);
}

void kikan_csr_free(kikan_csr_t **g)
{
    if (g == NULL || *g == NULL) {
        return;
    }
    free((*g)->offset);
    free((*g)->adj);
    free(*g);
    *g = NULL;
}

kikan_error_t kikan_csr_from_edges(kikan_ctx_t *ctx, kikan_id_t n, kikan_id_t m,
                                   const kikan_id_t *edges, kikan_csr_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csr_t *g = NULL;
    kikan_id_t *fill = NULL;

    *out = NULL;
    if (n < 0 || m < 0 || (m > 0 && edges == NULL) || m > KIKAN_ID_MAX / 2) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    for (kikan_id_t e = 0; e < 2 * m; e++) {
        if (edges[e] < 0 || edges[e] >= n) {
            KIKAN_FAIL(KIKAN_EINVAL);
        }
    }
    g = kikan_ctx_calloc(ctx, 1, sizeof(*g));
    KIKAN_CHECK_ALLOC(g);
    g->n = n;
    g->offset = kikan_ctx_calloc(ctx, (size_t)n + 1, sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->offset);
    for (kikan_id_t e = 0; e < m; e++) {
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        if (u != v) {
            g->offset[u + 1]++;
            g->offset[v + 1]++;
        }
    }
    for (kikan_id_t v = 0; v < n; v++) {
        g->offset[v + 1] += g->offset[v];
    }
    g->adj = kikan_ctx_malloc(ctx, ((size_t)g->offset[n] + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(g->adj);
    fill = kikan_ctx_malloc(ctx, ((size_t)n + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(fill);
    memcpy(fill, g->offset, (size_t)n * sizeof(kikan_id_t));
    for (kikan_id_t e = 0; e < m; e++) {
        kikan_id_t u = edges[2 * e], v = edges[2 * e + 1];
        if (u != v) {
            g->adj[fill[u]++] = v;
            g->adj[fill[v]++] = u;
        }
    }
    /* Sort each list, drop repeats and compact in place. */
    kikan_id_t w = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        kikan_id_t b = g->offset[v], e = g->offset[v + 1];
        if (e - b > 1) {
            qsort(g->adj + b, (size_t)(e - b), sizeof(kikan_id_t), cmp_id);
        }
        g->offset[v] = w;
        for (kikan_id_t i = b; i < e; i++) {
            if (i == b || g->adj[i] != g->adj[i - 1]) {
                g->adj[w++] = g->adj[i];
            }
        }
    }
    g->offset[n] = w;
    g->m = w / 2;
    *out = g;
    g = NULL;
cleanup:
    free(fill);
    kikan_csr_free(&g);
    return err;
}

kikan_error_t kikan_csr_erdos_renyi(kikan_ctx_t *ctx, kikan_id_t n, double z, uint64_t seed,
                                    kikan_csr_t **out)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    uint64_t *table = NULL;
    kikan_id_t *edges = NULL;

    *out = NULL;
    if (n < 0 || !isfinite(z) || z < 0.0 || (n > 0 && z > (double)(n - 1)) ||
        (n == 0 && z != 0.0)) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    double mm = floor(z * (double)n / 2.0 + 0.5);
    if (mm > (double)(KIKAN_ID_MAX / 2)) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    kikan_id_t m = (kikan_id_t)mm;
    uint64_t max_edges = (uint64_t)n * (uint64_t)(n > 0 ? n - 1 : 0) / 2;
    if ((uint64_t)m > max_edges) {
        m = (kikan_id_t)max_edges;
    }
    /* Open-addressing set of drawn pairs, load factor <= 1/2. */
    uint64_t cap = 16;
    while (cap < 2 * (uint64_t)m + 2) {
        cap *= 2;
    }
    table = kikan_ctx_calloc(ctx, (size_t)cap, sizeof(uint64_t));
    KIKAN_CHECK_ALLOC(table);
    edges = kikan_ctx_malloc(ctx, (size_t)(2 * (int64_t)m + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(edges);
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    KIKAN_CHECK_ALLOC(rng);
    gsl_rng_set(rng, kikan_research_stream_seed(seed, UINT64_MAX));
    kikan_id_t have = 0;
    while (have < m) {
        kikan_id_t u = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        kikan_id_t v = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        if (u == v) {
            continue;
        }
        if (u > v) {
            kikan_id_t t = u;
            u = v;
            v = t;
        }
        uint64_t key = (uint64_t)u * (uint64_t)n + (uint64_t)v + 1;
        uint64_t h = kikan_splitmix64(key) & (cap - 1);
        while (table[h] != 0 && table[h] != key) {
            h = (h + 1) & (cap - 1);
        }
        if (table[h] == key) {
            continue;
        }
        table[h] = key;
        edges[2 * have] = u;
        edges[2 * have + 1] = v;
        have++;
    }
    KIKAN_CHECK(kikan_csr_from_edges(ctx, n, m, edges, out));
cleanup:
    gsl_rng_free(rng);
    free(table);
    free(edges);
    return err;
}

kikan_error_t kikan_csr_giant(kikan_ctx_t *ctx, const kikan_csr_t *g, const uint8_t *alive,
                              kikan_id_t *size)
{
    kikan_error_t err = KIKAN_OK;
    uint8_t *seen = NULL;
    kikan_id_t *queue = NULL;

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
            for (kikan_id_t i = g->offset[v]; i < g->offset[v + 1]; i++) {
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
