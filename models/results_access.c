/*
 * The read accessors of kikan_results_t (include/kikan/results.h): what a
 * program that embeds kikan may see of the arrays in models/results_impl.h.
 *
 * DESIGN: each accessor checks its handle and every index against the sizes
 * before it computes an offset (in int64, the index order of results_impl.h),
 * so a bad index gives NULL or KIKAN_EINVAL, never a read outside an array;
 * arrays the results do not hold (no statistics, no attribution, no regions)
 * read as absent the same way.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "models/results_impl.h"

/* ---- provenance ------------------------------------------------------------------------- */

/* Where each provenance text sits in the struct, in kikan_results_text_t order. */
static const size_t text_offset[KIKAN_RESULTS_N_TEXTS] = {
    offsetof(kikan_results_t, kikan_version), offsetof(kikan_results_t, scenario_name),
    offsetof(kikan_results_t, scenario_path), offsetof(kikan_results_t, scenario_text),
    offsetof(kikan_results_t, host),          offsetof(kikan_results_t, started),
    offsetof(kikan_results_t, finished),      offsetof(kikan_results_t, tables_checksum),
    offsetof(kikan_results_t, econ_note)};

static int text_known(kikan_results_text_t which)
{
    return (int)which >= 0 && which < KIKAN_RESULTS_N_TEXTS;
}

const char *kikan_results_text(const kikan_results_t *res, kikan_results_text_t which)
{
    if (res == NULL || !text_known(which)) {
        return NULL;
    }
    return *(char *const *)((const char *)res + text_offset[which]);
}

kikan_error_t kikan_results_set_text(kikan_results_t *res, kikan_results_text_t which,
                                     const char *value)
{
    if (res == NULL || !text_known(which)) {
        return KIKAN_EINVAL;
    }
    char *copy = NULL;
    if (value != NULL && (copy = strdup(value)) == NULL) {
        return KIKAN_ENOMEM;
    }
    char **slot = (char **)((char *)res + text_offset[which]);
    free(*slot);
    *slot = copy;
    return KIKAN_OK;
}

uint64_t kikan_results_seed(const kikan_results_t *res)
{
    return res != NULL ? res->seed : 0;
}

int kikan_results_threads(const kikan_results_t *res)
{
    return res != NULL ? res->threads : 0;
}

int kikan_results_processes(const kikan_results_t *res)
{
    return res != NULL ? res->processes : 0;
}

int kikan_results_synthetic(const kikan_results_t *res)
{
    return res != NULL && res->synthetic;
}

/* ---- sizes and names ---------------------------------------------------------------------- */

int kikan_results_n_whatifs(const kikan_results_t *res)
{
    return res != NULL ? res->n_whatifs : 0;
}

int kikan_results_n_sectors(const kikan_results_t *res)
{
    return res != NULL ? res->n_sectors : 0;
}

int kikan_results_n_grid(const kikan_results_t *res)
{
    return res != NULL ? res->n_grid : 0;
}

int64_t kikan_results_n_replicates(const kikan_results_t *res)
{
    return res != NULL ? res->n_replicates : 0;
}

int kikan_results_n_operators(const kikan_results_t *res)
{
    return res != NULL ? res->n_operators : 0;
}

int kikan_results_n_vendors(const kikan_results_t *res)
{
    return res != NULL ? res->n_vendors : 0;
}

int kikan_results_n_regions(const kikan_results_t *res)
{
    return res != NULL ? res->n_regions : 0;
}

/* names[i] when the table exists and 0 <= i < n, else NULL */
static const char *name_at(char *const *names, int n, int i)
{
    return names != NULL && i >= 0 && i < n ? names[i] : NULL;
}

const char *kikan_results_whatif_name(const kikan_results_t *res, int w)
{
    return res != NULL ? name_at(res->whatif_names, res->n_whatifs, w) : NULL;
}

const char *kikan_results_sector_id(const kikan_results_t *res, int s)
{
    return res != NULL ? name_at(res->sector_ids, res->n_sectors, s) : NULL;
}

const char *kikan_results_sector_unit(const kikan_results_t *res, int s)
{
    return res != NULL ? name_at(res->sector_units, res->n_sectors, s) : NULL;
}

const char *kikan_results_operator_id(const kikan_results_t *res, int o)
{
    return res != NULL ? name_at(res->operator_ids, res->n_operators, o) : NULL;
}

const char *kikan_results_operator_name(const kikan_results_t *res, int o)
{
    return res != NULL ? name_at(res->operator_names, res->n_operators, o) : NULL;
}

const char *kikan_results_operator_sectors(const kikan_results_t *res, int o)
{
    return res != NULL ? name_at(res->operator_sectors, res->n_operators, o) : NULL;
}

const char *kikan_results_vendor_id(const kikan_results_t *res, int v)
{
    return res != NULL ? name_at(res->vendor_ids, res->n_vendors, v) : NULL;
}

const char *kikan_results_vendor_name(const kikan_results_t *res, int v)
{
    return res != NULL ? name_at(res->vendor_names, res->n_vendors, v) : NULL;
}

const char *kikan_results_region_id(const kikan_results_t *res, int g)
{
    return res != NULL ? name_at(res->region_ids, res->n_regions, g) : NULL;
}

kikan_error_t kikan_results_sector_people(const kikan_results_t *res, int s, double *people)
{
    if (res == NULL || people == NULL || res->sector_people == NULL || s < 0 ||
        s >= res->n_sectors) {
        return KIKAN_EINVAL;
    }
    *people = res->sector_people[s];
    return KIKAN_OK;
}

const double *kikan_results_grid(const kikan_results_t *res)
{
    return res != NULL ? res->grid : NULL;
}

/* ---- measures ----------------------------------------------------------------------------- */

int kikan_measure_per_sector(kikan_measure_t m)
{
    if ((int)m < 0 || m >= KIKAN_MEASURE_COUNT) {
        return -1;
    }
    return m <= KIKAN_MEASURE_PEAK_PEOPLE;
}

const char *kikan_measure_name(kikan_measure_t m)
{
    /* the dataset names of /replicates and /statistics (docs/hdf5-schema.md) */
    static const char *const names[KIKAN_MEASURE_COUNT] = {
        "customer_hours", "peak_customers", "weighted_person_hours", "person_hours",
        "peak_people",    "econ_loss",      "records_exposed",       "implants"};
    return kikan_measure_per_sector(m) >= 0 ? names[m] : NULL;
}

int kikan_results_has_stats(const kikan_results_t *res)
{
    return res != NULL && res->st_customer_hours != NULL && res->curve_mean != NULL;
}

/* Is (w, s) a valid place for measure m? s must be a sector for per-sector measures and
   KIKAN_ALL_SECTORS for the others. */
static int place_ok(const kikan_results_t *res, kikan_measure_t m, int w, int s)
{
    const int per = kikan_measure_per_sector(m);
    if (res == NULL || per < 0 || w < 0 || w >= res->n_whatifs) {
        return 0;
    }
    return per ? s >= 0 && s < res->n_sectors : s == KIKAN_ALL_SECTORS;
}

const kikan_stat_t *kikan_results_stat(const kikan_results_t *res, kikan_measure_t m, int w, int s)
{
    if (!place_ok(res, m, w, s)) {
        return NULL;
    }
    const int64_t ws = (int64_t)w * res->n_sectors + s;
    const kikan_stat_t *st = NULL;
    switch (m) {
    case KIKAN_MEASURE_CUSTOMER_HOURS:
        st = res->st_customer_hours != NULL ? res->st_customer_hours + ws : NULL;
        break;
    case KIKAN_MEASURE_PEAK_CUSTOMERS:
        st = res->st_peak != NULL ? res->st_peak + ws : NULL;
        break;
    case KIKAN_MEASURE_LIFE_WEIGHTED:
        st = res->st_life != NULL ? res->st_life + ws : NULL;
        break;
    case KIKAN_MEASURE_PERSON_HOURS:
        st = res->st_person_hours != NULL ? res->st_person_hours + ws : NULL;
        break;
    case KIKAN_MEASURE_PEAK_PEOPLE:
        st = res->st_peak_people != NULL ? res->st_peak_people + ws : NULL;
        break;
    case KIKAN_MEASURE_ECON_LOSS:
        st = res->st_econ != NULL ? res->st_econ + w : NULL;
        break;
    case KIKAN_MEASURE_RECORDS_EXPOSED:
        st = res->st_records != NULL ? res->st_records + w : NULL;
        break;
    case KIKAN_MEASURE_IMPLANTS: /* per replicate only */
    case KIKAN_MEASURE_COUNT:
        break;
    }
    return st;
}

kikan_error_t kikan_results_value(const kikan_results_t *res, kikan_measure_t m, int w, int64_t r,
                                  int s, double *out)
{
    if (out == NULL || !place_ok(res, m, w, s) || r < 0 || r >= res->n_replicates) {
        return KIKAN_EINVAL;
    }
    const int64_t wr = (int64_t)w * res->n_replicates + r;
    const int64_t wrs = wr * res->n_sectors + s;
    const double *a = NULL;
    int64_t i = wrs;
    switch (m) {
    case KIKAN_MEASURE_CUSTOMER_HOURS:
        a = res->customer_hours;
        break;
    case KIKAN_MEASURE_PEAK_CUSTOMERS:
        a = res->peak_customers;
        break;
    case KIKAN_MEASURE_LIFE_WEIGHTED:
        a = res->life_weighted;
        break;
    case KIKAN_MEASURE_PERSON_HOURS:
        a = res->person_hours;
        break;
    case KIKAN_MEASURE_PEAK_PEOPLE:
        a = res->peak_people;
        break;
    case KIKAN_MEASURE_ECON_LOSS:
        a = res->econ_loss, i = wr;
        break;
    case KIKAN_MEASURE_RECORDS_EXPOSED:
        a = res->records_exposed, i = wr;
        break;
    case KIKAN_MEASURE_IMPLANTS:
        a = res->implants, i = wr;
        break;
    case KIKAN_MEASURE_COUNT:
        break;
    }
    if (a == NULL) {
        return KIKAN_EINVAL;
    }
    *out = a[i];
    return KIKAN_OK;
}

/* Are w, r and sector s in range? */
static int wrs_ok(const kikan_results_t *res, int w, int64_t r, int s)
{
    return res != NULL && w >= 0 && w < res->n_whatifs && r >= 0 && r < res->n_replicates &&
           s >= 0 && s < res->n_sectors;
}

kikan_error_t kikan_results_ops_affected(const kikan_results_t *res, int w, int64_t r, int s, int c,
                                         double *out)
{
    if (out == NULL || !wrs_ok(res, w, r, s) || c < 0 || c >= KIKAN_N_SIZE_CLASSES ||
        res->ops_affected == NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t wrs = ((int64_t)w * res->n_replicates + r) * res->n_sectors + s;
    *out = res->ops_affected[wrs * KIKAN_N_SIZE_CLASSES + c];
    return KIKAN_OK;
}

kikan_error_t kikan_results_through(const kikan_results_t *res, int w, int64_t r, int from, int to,
                                    double *out)
{
    if (out == NULL || !wrs_ok(res, w, r, from) || to < 0 || to >= res->n_sectors ||
        res->through == NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t wrf = ((int64_t)w * res->n_replicates + r) * res->n_sectors + from;
    *out = res->through[wrf * res->n_sectors + to];
    return KIKAN_OK;
}

/* ---- curves ------------------------------------------------------------------------------- */

const double *kikan_results_curve(const kikan_results_t *res, kikan_curve_stat_t which, int w,
                                  int s)
{
    if (res == NULL || w < 0 || w >= res->n_whatifs || s < 0 || s >= res->n_sectors) {
        return NULL;
    }
    const double *a = NULL;
    switch (which) {
    case KIKAN_CURVE_MEAN:
        a = res->curve_mean;
        break;
    case KIKAN_CURVE_Q05:
        a = res->curve_q05;
        break;
    case KIKAN_CURVE_Q50:
        a = res->curve_q50;
        break;
    case KIKAN_CURVE_Q95:
        a = res->curve_q95;
        break;
    }
    return a != NULL ? a + ((int64_t)w * res->n_sectors + s) * res->n_grid : NULL;
}

const double *kikan_results_replicate_curve(const kikan_results_t *res, int w, int64_t r, int s)
{
    if (!wrs_ok(res, w, r, s) || res->curves == NULL) {
        return NULL;
    }
    const int64_t wrs = ((int64_t)w * res->n_replicates + r) * res->n_sectors + s;
    return res->curves + wrs * res->n_grid;
}

/* ---- attribution -------------------------------------------------------------------------- */

int kikan_results_has_attribution(const kikan_results_t *res)
{
    return res != NULL && res->op_chours_fx != NULL && res->vendor_implants != NULL &&
           res->vendor_chours_fx != NULL;
}

int kikan_results_attrib_partial(const kikan_results_t *res)
{
    return res != NULL && res->attrib_partial;
}

kikan_error_t kikan_results_operator_fx(const kikan_results_t *res, int w, int o, int64_t *fx)
{
    if (fx == NULL || !kikan_results_has_attribution(res) || w < 0 || w >= res->n_whatifs ||
        o < 0 || o >= res->n_operators) {
        return KIKAN_EINVAL;
    }
    *fx = res->op_chours_fx[(int64_t)w * res->n_operators + o];
    return KIKAN_OK;
}

kikan_error_t kikan_results_vendor_fx(const kikan_results_t *res, int w, int v, int64_t *implants,
                                      int64_t *chours_fx)
{
    if (!kikan_results_has_attribution(res) || w < 0 || w >= res->n_whatifs || v < 0 ||
        v > res->n_vendors) {
        return KIKAN_EINVAL;
    }
    const int64_t i = (int64_t)w * (res->n_vendors + 1) + v;
    if (implants != NULL) {
        *implants = res->vendor_implants[i];
    }
    if (chours_fx != NULL) {
        *chours_fx = res->vendor_chours_fx[i];
    }
    return KIKAN_OK;
}

/* ---- regions ------------------------------------------------------------------------------ */

const kikan_stat_t *kikan_results_region_stat(const kikan_results_t *res, kikan_measure_t m, int w,
                                              int g)
{
    if (res == NULL || w < 0 || w >= res->n_whatifs || g < 0 || g >= res->n_regions) {
        return NULL;
    }
    const kikan_stat_t *a = m == KIKAN_MEASURE_PERSON_HOURS  ? res->st_region_person_hours
                            : m == KIKAN_MEASURE_PEAK_PEOPLE ? res->st_region_peak_people
                                                             : NULL;
    return a != NULL ? a + (int64_t)w * res->n_regions + g : NULL;
}

kikan_error_t kikan_results_region_value(const kikan_results_t *res, kikan_measure_t m, int w,
                                         int64_t r, int g, double *out)
{
    if (out == NULL || res == NULL || w < 0 || w >= res->n_whatifs || r < 0 ||
        r >= res->n_replicates || g < 0 || g >= res->n_regions) {
        return KIKAN_EINVAL;
    }
    const double *a = m == KIKAN_MEASURE_PERSON_HOURS  ? res->region_person_hours
                      : m == KIKAN_MEASURE_PEAK_PEOPLE ? res->region_peak_people
                                                       : NULL;
    if (a == NULL) {
        return KIKAN_EINVAL;
    }
    *out = a[((int64_t)w * res->n_replicates + r) * res->n_regions + g];
    return KIKAN_OK;
}
