/*
 * Results storage and ensemble statistics. See include/kikan/results.h.
 *
 * DESIGN: statistics are computed serially, in replicate order, from the
 * per-replicate arrays, so they are bit-identical whatever the thread or
 * process count that filled them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include "core/rng.h"
#include "models/results_impl.h"

static void *xcalloc(int64_t n, size_t elem)
{
    if (n < 0 || (uint64_t)n > SIZE_MAX / elem) {
        return NULL;
    }
    return calloc(n ? (size_t)n : 1, elem);
}

kikan_error_t kikan_results_new(int W, int S, int G, int64_t R, kikan_results_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *r = NULL;
    if (W < 1 || S < 1 || G < 1 || R < 1 || out == NULL) {
        return KIKAN_EINVAL;
    }
    /*
     * Keep every array's element count well inside int64 and addressable memory,
     * checked before any multiplication can overflow: W*S fits (both < 2^31), and
     * the bytes of the largest array, W*R*S*G doubles, must fit an int64.
     */
    const int64_t ws = (int64_t)W * S;
    if (ws > INT64_MAX / 8 / G) {
        return KIKAN_ELIMIT;
    }
    const int64_t per = ws * G;
    if (R > INT64_MAX / 8 / per) {
        return KIKAN_ELIMIT;
    }
    r = calloc(1, sizeof(*r));
    KIKAN_CHECK_ALLOC(r);
    r->n_whatifs = W;
    r->n_sectors = S;
    r->n_grid = G;
    r->n_replicates = R;
    const int64_t wrs = (int64_t)W * R * S;
    KIKAN_CHECK_ALLOC(r->whatif_names = xcalloc(W, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->sector_ids = xcalloc(S, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->sector_units = xcalloc(S, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->sector_people = xcalloc(S, sizeof(double)));
    for (int s = 0; s < S; s++) {
        r->sector_people[s] = 1.0;
    }
    KIKAN_CHECK_ALLOC(r->grid = xcalloc(G, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->customer_hours = xcalloc(wrs, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->peak_customers = xcalloc(wrs, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->life_weighted = xcalloc(wrs, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->person_hours = xcalloc(wrs, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->peak_people = xcalloc(wrs, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->records_exposed = xcalloc((int64_t)W * R, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->ops_affected = xcalloc(wrs * KIKAN_N_SIZE_CLASSES, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->econ_loss = xcalloc((int64_t)W * R, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->implants = xcalloc((int64_t)W * R, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->curves = xcalloc(wrs * G, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->through = xcalloc(wrs * S, sizeof(double)));
    for (int64_t i = 0; i < (int64_t)W * R; i++) {
        r->econ_loss[i] = NAN;
    }
    *out = r;
    r = NULL;
cleanup:
    kikan_results_free(&r);
    return err;
}

kikan_error_t kikan_results_attrib_new(kikan_results_t *r, int n_operators, int n_vendors)
{
    kikan_error_t err = KIKAN_OK;
    if (r == NULL || n_operators < 0 || n_vendors < 0 || r->op_chours_fx != NULL ||
        r->operator_ids != NULL || r->vendor_ids != NULL || r->vendor_names != NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t W = r->n_whatifs, O = n_operators, V1 = (int64_t)n_vendors + 1;
    r->n_operators = n_operators;
    r->n_vendors = n_vendors;
    KIKAN_CHECK_ALLOC(r->operator_ids = xcalloc(O, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->operator_names = xcalloc(O, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->operator_sectors = xcalloc(O, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->vendor_ids = xcalloc(n_vendors, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->vendor_names = xcalloc(n_vendors, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->op_chours_fx = xcalloc(W * O, sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(r->vendor_implants = xcalloc(W * V1, sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(r->vendor_chours_fx = xcalloc(W * V1, sizeof(int64_t)));
cleanup:
    return err; /* on failure the partial arrays are freed with the results */
}

kikan_error_t kikan_results_regions_new(kikan_results_t *r, int n_regions)
{
    kikan_error_t err = KIKAN_OK;
    if (r == NULL || n_regions < 1 || r->region_ids != NULL || r->region_person_hours != NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t wr = (int64_t)r->n_whatifs * r->n_replicates;
    if (wr > INT64_MAX / 8 / n_regions) {
        return KIKAN_ELIMIT;
    }
    r->n_regions = n_regions;
    KIKAN_CHECK_ALLOC(r->region_ids = xcalloc(n_regions, sizeof(char *)));
    KIKAN_CHECK_ALLOC(r->region_person_hours = xcalloc(wr * n_regions, sizeof(double)));
    KIKAN_CHECK_ALLOC(r->region_peak_people = xcalloc(wr * n_regions, sizeof(double)));
cleanup:
    return err; /* on failure the partial arrays are freed with the results */
}

kikan_error_t kikan_results_attrib_add(kikan_results_t *r, const int64_t *op_fx,
                                       const int64_t *vendor_implants, const int64_t *vendor_fx)
{
    if (r == NULL || r->op_chours_fx == NULL || op_fx == NULL || vendor_implants == NULL ||
        vendor_fx == NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t nop = (int64_t)r->n_whatifs * r->n_operators;
    const int64_t nv = (int64_t)r->n_whatifs * (r->n_vendors + 1);
    int over = 0;
    for (int64_t i = 0; i < nop; i++) {
        over |= __builtin_add_overflow(r->op_chours_fx[i], op_fx[i], &r->op_chours_fx[i]);
    }
    for (int64_t i = 0; i < nv; i++) {
        over |= __builtin_add_overflow(r->vendor_implants[i], vendor_implants[i],
                                       &r->vendor_implants[i]);
        over |=
            __builtin_add_overflow(r->vendor_chours_fx[i], vendor_fx[i], &r->vendor_chours_fx[i]);
    }
    return over ? KIKAN_ELIMIT : KIKAN_OK;
}

static void free_strs(char **s, int n)
{
    if (s == NULL) {
        return;
    }
    for (int i = 0; i < n; i++) {
        free(s[i]);
    }
    free(s);
}

void kikan_results_free(kikan_results_t **res)
{
    if (res == NULL || *res == NULL) {
        return;
    }
    kikan_results_t *r = *res;
    free(r->kikan_version);
    free(r->scenario_name);
    free(r->scenario_path);
    free(r->scenario_text);
    free(r->host);
    free(r->started);
    free(r->finished);
    free(r->tables_checksum);
    free_strs(r->whatif_names, r->n_whatifs);
    free_strs(r->sector_ids, r->n_sectors);
    free_strs(r->sector_units, r->n_sectors);
    free(r->sector_people);
    free(r->econ_note);
    free(r->person_hours);
    free(r->peak_people);
    free(r->records_exposed);
    free(r->st_person_hours);
    free(r->st_peak_people);
    free(r->st_records);
    free(r->grid);
    free(r->customer_hours);
    free(r->peak_customers);
    free(r->life_weighted);
    free(r->ops_affected);
    free(r->econ_loss);
    free(r->implants);
    free(r->curves);
    free(r->through);
    free_strs(r->operator_ids, r->n_operators);
    free_strs(r->operator_names, r->n_operators);
    free_strs(r->operator_sectors, r->n_operators);
    free_strs(r->vendor_ids, r->n_vendors);
    free_strs(r->vendor_names, r->n_vendors);
    free_strs(r->region_ids, r->n_regions);
    free(r->region_person_hours);
    free(r->region_peak_people);
    free(r->st_region_person_hours);
    free(r->st_region_peak_people);
    free(r->op_chours_fx);
    free(r->vendor_implants);
    free(r->vendor_chours_fx);
    free(r->st_customer_hours);
    free(r->st_peak);
    free(r->st_life);
    free(r->st_econ);
    free(r->curve_mean);
    free(r->curve_q05);
    free(r->curve_q50);
    free(r->curve_q95);
    free(r);
    *res = NULL;
}

kikan_error_t kikan_stat_compute(const double *x, int64_t n, int64_t stride, kikan_stat_t *st)
{
    *st = (kikan_stat_t){NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (n < 1) {
        return KIKAN_OK;
    }
    double *v = malloc((size_t)n * sizeof(double));
    if (v == NULL) {
        return KIKAN_ENOMEM;
    }
    for (int64_t i = 0; i < n; i++) {
        v[i] = x[i * stride];
    }
    st->mean = gsl_stats_mean(v, 1, (size_t)n);
    st->sd = n > 1 ? gsl_stats_sd_m(v, 1, (size_t)n, st->mean) : 0.0;
    gsl_sort(v, 1, (size_t)n);
    st->q05 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.05);
    st->q50 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.50);
    st->q95 = gsl_stats_quantile_from_sorted_data(v, 1, (size_t)n, 0.95);
    free(v);
    return KIKAN_OK;
}

kikan_error_t kikan_stat_compute_ci(const double *x, int64_t n, int64_t stride, uint64_t seed,
                                    kikan_stat_t *st)
{
    kikan_error_t err = KIKAN_OK;
    double *bm = NULL;
    gsl_rng *rng = NULL;
    KIKAN_CHECK(kikan_stat_compute(x, n, stride, st));
    if (n < 1 || isnan(st->mean)) {
        return KIKAN_OK;
    }
    if (st->sd == 0.0) {
        st->ci_lo = st->ci_hi = st->mean; /* every resample has this mean */
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(bm = malloc(KIKAN_BOOT_B * sizeof(double)));
    KIKAN_CHECK_ALLOC(rng = gsl_rng_alloc(gsl_rng_mt19937));
    const uint64_t h = kikan_splitmix64(seed);
    gsl_rng_set(rng, (unsigned long)((h ^ (h >> 32)) & 0xffffffffu));
    const int small = n <= 0xffffffffLL; /* gsl_rng_uniform_int draws below 2^32 */
    for (int b = 0; b < KIKAN_BOOT_B; b++) {
        double sum = 0.0;
        for (int64_t i = 0; i < n; i++) {
            const int64_t k = small ? (int64_t)gsl_rng_uniform_int(rng, (unsigned long)n)
                                    : (int64_t)(gsl_rng_uniform(rng) * (double)n);
            sum += x[k * stride];
        }
        bm[b] = sum / (double)n;
    }
    gsl_sort(bm, 1, KIKAN_BOOT_B);
    st->ci_lo = gsl_stats_quantile_from_sorted_data(bm, 1, KIKAN_BOOT_B, KIKAN_BOOT_LO);
    st->ci_hi = gsl_stats_quantile_from_sorted_data(bm, 1, KIKAN_BOOT_B, KIKAN_BOOT_HI);
cleanup:
    free(bm);
    gsl_rng_free(rng);
    return err;
}

/* The bootstrap seed of one statistic: the run's seed, the measure, the what-if and sector. */
static uint64_t stat_seed(uint64_t seed, int measure, int w, int s)
{
    return kikan_splitmix64(seed ^ kikan_splitmix64(((uint64_t)measure << 48) ^
                                                    ((uint64_t)w << 24) ^ (uint64_t)(uint32_t)s));
}

kikan_error_t kikan_results_summarize(kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const int W = r->n_whatifs, S = r->n_sectors, G = r->n_grid;
    const int64_t R = r->n_replicates;
    kikan_stat_t st;
    if (r->st_customer_hours == NULL) {
        KIKAN_CHECK_ALLOC(r->st_customer_hours = xcalloc((int64_t)W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_peak = xcalloc((int64_t)W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_life = xcalloc((int64_t)W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_econ = xcalloc(W, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_person_hours = xcalloc((int64_t)W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_peak_people = xcalloc((int64_t)W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_records = xcalloc(W, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->curve_mean = xcalloc((int64_t)W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q05 = xcalloc((int64_t)W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q50 = xcalloc((int64_t)W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q95 = xcalloc((int64_t)W * S * G, sizeof(double)));
    }
    for (int w = 0; w < W; w++) {
        for (int s = 0; s < S; s++) {
            const int64_t base = (int64_t)w * R * S + s;
            const uint64_t sd = r->seed;
            KIKAN_CHECK(kikan_stat_compute_ci(r->customer_hours + base, R, S,
                                              stat_seed(sd, 1, w, s),
                                              &r->st_customer_hours[w * S + s]));
            KIKAN_CHECK(kikan_stat_compute_ci(r->peak_customers + base, R, S,
                                              stat_seed(sd, 2, w, s), &r->st_peak[w * S + s]));
            KIKAN_CHECK(kikan_stat_compute_ci(r->life_weighted + base, R, S, stat_seed(sd, 3, w, s),
                                              &r->st_life[w * S + s]));
            KIKAN_CHECK(kikan_stat_compute_ci(r->person_hours + base, R, S, stat_seed(sd, 4, w, s),
                                              &r->st_person_hours[w * S + s]));
            KIKAN_CHECK(kikan_stat_compute_ci(r->peak_people + base, R, S, stat_seed(sd, 5, w, s),
                                              &r->st_peak_people[w * S + s]));
            for (int g = 0; g < G; g++) {
                KIKAN_CHECK(kikan_stat_compute(r->curves + base * G + g, R, (int64_t)S * G, &st));
                const int64_t o = ((int64_t)w * S + s) * G + g;
                r->curve_mean[o] = st.mean;
                r->curve_q05[o] = st.q05;
                r->curve_q50[o] = st.q50;
                r->curve_q95[o] = st.q95;
            }
        }
        KIKAN_CHECK(kikan_stat_compute_ci(r->econ_loss + (int64_t)w * R, R, 1,
                                          stat_seed(r->seed, 6, w, -1), &r->st_econ[w]));
        KIKAN_CHECK(kikan_stat_compute_ci(r->records_exposed + (int64_t)w * R, R, 1,
                                          stat_seed(r->seed, 7, w, -1), &r->st_records[w]));
    }
    if (r->region_person_hours != NULL && r->n_regions > 0) {
        const int Rg = r->n_regions;
        if (r->st_region_person_hours == NULL) {
            KIKAN_CHECK_ALLOC(r->st_region_person_hours =
                                  xcalloc((int64_t)W * Rg, sizeof(kikan_stat_t)));
            KIKAN_CHECK_ALLOC(r->st_region_peak_people =
                                  xcalloc((int64_t)W * Rg, sizeof(kikan_stat_t)));
        }
        for (int w = 0; w < W; w++) {
            for (int g = 0; g < Rg; g++) {
                const int64_t base = (int64_t)w * R * Rg + g;
                KIKAN_CHECK(kikan_stat_compute(r->region_person_hours + base, R, Rg,
                                               &r->st_region_person_hours[(int64_t)w * Rg + g]));
                KIKAN_CHECK(kikan_stat_compute(r->region_peak_people + base, R, Rg,
                                               &r->st_region_peak_people[(int64_t)w * Rg + g]));
            }
        }
    }
cleanup:
    return err;
}
