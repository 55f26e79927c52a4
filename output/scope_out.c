/*
 * The scope analysis's outputs for people and scripts: readable tables and
 * one JSON object (include/kikan/scope.h). The HDF5 tables are the output
 * module's, written from the same transparent result struct.
 *
 * DESIGN: impact figures are printed as percentages of the compromise-caused
 * impact (what screening everything perfectly would remove) because that is
 * the scale policy staff read; the JSON carries the absolute values too.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/output.h"
#include "kikan/text.h"
#include "kikan/scope.h"
#include "kikan/version.h"
#include "models/world_impl.h"
#include "sim/scope_impl.h"
#include "output/scope_internal.h"
#include "output/size_metric.h"

/* The sector, metric and size under which op is regulated (its first criterion), or NULLs. */
void kikan_scope_op_size(const kikan_world_t *w, const kikan_scope_result_t *r, kikan_id_t op,
                         const char **sector, const char **metric, double *size)
{
    const int c = r->op_crit != NULL ? r->op_crit[op] : -1;
    *sector = *metric = NULL;
    *size = NAN;
    if (c >= 0) {
        *sector = kikan_strtab_get(&w->sector_ids, r->crit_sector[c]);
        *metric = kikan_strtab_get(&w->metric_names, r->crit_metric[c]);
        *size = kikan_world_metric(w, op, r->crit_metric[c]);
    } else if (w->operators[op].n_sectors > 0) {
        *sector = kikan_strtab_get(&w->sector_ids, w->operators[op].sectors[0]);
    }
}

/* One regulated operator: id, name, sector, metric, size, SME flag. */
static void json_op(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, kikan_id_t op)
{
    const char *sector, *metric;
    double size;
    kikan_scope_op_size(w, r, op, &sector, &metric, &size);
    fputs("{\"id\": ", f);
    kikan_json_string(f, kikan_strtab_get(&w->operator_ids, op));
    fputs(", \"name\": ", f);
    kikan_json_string(f, w->operators[op].name);
    fputs(", \"sector\": ", f);
    if (sector != NULL) {
        kikan_json_string(f, sector);
    } else {
        fputs("null", f);
    }
    fputs(", \"metric\": ", f);
    if (metric != NULL) {
        kikan_json_string(f, metric);
    } else {
        fputs("null", f);
    }
    fputs(", \"size\": ", f);
    kikan_json_number(f, size);
    fprintf(f, ", \"sme\": %s, \"burden\": ", w->operators[op].sme ? "true" : "false");
    kikan_json_number(f, r->op_burden != NULL ? r->op_burden[op] : NAN);
    fputc('}', f);
}

/* The key naming criterion c: its sector, plus "/metric" when another criterion shares it. */
static void crit_key(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, int c,
                     int json)
{
    int shared = 0;
    for (int k = 0; k < r->n_criteria; k++) {
        shared |= k != c && r->crit_sector[k] == r->crit_sector[c];
    }
    char buf[512];
    snprintf(buf, sizeof(buf), "%s%s%s", kikan_strtab_get(&w->sector_ids, r->crit_sector[c]),
             shared ? "/" : "",
             shared ? kikan_strtab_get(&w->metric_names, r->crit_metric[c]) : "");
    if (json) {
        kikan_json_string(f, buf);
    } else {
        fputs(buf, f);
    }
}

static void json_thresholds(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r,
                            int point)
{
    fputc('{', f);
    for (int c = 0; c < r->n_criteria; c++) {
        const int row = r->fr_row[(int64_t)point * r->n_criteria + c];
        fputs(c ? ", " : "", f);
        crit_key(f, w, r, c, 1);
        fputs(": ", f);
        kikan_json_number(f, row >= 0 ? r->thr[r->crit_off[c] + row] : NAN);
    }
    fputc('}', f);
}

/* Compromise c: what-if name, vendor (id, name), class, contractor (id, name). */
static void json_comp(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, int c)
{
    fputs("{\"whatif\": ", f);
    kikan_json_string(f, r->comp_name[c]);
    fprintf(f, ", \"from\": \"%s\"",
            r->comp_portfolio[c] == KIKAN_PORTFOLIO_VENDORS       ? "portfolio:vendors"
            : r->comp_portfolio[c] == KIKAN_PORTFOLIO_CONTRACTORS ? "portfolio:contractors"
                                                                  : "whatif");
    if (r->comp_vendor[c] != KIKAN_NONE) {
        fputs(", \"vendor\": ", f);
        kikan_json_string(f, kikan_world_vendor_id(w, r->comp_vendor[c]));
        fputs(", \"vendor_name\": ", f);
        kikan_json_string(f, kikan_world_vendor_name(w, r->comp_vendor[c]));
    }
    if (r->comp_class[c] != KIKAN_NONE) {
        fputs(", \"class\": ", f);
        kikan_json_string(f, kikan_world_class_id(w, r->comp_class[c]));
    }
    if (r->comp_contractor[c] != KIKAN_NONE) {
        fputs(", \"contractor\": ", f);
        kikan_json_string(f, kikan_world_contractor_id(w, r->comp_contractor[c]));
        fputs(", \"contractor_name\": ", f);
        kikan_json_string(f, kikan_world_contractor_name(w, r->comp_contractor[c]));
    }
    fputc('}', f);
}

/* Point i's worst case: the attack (its first compromise, harm, ci, all its compromises) and
   the next worst single compromises. */
static void json_worst(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, int i)
{
    const int K = r->attacker_budget, T = r->worst_top;
    fputs("{\"compromise\": ", f);
    json_comp(f, w, r, r->fr_worst_comp[(int64_t)i * K]);
    fputs(", \"harm\": ", f);
    kikan_json_number(f, r->fr_worst[i]);
    fputs(", \"ci\": ", f);
    kikan_json_number(f, r->fr_worst_ci[i]);
    fputs(", \"attack\": [", f);
    for (int k = 0; k < K; k++) {
        const int c = r->fr_worst_comp[(int64_t)i * K + k];
        fputs(k ? ", " : "", f);
        if (c >= 0) {
            json_comp(f, w, r, c);
        } else {
            fputs("null", f);
        }
    }
    fputs("], \"top\": [", f);
    for (int t = 0; t < T; t++) {
        fputs(t ? ", " : "", f);
        fputs("{\"compromise\": ", f);
        json_comp(f, w, r, r->fr_top[(int64_t)i * T + t]);
        fputs(", \"harm\": ", f);
        kikan_json_number(f, r->fr_top_harm[(int64_t)i * T + t]);
        fputs(", \"ci\": ", f);
        kikan_json_number(f, r->fr_top_ci[(int64_t)i * T + t]);
        fputc('}', f);
    }
    fputs("]}", f);
}

static void json_point(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, int i)
{
    fprintf(f,
            "{\"operators_regulated\": %d, \"smes_regulated\": %d, \"cost\": ", (int)r->fr_ops[i],
            (int)r->fr_smes[i]);
    kikan_json_number(f, r->fr_cost[i]);
    fputs(", \"impact_removed\": ", f);
    kikan_json_number(f, r->fr_removed[i]);
    fputs(", \"impact_removed_ci\": ", f);
    kikan_json_number(f, r->fr_ci[i]);
    fputs(", \"share\": ", f);
    kikan_json_number(f, r->fr_share[i]);
    fputs(", \"estimate\": ", f);
    kikan_json_number(f, r->fr_estimate[i]);
    if (r->fr_burden != NULL) {
        fputs(", \"burden\": ", f);
        kikan_json_number(f, r->fr_burden[i]);
        fputs(", \"burden_sme_share\": ", f);
        kikan_json_number(f, r->fr_burden[i] > 0 ? r->fr_burden_sme[i] / r->fr_burden[i] : 0.0);
    }
    fputs(", \"thresholds\": ", f);
    json_thresholds(f, w, r, i);
    if (r->fr_step != NULL) {
        fputs(", \"step\": ", f);
        kikan_json_number(f, r->fr_step[i]);
        fputs(", \"step_ci\": ", f);
        kikan_json_number(f, r->fr_step_ci[i]);
        fprintf(f, ", \"step_significant\": %s", r->fr_step_sig[i] ? "true" : "false");
    }
    if (r->n_comp > 0 && r->fr_worst != NULL) {
        fputs(", \"worst_case\": ", f);
        json_worst(f, w, r, i);
    }
    if (r->op_point != NULL) {
        fputs(", \"adds\": [", f);
        int k = 0;
        for (kikan_id_t op = 0; op < r->n_operators; op++) {
            if (r->op_point[op] == i) {
                fputs(k++ ? ", " : "", f);
                json_op(f, w, r, op);
            }
        }
        fputc(']', f);
    }
    fputc('}', f);
}

/* Criterion c's stability: the bootstrap share, or the smaller of it and the seeds' share. */
static double stability(const kikan_scope_result_t *r, int c)
{
    const double b = r->rec_boot != NULL ? r->rec_boot[c] : NAN;
    const double s = r->rec_seeds != NULL ? r->rec_seeds[c] : NAN;
    if (isnan(s)) {
        return b;
    }
    return isnan(b) || s < b ? s : b;
}

static void json_per_crit(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r,
                          const char *name, const double *v, int which)
{
    fprintf(f, ", \"%s\": {", name);
    for (int c = 0; c < r->n_criteria; c++) {
        fputs(c ? ", " : "", f);
        crit_key(f, w, r, c, 1);
        fputs(": ", f);
        kikan_json_number(f, which ? stability(r, c) : (v != NULL ? v[c] : NAN));
    }
    fputc('}', f);
}

static void json_mean_ci(FILE *f, const char *name, double mean, double ci)
{
    fprintf(f, "  \"%s\": {\"mean\": ", name);
    kikan_json_number(f, mean);
    fputs(", \"ci\": ", f);
    kikan_json_number(f, ci);
    fputs("},\n", f);
}

void kikan_scope_json_overrides(FILE *f, const kikan_scope_result_t *r)
{
    fputc('[', f);
    for (const char *p = r->overrides; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        const size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        char buf[512];
        snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
        fputs(p != r->overrides ? ", " : "", f);
        kikan_json_string(f, buf);
        p += n + (nl != NULL);
    }
    fputc(']', f);
}

/* Provenance, the run's size and the reference impacts (the opening keys). */
static void json_header(FILE *f, const kikan_scope_result_t *r)
{
    fprintf(f, "{\n  \"kikan_version\": \"%s\",\n  \"seed\": %llu,\n", KIKAN_VERSION_STRING,
            (unsigned long long)r->seed);
    fputs("  \"scenario\": ", f);
    kikan_json_string(f, r->scenario);
    fputs(",\n  \"overrides\": ", f);
    kikan_scope_json_overrides(f, r);
    fputs(",\n", f);
    fprintf(f, "  \"measure\": \"%s\",\n  \"measure_unit\": \"%s\",\n",
            kikan_scope_measure_name(r->measure), kikan_scope_measure_unit(r->measure));
    fprintf(f, "  \"replicates\": %lld,\n  \"whatifs\": %d,\n  \"effectiveness\": ",
            (long long)r->n_replicates, r->n_whatifs);
    kikan_json_number(f, r->effectiveness);
    fprintf(f,
            ",\n  \"simulations\": %lld,\n  \"simulations_reused\": %lld,\n"
            "  \"policies\": %lld,\n",
            (long long)r->simulations, (long long)r->simulations_reused, (long long)r->policies);
    json_mean_ci(f, "baseline_impact", r->baseline_mean, r->baseline_ci);
    json_mean_ci(f, "compromise_caused_impact", r->compromise_mean, r->compromise_ci);
    json_mean_ci(f, "all_screened_removed", r->all_removed_mean, r->all_removed_ci);
}

/* "criteria": each criterion's sweep rows. */
static void json_criteria(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fputs("  \"criteria\": [", f);
    for (int c = 0; c < r->n_criteria; c++) {
        fputs(c ? ",\n    {" : "\n    {", f);
        fputs("\"sector\": ", f);
        kikan_json_string(f, kikan_strtab_get(&w->sector_ids, r->crit_sector[c]));
        fputs(", \"metric\": ", f);
        kikan_json_string(f, kikan_strtab_get(&w->metric_names, r->crit_metric[c]));
        fprintf(f, ", \"operators\": %d, \"rows\": [", (int)r->crit_n_ops[c]);
        for (int i = r->crit_off[c]; i < r->crit_off[c + 1]; i++) {
            fputs(i > r->crit_off[c] ? ", " : "", f);
            fputs("{\"threshold\": ", f);
            kikan_json_number(f, r->thr[i]);
            fprintf(f,
                    ", \"operators_regulated\": %d, \"smes_regulated\": %d, \"impact_removed\": ",
                    (int)r->thr_ops[i], (int)r->thr_smes[i]);
            kikan_json_number(f, r->thr_removed[i]);
            fputs(", \"impact_removed_ci\": ", f);
            kikan_json_number(f, r->thr_ci[i]);
            fputs(", \"share\": ", f);
            kikan_json_number(f, r->thr_share[i]);
            fputc('}', f);
        }
        fputs("]}", f);
    }
    fputs(r->n_criteria ? "\n  ],\n" : "],\n", f);
}

/* "frontier": the points with their thresholds, steps, worst case and operators added. */
static void json_frontier(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fputs("  \"frontier\": [", f);
    for (int i = 0; i < r->n_frontier; i++) {
        fputs(i ? ",\n    " : "\n    ", f);
        json_point(f, w, r, i);
    }
    fputs(r->n_frontier ? "\n  ],\n" : "],\n", f);
}

/* "recommended": the point, its thresholds, operators, stability and burden. */
static void json_recommended(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fprintf(f,
            "  \"recommended\": {\"point\": %d, \"budget\": %d, \"cost_budget\": ", r->recommended,
            r->budget);
    kikan_json_number(f, r->cost_budget);
    fputs(", \"cost_metric\": ", f);
    if (r->cost_metric != KIKAN_NONE) {
        kikan_json_string(f, kikan_strtab_get(&w->metric_names, r->cost_metric));
    } else {
        fputs("null", f);
    }
    if (r->n_frontier > 0) {
        fputs(", \"thresholds\": ", f);
        json_thresholds(f, w, r, r->recommended);
        fputs(", \"point_figures\": ", f);
        json_point(f, w, r, r->recommended);
        fputs(", \"target_share\": ", f);
        kikan_json_number(f, r->target_share);
        fputs(", \"margin_share\": ", f);
        kikan_json_number(f, r->margin_share);
        fprintf(f, ", \"best_point\": %d, \"operators\": [", r->best);
        for (kikan_id_t k = 0; k < r->n_rec_ops; k++) {
            fputs(k ? ",\n      " : "\n      ", f);
            json_op(f, w, r, r->rec_ops[k]);
        }
        fputs("]", f);
        json_per_crit(f, w, r, "stability", NULL, 1);
        json_per_crit(f, w, r, "stability_bootstrap", r->rec_boot, 0);
        json_per_crit(f, w, r, "stability_seeds", r->rec_seeds, 0);
        fprintf(f, ", \"bootstrap_resamples\": %d, \"stability_seeds_run\": %d", r->n_bootstrap,
                r->n_seeds);
        fputs(", \"burden_unit\": \"screening-days\", \"burden_fixed\": ", f);
        kikan_json_number(f, r->burden_fixed);
        fputs(", \"burden_per_installation\": ", f);
        kikan_json_number(f, r->burden_per_installation);
        fprintf(f, ", \"cost_is_burden\": %s", r->cost_is_burden ? "true" : "false");
    }
    fputs("},\n", f);
}

/* "recommended_minimax" and "worst_remaining": the worst case at the recommendation. */
static void json_worst_case(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const int a = r->recommended_minimax;
    fprintf(f, "  \"recommended_minimax\": {\"point\": %d, \"share\": ", a);
    kikan_json_number(f, r->minimax_share);
    fputs(", \"best_worst\": ", f);
    kikan_json_number(f, r->best_worst);
    fputs(", \"worst_case\": ", f);
    json_worst(f, w, r, a);
    fputs(", \"thresholds\": ", f);
    json_thresholds(f, w, r, a);
    fprintf(f, ", \"operators_regulated\": %d, \"burden\": ", (int)r->fr_ops[a]);
    kikan_json_number(f, r->fr_burden != NULL ? r->fr_burden[a] : NAN);
    fputs(", \"differs_in\": [", f);
    for (kikan_id_t k = 0; k < r->mm_n_in; k++) {
        fputs(k ? ", " : "", f);
        json_op(f, w, r, r->mm_in[k]);
    }
    fputs("], \"differs_out\": [", f);
    for (kikan_id_t k = 0; k < r->mm_n_out; k++) {
        fputs(k ? ", " : "", f);
        json_op(f, w, r, r->mm_out[k]);
    }
    fputs("]},\n", f);
    const int rec = r->recommended;
    fprintf(f,
            "  \"worst_remaining\": {\"point\": %d, \"attacker_budget\": %d, "
            "\"compromises\": %d, \"attack\": \"%s\", \"harm_unit\": \"%s\", "
            "\"monotone\": %s, \"worst_case\": ",
            rec, r->attacker_budget, r->n_comp,
            r->attacker_budget > 1 ? "greedy on common random numbers; harms of the chosen "
                                     "compromises summed per replicate (approximates their "
                                     "union)"
                                   : "exact over the portfolio (one compromise)",
            kikan_scope_measure_unit(r->measure), r->worst_monotone ? "true" : "false");
    json_worst(f, w, r, rec);
    fputs(", \"closers\": [", f);
    for (int k = 0; k < r->n_close; k++) {
        fputs(k ? ",\n      " : "\n      ", f);
        fputs("{\"operator\": ", f);
        json_op(f, w, r, r->close_op[k]);
        fputs(", \"worst_after\": ", f);
        kikan_json_number(f, r->close_worst[k]);
        fputs(", \"ci\": ", f);
        kikan_json_number(f, r->close_ci[k]);
        fputs(", \"reduction\": ", f);
        kikan_json_number(f, r->fr_worst[rec] - r->close_worst[k]);
        fputs(", \"worst_compromise_after\": ", f);
        if (r->close_comp[k] >= 0) {
            json_comp(f, w, r, r->close_comp[k]);
        } else {
            fputs("null", f);
        }
        fputc('}', f);
    }
    fputs("]},\n", f);
}

/* "evaluation": the policy evaluated against the frontier. */
static void json_evaluation(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fputs("  \"evaluation\": {\"policy\": ", f);
    kikan_json_string(f, r->ev_path);
    fputs(", \"name\": ", f);
    kikan_json_string(f, r->ev_name);
    fputs(", \"source\": ", f);
    kikan_json_string(f, r->ev_source);
    fprintf(f,
            ", \"operators_regulated\": %d, \"smes_regulated\": %d, \"by_rule\": %d, "
            "\"named\": %d, \"cost\": ",
            (int)r->ev_n_ops, (int)r->ev_smes, (int)r->ev_by_rule, (int)r->ev_named);
    kikan_json_number(f, r->ev_cost);
    fputs(", \"burden\": ", f);
    kikan_json_number(f, r->ev_burden);
    fputs(", \"burden_sme_share\": ", f);
    kikan_json_number(f, r->ev_burden > 0 ? r->ev_burden_sme / r->ev_burden : 0.0);
    fputs(", \"impact_removed\": ", f);
    kikan_json_number(f, r->ev_removed);
    fputs(", \"impact_removed_ci\": ", f);
    kikan_json_number(f, r->ev_ci);
    fputs(", \"share\": ", f);
    kikan_json_number(f, r->ev_share);
    fprintf(f, ", \"equal_burden_point\": %d, \"equal_burden_share\": ", r->ev_point);
    kikan_json_number(f, r->n_frontier > 0 ? r->fr_share[r->ev_point] : NAN);
    fputs(", \"difference\": ", f);
    kikan_json_number(f, r->ev_diff);
    fputs(", \"difference_ci\": ", f);
    kikan_json_number(f, r->ev_diff_ci);
    if (r->n_comp > 0 && r->ev_worst_comp >= 0) {
        fputs(", \"worst_case\": {\"compromise\": ", f);
        json_comp(f, w, r, r->ev_worst_comp);
        fputs(", \"harm\": ", f);
        kikan_json_number(f, r->ev_worst);
        fputs(", \"ci\": ", f);
        kikan_json_number(f, r->ev_worst_ci);
        fputc('}', f);
    }
    const struct {
        const char *key;
        const kikan_id_t *ids;
        kikan_id_t n;
    } lists[] = {{"operators", r->ev_ops, r->ev_n_ops},
                 {"swap_in", r->ev_in, r->ev_n_in},
                 {"swap_out", r->ev_out, r->ev_n_out}};
    for (int l = 0; l < 3; l++) {
        fprintf(f, ", \"%s\": [", lists[l].key);
        for (kikan_id_t k = 0; k < lists[l].n; k++) {
            fputs(k ? ",\n      " : "\n      ", f);
            json_op(f, w, r, lists[l].ids[k]);
        }
        fputc(']', f);
    }
    fputs("},\n", f);
}

/* "candidates_evaluated" and "small_but_critical". */
static void json_small(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fprintf(f, "  \"candidates_evaluated\": %d,\n  \"small_but_critical\": [", r->n_candidates);
    for (int i = 0; i < r->n_small; i++) {
        const kikan_id_t op = r->sc_op[i];
        fputs(i ? ",\n    {" : "\n    {", f);
        fputs("\"operator\": ", f);
        kikan_json_string(f, kikan_strtab_get(&w->operator_ids, op));
        fputs(", \"name\": ", f);
        kikan_json_string(f, w->operators[op].name);
        fputs(", \"sector\": ", f);
        if (r->sc_sector[i] != KIKAN_NONE) {
            kikan_json_string(f, kikan_strtab_get(&w->sector_ids, r->sc_sector[i]));
        } else {
            fputs("null", f);
        }
        fputs(", \"reason\": ", f);
        kikan_json_string(f, r->sc_reason[i]);
        fputs(", \"impact_removed\": ", f);
        kikan_json_number(f, r->sc_removed[i]);
        fputs(", \"impact_removed_ci\": ", f);
        kikan_json_number(f, r->sc_ci[i]);
        fputs(", \"impact_share\": ", f);
        kikan_json_number(f, r->sc_share[i]);
        fputs(", \"size_share\": ", f);
        kikan_json_number(f, r->sc_size_share[i]);
        fprintf(f, ", \"dependent_operators\": %d, \"below_every_threshold\": %s, \"sme\": %s}",
                (int)r->sc_dependents[i], r->sc_below_all[i] ? "true" : "false",
                w->operators[op].sme ? "true" : "false");
    }
    fputs(r->n_small ? "\n  ],\n" : "],\n", f);
}

/* "sensitivity": one entry per input with its range, shares and recommendations. */
static void json_sensitivity(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const kikan_scope_sens_t *x = r->sens;
    fprintf(f,
            "  \"sensitivity\": {\"replicates\": %d, \"morris_trajectories\": %d, \"runs\": %d, "
            "\"share_base\": ",
            x->replicates, x->trajectories, x->runs);
    kikan_json_number(f, x->share_base);
    fputs(", \"share_base_ci_half\": ", f);
    kikan_json_number(f, x->share_base_ci);
    fputs(", \"most_influential\": ", f);
    if (x->most >= 0) {
        kikan_json_string(f, x->in[x->most].name);
    } else {
        fputs("null", f); /* no input moves the answer */
    }
    fputs(", \"inputs\": [", f);
    for (int i = 0; i < x->n_inputs; i++) {
        const kikan_scope_sens_input_t *in = &x->in[i];
        fputs(i ? ",\n    {\"input\": " : "\n    {\"input\": ", f);
        kikan_json_string(f, in->name);
        fputs(", \"range\": [", f);
        kikan_json_number(f, in->lo);
        fputs(", ", f);
        kikan_json_number(f, in->hi);
        fputs("], \"unit\": ", f);
        kikan_json_string(f, in->unit != NULL ? in->unit : "");
        fputs(", \"range_text\": ", f);
        kikan_json_string(f, in->range);
        fputs(", \"base\": ", f);
        kikan_json_number(f, in->base);
        fputs(", \"impact_removed_share_low\": ", f);
        kikan_json_number(f, in->share_lo);
        fputs(", \"impact_removed_share_low_ci_half\": ", f);
        kikan_json_number(f, in->share_lo_ci);
        fputs(", \"impact_removed_share_high\": ", f);
        kikan_json_number(f, in->share_hi);
        fputs(", \"impact_removed_share_high_ci_half\": ", f);
        kikan_json_number(f, in->share_hi_ci);
        fputs(", \"recommended_low\": {", f);
        for (int c = 0; c < x->n_criteria && c < r->n_criteria; c++) {
            fputs(c ? ", " : "", f);
            crit_key(f, w, r, c, 1);
            fputs(": ", f);
            kikan_json_number(f, in->thr_lo[c]);
        }
        fputs("}, \"recommended_high\": {", f);
        for (int c = 0; c < x->n_criteria && c < r->n_criteria; c++) {
            fputs(c ? ", " : "", f);
            crit_key(f, w, r, c, 1);
            fputs(": ", f);
            kikan_json_number(f, in->thr_hi[c]);
        }
        fprintf(f, "}, \"thresholds_changed\": %d, \"morris_mu\": ", in->thr_changed);
        kikan_json_number(f, in->mu);
        fputs(", \"morris_mu_star\": ", f);
        kikan_json_number(f, in->mu_star);
        fputs(", \"morris_sigma\": ", f);
        kikan_json_number(f, in->sigma);
        fputc('}', f);
    }
    fputs("\n  ]},\n", f);
}

/* "classes": the equipment classes ranked, with the cumulative removal. */
static void json_classes(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fputs("  \"classes\": [", f);
    for (kikan_id_t k = 0; k < r->n_classes; k++) {
        fputs(k ? ",\n    {" : "\n    {", f);
        fputs("\"class\": ", f);
        kikan_json_string(f, kikan_strtab_get(&w->class_ids, r->cls_rank[k]));
        fputs(", \"name\": ", f);
        kikan_json_string(f, w->classes[r->cls_rank[k]].name
                                 ? w->classes[r->cls_rank[k]].name
                                 : kikan_strtab_get(&w->class_ids, r->cls_rank[k]));
        fprintf(f, ", \"rank\": %d, \"impact_removed\": ", (int)k + 1);
        kikan_json_number(f, r->cls_removed[k]);
        fputs(", \"impact_removed_ci\": ", f);
        kikan_json_number(f, r->cls_ci[k]);
        fputs(", \"share\": ", f);
        kikan_json_number(f, r->cls_share[k]);
        fputs(", \"cumulative_removed\": ", f);
        kikan_json_number(f, r->cls_cum_removed[k]);
        fputs(", \"cumulative_ci\": ", f);
        kikan_json_number(f, r->cls_cum_ci[k]);
        fputc('}', f);
    }
    fputs(r->n_classes ? "\n  ]\n}\n" : "]\n}\n", f);
}

kikan_error_t kikan_scope_json_write(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    if (f == NULL || w == NULL || r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    json_header(f, r);
    json_criteria(f, w, r);
    json_frontier(f, w, r);
    json_recommended(f, w, r);
    if (r->n_comp > 0 && r->fr_worst != NULL && r->n_frontier > 0) {
        json_worst_case(f, w, r);
    }
    if (r->ev_done) {
        json_evaluation(f, w, r);
    }
    json_small(f, w, r);
    if (r->sens != NULL) {
        json_sensitivity(f, w, r);
    }
    json_classes(f, w, r);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* ---- tables ---------------------------------------------------------------------------------- */

static double pct(double x, double total)
{
    return total > 0 ? 100.0 * x / total : 0.0;
}

/* A threshold of criterion c in words with its unit and time basis ("¥62 trillion deposits",
   "900 million passengers a year"); not finite: "regulate none". */
static void thr_words(char *buf, size_t n, const kikan_world_t *w, const kikan_scope_result_t *r,
                      int c, double thr)
{
    if (!isfinite(thr)) {
        snprintf(buf, n, "regulate none");
    } else {
        kikan_size_metric_format(kikan_strtab_get(&w->metric_names, r->crit_metric[c]), thr, 1, buf,
                                 n);
    }
}

/* Bytes of `s` beyond its characters (UTF-8 continuation bytes: "¥" is two), for padding. */
static int utf8_extra(const char *s)
{
    int n = 0;
    for (; *s; s++) {
        n += ((unsigned char)*s & 0xC0) == 0x80;
    }
    return n;
}

/* Frontier point `row`'s cell of criterion c: ">= ¥62 trillion deposits", or "none". */
static void thr_cell(char *buf, size_t n, const kikan_world_t *w, const int *row,
                     const kikan_scope_result_t *r, int c)
{
    if (row[c] < 0) {
        snprintf(buf, n, "none");
    } else {
        char v[160];
        thr_words(v, sizeof(v), w, r, c, r->thr[r->crit_off[c] + row[c]]);
        snprintf(buf, n, ">= %s", v);
    }
}

/* A compromise's readable label: vendor name and class, or contractor name, or the what-if. */
void kikan_scope_comp_label(char *buf, size_t n, const kikan_world_t *w,
                            const kikan_scope_result_t *r, int c)
{
    if (c < 0) {
        snprintf(buf, n, "-");
    } else if (r->comp_vendor[c] != KIKAN_NONE) {
        const char *vn = kikan_world_vendor_name(w, r->comp_vendor[c]);
        snprintf(buf, n, "vendor %s (%s)%s%s", kikan_world_vendor_id(w, r->comp_vendor[c]),
                 vn ? vn : "", r->comp_class[c] != KIKAN_NONE ? ", class " : "",
                 r->comp_class[c] != KIKAN_NONE ? kikan_world_class_id(w, r->comp_class[c]) : "");
    } else if (r->comp_contractor[c] != KIKAN_NONE) {
        const char *cn = kikan_world_contractor_name(w, r->comp_contractor[c]);
        snprintf(buf, n, "contractor %s (%s)", kikan_world_contractor_id(w, r->comp_contractor[c]),
                 cn ? cn : "");
    } else {
        snprintf(buf, n, "what-if %s", r->comp_name[c]);
    }
}

static const char *op_name(const kikan_world_t *w, kikan_id_t op)
{
    return w->operators[op].name ? w->operators[op].name : kikan_strtab_get(&w->operator_ids, op);
}

/* x, or 0.0 when x prints as zero with `decimals` decimals ("-0.00" would read as a loss). */
static double unsigned_zero(double x, int decimals)
{
    char buf[64];
    snprintf(buf, sizeof(buf), "%.*f", decimals, x);
    return strtod(buf, NULL) == 0.0 ? 0.0 : x;
}

/* A change d signed ("%+.4g" for decimals < 0: "-798", "+0.2"; else "%+.*f"), without the
 * sign when it prints as zero: "-0", "+0.0" read as a loss or gain that is not there. */
static void fmt_change(char *buf, size_t n, double d, int decimals)
{
    if (decimals < 0) {
        snprintf(buf, n, "%+.4g", d);
    } else {
        snprintf(buf, n, "%+.*f", decimals, d);
    }
    if (strtod(buf, NULL) == 0.0 && (buf[0] == '+' || buf[0] == '-')) {
        memmove(buf, buf + 1, strlen(buf));
    }
}

/* The worst case: the worst-case frontier, the minimax recommendation and what differs, the
   worst compromises left by the recommendation, and the operators closing the worst hole. */
static void print_worst(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const int K = r->attacker_budget, T = r->worst_top, rec = r->recommended;
    const int mm = r->recommended_minimax;
    const char *unit = kikan_scope_measure_unit(r->measure);
    char lab[512];
    fprintf(f,
            "\nWorst case: an adversary choosing %d of %d compromises of the threat portfolio "
            "(%s); harm in %s, mean over the replicates, unweighted\n",
            K, r->n_comp,
            K > 1 ? "greedy on common random numbers, harms summed per replicate: an "
                    "approximation of their union"
                  : "exact over the portfolio",
            unit);
    fprintf(f, "  %3s %10s %12s %10s  worst compromise\n", "#", "operators", "worst harm",
            "95% CI");
    for (int i = 0; i < r->n_frontier; i++) {
        kikan_scope_comp_label(lab, sizeof(lab), w, r, r->fr_worst_comp[(int64_t)i * K]);
        fprintf(f, "  %3d %10d %12.4g %10.3g  %s%s%s%s\n", i, (int)r->fr_ops[i], r->fr_worst[i],
                r->fr_worst_ci[i], lab, K > 1 ? " + ..." : "", i == rec ? "  <- recommended" : "",
                i == mm ? "  <- minimax" : "");
    }
    if (!r->worst_monotone) {
        fputs("  (the worst remaining harm rises somewhere along the frontier: sampling noise "
              "or an interaction between screened units)\n",
              f);
    }
    fprintf(f,
            "Minimax recommendation: point %d, %d operators, worst remaining %.4g %s (the smallest "
            "point within the budget at most %.0f%% above the least any such point leaves, "
            "%.4g %s); expected-value recommendation: point %d, worst remaining %.4g %s\n",
            mm, (int)r->fr_ops[mm], r->fr_worst[mm], unit, 100.0 * r->minimax_share, r->best_worst,
            unit, rec, r->fr_worst[rec], unit);
    for (int pass = 0; pass < 2; pass++) {
        const kikan_id_t n = pass ? r->mm_n_out : r->mm_n_in;
        const kikan_id_t *ops = pass ? r->mm_out : r->mm_in;
        if (n == 0) {
            continue;
        }
        fprintf(f, "  %s: ",
                pass ? "regulated only by the expected-value one"
                     : "regulated only by the minimax one");
        for (kikan_id_t k = 0; k < n && k < 12; k++) {
            fprintf(f, "%s%s%s", k ? ", " : "", op_name(w, ops[k]),
                    w->operators[ops[k]].sme ? " (SME)" : "");
        }
        fprintf(f, n > 12 ? " and %d more (all in --json)\n" : "\n", (int)(n - 12));
    }
    if (r->mm_n_in == 0 && r->mm_n_out == 0) {
        fputs("  the two regulate the same operators\n", f);
    }
    fprintf(f, "Worst compromises left open by the recommendation (point %d):\n", rec);
    fprintf(f, "  %3s %12s %10s  compromise\n", "#", "harm", "95% CI");
    for (int t = 0; t < T; t++) {
        const int c = r->fr_top[(int64_t)rec * T + t];
        kikan_scope_comp_label(lab, sizeof(lab), w, r, c);
        fprintf(f, "  %3d %12.4g %10.3g  %s\n", t + 1, r->fr_top_harm[(int64_t)rec * T + t],
                r->fr_top_ci[(int64_t)rec * T + t], lab);
    }
    if (r->n_close > 0) {
        fputs("Operators closing the worst hole (each regulated in addition to the "
              "recommendation):\n",
              f);
        for (int k = 0; k < r->n_close && k < 5; k++) {
            char change[48];
            fmt_change(change, sizeof(change), r->close_worst[k] - r->fr_worst[rec], -1);
            kikan_scope_comp_label(lab, sizeof(lab), w, r, r->close_comp[k]);
            fprintf(f, "  %s%s: worst remaining %.4g (%s) %s; then %s\n",
                    op_name(w, r->close_op[k]), w->operators[r->close_op[k]].sme ? " (SME)" : "",
                    r->close_worst[k], change, unit, lab);
        }
    }
}

/* Provenance, the run's size and the reference impacts. */
static void print_header(FILE *f, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    fprintf(f, "kikan %s, scenario %s, seed %llu\n", KIKAN_VERSION_STRING,
            r->scenario != NULL ? r->scenario : "", (unsigned long long)r->seed);
    for (const char *p = r->overrides; p != NULL && *p != '\0';) {
        const char *nl = strchr(p, '\n');
        const int n = nl != NULL ? (int)(nl - p) : (int)strlen(p);
        fprintf(f, "  --set %.*s\n", n, p);
        p += n + (nl != NULL);
    }
    fprintf(f,
            "Scope analysis: %lld replicates x %d what-if(s), impact = %s (%s), screening "
            "effectiveness %.3g\n",
            (long long)r->n_replicates, r->n_whatifs, kikan_scope_measure_name(r->measure),
            kikan_scope_measure_unit(r->measure), r->effectiveness);
    fprintf(f,
            "Baseline impact %.4g %s (95%% CI +/- %.3g); compromise-caused %.4g %s (%.1f%% of "
            "it); every operator screened removes %.1f%% (means over the replicates, per "
            "what-if run)\n",
            r->baseline_mean, kikan_scope_measure_unit(r->measure), r->baseline_ci, tot,
            kikan_scope_measure_unit(r->measure), pct(tot, r->baseline_mean),
            pct(r->all_removed_mean, tot));
    fprintf(f, "Simulations: %lld run, %lld reused as proven identical (%lld policies)\n",
            (long long)r->simulations, (long long)r->simulations_reused, (long long)r->policies);
    fputs("(removed %: share of the compromise-caused impact)\n", f);
}

/* One table per criterion: threshold (with its unit), regulated, SMEs, removed %. */
static void print_sweeps(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    for (int c = 0; c < r->n_criteria; c++) {
        fprintf(f, "\n%s - %s (%d operators)\n",
                kikan_strtab_get(&w->sector_ids, r->crit_sector[c]),
                kikan_strtab_get(&w->metric_names, r->crit_metric[c]), (int)r->crit_n_ops[c]);
        fprintf(f, "  %-32s %10s %6s %10s %9s\n", "threshold", "regulated", "SMEs", "removed %",
                "95% CI");
        for (int i = r->crit_off[c]; i < r->crit_off[c + 1]; i++) {
            char thr[160];
            thr_words(thr, sizeof(thr), w, r, c, r->thr[i]);
            fprintf(f, "  %-*s %10d %6d %10.1f %9.1f\n", 32 + utf8_extra(thr), thr,
                    (int)r->thr_ops[i], (int)r->thr_smes[i], pct(r->thr_removed[i], tot),
                    pct(r->thr_ci[i], tot));
        }
    }
}

/* "        adds: A, B (SME), ... and N more": the operators frontier step i adds. */
static void print_adds(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r, int i)
{
    int k = 0, more = 0;
    for (kikan_id_t op = 0; op < r->n_operators; op++) {
        if (r->op_point[op] != i) {
            continue;
        }
        if (k < 6) {
            fprintf(f, "%s%s%s", k ? ", " : "        adds: ", op_name(w, op),
                    w->operators[op].sme ? " (SME)" : "");
            k++;
        } else {
            more++;
        }
    }
    if (more > 0) {
        fprintf(f, " and %d more (all in --json)", more);
    }
    if (k > 0) {
        fputc('\n', f);
    }
}

/* The efficient frontier, a row per point with its thresholds in words. */
static void print_frontier(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    const int nc = r->n_criteria;
    fputs("\nEfficient frontier (operators regulated vs impact removed; burden in screening-days; "
          "step: the paired gain over the previous point, '~' when its 95% interval includes 0)\n",
          f);
    fprintf(f, "  %3s %10s %6s %9s %6s %10s %9s %8s %7s  thresholds\n", "#", "operators", "SMEs",
            "burden", "SME %", "removed %", "95% CI", "step %", "+/-");
    for (int i = 0; i < r->n_frontier; i++) {
        fprintf(f, "  %3d %10d %6d %9.4g %6.1f %10.1f %9.1f", i, (int)r->fr_ops[i],
                (int)r->fr_smes[i], r->fr_burden != NULL ? r->fr_burden[i] : NAN,
                r->fr_burden != NULL ? pct(r->fr_burden_sme[i], r->fr_burden[i]) : NAN,
                pct(r->fr_removed[i], tot), pct(r->fr_ci[i], tot));
        if (r->fr_step != NULL && i > 0) {
            fprintf(f, " %8.2f %7.2f%c", unsigned_zero(pct(r->fr_step[i], tot), 2),
                    pct(r->fr_step_ci[i], tot), r->fr_step_sig[i] ? ' ' : '~');
        } else {
            fprintf(f, " %8s %7s ", "", "");
        }
        for (int c = 0; c < nc; c++) {
            char buf[192];
            thr_cell(buf, sizeof(buf), w, r->fr_row + (int64_t)i * nc, r, c);
            fputs(c ? "; " : " ", f);
            crit_key(f, w, r, c, 0);
            fprintf(f, " %s", buf);
        }
        fputs(i == r->recommended ? "  <- recommended" : "", f);
        fputs(i == r->best && i != r->recommended ? "  <- best within the budget\n" : "\n", f);
        if (r->op_point != NULL && i > 0) {
            print_adds(f, w, r, i);
        }
    }
}

/* The recommendation: its budget rule, figures, burden, stability and thresholds in words. */
static void print_recommended(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    const int i = r->recommended;
    if (r->cost_budget > 0) {
        fprintf(f, "\nRecommended (%s budget %.4g%s): ", r->cost_is_burden ? "burden" : "cost",
                r->cost_budget, r->cost_is_burden ? " screening-days" : "");
    } else if (r->budget > 0) {
        fprintf(f, "\nRecommended (budget %d operators): ", r->budget);
    } else {
        fputs("\nRecommended (no budget: the first point reaching the target share of the "
              "frontier's maximum): ",
              f);
    }
    fprintf(f, "%d operators (%d SMEs), %.1f%% +/- %.1f%% removed\n", (int)r->fr_ops[i],
            (int)r->fr_smes[i], pct(r->fr_removed[i], tot), pct(r->fr_ci[i], tot));
    if (r->fr_burden != NULL) {
        fprintf(f,
                "  burden %.4g screening-days (%.3g per operator + %.3g per installation of "
                "the screened classes, assumed), SMEs' share %.1f%%\n",
                r->fr_burden[i], r->burden_fixed, r->burden_per_installation,
                pct(r->fr_burden_sme[i], r->fr_burden[i]));
    }
    if (r->budget > 0 || r->cost_budget > 0) {
        fprintf(f,
                "  (the smallest frontier point not significantly worse than point %d, the "
                "best within the budget: %.1f%%; a shortfall under %.3g%% is no loss)\n",
                r->best, pct(r->fr_removed[r->best], tot), 100.0 * r->margin_share);
    }
    fprintf(f, "  stability: share of %d bootstrap resamples of the replicates", r->n_bootstrap);
    if (r->n_seeds > 0) {
        fprintf(f, " and of %d other seeds (%llu..%llu)", r->n_seeds,
                (unsigned long long)r->seed + 1, (unsigned long long)r->seed + r->n_seeds);
    }
    fputs(" recommending the same threshold\n", f);
    for (int c = 0; c < r->n_criteria; c++) {
        char thr[160];
        thr_words(thr, sizeof(thr), w, r, c, r->rec_thr[c]);
        fprintf(f, "  %s %s: %s%s", kikan_strtab_get(&w->sector_ids, r->crit_sector[c]),
                kikan_strtab_get(&w->metric_names, r->crit_metric[c]),
                isfinite(r->rec_thr[c]) ? ">= " : "", thr);
        if (r->rec_boot != NULL && !isnan(r->rec_boot[c])) {
            fprintf(f, "  (stability: bootstrap %.2f", r->rec_boot[c]);
            if (r->rec_seeds != NULL && !isnan(r->rec_seeds[c])) {
                fprintf(f, ", seeds %.2f", r->rec_seeds[c]);
            }
            fputs(stability(r, c) < 0.8 ? "; unstable)" : ")", f);
        }
        fputc('\n', f);
    }
}

/* The operators regulated at the recommendation: id, name, sector, metric, size, SME. */
static void print_rec_ops(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    fprintf(f, "\nOperators regulated at the recommendation (%d)\n", (int)r->n_rec_ops);
    fprintf(f, "  %-14s %-40s %-10s %-16s %20s %4s\n", "id", "name", "sector", "metric", "size",
            "SME");
    for (kikan_id_t k = 0; k < r->n_rec_ops; k++) {
        const kikan_id_t op = r->rec_ops[k];
        const char *sector, *metric;
        double size;
        kikan_scope_op_size(w, r, op, &sector, &metric, &size);
        char sz[128]; /* in words with its unit: "¥62 trillion", "900 million a year" */
        kikan_size_metric_format(metric, size, 0, sz, sizeof(sz));
        fprintf(f, "  %-14s %-40s %-10s %-16s %*s %4s\n", kikan_strtab_get(&w->operator_ids, op),
                w->operators[op].name ? w->operators[op].name : "", sector ? sector : "",
                metric ? metric : "", 20 + utf8_extra(sz), sz, w->operators[op].sme ? "yes" : "no");
    }
}

/* The evaluated policy against the frontier point of equal burden. */
static void print_evaluation(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    char diff[48];
    fmt_change(diff, sizeof(diff), pct(r->ev_diff, tot), 1);
    fprintf(f, "\nPolicy evaluated: %s%s%s\n", r->ev_name ? r->ev_name : "",
            r->ev_path ? " - " : "", r->ev_path ? r->ev_path : "");
    if (r->ev_source != NULL) {
        fprintf(f, "  source: %s\n", r->ev_source);
    }
    fprintf(f,
            "  %d operators (%d by rule, %d named; %d SMEs), %.1f%% +/- %.1f%% removed; the "
            "frontier at the same burden (point %d, %d operators) removes %.1f%% (paired "
            "difference %s%% +/- %.1f%%)\n",
            (int)r->ev_n_ops, (int)r->ev_by_rule, (int)r->ev_named, (int)r->ev_smes,
            pct(r->ev_removed, tot), pct(r->ev_ci, tot), r->ev_point, (int)r->fr_ops[r->ev_point],
            pct(r->fr_removed[r->ev_point], tot), diff, pct(r->ev_diff_ci, tot));
    fprintf(f,
            "  burden %.4g screening-days (SMEs' share %.1f%%); the frontier point's %.4g "
            "screening-days\n",
            r->ev_burden, pct(r->ev_burden_sme, r->ev_burden),
            r->fr_burden != NULL ? r->fr_burden[r->ev_point] : NAN);
    if (r->n_comp > 0 && r->ev_worst_comp >= 0) {
        char lab[512];
        kikan_scope_comp_label(lab, sizeof(lab), w, r, r->ev_worst_comp);
        fprintf(f, "  worst remaining %s: %.4g +/- %.3g %s (%s); the frontier point's %.4g %s\n",
                r->attacker_budget > 1 ? "attack" : "compromise", r->ev_worst, r->ev_worst_ci,
                kikan_scope_measure_unit(r->measure), lab,
                r->fr_worst != NULL ? r->fr_worst[r->ev_point] : NAN,
                kikan_scope_measure_unit(r->measure));
    }
    const struct {
        const char *what;
        const kikan_id_t *ids;
        kikan_id_t n;
    } lists[] = {{"regulated by it", r->ev_ops, r->ev_n_ops},
                 {"the frontier point swaps in", r->ev_in, r->ev_n_in},
                 {"and swaps out", r->ev_out, r->ev_n_out}};
    for (int l = 0; l < 3; l++) {
        fprintf(f, "  %s (%d):", lists[l].what, (int)lists[l].n);
        for (kikan_id_t k = 0; k < lists[l].n; k++) {
            const kikan_id_t op = lists[l].ids[k];
            fprintf(f, "%s%s%s", k ? ", " : " ", op_name(w, op),
                    w->operators[op].sme ? " (SME)" : "");
        }
        fputc('\n', f);
    }
}

static void print_small(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    fprintf(f, "\nSmall but critical operators (%d of %d evaluated below the recommendation)\n",
            r->n_small, r->n_candidates);
    for (int i = 0; i < r->n_small; i++) {
        const kikan_id_t op = r->sc_op[i];
        fprintf(f, "  %s (%s; %s%s): %.1f%% +/- %.1f%% - %s\n",
                kikan_strtab_get(&w->operator_ids, op),
                w->operators[op].name ? w->operators[op].name : "",
                r->sc_sector[i] != KIKAN_NONE ? kikan_strtab_get(&w->sector_ids, r->sc_sector[i])
                                              : "no sector",
                w->operators[op].sme ? ", SME" : "", pct(r->sc_removed[i], tot),
                pct(r->sc_ci[i], tot), r->sc_reason[i]);
    }
}

/* " %8.3f", or "-" in the column when x was not computed (NaN). */
static void print_effect(FILE *f, double x)
{
    if (isfinite(x)) {
        fprintf(f, " %8.3f", x);
    } else {
        fprintf(f, " %8s", "-");
    }
}

static void print_sensitivity(FILE *f, const kikan_scope_sens_t *x)
{
    fprintf(f,
            "\nSensitivity (%d replicates per setting, %d Morris trajectories, %d scope runs): "
            "removed %% at the recommendation, base %.1f%%\n",
            x->replicates, x->trajectories, x->runs, 100.0 * x->share_base);
    fprintf(f, "  %-40s %12s %-12s %9s %9s %10s %8s %8s  range\n", "input", "low..high", "unit",
            "low %", "high %", "thr moved", "mu*", "sigma");
    for (int i = 0; i < x->n_inputs; i++) {
        const kikan_scope_sens_input_t *in = &x->in[i];
        fprintf(f, "  %-40s %5.3g..%-6.3g %-12s %9.1f %9.1f %10d", in->name, in->lo, in->hi,
                in->unit != NULL ? in->unit : "", 100.0 * in->share_lo, 100.0 * in->share_hi,
                in->thr_changed);
        print_effect(f, in->mu_star);
        print_effect(f, in->sigma);
        fprintf(f, "  %s\n", in->range);
    }
    fputs("  (low %, high %: impact removed at the recommendation, % of the removable, with the "
          "input at the low / high end and the others at base; mu*, sigma: Morris elementary "
          "effects on that share per unit of the normalised range; -: not computed)\n",
          f);
    fprintf(f, "  the input moving the answer most: %s\n",
            x->most >= 0 ? x->in[x->most].name
                         : "none: no input moves the recommended thresholds or share");
}

static void print_classes(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    const double tot = r->compromise_mean;
    fputs("\nEquipment classes (all operators regulated, the class alone screened)\n", f);
    fprintf(f, "  %4s %-24s %-40s %10s %9s %13s\n", "rank", "class", "name", "removed %", "95% CI",
            "cumulative %");
    for (kikan_id_t k = 0; k < r->n_classes; k++) {
        const kikan_id_t c = r->cls_rank[k];
        fprintf(f, "  %4d %-24s %-40s %10.1f %9.1f %13.1f\n", (int)k + 1,
                kikan_strtab_get(&w->class_ids, c), w->classes[c].name ? w->classes[c].name : "",
                pct(r->cls_removed[k], tot), pct(r->cls_ci[k], tot),
                pct(r->cls_cum_removed[k], tot));
    }
}

kikan_error_t kikan_scope_print(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r)
{
    if (f == NULL || w == NULL || r == NULL || r->from_file) {
        return KIKAN_EINVAL;
    }
    print_header(f, r);
    print_sweeps(f, w, r);
    print_frontier(f, w, r);
    if (r->n_frontier > 0) {
        print_recommended(f, w, r);
        print_rec_ops(f, w, r);
    }
    if (r->n_comp > 0 && r->fr_worst != NULL && r->n_frontier > 0) {
        print_worst(f, w, r);
    }
    if (r->ev_done) {
        print_evaluation(f, w, r);
    }
    print_small(f, w, r);
    if (r->sens != NULL) {
        print_sensitivity(f, r->sens);
    }
    print_classes(f, w, r);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}
