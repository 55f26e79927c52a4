/*
 * The CSV table loader: builds a world from the tables of
 * docs/scenario-format.md (sectors, operators, assets, dependencies, links,
 * vendors, equipment_classes, contractors, installations).
 *
 * DESIGN: every check the world builders make is made here first, with the
 * file, line and column, so that the builders' line-less messages never reach
 * a user; should a builder still refuse a row, its messages are rewritten
 * with the file and line in front. A bad field is reported and replaced by
 * its default so that the row still enters the world and later tables can
 * refer to it: one typo gives one message, not a cascade. A table that
 * cannot be read at all stops the tables that refer to it, for the same
 * reason. All problems are collected; then KIKAN_EINPUT.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/loader.h"

/* did-you-mean searches over a world table, at most (each costs O(ids)) */
enum { MAX_SUGGEST = 100 };

typedef struct {
    int *v;
    kikan_id_t n, cap;
} lines_t;

typedef struct {
    kikan_ctx_t *ctx;
    kikan_world_t *w;
    const char *dir;
    int problems;
    int n_suggest; /* did-you-mean searches made over the world's tables */
    lines_t sector_line, op_line, asset_line;
    char *sectors_file; /* NULL: the built-in sectors */
    char *assets_file;
    /* ids of rows already reported and left out: later references to them stay quiet */
    kikan_strtab_t bad_sector, bad_op, bad_asset, bad_vendor, bad_class, bad_contractor;
    /* operators' sector lists: sector s was seen in the current list when seen[s] == stamp */
    int *sec_seen;
    int sec_stamp;
} tload_t;

static kikan_error_t lines_push(lines_t *l, int line)
{
    if (l->n == l->cap) {
        kikan_id_t cap = l->cap ? 2 * l->cap : 64;
        int *v = realloc(l->v, (size_t)cap * sizeof(*v));
        if (v == NULL) {
            return KIKAN_ENOMEM;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = line;
    return KIKAN_OK;
}

/* "did you mean" suffix for word among a string table's entries (or ""). */
static const char *suggest_in(const kikan_strtab_t *t, const char *word, char buf[160])
{
    const char *s = kikan_suggest(word, (const char *const *)t->str, t->n);
    if (s == NULL) {
        return "";
    }
    snprintf(buf, 160, " (did you mean '%s'?)", s);
    return buf;
}

static void unknown_ref(tload_t *t, kikan_csv_t *csv, const char *col, const char *what,
                        const char *val, const kikan_strtab_t *ids, const kikan_strtab_t *bad)
{
    char buf[160];
    if (kikan_strtab_find(bad, val) != KIKAN_NONE) {
        return; /* its own row was reported */
    }
    /* a suggestion scans the whole table: only for the first few, or a bad column of a big
     * table would cost (rows x ids) */
    const char *sug = t->n_suggest++ < MAX_SUGGEST ? suggest_in(ids, val, buf) : "";
    kikan_csv_error(csv, "%s: unknown %s '%s'%s", col, what, val, sug);
}

/* Remember the id of a row left out (unless it made it into the world after all). */
static kikan_error_t forget(kikan_strtab_t *bad, const kikan_strtab_t *ids, const char *id)
{
    if (id == NULL || id[0] == '\0' || kikan_strtab_find(ids, id) != KIKAN_NONE) {
        return KIKAN_OK;
    }
    return kikan_strtab_add(bad, id, 0, NULL);
}

/* Remember the ids of the rows the reader skipped (wrong field count). */
static kikan_error_t forget_skipped(kikan_strtab_t *bad, const kikan_strtab_t *ids,
                                    const kikan_csv_t *csv)
{
    kikan_error_t err = KIKAN_OK;
    for (int i = 0; i < kikan_csv_n_skipped(csv); i++) {
        KIKAN_CHECK(forget(bad, ids, kikan_csv_skipped(csv, i)));
    }
cleanup:
    return err;
}

/*
 * After a builder call that started with n0 diagnostics: on KIKAN_EINPUT,
 * rewrite the builder's messages with "FILE:LINE: " in front and count the
 * problem (not fatal); pass any other error on.
 */
static kikan_error_t built(tload_t *t, kikan_csv_t *csv, int n0, kikan_error_t e)
{
    if (e != KIKAN_EINPUT) {
        return e;
    }
    int n = kikan_diag_count(t->ctx);
    char **saved = calloc((size_t)(n > n0 ? n - n0 : 1), sizeof(*saved));
    if (saved == NULL) {
        return KIKAN_ENOMEM;
    }
    for (int i = n0; i < n; i++) {
        saved[i - n0] = strdup(kikan_diag_get(t->ctx, i));
    }
    kikan_diag_truncate(t->ctx, n0);
    for (int i = 0; i < n - n0; i++) {
        kikan_diag_add(t->ctx, "%s:%d: %s", kikan_csv_display(csv), kikan_csv_line(csv),
                       saved[i] ? saved[i] : "(out of memory)");
        free(saved[i]);
    }
    if (n == n0) {
        kikan_diag_add(t->ctx, "%s:%d: row rejected", kikan_csv_display(csv), kikan_csv_line(csv));
    }
    free(saved);
    t->problems++;
    return KIKAN_OK;
}

/* Does the file exist (as anything)? */
static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/*
 * Open table `name` in the tables directory. *csv stays NULL when an optional
 * table is absent. A table that cannot be read is counted as a problem and
 * returns KIKAN_EINPUT (not fatal for the caller's other tables).
 */
static kikan_error_t open_table(tload_t *t, const char *name, int required, kikan_csv_t **csv)
{
    kikan_error_t err = KIKAN_OK;
    char *path = kikan_path_join(t->dir, name);
    KIKAN_CHECK_ALLOC(path);
    if (!required && !exists(path)) {
        goto cleanup;
    }
    err = kikan_csv_open(t->ctx, path, path, csv);
    if (err == KIKAN_EIO || err == KIKAN_EINPUT) {
        t->problems++;
        err = KIKAN_EINPUT;
    }
cleanup:
    free(path);
    return err;
}

/* Finish a table: count the reader's problems and close it. */
static void close_table(tload_t *t, kikan_csv_t **csv)
{
    if (*csv) {
        t->problems += kikan_csv_n_errors(*csv);
    }
    kikan_csv_close(csv);
}

/* Duplicate-id check: 1 when id is new in table tab. */
static int new_id(kikan_csv_t *csv, const kikan_strtab_t *tab, const lines_t *lines,
                  const char *col, const char *what, const char *id)
{
    kikan_id_t i = kikan_strtab_find(tab, id);
    if (i == KIKAN_NONE) {
        return 1;
    }
    if (lines && i < lines->n) {
        kikan_csv_error(csv, "%s: duplicate %s id '%s' (first on line %d)", col, what, id,
                        lines->v[i]);
    } else {
        kikan_csv_error(csv, "%s: duplicate %s id '%s'", col, what, id);
    }
    return 0;
}

/* ---- sectors ---------------------------------------------------------------------------- */

static kikan_error_t load_sectors(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    *ok = 0;
    err = open_table(t, "sectors.csv", 0, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    if (csv == NULL) {
        KIKAN_CHECK(kikan_world_add_builtin_sectors(t->w));
        *ok = 1;
        goto cleanup;
    }
    t->sectors_file = strdup(kikan_csv_display(csv));
    KIKAN_CHECK_ALLOC(t->sectors_file);
    int c_id = kikan_csv_col(csv, "id"), c_name = kikan_csv_col(csv, "name");
    kikan_csv_set_key(csv, c_id);
    int c_unit = kikan_csv_col(csv, "unit"), c_lw = kikan_csv_col(csv, "life_weight");
    int c_out = kikan_csv_col(csv, "output_jpy");
    int c_ppc = kikan_csv_col(csv, "people_per_customer");
    int c_ocust = kikan_csv_col(csv, "output_customers");
    static const char *const req[] = {"id", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0;
        const char *id;
        double lw, out, ppc, ocust;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        kikan_csv_number(csv, c_lw, 1.0, &lw);
        kikan_csv_number(csv, c_out, 0.0, &out);
        kikan_csv_number(csv, c_ppc, 1.0, &ppc);
        kikan_csv_number(csv, c_ocust, 0.0, &ocust);
        if (!good || !new_id(csv, &t->w->sector_ids, &t->sector_line, "id", "sector", id)) {
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        kikan_id_t sid = KIKAN_NONE;
        kikan_error_t e =
            kikan_world_add_sector(t->w, id, c_name >= 0 ? kikan_csv_str(csv, c_name) : NULL,
                                   kikan_csv_str(csv, c_unit), lw, out, &sid);
        if (e == KIKAN_OK) {
            e = kikan_world_set_sector_people(t->w, sid, ppc);
        }
        if (e == KIKAN_OK) {
            e = kikan_world_set_sector_output_customers(t->w, sid, ocust);
        }
        KIKAN_CHECK(built(t, csv, n0, e));
        KIKAN_CHECK(lines_push(&t->sector_line, kikan_csv_line(csv)));
    }
    KIKAN_CHECK(forget_skipped(&t->bad_sector, &t->w->sector_ids, csv));
    if (t->w->n_sectors == 0) {
        kikan_diag_add(t->ctx, "%s:%d: no sectors: the table has a header but no rows",
                       kikan_csv_display(csv), kikan_csv_header_line(csv));
        t->problems++;
        goto cleanup;
    }
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    close_table(t, &csv);
    return err;
}

/* ---- operators -------------------------------------------------------------------------- */

/* Parse "power;telecom" into sector indices; reports and returns 0 on a problem. */
static int parse_sectors(tload_t *t, kikan_csv_t *csv, const char *list, kikan_id_t **out,
                         int *n_out)
{
    int cap = 1, n = 0, good = 1;
    for (const char *p = list; *p; p++) {
        cap += *p == ';';
    }
    kikan_id_t *v = malloc((size_t)cap * sizeof(*v));
    char *copy = strdup(list);
    if (v == NULL || copy == NULL) {
        free(v);
        free(copy);
        return -1;
    }
    char *save = NULL;
    for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
        while (*tok == ' ' || *tok == '\t') {
            tok++;
        }
        size_t l = strlen(tok);
        while (l > 0 && (tok[l - 1] == ' ' || tok[l - 1] == '\t')) {
            tok[--l] = '\0';
        }
        if (l == 0) {
            continue;
        }
        kikan_id_t s = kikan_world_find_sector(t->w, tok);
        if (s == KIKAN_NONE) {
            unknown_ref(t, csv, "sectors", "sector", tok, &t->w->sector_ids, &t->bad_sector);
            good = 0;
            continue;
        }
        if (t->sec_seen == NULL) { /* the sectors are all loaded by now */
            t->sec_seen = calloc((size_t)t->w->n_sectors, sizeof(*t->sec_seen));
            if (t->sec_seen == NULL) {
                free(v);
                free(copy);
                return -1;
            }
        }
        if (n == 0) {
            t->sec_stamp++; /* a new list (a pairwise check took 10 s for 100000 sectors) */
        }
        if (t->sec_seen[s] == t->sec_stamp) {
            kikan_csv_error(csv, "sectors: sector '%s' listed twice", tok);
            good = 0;
            continue;
        }
        t->sec_seen[s] = t->sec_stamp;
        v[n++] = s;
    }
    free(copy);
    if (good && n == 0) {
        kikan_csv_error(csv,
                        "sectors: expected one or more sector ids separated by ';', got "
                        "'%s'",
                        list);
        good = 0;
    }
    if (!good) {
        free(v);
        return 0;
    }
    *out = v;
    *n_out = n;
    return 1;
}

static kikan_error_t load_operators(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    kikan_id_t *sec = NULL, *metric_of = NULL;
    *ok = 0;
    err = open_table(t, "operators.csv", 1, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    int c_id = kikan_csv_col(csv, "id"), c_name = kikan_csv_col(csv, "name");
    kikan_csv_set_key(csv, c_id);
    int c_sec = kikan_csv_col(csv, "sectors"), c_sme = kikan_csv_col(csv, "sme");
    static const char *const req[] = {"id", "sectors", NULL};
    static const char *const reserved[] = {"id", "name", "sectors", "sme"};
    int bad = kikan_csv_check_header(csv, req, 0);
    int nc = kikan_csv_n_cols(csv);
    metric_of = malloc((size_t)nc * sizeof(*metric_of));
    KIKAN_CHECK_ALLOC(metric_of);
    for (int col = 0; col < nc; col++) {
        metric_of[col] = KIKAN_NONE;
        if (kikan_csv_col_known(csv, col)) {
            continue;
        }
        /* an extra column is a metric, unless it looks like a misspelt reserved column */
        const char *name = kikan_csv_col_name(csv, col);
        const char *s = kikan_suggest(name, reserved, 4);
        if (s != NULL) {
            kikan_diag_add(t->ctx,
                           "%s:%d: unknown column '%s' (did you mean '%s'?); extra columns "
                           "of operators.csv are numeric size metrics",
                           kikan_csv_display(csv), kikan_csv_header_line(csv), name, s);
            t->problems++;
            bad++;
            continue;
        }
        KIKAN_CHECK(kikan_world_add_metric(t->w, name, &metric_of[col]));
    }
    if (bad) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, sme = 0, n_sec = 0;
        const char *id, *list;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        kikan_csv_flag(csv, c_sme, 0, &sme);
        if (kikan_csv_required(csv, c_sec, &list)) {
            int r = parse_sectors(t, csv, list, &sec, &n_sec);
            if (r < 0) {
                KIKAN_FAIL(KIKAN_ENOMEM);
            }
            good &= r;
        } else {
            good = 0;
        }
        if (good && !new_id(csv, &t->w->operator_ids, &t->op_line, "id", "operator", id)) {
            good = 0;
        }
        if (!good) {
            free(sec);
            sec = NULL;
            KIKAN_CHECK(forget(&t->bad_op, &t->w->operator_ids, id));
            /* still check the metric values */
            for (int col = 0; col < nc; col++) {
                double v;
                if (metric_of[col] != KIKAN_NONE) {
                    kikan_csv_number(csv, col, NAN, &v);
                }
            }
            continue;
        }
        kikan_id_t op;
        int n0 = kikan_diag_count(t->ctx);
        err = kikan_world_add_operator(t->w, id, c_name >= 0 ? kikan_csv_str(csv, c_name) : NULL,
                                       sec, n_sec, sme, &op);
        free(sec);
        sec = NULL;
        if (err == KIKAN_EINPUT) {
            KIKAN_CHECK(built(t, csv, n0, err));
            continue;
        }
        KIKAN_CHECK(err);
        KIKAN_CHECK(lines_push(&t->op_line, kikan_csv_line(csv)));
        for (int col = 0; col < nc; col++) {
            double v;
            if (metric_of[col] != KIKAN_NONE && kikan_csv_number(csv, col, NAN, &v)) {
                n0 = kikan_diag_count(t->ctx);
                KIKAN_CHECK(built(t, csv, n0, kikan_world_set_metric(t->w, op, metric_of[col], v)));
            }
        }
    }
    KIKAN_CHECK(forget_skipped(&t->bad_op, &t->w->operator_ids, csv));
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    free(sec);
    free(metric_of);
    close_table(t, &csv);
    return err;
}

/* ---- assets ----------------------------------------------------------------------------- */

static kikan_error_t load_assets(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    *ok = 0;
    err = open_table(t, "assets.csv", 1, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    t->assets_file = strdup(kikan_csv_display(csv));
    KIKAN_CHECK_ALLOC(t->assets_file);
    int c_id = kikan_csv_col(csv, "id"), c_op = kikan_csv_col(csv, "operator");
    kikan_csv_set_key(csv, c_id);
    int c_sec = kikan_csv_col(csv, "sector"), c_kind = kikan_csv_col(csv, "kind");
    int c_region = kikan_csv_col(csv, "region"), c_cust = kikan_csv_col(csv, "customers");
    int c_bh = kikan_csv_col(csv, "backup_hours");
    int c_bmax = kikan_csv_col(csv, "backup_hours_max");
    int c_rh = kikan_csv_col(csv, "restart_hours"), c_rep = kikan_csv_col(csv, "repair");
    int c_ra = kikan_csv_col(csv, "repair_a"), c_rb = kikan_csv_col(csv, "repair_b");
    int c_crh = kikan_csv_col(csv, "cold_restart_hours");
    int c_rec = kikan_csv_col(csv, "records");
    static const char *const req[] = {"id", "operator", "sector", "kind", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0;
        const char *id, *opname, *secname, *kind;
        kikan_asset_spec_t a = {0};
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        if (good && !new_id(csv, &t->w->asset_ids, &t->asset_line, "id", "asset", id)) {
            good = 0;
        }
        a.id = id;
        a.op = KIKAN_NONE;
        a.sector = KIKAN_NONE;
        if (kikan_csv_required(csv, c_op, &opname)) {
            a.op = kikan_world_find_operator(t->w, opname);
            if (a.op == KIKAN_NONE) {
                unknown_ref(t, csv, "operator", "operator", opname, &t->w->operator_ids,
                            &t->bad_op);
                good = 0;
            }
        } else {
            good = 0;
        }
        if (kikan_csv_required(csv, c_sec, &secname)) {
            a.sector = kikan_world_find_sector(t->w, secname);
            if (a.sector == KIKAN_NONE) {
                unknown_ref(t, csv, "sector", "sector", secname, &t->w->sector_ids, &t->bad_sector);
                good = 0;
            }
        } else {
            good = 0;
        }
        if (a.op != KIKAN_NONE && a.sector != KIKAN_NONE) {
            const kikan_operator_t *o = &t->w->operators[a.op];
            int in = 0;
            for (int s = 0; s < o->n_sectors; s++) {
                in |= o->sectors[s] == a.sector;
            }
            if (!in) {
                kikan_csv_error(csv,
                                "sector: operator '%s' is not in sector '%s' (add it to "
                                "the operator's sectors in operators.csv)",
                                opname, secname);
                good = 0;
            }
        }
        good &= kikan_csv_required(csv, c_kind, &kind);
        a.kind = kind;
        a.region = kikan_csv_str(csv, c_region);
        kikan_csv_number(csv, c_cust, 0.0, &a.customers);
        double recs = 0.0;
        kikan_csv_number(csv, c_rec, 0.0, &recs);
        kikan_csv_number(csv, c_bh, 0.0, &a.backup_hours);
        if (kikan_csv_number(csv, c_bmax, a.backup_hours, &a.backup_hours_max) &&
            a.backup_hours_max < a.backup_hours) {
            kikan_csv_error(csv,
                            "backup_hours_max: expected a number >= backup_hours (%g), got "
                            "'%s'",
                            a.backup_hours, kikan_csv_str(csv, c_bmax));
            a.backup_hours_max = a.backup_hours;
        }
        kikan_csv_number(csv, c_rh, 0.0, &a.restart_hours);
        double cold = a.restart_hours;
        if (kikan_csv_number(csv, c_crh, a.restart_hours, &cold) && cold < a.restart_hours) {
            kikan_csv_error(csv,
                            "cold_restart_hours: expected a number >= restart_hours (%g), got "
                            "'%s'",
                            a.restart_hours, kikan_csv_str(csv, c_crh));
            cold = a.restart_hours;
        }
        a.repair = (kikan_dist_t){KIKAN_DIST_FIXED, 24.0, 0.0};
        const char *rep = kikan_csv_str(csv, c_rep);
        int dist_ok = 1;
        if (rep[0] != '\0' && kikan_dist_kind_parse(rep, &a.repair.kind) != KIKAN_OK) {
            static const char *const dists[] = {"fixed", "exponential", "uniform", "lognormal",
                                                "gamma"};
            const char *s = kikan_suggest(rep, dists, 5);
            char sug[160] = "";
            if (s) {
                snprintf(sug, sizeof(sug), " (did you mean '%s'?)", s);
            }
            kikan_csv_error(csv,
                            "repair: unknown distribution '%s'%s; expected fixed, "
                            "exponential, uniform, lognormal or gamma",
                            rep, sug);
            dist_ok = 0;
        }
        dist_ok &= kikan_csv_number(csv, c_ra, 24.0, &a.repair.a);
        dist_ok &= kikan_csv_number(csv, c_rb, 0.0, &a.repair.b);
        const char *why = dist_ok ? kikan_dist_check(&a.repair) : NULL;
        if (why != NULL) {
            kikan_csv_error(csv, "repair: %s (repair_a %g, repair_b %g)", why, a.repair.a,
                            a.repair.b);
        }
        if (!dist_ok || why != NULL) {
            a.repair = (kikan_dist_t){KIKAN_DIST_FIXED, 24.0, 0.0};
        }
        if (!good) {
            KIKAN_CHECK(forget(&t->bad_asset, &t->w->asset_ids, id));
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        kikan_id_t before = t->w->n_assets, aid = KIKAN_NONE;
        kikan_error_t e = kikan_world_add_asset(t->w, &a, &aid);
        if (e == KIKAN_OK && recs != 0.0) {
            e = kikan_world_set_asset_records(t->w, aid, recs);
        }
        KIKAN_CHECK(built(t, csv, n0, e));
        if (t->w->n_assets > before) {
            KIKAN_CHECK(lines_push(&t->asset_line, kikan_csv_line(csv)));
            KIKAN_CHECK(built(t, csv, n0, kikan_world_set_cold_restart(t->w, before, cold)));
        }
    }
    KIKAN_CHECK(forget_skipped(&t->bad_asset, &t->w->asset_ids, csv));
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    close_table(t, &csv);
    return err;
}

/*
 * Every sector needs an asset: report each empty one where it was defined.
 * One pass over the assets (a scan per sector took 25 s for 100000 of each).
 */
static kikan_error_t check_sector_assets(tload_t *t)
{
    kikan_world_t *w = t->w;
    char *has = calloc((size_t)(w->n_sectors ? w->n_sectors : 1), 1);
    if (has == NULL) {
        return KIKAN_ENOMEM;
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        has[w->assets[a].sector] = 1;
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        if (has[s]) {
            continue;
        }
        const char *id = kikan_strtab_get(&w->sector_ids, s);
        if (t->sectors_file && s < t->sector_line.n) {
            kikan_diag_add(t->ctx, "%s:%d: sector '%s' has no assets", t->sectors_file,
                           t->sector_line.v[s], id);
        } else {
            kikan_diag_add(t->ctx,
                           "%s: built-in sector '%s' has no assets (give it assets, or list "
                           "only the sectors you use in sectors.csv)",
                           t->assets_file ? t->assets_file : t->dir, id);
        }
        t->problems++;
    }
    free(has);
    return KIKAN_OK;
}

/* Resolve asset reference in column col; KIKAN_NONE (reported) when unknown or empty. */
static kikan_id_t asset_ref(tload_t *t, kikan_csv_t *csv, int col, const char *name)
{
    const char *s;
    if (!kikan_csv_required(csv, col, &s)) {
        return KIKAN_NONE;
    }
    kikan_id_t a = kikan_world_find_asset(t->w, s);
    if (a == KIKAN_NONE) {
        unknown_ref(t, csv, name, "asset", s, &t->w->asset_ids, &t->bad_asset);
    }
    return a;
}

/* ---- tuple sets: duplicate rows by their integer keys --------------------------------------- */

/*
 * A set of integer tuples (row keys: asset, class, vendor...), numbered in
 * insertion order, with an open-addressing index. Replaces a string key per
 * row: at 2.3e7 dependencies the strings cost about 2 GB while loading, the
 * tuples 16 bytes a row plus the index.
 */
enum { TUPLE_MAX = 4 };

typedef struct {
    int width;
    int32_t *keys; /* [cap * width] */
    kikan_id_t n, cap;
    kikan_id_t *slot; /* [n_slot] index, or KIKAN_NONE */
    uint32_t n_slot;
} tuple_set_t;

static uint32_t tuple_hash(const int32_t *k, int width)
{
    uint64_t z = UINT64_C(0x9E3779B97F4A7C15);
    for (int i = 0; i < width; i++) {
        z ^= (uint32_t)k[i];
        z *= UINT64_C(0xBF58476D1CE4E5B9);
        z ^= z >> 31;
    }
    return (uint32_t)(z ^ (z >> 32));
}

static void tuple_put(tuple_set_t *t, kikan_id_t i)
{
    uint32_t mask = t->n_slot - 1;
    uint32_t h = tuple_hash(t->keys + (size_t)i * (size_t)t->width, t->width) & mask;
    while (t->slot[h] != KIKAN_NONE) {
        h = (h + 1) & mask;
    }
    t->slot[h] = i;
}

/* Index of key in t (*out), adding it when new; *is_new says which. */
static kikan_error_t tuple_add(tuple_set_t *t, const int32_t *key, kikan_id_t *out, int *is_new)
{
    const size_t w = (size_t)t->width;
    if (t->n_slot > 0) {
        uint32_t mask = t->n_slot - 1;
        for (uint32_t h = tuple_hash(key, t->width) & mask; t->slot[h] != KIKAN_NONE;
             h = (h + 1) & mask) {
            if (memcmp(t->keys + (size_t)t->slot[h] * w, key, w * sizeof(*key)) == 0) {
                *out = t->slot[h];
                *is_new = 0;
                return KIKAN_OK;
            }
        }
    }
    if (t->n == KIKAN_ID_MAX || t->n >= (kikan_id_t)(UINT32_MAX / 4)) {
        return KIKAN_ELIMIT;
    }
    if (t->n == t->cap) {
        kikan_id_t cap = t->cap ? (t->cap > KIKAN_ID_MAX / 2 ? KIKAN_ID_MAX : 2 * t->cap) : 64;
        int32_t *keys = realloc(t->keys, (size_t)cap * w * sizeof(*keys));
        if (keys == NULL) {
            return KIKAN_ENOMEM;
        }
        t->keys = keys;
        t->cap = cap;
    }
    if ((uint32_t)(t->n + 1) * 2 > t->n_slot) { /* load factor at most 1/2 */
        uint32_t n_slot = t->n_slot ? 2 * t->n_slot : 128;
        kikan_id_t *slot = malloc((size_t)n_slot * sizeof(*slot));
        if (slot == NULL) {
            return KIKAN_ENOMEM;
        }
        for (uint32_t j = 0; j < n_slot; j++) {
            slot[j] = KIKAN_NONE;
        }
        free(t->slot);
        t->slot = slot;
        t->n_slot = n_slot;
        for (kikan_id_t i = 0; i < t->n; i++) {
            tuple_put(t, i);
        }
    }
    memcpy(t->keys + (size_t)t->n * w, key, w * sizeof(*key));
    tuple_put(t, t->n);
    *out = t->n++;
    *is_new = 1;
    return KIKAN_OK;
}

static void tuple_free(tuple_set_t *t)
{
    free(t->keys);
    free(t->slot);
    memset(t, 0, sizeof(*t));
}

/* ---- dependencies ----------------------------------------------------------------------- */

typedef struct {
    int line, k, n;
    kikan_id_t dependent;
} group_info_t;

static kikan_error_t load_dependencies(tload_t *t)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    tuple_set_t groups = {2, NULL, 0, 0, NULL, 0}, rows = {4, NULL, 0, 0, NULL, 0};
    kikan_strtab_t names; /* resources and group labels, each once */
    group_info_t *gi = NULL;
    int *row_line = NULL;
    kikan_id_t gcap = 0, rcap = 0;
    kikan_strtab_init(&names);
    err = open_table(t, "dependencies.csv", 0, &csv);
    if (err == KIKAN_EINPUT || (err == KIKAN_OK && csv == NULL)) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    int c_p = kikan_csv_col(csv, "provider"), c_d = kikan_csv_col(csv, "dependent");
    int c_res = kikan_csv_col(csv, "resource"), c_g = kikan_csv_col(csv, "group");
    int c_k = kikan_csv_col(csv, "k"), c_buf = kikan_csv_col(csv, "buffer_hours");
    static const char *const req[] = {"provider", "dependent", "resource", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, k = 1;
        double buffer = 0.0;
        const char *res;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        kikan_id_t p = asset_ref(t, csv, c_p, "provider");
        kikan_id_t d = asset_ref(t, csv, c_d, "dependent");
        int good = p != KIKAN_NONE && d != KIKAN_NONE;
        good &= kikan_csv_required(csv, c_res, &res);
        good &= kikan_csv_int(csv, c_k, 1, INT_MAX, 1, &k);
        good &= kikan_csv_number(csv, c_buf, 0.0, &buffer);
        const char *group = kikan_csv_str(csv, c_g);
        if (good && p == d) {
            kikan_csv_error(csv, "dependent: asset '%s' cannot depend on itself",
                            kikan_csv_str(csv, c_d));
            good = 0;
        }
        if (good && group[0] == '\0' && k != 1) {
            kikan_csv_error(csv,
                            "k: a dependency without a group needs k = 1, got %d (name a "
                            "group to combine providers)",
                            k);
            good = 0;
        }
        if (good && strlen(group) > 200) {
            kikan_csv_error(csv, "group: name longer than 200 characters");
            good = 0;
        }
        if (!good) {
            continue;
        }
        const char *ps = kikan_csv_str(csv, c_p), *ds = kikan_csv_str(csv, c_d);
        /* duplicate row: same provider, dependent, resource and group */
        kikan_id_t res_i, label_i = KIKAN_NONE, r;
        int fresh;
        KIKAN_CHECK(kikan_strtab_add(&names, res, 0, &res_i));
        if (group[0] != '\0') {
            KIKAN_CHECK(kikan_strtab_add(&names, group, 0, &label_i));
        }
        const int32_t rkey[4] = {p, d, res_i, label_i};
        KIKAN_CHECK(tuple_add(&rows, rkey, &r, &fresh));
        if (!fresh) {
            kikan_csv_error(csv,
                            "duplicate dependency '%s' -> '%s' (resource '%s'%s%s%s), "
                            "first on line %d",
                            ps, ds, res, group[0] ? ", group '" : "", group, group[0] ? "'" : "",
                            row_line[r]);
            continue;
        }
        if (r >= rcap) {
            rcap = rcap ? 2 * rcap : 64;
            int *nl = realloc(row_line, (size_t)rcap * sizeof(*nl));
            KIKAN_CHECK_ALLOC(nl);
            row_line = nl;
        }
        row_line[r] = kikan_csv_line(csv);
        if (group[0] != '\0') {
            const int32_t gkey[2] = {d, label_i};
            kikan_id_t g;
            KIKAN_CHECK(tuple_add(&groups, gkey, &g, &fresh));
            if (fresh) {
                if (g >= gcap) {
                    gcap = gcap ? 2 * gcap : 64;
                    group_info_t *ng = realloc(gi, (size_t)gcap * sizeof(*ng));
                    KIKAN_CHECK_ALLOC(ng);
                    gi = ng;
                }
                gi[g] = (group_info_t){kikan_csv_line(csv), k, 0, d};
            } else if (gi[g].k != k) {
                kikan_csv_error(csv, "k: group '%s' of asset '%s' has k = %d on line %d, %d here",
                                group, ds, gi[g].k, gi[g].line, k);
                continue;
            }
            gi[g].n++;
        }
        int n0 = kikan_diag_count(t->ctx);
        kikan_id_t row = KIKAN_NONE;
        KIKAN_CHECK(built(t, csv, n0, kikan_world_add_dependency(t->w, p, d, res, group, k, &row)));
        if (row != KIKAN_NONE && buffer > 0.0) {
            KIKAN_CHECK(built(t, csv, n0, kikan_world_set_buffer(t->w, row, buffer)));
        }
    }
    for (kikan_id_t g = 0; g < groups.n; g++) {
        if (gi[g].k > gi[g].n) {
            const char *label = kikan_strtab_get(&names, groups.keys[2 * (size_t)g + 1]);
            kikan_diag_add(t->ctx,
                           "%s:%d: k: group '%s' of asset '%s' needs k = %d providers but has "
                           "only %d",
                           kikan_csv_display(csv), gi[g].line, label,
                           kikan_strtab_get(&t->w->asset_ids, gi[g].dependent), gi[g].k, gi[g].n);
            t->problems++;
        }
    }
cleanup:
    tuple_free(&groups);
    tuple_free(&rows);
    kikan_strtab_destroy(&names);
    free(gi);
    free(row_line);
    close_table(t, &csv);
    return err;
}

/* ---- links ------------------------------------------------------------------------------ */

static kikan_error_t load_links(tload_t *t)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    tuple_set_t rows = {2, NULL, 0, 0, NULL, 0};
    int *row_line = NULL;
    kikan_id_t rcap = 0;
    err = open_table(t, "links.csv", 0, &csv);
    if (err == KIKAN_EINPUT || (err == KIKAN_OK && csv == NULL)) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    int c_a = kikan_csv_col(csv, "a"), c_b = kikan_csv_col(csv, "b");
    static const char *const req[] = {"a", "b", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, fresh;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        kikan_id_t a = asset_ref(t, csv, c_a, "a");
        kikan_id_t b = asset_ref(t, csv, c_b, "b");
        if (a == KIKAN_NONE || b == KIKAN_NONE) {
            continue;
        }
        const char *as = kikan_csv_str(csv, c_a), *bs = kikan_csv_str(csv, c_b);
        if (a == b) {
            kikan_csv_error(csv, "b: asset '%s' cannot be linked to itself", bs);
            continue;
        }
        kikan_id_t sa = t->w->assets[a].sector, sb = t->w->assets[b].sector;
        if (sa != sb) {
            kikan_csv_error(csv,
                            "b: asset '%s' is in sector '%s' and '%s' in '%s'; links join "
                            "assets of one sector",
                            bs, kikan_strtab_get(&t->w->sector_ids, sb), as,
                            kikan_strtab_get(&t->w->sector_ids, sa));
            continue;
        }
        const int32_t key[2] = {a < b ? a : b, a < b ? b : a};
        kikan_id_t r;
        KIKAN_CHECK(tuple_add(&rows, key, &r, &fresh));
        if (!fresh) {
            kikan_csv_error(csv, "duplicate link '%s' - '%s', first on line %d", as, bs,
                            row_line[r]);
            continue;
        }
        if (r >= rcap) {
            rcap = rcap ? 2 * rcap : 64;
            int *nl = realloc(row_line, (size_t)rcap * sizeof(*nl));
            KIKAN_CHECK_ALLOC(nl);
            row_line = nl;
        }
        row_line[r] = kikan_csv_line(csv);
        int n0 = kikan_diag_count(t->ctx);
        KIKAN_CHECK(built(t, csv, n0, kikan_world_add_link(t->w, a, b, NULL)));
    }
cleanup:
    tuple_free(&rows);
    free(row_line);
    close_table(t, &csv);
    return err;
}

/* ---- supply chain ----------------------------------------------------------------------- */

static kikan_error_t load_vendors(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    lines_t lines = {0};
    *ok = 0;
    err = open_table(t, "vendors.csv", 0, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    if (csv == NULL) {
        *ok = 1;
        goto cleanup;
    }
    int c_id = kikan_csv_col(csv, "id"), c_name = kikan_csv_col(csv, "name");
    kikan_csv_set_key(csv, c_id);
    int c_origin = kikan_csv_col(csv, "origin"), c_risk = kikan_csv_col(csv, "risk_class");
    static const char *const req[] = {"id", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, risk = 0;
        const char *id;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        kikan_csv_int(csv, c_risk, 0, INT_MAX, 0, &risk);
        if (!good || !new_id(csv, &t->w->vendor_ids, &lines, "id", "vendor", id)) {
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        KIKAN_CHECK(
            built(t, csv, n0,
                  kikan_world_add_vendor(t->w, id, c_name >= 0 ? kikan_csv_str(csv, c_name) : NULL,
                                         kikan_csv_str(csv, c_origin), risk, NULL)));
        KIKAN_CHECK(lines_push(&lines, kikan_csv_line(csv)));
    }
    KIKAN_CHECK(forget_skipped(&t->bad_vendor, &t->w->vendor_ids, csv));
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    free(lines.v);
    close_table(t, &csv);
    return err;
}

static kikan_error_t load_classes(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    lines_t lines = {0};
    *ok = 0;
    err = open_table(t, "equipment_classes.csv", 0, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    if (csv == NULL) {
        *ok = 1;
        goto cleanup;
    }
    int c_id = kikan_csv_col(csv, "id"), c_name = kikan_csv_col(csv, "name");
    kikan_csv_set_key(csv, c_id);
    int c_sec = kikan_csv_col(csv, "sector"), c_crit = kikan_csv_col(csv, "critical");
    int c_data = kikan_csv_col(csv, "data");
    static const char *const req[] = {"id", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, crit = 0, data = 0;
        const char *id;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        kikan_csv_flag(csv, c_crit, 0, &crit);
        kikan_csv_flag(csv, c_data, 0, &data);
        const char *secname = kikan_csv_str(csv, c_sec);
        kikan_id_t sec = KIKAN_NONE;
        if (secname[0] != '\0') {
            sec = kikan_world_find_sector(t->w, secname);
            if (sec == KIKAN_NONE) {
                unknown_ref(t, csv, "sector", "sector", secname, &t->w->sector_ids, &t->bad_sector);
                good = 0;
            }
        }
        if (!good || !new_id(csv, &t->w->class_ids, &lines, "id", "equipment class", id)) {
            KIKAN_CHECK(forget(&t->bad_class, &t->w->class_ids, id));
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        kikan_id_t cid = KIKAN_NONE;
        kikan_error_t e = kikan_world_add_class(
            t->w, id, c_name >= 0 ? kikan_csv_str(csv, c_name) : NULL, sec, crit, &cid);
        if (e == KIKAN_OK) {
            e = kikan_world_set_class_data(t->w, cid, data);
        }
        KIKAN_CHECK(built(t, csv, n0, e));
        KIKAN_CHECK(lines_push(&lines, kikan_csv_line(csv)));
    }
    KIKAN_CHECK(forget_skipped(&t->bad_class, &t->w->class_ids, csv));
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    free(lines.v);
    close_table(t, &csv);
    return err;
}

static kikan_error_t load_contractors(tload_t *t, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    lines_t lines = {0};
    *ok = 0;
    err = open_table(t, "contractors.csv", 0, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    if (csv == NULL) {
        *ok = 1;
        goto cleanup;
    }
    int c_id = kikan_csv_col(csv, "id"), c_name = kikan_csv_col(csv, "name");
    kikan_csv_set_key(csv, c_id);
    int c_remote = kikan_csv_col(csv, "remote_access");
    static const char *const req[] = {"id", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0, remote = 0;
        const char *id;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        int good = kikan_csv_required(csv, c_id, &id);
        kikan_csv_flag(csv, c_remote, 0, &remote);
        if (!good || !new_id(csv, &t->w->contractor_ids, &lines, "id", "contractor", id)) {
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        KIKAN_CHECK(
            built(t, csv, n0,
                  kikan_world_add_contractor(
                      t->w, id, c_name >= 0 ? kikan_csv_str(csv, c_name) : NULL, remote, NULL)));
        KIKAN_CHECK(lines_push(&lines, kikan_csv_line(csv)));
    }
    KIKAN_CHECK(forget_skipped(&t->bad_contractor, &t->w->contractor_ids, csv));
    *ok = 1;
cleanup:
    if (err != KIKAN_OK) {
        *ok = 0;
    }
    free(lines.v);
    close_table(t, &csv);
    return err;
}

static kikan_error_t load_installations(tload_t *t)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    tuple_set_t rows = {4, NULL, 0, 0, NULL, 0};
    int *row_line = NULL;
    kikan_id_t rcap = 0;
    err = open_table(t, "installations.csv", 0, &csv);
    if (err == KIKAN_EINPUT || (err == KIKAN_OK && csv == NULL)) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    int c_a = kikan_csv_col(csv, "asset"), c_c = kikan_csv_col(csv, "class");
    int c_v = kikan_csv_col(csv, "vendor"), c_m = kikan_csv_col(csv, "contractor");
    static const char *const req[] = {"asset", "class", "vendor", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto cleanup;
    }
    kikan_world_t *w = t->w;
    for (;;) {
        int has = 0, fresh;
        const char *cs, *vs;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        kikan_id_t a = asset_ref(t, csv, c_a, "asset");
        kikan_id_t cls = KIKAN_NONE, v = KIKAN_NONE, m = KIKAN_NONE;
        int good = a != KIKAN_NONE;
        if (kikan_csv_required(csv, c_c, &cs)) {
            cls = kikan_world_find_class(w, cs);
            if (cls == KIKAN_NONE) {
                unknown_ref(t, csv, "class", "equipment class", cs, &w->class_ids, &t->bad_class);
            }
        }
        if (kikan_csv_required(csv, c_v, &vs)) {
            v = kikan_world_find_vendor(w, vs);
            if (v == KIKAN_NONE) {
                unknown_ref(t, csv, "vendor", "vendor", vs, &w->vendor_ids, &t->bad_vendor);
            }
        }
        good &= cls != KIKAN_NONE && v != KIKAN_NONE;
        const char *ms = kikan_csv_str(csv, c_m);
        if (ms[0] != '\0') {
            m = kikan_world_find_contractor(w, ms);
            if (m == KIKAN_NONE) {
                unknown_ref(t, csv, "contractor", "contractor", ms, &w->contractor_ids,
                            &t->bad_contractor);
                good = 0;
            }
        }
        if (good && w->classes[cls].sector != KIKAN_NONE &&
            w->classes[cls].sector != w->assets[a].sector) {
            kikan_csv_error(csv,
                            "class: equipment class '%s' belongs to sector '%s', asset "
                            "'%s' is in sector '%s'",
                            cs, kikan_strtab_get(&w->sector_ids, w->classes[cls].sector),
                            kikan_csv_str(csv, c_a),
                            kikan_strtab_get(&w->sector_ids, w->assets[a].sector));
            good = 0;
        }
        if (!good) {
            continue;
        }
        const int32_t key[4] = {a, cls, v, m};
        kikan_id_t r;
        KIKAN_CHECK(tuple_add(&rows, key, &r, &fresh));
        if (!fresh) {
            kikan_csv_error(csv,
                            "duplicate installation (asset '%s', class '%s', vendor '%s'), "
                            "first on line %d",
                            kikan_csv_str(csv, c_a), cs, vs, row_line[r]);
            continue;
        }
        if (r >= rcap) {
            rcap = rcap ? 2 * rcap : 64;
            int *nl = realloc(row_line, (size_t)rcap * sizeof(*nl));
            KIKAN_CHECK_ALLOC(nl);
            row_line = nl;
        }
        row_line[r] = kikan_csv_line(csv);
        int n0 = kikan_diag_count(t->ctx);
        KIKAN_CHECK(built(t, csv, n0, kikan_world_add_installation(w, a, cls, v, m, NULL)));
    }
cleanup:
    tuple_free(&rows);
    free(row_line);
    close_table(t, &csv);
    return err;
}

/* ---- the whole world -------------------------------------------------------------------- */

/*
 * Load one table: a syntax problem that stopped its reader (already reported)
 * leaves the table not ok and the loading goes on with the others.
 */
#define TABLE(call)                                                                                \
    do {                                                                                           \
        err = (call);                                                                              \
        if (err == KIKAN_EINPUT) {                                                                 \
            t.problems++;                                                                          \
            err = KIKAN_OK;                                                                        \
        }                                                                                          \
        KIKAN_CHECK(err);                                                                          \
    } while (0)

struct kikan_tables_partial {
    kikan_world_t *w;
    int ok_sec, ok_op, ok_asset, ok_vendor, ok_class, ok_contr;
    kikan_strtab_t bad_sector, bad_op, bad_asset, bad_vendor, bad_class, bad_contractor;
};

const kikan_world_t *kikan_tables_partial_world(const kikan_tables_partial_t *p)
{
    return p->w;
}

int kikan_tables_partial_has(const kikan_tables_partial_t *p, const kikan_strtab_t *ids,
                             const char *id)
{
    const kikan_world_t *w = p->w;
    const struct {
        const kikan_strtab_t *ids, *bad;
        int ok;
    } t[] = {
        {&w->sector_ids, &p->bad_sector, p->ok_sec},
        {&w->operator_ids, &p->bad_op, p->ok_op},
        {&w->asset_ids, &p->bad_asset, p->ok_asset},
        {&w->vendor_ids, &p->bad_vendor, p->ok_vendor},
        {&w->class_ids, &p->bad_class, p->ok_class},
        {&w->contractor_ids, &p->bad_contractor, p->ok_contr},
        /* named by the operators' header, complete once it was read */
        {&w->metric_names, NULL, p->ok_op},
        /* columns of the asset rows: a row left out may have held the only one */
        {&w->kinds, NULL, p->ok_asset && p->bad_asset.n == 0},
        {&w->regions, NULL, p->ok_asset && p->bad_asset.n == 0},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        if (t[i].ids != ids) {
            continue;
        }
        if (kikan_strtab_find(ids, id) != KIKAN_NONE) {
            return 1;
        }
        if (!t[i].ok || (t[i].bad != NULL && kikan_strtab_find(t[i].bad, id) != KIKAN_NONE)) {
            return -1;
        }
        return 0;
    }
    return -1;
}

void kikan_tables_partial_free(kikan_tables_partial_t **p)
{
    if (p == NULL || *p == NULL) {
        return;
    }
    kikan_tables_partial_t *q = *p;
    kikan_world_free(&q->w);
    kikan_strtab_t *bad[] = {&q->bad_sector, &q->bad_op,    &q->bad_asset,
                             &q->bad_vendor, &q->bad_class, &q->bad_contractor};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        kikan_strtab_destroy(bad[i]);
    }
    free(q);
    *p = NULL;
}

kikan_error_t kikan_tables_load(kikan_ctx_t *ctx, const char *dir, kikan_world_t **world)
{
    return kikan_tables_load_pop(ctx, dir, NAN, world);
}

kikan_error_t kikan_tables_load_pop(kikan_ctx_t *ctx, const char *dir, double population,
                                    kikan_world_t **world)
{
    return kikan_tables_load_partial(ctx, dir, population, world, NULL);
}

kikan_error_t kikan_tables_load_partial(kikan_ctx_t *ctx, const char *dir, double population,
                                        kikan_world_t **world, kikan_tables_partial_t **partial)
{
    kikan_error_t err = KIKAN_OK;
    tload_t t = {0};
    struct stat st;
    if (partial != NULL) {
        *partial = NULL;
    }
    t.ctx = ctx;
    t.dir = dir;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        kikan_diag_add(ctx, "%s: tables directory not found", dir);
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(kikan_world_new(ctx, &t.w));
    int ok_sec = 0, ok_op = 0, ok_asset = 0, ok_vendor = 0, ok_class = 0, ok_contr = 0;
    TABLE(load_sectors(&t, &ok_sec));
    if (ok_sec) {
        TABLE(load_operators(&t, &ok_op));
    }
    if (ok_op) {
        TABLE(load_assets(&t, &ok_asset));
    }
    if (ok_asset) {
        KIKAN_CHECK(check_sector_assets(&t));
        TABLE(load_dependencies(&t));
        TABLE(load_links(&t));
    }
    TABLE(load_vendors(&t, &ok_vendor));
    if (ok_sec) {
        TABLE(load_classes(&t, &ok_class));
    }
    TABLE(load_contractors(&t, &ok_contr));
    if (ok_asset && ok_vendor && ok_class && ok_contr) {
        TABLE(load_installations(&t));
    }
    if (t.problems > 0 || !ok_asset) {
        if (partial != NULL) {
            kikan_tables_partial_t *p = calloc(1, sizeof(*p));
            KIKAN_CHECK_ALLOC(p);
            *p = (kikan_tables_partial_t){
                t.w,          ok_sec,      ok_op,           ok_asset, ok_vendor,
                ok_class,     ok_contr,    t.bad_sector,    t.bad_op, t.bad_asset,
                t.bad_vendor, t.bad_class, t.bad_contractor};
            t.w = NULL;
            kikan_strtab_t *moved[] = {&t.bad_sector, &t.bad_op,    &t.bad_asset,
                                       &t.bad_vendor, &t.bad_class, &t.bad_contractor};
            for (size_t i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
                kikan_strtab_init(moved[i]);
            }
            *partial = p;
        }
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    {
        char *ops_file = NULL;
        const size_t len = strlen(dir) + sizeof("/operators.csv");
        KIKAN_CHECK_ALLOC(ops_file = malloc(len));
        snprintf(ops_file, len, "%s/operators.csv", dir);
        const kikan_rows_t rows = {dir,           t.sectors_file,  ops_file,
                                   t.assets_file, t.sector_line.v, t.op_line.v,
                                   t.asset_line.v};
        int n_bad = 0;
        if (kikan_world_set_population(t.w, population) != KIKAN_OK) {
            n_bad = 1; /* the diagnostic is in ctx */
        } else {
            err = kikan_world_plausible(ctx, t.w, &rows, &n_bad);
        }
        free(ops_file);
        KIKAN_CHECK(err);
        if (n_bad > 0) {
            KIKAN_FAIL(KIKAN_EINPUT);
        }
    }
    int n0 = kikan_diag_count(ctx);
    err = kikan_world_finalize(t.w);
    if (err == KIKAN_EINPUT) {
        /* every check of finalize was made above; name the directory if one slipped through */
        int k = kikan_diag_count(ctx) - n0;
        char **keep = calloc((size_t)(k > 0 ? k : 1), sizeof(*keep));
        KIKAN_CHECK_ALLOC(keep);
        for (int i = 0; i < k; i++) {
            keep[i] = strdup(kikan_diag_get(ctx, n0 + i));
        }
        kikan_diag_truncate(ctx, n0);
        for (int i = 0; i < k; i++) {
            kikan_diag_add(ctx, "%s: %s", dir, keep[i] ? keep[i] : "(out of memory)");
            free(keep[i]);
        }
        free(keep);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK(err);
    *world = t.w;
    t.w = NULL;
cleanup:
    kikan_world_free(&t.w);
    free(t.sector_line.v);
    free(t.op_line.v);
    free(t.asset_line.v);
    free(t.sectors_file);
    free(t.assets_file);
    free(t.sec_seen);
    kikan_strtab_t *bad[] = {&t.bad_sector, &t.bad_op,    &t.bad_asset,
                             &t.bad_vendor, &t.bad_class, &t.bad_contractor};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        kikan_strtab_destroy(bad[i]);
    }
    return err;
}
