/*
 * The read accessors of the opaque kikan_results_t (include/kikan/results.h):
 * every accessor returns the element at the index order documented in
 * models/results_impl.h, and refuses every index out of range (NULL, or
 * KIKAN_EINVAL with the output untouched), absent arrays and NULL results.
 * The results are filled directly (this test may see the struct) with a
 * distinct value per slot, so a wrong offset reads a wrong value.
 */
#include <math.h>
#include <string.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

enum { W = 2, S = 3, G = 4, R = 5, O = 3, V = 2, RG = 2 };

/* A distinct, non-round value for each slot of an array (tag tells the arrays apart). */
static double val(int tag, int64_t i)
{
    return 2.385 * (double)tag + 0.001 * (double)i;
}

static kikan_results_t *filled(void)
{
    kikan_results_t *r = NULL;
    if (kikan_results_new(W, S, G, R, &r) != KIKAN_OK ||
        kikan_results_attrib_new(r, O, V) != KIKAN_OK ||
        kikan_results_regions_new(r, RG) != KIKAN_OK) {
        kikan_results_free(&r);
        return NULL;
    }
    char buf[32];
    for (int w = 0; w < W; w++) {
        snprintf(buf, sizeof(buf), "wi%d", w);
        r->whatif_names[w] = strdup(buf);
    }
    for (int s = 0; s < S; s++) {
        snprintf(buf, sizeof(buf), "sec%d", s);
        r->sector_ids[s] = strdup(buf);
        snprintf(buf, sizeof(buf), "unit%d", s);
        r->sector_units[s] = strdup(buf);
        r->sector_people[s] = 1.5 + s;
    }
    for (int o = 0; o < O; o++) {
        snprintf(buf, sizeof(buf), "op%d", o);
        r->operator_ids[o] = strdup(buf);
        snprintf(buf, sizeof(buf), "Operator %d", o);
        r->operator_names[o] = strdup(buf);
        r->operator_sectors[o] = strdup(o == 1 ? "sec0+sec2" : "sec1");
    }
    for (int v = 0; v < V; v++) {
        snprintf(buf, sizeof(buf), "v%d", v);
        r->vendor_ids[v] = strdup(buf);
        snprintf(buf, sizeof(buf), "Vendor %d", v);
        r->vendor_names[v] = strdup(buf);
    }
    r->region_ids[0] = strdup("Hokkaido");
    r->region_ids[1] = strdup("Aomori");
    for (int g = 0; g < G; g++) {
        r->grid[g] = 6.0 * g;
    }
    const int64_t wrs = (int64_t)W * R * S, wr = (int64_t)W * R;
    for (int64_t i = 0; i < wrs; i++) {
        r->customer_hours[i] = val(1, i);
        r->peak_customers[i] = val(2, i);
        r->life_weighted[i] = val(3, i);
        r->person_hours[i] = val(4, i);
        r->peak_people[i] = val(5, i);
    }
    for (int64_t i = 0; i < wr; i++) {
        r->econ_loss[i] = val(6, i);
        r->records_exposed[i] = val(7, i);
        r->implants[i] = val(8, i);
    }
    for (int64_t i = 0; i < wrs * KIKAN_N_SIZE_CLASSES; i++) {
        r->ops_affected[i] = val(9, i);
    }
    for (int64_t i = 0; i < wrs * G; i++) {
        r->curves[i] = val(10, i);
    }
    for (int64_t i = 0; i < wrs * S; i++) {
        r->through[i] = val(11, i);
    }
    for (int64_t i = 0; i < (int64_t)W * O; i++) {
        r->op_chours_fx[i] = 1000 + 7 * i;
    }
    for (int64_t i = 0; i < (int64_t)W * (V + 1); i++) {
        r->vendor_implants[i] = 20 + i;
        r->vendor_chours_fx[i] = 3000 + 11 * i;
    }
    for (int64_t i = 0; i < wr * RG; i++) {
        r->region_person_hours[i] = val(12, i);
        r->region_peak_people[i] = val(13, i);
    }
    r->seed = 2385;
    r->threads = 3;
    r->processes = 2;
    r->synthetic = 1;
    return r;
}

static void test_provenance_and_names(void)
{
    kikan_results_t *r = filled();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(kikan_results_seed(r), 2385);
    CU_ASSERT_EQUAL(kikan_results_threads(r), 3);
    CU_ASSERT_EQUAL(kikan_results_processes(r), 2);
    CU_ASSERT_EQUAL(kikan_results_synthetic(r), 1);
    CU_ASSERT_EQUAL(kikan_results_n_whatifs(r), W);
    CU_ASSERT_EQUAL(kikan_results_n_sectors(r), S);
    CU_ASSERT_EQUAL(kikan_results_n_grid(r), G);
    CU_ASSERT_EQUAL(kikan_results_n_replicates(r), R);
    CU_ASSERT_EQUAL(kikan_results_n_operators(r), O);
    CU_ASSERT_EQUAL(kikan_results_n_vendors(r), V);
    CU_ASSERT_EQUAL(kikan_results_n_regions(r), RG);
    /* texts: unset is NULL; set copies; NULL clears; an unknown key is refused */
    CU_ASSERT_PTR_NULL(kikan_results_text(r, KIKAN_RESULTS_HOST));
    CU_ASSERT_EQUAL(kikan_results_set_text(r, KIKAN_RESULTS_HOST, "node-7"), KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(r->host, "node-7");
    CU_ASSERT_STRING_EQUAL(kikan_results_text(r, KIKAN_RESULTS_HOST), "node-7");
    CU_ASSERT_EQUAL(kikan_results_set_text(r, KIKAN_RESULTS_STARTED, "2026-12-03T12:00:00Z"),
                    KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(r->started, "2026-12-03T12:00:00Z");
    for (int k = 0; k < KIKAN_RESULTS_N_TEXTS; k++) {
        char v[16];
        snprintf(v, sizeof(v), "text%d", k);
        CU_ASSERT_EQUAL(kikan_results_set_text(r, (kikan_results_text_t)k, v), KIKAN_OK);
        CU_ASSERT_STRING_EQUAL(kikan_results_text(r, (kikan_results_text_t)k), v);
    }
    /* each key its own field */
    CU_ASSERT_STRING_EQUAL(r->kikan_version, "text0");
    CU_ASSERT_STRING_EQUAL(r->scenario_name, "text1");
    CU_ASSERT_STRING_EQUAL(r->scenario_path, "text2");
    CU_ASSERT_STRING_EQUAL(r->scenario_text, "text3");
    CU_ASSERT_STRING_EQUAL(r->host, "text4");
    CU_ASSERT_STRING_EQUAL(r->started, "text5");
    CU_ASSERT_STRING_EQUAL(r->finished, "text6");
    CU_ASSERT_STRING_EQUAL(r->tables_checksum, "text7");
    CU_ASSERT_STRING_EQUAL(r->econ_note, "text8");
    CU_ASSERT_EQUAL(kikan_results_set_text(r, KIKAN_RESULTS_ECON_NOTE, NULL), KIKAN_OK);
    CU_ASSERT_PTR_NULL(kikan_results_text(r, KIKAN_RESULTS_ECON_NOTE));
    CU_ASSERT_PTR_NULL(kikan_results_text(r, KIKAN_RESULTS_N_TEXTS));
    CU_ASSERT_PTR_NULL(kikan_results_text(r, (kikan_results_text_t)-1));
    CU_ASSERT_EQUAL(kikan_results_set_text(r, KIKAN_RESULTS_N_TEXTS, "x"), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_set_text(NULL, KIKAN_RESULTS_HOST, "x"), KIKAN_EINVAL);
    /* names in range, NULL out of range on both sides */
    CU_ASSERT_STRING_EQUAL(kikan_results_whatif_name(r, 1), "wi1");
    CU_ASSERT_STRING_EQUAL(kikan_results_sector_id(r, 2), "sec2");
    CU_ASSERT_STRING_EQUAL(kikan_results_sector_unit(r, 0), "unit0");
    CU_ASSERT_STRING_EQUAL(kikan_results_operator_id(r, 2), "op2");
    CU_ASSERT_STRING_EQUAL(kikan_results_operator_name(r, 0), "Operator 0");
    CU_ASSERT_STRING_EQUAL(kikan_results_operator_sectors(r, 1), "sec0+sec2");
    CU_ASSERT_STRING_EQUAL(kikan_results_vendor_id(r, 1), "v1");
    CU_ASSERT_STRING_EQUAL(kikan_results_vendor_name(r, 0), "Vendor 0");
    CU_ASSERT_STRING_EQUAL(kikan_results_region_id(r, 1), "Aomori");
    CU_ASSERT_PTR_NULL(kikan_results_whatif_name(r, W));
    CU_ASSERT_PTR_NULL(kikan_results_whatif_name(r, -1));
    CU_ASSERT_PTR_NULL(kikan_results_sector_id(r, S));
    CU_ASSERT_PTR_NULL(kikan_results_sector_unit(r, -1));
    CU_ASSERT_PTR_NULL(kikan_results_operator_id(r, O));
    CU_ASSERT_PTR_NULL(kikan_results_operator_name(r, -1));
    CU_ASSERT_PTR_NULL(kikan_results_operator_sectors(r, O));
    CU_ASSERT_PTR_NULL(kikan_results_vendor_id(r, V)); /* V is "no vendor": it has no name */
    CU_ASSERT_PTR_NULL(kikan_results_vendor_name(r, -1));
    CU_ASSERT_PTR_NULL(kikan_results_region_id(r, RG));
    double people = -1.0;
    CU_ASSERT_EQUAL(kikan_results_sector_people(r, 2, &people), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(people, 3.5, 0);
    people = -1.0;
    CU_ASSERT_EQUAL(kikan_results_sector_people(r, S, &people), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_sector_people(r, -1, &people), KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(people, -1.0, 0); /* untouched */
    CU_ASSERT_PTR_EQUAL(kikan_results_grid(r), r->grid);
    CU_ASSERT_DOUBLE_EQUAL(kikan_results_grid(r)[G - 1], 18.0, 0);
    kikan_results_free(&r);
}

/* The place (w, s) of each measure, and the array slot it reads. */
static void test_values(void)
{
    kikan_results_t *r = filled();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    const int tag[KIKAN_MEASURE_COUNT] = {1, 2, 3, 4, 5, 6, 7, 8};
    for (int m = 0; m < KIKAN_MEASURE_COUNT; m++) {
        const int per = kikan_measure_per_sector((kikan_measure_t)m);
        CU_ASSERT_EQUAL(per, m <= KIKAN_MEASURE_PEAK_PEOPLE);
        for (int w = 0; w < W; w++) {
            for (int64_t rep = 0; rep < R; rep++) {
                double x = NAN;
                if (per) {
                    const int s = 2;
                    CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, w, rep, s, &x),
                                    KIKAN_OK);
                    CU_ASSERT_DOUBLE_EQUAL(x, val(tag[m], ((int64_t)w * R + rep) * S + s), 0);
                    x = -7.0;
                    CU_ASSERT_EQUAL(
                        kikan_results_value(r, (kikan_measure_t)m, w, rep, KIKAN_ALL_SECTORS, &x),
                        KIKAN_EINVAL);
                    CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, w, rep, S, &x),
                                    KIKAN_EINVAL);
                } else {
                    CU_ASSERT_EQUAL(
                        kikan_results_value(r, (kikan_measure_t)m, w, rep, KIKAN_ALL_SECTORS, &x),
                        KIKAN_OK);
                    CU_ASSERT_DOUBLE_EQUAL(x, val(tag[m], (int64_t)w * R + rep), 0);
                    x = -7.0;
                    CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, w, rep, 0, &x),
                                    KIKAN_EINVAL);
                }
                CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0); /* refused: untouched */
            }
        }
        double x = -7.0;
        const int s = per ? 0 : KIKAN_ALL_SECTORS;
        CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, W, 0, s, &x), KIKAN_EINVAL);
        CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, -1, 0, s, &x), KIKAN_EINVAL);
        CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, 0, R, s, &x), KIKAN_EINVAL);
        CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, 0, -1, s, &x), KIKAN_EINVAL);
        CU_ASSERT_EQUAL(kikan_results_value(r, (kikan_measure_t)m, 0, 0, s, NULL), KIKAN_EINVAL);
        CU_ASSERT_EQUAL(kikan_results_value(NULL, (kikan_measure_t)m, 0, 0, s, &x), KIKAN_EINVAL);
        CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0);
    }
    double x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_value(r, KIKAN_MEASURE_COUNT, 0, 0, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_measure_per_sector(KIKAN_MEASURE_COUNT), -1);
    CU_ASSERT_EQUAL(kikan_measure_per_sector((kikan_measure_t)-1), -1);
    /* operators affected, through */
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, 1, 3, 2, 3, &x), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(x, val(9, (((int64_t)1 * R + 3) * S + 2) * KIKAN_N_SIZE_CLASSES + 3), 0);
    x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, 1, 3, 2, KIKAN_N_SIZE_CLASSES, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, 1, 3, 2, -1, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, 1, 3, S, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, 1, R, 0, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_ops_affected(r, W, 0, 0, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0);
    CU_ASSERT_EQUAL(kikan_results_through(r, 1, 4, 2, 1, &x), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(x, val(11, (((int64_t)1 * R + 4) * S + 2) * S + 1), 0);
    x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_through(r, 1, 4, 2, S, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_through(r, 1, 4, -1, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0);
    /* replicate curves: G values from the documented row */
    const double *c = kikan_results_replicate_curve(r, 1, 2, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    for (int g = 0; g < G; g++) {
        CU_ASSERT_DOUBLE_EQUAL(c[g], val(10, (((int64_t)1 * R + 2) * S + 1) * G + g), 0);
    }
    CU_ASSERT_PTR_NULL(kikan_results_replicate_curve(r, 1, R, 1));
    CU_ASSERT_PTR_NULL(kikan_results_replicate_curve(r, 1, 2, S));
    CU_ASSERT_PTR_NULL(kikan_results_replicate_curve(r, -1, 2, 0));
    kikan_results_free(&r);
}

static void test_statistics(void)
{
    kikan_results_t *r = filled();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    /* before the summary: no statistics, no mean curves */
    CU_ASSERT_EQUAL(kikan_results_has_stats(r), 0);
    CU_ASSERT_PTR_NULL(kikan_results_stat(r, KIKAN_MEASURE_CUSTOMER_HOURS, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_curve(r, KIKAN_CURVE_MEAN, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_region_stat(r, KIKAN_MEASURE_PERSON_HOURS, 0, 0));
    CU_ASSERT_EQUAL_FATAL(kikan_results_summarize(r), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_has_stats(r), 1);
    /* each per-sector measure's statistics are its own array's, at w*S + s */
    const kikan_stat_t *want[5] = {r->st_customer_hours, r->st_peak, r->st_life, r->st_person_hours,
                                   r->st_peak_people};
    for (int m = 0; m <= KIKAN_MEASURE_PEAK_PEOPLE; m++) {
        CU_ASSERT_PTR_EQUAL(kikan_results_stat(r, (kikan_measure_t)m, 1, 2), want[m] + 1 * S + 2);
        CU_ASSERT_PTR_NULL(kikan_results_stat(r, (kikan_measure_t)m, 1, S));
        CU_ASSERT_PTR_NULL(kikan_results_stat(r, (kikan_measure_t)m, 1, KIKAN_ALL_SECTORS));
        CU_ASSERT_PTR_NULL(kikan_results_stat(r, (kikan_measure_t)m, W, 0));
    }
    /* the mean is that of the replicates' values (stride S over r) */
    const kikan_stat_t *st = kikan_results_stat(r, KIKAN_MEASURE_PERSON_HOURS, 1, 2);
    double sum = 0;
    for (int64_t rep = 0; rep < R; rep++) {
        sum += val(4, ((int64_t)1 * R + rep) * S + 2);
    }
    CU_ASSERT_DOUBLE_EQUAL(st->mean, sum / R, 1e-12);
    CU_ASSERT_PTR_EQUAL(kikan_results_stat(r, KIKAN_MEASURE_ECON_LOSS, 1, KIKAN_ALL_SECTORS),
                        r->st_econ + 1);
    CU_ASSERT_PTR_EQUAL(kikan_results_stat(r, KIKAN_MEASURE_RECORDS_EXPOSED, 0, KIKAN_ALL_SECTORS),
                        r->st_records);
    CU_ASSERT_PTR_NULL(kikan_results_stat(r, KIKAN_MEASURE_ECON_LOSS, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_stat(r, KIKAN_MEASURE_ECON_LOSS, W, KIKAN_ALL_SECTORS));
    CU_ASSERT_PTR_NULL(kikan_results_stat(r, KIKAN_MEASURE_IMPLANTS, 0, KIKAN_ALL_SECTORS));
    CU_ASSERT_PTR_NULL(kikan_results_stat(r, KIKAN_MEASURE_COUNT, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_stat(NULL, KIKAN_MEASURE_CUSTOMER_HOURS, 0, 0));
    /* curves: the four statistics, G values from (w*S + s)*G */
    const double *arr[4] = {r->curve_mean, r->curve_q05, r->curve_q50, r->curve_q95};
    for (int k = 0; k < 4; k++) {
        CU_ASSERT_PTR_EQUAL(kikan_results_curve(r, (kikan_curve_stat_t)k, 1, 2),
                            arr[k] + (1 * S + 2) * G);
        CU_ASSERT_PTR_NULL(kikan_results_curve(r, (kikan_curve_stat_t)k, 1, S));
        CU_ASSERT_PTR_NULL(kikan_results_curve(r, (kikan_curve_stat_t)k, W, 0));
    }
    CU_ASSERT_PTR_NULL(kikan_results_curve(r, (kikan_curve_stat_t)4, 0, 0));
    /* regions: w*Rg + g; the two region measures only */
    CU_ASSERT_PTR_EQUAL(kikan_results_region_stat(r, KIKAN_MEASURE_PERSON_HOURS, 1, 1),
                        r->st_region_person_hours + 1 * RG + 1);
    CU_ASSERT_PTR_EQUAL(kikan_results_region_stat(r, KIKAN_MEASURE_PEAK_PEOPLE, 0, 1),
                        r->st_region_peak_people + 1);
    CU_ASSERT_PTR_NULL(kikan_results_region_stat(r, KIKAN_MEASURE_CUSTOMER_HOURS, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_region_stat(r, KIKAN_MEASURE_PERSON_HOURS, 0, RG));
    CU_ASSERT_PTR_NULL(kikan_results_region_stat(r, KIKAN_MEASURE_PERSON_HOURS, W, 0));
    double x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_PEAK_PEOPLE, 1, 3, 1, &x),
                    KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(x, val(13, ((int64_t)1 * R + 3) * RG + 1), 0);
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_PERSON_HOURS, 0, 0, 0, &x),
                    KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(x, val(12, 0), 0);
    x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_PERSON_HOURS, 0, R, 0, &x),
                    KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_PERSON_HOURS, 0, 0, RG, &x),
                    KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_ECON_LOSS, 0, 0, 0, &x),
                    KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0);
    kikan_results_free(&r);
}

static void test_attribution(void)
{
    kikan_results_t *r = filled();
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(kikan_results_has_attribution(r), 1);
    CU_ASSERT_EQUAL(kikan_results_attrib_partial(r), 0);
    int64_t fx = -1, n = -1;
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, 1, 2, &fx), KIKAN_OK);
    CU_ASSERT_EQUAL(fx, 1000 + 7 * (1 * O + 2));
    fx = -1;
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, 1, O, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, W, 0, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, 0, -1, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, 0, 0, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(fx, -1);
    /* v = V is the "no vendor" row: in range */
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, 1, V, &n, &fx), KIKAN_OK);
    CU_ASSERT_EQUAL(n, 20 + (1 * (V + 1) + V));
    CU_ASSERT_EQUAL(fx, 3000 + 11 * (1 * (V + 1) + V));
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, 0, 1, NULL, &fx), KIKAN_OK);
    CU_ASSERT_EQUAL(fx, 3000 + 11 * 1);
    n = fx = -1;
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, 0, V + 1, &n, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, 0, -1, &n, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, W, 0, &n, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(n, -1);
    CU_ASSERT_EQUAL(fx, -1);
    r->attrib_partial = 1;
    CU_ASSERT_EQUAL(kikan_results_attrib_partial(r), 1);
    kikan_results_free(&r);
    /* results without attribution or regions (as kikan_results_new leaves them) */
    CU_ASSERT_EQUAL_FATAL(kikan_results_new(1, 1, 1, 1, &r), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_has_attribution(r), 0);
    CU_ASSERT_EQUAL(kikan_results_n_operators(r), 0);
    CU_ASSERT_EQUAL(kikan_results_n_regions(r), 0);
    CU_ASSERT_EQUAL(kikan_results_operator_fx(r, 0, 0, &fx), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_vendor_fx(r, 0, 0, &n, &fx), KIKAN_EINVAL);
    CU_ASSERT_PTR_NULL(kikan_results_region_id(r, 0));
    double x = 0;
    CU_ASSERT_EQUAL(kikan_results_region_value(r, KIKAN_MEASURE_PERSON_HOURS, 0, 0, 0, &x),
                    KIKAN_EINVAL);
    /* econ loss starts NaN (not computed) */
    CU_ASSERT_EQUAL(kikan_results_value(r, KIKAN_MEASURE_ECON_LOSS, 0, 0, KIKAN_ALL_SECTORS, &x),
                    KIKAN_OK);
    CU_ASSERT(isnan(x));
    kikan_results_free(&r);
}

/* NULL results: sizes 0, texts and names NULL, values refused. */
static void test_null(void)
{
    double x = -7.0;
    CU_ASSERT_EQUAL(kikan_results_n_whatifs(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_sectors(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_grid(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_replicates(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_operators(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_vendors(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_n_regions(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_seed(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_threads(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_processes(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_synthetic(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_has_stats(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_has_attribution(NULL), 0);
    CU_ASSERT_EQUAL(kikan_results_attrib_partial(NULL), 0);
    CU_ASSERT_PTR_NULL(kikan_results_text(NULL, KIKAN_RESULTS_VERSION));
    CU_ASSERT_PTR_NULL(kikan_results_whatif_name(NULL, 0));
    CU_ASSERT_PTR_NULL(kikan_results_grid(NULL));
    CU_ASSERT_PTR_NULL(kikan_results_curve(NULL, KIKAN_CURVE_MEAN, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_replicate_curve(NULL, 0, 0, 0));
    CU_ASSERT_PTR_NULL(kikan_results_region_stat(NULL, KIKAN_MEASURE_PERSON_HOURS, 0, 0));
    CU_ASSERT_EQUAL(kikan_results_sector_people(NULL, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_ops_affected(NULL, 0, 0, 0, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_through(NULL, 0, 0, 0, 0, &x), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_region_value(NULL, KIKAN_MEASURE_PERSON_HOURS, 0, 0, 0, &x),
                    KIKAN_EINVAL);
    CU_ASSERT_DOUBLE_EQUAL(x, -7.0, 0);
}

/* The measure names are those of the results file's datasets (docs/hdf5-schema.md). */
static void test_measure_names(void)
{
    static const char *const want[KIKAN_MEASURE_COUNT] = {
        "customer_hours", "peak_customers", "weighted_person_hours", "person_hours",
        "peak_people",    "econ_loss",      "records_exposed",       "implants"};
    for (int m = 0; m < KIKAN_MEASURE_COUNT; m++) {
        CU_ASSERT_STRING_EQUAL(kikan_measure_name((kikan_measure_t)m), want[m]);
    }
    CU_ASSERT_PTR_NULL(kikan_measure_name(KIKAN_MEASURE_COUNT));
    CU_ASSERT_PTR_NULL(kikan_measure_name((kikan_measure_t)-1));
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("results accessors", NULL, NULL);
    CU_add_test(s, "provenance, sizes and names", test_provenance_and_names);
    CU_add_test(s, "per-replicate values at the documented index", test_values);
    CU_add_test(s, "statistics, curves and regions", test_statistics);
    CU_add_test(s, "attribution sums", test_attribution);
    CU_add_test(s, "NULL results", test_null);
    CU_add_test(s, "measure names", test_measure_names);
    return kikan_test_main();
}
