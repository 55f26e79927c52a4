/*
 * Helpers shared by the scenario loaders (private to scenarios/): text
 * checks, paths, and the CSV table loader.
 */
#ifndef KIKAN_SCENARIOS_LOADER_H
#define KIKAN_SCENARIOS_LOADER_H

#include <stddef.h>
#include "kikan/context.h"
#include "kikan/suggest.h" /* kikan_suggest, used by every loader */
#include "kikan/world.h"
#include "core/strtab.h"

/**
 * Check that buf[0..len) is text: no NUL byte and valid UTF-8 (no overlong
 * forms or surrogates). Returns NULL when it is, else a static description of
 * the first bad byte, and its 1-based line and column (in bytes) in *line, *col.
 */
const char *kikan_text_check(const char *buf, size_t len, int *line, int *col);

/**
 * Read a whole file (at most max bytes) into a NUL-terminated malloc'd buffer.
 * KIKAN_EIO when it cannot be opened or read (errno kept), KIKAN_ELIMIT when
 * larger than max (then *len is the file's size when known - a regular file,
 * refused before any byte is read - else 0), KIKAN_ENOMEM.
 */
kikan_error_t kikan_read_file(const char *path, size_t max, char **buf, size_t *len);

/** The directory part of path ("." when none); malloc'd. */
char *kikan_path_dir(const char *path);
/** rel when absolute or dir is ".", else dir/rel; malloc'd. */
char *kikan_path_join(const char *dir, const char *rel);

/**
 * Load the world from the CSV tables in `dir` (docs/scenario-format.md) and
 * finalize it. Every problem is a diagnostic naming file, line and column;
 * then KIKAN_EINPUT and *world stays NULL. On success the caller owns *world.
 */
kikan_error_t kikan_tables_load(kikan_ctx_t *ctx, const char *dir, kikan_world_t **world);
/**
 * kikan_tables_load with the scenario's population (NaN: not stated): the
 * world gets it (kikan_world_set_population) and the plausibility checks
 * (kikan_world_plausible) run on the tables before the world is finalized,
 * their problems reported with file and line like any other.
 */
kikan_error_t kikan_tables_load_pop(kikan_ctx_t *ctx, const char *dir, double population,
                                    kikan_world_t **world);

/** Where a world's rows came from, for messages (any member may be NULL). */
typedef struct {
    const char *origin; /* named when a row has no file: "generator japan" */
    const char *sectors_file, *operators_file, *assets_file;
    const int *sector_line, *op_line, *asset_line; /* [row] line in the file */
} kikan_rows_t;

/**
 * Plausibility checks (docs/scenario-format.md "Plausibility"): with a stated
 * population (kikan_world_population), no asset may serve, or hold the
 * records of, more people than the population, nor a sector serve more
 * (customers x people_per_customer); without one the bound is
 * KIKAN_PLAUSIBLE_PEOPLE_MAX. An operator's assets may serve at most
 * KIKAN_PLAUSIBLE_METRIC_RATIO times its `customers` or `passengers` metric. One diagnostic per
 * problem
 * ("FILE:LINE: field: ..." when rows has the file); their number in
 * *n_problems. Reads only. KIKAN_ENOMEM. O(assets + operators).
 */
kikan_error_t kikan_world_plausible(kikan_ctx_t *ctx, const kikan_world_t *w,
                                    const kikan_rows_t *rows, int *n_problems);

/*
 * What a table load that found problems still knows: the ids of the rows that
 * did load, so that the scenario's references are checked in the same pass
 * (validation reports everything at once), while a reference to a row already
 * reported, or into a table that could not be read, stays quiet (each problem
 * once).
 */
typedef struct kikan_tables_partial kikan_tables_partial_t;

/**
 * kikan_tables_load_pop, and when it fails with KIKAN_EINPUT, *partial (when
 * not NULL) receives what it still knows (caller frees it with
 * kikan_tables_partial_free); NULL otherwise.
 */
kikan_error_t kikan_tables_load_partial(kikan_ctx_t *ctx, const char *dir, double population,
                                        kikan_world_t **world, kikan_tables_partial_t **partial);
/** The world of the rows that loaded (not finalized: its string tables only). */
const kikan_world_t *kikan_tables_partial_world(const kikan_tables_partial_t *p);
/**
 * Is `id` one of table `ids` (a string table of kikan_tables_partial_world(p))?
 * 1 yes, 0 no (report it), -1 cannot tell (its row was reported, or the table
 * could not be read: stay quiet).
 */
int kikan_tables_partial_has(const kikan_tables_partial_t *p, const kikan_strtab_t *ids,
                             const char *id);
/** Free p (NULL is fine) and clear the pointer. */
void kikan_tables_partial_free(kikan_tables_partial_t **p);

/**
 * Read the A* table at `path` (docs/scenario-format.md "Economics") for the
 * sectors of `w` into astar (n_sectors^2, row-major, sector order). Every
 * problem is a diagnostic "FILE:LINE: COLUMN: message" (or "FILE: ..." for a
 * whole-matrix condition: I - A* singular, spectral radius >= 1) and adds
 * to *problems. KIKAN_ENOMEM only; input problems return KIKAN_OK.
 */
kikan_error_t kikan_astar_load(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                               double *astar, int *problems);

/* The columns of assets.csv, in order, NULL-terminated (scenarios/tables.c): the table
   loader reads them and the GraphML/GML reader writes them, so the two cannot drift apart. */
enum { KIKAN_N_ASSET_COLUMNS = 14 };
extern const char *const kikan_asset_columns[KIKAN_N_ASSET_COLUMNS + 1];

#endif
