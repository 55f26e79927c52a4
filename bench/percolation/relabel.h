/*
 * Relabelling a graph in BFS order, for the relabelling experiments of
 * issue 17, item 5 (relabel_search.c, ab_relabel_main.c; bench/README.md,
 * "third pass"): children of a vertex get consecutive labels, so a search
 * that follows the same order reads off[] and adj[] nearly sequentially.
 */
#ifndef KIKAN_BENCH_RELABEL_H
#define KIKAN_BENCH_RELABEL_H
#include <stdlib.h>
#include "kikan/graph.h"

/* BFS order from a vertex of highest degree, then from each vertex not reached, in id order:
   newl[old] and oldl[new]. */
static inline void bfs_order(const kikan_graph_t *g, kikan_id_t *newl, kikan_id_t *oldl)
{
    kikan_id_t n = g->n, cnt = 0, best = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        newl[v] = -1;
        if (g->off[v + 1] - g->off[v] > g->off[best + 1] - g->off[best]) {
            best = v;
        }
    }
    for (kikan_id_t s0 = -1; s0 < n; s0++) {
        kikan_id_t s = s0 < 0 ? best : s0;
        if (n == 0 || newl[s] >= 0) {
            continue;
        }
        kikan_id_t h = cnt;
        newl[s] = cnt;
        oldl[cnt++] = s;
        for (; h < cnt; h++) {
            kikan_id_t v = oldl[h];
            for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
                kikan_id_t w = g->adj[e];
                if (newl[w] < 0) {
                    newl[w] = cnt;
                    oldl[cnt++] = w;
                }
            }
        }
    }
}

/* The graph in the new labels, each adjacency list sorted (insertion sort: degrees are small). */
static inline kikan_graph_t relabel(const kikan_graph_t *g, const kikan_id_t *newl,
                                    const kikan_id_t *oldl)
{
    kikan_graph_t r = *g;
    r.off = malloc(((size_t)g->n + 1) * sizeof(kikan_id_t));
    r.adj = malloc(((size_t)g->off[g->n] + 1) * sizeof(kikan_id_t));
    if (r.off == NULL || r.adj == NULL) {
        exit(2);
    }
    kikan_id_t k = 0;
    for (kikan_id_t i = 0; i < g->n; i++) {
        kikan_id_t v = oldl[i];
        r.off[i] = k;
        for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
            kikan_id_t t = newl[g->adj[e]], y = k++;
            for (; y > r.off[i] && r.adj[y - 1] > t; y--) {
                r.adj[y] = r.adj[y - 1];
            }
            r.adj[y] = t;
        }
    }
    r.off[g->n] = k;
    return r;
}

#endif
