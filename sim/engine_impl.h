/*
 * The engine's private layout: the compiled model (flat arrays), the
 * per-thread workspace, and the kernel services a behaviour model calls.
 * Visible to sim/ only; programs use include/kikan/engine.h.
 */
#ifndef KIKAN_ENGINE_IMPL_H
#define KIKAN_ENGINE_IMPL_H

#include <stdint.h>
#include <stdio.h>
#include <gsl/gsl_rng.h>
#include "kikan/engine.h"
#include "sim/behaviour.h"

/* ---- the model ----------------------------------------------------------------------------- */

/** One compiled event of a what-if; its targets are units[unit_off .. unit_off + n_units). */
typedef struct {
    double at, probability;
    int forcing;
    int n_restore;
    kikan_restore_point_t *restore; /* owned copy */
    int64_t unit_off;
    kikan_id_t n_units;
    int order;  /* position in the scenario's list (stable sort by time) */
    char *desc; /* "vendor V3", "contractor M1", "assets", "kind k in r", "sector power" */
} kikan_cevent_t;

struct kikan_model {
    const kikan_world_t *world; /* borrowed: names for traces and provenance */
    const kikan_behaviour_ops_t *ops;
    kikan_id_t n_assets, n_groups, n_sectors, n_ops, n_classes, n_deps;

    /* provider -> the groups it counts in (CSR over deps), with the resource */
    kikan_id_t *out_off; /* [n_assets + 1] */
    kikan_id_t *out_group, *out_res;
    /* groups */
    int32_t *group_k, *group_n;
    kikan_id_t *group_dep;
    kikan_id_t *group_res;  /* the resource of the group's first row (traces) */
    double *group_buf;      /* the group's own buffer (hours; its rows' largest buffer_hours) */
    uint8_t *group_bridged; /* 1: a power or fuel supply, which the asset's backup bridges */
    /* dependent -> its groups (CSR over groups) */
    kikan_id_t *in_off; /* [n_assets + 1] */
    kikan_id_t *in_group;
    /* assets */
    kikan_id_t *a_sector, *a_op, *a_opsec;
    double *a_cust, *a_backup_lo, *a_backup_hi, *a_restart, *a_cold;
    kikan_dist_t *a_repair;
    /* operator x sector pairs (operator's sector list order): size class */
    kikan_id_t n_opsec;
    kikan_id_t *opsec_off; /* [n_ops + 1] */
    kikan_id_t *opsec_sector;
    int8_t *opsec_class;
    /* installations by vendor, by contractor, by asset (CSR of installation ids) */
    kikan_id_t *iv_off, *iv, *ic_off, *ic, *ia_off, *ia;
    /* sectors: life_weight is the sector's life weight x people per customer, so that
       customer-hours x life_weight are life-weighted person-hours */
    double *life_weight;
    double *people; /* people per customer */
    /* records (docs/engine.md "Records exposed") */
    double *a_records;   /* [n_assets] people whose records the asset holds */
    uint8_t *a_abroad;   /* [n_assets] 1: in the region "abroad" */
    uint8_t *class_data; /* [n_classes] 1: the class handles people's records */
    /* regions (docs/engine.md "Regions"): the asset's region and the people it serves */
    kikan_id_t n_regions;
    kikan_id_t *a_region;  /* [n_assets] index into the world's regions */
    double *a_people;      /* [n_assets] customers x people per customer of its sector */
    const char *econ_note; /* why the economic loss is not computed (static), or NULL */
    /* what-ifs: events sorted by trigger time (stable) */
    int n_whatifs;
    int *wi_off; /* [n_whatifs + 1] into events */
    kikan_cevent_t *events;
    int n_events;
    kikan_id_t *unit_asset, *unit_class; /* [n_units]; class KIKAN_NONE: a whole-asset target */
    kikan_id_t *unit_vendor; /* [n_units] the installation's vendor; KIKAN_NONE: asset-level */
    kikan_id_t n_vendors;
    int64_t n_units;
    int64_t max_units;   /* most units in one what-if (workspace hit capacity) */
    int64_t max_forcing; /* most targets of one forcing event */
    /* time and randomness */
    double horizon, step;
    int n_grid;
    uint64_t seed;
    kikan_id_t n_cycles;
    /* economics (kikan_econ_t): on = 0 leaves econ_loss NaN */
    int econ_on;
    double *econ_astar; /* [S*S] */
    double *econ_k;     /* [S] per hour */
    double *econ_x;     /* [S] output per hour, JPY/h */
    double *econ_cust;  /* [S] customers of each sector */
};

/* ---- the workspace ------------------------------------------------------------------------- */

/* Asset states. Working (providing service) = OK or BACKUP. */
enum {
    KIKAN_ST_OK = 0,    /* supplied and working */
    KIKAN_ST_BACKUP,    /* a supply lost, running on backup until its timer */
    KIKAN_ST_DOWN,      /* hit (implant or forcing): down until repair/restore timer */
    KIKAN_ST_STOPPED,   /* backup exhausted or repaired without supply: waits for supply */
    KIKAN_ST_RESTARTING /* supplies back, restarting until its timer */
};

static inline int kikan_st_working(uint8_t st)
{
    return st == KIKAN_ST_OK || st == KIKAN_ST_BACKUP;
}

typedef struct {
    double t, until;
    kikan_id_t asset;
    int event;    /* index into m->events */
    int64_t unit; /* index into m->unit_* */
} kikan_hit_t;

struct kikan_workspace {
    const kikan_model_t *m;
    gsl_rng *rng;   /* compromise decisions: seeded from (seed, whatif, replicate) */
    gsl_rng *arng;  /* an asset's own durations: reseeded from (seed, replicate, asset) */
    uint32_t run;   /* run stamp (never 0 after the first run) */
    uint64_t abase; /* hash of (seed, replicate) for the asset streams */

    /* per asset */
    uint8_t *status, *sup_seen, *in_wl;
    uint8_t *gchg;    /* a group of the asset changed while it stayed unsupplied */
    uint8_t *cold;    /* stopped abruptly (no buffer left, or hit): the next restart is cold */
    int32_t *n_blost; /* power or fuel groups below k: the asset's backup is in use */
    double *b_since;  /* when the backup came into use (the first of them was lost) */
    int32_t *unmet;   /* groups of the asset below k */
    double *timer, *down_until, *t_fail, *t_recover;
    kikan_id_t *heap_pos, *cause, *cause_res;
    uint32_t *touch_stamp, *bdraw_stamp, *rdraw_stamp; /* run stamps: touched, drawn */
    double *backup_len, *repair_len;
    /* per group */
    int32_t *work;  /* working providers */
    double *g_lost; /* when the group last fell below k */
    uint32_t *gtouch_stamp;
    /* the timer heap (assets keyed by (timer, id)) and the worklist (ring) */
    kikan_id_t *heap;
    kikan_id_t heap_n;
    kikan_id_t *wl;
    kikan_id_t wl_head, wl_n;
    /* hits of the current replicate (time order) and forcing scratch */
    kikan_hit_t *hits;
    int64_t n_hits;
    int64_t *perm;  /* forcing: hit units in restore order */
    double *fshare; /* forcing: cumulative customer share of each */
    /* per operator x sector: affected in this run */
    uint32_t *opsec_stamp;
    /* per sector */
    double *cust_down;
    kikan_id_t *n_down;
    double *acc_ch, *acc_peak, *acc_ops; /* this run's metrics (acc_ch owns the block) */
    /* per region, for the regions this run touched (reg_list; reg_stamp == run): people cut
       off now, assets down, and the run's person-hours and peak people */
    double *reg_down, *reg_ph, *reg_pk;
    kikan_id_t *reg_n, *reg_list, n_reg_list;
    uint32_t *reg_stamp;
    /* the current run */
    kikan_replicate_out_t *out;
    double now;
    int next_grid;
    FILE *trace;
    /* the economic model (NULL when off): its description and solver scratch */
    kikan_econ_t econ_desc;
    kikan_econ_ws_t *econ;
    /* attribution (see docs/engine.md "Attribution"): per asset, when it last stopped
       working and its own customer-hours in this run; the assets this run touched */
    double *down_at, *asset_ch;
    kikan_id_t *touched;
    kikan_id_t n_touched;
    int64_t *vkey; /* [max_units] (vendor, asset) keys of this run's implant hits */
    /* fixed-point sums over the replicates this workspace ran, while fx_on (the ensemble):
       [W*n_ops] operator customer-hours x 2^KIKAN_FX_BITS, then [W*(V+1)] implants per
       vendor (last: no vendor), then [W*(V+1)] vendor customer-hours x 2^KIKAN_FX_BITS */
    int64_t *fx;
    int64_t n_fx;
    int fx_on, fx_overflow;
    /* scratch metrics for kikan_replicate_trace */
    double *scratch;
    kikan_replicate_out_t scratch_out;
};

/* ---- kernel services for behaviour models (sim/engine.c) ----------------------------------- */

/** Change asset a's state at time t; updates provider counts, customers, worklist. */
void kikan_kernel_set_status(kikan_workspace_t *ws, kikan_id_t a, uint8_t st, double t);
/** Arm a's timer at time `at` (INFINITY: clear it). One timer per asset. */
void kikan_kernel_set_timer(kikan_workspace_t *ws, kikan_id_t a, double at);
/** a's backup length and repair time in this replicate (drawn once from a's own stream). */
double kikan_kernel_backup(kikan_workspace_t *ws, kikan_id_t a);
double kikan_kernel_repair(kikan_workspace_t *ws, kikan_id_t a);
/**
 * When the buffers of a's lost supplies run out: the earliest over a's groups
 * below k of (time the group fell below k + its own buffer_hours) or, for a
 * power or fuel supply when later, (time a's backup came into use + a's
 * backup hours) — one backup store, in use from the first lost power or fuel
 * supply until none is lost. *group (may be NULL): the group that ends first;
 * *on_backup: 1 when its buffer is a's backup. INFINITY when nothing is lost.
 */
double kikan_kernel_buffer_end(kikan_workspace_t *ws, kikan_id_t a, kikan_id_t *group,
                               int *on_backup);
/** "power (backup 4.00 h)" for group g of a, for traces. */
const char *kikan_kernel_group_desc(kikan_workspace_t *ws, kikan_id_t g, char *buf, size_t n);
/** Is a supplied now (every group holds)? */
static inline int kikan_kernel_supplied(const kikan_workspace_t *ws, kikan_id_t a)
{
    return ws->unmet[a] == 0;
}
/** Write one timeline line (when tracing): "t= ... WHAT asset (sector, operator)  why". */
void kikan_kernel_trace(const kikan_workspace_t *ws, double t, const char *what, kikan_id_t a,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/** "lost power: sub-1" into buf, from a's recorded cause. */
const char *kikan_kernel_cause(const kikan_workspace_t *ws, kikan_id_t a, char *buf, size_t n);

/**
 * After kikan_replicate_run in ws: each region's person-hours and peak people
 * of that run into person_hours[n_regions] and peak_people[n_regions] (the
 * regions the run did not touch: 0). Deterministic in the run, like its metrics.
 */
void kikan_replicate_regions(const kikan_workspace_t *ws, double *person_hours,
                             double *peak_people);

/** The behaviour model named `name`, or NULL. */
const kikan_behaviour_ops_t *kikan_behaviour_find(const char *name);

#endif
