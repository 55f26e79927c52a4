/*
 * Strict reader of numeric CSV matrices and vectors for the inoperability
 * input-output model (kikan_iim_read_csv, declared in include/kikan/iim.h).
 *
 * DESIGN: the IIM's inputs are small dense tables typed by hand or exported
 * from a spreadsheet, so the reader is strict rather than forgiving: every
 * field must be one whole finite number (strtod must consume it all), every
 * row must have as many fields as the first, and every problem is reported
 * with file, line and field before the reader gives up.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/iim.h"

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') {
        s++;
    }
    char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n')) {
        *--e = '\0';
    }
    return s;
}

kikan_error_t kikan_iim_read_csv(kikan_ctx_t *ctx, const char *path, kikan_id_t *rows,
                                 kikan_id_t *cols, double **values)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    char *line = NULL;
    size_t cap_line = 0;
    double *buf = NULL;
    int64_t count = 0, cap = 0;
    kikan_id_t nrows = 0, ncols = -1;
    int bad = 0;

    *rows = 0;
    *cols = 0;
    *values = NULL;
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
        char *s = trim(line);
        if (*s == '\0' || *s == '#') {
            continue;
        }
        kikan_id_t nf = 0;
        char *p = s;
        for (;;) {
            char *comma = strchr(p, ',');
            if (comma != NULL) {
                *comma = '\0';
            }
            char *field = trim(p);
            nf++;
            char *end = NULL;
            errno = 0;
            double v = field[0] != '\0' ? strtod(field, &end) : 0.0;
            if (field[0] == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v)) {
                KIKAN_CHECK(kikan_diag_add(
                    ctx, "%s:%" PRId64 ": field %d: expected a finite number, got '%.40s'", path,
                    lineno, (int)nf, field));
                bad++;
            } else {
                if (count == cap) {
                    int64_t ncap = cap ? cap * 2 : 64;
                    if (ncap > KIKAN_ID_MAX) {
                        KIKAN_CHECK(
                            kikan_diag_add(ctx, "%s:%" PRId64 ": table too large", path, lineno));
                        KIKAN_FAIL(KIKAN_ELIMIT);
                    }
                    double *nb = kikan_ctx_realloc(ctx, buf, (size_t)ncap * sizeof(double));
                    KIKAN_CHECK_ALLOC(nb);
                    buf = nb;
                    cap = ncap;
                }
                buf[count++] = v;
            }
            if (comma == NULL) {
                break;
            }
            p = comma + 1;
        }
        if (ncols < 0) {
            ncols = nf;
        } else if (nf != ncols) {
            KIKAN_CHECK(kikan_diag_add(ctx, "%s:%" PRId64 ": %d field%s, but the first row has %d",
                                       path, lineno, (int)nf, nf == 1 ? "" : "s", (int)ncols));
            bad++;
        }
        nrows++;
    }
    if (ferror(f)) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: read error", path));
        KIKAN_FAIL(KIKAN_EIO);
    }
    if (!bad && nrows == 0) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s:%" PRId64 ": no numbers in the file", path, lineno));
        bad++;
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *rows = nrows;
    *cols = ncols;
    *values = buf;
    buf = NULL;
cleanup:
    free(buf);
    free(line);
    if (f != NULL) {
        fclose(f);
    }
    return err;
}
