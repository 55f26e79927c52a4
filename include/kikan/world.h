/*
 * kikan — the world model: sectors, operators, assets, dependencies, links and
 * the supply chain (vendors, equipment classes, contractors, installations).
 *
 * DESIGN: the world is a set of flat tables indexed by kikan_id_t; string ids
 * (as written in the CSV tables) map to indices through hash tables. Sectors
 * are data: the six built-in ones are a default table, not code. A world is
 * built once, serially (by the scenario loader, a generator or a test), then
 * frozen with kikan_world_finalize, after which it is only read — by many
 * threads at once if need be. The struct is transparent to the library
 * (models/world_impl.h); programs outside the library use the accessors.
 */
#ifndef KIKAN_WORLD_H
#define KIKAN_WORLD_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/error.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/* kikan_id_t, KIKAN_ID_MAX and KIKAN_NONE are in kikan/context.h (core). */

/** Probability distributions for repair, backup and similar durations (hours). */
typedef enum {
    KIKAN_DIST_FIXED = 0,   /* a */
    KIKAN_DIST_EXPONENTIAL, /* mean a */
    KIKAN_DIST_UNIFORM,     /* [a, b] */
    KIKAN_DIST_LOGNORMAL,   /* median a, sigma of log b */
    KIKAN_DIST_GAMMA        /* mean a, shape b */
} kikan_dist_kind_t;

typedef struct {
    kikan_dist_kind_t kind;
    double a, b;
} kikan_dist_t;

/** Parse "fixed", "exponential", "uniform", "lognormal", "gamma"; KIKAN_EINPUT otherwise. */
kikan_error_t kikan_dist_kind_parse(const char *name, kikan_dist_kind_t *kind);
const char *kikan_dist_kind_name(kikan_dist_kind_t kind);
/** Check the parameters (finite, non-negative, b >= a for uniform...); a static message or NULL. */
const char *kikan_dist_check(const kikan_dist_t *d);
/** The distribution's mean. */
double kikan_dist_mean(const kikan_dist_t *d);

typedef struct kikan_world kikan_world_t;

/** Create an empty world (no sectors). */
kikan_error_t kikan_world_new(kikan_ctx_t *ctx, kikan_world_t **world);
/** Free a world; accepts NULL, clears the pointer. */
void kikan_world_free(kikan_world_t **world);

/*
 * Builders. Each copies its string arguments, returns KIKAN_EINPUT (with a
 * diagnostic in ctx) on a duplicate id or a reference to an unknown row, and
 * stores the new row's index in *out when out is not NULL. They may only be
 * called before kikan_world_finalize.
 */
kikan_error_t kikan_world_add_sector(kikan_world_t *w, const char *id, const char *name,
                                     const char *unit, double life_weight, double output_jpy,
                                     kikan_id_t *out);
/** Add the six built-in sectors (power, telecom, rail, aviation, airports, banking). */
kikan_error_t kikan_world_add_builtin_sectors(kikan_world_t *w);
/**
 * People one customer of sector s stands for (> 0; default 1): households x
 * 2.2, subscriptions x 0.5... Impact in people is customers x this.
 * KIKAN_EINVAL (bad row, frozen), KIKAN_EINPUT (not finite or <= 0). O(1).
 */
kikan_error_t kikan_world_set_sector_people(kikan_world_t *w, kikan_id_t s, double people);
/**
 * The customers (in the sector's unit) whose service the sector's output_jpy
 * pays for (>= 0; default 0 = the customers the world models). The economic
 * model counts a sector's inoperability against max(this, the customers
 * modelled), so a world that models part of a sector with national outputs
 * loses only its part's output. KIKAN_EINVAL, KIKAN_EINPUT. O(1).
 */
kikan_error_t kikan_world_set_sector_output_customers(kikan_world_t *w, kikan_id_t s,
                                                      double customers);
/** Mark equipment class c as handling people's records (data = 1) or not. KIKAN_EINVAL. O(1). */
kikan_error_t kikan_world_set_class_data(kikan_world_t *w, kikan_id_t c, int data);
/** Set the people whose records asset a holds (finite, >= 0). KIKAN_EINVAL, KIKAN_EINPUT. O(1). */
kikan_error_t kikan_world_set_asset_records(kikan_world_t *w, kikan_id_t a, double records);
/**
 * State the population of the area the world models (NaN: not stated), for
 * the plausibility checks of kikan_world_check_plausible. KIKAN_EINVAL,
 * KIKAN_EINPUT (not finite or <= 0). O(1).
 */
kikan_error_t kikan_world_set_population(kikan_world_t *w, double population);
/** The stated population, NaN when not stated. O(1). */
double kikan_world_population(const kikan_world_t *w);
/** People per customer of sector s (no range check). O(1). */
double kikan_world_sector_people(const kikan_world_t *w, kikan_id_t s);
/** Declare a named operator size metric (customers, capacity_mw, deposits_jpy...). */
kikan_error_t kikan_world_add_metric(kikan_world_t *w, const char *name, kikan_id_t *out);
kikan_error_t kikan_world_add_operator(kikan_world_t *w, const char *id, const char *name,
                                       const kikan_id_t *sectors, int n_sectors, int sme,
                                       kikan_id_t *out);
/** Set metric m of operator op (NaN = not given). */
kikan_error_t kikan_world_set_metric(kikan_world_t *w, kikan_id_t op, kikan_id_t m, double value);

typedef struct {
    const char *id;
    kikan_id_t op, sector;
    const char *kind;        /* substation, base_station, exchange, data_centre... */
    const char *region;      /* prefecture or area name */
    double customers;        /* customers served directly (the sector's service unit) */
    double backup_hours;     /* runs this long on its own when a supply is lost */
    double backup_hours_max; /* > backup_hours: backup ~ uniform[backup_hours, max] */
    double restart_hours;    /* warm restart: after a stop a buffer announced (orderly) */
    kikan_dist_t repair;     /* repair time when the asset itself is hit */
} kikan_asset_spec_t;

kikan_error_t kikan_world_add_asset(kikan_world_t *w, const kikan_asset_spec_t *spec,
                                    kikan_id_t *out);
/**
 * Asset a's cold restart: the hours it needs to come back after stopping
 * abruptly (a supply lost with no buffer left, or a hit), against
 * restart_hours after a stop that a buffer announced. Default: restart_hours.
 * KIKAN_EINPUT (with a diagnostic) unless finite and >= restart_hours.
 */
kikan_error_t kikan_world_set_cold_restart(kikan_world_t *w, kikan_id_t a, double hours);
/**
 * Dependency provider -> dependent for `resource`. `group` names a redundancy
 * group of the dependent (NULL or "": the dependency is its own group); the
 * dependent needs at least k of the group's providers working. k must be the
 * same on every row of a group.
 */
kikan_error_t kikan_world_add_dependency(kikan_world_t *w, kikan_id_t provider,
                                         kikan_id_t dependent, const char *resource,
                                         const char *group, int k, kikan_id_t *out);
/**
 * Give dependency `dep` its own buffer: how long the dependent keeps working
 * after losing that supply (a cached authorisation, a store-and-forward
 * queue, an offline mode), on top of the asset's backup hours, which bridge
 * only a loss of power or fuel. Default 0: a lost supply with no buffer
 * stops the dependent at once. A group's buffer is the largest of its rows'.
 * KIKAN_EINPUT (with a diagnostic) when hours is negative or not finite.
 */
kikan_error_t kikan_world_set_buffer(kikan_world_t *w, kikan_id_t dep, double hours);
/** Resources an asset's backup hours bridge: "power" and "fuel". */
int kikan_resource_on_backup(const char *resource);
/** Undirected link inside one sector's network (both ends in the same sector). */
kikan_error_t kikan_world_add_link(kikan_world_t *w, kikan_id_t a, kikan_id_t b, kikan_id_t *out);
kikan_error_t kikan_world_add_vendor(kikan_world_t *w, const char *id, const char *name,
                                     const char *origin, int risk_class, kikan_id_t *out);
kikan_error_t kikan_world_add_class(kikan_world_t *w, const char *id, const char *name,
                                    kikan_id_t sector, int critical, kikan_id_t *out);
kikan_error_t kikan_world_add_contractor(kikan_world_t *w, const char *id, const char *name,
                                         int remote_access, kikan_id_t *out);
/** Installation of equipment class `cls` from `vendor` in `asset`; contractor may be KIKAN_NONE. */
kikan_error_t kikan_world_add_installation(kikan_world_t *w, kikan_id_t asset, kikan_id_t cls,
                                           kikan_id_t vendor, kikan_id_t contractor,
                                           kikan_id_t *out);

/**
 * Check the whole world (k <= group size, every sector has an asset, ...),
 * adding one diagnostic per problem, and freeze it. KIKAN_EINPUT when a
 * problem was found.
 */
kikan_error_t kikan_world_finalize(kikan_world_t *w);

/* Lookups by string id: KIKAN_NONE when absent. O(1) expected. */
kikan_id_t kikan_world_find_sector(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_operator(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_asset(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_vendor(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_class(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_contractor(const kikan_world_t *w, const char *id);
kikan_id_t kikan_world_find_metric(const kikan_world_t *w, const char *name);
kikan_id_t kikan_world_find_kind(const kikan_world_t *w, const char *kind);
kikan_id_t kikan_world_find_region(const kikan_world_t *w, const char *region);

/* Sizes. */
kikan_id_t kikan_world_n_sectors(const kikan_world_t *w);
kikan_id_t kikan_world_n_operators(const kikan_world_t *w);
kikan_id_t kikan_world_n_assets(const kikan_world_t *w);
kikan_id_t kikan_world_n_dependencies(const kikan_world_t *w);
kikan_id_t kikan_world_n_links(const kikan_world_t *w);
kikan_id_t kikan_world_n_installations(const kikan_world_t *w);

/*
 * Read accessors: what a program embedding libkikan (and every layer above
 * models/) reads of the world. Rows are 0..n-1 of the matching kikan_world_n_*;
 * a row out of range gives NULL, KIKAN_NONE, -1 or NaN as stated, never a crash.
 * All O(1); strings are owned by the world and live as long as it.
 */
kikan_id_t kikan_world_n_vendors(const kikan_world_t *w);
kikan_id_t kikan_world_n_classes(const kikan_world_t *w);
kikan_id_t kikan_world_n_contractors(const kikan_world_t *w);
kikan_id_t kikan_world_n_metrics(const kikan_world_t *w);

const char *kikan_world_sector_id(const kikan_world_t *w, kikan_id_t s);
const char *kikan_world_sector_name(const kikan_world_t *w, kikan_id_t s);
/** The sector's service unit ("households", "subscribers"...). */
const char *kikan_world_sector_unit(const kikan_world_t *w, kikan_id_t s);

const char *kikan_world_operator_id(const kikan_world_t *w, kikan_id_t o);
const char *kikan_world_operator_name(const kikan_world_t *w, kikan_id_t o);
/** 1 for a small or medium-sized enterprise, 0 if not, -1 out of range. */
int kikan_world_operator_sme(const kikan_world_t *w, kikan_id_t o);
/** How many sectors the operator serves (-1 out of range), and the i-th of them. */
int kikan_world_operator_n_sectors(const kikan_world_t *w, kikan_id_t o);
kikan_id_t kikan_world_operator_sector(const kikan_world_t *w, kikan_id_t o, int i);
/** Size metric m (kikan_world_find_metric) of operator o; NaN when not given. */
double kikan_world_operator_metric(const kikan_world_t *w, kikan_id_t o, kikan_id_t m);
const char *kikan_world_metric_name(const kikan_world_t *w, kikan_id_t m);

const char *kikan_world_asset_id(const kikan_world_t *w, kikan_id_t a);
kikan_id_t kikan_world_asset_operator(const kikan_world_t *w, kikan_id_t a);
kikan_id_t kikan_world_asset_sector(const kikan_world_t *w, kikan_id_t a);
/** Customers served directly, in the sector's unit (NaN out of range). */
double kikan_world_asset_customers(const kikan_world_t *w, kikan_id_t a);
const char *kikan_world_asset_kind(const kikan_world_t *w, kikan_id_t a);
const char *kikan_world_asset_region(const kikan_world_t *w, kikan_id_t a);

const char *kikan_world_vendor_id(const kikan_world_t *w, kikan_id_t v);
const char *kikan_world_vendor_name(const kikan_world_t *w, kikan_id_t v);
const char *kikan_world_class_id(const kikan_world_t *w, kikan_id_t c);
const char *kikan_world_class_name(const kikan_world_t *w, kikan_id_t c);
const char *kikan_world_contractor_id(const kikan_world_t *w, kikan_id_t c);
const char *kikan_world_contractor_name(const kikan_world_t *w, kikan_id_t c);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
