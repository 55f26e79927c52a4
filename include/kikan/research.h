/*
 * kikan — research models on a single undirected network: load redistribution
 * (Motter & Lai, PRE 66, 065102, 2002) and threshold cascades (Watts, PNAS 99,
 * 5766, 2002).
 *
 * DESIGN: both models read the CSR graph of kikan/graph.h, built once in
 * serial code and then only read, so that the parallel loops (Brandes'
 * betweenness over sources, Watts replicates) never touch igraph. Both models
 * are defined on simple graphs, so they refuse (KIKAN_EINVAL) a graph whose
 * `multi` flag is set: build it with multi = 0 (self-loops dropped, repeated
 * edges merged) or draw it with kikan_graph_er.
 * Results are bit-identical for any thread count: every floating-point sum is
 * reduced in a fixed order that does not depend on how work is split.
 */
#ifndef KIKAN_RESEARCH_H
#define KIKAN_RESEARCH_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/graph.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/* ---- Motter–Lai load redistribution ------------------------------------ */

/**
 * Shortest-path betweenness of every vertex in the subgraph induced by the
 * vertices with alive[v] != 0 (all if alive is NULL): the number of shortest
 * paths between pairs {s, t} of other vertices that pass through v, each pair
 * counted once and split evenly over its shortest paths (unweighted,
 * undirected, endpoints excluded; the unnormalised value of igraph and
 * NetworkX). Dead vertices get 0.
 * Brandes (2001) over the sources in parallel (kikan_ctx_threads threads);
 * sources are summed in up to 64 fixed chunks (their number depends on n
 * only) and the chunks in chunk order, so the result is bit-identical for any
 * thread count.
 * @param load  caller-allocated, g->n entries.
 * KIKAN_EINVAL if g->multi is set; KIKAN_ENOMEM.
 * Time O(n·m), memory O(threads·n + min(64·n, 2^23)) doubles.
 */
kikan_error_t kikan_load_betweenness(kikan_ctx_t *ctx, const kikan_graph_t *g, const uint8_t *alive,
                                     double *load);

/** Attack selector for kikan_load_cascade: a vertex id, or this value for the
 *  vertex of highest initial load (lowest id on ties). */
#define KIKAN_LOAD_ATTACK_HIGHEST ((kikan_id_t)-1)

typedef struct {
    kikan_id_t attacked;   /* the vertex removed first */
    kikan_id_t failed;     /* vertices removed in all, the attacked one included */
    kikan_id_t rounds;     /* overload rounds that removed at least one vertex */
    kikan_id_t giant;      /* largest component of the survivors */
    double giant_fraction; /* giant / n (0 for n = 0) */
} kikan_load_result_t;

/**
 * Motter–Lai cascade: loads L_i(0) = betweenness of the intact graph,
 * capacities C_i = (1 + alpha)·L_i(0); remove the attacked vertex, recompute
 * the loads of the survivors, remove at once every vertex with
 * L_i > C_i·(1 + 1e-12) (the relative slack keeps rounding from deciding
 * ties such as L_i = C_i), and repeat until no vertex is overloaded.
 * @param alpha   tolerance parameter, finite and >= 0 (KIKAN_EINVAL otherwise).
 * @param attack  a vertex id in [0, n) or KIKAN_LOAD_ATTACK_HIGHEST.
 * @param failed_mask  optional (may be NULL): g->n bytes set to 1 for the
 *                removed vertices, 0 otherwise.
 * @return KIKAN_EINVAL on bad alpha, attack out of range, n = 0 or g->multi set;
 *         KIKAN_ENOMEM.
 * Time O(rounds·n·m).
 */
kikan_error_t kikan_load_cascade(kikan_ctx_t *ctx, const kikan_graph_t *g, double alpha,
                                 kikan_id_t attack, kikan_load_result_t *result,
                                 uint8_t *failed_mask);

/* ---- Watts threshold cascade ------------------------------------------- */

/** The share of N a cascade must exceed to count as global (Watts 2002). */
#define KIKAN_THRESHOLD_GLOBAL_SHARE 0.1

typedef struct {
    int64_t reps;              /* replicates run */
    double mean_fraction;      /* mean final failed fraction over replicates */
    double global_probability; /* share of replicates with failed > 0.1·N */
} kikan_threshold_result_t;

/**
 * One Watts cascade from `seed_vertex` with uniform threshold phi: a vertex of
 * degree k >= 1 fails once at least phi·k of its neighbours have failed
 * (fraction >= phi, compared with a relative slack of 1e-12 so that e.g.
 * phi = 0.2, k = 5 fails on exactly one failed neighbour). Isolated vertices
 * fail only if seeded.
 * @param state   workspace of g->n bytes, all 0 on entry and left all 0.
 * @param count   workspace of g->n kikan_id_t, all 0 on entry and left all 0.
 * @param queue   workspace of 2·g->n kikan_id_t (contents ignored).
 * @param failed  receives the number of failed vertices (seed included).
 * KIKAN_EINVAL on phi outside (0, 1], seed_vertex out of range or g->multi set.
 * Performs no allocation. Time O(size of the cascade's neighbourhood).
 */
kikan_error_t kikan_threshold_cascade(const kikan_graph_t *g, double phi, kikan_id_t seed_vertex,
                                      uint8_t *state, kikan_id_t *count, kikan_id_t *queue,
                                      kikan_id_t *failed);

/**
 * `reps` Watts cascades, each from one vertex drawn uniformly by a GSL mt19937
 * generator seeded from (seed, replicate index), run in parallel with
 * kikan_ctx_threads threads and reduced in replicate order: bit-identical for
 * any thread count.
 * @param phi     threshold in (0, 1] (KIKAN_EINVAL otherwise, or if reps < 1, n < 1 or
 *                g->multi is set).
 * @param fractions optional (may be NULL): reps entries, the failed fraction of
 *                each replicate.
 * Time O(reps·(n + m)) worst case, memory O(threads·n).
 */
kikan_error_t kikan_threshold_run(kikan_ctx_t *ctx, const kikan_graph_t *g, double phi,
                                  int64_t reps, uint64_t seed, kikan_threshold_result_t *result,
                                  double *fractions);

/**
 * Watts' cascade condition for ER graphs of mean degree z and uniform phi:
 * G(z) = sum_k k(k-1) rho_k p_k - z with Poisson p_k and rho_k = 1 for
 * k <= floor(1/phi), 0 otherwise. Global cascades are possible where G > 0.
 */
double kikan_threshold_watts_condition(double z, double phi);

/**
 * The edges of Watts' cascade window (the two roots of the condition above),
 * found with GSL's Brent solver to 1e-12 relative. KIKAN_ENUMERIC if the
 * window is empty (no z with G(z) > 0, e.g. floor(1/phi) < 2).
 */
kikan_error_t kikan_threshold_watts_window(double phi, double *z_low, double *z_high);

/** A non-zero 32-bit GSL seed (mt19937 uses 32 bits) derived from
 *  (seed, stream) by SplitMix64 mixing; used for per-replicate generators.
 *  Pure function. */
uint32_t kikan_research_stream_seed(uint64_t seed, uint64_t stream);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
