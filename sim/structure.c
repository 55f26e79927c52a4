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

/* ---- the analysis, one job per part -------------------------------------------------------
 *
 * kikan_structure_run is a sequence of parts sharing one job_t: the figures
 * per asset (prepare), the cascade's flat rule (build_cascade), the essential
 * graph with its virtual root and dominator tree (dominators), subtree sums
 * over that tree (dominated_sums), the per-asset cascades and the ranking of
 * single points of failure (rank_spofs), the operators and thin redundancy
 * (operators), and the whole graph's blocks, betweenness and articulation
 * points (whole_graph). job_free releases everything a part may have left.
 */

typedef struct {
    kikan_ctx_t *ctx;
    const kikan_model_t *m;
    const kikan_world_t *w;
    const kikan_structure_options_t *opt;
    kikan_id_t V, D, G, O, S;
    kikan_structure_t *r;
    double *value; /* [V] people (or customers) each asset serves directly */
    cascade_t c;
    kikan_id_t *sector_of;
    /* the essential graph (k = n groups) plus a virtual root V, and its CSR */
    igraph_t ge, gall;
    igraph_vector_int_t edges, memb, csize, dom, leftout, art;
    igraph_vector_t btw;
    int have_ge, have_gall, vi_edges, vi_memb, vi_csize, vi_dom, vi_left, vi_art, v_btw;
    igraph_integer_t n_ess, n_comp;
    uint8_t *has_in;
    kikan_id_t *ess_off, *ess_adj;
    rank_t *rk; /* [max(V, O)] scratch for the rankings */
} job_t;

static void job_free(job_t *j)
{
    kikan_structure_free(&j->r);
    free(j->value);
    free(j->c.out_off);
    free(j->c.out_group);
    free(j->c.lost);
    free(j->c.failed);
    free(j->c.stack);
    free(j->c.gtouch);
    free(j->sector_of);
    free(j->has_in);
    free(j->ess_off);
    free(j->ess_adj);
    free(j->rk);
    if (j->have_ge) {
        igraph_destroy(&j->ge);
    }
    if (j->have_gall) {
        igraph_destroy(&j->gall);
    }
    if (j->vi_edges) {
        igraph_vector_int_destroy(&j->edges);
    }
    if (j->vi_memb) {
        igraph_vector_int_destroy(&j->memb);
    }
    if (j->vi_csize) {
        igraph_vector_int_destroy(&j->csize);
    }
    if (j->vi_dom) {
        igraph_vector_int_destroy(&j->dom);
    }
    if (j->vi_left) {
        igraph_vector_int_destroy(&j->leftout);
    }
    if (j->vi_art) {
        igraph_vector_int_destroy(&j->art);
    }
    if (j->v_btw) {
        igraph_vector_destroy(&j->btw);
    }
}

/* Check the people factors, make the result, and each asset's figure. */
static kikan_error_t prepare(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_structure_options_t *opt = j->opt;
    const kikan_world_t *w = j->w;
    if (opt != NULL && opt->people_per_customer != NULL) {
        for (kikan_id_t s = 0; s < j->S; s++) {
            const double f = opt->people_per_customer[s];
            if (!isfinite(f) || f < 0) {
                kikan_diag_add(j->ctx,
                               "sector %s: people_per_customer must be finite and >= 0, got %g",
                               kikan_strtab_get(&w->sector_ids, s), f);
                KIKAN_FAIL(KIKAN_EINPUT);
            }
        }
    }
    kikan_structure_t *r = NULL;
    KIKAN_CHECK_ALLOC(r = j->r = calloc(1, sizeof(*r)));
    r->n_assets = j->V;
    r->n_operators = j->O;
    r->n_sectors = j->S;
    r->people = opt != NULL && opt->people_per_customer != NULL;
    r->unit = r->people ? "people" : "customers";
    if (opt != NULL && opt->op_regulated != NULL) {
        KIKAN_CHECK_ALLOC(r->regulated_source =
                              strdup(opt->regulated_source ? opt->regulated_source : "a scope"));
        ALLOC(r->op_regulated, j->O);
        memcpy(r->op_regulated, opt->op_regulated, (size_t)j->O);
    }
    ALLOC(j->value, j->V);
    for (kikan_id_t a = 0; a < j->V; a++) {
        const kikan_asset_t *as = &w->assets[a];
        j->value[a] = as->customers * (r->people ? opt->people_per_customer[as->sector] : 1.0);
    }
    ALLOC(j->rk, j->V > j->O ? j->V : j->O);
cleanup:
    return err;
}

/* The cascade's flat rule: provider -> the groups it supplies (CSR), and its workspace. */
static kikan_error_t build_cascade(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, D = j->D, G = j->G;
    cascade_t *c = &j->c;
    kikan_id_t *fill = NULL;
    c->n_assets = V;
    c->n_groups = G;
    c->groups = w->groups;
    ALLOC(j->sector_of, V);
    for (kikan_id_t a = 0; a < V; a++) {
        j->sector_of[a] = w->assets[a].sector;
    }
    c->sector = j->sector_of;
    ALLOC(c->out_off, V + 1);
    ALLOC(c->out_group, D);
    ALLOC(c->lost, G);
    ALLOC(c->failed, V);
    ALLOC(c->stack, V);
    ALLOC(c->gtouch, G);
    for (kikan_id_t d = 0; d < D; d++) {
        c->out_off[w->deps[d].provider + 1]++;
    }
    for (kikan_id_t a = 0; a < V; a++) {
        c->out_off[a + 1] += c->out_off[a];
    }
    ALLOC(fill, V);
    for (kikan_id_t d = 0; d < D; d++) {
        const kikan_id_t p = w->deps[d].provider;
        c->out_group[c->out_off[p] + fill[p]++] = w->deps[d].group;
    }
cleanup:
    free(fill);
    return err;
}

/*
 * The essential graph (groups with k = n) and a virtual root V with an edge
 * to every asset of a source block (a strongly connected block that no
 * essential dependency enters), so self-sustaining loops stay reachable; its
 * CSR for the per-operator searches; igraph's dominator tree from the root.
 */
static kikan_error_t dominators(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = j->ctx;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, D = j->D;
    kikan_id_t *fill = NULL;
    IG(igraph_vector_int_init(&j->edges, 0));
    j->vi_edges = 1;
    for (kikan_id_t d = 0; d < D; d++) {
        const kikan_group_t *gr = &w->groups[w->deps[d].group];
        if (gr->k == gr->n) {
            IG(igraph_vector_int_push_back(&j->edges, w->deps[d].provider));
            IG(igraph_vector_int_push_back(&j->edges, w->deps[d].dependent));
        }
    }
    const igraph_integer_t n_ess = j->n_ess = igraph_vector_int_size(&j->edges) / 2;
    IG(igraph_create(&j->ge, &j->edges, V, IGRAPH_DIRECTED));
    j->have_ge = 1;
    IG(igraph_vector_int_init(&j->memb, 0));
    j->vi_memb = 1;
    IG(igraph_vector_int_init(&j->csize, 0));
    j->vi_csize = 1;
    IG(igraph_connected_components(&j->ge, &j->memb, &j->csize, &j->n_comp, IGRAPH_STRONG));
    /* source blocks: no essential dependency enters them from another block */
    ALLOC(j->has_in, j->n_comp);
    const igraph_vector_int_t *edges = &j->edges, *memb = &j->memb;
    for (igraph_integer_t e = 0; e < n_ess; e++) {
        const igraph_integer_t p = VECTOR(*edges)[2 * e], q = VECTOR(*edges)[2 * e + 1];
        if (VECTOR(*memb)[p] != VECTOR(*memb)[q]) {
            j->has_in[VECTOR(*memb)[q]] = 1;
        }
    }
    IG(igraph_add_vertices(&j->ge, 1, NULL));
    {
        igraph_vector_int_t re;
        IG(igraph_vector_int_init(&re, 0));
        igraph_error_t rc = IGRAPH_SUCCESS;
        for (kikan_id_t a = 0; a < V && rc == IGRAPH_SUCCESS; a++) {
            if (!j->has_in[VECTOR(*memb)[a]]) {
                rc = igraph_vector_int_push_back(&re, V);
                if (rc == IGRAPH_SUCCESS) {
                    rc = igraph_vector_int_push_back(&re, a);
                }
            }
        }
        if (rc == IGRAPH_SUCCESS) {
            rc = igraph_add_edges(&j->ge, &re, NULL);
        }
        igraph_vector_int_destroy(&re);
        IG(rc);
    }
    /* the same graph as CSR (root = V), for the per-operator searches */
    ALLOC(j->ess_off, V + 2);
    ALLOC(j->ess_adj, n_ess + V);
    kikan_id_t *off = j->ess_off;
    for (igraph_integer_t e = 0; e < n_ess; e++) {
        off[VECTOR(*edges)[2 * e] + 1]++;
    }
    for (kikan_id_t a = 0; a < V; a++) {
        off[V + 1] += !j->has_in[VECTOR(*memb)[a]];
    }
    for (kikan_id_t a = 0; a <= V; a++) {
        off[a + 1] += off[a];
    }
    ALLOC(fill, V + 1);
    for (igraph_integer_t e = 0; e < n_ess; e++) {
        const igraph_integer_t p = VECTOR(*edges)[2 * e];
        j->ess_adj[off[p] + fill[p]++] = (kikan_id_t)VECTOR(*edges)[2 * e + 1];
    }
    for (kikan_id_t a = 0; a < V; a++) {
        if (!j->has_in[VECTOR(*memb)[a]]) {
            j->ess_adj[off[V] + fill[V]++] = a;
        }
    }
    IG(igraph_vector_int_init(&j->dom, 0));
    j->vi_dom = 1;
    IG(igraph_vector_int_init(&j->leftout, 0));
    j->vi_left = 1;
    IG(igraph_dominator_tree(&j->ge, V, &j->dom, NULL, &j->leftout, IGRAPH_OUT));
cleanup:
    free(fill);
    return err;
}

/* What depends on each asset alone: subtree sums over the dominator tree, leaves first. */
static kikan_error_t dominated_sums(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, S = j->S;
    kikan_structure_t *r = j->r;
    kikan_id_t *child_off = NULL, *child = NULL, *order = NULL, *fill = NULL;
    ALLOC(r->idom, V);
    ALLOC(child_off, V + 2);
    ALLOC(child, V);
    ALLOC(order, V + 1);
    for (kikan_id_t a = 0; a < V; a++) {
        const igraph_integer_t d = VECTOR(j->dom)[a];
        /* the root, or unreachable (negative): no asset dominates it */
        const kikan_id_t p = (d >= 0 && d < V) ? (kikan_id_t)d : V;
        r->idom[a] = p == V ? KIKAN_NONE : p;
        child_off[p + 1]++;
    }
    for (kikan_id_t p = 0; p <= V; p++) {
        child_off[p + 1] += child_off[p];
    }
    ALLOC(fill, V + 1);
    for (kikan_id_t a = 0; a < V; a++) {
        const kikan_id_t p = r->idom[a] == KIKAN_NONE ? V : r->idom[a];
        child[child_off[p] + fill[p]++] = a;
    }
    kikan_id_t n_ord = 0;
    order[n_ord++] = V;
    for (kikan_id_t h = 0; h < n_ord; h++) {
        const kikan_id_t p = order[h];
        for (kikan_id_t k = child_off[p]; k < child_off[p + 1]; k++) {
            order[n_ord++] = child[k];
        }
    }
    ALLOC(r->alone, V);
    ALLOC(r->alone_assets, V);
    ALLOC(r->alone_sector, (int64_t)V * S);
    for (kikan_id_t a = 0; a < V; a++) {
        r->alone[a] = j->value[a];
        r->alone_assets[a] = 1;
        r->alone_sector[(int64_t)a * S + w->assets[a].sector] = j->value[a];
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
cleanup:
    free(child_off);
    free(child);
    free(order);
    free(fill);
    return err;
}

/* Each asset's cascade and size class; the single points of failure, ranked. */
static kikan_error_t rank_spofs(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, S = j->S;
    kikan_structure_t *r = j->r;
    rank_t *rk = j->rk;
    ALLOC(r->cascade, V);
    ALLOC(r->cascade_assets, V);
    ALLOC(r->cascade_sector, (int64_t)V * S);
    for (kikan_id_t a = 0; a < V; a++) {
        r->cascade_assets[a] =
            cascade_run(&j->c, &a, 1, j->value, &r->cascade[a], r->cascade_sector + (int64_t)a * S);
    }
    ALLOC(r->size_class, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->size_class[a] =
            (int8_t)kikan_model_size_class(j->m, w->assets[a].op, w->assets[a].sector);
    }
    kikan_id_t n_spof = 0;
    for (kikan_id_t a = 0; a < V; a++) {
        if (r->alone_assets[a] > 1) {
            rk[n_spof++] = (rank_t){r->alone[a], r->cascade[a], a};
        }
    }
    qsort(rk, (size_t)n_spof, sizeof(*rk), rank_cmp);
    r->n_spof = n_spof;
    ALLOC(r->spof, n_spof);
    const uint8_t *reg = j->opt != NULL ? j->opt->op_regulated : NULL;
    for (kikan_id_t i = 0; i < n_spof; i++) {
        r->spof[i] = rk[i].id;
        if (reg != NULL && !reg[w->assets[rk[i].id].op]) {
            r->n_spof_unregulated++;
            r->spof_unregulated_alone += r->alone[rk[i].id];
        }
    }
cleanup:
    return err;
}

/*
 * What depends on one operator alone when all its assets are lost together:
 * with one asset its dominator subtree; with several, what the root no longer
 * reaches over essential paths (a search without them). O(O x (V + E)).
 */
static void operator_alone(job_t *j, kikan_id_t o, const kikan_id_t *own, kikan_id_t n_own,
                           uint8_t *seen, uint8_t *removed, kikan_id_t *bfs)
{
    kikan_structure_t *r = j->r;
    const kikan_id_t V = j->V;
    if (n_own == 1) {
        r->op_alone[o] = r->alone[own[0]];
        r->op_alone_assets[o] = r->alone_assets[own[0]];
        return;
    }
    for (kikan_id_t k = 0; k < n_own; k++) {
        removed[own[k]] = 1;
    }
    memset(seen, 0, (size_t)V + 1);
    kikan_id_t nb = 0;
    bfs[nb++] = V;
    seen[V] = 1;
    for (kikan_id_t h = 0; h < nb; h++) {
        const kikan_id_t x = bfs[h];
        for (kikan_id_t k = j->ess_off[x]; k < j->ess_off[x + 1]; k++) {
            const kikan_id_t y = j->ess_adj[k];
            if (!seen[y] && !removed[y]) {
                seen[y] = 1;
                bfs[nb++] = y;
            }
        }
    }
    for (kikan_id_t a = 0; a < V; a++) {
        if (!seen[a]) {
            r->op_alone[o] += j->value[a];
            r->op_alone_assets[o]++;
        }
    }
    for (kikan_id_t k = 0; k < n_own; k++) {
        removed[own[k]] = 0;
    }
}

/* Per operator: its assets removed together (alone and by cascade), its SPOFs, thin groups. */
static kikan_error_t operators(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, G = j->G, O = j->O;
    kikan_structure_t *r = j->r;
    kikan_id_t *ops_off = NULL, *ops_asset = NULL, *fill = NULL, *bfs = NULL;
    uint8_t *seen = NULL, *removed = NULL;
    ALLOC(ops_off, O + 1);
    ALLOC(ops_asset, V);
    for (kikan_id_t a = 0; a < V; a++) {
        ops_off[w->assets[a].op + 1]++;
    }
    for (kikan_id_t o = 0; o < O; o++) {
        ops_off[o + 1] += ops_off[o];
    }
    ALLOC(fill, O);
    for (kikan_id_t a = 0; a < V; a++) {
        const kikan_id_t o = w->assets[a].op;
        ops_asset[ops_off[o] + fill[o]++] = a;
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
    for (kikan_id_t i = 0; i < r->n_spof; i++) {
        r->op_spofs[w->assets[r->spof[i]].op]++;
    }
    for (kikan_id_t o = 0; o < O; o++) {
        const kikan_id_t n_own = ops_off[o + 1] - ops_off[o];
        (void)cascade_run(&j->c, ops_asset + ops_off[o], n_own, j->value, &r->op_cascade[o], NULL);
        if (n_own > 0) {
            operator_alone(j, o, ops_asset + ops_off[o], n_own, seen, removed, bfs);
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
                r->op_thin_customers[o] += j->value[v];
            }
        }
    }
    for (kikan_id_t o = 0; o < O; o++) {
        j->rk[o] = (rank_t){r->op_alone[o], r->op_cascade[o], o};
    }
    qsort(j->rk, (size_t)O, sizeof(*j->rk), rank_cmp);
    ALLOC(r->op_rank, O);
    for (kikan_id_t o = 0; o < O; o++) {
        r->op_rank[o] = j->rk[o].id;
    }
cleanup:
    free(ops_off);
    free(ops_asset);
    free(fill);
    free(bfs);
    free(seen);
    free(removed);
    return err;
}

/* The strongly connected blocks of the whole dependency graph (size > 1), largest first. */
static kikan_error_t blocks(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, S = j->S;
    kikan_structure_t *r = j->r;
    rank_t *rk = j->rk;
    kikan_id_t *comp_block = NULL, n_big = 0;
    ALLOC(r->asset_block, V);
    for (igraph_integer_t i = 0; i < j->n_comp; i++) {
        if (VECTOR(j->csize)[i] > 1) {
            rk[n_big++] = (rank_t){(double)VECTOR(j->csize)[i], 0.0, (kikan_id_t)i};
        }
    }
    qsort(rk, (size_t)n_big, sizeof(*rk), rank_cmp);
    r->n_blocks = n_big;
    ALLOC(r->block_size, n_big);
    ALLOC(r->block_sector, (int64_t)n_big * S);
    ALLOC(r->block_customers, n_big);
    ALLOC(comp_block, j->n_comp);
    for (igraph_integer_t i = 0; i < j->n_comp; i++) {
        comp_block[i] = KIKAN_NONE;
    }
    for (kikan_id_t b = 0; b < n_big; b++) {
        comp_block[rk[b].id] = b;
        r->block_size[b] = (kikan_id_t)rk[b].k1;
    }
    for (kikan_id_t a = 0; a < V; a++) {
        const kikan_id_t b = comp_block[VECTOR(j->memb)[a]];
        r->asset_block[a] = b;
        if (b != KIKAN_NONE) {
            r->block_sector[(int64_t)b * S + w->assets[a].sector]++;
            r->block_customers[b] += j->value[a];
        }
    }
cleanup:
    free(comp_block);
    return err;
}

/* The whole dependency graph: strongly connected blocks, betweenness, articulation points. */
static kikan_error_t whole_graph(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = j->ctx;
    const kikan_world_t *w = j->w;
    const kikan_id_t V = j->V, D = j->D;
    kikan_structure_t *r = j->r;
    rank_t *rk = j->rk;
    igraph_vector_int_clear(&j->edges);
    IG(igraph_vector_int_resize(&j->edges, 2 * (igraph_integer_t)D));
    for (kikan_id_t d = 0; d < D; d++) {
        VECTOR(j->edges)[2 * d] = w->deps[d].provider;
        VECTOR(j->edges)[2 * d + 1] = w->deps[d].dependent;
    }
    IG(igraph_create(&j->gall, &j->edges, V, IGRAPH_DIRECTED));
    j->have_gall = 1;
    IG(igraph_connected_components(&j->gall, &j->memb, &j->csize, &j->n_comp, IGRAPH_STRONG));
    KIKAN_CHECK(blocks(j));
    IG(igraph_vector_init(&j->btw, 0));
    j->v_btw = 1;
    IG(igraph_betweenness(&j->gall, &j->btw, igraph_vss_all(), IGRAPH_DIRECTED, NULL));
    ALLOC(r->betweenness, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->betweenness[a] = VECTOR(j->btw)[a];
        rk[a] = (rank_t){r->betweenness[a], r->cascade[a], a};
    }
    qsort(rk, (size_t)V, sizeof(*rk), rank_cmp);
    ALLOC(r->betweenness_rank, V);
    for (kikan_id_t a = 0; a < V; a++) {
        r->betweenness_rank[a] = rk[a].id;
    }
    IG(igraph_vector_int_init(&j->art, 0));
    j->vi_art = 1;
    IG(igraph_articulation_points(&j->gall, &j->art));
    ALLOC(r->articulation, V);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&j->art); i++) {
        r->articulation[VECTOR(j->art)[i]] = 1;
    }
    r->n_articulation = (kikan_id_t)igraph_vector_int_size(&j->art);
cleanup:
    return err;
}

kikan_error_t kikan_structure_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                                  const kikan_structure_options_t *opt, kikan_structure_t **out)
{
    if (ctx == NULL || m == NULL || out == NULL || m->world == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_error_t err = KIKAN_OK;
    const kikan_world_t *w = m->world;
    job_t j = {.ctx = ctx,
               .m = m,
               .w = w,
               .opt = opt,
               .V = w->n_assets,
               .D = w->n_deps,
               .G = w->n_groups,
               .O = w->n_operators,
               .S = w->n_sectors};
    igraph_error_handler_t *old_handler = igraph_set_error_handler(igraph_error_handler_ignore);
    KIKAN_CHECK(prepare(&j));
    KIKAN_CHECK(build_cascade(&j));
    KIKAN_CHECK(dominators(&j));
    KIKAN_CHECK(dominated_sums(&j));
    KIKAN_CHECK(rank_spofs(&j));
    KIKAN_CHECK(operators(&j));
    KIKAN_CHECK(whole_graph(&j));
    *out = j.r;
    j.r = NULL;
cleanup:
    igraph_set_error_handler(old_handler);
    job_free(&j);
    return err;
}
