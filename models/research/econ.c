/*
 * Economic loss of a replicate from the dynamic inoperability input-output
 * model, and the built-in interdependency matrix A* for the six built-in
 * sectors. See include/kikan/econ.h and docs/scenario-format.md.
 *
 * DESIGN: the forcing is built from the replicate's curves only (no engine
 * state), so the loss depends on nothing but those curves and the model:
 * the same for any thread. The ODE is the dynamic IIM of models/research/iim.c
 * (kikan_iim_dynamic: same equation, same Runge-Kutta-Prince-Dormand 8(9),
 * same restart at every change of the forcing), re-stated here with the
 * driver allocated once per workspace and without the per-call validation,
 * so that it can run inside the OpenMP region without allocating; the
 * validation runs once, serially, in kikan_econ_check. Consecutive equal grid
 * rows are merged, so the solver restarts only where the outage changes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>
#include "models/builtin_sectors.h"
#include "models/research/iim_rhs.h"
#include "kikan/econ.h"
#include "kikan/iim.h"

/*
 * Built-in sectors, their annual outputs (JPY/year, as models/world.c) and
 * illustrative technical coefficients a_ij: JPY of sector i's output bought
 * per JPY of sector j's output (row i = supplier, column j = buyer). The
 * magnitudes follow the structure of Japan's 2015 input-output table
 * (railways buy electricity of a few per cent of their output; airport
 * services sell mostly to airlines; finance and telecommunications are small
 * inputs to every sector) but the numbers are rounded illustrations, not
 * transcribed from the table. Diagonal (intra-sector) coefficients are 0:
 * the physical cascade already models outages within a sector.
 * A*_ij = a_ij x_j / x_i (Santos & Haimes 2004).
 */
enum { NB = KIKAN_N_BUILTIN_SECTORS }; /* in the order of models/builtin_sectors.c */
static const double builtin_a[NB][NB] = {
    /* buyer:  power  telecom rail   aviation airports banking */
    {0.000, 0.015, 0.060, 0.005, 0.030, 0.005}, /* power */
    {0.005, 0.000, 0.010, 0.010, 0.015, 0.030}, /* telecom */
    {0.002, 0.003, 0.000, 0.002, 0.005, 0.004}, /* rail */
    {0.001, 0.002, 0.001, 0.000, 0.005, 0.003}, /* aviation */
    {0.000, 0.000, 0.000, 0.060, 0.000, 0.000}, /* airports */
    {0.020, 0.020, 0.025, 0.020, 0.030, 0.000}, /* banking */
};

kikan_error_t kikan_econ_builtin_astar(const char *const *ids, kikan_id_t n, double *astar)
{
    int idx[NB];
    if (ids == NULL || astar == NULL || n < 1) {
        return KIKAN_EINVAL;
    }
    if (n > NB) {
        return KIKAN_EINPUT;
    }
    for (kikan_id_t i = 0; i < n; i++) {
        idx[i] = -1;
        for (int b = 0; b < NB && ids[i] != NULL; b++) {
            if (strcmp(ids[i], kikan_builtin_sectors[b].id) == 0) {
                idx[i] = b;
            }
        }
        if (idx[i] < 0) {
            return KIKAN_EINPUT;
        }
        for (kikan_id_t j = 0; j < i; j++) {
            if (idx[j] == idx[i]) {
                return KIKAN_EINPUT;
            }
        }
    }
    for (kikan_id_t i = 0; i < n; i++) {
        for (kikan_id_t j = 0; j < n; j++) {
            const int bi = idx[i], bj = idx[j];
            astar[(size_t)i * (size_t)n + (size_t)j] = builtin_a[bi][bj] *
                                                       kikan_builtin_sectors[bj].output_jpy /
                                                       kikan_builtin_sectors[bi].output_jpy;
        }
    }
    return KIKAN_OK;
}

/* Per-thread scratch: forcing rows, the ODE state and a GSL driver, all
 * allocated once; solving a replicate allocates nothing. */
struct kikan_econ_ws {
    kikan_id_t n;
    int g;
    double *t;         /* [G] forcing instants */
    double *cstar;     /* [G*S] forcing rows */
    double *y;         /* [2S]: q, then the integral of q */
    const double *row; /* the forcing row of the segment being integrated */
    const double *astar, *k;
    gsl_odeiv2_system sys;
    gsl_odeiv2_driver *drv;
    double hstart;
};

/* dq_i/dt = k_i (min(1, (A* q + c*)_i) - q_i); d(integral q_i)/dt = q_i. The
 * forcing row is the segment's (piecewise constant), never looked up by t,
 * so the last stage at a segment's end still sees the segment's row. */
static int rhs(double t, const double y[], double dydt[], void *params)
{
    (void)t;
    const kikan_econ_ws_t *ws = params;
    kikan_iim_rhs(ws->n, ws->astar, ws->k, ws->row, y, dydt);
    return GSL_SUCCESS;
}

static int shape_ok(const kikan_econ_t *e)
{
    return e != NULL && e->n_sectors >= 1 && e->n_grid >= 1 && e->astar != NULL && e->k != NULL &&
           e->x_hourly != NULL && e->cust != NULL && e->step > 0.0 && isfinite(e->step) &&
           e->horizon > 0.0 && isfinite(e->horizon);
}

kikan_error_t kikan_econ_check(kikan_ctx_t *ctx, const kikan_econ_t *e)
{
    kikan_error_t err = KIKAN_OK;
    if (ctx == NULL || !shape_ok(e)) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(kikan_iim_check(ctx, "economics", e->n_sectors, e->astar, NULL, NULL));
    int bad = 0;
    for (kikan_id_t i = 0; i < e->n_sectors; i++) {
        if (!(isfinite(e->k[i]) && e->k[i] > 0.0)) {
            KIKAN_CHECK(kikan_diag_add(ctx, "economics: k[%d] = %g: must be finite and > 0",
                                       (int)i + 1, e->k[i]));
            bad++;
        }
        if (!(isfinite(e->x_hourly[i]) && e->x_hourly[i] >= 0.0) ||
            !(isfinite(e->cust[i]) && e->cust[i] >= 0.0)) {
            KIKAN_CHECK(kikan_diag_add(ctx,
                                       "economics: sector %d: output and customers must be "
                                       "finite and >= 0",
                                       (int)i + 1));
            bad++;
        }
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
cleanup:
    return err;
}

kikan_error_t kikan_econ_ws_new(const kikan_econ_t *e, kikan_econ_ws_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_econ_ws_t *ws = NULL;
    if (out == NULL || !shape_ok(e)) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK_ALLOC(ws = calloc(1, sizeof(*ws)));
    ws->n = e->n_sectors;
    ws->g = e->n_grid;
    ws->astar = e->astar;
    ws->k = e->k;
    KIKAN_CHECK_ALLOC(ws->t = calloc((size_t)e->n_grid, sizeof(double)));
    KIKAN_CHECK_ALLOC(ws->cstar = calloc((size_t)e->n_grid * (size_t)e->n_sectors, sizeof(double)));
    KIKAN_CHECK_ALLOC(ws->y = calloc(2 * (size_t)e->n_sectors, sizeof(double)));
    ws->sys = (gsl_odeiv2_system){rhs, NULL, 2 * (size_t)e->n_sectors, ws};
    ws->hstart = e->horizon * 1e-3;
    KIKAN_CHECK_ALLOC(ws->drv =
                          gsl_odeiv2_driver_alloc_y_new(&ws->sys, gsl_odeiv2_step_rk8pd, ws->hstart,
                                                        KIKAN_ECON_TOL, KIKAN_ECON_TOL));
    gsl_odeiv2_driver_set_nmax(ws->drv, 1000000);
    *out = ws;
    ws = NULL;
cleanup:
    kikan_econ_ws_free(&ws);
    return err;
}

void kikan_econ_ws_free(kikan_econ_ws_t **ws)
{
    if (ws == NULL || *ws == NULL) {
        return;
    }
    if ((*ws)->drv != NULL) {
        gsl_odeiv2_driver_free((*ws)->drv);
    }
    free((*ws)->t);
    free((*ws)->cstar);
    free((*ws)->y);
    free(*ws);
    *ws = NULL;
}

kikan_error_t kikan_econ_loss(const kikan_econ_t *e, kikan_econ_ws_t *ws, const double *curves,
                              double *loss)
{
    if (!shape_ok(e) || ws == NULL || curves == NULL || loss == NULL || ws->n != e->n_sectors ||
        ws->g != e->n_grid || ws->astar != e->astar || ws->k != e->k) {
        return KIKAN_EINVAL;
    }
    const kikan_id_t S = e->n_sectors;
    const int G = e->n_grid;
    /* forcing rows: grid point g's outage fractions, merged while unchanged */
    kikan_id_t nt = 0;
    int any = 0;
    for (int g = 0; g < G; g++) {
        const double tg = (double)g * e->step;
        if (g > 0 && !(tg < e->horizon)) {
            break; /* an instant at the horizon changes nothing inside [0, H] */
        }
        double *row = ws->cstar + (size_t)nt * (size_t)S;
        for (kikan_id_t s = 0; s < S; s++) {
            const double c = curves[(size_t)s * (size_t)G + (size_t)g];
            double f = e->cust[s] > 0.0 ? c / e->cust[s] : 0.0;
            f = f > 0.0 ? (f < 1.0 ? f : 1.0) : 0.0; /* also maps -0 and NaN to 0 */
            row[s] = f;
            any |= f > 0.0;
        }
        if (nt > 0 && memcmp(row, row - S, (size_t)S * sizeof(double)) == 0) {
            continue; /* same as the segment in effect: extend it */
        }
        ws->t[nt++] = tg;
    }
    if (!any) {
        *loss = 0.0; /* q stays 0 exactly: nothing to integrate */
        return KIKAN_OK;
    }
    /* the same start for every replicate: the result depends on the curves only */
    memset(ws->y, 0, 2 * (size_t)S * sizeof(double));
    if (gsl_odeiv2_driver_reset_hstart(ws->drv, ws->hstart) != GSL_SUCCESS) {
        return KIKAN_ENUMERIC;
    }
    double t = 0.0;
    for (kikan_id_t j = 0; j < nt; j++) {
        const double end = j + 1 < nt ? ws->t[j + 1] : e->horizon;
        ws->row = ws->cstar + (size_t)j * (size_t)S;
        if (j > 0 && gsl_odeiv2_driver_reset(ws->drv) != GSL_SUCCESS) {
            return KIKAN_ENUMERIC;
        }
        if (end > t && gsl_odeiv2_driver_apply(ws->drv, &t, end, ws->y) != GSL_SUCCESS) {
            return KIKAN_ENUMERIC;
        }
    }
    double total = 0.0;
    for (kikan_id_t i = 0; i < S; i++) {
        total += e->x_hourly[i] * ws->y[S + i];
    }
    *loss = total;
    return KIKAN_OK;
}
