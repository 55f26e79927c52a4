/*
 * Does a cache-friendly vertex order make the full component search cheaper?
 * (issue 17, item 5, third pass; see bench/README.md). One ER graph
 * (N = 10^6, <k> = 4, kikan_graph_er seed 1, stream 0, as graph A of
 * `kikan percolate --er 1000000 --k 4 --seed 1`), the removal set of
 * replicate 0 at each p, and a search of every live component:
 *   - bfs: the loop of full_step in models/research/percolation.c (the
 *     same prefetch pipeline), on the graph as generated and on a copy
 *     relabelled in BFS order from a vertex of highest degree (children
 *     of a vertex get consecutive labels; adjacency lists sorted);
 *   - uf: union-find streaming the edges in label order (sequential reads
 *     of off[] and adj[] whatever the removals), path halving, union by size.
 * Prints the minimum thread CPU time over REPEATS and the relabelling cost.
 * Build and run (from the repository root, after the release build):
 *   gcc -O3 -std=c17 -fopenmp -Iinclude -o /tmp/relabel_search \
 *       bench/percolation/relabel_search.c build/release/libkikan.a \
 *       -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
 *   /tmp/relabel_search 7 1.0 0.7 0.5
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "kikan/percolation.h"
#include "relabel.h"

enum { PF_OFF = 16, PF_ADJ = 8, PF_ST = 4 };

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Every live component by BFS (st: 0 live, 1 dead; 4 once searched); returns the largest. */
static kikan_id_t bfs_search(const kikan_graph_t *g, uint8_t *st, kikan_id_t *order,
                             kikan_id_t *cstart)
{
    const kikan_id_t *off = g->off, *adj = g->adj;
    kikan_id_t nlab = 0, best = 0;
    for (kikan_id_t s = 0; s < g->n; s++) {
        if (st[s] != 0) {
            continue;
        }
        kikan_id_t start = nlab;
        st[s] = 4;
        order[nlab++] = s;
        for (kikan_id_t i = start; i < nlab; i++) {
            if (i + PF_OFF < nlab) {
                __builtin_prefetch(&off[order[i + PF_OFF]]);
            }
            if (i + PF_ADJ < nlab) {
                __builtin_prefetch(&adj[off[order[i + PF_ADJ]]]);
            }
            if (i + PF_ST < nlab) {
                kikan_id_t u = order[i + PF_ST];
                for (kikan_id_t e = off[u]; e < off[u + 1]; e++) {
                    __builtin_prefetch(&st[adj[e]]);
                }
            }
            kikan_id_t v = order[i];
            cstart[i] = nlab;
            for (kikan_id_t e = off[v]; e < off[v + 1]; e++) {
                kikan_id_t w = adj[e];
                if (st[w] == 0) {
                    st[w] = 4;
                    order[nlab++] = w;
                }
            }
        }
        best = nlab - start > best ? nlab - start : best;
    }
    return best;
}

static kikan_id_t find(kikan_id_t *par, kikan_id_t x)
{
    while (par[x] != x) {
        par[x] = par[par[x]];
        x = par[x];
    }
    return x;
}

/* Every live component by union-find over the edges in label order; returns the largest. */
static kikan_id_t uf_search(const kikan_graph_t *g, const uint8_t *st, kikan_id_t *par,
                            kikan_id_t *size)
{
    kikan_id_t best = 0;
    for (kikan_id_t v = 0; v < g->n; v++) {
        par[v] = v;
        size[v] = 1;
        best = best > 0 || st[v] != 0 ? best : 1;
    }
    for (kikan_id_t v = 0; v < g->n; v++) {
        if (st[v] != 0) {
            continue;
        }
        for (kikan_id_t e = g->off[v]; e < g->off[v + 1]; e++) {
            kikan_id_t w = g->adj[e];
            if (w < v || st[w] != 0) {
                continue;
            }
            kikan_id_t x = find(par, v), y = find(par, w);
            if (x == y) {
                continue;
            }
            if (size[x] < size[y]) {
                kikan_id_t t = x;
                x = y;
                y = t;
            }
            par[y] = x;
            size[x] += size[y];
            best = size[x] > best ? size[x] : best;
        }
    }
    return best;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    kikan_id_t n = 1000000;
    kikan_graph_t *a = NULL;
    if (kikan_graph_er(NULL, n, 4.0, 1, 0, &a) != KIKAN_OK) {
        return 2;
    }
    kikan_id_t *newl = malloc((size_t)n * sizeof(kikan_id_t));
    kikan_id_t *oldl = malloc((size_t)n * sizeof(kikan_id_t));
    kikan_id_t *order = malloc((size_t)n * sizeof(kikan_id_t));
    kikan_id_t *cstart = malloc(((size_t)n + 1) * sizeof(kikan_id_t));
    kikan_id_t *size = malloc((size_t)n * sizeof(kikan_id_t));
    uint8_t *st[2] = {malloc((size_t)n), malloc((size_t)n)}, *work = malloc((size_t)n);
    if (!newl || !oldl || !order || !cstart || !size || !st[0] || !st[1] || !work) {
        return 2;
    }
    double t0 = cpu_seconds();
    bfs_order(a, newl, oldl);
    double t1 = cpu_seconds();
    kikan_graph_t r = relabel(a, newl, oldl);
    double t2 = cpu_seconds();
    printf("relabel one graph: BFS order %.1f ms, CSR copy %.1f ms (thread CPU)\n", 1e3 * (t1 - t0),
           1e3 * (t2 - t1));
    const kikan_graph_t *g[2] = {a, &r};
    kikan_perc_spec_t spec = {0};
    spec.n = n;
    spec.seed = 1;
    for (int ai = 2; ai < argc; ai++) {
        double p = atof(argv[ai]);
        kikan_id_t *ids = NULL, c = 0;
        if (kikan_perc_removal_order(&spec, 0, p, &ids, &c) != KIKAN_OK) {
            return 2;
        }
        memset(st[0], 0, (size_t)n);
        memset(st[1], 0, (size_t)n);
        for (kikan_id_t i = 0; i < c; i++) {
            st[0][ids[i]] = 1;
            st[1][newl[ids[i]]] = 1;
        }
        double best[4] = {1e9, 1e9, 1e9, 1e9};
        kikan_id_t giant[4] = {0};
        for (int rep = 0; rep < reps; rep++) {
            for (int k = 0; k < 4; k++) {
                memcpy(work, st[k % 2], (size_t)n);
                double s0 = cpu_seconds();
                giant[k] = k < 2 ? bfs_search(g[k % 2], work, order, cstart)
                                 : uf_search(g[k % 2], work, order, size);
                double dt = cpu_seconds() - s0;
                best[k] = dt < best[k] ? dt : best[k];
            }
        }
        printf("p = %.2f (%d live): bfs %.1f ms as generated, %.1f ms relabelled; "
               "union-find %.1f ms, %.1f ms; giant %d %d %d %d\n",
               p, n - c, 1e3 * best[0], 1e3 * best[1], 1e3 * best[2], 1e3 * best[3], giant[0],
               giant[1], giant[2], giant[3]);
        free(ids);
    }
    return 0;
}
