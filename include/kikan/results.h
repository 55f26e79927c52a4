/*
 * kikan — the results of a run: provenance, per-replicate metrics and
 * per-sector curves for every what-if, and ensemble statistics.
 *
 * DESIGN: plain arrays with documented index order, so the ensemble can fill
 * replicate r's slots from any thread without locks (each replicate owns its
 * slots), the reduction runs in replicate order, and the HDF5 writer dumps the
 * arrays as they are. Sizes: W what-ifs, R replicates, S sectors, G grid
 * points, C operator size classes.
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

typedef struct {
    /* provenance */
    char *kikan_version, *scenario_name, *scenario_path, *scenario_text, *host;
    char *started, *finished; /* ISO 8601 UTC */
    char *tables_checksum;    /* sha-256-like digest of the CSV tables (hex), or "" */
    uint64_t seed;
    int threads, processes, synthetic;

    /* dimensions */
    int n_whatifs, n_sectors, n_grid;
    int64_t n_replicates;
    char **whatif_names;   /* [W] */
    char **sector_ids;     /* [S] */
    char **sector_units;   /* [S] */
    double *sector_people; /* [S] people per customer of each sector */
    char *econ_note;       /* why econ_loss is not computed, or NULL */
    double *grid;          /* [G] hours */

    /* per replicate, index ((w*R + r)*S + s) */
    double *customer_hours; /* customer-hours lost */
    double *peak_customers; /* peak customers cut off */
    double *life_weighted;  /* life-weighted person-hours: person-hours x sector life weight */
    double *person_hours;   /* person-hours without service: customer-hours x people per
                               customer */
    double *peak_people;    /* peak people cut off: peak customers x people per customer */
    double *ops_affected;   /* [((w*R + r)*S + s)*C + c] operators with an asset down */
    /* per replicate, index (w*R + r) */
    double *econ_loss;       /* economic loss (JPY) from the input-output model; NaN if off */
    double *implants;        /* implants triggered (after screening) */
    double *records_exposed; /* people's records exposed (docs/engine.md "Records exposed") */
    /* curves: customers cut off at each grid time, index (((w*R + r)*S + s)*G + g) */
    double *curves;
    /* through: customer-hours lost in sector `to` whose chain of lost supplies began in
       sector `from` (the sector of the asset an implant or outage hit), index
       (((w*R + r)*S + from)*S + to); each row sums over `from` to customer_hours */
    double *through;

    /* attribution ("who matters most"; docs/engine.md): exact int64 sums over the replicates
       run in this process (fixed point: customer-hours x 2^KIKAN_FX_BITS, rounded per asset
       and replicate), so they are identical for any thread count or order. Index w*O + o and
       w*(V+1) + v, v = V: implants with no vendor (asset-level events). NULL until
       kikan_results_attrib_new. attrib_partial: the sums miss replicates (resumed run). */
    int n_operators, n_vendors, attrib_partial;
    char **operator_ids, **operator_names, **operator_sectors; /* [O]; sectors "power+rail" */
    char **vendor_ids, **vendor_names;                         /* [V] */
    int64_t *op_chours_fx;                                     /* [W*O] */
    int64_t *vendor_implants;  /* [W*(V+1)] implants triggered (a count, exact) */
    int64_t *vendor_chours_fx; /* [W*(V+1)] customer-hours of the assets they hit */

    /* regions (prefectures, or the areas of the data; docs/engine.md "Regions"): the people
       of the assets in each region. Per replicate, index ((w*R + r)*Rg + g); NULL until
       kikan_results_regions_new. person-hours: the region's assets' customer-hours x people
       per customer, summed over sectors; peak people: the most people cut off in the region at
       one time, all sectors together */
    int n_regions;
    char **region_ids;           /* [Rg] */
    double *region_person_hours; /* [W*R*Rg] */
    double *region_peak_people;  /* [W*R*Rg] */

    /* ensemble statistics (filled by kikan_results_summarize) */
    kikan_stat_t *st_customer_hours;                        /* [W*S] */
    kikan_stat_t *st_peak;                                  /* [W*S] */
    kikan_stat_t *st_life;                                  /* [W*S] */
    kikan_stat_t *st_econ;                                  /* [W] */
    kikan_stat_t *st_person_hours, *st_peak_people;         /* [W*S] */
    kikan_stat_t *st_records;                               /* [W] */
    double *curve_mean, *curve_q05, *curve_q50, *curve_q95; /* [(w*S + s)*G + g] */
    /* [W*Rg] regions: mean, sd and quantiles; ci_lo/ci_hi NaN (no bootstrap: 47 regions x 2
       measures would multiply the summary's cost) */
    kikan_stat_t *st_region_person_hours, *st_region_peak_people;
} kikan_results_t;

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
