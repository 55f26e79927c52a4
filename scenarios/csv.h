/*
 * A strict CSV reader for the scenario tables (private to scenarios/).
 *
 * DESIGN: the whole file is read into memory (tables are at most a few
 * megabytes; a cap guards against a wrong path pointing at a disk image) and
 * checked once for binary garbage (NUL bytes, invalid UTF-8) before any
 * parsing, so that every later message can quote a field safely. Records
 * follow RFC 4180 (quoted fields, "" for a quote, newlines inside quotes);
 * unquoted fields are trimmed of spaces and tabs; empty lines and lines that
 * start with '#' are skipped; the first remaining line is the header. A row
 * with the wrong number of fields is reported and skipped, so that one bad
 * row does not hide the problems of the next ones. Every problem becomes a
 * diagnostic "FILE:LINE: ..." in the context.
 */
#ifndef KIKAN_SCENARIOS_CSV_H
#define KIKAN_SCENARIOS_CSV_H

#include <stdio.h>
#include <limits.h>
#include <stddef.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

/** Longest physical line accepted (bytes, without the line break). */
#define KIKAN_CSV_MAX_LINE ((size_t)1 << 20)
/** Largest table file accepted (bytes). */
#define KIKAN_CSV_MAX_FILE ((size_t)1 << 30)
/* A row takes at least 2 bytes ("x" and a line break): no table can hold more rows
 * (or lines) than the index type and the line counter count. */
_Static_assert(KIKAN_CSV_MAX_FILE / 2 + 1 < (size_t)KIKAN_ID_MAX && KIKAN_CSV_MAX_FILE < INT_MAX,
               "a table at the size limit could overflow kikan_id_t or the line counter");

typedef struct kikan_csv kikan_csv_t;

/**
 * Open and check the table at `path` and read its header. `display` is the
 * name used in messages. Errors (each with a diagnostic): KIKAN_EIO when the
 * file cannot be read, KIKAN_EINPUT for an empty file, binary data, a line
 * longer than KIKAN_CSV_MAX_LINE or a bad header (empty or duplicate column
 * names); KIKAN_ENOMEM. On success the caller owns *csv (kikan_csv_close).
 */
kikan_error_t kikan_csv_open(kikan_ctx_t *ctx, const char *path, const char *display,
                             kikan_csv_t **csv);
/** Close a reader; accepts NULL, clears the pointer. */
void kikan_csv_close(kikan_csv_t **csv);

/** Index of column `name` (and mark it known), or -1 when absent. */
int kikan_csv_col(kikan_csv_t *csv, const char *name);
/**
 * Check the header: each name in `required` (NULL-terminated) must be present
 * ("FILE:LINE: missing required column 'id'"); with `strict`, every column not
 * yet looked up with kikan_csv_col is unknown ("unknown column 'x' (did you
 * mean 'y'?)", suggesting among the names looked up). Returns the number of
 * problems reported.
 */
int kikan_csv_check_header(kikan_csv_t *csv, const char *const *required, int strict);
/** Header column names and count (for metric columns). */
int kikan_csv_n_cols(const kikan_csv_t *csv);
const char *kikan_csv_col_name(const kikan_csv_t *csv, int col);
/** Line of the header. */
int kikan_csv_header_line(const kikan_csv_t *csv);
/** Whether column `col` was looked up with kikan_csv_col. */
int kikan_csv_col_known(const kikan_csv_t *csv, int col);

/**
 * Advance to the next data row. *has_row is 1 with a row, 0 at the end.
 * Rows with too few or too many fields are reported ("FILE:LINE: expected N
 * fields, got M") and skipped. Errors: KIKAN_EINPUT for a problem that stops
 * the reading (unterminated quote, a character after a closing quote, a
 * quote inside an unquoted field), with a diagnostic; KIKAN_ENOMEM.
 */
kikan_error_t kikan_csv_next(kikan_csv_t *csv, int *has_row);
/**
 * Name the key column (the row's id): the value it holds in each row skipped
 * for a wrong field count is kept (kikan_csv_skipped), so that the caller can
 * treat that id as known-bad instead of reporting every later reference to it.
 */
void kikan_csv_set_key(kikan_csv_t *csv, int col);
int kikan_csv_n_skipped(const kikan_csv_t *csv);
const char *kikan_csv_skipped(const kikan_csv_t *csv, int i);
/** Line of the current row (1-based; the line where the record starts). */
int kikan_csv_line(const kikan_csv_t *csv);
/** The file name used in messages. */
const char *kikan_csv_display(const kikan_csv_t *csv);
/** Field `col` of the current row; "" when col < 0. Valid until the next call to next. */
const char *kikan_csv_str(const kikan_csv_t *csv, int col);
/** Number of problems reported so far (rows, fields, header). */
int kikan_csv_n_errors(const kikan_csv_t *csv);

/*
 * Typed accessors for the current row. Each returns 1 when the value is good
 * (or absent: then *out = def), 0 after reporting
 * "FILE:LINE: COLUMN: expected ..., got 'VALUE'".
 */
/** Required non-empty text ("FILE:LINE: COLUMN: required value is empty"). */
int kikan_csv_required(kikan_csv_t *csv, int col, const char **out);
/** A finite number >= 0. */
int kikan_csv_number(kikan_csv_t *csv, int col, double def, double *out);
/** An integer in [min, max]. */
int kikan_csv_int(kikan_csv_t *csv, int col, int min, int max, int def, int *out);
/** 0 or 1. */
int kikan_csv_flag(kikan_csv_t *csv, int col, int def, int *out);
/** Report a problem with the current row: "FILE:LINE: " + message. Counts as an error. */
void kikan_csv_error(kikan_csv_t *csv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/**
 * A bounded, printable copy of `s` for messages: `s` itself when shorter than
 * 64 bytes, else its first ~60 bytes (cut at a UTF-8 boundary) and "..." in
 * `out`.
 */
const char *kikan_text_shorten(const char *s, char out[80]);
/**
 * Write one CSV field (RFC 4180): quoted when it holds a comma, quote or line
 * break, starts with '#' (a comment to our reader) or has blanks at its ends;
 * NULL is written as empty. Shared by every CSV writer of kikan.
 */
void kikan_csv_put_field(FILE *f, const char *s);

#endif
