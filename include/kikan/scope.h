/*
 * kikan — the scope analysis: which operators, of which size, and which
 * equipment classes the pre-screening has to reach to remove most of the
 * systemic risk, and at what burden (operators regulated, SMEs among them).
 *
 * Impact measure: one scalar per replicate, the sum over sectors and what-ifs
 * of life-weighted customer-hours (KIKAN_SCOPE_LIFE_WEIGHTED, default) or of
 * plain customer-hours (KIKAN_SCOPE_CUSTOMER_HOURS). The baseline is no
 * screening. "Impact removed" by a policy is E[baseline - policy], estimated
 * on the SAME replicates (common random numbers: the engine draws the same
 * numbers whatever the policy), with a 95% confidence interval on the paired
 * difference (Student t, n - 1 degrees of freedom). The "compromise-caused"
 * impact is what screening every installation of every operator with
 * effectiveness 1 removes (the baseline minus the forcing-only impact);
 * shares are relative to it.
 *
 * Policies of the sweep screen the scenario's screening classes (all when it
 * lists none) with the scenario's screening effectiveness (0.9 when the
 * scenario's screening is disabled); the scenario's own screening rules and
 * named operators are not used by the sweep (it decides who is regulated) but
 * are evaluated against it with options.evaluate (the rule in force).
 *
 * The recommendation (kikan_scope_recommend) is the smallest frontier point
 * not significantly worse than the best within the budget; its stability is
 * measured by a bootstrap of the replicates and by reruns with other seeds;
 * each frontier step carries the paired interval of its gain; every output
 * names the operators regulated. The harm summed is the one function `harm`
 * in sim/scope.c, weighted per what-if by options.whatif_weight (NULL: the scenario's what-if
 * weights, 1 for a hand-written what-if and the portfolio's table for an expanded one).
 *
 * DESIGN: one result type, opaque (sim/scope_impl.h), whether computed or read
 * back from a file; its named rows (sim/scope_tables.h) are the HDF5 /scope
 * tables, so the writer and the reader share one row form.
 */
#ifndef KIKAN_SCOPE_H
#define KIKAN_SCOPE_H

#include <stdint.h>
#include <stdio.h>
#include "kikan/context.h"
#include "kikan/engine.h"
#include "kikan/error.h"
#include "kikan/scenario.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** Continuous inputs of kikan_scope_sensitivity (effectiveness, implant probability, backup,
 * repair, restart, life weights); one more input per what-if (its weight) follows them. */
#define KIKAN_SCOPE_SENS_INPUTS 6

/** One uncertain input: its range, the answer at each end, and its Morris effects. */
typedef struct {
    const char *name, *range;  /* static strings, or name_buf */
    const char *unit;          /* unit of lo, hi and base (static string) */
    char *name_buf;            /* owned name of a what-if weight input; NULL otherwise */
    double lo, hi, base;       /* the range and the value of the main analysis */
    double share_lo, share_hi; /* impact removed at the recommendation (share of the removable)
                                  with the input at lo / hi, the others at base */
    double share_lo_ci, share_hi_ci; /* their 95% CI half-widths (the recommended frontier point's
                                        paired interval, as a share; NaN with one replicate) */
    double *thr_lo, *thr_hi;   /* [n_criteria] the recommended thresholds then (INFINITY: none) */
    int thr_changed;           /* criteria whose threshold differs from the base at lo or hi */
    double mu, mu_star, sigma; /* Morris: mean, mean |.|, sd of the elementary effects on the share
                                  per unit of the normalised range (NaN without trajectories) */
} kikan_scope_sens_input_t;

/** What kikan_scope_sensitivity found (kikan_scope_sens_free). */
typedef struct {
    int n_inputs, n_criteria, replicates, trajectories, runs;
    double share_base;            /* the share removed at the recommendation, all inputs at base */
    double share_base_ci;         /* its 95% CI half-width (share; NaN with one replicate) */
    double *thr_base;             /* [n_criteria] */
    kikan_scope_sens_input_t *in; /* [n_inputs]: the KIKAN_SCOPE_SENS_INPUTS continuous ones
                                     (Morris), then "whatif_weight:NAME" per what-if: its weight
                                     0 (dropped) .. 2, one at a time only */
    int most; /* the input moving the answer most: most thresholds changed, then the share;
                 -1 when no input moves a threshold or the share */
} kikan_scope_sens_t;

typedef enum {
    KIKAN_SCOPE_LIFE_WEIGHTED = 0,  /* life-weighted person-hours ("weighted") */
    KIKAN_SCOPE_CUSTOMER_HOURS = 1, /* customer-hours, each sector in its own unit */
    KIKAN_SCOPE_PEOPLE = 2,         /* person-hours without service ("people") */
    KIKAN_SCOPE_ECONOMIC = 3,       /* economic loss, JPY (needs the economic model) */
    KIKAN_SCOPE_RECORDS = 4         /* people's records exposed */
} kikan_scope_measure_t;
#define KIKAN_SCOPE_N_MEASURES 5

/** Parse a measure name: weighted (or life_weighted), people, economic, records,
 *  customer_hours. KIKAN_EINPUT for anything else. O(1). */
kikan_error_t kikan_scope_measure_parse(const char *name, kikan_scope_measure_t *measure);
/** The measure's name as the CLI and the outputs write it ("weighted"...). O(1). */
const char *kikan_scope_measure_name(kikan_scope_measure_t measure);
/** The measure's unit ("life-weighted person-hours", "JPY"...). O(1). */
const char *kikan_scope_measure_unit(kikan_scope_measure_t measure);

/** Knobs of the analysis; kikan_scope_options_default fills the documented defaults. */
typedef struct {
    int64_t replicates;            /* replicates per policy and what-if (default 128) */
    kikan_scope_measure_t measure; /* default KIKAN_SCOPE_LIFE_WEIGHTED */
    double effectiveness;          /* < 0: the scenario's (0.9 when screening disabled) */
    int budget;                    /* > 0: operator budget, overrides scenario->scope.budget */
    double cost_budget;            /* > 0: cost budget (needs scope.cost_metric), overrides */
    int max_thresholds;            /* thresholds derived per criterion (default 12) */
    double target_share;           /* no budget: recommend the first frontier point reaching
                                      this share of the frontier's maximum (default 0.9) */
    int max_candidates;            /* small operators simulated alone (default 256) */
    double min_share;              /* smallest impact share worth flagging (default 0.01) */
    int top_k;                     /* "top impacts" = the top_k single-operator impacts (5) */
    int dedup;                     /* 1 (default): reuse runs proven identical (see scope.c) */
    int bootstrap;                 /* bootstrap resamples of the replicates for the stability of the
                                      recommendation (default 200; 0: none) */
    int stability_seeds; /* K: rerun the sweep and frontier with seeds seed+1 .. seed+K and count
                            how often each recommended threshold recurs (default 0; the CLI's 2) */
    double margin_share; /* a shortfall from the best point smaller than this share of the
                            compromise-caused impact is no loss (default 0.001) */
    int budget_burden;   /* 1: cost_budget is a budget of burden (screening-days, see
                            kikan_scope_result_t.op_burden) instead of the cost metric's */
    const double *whatif_weight; /* [n_whatifs] weight of each what-if in the harm minimised
                                    (>= 0; NULL, the default: 1 each) */
    int evaluate;         /* 1: also evaluate the scenario's own screening (its rules and named
                             operators: the rule in force, or a policy file merged by
                             kikan_scenario_load_with) against the frontier (default 0) */
    int recommend_only;   /* 1: stop after the recommendation (no classes, no small-but-critical
                             operators, no stability, no worst case); what the stability reruns
                             use (default 0) */
    int attacker_budget;  /* K: compromises the adversary combines (default 1) */
    double minimax_share; /* the minimax recommendation: the smallest point within the budget
                             whose worst remaining harm is at most (1 + this) x the least any
                             point within the budget leaves (default 0.10) */
    int worst_top;        /* compromises listed per frontier point, largest first (default 5) */
    int close_candidates; /* unregulated operators tried for closing the worst hole at the
                             recommendation (default 16; 0: none) */
} kikan_scope_options_t;

/** Fill `o` with the defaults above. */
void kikan_scope_options_default(kikan_scope_options_t *o);

/**
 * The result of the scope analysis (opaque; read with the kikan_scope_result_*
 * accessors below, docs/api.md), from kikan_scope_run or read back from a
 * results file by kikan_h5_read_scope (kikan/output.h). Ids (operators,
 * sectors, metrics, classes) are the world's row indices; names come from the
 * world the model was compiled with, and the result keeps them too (the
 * *_names / *_id accessors), so a result read from a file, which has no world
 * rows, still names its criteria and operators.
 */
typedef struct kikan_scope_result kikan_scope_result_t;

/* ---- reading a scope result (docs/api.md) ----------------------------------------------
 * Every accessor is O(1) and checks its arguments: NULL results or an index
 * out of range give 0 (sizes), -1 (frontier points), KIKAN_NONE (ids), NULL
 * (names), or KIKAN_EINVAL with *out untouched. A part the analysis did not
 * compute (options.recommend_only: no classes, no worst case, no names) reads
 * as absent or NaN. A result read from a file (kikan_scope_result_from_file)
 * has the sizes, the reference points, the frontier's points, the recommended
 * thresholds and the names, but no world rows: kikan_scope_result_criterion,
 * _rec_op, _op_point and _class give KIKAN_EINVAL, KIKAN_NONE or -1 for it,
 * n_operators is 0, n_classes the classes the file ranks, and the functions
 * needing per-replicate data (kikan_scope_recommend, _stability_bootstrap,
 * _attach_sensitivity) refuse it.
 */

/** 1 when r was read back from a results file (kikan_h5_read_scope), else 0. */
int kikan_scope_result_from_file(const kikan_scope_result_t *r);

/** Sizes: replicates, what-ifs, operators and classes of the world, criteria, frontier points. */
int64_t kikan_scope_result_n_replicates(const kikan_scope_result_t *r);
int kikan_scope_result_n_whatifs(const kikan_scope_result_t *r);
kikan_id_t kikan_scope_result_n_operators(const kikan_scope_result_t *r);
kikan_id_t kikan_scope_result_n_classes(const kikan_scope_result_t *r);
int kikan_scope_result_n_criteria(const kikan_scope_result_t *r);
int kikan_scope_result_n_frontier(const kikan_scope_result_t *r);
/** The impact measure the analysis minimised (KIKAN_SCOPE_LIFE_WEIGHTED for NULL). */
kikan_scope_measure_t kikan_scope_result_measure(const kikan_scope_result_t *r);
/** Replicate runs performed, and runs answered by a proven-identical one (0 for NULL). */
int64_t kikan_scope_result_simulations(const kikan_scope_result_t *r);
int64_t kikan_scope_result_simulations_reused(const kikan_scope_result_t *r);
/** The scenario's seed and name ("" when unnamed; NULL for NULL results). */
uint64_t kikan_scope_result_seed(const kikan_scope_result_t *r);
const char *kikan_scope_result_scenario(const kikan_scope_result_t *r);

/** Impact with no screening, and impact the compromises cause (the 100% of every share):
 *  means over the replicates and 95% CI half-widths (NaN with one replicate). KIKAN_EINVAL
 *  for NULL arguments; either output may be NULL. */
kikan_error_t kikan_scope_result_baseline(const kikan_scope_result_t *r, double *mean, double *ci);
kikan_error_t kikan_scope_result_compromise(const kikan_scope_result_t *r, double *mean,
                                            double *ci);

/** Criterion c of the sweep: the sector and the size metric its threshold applies to
 *  (either output may be NULL). KIKAN_EINVAL out of range. */
kikan_error_t kikan_scope_result_criterion(const kikan_scope_result_t *r, int c, kikan_id_t *sector,
                                           kikan_id_t *metric);

/** Criterion c's sector id and size metric name (strings owned by r). KIKAN_EINVAL out of
 *  range or without names (options.recommend_only); either output may be NULL. */
kikan_error_t kikan_scope_result_criterion_names(const kikan_scope_result_t *r, int c,
                                                 const char **sector, const char **metric);

/** One point of the efficient frontier (point 0: nobody regulated). */
typedef struct {
    kikan_id_t n_ops, n_smes;  /* operators regulated (distinct), SMEs among them */
    double cost;               /* sum of the cost metric (0 without one) */
    double removed, ci, share; /* impact removed (mean, 95% CI half-width), share of the
                                  compromise-caused impact */
    double burden, burden_sme; /* screening-days asked of operators, the SMEs' part */
    double step, step_ci;      /* gain over the previous point, paired 95% CI half-width */
    int step_sig;              /* 1: the gain's interval excludes 0 */
    double worst, worst_ci;    /* worst remaining harm (the attacker's), NaN when not
                                  computed */
} kikan_scope_point_t;

/** Frontier point i. KIKAN_EINVAL (NULL arguments, i out of range). */
kikan_error_t kikan_scope_result_point(const kikan_scope_result_t *r, int i,
                                       kikan_scope_point_t *out);
/** The recommended frontier point; -1 for NULL results. */
int kikan_scope_result_recommended(const kikan_scope_result_t *r);
/** The frontier point removing most within the budget (no budget: the last point); -1 NULL. */
int kikan_scope_result_best(const kikan_scope_result_t *r);
/** The minimax recommendation (least worst remaining harm); -1 when not computed or NULL. */
int kikan_scope_result_recommended_minimax(const kikan_scope_result_t *r);
/** The recommended threshold of criterion c (regulated when the metric >= it; INFINITY:
 *  nobody of the sector). KIKAN_EINVAL out of range. */
kikan_error_t kikan_scope_result_threshold(const kikan_scope_result_t *r, int c, double *thr);
/** The threshold of criterion c at frontier point i (regulated when the metric >= it;
 *  INFINITY: nobody of the sector) and the sector's operators it regulates; either output may
 *  be NULL. KIKAN_EINVAL out of range or without names (options.recommend_only). */
kikan_error_t kikan_scope_result_point_threshold(const kikan_scope_result_t *r, int i, int c,
                                                 double *thr, kikan_id_t *n_ops);
/** Operators regulated at the recommendation, and the i-th of them in ascending id order
 *  (a world operator row: kikan_world_operator_id/_name); KIKAN_NONE out of range or for a
 *  result read from a file. */
kikan_id_t kikan_scope_result_n_rec_ops(const kikan_scope_result_t *r);
kikan_id_t kikan_scope_result_rec_op(const kikan_scope_result_t *r, kikan_id_t i);
/** The id and name of the i-th operator regulated at the recommendation (0 <= i <
 *  n_rec_ops), in the order of the file's /scope/regulated rows: by the frontier point adding
 *  it, then world row (the same operators as _rec_op, in another order). Strings owned by r;
 *  NULL out of range or without names (options.recommend_only). */
const char *kikan_scope_result_rec_op_id(const kikan_scope_result_t *r, kikan_id_t i);
const char *kikan_scope_result_rec_op_name(const kikan_scope_result_t *r, kikan_id_t i);
/** The first frontier point that regulates operator op; -1 when none does or op is out of
 *  range. */
int kikan_scope_result_op_point(const kikan_scope_result_t *r, kikan_id_t op);

/** Equipment class ranked k (all operators regulated, this class alone screened). */
typedef struct {
    kikan_id_t cls;             /* the world's class row */
    double removed, ci, share;  /* impact removed by screening it alone */
    double cum_removed, cum_ci; /* by the classes ranked 0..k together */
} kikan_scope_class_t;
/** Class ranked k (0: most impact removed). KIKAN_EINVAL out of range or not computed. */
kikan_error_t kikan_scope_result_class(const kikan_scope_result_t *r, kikan_id_t k,
                                       kikan_scope_class_t *out);
/**
 * Run kikan_scope_sensitivity with these arguments and attach its result to
 * `r` (owned by r, written and printed with it; an earlier one is freed).
 * Errors as kikan_scope_sensitivity; KIKAN_EINVAL also for a result read from a
 * file; r is unchanged on error.
 */
kikan_error_t kikan_scope_result_attach_sensitivity(kikan_ctx_t *ctx, kikan_world_t *world,
                                                    const kikan_scenario_t *scenario,
                                                    const kikan_scope_options_t *opt,
                                                    int trajectories, kikan_scope_result_t *r);

/**
 * Run the scope analysis on a compiled model (`m` compiled from `scenario`'s
 * world and `scenario`, whose scope and screening sections are read).
 * OpenMP with kikan_ctx_threads(ctx) threads over (policy, what-if,
 * replicate); results bit-identical for any thread count.
 *
 * Errors: KIKAN_EINVAL (NULL arguments, replicates < 1); KIKAN_EINPUT with a
 * diagnostic (a criterion's sector or metric out of range, a threshold not
 * finite, effectiveness outside [0, 1], a cost budget without a cost metric);
 * KIKAN_ENOMEM; KIKAN_EINTERRUPTED when ctx asks to stop.
 * Cost: simulations = (distinct policies x what-ifs x replicates) runs, about
 * (2 + thresholds + frontier points + candidates + 2 x classes) policies.
 * On success the caller owns *out.
 */
kikan_error_t kikan_scope_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                              const kikan_scenario_t *scenario, const kikan_scope_options_t *opt,
                              kikan_scope_result_t **out);

/**
 * The recommendation rule, on a result's frontier (fr_ops, fr_cost, fr_removed,
 * fr_rep, budget, cost_budget, compromise_mean): with a budget (operators, or
 * cost when cost_budget > 0), `best` is the point removing most within it and
 * the recommendation the smallest point not significantly worse than `best`:
 * the lower end of the 95% interval of its paired shortfall (best - point) is
 * at most opt->margin_share x compromise_mean (with one replicate: the
 * shortfall itself). Without a budget, the first point removing at least
 * opt->target_share of the most any point removes (best: that point).
 * `removed` and `rep` replace fr_removed and fr_rep when not NULL (the
 * bootstrap's resamples); `tmp` is scratch of n_replicates doubles. Returns
 * the point; -1 for NULL arguments or a result read from a file (no per-replicate data).
 * O(n_frontier x n_replicates).
 */
int kikan_scope_recommend(const kikan_scope_result_t *r, const double *removed, const double *rep,
                          const kikan_scope_options_t *opt, double *tmp, int *best);

/**
 * Fill r->rec_boot (and n_bootstrap): for opt->bootstrap resamples of the
 * replicates with replacement (a GSL mt19937 seeded from r->seed), the share per
 * criterion in which kikan_scope_recommend on the resampled fr_rep picks a point
 * with the same threshold as r->recommended. NaN when opt->bootstrap is 0.
 * KIKAN_EINVAL on NULL or a result read from a file, KIKAN_ENOMEM. O(bootstrap x n_frontier^2 x
 * n_replicates).
 */
kikan_error_t kikan_scope_stability_bootstrap(kikan_scope_result_t *r,
                                              const kikan_scope_options_t *opt);

/**
 * Sensitivity of the recommendation: each input of KIKAN_SCOPE_SENS_INPUTS set
 * to each end of its stated range with the others at base (one at a time),
 * then `trajectories` Morris trajectories (4 levels; base levels and input
 * order from GSL's Sobol sequence), each setting a fresh compile and a scope
 * run up to the recommendation with opt's replicates. The world's asset and
 * sector parameters are changed during the runs and restored exactly before
 * returning (also on error). Then each what-if's weight set to 0 and to 2 (one
 * at a time). Cost: 1 + 2 x (6 + what-ifs) + trajectories x 7 scope runs.
 * KIKAN_EINVAL on NULL or trajectories < 0; as kikan_scope_run otherwise.
 */
kikan_error_t kikan_scope_sensitivity(kikan_ctx_t *ctx, kikan_world_t *world,
                                      const kikan_scenario_t *scenario,
                                      const kikan_scope_options_t *opt, int trajectories,
                                      kikan_scope_sens_t **out);

/**
 * The attacker's choice: among n compromises with per-replicate harms `harm` [n x R]
 * (compromise-major), greedily pick up to K (each step the compromise raising the mean over
 * the replicates of the summed harms most; ties: the lower index), writing them to chosen[K]
 * (-1 past n) and the mean and 95% CI half-width (Student t; NaN with one replicate) of the
 * chosen compromises' summed harm. `acc` is scratch of 2 x R doubles. With harms summed the
 * greedy choice is exact for the sum (the K largest means); the sum itself approximates the
 * harm of the compromises together. O(K x n x R).
 */
void kikan_scope_attack(const double *harm, int n, int64_t R, int K, int *chosen, double *acc,
                        double *mean, double *ci);

/**
 * The minimax rule, on a result's worst-case frontier (fr_worst, fr_ops, fr_cost, budget,
 * cost_budget): among the points within the budget (all without one), the least worst
 * remaining harm `best` (written to *best_worst when not NULL), and the smallest point whose
 * worst remaining harm is at most (1 + share) x best. Returns the point (0 when the result has
 * no worst case). O(n_frontier).
 */
int kikan_scope_minimax(const kikan_scope_result_t *r, double share, double *best_worst);

/** Free a sensitivity result; accepts NULL, clears the pointer. */
void kikan_scope_sens_free(kikan_scope_sens_t **s);

/** Free a result; accepts NULL, clears the pointer. */
void kikan_scope_result_free(kikan_scope_result_t **r);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
