/*
 * kikan validate SCENARIO: load a scenario and its world with every check a
 * run makes, print a one-line summary (exit 0) or every problem found, one
 * per line (exit 2). Runs nothing.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include "kikan/kikan.h"
#include "commands.h"

static void help(FILE *out)
{
    fprintf(out, "usage: kikan validate [--help] SCENARIO.yaml\n\n"
                 "Check a scenario and the network it names (CSV tables or a built-in generator)\n"
                 "without running it: every key, type, range and reference. On success print\n"
                 "  FILE: ok: S sectors, O operators, A assets, D dependencies, W what-ifs, R "
                 "replicates\n"
                 "and exit 0; otherwise print every problem as FILE:LINE:COL: message (YAML) or\n"
                 "FILE:LINE: column: message (CSV), one per line, and exit 2.\n"
                 "The format is described in docs/scenario-format.md.\n");
}

int kikan_cmd_validate(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (kikan_cli_is_help(argv[i])) {
            help(stdout);
            return KIKAN_EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return kikan_cli_unknown_option("validate", argv[i], help);
        }
        if (path != NULL) {
            fprintf(stderr, "kikan validate: one scenario at a time ('%s' and '%s')\n", path,
                    argv[i]);
            return KIKAN_EXIT_USAGE;
        }
        path = argv[i];
    }
    if (path == NULL) {
        fprintf(stderr, "kikan validate: missing the scenario file\n");
        help(stderr);
        return KIKAN_EXIT_USAGE;
    }
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        return kikan_cli_report_error("validate", NULL, err);
    }
    err = kikan_scenario_load(ctx, path, &s, &w);
    if (err == KIKAN_OK) {
        /* what `run` checks when it compiles the world, validate checks too */
        err = kikan_model_compile(ctx, w, s, &m);
    }
    int code = KIKAN_EXIT_OK;
    if (err != KIKAN_OK) {
        code = kikan_cli_report_error("validate", ctx, err);
    } else {
        printf("%s: ok: %d sectors, %d operators, %d assets, %d dependencies, %d what-ifs, "
               "%" PRId64 " replicates\n",
               path, (int)kikan_world_n_sectors(w), (int)kikan_world_n_operators(w),
               (int)kikan_world_n_assets(w), (int)kikan_world_n_dependencies(w), s->n_whatifs,
               s->replicates);
    }
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return code;
}
