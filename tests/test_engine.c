/*
 * Tests of the cascade engine (sim/engine.c, sim/model.c,
 * sim/behaviour_dependency.c) on small hand-built worlds whose timelines are
 * worked out by hand in the comments.
 *
 * Tolerances: times and customer counts in most worlds are dyadic rationals
 * (2.5, 12.375...), exactly representable, and every sum the engine forms of
 * them is exact, so those results are compared with ==. The forcing restore
 * schedule needs divisions (shares like 0.13 / 0.88), compared to 1e-9
 * relative: a few rounding steps of double precision.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/engine.h"
#include "models/behaviour_names.h"
#include "sim/engine_impl.h"
#include "tests/testutil.h"

enum { POWER = 0, TELECOM = 1, RAIL = 2, AVIATION = 3, AIRPORTS = 4, BANKING = 5, NS = 6 };
#define C KIKAN_N_SIZE_CLASSES

/* ---- fixtures ------------------------------------------------------------------------------- */

typedef struct {
    kikan_ctx_t *ctx;
    kikan_world_t *w;
    kikan_id_t op[NS]; /* one operator per sector: "op-power"... */
} fixture_t;

static void fx_init(fixture_t *f)
{
    static const char *names[NS] = {"TEPCO-like", "KDDI-like", "JR-like",
                                    "ANA-like",   "NAA-like",  "MUFG-like"};
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_new(f->ctx, &f->w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(f->w) == KIKAN_OK);
    for (kikan_id_t s = 0; s < NS; s++) {
        char id[32];
        snprintf(id, sizeof(id), "op-%d", (int)s);
        CU_ASSERT_FATAL(kikan_world_add_operator(f->w, id, names[s], &s, 1, 0, &f->op[s]) ==
                        KIKAN_OK);
    }
}

static void fx_free(fixture_t *f)
{
    kikan_world_free(&f->w);
    kikan_ctx_free(&f->ctx);
}

static kikan_id_t asset(fixture_t *f, const char *id, kikan_id_t sector, double customers,
                        double backup, double restart, double repair)
{
    kikan_asset_spec_t sp = {
        id,        f->op[sector], sector, "site",  "tokyo",
        customers, backup,        NAN,    restart, {KIKAN_DIST_FIXED, repair, 0.0}};
    kikan_id_t a = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_asset(f->w, &sp, &a) == KIKAN_OK);
    return a;
}

/* Every sector needs an asset: add an idle one to each sector still empty. */
static void fx_finalize(fixture_t *f, const int *used)
{
    for (int s = 0; s < NS; s++) {
        if (!used[s]) {
            char id[32];
            snprintf(id, sizeof(id), "idle-%d", s);
            asset(f, id, s, 0.0, 0.0, 0.0, 1.0);
        }
    }
    CU_ASSERT_FATAL(kikan_world_finalize(f->w) == KIKAN_OK);
}

static void dep(fixture_t *f, kikan_id_t p, kikan_id_t d, const char *res, const char *group, int k)
{
    CU_ASSERT_FATAL(kikan_world_add_dependency(f->w, p, d, res, group, k, NULL) == KIKAN_OK);
}

/* A dependency with its own buffer (hours). */
static void dep_buf(fixture_t *f, kikan_id_t p, kikan_id_t d, const char *res, double buffer)
{
    kikan_id_t row = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_dependency(f->w, p, d, res, NULL, 1, &row) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_buffer(f->w, row, buffer) == KIKAN_OK);
}

/* A scenario with one what-if of n events (caller fills them). */
static kikan_scenario_t scen(kikan_event_t *ev, int n, kikan_whatif_t *wi, double horizon,
                             double step)
{
    kikan_scenario_t s;
    memset(&s, 0, sizeof(s));
    wi->name = "w";
    wi->description = NULL;
    wi->events = ev;
    wi->n_events = n;
    s.name = "test";
    s.horizon_hours = horizon;
    s.step_hours = step;
    s.replicates = 1;
    s.seed = 2385;
    s.whatifs = wi;
    s.n_whatifs = 1;
    return s;
}

static kikan_event_t ev_assets(kikan_id_t *assets, int n, double at)
{
    kikan_event_t e;
    memset(&e, 0, sizeof(e));
    e.target = KIKAN_TARGET_ASSETS;
    e.assets = assets;
    e.n_assets = n;
    e.probability = 1.0;
    e.at_hours = at;
    e.vendor = e.contractor = e.kind = e.region = e.sector = KIKAN_NONE;
    return e;
}

/* Metrics of one run, with storage. */
typedef struct {
    double ch[NS], peak[NS], life[NS], ops[NS * C], curves[NS * 200], implants, through[NS * NS];
    double person_hours[NS], peak_people[NS], records;
    kikan_replicate_out_t out;
} run_t;

static void run_bind(run_t *r)
{
    memset(r, 0, sizeof(*r));
    r->out = (kikan_replicate_out_t){r->ch,          r->peak,      r->life,    r->ops,
                                     r->curves,      &r->implants, r->through, r->person_hours,
                                     r->peak_people, &r->records};
}

/* Compile, run replicate 0 of what-if 0 under `policy`, keep the workspace for asset times. */
static void run1(fixture_t *f, const kikan_scenario_t *s, const kikan_policy_t *policy, run_t *r,
                 kikan_model_t **mp, kikan_workspace_t **wsp)
{
    CU_ASSERT_FATAL(kikan_model_compile(f->ctx, f->w, s, mp) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_n_grid(*mp) * NS <= 200 * NS);
    CU_ASSERT_FATAL(kikan_workspace_new(*mp, wsp) == KIKAN_OK);
    run_bind(r);
    CU_ASSERT_FATAL(kikan_replicate_run(*mp, 0, 0, policy, *wsp, &r->out) == KIKAN_OK);
}

static double curve(const run_t *r, const kikan_model_t *m, int s, int g)
{
    return r->curves[s * kikan_model_n_grid(m) + g];
}

static void times(const kikan_workspace_t *ws, kikan_id_t a, double tf, double tr)
{
    double f, rr;
    kikan_workspace_asset_times(ws, a, &f, &rr);
    CU_ASSERT_EQUAL(f, tf);
    CU_ASSERT_EQUAL(rr, tr);
}

/* ---- a chain: power -> telecom -> bank --------------------------------------------------------
 */

/*
 * P1 (1000 households, repair 10.375 h, restart 0.5) feeds T1 (500 subscribers,
 * backup 2.5, restart 0.625) which feeds B1 (200 accounts, restart 0.75) over a
 * telecom link with its own buffer of 1.25 h (a store-and-forward queue; B1's
 * backup hours would bridge only power). Implant on P1 at t = 2:
 *   t=2       P1 down (repair until 12.375); T1 on backup until 4.5
 *   t=4.5     T1 stops; B1 on its buffer until 5.75
 *   t=5.75    B1 stops
 *   t=12.375  P1 repaired, supplied: restarting until 12.875
 *   t=12.875  P1 works; T1 supplies back: restarting until 13.5
 *   t=13.5    T1 works; B1 restarting until 14.25
 *   t=14.25   B1 works
 * customer-hours: power 1000 x 10.875, telecom 500 x 9, banking 200 x 8.5.
 */
static void test_chain(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 1000, 0, 0.5, 10.375);
    kikan_id_t t1 = asset(&f, "T1", TELECOM, 500, 2.5, 0.625, 24);
    kikan_id_t b1 = asset(&f, "B1", BANKING, 200, 3.5, 0.75, 24);
    dep(&f, p1, t1, "power", NULL, 1);
    dep_buf(&f, t1, b1, "telecom", 1.25);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 1});
    kikan_event_t ev = ev_assets(&p1, 1, 2.0);
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 48, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);

    CU_ASSERT_EQUAL(r.ch[POWER], 1000 * 10.875);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * 9.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 200 * 8.5);
    CU_ASSERT_EQUAL(r.ch[RAIL], 0.0);
    CU_ASSERT_EQUAL(r.peak[POWER], 1000);
    CU_ASSERT_EQUAL(r.peak[TELECOM], 500);
    CU_ASSERT_EQUAL(r.peak[BANKING], 200);
    /* built-in people per customer (power 2.2 per household, telecom 0.49 per subscription,
       banking 0.22 per account) and life weights (power 3, telecom 2, banking 1.5) */
    CU_ASSERT_DOUBLE_EQUAL(r.person_hours[POWER], 2.2 * 10875, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.person_hours[TELECOM], 0.49 * 4500, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.person_hours[BANKING], 0.22 * 1700, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.peak_people[POWER], 2.2 * 1000, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.peak_people[TELECOM], 0.49 * 500, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.peak_people[BANKING], 0.22 * 200, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.life[POWER], 3.0 * 2.2 * 10875, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.life[TELECOM], 2.0 * 0.49 * 4500, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r.life[BANKING], 1.5 * 0.22 * 1700, 1e-9);
    CU_ASSERT_EQUAL(r.records, 0.0); /* no asset holds records */
    CU_ASSERT_EQUAL(r.implants, 1.0);
    /* sector to sector: every loss began with the hit on P1, so all of it is in row power;
       the bank's chain B1 <- T1 <- P1 is walked back to power, not stopped at telecom */
    CU_ASSERT_EQUAL(r.through[POWER * NS + POWER], 1000 * 10.875);
    CU_ASSERT_EQUAL(r.through[POWER * NS + TELECOM], 500 * 9.0);
    CU_ASSERT_EQUAL(r.through[POWER * NS + BANKING], 200 * 8.5);
    CU_ASSERT_EQUAL(r.through[TELECOM * NS + BANKING], 0.0);
    CU_ASSERT_EQUAL(r.through[BANKING * NS + BANKING], 0.0);
    /* one operator per sector, no metrics: size class 1 */
    CU_ASSERT_EQUAL(r.ops[POWER * C + 1], 1.0);
    CU_ASSERT_EQUAL(r.ops[BANKING * C + 1], 1.0);
    CU_ASSERT_EQUAL(r.ops[RAIL * C + 1], 0.0);
    times(ws, p1, 2.0, 12.875);
    times(ws, t1, 4.5, 13.5);
    times(ws, b1, 5.75, 14.25);
    /* curve, right-continuous: the grid point at t = 2 sees P1 down */
    CU_ASSERT_EQUAL(curve(&r, m, POWER, 1), 0.0);
    CU_ASSERT_EQUAL(curve(&r, m, POWER, 2), 1000.0);
    CU_ASSERT_EQUAL(curve(&r, m, POWER, 12), 1000.0);
    CU_ASSERT_EQUAL(curve(&r, m, POWER, 13), 0.0);
    CU_ASSERT_EQUAL(curve(&r, m, TELECOM, 4), 0.0);
    CU_ASSERT_EQUAL(curve(&r, m, TELECOM, 5), 500.0);
    CU_ASSERT_EQUAL(curve(&r, m, TELECOM, 13), 500.0);
    CU_ASSERT_EQUAL(curve(&r, m, TELECOM, 14), 0.0);
    CU_ASSERT_EQUAL(curve(&r, m, BANKING, 14), 200.0);
    CU_ASSERT_EQUAL(curve(&r, m, BANKING, 15), 0.0);
    CU_ASSERT_EQUAL(curve(&r, m, BANKING, 48), 0.0);

    /* the same replicate again in the same workspace: identical (the reset is complete) */
    run_t r2;
    run_bind(&r2);
    CU_ASSERT(kikan_replicate_run(m, 0, 0, NULL, ws, &r2.out) == KIKAN_OK);
    CU_ASSERT(memcmp(r.ch, r2.ch, sizeof(r.ch)) == 0);
    CU_ASSERT(memcmp(r.curves, r2.curves, sizeof(r.curves)) == 0);
    CU_ASSERT(memcmp(r.ops, r2.ops, sizeof(r.ops)) == 0);

    /* a horizon cutting the outage: up to 10 h, power loses 1000 x 8 */
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    s.horizon_hours = 10;
    s.step_hours = 0.5;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(kikan_model_n_grid(m), 21);
    CU_ASSERT_EQUAL(r.ch[POWER], 8000.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * 5.5);
    CU_ASSERT_EQUAL(r.ch[BANKING], 200 * 4.25);
    CU_ASSERT_EQUAL(r.through[POWER * NS + BANKING], 200 * 4.25); /* still down at the horizon */
    CU_ASSERT_EQUAL(curve(&r, m, BANKING, 20), 200.0);
    times(ws, p1, 2.0, INFINITY);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    CU_ASSERT_PTR_NULL(m);
    fx_free(&f);
}

/* ---- k of n redundancy ---------------------------------------------------------------------- */

/*
 * T1 (500, backup 3, restart 1.5) needs 1 of {P1 (300, repair 6.25), P2 (700,
 * repair 9.5)}. Hitting P1 alone at t = 1 leaves the group holding: T1 never
 * fails. Hitting both at t = 1: T1 on backup until 4, stops; P1 back at 7.25
 * (restart 0) brings the group back: T1 restarts until 8.75.
 * A second group of B1 needs 2 of {T1, T2, T3}: losing T1 alone is fine.
 */
static void test_k_of_n(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p[2], t[3], b1;
    p[0] = asset(&f, "P1", POWER, 300, 0, 0, 6.25);
    p[1] = asset(&f, "P2", POWER, 700, 0, 0, 9.5);
    t[0] = asset(&f, "T1", TELECOM, 500, 3, 1.5, 24);
    t[1] = asset(&f, "T2", TELECOM, 0, 0, 0, 24);
    t[2] = asset(&f, "T3", TELECOM, 0, 0, 0, 24);
    b1 = asset(&f, "B1", BANKING, 100, 0, 0, 24);
    dep(&f, p[0], t[0], "power", "grid", 1);
    dep(&f, p[1], t[0], "power", "grid", 1);
    for (int i = 0; i < 3; i++) {
        dep(&f, t[i], b1, "telecom", "net", 2);
    }
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 1});
    kikan_event_t ev = ev_assets(p, 1, 1.0);
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 300 * 6.25);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 0.0);
    CU_ASSERT_EQUAL(r.peak[TELECOM], 0.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 0.0);
    times(ws, t[0], INFINITY, INFINITY);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);

    ev.n_assets = 2;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 300 * 6.25 + 700 * 9.5);
    CU_ASSERT_EQUAL(r.peak[POWER], 1000.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * 4.75);
    CU_ASSERT_EQUAL(r.ch[BANKING], 0.0); /* T2 and T3 still hold B1's 2-of-3 group */
    times(ws, t[0], 4.0, 8.75);
    times(ws, b1, INFINITY, INFINITY);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);

    /* T1 and T2 hit at t = 0.5 (repairs 24): B1 (no backup) stops at once */
    kikan_id_t tt[2] = {t[0], t[1]};
    ev = ev_assets(tt, 2, 0.5);
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[BANKING], 100 * 23.5);
    times(ws, b1, 0.5, INFINITY);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/*
 * Simultaneous events settle together: T1 (backup 0) needs 1 of {P1, P2}. P2
 * is hit at t = 1 for 4 h; P1 is hit at t = 5, the instant P2 comes back
 * (restart 0). Applied one by one with propagation in between, T1 could
 * stop and need a restart; applied as one instant, the group never drops
 * below k and T1 never fails.
 */
static void test_simultaneous(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 100, 0, 0, 30);
    kikan_id_t p2 = asset(&f, "P2", POWER, 100, 0, 0, 4);
    kikan_id_t t1 = asset(&f, "T1", TELECOM, 500, 0, 2.5, 24);
    dep(&f, p1, t1, "power", "grid", 1);
    dep(&f, p2, t1, "power", "grid", 1);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    kikan_event_t ev[2] = {ev_assets(&p1, 1, 5.0), ev_assets(&p2, 1, 1.0)};
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(ev, 2, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 100 * 4.0 + 100 * 19.0);
    CU_ASSERT_EQUAL(r.peak[POWER], 100.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 0.0);
    times(ws, t1, INFINITY, INFINITY);
    times(ws, p2, 1.0, 5.0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- a power <-> telecom cycle -------------------------------------------------------------- */

/*
 * P1 (1000; its control link has a buffer of 4 h) and T1 (500, backup 0 on
 * losing power, restart 0.5) depend on each other.
 * (a) T1 hit at t = 1 for 3.25 h: P1 on backup until 5; T1 repaired at 4.25
 *     while P1 still works (on backup): restarting until 4.75; P1's control
 *     returns before its backup runs out: no outage. Telecom: 500 x 3.75.
 * (b) T1 hit for 6 h: P1 stops at 5; T1 is repaired at 7 without power and
 *     waits; P1 waits for telecom: neither can start the other (no black
 *     start in the model), both stay down to the horizon 24.
 */
static void test_cycle(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 1000, 0, 0, 24);
    kikan_id_t t1 = asset(&f, "T1", TELECOM, 500, 0, 0.5, 3.25);
    dep(&f, p1, t1, "power", NULL, 1);
    dep_buf(&f, t1, p1, "control", 4);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    kikan_event_t ev = ev_assets(&t1, 1, 1.0);
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(kikan_model_n_cycles(m), 1);
    CU_ASSERT_EQUAL(r.ch[POWER], 0.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * 3.75);
    times(ws, p1, INFINITY, INFINITY);
    times(ws, t1, 1.0, 4.75);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);

    fx_init(&f);
    p1 = asset(&f, "P1", POWER, 1000, 0, 0, 24);
    t1 = asset(&f, "T1", TELECOM, 500, 0, 0.5, 6);
    dep(&f, p1, t1, "power", NULL, 1);
    dep_buf(&f, t1, p1, "control", 4);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    ev = ev_assets(&t1, 1, 1.0);
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 1000 * 19.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * 23.0);
    times(ws, p1, 5.0, INFINITY);
    times(ws, t1, 1.0, INFINITY);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- restart delays and an interrupted restart ---------------------------------------------- */

/*
 * P1 (repair 2) and P2 (repair 5.5) are each essential to R1 (rail, 800,
 * backup 0, restart 1.75). Both hit at t = 0.25 (P1 at 0.25, P2 at 2.0):
 *   t=0.25  P1 down; R1 stops at once (no backup)
 *   t=2     P2 down (until 7.5)
 *   t=2.25  P1 back; R1 still lacks P2
 *   t=7.5   P2 back: R1 restarting until 9.25
 * and a variant where P2 is hit at 3.0 for 0.5: R1 restarts at 2.25, the
 * restart is interrupted at 3.0, resumes at 3.5, works at 5.25.
 */
static void test_restart(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 0, 0, 0, 2);
    kikan_id_t p2 = asset(&f, "P2", POWER, 0, 0, 0, 5.5);
    kikan_id_t r1 = asset(&f, "R1", RAIL, 800, 0, 1.75, 24);
    dep(&f, p1, r1, "power", NULL, 1);
    dep(&f, p2, r1, "power", NULL, 1);
    fx_finalize(&f, (int[NS]){1, 0, 1, 0, 0, 0});
    kikan_event_t ev[2] = {ev_assets(&p1, 1, 0.25), ev_assets(&p2, 1, 2.0)};
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(ev, 2, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[RAIL], 800 * 9.0);
    CU_ASSERT_EQUAL(r.implants, 2.0);
    times(ws, r1, 0.25, 9.25);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);

    fx_init(&f);
    p1 = asset(&f, "P1", POWER, 0, 0, 0, 2);
    p2 = asset(&f, "P2", POWER, 0, 0, 0, 0.5);
    r1 = asset(&f, "R1", RAIL, 800, 0, 1.75, 24);
    dep(&f, p1, r1, "power", NULL, 1);
    dep(&f, p2, r1, "power", NULL, 1);
    fx_finalize(&f, (int[NS]){1, 0, 1, 0, 0, 0});
    ev[0] = ev_assets(&p1, 1, 0.25);
    ev[1] = ev_assets(&p2, 1, 3.0);
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[RAIL], 800 * 5.0);
    times(ws, r1, 0.25, 5.25);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- repair distributions ------------------------------------------------------------------- */

/*
 * A single asset (the one-vertex case) with a uniform repair on [2.5, 2.5]
 * (degenerate: exactly 2.5) and another with an exponential repair: its
 * outage over many replicates averages the mean 3.875 (checked to 5 standard
 * errors: sd = mean for the exponential, 4000 replicates -> se = 0.0613).
 * Two hits on one asset extend to the later end.
 */
static void test_repair(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_asset_spec_t sp = {"X", f.op[POWER], POWER, "site", "",
                             10,  0,           NAN,   0,      {KIKAN_DIST_UNIFORM, 2.5, 2.5}};
    kikan_id_t x, y;
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &x) == KIKAN_OK);
    sp = (kikan_asset_spec_t){
        "Y", f.op[TELECOM], TELECOM, "site", "", 1, 0, NAN, 0, {KIKAN_DIST_EXPONENTIAL, 3.875, 0}};
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &y) == KIKAN_OK);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    kikan_id_t both[2] = {x, y};
    kikan_event_t ev[2] = {ev_assets(both, 2, 1.0), ev_assets(&x, 1, 2.0)};
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(ev, 2, &wi, 1000, 1000);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    /* X: hit at 1 (until 3.5), again at 2 (until 4.5): down 3.5 h */
    CU_ASSERT_EQUAL(r.ch[POWER], 10 * 3.5);
    CU_ASSERT_EQUAL(r.implants, 3.0);
    double sum = 0.0;
    const int n = 4000;
    for (int i = 0; i < n; i++) {
        CU_ASSERT_FATAL(kikan_replicate_run(m, 0, i, NULL, ws, &r.out) == KIKAN_OK);
        sum += r.ch[TELECOM];
    }
    CU_ASSERT(fabs(sum / n - 3.875) < 5 * 3.875 / sqrt(n));
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- screening ------------------------------------------------------------------------------ */

/*
 * Vendor V1's class "scada" sits in P1 (power, 1000, repair 4) and class
 * "core" in B1 (banking, 300, repair 6): an implant on the vendor hits two
 * sectors at t = 3. Screening the power operator with effectiveness 1 saves
 * P1 only; effectiveness 0 changes nothing (memcmp against no policy); a
 * policy screening only "core" leaves P1 hit.
 */
static void test_vendor_and_screening(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 1000, 0, 0, 4);
    kikan_id_t b1 = asset(&f, "B1", BANKING, 300, 0, 0, 6);
    kikan_id_t v1, v2, scada, core;
    CU_ASSERT_FATAL(kikan_world_add_vendor(f.w, "V1", NULL, "X", 2, &v1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_vendor(f.w, "V2", NULL, "Y", 0, &v2) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f.w, "scada", NULL, POWER, 1, &scada) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f.w, "core", NULL, BANKING, 1, &core) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f.w, p1, scada, v1, KIKAN_NONE, NULL) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f.w, b1, core, v1, KIKAN_NONE, NULL) == KIKAN_OK);
    fx_finalize(&f, (int[NS]){1, 0, 0, 0, 0, 1});
    kikan_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.target = KIKAN_TARGET_VENDOR;
    ev.vendor = v1;
    ev.probability = 1.0;
    ev.at_hours = 3.0;
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t none, r;
    run1(&f, &s, NULL, &none, &m, &ws);
    CU_ASSERT_EQUAL(none.ch[POWER], 4000.0);
    CU_ASSERT_EQUAL(none.ch[BANKING], 1800.0);
    CU_ASSERT_EQUAL(none.implants, 2.0);

    uint8_t reg[NS] = {0}, cls[2] = {0, 1};
    reg[f.op[POWER]] = 1;
    kikan_policy_t pol = {reg, NULL, 1.0};
    run_bind(&r);
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r.out) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.ch[POWER], 0.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 1800.0);
    CU_ASSERT_EQUAL(r.implants, 1.0);

    reg[f.op[BANKING]] = 1; /* both regulated, effectiveness 1: nothing happens */
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r.out) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.ch[POWER], 0.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 0.0);
    CU_ASSERT_EQUAL(r.peak[BANKING], 0.0);
    CU_ASSERT_EQUAL(r.implants, 0.0);

    pol.effectiveness = 0.0; /* same as no policy, bit for bit */
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r.out) == KIKAN_OK);
    CU_ASSERT(memcmp(&r, &none, offsetof(run_t, out)) == 0);

    pol.effectiveness = 1.0;
    pol.class_screened = cls; /* only "core" screened: P1 still hit */
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r.out) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.ch[POWER], 4000.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 0.0);

    pol.effectiveness = 1.5;
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r.out) == KIKAN_EINVAL);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);

    /* the event limited to class "core": only banking */
    kikan_id_t only_core = core;
    ev.classes = &only_core;
    ev.n_classes = 1;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 0.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 1800.0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);

    /* a vendor with no installations, and probability 0: nothing happens */
    ev.classes = NULL;
    ev.n_classes = 0;
    ev.vendor = v2;
    char *log = NULL;
    size_t log_len = 0;
    FILE *logf = open_memstream(&log, &log_len);
    CU_ASSERT_FATAL(logf != NULL);
    kikan_ctx_set_log_stream(f.ctx, logf);
    run1(&f, &s, NULL, &r, &m, &ws);
    fclose(logf);
    kikan_ctx_set_log_stream(f.ctx, stderr);
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "event 1 (vendor V2): targets nothing"));
    free(log);
    CU_ASSERT_EQUAL(r.ch[POWER] + r.ch[BANKING] + r.implants, 0.0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    ev.vendor = v1;
    ev.probability = 0.0;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER] + r.ch[BANKING] + r.implants, 0.0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- contractor and kind/region targets ------------------------------------------------------ */

static void test_other_targets(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 100, 0, 0, 2);
    kikan_asset_spec_t sp = {"L1", f.op[TELECOM], TELECOM, "landing_station",       "chiba", 50,
                             0,    NAN,           0,       {KIKAN_DIST_FIXED, 8, 0}};
    kikan_id_t l1, l2, m1, cls, v;
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &l1) == KIKAN_OK);
    sp.id = "L2";
    sp.region = "mie";
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &l2) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_vendor(f.w, "V", NULL, NULL, 0, &v) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f.w, "rtu", NULL, KIKAN_NONE, 0, &cls) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_contractor(f.w, "M1", NULL, 1, &m1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f.w, p1, cls, v, m1, NULL) == KIKAN_OK);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    kikan_event_t ev[2];
    memset(ev, 0, sizeof(ev));
    ev[0].target = KIKAN_TARGET_CONTRACTOR;
    ev[0].contractor = m1;
    ev[0].probability = 1;
    ev[0].at_hours = 1;
    ev[1].target = KIKAN_TARGET_KIND_REGION;
    ev[1].kind = kikan_world_find_kind(f.w, "landing_station");
    ev[1].region = kikan_world_find_region(f.w, "chiba");
    ev[1].probability = 1;
    ev[1].at_hours = 0.5;
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(ev, 2, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ch[POWER], 200.0);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 400.0); /* L1 only (chiba) */
    times(ws, l2, INFINITY, INFINITY);
    /* a trace names the asset, its sector and operator, and the cause */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(mem != NULL);
    CU_ASSERT(kikan_replicate_trace(m, 0, 0, NULL, ws, mem) == KIKAN_OK);
    fclose(mem);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "t=   0.50 h  FAIL     L1 (telecom, KDDI-like)  implant: "
                                       "kind landing_station in chiba"));
    CU_ASSERT_PTR_NOT_NULL(strstr(
        buf, "t=   1.00 h  FAIL     P1 (power, TEPCO-like)  implant: contractor M1 class rtu"));
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "t=   8.50 h  RESTORE  L1"));
    free(buf);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- empty compromise ----------------------------------------------------------------------- */

static void test_empty(void)
{
    fixture_t f;
    fx_init(&f);
    asset(&f, "P1", POWER, 100, 0, 0, 2);
    fx_finalize(&f, (int[NS]){1, 0, 0, 0, 0, 0});
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(NULL, 0, &wi, 5, 0.5);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r, zero;
    run1(&f, &s, NULL, &r, &m, &ws);
    run_bind(&zero);
    CU_ASSERT(memcmp(&r, &zero, offsetof(run_t, out)) == 0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- forcing with a restore schedule -------------------------------------------------------- */

/*
 * A blackout of the whole power sector at t = 2: four substations of 250
 * households each; restore schedule (12.5 h, 12 %), (48.5 h, 100 %). Whatever
 * the drawn order, the cumulative shares are 1/4, 1/2, 3/4, 1, restored at
 * offsets 12.5 + (c - 0.12) / 0.88 x 36 (c <= 1). Customer-hours: 250 x sum.
 * T1 (telecom, backup 6) depends on S1. Forcing ignores screening.
 */
static void test_forcing(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t sub[4];
    const char *ids[4] = {"S1", "S2", "S3", "S4"};
    for (int i = 0; i < 4; i++) {
        sub[i] = asset(&f, ids[i], POWER, 250, 0, 0, 1000);
    }
    kikan_id_t t1 = asset(&f, "T1", TELECOM, 10, 6, 0, 24);
    dep(&f, sub[0], t1, "power", NULL, 1);
    fx_finalize(&f, (int[NS]){1, 1, 0, 0, 0, 0});
    kikan_restore_point_t sched[2] = {{12.5, 0.12}, {48.5, 1.0}};
    kikan_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.target = KIKAN_TARGET_SECTOR;
    ev.sector = POWER;
    ev.probability = 1.0;
    ev.at_hours = 2.0;
    ev.forcing = 1;
    ev.restore = sched;
    ev.n_restore = 2;
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 72, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    double off[4], sum = 0.0;
    for (int i = 0; i < 4; i++) {
        off[i] = 12.5 + ((i + 1) * 0.25 - 0.12) / 0.88 * 36.0;
        sum += off[i];
    }
    CU_ASSERT_DOUBLE_EQUAL(off[3], 48.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r.ch[POWER], 250 * sum, 1e-9 * 250 * sum);
    CU_ASSERT_EQUAL(r.peak[POWER], 1000.0);
    CU_ASSERT_EQUAL(r.implants, 0.0); /* a forcing is not an implant */
    /* each substation comes back at one of the four offsets, each offset used once */
    int used[4] = {0};
    for (int i = 0; i < 4; i++) {
        double tf, tr;
        kikan_workspace_asset_times(ws, sub[i], &tf, &tr);
        CU_ASSERT_EQUAL(tf, 2.0);
        for (int j = 0; j < 4; j++) {
            used[j] += fabs(tr - (2.0 + off[j])) < 1e-9;
        }
    }
    CU_ASSERT(used[0] == 1 && used[1] == 1 && used[2] == 1 && used[3] == 1);
    /* T1 on backup for 6 h from t = 2, down from 8 until S1 is back */
    double tf, tr, s1r;
    kikan_workspace_asset_times(ws, sub[0], NULL, &s1r);
    kikan_workspace_asset_times(ws, t1, &tf, &tr);
    CU_ASSERT_EQUAL(tf, 8.0);
    CU_ASSERT_EQUAL(tr, s1r);

    /* screening everything with effectiveness 1 changes nothing */
    uint8_t reg[NS] = {1, 1, 1, 1, 1, 1};
    kikan_policy_t pol = {reg, NULL, 1.0};
    run_t r2;
    run_bind(&r2);
    CU_ASSERT(kikan_replicate_run(m, 0, 0, &pol, ws, &r2.out) == KIKAN_OK);
    CU_ASSERT(memcmp(&r, &r2, offsetof(run_t, out)) == 0);

    /* other replicates draw other orders but the same total */
    for (int i = 1; i < 20; i++) {
        CU_ASSERT(kikan_replicate_run(m, 0, i, NULL, ws, &r2.out) == KIKAN_OK);
        CU_ASSERT_DOUBLE_EQUAL(r2.ch[POWER], 250 * sum, 1e-9 * 250 * sum);
    }
    kikan_model_free(&m);
    kikan_workspace_free(&ws);

    /* a schedule stopping at 50 %: two substations never come back within 72 h */
    kikan_restore_point_t half[1] = {{10.0, 0.5}};
    ev.restore = half;
    ev.n_restore = 1;
    run1(&f, &s, NULL, &r, &m, &ws);
    /* offsets 5 and 10, two at 70 h (the horizon) */
    CU_ASSERT_DOUBLE_EQUAL(r.ch[POWER], 250 * (5.0 + 10.0 + 70.0 + 70.0), 1e-9);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- size classes and the policy from a scenario -------------------------------------------- */

static void test_size_classes_policy(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t dep_m, bank[4], sec = BANKING;
    CU_ASSERT_FATAL(kikan_world_add_metric(f.w, "deposits_jpy", &dep_m) == KIKAN_OK);
    const char *ids[4] = {"B-small", "B-mid", "B-big", "B-sme"};
    const double dv[4] = {1.5e12, 2.5e12, 9.75e13, 1.0e11};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_FATAL(kikan_world_add_operator(f.w, ids[i], NULL, &sec, 1, i == 3, &bank[i]) ==
                        KIKAN_OK);
        CU_ASSERT_FATAL(kikan_world_set_metric(f.w, bank[i], dep_m, dv[i]) == KIKAN_OK);
    }
    fx_finalize(&f, (int[NS]){0, 0, 0, 0, 0, 0});
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(NULL, 0, &wi, 5, 1);
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_OK);
    /* among 4 given values (the SME's too): smaller-than counts 1, 2, 3 -> terciles 0, 1, 2 */
    CU_ASSERT_EQUAL(kikan_model_size_class(m, bank[0], BANKING), 1);
    CU_ASSERT_EQUAL(kikan_model_size_class(m, bank[1], BANKING), 2);
    CU_ASSERT_EQUAL(kikan_model_size_class(m, bank[2], BANKING), 3);
    CU_ASSERT_EQUAL(kikan_model_size_class(m, bank[3], BANKING), 0);
    CU_ASSERT_EQUAL(kikan_model_size_class(m, bank[3], POWER), -1);
    CU_ASSERT_EQUAL(kikan_model_size_class(m, f.op[POWER], POWER), 1);

    kikan_rule_t rule = {BANKING, dep_m, 2.0e12};
    kikan_id_t named = f.op[RAIL];
    s.screening.enabled = 1;
    s.screening.effectiveness = 0.75;
    s.screening.rules = &rule;
    s.screening.n_rules = 1;
    s.screening.operators = &named;
    s.screening.n_operators = 1;
    uint8_t reg[10], cls[1];
    kikan_policy_t pol;
    CU_ASSERT_FATAL(kikan_policy_from_scenario(m, &s, reg, cls, &pol) == KIKAN_OK);
    CU_ASSERT_EQUAL(pol.effectiveness, 0.75);
    CU_ASSERT_PTR_NULL(pol.class_screened);
    CU_ASSERT(reg[bank[0]] == 0 && reg[bank[1]] == 1 && reg[bank[2]] == 1 && reg[bank[3]] == 0);
    CU_ASSERT(reg[f.op[RAIL]] == 1 && reg[f.op[POWER]] == 0);
    rule.sector = POWER; /* no bank is in power */
    CU_ASSERT_FATAL(kikan_policy_from_scenario(m, &s, reg, cls, &pol) == KIKAN_OK);
    CU_ASSERT(reg[bank[1]] == 0 && reg[bank[2]] == 0);
    rule.metric = 99;
    CU_ASSERT(kikan_policy_from_scenario(m, &s, reg, cls, &pol) == KIKAN_EINVAL);
    s.screening.enabled = 0;
    CU_ASSERT_FATAL(kikan_policy_from_scenario(m, &s, reg, cls, &pol) == KIKAN_OK);
    CU_ASSERT(reg[f.op[RAIL]] == 0 && pol.effectiveness == 0.0);
    CU_ASSERT(kikan_policy_from_scenario(NULL, &s, reg, cls, &pol) == KIKAN_EINVAL);
    kikan_model_free(&m);
    fx_free(&f);
}

/*
 * Operators affected: one operator in power and telecom with two power assets
 * and one telecom asset, all hit: it counts once in power and once in
 * telecom. An SME operator's stopped asset counts in class 0. Assets that
 * only ran on backup do not count.
 */
static void test_ops_affected(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t both[2] = {POWER, TELECOM}, ntt, sme;
    CU_ASSERT_FATAL(kikan_world_add_operator(f.w, "NTT-like", NULL, both, 2, 0, &ntt) == KIKAN_OK);
    kikan_id_t rail = RAIL;
    CU_ASSERT_FATAL(kikan_world_add_operator(f.w, "local-rail", NULL, &rail, 1, 1, &sme) ==
                    KIKAN_OK);
    kikan_asset_spec_t sp = {"N-P1", ntt, POWER, "site", "",
                             10,     0,   NAN,   0,      {KIKAN_DIST_FIXED, 3, 0}};
    kikan_id_t a[4], onbackup;
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &a[0]) == KIKAN_OK);
    sp.id = "N-P2";
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &a[1]) == KIKAN_OK);
    sp.id = "N-T1";
    sp.sector = TELECOM;
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &a[2]) == KIKAN_OK);
    sp = (kikan_asset_spec_t){"R1", sme, RAIL, "site", "", 10, 0, NAN, 0, {KIKAN_DIST_FIXED, 3, 0}};
    CU_ASSERT_FATAL(kikan_world_add_asset(f.w, &sp, &a[3]) == KIKAN_OK);
    /* a bank on backup for 5 h, longer than N-P1's 3 h repair: never stops */
    onbackup = asset(&f, "B1", BANKING, 10, 5, 0, 24);
    dep(&f, a[0], onbackup, "power", NULL, 1);
    fx_finalize(&f, (int[NS]){1, 1, 1, 0, 0, 1});
    kikan_event_t ev = ev_assets(a, 4, 1.0);
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 24, 1);
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    run_t r;
    run1(&f, &s, NULL, &r, &m, &ws);
    CU_ASSERT_EQUAL(r.ops[POWER * C + 1], 1.0);
    CU_ASSERT_EQUAL(r.ops[TELECOM * C + 1], 1.0);
    CU_ASSERT_EQUAL(r.ops[RAIL * C + 0], 1.0);
    CU_ASSERT_EQUAL(r.ops[BANKING * C + 1], 0.0);
    CU_ASSERT_EQUAL(r.ch[BANKING], 0.0);
    CU_ASSERT_EQUAL(r.ch[POWER], 60.0);
    double sum = 0.0;
    for (int i = 0; i < NS * C; i++) {
        sum += r.ops[i];
    }
    CU_ASSERT_EQUAL(sum, 3.0);
    kikan_model_free(&m);
    kikan_workspace_free(&ws);
    fx_free(&f);
}

/* ---- error paths ---------------------------------------------------------------------------- */

static void test_errors(void)
{
    fixture_t f;
    fx_init(&f);
    kikan_id_t p1 = asset(&f, "P1", POWER, 100, 0, 0, 2);
    fx_finalize(&f, (int[NS]){1, 0, 0, 0, 0, 0});
    kikan_event_t ev = ev_assets(&p1, 1, 1.0);
    kikan_whatif_t wi;
    kikan_scenario_t s = scen(&ev, 1, &wi, 24, 1);
    kikan_model_t *m = NULL;
    CU_ASSERT(kikan_model_compile(NULL, f.w, &s, &m) == KIKAN_EINVAL);
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, NULL, &m) == KIKAN_EINVAL);

    s.default_model = "percolation";
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT(kikan_diag_count(f.ctx) == 1 && strstr(kikan_diag_get(f.ctx, 0), "percolation"));
    kikan_diag_clear(f.ctx);
    s.default_model = NULL;

    s.horizon_hours = 0;
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    s.horizon_hours = 24;
    kikan_diag_clear(f.ctx);

    kikan_id_t bad = 77;
    ev.assets = &bad;
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    CU_ASSERT(strstr(kikan_diag_get(f.ctx, 0), "unknown asset") != NULL);
    kikan_diag_clear(f.ctx);
    ev.assets = &p1;

    ev.probability = 1.25;
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    kikan_diag_clear(f.ctx);
    ev.probability = 1;

    kikan_restore_point_t back[2] = {{10, 0.5}, {5, 1.0}};
    ev.restore = back;
    ev.n_restore = 2;
    ev.forcing = 1;
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    CU_ASSERT(strstr(kikan_diag_get(f.ctx, 0), "restore") != NULL);
    kikan_diag_clear(f.ctx);
    ev.n_restore = 0;
    ev.forcing = 0;

    s.n_whatifs = 0;
    CU_ASSERT(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_EINPUT);
    kikan_diag_clear(f.ctx);
    s.n_whatifs = 1;

    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_OK);
    kikan_workspace_t *ws = NULL;
    CU_ASSERT(kikan_workspace_new(NULL, &ws) == KIKAN_EINVAL);
    CU_ASSERT_FATAL(kikan_workspace_new(m, &ws) == KIKAN_OK);
    run_t r;
    run_bind(&r);
    CU_ASSERT(kikan_replicate_run(m, 1, 0, NULL, ws, &r.out) == KIKAN_EINVAL);
    CU_ASSERT(kikan_replicate_run(m, -1, 0, NULL, ws, &r.out) == KIKAN_EINVAL);
    CU_ASSERT(kikan_replicate_run(m, 0, -3, NULL, ws, &r.out) == KIKAN_EINVAL);
    CU_ASSERT(kikan_replicate_run(m, 0, 0, NULL, NULL, &r.out) == KIKAN_EINVAL);
    CU_ASSERT(kikan_replicate_trace(m, 0, 0, NULL, ws, NULL) == KIKAN_EINVAL);
    r.out.curves = NULL; /* curves are optional */
    CU_ASSERT(kikan_replicate_run(m, 0, 0, NULL, ws, &r.out) == KIKAN_OK);
    CU_ASSERT_EQUAL(r.ch[POWER], 200.0);
    r.out.ops_affected = NULL;
    CU_ASSERT(kikan_replicate_run(m, 0, 0, NULL, ws, &r.out) == KIKAN_EINVAL);
    kikan_workspace_free(&ws);
    kikan_workspace_free(&ws); /* NULL after free: no-op */
    kikan_model_free(&m);
    kikan_model_free(NULL);

    /* an unfinalized world is refused */
    kikan_world_t *w2 = NULL;
    CU_ASSERT_FATAL(kikan_world_new(f.ctx, &w2) == KIKAN_OK);
    CU_ASSERT(kikan_model_compile(f.ctx, w2, &s, &m) == KIKAN_EINPUT);
    kikan_diag_clear(f.ctx);
    kikan_world_free(&w2);
    fx_free(&f);
}

/* ---- differential test against a naive reference ------------------------------------------ */

/*
 * A naive re-implementation of the dependency model: no heap, no counters, no
 * worklist; at each event time it recomputes every asset's supply from its
 * providers' states by full sweeps until nothing changes. On random worlds
 * where every backup and restart time is > 0 no working state changes inside
 * a sweep, so the outcome cannot depend on processing order and both must
 * agree exactly (all times are multiples of 0.25 and customers integers, so
 * every sum is exact).
 */
enum { RA = 48, RDEP = 60 };
enum { R_OK, R_BACKUP, R_DOWN, R_STOPPED, R_RESTARTING };

typedef struct {
    int na, nd;
    int prov[RDEP], depd[RDEP], grp[RDEP]; /* grp: group id (dependent * 4 + label) */
    int k[RA * 4], n[RA * 4];
    double cust[RA], backup[RA], restart[RA], repair[RA];
    int sector[RA];
} ref_world_t;

static int ref_working(int st)
{
    return st == R_OK || st == R_BACKUP;
}

static int ref_supplied(const ref_world_t *rw, const int *st, int a)
{
    int have[RA * 4] = {0};
    for (int d = 0; d < rw->nd; d++) {
        if (rw->depd[d] == a && ref_working(st[rw->prov[d]])) {
            have[rw->grp[d]]++;
        }
    }
    for (int g = a * 4; g < a * 4 + 4; g++) {
        if (rw->n[g] > 0 && have[g] < rw->k[g]) {
            return 0;
        }
    }
    return 1;
}

static void ref_run(const ref_world_t *rw, const int *hit, const double *hit_t, int n_hits,
                    double horizon, double *ch, double *tf, double *tr)
{
    int st[RA], seen[RA], done[8] = {0};
    double timer[RA], until[RA];
    for (int a = 0; a < rw->na; a++) {
        st[a] = R_OK;
        seen[a] = 1;
        timer[a] = INFINITY;
        until[a] = -INFINITY;
        tf[a] = tr[a] = INFINITY;
    }
    for (int s = 0; s < NS; s++) {
        ch[s] = 0.0;
    }
    double now = 0.0;
#define SET(a, v)                                                                                  \
    do {                                                                                           \
        int w0 = ref_working(st[a]), w1 = ref_working(v);                                          \
        st[a] = (v);                                                                               \
        if (w0 && !w1) {                                                                           \
            if (tf[a] == INFINITY)                                                                 \
                tf[a] = t;                                                                         \
            tr[a] = INFINITY;                                                                      \
        } else if (!w0 && w1) {                                                                    \
            tr[a] = t;                                                                             \
        }                                                                                          \
    } while (0)
    for (;;) {
        double t = INFINITY;
        for (int a = 0; a < rw->na; a++) {
            t = fmin(t, timer[a]);
        }
        for (int h = 0; h < n_hits; h++) {
            if (!done[h]) {
                t = fmin(t, hit_t[h]);
            }
        }
        if (!(t <= horizon)) {
            break;
        }
        for (int a = 0; a < rw->na; a++) {
            if (!ref_working(st[a])) {
                ch[rw->sector[a]] += rw->cust[a] * (t - now);
            }
        }
        now = t;
        for (int h = 0; h < n_hits; h++) {
            const int a = hit[h];
            if (done[h] || hit_t[h] != t) {
                continue;
            }
            done[h] = 1;
            if (!(st[a] == R_DOWN && t + rw->repair[a] <= until[a])) {
                until[a] = t + rw->repair[a];
                SET(a, R_DOWN);
                timer[a] = until[a];
            }
        }
        for (int a = 0; a < rw->na; a++) {
            if (timer[a] != t) {
                continue;
            }
            timer[a] = INFINITY;
            if (st[a] == R_BACKUP) {
                SET(a, R_STOPPED);
            } else if (st[a] == R_RESTARTING) {
                SET(a, R_OK);
            } else if (st[a] == R_DOWN) {
                if (ref_supplied(rw, st, a)) {
                    SET(a, R_RESTARTING);
                    timer[a] = t + rw->restart[a];
                } else {
                    SET(a, R_STOPPED);
                }
            }
        }
        for (int changed = 1; changed;) {
            changed = 0;
            for (int a = 0; a < rw->na; a++) {
                const int sup = ref_supplied(rw, st, a);
                if (sup == seen[a]) {
                    continue;
                }
                seen[a] = sup;
                changed = 1;
                if (!sup && st[a] == R_OK) {
                    SET(a, R_BACKUP);
                    timer[a] = t + rw->backup[a];
                } else if (!sup && st[a] == R_RESTARTING) {
                    SET(a, R_STOPPED);
                    timer[a] = INFINITY;
                } else if (sup && st[a] == R_BACKUP) {
                    SET(a, R_OK);
                    timer[a] = INFINITY;
                } else if (sup && st[a] == R_STOPPED) {
                    SET(a, R_RESTARTING);
                    timer[a] = t + rw->restart[a];
                }
            }
        }
    }
#undef SET
    for (int a = 0; a < rw->na; a++) {
        if (!ref_working(st[a])) {
            ch[rw->sector[a]] += rw->cust[a] * (horizon - now);
        }
    }
}

static void test_against_reference(void)
{
    uint64_t x = 2385;
    int cascaded = 0, recovered = 0; /* failures beyond the hit assets: the test is not vacuous */
#define RND(n) ((int)((x = x * 6364136223846793005ULL + 1442695040888963407ULL) >> 33) % (n))
    for (int trial = 0; trial < 40; trial++) {
        fixture_t f;
        fx_init(&f);
        ref_world_t rw;
        memset(&rw, 0, sizeof(rw));
        rw.na = RA;
        for (int a = 0; a < RA; a++) {
            char id[16];
            snprintf(id, sizeof(id), "x%d", a);
            rw.sector[a] = a % NS;
            rw.cust[a] = 1 + RND(900);
            rw.backup[a] = 0.25 * (1 + RND(16));
            rw.restart[a] = 0.25 * (1 + RND(8));
            rw.repair[a] = 0.25 * (1 + RND(40));
            asset(&f, id, rw.sector[a], rw.cust[a], rw.backup[a], rw.restart[a], rw.repair[a]);
        }
        /* dependencies: groups labelled 0..3 per dependent, k = 1 or 2 where possible */
        int kdraw[RA * 4];
        for (int g = 0; g < RA * 4; g++) {
            kdraw[g] = 1 + RND(2);
        }
        int prov[RDEP], depd[RDEP], lab[RDEP], nd = 0;
        for (int d = 0; d < RDEP; d++) {
            prov[d] = RND(RA);
            depd[d] = RND(RA);
            lab[d] = RND(4);
            if (prov[d] != depd[d]) {
                rw.n[depd[d] * 4 + lab[d]]++;
                prov[nd] = prov[d];
                depd[nd] = depd[d];
                lab[nd] = lab[d];
                nd++;
            }
        }
        rw.nd = nd;
        for (int d = 0; d < nd; d++) {
            const int g = depd[d] * 4 + lab[d];
            rw.k[g] = kdraw[g] <= rw.n[g] ? kdraw[g] : 1;
            rw.prov[d] = prov[d];
            rw.depd[d] = depd[d];
            rw.grp[d] = g;
            char label[8];
            snprintf(label, sizeof(label), "g%d", lab[d]);
            dep(&f, prov[d], depd[d], "power", label, rw.k[g]);
        }
        fx_finalize(&f, (int[NS]){1, 1, 1, 1, 1, 1});
        /* up to 6 hits at times multiple of 0.5, as separate events */
        kikan_id_t hit[6];
        double hit_t[6];
        kikan_event_t ev[6];
        const int nh = 1 + RND(6);
        for (int h = 0; h < nh; h++) {
            hit[h] = RND(RA);
            hit_t[h] = 0.5 * RND(20);
            ev[h] = ev_assets(&hit[h], 1, hit_t[h]);
        }
        kikan_whatif_t wi;
        kikan_scenario_t s = scen(ev, nh, &wi, 40, 1);
        kikan_model_t *m = NULL;
        kikan_workspace_t *ws = NULL;
        run_t r;
        run1(&f, &s, NULL, &r, &m, &ws);
        double ch[NS], tf[RA], tr[RA];
        int hit_i[6];
        for (int h = 0; h < nh; h++) {
            hit_i[h] = hit[h];
        }
        ref_run(&rw, hit_i, hit_t, nh, 40, ch, tf, tr);
        int ok = 1;
        for (int sct = 0; sct < NS; sct++) {
            ok &= ch[sct] == r.ch[sct];
        }
        for (int a = 0; a < RA; a++) {
            double ef, er;
            kikan_workspace_asset_times(ws, a, &ef, &er);
            ok &= ef == tf[a] && er == tr[a];
        }
        for (int a = 0; a < RA; a++) {
            int was_hit = 0;
            for (int h = 0; h < nh; h++) {
                was_hit |= hit[h] == a;
            }
            cascaded += !was_hit && tf[a] < INFINITY;
            recovered += !was_hit && tr[a] < INFINITY;
        }
        CU_ASSERT(ok);
        if (!ok) {
            printf("\nreference mismatch in trial %d\n", trial);
        }
        kikan_model_free(&m);
        kikan_workspace_free(&ws);
        fx_free(&f);
    }
#undef RND
    printf(" [%d cascaded failures, %d recoveries] ", cascaded, recovered);
    CU_ASSERT(cascaded > 40 && recovered > 40);
}

/* Every behaviour model that scenario validation accepts has its operations table. */
static void test_behaviour_registry(void)
{
    CU_ASSERT_EQUAL(KIKAN_N_BEHAVIOURS, 1);
    for (int i = 0; i < KIKAN_N_BEHAVIOURS; i++) {
        const kikan_behaviour_ops_t *ops = kikan_behaviour_find(kikan_behaviour_names[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(ops);
        CU_ASSERT_STRING_EQUAL(ops->name, kikan_behaviour_names[i]);
    }
    CU_ASSERT_PTR_NULL(kikan_behaviour_find("percolation"));
    CU_ASSERT_PTR_NULL(kikan_behaviour_find(NULL));
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("engine", NULL, NULL);
    CU_add_test(s, "chain power -> telecom -> bank", test_chain);
    CU_add_test(s, "behaviour registry", test_behaviour_registry);
    CU_add_test(s, "k of n redundancy", test_k_of_n);
    CU_add_test(s, "simultaneous events", test_simultaneous);
    CU_add_test(s, "power <-> telecom cycle", test_cycle);
    CU_add_test(s, "restart delays", test_restart);
    CU_add_test(s, "repair distributions", test_repair);
    CU_add_test(s, "vendor in two sectors, screening", test_vendor_and_screening);
    CU_add_test(s, "contractor, kind/region, trace", test_other_targets);
    CU_add_test(s, "empty compromise", test_empty);
    CU_add_test(s, "forcing with a restore schedule", test_forcing);
    CU_add_test(s, "size classes and policy", test_size_classes_policy);
    CU_add_test(s, "random worlds against a naive reference", test_against_reference);
    CU_add_test(s, "operators affected", test_ops_affected);
    CU_add_test(s, "error paths", test_errors);
    return kikan_test_main();
}
