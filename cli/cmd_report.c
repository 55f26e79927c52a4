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
          "                 recommendation under each measure side by side (a file of\n"
          "                 another scenario is refused)\n"
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

enum { MAX_MORE = 8 };

typedef struct {
    const char *in, *out, *gnuplot, *validation, *other, *more_path[MAX_MORE];
    int quiet, n_more;
} report_opts_t;

/* Parse the options; returns -1 to go on, else the exit code. */
static int parse(int argc, char **argv, report_opts_t *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((o->out = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--validation") == 0) {
            if ((o->validation = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--compare") == 0) {
            if ((o->other = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--scope") == 0) {
            if ((v = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            if (o->n_more >= MAX_MORE) {
                fprintf(stderr, "kikan report: --scope: at most %d files\n", MAX_MORE);
                return KIKAN_EXIT_USAGE;
            }
            o->more_path[o->n_more++] = v;
        } else if (strcmp(a, "--gnuplot") == 0) {
            if ((o->gnuplot = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option("report", a, usage);
        } else if (o->in == NULL) {
            o->in = a;
        } else {
            fprintf(stderr, "kikan report: one results file expected, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (o->in == NULL) {
        fputs("kikan report: missing RESULTS.h5\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    if (o->out != NULL && !kikan_cli_out_format(CMD, o->out, KIKAN_OUT_HTML)) {
        return KIKAN_EXIT_USAGE;
    }
    struct stat st;
    if (stat(o->in, &st) != 0) {
        fprintf(stderr, "kikan report: %s: no such file\n", o->in);
        return KIKAN_EXIT_USAGE;
    }
    return -1;
}

/* What the report is made of, read from the files; freed by inputs_free. */
typedef struct {
    kikan_results_t *res;
    kikan_scope_result_t *scope, *more[MAX_MORE];
    kikan_validation_t *val;
    kikan_h5_structure_t *structure;
    kikan_compare_t *cmp;
} report_inputs_t;

static void inputs_free(report_inputs_t *x, int n_more)
{
    kikan_validation_free(&x->val);
    kikan_h5_structure_free(&x->structure);
    kikan_compare_free(&x->cmp);
    for (int k = 0; k < n_more; k++) {
        kikan_scope_result_free(&x->more[k]);
    }
    kikan_scope_result_free(&x->scope);
    kikan_results_free(&x->res);
}

/* Read every input the options name; returns -1 to go on, else the exit code (reported). */
static int read_inputs(kikan_ctx_t *ctx, const report_opts_t *o, report_inputs_t *x)
{
    kikan_error_t err = KIKAN_OK;
    if ((err = kikan_h5_read(ctx, o->in, &x->res)) != KIKAN_OK ||
        (err = kikan_h5_read_scope(ctx, o->in, &x->scope)) != KIKAN_OK ||
        (err = kikan_h5_read_structure(ctx, o->in, &x->structure)) != KIKAN_OK ||
        (o->validation != NULL &&
         (err = kikan_validation_load(ctx, o->validation, &x->val)) != KIKAN_OK)) {
        return kikan_cli_report_error(CMD, ctx, err);
    }
    for (int k = 0; k < o->n_more; k++) {
        if ((err = kikan_h5_read_scope(ctx, o->more_path[k], &x->more[k])) != KIKAN_OK) {
            return kikan_cli_report_error(CMD, ctx, err);
        }
        if (x->more[k] == NULL) {
            fprintf(stderr, "kikan report: --scope %s: the file holds no scope analysis\n",
                    o->more_path[k]);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (x->scope == NULL && o->n_more > 0) {
        fprintf(stderr, "kikan report: --scope needs a results file with a scope analysis of "
                        "its own (kikan scope SCENARIO -o FILE.h5)\n");
        return KIKAN_EXIT_USAGE;
    }
    /* --scope is the same scenario under another measure: a scope of another scenario (another
       world, other operators) would be set beside this one as if it were comparable */
    const char *own = x->scope != NULL ? kikan_scope_result_scenario(x->scope) : NULL;
    for (int k = 0; k < o->n_more && own != NULL && own[0] != '\0'; k++) {
        const char *other = kikan_scope_result_scenario(x->more[k]);
        if (other != NULL && other[0] != '\0' && strcmp(other, own) != 0) {
            fprintf(stderr,
                    "kikan report: --scope %s: its scope analysis is of scenario '%s', not of '%s' "
                    "(%s); --scope adds the same scenario under another measure\n",
                    o->more_path[k], other, own, o->in);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (!kikan_results_has_stats(x->res)) {
        fprintf(stderr, "kikan report: %s: the results hold no ensemble statistics\n", o->in);
        return KIKAN_EXIT_USAGE;
    }
    if (o->other != NULL &&
        (err = kikan_compare_files(ctx, o->in, o->other, &x->cmp)) != KIKAN_OK) {
        return kikan_cli_report_error(CMD, ctx, err);
    }
    return -1;
}

int kikan_cmd_report(int argc, char **argv)
{
    report_opts_t o = {0};
    int rc = parse(argc, argv, &o);
    if (rc >= 0) {
        return rc;
    }
    rc = KIKAN_EXIT_OK;
    char *out_owned = NULL;
    const char *out = o.out;
    if (out == NULL && (out = out_owned = default_output(o.in)) == NULL) {
        return kikan_cli_report_error(CMD, NULL, KIKAN_ENOMEM);
    }
    kikan_ctx_t *ctx = NULL;
    report_inputs_t x = {0};
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        free(out_owned);
        return kikan_cli_report_error(CMD, NULL, err);
    }
    kikan_ctx_set_quiet(ctx, o.quiet);
    if ((rc = read_inputs(ctx, &o, &x)) >= 0) {
        goto done;
    }
    rc = KIKAN_EXIT_OK;
    const kikan_report_extras_t extras = {.structure = x.structure,
                                          .validation = x.val,
                                          .compare = x.cmp,
                                          .more_scopes =
                                              (const kikan_scope_result_t *const *)x.more,
                                          .n_more_scopes = o.n_more};
    if ((err = kikan_report_write_with(ctx, out, x.res, x.scope, o.gnuplot, &extras)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
        goto done;
    }
    if (!o.quiet) {
        fprintf(stderr, "kikan report: wrote %s (%s)\n", out,
                x.scope != NULL ? "with the scope analysis" : "no scope analysis in the file");
    }
done:
    inputs_free(&x, o.n_more);
    kikan_ctx_free(&ctx);
    free(out_owned);
    return rc;
}
