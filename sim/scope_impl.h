/*
 * The scope analysis's result, visible inside libkikan (sim/scope.c fills it;
 * output/ renders and writes it) and to the tests and benchmarks. Programs
 * outside the library use the accessors of include/kikan/scope.h.
 */
#ifndef KIKAN_SCOPE_IMPL_H
#define KIKAN_SCOPE_IMPL_H

#include "kikan/scope.h"
#include "sim/scope_tables.h"

/**
 * The results. Ids (operators, sectors, metrics, classes) are the world's row
 * indices; names come from the world the model was compiled with. Every array is owned by the
 * struct (kikan_scope_result_free). "removed" = mean paired difference baseline - policy of the
 * impact measure (summed over what-ifs) over the replicates; "ci" = the half-width of its 95% CI
 * (NaN with one replicate); "share" = removed / compromise_mean (0 when the compromise-caused
 * impact is 0). Operator counts count an operator in several sectors once.
 */
struct kikan_scope_result {
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

    /* ---- the named tables (sim/scope_tables.h; owned): built from the world at the end of
       kikan_scope_run (NULL with options.recommend_only), their sensitivity rows again when one is
       attached; for a result read from a file (from_file = 1) they are all there is besides
       the dimensions, the reference points and the frontier's figures (fr_ops, fr_smes,
       fr_cost, fr_removed, fr_ci, fr_share, fr_burden*, fr_step*, fr_worst*), rec_thr and
       n_rec_ops; world rows (crit_*, rec_ops, op_point, cls_rank...) and per-replicate data
       (fr_rep, op_burden) are NULL then ---- */
    kikan_scope_tables_t *tables;
    int from_file;

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
};

/**
 * The input that moves the answer most (kikan_scope_sens_t.most): most recommended thresholds
 * changed over its range, then the larger swing |share_hi - share_lo| (ties: the lower row);
 * -1 when no input changes a threshold or the share at all (every swing exactly 0) or there is
 * no input. O(n_inputs).
 */
int kikan_scope_sens_most(const kikan_scope_sens_t *s);

#endif
