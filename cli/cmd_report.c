/*
 * `kikan report RESULTS.h5 [-o REPORT.html]`: one self-contained HTML page
 * from a results file (output/report.c), with the scope analysis when the
 * file holds one (`kikan scope SCENARIO -o FILE.h5`).
 *
 * DESIGN: the command reads (kikan_h5_read, kikan_h5_read_scope) and hands
 * over to the library; a file that is not a kikan results file is bad input
 * (exit 2), a gnuplot or write failure a runtime failure (exit 1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kikan/output.h"
#include "kikan/structure_io.h"
#include "commands.h"

static const char *const CMD = "report";

static void usage(FILE *f)
{
    fputs("usage: kikan report RESULTS.h5 [-o REPORT.html] [--scope FILE.h5]...\n"
          "                    [--validation TABLE.csv] [--compare B.h5] [--gnuplot PROG]\n"
          "                    [--quiet]\n"
          "\n"
          "Write one self-contained HTML page (inline CSS and SVG charts, no network needed\n"
          "to view it) from a kikan results file: what was run, headline figures with their\n"
          "95% intervals (people, hours, yen, records first), per-sector timelines, the\n"
          "what-if x sector impact\n"
          "matrix, the scope analysis when the file holds one (kikan scope -o FILE.h5), and\n"
          "the assumptions. Charts are drawn by gnuplot (Debian: gnuplot-nox).\n"
          "\n"
          "  -o FILE        the HTML file (default: RESULTS with .html for .h5)\n"
          "  --validation T add the table of recorded incidents against the model\n"
          "                 (docs/validation.csv, from the validation suite)\n"
          "  --compare B    add a section comparing this run with results file B (B - this,\n"
          "                 95% intervals; as kikan compare RESULTS.h5 B)\n"
          "  --scope F      the scope analysis of the same scenario under another measure\n"
          "                 (kikan scope --measure M -o F); repeatable: the report shows the\n"
          "                 recommendation under each measure side by side\n"
          "  --gnuplot P    the gnuplot program (default: gnuplot on PATH)\n"
          "  --quiet        no summary line on stderr\n",
          f);
}

/* RESULTS.h5 -> RESULTS.html (or RESULTS + ".html"). */
static char *default_output(const char *in)
{
    const size_t n = strlen(in);
    const size_t stem = (n > 3 && strcmp(in + n - 3, ".h5") == 0) ? n - 3 : n;
    char *out = malloc(stem + sizeof(".html"));
    if (out != NULL) {
        memcpy(out, in, stem);
        memcpy(out + stem, ".html", sizeof(".html"));
    }
    return out;
}

int kikan_cmd_report(int argc, char **argv)
{
    enum { MAX_MORE = 8 };
    const char *in = NULL, *out = NULL, *gnuplot = NULL, *validation = NULL, *other = NULL,
               *more_path[MAX_MORE];
    kikan_h5_scope_t *more[MAX_MORE] = {NULL};
    int quiet = 0, rc = KIKAN_EXIT_OK, n_more = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((out = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--validation") == 0) {
            if ((validation = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--compare") == 0) {
            if ((other = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--scope") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            if (n_more >= MAX_MORE) {
                fprintf(stderr, "kikan report: --scope: at most %d files\n", MAX_MORE);
                return KIKAN_EXIT_USAGE;
            }
            more_path[n_more++] = v;
        } else if (strcmp(a, "--gnuplot") == 0) {
            if ((gnuplot = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option("report", a, usage);
        } else if (in == NULL) {
            in = a;
        } else {
            fprintf(stderr, "kikan report: one results file expected, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (in == NULL) {
        fputs("kikan report: missing RESULTS.h5\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    if (out != NULL && !kikan_cli_out_format(CMD, out, KIKAN_OUT_HTML)) {
        return KIKAN_EXIT_USAGE;
    }
    struct stat st;
    if (stat(in, &st) != 0) {
        fprintf(stderr, "kikan report: %s: no such file\n", in);
        return KIKAN_EXIT_USAGE;
    }
    char *out_owned = NULL;
    if (out == NULL) {
        if ((out = out_owned = default_output(in)) == NULL) {
            return kikan_cli_report_error(CMD, NULL, KIKAN_ENOMEM);
        }
    }
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    kikan_h5_scope_t *scope = NULL;
    kikan_validation_t *val = NULL;
    kikan_h5_structure_t *structure = NULL;
    kikan_compare_t *cmp = NULL;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        free(out_owned);
        return kikan_cli_report_error(CMD, NULL, err);
    }
    kikan_ctx_set_quiet(ctx, quiet);
    if ((err = kikan_h5_read(ctx, in, &res)) != KIKAN_OK ||
        (err = kikan_h5_read_scope(ctx, in, &scope)) != KIKAN_OK ||
        (err = kikan_h5_read_structure(ctx, in, &structure)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (validation != NULL && (err = kikan_validation_load(ctx, validation, &val)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    for (int k = 0; k < n_more; k++) {
        if ((err = kikan_h5_read_scope(ctx, more_path[k], &more[k])) != KIKAN_OK) {
            rc = kikan_cli_report_error(CMD, ctx, err);
            goto done;
        }
        if (more[k] == NULL) {
            fprintf(stderr, "kikan report: --scope %s: the file holds no scope analysis\n",
                    more_path[k]);
            rc = KIKAN_EXIT_USAGE;
            goto done;
        }
    }
    if (scope == NULL && n_more > 0) {
        fprintf(stderr, "kikan report: --scope needs a results file with a scope analysis of "
                        "its own (kikan scope SCENARIO -o FILE.h5)\n");
        rc = KIKAN_EXIT_USAGE;
        goto done;
    }
    if (!kikan_results_has_stats(res)) {
        fprintf(stderr, "kikan report: %s: the results hold no ensemble statistics\n", in);
        rc = KIKAN_EXIT_USAGE;
        goto done;
    }
    if (other != NULL && (err = kikan_compare_files(ctx, in, other, &cmp)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    const kikan_report_extras_t extras = {.structure = structure,
                                          .validation = val,
                                          .compare = cmp,
                                          .more_scopes = (const kikan_h5_scope_t *const *)more,
                                          .n_more_scopes = n_more};
    if ((err = kikan_report_write_with(ctx, out, res, scope, gnuplot, &extras)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (!quiet) {
        fprintf(stderr, "kikan report: wrote %s (%s)\n", out,
                scope != NULL ? "with the scope analysis" : "no scope analysis in the file");
    }
done:
    kikan_validation_free(&val);
    kikan_h5_structure_free(&structure);
    kikan_compare_free(&cmp);
    for (int k = 0; k < n_more; k++) {
        kikan_h5_scope_free(&more[k]);
    }
    kikan_h5_scope_free(&scope);
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    free(out_owned);
    return rc;
}
