/*
 * Tests of the Monte Carlo ensemble (sim/ensemble.c): results bit-identical
 * for 1, 2 and 4 threads and for any split of the replicate range, common
 * random numbers across policies, provenance and dimensions, stop and error
 * paths. The world is a random 400-asset, six-sector network built with the
 * world builders from a fixed GSL seed, with every repair distribution, k-of-n
 * groups, cycles, vendors, contractors and a forcing with a restore schedule.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_rng.h>
#include "kikan/engine.h"
#include "tests/testutil.h"
#include "models/results_impl.h"

enum { NA = 400, NS = 6, NV = 4, NCL = 3, NM = 2, R = 24 };

static kikan_ctx_t *ctx;
static kikan_world_t *world;
static kikan_scenario_t scen;
static kikan_whatif_t whatifs[3];
static kikan_event_t events[4];
static kikan_id_t named[3];
static kikan_restore_point_t sched[3] = {{6.5, 0.25}, {24.5, 0.75}, {60.25, 1.0}};
static kikan_model_t *model;

static int build(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    int ok = 1;
    ok &= kikan_ctx_new(&ctx) == KIKAN_OK;
    ok &= kikan_world_new(ctx, &world) == KIKAN_OK;
    ok &= kikan_world_add_builtin_sectors(world) == KIKAN_OK;
    kikan_id_t op[2 * NS], metric;
    ok &= kikan_world_add_metric(world, "customers", &metric) == KIKAN_OK;
    for (kikan_id_t i = 0; ok && i < 2 * NS; i++) {
        char id[16];
        kikan_id_t s = i % NS;
        snprintf(id, sizeof(id), "op%d", (int)i);
        ok &= kikan_world_add_operator(world, id, NULL, &s, 1, i >= NS, &op[i]) == KIKAN_OK;
        ok &= kikan_world_set_metric(world, op[i], metric, 1000.0 * (i + 1)) == KIKAN_OK;
    }
    static const char *kinds[3] = {"substation", "exchange", "data_centre"};
    for (int a = 0; ok && a < NA; a++) {
        char id[16];
        snprintf(id, sizeof(id), "a%d", a);
        const kikan_id_t s = a % NS;
        const double lo = gsl_rng_uniform_int(r, 4) * 1.5;
        kikan_asset_spec_t sp = {
            id,
            op[s + NS * (int)gsl_rng_uniform_int(r, 2)],
            s,
            kinds[a % 3],
            a % 2 ? "tokyo" : "osaka",
            (double)(10 + gsl_rng_uniform_int(r, 990)),
            lo,
            lo + gsl_rng_uniform(r) * 6.0,
            gsl_rng_uniform(r) * 2.0,
            {(kikan_dist_kind_t)(a % 5), 4.0 + 8.0 * gsl_rng_uniform(r), 1.5 + gsl_rng_uniform(r)}};
        if (sp.repair.kind == KIKAN_DIST_UNIFORM) {
            sp.repair.b = sp.repair.a + 5.0;
        } else if (sp.repair.kind == KIKAN_DIST_LOGNORMAL) {
            sp.repair.b = 0.5;
        }
        ok &= kikan_world_add_asset(world, &sp, NULL) == KIKAN_OK;
    }
    /* each asset a >= 6 depends on 1..3 providers among the assets before it or any (cycles) */
    for (int a = NS; ok && a < NA; a++) {
        const int n = 1 + (int)gsl_rng_uniform_int(r, 3);
        const int k = n == 3 ? 2 : 1;
        for (int j = 0; ok && j < n; j++) {
            kikan_id_t p = (kikan_id_t)gsl_rng_uniform_int(r, NA);
            if (p == a) {
                p = (p + 1) % NA;
            }
            ok &= kikan_world_add_dependency(world, p, a, j % 2 ? "power" : "telecom", "g", k,
                                             NULL) == KIKAN_OK;
        }
    }
    kikan_id_t v[NV], cl[NCL], mc[NM];
    for (int i = 0; ok && i < NV; i++) {
        char id[8];
        snprintf(id, sizeof(id), "V%d", i);
        ok &= kikan_world_add_vendor(world, id, NULL, NULL, i, &v[i]) == KIKAN_OK;
    }
    for (int i = 0; ok && i < NCL; i++) {
        char id[8];
        snprintf(id, sizeof(id), "C%d", i);
        ok &= kikan_world_add_class(world, id, NULL, KIKAN_NONE, i == 0, &cl[i]) == KIKAN_OK;
    }
    for (int i = 0; ok && i < NM; i++) {
        char id[8];
        snprintf(id, sizeof(id), "M%d", i);
        ok &= kikan_world_add_contractor(world, id, NULL, 1, &mc[i]) == KIKAN_OK;
    }
    for (int a = 0; ok && a < NA; a++) {
        const int n = 1 + (int)gsl_rng_uniform_int(r, 2);
        for (int j = 0; ok && j < n; j++) {
            kikan_id_t m = gsl_rng_uniform(r) < 0.3 ? mc[gsl_rng_uniform_int(r, NM)] : KIKAN_NONE;
            ok &= kikan_world_add_installation(world, a, cl[gsl_rng_uniform_int(r, NCL)],
                                               v[gsl_rng_uniform_int(r, NV)], m, NULL) == KIKAN_OK;
        }
    }
    gsl_rng_free(r);
    ok &= kikan_world_finalize(world) == KIKAN_OK;
    if (!ok) {
        return 1;
    }
    memset(events, 0, sizeof(events));
    events[0].target = KIKAN_TARGET_VENDOR;
    events[0].vendor = v[1];
    events[0].probability = 0.4;
    events[0].at_hours = 1.5;
    events[1].target = KIKAN_TARGET_CONTRACTOR;
    events[1].contractor = mc[0];
    events[1].probability = 0.7;
    events[1].at_hours = 3.25;
    events[2].target = KIKAN_TARGET_ASSETS;
    named[0] = 7;
    named[1] = 100;
    named[2] = 211;
    events[2].assets = named;
    events[2].n_assets = 3;
    events[2].probability = 1.0;
    events[2].at_hours = 0.0;
    events[3].target = KIKAN_TARGET_SECTOR;
    events[3].sector = 0;
    events[3].probability = 0.9;
    events[3].at_hours = 4.0;
    events[3].forcing = 1;
    events[3].restore = sched;
    events[3].n_restore = 3;
    whatifs[0] = (kikan_whatif_t){"vendor-V1", NULL, events, 1};
    whatifs[1] = (kikan_whatif_t){"contractor-and-named", NULL, events + 1, 2};
    whatifs[2] = (kikan_whatif_t){"blackout", NULL, events + 3, 1};
    memset(&scen, 0, sizeof(scen));
    scen.name = "ensemble-test";
    scen.horizon_hours = 96;
    scen.step_hours = 2;
    scen.seed = 2385;
    scen.replicates = R;
    scen.whatifs = whatifs;
    scen.n_whatifs = 3;
    scen.synthetic = 1;
    return kikan_model_compile(ctx, world, &scen, &model) == KIKAN_OK ? 0 : 1;
}

static int teardown(void)
{
    kikan_model_free(&model);
    kikan_world_free(&world);
    kikan_ctx_free(&ctx);
    return 0;
}

static kikan_results_t *run_with(int threads, const kikan_policy_t *pol, int64_t n_rep)
{
    kikan_results_t *res = NULL;
    CU_ASSERT_FATAL(kikan_ensemble_results_new(model, &scen, n_rep, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(ctx, threads) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, model, pol, 0, n_rep, res) == KIKAN_OK);
    return res;
}

/* memcmp of every per-replicate array */
static int same(const kikan_results_t *a, const kikan_results_t *b)
{
    const int64_t wrs = (int64_t)a->n_whatifs * a->n_replicates * a->n_sectors;
    const int64_t wr = (int64_t)a->n_whatifs * a->n_replicates;
    const size_t d = sizeof(double);
    return memcmp(a->customer_hours, b->customer_hours, (size_t)wrs * d) == 0 &&
           memcmp(a->peak_customers, b->peak_customers, (size_t)wrs * d) == 0 &&
           memcmp(a->life_weighted, b->life_weighted, (size_t)wrs * d) == 0 &&
           memcmp(a->ops_affected, b->ops_affected, (size_t)wrs * KIKAN_N_SIZE_CLASSES * d) == 0 &&
           memcmp(a->econ_loss, b->econ_loss, (size_t)wr * d) == 0 &&
           memcmp(a->implants, b->implants, (size_t)wr * d) == 0 &&
           memcmp(a->curves, b->curves, (size_t)wrs * a->n_grid * d) == 0 &&
           memcmp(a->through, b->through, (size_t)wrs * a->n_sectors * d) == 0 &&
           a->n_regions == b->n_regions &&
           memcmp(a->region_person_hours, b->region_person_hours,
                  (size_t)(wr * a->n_regions) * d) == 0 &&
           memcmp(a->region_peak_people, b->region_peak_people, (size_t)(wr * a->n_regions) * d) ==
               0;
}

static void test_threads(void)
{
    kikan_results_t *r1 = run_with(1, NULL, R), *r2 = run_with(2, NULL, R),
                    *r4 = run_with(4, NULL, R);
    CU_ASSERT(same(r1, r2));
    CU_ASSERT(same(r1, r4));
    CU_ASSERT_EQUAL(r4->threads, 4);
    /* the world does cascade: every sector loses service in some replicate, and the
       replicates differ */
    double tot[NS] = {0};
    int differ = 0;
    for (int64_t r = 0; r < R; r++) {
        for (int s = 0; s < NS; s++) {
            tot[s] += r1->customer_hours[(0 * R + r) * NS + s];
        }
        differ |= r1->customer_hours[r * NS + 1] != r1->customer_hours[1];
    }
    for (int s = 0; s < NS; s++) {
        CU_ASSERT(tot[s] > 0.0);
    }
    CU_ASSERT(differ);
    kikan_results_free(&r1);
    kikan_results_free(&r2);
    kikan_results_free(&r4);
}

static void test_split(void)
{
    kikan_results_t *whole = run_with(2, NULL, 10), *parts = NULL;
    CU_ASSERT_FATAL(kikan_ensemble_results_new(model, &scen, 10, &parts) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, model, NULL, 5, 10, parts) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(ctx, 1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, model, NULL, 0, 5, parts) == KIKAN_OK);
    CU_ASSERT(same(whole, parts));
    /* and replicates 0..9 of a 24-replicate run are the same numbers */
    kikan_results_t *big = run_with(2, NULL, R);
    for (int w = 0; w < 3; w++) {
        CU_ASSERT(memcmp(big->customer_hours + (int64_t)w * R * NS,
                         whole->customer_hours + (int64_t)w * 10 * NS,
                         10 * NS * sizeof(double)) == 0);
    }
    CU_ASSERT(kikan_ensemble_run(ctx, model, NULL, 3, 3, parts) == KIKAN_OK); /* empty range */
    kikan_results_free(&whole);
    kikan_results_free(&parts);
    kikan_results_free(&big);
}

/* caller-owned workspaces give the same numbers; foreign or missing ones are refused */
static void test_pool(void)
{
    kikan_results_t *ref = run_with(2, NULL, 8), *res = NULL;
    kikan_workspace_t *ws[3] = {NULL, NULL, NULL};
    CU_ASSERT_FATAL(kikan_workspace_new(model, &ws[0]) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(model, &ws[1]) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(model, &scen, 8, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(ctx, 4) == KIKAN_OK); /* capped at the 2 workspaces */
    CU_ASSERT(kikan_ensemble_run_ws(ctx, model, NULL, 0, 8, res, ws, 2) == KIKAN_OK);
    CU_ASSERT_EQUAL(res->threads, 2);
    CU_ASSERT(same(ref, res));
    CU_ASSERT(kikan_ensemble_run_ws(ctx, model, NULL, 0, 8, res, ws, 3) == KIKAN_EINVAL);
    CU_ASSERT(kikan_ensemble_run_ws(ctx, model, NULL, 0, 8, res, NULL, 2) == KIKAN_EINVAL);
    CU_ASSERT(kikan_ensemble_run_ws(ctx, model, NULL, 0, 8, res, ws, 0) == KIKAN_EINVAL);
    /* a workspace of another model */
    kikan_model_t *other = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, world, &scen, &other) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(other, &ws[2]) == KIKAN_OK);
    CU_ASSERT_PTR_EQUAL(kikan_workspace_model(ws[2]), other);
    CU_ASSERT(kikan_ensemble_run_ws(ctx, model, NULL, 0, 8, res, ws + 1, 2) == KIKAN_EINVAL);
    for (int i = 0; i < 3; i++) {
        kikan_workspace_free(&ws[i]);
    }
    kikan_model_free(&other);
    kikan_results_free(&ref);
    kikan_results_free(&res);
}

static void test_policies(void)
{
    uint8_t reg[2 * NS];
    memset(reg, 1, sizeof(reg));
    kikan_policy_t zero = {reg, NULL, 0.0}, full = {reg, NULL, 1.0}, half = {reg, NULL, 0.5};
    kikan_results_t *none = run_with(2, NULL, R), *p0 = run_with(2, &zero, R);
    CU_ASSERT(same(none, p0));
    kikan_results_t *p1 = run_with(2, &full, R), *ph = run_with(2, &half, R);
    double sum_none = 0.0, sum_half = 0.0;
    for (int64_t r = 0; r < R; r++) {
        /* everything regulated and screened: no implant survives (what-ifs 0 and 1) */
        CU_ASSERT_EQUAL(p1->implants[0 * R + r], 0.0);
        CU_ASSERT_EQUAL(p1->implants[1 * R + r], 0.0);
        CU_ASSERT_EQUAL(p1->customer_hours[(0 * R + r) * NS + 3], 0.0);
        /* common random numbers: half screening keeps a subset of the same implants */
        CU_ASSERT(ph->implants[r] <= none->implants[r]);
        sum_none += none->implants[r];
        sum_half += ph->implants[r];
        /* the forcing what-if ignores screening: identical */
        CU_ASSERT(memcmp(p1->customer_hours + (2 * R + r) * NS,
                         none->customer_hours + (2 * R + r) * NS, NS * sizeof(double)) == 0);
    }
    CU_ASSERT(sum_half < sum_none && sum_half > 0.0);
    kikan_results_free(&none);
    kikan_results_free(&p0);
    kikan_results_free(&p1);
    kikan_results_free(&ph);
}

static void test_provenance_and_summary(void)
{
    kikan_results_t *res = run_with(2, NULL, R);
    CU_ASSERT_STRING_EQUAL(res->sector_ids[1], "telecom");
    CU_ASSERT_STRING_EQUAL(res->sector_units[0], "households");
    CU_ASSERT_STRING_EQUAL(res->whatif_names[2], "blackout");
    CU_ASSERT_STRING_EQUAL(res->scenario_name, "ensemble-test");
    CU_ASSERT_EQUAL(res->n_grid, 49);
    CU_ASSERT_EQUAL(res->grid[48], 96.0);
    CU_ASSERT_EQUAL(res->seed, 2385);
    CU_ASSERT_EQUAL(res->synthetic, 1);
    CU_ASSERT(isnan(res->econ_loss[0]));
    CU_ASSERT_FATAL(kikan_results_summarize(res) == KIKAN_OK);
    const kikan_stat_t *st = &res->st_customer_hours[2 * NS + 0];
    CU_ASSERT(st->ci_lo <= st->mean && st->mean <= st->ci_hi && st->mean > 0);
    /* the curve at t = 0 is zero everywhere (no event before 0 except named at 0: hit then) */
    kikan_results_free(&res);
}

/*
 * Regions: every asset is in "tokyo" or "osaka"; per replicate the regions' person-hours add up
 * to the sectors' (the same integrals, summed in another order: relative 1e-9), and a region's
 * peak is at least its share of any moment, so the regions' peaks add up to at least the
 * largest sector peak. The statistics are the replicates' mean, without an interval.
 */
static void test_regions(void)
{
    kikan_results_t *res = run_with(2, NULL, R);
    CU_ASSERT_EQUAL_FATAL(res->n_regions, 2);
    CU_ASSERT_STRING_EQUAL(res->region_ids[0], "osaka"); /* asset a0 is first: osaka */
    CU_ASSERT_STRING_EQUAL(res->region_ids[1], "tokyo");
    int some = 0;
    for (int64_t wr = 0; wr < 3 * R; wr++) {
        double ph_s = 0, ph_g = 0, pk_max = 0, pk_g = 0;
        for (int s = 0; s < NS; s++) {
            ph_s += res->person_hours[wr * NS + s];
            pk_max = fmax(pk_max, res->peak_people[wr * NS + s]);
        }
        for (int g = 0; g < 2; g++) {
            ph_g += res->region_person_hours[wr * 2 + g];
            pk_g += res->region_peak_people[wr * 2 + g];
        }
        CU_ASSERT(fabs(ph_s - ph_g) <= 1e-9 * fmax(1.0, ph_s));
        CU_ASSERT(pk_g >= pk_max * (1 - 1e-12));
        some |= ph_g > 0;
    }
    CU_ASSERT(some);
    CU_ASSERT_FATAL(kikan_results_summarize(res) == KIKAN_OK);
    double mean = 0;
    for (int64_t r = 0; r < R; r++) {
        mean += res->region_person_hours[(R + r) * 2 + 1];
    }
    CU_ASSERT_DOUBLE_EQUAL(res->st_region_person_hours[2 + 1].mean, mean / R, 1e-9 * mean);
    CU_ASSERT(isnan(res->st_region_person_hours[2 + 1].ci_lo));
    kikan_results_free(&res);
}

static void test_stop_and_errors(void)
{
    kikan_results_t *res = NULL;
    CU_ASSERT_FATAL(kikan_ensemble_results_new(model, &scen, 4, &res) == KIKAN_OK);
    CU_ASSERT(kikan_ensemble_run(ctx, model, NULL, 0, 5, res) == KIKAN_EINVAL);
    CU_ASSERT(kikan_ensemble_run(ctx, model, NULL, 3, 2, res) == KIKAN_EINVAL);
    CU_ASSERT(kikan_ensemble_run(NULL, model, NULL, 0, 4, res) == KIKAN_EINVAL);
    kikan_policy_t bad = {NULL, NULL, 2.0};
    CU_ASSERT(kikan_ensemble_run(ctx, model, &bad, 0, 4, res) == KIKAN_EINVAL);
    kikan_results_free(&res);
    CU_ASSERT(kikan_ensemble_results_new(model, &scen, 0, &res) == KIKAN_EINVAL);
    CU_ASSERT_FATAL(kikan_results_new(1, NS, 49, 4, &res) == KIKAN_OK); /* one what-if only */
    CU_ASSERT(kikan_ensemble_run(ctx, model, NULL, 0, 4, res) == KIKAN_EINVAL);
    kikan_results_free(&res);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(model, &scen, 4, &res) == KIKAN_OK);
    kikan_ctx_request_stop(ctx);
    CU_ASSERT(kikan_ensemble_run(ctx, model, NULL, 0, 4, res) == KIKAN_EINTERRUPTED);
    kikan_results_free(&res);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("ensemble", build, teardown);
    CU_add_test(s, "bit-identical for 1, 2, 4 threads", test_threads);
    CU_add_test(s, "independent of the replicate split", test_split);
    CU_add_test(s, "caller-owned workspaces", test_pool);
    CU_add_test(s, "common random numbers across policies", test_policies);
    CU_add_test(s, "provenance and summary", test_provenance_and_summary);
    CU_add_test(s, "regions add up to the sectors", test_regions);
    CU_add_test(s, "stop and errors", test_stop_and_errors);
    return kikan_test_main();
}
