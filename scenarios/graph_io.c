/*
 * Graph files for the research models (kikan_graph_t): the plain edge-list
 * format shared with the benchmark peers (graph-tool, NetworkX), GraphML/GML
 * through igraph, and the id lists of `kikan percolate --initial-failures`.
 * The readers (scenarios/edgelist.c) report every bad line as a diagnostic
 * "PATH:LINE: message" and never stop at the first one, so a user fixes a
 * file in one pass.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/graph_io.h"
#include "kikan/version.h"

/* ======================================================================== */
/* Edge-list and id-list files                                               */
/* ======================================================================== */

kikan_error_t kikan_graph_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n, int multi,
                               kikan_graph_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t *edges = NULL, m = 0;
    if (path == NULL || out == NULL || n < 0) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    *out = NULL;
    KIKAN_CHECK(kikan_edgelist_read(ctx, path, n, &edges, &m));
    KIKAN_CHECK(kikan_graph_from_edges(ctx, n, m, edges, multi, out));
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

kikan_error_t kikan_graph_write(const kikan_graph_t *g, const char *path)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    char *tmp = NULL;
    if (g == NULL || path == NULL) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    /* atomically: a temporary file beside the target, renamed over it when complete */
    size_t len = strlen(path) + 16;
    tmp = malloc(len);
    KIKAN_CHECK_ALLOC(tmp);
    snprintf(tmp, len, "%s.tmp", path);
    f = fopen(tmp, "w");
    if (f == NULL) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    fprintf(f, "# kikan %s edge list: n = %" PRId32 ", m = %" PRId32 "\n", KIKAN_VERSION_STRING,
            g->n, g->m);
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
    int bad = ferror(f);
    bad |= fclose(f) != 0;
    f = NULL;
    if (bad || rename(tmp, path) != 0) {
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    if (f != NULL) {
        fclose(f);
    }
    if (err != KIKAN_OK && tmp != NULL) {
        remove(tmp);
    }
    free(tmp);
    return err;
}
