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

typedef struct {
    double mean, sd, q05, q50, q95, ci_lo, ci_hi; /* ci: 95% CI of the mean (Student t) */
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
    char **whatif_names; /* [W] */
    char **sector_ids;   /* [S] */
    char **sector_units; /* [S] */
    double *grid;        /* [G] hours */

    /* per replicate, index ((w*R + r)*S + s) */
    double *customer_hours; /* customer-hours lost */
    double *peak_customers; /* peak customers cut off */
    double *life_weighted;  /* customer-hours x sector life weight */
    double *ops_affected;   /* [((w*R + r)*S + s)*C + c] operators with an asset down */
    /* per replicate, index (w*R + r) */
    double *econ_loss; /* economic loss (JPY) from the input-output model; NaN if off */
    double *implants;  /* implants triggered (after screening) */
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

    /* ensemble statistics (filled by kikan_results_summarize) */
    kikan_stat_t *st_customer_hours;                        /* [W*S] */
    kikan_stat_t *st_peak;                                  /* [W*S] */
    kikan_stat_t *st_life;                                  /* [W*S] */
    kikan_stat_t *st_econ;                                  /* [W] */
    double *curve_mean, *curve_q05, *curve_q50, *curve_q95; /* [(w*S + s)*G + g] */
} kikan_results_t;

/** Allocate results for the given sizes (metrics zeroed, econ_loss NaN). */
kikan_error_t kikan_results_new(int n_whatifs, int n_sectors, int n_grid, int64_t n_replicates,
                                kikan_results_t **out);
/** Allocate the attribution arrays (zeroed) and name tables (NULL) for O operators and V
 *  vendors. Errors: KIKAN_EINVAL (negative sizes, already allocated), KIKAN_ENOMEM. */
kikan_error_t kikan_results_attrib_new(kikan_results_t *res, int n_operators, int n_vendors);
/** Add the fixed-point sums in src (same sizes) to res; KIKAN_ELIMIT if one would overflow. */
kikan_error_t kikan_results_attrib_add(kikan_results_t *res, const int64_t *op_fx,
                                       const int64_t *vendor_implants, const int64_t *vendor_fx);
/** Free results; accepts NULL, clears the pointer. */
void kikan_results_free(kikan_results_t **res);
/** Compute the ensemble statistics from the per-replicate arrays (deterministic). */
kikan_error_t kikan_results_summarize(kikan_results_t *res);
/** Statistics of n values x[0..n) with stride (GSL; sorts a copy). */
kikan_error_t kikan_stat_compute(const double *x, int64_t n, int64_t stride, kikan_stat_t *st);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
