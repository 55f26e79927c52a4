/*
 * Validation of the inoperability input-output model (include/kikan/iim.h).
 *
 * Published numbers: the two-sector example of Haimes & Jiang (2001), as
 * carried in the test data of an independent IIM implementation (github
 * stigrs/diim, tests/test_case1.csv and test_diim.cpp: A* = [[0, .8], [.2, 0]],
 * c* = (0, .6), q = (0.571, 0.714) to the paper's three decimals). Their
 * four-sector example (q = (0.70, 0.78, 1, 1)) could not be used: its matrix
 * was not retrievable. The other static cases are systems solved by hand with
 * a known inverse (stated next to each case); the dynamic model is checked against its closed form
 *   q(t) = q_inf + exp(-M t)(q0 - q_inf),   M = K (I - A*),
 *   ∫_0^T q = q_inf T + M^-1 (I - exp(-M T))(q0 - q_inf),
 * computed in the test with GSL's matrix exponential and LU.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/iim.h"
#include "tests/testutil.h"

static kikan_ctx_t *ctx;

/* Static answers come from one LU solve of a system with condition < 10, so
 * they are exact to a few ulps; 1e-14 absolute on values <= 1 leaves margin. */
#define STATIC_TOL 1e-14
/* The ODE solver keeps each step's local error below 1e-10 (abs and rel);
 * the systems below contract (every eigenvalue of -M has a negative real
 * part), so local errors are damped rather than accumulated and the global
 * error stays of the order of the per-step bound (measured: < 1e-11 against
 * the closed form). 1e-9 leaves a factor 10 over the bound and also covers
 * the 1e-9-wide ramp of test_dynamic_forcing (which moves q by < 1e-10). */
#define DYN_TOL 1e-9

static int near(double a, double b, double tol)
{
    return fabs(a - b) <= tol;
}

/* 2x2: A* = [[0.2, 0.3], [0.1, 0.4]], c* = (0.1, 0.05).
 * det(I - A*) = 0.8·0.6 - 0.3·0.1 = 0.45;
 * q1 = (0.6·0.1 + 0.3·0.05)/0.45 = 1/6, q2 = (0.1·0.1 + 0.8·0.05)/0.45 = 1/9.
 * Eigenvalues of A*: 0.3 ± 0.2, so rho = 0.5. */
static void test_static_2x2(void)
{
    const double a[] = {0.2, 0.3, 0.1, 0.4}, c[] = {0.1, 0.05};
    double q[2];
    kikan_iim_info_t info;
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 2, a, c, q, &info) == KIKAN_OK);
    CU_ASSERT(near(q[0], 1.0 / 6.0, STATIC_TOL));
    CU_ASSERT(near(q[1], 1.0 / 9.0, STATIC_TOL));
    CU_ASSERT(near(info.spectral_radius, 0.5, 1e-12));
    CU_ASSERT_EQUAL(info.clipped, 0);
    CU_ASSERT_EQUAL(info.iterations, 0);
}

/* Haimes & Jiang (2001), two sectors: q1 = .8 q2, q2 = .2 q1 + .6, so
 * q2 = .6/(1 - .16) = 5/7 = 0.714..., q1 = 4/7 = 0.571.... Against the
 * paper's rounded figures the tolerance is half a unit of their last digit
 * (5e-4); against the exact fractions it is STATIC_TOL. */
static void test_static_haimes_jiang(void)
{
    const double a[] = {0.0, 0.8, 0.2, 0.0}, c[] = {0.0, 0.6};
    double q[2];
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 2, a, c, q, NULL) == KIKAN_OK);
    CU_ASSERT(near(q[0], 0.571, 5e-4));
    CU_ASSERT(near(q[1], 0.714, 5e-4));
    CU_ASSERT(near(q[0], 4.0 / 7.0, STATIC_TOL));
    CU_ASSERT(near(q[1], 5.0 / 7.0, STATIC_TOL));
}

/* 3x3 triangular: A* = [[0, .5, 0], [0, 0, .4], [0, 0, 0]],
 * (I - A*)^-1 = [[1, .5, .2], [0, 1, .4], [0, 0, 1]], c* = (.1, .2, .3):
 * q = (.1 + .1 + .06, .2 + .12, .3) = (.26, .32, .3); rho = 0.
 * 3x3 full: A* = 0.25 (J - I), I - A* = 1.25 I - 0.25 J, inverse (Sherman–
 * Morrison) 0.8 (I + 0.5 J); c* = (.1, 0, 0): q = 0.8·(.15, .05, .05) =
 * (.12, .04, .04); eigenvalues of A*: 0.5 and -0.25 (twice), rho = 0.5. */
static void test_static_3x3(void)
{
    const double a1[] = {0, .5, 0, 0, 0, .4, 0, 0, 0}, c1[] = {.1, .2, .3};
    double q[3];
    kikan_iim_info_t info;
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 3, a1, c1, q, &info) == KIKAN_OK);
    CU_ASSERT(near(q[0], 0.26, STATIC_TOL));
    CU_ASSERT(near(q[1], 0.32, STATIC_TOL));
    CU_ASSERT(near(q[2], 0.30, STATIC_TOL));
    CU_ASSERT(near(info.spectral_radius, 0.0, 1e-12));
    const double a2[] = {0, .25, .25, .25, 0, .25, .25, .25, 0}, c2[] = {.1, 0, 0};
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 3, a2, c2, q, &info) == KIKAN_OK);
    CU_ASSERT(near(q[0], 0.12, STATIC_TOL));
    CU_ASSERT(near(q[1], 0.04, STATIC_TOL));
    CU_ASSERT(near(q[2], 0.04, STATIC_TOL));
    CU_ASSERT(near(info.spectral_radius, 0.5, 1e-12));
    /* one sector: q = c/(1 - a) = 0.2/0.615 */
    const double a3[] = {0.385}, c3[] = {0.2};
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 1, a3, c3, q, NULL) == KIKAN_OK);
    CU_ASSERT(near(q[0], 0.2 / 0.615, STATIC_TOL));
    /* no perturbation, no inoperability */
    const double c0[] = {0, 0, 0};
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 3, a2, c0, q, NULL) == KIKAN_OK);
    CU_ASSERT(q[0] == 0.0 && q[1] == 0.0 && q[2] == 0.0);
}

/* Clipping. (a) A* = [[0, .5], [.6, 0]], c* = (.9, .1): unclipped q1 =
 * 0.95/0.7 = 1.357 > 1; with q1 = 1: q2 = .6 + .1 = .7, and A*q + c* in
 * sector 1 = .35 + .9 = 1.25 >= 1, so q = (1, .7), one sector clipped.
 * (b) A* = [[0, 0], [.9, 0]], c* = (1.5, .05): unclipped (1.5, 1.4) has both
 * above 1, but at the fixed point q1 = 1 and q2 = .9 + .05 = .95 < 1 — a
 * solver that clipped every sector above 1 in the unclipped answer would be
 * wrong here. */
static void test_static_clipping(void)
{
    const double a1[] = {0, .5, .6, 0}, c1[] = {.9, .1};
    double q[2];
    kikan_iim_info_t info;
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 2, a1, c1, q, &info) == KIKAN_OK);
    CU_ASSERT_EQUAL(q[0], 1.0);
    CU_ASSERT(near(q[1], 0.7, STATIC_TOL));
    CU_ASSERT_EQUAL(info.clipped, 1);
    CU_ASSERT(info.iterations >= 1);
    const double a2[] = {0, 0, .9, 0}, c2[] = {1.5, .05};
    CU_ASSERT_FATAL(kikan_iim_static(ctx, 2, a2, c2, q, &info) == KIKAN_OK);
    CU_ASSERT_EQUAL(q[0], 1.0);
    CU_ASSERT(near(q[1], 0.95, STATIC_TOL));
    CU_ASSERT_EQUAL(info.clipped, 1);
}

/* Closed form of the linear dynamic IIM with constant c*. */
static void closed_form(int n, const double *a, const double *k, const double *c, const double *q0,
                        double t, double *q, double *integral)
{
    gsl_matrix *m = gsl_matrix_alloc(n, n), *mt = gsl_matrix_alloc(n, n),
               *e = gsl_matrix_alloc(n, n), *lu = gsl_matrix_alloc(n, n);
    gsl_permutation *p = gsl_permutation_alloc(n);
    gsl_vector *qinf = gsl_vector_alloc(n), *d = gsl_vector_alloc(n), *ed = gsl_vector_alloc(n),
               *b = gsl_vector_alloc(n), *x = gsl_vector_alloc(n);
    int sign = 0;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double ia = (i == j ? 1.0 : 0.0) - a[i * n + j];
            gsl_matrix_set(lu, i, j, ia);
            gsl_matrix_set(m, i, j, k[i] * ia);
            gsl_matrix_set(mt, i, j, -k[i] * ia * t);
        }
        gsl_vector_set(b, i, c[i]);
    }
    gsl_linalg_LU_decomp(lu, p, &sign);
    gsl_linalg_LU_solve(lu, p, b, qinf); /* q_inf = (I - A*)^-1 c* */
    gsl_linalg_exponential_ss(mt, e, GSL_PREC_DOUBLE);
    for (int i = 0; i < n; i++) {
        gsl_vector_set(d, i, q0[i] - gsl_vector_get(qinf, i));
    }
    gsl_blas_dgemv(CblasNoTrans, 1.0, e, d, 0.0, ed);
    for (int i = 0; i < n; i++) {
        q[i] = gsl_vector_get(qinf, i) + gsl_vector_get(ed, i);
        gsl_vector_set(b, i, gsl_vector_get(d, i) - gsl_vector_get(ed, i)); /* (I - e)d */
    }
    gsl_linalg_LU_decomp(m, p, &sign);
    gsl_linalg_LU_solve(m, p, b, x);
    for (int i = 0; i < n; i++) {
        integral[i] = gsl_vector_get(qinf, i) * t + gsl_vector_get(x, i);
    }
    gsl_matrix_free(m);
    gsl_matrix_free(mt);
    gsl_matrix_free(e);
    gsl_matrix_free(lu);
    gsl_permutation_free(p);
    gsl_vector_free(qinf);
    gsl_vector_free(d);
    gsl_vector_free(ed);
    gsl_vector_free(b);
    gsl_vector_free(x);
}

static const double A3[] = {0, .25, .25, .25, 0, .25, .25, .25, 0};
static const double K3[] = {0.7, 1.3, 2.385};

/* Constant c*, q0 != 0, outputs x: every grid point and the loss against the
 * closed form. Nothing saturates (A*q + c* < 0.7 all along), so the min(1, .)
 * is inactive and the model is the linear DIIM. */
static void test_dynamic_closed_form(void)
{
    const double c[] = {0.1, 0.0, 0.05}, q0[] = {0.5, 0.1, 0.0}, x[] = {3.5, 1.25, 0.4};
    const double t0 = 0.0;
    kikan_iim_forcing_t f = {1, &t0, c, 0};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = 6.0;
    o.n_steps = 12;
    double grid[13 * 3], lossv[3], loss = 0.0;
    CU_ASSERT_FATAL(kikan_iim_dynamic(ctx, 3, A3, K3, q0, &f, x, &o, grid, lossv, &loss) ==
                    KIKAN_OK);
    int bad = 0;
    double q[3], integ[3];
    for (int j = 0; j <= 12; j++) {
        closed_form(3, A3, K3, c, q0, 0.5 * j, q, integ);
        for (int i = 0; i < 3; i++) {
            bad += !near(grid[j * 3 + i], q[i], DYN_TOL);
        }
    }
    CU_ASSERT_EQUAL(bad, 0);
    closed_form(3, A3, K3, c, q0, 6.0, q, integ);
    double want = 0.0;
    for (int i = 0; i < 3; i++) {
        CU_ASSERT(near(lossv[i], x[i] * integ[i], DYN_TOL));
        want += x[i] * integ[i];
    }
    CU_ASSERT(near(loss, want, DYN_TOL));
    /* without outputs the loss is ∫ sum_i q_i */
    CU_ASSERT_FATAL(kikan_iim_dynamic(ctx, 3, A3, K3, q0, &f, NULL, &o, NULL, NULL, &loss) ==
                    KIKAN_OK);
    CU_ASSERT(near(loss, integ[0] + integ[1] + integ[2], DYN_TOL));
}

/* Time-varying forcing: c* = c on [0, 2], then 0 (a repaired outage, with a
 * 1e-9-wide ramp). Closed form in two phases: from q0 under c for t = 2,
 * then from q(2) under 0 for t = 1.5. The ramp shifts the answer by at most
 * 1e-9·max(c)·max(k) ≈ 5e-10 in dq/dt for 1e-9 time units, i.e. < 1e-10. */
static void test_dynamic_forcing(void)
{
    const double c[] = {0.2, 0.05, 0.0}, z[] = {0, 0, 0}, q0[] = {0, 0, 0};
    const double ts[] = {0.0, 2.0, 2.0 + 1e-9};
    double rows[9];
    memcpy(rows, c, sizeof(c));
    memcpy(rows + 3, c, sizeof(c));
    memcpy(rows + 6, z, sizeof(z));
    kikan_iim_forcing_t f = {3, ts, rows, 0};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = 3.5;
    o.n_steps = 7;
    double grid[8 * 3], loss = 0.0;
    CU_ASSERT_FATAL(kikan_iim_dynamic(ctx, 3, A3, K3, q0, &f, NULL, &o, grid, NULL, &loss) ==
                    KIKAN_OK);
    double q2[3], i2[3], q[3], i3[3];
    closed_form(3, A3, K3, c, q0, 2.0, q2, i2);
    closed_form(3, A3, K3, z, q2, 1.5, q, i3);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT(near(grid[4 * 3 + i], q2[i], DYN_TOL)); /* t = 2.0 */
        CU_ASSERT(near(grid[7 * 3 + i], q[i], DYN_TOL));  /* t = 3.5 */
    }
    CU_ASSERT(near(loss, i2[0] + i2[1] + i2[2] + i3[0] + i3[1] + i3[2], DYN_TOL));
}

/* Sector outages as a step forcing: sector 1 at 0.3 on [1, 3), sector 3 at
 * 0.2 on [2, 2.5). Instants {0, 1, 2, 2.5, 3}, rows 0 / (.3,0,0) /
 * (.3,0,.2) / (.3,0,0) / 0. The closed form is chained over the five phases;
 * the step form is integrated exactly segment by segment, so the same DYN_TOL
 * holds. */
static void test_dynamic_outages(void)
{
    const kikan_iim_outage_t out[] = {{0, 1.0, 3.0, 0.3}, {2, 2.0, 2.5, 0.2}};
    double *ts = NULL, *rows = NULL;
    kikan_id_t nt = 0;
    CU_ASSERT_FATAL(kikan_iim_forcing_from_outages(ctx, 3, out, 2, &ts, &rows, &nt) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(nt, 5);
    const double want_t[] = {0, 1, 2, 2.5, 3};
    const double want_rows[] = {0, 0, 0, .3, 0, 0, .3, 0, .2, .3, 0, 0, 0, 0, 0};
    CU_ASSERT(memcmp(ts, want_t, sizeof(want_t)) == 0);
    CU_ASSERT(memcmp(rows, want_rows, sizeof(want_rows)) == 0);
    kikan_iim_forcing_t f = {nt, ts, rows, 1};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = 4.0;
    o.n_steps = 8;
    double grid[9 * 3], loss = 0.0;
    CU_ASSERT_FATAL(kikan_iim_dynamic(ctx, 3, A3, K3, NULL, &f, NULL, &o, grid, NULL, &loss) ==
                    KIKAN_OK);
    double q[3] = {0, 0, 0}, qn[3], integ[3], total = 0.0;
    const double ends[] = {1, 2, 2.5, 3, 4};
    for (int ph = 0; ph < 5; ph++) {
        double start = ph == 0 ? 0.0 : ends[ph - 1];
        closed_form(3, A3, K3, want_rows + 3 * ph, q, ends[ph] - start, qn, integ);
        memcpy(q, qn, sizeof(q));
        total += integ[0] + integ[1] + integ[2];
        if (ph == 1) { /* t = 2: grid point 4 */
            for (int i = 0; i < 3; i++) {
                CU_ASSERT(near(grid[4 * 3 + i], q[i], DYN_TOL));
            }
        }
    }
    for (int i = 0; i < 3; i++) {
        CU_ASSERT(near(grid[8 * 3 + i], q[i], DYN_TOL));
        CU_ASSERT(grid[2 * 3 + i] == 0.0); /* nothing before the first outage */
    }
    CU_ASSERT(near(loss, total, DYN_TOL));
    free(ts);
    free(rows);
    /* overlapping outages of one sector add up, capped at 1 */
    const kikan_iim_outage_t two[] = {{1, 0.0, 2.0, 0.7}, {1, 1.0, 3.0, 0.6}};
    CU_ASSERT_FATAL(kikan_iim_forcing_from_outages(ctx, 2, two, 2, &ts, &rows, &nt) == KIKAN_OK);
    CU_ASSERT_EQUAL(nt, 4);
    CU_ASSERT(rows[1] == 0.7 && rows[3] == 1.0 && rows[5] == 0.6 && rows[7] == 0.0);
    free(ts);
    free(rows);
    /* no outages: one instant, zero forcing */
    CU_ASSERT_FATAL(kikan_iim_forcing_from_outages(ctx, 2, NULL, 0, &ts, &rows, &nt) == KIKAN_OK);
    CU_ASSERT(nt == 1 && rows[0] == 0.0 && rows[1] == 0.0);
    free(ts);
    free(rows);
    const kikan_iim_outage_t bad[] = {
        {2, 0.0, 1.0, 0.5}, {0, 1.0, 1.0, 0.5}, {0, 0.0, 1.0, 1.5}, {0, -1.0, 1.0, 0.5}};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_EQUAL(kikan_iim_forcing_from_outages(ctx, 2, bad + i, 1, &ts, &rows, &nt),
                        KIKAN_EINVAL);
        CU_ASSERT_PTR_NULL(ts);
    }
}

/* With a clipping perturbation the dynamics settle on the static fixed point
 * (1, 0.7) of test_static_clipping(a). Once sector 1 saturates (A*q + c* >= 1
 * there as soon as q2 >= 0.2), dq1/dt = 0.9 (1 - q1) and dq2/dt =
 * 1.7 (0.6 q1 + 0.1 - q2): both decay at rate >= 0.9, so by t = 40 the
 * distance to (1, 0.7) is of order e^-34 — nothing next to DYN_TOL. q must also
 * stay inside [0, 1] on the way. */
static void test_dynamic_clipping(void)
{
    const double a[] = {0, .5, .6, 0}, c[] = {.9, .1}, k[] = {0.9, 1.7}, t0 = 0.0;
    kikan_iim_forcing_t f = {1, &t0, c, 0};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = 40.0;
    o.n_steps = 40;
    double grid[41 * 2];
    CU_ASSERT_FATAL(kikan_iim_dynamic(ctx, 2, a, k, NULL, &f, NULL, &o, grid, NULL, NULL) ==
                    KIKAN_OK);
    CU_ASSERT(near(grid[40 * 2 + 0], 1.0, DYN_TOL));
    CU_ASSERT(near(grid[40 * 2 + 1], 0.7, DYN_TOL));
    int inside = 1;
    for (int j = 0; j <= 40; j++) {
        inside &= grid[2 * j] >= 0.0 && grid[2 * j] <= 1.0 + 1e-12;
    }
    CU_ASSERT(inside);
}

static int diag_contains(const char *needle)
{
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        if (strstr(kikan_diag_get(ctx, i), needle) != NULL) {
            return 1;
        }
    }
    return 0;
}

static void test_errors(void)
{
    double q[2];
    const double c[] = {.1, .1};
    const double sing[] = {.5, .5, .5, .5}; /* I - A* = [[.5,-.5],[-.5,.5]], det 0 */
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_static(ctx, 2, sing, c, q, NULL), KIKAN_EINPUT);
    CU_ASSERT(diag_contains("singular"));
    const double big[] = {.9, .5, .5, .9}; /* eigenvalues 1.4 and 0.4 */
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_static(ctx, 2, big, c, q, NULL), KIKAN_EINPUT);
    CU_ASSERT(diag_contains("spectral radius"));
    const double neg[] = {.1, -.2, .3, .1};
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_static(ctx, 2, neg, c, q, NULL), KIKAN_EINPUT);
    CU_ASSERT(diag_contains("A*[1][2]"));
    const double ok[] = {.2, .3, .1, .4}, cneg[] = {.1, -.05};
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_static(ctx, 2, ok, cneg, q, NULL), KIKAN_EINPUT);
    CU_ASSERT(diag_contains("c*[2]"));
    CU_ASSERT_EQUAL(kikan_iim_static(ctx, 0, ok, c, q, NULL), KIKAN_EINVAL);

    const double t0 = 0.0, kbad[] = {1.0, 0.0}, kok[] = {1, 1}, q0bad[] = {0.5, 1.5};
    kikan_iim_forcing_t f = {1, &t0, c, 0};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_dynamic(ctx, 2, ok, kbad, NULL, &f, NULL, &o, NULL, NULL, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT(diag_contains("k[2]"));
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_dynamic(ctx, 2, ok, kok, q0bad, &f, NULL, &o, NULL, NULL, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT(diag_contains("q0[2]"));
    const double ts[] = {1.0, 1.0}, rows[] = {.1, .1, .2, .2};
    kikan_iim_forcing_t f2 = {2, ts, rows, 0};
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_dynamic(ctx, 2, ok, kok, NULL, &f2, NULL, &o, NULL, NULL, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT(diag_contains("increasing"));
    o.t_end = -1.0;
    CU_ASSERT_EQUAL(kikan_iim_dynamic(ctx, 2, ok, kok, NULL, &f, NULL, &o, NULL, NULL, NULL),
                    KIKAN_EINVAL);
    kikan_diag_clear(ctx);
    /* allocation failures are reported, never crash */
    o = kikan_iim_dyn_opts_default();
    for (int n = 0; n < 10; n++) {
        kikan_ctx_fail_alloc_after(ctx, n);
        kikan_error_t e1 = kikan_iim_static(ctx, 2, ok, c, q, NULL);
        kikan_ctx_fail_alloc_after(ctx, n);
        kikan_error_t e2 = kikan_iim_dynamic(ctx, 2, ok, kok, NULL, &f, NULL, &o, NULL, NULL, NULL);
        kikan_ctx_fail_alloc_after(ctx, -1);
        CU_ASSERT(e1 == KIKAN_OK || e1 == KIKAN_ENOMEM);
        CU_ASSERT(e2 == KIKAN_OK || e2 == KIKAN_ENOMEM);
    }
}

/* CSV reader: shape, comments, and each malformed case with FILE:LINE. */
static void test_csv(void)
{
    char *dir = kikan_test_tmpdir();
    char p[512];
    kikan_id_t r = 0, c = 0;
    double *v = NULL;
    snprintf(p, sizeof(p), "%s/m.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(p, "# A*\n0.2, 0.3\n\n 0.1 ,4e-1\n"));
    CU_ASSERT_FATAL(kikan_iim_read_csv(ctx, p, &r, &c, &v) == KIKAN_OK);
    CU_ASSERT(r == 2 && c == 2);
    CU_ASSERT(v[0] == 0.2 && v[1] == 0.3 && v[2] == 0.1 && v[3] == 0.4);
    free(v);
    const char *bad[][2] = {{"0.2,0.3\n0.1\n", ":2: 1 field, but the first row has 2"},
                            {"0.2,0.3\n0.1,abc\n", ":2: field 2: expected a finite number"},
                            {"0.2,,0.3\n", ":1: field 2: expected a finite number, got ''"},
                            {"0.2,nan\n", ":1: field 2"},
                            {"0.2,1e999\n", ":1: field 2"},
                            {"# only a comment\n", "no numbers"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CU_ASSERT_FATAL(kikan_test_write(p, bad[i][0]));
        kikan_diag_clear(ctx);
        CU_ASSERT_EQUAL(kikan_iim_read_csv(ctx, p, &r, &c, &v), KIKAN_EINPUT);
        CU_ASSERT_PTR_NULL(v);
        CU_ASSERT(diag_contains(bad[i][1]));
    }
    snprintf(p, sizeof(p), "%s/missing.csv", dir);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_iim_read_csv(ctx, p, &r, &c, &v), KIKAN_EINPUT);
    CU_ASSERT(diag_contains("cannot open"));
    kikan_diag_clear(ctx);
    snprintf(p, sizeof(p), "%s/m.csv", dir);
    unlink(p);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS || kikan_ctx_new(&ctx) != KIKAN_OK) {
        return 1;
    }
    kikan_ctx_set_log_level(ctx, KIKAN_LOG_ERROR);
    CU_pSuite s = CU_add_suite("iim", NULL, NULL);
    CU_add_test(s, "static Haimes & Jiang 2001 two sectors", test_static_haimes_jiang);
    CU_add_test(s, "static 2x2", test_static_2x2);
    CU_add_test(s, "static 3x3", test_static_3x3);
    CU_add_test(s, "static clipping", test_static_clipping);
    CU_add_test(s, "dynamic vs closed form", test_dynamic_closed_form);
    CU_add_test(s, "dynamic time-varying forcing", test_dynamic_forcing);
    CU_add_test(s, "dynamic sector outages (step forcing)", test_dynamic_outages);
    CU_add_test(s, "dynamic clipping settles on static", test_dynamic_clipping);
    CU_add_test(s, "errors", test_errors);
    CU_add_test(s, "csv reader", test_csv);
    int rc = kikan_test_main();
    kikan_ctx_free(&ctx);
    return rc;
}
