/*
 * Tests of the scope analysis (sim/scope.c, output/scope_out.c) on hand-built
 * worlds whose answers are known:
 *
 * The "clearing" world: eight banks (deposits 3e13 .. 1e12) each with one
 * branch serving customers; every branch depends on the one asset of a tiny
 * clearing operator (deposits 1e10). A big power operator P1 (capacity 5000,
 * 4000 households), a medium one P2 (1200, 800 households) and three retail
 * suppliers R1..R3 (capacity 2.5 .. 4.5, no customers, nobody depends on
 * them). Vendor V's class "core" sits in every bank branch and the clearing
 * house, its class "scada" in every power asset; the what-if implants V with
 * probability 0.625. The clearing operator is below every banking threshold
 * (5e12, 1e13, 2e13) yet its compromise stops every bank: it must be flagged.
 * Retail suppliers change nothing when screened (their assets serve nobody
 * and each asset's repair time comes from its own random stream), so the
 * paired difference of a policy adding them is exactly 0: they must never be
 * on the frontier nor recommended.
 *
 * Exactness: with common random numbers a policy that screens nothing (or
 * with effectiveness 0) reproduces the baseline bit for bit, so those
 * differences are compared with ==. Analytic expected values with
 * effectiveness 1 involve 2.385-hour repairs (not dyadic), compared to 1e-9
 * relative (a few double roundings).
 */
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_statistics_double.h>
#include "kikan/engine.h"
#include "kikan/output.h"
#include "kikan/scope.h"
#include "models/world_impl.h"
#include "sim/scope_impl.h"
#include "tests/testutil.h"

enum { POWER = 0, TELECOM = 1, RAIL = 2, AVIATION = 3, AIRPORTS = 4, BANKING = 5, NS = 6 };
#define NBANKS 8

typedef struct {
    kikan_ctx_t *ctx;
    kikan_world_t *w;
    kikan_id_t deposits, capacity;
    kikan_id_t banks[NBANKS], clearing, p1, p2, retail[3];
    kikan_id_t core, scada;
    kikan_event_t ev;
    kikan_whatif_t wi;
    kikan_criterion_t crit[2];
    double bank_thr[3];
    kikan_scenario_t s;
    kikan_model_t *m;
} clr_t;

static kikan_id_t add_op(kikan_world_t *w, const char *id, kikan_id_t sector, int sme)
{
    kikan_id_t op = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_operator(w, id, id, &sector, 1, sme, &op) == KIKAN_OK);
    return op;
}

static kikan_id_t add_asset(kikan_world_t *w, const char *id, kikan_id_t op, kikan_id_t sector,
                            const char *kind, double customers, double repair)
{
    kikan_asset_spec_t sp = {id,        op,  sector, kind, "tokyo",
                             customers, 0.0, NAN,    0.0,  {KIKAN_DIST_FIXED, repair, 0.0}};
    kikan_id_t a = KIKAN_NONE;
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &sp, &a) == KIKAN_OK);
    return a;
}

static void base_scenario(kikan_scenario_t *s, kikan_event_t *ev, kikan_whatif_t *wi)
{
    memset(s, 0, sizeof(*s));
    wi->name = "vendor";
    wi->description = NULL;
    wi->events = ev;
    wi->n_events = 1;
    s->name = "scope-test";
    s->horizon_hours = 72;
    s->step_hours = 1;
    s->replicates = 1;
    s->seed = 2385;
    s->whatifs = wi;
    s->n_whatifs = 1;
    s->scope.cost_metric = KIKAN_NONE;
}

static void clr_init(clr_t *f, int with_criteria)
{
    memset(f, 0, sizeof(*f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(f->ctx, 1);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(f->ctx, 1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_new(f->ctx, &f->w) == KIKAN_OK);
    kikan_world_t *w = f->w;
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    /* one person per customer: the fixture's sizes were chosen in customers */
    for (kikan_id_t sec = 0; sec < kikan_world_n_sectors(w); sec++) {
        CU_ASSERT_FATAL(kikan_world_set_sector_people(w, sec, 1.0) == KIKAN_OK);
    }
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "deposits_jpy", &f->deposits) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "capacity_mw", &f->capacity) == KIKAN_OK);
    kikan_id_t v;
    CU_ASSERT_FATAL(kikan_world_add_vendor(w, "V", NULL, "X", 2, &v) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(w, "core", NULL, BANKING, 1, &f->core) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(w, "scada", NULL, POWER, 1, &f->scada) == KIKAN_OK);
    kikan_id_t unused;
    CU_ASSERT_FATAL(kikan_world_add_class(w, "unused", NULL, KIKAN_NONE, 0, &unused) == KIKAN_OK);

    f->clearing = add_op(w, "zengin", BANKING, 1);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, f->clearing, f->deposits, 1e10) == KIKAN_OK);
    const kikan_id_t ca = add_asset(w, "clearing-1", f->clearing, BANKING, "clearing", 0, 10.5);
    CU_ASSERT_FATAL(kikan_world_add_installation(w, ca, f->core, v, KIKAN_NONE, NULL) == KIKAN_OK);
    static const double dep[NBANKS] = {3e13, 1.5e13, 8e12, 6e12, 4e12, 3e12, 2e12, 1e12};
    for (int i = 0; i < NBANKS; i++) {
        char id[32];
        snprintf(id, sizeof(id), "bank-%d", i);
        f->banks[i] = add_op(w, id, BANKING, dep[i] < 5e12);
        CU_ASSERT_FATAL(kikan_world_set_metric(w, f->banks[i], f->deposits, dep[i]) == KIKAN_OK);
        snprintf(id, sizeof(id), "branch-%d", i);
        const kikan_id_t b =
            add_asset(w, id, f->banks[i], BANKING, "branch", 100.0 + 37.0 * i, 2.385);
        CU_ASSERT_FATAL(kikan_world_add_dependency(w, ca, b, "payment", NULL, 1, NULL) == KIKAN_OK);
        CU_ASSERT_FATAL(kikan_world_add_installation(w, b, f->core, v, KIKAN_NONE, NULL) ==
                        KIKAN_OK);
    }
    f->p1 = add_op(w, "P1", POWER, 0);
    f->p2 = add_op(w, "P2", POWER, 0);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, f->p1, f->capacity, 5000) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, f->p2, f->capacity, 1200) == KIKAN_OK);
    const kikan_id_t a1 = add_asset(w, "sub-1", f->p1, POWER, "substation", 4000, 6.25);
    const kikan_id_t a2 = add_asset(w, "sub-2", f->p2, POWER, "substation", 800, 5.5);
    CU_ASSERT_FATAL(kikan_world_add_installation(w, a1, f->scada, v, KIKAN_NONE, NULL) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(w, a2, f->scada, v, KIKAN_NONE, NULL) == KIKAN_OK);
    for (int i = 0; i < 3; i++) {
        char id[32];
        snprintf(id, sizeof(id), "retail-%d", i);
        f->retail[i] = add_op(w, id, POWER, 1);
        CU_ASSERT_FATAL(kikan_world_set_metric(w, f->retail[i], f->capacity, 2.5 + i) == KIKAN_OK);
        snprintf(id, sizeof(id), "retail-site-%d", i);
        const kikan_id_t r = add_asset(w, id, f->retail[i], POWER, "office", 0, 7.0);
        CU_ASSERT_FATAL(kikan_world_add_installation(w, r, f->scada, v, KIKAN_NONE, NULL) ==
                        KIKAN_OK);
    }
    /* every sector needs an asset */
    for (kikan_id_t s = TELECOM; s <= AIRPORTS; s++) {
        char id[32];
        snprintf(id, sizeof(id), "idle-%d", (int)s);
        const kikan_id_t op = add_op(w, id, s, 0);
        add_asset(w, id, op, s, "site", 0, 1);
    }
    CU_ASSERT_FATAL(kikan_world_finalize(w) == KIKAN_OK);

    memset(&f->ev, 0, sizeof(f->ev));
    f->ev.target = KIKAN_TARGET_VENDOR;
    f->ev.vendor = v;
    f->ev.contractor = f->ev.kind = f->ev.region = f->ev.sector = KIKAN_NONE;
    f->ev.probability = 0.625;
    f->ev.at_hours = 1.5;
    base_scenario(&f->s, &f->ev, &f->wi);
    f->s.screening.enabled = 1;
    f->s.screening.effectiveness = 0.9;
    f->bank_thr[0] = 5e12;
    f->bank_thr[1] = 2e13;
    f->bank_thr[2] = 1e13;
    f->crit[0] = (kikan_criterion_t){BANKING, f->deposits, f->bank_thr, 3};
    f->crit[1] = (kikan_criterion_t){POWER, f->capacity, NULL, 0};
    f->s.scope.criteria = with_criteria ? f->crit : NULL;
    f->s.scope.n_criteria = with_criteria ? 2 : 0;
    CU_ASSERT_FATAL(kikan_model_compile(f->ctx, f->w, &f->s, &f->m) == KIKAN_OK);
}

static void clr_free(clr_t *f)
{
    kikan_model_free(&f->m);
    kikan_world_free(&f->w);
    kikan_ctx_free(&f->ctx);
}

static kikan_scope_result_t *scope(clr_t *f, const kikan_scope_options_t *o)
{
    kikan_scope_result_t *r = NULL;
    CU_ASSERT_FATAL(kikan_scope_run(f->ctx, f->m, &f->s, o, &r) == KIKAN_OK);
    CU_ASSERT_FATAL(r != NULL);
    return r;
}

static kikan_scope_options_t opts(int64_t replicates)
{
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    o.replicates = replicates;
    return o;
}

static int crit_of(const kikan_scope_result_t *r, kikan_id_t sector)
{
    for (int c = 0; c < r->n_criteria; c++) {
        if (r->crit_sector[c] == sector) {
            return c;
        }
    }
    return -1;
}

static void check_frontier_monotone(const kikan_scope_result_t *r)
{
    CU_ASSERT_FATAL(r->n_frontier >= 1);
    CU_ASSERT_EQUAL(r->fr_ops[0], 0);
    CU_ASSERT_EQUAL(r->fr_removed[0], 0.0);
    for (int i = 1; i < r->n_frontier; i++) {
        CU_ASSERT(r->fr_ops[i] >= r->fr_ops[i - 1]);
        CU_ASSERT(r->fr_removed[i] >= r->fr_removed[i - 1]);
    }
    CU_ASSERT(r->recommended >= 0 && r->recommended < r->n_frontier);
}

/* ---- the clearing world ---------------------------------------------------------------------- */

static void test_clearing_flagged(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(96);
    kikan_scope_result_t *r = scope(&f, &o);
    const int cb = crit_of(r, BANKING), cp = crit_of(r, POWER);
    CU_ASSERT_FATAL(cb >= 0 && cp >= 0);
    /* given thresholds are sorted descending; counts by hand: >= 2e13: 1 bank, >= 1e13: 2, >= 5e12:
     * 4 */
    CU_ASSERT_EQUAL(r->crit_off[cb + 1] - r->crit_off[cb], 3);
    CU_ASSERT_EQUAL(r->thr[r->crit_off[cb]], 2e13);
    CU_ASSERT_EQUAL(r->thr_ops[r->crit_off[cb]], 1);
    CU_ASSERT_EQUAL(r->thr_ops[r->crit_off[cb] + 1], 2);
    CU_ASSERT_EQUAL(r->thr_ops[r->crit_off[cb] + 2], 4);
    CU_ASSERT_EQUAL(r->thr_smes[r->crit_off[cb] + 2], 0);
    CU_ASSERT_EQUAL(r->crit_n_ops[cb], NBANKS + 1);
    /* derived power thresholds: the five distinct capacities, descending */
    CU_ASSERT_EQUAL(r->crit_off[cp + 1] - r->crit_off[cp], 5);
    CU_ASSERT_EQUAL(r->thr[r->crit_off[cp]], 5000.0);
    CU_ASSERT_EQUAL(r->thr[r->crit_off[cp] + 4], 2.5);
    CU_ASSERT_EQUAL(r->thr_smes[r->crit_off[cp] + 4], 3);

    int found = -1;
    for (int i = 0; i < r->n_small; i++) {
        if (r->sc_op[i] == f.clearing) {
            found = i;
        }
        for (int k = 0; k < 3; k++) {
            CU_ASSERT(r->sc_op[i] != f.retail[k]);
        }
    }
    CU_ASSERT_FATAL(found >= 0);
    CU_ASSERT_EQUAL(r->sc_below_all[found], 1);
    CU_ASSERT_EQUAL(r->sc_dependents[found], NBANKS);
    CU_ASSERT_EQUAL(r->sc_sector[found], BANKING);
    CU_ASSERT(r->sc_share[found] > 0.05);
    /* size share: 1e10 of the banking total 6.9e13 + 1e10 */
    CU_ASSERT(fabs(r->sc_size_share[found] - 1e10 / (6.9e13 + 1e10)) < 1e-12);
    CU_ASSERT(strstr(r->sc_reason[found],
                     "banking: 8 operators depend on it directly (clearing)") != NULL);
    CU_ASSERT(strstr(r->sc_reason[found], "below every threshold") != NULL);
    CU_ASSERT(r->simulations > 0);
    kikan_scope_result_free(&r);
    kikan_scope_result_free(&r); /* NULL after free: no-op */
    clr_free(&f);
}

static void test_retail_never_recommended(void)
{
    clr_t f;
    clr_init(&f, 1);
    for (int pass = 0; pass < 2; pass++) {
        kikan_scope_options_t o = opts(64);
        o.budget = pass == 0 ? 0 : 1000; /* no budget (target share), then everything affordable */
        kikan_scope_result_t *r = scope(&f, &o);
        const int cp = crit_of(r, POWER);
        check_frontier_monotone(r);
        /* no frontier point regulates a retail supplier: capacities 2.5..4.5 < threshold */
        for (int i = 0; i < r->n_frontier; i++) {
            const int row = r->fr_row[i * r->n_criteria + cp];
            if (row >= 0) {
                CU_ASSERT(r->thr[r->crit_off[cp] + row] > 4.5);
            }
        }
        CU_ASSERT(r->rec_thr[cp] > 4.5);
        if (pass == 1) {
            /* the budget admits everyone: the last frontier point, with both real power operators
             */
            CU_ASSERT_EQUAL(r->recommended, r->n_frontier - 1);
            CU_ASSERT_EQUAL(r->rec_thr[cp], 1200.0);
            CU_ASSERT_EQUAL(r->budget, 1000);
        }
        kikan_scope_result_free(&r);
    }
    /* a budget of 2 operators: the best point within it is the last with at most 2 */
    kikan_scope_options_t o = opts(64);
    o.budget = 2;
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT(r->fr_ops[r->recommended] <= 2);
    CU_ASSERT(r->recommended <= r->best);
    CU_ASSERT(r->fr_ops[r->best] <= 2);
    if (r->best + 1 < r->n_frontier) {
        CU_ASSERT(r->fr_ops[r->best + 1] > 2);
    }
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/* Effectiveness 0 removes exactly nothing; effectiveness 1 on everything removes everything. */
static void test_effectiveness_extremes(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(32);
    o.effectiveness = 0.0;
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT(r->baseline_mean > 0);
    for (int i = 0; i < r->n_rows; i++) {
        CU_ASSERT_EQUAL(r->thr_removed[i], 0.0);
        CU_ASSERT_EQUAL(r->thr_ci[i], 0.0);
    }
    for (kikan_id_t k = 0; k < r->n_classes; k++) {
        CU_ASSERT_EQUAL(r->cls_removed[k], 0.0);
        CU_ASSERT_EQUAL(r->cls_cum_removed[k], 0.0);
    }
    CU_ASSERT_EQUAL(r->all_removed_mean, 0.0);
    CU_ASSERT_EQUAL(r->n_frontier, 1);
    CU_ASSERT_EQUAL(r->n_small, 0);
    /* no forcing: compromise is the only cause, so the perfect policy leaves exactly 0 */
    CU_ASSERT_EQUAL(r->perfect_impact_mean, 0.0);
    CU_ASSERT_EQUAL(r->compromise_mean, r->baseline_mean);
    kikan_scope_result_free(&r);

    o.effectiveness = 1.0;
    r = scope(&f, &o);
    CU_ASSERT_EQUAL(r->all_removed_mean, r->baseline_mean);
    /* every class screened one by one adds up to everything */
    CU_ASSERT_EQUAL(r->cls_cum_removed[r->n_classes - 1], r->baseline_mean);
    /* the unused class removes nothing and ranks last */
    CU_ASSERT_EQUAL(r->cls_rank[r->n_classes - 1], 2);
    CU_ASSERT_EQUAL(r->cls_removed[r->n_classes - 1], 0.0);
    /* lowest thresholds of both criteria: everyone but the clearing house is regulated */
    CU_ASSERT(r->fr_removed[r->n_frontier - 1] < r->baseline_mean);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/* Results bit-identical for 1 and 2 threads, and with or without the reuse of identical runs. */
static void test_threads_and_dedup(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(40);
    kikan_scope_result_t *a = scope(&f, &o);
    CU_ASSERT_FATAL(kikan_ctx_set_threads(f.ctx, 2) == KIKAN_OK);
    kikan_scope_result_t *b = scope(&f, &o);
    o.dedup = 0;
    kikan_scope_result_t *c = scope(&f, &o);
    const kikan_scope_result_t *x[2] = {b, c};
    for (int k = 0; k < 2; k++) {
        const kikan_scope_result_t *y = x[k];
        CU_ASSERT_FATAL(a->n_rows == y->n_rows && a->n_frontier == y->n_frontier &&
                        a->n_small == y->n_small);
        CU_ASSERT(memcmp(a->thr_removed, y->thr_removed, (size_t)a->n_rows * sizeof(double)) == 0);
        CU_ASSERT(memcmp(a->thr_ci, y->thr_ci, (size_t)a->n_rows * sizeof(double)) == 0);
        CU_ASSERT(memcmp(a->fr_removed, y->fr_removed, (size_t)a->n_frontier * sizeof(double)) ==
                  0);
        CU_ASSERT(memcmp(a->sc_removed, y->sc_removed, (size_t)a->n_small * sizeof(double)) == 0);
        CU_ASSERT(memcmp(a->cls_removed, y->cls_removed, (size_t)a->n_classes * sizeof(double)) ==
                  0);
        CU_ASSERT(memcmp(a->cls_cum_removed, y->cls_cum_removed,
                         (size_t)a->n_classes * sizeof(double)) == 0);
        CU_ASSERT_EQUAL(a->baseline_mean, y->baseline_mean);
        CU_ASSERT_EQUAL(a->recommended, y->recommended);
    }
    CU_ASSERT_EQUAL(a->simulations, b->simulations);
    /* every (policy, what-if, replicate) is either simulated or proven identical; without
       reuse only the policies that screen nothing share the baseline's runs */
    CU_ASSERT_EQUAL(a->simulations + a->simulations_reused, a->policies * 40);
    CU_ASSERT_EQUAL(c->simulations + c->simulations_reused, c->policies * 40);
    CU_ASSERT(a->simulations < c->simulations);
    kikan_scope_result_free(&a);
    kikan_scope_result_free(&b);
    kikan_scope_result_free(&c);
    clr_free(&f);
}

static void test_empty_criteria(void)
{
    clr_t f;
    clr_init(&f, 0);
    kikan_scope_options_t o = opts(24);
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT_EQUAL(r->n_criteria, 0);
    CU_ASSERT_EQUAL(r->n_rows, 0);
    CU_ASSERT_EQUAL(r->n_frontier, 1);
    CU_ASSERT_EQUAL(r->recommended, 0);
    CU_ASSERT(r->n_classes == 3);
    /* nobody regulated: every operator with a targeted installation is a candidate */
    CU_ASSERT_EQUAL(r->n_candidates, NBANKS + 1 + 2 + 3);
    int clearing = 0;
    for (int i = 0; i < r->n_small; i++) {
        clearing |= r->sc_op[i] == f.clearing && r->sc_below_all[i];
        /* no criterion: no size to compare with */
        CU_ASSERT(strstr(r->sc_reason[i], "size not given") != NULL);
        CU_ASSERT_EQUAL(r->sc_size_share[i], 0.0);
    }
    CU_ASSERT(clearing);
    char *path = NULL;
    FILE *tf = tmpfile();
    CU_ASSERT_FATAL(tf != NULL);
    CU_ASSERT(kikan_scope_json_write(tf, f.w, r) == KIKAN_OK);
    CU_ASSERT(kikan_scope_print(tf, f.w, r) == KIKAN_OK);
    fclose(tf);
    free(path);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/* JSON: the keys scripts rely on, NaN as null, balanced brackets. */
static void test_json(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(1); /* one replicate: CIs are NaN -> null */
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT(isnan(r->thr_ci[0]));
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_scope_json_write(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    static const char *keys[] = {"\"frontier\": [",
                                 "\"operators_regulated\": ",
                                 "\"impact_removed\": ",
                                 "\"impact_removed_ci\": null",
                                 "\"thresholds\": {\"banking\": ",
                                 "\"smes_regulated\": ",
                                 "\"recommended\": {",
                                 "\"small_but_critical\": [",
                                 "\"operator\": \"zengin\"",
                                 "\"reason\": \"banking: 8",
                                 "\"classes\": [",
                                 "\"simulations\": ",
                                 "\"class\": \"core\""};
    for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
        CU_ASSERT(strstr(buf, keys[i]) != NULL);
    }
    int depth = 0, min_depth = 0, in_str = 0;
    for (const char *p = buf; *p; p++) {
        if (in_str) {
            if (*p == '\\') {
                p++;
            } else if (*p == '"') {
                in_str = 0;
            }
            continue;
        }
        in_str = *p == '"';
        depth += (*p == '{' || *p == '[') - (*p == '}' || *p == ']');
        min_depth = depth < min_depth ? depth : min_depth;
    }
    CU_ASSERT_EQUAL(depth, 0);
    CU_ASSERT_EQUAL(min_depth, 0);
    CU_ASSERT(strstr(buf, "nan") == NULL && strstr(buf, "inf") == NULL);
    free(buf);
    char *pbuf = NULL;
    mf = open_memstream(&pbuf, &n);
    CU_ASSERT(kikan_scope_print(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(pbuf, "Efficient frontier") != NULL);
    CU_ASSERT(strstr(pbuf, "zengin") != NULL);
    free(pbuf);
    CU_ASSERT(kikan_scope_json_write(NULL, f.w, r) == KIKAN_EINVAL);
    CU_ASSERT(kikan_scope_print(stdout, NULL, r) == KIKAN_EINVAL);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * The terminal tables give every threshold with its unit and basis, in the report's words
 * (output/size_metric.c): the sweep rows, each frontier row's cells and the recommendation;
 * never a bare "2e+13".
 */
static void test_print_units(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(4);
    kikan_scope_result_t *r = scope(&f, &o);
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_scope_print(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    /* the reference impacts carry the measure's unit and basis */
    char want[256];
    snprintf(want, sizeof(want), "Baseline impact %.4g %s (95%% CI", r->baseline_mean,
             kikan_scope_measure_unit(r->measure));
    CU_ASSERT(strstr(buf, want) != NULL);
    snprintf(want, sizeof(want), "compromise-caused %.4g %s (", r->compromise_mean,
             kikan_scope_measure_unit(r->measure));
    CU_ASSERT(strstr(buf, want) != NULL);
    CU_ASSERT(strstr(buf, "(means over the replicates, per what-if run)") != NULL);
    /* the sweep: the three banking thresholds and power's derived ones, with units */
    CU_ASSERT(strstr(buf, "\n  \u00a520 trillion deposits ") != NULL);
    CU_ASSERT(strstr(buf, "\n  \u00a510 trillion deposits ") != NULL);
    CU_ASSERT(strstr(buf, "\n  \u00a55 trillion deposits ") != NULL);
    CU_ASSERT(strstr(buf, " MW capacity ") != NULL);
    /* every frontier row names each criterion's threshold in words, or none */
    const char *fr = strstr(buf, "Efficient frontier");
    const char *end = fr != NULL ? strstr(fr, "\nRecommended") : NULL;
    CU_ASSERT_FATAL(fr != NULL && end != NULL);
    int rows = 0, with_thr = 0;
    for (const char *l = strchr(fr, '\n') + 1; l != NULL && l < end;) {
        const char *nl = strchr(l, '\n');
        char line[1024];
        snprintf(line, sizeof(line), "%.*s", (int)(nl - l), l);
        int idx = -1;
        if (sscanf(line, " %d ", &idx) == 1 && strstr(line, "  adds:") == NULL) {
            rows++;
            CU_ASSERT(strstr(line, "e+") == NULL);
            CU_ASSERT(strstr(line, "banking none") != NULL ||
                      strstr(line, "banking >= \u00a5") != NULL);
            CU_ASSERT(strstr(line, "power none") != NULL ||
                      (strstr(line, "power >= ") != NULL && strstr(line, " MW capacity") != NULL));
            if (strstr(line, "banking >= \u00a5") != NULL) {
                CU_ASSERT(strstr(line, "trillion deposits") != NULL);
            }
            with_thr += strstr(line, "power >= 5,000 MW capacity") != NULL;
        }
        l = nl != NULL ? nl + 1 : NULL;
    }
    CU_ASSERT_EQUAL(rows, r->n_frontier);
    CU_ASSERT(with_thr > 0);
    /* the recommendation: ">= ¥... deposits" or "regulate none" per criterion */
    CU_ASSERT(strstr(end, "banking deposits_jpy: >= \u00a5") != NULL ||
              strstr(end, "banking deposits_jpy: regulate none") != NULL);
    CU_ASSERT(strstr(end, "power capacity_mw: >= ") != NULL ||
              strstr(end, "power capacity_mw: regulate none") != NULL);
    /* the regulated operators' sizes with their unit: P1 (5000 MW) is recommended */
    CU_ASSERT(r->n_rec_ops == 1 && strstr(end, " 5,000 MW   no\n") != NULL);
    free(buf);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/* ---- CSV tables and atomic files (output/scope_csv.c) -------------------------------------- */

/* The first line of a file (malloc'd), or NULL. */
/* kikan_scope_print's text (malloc'd; NULL when it fails). */
static char *scope_text(const kikan_world_t *w, const kikan_scope_result_t *r)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    if (mf == NULL) {
        return NULL;
    }
    const kikan_error_t e = kikan_scope_print(mf, w, r);
    fclose(mf);
    if (e != KIKAN_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *first_line(const char *path)
{
    char *t = kikan_test_slurp(path);
    if (t != NULL) {
        char *nl = strchr(t, '\n');
        if (nl != NULL) {
            *nl = '\0';
        }
    }
    return t;
}

/* Lines of a file (0 when it cannot be read). */
static int count_lines(const char *path)
{
    char *t = kikan_test_slurp(path);
    int n = 0;
    for (const char *p = t; p != NULL && *p; p++) {
        n += *p == '\n';
    }
    free(t);
    return n;
}

/* Entries of a directory other than . and .. whose name contains `part`. */
static int dir_entries(const char *dir, const char *part)
{
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "ls -A '%s' | grep -c -F '%s' >/dev/null", dir, part);
    return system(cmd) == 0;
}

/*
 * kikan_scope_csv_write: one file per table with the header first, the impact columns named by
 * the measure, the thresholds as threshold_SECTOR_METRIC columns, row counts equal to the
 * result's arrays (which the JSON prints one for one), provenance.json beside them; a missing
 * directory refused with its name.
 */
static void test_csv_tables(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(4);
    kikan_scope_result_t *r = scope(&f, &o);
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    /* an earlier run's sensitivity table: this run has none, so it must not survive */
    char stale[1024];
    snprintf(stale, sizeof(stale), "%s/sensitivity.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(stale, "input,unit\nold,x\n"));
    CU_ASSERT_EQUAL_FATAL(kikan_scope_csv_write(f.ctx, dir, f.w, r), KIKAN_OK);
    CU_ASSERT_NOT_EQUAL(access(stale, F_OK), 0);
    int step_ops = 0;
    for (kikan_id_t op = 0; op < r->n_operators; op++) {
        step_ops += r->op_point[op] >= 0;
    }
    const struct {
        const char *file, *header;
        int rows;
    } t[] = {
        {"frontier.csv",
         "point,operators_regulated,smes_regulated,burden_screening_days,burden_sme_share,cost,"
         "removed_weighted_person_hours_mean,removed_weighted_person_hours_ci_lo,"
         "removed_weighted_person_hours_ci_hi,removed_share,estimate_weighted_person_hours,"
         "step_weighted_person_hours_mean,step_weighted_person_hours_ci_lo,"
         "step_weighted_person_hours_ci_hi,step_significant,recommended,best,"
         "threshold_banking_deposits_jpy,threshold_power_capacity_mw",
         r->n_frontier},
        {"sweeps.csv",
         "sector,metric,sector_operators,threshold,operators_regulated,smes_regulated,"
         "removed_weighted_person_hours_mean,removed_weighted_person_hours_ci_lo,"
         "removed_weighted_person_hours_ci_hi,removed_share",
         r->n_rows},
        {"recommended_operators.csv", "operator,name,sector,metric,size,sme,burden_screening_days",
         (int)r->n_rec_ops},
        {"frontier_operators.csv",
         "point,operator,name,sector,metric,size,sme,burden_screening_days", step_ops},
        {"small_but_critical.csv",
         "operator,name,sector,sme,removed_weighted_person_hours_mean,"
         "removed_weighted_person_hours_ci_lo,removed_weighted_person_hours_ci_hi,removed_share,"
         "size_share,dependent_operators,below_every_threshold,reason",
         r->n_small},
        {"classes.csv",
         "rank,class,name,removed_weighted_person_hours_mean,removed_weighted_person_hours_ci_lo,"
         "removed_weighted_person_hours_ci_hi,removed_share,"
         "cumulative_removed_weighted_person_hours_mean,"
         "cumulative_removed_weighted_person_hours_ci_lo,"
         "cumulative_removed_weighted_person_hours_ci_hi",
         (int)r->n_classes},
        {"worst_case.csv",
         "point,operators_regulated,worst_weighted_person_hours_mean,"
         "worst_weighted_person_hours_ci_lo,worst_weighted_person_hours_ci_hi,attack,recommended,"
         "minimax",
         r->n_frontier},
    };
    CU_ASSERT_FATAL(r->n_comp > 0 && r->n_small > 0 && r->n_rec_ops > 0 && step_ops > 0);
    char path[1024];
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        snprintf(path, sizeof(path), "%s/%s", dir, t[i].file);
        char *h = first_line(path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_STRING_EQUAL(h, t[i].header);
        free(h);
        CU_ASSERT_EQUAL(count_lines(path), 1 + t[i].rows);
        unlink(path);
    }
    /* provenance.json: the measure, its unit, the column stem and every column's unit */
    snprintf(path, sizeof(path), "%s/provenance.json", dir);
    char *prov = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(prov);
    CU_ASSERT(strstr(prov, "\"measure_unit\": \"life-weighted person-hours\"") != NULL);
    CU_ASSERT(strstr(prov, "\"impact_column\": \"weighted_person_hours\"") != NULL);
    CU_ASSERT(strstr(prov, "\"seed\": 2385") != NULL);
    CU_ASSERT(strstr(prov, "{\"name\": \"threshold_banking_deposits_jpy\", \"unit\": \"JPY\"}") !=
              NULL);
    CU_ASSERT(strstr(prov, "{\"name\": \"threshold_power_capacity_mw\", \"unit\": \"MW\"}") !=
              NULL);
    CU_ASSERT(strstr(prov, "{\"name\": \"removed_weighted_person_hours_mean\", \"unit\": "
                           "\"life-weighted person-hours\"}") != NULL);
    free(prov);
    unlink(path);
    /* one table alone, its provenance beside it; the measure names the columns */
    kikan_scope_result_free(&r);
    o.measure = KIKAN_SCOPE_PEOPLE;
    r = scope(&f, &o);
    snprintf(path, sizeof(path), "%s/one.csv", dir);
    CU_ASSERT_EQUAL(kikan_scope_csv_write_table(f.ctx, path, "classes", f.w, r), KIKAN_OK);
    char *h = first_line(path);
    CU_ASSERT(h != NULL && strncmp(h, "rank,class,name,removed_person_hours_mean,", 42) == 0);
    free(h);
    unlink(path);
    snprintf(path, sizeof(path), "%s/one.provenance.json", dir);
    prov = kikan_test_slurp(path);
    CU_ASSERT(prov != NULL && strstr(prov, "\"one.csv\": {") != NULL &&
              strstr(prov, "\"impact_column\": \"person_hours\"") != NULL);
    free(prov);
    unlink(path);
    snprintf(path, sizeof(path), "%s/one.csv", dir);
    CU_ASSERT_EQUAL(kikan_scope_csv_write_table(f.ctx, path, "nonesuch", f.w, r), KIKAN_EINVAL);
    CU_ASSERT_NOT_EQUAL(access(path, F_OK), 0);
    /* a missing directory: refused, named */
    CU_ASSERT_EQUAL(kikan_scope_csv_write(f.ctx, "/nonexistent-kikan-dir", f.w, r), KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(f.ctx) > 0 &&
              strstr(kikan_diag_get(f.ctx, kikan_diag_count(f.ctx) - 1),
                     "/nonexistent-kikan-dir") != NULL);
    CU_ASSERT_EQUAL(kikan_scope_csv_write(NULL, dir, f.w, r), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(rmdir(dir), 0); /* nothing else was left */
    free(dir);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/* The size of dir/name in bytes (-1: none). */
static long file_size(const char *dir, const char *name)
{
    char p[700];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

/*
 * kikan_scope_csv_write replaces the tables of DIR as a set: with a file size limit that the
 * first table (frontier.csv) fits but a later one does not, the write fails and every table
 * and provenance.json is still the earlier run's (was: frontier.csv new, the rest old), with no
 * temporary file left; kikan_scope_csv_write_table's table and its provenance alike.
 */
static void test_csv_set_failure(void)
{
    static const char *const names[] = {"frontier.csv",
                                        "sweeps.csv",
                                        "recommended_operators.csv",
                                        "frontier_operators.csv",
                                        "small_but_critical.csv",
                                        "classes.csv",
                                        "provenance.json"};
    enum { N = sizeof(names) / sizeof(names[0]) };
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(2);
    kikan_scope_result_t *r = scope(&f, &o);
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    /* the sizes the tables have: the limit is the first one's, a later one must be larger */
    CU_ASSERT_FATAL(kikan_scope_csv_write(f.ctx, dir, f.w, r) == KIKAN_OK);
    const long first = file_size(dir, names[0]);
    long larger = 0;
    for (int i = 0; i < N; i++) {
        CU_ASSERT(file_size(dir, names[i]) > 0);
        larger += file_size(dir, names[i]) > first;
    }
    CU_ASSERT_FATAL(first > 0 && larger > 0);
    for (int i = 0; i < N; i++) {
        char p[700];
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        CU_ASSERT_FATAL(kikan_test_write(p, "earlier run\n"));
    }
    char one[700], one_prov[700];
    snprintf(one, sizeof(one), "%s/one.csv", dir);
    snprintf(one_prov, sizeof(one_prov), "%s/one.provenance.json", dir);
    CU_ASSERT_FATAL(kikan_test_write(one, "earlier one\n") &&
                    kikan_test_write(one_prov, "earlier one\n"));
    struct rlimit old_lim, lim;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = (rlim_t)first;
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    const kikan_error_t e1 = kikan_scope_csv_write(f.ctx, dir, f.w, r);
    /* frontier (which fits) into one.csv, its provenance (larger) over the limit */
    const kikan_error_t e2 = kikan_scope_csv_write_table(f.ctx, one, "frontier", f.w, r);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_sig);
    CU_ASSERT_EQUAL(e1, KIKAN_EIO);
    CU_ASSERT_EQUAL(e2, KIKAN_EIO);
    for (int i = 0; i < N; i++) {
        char p[700];
        snprintf(p, sizeof(p), "%s/%s", dir, names[i]);
        char *t = kikan_test_slurp(p);
        CU_ASSERT(t != NULL && strcmp(t, "earlier run\n") == 0);
        if (t == NULL || strcmp(t, "earlier run\n") != 0) {
            fprintf(stderr, "    %s was replaced\n", names[i]);
        }
        free(t);
    }
    char *t = kikan_test_slurp(one);
    CU_ASSERT(t != NULL && strcmp(t, "earlier one\n") == 0);
    free(t);
    CU_ASSERT(!dir_entries(dir, ".tmp."));
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
    free(dir);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * A write that fails (a file size limit of 16 bytes, SIGXFSZ ignored: write returns EFBIG, as
 * a full disk would fail it) leaves the old file as it was and no temporary file: the CSV
 * table and -o FILE.json alike.
 */
static void test_atomic_failure(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(2);
    kikan_scope_result_t *r = scope(&f, &o);
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char csv[600], json[600];
    snprintf(csv, sizeof(csv), "%s/frontier.csv", dir);
    snprintf(json, sizeof(json), "%s/scope.json", dir);
    CU_ASSERT_FATAL(kikan_test_write(csv, "old table\n") && kikan_test_write(json, "{}\n"));
    struct rlimit old_lim, lim;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = 16;
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    const kikan_error_t e1 = kikan_scope_csv_write_table(f.ctx, csv, NULL, f.w, r);
    const kikan_error_t e2 = kikan_scope_json_write_file(f.ctx, json, f.w, r);
    const kikan_error_t e3 = kikan_scope_csv_write(f.ctx, dir, f.w, r);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_sig);
    CU_ASSERT_EQUAL(e1, KIKAN_EIO);
    CU_ASSERT_EQUAL(e2, KIKAN_EIO);
    CU_ASSERT_EQUAL(e3, KIKAN_EIO);
    char *t = kikan_test_slurp(csv);
    CU_ASSERT(t != NULL && strcmp(t, "old table\n") == 0);
    free(t);
    t = kikan_test_slurp(json);
    CU_ASSERT(t != NULL && strcmp(t, "{}\n") == 0);
    free(t);
    CU_ASSERT(!dir_entries(dir, ".tmp."));
    CU_ASSERT(!dir_entries(dir, "provenance"));
    /* without the limit both are replaced */
    CU_ASSERT_EQUAL(kikan_scope_json_write_file(f.ctx, json, f.w, r), KIKAN_OK);
    t = kikan_test_slurp(json);
    CU_ASSERT(t != NULL && strncmp(t, "{\n  \"kikan_version\"", 19) == 0);
    free(t);
    CU_ASSERT_EQUAL(kikan_scope_csv_write_table(f.ctx, csv, NULL, f.w, r), KIKAN_OK);
    t = first_line(csv);
    CU_ASSERT(t != NULL && strncmp(t, "point,operators_regulated,", 26) == 0);
    free(t);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
    free(dir);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * The command line on the tiny scenario: --csv DIR beside --json, checked against the JSON by
 * tests/scope/check_csv.py (columns, units, row counts, values); -o FILE.csv is the frontier
 * table (never HDF5); -o FILE.json keeps the old file when the write fails; a missing --csv
 * DIR or -o directory is refused before the scenario is even read.
 */
static void test_csv_cli(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char args[3000], path[700];
#define TINY "'" KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml'"
#define FAST " --replicates 4 --stability 0 --bootstrap 10 --quiet"
    snprintf(args, sizeof(args), "'%s' scope " TINY FAST " --json --csv '%s' > '%s/scope.json'",
             KIKAN_CLI, dir, dir);
    CU_ASSERT_EQUAL(system(args), 0);
    snprintf(args, sizeof(args), "/usr/bin/python3 '%s/tests/scope/check_csv.py' '%s'",
             KIKAN_SOURCE_DIR, dir);
    CU_ASSERT_EQUAL(system(args), 0);
    /* -o FILE.csv: the frontier table and its provenance, the same bytes as --csv's */
    snprintf(path, sizeof(path), "%s/front.csv", dir);
    snprintf(args, sizeof(args), "scope " TINY FAST " -o '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, NULL, NULL), 0);
    char *a = kikan_test_slurp(path), *b = NULL;
    snprintf(path, sizeof(path), "%s/frontier.csv", dir);
    b = kikan_test_slurp(path);
    CU_ASSERT(a != NULL && b != NULL && strcmp(a, b) == 0 && strncmp(a, "point,", 6) == 0);
    free(a);
    free(b);
    snprintf(path, sizeof(path), "%s/front.provenance.json", dir);
    CU_ASSERT_EQUAL(access(path, F_OK), 0);
    /* -o FILE.json under a file size limit: exit 1, the old file intact, nothing left */
    snprintf(path, sizeof(path), "%s/old.json", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "old\n"));
    snprintf(args, sizeof(args),
             "trap '' XFSZ; (ulimit -f 1; exec '%s' scope " TINY FAST " -o '%s' >/dev/null "
             "2>&1)",
             KIKAN_CLI, path);
    const int st = system(args);
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 1);
    char *t = kikan_test_slurp(path);
    CU_ASSERT(t != NULL && strcmp(t, "old\n") == 0);
    free(t);
    CU_ASSERT(!dir_entries(dir, ".tmp."));
    /* output paths refused before anything runs (the scenario does not even exist) */
    static const struct {
        const char *args, *msg;
    } bad[] = {
        {"scope nonesuch.yaml --csv /nonexistent-kikan",
         "kikan scope: --csv /nonexistent-kikan: directory does not exist"},
        {"scope nonesuch.yaml -o /nonexistent-kikan/x.csv",
         "kikan scope: -o /nonexistent-kikan/x.csv: directory '/nonexistent-kikan' does not "
         "exist"},
        {"scope nonesuch.yaml -o /nonexistent-kikan/x.json", "-o /nonexistent-kikan/x.json"},
        {"scope nonesuch.yaml -o x.tsv", "unknown output format"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *errs = NULL;
        CU_ASSERT_EQUAL(kikan_test_cli(bad[i].args, NULL, &errs), 2);
        CU_ASSERT(errs != NULL && strstr(errs, bad[i].msg) != NULL);
        if (errs == NULL || strstr(errs, bad[i].msg) == NULL) {
            fprintf(stderr, "\n  %s\n  got: %s\n", bad[i].args, errs ? errs : "(null)");
        }
        free(errs);
    }
#undef TINY
#undef FAST
    snprintf(args, sizeof(args), "rm -rf '%s'", dir);
    CU_ASSERT(system(args) == 0);
    free(dir);
}

/* ---- the recommendation rule, intervals and stability, on hand-made frontiers ------------------
 */

/* The documented defaults: each changes the answer, so each is pinned here and below. */
static void test_defaults_pinned(void)
{
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    CU_ASSERT_EQUAL(o.target_share, 0.9);
    CU_ASSERT_EQUAL(o.margin_share, 0.001);
    CU_ASSERT_EQUAL(o.bootstrap, 200);
    CU_ASSERT_EQUAL(o.stability_seeds, 0);
    CU_ASSERT_EQUAL(o.replicates, 128);
    CU_ASSERT_EQUAL(o.max_thresholds, 12);
    CU_ASSERT_EQUAL(o.min_share, 0.01);
    CU_ASSERT_EQUAL(o.top_k, 5);
}

/* A hand-made frontier: point i's per-replicate removals rep[i * R + r]; one criterion, row i-1. */
typedef struct {
    kikan_scope_result_t r;
    double removed[8], rep[64], cost[8];
    kikan_id_t ops[8];
    int row[8];
} hand_t;

static void hand_init(hand_t *h, int nf, int64_t R, const double *rep)
{
    memset(h, 0, sizeof(*h));
    h->r.n_frontier = nf;
    h->r.n_replicates = R;
    h->r.n_criteria = 1;
    h->r.compromise_mean = 1000.0;
    for (int i = 0; i < nf; i++) {
        double acc = 0.0;
        for (int64_t k = 0; k < R; k++) {
            h->rep[i * R + k] = rep[i * R + k];
            acc += rep[i * R + k];
        }
        h->removed[i] = acc / (double)R;
        h->ops[i] = (kikan_id_t)(3 * i);
        h->cost[i] = 2.385 * i;
        h->row[i] = i - 1;
    }
    h->r.fr_removed = h->removed;
    h->r.fr_rep = h->rep;
    h->r.fr_ops = h->ops;
    h->r.fr_cost = h->cost;
    h->r.fr_row = h->row;
}

/*
 * No budget: the first point reaching target_share (0.9) of the maximum. Points
 * remove 0, 500, 880, 899, 900, 1000 (one replicate): 899 < 0.9 x 1000 <= 900,
 * so point 4; a target of 0.88 would give 2 and 0.95 point 5.
 */
static void test_recommend_target(void)
{
    static const double rep[] = {0, 500, 880, 899, 900, 1000};
    hand_t h;
    hand_init(&h, 6, 1, rep);
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    double tmp[1];
    int best = -1;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, &best), 4);
    CU_ASSERT_EQUAL(best, 5);
    o.target_share = 0.88;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, NULL), 2);
    o.target_share = 0.95;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, NULL), 5);
}

/*
 * With a budget: the smallest point not significantly worse than the best
 * within it. Four replicates, compromise 1000 so the margin is 0.001 x 1000 = 1.
 * Point 1 (3 operators) removes 10 + {0.5, 0.7, 0.6, 0.8}, point 2 (6 operators)
 * 10 + {1.25, 1.35, 1.3, 1.4}: shortfall of 1 from 2 = {0.75, 0.65, 0.7, 0.6},
 * mean 0.675, sd 0.06455, t(0.975, 3) = 3.1824, half-width 0.1027: the interval
 * [0.572, 0.778] lies below the margin 1, so point 1 is not significantly worse
 * and is recommended. Point 3 (9 operators) exceeds a budget of 8. With the
 * margin 0.0005 (0.5) the lower end 0.572 is above it: point 2. Shifting point 2
 * by +1.5 in one replicate only (shortfall {2.25, ...}: mean 1.05, sd 1.0017,
 * half-width 1.594, lower end < 0) keeps point 1 even with margin 0: the
 * interval includes 0.
 */
static void test_recommend_budget(void)
{
    double rep[] = {0, 0, 0, 0, 10.5, 10.7, 10.6, 10.8, 11.25, 11.35, 11.3, 11.4, 50, 50, 50, 50};
    hand_t h;
    hand_init(&h, 4, 4, rep);
    h.r.budget = 8;
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    double tmp[4];
    int best = -1;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, &best), 1);
    CU_ASSERT_EQUAL(best, 2);
    o.margin_share = 0.0005;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, NULL), 2);
    rep[8] += 1.5;
    hand_init(&h, 4, 4, rep);
    h.r.budget = 8;
    o.margin_share = 0.0;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, NULL), 1);
    /* a cost budget: 2.385 per point step; 5 affords points 0..2 */
    h.r.budget = 0;
    h.r.cost_budget = 5.0;
    CU_ASSERT_EQUAL(kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, &best), 1);
    CU_ASSERT_EQUAL(best, 2);
}

/*
 * Bootstrap stability, no budget, target 0.9, two replicates: point 1 removes
 * {95, 50}, point 2 {100, 100}. A resample of replicate 0 twice recommends
 * point 1 (95 >= 90); any resample containing replicate 1 recommends point 2
 * (72.5 or 50 < 90). The full sample recommends point 2, so the share of
 * resamples agreeing is P(not both 0) = 3/4. With 200 resamples the share's
 * sd is sqrt(0.75 x 0.25 / 200) = 0.031; the test allows 0.1 (3 sd), so a
 * different generator or seed still passes, a wrong rule (share 1/4 or 1) not.
 */
static void test_bootstrap_share(void)
{
    static const double rep[] = {0, 0, 95, 50, 100, 100};
    hand_t h;
    hand_init(&h, 3, 2, rep);
    h.r.seed = 2385;
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    double tmp[2];
    h.r.recommended = kikan_scope_recommend(&h.r, NULL, NULL, &o, tmp, NULL);
    CU_ASSERT_EQUAL_FATAL(h.r.recommended, 2);
    CU_ASSERT(kikan_scope_stability_bootstrap(&h.r, &o) == KIKAN_OK);
    CU_ASSERT_EQUAL(h.r.n_bootstrap, 200);
    CU_ASSERT(fabs(h.r.rec_boot[0] - 0.75) < 0.1);
    free(h.r.rec_boot);
    o.bootstrap = 0;
    h.r.rec_boot = NULL;
    CU_ASSERT(kikan_scope_stability_bootstrap(&h.r, &o) == KIKAN_OK);
    CU_ASSERT(isnan(h.r.rec_boot[0]));
    CU_ASSERT_EQUAL(h.r.n_bootstrap, 0);
    free(h.r.rec_boot);
    CU_ASSERT(kikan_scope_stability_bootstrap(NULL, &o) == KIKAN_EINVAL);
}

/*
 * The intervals of a real run: every frontier CI and step CI is the Student t
 * half-width t(0.975, R - 1) x sd / sqrt(R) of the stored per-replicate values
 * (a 90% or normal interval would differ by > 5%), and a step is marked
 * significant exactly when its gain exceeds its half-width.
 */
static void test_intervals_pinned(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(8);
    kikan_scope_result_t *r = scope(&f, &o);
    const int64_t R = r->n_replicates;
    const double t = gsl_cdf_tdist_Pinv(0.975, (double)(R - 1));
    CU_ASSERT(r->n_frontier >= 2);
    for (int i = 1; i < r->n_frontier; i++) {
        const double *x = r->fr_rep + (int64_t)i * R;
        const double mean = gsl_stats_mean(x, 1, (size_t)R);
        const double sd = gsl_stats_sd_m(x, 1, (size_t)R, mean);
        CU_ASSERT(fabs(r->fr_removed[i] - mean) <= 1e-12 * fabs(mean));
        CU_ASSERT(fabs(r->fr_ci[i] - t * sd / sqrt((double)R)) <= 1e-9 * (r->fr_ci[i] + 1e-300));
        double d[64];
        for (int64_t k = 0; k < R; k++) {
            d[k] = x[k] - r->fr_rep[(int64_t)(i - 1) * R + k];
        }
        const double dm = gsl_stats_mean(d, 1, (size_t)R);
        const double dsd = gsl_stats_sd_m(d, 1, (size_t)R, dm);
        CU_ASSERT(fabs(r->fr_step[i] - dm) <= 1e-9 * fabs(dm) + 1e-300);
        CU_ASSERT(fabs(r->fr_step_ci[i] - t * dsd / sqrt((double)R)) <=
                  1e-9 * r->fr_step_ci[i] + 1e-300);
        CU_ASSERT_EQUAL(r->fr_step_sig[i], r->fr_step[i] > r->fr_step_ci[i]);
    }
    CU_ASSERT_EQUAL(r->fr_step[0], 0.0);
    CU_ASSERT_EQUAL(r->fr_step_sig[0], 0);
    /* the stability shares are shares */
    for (int c = 0; c < r->n_criteria; c++) {
        CU_ASSERT(r->rec_boot[c] >= 0.0 && r->rec_boot[c] <= 1.0);
        CU_ASSERT(isnan(r->rec_seeds[c])); /* no seeds asked for */
    }
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * Names: the operators regulated at the recommendation are exactly those the
 * frontier point's thresholds catch, each frontier step adds fr_ops[i] -
 * fr_ops[i-1] operators, and the outputs name them. A budget of 2 with
 * thresholds 2e13 / 1e13 / 5e12 on banks and the power capacities: bank-0
 * (3e13) and P1 (5000) are the two largest.
 */
static void test_names(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(16);
    o.stability_seeds = 1;
    kikan_scope_result_t *r = scope(&f, &o);
    for (int i = 1; i < r->n_frontier; i++) {
        kikan_id_t adds = 0, upto = 0;
        for (kikan_id_t op = 0; op < r->n_operators; op++) {
            adds += r->op_point[op] == i;
            upto += r->op_point[op] >= 0 && r->op_point[op] <= i;
        }
        CU_ASSERT_EQUAL(adds, r->fr_ops[i] - r->fr_ops[i - 1]);
        CU_ASSERT_EQUAL(upto, r->fr_ops[i]);
    }
    CU_ASSERT_EQUAL(r->n_rec_ops, r->fr_ops[r->recommended]);
    for (kikan_id_t k = 0; k < r->n_rec_ops; k++) {
        const kikan_id_t op = r->rec_ops[k];
        CU_ASSERT(r->op_point[op] >= 0 && r->op_point[op] <= r->recommended);
        CU_ASSERT(k == 0 || op > r->rec_ops[k - 1]);
        const int c = r->op_crit[op];
        CU_ASSERT_FATAL(c >= 0);
        CU_ASSERT(kikan_world_metric(f.w, op, r->crit_metric[c]) >= r->rec_thr[c]);
    }
    CU_ASSERT_EQUAL(r->n_seeds, 1);
    for (int c = 0; c < r->n_criteria; c++) {
        CU_ASSERT(r->rec_seeds[c] == 0.0 || r->rec_seeds[c] == 1.0);
    }
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_scope_json_write(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(buf, "\"operators\": [") != NULL);
    CU_ASSERT(strstr(buf,
                     "{\"id\": \"P1\", \"name\": \"P1\", \"sector\": \"power\", \"metric\": "
                     "\"capacity_mw\", \"size\": 5000, \"sme\": false, \"burden\": 0}") != NULL);
    CU_ASSERT(strstr(buf, "\"adds\": [") != NULL);
    CU_ASSERT(strstr(buf, "\"step_ci\": ") != NULL);
    CU_ASSERT(strstr(buf, "\"stability\": {\"banking\": ") != NULL);
    CU_ASSERT(strstr(buf, "\"stability_seeds_run\": 1") != NULL);
    free(buf);
    mf = open_memstream(&buf, &n);
    CU_ASSERT(kikan_scope_print(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(buf, "Operators regulated at the recommendation") != NULL);
    CU_ASSERT(strstr(buf, "adds: ") != NULL);
    CU_ASSERT(strstr(buf, "stability: bootstrap") != NULL);
    free(buf);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * The rule in force, evaluated: banks with deposits >= 1e13 (bank-0 3e13,
 * bank-1 1.5e13) plus the clearing house named (an SME): 3 operators, 2 by
 * rule, 1 named, 1 SME. The frontier point of equal burden is the last with
 * at most 3 operators; the policy's operators plus those it swaps in minus
 * those it swaps out are that point's; the difference is the paired one.
 */
static void test_evaluate(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_rule_t rule = {BANKING, f.deposits, 1e13};
    kikan_id_t named = f.clearing;
    f.s.screening.rules = &rule;
    f.s.screening.n_rules = 1;
    f.s.screening.operators = &named;
    f.s.screening.n_operators = 1;
    f.s.scope.burden_fixed = 20.0;
    f.s.scope.burden_per_installation = 2.5;
    kikan_scope_options_t o = opts(16);
    o.evaluate = 1;
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT_EQUAL_FATAL(r->ev_done, 1);
    /* burden: every operator here owns one installation: 20 + 2.5 each; the SME is the clearing */
    CU_ASSERT_EQUAL(r->op_burden[f.clearing], 22.5);
    CU_ASSERT_EQUAL(r->op_burden[f.retail[0]], 22.5);
    CU_ASSERT_EQUAL(r->ev_burden, 3 * 22.5);
    CU_ASSERT_EQUAL(r->ev_burden_sme, 22.5);
    for (int i = 0; i < r->n_frontier; i++) {
        CU_ASSERT_EQUAL(r->fr_burden[i], 22.5 * (double)r->fr_ops[i]);
        CU_ASSERT(r->fr_burden_sme[i] >= 0 && r->fr_burden_sme[i] <= r->fr_burden[i]);
    }
    CU_ASSERT_EQUAL(r->ev_n_ops, 3);
    CU_ASSERT_EQUAL(r->ev_by_rule, 2);
    CU_ASSERT_EQUAL(r->ev_named, 1);
    CU_ASSERT_EQUAL(r->ev_smes, 1);
    CU_ASSERT_EQUAL(r->ev_ops[0], f.clearing < f.banks[0] ? f.clearing : f.banks[0]);
    CU_ASSERT(r->ev_removed > 0 && r->ev_share > 0 && r->ev_share <= 1.0 + 1e-12);
    CU_ASSERT(r->fr_ops[r->ev_point] <= 3);
    if (r->ev_point + 1 < r->n_frontier) {
        CU_ASSERT(r->fr_ops[r->ev_point + 1] > 3);
    }
    CU_ASSERT_EQUAL(r->ev_n_ops - r->ev_n_out + r->ev_n_in, r->fr_ops[r->ev_point]);
    CU_ASSERT(fabs(r->ev_diff - (r->fr_removed[r->ev_point] - r->ev_removed)) <=
              1e-9 * (fabs(r->ev_removed) + fabs(r->fr_removed[r->ev_point])));
    CU_ASSERT(r->ev_diff_ci >= 0);
    /* one compromise (the vendor implant): the worst it leaves is the harm it leaves */
    CU_ASSERT_EQUAL(r->n_comp, 1);
    CU_ASSERT_EQUAL(r->ev_worst_comp, 0);
    CU_ASSERT(fabs(r->ev_worst - (r->baseline_mean - r->ev_removed)) <= 1e-9 * r->baseline_mean);
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT(kikan_scope_print(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(buf, "3 operators (2 by rule, 1 named; 1 SMEs)") != NULL);
    CU_ASSERT(strstr(buf, "worst remaining compromise: ") != NULL);
    free(buf);
    /* a paired difference of -0.04 % (CI 1.2345 %) prints as 0.0 %, unsigned; -0.06 % as -0.1 % */
    r->ev_diff = -0.0004 * r->compromise_mean;
    r->ev_diff_ci = 0.012345 * r->compromise_mean;
    buf = scope_text(f.w, r);
    CU_ASSERT(buf != NULL && strstr(buf, "(paired difference 0.0% +/- 1.2%)") != NULL);
    free(buf);
    r->ev_diff = -0.0006 * r->compromise_mean;
    buf = scope_text(f.w, r);
    CU_ASSERT(buf != NULL && strstr(buf, "(paired difference -0.1% +/- 1.2%)") != NULL);
    free(buf);
    kikan_scope_result_free(&r);
    /* a burden budget of 50 screening-days affords two operators */
    o.evaluate = 0;
    o.budget_burden = 1;
    o.cost_budget = 50.0;
    r = scope(&f, &o);
    CU_ASSERT_EQUAL(r->cost_is_burden, 1);
    CU_ASSERT(r->fr_cost[r->best] <= 50.0 && r->fr_ops[r->best] <= 2);
    for (int i = 0; i < r->n_frontier; i++) {
        CU_ASSERT_EQUAL(r->fr_cost[i], r->fr_burden[i]);
    }
    kikan_scope_result_free(&r);
    o.budget_burden = 0;
    o.cost_budget = 0;
    o.evaluate = 1;
    /* nothing to evaluate without a screening block */
    f.s.screening.enabled = 0;
    kikan_scope_result_t *bad = NULL;
    CU_ASSERT_EQUAL(kikan_scope_run(f.ctx, f.m, &f.s, &o, &bad), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(bad);
    clr_free(&f);
}

/*
 * Sensitivity on the clearing world: 1 + 2 x (6 + 1) + 2 x 7 = 29 runs; screening
 * more effectively removes more (effectiveness 1 removes at least what 0.6
 * does, on common random numbers); Morris mu* >= |mu|; and the world's asset
 * and sector parameters are restored bit for bit.
 */
static void test_sensitivity(void)
{
    clr_t f;
    clr_init(&f, 1);
    const kikan_id_t na = f.w->n_assets;
    double *before = calloc((size_t)na * 4 + 8, sizeof(double));
    CU_ASSERT_FATAL(before != NULL);
    for (kikan_id_t a = 0; a < na; a++) {
        before[4 * a] = f.w->assets[a].backup_hours;
        before[4 * a + 1] = f.w->assets[a].restart_hours;
        before[4 * a + 2] = f.w->assets[a].repair.a;
        before[4 * a + 3] = f.w->assets[a].repair.b;
    }
    const double lw = f.w->sectors[POWER].life_weight;
    kikan_scope_options_t o = opts(8);
    kikan_scope_sens_t *x = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_scope_sensitivity(f.ctx, f.w, &f.s, &o, 2, &x), KIKAN_OK);
    CU_ASSERT_EQUAL(x->runs, 29); /* 1 + 2 x (6 + 1 what-if) + 2 x 7 */
    CU_ASSERT_EQUAL(x->n_inputs, KIKAN_SCOPE_SENS_INPUTS + 1);
    /* the one what-if left out: nothing to remove */
    CU_ASSERT_STRING_EQUAL(x->in[KIKAN_SCOPE_SENS_INPUTS].name, "whatif_weight:vendor");
    CU_ASSERT_EQUAL(x->in[KIKAN_SCOPE_SENS_INPUTS].share_lo, 0.0);
    CU_ASSERT_STRING_EQUAL(x->in[0].name, "screening_effectiveness");
    CU_ASSERT_EQUAL(x->in[0].lo, 0.6);
    CU_ASSERT_EQUAL(x->in[0].hi, 1.0);
    CU_ASSERT_EQUAL(x->in[0].base, 0.9);
    CU_ASSERT(x->in[0].share_hi >= x->in[0].share_lo);
    CU_ASSERT(x->most >= 0 && x->most < x->n_inputs);
    for (int i = 0; i < KIKAN_SCOPE_SENS_INPUTS; i++) {
        CU_ASSERT(x->in[i].mu_star >= fabs(x->in[i].mu) - 1e-12);
        CU_ASSERT(x->in[i].sigma >= 0);
    }
    for (kikan_id_t a = 0; a < na; a++) {
        CU_ASSERT_EQUAL(before[4 * a], f.w->assets[a].backup_hours);
        CU_ASSERT_EQUAL(before[4 * a + 1], f.w->assets[a].restart_hours);
        CU_ASSERT_EQUAL(before[4 * a + 2], f.w->assets[a].repair.a);
        CU_ASSERT_EQUAL(before[4 * a + 3], f.w->assets[a].repair.b);
    }
    CU_ASSERT_EQUAL(f.w->sectors[POWER].life_weight, lw);
    CU_ASSERT_EQUAL(f.ev.probability, 0.625); /* the scenario's events are not touched */
    /* JSON and terminal: each input's unit, and the intervals of the shares */
    kikan_scope_result_t *r = scope(&f, &o);
    r->sens = x;
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_scope_json_write(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(buf, "\"share_base_ci_half\": ") != NULL);
    const char *se = strstr(buf, "{\"input\": \"screening_effectiveness\", \"range\": [");
    CU_ASSERT(se != NULL && strstr(se, "], \"unit\": \"") != NULL &&
              strstr(se, "], \"unit\": \"") < strstr(se, "\"range_text\""));
    CU_ASSERT(strstr(buf, "\"impact_removed_share_low_ci_half\": ") != NULL);
    CU_ASSERT(strstr(buf, "\"impact_removed_share_high_ci_half\": ") != NULL);
    free(buf);
    mf = open_memstream(&buf, &n);
    CU_ASSERT(kikan_scope_print(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    char want[128];
    snprintf(want, sizeof(want), "  %-40s %5.3g..%-6.3g %-12s ", "screening_effectiveness", 0.6,
             1.0, x->in[0].unit);
    CU_ASSERT(strstr(buf, want) != NULL);
    /* a Morris figure not computed (the what-if weight: no trajectory; NaN) reads '-', never
       "nan", as the report's table writes it */
    CU_ASSERT(isnan(x->in[KIKAN_SCOPE_SENS_INPUTS].mu_star));
    const char *wl = strstr(buf, "  whatif_weight:vendor ");
    const char *wend = wl != NULL ? strchr(wl, '\n') : NULL;
    CU_ASSERT_FATAL(wl != NULL && wend != NULL);
    char row[512];
    snprintf(row, sizeof(row), "%.*s", (int)(wend - wl), wl);
    CU_ASSERT(strstr(row, "nan") == NULL);
    CU_ASSERT(strstr(row, "       -        -  ") != NULL);
    free(buf);
    /* CSV: one row per input, the thresholds at each end per criterion */
    char *dir = kikan_test_tmpdir(), path[1024];
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(path, sizeof(path), "%s/sens.csv", dir);
    CU_ASSERT_EQUAL(kikan_scope_csv_write_table(f.ctx, path, "sensitivity", f.w, r), KIKAN_OK);
    char *h = first_line(path);
    const char *want_h =
        "input,unit,low,high,base,range,removed_share_low,removed_share_low_ci_lo,"
        "removed_share_low_ci_hi,removed_share_high,removed_share_high_ci_lo,"
        "removed_share_high_ci_hi,thresholds_changed,morris_mu,morris_mu_star,morris_sigma,"
        "most_influential,threshold_low_banking_deposits_jpy,";
    CU_ASSERT(h != NULL && strncmp(h, want_h, strlen(want_h)) == 0);
    free(h);
    CU_ASSERT_EQUAL(count_lines(path), 1 + x->n_inputs);
    unlink(path);
    snprintf(path, sizeof(path), "%s/sens.provenance.json", dir);
    unlink(path);
    CU_ASSERT_EQUAL(rmdir(dir), 0);
    free(dir);
    kikan_scope_result_free(&r); /* frees x */
    x = NULL;
    kikan_scope_sens_free(&x);
    CU_ASSERT_EQUAL(kikan_scope_sensitivity(f.ctx, f.w, &f.s, &o, -1, &x), KIKAN_EINVAL);
    free(before);
    clr_free(&f);
}

/* ---- an operator in two sectors; exact removals with effectiveness 1 --------------------------
 */

/*
 * X operates in power and telecom (size 2.385 in both criteria), Y only in
 * telecom (size 3.75). X's substation (1000 households, repair 2.385 h) and
 * Y's exchange (500 subscribers, repair 4.125 h) carry vendor V's class "ctl"
 * and are both hit at t = 1 (probability 1). With effectiveness 1:
 *   X alone removes 1000 x 2.385 x 3 (power life weight 3);
 *   Y alone removes 500 x 4.125 x 2 (telecom life weight 2) = 4125.
 * The telecom criterion at 2.385 regulates X and Y (2 operators); the power
 * criterion at 2.385 regulates X; together they are 2 operators, not 3.
 */
static void test_two_sectors(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t size, v, ctl, x, y;
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "size", &size) == KIKAN_OK);
    const kikan_id_t both[2] = {POWER, TELECOM};
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "X", "X", both, 2, 0, &x) == KIKAN_OK);
    y = add_op(w, "Y", TELECOM, 1);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, x, size, 2.385) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, y, size, 3.75) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_vendor(w, "V", NULL, NULL, 0, &v) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(w, "ctl", NULL, KIKAN_NONE, 1, &ctl) == KIKAN_OK);
    const kikan_id_t ax = add_asset(w, "x-sub", x, POWER, "substation", 1000, 2.385);
    const kikan_id_t ay = add_asset(w, "y-ex", y, TELECOM, "exchange", 500, 4.125);
    CU_ASSERT_FATAL(kikan_world_add_installation(w, ax, ctl, v, KIKAN_NONE, NULL) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_installation(w, ay, ctl, v, KIKAN_NONE, NULL) == KIKAN_OK);
    for (kikan_id_t s = RAIL; s <= BANKING; s++) {
        char id[32];
        snprintf(id, sizeof(id), "idle-%d", (int)s);
        add_asset(w, id, add_op(w, id, s, 0), s, "site", 0, 1);
    }
    CU_ASSERT_FATAL(kikan_world_finalize(w) == KIKAN_OK);
    kikan_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.target = KIKAN_TARGET_VENDOR;
    ev.vendor = v;
    ev.contractor = ev.kind = ev.region = ev.sector = KIKAN_NONE;
    ev.probability = 1.0;
    ev.at_hours = 1.0;
    kikan_whatif_t wi;
    kikan_scenario_t s;
    base_scenario(&s, &ev, &wi);
    kikan_criterion_t crit[2] = {{POWER, size, NULL, 0}, {TELECOM, size, NULL, 0}};
    s.scope.criteria = crit;
    s.scope.n_criteria = 2;
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, &s, &m) == KIKAN_OK);
    kikan_scope_options_t o = opts(5);
    o.effectiveness = 1.0;
    o.min_share = 0.0;
    kikan_scope_result_t *r = NULL;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    /* life weights x people per customer: power 3 x 2.2, telecom 2 x 0.49 */
    const double rx = 1000 * 2.385 * 3 * 2.2, ry = 500 * 4.125 * 2 * 0.49;
    CU_ASSERT(fabs(r->baseline_mean - (rx + ry)) < 1e-9 * (rx + ry));
    CU_ASSERT_EQUAL(r->baseline_ci, 0.0); /* deterministic: every replicate alike */
    /* power rows: 2.385 -> X; telecom rows: 3.75 -> Y, 2.385 -> X and Y */
    CU_ASSERT_EQUAL(r->crit_off[1] - r->crit_off[0], 1);
    CU_ASSERT_EQUAL(r->thr_ops[0], 1);
    CU_ASSERT(fabs(r->thr_removed[0] - rx) < 1e-9 * rx);
    CU_ASSERT_EQUAL(r->thr_ops[1], 1);
    CU_ASSERT(fabs(r->thr_removed[1] - ry) < 1e-9 * ry);
    CU_ASSERT_EQUAL(r->thr_ops[2], 2);
    check_frontier_monotone(r);
    /* frontier: X first (7155 per operator beats 4125), then Y; X counted once */
    CU_ASSERT_EQUAL(r->n_frontier, 3);
    CU_ASSERT_EQUAL(r->fr_ops[1], 1);
    CU_ASSERT(fabs(r->fr_removed[1] - rx) < 1e-9 * rx);
    CU_ASSERT_EQUAL(r->fr_ops[2], 2);
    CU_ASSERT_EQUAL(r->fr_smes[2], 1);
    CU_ASSERT(fabs(r->fr_removed[2] - (rx + ry)) < 1e-9 * (rx + ry));
    CU_ASSERT(fabs(r->fr_share[2] - 1.0) < 1e-12);
    /* no budget: the first point with >= 90% of the maximum is the last */
    CU_ASSERT_EQUAL(r->recommended, 2);
    CU_ASSERT_EQUAL(r->n_candidates, 0); /* everyone is regulated */
    kikan_scope_result_free(&r);

    /*
     * Effectiveness 0.9 on 400 replicates: screening X removes rx x Bernoulli(0.9) per
     * replicate: mean 0.9 rx, sd 0.3 rx, standard error 0.015 rx; accepted within 5 standard
     * errors. The CI half-width is t(0.975, 399) x sd / 20 = 0.0295 rx; accepted in
     * [0.02, 0.04] rx (the sample sd of 400 Bernoulli draws is within ~15% of 0.3).
     */
    kikan_scope_options_t o9 = opts(400);
    o9.effectiveness = 0.9;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o9, &r) == KIKAN_OK);
    CU_ASSERT(fabs(r->thr_removed[0] - 0.9 * rx) < 5 * 0.015 * rx);
    CU_ASSERT(r->thr_ci[0] > 0.02 * rx && r->thr_ci[0] < 0.04 * rx);
    CU_ASSERT(fabs(r->thr_share[0] - r->thr_removed[0] / (rx + ry)) < 1e-12);
    kikan_scope_result_free(&r);

    /* a cost budget: cost metric = size; budget 3 affords X (2.385) but not X + Y */
    s.scope.cost_metric = size;
    s.scope.cost_budget = 3.0;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    CU_ASSERT_EQUAL(r->cost_metric, size);
    CU_ASSERT_EQUAL(r->fr_cost[r->recommended], 2.385);
    CU_ASSERT_EQUAL(r->fr_ops[r->recommended], 1);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);

    /*
     * A second what-if: a forcing outage of Y's exchange at t = 30 (repair 4.125 h, never
     * screened) adds 500 x 4.125 x 2 = 4125 to every replicate. The impact sums over what-ifs;
     * perfect screening leaves exactly the forcing's impact, and the compromise-caused impact
     * (the denominator of every share) stays rx + ry.
     */
    kikan_event_t fe;
    memset(&fe, 0, sizeof(fe));
    fe.target = KIKAN_TARGET_ASSETS;
    fe.assets = (kikan_id_t[]){ay};
    fe.n_assets = 1;
    fe.vendor = fe.contractor = fe.kind = fe.region = fe.sector = KIKAN_NONE;
    fe.probability = 1.0;
    fe.at_hours = 30.0;
    fe.forcing = 1;
    kikan_whatif_t wis[2] = {wi, {"outage", NULL, &fe, 1}};
    s.whatifs = wis;
    s.n_whatifs = 2;
    s.scope.cost_metric = KIKAN_NONE;
    s.scope.cost_budget = 0;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, &s, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    CU_ASSERT_EQUAL(r->n_whatifs, 2);
    CU_ASSERT(fabs(r->baseline_mean - (rx + ry + ry)) < 1e-9 * (rx + 2 * ry));
    CU_ASSERT(fabs(r->perfect_impact_mean - ry) < 1e-9 * ry);
    CU_ASSERT(fabs(r->compromise_mean - (rx + ry)) < 1e-9 * (rx + ry));
    CU_ASSERT(fabs(r->fr_share[r->n_frontier - 1] - 1.0) < 1e-9);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* Derived thresholds: at most max_thresholds, descending, each an operator's own value. */
static void test_derived_thresholds(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t size;
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "customers", &size) == KIKAN_OK);
    double vals[40];
    for (int i = 0; i < 40; i++) {
        char id[32];
        snprintf(id, sizeof(id), "op-%d", i);
        const kikan_id_t op = add_op(w, id, RAIL, i < 30);
        vals[i] = 2.385 * pow(1.5, i);
        CU_ASSERT_FATAL(kikan_world_set_metric(w, op, size, vals[i]) == KIKAN_OK);
        add_asset(w, id, op, RAIL, "line", 10, 1);
    }
    for (kikan_id_t s = 0; s < NS; s++) {
        if (s != RAIL) {
            char id[32];
            snprintf(id, sizeof(id), "idle-%d", (int)s);
            add_asset(w, id, add_op(w, id, s, 0), s, "site", 0, 1);
        }
    }
    CU_ASSERT_FATAL(kikan_world_finalize(w) == KIKAN_OK);
    kikan_event_t ev;
    memset(&ev, 0, sizeof(ev));
    ev.target = KIKAN_TARGET_SECTOR;
    ev.sector = RAIL;
    ev.vendor = ev.contractor = ev.kind = ev.region = KIKAN_NONE;
    ev.probability = 0.5;
    ev.at_hours = 1.0;
    kikan_whatif_t wi;
    kikan_scenario_t s;
    base_scenario(&s, &ev, &wi);
    kikan_criterion_t crit = {RAIL, size, NULL, 0};
    s.scope.criteria = &crit;
    s.scope.n_criteria = 1;
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, &s, &m) == KIKAN_OK);
    kikan_scope_options_t o = opts(8);
    kikan_scope_result_t *r = NULL;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    CU_ASSERT(r->n_rows >= 6 && r->n_rows <= 12);
    CU_ASSERT_EQUAL(r->thr[0], vals[39]); /* the largest: regulates one operator */
    CU_ASSERT_EQUAL(r->thr_ops[0], 1);
    CU_ASSERT_EQUAL(r->thr[r->n_rows - 1], vals[0]); /* the smallest: everyone */
    CU_ASSERT_EQUAL(r->thr_ops[r->n_rows - 1], 40);
    CU_ASSERT_EQUAL(r->thr_smes[r->n_rows - 1], 30);
    for (int i = 0; i < r->n_rows; i++) {
        int own = 0;
        for (int k = 0; k < 40; k++) {
            own |= r->thr[i] == vals[k];
        }
        CU_ASSERT(own);
        if (i > 0) {
            CU_ASSERT(r->thr[i] < r->thr[i - 1]);
            CU_ASSERT(r->thr_ops[i] > r->thr_ops[i - 1]);
        }
    }
    /* whole-asset implants are screened when every class is: removal grows with the operators */
    CU_ASSERT(r->thr_removed[r->n_rows - 1] > 0);
    check_frontier_monotone(r);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

static void test_errors(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(4);
    kikan_scope_result_t *r = NULL;
    CU_ASSERT(kikan_scope_run(NULL, f.m, &f.s, &o, &r) == KIKAN_EINVAL);
    CU_ASSERT(kikan_scope_run(f.ctx, NULL, &f.s, &o, &r) == KIKAN_EINVAL);
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, NULL, &o, &r) == KIKAN_EINVAL);
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, NULL) == KIKAN_EINVAL);
    o.replicates = 0;
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINVAL);
    o.replicates = 4;
    o.measure = (kikan_scope_measure_t)7;
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINVAL);
    o.measure = KIKAN_SCOPE_CUSTOMER_HOURS;
    o.effectiveness = 1.5;
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(f.ctx) == 1);
    kikan_diag_clear(f.ctx);
    o.effectiveness = -1;
    f.crit[0].sector = 17;
    f.crit[1].metric = 9;
    f.bank_thr[1] = NAN;
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(f.ctx), 3);
    CU_ASSERT(strstr(kikan_diag_get(f.ctx, 0), "criteria[0]: sector 17") != NULL);
    kikan_diag_clear(f.ctx);
    f.crit[0].sector = BANKING;
    f.crit[1].metric = f.capacity;
    f.bank_thr[1] = 2e13;
    o.cost_budget = 10; /* no cost metric */
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINPUT);
    kikan_diag_clear(f.ctx);
    o.cost_budget = 0;
    CU_ASSERT(r == NULL);
    /* customer-hours measure: everything still consistent */
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_OK);
    CU_ASSERT(r->measure == KIKAN_SCOPE_CUSTOMER_HOURS && r->baseline_mean > 0);
    kikan_scope_result_free(&r);
    kikan_scope_options_default(NULL);
    kikan_scope_result_free(NULL);
    /* interrupted before the first batch */
    kikan_ctx_request_stop(f.ctx);
    CU_ASSERT(kikan_scope_run(f.ctx, f.m, &f.s, &o, &r) == KIKAN_EINTERRUPTED);
    CU_ASSERT(r == NULL);
    clr_free(&f);
}

/* The command's usage errors (the scenario loader is another module's: not needed here). */
static void test_cli(void)
{
    char *out = NULL, *errs = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli("scope --help", &out, NULL), 0);
    CU_ASSERT(out != NULL && strstr(out, "usage: kikan scope SCENARIO") != NULL);
    /* --csv DIR's tables as the help lists them: sensitivity.csv with --sensitivity too */
    CU_ASSERT(out != NULL &&
              strstr(out, "small_but_critical, classes, worst_case,\n"
                          "                   sensitivity (with --sensitivity)") != NULL);
    free(out);
    static const struct {
        const char *args, *msg;
    } bad[] = {{"scope", "missing SCENARIO"},
               {"scope a.yaml b.yaml", "one scenario expected"},
               {"scope a.yaml --frobnicate", "unknown option '--frobnicate'"},
               {"scope a.yaml --budget 0", "--budget"},
               {"scope a.yaml --budget 2.5", "--budget"},
               {"scope a.yaml --replicates", "needs a value"},
               {"scope a.yaml --replicates -4", "--replicates"},
               {"scope a.yaml --threads 0", "--threads"},
               {"scope a.yaml --seed x", "--seed"},
               {"scope a.yaml --measure joules", "--measure"},
               {"scope a.yaml --stability -1", "--stability"},
               {"scope a.yaml --bootstrap x", "--bootstrap"},
               {"scope a.yaml --budget-cost -3", "--budget-cost"},
               {"scope a.yaml --trajectories -1", "--trajectories"},
               {"scope a.yaml -o /nonexistent/dir/out.h5", "does not exist"}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CU_ASSERT_EQUAL(kikan_test_cli(bad[i].args, NULL, &errs), 2);
        CU_ASSERT(errs != NULL && strstr(errs, bad[i].msg) != NULL);
        free(errs);
        errs = NULL;
    }
    /* a scenario that does not exist: bad input, exit 2, never a crash */
    CU_ASSERT_EQUAL(kikan_test_cli("scope /nonexistent/scenario.yaml --quiet", NULL, NULL), 2);
}

/* ---- the threat portfolio (scenarios/scenario.c) ---------------------------------------- */

/* A tiny scenario with the hand-written vendor-c implant and the two portfolios (contractor
   weights overridden for remote access); `extra` replaces the contractors' entry. */
static char *portfolio_yaml(const char *dir, const char *extra)
{
    char *path = malloc(strlen(dir) + 32), *text = malloc(4096);
    CU_ASSERT_FATAL(path != NULL && text != NULL);
    sprintf(path, "%s/portfolio.yaml", dir);
    snprintf(text, 4096,
             "kikan: 1\n"
             "name: portfolio-test\n"
             "network:\n"
             "  tables: %s/scenarios/library/tiny\n"
             "time: {horizon_hours: 48, step_hours: 1}\n"
             "ensemble: {replicates: 4, seed: 7}\n"
             "whatifs:\n"
             "  - name: vendor-c-implant\n"
             "    events:\n"
             "      - vendor: VND_C\n"
             "        classes: [scada, switching]\n"
             "        probability: 0.8\n"
             "  - portfolio: vendors\n"
             "    probability: 0.5\n"
             "    at_hours: 1\n"
             "%s",
             KIKAN_SOURCE_DIR,
             extra ? extra
                   : "  - portfolio: contractors\n"
                     "    name: mnt\n"
                     "    probability: 0.25\n"
                     "    weights: {1: 3}\n");
    CU_ASSERT_FATAL(kikan_test_write(path, text));
    free(text);
    return path;
}

/* The diagnostics of loading `path` (KIKAN_EINPUT expected), one a line. */
static char *load_errors(const char *path)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_EINPUT);
    size_t len = 1;
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        len += strlen(kikan_diag_get(ctx, i)) + 1;
    }
    char *out = calloc(len, 1);
    CU_ASSERT_FATAL(out != NULL);
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        strcat(out, kikan_diag_get(ctx, i));
        strcat(out, "\n");
    }
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return out;
}

/*
 * tiny's installations of critical classes (equipment_classes.csv critical = 1) by vendor:
 * VND_A (risk class 0) scada, ctc, core_banking, remittance; VND_B (1) ems, scada; VND_C (2)
 * scada, switching, nfv_orch; VND_D (1) cable_monitor, core_banking; VND_E (0) switching,
 * nfv_orch: 13 (vendor, class) compromises. Contractors MNT_1 (remote), MNT_2, MNT_3 (remote)
 * all maintain installations: 3. With the hand-written one, 1 + 13 + 3 = 17 what-ifs.
 */
static void test_portfolio_expansion(void)
{
    /* the stated table, pinned */
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_VENDORS, 0), 0.5);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_VENDORS, 1), 1.0);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_VENDORS, 2), 2.0);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_VENDORS, 3), 4.0);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_VENDORS, 9), 4.0);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_CONTRACTORS, 0), 1.0);
    CU_ASSERT_EQUAL(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_CONTRACTORS, 1), 2.0);
    CU_ASSERT(isnan(kikan_portfolio_default_weight(KIKAN_PORTFOLIO_NONE, 0)));

    char *dir = kikan_test_tmpdir();
    CU_ASSERT_FATAL(dir != NULL);
    char *path = portfolio_yaml(dir, NULL);
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    kikan_error_t e = kikan_scenario_load(ctx, path, &s, &w);
    if (e != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
    }
    CU_ASSERT_EQUAL_FATAL(e, KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(s->n_whatifs, 17);
    CU_ASSERT_FATAL(s->whatif_portfolio != NULL && s->whatif_weight != NULL);
    static const struct {
        const char *name;
        double weight;
    } want[17] = {{"vendor-c-implant", 1.0},
                  {"vendor:VND_A/scada", 0.5},
                  {"vendor:VND_A/ctc", 0.5},
                  {"vendor:VND_A/core_banking", 0.5},
                  {"vendor:VND_A/remittance", 0.5},
                  {"vendor:VND_B/ems", 1.0},
                  {"vendor:VND_B/scada", 1.0},
                  {"vendor:VND_C/scada", 2.0},
                  {"vendor:VND_C/switching", 2.0},
                  {"vendor:VND_C/nfv_orch", 2.0},
                  {"vendor:VND_D/cable_monitor", 1.0},
                  {"vendor:VND_D/core_banking", 1.0},
                  {"vendor:VND_E/switching", 0.5},
                  {"vendor:VND_E/nfv_orch", 0.5},
                  {"mnt:MNT_1", 3.0},
                  {"mnt:MNT_2", 1.0},
                  {"mnt:MNT_3", 3.0}};
    for (int i = 0; i < 17; i++) {
        CU_ASSERT_STRING_EQUAL(s->whatifs[i].name, want[i].name);
        CU_ASSERT_EQUAL(kikan_scenario_whatif_weight(s, i), want[i].weight);
        CU_ASSERT_EQUAL(s->whatif_portfolio[i], i == 0   ? KIKAN_PORTFOLIO_NONE
                                                : i < 14 ? KIKAN_PORTFOLIO_VENDORS
                                                         : KIKAN_PORTFOLIO_CONTRACTORS);
    }
    const kikan_event_t *ev = &s->whatifs[8].events[0];
    CU_ASSERT_EQUAL(s->whatifs[8].n_events, 1);
    CU_ASSERT_EQUAL(ev->target, KIKAN_TARGET_VENDOR);
    CU_ASSERT_EQUAL(ev->vendor, kikan_world_find_vendor(w, "VND_C"));
    CU_ASSERT_EQUAL_FATAL(ev->n_classes, 1);
    CU_ASSERT_EQUAL(ev->classes[0], kikan_world_find_class(w, "switching"));
    CU_ASSERT_EQUAL(ev->probability, 0.5);
    CU_ASSERT_EQUAL(ev->at_hours, 1.0);
    ev = &s->whatifs[16].events[0];
    CU_ASSERT_EQUAL(ev->target, KIKAN_TARGET_CONTRACTOR);
    CU_ASSERT_EQUAL(ev->contractor, kikan_world_find_contractor(w, "MNT_3"));
    CU_ASSERT_EQUAL(ev->probability, 0.25);
    CU_ASSERT_EQUAL(ev->at_hours, 0.0);

    /* the scope weighs the harm with them: the scenario's weights = the same weights given
       explicitly; all ones differ */
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, s, &m) == KIKAN_OK);
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    o.replicates = 3;
    o.bootstrap = 0;
    o.recommend_only = 1;
    kikan_scope_result_t *r0 = NULL, *r1 = NULL, *r2 = NULL;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, s, &o, &r0) == KIKAN_OK);
    double wt[17], ones[17];
    for (int i = 0; i < 17; i++) {
        wt[i] = want[i].weight;
        ones[i] = 1.0;
    }
    o.whatif_weight = wt;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, s, &o, &r1) == KIKAN_OK);
    o.whatif_weight = ones;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, s, &o, &r2) == KIKAN_OK);
    CU_ASSERT(r0->baseline_mean > 0);
    CU_ASSERT_EQUAL(r0->baseline_mean, r1->baseline_mean);
    CU_ASSERT_EQUAL(r0->compromise_mean, r1->compromise_mean);
    CU_ASSERT(r0->baseline_mean != r2->baseline_mean);
    kikan_scope_result_free(&r0);
    kikan_scope_result_free(&r1);
    kikan_scope_result_free(&r2);
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    free(path);

    /* bad entries: file, line and field */
    path = portfolio_yaml(dir, "  - portfolio: vendor\n");
    char *errs = load_errors(path);
    CU_ASSERT(strstr(errs, "portfolio.yaml:16:") != NULL);
    CU_ASSERT(strstr(errs, "whatifs[2].portfolio") != NULL);
    CU_ASSERT(strstr(errs, "unknown portfolio 'vendor'") != NULL);
    free(errs);
    free(path);
    path = portfolio_yaml(dir, "  - portfolio: contractors\n    weights: {2: 1, 0: -1}\n"
                               "    probabilty: 0.3\n");
    errs = load_errors(path);
    CU_ASSERT(strstr(errs, "whatifs[2].weights.2") != NULL);
    CU_ASSERT(strstr(errs, "whatifs[2].weights.0") != NULL);
    CU_ASSERT(strstr(errs, "probability") != NULL); /* did you mean */
    free(errs);
    free(path);
    free(dir);
}

/* ---- the worst case ------------------------------------------------------------------------ */

/*
 * The minimax and expected-value answers differ. Operator B (power, size 10) has two
 * substations b1, b2 (500 households each, repair 4 h); S (telecom, size 1, an SME) one
 * exchange s (800 subscribers, repair 4 h). Vendors V1, V2, V3 supply class "ctl" to b1, b2
 * and s; the portfolio is the three (vendor, ctl) compromises, each with probability 1 at
 * t = 1 h, weight 1; effectiveness 1, no dependencies: every replicate alike. Harm in
 * customer-hours, customers x 4 h: V1 2000, V2 2000, V3 3200.
 *   Expected: regulating B removes 4000, S 3200: frontier 0 {} (0), 1 {B} (4000),
 *   2 {B, S} (7200). Budget 1: the best within it is point 1 and point 0 falls short by 4000
 *   with a zero-width interval: the expected-value recommendation is point 1 (B).
 *   Worst single compromise: point 0 max(2000, 2000, 3200) = 3200 (V3); point 1: b1, b2
 *   screened, 3200 (V3) still; point 2: 0. Within budget 1 the least is 3200, and the
 *   smallest point within 1.10 x 3200 is point 0: the minimax recommendation regulates
 *   nobody, and the two differ on B (regulated by the expected-value one only).
 *   Closing the worst hole at point 1: the unregulated owner of V3's units, S; with it the
 *   worst left is 0.
 *   Attacker budget 2: point 0, V3 then V1 (the lower index of the tie): 3200 + 2000 = 5200;
 *   point 1: V3 + V1 (0) = 3200.
 */
static void test_worst_case(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t size, v[3], ctl, b, sm;
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "size", &size) == KIKAN_OK);
    b = add_op(w, "B", POWER, 0);
    sm = add_op(w, "S", TELECOM, 1);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, b, size, 10) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, sm, size, 1) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_class(w, "ctl", NULL, KIKAN_NONE, 1, &ctl) == KIKAN_OK);
    const char *vid[3] = {"V1", "V2", "V3"};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_FATAL(kikan_world_add_vendor(w, vid[i], vid[i], NULL, 2, &v[i]) == KIKAN_OK);
    }
    const kikan_id_t a[3] = {add_asset(w, "b1", b, POWER, "substation", 500, 4.0),
                             add_asset(w, "b2", b, POWER, "substation", 500, 4.0),
                             add_asset(w, "s", sm, TELECOM, "exchange", 800, 4.0)};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_FATAL(kikan_world_add_installation(w, a[i], ctl, v[i], KIKAN_NONE, NULL) ==
                        KIKAN_OK);
    }
    for (kikan_id_t s = RAIL; s <= BANKING; s++) {
        char id[32];
        snprintf(id, sizeof(id), "idle-%d", (int)s);
        add_asset(w, id, add_op(w, id, s, 0), s, "site", 0, 1);
    }
    CU_ASSERT_FATAL(kikan_world_finalize(w) == KIKAN_OK);
    kikan_event_t ev[3];
    kikan_whatif_t wi[3];
    kikan_id_t cls[3][1];
    char name[3][32];
    kikan_portfolio_t pf[3];
    double wt[3];
    kikan_scenario_t s;
    base_scenario(&s, &ev[0], &wi[0]);
    for (int i = 0; i < 3; i++) {
        memset(&ev[i], 0, sizeof(ev[i]));
        ev[i].target = KIKAN_TARGET_VENDOR;
        ev[i].vendor = v[i];
        cls[i][0] = ctl;
        ev[i].classes = cls[i];
        ev[i].n_classes = 1;
        ev[i].contractor = ev[i].kind = ev[i].region = ev[i].sector = ev[i].op = KIKAN_NONE;
        ev[i].probability = 1.0;
        ev[i].at_hours = 1.0;
        snprintf(name[i], sizeof(name[i]), "vendor:%s/ctl", vid[i]);
        wi[i] = (kikan_whatif_t){.name = name[i], .events = &ev[i], .n_events = 1};
        pf[i] = KIKAN_PORTFOLIO_VENDORS;
        wt[i] = 1.0;
    }
    s.whatifs = wi;
    s.n_whatifs = 3;
    s.whatif_portfolio = pf;
    s.whatif_weight = wt;
    kikan_criterion_t crit[2] = {{POWER, size, NULL, 0}, {TELECOM, size, NULL, 0}};
    s.scope.criteria = crit;
    s.scope.n_criteria = 2;
    s.scope.budget = 1;
    kikan_model_t *m = NULL;
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, &s, &m) == KIKAN_OK);
    kikan_scope_options_t o = opts(4);
    o.effectiveness = 1.0;
    o.measure = KIKAN_SCOPE_CUSTOMER_HOURS;
    o.bootstrap = 0;
    kikan_scope_result_t *r = NULL;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(r->n_comp, 3);
    CU_ASSERT_EQUAL(r->comp_vendor[2], v[2]);
    CU_ASSERT_EQUAL(r->comp_class[2], ctl);
    CU_ASSERT_EQUAL_FATAL(r->n_frontier, 3);
    CU_ASSERT(fabs(r->fr_removed[1] - 4000.0) < 1e-9 * 4000.0);
    CU_ASSERT(fabs(r->fr_removed[2] - 7200.0) < 1e-9 * 7200.0);
    CU_ASSERT_EQUAL(r->recommended, 1);
    CU_ASSERT(fabs(r->fr_worst[0] - 3200.0) < 1e-9 * 3200.0);
    CU_ASSERT(fabs(r->fr_worst[1] - 3200.0) < 1e-9 * 3200.0);
    CU_ASSERT_EQUAL(r->fr_worst[2], 0.0);
    CU_ASSERT_EQUAL(r->fr_worst_ci[1], 0.0);
    CU_ASSERT_EQUAL(r->fr_worst_comp[0], 2);
    CU_ASSERT_EQUAL(r->fr_worst_comp[1], 2);
    CU_ASSERT(r->worst_monotone);
    /* ranked: point 0 V3 (3200), V1 (2000), V2 (2000) */
    CU_ASSERT_EQUAL_FATAL(r->worst_top, 3);
    CU_ASSERT_EQUAL(r->fr_top[0], 2);
    CU_ASSERT_EQUAL(r->fr_top[1], 0);
    CU_ASSERT_EQUAL(r->fr_top[2], 1);
    CU_ASSERT(fabs(r->fr_top_harm[1] - 2000.0) < 1e-9 * 2000.0);
    CU_ASSERT_EQUAL(r->minimax_share, 0.10);
    CU_ASSERT_EQUAL(r->recommended_minimax, 0);
    CU_ASSERT(fabs(r->best_worst - 3200.0) < 1e-9 * 3200.0);
    CU_ASSERT_EQUAL(r->mm_n_in, 0);
    CU_ASSERT_EQUAL_FATAL(r->mm_n_out, 1);
    CU_ASSERT_EQUAL(r->mm_out[0], b);
    CU_ASSERT_EQUAL_FATAL(r->n_close, 1);
    CU_ASSERT_EQUAL(r->close_op[0], sm);
    CU_ASSERT_EQUAL(r->close_worst[0], 0.0);
    /* JSON carries the worst case */
    FILE *tf = tmpfile();
    CU_ASSERT_FATAL(tf != NULL);
    CU_ASSERT(kikan_scope_json_write(tf, w, r) == KIKAN_OK);
    CU_ASSERT(kikan_scope_print(tf, w, r) == KIKAN_OK);
    const long len = ftell(tf);
    char *txt = calloc((size_t)len + 1, 1);
    CU_ASSERT_FATAL(txt != NULL);
    rewind(tf);
    CU_ASSERT(fread(txt, 1, (size_t)len, tf) == (size_t)len);
    fclose(tf);
    CU_ASSERT(strstr(txt, "\"worst_case\": {\"compromise\": {\"whatif\": \"vendor:V3/ctl\"") !=
              NULL);
    CU_ASSERT(strstr(txt, "\"recommended_minimax\": {\"point\": 0") != NULL);
    CU_ASSERT(strstr(txt, "\"worst_remaining\": {\"point\": 1") != NULL);
    /* the closer's change: -3200 from 3200; a closer that changes nothing reads "(0)", never
     * "(-0)"; one that makes it worse "(+0.2)" */
    CU_ASSERT(strstr(txt, "S (SME): worst remaining 0 (-3200) customer-hours") != NULL);
    free(txt);
    r->close_worst[0] = r->fr_worst[1];
    txt = scope_text(w, r);
    CU_ASSERT(txt != NULL &&
              strstr(txt, "S (SME): worst remaining 3200 (0) customer-hours") != NULL);
    CU_ASSERT(txt != NULL && strstr(txt, "(-0)") == NULL);
    free(txt);
    r->close_worst[0] = r->fr_worst[1] + 0.2;
    /* a frontier step of -0.002 % (CI 1.2345 %) prints as 0.00, not -0.00 */
    CU_ASSERT_FATAL(r->fr_step != NULL && r->fr_step_ci != NULL);
    r->fr_step[1] = -0.002 / 100.0 * r->compromise_mean;
    r->fr_step_ci[1] = 1.2345 / 100.0 * r->compromise_mean;
    txt = scope_text(w, r);
    CU_ASSERT(txt != NULL && strstr(txt, "     0.00    1.23") != NULL);
    CU_ASSERT(txt != NULL && strstr(txt, "-0.00") == NULL);
    CU_ASSERT(txt != NULL &&
              strstr(txt, "S (SME): worst remaining 3200 (+0.2) customer-hours") != NULL);
    free(txt);
    kikan_scope_result_free(&r);

    /* an attacker combining two */
    o.attacker_budget = 2;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, &s, &o, &r) == KIKAN_OK);
    CU_ASSERT_EQUAL(r->attacker_budget, 2);
    CU_ASSERT(fabs(r->fr_worst[0] - 5200.0) < 1e-9 * 5200.0);
    CU_ASSERT_EQUAL(r->fr_worst_comp[0], 2);
    CU_ASSERT_EQUAL(r->fr_worst_comp[1], 0);
    CU_ASSERT(fabs(r->fr_worst[1] - 3200.0) < 1e-9 * 3200.0);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* The minimax rule and its share (0.10) on a hand frontier: worst 100, 60, 54, 50. */
static void test_minimax_share(void)
{
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    CU_ASSERT_EQUAL(o.minimax_share, 0.10);
    CU_ASSERT_EQUAL(o.attacker_budget, 1);
    CU_ASSERT_EQUAL(o.worst_top, 5);
    CU_ASSERT_EQUAL(o.close_candidates, 16);
    kikan_scope_result_t r;
    memset(&r, 0, sizeof(r));
    double worst[4] = {100, 60, 54, 50}, cost[4] = {0, 1, 2, 3};
    kikan_id_t ops[4] = {0, 1, 2, 3};
    r.n_frontier = 4;
    r.fr_worst = worst;
    r.fr_ops = ops;
    r.fr_cost = cost;
    double best = 0.0;
    /* no budget: best 50; 1.10 x 50 = 55 admits 54 (point 2) */
    CU_ASSERT_EQUAL(kikan_scope_minimax(&r, o.minimax_share, &best), 2);
    CU_ASSERT_EQUAL(best, 50.0);
    CU_ASSERT_EQUAL(kikan_scope_minimax(&r, 0.20, NULL), 1); /* 60 <= 60 */
    CU_ASSERT_EQUAL(kikan_scope_minimax(&r, 0.05, NULL), 3); /* 52.5 admits only 50 */
    r.budget = 2; /* points 0..2: best 54, 59.4 admits 54 only */
    CU_ASSERT_EQUAL(kikan_scope_minimax(&r, 0.10, &best), 2);
    CU_ASSERT_EQUAL(best, 54.0);
    r.budget = 0;
    r.cost_budget = 1.5; /* points 0, 1: best 60 */
    CU_ASSERT_EQUAL(kikan_scope_minimax(&r, 0.10, &best), 1);
    CU_ASSERT_EQUAL(best, 60.0);
}

/* The greedy attacker against exhaustive search over every set of K of 6 compromises. */
static void test_attack_exhaustive(void)
{
    enum { N = 6, R = 5 };
    double h[N * R], acc[2 * R];
    uint64_t x = 2385;
    for (int i = 0; i < N * R; i++) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        h[i] = (double)(x >> 40) / 1024.0; /* exact in a double */
    }
    for (int K = 1; K <= 3; K++) {
        int chosen[3];
        double mean, ci;
        kikan_scope_attack(h, N, R, K, chosen, acc, &mean, &ci);
        double best = -1.0;
        for (int mask = 0; mask < (1 << N); mask++) {
            if (__builtin_popcount((unsigned)mask) != K) {
                continue;
            }
            double sum = 0.0;
            for (int r = 0; r < R; r++) {
                for (int c = 0; c < N; c++) {
                    sum += (mask >> c & 1) ? h[c * R + r] : 0.0;
                }
            }
            best = sum / R > best ? sum / R : best;
        }
        CU_ASSERT(fabs(mean - best) <= 1e-12 * best);
        for (int k = 0; k < K; k++) {
            CU_ASSERT(chosen[k] >= 0 && chosen[k] < N);
            for (int q = 0; q < k; q++) {
                CU_ASSERT(chosen[q] != chosen[k]);
            }
        }
        CU_ASSERT(ci > 0.0);
    }
    /* K beyond the portfolio: every compromise, then -1 */
    int chosen[8];
    double mean, ci;
    kikan_scope_attack(h, 2, R, 3, chosen, acc, &mean, &ci);
    CU_ASSERT_EQUAL(chosen[2], -1);
}

/*
 * kikan_scope_sens_most on hand-made inputs: none (-1) when every swing is exactly 0 and no
 * threshold moves (was: input 0, "0.0% -> 0.0%"); a threshold moved beats any swing; else the
 * largest swing, the lower row on a tie; -1 without inputs. The terminal then says so.
 */
/*
 * The named tables a run keeps (r->tables: what kikan_report_write and the name accessors read)
 * follow kikan_scope_stability_bootstrap run again on the result, as the HDF5 writer's fresh
 * tables do: no bootstrap (0) leaves every criterion's stability NaN and n_bootstrap 0.
 */
static void test_tables_follow_bootstrap(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(8);
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT_FATAL(r->tables != NULL && r->tables->n_criteria == r->n_criteria);
    CU_ASSERT_EQUAL(r->tables->n_bootstrap, o.bootstrap);
    CU_ASSERT(!isnan(r->tables->criteria[0].stability_bootstrap));
    o.bootstrap = 0;
    CU_ASSERT_FATAL(kikan_scope_stability_bootstrap(r, &o) == KIKAN_OK);
    CU_ASSERT_EQUAL(r->n_bootstrap, 0);
    CU_ASSERT_EQUAL(r->tables->n_bootstrap, 0);
    for (int c = 0; c < r->n_criteria; c++) {
        CU_ASSERT(isnan(r->rec_boot[c]));
        CU_ASSERT(isnan(r->tables->criteria[c].stability_bootstrap));
    }
    kikan_scope_tables_t *fresh = NULL;
    CU_ASSERT_FATAL(kikan_scope_tables_make(r, f.w, &fresh) == KIKAN_OK);
    CU_ASSERT_EQUAL(fresh->n_bootstrap, r->tables->n_bootstrap);
    kikan_scope_tables_free(&fresh);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

/*
 * The names a result hands out (kikan_scope_result_criterion_names, _rec_op_id/_name: "owned
 * by r") stay valid when a sensitivity is attached: the attachment adds the sensitivity's rows
 * to the kept tables and leaves the other rows, and their strings, where they were.
 */
static void test_names_survive_attach(void)
{
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(8);
    kikan_scope_result_t *r = scope(&f, &o);
    const char *sec = NULL, *met = NULL;
    CU_ASSERT_FATAL(kikan_scope_result_criterion_names(r, 0, &sec, &met) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_scope_result_n_rec_ops(r) > 0);
    const char *op = kikan_scope_result_rec_op_id(r, 0);
    CU_ASSERT_FATAL(sec != NULL && met != NULL && op != NULL);
    char sec0[64], met0[64], op0[64];
    snprintf(sec0, sizeof(sec0), "%s", sec);
    snprintf(met0, sizeof(met0), "%s", met);
    snprintf(op0, sizeof(op0), "%s", op);
    CU_ASSERT_FATAL(kikan_scope_result_attach_sensitivity(f.ctx, f.w, &f.s, &o, 0, r) == KIKAN_OK);
    CU_ASSERT_FATAL(r->tables != NULL && r->sens != NULL);
    CU_ASSERT_EQUAL(r->tables->n_sens, r->sens->n_inputs);
    CU_ASSERT_EQUAL(r->tables->sens_most, r->sens->most);
    const char *sec1 = NULL, *met1 = NULL;
    CU_ASSERT(kikan_scope_result_criterion_names(r, 0, &sec1, &met1) == KIKAN_OK);
    CU_ASSERT_PTR_EQUAL(sec1, sec);
    CU_ASSERT_PTR_EQUAL(met1, met);
    CU_ASSERT_PTR_EQUAL(kikan_scope_result_rec_op_id(r, 0), op);
    CU_ASSERT_STRING_EQUAL(sec, sec0); /* read through the pointers taken before */
    CU_ASSERT_STRING_EQUAL(met, met0);
    CU_ASSERT_STRING_EQUAL(op, op0);
    kikan_scope_result_free(&r);
    clr_free(&f);
}

static void test_sens_most_none(void)
{
    kikan_scope_sens_input_t in[4];
    memset(in, 0, sizeof(in));
    const char *names[4] = {"screening_effectiveness", "implant_probability", "b", "c"};
    for (int i = 0; i < 4; i++) {
        in[i].name = names[i];
        in[i].share_lo = in[i].share_hi = 0.75;
        in[i].mu = in[i].mu_star = in[i].sigma = NAN;
    }
    kikan_scope_sens_t x;
    memset(&x, 0, sizeof(x));
    x.n_inputs = 4;
    x.in = in;
    x.share_base = 0.75;
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), -1);
    in[2].share_hi = 0.8125; /* a swing of 6.25 points: b */
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), 2);
    in[3].share_lo = 0.6875; /* the same swing: the lower row stays */
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), 2);
    in[1].thr_changed = 1; /* a threshold moved, no swing: beats the swings */
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), 1);
    /* a share that could not be computed (NaN) moves nothing and hides no other input */
    in[0].share_hi = NAN;
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), 1);
    in[1].thr_changed = 0;
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), 2);
    for (int i = 0; i < 4; i++) {
        in[i].share_lo = NAN;
    }
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), -1);
    x.n_inputs = 0;
    CU_ASSERT_EQUAL(kikan_scope_sens_most(&x), -1);
    /* printed: none, never an input */
    clr_t f;
    clr_init(&f, 1);
    kikan_scope_options_t o = opts(4);
    kikan_scope_result_t *r = scope(&f, &o);
    CU_ASSERT_FATAL(r->n_criteria == 2);
    double thr[3][2] = {{5e12, INFINITY}, {5e12, INFINITY}, {5e12, INFINITY}};
    x.n_criteria = 2;
    x.thr_base = thr[0];
    for (int i = 0; i < 4; i++) {
        in[i].thr_changed = 0;
        in[i].share_lo = in[i].share_hi = 0.75;
        in[i].thr_lo = thr[1];
        in[i].thr_hi = thr[2];
        in[i].unit = "1";
        in[i].range = "0.6 .. 1";
    }
    x.n_inputs = 4;
    x.most = kikan_scope_sens_most(&x);
    r->sens = &x; /* borrowed: detached before the result is freed */
    char *txt = scope_text(f.w, r);
    CU_ASSERT(txt != NULL &&
              strstr(txt, "  the input moving the answer most: none: no input moves the "
                          "recommended thresholds or share\n") != NULL);
    free(txt);
    char *js = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&js, &n);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_scope_json_write(mf, f.w, r) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(js != NULL && strstr(js, "\"most_influential\": null") != NULL);
    free(js);
    r->sens = NULL;
    kikan_scope_result_free(&r);
    clr_free(&f);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("scope", NULL, NULL);
    CU_add_test(s, "small clearing operator flagged", test_clearing_flagged);
    CU_add_test(s, "retail suppliers never recommended", test_retail_never_recommended);
    CU_add_test(s, "effectiveness 0 and 1", test_effectiveness_extremes);
    CU_add_test(s, "bit-identical for 1/2 threads and with reuse", test_threads_and_dedup);
    CU_add_test(s, "empty criteria", test_empty_criteria);
    CU_add_test(s, "json and tables", test_json);
    CU_add_test(s, "terminal thresholds with unit and basis", test_print_units);
    CU_add_test(s, "CSV tables: columns, units, rows", test_csv_tables);
    CU_add_test(s, "a failed write keeps the old file", test_atomic_failure);
    CU_add_test(s, "command line: --csv DIR, -o FILE.csv, -o FILE.json", test_csv_cli);
    CU_add_test(s, "operator in two sectors counted once", test_two_sectors);
    CU_add_test(s, "derived thresholds", test_derived_thresholds);
    CU_add_test(s, "errors", test_errors);
    CU_add_test(s, "defaults pinned", test_defaults_pinned);
    CU_add_test(s, "recommendation: target share", test_recommend_target);
    CU_add_test(s, "recommendation: budget, margin, interval", test_recommend_budget);
    CU_add_test(s, "bootstrap stability share", test_bootstrap_share);
    CU_add_test(s, "intervals are Student t 95%", test_intervals_pinned);
    CU_add_test(s, "operators named per point", test_names);
    CU_add_test(s, "policy evaluated against the frontier", test_evaluate);
    CU_add_test(s, "sensitivity", test_sensitivity);
    CU_add_test(s, "command line", test_cli);
    CU_add_test(s, "threat portfolio expanded and weighted", test_portfolio_expansion);
    CU_add_test(s, "worst case: minimax and expected value differ", test_worst_case);
    CU_add_test(s, "minimax share pinned", test_minimax_share);
    CU_add_test(s, "greedy attacker vs exhaustive search", test_attack_exhaustive);
    CU_add_test(s, "sensitivity: no input moves the answer", test_sens_most_none);
    CU_add_test(s, "CSV tables replaced as a set", test_csv_set_failure);
    CU_add_test(s, "run tables follow a bootstrap run again", test_tables_follow_bootstrap);
    CU_add_test(s, "names stay valid when a sensitivity is attached", test_names_survive_attach);
    return kikan_test_main();
}
