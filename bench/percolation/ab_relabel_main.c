/*
 * Whole cascades, plain kernel (A) against a prototype of it (B) that runs
 * on the two graphs each relabelled in its own BFS order (relabel.h), the
 * coupling carried as two permutations (A label -> B label and back) that
 * propagate() goes through; built by ab_relabel.sh. Same ER pair and
 * removal order as ab_main.c, cascades alternated, minimum thread CPU time;
 * the relabelling is timed apart. Full coupling only; ties for the largest
 * piece are not handled (none occur here: the giants are printed and compared).
 * Usage: ab_relabel REPEATS P [P ...]
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "kikan/percolation.h"
#include "relabel.h"

extern const kikan_id_t *proto_a2b, *proto_b2a;
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
    size_t ids = (size_t)n * sizeof(kikan_id_t);
    kikan_id_t *an = malloc(ids), *ao = malloc(ids), *bn = malloc(ids), *bo = malloc(ids);
    kikan_id_t *a2b = malloc(ids), *b2a = malloc(ids);
    if (kikan_graph_er(NULL, n, 4.0, 1, 0, &a) != KIKAN_OK ||
        kikan_graph_er(NULL, n, 4.0, 1, 1, &b) != KIKAN_OK ||
        A_kikan_perc_ws_new(NULL, n, &wa) != KIKAN_OK ||
        B_kikan_perc_ws_new(NULL, n, &wb) != KIKAN_OK || !an || !ao || !bn || !bo || !a2b || !b2a) {
        return 2;
    }
    double t0 = cpu_seconds();
    bfs_order(a, an, ao);
    bfs_order(b, bn, bo);
    double t1 = cpu_seconds();
    kikan_graph_t ra = relabel(a, an, ao), rb = relabel(b, bn, bo);
    for (kikan_id_t v = 0; v < n; v++) {
        a2b[v] = bn[ao[v]];
        b2a[v] = an[bo[v]];
    }
    double t2 = cpu_seconds();
    printf("relabelling both graphs: BFS orders %.1f ms, CSR copies and maps %.1f ms\n",
           1e3 * (t1 - t0), 1e3 * (t2 - t1));
    proto_a2b = a2b;
    proto_b2a = b2a;
    kikan_perc_spec_t spec = {0};
    spec.n = n;
    spec.seed = 1;
    int differ = 0;
    for (int ai = 2; ai < argc; ai++) {
        double p = atof(argv[ai]);
        kikan_id_t *rm = NULL, c = 0;
        kikan_perc_removal_order(&spec, 0, p, &rm, &c);
        kikan_id_t *rrm = malloc(((size_t)c + 1) * sizeof(kikan_id_t));
        if (rrm == NULL) {
            return 2;
        }
        for (kikan_id_t i = 0; i < c; i++) {
            rrm[i] = an[rm[i]];
        }
        double ba = 1e9, bb = 1e9;
        kikan_perc_result_t ra_ = {0}, rb_ = {0};
        for (int i = 0; i < reps; i++) {
            double s0 = cpu_seconds();
            A_kikan_perc_cascade(wa, a, b, NULL, rm, c, &ra_);
            double s1 = cpu_seconds();
            B_kikan_perc_cascade(wb, &ra, &rb, NULL, rrm, c, &rb_);
            double s2 = cpu_seconds();
            ba = s1 - s0 < ba ? s1 - s0 : ba;
            bb = s2 - s1 < bb ? s2 - s1 : bb;
        }
        int same =
            ra_.giant_a == rb_.giant_a && ra_.giant_b == rb_.giant_b && ra_.rounds == rb_.rounds;
        differ |= !same;
        printf("p = %.2f  plain: giant %d, %d rounds, %.1f ms  relabelled: giant %d, %d rounds, "
               "%.1f ms  relabelled/plain %.3f  %s\n",
               p, ra_.giant_a, ra_.rounds, 1e3 * ba, rb_.giant_a, rb_.rounds, 1e3 * bb, bb / ba,
               same ? "same result" : "RESULTS DIFFER");
        free(rm);
        free(rrm);
    }
    return differ;
}
