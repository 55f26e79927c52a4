/*
 * A scenario network from a GraphML or GML file (`network: {graphml: FILE}`,
 * docs/scenario-format.md "Network from GraphML"): vertices are assets, their
 * attributes the columns of assets.csv (plus operator_name, sme and
 * operator_METRIC for the operators); directed edges are dependencies
 * provider -> dependent with the columns of dependencies.csv as attributes
 * (resource, group, k), or, with link = 1, links of a sector's network.
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
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/graphfile.h"
#include "scenarios/loader.h"

/* Asset columns copied from vertex attributes of the same name. */
static const char *const asset_cols[] = {
    "id",           "operator",         "sector",        "kind",   "region",   "customers",
    "backup_hours", "backup_hours_max", "restart_hours", "repair", "repair_a", "repair_b"};
enum { N_ASSET_COLS = sizeof(asset_cols) / sizeof(asset_cols[0]) };

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

kikan_error_t kikan_graphml_world_load(kikan_ctx_t *ctx, const char *path, kikan_world_t **world)
{
    kikan_error_t err = KIKAN_OK;
    igraph_t g;
    int have_g = 0, have_attrs = 0;
    attrs_t a;
    igraph_strvector_t gnames;
    igraph_vector_int_t gtypes;
    char tmpl[] = "/tmp/kikan-graphml-XXXXXX";
    int have_dir = 0;
    char *text = NULL, *fpath = NULL;
    size_t tlen = 0;
    FILE *mem = NULL;
    igraph_integer_t *dep_edge = NULL, *link_edge = NULL, n_dep = 0, n_link = 0;
    kikan_world_t *builtin = NULL;
    uint8_t *sec_used = NULL;
    char **op_seen = NULL;
    igraph_integer_t n_ops = 0;
    const char *table_names[] = {"sectors.csv", "operators.csv", "assets.csv", "dependencies.csv",
                                 "links.csv"};
    if (ctx == NULL || path == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    *world = NULL;
    /* keep the attributes; the table stays installed until the graph is destroyed */
    igraph_attribute_table_t *old_table = igraph_set_attribute_table(&igraph_cattribute_table);
    KIKAN_CHECK(kikan_graphfile_read_graph(ctx, path, &g));
    have_g = 1;
    if (!igraph_is_directed(&g)) {
        kikan_diag_add(ctx,
                       "%s: the graph must be directed (GraphML edgedefault=\"directed\", GML "
                       "directed 1): an edge is a dependency provider -> dependent",
                       path);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    /* each initialised vector is destroyed in cleanup (have_attrs counts them) */
    if (igraph_strvector_init(&gnames, 0) || (++have_attrs, igraph_strvector_init(&a.vnames, 0)) ||
        (++have_attrs, igraph_strvector_init(&a.enames, 0)) ||
        (++have_attrs, igraph_vector_int_init(&gtypes, 0)) ||
        (++have_attrs, igraph_vector_int_init(&a.vtypes, 0)) ||
        (++have_attrs, igraph_vector_int_init(&a.etypes, 0))) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    ++have_attrs;
    if (igraph_cattribute_list(&g, &gnames, &gtypes, &a.vnames, &a.vtypes, &a.enames, &a.etypes) !=
        IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    const igraph_integer_t nv = igraph_vcount(&g), ne = igraph_ecount(&g);
    if (nv > KIKAN_ID_MAX / 2 || ne > KIKAN_ID_MAX / 2) {
        kikan_diag_add(ctx, "%s: too many vertices or edges (limit %d each)", path,
                       (int)(KIKAN_ID_MAX / 2));
        KIKAN_FAIL(KIKAN_ELIMIT);
    }
    for (const char *const *req = (const char *const[]){"operator", "sector", "kind", NULL}; *req;
         req++) {
        if (attr_type(&a.vnames, &a.vtypes, *req) < 0) {
            kikan_diag_add(ctx,
                           "%s: vertex attribute '%s' is missing (assets need id, "
                           "operator, sector and kind)",
                           path, *req);
            err = KIKAN_EINPUT;
        }
    }
    if (err != KIKAN_OK) {
        KIKAN_FAIL(err);
    }
    if (mkdtemp(tmpl) == NULL) {
        kikan_diag_add(ctx, "%s: cannot make a temporary directory: %s", path, strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    }
    have_dir = 1;
    KIKAN_CHECK_ALLOC(fpath = malloc(strlen(tmpl) + 32));
    char b1[64], b2[64];

    /* sectors: the built-in ones the assets use */
    KIKAN_CHECK(kikan_world_new(ctx, &builtin));
    KIKAN_CHECK(kikan_world_add_builtin_sectors(builtin));
    KIKAN_CHECK_ALLOC(sec_used = calloc((size_t)builtin->n_sectors + 1, 1));
    for (igraph_integer_t v = 0; v < nv; v++) {
        const kikan_id_t s =
            kikan_world_find_sector(builtin, attr_text(&g, &a, 1, "sector", v, b1, sizeof(b1)));
        if (s != KIKAN_NONE) {
            sec_used[s] = 1;
        }
    }
    KIKAN_CHECK_ALLOC(mem = open_memstream(&text, &tlen));
    fputs("id,name,unit,life_weight,output_jpy\n", mem);
    for (kikan_id_t s = 0; s < builtin->n_sectors; s++) {
        if (sec_used[s]) {
            const kikan_sector_t *sc = &builtin->sectors[s];
            kikan_csv_put_field(mem, kikan_strtab_get(&builtin->sector_ids, s));
            fputc(',', mem);
            kikan_csv_put_field(mem, sc->name);
            fputc(',', mem);
            kikan_csv_put_field(mem, sc->unit);
            fprintf(mem, ",%.17g,%.17g\n", sc->life_weight, sc->output_jpy);
        }
    }
    fclose(mem);
    mem = NULL;
    sprintf(fpath, "%s/%s", tmpl, table_names[0]);
    if (!write_all(fpath, text, tlen)) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    free(text);
    text = NULL;

    /* operators: one per distinct `operator`, metrics from operator_* attributes */
    KIKAN_CHECK_ALLOC(op_seen = calloc((size_t)nv + 1, sizeof(*op_seen)));
    KIKAN_CHECK_ALLOC(mem = open_memstream(&text, &tlen));
    fputs("id,name,sectors,sme", mem);
    for (igraph_integer_t k = 0; k < igraph_strvector_size(&a.vnames); k++) {
        const char *nm = igraph_strvector_get(&a.vnames, k);
        if (strncmp(nm, "operator_", 9) == 0 && strcmp(nm, "operator_name") != 0) {
            fputc(',', mem);
            kikan_csv_put_field(mem, nm + 9);
        }
    }
    fputc('\n', mem);
    for (igraph_integer_t v = 0; v < nv; v++) {
        const char *op = attr_text(&g, &a, 1, "operator", v, b1, sizeof(b1));
        int seen = op[0] == '\0';
        for (igraph_integer_t j = 0; j < n_ops && !seen; j++) {
            seen = strcmp(op_seen[j], op) == 0;
        }
        if (seen) {
            continue;
        }
        KIKAN_CHECK_ALLOC(op_seen[n_ops++] = strdup(op));
        kikan_csv_put_field(mem, op);
        fputc(',', mem);
        const char *nm = attr_text(&g, &a, 1, "operator_name", v, b2, sizeof(b2));
        kikan_csv_put_field(mem, nm[0] ? nm : op);
        fputc(',', mem);
        /* sectors: those of its assets, ';'-separated, each once */
        int first = 1;
        for (kikan_id_t s = 0; s < builtin->n_sectors; s++) {
            int has = 0;
            for (igraph_integer_t u = v; u < nv && !has; u++) {
                char c1[64], c2[64];
                has = strcmp(attr_text(&g, &a, 1, "operator", u, c1, sizeof(c1)), op) == 0 &&
                      strcmp(attr_text(&g, &a, 1, "sector", u, c2, sizeof(c2)),
                             kikan_strtab_get(&builtin->sector_ids, s)) == 0;
            }
            if (has) {
                fprintf(mem, "%s%s", first ? "" : ";", kikan_strtab_get(&builtin->sector_ids, s));
                first = 0;
            }
        }
        if (first) { /* none built in: the asset's own sector, reported by the asset table */
            kikan_csv_put_field(mem, attr_text(&g, &a, 1, "sector", v, b2, sizeof(b2)));
        }
        fputc(',', mem);
        const char *sme = attr_text(&g, &a, 1, "sme", v, b2, sizeof(b2));
        kikan_csv_put_field(mem, sme[0] ? sme : "0");
        for (igraph_integer_t k = 0; k < igraph_strvector_size(&a.vnames); k++) {
            const char *an = igraph_strvector_get(&a.vnames, k);
            if (strncmp(an, "operator_", 9) == 0 && strcmp(an, "operator_name") != 0) {
                fputc(',', mem);
                kikan_csv_put_field(mem, attr_text(&g, &a, 1, an, v, b2, sizeof(b2)));
            }
        }
        fputc('\n', mem);
    }
    fclose(mem);
    mem = NULL;
    sprintf(fpath, "%s/%s", tmpl, table_names[1]);
    if (!write_all(fpath, text, tlen)) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    free(text);
    text = NULL;

    /* assets: one row per vertex, in vertex order */
    KIKAN_CHECK_ALLOC(mem = open_memstream(&text, &tlen));
    for (int c = 0; c < N_ASSET_COLS; c++) {
        fprintf(mem, "%s%s", c ? "," : "", asset_cols[c]);
    }
    fputc('\n', mem);
    for (igraph_integer_t v = 0; v < nv; v++) {
        for (int c = 0; c < N_ASSET_COLS; c++) {
            if (c) {
                fputc(',', mem);
            }
            kikan_csv_put_field(mem, attr_text(&g, &a, 1, asset_cols[c], v, b1, sizeof(b1)));
        }
        fputc('\n', mem);
    }
    fclose(mem);
    mem = NULL;
    sprintf(fpath, "%s/%s", tmpl, table_names[2]);
    if (!write_all(fpath, text, tlen)) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    free(text);
    text = NULL;

    /* dependencies and links: one row per edge */
    KIKAN_CHECK_ALLOC(dep_edge = calloc((size_t)ne + 1, sizeof(*dep_edge)));
    KIKAN_CHECK_ALLOC(link_edge = calloc((size_t)ne + 1, sizeof(*link_edge)));
    for (int pass = 0; pass < 2; pass++) {
        KIKAN_CHECK_ALLOC(mem = open_memstream(&text, &tlen));
        fputs(pass == 0 ? "provider,dependent,resource,group,k\n" : "a,b\n", mem);
        for (igraph_integer_t e = 0; e < ne; e++) {
            const char *lk = attr_text(&g, &a, 0, "link", e, b1, sizeof(b1));
            const int is_link = lk[0] != '\0' && strcmp(lk, "0") != 0;
            if (is_link != pass) {
                continue;
            }
            char c1[64], c2[64];
            kikan_csv_put_field(mem, attr_text(&g, &a, 1, "id", IGRAPH_FROM(&g, e), c1, 64));
            fputc(',', mem);
            kikan_csv_put_field(mem, attr_text(&g, &a, 1, "id", IGRAPH_TO(&g, e), c2, 64));
            if (pass == 0) {
                dep_edge[n_dep++] = e;
                for (int c = 0; c < 3; c++) {
                    static const char *const dc[] = {"resource", "group", "k"};
                    fputc(',', mem);
                    kikan_csv_put_field(mem, attr_text(&g, &a, 0, dc[c], e, b1, sizeof(b1)));
                }
            } else {
                link_edge[n_link++] = e;
            }
            fputc('\n', mem);
        }
        fclose(mem);
        mem = NULL;
        sprintf(fpath, "%s/%s", tmpl, table_names[3 + pass]);
        if (!write_all(fpath, text, tlen)) {
            KIKAN_FAIL(KIKAN_EIO);
        }
        free(text);
        text = NULL;
    }

    const int n0 = kikan_diag_count(ctx);
    err = kikan_tables_load(ctx, tmpl, world);
    if (err == KIKAN_EINPUT) {
        rewrite_diags(ctx, n0, tmpl, path, &g, &a, dep_edge, n_dep, link_edge, n_link);
    }
    KIKAN_CHECK(err);
cleanup:
    if (mem != NULL) {
        fclose(mem);
    }
    free(text);
    if (have_dir) {
        for (size_t i = 0; i < sizeof(table_names) / sizeof(table_names[0]); i++) {
            if (fpath != NULL) {
                sprintf(fpath, "%s/%s", tmpl, table_names[i]);
                unlink(fpath);
            }
        }
        rmdir(tmpl);
    }
    free(fpath);
    for (igraph_integer_t j = 0; op_seen != NULL && j < n_ops; j++) {
        free(op_seen[j]);
    }
    free(op_seen);
    free(sec_used);
    free(dep_edge);
    free(link_edge);
    kikan_world_free(&builtin);
    if (have_attrs > 0) {
        igraph_strvector_destroy(&gnames);
    }
    if (have_attrs > 1) {
        igraph_strvector_destroy(&a.vnames);
    }
    if (have_attrs > 2) {
        igraph_strvector_destroy(&a.enames);
    }
    if (have_attrs > 3) {
        igraph_vector_int_destroy(&gtypes);
    }
    if (have_attrs > 4) {
        igraph_vector_int_destroy(&a.vtypes);
    }
    if (have_attrs > 5) {
        igraph_vector_int_destroy(&a.etypes);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    igraph_set_attribute_table(old_table);
    return err;
}
