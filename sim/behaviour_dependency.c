/*
 * The "dependency" behaviour model (the default) and the table of behaviour
 * models the event engine knows. See sim/behaviour.h.
 *
 * An asset works while every redundancy group holds k working providers.
 * - Supply lost while working: it runs on backup for its backup hours (drawn
 *   per replicate in [backup_hours, backup_hours_max]), then stops. Supply
 *   back before the backup runs out: it simply continues (no restart), and
 *   the next loss starts a full backup again (batteries and fuel are assumed
 *   restored between losses; the model keeps no partial charge).
 * - Stopped and supplies back: it restarts, working again after restart_hours
 *   (at once when 0). Supply lost again while restarting: stopped again.
 * - Hit (implant or forcing): down until its repair (or scheduled restore)
 *   time whatever its supplies; a second hit extends to the later end. At
 *   repair done it restarts if supplied — a repaired system still has to be
 *   brought back up, so restart_hours apply — otherwise it waits stopped for
 *   its supplies, then restarts.
 */
#include <math.h>
#include <string.h>
#include "models/behaviour_names.h"
#include "sim/engine_impl.h"

static void dep_on_hit(kikan_workspace_t *ws, kikan_id_t a, double t, double until, const char *why)
{
    const uint8_t st = ws->status[a];
    if (st == KIKAN_ST_DOWN && until <= ws->down_until[a]) {
        return; /* already down for longer */
    }
    ws->down_until[a] = until; /* a fresh hit, or a later end than the current one */
    if (st != KIKAN_ST_DOWN) {
        kikan_kernel_trace(ws, t, "FAIL", a, "%s", why);
    } else {
        kikan_kernel_trace(ws, t, "HIT", a, "%s (down until %.2f h)", why, until);
    }
    kikan_kernel_set_status(ws, a, KIKAN_ST_DOWN, t);
    kikan_kernel_set_timer(ws, a, ws->down_until[a]);
}

/* Supplies are back for a stopped (or just repaired) asset: restart it. */
static void restart(kikan_workspace_t *ws, kikan_id_t a, double t, const char *after)
{
    const double r = ws->m->a_restart[a];
    if (r > 0.0) {
        kikan_kernel_trace(ws, t, "RESTART", a, "%s, restarting (%.2f h)", after, r);
        kikan_kernel_set_status(ws, a, KIKAN_ST_RESTARTING, t);
        kikan_kernel_set_timer(ws, a, t + r);
    } else {
        kikan_kernel_trace(ws, t, "RESTORE", a, "%s", after);
        kikan_kernel_set_status(ws, a, KIKAN_ST_OK, t);
    }
}

static void dep_on_supply(kikan_workspace_t *ws, kikan_id_t a, double t, int supplied)
{
    char cause[256];
    const uint8_t st = ws->status[a];
    if (!supplied) {
        if (st == KIKAN_ST_OK) {
            const double b = kikan_kernel_backup(ws, a);
            if (b > 0.0) {
                if (ws->trace) {
                    kikan_kernel_trace(ws, t, "BACKUP", a, "on backup for %.2f h (%s)", b,
                                       kikan_kernel_cause(ws, a, cause, sizeof(cause)));
                }
                kikan_kernel_set_status(ws, a, KIKAN_ST_BACKUP, t);
                kikan_kernel_set_timer(ws, a, t + b);
            } else {
                if (ws->trace) {
                    kikan_kernel_trace(ws, t, "FAIL", a, "no backup (%s)",
                                       kikan_kernel_cause(ws, a, cause, sizeof(cause)));
                }
                kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
            }
        } else if (st == KIKAN_ST_RESTARTING) {
            if (ws->trace) {
                kikan_kernel_trace(ws, t, "STOP", a, "restart interrupted (%s)",
                                   kikan_kernel_cause(ws, a, cause, sizeof(cause)));
            }
            kikan_kernel_set_timer(ws, a, INFINITY);
            kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
        }
        return;
    }
    if (st == KIKAN_ST_BACKUP) {
        kikan_kernel_trace(ws, t, "RESUME", a, "supplies back before the backup ran out");
        kikan_kernel_set_timer(ws, a, INFINITY);
        kikan_kernel_set_status(ws, a, KIKAN_ST_OK, t);
    } else if (st == KIKAN_ST_STOPPED) {
        restart(ws, a, t, "supplies back");
    }
}

static void dep_on_timer(kikan_workspace_t *ws, kikan_id_t a, double t)
{
    char cause[256];
    switch (ws->status[a]) {
    case KIKAN_ST_BACKUP:
        if (ws->trace) {
            kikan_kernel_trace(ws, t, "FAIL", a, "backup exhausted (%s)",
                               kikan_kernel_cause(ws, a, cause, sizeof(cause)));
        }
        kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
        break;
    case KIKAN_ST_RESTARTING:
        kikan_kernel_trace(ws, t, "RESTORE", a, "restart done");
        kikan_kernel_set_status(ws, a, KIKAN_ST_OK, t);
        break;
    case KIKAN_ST_DOWN:
        if (kikan_kernel_supplied(ws, a)) {
            restart(ws, a, t, "repaired");
        } else {
            if (ws->trace) {
                kikan_kernel_trace(ws, t, "REPAIRED", a, "waiting for supplies (%s)",
                                   kikan_kernel_cause(ws, a, cause, sizeof(cause)));
            }
            kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
        }
        break;
    default:
        break; /* no timer runs in the other states */
    }
}

const kikan_behaviour_ops_t kikan_behaviour_dependency = {"dependency", dep_on_hit, dep_on_supply,
                                                          dep_on_timer};

const kikan_behaviour_ops_t *kikan_behaviour_find(const char *name)
{
    /* one table per name of models/behaviour_names.h, in its order */
    static const kikan_behaviour_ops_t *const tables[KIKAN_N_BEHAVIOURS] = {
        &kikan_behaviour_dependency};
    for (int i = 0; i < KIKAN_N_BEHAVIOURS; i++) {
        if (name != NULL && strcmp(name, kikan_behaviour_names[i]) == 0 && tables[i] != NULL &&
            strcmp(tables[i]->name, name) == 0) {
            return tables[i];
        }
    }
    return NULL;
}
