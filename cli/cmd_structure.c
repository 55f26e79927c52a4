/*
 * `kikan structure SCENARIO`: the structural screening of the scenario's
 * world (include/kikan/structure.h) — single points of failure, operators,
 * thin redundancy, betweenness, articulation points, strongly connected
 * blocks — compared with a screening scope, as tables, one JSON object, a
 * CSV file or an HDF5 results file.
 *
 * DESIGN: the comparison scope is the scenario's screening rules in force
 * (cheap: no simulation), or with --scope FILE.h5 the recommended thresholds
 * of a `kikan scope -o FILE.h5` results file. Running the scope analysis here
 * would take minutes on the built-in network; the structure itself takes
 * seconds, so the two stay separate commands joined by the file.
 * -o FILE.csv writes the SPOF table; -o FILE.json the JSON object; -o FILE.h5
 * (any other name) a results file: the scenario's ensemble (as `kikan run`,
 * which costs the scenario's replicates) plus /structure, so `kikan report`
 * shows the single points of failure next to the impacts.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include "kikan/output.h"
#include "kikan/structure_io.h"
#include "commands.h"

static const char *const CMD = "structure";

static void usage(FILE *f)
{
    fputs("usage: kikan structure SCENARIO [-o FILE] [--json] [--top N] [--scope FILE.h5]\n"
          "                       [--quiet]\n"
          "\n"
          "Structural screening of the scenario's dependency graph, before any Monte Carlo:\n"
          "single points of failure (dominator tree of the essential, k = n, dependencies)\n"
          "ranked by the customers depending on them alone, with what a k-of-n cascade cuts\n"
          "off with them; operators; thin redundancy (n = k + 1); betweenness and\n"
          "articulation points; strongly connected blocks (power <-> telecom loops); and\n"
          "which single points of failure the screening scope leaves unregulated.\n"
          "\n"
          "  -o FILE          FILE.csv: the single points of failure; FILE.json: the JSON\n"
          "                   object; FILE.h5 (or .hdf5): an HDF5 results file: the\n"
          "                   scenario's ensemble (as kikan run) plus /structure;\n"
          "                   another extension is refused before the analysis\n"
          "  --json           print one JSON object instead of the tables\n"
          "  --top N          rows per table (default 20)\n"
          "  --scope FILE.h5  compare with the recommended scope of a `kikan scope -o`\n"
          "                   results file (default: the scenario's screening rules)\n"
          "  --quiet          no progress or summary lines on stderr\n",
          f);
}

/* The scenario's ensemble (its replicates, seed, screening; as `kikan run`) plus /structure. */
static kikan_error_t write_h5(kikan_ctx_t *ctx, const char *path, const kikan_model_t *m,
                              const kikan_scenario_t *sc, const kikan_world_t *world,
                              const kikan_structure_t *st)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *res = NULL;
    KIKAN_CHECK(kikan_cli_run_scenario(ctx, m, sc, &res));
    KIKAN_CHECK(kikan_h5_write_structure(ctx, path, st, res, world, sc));
cleanup:
    kikan_results_free(&res);
    return err;
}

typedef struct {
    const char *path, *out_path, *scope_path;
    int json, quiet;
    int64_t top;
} structure_opts_t;

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, structure_opts_t *o)
{
    o->top = 20;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = 1;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((o->out_path = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--scope") == 0) {
            if ((o->scope_path = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--top") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_int64(CMD, a, v, &o->top)) {
                return KIKAN_EXIT_USAGE;
            }
            if (o->top < 1 || o->top > INT32_MAX) {
                fprintf(stderr, "kikan structure: --top: expected a positive count, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option(CMD, a, usage);
        } else if (o->path == NULL) {
            o->path = a;
        } else {
            fprintf(stderr, "kikan structure: one scenario expected, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (o->path == NULL) {
        fputs("kikan structure: missing SCENARIO\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    return -1;
}

/*
 * The scope the single points of failure are compared with: the recommended
 * scope of a --scope file, else the scenario's screening rules when on (else
 * none). Fills opt->op_regulated (into reg) and opt->regulated_source (a
 * static text or *source, which the caller frees). Returns -1 to go on, an
 * exit code for a file without a scope analysis, or KIKAN_EXIT_FAILURE with
 * *err set.
 */
static int comparison_scope(kikan_ctx_t *ctx, const structure_opts_t *o, const kikan_scenario_t *sc,
                            const kikan_world_t *world, const kikan_model_t *m, uint8_t *reg,
                            uint8_t *cls, kikan_structure_options_t *opt, char **source,
                            kikan_error_t *err)
{
    kikan_scope_result_t *scope = NULL;
    int rc = -1;
    if (o->scope_path != NULL) {
        if ((*err = kikan_h5_read_scope(ctx, o->scope_path, &scope)) != KIKAN_OK) {
            goto fail;
        }
        if (scope == NULL) {
            fprintf(stderr,
                    "kikan structure: %s: no scope analysis in this file (write one with "
                    "kikan scope SCENARIO -o FILE.h5)\n",
                    o->scope_path);
            rc = KIKAN_EXIT_USAGE;
            goto done;
        }
        /* the scenario the file's scope was made on (its /provenance), when it names one */
        const char *theirs = kikan_scope_result_scenario(scope);
        const char *ours = sc->name != NULL ? sc->name : "";
        const int other = theirs[0] != '\0' && strcmp(theirs, ours) != 0;
        if ((*err = kikan_structure_regulated_from_scope(ctx, world, scope, reg)) != KIKAN_OK) {
            if (*err == KIKAN_EINPUT && other) { /* the library's message cannot name the file */
                kikan_diag_add(ctx,
                               "%s: its scope analysis is of scenario '%s', not of '%s', and "
                               "that scenario's world differs (run kikan scope on this scenario)",
                               o->scope_path, theirs, ours);
            } else if (*err == KIKAN_EINPUT) {
                kikan_diag_add(ctx,
                               "%s: its scope analysis is of another scenario's world (run "
                               "kikan scope on this scenario)",
                               o->scope_path);
            }
            goto fail;
        }
        if (other) { /* the same operators, so comparable; but say so (even with --quiet) */
            fprintf(stderr,
                    "kikan structure: warning: %s: its scope analysis is of scenario '%s', not "
                    "of '%s'; its recommendation is compared by operator id\n",
                    o->scope_path, theirs, ours);
        }
        const char *pre = "the recommended scope of ";
        if ((*source = malloc(strlen(pre) + strlen(o->scope_path) + 1)) == NULL) {
            *err = KIKAN_ENOMEM;
            goto fail;
        }
        strcpy(*source, pre);
        strcat(*source, o->scope_path);
        opt->op_regulated = reg;
        opt->regulated_source = *source;
    } else if (sc->screening.enabled) {
        kikan_policy_t policy;
        if ((*err = kikan_policy_from_scenario(m, sc, reg, cls, &policy)) != KIKAN_OK) {
            goto fail;
        }
        opt->op_regulated = reg;
        opt->regulated_source = "the scenario's screening rules";
    }
    goto done;
fail:
    rc = KIKAN_EXIT_FAILURE;
done:
    kikan_scope_result_free(&scope);
    return rc;
}

/* The tables or JSON on standard output, then the -o file in its format (fmt). */
static kikan_error_t write_outputs(kikan_ctx_t *ctx, const structure_opts_t *o, int fmt,
                                   const kikan_scenario_t *sc, const kikan_world_t *world,
                                   const kikan_model_t *m, const kikan_structure_t *st)
{
    const int top = (int)o->top;
    kikan_error_t err = o->json ? kikan_structure_json_write(stdout, world, sc, st, top)
                                : kikan_structure_print(stdout, world, sc, st, top);
    if (err != KIKAN_OK || o->out_path == NULL) {
        return err;
    }
    if (fmt == KIKAN_OUT_CSV) {
        return kikan_structure_csv_write(ctx, o->out_path, world, sc, st);
    } else if (fmt == KIKAN_OUT_JSON) {
        return kikan_structure_json_file(ctx, o->out_path, world, sc, st, top);
    }
    return write_h5(ctx, o->out_path, m, sc, world, st);
}

int kikan_cmd_structure(int argc, char **argv)
{
    structure_opts_t o = {0};
    int rc = parse(argc, argv, &o);
    if (rc >= 0) {
        return rc;
    }
    rc = KIKAN_EXIT_OK;
    const int fmt =
        o.out_path != NULL
            ? kikan_cli_out_format(CMD, o.out_path, KIKAN_OUT_HDF5 | KIKAN_OUT_CSV | KIKAN_OUT_JSON)
            : 0;
    if (o.out_path != NULL && fmt == 0) {
        return KIKAN_EXIT_USAGE;
    }
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *world = NULL;
    kikan_model_t *m = NULL;
    kikan_structure_t *st = NULL;
    uint8_t *reg = NULL, *cls = NULL;
    double *people = NULL;
    char *source = NULL;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        return kikan_cli_report_error(CMD, NULL, err);
    }
    kikan_ctx_set_quiet(ctx, o.quiet || o.json);
    /* refuse an unwritable output before spending time on the analysis */
    if (o.out_path != NULL && (err = kikan_h5_check_writable(ctx, o.out_path)) != KIKAN_OK) {
        goto fail;
    }
    if ((err = kikan_scenario_load(ctx, o.path, &sc, &world)) != KIKAN_OK ||
        (err = kikan_model_compile(ctx, world, sc, &m)) != KIKAN_OK) {
        goto fail;
    }
    const double t0 = omp_get_wtime();
    const kikan_id_t n_ops = kikan_model_n_operators(m);
    /* impact in people: each sector's customers times its people per customer */
    const kikan_id_t n_sec = kikan_world_n_sectors(world);
    if ((reg = calloc((size_t)n_ops + 1, 1)) == NULL ||
        (cls = calloc((size_t)kikan_model_n_classes(m) + 1, 1)) == NULL ||
        (people = malloc(((size_t)n_sec + 1) * sizeof(double))) == NULL) {
        err = KIKAN_ENOMEM;
        goto fail;
    }
    for (kikan_id_t s = 0; s < n_sec; s++) {
        people[s] = kikan_world_sector_people(world, s);
    }
    kikan_structure_options_t opt = {people, NULL, NULL};
    rc = comparison_scope(ctx, &o, sc, world, m, reg, cls, &opt, &source, &err);
    if (rc == KIKAN_EXIT_FAILURE) {
        goto fail; /* with err set */
    } else if (rc >= 0) {
        goto done;
    }
    rc = KIKAN_EXIT_OK;
    if ((err = kikan_structure_run(ctx, m, &opt, &st)) != KIKAN_OK) {
        goto fail;
    }
    const double elapsed = omp_get_wtime() - t0; /* the analysis, not the -o file's ensemble */
    if ((err = write_outputs(ctx, &o, fmt, sc, world, m, st)) != KIKAN_OK) {
        goto fail;
    }
    if (!o.quiet) {
        fprintf(stderr, "kikan structure: %d assets analysed in %.2f s%s%s\n",
                (int)kikan_world_n_assets(world), elapsed, o.out_path ? ", written to " : "",
                o.out_path ? o.out_path : "");
    }
    goto done;
fail:
    rc = kikan_cli_report_error(CMD, ctx, err);
done:
    free(source);
    free(people);
    free(reg);
    free(cls);
    kikan_structure_free(&st);
    kikan_model_free(&m);
    kikan_world_free(&world);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
    return rc;
}
