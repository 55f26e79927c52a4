/*
 * kikan — built-in network generators (worlds made from parameters instead of
 * CSV tables: the Japan-like six-sector network) and the CSV table writer,
 * which turns any world into the tables of docs/scenario-format.md.
 *
 * DESIGN: a scenario names a generator ("network: generator: japan"); the
 * loader calls kikan_generate_world, which dispatches by name. Generators are
 * deterministic functions of (seed, scale): the same arguments give the same
 * world on every machine. The worlds they return are finalized.
 */
#ifndef KIKAN_GENERATE_H
#define KIKAN_GENERATE_H

#include <stdint.h>
#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/**
 * Build the world of generator `name` with `seed` and `scale` (asset
 * granularity multiplier, > 0 and finite). On success the caller owns *world
 * (finalized). Errors: KIKAN_EINPUT with a diagnostic for an unknown name, a
 * bad scale, or a generator not built in this version; KIKAN_EINVAL for NULL
 * arguments; whatever the generator returns (KIKAN_ENOMEM...). *world stays
 * NULL on failure. Cost: that of the generator.
 */
kikan_error_t kikan_generate_world(kikan_ctx_t *ctx, const char *name, uint64_t seed, double scale,
                                   kikan_world_t **world);

/**
 * The i-th built-in generator name (i = 0, 1, ...), NULL past the last one:
 * for listings and did-you-mean suggestions.
 */
const char *kikan_generator_name(int i);

/**
 * Build the synthetic Japan-like six-sector network (scenarios/gen_japan.c,
 * figures and sources in scenarios/japan/PARAMETERS.md).
 *
 * @param ctx   context (diagnostics, allocation)
 * @param seed  any 64-bit value; the same seed and scale give the same world
 * @param scale asset granularity multiplier (> 0, <= 2000): the number of
 *              substations, base-station clusters, exchanges, line sections
 *              and bank branches per prefecture is multiplied by it
 * @param world out: a new, not yet finalized world owned by the caller
 *              (NULL on error)
 * @return KIKAN_EINVAL (with a diagnostic for the scale) for a bad scale or
 *         NULL pointers; KIKAN_ENOMEM / KIKAN_ELIMIT from the world builders.
 * Complexity: O(assets) time and memory: about 3.1e4 assets at scale 1, 1e7 at
 * scale 368 (about 300 bytes of world per asset, with its dependencies).
 */
kikan_error_t kikan_gen_japan(kikan_ctx_t *ctx, uint64_t seed, double scale, kikan_world_t **world);

/**
 * Write world `w` as the CSV tables of docs/scenario-format.md into directory
 * `dir` (created if missing; existing table files are overwritten): sectors,
 * operators (one column per metric), assets, dependencies, links, vendors,
 * equipment_classes, contractors, installations. Rows in table order, numbers
 * in their shortest round-trip form, fields quoted per RFC 4180 where needed:
 * the same world always gives the same bytes.
 * @return KIKAN_EIO (logged) when a file cannot be written.
 * Complexity: O(size of the world).
 */
kikan_error_t kikan_world_write_csv(kikan_ctx_t *ctx, const kikan_world_t *w, const char *dir);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
