/*
 * CSV and JSON summaries of a run, for scripts and spreadsheets.
 *
 * DESIGN: the summaries only print what the results already hold (the
 * statistics of kikan_results_summarize, plus the per-class operator counts
 * averaged here); numbers use %.17g so a script reads back exactly the
 * doubles kikan computed, and NaN ("not computed", e.g. the economic model
 * off) is an empty CSV field or a JSON null, never a string a parser chokes
 * on. Each CSV file is written atomically like the HDF5 file.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/text.h"
#include "kikan/version.h"
#include "output/h5_internal.h"
#include "scenarios/csv.h"

static int has_stats(const kikan_results_t *r)
{
    return r != NULL && r->st_customer_hours != NULL && r->st_peak != NULL && r->st_life != NULL &&
           r->st_econ != NULL && r->curve_mean != NULL && r->curve_q05 != NULL &&
           r->curve_q50 != NULL && r->curve_q95 != NULL;
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_num(FILE *f, double x)
{
    fputc(',', f);
    if (isfinite(x)) {
        fprintf(f, "%.17g", x);
    }
}

typedef void (*csv_body_t)(FILE *f, const kikan_results_t *r);

static void sectors_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates, S = r->n_sectors, C = KIKAN_N_SIZE_CLASSES;
    fputs("whatif,sector,unit,customer_hours_mean,customer_hours_sd,customer_hours_ci_lo,"
          "customer_hours_ci_hi,customer_hours_q05,customer_hours_q95,peak_customers_mean,"
          "peak_customers_ci_lo,peak_customers_ci_hi,peak_customers_q95,life_weighted_mean,"
          "life_weighted_ci_lo,life_weighted_ci_hi",
          f);
    for (int c = 0; c < KIKAN_N_SIZE_CLASSES; c++) {
        fprintf(f, ",ops_affected_%s_mean", kikan_size_class_names[c]);
    }
    fputc('\n', f);
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

static void whatifs_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t R = r->n_replicates;
    fputs("whatif,econ_loss_mean,econ_loss_ci_lo,econ_loss_ci_hi,econ_loss_q05,econ_loss_q95,"
          "implants_mean\n",
          f);
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
        fputc('\n', f);
    }
}

static void curves_csv(FILE *f, const kikan_results_t *r)
{
    const int64_t S = r->n_sectors, G = r->n_grid;
    fputs("whatif,sector,hours,mean,q05,q50,q95\n", f);
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

/*
 * The first line of every CSV summary: a '#' comment saying what made it
 * (kikan's table reader and pandas' comment='#' skip it). Line breaks in the
 * scenario name become spaces, so the comment stays one line.
 */
static void provenance_line(FILE *f, const kikan_results_t *r)
{
    fprintf(f, "# kikan %s, scenario ", r->kikan_version ? r->kikan_version : KIKAN_VERSION_STRING);
    for (const char *c = r->scenario_name ? r->scenario_name : ""; *c; c++) {
        fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
    }
    fprintf(f, ", seed %" PRIu64 ", %" PRId64 " replicates%s\n", r->seed, r->n_replicates,
            r->synthetic ? ", synthetic network" : "");
}

static kikan_error_t write_csv(kikan_ctx_t *ctx, const char *dir, const char *name,
                               const kikan_results_t *r, csv_body_t body)
{
    kikan_error_t err = KIKAN_OK;
    kikan_atomic_t at = {NULL, NULL, -1};
    FILE *f = NULL;
    char *path = NULL;
    size_t len = strlen(dir) + strlen(name) + 2;
    KIKAN_CHECK_ALLOC(path = malloc(len));
    snprintf(path, len, "%s/%s", dir, name);
    KIKAN_CHECK(kikan_atomic_begin(ctx, path, &at));
    int fd = dup(at.fd);
    if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        KIKAN_FAIL(KIKAN_EIO);
    }
    provenance_line(f, r);
    body(f, r);
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    f = NULL;
    if (bad) {
        kikan_diag_add(ctx, "cannot write '%s': write error", path);
        KIKAN_FAIL(KIKAN_EIO);
    }
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at));
cleanup:
    if (f != NULL) {
        fclose(f);
    }
    kikan_atomic_abort(&at);
    free(path);
    return err;
}

kikan_error_t kikan_csv_write_summary(kikan_ctx_t *ctx, const char *dir, const kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    if (ctx == NULL || dir == NULL || res == NULL) {
        return KIKAN_EINVAL;
    }
    if (!has_stats(res)) {
        kikan_log(ctx, KIKAN_LOG_ERROR,
                  "CSV summary: results have no statistics "
                  "(kikan_results_summarize was not called)");
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(write_csv(ctx, dir, "sectors.csv", res, sectors_csv));
    KIKAN_CHECK(write_csv(ctx, dir, "whatifs.csv", res, whatifs_csv));
    KIKAN_CHECK(write_csv(ctx, dir, "curves.csv", res, curves_csv));
cleanup:
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
    fputs(",\n  \"summary_schema\": 1,\n  \"scenario\": {\"name\": ", out);
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
            json_stat(out, "life_weighted", &r->st_life[w * S + s]);
            fputc('}', out);
        }
        fputs("]}", out);
    }
    fputs("\n  ]\n}\n", out);
    return ferror(out) ? KIKAN_EIO : KIKAN_OK;
}
