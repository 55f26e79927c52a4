/*
 * Economic loss of a replicate from the dynamic inoperability input-output
 * model, and the built-in interdependency matrix A* for the six built-in
 * sectors. See include/kikan/econ.h and docs/scenario-format.md.
 *
 * DESIGN: the forcing is built from the stored curves (no engine state), so
 * the loss can be computed after the parallel replicates, serially and in
 * replicate order. Consecutive grid rows that are equal are merged, so the
 * ODE solver restarts only where the outage changes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
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
enum { NB = 6 };
static const char *const builtin_ids[NB] = {"power",    "telecom",  "rail",
                                            "aviation", "airports", "banking"};
static const double builtin_x[NB] = {22.0e12, 21.0e12, 8.0e12, 4.0e12, 1.5e12, 17.0e12};
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
            if (strcmp(ids[i], builtin_ids[b]) == 0) {
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
            astar[(size_t)i * (size_t)n + (size_t)j] =
                builtin_a[bi][bj] * builtin_x[bj] / builtin_x[bi];
        }
    }
    return KIKAN_OK;
}

struct kikan_econ_ws {
    kikan_id_t n;
    int g;
    double *t;     /* [G] forcing instants */
    double *cstar; /* [G*S] forcing rows */
};

static int shape_ok(const kikan_econ_t *e)
{
    return e != NULL && e->n_sectors >= 1 && e->n_grid >= 1 && e->astar != NULL && e->k != NULL &&
           e->x_hourly != NULL && e->cust != NULL && e->step > 0.0 && e->horizon > 0.0 &&
           isfinite(e->horizon);
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
    KIKAN_CHECK_ALLOC(ws->t = calloc((size_t)e->n_grid, sizeof(double)));
    KIKAN_CHECK_ALLOC(ws->cstar = calloc((size_t)e->n_grid * (size_t)e->n_sectors, sizeof(double)));
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
    free((*ws)->t);
    free((*ws)->cstar);
    free(*ws);
    *ws = NULL;
}

kikan_error_t kikan_econ_loss(kikan_ctx_t *ctx, const kikan_econ_t *e, kikan_econ_ws_t *ws,
                              const double *curves, double *loss)
{
    kikan_error_t err = KIKAN_OK;
    if (!shape_ok(e) || ws == NULL || curves == NULL || loss == NULL || ws->n != e->n_sectors ||
        ws->g != e->n_grid) {
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
            f = f < 0.0 ? 0.0 : (f > 1.0 ? 1.0 : f);
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
    kikan_iim_forcing_t f = {nt, ws->t, ws->cstar, 1};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = e->horizon;
    o.n_steps = 1;
    KIKAN_CHECK(
        kikan_iim_dynamic(ctx, S, e->astar, e->k, NULL, &f, e->x_hourly, &o, NULL, NULL, loss));
cleanup:
    return err;
}
