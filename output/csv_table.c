/*
 * The one CSV writer (output/csv_table.h): a header, the rows, written to a
 * temporary file and renamed over the final name only when every write
 * succeeded, so a reader never sees half a table and a failed write leaves
 * the previous file as it was.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/text.h"
#include "output/csv_table.h"
#include "scenarios/csv.h"

void kikan_csv_num(FILE *f, double x)
{
    fputc(',', f);
    if (isfinite(x)) {
        fprintf(f, "%.17g", x);
    }
}

kikan_error_t kikan_atomic_fopen(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *at, FILE **f)
{
    *f = NULL;
    kikan_error_t err = kikan_atomic_begin(ctx, path, at);
    if (err != KIKAN_OK) {
        return err;
    }
    int fd = dup(at->fd);
    if (fd < 0 || (*f = fdopen(fd, "w")) == NULL) {
        if (fd >= 0) {
            close(fd);
        }
        kikan_diag_add(ctx, "cannot write '%s': cannot open a stream on its temporary file", path);
        return KIKAN_EIO;
    }
    return KIKAN_OK;
}

/* Close *f (set to NULL); KIKAN_EIO with a diagnostic naming path when any write failed. */
static kikan_error_t stream_close(kikan_ctx_t *ctx, const char *path, FILE **f)
{
    int bad = ferror(*f);
    bad |= fclose(*f) != 0;
    *f = NULL;
    if (bad) {
        kikan_diag_add(ctx, "cannot write '%s': write error", path);
        return KIKAN_EIO;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_atomic_fclose(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *at, FILE **f)
{
    const kikan_error_t err = stream_close(ctx, path, f);
    return err != KIKAN_OK ? err : kikan_atomic_commit(ctx, at);
}

kikan_error_t kikan_atomic_stage(kikan_ctx_t *ctx, const char *path, kikan_csv_body_fn body,
                                 const void *arg, kikan_atomic_t *at)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    KIKAN_CHECK(kikan_atomic_fopen(ctx, path, at, &f));
    body(f, arg);
    KIKAN_CHECK(stream_close(ctx, path, &f));
    KIKAN_CHECK(kikan_atomic_sync(ctx, at));
cleanup:
    if (f != NULL) {
        fclose(f);
    }
    if (err != KIKAN_OK) {
        kikan_atomic_abort(at);
    }
    return err;
}

kikan_error_t kikan_atomic_write(kikan_ctx_t *ctx, const char *path, kikan_csv_body_fn body,
                                 const void *arg)
{
    kikan_error_t err = KIKAN_OK;
    kikan_atomic_t at = {NULL, NULL, -1};
    KIKAN_CHECK(kikan_atomic_stage(ctx, path, body, arg, &at));
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at));
cleanup:
    kikan_atomic_abort(&at);
    return err;
}

typedef struct {
    const kikan_csv_col_t *cols;
    int n_cols;
    kikan_csv_body_fn body;
    const void *arg;
} table_arg_t;

/* The header line, then the caller's rows. */
static void table_body(FILE *f, const void *arg)
{
    const table_arg_t *t = arg;
    for (int c = 0; c < t->n_cols; c++) {
        if (c > 0) {
            fputc(',', f);
        }
        kikan_csv_put_field(f, t->cols[c].name);
    }
    fputc('\n', f);
    t->body(f, t->arg);
}

kikan_error_t kikan_csv_write_file(kikan_ctx_t *ctx, const char *path, const kikan_csv_col_t *cols,
                                   int n_cols, kikan_csv_body_fn body, const void *arg)
{
    const table_arg_t t = {cols, n_cols, body, arg};
    return kikan_atomic_write(ctx, path, table_body, &t);
}

kikan_error_t kikan_csv_stage_file(kikan_ctx_t *ctx, const char *path, const kikan_csv_col_t *cols,
                                   int n_cols, kikan_csv_body_fn body, const void *arg,
                                   kikan_atomic_t *at)
{
    const table_arg_t t = {cols, n_cols, body, arg};
    return kikan_atomic_stage(ctx, path, table_body, &t, at);
}

void kikan_csv_json_columns(FILE *f, const kikan_csv_col_t *cols, int n_cols)
{
    fputc('[', f);
    for (int c = 0; c < n_cols; c++) {
        fputs(c ? ", " : "", f);
        fputs("{\"name\": ", f);
        kikan_json_string(f, cols[c].name);
        fputs(", \"unit\": ", f);
        kikan_json_string(f, cols[c].unit);
        fputc('}', f);
    }
    fputc(']', f);
}

char *kikan_csv_provenance_path(const char *csv_path)
{
    const size_t len = strlen(csv_path);
    const size_t stem = len >= 4 && strcmp(csv_path + len - 4, ".csv") == 0 ? len - 4 : len;
    char *prov = malloc(stem + sizeof(".provenance.json"));
    if (prov != NULL) {
        memcpy(prov, csv_path, stem);
        strcpy(prov + stem, ".provenance.json");
    }
    return prov;
}
