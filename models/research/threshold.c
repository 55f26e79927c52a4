/*
 * Watts' threshold cascade (PNAS 99, 5766, 2002) on a CSR graph, and the
 * analytic cascade window for Erdős–Rényi graphs.
 *
 * DESIGN: a cascade is a queue of newly failed vertices; each failure
 * lowers its neighbours' remaining counts, which start at need(k), the
 * smallest integer c with c/k >= phi, and a neighbour fails when its count
 * reaches 0. The counts and
 * states are reset by walking the vertices the cascade touched, so a
 * replicate costs time proportional to its own cascade, not to N, and the
 * workspaces are allocated once per thread. Replicates are independent:
 * replicate r seeds its generator from (seed, r), writes its own result slot,
 * and the slots are reduced in replicate order afterwards — bit-identical
 * for any thread count and schedule.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/research.h"
#include "core/rng.h"

/* Relative slack of the test count/k >= phi: phi·k is rounded (phi = 0.2 is
 * 0.2000000000000000111), so compare against phi·k·(1 - 1e-12). */
static const double FRACTION_RTOL = 1e-12;

uint32_t kikan_research_stream_seed(uint64_t seed, uint64_t stream)
{
    uint64_t h =
        kikan_splitmix64(kikan_splitmix64(seed) ^ kikan_splitmix64(stream + 0x632be59bd9b4e019ULL));
    /* mt19937 uses 32 bits of its seed; 0 is replaced by GSL's default, avoid it. */
    uint32_t s = (uint32_t)(h >> 32);
    return s == 0 ? 1u : s;
}

static kikan_id_t need_for(double phi, kikan_id_t k)
{
    double c = ceil(phi * (double)k * (1.0 - FRACTION_RTOL));
    return c < 1.0 ? 1 : (kikan_id_t)c;
}

kikan_error_t kikan_threshold_cascade(const kikan_graph_t *g, double phi, kikan_id_t seed_vertex,
                                      uint8_t *state, kikan_id_t *count, kikan_id_t *queue,
                                      kikan_id_t *failed)
{
    /* No cleanup label: this function allocates nothing and fails before
     * touching its workspaces. */
    *failed = 0;
    if (!(phi > 0.0 && phi <= 1.0) || seed_vertex < 0 || seed_vertex >= g->n || g->multi) {
        return KIKAN_EINVAL;
    }
    /* queue[0..tail) holds the failed vertices in failure order; touched[]
     * (the second half of the workspace) every vertex whose state or count
     * changed, so that both can be reset without scanning all n. */
    kikan_id_t *touched = queue + g->n;
    kikan_id_t head = 0, tail = 0, ntouched = 0;
    queue[tail++] = seed_vertex;
    touched[ntouched++] = seed_vertex;
    state[seed_vertex] = 1;
    while (head < tail) {
        kikan_id_t v = queue[head++];
        for (kikan_id_t i = g->off[v]; i < g->off[v + 1]; i++) {
            kikan_id_t w = g->adj[i];
            if (state[w] == 1) {
                continue;
            }
            if (state[w] == 0) {
                /* first failed neighbour: count[w] becomes the number of
                 * failed neighbours w still needs (one phi·k per vertex, not
                 * per edge visit) */
                state[w] = 2;
                count[w] = need_for(phi, g->off[w + 1] - g->off[w]);
                touched[ntouched++] = w;
            }
            if (--count[w] == 0) {
                state[w] = 1;
                queue[tail++] = w;
            }
        }
    }
    *failed = tail;
    for (kikan_id_t i = 0; i < ntouched; i++) {
        state[touched[i]] = 0;
        count[touched[i]] = 0;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_threshold_run(kikan_ctx_t *ctx, const kikan_graph_t *g, double phi,
                                  int64_t reps, uint64_t seed, kikan_threshold_result_t *result,
                                  double *fractions)
{
    kikan_error_t err = KIKAN_OK;
    uint8_t *state = NULL;
    kikan_id_t *ibuf = NULL;
    double *frac = NULL;
    gsl_rng **rngs = NULL;
    int nt = 0;

    memset(result, 0, sizeof(*result));
    const kikan_id_t n = g->n;
    if (!(phi > 0.0 && phi <= 1.0) || reps < 1 || n < 1 || g->multi) {
        KIKAN_FAIL(KIKAN_EINVAL);
    }
    nt = kikan_ctx_threads(ctx);
    if ((int64_t)nt > reps) {
        nt = (int)reps;
    }
    state = kikan_ctx_calloc(ctx, (size_t)nt * (size_t)n, 1);
    KIKAN_CHECK_ALLOC(state);
    ibuf = kikan_ctx_calloc(ctx, (size_t)nt * 3 * (size_t)n, sizeof(kikan_id_t));
    KIKAN_CHECK_ALLOC(ibuf);
    frac = fractions != NULL ? fractions : kikan_ctx_malloc(ctx, (size_t)reps * sizeof(double));
    KIKAN_CHECK_ALLOC(frac);
    rngs = kikan_ctx_calloc(ctx, (size_t)nt, sizeof(gsl_rng *));
    KIKAN_CHECK_ALLOC(rngs);
    for (int t = 0; t < nt; t++) {
        rngs[t] = gsl_rng_alloc(gsl_rng_mt19937);
        KIKAN_CHECK_ALLOC(rngs[t]);
    }

    int bad = 0;
#pragma omp parallel for num_threads(nt) schedule(dynamic, 4) default(none)                        \
    shared(g, phi, reps, seed, state, ibuf, frac, rngs, n) reduction(|                             \
                                                                     : bad)
    for (int64_t r = 0; r < reps; r++) {
        int t = omp_get_thread_num();
        gsl_rng *rng = rngs[t];
        /* one generator state per replicate: the thread's generator is
         * re-seeded from (seed, r), so r's draws do not depend on the thread */
        gsl_rng_set(rng, kikan_research_stream_seed(seed, (uint64_t)r));
        kikan_id_t s = (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)n);
        kikan_id_t *count = ibuf + (size_t)t * 3 * (size_t)n;
        kikan_id_t failed = 0;
        if (kikan_threshold_cascade(g, phi, s, state + (size_t)t * (size_t)n, count, count + n,
                                    &failed) != KIKAN_OK) {
            bad = 1;
        }
        frac[r] = (double)failed / (double)n;
    }
    if (bad) {
        KIKAN_FAIL(KIKAN_EINTERNAL);
    }
    double sum = 0.0;
    int64_t global = 0;
    for (int64_t r = 0; r < reps; r++) {
        sum += frac[r];
        if (frac[r] > KIKAN_THRESHOLD_GLOBAL_SHARE) {
            global++;
        }
    }
    result->reps = reps;
    result->mean_fraction = sum / (double)reps;
    result->global_probability = (double)global / (double)reps;
cleanup:
    if (rngs != NULL) {
        for (int t = 0; t < nt; t++) {
            gsl_rng_free(rngs[t]);
        }
    }
    free(rngs);
    if (frac != fractions) {
        free(frac);
    }
    free(state);
    free(ibuf);
    return err;
}

double kikan_threshold_watts_condition(double z, double phi)
{
    /* sum_{k=2}^{K} k(k-1) e^{-z} z^k / k! = z^2 e^{-z} sum_{j=0}^{K-2} z^j / j! */
    double kmax = floor(1.0 / phi * (1.0 + FRACTION_RTOL));
    if (kmax < 2.0) {
        return -z;
    }
    double term = 1.0, sum = 0.0;
    for (int j = 0; j <= (int)kmax - 2; j++) {
        if (j > 0) {
            term *= z / (double)j;
        }
        sum += term;
    }
    return z * z * exp(-z) * sum - z;
}

typedef struct {
    double phi;
} window_params_t;

static double window_fn(double z, void *p)
{
    const window_params_t *wp = p;
    /* divide by z: the root z = 0 of G is trivial */
    return kikan_threshold_watts_condition(z, wp->phi) / z;
}

static int brent(double phi, double lo, double hi, double *root)
{
    window_params_t wp = {phi};
    gsl_function f = {window_fn, &wp};
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (s == NULL) {
        return GSL_ENOMEM;
    }
    int status = gsl_root_fsolver_set(s, &f, lo, hi);
    for (int it = 0; status == GSL_SUCCESS && it < 200; it++) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS) {
            break;
        }
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        status = gsl_root_test_interval(a, b, 0.0, 1e-12);
        if (status == GSL_SUCCESS) {
            break;
        }
        status = status == GSL_CONTINUE ? GSL_SUCCESS : status;
    }
    *root = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    return status;
}

kikan_error_t kikan_threshold_watts_window(double phi, double *z_low, double *z_high)
{
    if (!(phi > 0.0 && phi <= 1.0)) {
        return KIKAN_EINVAL;
    }
    /* H(z) = G(z)/z = z e^{-z} S(z) - 1 is negative near 0 and at large z;
     * scan for its maximum to bracket the two roots. */
    window_params_t wp = {phi};
    double zbest = 0.0, hbest = -INFINITY;
    for (double z = 0.01; z < 200.0; z += 0.01) {
        double h = window_fn(z, &wp);
        if (h > hbest) {
            hbest = h;
            zbest = z;
        }
    }
    if (!(hbest > 0.0)) {
        return KIKAN_ENUMERIC;
    }
    /* Both brackets change sign by construction (H < 0 at the ends, H > 0 at
     * zbest), so GSL's error handler is never reached. */
    int s1 = brent(phi, 1e-9, zbest, z_low);
    int s2 = brent(phi, zbest, 400.0, z_high);
    return (s1 == GSL_SUCCESS && s2 == GSL_SUCCESS) ? KIKAN_OK : KIKAN_ENUMERIC;
}
