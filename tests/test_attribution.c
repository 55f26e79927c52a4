/*
 * Tests of the attribution of an ensemble to operators and vendors
 * (sim/engine.c attribute, sim/ensemble.c reduction, models/results.c,
 * the `kikan run` tables): customer-hours per operator and per vendor worked
 * out by hand on a small world, exact fixed-point sums for any thread count
 * and any split of the replicates, and the error paths.
 *
 * Tolerances: every time and customer count below is a dyadic rational
 * (2.5, 10.375, ...), so each asset's customer-hours is a multiple of 2^-3,
 * exact in double and in the 2^-10 fixed point: the sums are compared with
 * == against the hand values x 2^10 x R.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/engine.h"
#include "kikan/output.h"
#include "tests/testutil.h"
#include "models/results_impl.h"

enum { POWER = 0, TELECOM = 1, RAIL = 2, AVIATION = 3, AIRPORTS = 4, BANKING = 5, NS = 6 };
#define FX(x) ((int64_t)((x)*1024.0)) /* 2^KIKAN_FX_BITS */

typedef struct {
    kikan_ctx_t *ctx;
    kikan_world_t *w;
    kikan_id_t op[NS];
    kikan_id_t p1, p2, t1, b1, v1, v2;
    kikan_event_t ev0[2], ev1[1], ev2[1];
    kikan_whatif_t wi[3];
    kikan_scenario_t sc;
} fixture_t;

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

/*
 * The world: operator op-0 (power) owns P1 (1000 customers, repair 10.375,
 * restart 0.5) and P2 (300, repair 6.25, restart 0.25); op-1 (telecom) owns
 * T1 (500, backup 2.5, restart 0.625, repair 24), supplied by P1; op-5
 * (banking) owns B1 (200, repair 3.75, restart 0.125). Vendor V1 made P1's
 * scada and rtu (two installations on one asset) and P2's scada; V2 made
 * T1's switch.
 *
 * What-if 0 (horizon 24): V1 implant at t = 2 (p = 1) and a whole-asset
 * event on B1 at t = 5.
 *   P1 down 2 .. 12.875 (repair + restart): 1000 x 10.875 = 10875
 *   P2 down 2 .. 8.5:                         300 x 6.5   =  1950
 *   T1 on backup 2 .. 4.5, down to 13.5:      500 x 9     =  4500
 *   B1 down 5 .. 8.875:                       200 x 3.875 =   775
 *   operators: op-0 12825, op-1 4500, op-5 775 (total 18100)
 *   vendors: V1 3 implants (P1 twice, P2), direct 12825 (P1 counted once);
 *            no vendor: 1 implant, 775; V2: 0.
 * What-if 1: V2 implant at t = 1.5 with p = 0.5: T1 down 1.5 .. 26.125,
 *   cut at 24: 500 x 22.5 = 11250 in each replicate where it triggers.
 * What-if 2: no event at all.
 */
static void fx_init(fixture_t *f, double horizon, double p2_customers)
{
    memset(f, 0, sizeof(*f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(f->ctx, 1);
    CU_ASSERT_FATAL(kikan_world_new(f->ctx, &f->w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(f->w) == KIKAN_OK);
    for (kikan_id_t s = 0; s < NS; s++) {
        char id[32], name[32];
        snprintf(id, sizeof(id), "op-%d", (int)s);
        snprintf(name, sizeof(name), "Operator %d", (int)s);
        CU_ASSERT_FATAL(kikan_world_add_operator(f->w, id, name, &s, 1, 0, &f->op[s]) == KIKAN_OK);
    }
    f->p1 = asset(f, "P1", POWER, 1000, 0, 0.5, 10.375);
    f->p2 = asset(f, "P2", POWER, p2_customers, 0, 0.25, 6.25);
    f->t1 = asset(f, "T1", TELECOM, 500, 2.5, 0.625, 24);
    f->b1 = asset(f, "B1", BANKING, 200, 0, 0.125, 3.75);
    for (int s = RAIL; s <= AIRPORTS; s++) {
        char id[32];
        snprintf(id, sizeof(id), "idle-%d", s);
        asset(f, id, s, 0.0, 0.0, 0.0, 1.0);
    }
    CU_ASSERT_FATAL(kikan_world_add_dependency(f->w, f->p1, f->t1, "power", NULL, 1, NULL) ==
                    KIKAN_OK);
    kikan_id_t scada, rtu, sw;
    CU_ASSERT_FATAL(kikan_world_add_vendor(f->w, "V1", "Vendor one", "X", 2, &f->v1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_vendor(f->w, "V2", "Vendor two", "Y", 0, &f->v2) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f->w, "scada", NULL, POWER, 1, &scada) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f->w, "rtu", NULL, POWER, 1, &rtu) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(f->w, "switch", NULL, TELECOM, 1, &sw) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f->w, f->p1, scada, f->v1, KIKAN_NONE, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f->w, f->p1, rtu, f->v1, KIKAN_NONE, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f->w, f->p2, scada, f->v1, KIKAN_NONE, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(f->w, f->t1, sw, f->v2, KIKAN_NONE, NULL) ==
                    KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_finalize(f->w) == KIKAN_OK);

    kikan_event_t base;
    memset(&base, 0, sizeof(base));
    base.vendor = base.contractor = base.kind = base.region = base.sector = KIKAN_NONE;
    base.probability = 1.0;
    f->ev0[0] = base;
    f->ev0[0].target = KIKAN_TARGET_VENDOR;
    f->ev0[0].vendor = f->v1;
    f->ev0[0].at_hours = 2.0;
    f->ev0[1] = base;
    f->ev0[1].target = KIKAN_TARGET_ASSETS;
    f->ev0[1].assets = &f->b1;
    f->ev0[1].n_assets = 1;
    f->ev0[1].at_hours = 5.0;
    f->ev1[0] = base;
    f->ev1[0].target = KIKAN_TARGET_VENDOR;
    f->ev1[0].vendor = f->v2;
    f->ev1[0].at_hours = 1.5;
    f->ev1[0].probability = 0.5;
    f->wi[0] = (kikan_whatif_t){.name = "v1-and-bank", .events = f->ev0, .n_events = 2};
    f->wi[1] = (kikan_whatif_t){.name = "v2-half", .events = f->ev1, .n_events = 1};
    f->wi[2] = (kikan_whatif_t){.name = "nothing", .events = f->ev2, .n_events = 0};
    f->sc.name = "attribution";
    f->sc.horizon_hours = horizon;
    f->sc.step_hours = 1.0;
    f->sc.replicates = 1;
    f->sc.seed = 2385;
    f->sc.whatifs = f->wi;
    f->sc.n_whatifs = 3;
}

static void fx_free(fixture_t *f)
{
    kikan_world_free(&f->w);
    kikan_ctx_free(&f->ctx);
}

/* Run replicates [0, R) with `threads` threads, in `splits` equal calls. */
static kikan_results_t *run(fixture_t *f, const kikan_model_t *m, int64_t R, int threads,
                            int splits)
{
    kikan_results_t *res = NULL;
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, &f->sc, R, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(f->ctx, threads) == KIKAN_OK);
    for (int i = 0; i < splits; i++) {
        CU_ASSERT_FATAL(kikan_ensemble_run(f->ctx, m, NULL, R * i / splits, R * (i + 1) / splits,
                                           res) == KIKAN_OK);
    }
    return res;
}

static void test_by_hand(void)
{
    fixture_t f;
    fx_init(&f, 24.0, 300.0);
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &f.sc, &m) == KIKAN_OK);
    const int64_t R = 37;
    kikan_results_t *res = run(&f, m, R, 2, 1);
    const int O = res->n_operators, V1 = res->n_vendors + 1;
    CU_ASSERT_EQUAL_FATAL(O, NS);
    CU_ASSERT_EQUAL_FATAL(res->n_vendors, 2);
    CU_ASSERT_STRING_EQUAL(res->operator_ids[f.op[POWER]], "op-0");
    CU_ASSERT_STRING_EQUAL(res->operator_names[f.op[BANKING]], "Operator 5");
    CU_ASSERT_STRING_EQUAL(res->operator_sectors[f.op[TELECOM]], "telecom");
    CU_ASSERT_STRING_EQUAL(res->vendor_ids[f.v2], "V2");
    CU_ASSERT_STRING_EQUAL(res->vendor_names[f.v1], "Vendor one");
    CU_ASSERT_EQUAL(res->attrib_partial, 0);

    /* what-if 0, p = 1: the same every replicate */
    const int64_t *op = res->op_chours_fx;
    CU_ASSERT_EQUAL(op[f.op[POWER]], FX(12825.0) * R);
    CU_ASSERT_EQUAL(op[f.op[TELECOM]], FX(4500.0) * R);
    CU_ASSERT_EQUAL(op[f.op[BANKING]], FX(775.0) * R);
    CU_ASSERT_EQUAL(op[f.op[RAIL]], 0);
    /* the operators' sums are the sectors' customer-hours */
    double sect = 0.0;
    for (int64_t r = 0; r < R; r++) {
        for (int s = 0; s < NS; s++) {
            sect += res->customer_hours[r * NS + s];
        }
    }
    CU_ASSERT_EQUAL(sect, 18100.0 * (double)R);
    CU_ASSERT_EQUAL(res->vendor_implants[f.v1], 3 * R);
    CU_ASSERT_EQUAL(res->vendor_implants[f.v2], 0);
    CU_ASSERT_EQUAL(res->vendor_implants[V1 - 1], R);              /* the asset-level event on B1 */
    CU_ASSERT_EQUAL(res->vendor_chours_fx[f.v1], FX(12825.0) * R); /* P1 once, not twice */
    CU_ASSERT_EQUAL(res->vendor_chours_fx[V1 - 1], FX(775.0) * R);
    CU_ASSERT_EQUAL(res->vendor_chours_fx[f.v2], 0);

    /* what-if 1, p = 0.5: k replicates trigger; everything is k times the hand value */
    int64_t k = 0;
    for (int64_t r = 0; r < R; r++) {
        k += res->implants[R + r] == 1.0;
    }
    CU_ASSERT(k > 0 && k < R); /* 37 fair coins: all equal has probability 2^-36 */
    const int64_t *op1 = res->op_chours_fx + O;
    CU_ASSERT_EQUAL(op1[f.op[TELECOM]], FX(11250.0) * k);
    CU_ASSERT_EQUAL(op1[f.op[POWER]], 0);
    CU_ASSERT_EQUAL(res->vendor_implants[V1 + f.v2], k);
    CU_ASSERT_EQUAL(res->vendor_chours_fx[V1 + f.v2], FX(11250.0) * k);
    CU_ASSERT_EQUAL(res->vendor_implants[V1 + V1 - 1], 0);

    /* what-if 2: nothing */
    for (int o = 0; o < O; o++) {
        CU_ASSERT_EQUAL(res->op_chours_fx[2 * O + o], 0);
    }
    for (int v = 0; v < V1; v++) {
        CU_ASSERT_EQUAL(res->vendor_implants[2 * V1 + v], 0);
        CU_ASSERT_EQUAL(res->vendor_chours_fx[2 * V1 + v], 0);
    }
    kikan_results_free(&res);
    kikan_model_free(&m);
    fx_free(&f);

    /* horizon 10 cuts the outages: P1 2 .. 10 (8000), P2 1950, T1 4.5 .. 10 (2750), B1 775 */
    fx_init(&f, 10.0, 300.0);
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &f.sc, &m) == KIKAN_OK);
    res = run(&f, m, 3, 1, 1);
    CU_ASSERT_EQUAL(res->op_chours_fx[f.op[POWER]], FX(9950.0) * 3);
    CU_ASSERT_EQUAL(res->op_chours_fx[f.op[TELECOM]], FX(2750.0) * 3);
    CU_ASSERT_EQUAL(res->op_chours_fx[f.op[BANKING]], FX(775.0) * 3);
    CU_ASSERT_EQUAL(res->vendor_chours_fx[f.v1], FX(9950.0) * 3);
    kikan_results_free(&res);
    kikan_model_free(&m);
    fx_free(&f);
}

static int same_sums(const kikan_results_t *a, const kikan_results_t *b)
{
    const size_t no = (size_t)a->n_whatifs * (size_t)a->n_operators * sizeof(int64_t);
    const size_t nv = (size_t)a->n_whatifs * (size_t)(a->n_vendors + 1) * sizeof(int64_t);
    return memcmp(a->op_chours_fx, b->op_chours_fx, no) == 0 &&
           memcmp(a->vendor_implants, b->vendor_implants, nv) == 0 &&
           memcmp(a->vendor_chours_fx, b->vendor_chours_fx, nv) == 0;
}

static void test_threads(void)
{
    fixture_t f;
    fx_init(&f, 24.0, 300.0);
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &f.sc, &m) == KIKAN_OK);
    const int64_t R = 301;
    kikan_results_t *r1 = run(&f, m, R, 1, 1);
    kikan_results_t *r2 = run(&f, m, R, 2, 1);
    kikan_results_t *r4 = run(&f, m, R, 4, 1);
    kikan_results_t *rs = run(&f, m, R, 3, 7); /* seven calls: sums over the calls */
    CU_ASSERT(same_sums(r1, r2));
    CU_ASSERT(same_sums(r1, r4));
    CU_ASSERT(same_sums(r1, rs));
    CU_ASSERT(r1->vendor_implants[r1->n_vendors + 1 + f.v2] > 0);
    kikan_results_free(&r1);
    kikan_results_free(&r2);
    kikan_results_free(&r4);
    kikan_results_free(&rs);
    kikan_model_free(&m);
    fx_free(&f);
}

/* Rounding: customers that are not dyadic; sums still identical for any thread count. */
static void test_rounding(void)
{
    fixture_t f;
    /* P2 serving 2.385 customers: 2.385 x 6.5 = 15.5025 customer-hours, rounded to
       15874.56 / 1024 -> 15875 / 1024 (nearest) in each replicate */
    fx_init(&f, 24.0, 2.385);
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &f.sc, &m) == KIKAN_OK);
    kikan_results_t *a = run(&f, m, 50, 1, 1), *b = run(&f, m, 50, 4, 3);
    CU_ASSERT(same_sums(a, b));
    CU_ASSERT_EQUAL(a->op_chours_fx[f.op[POWER]], (FX(10875.0) + 15875) * 50);
    kikan_results_free(&a);
    kikan_results_free(&b);
    kikan_model_free(&m);
    fx_free(&f);
}

/* Customers so many that one replicate's customer-hours x 2^10 pass INT64_MAX. */
static void test_overflow(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    FILE *log = tmpfile(); /* the overflow message goes here, checked below */
    CU_ASSERT_FATAL(log != NULL);
    kikan_ctx_set_log_stream(ctx, log);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t big = KIKAN_NONE, op = KIKAN_NONE;
    for (kikan_id_t s = 0; s < NS; s++) {
        char id[32];
        snprintf(id, sizeof(id), "op-%d", (int)s);
        CU_ASSERT_FATAL(kikan_world_add_operator(w, id, id, &s, 1, 0, &op) == KIKAN_OK);
        kikan_asset_spec_t sp = {id,      op,
                                 s,       "site",
                                 "tokyo", s == 0 ? 2.0e16 : 0.0,
                                 0.0,     NAN,
                                 0.0,     {KIKAN_DIST_FIXED, 100.0, 0.0}};
        kikan_id_t a = KIKAN_NONE;
        CU_ASSERT_FATAL(kikan_world_add_asset(w, &sp, &a) == KIKAN_OK);
        if (s == 0) {
            big = a;
        }
    }
    CU_ASSERT_FATAL(kikan_world_finalize(w) == KIKAN_OK);
    kikan_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.vendor = ev.contractor = ev.kind = ev.region = ev.sector = KIKAN_NONE;
    ev.target = KIKAN_TARGET_ASSETS;
    ev.assets = &big;
    ev.n_assets = 1;
    ev.probability = 1.0;
    kikan_whatif_t wi = {.name = "big", .events = &ev, .n_events = 1};
    kikan_scenario_t sc;
    memset(&sc, 0, sizeof(sc));
    sc.name = "big";
    sc.horizon_hours = 100.0;
    sc.step_hours = 10.0;
    sc.replicates = 1;
    sc.seed = 1;
    sc.whatifs = &wi;
    sc.n_whatifs = 1;
    kikan_model_t *m = NULL;
    kikan_results_t *res = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, &sc, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, &sc, 4, &res) == KIKAN_OK);
    /* 2e16 x 100 h x 2^10 = 2.0e21 > 9.2e18 */
    CU_ASSERT_EQUAL(kikan_ensemble_run(ctx, m, NULL, 0, 4, res), KIKAN_ELIMIT);
    char msg[512] = {0};
    rewind(log);
    CU_ASSERT(fread(msg, 1, sizeof(msg) - 1, log) > 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, "attribution sums overflow"));
    kikan_ctx_set_log_stream(ctx, NULL);
    fclose(log);
    kikan_results_free(&res);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

static void test_results_api(void)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_FATAL(kikan_results_new(2, 1, 1, 3, &r) == KIKAN_OK);
    int64_t z[8] = {0};
    CU_ASSERT_EQUAL(kikan_results_attrib_add(r, z, z, z), KIKAN_EINVAL); /* not allocated */
    CU_ASSERT_EQUAL(kikan_results_attrib_new(NULL, 1, 1), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_attrib_new(r, -1, 1), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_results_attrib_new(r, 1, -1), KIKAN_EINVAL);
    CU_ASSERT_FATAL(kikan_results_attrib_new(r, 2, 1) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_attrib_new(r, 2, 1), KIKAN_EINVAL); /* twice */
    CU_ASSERT_EQUAL(kikan_results_attrib_add(r, NULL, z, z), KIKAN_EINVAL);
    const int64_t op[4] = {3, 5, 7, 11}, vi[4] = {1, 2, 3, 4}, vc[4] = {13, 17, 19, 23};
    CU_ASSERT_EQUAL(kikan_results_attrib_add(r, op, vi, vc), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_attrib_add(r, op, vi, vc), KIKAN_OK);
    CU_ASSERT_EQUAL(r->op_chours_fx[3], 22);
    CU_ASSERT_EQUAL(r->vendor_implants[2], 6);
    CU_ASSERT_EQUAL(r->vendor_chours_fx[1], 34);
    const int64_t huge[4] = {INT64_MAX, 0, 0, 0};
    CU_ASSERT_EQUAL(kikan_results_attrib_add(r, huge, vi, vc), KIKAN_ELIMIT);
    /* zero operators and vendors: valid, empty */
    kikan_results_t *e = NULL;
    CU_ASSERT_FATAL(kikan_results_new(1, 1, 1, 1, &e) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_attrib_new(e, 0, 0), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_results_attrib_add(e, z, z, z), KIKAN_OK);
    kikan_results_free(&e);
    kikan_results_free(&r);
    CU_ASSERT_PTR_NULL(r);
}

/*
 * Checkpoints carry the sums of their completed blocks: a resumed run that
 * reads them and runs the rest has the sums of an uninterrupted run. A
 * checkpoint without them marks the attribution partial.
 */
static void test_checkpoint(void)
{
    fixture_t f;
    fx_init(&f, 24.0, 300.0);
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(f.ctx, f.w, &f.sc, &m) == KIKAN_OK);
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[1024];
    snprintf(path, sizeof(path), "%s/run.h5.ckpt", dir);
    const int64_t R = 40, B = 10;
    kikan_results_t *full = run(&f, m, R, 2, 1);
    /* blocks 0 and 2 done, then checkpointed */
    kikan_results_t *a = NULL, *b = NULL;
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, &f.sc, R, &a) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(f.ctx, m, NULL, 0, B, a) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(f.ctx, m, NULL, 2 * B, 3 * B, a) == KIKAN_OK);
    uint8_t done[4] = {1, 0, 1, 0}, got[4] = {0};
    CU_ASSERT_FATAL(kikan_h5_checkpoint_write(f.ctx, path, a, B, done) == KIKAN_OK);
    /* resume: read, run blocks 1 and 3 */
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, &f.sc, R, &b) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_checkpoint_read(f.ctx, path, b, B, got) == KIKAN_OK);
    CU_ASSERT(memcmp(done, got, sizeof(done)) == 0);
    CU_ASSERT_EQUAL(b->attrib_partial, 0);
    CU_ASSERT_FATAL(kikan_ensemble_run(f.ctx, m, NULL, B, 2 * B, b) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(f.ctx, m, NULL, 3 * B, 4 * B, b) == KIKAN_OK);
    CU_ASSERT(same_sums(full, b));
    kikan_results_free(&b);
    /* a checkpoint written without the sums: the resumed attribution is partial */
    a->attrib_partial = 1;
    CU_ASSERT_FATAL(kikan_h5_checkpoint_write(f.ctx, path, a, B, done) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, &f.sc, R, &b) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_checkpoint_read(f.ctx, path, b, B, got) == KIKAN_OK);
    CU_ASSERT_EQUAL(b->attrib_partial, 1);
    remove(path);
    remove(dir);
    free(dir);
    kikan_results_free(&a);
    kikan_results_free(&b);
    kikan_results_free(&full);
    kikan_model_free(&m);
    fx_free(&f);
}

/* The CLI prints both tables for a library scenario. */
static void test_cli(void)
{
    char *out = NULL;
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "run %s/scenarios/library/tiny.yaml --quiet --replicates 20",
             KIKAN_SOURCE_DIR);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "top operators by own customer-hours lost"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "top vendors by implants triggered"));
    free(out);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("attribution", NULL, NULL);
    CU_add_test(s, "operators and vendors by hand", test_by_hand);
    CU_add_test(s, "identical for 1, 2, 4 threads and split ranges", test_threads);
    CU_add_test(s, "rounding to the fixed point", test_rounding);
    CU_add_test(s, "overflow is an error", test_overflow);
    CU_add_test(s, "results API", test_results_api);
    CU_add_test(s, "checkpoint carries the sums", test_checkpoint);
    CU_add_test(s, "kikan run tables", test_cli);
    return kikan_test_main();
}
