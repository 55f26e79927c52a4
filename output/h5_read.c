/*
 * The HDF5 results reader and checkpoint restore. Layout: docs/hdf5-schema.md.
 *
 * DESIGN: the reader trusts nothing in the file. It checks that the file is
 * HDF5, that the root says kikan_schema = "kikan-results" and a
 * schema_version it knows, and then for every dataset its type class, rank
 * and shape before reading it into memory, so a foreign or damaged file gives
 * KIKAN_EFORMAT with a message naming the file and the object, never a
 * crash. HDF5's automatic error printing is silenced for the duration.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <hdf5.h>
#include "kikan/version.h"
#include "output/h5_internal.h"
#include "models/results_impl.h"

/* Largest dimension accepted from a file (kikan's int-sized counts). */
#define MAX_DIM ((hsize_t)INT32_MAX)

typedef struct {
    kikan_ctx_t *ctx;
    const char *path;
    hid_t f;
} rst_t;

static void close_obj(hid_t *id)
{
    if (*id >= 0) {
        H5Oclose(*id);
        *id = -1;
    }
}

/* Open dataset `name` (a path from the root); KIKAN_EFORMAT with a diagnostic if absent. */
static kikan_error_t open_ds(rst_t *rs, const char *name, hid_t *d)
{
    *d = -1;
    /* walk the path so a missing group is "absent", not an HDF5 error */
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", name);
    for (char *p = strchr(buf + 1, '/'); p != NULL; p = strchr(p + 1, '/')) {
        *p = '\0';
        if (H5Lexists(rs->f, buf, H5P_DEFAULT) <= 0) {
            *p = '/';
            goto missing;
        }
        *p = '/';
    }
    if (H5Lexists(rs->f, buf, H5P_DEFAULT) <= 0) {
        goto missing;
    }
    H5O_info_t info;
    if (H5Oget_info_by_name(rs->f, name, &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET) {
        kikan_diag_add(rs->ctx, "%s: '%s' is not a dataset", rs->path, name);
        return KIKAN_EFORMAT;
    }
    *d = H5Dopen2(rs->f, name, H5P_DEFAULT);
    if (*d < 0) {
        kikan_diag_add(rs->ctx, "%s: cannot open dataset '%s'", rs->path, name);
        return KIKAN_EFORMAT;
    }
    return KIKAN_OK;
missing:
    kikan_diag_add(rs->ctx, "%s: dataset '%s' is missing", rs->path, name);
    return KIKAN_EFORMAT;
}

/* Shape of dataset d: rank and dims (up to 8). */
static kikan_error_t shape_of(rst_t *rs, const char *name, hid_t d, int *rank, hsize_t *dims)
{
    hid_t sp = H5Dget_space(d);
    int r = sp >= 0 ? H5Sget_simple_extent_ndims(sp) : -1;
    if (r < 0 || r > 8 || H5Sget_simple_extent_dims(sp, dims, NULL) < 0) {
        if (sp >= 0) {
            H5Sclose(sp);
        }
        kikan_diag_add(rs->ctx, "%s: dataset '%s' has an unsupported shape", rs->path, name);
        return KIKAN_EFORMAT;
    }
    H5Sclose(sp);
    *rank = r;
    return KIKAN_OK;
}

/* Length of a 1-D dataset. */
static kikan_error_t length_of(rst_t *rs, const char *name, hsize_t *n)
{
    kikan_error_t err = KIKAN_OK;
    hid_t d = -1;
    int rank;
    hsize_t dims[8];
    KIKAN_CHECK(open_ds(rs, name, &d));
    KIKAN_CHECK(shape_of(rs, name, d, &rank, dims));
    if (rank != 1) {
        kikan_diag_add(rs->ctx, "%s: '%s' should be one-dimensional, has rank %d", rs->path, name,
                       rank);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    *n = dims[0];
cleanup:
    close_obj(&d);
    return err;
}

static void dims_text(char *buf, size_t n, int rank, const hsize_t *dims)
{
    size_t used = 0;
    buf[0] = '\0';
    for (int i = 0; i < rank && used < n; i++) {
        int w = snprintf(buf + used, n - used, "%s%" PRIu64, i ? " x " : "", (uint64_t)dims[i]);
        if (w < 0) {
            break;
        }
        used += (size_t)w;
    }
}

/* Read a numeric dataset of exactly the given shape as double (or uint8 with mtype). */
static kikan_error_t read_num(rst_t *rs, const char *name, int rank, const hsize_t *want,
                              hid_t mtype, void *buf)
{
    kikan_error_t err = KIKAN_OK;
    hid_t d = -1, t = -1;
    int r;
    hsize_t dims[8];
    char a[96], b[96];
    KIKAN_CHECK(open_ds(rs, name, &d));
    KIKAN_CHECK(shape_of(rs, name, d, &r, dims));
    if (r != rank || memcmp(dims, want, (size_t)rank * sizeof(hsize_t)) != 0) {
        dims_text(a, sizeof(a), r, dims);
        dims_text(b, sizeof(b), rank, want);
        kikan_diag_add(rs->ctx, "%s: dataset '%s' has shape %s, expected %s", rs->path, name, a, b);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    t = H5Dget_type(d);
    H5T_class_t c = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    if (c != H5T_FLOAT && c != H5T_INTEGER) {
        kikan_diag_add(rs->ctx, "%s: dataset '%s' is not numeric", rs->path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (H5Dread(d, mtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf) < 0) {
        char msg[256];
        kikan_h5_last_error(msg, sizeof(msg));
        kikan_diag_add(rs->ctx, "%s: cannot read dataset '%s': %s", rs->path, name, msg);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    if (t >= 0) {
        H5Tclose(t);
    }
    close_obj(&d);
    return err;
}

/* Read a 1-D string dataset of length n into out[n] (malloc'd copies). */
static kikan_error_t read_strings(rst_t *rs, const char *name, hsize_t n, char **out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t d = -1, t = -1, mt = -1, dxpl = -1;
    char **v = NULL;
    int r;
    hsize_t dims[8];
    KIKAN_CHECK(open_ds(rs, name, &d));
    KIKAN_CHECK(shape_of(rs, name, d, &r, dims));
    if (r != 1 || dims[0] != n) {
        kikan_diag_add(rs->ctx, "%s: '%s' should hold %" PRIu64 " strings", rs->path, name,
                       (uint64_t)n);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    t = H5Dget_type(d);
    if (t < 0 || H5Tget_class(t) != H5T_STRING || H5Tis_variable_str(t) <= 0) {
        kikan_diag_add(rs->ctx, "%s: '%s' is not a variable-length string dataset", rs->path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK_ALLOC(v = calloc(n ? n : 1, sizeof(*v)));
    /* a small conversion buffer: the default 1 MiB one is cleared on every read */
    if ((mt = kikan_h5_str_type()) < 0 || (dxpl = H5Pcreate(H5P_DATASET_XFER)) < 0 ||
        H5Pset_buffer(dxpl, 64 * 1024, NULL, NULL) < 0 ||
        H5Dread(d, mt, H5S_ALL, H5S_ALL, dxpl, v) < 0) {
        kikan_diag_add(rs->ctx, "%s: cannot read strings '%s'", rs->path, name);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    for (hsize_t i = 0; i < n; i++) {
        KIKAN_CHECK_ALLOC(out[i] = strdup(v[i] ? v[i] : ""));
    }
cleanup:
    for (hsize_t i = 0; v != NULL && i < n; i++) {
        if (v[i] != NULL) {
            H5free_memory(v[i]);
        }
    }
    free(v);
    if (dxpl >= 0) {
        H5Pclose(dxpl);
    }
    if (mt >= 0) {
        H5Tclose(mt);
    }
    if (t >= 0) {
        H5Tclose(t);
    }
    close_obj(&d);
    return err;
}

static kikan_error_t read_str_attr(rst_t *rs, hid_t g, const char *where, const char *name,
                                   char **out)
{
    free(*out);
    *out = NULL;
    kikan_error_t err = kikan_h5_attr_get_str(g, name, out);
    if (err == KIKAN_EFORMAT) {
        kikan_diag_add(rs->ctx, "%s: %s: string attribute '%s' is missing", rs->path, where, name);
    }
    return err;
}

static kikan_error_t read_int_attr(rst_t *rs, hid_t g, const char *where, const char *name,
                                   int *out)
{
    int64_t v;
    if (kikan_h5_attr_get_i64(g, name, &v) != KIKAN_OK || v < INT32_MIN || v > INT32_MAX) {
        kikan_diag_add(rs->ctx, "%s: %s: integer attribute '%s' is missing or out of range",
                       rs->path, where, name);
        return KIKAN_EFORMAT;
    }
    *out = (int)v;
    return KIKAN_OK;
}

static kikan_error_t read_provenance(rst_t *rs, kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    hid_t g = -1;
    if (H5Lexists(rs->f, "provenance", H5P_DEFAULT) <= 0 ||
        (g = H5Gopen2(rs->f, "provenance", H5P_DEFAULT)) < 0) {
        kikan_diag_add(rs->ctx, "%s: group /provenance is missing", rs->path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    const char *w = "/provenance";
    KIKAN_CHECK(read_str_attr(rs, g, w, "kikan_version", &r->kikan_version));
    KIKAN_CHECK(read_str_attr(rs, g, w, "scenario_name", &r->scenario_name));
    KIKAN_CHECK(read_str_attr(rs, g, w, "scenario_path", &r->scenario_path));
    KIKAN_CHECK(read_str_attr(rs, g, w, "scenario_text", &r->scenario_text));
    KIKAN_CHECK(read_str_attr(rs, g, w, "tables_checksum", &r->tables_checksum));
    KIKAN_CHECK(read_str_attr(rs, g, w, "started", &r->started));
    KIKAN_CHECK(read_str_attr(rs, g, w, "finished", &r->finished));
    KIKAN_CHECK(read_str_attr(rs, g, w, "host", &r->host));
    if (kikan_h5_attr_get_u64(g, "seed", &r->seed) != KIKAN_OK) {
        kikan_diag_add(rs->ctx, "%s: /provenance: attribute 'seed' is missing", rs->path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK(read_int_attr(rs, g, w, "threads", &r->threads));
    KIKAN_CHECK(read_int_attr(rs, g, w, "processes", &r->processes));
    KIKAN_CHECK(read_int_attr(rs, g, w, "synthetic", &r->synthetic));
cleanup:
    if (g >= 0) {
        H5Gclose(g);
    }
    return err;
}

static kikan_error_t read_statistics(rst_t *rs, kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const size_t W = (size_t)r->n_whatifs, S = (size_t)r->n_sectors, G = (size_t)r->n_grid;
    const hsize_t wst[3] = {W, S, 7}, wt[2] = {W, 7}, wsg[3] = {W, S, G};
    if (H5Lexists(rs->f, "statistics", H5P_DEFAULT) > 0) {
        KIKAN_CHECK_ALLOC(r->st_customer_hours = calloc(W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_peak = calloc(W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_life = calloc(W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_econ = calloc(W, sizeof(kikan_stat_t)));
        KIKAN_CHECK(read_num(rs, "/statistics/customer_hours", 3, wst, H5T_NATIVE_DOUBLE,
                             r->st_customer_hours));
        KIKAN_CHECK(
            read_num(rs, "/statistics/peak_customers", 3, wst, H5T_NATIVE_DOUBLE, r->st_peak));
        KIKAN_CHECK(read_num(rs, "/statistics/weighted_person_hours", 3, wst, H5T_NATIVE_DOUBLE,
                             r->st_life));
        KIKAN_CHECK(read_num(rs, "/statistics/econ_loss", 2, wt, H5T_NATIVE_DOUBLE, r->st_econ));
        KIKAN_CHECK_ALLOC(r->st_person_hours = calloc(W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_peak_people = calloc(W * S, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_records = calloc(W, sizeof(kikan_stat_t)));
        KIKAN_CHECK(read_num(rs, "/statistics/person_hours", 3, wst, H5T_NATIVE_DOUBLE,
                             r->st_person_hours));
        KIKAN_CHECK(
            read_num(rs, "/statistics/peak_people", 3, wst, H5T_NATIVE_DOUBLE, r->st_peak_people));
        KIKAN_CHECK(
            read_num(rs, "/statistics/records_exposed", 2, wt, H5T_NATIVE_DOUBLE, r->st_records));
    }
    if (H5Lexists(rs->f, "timeseries/mean", H5P_DEFAULT) > 0) {
        KIKAN_CHECK_ALLOC(r->curve_mean = calloc(W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q05 = calloc(W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q50 = calloc(W * S * G, sizeof(double)));
        KIKAN_CHECK_ALLOC(r->curve_q95 = calloc(W * S * G, sizeof(double)));
        KIKAN_CHECK(read_num(rs, "/timeseries/mean", 3, wsg, H5T_NATIVE_DOUBLE, r->curve_mean));
        KIKAN_CHECK(read_num(rs, "/timeseries/q05", 3, wsg, H5T_NATIVE_DOUBLE, r->curve_q05));
        KIKAN_CHECK(read_num(rs, "/timeseries/q50", 3, wsg, H5T_NATIVE_DOUBLE, r->curve_q50));
        KIKAN_CHECK(read_num(rs, "/timeseries/q95", 3, wsg, H5T_NATIVE_DOUBLE, r->curve_q95));
    }
cleanup:
    return err;
}

/* /regions, when the file has it (files before it have none: n_regions stays 0). */
static kikan_error_t read_regions(rst_t *rs, kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    hsize_t Rg = 0;
    if (H5Lexists(rs->f, "regions", H5P_DEFAULT) <= 0) {
        return KIKAN_OK;
    }
    KIKAN_CHECK(length_of(rs, "/regions/region", &Rg));
    if (Rg < 1 || Rg > MAX_DIM) {
        kikan_diag_add(rs->ctx, "%s: /regions/region is empty or oversized", rs->path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    err = kikan_results_regions_new(r, (int)Rg);
    if (err == KIKAN_ELIMIT) {
        kikan_diag_add(rs->ctx, "%s: /regions too large for this machine", rs->path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK(err);
    KIKAN_CHECK(read_strings(rs, "/regions/region", Rg, r->region_ids));
    const hsize_t W = (hsize_t)r->n_whatifs, R = (hsize_t)r->n_replicates;
    const hsize_t wrg[3] = {W, R, Rg}, wgt[3] = {W, Rg, 7};
    KIKAN_CHECK(
        read_num(rs, "/regions/person_hours", 3, wrg, H5T_NATIVE_DOUBLE, r->region_person_hours));
    KIKAN_CHECK(
        read_num(rs, "/regions/peak_people", 3, wrg, H5T_NATIVE_DOUBLE, r->region_peak_people));
    if (H5Lexists(rs->f, "regions/person_hours_stats", H5P_DEFAULT) > 0) {
        KIKAN_CHECK_ALLOC(r->st_region_person_hours = calloc(W * Rg, sizeof(kikan_stat_t)));
        KIKAN_CHECK_ALLOC(r->st_region_peak_people = calloc(W * Rg, sizeof(kikan_stat_t)));
        KIKAN_CHECK(read_num(rs, "/regions/person_hours_stats", 3, wgt, H5T_NATIVE_DOUBLE,
                             r->st_region_person_hours));
        KIKAN_CHECK(read_num(rs, "/regions/peak_people_stats", 3, wgt, H5T_NATIVE_DOUBLE,
                             r->st_region_peak_people));
    }
cleanup:
    return err;
}

/*
 * Open `path`, check the root attributes against `schema`, and read the
 * results arrays into a new *out. *file_out (if not NULL) receives the open
 * file for further reads (the caller closes it).
 */
static kikan_error_t read_file(kikan_ctx_t *ctx, const char *path, const char *schema,
                               kikan_results_t **out, hid_t *file_out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *r = NULL;
    char *got_schema = NULL;
    rst_t rstate = {ctx, path, -1};
    rst_t *rs = &rstate;
    hid_t fapl = -1;
    struct stat st;
    int64_t version = 0;
    hsize_t W, R, S, G;

    if (stat(path, &st) != 0) {
        kikan_diag_add(ctx, "%s: cannot open: no such file", path);
        return KIKAN_EIO;
    }
    if (!S_ISREG(st.st_mode)) {
        kikan_diag_add(ctx, "%s: not a regular file", path);
        return KIKAN_EFORMAT;
    }
    if (H5Fis_hdf5(path) <= 0) {
        kikan_diag_add(ctx, "%s: not an HDF5 file (so not a kikan results file)", path);
        return KIKAN_EFORMAT;
    }
    if ((fapl = H5Pcreate(H5P_FILE_ACCESS)) < 0 ||
        H5Pset_fclose_degree(fapl, H5F_CLOSE_STRONG) < 0) {
        KIKAN_FAIL(KIKAN_EHDF5);
    }
    if ((rs->f = H5Fopen(path, H5F_ACC_RDONLY, fapl)) < 0) {
        kikan_diag_add(ctx, "%s: cannot open the HDF5 file (damaged or unreadable)", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (kikan_h5_attr_get_str(rs->f, "kikan_schema", &got_schema) != KIKAN_OK) {
        kikan_diag_add(ctx,
                       "%s: an HDF5 file but not a kikan results file (no 'kikan_schema' "
                       "attribute at the root)",
                       path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (strcmp(got_schema, schema) != 0) {
        kikan_diag_add(ctx, "%s: kikan_schema is '%s', expected '%s'", path, got_schema, schema);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (kikan_h5_attr_get_i64(rs->f, "schema_version", &version) != KIKAN_OK || version < 1) {
        kikan_diag_add(ctx, "%s: missing or invalid 'schema_version' attribute", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (version > KIKAN_H5_SCHEMA_VERSION) {
        kikan_diag_add(ctx,
                       "%s: schema_version %" PRId64 " is newer than this kikan (%s) reads "
                       "(up to %d); upgrade kikan",
                       path, version, KIKAN_VERSION_STRING, KIKAN_H5_SCHEMA_VERSION);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }

    /* the dimensions, from the scales */
    KIKAN_CHECK(length_of(rs, "/replicates/whatif", &W));
    KIKAN_CHECK(length_of(rs, "/replicates/replicate", &R));
    KIKAN_CHECK(length_of(rs, "/replicates/sector", &S));
    KIKAN_CHECK(length_of(rs, "/timeseries/time", &G));
    if (W < 1 || R < 1 || S < 1 || G < 1 || W > MAX_DIM || S > MAX_DIM || G > MAX_DIM) {
        kikan_diag_add(ctx, "%s: empty or oversized dimensions", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    err = kikan_results_new((int)W, (int)S, (int)G, (int64_t)R, &r);
    if (err == KIKAN_ELIMIT) {
        kikan_diag_add(ctx, "%s: dimensions too large for this machine", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK(err);
    KIKAN_CHECK(read_provenance(rs, r));
    KIKAN_CHECK(read_strings(rs, "/replicates/whatif", W, r->whatif_names));
    KIKAN_CHECK(read_strings(rs, "/replicates/sector", S, r->sector_ids));
    KIKAN_CHECK(read_strings(rs, "/replicates/sector_unit", S, r->sector_units));
    KIKAN_CHECK(read_num(rs, "/timeseries/time", 1, &G, H5T_NATIVE_DOUBLE, r->grid));
    const hsize_t wrs[4] = {W, R, S, KIKAN_N_SIZE_CLASSES}, wrsg[4] = {W, R, S, G};
    KIKAN_CHECK(
        read_num(rs, "/replicates/customer_hours", 3, wrs, H5T_NATIVE_DOUBLE, r->customer_hours));
    KIKAN_CHECK(
        read_num(rs, "/replicates/peak_customers", 3, wrs, H5T_NATIVE_DOUBLE, r->peak_customers));
    KIKAN_CHECK(read_num(rs, "/replicates/weighted_person_hours", 3, wrs, H5T_NATIVE_DOUBLE,
                         r->life_weighted));
    KIKAN_CHECK(
        read_num(rs, "/replicates/person_hours", 3, wrs, H5T_NATIVE_DOUBLE, r->person_hours));
    KIKAN_CHECK(read_num(rs, "/replicates/peak_people", 3, wrs, H5T_NATIVE_DOUBLE, r->peak_people));
    KIKAN_CHECK(read_num(rs, "/replicates/people_per_customer", 1, &S, H5T_NATIVE_DOUBLE,
                         r->sector_people));
    KIKAN_CHECK(
        read_num(rs, "/replicates/records_exposed", 2, wrs, H5T_NATIVE_DOUBLE, r->records_exposed));
    KIKAN_CHECK(
        read_num(rs, "/replicates/ops_affected", 4, wrs, H5T_NATIVE_DOUBLE, r->ops_affected));
    KIKAN_CHECK(read_num(rs, "/replicates/econ_loss", 2, wrs, H5T_NATIVE_DOUBLE, r->econ_loss));
    KIKAN_CHECK(read_num(rs, "/replicates/implants", 2, wrs, H5T_NATIVE_DOUBLE, r->implants));
    KIKAN_CHECK(read_num(rs, "/timeseries/customers_off", 4, wrsg, H5T_NATIVE_DOUBLE, r->curves));
    const hsize_t wrss[4] = {W, R, S, S};
    KIKAN_CHECK(read_num(rs, "/replicates/through", 4, wrss, H5T_NATIVE_DOUBLE, r->through));
    KIKAN_CHECK(read_statistics(rs, r));
    KIKAN_CHECK(read_regions(rs, r));
    *out = r;
    r = NULL;
    if (file_out != NULL) {
        *file_out = rs->f;
        rs->f = -1;
    }
cleanup:
    if (rs->f >= 0) {
        H5Fclose(rs->f);
    }
    if (fapl >= 0) {
        H5Pclose(fapl);
    }
    free(got_schema);
    kikan_results_free(&r);
    return err;
}

kikan_error_t kikan_h5_read(kikan_ctx_t *ctx, const char *path, kikan_results_t **out)
{
    if (ctx == NULL || path == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_h5_quiet_t quiet;
    kikan_h5_quiet_begin(&quiet);
    kikan_error_t err = read_file(ctx, path, KIKAN_H5_SCHEMA, out, NULL);
    kikan_h5_quiet_end(&quiet);
    return err;
}

/* ---- checkpoints ------------------------------------------------------------------------- */

static int same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Does checkpoint c belong to the run res? Adds a diagnostic saying what differs. */
static int compatible(kikan_ctx_t *ctx, const char *path, const kikan_results_t *c,
                      const kikan_results_t *r)
{
    const char *why = NULL;
    if (c->n_whatifs != r->n_whatifs || c->n_sectors != r->n_sectors || c->n_grid != r->n_grid ||
        c->n_replicates != r->n_replicates) {
        why = "sizes (what-ifs, sectors, grid or replicates) differ";
    } else if (c->seed != r->seed) {
        why = "the seed differs";
    } else if (!same_str(c->scenario_text, r->scenario_text)) {
        why = "the scenario text differs";
    } else if (memcmp(c->grid, r->grid, (size_t)r->n_grid * sizeof(double)) != 0) {
        why = "the output grid differs";
    } else if (r->region_person_hours != NULL && c->n_regions != r->n_regions) {
        why = "the regions differ (or the checkpoint has none: written by an older kikan)";
    } else {
        for (int i = 0; i < r->n_whatifs && why == NULL; i++) {
            if (!same_str(c->whatif_names[i], r->whatif_names[i])) {
                why = "the what-if names differ";
            }
        }
        for (int i = 0; i < r->n_sectors && why == NULL; i++) {
            if (!same_str(c->sector_ids[i], r->sector_ids[i])) {
                why = "the sectors differ";
            }
        }
    }
    if (why != NULL) {
        kikan_diag_add(ctx, "%s: checkpoint belongs to a different run: %s", path, why);
        return 0;
    }
    return 1;
}

/* Copy replicates [r0, r1) of every what-if from src into dst (same sizes). */
static void copy_block(kikan_results_t *dst, const kikan_results_t *src, int64_t r0, int64_t r1)
{
    const int64_t R = dst->n_replicates, S = dst->n_sectors, G = dst->n_grid;
    const int64_t C = KIKAN_N_SIZE_CLASSES;
    for (int64_t w = 0; w < dst->n_whatifs; w++) {
        const int64_t a = w * R + r0, n = r1 - r0;
        memcpy(dst->customer_hours + a * S, src->customer_hours + a * S,
               (size_t)(n * S) * sizeof(double));
        memcpy(dst->peak_customers + a * S, src->peak_customers + a * S,
               (size_t)(n * S) * sizeof(double));
        memcpy(dst->life_weighted + a * S, src->life_weighted + a * S,
               (size_t)(n * S) * sizeof(double));
        memcpy(dst->person_hours + a * S, src->person_hours + a * S,
               (size_t)(n * S) * sizeof(double));
        memcpy(dst->peak_people + a * S, src->peak_people + a * S,
               (size_t)(n * S) * sizeof(double));
        memcpy(dst->records_exposed + a, src->records_exposed + a, (size_t)n * sizeof(double));
        memcpy(dst->ops_affected + a * S * C, src->ops_affected + a * S * C,
               (size_t)(n * S * C) * sizeof(double));
        memcpy(dst->econ_loss + a, src->econ_loss + a, (size_t)n * sizeof(double));
        memcpy(dst->implants + a, src->implants + a, (size_t)n * sizeof(double));
        memcpy(dst->curves + a * S * G, src->curves + a * S * G,
               (size_t)(n * S * G) * sizeof(double));
        memcpy(dst->through + a * S * S, src->through + a * S * S,
               (size_t)(n * S * S) * sizeof(double));
        const int64_t Rg = dst->n_regions;
        if (dst->region_person_hours != NULL && src->region_person_hours != NULL &&
            src->n_regions == Rg) {
            memcpy(dst->region_person_hours + a * Rg, src->region_person_hours + a * Rg,
                   (size_t)(n * Rg) * sizeof(double));
            memcpy(dst->region_peak_people + a * Rg, src->region_peak_people + a * Rg,
                   (size_t)(n * Rg) * sizeof(double));
        }
    }
}

kikan_error_t kikan_h5_checkpoint_read(kikan_ctx_t *ctx, const char *path, kikan_results_t *res,
                                       int64_t block_size, uint8_t *done)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *cp = NULL;
    uint8_t *bits = NULL;
    hid_t f = -1, g = -1;
    kikan_h5_quiet_t quiet;
    int64_t bs = 0, nb = 0;
    if (ctx == NULL || path == NULL || res == NULL || done == NULL || block_size < 1) {
        return KIKAN_EINVAL;
    }
    kikan_h5_quiet_begin(&quiet);
    KIKAN_CHECK(read_file(ctx, path, KIKAN_H5_CHECKPOINT_SCHEMA, &cp, &f));
    const int64_t want_nb = (res->n_replicates + block_size - 1) / block_size;
    if ((g = H5Gopen2(f, "checkpoint", H5P_DEFAULT)) < 0 ||
        kikan_h5_attr_get_i64(g, "block_size", &bs) != KIKAN_OK ||
        kikan_h5_attr_get_i64(g, "n_blocks", &nb) != KIKAN_OK) {
        kikan_diag_add(ctx, "%s: /checkpoint or its attributes are missing", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (!compatible(ctx, path, cp, res)) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (bs != block_size || nb != want_nb) {
        kikan_diag_add(ctx,
                       "%s: checkpoint has blocks of %" PRId64 " replicates, this run %" PRId64,
                       path, bs, block_size);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK_ALLOC(bits = calloc((size_t)nb, 1));
    rst_t rs = {ctx, path, f};
    const hsize_t dims = (hsize_t)nb;
    KIKAN_CHECK(read_num(&rs, "/checkpoint/completed", 1, &dims, H5T_NATIVE_UINT8, bits));
    int any = 0;
    for (int64_t b = 0; b < nb; b++) {
        done[b] = bits[b] != 0;
        if (done[b]) {
            int64_t r0 = b * block_size, r1 = r0 + block_size;
            copy_block(res, cp, r0, r1 < res->n_replicates ? r1 : res->n_replicates);
            any = 1;
        }
    }
    /* the attribution sums of the completed blocks; a checkpoint without them (older, or
       written after one without them) leaves the tables unavailable for this run */
    if (res->op_chours_fx != NULL && any) {
        if (H5Lexists(g, "operator_customer_hours_fx", H5P_DEFAULT) > 0) {
            const hsize_t no = (hsize_t)res->n_whatifs * (hsize_t)res->n_operators;
            const hsize_t nv = (hsize_t)res->n_whatifs * (hsize_t)(res->n_vendors + 1);
            KIKAN_CHECK(read_num(&rs, "/checkpoint/operator_customer_hours_fx", 1, &no,
                                 H5T_NATIVE_INT64, res->op_chours_fx));
            KIKAN_CHECK(read_num(&rs, "/checkpoint/vendor_implants_sum", 1, &nv, H5T_NATIVE_INT64,
                                 res->vendor_implants));
            KIKAN_CHECK(read_num(&rs, "/checkpoint/vendor_customer_hours_fx", 1, &nv,
                                 H5T_NATIVE_INT64, res->vendor_chours_fx));
        } else {
            res->attrib_partial = 1;
        }
    }
cleanup:
    if (g >= 0) {
        H5Gclose(g);
    }
    if (f >= 0) {
        H5Fclose(f);
    }
    free(bits);
    kikan_results_free(&cp);
    kikan_h5_quiet_end(&quiet);
    return err;
}
