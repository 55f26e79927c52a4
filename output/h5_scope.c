/*
 * The /scope group of a results file: the scope analysis (include/kikan/scope.h)
 * as compound tables with named fields, written with the results by
 * kikan_h5_write_scope and read back by kikan_h5_read_scope (for the report
 * and for scripts). Layout: docs/hdf5-schema.md, section /scope.
 *
 * DESIGN: the writer plugs into kikan_h5_write's single pass
 * (kikan_h5_write_with_scope), so the file with /scope is written and renamed
 * atomically by the same machinery as any results file. Ids in the analysis
 * are world rows; the tables store the string ids (and names) instead, so a
 * reader needs no world. One row struct per table (sim/scope_tables.h, built
 * from the world by kikan_scope_tables_make) is both what the writer writes
 * and what the reader reads back into a scope result (kikan_scope_result_t,
 * from_file = 1); the field lists below are the one place that maps struct
 * members to HDF5 field names.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>
#include "models/world_impl.h"
#include "sim/scope_impl.h"
#include "output/h5_internal.h"

typedef struct {
    const char *name;
    size_t off;
    int kind; /* 0 string, 1 float64, 2 int32 */
} fld_t;

#define F_S(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), 0                                                                      \
    }
#define F_D(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), 1                                                                      \
    }
#define F_I(T, f)                                                                                  \
    {                                                                                              \
#f, offsetof(T, f), 2                                                                      \
    }
#define NF(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const fld_t crit_f[] = {F_S(kikan_scope_tab_criterion_t, sector),
                               F_S(kikan_scope_tab_criterion_t, metric),
                               F_I(kikan_scope_tab_criterion_t, operators),
                               F_D(kikan_scope_tab_criterion_t, recommended_threshold),
                               F_I(kikan_scope_tab_criterion_t, recommended_operators),
                               F_D(kikan_scope_tab_criterion_t, stability_bootstrap),
                               F_D(kikan_scope_tab_criterion_t, stability_seeds)};
static const fld_t sweep_f[] = {
    F_I(kikan_scope_tab_sweep_t, criterion), F_S(kikan_scope_tab_sweep_t, sector),
    F_S(kikan_scope_tab_sweep_t, metric),    F_D(kikan_scope_tab_sweep_t, threshold),
    F_I(kikan_scope_tab_sweep_t, operators), F_I(kikan_scope_tab_sweep_t, smes),
    F_D(kikan_scope_tab_sweep_t, removed),   F_D(kikan_scope_tab_sweep_t, ci_half),
    F_D(kikan_scope_tab_sweep_t, share)};
static const fld_t front_f[] = {
    F_I(kikan_scope_tab_frontier_t, point),       F_I(kikan_scope_tab_frontier_t, operators),
    F_I(kikan_scope_tab_frontier_t, smes),        F_D(kikan_scope_tab_frontier_t, cost),
    F_D(kikan_scope_tab_frontier_t, estimate),    F_D(kikan_scope_tab_frontier_t, removed),
    F_D(kikan_scope_tab_frontier_t, ci_half),     F_D(kikan_scope_tab_frontier_t, share),
    F_I(kikan_scope_tab_frontier_t, recommended), F_D(kikan_scope_tab_frontier_t, step),
    F_D(kikan_scope_tab_frontier_t, step_ci),     F_I(kikan_scope_tab_frontier_t, step_significant),
    F_D(kikan_scope_tab_frontier_t, burden),      F_D(kikan_scope_tab_frontier_t, burden_sme)};
static const fld_t eval_f[] = {
    F_S(kikan_scope_tab_eval_t, role), F_S(kikan_scope_tab_eval_t, operator_id),
    F_S(kikan_scope_tab_eval_t, operator_name), F_I(kikan_scope_tab_eval_t, sme)};
static const fld_t reg_f[] = {
    F_I(kikan_scope_tab_regulated_t, point),         F_S(kikan_scope_tab_regulated_t, operator_id),
    F_S(kikan_scope_tab_regulated_t, operator_name), F_S(kikan_scope_tab_regulated_t, sector),
    F_S(kikan_scope_tab_regulated_t, metric),        F_D(kikan_scope_tab_regulated_t, size),
    F_I(kikan_scope_tab_regulated_t, sme),           F_I(kikan_scope_tab_regulated_t, recommended)};
static const fld_t fthr_f[] = {
    F_I(kikan_scope_tab_frontier_thr_t, point),     F_I(kikan_scope_tab_frontier_thr_t, criterion),
    F_S(kikan_scope_tab_frontier_thr_t, sector),    F_S(kikan_scope_tab_frontier_thr_t, metric),
    F_D(kikan_scope_tab_frontier_thr_t, threshold), F_I(kikan_scope_tab_frontier_thr_t, operators)};
static const fld_t small_f[] = {
    F_S(kikan_scope_tab_small_t, operator_id), F_S(kikan_scope_tab_small_t, operator_name),
    F_S(kikan_scope_tab_small_t, sector),      F_D(kikan_scope_tab_small_t, removed),
    F_D(kikan_scope_tab_small_t, ci_half),     F_D(kikan_scope_tab_small_t, share),
    F_D(kikan_scope_tab_small_t, size_share),  F_I(kikan_scope_tab_small_t, dependents),
    F_I(kikan_scope_tab_small_t, below_all),   F_S(kikan_scope_tab_small_t, reason),
    F_I(kikan_scope_tab_small_t, sme)};
static const fld_t worst_f[] = {F_S(kikan_scope_tab_worst_t, role),
                                F_I(kikan_scope_tab_worst_t, point),
                                F_I(kikan_scope_tab_worst_t, rank),
                                F_S(kikan_scope_tab_worst_t, whatif),
                                F_S(kikan_scope_tab_worst_t, vendor_id),
                                F_S(kikan_scope_tab_worst_t, vendor_name),
                                F_S(kikan_scope_tab_worst_t, class_id),
                                F_S(kikan_scope_tab_worst_t, contractor_id),
                                F_S(kikan_scope_tab_worst_t, contractor_name),
                                F_S(kikan_scope_tab_worst_t, operator_id),
                                F_S(kikan_scope_tab_worst_t, operator_name),
                                F_D(kikan_scope_tab_worst_t, harm),
                                F_D(kikan_scope_tab_worst_t, ci_half)};
static const fld_t class_f[] = {
    F_I(kikan_scope_tab_class_t, rank),        F_S(kikan_scope_tab_class_t, class_id),
    F_S(kikan_scope_tab_class_t, class_name),  F_D(kikan_scope_tab_class_t, removed),
    F_D(kikan_scope_tab_class_t, ci_half),     F_D(kikan_scope_tab_class_t, share),
    F_D(kikan_scope_tab_class_t, cum_removed), F_D(kikan_scope_tab_class_t, cum_ci_half)};

static const fld_t sens_in_f[] = {F_S(kikan_scope_tab_sens_input_t, input),
                                  F_S(kikan_scope_tab_sens_input_t, unit),
                                  F_S(kikan_scope_tab_sens_input_t, range),
                                  F_D(kikan_scope_tab_sens_input_t, low),
                                  F_D(kikan_scope_tab_sens_input_t, high),
                                  F_D(kikan_scope_tab_sens_input_t, base),
                                  F_D(kikan_scope_tab_sens_input_t, share_low),
                                  F_D(kikan_scope_tab_sens_input_t, share_low_ci_half),
                                  F_D(kikan_scope_tab_sens_input_t, share_high),
                                  F_D(kikan_scope_tab_sens_input_t, share_high_ci_half),
                                  F_I(kikan_scope_tab_sens_input_t, thresholds_changed),
                                  F_D(kikan_scope_tab_sens_input_t, morris_mu),
                                  F_D(kikan_scope_tab_sens_input_t, morris_mu_star),
                                  F_D(kikan_scope_tab_sens_input_t, morris_sigma)};
static const fld_t sens_thr_f[] = {
    F_I(kikan_scope_tab_sens_thr_t, input),  F_I(kikan_scope_tab_sens_thr_t, criterion),
    F_S(kikan_scope_tab_sens_thr_t, sector), F_S(kikan_scope_tab_sens_thr_t, metric),
    F_D(kikan_scope_tab_sens_thr_t, base),   F_D(kikan_scope_tab_sens_thr_t, low),
    F_D(kikan_scope_tab_sens_thr_t, high)};

/* The compound type of a row struct (close with H5Tclose); -1 on failure. */
static hid_t row_type(size_t size, const fld_t *f, int nf, hid_t str_t)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, size);
    for (int i = 0; t >= 0 && i < nf; i++) {
        hid_t ft = f[i].kind == 0 ? str_t : f[i].kind == 1 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32;
        if (H5Tinsert(t, f[i].name, f[i].off, ft) < 0) {
            H5Tclose(t);
            t = -1;
        }
    }
    return t;
}

/* ---- writer ------------------------------------------------------------------------------- */

#define S_H5CHECK(expr, what)                                                                      \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            kikan_log(ctx, KIKAN_LOG_ERROR, "writing /scope: %s failed", (what));                  \
            KIKAN_FAIL(KIKAN_EHDF5);                                                               \
        }                                                                                          \
    } while (0)

static kikan_error_t put_rows(kikan_ctx_t *ctx, hid_t g, const char *name, const char *long_name,
                              const char *units, int n, size_t size, const fld_t *f, int nf,
                              const void *rows, hid_t str_t)
{
    kikan_error_t err = KIKAN_OK;
    hid_t t = -1, sp = -1, d = -1;
    hsize_t dims = (hsize_t)n;
    S_H5CHECK(t = row_type(size, f, nf, str_t), name);
    S_H5CHECK(sp = H5Screate_simple(1, &dims, NULL), name);
    S_H5CHECK(d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), name);
    if (n > 0) {
        S_H5CHECK(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), name);
    }
    S_H5CHECK(kikan_h5_attr_put_str(d, "long_name", long_name), name);
    S_H5CHECK(kikan_h5_attr_put_str(d, "units", units), name);
    {
        /* a named row dimension (NAME_row), so xarray opens /scope without phony_dims */
        char dim[96];
        snprintf(dim, sizeof(dim), "%s_row", name);
        S_H5CHECK(kikan_h5_name_dim(g, d, 0, dim, dims), name);
    }
cleanup:
    kikan_h5_close(&d);
    kikan_h5_close(&sp);
    kikan_h5_close(&t);
    return err;
}

typedef struct {
    const kikan_scope_result_t *r;
    const kikan_world_t *w;
} scope_arg_t;

/* What every part of the /scope writer needs. */
typedef struct {
    kikan_ctx_t *ctx;
    hid_t g, gcpl, str_t; /* the /scope group, its creation properties, the string type */
    const kikan_scope_result_t *r;
    const kikan_scope_tables_t *t; /* r's named rows (kikan_scope_tables_make) */
    const char *mu;                /* the measure's unit */
} wr_t;

/* The attributes of /scope (docs/hdf5-schema.md). */
static kikan_error_t write_attrs(const wr_t *x)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = x->ctx;
    const kikan_scope_result_t *r = x->r;
    const hid_t g = x->g;
    S_H5CHECK(kikan_h5_attr_put_str(g, "status", "filled by `kikan scope`"), "attributes");
    S_H5CHECK(kikan_h5_attr_put_str(g, "measure", kikan_scope_measure_name(r->measure)),
              "attributes");
    S_H5CHECK(kikan_h5_attr_put_str(g, "measure_units", x->mu), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "effectiveness", r->effectiveness), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_replicates", r->n_replicates), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_whatifs", r->n_whatifs), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "simulations", r->simulations), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "simulations_reused", r->simulations_reused), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "policies", r->policies), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "baseline_mean", r->baseline_mean), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "baseline_ci_half", r->baseline_ci), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "compromise_mean", r->compromise_mean), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "compromise_ci_half", r->compromise_ci), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "perfect_impact_mean", r->perfect_impact_mean),
              "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "all_removed_mean", r->all_removed_mean), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "all_removed_ci_half", r->all_removed_ci), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "recommended", r->recommended), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "budget", r->budget), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "cost_budget", r->cost_budget), "attributes");
    S_H5CHECK(kikan_h5_attr_put_str(g, "cost_metric", x->t->cost_metric), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_candidates", r->n_candidates), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "best", r->best), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "seed", (int64_t)r->seed), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_bootstrap", r->n_bootstrap), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_seeds", r->n_seeds), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "target_share", r->target_share), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "margin_share", r->margin_share), "attributes");
cleanup:
    return err;
}

/* /scope/criteria (with the recommended threshold of each), sweep, frontier and
   frontier_thresholds. */
static kikan_error_t write_sweep(const wr_t *x)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_scope_tables_t *t = x->t;
    char units[512];
    KIKAN_CHECK(put_rows(x->ctx, x->g, "criteria", "scope criteria and recommended thresholds",
                         "recommended_threshold: the metric's unit (inf: regulate none); "
                         "operators, recommended_operators: operators; stability_*: 1",
                         t->n_criteria, sizeof(*t->criteria), crit_f, NF(crit_f), t->criteria,
                         x->str_t));
    snprintf(units, sizeof(units),
             "threshold: the metric's unit; operators, smes: operators; removed, ci_half: %s; "
             "share: 1",
             x->mu);
    KIKAN_CHECK(put_rows(x->ctx, x->g, "sweep", "threshold sweep per criterion", units, t->n_sweep,
                         sizeof(*t->sweep), sweep_f, NF(sweep_f), t->sweep, x->str_t));
    snprintf(units, sizeof(units),
             "operators, smes: operators; cost: the cost metric's unit; estimate, removed, "
             "ci_half, step, step_ci: %s; share: 1; burden, burden_sme: screening-days",
             x->mu);
    KIKAN_CHECK(put_rows(x->ctx, x->g, "frontier",
                         "efficient frontier: operators regulated vs impact "
                         "removed",
                         units, t->n_frontier, sizeof(*t->frontier), front_f, NF(front_f),
                         t->frontier, x->str_t));
    KIKAN_CHECK(put_rows(x->ctx, x->g, "frontier_thresholds",
                         "threshold per criterion at each frontier point",
                         "threshold: the metric's unit (inf: none regulated); operators: operators",
                         t->n_frontier * t->n_criteria, sizeof(*t->frontier_thr), fthr_f,
                         NF(fthr_f), t->frontier_thr, x->str_t));
cleanup:
    return err;
}

/* /scope/regulated: who is regulated, each operator at the frontier step adding it. */
static kikan_error_t write_regulated(const wr_t *x)
{
    return put_rows(
        x->ctx, x->g, "regulated", "operators regulated on the frontier, at the step adding each",
        "size: the "
        "metric's unit; point: row of /scope/frontier; sme, recommended: 0/1",
        x->t->n_regulated, sizeof(*x->t->regulated), reg_f, NF(reg_f), x->t->regulated, x->str_t);
}

/* /scope/worst_case and its attributes (docs/hdf5-schema.md). */
static kikan_error_t write_worst(const wr_t *wx)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = wx->ctx;
    const kikan_scope_result_t *r = wx->r;
    const kikan_scope_tables_t *t = wx->t;
    const hid_t g = wx->g;
    S_H5CHECK(kikan_h5_attr_put_i64(g, "n_compromises", r->fr_worst != NULL ? r->n_comp : 0),
              "attributes");
    if (r->fr_worst == NULL || r->n_comp == 0) {
        return KIKAN_OK;
    }
    S_H5CHECK(kikan_h5_attr_put_i64(g, "attacker_budget", r->attacker_budget), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "recommended_minimax", r->recommended_minimax),
              "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "worst_monotone", r->worst_monotone), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "minimax_share", r->minimax_share), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "best_worst", r->best_worst), "attributes");
    char units[256];
    snprintf(units, sizeof(units), "harm, ci_half: %s, mean over the replicates, unweighted",
             wx->mu);
    KIKAN_CHECK(put_rows(ctx, g, "worst_case",
                         "the worst compromises of the threat portfolio per frontier point, and "
                         "the operators closing the worst hole at the recommendation",
                         units, t->n_worst, sizeof(*t->worst), worst_f, NF(worst_f), t->worst,
                         wx->str_t));
cleanup:
    return err;
}

/* The evaluated policy: its attributes (ev_done always) and /scope/evaluation. */
static kikan_error_t write_evaluation(const wr_t *x)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = x->ctx;
    const kikan_scope_result_t *r = x->r;
    const hid_t g = x->g;
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_done", r->ev_done), "attributes");
    if (!r->ev_done) {
        return KIKAN_OK;
    }
    S_H5CHECK(kikan_h5_attr_put_str(g, "ev_policy", r->ev_path ? r->ev_path : ""), "attributes");
    S_H5CHECK(kikan_h5_attr_put_str(g, "ev_name", r->ev_name ? r->ev_name : ""), "attributes");
    S_H5CHECK(kikan_h5_attr_put_str(g, "ev_source", r->ev_source ? r->ev_source : ""),
              "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_operators", r->ev_n_ops), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_smes", r->ev_smes), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_by_rule", r->ev_by_rule), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_named", r->ev_named), "attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "ev_point", r->ev_point), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "ev_removed", r->ev_removed), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "ev_ci_half", r->ev_ci), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "ev_share", r->ev_share), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "ev_diff", r->ev_diff), "attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "ev_diff_ci_half", r->ev_diff_ci), "attributes");
    KIKAN_CHECK(put_rows(ctx, g, "evaluation",
                         "the evaluated policy's operators and the equal-burden frontier "
                         "point's swaps",
                         "sme: 0/1", x->t->n_eval, sizeof(*x->t->eval), eval_f, NF(eval_f),
                         x->t->eval, x->str_t));
cleanup:
    return err;
}

/* /scope/small_but_critical and /scope/classes (rank order). */
static kikan_error_t write_small_classes(const wr_t *x)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_scope_tables_t *t = x->t;
    char units[512];
    snprintf(
        units, sizeof(units),
        "removed, ci_half: %s; share, size_share: 1; dependents: operators; below_all, sme: 0/1",
        x->mu);
    KIKAN_CHECK(put_rows(x->ctx, x->g, "small_but_critical",
                         "small operators whose impact is far above their size", units, t->n_small,
                         sizeof(*t->small), small_f, NF(small_f), t->small, x->str_t));
    snprintf(units, sizeof(units), "removed, ci_half, cum_removed, cum_ci_half: %s; share: 1",
             x->mu);
    KIKAN_CHECK(put_rows(
        x->ctx, x->g, "classes", "equipment classes ranked by impact removed when screened alone",
        units, t->n_classes, sizeof(*t->classes), class_f, NF(class_f), t->classes, x->str_t));
cleanup:
    return err;
}

/*
 * /scope/sensitivity (with `kikan scope --sensitivity` only): attributes, the table `inputs`
 * (one row per input) and `thresholds` (input x criterion: the recommendation at each end).
 */
static kikan_error_t write_sensitivity(const wr_t *x)
{
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = x->ctx;
    const kikan_scope_sens_t *s = x->r->sens;
    const kikan_scope_tables_t *t = x->t;
    hid_t g = -1;
    if (s == NULL) {
        return KIKAN_OK;
    }
    S_H5CHECK(g = H5Gcreate2(x->g, "sensitivity", H5P_DEFAULT, x->gcpl, H5P_DEFAULT),
              "sensitivity group");
    S_H5CHECK(kikan_h5_attr_put_str(g, "method",
                                    "one at a time over each input's range, the others at base; "
                                    "Morris elementary effects (4 levels, GSL Sobol points) for "
                                    "the continuous inputs"),
              "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "replicates", s->replicates), "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "morris_trajectories", s->trajectories),
              "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "runs", s->runs), "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "share_base", s->share_base), "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_f64(g, "share_base_ci_half", s->share_base_ci),
              "sensitivity attributes");
    S_H5CHECK(kikan_h5_attr_put_i64(g, "most_influential", s->most), "sensitivity attributes");
    S_H5CHECK(
        kikan_h5_attr_put_str(g, "most_influential_input", s->most >= 0 ? s->in[s->most].name : ""),
        "sensitivity attributes");
    KIKAN_CHECK(put_rows(ctx, g, "inputs",
                         "each uncertain input: its range and the impact removed at the "
                         "recommendation with it at each end, the others at base",
                         "low, high, base: the row's unit; share_low, share_high and their "
                         "ci_half: 1 (share of the removable impact); thresholds_changed: "
                         "criteria; morris_mu, morris_mu_star, morris_sigma: 1 per unit of the "
                         "normalised range (NaN: not computed)",
                         t->n_sens, sizeof(*t->sens), sens_in_f, NF(sens_in_f), t->sens, x->str_t));
    KIKAN_CHECK(put_rows(ctx, g, "thresholds",
                         "the recommended threshold of each criterion with each input at base, "
                         "low and high",
                         "base, low, high: the metric's unit (inf: regulate none); input: row of "
                         "inputs; criterion: row of /scope/criteria",
                         t->n_sens * t->n_sens_criteria, sizeof(*t->sens_thr), sens_thr_f,
                         NF(sens_thr_f), t->sens_thr, x->str_t));
cleanup:
    kikan_h5_close(&g);
    return err;
}

/* The /scope group: r's attributes, and its tables as kikan_scope_tables_make names them. */
static kikan_error_t write_scope_group(kikan_ctx_t *ctx, hid_t file, hid_t gcpl, const void *arg)
{
    kikan_error_t err = KIKAN_OK;
    const scope_arg_t *sa = arg;
    kikan_scope_tables_t *t = NULL;
    wr_t x = {ctx, -1, gcpl, -1, sa->r, NULL, kikan_scope_measure_unit(sa->r->measure)};
    /* the parts, in the order of the file (attributes first) */
    kikan_error_t (*const part[])(const wr_t *) = {
        write_attrs,      write_sweep,         write_regulated,  write_worst,
        write_evaluation, write_small_classes, write_sensitivity};
    KIKAN_CHECK(kikan_scope_tables_make(sa->r, sa->w, &t));
    x.t = t;
    S_H5CHECK(x.str_t = kikan_h5_str_type(), "string type");
    S_H5CHECK(x.g = H5Gcreate2(file, "scope", H5P_DEFAULT, gcpl, H5P_DEFAULT), "group");
    for (size_t i = 0; i < sizeof(part) / sizeof(part[0]); i++) {
        KIKAN_CHECK(part[i](&x));
    }
cleanup:
    kikan_h5_close(&x.g);
    kikan_h5_close(&x.str_t);
    kikan_scope_tables_free(&t);
    return err;
}

kikan_error_t kikan_h5_write_scope(kikan_ctx_t *ctx, const char *path,
                                   const kikan_scope_result_t *scope, const kikan_results_t *res,
                                   const kikan_world_t *world, const kikan_scenario_t *scen)
{
    if (ctx == NULL || path == NULL || scope == NULL || res == NULL || world == NULL ||
        scope->from_file) {
        return KIKAN_EINVAL;
    }
    const scope_arg_t arg = {scope, world};
    return kikan_h5_write_with_scope(ctx, path, res, world, scen, write_scope_group, &arg);
}

/* ---- reader ------------------------------------------------------------------------------- */

/* The path of group g in its file ("/scope", "/scope/sensitivity") for a diagnostic. */
static void group_name(hid_t g, char *buf, size_t n)
{
    if (H5Iget_name(g, buf, n) <= 0) {
        snprintf(buf, n, "/scope");
    }
}

static kikan_error_t get_f64(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                             double *out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t at = -1;
    if (H5Aexists(g, name) <= 0 || (at = H5Aopen(g, name, H5P_DEFAULT)) < 0 ||
        H5Aread(at, H5T_NATIVE_DOUBLE, out) < 0) {
        char where[96];
        group_name(g, where, sizeof(where));
        kikan_diag_add(ctx, "%s: %s: numeric attribute '%s' is missing", path, where, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    kikan_h5_close(&at);
    return err;
}

static kikan_error_t get_i64(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                             int64_t *out)
{
    if (kikan_h5_attr_get_i64(g, name, out) != KIKAN_OK) {
        char where[96];
        group_name(g, where, sizeof(where));
        kikan_diag_add(ctx, "%s: %s: integer attribute '%s' is missing", path, where, name);
        return KIKAN_EFORMAT;
    }
    return KIKAN_OK;
}

static kikan_error_t get_i32(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                             int32_t *out)
{
    int64_t v = 0;
    kikan_error_t err = get_i64(ctx, path, g, name, &v);
    if (err == KIKAN_OK && (v < INT32_MIN || v > INT32_MAX)) {
        char where[96];
        group_name(g, where, sizeof(where));
        kikan_diag_add(ctx, "%s: %s: attribute '%s' out of range", path, where, name);
        err = KIKAN_EFORMAT;
    }
    *out = (int32_t)v;
    return err;
}

static kikan_error_t get_str(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                             char **out)
{
    kikan_error_t err = kikan_h5_attr_get_str(g, name, out);
    if (err == KIKAN_EFORMAT) {
        char where[96];
        group_name(g, where, sizeof(where));
        kikan_diag_add(ctx, "%s: %s: string attribute '%s' is missing", path, where, name);
    }
    return err;
}

/* Free the strings of n rows. */
static void free_row_strings(void *rows, int n, size_t size, const fld_t *f, int nf)
{
    for (int i = 0; rows != NULL && i < n; i++) {
        for (int k = 0; k < nf; k++) {
            if (f[k].kind == 0) {
                char **p = (char **)((char *)rows + (size_t)i * size + f[k].off);
                free(*p);
                *p = NULL;
            }
        }
    }
}

/* Read table `name` of g into a new array of n rows (strings: malloc'd copies). */
static kikan_error_t get_rows(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                              size_t size, const fld_t *f, int nf, void **out, int *n_out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t d = -1, ft = -1, sp = -1, mt = -1, str_t = -1;
    char *rows = NULL;
    hsize_t n = 0;
    int nstr_done = 0;
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0 || (d = H5Dopen2(g, name, H5P_DEFAULT)) < 0) {
        kikan_diag_add(ctx, "%s: /scope/%s is missing", path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if ((ft = H5Dget_type(d)) < 0 || H5Tget_class(ft) != H5T_COMPOUND ||
        (sp = H5Dget_space(d)) < 0 || H5Sget_simple_extent_ndims(sp) != 1 ||
        H5Sget_simple_extent_dims(sp, &n, NULL) < 0 || n > (hsize_t)INT32_MAX) {
        kikan_diag_add(ctx, "%s: /scope/%s is not a one-dimensional table", path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    for (int k = 0; k < nf; k++) {
        if (H5Tget_member_index(ft, f[k].name) < 0) {
            kikan_diag_add(ctx, "%s: /scope/%s has no field '%s'", path, name, f[k].name);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
    }
    KIKAN_CHECK_ALLOC(rows = calloc((size_t)n + 1, size));
    if (n > 0) {
        if ((str_t = kikan_h5_str_type()) < 0 || (mt = row_type(size, f, nf, str_t)) < 0) {
            KIKAN_FAIL(KIKAN_EHDF5);
        }
        if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows) < 0) {
            kikan_diag_add(ctx, "%s: /scope/%s: cannot read (wrong field types?)", path, name);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        /* swap HDF5's strings for malloc'd copies */
        for (hsize_t i = 0; i < n; i++) {
            for (int k = 0; k < nf; k++) {
                if (f[k].kind != 0) {
                    continue;
                }
                char **p = (char **)(rows + i * size + f[k].off);
                char *h = *p;
                *p = strdup(h ? h : "");
                if (h != NULL) {
                    H5free_memory(h);
                }
                if (*p == NULL) {
                    KIKAN_FAIL(KIKAN_ENOMEM);
                }
            }
            nstr_done = (int)i + 1;
        }
    }
    *out = rows;
    *n_out = (int)n;
    rows = NULL;
cleanup:
    if (rows != NULL) {
        free_row_strings(rows, nstr_done, size, f, nf);
        free(rows);
    }
    kikan_h5_close(&str_t);
    kikan_h5_close(&mt);
    kikan_h5_close(&sp);
    kikan_h5_close(&ft);
    kikan_h5_close(&d);
    return err;
}

/*
 * /scope/sensitivity when present (a file without it: n_sens = 0): its attributes and the
 * tables inputs and thresholds, checked for shape (input x criterion rows, in order) and for
 * the most influential input being one of the inputs.
 */
static kikan_error_t read_sensitivity(kikan_ctx_t *ctx, const char *path, hid_t g,
                                      kikan_scope_tables_t *s)
{
    kikan_error_t err = KIKAN_OK;
    hid_t sg = -1;
    void *p = NULL;
    int n = 0;
    if (H5Lexists(g, "sensitivity", H5P_DEFAULT) <= 0) {
        return KIKAN_OK;
    }
    if ((sg = H5Gopen2(g, "sensitivity", H5P_DEFAULT)) < 0) {
        kikan_diag_add(ctx, "%s: /scope/sensitivity is not a group", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK(get_i32(ctx, path, sg, "replicates", &s->sens_replicates));
    KIKAN_CHECK(get_i32(ctx, path, sg, "morris_trajectories", &s->sens_trajectories));
    KIKAN_CHECK(get_i32(ctx, path, sg, "runs", &s->sens_runs));
    KIKAN_CHECK(get_i32(ctx, path, sg, "most_influential", &s->sens_most));
    KIKAN_CHECK(get_f64(ctx, path, sg, "share_base", &s->sens_share_base));
    KIKAN_CHECK(get_f64(ctx, path, sg, "share_base_ci_half", &s->sens_share_base_ci_half));
    KIKAN_CHECK(get_rows(ctx, path, g, "sensitivity/inputs", sizeof(*s->sens), sens_in_f,
                         NF(sens_in_f), &p, &s->n_sens));
    s->sens = p;
    KIKAN_CHECK(get_rows(ctx, path, g, "sensitivity/thresholds", sizeof(*s->sens_thr), sens_thr_f,
                         NF(sens_thr_f), &p, &n));
    s->sens_thr = p;
    s->n_sens_criteria = s->n_sens > 0 ? n / s->n_sens : 0;
    if (s->n_sens * s->n_sens_criteria != n) {
        free_row_strings(s->sens_thr, n, sizeof(*s->sens_thr), sens_thr_f, NF(sens_thr_f));
        free(s->sens_thr);
        s->sens_thr = NULL;
        s->n_sens_criteria = 0;
        kikan_diag_add(ctx,
                       "%s: /scope/sensitivity/thresholds has %d rows, not a multiple of the "
                       "%d inputs",
                       path, n, s->n_sens);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    for (int i = 0; i < n; i++) {
        const kikan_scope_tab_sens_thr_t *t = &s->sens_thr[i];
        if (t->input != i / s->n_sens_criteria || t->criterion != i % s->n_sens_criteria ||
            t->criterion >= s->n_criteria) {
            kikan_diag_add(ctx,
                           "%s: /scope/sensitivity/thresholds row %d: input %d, criterion %d "
                           "out of order or range",
                           path, i, (int)t->input, (int)t->criterion);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
    }
    if (s->n_sens > 0 && (s->sens_most < -1 || s->sens_most >= s->n_sens)) { /* -1: none */
        kikan_diag_add(ctx, "%s: /scope/sensitivity: most_influential %d is not a row of inputs",
                       path, (int)s->sens_most);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    kikan_h5_close(&sg);
    return err;
}

static kikan_error_t read_group(kikan_ctx_t *ctx, const char *path, hid_t g,
                                kikan_scope_tables_t *s)
{
    kikan_error_t err = KIKAN_OK;
    void *p = NULL;
    int n = 0;
    KIKAN_CHECK(get_str(ctx, path, g, "measure", &s->measure));
    KIKAN_CHECK(get_str(ctx, path, g, "measure_units", &s->measure_units));
    KIKAN_CHECK(get_str(ctx, path, g, "cost_metric", &s->cost_metric));
    KIKAN_CHECK(get_f64(ctx, path, g, "effectiveness", &s->effectiveness));
    KIKAN_CHECK(get_i64(ctx, path, g, "n_replicates", &s->n_replicates));
    KIKAN_CHECK(get_i64(ctx, path, g, "simulations", &s->simulations));
    KIKAN_CHECK(get_i64(ctx, path, g, "simulations_reused", &s->simulations_reused));
    KIKAN_CHECK(get_i64(ctx, path, g, "policies", &s->policies));
    KIKAN_CHECK(get_f64(ctx, path, g, "baseline_mean", &s->baseline_mean));
    KIKAN_CHECK(get_f64(ctx, path, g, "baseline_ci_half", &s->baseline_ci_half));
    KIKAN_CHECK(get_f64(ctx, path, g, "compromise_mean", &s->compromise_mean));
    KIKAN_CHECK(get_f64(ctx, path, g, "compromise_ci_half", &s->compromise_ci_half));
    KIKAN_CHECK(get_f64(ctx, path, g, "perfect_impact_mean", &s->perfect_impact_mean));
    KIKAN_CHECK(get_f64(ctx, path, g, "all_removed_mean", &s->all_removed_mean));
    KIKAN_CHECK(get_f64(ctx, path, g, "all_removed_ci_half", &s->all_removed_ci_half));
    KIKAN_CHECK(get_f64(ctx, path, g, "cost_budget", &s->cost_budget));
    KIKAN_CHECK(get_i32(ctx, path, g, "recommended", &s->recommended));
    KIKAN_CHECK(get_i32(ctx, path, g, "budget", &s->budget));
    KIKAN_CHECK(get_i32(ctx, path, g, "n_candidates", &s->n_candidates));
    KIKAN_CHECK(get_i32(ctx, path, g, "best", &s->best));
    KIKAN_CHECK(get_i32(ctx, path, g, "n_bootstrap", &s->n_bootstrap));
    KIKAN_CHECK(get_i32(ctx, path, g, "n_seeds", &s->n_seeds));
    KIKAN_CHECK(get_f64(ctx, path, g, "target_share", &s->target_share));
    KIKAN_CHECK(get_f64(ctx, path, g, "margin_share", &s->margin_share));

    KIKAN_CHECK(get_rows(ctx, path, g, "criteria", sizeof(*s->criteria), crit_f, NF(crit_f), &p,
                         &s->n_criteria));
    s->criteria = p;
    KIKAN_CHECK(
        get_rows(ctx, path, g, "sweep", sizeof(*s->sweep), sweep_f, NF(sweep_f), &p, &s->n_sweep));
    s->sweep = p;
    KIKAN_CHECK(get_rows(ctx, path, g, "frontier", sizeof(*s->frontier), front_f, NF(front_f), &p,
                         &s->n_frontier));
    s->frontier = p;
    KIKAN_CHECK(get_rows(ctx, path, g, "frontier_thresholds", sizeof(*s->frontier_thr), fthr_f,
                         NF(fthr_f), &p, &n));
    s->frontier_thr = p;
    if ((int64_t)n != (int64_t)s->n_frontier * s->n_criteria) { /* an int product can wrap */
        /* keep the free consistent: it frees n_frontier * n_criteria rows */
        free_row_strings(s->frontier_thr, n, sizeof(*s->frontier_thr), fthr_f, NF(fthr_f));
        free(s->frontier_thr);
        s->frontier_thr = NULL;
        kikan_diag_add(ctx, "%s: /scope/frontier_thresholds has %d rows, expected %d x %d", path, n,
                       s->n_frontier, s->n_criteria);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (H5Aexists(g, "ev_done") > 0) {
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_done", &s->ev_done));
    }
    if (s->ev_done) {
        KIKAN_CHECK(get_str(ctx, path, g, "ev_policy", &s->ev_policy));
        KIKAN_CHECK(get_str(ctx, path, g, "ev_name", &s->ev_name));
        KIKAN_CHECK(get_str(ctx, path, g, "ev_source", &s->ev_source));
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_operators", &s->ev_operators));
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_smes", &s->ev_smes));
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_by_rule", &s->ev_by_rule));
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_named", &s->ev_named));
        KIKAN_CHECK(get_i32(ctx, path, g, "ev_point", &s->ev_point));
        KIKAN_CHECK(get_f64(ctx, path, g, "ev_removed", &s->ev_removed));
        KIKAN_CHECK(get_f64(ctx, path, g, "ev_ci_half", &s->ev_ci_half));
        KIKAN_CHECK(get_f64(ctx, path, g, "ev_share", &s->ev_share));
        KIKAN_CHECK(get_f64(ctx, path, g, "ev_diff", &s->ev_diff));
        KIKAN_CHECK(get_f64(ctx, path, g, "ev_diff_ci_half", &s->ev_diff_ci_half));
        KIKAN_CHECK(get_rows(ctx, path, g, "evaluation", sizeof(*s->eval), eval_f, NF(eval_f), &p,
                             &s->n_eval));
        s->eval = p;
    }
    KIKAN_CHECK(get_rows(ctx, path, g, "regulated", sizeof(*s->regulated), reg_f, NF(reg_f), &p,
                         &s->n_regulated));
    s->regulated = p;
    KIKAN_CHECK(get_rows(ctx, path, g, "small_but_critical", sizeof(*s->small), small_f,
                         NF(small_f), &p, &s->n_small));
    s->small = p;
    KIKAN_CHECK(get_rows(ctx, path, g, "classes", sizeof(*s->classes), class_f, NF(class_f), &p,
                         &s->n_classes));
    s->classes = p;
    if (H5Aexists(g, "n_compromises") > 0) {
        KIKAN_CHECK(get_i32(ctx, path, g, "n_compromises", &s->n_compromises));
    }
    if (s->n_compromises > 0) {
        KIKAN_CHECK(get_i32(ctx, path, g, "attacker_budget", &s->attacker_budget));
        KIKAN_CHECK(get_i32(ctx, path, g, "recommended_minimax", &s->recommended_minimax));
        KIKAN_CHECK(get_i32(ctx, path, g, "worst_monotone", &s->worst_monotone));
        KIKAN_CHECK(get_f64(ctx, path, g, "minimax_share", &s->minimax_share));
        KIKAN_CHECK(get_f64(ctx, path, g, "best_worst", &s->best_worst));
        KIKAN_CHECK(get_rows(ctx, path, g, "worst_case", sizeof(*s->worst), worst_f, NF(worst_f),
                             &p, &s->n_worst));
        s->worst = p;
        KIKAN_CHECK_ALLOC(s->frontier_worst = malloc(((size_t)s->n_frontier + 1) * sizeof(double)));
        KIKAN_CHECK_ALLOC(s->frontier_worst_ci_half =
                              malloc(((size_t)s->n_frontier + 1) * sizeof(double)));
        for (int i = 0; i < s->n_frontier; i++) {
            s->frontier_worst[i] = s->frontier_worst_ci_half[i] = NAN;
        }
        for (int i = 0; i < s->n_worst; i++) {
            const kikan_scope_tab_worst_t *x = &s->worst[i];
            if (strcmp(x->role, "attack") == 0 && x->rank == 1 && x->point >= 0 &&
                x->point < s->n_frontier) {
                s->frontier_worst[x->point] = x->harm;
                s->frontier_worst_ci_half[x->point] = x->ci_half;
            }
        }
    }
    KIKAN_CHECK(read_sensitivity(ctx, path, g, s));
    for (int c = 0; c < s->n_sweep; c++) {
        if (s->sweep[c].criterion < 0 || s->sweep[c].criterion >= s->n_criteria) {
            kikan_diag_add(ctx, "%s: /scope/sweep row %d: criterion %d out of range", path, c,
                           (int)s->sweep[c].criterion);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
    }
cleanup:
    return err;
}

/* A copy of the n doubles at `off` of each of n rows of `size` bytes (NULL: out of memory). */
static double *column(const void *rows, int n, size_t size, size_t off)
{
    double *a = malloc(((size_t)n + 1) * sizeof(double));
    for (int i = 0; a != NULL && i < n; i++) {
        memcpy(&a[i], (const char *)rows + (size_t)i * size + off, sizeof(double));
    }
    return a;
}

/*
 * The result's own fields from its tables (r->tables read): what the public
 * accessors read (sizes, reference points, the frontier's points, the
 * recommended thresholds, the count of operators regulated at the
 * recommendation). World rows stay NULL (docs/api.md).
 */
static kikan_error_t fill_result(kikan_ctx_t *ctx, const char *path, kikan_scope_result_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_scope_tables_t *t = r->tables;
    const int nf = t->n_frontier;
    if (kikan_scope_measure_parse(t->measure, &r->measure) != KIKAN_OK) {
        kikan_diag_add(ctx, "%s: /scope: unknown measure '%s'", path, t->measure);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    r->n_replicates = t->n_replicates;
    r->n_classes = t->n_classes;
    r->effectiveness = t->effectiveness;
    r->simulations = t->simulations;
    r->simulations_reused = t->simulations_reused;
    r->policies = t->policies;
    r->baseline_mean = t->baseline_mean;
    r->baseline_ci = t->baseline_ci_half;
    r->compromise_mean = t->compromise_mean;
    r->compromise_ci = t->compromise_ci_half;
    r->perfect_impact_mean = t->perfect_impact_mean;
    r->all_removed_mean = t->all_removed_mean;
    r->all_removed_ci = t->all_removed_ci_half;
    r->n_criteria = t->n_criteria;
    r->n_frontier = nf;
    r->recommended = t->recommended;
    r->best = t->best;
    r->budget = t->budget;
    r->cost_budget = t->cost_budget;
    r->cost_metric = KIKAN_NONE;
    r->target_share = t->target_share;
    r->margin_share = t->margin_share;
    r->n_bootstrap = t->n_bootstrap;
    r->n_seeds = t->n_seeds;
    r->n_candidates = t->n_candidates;
    r->ev_done = t->ev_done;
    r->n_comp = t->n_compromises;
    r->attacker_budget = t->attacker_budget;
    r->recommended_minimax = t->n_compromises > 0 ? t->recommended_minimax : -1;
    r->worst_monotone = t->worst_monotone;
    r->minimax_share = t->minimax_share;
    r->best_worst = t->best_worst;
    KIKAN_CHECK_ALLOC(r->fr_ops = calloc((size_t)nf + 1, sizeof(*r->fr_ops)));
    KIKAN_CHECK_ALLOC(r->fr_smes = calloc((size_t)nf + 1, sizeof(*r->fr_smes)));
    KIKAN_CHECK_ALLOC(r->fr_step_sig = calloc((size_t)nf + 1, sizeof(*r->fr_step_sig)));
    for (int i = 0; i < nf; i++) {
        r->fr_ops[i] = t->frontier[i].operators;
        r->fr_smes[i] = t->frontier[i].smes;
        r->fr_step_sig[i] = t->frontier[i].step_significant;
    }
    const size_t fs = sizeof(*t->frontier);
#define COL(dst, field)                                                                            \
    KIKAN_CHECK_ALLOC(                                                                             \
        dst = column(t->frontier, nf, fs, offsetof(kikan_scope_tab_frontier_t, field)))
    COL(r->fr_cost, cost);
    COL(r->fr_estimate, estimate);
    COL(r->fr_removed, removed);
    COL(r->fr_ci, ci_half);
    COL(r->fr_share, share);
    COL(r->fr_step, step);
    COL(r->fr_step_ci, step_ci);
    COL(r->fr_burden, burden);
    COL(r->fr_burden_sme, burden_sme);
#undef COL
    if (t->frontier_worst != NULL) {
        KIKAN_CHECK_ALLOC(r->fr_worst = column(t->frontier_worst, nf, sizeof(double), 0));
        KIKAN_CHECK_ALLOC(r->fr_worst_ci =
                              column(t->frontier_worst_ci_half, nf, sizeof(double), 0));
    }
    KIKAN_CHECK_ALLOC(r->rec_thr =
                          column(t->criteria, t->n_criteria, sizeof(*t->criteria),
                                 offsetof(kikan_scope_tab_criterion_t, recommended_threshold)));
    /* the recommendation's operators: the leading rows marked recommended (by point) */
    while (r->n_rec_ops < t->n_regulated && t->regulated[r->n_rec_ops].recommended) {
        r->n_rec_ops++;
    }
cleanup:
    return err;
}

/* The optional provenance a result names: /scope's seed and n_whatifs, /provenance's
   scenario_name (files written before them: 0, ""). */
static kikan_error_t read_provenance(hid_t f, hid_t g, kikan_scope_result_t *r)
{
    int64_t v = 0;
    char *name = NULL;
    if (H5Aexists(g, "seed") > 0 && kikan_h5_attr_get_i64(g, "seed", &v) == KIKAN_OK) {
        r->seed = (uint64_t)v;
    }
    if (H5Aexists(g, "n_whatifs") > 0 && kikan_h5_attr_get_i64(g, "n_whatifs", &v) == KIKAN_OK &&
        v >= 0 && v <= INT32_MAX) {
        r->n_whatifs = (int)v;
    }
    hid_t p =
        H5Lexists(f, "provenance", H5P_DEFAULT) > 0 ? H5Gopen2(f, "provenance", H5P_DEFAULT) : -1;
    if (p >= 0 && H5Aexists(p, "scenario_name") > 0) {
        if (kikan_h5_attr_get_str(p, "scenario_name", &name) == KIKAN_ENOMEM) {
            kikan_h5_close(&p);
            return KIKAN_ENOMEM;
        }
    }
    kikan_h5_close(&p);
    r->scenario = name != NULL ? name : strdup("");
    return r->scenario != NULL ? KIKAN_OK : KIKAN_ENOMEM;
}

kikan_error_t kikan_h5_read_scope(kikan_ctx_t *ctx, const char *path, kikan_scope_result_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_h5_quiet_t quiet;
    hid_t f = -1, g = -1;
    kikan_scope_result_t *r = NULL;
    if (ctx == NULL || path == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_h5_quiet_begin(&quiet);
    KIKAN_CHECK(kikan_h5_open_results_ro(ctx, path, &f));
    if (H5Lexists(f, "scope", H5P_DEFAULT) <= 0) {
        goto cleanup; /* no analysis */
    }
    if ((g = H5Gopen2(f, "scope", H5P_DEFAULT)) < 0) {
        kikan_diag_add(ctx, "%s: /scope is not a group", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (H5Aexists(g, "measure") <= 0) {
        goto cleanup; /* the placeholder of `kikan run` */
    }
    KIKAN_CHECK_ALLOC(r = calloc(1, sizeof(*r)));
    r->from_file = 1;
    KIKAN_CHECK_ALLOC(r->tables = calloc(1, sizeof(*r->tables)));
    KIKAN_CHECK(read_group(ctx, path, g, r->tables));
    KIKAN_CHECK(fill_result(ctx, path, r));
    KIKAN_CHECK(read_provenance(f, g, r));
    *out = r;
    r = NULL;
cleanup:
    kikan_scope_result_free(&r);
    kikan_h5_close(&g);
    kikan_h5_close(&f);
    kikan_h5_quiet_end(&quiet);
    return err;
}
