/*
 * Private to output/ and its tests: the pieces shared by the HDF5 writer, the
 * reader, the checkpoints and the CSV summaries, and the writer's test hook.
 *
 * DESIGN: the test hook is an argument (kikan_h5_write_hooked), not a global,
 * so a test can make one write fail after N datasets, or stop in the middle
 * of one to be killed, without any state shared with other writes.
 */
#ifndef KIKAN_OUTPUT_H5_INTERNAL_H
#define KIKAN_OUTPUT_H5_INTERNAL_H

#include <hdf5.h>
#include "kikan/output.h"

/** Test hooks for the writer. */
typedef struct {
    /*
     * Called after each dataset is complete, with the number written so far.
     * A non-zero return makes the write fail there (KIKAN_EIO), as a full
     * disk would. The hook may also block (the kill -9 test).
     */
    int (*after_dataset)(void *arg, int n_written);
    void *arg;
} kikan_h5_hooks_t;

/** kikan_h5_write with test hooks (hooks may be NULL). */
kikan_error_t kikan_h5_write_hooked(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                                    const kikan_world_t *world, const kikan_scenario_t *scen,
                                    const kikan_h5_hooks_t *hooks);

/**
 * Writes the /scope group into an open results file (in place of the empty
 * placeholder). `file` is the HDF5 file, `gcpl` the group creation list the
 * writer uses. Returns KIKAN_OK or an error (the whole write then fails).
 */
typedef kikan_error_t (*kikan_h5_scope_fn)(kikan_ctx_t *ctx, hid_t file, hid_t gcpl,
                                           const void *arg);

/** kikan_h5_write, with /scope written by `scope_fn(ctx, file, gcpl, arg)` (NULL: placeholder). */
kikan_error_t kikan_h5_write_with_scope(kikan_ctx_t *ctx, const char *path,
                                        const kikan_results_t *res, const kikan_world_t *world,
                                        const kikan_scenario_t *scen, kikan_h5_scope_fn scope_fn,
                                        const void *arg);

/* ---- HDF5 error printing ------------------------------------------------------------------ */

/** HDF5's automatic error handler, saved while it is silenced. */
typedef struct {
    H5E_auto2_t func;
    void *data;
} kikan_h5_quiet_t;

/** Silence HDF5's automatic error printing (saving the handler in *q). */
void kikan_h5_quiet_begin(kikan_h5_quiet_t *q);
/** Clear the HDF5 error stack and restore the handler saved by kikan_h5_quiet_begin. */
void kikan_h5_quiet_end(const kikan_h5_quiet_t *q);
/** The innermost message on the current HDF5 error stack ("" if none) into buf[n]. */
void kikan_h5_last_error(char *buf, size_t n);

/* ---- atomic files ------------------------------------------------------------------------- */

/** A file being written under a temporary name next to its final name. */
typedef struct {
    char *final_path; /* owned copy */
    char *tmp_path;   /* "final.tmp.XXXXXX", created by mkstemp */
    int fd;           /* open on tmp_path (mkstemp's), -1 once closed */
} kikan_atomic_t;

/**
 * Create the temporary file (mode 0644) for `path`. KIKAN_EINPUT (with a
 * diagnostic) when the directory is missing or not writable, KIKAN_EIO
 * otherwise. On failure *a is left empty (kikan_atomic_abort is harmless).
 */
kikan_error_t kikan_atomic_begin(kikan_ctx_t *ctx, const char *path, kikan_atomic_t *a);
/**
 * Write `n` bytes to the temporary file (retrying short writes). KIKAN_EIO
 * with a diagnostic naming the file and the system's reason (disk full, file
 * too large...).
 */
kikan_error_t kikan_atomic_write_all(kikan_ctx_t *ctx, kikan_atomic_t *a, const void *buf,
                                     size_t n);
/**
 * Close a file (sec2 driver) after a failed write: its descriptor is pointed at
 * /dev/null so HDF5 can finish closing it; the caller then removes the file.
 */
void kikan_h5_close_failed(hid_t *f);
/**
 * fsync the temporary file and close it (a no-op when closed already), leaving it under its
 * temporary name: several files written this way are complete before any replaces its final
 * name. KIKAN_EIO (logged) when either fails.
 */
kikan_error_t kikan_atomic_sync(kikan_ctx_t *ctx, kikan_atomic_t *a);
/** kikan_atomic_sync, then rename the temporary file over the final name and fsync the
 *  directory. */
kikan_error_t kikan_atomic_commit(kikan_ctx_t *ctx, kikan_atomic_t *a);
/** Remove the temporary file (if any) and free *a; safe after commit or on an empty *a. */
void kikan_atomic_abort(kikan_atomic_t *a);

/* ---- small helpers --------------------------------------------------------------------- */

/** Close any HDF5 handle by its type and set it to -1; a negative id is ignored. */
void kikan_h5_close(hid_t *id);
/** A variable-length UTF-8 string type (close with H5Tclose). */
hid_t kikan_h5_str_type(void);
/** Write a scalar variable-length UTF-8 string attribute (NULL is written as ""). */
/**
 * Open a kikan results file read-only for one of its analysis groups: an
 * HDF5 file whose root kikan_schema is KIKAN_H5_SCHEMA. *f is the open file
 * (the caller closes it) or -1. Otherwise a diagnostic "PATH: ..." and
 * KIKAN_EINPUT (no such file) or KIKAN_EFORMAT (not HDF5, truncated or
 * damaged, not a kikan results file).
 */
kikan_error_t kikan_h5_open_results_ro(kikan_ctx_t *ctx, const char *path, hid_t *f);
/** A scalar numeric attribute NAME of file type ftype from *v (memory type mtype); < 0 on error. */
herr_t kikan_h5_attr_put_num(hid_t loc, const char *name, hid_t ftype, hid_t mtype, const void *v);
/** kikan_h5_attr_put_num for a double (IEEE f64 LE), an int64 and an int32. */
herr_t kikan_h5_attr_put_f64(hid_t loc, const char *name, double v);
herr_t kikan_h5_attr_put_i64(hid_t loc, const char *name, int64_t v);
herr_t kikan_h5_attr_put_i32(hid_t loc, const char *name, int32_t v);
herr_t kikan_h5_attr_put_str(hid_t loc, const char *name, const char *value);
/**
 * Read a string attribute (variable or fixed length) into a malloc'd copy.
 * KIKAN_EFORMAT when it is missing or not a scalar string, KIKAN_ENOMEM.
 */
kikan_error_t kikan_h5_attr_get_str(hid_t loc, const char *name, char **out);
/** Read a scalar numeric attribute converted to int64 / uint64 / double. KIKAN_EFORMAT if absent.
 */
kikan_error_t kikan_h5_attr_get_i64(hid_t loc, const char *name, int64_t *out);
kikan_error_t kikan_h5_attr_get_u64(hid_t loc, const char *name, uint64_t *out);

/**
 * Name dimension `dim` of dataset d (in group g) for netCDF readers (xarray
 * opens it with this name, not a phony_dim): `scale` is the name of a dataset
 * in g, made a dimension scale named after itself if it is not one yet; when
 * g has no dataset of that name, an index scale 0..n-1 (int64, units "1") is
 * created first. The dimension is labelled `scale`. Negative on an HDF5 error.
 */
herr_t kikan_h5_name_dim(hid_t g, hid_t d, unsigned dim, const char *scale, hsize_t n);

/** Names of the operator size classes (KIKAN_N_SIZE_CLASSES entries). */
extern const char *const kikan_size_class_names[KIKAN_N_SIZE_CLASSES];
/** Names of the seven statistics in kikan_stat_t order. */
extern const char *const kikan_stat_names[7];

#endif
