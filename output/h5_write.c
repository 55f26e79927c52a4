/*
 * The HDF5 results writer and the checkpoint writer. Layout: docs/hdf5-schema.md.
 *
 * DESIGN: the file is a netCDF-4-compatible HDF5 file. Each group that holds
 * arrays (/replicates, /timeseries, /statistics) carries its own dimension
 * scales (whatif, replicate, sector, time, size_class, statistic) attached
 * with H5DS, so xarray opens any of these groups on its own with named,
 * labelled dimensions; the scales cost a few kilobytes. Big arrays are
 * written straight from kikan_results_t (no copy), chunked ~1 MiB with
 * shuffle + deflate. Strings are variable-length UTF-8 throughout, so h5py
 * returns str, not bytes. The network tables are compound datasets made with
 * H5TB (PyTables-compatible "TABLE" attributes, named fields); the big ones
 * (assets, dependencies, installations, links) hold int32 indices into one
 * fixed-length string dataset per id space (/network/strings) and are
 * written in blocks, so a national network costs no more memory to write
 * than one block.
 *
 * Writing goes to a temporary file (see kikan_atomic_* in h5_common.c) that
 * is renamed over the final name only after the last dataset, H5Fflush,
 * H5Fclose and fsync; any failure removes it.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include "kikan/version.h"
#include "models/world_impl.h"
#include "models/results_impl.h"
#include "output/h5_internal.h"

_Static_assert(sizeof(kikan_stat_t) == 7 * sizeof(double), "kikan_stat_t is 7 packed doubles");

/* Chunks of big arrays hold about this many elements (1 MiB of doubles). */
#define CHUNK_ELEMS ((hsize_t)131072)
/* Arrays with at least this many elements are chunked and compressed. */
#define COMPRESS_MIN_ELEMS ((hsize_t)1024)
#define DEFLATE_LEVEL 4
/* The network's tables and strings: level 1 compresses the int32 columns nearly as well, fast. */
#define NETWORK_DEFLATE_LEVEL 1

/* The dimensions of the arrays; each group carries the scales it uses. */
enum { D_WHATIF, D_REPLICATE, D_SECTOR, D_TIME, D_CLASS, D_STAT, D_FROM, D_REGION, N_DIMS };
static const char *const dim_names[N_DIMS] = {"whatif",     "replicate", "sector",      "time",
                                              "size_class", "statistic", "from_sector", "region"};

typedef struct {
    kikan_ctx_t *ctx;
    const kikan_h5_hooks_t *hooks;
    const kikan_results_t *res;
    int n_datasets;
    hid_t str_t; /* variable-length UTF-8 string */
    hid_t gcpl;  /* group creation: track link creation order (netCDF-4 likes it) */
    hid_t dxpl;  /* transfer: a small type-conversion buffer (see write_file) */
} wst_t;

typedef struct {
    hid_t id[N_DIMS];
} scales_t;

/* Record an HDF5 failure (with HDF5's own message in the log) and fail. */
#define W_H5CHECK(expr, what)                                                                      \
    do {                                                                                           \
        if ((expr) < 0) {                                                                          \
            h5_failed(ws, (what));                                                                 \
            KIKAN_FAIL(KIKAN_EHDF5);                                                               \
        }                                                                                          \
    } while (0)

static void h5_failed(const wst_t *ws, const char *what)
{
    char msg[256];
    kikan_h5_last_error(msg, sizeof(msg));
    kikan_log(ws->ctx, KIKAN_LOG_ERROR, "HDF5 failed writing %s: %s", what, msg);
}

static kikan_error_t dataset_done(wst_t *ws)
{
    ws->n_datasets++;
    if (ws->hooks != NULL && ws->hooks->after_dataset != NULL &&
        ws->hooks->after_dataset(ws->hooks->arg, ws->n_datasets) != 0) {
        kikan_log(ws->ctx, KIKAN_LOG_ERROR, "write failed after %d datasets (injected)",
                  ws->n_datasets);
        return KIKAN_EIO;
    }
    return KIKAN_OK;
}

static hsize_t dim_size(const kikan_results_t *r, int d)
{
    switch (d) {
    case D_WHATIF:
        return (hsize_t)r->n_whatifs;
    case D_REPLICATE:
        return (hsize_t)r->n_replicates;
    case D_SECTOR:
    case D_FROM:
        return (hsize_t)r->n_sectors;
    case D_TIME:
        return (hsize_t)r->n_grid;
    case D_CLASS:
        return KIKAN_N_SIZE_CLASSES;
    case D_REGION:
        return (hsize_t)r->n_regions;
    default:
        return 7;
    }
}

/* Chunk shape: the whole array, shrinking leading dimensions first to ~CHUNK_ELEMS. */
static void choose_chunks(int rank, const hsize_t *dims, hsize_t *chunk)
{
    hsize_t n = 1;
    for (int i = 0; i < rank; i++) {
        chunk[i] = dims[i] > 0 ? dims[i] : 1;
        n *= chunk[i];
    }
    for (int i = 0; i < rank && n > CHUNK_ELEMS; i++) {
        hsize_t other = n / chunk[i];
        hsize_t want = other >= CHUNK_ELEMS ? 1 : CHUNK_ELEMS / other;
        if (want < chunk[i]) {
            chunk[i] = want;
        }
        n = other * chunk[i];
    }
}

/*
 * Create dataset `name` in loc with the given shape, write buf (mtype), add
 * the `units` and `long_name` attributes and attach the scales (dimension
 * kinds `dk`, or NULL). ftype is the file type. Chunked + compressed when big
 * or when always_compress (the per-replicate arrays, whatever their size, so
 * readers see one storage layout).
 */
static kikan_error_t put_data(wst_t *ws, hid_t loc, const scales_t *sc, const char *name, int rank,
                              const hsize_t *dims, const int *dk, hid_t ftype, hid_t mtype,
                              const void *buf, const char *units, const char *long_name,
                              hid_t *keep, int always_compress)
{
    kikan_error_t err = KIKAN_OK;
    hid_t sp = -1, dcpl = -1, d = -1;
    hsize_t chunk[8], n = 1;
    for (int i = 0; i < rank; i++) {
        n *= dims[i];
    }
    W_H5CHECK(sp = H5Screate_simple(rank, dims, NULL), name);
    W_H5CHECK(dcpl = H5Pcreate(H5P_DATASET_CREATE), name);
    /* no modification times: the same results give the same bytes */
    W_H5CHECK(H5Pset_obj_track_times(dcpl, 0), name);
    if (n > 0 && (always_compress || n >= COMPRESS_MIN_ELEMS)) {
        choose_chunks(rank, dims, chunk);
        W_H5CHECK(H5Pset_chunk(dcpl, rank, chunk), name);
        W_H5CHECK(H5Pset_shuffle(dcpl), name);
        W_H5CHECK(H5Pset_deflate(dcpl, DEFLATE_LEVEL), name);
    }
    W_H5CHECK(d = H5Dcreate2(loc, name, ftype, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT), name);
    if (n > 0) {
        W_H5CHECK(H5Dwrite(d, mtype, H5S_ALL, H5S_ALL, ws->dxpl, buf), name);
    }
    W_H5CHECK(kikan_h5_attr_put_str(d, "units", units), name);
    if (long_name != NULL) {
        W_H5CHECK(kikan_h5_attr_put_str(d, "long_name", long_name), name);
    }
    for (int i = 0; dk != NULL && i < rank; i++) {
        W_H5CHECK(H5DSattach_scale(d, sc->id[dk[i]], (unsigned)i), name);
        W_H5CHECK(H5DSset_label(d, (unsigned)i, dim_names[dk[i]]), name);
    }
    KIKAN_CHECK(dataset_done(ws));
    if (keep != NULL) {
        *keep = d;
        d = -1;
    }
cleanup:
    kikan_h5_close(&d);
    kikan_h5_close(&dcpl);
    kikan_h5_close(&sp);
    return err;
}

/* A double array whose dimensions are all kikan dimensions. */
static kikan_error_t put_var(wst_t *ws, hid_t loc, const scales_t *sc, const char *name, int rank,
                             const int *dk, const double *buf, const char *units,
                             const char *long_name, int always_compress)
{
    hsize_t dims[8];
    for (int i = 0; i < rank; i++) {
        dims[i] = dim_size(ws->res, dk[i]);
    }
    return put_data(ws, loc, sc, name, rank, dims, dk, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, buf,
                    units, long_name, NULL, always_compress);
}

/* A 1-D string dataset (NULL entries written as ""). */
static kikan_error_t put_strings(wst_t *ws, hid_t loc, const scales_t *sc, const int *dk,
                                 const char *name, hsize_t n, const char *const *strs,
                                 const char *long_name, hid_t *keep)
{
    kikan_error_t err = KIKAN_OK;
    const char **v = calloc(n ? n : 1, sizeof(*v));
    KIKAN_CHECK_ALLOC(v);
    for (hsize_t i = 0; i < n; i++) {
        v[i] = strs[i] ? strs[i] : "";
    }
    KIKAN_CHECK(
        put_data(ws, loc, sc, name, 1, &n, dk, ws->str_t, ws->str_t, v, "", long_name, keep, 0));
cleanup:
    free(v);
    return err;
}

/* Create the dimension scales of `mask` (bit d = dimension d) in group g. */
static kikan_error_t make_scales(wst_t *ws, hid_t g, unsigned mask, scales_t *sc)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    int64_t *idx = NULL;
    for (int d = 0; d < N_DIMS; d++) {
        sc->id[d] = -1;
    }
    for (int d = 0; d < N_DIMS; d++) {
        if (!(mask & (1u << d))) {
            continue;
        }
        hsize_t n = dim_size(r, d);
        switch (d) {
        case D_WHATIF:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "whatif", n,
                                    (const char *const *)r->whatif_names, "what-if name",
                                    &sc->id[d]));
            break;
        case D_SECTOR:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "sector", n,
                                    (const char *const *)r->sector_ids, "sector id", &sc->id[d]));
            break;
        case D_FROM:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "from_sector", n,
                                    (const char *const *)r->sector_ids,
                                    "sector where the chain of lost supplies began", &sc->id[d]));
            break;
        case D_REGION:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "region", n,
                                    (const char *const *)r->region_ids,
                                    "region of the assets (prefecture)", &sc->id[d]));
            break;
        case D_CLASS:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "size_class", n, kikan_size_class_names,
                                    "operator size class", &sc->id[d]));
            break;
        case D_STAT:
            KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "statistic", n, kikan_stat_names,
                                    "statistic over replicates", &sc->id[d]));
            break;
        case D_TIME:
            KIKAN_CHECK(put_data(ws, g, NULL, "time", 1, &n, NULL, H5T_IEEE_F64LE,
                                 H5T_NATIVE_DOUBLE, r->grid, "hours",
                                 "time since the start of the scenario", &sc->id[d], 0));
            break;
        default: /* D_REPLICATE */
            KIKAN_CHECK_ALLOC(idx = malloc((size_t)n * sizeof(*idx)));
            for (hsize_t i = 0; i < n; i++) {
                idx[i] = (int64_t)i;
            }
            KIKAN_CHECK(put_data(ws, g, NULL, "replicate", 1, &n, NULL, H5T_STD_I64LE,
                                 H5T_NATIVE_INT64, idx, "1", "replicate index", &sc->id[d], 0));
            free(idx);
            idx = NULL;
            break;
        }
        W_H5CHECK(H5DSset_scale(sc->id[d], dim_names[d]), dim_names[d]);
    }
cleanup:
    free(idx);
    return err;
}

static void close_scales(scales_t *sc)
{
    for (int d = 0; d < N_DIMS; d++) {
        kikan_h5_close(&sc->id[d]);
    }
}

static kikan_error_t make_group(wst_t *ws, hid_t loc, const char *name, hid_t *g)
{
    kikan_error_t err = KIKAN_OK;
    W_H5CHECK(*g = H5Gcreate2(loc, name, H5P_DEFAULT, ws->gcpl, H5P_DEFAULT), name);
cleanup:
    return err;
}

/* ---- root and provenance ---------------------------------------------------------------- */

static kikan_error_t write_root(wst_t *ws, hid_t f, const char *schema)
{
    kikan_error_t err = KIKAN_OK;
    W_H5CHECK(kikan_h5_attr_put_str(f, "kikan_schema", schema), "root attributes");
    W_H5CHECK(kikan_h5_attr_put_i32(f, "schema_version", KIKAN_H5_SCHEMA_VERSION),
              "root attributes");
    W_H5CHECK(kikan_h5_attr_put_str(f, "kikan_version", KIKAN_VERSION_STRING), "root attributes");
    W_H5CHECK(kikan_h5_attr_put_i32(f, "synthetic", ws->res->synthetic != 0), "root attributes");
    W_H5CHECK(kikan_h5_attr_put_str(f, "title", "kikan sector-dependency simulation results"),
              "root attributes");
cleanup:
    return err;
}

static const char *pick(const char *a, const char *b)
{
    return a != NULL ? a : b;
}

static kikan_error_t write_provenance(wst_t *ws, hid_t f, const kikan_scenario_t *scen)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    KIKAN_CHECK(make_group(ws, f, "provenance", &g));
    const struct {
        const char *name, *value;
    } strs[] = {
        {"kikan_version", pick(r->kikan_version, KIKAN_VERSION_STRING)},
        {"scenario_name", pick(r->scenario_name, scen ? scen->name : NULL)},
        {"scenario_path", pick(r->scenario_path, scen ? scen->path : NULL)},
        {"scenario_text", pick(r->scenario_text, scen ? scen->text : NULL)},
        {"tables_checksum", r->tables_checksum},
        {"started", r->started},
        {"finished", r->finished},
        {"host", r->host},
    };
    for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
        W_H5CHECK(kikan_h5_attr_put_str(g, strs[i].name, strs[i].value), "/provenance");
    }
    W_H5CHECK(kikan_h5_attr_put_num(g, "seed", H5T_STD_U64LE, H5T_NATIVE_UINT64, &r->seed),
              "/provenance");
    W_H5CHECK(kikan_h5_attr_put_i32(g, "threads", r->threads), "/provenance");
    W_H5CHECK(kikan_h5_attr_put_i32(g, "processes", r->processes), "/provenance");
    W_H5CHECK(kikan_h5_attr_put_i32(g, "synthetic", r->synthetic != 0), "/provenance");
    if (scen != NULL) {
        W_H5CHECK(kikan_h5_attr_put_str(g, "scenario_description", scen->description),
                  "/provenance");
        W_H5CHECK(kikan_h5_attr_put_f64(g, "horizon_hours", scen->horizon_hours), "/provenance");
        W_H5CHECK(kikan_h5_attr_put_f64(g, "step_hours", scen->step_hours), "/provenance");
    }
cleanup:
    kikan_h5_close(&g);
    return err;
}

/* ---- the network tables -------------------------------------------------------------------- */

typedef struct {
    const char *name;
    size_t offset;
    int kind; /* 0 string, 1 double, 2 int32 */
} field_t;

static kikan_error_t put_table(wst_t *ws, hid_t g, const char *name, const char *title,
                               const char *units, kikan_id_t n, size_t rec_size,
                               const field_t *fields, int nf, const void *buf)
{
    kikan_error_t err = KIKAN_OK;
    const char *names[32];
    size_t offs[32];
    hid_t types[32];
    hid_t d = -1, mt = -1;
    W_H5CHECK(mt = H5Tcreate(H5T_COMPOUND, rec_size), name);
    for (int i = 0; i < nf; i++) {
        names[i] = fields[i].name;
        offs[i] = fields[i].offset;
        types[i] = fields[i].kind == 0   ? ws->str_t
                   : fields[i].kind == 1 ? H5T_NATIVE_DOUBLE
                                         : H5T_NATIVE_INT32;
        W_H5CHECK(H5Tinsert(mt, names[i], offs[i], types[i]), name);
    }
    hsize_t chunk = n < 1 ? 1 : (n < 4096 ? (hsize_t)n : 4096);
    /*
     * H5TB makes the table (named fields, TABLE attributes); the rows are
     * written here with our transfer list, because H5TB's default one
     * allocates and clears a 1 MiB conversion buffer per write.
     */
    W_H5CHECK(H5TBmake_table(title, g, name, (hsize_t)nf, (hsize_t)n, rec_size, names, offs, types,
                             chunk, NULL, n > 1024, NULL),
              name);
    W_H5CHECK(d = H5Dopen2(g, name, H5P_DEFAULT), name);
    if (n > 0) {
        W_H5CHECK(H5Dwrite(d, mt, H5S_ALL, H5S_ALL, ws->dxpl, buf), name);
    }
    W_H5CHECK(kikan_h5_attr_put_str(d, "units", units), name);
    KIKAN_CHECK(dataset_done(ws));
cleanup:
    kikan_h5_close(&d);
    kikan_h5_close(&mt);
    return err;
}

#define FS(type, f)                                                                                \
    {                                                                                              \
#f, offsetof(type, f), 0                                                                   \
    }
#define FD(type, f)                                                                                \
    {                                                                                              \
#f, offsetof(type, f), 1                                                                   \
    }
#define FI(type, f)                                                                                \
    {                                                                                              \
#f, offsetof(type, f), 2                                                                   \
    }

typedef struct {
    const char *id, *name, *unit;
    double life_weight, output_jpy;
} sector_row_t;

typedef struct {
    const char *id, *name, *sectors;
    int32_t sme;
} operator_row_t;

/* The big tables hold integer indices into /network/strings (schema version 2). */
typedef struct {
    int32_t operator, sector, kind, region;
    double customers, backup_hours, backup_hours_max, restart_hours;
    int32_t repair_dist;
    double repair_a, repair_b, cold_restart_hours, records;
} asset_row_t;

typedef struct {
    int32_t provider, dependent, resource, group, k, n;
    double buffer_hours;
} dep_row_t;

typedef struct {
    int32_t asset, class, vendor, contractor;
} install_row_t;

typedef struct {
    const char *id, *name, *origin;
    int32_t risk_class;
} vendor_row_t;

typedef struct {
    const char *id, *name, *sector;
    int32_t critical;
} class_row_t;

typedef struct {
    const char *id, *name;
    int32_t remote_access;
} contractor_row_t;

typedef struct {
    int32_t a, b;
} link_row_t;

/* Rows of the big tables are made and written in blocks of this many: memory stays constant. */
enum { ROW_BLOCK = 65536 };

/* Fill rows [start, start + count) of a table into buf. */
typedef void (*fill_rows_fn)(const kikan_world_t *w, kikan_id_t start, kikan_id_t count, void *buf);

/*
 * A table (the attributes H5TB writes: CLASS, VERSION, TITLE, FIELD_i_NAME) of
 * n rows made by `fill` ROW_BLOCK at a time and written into its hyperslab: a
 * ten-million-row table never exists in memory. Chunks of 16384 rows, shuffle +
 * deflate (NETWORK_DEFLATE_LEVEL) from 1024 rows up. (H5TBmake_table would fix
 * deflate at level 6, which at 10^7 rows took longer than the simulation.)
 */
static kikan_error_t put_table_blocks(wst_t *ws, hid_t g, const char *name, const char *title,
                                      const char *units, const kikan_world_t *w, kikan_id_t n,
                                      size_t rec_size, const field_t *fields, int nf,
                                      fill_rows_fn fill)
{
    kikan_error_t err = KIKAN_OK;
    const char *names[32];
    size_t offs[32];
    hid_t types[32];
    hid_t d = -1, mt = -1, ft = -1, sp = -1, dcpl = -1, fsp = -1, msp = -1;
    void *buf = NULL;
    W_H5CHECK(mt = H5Tcreate(H5T_COMPOUND, rec_size), name);
    for (int i = 0; i < nf; i++) {
        names[i] = fields[i].name;
        offs[i] = fields[i].offset;
        types[i] = fields[i].kind == 1 ? H5T_NATIVE_DOUBLE : H5T_NATIVE_INT32;
        W_H5CHECK(H5Tinsert(mt, names[i], offs[i], types[i]), name);
    }
    /* the file type: the same fields, packed */
    W_H5CHECK(ft = H5Tcopy(mt), name);
    W_H5CHECK(H5Tpack(ft), name);
    hsize_t dims = (hsize_t)n;
    W_H5CHECK(sp = H5Screate_simple(1, &dims, NULL), name);
    W_H5CHECK(dcpl = H5Pcreate(H5P_DATASET_CREATE), name);
    W_H5CHECK(H5Pset_obj_track_times(dcpl, 0), name);
    if (dims >= COMPRESS_MIN_ELEMS) {
        hsize_t chunk = dims < 16384 ? dims : 16384;
        W_H5CHECK(H5Pset_chunk(dcpl, 1, &chunk), name);
        W_H5CHECK(H5Pset_shuffle(dcpl), name);
        W_H5CHECK(H5Pset_deflate(dcpl, NETWORK_DEFLATE_LEVEL), name);
    }
    W_H5CHECK(d = H5Dcreate2(g, name, ft, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT), name);
    /* the attributes H5TB / PyTables read a table by */
    W_H5CHECK(H5LTset_attribute_string(g, name, "CLASS", "TABLE"), name);
    W_H5CHECK(H5LTset_attribute_string(g, name, "VERSION", "3.0"), name);
    W_H5CHECK(H5LTset_attribute_string(g, name, "TITLE", title), name);
    for (int i = 0; i < nf; i++) {
        char key[64];
        snprintf(key, sizeof(key), "FIELD_%d_NAME", i);
        W_H5CHECK(H5LTset_attribute_string(g, name, key, names[i]), name);
    }
    KIKAN_CHECK_ALLOC(buf =
                          malloc((size_t)(n < ROW_BLOCK ? (n > 0 ? n : 1) : ROW_BLOCK) * rec_size));
    for (kikan_id_t start = 0; start < n; start += ROW_BLOCK) {
        kikan_id_t count = n - start < ROW_BLOCK ? n - start : ROW_BLOCK;
        hsize_t off = (hsize_t)start, cnt = (hsize_t)count;
        fill(w, start, count, buf);
        W_H5CHECK(fsp = H5Dget_space(d), name);
        W_H5CHECK(H5Sselect_hyperslab(fsp, H5S_SELECT_SET, &off, NULL, &cnt, NULL), name);
        W_H5CHECK(msp = H5Screate_simple(1, &cnt, NULL), name);
        W_H5CHECK(H5Dwrite(d, mt, msp, fsp, ws->dxpl, buf), name);
        kikan_h5_close(&fsp);
        kikan_h5_close(&msp);
    }
    W_H5CHECK(kikan_h5_attr_put_str(d, "units", units), name);
    KIKAN_CHECK(dataset_done(ws));
cleanup:
    free(buf);
    kikan_h5_close(&fsp);
    kikan_h5_close(&msp);
    kikan_h5_close(&d);
    kikan_h5_close(&dcpl);
    kikan_h5_close(&sp);
    kikan_h5_close(&ft);
    kikan_h5_close(&mt);
    return err;
}

/* The i-th string of an id space. */
typedef const char *(*string_at_fn)(const void *space, kikan_id_t i);

static const char *strtab_at(const void *space, kikan_id_t i)
{
    return kikan_strtab_get(space, i);
}

static const char *dist_at(const void *space, kikan_id_t i)
{
    (void)space;
    return kikan_dist_kind_name((kikan_dist_kind_t)i);
}

/*
 * One id space's strings as a 1-D fixed-length UTF-8 dataset (NUL-padded to
 * the longest), written in blocks; chunked and deflated from 1024 strings up
 * (asset ids compress about tenfold). Fixed length, because variable-length
 * strings live uncompressed in HDF5's global heap, one object each.
 */
static kikan_error_t put_id_strings(wst_t *ws, hid_t g, const char *name, const void *space,
                                    kikan_id_t n, string_at_fn at)
{
    kikan_error_t err = KIKAN_OK;
    hid_t t = -1, sp = -1, dcpl = -1, d = -1, fsp = -1, msp = -1;
    char *buf = NULL;
    size_t width = 1;
    for (kikan_id_t i = 0; i < n; i++) {
        size_t len = strlen(at(space, i));
        width = len > width ? len : width;
    }
    W_H5CHECK(t = H5Tcopy(H5T_C_S1), name);
    W_H5CHECK(H5Tset_size(t, width), name);
    W_H5CHECK(H5Tset_strpad(t, H5T_STR_NULLPAD), name);
    W_H5CHECK(H5Tset_cset(t, H5T_CSET_UTF8), name);
    hsize_t dims = (hsize_t)n;
    W_H5CHECK(sp = H5Screate_simple(1, &dims, NULL), name);
    W_H5CHECK(dcpl = H5Pcreate(H5P_DATASET_CREATE), name);
    W_H5CHECK(H5Pset_obj_track_times(dcpl, 0), name);
    if (dims >= COMPRESS_MIN_ELEMS) {
        hsize_t chunk = ((hsize_t)1 << 20) / width;
        chunk = chunk < 1 ? 1 : (chunk > dims ? dims : chunk);
        W_H5CHECK(H5Pset_chunk(dcpl, 1, &chunk), name);
        W_H5CHECK(H5Pset_deflate(dcpl, NETWORK_DEFLATE_LEVEL), name);
    }
    W_H5CHECK(d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT), name);
    kikan_id_t block = n < ROW_BLOCK ? n : ROW_BLOCK;
    KIKAN_CHECK_ALLOC(buf = malloc((size_t)(block > 0 ? block : 1) * width));
    for (kikan_id_t start = 0; start < n; start += ROW_BLOCK) {
        kikan_id_t count = n - start < ROW_BLOCK ? n - start : ROW_BLOCK;
        hsize_t off = (hsize_t)start, cnt = (hsize_t)count;
        memset(buf, 0, (size_t)count * width);
        for (kikan_id_t i = 0; i < count; i++) {
            const char *str = at(space, start + i);
            memcpy(buf + (size_t)i * width, str, strlen(str));
        }
        W_H5CHECK(fsp = H5Dget_space(d), name);
        W_H5CHECK(H5Sselect_hyperslab(fsp, H5S_SELECT_SET, &off, NULL, &cnt, NULL), name);
        W_H5CHECK(msp = H5Screate_simple(1, &cnt, NULL), name);
        W_H5CHECK(H5Dwrite(d, t, msp, fsp, ws->dxpl, buf), name);
        kikan_h5_close(&fsp);
        kikan_h5_close(&msp);
    }
    W_H5CHECK(kikan_h5_attr_put_str(d, "units", ""), name);
    KIKAN_CHECK(dataset_done(ws));
cleanup:
    free(buf);
    kikan_h5_close(&fsp);
    kikan_h5_close(&msp);
    kikan_h5_close(&d);
    kikan_h5_close(&dcpl);
    kikan_h5_close(&sp);
    kikan_h5_close(&t);
    return err;
}

/* /network/strings: one dataset per id space; the tables' int32 columns index them. */
static kikan_error_t write_id_strings(wst_t *ws, hid_t net, const kikan_world_t *w)
{
    kikan_error_t err = KIKAN_OK;
    hid_t g = -1;
    KIKAN_CHECK(make_group(ws, net, "strings", &g));
    const struct {
        const char *name;
        const kikan_strtab_t *t;
    } spaces[] = {{"sector", &w->sector_ids},  {"operator", &w->operator_ids},
                  {"asset", &w->asset_ids},    {"kind", &w->kinds},
                  {"region", &w->regions},     {"resource", &w->resources},
                  {"group", &w->group_labels}, {"vendor", &w->vendor_ids},
                  {"class", &w->class_ids},    {"contractor", &w->contractor_ids}};
    for (size_t i = 0; i < sizeof(spaces) / sizeof(spaces[0]); i++) {
        KIKAN_CHECK(put_id_strings(ws, g, spaces[i].name, spaces[i].t, spaces[i].t->n, strtab_at));
    }
    KIKAN_CHECK(put_id_strings(ws, g, "repair_dist", NULL, KIKAN_DIST_GAMMA + 1, dist_at));
cleanup:
    kikan_h5_close(&g);
    return err;
}

static void fill_assets(const kikan_world_t *w, kikan_id_t start, kikan_id_t count, void *buf)
{
    asset_row_t *r = buf;
    for (kikan_id_t i = 0; i < count; i++) {
        const kikan_asset_t *a = &w->assets[start + i];
        r[i] = (asset_row_t){a->op,
                             a->sector,
                             a->kind,
                             a->region,
                             a->customers,
                             a->backup_hours,
                             a->backup_hours_max,
                             a->restart_hours,
                             (int32_t)a->repair.kind,
                             a->repair.a,
                             a->repair.b,
                             a->cold_restart_hours,
                             a->records};
    }
}

static void fill_deps(const kikan_world_t *w, kikan_id_t start, kikan_id_t count, void *buf)
{
    dep_row_t *r = buf;
    for (kikan_id_t i = 0; i < count; i++) {
        const kikan_dep_t *e = &w->deps[start + i];
        const kikan_group_t *gr = &w->groups[e->group];
        r[i] = (dep_row_t){e->provider, e->dependent, e->resource,    gr->label,
                           gr->k,       gr->n,        e->buffer_hours};
    }
}

static void fill_installs(const kikan_world_t *w, kikan_id_t start, kikan_id_t count, void *buf)
{
    install_row_t *r = buf;
    for (kikan_id_t i = 0; i < count; i++) {
        const kikan_install_t *in = &w->installs[start + i];
        r[i] = (install_row_t){in->asset, in->cls, in->vendor, in->contractor};
    }
}

static void fill_links(const kikan_world_t *w, kikan_id_t start, kikan_id_t count, void *buf)
{
    link_row_t *r = buf;
    for (kikan_id_t i = 0; i < count; i++) {
        r[i] = (link_row_t){w->links[start + i].a, w->links[start + i].b};
    }
}

static void *rows_alloc(kikan_id_t n, size_t size)
{
    return calloc(n > 0 ? (size_t)n : 1, size);
}

static const char *sector_id(const kikan_world_t *w, kikan_id_t s)
{
    return s >= 0 && s < w->n_sectors ? kikan_strtab_get(&w->sector_ids, s) : "";
}

static kikan_error_t write_operators(wst_t *ws, hid_t g, const kikan_world_t *w)
{
    kikan_error_t err = KIKAN_OK;
    operator_row_t *rows = NULL;
    char **joined = NULL;
    double *metrics = NULL;
    hid_t opscale = -1, mscale = -1, d = -1;
    const kikan_id_t n = w->n_operators, m = w->metric_names.n;
    KIKAN_CHECK_ALLOC(rows = rows_alloc(n, sizeof(*rows)));
    KIKAN_CHECK_ALLOC(joined = rows_alloc(n, sizeof(*joined)));
    for (kikan_id_t i = 0; i < n; i++) {
        const kikan_operator_t *op = &w->operators[i];
        size_t len = 1;
        for (int s = 0; s < op->n_sectors; s++) {
            len += strlen(sector_id(w, op->sectors[s])) + 1;
        }
        KIKAN_CHECK_ALLOC(joined[i] = malloc(len));
        joined[i][0] = '\0';
        for (int s = 0; s < op->n_sectors; s++) {
            if (s > 0) {
                strcat(joined[i], ";");
            }
            strcat(joined[i], sector_id(w, op->sectors[s]));
        }
        rows[i] =
            (operator_row_t){kikan_strtab_get(&w->operator_ids, i), op->name, joined[i], op->sme};
    }
    static const field_t f[] = {FS(operator_row_t, id), FS(operator_row_t, name),
                                FS(operator_row_t, sectors), FI(operator_row_t, sme)};
    KIKAN_CHECK(put_table(ws, g, "operators", "operators", "sme: 0/1; sectors: ids joined by ';'",
                          n, sizeof(*rows), f, 4, rows));

    /* size metrics: a 2-D array (operator x metric) with both axes labelled */
    KIKAN_CHECK_ALLOC(metrics = rows_alloc(n * (m > 0 ? m : 1), sizeof(double)));
    for (kikan_id_t i = 0; i < n; i++) {
        for (kikan_id_t k = 0; k < m; k++) {
            metrics[(int64_t)i * m + k] = kikan_world_metric(w, i, k);
        }
    }
    const char **ids = NULL;
    KIKAN_CHECK_ALLOC(ids = rows_alloc(n, sizeof(*ids)));
    for (kikan_id_t i = 0; i < n; i++) {
        ids[i] = kikan_strtab_get(&w->operator_ids, i);
    }
    err = put_strings(ws, g, NULL, NULL, "operator", (hsize_t)n, ids, "operator id", &opscale);
    free(ids);
    KIKAN_CHECK(err);
    KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "metric", (hsize_t)m,
                            (const char *const *)w->metric_names.str, "operator size metric",
                            &mscale));
    W_H5CHECK(H5DSset_scale(opscale, "operator"), "/network/operator");
    W_H5CHECK(H5DSset_scale(mscale, "metric"), "/network/metric");
    hsize_t dims[2] = {(hsize_t)n, (hsize_t)m};
    KIKAN_CHECK(put_data(ws, g, NULL, "operator_metrics", 2, dims, NULL, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, metrics, "as named by each metric (NaN: not given)",
                         "operator size metrics", &d, 0));
    W_H5CHECK(H5DSattach_scale(d, opscale, 0), "operator_metrics");
    W_H5CHECK(H5DSattach_scale(d, mscale, 1), "operator_metrics");
    W_H5CHECK(H5DSset_label(d, 0, "operator"), "operator_metrics");
    W_H5CHECK(H5DSset_label(d, 1, "metric"), "operator_metrics");
cleanup:
    kikan_h5_close(&d);
    kikan_h5_close(&opscale);
    kikan_h5_close(&mscale);
    for (kikan_id_t i = 0; joined != NULL && i < n; i++) {
        free(joined[i]);
    }
    free(joined);
    free(rows);
    free(metrics);
    return err;
}

static kikan_error_t write_network(wst_t *ws, hid_t f, const kikan_world_t *w)
{
    kikan_error_t err = KIKAN_OK;
    hid_t g = -1;
    void *rows = NULL;
    KIKAN_CHECK(make_group(ws, f, "network", &g));

    sector_row_t *sr = rows = rows_alloc(w->n_sectors, sizeof(*sr));
    KIKAN_CHECK_ALLOC(rows);
    for (kikan_id_t i = 0; i < w->n_sectors; i++) {
        const kikan_sector_t *s = &w->sectors[i];
        sr[i] = (sector_row_t){sector_id(w, i), s->name, s->unit, s->life_weight, s->output_jpy};
    }
    static const field_t fs[] = {FS(sector_row_t, id), FS(sector_row_t, name),
                                 FS(sector_row_t, unit), FD(sector_row_t, life_weight),
                                 FD(sector_row_t, output_jpy)};
    KIKAN_CHECK(put_table(ws, g, "sectors", "sectors", "life_weight: 1; output_jpy: JPY/year",
                          w->n_sectors, sizeof(*sr), fs, 5, rows));
    free(rows);
    rows = NULL;

    KIKAN_CHECK(write_operators(ws, g, w));

    KIKAN_CHECK(write_id_strings(ws, g, w));
    static const field_t fa[] = {FI(asset_row_t, operator),
                                 FI(asset_row_t, sector),
                                 FI(asset_row_t, kind),
                                 FI(asset_row_t, region),
                                 FD(asset_row_t, customers),
                                 FD(asset_row_t, backup_hours),
                                 FD(asset_row_t, backup_hours_max),
                                 FD(asset_row_t, restart_hours),
                                 FI(asset_row_t, repair_dist),
                                 FD(asset_row_t, repair_a),
                                 FD(asset_row_t, repair_b),
                                 FD(asset_row_t, cold_restart_hours),
                                 FD(asset_row_t, records)};
    KIKAN_CHECK(put_table_blocks(
        ws, g, "assets", "assets (row i: asset strings/asset[i])",
        "operator, sector, kind, region, repair_dist: indices into /network/strings; customers: "
        "the sector's service unit; *_hours, repair_a/b: hours; records: people whose personal "
        "records the asset holds",
        w, w->n_assets, sizeof(asset_row_t), fa, 13, fill_assets));
    static const field_t fd[] = {FI(dep_row_t, provider),    FI(dep_row_t, dependent),
                                 FI(dep_row_t, resource),    FI(dep_row_t, group),
                                 FI(dep_row_t, k),           FI(dep_row_t, n),
                                 FD(dep_row_t, buffer_hours)};
    KIKAN_CHECK(put_table_blocks(ws, g, "dependencies", "dependencies provider -> dependent",
                                 "provider, dependent: asset rows; resource, group: indices into "
                                 "/network/strings (group -1: unnamed); k, n: providers (the "
                                 "dependent needs k of the group's n); buffer_hours: hours the "
                                 "dependent's own buffer bridges this supply (0: none)",
                                 w, w->n_deps, sizeof(dep_row_t), fd, 7, fill_deps));
    static const field_t fi[] = {FI(install_row_t, asset), FI(install_row_t, class),
                                 FI(install_row_t, vendor), FI(install_row_t, contractor)};
    KIKAN_CHECK(put_table_blocks(ws, g, "installations", "installations of equipment",
                                 "indices into /network/strings (contractor -1: none)", w,
                                 w->n_installs, sizeof(install_row_t), fi, 4, fill_installs));

    vendor_row_t *vr = rows = rows_alloc(w->n_vendors, sizeof(*vr));
    KIKAN_CHECK_ALLOC(rows);
    for (kikan_id_t i = 0; i < w->n_vendors; i++) {
        const kikan_vendor_t *v = &w->vendors[i];
        vr[i] =
            (vendor_row_t){kikan_strtab_get(&w->vendor_ids, i), v->name, v->origin, v->risk_class};
    }
    static const field_t fv[] = {FS(vendor_row_t, id), FS(vendor_row_t, name),
                                 FS(vendor_row_t, origin), FI(vendor_row_t, risk_class)};
    KIKAN_CHECK(put_table(ws, g, "vendors", "equipment vendors", "risk_class: 1", w->n_vendors,
                          sizeof(*vr), fv, 4, rows));
    free(rows);
    rows = NULL;

    class_row_t *cr = rows = rows_alloc(w->n_classes, sizeof(*cr));
    KIKAN_CHECK_ALLOC(rows);
    for (kikan_id_t i = 0; i < w->n_classes; i++) {
        const kikan_class_t *c = &w->classes[i];
        cr[i] = (class_row_t){kikan_strtab_get(&w->class_ids, i), c->name,
                              c->sector == KIKAN_NONE ? "" : sector_id(w, c->sector), c->critical};
    }
    static const field_t fc[] = {FS(class_row_t, id), FS(class_row_t, name),
                                 FS(class_row_t, sector), FI(class_row_t, critical)};
    KIKAN_CHECK(put_table(ws, g, "classes", "equipment classes", "critical: 0/1", w->n_classes,
                          sizeof(*cr), fc, 4, rows));
    free(rows);
    rows = NULL;

    contractor_row_t *kr = rows = rows_alloc(w->n_contractors, sizeof(*kr));
    KIKAN_CHECK_ALLOC(rows);
    for (kikan_id_t i = 0; i < w->n_contractors; i++) {
        const kikan_contractor_t *c = &w->contractors[i];
        kr[i] =
            (contractor_row_t){kikan_strtab_get(&w->contractor_ids, i), c->name, c->remote_access};
    }
    static const field_t fk[] = {FS(contractor_row_t, id), FS(contractor_row_t, name),
                                 FI(contractor_row_t, remote_access)};
    KIKAN_CHECK(put_table(ws, g, "contractors", "maintenance contractors", "remote_access: 0/1",
                          w->n_contractors, sizeof(*kr), fk, 3, rows));
    free(rows);
    rows = NULL;

    static const field_t fl[] = {FI(link_row_t, a), FI(link_row_t, b)};
    KIKAN_CHECK(put_table_blocks(ws, g, "links", "undirected links inside a sector",
                                 "asset rows (indices into /network/strings/asset)", w, w->n_links,
                                 sizeof(link_row_t), fl, 2, fill_links));
cleanup:
    free(rows);
    kikan_h5_close(&g);
    return err;
}

/* ---- results ------------------------------------------------------------------------------- */

#define BIT(d) (1u << (d))

static kikan_error_t write_replicates(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    scales_t sc;
    for (int d = 0; d < N_DIMS; d++) {
        sc.id[d] = -1;
    }
    static const int wrs[] = {D_WHATIF, D_REPLICATE, D_SECTOR, D_CLASS};
    static const int s1[] = {D_SECTOR};
    KIKAN_CHECK(make_group(ws, f, "replicates", &g));
    KIKAN_CHECK(make_scales(
        ws, g, BIT(D_WHATIF) | BIT(D_REPLICATE) | BIT(D_SECTOR) | BIT(D_CLASS) | BIT(D_FROM), &sc));
    hsize_t ns = (hsize_t)r->n_sectors;
    KIKAN_CHECK(put_strings(ws, g, &sc, s1, "sector_unit", ns, (const char *const *)r->sector_units,
                            "the sector's service unit (what a customer is)", NULL));
    KIKAN_CHECK(put_var(ws, g, &sc, "customer_hours", 3, wrs, r->customer_hours, "customer-hours",
                        "customer-hours lost (customer = sector_unit)", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "peak_customers", 3, wrs, r->peak_customers, "customers",
                        "peak customers cut off", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "person_hours", 3, wrs, r->person_hours, "person-hours",
                        "person-hours without service (customer-hours x people_per_customer)", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "peak_people", 3, wrs, r->peak_people, "people",
                        "peak people cut off (peak customers x people_per_customer)", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "weighted_person_hours", 3, wrs, r->life_weighted,
                        "life-weighted person-hours",
                        "person-hours x the sector's life weight (a stated value judgement)", 1));
    KIKAN_CHECK(put_data(ws, g, &sc, "people_per_customer", 1, &ns, s1, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, r->sector_people, "people per customer",
                         "people one customer of the sector stands for", NULL, 0));
    KIKAN_CHECK(put_var(ws, g, &sc, "records_exposed", 2, wrs, r->records_exposed, "records",
                        "people's records exposed (docs/engine.md \"Records exposed\")", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "ops_affected", 4, wrs, r->ops_affected, "operators",
                        "operators with an asset down, by size class", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "econ_loss", 2, wrs, r->econ_loss, "JPY",
                        "economic loss from the input-output model (NaN: model off)", 1));
    if (r->econ_note != NULL) {
        W_H5CHECK(kikan_h5_attr_put_str(g, "econ_note", r->econ_note), "/replicates");
    }
    KIKAN_CHECK(
        put_var(ws, g, &sc, "implants", 2, wrs, r->implants, "implants", "implants triggered", 1));
    static const int wrfs[] = {D_WHATIF, D_REPLICATE, D_FROM, D_SECTOR};
    KIKAN_CHECK(put_var(ws, g, &sc, "through", 4, wrfs, r->through, "customer-hours",
                        "customer-hours lost in `sector` whose chain of lost supplies began in "
                        "`from_sector`",
                        1));
cleanup:
    close_scales(&sc);
    kikan_h5_close(&g);
    return err;
}

static kikan_error_t write_timeseries(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    scales_t sc;
    for (int d = 0; d < N_DIMS; d++) {
        sc.id[d] = -1;
    }
    static const int wrsg[] = {D_WHATIF, D_REPLICATE, D_SECTOR, D_TIME};
    static const int wsg[] = {D_WHATIF, D_SECTOR, D_TIME};
    const int ens = r->curve_mean != NULL && r->curve_q05 != NULL && r->curve_q50 != NULL &&
                    r->curve_q95 != NULL;
    KIKAN_CHECK(make_group(ws, f, "timeseries", &g));
    KIKAN_CHECK(
        make_scales(ws, g, BIT(D_WHATIF) | BIT(D_REPLICATE) | BIT(D_SECTOR) | BIT(D_TIME), &sc));
    KIKAN_CHECK(put_var(ws, g, &sc, "customers_off", 4, wrsg, r->curves, "customers",
                        "customers cut off", 1));
    if (ens) {
        KIKAN_CHECK(put_var(ws, g, &sc, "mean", 3, wsg, r->curve_mean, "customers",
                            "customers cut off: ensemble mean", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "q05", 3, wsg, r->curve_q05, "customers",
                            "customers cut off: 5% quantile", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "q50", 3, wsg, r->curve_q50, "customers",
                            "customers cut off: median", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "q95", 3, wsg, r->curve_q95, "customers",
                            "customers cut off: 95% quantile", 0));
    }
cleanup:
    close_scales(&sc);
    kikan_h5_close(&g);
    return err;
}

static kikan_error_t write_statistics(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    scales_t sc;
    for (int d = 0; d < N_DIMS; d++) {
        sc.id[d] = -1;
    }
    static const int wst[] = {D_WHATIF, D_SECTOR, D_STAT};
    static const int wt[] = {D_WHATIF, D_STAT};
    if (r->st_customer_hours == NULL || r->st_peak == NULL || r->st_life == NULL ||
        r->st_econ == NULL) {
        return KIKAN_OK; /* not summarised: the group is absent (documented) */
    }
    KIKAN_CHECK(make_group(ws, f, "statistics", &g));
    KIKAN_CHECK(make_scales(ws, g, BIT(D_WHATIF) | BIT(D_SECTOR) | BIT(D_STAT), &sc));
    W_H5CHECK(kikan_h5_attr_put_str(g, "ci",
                                    "ci_lo, ci_hi: 95% interval of the mean, percentile "
                                    "bootstrap (2000 resamples, seeded from the run's seed)"),
              "/statistics");
    KIKAN_CHECK(put_var(ws, g, &sc, "customer_hours", 3, wst, (const double *)r->st_customer_hours,
                        "customer-hours", "customer-hours lost over replicates", 0));
    KIKAN_CHECK(put_var(ws, g, &sc, "peak_customers", 3, wst, (const double *)r->st_peak,
                        "customers", "peak customers cut off over replicates", 0));
    KIKAN_CHECK(put_var(ws, g, &sc, "weighted_person_hours", 3, wst, (const double *)r->st_life,
                        "life-weighted person-hours", "life-weighted person-hours over replicates",
                        0));
    KIKAN_CHECK(put_var(ws, g, &sc, "econ_loss", 2, wt, (const double *)r->st_econ, "JPY",
                        "economic loss over replicates", 0));
    if (r->st_person_hours != NULL && r->st_peak_people != NULL && r->st_records != NULL) {
        KIKAN_CHECK(put_var(ws, g, &sc, "person_hours", 3, wst, (const double *)r->st_person_hours,
                            "person-hours", "person-hours without service over replicates", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "peak_people", 3, wst, (const double *)r->st_peak_people,
                            "people", "peak people cut off over replicates", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "records_exposed", 2, wt, (const double *)r->st_records,
                            "records", "people's records exposed over replicates", 0));
    }
cleanup:
    close_scales(&sc);
    kikan_h5_close(&g);
    return err;
}

/* /regions: person-hours and peak people per region (docs/hdf5-schema.md). */
static kikan_error_t write_regions(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    scales_t sc;
    for (int d = 0; d < N_DIMS; d++) {
        sc.id[d] = -1;
    }
    static const int wrg[] = {D_WHATIF, D_REPLICATE, D_REGION};
    static const int wgt[] = {D_WHATIF, D_REGION, D_STAT};
    const int stats = r->st_region_person_hours != NULL && r->st_region_peak_people != NULL;
    KIKAN_CHECK(make_group(ws, f, "regions", &g));
    KIKAN_CHECK(make_scales(
        ws, g, BIT(D_WHATIF) | BIT(D_REPLICATE) | BIT(D_REGION) | (stats ? BIT(D_STAT) : 0u), &sc));
    KIKAN_CHECK(put_var(ws, g, &sc, "person_hours", 3, wrg, r->region_person_hours, "person-hours",
                        "person-hours without service of the region's assets, all sectors", 1));
    KIKAN_CHECK(put_var(ws, g, &sc, "peak_people", 3, wrg, r->region_peak_people, "people",
                        "most people cut off in the region at one time, all sectors", 1));
    if (stats) {
        W_H5CHECK(kikan_h5_attr_put_str(g, "ci", "ci_lo, ci_hi: not computed for regions (NaN)"),
                  "/regions");
        KIKAN_CHECK(put_var(ws, g, &sc, "person_hours_stats", 3, wgt,
                            (const double *)r->st_region_person_hours, "person-hours",
                            "person-hours per region over replicates", 0));
        KIKAN_CHECK(put_var(ws, g, &sc, "peak_people_stats", 3, wgt,
                            (const double *)r->st_region_peak_people, "people",
                            "peak people cut off per region over replicates", 0));
    }
cleanup:
    close_scales(&sc);
    kikan_h5_close(&g);
    return err;
}

static kikan_error_t write_scope_placeholder(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    hid_t g = -1;
    KIKAN_CHECK(make_group(ws, f, "scope", &g));
    W_H5CHECK(kikan_h5_attr_put_str(g, "status", "empty: filled by `kikan scope`"), "/scope");
cleanup:
    kikan_h5_close(&g);
    return err;
}

/* The exact fixed-point attribution sums, flat (checkpoints, and /attribution). */
static kikan_error_t put_attrib_sums(wst_t *ws, hid_t g)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hsize_t no = (hsize_t)r->n_whatifs * (hsize_t)r->n_operators;
    hsize_t nv = (hsize_t)r->n_whatifs * (hsize_t)(r->n_vendors + 1);
    KIKAN_CHECK(put_data(ws, g, NULL, "operator_customer_hours_fx", 1, &no, NULL, H5T_STD_I64LE,
                         H5T_NATIVE_INT64, r->op_chours_fx, "customer-hours x 2^-10",
                         "sum over replicates, fixed point, index whatif*n_operators + operator",
                         NULL, 0));
    KIKAN_CHECK(put_data(ws, g, NULL, "vendor_implants_sum", 1, &nv, NULL, H5T_STD_I64LE,
                         H5T_NATIVE_INT64, r->vendor_implants, "implants",
                         "sum over replicates, index whatif*(n_vendors+1) + vendor", NULL, 0));
    KIKAN_CHECK(put_data(ws, g, NULL, "vendor_customer_hours_fx", 1, &nv, NULL, H5T_STD_I64LE,
                         H5T_NATIVE_INT64, r->vendor_chours_fx, "customer-hours x 2^-10",
                         "sum over replicates, fixed point, index whatif*(n_vendors+1) + vendor",
                         NULL, 0));
cleanup:
    return err;
}

/*
 * Named dimensions for /attribution (xarray opens the group without
 * phony_dims): whatif, operator and vendor (the id datasets made scales), and
 * the flat index of the exact sums (whatif_operator, whatif_vendor).
 */
static kikan_error_t name_attrib_dims(wst_t *ws, hid_t g)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    const hsize_t W = (hsize_t)r->n_whatifs, O = (hsize_t)r->n_operators;
    const hsize_t V1 = (hsize_t)r->n_vendors + 1;
    static const struct {
        const char *ds, *dim0, *dim1;
    } dims[] = {
        {"operator_name", "operator", NULL},
        {"operator_sectors", "operator", NULL},
        {"vendor_name", "vendor", NULL},
        {"operator_customer_hours", "whatif", "operator"},
        {"operator_share", "whatif", "operator"},
        {"vendor_implants", "whatif", "vendor"},
        {"vendor_customer_hours", "whatif", "vendor"},
        {"operator_customer_hours_fx", "whatif_operator", NULL},
        {"vendor_implants_sum", "whatif_vendor", NULL},
        {"vendor_customer_hours_fx", "whatif_vendor", NULL},
    };
    scales_t sc;
    hid_t d = -1;
    KIKAN_CHECK(make_scales(ws, g, BIT(D_WHATIF), &sc));
    for (size_t i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
        W_H5CHECK(d = H5Dopen2(g, dims[i].ds, H5P_DEFAULT), dims[i].ds);
        const char *d0 = dims[i].dim0;
        const hsize_t n0 = strcmp(d0, "whatif_operator") == 0 ? W * O
                           : strcmp(d0, "whatif_vendor") == 0 ? W * V1
                                                              : 0;
        W_H5CHECK(kikan_h5_name_dim(g, d, 0, d0, n0), dims[i].ds);
        if (dims[i].dim1 != NULL) {
            W_H5CHECK(kikan_h5_name_dim(g, d, 1, dims[i].dim1, 0), dims[i].ds);
        }
        kikan_h5_close(&d);
    }
cleanup:
    kikan_h5_close(&d);
    close_scales(&sc);
    return err;
}

/* /attribution: the operators and vendors that matter most (docs/hdf5-schema.md). */
static kikan_error_t write_attribution(wst_t *ws, hid_t f)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_results_t *r = ws->res;
    hid_t g = -1;
    double *buf = NULL;
    const char **names = NULL;
    const int64_t W = r->n_whatifs, O = r->n_operators, V1 = (int64_t)r->n_vendors + 1;
    const double R = (double)r->n_replicates, scale = ldexp(1.0, -KIKAN_FX_BITS);
    KIKAN_CHECK(make_group(ws, f, "attribution", &g));
    W_H5CHECK(kikan_h5_attr_put_i32(g, "fx_bits", KIKAN_FX_BITS), "/attribution");
    W_H5CHECK(kikan_h5_attr_put_i32(g, "complete", !r->attrib_partial), "/attribution");
    KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "operator", (hsize_t)O,
                            (const char *const *)r->operator_ids, "operator id", NULL));
    KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "operator_name", (hsize_t)O,
                            (const char *const *)r->operator_names, "operator name", NULL));
    KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "operator_sectors", (hsize_t)O,
                            (const char *const *)r->operator_sectors,
                            "the operator's sectors, joined by '+'", NULL));
    KIKAN_CHECK_ALLOC(names = calloc((size_t)V1, sizeof(*names)));
    for (int64_t v = 0; v + 1 < V1; v++) {
        names[v] = r->vendor_ids[v];
    }
    names[V1 - 1] = "(no vendor: asset-level event)";
    KIKAN_CHECK(put_strings(ws, g, NULL, NULL, "vendor", (hsize_t)V1, names,
                            "vendor id; the last row: implants of whole-asset events", NULL));
    for (int64_t v = 0; v + 1 < V1; v++) {
        names[v] = r->vendor_names[v];
    }
    names[V1 - 1] = "asset-level event";
    KIKAN_CHECK(
        put_strings(ws, g, NULL, NULL, "vendor_name", (hsize_t)V1, names, "vendor name", NULL));
    const int64_t n = W * (O > V1 ? O : V1);
    KIKAN_CHECK_ALLOC(buf = calloc((size_t)(n > 0 ? n : 1), sizeof(double)));
    hsize_t d2[2] = {(hsize_t)W, (hsize_t)O};
    for (int64_t i = 0; i < W * O; i++) {
        buf[i] = (double)r->op_chours_fx[i] * scale / R;
    }
    KIKAN_CHECK(put_data(ws, g, NULL, "operator_customer_hours", 2, d2, NULL, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, buf, "customer-hours",
                         "[whatif, operator] mean over replicates of the customer-hours lost by "
                         "the operator's own assets",
                         NULL, 0));
    for (int64_t w = 0; w < W; w++) {
        double tot = 0.0;
        for (int64_t o = 0; o < O; o++) {
            tot += (double)r->op_chours_fx[w * O + o];
        }
        for (int64_t o = 0; o < O; o++) {
            buf[w * O + o] = tot > 0 ? (double)r->op_chours_fx[w * O + o] / tot : 0.0;
        }
    }
    KIKAN_CHECK(put_data(
        ws, g, NULL, "operator_share", 2, d2, NULL, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, buf, "1",
        "[whatif, operator] share of the what-if's operator customer-hours", NULL, 0));
    d2[1] = (hsize_t)V1;
    for (int64_t i = 0; i < W * V1; i++) {
        buf[i] = (double)r->vendor_implants[i] / R;
    }
    KIKAN_CHECK(put_data(
        ws, g, NULL, "vendor_implants", 2, d2, NULL, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, buf,
        "implants", "[whatif, vendor] mean implants triggered in the vendor's equipment", NULL, 0));
    for (int64_t i = 0; i < W * V1; i++) {
        buf[i] = (double)r->vendor_chours_fx[i] * scale / R;
    }
    KIKAN_CHECK(put_data(ws, g, NULL, "vendor_customer_hours", 2, d2, NULL, H5T_IEEE_F64LE,
                         H5T_NATIVE_DOUBLE, buf, "customer-hours",
                         "[whatif, vendor] mean customer-hours lost by the assets an implant in "
                         "the vendor's equipment hit (direct impact)",
                         NULL, 0));
    KIKAN_CHECK(put_attrib_sums(ws, g));
    KIKAN_CHECK(name_attrib_dims(ws, g));
cleanup:
    free(buf);
    free(names);
    kikan_h5_close(&g);
    return err;
}

static kikan_error_t write_checkpoint_group(wst_t *ws, hid_t f, int64_t block_size,
                                            const uint8_t *done)
{
    kikan_error_t err = KIKAN_OK;
    hid_t g = -1;
    const int64_t nb = (ws->res->n_replicates + block_size - 1) / block_size;
    KIKAN_CHECK(make_group(ws, f, "checkpoint", &g));
    W_H5CHECK(kikan_h5_attr_put_num(g, "block_size", H5T_STD_I64LE, H5T_NATIVE_INT64, &block_size),
              "/checkpoint");
    W_H5CHECK(kikan_h5_attr_put_num(g, "n_blocks", H5T_STD_I64LE, H5T_NATIVE_INT64, &nb),
              "/checkpoint");
    hsize_t dims = (hsize_t)nb;
    KIKAN_CHECK(put_data(ws, g, NULL, "completed", 1, &dims, NULL, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                         done, "1", "1 when replicate block b is complete in every what-if", NULL,
                         0));
    if (ws->res->op_chours_fx != NULL && !ws->res->attrib_partial) {
        KIKAN_CHECK(put_attrib_sums(ws, g)); /* the sums of the completed blocks */
    }
cleanup:
    kikan_h5_close(&g);
    return err;
}

static int valid_results(const kikan_results_t *r)
{
    return r->n_whatifs >= 1 && r->n_sectors >= 1 && r->n_grid >= 1 && r->n_replicates >= 1 &&
           r->whatif_names != NULL && r->sector_ids != NULL && r->sector_units != NULL &&
           r->grid != NULL && r->customer_hours != NULL && r->peak_customers != NULL &&
           r->life_weighted != NULL && r->ops_affected != NULL && r->econ_loss != NULL &&
           r->implants != NULL && r->curves != NULL;
}

/* The whole write; cp_block > 0 makes a checkpoint file. */
static kikan_error_t write_file(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                                const kikan_world_t *world, const kikan_scenario_t *scen,
                                const kikan_h5_hooks_t *hooks, int64_t cp_block,
                                const uint8_t *cp_done, kikan_h5_scope_fn scope_fn,
                                const void *scope_arg)
{
    kikan_error_t err = KIKAN_OK;
    kikan_atomic_t at = {NULL, NULL, -1};
    kikan_h5_quiet_t quiet;
    hid_t fcpl = -1, fapl = -1, f = -1;
    wst_t wstate = {ctx, hooks, res, 0, -1, -1, -1};
    wst_t *ws = &wstate;
    if (ctx == NULL || path == NULL || res == NULL || !valid_results(res)) {
        return KIKAN_EINVAL;
    }
    kikan_h5_quiet_begin(&quiet);
    KIKAN_CHECK(kikan_atomic_begin(ctx, path, &at));
    W_H5CHECK(ws->str_t = kikan_h5_str_type(), "string type");
    W_H5CHECK(ws->gcpl = H5Pcreate(H5P_GROUP_CREATE), "property list");
    W_H5CHECK(H5Pset_link_creation_order(ws->gcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "property list");
    W_H5CHECK(H5Pset_obj_track_times(ws->gcpl, 0), "property list");
    /*
     * Variable-length strings go through HDF5's type-conversion buffer, 1 MiB
     * by default and cleared on every write: 64 KiB holds thousands of
     * elements and makes small files several times faster to write.
     */
    W_H5CHECK(ws->dxpl = H5Pcreate(H5P_DATASET_XFER), "property list");
    W_H5CHECK(H5Pset_buffer(ws->dxpl, 64 * 1024, NULL, NULL), "property list");
    W_H5CHECK(fcpl = H5Pcreate(H5P_FILE_CREATE), "property list");
    W_H5CHECK(H5Pset_link_creation_order(fcpl, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
              "property list");
    W_H5CHECK(fapl = H5Pcreate(H5P_FILE_ACCESS), "property list");
    /* close every object with the file, so an error path cannot leave the file open */
    W_H5CHECK(H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG), "property list");
    /*
     * Stream to the temporary file on disk (the sec2 driver): the file is
     * never held in memory, so writing a national-scale network costs its
     * write buffers, not its size. (Before, the file was built in memory
     * with the core driver and its image written at the end: a 1.5 GB file
     * cost 3 GB.) A full disk or a file size limit fails inside HDF5's
     * write; the error path below closes the file and removes it.
     */
    W_H5CHECK(H5Pset_fapl_sec2(fapl), "property list");
    W_H5CHECK(f = H5Fcreate(at.tmp_path, H5F_ACC_TRUNC, fcpl, fapl), at.tmp_path);

    KIKAN_CHECK(write_root(ws, f, cp_block > 0 ? KIKAN_H5_CHECKPOINT_SCHEMA : KIKAN_H5_SCHEMA));
    KIKAN_CHECK(write_provenance(ws, f, scen));
    if (world != NULL) {
        KIKAN_CHECK(write_network(ws, f, world));
    }
    KIKAN_CHECK(write_replicates(ws, f));
    KIKAN_CHECK(write_timeseries(ws, f));
    if (res->region_person_hours != NULL && res->region_ids != NULL && res->n_regions > 0) {
        KIKAN_CHECK(write_regions(ws, f));
    }
    if (cp_block > 0) {
        KIKAN_CHECK(write_checkpoint_group(ws, f, cp_block, cp_done));
    } else {
        KIKAN_CHECK(write_statistics(ws, f));
        if (scope_fn != NULL) {
            KIKAN_CHECK(scope_fn(ctx, f, ws->gcpl, scope_arg));
        } else {
            KIKAN_CHECK(write_scope_placeholder(ws, f));
        }
        if (res->op_chours_fx != NULL) {
            KIKAN_CHECK(write_attribution(ws, f));
        }
    }
    W_H5CHECK(H5Fflush(f, H5F_SCOPE_GLOBAL), "flush");
    herr_t rc = H5Fclose(f);
    f = -1;
    W_H5CHECK(rc, "close");
    /* at.fd is the same file (mkstemp's descriptor): its fsync makes HDF5's writes durable */
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at));
    kikan_log(ctx, KIKAN_LOG_INFO, "wrote %s (%d datasets)", path, ws->n_datasets);
cleanup:
    kikan_h5_close_failed(&f); /* only open here after a failure */
    kikan_h5_close(&fapl);
    kikan_h5_close(&fcpl);
    kikan_h5_close(&ws->gcpl);
    kikan_h5_close(&ws->dxpl);
    kikan_h5_close(&ws->str_t);
    kikan_atomic_abort(&at); /* removes the temporary file unless committed */
    kikan_h5_quiet_end(&quiet);
    return err;
}

kikan_error_t kikan_h5_write_hooked(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                                    const kikan_world_t *world, const kikan_scenario_t *scen,
                                    const kikan_h5_hooks_t *hooks)
{
    return write_file(ctx, path, res, world, scen, hooks, 0, NULL, NULL, NULL);
}

kikan_error_t kikan_h5_write(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                             const kikan_world_t *world, const kikan_scenario_t *scen)
{
    return write_file(ctx, path, res, world, scen, NULL, 0, NULL, NULL, NULL);
}

kikan_error_t kikan_h5_checkpoint_write(kikan_ctx_t *ctx, const char *path,
                                        const kikan_results_t *res, int64_t block_size,
                                        const uint8_t *done)
{
    if (block_size < 1 || done == NULL) {
        return KIKAN_EINVAL;
    }
    return write_file(ctx, path, res, NULL, NULL, NULL, block_size, done, NULL, NULL);
}

kikan_error_t kikan_h5_write_with_scope(kikan_ctx_t *ctx, const char *path,
                                        const kikan_results_t *res, const kikan_world_t *world,
                                        const kikan_scenario_t *scen, kikan_h5_scope_fn scope_fn,
                                        const void *arg)
{
    return write_file(ctx, path, res, world, scen, NULL, 0, NULL, scope_fn, arg);
}
