/*
 * kikan — the structural screening's outputs (include/kikan/structure.h has
 * the analysis): readable tables, JSON, CSV, the /structure group of a
 * results file and its reader, and the report with a "Single points of
 * failure" section. Every output names kikan's version, the scenario and its
 * seed, and the unit of its figures ("people" or "customers").
 */
#ifndef KIKAN_STRUCTURE_IO_H
#define KIKAN_STRUCTURE_IO_H

#include <stdint.h>
#include <stdio.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/output.h"
#include "kikan/scenario.h"
#include "kikan/structure.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/**
 * Readable tables (top `top` SPOFs, operators, thin redundancy, betweenness,
 * blocks, scope comparison) with the scenario name and seed in the header.
 * KIKAN_EIO on a write error.
 */
kikan_error_t kikan_structure_print(FILE *f, const kikan_world_t *w, const kikan_scenario_t *sc,
                                    const kikan_structure_t *s, int top);

/** One JSON object (kikan version, scenario, seed, unit, the tables, top `top` of each list). */
kikan_error_t kikan_structure_json_write(FILE *f, const kikan_world_t *w,
                                         const kikan_scenario_t *sc, const kikan_structure_t *s,
                                         int top);

/**
 * The per-asset table as CSV (one row per SPOF, ranked, then nothing else),
 * opening with a comment line naming kikan's version, the scenario and the
 * seed; written atomically to `path`. KIKAN_EINPUT (unwritable directory,
 * with a diagnostic), KIKAN_EIO.
 */
kikan_error_t kikan_structure_csv_write(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                                        const kikan_scenario_t *sc, const kikan_structure_t *s);

/** The JSON object of kikan_structure_json_write written atomically to `path`. */
kikan_error_t kikan_structure_json_file(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                                        const kikan_scenario_t *sc, const kikan_structure_t *s,
                                        int top);

/**
 * The operators a scope result's recommendation regulates (a result read
 * from a file with kikan_h5_read_scope, or kikan_scope_run's), into reg
 * [n_operators]: its /scope/regulated rows marked recommended, by
 * operator id (KIKAN_EINPUT with a diagnostic for an id the world lacks).
 * A result without such rows (kikan_h5_read_scope refuses a file that
 * lacks the /scope/regulated table; a frontier that regulates nobody has
 * none) falls back to the criteria: an operator is regulated when it is in a criterion's sector and
 * its metric is given and >= the recommended threshold (the rule of
 * kikan_policy_from_scenario); KIKAN_EINPUT when a criterion names a sector
 * or metric the world does not have; KIKAN_EINVAL for NULL or a result without
 * names (options.recommend_only). O(rows + criteria x operators).
 */
kikan_error_t kikan_structure_regulated_from_scope(kikan_ctx_t *ctx, const kikan_world_t *w,
                                                   const kikan_scope_result_t *scope, uint8_t *reg);

/* ---- HDF5: /structure ------------------------------------------------------------------- */

/** A row of /structure/spof (docs/hdf5-schema.md). */
typedef struct {
    int32_t rank;
    char *asset, *kind, *operator_id, *sector, *unit, *size_class;
    int32_t sme;
    double alone;
    int32_t alone_assets;
    double cut_off;
    int32_t cut_off_assets;
    double betweenness;
    int32_t articulation;
    int32_t regulated; /* 1, 0, or -1 when no scope was compared */
} kikan_h5_spof_t;

/** /structure read back; every string owned. */
typedef struct kikan_h5_structure {
    char *unit, *compared_with; /* compared_with "" when none */
    int32_t n_spof, n_thin_groups, n_articulation, n_blocks, spof_unregulated;
    double spof_unregulated_alone;
    int n_rows;
    kikan_h5_spof_t *spof; /* [n_rows] in rank order */
} kikan_h5_structure_t;

/**
 * Write a results file (exactly as kikan_h5_write, atomically) with the
 * usual empty /scope and a /structure group holding `st`'s counts and its
 * ranked single points of failure. Errors as kikan_h5_write; KIKAN_EINVAL
 * for NULL st or world. O(size of res + world + SPOFs).
 */
kikan_error_t kikan_h5_write_structure(kikan_ctx_t *ctx, const char *path,
                                       const kikan_structure_t *st, const kikan_results_t *res,
                                       const kikan_world_t *world, const kikan_scenario_t *scen);

/**
 * Read /structure of a results file; *out NULL when the file has none.
 * KIKAN_EINPUT (with a diagnostic: no such file), KIKAN_EFORMAT (with a
 * diagnostic: not a kikan results file, truncated or damaged, a missing
 * attribute or field), KIKAN_ENOMEM.
 */
kikan_error_t kikan_h5_read_structure(kikan_ctx_t *ctx, const char *path,
                                      kikan_h5_structure_t **out);

/** Free what kikan_h5_read_structure returned; accepts NULL, clears the pointer. */
void kikan_h5_structure_free(kikan_h5_structure_t **s);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
