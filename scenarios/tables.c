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
 *
 * Each table is a table_def_t — its file, its columns, what a row does —
 * read by one prologue, load_table (open, header check with did-you-mean,
 * row loop, skipped ids), so that every table reports the same way.
 */
#include <assert.h>
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

/* ---- one prologue for every table ------------------------------------------------------- */

enum { TABLE_MAX_COLS = 16 };

/*
 * What a table loader states: its file, its columns and what a row does.
 * load_table does the rest — open the file (an optional one may be absent),
 * look the columns up (in the order of `cols`: the did-you-mean of an
 * unknown column suggests among them), check the header, read the rows and
 * remember the ids of the rows the reader skipped — and reports as the
 * loaders always did: "FILE:LINE: COLUMN: ...".
 */
typedef struct {
    const char *file;
    int must_exist;          /* 0: an absent file is an empty table */
    const char *const *cols; /* NULL-terminated; with `bad`, cols[0] is the row's id */
    const char *const *req;  /* required columns, NULL-terminated */
    int strict;              /* a column not in `cols` is an error */
    /* optional, for an optional table that is absent */
    kikan_error_t (*absent)(tload_t *t);
    /* optional, after the header check (which counted *bad problems): more checks */
    kikan_error_t (*header)(tload_t *t, kikan_csv_t *csv, void *st, int *bad);
    kikan_error_t (*row)(tload_t *t, kikan_csv_t *csv, const int *c, void *st);
    /* optional, after the last row; *ok = 0 when the table is unusable after all */
    kikan_error_t (*end)(tload_t *t, kikan_csv_t *csv, void *st, int *ok);
    /* a table of ids: the ids of rows left out, and the world's ids (both or neither) */
    kikan_strtab_t *bad;
    const kikan_strtab_t *ids;
} table_def_t;

/*
 * Load table d, its rows handed to d->row with the column indices and st.
 * *ok (may be NULL) is 1 when the table was read (or is optional and absent),
 * 0 when it could not be read or its header is wrong (both reported).
 * Errors: KIKAN_EINPUT from a reader problem that stopped the reading;
 * KIKAN_ENOMEM; what the hooks return.
 */
static kikan_error_t load_table(tload_t *t, const table_def_t *d, void *st, int *ok)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    int c[TABLE_MAX_COLS], good = 0, bad;
    err = open_table(t, d->file, d->must_exist, &csv);
    if (err == KIKAN_EINPUT) {
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    if (csv == NULL) {
        if (d->absent != NULL) {
            KIKAN_CHECK(d->absent(t));
        }
        good = 1;
        goto cleanup;
    }
    for (int i = 0; d->cols[i] != NULL; i++) {
        assert(i < TABLE_MAX_COLS);
        c[i] = kikan_csv_col(csv, d->cols[i]);
    }
    if (d->bad != NULL) {
        kikan_csv_set_key(csv, c[0]);
    }
    bad = kikan_csv_check_header(csv, d->req, d->strict);
    if (d->header != NULL) {
        KIKAN_CHECK(d->header(t, csv, st, &bad));
    }
    if (bad > 0) {
        goto cleanup;
    }
    for (;;) {
        int has = 0;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        KIKAN_CHECK(d->row(t, csv, c, st));
    }
    if (d->bad != NULL) {
        KIKAN_CHECK(forget_skipped(d->bad, d->ids, csv));
    }
    good = 1;
    if (d->end != NULL) {
        KIKAN_CHECK(d->end(t, csv, st, &good));
    }
cleanup:
    if (ok != NULL) {
        *ok = err == KIKAN_OK && good;
    }
    close_table(t, &csv);
    return err;
}

/* The name of column c of a table or NULL when the table has none (an optional name). */
static const char *opt_str(const kikan_csv_t *csv, int c)
{
    return c >= 0 ? kikan_csv_str(csv, c) : NULL;
}

/*
 * Rows already seen, by an integer key, with the line of each: the duplicate
 * row checks of the dependencies, links and installations.
 */
typedef struct {
    tuple_set_t set;
    int *line;
    kikan_id_t cap;
} row_set_t;

/* *first: 0 when the current row's key is new (and now kept), else the line of the first. */
static kikan_error_t row_seen(row_set_t *r, const kikan_csv_t *csv, const int32_t *key, int *first)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    int fresh;
    KIKAN_CHECK(tuple_add(&r->set, key, &i, &fresh));
    if (!fresh) {
        *first = r->line[i];
        goto cleanup;
    }
    if (i >= r->cap) {
        r->cap = r->cap ? 2 * r->cap : 64;
        int *nl = realloc(r->line, (size_t)r->cap * sizeof(*nl));
        KIKAN_CHECK_ALLOC(nl);
        r->line = nl;
    }
    r->line[i] = kikan_csv_line(csv);
    *first = 0;
cleanup:
    return err;
}

static void row_set_free(row_set_t *r)
{
    tuple_free(&r->set);
    free(r->line);
    r->line = NULL;
}

/* ---- sectors ---------------------------------------------------------------------------- */

enum { SEC_ID, SEC_NAME, SEC_UNIT, SEC_LW, SEC_OUT, SEC_PPC, SEC_OCUST };

static kikan_error_t sector_header(tload_t *t, kikan_csv_t *csv, void *st, int *bad)
{
    (void)st;
    (void)bad;
    t->sectors_file = strdup(kikan_csv_display(csv));
    return t->sectors_file ? KIKAN_OK : KIKAN_ENOMEM;
}

static kikan_error_t sector_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    const char *id;
    double lw, out, ppc, ocust;
    (void)st;
    int good = kikan_csv_required(csv, c[SEC_ID], &id);
    kikan_csv_number(csv, c[SEC_LW], 1.0, &lw);
    kikan_csv_number(csv, c[SEC_OUT], 0.0, &out);
    kikan_csv_number(csv, c[SEC_PPC], 1.0, &ppc);
    kikan_csv_number(csv, c[SEC_OCUST], 0.0, &ocust);
    if (!good || !new_id(csv, &t->w->sector_ids, &t->sector_line, "id", "sector", id)) {
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    kikan_id_t sid = KIKAN_NONE;
    kikan_error_t e = kikan_world_add_sector(t->w, id, opt_str(csv, c[SEC_NAME]),
                                             kikan_csv_str(csv, c[SEC_UNIT]), lw, out, &sid);
    if (e == KIKAN_OK) {
        e = kikan_world_set_sector_people(t->w, sid, ppc);
    }
    if (e == KIKAN_OK) {
        e = kikan_world_set_sector_output_customers(t->w, sid, ocust);
    }
    KIKAN_CHECK(built(t, csv, n0, e));
    KIKAN_CHECK(lines_push(&t->sector_line, kikan_csv_line(csv)));
cleanup:
    return err;
}

static kikan_error_t sector_end(tload_t *t, kikan_csv_t *csv, void *st, int *ok)
{
    (void)st;
    if (t->w->n_sectors == 0) {
        kikan_diag_add(t->ctx, "%s:%d: no sectors: the table has a header but no rows",
                       kikan_csv_display(csv), kikan_csv_header_line(csv));
        t->problems++;
        *ok = 0;
    }
    return KIKAN_OK;
}

static kikan_error_t builtin_sectors(tload_t *t)
{
    return kikan_world_add_builtin_sectors(t->w);
}

/* sectors.csv, or the built-in sectors when it is absent. */
static kikan_error_t load_sectors(tload_t *t, int *ok)
{
    static const char *const cols[] = {"id",
                                       "name",
                                       "unit",
                                       "life_weight",
                                       "output_jpy",
                                       "people_per_customer",
                                       "output_customers",
                                       NULL};
    static const char *const req[] = {"id", NULL};
    const table_def_t d = {.file = "sectors.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .absent = builtin_sectors,
                           .header = sector_header,
                           .row = sector_row,
                           .end = sector_end,
                           .bad = &t->bad_sector,
                           .ids = &t->w->sector_ids};
    return load_table(t, &d, NULL, ok);
}

/* ---- operators -------------------------------------------------------------------------- */

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

enum { OP_ID, OP_NAME, OP_SECTORS, OP_SME };

typedef struct {
    int nc;             /* columns of the header */
    kikan_id_t *metric; /* [nc]: the metric of each extra column, or KIKAN_NONE */
} op_state_t;

/* Every extra column is a size metric, unless it looks like a misspelt reserved column. */
static kikan_error_t operator_header(tload_t *t, kikan_csv_t *csv, void *st, int *bad)
{
    static const char *const reserved[] = {"id", "name", "sectors", "sme"};
    kikan_error_t err = KIKAN_OK;
    op_state_t *o = st;
    o->nc = kikan_csv_n_cols(csv);
    o->metric = malloc((size_t)o->nc * sizeof(*o->metric));
    KIKAN_CHECK_ALLOC(o->metric);
    for (int col = 0; col < o->nc; col++) {
        o->metric[col] = KIKAN_NONE;
        if (kikan_csv_col_known(csv, col)) {
            continue;
        }
        const char *name = kikan_csv_col_name(csv, col);
        const char *s = kikan_suggest(name, reserved, 4);
        if (s != NULL) {
            kikan_diag_add(t->ctx,
                           "%s:%d: unknown column '%s' (did you mean '%s'?); extra columns "
                           "of operators.csv are numeric size metrics",
                           kikan_csv_display(csv), kikan_csv_header_line(csv), name, s);
            t->problems++;
            (*bad)++;
            continue;
        }
        KIKAN_CHECK(kikan_world_add_metric(t->w, name, &o->metric[col]));
    }
cleanup:
    return err;
}

/* Check the metric values of the row; with op != KIKAN_NONE, set them. */
static kikan_error_t operator_metrics(tload_t *t, kikan_csv_t *csv, const op_state_t *o,
                                      kikan_id_t op)
{
    kikan_error_t err = KIKAN_OK;
    for (int col = 0; col < o->nc; col++) {
        double v;
        if (o->metric[col] == KIKAN_NONE || !kikan_csv_number(csv, col, NAN, &v) ||
            op == KIKAN_NONE) {
            continue;
        }
        int n0 = kikan_diag_count(t->ctx);
        KIKAN_CHECK(built(t, csv, n0, kikan_world_set_metric(t->w, op, o->metric[col], v)));
    }
cleanup:
    return err;
}

static kikan_error_t operator_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    const op_state_t *o = st;
    kikan_id_t *sec = NULL;
    int sme = 0, n_sec = 0;
    const char *id, *list;
    int good = kikan_csv_required(csv, c[OP_ID], &id);
    kikan_csv_flag(csv, c[OP_SME], 0, &sme);
    if (kikan_csv_required(csv, c[OP_SECTORS], &list)) {
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
        KIKAN_CHECK(forget(&t->bad_op, &t->w->operator_ids, id));
        KIKAN_CHECK(operator_metrics(t, csv, o, KIKAN_NONE)); /* still check the values */
        goto cleanup;
    }
    kikan_id_t op;
    int n0 = kikan_diag_count(t->ctx);
    err = kikan_world_add_operator(t->w, id, opt_str(csv, c[OP_NAME]), sec, n_sec, sme, &op);
    if (err == KIKAN_EINPUT) {
        KIKAN_CHECK(built(t, csv, n0, err));
        goto cleanup;
    }
    KIKAN_CHECK(err);
    KIKAN_CHECK(lines_push(&t->op_line, kikan_csv_line(csv)));
    KIKAN_CHECK(operator_metrics(t, csv, o, op));
cleanup:
    free(sec);
    return err;
}

static kikan_error_t load_operators(tload_t *t, int *ok)
{
    static const char *const cols[] = {"id", "name", "sectors", "sme", NULL};
    static const char *const req[] = {"id", "sectors", NULL};
    op_state_t o = {0, NULL};
    const table_def_t d = {.file = "operators.csv",
                           .must_exist = 1,
                           .cols = cols,
                           .req = req,
                           .strict = 0, /* extra columns are metrics */
                           .header = operator_header,
                           .row = operator_row,
                           .bad = &t->bad_op,
                           .ids = &t->w->operator_ids};
    kikan_error_t err = load_table(t, &d, &o, ok);
    free(o.metric);
    return err;
}

/* ---- assets ----------------------------------------------------------------------------- */

enum {
    AS_ID,
    AS_OP,
    AS_SECTOR,
    AS_KIND,
    AS_REGION,
    AS_CUST,
    AS_BH,
    AS_BMAX,
    AS_RH,
    AS_REPAIR,
    AS_RA,
    AS_RB,
    AS_COLD,
    AS_RECORDS
};

static kikan_error_t asset_header(tload_t *t, kikan_csv_t *csv, void *st, int *bad)
{
    (void)st;
    (void)bad;
    t->assets_file = strdup(kikan_csv_display(csv));
    return t->assets_file ? KIKAN_OK : KIKAN_ENOMEM;
}

/* The row's operator and sector (a->op, a->sector); 0 after reporting a problem. */
static int asset_owner(tload_t *t, kikan_csv_t *csv, const int *c, kikan_asset_spec_t *a)
{
    const char *opname, *secname;
    int good = 1;
    a->op = KIKAN_NONE;
    a->sector = KIKAN_NONE;
    if (kikan_csv_required(csv, c[AS_OP], &opname)) {
        a->op = kikan_world_find_operator(t->w, opname);
        if (a->op == KIKAN_NONE) {
            unknown_ref(t, csv, "operator", "operator", opname, &t->w->operator_ids, &t->bad_op);
            good = 0;
        }
    } else {
        good = 0;
    }
    if (kikan_csv_required(csv, c[AS_SECTOR], &secname)) {
        a->sector = kikan_world_find_sector(t->w, secname);
        if (a->sector == KIKAN_NONE) {
            unknown_ref(t, csv, "sector", "sector", secname, &t->w->sector_ids, &t->bad_sector);
            good = 0;
        }
    } else {
        good = 0;
    }
    if (a->op != KIKAN_NONE && a->sector != KIKAN_NONE) {
        const kikan_operator_t *o = &t->w->operators[a->op];
        int in = 0;
        for (int s = 0; s < o->n_sectors; s++) {
            in |= o->sectors[s] == a->sector;
        }
        if (!in) {
            kikan_csv_error(csv,
                            "sector: operator '%s' is not in sector '%s' (add it to "
                            "the operator's sectors in operators.csv)",
                            opname, secname);
            good = 0;
        }
    }
    return good;
}

/* Backup and restart hours (*cold: the cold restart); a bad value is reported and defaulted. */
static void asset_hours(kikan_csv_t *csv, const int *c, kikan_asset_spec_t *a, double *cold)
{
    kikan_csv_number(csv, c[AS_BH], 0.0, &a->backup_hours);
    if (kikan_csv_number(csv, c[AS_BMAX], a->backup_hours, &a->backup_hours_max) &&
        a->backup_hours_max < a->backup_hours) {
        kikan_csv_error(csv,
                        "backup_hours_max: expected a number >= backup_hours (%g), got "
                        "'%s'",
                        a->backup_hours, kikan_csv_str(csv, c[AS_BMAX]));
        a->backup_hours_max = a->backup_hours;
    }
    kikan_csv_number(csv, c[AS_RH], 0.0, &a->restart_hours);
    *cold = a->restart_hours;
    if (kikan_csv_number(csv, c[AS_COLD], a->restart_hours, cold) && *cold < a->restart_hours) {
        kikan_csv_error(csv,
                        "cold_restart_hours: expected a number >= restart_hours (%g), got "
                        "'%s'",
                        a->restart_hours, kikan_csv_str(csv, c[AS_COLD]));
        *cold = a->restart_hours;
    }
}

/* The repair-time distribution; a bad one is reported and replaced by the default (24 h). */
static void asset_repair(kikan_csv_t *csv, const int *c, kikan_asset_spec_t *a)
{
    a->repair = (kikan_dist_t){KIKAN_DIST_FIXED, 24.0, 0.0};
    const char *rep = kikan_csv_str(csv, c[AS_REPAIR]);
    int dist_ok = 1;
    if (rep[0] != '\0' && kikan_dist_kind_parse(rep, &a->repair.kind) != KIKAN_OK) {
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
    dist_ok &= kikan_csv_number(csv, c[AS_RA], 24.0, &a->repair.a);
    dist_ok &= kikan_csv_number(csv, c[AS_RB], 0.0, &a->repair.b);
    const char *why = dist_ok ? kikan_dist_check(&a->repair) : NULL;
    if (why != NULL) {
        kikan_csv_error(csv, "repair: %s (repair_a %g, repair_b %g)", why, a->repair.a,
                        a->repair.b);
    }
    if (!dist_ok || why != NULL) {
        a->repair = (kikan_dist_t){KIKAN_DIST_FIXED, 24.0, 0.0};
    }
}

static kikan_error_t asset_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    const char *id, *kind;
    kikan_asset_spec_t a = {0};
    double recs = 0.0, cold;
    (void)st;
    int good = kikan_csv_required(csv, c[AS_ID], &id);
    if (good && !new_id(csv, &t->w->asset_ids, &t->asset_line, "id", "asset", id)) {
        good = 0;
    }
    a.id = id;
    good &= asset_owner(t, csv, c, &a);
    good &= kikan_csv_required(csv, c[AS_KIND], &kind);
    a.kind = kind;
    a.region = kikan_csv_str(csv, c[AS_REGION]);
    kikan_csv_number(csv, c[AS_CUST], 0.0, &a.customers);
    kikan_csv_number(csv, c[AS_RECORDS], 0.0, &recs);
    asset_hours(csv, c, &a, &cold);
    asset_repair(csv, c, &a);
    if (!good) {
        KIKAN_CHECK(forget(&t->bad_asset, &t->w->asset_ids, id));
        goto cleanup;
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
cleanup:
    return err;
}

/* The columns of assets.csv (scenarios/loader.h): read here, and written by the GraphML/GML
   reader from vertex attributes of the same names. */
const char *const kikan_asset_columns[KIKAN_N_ASSET_COLUMNS + 1] = {"id",
                                                                    "operator",
                                                                    "sector",
                                                                    "kind",
                                                                    "region",
                                                                    "customers",
                                                                    "backup_hours",
                                                                    "backup_hours_max",
                                                                    "restart_hours",
                                                                    "repair",
                                                                    "repair_a",
                                                                    "repair_b",
                                                                    "cold_restart_hours",
                                                                    "records",
                                                                    NULL};

static kikan_error_t load_assets(tload_t *t, int *ok)
{
    static const char *const req[] = {"id", "operator", "sector", "kind", NULL};
    const table_def_t d = {.file = "assets.csv",
                           .must_exist = 1,
                           .cols = kikan_asset_columns,
                           .req = req,
                           .strict = 1,
                           .header = asset_header,
                           .row = asset_row,
                           .bad = &t->bad_asset,
                           .ids = &t->w->asset_ids};
    return load_table(t, &d, NULL, ok);
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

/* ---- dependencies ----------------------------------------------------------------------- */

typedef struct {
    int line, k, n;
    kikan_id_t dependent;
} group_info_t;

enum { DEP_PROVIDER, DEP_DEPENDENT, DEP_RESOURCE, DEP_GROUP, DEP_K, DEP_BUFFER };

typedef struct {
    tuple_set_t groups; /* (dependent, label) */
    group_info_t *gi;   /* [groups.n] */
    kikan_id_t gcap;
    row_set_t rows;       /* (provider, dependent, resource, label) */
    kikan_strtab_t names; /* resources and group labels, each once */
} dep_state_t;

/* The row's fields, checked: 0 after reporting a problem. */
static int dep_fields(tload_t *t, kikan_csv_t *csv, const int *c, kikan_id_t *p, kikan_id_t *d,
                      const char **res, int *k, double *buffer)
{
    *p = asset_ref(t, csv, c[DEP_PROVIDER], "provider");
    *d = asset_ref(t, csv, c[DEP_DEPENDENT], "dependent");
    int good = *p != KIKAN_NONE && *d != KIKAN_NONE;
    good &= kikan_csv_required(csv, c[DEP_RESOURCE], res);
    good &= kikan_csv_int(csv, c[DEP_K], 1, INT_MAX, 1, k);
    good &= kikan_csv_number(csv, c[DEP_BUFFER], 0.0, buffer);
    const char *group = kikan_csv_str(csv, c[DEP_GROUP]);
    if (good && *p == *d) {
        kikan_csv_error(csv, "dependent: asset '%s' cannot depend on itself",
                        kikan_csv_str(csv, c[DEP_DEPENDENT]));
        good = 0;
    }
    if (good && group[0] == '\0' && *k != 1) {
        kikan_csv_error(csv,
                        "k: a dependency without a group needs k = 1, got %d (name a "
                        "group to combine providers)",
                        *k);
        good = 0;
    }
    if (good && strlen(group) > 200) {
        kikan_csv_error(csv, "group: name longer than 200 characters");
        good = 0;
    }
    return good;
}

/* Count the row in group `group` (label_i) of dependent d (ds); *good = 0 after reporting a k
 * that differs from the group's first row. */
static kikan_error_t dep_group(dep_state_t *s, kikan_csv_t *csv, kikan_id_t d, const char *ds,
                               kikan_id_t label_i, const char *group, int k, int *good)
{
    kikan_error_t err = KIKAN_OK;
    const int32_t gkey[2] = {d, label_i};
    kikan_id_t g;
    int fresh;
    KIKAN_CHECK(tuple_add(&s->groups, gkey, &g, &fresh));
    if (fresh) {
        if (g >= s->gcap) {
            s->gcap = s->gcap ? 2 * s->gcap : 64;
            group_info_t *ng = realloc(s->gi, (size_t)s->gcap * sizeof(*ng));
            KIKAN_CHECK_ALLOC(ng);
            s->gi = ng;
        }
        s->gi[g] = (group_info_t){kikan_csv_line(csv), k, 0, d};
    } else if (s->gi[g].k != k) {
        kikan_csv_error(csv, "k: group '%s' of asset '%s' has k = %d on line %d, %d here", group,
                        ds, s->gi[g].k, s->gi[g].line, k);
        *good = 0;
        goto cleanup;
    }
    s->gi[g].n++;
cleanup:
    return err;
}

static kikan_error_t dep_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    dep_state_t *s = st;
    kikan_id_t p, d;
    const char *res;
    int k = 1, good;
    double buffer = 0.0;
    if (!dep_fields(t, csv, c, &p, &d, &res, &k, &buffer)) {
        goto cleanup;
    }
    const char *group = kikan_csv_str(csv, c[DEP_GROUP]);
    const char *ps = kikan_csv_str(csv, c[DEP_PROVIDER]),
               *ds = kikan_csv_str(csv, c[DEP_DEPENDENT]);
    /* duplicate row: same provider, dependent, resource and group */
    kikan_id_t res_i, label_i = KIKAN_NONE;
    int first;
    KIKAN_CHECK(kikan_strtab_add(&s->names, res, 0, &res_i));
    if (group[0] != '\0') {
        KIKAN_CHECK(kikan_strtab_add(&s->names, group, 0, &label_i));
    }
    const int32_t rkey[4] = {p, d, res_i, label_i};
    KIKAN_CHECK(row_seen(&s->rows, csv, rkey, &first));
    if (first) {
        kikan_csv_error(csv,
                        "duplicate dependency '%s' -> '%s' (resource '%s'%s%s%s), "
                        "first on line %d",
                        ps, ds, res, group[0] ? ", group '" : "", group, group[0] ? "'" : "",
                        first);
        goto cleanup;
    }
    good = 1;
    if (group[0] != '\0') {
        KIKAN_CHECK(dep_group(s, csv, d, ds, label_i, group, k, &good));
    }
    if (!good) {
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    kikan_id_t row = KIKAN_NONE;
    KIKAN_CHECK(built(t, csv, n0, kikan_world_add_dependency(t->w, p, d, res, group, k, &row)));
    if (row != KIKAN_NONE && buffer > 0.0) {
        KIKAN_CHECK(built(t, csv, n0, kikan_world_set_buffer(t->w, row, buffer)));
    }
cleanup:
    return err;
}

/* Every group needs at least k providers. */
static kikan_error_t dep_end(tload_t *t, kikan_csv_t *csv, void *st, int *ok)
{
    const dep_state_t *s = st;
    (void)ok;
    for (kikan_id_t g = 0; g < s->groups.n; g++) {
        const group_info_t *gi = &s->gi[g];
        if (gi->k > gi->n) {
            const char *label = kikan_strtab_get(&s->names, s->groups.keys[2 * (size_t)g + 1]);
            kikan_diag_add(t->ctx,
                           "%s:%d: k: group '%s' of asset '%s' needs k = %d providers but has "
                           "only %d",
                           kikan_csv_display(csv), gi->line, label,
                           kikan_strtab_get(&t->w->asset_ids, gi->dependent), gi->k, gi->n);
            t->problems++;
        }
    }
    return KIKAN_OK;
}

static kikan_error_t load_dependencies(tload_t *t)
{
    static const char *const cols[] = {"provider", "dependent",    "resource", "group",
                                       "k",        "buffer_hours", NULL};
    static const char *const req[] = {"provider", "dependent", "resource", NULL};
    dep_state_t s = {.groups = {2, NULL, 0, 0, NULL, 0},
                     .rows = {{4, NULL, 0, 0, NULL, 0}, NULL, 0}};
    kikan_strtab_init(&s.names);
    const table_def_t d = {.file = "dependencies.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .row = dep_row,
                           .end = dep_end};
    kikan_error_t err = load_table(t, &d, &s, NULL);
    tuple_free(&s.groups);
    free(s.gi);
    row_set_free(&s.rows);
    kikan_strtab_destroy(&s.names);
    return err;
}

/* ---- links ------------------------------------------------------------------------------ */

enum { LINK_A, LINK_B };

static kikan_error_t link_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    row_set_t *rows = st;
    kikan_id_t a = asset_ref(t, csv, c[LINK_A], "a");
    kikan_id_t b = asset_ref(t, csv, c[LINK_B], "b");
    if (a == KIKAN_NONE || b == KIKAN_NONE) {
        goto cleanup;
    }
    const char *as = kikan_csv_str(csv, c[LINK_A]), *bs = kikan_csv_str(csv, c[LINK_B]);
    if (a == b) {
        kikan_csv_error(csv, "b: asset '%s' cannot be linked to itself", bs);
        goto cleanup;
    }
    kikan_id_t sa = t->w->assets[a].sector, sb = t->w->assets[b].sector;
    if (sa != sb) {
        kikan_csv_error(csv,
                        "b: asset '%s' is in sector '%s' and '%s' in '%s'; links join "
                        "assets of one sector",
                        bs, kikan_strtab_get(&t->w->sector_ids, sb), as,
                        kikan_strtab_get(&t->w->sector_ids, sa));
        goto cleanup;
    }
    const int32_t key[2] = {a < b ? a : b, a < b ? b : a};
    int first;
    KIKAN_CHECK(row_seen(rows, csv, key, &first));
    if (first) {
        kikan_csv_error(csv, "duplicate link '%s' - '%s', first on line %d", as, bs, first);
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    KIKAN_CHECK(built(t, csv, n0, kikan_world_add_link(t->w, a, b, NULL)));
cleanup:
    return err;
}

static kikan_error_t load_links(tload_t *t)
{
    static const char *const cols[] = {"a", "b", NULL};
    row_set_t rows = {{2, NULL, 0, 0, NULL, 0}, NULL, 0};
    const table_def_t d = {
        .file = "links.csv", .cols = cols, .req = cols, .strict = 1, .row = link_row};
    kikan_error_t err = load_table(t, &d, &rows, NULL);
    row_set_free(&rows);
    return err;
}

/* ---- supply chain ----------------------------------------------------------------------- */

enum { VEND_ID, VEND_NAME, VEND_ORIGIN, VEND_RISK };

static kikan_error_t vendor_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    lines_t *lines = st;
    int risk = 0;
    const char *id;
    int good = kikan_csv_required(csv, c[VEND_ID], &id);
    kikan_csv_int(csv, c[VEND_RISK], 0, INT_MAX, 0, &risk);
    if (!good || !new_id(csv, &t->w->vendor_ids, lines, "id", "vendor", id)) {
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    KIKAN_CHECK(built(t, csv, n0,
                      kikan_world_add_vendor(t->w, id, opt_str(csv, c[VEND_NAME]),
                                             kikan_csv_str(csv, c[VEND_ORIGIN]), risk, NULL)));
    KIKAN_CHECK(lines_push(lines, kikan_csv_line(csv)));
cleanup:
    return err;
}

static kikan_error_t load_vendors(tload_t *t, int *ok)
{
    static const char *const cols[] = {"id", "name", "origin", "risk_class", NULL};
    static const char *const req[] = {"id", NULL};
    lines_t lines = {0};
    const table_def_t d = {.file = "vendors.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .row = vendor_row,
                           .bad = &t->bad_vendor,
                           .ids = &t->w->vendor_ids};
    kikan_error_t err = load_table(t, &d, &lines, ok);
    free(lines.v);
    return err;
}

enum { CLASS_ID, CLASS_NAME, CLASS_SECTOR, CLASS_CRITICAL, CLASS_DATA };

static kikan_error_t class_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    lines_t *lines = st;
    int crit = 0, data = 0;
    const char *id;
    int good = kikan_csv_required(csv, c[CLASS_ID], &id);
    kikan_csv_flag(csv, c[CLASS_CRITICAL], 0, &crit);
    kikan_csv_flag(csv, c[CLASS_DATA], 0, &data);
    const char *secname = kikan_csv_str(csv, c[CLASS_SECTOR]);
    kikan_id_t sec = KIKAN_NONE;
    if (secname[0] != '\0') {
        sec = kikan_world_find_sector(t->w, secname);
        if (sec == KIKAN_NONE) {
            unknown_ref(t, csv, "sector", "sector", secname, &t->w->sector_ids, &t->bad_sector);
            good = 0;
        }
    }
    if (!good || !new_id(csv, &t->w->class_ids, lines, "id", "equipment class", id)) {
        KIKAN_CHECK(forget(&t->bad_class, &t->w->class_ids, id));
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    kikan_id_t cid = KIKAN_NONE;
    kikan_error_t e = kikan_world_add_class(t->w, id, opt_str(csv, c[CLASS_NAME]), sec, crit, &cid);
    if (e == KIKAN_OK) {
        e = kikan_world_set_class_data(t->w, cid, data);
    }
    KIKAN_CHECK(built(t, csv, n0, e));
    KIKAN_CHECK(lines_push(lines, kikan_csv_line(csv)));
cleanup:
    return err;
}

static kikan_error_t load_classes(tload_t *t, int *ok)
{
    static const char *const cols[] = {"id", "name", "sector", "critical", "data", NULL};
    static const char *const req[] = {"id", NULL};
    lines_t lines = {0};
    const table_def_t d = {.file = "equipment_classes.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .row = class_row,
                           .bad = &t->bad_class,
                           .ids = &t->w->class_ids};
    kikan_error_t err = load_table(t, &d, &lines, ok);
    free(lines.v);
    return err;
}

enum { CONTR_ID, CONTR_NAME, CONTR_REMOTE };

static kikan_error_t contractor_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    lines_t *lines = st;
    int remote = 0;
    const char *id;
    int good = kikan_csv_required(csv, c[CONTR_ID], &id);
    kikan_csv_flag(csv, c[CONTR_REMOTE], 0, &remote);
    if (!good || !new_id(csv, &t->w->contractor_ids, lines, "id", "contractor", id)) {
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    KIKAN_CHECK(
        built(t, csv, n0,
              kikan_world_add_contractor(t->w, id, opt_str(csv, c[CONTR_NAME]), remote, NULL)));
    KIKAN_CHECK(lines_push(lines, kikan_csv_line(csv)));
cleanup:
    return err;
}

static kikan_error_t load_contractors(tload_t *t, int *ok)
{
    static const char *const cols[] = {"id", "name", "remote_access", NULL};
    static const char *const req[] = {"id", NULL};
    lines_t lines = {0};
    const table_def_t d = {.file = "contractors.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .row = contractor_row,
                           .bad = &t->bad_contractor,
                           .ids = &t->w->contractor_ids};
    kikan_error_t err = load_table(t, &d, &lines, ok);
    free(lines.v);
    return err;
}

enum { INST_ASSET, INST_CLASS, INST_VENDOR, INST_CONTRACTOR };

static kikan_error_t installation_row(tload_t *t, kikan_csv_t *csv, const int *c, void *st)
{
    kikan_error_t err = KIKAN_OK;
    row_set_t *rows = st;
    kikan_world_t *w = t->w;
    const char *cs, *vs;
    kikan_id_t a = asset_ref(t, csv, c[INST_ASSET], "asset");
    kikan_id_t cls = KIKAN_NONE, v = KIKAN_NONE, m = KIKAN_NONE;
    int good = a != KIKAN_NONE;
    if (kikan_csv_required(csv, c[INST_CLASS], &cs)) {
        cls = kikan_world_find_class(w, cs);
        if (cls == KIKAN_NONE) {
            unknown_ref(t, csv, "class", "equipment class", cs, &w->class_ids, &t->bad_class);
        }
    }
    if (kikan_csv_required(csv, c[INST_VENDOR], &vs)) {
        v = kikan_world_find_vendor(w, vs);
        if (v == KIKAN_NONE) {
            unknown_ref(t, csv, "vendor", "vendor", vs, &w->vendor_ids, &t->bad_vendor);
        }
    }
    good &= cls != KIKAN_NONE && v != KIKAN_NONE;
    const char *ms = kikan_csv_str(csv, c[INST_CONTRACTOR]);
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
                        kikan_csv_str(csv, c[INST_ASSET]),
                        kikan_strtab_get(&w->sector_ids, w->assets[a].sector));
        good = 0;
    }
    if (!good) {
        goto cleanup;
    }
    const int32_t key[4] = {a, cls, v, m};
    int first;
    KIKAN_CHECK(row_seen(rows, csv, key, &first));
    if (first) {
        kikan_csv_error(csv,
                        "duplicate installation (asset '%s', class '%s', vendor '%s'), "
                        "first on line %d",
                        kikan_csv_str(csv, c[INST_ASSET]), cs, vs, first);
        goto cleanup;
    }
    int n0 = kikan_diag_count(t->ctx);
    KIKAN_CHECK(built(t, csv, n0, kikan_world_add_installation(w, a, cls, v, m, NULL)));
cleanup:
    return err;
}

static kikan_error_t load_installations(tload_t *t)
{
    static const char *const cols[] = {"asset", "class", "vendor", "contractor", NULL};
    static const char *const req[] = {"asset", "class", "vendor", NULL};
    row_set_t rows = {{4, NULL, 0, 0, NULL, 0}, NULL, 0};
    const table_def_t d = {.file = "installations.csv",
                           .cols = cols,
                           .req = req,
                           .strict = 1,
                           .row = installation_row};
    kikan_error_t err = load_table(t, &d, &rows, NULL);
    row_set_free(&rows);
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
