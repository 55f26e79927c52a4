/*
 * kikan — built-in network generators: worlds made from parameters instead of
 * CSV tables (the Japan-like six-sector network; research networks later).
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
 * The Japan-like six-sector network (scenarios/gen_japan.c): sectors,
 * operators with size metrics, assets, dependencies, supply chain, anchored
 * on the public figures of the design's DATA.md; synthetic.
 */
kikan_error_t kikan_gen_japan(kikan_ctx_t *ctx, uint64_t seed, double scale, kikan_world_t **world);

#ifdef __cplusplus
}
#endif
#endif
