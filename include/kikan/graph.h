/*
 * kikan — the one undirected graph type of the research models
 * (interdependent percolation, Watts threshold and Motter–Lai load cascades):
 * a flat CSR array built once in serial code and then only read, so parallel
 * loops never touch igraph. One builder from an edge list, one Erdős–Rényi
 * and one scale-free generator, the largest-component search. Reading and
 * writing graphs as files is kikan/graph_io.h.
 *
 * DESIGN: multi-edges are a flag, not a second type. Percolation only asks
 * who is connected to whom, so it accepts graphs that keep repeated edges and
 * self-loops (the configuration model draws them; files may hold them);
 * betweenness and Watts' neighbour fractions are defined on simple graphs, so
 * the load and threshold models refuse a graph whose flag says it may hold
 * them. The generators draw from their own GSL mt19937 seeded by
 * (seed, stream), never from igraph's global RNG, so a (n, k, seed, stream)
 * tuple always gives the same graph: `kikan percolate --er N --k K --seed S`
 * (replicate 0's network A is stream 0) and `kikan threshold --er N --z K
 * --seed S` run on the same network.
 */
#ifndef KIKAN_GRAPH_H
#define KIKAN_GRAPH_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/error.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/**
 * An undirected graph in CSR form: the neighbours of v are
 * adj[off[v]] .. adj[off[v+1]-1]; each edge {u,v} appears twice (once per
 * end; a self-loop twice at the same vertex). Transparent, owned by whoever
 * built it (free with kikan_graph_free).
 * multi == 0: simple (no self-loops, no repeated edges). multi != 0: it may
 * hold both. Adjacency lists are sorted ascending for graphs built by
 * kikan_graph_from_edges with multi == 0; otherwise they keep the order in
 * which the edges were given or drawn.
 */
typedef struct {
    kikan_id_t n;    /* vertices */
    kikan_id_t m;    /* undirected edges, each counted once */
    kikan_id_t *off; /* n + 1 entries */
    kikan_id_t *adj; /* 2 m entries */
    int multi;       /* 0: simple; 1: may hold repeated edges and self-loops */
} kikan_graph_t;

/**
 * Build a graph from `m` undirected edges given as 2m ids (u0 v0 u1 v1 ...),
 * each in [0, n). multi != 0: every edge kept as given, self-loops and
 * repeats included, O(n + m). multi == 0: self-loops dropped, repeated edges
 * merged, each adjacency list sorted, O(n + m); g->m counts the edges
 * left. ctx may be NULL (then plain malloc; the generators pass NULL from
 * parallel code because the context's allocator is not thread-safe).
 * Errors: KIKAN_EINVAL (n or m negative, an id out of range, edges NULL with
 * m > 0), KIKAN_ELIMIT (2m above KIKAN_ID_MAX), KIKAN_ENOMEM.
 */
kikan_error_t kikan_graph_from_edges(kikan_ctx_t *ctx, kikan_id_t n, kikan_id_t m,
                                     const kikan_id_t *edges, int multi, kikan_graph_t **out);
/** Free a graph; accepts NULL, clears the pointer. */
void kikan_graph_free(kikan_graph_t **g);

/**
 * Erdős–Rényi G(n, M): M = round(k n / 2) distinct edges drawn uniformly
 * among the n (n - 1) / 2 pairs, no self-loops (a simple graph, multi = 0,
 * adjacency in draw order), from a GSL mt19937 seeded by
 * kikan_perc_stream_seed(seed, 0, stream). Pairs are drawn by rejection of
 * repeats while M is at most half the pairs; above that the generator draws
 * the missing pairs the same way and keeps the rest (so the dense regime
 * costs O(n^2), which its output does anyway). Expected O(n + M) when sparse.
 * Errors: KIKAN_EINVAL (k negative or not finite, M above n (n - 1) / 2,
 * i.e. k above n - 1 up to rounding), KIKAN_ELIMIT (2M above KIKAN_ID_MAX),
 * KIKAN_ENOMEM.
 */
kikan_error_t kikan_graph_er(kikan_ctx_t *ctx, kikan_id_t n, double k, uint64_t seed,
                             uint64_t stream, kikan_graph_t **out);
/**
 * Scale-free graph by the configuration model: degrees drawn i.i.d. from
 * P(k) ∝ k^-gamma for kmin <= k <= kmax, kmax = min(n - 1, kmin n^(1/(gamma-1)))
 * (the natural cutoff); an odd degree sum gets one more stub on a random
 * vertex; stubs are paired uniformly; self-loops are dropped, repeated edges
 * kept (multi = 1). Seeded like kikan_graph_er. O(n + M + kmax).
 * Errors: KIKAN_EINVAL (gamma <= 1 or kmin < 1, kmin > n - 1 for n >= 2),
 * KIKAN_ELIMIT, KIKAN_ENOMEM.
 */
kikan_error_t kikan_graph_sf(kikan_ctx_t *ctx, kikan_id_t n, double gamma, kikan_id_t kmin,
                             uint64_t seed, uint64_t stream, kikan_graph_t **out);

/**
 * Size of the largest connected component among the vertices with
 * alive[v] != 0 (all vertices if alive is NULL), in *size. Time O(n + m),
 * memory O(n). Errors: KIKAN_EINVAL (g or size NULL), KIKAN_ENOMEM.
 */
kikan_error_t kikan_graph_giant(kikan_ctx_t *ctx, const kikan_graph_t *g, const uint8_t *alive,
                                kikan_id_t *size);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
