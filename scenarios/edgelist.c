/*
 * Plain edge-list reader (see edgelist.h).
 *
 * DESIGN: the reader keeps going after a bad line so that one run reports
 * every problem of the file; it only gives up on I/O or memory failures.
 * Ids are parsed with strtoll and range-checked against n, so "3.5", "1e3",
 * "0x10" and ids beyond int32 are all rejected with the offending token.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "scenarios/edgelist.h"

/* Parse one non-negative id token [s, e); 1 on success. */
static int parse_id(const char *s, const char *e, kikan_id_t n, kikan_id_t *out, int *range)
{
    char buf[32];
    size_t len = (size_t)(e - s);
    *range = 0;
    if (len == 0 || len >= sizeof(buf)) {
        return 0;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';
    for (size_t i = 0; i < len; i++) {
        if ((buf[i] < '0' || buf[i] > '9') && !(i == 0 && buf[i] == '-')) {
            return 0;
        }
    }
    if (buf[0] == '-' && len == 1) {
        return 0;
    }
    errno = 0;
    char *end = NULL;
    intmax_t v = strtoimax(buf, &end, 10);
    if (*end != '\0') {
        return 0;
    }
    if (errno == ERANGE || v < 0 || v >= (intmax_t)n) {
        *range = 1;
        return 0;
    }
    *out = (kikan_id_t)v;
    return 1;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

kikan_error_t kikan_edgelist_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **edges, kikan_id_t *m)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    char *line = NULL;
    size_t cap_line = 0;
    kikan_id_t *buf = NULL;
    int64_t count = 0, cap = 0;
    int bad = 0;

    *edges = NULL;
    *m = 0;
    if (n < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    f = fopen(path, "r");
    if (f == NULL) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: cannot open: %s", path, strerror(errno)));
        /* a missing or unreadable input is the user's input problem: exit 2 */
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    int64_t lineno = 0;
    ssize_t got;
    while ((got = getline(&line, &cap_line, f)) != -1) {
        lineno++;
        if ((size_t)got != strlen(line)) {
            KIKAN_CHECK(kikan_diag_add(ctx, "%s:%" PRId64 ": NUL byte in line", path, lineno));
            bad++;
            continue;
        }
        char *hash = strchr(line, '#');
        if (hash != NULL) {
            *hash = '\0';
        }
        const char *tok[3];
        const char *tend[3];
        int ntok = 0;
        const char *p = line;
        while (*p != '\0') {
            while (*p != '\0' && is_blank(*p)) {
                p++;
            }
            if (*p == '\0') {
                break;
            }
            const char *s = p;
            while (*p != '\0' && !is_blank(*p)) {
                p++;
            }
            if (ntok < 3) {
                tok[ntok] = s;
                tend[ntok] = p;
            }
            ntok++;
        }
        if (ntok == 0) {
            continue;
        }
        if (ntok != 2) {
            KIKAN_CHECK(kikan_diag_add(
                ctx, "%s:%" PRId64 ": expected two vertex ids 'u v', found %d field%s", path,
                lineno, ntok, ntok == 1 ? "" : "s"));
            bad++;
            continue;
        }
        kikan_id_t uv[2];
        int ok = 1;
        for (int k = 0; k < 2; k++) {
            int range = 0;
            if (!parse_id(tok[k], tend[k], n, &uv[k], &range)) {
                int len = (int)(tend[k] - tok[k]);
                if (range) {
                    KIKAN_CHECK(kikan_diag_add(
                        ctx, "%s:%" PRId64 ": field %d: vertex id '%.*s' outside [0, %d)", path,
                        lineno, k + 1, len, tok[k], (int)n));
                } else {
                    KIKAN_CHECK(kikan_diag_add(
                        ctx,
                        "%s:%" PRId64 ": field %d: expected a non-negative integer id, got '%.*s'",
                        path, lineno, k + 1, len > 40 ? 40 : len, tok[k]));
                }
                ok = 0;
            }
        }
        if (!ok) {
            bad++;
            continue;
        }
        if (count >= KIKAN_ID_MAX / 2) {
            KIKAN_CHECK(kikan_diag_add(ctx, "%s:%" PRId64 ": too many edges (limit %d)", path,
                                       lineno, (int)(KIKAN_ID_MAX / 2)));
            KIKAN_FAIL(KIKAN_ELIMIT);
        }
        if (count == cap) {
            int64_t ncap = cap ? cap * 2 : 1024;
            kikan_id_t *nb = kikan_ctx_realloc(ctx, buf, (size_t)ncap * 2 * sizeof(*buf));
            KIKAN_CHECK_ALLOC(nb);
            buf = nb;
            cap = ncap;
        }
        buf[2 * count] = uv[0];
        buf[2 * count + 1] = uv[1];
        count++;
    }
    if (ferror(f)) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: read error", path));
        KIKAN_FAIL(KIKAN_EIO);
    }
    if (bad > 0) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *edges = buf;
    *m = (kikan_id_t)count;
    buf = NULL;
cleanup:
    free(buf);
    free(line);
    if (f != NULL) {
        fclose(f);
    }
    return err;
}
