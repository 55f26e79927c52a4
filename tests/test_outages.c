/*
 * Outages that behave like real ones (issue 14): buffers per supply, warm
 * and cold restarts, operator selections and probability on forcing events.
 *
 * The hand-built world's timelines are worked out in the comments; every
 * time is a dyadic rational (1.375, 3.25...), exact in double precision, and
 * the engine only adds such numbers, so times are compared with ==.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/engine.h"
#include "kikan/generate.h"
#include "models/world_impl.h"
#include "tests/testutil.h"

enum { POWER = 0, TELECOM = 1, RAIL = 2, AVIATION = 3, AIRPORTS = 4, BANKING = 5, NS = 6 };

/* ---- the hand-built world ------------------------------------------------------------------- */

typedef struct {
    kikan_ctx_t *ctx;
    kikan_world_t *w;
    kikan_id_t op[NS];
    /* P feeds the base station BS and the branches; P2 feeds the two centres DC and DCU;
       CORE controls BS; DC hosts the core-banking system CB that BR, BR2 and X use */
    kikan_id_t p, p2, core, bs, dc, dcu, cb, br, br2, x, cdc;
} world_t;

static kikan_id_t asset(world_t *f, const char *id, int sector, const char *kind, double cust,
                        double backup, double restart, double repair)
{
    kikan_asset_spec_t sp = {.id = id,
                             .op = f->op[sector],
                             .sector = sector,
                             .kind = kind,
                             .region = "chiba",
                             .customers = cust,
                             .backup_hours = backup,
                             .backup_hours_max = NAN,
                             .restart_hours = restart,
                             .repair = {KIKAN_DIST_FIXED, repair, 0.0}};
    kikan_id_t a = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_asset(f->w, &sp, &a) == KIKAN_OK);
    return a;
}

static kikan_id_t dep(world_t *f, kikan_id_t p, kikan_id_t d, const char *res, double buffer)
{
    kikan_id_t row = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_dependency(f->w, p, d, res, NULL, 1, &row) == KIKAN_OK);
    if (buffer > 0) {
        CU_ASSERT_FATAL(kikan_world_set_buffer(f->w, row, buffer) == KIKAN_OK);
    }
    return row;
}

/*
 * BS: base station, battery 3.25 h, restart 0.125 (cold the same): power from P, control
 *     from CORE (no buffer: a radio without its core network carries nothing).
 * BR: branch, UPS 0.5 h, data from CB without buffer. BR2: the same with an offline mode
 *     of 1 h on its data link. X: backup 4 h, data buffer 2 h, restart 0.25, cold 3.
 * DC: a core-banking centre whose power system has no UPS (backup 0), restart 0.25, cold
 *     restart 19.5. DCU: the same with a 0.5 h UPS. CB: the banks' system in DC (logical:
 *     no restart of its own).
 */
static void world_build(world_t *f)
{
    memset(f, 0, sizeof(*f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_new(f->ctx, &f->w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(f->w) == KIKAN_OK);
    for (kikan_id_t s = 0; s < NS; s++) {
        char id[16];
        snprintf(id, sizeof(id), "op-%d", (int)s);
        CU_ASSERT_FATAL(kikan_world_add_operator(f->w, id, id, &s, 1, 0, &f->op[s]) == KIKAN_OK);
    }
    f->p = asset(f, "P", POWER, "substation", 1000, 0, 0, 6);
    f->p2 = asset(f, "P2", POWER, "substation", 0, 0, 0, 24);
    f->core = asset(f, "CORE", TELECOM, "mobile_core", 0, 0, 0, 10);
    f->bs = asset(f, "BS", TELECOM, "base_station", 500, 3.25, 0.125, 24);
    f->dc = asset(f, "DC", BANKING, "shared_core_centre", 0, 0, 0.25, 24);
    f->dcu = asset(f, "DCU", BANKING, "shared_core_centre", 0, 0.5, 0.25, 24);
    f->cb = asset(f, "CB", BANKING, "core_banking", 0, 0, 0, 1.5);
    f->br = asset(f, "BR", BANKING, "branch", 200, 0.5, 0, 24);
    f->br2 = asset(f, "BR2", BANKING, "branch", 100, 0.5, 0, 24);
    f->x = asset(f, "X", BANKING, "atm_network", 50, 4, 0.25, 24);
    /* a centre with a fuel supply: its generators bridge lost fuel deliveries as lost power */
    f->cdc = asset(f, "CDC", BANKING, "bank_data_centre", 0, 2.5, 0, 24);
    CU_ASSERT_FATAL(kikan_world_set_cold_restart(f->w, f->dc, 19.5) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_cold_restart(f->w, f->dcu, 19.5) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_cold_restart(f->w, f->x, 3) == KIKAN_OK);
    /* a cold restart shorter than the warm one is refused */
    CU_ASSERT(kikan_world_set_cold_restart(f->w, f->dc, 0.125) == KIKAN_EINPUT);
    CU_ASSERT(kikan_world_set_cold_restart(f->w, f->dc, NAN) == KIKAN_EINPUT);
    dep(f, f->p, f->bs, "power", 0);
    dep(f, f->core, f->bs, "control", 0);
    dep(f, f->p2, f->dc, "power", 0);
    dep(f, f->p2, f->dcu, "power", 0);
    dep(f, f->dc, f->cb, "data", 0);
    dep(f, f->p, f->br, "power", 0);
    dep(f, f->cb, f->br, "data", 0);
    dep(f, f->p, f->br2, "power", 0);
    dep(f, f->cb, f->br2, "data", 1.0);
    dep(f, f->p, f->x, "power", 0);
    dep(f, f->cb, f->x, "data", 2.0);
    dep(f, f->p2, f->cdc, "fuel", 0);
    /* a negative or infinite buffer is refused */
    CU_ASSERT(kikan_world_set_buffer(f->w, 0, -1) == KIKAN_EINPUT);
    CU_ASSERT(kikan_world_set_buffer(f->w, 0, INFINITY) == KIKAN_EINPUT);
    CU_ASSERT(kikan_world_set_buffer(f->w, 999, 1) == KIKAN_EINPUT);
    for (int s = RAIL; s <= AIRPORTS; s++) {
        char id[16];
        snprintf(id, sizeof(id), "idle-%d", s);
        asset(f, id, s, "idle", 0, 0, 0, 1);
    }
    CU_ASSERT_FATAL(kikan_world_finalize(f->w) == KIKAN_OK);
    kikan_diag_clear(f->ctx);
}

static void world_free(world_t *f)
{
    kikan_world_free(&f->w);
    kikan_ctx_free(&f->ctx);
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
    e.vendor = e.contractor = e.kind = e.region = e.sector = e.op = KIKAN_NONE;
    return e;
}

/* Run replicate 0 of what-if `w` and check an asset's times. */
typedef struct {
    double ch[NS], peak[NS], life[NS], ops[NS * KIKAN_N_SIZE_CLASSES], implants;
    kikan_replicate_out_t out;
} run_t;

static void run(const kikan_model_t *m, kikan_workspace_t *ws, int w, run_t *r)
{
    memset(r, 0, sizeof(*r));
    r->out = (kikan_replicate_out_t){r->ch,        r->peak, r->life, r->ops, NULL,
                                     &r->implants, NULL,    NULL,    NULL,   NULL};
    CU_ASSERT_FATAL(kikan_replicate_run(m, w, 0, NULL, ws, &r->out) == KIKAN_OK);
}

static void times(const kikan_workspace_t *ws, kikan_id_t a, double tf, double tr)
{
    double f, r;
    kikan_workspace_asset_times(ws, a, &f, &r);
    CU_ASSERT_EQUAL(f, tf);
    CU_ASSERT_EQUAL(r, tr);
    if (f != tf || r != tr) {
        printf("\n  asset %d: failed %.4f (expected %.4f), back %.4f (expected %.4f)\n", (int)a, f,
               tf, r, tr);
    }
}

/* The trace of replicate 0 of what-if w, as a malloc'd string. */
static char *trace(const kikan_model_t *m, kikan_workspace_t *ws, int w)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT(kikan_replicate_trace(m, w, 0, NULL, ws, f) == KIKAN_OK);
    fclose(f);
    return buf;
}

/*
 * What-ifs (each alone in the world), with the timelines:
 * 0 core: CORE hit at 1.375 (repair 10): BS stops at once (no buffer for control), abrupt,
 *   so a cold restart (= warm, 0.125) after CORE is back at 11.375: BS back at 11.5.
 * 1 power: P hit at 1.375 (repair 6, until 7.375): BS runs its battery to 4.625 and stops
 *   (orderly), warm restart at 7.375: back at 7.5. BR runs its UPS to 1.875, back at 7.375.
 * 2 bank core: CB hit at 1.375 (repair 1.5, until 2.875): BR stops at once; BR2 runs its
 *   offline mode to 2.375 and stops; both back at 2.875; X (buffer 2 h) rides through.
 * 3 centre power: P2 forced down at 1.375, back after 0.625 h (at 2.0). DC (no UPS) stops
 *   at once: cold restart 19.5, back at 21.5; CB stops with it (data, no buffer) and is back
 *   with it; BR at once, BR2 at 2.375, both back at 21.5; X's data buffer runs to 3.375:
 *   it stops then (orderly) and is back at 21.5 + 0.25 (warm). DCU's UPS runs to 1.875,
 *   then an orderly stop: warm restart 0.25 from 2.0, back at 2.25. CDC's generators bridge
 *   the lost fuel deliveries (2.5 h): no outage.
 * 4 two supplies: P hit at 1 (until 7), CB hit at 2 (until 3.5). X is on its backup from 1
 *   (to 5); at 2 its data buffer ends sooner (at 4); at 3.5 data is back, which takes that
 *   deadline with it: X stops at 5 on the backup's deadline, warm restart at 7, back 7.25.
 */
static void test_buffers_and_restarts(void)
{
    world_t f;
    world_build(&f);
    kikan_id_t t_core = f.core, t_p = f.p, t_cb = f.cb, t_p2 = f.p2;
    kikan_restore_point_t back = {0.625, 1.0};
    kikan_event_t ev[6];
    ev[0] = ev_assets(&t_core, 1, 1.375);
    ev[1] = ev_assets(&t_p, 1, 1.375);
    ev[2] = ev_assets(&t_cb, 1, 1.375);
    ev[3] = ev_assets(&t_p2, 1, 1.375);
    ev[3].forcing = 1;
    ev[3].restore = &back;
    ev[3].n_restore = 1;
    ev[4] = ev_assets(&t_p, 1, 1.0);
    ev[5] = ev_assets(&t_cb, 1, 2.0);
    kikan_whatif_t wi[5] = {{"core", NULL, &ev[0], 1},
                            {"power", NULL, &ev[1], 1},
                            {"bank-core", NULL, &ev[2], 1},
                            {"centre-power", NULL, &ev[3], 1},
                            {"two-supplies", NULL, &ev[4], 2}};
    kikan_scenario_t s;
    memset(&s, 0, sizeof(s));
    s.name = "outages";
    s.horizon_hours = 48;
    s.step_hours = 1;
    s.replicates = 1;
    s.seed = 2385;
    s.whatifs = wi;
    s.n_whatifs = 5;
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(m, &ws) == KIKAN_OK);
    run_t r;

    run(m, ws, 0, &r);
    times(ws, f.bs, 1.375, 11.5);
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * (11.5 - 1.375));

    run(m, ws, 1, &r);
    times(ws, f.bs, 4.625, 7.5);
    times(ws, f.br, 1.875, 7.375);
    times(ws, f.br2, 1.875, 7.375);
    times(ws, f.x, 5.375, 7.625); /* its backup (4 h) then a warm restart (0.25) */
    CU_ASSERT_EQUAL(r.ch[TELECOM], 500 * (7.5 - 4.625));

    run(m, ws, 2, &r);
    times(ws, f.br, 1.375, 2.875);
    times(ws, f.br2, 2.375, 2.875);
    times(ws, f.x, INFINITY, INFINITY);
    times(ws, f.bs, INFINITY, INFINITY);
    CU_ASSERT_EQUAL(r.ch[BANKING], 200 * 1.5 + 100 * 0.5);

    run(m, ws, 3, &r);
    times(ws, f.p2, 1.375, 2.0);
    times(ws, f.dc, 1.375, 21.5);
    times(ws, f.cb, 1.375, 21.5);
    times(ws, f.br, 1.375, 21.5);
    times(ws, f.br2, 2.375, 21.5);
    times(ws, f.x, 3.375, 21.75);
    times(ws, f.dcu, 1.875, 2.25);
    times(ws, f.cdc, INFINITY, INFINITY);
    CU_ASSERT_EQUAL(r.ch[BANKING],
                    200 * (21.5 - 1.375) + 100 * (21.5 - 2.375) + 50 * (21.75 - 3.375));

    run(m, ws, 4, &r);
    times(ws, f.x, 5.0, 7.25);

    /* --trace says which buffer runs, and which restart */
    char *t = trace(m, ws, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "FAIL     BS (telecom, op-1)  no buffer for lost control "
                                     "(lost control: CORE)"));
    free(t);
    t = trace(m, ws, 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "BACKUP   BS (telecom, op-1)  backup bridges lost power until 4.62 h"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "BS (telecom, op-1)  backup for lost power exhausted, "
                                     "orderly stop"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "BS (telecom, op-1)  supplies back, warm restart (0.12 h)"));
    free(t);
    t = trace(m, ws, 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "DC (banking, op-5)  supplies back, cold restart (19.50 h)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "DCU (banking, op-5)  supplies back, warm restart (0.25 h)"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "BACKUP   BR2 (banking, op-5)  own buffer bridges lost data until 2.38 h"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "BACKUP   CDC (banking, op-5)  backup bridges lost fuel until 3.88 h"));
    free(t);
    t = trace(m, ws, 4);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "BUFFER   X (banking, op-5)  own buffer bridges lost data until 4.00 h"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "BUFFER   X (banking, op-5)  backup bridges lost power until 5.00 h"));
    free(t);

    kikan_workspace_free(&ws);
    kikan_model_free(&m);
    world_free(&f);
}

/* ---- selections and probability on the built-in network ------------------------------------ */

static const char *const CHIBA_YAML = "kikan: 1\n"
                                      "name: chiba-third\n"
                                      "network: {generator: japan, generator_seed: 2385}\n"
                                      "time: {horizon_hours: 24, step_hours: 1}\n"
                                      "ensemble: {replicates: 64, seed: 2385}\n"
                                      "whatifs:\n"
                                      "  - name: a-third-of-chiba\n"
                                      "    events:\n"
                                      "      - kind: substation\n"
                                      "        region: chiba\n"
                                      "        forcing: true\n"
                                      "        probability: 0.335\n"
                                      "        at_hours: 1\n"
                                      "  - name: kddi-radio\n"
                                      "    events:\n"
                                      "      - operator: kddi\n"
                                      "        kind: base_station\n"
                                      "        forcing: true\n"
                                      "        at_hours: 1\n";

/*
 * A forcing with probability 0.335 on Chiba's distribution substations cuts off about a
 * third of Chiba's households. Each substation is hit independently, so the share cut
 * off in one replicate has mean 0.335 and standard deviation
 * sigma = sqrt(p (1 - p) sum c_i^2) / sum c_i (c_i: each substation's households); the
 * mean over R replicates has sigma / sqrt(R). The test allows 4 of those (a false alarm
 * once in ~16,000 seeds), and checks the draw is not degenerate (replicates differ).
 * An operator selection hits exactly that operator's assets of the kind.
 */
static void test_chiba_third(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    char *dir = kikan_test_tmpdir(), path[600];
    snprintf(path, sizeof(path), "%s/chiba.yaml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, CHIBA_YAML));
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, s, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(m, &ws) == KIKAN_OK);
    const kikan_id_t chiba = kikan_world_find_region(w, "chiba");
    const kikan_id_t sub = kikan_world_find_kind(w, "substation");
    const kikan_id_t bs = kikan_world_find_kind(w, "base_station");
    const kikan_id_t kddi = kikan_world_find_operator(w, "kddi");
    CU_ASSERT_FATAL(chiba != KIKAN_NONE && sub != KIKAN_NONE && kddi != KIKAN_NONE);
    double sum = 0, sum2 = 0, kddi_bs = 0;
    int n = 0;
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        if (as->kind == sub && as->region == chiba) {
            sum += as->customers;
            sum2 += as->customers * as->customers;
            n++;
        }
        if (as->kind == bs && as->op == kddi) {
            kddi_bs += as->customers;
        }
    }
    CU_ASSERT_FATAL(n > 50 && sum > 2.5e6); /* 2.77 M households in ~139 substations */
    const double p = 0.335, sigma1 = sqrt(p * (1 - p) * sum2) / sum;
    const int R = (int)s->replicates;
    double mean = 0, lo = 1, hi = 0;
    run_t r;
    for (int i = 0; i < R; i++) {
        memset(&r, 0, sizeof(r));
        r.out = (kikan_replicate_out_t){r.ch,        r.peak, r.life, r.ops, NULL,
                                        &r.implants, NULL,   NULL,   NULL,  NULL};
        CU_ASSERT_FATAL(kikan_replicate_run(m, 0, i, NULL, ws, &r.out) == KIKAN_OK);
        const double share = r.peak[POWER] / sum;
        mean += share / R;
        lo = fmin(lo, share);
        hi = fmax(hi, share);
    }
    printf(" [mean share %.4f over %d replicates, sigma of the mean %.4f] ", mean, R,
           sigma1 / sqrt(R));
    CU_ASSERT(fabs(mean - p) <= 4 * sigma1 / sqrt(R));
    CU_ASSERT(hi - lo > sigma1); /* independent draws: replicates differ */
    CU_ASSERT(hi < 1.0 && lo > 0.0);
    /* operator + kind: every KDDI base station, nothing else in telecom */
    run(m, ws, 1, &r);
    CU_ASSERT(kddi_bs > 1e7);
    CU_ASSERT_EQUAL(r.peak[TELECOM], kddi_bs);
    kikan_workspace_free(&ws);
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    remove(path);
    free(dir);
}

/* ---- the built-in network's buffers, cold restarts and links -------------------------------- */

/*
 * Pins the built-in values (scenarios/gen_japan.c, scenarios/japan/PARAMETERS.md P§7-P§9):
 * core-banking centres cold-restart in 21 h, everything else as warm; a bank's core rides
 * through 48 h without Zengin-Net, no other row has a buffer; every branch depends on an
 * exchange of its prefecture; 30% of banks (drawn by hash) run their ATMs over one mobile
 * carrier's cores; the 28 hubs take power from two substations (1 of 2); 8 regional joint
 * systems, joint system A carrying 8 banks.
 */
static void test_builtin_network(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_gen_japan(ctx, 1, 1.0, &w) == KIKAN_OK);
    const kikan_id_t k_centre = kikan_world_find_kind(w, "shared_core_centre");
    const kikan_id_t k_bdc = kikan_world_find_kind(w, "bank_data_centre");
    const kikan_id_t k_branch = kikan_world_find_kind(w, "branch");
    const kikan_id_t k_atm = kikan_world_find_kind(w, "atm_network");
    const kikan_id_t k_ex = kikan_world_find_kind(w, "exchange");
    const kikan_id_t k_core_site = kikan_world_find_kind(w, "core_site");
    const kikan_id_t k_term = kikan_world_find_kind(w, "airport_terminal");
    const kikan_id_t zengin = kikan_world_find_operator(w, "zengin-net");
    int centres = 0, own = 0;
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        if (as->kind == k_centre || as->kind == k_bdc) {
            centres += as->kind == k_centre;
            own += as->kind == k_bdc;
            CU_ASSERT_EQUAL(as->cold_restart_hours, 21.0);
            CU_ASSERT_EQUAL(as->restart_hours, 0.0);
        } else {
            CU_ASSERT_EQUAL(as->cold_restart_hours, as->restart_hours);
        }
    }
    CU_ASSERT_EQUAL(centres, 12);            /* 8 regional, 2 shinkin, coops, labour banks */
    CU_ASSERT(own > 2 * 20 && own % 2 == 0); /* main + backup per bank with its own system */
    /* per asset: telecom providers (exchanges, mobile cores), power feeds */
    int *n_ex = calloc((size_t)w->n_assets, sizeof(int));
    int *n_mob = calloc((size_t)w->n_assets, sizeof(int));
    int *n_pow = calloc((size_t)w->n_assets, sizeof(int));
    CU_ASSERT_FATAL(n_ex && n_mob && n_pow);
    const kikan_id_t r_power = kikan_strtab_find(&w->resources, "power");
    int buffered = 0;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_dep_t *e = &w->deps[d];
        const kikan_asset_t *pa = &w->assets[e->provider], *da = &w->assets[e->dependent];
        if (pa->op == zengin) {
            CU_ASSERT_EQUAL(e->buffer_hours, 48.0);
            buffered++;
        } else {
            CU_ASSERT_EQUAL(e->buffer_hours, 0.0);
        }
        if (pa->kind == k_ex) {
            n_ex[e->dependent]++;
            CU_ASSERT(da->kind != k_branch || pa->region == da->region);
        }
        if (pa->kind == k_core_site && da->kind == k_atm) {
            n_mob[e->dependent]++;
        }
        if (e->resource == r_power) {
            n_pow[e->dependent]++;
        }
    }
    CU_ASSERT_EQUAL(buffered, 2 * (5 + 13 + 62 + 37 + 254 + 143 + 13 + 1 + 8 + 4));
    int branches = 0, atm_banks = 0, mobile_banks = 0, hubs = 0, terminals = 0;
    kikan_id_t last_op = KIKAN_NONE;
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        if (as->kind == k_branch) {
            branches++;
            CU_ASSERT_EQUAL(n_ex[a], 1);
        } else if (as->kind == k_atm) {
            /* over the exchange or over one carrier's 2-3 core sites, never both */
            CU_ASSERT((n_ex[a] == 1 && n_mob[a] == 0) || (n_ex[a] == 0 && n_mob[a] >= 2));
            if (as->op != last_op) {
                atm_banks++;
                mobile_banks += n_mob[a] > 0;
                last_op = as->op;
            }
        } else if (as->kind == k_term) {
            terminals++;
            hubs += n_pow[a] == 2;
            CU_ASSERT(n_pow[a] == 1 || n_pow[a] == 2);
        }
    }
    CU_ASSERT(branches > 20000);
    CU_ASSERT_EQUAL(terminals, 97);
    CU_ASSERT_EQUAL(hubs, 28);
    /* a hash draw per bank: binomial(n, 0.3); 4 standard deviations */
    const double share = (double)mobile_banks / atm_banks;
    printf(" [%d of %d banks' ATMs over a mobile carrier: %.3f] ", mobile_banks, atm_banks, share);
    CU_ASSERT(fabs(share - 0.3) <= 4 * sqrt(0.3 * 0.7 / atm_banks));
    CU_ASSERT_EQUAL(mobile_banks, 165); /* the hash of the bank ids: the same for any seed */
    /* joint system A: the 8 banks of the March 2022 case */
    const kikan_id_t ja = kikan_world_find_asset(w, "bk-bsys-a-centre");
    int users = 0;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        users += w->deps[d].provider == ja;
    }
    CU_ASSERT_EQUAL(users, 8);
    CU_ASSERT(kikan_world_find_asset(w, "bk-bsys-l-centre") != KIKAN_NONE);
    free(n_ex);
    free(n_mob);
    free(n_pow);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* ---- kikan report --validation ------------------------------------------------------------- */

/* The report carries the validation table when asked (docs/validation.csv), escaped, misses
   marked; a bad table is bad input (exit 2) naming file, line and field. */
static void test_report_validation(void)
{
    char *dir = kikan_test_tmpdir(), cmd[2048], path[600], *err = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(cmd, sizeof(cmd),
             "run '%s/scenarios/library/tiny.yaml' -o '%s/r.h5' --replicates 4 --quiet",
             KIKAN_SOURCE_DIR, dir);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(cmd, NULL, NULL), 0);
    snprintf(cmd, sizeof(cmd),
             "report '%s/r.h5' -o '%s/r.html' --validation '%s/docs/validation.csv' --quiet", dir,
             dir, KIKAN_SOURCE_DIR);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, NULL, NULL), 0);
    snprintf(path, sizeof(path), "%s/r.html", dir);
    char *html = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<h2>Validation against recorded incidents</h2>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>Bank centre 2022</td><td>banks stopped, on the "
                                        "shared system</td><td>8</td><td>8</td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td><strong>miss</strong></td>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>banks&#39; systems back"));
    free(html);
    /* without the option: no such section */
    snprintf(cmd, sizeof(cmd), "report '%s/r.h5' -o '%s/plain.html' --quiet", dir, dir);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, NULL, NULL), 0);
    snprintf(path, sizeof(path), "%s/plain.html", dir);
    html = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NULL(strstr(html, "Validation against recorded incidents"));
    free(html);
    /* a bad table: a verdict that is neither within nor miss, then a missing column */
    snprintf(path, sizeof(path), "%s/bad.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "incident,figure,record,model,tolerance,verdict\n"
                                           "A,b,1,2,exact,maybe\n"));
    snprintf(cmd, sizeof(cmd), "report '%s/r.h5' -o '%s/bad.html' --validation '%s' --quiet", dir,
             dir, path);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err != NULL ? strstr(err, "bad.csv:2: verdict: expected within or "
                                                     "miss, got 'maybe'")
                                       : NULL);
    free(err);
    err = NULL;
    CU_ASSERT_FATAL(kikan_test_write(path, "incident,figure,record,model,verdict\nA,b,1,2,miss\n"));
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(err != NULL ? strstr(err, "missing required column 'tolerance'") : NULL);
    free(err);
    snprintf(path, sizeof(path), "%s/bad.html", dir);
    CU_ASSERT_PTR_NULL(kikan_test_slurp(path)); /* nothing written on bad input */
    free(dir);
}

static int cmp_d(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* ---- the restore schedule's worked example (docs/scenario-format.md) ----------------------- */

/*
 * Four substations serving 10, 20, 30 and 40 thousand households, restore [[2, 0.5],
 * [6, 1.0]]: each comes back when the cumulative customer share of the targets before it in
 * the drawn order, itself included, is reached (linear between points). Four control centres
 * without customers: by count, back at 1, 2, 4 and 6 h. Checked over 16 replicates (orders).
 */
static void test_restore_example(void)
{
    world_t f;
    memset(&f, 0, sizeof(f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f.ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_new(f.ctx, &f.w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(f.w) == KIKAN_OK);
    for (kikan_id_t s = 0; s < NS; s++) {
        char id[16];
        snprintf(id, sizeof(id), "op-%d", (int)s);
        CU_ASSERT_FATAL(kikan_world_add_operator(f.w, id, id, &s, 1, 0, &f.op[s]) == KIKAN_OK);
    }
    kikan_id_t sub[4], ctl[4];
    for (int i = 0; i < 4; i++) {
        char id[16];
        snprintf(id, sizeof(id), "S%d", i);
        sub[i] = asset(&f, id, POWER, "substation", 10000.0 * (i + 1), 0, 0, 99);
        snprintf(id, sizeof(id), "C%d", i);
        ctl[i] = asset(&f, id, POWER, "control_centre", 0, 0, 0, 99);
    }
    for (int s = TELECOM; s < NS; s++) {
        char id[16];
        snprintf(id, sizeof(id), "idle-%d", s);
        asset(&f, id, s, "idle", 0, 0, 0, 1);
    }
    CU_ASSERT_FATAL(kikan_world_finalize(f.w) == KIKAN_OK);
    kikan_restore_point_t sched[2] = {{2.0, 0.5}, {6.0, 1.0}};
    kikan_event_t ev[2] = {ev_assets(sub, 4, 0.0), ev_assets(ctl, 4, 0.0)};
    for (int e = 0; e < 2; e++) {
        ev[e].forcing = 1;
        ev[e].restore = sched;
        ev[e].n_restore = 2;
    }
    kikan_whatif_t wi[2] = {{"subs", NULL, &ev[0], 1}, {"ctls", NULL, &ev[1], 1}};
    kikan_scenario_t s;
    memset(&s, 0, sizeof(s));
    s.name = "restore";
    s.horizon_hours = 12;
    s.step_hours = 1;
    s.replicates = 16;
    s.seed = 2385;
    s.whatifs = wi;
    s.n_whatifs = 2;
    kikan_model_t *m = NULL;
    kikan_workspace_t *ws = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &s, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(m, &ws) == KIKAN_OK);
    run_t r;
    int orders = 0;
    double first_seen = -1;
    for (int64_t rep = 0; rep < 16; rep++) {
        memset(&r, 0, sizeof(r));
        r.out = (kikan_replicate_out_t){r.ch,        r.peak, r.life, r.ops, NULL,
                                        &r.implants, NULL,   NULL,   NULL,  NULL};
        CU_ASSERT_FATAL(kikan_replicate_run(m, 0, rep, NULL, ws, &r.out) == KIKAN_OK);
        double back[4];
        for (int i = 0; i < 4; i++) {
            kikan_workspace_asset_times(ws, sub[i], NULL, &back[i]);
        }
        /* in order of return, the cumulative share gives each time */
        double cum = 0;
        for (int k = 0; k < 4; k++) {
            int next = -1;
            for (int i = 0; i < 4; i++) {
                if ((next < 0 || back[i] < back[next]) && back[i] > -1) {
                    next = i;
                }
            }
            cum += (next + 1) / 10.0;
            const double want = cum <= 0.5 ? 2.0 * cum / 0.5 : 2.0 + 4.0 * (cum - 0.5) / 0.5;
            CU_ASSERT_DOUBLE_EQUAL(back[next], want, 1e-12);
            if (k == 0) {
                orders += first_seen >= 0 && back[next] != first_seen;
                first_seen = first_seen < 0 ? back[next] : first_seen;
            }
            back[next] = -2; /* taken */
        }
        CU_ASSERT_DOUBLE_EQUAL(cum, 1.0, 1e-12);
        /* by count: 1, 2, 4, 6 h in some order */
        CU_ASSERT_FATAL(kikan_replicate_run(m, 1, rep, NULL, ws, &r.out) == KIKAN_OK);
        double b[4];
        for (int i = 0; i < 4; i++) {
            kikan_workspace_asset_times(ws, ctl[i], NULL, &b[i]);
        }
        qsort(b, 4, sizeof(b[0]), cmp_d);
        CU_ASSERT(b[0] == 1.0 && b[1] == 2.0 && b[2] == 4.0 && b[3] == 6.0);
    }
    CU_ASSERT(orders > 0); /* the order is drawn per replicate */
    kikan_workspace_free(&ws);
    kikan_model_free(&m);
    world_free(&f);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("outages", NULL, NULL);
    CU_add_test(s, "buffers per supply, warm and cold restarts", test_buffers_and_restarts);
    CU_add_test(s, "probability 0.335 on Chiba's substations, operator selection",
                test_chiba_third);
    CU_add_test(s, "built-in network: buffers, cold restarts, links", test_builtin_network);
    CU_add_test(s, "kikan report --validation", test_report_validation);
    CU_add_test(s, "restore schedule: the worked example", test_restore_example);
    return kikan_test_main();
}
