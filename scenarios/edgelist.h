/*
 * Plain edge-list reader shared by the research commands (load, threshold).
 *
 * Format: one "u v" pair of 0-based vertex ids per line, separated by blanks;
 * '#' starts a comment that runs to the end of the line; blank lines are
 * ignored. Every problem is reported as a context diagnostic
 * "FILE:LINE: message" (all of them, not just the first).
 */
#ifndef KIKAN_SCENARIOS_EDGELIST_H
#define KIKAN_SCENARIOS_EDGELIST_H

#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

/**
 * Read an edge list whose ids must lie in [0, n).
 * @param path   file to read ("-" is not special).
 * @param n      number of vertices (>= 0).
 * @param edges  receives a malloc'd array of 2·(*m) ids (NULL when *m = 0);
 *               the caller frees it with free().
 * @param m      receives the number of edges read.
 * @return KIKAN_EINPUT if the file cannot be opened or on any malformed line or id out of range
 * (diagnostics name file and line), KIKAN_ELIMIT beyond KIKAN_ID_MAX/2 edges, KIKAN_EIO on a read
 * error, KIKAN_ENOMEM. Nothing is returned in *edges on failure.
 */
/**
 * Read a file of lines holding `per_line` (1 or 2) ids each, every id in
 * [0, n), into a malloc'd array of *count ids (the caller frees it).
 * KIKAN_EINPUT (diagnostics with file, line and field) for a missing file or
 * any malformed line; KIKAN_ELIMIT past KIKAN_ID_MAX ids; KIKAN_EIO,
 * KIKAN_ENOMEM. O(file size).
 */
kikan_error_t kikan_idlines_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n, int per_line,
                                 kikan_id_t **ids, int64_t *count);

kikan_error_t kikan_edgelist_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **edges, kikan_id_t *m);

#endif
