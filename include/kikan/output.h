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
#include "kikan/scope.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** Value of the root attribute `kikan_schema` of a results file. */
#define KIKAN_H5_SCHEMA "kikan-results"
/** Value of the root attribute `kikan_schema` of a checkpoint file. */
#define KIKAN_H5_CHECKPOINT_SCHEMA "kikan-checkpoint"
/** The layout version this build writes; the reader accepts 1..this. */
#define KIKAN_H5_SCHEMA_VERSION 2

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
 * atomically and the set together (every file is staged and synced before
 * any is renamed, so a failed write leaves the directory's earlier tables):
 *  - sectors.csv: whatif, sector, unit, customer_hours mean/sd/ci_lo/ci_hi/q05/q95,
 *    peak_customers mean/ci_lo/ci_hi/q95, life_weighted mean/ci_lo/ci_hi,
 *    then the mean number of operators affected per size class;
 *  - whatifs.csv: whatif, econ_loss mean/ci_lo/ci_hi/q05/q95, implants mean;
 *  - curves.csv: long format whatif, sector, hours, mean, q05, q50, q95;
 *  - replicates.csv: whatif, replicate, sector and each measure of that replicate;
 *  - whatif_replicates.csv: whatif, replicate, econ_loss, implants, records_exposed;
 *  - regions.csv (when the results have regions): whatif, region, prefecture,
 *    person_hours and peak_people mean/sd/q05/q50/q95;
 *  - operators.csv, vendors.csv (the attribution, when complete);
 *  - provenance.json: kikan version, scenario, seed, replicates, times, and
 *    each table's columns with their units.
 * The first line of each CSV is its header (no comment lines). Numbers are printed with %.17g
 * (exact round trip); NaN is an empty field; text fields are quoted per RFC 4180 when needed.
 * @return KIKAN_EINVAL when `res` has no statistics (run
 *         kikan_results_summarize first); KIKAN_EINPUT when `dir` is not a
 *         writable directory; KIKAN_EIO on a write error. O(W·S·G + W·R·S).
 */
kikan_error_t kikan_csv_write_summary(kikan_ctx_t *ctx, const char *dir,
                                      const kikan_results_t *res);
/**
 * Write one of the run tables of kikan_csv_write_summary ("sectors" when
 * `table` is NULL; "whatifs", "curves", "replicates", "whatif_replicates",
 * "regions", "operators", "vendors") to `path` with the same columns,
 * and its provenance beside it (FILE.csv -> FILE.provenance.json), the two
 * replaced together as kikan_csv_write_summary's set.
 * KIKAN_EINVAL (no statistics, unknown table or one these results lack),
 * KIKAN_EINPUT (directory not writable), KIKAN_EIO.
 */
kikan_error_t kikan_csv_write_table(kikan_ctx_t *ctx, const char *path, const char *table,
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

/* ---- scope analysis as text and JSON (output/scope_out.c) ---------------------------- */

/**
 * Write the result as one JSON object (frontier, recommended, small_but_critical,
 * classes, criteria, simulations...) with names from `w`. NaN is written as null.
 * KIKAN_EINVAL on NULL arguments or a result read from a file (these writers
 * need the world rows of kikan_scope_run's result; kikan_report_write renders
 * either), KIKAN_EIO on a write error.
 */
kikan_error_t kikan_scope_json_write(FILE *f, const kikan_world_t *w,
                                     const kikan_scope_result_t *r);

/** Print the readable tables (sweeps, frontier, recommendation, flags, classes). KIKAN_EINVAL
 *  as kikan_scope_json_write. */
kikan_error_t kikan_scope_print(FILE *f, const kikan_world_t *w, const kikan_scope_result_t *r);

/**
 * Write kikan_scope_json_write's object to `path` atomically (a temporary file
 * in the same directory, renamed over `path` when complete): a failed write
 * leaves an existing `path` as it was. KIKAN_EINVAL on NULL arguments,
 * KIKAN_EINPUT (directory missing or not writable), KIKAN_EIO (write error),
 * each with a diagnostic naming `path`. O(size of the result).
 */
kikan_error_t kikan_scope_json_write_file(kikan_ctx_t *ctx, const char *path,
                                          const kikan_world_t *w, const kikan_scope_result_t *r);

/**
 * Write the scope analysis's tables as CSV into directory `dir` (which must
 * exist), each file atomically and the set together (every file is staged
 * and synced before any is renamed), with the run tables' writer and column
 * convention (kikan_csv_write_summary: the header first, no comment lines,
 * %.17g numbers, NaN empty, RFC 4180 quoting):
 *  - frontier.csv: one row per frontier point (point, operators and SMEs
 *    regulated, burden, cost, impact removed mean/ci_lo/ci_hi and share, the
 *    greedy estimate, the paired step mean/ci_lo/ci_hi and whether it is
 *    significant, recommended, best, then threshold_SECTOR_METRIC per criterion,
 *    empty when the point regulates none of that sector);
 *  - sweeps.csv: one row per criterion and threshold;
 *  - recommended_operators.csv: the operators regulated at the recommendation;
 *  - frontier_operators.csv: per frontier point the operators it adds;
 *  - small_but_critical.csv, classes.csv;
 *  - worst_case.csv (when the worst case was computed): per point the worst
 *    remaining harm and the attack;
 *  - provenance.json: kikan version, scenario, seed, overrides, measure and
 *    its unit, impact_column (the stem of the impact columns: the measure's
 *    name as the run tables give it, e.g. weighted_person_hours, so
 *    removed_weighted_person_hours_mean), replicates, and each table's columns
 *    with their units.
 * Row counts equal the JSON's arrays. KIKAN_EINVAL (NULL arguments, a result
 * read from a file),
 * KIKAN_EINPUT (dir not a writable directory), KIKAN_ENOMEM, KIKAN_EIO.
 * O(size of the result + operators x frontier points).
 */
kikan_error_t kikan_scope_csv_write(kikan_ctx_t *ctx, const char *dir, const kikan_world_t *w,
                                    const kikan_scope_result_t *r);
/**
 * Write one table of kikan_scope_csv_write ("frontier" when `table` is NULL;
 * "sweeps", "recommended_operators", "frontier_operators",
 * "small_but_critical", "classes", "worst_case") to `path`, same columns,
 * atomically, and its provenance beside it: FILE.csv -> FILE.provenance.json.
 * KIKAN_EINVAL (unknown table, or one this result lacks), else as
 * kikan_scope_csv_write.
 */
kikan_error_t kikan_scope_csv_write_table(kikan_ctx_t *ctx, const char *path, const char *table,
                                          const kikan_world_t *w, const kikan_scope_result_t *r);

/* ---- scope analysis tables (/scope) ---------------------------------------------------- */

/**
 * Write a results file (exactly as kikan_h5_write) whose /scope group holds
 * the scope analysis `scope`: attributes (measure, effectiveness, replicates,
 * simulations, reference impacts, budget, recommended point) and the compound
 * tables criteria, sweep, frontier, frontier_thresholds, regulated,
 * small_but_critical, classes (docs/hdf5-schema.md). Atomic like kikan_h5_write (same machinery).
 *
 * @param scope the analysis, computed on `world` (names come from it)
 * @param world required here (ids of the scope tables are its rows)
 * @return as kikan_h5_write; KIKAN_EINVAL also for a NULL scope or world, or a
 *         scope read from a file (kikan_scope_result_from_file).
 * Time and memory: O(size of res + world + scope tables).
 */
kikan_error_t kikan_h5_write_scope(kikan_ctx_t *ctx, const char *path,
                                   const kikan_scope_result_t *scope, const kikan_results_t *res,
                                   const kikan_world_t *world, const kikan_scenario_t *scen);

/**
 * Read the /scope group of a results file back into a scope result: the
 * dimensions, reference points, frontier points, recommended thresholds and
 * the named tables, readable with the kikan_scope_result_* accessors of
 * kikan/scope.h (a file holds ids and names, not world rows: see
 * kikan_scope_result_from_file for what such a result lacks). The scenario's
 * name comes from /provenance.
 * @param out receives a new result (kikan_scope_result_free), or NULL
 *            when the file's /scope holds no analysis (written by `kikan run`)
 * @return KIKAN_OK; KIKAN_EINPUT (with a diagnostic) when there is no such
 *         file; KIKAN_EFORMAT (with a diagnostic) for a file that is not a
 *         kikan results file, is truncated or damaged, or has a /scope table
 *         of the wrong type; KIKAN_ENOMEM. O(size of /scope).
 */
kikan_error_t kikan_h5_read_scope(kikan_ctx_t *ctx, const char *path, kikan_scope_result_t **out);

/**
 * Render a self-contained HTML report of a results file (output/report.c):
 * what was run, headline figures with 95% CIs, per-sector timelines, the
 * what-if x sector impact matrix, the scope analysis when /scope holds one
 * (with its sensitivity's tornado chart when /scope/sensitivity does), and
 * the assumptions. Charts are SVG made by gnuplot (`gnuplot` on PATH, or
 * the program named by `gnuplot`) and inlined; every string from the file is
 * HTML-escaped. Written atomically (temporary file + rename).
 *
 * @param res     results read with kikan_h5_read (with statistics)
 * @param scope   the scope analysis (kikan_h5_read_scope, or kikan_scope_run's), or NULL
 * @param gnuplot the gnuplot program, NULL for "gnuplot"
 * @return KIKAN_OK; KIKAN_EINVAL (NULL arguments, results without statistics);
 *         KIKAN_EIO (with a diagnostic) when gnuplot fails or the file cannot
 *         be written; KIKAN_EINPUT when the directory is not writable;
 *         KIKAN_ENOMEM. O(W·S·G) plus one gnuplot run per chart.
 */
kikan_error_t kikan_report_write(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                                 const kikan_scope_result_t *scope, const char *gnuplot);

/* ---- comparing two results files (output/compare.c) -------------------------------------- */

/** One compared figure: a measure of one what-if and sector in results A and B. */
typedef struct {
    const char *whatif;  /* what-if name (in both files) */
    const char *sector;  /* sector id, "" for a what-if-wide measure (econ_loss, implants) */
    const char *measure; /* dataset name under /replicates: customer_hours, peak_customers... */
    const char *units;   /* the dataset's `units` attribute */
    double mean_a, mean_b;
    double diff;         /* mean_b - mean_a */
    double ci_lo, ci_hi; /* 95% confidence interval of diff (NaN with 1 replicate each) */
    double rel;          /* diff / mean_a, NaN when mean_a == 0 */
    int paired;          /* 1: per-replicate differences (same seed and replicate count) */
} kikan_compare_row_t;

typedef struct kikan_compare kikan_compare_t;

/**
 * Compare two results files of the same network: for every what-if and sector
 * both hold, the difference B - A in every per-replicate measure both hold
 * (every numeric dataset of /replicates shaped whatif x replicate [x sector],
 * found by name, so measures added later are compared too), with a 95%
 * confidence interval: paired (Student t on the per-replicate differences)
 * when both runs used the same seed and replicate count, so that replicate r
 * drew the same random numbers in both (common random numbers); else Welch's
 * unpaired interval. Measures with a non-finite value (econ_loss when off) in
 * either file are left out.
 *
 * @return KIKAN_OK; errors of kikan_h5_read; KIKAN_EINPUT (with a diagnostic)
 *         when the files are not of the same network (sector ids, network
 *         table sizes or tables checksum differ) or share no what-if;
 *         KIKAN_ENOMEM. O(W·R·S) per measure; both files are read whole.
 */
kikan_error_t kikan_compare_files(kikan_ctx_t *ctx, const char *path_a, const char *path_b,
                                  kikan_compare_t **out);
/** Number of compared figures, and figure i (0 <= i < n; NULL otherwise). */
int kikan_compare_n_rows(const kikan_compare_t *c);
const kikan_compare_row_t *kikan_compare_row(const kikan_compare_t *c, int i);
/** Print the comparison as text tables (per what-if: measure x sector). KIKAN_EIO on a
 *  write error. */
kikan_error_t kikan_compare_print(FILE *f, const kikan_compare_t *c);
/** One JSON object: both files' provenance, whether paired, what is only in one, the rows. */
kikan_error_t kikan_compare_json(FILE *f, const kikan_compare_t *c);
/** CSV: one header line, one row per figure, provenance in columns; no comment lines. */
kikan_error_t kikan_compare_csv(FILE *f, const kikan_compare_t *c);
/** The report's comparison section (HTML, strings escaped). */
kikan_error_t kikan_compare_html(FILE *f, const kikan_compare_t *c);
/** Free a comparison; accepts NULL, clears the pointer. */
void kikan_compare_free(kikan_compare_t **c);

/** The columns of a validation table: incident, figure, record, model, tolerance, verdict. */
#define KIKAN_VALIDATION_COLS 6

/**
 * A validation table (docs/validation.csv, written and checked by
 * tests/validation/test_incidents.c): recorded incidents against the model,
 * one row per figure; verdict is "within" or "miss".
 */
typedef struct {
    int n_rows;
    char **cells; /* [n_rows * KIKAN_VALIDATION_COLS], row-major, owned */
} kikan_validation_t;

/**
 * Read a validation table from a CSV file with the header
 * incident,figure,record,model,tolerance,verdict (any order; '#' lines are
 * comments). KIKAN_EIO when unreadable; KIKAN_EINPUT (diagnostics
 * "FILE:LINE: ...") for a missing or unknown column, a wrong field count or a
 * verdict other than within/miss; KIKAN_ENOMEM. O(file size).
 */
kikan_error_t kikan_validation_load(kikan_ctx_t *ctx, const char *path, kikan_validation_t **out);
/** Free a validation table; accepts NULL, clears the pointer. */
void kikan_validation_free(kikan_validation_t **v);

struct kikan_h5_structure; /* kikan/structure_io.h */

/** Optional sections of the report; NULL members are left out. */
typedef struct {
    /** "Single points of failure" (top 20) from `kikan structure`. */
    const struct kikan_h5_structure *structure;
    /** "Validation against recorded incidents" (kikan_validation_load). */
    const kikan_validation_t *validation;
    /** A comparison with another results file (kikan_compare_files(this, B)). */
    const kikan_compare_t *compare;
    /**
     * The scope analyses of the same scenario under other measures (`kikan
     * scope --measure ...`; more_scopes[0 .. n_more_scopes), NULL entries
     * skipped): the recommendation under each measure side by side with the
     * file's own, naming the criteria where they disagree.
     */
    const kikan_scope_result_t *const *more_scopes;
    int n_more_scopes;
} kikan_report_extras_t;

/**
 * kikan_report_write with the optional sections of `extras` (NULL: none;
 * kikan_report_write is this with NULL). Same errors and cost.
 */
kikan_error_t kikan_report_write_with(kikan_ctx_t *ctx, const char *path,
                                      const kikan_results_t *res, const kikan_scope_result_t *scope,
                                      const char *gnuplot, const kikan_report_extras_t *extras);

/* ---- a trace that finds the story (output/trace.c) ------------------------------------------ */

/** Which lines of a trace to show: assets of this sector, operator and region (KIKAN_NONE: any). */
typedef struct {
    kikan_id_t sector, op, region;
} kikan_trace_filter_t;

/** A filter that shows everything. */
void kikan_trace_filter_init(kikan_trace_filter_t *f);
/**
 * Parse "sector=ID,operator=ID,region=NAME" (any subset) against the world.
 * KIKAN_EINPUT with one diagnostic per problem ("--trace-filter: unknown
 * sector 'bank' (did you mean 'banking'?)", an unknown key, no '='). O(ids).
 */
kikan_error_t kikan_trace_filter_parse(kikan_ctx_t *ctx, const kikan_world_t *w, const char *spec,
                                       kikan_trace_filter_t *f);

/** kikan_trace_pick: the replicate with the largest / the median total impact. */
enum { KIKAN_TRACE_WORST = -1, KIKAN_TRACE_MEDIAN = -2 };
/**
 * The replicate of what-if w to trace: `which` itself when >= 0, else the
 * replicate whose life-weighted customer-hours summed over sectors are the
 * largest (KIKAN_TRACE_WORST) or the lower median (KIKAN_TRACE_MEDIAN), ties
 * to the lower replicate. -1 when out of memory. O(R log R).
 */
int64_t kikan_trace_pick(const kikan_results_t *res, int w, int which);

/**
 * Render the timeline `raw` (len bytes, as kikan_replicate_trace writes it)
 * for people: each line as written, those that take an asset down or bring
 * it back followed by "| cuts off N UNIT; SECTOR now M cut off"; only the
 * lines of assets that `filter` admits (NULL: all; a count of lines left
 * out follows); then one paragraph "summary (LABEL): ..." - what started it
 * (time, assets hit, the first), how many went down, the three links of the
 * cascade (provider -> dependent) with the most assets down downstream, and
 * when the worst was (the most life-weighted customers cut off, per sector).
 * KIKAN_EINVAL, KIKAN_ENOMEM, KIKAN_EIO on a write error. O(len + A).
 */
kikan_error_t kikan_trace_render(FILE *out, const kikan_world_t *w, const char *raw, size_t len,
                                 const kikan_trace_filter_t *filter, const char *label);

/**
 * The report's number format (kikan_report_write), into buf[n]: "not computed"
 * for NaN; "%.3g trillion/billion/million" from 1e12/1e9/1e6; an integer with
 * thousands separators from 1000 ("12,346"); "%.0f" from 10 (and 0); else
 * "%.2g" ("0.25"). O(1).
 */
void kikan_report_format_number(double x, char *buf, size_t n);

/* ---- regions (output/regions.c) ----------------------------------------------------------- */

/** Japan's prefectures on the report's tile map. */
#define KIKAN_N_PREFECTURES 47
/**
 * The prefecture a region name stands for: its JIS index 0..46 (0 Hokkaido,
 * 46 Okinawa) and its tile's column and row (each may be NULL), or -1.
 * Case-insensitive; a "-ken", "-to", "-fu" or "-do" suffix is ignored
 * ("Tokyo-to", "aichi-ken"). O(47).
 */
int kikan_prefecture_tile(const char *region, int *col, int *row);
/** 1 when the results have regions and their statistics (kikan_results_summarize). */
int kikan_regions_available(const kikan_results_t *res);
/** The `top` regions of each what-if by mean person-hours, with units, to f. KIKAN_EINVAL. */
kikan_error_t kikan_regions_print(FILE *f, const kikan_results_t *res, int top);
/** What-if w's regions as a JSON array (statistics of person_hours and peak_people). */
kikan_error_t kikan_regions_json(FILE *f, const kikan_results_t *res, int w);
/**
 * Inline SVG: the 47-prefecture tile map of what-if w, each tile coloured by
 * its mean person-hours in five classes relative to vmax (none, up to 1%,
 * 10%, 50%, 100%), with a legend in person-hours.
 */
kikan_error_t kikan_regions_svg_map(FILE *f, const kikan_results_t *res, int w, double vmax);
/** Inline SVG: a sorted bar chart of what-if w's `top` regions with a loss that are
 *  prefectures (prefectures = 1) or are not (0). */
kikan_error_t kikan_regions_svg_bars(FILE *f, const kikan_results_t *res, int w, int prefectures,
                                     int top);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
