/*
 * kikan — interdependent percolation (Buldyrev, Parshani, Paul, Stanley,
 * Havlin, Nature 464, 1025, 2010; partial coupling: Parshani, Buldyrev,
 * Havlin, PRL 105, 048701, 2010).
 *
 * Two undirected networks A and B on the same N vertex ids; vertex i of A and
 * vertex i of B form a dependency pair when `coupled[i]` is set (all pairs
 * when coupling is full). A fraction 1 - p of A's vertices is removed, then
 * the cascade alternates: keep A's giant component, kill the B partners of
 * every A vertex lost, keep B's giant component, kill the A partners, ... to
 * a fixed point. The result mu is the fraction of N left in A's giant
 * component (with full coupling: the mutually connected giant component).
 *
 * Graphs are the flat CSR arrays of kikan/graph.h (repeated edges and
 * self-loops allowed: they do not change connectivity); the cascade never calls igraph and never
 * allocates (a workspace per thread is allocated once). The ensemble
 * (kikan_perc_run) draws every random number from GSL generators seeded by
 * (seed, replicate, stream), so results are bit-identical for any thread count.
 */
#ifndef KIKAN_PERCOLATION_H
#define KIKAN_PERCOLATION_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/graph.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/* ---- one cascade ----------------------------------------------------------- */

/** Per-thread scratch space for cascades on graphs of n vertices (opaque). */
typedef struct kikan_perc_ws kikan_perc_ws_t;

/**
 * Allocate a workspace for n vertices (about 80 n bytes, every page touched
 * now so that the first cascade does not pay for page faults; kikan_perc_run's
 * sweep chains add about 100 n bytes per thread). KIKAN_EINVAL, KIKAN_ENOMEM.
 */
kikan_error_t kikan_perc_ws_new(kikan_ctx_t *ctx, kikan_id_t n, kikan_perc_ws_t **out);
/** Free a workspace; accepts NULL, clears the pointer. */
void kikan_perc_ws_free(kikan_perc_ws_t **ws);

typedef struct {
    double mu;          /* |A's final giant component| / n (0 when n == 0) */
    kikan_id_t giant_a; /* surviving vertices of A */
    kikan_id_t giant_b; /* surviving vertices of B */
    int rounds;         /* A-steps done: each round keeps A's giant, then B's */
} kikan_perc_result_t;

/**
 * Run one cascade. a and b have ws's n vertices; coupled[i] != 0 marks pair i
 * as interdependent (NULL: every pair); removed[0..nremoved) are A's initially
 * removed vertices (repeats ignored). The first step in each network is a full
 * component search (the graphs need not be connected); afterwards a step stops
 * only when a network loses nothing. After return, kikan_perc_ws_in_giant_a()
 * tells which vertices survived in A.
 * Cost: two full component searches, then per step a repair of a spanning
 * tree of the giant, or a full search where that is predicted to be cheaper:
 * the first repair after a full search makes one pass over the giant plus work
 * proportional to the vertices cut loose (up to 6 % of the giant removed), a
 * later one work proportional to the subtrees cut loose (up to about 3 %); see
 * the DESIGN note in models/research/percolation.c.
 * No allocation. Errors: KIKAN_EINVAL (sizes differ, id out of range).
 */
kikan_error_t kikan_perc_cascade(kikan_perc_ws_t *ws, const kikan_graph_t *a,
                                 const kikan_graph_t *b, const uint8_t *coupled,
                                 const kikan_id_t *removed, kikan_id_t nremoved,
                                 kikan_perc_result_t *res);
/**
 * Benchmark baseline: with on != 0 every step relabels all components (the
 * plain algorithm; same results up to ties for the largest component, slower).
 */
void kikan_perc_ws_set_full_search(kikan_perc_ws_t *ws, int on);
/** How a step chooses between a tree repair and a full search (for tests). */
typedef enum {
    KIKAN_PERC_REPAIR_AUTO = 0,    /* by predicted cost (the default) */
    KIKAN_PERC_REPAIR_ALWAYS = 1,  /* repair whenever there is a tree, never give up */
    KIKAN_PERC_REPAIR_GIVE_UP = 2, /* start every repair, give up at once: full search */
    /* as AUTO and ALWAYS, but the first repair after a full search is the walk-based one
       too (the ordered repair never used) */
    KIKAN_PERC_REPAIR_WALK = 3,
    KIKAN_PERC_REPAIR_WALK_ALWAYS = 4,
    KIKAN_PERC_REPAIR_MODES = 5 /* the number of modes */
} kikan_perc_repair_mode_t;
/**
 * Test hook: the choice changes the running time only, never the result, and
 * tests check that every mode gives the same cascades. Ignored with full search on.
 */
void kikan_perc_ws_set_repair_mode(kikan_perc_ws_t *ws, kikan_perc_repair_mode_t mode);
/** After a cascade: 1 if vertex v (0 <= v < n) is in A's final giant component, else 0. */
int kikan_perc_ws_in_giant_a(const kikan_perc_ws_t *ws, kikan_id_t v);

/* ---- ensembles ------------------------------------------------------------- */

typedef enum {
    KIKAN_PERC_ER = 0, /* two independent G(n, M) graphs of mean degree k (kikan_graph_er) */
    KIKAN_PERC_SF,     /* two independent configuration-model graphs (kikan_graph_sf) */
    KIKAN_PERC_GIVEN   /* the graphs a and b, the same for every replicate */
} kikan_perc_kind_t;

typedef struct {
    kikan_perc_kind_t kind;
    kikan_id_t n; /* vertices per network (GIVEN: must equal a->n and b->n) */
    double k;     /* ER mean degree */
    double gamma; /* SF exponent */
    kikan_id_t kmin;
    const kikan_graph_t *a, *b; /* GIVEN only (borrowed) */
    const double *p;            /* np survival fractions in [0, 1] */
    kikan_id_t np;
    double coupling;           /* q in [0, 1]: fraction of dependency pairs, drawn per replicate */
    const kikan_id_t *initial; /* optional: A's removed vertices (replaces the 1-p draw) */
    kikan_id_t ninitial;
    kikan_id_t reps;
    uint64_t seed;
    int full_search; /* benchmark baseline: see kikan_perc_ws_set_full_search */
} kikan_perc_spec_t;

typedef struct {
    kikan_id_t np, reps;
    double *mu;      /* reps x np, replicate-major: mu[r * np + i] */
    double *rounds;  /* reps x np */
    double *mu_mean; /* np: mean over replicates */
    double *mu_sd;   /* np: sample standard deviation (0 for one replicate) */
    double *rounds_mean;
    double generate_seconds;    /* wall time drawing graphs, removal orders and couplings */
    double cascade_seconds;     /* wall time of the cascades alone */
    double cascade_cpu_seconds; /* CPU time of the cascades, summed over threads */
    /* sweep chains: the points whose A first, B first and A second step were repaired from
       the chain's previous point (like the timings, they depend on the thread count) */
    kikan_id_t chained[3];
    /* and the points whose A first and B first step came from a chain's union-find build
       (from the point after the first whose chained repair of A's first step failed) */
    kikan_id_t union_find[2];
} kikan_perc_summary_t;

/**
 * Run reps x np cascades. Replicate r uses the graphs kikan_graph_er or
 * kikan_graph_sf draw from (seed, stream 2r) for A and (seed, 2r + 1) for B
 * (or the given ones), one random removal order of A's vertices (the first
 * round((1-p) n) are removed, so the sets are nested across p) and one random
 * set of round(q n) coupled pairs. Parallel over replicates and p values with
 * ctx's thread count; results do not depend on it. Cost per cascade: see
 * kikan_perc_cascade. *out is owned by the caller (kikan_perc_summary_free).
 * Errors: KIKAN_EINVAL (bad spec), KIKAN_ENOMEM, KIKAN_ELIMIT,
 * KIKAN_EINTERRUPTED (ctx stop flag, checked between replicate blocks).
 */
kikan_error_t kikan_perc_run(kikan_ctx_t *ctx, const kikan_perc_spec_t *spec,
                             kikan_perc_summary_t **out);
void kikan_perc_summary_free(kikan_perc_summary_t **s);

/**
 * The vertices of A that kikan_perc_run removes in replicate `rep` at
 * survival fraction p (round((1-p) n) of them, in removal order); *ids is
 * malloc'd (at least one element; free() it). O(n). KIKAN_EINVAL, KIKAN_ENOMEM.
 */
kikan_error_t kikan_perc_removal_order(const kikan_perc_spec_t *spec, kikan_id_t rep, double p,
                                       kikan_id_t **ids, kikan_id_t *count);

/**
 * The collapse point of a sweep: midpoint of the consecutive pair of p values
 * with the largest |mu(p_i) - mu(p_i+1)|; NAN for fewer than two points.
 */
double kikan_perc_collapse_point(const double *p, const double *mu, kikan_id_t np);

/** A GSL-style seed for (seed, replicate, stream), well mixed (splitmix64). */
uint64_t kikan_perc_stream_seed(uint64_t seed, uint64_t replicate, uint64_t stream);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
