/*
 * kikan — economic loss of a scenario run from the dynamic inoperability
 * input-output model (IIM, include/kikan/iim.h): the physical cascade's
 * per-sector outage becomes the IIM's perturbation c*(t), and the economic
 * loss is the sectors' output lost while they are inoperable.
 *
 * Formula (per replicate and what-if; docs/scenario-format.md "Economics"):
 *   c*_i(t) = customers of sector i cut off at grid time t_g / customers of
 *             sector i, held constant on [t_g, t_g+1) (the engine's curves);
 *   dq/dt   = K (min(1, A* q + c*(t)) - q),  q(0) = 0, K = diag(k) per hour;
 *   loss    = sum_i (x_i / 8760 h) * integral_0^H q_i(t) dt   (JPY),
 * with x_i the sector's annual output (JPY/year, sectors.csv output_jpy) and
 * H the horizon. The min is the IIM's cap at full inoperability; it is
 * inactive in the usual case A* q + c* <= 1, where the equation is the
 * linear dynamic IIM of Lian & Haimes (2006).
 *
 * DESIGN: the loss is a pure function of one replicate's curves, so the
 * ensemble computes it right after the replicate, in the same OpenMP
 * iteration, with a per-thread workspace allocated before the region
 * (bit-identical for any thread count; nothing allocated while solving).
 * Runs of identical grid rows are merged into one forcing segment, so a
 * replicate costs ODE work only where the outage changes; a replicate with
 * no outage has loss exactly 0 without solving.
 */
#ifndef KIKAN_ECON_H
#define KIKAN_ECON_H

#include "kikan/context.h"
#include "kikan/error.h"
#include "kikan/world.h"

#ifdef __cplusplus
extern "C" {
#endif
KIKAN_API_BEGIN

/** Default resilience coefficient (per hour): 1/24, i.e. 99% recovery in
 *  24 h x ln(100) ~ 110 h by Lian & Haimes's k = ln(q(0)/q(T)) / T. */
#define KIKAN_ECON_DEFAULT_K (1.0 / 24.0)
/** Hours in a year: x_i / KIKAN_HOURS_PER_YEAR is output per hour. */
#define KIKAN_HOURS_PER_YEAR 8760.0

/**
 * The built-in A* for sectors named by `ids` (n of them, each one of the six
 * built-in ids power, telecom, rail, aviation, airports, banking, no
 * repeats): the principal submatrix of the built-in 6x6 matrix in the given
 * order, written row-major into astar (n*n). Illustrative, rounded values
 * (see docs/scenario-format.md). Returns KIKAN_EINPUT when some id is not
 * built-in or repeats (nothing added to diagnostics), KIKAN_EINVAL on
 * NULL or n < 1. O(n^2).
 */
kikan_error_t kikan_econ_builtin_astar(const char *const *ids, kikan_id_t n, double *astar);

/** Everything the loss needs for one world (flat arrays, borrowed). */
typedef struct {
    kikan_id_t n_sectors;
    const double *astar;    /* [S*S] row-major, sector order */
    const double *k;        /* [S] per hour, > 0 */
    const double *x_hourly; /* [S] output per hour (JPY/h) = output_jpy / 8760 */
    const double *cust;     /* [S] customers of each sector (0: the sector never perturbs) */
    int n_grid;             /* G grid points at g * step */
    double step, horizon;   /* hours */
} kikan_econ_t;

/** ODE solver error per step (absolute and relative), as kikan_iim_dyn_opts_default. */
#define KIKAN_ECON_TOL 1e-10

/**
 * Check e once before solving: A* as kikan_iim_check (finite, >= 0, I - A*
 * invertible, spectral radius < 1), k finite and > 0, outputs and customers
 * finite and >= 0. Problems become diagnostics "economics: ...".
 * KIKAN_EINVAL on NULL or bad shapes, KIKAN_EINPUT, KIKAN_ENOMEM. Serial; O(S^3).
 */
kikan_error_t kikan_econ_check(kikan_ctx_t *ctx, const kikan_econ_t *e);

/** Per-thread scratch for kikan_econ_loss (forcing rows, ODE state and driver). */
typedef struct kikan_econ_ws kikan_econ_ws_t;
/** Allocate a workspace for e (which must outlive it). KIKAN_EINVAL, KIKAN_ENOMEM. O(S*G). */
kikan_error_t kikan_econ_ws_new(const kikan_econ_t *e, kikan_econ_ws_t **ws);
/** Free; accepts NULL, clears the pointer. */
void kikan_econ_ws_free(kikan_econ_ws_t **ws);

/**
 * Economic loss (JPY) of one replicate from its curves [S*G] (customers cut
 * off per sector at each grid time, results.h order), by the formula above.
 * e must have passed kikan_econ_check. Deterministic: a function of e and
 * curves only (whatever ws solved before). Thread-safe for distinct
 * workspaces; allocates nothing. Errors: KIKAN_EINVAL (NULL, a workspace
 * made for another e), KIKAN_ENUMERIC (the ODE solver failed).
 * Time O(S*G + changes of the curves x ODE steps x S^2).
 */
kikan_error_t kikan_econ_loss(const kikan_econ_t *e, kikan_econ_ws_t *ws, const double *curves,
                              double *loss);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
