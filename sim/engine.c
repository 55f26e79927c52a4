/*
 * The cascade kernel: one replicate of one what-if, event-driven in
 * continuous time. See include/kikan/engine.h.
 *
 * DESIGN
 * - Time moves from event to event. Timers (backup exhausted, restart done,
 *   repair/restore done) live in an indexed binary heap keyed by (time,
 *   asset), one timer per asset (an asset's states are exclusive, so one
 *   suffices); implant and forcing hits are a list in time order, prepared
 *   at the start of the replicate. All events of one instant are applied
 *   first, then the structural rule runs to a fixed point before time moves
 *   on, so simultaneous events do not depend on their order.
 * - The structural rule is incremental: each redundancy group counts its
 *   working providers, each asset counts its groups below k. A provider that
 *   stops or starts working updates the counts of the groups it feeds; a
 *   dependent whose count crosses zero goes on a FIFO worklist. No recursion,
 *   so cycles (power <-> telecom) settle like anything else.
 * - Work is proportional to what the cascade touches: an asset's or group's
 *   state is (re)initialised the first time a run touches it (run stamps),
 *   so a replicate that hits three assets costs microseconds in a world of a
 *   million, and a new workspace costs no initialisation. Only the output
 *   grid (sectors x grid points) is written in full.
 * - Impact: customers cut off per sector are the customers served by
 *   non-working assets; customer-hours are the exact integral of that
 *   piecewise-constant function up to the horizon; the curve samples it
 *   (right-continuous: a grid time equal to an event time sees the state
 *   after the event); the peak is taken after each instant's fixed point.
 * - Randomness: see engine.h. The compromise stream (mt19937) is seeded from
 *   (seed, what-if) hashed, plus the replicate index, so replicates of one
 *   what-if never share a seed (gsl seeds are 32-bit); an asset's own stream
 *   (taus2, cheap to seed) from (seed, replicate, asset) hashed, drawn
 *   lazily: backup fraction first, repair time second, cached for the run.
 */
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_randist.h>
#include "models/world_impl.h"
#include "core/rng.h"
#include "models/results_impl.h"
#include "sim/engine_impl.h"

/* ---- seeding -------------------------------------------------------------------------------- */

static unsigned long main_seed(uint64_t seed, int whatif, int64_t replicate)
{
    const uint64_t base =
        kikan_splitmix64(kikan_splitmix64(seed) ^ ((uint64_t)whatif * 0xd6e8feb86659fd93ULL));
    return (unsigned long)(uint32_t)(base + (uint64_t)replicate);
}

static uint64_t asset_base(uint64_t seed, int64_t replicate)
{
    return kikan_splitmix64(kikan_splitmix64(seed ^ 0x5851f42d4c957f2dULL) + (uint64_t)replicate);
}

/* ---- workspace ------------------------------------------------------------------------------ */

void kikan_workspace_free(kikan_workspace_t **wsp)
{
    if (wsp == NULL || *wsp == NULL) {
        return;
    }
    kikan_workspace_t *ws = *wsp;
    kikan_econ_ws_free(&ws->econ);
    if (ws->rng) {
        gsl_rng_free(ws->rng);
    }
    if (ws->arng) {
        gsl_rng_free(ws->arng);
    }
    void *arrays[] = {
        ws->status,     ws->sup_seen,    ws->in_wl,        ws->unmet,       ws->timer,
        ws->down_until, ws->t_fail,      ws->t_recover,    ws->heap_pos,    ws->cause,
        ws->cause_res,  ws->touch_stamp, ws->bdraw_stamp,  ws->rdraw_stamp, ws->backup_len,
        ws->repair_len, ws->work,        ws->gtouch_stamp, ws->heap,        ws->wl,
        ws->hits,       ws->perm,        ws->fshare,       ws->opsec_stamp, ws->cust_down,
        ws->n_down,     ws->scratch,     ws->acc_ch,       ws->down_at,     ws->asset_ch,
        ws->touched,    ws->vkey,        ws->fx,           ws->gchg,        ws->cold,
        ws->g_lost,     ws->n_blost,     ws->b_since,      ws->reg_down,    ws->reg_ph,
        ws->reg_pk,     ws->reg_n,       ws->reg_list,     ws->reg_stamp};
    for (size_t i = 0; i < sizeof(arrays) / sizeof(arrays[0]); i++) {
        free(arrays[i]);
    }
    free(ws);
    *wsp = NULL;
}

static void *xcalloc(int64_t n, size_t elem)
{
    if (n < 0 || (uint64_t)n > SIZE_MAX / elem) {
        return NULL;
    }
    return calloc(n ? (size_t)n : 1, elem);
}

#define ALLOC(p, n) KIKAN_CHECK_ALLOC((p) = xcalloc((n), sizeof(*(p))))

kikan_error_t kikan_workspace_new(const kikan_model_t *m, kikan_workspace_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_workspace_t *ws = NULL;
    if (m == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    const int64_t A = m->n_assets, S = m->n_sectors, G = m->n_grid;
    KIKAN_CHECK_ALLOC(ws = calloc(1, sizeof(*ws)));
    ws->m = m;
    KIKAN_CHECK_ALLOC(ws->rng = gsl_rng_alloc(gsl_rng_mt19937));
    KIKAN_CHECK_ALLOC(ws->arng = gsl_rng_alloc(gsl_rng_taus2));
    ALLOC(ws->status, A);
    ALLOC(ws->sup_seen, A);
    ALLOC(ws->in_wl, A);
    ALLOC(ws->gchg, A);
    ALLOC(ws->cold, A);
    ALLOC(ws->n_blost, A);
    ALLOC(ws->b_since, A);
    ALLOC(ws->unmet, A);
    ALLOC(ws->timer, A);
    ALLOC(ws->down_until, A);
    ALLOC(ws->t_fail, A);
    ALLOC(ws->t_recover, A);
    ALLOC(ws->heap_pos, A);
    ALLOC(ws->cause, A);
    ALLOC(ws->cause_res, A);
    ALLOC(ws->touch_stamp, A);
    ALLOC(ws->bdraw_stamp, A);
    ALLOC(ws->rdraw_stamp, A);
    ALLOC(ws->backup_len, A);
    ALLOC(ws->repair_len, A);
    ALLOC(ws->heap, A);
    ALLOC(ws->wl, A);
    ALLOC(ws->work, m->n_groups);
    ALLOC(ws->g_lost, m->n_groups);
    ALLOC(ws->gtouch_stamp, m->n_groups);
    ALLOC(ws->hits, m->max_units);
    ALLOC(ws->perm, m->max_forcing);
    ALLOC(ws->fshare, m->max_forcing);
    ALLOC(ws->opsec_stamp, m->n_opsec);
    ALLOC(ws->cust_down, S);
    ALLOC(ws->down_at, A);
    ALLOC(ws->asset_ch, A);
    ALLOC(ws->touched, A);
    ALLOC(ws->vkey, m->max_units);
    ws->n_fx = (int64_t)m->n_whatifs * ((int64_t)m->n_ops + 2 * ((int64_t)m->n_vendors + 1));
    ALLOC(ws->fx, ws->n_fx);
    ALLOC(ws->n_down, S);
    ALLOC(ws->scratch, S * (4 + KIKAN_N_SIZE_CLASSES + G) + 1);
    ALLOC(ws->acc_ch, S * (2 + KIKAN_N_SIZE_CLASSES));
    ALLOC(ws->reg_down, m->n_regions);
    ALLOC(ws->reg_ph, m->n_regions);
    ALLOC(ws->reg_pk, m->n_regions);
    ALLOC(ws->reg_n, m->n_regions);
    ALLOC(ws->reg_list, m->n_regions);
    ALLOC(ws->reg_stamp, m->n_regions);
    ws->acc_peak = ws->acc_ch + S;
    ws->acc_ops = ws->acc_ch + 2 * S;
    /* nothing to initialise: an asset's or group's state is set when a run first touches it
       (see touch), so a workspace costs no page of memory the runs do not use */
    double *p = ws->scratch;
    ws->scratch_out.customer_hours = p;
    ws->scratch_out.peak_customers = p + S;
    ws->scratch_out.life_weighted = p + 2 * S;
    ws->scratch_out.ops_affected = p + 3 * S;
    ws->scratch_out.curves = p + S * (3 + KIKAN_N_SIZE_CLASSES);
    ws->scratch_out.implants = p + S * (3 + KIKAN_N_SIZE_CLASSES + G);
    /* the economic model's solver: per workspace, so per thread (the ensemble uses it) */
    if (kikan_model_econ(m, &ws->econ_desc)) {
        KIKAN_CHECK(kikan_econ_ws_new(&ws->econ_desc, &ws->econ));
    }
    *out = ws;
    ws = NULL;
cleanup:
    kikan_workspace_free(&ws);
    return err;
}

const kikan_model_t *kikan_workspace_model(const kikan_workspace_t *ws)
{
    return ws->m;
}

void kikan_workspace_set_trace(kikan_workspace_t *ws, FILE *trace)
{
    ws->trace = trace;
}

void kikan_workspace_asset_times(const kikan_workspace_t *ws, kikan_id_t a, double *t_fail,
                                 double *t_recover)
{
    const int ok = a >= 0 && a < ws->m->n_assets;
    const int seen = ok && ws->run != 0 && ws->touch_stamp[a] == ws->run;
    if (t_fail) {
        *t_fail = !ok ? NAN : seen ? ws->t_fail[a] : INFINITY;
    }
    if (t_recover) {
        *t_recover = !ok ? NAN : seen ? ws->t_recover[a] : INFINITY;
    }
}

/* Start a new run: a new stamp makes every asset and group untouched. */
static void reset(kikan_workspace_t *ws)
{
    const kikan_model_t *m = ws->m;
    ws->heap_n = 0;
    ws->wl_head = ws->wl_n = 0;
    ws->n_hits = 0;
    ws->n_touched = 0;
    ws->n_reg_list = 0;
    for (kikan_id_t s = 0; s < m->n_sectors; s++) {
        ws->cust_down[s] = 0.0;
        ws->n_down[s] = 0;
    }
    ws->run++;
    if (ws->run == 0) { /* the stamps wrapped: clear them all */
        memset(ws->touch_stamp, 0, (size_t)m->n_assets * sizeof(uint32_t));
        memset(ws->bdraw_stamp, 0, (size_t)m->n_assets * sizeof(uint32_t));
        memset(ws->rdraw_stamp, 0, (size_t)m->n_assets * sizeof(uint32_t));
        memset(ws->gtouch_stamp, 0, (size_t)m->n_groups * sizeof(uint32_t));
        memset(ws->opsec_stamp, 0, (size_t)m->n_opsec * sizeof(uint32_t));
        memset(ws->reg_stamp, 0, (size_t)m->n_regions * sizeof(uint32_t));
        ws->run = 1;
    }
}

/*
 * The first time a run touches asset a, give it its initial state (working,
 * supplied, no timer). Every path that reads an asset's state touches it
 * first, so what earlier runs left behind is never seen, and a run costs
 * only what it touches.
 */
static inline void touch(kikan_workspace_t *ws, kikan_id_t a)
{
    if (ws->touch_stamp[a] != ws->run) {
        ws->touch_stamp[a] = ws->run;
        ws->status[a] = KIKAN_ST_OK;
        ws->sup_seen[a] = 1;
        ws->in_wl[a] = 0;
        ws->gchg[a] = 0;
        ws->cold[a] = 0;
        ws->n_blost[a] = 0;
        ws->b_since[a] = INFINITY;
        ws->unmet[a] = 0;
        ws->timer[a] = INFINITY;
        ws->down_until[a] = -INFINITY;
        ws->t_fail[a] = INFINITY;
        ws->t_recover[a] = INFINITY;
        ws->heap_pos[a] = KIKAN_NONE;
        ws->cause[a] = KIKAN_NONE;
        ws->cause_res[a] = KIKAN_NONE;
        ws->down_at[a] = INFINITY;
        ws->asset_ch[a] = 0.0;
        ws->touched[ws->n_touched++] = a;
    }
}

/* ---- the timer heap ------------------------------------------------------------------------- */

static inline int before(const kikan_workspace_t *ws, kikan_id_t a, kikan_id_t b)
{
    return ws->timer[a] < ws->timer[b] || (ws->timer[a] == ws->timer[b] && a < b);
}

static void heap_put(kikan_workspace_t *ws, kikan_id_t i, kikan_id_t a)
{
    ws->heap[i] = a;
    ws->heap_pos[a] = i;
}

static void sift_up(kikan_workspace_t *ws, kikan_id_t i)
{
    const kikan_id_t a = ws->heap[i];
    while (i > 0) {
        const kikan_id_t p = (i - 1) / 2;
        if (!before(ws, a, ws->heap[p])) {
            break;
        }
        heap_put(ws, i, ws->heap[p]);
        i = p;
    }
    heap_put(ws, i, a);
}

static void sift_down(kikan_workspace_t *ws, kikan_id_t i)
{
    const kikan_id_t a = ws->heap[i];
    for (;;) {
        kikan_id_t c = 2 * i + 1;
        if (c >= ws->heap_n) {
            break;
        }
        if (c + 1 < ws->heap_n && before(ws, ws->heap[c + 1], ws->heap[c])) {
            c++;
        }
        if (!before(ws, ws->heap[c], a)) {
            break;
        }
        heap_put(ws, i, ws->heap[c]);
        i = c;
    }
    heap_put(ws, i, a);
}

static void heap_remove(kikan_workspace_t *ws, kikan_id_t a)
{
    const kikan_id_t i = ws->heap_pos[a];
    ws->heap_pos[a] = KIKAN_NONE;
    ws->heap_n--;
    if (i == ws->heap_n) {
        return;
    }
    const kikan_id_t moved = ws->heap[ws->heap_n];
    heap_put(ws, i, moved);
    if (i > 0 && before(ws, moved, ws->heap[(i - 1) / 2])) {
        sift_up(ws, i);
    } else {
        sift_down(ws, i);
    }
}

void kikan_kernel_set_timer(kikan_workspace_t *ws, kikan_id_t a, double at)
{
    touch(ws, a);
    if (ws->heap_pos[a] != KIKAN_NONE) {
        if (at == INFINITY) {
            heap_remove(ws, a);
            ws->timer[a] = at;
            return;
        }
        /* move in place: up when earlier, down when later */
        const double old = ws->timer[a];
        ws->timer[a] = at;
        if (at < old) {
            sift_up(ws, ws->heap_pos[a]);
        } else {
            sift_down(ws, ws->heap_pos[a]);
        }
        return;
    }
    ws->timer[a] = at;
    if (at == INFINITY) {
        return;
    }
    heap_put(ws, ws->heap_n, a);
    ws->heap_n++;
    sift_up(ws, ws->heap_n - 1);
}

static kikan_id_t heap_pop(kikan_workspace_t *ws)
{
    const kikan_id_t a = ws->heap[0];
    heap_remove(ws, a);
    ws->timer[a] = INFINITY;
    return a;
}

/* ---- an asset's own random durations -------------------------------------------------------- */

static double draw_repair(const gsl_rng *r, const kikan_dist_t *d)
{
    switch (d->kind) {
    case KIKAN_DIST_FIXED:
        return d->a;
    case KIKAN_DIST_EXPONENTIAL:
        return gsl_ran_exponential(r, d->a);
    case KIKAN_DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case KIKAN_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, log(d->a), d->b);
    case KIKAN_DIST_GAMMA:
        return gsl_ran_gamma(r, d->b, d->a / d->b);
    }
    return d->a;
}

/*
 * An asset's stream, seeded from (seed, replicate, asset), yields the backup
 * fraction first and the repair time second. Each is drawn only when needed
 * (re-seeding the stream and skipping the first number for the repair), and
 * not at all when it is not random (backup_hours_max = backup_hours, a fixed
 * repair): the values are the same as drawing both every time, at a fraction
 * of the cost when most assets only ever run on backup.
 */
static void seed_asset(kikan_workspace_t *ws, kikan_id_t a)
{
    gsl_rng_set(ws->arng, (unsigned long)(kikan_splitmix64(ws->abase + (uint64_t)a) >> 32));
}

double kikan_kernel_backup(kikan_workspace_t *ws, kikan_id_t a)
{
    const kikan_model_t *m = ws->m;
    if (ws->bdraw_stamp[a] != ws->run) {
        ws->bdraw_stamp[a] = ws->run;
        const double lo = m->a_backup_lo[a], hi = m->a_backup_hi[a];
        if (hi > lo) {
            seed_asset(ws, a);
            ws->backup_len[a] = lo + gsl_rng_uniform(ws->arng) * (hi - lo);
        } else {
            ws->backup_len[a] = lo;
        }
    }
    return ws->backup_len[a];
}

double kikan_kernel_repair(kikan_workspace_t *ws, kikan_id_t a)
{
    const kikan_dist_t *d = &ws->m->a_repair[a];
    if (d->kind == KIKAN_DIST_FIXED) {
        return d->a;
    }
    if (ws->rdraw_stamp[a] != ws->run) {
        ws->rdraw_stamp[a] = ws->run;
        seed_asset(ws, a);
        (void)gsl_rng_uniform(ws->arng); /* the backup fraction's place in the stream */
        ws->repair_len[a] = draw_repair(ws->arng, d);
    }
    return ws->repair_len[a];
}

double kikan_kernel_buffer_end(kikan_workspace_t *ws, kikan_id_t a, kikan_id_t *group,
                               int *on_backup)
{
    const kikan_model_t *m = ws->m;
    double end = INFINITY;
    kikan_id_t best = KIKAN_NONE;
    int backup = 0;
    for (kikan_id_t j = m->in_off[a]; j < m->in_off[a + 1]; j++) {
        const kikan_id_t g = m->in_group[j];
        if (ws->gtouch_stamp[g] != ws->run || ws->work[g] >= m->group_k[g]) {
            continue; /* this supply holds */
        }
        double e = ws->g_lost[g] + m->group_buf[g];
        int on_b = 0;
        if (m->group_bridged[g]) {
            const double eb = ws->b_since[a] + kikan_kernel_backup(ws, a);
            if (eb > e) {
                e = eb;
                on_b = 1;
            }
        }
        if (e < end || best == KIKAN_NONE) {
            end = e;
            best = g;
            backup = on_b;
        }
    }
    if (group != NULL) {
        *group = best;
    }
    if (on_backup != NULL) {
        *on_backup = backup;
    }
    return end;
}

const char *kikan_kernel_group_desc(kikan_workspace_t *ws, kikan_id_t g, char *buf, size_t n)
{
    const kikan_model_t *m = ws->m;
    const char *res = g == KIKAN_NONE || m->group_res[g] == KIKAN_NONE
                          ? ""
                          : kikan_strtab_get(&m->world->resources, m->group_res[g]);
    snprintf(buf, n, "%s", res[0] ? res : "supply");
    return buf;
}

/* ---- state changes and the fixed point ------------------------------------------------------ */

static inline void wl_push(kikan_workspace_t *ws, kikan_id_t a)
{
    if (!ws->in_wl[a]) {
        ws->in_wl[a] = 1;
        kikan_id_t tail = ws->wl_head + ws->wl_n;
        if (tail >= ws->m->n_assets) {
            tail -= ws->m->n_assets;
        }
        ws->wl[tail] = a;
        ws->wl_n++;
    }
}

static inline void gtouch(kikan_workspace_t *ws, kikan_id_t g)
{
    if (ws->gtouch_stamp[g] != ws->run) {
        ws->gtouch_stamp[g] = ws->run;
        ws->work[g] = ws->m->group_n[g];
        ws->g_lost[g] = INFINITY;
    }
}

void kikan_kernel_set_status(kikan_workspace_t *ws, kikan_id_t a, uint8_t st, double t)
{
    const kikan_model_t *m = ws->m;
    touch(ws, a);
    const uint8_t old = ws->status[a];
    ws->status[a] = st;
    const int was = kikan_st_working(old), now = kikan_st_working(st);
    if (was == now) {
        return;
    }
    const kikan_id_t s = m->a_sector[a], rg = m->a_region[a];
    if (ws->reg_stamp[rg] != ws->run) { /* the region's first change in this run */
        ws->reg_stamp[rg] = ws->run;
        ws->reg_down[rg] = ws->reg_ph[rg] = ws->reg_pk[rg] = 0.0;
        ws->reg_n[rg] = 0;
        ws->reg_list[ws->n_reg_list++] = rg;
    }
    if (!now) {
        ws->cust_down[s] += m->a_cust[a];
        ws->n_down[s]++;
        ws->reg_down[rg] += m->a_people[a];
        ws->reg_n[rg]++;
        ws->down_at[a] = t;
        if (ws->t_fail[a] == INFINITY) {
            ws->t_fail[a] = t;
        }
        ws->t_recover[a] = INFINITY;
        const kikan_id_t os = m->a_opsec[a];
        if (ws->opsec_stamp[os] != ws->run) {
            ws->opsec_stamp[os] = ws->run;
            ws->acc_ops[(int64_t)s * KIKAN_N_SIZE_CLASSES + m->opsec_class[os]] += 1.0;
        }
        for (kikan_id_t j = m->out_off[a]; j < m->out_off[a + 1]; j++) {
            const kikan_id_t g = m->out_group[j];
            gtouch(ws, g);
            if (--ws->work[g] == m->group_k[g] - 1) {
                const kikan_id_t d = m->group_dep[g];
                touch(ws, d);
                ws->g_lost[g] = t;
                if (m->group_bridged[g] && ws->n_blost[d]++ == 0) {
                    ws->b_since[d] = t; /* the backup comes into use */
                }
                if (ws->unmet[d]++ == 0) {
                    ws->cause[d] = a;
                    ws->cause_res[d] = m->out_res[j];
                } else {
                    ws->gchg[d] = 1; /* another supply lost: its buffer may end sooner */
                }
                wl_push(ws, d);
            }
        }
    } else {
        /* exact zero once nothing is down, whatever the rounding of the sums */
        ws->cust_down[s] = --ws->n_down[s] == 0 ? 0.0 : ws->cust_down[s] - m->a_cust[a];
        ws->reg_down[rg] = --ws->reg_n[rg] == 0 ? 0.0 : ws->reg_down[rg] - m->a_people[a];
        ws->t_recover[a] = t;
        if (ws->down_at[a] < m->horizon) {
            ws->asset_ch[a] += m->a_cust[a] * ((t < m->horizon ? t : m->horizon) - ws->down_at[a]);
        }
        ws->down_at[a] = INFINITY;
        for (kikan_id_t j = m->out_off[a]; j < m->out_off[a + 1]; j++) {
            const kikan_id_t g = m->out_group[j];
            gtouch(ws, g);
            if (++ws->work[g] == m->group_k[g]) {
                const kikan_id_t d = m->group_dep[g];
                touch(ws, d);
                ws->g_lost[g] = INFINITY;
                if (m->group_bridged[g] && --ws->n_blost[d] == 0) {
                    ws->b_since[d] = INFINITY; /* out of use: recharged before the next loss */
                }
                if (--ws->unmet[d] != 0) {
                    ws->gchg[d] = 1; /* one supply back, others still lost */
                }
                wl_push(ws, d);
            }
        }
    }
}

/* Run the structural rule to a fixed point at time t. */
static void propagate(kikan_workspace_t *ws, double t)
{
    const kikan_behaviour_ops_t *ops = ws->m->ops;
    while (ws->wl_n > 0) {
        const kikan_id_t d = ws->wl[ws->wl_head];
        ws->wl_head = ws->wl_head + 1 == ws->m->n_assets ? 0 : ws->wl_head + 1;
        ws->wl_n--;
        ws->in_wl[d] = 0;
        const uint8_t sup = ws->unmet[d] == 0, chg = ws->gchg[d];
        ws->gchg[d] = 0;
        if (sup != ws->sup_seen[d]) {
            ws->sup_seen[d] = sup;
            ops->on_supply(ws, d, t, sup);
        } else if (!sup && chg) {
            ops->on_supply(ws, d, t, 0);
        }
    }
}

/* ---- tracing -------------------------------------------------------------------------------- */

void kikan_kernel_trace(const kikan_workspace_t *ws, double t, const char *what, kikan_id_t a,
                        const char *fmt, ...)
{
    if (ws->trace == NULL) {
        return;
    }
    const kikan_world_t *w = ws->m->world;
    const kikan_asset_t *as = &w->assets[a];
    fprintf(ws->trace, "t=%7.2f h  %-8s %s (%s, %s)  ", t, what, kikan_strtab_get(&w->asset_ids, a),
            kikan_strtab_get(&w->sector_ids, as->sector), w->operators[as->op].name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(ws->trace, fmt, ap);
    va_end(ap);
    fputc('\n', ws->trace);
}

const char *kikan_kernel_cause(const kikan_workspace_t *ws, kikan_id_t a, char *buf, size_t n)
{
    const kikan_world_t *w = ws->m->world;
    if (ws->cause[a] == KIKAN_NONE) {
        snprintf(buf, n, "supply lost");
    } else {
        const char *res = kikan_strtab_get(&w->resources, ws->cause_res[a]);
        snprintf(buf, n, "lost %s: %s", res[0] ? res : "supply",
                 kikan_strtab_get(&w->asset_ids, ws->cause[a]));
    }
    return buf;
}

/* ---- one replicate -------------------------------------------------------------------------- */

/* Offset after the event at which cumulative share c is back (linear between points). */
static double restore_offset(const kikan_cevent_t *e, double c)
{
    double ph = 0.0, pf = 0.0;
    for (int i = 0; i < e->n_restore; i++) {
        const double h = e->restore[i].hours, f = e->restore[i].fraction;
        if (c <= f) {
            return f > pf ? ph + (c - pf) / (f - pf) * (h - ph) : h;
        }
        ph = h;
        pf = f;
    }
    return INFINITY;
}

static int screenable(const kikan_model_t *m, const kikan_policy_t *p, int64_t u)
{
    if (p == NULL || p->op_regulated == NULL || !p->op_regulated[m->a_op[m->unit_asset[u]]]) {
        return 0;
    }
    const kikan_id_t c = m->unit_class[u];
    return p->class_screened == NULL || (c != KIKAN_NONE && p->class_screened[c]);
}

/*
 * Draw the what-if's compromise for this replicate into ws->hits (time
 * order). For every unit, u_carry then u_screen, whatever the policy; a
 * forcing event with a restore schedule then shuffles its hit targets.
 */
static void draw_hits(kikan_workspace_t *ws, int whatif, const kikan_policy_t *policy)
{
    const kikan_model_t *m = ws->m;
    const double eff = policy ? policy->effectiveness : 0.0;
    double implants = 0.0;
    for (int e = m->wi_off[whatif]; e < m->wi_off[whatif + 1]; e++) {
        const kikan_cevent_t *ev = &m->events[e];
        int64_t nf = 0;
        for (int64_t u = ev->unit_off; u < ev->unit_off + ev->n_units; u++) {
            const double u_carry = gsl_rng_uniform(ws->rng);
            const double u_screen = gsl_rng_uniform(ws->rng);
            if (!(u_carry < ev->probability)) {
                continue;
            }
            if (!ev->forcing && screenable(m, policy, u) && u_screen < eff) {
                continue;
            }
            const kikan_id_t a = m->unit_asset[u];
            if (!ev->forcing && ev->at <= m->horizon) {
                implants += 1.0;
            }
            if (ev->forcing && ev->n_restore > 0) {
                ws->perm[nf++] = u;
                continue;
            }
            ws->hits[ws->n_hits++] =
                (kikan_hit_t){ev->at, ev->at + kikan_kernel_repair(ws, a), a, e, u};
        }
        if (nf > 0) {
            gsl_ran_shuffle(ws->rng, ws->perm, (size_t)nf, sizeof(ws->perm[0]));
            /*
             * Customer-weighted shares in the drawn order; targets serving no
             * customers come back with the next one that does (those last in
             * the order, at full restoration), or by count when none serves
             * any customer.
             */
            double cum = 0.0;
            int by_count = 1;
            for (int64_t i = 0; i < nf; i++) {
                by_count &= m->a_cust[m->unit_asset[ws->perm[i]]] == 0.0;
            }
            for (int64_t i = 0; i < nf; i++) {
                cum += by_count ? 1.0 : m->a_cust[m->unit_asset[ws->perm[i]]];
                ws->fshare[i] = cum;
            }
            double next = cum;
            for (int64_t i = nf - 1; i >= 0; i--) {
                const double wgt = by_count ? 1.0 : m->a_cust[m->unit_asset[ws->perm[i]]];
                if (wgt > 0.0) {
                    next = ws->fshare[i];
                }
                ws->fshare[i] = next / cum;
            }
            for (int64_t i = 0; i < nf; i++) {
                const int64_t u = ws->perm[i];
                ws->hits[ws->n_hits++] = (kikan_hit_t){
                    ev->at, ev->at + restore_offset(ev, ws->fshare[i]), m->unit_asset[u], e, u};
            }
        }
    }
    ws->out->implants[0] = implants;
}

/* x >= 0 in units of 2^-KIKAN_FX_BITS, added to *acc; sets fx_overflow past INT64_MAX. */
static void fx_add(kikan_workspace_t *ws, int64_t *acc, double x)
{
    const double v = nearbyint(ldexp(x, KIKAN_FX_BITS));
    if (!(v >= 0.0)) {
        return; /* zero or a rounding residue; NaN cannot occur (finite customers and times) */
    }
    if (v >= 9.0e18 || __builtin_add_overflow(*acc, (int64_t)v, acc)) {
        ws->fx_overflow = 1;
    }
}

static int cmp_i64(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/*
 * Attribution of this run (ensemble only): each touched asset's own
 * customer-hours to its operator; implants to the installation's vendor;
 * the customer-hours of the assets an implant in a vendor's equipment hit
 * (each asset once per vendor) to that vendor. Fixed point, so the sums
 * over replicates do not depend on the order the threads add them.
 */
static void attribute(kikan_workspace_t *ws, int whatif)
{
    const kikan_model_t *m = ws->m;
    const int64_t V1 = (int64_t)m->n_vendors + 1;
    int64_t *op_fx = ws->fx + (int64_t)whatif * m->n_ops;
    int64_t *vi = ws->fx + (int64_t)m->n_whatifs * m->n_ops + (int64_t)whatif * V1;
    int64_t *vc = vi + (int64_t)m->n_whatifs * V1;
    for (kikan_id_t i = 0; i < ws->n_touched; i++) {
        const kikan_id_t a = ws->touched[i];
        if (ws->down_at[a] < m->horizon) { /* still down at the horizon */
            ws->asset_ch[a] += m->a_cust[a] * (m->horizon - ws->down_at[a]);
            ws->down_at[a] = INFINITY;
        }
        if (ws->asset_ch[a] > 0.0) {
            fx_add(ws, &op_fx[m->a_op[a]], ws->asset_ch[a]);
        }
    }
    int64_t nk = 0;
    for (int64_t h = 0; h < ws->n_hits; h++) {
        const kikan_hit_t *hit = &ws->hits[h];
        if (m->events[hit->event].forcing || !(hit->t <= m->horizon)) {
            continue;
        }
        const kikan_id_t v = m->unit_vendor[hit->unit];
        const int64_t vk = v == KIKAN_NONE ? V1 - 1 : v;
        vi[vk]++; /* hits are the implants that trigger by the horizon (at <= horizon) */
        ws->vkey[nk++] = vk * ((int64_t)m->n_assets) + hit->asset;
    }
    qsort(ws->vkey, (size_t)nk, sizeof(ws->vkey[0]), cmp_i64);
    for (int64_t k = 0; k < nk; k++) {
        if (k > 0 && ws->vkey[k] == ws->vkey[k - 1]) {
            continue;
        }
        const int64_t vk = ws->vkey[k] / m->n_assets;
        const kikan_id_t a = (kikan_id_t)(ws->vkey[k] % m->n_assets);
        if (ws->touch_stamp[a] == ws->run && ws->asset_ch[a] > 0.0) {
            fx_add(ws, &vc[vk], ws->asset_ch[a]);
        }
    }
}

/*
 * Sector to sector: each stopped asset's customer-hours (up to the horizon)
 * go to row `from` = the sector where its chain of lost supplies began: follow
 * the provider that first left it unsupplied (cause), and that provider's
 * cause, back to an asset that stopped for no supply reason (hit by an
 * implant or an outage). The walk is bounded (a chain longer than
 * CAUSE_HOPS, or a cycle of causes, stops where it is). Touched assets only;
 * does not change the workspace. O(touched x CAUSE_HOPS).
 */
enum { CAUSE_HOPS = 64 };

static void through_matrix(const kikan_workspace_t *ws, double *through)
{
    const kikan_model_t *m = ws->m;
    const int64_t S = m->n_sectors;
    memset(through, 0, (size_t)(S * S) * sizeof(double));
    for (kikan_id_t i = 0; i < ws->n_touched; i++) {
        const kikan_id_t a = ws->touched[i];
        double ch = ws->asset_ch[a];
        if (ws->down_at[a] < m->horizon) { /* still down at the horizon */
            ch += m->a_cust[a] * (m->horizon - ws->down_at[a]);
        }
        if (!(ch > 0.0)) {
            continue;
        }
        kikan_id_t root = a;
        for (int hop = 0; hop < CAUSE_HOPS; hop++) {
            const kikan_id_t c = ws->cause[root];
            if (c == KIKAN_NONE || c == a || ws->touch_stamp[c] != ws->run) {
                break;
            }
            root = c;
        }
        through[(int64_t)m->a_sector[root] * S + m->a_sector[a]] += ch;
    }
}

/* Move the clock to t: integrate customer-hours and sample grid points before t. */
static void advance(kikan_workspace_t *ws, double t)
{
    const kikan_model_t *m = ws->m;
    kikan_replicate_out_t *out = ws->out;
    if (ws->now < m->horizon) {
        const double dt = (t < m->horizon ? t : m->horizon) - ws->now;
        for (kikan_id_t s = 0; s < m->n_sectors; s++) {
            ws->acc_ch[s] += ws->cust_down[s] * dt;
        }
        for (kikan_id_t i = 0; i < ws->n_reg_list; i++) {
            const kikan_id_t rg = ws->reg_list[i];
            ws->reg_ph[rg] += ws->reg_down[rg] * dt;
        }
    }
    if (out->curves != NULL) {
        int g1 = ws->next_grid;
        while (g1 < m->n_grid && (double)g1 * m->step < t) {
            g1++;
        }
        for (kikan_id_t s = 0; s < m->n_sectors; s++) {
            double *row = out->curves + (int64_t)s * m->n_grid;
            for (int g = ws->next_grid; g < g1; g++) {
                row[g] = ws->cust_down[s];
            }
        }
        ws->next_grid = g1;
    }
    ws->now = t;
}

static void apply_hit(kikan_workspace_t *ws, const kikan_hit_t *h)
{
    const kikan_model_t *m = ws->m;
    char why[320];
    why[0] = '\0';
    if (ws->trace != NULL) {
        const kikan_cevent_t *ev = &m->events[h->event];
        const kikan_id_t c = m->unit_class[h->unit];
        if (ev->forcing) {
            snprintf(why, sizeof(why), "forcing: %s (back at %.2f h)", ev->desc, h->until);
        } else {
            snprintf(why, sizeof(why), "implant: %s%s%s", ev->desc,
                     c == KIKAN_NONE ? "" : " class ",
                     c == KIKAN_NONE ? "" : kikan_strtab_get(&m->world->class_ids, c));
        }
    }
    touch(ws, h->asset); /* hooks read the state of the assets they are given */
    m->ops->on_hit(ws, h->asset, h->t, h->until, why);
}

/*
 * People and records of this run into `out` (each part skipped when its array is NULL).
 * Records: each asset holding records counts once if a hit of this run (by the horizon) was a
 * triggered implant on an installation of a data-handling class or on the whole asset, or
 * any hit (implant or loss) on an asset abroad, whose copies leave the country's control.
 * Uses ws->vkey as scratch (attribute() refills it afterwards).
 */
static void people_out(kikan_workspace_t *ws, kikan_replicate_out_t *out)
{
    const kikan_model_t *m = ws->m;
    for (kikan_id_t s = 0; s < m->n_sectors; s++) {
        if (out->person_hours != NULL) {
            out->person_hours[s] = ws->acc_ch[s] * m->people[s];
        }
        if (out->peak_people != NULL) {
            out->peak_people[s] = ws->acc_peak[s] * m->people[s];
        }
    }
    if (out->records == NULL) {
        return;
    }
    int64_t n = 0;
    for (int64_t i = 0; i < ws->n_hits; i++) {
        const kikan_hit_t *h = &ws->hits[i];
        if (!(h->t <= m->horizon) || !(m->a_records[h->asset] > 0)) {
            continue;
        }
        const kikan_id_t c = m->unit_class[h->unit];
        const int implant = !m->events[h->event].forcing;
        if (m->a_abroad[h->asset] || (implant && (c == KIKAN_NONE || m->class_data[c]))) {
            ws->vkey[n++] = h->asset;
        }
    }
    qsort(ws->vkey, (size_t)n, sizeof(ws->vkey[0]), cmp_i64);
    double rec = 0.0;
    for (int64_t i = 0; i < n; i++) {
        if (i == 0 || ws->vkey[i] != ws->vkey[i - 1]) {
            rec += m->a_records[ws->vkey[i]];
        }
    }
    out->records[0] = rec;
}

kikan_error_t kikan_replicate_run(const kikan_model_t *m, int whatif, int64_t replicate,
                                  const kikan_policy_t *policy, kikan_workspace_t *ws,
                                  kikan_replicate_out_t *out)
{
    if (m == NULL || ws == NULL || out == NULL || ws->m != m || whatif < 0 ||
        whatif >= m->n_whatifs || replicate < 0 || out->customer_hours == NULL ||
        out->peak_customers == NULL || out->life_weighted == NULL || out->ops_affected == NULL ||
        out->implants == NULL) {
        return KIKAN_EINVAL;
    }
    if (policy != NULL && !(policy->effectiveness >= 0 && policy->effectiveness <= 1)) {
        return KIKAN_EINVAL;
    }
    const kikan_id_t S = m->n_sectors;
    reset(ws);
    ws->out = out;
    ws->now = 0.0;
    ws->next_grid = 0;
    /* accumulate in the workspace, write the caller's slots once at the end: neighbouring
       replicates' slots share cache lines and are written by other threads */
    memset(ws->acc_ch, 0, (size_t)S * (2 + KIKAN_N_SIZE_CLASSES) * sizeof(double));
    gsl_rng_set(ws->rng, main_seed(m->seed, whatif, replicate));
    ws->abase = asset_base(m->seed, replicate);
    draw_hits(ws, whatif, policy);

    int64_t hi = 0;
    for (;;) {
        const double th = hi < ws->n_hits ? ws->hits[hi].t : INFINITY;
        const double tt = ws->heap_n > 0 ? ws->timer[ws->heap[0]] : INFINITY;
        const double t = th < tt ? th : tt;
        if (!(t <= m->horizon)) {
            break;
        }
        advance(ws, t);
        while (hi < ws->n_hits && ws->hits[hi].t == t) {
            apply_hit(ws, &ws->hits[hi]);
            hi++;
        }
        while (ws->heap_n > 0 && ws->timer[ws->heap[0]] == t) {
            const kikan_id_t a = heap_pop(ws);
            m->ops->on_timer(ws, a, t);
        }
        propagate(ws, t);
        for (kikan_id_t s = 0; s < S; s++) {
            if (ws->cust_down[s] > ws->acc_peak[s]) {
                ws->acc_peak[s] = ws->cust_down[s];
            }
        }
        for (kikan_id_t i = 0; i < ws->n_reg_list; i++) {
            const kikan_id_t rg = ws->reg_list[i];
            if (ws->reg_down[rg] > ws->reg_pk[rg]) {
                ws->reg_pk[rg] = ws->reg_down[rg];
            }
        }
    }
    advance(ws, m->horizon);
    if (out->curves != NULL) {
        for (; ws->next_grid < m->n_grid; ws->next_grid++) {
            for (kikan_id_t s = 0; s < S; s++) {
                out->curves[(int64_t)s * m->n_grid + ws->next_grid] = ws->cust_down[s];
            }
        }
    }
    for (kikan_id_t s = 0; s < S; s++) {
        out->customer_hours[s] = ws->acc_ch[s];
        out->peak_customers[s] = ws->acc_peak[s];
        out->life_weighted[s] = ws->acc_ch[s] * m->life_weight[s];
    }
    people_out(ws, out);
    memcpy(out->ops_affected, ws->acc_ops, (size_t)S * KIKAN_N_SIZE_CLASSES * sizeof(double));
    if (out->through != NULL) {
        through_matrix(ws, out->through);
    }
    if (ws->fx_on) {
        attribute(ws, whatif);
    }
    ws->out = NULL;
    return KIKAN_OK;
}

kikan_error_t kikan_replicate_trace(const kikan_model_t *m, int whatif, int64_t replicate,
                                    const kikan_policy_t *policy, kikan_workspace_t *ws,
                                    FILE *trace)
{
    if (ws == NULL || trace == NULL) {
        return KIKAN_EINVAL;
    }
    FILE *old = ws->trace;
    ws->trace = trace;
    kikan_error_t err = kikan_replicate_run(m, whatif, replicate, policy, ws, &ws->scratch_out);
    ws->trace = old;
    return err;
}

void kikan_replicate_out_bind(kikan_results_t *res, int w, int64_t r, kikan_replicate_out_t *out)
{
    const int64_t S = res->n_sectors, G = res->n_grid, R = res->n_replicates;
    const int64_t wr = (int64_t)w * R + r;
    out->customer_hours = res->customer_hours + wr * S;
    out->peak_customers = res->peak_customers + wr * S;
    out->life_weighted = res->life_weighted + wr * S;
    out->ops_affected = res->ops_affected + wr * S * KIKAN_N_SIZE_CLASSES;
    out->curves = res->curves + wr * S * G;
    out->implants = res->implants + wr;
    out->through = res->through != NULL ? res->through + wr * S * S : NULL;
    out->person_hours = res->person_hours + wr * S;
    out->peak_people = res->peak_people + wr * S;
    out->records = res->records_exposed + wr;
}

void kikan_replicate_regions(const kikan_workspace_t *ws, double *person_hours, double *peak_people)
{
    const kikan_model_t *m = ws->m;
    memset(person_hours, 0, (size_t)m->n_regions * sizeof(double));
    memset(peak_people, 0, (size_t)m->n_regions * sizeof(double));
    for (kikan_id_t i = 0; i < ws->n_reg_list; i++) {
        const kikan_id_t rg = ws->reg_list[i];
        person_hours[rg] = ws->reg_ph[rg];
        peak_people[rg] = ws->reg_pk[rg];
    }
}
