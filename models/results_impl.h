/*
 * The results container, visible inside libkikan and to the tests and
 * benchmarks that fill or inspect it directly: the ensemble (sim/) fills
 * replicate r's slots from any thread, the MPI reduction and the HDF5 writer
 * and reader (output/) handle the arrays whole. Programs outside the library
 * use the accessors of include/kikan/results.h.
 *
 * DESIGN: plain arrays with documented index order, so the ensemble can fill
 * replicate r's slots from any thread without locks (each replicate owns its
 * slots), the reduction runs in replicate order, and the HDF5 writer dumps the
 * arrays as they are. Sizes: W what-ifs, R replicates, S sectors, G grid
 * points, C operator size classes (KIKAN_N_SIZE_CLASSES), O operators,
 * V vendors, Rg regions.
 */
#ifndef KIKAN_RESULTS_IMPL_H
#define KIKAN_RESULTS_IMPL_H

#include <stdint.h>
#include "kikan/results.h"

struct kikan_results {
    /* provenance */
    char *kikan_version, *scenario_name, *scenario_path, *scenario_text, *host;
    char *started, *finished; /* ISO 8601 UTC */
    char *tables_checksum;    /* kikan_tables_checksum ("fnv1a64:" + 16 hex), or "" */
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
};

#endif
