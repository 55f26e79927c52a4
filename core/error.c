/*
 * Error messages (from the one list in error.h) and the per-thread error trace.
 *
 * DESIGN: the trace is thread-local so that replicates running in parallel do
 * not mix their frames; it holds only static strings and integers, so it needs
 * no cleanup and cannot fail.
 */
#include <stdio.h>
#include "kikan/error.h"

const char *kikan_strerror(kikan_error_t err)
{
    switch (err) {
#define KIKAN_X_CASE(name, value, msg)                                                             \
    case name:                                                                                     \
        return msg;
        KIKAN_ERROR_LIST(KIKAN_X_CASE)
#undef KIKAN_X_CASE
    }
    return "unknown error";
}

enum { TRACE_MAX = 16, FRAME_LEN = 160 };

static _Thread_local int trace_size;
static _Thread_local char trace[TRACE_MAX][FRAME_LEN];

void kikan_error_trace_push(kikan_error_t err, const char *file, int line, const char *func)
{
    if (trace_size >= TRACE_MAX) {
        return;
    }
    snprintf(trace[trace_size], FRAME_LEN, "%s:%d (%s): %s", file, line, func, kikan_strerror(err));
    trace_size++;
}

void kikan_error_trace_clear(void)
{
    trace_size = 0;
}

int kikan_error_trace_size(void)
{
    return trace_size;
}

const char *kikan_error_trace_frame(int i)
{
    if (i < 0 || i >= trace_size) {
        return "";
    }
    return trace[i];
}
