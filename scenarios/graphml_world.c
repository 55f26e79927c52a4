/*
 * A scenario network from a GraphML or GML file (`network: {graphml: FILE}`,
 * docs/scenario-format.md "Network from GraphML"): vertices are assets, their
 * attributes the columns of assets.csv (plus operator_name, sme and
 * operator_METRIC for the operators); directed edges are dependencies
 * provider -> dependent with the columns of dependencies.csv as attributes
 * (resource, group, k, buffer_hours), or, with link = 1, links of a sector's network.
 *
 * DESIGN: the file is turned into the CSV tables (in a private temporary
 * directory) and loaded by kikan_tables_load, so a GraphML world obeys
 * exactly the rules, defaults and limits of a CSV world, with one validation.
 * Its diagnostics are rewritten to name the GraphML file and the vertex or
 * edge ("FILE: vertex 3 (id X): kind: ..."), not the temporary tables.
 * Operators are made from the `operator` attribute (their sectors: those of
 * their assets; name, SME flag and metrics from the first asset that gives
 * them); sectors are the built-in ones the assets use.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <igraph/igraph.h>
#include "kikan/suggest.h"
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/graphfile.h"
#include "scenarios/loader.h"

typedef struct {
    igraph_strvector_t vnames, enames;
    igraph_vector_int_t vtypes, etypes;
} attrs_t;

/* Type of attribute `name` in (names, types); -1 when absent. */
static int attr_type(const igraph_strvector_t *names, const igraph_vector_int_t *types,
                     const char *name)
{
    for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++) {
        if (strcmp(igraph_strvector_get(names, i), name) == 0) {
            return (int)VECTOR(*types)[i];
        }
    }
    return -1;
}

/* Attribute `name` of vertex/edge i as text into buf ("" when absent or NaN). */
static const char *attr_text(const igraph_t *g, const attrs_t *a, int vertex, const char *name,
                             igraph_integer_t i, char *buf, size_t n)
{
    const int t =
        vertex ? attr_type(&a->vnames, &a->vtypes, name) : attr_type(&a->enames, &a->etypes, name);
    buf[0] = '\0';
    if (t == IGRAPH_ATTRIBUTE_STRING) {
        return vertex ? VAS(g, name, i) : EAS(g, name, i);
    }
    if (t == IGRAPH_ATTRIBUTE_NUMERIC) {
        const double x = vertex ? VAN(g, name, i) : EAN(g, name, i);
        if (!isnan(x)) {
            snprintf(buf, n, "%.17g", x);
        }
    } else if (t == IGRAPH_ATTRIBUTE_BOOLEAN) {
        snprintf(buf, n, "%d", (int)(vertex ? VAB(g, name, i) : EAB(g, name, i)));
    }
    return buf;
}

static int write_all(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return 0;
    }
    int ok = fwrite(data, 1, n, f) == n;
    ok &= fclose(f) == 0;
    return ok;
}

/*
 * Rewrite diagnostics n0.. of ctx that name the temporary tables: "DIR/T.csv:L:" becomes
 * "PATH: vertex L-2 (id X):" (assets, operators via the first asset), "PATH: edge E:"
 * (dependencies, links: row -> edge through rows[]), "PATH:" otherwise.
 */
static void rewrite_diags(kikan_ctx_t *ctx, int n0, const char *dir, const char *path,
                          const igraph_t *g, const attrs_t *a, const igraph_integer_t *dep_edge,
                          igraph_integer_t n_dep, const igraph_integer_t *link_edge,
                          igraph_integer_t n_link)
{
    const int n = kikan_diag_count(ctx);
    char **keep = calloc((size_t)(n - n0 + 1), sizeof(*keep));
    if (keep == NULL) {
        return;
    }
    const size_t dl = strlen(dir);
    for (int i = n0; i < n; i++) {
        const char *d = kikan_diag_get(ctx, i);
        char msg[1024], idb[64];
        if (strncmp(d, dir, dl) == 0 && d[dl] == '/') {
            const char *t = d + dl + 1, *colon = strchr(t, ':');
            long line = colon ? strtol(colon + 1, NULL, 10) : 0;
            const char *rest = colon ? strchr(colon + 1, ':') : NULL;
            rest = (rest && line > 0) ? rest + 1 : (colon ? colon + 1 : t);
            while (*rest == ' ') {
                rest++;
            }
            const igraph_integer_t row = line - 2;
            if (strncmp(t, "assets.csv:", 11) == 0 && row >= 0 && row < igraph_vcount(g)) {
                snprintf(msg, sizeof(msg), "%s: vertex %lld (id '%s'): %s", path, (long long)row,
                         attr_text(g, a, 1, "id", row, idb, sizeof(idb)), rest);
            } else if (strncmp(t, "dependencies.csv:", 17) == 0 && row >= 0 && row < n_dep) {
                snprintf(msg, sizeof(msg), "%s: edge %lld: %s", path, (long long)dep_edge[row],
                         rest);
            } else if (strncmp(t, "links.csv:", 10) == 0 && row >= 0 && row < n_link) {
                snprintf(msg, sizeof(msg), "%s: edge %lld (link): %s", path,
                         (long long)link_edge[row], rest);
            } else {
                snprintf(msg, sizeof(msg), "%s: %s", path, rest);
            }
            keep[i - n0] = strdup(msg);
        } else {
            keep[i - n0] = strdup(d);
        }
    }
    kikan_diag_truncate(ctx, n0);
    for (int i = 0; i < n - n0; i++) {
        kikan_diag_add(ctx, "%s", keep[i] ? keep[i] : "(out of memory)");
        free(keep[i]);
    }
    free(keep);
}

/* ---- the graph and its attributes ------------------------------------------------------- */

/* The graph being converted: its attributes and, once written, the rows of its edges. */
typedef struct {
    kikan_ctx_t *ctx;
    const char *path;
    igraph_t g;
    int have_g;
    attrs_t a;
    igraph_strvector_t gnames;
    igraph_vector_int_t gtypes;
    int n_init; /* attribute vectors initialised, in the order of attrs_init */
    igraph_integer_t nv, ne;
    kikan_world_t *builtin;                                /* the built-in sectors */
    igraph_integer_t *dep_edge, *link_edge, n_dep, n_link; /* edge of each table row */
} gml_t;

static const char *const table_names[] = {"sectors.csv", "operators.csv", "assets.csv",
                                          "dependencies.csv", "links.csv"};
enum { N_TABLES = sizeof(table_names) / sizeof(table_names[0]) };

/* List the graph's attributes into x->a (each vector initialised is counted in n_init). */
static kikan_error_t attrs_init(gml_t *x)
{
    kikan_error_t err = KIKAN_OK;
    attrs_t *a = &x->a;
    if (igraph_strvector_init(&x->gnames, 0) ||
        (++x->n_init, igraph_strvector_init(&a->vnames, 0)) ||
        (++x->n_init, igraph_strvector_init(&a->enames, 0)) ||
        (++x->n_init, igraph_vector_int_init(&x->gtypes, 0)) ||
        (++x->n_init, igraph_vector_int_init(&a->vtypes, 0)) ||
        (++x->n_init, igraph_vector_int_init(&a->etypes, 0))) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    ++x->n_init;
    if (igraph_cattribute_list(&x->g, &x->gnames, &x->gtypes, &a->vnames, &a->vtypes, &a->enames,
                               &a->etypes) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
cleanup:
    return err;
}

static void gml_destroy(gml_t *x)
{
    free(x->dep_edge);
    free(x->link_edge);
    kikan_world_free(&x->builtin);
    if (x->n_init > 0) {
        igraph_strvector_destroy(&x->gnames);
    }
    if (x->n_init > 1) {
        igraph_strvector_destroy(&x->a.vnames);
    }
    if (x->n_init > 2) {
        igraph_strvector_destroy(&x->a.enames);
    }
    if (x->n_init > 3) {
        igraph_vector_int_destroy(&x->gtypes);
    }
    if (x->n_init > 4) {
        igraph_vector_int_destroy(&x->a.vtypes);
    }
    if (x->n_init > 5) {
        igraph_vector_int_destroy(&x->a.etypes);
    }
    if (x->have_g) {
        igraph_destroy(&x->g);
    }
}

/* Is vertex attribute `name` an operator metric (operator_X, not operator_name)? */
static int is_metric_attr(const char *name)
{
    return strncmp(name, "operator_", 9) == 0 && strcmp(name, "operator_name") != 0;
}

/* Warn (not refuse: files from other tools carry layout and labels) about each vertex or edge
   attribute kikan does not read, with a did-you-mean when one is close to a column. */
static void warn_unread(const gml_t *x)
{
    static const char *const vextra[] = {"operator_name", "sme"};
    static const char *const ecols[] = {"resource", "group", "k", "buffer_hours", "link", "id"};
    const char *vcands[KIKAN_N_ASSET_COLUMNS + 2];
    for (int c = 0; c < KIKAN_N_ASSET_COLUMNS; c++) {
        vcands[c] = kikan_asset_columns[c];
    }
    vcands[KIKAN_N_ASSET_COLUMNS] = vextra[0];
    vcands[KIKAN_N_ASSET_COLUMNS + 1] = vextra[1];
    for (int vertex = 1; vertex >= 0; vertex--) {
        const igraph_strvector_t *names = vertex ? &x->a.vnames : &x->a.enames;
        const char *const *cands = vertex ? vcands : ecols;
        const int nc = vertex ? KIKAN_N_ASSET_COLUMNS + 2 : (int)(sizeof(ecols) / sizeof(ecols[0]));
        for (igraph_integer_t i = 0; i < igraph_strvector_size(names); i++) {
            const char *nm = igraph_strvector_get(names, i);
            int known = vertex && is_metric_attr(nm);
            for (int c = 0; c < nc && !known; c++) {
                known = strcmp(nm, cands[c]) == 0;
            }
            if (!known) {
                const char *near = kikan_suggest(nm, cands, nc);
                kikan_log(x->ctx, KIKAN_LOG_WARN, "%s: %s attribute '%s' is not read%s%s%s",
                          x->path, vertex ? "vertex" : "edge", nm, near ? " (did you mean '" : "",
                          near ? near : "", near ? "'?)" : "");
            }
        }
    }
}

/* Read the graph and check its shape: directed, within the limits, the assets' attributes. */
static kikan_error_t gml_read(gml_t *x)
{
    kikan_error_t err = KIKAN_OK;
    KIKAN_CHECK(kikan_graphfile_read_graph(x->ctx, x->path, &x->g));
    x->have_g = 1;
    if (!igraph_is_directed(&x->g)) {
        kikan_diag_add(x->ctx,
                       "%s: the graph must be directed (GraphML edgedefault=\"directed\", GML "
                       "directed 1): an edge is a dependency provider -> dependent",
                       x->path);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK(attrs_init(x));
    warn_unread(x);
    x->nv = igraph_vcount(&x->g);
    x->ne = igraph_ecount(&x->g);
    if (x->nv > KIKAN_ID_MAX / 2 || x->ne > KIKAN_ID_MAX / 2) {
        kikan_diag_add(x->ctx, "%s: too many vertices or edges (limit %d each)", x->path,
                       (int)(KIKAN_ID_MAX / 2));
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    for (const char *const *req = (const char *const[]){"operator", "sector", "kind", NULL}; *req;
         req++) {
        if (attr_type(&x->a.vnames, &x->a.vtypes, *req) < 0) {
            kikan_diag_add(x->ctx,
                           "%s: vertex attribute '%s' is missing (assets need id, "
                           "operator, sector and kind)",
                           x->path, *req);
            err = KIKAN_EINPUT;
        }
    }
    if (err != KIKAN_OK) {
        KIKAN_FAIL(err);
    }
cleanup:
    return err;
}

/* ---- the tables ------------------------------------------------------------------------- */

/* Text attribute `name` of vertex v (buf: 64 bytes). */
static const char *vtext(const gml_t *x, const char *name, igraph_integer_t v, char buf[64])
{
    return attr_text(&x->g, &x->a, 1, name, v, buf, 64);
}

/* sectors.csv: the built-in sectors the assets use. */
static kikan_error_t put_sectors(gml_t *x, FILE *mem)
{
    const kikan_world_t *b = x->builtin;
    uint8_t *sec_used = calloc((size_t)b->n_sectors + 1, 1);
    char b1[64];
    if (sec_used == NULL) {
        return KIKAN_ENOMEM;
    }
    for (igraph_integer_t v = 0; v < x->nv; v++) {
        const kikan_id_t s = kikan_world_find_sector(b, vtext(x, "sector", v, b1));
        if (s != KIKAN_NONE) {
            sec_used[s] = 1;
        }
    }
    fputs("id,name,unit,life_weight,output_jpy\n", mem);
    for (kikan_id_t s = 0; s < b->n_sectors; s++) {
        if (sec_used[s]) {
            const kikan_sector_t *sc = &b->sectors[s];
            kikan_csv_put_field(mem, kikan_strtab_get(&b->sector_ids, s));
            fputc(',', mem);
            kikan_csv_put_field(mem, sc->name);
            fputc(',', mem);
            kikan_csv_put_field(mem, sc->unit);
            fprintf(mem, ",%.17g,%.17g\n", sc->life_weight, sc->output_jpy);
        }
    }
    free(sec_used);
    return KIKAN_OK;
}

/* The row of operator `op`, first named by vertex v. */
static void put_operator(const gml_t *x, FILE *mem, const char *op, igraph_integer_t v)
{
    const kikan_world_t *b = x->builtin;
    char b2[64];
    kikan_csv_put_field(mem, op);
    fputc(',', mem);
    const char *nm = vtext(x, "operator_name", v, b2);
    kikan_csv_put_field(mem, nm[0] ? nm : op);
    fputc(',', mem);
    /* sectors: those of its assets, ';'-separated, each once */
    int first = 1;
    for (kikan_id_t s = 0; s < b->n_sectors; s++) {
        int has = 0;
        for (igraph_integer_t u = v; u < x->nv && !has; u++) {
            char c1[64], c2[64];
            has = strcmp(vtext(x, "operator", u, c1), op) == 0 &&
                  strcmp(vtext(x, "sector", u, c2), kikan_strtab_get(&b->sector_ids, s)) == 0;
        }
        if (has) {
            fprintf(mem, "%s%s", first ? "" : ";", kikan_strtab_get(&b->sector_ids, s));
            first = 0;
        }
    }
    if (first) { /* none built in: the asset's own sector, reported by the asset table */
        kikan_csv_put_field(mem, vtext(x, "sector", v, b2));
    }
    fputc(',', mem);
    const char *sme = vtext(x, "sme", v, b2);
    kikan_csv_put_field(mem, sme[0] ? sme : "0");
    for (igraph_integer_t k = 0; k < igraph_strvector_size(&x->a.vnames); k++) {
        const char *an = igraph_strvector_get(&x->a.vnames, k);
        if (is_metric_attr(an)) {
            fputc(',', mem);
            kikan_csv_put_field(mem, vtext(x, an, v, b2));
        }
    }
    fputc('\n', mem);
}

/* operators.csv: one per distinct `operator`, metrics from operator_* attributes. */
static kikan_error_t put_operators(gml_t *x, FILE *mem)
{
    kikan_error_t err = KIKAN_OK;
    char **op_seen = NULL, b1[64];
    igraph_integer_t n_ops = 0;
    KIKAN_CHECK_ALLOC(op_seen = calloc((size_t)x->nv + 1, sizeof(*op_seen)));
    fputs("id,name,sectors,sme", mem);
    for (igraph_integer_t k = 0; k < igraph_strvector_size(&x->a.vnames); k++) {
        const char *nm = igraph_strvector_get(&x->a.vnames, k);
        if (is_metric_attr(nm)) {
            fputc(',', mem);
            kikan_csv_put_field(mem, nm + 9);
        }
    }
    fputc('\n', mem);
    for (igraph_integer_t v = 0; v < x->nv; v++) {
        const char *op = vtext(x, "operator", v, b1);
        int seen = op[0] == '\0';
        for (igraph_integer_t j = 0; j < n_ops && !seen; j++) {
            seen = strcmp(op_seen[j], op) == 0;
        }
        if (seen) {
            continue;
        }
        KIKAN_CHECK_ALLOC(op_seen[n_ops++] = strdup(op));
        put_operator(x, mem, op, v);
    }
cleanup:
    for (igraph_integer_t j = 0; op_seen != NULL && j < n_ops; j++) {
        free(op_seen[j]);
    }
    free(op_seen);
    return err;
}

/* assets.csv: one row per vertex, in vertex order. */
static kikan_error_t put_assets(gml_t *x, FILE *mem)
{
    char b1[64];
    for (int c = 0; c < KIKAN_N_ASSET_COLUMNS; c++) {
        fprintf(mem, "%s%s", c ? "," : "", kikan_asset_columns[c]);
    }
    fputc('\n', mem);
    for (igraph_integer_t v = 0; v < x->nv; v++) {
        for (int c = 0; c < KIKAN_N_ASSET_COLUMNS; c++) {
            if (c) {
                fputc(',', mem);
            }
            kikan_csv_put_field(mem, vtext(x, kikan_asset_columns[c], v, b1));
        }
        fputc('\n', mem);
    }
    return KIKAN_OK;
}

/* dependencies.csv (links 0) or links.csv (links 1): one row per edge of the kind; the edge
   of each row in dep_edge[] or link_edge[]. */
static kikan_error_t put_edges(gml_t *x, FILE *mem, int links)
{
    const igraph_t *g = &x->g;
    char b1[64];
    fputs(links == 0 ? "provider,dependent,resource,group,k,buffer_hours\n" : "a,b\n", mem);
    for (igraph_integer_t e = 0; e < x->ne; e++) {
        const char *lk = attr_text(g, &x->a, 0, "link", e, b1, sizeof(b1));
        const int is_link = lk[0] != '\0' && strcmp(lk, "0") != 0;
        if (is_link != links) {
            continue;
        }
        char c1[64], c2[64];
        kikan_csv_put_field(mem, vtext(x, "id", IGRAPH_FROM(g, e), c1));
        fputc(',', mem);
        kikan_csv_put_field(mem, vtext(x, "id", IGRAPH_TO(g, e), c2));
        if (links == 0) {
            x->dep_edge[x->n_dep++] = e;
            for (int c = 0; c < 4; c++) {
                static const char *const dc[] = {"resource", "group", "k", "buffer_hours"};
                fputc(',', mem);
                kikan_csv_put_field(mem, attr_text(g, &x->a, 0, dc[c], e, b1, sizeof(b1)));
            }
        } else {
            x->link_edge[x->n_link++] = e;
        }
        fputc('\n', mem);
    }
    return KIKAN_OK;
}

/* Write table t (an index of table_names) into dir. */
static kikan_error_t write_table(gml_t *x, const char *dir, int t)
{
    kikan_error_t err = KIKAN_OK;
    char *text = NULL, fpath[64];
    size_t tlen = 0;
    FILE *mem = open_memstream(&text, &tlen);
    KIKAN_CHECK_ALLOC(mem);
    switch (t) {
    case 0:
        KIKAN_CHECK(put_sectors(x, mem));
        break;
    case 1:
        KIKAN_CHECK(put_operators(x, mem));
        break;
    case 2:
        KIKAN_CHECK(put_assets(x, mem));
        break;
    default:
        KIKAN_CHECK(put_edges(x, mem, t - 3));
        break;
    }
    fclose(mem);
    mem = NULL;
    snprintf(fpath, sizeof(fpath), "%s/%s", dir, table_names[t]);
    if (!write_all(fpath, text, tlen)) {
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    if (mem != NULL) {
        fclose(mem);
    }
    free(text);
    return err;
}

kikan_error_t kikan_graphml_world_load(kikan_ctx_t *ctx, const char *path, kikan_world_t **world)
{
    kikan_error_t err = KIKAN_OK;
    gml_t x = {.ctx = ctx, .path = path};
    char tmpl[] = "/tmp/kikan-graphml-XXXXXX";
    int have_dir = 0;
    if (ctx == NULL || path == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    *world = NULL;
    /* keep the attributes; the table stays installed until the graph is destroyed */
    igraph_attribute_table_t *old_table = igraph_set_attribute_table(&igraph_cattribute_table);
    KIKAN_CHECK(gml_read(&x));
    if (mkdtemp(tmpl) == NULL) {
        kikan_diag_add(ctx, "%s: cannot make a temporary directory: %s", path, strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    }
    have_dir = 1;
    KIKAN_CHECK(kikan_world_new(ctx, &x.builtin));
    KIKAN_CHECK(kikan_world_add_builtin_sectors(x.builtin));
    KIKAN_CHECK_ALLOC(x.dep_edge = calloc((size_t)x.ne + 1, sizeof(*x.dep_edge)));
    KIKAN_CHECK_ALLOC(x.link_edge = calloc((size_t)x.ne + 1, sizeof(*x.link_edge)));
    for (int t = 0; t < N_TABLES; t++) {
        KIKAN_CHECK(write_table(&x, tmpl, t));
    }
    const int n0 = kikan_diag_count(ctx);
    err = kikan_tables_load(ctx, tmpl, world);
    if (err == KIKAN_EINPUT) {
        rewrite_diags(ctx, n0, tmpl, path, &x.g, &x.a, x.dep_edge, x.n_dep, x.link_edge, x.n_link);
    }
    KIKAN_CHECK(err);
cleanup:
    if (have_dir) {
        for (int t = 0; t < N_TABLES; t++) {
            char fpath[64];
            snprintf(fpath, sizeof(fpath), "%s/%s", tmpl, table_names[t]);
            unlink(fpath);
        }
        rmdir(tmpl);
    }
    gml_destroy(&x);
    igraph_set_attribute_table(old_table);
    return err;
}
