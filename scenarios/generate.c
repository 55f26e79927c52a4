/*
 * The generator dispatcher: from a generator's name to its function. See
 * include/kikan/generate.h.
 *
 * DESIGN: kikan_gen_japan lives in scenarios/gen_japan.c, written apart; the
 * fallback below lets the library link (and say plainly that the generator
 * is missing) until that file is part of the build. It is compiled only when
 * gen_japan.c is absent: libkikan is a static archive, and a linker that
 * already holds a weak definition does not pull an archive member for the
 * strong one, so "weak" alone would silently keep the fallback. It is also
 * weak, for a stale object left over from an incremental build.
 */
#include <math.h>
#include <string.h>
#include "kikan/generate.h"

static const char *const generator_names[] = {"japan"};
enum { N_GENERATORS = sizeof(generator_names) / sizeof(generator_names[0]) };

#if !__has_include("scenarios/gen_japan.c")
__attribute__((weak)) kikan_error_t kikan_gen_japan(kikan_ctx_t *ctx, uint64_t seed, double scale,
                                                    kikan_world_t **world)
{
    (void)seed;
    (void)scale;
    (void)world;
    kikan_diag_add(ctx, "generator 'japan' is not built in this version");
    return KIKAN_EINPUT;
}
#endif

const char *kikan_generator_name(int i)
{
    return i >= 0 && i < N_GENERATORS ? generator_names[i] : NULL;
}

kikan_error_t kikan_generate_world(kikan_ctx_t *ctx, const char *name, uint64_t seed, double scale,
                                   kikan_world_t **world)
{
    if (ctx == NULL || name == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    *world = NULL;
    if (!isfinite(scale) || scale <= 0) {
        kikan_diag_add(ctx, "generator '%s': scale must be a finite number > 0, got %g", name,
                       scale);
        return KIKAN_EINPUT;
    }
    if (strcmp(name, "japan") == 0) {
        return kikan_gen_japan(ctx, seed, scale, world);
    }
    kikan_diag_add(ctx, "unknown generator '%s' (built in: japan)", name);
    return KIKAN_EINPUT;
}
