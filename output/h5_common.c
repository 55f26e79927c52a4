/*
 * Pieces shared by the HDF5 writer, reader, checkpoints and CSV summaries:
 * silencing HDF5's error printing, atomic files (temporary name + fsync +
 * rename), the writability check, and string/number attribute helpers.
 *
 * DESIGN: atomicity comes from POSIX rename() within one directory, which
 * replaces the final name in one step. The temporary file is created with
 * mkstemp beside the final name (same file system, so rename cannot turn
 * into a copy) and fsync'ed before the rename, and the directory after it,
 * so that after a crash the final name holds either the old file or the
 * complete new one.
 */
#define _GNU_SOURCE /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <hdf5_hl.h>
#include "output/h5_internal.h"

const char *const kikan_size_class_names[KIKAN_N_SIZE_CLASSES] = {"sme", "medium", "large",
                                                                  "very_large"};
const char *const kikan_stat_names[7] = {"mean", "sd", "q05", "q50", "q95", "ci_lo", "ci_hi"};

/* ---- HDF5 error printing ------------------------------------------------------------------ */

void kikan_h5_quiet_begin(kikan_h5_quiet_t *q)
{
    q->func = NULL;
    q->data = NULL;
    H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data);
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void kikan_h5_quiet_end(const kikan_h5_quiet_t *q)
{
    H5Eclear2(H5E_DEFAULT);
    H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

typedef struct {
    char *buf;
    size_t n;
} last_error_t;

static herr_t walk_error(unsigned n, const H5E_error2_t *e, void *arg)
{
    last_error_t *le = arg;
    if (n == 0 && e->desc != NULL) {
        snprintf(le->buf, le->n, "%s (in %s)", e->desc, e->func_name ? e->func_name : "?");
    }
    return 0;
}

void kikan_h5_last_error(char *buf, size_t n)
{
    last_error_t le = {buf, n};
    if (n > 0) {
        buf[0] = '\0';
    }
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, walk_error, &le);
}

/* ---- atomic files ------------------------------------------------------------------------- */

/* The directory part of path (malloc'd): "." for a bare name. */
static char *dir_of(const char *path)
{
    char *copy = strdup(path);
    if (copy == NULL) {
        return NULL;
    }
    char *d = strdup(dirname(copy));
    free(copy);
    return d;
}

kikan_error_t kikan_h5_check_writable(kikan_ctx_t *ctx, const char *path)
{
    kikan_error_t err = KIKAN_OK;
    char *dir = NULL;
    struct stat st;
    if (ctx == NULL || path == NULL) {
        return KIKAN_EINVAL;
    }
    if (path[0] == '\0') {
        kikan_diag_add(ctx, "cannot write '': empty file name");
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK_ALLOC(dir = dir_of(path));
    if (stat(dir, &st) != 0) {
        kikan_diag_add(ctx, "cannot write '%s': directory '%s' does not exist", path, dir);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (!S_ISDIR(st.st_mode)) {
        kikan_diag_add(ctx, "cannot write '%s': '%s' is not a directory", path, dir);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (access(dir, W_OK | X_OK) != 0) {
        kikan_diag_add(ctx, "cannot write '%s': directory '%s' is not writable (%s)", path, dir,
                       strerror(errno));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        kikan_diag_add(ctx, "cannot write '%s': it is a directory", path);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
cleanup:
    free(dir);
    return err;
}

kikan_error_t kikan_atomic_begin(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *a)
{
    kikan_error_t err = KIKAN_OK;
    *a = (kikan_atomic_t){NULL, NULL, -1};
    KIKAN_CHECK(kikan_h5_check_writable(ctx, path));
    size_t len = strlen(path);
    KIKAN_CHECK_ALLOC(a->final_path = strdup(path));
    KIKAN_CHECK_ALLOC(a->tmp_path = malloc(len + sizeof(".tmp.XXXXXX")));
    memcpy(a->tmp_path, path, len);
    memcpy(a->tmp_path + len, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
    a->fd = mkstemp(a->tmp_path);
    if (a->fd < 0) {
        kikan_diag_add(ctx, "cannot write '%s': cannot create a temporary file: %s", path,
                       strerror(errno));
        free(a->tmp_path);
        a->tmp_path = NULL; /* nothing to remove */
        KIKAN_FAIL(KIKAN_EIO);
    }
    /* mkstemp makes 0600; a results file is meant to be shared like any other output */
    if (fchmod(a->fd, 0644) != 0) {
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    if (err != KIKAN_OK) {
        kikan_atomic_abort(a);
    }
    return err;
}

kikan_error_t kikan_atomic_write_all(kikan_ctx_t *ctx, kikan_atomic_t *a, const void *buf, size_t n)
{
    const char *p = buf;
    while (n > 0) {
        ssize_t w = write(a->fd, p, n);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            kikan_diag_add(ctx, "cannot write '%s': %s", a->final_path,
                           w < 0 ? strerror(errno) : "no progress writing");
            return KIKAN_EIO;
        }
        p += w;
        n -= (size_t)w;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_atomic_sync(kikan_ctx_t *ctx, kikan_atomic_t *a)
{
    if (a->fd < 0) {
        return KIKAN_OK; /* synced and closed already */
    }
    if (fsync(a->fd) != 0) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "fsync '%s': %s", a->tmp_path, strerror(errno));
        return KIKAN_EIO;
    }
    int fd = a->fd;
    a->fd = -1;
    if (close(fd) != 0) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "close '%s': %s", a->tmp_path, strerror(errno));
        return KIKAN_EIO;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_atomic_commit(kikan_ctx_t *ctx, kikan_atomic_t *a)
{
    kikan_error_t err = KIKAN_OK;
    char *dir = NULL;
    KIKAN_CHECK(kikan_atomic_sync(ctx, a));
    if (rename(a->tmp_path, a->final_path) != 0) {
        kikan_diag_add(ctx, "cannot write '%s': rename from '%s' failed: %s", a->final_path,
                       a->tmp_path, strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    }
    free(a->tmp_path);
    a->tmp_path = NULL; /* it is the final file now: abort must not remove it */
    /* make the rename itself durable; failure here does not undo a complete file */
    dir = dir_of(a->final_path);
    if (dir != NULL) {
        int dfd = open(dir, O_RDONLY | O_DIRECTORY);
        if (dfd >= 0) {
            (void)fsync(dfd);
            close(dfd);
        }
    }
cleanup:
    free(dir);
    kikan_atomic_abort(a);
    return err;
}

void kikan_atomic_abort(kikan_atomic_t *a)
{
    if (a->fd >= 0) {
        close(a->fd);
        a->fd = -1;
    }
    if (a->tmp_path != NULL) {
        unlink(a->tmp_path);
        free(a->tmp_path);
        a->tmp_path = NULL;
    }
    free(a->final_path);
    a->final_path = NULL;
}

static void exit_skipping_hdf5(int status, void *arg)
{
    (void)arg;
    fflush(NULL);
    _exit(status);
}

void kikan_h5_close_failed(hid_t *f)
{
    if (*f < 0) {
        return;
    }
    /*
     * A file whose write failed (disk full, file size limit) cannot flush its
     * metadata, and HDF5 1.10 leaves such a file half-closed and crashes on
     * it at exit. Point the driver's descriptor at /dev/null first: the last
     * writes are then discarded (the temporary file is removed anyway) and the
     * library closes the file cleanly.
     */
    void *handle = NULL;
    if (H5Fget_vfd_handle(*f, H5P_DEFAULT, &handle) >= 0 && handle != NULL) {
        int fd = *(int *)handle;
        int null_fd = memfd_create("kikan-discard", MFD_CLOEXEC);
        if (null_fd >= 0) {
            (void)dup2(null_fd, fd);
            close(null_fd);
        }
    }
    if (H5Fclose(*f) < 0) {
        /*
         * Still not closed (a file size limit also refuses writes to the
         * stand-in): HDF5 would crash at exit on the half-closed file, so skip
         * its exit-time clean-up; standard streams are flushed, the status kept.
         */
        static int registered = 0;
        if (!registered) {
            registered = 1;
            (void)on_exit(exit_skipping_hdf5, NULL);
        }
    }
    *f = -1;
}

/* ---- attributes ---------------------------------------------------------------------------- */

hid_t kikan_h5_str_type(void)
{
    hid_t t = H5Tcopy(H5T_C_S1);
    if (t < 0) {
        return t;
    }
    if (H5Tset_size(t, H5T_VARIABLE) < 0 || H5Tset_cset(t, H5T_CSET_UTF8) < 0) {
        H5Tclose(t);
        return -1;
    }
    return t;
}

kikan_error_t kikan_h5_open_results_ro(kikan_ctx_t *ctx, const char *path, hid_t *f)
{
    kikan_error_t err = KIKAN_OK;
    char *schema = NULL;
    struct stat st;
    *f = -1;
    if (stat(path, &st) != 0) { /* an input named wrong: a usage error, as kikan report says */
        kikan_diag_add(ctx, "%s: cannot open: no such file", path);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (H5Fis_hdf5(path) <= 0) {
        kikan_diag_add(ctx, "%s: not an HDF5 file (so not a kikan results file)", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if ((*f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) { /* truncated, damaged */
        kikan_diag_add(ctx, "%s: cannot open the HDF5 file (damaged or unreadable)", path);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (kikan_h5_attr_get_str(*f, "kikan_schema", &schema) != KIKAN_OK ||
        strcmp(schema, KIKAN_H5_SCHEMA) != 0) {
        kikan_diag_add(ctx, "%s: not a kikan results file (kikan_schema is not '%s')", path,
                       KIKAN_H5_SCHEMA);
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    free(schema);
    if (err != KIKAN_OK) {
        kikan_h5_close(f);
    }
    return err;
}

herr_t kikan_h5_attr_put_num(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *v)
{
    herr_t rc = -1;
    hid_t sp = H5Screate(H5S_SCALAR), at = -1;
    if (sp >= 0 && (at = H5Acreate2(loc, name, ftype, sp, H5P_DEFAULT, H5P_DEFAULT)) >= 0) {
        rc = H5Awrite(at, mtype, v);
    }
    kikan_h5_close(&at);
    kikan_h5_close(&sp);
    return rc;
}

herr_t kikan_h5_attr_put_f64(hid_t loc, const char *name, double v)
{
    return kikan_h5_attr_put_num(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &v);
}

herr_t kikan_h5_attr_put_i64(hid_t loc, const char *name, int64_t v)
{
    return kikan_h5_attr_put_num(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &v);
}

herr_t kikan_h5_attr_put_i32(hid_t loc, const char *name, int32_t v)
{
    return kikan_h5_attr_put_num(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT32, &v);
}

herr_t kikan_h5_attr_put_str(hid_t loc, const char *name, const char *value)
{
    herr_t rc = -1;
    hid_t t = -1, sp = -1, at = -1;
    const char *v = value ? value : "";
    if ((t = kikan_h5_str_type()) < 0 || (sp = H5Screate(H5S_SCALAR)) < 0 ||
        (at = H5Acreate2(loc, name, t, sp, H5P_DEFAULT, H5P_DEFAULT)) < 0) {
        goto done;
    }
    rc = H5Awrite(at, t, &v);
done:
    if (at >= 0) {
        H5Aclose(at);
    }
    if (sp >= 0) {
        H5Sclose(sp);
    }
    if (t >= 0) {
        H5Tclose(t);
    }
    return rc;
}

/* Open attribute `name` of loc if it exists and is scalar (or a single element). */
static hid_t open_scalar_attr(hid_t loc, const char *name)
{
    if (H5Aexists(loc, name) <= 0) {
        return -1;
    }
    hid_t at = H5Aopen(loc, name, H5P_DEFAULT);
    if (at < 0) {
        return -1;
    }
    hid_t sp = H5Aget_space(at);
    hssize_t n = sp >= 0 ? H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) {
        H5Sclose(sp);
    }
    if (n != 1) {
        H5Aclose(at);
        return -1;
    }
    return at;
}

kikan_error_t kikan_h5_attr_get_str(hid_t loc, const char *name, char **out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t at = -1, ft = -1, mt = -1;
    char *vl = NULL, *copy = NULL;
    *out = NULL;
    if ((at = open_scalar_attr(loc, name)) < 0 || (ft = H5Aget_type(at)) < 0 ||
        H5Tget_class(ft) != H5T_STRING) {
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    htri_t var = H5Tis_variable_str(ft);
    if (var < 0) {
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    if (var) {
        if ((mt = kikan_h5_str_type()) < 0 || H5Aread(at, mt, &vl) < 0) {
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        KIKAN_CHECK_ALLOC(copy = strdup(vl ? vl : ""));
    } else {
        size_t sz = H5Tget_size(ft);
        if (sz == 0 || sz > ((size_t)1 << 30)) {
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        if ((mt = H5Tcopy(H5T_C_S1)) < 0 || H5Tset_size(mt, sz + 1) < 0 ||
            H5Tset_strpad(mt, H5T_STR_NULLTERM) < 0) {
            KIKAN_FAIL(KIKAN_EHDF5);
        }
        KIKAN_CHECK_ALLOC(copy = calloc(sz + 1, 1));
        if (H5Aread(at, mt, copy) < 0) {
            KIKAN_FAIL(KIKAN_EFORMAT);
        }
        copy[sz] = '\0';
    }
    *out = copy;
    copy = NULL;
cleanup:
    if (vl != NULL) {
        H5free_memory(vl);
    }
    free(copy);
    if (mt >= 0) {
        H5Tclose(mt);
    }
    if (ft >= 0) {
        H5Tclose(ft);
    }
    if (at >= 0) {
        H5Aclose(at);
    }
    return err;
}

static kikan_error_t attr_get_num(hid_t loc, const char *name, hid_t mtype, void *out)
{
    kikan_error_t err = KIKAN_OK;
    hid_t at = -1, ft = -1;
    if ((at = open_scalar_attr(loc, name)) < 0 || (ft = H5Aget_type(at)) < 0) {
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    H5T_class_t c = H5Tget_class(ft);
    if ((c != H5T_INTEGER && c != H5T_FLOAT) || H5Aread(at, mtype, out) < 0) {
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
cleanup:
    if (ft >= 0) {
        H5Tclose(ft);
    }
    if (at >= 0) {
        H5Aclose(at);
    }
    return err;
}

kikan_error_t kikan_h5_attr_get_i64(hid_t loc, const char *name, int64_t *out)
{
    return attr_get_num(loc, name, H5T_NATIVE_INT64, out);
}

kikan_error_t kikan_h5_attr_get_u64(hid_t loc, const char *name, uint64_t *out)
{
    return attr_get_num(loc, name, H5T_NATIVE_UINT64, out);
}

void kikan_h5_close(hid_t *id)
{
    if (*id < 0) {
        return;
    }
    switch (H5Iget_type(*id)) {
    case H5I_DATASET:
        H5Dclose(*id);
        break;
    case H5I_GROUP:
        H5Gclose(*id);
        break;
    case H5I_DATASPACE:
        H5Sclose(*id);
        break;
    case H5I_DATATYPE:
        H5Tclose(*id);
        break;
    case H5I_GENPROP_LST:
        H5Pclose(*id);
        break;
    case H5I_ATTR:
        H5Aclose(*id);
        break;
    case H5I_FILE:
        H5Fclose(*id);
        break;
    default:
        break;
    }
    *id = -1;
}

herr_t kikan_h5_name_dim(hid_t g, hid_t d, unsigned dim, const char *scale, hsize_t n)
{
    herr_t rc = -1;
    hid_t s = -1, sp = -1, dcpl = -1;
    int64_t *idx = NULL;
    if (H5Lexists(g, scale, H5P_DEFAULT) <= 0) {
        if ((idx = malloc((size_t)(n > 0 ? n : 1) * sizeof(*idx))) == NULL) {
            goto cleanup;
        }
        for (hsize_t i = 0; i < n; i++) {
            idx[i] = (int64_t)i;
        }
        if ((sp = H5Screate_simple(1, &n, NULL)) < 0 ||
            (dcpl = H5Pcreate(H5P_DATASET_CREATE)) < 0 || H5Pset_obj_track_times(dcpl, 0) < 0 ||
            (s = H5Dcreate2(g, scale, H5T_STD_I64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT)) < 0 ||
            (n > 0 && H5Dwrite(s, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, idx) < 0) ||
            kikan_h5_attr_put_str(s, "units", "1") < 0 ||
            kikan_h5_attr_put_str(s, "long_name", "row index") < 0) {
            goto cleanup;
        }
    } else if ((s = H5Dopen2(g, scale, H5P_DEFAULT)) < 0) {
        goto cleanup;
    }
    if ((H5DSis_scale(s) <= 0 && H5DSset_scale(s, scale) < 0) || H5DSattach_scale(d, s, dim) < 0 ||
        H5DSset_label(d, dim, scale) < 0) {
        goto cleanup;
    }
    rc = 0;
cleanup:
    free(idx);
    kikan_h5_close(&dcpl);
    kikan_h5_close(&sp);
    kikan_h5_close(&s);
    return rc;
}
