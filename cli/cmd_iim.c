/*
 * kikan iim — inoperability input-output model (static, and dynamic with
 * --dynamic) from CSV matrices and vectors; prints q, and for the dynamic model
 * the q(t) series on a grid and the economic loss.
 */
#include <gsl/gsl_errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int kikan_cmd_iim(int argc, char **argv)
{
    const char *astar_f = NULL, *cstar_f = NULL, *forcing_f = NULL, *k_f = NULL, *q0_f = NULL,
               *x_f = NULL;
    double t_end = 0.0, tol = 1e-10;
    int64_t steps = 100;
    int dynamic = 0, json = 0, have_t = 0, step = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        }
        if (strcmp(a, "--json") == 0) {
            json = 1;
            continue;
        }
        if (strcmp(a, "--dynamic") == 0) {
            dynamic = 1;
            continue;
        }
        if (strcmp(a, "--step") == 0) {
            step = 1;
            continue;
        }
        const char **slot = NULL;
        if (strcmp(a, "--astar") == 0) {
            slot = &astar_f;
        } else if (strcmp(a, "--cstar") == 0) {
            slot = &cstar_f;
        } else if (strcmp(a, "--forcing") == 0) {
            slot = &forcing_f;
        } else if (strcmp(a, "--k") == 0) {
            slot = &k_f;
        } else if (strcmp(a, "--q0") == 0) {
            slot = &q0_f;
        } else if (strcmp(a, "--x") == 0) {
            slot = &x_f;
        } else if (strcmp(a, "--t") != 0 && strcmp(a, "--steps") != 0 && strcmp(a, "--tol") != 0) {
            return kikan_cli_unknown_option(CMD, a, usage);
        }
        const char *v = kikan_cli_value(CMD, argc, argv, &i);
        if (v == NULL) {
            return KIKAN_EXIT_USAGE;
        }
        if (slot != NULL) {
            *slot = v;
        } else if (strcmp(a, "--t") == 0) {
            if (!kikan_cli_parse_double(CMD, a, v, &t_end)) {
                return KIKAN_EXIT_USAGE;
            }
            if (!(t_end > 0.0)) {
                fprintf(stderr, "kikan iim: --t: must be > 0, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
            have_t = 1;
        } else if (strcmp(a, "--steps") == 0) {
            if (!kikan_cli_parse_range(CMD, a, v, 1, 10000000, &steps)) {
                return KIKAN_EXIT_USAGE;
            }
        } else {
            if (!kikan_cli_parse_double(CMD, a, v, &tol)) {
                return KIKAN_EXIT_USAGE;
            }
            if (!(tol > 0.0 && tol < 1.0)) {
                fprintf(stderr, "kikan iim: --tol: must be in (0, 1), got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        }
    }
    if (astar_f == NULL || (cstar_f == NULL) == (forcing_f == NULL)) {
        fprintf(stderr, "kikan iim: --astar and one of --cstar or --forcing are required "
                        "(see kikan iim --help)\n");
        return KIKAN_EXIT_USAGE;
    }
    if (step && forcing_f == NULL) {
        fprintf(stderr, "kikan iim: --step applies to --forcing\n");
        return KIKAN_EXIT_USAGE;
    }
    if (dynamic && (k_f == NULL || !have_t)) {
        fprintf(stderr, "kikan iim: --dynamic needs --k FILE and --t END\n");
        return KIKAN_EXIT_USAGE;
    }
    if (!dynamic && (k_f || q0_f || x_f || have_t || forcing_f || step)) {
        fprintf(stderr, "kikan iim: --k, --t, --q0, --x, --forcing and --step need --dynamic\n");
        return KIKAN_EXIT_USAGE;
    }

    kikan_error_t err = KIKAN_OK;
    kikan_ctx_t *ctx = NULL;
    double *astar = NULL, *cstar = NULL, *forcing = NULL, *k = NULL, *q0 = NULL, *x = NULL;
    double *q = NULL, *qgrid = NULL, *times = NULL, *rows = NULL, *lossv = NULL;
    kikan_id_t n = 0, nc = 0, ntimes = 1;
    kikan_iim_info_t info;
    double loss = 0.0;
    int rc = KIKAN_EXIT_OK;

    /* This command is serial and owns the process: report GSL failures as
     * return codes instead of aborting. */
    gsl_set_error_handler_off();
    KIKAN_CHECK(kikan_ctx_new(&ctx));
    KIKAN_CHECK(kikan_iim_read_csv(ctx, astar_f, &n, &nc, &astar));
    if (n != nc) {
        KIKAN_CHECK(kikan_diag_add(ctx, "%s: A* must be square, got %d rows of %d", astar_f, (int)n,
                                   (int)nc));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (cstar_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, cstar_f, n, &cstar));
        times = calloc(1, sizeof(double));
        KIKAN_CHECK_ALLOC(times);
        rows = cstar;
    } else {
        kikan_id_t fc = 0;
        KIKAN_CHECK(kikan_iim_read_csv(ctx, forcing_f, &ntimes, &fc, &forcing));
        if (fc != n + 1) {
            KIKAN_CHECK(kikan_diag_add(ctx,
                                       "%s: expected %d fields per row (t and %d sectors), got %d",
                                       forcing_f, (int)n + 1, (int)n, (int)fc));
            KIKAN_FAIL(KIKAN_EINPUT);
        }
        times = malloc((size_t)ntimes * sizeof(double));
        rows = malloc((size_t)ntimes * (size_t)n * sizeof(double));
        KIKAN_CHECK_ALLOC(times && rows ? times : NULL);
        for (kikan_id_t r = 0; r < ntimes; r++) {
            times[r] = forcing[(size_t)r * (size_t)fc];
            memcpy(rows + (size_t)r * (size_t)n, forcing + (size_t)r * (size_t)fc + 1,
                   (size_t)n * sizeof(double));
        }
    }
    if (k_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, k_f, n, &k));
    }
    if (q0_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, q0_f, n, &q0));
    }
    if (x_f != NULL) {
        KIKAN_CHECK(read_vector(ctx, x_f, n, &x));
    }
    q = malloc((size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(q);
    /* the persisting perturbation: c*, or the last row of the forcing */
    const double *c_last = rows + (size_t)(ntimes - 1) * (size_t)n;
    /* check first so that matrix problems name the file they came from */
    KIKAN_CHECK(kikan_iim_check(ctx, astar_f, n, astar, c_last, NULL));
    KIKAN_CHECK(kikan_iim_static(ctx, n, astar, c_last, q, &info));
    if (dynamic) {
        kikan_iim_forcing_t f = {ntimes, times, rows, step};
        kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
        o.t_end = t_end;
        o.n_steps = (kikan_id_t)steps;
        o.abs_tol = o.rel_tol = tol;
        qgrid = malloc((size_t)(steps + 1) * (size_t)n * sizeof(double));
        lossv = malloc((size_t)n * sizeof(double));
        KIKAN_CHECK_ALLOC(qgrid && lossv ? qgrid : NULL);
        KIKAN_CHECK(kikan_iim_dynamic(ctx, n, astar, k, q0, &f, x, &o, qgrid, lossv, &loss));
    }
    if (json) {
        printf("{\"kikan_version\": \"%s\", \"command\": \"iim\", \"seed\": null, \"astar\": ",
               KIKAN_VERSION_STRING);
        kikan_cli_json_string(stdout, astar_f);
        printf(", \"sectors\": %d, \"spectral_radius\": %.17g, \"condition\": %.17g, "
               "\"clipped\": %d, \"q\": ",
               (int)n, info.spectral_radius, info.condition, (int)info.clipped);
        kikan_cli_json_doubles(stdout, q, n);
        if (dynamic) {
            printf(", \"t_end\": %.17g, \"tol\": %.17g, \"loss\": %.17g, \"loss_by_sector\": ",
                   t_end, tol, loss);
            kikan_cli_json_doubles(stdout, lossv, n);
            printf(", \"q_end\": ");
            kikan_cli_json_doubles(stdout, qgrid + (size_t)steps * (size_t)n, n);
            printf(", \"t\": [");
            for (int64_t j = 0; j <= steps; j++) {
                printf("%s%.17g", j ? ", " : "",
                       j == steps ? t_end : t_end * (double)j / (double)steps);
            }
            printf("], \"q_t\": [");
            for (int64_t j = 0; j <= steps; j++) {
                printf("%s", j ? ", " : "");
                kikan_cli_json_doubles(stdout, qgrid + (size_t)j * (size_t)n, n);
            }
            printf("]");
        }
        printf("}\n");
    } else {
        printf("q");
        for (kikan_id_t i = 0; i < n; i++) {
            printf(" %.17g", q[i]);
        }
        printf("\n");
        if (dynamic) {
            printf("q_end");
            for (kikan_id_t i = 0; i < n; i++) {
                printf(" %.17g", qgrid[(size_t)steps * (size_t)n + (size_t)i]);
            }
            printf("\nloss %.17g\n", loss);
        }
    }
cleanup:
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    if (rows != cstar) {
        free(rows);
    }
    free(astar);
    free(cstar);
    free(forcing);
    free(times);
    free(k);
    free(q0);
    free(x);
    free(q);
    free(qgrid);
    free(lossv);
    kikan_ctx_free(&ctx);
    return rc;
}
