/*
 * kikan — error codes, one list (X-macro) for codes and messages.
 *
 * Every fallible function returns kikan_error_t. Inside the library, calls are
 * checked with KIKAN_CHECK, which records where the error passed (file, line,
 * function) in a small per-thread trace and jumps to the function's single
 * `cleanup` label. The trace is diagnostic only: it never changes results.
 */
#ifndef KIKAN_ERROR_H
#define KIKAN_ERROR_H

/*
 * The export macros: every declaration between KIKAN_API_BEGIN and
 * KIKAN_API_END (each public header wraps its declarations in them) is
 * exported from libkikan; the library is compiled with -fvisibility=hidden, so
 * everything else, private headers included, stays inside it.
 */
#if defined(__GNUC__) || defined(__clang__)
#define KIKAN_API_BEGIN _Pragma("GCC visibility push(default)")
#define KIKAN_API_END _Pragma("GCC visibility pop")
#else
#define KIKAN_API_BEGIN
#define KIKAN_API_END
#endif

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/* X(name, value, message) */
#define KIKAN_ERROR_LIST(X)                                                                        \
    X(KIKAN_OK, 0, "success")                                                                      \
    X(KIKAN_ENOMEM, 1, "out of memory")                                                            \
    X(KIKAN_EINVAL, 2, "invalid argument")                                                         \
    X(KIKAN_EINPUT, 3, "invalid input")                                                            \
    X(KIKAN_EIO, 4, "input/output error")                                                          \
    X(KIKAN_ELIMIT, 5, "a size limit was exceeded")                                                \
    X(KIKAN_EGRAPH, 6, "graph library error")                                                      \
    X(KIKAN_ENUMERIC, 7, "numerical failure")                                                      \
    X(KIKAN_EINTERRUPTED, 8, "interrupted")                                                        \
    X(KIKAN_EHDF5, 9, "HDF5 library error")                                                        \
    X(KIKAN_EFORMAT, 10, "not a kikan results file or unsupported schema")                         \
    X(KIKAN_EINTERNAL, 11, "internal error")

typedef enum {
#define KIKAN_X_ENUM(name, value, msg) name = value,
    KIKAN_ERROR_LIST(KIKAN_X_ENUM)
#undef KIKAN_X_ENUM
} kikan_error_t;

/** The message for an error code; never NULL. */
const char *kikan_strerror(kikan_error_t err);

/**
 * Record that error `err` passed through file:line (func). Called by
 * KIKAN_CHECK; keeps the last 16 frames of the current thread.
 */
void kikan_error_trace_push(kikan_error_t err, const char *file, int line, const char *func);
/** Forget the current thread's trace. */
void kikan_error_trace_clear(void);
/** Number of frames in the current thread's trace, and frame i (0 = innermost). */
int kikan_error_trace_size(void);
const char *kikan_error_trace_frame(int i);

/**
 * Check a fallible call: on failure, record the location, keep the code in the
 * local `err` and jump to `cleanup`. The enclosing function declares
 * `kikan_error_t err = KIKAN_OK;` and a `cleanup:` label.
 */
#define KIKAN_CHECK(expr)                                                                          \
    do {                                                                                           \
        err = (expr);                                                                              \
        if (err != KIKAN_OK) {                                                                     \
            kikan_error_trace_push(err, __FILE__, __LINE__, __func__);                             \
            goto cleanup;                                                                          \
        }                                                                                          \
    } while (0)

/** Fail with `code` (recorded like KIKAN_CHECK). */
#define KIKAN_FAIL(code)                                                                           \
    do {                                                                                           \
        err = (code);                                                                              \
        kikan_error_trace_push(err, __FILE__, __LINE__, __func__);                                 \
        goto cleanup;                                                                              \
    } while (0)

/** Allocation check: NULL becomes KIKAN_ENOMEM. */
#define KIKAN_CHECK_ALLOC(ptr)                                                                     \
    do {                                                                                           \
        if ((ptr) == NULL) {                                                                       \
            KIKAN_FAIL(KIKAN_ENOMEM);                                                              \
        }                                                                                          \
    } while (0)

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
