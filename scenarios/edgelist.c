/*
 * Readers of plain id lists: edge lists ("u v" per line) and vertex lists
 * (one id per line), 0-based ids below n, "#" comments and blank lines
 * allowed. One reader serves every command that takes such files
 * (percolate, load, threshold) and the fuzz target. See edgelist.h.
 *
 * DESIGN: the whole file is read at once and parsed by hand (strtoll was a
 * third of the time to read a 27 MB edge list); the reader keeps going after
 * a bad line so that one run reports every problem (up to MAX_DIAGS lines),
 * and gives up only on I/O or memory failures.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/graph_io.h"
#include "scenarios/graphfile.h"

enum { MAX_DIAGS = 20 };

/* Skip blanks; 1 if the rest of the line [s, end) is empty or a comment. */
static int rest_is_empty(const char *s, const char *end)
{
    while (s < end && (*s == ' ' || *s == '\t' || *s == '\r')) {
        s++;
    }
    return s == end || *s == '#';
}

/* Number of blank-separated fields before a comment or the line end. */
static int field_count(const char *s, const char *end)
{
    int n = 0;
    while (s < end && *s != '#') {
        while (s < end && (*s == ' ' || *s == '\t' || *s == '\r')) {
            s++;
        }
        if (s == end || *s == '#') {
            break;
        }
        n++;
        while (s < end && *s != ' ' && *s != '\t' && *s != '\r' && *s != '#') {
            s++;
        }
    }
    return n;
}

/*
 * Parse one decimal id at *s (leading blanks skipped, optional sign, at most
 * 18 digits so it cannot overflow), followed by a blank, '#' or the line end.
 * 1 and advance on success. Hand-written: strtoll was a third of the time to
 * read a 27 MB edge list.
 */
static int parse_id(const char **s, const char *end, int64_t *v)
{
    const char *p = *s;
    while (p < end && (*p == ' ' || *p == '\t')) {
        p++;
    }
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    int64_t x = 0;
    int digits = 0;
    while (p < end && *p >= '0' && *p <= '9') {
        if (++digits > 18) {
            return 0;
        }
        x = 10 * x + (*p - '0');
        p++;
    }
    if (digits == 0 || !(p == end || *p == ' ' || *p == '\t' || *p == '\r' || *p == '#')) {
        return 0;
    }
    *v = neg ? -x : x;
    *s = p;
    return 1;
}

/* The whole file in one malloc'd buffer (*len bytes); NULL on failure (errno set). */
static char *slurp(FILE *f, size_t *len)
{
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            break;
        }
        char *nb = realloc(buf, cap * 2);
        if (nb == NULL) {
            free(buf);
            return NULL;
        }
        buf = nb;
        cap *= 2;
    }
    *len = n;
    return buf;
}

/* Report a line whose ids could not be read: the malformed id (`failed`, its start tok[]) when
   the line has the right number of fields, else the whole line. */
static void report_malformed(kikan_ctx_t *ctx, const char *path, int64_t lineno, const char *line,
                             const char *end, int per_line, int failed, const char *const tok[2])
{
    if (failed >= 0 && field_count(line, end) == per_line) {
        /* a present but malformed id, on a line with the right number of fields */
        const char *t = tok[failed], *te = t;
        while (te < end && *te != ' ' && *te != '\t' && *te != '\r' && *te != '#') {
            te++;
        }
        kikan_diag_add(ctx,
                       "%s:%" PRId64 ": field %d: expected a non-negative integer id, got '%.*s'",
                       path, lineno, failed + 1, (int)(te - t > 40 ? 40 : te - t), t);
        return;
    }
    int shown = (int)(end - line);
    shown = shown > 0 && line[shown - 1] == '\r' ? shown - 1 : shown;
    kikan_diag_add(ctx, "%s:%" PRId64 ": expected %s, got '%.*s'", path, lineno,
                   per_line == 2 ? "two vertex ids 'u v'" : "one vertex id",
                   shown > 80 ? 80 : shown, line);
}

/*
 * The ids of one line (line..end) into v[]: 1 when it holds per_line ids in [0, n); 0 for an
 * empty line or a bad one (counted in *bad, reported while *bad <= MAX_DIAGS).
 */
static int line_ids(kikan_ctx_t *ctx, const char *path, int64_t lineno, const char *line,
                    const char *end, int per_line, kikan_id_t n, int64_t v[2], int64_t *bad)
{
    if (memchr(line, '\0', (size_t)(end - line)) != NULL) {
        if (++*bad <= MAX_DIAGS) {
            kikan_diag_add(ctx, "%s:%" PRId64 ": NUL byte in line", path, lineno);
        }
        return 0;
    }
    if (rest_is_empty(line, end)) {
        return 0;
    }
    const char *s = line;
    const char *tok[2] = {line, line};
    int ok = 1, failed = -1;
    v[0] = v[1] = 0;
    for (int j = 0; j < per_line && ok; j++) {
        while (s < end && (*s == ' ' || *s == '\t')) {
            s++;
        }
        tok[j] = s;
        ok = parse_id(&s, end, &v[j]);
        failed = ok ? -1 : j;
    }
    if (!ok || !rest_is_empty(s, end)) {
        if (++*bad <= MAX_DIAGS) {
            report_malformed(ctx, path, lineno, line, end, per_line, failed, tok);
        }
        return 0;
    }
    for (int j = 0; j < per_line; j++) {
        if (v[j] < 0 || v[j] >= n) {
            if (++*bad <= MAX_DIAGS) {
                kikan_diag_add(ctx,
                               "%s:%" PRId64 ": field %d: vertex id '%" PRId64
                               "' outside [0, %" PRId32 ")",
                               path, lineno, j + 1, v[j], n);
            }
            return 0;
        }
    }
    return 1;
}

/*
 * Read a file of lines holding `per_line` ids each into a growing array.
 * Reports every problem (up to MAX_DIAGS) and returns KIKAN_EINPUT if any.
 */
kikan_error_t kikan_idlines_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n, int per_line,
                                 kikan_id_t **ids, int64_t *count)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    char *text = NULL;
    size_t size = 0;
    kikan_id_t *buf = NULL;
    int64_t cap = 0, len = 0, lineno = 0, bad = 0;
    *ids = NULL;
    *count = 0;
    f = fopen(path, "rb");
    if (f == NULL) {
        kikan_diag_add(ctx, "%s: cannot open: %s", path, strerror(errno));
        KIKAN_FAIL(KIKAN_EINPUT); /* a missing input file is bad input */
    }
    text = slurp(f, &size);
    if (text == NULL || ferror(f)) {
        kikan_diag_add(ctx, "%s: read error", path);
        KIKAN_FAIL(text == NULL ? KIKAN_ENOMEM : KIKAN_EIO);
    }
    const char *pos = text, *stop = text + size;
    while (pos < stop) {
        const char *eol = memchr(pos, '\n', (size_t)(stop - pos));
        const char *line = pos, *end = eol != NULL ? eol : stop;
        int64_t v[2];
        pos = eol != NULL ? eol + 1 : stop;
        lineno++;
        if (!line_ids(ctx, path, lineno, line, end, per_line, n, v, &bad)) {
            continue;
        }
        if (len + per_line > cap) {
            int64_t ncap = cap ? 2 * cap : 1024;
            if (ncap > (int64_t)KIKAN_ID_MAX) {
                ncap = KIKAN_ID_MAX;
            }
            if (len + per_line > ncap) {
                kikan_diag_add(ctx, "%s:%" PRId64 ": too many entries", path, lineno);
                KIKAN_FAIL(KIKAN_ELIMIT);
            }
            kikan_id_t *nb = kikan_ctx_realloc(ctx, buf, (size_t)ncap * sizeof(kikan_id_t));
            KIKAN_CHECK_ALLOC(nb);
            buf = nb;
            cap = ncap;
        }
        for (int j = 0; j < per_line; j++) {
            buf[len++] = (kikan_id_t)v[j];
        }
    }
    if (bad > MAX_DIAGS) {
        kikan_diag_add(ctx, "%s: %" PRId64 " more bad lines not shown", path, bad - MAX_DIAGS);
    }
    if (bad > 0) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *ids = buf;
    *count = len;
    buf = NULL;
cleanup:
    free(text);
    free(buf);
    if (f != NULL) {
        fclose(f);
    }
    return err;
}

kikan_error_t kikan_edgelist_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **edges, kikan_id_t *m)
{
    kikan_error_t err = KIKAN_OK;
    int64_t len = 0;
    if (ctx == NULL || path == NULL || edges == NULL || m == NULL || n < 0) {
        return KIKAN_EINVAL;
    }
    *edges = NULL;
    *m = 0;
    if (kikan_graphfile_is_igraph(path)) { /* GraphML / GML: igraph's readers */
        return kikan_graphfile_read(ctx, path, n, edges, m);
    }
    KIKAN_CHECK(kikan_idlines_read(ctx, path, n, 2, edges, &len));
    if (len / 2 > KIKAN_ID_MAX / 2) {
        free(*edges);
        *edges = NULL;
        kikan_diag_add(ctx, "%s: too many edges (limit %d)", path, (int)(KIKAN_ID_MAX / 2));
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    *m = (kikan_id_t)(len / 2);
    if (*m == 0) {
        free(*edges);
        *edges = NULL;
    }
cleanup:
    return err;
}
