/*
 * GraphML and GML network files, read with igraph's readers, for every
 * command that takes an edge list (percolate, load, threshold) and for the
 * scenario network `network: {graphml: FILE}`.
 *
 * Vertices are numbered 0..N-1 in the order the file lists them (GraphML
 * <node> elements, GML node blocks); an edge list with those ids is the same
 * network. Problems are diagnostics "FILE: message" (igraph's message, which
 * names the line where it knows it), like the edge-list readers.
 */
#ifndef KIKAN_SCENARIOS_GRAPHFILE_H
#define KIKAN_SCENARIOS_GRAPHFILE_H

#include <igraph/igraph.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

/** 1 when `path` ends in .graphml, .xml or .gml (any case): read it with igraph. */
int kikan_graphfile_is_igraph(const char *path);

/**
 * Read a GraphML or GML file (by its extension) into a malloc'd array of
 * 2·(*m) vertex ids (NULL when *m = 0; the caller frees it). Its vertices
 * must number at most `n` (ids below n, as with the edge lists).
 * @return KIKAN_EINPUT (file missing, not parseable, more than n vertices:
 *         "FILE: message"), KIKAN_ELIMIT (more than KIKAN_ID_MAX/2 edges, or
 *         a file over KIKAN_CSV_MAX_FILE bytes, the CSV tables' cap: refused
 *         before it is parsed),
 *         KIKAN_ENOMEM. Serial only (igraph is not thread-safe). O(file size).
 */
kikan_error_t kikan_graphfile_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                   kikan_id_t **edges, kikan_id_t *m);

/**
 * Read a GraphML or GML file into *g (the caller destroys it) with igraph's
 * readers, keeping whatever attributes the caller's igraph attribute table
 * keeps. KIKAN_EINPUT with "FILE: ..." when it cannot be opened or parsed,
 * KIKAN_ENOMEM. Serial only.
 */
kikan_error_t kikan_graphfile_read_graph(kikan_ctx_t *ctx, const char *path, igraph_t *g);

/**
 * A world from a GraphML or GML file (scenarios/graphml_world.c,
 * docs/scenario-format.md "Network from GraphML"): vertices are assets (their
 * attributes the columns of assets.csv, plus operator_name, sme and
 * operator_METRIC), directed edges dependencies (resource, group, k) or, with
 * link = 1, links. Validated and finalized like the CSV tables; every problem
 * is a diagnostic naming FILE and the vertex or edge, then KIKAN_EINPUT.
 * KIKAN_ELIMIT, KIKAN_EIO, KIKAN_ENOMEM. Serial only. O(V·operators + E).
 */
kikan_error_t kikan_graphml_world_load(kikan_ctx_t *ctx, const char *path, kikan_world_t **world);

#endif
