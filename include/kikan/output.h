/*
 * kikan — results files: the HDF5 results file (writer, reader, checkpoints)
 * and the CSV/JSON summaries for scripts.
 *
 * DESIGN: one self-describing HDF5 file per run, laid out as documented in
 * docs/hdf5-schema.md (schema "kikan-results", version KIKAN_H5_SCHEMA_VERSION).
 * Arrays are written as they sit in kikan_results_t (C order, the index order
 * documented in results.h), with HDF5 dimension scales so that h5py, xarray
 * (h5netcdf or netcdf4 engine) and h5dump see named dimensions and units.
 * Every file is written under a unique temporary name in the target
 * directory and renamed over the final name only once complete and synced:
 * a reader never sees half a file, and a failed or killed run leaves an
 * older file of the same name untouched.
 *
 * The HDF5 library in Debian is built without thread safety: call these
 * functions from serial code only (never inside an OpenMP region).
 */
#ifndef KIKAN_OUTPUT_H
#define KIKAN_OUTPUT_H

#include <stdint.h>
#include <stdio.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/results.h"
#include "kikan/scenario.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Value of the root attribute `kikan_schema` of a results file. */
#define KIKAN_H5_SCHEMA "kikan-results"
/** Value of the root attribute `kikan_schema` of a checkpoint file. */
#define KIKAN_H5_CHECKPOINT_SCHEMA "kikan-checkpoint"
/** The layout version this build writes; the reader accepts 1..this. */
#define KIKAN_H5_SCHEMA_VERSION 1

/**
 * Check, before a run starts, that `path` can be written: its directory
 * exists, is a directory and is writable, and `path` itself is not a
 * directory. On failure adds one diagnostic ("cannot write 'X': directory
 * 'D' does not exist", "... is not writable", ...) and returns KIKAN_EINPUT.
 * O(1) system calls.
 */
kikan_error_t kikan_h5_check_writable(kikan_ctx_t *ctx, const char *path);

/**
 * Write a results file atomically.
 *
 * @param ctx   logging and diagnostics
 * @param path  final file name; written first as `path.tmp.XXXXXX` in the same
 *              directory, synced and renamed over `path`
 * @param res   results; provenance strings may be NULL (written as ""); the
 *              statistics (st_*, curve_*) are written when present (non-NULL)
 * @param world the network, written under /network; may be NULL (no /network)
 * @param scen  the scenario; may be NULL. Fills provenance fields that `res`
 *              leaves NULL (scenario name, path, text) and adds description,
 *              horizon and step.
 * @return KIKAN_OK; KIKAN_EINVAL for NULL ctx/path/res or sizes < 1;
 *         KIKAN_EINPUT when the directory is not writable (with a diagnostic);
 *         KIKAN_EHDF5 / KIKAN_EIO when writing fails (the temporary file is
 *         removed and an existing file at `path` is left untouched);
 *         KIKAN_ENOMEM.
 * Time and memory: O(size of res + size of world); copies only the network
 * tables, the big arrays are written straight from `res`.
 */
kikan_error_t kikan_h5_write(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                             const kikan_world_t *world, const kikan_scenario_t *scen);

/**
 * Read a results file written by kikan_h5_write: provenance, dimensions,
 * labels, every per-replicate array, the curves and (when present) the
 * statistics. The network tables are not read (kikan_results_t has no place
 * for them).
 *
 * @param out receives a new kikan_results_t (free with kikan_results_free)
 * @return KIKAN_OK; KIKAN_EIO (with a diagnostic) when the file cannot be
 *         opened; KIKAN_EFORMAT (with a diagnostic naming the file and what is
 *         wrong) for a file that is not HDF5, an HDF5 file without the
 *         `kikan_schema` attribute, a checkpoint, a newer schema_version, or a
 *         dataset of the wrong shape or type; KIKAN_ENOMEM. Never crashes on
 *         foreign files; HDF5's own error printing is silenced meanwhile.
 */
kikan_error_t kikan_h5_read(kikan_ctx_t *ctx, const char *path, kikan_results_t **out);

/**
 * Checkpoints for resumable runs. Replicates are grouped in blocks of
 * `block_size` (block b holds replicates [b*block_size, (b+1)*block_size) ∩
 * [0, R)); n_blocks = ceil(R / block_size). `done[b]` is 1 when block b is
 * complete in every what-if.
 *
 * kikan_h5_checkpoint_write writes a file with root `kikan_schema =
 * "kikan-checkpoint"`: /provenance, /replicates and /timeseries/customers_off
 * as in a results file, plus /checkpoint (attributes block_size, n_blocks;
 * dataset `completed` [n_blocks] uint8). Atomic like kikan_h5_write.
 * Errors: KIKAN_EINVAL for block_size < 1 or NULL arguments, else as
 * kikan_h5_write. O(size of res).
 */
kikan_error_t kikan_h5_checkpoint_write(kikan_ctx_t *ctx, const char *path,
                                        const kikan_results_t *res, int64_t block_size,
                                        const uint8_t *done);

/**
 * Resume from a checkpoint: `res` is the new run's results, already sized
 * and carrying its provenance. The checkpoint must match it (sizes, block
 * size, seed, what-if and sector names, grid, scenario text), else
 * KIKAN_EINPUT with a diagnostic saying what differs. On success the
 * per-replicate slots of every completed block are copied into `res` and
 * `done[0..n_blocks)` is set from the checkpoint; other slots are untouched.
 * Other errors as kikan_h5_read. O(size of res).
 */
kikan_error_t kikan_h5_checkpoint_read(kikan_ctx_t *ctx, const char *path, kikan_results_t *res,
                                       int64_t block_size, uint8_t *done);

/**
 * Write the CSV summaries into directory `dir` (which must exist), each file
 * written atomically:
 *  - sectors.csv: whatif, sector, unit, customer_hours mean/sd/ci_lo/ci_hi/q05/q95,
 *    peak_customers mean/ci_lo/ci_hi/q95, life_weighted mean/ci_lo/ci_hi,
 *    then the mean number of operators affected per size class;
 *  - whatifs.csv: whatif, econ_loss mean/ci_lo/ci_hi/q05/q95, implants mean;
 *  - curves.csv: long format whatif, sector, hours, mean, q05, q50, q95.
 * Numbers are printed with %.17g (exact round trip); NaN is an empty field;
 * text fields are quoted per RFC 4180 when needed.
 * @return KIKAN_EINVAL when `res` has no statistics (run
 *         kikan_results_summarize first); KIKAN_EINPUT when `dir` is not a
 *         writable directory; KIKAN_EIO on a write error. O(W·S·G + W·R·S).
 */
kikan_error_t kikan_csv_write_summary(kikan_ctx_t *ctx, const char *dir,
                                      const kikan_results_t *res);

/**
 * Print one JSON object summarising `res` to `out`: kikan version, summary
 * schema, scenario name and path, seed, replicates, synthetic flag, grid,
 * and per what-if (with econ_loss statistics) per sector the headline
 * statistics of customer-hours, peak customers and life-weighted
 * customer-hours. Strings are escaped per RFC 8259, numbers use %.17g,
 * NaN and infinities are null.
 * @return KIKAN_EINVAL when `res` has no statistics; KIKAN_EIO on a write
 *         error. O(W·S).
 */
kikan_error_t kikan_json_write_summary(FILE *out, const kikan_results_t *res);

#ifdef __cplusplus
}
#endif
#endif
