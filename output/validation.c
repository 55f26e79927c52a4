/*
 * The validation table (docs/validation.csv): recorded incidents against the
 * model, one row per figure, for the HTML report (`kikan report
 * --validation FILE`). The rows are written and checked by
 * tests/validation/test_incidents.c; this file only reads them.
 */
#include <stdlib.h>
#include <string.h>
#include "kikan/output.h"
#include "scenarios/csv.h"

static const char *const COLS[KIKAN_VALIDATION_COLS] = {"incident", "figure",    "record",
                                                        "model",    "tolerance", "verdict"};

void kikan_validation_free(kikan_validation_t **v)
{
    if (v == NULL || *v == NULL) {
        return;
    }
    for (int i = 0; i < (*v)->n_rows * KIKAN_VALIDATION_COLS; i++) {
        free((*v)->cells[i]);
    }
    free((*v)->cells);
    free(*v);
    *v = NULL;
}

kikan_error_t kikan_validation_load(kikan_ctx_t *ctx, const char *path, kikan_validation_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    kikan_validation_t *v = NULL;
    int col[KIKAN_VALIDATION_COLS], cap = 0;
    if (ctx == NULL || path == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    KIKAN_CHECK(kikan_csv_open(ctx, path, path, &csv));
    for (int j = 0; j < KIKAN_VALIDATION_COLS; j++) {
        col[j] = kikan_csv_col(csv, COLS[j]);
    }
    static const char *const req[] = {"incident",  "figure",  "record", "model",
                                      "tolerance", "verdict", NULL};
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK_ALLOC(v = calloc(1, sizeof(*v)));
    for (;;) {
        int has = 0;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        const char *verdict = kikan_csv_str(csv, col[5]);
        if (strcmp(verdict, "within") != 0 && strcmp(verdict, "miss") != 0) {
            kikan_csv_error(csv, "verdict: expected within or miss, got '%s'", verdict);
            continue;
        }
        if (v->n_rows == cap) {
            cap = cap ? 2 * cap : 16;
            char **nc = realloc(v->cells, (size_t)cap * KIKAN_VALIDATION_COLS * sizeof(*nc));
            KIKAN_CHECK_ALLOC(nc);
            v->cells = nc;
        }
        char **row = v->cells + (size_t)v->n_rows * KIKAN_VALIDATION_COLS;
        for (int j = 0; j < KIKAN_VALIDATION_COLS; j++) {
            row[j] = NULL;
        }
        v->n_rows++;
        for (int j = 0; j < KIKAN_VALIDATION_COLS; j++) {
            KIKAN_CHECK_ALLOC(row[j] = strdup(kikan_csv_str(csv, col[j])));
        }
    }
    if (kikan_csv_n_errors(csv) > 0) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *out = v;
    v = NULL;
cleanup:
    kikan_validation_free(&v);
    kikan_csv_close(&csv);
    return err;
}
