/*
 * Inoperability input-output model, static and dynamic (see include/kikan/iim.h).
 *
 * DESIGN: validation happens once, up front (kikan_iim_check), because every
 * later step relies on it: rho(A*) < 1 makes the clipped map a contraction
 * (unique static answer) and guarantees that every reduced system
 * I - A*_UU is non-singular (a principal submatrix of a nonnegative matrix has
 * spectral radius <= rho(A*)). The static solve is exact whenever it can be:
 * one LU solve when nothing clips, otherwise one LU solve per change of the
 * clipped set along the monotone iteration from q = 0 (the set only grows,
 * so at most n solves). The dynamic solve integrates q and ∫q together with
 * gsl_odeiv2's Runge–Kutta–Prince–Dormand 8(9) under the caller's error
 * tolerances, restarting at every breakpoint of the piecewise-linear forcing.
 */
#include <float.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_odeiv2.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "models/research/iim_rhs.h"
#include "kikan/iim.h"

/* Slack of the fixed-point acceptance tests: well above the rounding of an LU
 * solve on the well-conditioned systems rho(A*) < 1 gives, well below any
 * inoperability that matters. */
static const double FIXED_POINT_TOL = 1e-12;
enum { MAX_SWEEPS = 100000 };

kikan_iim_dyn_opts_t kikan_iim_dyn_opts_default(void)
{
    kikan_iim_dyn_opts_t o = {1.0, 100, 1e-10, 1e-10};
    return o;
}

static const char *pfx(const char *what)
{
    return what != NULL ? what : "A*";
}

kikan_error_t kikan_iim_check(kikan_ctx_t *ctx, const char *what, kikan_id_t n, const double *astar,
                              const double *cstar, kikan_iim_info_t *info)
{
    kikan_error_t err = KIKAN_OK;
    gsl_matrix *m = NULL, *v = NULL;
    gsl_vector *s = NULL, *work = NULL;
    gsl_vector_complex *eval = NULL;
    gsl_eigen_nonsymm_workspace *ew = NULL;
    int bad = 0;

    if (info != NULL) {
        memset(info, 0, sizeof(*info));
    }
    if (n < 1) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    for (kikan_id_t i = 0; i < n; i++) {
        for (kikan_id_t j = 0; j < n; j++) {
            double a = astar[(size_t)i * (size_t)n + (size_t)j];
            if (!isfinite(a) || a < 0.0) {
                KIKAN_CHECK(kikan_diag_add(ctx,
                                           "%s: A*[%d][%d] = %g: entries must be finite and >= 0",
                                           pfx(what), (int)i + 1, (int)j + 1, a));
                bad++;
            }
        }
        if (cstar != NULL && (!isfinite(cstar[i]) || cstar[i] < 0.0)) {
            KIKAN_CHECK(kikan_diag_add(ctx, "c*[%d] = %g: entries must be finite and >= 0",
                                       (int)i + 1, cstar[i]));
            bad++;
        }
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    /* condition of I - A* by SVD */
    m = gsl_matrix_alloc((size_t)n, (size_t)n);
    v = gsl_matrix_alloc((size_t)n, (size_t)n);
    s = gsl_vector_alloc((size_t)n);
    work = gsl_vector_alloc((size_t)n);
    KIKAN_CHECK_ALLOC(m && v && s && work ? m : NULL);
    for (kikan_id_t i = 0; i < n; i++) {
        for (kikan_id_t j = 0; j < n; j++) {
            gsl_matrix_set(m, (size_t)i, (size_t)j,
                           (i == j ? 1.0 : 0.0) - astar[(size_t)i * (size_t)n + (size_t)j]);
        }
    }
    if (gsl_linalg_SV_decomp(m, v, s, work) != GSL_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENUMERIC);
    }
    double smax = gsl_vector_get(s, 0), smin = gsl_vector_get(s, (size_t)n - 1);
    double cond = smin > 0.0 ? smax / smin : INFINITY;
    if (info != NULL) {
        info->condition = cond;
    }
    if (!(smin > (double)n * DBL_EPSILON * smax)) {
        KIKAN_CHECK(kikan_diag_add(ctx,
                                   "%s: I - A* is singular (smallest singular value %.3g, "
                                   "largest %.3g): no unique inoperability",
                                   pfx(what), smin, smax));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    /* spectral radius of A* */
    for (kikan_id_t i = 0; i < n; i++) {
        for (kikan_id_t j = 0; j < n; j++) {
            gsl_matrix_set(m, (size_t)i, (size_t)j, astar[(size_t)i * (size_t)n + (size_t)j]);
        }
    }
    eval = gsl_vector_complex_alloc((size_t)n);
    ew = gsl_eigen_nonsymm_alloc((size_t)n);
    KIKAN_CHECK_ALLOC(eval && ew ? eval : NULL);
    if (gsl_eigen_nonsymm(m, eval, ew) != GSL_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENUMERIC);
    }
    double rho = 0.0;
    for (kikan_id_t i = 0; i < n; i++) {
        gsl_complex z = gsl_vector_complex_get(eval, (size_t)i);
        double a = hypot(GSL_REAL(z), GSL_IMAG(z));
        rho = a > rho ? a : rho;
    }
    if (info != NULL) {
        info->spectral_radius = rho;
    }
    if (!(rho < 1.0)) {
        KIKAN_CHECK(kikan_diag_add(ctx,
                                   "%s: spectral radius of A* is %.6g >= 1: the interdependencies "
                                   "amplify without bound (not a productive economy)",
                                   pfx(what), rho));
        KIKAN_FAIL(KIKAN_EINPUT);
    }
cleanup:
    gsl_matrix_free(m);
    gsl_matrix_free(v);
    gsl_vector_free(s);
    gsl_vector_free(work);
    gsl_vector_complex_free(eval);
    if (ew != NULL) {
        gsl_eigen_nonsymm_free(ew);
    }
    return err;
}

/* Solve (I - A*_UU) y_U = c_U + sum_{j in S} A*_Uj for U = {i : !clip[i]},
 * y_S = 1. lu, perm, b, x are workspaces of size n (used as nu×nu views). */
static kikan_error_t solve_reduced(kikan_id_t n, const double *a, const double *c,
                                   const uint8_t *clip, kikan_id_t *idx, gsl_matrix *lu,
                                   gsl_permutation *perm_full, gsl_vector *b, double *y)
{
    kikan_id_t nu = 0;
    for (kikan_id_t i = 0; i < n; i++) {
        if (!clip[i]) {
            idx[nu++] = i;
        }
        y[i] = 1.0;
    }
    if (nu == 0) {
        return KIKAN_OK;
    }
    gsl_matrix_view mv = gsl_matrix_submatrix(lu, 0, 0, (size_t)nu, (size_t)nu);
    gsl_vector_view bv = gsl_vector_subvector(b, 0, (size_t)nu);
    for (kikan_id_t r = 0; r < nu; r++) {
        kikan_id_t i = idx[r];
        double rhs = c[i];
        for (kikan_id_t j = 0; j < n; j++) {
            if (clip[j]) {
                rhs += a[(size_t)i * (size_t)n + (size_t)j];
            }
        }
        gsl_vector_set(&bv.vector, (size_t)r, rhs);
        for (kikan_id_t s = 0; s < nu; s++) {
            kikan_id_t j = idx[s];
            gsl_matrix_set(&mv.matrix, (size_t)r, (size_t)s,
                           (i == j ? 1.0 : 0.0) - a[(size_t)i * (size_t)n + (size_t)j]);
        }
    }
    gsl_permutation pv = {(size_t)nu, perm_full->data};
    int sign = 0;
    if (gsl_linalg_LU_decomp(&mv.matrix, &pv, &sign) != GSL_SUCCESS ||
        gsl_linalg_LU_svx(&mv.matrix, &pv, &bv.vector) != GSL_SUCCESS) {
        return KIKAN_ENUMERIC;
    }
    for (kikan_id_t r = 0; r < nu; r++) {
        y[idx[r]] = gsl_vector_get(&bv.vector, (size_t)r);
    }
    return KIKAN_OK;
}

static void apply_map(kikan_id_t n, const double *a, const double *c, const double *q, double *y)
{
    for (kikan_id_t i = 0; i < n; i++) {
        double s = c[i];
        for (kikan_id_t j = 0; j < n; j++) {
            s += a[(size_t)i * (size_t)n + (size_t)j] * q[j];
        }
        y[i] = s;
    }
}

kikan_error_t kikan_iim_static(kikan_ctx_t *ctx, kikan_id_t n, const double *astar,
                               const double *cstar, double *q, kikan_iim_info_t *info)
{
    kikan_error_t err = KIKAN_OK;
    kikan_iim_info_t local;
    gsl_matrix *lu = NULL;
    gsl_permutation *perm = NULL;
    gsl_vector *b = NULL;
    double *y = NULL, *cand = NULL, *img = NULL;
    uint8_t *clip = NULL, *prev = NULL;
    kikan_id_t *idx = NULL;

    if (info == NULL) {
        info = &local;
    }
    KIKAN_CHECK(kikan_iim_check(ctx, NULL, n, astar, cstar, info));
    lu = gsl_matrix_alloc((size_t)n, (size_t)n);
    perm = gsl_permutation_alloc((size_t)n);
    b = gsl_vector_alloc((size_t)n);
    KIKAN_CHECK_ALLOC(lu && perm && b ? lu : NULL);
    y = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(y);
    cand = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(cand);
    img = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(img);
    clip = kikan_ctx_calloc(ctx, (size_t)n, 1);
    KIKAN_CHECK_ALLOC(clip);
    prev = kikan_ctx_calloc(ctx, (size_t)n, 1);
    KIKAN_CHECK_ALLOC(prev);
    idx = kikan_ctx_malloc(ctx, (size_t)n * sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(idx);

    /* unclipped solution first: the common case, one LU solve */
    KIKAN_CHECK(solve_reduced(n, astar, cstar, clip, idx, lu, perm, b, cand));
    int over = 0;
    for (kikan_id_t i = 0; i < n; i++) {
        over |= cand[i] > 1.0 + FIXED_POINT_TOL;
    }
    if (!over) {
        for (kikan_id_t i = 0; i < n; i++) {
            q[i] = cand[i] < 0.0 ? 0.0 : (cand[i] > 1.0 ? 1.0 : cand[i]);
        }
        goto cleanup;
    }
    /* monotone iteration from 0, with an exact solve at each new clipped set */
    memset(q, 0, (size_t)n * sizeof(double));
    for (kikan_id_t it = 1; it <= MAX_SWEEPS; it++) {
        apply_map(n, astar, cstar, q, y);
        int changed = 0;
        for (kikan_id_t i = 0; i < n; i++) {
            clip[i] = y[i] >= 1.0;
            changed |= clip[i] != prev[i];
        }
        if (changed) {
            memcpy(prev, clip, (size_t)n);
            KIKAN_CHECK(solve_reduced(n, astar, cstar, clip, idx, lu, perm, b, cand));
            apply_map(n, astar, cstar, cand, img);
            int ok = 1;
            for (kikan_id_t i = 0; i < n && ok; i++) {
                if (clip[i]) {
                    ok = img[i] >= 1.0 - FIXED_POINT_TOL;
                } else {
                    ok = cand[i] <= 1.0 + FIXED_POINT_TOL && cand[i] >= -FIXED_POINT_TOL;
                }
            }
            if (ok) {
                kikan_id_t nclip = 0;
                for (kikan_id_t i = 0; i < n; i++) {
                    q[i] = cand[i] < 0.0 ? 0.0 : (cand[i] > 1.0 ? 1.0 : cand[i]);
                    nclip += q[i] >= 1.0;
                }
                info->clipped = nclip;
                info->iterations = it;
                goto cleanup;
            }
        }
        double diff = 0.0;
        for (kikan_id_t i = 0; i < n; i++) {
            double nq = y[i] > 1.0 ? 1.0 : y[i];
            diff = fmax(diff, fabs(nq - q[i]));
            q[i] = nq;
        }
        if (diff <= DBL_EPSILON) {
            kikan_id_t nclip = 0;
            for (kikan_id_t i = 0; i < n; i++) {
                nclip += q[i] >= 1.0;
            }
            info->clipped = nclip;
            info->iterations = it;
            goto cleanup;
        }
    }
    kikan_log(ctx, KIKAN_LOG_ERROR, "iim: fixed-point iteration did not converge in %d sweeps",
              (int)MAX_SWEEPS);
    KIKAN_FAIL(KIKAN_ENUMERIC);
cleanup:
    gsl_matrix_free(lu);
    gsl_permutation_free(perm);
    gsl_vector_free(b);
    free(y);
    free(cand);
    free(img);
    free(clip);
    free(prev);
    free(idx);
    return err;
}

/* ---- dynamic ------------------------------------------------------------ */

typedef struct {
    kikan_id_t n;
    const double *a;
    const double *k;
    const kikan_iim_forcing_t *f;
    kikan_id_t seg; /* step forcing: the row in effect on the current segment */
    double *c;      /* c*(t) scratch, n entries */
} dyn_params_t;

/* c*(t) by linear interpolation, held constant outside [t_0, t_last]. A step
 * forcing uses the row of the segment being integrated, not t: the solver's
 * last stage evaluates at the segment's end, which must still see the old row. */
static void forcing_at(const dyn_params_t *p, double t, double *c)
{
    const kikan_iim_forcing_t *f = p->f;
    const kikan_id_t n = p->n;
    const kikan_id_t nt = f->n_times;
    if (f->step) {
        memcpy(c, f->cstar + (size_t)p->seg * (size_t)n, (size_t)n * sizeof(double));
        return;
    }
    if (nt == 1 || t <= f->t[0]) {
        memcpy(c, f->cstar, (size_t)n * sizeof(double));
        return;
    }
    if (t >= f->t[nt - 1]) {
        memcpy(c, f->cstar + (size_t)(nt - 1) * (size_t)n, (size_t)n * sizeof(double));
        return;
    }
    kikan_id_t lo = 0, hi = nt - 1; /* t[lo] <= t < t[hi] */
    while (hi - lo > 1) {
        kikan_id_t mid = lo + (hi - lo) / 2;
        if (f->t[mid] <= t) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    double w = (t - f->t[lo]) / (f->t[hi] - f->t[lo]);
    const double *r0 = f->cstar + (size_t)lo * (size_t)n, *r1 = f->cstar + (size_t)hi * (size_t)n;
    for (kikan_id_t i = 0; i < n; i++) {
        c[i] = (1.0 - w) * r0[i] + w * r1[i];
    }
}

static int dyn_rhs(double t, const double y[], double dydt[], void *params)
{
    const dyn_params_t *p = params;
    const kikan_id_t n = p->n;
    forcing_at(p, t, p->c);
    kikan_iim_rhs(n, p->a, p->k, p->c, y, dydt);
    return GSL_SUCCESS;
}

static kikan_error_t check_vector(kikan_ctx_t *ctx, const char *name, kikan_id_t n, const double *v,
                                  double lo, int lo_open, double hi, int *bad)
{
    kikan_error_t err = KIKAN_OK;
    for (kikan_id_t i = 0; i < n; i++) {
        int ok = isfinite(v[i]) && (lo_open ? v[i] > lo : v[i] >= lo) && v[i] <= hi;
        if (!ok) {
            KIKAN_CHECK(kikan_diag_add(ctx, "%s[%d] = %g: must be finite, %s %g%s", name,
                                       (int)i + 1, v[i], lo_open ? ">" : ">=", lo,
                                       isfinite(hi) ? " and <= 1" : ""));
            (*bad)++;
        }
    }
cleanup:
    return err;
}

kikan_error_t kikan_iim_dynamic(kikan_ctx_t *ctx, kikan_id_t n, const double *astar,
                                const double *k, const double *q0,
                                const kikan_iim_forcing_t *forcing, const double *x,
                                const kikan_iim_dyn_opts_t *opts, double *q_grid,
                                double *loss_by_sector, double *loss)
{
    kikan_error_t err = KIKAN_OK;
    double *y = NULL, *c = NULL;
    gsl_odeiv2_driver *drv = NULL;
    int bad = 0;

    if (n < 1 || forcing == NULL || opts == NULL || forcing->n_times < 1 || forcing->t == NULL ||
        forcing->cstar == NULL || !isfinite(opts->t_end) || !(opts->t_end > 0.0) ||
        opts->n_steps < 1 || !(opts->abs_tol > 0.0) || !(opts->rel_tol >= 0.0)) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    KIKAN_CHECK(kikan_iim_check(ctx, NULL, n, astar, NULL, NULL));
    KIKAN_CHECK(check_vector(ctx, "k", n, k, 0.0, 1, INFINITY, &bad));
    if (q0 != NULL) {
        KIKAN_CHECK(check_vector(ctx, "q0", n, q0, 0.0, 0, 1.0, &bad));
    }
    if (x != NULL) {
        KIKAN_CHECK(check_vector(ctx, "x", n, x, 0.0, 0, INFINITY, &bad));
    }
    for (kikan_id_t r = 0; r < forcing->n_times; r++) {
        if (!isfinite(forcing->t[r]) || (r > 0 && !(forcing->t[r] > forcing->t[r - 1]))) {
            KIKAN_CHECK(kikan_diag_add(ctx, "c*(t): time %d (%g) must be finite and increasing",
                                       (int)r + 1, forcing->t[r]));
            bad++;
        }
        KIKAN_CHECK(check_vector(ctx, "c*", n, forcing->cstar + (size_t)r * (size_t)n, 0.0, 0,
                                 INFINITY, &bad));
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    y = kikan_ctx_calloc(ctx, 2 * (size_t)n, sizeof(double));
    KIKAN_CHECK_ALLOC(y);
    c = kikan_ctx_malloc(ctx, (size_t)n * sizeof(double));
    KIKAN_CHECK_ALLOC(c);
    if (q0 != NULL) {
        memcpy(y, q0, (size_t)n * sizeof(double));
    }
    dyn_params_t p = {n, astar, k, forcing, 0, c};
    gsl_odeiv2_system sys = {dyn_rhs, NULL, 2 * (size_t)n, &p};
    const double h = opts->t_end / (double)opts->n_steps;
    drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, h * 1e-3, opts->abs_tol,
                                        opts->rel_tol);
    KIKAN_CHECK_ALLOC(drv);
    gsl_odeiv2_driver_set_nmax(drv, 1000000);
    if (q_grid != NULL) {
        memcpy(q_grid, y, (size_t)n * sizeof(double));
    }
    double t = 0.0;
    /* next_break: first instant > t; for a step forcing the row in effect is
     * the one before it (row 0 before t[0]) */
    kikan_id_t next_break = 0;
    while (next_break < forcing->n_times && forcing->t[next_break] <= 0.0) {
        next_break++;
    }
    p.seg = next_break > 0 ? next_break - 1 : 0;
    for (kikan_id_t j = 1; j <= opts->n_steps; j++) {
        double tj = j == opts->n_steps ? opts->t_end : h * (double)j;
        while (next_break < forcing->n_times && forcing->t[next_break] <= tj) {
            if (gsl_odeiv2_driver_apply(drv, &t, forcing->t[next_break], y) != GSL_SUCCESS) {
                KIKAN_FAIL(KIKAN_ENUMERIC);
            }
            gsl_odeiv2_driver_reset(drv);
            p.seg = next_break;
            next_break++;
        }
        if (t < tj && gsl_odeiv2_driver_apply(drv, &t, tj, y) != GSL_SUCCESS) {
            KIKAN_FAIL(KIKAN_ENUMERIC);
        }
        if (q_grid != NULL) {
            memcpy(q_grid + (size_t)j * (size_t)n, y, (size_t)n * sizeof(double));
        }
    }
    double total = 0.0;
    for (kikan_id_t i = 0; i < n; i++) {
        double li = (x != NULL ? x[i] : 1.0) * y[n + i];
        if (loss_by_sector != NULL) {
            loss_by_sector[i] = li;
        }
        total += li;
    }
    if (loss != NULL) {
        *loss = total;
    }
cleanup:
    if (drv != NULL) {
        gsl_odeiv2_driver_free(drv);
    }
    free(y);
    free(c);
    return err;
}

/* ---- outages to forcing ------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

kikan_error_t kikan_iim_forcing_from_outages(kikan_ctx_t *ctx, kikan_id_t n,
                                             const kikan_iim_outage_t *outages,
                                             kikan_id_t n_outages, double **t, double **cstar,
                                             kikan_id_t *n_times)
{
    kikan_error_t err = KIKAN_OK;
    double *ts = NULL, *rows = NULL;

    *t = NULL;
    *cstar = NULL;
    *n_times = 0;
    if (n < 1 || n_outages < 0 || (n_outages > 0 && outages == NULL) ||
        n_outages > (KIKAN_ID_MAX - 1) / 2) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    for (kikan_id_t k = 0; k < n_outages; k++) {
        const kikan_iim_outage_t *o = &outages[k];
        if (o->sector < 0 || o->sector >= n || !isfinite(o->start) || !isfinite(o->end) ||
            o->start < 0.0 || !(o->end > o->start) || !(o->level >= 0.0 && o->level <= 1.0)) {
            KIKAN_FAIL(KIKAN_EINVAL);
        }
    }
    ts = kikan_ctx_malloc(ctx, (2 * (size_t)n_outages + 1) * sizeof(double));
    KIKAN_CHECK_ALLOC(ts);
    kikan_id_t m = 0;
    ts[m++] = 0.0;
    for (kikan_id_t k = 0; k < n_outages; k++) {
        ts[m++] = outages[k].start;
        ts[m++] = outages[k].end;
    }
    qsort(ts, (size_t)m, sizeof(double), cmp_double);
    kikan_id_t u = 0;
    for (kikan_id_t i = 0; i < m; i++) {
        if (u == 0 || ts[i] > ts[u - 1]) {
            ts[u++] = ts[i];
        }
    }
    rows = kikan_ctx_calloc(ctx, (size_t)u * (size_t)n, sizeof(double));
    KIKAN_CHECK_ALLOC(rows);
    for (kikan_id_t j = 0; j < u; j++) {
        double *row = rows + (size_t)j * (size_t)n;
        for (kikan_id_t k = 0; k < n_outages; k++) {
            const kikan_iim_outage_t *o = &outages[k];
            if (o->start <= ts[j] && ts[j] < o->end) {
                row[o->sector] = fmin(1.0, row[o->sector] + o->level);
            }
        }
    }
    *t = ts;
    *cstar = rows;
    *n_times = u;
    ts = NULL;
    rows = NULL;
cleanup:
    free(ts);
    free(rows);
    return err;
}
