/*
 * kikan — structural screening of a world's dependency graph, before any
 * Monte Carlo: single points of failure, thin redundancy, betweenness and
 * articulation points, the strongly connected blocks (power <-> telecom
 * loops), and which single points of failure a screening scope leaves
 * unregulated.
 *
 * Definitions (docs/structure.md says the same for users):
 *  - essential dependency: a row of a redundancy group with k = n (the
 *    dependent needs every provider of the group; a row without a group is
 *    a group of one).
 *  - depend on it alone (dominator): the essential-dependency graph
 *    (provider -> dependent) gets a virtual root with an edge to every asset
 *    of a source block of its condensation (a strongly connected block no
 *    essential dependency enters). Asset d dominates v when every path from
 *    the root to v passes through d (igraph_dominator_tree). What depends on
 *    d alone is d and every asset it dominates; their customers are d's
 *    "alone" figure. Within those assets the loss of d takes away every
 *    supply path, whatever else they have.
 *  - cut off with it (cascade): everything that stops when d alone is lost
 *    for good once every backup has run out: the greatest fixed point of the
 *    engine's structural rule (an asset works while each of its redundancy
 *    groups keeps k working providers) with d failed. It contains the
 *    dominator set and adds assets that need d among several essential
 *    providers (AND) and redundancy groups that d's cascade empties.
 *  - single point of failure (SPOF): an asset that dominates at least one
 *    other asset; ranked by the people (or customers) depending on it alone.
 *  - thin redundancy: a group with n = k + 1: one provider's loss leaves
 *    exactly k, the next stops the dependent. Counted per operator of the
 *    dependent.
 *  - betweenness: igraph_betweenness on the directed dependency graph (every
 *    dependency, provider -> dependent); articulation points: igraph's, on
 *    the same graph read as undirected; blocks: its strongly connected
 *    components of more than one asset, with their sectors.
 *
 * Impact unit: customers in each sector's own unit, times an optional
 * per-sector people factor (people per customer). Without factors the unit
 * is "customers" (sums across sectors then mix units; said so on output).
 *
 * DESIGN: one transparent result struct of plain arrays (like the scope
 * analysis) so that the text, JSON, CSV and HDF5 writers need no analysis
 * code. igraph is called serially only (it is not thread-safe in Debian's
 * build); its errors map to KIKAN_EGRAPH / KIKAN_ENOMEM.
 */
#ifndef KIKAN_STRUCTURE_H
#define KIKAN_STRUCTURE_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/engine.h"
#include "kikan/error.h"
#include "kikan/scenario.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** Knobs of the analysis (all may be left zero / NULL). */
typedef struct {
    /* [n_sectors] people per customer of each sector; NULL: impact in customers */
    const double *people_per_customer;
    /* [n_operators] 1 = regulated by the scope compared against; NULL: no comparison */
    const uint8_t *op_regulated;
    /* what op_regulated is ("the screening rules in force", "the recommended scope of X") */
    const char *regulated_source;
} kikan_structure_options_t;

/** The results; every array owned (kikan_structure_free). Ids are world rows. */
typedef struct {
    kikan_id_t n_assets, n_operators, n_sectors;
    int people;             /* 1: figures in people (factors given); 0: in customers */
    const char *unit;       /* "people" or "customers" (static) */
    char *regulated_source; /* NULL when no scope was compared */
    uint8_t *op_regulated;  /* [n_operators] copy of the options' mask; NULL likewise */

    /* ---- per asset [n_assets] ---- */
    kikan_id_t *idom;           /* immediate dominator (KIKAN_NONE: the root, or unreachable) */
    kikan_id_t *alone_assets;   /* assets depending on it alone (itself included) */
    double *alone;              /* their customers/people */
    kikan_id_t *cascade_assets; /* assets cut off with it (itself included) */
    double *cascade;            /* their customers/people */
    double *alone_sector;       /* [n_assets * n_sectors] `alone` by sector (row a: asset a) */
    double *cascade_sector;     /* [n_assets * n_sectors] `cascade` by sector */
    double *betweenness;        /* directed dependency graph */
    uint8_t *articulation;      /* 1: articulation point of the undirected dependency graph */
    int8_t *size_class;         /* operator size class in the asset's sector (engine.h) */

    /* ---- single points of failure, ranked ---- */
    kikan_id_t n_spof;
    kikan_id_t *spof; /* [n_spof] assets, most people depending on them alone first (ties: more
                         cut off, then lower row) */
    kikan_id_t n_spof_unregulated; /* of them, operator not regulated (0 without comparison) */
    double spof_unregulated_alone; /* people depending alone on unregulated SPOFs (sum over them:
                                      nested SPOFs count more than once) */

    /* ---- per operator [n_operators] ---- */
    kikan_id_t *op_alone_assets; /* assets cut from the root when all its assets are removed */
    double *op_alone;            /* their customers/people (the operator's own included) */
    double *op_cascade;          /* cut off when the operator stops (cascade rule) */
    kikan_id_t *op_spofs;        /* its assets that are SPOFs */
    kikan_id_t *op_thin_groups;  /* thin redundancy groups (n = k + 1) of its assets */
    double *op_thin_customers;   /* customers/people its assets behind thin groups serve */
    kikan_id_t *op_rank;         /* [n_operators] by op_alone, then op_cascade, then row */
    kikan_id_t n_thin_groups;    /* in the world */

    /* ---- strongly connected blocks of the dependency graph (size > 1), largest first ---- */
    kikan_id_t n_blocks;
    kikan_id_t *block_size;   /* [n_blocks] assets */
    kikan_id_t *block_sector; /* [n_blocks * n_sectors] assets per sector */
    double *block_customers;  /* [n_blocks] customers/people served directly */
    kikan_id_t *asset_block;  /* [n_assets] block of the asset, KIKAN_NONE if alone */

    kikan_id_t *betweenness_rank; /* [n_assets] assets by betweenness, highest first */
    kikan_id_t n_articulation;
} kikan_structure_t;

/**
 * Analyse the world `m` was compiled from (size classes come from `m`).
 * Serial; calls igraph. Errors: KIKAN_EINVAL (NULL arguments); KIKAN_EINPUT
 * (a people factor not finite or negative, with a diagnostic); KIKAN_EGRAPH
 * (igraph failed); KIKAN_ENOMEM. Time: O((V + E) log V) for the dominator
 * tree and blocks, O(V E) worst case for betweenness and the per-asset and
 * per-operator cascades (in practice proportional to what each loss reaches).
 * On success the caller owns *out.
 */
kikan_error_t kikan_structure_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                                  const kikan_structure_options_t *opt, kikan_structure_t **out);

/** Free a result; accepts NULL, clears the pointer. */
void kikan_structure_free(kikan_structure_t **s);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
