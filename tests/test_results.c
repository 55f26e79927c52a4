/* Ensemble statistics: mean, sd and quantiles on hand-computed data; the percentile-bootstrap
   95% interval of the mean (its constants, its range, its determinism and its coverage). */
#include <math.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

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
    CU_ASSERT(isnan(st.ci_lo) && isnan(st.ci_hi)); /* no interval without the bootstrap */
    /* the bootstrap interval: inside the data's range, around the mean, same bits each time */
    kikan_stat_t a, b;
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, 5, 2, 2385, &a), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, 5, 2, 2385, &b), KIKAN_OK);
    CU_ASSERT(memcmp(&a, &b, sizeof(a)) == 0);
    CU_ASSERT_DOUBLE_EQUAL(a.mean, 3 * c, 1e-12);
    CU_ASSERT(a.ci_lo >= 1 * c && a.ci_lo < a.mean && a.mean < a.ci_hi && a.ci_hi <= 5 * c);
    /* one value: no spread, the interval is the value */
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, 1, 2, 2385, &st), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(st.sd, 0, 0);
    CU_ASSERT_DOUBLE_EQUAL(st.ci_lo, 5 * c, 0);
    CU_ASSERT_DOUBLE_EQUAL(st.ci_hi, 5 * c, 0);
    /* none: NaN */
    CU_ASSERT_EQUAL(kikan_stat_compute(x, 0, 2, &st), KIKAN_OK);
    CU_ASSERT(isnan(st.mean));
}

/* The constants of the interval: changing any of them changes every printed interval. */
static void test_boot_constants(void)
{
    CU_ASSERT_EQUAL(KIKAN_BOOT_B, 2000);
    CU_ASSERT_DOUBLE_EQUAL(KIKAN_BOOT_LO, 0.025, 0);
    CU_ASSERT_DOUBLE_EQUAL(KIKAN_BOOT_HI, 0.975, 0);
}

/* A count that is mostly zero with two large values (an outage in 2 replicates of 100): the
   Student-t interval goes below zero, the bootstrap interval never does. */
static void test_boot_nonnegative(void)
{
    double x[100] = {0};
    x[17] = 2.385e7;
    x[71] = 1.5e7;
    kikan_stat_t st;
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, 100, 1, 7, &st), KIKAN_OK);
    const double half = gsl_cdf_tdist_Pinv(0.975, 99.0) * st.sd / 10.0;
    CU_ASSERT(st.mean - half < 0); /* what the t interval would have printed */
    CU_ASSERT(st.ci_lo >= 0.0);
    CU_ASSERT(st.ci_hi > st.mean);
    CU_ASSERT(st.ci_hi <= 2.385e7);
}

/* Coverage: for 400 draws of a normal sample the percentile interval is close to the textbook
   mean +- 1.96 sd / sqrt(n); bounds within 10% of that half-width (the bootstrap's own Monte
   Carlo error with 2000 resamples is about 3% of it). */
static void test_boot_normal(void)
{
    enum { N = 400 };
    double x[N];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 2385);
    for (int i = 0; i < N; i++) {
        x[i] = 10.0 + gsl_ran_gaussian(g, 2.5);
    }
    gsl_rng_free(g);
    kikan_stat_t st;
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, N, 1, 11, &st), KIKAN_OK);
    const double half = 1.959964 * st.sd / sqrt((double)N);
    CU_ASSERT(fabs((st.mean - st.ci_lo) - half) < 0.1 * half);
    CU_ASSERT(fabs((st.ci_hi - st.mean) - half) < 0.1 * half);
    kikan_stat_t other;
    CU_ASSERT_EQUAL(kikan_stat_compute_ci(x, N, 1, 12, &other), KIKAN_OK);
    CU_ASSERT(other.ci_lo != st.ci_lo); /* the seed matters (resamples of continuous data) */
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
    /* every interval of these non-negative measures stays at or above zero */
    for (int i = 0; i < 2 * 3; i++) {
        const kikan_stat_t *sts[] = {&r->st_customer_hours[i], &r->st_peak[i], &r->st_life[i],
                                     &r->st_person_hours[i], &r->st_peak_people[i]};
        for (int k = 0; k < 5; k++) {
            CU_ASSERT(sts[k]->ci_lo >= 0.0 && sts[k]->ci_lo <= sts[k]->mean &&
                      sts[k]->ci_hi >= sts[k]->mean);
        }
    }
    CU_ASSERT(r->st_customer_hours[1 * 3 + 2].ci_lo < 3.0 && r->st_customer_hours[5].ci_hi > 3.0);
    CU_ASSERT_DOUBLE_EQUAL(r->st_econ[1].ci_lo, 7.0, 0); /* no spread */
    CU_ASSERT_DOUBLE_EQUAL(r->st_records[0].mean, 0.0, 0);
    /* same arrays, same seed: the same bits */
    kikan_stat_t keep = r->st_customer_hours[5];
    CU_ASSERT_EQUAL(kikan_results_summarize(r), KIKAN_OK);
    CU_ASSERT(memcmp(&keep, &r->st_customer_hours[5], sizeof(keep)) == 0);
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
    CU_add_test(s, "bootstrap constants", test_boot_constants);
    CU_add_test(s, "bootstrap: never below zero for a count", test_boot_nonnegative);
    CU_add_test(s, "bootstrap: close to the normal interval", test_boot_normal);
    return kikan_test_main();
}
