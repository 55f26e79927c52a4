/*
 * Pinned cascade results: mu (as the surviving count of A) and rounds for fixed
 * seeds, recorded from the kernel as it was before the union-find / reused-work
 * rewrite (commit 3afb06f, issue 17). Any change to the kernel must reproduce
 * them exactly: the rewrite is an optimisation, not a change of model. The
 * cases cover ER and scale-free pairs, full and partial coupling, points far
 * above, near and below the collapse (p_c = 2.4554/k for ER), and a sweep's
 * nested removal sets. Set KIKAN_PRINT_PINNED=1 to print the table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/percolation.h"
#include "testutil.h"

typedef struct {
    kikan_perc_kind_t kind;
    kikan_id_t n;
    double k, gamma;
    kikan_id_t kmin;
    double coupling;
    uint64_t seed;
} pin_case_t;

enum { NP = 9, REPS = 2 };
static const double ps[NP] = {1.0, 0.9, 0.75, 0.7, 0.66, 0.64, 0.62, 0.6, 0.4};

static const pin_case_t cases[] = {
    {KIKAN_PERC_ER, 40000, 4.0, 0, 0, 1.0, 1},  {KIKAN_PERC_ER, 40000, 4.0, 0, 0, 1.0, 2026},
    {KIKAN_PERC_ER, 30011, 3.3, 0, 0, 0.7, 5},  {KIKAN_PERC_SF, 30000, 0, 2.7, 2, 1.0, 11},
    {KIKAN_PERC_SF, 20000, 0, 2.3, 2, 0.5, 12},
};
enum { NCASES = sizeof(cases) / sizeof(cases[0]) };

/* surviving vertices of A and rounds, [case][rep][p] */
static const int pinned_giant[NCASES][REPS][NP] = {
#include "data/percolation_pinned_giant.inc"
};
static const int pinned_rounds[NCASES][REPS][NP] = {
#include "data/percolation_pinned_rounds.inc"
};

/*
 * With 1 thread a sweep runs as 4 chains of 2-3 points (each point's first
 * step repaired from the previous one), with 2 threads as 8 chains: both must
 * give the pinned cascades.
 */
static void run_pinned(int threads)
{
    const int print = getenv("KIKAN_PRINT_PINNED") != NULL && threads == 2;
    int giant[NCASES][REPS][NP], rounds[NCASES][REPS][NP];
    for (int c = 0; c < NCASES; c++) {
        kikan_perc_spec_t spec = {.kind = cases[c].kind,
                                  .n = cases[c].n,
                                  .k = cases[c].k,
                                  .gamma = cases[c].gamma,
                                  .kmin = cases[c].kmin,
                                  .p = ps,
                                  .np = NP,
                                  .coupling = cases[c].coupling,
                                  .reps = REPS,
                                  .seed = cases[c].seed};
        kikan_ctx_t *ctx = NULL;
        CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
        kikan_ctx_set_threads(ctx, threads);
        kikan_perc_summary_t *s = NULL;
        CU_ASSERT_EQUAL_FATAL(kikan_perc_run(ctx, &spec, &s), KIKAN_OK);
        for (int r = 0; r < REPS; r++) {
            for (int i = 0; i < NP; i++) {
                double mu = s->mu[r * NP + i];
                giant[c][r][i] = (int)(mu * (double)cases[c].n + 0.5);
                rounds[c][r][i] = (int)s->rounds[r * NP + i];
                /* mu is exactly giant / n */
                CU_ASSERT_EQUAL(mu, (double)giant[c][r][i] / (double)cases[c].n);
                if (!print) {
                    CU_ASSERT_EQUAL(giant[c][r][i], pinned_giant[c][r][i]);
                    CU_ASSERT_EQUAL(rounds[c][r][i], pinned_rounds[c][r][i]);
                    if (giant[c][r][i] != pinned_giant[c][r][i] ||
                        rounds[c][r][i] != pinned_rounds[c][r][i]) {
                        fprintf(stderr, "threads %d case %d rep %d p %g: %d/%d rounds %d/%d\n",
                                threads, c, r, ps[i], giant[c][r][i], pinned_giant[c][r][i],
                                rounds[c][r][i], pinned_rounds[c][r][i]);
                    }
                }
            }
        }
        kikan_perc_summary_free(&s);
        kikan_ctx_free(&ctx);
    }
    if (print) {
        for (int w = 0; w < 2; w++) {
            printf("/* %s */\n", w == 0 ? "giant" : "rounds");
            for (int c = 0; c < NCASES; c++) {
                printf("{");
                for (int r = 0; r < REPS; r++) {
                    printf("{");
                    for (int i = 0; i < NP; i++) {
                        printf("%d%s", w == 0 ? giant[c][r][i] : rounds[c][r][i],
                               i + 1 < NP ? ", " : "");
                    }
                    printf("}%s", r + 1 < REPS ? ", " : "");
                }
                printf("},\n");
            }
        }
    }
}

static void test_pinned(void)
{
    run_pinned(2);
    run_pinned(1);
}

/*
 * The full-coupling ER cases (replicate 0) cascade by cascade, with every step
 * repaired and with every repair given up (a full search): the choice between
 * repair and full search must never change the result.
 */
static void test_pinned_repair_modes(void)
{
    for (int c = 0; c < 2; c++) {
        kikan_perc_spec_t spec = {.kind = cases[c].kind,
                                  .n = cases[c].n,
                                  .k = cases[c].k,
                                  .p = ps,
                                  .np = NP,
                                  .coupling = 1.0,
                                  .reps = 1,
                                  .seed = cases[c].seed};
        kikan_graph_t *a = NULL, *b = NULL;
        kikan_perc_ws_t *ws = NULL;
        CU_ASSERT_FATAL(kikan_graph_er(NULL, spec.n, spec.k, spec.seed, 0, &a) == KIKAN_OK);
        CU_ASSERT_FATAL(kikan_graph_er(NULL, spec.n, spec.k, spec.seed, 1, &b) == KIKAN_OK);
        CU_ASSERT_FATAL(kikan_perc_ws_new(NULL, spec.n, &ws) == KIKAN_OK);
        for (int i = 0; i < NP; i++) {
            kikan_id_t *ids = NULL, count = 0;
            CU_ASSERT_FATAL(kikan_perc_removal_order(&spec, 0, ps[i], &ids, &count) == KIKAN_OK);
            for (int mode = KIKAN_PERC_REPAIR_AUTO; mode < KIKAN_PERC_REPAIR_MODES; mode++) {
                kikan_perc_result_t r;
                kikan_perc_ws_set_repair_mode(ws, (kikan_perc_repair_mode_t)mode);
                CU_ASSERT_EQUAL(kikan_perc_cascade(ws, a, b, NULL, ids, count, &r), KIKAN_OK);
                CU_ASSERT_EQUAL(r.giant_a, pinned_giant[c][0][i]);
                CU_ASSERT_EQUAL(r.rounds, pinned_rounds[c][0][i]);
            }
            free(ids);
        }
        kikan_perc_ws_free(&ws);
        kikan_graph_free(&a);
        kikan_graph_free(&b);
    }
}

/* The benchmark's reference case: N = 10^6, k = 4, p = 0.7, seed 1 (bench/README.md). */
static void test_pinned_million(void)
{
    const double p[] = {0.7};
    kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER,
                              .n = 1000000,
                              .k = 4.0,
                              .p = p,
                              .np = 1,
                              .coupling = 1.0,
                              .reps = 1,
                              .seed = 1};
    kikan_perc_summary_t *s = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_perc_run(NULL, &spec, &s), KIKAN_OK);
    CU_ASSERT_EQUAL(s->mu[0], 558768.0 / 1e6);
    CU_ASSERT_EQUAL(s->rounds[0], 6.0);
    kikan_perc_summary_free(&s);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("percolation pinned", NULL, NULL);
    CU_add_test(s, "mu and rounds pinned on fixed seeds", test_pinned);
    CU_add_test(s, "repair modes give the pinned cascades", test_pinned_repair_modes);
    CU_add_test(s, "N = 10^6 reference cascade", test_pinned_million);
    return kikan_test_main();
}
