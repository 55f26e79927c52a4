/*
 * TEMPORARY (delete at merge): weak fallbacks for the scenario loader, so that
 * the CLI links on branch wip/scope before scenarios/scenario.c lands. The
 * loader's strong definitions replace these; these never pretend to load.
 */
#include <stdio.h>
#include "kikan/scenario.h"

__attribute__((weak)) kikan_error_t kikan_scenario_load(kikan_ctx_t *ctx, const char *path,
                                                        kikan_scenario_t **scenario,
                                                        kikan_world_t **world)
{
    (void)ctx;
    (void)scenario;
    (void)world;
    fprintf(stderr, "%s: scenario loader not built\n", path != NULL ? path : "(null)");
    return KIKAN_EINPUT;
}

__attribute__((weak)) void kikan_scenario_free(kikan_scenario_t **scenario)
{
    if (scenario != NULL) {
        *scenario = NULL;
    }
}
