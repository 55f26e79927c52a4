/*
 * GraphML and GML readers through igraph (see graphfile.h).
 *
 * DESIGN: igraph reports a parse error through its global error handler,
 * whose default aborts the process; while we read, a handler that keeps
 * igraph's message (in a thread-local buffer: the handler has no user
 * argument, and igraph here is only ever called from serial code) and frees
 * igraph's cleanup stack is installed, and warnings are silenced; both are
 * restored afterwards. The attribute handler is left as it is: this reader
 * needs only the structure.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <igraph/igraph.h>
#include "scenarios/csv.h"
#include "scenarios/graphfile.h"

static _Thread_local char ig_reason[256];

static void keep_reason(const char *reason, const char *file, int line, igraph_error_t code)
{
    (void)file;
    (void)line;
    snprintf(ig_reason, sizeof(ig_reason), "%s", reason ? reason : igraph_strerror(code));
    IGRAPH_FINALLY_FREE();
}

static int ends_with_ci(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    if (n < k) {
        return 0;
    }
    for (size_t i = 0; i < k; i++) {
        if (tolower((unsigned char)s[n - k + i]) != suffix[i]) {
            return 0;
        }
    }
    return 1;
}

int kikan_graphfile_is_igraph(const char *path)
{
    return path != NULL && (ends_with_ci(path, ".graphml") || ends_with_ci(path, ".xml") ||
                            ends_with_ci(path, ".gml"));
}

kikan_error_t kikan_graphfile_read_graph(kikan_ctx_t *ctx, const char *path, igraph_t *g)
{
    kikan_error_t err = KIKAN_OK;
    FILE *f = NULL;
    igraph_error_handler_t *old_err = igraph_set_error_handler(keep_reason);
    igraph_warning_handler_t *old_warn = igraph_set_warning_handler(igraph_warning_handler_ignore);
    if ((f = fopen(path, "rb")) == NULL) {
        kikan_diag_add(ctx, "%s: cannot open: %s", path, strerror(errno));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    /* bounded before it is parsed, like a CSV table (docs/SECURITY.md) */
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size > (uint64_t)KIKAN_CSV_MAX_FILE) {
        kikan_diag_add(ctx, "%s: too large (%lld bytes; limit %zu)", path, (long long)st.st_size,
                       (size_t)KIKAN_CSV_MAX_FILE);
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    ig_reason[0] = '\0';
    const igraph_error_t rc = ends_with_ci(path, ".gml") ? igraph_read_graph_gml(g, f)
                                                         : igraph_read_graph_graphml(g, f, 0);
    if (rc == IGRAPH_ENOMEM) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    if (rc != IGRAPH_SUCCESS) {
        kikan_diag_add(ctx, "%s: not a readable %s file: %s", path,
                       ends_with_ci(path, ".gml") ? "GML" : "GraphML",
                       ig_reason[0] ? ig_reason : igraph_strerror(rc));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
cleanup:
    if (f != NULL) {
        fclose(f);
    }
    igraph_set_warning_handler(old_warn);
    igraph_set_error_handler(old_err);
    return err;
}

kikan_error_t kikan_graphfile_read(kikan_ctx_t *ctx, const char *path, kikan_id_t n,
                                   kikan_id_t **edges, kikan_id_t *m)
{
    kikan_error_t err = KIKAN_OK;
    igraph_t g;
    int have_g = 0;
    igraph_vector_int_t el;
    int have_el = 0;
    kikan_id_t *out = NULL;
    if (ctx == NULL || path == NULL || edges == NULL || m == NULL || n < 0) {
        return KIKAN_EINVAL;
    }
    *edges = NULL;
    *m = 0;
    KIKAN_CHECK(kikan_graphfile_read_graph(ctx, path, &g));
    have_g = 1;
    const igraph_integer_t nv = igraph_vcount(&g), ne = igraph_ecount(&g);
    if (nv > n) {
        kikan_diag_add(ctx, "%s: %lld vertices, more than --n %d", path, (long long)nv, (int)n);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (ne > KIKAN_ID_MAX / 2) {
        kikan_diag_add(ctx, "%s: too many edges (limit %d)", path, (int)(KIKAN_ID_MAX / 2));
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    if (igraph_vector_int_init(&el, 0) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    have_el = 1;
    if (igraph_get_edgelist(&g, &el, 0) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    if (ne > 0) {
        KIKAN_CHECK_ALLOC(out = malloc((size_t)(2 * ne) * sizeof(*out)));
        for (igraph_integer_t i = 0; i < 2 * ne; i++) {
            out[i] = (kikan_id_t)VECTOR(el)[i];
        }
    }
    *edges = out;
    *m = (kikan_id_t)ne;
    out = NULL;
cleanup:
    free(out);
    if (have_el) {
        igraph_vector_int_destroy(&el);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    return err;
}
