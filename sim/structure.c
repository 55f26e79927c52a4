/*
 * Structural screening of a world's dependency graph (include/kikan/structure.h):
 * single points of failure by dominator tree and by cascade, thin redundancy,
 * betweenness, articulation points and strongly connected blocks.
 *
 * DESIGN: igraph does what it has an algorithm for (dominator tree,
 * components, betweenness, articulation points); the k-of-n cascade is the
 * engine's structural rule, which igraph has no notion of, done here with
 * per-group failure counters and a worklist whose touched entries are reset
 * after each asset, so the per-asset cost is what that asset's loss reaches,
 * not the world's size. Everything runs serially: igraph from Debian is not
 * thread-safe. igraph's error handler is swapped for the "ignore" handler
 * while we call it (the default one aborts the process) and its codes are
 * mapped to KIKAN_ENOMEM / KIKAN_EGRAPH.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <igraph/igraph.h>
#include "kikan/structure.h"
#include "models/world_impl.h"
#include "sim/engine_impl.h"

static void *xcalloc(int64_t n, size_t elem)
{
    if (n < 0 || (uint64_t)n > SIZE_MAX / elem) {
        return NULL;
    }
    return calloc(n ? (size_t)n : 1, elem);
}

#define ALLOC(p, n) KIKAN_CHECK_ALLOC((p) = xcalloc((n), sizeof(*(p))))

/* An igraph call: its error code mapped to ours. */
#define IG(expr)                                                                                   \
    do {                                                                                           \
        igraph_error_t ig_rc_ = (expr);                                                            \
        if (ig_rc_ != IGRAPH_SUCCESS) {                                                            \
            kikan_log(ctx, KIKAN_LOG_ERROR, "igraph: %s", igraph_strerror(ig_rc_));                \
            KIKAN_FAIL(ig_rc_ == IGRAPH_ENOMEM ? KIKAN_ENOMEM : KIKAN_EGRAPH);                     \
        }                                                                                          \
    } while (0)

void kikan_structure_free(kikan_structure_t **s)
{
    if (s == NULL || *s == NULL) {
        return;
    }
    kikan_structure_t *r = *s;
    free(r->regulated_source);
    free(r->op_regulated);
    free(r->idom);
    free(r->alone_assets);
    free(r->alone);
    free(r->alone_sector);
    free(r->cascade_sector);
    free(r->cascade_assets);
    free(r->cascade);
    free(r->betweenness);
    free(r->articulation);
    free(r->size_class);
    free(r->spof);
    free(r->op_alone_assets);
    free(r->op_alone);
    free(r->op_cascade);
    free(r->op_spofs);
    free(r->op_thin_groups);
    free(r->op_thin_customers);
    free(r->op_rank);
    free(r->block_size);
    free(r->block_sector);
    free(r->block_customers);
    free(r->asset_block);
    free(r->betweenness_rank);
    free(r);
    *s = NULL;
}

/* ---- the k-of-n cascade ------------------------------------------------------------------- */

/* Flat view of the dependency rule: provider -> groups it supplies, group -> k, n, dependent. */
typedef struct {
    kikan_id_t n_assets, n_groups;
    kikan_id_t *out_off, *out_group; /* CSR over providers */
    const kikan_group_t *groups;
    const kikan_id_t *sector; /* [n_assets] */
    /* workspace, all zero between cascades */
    int32_t *lost;      /* [n_groups] providers of the group lost */
    uint8_t *failed;    /* [n_assets] */
    kikan_id_t *stack;  /* [n_assets] failed assets, in order (also the reset list) */
    kikan_id_t *gtouch; /* [n_groups] groups whose counter moved */
} cascade_t;

/*
 * Fail seeds[0..n_seeds) and run the rule to its fixed point (greatest set of
 * working assets). Returns the number of failed assets and adds their value
 * to *sum (and to by_sector[sector], when not NULL); resets the workspace.
 * O(what the loss reaches).
 */
static kikan_id_t cascade_run(cascade_t *c, const kikan_id_t *seeds, kikan_id_t n_seeds,
                              const double *value, double *sum, double *by_sector)
{
    kikan_id_t top = 0, n_gt = 0;
    for (kikan_id_t i = 0; i < n_seeds; i++) {
        if (!c->failed[seeds[i]]) {
            c->failed[seeds[i]] = 1;
            c->stack[top++] = seeds[i];
        }
    }
    for (kikan_id_t head = 0; head < top; head++) {
        const kikan_id_t a = c->stack[head];
        for (kikan_id_t e = c->out_off[a]; e < c->out_off[a + 1]; e++) {
            const kikan_id_t g = c->out_group[e];
            if (c->lost[g]++ == 0) {
                c->gtouch[n_gt++] = g;
            }
            const kikan_group_t *gr = &c->groups[g];
            /* the group stops holding when fewer than k providers remain */
            if (c->lost[g] == gr->n - gr->k + 1 && !c->failed[gr->dependent]) {
                c->failed[gr->dependent] = 1;
                c->stack[top++] = gr->dependent;
            }
        }
    }
    double s = 0.0;
    for (kikan_id_t i = 0; i < top; i++) {
        s += value[c->stack[i]];
        if (by_sector != NULL) {
            by_sector[c->sector[c->stack[i]]] += value[c->stack[i]];
        }
        c->failed[c->stack[i]] = 0;
    }
    for (kikan_id_t i = 0; i < n_gt; i++) {
        c->lost[c->gtouch[i]] = 0;
    }
    *sum += s;
    return top;
}

/* ---- sorting helpers ---------------------------------------------------------------------- */

typedef struct {
    double k1, k2;
    kikan_id_t id;
} rank_t;

/* Descending k1, then descending k2, then ascending id: a total order, so ranks are stable. */
static int rank_cmp(const void *pa, const void *pb)
{
    const rank_t *a = pa, *b = pb;
    if (a->k1 != b->k1) {
        return a->k1 > b->k1 ? -1 : 1;
    }
    if (a->k2 != b->k2) {
        return a->k2 > b->k2 ? -1 : 1;
    }
    return (a->id > b->id) - (a->id < b->id);
}

/* ---- the analysis ------------------------------------------------------------------------- */

kikan_error_t kikan_structure_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                                  const kikan_structure_options_t *opt, kikan_structure_t **out)
{
    if (ctx == NULL || m == NULL || out == NULL || m->world == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = m->world;
    const kikan_id_t V = w->n_assets, D = w->n_deps, G = w->n_groups, O = w->n_operators,
                     S = w->n_sectors;
    kikan_structure_t *r = NULL;
    double *value = NULL;
    cascade_t c = {0};
    igraph_t ge, gall;
    igraph_vector_int_t edges, memb, csize, dom, leftout, art;
    igraph_vector_t btw;
    int have_ge = 0, have_gall = 0;
    int vi_edges = 0, vi_memb = 0, vi_csize = 0, vi_dom = 0, vi_left = 0, vi_art = 0, v_btw = 0;
    kikan_id_t *child_off = NULL, *child = NULL, *order = NULL, *ops_off = NULL, *ops_asset = NULL;
    kikan_id_t *sector_of = NULL;
    kikan_id_t *bfs = NULL, *ess_off = NULL, *ess_adj = NULL;
    uint8_t *seen = NULL, *has_in = NULL, *removed = NULL;
    rank_t *rk = NULL;
    igraph_error_handler_t *old_handler = igraph_set_error_handler(igraph_error_handler_ignore);

    if (opt != NULL && opt->people_per_customer != NULL) {
        for (kikan_id_t s = 0; s < S; s++) {
            const double f = opt->people_per_customer[s];
            if (!isfinite(f) || f < 0) {
                kikan_diag_add(ctx,
                               "sector %s: people_per_customer must be finite and >= 0, got %g",
                               kikan_strtab_get(&w->sector_ids, s), f);
                KIKAN_FAIL(KIKAN_EINPUT);
            }
        }
    }
    KIKAN_CHECK_ALLOC(r = calloc(1, sizeof(*r)));
    r->n_assets = V;
    r->n_operators = O;
    r->n_sectors = S;
    r->people = opt != NULL && opt->people_per_customer != NULL;
    r->unit = r->people ? "people" : "customers";
    if (opt != NULL && opt->op_regulated != NULL) {
        KIKAN_CHECK_ALLOC(r->regulated_source =
                              strdup(opt->regulated_source ? opt->regulated_source : "a scope"));
        ALLOC(r->op_regulated, O);
        memcpy(r->op_regulated, opt->op_regulated, (size_t)O);
    }
    ALLOC(value, V);
    for (kikan_id_t a = 0; a < V; a++) {
        const kikan_asset_t *as = &w->assets[a];
        value[a] = as->customers * (r->people ? opt->people_per_customer[as->sector] : 1.0);
    }

    /* ---- the cascade's flat rule ---- */
    c.n_assets = V;
    c.n_groups = G;
    c.groups = w->groups;
    ALLOC(sector_of, V);
    for (kikan_id_t a = 0; a < V; a++) {
        sector_of[a] = w->assets[a].sector;
    }
    c.sector = sector_of;
    ALLOC(c.out_off, V + 1);
    ALLOC(c.out_group, D);
    ALLOC(c.lost, G);
    ALLOC(c.failed, V);
    ALLOC(c.stack, V);
    ALLOC(c.gtouch, G);
    for (kikan_id_t d = 0; d < D; d++) {
        c.out_off[w->deps[d].provider + 1]++;
    }
    for (kikan_id_t a = 0; a < V; a++) {
        c.out_off[a + 1] += c.out_off[a];
    }
    {
        kikan_id_t *fill = NULL;
        ALLOC(fill, V);
        for (kikan_id_t d = 0; d < D; d++) {
            const kikan_id_t p = w->deps[d].provider;
            c.out_group[c.out_off[p] + fill[p]++] = w->deps[d].group;
        }
        free(fill);
    }

    /* ---- essential graph + virtual root (vertex V) ---- */
    IG(igraph_vector_int_init(&edges, 0));
    vi_edges = 1;
    for (kikan_id_t d = 0; d < D; d++) {
        const kikan_group_t *gr = &w->groups[w->deps[d].group];
        if (gr->k == gr->n) {
            IG(igraph_vector_int_push_back(&edges, w->deps[d].provider));
            IG(igraph_vector_int_push_back(&edges, w->deps[d].dependent));
        }
    }
    const igraph_integer_t n_ess = igraph_vector_int_size(&edges) / 2;
    IG(igraph_create(&ge, &edges, V, IGRAPH_DIRECTED));
    have_ge = 1;
    IG(igraph_vector_int_init(&memb, 0));
    vi_memb = 1;
    IG(igraph_vector_int_init(&csize, 0));
    vi_csize = 1;
    igraph_integer_t n_comp = 0;
    IG(igraph_connected_components(&ge, &memb, &csize, &n_comp, IGRAPH_STRONG));
    /* source blocks: no essential dependency enters them from another block */
    ALLOC(has_in, n_comp);
    for (igraph_integer_t e = 0; e < n_ess; e++) {
        const igraph_integer_t p = VECTOR(edges)[2 * e], q = VECTOR(edges)[2 * e + 1];
        if (VECTOR(memb)[p] != VECTOR(memb)[q]) {
            has_in[VECTOR(memb)[q]] = 1;
        }
    }
    IG(igraph_add_vertices(&ge, 1, NULL));
    {
        igraph_vector_int_t re;
        IG(igraph_vector_int_init(&re, 0));
        igraph_error_t rc = IGRAPH_SUCCESS;
        for (kikan_id_t a = 0; a < V && rc == IGRAPH_SUCCESS; a++) {
            if (!has_in[VECTOR(memb)[a]]) {
                rc = igraph_vector_int_push_back(&re, V);
                if (rc == IGRAPH_SUCCESS) {
                    rc = igraph_vector_int_push_back(&re, a);
                }
            }
        }
        if (rc == IGRAPH_SUCCESS) {
            rc = igraph_add_edges(&ge, &re, NULL);
        }
        igraph_vector_int_destroy(&re);
        IG(rc);
    }
    /* the same graph as CSR (root = V), for the per-operator searches */
    ALLOC(ess_off, V + 2);
    ALLOC(ess_adj, n_ess + V);
    for (igraph_integer_t e = 0; e < n_ess; e++) {
        ess_off[VECTOR(edges)[2 * e] + 1]++;
    }
    for (kikan_id_t a = 0; a < V; a++) {
        ess_off[V + 1] += !has_in[VECTOR(memb)[a]];
    }
    for (kikan_id_t a = 0; a <= V; a++) {
        ess_off[a + 1] += ess_off[a];
    }
    {
        kikan_id_t *fill = NULL;
        ALLOC(fill, V + 1);
        for (igraph_integer_t e = 0; e < n_ess; e++) {
            const igraph_integer_t p = VECTOR(edges)[2 * e];
            ess_adj[ess_off[p] + fill[p]++] = (kikan_id_t)VECTOR(edges)[2 * e + 1];
        }
        for (kikan_id_t a = 0; a < V; a++) {
            if (!has_in[VECTOR(memb)[a]]) {
                ess_adj[ess_off[V] + fill[V]++] = a;
            }
        }
        free(fill);
    }
    IG(igraph_vector_int_init(&dom, 0));
    vi_dom = 1;
    IG(igraph_vector_int_init(&leftout, 0));
    vi_left = 1;
    IG(igraph_dominator_tree(&ge, V, &dom, NULL, &leftout, IGRAPH_OUT));

    /* ---- subtree sums over the dominator tree (children CSR, BFS, reverse) ---- */
    ALLOC(r->idom, V);
    ALLOC(child_off, V + 2);
    ALLOC(child, V);
    ALLOC(order, V + 1);
    for (kikan_id_t a = 0; a < V; a++) {
        const igraph_integer_t d = VECTOR(dom)[a];
        /* the root, or unreachable (negative): no asset dominates it */
        const kikan_id_t p = (d >= 0 && d < V) ? (kikan_id_t)d : V;
        r->idom[a] = p == V ? KIKAN_NONE : p;
        child_off[p + 1]++;
    }
    for (kikan_id_t p = 0; p <= V; p++) {
        child_off[p + 1] += child_off[p];
    }
    {
        kikan_id_t *fill = NULL;
        ALLOC(fill, V + 1);
        for (kikan_id_t a = 0; a < V; a++) {
            const kikan_id_t p = r->idom[a] == KIKAN_NONE ? V : r->idom[a];
            child[child_off[p] + fill[p]++] = a;
        }
        free(fill);
    }
    kikan_id_t n_ord = 0;
    order[n_ord++] = V;
    for (kikan_id_t h = 0; h < n_ord; h++) {
        const kikan_id_t p = order[h];
        for (kikan_id_t j = child_off[p]; j < child_off[p + 1]; j++) {
            order[n_ord++] = child[j];
        }
    }
    ALLOC(r->alone, V);
    ALLOC(r->alone_assets, V);
    ALLOC(r->alone_sector, (int64_t)V * S);
    for (kikan_id_t a = 0; a < V; a++) {
        r->alone[a] = value[a];
        r->alone_assets[a] = 1;
        r->alone_sector[(int64_t)a * S + w->assets[a].sector] = value[a];
    }
    for (kikan_id_t h = n_ord - 1; h >= 1; h--) {
        const kikan_id_t a = order[h], p = r->idom[a];
        if (p != KIKAN_NONE) {
            r->alone[p] += r->alone[a];
            r->alone_assets[p] += r->alone_assets[a];
            for (kikan_id_t k = 0; k < S; k++) {
                r->alone_sector[(int64_t)p * S + k] += r->alone_sector[(int64_t)a * S + k];
            }
        }
    }

    /* ---- cascade per asset ---- */
    ALLOC(r->cascade, V);
    ALLOC(r->cascade_assets, V);
    ALLOC(r->cascade_sector, (int64_t)V * S);
    for (kikan_id_t a = 0; a < V; a++) {
        r->cascade_assets[a] =
            cascade_run(&c, &a, 1, value, &r->cascade[a], r->cascade_sector + (int64_t)a * S);
    }

    /* ---- size classes ---- */
    ALLOC(r->size_class, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->size_class[a] = (int8_t)kikan_model_size_class(m, w->assets[a].op, w->assets[a].sector);
    }

    /* ---- single points of failure ---- */
    ALLOC(rk, V > O ? V : O);
    kikan_id_t n_spof = 0;
    for (kikan_id_t a = 0; a < V; a++) {
        if (r->alone_assets[a] > 1) {
            rk[n_spof++] = (rank_t){r->alone[a], r->cascade[a], a};
        }
    }
    qsort(rk, (size_t)n_spof, sizeof(*rk), rank_cmp);
    r->n_spof = n_spof;
    ALLOC(r->spof, n_spof);
    for (kikan_id_t i = 0; i < n_spof; i++) {
        r->spof[i] = rk[i].id;
        if (opt != NULL && opt->op_regulated != NULL &&
            !opt->op_regulated[w->assets[rk[i].id].op]) {
            r->n_spof_unregulated++;
            r->spof_unregulated_alone += r->alone[rk[i].id];
        }
    }

    /* ---- operators: their assets, removed together ---- */
    ALLOC(ops_off, O + 1);
    ALLOC(ops_asset, V);
    for (kikan_id_t a = 0; a < V; a++) {
        ops_off[w->assets[a].op + 1]++;
    }
    for (kikan_id_t o = 0; o < O; o++) {
        ops_off[o + 1] += ops_off[o];
    }
    {
        kikan_id_t *fill = NULL;
        ALLOC(fill, O);
        for (kikan_id_t a = 0; a < V; a++) {
            const kikan_id_t o = w->assets[a].op;
            ops_asset[ops_off[o] + fill[o]++] = a;
        }
        free(fill);
    }
    ALLOC(r->op_alone, O);
    ALLOC(r->op_alone_assets, O);
    ALLOC(r->op_cascade, O);
    ALLOC(r->op_spofs, O);
    ALLOC(r->op_thin_groups, O);
    ALLOC(r->op_thin_customers, O);
    ALLOC(seen, V + 1);
    ALLOC(removed, V + 1);
    ALLOC(bfs, V + 1);
    for (kikan_id_t i = 0; i < n_spof; i++) {
        r->op_spofs[w->assets[r->spof[i]].op]++;
    }
    for (kikan_id_t o = 0; o < O; o++) {
        const kikan_id_t n_own = ops_off[o + 1] - ops_off[o];
        (void)cascade_run(&c, ops_asset + ops_off[o], n_own, value, &r->op_cascade[o], NULL);
        if (n_own == 0) {
            continue;
        }
        if (n_own == 1) { /* one asset: its dominator subtree */
            r->op_alone[o] = r->alone[ops_asset[ops_off[o]]];
            r->op_alone_assets[o] = r->alone_assets[ops_asset[ops_off[o]]];
            continue;
        }
        /* what the root still reaches without the operator's assets (OR over essential paths) */
        for (kikan_id_t j = ops_off[o]; j < ops_off[o + 1]; j++) {
            removed[ops_asset[j]] = 1;
        }
        memset(seen, 0, (size_t)V + 1);
        kikan_id_t nb = 0;
        bfs[nb++] = V;
        seen[V] = 1;
        for (kikan_id_t h = 0; h < nb; h++) {
            const kikan_id_t x = bfs[h];
            for (kikan_id_t j = ess_off[x]; j < ess_off[x + 1]; j++) {
                const kikan_id_t y = ess_adj[j];
                if (!seen[y] && !removed[y]) {
                    seen[y] = 1;
                    bfs[nb++] = y;
                }
            }
        }
        for (kikan_id_t a = 0; a < V; a++) {
            if (!seen[a]) {
                r->op_alone[o] += value[a];
                r->op_alone_assets[o]++;
            }
        }
        for (kikan_id_t j = ops_off[o]; j < ops_off[o + 1]; j++) {
            removed[ops_asset[j]] = 0;
        }
    }
    /* thin redundancy, per operator of the dependent; a dependent's customers counted once */
    memset(seen, 0, (size_t)V + 1);
    for (kikan_id_t g = 0; g < G; g++) {
        const kikan_group_t *gr = &w->groups[g];
        if (gr->n == gr->k + 1) {
            const kikan_id_t v = gr->dependent, o = w->assets[v].op;
            r->n_thin_groups++;
            r->op_thin_groups[o]++;
            if (!seen[v]) {
                seen[v] = 1;
                r->op_thin_customers[o] += value[v];
            }
        }
    }
    for (kikan_id_t o = 0; o < O; o++) {
        rk[o] = (rank_t){r->op_alone[o], r->op_cascade[o], o};
    }
    qsort(rk, (size_t)O, sizeof(*rk), rank_cmp);
    ALLOC(r->op_rank, O);
    for (kikan_id_t o = 0; o < O; o++) {
        r->op_rank[o] = rk[o].id;
    }

    /* ---- the whole dependency graph: blocks, betweenness, articulation points ---- */
    igraph_vector_int_clear(&edges);
    IG(igraph_vector_int_resize(&edges, 2 * (igraph_integer_t)D));
    for (kikan_id_t d = 0; d < D; d++) {
        VECTOR(edges)[2 * d] = w->deps[d].provider;
        VECTOR(edges)[2 * d + 1] = w->deps[d].dependent;
    }
    IG(igraph_create(&gall, &edges, V, IGRAPH_DIRECTED));
    have_gall = 1;
    IG(igraph_connected_components(&gall, &memb, &csize, &n_comp, IGRAPH_STRONG));
    ALLOC(r->asset_block, V);
    {
        kikan_id_t n_big = 0;
        for (igraph_integer_t i = 0; i < n_comp; i++) {
            if (VECTOR(csize)[i] > 1) {
                rk[n_big++] = (rank_t){(double)VECTOR(csize)[i], 0.0, (kikan_id_t)i};
            }
        }
        qsort(rk, (size_t)n_big, sizeof(*rk), rank_cmp);
        r->n_blocks = n_big;
        ALLOC(r->block_size, n_big);
        ALLOC(r->block_sector, (int64_t)n_big * S);
        ALLOC(r->block_customers, n_big);
        kikan_id_t *comp_block = NULL;
        ALLOC(comp_block, n_comp);
        for (igraph_integer_t i = 0; i < n_comp; i++) {
            comp_block[i] = KIKAN_NONE;
        }
        for (kikan_id_t b = 0; b < n_big; b++) {
            comp_block[rk[b].id] = b;
            r->block_size[b] = (kikan_id_t)rk[b].k1;
        }
        for (kikan_id_t a = 0; a < V; a++) {
            const kikan_id_t b = comp_block[VECTOR(memb)[a]];
            r->asset_block[a] = b;
            if (b != KIKAN_NONE) {
                r->block_sector[(int64_t)b * S + w->assets[a].sector]++;
                r->block_customers[b] += value[a];
            }
        }
        free(comp_block);
    }
    IG(igraph_vector_init(&btw, 0));
    v_btw = 1;
    IG(igraph_betweenness(&gall, &btw, igraph_vss_all(), IGRAPH_DIRECTED, NULL));
    ALLOC(r->betweenness, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->betweenness[a] = VECTOR(btw)[a];
        rk[a] = (rank_t){r->betweenness[a], r->cascade[a], a};
    }
    qsort(rk, (size_t)V, sizeof(*rk), rank_cmp);
    ALLOC(r->betweenness_rank, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->betweenness_rank[a] = rk[a].id;
    }
    IG(igraph_vector_int_init(&art, 0));
    vi_art = 1;
    IG(igraph_articulation_points(&gall, &art));
    ALLOC(r->articulation, V);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&art); i++) {
        r->articulation[VECTOR(art)[i]] = 1;
    }
    r->n_articulation = (kikan_id_t)igraph_vector_int_size(&art);

    *out = r;
    r = NULL;
cleanup:
    igraph_set_error_handler(old_handler);
    kikan_structure_free(&r);
    free(value);
    free(c.out_off);
    free(c.out_group);
    free(c.lost);
    free(c.failed);
    free(c.stack);
    free(c.gtouch);
    free(child_off);
    free(child);
    free(order);
    free(ops_off);
    free(ops_asset);
    free(bfs);
    free(sector_of);
    free(ess_off);
    free(ess_adj);
    free(seen);
    free(has_in);
    free(removed);
    free(rk);
    if (have_ge) {
        igraph_destroy(&ge);
    }
    if (have_gall) {
        igraph_destroy(&gall);
    }
    if (vi_edges) {
        igraph_vector_int_destroy(&edges);
    }
    if (vi_memb) {
        igraph_vector_int_destroy(&memb);
    }
    if (vi_csize) {
        igraph_vector_int_destroy(&csize);
    }
    if (vi_dom) {
        igraph_vector_int_destroy(&dom);
    }
    if (vi_left) {
        igraph_vector_int_destroy(&leftout);
    }
    if (vi_art) {
        igraph_vector_int_destroy(&art);
    }
    if (v_btw) {
        igraph_vector_destroy(&btw);
    }
    return err;
}
