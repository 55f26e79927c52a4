/*
 * The world's tables, visible inside libkikan (scenario loaders, generators,
 * the compiler in sim/ and the HDF5 writer read them directly). Programs
 * outside the library use include/kikan/world.h.
 */
#ifndef KIKAN_WORLD_IMPL_H
#define KIKAN_WORLD_IMPL_H

#include "kikan/world.h"
#include "core/strtab.h"

typedef struct {
    char *name, *unit;
    double life_weight;         /* weight of life-critical service (1 = ordinary) */
    double output_jpy;          /* annual economic output, for the input-output model */
    double people_per_customer; /* people one customer stands for (1 unless stated) */
    double output_customers;    /* customers output_jpy belongs to; 0 = those modelled */
} kikan_sector_t;

typedef struct {
    char *name;
    kikan_id_t *sectors; /* [n_sectors] */
    int n_sectors;
    int sme;
} kikan_operator_t;

typedef struct {
    kikan_id_t op, sector, kind, region; /* kind/region index w->kinds / w->regions */
    double customers;
    double backup_hours, backup_hours_max;
    double restart_hours;
    kikan_dist_t repair;
    double cold_restart_hours; /* >= restart_hours */
    double records;            /* people whose personal records the asset holds */
} kikan_asset_t;

typedef struct {
    kikan_id_t provider, dependent, resource, group;
    double buffer_hours; /* the dependent's own buffer for this supply (0: none) */
} kikan_dep_t;

typedef struct {
    kikan_id_t dependent;
    kikan_id_t label; /* index into w->group_labels; KIKAN_NONE: unnamed (one dependency) */
    int32_t k, n;     /* needs k of its n providers */
} kikan_group_t;

typedef struct {
    kikan_id_t a, b;
} kikan_link_t;

typedef struct {
    char *name, *origin;
    int risk_class;
} kikan_vendor_t;

typedef struct {
    char *name;
    kikan_id_t sector;
    int critical;
    int data; /* handles people's records: an implant in it exposes its asset's records */
} kikan_class_t;

typedef struct {
    char *name;
    int remote_access;
} kikan_contractor_t;

typedef struct {
    kikan_id_t asset, cls, vendor, contractor;
} kikan_install_t;

struct kikan_world {
    kikan_ctx_t *ctx; /* borrowed: diagnostics go here */
    int frozen;
    double population; /* people in the area modelled; NaN = not stated */

    kikan_strtab_t sector_ids, operator_ids, asset_ids, vendor_ids, class_ids, contractor_ids;
    kikan_strtab_t metric_names, kinds, regions, resources;
    kikan_strtab_t group_labels; /* distinct labels of named groups, each stored once */
    /* open-addressing index of the named groups by (dependent, label): group ids or
       KIKAN_NONE; unnamed groups are never looked up and take no entry */
    kikan_id_t *named_slot;
    uint32_t n_named_slot; /* power of two (0: none yet) */
    kikan_id_t n_named;

    kikan_sector_t *sectors;
    kikan_operator_t *operators;
    double *op_metrics; /* [n_operators * metric_cap], NaN = not given */
    kikan_id_t metric_cap;
    kikan_asset_t *assets;
    kikan_dep_t *deps;
    kikan_group_t *groups;
    kikan_link_t *links;
    kikan_vendor_t *vendors;
    kikan_class_t *classes;
    kikan_contractor_t *contractors;
    kikan_install_t *installs;

    kikan_id_t n_sectors, n_operators, n_assets, n_deps, n_groups, n_links, n_vendors, n_classes,
        n_contractors, n_installs;
    kikan_id_t cap_sectors, cap_operators, cap_assets, cap_deps, cap_groups, cap_links, cap_vendors,
        cap_classes, cap_contractors, cap_installs;
};

/** The label of group g ("" for an unnamed group). */
static inline const char *kikan_world_group_label(const kikan_world_t *w, kikan_id_t g)
{
    kikan_id_t l = w->groups[g].label;
    return l == KIKAN_NONE ? "" : kikan_strtab_get(&w->group_labels, l);
}

/** Bytes the world's tables hold (capacities included), for memory accounting. */
size_t kikan_world_bytes(const kikan_world_t *w);

/** Metric m of operator op (NaN when not given). */
static inline double kikan_world_metric(const kikan_world_t *w, kikan_id_t op, kikan_id_t m)
{
    return w->op_metrics[(int64_t)op * w->metric_cap + m];
}

#endif
