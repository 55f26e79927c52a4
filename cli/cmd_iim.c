/*
 * kikan iim — inoperability input-output model (static, and dynamic with
 * --dynamic) from CSV matrices and vectors; prints q, and for the dynamic model
 * the q(t) series on a grid and the economic loss.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/text.h"
#include "kikan/iim.h"
#include "commands.h"
#include "research_cli.h"

static const char *CMD = "iim";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kikan iim --astar FILE (--cstar FILE | --forcing FILE [--step]) [--json]\n"
            "                 [--dynamic --k FILE --t END [--q0 FILE] [--x FILE]\n"
            "                  [--steps N] [--tol E]]\n\n"
            "Inoperability input-output model (Haimes & Jiang 2001; Santos & Haimes 2004).\n"
            "Static: q = min(1, A* q + c*), the fixed point ((I - A*)^-1 c* when nothing\n"
            "clips). Dynamic: dq/dt = K (min(1, A* q + c*(t)) - q) from q(0) = q0, and the\n"
            "loss sum_i x_i ∫_0^END q_i dt (x_i = 1 without --x, i.e. the integral of q).\n\n"
            "  --astar FILE    n×n interdependency matrix A* (CSV, entries >= 0, spectral\n"
            "                  radius < 1)\n"
            "  --cstar FILE    perturbation c*: n numbers >= 0 (one row or one column)\n"
            "  --forcing FILE  time-varying c*(t) (dynamic only): rows 't, c1, ..., cn',\n"
            "                  t increasing, linear in between, held before/after\n"
            "  --step          --forcing rows are piecewise constant: row j holds on\n"
            "                  [t_j, t_j+1) (abrupt outages and repairs)\n"
            "  --dynamic       integrate the dynamic model (needs --k and --t)\n"
            "  --k FILE        resilience coefficients k_i > 0 (n numbers)\n"
            "  --t END         final time, END > 0\n"
            "  --q0 FILE       initial inoperability in [0, 1] (default 0)\n"
            "  --x FILE        sector outputs x_i >= 0 for the loss\n"
            "  --steps N       output grid intervals (default 100)\n"
            "  --tol E         ODE solver absolute and relative error per step (default 1e-10)\n"
            "  --json          print a JSON object instead of text\n\n"
            "CSV: comma-separated numbers, '#' comment lines; errors name FILE:LINE.\n"
            "output: q (static fixed point for c*, or for the last row of --forcing);\n"
            "dynamic: t, q_t (rows on the grid), q_end, loss, loss_by_sector.\n"
            "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

/* Read a vector of exactly n numbers laid out as one row or one column. */
static kikan_error_t read_vector(kikan_ctx_t *ctx, const char *path, kikan_id_t n, double **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t r = 0, c = 0;
    double *v = NULL;
    *out = NULL;
    KIKAN_CHECK(kikan_iim_read_csv(ctx, path, &r, &c, &v));
    if (!((r == 1 && c == n) || (c == 1 && r == n))) {
        KIKAN_CHECK(kikan_diag_add(ctx,
                                   "%s: expected %d numbers as one row or one column, got %d row%s "
                                   "of %d",
                                   path, (int)n, (int)r, r == 1 ? "" : "s", (int)c));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *out = v;
    v = NULL;
cleanup:
    free(v);
    return err;
}

/* The command line, parsed. */
typedef struct {
    const char *astar_f, *cstar_f, *forcing_f, *k_f, *q0_f, *x_f;
    double t_end, tol;
    int64_t steps;
    int dynamic, json, have_t, step;
} iim_opts_t;

/* The value options that are numbers: --t, --steps, --tol. 0 on a usage error (printed). */
static int parse_number(const char *a, const char *v, iim_opts_t *o)
{
    if (strcmp(a, "--t") == 0) {
        if (!kikan_cli_parse_double(CMD, a, v, &o->t_end)) {
            return 0;
        }
        if (!(o->t_end > 0.0)) {
            fprintf(stderr, "kikan iim: --t: must be > 0, got '%s'\n", v);
            return 0;
        }
        o->have_t = 1;
        return 1;
    }
    if (strcmp(a, "--steps") == 0) {
        return kikan_cli_parse_range(CMD, a, v, 1, 10000000, &o->steps);
    }
    if (!kikan_cli_parse_double(CMD, a, v, &o->tol)) {
        return 0;
    }
    if (!(o->tol > 0.0 && o->tol < 1.0)) {
        fprintf(stderr, "kikan iim: --tol: must be in (0, 1), got '%s'\n", v);
        return 0;
    }
    return 1;
}

/* The combinations of options that make sense. 0 on a usage error (printed). */
static int check_options(const iim_opts_t *o)
{
    if (o->astar_f == NULL || (o->cstar_f == NULL) == (o->forcing_f == NULL)) {
        fprintf(stderr, "kikan iim: --astar and one of --cstar or --forcing are required "
                        "(see kikan iim --help)\n");
        return 0;
    }
    if (o->step && o->forcing_f == NULL) {
        fprintf(stderr, "kikan iim: --step applies to --forcing\n");
        return 0;
    }
    if (o->dynamic && (o->k_f == NULL || !o->have_t)) {
        fprintf(stderr, "kikan iim: --dynamic needs --k FILE and --t END\n");
        return 0;
    }
    if (!o->dynamic && (o->k_f || o->q0_f || o->x_f || o->have_t || o->forcing_f || o->step)) {
        fprintf(stderr, "kikan iim: --k, --t, --q0, --x, --forcing and --step need --dynamic\n");
        return 0;
    }
    return 1;
}

/* Parse argv into *o. Returns -1 to go on, else the exit code (help, usage error). */
static int parse_args(int argc, char **argv, iim_opts_t *o)
{
    *o = (iim_opts_t){.tol = 1e-10, .steps = 100};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        }
        int *flag = strcmp(a, "--json") == 0      ? &o->json
                    : strcmp(a, "--dynamic") == 0 ? &o->dynamic
                    : strcmp(a, "--step") == 0    ? &o->step
                                                  : NULL;
        if (flag != NULL) {
            *flag = 1;
            continue;
        }
        const char **slot = strcmp(a, "--astar") == 0     ? &o->astar_f
                            : strcmp(a, "--cstar") == 0   ? &o->cstar_f
                            : strcmp(a, "--forcing") == 0 ? &o->forcing_f
                            : strcmp(a, "--k") == 0       ? &o->k_f
                            : strcmp(a, "--q0") == 0      ? &o->q0_f
                            : strcmp(a, "--x") == 0       ? &o->x_f
                                                          : NULL;
        if (slot == NULL && strcmp(a, "--t") != 0 && strcmp(a, "--steps") != 0 &&
            strcmp(a, "--tol") != 0) {
            return kikan_cli_unknown_option(CMD, a, usage);
        }
        const char *v = kikan_cli_value(CMD, argc, argv, &i);
        if (v == NULL) {
            return KIKAN_EXIT_USAGE;
        }
        if (slot != NULL) {
            *slot = v;
        } else if (!parse_number(a, v, o)) {
            return KIKAN_EXIT_USAGE;
        }
    }
    return check_options(o) ? -1 : KIKAN_EXIT_USAGE;
}

/* The model's inputs, read from the files, and its outputs. */
typedef struct {
    kikan_id_t n, ntimes;
    double *astar, *cstar, *forcing, *k, *q0, *x;
    double *times, *rows; /* the forcing as (t, c*(t)) rows; rows == cstar when static */
    double *q, *qgrid, *lossv, loss;
    kikan_iim_info_t info;
} iim_data_t;

static void data_free(iim_data_t *d)
{
    if (d->rows != d->cstar) {
        free(d->rows);
    }
    free(d->astar);
    free(d->cstar);
    free(d->forcing);
    free(d->times);
    free(d->k);
    free(d->q0);
    free(d->x);
    free(d->q);
    free(d->qgrid);
    free(d->lossv);
}

/* c* from --cstar (one time), or the (t, c*) rows of --forcing. */
static kikan_error_t read_forcing(kikan_ctx_t *ctx, const iim_opts_t *o, iim_data_t *d)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t n = d->n;
    if (o->cstar_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, o->cstar_f, n, &d->cstar));
        d->ntimes = 1;
        d->times = calloc(1, sizeof(double));
        KIKAN_CHECK_ALLOC(d->times);
        d->rows = d->cstar;
        goto cleanup;
    }
    kikan_id_t fc = 0;
    KIKAN_CHECK(kikan_iim_read_csv(ctx, o->forcing_f, &d->ntimes, &fc, &d->forcing));
    if (fc != n + 1) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: expected %d fields per row (t and %d sectors), got %d",
                                   o->forcing_f, (int)n + 1, (int)n, (int)fc));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    d->times = malloc((size_t)d->ntimes * sizeof(double));
    d->rows = malloc((size_t)d->ntimes * (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(d->times && d->rows ? d->times : NULL);
    for (kikan_id_t r = 0; r < d->ntimes; r++) {
        d->times[r] = d->forcing[(size_t)r * (size_t)fc];
        memcpy(d->rows + (size_t)r * (size_t)n, d->forcing + (size_t)r * (size_t)fc + 1,
               (size_t)n * sizeof(double));
    }
cleanup:
    return err;
}

/* Read every input file; diagnostics name the file. */
static kikan_error_t read_inputs(kikan_ctx_t *ctx, const iim_opts_t *o, iim_data_t *d)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t nc = 0;
    KIKAN_CHECK(kikan_iim_read_csv(ctx, o->astar_f, &d->n, &nc, &d->astar));
    if (d->n != nc) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: A* must be square, got %d rows of %d", o->astar_f,
                                   (int)d->n, (int)nc));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK(read_forcing(ctx, o, d));
    if (o->k_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, o->k_f, d->n, &d->k));
    }
    if (o->q0_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, o->q0_f, d->n, &d->q0));
    }
    if (o->x_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, o->x_f, d->n, &d->x));
    }
cleanup:
    return err;
}

/* The static fixed point for the persisting perturbation, then the dynamic model. */
static kikan_error_t solve(kikan_ctx_t *ctx, const iim_opts_t *o, iim_data_t *d)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t n = d->n;
    d->q = malloc((size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(d->q);
    /* the persisting perturbation: c*, or the last row of the forcing */
    const double *c_last = d->rows + (size_t)(d->ntimes - 1) * (size_t)n;
    /* check first so that matrix problems name the file they came from */
    KIKAN_CHECK(kikan_iim_check(ctx, o->astar_f, n, d->astar, c_last, NULL));
    KIKAN_CHECK(kikan_iim_static(ctx, n, d->astar, c_last, d->q, &d->info));
    if (o->dynamic) {
        kikan_iim_forcing_t f = {d->ntimes, d->times, d->rows, o->step};
        kikan_iim_dyn_opts_t dyn = kikan_iim_dyn_opts_default();
        dyn.t_end = o->t_end;
        dyn.n_steps = (kikan_id_t)o->steps;
        dyn.abs_tol = dyn.rel_tol = o->tol;
        d->qgrid = malloc((size_t)(o->steps + 1) * (size_t)n * sizeof(double));
        d->lossv = malloc((size_t)n * sizeof(double));
        KIKAN_CHECK_ALLOC(d->qgrid && d->lossv ? d->qgrid : NULL);
        KIKAN_CHECK(kikan_iim_dynamic(ctx, n, d->astar, d->k, d->q0, &f, d->x, &dyn, d->qgrid,
                                      d->lossv, &d->loss));
    }
cleanup:
    return err;
}

static void print_json(const iim_opts_t *o, const iim_data_t *d)
{
    const kikan_id_t n = d->n;
    const int64_t steps = o->steps;
    printf("{\"kikan_version\": \"%s\", \"command\": \"iim\", \"seed\": null, \"astar\": ",
           KIKAN_VERSION_STRING);
    kikan_json_string(stdout, o->astar_f);
    printf(", \"sectors\": %d, \"spectral_radius\": %.17g, \"condition\": %.17g, "
           "\"clipped\": %d, \"q\": ",
           (int)n, d->info.spectral_radius, d->info.condition, (int)d->info.clipped);
    kikan_cli_json_doubles(stdout, d->q, n);
    if (o->dynamic) {
        printf(", \"t_end\": %.17g, \"tol\": %.17g, \"loss\": %.17g, \"loss_by_sector\": ",
               o->t_end, o->tol, d->loss);
        kikan_cli_json_doubles(stdout, d->lossv, n);
        printf(", \"q_end\": ");
        kikan_cli_json_doubles(stdout, d->qgrid + (size_t)steps * (size_t)n, n);
        printf(", \"t\": [");
        for (int64_t j = 0; j <= steps; j++) {
            printf("%s%.17g", j ? ", " : "",
                   j == steps ? o->t_end : o->t_end * (double)j / (double)steps);
        }
        printf("], \"q_t\": [");
        for (int64_t j = 0; j <= steps; j++) {
            printf("%s", j ? ", " : "");
            kikan_cli_json_doubles(stdout, d->qgrid + (size_t)j * (size_t)n, n);
        }
        printf("]");
    }
    printf("}\n");
}

static void print_text(const iim_opts_t *o, const iim_data_t *d)
{
    printf("q");
    for (kikan_id_t i = 0; i < d->n; i++) {
        printf(" %.17g", d->q[i]);
    }
    printf("\n");
    if (o->dynamic) {
        printf("q_end");
        for (kikan_id_t i = 0; i < d->n; i++) {
            printf(" %.17g", d->qgrid[(size_t)o->steps * (size_t)d->n + (size_t)i]);
        }
        printf("\nloss %.17g\n", d->loss);
    }
}

int kikan_cmd_iim(int argc, char **argv)
{
    iim_opts_t o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) {
        return rc;
    }
    rc = KIKAN_EXIT_OK;
    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    iim_data_t d = {0};
    KIKAN_CHECK(kikan_ctx_new(&ctx)); /* GSL failures come back as return codes */
    KIKAN_CHECK(read_inputs(ctx, &o, &d));
    KIKAN_CHECK(solve(ctx, &o, &d));
    if (o.json) {
        print_json(&o, &d);
    } else {
        print_text(&o, &d);
    }
cleanup:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    data_free(&d);
    kikan_ctx_free(&ctx);
    return rc;
}
