/*
 * The right-hand side of the dynamic inoperability input-output model
 * (Santos & Haimes 2004, with the saturation of Haimes & Jiang 2001), one
 * definition for the research command (iim.c) and the economic loss of
 * scenario runs (econ.c):
 *
 *   dq_i/dt = k_i (min(1, c*_i + sum_j A*_ij q_j) - q_i),   dL_i/dt = q_i
 *
 * y = (q, L), dydt likewise, both of length 2n. Allocation-free, thread-safe.
 */
#ifndef KIKAN_IIM_RHS_H
#define KIKAN_IIM_RHS_H

#include "kikan/context.h"

static inline void kikan_iim_rhs(kikan_id_t n, const double *astar, const double *k,
                                 const double *c, const double *y, double *dydt)
{
    for (kikan_id_t i = 0; i < n; i++) {
        double s = c[i];
        const double *a = astar + (size_t)i * (size_t)n;
        for (kikan_id_t j = 0; j < n; j++) {
            s += a[j] * y[j];
        }
        if (s > 1.0) {
            s = 1.0;
        }
        dydt[i] = k[i] * (s - y[i]);
        dydt[n + i] = y[i];
    }
}

#endif
