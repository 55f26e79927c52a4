/*
 * kikan — graph files for the research models: plain edge lists and vertex
 * id lists ("u v" pairs of 0-based ids per line, '#' comments, blank lines
 * ignored; every problem reported as a diagnostic "FILE:LINE: message"), the
 * format shared with the benchmark peers (graph-tool, NetworkX). Reading files is the scenarios
 * layer's job; the graph type and its generators are in kikan/graph.h.
 */
#ifndef KIKAN_GRAPH_IO_H
#define KIKAN_GRAPH_IO_H

#include "kikan/context.h"
#include "kikan/error.h"
#include <stdint.h>
#include "kikan/graph.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/**
 * Read a graph: an edge list (one "u v" pair of 0-based ids per line, '#'
 * starts a comment, blank lines are ignored) or, for FILE.graphml / FILE.gml,
 * igraph's readers (vertices in file order). Ids must be below n. The graph
 * is built by kikan_graph_from_edges with `multi` (0: self-loops dropped,
 * repeated edges merged; 1: kept). Every bad line is reported through
 * kikan_diag_add as "PATH:LINE: message" (at most 20, then a count) and the
 * call returns KIKAN_EINPUT, as for a missing file; KIKAN_ELIMIT beyond
 * KIKAN_ID_MAX/2 edges, KIKAN_EIO, KIKAN_ENOMEM. O(file size + n) (plus the
 * sort of a simple graph's lists).
 */
kikan_error_t kikan_graph_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n, int multi,
                               kikan_graph_t **out);
/**
 * Write g as an edge list readable by kikan_graph_read: a '#' header naming
 * n and m, then each edge once, from its smaller end, in adjacency order (a
 * self-loop once per loop). Written atomically: under a unique temporary
 * name beside `path` (path.tmp.XXXXXX), fsync'ed and renamed over `path`;
 * on failure the temporary file is removed and an existing `path` is left
 * as it was. KIKAN_EINVAL, KIKAN_EIO, KIKAN_ENOMEM. O(n + m).
 */
kikan_error_t kikan_graph_write(const kikan_graph_t *g, const char *path);
/**
 * Write `count` vertex ids, one per line (the format kikan_perc_read_ids
 * reads), atomically as kikan_graph_write. KIKAN_EINVAL (NULL path, count < 0,
 * NULL ids with count > 0), KIKAN_EIO, KIKAN_ENOMEM. O(count).
 */
kikan_error_t kikan_idlines_write(const char *path, const kikan_id_t *ids, kikan_id_t count);
/**
 * Read vertex ids, one per line ('#' comments, blank lines allowed), each in
 * [0, n); *ids is malloc'd (free() it), *count set. Errors as kikan_graph_read.
 */
kikan_error_t kikan_perc_read_ids(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **ids, kikan_id_t *count);

/**
 * Read a file of lines holding `per_line` (1 or 2) ids each, every id in
 * [0, n), into a malloc'd array of *count ids (the caller frees it).
 * KIKAN_EINPUT (diagnostics with file, line and field) for a missing file or
 * any malformed line; KIKAN_ELIMIT past KIKAN_ID_MAX ids; KIKAN_EIO,
 * KIKAN_ENOMEM. O(file size).
 */
kikan_error_t kikan_idlines_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n, int per_line,
                                 kikan_id_t **ids, int64_t *count);

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
kikan_error_t kikan_edgelist_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **edges, kikan_id_t *m);

KIKAN_API_END
#ifdef __cplusplus
}
#endif

#endif /* KIKAN_GRAPH_IO_H */
