/*
 * The strict CSV reader of the scenario tables. See csv.h for the rules.
 *
 * DESIGN: one pass over an in-memory copy of the file. A record's fields are
 * unescaped into one growable buffer (offsets first, pointers fixed up at the
 * end, since the buffer may move while it grows), so reading a row allocates
 * nothing once the buffer has reached the longest row's size.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenarios/csv.h"
#include "scenarios/loader.h"

struct kikan_csv {
    kikan_ctx_t *ctx;
    char *display;
    char *buf;
    size_t len, pos;
    int line; /* physical line at pos */
    int dead; /* a fatal problem was reported: no more rows */
    /* header */
    char **cols;
    char *known;
    int n_cols, header_line;
    /* current record */
    char *rec; /* unescaped fields, NUL-separated */
    size_t rec_len, rec_cap;
    size_t *off;  /* [cap_fields] field offsets into rec */
    char **field; /* [cap_fields] */
    int n_fields, cap_fields;
    int row_line;
    int n_errors;
    /* every column name looked up: the candidates for did-you-mean */
    char **asked;
    int n_asked, cap_asked;
    /* key column: its value in each skipped row, so callers can forget that id */
    int key_col;
    char **skipped;
    int n_skipped, cap_skipped;
};

/* A printable, bounded copy of a value for messages (cut at a UTF-8 boundary). */
const char *kikan_text_shorten(const char *s, char out[80])
{
    size_t n = strlen(s);
    if (n < 64) {
        return s;
    }
    size_t k = 60;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) {
        k--;
    }
    memcpy(out, s, k);
    memcpy(out + k, "...", 4);
    return out;
}

static void report(kikan_csv_t *c, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void report(kikan_csv_t *c, int line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kikan_diag_add(c->ctx, "%s:%d: %s", c->display, line, msg);
    c->n_errors++;
}

void kikan_csv_error(kikan_csv_t *csv, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kikan_diag_add(csv->ctx, "%s:%d: %s", csv->display, csv->row_line, msg);
    csv->n_errors++;
}

/* ---- records ---------------------------------------------------------------------------- */

static kikan_error_t rec_put(kikan_csv_t *c, char ch)
{
    if (c->rec_len == c->rec_cap) {
        size_t cap = c->rec_cap ? 2 * c->rec_cap : 256;
        char *r = realloc(c->rec, cap);
        if (r == NULL) {
            return KIKAN_ENOMEM;
        }
        c->rec = r;
        c->rec_cap = cap;
    }
    c->rec[c->rec_len++] = ch;
    return KIKAN_OK;
}

static kikan_error_t field_start(kikan_csv_t *c)
{
    if (c->n_fields == c->cap_fields) {
        if (c->cap_fields > INT_MAX / 2) {
            return KIKAN_ELIMIT;
        }
        int cap = c->cap_fields ? 2 * c->cap_fields : 16;
        size_t *o = realloc(c->off, (size_t)cap * sizeof(*o));
        if (o == NULL) {
            return KIKAN_ENOMEM;
        }
        c->off = o;
        char **f = realloc(c->field, (size_t)cap * sizeof(*f));
        if (f == NULL) {
            return KIKAN_ENOMEM;
        }
        c->field = f;
        c->cap_fields = cap;
    }
    c->off[c->n_fields++] = c->rec_len;
    return KIKAN_OK;
}

/* Is the physical line at pos blank (spaces, tabs, CR only) or a comment? */
static int skippable(const kikan_csv_t *c, size_t pos)
{
    if (pos < c->len && c->buf[pos] == '#') {
        return 1;
    }
    for (; pos < c->len && c->buf[pos] != '\n'; pos++) {
        char ch = c->buf[pos];
        if (ch != ' ' && ch != '\t' && ch != '\r') {
            return 0;
        }
    }
    return 1;
}

static void skip_line(kikan_csv_t *c)
{
    while (c->pos < c->len && c->buf[c->pos] != '\n') {
        c->pos++;
    }
    if (c->pos < c->len) {
        c->pos++;
        c->line++;
    }
}

/*
 * Read one record at pos (skipping blank and comment lines first) into
 * c->field / c->n_fields. *got = 0 at the end of the file. A syntax problem
 * is reported, makes the reader dead and returns KIKAN_EINPUT.
 */
static kikan_error_t read_record(kikan_csv_t *c, int *got)
{
    kikan_error_t err = KIKAN_OK;
    *got = 0;
    while (c->pos < c->len && skippable(c, c->pos)) {
        skip_line(c);
    }
    if (c->pos >= c->len || c->dead) {
        return KIKAN_OK;
    }
    c->row_line = c->line;
    c->rec_len = 0;
    c->n_fields = 0;
    const char *b = c->buf;
    for (;;) {
        KIKAN_CHECK(field_start(c));
        while (c->pos < c->len && (b[c->pos] == ' ' || b[c->pos] == '\t')) {
            c->pos++;
        }
        if (c->pos < c->len && b[c->pos] == '"') {
            int open_line = c->line;
            c->pos++;
            for (;;) {
                if (c->pos >= c->len) {
                    report(c, open_line, "unterminated quoted field (a '\"' is missing)");
                    c->dead = 1;
                    KIKAN_FAIL(KIKAN_EINPUT);
                }
                char ch = b[c->pos];
                if (ch == '"') {
                    if (c->pos + 1 < c->len && b[c->pos + 1] == '"') {
                        KIKAN_CHECK(rec_put(c, '"'));
                        c->pos += 2;
                        continue;
                    }
                    c->pos++;
                    break;
                }
                if (ch == '\n') {
                    c->line++;
                }
                KIKAN_CHECK(rec_put(c, ch));
                c->pos++;
            }
            while (c->pos < c->len &&
                   (b[c->pos] == ' ' || b[c->pos] == '\t' ||
                    (b[c->pos] == '\r' && c->pos + 1 < c->len && b[c->pos + 1] == '\n'))) {
                c->pos++;
            }
            if (c->pos < c->len && b[c->pos] != ',' && b[c->pos] != '\n') {
                report(c, c->line, "unexpected character '%c' after a closing quote", b[c->pos]);
                c->dead = 1;
                KIKAN_FAIL(KIKAN_EINPUT);
            }
        } else {
            size_t start = c->rec_len;
            while (c->pos < c->len && b[c->pos] != ',' && b[c->pos] != '\n') {
                if (b[c->pos] == '"') {
                    report(c, c->line,
                           "a '\"' inside an unquoted field (quote the whole field and "
                           "double the inner quotes)");
                    c->dead = 1;
                    KIKAN_FAIL(KIKAN_EINPUT);
                }
                KIKAN_CHECK(rec_put(c, b[c->pos]));
                c->pos++;
            }
            while (c->rec_len > start &&
                   (c->rec[c->rec_len - 1] == ' ' || c->rec[c->rec_len - 1] == '\t' ||
                    c->rec[c->rec_len - 1] == '\r')) {
                c->rec_len--;
            }
        }
        KIKAN_CHECK(rec_put(c, '\0'));
        if (c->pos < c->len && b[c->pos] == ',') {
            c->pos++;
            continue;
        }
        if (c->pos < c->len) { /* '\n' */
            c->pos++;
            c->line++;
        }
        break;
    }
    for (int i = 0; i < c->n_fields; i++) {
        c->field[i] = c->rec + c->off[i];
    }
    *got = 1;
cleanup:
    return err;
}

/* ---- open / close ----------------------------------------------------------------------- */

void kikan_csv_close(kikan_csv_t **csv)
{
    if (csv == NULL || *csv == NULL) {
        return;
    }
    kikan_csv_t *c = *csv;
    for (int i = 0; i < c->n_cols; i++) {
        free(c->cols[i]);
    }
    free(c->cols);
    free(c->known);
    for (int i = 0; i < c->n_asked; i++) {
        free(c->asked[i]);
    }
    free(c->asked);
    for (int i = 0; i < c->n_skipped; i++) {
        free(c->skipped[i]);
    }
    free(c->skipped);
    free(c->display);
    free(c->buf);
    free(c->rec);
    free(c->off);
    free(c->field);
    free(c);
    *csv = NULL;
}

kikan_error_t kikan_csv_open(kikan_ctx_t *ctx, const char *path, const char *display,
                             kikan_csv_t **csv)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *c = calloc(1, sizeof(*c));
    KIKAN_CHECK_ALLOC(c);
    c->ctx = ctx;
    c->line = 1;
    c->key_col = -1;
    c->display = strdup(display);
    KIKAN_CHECK_ALLOC(c->display);
    err = kikan_read_file(path, KIKAN_CSV_MAX_FILE, &c->buf, &c->len);
    if (err == KIKAN_EIO) {
        kikan_diag_add(ctx, "%s: cannot read: %s", display, strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    } else if (err == KIKAN_ELIMIT) {
        if (c->len > 0) {
            kikan_diag_add(ctx, "%s: too large (%zu bytes; limit %zu)", display, c->len,
                           KIKAN_CSV_MAX_FILE);
        } else {
            kikan_diag_add(ctx, "%s: too large (more than %zu bytes; limit %zu)", display,
                           KIKAN_CSV_MAX_FILE, KIKAN_CSV_MAX_FILE);
        }
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK(err);
    int line = 0, col = 0;
    const char *why = kikan_text_check(c->buf, c->len, &line, &col);
    if (why != NULL) {
        kikan_diag_add(ctx, "%s:%d: %s", display, line, why);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    /* bound the physical line length */
    line = 1;
    size_t start = 0;
    for (size_t i = 0; i <= c->len; i++) {
        if (i == c->len || c->buf[i] == '\n') {
            if (i - start > KIKAN_CSV_MAX_LINE) {
                kikan_diag_add(ctx, "%s:%d: line longer than %zu bytes", display, line,
                               KIKAN_CSV_MAX_LINE);
                KIKAN_FAIL(KIKAN_EINPUT);
            }
            start = i + 1;
            line++;
        }
    }
    int got = 0;
    KIKAN_CHECK(read_record(c, &got));
    if (!got) {
        kikan_diag_add(ctx, "%s:%d: empty table, expected a header line naming the columns",
                       display, c->line);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    c->header_line = c->row_line;
    c->cols = calloc((size_t)c->n_fields, sizeof(*c->cols));
    KIKAN_CHECK_ALLOC(c->cols);
    c->known = calloc((size_t)c->n_fields, 1);
    KIKAN_CHECK_ALLOC(c->known);
    int bad = 0;
    for (int i = 0; i < c->n_fields; i++) {
        c->cols[i] = strdup(c->field[i]);
        KIKAN_CHECK_ALLOC(c->cols[i]);
        c->n_cols++;
        if (c->cols[i][0] == '\0') {
            report(c, c->header_line, "empty column name in the header (column %d)", i + 1);
            bad++;
        }
        for (int j = 0; j < i; j++) {
            if (c->cols[i][0] != '\0' && strcmp(c->cols[i], c->cols[j]) == 0) {
                report(c, c->header_line, "duplicate column '%s' in the header", c->cols[i]);
                bad++;
                break;
            }
        }
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *csv = c;
    c = NULL;
cleanup:
    kikan_csv_close(&c);
    return err;
}

/* ---- header ----------------------------------------------------------------------------- */

/* Append a copy of s to a growable string list (best effort: a failed copy is dropped). */
static void list_add(char ***list, int *n, int *cap, const char *s)
{
    if (*n == *cap) {
        int ncap = *cap ? 2 * *cap : 16;
        char **l = realloc(*list, (size_t)ncap * sizeof(*l));
        if (l == NULL) {
            return;
        }
        *list = l;
        *cap = ncap;
    }
    char *copy = strdup(s);
    if (copy != NULL) {
        (*list)[(*n)++] = copy;
    }
}

int kikan_csv_col(kikan_csv_t *csv, const char *name)
{
    int seen = 0;
    for (int i = 0; i < csv->n_asked && !seen; i++) {
        seen = strcmp(csv->asked[i], name) == 0;
    }
    if (!seen) {
        list_add(&csv->asked, &csv->n_asked, &csv->cap_asked, name);
    }
    for (int i = 0; i < csv->n_cols; i++) {
        if (strcmp(csv->cols[i], name) == 0) {
            csv->known[i] = 1;
            return i;
        }
    }
    return -1;
}

int kikan_csv_check_header(kikan_csv_t *csv, const char *const *required, int strict)
{
    int problems = 0;
    for (int r = 0; required && required[r]; r++) {
        if (kikan_csv_col(csv, required[r]) < 0) {
            report(csv, csv->header_line, "missing required column '%s'", required[r]);
            problems++;
        }
    }
    if (!strict) {
        return problems;
    }
    for (int i = 0; i < csv->n_cols; i++) {
        if (csv->known[i]) {
            continue;
        }
        char sh[80];
        const char *s = kikan_suggest(csv->cols[i], (const char *const *)csv->asked, csv->n_asked);
        if (s) {
            report(csv, csv->header_line, "unknown column '%s' (did you mean '%s'?)",
                   kikan_text_shorten(csv->cols[i], sh), s);
        } else {
            report(csv, csv->header_line, "unknown column '%s'",
                   kikan_text_shorten(csv->cols[i], sh));
        }
        problems++;
    }
    return problems;
}

int kikan_csv_n_cols(const kikan_csv_t *csv)
{
    return csv->n_cols;
}

const char *kikan_csv_col_name(const kikan_csv_t *csv, int col)
{
    return col >= 0 && col < csv->n_cols ? csv->cols[col] : "";
}

int kikan_csv_header_line(const kikan_csv_t *csv)
{
    return csv->header_line;
}

int kikan_csv_col_known(const kikan_csv_t *csv, int col)
{
    return col >= 0 && col < csv->n_cols && csv->known[col];
}

/* ---- rows ------------------------------------------------------------------------------- */

kikan_error_t kikan_csv_next(kikan_csv_t *csv, int *has_row)
{
    kikan_error_t err = KIKAN_OK;
    *has_row = 0;
    for (;;) {
        int got = 0;
        KIKAN_CHECK(read_record(csv, &got));
        if (!got) {
            break;
        }
        if (csv->n_fields != csv->n_cols) {
            report(csv, csv->row_line, "expected %d fields, got %d", csv->n_cols, csv->n_fields);
            if (csv->key_col >= 0 && csv->key_col < csv->n_fields &&
                csv->field[csv->key_col][0] != '\0') {
                list_add(&csv->skipped, &csv->n_skipped, &csv->cap_skipped,
                         csv->field[csv->key_col]);
            }
            continue;
        }
        *has_row = 1;
        break;
    }
cleanup:
    return err;
}

void kikan_csv_set_key(kikan_csv_t *csv, int col)
{
    csv->key_col = col;
}

int kikan_csv_n_skipped(const kikan_csv_t *csv)
{
    return csv->n_skipped;
}

const char *kikan_csv_skipped(const kikan_csv_t *csv, int i)
{
    return i >= 0 && i < csv->n_skipped ? csv->skipped[i] : "";
}

int kikan_csv_line(const kikan_csv_t *csv)
{
    return csv->row_line;
}

const char *kikan_csv_display(const kikan_csv_t *csv)
{
    return csv->display;
}

const char *kikan_csv_str(const kikan_csv_t *csv, int col)
{
    if (col < 0 || col >= csv->n_fields) {
        return "";
    }
    return csv->field[col];
}

int kikan_csv_n_errors(const kikan_csv_t *csv)
{
    return csv->n_errors;
}

/* ---- typed fields ----------------------------------------------------------------------- */

static void bad_value(kikan_csv_t *csv, int col, const char *expected)
{
    char sh[80];
    kikan_csv_error(csv, "%s: expected %s, got '%s'", csv->cols[col], expected,
                    kikan_text_shorten(kikan_csv_str(csv, col), sh));
}

int kikan_csv_required(kikan_csv_t *csv, int col, const char **out)
{
    const char *s = kikan_csv_str(csv, col);
    *out = s;
    if (s[0] == '\0') {
        kikan_csv_error(csv, "%s: required value is empty", kikan_csv_col_name(csv, col));
        return 0;
    }
    return 1;
}

/* Only decimal notation: no hex, no inf/nan words. */
static int decimal_chars(const char *s)
{
    for (; *s; s++) {
        if (strchr("0123456789+-.eE", *s) == NULL) {
            return 0;
        }
    }
    return 1;
}

int kikan_csv_number(kikan_csv_t *csv, int col, double def, double *out)
{
    const char *s = kikan_csv_str(csv, col);
    if (s[0] == '\0') {
        *out = def;
        return 1;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (!decimal_chars(s) || *end != '\0' || end == s || !isfinite(v) ||
        (errno == ERANGE && fabs(v) > 1.0) || v < 0) {
        bad_value(csv, col, "a number >= 0");
        *out = def;
        return 0;
    }
    *out = v == 0 ? 0.0 : v; /* no -0 */
    return 1;
}

int kikan_csv_int(kikan_csv_t *csv, int col, int min, int max, int def, int *out)
{
    const char *s = kikan_csv_str(csv, col);
    if (s[0] == '\0') {
        *out = def;
        return 1;
    }
    const char *p = s + (s[0] == '+' || s[0] == '-');
    int digits = p[0] != '\0';
    for (const char *q = p; *q; q++) {
        digits &= *q >= '0' && *q <= '9';
    }
    char *end = NULL;
    errno = 0;
    int64_t v = digits ? strtoll(s, &end, 10) : 0;
    if (!digits || errno == ERANGE || v < min || v > max) {
        char expected[64];
        if (max == INT_MAX) {
            snprintf(expected, sizeof(expected), "an integer >= %d", min);
        } else {
            snprintf(expected, sizeof(expected), "an integer in [%d, %d]", min, max);
        }
        bad_value(csv, col, expected);
        *out = def;
        return 0;
    }
    *out = (int)v;
    return 1;
}

int kikan_csv_flag(kikan_csv_t *csv, int col, int def, int *out)
{
    const char *s = kikan_csv_str(csv, col);
    if (s[0] == '\0') {
        *out = def;
        return 1;
    }
    if (strcmp(s, "0") == 0 || strcmp(s, "1") == 0) {
        *out = s[0] == '1';
        return 1;
    }
    bad_value(csv, col, "0 or 1");
    *out = def;
    return 0;
}

/* ---- writing ---- */

void kikan_csv_put_field(FILE *f, const char *s)
{
    s = s != NULL ? s : "";
    size_t len = strlen(s);
    int quote = len > 0 && (s[0] == '#' || s[0] == ' ' || s[len - 1] == ' ' || s[0] == '\t' ||
                            s[len - 1] == '\t');
    quote = quote || strpbrk(s, ",\"\r\n") != NULL;
    if (!quote) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}
