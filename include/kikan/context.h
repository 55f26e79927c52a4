/*
 * kikan — the context object: everything that would otherwise be a global.
 *
 * A context carries the thread count, the log level and sink, the quiet flag
 * (no progress line), the diagnostics collected while validating input, and
 * an optional allocation-failure injector used by the tests. Every library
 * entry point that can log, report problems or run in parallel takes one.
 * A context is not shared between threads while it is being changed; the
 * parallel engine only reads it.
 */
#ifndef KIKAN_CONTEXT_H
#define KIKAN_CONTEXT_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include "kikan/error.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** The one index type for vertices, edges and table rows. */
typedef int32_t kikan_id_t;
#define KIKAN_ID_MAX INT32_MAX
/** "no such row" (an absent contractor, an unlimited region...). */
#define KIKAN_NONE ((kikan_id_t)-1)

typedef struct kikan_ctx kikan_ctx_t;

typedef enum {
    KIKAN_LOG_ERROR = 0,
    KIKAN_LOG_WARN = 1,
    KIKAN_LOG_INFO = 2,
    KIKAN_LOG_DEBUG = 3
} kikan_log_level_t;

/** Create a context: threads = all cores (omp_get_max_threads), log level WARN to stderr. */
kikan_error_t kikan_ctx_new(kikan_ctx_t **ctx);
/** Free a context and its diagnostics; accepts NULL, clears the pointer. */
void kikan_ctx_free(kikan_ctx_t **ctx);

kikan_error_t kikan_ctx_set_threads(kikan_ctx_t *ctx, int threads);
int kikan_ctx_threads(const kikan_ctx_t *ctx);
void kikan_ctx_set_log_level(kikan_ctx_t *ctx, kikan_log_level_t level);
void kikan_ctx_set_log_stream(kikan_ctx_t *ctx, FILE *stream);
void kikan_ctx_set_quiet(kikan_ctx_t *ctx, int quiet);
int kikan_ctx_quiet(const kikan_ctx_t *ctx);
/** MPI rank and size the run is part of (0 and 1 without MPI). */
void kikan_ctx_set_mpi(kikan_ctx_t *ctx, int rank, int size);
int kikan_ctx_mpi_rank(const kikan_ctx_t *ctx);
int kikan_ctx_mpi_size(const kikan_ctx_t *ctx);

/** Log a message at `level` (printf-style), if the context's level allows it. */
void kikan_log(const kikan_ctx_t *ctx, kikan_log_level_t level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Diagnostics: problems found in input, one line each, already in the
 * user-facing form "FILE:LINE:COL: message" or "FILE:LINE: field: message".
 * Loaders add every problem they find (not just the first) and then return
 * KIKAN_EINPUT; commands print them and exit 2.
 */
kikan_error_t kikan_diag_add(kikan_ctx_t *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
kikan_error_t kikan_diag_vadd(kikan_ctx_t *ctx, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
int kikan_diag_count(const kikan_ctx_t *ctx);
const char *kikan_diag_get(const kikan_ctx_t *ctx, int i);
void kikan_diag_clear(kikan_ctx_t *ctx);
/**
 * Forget diagnostics n, n+1, ... (keep the first n). Lets a loader replace the
 * messages of a lower-level builder by ones that name file and line.
 */
void kikan_diag_truncate(kikan_ctx_t *ctx, int n);
/** Print every diagnostic, one per line, to `stream`. */
void kikan_diag_print(const kikan_ctx_t *ctx, FILE *stream);

/*
 * Allocation through the context, so that tests can inject failures:
 * kikan_ctx_fail_alloc_after(ctx, n) makes the (n+1)-th following allocation
 * fail (n < 0 disables). Library code that wants its out-of-memory paths
 * tested allocates with these.
 */
void *kikan_ctx_malloc(kikan_ctx_t *ctx, size_t bytes);
void *kikan_ctx_calloc(kikan_ctx_t *ctx, size_t count, size_t bytes);
void *kikan_ctx_realloc(kikan_ctx_t *ctx, void *ptr, size_t bytes);
void kikan_ctx_fail_alloc_after(kikan_ctx_t *ctx, int64_t n);

/** Cooperative interruption (SIGINT/SIGTERM): long loops poll this between blocks. */
void kikan_ctx_request_stop(kikan_ctx_t *ctx);
int kikan_ctx_stop_requested(const kikan_ctx_t *ctx);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
