/*
 * The "dependency" behaviour model (the default) and the table of behaviour
 * models the event engine knows. See sim/behaviour.h.
 *
 * An asset works while every redundancy group holds k working providers.
 * - Buffers per supply: when a group falls below k, the asset keeps working
 *   for that group's buffer — its backup hours (drawn per replicate in
 *   [backup_hours, backup_hours_max]) for a power or fuel supply, or the
 *   group's own buffer_hours (dependencies.csv; the larger of the two when a
 *   power row has both) — counted from the moment the group was lost. Other
 *   supplies (data, control, telecom, cloud, payment...) have no buffer unless
 *   a row gives one: their loss stops the asset at once. With several
 *   supplies lost, the asset stops when the first buffer runs out; a supply
 *   that returns takes its deadline with it. Supplies back before: it simply
 *   continues (no restart), and the next loss starts a full buffer again
 *   (batteries and fuel are assumed restored between losses).
 * - Warm and cold restart: a stop that a buffer announced (the buffer ran
 *   out: an orderly shutdown) is followed by a warm restart, restart_hours
 *   once supplies are back; an abrupt stop (a supply lost with no buffer, a
 *   restart interrupted, or a hit) needs a cold restart, cold_restart_hours
 *   (>= restart_hours; database recovery, consistency checks, staged
 *   reopening). At once when the hours are 0.
 * - Hit (implant or forcing): down until its repair (or scheduled restore)
 *   time whatever its supplies; a second hit extends to the later end. At
 *   repair done it cold-restarts if supplied — a repaired system still has to
 *   be brought back up — otherwise it waits stopped for its supplies.
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
    ws->cold[a] = 1;
    if (st != KIKAN_ST_DOWN) {
        kikan_kernel_trace(ws, t, "FAIL", a, "%s", why);
    } else {
        kikan_kernel_trace(ws, t, "HIT", a, "%s (down until %.2f h)", why, until);
    }
    kikan_kernel_set_status(ws, a, KIKAN_ST_DOWN, t);
    kikan_kernel_set_timer(ws, a, ws->down_until[a]);
}

/* Supplies are back for a stopped (or just repaired) asset: restart it, cold after an abrupt
   stop, warm after an orderly one. */
static void restart(kikan_workspace_t *ws, kikan_id_t a, double t, const char *after)
{
    const int cold = ws->cold[a];
    const double r = cold ? ws->m->a_cold[a] : ws->m->a_restart[a];
    if (r > 0.0) {
        kikan_kernel_trace(ws, t, "RESTART", a, "%s, %s restart (%.2f h)", after,
                           cold ? "cold" : "warm", r);
        kikan_kernel_set_status(ws, a, KIKAN_ST_RESTARTING, t);
        kikan_kernel_set_timer(ws, a, t + r);
    } else {
        kikan_kernel_trace(ws, t, "RESTORE", a, "%s", after);
        ws->cold[a] = 0;
        kikan_kernel_set_status(ws, a, KIKAN_ST_OK, t);
    }
}

/* Stop a working asset now: its lost supplies have no buffer left (abrupt). */
static void stop_abruptly(kikan_workspace_t *ws, kikan_id_t a, double t, kikan_id_t g)
{
    if (ws->trace) {
        char cause[256], res[64];
        kikan_kernel_trace(ws, t, "FAIL", a, "no buffer for lost %s (%s)",
                           kikan_kernel_group_desc(ws, g, res, sizeof(res)),
                           kikan_kernel_cause(ws, a, cause, sizeof(cause)));
    }
    kikan_kernel_set_timer(ws, a, INFINITY);
    ws->cold[a] = 1;
    kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
}

static void dep_on_supply(kikan_workspace_t *ws, kikan_id_t a, double t, int supplied)
{
    char cause[256];
    const uint8_t st = ws->status[a];
    if (!supplied) {
        if (st == KIKAN_ST_OK || st == KIKAN_ST_BACKUP) {
            kikan_id_t g = KIKAN_NONE;
            int on_backup = 0;
            const double end = kikan_kernel_buffer_end(ws, a, &g, &on_backup);
            if (!(end > t)) {
                stop_abruptly(ws, a, t, g);
            } else if (st == KIKAN_ST_OK || end != ws->timer[a]) {
                if (ws->trace) {
                    char res[64];
                    kikan_kernel_trace(ws, t, st == KIKAN_ST_OK ? "BACKUP" : "BUFFER", a,
                                       "%s bridges lost %s until %.2f h (%.2f h left; %s)",
                                       on_backup ? "backup" : "own buffer",
                                       kikan_kernel_group_desc(ws, g, res, sizeof(res)), end,
                                       end - t, kikan_kernel_cause(ws, a, cause, sizeof(cause)));
                }
                kikan_kernel_set_status(ws, a, KIKAN_ST_BACKUP, t);
                kikan_kernel_set_timer(ws, a, end);
            }
        } else if (st == KIKAN_ST_RESTARTING) {
            if (ws->trace) {
                kikan_kernel_trace(ws, t, "STOP", a, "restart interrupted (%s)",
                                   kikan_kernel_cause(ws, a, cause, sizeof(cause)));
            }
            kikan_kernel_set_timer(ws, a, INFINITY);
            ws->cold[a] = 1;
            kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
        }
        return;
    }
    if (st == KIKAN_ST_BACKUP) {
        kikan_kernel_trace(ws, t, "RESUME", a, "supplies back before the buffer ran out");
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
            char res[64];
            kikan_id_t g = KIKAN_NONE;
            int on_backup = 0;
            (void)kikan_kernel_buffer_end(ws, a, &g, &on_backup);
            kikan_kernel_trace(ws, t, "FAIL", a, "%s for lost %s exhausted, orderly stop (%s)",
                               on_backup ? "backup" : "own buffer",
                               kikan_kernel_group_desc(ws, g, res, sizeof(res)),
                               kikan_kernel_cause(ws, a, cause, sizeof(cause)));
        }
        ws->cold[a] = 0;
        kikan_kernel_set_status(ws, a, KIKAN_ST_STOPPED, t);
        break;
    case KIKAN_ST_RESTARTING:
        kikan_kernel_trace(ws, t, "RESTORE", a, "restart done");
        ws->cold[a] = 0;
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
