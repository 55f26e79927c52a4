/*
 * kikan — inoperability input-output model (IIM) over economic sectors:
 * static (Haimes & Jiang, J. Infrastructure Systems 7(1), 2001; Santos &
 * Haimes, Risk Analysis 24(6), 2004) and dynamic (Lian & Haimes 2006).
 *
 * Notation: n sectors; A* (n×n, row-major, entries >= 0) the normalised
 * interdependency matrix, a*_ij the inoperability sector i takes on per unit
 * inoperability of sector j; c* (n) the perturbation (demand reduction or
 * direct outage as inoperability); q (n) the inoperability, in [0, 1].
 *
 * Static:  q = min(1, A* q + c*)   (componentwise), the unique fixed point
 *          when the spectral radius rho(A*) < 1; it equals (I - A*)^-1 c*
 *          whenever that vector is <= 1.
 * Dynamic: dq_i/dt = k_i (min(1, (A* q + c*(t))_i) - q_i),  q(0) = q0,
 *          with resilience coefficients k_i > 0 (K = diag(k)). This is the
 *          linear dynamic IIM dq/dt = K(A* q + c* - q) wherever nothing
 *          saturates; the min keeps q in [0, 1] for q0 in [0, 1] and makes the
 *          trajectory settle on the static (clipped) fixed point for constant
 *          c*, so static and dynamic answers agree.
 * Loss:    loss_i = x_i ∫_0^T q_i(t) dt with x the sector outputs (x_i = 1 if
 *          no outputs are given), loss = sum_i loss_i.
 *
 * DESIGN: sector counts are small (tens to hundreds), so dense GSL linear
 * algebra is the right tool: SVD for the singularity test, the nonsymmetric
 * eigensolver for rho(A*), LU for the solves, gsl_odeiv2 (Runge–Kutta
 * Prince–Dormand 8(9) with step control) for the dynamics. The integral of q is integrated as
 * n extra ODE components, so the loss carries the solver's own error control.
 * Time-varying perturbations are piecewise linear in time; the solver is
 * restarted at every breakpoint so that no step straddles a kink.
 */
#ifndef KIKAN_IIM_H
#define KIKAN_IIM_H

#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** What the static solve found (diagnostics for reports and tests). */
typedef struct {
    double spectral_radius; /* rho(A*) */
    double condition;       /* 2-norm condition number of I - A* */
    kikan_id_t clipped;     /* sectors at q = 1 */
    kikan_id_t iterations;  /* fixed-point sweeps (0 when nothing clips) */
} kikan_iim_info_t;

/**
 * Check A* (and optionally c*) for the IIM: finite entries, A* >= 0, c* >= 0,
 * I - A* non-singular and rho(A*) < 1. Problems are added to ctx's
 * diagnostics prefixed with `what` (e.g. the file name; may be NULL).
 * @param cstar may be NULL.
 * @param info  may be NULL; receives spectral radius and condition number.
 * @return KIKAN_EINPUT on a failed check, KIKAN_EINVAL if n < 1, KIKAN_ENOMEM,
 *         KIKAN_ENUMERIC if the eigensolver fails. Time O(n^3).
 */
kikan_error_t kikan_iim_check(kikan_ctx_t *ctx, const char *what, kikan_id_t n, const double *astar,
                              const double *cstar, kikan_iim_info_t *info);

/**
 * Static IIM: q = min(1, A* q + c*). Solves (I - A*) q = c* by LU; if some
 * q_i > 1, runs the monotone fixed-point iteration from q = 0 and, at every
 * change of the clipped set S, solves the reduced system
 * (I - A*_UU) q_U = c*_U + A*_US 1 exactly, accepting it once it is a fixed
 * point (to 1e-12). Unique because rho(A*) < 1 makes the map a contraction
 * in a weighted max-norm.
 * @param q     caller-allocated, n entries; receives the solution.
 * @param info  may be NULL.
 * @return as kikan_iim_check, plus KIKAN_ENUMERIC if the iteration does not
 *         converge within 100000 sweeps. Time O(n^3 + sweeps·n^2).
 */
kikan_error_t kikan_iim_static(kikan_ctx_t *ctx, kikan_id_t n, const double *astar,
                               const double *cstar, double *q, kikan_iim_info_t *info);

/**
 * A perturbation over time: per-sector inoperability forcing c*(t), given at
 * n_times increasing instants t[0] < ... < t[n_times-1] as the rows of
 * cstar (n_times × n_sectors, row-major). Before t[0] c* equals row 0, after
 * the last instant the last row; one instant means a constant perturbation.
 * In between:
 *   step = 0: linear interpolation between consecutive rows;
 *   step = 1: piecewise constant, row j on [t[j], t[j+1]) — outages that
 *             start and end abruptly (see kikan_iim_forcing_from_outages).
 * The solver restarts at every instant, so both forms are integrated without
 * stepping over a kink or a jump. The arrays are borrowed, not copied.
 */
typedef struct {
    kikan_id_t n_times;
    const double *t;
    const double *cstar;
    int step;
} kikan_iim_forcing_t;

/** One sector outage: sector `sector` has inoperability forcing `level`
 *  (in [0, 1]) on [start, end). */
typedef struct {
    kikan_id_t sector;
    double start, end;
    double level;
} kikan_iim_outage_t;

/**
 * Turn sector outages into a piecewise-constant forcing (step = 1), the entry
 * point for scenarios: the instants are 0 and every start and end (sorted,
 * merged); between instants c*_i is the sum of the levels of sector i's active
 * outages, capped at 1.
 * @param n          sectors (>= 1).
 * @param outages    n_outages entries (n_outages >= 0; may be NULL when 0).
 * @param t, cstar   receive malloc'd arrays (n_times and n_times·n entries;
 *                   free with free()).
 * @param n_times    receives the number of instants.
 * @return KIKAN_EINVAL on a sector outside [0, n), a non-finite or negative
 *         time, end <= start or a level outside [0, 1]; KIKAN_ENOMEM.
 * Time O(k log k + k·n) for k outages.
 */
kikan_error_t kikan_iim_forcing_from_outages(kikan_ctx_t *ctx, kikan_id_t n,
                                             const kikan_iim_outage_t *outages,
                                             kikan_id_t n_outages, double **t, double **cstar,
                                             kikan_id_t *n_times);

/** Options of the dynamic solve. */
typedef struct {
    double t_end;       /* > 0: integrate over [0, t_end] */
    kikan_id_t n_steps; /* >= 1: output grid t_j = j·t_end/n_steps, j = 0..n_steps */
    double abs_tol;     /* > 0: solver absolute error per step (default 1e-10) */
    double rel_tol;     /* >= 0: solver relative error per step (default 1e-10) */
} kikan_iim_dyn_opts_t;

/** Defaults: t_end = 1, n_steps = 100, abs_tol = rel_tol = 1e-10. */
kikan_iim_dyn_opts_t kikan_iim_dyn_opts_default(void);

/**
 * Dynamic IIM over [0, t_end] (see the equations above).
 * @param astar    n×n, checked as kikan_iim_check does.
 * @param k        n resilience coefficients, each finite and > 0.
 * @param q0       n initial inoperabilities in [0, 1], or NULL for zeros.
 * @param forcing  c*(t), rows of n entries each finite and >= 0; t strictly
 *                 increasing and finite.
 * @param x        n sector outputs (finite, >= 0), or NULL for 1 each.
 * @param q_grid   caller-allocated, (n_steps + 1)·n entries, row j = q(t_j);
 *                 may be NULL.
 * @param loss_by_sector  n entries, x_i ∫ q_i; may be NULL.
 * @param loss     receives sum_i x_i ∫_0^t_end q_i dt; may be NULL.
 * @return KIKAN_EINPUT (with diagnostics) on bad matrices or vectors,
 *         KIKAN_EINVAL on bad options, KIKAN_ENUMERIC if the ODE solver fails,
 *         KIKAN_ENOMEM. Time O(n^3 + solver steps · n^2).
 */
kikan_error_t kikan_iim_dynamic(kikan_ctx_t *ctx, kikan_id_t n, const double *astar,
                                const double *k, const double *q0,
                                const kikan_iim_forcing_t *forcing, const double *x,
                                const kikan_iim_dyn_opts_t *opts, double *q_grid,
                                double *loss_by_sector, double *loss);

/**
 * Read a CSV matrix or vector of numbers: comma-separated fields, blanks
 * around fields allowed, '#' comment lines and blank lines skipped. Every row
 * must have the same number of fields. Strict: a field that is not a whole
 * finite number is an error "FILE:LINE: field F: ...".
 * @param rows, cols  receive the shape; *values receives a malloc'd row-major
 *                    array (free with free()).
 * @return KIKAN_EINPUT (diagnostics added; also when the file cannot be opened
 *         or holds no numbers), KIKAN_EIO on a read error, KIKAN_ENOMEM.
 */
kikan_error_t kikan_iim_read_csv(kikan_ctx_t *ctx, const char *path, kikan_id_t *rows,
                                 kikan_id_t *cols, double **values);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
