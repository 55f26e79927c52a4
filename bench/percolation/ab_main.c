/*
 * A/B timing of two versions of the percolation kernel in one process
 * (see ab_kernels.sh): the same ER pair (N = 10^6, <k> = 4, seed 1) and
 * removal order, cascades of version A and B alternated, thread CPU time.
 * On a shared machine, alternating in one process keeps both versions under
 * the same load, which separate runs minutes apart do not.
 * Usage: ab_main REPEATS P [P ...]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kikan/percolation.h"

kikan_error_t A_kikan_perc_ws_new(kikan_ctx_t *, kikan_id_t, kikan_perc_ws_t **);
kikan_error_t B_kikan_perc_ws_new(kikan_ctx_t *, kikan_id_t, kikan_perc_ws_t **);
kikan_error_t A_kikan_perc_cascade(kikan_perc_ws_t *, const kikan_graph_t *, const kikan_graph_t *,
                                   const uint8_t *, const kikan_id_t *, kikan_id_t,
                                   kikan_perc_result_t *);
kikan_error_t B_kikan_perc_cascade(kikan_perc_ws_t *, const kikan_graph_t *, const kikan_graph_t *,
                                   const uint8_t *, const kikan_id_t *, kikan_id_t,
                                   kikan_perc_result_t *);

static double cpu_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
    int reps = argc > 1 ? atoi(argv[1]) : 9;
    kikan_id_t n = 1000000;
    kikan_graph_t *a = NULL, *b = NULL;
    kikan_perc_ws_t *wa = NULL, *wb = NULL;
    if (kikan_graph_er(NULL, n, 4.0, 1, 0, &a) != KIKAN_OK ||
        kikan_graph_er(NULL, n, 4.0, 1, 1, &b) != KIKAN_OK ||
        A_kikan_perc_ws_new(NULL, n, &wa) != KIKAN_OK ||
        B_kikan_perc_ws_new(NULL, n, &wb) != KIKAN_OK) {
        return 2;
    }
    kikan_perc_spec_t spec = {0};
    spec.n = n;
    spec.seed = 1;
    int differ = 0;
    for (int ai = 2; ai < argc; ai++) {
        double p = atof(argv[ai]);
        kikan_id_t *ids = NULL, c = 0;
        kikan_perc_removal_order(&spec, 0, p, &ids, &c);
        double ba = 1e9, bb = 1e9;
        kikan_perc_result_t ra = {0}, rb = {0};
        for (int i = 0; i < reps; i++) {
            double t0 = cpu_seconds();
            A_kikan_perc_cascade(wa, a, b, NULL, ids, c, &ra);
            double t1 = cpu_seconds();
            B_kikan_perc_cascade(wb, a, b, NULL, ids, c, &rb);
            double t2 = cpu_seconds();
            ba = t1 - t0 < ba ? t1 - t0 : ba;
            bb = t2 - t1 < bb ? t2 - t1 : bb;
        }
        int same = ra.giant_a == rb.giant_a && ra.giant_b == rb.giant_b && ra.rounds == rb.rounds;
        differ |= !same;
        printf("p = %.2f  A: giant %d, %d rounds, %.1f ms CPU  B: giant %d, %d rounds, %.1f ms CPU"
               "  B/A %.3f  %s\n",
               p, ra.giant_a, ra.rounds, 1e3 * ba, rb.giant_a, rb.rounds, 1e3 * bb, bb / ba,
               same ? "same result" : "RESULTS DIFFER");
        free(ids);
    }
    return differ;
}
