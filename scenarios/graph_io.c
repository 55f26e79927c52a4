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
#include <sys/stat.h>
#include <unistd.h>
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

/*
 * Atomic text files: a unique temporary name beside the target (mkstemp, so
 * two writers never share one and a user's FILE.tmp is never touched),
 * flushed and fsync'ed, then renamed over the target. Any failure removes the
 * temporary file and leaves an existing target as it was. (The output layer's
 * kikan_atomic_* does the same for results files; this layer may not use it.)
 */
typedef struct {
    char *tmp; /* "path.tmp.XXXXXX"; NULL once renamed or removed */
    FILE *f;
} atomic_file_t;

static kikan_error_t atomic_open(const char *path, atomic_file_t *a)
{
    kikan_error_t err = KIKAN_OK;
    *a = (atomic_file_t){NULL, NULL};
    const size_t len = strlen(path) + sizeof(".tmp.XXXXXX");
    KIKAN_CHECK_ALLOC(a->tmp = malloc(len));
    snprintf(a->tmp, len, "%s.tmp.XXXXXX", path);
    const int fd = mkstemp(a->tmp);
    if (fd < 0) {
        free(a->tmp);
        a->tmp = NULL;
        KIKAN_FAIL(KIKAN_EIO);
    }
    /* mkstemp makes 0600; these files are meant to be shared like any other output */
    if (fchmod(fd, 0644) != 0 || (a->f = fdopen(fd, "w")) == NULL) {
        close(fd);
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    if (err != KIKAN_OK && a->tmp != NULL) {
        unlink(a->tmp);
        free(a->tmp);
        a->tmp = NULL;
    }
    return err;
}

/* Finish a file begun by atomic_open: rename it over path when every write went through, else
 * remove it. KIKAN_EIO when anything failed (path is then as it was). */
static kikan_error_t atomic_close(atomic_file_t *a, const char *path)
{
    int bad = ferror(a->f) || fflush(a->f) != 0 || fsync(fileno(a->f)) != 0;
    bad |= fclose(a->f) != 0;
    a->f = NULL;
    bad = bad || rename(a->tmp, path) != 0;
    if (bad) {
        unlink(a->tmp);
    }
    free(a->tmp);
    a->tmp = NULL;
    return bad ? KIKAN_EIO : KIKAN_OK;
}

kikan_error_t kikan_graph_write(const kikan_graph_t *g, const char *path)
{
    kikan_error_t err = KIKAN_OK;
    atomic_file_t a;
    if (g == NULL || path == NULL) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(atomic_open(path, &a));
    fprintf(a.f, "# kikan %s edge list: n = %" PRId32 ", m = %" PRId32 "\n", KIKAN_VERSION_STRING,
            g->n, g->m);
    for (kikan_id_t u = 0; u < g->n; u++) {
        int self_seen = 0;
        for (kikan_id_t e = g->off[u]; e < g->off[u + 1]; e++) {
            kikan_id_t v = g->adj[e];
            /* each edge once: from its smaller end; a self-loop appears twice at u */
            if (v > u || (v == u && (self_seen ^= 1))) {
                fprintf(a.f, "%" PRId32 " %" PRId32 "\n", u, v);
            }
        }
    }
    KIKAN_CHECK(atomic_close(&a, path));
cleanup:
    return err;
}

kikan_error_t kikan_idlines_write(const char *path, const kikan_id_t *ids, kikan_id_t count)
{
    kikan_error_t err = KIKAN_OK;
    atomic_file_t a;
    if (path == NULL || count < 0 || (count > 0 && ids == NULL)) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(atomic_open(path, &a));
    for (kikan_id_t i = 0; i < count; i++) {
        fprintf(a.f, "%" PRId32 "\n", ids[i]);
    }
    KIKAN_CHECK(atomic_close(&a, path));
cleanup:
    return err;
}
