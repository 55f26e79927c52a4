/*
 * The scope result's named tables: the rows of the HDF5 /scope group
 * (docs/hdf5-schema.md) as plain structs, owned by struct kikan_scope_result
 * (sim/scope_impl.h, member `tables`). A result of kikan_scope_run gets them
 * from the world at the end of the run (kikan_scope_tables_build); a result
 * read back by kikan_h5_read_scope (output/h5_scope.c) has nothing else, as a
 * file holds names, not world rows. The HDF5 writer writes these rows and the
 * reader reads them into the same structs, so both share one row form; the
 * report (output/report.c) and `kikan structure --scope` render them.
 * Private to libkikan (sim/ and output/) and its tests; programs use the
 * kikan_scope_result_* accessors of include/kikan/scope.h.
 */
#ifndef KIKAN_SCOPE_TABLES_H
#define KIKAN_SCOPE_TABLES_H

#include <stdint.h>
#include "kikan/error.h"
#include "kikan/scope.h"
#include "kikan/world.h"

/** One criterion of the sweep (row of /scope/criteria) and its recommended threshold. */
typedef struct {
    char *sector, *metric;         /* ids */
    int32_t operators;             /* operators of the sector */
    double recommended_threshold;  /* regulated when metric >= it; INFINITY: regulate none */
    int32_t recommended_operators; /* operators of the sector regulated by it */
    double stability_bootstrap;    /* share of bootstrap resamples recommending it (NaN: none) */
    double stability_seeds;        /* share of the other seeds recommending it (NaN: none) */
} kikan_scope_tab_criterion_t;

/** One threshold of a sweep (row of /scope/sweep). */
typedef struct {
    int32_t criterion; /* row of /scope/criteria */
    char *sector, *metric;
    double threshold;
    int32_t operators, smes;        /* operators of the sector regulated, SMEs among them */
    double removed, ci_half, share; /* impact removed, 95% CI half-width, share of removable */
} kikan_scope_tab_sweep_t;

/** One point of the efficient frontier (row of /scope/frontier). */
typedef struct {
    int32_t point, operators, smes;
    double cost, estimate, removed, ci_half, share;
    int32_t recommended;       /* 1 for the recommended point */
    double step, step_ci;      /* paired gain over the previous point, its 95% CI half-width */
    int32_t step_significant;  /* 1: the gain's interval excludes 0 */
    double burden, burden_sme; /* screening-days asked of the operators, the SMEs' part */
} kikan_scope_tab_frontier_t;

/** An operator some frontier point regulates (row of /scope/regulated). */
typedef struct {
    int32_t point; /* the first frontier point regulating it (the step that adds it) */
    char *operator_id, *operator_name, *sector, *metric;
    double size;         /* the metric's value */
    int32_t sme;         /* 1: an SME */
    int32_t recommended; /* 1: regulated at the recommendation */
} kikan_scope_tab_regulated_t;

/** The threshold of one criterion at one frontier point (row of /scope/frontier_thresholds). */
typedef struct {
    int32_t point, criterion;
    char *sector, *metric;
    double threshold; /* INFINITY: none of the sector's operators regulated */
    int32_t operators;
} kikan_scope_tab_frontier_thr_t;

/** A small-but-critical operator (row of /scope/small_but_critical). */
typedef struct {
    char *operator_id, *operator_name, *sector;
    double removed, ci_half, share, size_share;
    int32_t dependents, below_all;
    char *reason;
    int32_t sme; /* 1: an SME */
} kikan_scope_tab_small_t;

/** An operator of the evaluated policy's comparison (row of /scope/evaluation). */
typedef struct {
    char *role; /* "regulated" (by the policy), "swap_in" or "swap_out" (at the equal-burden
                   frontier point) */
    char *operator_id, *operator_name;
    int32_t sme;
} kikan_scope_tab_eval_t;

/** An equipment class in rank order (row of /scope/classes). */
typedef struct {
    int32_t rank; /* 1 = most impact removed */
    char *class_id, *class_name;
    double removed, ci_half, share, cum_removed, cum_ci_half;
} kikan_scope_tab_class_t;

/** One row of /scope/worst_case: a compromise (or an operator closing the worst hole). */
typedef struct {
    char *role;    /* "attack" (the K compromises of the worst case at `point`, rank 1..K),
                      "top" (the single compromises by harm at `point`, rank 1..T), or
                      "closer" (rank-th operator closing the worst hole at the recommendation;
                      harm: the worst remaining with it regulated too) */
    int32_t point; /* frontier point */
    int32_t rank;  /* 1 = the worst (or the best closer) */
    char *whatif;  /* the compromise's what-if ("" for a closer... its worst compromise then) */
    char *vendor_id, *vendor_name, *class_id, *contractor_id, *contractor_name; /* "" n/a */
    char *operator_id, *operator_name; /* a closer's operator; "" otherwise */
    double harm, ci_half; /* mean harm over the replicates (the measure's unit), 95% CI */
} kikan_scope_tab_worst_t;

/** One uncertain input of the sensitivity analysis (row of /scope/sensitivity/inputs). */
typedef struct {
    char *input;        /* "screening_effectiveness", ..., "whatif_weight:NAME" */
    char *unit, *range; /* the unit of low, high and base; the range in words */
    double low, high, base;
    double share_low, share_low_ci_half;   /* impact removed at the recommendation (share of the
                                              removable) with the input at low, its 95% CI */
    double share_high, share_high_ci_half; /* the same at high */
    int32_t thresholds_changed; /* criteria whose recommended threshold moves at low or high */
    double morris_mu, morris_mu_star, morris_sigma; /* NaN: not computed */
} kikan_scope_tab_sens_input_t;

/** The recommended threshold of one criterion at each end of one input's range
 *  (row of /scope/sensitivity/thresholds, row input * n_criteria + criterion). */
typedef struct {
    int32_t input, criterion; /* rows of /scope/sensitivity/inputs and /scope/criteria */
    char *sector, *metric;
    double base, low, high; /* INFINITY: regulate none */
} kikan_scope_tab_sens_thr_t;

/** The /scope group read back (the run, or kikan_h5_read_scope); every array and string owned. */
typedef struct {
    char *measure;       /* "weighted", "people", "economic", "records", "customer_hours" */
    char *measure_units; /* "life-weighted person-hours", "person-hours", "JPY"... */
    double effectiveness;
    int64_t n_replicates, simulations, simulations_reused, policies;
    double baseline_mean, baseline_ci_half, compromise_mean, compromise_ci_half;
    double perfect_impact_mean, all_removed_mean, all_removed_ci_half;
    int32_t recommended, budget, best, n_bootstrap, n_seeds;
    double cost_budget, target_share, margin_share;
    char *cost_metric; /* "" when none */
    int32_t n_candidates;
    int n_criteria, n_sweep, n_frontier, n_small,
        n_classes; /* n_frontier_thr = n_frontier*n_criteria */
    int n_regulated;
    kikan_scope_tab_regulated_t *regulated; /* by point, then operator id */
    /* the evaluated policy (ev_done = 0: none) */
    int32_t ev_done, ev_operators, ev_smes, ev_by_rule, ev_named, ev_point;
    char *ev_policy, *ev_name, *ev_source;
    double ev_removed, ev_ci_half, ev_share, ev_diff, ev_diff_ci_half;
    int n_eval;
    kikan_scope_tab_eval_t *eval;
    kikan_scope_tab_criterion_t *criteria;
    kikan_scope_tab_sweep_t *sweep;
    kikan_scope_tab_frontier_t *frontier;
    kikan_scope_tab_frontier_thr_t *frontier_thr; /* [point * n_criteria + criterion] */
    kikan_scope_tab_small_t *small;
    kikan_scope_tab_class_t *classes;
    /* the worst case (n_compromises = 0: not computed) */
    int32_t n_compromises, attacker_budget, recommended_minimax, worst_monotone;
    double minimax_share, best_worst;
    double *frontier_worst, *frontier_worst_ci_half; /* [n_frontier]; NULL when not computed */
    int n_worst;
    kikan_scope_tab_worst_t *worst;
    /* the sensitivity analysis (/scope/sensitivity; n_sens = 0: not computed) */
    int n_sens, n_sens_criteria; /* inputs; criteria per input in sens_thr */
    int32_t sens_replicates, sens_trajectories, sens_runs;
    int32_t sens_most; /* the row of sens moving the answer most; -1: no input moves it */
    double sens_share_base, sens_share_base_ci_half;
    kikan_scope_tab_sens_input_t *sens;
    kikan_scope_tab_sens_thr_t *sens_thr; /* [n_sens * n_sens_criteria] */
} kikan_scope_tables_t;

/**
 * A new table set (*out; kikan_scope_tables_free) from r and the world it was
 * computed on: the attributes, criteria, sweep, frontier, frontier thresholds,
 * the operators regulated, the evaluation, small-but-critical operators,
 * classes, the worst case and the attached sensitivity, with ids and names
 * from `w` (every string an owned copy). KIKAN_EINVAL for NULL or a result
 * read from a file; KIKAN_ENOMEM. O(size of the tables).
 */
kikan_error_t kikan_scope_tables_make(const kikan_scope_result_t *r, const kikan_world_t *w,
                                      kikan_scope_tables_t **out);

/** kikan_scope_tables_make into r->tables (an earlier set freed; unchanged on error). */
kikan_error_t kikan_scope_tables_build(kikan_scope_result_t *r, const kikan_world_t *w);

/**
 * The sensitivity rows of r->tables (n_sens .. sens_thr) made again from r->sens and `w`,
 * every other row left as it is, so the names the accessors handed out stay valid. For
 * kikan_scope_result_attach_sensitivity. KIKAN_EINVAL without tables; KIKAN_ENOMEM (r->tables
 * then unchanged). O(size of the tables).
 */
kikan_error_t kikan_scope_tables_update_sensitivity(kikan_scope_result_t *r,
                                                    const kikan_world_t *w);

/** Free a table set; accepts NULL, clears the pointer. */
void kikan_scope_tables_free(kikan_scope_tables_t **t);

#endif
