/*
 * Behaviour models for the event engine: how an asset reacts when it is hit,
 * when its supply is lost or comes back, and when its own timer fires.
 *
 * DESIGN: the kernel (sim/engine.c) owns time, the timer heap, the counting
 * of working providers per redundancy group, the fixed point and the impact
 * accounting; a behaviour model only decides state changes through the
 * kernel services in sim/engine_impl.h. A research model plugs in by adding
 * one table here and a name in kikan_behaviour_find (sim/behaviour_dependency.c).
 * Hooks run inside the parallel region: no allocation, no igraph, no globals.
 */
#ifndef KIKAN_BEHAVIOUR_H
#define KIKAN_BEHAVIOUR_H

#include "kikan/engine.h"

typedef struct {
    const char *name;
    /** Asset a is hit at t and stays down at least until `until` (INFINITY: for good). */
    void (*on_hit)(kikan_workspace_t *ws, kikan_id_t a, double t, double until, const char *why);
    /** a's supply changed at t (supplied: every redundancy group holds again); called again
        with supplied = 0 when the set of a's lost groups changes while it stays unsupplied. */
    void (*on_supply)(kikan_workspace_t *ws, kikan_id_t a, double t, int supplied);
    /** a's timer fired at t. */
    void (*on_timer)(kikan_workspace_t *ws, kikan_id_t a, double t);
} kikan_behaviour_ops_t;

extern const kikan_behaviour_ops_t kikan_behaviour_dependency;

#endif
