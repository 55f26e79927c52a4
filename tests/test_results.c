/* Ensemble statistics: mean, sd, quantiles and the Student-t 95% CI on hand-computed data. */
#include <math.h>
#include "tests/testutil.h"

static void test_stat_compute(void)
{
    /* 1..5 scaled by 2.385: mean 3*2.385, sd sqrt(2.5)*2.385, median 3*2.385,
     * q05 (GSL: (n-1)*0.05 = 0.2 -> 1 + 0.2) = 1.2*2.385; t(0.975, 4) = 2.776445105 */
    const double c = 2.385;
    double x[10];
    for (int i = 0; i < 5; i++) {
        x[2 * i] = (5 - i) * c; /* stride 2, unsorted */
        x[2 * i + 1] = NAN;
    }
    kikan_stat_t st;
    CU_ASSERT_EQUAL(kikan_stat_compute(x, 5, 2, &st), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(st.mean, 3 * c, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st.sd, sqrt(2.5) * c, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st.q50, 3 * c, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st.q05, 1.2 * c, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(st.q95, 4.8 * c, 1e-12);
    double half = 2.776445105 * sqrt(2.5) * c / sqrt(5.0);
    CU_ASSERT_DOUBLE_EQUAL(st.ci_hi, 3 * c + half, 1e-8);
    CU_ASSERT_DOUBLE_EQUAL(st.ci_lo, 3 * c - half, 1e-8);
    /* one value: no spread */
    CU_ASSERT_EQUAL(kikan_stat_compute(x, 1, 2, &st), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(st.sd, 0, 0);
    CU_ASSERT_DOUBLE_EQUAL(st.ci_lo, 5 * c, 0);
    /* none: NaN */
    CU_ASSERT_EQUAL(kikan_stat_compute(x, 0, 2, &st), KIKAN_OK);
    CU_ASSERT(isnan(st.mean));
}

static void test_results_summarize(void)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_EQUAL(kikan_results_new(0, 1, 1, 1, &r), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_new(2, 3, 4, INT64_MAX / 2, &r), KIKAN_ELIMIT);
    CU_ASSERT_FATAL(kikan_results_new(2, 3, 4, 5, &r) == KIKAN_OK);
    CU_ASSERT(isnan(r->econ_loss[9]));
    /* what-if 1, sector 2: customer-hours r*1.5 for r = 0..4; curve at g=3: 10*r */
    for (int rep = 0; rep < 5; rep++) {
        r->customer_hours[(1 * 5 + rep) * 3 + 2] = 1.5 * rep;
        r->curves[((1 * 5 + rep) * 3 + 2) * 4 + 3] = 10.0 * rep;
        r->econ_loss[1 * 5 + rep] = 7.0;
    }
    CU_ASSERT_EQUAL(kikan_results_summarize(r), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(r->st_customer_hours[1 * 3 + 2].mean, 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->st_customer_hours[0].mean, 0.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(r->curve_mean[(1 * 3 + 2) * 4 + 3], 20.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->curve_q50[(1 * 3 + 2) * 4 + 3], 20.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->st_econ[1].mean, 7.0, 0);
    CU_ASSERT(isnan(r->st_econ[0].mean));
    kikan_results_free(&r);
    CU_ASSERT_PTR_NULL(r);
    kikan_results_free(&r);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("results", NULL, NULL);
    CU_add_test(s, "statistics of a sample", test_stat_compute);
    CU_add_test(s, "results arrays and summary", test_results_summarize);
    return kikan_test_main();
}
