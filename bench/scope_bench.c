/*
 * Benchmark of the scope analysis on a synthetic world the size of the
 * built-in Japan network (~50k assets, ~2000 operators, six sectors,
 * vendor-borne compromise in three what-ifs). Prints the wall time, the
 * number of simulations and the recommendation; with --json the JSON object.
 *
 * Build (release tree, not part of the test suite):
 *   cmake --preset release && cmake --build --preset release -j2
 *   cc -O2 -fopenmp -I include -I build/release/include -I . bench/scope_bench.c \
 *      -o build/release/scope_bench -Lbuild/release -lkikan -ligraph -lgsl -lgslcblas -lm \
 *      -Wl,-rpath,$PWD/build/release
 * Run: build/release/scope_bench [--threads T] [--replicates N] [--assets N] [--json]
 *
 * DESIGN: sizes are lognormal (a few large operators, many small ones, as in
 * the real sectors), assets per operator grow with size, and dependencies
 * follow the usual pattern: everything needs power (1 of 2 substations),
 * banks, rail and airports need telecom, every bank needs both of two clearing
 * houses (a small operator), airports need fuel from aviation. A third of
 * the power operators are retail suppliers with no asset anyone depends on.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <omp.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include "kikan/engine.h"
#include "kikan/output.h"
#include "kikan/scope.h"
#include "sim/scope_impl.h" /* the policy count */

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        kikan_error_t e_ = (x);                                                                    \
        if (e_ != KIKAN_OK) {                                                                      \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #x, kikan_strerror(e_));        \
            kikan_diag_print(ctx, stderr);                                                         \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

enum { POWER, TELECOM, RAIL, AVIATION, AIRPORTS, BANKING, NS };

int main(int argc, char **argv)
{
    int threads = 2, json = 0;
    int64_t replicates = 32, n_assets = 50000;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
            threads = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--replicates") == 0 && i + 1 < argc) {
            replicates = atoll(argv[++i]);
        } else if (strcmp(argv[i], "--assets") == 0 && i + 1 < argc) {
            n_assets = atoll(argv[++i]);
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        }
    }
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    if (kikan_ctx_new(&ctx) != KIKAN_OK) {
        return 1;
    }
    kikan_ctx_set_quiet(ctx, 1);
    CHECK(kikan_ctx_set_threads(ctx, threads));
    CHECK(kikan_world_new(ctx, &w));
    CHECK(kikan_world_add_builtin_sectors(w));
    kikan_id_t size;
    CHECK(kikan_world_add_metric(w, "customers", &size));
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2385);

    static const int n_ops[NS] = {800, 300, 200, 50, 100, 550};
    static const char *kinds[NS] = {"substation",   "base_station", "station",
                                    "aircraft_ops", "terminal",     "branch"};
    const double share[NS] = {0.35, 0.3, 0.1, 0.03, 0.04, 0.18};
    /* vendors and classes: two classes per sector, 20 vendors with Zipf-like shares */
    enum { NV = 20 };
    kikan_id_t vend[NV], cls[NS][2];
    double vw[NV], vsum = 0;
    for (int v = 0; v < NV; v++) {
        char id[16];
        snprintf(id, sizeof(id), "V%d", v);
        CHECK(kikan_world_add_vendor(w, id, NULL, NULL, v % 3, &vend[v]));
        vw[v] = 1.0 / (v + 1);
        vsum += vw[v];
    }
    for (int s = 0; s < NS; s++) {
        for (int k = 0; k < 2; k++) {
            char id[32];
            snprintf(id, sizeof(id), "%s-%s", kinds[s], k ? "ctl" : "ops");
            CHECK(kikan_world_add_class(w, id, NULL, s, k, &cls[s][k]));
        }
    }
    gsl_ran_discrete_t *vd = gsl_ran_discrete_preproc(NV, vw);

    /* operators and their assets */
    kikan_id_t *a_first = calloc(2100, sizeof(kikan_id_t)), *a_n = calloc(2100, sizeof(kikan_id_t));
    kikan_id_t *sec_lo = calloc(NS + 1, sizeof(kikan_id_t)); /* asset range per sector */
    kikan_id_t n_op = 0, na = 0, clearing[2] = {0, 0};
    for (int s = 0; s < NS; s++) {
        sec_lo[s] = na;
        double *sz = calloc((size_t)n_ops[s], sizeof(double)), tot = 0;
        for (int i = 0; i < n_ops[s]; i++) {
            sz[i] = exp(gsl_ran_gaussian(rng, 2.0));
            tot += sz[i];
        }
        const double sector_assets = share[s] * (double)n_assets;
        for (int i = 0; i < n_ops[s]; i++) {
            char id[32];
            snprintf(id, sizeof(id), "%s-op-%d", kinds[s], i);
            const int retail = s == POWER && i >= n_ops[s] * 2 / 3;
            const int is_clearing = s == BANKING && i < 2;
            kikan_id_t op, sec = s;
            CHECK(kikan_world_add_operator(w, id, NULL, &sec, 1, sz[i] / tot < 0.0005, &op));
            const double cust = retail ? 0.0 : 1e7 * share[s] * sz[i] / tot;
            CHECK(kikan_world_set_metric(w, op, size, is_clearing ? 10.0 : cust + 1));
            int na_op = (int)ceil(sector_assets * sz[i] / tot);
            if (na_op > 4000) {
                na_op = 4000;
            }
            a_first[op] = na;
            a_n[op] = na_op;
            if (is_clearing) {
                clearing[i] = na;
            }
            for (int k = 0; k < na_op; k++) {
                char aid[48];
                snprintf(aid, sizeof(aid), "%s-%d-%d", kinds[s], i, k);
                kikan_asset_spec_t sp = {aid,
                                         op,
                                         s,
                                         is_clearing ? "clearing" : kinds[s],
                                         "japan",
                                         retail || is_clearing ? 0.0 : cust / na_op,
                                         gsl_rng_uniform(rng) < 0.5 ? 0.0 : 2.0,
                                         NAN,
                                         0.5,
                                         {KIKAN_DIST_LOGNORMAL, 8.0, 0.6}};
                kikan_id_t a;
                CHECK(kikan_world_add_asset(w, &sp, &a));
                const kikan_id_t v = vend[gsl_ran_discrete(rng, vd)];
                CHECK(kikan_world_add_installation(w, a, cls[s][0], v, KIKAN_NONE, NULL));
                if (gsl_rng_uniform(rng) < 0.5) {
                    const kikan_id_t v2 = vend[gsl_ran_discrete(rng, vd)];
                    CHECK(kikan_world_add_installation(w, a, cls[s][1], v2, KIKAN_NONE, NULL));
                }
                na++;
            }
            n_op++;
        }
        free(sz);
    }
    sec_lo[NS] = na;
    /* dependencies: power retail suppliers are the last third of power operators' assets;
       the first two thirds' assets are substations others may use */
    const kikan_id_t p_lo = sec_lo[POWER], p_hi = a_first[n_ops[POWER] * 2 / 3];
    int64_t nd = 0;
    for (kikan_id_t a = sec_lo[TELECOM]; a < na; a++) {
        char g[32];
        snprintf(g, sizeof(g), "pw");
        for (int k = 0; k < 2; k++) {
            const kikan_id_t p =
                p_lo + (kikan_id_t)gsl_rng_uniform_int(rng, (unsigned long)(p_hi - p_lo));
            if (kikan_world_add_dependency(w, p, a, "power", g, 1, NULL) == KIKAN_OK) {
                nd++;
            } else {
                kikan_diag_clear(ctx);
            }
        }
        const int s = a < sec_lo[RAIL]       ? TELECOM
                      : a < sec_lo[AVIATION] ? RAIL
                      : a < sec_lo[AIRPORTS] ? AVIATION
                      : a < sec_lo[BANKING]  ? AIRPORTS
                                             : BANKING;
        if (s == RAIL || s == BANKING || s == AIRPORTS) {
            const kikan_id_t t =
                sec_lo[TELECOM] + (kikan_id_t)gsl_rng_uniform_int(
                                      rng, (unsigned long)(sec_lo[RAIL] - sec_lo[TELECOM]));
            CHECK(kikan_world_add_dependency(w, t, a, "telecom", NULL, 1, NULL));
            nd++;
        }
        if (s == BANKING && a != clearing[0] && a != clearing[1]) {
            CHECK(kikan_world_add_dependency(w, clearing[0], a, "payment", "clr", 2, NULL));
            CHECK(kikan_world_add_dependency(w, clearing[1], a, "payment", "clr", 2, NULL));
            nd += 2;
        }
        if (s == AIRPORTS) {
            const kikan_id_t f =
                sec_lo[AVIATION] + (kikan_id_t)gsl_rng_uniform_int(
                                       rng, (unsigned long)(sec_lo[AIRPORTS] - sec_lo[AVIATION]));
            CHECK(kikan_world_add_dependency(w, f, a, "fuel", NULL, 1, NULL));
            nd++;
        }
    }
    CHECK(kikan_world_finalize(w));

    /* three what-ifs: the top vendor (everything), vendor 2's control class, vendor 7 */
    kikan_event_t ev[3];
    kikan_whatif_t wi[3];
    memset(ev, 0, sizeof(ev));
    static const int vv[3] = {0, 2, 7};
    static const double pr[3] = {0.05, 0.3, 0.5};
    for (int i = 0; i < 3; i++) {
        ev[i].target = KIKAN_TARGET_VENDOR;
        ev[i].vendor = vend[vv[i]];
        ev[i].contractor = ev[i].kind = ev[i].region = ev[i].sector = KIKAN_NONE;
        ev[i].probability = pr[i];
        ev[i].at_hours = 2.0 + i;
        wi[i] = (kikan_whatif_t){"vendor", NULL, &ev[i], 1};
    }
    kikan_scenario_t sc;
    memset(&sc, 0, sizeof(sc));
    sc.name = "scope-bench";
    sc.horizon_hours = 72;
    sc.step_hours = 1;
    sc.replicates = replicates;
    sc.seed = 2385;
    sc.whatifs = wi;
    sc.n_whatifs = 3;
    sc.screening.enabled = 1;
    sc.screening.effectiveness = 0.9;
    kikan_criterion_t crit[NS];
    for (int s = 0; s < NS; s++) {
        crit[s] = (kikan_criterion_t){s, size, NULL, 0};
    }
    sc.scope.criteria = crit;
    sc.scope.n_criteria = NS;
    sc.scope.cost_metric = KIKAN_NONE;
    sc.scope.small_factor = 5;

    double t0 = omp_get_wtime();
    kikan_model_t *m = NULL;
    CHECK(kikan_model_compile(ctx, w, &sc, &m));
    const double t_compile = omp_get_wtime() - t0;
    kikan_scope_options_t o;
    kikan_scope_options_default(&o);
    o.replicates = replicates;
    kikan_scope_result_t *r = NULL;
    t0 = omp_get_wtime();
    CHECK(kikan_scope_run(ctx, m, &sc, &o, &r));
    const double t_scope = omp_get_wtime() - t0;
    if (json) {
        kikan_scope_json_write(stdout, w, r);
    } else {
        kikan_scope_print(stdout, w, r);
    }
    fprintf(stderr,
            "world: %d operators, %d assets, %lld dependencies; %d threads, %lld replicates\n"
            "compile %.2f s; scope %.2f s: %lld simulations (%lld reused), %lld policies, "
            "%.2f ms per simulation-thread\n",
            (int)n_op, (int)na, (long long)nd, threads, (long long)replicates, t_compile, t_scope,
            (long long)r->simulations, (long long)r->simulations_reused, (long long)r->policies,
            r->simulations ? 1000.0 * t_scope * threads / (double)r->simulations : 0.0);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    gsl_ran_discrete_free(vd);
    gsl_rng_free(rng);
    free(a_first);
    free(a_n);
    free(sec_lo);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return 0;
}
