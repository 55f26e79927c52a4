/*
 * The read accessors of the opaque kikan_scope_result_t (include/kikan/scope.h):
 * each returns the field or element the result holds (a hand-filled result
 * with a distinct value per slot, so a wrong index reads a wrong value), and
 * refuses every index out of range, absent parts (no classes ranked, no worst
 * case) and NULL results.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tests/testutil.h"
#include "sim/scope_impl.h"

enum { NF = 4, NC = 2, NOPS = 5, NCLS = 3 };

static double *dbl(int n, double base)
{
    double *a = malloc((size_t)n * sizeof(double));
    for (int i = 0; a != NULL && i < n; i++) {
        a[i] = base + 0.125 * i;
    }
    return a;
}

static kikan_id_t *ids(int n, kikan_id_t base)
{
    kikan_id_t *a = malloc((size_t)n * sizeof(kikan_id_t));
    for (int i = 0; a != NULL && i < n; i++) {
        a[i] = base + (kikan_id_t)i;
    }
    return a;
}

static kikan_scope_result_t *filled(int with_classes, int with_worst)
{
    kikan_scope_result_t *r = calloc(1, sizeof(*r));
    if (r == NULL) {
        return NULL;
    }
    r->n_replicates = 40;
    r->n_whatifs = 3;
    r->n_operators = NOPS;
    r->n_sectors = 6;
    r->measure = KIKAN_SCOPE_PEOPLE;
    r->simulations = 2385;
    r->simulations_reused = 117;
    r->seed = 99;
    r->scenario = strdup("tiny");
    r->baseline_mean = 1234.5;
    r->baseline_ci = 12.5;
    r->compromise_mean = 987.25;
    r->compromise_ci = 9.75;
    r->n_criteria = NC;
    r->crit_sector = ids(NC, 3);
    r->crit_metric = ids(NC, 7);
    r->rec_thr = dbl(NC, 5e5);
    r->rec_thr[1] = INFINITY;
    r->n_frontier = NF;
    r->fr_ops = ids(NF, 10);
    r->fr_smes = ids(NF, 20);
    r->fr_cost = dbl(NF, 100);
    r->fr_removed = dbl(NF, 200);
    r->fr_ci = dbl(NF, 300);
    r->fr_share = dbl(NF, 0.5);
    r->fr_burden = dbl(NF, 400);
    r->fr_burden_sme = dbl(NF, 500);
    r->fr_step = dbl(NF, 600);
    r->fr_step_ci = dbl(NF, 700);
    r->fr_step_sig = calloc(NF, sizeof(int));
    r->fr_step_sig[2] = 1;
    r->recommended = 2;
    r->best = 3;
    r->recommended_minimax = 1;
    r->n_rec_ops = 3;
    r->rec_ops = ids(3, 1);
    r->op_point = calloc(NOPS, sizeof(int));
    for (int o = 0; o < NOPS; o++) {
        r->op_point[o] = o < 4 ? o : -1;
    }
    if (with_worst) {
        r->n_comp = 2;
        r->fr_worst = dbl(NF, 800);
        r->fr_worst_ci = dbl(NF, 900);
    }
    if (with_classes) {
        r->n_classes = NCLS;
        r->cls_rank = ids(NCLS, 0);
        r->cls_rank[0] = 2;
        r->cls_rank[2] = 0;
        r->cls_removed = dbl(NCLS, 50);
        r->cls_ci = dbl(NCLS, 60);
        r->cls_share = dbl(NCLS, 0.25);
        r->cls_cum_removed = dbl(NCLS, 70);
        r->cls_cum_ci = dbl(NCLS, 80);
    }
    return r;
}

static void test_sizes_and_recommendation(void)
{
    kikan_scope_result_t *r = filled(1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(kikan_scope_result_n_replicates(r), 40);
    CU_ASSERT_EQUAL(kikan_scope_result_n_whatifs(r), 3);
    CU_ASSERT_EQUAL(kikan_scope_result_n_operators(r), NOPS);
    CU_ASSERT_EQUAL(kikan_scope_result_n_classes(r), NCLS);
    CU_ASSERT_EQUAL(kikan_scope_result_n_criteria(r), NC);
    CU_ASSERT_EQUAL(kikan_scope_result_n_frontier(r), NF);
    CU_ASSERT_EQUAL(kikan_scope_result_measure(r), KIKAN_SCOPE_PEOPLE);
    CU_ASSERT_EQUAL(kikan_scope_result_simulations(r), 2385);
    CU_ASSERT_EQUAL(kikan_scope_result_simulations_reused(r), 117);
    CU_ASSERT_EQUAL(kikan_scope_result_seed(r), 99);
    CU_ASSERT_STRING_EQUAL(kikan_scope_result_scenario(r), "tiny");
    double m = -1, c = -1;
    CU_ASSERT_EQUAL(kikan_scope_result_baseline(r, &m, &c), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(m, 1234.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(c, 12.5, 0);
    CU_ASSERT_EQUAL(kikan_scope_result_compromise(r, &m, NULL), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(m, 987.25, 0);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended(r), 2);
    CU_ASSERT_EQUAL(kikan_scope_result_best(r), 3);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended_minimax(r), 1);
    /* criteria and thresholds */
    kikan_id_t sec = -5, met = -5;
    CU_ASSERT_EQUAL(kikan_scope_result_criterion(r, 1, &sec, &met), KIKAN_OK);
    CU_ASSERT_EQUAL(sec, 4);
    CU_ASSERT_EQUAL(met, 8);
    sec = met = -5;
    CU_ASSERT_EQUAL(kikan_scope_result_criterion(r, NC, &sec, &met), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_criterion(r, -1, &sec, &met), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(sec, -5);
    double thr = -1;
    CU_ASSERT_EQUAL(kikan_scope_result_threshold(r, 0, &thr), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(thr, 5e5, 0);
    CU_ASSERT_EQUAL(kikan_scope_result_threshold(r, 1, &thr), KIKAN_OK);
    CU_ASSERT(isinf(thr)); /* nobody of that sector */
    thr = -1;
    CU_ASSERT_EQUAL(kikan_scope_result_threshold(r, NC, &thr), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_threshold(r, 0, NULL), KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(thr, -1, 0);
    /* operators at the recommendation, and the point each joins */
    CU_ASSERT_EQUAL(kikan_scope_result_n_rec_ops(r), 3);
    CU_ASSERT_EQUAL(kikan_scope_result_rec_op(r, 0), 1);
    CU_ASSERT_EQUAL(kikan_scope_result_rec_op(r, 2), 3);
    CU_ASSERT_EQUAL(kikan_scope_result_rec_op(r, 3), KIKAN_NONE);
    CU_ASSERT_EQUAL(kikan_scope_result_rec_op(r, -1), KIKAN_NONE);
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(r, 3), 3);
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(r, 4), -1); /* regulated at no point */
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(r, NOPS), -1);
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(r, -1), -1);
    kikan_scope_result_free(&r);
}

static void test_points_and_classes(void)
{
    kikan_scope_result_t *r = filled(1, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    kikan_scope_point_t p;
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, 2, &p), KIKAN_OK);
    CU_ASSERT_EQUAL(p.n_ops, 12);
    CU_ASSERT_EQUAL(p.n_smes, 22);
    CU_ASSERT_DOUBLE_EQUAL(p.cost, 100.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.removed, 200.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.ci, 300.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.share, 0.75, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.burden, 400.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.burden_sme, 500.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.step, 600.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.step_ci, 700.25, 0);
    CU_ASSERT_EQUAL(p.step_sig, 1);
    CU_ASSERT_DOUBLE_EQUAL(p.worst, 800.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(p.worst_ci, 900.25, 0);
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, NF - 1, &p), KIKAN_OK);
    CU_ASSERT_EQUAL(p.n_ops, 13);
    CU_ASSERT_EQUAL(p.step_sig, 0);
    memset(&p, 0x5a, sizeof(p));
    const kikan_scope_point_t before = p;
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, NF, &p), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, -1, &p), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, 0, NULL), KIKAN_EINVAL);
    CU_ASSERT(memcmp(&p, &before, sizeof(p)) == 0); /* untouched */
    /* classes in rank order */
    kikan_scope_class_t k;
    CU_ASSERT_EQUAL(kikan_scope_result_class(r, 0, &k), KIKAN_OK);
    CU_ASSERT_EQUAL(k.cls, 2);
    CU_ASSERT_DOUBLE_EQUAL(k.removed, 50, 0);
    CU_ASSERT_EQUAL(kikan_scope_result_class(r, 2, &k), KIKAN_OK);
    CU_ASSERT_EQUAL(k.cls, 0);
    CU_ASSERT_DOUBLE_EQUAL(k.removed, 50.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(k.ci, 60.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(k.share, 0.5, 0);
    CU_ASSERT_DOUBLE_EQUAL(k.cum_removed, 70.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(k.cum_ci, 80.25, 0);
    k.cls = -9;
    CU_ASSERT_EQUAL(kikan_scope_result_class(r, NCLS, &k), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_class(r, -1, &k), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(k.cls, -9);
    kikan_scope_result_free(&r);
}

/* A result without ranked classes or a worst case (options.recommend_only). */
static void test_absent_parts(void)
{
    kikan_scope_result_t *r = filled(0, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    kikan_scope_class_t k = {.cls = -9};
    CU_ASSERT_EQUAL(kikan_scope_result_n_classes(r), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_class(r, 0, &k), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(k.cls, -9);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended_minimax(r), -1);
    kikan_scope_point_t p;
    CU_ASSERT_EQUAL(kikan_scope_result_point(r, 1, &p), KIKAN_OK);
    CU_ASSERT(isnan(p.worst) && isnan(p.worst_ci));
    CU_ASSERT_DOUBLE_EQUAL(p.removed, 200.125, 0);
    /* no named tables (recommend_only builds none): the names are absent, not garbage */
    const char *name = "untouched";
    double thr = -1;
    CU_ASSERT_EQUAL(kikan_scope_result_from_file(r), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_criterion_names(r, 0, &name, NULL), KIKAN_EINVAL);
    CU_ASSERT_STRING_EQUAL(name, "untouched");
    CU_ASSERT_EQUAL(kikan_scope_result_point_threshold(r, 0, 0, &thr, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(thr, -1);
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_id(r, 0));
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_name(r, 0));
    kikan_scope_result_free(&r);
}

static void test_null(void)
{
    double m = -1;
    kikan_scope_point_t p;
    kikan_scope_class_t k;
    CU_ASSERT_EQUAL(kikan_scope_result_n_replicates(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_n_frontier(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_n_criteria(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_n_rec_ops(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_simulations(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended(NULL), -1);
    CU_ASSERT_EQUAL(kikan_scope_result_best(NULL), -1);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended_minimax(NULL), -1);
    CU_ASSERT_PTR_NULL(kikan_scope_result_scenario(NULL));
    CU_ASSERT_EQUAL(kikan_scope_result_rec_op(NULL, 0), KIKAN_NONE);
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(NULL, 0), -1);
    CU_ASSERT_EQUAL(kikan_scope_result_baseline(NULL, &m, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_compromise(NULL, &m, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_threshold(NULL, 0, &m), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_point(NULL, 0, &p), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_class(NULL, 0, &k), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_criterion(NULL, 0, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_criterion_names(NULL, 0, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_result_point_threshold(NULL, 0, 0, &m, NULL), KIKAN_EINVAL);
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_id(NULL, 0));
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_name(NULL, 0));
    CU_ASSERT_EQUAL(kikan_scope_result_from_file(NULL), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_attach_sensitivity(NULL, NULL, NULL, NULL, 0, NULL),
                    KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(m, -1, 0);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("scope result accessors", NULL, NULL);
    CU_add_test(s, "sizes, recommendation, thresholds, operators", test_sizes_and_recommendation);
    CU_add_test(s, "frontier points and classes", test_points_and_classes);
    CU_add_test(s, "parts not computed", test_absent_parts);
    CU_add_test(s, "NULL results", test_null);
    return kikan_test_main();
}
