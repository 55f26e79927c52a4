/*
 * The read accessors of kikan_scope_result_t (include/kikan/scope.h): what a
 * program that embeds kikan may see of the result in sim/scope_impl.h.
 *
 * DESIGN: every accessor checks the handle and its index against the sizes
 * first, and treats an array the analysis did not fill (recommend_only, no
 * worst case) as absent, so no index can read outside an array.
 */
#include <math.h>
#include <stdlib.h>
#include "sim/scope_impl.h"

int64_t kikan_scope_result_n_replicates(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_replicates : 0;
}

int kikan_scope_result_n_whatifs(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_whatifs : 0;
}

kikan_id_t kikan_scope_result_n_operators(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_operators : 0;
}

kikan_id_t kikan_scope_result_n_classes(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_classes : 0;
}

int kikan_scope_result_n_criteria(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_criteria : 0;
}

int kikan_scope_result_n_frontier(const kikan_scope_result_t *r)
{
    return r != NULL ? r->n_frontier : 0;
}

kikan_scope_measure_t kikan_scope_result_measure(const kikan_scope_result_t *r)
{
    return r != NULL ? r->measure : KIKAN_SCOPE_LIFE_WEIGHTED;
}

int64_t kikan_scope_result_simulations(const kikan_scope_result_t *r)
{
    return r != NULL ? r->simulations : 0;
}

int64_t kikan_scope_result_simulations_reused(const kikan_scope_result_t *r)
{
    return r != NULL ? r->simulations_reused : 0;
}

uint64_t kikan_scope_result_seed(const kikan_scope_result_t *r)
{
    return r != NULL ? r->seed : 0;
}

const char *kikan_scope_result_scenario(const kikan_scope_result_t *r)
{
    return r == NULL ? NULL : r->scenario != NULL ? r->scenario : "";
}

/* Store mean and ci where asked. */
static kikan_error_t pair(const kikan_scope_result_t *r, double m, double c, double *mean,
                          double *ci)
{
    if (r == NULL) {
        return KIKAN_EINVAL;
    }
    if (mean != NULL) {
        *mean = m;
    }
    if (ci != NULL) {
        *ci = c;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_scope_result_baseline(const kikan_scope_result_t *r, double *mean, double *ci)
{
    return r == NULL ? KIKAN_EINVAL : pair(r, r->baseline_mean, r->baseline_ci, mean, ci);
}

kikan_error_t kikan_scope_result_compromise(const kikan_scope_result_t *r, double *mean, double *ci)
{
    return r == NULL ? KIKAN_EINVAL : pair(r, r->compromise_mean, r->compromise_ci, mean, ci);
}

kikan_error_t kikan_scope_result_criterion(const kikan_scope_result_t *r, int c, kikan_id_t *sector,
                                           kikan_id_t *metric)
{
    if (r == NULL || c < 0 || c >= r->n_criteria || r->crit_sector == NULL ||
        r->crit_metric == NULL) {
        return KIKAN_EINVAL;
    }
    if (sector != NULL) {
        *sector = r->crit_sector[c];
    }
    if (metric != NULL) {
        *metric = r->crit_metric[c];
    }
    return KIKAN_OK;
}

/* a[i], or NaN when the array was not filled */
static double at(const double *a, int i)
{
    return a != NULL ? a[i] : NAN;
}

kikan_error_t kikan_scope_result_point(const kikan_scope_result_t *r, int i,
                                       kikan_scope_point_t *out)
{
    if (r == NULL || out == NULL || i < 0 || i >= r->n_frontier || r->fr_ops == NULL) {
        return KIKAN_EINVAL;
    }
    kikan_scope_point_t p;
    p.n_ops = r->fr_ops[i];
    p.n_smes = r->fr_smes != NULL ? r->fr_smes[i] : 0;
    p.cost = at(r->fr_cost, i);
    p.removed = at(r->fr_removed, i);
    p.ci = at(r->fr_ci, i);
    p.share = at(r->fr_share, i);
    p.burden = at(r->fr_burden, i);
    p.burden_sme = at(r->fr_burden_sme, i);
    p.step = at(r->fr_step, i);
    p.step_ci = at(r->fr_step_ci, i);
    p.step_sig = r->fr_step_sig != NULL ? r->fr_step_sig[i] : 0;
    p.worst = r->n_comp > 0 ? at(r->fr_worst, i) : NAN;
    p.worst_ci = r->n_comp > 0 ? at(r->fr_worst_ci, i) : NAN;
    *out = p;
    return KIKAN_OK;
}

int kikan_scope_result_recommended(const kikan_scope_result_t *r)
{
    return r != NULL ? r->recommended : -1;
}

int kikan_scope_result_best(const kikan_scope_result_t *r)
{
    return r != NULL ? r->best : -1;
}

int kikan_scope_result_recommended_minimax(const kikan_scope_result_t *r)
{
    return r != NULL && r->n_comp > 0 ? r->recommended_minimax : -1;
}

kikan_error_t kikan_scope_result_threshold(const kikan_scope_result_t *r, int c, double *thr)
{
    if (r == NULL || thr == NULL || c < 0 || c >= r->n_criteria || r->rec_thr == NULL) {
        return KIKAN_EINVAL;
    }
    *thr = r->rec_thr[c];
    return KIKAN_OK;
}

kikan_id_t kikan_scope_result_n_rec_ops(const kikan_scope_result_t *r)
{
    return r != NULL && (r->rec_ops != NULL || r->from_file) ? r->n_rec_ops : 0;
}

kikan_id_t kikan_scope_result_rec_op(const kikan_scope_result_t *r, kikan_id_t i)
{
    if (r == NULL || r->rec_ops == NULL || i < 0 || i >= r->n_rec_ops) {
        return KIKAN_NONE;
    }
    return r->rec_ops[i];
}

int kikan_scope_result_op_point(const kikan_scope_result_t *r, kikan_id_t op)
{
    if (r == NULL || r->op_point == NULL || op < 0 || op >= r->n_operators) {
        return -1;
    }
    return r->op_point[op];
}

kikan_error_t kikan_scope_result_class(const kikan_scope_result_t *r, kikan_id_t k,
                                       kikan_scope_class_t *out)
{
    if (r == NULL || out == NULL || k < 0 || k >= r->n_classes || r->cls_rank == NULL ||
        r->cls_removed == NULL) {
        return KIKAN_EINVAL;
    }
    kikan_scope_class_t c;
    c.cls = r->cls_rank[k];
    c.removed = r->cls_removed[k];
    c.ci = at(r->cls_ci, (int)k);
    c.share = at(r->cls_share, (int)k);
    c.cum_removed = at(r->cls_cum_removed, (int)k);
    c.cum_ci = at(r->cls_cum_ci, (int)k);
    *out = c;
    return KIKAN_OK;
}

kikan_error_t kikan_scope_result_attach_sensitivity(kikan_ctx_t *ctx, kikan_world_t *world,
                                                    const kikan_scenario_t *scenario,
                                                    const kikan_scope_options_t *opt,
                                                    int trajectories, kikan_scope_result_t *r)
{
    kikan_scope_sens_t *sens = NULL;
    if (r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    kikan_error_t err = kikan_scope_sensitivity(ctx, world, scenario, opt, trajectories, &sens);
    if (err != KIKAN_OK) {
        return err;
    }
    kikan_scope_sens_t *old = r->sens;
    r->sens = sens;
    if (r->tables != NULL && (err = kikan_scope_tables_update_sensitivity(r, world)) != KIKAN_OK) {
        r->sens = old; /* the tables are unchanged on error */
        kikan_scope_sens_free(&sens);
        return err;
    }
    kikan_scope_sens_free(&old);
    return KIKAN_OK;
}

int kikan_scope_result_from_file(const kikan_scope_result_t *r)
{
    return r != NULL && r->from_file;
}

kikan_error_t kikan_scope_result_criterion_names(const kikan_scope_result_t *r, int c,
                                                 const char **sector, const char **metric)
{
    if (r == NULL || r->tables == NULL || c < 0 || c >= r->tables->n_criteria) {
        return KIKAN_EINVAL;
    }
    if (sector != NULL) {
        *sector = r->tables->criteria[c].sector;
    }
    if (metric != NULL) {
        *metric = r->tables->criteria[c].metric;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_scope_result_point_threshold(const kikan_scope_result_t *r, int i, int c,
                                                 double *thr, kikan_id_t *n_ops)
{
    const kikan_scope_tables_t *t = r != NULL ? r->tables : NULL;
    if (t == NULL || t->frontier_thr == NULL || i < 0 || i >= t->n_frontier || c < 0 ||
        c >= t->n_criteria) {
        return KIKAN_EINVAL;
    }
    const kikan_scope_tab_frontier_thr_t *f = &t->frontier_thr[(int64_t)i * t->n_criteria + c];
    if (thr != NULL) {
        *thr = f->threshold;
    }
    if (n_ops != NULL) {
        *n_ops = f->operators;
    }
    return KIKAN_OK;
}

/* The i-th operator regulated at the recommendation: the regulated rows are by frontier point,
   so the recommendation's are the rows before the first of a later point. */
static const kikan_scope_tab_regulated_t *rec_row(const kikan_scope_result_t *r, kikan_id_t i)
{
    const kikan_scope_tables_t *t = r != NULL ? r->tables : NULL;
    if (t == NULL || i < 0 || i >= t->n_regulated || !t->regulated[i].recommended) {
        return NULL;
    }
    return &t->regulated[i];
}

const char *kikan_scope_result_rec_op_id(const kikan_scope_result_t *r, kikan_id_t i)
{
    const kikan_scope_tab_regulated_t *x = rec_row(r, i);
    return x != NULL ? x->operator_id : NULL;
}

const char *kikan_scope_result_rec_op_name(const kikan_scope_result_t *r, kikan_id_t i)
{
    const kikan_scope_tab_regulated_t *x = rec_row(r, i);
    return x != NULL ? x->operator_name : NULL;
}
