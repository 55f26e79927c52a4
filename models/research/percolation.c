/*
 * Interdependent percolation: the cascade kernel and the replicate ensemble
 * (Buldyrev et al., Nature 464, 1025 (2010); partial coupling: Parshani,
 * Buldyrev, Havlin, PRL 105, 048701 (2010)).
 *
 * DESIGN: the cascade alternates "keep the giant component" steps between
 * the two networks. A plain implementation relabels every component of a
 * network at every step (16 full searches for N = 10^6, k = 4, p = 0.7);
 * after the first few steps, though, each step removes a few thousand
 * vertices from a giant of half a million. So each network keeps a spanning
 * tree of its giant (decremental connectivity in the spirit of Hwang, Choi,
 * Lee, Kahng, Phys. Rev. E, 2015), and a step only repairs the tree:
 *
 *  - the live children of the vertices that died since the last step root
 *    the subtrees cut loose ("tops"); everything else still reaches the root;
 *  - phase 1: a top with a live neighbour whose walk up the tree reaches the
 *    root (no loose top on the way, O(depth); the vertices of a path found
 *    joined are marked, so later walks stop there) is hung under it, with its
 *    whole subtree, untouched;
 *  - phase 2a: the subtree of a top left over is searched in tree order until
 *    a vertex x with an edge to a joined vertex y turns up; the subtree is
 *    then re-rooted at x (the tree path from x to the top reversed) and hung
 *    under y, whole: only the searched part is touched. (Rebuilding such
 *    subtrees by BFS, as before, left 20 times more vertices detached.)
 *  - phase 2b: breadth-first from the detached vertices next to the root's
 *    side re-attaches everything still connected; what remains detached is
 *    cut off, in pieces found by BFS. If one of them is larger than the root's
 *    side (only near the collapse), the step is redone as a full search.
 *
 * The first repair after a full search is "ordered" instead (ordered_repair): the
 * tree is then still the search's BFS tree, whose order lists parents before
 * children, so one pass over that order marks every vertex below a dead one,
 * and a second over those marked keeps each whose parent is joined again (no
 * walk: one state byte) or hangs it under a joined neighbour; the rest goes to
 * phase 2b. It costs about a quarter of a full search plus the marked vertices,
 * and is used up to ORDERED_MAX_SHARE (6 %) of the giant removed.
 *
 * The result is exact: the vertices kept are those connected to the root,
 * and the root's side is the largest piece. The work is proportional to the
 * loose subtrees and their edges, not to the network. The first step of each
 * network, a step that kills the root, and a step whose predicted repair
 * costs more than a full search (REPAIR_UNIT below; about 3 % of the giant
 * removed) use a full search. Its BFS order is the new tree: children are
 * recorded as ranges of that order, so no per-vertex list is built, and the
 * parent links are read off the ranges only when a repair needs the tree
 * (build_tree; a full search followed by another, as in A's first two steps
 * above the threshold, never builds one). A repair that turns out to cost a
 * full search gives up and relabels. A full search stops as soon as the vertices not yet
 * searched cannot hold a larger piece: they are all cut off unsearched.
 * Which of the two is used changes the time, never the result.
 *
 * (An earlier version grew lockstep searches from the removed vertices'
 * neighbours and stopped when all but one had closed; on ER graphs the
 * searches inside the giant must meet before that, which costs O(sqrt N) each
 * and made it slower than a full search for all but the smallest removals.)
 *
 * (A third kind, "fragment union", was prototyped and measured, not adopted:
 * after a full search, label the live part of its tree as fragments in one
 * pass over the BFS order, join them by union-find over the edges, keep the
 * largest set and hang the fragments together for later repairs. Its passes
 * cost 1.1-1.4x the full search of A's second step at p = 0.7; where it beat
 * a repair (B's 3 % step) the repairs after it cost more by about as much;
 * whole cascades 0.92-1.07x. bench/README.md, "fourth pass", says how to
 * get the prototype back from the history.)
 *
 * Sweeps (kikan_perc_run): the removed sets of one replicate are nested, so
 * each task runs a chain of p values in the order of increasing removals and
 * reaches A's first step by repairing the previous point's (kept in ws->s):
 * the pieces of A minus the longer prefix are the pieces of the old giant
 * minus the new removals and the old other pieces, none larger than
 * S->other. The repair is "strict": unless the root's side exceeds every
 * other piece (ties included) it falls back to a full search, so every cell
 * is what a separate cascade gives. B's first step and A's second are chained
 * the same way (ws->sb, ws->s2; chained_b_first_step, chained_a_second_step),
 * from point to point of a chain along which the steps before them were
 * repaired each time: then each of their live sets only lost vertices (A's
 * first giant shrank, so did B's, and so did the set A's second step keeps the
 * giant of). The 101-point ER sweep at N = 10^6 on one thread (cascade CPU,
 * alternated in one process, minimum of 3) took 1.12x as long without
 * chaining them, 1.06x and 1.0x chaining them only where A's first step lost
 * under 1.5 % and 2.5 % of its giant.
 *
 * Below the threshold that repair fails (A's first giant breaks up from point
 * to point) and each first step was a full search sweeping every small piece.
 * From the point after the first failure, a chain takes A's and B's first
 * steps from union-find builds over its remaining points instead (one pass
 * adding the vertices back in reverse order, then a pass over J per point:
 * uf_first_step and the note above it); the later steps are full searches.
 * The 101-point ER sweep on one thread: cascade CPU 0.85x (coupling 1) and
 * 0.80x (0.6), all cells identical (bench/README.md, "seventh pass").
 *
 * Vertex states take one byte per vertex and network, so the array read for
 * every neighbour of every searched vertex stays cache-resident.
 *
 * Vertex order: the kernel works in the graphs' own labels. Relabelling each
 * graph in its own BFS order (children of a vertex consecutive), the
 * coupling carried as permutations, was measured and not adopted
 * (bench/README.md, "third pass"; bench/percolation/relabel_search.c and
 * ab_relabel.sh): after the random removals of p = 0.7 a full search is only
 * 9-13 % cheaper (it no longer follows the BFS the labels came from; 34-40 %
 * at p = 1), the propagation through the permutation costs a random read per
 * dying vertex (about 10^6 per cascade below the threshold), and a prototype
 * cascade was 1.14x slower at p = 0.7, 1.2-1.5x below the threshold and
 * faster only near p = 1 (0.62x), before counting the relabelling itself
 * (about 0.35 s of CPU per graph as prototyped).
 *
 * Determinism: a cascade is a pure function of its inputs; the ensemble
 * derives every random draw from (seed, replicate, stream) and writes each
 * result to its own slot, then reduces in replicate order.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <omp.h>
#include <gsl/gsl_rng.h>
#include "kikan/percolation.h"
#include "core/hugepages.h"
#include "core/rng.h"

/*
 * Vertex states, one byte each so that the state array of a million-vertex
 * network (read once per edge in every search) stays in the L2 cache.
 * SEEN marks a vertex reached by the search under way.
 */
enum { ALIVE = 0, DEAD = 1, TOP = 2, DET = 3, SEEN = 4, JOINED = 5 };
/*
 * Repair or full search? Measured on ER, N = 10^6, k = 4 (p = 0.61 to 1): a
 * full search costs about 63 ns per live vertex, a repair about 190 ns per
 * unit of its work (a tree-walk step or a vertex searched), so one unit is
 * worth REPAIR_UNIT = 3 vertices of a full search. A repair costs about
 * 8-12 units per removed vertex (REPAIR_COST_GUESS after a full search; then
 * the last repair's own figure), so a step repairs while its predicted cost,
 * REPAIR_UNIT * cost * removals, is below the live vertices (the break-even
 * is about 3 % of the giant removed), and gives up for a full search as soon
 * as its work passes alive / REPAIR_UNIT (near the collapse the tree grows
 * long chains and one repair could cost ten full searches). The choice
 * changes the time only: both give the same vertices.
 */
enum { REPAIR_UNIT = 3 };
#define REPAIR_COST_GUESS 10.0
/*
 * The first repair after a full search is the ordered one (ordered_repair), whose cost is
 * about a quarter of a full search (its pass over the BFS order) plus the detached
 * vertices, a share that grows with the removals. Measured against a full search at A's
 * second step (ER, N = 10^6, k = 4; thread CPU, 3 runs each): 0.3x with 2.2 % of the
 * giant removed, 0.4x at 3.5 %, 0.65x at 5.9 %, 1.3-1.4x at 10.6 %, 1.5-2x at 15-18 %;
 * so it is chosen up to ORDERED_MAX_SHARE of the live vertices removed (whole cascades
 * at p = 0.66-0.85 were 0.82-1.0x of the 3.3 % threshold the walk-based repair uses).
 * Time only: the result is the same. Overridable at compile time for the A/B harness
 * (bench/percolation/ab_kernels.sh, CFLAGS_B=-DORDERED_MAX_SHARE=...).
 */
#ifndef ORDERED_MAX_SHARE
#define ORDERED_MAX_SHARE 0.06
#endif
/*
 * A full search whose giant holds under 1/SMALL_GIANT of the vertices resets
 * only the giant's child lists (a random write each) instead of clearing the
 * arrays (a sequential pass over all n): near the collapse most steps are such.
 */
enum { SMALL_GIANT = 16 };
enum { PF_OFF = 16, PF_ADJ = 8, PF_ST = 4 };
#ifndef WALKS_N
#define WALKS_N 8
#endif

/* One network's state: vertex states, pending deaths and the spanning tree of its giant. */
typedef struct layer {
    uint8_t *st;
    kikan_id_t *pend; /* vertices died since the last propagation */
    kikan_id_t npend;
    kikan_id_t alive; /* live vertices (the giant, between steps) */
    kikan_id_t root;  /* root of the spanning tree */
    /* work of the last repair (vertices visited) per vertex it removed: predicts the next */
    double repair_cost;
    /* after a full search or chained repair: no other live piece is larger than this */
    kikan_id_t other;
    /* the giant's range in bfs after the last full search; whether pp and the lists are built */
    kikan_id_t gstart, gsize;
    int tree_ok;
    /* the live set is the giant but there is no tree (union-find): the next step is a full
       search */
    int no_tree;
    /* in a sweep chain: the tree is that of this layer (copied on first use), not ours */
    const struct layer *tree_src;
    /*
     * The spanning tree: pp[2v] is v's parent and pp[2v+1] its position in
     * bfs (one cache line for both: the search writes them together). The
     * children of v are the entries c of bfs[cstart[i] .. cstart[i+1]), i = pp[2v+1],
     * with parent c == v and prev[c] == NOT_LISTED
     * (v's children in the last full search, recorded for free as a range of
     * its BFS order) plus the doubly linked list first[v], next, prev of the
     * children hung under v since (prev: HEAD for the first of a list).
     */
    kikan_id_t *pp, *bfs, *cstart, *first, *next, *prev;
} layer_t;

enum { NOT_LISTED = -1, HEAD = -2 };

/*
 * A union-find build over a chain's positions lo .. last (uf_run): its giants nested
 * from lo to hi; per position the giant's root, and where the giant is listed, where
 * its list starts and its size (-1: not listed).
 */
typedef struct {
    kikan_id_t lo, hi, last;
    kikan_id_t *best, *lstart, *lsize;
} uf_build_t;

/* A sweep point: its removal count and index in spec->p. */
typedef struct {
    kikan_id_t count, index;
} point_t;

struct kikan_perc_ws {
    kikan_id_t n;
    layer_t a, b;
    kikan_id_t *order; /* BFS order / detached vertices of a step */
    kikan_id_t *queue; /* BFS queue of a repair */
    kikan_id_t *tops;  /* roots of the subtrees cut loose in a step */
    gsl_rng *rng;      /* the ensemble's per-thread generator */
    int full_search;   /* baseline mode: never repair, always relabel */
    kikan_perc_repair_mode_t repair_mode;
    /*
     * Sweep chains (kikan_perc_run): `s` holds A's state after its first step
     * for the removal prefix chain_list[0 .. chain_count); a cascade with a
     * longer prefix of the same list reaches its first step by repairing it.
     */
    layer_t s;
    const kikan_id_t *chain_list;
    kikan_id_t chain_count;
    int chain_valid, chain_on;
    /*
     * `sb` and `s2` hold B's state after its first step and A's after its second at the
     * chain's last point; valid (sb_valid, s2_valid) only while every earlier step was
     * repaired from point to point (then its giant, and so the next step's live set, only
     * shrank), for the coupling chain_coupled.
     */
    layer_t sb, s2;
    const uint8_t *chain_coupled;
    int sb_valid, s2_valid;
    /*
     * The chain's points (increasing removals) and the position of the one under way; from
     * position uf_from on (the point after the first whose chained repair of A's first step
     * failed), A's and B's first steps come from union-find builds (uf_first_step, ufa and
     * ufb; B's is made over A's at B's first step).
     */
    const point_t *chain_pts;
    kikan_id_t chain_npts, chain_pos;
    kikan_id_t uf_from;
    uf_build_t ufa, ufb;
    /* per position: where its vertices start in A's and B's list of additions */
    kikan_id_t *uf_aoff, *uf_boff;
    kikan_id_t chained[3];    /* points whose A1, B1, A2 were repaired (kikan_perc_summary_t) */
    kikan_id_t union_find[2]; /* points whose A1, B1 came from a union-find build */
};

uint64_t kikan_perc_stream_seed(uint64_t seed, uint64_t replicate, uint64_t stream)
{
    /* kikan_splitmix64 applied to a chained combination of the three inputs */
    uint64_t z = seed;
    uint64_t parts[2] = {replicate, stream};
    for (int i = 0; i < 3; i++) {
        z = kikan_splitmix64(z);
        if (i < 2) {
            z ^= parts[i] * UINT64_C(0xD6E8FEB86659FD93) + (uint64_t)i;
        }
    }
    return z;
}

/* ======================================================================== */
/* Workspace                                                                 */
/* ======================================================================== */

/* An array of `bytes`, huge pages requested (the pages are touched by touch_ws). */
static void *alloc_advised(kikan_ctx_t *ctx, size_t bytes)
{
    void *p = kikan_ctx_malloc(ctx, bytes);
    kikan_advise_huge(p, bytes);
    return p;
}

/* One layer's arrays for n vertices (freed with the workspace, even when this fails). */
static kikan_error_t alloc_layer(kikan_ctx_t *ctx, layer_t *L, kikan_id_t n)
{
    kikan_error_t err = KIKAN_OK;
    size_t bytes = ((size_t)n + 1) * sizeof(kikan_id_t);
    kikan_id_t **arrays[] = {&L->pend, &L->cstart, &L->first, &L->next, &L->prev, &L->bfs};
    for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
        *arrays[i] = alloc_advised(ctx, bytes);
        KIKAN_CHECK_ALLOC(*arrays[i]);
    }
    L->pp = alloc_advised(ctx, 2 * bytes);
    KIKAN_CHECK_ALLOC(L->pp);
    L->st = alloc_advised(ctx, (size_t)n + 1);
    KIKAN_CHECK_ALLOC(L->st);
cleanup:
    return err;
}

static void touch_layer(layer_t *L, kikan_id_t n)
{
    size_t bytes = ((size_t)n + 1) * sizeof(kikan_id_t);
    kikan_id_t *arrays[] = {L->pend, L->cstart, L->first, L->next, L->prev, L->bfs};
    for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
        memset(arrays[i], 0xff, bytes);
    }
    memset(L->pp, 0xff, 2 * bytes);     /* no parent */
    memset(L->st, DEAD, (size_t)n + 1); /* no cascade run yet: none in a giant */
}

/*
 * Touch every page of a workspace now (sweep chains included, once enabled): pages mapped
 * by faults inside the first cascade would cost it about 10 ms a layer at n = 10^6.
 * kikan_perc_run touches its threads' workspaces in parallel, each on its own thread.
 */
static void touch_ws(kikan_perc_ws_t *ws)
{
    size_t bytes = ((size_t)ws->n + 1) * sizeof(kikan_id_t);
    memset(ws->order, 0xff, bytes);
    memset(ws->queue, 0xff, bytes);
    memset(ws->tops, 0xff, bytes);
    layer_t *layers[5] = {&ws->a, &ws->b, &ws->s, &ws->sb, &ws->s2};
    for (int i = 0; i < (ws->chain_on ? 5 : 2); i++) {
        touch_layer(layers[i], ws->n);
    }
}

/* A workspace with its pages not touched yet (touch_ws). */
static kikan_error_t ws_create(kikan_ctx_t *ctx, kikan_id_t n, kikan_perc_ws_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_ws_t *ws = NULL;
    if (out == NULL || n < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    ws = kikan_ctx_calloc(ctx, 1, sizeof(*ws));
    KIKAN_CHECK_ALLOC(ws);
    ws->n = n;
    size_t bytes = ((size_t)n + 1) * sizeof(kikan_id_t);
    kikan_id_t **arrays[] = {&ws->order, &ws->queue, &ws->tops};
    for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
        *arrays[i] = alloc_advised(ctx, bytes);
        KIKAN_CHECK_ALLOC(*arrays[i]);
    }
    KIKAN_CHECK(alloc_layer(ctx, &ws->a, n));
    KIKAN_CHECK(alloc_layer(ctx, &ws->b, n));
    ws->rng = gsl_rng_alloc(gsl_rng_mt19937);
    KIKAN_CHECK_ALLOC(ws->rng);
    *out = ws;
    ws = NULL;
cleanup:
    kikan_perc_ws_free(&ws);
    return err;
}

kikan_error_t kikan_perc_ws_new(kikan_ctx_t *ctx, kikan_id_t n, kikan_perc_ws_t **out)
{
    kikan_error_t err = ws_create(ctx, n, out);
    if (err == KIKAN_OK) {
        touch_ws(*out);
    }
    return err;
}

void kikan_perc_ws_free(kikan_perc_ws_t **wsp)
{
    if (wsp == NULL || *wsp == NULL) {
        return;
    }
    kikan_perc_ws_t *ws = *wsp;
    layer_t *layers[5] = {&ws->a, &ws->b, &ws->s, &ws->sb, &ws->s2};
    for (int i = 0; i < 5; i++) {
        free(layers[i]->st);
        free(layers[i]->pend);
        free(layers[i]->pp);
        free(layers[i]->first);
        free(layers[i]->next);
        free(layers[i]->prev);
        free(layers[i]->bfs);
        free(layers[i]->cstart);
    }
    free(ws->order);
    free(ws->queue);
    free(ws->tops);
    kikan_id_t *per_point[] = {ws->ufa.best,   ws->ufa.lstart, ws->ufa.lsize, ws->ufb.best,
                               ws->ufb.lstart, ws->ufb.lsize,  ws->uf_aoff,   ws->uf_boff};
    for (size_t i = 0; i < sizeof(per_point) / sizeof(per_point[0]); i++) {
        free(per_point[i]);
    }
    gsl_rng_free(ws->rng);
    free(ws);
    *wsp = NULL;
}

void kikan_perc_ws_set_full_search(kikan_perc_ws_t *ws, int on)
{
    if (ws != NULL) {
        ws->full_search = on != 0;
    }
}

void kikan_perc_ws_set_repair_mode(kikan_perc_ws_t *ws, kikan_perc_repair_mode_t mode)
{
    if (ws != NULL) {
        ws->repair_mode = mode;
    }
}

int kikan_perc_ws_in_giant_a(const kikan_perc_ws_t *ws, kikan_id_t v)
{
    return ws != NULL && v >= 0 && v < ws->n && ws->a.st[v] == ALIVE;
}

/* ======================================================================== */
/* Spanning tree of the giant                                                */
/* ======================================================================== */

/* Hang c under p (c's old list, if any, belongs to a dead or detached vertex). */
static void link_child(layer_t *L, kikan_id_t p, kikan_id_t c)
{
    L->pp[2 * c] = p;
    L->prev[c] = HEAD;
    L->next[c] = L->first[p];
    if (L->first[p] >= 0) {
        L->prev[L->first[p]] = c;
    }
    L->first[p] = c;
}

/* Take c out of its parent's children. */
static void unlink_child(layer_t *L, kikan_id_t c)
{
    kikan_id_t p = L->pp[2 * c];
    if (p >= 0 && L->prev[c] != NOT_LISTED) {
        if (L->prev[c] == HEAD) {
            L->first[p] = L->next[c];
        } else {
            L->next[L->prev[c]] = L->next[c];
        }
        if (L->next[c] >= 0) {
            L->prev[L->next[c]] = L->prev[c];
        }
    }
    L->pp[2 * c] = -1;
    L->prev[c] = NOT_LISTED;
}

/* Append v's children in state ALIVE to out[*cnt...], switching them to state `to`. */
static void take_children(layer_t *L, kikan_id_t v, uint8_t to, kikan_id_t *out, kikan_id_t *cnt)
{
    uint8_t *st = L->st;
    kikan_id_t pos = L->pp[2 * v + 1];
    for (kikan_id_t i = L->cstart[pos]; i < L->cstart[pos + 1]; i++) {
        kikan_id_t c = L->bfs[i];
        if (L->pp[2 * c] == v && L->prev[c] == NOT_LISTED && st[c] == ALIVE) {
            st[c] = to;
            out[(*cnt)++] = c;
        }
    }
    for (kikan_id_t c = L->first[v]; c >= 0; c = L->next[c]) {
        if (st[c] == ALIVE) {
            st[c] = to;
            out[(*cnt)++] = c;
        }
    }
}

/* Mark the tree path from w up to the root (or a JOINED vertex) JOINED, listing it. */
static void mark_joined(layer_t *L, kikan_id_t w, kikan_id_t *joined, kikan_id_t *njoined)
{
    for (kikan_id_t x = w; x != L->root && L->st[x] != JOINED; x = L->pp[2 * x]) {
        L->st[x] = JOINED;
        joined[(*njoined)++] = x;
    }
}

/*
 * Is live vertex w still joined to the root: no loose subtree on its way up?
 * The vertices of a path found joined are marked JOINED (and listed in
 * joined[]) so that later walks of the same repair stop there: within phase 1
 * a joined vertex stays joined (tops only ever get hung under joined vertices).
 */
static int attached(layer_t *L, kikan_id_t w, kikan_id_t *joined, kikan_id_t *njoined,
                    int64_t *work)
{
    uint8_t *st = L->st;
    kikan_id_t x = w;
    while (x != L->root) {
        (*work)++;
        uint8_t s = st[x];
        if (s == JOINED) {
            break;
        }
        if (s == TOP || s == DET) {
            return 0;
        }
        x = L->pp[2 * x];
    }
    mark_joined(L, w, joined, njoined);
    return 1;
}

/* ======================================================================== */
/* Giant-component steps                                                     */
/* ======================================================================== */

/*
 * Full search: find every live component (each is a contiguous range of
 * `order`), keep the largest (the first found on ties), kill the rest, and
 * rebuild the spanning tree from the BFS parents. The next vertices' offsets
 * and neighbour states are prefetched: the search is bound by memory latency.
 * The live vertices carry the code `unseen` (ALIVE or SEEN); the search marks
 * what it reaches with the other one (full_step below).
 */
static inline void search(const kikan_graph_t *g, layer_t *L, const uint8_t unseen)
{
    const uint8_t seen = unseen ^ (ALIVE ^ SEEN);
    const kikan_id_t *off = g->off, *adj = g->adj;
    kikan_id_t *order = L->bfs, *cstart = L->cstart;
    uint8_t *st = L->st;
    kikan_id_t nlab = 0, bestsize = 0, beststart = 0, s = 0, second = 0;
    for (; s < g->n; s++) {
        if (st[s] != unseen) {
            continue;
        }
        if (bestsize >= L->alive - nlab) {
            /* the live vertices not searched yet cannot hold a larger piece */
            second = second > L->alive - nlab ? second : L->alive - nlab;
            break;
        }
        kikan_id_t start = nlab;
        st[s] = seen;
        order[nlab++] = s;
        for (kikan_id_t i = start; i < nlab; i++) {
            /* a four-stage pipeline: offsets, adjacency, neighbour states, then the
               tree slots of the neighbours about to be discovered */
            if (i + PF_OFF < nlab) {
                __builtin_prefetch(&off[order[i + PF_OFF]]);
            }
            if (i + PF_ADJ < nlab) {
                kikan_id_t u = order[i + PF_ADJ];
                __builtin_prefetch(&adj[off[u]]);
            }
            if (i + PF_ST < nlab) {
                kikan_id_t u = order[i + PF_ST];
                for (kikan_id_t e = off[u]; e < off[u + 1]; e++) {
                    __builtin_prefetch(&st[adj[e]]);
                }
            }
            kikan_id_t v = order[i];
            cstart[i] = nlab; /* children of order[i]: cstart[i] .. cstart[i+1] */
            for (kikan_id_t e = off[v]; e < off[v + 1]; e++) {
                kikan_id_t w = adj[e];
                if (st[w] == unseen) {
                    st[w] = seen;
                    order[nlab++] = w;
                }
            }
        }
        if (nlab - start > bestsize) {
            second = second > bestsize ? second : bestsize;
            bestsize = nlab - start;
            beststart = start;
        } else {
            second = second > nlab - start ? second : nlab - start;
        }
    }
    cstart[nlab] = nlab;
    /* unsearched: all dead (searched vertices are `seen` until relabelled below) */
    for (; s < g->n; s++) {
        if (st[s] == unseen) {
            st[s] = DEAD;
            L->pend[L->npend++] = s;
        }
    }
    /* the other pieces die; the giant, if the search marked it SEEN, is relabelled ALIVE */
    for (kikan_id_t i = 0; i < beststart; i++) {
        st[order[i]] = DEAD;
        L->pend[L->npend++] = order[i];
    }
    for (kikan_id_t i = beststart; i < beststart + bestsize && seen == SEEN; i++) {
        st[order[i]] = ALIVE;
    }
    for (kikan_id_t i = beststart + bestsize; i < nlab; i++) {
        st[order[i]] = DEAD;
        L->pend[L->npend++] = order[i];
    }
    L->alive = bestsize;
    L->root = bestsize > 0 ? order[beststart] : -1;
    L->repair_cost = REPAIR_COST_GUESS;
    L->other = second;
    L->gstart = beststart;
    L->gsize = bestsize;
    L->tree_src = NULL;
    L->tree_ok = 0; /* built from order and cstart when a repair needs it (build_tree) */
    L->no_tree = 0;
}

/*
 * Full search of a layer whose live vertices are ALIVE (after a step) or SEEN (before a
 * network's first step, as cascade() and first_deaths_to_b() prepare them): the search marks
 * what it reaches with the other code, so with SEEN on input the giant it keeps is ALIVE
 * already and is not relabelled (a pass of random writes over the giant, about a tenth of
 * the search).
 */
static void full_step(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, uint8_t live)
{
    (void)ws;
    if (live == SEEN) {
        search(g, L, SEEN);
    } else {
        search(g, L, ALIVE);
    }
}

/*
 * Copy the spanning tree of the layer A was copied from (copy_layer), which
 * stays unchanged until the next cascade: in a sweep, A's second step is
 * often a full search, which needs none of it (up to 33 n bytes not copied).
 */
static void fetch_tree(layer_t *A, kikan_id_t n)
{
    const layer_t *S = A->tree_src;
    size_t ids = (size_t)n * sizeof(kikan_id_t);
    A->tree_src = NULL;
    memcpy(A->bfs, S->bfs, ids);
    memcpy(A->cstart, S->cstart, ids + sizeof(kikan_id_t));
    if (S->tree_ok) {
        memcpy(A->pp, S->pp, 2 * ids);
        memcpy(A->first, S->first, ids);
        memcpy(A->next, S->next, ids);
        memcpy(A->prev, S->prev, ids);
    }
    A->tree_ok = S->tree_ok;
    A->gstart = S->gstart;
    A->gsize = S->gsize;
}

/* Empty child lists for the giant's vertices (only theirs for a small giant: the lists of
   dead vertices are never read). */
static void reset_lists(layer_t *L, kikan_id_t n)
{
    const kikan_id_t *order = L->bfs;
    kikan_id_t g0 = L->gstart, g1 = L->gstart + L->gsize;
    if ((int64_t)L->gsize * SMALL_GIANT < (int64_t)n) {
        for (kikan_id_t i = g0; i < g1; i++) {
            L->first[order[i]] = -1;
            L->prev[order[i]] = NOT_LISTED;
        }
    } else {
        memset(L->first, 0xff, (size_t)n * sizeof(kikan_id_t));
        memset(L->prev, 0xff, (size_t)n * sizeof(kikan_id_t)); /* NOT_LISTED */
    }
}

/*
 * The spanning tree of the giant found by the last full search: its BFS tree,
 * read off the search's order and child ranges (a sequential pass; the parent
 * and position of each vertex are written together, one cache line). Built
 * only when a repair needs it, so a full search followed by another full
 * search (A's first two steps above the threshold) never pays for it; the
 * child lists start empty (for a small giant only its own entries are reset:
 * the lists of dead vertices are never read).
 */
static void build_tree(layer_t *L, kikan_id_t n)
{
    const kikan_id_t *order = L->bfs, *cstart = L->cstart;
    kikan_id_t *pp = L->pp;
    kikan_id_t g0 = L->gstart, g1 = L->gstart + L->gsize;
    pp[2 * L->root] = -1;
    pp[2 * L->root + 1] = g0;
    for (kikan_id_t i = g0; i < g1; i++) {
        kikan_id_t v = order[i];
        for (kikan_id_t j = cstart[i]; j < cstart[i + 1]; j++) {
            kikan_id_t w = order[j];
            pp[2 * w] = v;
            pp[2 * w + 1] = j;
        }
    }
    reset_lists(L, n);
    L->tree_ok = 1;
}

/*
 * The state of one repair (tree_step), shared by its phases: the loose tops
 * (ws->tops[0..ntops), tried up to t; those left over moved to the front,
 * [0..nfail)), the vertices searched in phase 2a and left detached
 * (ws->order[0..nd)), the vertices marked JOINED (ws->queue[0..njoined)), and
 * the work done against the budget.
 */
typedef struct {
    kikan_id_t np0, ntops, t, nfail, nd, njoined;
    int64_t work, budget;
} repair_t;

/* Cut loose the subtrees under the vertices died since the last step: their live
   children become tops. */
static void collect_tops(kikan_perc_ws_t *ws, layer_t *L, repair_t *r)
{
    const kikan_id_t *pend = L->pend;
    for (kikan_id_t i = 0; i < r->np0; i++) {
        if (i + PF_OFF < r->np0) {
            __builtin_prefetch(&L->pp[2 * pend[i + PF_OFF]]);
            __builtin_prefetch(&L->first[pend[i + PF_OFF]]);
        }
        if (i + PF_ADJ < r->np0) {
            __builtin_prefetch(&L->cstart[L->pp[2 * pend[i + PF_ADJ] + 1]]);
        }
        kikan_id_t v = pend[i];
        take_children(L, v, TOP, ws->tops, &r->ntops);
        unlink_child(L, v);
        L->first[v] = -1;
    }
    r->work = r->ntops;
    r->budget = L->alive / REPAIR_UNIT;
    if (ws->repair_mode == KIKAN_PERC_REPAIR_ALWAYS ||
        ws->repair_mode == KIKAN_PERC_REPAIR_WALK_ALWAYS) {
        r->budget = INT64_MAX;
    } else if (ws->repair_mode == KIKAN_PERC_REPAIR_GIVE_UP) {
        r->budget = 0;
    }
}

/* Is w, a neighbour of a loose vertex, live and joined to the root? */
static int joined_neighbour(layer_t *L, kikan_id_t w, kikan_perc_ws_t *ws, repair_t *r)
{
    uint8_t s = L->st[w];
    return (s == ALIVE || s == JOINED) && attached(L, w, ws->queue, &r->njoined, &r->work);
}

/* The next neighbour of a loose vertex from adj[e] on that is live (ALIVE or JOINED): its
   index, or `end` if none. */
static inline kikan_id_t next_live(const uint8_t *st, const kikan_id_t *adj, kikan_id_t e,
                                   kikan_id_t end)
{
    while (e < end && st[adj[e]] != ALIVE && st[adj[e]] != JOINED) {
        e++;
    }
    return e;
}

/*
 * Phase 1 with WALKS walks up the tree in flight at once, a step of each in turn, the next
 * parent slot of each prefetched: a walk is a chain of dependent random reads, and eight
 * interleaved overlap their latencies (the sweep's cascade CPU 0.84-0.85x of one walk at a
 * time, bench/README.md, "sixth pass"; 4 and 16 were no better). A walk that meets a loose
 * vertex tries the top's next live neighbour, as attached() does; a walk that meets one not
 * yet hung reads "not joined", which leaves more to phase 2 (time only, never the result).
 * The budget is checked once per round, after the slots are filled, so a give-up always
 * has walks in flight to undo (GIVE_UP mode tests it).
 */
enum { WALKS = WALKS_N };

/*
 * Phase 1: hang each top, with its whole subtree, under a neighbour joined to
 * the root; a top without one is marked detached and kept (tops[0..nfail)).
 * Returns 0 where the budget ran out (the repair gives up).
 */
static int rehang_tops(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, repair_t *r)
{
    const kikan_id_t *off = g->off, *adj = g->adj, *pp = L->pp;
    kikan_id_t *tops = ws->tops;
    uint8_t *st = L->st;
    kikan_id_t sc[WALKS], se[WALKS], sx[WALKS];
    int active = 0;
    for (;;) {
        while (active < WALKS && r->t < r->ntops) {
            if (r->t + PF_OFF < r->ntops) {
                __builtin_prefetch(&off[tops[r->t + PF_OFF]]);
            }
            if (r->t + PF_ADJ < r->ntops) {
                __builtin_prefetch(&adj[off[tops[r->t + PF_ADJ]]]);
            }
            kikan_id_t c = tops[r->t++];
            kikan_id_t e = next_live(st, adj, off[c], off[c + 1]);
            if (e == off[c + 1]) {
                st[c] = DET;
                tops[r->nfail++] = c;
                continue;
            }
            sc[active] = c;
            se[active] = e;
            sx[active] = adj[e];
            __builtin_prefetch(&pp[2 * adj[e]]);
            active++;
        }
        if (active == 0) {
            return 1;
        }
        if (r->work > r->budget) {
            /* give up (undo_repair resets the tops not yet taken and those left over) */
            for (int k = 0; k < active; k++) {
                st[sc[k]] = ALIVE;
            }
            return 0;
        }
        for (int k = 0; k < active;) {
            kikan_id_t x = sx[k], c = sc[k];
            uint8_t s = st[x];
            r->work += x != L->root;
            if (x != L->root && s != JOINED && s != TOP && s != DET) {
                sx[k] = pp[2 * x];
                __builtin_prefetch(&pp[2 * sx[k]]);
                k++;
                continue;
            }
            if (x != L->root && s != JOINED) {
                /* blocked by a loose vertex: the next live neighbour, if any */
                kikan_id_t e = next_live(st, adj, se[k] + 1, off[c + 1]);
                if (e < off[c + 1]) {
                    se[k] = e;
                    sx[k] = adj[e];
                    __builtin_prefetch(&pp[2 * adj[e]]);
                    k++;
                    continue;
                }
                st[c] = DET;
                tops[r->nfail++] = c; /* nfail < t: entries already read */
            } else {
                kikan_id_t w = adj[se[k]];
                mark_joined(L, w, ws->queue, &r->njoined);
                link_child(L, w, c);
                st[c] = ALIVE;
            }
            active--;
            sc[k] = sc[active];
            se[k] = se[active];
            sx[k] = sx[active];
        }
    }
}

/* Re-root the loose subtree of `top` at its vertex x (the tree path from x up to
   the top reversed) and hang it under y, whole. */
static void reroot_under(layer_t *L, kikan_id_t top, kikan_id_t x, kikan_id_t y)
{
    for (kikan_id_t cur = x, up = y;;) {
        kikan_id_t next = cur == top ? -1 : L->pp[2 * cur];
        if (cur != top) {
            unlink_child(L, cur);
        }
        link_child(L, up, cur);
        if (cur == top) {
            break;
        }
        up = cur;
        cur = next;
    }
}

/*
 * Phase 2a: the subtree of a top left over is searched in tree order (marked
 * detached as it goes) for a vertex x with an edge to a vertex y joined to the
 * root. If there is one, the subtree is re-rooted at x and hung under y,
 * whole: its other links stay as they are, and the part not yet searched is
 * never touched. A subtree without one ends fully searched and detached
 * (order[0..nd)). Returns 0 where the budget ran out.
 */
static int reroot_tops(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, repair_t *r)
{
    const kikan_id_t *off = g->off, *adj = g->adj;
    kikan_id_t *order = ws->order;
    for (kikan_id_t f = 0; f < r->nfail; f++) {
        kikan_id_t top = ws->tops[f], from = r->nd, x = -1, y = -1;
        order[r->nd++] = top;
        for (kikan_id_t i = from; i < r->nd && x < 0; i++) {
            if (r->work + (r->nd - from) > r->budget) {
                return 0;
            }
            kikan_id_t u = order[i];
            take_children(L, u, DET, order, &r->nd);
            for (kikan_id_t e = off[u]; e < off[u + 1]; e++) {
                if (joined_neighbour(L, adj[e], ws, r)) {
                    x = u;
                    y = adj[e];
                    break;
                }
            }
        }
        if (x < 0) {
            continue;
        }
        reroot_under(L, top, x, y);
        for (kikan_id_t i = from; i < r->nd; i++) {
            L->st[order[i]] = ALIVE;
        }
        r->work += r->nd - from;
        r->nd = from;
    }
    return 1;
}

/* Breadth-first from the joined vertices queue[0..qn): every vertex in state `from` reached
   through such vertices is joined, hung under the vertex it was reached from. */
static void grow_into(const kikan_graph_t *g, layer_t *L, kikan_id_t *queue, kikan_id_t qn,
                      uint8_t from)
{
    const kikan_id_t *off = g->off, *adj = g->adj;
    uint8_t *st = L->st;
    for (kikan_id_t qh = 0; qh < qn; qh++) {
        kikan_id_t x = queue[qh];
        for (kikan_id_t e = off[x]; e < off[x + 1]; e++) {
            kikan_id_t w = adj[e];
            if (st[w] == from) {
                st[w] = ALIVE;
                link_child(L, x, w);
                queue[qn++] = w;
            }
        }
    }
}

/* Phase 2b: grow the root's side into the detached vertices order[0..nd), by BFS. */
static void regrow_detached(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, kikan_id_t nd)
{
    const kikan_id_t *off = g->off, *adj = g->adj;
    const kikan_id_t *order = ws->order;
    kikan_id_t *queue = ws->queue;
    uint8_t *st = L->st;
    kikan_id_t qn = 0;
    for (kikan_id_t i = 0; i < nd; i++) {
        L->first[order[i]] = -1;
    }
    for (kikan_id_t i = 0; i < nd; i++) {
        kikan_id_t u = order[i];
        for (kikan_id_t e = off[u]; e < off[u + 1]; e++) {
            if (st[adj[e]] == ALIVE) {
                link_child(L, adj[e], u);
                st[u] = ALIVE;
                queue[qn++] = u;
                break;
            }
        }
    }
    grow_into(g, L, queue, qn, DET);
}

/* What is still detached among order[0..nd) is cut off: its pieces, found by BFS, are
   ranges of queue (*ncut vertices in all, all SEEN); returns the largest piece's size. */
static kikan_id_t find_cut_pieces(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L,
                                  kikan_id_t nd, kikan_id_t *ncut)
{
    const kikan_id_t *off = g->off, *adj = g->adj;
    kikan_id_t *queue = ws->queue;
    uint8_t *st = L->st;
    kikan_id_t n = 0, biggest = 0;
    for (kikan_id_t i = 0; i < nd; i++) {
        kikan_id_t s = ws->order[i];
        if (st[s] != DET) {
            continue;
        }
        kikan_id_t start = n;
        st[s] = SEEN;
        queue[n++] = s;
        for (kikan_id_t j = start; j < n; j++) {
            kikan_id_t v = queue[j];
            for (kikan_id_t e = off[v]; e < off[v + 1]; e++) {
                if (st[adj[e]] == DET) {
                    st[adj[e]] = SEEN;
                    queue[n++] = adj[e];
                }
            }
        }
        biggest = n - start > biggest ? n - start : biggest;
    }
    *ncut = n;
    return biggest;
}

/*
 * The repair has cost as much as a full search would: undo the marks (the
 * tops not yet tried or left over, the detached and the joined vertices are
 * all live); the full search that follows rebuilds the tree.
 */
static void undo_repair(kikan_perc_ws_t *ws, layer_t *L, const repair_t *r)
{
    uint8_t *st = L->st;
    L->repair_cost = (double)r->work / (double)(r->np0 > 0 ? r->np0 : 1);
    for (kikan_id_t i = 0; i < r->nfail; i++) {
        st[ws->tops[i]] = ALIVE;
    }
    for (kikan_id_t i = r->t; i < r->ntops; i++) {
        st[ws->tops[i]] = ALIVE;
    }
    for (kikan_id_t i = 0; i < r->nd; i++) {
        st[ws->order[i]] = ALIVE;
    }
    for (kikan_id_t i = 0; i < r->njoined; i++) {
        st[ws->queue[i]] = ALIVE;
    }
}

/*
 * The end of a repair, once every vertex still joined to the root is ALIVE and the
 * vertices order[0..nd) are detached (DET): grow the root's side into them by BFS,
 * and cut off what stays detached. Returns 0, with the cut vertices live again, where
 * a cut-off piece is larger than the root's side (or, strict, ties it or L->other).
 */
static int finish_repair(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, kikan_id_t nd,
                         int strict)
{
    if (nd == 0) {
        return !strict || L->alive > L->other;
    }
    regrow_detached(ws, g, L, nd);
    kikan_id_t ncut = 0, biggest = find_cut_pieces(ws, g, L, nd, &ncut);
    if (biggest > L->alive - ncut ||
        (strict && (biggest >= L->alive - ncut || L->other >= L->alive - ncut))) {
        /* a cut-off piece outgrows the root's side (or, strict, ties it): relabel everything */
        for (kikan_id_t j = 0; j < ncut; j++) {
            L->st[ws->queue[j]] = ALIVE;
        }
        return 0;
    }
    for (kikan_id_t j = 0; j < ncut; j++) {
        kikan_id_t v = ws->queue[j];
        L->st[v] = DEAD;
        L->pend[L->npend++] = v;
    }
    L->alive -= ncut;
    L->other = biggest > L->other ? biggest : L->other;
    return 1;
}

/* May a first repair after a full search be the ordered one (test modes aside)? */
static int ordered_allowed(const kikan_perc_ws_t *ws)
{
    return ws->repair_mode == KIKAN_PERC_REPAIR_AUTO || ws->repair_mode == KIKAN_PERC_REPAIR_ALWAYS;
}

/*
 * The first repair after a full search (the "ordered" repair). The tree is still
 * the search's BFS tree, whose order lists every parent before its children, so:
 *  - pass 1, over that order, builds the tree (build_tree's work) and marks
 *    detached (DET) every live vertex below a dead one, listing them in order
 *    (ws->order) with their parents (ws->tops); every vertex left ALIVE is
 *    joined to the root, with no walk up the tree;
 *  - pass 2, over the detached list in the same order: a vertex whose parent is
 *    ALIVE again is joined through it (its tree link is kept: no adjacency
 *    read); otherwise it is hung under an ALIVE neighbour if it has one, and
 *    then also pulls in, by BFS, the vertices left over before it that it
 *    reaches through left-over vertices (marked TOP while left over); a vertex
 *    with neither is left over;
 *  - what is left over is handed to phase 2b (finish_repair).
 * The walk-based repair (tree_step) pays a walk up the tree per tried
 * neighbour of a top (a random read of pp per level) and searches the subtree
 * of every top without a joined neighbour; here the test is one state byte.
 * At p = 0.7 (ER, N = 10^6, k = 4; thread CPU, one run): B's first repair (3.1 % of
 * its giant dead) took 13 ms against 21-29 ms walk-based (a full search: 21-24 ms),
 * A's (1.0 %) 8 ms against 10-13 ms. Where more than half of the giant is left over
 * (its root side lost near the root: near the collapse), it gives up for a full search
 * (except in the test mode KIKAN_PERC_REPAIR_ALWAYS).
 */
static int ordered_repair(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, int strict)
{
    const kikan_id_t *order = L->bfs, *cstart = L->cstart, *off = g->off, *adj = g->adj;
    kikan_id_t *pp = L->pp, *det = ws->order, *detp = ws->tops, *queue = ws->queue;
    uint8_t *st = L->st;
    kikan_id_t g0 = L->gstart, g1 = L->gstart + L->gsize, ndet = 0, nd = 0;
    pp[2 * L->root] = -1;
    pp[2 * L->root + 1] = g0;
    for (kikan_id_t i = g0; i < g1; i++) {
        kikan_id_t v = order[i];
        int cut = st[v] != ALIVE; /* dead or detached: its live children are detached */
        for (kikan_id_t j = cstart[i]; j < cstart[i + 1]; j++) {
            kikan_id_t w = order[j];
            pp[2 * w] = v;
            pp[2 * w + 1] = j;
            if (cut && st[w] == ALIVE) {
                st[w] = DET;
                det[ndet] = w;
                detp[ndet++] = v;
            }
        }
    }
    reset_lists(L, g->n);
    L->tree_ok = 1;
    for (kikan_id_t i = 0; i < L->npend; i++) {
        pp[2 * L->pend[i]] = -1; /* the dead leave the tree */
    }
    for (kikan_id_t k = 0; k < ndet; k++) {
        if (k + PF_OFF < ndet) {
            __builtin_prefetch(&off[det[k + PF_OFF]]);
        }
        if (k + PF_ADJ < ndet && st[detp[k + PF_ADJ]] != ALIVE) {
            __builtin_prefetch(&adj[off[det[k + PF_ADJ]]]);
        }
        kikan_id_t v = det[k]; /* still DET: the BFS below pulls in left-over vertices only */
        if (st[detp[k]] == ALIVE) {
            st[v] = ALIVE;
            continue;
        }
        kikan_id_t e = off[v];
        while (e < off[v + 1] && st[adj[e]] != ALIVE) {
            e++;
        }
        if (e == off[v + 1]) {
            st[v] = TOP;
            det[nd++] = v; /* nd <= k: entries already read */
            continue;
        }
        link_child(L, adj[e], v);
        st[v] = ALIVE;
        queue[0] = v;
        grow_into(g, L, queue, 1, TOP);
    }
    kikan_id_t left = 0;
    for (kikan_id_t k = 0; k < nd; k++) {
        kikan_id_t v = det[k];
        if (st[v] == TOP) {
            st[v] = DET;
            det[left++] = v;
        }
    }
    L->repair_cost = REPAIR_COST_GUESS;
    if ((int64_t)2 * left > (int64_t)L->alive && ws->repair_mode != KIKAN_PERC_REPAIR_ALWAYS) {
        /* most of the giant is left over (its root side lost near the root, near the collapse):
           phase 2b and the cut would search it all; a full search costs about as much and
           finds the largest piece wherever it is */
        for (kikan_id_t k = 0; k < left; k++) {
            st[det[k]] = ALIVE;
        }
        return 0;
    }
    return finish_repair(ws, g, L, left, strict);
}

/*
 * Repair step (see the DESIGN note): the vertices pend[0..npend) have died
 * since this network's last step. Their live tree children are the roots
 * ("tops") of the subtrees cut loose. Phase 1 hangs each top under a live
 * neighbour still joined to the root; a top that has none makes its whole
 * subtree "detached". Phase 2 grows the root's side into the detached vertices
 * by BFS; what stays detached is cut off. Returns 0, with every mark undone,
 * where the caller must search in full instead: the root died, the repair gave
 * up, or a cut-off piece is larger than the root's side (only near collapse).
 * strict (a sweep chain's first step): also where the root's side does not
 * exceed every other piece, L->other included (ties go to a full search).
 * The first repair after a full search is the ordered one (ordered_repair).
 */
static int tree_step(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, int strict)
{
    repair_t r = {0};
    r.np0 = L->npend;
    if (L->no_tree || L->st[L->root] == DEAD) {
        return 0;
    }
    if (L->tree_src != NULL) {
        fetch_tree(L, g->n);
    }
    if (!L->tree_ok) {
        if (ordered_allowed(ws)) {
            return ordered_repair(ws, g, L, strict);
        }
        build_tree(L, g->n);
    }
    collect_tops(ws, L, &r);
    if (!rehang_tops(ws, g, L, &r) || !reroot_tops(ws, g, L, &r)) {
        undo_repair(ws, L, &r);
        return 0;
    }
    r.work += 4 * (int64_t)r.nd;
    L->repair_cost = (double)r.work / (double)(r.np0 > 0 ? r.np0 : 1);
    for (kikan_id_t i = 0; i < r.njoined; i++) {
        L->st[ws->queue[i]] = ALIVE;
    }
    return finish_repair(ws, g, L, r.nd, strict);
}

/* Is a repair predicted to cost less than a full search, npend vertices having died? */
static int repair_pays(const kikan_perc_ws_t *ws, const layer_t *L, kikan_id_t npend)
{
    int ordered =
        ordered_allowed(ws) && (L->tree_src != NULL ? !L->tree_src->tree_ok : !L->tree_ok);
    if (ordered) {
        return (double)npend <= ORDERED_MAX_SHARE * (double)L->alive;
    }
    return REPAIR_UNIT * L->repair_cost * (double)npend <= (double)L->alive;
}

static void giant_step(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *L, int first)
{
    if (first || ws->full_search || L->alive == 0 || L->no_tree ||
        (ws->repair_mode != KIKAN_PERC_REPAIR_ALWAYS &&
         ws->repair_mode != KIKAN_PERC_REPAIR_WALK_ALWAYS && !repair_pays(ws, L, L->npend))) {
        full_step(ws, g, L, first ? SEEN : ALIVE);
    } else if (L->npend > 0 && !tree_step(ws, g, L, 0)) {
        full_step(ws, g, L, ALIVE);
    }
}

/* Kill the partners (in `to`) of the vertices pending in `from`; empties from's list. */
static void propagate(const uint8_t *coupled, layer_t *from, layer_t *to)
{
    for (kikan_id_t i = 0; i < from->npend; i++) {
        kikan_id_t v = from->pend[i];
        if ((coupled == NULL || coupled[v]) && to->st[v] == ALIVE) {
            to->st[v] = DEAD;
            to->pend[to->npend++] = v;
            to->alive--;
        }
    }
    from->npend = 0;
}

/* Copy layer S's state (vertex states and tree) into A. */
static void copy_layer(layer_t *A, const layer_t *S)
{
    A->tree_src = S; /* the tree itself is copied when a repair needs it (fetch_tree) */
    A->other = S->other;
    A->alive = S->alive;
    A->root = S->root;
    A->repair_cost = S->repair_cost;
    A->no_tree = S->no_tree;
    A->npend = 0;
}

/* A saved layer's live set has lost the vertices list[0..nl) (those with coupled[v] != 0
   where coupled is given): mark the live ones dead and list them in SV->pend. */
static void chain_mark(layer_t *SV, const kikan_id_t *list, kikan_id_t nl, const uint8_t *coupled)
{
    for (kikan_id_t i = 0; i < nl; i++) {
        kikan_id_t v = list[i];
        if ((coupled == NULL || coupled[v]) && SV->st[v] == ALIVE) {
            SV->st[v] = DEAD;
            SV->pend[SV->npend++] = v;
            SV->alive--;
        }
    }
}

/* Repair a saved layer after chain_mark, strict: 1 where its root side is the unique
   largest piece (the step's result), 0 where the step must be done without the chain. */
static int chain_repair(kikan_perc_ws_t *ws, const kikan_graph_t *g, layer_t *SV)
{
    if (SV->npend == 0) {
        return SV->alive > SV->other;
    }
    return SV->alive > 0 && repair_pays(ws, SV, SV->npend) && tree_step(ws, g, SV, 1);
}

/*
 * A's and B's first steps along the rest of a chain by union-find (Newman
 * and Ziff, Phys. Rev. E 64, 016706 (2001): vertices added one at a time,
 * components merged by union-find), for where the chained repair stops
 * paying: below the threshold A's first giant loses much of itself from
 * point to point, and each first step searched in full cost 5-37 ms (ER,
 * N = 10^6, k = 4, p <= 0.45), its search sweeping every small piece.
 *
 * uf_run adds the vertices in the reverse order of their loss, from the
 * chain's last point (the fewest live) back to position lo, linking on each
 * edge to a vertex already added. A component's key is (size, -smallest
 * vertex), a root is linked under the root of larger key, and `best` is the
 * root of largest key: the full search's giant, which is the largest piece
 * and, on ties, the one found first, holding the smallest vertex. There is
 * no path compression, so a vertex's parent link and the point it was made
 * at (tl) say whose component the vertex was in at every point. Where the
 * giants are nested (each point's inside the previous point's, checked as
 * the build goes), the giant at position c is the set of vertices with
 * J >= c, J(x) = max(the last position where x was the best root,
 * min(tl(x), J(parent))), found in one pass down the links in reverse;
 * the nested run from lo ends at `hi`. A giant of at most n / SMALL_GIANT
 * vertices is also listed when found (components keep their vertices as
 * circular lists, joined in O(1) at each link): past `hi` (an identity
 * change among small giants) a listed position is read from its list, and
 * an unlisted one is built again from there.
 *
 * A's vertices join at the position of their removal; B's at the position
 * where their partner joins A's giant (B's live set before its first step
 * is the vertices whose partner is in A's first giant, or that have none),
 * so B's build follows A's, over A's nested run. The arrays are the saved
 * layer's (S for A, SB for B), whose tree is not kept meanwhile: parent,
 * size (then tl, once linked), smallest vertex and the circular lists in
 * first, next, prev and bfs, the links in order in cstart, J in pp[0 .. n)
 * and the listed giants in pp[n + 1 ..); st is the build's scratch (0 not
 * live, 1 live and not yet added, 2 added). The layer then has no tree
 * (no_tree): its next step is a full search. The results are the search's:
 * only time differs.
 */
typedef struct {
    const kikan_graph_t *g;
    uint8_t *live;
    kikan_id_t *parent, *size, *minid, *ring, *seq, *list;
    kikan_id_t nseq, nlist, best;
} uf_t;

static inline kikan_id_t uf_find(const kikan_id_t *parent, kikan_id_t x)
{
    while (parent[x] != x) {
        x = parent[x];
    }
    return x;
}

/* Does root a's component have the larger key: larger, or as large with the smaller vertex? */
static inline int uf_beats(const uf_t *u, kikan_id_t a, kikan_id_t b)
{
    return u->size[a] > u->size[b] || (u->size[a] == u->size[b] && u->minid[a] < u->minid[b]);
}

/* Join the components of roots a and b at position c; returns the new root. */
static inline kikan_id_t uf_link(uf_t *u, kikan_id_t a, kikan_id_t b, kikan_id_t c)
{
    if (uf_beats(u, b, a)) {
        kikan_id_t t = a;
        a = b;
        b = t;
    }
    u->parent[b] = a;
    u->size[a] += u->size[b];
    u->size[b] = c; /* b is no root any more: its slot holds tl */
    if (u->best == b) {
        u->best = a; /* a's key is the larger: the best root's component grew */
    }
    u->minid[a] = u->minid[b] < u->minid[a] ? u->minid[b] : u->minid[a];
    kikan_id_t t = u->ring[a];
    u->ring[a] = u->ring[b];
    u->ring[b] = t;
    u->seq[u->nseq++] = b;
    return a;
}

/* Add vertex v at position c, linked to its neighbours added already. */
static void uf_add(uf_t *u, kikan_id_t v, kikan_id_t c)
{
    const kikan_id_t *off = u->g->off, *adj = u->g->adj;
    u->parent[v] = v;
    u->size[v] = 1;
    u->minid[v] = v;
    u->ring[v] = v;
    u->live[v] = 2;
    kikan_id_t r = v;
    for (kikan_id_t e = off[v]; e < off[v + 1]; e++) {
        kikan_id_t w = adj[e];
        if (u->live[w] == 2) {
            kikan_id_t rw = uf_find(u->parent, w);
            if (rw != r) {
                r = uf_link(u, r, rw, c);
            }
        }
    }
    if (u->best < 0 || uf_beats(u, r, u->best)) {
        u->best = r;
    }
}

/* Position c's giant: its root, and its vertices listed where it is small. */
static void uf_record(uf_t *u, uf_build_t *B, kikan_id_t c, kikan_id_t n)
{
    kikan_id_t b = u->best, size = b >= 0 ? u->size[b] : 0;
    B->best[c] = b;
    B->lsize[c] = -1;
    if ((int64_t)size * SMALL_GIANT <= (int64_t)n && u->nlist + size <= n) {
        B->lstart[c] = u->nlist;
        B->lsize[c] = size;
        for (kikan_id_t i = 0, x = b; i < size; i++, x = u->ring[x]) {
            u->list[u->nlist++] = x;
        }
    }
}

/*
 * One build over positions lo .. last in the layer L's arrays, L->st marking the vertices
 * live at `last` (1; 0 for the others): the vertices add[aoff[c] .. aoff[c + 1]) join at
 * position c. Sets B's nested run lo .. hi, J, roots and lists.
 */
static void uf_run(const kikan_graph_t *g, layer_t *L, uf_build_t *B, const kikan_id_t *add,
                   const kikan_id_t *aoff, kikan_id_t lo, kikan_id_t last)
{
    kikan_id_t n = g->n, hi = last, *J = L->pp;
    uf_t u = {g, L->st, L->first, L->next, L->prev, L->bfs, L->cstart, L->pp + n + 1, 0, 0, -1};
    for (kikan_id_t v = 0; v < n; v++) {
        if (u.live[v] == 1) {
            uf_add(&u, v, last);
        }
    }
    uf_record(&u, B, last, n);
    for (kikan_id_t c = last - 1; c >= lo; c--) {
        for (kikan_id_t i = aoff[c]; i < aoff[c + 1]; i++) {
            if (u.live[add[i]] == 0) {
                uf_add(&u, add[i], c);
            }
        }
        if (B->best[c + 1] >= 0 && uf_find(u.parent, B->best[c + 1]) != u.best) {
            hi = c; /* the giant at c + 1 is not inside this one */
        }
        uf_record(&u, B, c, n);
    }
    memset(J, 0xff, (size_t)n * sizeof(kikan_id_t));
    for (kikan_id_t c = lo; c <= hi; c++) {
        if (B->best[c] >= 0 && J[B->best[c]] < c) {
            J[B->best[c]] = c;
        }
    }
    for (kikan_id_t i = u.nseq - 1; i >= 0; i--) {
        kikan_id_t x = u.seq[i], jp = J[u.parent[x]], tl = u.size[x];
        kikan_id_t m = tl < jp ? tl : jp;
        J[x] = m > J[x] ? m : J[x];
    }
    B->lo = lo;
    B->hi = hi;
    B->last = last;
}

/* Build B covers no position (none made yet, or its arrays reused since). */
static void uf_forget(uf_build_t *B)
{
    B->lo = 1;
    B->hi = B->last = 0;
}

/* A's build from position c0 to the chain's last (removal list `removed`). */
static void uf_build_a(kikan_perc_ws_t *ws, const kikan_graph_t *a, const kikan_id_t *removed,
                       kikan_id_t c0)
{
    layer_t *S = &ws->s;
    kikan_id_t last = ws->chain_npts - 1;
    for (kikan_id_t c = 0; c <= last; c++) {
        ws->uf_aoff[c] = ws->chain_pts[c].count;
    }
    memset(S->st, 1, (size_t)ws->n);
    for (kikan_id_t i = 0; i < ws->uf_aoff[last]; i++) {
        S->st[removed[i]] = 0;
    }
    uf_run(a, S, &ws->ufa, removed, ws->uf_aoff, c0, last);
    uf_forget(&ws->ufb); /* B's build is made at B's first step */
}

/*
 * B's build over positions lo .. hi of A's nested run: B's vertices join at the position
 * their partner joins A's giant (J of A; bucketed in ws->order, bucket c = order[off[c] ..
 * off[c + 1]), by counting into off[c + 2] and scattering through off[c + 1] as a cursor,
 * which leaves it at the bucket's end: the next bucket's start).
 */
static void uf_build_b(kikan_perc_ws_t *ws, const kikan_graph_t *b, const uint8_t *coupled,
                       kikan_id_t lo)
{
    layer_t *SB = &ws->sb;
    const kikan_id_t *JA = ws->s.pp;
    kikan_id_t n = ws->n, hi = ws->ufa.hi, *off = ws->uf_boff;
    memset(off + lo, 0, ((size_t)(hi - lo) + 2) * sizeof(kikan_id_t)); /* hi + 1 <= np */
    /* live at hi: no partner, or the partner in A's giant there; the others with a partner
       in A's giant at lo join at the position their partner does */
    for (kikan_id_t v = 0; v < n; v++) {
        SB->st[v] = (uint8_t)((coupled != NULL && coupled[v] == 0) || JA[v] >= hi);
        if (SB->st[v] == 0 && JA[v] >= lo) {
            off[JA[v] + 2]++;
        }
    }
    for (kikan_id_t c = lo + 2; c <= hi + 1; c++) {
        off[c] += off[c - 1];
    }
    for (kikan_id_t v = 0; v < n; v++) {
        if (SB->st[v] == 0 && JA[v] >= lo) {
            ws->order[off[JA[v] + 1]++] = v;
        }
    }
    uf_run(b, SB, &ws->ufb, ws->order, off, lo, hi);
}

/*
 * A layer's first step at position c from its build (B) into X (A or B), through the
 * saved layer SV: from J (>= c: in the giant) in the nested run, from the list past it.
 * Returns whether the last position's giant is in the same nested run; then SV->pend
 * lists the vertices of that giant not in this one (as a chained repair lists them).
 */
static int uf_extract(layer_t *X, layer_t *SV, const uf_build_t *B, kikan_id_t n, kikan_id_t c)
{
    const kikan_id_t *J = SV->pp;
    uint8_t *st = X->st;
    int listed = c > B->lo && c <= B->hi;
    kikan_id_t dead = 0, np = 0;
    _Static_assert(ALIVE == 0 && DEAD == 1, "the state byte is J < c");
    if (c <= B->hi) {
        for (kikan_id_t v = 0; v < n; v++) {
            uint8_t d = J[v] < c;
            st[v] = d;
            dead += d;
            if (listed && J[v] == c - 1) {
                SV->pend[np++] = v;
            }
        }
    } else {
        const kikan_id_t *list = SV->pp + n + 1 + B->lstart[c];
        memset(st, DEAD, (size_t)n);
        for (kikan_id_t i = 0; i < B->lsize[c]; i++) {
            st[list[i]] = ALIVE;
        }
        dead = n - B->lsize[c];
    }
    SV->npend = np;
    SV->alive = n - dead;
    SV->root = -1; /* no tree: the next step searches (it is not read) */
    SV->other = n; /* not known: SV is no chain source meanwhile */
    SV->repair_cost = REPAIR_COST_GUESS;
    SV->tree_src = NULL;
    SV->tree_ok = 0;
    SV->no_tree = 1;
    copy_layer(X, SV);
    return listed;
}

/* Can build B give position c (in its nested run, or listed)? */
static int uf_covers(const uf_build_t *B, kikan_id_t c)
{
    return c >= B->lo && c <= B->last && (c <= B->hi || B->lsize[c] >= 0);
}

/*
 * A's first step at the chain's position ws->chain_pos from the union-find (built
 * first where the position is not covered). Returns whether S->pend lists A's giant's
 * losses since the last position (B's first step and A's second may then be chained).
 */
static int uf_first_step(kikan_perc_ws_t *ws, const kikan_graph_t *a, const kikan_id_t *removed)
{
    kikan_id_t c = ws->chain_pos;
    if (!uf_covers(&ws->ufa, c)) {
        uf_build_a(ws, a, removed, c);
    }
    return uf_extract(&ws->a, &ws->s, &ws->ufa, ws->n, c);
}

/*
 * A's first step in a sweep chain: the removal list is a longer prefix of the
 * chain's list, so A minus the new removals has, as pieces, the pieces of the
 * last first step's giant minus them and the other pieces of that step (none
 * larger than S->other). Repair the giant (strict: its side must exceed every
 * other piece, else search in full as without a chain) and copy into A.
 */
static int chained_first_step(kikan_perc_ws_t *ws, const kikan_graph_t *a,
                              const kikan_id_t *removed, kikan_id_t nremoved)
{
    layer_t *S = &ws->s;
    kikan_id_t n = ws->n;
    int ok = 0;
    if (ws->chain_pos >= ws->uf_from) {
        ok = uf_first_step(ws, a, removed);
        ws->union_find[0]++;
        ws->chained[0] += ok;
        ws->chain_valid = 0; /* S holds no searched giant */
        return ok;
    }
    int tried = ws->chain_valid && ws->chain_list == removed && nremoved >= ws->chain_count;
    if (tried) {
        S->npend = 0;
        chain_mark(S, removed + ws->chain_count, nremoved - ws->chain_count, NULL);
        ok = chain_repair(ws, a, S);
    }
    /* the repair no longer pays: union-find from the next point on */
    if (tried && !ok) {
        ws->uf_from = ws->chain_pos + 1;
    }
    if (!ok) {
        memset(S->st, SEEN, (size_t)n); /* live before a first step: see full_step */
        S->alive = n;
        for (kikan_id_t i = 0; i < nremoved; i++) {
            if (S->st[removed[i]] == SEEN) {
                S->st[removed[i]] = DEAD;
                S->alive--;
            }
        }
        S->npend = 0;
        full_step(ws, a, S, SEEN);
    }
    ws->chained[0] += ok;
    ws->chain_valid = 1;
    ws->chain_list = removed;
    ws->chain_count = nremoved;
    memcpy(ws->a.st, S->st, (size_t)n);
    copy_layer(&ws->a, S);
    return ok;
}

/*
 * B before its first step: a vertex whose (coupled) partner in A is dead after A's first step
 * dies. One sequential, branch-free pass over the state bytes instead of a list walk (in a
 * sweep chain, where A's dead are not listed, it was a branchy pass keeping the counts in
 * memory: about 3 % of a sweep). B's deaths are not listed in B->pend: B's first step is a
 * full search, which does not read them, and propagating them back to A would find their
 * partners dead already, so the result is the same. A's list is consumed as propagate does.
 * B's live vertices are left SEEN, ready for its first (full) step.
 */
static void first_deaths_to_b(const uint8_t *coupled, layer_t *A, layer_t *B, kikan_id_t n)
{
    _Static_assert(DEAD == 1 && SEEN == 4, "d | !d << 2 is DEAD or SEEN");
    const uint8_t *restrict sa = A->st;
    uint8_t *restrict sb = B->st;
    kikan_id_t dead = 0;
    /* B's live vertices are marked SEEN, as full_step takes them before a first step */
    if (coupled == NULL) {
        for (kikan_id_t v = 0; v < n; v++) {
            uint8_t d = sa[v] == DEAD;
            sb[v] = (uint8_t)(d | (d ^ 1) << 2);
            dead += d;
        }
    } else {
        for (kikan_id_t v = 0; v < n; v++) {
            uint8_t d = (uint8_t)((sa[v] == DEAD) & (coupled[v] != 0));
            sb[v] = (uint8_t)(d | (d ^ 1) << 2);
            dead += d;
        }
    }
    B->alive = n - dead;
    B->npend = 0;
    A->npend = 0;
}

/*
 * B's first step in a sweep chain. Where A's first step was repaired from the chain's last
 * point (repaired != 0), A's giant only lost S's listed deaths since then, so B's live set
 * (the vertices whose partner is alive in that giant, or who have none) only lost their
 * coupled partners: its pieces are those of the last point's giant of B minus them and the
 * last point's other pieces (none larger than SB->other). Repair that giant, strict as A's
 * (else search in full, from A's state, as without a chain), and copy it into B. Returns
 * whether it was repaired.
 */
static int chained_b_first_step(kikan_perc_ws_t *ws, const kikan_graph_t *b, const uint8_t *coupled,
                                int repaired)
{
    layer_t *SB = &ws->sb;
    kikan_id_t n = ws->n;
    int ok = 0;
    kikan_id_t c = ws->chain_pos;
    int uf = c >= ws->uf_from;
    if (uf && !uf_covers(&ws->ufb, c) && c >= ws->ufa.lo && c <= ws->ufa.hi) {
        uf_build_b(ws, b, coupled, c);
    }
    if (uf && uf_covers(&ws->ufb, c)) {
        ok = uf_extract(&ws->b, SB, &ws->ufb, n, c);
        ws->union_find[1]++;
        ws->a.npend = 0; /* A's list is consumed, as first_deaths_to_b does */
        ws->chained[1] += ok;
        ws->sb_valid = 0; /* SB holds the build, not a searched giant */
        return ok;
    }
    uf_forget(&ws->ufb); /* searched below: the build in SB's arrays is lost */
    if (repaired && ws->sb_valid && ws->chain_coupled == coupled) {
        SB->npend = 0;
        chain_mark(SB, ws->s.pend, ws->s.npend, coupled);
        ok = chain_repair(ws, b, SB);
    }
    if (!ok) {
        first_deaths_to_b(coupled, &ws->a, SB, n);
        full_step(ws, b, SB, SEEN);
    }
    ws->chained[1] += ok;
    ws->sb_valid = 1;
    ws->chain_coupled = coupled;
    memcpy(ws->b.st, SB->st, (size_t)n);
    copy_layer(&ws->b, SB);
    return ok;
}

/*
 * A's second step in a sweep chain (A->pend: A's deaths from B's first step). Its live set,
 * A's first giant less the partners of the vertices out of B's, only lost, since the
 * chain's last point, S's deaths and the coupled partners of SB's, where both those steps
 * were repaired: repair the saved second giant (S2), strict. Otherwise the step is done as
 * without a chain, on S2 set to A's state. A is then S2's copy.
 */
static void chained_a_second_step(kikan_perc_ws_t *ws, const kikan_graph_t *a,
                                  const uint8_t *coupled, int repaired)
{
    layer_t *A = &ws->a, *S2 = &ws->s2;
    kikan_id_t n = ws->n;
    int ok = 0;
    if (repaired && ws->s2_valid) {
        S2->npend = 0;
        chain_mark(S2, ws->s.pend, ws->s.npend, NULL);
        chain_mark(S2, ws->sb.pend, ws->sb.npend, coupled);
        ok = chain_repair(ws, a, S2);
    }
    if (!ok) {
        memcpy(S2->st, A->st, (size_t)n);
        memcpy(S2->pend, A->pend, (size_t)A->npend * sizeof(kikan_id_t));
        copy_layer(S2, &ws->s); /* A's tree is S's */
        S2->npend = A->npend;
        S2->alive = A->alive;
        giant_step(ws, a, S2, 0);
    }
    ws->chained[2] += ok;
    ws->s2_valid = 1;
    memcpy(A->st, S2->st, (size_t)n);
    copy_layer(A, S2);
}

/*
 * In a sweep chain, where a step's result was copied in from a saved layer: X loses the
 * coupled partners of the vertices Y's last step cut off, i.e. the vertices alive in X,
 * coupled, and dead in Y (alive in X, their partner was alive in Y before that step). One
 * pass, a word at a time; it lists them in X->pend as propagate() would (in vertex order:
 * the order changes a repair's work, not its result).
 */
static void deaths_from(const uint8_t *coupled, layer_t *X, const layer_t *Y, kikan_id_t n)
{
    _Static_assert(ALIVE == 0 && DEAD == 1, "a state byte is the death flag itself");
    _Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "byte i of a word is bits 8i..");
    uint8_t *restrict sx = X->st;
    const uint8_t *restrict sy = Y->st;
    kikan_id_t *restrict pend = X->pend;
    kikan_id_t np = X->npend, v = 0;
    /* eight vertices a word: between steps every state is ALIVE or DEAD, so a byte of
       ~x & y has bit 0 set exactly where the vertex is alive in X and dead in Y; most words
       have none (a few per cent of the vertices die), and the others' set bits are taken
       lowest first */
    const uint64_t ones = UINT64_C(0x0101010101010101);
    for (; v + 8 <= n; v += 8) {
        uint64_t x, y;
        memcpy(&x, sx + v, 8);
        memcpy(&y, sy + v, 8);
        uint64_t m = ~x & y & ones;
        if (coupled != NULL && m != 0) {
            uint64_t c; /* bit 0 of each byte: the byte is non-zero */
            memcpy(&c, coupled + v, 8);
            c |= c >> 4;
            c |= c >> 2;
            c |= c >> 1;
            m &= c;
        }
        while (m != 0) { /* bit 8 i: vertex v + i dies */
            kikan_id_t u = v + (kikan_id_t)(__builtin_ctzll(m) >> 3);
            sx[u] = DEAD;
            pend[np++] = u;
            m &= m - 1;
        }
    }
    for (; v < n; v++) {
        if (sx[v] == ALIVE && sy[v] == DEAD && (coupled == NULL || coupled[v] != 0)) {
            sx[v] = DEAD;
            pend[np++] = v;
        }
    }
    X->alive -= np - X->npend;
    X->npend = np;
}

static kikan_error_t cascade(kikan_perc_ws_t *ws, const kikan_graph_t *a, const kikan_graph_t *b,
                             const uint8_t *coupled, const kikan_id_t *removed, kikan_id_t nremoved,
                             int chained, kikan_perc_result_t *res)
{
    kikan_error_t err = KIKAN_OK;
    if (ws == NULL || a == NULL || b == NULL || res == NULL || a->n != ws->n || b->n != ws->n ||
        nremoved < 0 || (nremoved > 0 && removed == NULL)) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    kikan_id_t n = ws->n;
    for (kikan_id_t i = 0; i < nremoved; i++) {
        if (removed[i] < 0 || removed[i] >= n) {
            KIKAN_FAIL(KIKAN_EINVAL);
        }
    }
    layer_t *A = &ws->a, *B = &ws->b;
    /* The first step in each network is a full search: the graphs need not be connected. */
    int rounds = 1;
    if (chained && !ws->full_search) {
        int repaired = chained_first_step(ws, a, removed, nremoved);
        repaired = chained_b_first_step(ws, b, coupled, repaired) && repaired;
        deaths_from(coupled, A, B, n);
        if (A->npend == 0) {
            ws->s2_valid = 0; /* no second step at this point: S2 is not this point's */
        } else {
            chained_a_second_step(ws, a, coupled, repaired);
            rounds++;
            deaths_from(coupled, B, A, n);
            if (B->npend == 0) {
                A->npend = 0; /* done: the loop below does not start */
            } else {
                giant_step(ws, b, B, 0);
                propagate(coupled, B, A);
            }
        }
    } else {
        memset(A->st, SEEN, (size_t)n); /* live before a first step: see full_step */
        A->npend = 0;
        A->alive = n;
        for (kikan_id_t i = 0; i < nremoved; i++) {
            kikan_id_t v = removed[i];
            if (A->st[v] == SEEN) {
                A->st[v] = DEAD;
                A->pend[A->npend++] = v;
                A->alive--;
            }
        }
        giant_step(ws, a, A, 1);
        first_deaths_to_b(coupled, A, B, n);
        giant_step(ws, b, B, 1);
        propagate(coupled, B, A);
    }
    while (A->npend > 0) {
        giant_step(ws, a, A, 0);
        rounds++;
        propagate(coupled, A, B);
        if (B->npend == 0) {
            break;
        }
        giant_step(ws, b, B, 0);
        propagate(coupled, B, A);
    }
    res->giant_a = A->alive;
    res->giant_b = B->alive;
    res->mu = n > 0 ? (double)A->alive / (double)n : 0.0;
    res->rounds = rounds;
cleanup:
    return err;
}

kikan_error_t kikan_perc_cascade(kikan_perc_ws_t *ws, const kikan_graph_t *a,
                                 const kikan_graph_t *b, const uint8_t *coupled,
                                 const kikan_id_t *removed, kikan_id_t nremoved,
                                 kikan_perc_result_t *res)
{
    return cascade(ws, a, b, coupled, removed, nremoved, 0, res);
}

/* ======================================================================== */
/* Ensemble                                                                  */
/* ======================================================================== */

enum { STREAM_GRAPH = 0, STREAM_REMOVAL = 1, STREAM_COUPLING = 2 };

/* CPU time of the calling thread: unlike wall time, not inflated when a shared machine
   deschedules us (benchmarks report both). */
static double thread_cpu_seconds(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0) {
        return 0.0;
    }
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static kikan_id_t removal_count(double p, kikan_id_t n)
{
    double r = round((1.0 - p) * (double)n);
    if (r < 0) {
        r = 0;
    }
    return r > (double)n ? n : (kikan_id_t)r;
}

enum { SHUFFLE_AHEAD = 16 }; /* swap partners drawn ahead of the swap, their slots prefetched */

/*
 * First `count` entries of a uniformly random permutation of 0..n-1 into perm:
 * step i swaps perm[i] with perm[j], j = i + gsl_rng_uniform_int(rng, n - i).
 * The draws do not depend on perm, so the partners of the next SHUFFLE_AHEAD
 * steps are drawn in advance and prefetched (a swap partner is a random slot of
 * a 4 MB array at N = 10^6); the swaps still run in step order, with the same draws.
 */
static void partial_shuffle(gsl_rng *rng, kikan_id_t *perm, kikan_id_t n, kikan_id_t count)
{
    kikan_id_t ahead[SHUFFLE_AHEAD];
    for (kikan_id_t i = 0; i < n; i++) {
        perm[i] = i;
    }
    kikan_id_t steps = count < n - 1 ? count : n - 1;
    for (kikan_id_t i = 0; i < steps && i < SHUFFLE_AHEAD; i++) {
        ahead[i] = i + (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)(n - i));
        __builtin_prefetch(&perm[ahead[i]], 1);
    }
    for (kikan_id_t i = 0; i < steps; i++) {
        kikan_id_t j = ahead[i % SHUFFLE_AHEAD], d = i + SHUFFLE_AHEAD;
        if (d < steps) {
            ahead[d % SHUFFLE_AHEAD] =
                d + (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)(n - d));
            __builtin_prefetch(&perm[ahead[d % SHUFFLE_AHEAD]], 1);
        }
        kikan_id_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

static kikan_error_t check_spec(const kikan_perc_spec_t *s)
{
    if (s->n < 0 || s->np < 1 || s->p == NULL || s->reps < 1 || !(s->coupling >= 0.0) ||
        s->coupling > 1.0 || s->ninitial < 0 || (s->ninitial > 0 && s->initial == NULL)) {
        return KIKAN_EINVAL;
    }
    for (kikan_id_t i = 0; i < s->np; i++) {
        if (!(s->p[i] >= 0.0 && s->p[i] <= 1.0)) {
            return KIKAN_EINVAL;
        }
    }
    for (kikan_id_t i = 0; i < s->ninitial; i++) {
        if (s->initial[i] < 0 || s->initial[i] >= s->n) {
            return KIKAN_EINVAL;
        }
    }
    switch (s->kind) {
    case KIKAN_PERC_ER:
        return isfinite(s->k) && s->k >= 0 ? KIKAN_OK : KIKAN_EINVAL;
    case KIKAN_PERC_SF:
        return isfinite(s->gamma) && s->gamma > 1.0 && s->kmin >= 1 ? KIKAN_OK : KIKAN_EINVAL;
    case KIKAN_PERC_GIVEN:
        return s->a != NULL && s->b != NULL && s->a->n == s->n && s->b->n == s->n ? KIKAN_OK
                                                                                  : KIKAN_EINVAL;
    }
    return KIKAN_EINVAL;
}

static kikan_error_t make_graph(const kikan_perc_spec_t *s, kikan_id_t rep, int which,
                                kikan_graph_t **out)
{
    uint64_t stream = 2 * (uint64_t)rep + (uint64_t)which;
    if (s->kind == KIKAN_PERC_ER) {
        return kikan_graph_er(NULL, s->n, s->k, s->seed, stream, out);
    }
    return kikan_graph_sf(NULL, s->n, s->gamma, s->kmin, s->seed, stream, out);
}

enum { CHAINS_PER_THREAD = 4 };

static int cmp_point(const void *x, const void *y)
{
    const point_t *a = x, *b = y;
    if (a->count != b->count) {
        return a->count < b->count ? -1 : 1;
    }
    return a->index < b->index ? -1 : a->index > b->index;
}

/* The chain state of a workspace (three more layers, 99 n bytes, and eight per-point arrays
   for the union-find builds). */
static kikan_error_t ws_enable_chain(kikan_ctx_t *ctx, kikan_perc_ws_t *ws, kikan_id_t np)
{
    kikan_error_t err = KIKAN_OK;
    if (ws->chain_on) {
        return KIKAN_OK;
    }
    kikan_id_t **per_point[] = {&ws->ufa.best,   &ws->ufa.lstart, &ws->ufa.lsize, &ws->ufb.best,
                                &ws->ufb.lstart, &ws->ufb.lsize,  &ws->uf_aoff,   &ws->uf_boff};
    for (size_t i = 0; i < sizeof(per_point) / sizeof(per_point[0]); i++) {
        *per_point[i] = kikan_ctx_malloc(ctx, ((size_t)np + 1) * sizeof(kikan_id_t));
        KIKAN_CHECK_ALLOC(*per_point[i]);
    }
    KIKAN_CHECK(alloc_layer(ctx, &ws->s, ws->n));
    KIKAN_CHECK(alloc_layer(ctx, &ws->sb, ws->n));
    KIKAN_CHECK(alloc_layer(ctx, &ws->s2, ws->n));
    ws->chain_on = 1;
cleanup:
    return err; /* partial allocations are freed with the workspace */
}

/*
 * One ensemble run's buffers: a workspace per thread, and per replicate of a
 * block (block = replicates at once) its graphs, removal order and coupling.
 */
typedef struct {
    const kikan_perc_spec_t *s;
    int threads;
    int given, partial, have_initial, use_chain;
    kikan_id_t block, made, maxrem, ncoupled, nch;
    kikan_perc_ws_t **ws;
    kikan_graph_t **ga, **gb;
    kikan_id_t **perm;
    uint8_t **coup;
    kikan_error_t *slot_err; /* per task of a block (2 per replicate) */
    double *cpu;             /* cascade CPU seconds per cell */
    point_t *pord;           /* the sweep points in the order of increasing removals */
} run_t;

/* The summary's arrays (cells = reps x np) and the cells' CPU times. */
static kikan_error_t alloc_summary(kikan_ctx_t *ctx, const kikan_perc_spec_t *s, run_t *R,
                                   kikan_perc_summary_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_summary_t *sum = kikan_ctx_calloc(ctx, 1, sizeof(*sum));
    *out = sum;
    KIKAN_CHECK_ALLOC(sum);
    sum->np = s->np;
    sum->reps = s->reps;
    size_t cells = (size_t)s->reps * (size_t)s->np;
    double **dbl[] = {&sum->mu, &sum->rounds, &R->cpu};
    for (int i = 0; i < 3; i++) {
        *dbl[i] = kikan_ctx_calloc(ctx, cells, sizeof(double));
        KIKAN_CHECK_ALLOC(*dbl[i]);
    }
    double **per_p[] = {&sum->mu_mean, &sum->mu_sd, &sum->rounds_mean};
    for (int i = 0; i < 3; i++) {
        *per_p[i] = kikan_ctx_calloc(ctx, (size_t)s->np, sizeof(double));
        KIKAN_CHECK_ALLOC(*per_p[i]);
    }
cleanup:
    return err;
}

/* Workspaces (80 n bytes each, pages not touched yet) and the block's buffers; R->made says how
   many slots run_free must look at. */
static kikan_error_t alloc_run(kikan_ctx_t *ctx, run_t *R)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_perc_spec_t *s = R->s;
    kikan_id_t n = s->n;
    R->ws = kikan_ctx_calloc(ctx, (size_t)R->threads, sizeof(*R->ws));
    KIKAN_CHECK_ALLOC(R->ws);
    for (int t = 0; t < R->threads; t++) {
        KIKAN_CHECK(ws_create(ctx, n, &R->ws[t]));
        kikan_perc_ws_set_full_search(R->ws[t], s->full_search);
    }
    R->ga = kikan_ctx_calloc(ctx, (size_t)R->block, sizeof(*R->ga));
    KIKAN_CHECK_ALLOC(R->ga);
    R->gb = kikan_ctx_calloc(ctx, (size_t)R->block, sizeof(*R->gb));
    KIKAN_CHECK_ALLOC(R->gb);
    R->perm = kikan_ctx_calloc(ctx, (size_t)R->block, sizeof(*R->perm));
    KIKAN_CHECK_ALLOC(R->perm);
    R->coup = kikan_ctx_calloc(ctx, (size_t)R->block, sizeof(*R->coup));
    KIKAN_CHECK_ALLOC(R->coup);
    R->slot_err = kikan_ctx_calloc(ctx, 2 * (size_t)R->block, sizeof(*R->slot_err));
    KIKAN_CHECK_ALLOC(R->slot_err);
    R->made = R->block;
    for (kikan_id_t j = 0; j < R->block; j++) {
        if (!R->have_initial) {
            R->perm[j] = kikan_ctx_malloc(ctx, ((size_t)n + 1) * sizeof(kikan_id_t));
            KIKAN_CHECK_ALLOC(R->perm[j]);
        }
        if (R->partial) {
            R->coup[j] = kikan_ctx_malloc(ctx, (size_t)n + 1);
            KIKAN_CHECK_ALLOC(R->coup[j]);
        }
    }
cleanup:
    return err;
}

static void free_run(run_t *R)
{
    for (kikan_id_t j = 0; j < R->made; j++) {
        kikan_graph_free(&R->ga[j]);
        kikan_graph_free(&R->gb[j]);
        free(R->perm[j]);
        free(R->coup[j]);
    }
    if (R->ws != NULL) {
        for (int t = 0; t < R->threads; t++) {
            kikan_perc_ws_free(&R->ws[t]);
        }
    }
    free(R->ws);
    free(R->ga);
    free(R->gb);
    free(R->perm);
    free(R->coup);
    free(R->slot_err);
    free(R->cpu);
    free(R->pord);
}

/*
 * Sweep chains: each task runs a run of p values of one replicate in the
 * order of increasing removals, reaching A's first step by repairing the
 * previous one (chained_first_step); CHAINS_PER_THREAD runs per thread keep
 * the threads balanced. The results are those of separate cascades.
 */
static kikan_error_t plan_chains(kikan_ctx_t *ctx, run_t *R)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_perc_spec_t *s = R->s;
    kikan_id_t np = s->np;
    R->pord = kikan_ctx_calloc(ctx, (size_t)np, sizeof(*R->pord));
    KIKAN_CHECK_ALLOC(R->pord);
    for (kikan_id_t i = 0; i < np; i++) {
        R->pord[i].count = R->have_initial ? s->ninitial : removal_count(s->p[i], s->n);
        R->pord[i].index = i;
    }
    qsort(R->pord, (size_t)np, sizeof(*R->pord), cmp_point);
    R->nch = np;
    if (!s->full_search && (int64_t)CHAINS_PER_THREAD * R->threads < np) {
        R->nch = CHAINS_PER_THREAD * R->threads;
    }
    R->use_chain = R->nch < np;
    if (R->use_chain) {
        for (int t = 0; t < R->threads; t++) {
            KIKAN_CHECK(ws_enable_chain(ctx, R->ws[t], np));
        }
    }
cleanup:
    return err;
}

/* Task t of a block: replicate r0 + t/2's graph A and removal order (t even) or its
   graph B and coupling (t odd), from their own random streams. */
static void prepare_task(const run_t *R, kikan_id_t r0, kikan_id_t t, kikan_perc_ws_t *w)
{
    const kikan_perc_spec_t *s = R->s;
    kikan_id_t j = t / 2, rep = r0 + j, n = s->n;
    gsl_rng *rng = w->rng;
    if (t % 2 == 0) {
        R->slot_err[t] = R->given ? KIKAN_OK : make_graph(s, rep, 0, &R->ga[j]);
        if (!R->have_initial) {
            gsl_rng_set(
                rng, (unsigned long)kikan_perc_stream_seed(s->seed, (uint64_t)rep, STREAM_REMOVAL));
            partial_shuffle(rng, R->perm[j], n, R->maxrem);
        }
        return;
    }
    R->slot_err[t] = R->given ? KIKAN_OK : make_graph(s, rep, 1, &R->gb[j]);
    if (R->partial) {
        kikan_id_t *tmp = w->queue; /* the per-thread scratch is free outside cascades */
        gsl_rng_set(rng,
                    (unsigned long)kikan_perc_stream_seed(s->seed, (uint64_t)rep, STREAM_COUPLING));
        partial_shuffle(rng, tmp, n, R->ncoupled);
        memset(R->coup[j], 0, (size_t)n + 1);
        for (kikan_id_t i = 0; i < R->ncoupled; i++) {
            R->coup[j][tmp[i]] = 1;
        }
    }
}

/* Chain k of replicate r0 + j: its p values in the order of increasing removals, each
   result written to its own cell. */
static void run_chain(const run_t *R, kikan_perc_summary_t *sum, kikan_id_t r0, kikan_id_t j,
                      kikan_id_t k, kikan_perc_ws_t *w)
{
    const kikan_perc_spec_t *s = R->s;
    kikan_id_t np = s->np;
    const kikan_graph_t *a = R->given ? s->a : R->ga[j];
    const kikan_graph_t *b = R->given ? s->b : R->gb[j];
    const kikan_id_t *rm = R->have_initial ? s->initial : R->perm[j];
    kikan_id_t q0 = (kikan_id_t)((int64_t)k * np / R->nch);
    kikan_id_t q1 = (kikan_id_t)((int64_t)(k + 1) * np / R->nch);
    /* a new chain: the saved layers are another chain's (chained_first_step and the others
       match the removal list and coupling by pointer only, which these flags make safe) */
    w->chain_valid = 0;
    w->sb_valid = 0;
    w->s2_valid = 0;
    w->chain_pts = R->pord + q0;
    w->chain_npts = q1 - q0;
    w->uf_from = w->chain_npts; /* not yet */
    uf_forget(&w->ufa);
    uf_forget(&w->ufb);
    for (kikan_id_t q = q0; q < q1; q++) {
        w->chain_pos = q - q0;
        kikan_id_t i = R->pord[q].index;
        kikan_id_t nrm = R->have_initial ? s->ninitial : removal_count(s->p[i], s->n);
        kikan_perc_result_t res = {0};
        double c0 = thread_cpu_seconds();
        kikan_error_t e = cascade(w, a, b, R->coup[j], rm, nrm, R->use_chain, &res);
        size_t cell = (size_t)(r0 + j) * (size_t)np + (size_t)i;
        R->cpu[cell] = thread_cpu_seconds() - c0;
        sum->mu[cell] = e == KIKAN_OK ? res.mu : NAN;
        sum->rounds[cell] = res.rounds;
        if (e != KIKAN_OK) {
            R->slot_err[2 * j] = e;
        }
    }
}

/* One block of replicates: graphs, orders and couplings, then the cascades. */
static kikan_error_t run_block(const run_t *R, kikan_perc_summary_t *sum, kikan_id_t r0,
                               kikan_id_t nblk)
{
    kikan_error_t err = KIKAN_OK;
    double t0 = omp_get_wtime();
#pragma omp parallel for num_threads(R->threads) schedule(dynamic, 1) default(none)                \
    firstprivate(R, r0, nblk)
    for (kikan_id_t t = 0; t < 2 * nblk; t++) {
        prepare_task(R, r0, t, R->ws[omp_get_thread_num()]);
    }
    for (kikan_id_t t = 0; t < 2 * nblk; t++) {
        KIKAN_CHECK(R->slot_err[t]);
    }
    double t1 = omp_get_wtime();
    sum->generate_seconds += t1 - t0;
#pragma omp parallel for num_threads(R->threads) schedule(dynamic, 1) default(none)                \
    firstprivate(R, sum, r0, nblk)
    for (kikan_id_t t = 0; t < nblk * R->nch; t++) {
        run_chain(R, sum, r0, t / R->nch, t % R->nch, R->ws[omp_get_thread_num()]);
    }
    sum->cascade_seconds += omp_get_wtime() - t1;
cleanup:
    for (kikan_id_t j = 0; j < nblk; j++) {
        kikan_graph_free(&R->ga[j]);
        kikan_graph_free(&R->gb[j]);
        if (err == KIKAN_OK) {
            err = R->slot_err[2 * j];
        }
    }
    return err;
}

/* Means and standard deviations per p, summed in replicate order: the same sums for
   any thread count. */
static void reduce_summary(kikan_perc_summary_t *sum, const double *cpu)
{
    kikan_id_t np = sum->np, reps = sum->reps;
    for (size_t c = 0; c < (size_t)reps * (size_t)np; c++) {
        sum->cascade_cpu_seconds += cpu[c];
    }
    for (kikan_id_t i = 0; i < np; i++) {
        double m = 0.0, rr = 0.0;
        for (kikan_id_t r = 0; r < reps; r++) {
            m += sum->mu[(size_t)r * (size_t)np + (size_t)i];
            rr += sum->rounds[(size_t)r * (size_t)np + (size_t)i];
        }
        m /= (double)reps;
        double ss = 0.0;
        for (kikan_id_t r = 0; r < reps; r++) {
            double d = sum->mu[(size_t)r * (size_t)np + (size_t)i] - m;
            ss += d * d;
        }
        sum->mu_mean[i] = m;
        sum->mu_sd[i] = reps > 1 ? sqrt(ss / (double)(reps - 1)) : 0.0;
        sum->rounds_mean[i] = rr / (double)reps;
    }
}

kikan_error_t kikan_perc_run(kikan_ctx_t *ctx, const kikan_perc_spec_t *spec,
                             kikan_perc_summary_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_perc_summary_t *sum = NULL;
    run_t R = {0};
    if (spec == NULL || out == NULL) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    KIKAN_CHECK(check_spec(spec));
    const kikan_perc_spec_t *s = spec;
    if ((int64_t)s->reps * s->np > (int64_t)KIKAN_ID_MAX) {
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    R.s = s;
    R.threads = ctx != NULL ? kikan_ctx_threads(ctx) : 1;
    /* no more workspaces (80 n bytes each, 180 n with sweep chains) than tasks at once */
    if ((int64_t)R.threads > 2 * (int64_t)s->reps * s->np) {
        R.threads = (int)(2 * (int64_t)s->reps * s->np);
    }
    R.block = R.threads < s->reps ? R.threads : s->reps;
    R.given = s->kind == KIKAN_PERC_GIVEN;
    R.partial = s->coupling < 1.0;
    R.have_initial = s->initial != NULL;
    R.ncoupled = removal_count(1.0 - s->coupling, s->n);
    for (kikan_id_t i = 0; i < s->np; i++) {
        kikan_id_t c = removal_count(s->p[i], s->n);
        R.maxrem = c > R.maxrem ? c : R.maxrem;
    }
    KIKAN_CHECK(alloc_summary(ctx, s, &R, &sum));
    KIKAN_CHECK(alloc_run(ctx, &R));
    KIKAN_CHECK(plan_chains(ctx, &R));
#pragma omp parallel for num_threads(R.threads) schedule(static, 1) default(none) shared(R)
    for (int t = 0; t < R.threads; t++) {
        touch_ws(R.ws[t]);
    }
    for (kikan_id_t r0 = 0; r0 < s->reps; r0 += R.block) {
        if (ctx != NULL && kikan_ctx_stop_requested(ctx)) {
            KIKAN_FAIL(KIKAN_EINTERRUPTED);
        }
        KIKAN_CHECK(run_block(&R, sum, r0, s->reps - r0 < R.block ? s->reps - r0 : R.block));
    }
    reduce_summary(sum, R.cpu);
    for (int t = 0; t < R.threads; t++) {
        for (int k = 0; k < 3; k++) {
            sum->chained[k] += R.ws[t]->chained[k];
        }
        for (int k = 0; k < 2; k++) {
            sum->union_find[k] += R.ws[t]->union_find[k];
        }
    }
    *out = sum;
    sum = NULL;
cleanup:
    free_run(&R);
    kikan_perc_summary_free(&sum);
    return err;
}

kikan_error_t kikan_perc_removal_order(const kikan_perc_spec_t *spec, kikan_id_t rep, double p,
                                       kikan_id_t **ids, kikan_id_t *count)
{
    kikan_error_t err = KIKAN_OK;
    gsl_rng *rng = NULL;
    kikan_id_t *perm = NULL;
    if (spec == NULL || ids == NULL || count == NULL || spec->n < 0 || rep < 0 ||
        !(p >= 0.0 && p <= 1.0)) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    perm = malloc(((size_t)spec->n + 1) * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(perm);
    rng = gsl_rng_alloc(gsl_rng_mt19937);
    KIKAN_CHECK_ALLOC(rng);
    gsl_rng_set(rng,
                (unsigned long)kikan_perc_stream_seed(spec->seed, (uint64_t)rep, STREAM_REMOVAL));
    kikan_id_t c = removal_count(p, spec->n);
    /* a shuffle's prefix does not depend on how far it goes: the ensemble's longer
       shuffle (for the smallest p of a sweep) starts with these same entries */
    partial_shuffle(rng, perm, spec->n, c);
    *ids = perm;
    *count = c;
    perm = NULL;
cleanup:
    gsl_rng_free(rng);
    free(perm);
    return err;
}

void kikan_perc_summary_free(kikan_perc_summary_t **sp)
{
    if (sp == NULL || *sp == NULL) {
        return;
    }
    kikan_perc_summary_t *s = *sp;
    free(s->mu);
    free(s->rounds);
    free(s->mu_mean);
    free(s->mu_sd);
    free(s->rounds_mean);
    free(s);
    *sp = NULL;
}

double kikan_perc_collapse_point(const double *p, const double *mu, kikan_id_t np)
{
    if (p == NULL || mu == NULL || np < 2) {
        return NAN;
    }
    kikan_id_t best = 0;
    double drop = -1.0;
    for (kikan_id_t i = 0; i + 1 < np; i++) {
        double d = fabs(mu[i + 1] - mu[i]);
        if (d > drop) {
            drop = d;
            best = i;
        }
    }
    return 0.5 * (p[best] + p[best + 1]);
}
