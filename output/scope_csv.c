/*
 * The scope analysis's tables as CSV for spreadsheets and scripts
 * (kikan_scope_csv_write, include/kikan/output.h), written with the run's
 * CSV writer and column convention (output/csv_table.h), each file
 * atomically, with provenance.json beside them.
 *
 * DESIGN: a column that holds the impact measure is named by the measure
 * (`removed_weighted_person_hours_mean`, `removed_econ_loss_jpy_mean`), so the
 * header says what is counted and in which unit, and two scope runs under
 * different measures never put different quantities in a same-named column;
 * provenance.json gives the stem (`impact_column`) and every column's unit.
 * Intervals are written as bounds (`_ci_lo`, `_ci_hi`: mean -/+ the 95% CI
 * half-width of the JSON), as in the run's tables. Each frontier point's
 * thresholds are columns `threshold_SECTOR_METRIC` (the metric's name carries
 * its unit: deposits_jpy, capacity_mw), empty when the point regulates none of
 * that sector, so one row reads as the policy it stands for.
 */
#include <math.h>
#include <stdarg.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/output.h"
#include "kikan/text.h"
#include "kikan/version.h"
#include "models/world_impl.h"
#include "sim/scope_impl.h"
#include "output/csv_table.h"
#include "output/scope_internal.h"
#include "scenarios/csv.h"
#include "scenarios/loader.h"

typedef struct {
    const kikan_world_t *w;
    const kikan_scope_result_t *r;
} arg_t;

/* ---- columns built at run time (they depend on the measure and the criteria) -------------- */

typedef struct {
    kikan_csv_col_t *c; /* names and units point into own */
    char **own;         /* [2 n] owned strings */
    int n, cap;
} cols_t;

static void cols_free(cols_t *s)
{
    for (int i = 0; i < 2 * s->n; i++) {
        free(s->own[i]);
    }
    free(s->own);
    free(s->c);
    *s = (cols_t){NULL, NULL, 0, 0};
}

/* Add a column named by fmt; 0 when out of memory. */
static int col_add(cols_t *s, const char *unit, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int col_add(cols_t *s, const char *unit, const char *fmt, ...)
{
    if (s->n == s->cap) {
        const int cap = s->cap ? 2 * s->cap : 32;
        kikan_csv_col_t *c = realloc(s->c, (size_t)cap * sizeof(*c));
        if (c == NULL) {
            return 0;
        }
        s->c = c;
        char **own = realloc(s->own, (size_t)cap * 2 * sizeof(*own));
        if (own == NULL) {
            return 0;
        }
        s->own = own;
        s->cap = cap;
    }
    char name[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(name, sizeof(name), fmt, ap);
    va_end(ap);
    char *n = strdup(name), *u = strdup(unit != NULL ? unit : "");
    if (n == NULL || u == NULL) {
        free(n);
        free(u);
        return 0;
    }
    s->own[2 * s->n] = n;
    s->own[2 * s->n + 1] = u;
    s->c[s->n++] = (kikan_csv_col_t){n, u};
    return 1;
}

/* The column stem of the measure: the name the run's tables give it, with its unit. */
static const char *impact_stem(kikan_scope_measure_t m)
{
    switch (m) {
    case KIKAN_SCOPE_LIFE_WEIGHTED:
        return "weighted_person_hours";
    case KIKAN_SCOPE_CUSTOMER_HOURS:
        return "customer_hours";
    case KIKAN_SCOPE_PEOPLE:
        return "person_hours";
    case KIKAN_SCOPE_ECONOMIC:
        return "econ_loss_jpy";
    case KIKAN_SCOPE_RECORDS:
        return "records_exposed";
    }
    return "impact";
}

/* PRE_STEM_mean, PRE_STEM_ci_lo, PRE_STEM_ci_hi in the measure's unit */
static int cols_mean_ci(cols_t *s, const kikan_scope_result_t *r, const char *pre)
{
    const char *stem = impact_stem(r->measure), *u = kikan_scope_measure_unit(r->measure);
    return col_add(s, u, "%s_%s_mean", pre, stem) && col_add(s, u, "%s_%s_ci_lo", pre, stem) &&
           col_add(s, u, "%s_%s_ci_hi", pre, stem);
}

/* ",mean,lo,hi" from a mean and a 95% CI half-width (empty bounds when it is NaN) */
static void put_mean_ci(FILE *f, double mean, double half)
{
    kikan_csv_num(f, mean);
    kikan_csv_num(f, mean - half);
    kikan_csv_num(f, mean + half);
}

static void put_text(FILE *f, const char *s)
{
    fputc(',', f);
    kikan_csv_put_field(f, s);
}

static void put_int(FILE *f, long long v)
{
    fprintf(f, ",%lld", v);
}

static const char *const SHARE_UNIT = "1 (share of the compromise-caused impact)";
static const char *const OPS_UNIT = "operators";
static const char *const DAYS_UNIT = "screening-days";

static const char *sector_id(const kikan_world_t *w, kikan_id_t s)
{
    return kikan_strtab_get(&w->sector_ids, s);
}

static const char *metric_name(const kikan_world_t *w, kikan_id_t m)
{
    return kikan_strtab_get(&w->metric_names, m);
}

/* The unit of a size metric's values, from its name (as output/size_metric.c words them). */
static const char *metric_unit(const char *metric)
{
    const size_t n = strlen(metric);
    if (n >= 4 && strcmp(metric + n - 4, "_jpy") == 0) {
        return "JPY";
    }
    if (n >= 3 && strcmp(metric + n - 3, "_mw") == 0) {
        return "MW";
    }
    if (strcmp(metric, "passengers") == 0) {
        return "passengers a year";
    }
    return metric;
}

/* ---- sweeps.csv ------------------------------------------------------------------------------ */

static int sweeps_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return col_add(s, "", "sector") && col_add(s, "", "metric") &&
           col_add(s, OPS_UNIT, "sector_operators") &&
           col_add(s, "the row's metric: JPY for *_jpy, MW for *_mw, passengers a year",
                   "threshold") &&
           col_add(s, OPS_UNIT, "operators_regulated") && col_add(s, OPS_UNIT, "smes_regulated") &&
           cols_mean_ci(s, r, "removed") && col_add(s, SHARE_UNIT, "removed_share");
}

static void sweeps_body(FILE *f, const void *arg)
{
    const kikan_world_t *w = ((const arg_t *)arg)->w;
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    for (int c = 0; c < r->n_criteria; c++) {
        for (int i = r->crit_off[c]; i < r->crit_off[c + 1]; i++) {
            kikan_csv_put_field(f, sector_id(w, r->crit_sector[c]));
            put_text(f, metric_name(w, r->crit_metric[c]));
            put_int(f, r->crit_n_ops[c]);
            kikan_csv_num(f, r->thr[i]);
            put_int(f, r->thr_ops[i]);
            put_int(f, r->thr_smes[i]);
            put_mean_ci(f, r->thr_removed[i], r->thr_ci[i]);
            kikan_csv_num(f, r->thr_share[i]);
            fputc('\n', f);
        }
    }
}

/* ---- frontier.csv ---------------------------------------------------------------------------- */

static int frontier_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const char *cost_unit = r->cost_is_burden              ? DAYS_UNIT
                            : r->cost_metric != KIKAN_NONE ? metric_name(w, r->cost_metric)
                                                           : "none (no cost metric: empty)";
    int ok =
        col_add(s, "", "point") && col_add(s, OPS_UNIT, "operators_regulated") &&
        col_add(s, OPS_UNIT, "smes_regulated") && col_add(s, DAYS_UNIT, "burden_screening_days") &&
        col_add(s, "1 (share of the burden)", "burden_sme_share") &&
        col_add(s, cost_unit, "cost") && cols_mean_ci(s, r, "removed") &&
        col_add(s, SHARE_UNIT, "removed_share") &&
        col_add(s, kikan_scope_measure_unit(r->measure), "estimate_%s", impact_stem(r->measure)) &&
        cols_mean_ci(s, r, "step") &&
        col_add(s, "1 (1: the step's 95% interval excludes 0)", "step_significant") &&
        col_add(s, "1 (1: the recommended point)", "recommended") &&
        col_add(s, "1 (1: the most removed within the budget)", "best");
    for (int c = 0; ok && c < r->n_criteria; c++) {
        const char *m = metric_name(w, r->crit_metric[c]);
        ok = col_add(s, metric_unit(m), "threshold_%s_%s", sector_id(w, r->crit_sector[c]), m);
    }
    return ok;
}

static void frontier_body(FILE *f, const void *arg)
{
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    const int nc = r->n_criteria;
    const int has_cost = r->cost_is_burden || r->cost_metric != KIKAN_NONE;
    for (int i = 0; i < r->n_frontier; i++) {
        fprintf(f, "%d", i);
        put_int(f, r->fr_ops[i]);
        put_int(f, r->fr_smes[i]);
        kikan_csv_num(f, r->fr_burden != NULL ? r->fr_burden[i] : NAN);
        kikan_csv_num(f, r->fr_burden != NULL && r->fr_burden[i] > 0
                             ? r->fr_burden_sme[i] / r->fr_burden[i]
                             : (r->fr_burden != NULL ? 0.0 : NAN));
        kikan_csv_num(f, has_cost ? r->fr_cost[i] : NAN);
        put_mean_ci(f, r->fr_removed[i], r->fr_ci[i]);
        kikan_csv_num(f, r->fr_share[i]);
        kikan_csv_num(f, r->fr_estimate[i]);
        if (r->fr_step != NULL) {
            put_mean_ci(f, r->fr_step[i], r->fr_step_ci[i]);
            put_int(f, r->fr_step_sig[i]);
        } else {
            fputs(",,,,", f);
        }
        put_int(f, i == r->recommended);
        put_int(f, i == r->best);
        for (int c = 0; c < nc; c++) {
            const int row = r->fr_row[(int64_t)i * nc + c];
            kikan_csv_num(f, row >= 0 ? r->thr[r->crit_off[c] + row] : NAN);
        }
        fputc('\n', f);
    }
}

/* ---- operators: recommended_operators.csv, frontier_operators.csv ------------------------- */

static int ops_cols(cols_t *s, int with_point)
{
    return (!with_point || col_add(s, "", "point")) && col_add(s, "", "operator") &&
           col_add(s, "", "name") && col_add(s, "", "sector") && col_add(s, "", "metric") &&
           col_add(s, "the row's metric: JPY for *_jpy, MW for *_mw, passengers a year", "size") &&
           col_add(s, "1 (1: SME)", "sme") && col_add(s, DAYS_UNIT, "burden_screening_days");
}

static int rec_ops_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return ops_cols(s, 0);
}

static int step_ops_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return ops_cols(s, 1);
}

/* One operator's fields after the row's first (point or nothing): ",id,name,..." or "id,...". */
static void put_op(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, kikan_id_t op,
                   int lead_comma)
{
    const char *sector, *metric;
    double size;
    kikan_scope_op_size(w, r, op, &sector, &metric, &size);
    if (lead_comma) {
        fputc(',', f);
    }
    kikan_csv_put_field(f, kikan_strtab_get(&w->operator_ids, op));
    put_text(f, w->operators[op].name);
    put_text(f, sector);
    put_text(f, metric);
    kikan_csv_num(f, size);
    put_int(f, w->operators[op].sme != 0);
    kikan_csv_num(f, r->op_burden != NULL ? r->op_burden[op] : NAN);
    fputc('\n', f);
}

static void rec_ops_body(FILE *f, const void *arg)
{
    const arg_t *a = arg;
    for (kikan_id_t k = 0; k < a->r->n_rec_ops; k++) {
        put_op(f, a->w, a->r, a->r->rec_ops[k], 0);
    }
}

static void step_ops_body(FILE *f, const void *arg)
{
    const arg_t *a = arg;
    for (int i = 0; i < a->r->n_frontier; i++) {
        for (kikan_id_t op = 0; op < a->r->n_operators; op++) {
            if (a->r->op_point[op] == i) {
                fprintf(f, "%d", i);
                put_op(f, a->w, a->r, op, 1);
            }
        }
    }
}

static int has_step_ops(const kikan_scope_result_t *r)
{
    return r->op_point != NULL;
}

/* ---- small_but_critical.csv ------------------------------------------------------------------ */

static int small_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return col_add(s, "", "operator") && col_add(s, "", "name") && col_add(s, "", "sector") &&
           col_add(s, "1 (1: SME)", "sme") && cols_mean_ci(s, r, "removed") &&
           col_add(s, SHARE_UNIT, "removed_share") &&
           col_add(s, "1 (its metric over the sector's total)", "size_share") &&
           col_add(s, OPS_UNIT, "dependent_operators") &&
           col_add(s, "1 (1: below every threshold of the sweep)", "below_every_threshold") &&
           col_add(s, "", "reason");
}

static void small_body(FILE *f, const void *arg)
{
    const kikan_world_t *w = ((const arg_t *)arg)->w;
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    for (int i = 0; i < r->n_small; i++) {
        const kikan_id_t op = r->sc_op[i];
        kikan_csv_put_field(f, kikan_strtab_get(&w->operator_ids, op));
        put_text(f, w->operators[op].name);
        put_text(f, r->sc_sector[i] != KIKAN_NONE ? sector_id(w, r->sc_sector[i]) : NULL);
        put_int(f, w->operators[op].sme != 0);
        put_mean_ci(f, r->sc_removed[i], r->sc_ci[i]);
        kikan_csv_num(f, r->sc_share[i]);
        kikan_csv_num(f, r->sc_size_share[i]);
        put_int(f, r->sc_dependents[i]);
        put_int(f, r->sc_below_all[i] != 0);
        put_text(f, r->sc_reason[i]);
        fputc('\n', f);
    }
}

/* ---- classes.csv ----------------------------------------------------------------------------- */

static int classes_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return col_add(s, "1 (1: removes most)", "rank") && col_add(s, "", "class") &&
           col_add(s, "", "name") && cols_mean_ci(s, r, "removed") &&
           col_add(s, SHARE_UNIT, "removed_share") && cols_mean_ci(s, r, "cumulative_removed");
}

static void classes_body(FILE *f, const void *arg)
{
    const kikan_world_t *w = ((const arg_t *)arg)->w;
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    for (kikan_id_t k = 0; k < r->n_classes; k++) {
        const kikan_id_t c = r->cls_rank[k];
        fprintf(f, "%d", (int)k + 1);
        put_text(f, kikan_strtab_get(&w->class_ids, c));
        put_text(f, w->classes[c].name ? w->classes[c].name : kikan_strtab_get(&w->class_ids, c));
        put_mean_ci(f, r->cls_removed[k], r->cls_ci[k]);
        kikan_csv_num(f, r->cls_share[k]);
        put_mean_ci(f, r->cls_cum_removed[k], r->cls_cum_ci[k]);
        fputc('\n', f);
    }
}

/* ---- worst_case.csv -------------------------------------------------------------------------- */

static int has_worst(const kikan_scope_result_t *r)
{
    return r->n_comp > 0 && r->fr_worst != NULL && r->n_frontier > 0;
}

static int worst_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    return col_add(s, "", "point") && col_add(s, OPS_UNIT, "operators_regulated") &&
           cols_mean_ci(s, r, "worst") &&
           col_add(s, "text: the compromises the adversary combines, ' + ' between", "attack") &&
           col_add(s, "1 (1: the recommended point)", "recommended") &&
           col_add(s, "1 (1: the minimax recommendation)", "minimax");
}

static void worst_body(FILE *f, const void *arg)
{
    const kikan_world_t *w = ((const arg_t *)arg)->w;
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    const int K = r->attacker_budget;
    for (int i = 0; i < r->n_frontier; i++) {
        char attack[2048] = "", lab[512];
        for (int k = 0; k < K; k++) {
            kikan_scope_comp_label(lab, sizeof(lab), w, r, r->fr_worst_comp[(int64_t)i * K + k]);
            const size_t used = strlen(attack);
            snprintf(attack + used, sizeof(attack) - used, "%s%s", k ? " + " : "", lab);
        }
        fprintf(f, "%d", i);
        put_int(f, r->fr_ops[i]);
        put_mean_ci(f, r->fr_worst[i], r->fr_worst_ci[i]);
        put_text(f, attack);
        put_int(f, i == r->recommended);
        put_int(f, i == r->recommended_minimax);
        fputc('\n', f);
    }
}

/* ---- sensitivity.csv ------------------------------------------------------------------------- */

static int has_sens(const kikan_scope_result_t *r)
{
    return r->sens != NULL && r->sens->n_inputs > 0;
}

static const char *const SENS_SHARE_UNIT =
    "1 (share of the removable impact removed at the recommendation)";

static int sens_cols(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    int ok = col_add(s, "", "input") &&
             col_add(s, "text: the unit of low, high and base", "unit") &&
             col_add(s, "the input's unit", "low") && col_add(s, "the input's unit", "high") &&
             col_add(s, "the input's unit", "base") && col_add(s, "", "range") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_low") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_low_ci_lo") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_low_ci_hi") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_high") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_high_ci_lo") &&
             col_add(s, SENS_SHARE_UNIT, "removed_share_high_ci_hi") &&
             col_add(s, "criteria", "thresholds_changed") &&
             col_add(s, "share per unit of the normalised range", "morris_mu") &&
             col_add(s, "share per unit of the normalised range", "morris_mu_star") &&
             col_add(s, "share per unit of the normalised range", "morris_sigma") &&
             col_add(s, "1 (1: the input moving the answer most)", "most_influential");
    for (int end = 0; ok && end < 2; end++) {
        for (int c = 0; ok && c < r->n_criteria && c < r->sens->n_criteria; c++) {
            const char *m = metric_name(w, r->crit_metric[c]);
            ok = col_add(s, metric_unit(m), "threshold_%s_%s_%s", end ? "high" : "low",
                         sector_id(w, r->crit_sector[c]), m);
        }
    }
    return ok;
}

static void sens_body(FILE *f, const void *arg)
{
    const kikan_scope_result_t *r = ((const arg_t *)arg)->r;
    const kikan_scope_sens_t *x = r->sens;
    for (int i = 0; i < x->n_inputs; i++) {
        const kikan_scope_sens_input_t *in = &x->in[i];
        kikan_csv_put_field(f, in->name);
        put_text(f, in->unit != NULL ? in->unit : "");
        kikan_csv_num(f, in->lo);
        kikan_csv_num(f, in->hi);
        kikan_csv_num(f, in->base);
        put_text(f, in->range != NULL ? in->range : "");
        put_mean_ci(f, in->share_lo, in->share_lo_ci);
        put_mean_ci(f, in->share_hi, in->share_hi_ci);
        put_int(f, in->thr_changed);
        kikan_csv_num(f, in->mu);
        kikan_csv_num(f, in->mu_star);
        kikan_csv_num(f, in->sigma);
        put_int(f, i == x->most);
        for (int end = 0; end < 2; end++) {
            for (int c = 0; c < r->n_criteria && c < x->n_criteria; c++) {
                const double t = end ? in->thr_hi[c] : in->thr_lo[c];
                kikan_csv_num(f, t); /* INFINITY (nobody regulated): empty */
            }
        }
        fputc('\n', f);
    }
}

/* ---- the tables ------------------------------------------------------------------------------ */

typedef struct {
    const char *name, *what;
    int (*cols)(cols_t *s, const kikan_world_t *w, const kikan_scope_result_t *r);
    kikan_csv_body_fn body;
    int (*has)(const kikan_scope_result_t *r); /* NULL: always written */
} table_t;

static const table_t tables[] = {
    {"frontier",
     "the efficient frontier: per point the operators regulated, burden, impact removed, the "
     "paired step over the previous point and each criterion's threshold",
     frontier_cols, frontier_body, NULL},
    {"sweeps", "per criterion and threshold: operators regulated and the impact screening removes",
     sweeps_cols, sweeps_body, NULL},
    {"recommended_operators", "the operators regulated at the recommended point", rec_ops_cols,
     rec_ops_body, NULL},
    {"frontier_operators", "the operators each frontier point adds to the previous one",
     step_ops_cols, step_ops_body, has_step_ops},
    {"small_but_critical",
     "operators below the recommendation whose screening alone removes a large share", small_cols,
     small_body, NULL},
    {"classes", "equipment classes ranked by the impact removed when the class alone is screened",
     classes_cols, classes_body, NULL},
    {"worst_case",
     "per frontier point the worst remaining compromise (or attack) of the threat portfolio",
     worst_cols, worst_body, has_worst},
    {"sensitivity",
     "with --sensitivity: per uncertain input its range, the share removed at the recommendation "
     "at each end (95% CI), the thresholds recommended then and the Morris effects",
     sens_cols, sens_body, has_sens},
};
#define N_TABLES ((int)(sizeof(tables) / sizeof(tables[0])))

typedef struct {
    const kikan_scope_result_t *r;
    const table_t *const *tabs;
    const cols_t *cols;
    const char *const *files;
    int n;
} prov_arg_t;

/* provenance.json: what made the tables and each table's columns with their units. */
static void provenance_body(FILE *f, const void *arg)
{
    const prov_arg_t *pa = arg;
    const kikan_scope_result_t *r = pa->r;
    const table_t *const *tabs = pa->tabs;
    const cols_t *cols = pa->cols;
    const char *const *files = pa->files;
    const int n = pa->n;
    fputs("{\n  \"kikan_version\": ", f);
    kikan_json_string(f, KIKAN_VERSION_STRING);
    fputs(",\n  \"scenario\": {\"name\": ", f);
    kikan_json_string(f, r->scenario);
    fprintf(f, "},\n  \"seed\": %llu,\n  \"overrides\": ", (unsigned long long)r->seed);
    kikan_scope_json_overrides(f, r);
    fprintf(f,
            ",\n  \"analysis\": \"scope\",\n  \"measure\": \"%s\",\n  \"measure_unit\": \"%s\","
            "\n  \"impact_column\": \"%s\",\n  \"replicates\": %lld,\n  \"whatifs\": %d,\n"
            "  \"effectiveness\": ",
            kikan_scope_measure_name(r->measure), kikan_scope_measure_unit(r->measure),
            impact_stem(r->measure), (long long)r->n_replicates, r->n_whatifs);
    kikan_json_number(f, r->effectiveness);
    fputs(",\n  \"compromise_caused_impact\": ", f);
    kikan_json_number(f, r->compromise_mean);
    fputs(",\n  \"tables\": {", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s\n    ", i ? "," : "");
        kikan_json_string(f, files[i]);
        fputs(": {\"content\": ", f);
        kikan_json_string(f, tabs[i]->what);
        fputs(", \"columns\": ", f);
        kikan_csv_json_columns(f, cols[i].c, cols[i].n);
        fputc('}', f);
    }
    fputs("\n  }\n}\n", f);
}

/* provenance.json to path, staged (kikan_atomic_stage: the caller commits *at). */
static kikan_error_t stage_provenance(kikan_ctx_t *ctx, const char *path,
                                      const kikan_scope_result_t *r, const table_t *const *tabs,
                                      const cols_t *cols, const char *const *files, int n,
                                      kikan_atomic_t *at)
{
    const prov_arg_t a = {r, tabs, cols, files, n};
    return kikan_atomic_stage(ctx, path, provenance_body, &a, at);
}

/* Table t to path, staged (the caller commits *at; its columns built into *cols, which the
   caller frees). */
static kikan_error_t stage_one(kikan_ctx_t *ctx, const char *path, const table_t *t,
                               const kikan_world_t *w, const kikan_scope_result_t *r, cols_t *cols,
                               kikan_atomic_t *at)
{
    if (!t->cols(cols, w, r)) {
        return KIKAN_ENOMEM;
    }
    const arg_t a = {w, r};
    return kikan_csv_stage_file(ctx, path, cols->c, cols->n, t->body, &a, at);
}

kikan_error_t kikan_scope_csv_write(kikan_ctx_t *ctx, const char *dir, const kikan_world_t *w,
                                    const kikan_scope_result_t *r)
{
    kikan_error_t err = KIKAN_OK;
    char *path = NULL;
    char files[N_TABLES][64];
    const char *names[N_TABLES];
    const table_t *done[N_TABLES];
    cols_t cols[N_TABLES];
    kikan_atomic_t at[N_TABLES + 1]; /* the tables, then provenance.json */
    int n = 0;
    memset(cols, 0, sizeof(cols));
    for (int i = 0; i <= N_TABLES; i++) {
        at[i] = (kikan_atomic_t){NULL, NULL, -1};
    }
    if (ctx == NULL || dir == NULL || w == NULL || r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    /* every file written and synced under its temporary name first, renamed only when all are:
       a failed write (disk full, file too large) leaves every table of DIR as it was */
    for (int i = 0; i < N_TABLES; i++) {
        if (tables[i].has != NULL && !tables[i].has(r)) {
            continue;
        }
        snprintf(files[n], sizeof(files[n]), "%s.csv", tables[i].name);
        KIKAN_CHECK_ALLOC(path = kikan_path_join(dir, files[n]));
        KIKAN_CHECK(stage_one(ctx, path, &tables[i], w, r, &cols[n], &at[n]));
        free(path);
        path = NULL;
        names[n] = files[n];
        done[n++] = &tables[i];
    }
    KIKAN_CHECK_ALLOC(path = kikan_path_join(dir, "provenance.json"));
    KIKAN_CHECK(stage_provenance(ctx, path, r, done, cols, names, n, &at[n]));
    for (int i = 0; i <= n; i++) {
        KIKAN_CHECK(kikan_atomic_commit(ctx, &at[i]));
    }
    /* a table this analysis has not (no worst case, no sensitivity) must not survive from an
       earlier run into a directory whose provenance.json no longer lists it */
    for (int i = 0; i < N_TABLES; i++) {
        if (tables[i].has == NULL || tables[i].has(r)) {
            continue;
        }
        char stale[64];
        snprintf(stale, sizeof(stale), "%s.csv", tables[i].name);
        free(path);
        KIKAN_CHECK_ALLOC(path = kikan_path_join(dir, stale));
        if (unlink(path) != 0 && errno != ENOENT) {
            kikan_diag_add(ctx, "cannot remove '%s' (a table of an earlier run): %s", path,
                           strerror(errno));
            KIKAN_FAIL(KIKAN_EIO);
        }
    }
cleanup:
    for (int i = 0; i < N_TABLES; i++) {
        cols_free(&cols[i]);
    }
    for (int i = 0; i <= N_TABLES; i++) {
        kikan_atomic_abort(&at[i]); /* a temporary file not renamed is removed */
    }
    free(path);
    return err;
}

kikan_error_t kikan_scope_csv_write_table(kikan_ctx_t *ctx, const char *path, const char *table,
                                          const kikan_world_t *w, const kikan_scope_result_t *r)
{
    kikan_error_t err = KIKAN_OK;
    char *prov = NULL;
    cols_t cols = {NULL, NULL, 0, 0};
    kikan_atomic_t at[2] = {{NULL, NULL, -1}, {NULL, NULL, -1}}; /* the table, its provenance */
    if (ctx == NULL || path == NULL || w == NULL || r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    const char *name = table != NULL ? table : "frontier";
    const table_t *t = NULL;
    for (int i = 0; i < N_TABLES; i++) {
        t = strcmp(tables[i].name, name) == 0 ? &tables[i] : t;
    }
    if (t == NULL || (t->has != NULL && !t->has(r))) {
        kikan_diag_add(ctx, "no scope table '%s' in these results", name);
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(stage_one(ctx, path, t, w, r, &cols, &at[0]));
    KIKAN_CHECK_ALLOC(prov = kikan_csv_provenance_path(path));
    const char *base = strrchr(path, '/');
    const char *files[1] = {base != NULL ? base + 1 : path};
    const table_t *tabs[1] = {t};
    KIKAN_CHECK(stage_provenance(ctx, prov, r, tabs, &cols, files, 1, &at[1]));
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at[0])); /* both complete: replace both */
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at[1]));
cleanup:
    cols_free(&cols);
    kikan_atomic_abort(&at[0]);
    kikan_atomic_abort(&at[1]);
    free(prov);
    return err;
}

static void json_body(FILE *f, const void *arg)
{
    const arg_t *a = arg;
    (void)kikan_scope_json_write(f, a->w, a->r); /* a write error is the stream's */
}

kikan_error_t kikan_scope_json_write_file(kikan_ctx_t *ctx, const char *path,
                                          const kikan_world_t *w, const kikan_scope_result_t *r)
{
    if (ctx == NULL || path == NULL || w == NULL || r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    const arg_t a = {w, r};
    return kikan_atomic_write(ctx, path, json_body, &a);
}
