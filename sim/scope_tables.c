/*
 * The scope result's named tables (sim/scope_tables.h): built from a result
 * and the world it was computed on, the one place that turns the analysis's
 * world rows into the ids and names of the /scope tables (the HDF5 writer
 * writes what this builds; the reader fills the same structs from a file).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "models/world_impl.h"
#include "sim/scope_impl.h"

/* The builder's state: the result, its world, the tables, and whether a copy failed. */
typedef struct {
    const kikan_scope_result_t *r;
    const kikan_world_t *w;
    kikan_scope_tables_t *t;
    int oom;
} bt_t;

/* An owned copy of s ("" for NULL); sets b->oom when out of memory. */
static char *dup(bt_t *b, const char *s)
{
    char *p = strdup(s != NULL ? s : "");
    if (p == NULL) {
        b->oom = 1;
    }
    return p;
}

static const char *sector_id(const kikan_world_t *w, kikan_id_t s)
{
    return s >= 0 && s < w->n_sectors ? kikan_strtab_get(&w->sector_ids, s) : "";
}

static const char *metric_name(const kikan_world_t *w, kikan_id_t m)
{
    return m >= 0 ? kikan_strtab_get(&w->metric_names, m) : "";
}

static const char *op_id(const kikan_world_t *w, kikan_id_t op)
{
    return op >= 0 && op < w->n_operators ? kikan_strtab_get(&w->operator_ids, op) : "";
}

static const char *op_name(const kikan_world_t *w, kikan_id_t op)
{
    return op >= 0 && op < w->n_operators && w->operators[op].name ? w->operators[op].name : "";
}

static int op_sme(const kikan_world_t *w, kikan_id_t op)
{
    return op >= 0 && op < w->n_operators && w->operators[op].sme != 0;
}

/* Threshold and operators of criterion c at frontier point i (INFINITY, 0: none). */
static void point_thr(const kikan_scope_result_t *r, int i, int c, double *thr, int32_t *ops)
{
    const int row = (i >= 0 && i < r->n_frontier) ? r->fr_row[(int64_t)i * r->n_criteria + c] : -1;
    *thr = row >= 0 ? r->thr[r->crit_off[c] + row] : INFINITY;
    *ops = row >= 0 ? (int32_t)r->thr_ops[r->crit_off[c] + row] : 0;
}

/* The attributes of /scope that the report reads. */
static void build_attrs(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    kikan_scope_tables_t *t = b->t;
    t->measure = dup(b, kikan_scope_measure_name(r->measure));
    t->measure_units = dup(b, kikan_scope_measure_unit(r->measure));
    t->cost_metric = dup(b, metric_name(b->w, r->cost_metric));
    t->effectiveness = r->effectiveness;
    t->n_replicates = r->n_replicates;
    t->simulations = r->simulations;
    t->simulations_reused = r->simulations_reused;
    t->policies = r->policies;
    t->baseline_mean = r->baseline_mean;
    t->baseline_ci_half = r->baseline_ci;
    t->compromise_mean = r->compromise_mean;
    t->compromise_ci_half = r->compromise_ci;
    t->perfect_impact_mean = r->perfect_impact_mean;
    t->all_removed_mean = r->all_removed_mean;
    t->all_removed_ci_half = r->all_removed_ci;
    t->recommended = r->recommended;
    t->budget = r->budget;
    t->best = r->best;
    t->n_bootstrap = r->n_bootstrap;
    t->n_seeds = r->n_seeds;
    t->cost_budget = r->cost_budget;
    t->target_share = r->target_share;
    t->margin_share = r->margin_share;
    t->n_candidates = r->n_candidates;
}

/* criteria (with the recommended threshold of each), sweep, frontier, frontier thresholds. */
static kikan_error_t build_sweep(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_world_t *w = b->w;
    kikan_scope_tables_t *t = b->t;
    const int nc = r->n_criteria, nf = r->n_frontier;
    if ((t->criteria = calloc((size_t)nc + 1, sizeof(*t->criteria))) == NULL ||
        (t->sweep = calloc((size_t)r->n_rows + 1, sizeof(*t->sweep))) == NULL ||
        (t->frontier = calloc((size_t)nf + 1, sizeof(*t->frontier))) == NULL ||
        (t->frontier_thr = calloc((size_t)nf * nc + 1, sizeof(*t->frontier_thr))) == NULL) {
        return KIKAN_ENOMEM;
    }
    t->n_criteria = nc;
    t->n_sweep = r->n_rows;
    t->n_frontier = nf;
    for (int c = 0; c < nc; c++) {
        kikan_scope_tab_criterion_t *cr = &t->criteria[c];
        cr->sector = dup(b, sector_id(w, r->crit_sector[c]));
        cr->metric = dup(b, metric_name(w, r->crit_metric[c]));
        cr->operators = (int32_t)r->crit_n_ops[c];
        double thr;
        point_thr(r, r->recommended, c, &thr, &cr->recommended_operators);
        cr->recommended_threshold = r->rec_thr != NULL ? r->rec_thr[c] : thr;
        cr->stability_bootstrap = r->rec_boot != NULL ? r->rec_boot[c] : NAN;
        cr->stability_seeds = r->rec_seeds != NULL ? r->rec_seeds[c] : NAN;
        for (int k = r->crit_off[c]; k < r->crit_off[c + 1]; k++) {
            t->sweep[k] = (kikan_scope_tab_sweep_t){c,
                                                    dup(b, sector_id(w, r->crit_sector[c])),
                                                    dup(b, metric_name(w, r->crit_metric[c])),
                                                    r->thr[k],
                                                    (int32_t)r->thr_ops[k],
                                                    (int32_t)r->thr_smes[k],
                                                    r->thr_removed[k],
                                                    r->thr_ci[k],
                                                    r->thr_share[k]};
        }
    }
    for (int i = 0; i < nf; i++) {
        t->frontier[i] =
            (kikan_scope_tab_frontier_t){i,
                                         (int32_t)r->fr_ops[i],
                                         (int32_t)r->fr_smes[i],
                                         r->fr_cost[i],
                                         r->fr_estimate[i],
                                         r->fr_removed[i],
                                         r->fr_ci[i],
                                         r->fr_share[i],
                                         i == r->recommended,
                                         r->fr_step != NULL ? r->fr_step[i] : NAN,
                                         r->fr_step_ci != NULL ? r->fr_step_ci[i] : NAN,
                                         r->fr_step_sig != NULL ? r->fr_step_sig[i] : 0,
                                         r->fr_burden != NULL ? r->fr_burden[i] : NAN,
                                         r->fr_burden_sme != NULL ? r->fr_burden_sme[i] : NAN};
        for (int c = 0; c < nc; c++) {
            kikan_scope_tab_frontier_thr_t *f = &t->frontier_thr[i * nc + c];
            f->point = i;
            f->criterion = c;
            f->sector = dup(b, sector_id(w, r->crit_sector[c]));
            f->metric = dup(b, metric_name(w, r->crit_metric[c]));
            point_thr(r, i, c, &f->threshold, &f->operators);
        }
    }
    return KIKAN_OK;
}

/* regulated: who is regulated, each operator at the frontier step adding it. */
static kikan_error_t build_regulated(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_world_t *w = b->w;
    kikan_scope_tables_t *t = b->t;
    int n_reg = 0;
    for (kikan_id_t op = 0; r->op_point != NULL && op < r->n_operators; op++) {
        n_reg += r->op_point[op] >= 0;
    }
    if ((t->regulated = calloc((size_t)n_reg + 1, sizeof(*t->regulated))) == NULL) {
        return KIKAN_ENOMEM;
    }
    for (int i = 0; r->op_point != NULL && i < r->n_frontier; i++) {
        for (kikan_id_t op = 0; op < r->n_operators && op < w->n_operators; op++) {
            if (r->op_point[op] != i) {
                continue;
            }
            const int c = r->op_crit[op];
            kikan_scope_tab_regulated_t *o = &t->regulated[t->n_regulated++];
            o->point = i;
            o->operator_id = dup(b, op_id(w, op));
            o->operator_name = dup(b, op_name(w, op));
            o->sector = dup(b, c >= 0 ? sector_id(w, r->crit_sector[c]) : "");
            o->metric = dup(b, c >= 0 ? metric_name(w, r->crit_metric[c]) : "");
            o->size = c >= 0 ? kikan_world_metric(w, op, r->crit_metric[c]) : NAN;
            o->sme = op_sme(w, op);
            o->recommended = i <= r->recommended;
        }
    }
    return KIKAN_OK;
}

/* Row x names compromise c (c < 0: nothing) and operator op (KIKAN_NONE: nothing). */
static void worst_row(bt_t *b, int c, kikan_id_t op, kikan_scope_tab_worst_t *x)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_world_t *w = b->w;
    const int ok = c >= 0;
    const kikan_id_t v = ok ? r->comp_vendor[c] : KIKAN_NONE;
    const kikan_id_t k = ok ? r->comp_class[c] : KIKAN_NONE;
    const kikan_id_t ct = ok ? r->comp_contractor[c] : KIKAN_NONE;
    x->whatif = dup(b, ok ? r->comp_name[c] : "");
    x->vendor_id = dup(b, v != KIKAN_NONE ? kikan_strtab_get(&w->vendor_ids, v) : "");
    x->vendor_name = dup(b, v != KIKAN_NONE ? w->vendors[v].name : "");
    x->class_id = dup(b, k != KIKAN_NONE ? kikan_strtab_get(&w->class_ids, k) : "");
    x->contractor_id = dup(b, ct != KIKAN_NONE ? kikan_strtab_get(&w->contractor_ids, ct) : "");
    x->contractor_name = dup(b, ct != KIKAN_NONE ? w->contractors[ct].name : "");
    x->operator_id = dup(b, op != KIKAN_NONE ? op_id(w, op) : "");
    x->operator_name = dup(b, op != KIKAN_NONE ? op_name(w, op) : "");
}

/* worst_case: per point the attack of K and the top T compromises, then the closers. */
static kikan_error_t build_worst(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    kikan_scope_tables_t *t = b->t;
    if (r->fr_worst == NULL || r->n_comp == 0) {
        return KIKAN_OK;
    }
    const int nf = r->n_frontier, K = r->attacker_budget, T = r->worst_top;
    t->n_compromises = r->n_comp;
    t->attacker_budget = K;
    t->recommended_minimax = r->recommended_minimax;
    t->worst_monotone = r->worst_monotone;
    t->minimax_share = r->minimax_share;
    t->best_worst = r->best_worst;
    const int n = nf * (K + T) + r->n_close;
    if ((t->worst = calloc((size_t)n + 1, sizeof(*t->worst))) == NULL ||
        (t->frontier_worst = malloc(((size_t)nf + 1) * sizeof(double))) == NULL ||
        (t->frontier_worst_ci_half = malloc(((size_t)nf + 1) * sizeof(double))) == NULL) {
        return KIKAN_ENOMEM;
    }
    kikan_scope_tab_worst_t *x = t->worst;
    t->n_worst = n;
    int k = 0;
    for (int i = 0; i < nf; i++) {
        t->frontier_worst[i] = r->fr_worst[i];
        t->frontier_worst_ci_half[i] = r->fr_worst_ci[i];
        for (int q = 0; q < K; q++, k++) {
            worst_row(b, r->fr_worst_comp[(int64_t)i * K + q], KIKAN_NONE, &x[k]);
            x[k].role = dup(b, "attack");
            x[k].point = i;
            x[k].rank = q + 1;
            x[k].harm = q == 0 ? r->fr_worst[i] : NAN; /* the attack's harm, on its first row */
            x[k].ci_half = q == 0 ? r->fr_worst_ci[i] : NAN;
        }
        for (int q = 0; q < T; q++, k++) {
            worst_row(b, r->fr_top[(int64_t)i * T + q], KIKAN_NONE, &x[k]);
            x[k].role = dup(b, "top");
            x[k].point = i;
            x[k].rank = q + 1;
            x[k].harm = r->fr_top_harm[(int64_t)i * T + q];
            x[k].ci_half = r->fr_top_ci[(int64_t)i * T + q];
        }
    }
    for (int c = 0; c < r->n_close; c++, k++) {
        worst_row(b, r->close_comp[c], r->close_op[c], &x[k]);
        x[k].role = dup(b, "closer");
        x[k].point = r->recommended;
        x[k].rank = c + 1;
        x[k].harm = r->close_worst[c];
        x[k].ci_half = r->close_ci[c];
    }
    return KIKAN_OK;
}

/* The evaluated policy: its figures and operators (regulated, swap_in, swap_out). */
static kikan_error_t build_evaluation(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_world_t *w = b->w;
    kikan_scope_tables_t *t = b->t;
    t->ev_done = r->ev_done;
    if (!r->ev_done) {
        return KIKAN_OK;
    }
    t->ev_policy = dup(b, r->ev_path);
    t->ev_name = dup(b, r->ev_name);
    t->ev_source = dup(b, r->ev_source);
    t->ev_operators = (int32_t)r->ev_n_ops;
    t->ev_smes = (int32_t)r->ev_smes;
    t->ev_by_rule = (int32_t)r->ev_by_rule;
    t->ev_named = (int32_t)r->ev_named;
    t->ev_point = r->ev_point;
    t->ev_removed = r->ev_removed;
    t->ev_ci_half = r->ev_ci;
    t->ev_share = r->ev_share;
    t->ev_diff = r->ev_diff;
    t->ev_diff_ci_half = r->ev_diff_ci;
    const int n_ev = (int)(r->ev_n_ops + r->ev_n_in + r->ev_n_out);
    if ((t->eval = calloc((size_t)n_ev + 1, sizeof(*t->eval))) == NULL) {
        return KIKAN_ENOMEM;
    }
    const struct {
        const char *role;
        const kikan_id_t *ids;
        kikan_id_t n;
    } lists[] = {{"regulated", r->ev_ops, r->ev_n_ops},
                 {"swap_in", r->ev_in, r->ev_n_in},
                 {"swap_out", r->ev_out, r->ev_n_out}};
    for (int l = 0; l < 3; l++) {
        for (kikan_id_t i = 0; i < lists[l].n; i++) {
            const kikan_id_t op = lists[l].ids[i];
            t->eval[t->n_eval++] = (kikan_scope_tab_eval_t){
                dup(b, lists[l].role), dup(b, op_id(w, op)), dup(b, op_name(w, op)), op_sme(w, op)};
        }
    }
    return KIKAN_OK;
}

/* small_but_critical and classes (rank order). */
static kikan_error_t build_small_classes(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_world_t *w = b->w;
    kikan_scope_tables_t *t = b->t;
    if ((t->small = calloc((size_t)r->n_small + 1, sizeof(*t->small))) == NULL ||
        (t->classes = calloc((size_t)r->n_classes + 1, sizeof(*t->classes))) == NULL) {
        return KIKAN_ENOMEM;
    }
    t->n_small = r->n_small;
    for (int i = 0; i < r->n_small; i++) {
        const kikan_id_t op = r->sc_op[i];
        t->small[i] = (kikan_scope_tab_small_t){dup(b, op_id(w, op)),
                                                dup(b, op_name(w, op)),
                                                dup(b, sector_id(w, r->sc_sector[i])),
                                                r->sc_removed[i],
                                                r->sc_ci[i],
                                                r->sc_share[i],
                                                r->sc_size_share[i],
                                                (int32_t)r->sc_dependents[i],
                                                r->sc_below_all[i],
                                                dup(b, r->sc_reason[i]),
                                                op_sme(w, op)};
    }
    t->n_classes = (int)r->n_classes;
    for (int k = 0; k < r->n_classes; k++) {
        const kikan_id_t id = r->cls_rank[k];
        const int ok = id >= 0 && id < w->n_classes;
        t->classes[k] =
            (kikan_scope_tab_class_t){k + 1,
                                      dup(b, ok ? kikan_strtab_get(&w->class_ids, id) : ""),
                                      dup(b, ok ? w->classes[id].name : ""),
                                      r->cls_removed[k],
                                      r->cls_ci[k],
                                      r->cls_share[k],
                                      r->cls_cum_removed[k],
                                      r->cls_cum_ci[k]};
    }
    return KIKAN_OK;
}

/* The attached sensitivity: inputs and thresholds (input x criterion). */
static kikan_error_t build_sensitivity(bt_t *b)
{
    const kikan_scope_result_t *r = b->r;
    const kikan_scope_sens_t *s = r->sens;
    kikan_scope_tables_t *t = b->t;
    if (s == NULL) {
        return KIKAN_OK;
    }
    const int nc = s->n_criteria < r->n_criteria ? s->n_criteria : r->n_criteria;
    if ((t->sens = calloc((size_t)s->n_inputs + 1, sizeof(*t->sens))) == NULL ||
        (t->sens_thr = calloc((size_t)s->n_inputs * nc + 1, sizeof(*t->sens_thr))) == NULL) {
        return KIKAN_ENOMEM;
    }
    t->n_sens = s->n_inputs;
    t->n_sens_criteria = nc;
    t->sens_replicates = s->replicates;
    t->sens_trajectories = s->trajectories;
    t->sens_runs = s->runs;
    t->sens_most = s->most;
    t->sens_share_base = s->share_base;
    t->sens_share_base_ci_half = s->share_base_ci;
    for (int i = 0; i < s->n_inputs; i++) {
        const kikan_scope_sens_input_t *a = &s->in[i];
        t->sens[i] = (kikan_scope_tab_sens_input_t){
            dup(b, a->name), dup(b, a->unit), dup(b, a->range), a->lo,       a->hi,
            a->base,         a->share_lo,     a->share_lo_ci,   a->share_hi, a->share_hi_ci,
            a->thr_changed,  a->mu,           a->mu_star,       a->sigma};
        for (int c = 0; c < nc; c++) {
            t->sens_thr[i * nc + c] =
                (kikan_scope_tab_sens_thr_t){i,
                                             c,
                                             dup(b, sector_id(b->w, r->crit_sector[c])),
                                             dup(b, metric_name(b->w, r->crit_metric[c])),
                                             s->thr_base[c],
                                             a->thr_lo[c],
                                             a->thr_hi[c]};
        }
    }
    return KIKAN_OK;
}

kikan_error_t kikan_scope_tables_make(const kikan_scope_result_t *r, const kikan_world_t *w,
                                      kikan_scope_tables_t **out)
{
    if (r == NULL || w == NULL || out == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    kikan_error_t err = KIKAN_OK;
    bt_t b = {r, w, calloc(1, sizeof(kikan_scope_tables_t)), 0};
    if (b.t == NULL) {
        return KIKAN_ENOMEM;
    }
    build_attrs(&b);
    kikan_error_t (*const part[])(bt_t *) = {build_sweep,         build_regulated,
                                             build_worst,         build_evaluation,
                                             build_small_classes, build_sensitivity};
    for (size_t i = 0; i < sizeof(part) / sizeof(part[0]) && err == KIKAN_OK; i++) {
        err = part[i](&b);
    }
    if (err == KIKAN_OK && b.oom) {
        err = KIKAN_ENOMEM;
    }
    if (err != KIKAN_OK) {
        kikan_scope_tables_free(&b.t);
        return err;
    }
    *out = b.t;
    return KIKAN_OK;
}

kikan_error_t kikan_scope_tables_build(kikan_scope_result_t *r, const kikan_world_t *w)
{
    kikan_scope_tables_t *t = NULL;
    const kikan_error_t err = kikan_scope_tables_make(r, w, &t);
    if (err == KIKAN_OK) {
        kikan_scope_tables_free(&r->tables);
        r->tables = t;
    }
    return err;
}

kikan_error_t kikan_scope_tables_update_sensitivity(kikan_scope_result_t *r, const kikan_world_t *w)
{
    kikan_scope_tables_t *t = NULL;
    if (r == NULL || r->tables == NULL) {
        return KIKAN_EINVAL;
    }
    const kikan_error_t err = kikan_scope_tables_make(r, w, &t);
    if (err != KIKAN_OK) {
        return err;
    }
    /* the new set's sensitivity rows into r->tables, its old ones into t to be freed with it */
    kikan_scope_tables_t *o = r->tables;
    kikan_scope_tab_sens_input_t *old_sens = o->sens;
    kikan_scope_tab_sens_thr_t *old_thr = o->sens_thr;
    const int old_n = o->n_sens, old_nc = o->n_sens_criteria;
    o->n_sens = t->n_sens;
    o->n_sens_criteria = t->n_sens_criteria;
    o->sens_replicates = t->sens_replicates;
    o->sens_trajectories = t->sens_trajectories;
    o->sens_runs = t->sens_runs;
    o->sens_most = t->sens_most;
    o->sens_share_base = t->sens_share_base;
    o->sens_share_base_ci_half = t->sens_share_base_ci_half;
    o->sens = t->sens;
    o->sens_thr = t->sens_thr;
    t->sens = old_sens;
    t->sens_thr = old_thr;
    t->n_sens = old_n;
    t->n_sens_criteria = old_nc;
    kikan_scope_tables_free(&t);
    return KIKAN_OK;
}

/* ---- free ------------------------------------------------------------------------------------ */

static void free_strs(char **a, int n)
{
    for (int i = 0; i < n; i++) {
        free(a[i]);
    }
}

/* Free the strings of each row (rows may be partly filled: free(NULL) is fine). */
#define FREE_ROWS(arr, n, ...)                                                                     \
    do {                                                                                           \
        for (int i_ = 0; (arr) != NULL && i_ < (n); i_++) {                                        \
            char *s_[] = {__VA_ARGS__};                                                            \
            free_strs(s_, (int)(sizeof(s_) / sizeof(s_[0])));                                      \
        }                                                                                          \
        free(arr);                                                                                 \
    } while (0)

void kikan_scope_tables_free(kikan_scope_tables_t **tp)
{
    if (tp == NULL || *tp == NULL) {
        return;
    }
    kikan_scope_tables_t *t = *tp;
    free(t->measure);
    free(t->measure_units);
    free(t->cost_metric);
    FREE_ROWS(t->criteria, t->n_criteria, t->criteria[i_].sector, t->criteria[i_].metric);
    FREE_ROWS(t->sweep, t->n_sweep, t->sweep[i_].sector, t->sweep[i_].metric);
    FREE_ROWS(t->frontier_thr, t->n_frontier * t->n_criteria, t->frontier_thr[i_].sector,
              t->frontier_thr[i_].metric);
    free(t->frontier);
    FREE_ROWS(t->regulated, t->n_regulated, t->regulated[i_].operator_id,
              t->regulated[i_].operator_name, t->regulated[i_].sector, t->regulated[i_].metric);
    FREE_ROWS(t->small, t->n_small, t->small[i_].operator_id, t->small[i_].operator_name,
              t->small[i_].sector, t->small[i_].reason);
    FREE_ROWS(t->eval, t->n_eval, t->eval[i_].role, t->eval[i_].operator_id,
              t->eval[i_].operator_name);
    free(t->ev_policy);
    free(t->ev_name);
    free(t->ev_source);
    FREE_ROWS(t->classes, t->n_classes, t->classes[i_].class_id, t->classes[i_].class_name);
    FREE_ROWS(t->worst, t->n_worst, t->worst[i_].role, t->worst[i_].whatif, t->worst[i_].vendor_id,
              t->worst[i_].vendor_name, t->worst[i_].class_id, t->worst[i_].contractor_id,
              t->worst[i_].contractor_name, t->worst[i_].operator_id, t->worst[i_].operator_name);
    free(t->frontier_worst);
    free(t->frontier_worst_ci_half);
    FREE_ROWS(t->sens, t->n_sens, t->sens[i_].input, t->sens[i_].unit, t->sens[i_].range);
    FREE_ROWS(t->sens_thr, t->n_sens * t->n_sens_criteria, t->sens_thr[i_].sector,
              t->sens_thr[i_].metric);
    free(t);
    *tp = NULL;
}
