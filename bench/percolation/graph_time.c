/*
 * What drawing and building the research graphs costs (issue 17, item 5,
 * "graph drawing"; see bench/README.md): the minimum wall time over REPEATS
 * of kikan_graph_er(N = 10^6, <k> = 4, seed 1, streams 0 and 1 alternately:
 * graphs A and B of `kikan percolate --er 1000000 --k 4 --seed 1`), and of
 * kikan_graph_from_edges on 2 * 10^6 random edges (repeats and self-loops
 * included) in both modes. Linking an older models/graph.c before the
 * library measures that one instead:
 *   gcc -O3 -std=c17 -fopenmp -Iinclude -I. -Ibuild/release/include -o /tmp/graph_time \
 *       bench/percolation/graph_time.c build/release/libkikan.a \
 *       -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
 *   git show 2ed1368:models/graph.c > /tmp/graph_old.c
 *   gcc -O3 -std=c17 -fopenmp -Iinclude -I. -Ibuild/release/include -o /tmp/graph_time_old \
 *       bench/percolation/graph_time.c /tmp/graph_old.c build/release/libkikan.a \
 *       -ligraph -lgsl -lgslcblas -lm -lyaml -lhdf5_serial -lhdf5_serial_hl
 *   /tmp/graph_time_old 7; /tmp/graph_time 7
 * (today's graph.c also includes private headers under core/, hence -I.)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kikan/graph.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 5;
    const kikan_id_t n = 1000000, m = 2000000;
    kikan_id_t *e = malloc(sizeof(kikan_id_t) * 2 * (size_t)m);
    if (e == NULL || reps < 1) {
        return 1;
    }
    uint64_t s = 1;
    for (kikan_id_t i = 0; i < 2 * m; i++) {
        s = s * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
        e[i] = (kikan_id_t)((s >> 33) % (uint64_t)n);
    }
    double best[3] = {1e9, 1e9, 1e9};
    for (int r = 0; r < reps; r++) {
        kikan_graph_t *g = NULL;
        double t0 = now();
        if (kikan_graph_er(NULL, n, 4.0, 1, (uint64_t)(r % 2), &g) != KIKAN_OK) {
            return 1;
        }
        double t = now() - t0;
        best[0] = t < best[0] ? t : best[0];
        kikan_graph_free(&g);
        for (int multi = 0; multi < 2; multi++) {
            t0 = now();
            if (kikan_graph_from_edges(NULL, n, m, e, multi, &g) != KIKAN_OK) {
                return 1;
            }
            t = now() - t0;
            best[1 + multi] = t < best[1 + multi] ? t : best[1 + multi];
            kikan_graph_free(&g);
        }
    }
    printf("kikan_graph_er N=1e6 k=4: %.1f ms\n", best[0] * 1e3);
    printf("kikan_graph_from_edges N=1e6 M=2e6: simple %.1f ms, multi %.1f ms\n", best[1] * 1e3,
           best[2] * 1e3);
    free(e);
    return 0;
}
