/*
 * kikan — a scenario: what network, what goes wrong, which models, for how
 * long, how many replicates, which screening policy, what scope question and
 * which outputs. Loaded from YAML (scenarios/), documented in README.md and
 * docs/scenario-format.md.
 *
 * DESIGN: the scenario is a transparent value: loaders fill it, the engine,
 * ensemble and scope analysis read it. All references to the world are
 * resolved to indices at load time, so nothing downstream looks up strings.
 */
#ifndef KIKAN_SCENARIO_H
#define KIKAN_SCENARIO_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** What a compromise (or forcing) event targets. */
typedef enum {
    KIKAN_TARGET_VENDOR = 0,  /* every installation of `vendor` (of `classes`, if any) */
    KIKAN_TARGET_CONTRACTOR,  /* every asset with an installation maintained by `contractor` */
    KIKAN_TARGET_ASSETS,      /* the named assets */
    KIKAN_TARGET_KIND_REGION, /* every asset of `kind` (in `region`, if not KIKAN_NONE) */
    KIKAN_TARGET_SECTOR,      /* every asset of `sector` (forcing: a whole-area blackout) */
    KIKAN_TARGET_SELECT       /* every asset matching all of `op`, `kind`, `region`, `sector`
                                 that are not KIKAN_NONE (an operator's assets, of a kind...) */
} kikan_target_kind_t;

/** One restoration step: by `hours` after the event, `fraction` of the targets are back. */
typedef struct {
    double hours, fraction;
} kikan_restore_point_t;

typedef struct {
    char *name; /* optional label, for traces and tables */
    kikan_target_kind_t target;
    kikan_id_t vendor;   /* VENDOR */
    kikan_id_t *classes; /* VENDOR, CONTRACTOR: limit to these classes; NULL = all */
    int n_classes;
    kikan_id_t contractor; /* CONTRACTOR */
    kikan_id_t *assets;    /* ASSETS */
    int n_assets;
    kikan_id_t kind, region; /* KIND_REGION (region KIKAN_NONE = anywhere) */
    kikan_id_t sector;       /* SECTOR */
    kikan_id_t op;           /* SELECT: the assets' operator (KIKAN_NONE = any) */
    double probability;      /* each target carries the implant with this probability */
    double at_hours;         /* trigger time t0 */
    /*
     * Forcing: when n_restore > 0 the targets come back on this schedule
     * (customer-weighted, in an order drawn per replicate) instead of after
     * their sampled repair time. Screening never applies to forcing.
     */
    kikan_restore_point_t *restore;
    int n_restore;
    int forcing; /* 1: an external outage (not an implant), screening does not apply */
} kikan_event_t;

/** Where a what-if comes from: written by hand, or expanded from a `portfolio:` entry. */
typedef enum {
    KIKAN_PORTFOLIO_NONE = 0,   /* written by hand */
    KIKAN_PORTFOLIO_VENDORS,    /* one (vendor, critical equipment class it supplies) */
    KIKAN_PORTFOLIO_CONTRACTORS /* one contractor */
} kikan_portfolio_t;

/** A what-if: a named set of events that happen in the same world. */
typedef struct {
    char *name;
    char *description;
    kikan_event_t *events;
    int n_events;
} kikan_whatif_t;

/** Regulate operator when its metric reaches the threshold (in a sector). */
typedef struct {
    kikan_id_t sector; /* KIKAN_NONE: any sector */
    kikan_id_t metric;
    double at_least;
} kikan_rule_t;

typedef struct {
    int enabled;
    double effectiveness; /* probability that screening removes an implant, in [0, 1] */
    kikan_id_t *classes;  /* equipment classes screened; NULL = all */
    int n_classes;
    kikan_rule_t *rules; /* an operator is regulated when any rule holds */
    int n_rules;
    kikan_id_t *operators; /* operators regulated by name */
    int n_operators;
} kikan_screening_t;

/** A size criterion to sweep in the scope analysis. */
typedef struct {
    kikan_id_t sector;
    kikan_id_t metric;
    double *thresholds; /* NULL: derived from the operators' sizes */
    int n_thresholds;
} kikan_criterion_t;

typedef struct {
    kikan_criterion_t *criteria;
    int n_criteria;
    int budget;             /* operators; 0 = none given */
    kikan_id_t cost_metric; /* KIKAN_NONE, or the operator metric giving a cost */
    double cost_budget;     /* with cost_metric */
    double small_factor;    /* flag operators whose impact share / size share > this */
    /* the burden screening puts on one operator, in screening-days (assumptions, docs/scope.md):
       burden_fixed + burden_per_installation x its installations of the screened classes */
    double burden_fixed;            /* default 20 */
    double burden_per_installation; /* default 2 */
} kikan_scope_t;

/**
 * The economic (input-output) model, resolved at load time (see
 * docs/scenario-format.md "Economics" and include/kikan/econ.h). enabled = 0
 * leaves the economic loss NaN ("not computed").
 */
typedef struct {
    int given;        /* 1: the scenario has an `economics:` block */
    int enabled;      /* compute the economic loss */
    char *astar_path; /* the A* file as opened, or NULL (built-in A*) */
    double *astar;    /* [n_sectors^2] row-major in sector order (NULL when not enabled) */
    double *k;        /* [n_sectors] resilience coefficients per hour (NULL when not enabled) */
    int n_sectors;
} kikan_economics_t;

typedef struct {
    char *path;      /* the scenario file as given */
    char *text;      /* the whole YAML text, for provenance; with --set overrides, followed by one
                        comment line "# kikan --set KEY=VALUE" per override */
    char *overrides; /* the --set overrides applied, "KEY=VALUE" one a line; NULL: none */
    char *policy_path, *policy_name, *policy_source; /* the policy file merged into screening
                                                        (kikan_scenario_load_with); NULL: none */
    char *name, *description;
    /* network */
    char *tables_dir; /* CSV tables (absolute or relative to the cwd, resolved) */
    char *generator;  /* or a built-in generator ("japan", "tiny"...) */
    uint64_t generator_seed;
    double generator_scale;
    int synthetic;     /* 1: the network is synthetic (marked on every output) */
    double population; /* `population:` people in the area modelled; NaN = not stated */
    /* models */
    char *default_model;  /* "dependency" */
    char **sector_models; /* [n_sectors] NULL = default */
    int n_sector_models;
    /* time */
    double horizon_hours;
    double step_hours; /* output grid step */
    /* ensemble */
    int64_t replicates;
    uint64_t seed;
    /* what goes wrong */
    kikan_whatif_t *whatifs;
    int n_whatifs;
    /* the threat portfolio (docs/scenario-format.md): NULL when no what-if was expanded from a
       `portfolio:` entry; otherwise [n_whatifs] where each what-if comes from (an expanded one
       has one event: its vendor and class, or its contractor) and its weight in the scope's
       harm (1 for a hand-written one, the portfolio's table for an expanded one) */
    kikan_portfolio_t *whatif_portfolio;
    double *whatif_weight;
    kikan_screening_t screening;
    kikan_scope_t scope;
    kikan_economics_t economics;
    /* outputs */
    char *out_hdf5, *out_csv_dir;
    int out_json;
} kikan_scenario_t;

/**
 * The stated weight table of the threat portfolio (an assumption, docs/scenario-format.md
 * "Threat portfolio"; a scenario overrides it with `weights:`): a vendor compromise weighs 0.5,
 * 1, 2, 4 for risk class 0, 1, 2, 3 (a class above 3 weighs 4); a contractor compromise 1
 * without and 2 with remote access. `cls`: the risk class, or remote_access (0/1). NaN for
 * KIKAN_PORTFOLIO_NONE or cls < 0. O(1).
 */
double kikan_portfolio_default_weight(kikan_portfolio_t kind, int cls);

/** What-if i's weight in the scope's harm (1 without a portfolio). O(1). */
double kikan_scenario_whatif_weight(const kikan_scenario_t *s, int i);

/**
 * Load and validate a scenario and the world it names. Every problem found is
 * added to ctx's diagnostics as "FILE:LINE:COL: message" (YAML) or
 * "FILE:LINE: field: message" (CSV); then KIKAN_EINPUT is returned and
 * nothing is allocated. On success the caller owns *scenario and *world.
 */
kikan_error_t kikan_scenario_load(kikan_ctx_t *ctx, const char *path, kikan_scenario_t **scenario,
                                  kikan_world_t **world);
/**
 * As kikan_scenario_load, with `n_sets` overrides "KEY=VALUE" applied to the
 * YAML document before it is validated: KEY is a path of mapping keys and list
 * indices ("screening.effectiveness", "whatifs[2].events[0].probability"); the
 * value replaces the scalar there, or is added (with any missing mappings on
 * the way) when the key is absent, and is then validated like the file (an
 * unknown key gets the loader's did-you-mean). Problems are reported as
 * "--set KEY=VALUE: ..." and give KIKAN_EINPUT: no '=', an empty key, an index
 * on a mapping or a key on a list, an index out of range, a path ending on a
 * mapping or list. The overrides are recorded in scenario->overrides and
 * appended to scenario->text as comments (provenance).
 *
 * `policy` (NULL: none) names a policy file (scenarios/policies/): a mapping
 * with `screening` (rules and named operators, optionally classes and
 * effectiveness) and optional `name`, `source`, `description`. Its screening
 * keys replace the scenario's before validation, and the scenario's `rules` and
 * `operators` are dropped when the policy gives none (the policy says who is
 * regulated); problems are reported at the policy file's line. Recorded in
 * policy_path, policy_name, policy_source and as a comment in the text.
 */
kikan_error_t kikan_scenario_load_with(kikan_ctx_t *ctx, const char *path, const char *const *sets,
                                       int n_sets, const char *policy, kikan_scenario_t **scenario,
                                       kikan_world_t **world);
/** Free a scenario; accepts NULL, clears the pointer. */
void kikan_scenario_free(kikan_scenario_t **scenario);
/** Length of a tables checksum string, NUL included ("fnv1a64:" + 16 hex digits). */
#define KIKAN_CHECKSUM_LEN 25
/**
 * Checksum of the CSV tables in `dir` (FNV-1a 64 over each table's name,
 * length and bytes, in a fixed order; absent tables count as empty), for
 * provenance. KIKAN_EIO on a read error. O(bytes of the tables).
 */
kikan_error_t kikan_tables_checksum(const char *dir, char out[KIKAN_CHECKSUM_LEN]);

/** Without a stated population, no asset or sector may serve more people than this. */
#define KIKAN_PLAUSIBLE_PEOPLE_MAX 1.5e9
/** An operator's assets may serve at most this many times the customers (or passengers) its
 *  own metric gives: more is a unit or time basis mixed up, or an asset's customers mistyped.
 *  Fewer is normal: a table may model a slice of an operator, and operators give passengers
 *  a year while their assets serve passengers a day. */
#define KIKAN_PLAUSIBLE_METRIC_RATIO 10.0

/** Number of output grid points: floor(horizon/step) + 1. */
int kikan_scenario_n_grid(const kikan_scenario_t *s);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
