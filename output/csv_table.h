/*
 * Private to output/ and its tests: the one CSV writer of kikan's tables (the
 * run's, output/summary.c, and the scope's, output/scope_csv.c) and the
 * atomic stream every text output is written through.
 *
 * The column convention: keys first, lower snake_case; a measure is named by
 * the measure (`person_hours`), a statistic over replicates MEASURE_STAT
 * (`_mean`, `_sd`, `_q05`, `_q50`, `_q95`, `_ci_lo`, `_ci_hi`); the unit of every
 * column is listed in the provenance.json beside the tables. The first line is
 * the header and every other line is data (no comment lines); numbers are
 * %.17g (exact round trip), NaN and infinities are empty fields, text is quoted
 * per RFC 4180 when needed (kikan_csv_put_field).
 */
#ifndef KIKAN_OUTPUT_CSV_TABLE_H
#define KIKAN_OUTPUT_CSV_TABLE_H

#include <stdio.h>
#include "output/h5_internal.h"

/** A column: its name (the header) and its unit (provenance.json; "" for keys and text). */
typedef struct {
    const char *name, *unit;
} kikan_csv_col_t;

/** ",x" with x as %.17g, or "," alone when x is NaN or infinite. */
void kikan_csv_num(FILE *f, double x);

/**
 * Open `path` for an atomic write (kikan_atomic_begin): *f is a stream on the
 * temporary file. KIKAN_EINPUT / KIKAN_EIO as kikan_atomic_begin; KIKAN_EIO
 * when the stream cannot be made. On failure *f is NULL (kikan_atomic_abort
 * is harmless).
 */
kikan_error_t kikan_atomic_fopen(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *at, FILE **f);
/**
 * Close *f (set to NULL) and, when every write succeeded, commit: the file
 * replaces `path`. KIKAN_EIO with a diagnostic naming `path` on a write error
 * (disk full, file too large); the caller's kikan_atomic_abort then removes
 * the temporary file and an old `path` is left as it was.
 */
kikan_error_t kikan_atomic_fclose(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *at, FILE **f);

/** Writes the rows of one table (no header) to f. */
typedef void (*kikan_csv_body_fn)(FILE *f, const void *arg);

/**
 * body(f, arg) written to `path` atomically: kikan_atomic_fopen, the body,
 * kikan_atomic_fclose (a write error anywhere in the body is the stream's and
 * is reported there, naming `path`; the old file is then left as it was).
 * The one way output/ writes a text file.
 */
kikan_error_t kikan_atomic_write(kikan_ctx_t *ctx, const char *path, kikan_csv_body_fn body,
                                 const void *arg);
/**
 * The first half of kikan_atomic_write, for a set of files replaced together:
 * body(f, arg) written to a temporary file beside `path` and synced, *at
 * holding it; the caller renames it with kikan_atomic_commit once every file
 * of the set is staged, or removes it with kikan_atomic_abort. On failure
 * (errors as kikan_atomic_write) nothing is left behind and *at is empty.
 */
kikan_error_t kikan_atomic_stage(kikan_ctx_t *ctx, const char *path, kikan_csv_body_fn body,
                                 const void *arg, kikan_atomic_t *at);

/**
 * One CSV file, atomically: the header (the column names), then
 * body(f, arg). Errors as kikan_atomic_fopen / kikan_atomic_fclose.
 */
kikan_error_t kikan_csv_write_file(kikan_ctx_t *ctx, const char *path, const kikan_csv_col_t *cols,
                                   int n_cols, kikan_csv_body_fn body, const void *arg);

/** kikan_csv_write_file staged (kikan_atomic_stage): committed or aborted by the caller. */
kikan_error_t kikan_csv_stage_file(kikan_ctx_t *ctx, const char *path, const kikan_csv_col_t *cols,
                                   int n_cols, kikan_csv_body_fn body, const void *arg,
                                   kikan_atomic_t *at);

/** The columns as provenance.json lists them: [{"name": ..., "unit": ...}, ...]. */
void kikan_csv_json_columns(FILE *f, const kikan_csv_col_t *cols, int n_cols);

/** The provenance beside a single table: FILE.csv -> FILE.provenance.json (malloc'd). */
char *kikan_csv_provenance_path(const char *csv_path);

#endif
