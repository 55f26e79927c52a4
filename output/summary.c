/*
 * CSV and JSON summaries of a run, for scripts and spreadsheets.
 *
 * DESIGN: the summaries only print what the results already hold (the
 * statistics of kikan_results_summarize, plus the per-class operator counts
 * averaged here); numbers use %.17g so a script reads back exactly the
 * doubles kikan computed, and NaN ("not computed", e.g. the economic model
 * off) is an empty CSV field or a JSON null, never a string a parser chokes
 * on. Each CSV file is written atomically like the HDF5 file, with the
 * provenance beside it in provenance.json.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/text.h"
#include "kikan/version.h"
#include "output/csv_table.h"
#include "output/h5_internal.h"
#include "scenarios/loader.h"
#include "scenarios/csv.h"
#include "models/results_impl.h"

static int has_stats(const kikan_results_t *r)
{
    return r != NULL && r->st_customer_hours != NULL && r->st_peak != NULL && r->st_life != NULL &&
           r->st_person_hours != NULL && r->st_peak_people != NULL && r->st_records != NULL &&
           r->st_econ != NULL && r->curve_mean != NULL && r->curve_q05 != NULL &&
           r->curve_q50 != NULL && r->curve_q95 != NULL;
}

/* ---- CSV --------------------------------------------------------------------------------- */

/*
 * One writer for every run table. The column convention: the keys first
 * (whatif, then sector / region / replicate / operator / vendor / hours), lower
 * snake_case; a per-replicate measure is named by the measure
 * (`person_hours`), a statistic over replicates by measure_statistic
 * (`person_hours_mean`, `_sd`, `_q05`, `_q50`, `_q95`, `_ci_lo`, `_ci_hi`);
 * the unit of every column is in provenance.json (`tables`), never in the
 * file, so the first line is the header and every other line is data.
 */
static void csv_num(FILE *f, double x)
{
    kikan_csv_num(f, x);
}

typedef kikan_csv_col_t col_t;

typedef void (*csv_body_t)(FILE *f, const kikan_results_t *r);

typedef struct {
    const char *file;
    const col_t *cols;
    int n_cols;
    csv_body_t body;
    int (*has)(const kikan_results_t *r); /* NULL: always written */
    const char *what;
} table_t;

_Static_assert(KIKAN_N_SIZE_CLASSES == 4, "sectors.csv names four size classes");

static const col_t sectors_cols[] = {
    {"whatif", ""},
    {"sector", ""},
    {"unit", ""},
    {"customer_hours_mean", "customer-hours (customer: the row's unit)"},
    {"customer_hours_sd", "customer-hours (customer: the row's unit)"},
    {"customer_hours_ci_lo", "customer-hours (customer: the row's unit)"},
    {"customer_hours_ci_hi", "customer-hours (customer: the row's unit)"},
    {"customer_hours_q05", "customer-hours (customer: the row's unit)"},
    {"customer_hours_q95", "customer-hours (customer: the row's unit)"},
    {"peak_customers_mean", "customers (the row's unit)"},
    {"peak_customers_ci_lo", "customers (the row's unit)"},
    {"peak_customers_ci_hi", "customers (the row's unit)"},
    {"peak_customers_q95", "customers (the row's unit)"},
    {"weighted_person_hours_mean", "life-weighted person-hours"},
    {"weighted_person_hours_ci_lo", "life-weighted person-hours"},
    {"weighted_person_hours_ci_hi", "life-weighted person-hours"},
    {"people_per_customer", "people per customer"},
    {"peak_people_mean", "people"},
    {"peak_people_ci_lo", "people"},
    {"peak_people_ci_hi", "people"},
    {"peak_people_q95", "people"},
    {"person_hours_mean", "person-hours"},
    {"person_hours_sd", "person-hours"},
    {"person_hours_ci_lo", "person-hours"},
    {"person_hours_ci_hi", "person-hours"},
    {"person_hours_q05", "person-hours"},
    {"person_hours_q95", "person-hours"},
    {"ops_affected_sme_mean", "operators"},
    {"ops_affected_medium_mean", "operators"},
    {"ops_affected_large_mean", "operators"},
    {"ops_affected_very_large_mean", "operators"},
};

static void sectors_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates, S = r->n_sectors, C = KIKAN_N_SIZE_CLASSES;
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int s = 0; s < r->n_sectors; s++) {
            const kikan_stat_t *ch = &r->st_customer_hours[w * S + s];
            const kikan_stat_t *pk = &r->st_peak[w * S + s];
            const kikan_stat_t *lw = &r->st_life[w * S + s];
            kikan_csv_put_field(f, r->whatif_names[w]);
            fputc(',', f);
            kikan_csv_put_field(f, r->sector_ids[s]);
            fputc(',', f);
            kikan_csv_put_field(f, r->sector_units[s]);
            csv_num(f, ch->mean);
            csv_num(f, ch->sd);
            csv_num(f, ch->ci_lo);
            csv_num(f, ch->ci_hi);
            csv_num(f, ch->q05);
            csv_num(f, ch->q95);
            csv_num(f, pk->mean);
            csv_num(f, pk->ci_lo);
            csv_num(f, pk->ci_hi);
            csv_num(f, pk->q95);
            csv_num(f, lw->mean);
            csv_num(f, lw->ci_lo);
            csv_num(f, lw->ci_hi);
            const kikan_stat_t *pp = &r->st_peak_people[w * S + s];
            const kikan_stat_t *ph = &r->st_person_hours[w * S + s];
            csv_num(f, r->sector_people[s]);
            csv_num(f, pp->mean);
            csv_num(f, pp->ci_lo);
            csv_num(f, pp->ci_hi);
            csv_num(f, pp->q95);
            csv_num(f, ph->mean);
            csv_num(f, ph->sd);
            csv_num(f, ph->ci_lo);
            csv_num(f, ph->ci_hi);
            csv_num(f, ph->q05);
            csv_num(f, ph->q95);
            for (int c = 0; c < C; c++) {
                double sum = 0.0; /* replicate order: deterministic */
                for (int64_t rep = 0; rep < R; rep++) {
                    sum += r->ops_affected[(((int64_t)w * R + rep) * S + s) * C + c];
                }
                csv_num(f, sum / (double)R);
            }
            fputc('\n', f);
        }
    }
}

static const col_t whatifs_cols[] = {
    {"whatif", ""},
    {"econ_loss_mean", "JPY"},
    {"econ_loss_ci_lo", "JPY"},
    {"econ_loss_ci_hi", "JPY"},
    {"econ_loss_q05", "JPY"},
    {"econ_loss_q95", "JPY"},
    {"implants_mean", "implants"},
    {"records_exposed_mean", "records"},
    {"records_exposed_ci_lo", "records"},
    {"records_exposed_ci_hi", "records"},
    {"records_exposed_q05", "records"},
    {"records_exposed_q95", "records"},
};

static void whatifs_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates;
    for (int w = 0; w < r->n_whatifs; w++) {
        const kikan_stat_t *e = &r->st_econ[w];
        kikan_csv_put_field(f, r->whatif_names[w]);
        csv_num(f, e->mean);
        csv_num(f, e->ci_lo);
        csv_num(f, e->ci_hi);
        csv_num(f, e->q05);
        csv_num(f, e->q95);
        double sum = 0.0;
        for (int64_t rep = 0; rep < R; rep++) {
            sum += r->implants[(int64_t)w * R + rep];
        }
        csv_num(f, sum / (double)R);
        const kikan_stat_t *rx = &r->st_records[w];
        csv_num(f, rx->mean);
        csv_num(f, rx->ci_lo);
        csv_num(f, rx->ci_hi);
        csv_num(f, rx->q05);
        csv_num(f, rx->q95);
        fputc('\n', f);
    }
}

static const col_t curves_cols[] = {
    {"whatif", ""},        {"sector", ""},       {"hours", "hours since the start"},
    {"mean", "customers"}, {"q05", "customers"}, {"q50", "customers"},
    {"q95", "customers"},
};

static void curves_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t S = r->n_sectors, G = r->n_grid;
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int s = 0; s < r->n_sectors; s++) {
            for (int g = 0; g < r->n_grid; g++) {
                const int64_t o = ((int64_t)w * S + s) * G + g;
                kikan_csv_put_field(f, r->whatif_names[w]);
                fputc(',', f);
                kikan_csv_put_field(f, r->sector_ids[s]);
                csv_num(f, r->grid[g]);
                csv_num(f, r->curve_mean[o]);
                csv_num(f, r->curve_q05[o]);
                csv_num(f, r->curve_q50[o]);
                csv_num(f, r->curve_q95[o]);
                fputc('\n', f);
            }
        }
    }
}

static const col_t replicates_cols[] = {
    {"whatif", ""},
    {"replicate", "1"},
    {"sector", ""},
    {"customer_hours", "customer-hours"},
    {"peak_customers", "customers"},
    {"person_hours", "person-hours"},
    {"peak_people", "people"},
    {"weighted_person_hours", "life-weighted person-hours"},
};

static void replicates_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates, S = r->n_sectors;
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int64_t rep = 0; rep < R; rep++) {
            for (int s = 0; s < r->n_sectors; s++) {
                const int64_t i = ((int64_t)w * R + rep) * S + s;
                kikan_csv_put_field(f, r->whatif_names[w]);
                fprintf(f, ",%" PRId64 ",", rep);
                kikan_csv_put_field(f, r->sector_ids[s]);
                csv_num(f, r->customer_hours[i]);
                csv_num(f, r->peak_customers[i]);
                csv_num(f, r->person_hours[i]);
                csv_num(f, r->peak_people[i]);
                csv_num(f, r->life_weighted[i]);
                fputc('\n', f);
            }
        }
    }
}

static const col_t whatif_replicates_cols[] = {
    {"whatif", ""},
    {"replicate", "1"},
    {"econ_loss", "JPY"},
    {"implants", "implants"},
    {"records_exposed", "records"},
};

static void whatif_replicates_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates;
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int64_t rep = 0; rep < R; rep++) {
            const int64_t i = (int64_t)w * R + rep;
            kikan_csv_put_field(f, r->whatif_names[w]);
            fprintf(f, ",%" PRId64, rep);
            csv_num(f, r->econ_loss[i]);
            csv_num(f, r->implants[i]);
            csv_num(f, r->records_exposed[i]);
            fputc('\n', f);
        }
    }
}

static const col_t regions_cols[] = {
    {"whatif", ""},
    {"region", ""},
    {"prefecture", "1 (one of Japan's 47)"},
    {"person_hours_mean", "person-hours"},
    {"person_hours_sd", "person-hours"},
    {"person_hours_q05", "person-hours"},
    {"person_hours_q50", "person-hours"},
    {"person_hours_q95", "person-hours"},
    {"peak_people_mean", "people"},
    {"peak_people_sd", "people"},
    {"peak_people_q05", "people"},
    {"peak_people_q50", "people"},
    {"peak_people_q95", "people"},
};

static void regions_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t Rg = r->n_regions;
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int g = 0; g < r->n_regions; g++) {
            const kikan_stat_t *st[2] = {&r->st_region_person_hours[w * Rg + g],
                                         &r->st_region_peak_people[w * Rg + g]};
            kikan_csv_put_field(f, r->whatif_names[w]);
            fputc(',', f);
            kikan_csv_put_field(f, r->region_ids[g]);
            fprintf(f, ",%d", kikan_prefecture_tile(r->region_ids[g], NULL, NULL) >= 0);
            for (int k = 0; k < 2; k++) {
                csv_num(f, st[k]->mean);
                csv_num(f, st[k]->sd);
                csv_num(f, st[k]->q05);
                csv_num(f, st[k]->q50);
                csv_num(f, st[k]->q95);
            }
            fputc('\n', f);
        }
    }
}

/* attribution: written when the sums cover every replicate (not after a partial resume) */
static int has_attrib(const kikan_results_t *r)
{
    return r->op_chours_fx != NULL && r->vendor_implants != NULL && r->vendor_chours_fx != NULL &&
           !r->attrib_partial && r->operator_ids != NULL && r->vendor_ids != NULL;
}

static const col_t operators_cols[] = {
    {"whatif", ""},
    {"operator", ""},
    {"operator_name", ""},
    {"operator_sectors", ""},
    {"customer_hours_mean", "customer-hours"},
    {"customer_hours_share", "1"},
};

static void operators_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t O = r->n_operators;
    const double R = (double)r->n_replicates, scale = ldexp(1.0, -KIKAN_FX_BITS);
    for (int w = 0; w < r->n_whatifs; w++) {
        double tot = 0.0;
        for (int64_t o = 0; o < O; o++) {
            tot += (double)r->op_chours_fx[w * O + o];
        }
        for (int64_t o = 0; o < O; o++) {
            const double fx = (double)r->op_chours_fx[w * O + o];
            kikan_csv_put_field(f, r->whatif_names[w]);
            fputc(',', f);
            kikan_csv_put_field(f, r->operator_ids[o]);
            fputc(',', f);
            kikan_csv_put_field(f, r->operator_names[o]);
            fputc(',', f);
            kikan_csv_put_field(f, r->operator_sectors[o]);
            csv_num(f, fx * scale / R);
            csv_num(f, tot > 0 ? fx / tot : 0.0);
            fputc('\n', f);
        }
    }
}

static const col_t vendors_cols[] = {
    {"whatif", ""},
    {"vendor", "\"\" on the last row: whole-asset events"},
    {"vendor_name", ""},
    {"implants_mean", "implants"},
    {"customer_hours_mean", "customer-hours"},
};

static void vendors_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t V1 = (int64_t)r->n_vendors + 1;
    const double R = (double)r->n_replicates, scale = ldexp(1.0, -KIKAN_FX_BITS);
    for (int w = 0; w < r->n_whatifs; w++) {
        for (int64_t v = 0; v < V1; v++) {
            const int64_t i = w * V1 + v;
            kikan_csv_put_field(f, r->whatif_names[w]);
            fputc(',', f);
            kikan_csv_put_field(f, v + 1 < V1 ? r->vendor_ids[v] : "");
            fputc(',', f);
            kikan_csv_put_field(f, v + 1 < V1 ? r->vendor_names[v] : "asset-level event");
            csv_num(f, (double)r->vendor_implants[i] / R);
            csv_num(f, (double)r->vendor_chours_fx[i] * scale / R);
            fputc('\n', f);
        }
    }
}

#define COLS(a) a, (int)(sizeof(a) / sizeof(a[0]))
static const table_t tables[] = {
    {"sectors.csv", COLS(sectors_cols), sectors_csv, NULL,
     "per what-if and sector: statistics over replicates"},
    {"whatifs.csv", COLS(whatifs_cols), whatifs_csv, NULL,
     "per what-if: economic loss, implants, records exposed"},
    {"curves.csv", COLS(curves_cols), curves_csv, NULL,
     "timelines: customers cut off per what-if, sector and grid time"},
    {"replicates.csv", COLS(replicates_cols), replicates_csv, NULL,
     "per what-if, replicate and sector"},
    {"whatif_replicates.csv", COLS(whatif_replicates_cols), whatif_replicates_csv, NULL,
     "per what-if and replicate"},
    {"regions.csv", COLS(regions_cols), regions_csv, kikan_regions_available,
     "per what-if and region: statistics over replicates"},
    {"operators.csv", COLS(operators_cols), operators_csv, has_attrib,
     "attribution: each operator's own assets' customer-hours"},
    {"vendors.csv", COLS(vendors_cols), vendors_csv, has_attrib,
     "attribution: implants in each vendor's equipment and the customer-hours they hit"},
};
#define N_TABLES ((int)(sizeof(tables) / sizeof(tables[0])))

/* The rows of table t of the results r (kikan_csv_body_fn's argument). */
typedef struct {
    const table_t *t;
    const kikan_results_t *r;
} body_arg_t;

static void table_body(FILE *f, const void *arg)
{
    const body_arg_t *a = arg;
    a->t->body(f, a->r);
}

/* One table to `path`: the header, then the rows; staged (kikan_atomic_stage), renamed by the
   caller with the rest of its set. */
static kikan_error_t stage_table(kikan_ctx_t *ctx, const char *path, const table_t *t,
                                 const kikan_results_t *r, kikan_atomic_t *at)
{
    const body_arg_t a = {t, r};
    return kikan_csv_stage_file(ctx, path, t->cols, t->n_cols, table_body, &a, at);
}

/*
 * provenance.json: what made the tables (kikan version, scenario, seed, replicates, times,
 * threads and processes, tables checksum) and each table's columns with their units.
 */
typedef struct {
    const kikan_results_t *r;
    const table_t *const *tabs;
    const char *const *files;
    int n;
} prov_arg_t;

static void provenance_body(FILE *f, const void *arg)
{
    const prov_arg_t *pa = arg;
    const kikan_results_t *r = pa->r;
    const table_t *const *tabs = pa->tabs;
    const char *const *files = pa->files;
    const int n = pa->n;
    fputs("{\n  \"kikan_version\": ", f);
    kikan_json_string(f, r->kikan_version ? r->kikan_version : KIKAN_VERSION_STRING);
    fputs(",\n  \"scenario\": {\"name\": ", f);
    kikan_json_string(f, r->scenario_name);
    fputs(", \"path\": ", f);
    kikan_json_string(f, r->scenario_path);
    fputs(", \"tables_checksum\": ", f);
    kikan_json_string(f, r->tables_checksum);
    fprintf(f,
            "},\n  \"seed\": %" PRIu64 ",\n  \"replicates\": %" PRId64
            ",\n  \"synthetic\": %s,\n  \"threads\": %d,\n  \"processes\": %d,\n",
            r->seed, r->n_replicates, r->synthetic ? "true" : "false", r->threads, r->processes);
    fputs("  \"started\": ", f);
    kikan_json_string(f, r->started);
    fputs(",\n  \"finished\": ", f);
    kikan_json_string(f, r->finished);
    fputs(",\n  \"host\": ", f);
    kikan_json_string(f, r->host);
    fputs(",\n  \"horizon_hours\": ", f);
    kikan_json_number(f, r->grid[r->n_grid - 1]);
    fputs(",\n  \"tables\": {", f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "%s\n    ", i ? "," : "");
        kikan_json_string(f, files[i]);
        fputs(": {\"content\": ", f);
        kikan_json_string(f, tabs[i]->what);
        fputs(", \"columns\": ", f);
        kikan_csv_json_columns(f, tabs[i]->cols, tabs[i]->n_cols);
        fputc('}', f);
    }
    fputs("\n  }\n}\n", f);
}

static kikan_error_t stage_provenance(kikan_ctx_t *ctx, const char *path, const kikan_results_t *r,
                                      const table_t *const *tabs, const char *const *files, int n,
                                      kikan_atomic_t *at)
{
    const prov_arg_t a = {r, tabs, files, n};
    return kikan_atomic_stage(ctx, path, provenance_body, &a, at);
}

static kikan_error_t check_stats(kikan_ctx_t *ctx, const kikan_results_t *res)
{
    if (!has_stats(res)) {
        kikan_log(ctx, KIKAN_LOG_ERROR,
                  "CSV summary: results have no statistics "
                  "(kikan_results_summarize was not called)");
        return KIKAN_EINVAL;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_csv_write_summary(kikan_ctx_t *ctx, const char *dir, const kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    char *path = NULL;
    const table_t *done[N_TABLES];
    const char *files[N_TABLES];
    kikan_atomic_t at[N_TABLES + 1]; /* the tables, then provenance.json */
    int n = 0;
    for (int i = 0; i <= N_TABLES; i++) {
        at[i] = (kikan_atomic_t){NULL, NULL, -1};
    }
    if (ctx == NULL || dir == NULL || res == NULL) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(check_stats(ctx, res));
    /* every file written and synced under its temporary name first, renamed only when all are
       (as kikan_scope_csv_write): a failed write leaves every table of DIR as it was */
    for (int i = 0; i < N_TABLES; i++) {
        if (tables[i].has != NULL && !tables[i].has(res)) {
            continue;
        }
        KIKAN_CHECK_ALLOC(path = kikan_path_join(dir, tables[i].file));
        KIKAN_CHECK(stage_table(ctx, path, &tables[i], res, &at[n]));
        free(path);
        path = NULL;
        done[n] = &tables[i];
        files[n++] = tables[i].file;
    }
    KIKAN_CHECK_ALLOC(path = kikan_path_join(dir, "provenance.json"));
    KIKAN_CHECK(stage_provenance(ctx, path, res, done, files, n, &at[n]));
    for (int i = 0; i <= n; i++) {
        KIKAN_CHECK(kikan_atomic_commit(ctx, &at[i]));
    }
cleanup:
    for (int i = 0; i <= N_TABLES; i++) {
        kikan_atomic_abort(&at[i]); /* a temporary file not renamed is removed */
    }
    free(path);
    return err;
}

kikan_error_t kikan_csv_write_table(kikan_ctx_t *ctx, const char *path, const char *table,
                                    const kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    char *prov = NULL;
    kikan_atomic_t at[2] = {{NULL, NULL, -1}, {NULL, NULL, -1}}; /* the table, its provenance */
    if (ctx == NULL || path == NULL || res == NULL) {
        return KIKAN_EINVAL;
    }
    const table_t *t = NULL;
    const char *name = table != NULL ? table : "sectors";
    for (int i = 0; i < N_TABLES; i++) {
        if (strncmp(tables[i].file, name, strlen(name)) == 0 &&
            strcmp(tables[i].file + strlen(name), ".csv") == 0) {
            t = &tables[i];
        }
    }
    if (t == NULL || (t->has != NULL && !t->has(res))) {
        kikan_diag_add(ctx, "no table '%s' in these results", name);
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(check_stats(ctx, res));
    KIKAN_CHECK(stage_table(ctx, path, t, res, &at[0]));
    /* FILE.csv -> FILE.provenance.json beside it, replaced with the table */
    KIKAN_CHECK_ALLOC(prov = kikan_csv_provenance_path(path));
    const char *base = strrchr(path, '/');
    const char *files[1] = {base != NULL ? base + 1 : path};
    const table_t *tabs[1] = {t};
    KIKAN_CHECK(stage_provenance(ctx, prov, res, tabs, files, 1, &at[1]));
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at[0]));
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at[1]));
cleanup:
    kikan_atomic_abort(&at[0]);
    kikan_atomic_abort(&at[1]);
    free(prov);
    return err;
}

/* ---- JSON -------------------------------------------------------------------------------- */

static void json_stat(FILE *f, const char *name, const kikan_stat_t *st)
{
    const double v[7] = {st->mean, st->sd, st->q05, st->q50, st->q95, st->ci_lo, st->ci_hi};
    fprintf(f, "\"%s\": {", name);
    for (int i = 0; i < 7; i++) {
        fprintf(f, "%s\"%s\": ", i ? ", " : "", kikan_stat_names[i]);
        kikan_json_number(f, v[i]);
    }
    fputc('}', f);
}

kikan_error_t kikan_json_write_summary(FILE *out, const kikan_results_t *r)
{
    if (out == NULL || !has_stats(r)) {
        return KIKAN_EINVAL;
    }
    const int S = r->n_sectors;
    fputs("{\n  \"version\": ", out);
    kikan_json_string(out, r->kikan_version ? r->kikan_version : KIKAN_VERSION_STRING);
    fputs(",\n  \"summary_schema\": 2,\n  \"scenario\": {\"name\": ", out);
    kikan_json_string(out, r->scenario_name);
    fputs(", \"path\": ", out);
    kikan_json_string(out, r->scenario_path);
    fprintf(out, "},\n  \"seed\": %" PRIu64 ",\n  \"replicates\": %" PRId64 ",\n", r->seed,
            r->n_replicates);
    fprintf(out, "  \"synthetic\": %s,\n  \"grid_hours\": {\"first\": ",
            r->synthetic ? "true" : "false");
    kikan_json_number(out, r->grid[0]);
    fputs(", \"last\": ", out);
    kikan_json_number(out, r->grid[r->n_grid - 1]);
    fprintf(out, ", \"points\": %d},\n  \"whatifs\": [", r->n_grid);
    for (int w = 0; w < r->n_whatifs; w++) {
        fprintf(out, "%s\n    {\"name\": ", w ? "," : "");
        kikan_json_string(out, r->whatif_names[w]);
        fputs(", ", out);
        json_stat(out, "econ_loss_jpy", &r->st_econ[w]);
        if (r->econ_note != NULL) {
            fputs(", \"econ_note\": ", out);
            kikan_json_string(out, r->econ_note);
        }
        fputs(",\n     ", out);
        json_stat(out, "records_exposed", &r->st_records[w]);
        if (kikan_regions_available(r)) {
            fputs(",\n     \"regions\": ", out);
            kikan_regions_json(out, r, w);
        }
        fputs(",\n     \"sectors\": [", out);
        for (int s = 0; s < S; s++) {
            fprintf(out, "%s\n      {\"id\": ", s ? "," : "");
            kikan_json_string(out, r->sector_ids[s]);
            fputs(", \"unit\": ", out);
            kikan_json_string(out, r->sector_units[s]);
            fputs(",\n       ", out);
            json_stat(out, "customer_hours", &r->st_customer_hours[w * S + s]);
            fputs(",\n       ", out);
            json_stat(out, "peak_customers", &r->st_peak[w * S + s]);
            fputs(",\n       ", out);
            json_stat(out, "weighted_person_hours", &r->st_life[w * S + s]);
            fputs(",\n       \"people_per_customer\": ", out);
            kikan_json_number(out, r->sector_people[s]);
            fputs(",\n       ", out);
            json_stat(out, "peak_people", &r->st_peak_people[w * S + s]);
            fputs(",\n       ", out);
            json_stat(out, "person_hours", &r->st_person_hours[w * S + s]);
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("\n  ]\n}\n", out);
    return ferror(out) ? KIKAN_EIO : KIKAN_OK;
}
