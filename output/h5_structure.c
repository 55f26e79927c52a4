/*
 * The /structure group of a results file: the structural screening
 * (include/kikan/structure.h) — attributes with the counts and the scope
 * compared against, and the table `spof` of every single point of failure
 * in rank order — written with the results by kikan_h5_write_structure and
 * read back by kikan_h5_read_structure (for the report and scripts). Layout:
 * docs/hdf5-schema.md, section /structure.
 *
 * DESIGN: plugs into kikan_h5_write's single pass through the /scope hook
 * (kikan_h5_write_with_scope), writing the usual empty /scope placeholder
 * and then /structure, so the file is written and renamed atomically by the
 * same machinery as any results file; no change to the writer was needed.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>
#include "kikan/structure_io.h"
#include "models/world_impl.h"
#include "output/h5_internal.h"

typedef struct {
    const char *name;
    size_t off;
    int kind; /* 0 string, 1 float64, 2 int32 */
} fld_t;

#define FS(f)                                                                                      \
    {                                                                                              \
#f, offsetof(kikan_h5_spof_t, f), 0                                                        \
    }
#define FD(f)                                                                                      \
    {                                                                                              \
#f, offsetof(kikan_h5_spof_t, f), 1                                                        \
    }
#define FI(f)                                                                                      \
    {                                                                                              \
#f, offsetof(kikan_h5_spof_t, f), 2                                                        \
    }
static const fld_t spof_f[] = {
    FI(rank),    FS(asset),          FS(kind),        FS(operator_id),  FS(sector),
    FS(unit),    FS(size_class),     FI(sme),         FD(alone),        FI(alone_assets),
    FD(cut_off), FI(cut_off_assets), FD(betweenness), FI(articulation), FI(regulated)};
#define N_SPOF_F ((int)(sizeof(spof_f) / sizeof(spof_f[0])))

static const char *const size_class_label[] = {"SME", "medium", "large", "very large"};

static hid_t row_type(hid_t str_t)
{
    hid_t t = H5Tcreate(H5T_COMPOUND, sizeof(kikan_h5_spof_t));
    for (int i = 0; t >= 0 && i < N_SPOF_F; i++) {
        const hid_t ft = spof_f[i].kind == 0   ? str_t
                         : spof_f[i].kind == 1 ? H5T_NATIVE_DOUBLE
                                               : H5T_NATIVE_INT32;
        if (H5Tinsert(t, spof_f[i].name, spof_f[i].off, ft) < 0) {
            H5Tclose(t);
            t = -1;
        }
    }
    return t;
}

#define T_H5CHECK(expr, what)                                                                      \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            kikan_log(ctx, KIKAN_LOG_ERROR, "writing /structure: %s failed", (what));              \
            KIKAN_FAIL(KIKAN_EHDF5);                                                               \
        }                                                                                          \
    } while (0)

typedef struct {
    const kikan_structure_t *s;
    const kikan_world_t *w;
} arg_t;

static kikan_error_t write_groups(kikan_ctx_t *ctx, hid_t file, hid_t gcpl, const void *varg)
{
    kikan_error_t err = KIKAN_OK;
    const arg_t *a = varg;
    const kikan_structure_t *s = a->s;
    const kikan_world_t *w = a->w;
    hid_t g = -1, str_t = -1, t = -1, sp = -1, d = -1;
    kikan_h5_spof_t *rows = NULL;
    T_H5CHECK(str_t = kikan_h5_str_type(), "string type");
    T_H5CHECK(g = H5Gcreate2(file, "scope", H5P_DEFAULT, gcpl, H5P_DEFAULT), "/scope");
    T_H5CHECK(kikan_h5_attr_put_str(g, "status", "empty: filled by `kikan scope`"), "/scope");
    kikan_h5_close(&g);
    T_H5CHECK(g = H5Gcreate2(file, "structure", H5P_DEFAULT, gcpl, H5P_DEFAULT), "group");
    T_H5CHECK(kikan_h5_attr_put_str(g, "status", "filled by `kikan structure`"), "attributes");
    T_H5CHECK(kikan_h5_attr_put_str(g, "unit", s->unit), "attributes");
    T_H5CHECK(
        kikan_h5_attr_put_str(g, "compared_with", s->regulated_source ? s->regulated_source : ""),
        "attributes");
    T_H5CHECK(kikan_h5_attr_put_i64(g, "n_spof", s->n_spof), "attributes");
    T_H5CHECK(kikan_h5_attr_put_i64(g, "n_thin_groups", s->n_thin_groups), "attributes");
    T_H5CHECK(kikan_h5_attr_put_i64(g, "n_articulation", s->n_articulation), "attributes");
    T_H5CHECK(kikan_h5_attr_put_i64(g, "n_blocks", s->n_blocks), "attributes");
    T_H5CHECK(kikan_h5_attr_put_i64(g, "spof_unregulated", s->n_spof_unregulated), "attributes");
    T_H5CHECK(kikan_h5_attr_put_f64(g, "spof_unregulated_alone", s->spof_unregulated_alone),
              "attributes");
    KIKAN_CHECK_ALLOC(rows = calloc((size_t)s->n_spof + 1, sizeof(*rows)));
    for (kikan_id_t i = 0; i < s->n_spof; i++) {
        const kikan_id_t x = s->spof[i], o = w->assets[x].op;
        const kikan_id_t kind = w->assets[x].kind;
        const int sc = s->size_class[x];
        rows[i] = (kikan_h5_spof_t){(int32_t)i + 1,
                                    (char *)kikan_strtab_get(&w->asset_ids, x),
                                    (char *)(kind >= 0 ? kikan_strtab_get(&w->kinds, kind) : ""),
                                    (char *)kikan_strtab_get(&w->operator_ids, o),
                                    (char *)kikan_strtab_get(&w->sector_ids, w->assets[x].sector),
                                    (char *)s->unit,
                                    (char *)(sc >= 0 && sc < 4 ? size_class_label[sc] : "n/a"),
                                    w->operators[o].sme,
                                    s->alone[x],
                                    (int32_t)s->alone_assets[x],
                                    s->cascade[x],
                                    (int32_t)s->cascade_assets[x],
                                    s->betweenness[x],
                                    s->articulation[x],
                                    s->op_regulated ? s->op_regulated[o] : -1};
    }
    hsize_t dims = (hsize_t)s->n_spof;
    T_H5CHECK(t = row_type(str_t), "spof type");
    T_H5CHECK(sp = H5Screate_simple(1, &dims, NULL), "spof");
    T_H5CHECK(d = H5Dcreate2(g, "spof", t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), "spof");
    if (s->n_spof > 0) {
        T_H5CHECK(H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows), "spof");
    }
    T_H5CHECK(kikan_h5_attr_put_str(d, "long_name",
                                    "single points of failure, most depending on them alone first"),
              "spof");
    T_H5CHECK(
        kikan_h5_attr_put_str(
            d, "units",
            "alone, cut_off: the row's unit (people, or customers summed "
            "over sectors, each in its own service unit); *_assets: assets; betweenness: shortest "
            "paths; articulation, sme: 0/1; regulated: 0/1, -1 not "
            "compared"),
        "spof");
cleanup:
    free(rows);
    kikan_h5_close(&d);
    kikan_h5_close(&sp);
    kikan_h5_close(&t);
    kikan_h5_close(&g);
    kikan_h5_close(&str_t);
    return err;
}

kikan_error_t kikan_h5_write_structure(kikan_ctx_t *ctx, const char *path,
                                       const kikan_structure_t *st, const kikan_results_t *res,
                                       const kikan_world_t *world, const kikan_scenario_t *scen)
{
    if (ctx == NULL || path == NULL || st == NULL || res == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    const arg_t arg = {st, world};
    return kikan_h5_write_with_scope(ctx, path, res, world, scen, write_groups, &arg);
}

/* ---- reader ------------------------------------------------------------------------------- */

void kikan_h5_structure_free(kikan_h5_structure_t **s)
{
    if (s == NULL || *s == NULL) {
        return;
    }
    kikan_h5_structure_t *r = *s;
    for (int i = 0; r->spof != NULL && i < r->n_rows; i++) {
        for (int k = 0; k < N_SPOF_F; k++) {
            if (spof_f[k].kind == 0) {
                free(*(char **)((char *)&r->spof[i] + spof_f[k].off));
            }
        }
    }
    free(r->spof);
    free(r->unit);
    free(r->compared_with);
    free(r);
    *s = NULL;
}

static kikan_error_t get_num(kikan_ctx_t *ctx, const char *path, hid_t g, const char *name,
                             double *out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t at = -1;
    if (H5Aexists(g, name) <= 0 || (at = H5Aopen(g, name, H5P_DEFAULT)) < 0 ||
        H5Aread(at, H5T_NATIVE_DOUBLE, out) < 0) {
        kikan_diag_add(ctx, "%s: /structure: numeric attribute '%s' is missing", path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    kikan_h5_close(&at);
    return err;
}

kikan_error_t kikan_h5_read_structure(kikan_ctx_t *ctx, const char *path,
                                      kikan_h5_structure_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_h5_quiet_t quiet;
    hid_t f = -1, g = -1, d = -1, ft = -1, sp = -1, mt = -1, str_t = -1;
    kikan_h5_structure_t *s = NULL;
    hsize_t n = 0;
    if (ctx == NULL || path == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_h5_quiet_begin(&quiet);
    KIKAN_CHECK(kikan_h5_open_results_ro(ctx, path, &f));
    if (H5Lexists(f, "structure", H5P_DEFAULT) <= 0) {
        goto cleanup; /* no analysis */
    }
    if ((g = H5Gopen2(f, "structure", H5P_DEFAULT)) < 0) {
        kikan_diag_add(ctx, "%s: /structure is not a group", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK_ALLOC(s = calloc(1, sizeof(*s)));
    if (kikan_h5_attr_get_str(g, "unit", &s->unit) != KIKAN_OK ||
        kikan_h5_attr_get_str(g, "compared_with", &s->compared_with) != KIKAN_OK) {
        kikan_diag_add(ctx, "%s: /structure: string attribute 'unit' or 'compared_with' missing",
                       path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    static const char *const counts[] = {"n_spof", "n_thin_groups", "n_articulation", "n_blocks",
                                         "spof_unregulated"};
    int32_t *dst[] = {&s->n_spof, &s->n_thin_groups, &s->n_articulation, &s->n_blocks,
                      &s->spof_unregulated};
    for (int i = 0; i < 5; i++) {
        int64_t v = 0;
        if (kikan_h5_attr_get_i64(g, counts[i], &v) != KIKAN_OK || v < 0 || v > INT32_MAX) {
            kikan_diag_add(ctx, "%s: /structure: count attribute '%s' is missing or out of range",
                           path, counts[i]);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        *dst[i] = (int32_t)v;
    }
    KIKAN_CHECK(get_num(ctx, path, g, "spof_unregulated_alone", &s->spof_unregulated_alone));
    if (H5Lexists(g, "spof", H5P_DEFAULT) <= 0 || (d = H5Dopen2(g, "spof", H5P_DEFAULT)) < 0 ||
        (ft = H5Dget_type(d)) < 0 || H5Tget_class(ft) != H5T_COMPOUND ||
        (sp = H5Dget_space(d)) < 0 || H5Sget_simple_extent_ndims(sp) != 1 ||
        H5Sget_simple_extent_dims(sp, &n, NULL) < 0 || n > (hsize_t)INT32_MAX) {
        kikan_diag_add(ctx, "%s: /structure/spof is missing or not a one-dimensional table", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    for (int k = 0; k < N_SPOF_F; k++) {
        if (H5Tget_member_index(ft, spof_f[k].name) < 0) {
            kikan_diag_add(ctx, "%s: /structure/spof has no field '%s'", path, spof_f[k].name);
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
    }
    KIKAN_CHECK_ALLOC(s->spof = calloc((size_t)n + 1, sizeof(*s->spof)));
    if (n > 0) {
        if ((str_t = kikan_h5_str_type()) < 0 || (mt = row_type(str_t)) < 0) {
            KIKAN_FAIL(KIKAN_EHDF5);
        }
        if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, s->spof) < 0) {
            kikan_diag_add(ctx, "%s: /structure/spof: cannot read (wrong field types?)", path);
            memset(s->spof, 0, ((size_t)n + 1) * sizeof(*s->spof));
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        /* swap HDF5's strings for malloc'd copies; rows done so far are freed on failure */
        for (hsize_t i = 0; i < n; i++) {
            int bad = 0;
            for (int k = 0; k < N_SPOF_F; k++) {
                if (spof_f[k].kind != 0) {
                    continue;
                }
                char **p = (char **)((char *)&s->spof[i] + spof_f[k].off);
                char *h = *p;
                *p = strdup(h ? h : "");
                if (h != NULL) {
                    H5free_memory(h);
                }
                bad |= *p == NULL;
            }
            s->n_rows = (int)i + 1;
            if (bad) {
                KIKAN_FAIL(KIKAN_ENOMEM);
            }
        }
    }
    s->n_rows = (int)n;
    *out = s;
    s = NULL;
cleanup:
    kikan_h5_structure_free(&s);
    kikan_h5_close(&str_t);
    kikan_h5_close(&mt);
    kikan_h5_close(&sp);
    kikan_h5_close(&ft);
    kikan_h5_close(&d);
    kikan_h5_close(&g);
    kikan_h5_close(&f);
    kikan_h5_quiet_end(&quiet);
    return err;
}
