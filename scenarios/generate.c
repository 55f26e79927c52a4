/*
 * The generator dispatcher: from a generator's name to its function. See
 * include/kikan/generate.h.
 *
 * DESIGN: generators build a world through the builders and leave it open;
 * the dispatcher finalizes it, so a generated world passes the same checks
 * as one loaded from tables.
 */
#include <math.h>
#include <string.h>
#include "kikan/generate.h"

static const char *const generator_names[] = {"japan"};
enum { N_GENERATORS = sizeof(generator_names) / sizeof(generator_names[0]) };

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
        kikan_error_t err = kikan_gen_japan(ctx, seed, scale, world);
        if (err == KIKAN_OK) {
            err = kikan_world_finalize(*world);
        }
        if (err != KIKAN_OK) {
            kikan_world_free(world);
        }
        return err;
    }
    kikan_diag_add(ctx, "unknown generator '%s' (built in: japan)", name);
    return KIKAN_EINPUT;
}
