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
 * DESIGN: every result here is a table of plain arrays in one transparent
 * struct, so the HDF5 writer can dump them without knowing the analysis.
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
    int most; /* the input moving the answer most: most thresholds changed, then the share */
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
 * The results. Ids (operators, sectors, metrics, classes) are the world's row
 * indices; names come from the world the model was compiled with. Every array is owned by the
 * struct (kikan_scope_result_free). "removed" = mean paired difference baseline - policy of the
 * impact measure (summed over what-ifs) over the replicates; "ci" = the half-width of its 95% CI
 * (NaN with one replicate); "share" = removed / compromise_mean (0 when the compromise-caused
 * impact is 0). Operator counts count an operator in several sectors once.
 */
typedef struct {
    /* ---- dimensions and provenance ---- */
    int64_t n_replicates;
    int n_whatifs;
    kikan_id_t n_operators, n_classes, n_sectors;
    kikan_scope_measure_t measure;
    double effectiveness;       /* used by every policy of the sweep */
    int64_t simulations;        /* replicate runs actually performed */
    int64_t simulations_reused; /* (policy, what-if, replicate) runs answered by a proven-identical
                                   one */
    int64_t policies;           /* policies evaluated (incl. the baseline) */

    /* ---- reference points (means over replicates, with 95% CI half-widths) ---- */
    double baseline_mean, baseline_ci;     /* impact with no screening */
    double compromise_mean, compromise_ci; /* removed by everything screened, effectiveness 1 */
    double perfect_impact_mean;            /* impact left then (forcing-only; 0 without forcing) */
    double all_removed_mean, all_removed_ci; /* all operators, all classes, `effectiveness` */

    /* ---- threshold sweeps: one block of rows per criterion ---- */
    int n_criteria;
    kikan_id_t *crit_sector; /* [n_criteria] */
    kikan_id_t *crit_metric; /* [n_criteria] */
    kikan_id_t *crit_n_ops;  /* [n_criteria] operators of the sector */
    int *crit_off;           /* [n_criteria + 1]: rows of criterion c are crit_off[c] .. [c+1] */
    int n_rows;
    double *thr;          /* [n_rows] threshold: regulated when metric >= thr (descending) */
    kikan_id_t *thr_ops;  /* [n_rows] operators of the sector regulated */
    kikan_id_t *thr_smes; /* [n_rows] SMEs among them */
    double *thr_removed, *thr_ci, *thr_share; /* [n_rows] */

    /* ---- efficient frontier across criteria (point 0 = nobody regulated) ---- */
    int n_frontier;
    kikan_id_t *fr_ops;  /* [n_frontier] operators regulated (distinct) */
    kikan_id_t *fr_smes; /* [n_frontier] SMEs among them */
    double *fr_cost;     /* [n_frontier] sum of the cost metric (0 without one) */
    double *fr_estimate; /* [n_frontier] greedy estimate (sum of per-criterion removals) */
    double *fr_removed, *fr_ci, *fr_share; /* [n_frontier] confirmed by simulation */
    int *fr_row;        /* [n_frontier * n_criteria] point i, criterion c: row k of the criterion
                           (threshold thr[crit_off[c] + k]); -1: none of its operators */
    int recommended;    /* frontier point recommended */
    int budget;         /* the operator budget used (0: none) */
    double cost_budget; /* the cost budget used (0: none) */
    kikan_id_t cost_metric; /* KIKAN_NONE or the metric */
    double *rec_thr;        /* [n_criteria] recommended threshold (INFINITY: regulate none) */
    double target_share, margin_share; /* the options the recommendation used */
    int best; /* the frontier point removing most within the budget (no budget: the
                 last point) */

    /* ---- burden: what screening asks of each operator (screening-days) ---- */
    double burden_fixed, burden_per_installation; /* the parameters used */
    double *op_burden;     /* [n_operators] fixed + per installation of the screened classes */
    double *fr_burden;     /* [n_frontier] total burden of each point */
    double *fr_burden_sme; /* [n_frontier] the SMEs' part of it */
    int cost_is_burden;    /* 1: fr_cost and cost_budget are burden (--budget-cost) */

    /* ---- paired steps: is each frontier step real? ---- */
    double *fr_rep;     /* [n_frontier * n_replicates] impact removed per replicate (paired with the
                           baseline), the data of every interval and of the bootstrap */
    double *fr_step;    /* [n_frontier] gain over the previous point (point 0: 0) */
    double *fr_step_ci; /* [n_frontier] 95% CI half-width of the paired gain (point 0: 0) */
    int *fr_step_sig; /* [n_frontier] 1: the gain's interval excludes 0 (one replicate: gain > 0) */

    /* ---- who is regulated (names come from the world) ---- */
    int *op_point; /* [n_operators] first frontier point regulating the operator; -1: none. The
                      operators frontier step i adds are those with op_point == i */
    int *op_crit;  /* [n_operators] the criterion whose threshold first catches it; -1: none */
    kikan_id_t n_rec_ops; /* operators regulated at the recommendation */
    kikan_id_t *rec_ops;  /* [n_rec_ops] their ids, ascending */

    /* ---- stability of the recommendation (NaN when not computed) ---- */
    uint64_t seed;     /* the scenario seed the replicates were drawn with */
    char *scenario;    /* the scenario's name (owned; "" when unnamed) */
    char *overrides;   /* its --set overrides, "KEY=VALUE" one a line (owned; NULL: none) */
    int n_bootstrap;   /* resamples of the replicates */
    double *rec_boot;  /* [n_criteria] share of resamples recommending the same threshold */
    int n_seeds;       /* independent seeds rerun (seed+1 .. seed+n_seeds) */
    double *rec_seeds; /* [n_criteria] share of those seeds recommending the same threshold */

    /* ---- the evaluated policy (options.evaluate; ev_done = 0 otherwise) ---- */
    int ev_done;
    char *ev_name, *ev_source, *ev_path; /* from the scenario (policy file); owned, may be NULL */
    kikan_id_t ev_n_ops, ev_smes;        /* operators it regulates, SMEs among them */
    kikan_id_t ev_by_rule, ev_named;     /* caught by a rule and not named; named */
    kikan_id_t *ev_ops;                  /* [ev_n_ops] ascending ids */
    double ev_cost;                      /* its cost (0 without a cost metric) */
    double ev_burden, ev_burden_sme;     /* its burden, the SMEs' part */
    double ev_removed, ev_ci, ev_share;  /* impact removed (same screened classes and
                                            effectiveness as the sweep), 95% CI, share */
    int ev_point;                        /* the largest frontier point of no more burden */
    double ev_diff, ev_diff_ci;   /* that point's removal minus the policy's, paired, 95% CI */
    double ev_worst, ev_worst_ci; /* the worst remaining harm it leaves (the attack of K, as
                                     fr_worst) and its 95% CI; NaN without compromises */
    int ev_worst_comp;            /* the attack's first compromise (-1: none) */
    kikan_id_t ev_n_in, ev_n_out;
    kikan_id_t *ev_in;  /* [ev_n_in] regulated at ev_point, not by the policy */
    kikan_id_t *ev_out; /* [ev_n_out] regulated by the policy, not at ev_point */

    /* ---- the worst case: an adversary choosing among the portfolio's compromises ----
       A compromise is one what-if of the threat portfolio (scenario->whatif_portfolio), or,
       when the scenario has none, every what-if with an implant event. Its harm under a policy
       is the mean over the replicates of that what-if's impact measure (unweighted: the
       adversary chooses; the portfolio weights are for the expected harm), from the runs the
       frontier already made (common random numbers, nothing re-simulated). With an attacker
       budget K > 1 the attack is a greedy choice of K compromises maximising the mean of their
       summed harms per replicate (kikan_scope_attack): the sum approximates the harm of their
       union (overlaps counted twice, interactions missed). n_comp = 0: not computed. */
    int n_comp;
    int *comp_whatif;    /* [n_comp] the what-if of each compromise */
    char **comp_name;    /* [n_comp] its what-if's name (owned) */
    int *comp_portfolio; /* [n_comp] a kikan_portfolio_t: where it comes from */
    kikan_id_t *comp_vendor, *comp_class, *comp_contractor; /* [n_comp] its first event's
                                    vendor, only class, contractor (KIKAN_NONE: none) */
    int attacker_budget;                                    /* K used (<= n_comp) */
    int worst_top;        /* T: compromises listed per point (<= n_comp) */
    double *fr_worst;     /* [n_frontier] worst remaining harm: the attack's mean harm */
    double *fr_worst_ci;  /* [n_frontier] its 95% CI half-width */
    int *fr_worst_comp;   /* [n_frontier * K] the compromises of the attack (index into comp_*) */
    int *fr_top;          /* [n_frontier * T] single compromises, largest mean harm first */
    double *fr_top_harm;  /* [n_frontier * T] their mean harm */
    double *fr_top_ci;    /* [n_frontier * T] its 95% CI half-width */
    int worst_monotone;   /* 1: fr_worst never increases along the frontier */
    double minimax_share; /* the option used */
    int recommended_minimax; /* the minimax recommendation (a frontier point) */
    double best_worst;       /* the least worst remaining harm within the budget */
    kikan_id_t mm_n_in, mm_n_out;
    kikan_id_t *mm_in;    /* [mm_n_in] regulated at the minimax point, not at the recommendation */
    kikan_id_t *mm_out;   /* [mm_n_out] regulated at the recommendation, not at the minimax point */
    int n_close;          /* operators closing the worst hole, best first */
    kikan_id_t *close_op; /* [n_close] unregulated at the recommendation */
    double *close_worst;  /* [n_close] worst remaining harm with it regulated too */
    double *close_ci;     /* [n_close] its 95% CI half-width */
    int *close_comp;      /* [n_close] the worst compromise then */

    kikan_scope_sens_t *sens; /* attached sensitivity (owned; NULL: none), written with the rest */

    /* ---- small-but-critical operators ---- */
    int n_candidates; /* operators below the recommendation simulated alone */
    int n_small;
    kikan_id_t *sc_op;                     /* [n_small] */
    kikan_id_t *sc_sector;                 /* [n_small] the sector named in the reason */
    double *sc_removed, *sc_ci, *sc_share; /* [n_small] removed by screening it alone */
    double *sc_size_share;     /* [n_small] metric / sector total (largest over criteria; 0 n/a) */
    kikan_id_t *sc_dependents; /* [n_small] other operators with an asset depending on its */
    int *sc_below_all;         /* [n_small] 1: below every threshold of the sweep */
    char **sc_reason;          /* [n_small] readable "why" */

    /* ---- equipment classes (all operators regulated, only these classes screened) ---- */
    kikan_id_t *cls_rank;                     /* [n_classes] class ids, most impact removed first */
    double *cls_removed, *cls_ci, *cls_share; /* [n_classes] in rank order, class alone */
    double *cls_cum_removed, *cls_cum_ci;     /* [n_classes] the first k+1 ranked together */
} kikan_scope_result_t;

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
 * the point. O(n_frontier x n_replicates).
 */
int kikan_scope_recommend(const kikan_scope_result_t *r, const double *removed, const double *rep,
                          const kikan_scope_options_t *opt, double *tmp, int *best);

/**
 * Fill r->rec_boot (and n_bootstrap): for opt->bootstrap resamples of the
 * replicates with replacement (a GSL mt19937 seeded from r->seed), the share per
 * criterion in which kikan_scope_recommend on the resampled fr_rep picks a point
 * with the same threshold as r->recommended. NaN when opt->bootstrap is 0.
 * KIKAN_EINVAL on NULL, KIKAN_ENOMEM. O(bootstrap x n_frontier^2 x n_replicates).
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
