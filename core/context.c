/*
 * The context object: thread count, logging, diagnostics, allocation-failure
 * injection and the stop flag. See include/kikan/context.h.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_errno.h>
#include <igraph/igraph_error.h>
#include "kikan/context.h"

struct kikan_ctx {
    int threads;
    kikan_log_level_t log_level;
    FILE *log_stream;
    int quiet;
    int mpi_rank, mpi_size;
    char **diag;
    int n_diag, cap_diag;
    int64_t fail_after; /* < 0: never */
    volatile sig_atomic_t stop;
};

/*
 * igraph's and GSL's default error handlers abort the process, so the library's
 * checks of their return codes could never act. Every context switches both to
 * "return the code" (igraph's ignore handler still frees its FINALLY stack);
 * the callers map the codes to kikan errors with a diagnostic. Both settings
 * are process-wide, idempotent, and made here, in serial code, because igraph
 * is built without thread safety.
 */
static void library_errors_return_codes(void)
{
    igraph_set_error_handler(igraph_error_handler_ignore);
    gsl_set_error_handler_off();
}

kikan_error_t kikan_ctx_new(kikan_ctx_t **ctx)
{
    if (ctx == NULL) {
        return KIKAN_EINVAL;
    }
    library_errors_return_codes();
    kikan_ctx_t *c = calloc(1, sizeof(*c));
    if (c == NULL) {
        return KIKAN_ENOMEM;
    }
    c->threads = omp_get_max_threads();
    c->log_level = KIKAN_LOG_WARN;
    c->log_stream = stderr;
    c->mpi_size = 1;
    c->fail_after = -1;
    *ctx = c;
    return KIKAN_OK;
}

void kikan_ctx_free(kikan_ctx_t **ctx)
{
    if (ctx == NULL || *ctx == NULL) {
        return;
    }
    kikan_diag_clear(*ctx);
    free((*ctx)->diag);
    free(*ctx);
    *ctx = NULL;
}

kikan_error_t kikan_ctx_set_threads(kikan_ctx_t *ctx, int threads)
{
    if (threads < 1 || threads > 4096) {
        return KIKAN_EINVAL;
    }
    ctx->threads = threads;
    return KIKAN_OK;
}

int kikan_ctx_threads(const kikan_ctx_t *ctx)
{
    return ctx->threads;
}

void kikan_ctx_set_log_level(kikan_ctx_t *ctx, kikan_log_level_t level)
{
    ctx->log_level = level;
}

void kikan_ctx_set_log_stream(kikan_ctx_t *ctx, FILE *stream)
{
    ctx->log_stream = stream;
}

void kikan_ctx_set_quiet(kikan_ctx_t *ctx, int quiet)
{
    ctx->quiet = quiet != 0;
}

int kikan_ctx_quiet(const kikan_ctx_t *ctx)
{
    return ctx->quiet;
}

void kikan_ctx_set_mpi(kikan_ctx_t *ctx, int rank, int size)
{
    ctx->mpi_rank = rank;
    ctx->mpi_size = size;
}

int kikan_ctx_mpi_rank(const kikan_ctx_t *ctx)
{
    return ctx->mpi_rank;
}

int kikan_ctx_mpi_size(const kikan_ctx_t *ctx)
{
    return ctx->mpi_size;
}

void kikan_log(const kikan_ctx_t *ctx, kikan_log_level_t level, const char *fmt, ...)
{
    static const char *const names[] = {"error", "warning", "info", "debug"};
    if (ctx == NULL || level > ctx->log_level || ctx->log_stream == NULL) {
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    fprintf(ctx->log_stream, "kikan: %s: ", names[level]);
    vfprintf(ctx->log_stream, fmt, ap);
    fputc('\n', ctx->log_stream);
    va_end(ap);
}

kikan_error_t kikan_diag_vadd(kikan_ctx_t *ctx, const char *fmt, va_list ap)
{
    enum { DIAG_MAX = 10000 }; /* a garbage file must not make a million lines */
    if (ctx->n_diag >= DIAG_MAX) {
        return KIKAN_OK;
    }
    if (ctx->n_diag == ctx->cap_diag) {
        int cap = ctx->cap_diag ? 2 * ctx->cap_diag : 16;
        char **d = realloc(ctx->diag, (size_t)cap * sizeof(*d));
        if (d == NULL) {
            return KIKAN_ENOMEM;
        }
        ctx->diag = d;
        ctx->cap_diag = cap;
    }
    va_list aq;
    va_copy(aq, ap);
    int len = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (len < 0) {
        return KIKAN_EINVAL;
    }
    char *s = malloc((size_t)len + 1);
    if (s == NULL) {
        return KIKAN_ENOMEM;
    }
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    ctx->diag[ctx->n_diag++] = s;
    return KIKAN_OK;
}

kikan_error_t kikan_diag_add(kikan_ctx_t *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kikan_error_t err = kikan_diag_vadd(ctx, fmt, ap);
    va_end(ap);
    return err;
}

int kikan_diag_count(const kikan_ctx_t *ctx)
{
    return ctx->n_diag;
}

const char *kikan_diag_get(const kikan_ctx_t *ctx, int i)
{
    if (i < 0 || i >= ctx->n_diag) {
        return "";
    }
    return ctx->diag[i];
}

void kikan_diag_clear(kikan_ctx_t *ctx)
{
    for (int i = 0; i < ctx->n_diag; i++) {
        free(ctx->diag[i]);
    }
    ctx->n_diag = 0;
}

void kikan_diag_truncate(kikan_ctx_t *ctx, int n)
{
    if (n < 0) {
        n = 0;
    }
    for (int i = n; i < ctx->n_diag; i++) {
        free(ctx->diag[i]);
    }
    if (n < ctx->n_diag) {
        ctx->n_diag = n;
    }
}

void kikan_diag_print(const kikan_ctx_t *ctx, FILE *stream)
{
    for (int i = 0; i < ctx->n_diag; i++) {
        fprintf(stream, "%s\n", ctx->diag[i]);
    }
}

static int alloc_should_fail(kikan_ctx_t *ctx)
{
    if (ctx == NULL || ctx->fail_after < 0) {
        return 0;
    }
    if (ctx->fail_after == 0) {
        return 1;
    }
    ctx->fail_after--;
    return 0;
}

void *kikan_ctx_malloc(kikan_ctx_t *ctx, size_t bytes)
{
    return alloc_should_fail(ctx) ? NULL : malloc(bytes ? bytes : 1);
}

void *kikan_ctx_calloc(kikan_ctx_t *ctx, size_t count, size_t bytes)
{
    return alloc_should_fail(ctx) ? NULL : calloc(count ? count : 1, bytes ? bytes : 1);
}

void *kikan_ctx_realloc(kikan_ctx_t *ctx, void *ptr, size_t bytes)
{
    return alloc_should_fail(ctx) ? NULL : realloc(ptr, bytes ? bytes : 1);
}

void kikan_ctx_fail_alloc_after(kikan_ctx_t *ctx, int64_t n)
{
    ctx->fail_after = n < 0 ? -1 : n;
}

void kikan_ctx_request_stop(kikan_ctx_t *ctx)
{
    ctx->stop = 1;
}

int kikan_ctx_stop_requested(const kikan_ctx_t *ctx)
{
    return ctx->stop != 0;
}
