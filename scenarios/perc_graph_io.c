/*
 * Files for interdependent percolation: the plain edge-list and id-list
 * formats shared with the benchmark peers (graph-tool, NetworkX). The
 * readers report every bad line as a diagnostic "PATH:LINE: message" and
 * never stop at the first one, so a user fixes a file in one pass.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include "kikan/graph_io.h"
#include "scenarios/graphfile.h"

/* ======================================================================== */
/* Edge-list and id-list files                                               */
/* ======================================================================== */

kikan_error_t kikan_perc_graph_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                    kikan_perc_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t *edges = NULL;
    int64_t len = 0;
    if (path == NULL || out == NULL || n < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    if (kikan_graphfile_is_igraph(path)) { /* GraphML / GML: igraph's readers */
        kikan_id_t m = 0;
        KIKAN_CHECK(kikan_graphfile_read(ctx, path, n, &edges, &m));
        len = 2 * (int64_t)m;
    } else {
        KIKAN_CHECK(kikan_idlines_read(ctx, path, n, 2, &edges, &len));
    }
    KIKAN_CHECK(kikan_perc_graph_from_edges(ctx, n, (kikan_id_t)(len / 2), edges, out));
cleanup:
    free(edges);
    return err;
}

kikan_error_t kikan_perc_read_ids(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                  kikan_id_t **ids, kikan_id_t *count)
{
    kikan_error_t err = KIKAN_OK;
    int64_t len = 0;
    if (path == NULL || ids == NULL || count == NULL || n < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    KIKAN_CHECK(kikan_idlines_read(ctx, path, n, 1, ids, &len));
    *count = (kikan_id_t)len;
cleanup:
    return err;
}

kikan_error_t kikan_perc_graph_write(const kikan_perc_graph_t *g, const char *path)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    if (g == NULL || path == NULL) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    f = fopen(path, "w");
    if (f == NULL) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    fprintf(f, "# kikan percolation edge list: n = %" PRId32 ", m = %" PRId32 "\n", g->n, g->m);
    for (kikan_id_t u = 0; u < g->n; u++) {
        int self_seen = 0;
        for (kikan_id_t e = g->off[u]; e < g->off[u + 1]; e++) {
            kikan_id_t v = g->adj[e];
            /* each edge once: from its smaller end; a self-loop appears twice at u */
            if (v > u || (v == u && (self_seen ^= 1))) {
                fprintf(f, "%" PRId32 " %" PRId32 "\n", u, v);
            }
        }
    }
    if (ferror(f)) {
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    if (f != NULL && fclose(f) != 0 && err == KIKAN_OK) {
        err = KIKAN_EIO;
    }
    return err;
}
