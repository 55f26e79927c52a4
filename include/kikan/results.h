/*
 * kikan — the results of a run: provenance, per-replicate metrics and
 * per-sector curves for every what-if, attribution sums, regions, and
 * ensemble statistics.
 *
 * DESIGN: kikan_results_t is an opaque handle. Inside libkikan it is a set of
 * plain arrays (models/results_impl.h) that the ensemble fills from any
 * thread and the HDF5 writer dumps as they are; a program that embeds kikan
 * reads it through the accessors below, each O(1) and bounds-checked: an
 * index out of range (or NULL results) gives NULL, or KIKAN_EINVAL with *out
 * untouched, or 0 for a size. Sizes: W what-ifs, R replicates, S
 * sectors, G grid points, C operator size classes, O operators, V vendors,
 * Rg regions (kikan_results_n_*).
 */
#ifndef KIKAN_RESULTS_H
#define KIKAN_RESULTS_H

#include <stdint.h>
#include "kikan/error.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** Operator size classes for "operators affected by size class". */
#define KIKAN_N_SIZE_CLASSES 4 /* 0 SME, 1 medium, 2 large, 3 very large (see docs) */

/** Resolution of the attribution sums: customer-hours in units of 2^-KIKAN_FX_BITS. */
#define KIKAN_FX_BITS 10

/** Bootstrap resamples behind every 95% interval of a mean (kikan_stat_compute_ci). */
#define KIKAN_BOOT_B 2000
/** The interval's quantiles of the bootstrap means: 2.5% and 97.5% (a 95% interval). */
#define KIKAN_BOOT_LO 0.025
#define KIKAN_BOOT_HI 0.975

typedef struct {
    double mean, sd, q05, q50, q95; /* over the replicates (quantiles: GSL, linear) */
    double ci_lo, ci_hi; /* 95% interval of the mean: percentile bootstrap (docs/engine.md
                            "Intervals"), so never outside the data's range; NaN when not
                            computed (curves) */
} kikan_stat_t;

/** The results of a run (opaque; docs/api.md). */
typedef struct kikan_results kikan_results_t;

/* ---- reading results (embedders; docs/api.md) ------------------------------------------- */

/** Provenance and notes, as text (kikan_results_text). */
typedef enum {
    KIKAN_RESULTS_VERSION = 0,     /* the kikan version that ran it */
    KIKAN_RESULTS_SCENARIO_NAME,   /* the scenario's name */
    KIKAN_RESULTS_SCENARIO_PATH,   /* the scenario file */
    KIKAN_RESULTS_SCENARIO_TEXT,   /* the scenario file's text (+ "# kikan --set K=V" lines) */
    KIKAN_RESULTS_HOST,            /* the host it ran on */
    KIKAN_RESULTS_STARTED,         /* ISO 8601 UTC */
    KIKAN_RESULTS_FINISHED,        /* ISO 8601 UTC */
    KIKAN_RESULTS_TABLES_CHECKSUM, /* checksum of the CSV tables ("fnv1a64:" + 16 hex), "" none */
    KIKAN_RESULTS_ECON_NOTE,       /* why the economic loss is not computed; NULL when it is */
    KIKAN_RESULTS_N_TEXTS
} kikan_results_text_t;

/**
 * One provenance text (owned by the results, valid until they are freed or
 * the text is set again); NULL when not set, for NULL results or an unknown
 * `which`. O(1).
 */
const char *kikan_results_text(const kikan_results_t *res, kikan_results_text_t which);
/**
 * Set one provenance text to a copy of `value` (NULL clears it), for what only
 * the caller knows (host, start and end times, the tables' checksum).
 * KIKAN_EINVAL (NULL results, unknown `which`), KIKAN_ENOMEM (the old text is
 * kept). O(length).
 */
kikan_error_t kikan_results_set_text(kikan_results_t *res, kikan_results_text_t which,
                                     const char *value);
/** The ensemble seed (0 for NULL results). */
uint64_t kikan_results_seed(const kikan_results_t *res);
/** OpenMP threads and MPI processes the run used (0 for NULL results). */
int kikan_results_threads(const kikan_results_t *res);
int kikan_results_processes(const kikan_results_t *res);
/** 1 when the network was synthetic (a generator's, not real data), else 0. */
int kikan_results_synthetic(const kikan_results_t *res);

/** Sizes: W, S, G, R, O, V, Rg (0 for NULL results; O, V, Rg 0 when the results have none). */
int kikan_results_n_whatifs(const kikan_results_t *res);
int kikan_results_n_sectors(const kikan_results_t *res);
int kikan_results_n_grid(const kikan_results_t *res);
int64_t kikan_results_n_replicates(const kikan_results_t *res);
int kikan_results_n_operators(const kikan_results_t *res);
int kikan_results_n_vendors(const kikan_results_t *res);
int kikan_results_n_regions(const kikan_results_t *res);

/** Names, owned by the results; NULL for an index out of range. O(1). */
const char *kikan_results_whatif_name(const kikan_results_t *res, int w);
const char *kikan_results_sector_id(const kikan_results_t *res, int s);
const char *kikan_results_sector_unit(const kikan_results_t *res, int s); /* "households"... */
const char *kikan_results_operator_id(const kikan_results_t *res, int o);
const char *kikan_results_operator_name(const kikan_results_t *res, int o);
/** The sectors operator o works in, joined by '+' ("power+rail"). */
const char *kikan_results_operator_sectors(const kikan_results_t *res, int o);
const char *kikan_results_vendor_id(const kikan_results_t *res, int v);
const char *kikan_results_vendor_name(const kikan_results_t *res, int v);
const char *kikan_results_region_id(const kikan_results_t *res, int g);
/** People one customer of sector s stands for. KIKAN_EINVAL out of range. */
kikan_error_t kikan_results_sector_people(const kikan_results_t *res, int s, double *people);
/** The G times (hours from the start) the curves are sampled at; NULL for NULL results. */
const double *kikan_results_grid(const kikan_results_t *res);

/** The measures of a run; the first five are per (what-if, sector), the rest per what-if. */
typedef enum {
    KIKAN_MEASURE_CUSTOMER_HOURS = 0, /* customer-hours lost (the sector's customer unit) */
    KIKAN_MEASURE_PEAK_CUSTOMERS,     /* most customers cut off at one time */
    KIKAN_MEASURE_LIFE_WEIGHTED,      /* person-hours x the sector's life weight */
    KIKAN_MEASURE_PERSON_HOURS,       /* person-hours without service */
    KIKAN_MEASURE_PEAK_PEOPLE,        /* most people cut off at one time */
    KIKAN_MEASURE_ECON_LOSS,          /* JPY, input-output model; NaN when not computed */
    KIKAN_MEASURE_RECORDS_EXPOSED,    /* people's records exposed */
    KIKAN_MEASURE_IMPLANTS,           /* implants triggered (per replicate; no statistics) */
    KIKAN_MEASURE_COUNT
} kikan_measure_t;

/** The sector index of a per-what-if measure (econ loss, records, implants): all sectors. */
#define KIKAN_ALL_SECTORS (-1)

/** 1 for a per-(what-if, sector) measure, 0 for a per-what-if one, -1 for an unknown one. */
int kikan_measure_per_sector(kikan_measure_t m);
/** The measure's name as in the results file and the CSV tables ("customer_hours"...); NULL
 *  for an unknown one. */
const char *kikan_measure_name(kikan_measure_t m);
/** 1 when the results hold ensemble statistics and mean curves (kikan_results_summarize, or a
 *  file written after it), else 0. */
int kikan_results_has_stats(const kikan_results_t *res);
/**
 * The ensemble statistics of measure m in what-if w and sector s (s =
 * KIKAN_ALL_SECTORS for a per-what-if measure): mean, sd, quantiles, 95%
 * interval of the mean. NULL when the results hold no such statistics (not
 * summarized, an older file, KIKAN_MEASURE_IMPLANTS), m is unknown, or w or s
 * is out of range (a sector for a per-what-if measure, or
 * KIKAN_ALL_SECTORS for a per-sector one). O(1).
 */
const kikan_stat_t *kikan_results_stat(const kikan_results_t *res, kikan_measure_t m, int w, int s);
/**
 * Replicate r's value of measure m in what-if w and sector s (s as for
 * kikan_results_stat). KIKAN_EINVAL (NULL arguments, unknown m, an index out of
 * range). O(1).
 */
kikan_error_t kikan_results_value(const kikan_results_t *res, kikan_measure_t m, int w, int64_t r,
                                  int s, double *out);
/** Replicate r's operators with an asset down in what-if w, sector s, size class c
 *  (0 SME .. KIKAN_N_SIZE_CLASSES-1). KIKAN_EINVAL out of range. O(1). */
kikan_error_t kikan_results_ops_affected(const kikan_results_t *res, int w, int64_t r, int s, int c,
                                         double *out);
/** Replicate r's customer-hours lost in sector `to` whose chain of lost supplies began in
 *  sector `from` (docs/engine.md). KIKAN_EINVAL out of range. O(1). */
kikan_error_t kikan_results_through(const kikan_results_t *res, int w, int64_t r, int from, int to,
                                    double *out);

/** The curves' ensemble statistics (kikan_results_curve). */
typedef enum {
    KIKAN_CURVE_MEAN = 0,
    KIKAN_CURVE_Q05,
    KIKAN_CURVE_Q50,
    KIKAN_CURVE_Q95
} kikan_curve_stat_t;
/**
 * Customers cut off in what-if w, sector s at each of the G grid times
 * (kikan_results_grid): a statistic over the replicates (NULL when not
 * summarized), or replicate r's own curve. NULL out of range. O(1).
 */
const double *kikan_results_curve(const kikan_results_t *res, kikan_curve_stat_t which, int w,
                                  int s);
const double *kikan_results_replicate_curve(const kikan_results_t *res, int w, int64_t r, int s);

/**
 * Attribution (docs/engine.md "Attribution"): exact sums over the replicates
 * in fixed point, customer-hours x 2^KIKAN_FX_BITS; the mean over replicates
 * is sum x 2^-KIKAN_FX_BITS / kikan_results_n_replicates.
 * kikan_results_has_attribution: 1 when the results hold the sums, 0 when not;
 * kikan_results_attrib_partial: 1 when the sums miss replicates (a run resumed
 * from a checkpoint written without them).
 */
int kikan_results_has_attribution(const kikan_results_t *res);
int kikan_results_attrib_partial(const kikan_results_t *res);
/** Operator o's own customer-hours lost in what-if w (fixed point). KIKAN_EINVAL out of range
 *  or without attribution. O(1). */
kikan_error_t kikan_results_operator_fx(const kikan_results_t *res, int w, int o, int64_t *fx);
/** Vendor v's implants triggered (a count) and the customer-hours of the assets they hit (fixed
 *  point) in what-if w; v = kikan_results_n_vendors: implants with no vendor (asset-level
 *  events). Either output may be NULL. KIKAN_EINVAL out of range or without attribution. */
kikan_error_t kikan_results_vendor_fx(const kikan_results_t *res, int w, int v, int64_t *implants,
                                      int64_t *chours_fx);

/**
 * Regions (docs/engine.md "Regions"): measure m (KIKAN_MEASURE_PERSON_HOURS or
 * KIKAN_MEASURE_PEAK_PEOPLE, all sectors together) in what-if w and region g.
 * kikan_results_region_stat: mean, sd and quantiles over the replicates
 * (ci_lo/ci_hi NaN); NULL when not summarized, without regions, for another
 * measure or out of range. kikan_results_region_value: replicate r's value;
 * KIKAN_EINVAL likewise. O(1).
 */
const kikan_stat_t *kikan_results_region_stat(const kikan_results_t *res, kikan_measure_t m, int w,
                                              int g);
kikan_error_t kikan_results_region_value(const kikan_results_t *res, kikan_measure_t m, int w,
                                         int64_t r, int g, double *out);

/* ---- building results (the library, tests, tools that write results) ---------------------- */

/** Allocate results for the given sizes (metrics zeroed, econ_loss NaN). */
kikan_error_t kikan_results_new(int n_whatifs, int n_sectors, int n_grid, int64_t n_replicates,
                                kikan_results_t **out);
/** Allocate the attribution arrays (zeroed) and name tables (NULL) for O operators and V
 *  vendors. Errors: KIKAN_EINVAL (negative sizes, already allocated), KIKAN_ENOMEM. */
kikan_error_t kikan_results_attrib_new(kikan_results_t *res, int n_operators, int n_vendors);
/** Allocate the region arrays (zeroed) and names (NULL) for n_regions regions.
 *  Errors: KIKAN_EINVAL (n_regions < 1, already allocated), KIKAN_ELIMIT, KIKAN_ENOMEM. */
kikan_error_t kikan_results_regions_new(kikan_results_t *res, int n_regions);
/** Add the fixed-point sums in src (same sizes) to res; KIKAN_ELIMIT if one would overflow. */
kikan_error_t kikan_results_attrib_add(kikan_results_t *res, const int64_t *op_fx,
                                       const int64_t *vendor_implants, const int64_t *vendor_fx);
/** Free results; accepts NULL, clears the pointer. */
void kikan_results_free(kikan_results_t **res);
/**
 * Compute the ensemble statistics from the per-replicate arrays: every
 * measure's mean, sd, quantiles and bootstrap interval (kikan_stat_compute_ci,
 * seeded from res->seed and the statistic's place), the curves' mean and
 * quantiles. Serial and deterministic: bit-identical whatever filled the
 * arrays. O(measures x KIKAN_BOOT_B x R + W x S x G x R log R).
 */
kikan_error_t kikan_results_summarize(kikan_results_t *res);
/** Statistics of n values x[0..n) with stride (GSL; sorts a copy); ci_lo/ci_hi NaN. */
kikan_error_t kikan_stat_compute(const double *x, int64_t n, int64_t stride, kikan_stat_t *st);
/**
 * kikan_stat_compute plus the 95% percentile-bootstrap interval of the mean:
 * KIKAN_BOOT_B resamples of the n values (with replacement, a GSL mt19937
 * seeded from `seed`), the interval the KIKAN_BOOT_LO and KIKAN_BOOT_HI
 * quantiles of their means. Every bound lies within [min x, max x], so a
 * non-negative quantity never gets a negative bound. Same inputs, same bits.
 * KIKAN_ENOMEM. O(KIKAN_BOOT_B x n + n log n).
 */
kikan_error_t kikan_stat_compute_ci(const double *x, int64_t n, int64_t stride, uint64_t seed,
                                    kikan_stat_t *st);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
