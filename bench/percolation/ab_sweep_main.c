/*
 * A/B timing of two versions of the percolation kernel on a whole sweep, in
 * one process (see ab_sweep.sh): the 101-point ER sweep at N = 10^6,
 * <k> = 4, seed 1 (p = 0, 0.01, ..., 1; coupling from the command line,
 * default 1), one thread, versions A and B alternated; prints each pair's
 * cascade CPU (kikan_perc_summary_t.cascade_cpu_seconds) and checks that
 * every cell's mu and rounds agree.
 * Usage: ab_sweep_main REPEATS [COUPLING]
 */
#include <stdio.h>
#include <stdlib.h>
#include "kikan/percolation.h"

kikan_error_t A_kikan_perc_run(kikan_ctx_t *, const kikan_perc_spec_t *, kikan_perc_summary_t **);
kikan_error_t B_kikan_perc_run(kikan_ctx_t *, const kikan_perc_spec_t *, kikan_perc_summary_t **);
void A_kikan_perc_summary_free(kikan_perc_summary_t **);
void B_kikan_perc_summary_free(kikan_perc_summary_t **);

int main(int argc, char **argv)
{
    enum { NP = 101 };
    int reps = argc > 1 ? atoi(argv[1]) : 3;
    double p[NP];
    for (int i = 0; i < NP; i++) {
        p[i] = 0.01 * i;
    }
    kikan_perc_spec_t s = {.kind = KIKAN_PERC_ER,
                           .n = 1000000,
                           .k = 4.0,
                           .p = p,
                           .np = NP,
                           .coupling = argc > 2 ? atof(argv[2]) : 1.0,
                           .reps = 1,
                           .seed = 1};
    double ma = 1e9, mb = 1e9, sa = 0.0, sb = 0.0;
    int same = 1;
    for (int r = 0; r < reps; r++) {
        kikan_perc_summary_t *a = NULL, *b = NULL;
        if (A_kikan_perc_run(NULL, &s, &a) != KIKAN_OK ||
            B_kikan_perc_run(NULL, &s, &b) != KIKAN_OK) {
            return 2;
        }
        for (int i = 0; i < NP; i++) {
            same &= a->mu[i] == b->mu[i] && a->rounds[i] == b->rounds[i];
        }
        double ca = a->cascade_cpu_seconds, cb = b->cascade_cpu_seconds;
        printf("A %.3f s  B %.3f s  B/A %.3f (cascade CPU)\n", ca, cb, cb / ca);
        fflush(stdout);
        ma = ca < ma ? ca : ma;
        mb = cb < mb ? cb : mb;
        sa += ca;
        sb += cb;
        A_kikan_perc_summary_free(&a);
        B_kikan_perc_summary_free(&b);
    }
    printf("minimum A %.3f s  B %.3f s  B/A %.3f; sums B/A %.3f; %s\n", ma, mb, mb / ma, sb / sa,
           same ? "same results" : "RESULTS DIFFER");
    return !same;
}
