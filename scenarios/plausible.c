/*
 * Plausibility checks on a built world: people served against the population
 * the scenario states (or, without one, against a bound no real area reaches),
 * and operators' size metrics against the customers their assets serve.
 *
 * DESIGN: the loaders accept any finite, non-negative number, so a table that
 * says an asset serves 35 billion accounts, or gives rail passengers a year
 * where the sector counts them a day, loads fine and then dominates every
 * total. These checks catch such tables before a run, naming the file and
 * line of the row when the world came from tables (kikan_rows_t), the
 * generator otherwise. They run on a built world and change nothing in it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "kikan/scenario.h"
#include "models/world_impl.h"
#include "scenarios/loader.h"

/* "FILE:LINE: " for row i of a table, or the origin when the row has no file. */
static void where(char *buf, size_t n, const char *file, const int *lines, kikan_id_t i,
                  const char *origin)
{
    if (file != NULL && lines != NULL) {
        snprintf(buf, n, "%s:%d: ", file, lines[i]);
    } else {
        snprintf(buf, n, "%s: ", origin ? origin : "world");
    }
}

kikan_error_t kikan_world_plausible(kikan_ctx_t *ctx, const kikan_world_t *w,
                                    const kikan_rows_t *rows, int *n_problems)
{
    const kikan_rows_t none = {0};
    const kikan_rows_t *r = rows ? rows : &none;
    const double pop = w->population;
    const int stated = !isnan(pop);
    const double limit = stated ? pop : KIKAN_PLAUSIBLE_PEOPLE_MAX;
    const char *bound = stated ? "the scenario's population" : "1.5 billion (no population stated)";
    char at[512];
    int problems = 0;
    double *sector_people = calloc((size_t)(w->n_sectors > 0 ? w->n_sectors : 1), sizeof(double));
    double *op_cust = calloc((size_t)(w->n_operators > 0 ? w->n_operators : 1), sizeof(double));
    if (sector_people == NULL || op_cust == NULL) {
        free(sector_people);
        free(op_cust);
        return KIKAN_ENOMEM;
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        const kikan_sector_t *sec = &w->sectors[as->sector];
        const double people = as->customers * sec->people_per_customer;
        sector_people[as->sector] += people;
        op_cust[as->op] += as->customers;
        if (people > limit) {
            where(at, sizeof(at), r->assets_file, r->asset_line, a, r->origin);
            kikan_diag_add(ctx,
                           "%scustomers: asset '%s' serves %.4g %s = %.4g people (x %g people "
                           "per customer), more than %s (%.4g people)",
                           at, kikan_strtab_get(&w->asset_ids, a), as->customers, sec->unit, people,
                           sec->people_per_customer, bound, limit);
            problems++;
        }
        if (as->records > limit) {
            where(at, sizeof(at), r->assets_file, r->asset_line, a, r->origin);
            kikan_diag_add(ctx,
                           "%srecords: asset '%s' holds the records of %.4g people, more than "
                           "%s (%.4g people)",
                           at, kikan_strtab_get(&w->asset_ids, a), as->records, bound, limit);
            problems++;
        }
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        if (sector_people[s] > limit) {
            where(at, sizeof(at), r->sectors_file, r->sector_line, s, r->origin);
            kikan_diag_add(ctx,
                           "%speople_per_customer: sector '%s' serves %.4g people (its assets' "
                           "customers x %g), more than %s (%.4g people)",
                           at, kikan_strtab_get(&w->sector_ids, s), sector_people[s],
                           w->sectors[s].people_per_customer, bound, limit);
            problems++;
        }
    }
    /* an operator's own count of its customers (or passengers) against what its assets serve */
    static const char *const metrics[] = {"customers", "passengers"};
    for (size_t k = 0; k < sizeof(metrics) / sizeof(metrics[0]); k++) {
        const kikan_id_t m = kikan_strtab_find(&w->metric_names, metrics[k]);
        if (m == KIKAN_NONE) {
            continue;
        }
        for (kikan_id_t o = 0; o < w->n_operators; o++) {
            const double v = kikan_world_metric(w, o, m), c = op_cust[o];
            if (!(v > 0) || !(c > 0)) {
                continue; /* not given, or the operator serves no one directly */
            }
            /* fewer is normal (a table may model a slice of an operator; annual passengers
               against daily riders); far more means a unit or time basis mixed up */
            const double ratio = c / v;
            if (ratio > KIKAN_PLAUSIBLE_METRIC_RATIO) {
                where(at, sizeof(at), r->operators_file, r->op_line, o, r->origin);
                kikan_diag_add(ctx,
                               "%s%s: operator '%s' gives %.4g, but its assets serve %.4g "
                               "customers in all, %.3g times as many, more than the %g allowed "
                               "(a unit or time basis mixed up?)",
                               at, metrics[k], kikan_strtab_get(&w->operator_ids, o), v, c, ratio,
                               KIKAN_PLAUSIBLE_METRIC_RATIO);
                problems++;
            }
        }
    }
    free(sector_people);
    free(op_cust);
    *n_problems = problems;
    return KIKAN_OK;
}
