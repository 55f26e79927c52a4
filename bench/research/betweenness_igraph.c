/*
 * One betweenness computation on an edge list: kikan's Brandes on CSR
 * (kikan_load_betweenness) against igraph_betweenness, same graph, serial
 * (1 thread) and with T threads for kikan. Prints seconds (minimum of R runs)
 * and the largest relative difference between the two results.
 *
 * build: see bench/README-research.md
 * usage: betweenness_igraph EDGELIST N REPEATS THREADS
 */
#include <igraph/igraph.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kikan/research.h"
#include "kikan/graph_io.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: %s EDGELIST N REPEATS THREADS\n", argv[0]);
        return 2;
    }
    kikan_id_t n = (kikan_id_t)atoi(argv[2]);
    int reps = atoi(argv[3]), threads = atoi(argv[4]);
    kikan_ctx_t *ctx = NULL;
    kikan_graph_t *g = NULL;
    if (kikan_ctx_new(&ctx) != KIKAN_OK || kikan_graph_read(ctx, argv[1], n, 0, &g) != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
        return 1;
    }
    igraph_vector_int_t ev;
    igraph_vector_int_init(&ev, 2 * (igraph_integer_t)g->m);
    igraph_integer_t k = 0;
    for (kikan_id_t v = 0; v < n; v++) {
        for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
            if (g->adj[i] > v) {
                VECTOR(ev)[k++] = v;
                VECTOR(ev)[k++] = g->adj[i];
            }
        }
    }
    igraph_t ig;
    igraph_create(&ig, &ev, n, IGRAPH_UNDIRECTED);
    igraph_vector_t ib;
    igraph_vector_init(&ib, 0);
    double *load = malloc(sizeof(double) * (size_t)n);
    double t_ig = INFINITY, t_k1 = INFINITY, t_kt = INFINITY;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        igraph_betweenness(&ig, &ib, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL);
        double t1 = now();
        kikan_ctx_set_threads(ctx, 1);
        kikan_load_betweenness(ctx, g, NULL, load);
        double t2 = now();
        kikan_ctx_set_threads(ctx, threads);
        kikan_load_betweenness(ctx, g, NULL, load);
        double t3 = now();
        t_ig = fmin(t_ig, t1 - t0);
        t_k1 = fmin(t_k1, t2 - t1);
        t_kt = fmin(t_kt, t3 - t2);
    }
    double diff = 0.0;
    for (kikan_id_t v = 0; v < n; v++) {
        diff = fmax(diff, fabs(load[v] - VECTOR(ib)[v]) / fmax(1.0, VECTOR(ib)[v]));
    }
    printf("igraph_betweenness    %.4f s\nkikan 1 thread        %.4f s\nkikan %d threads       "
           "%.4f s\nmax relative diff     %.3g\n",
           t_ig, t_k1, threads, t_kt, diff);
    free(load);
    igraph_vector_destroy(&ib);
    igraph_destroy(&ig);
    igraph_vector_int_destroy(&ev);
    kikan_graph_free(&g);
    kikan_ctx_free(&ctx);
    return 0;
}
