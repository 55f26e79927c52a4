/*
 * Benchmark of the cascade engine and the ensemble on a synthetic world:
 * N assets (default 100 000) in the six built-in sectors, each depending on
 * 1..3 random providers (k-of-n groups, cycles everywhere), 1..2
 * installations from 20 vendors. Two what-ifs: a small compromise (5 named
 * assets, p = 1) and a vendor implant (vendor V0, p = 0.5, ~5 % of the
 * installations). Reports world build, compile, and replicates per second
 * with 1 and 2 threads (and the speed-up), checking that both thread counts
 * give bit-identical results.
 *
 * usage: bench_engine [N_ASSETS] [REPLICATES]   (see bench/run.sh)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <gsl/gsl_rng.h>
#include <omp.h>
#include "kikan/kikan.h"

#define CHECK(x)                                                                                   \
    do {                                                                                           \
        kikan_error_t e_ = (x);                                                                    \
        if (e_ != KIKAN_OK) {                                                                      \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #x, kikan_strerror(e_));        \
            if (ctx) {                                                                             \
                kikan_diag_print(ctx, stderr);                                                     \
            }                                                                                      \
            exit(1);                                                                               \
        }                                                                                          \
    } while (0)

static kikan_ctx_t *ctx;

/* FNV-1a over bytes: a checksum of the results, to compare builds and versions */
static uint64_t fnv1a(const void *p, size_t n, uint64_t h)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ b[i]) * 1099511628211ULL;
    }
    return h;
}

static kikan_world_t *build(kikan_id_t n_assets)
{
    kikan_world_t *w = NULL;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 2385);
    CHECK(kikan_world_new(ctx, &w));
    CHECK(kikan_world_add_builtin_sectors(w));
    enum { OPS = 60, VENDORS = 20, CLASSES = 12 };
    kikan_id_t op[OPS], v[VENDORS], cl[CLASSES], metric;
    CHECK(kikan_world_add_metric(w, "customers", &metric));
    for (int i = 0; i < OPS; i++) {
        char id[16];
        kikan_id_t s = i % 6;
        snprintf(id, sizeof(id), "op%d", i);
        CHECK(kikan_world_add_operator(w, id, NULL, &s, 1, i >= 48, &op[i]));
        CHECK(kikan_world_set_metric(w, op[i], metric, 1e4 * (i + 1)));
    }
    for (kikan_id_t a = 0; a < n_assets; a++) {
        char id[24];
        snprintf(id, sizeof(id), "a%d", (int)a);
        const kikan_id_t s = a % 6;
        const double lo = (double)gsl_rng_uniform_int(r, 8);
        kikan_asset_spec_t sp = {id,
                                 op[s + 6 * (int)gsl_rng_uniform_int(r, OPS / 6)],
                                 s,
                                 "site",
                                 "region",
                                 (double)(1 + gsl_rng_uniform_int(r, 5000)),
                                 lo,
                                 lo + 4.0 * gsl_rng_uniform(r),
                                 gsl_rng_uniform(r) * 3.0,
                                 {KIKAN_DIST_LOGNORMAL, 6.0 + 12.0 * gsl_rng_uniform(r), 0.6}};
        CHECK(kikan_world_add_asset(w, &sp, NULL));
    }
    for (kikan_id_t a = 0; a < n_assets; a++) {
        const int n = 1 + (int)gsl_rng_uniform_int(r, 3);
        for (int j = 0; j < n; j++) {
            kikan_id_t p = (kikan_id_t)gsl_rng_uniform_int(r, (unsigned long)n_assets);
            if (p == a) {
                p = (p + 1) % n_assets;
            }
            CHECK(kikan_world_add_dependency(w, p, a, "power", "g", n == 3 ? 2 : 1, NULL));
        }
    }
    for (int i = 0; i < VENDORS; i++) {
        char id[8];
        snprintf(id, sizeof(id), "V%d", i);
        CHECK(kikan_world_add_vendor(w, id, NULL, NULL, 0, &v[i]));
    }
    for (int i = 0; i < CLASSES; i++) {
        char id[8];
        snprintf(id, sizeof(id), "C%d", i);
        CHECK(kikan_world_add_class(w, id, NULL, KIKAN_NONE, 0, &cl[i]));
    }
    for (kikan_id_t a = 0; a < n_assets; a++) {
        const int n = 1 + (int)gsl_rng_uniform_int(r, 2);
        for (int j = 0; j < n; j++) {
            CHECK(kikan_world_add_installation(w, a, cl[gsl_rng_uniform_int(r, CLASSES)],
                                               v[gsl_rng_uniform_int(r, VENDORS)], KIKAN_NONE,
                                               NULL));
        }
    }
    gsl_rng_free(r);
    CHECK(kikan_world_finalize(w));
    return w;
}

int main(int argc, char **argv)
{
    const kikan_id_t n_assets = argc > 1 ? (kikan_id_t)strtoll(argv[1], NULL, 10) : 100000;
    const int64_t reps = argc > 2 ? (int64_t)strtoll(argv[2], NULL, 10) : 200;
    CHECK(kikan_ctx_new(&ctx));
    kikan_ctx_set_quiet(ctx, 1);
    double t0 = omp_get_wtime();
    kikan_world_t *w = build(n_assets);
    const double t_build = omp_get_wtime() - t0;

    kikan_id_t named[5] = {11, 222, 3333, 4444, 555};
    for (int i = 0; i < 5; i++) {
        named[i] %= n_assets;
    }
    kikan_event_t ev[2];
    memset(ev, 0, sizeof(ev));
    ev[0].target = KIKAN_TARGET_ASSETS;
    ev[0].assets = named;
    ev[0].n_assets = 5;
    ev[0].probability = 1.0;
    ev[0].at_hours = 1.0;
    ev[1].target = KIKAN_TARGET_VENDOR;
    ev[1].vendor = 0;
    ev[1].probability = 0.5;
    ev[1].at_hours = 1.0;
    kikan_whatif_t wi[2] = {{"named-5", NULL, ev, 1}, {"vendor-V0", NULL, ev + 1, 1}};
    kikan_scenario_t sc;
    memset(&sc, 0, sizeof(sc));
    sc.name = "bench";
    sc.horizon_hours = 72;
    sc.step_hours = 1;
    sc.seed = 2385;
    sc.replicates = reps;
    sc.whatifs = wi;
    sc.n_whatifs = 2;
    kikan_model_t *m = NULL;
    t0 = omp_get_wtime();
    CHECK(kikan_model_compile(ctx, w, &sc, &m));
    const double t_compile = omp_get_wtime() - t0;
    printf("world: %d assets, %d dependencies, %d installations; build %.3f s, compile %.3f s "
           "(%d dependency cycles)\n",
           (int)kikan_world_n_assets(w), (int)kikan_world_n_dependencies(w),
           (int)kikan_world_n_installations(w), t_build, t_compile, (int)kikan_model_n_cycles(m));

    kikan_results_t *res[2] = {NULL, NULL};
    double rate[2][2], cpu[2][2];
    for (int th = 0; th < 2; th++) {
        CHECK(kikan_ensemble_results_new(m, &sc, reps, &res[th]));
        CHECK(kikan_ctx_set_threads(ctx, th + 1));
        /* time each what-if separately: run what-if w's replicates via a one-what-if view */
        for (int wk = 0; wk < 2; wk++) {
            kikan_scenario_t one = sc;
            one.whatifs = &wi[wk];
            one.n_whatifs = 1;
            kikan_model_t *m1 = NULL;
            kikan_results_t *r1 = NULL;
            CHECK(kikan_model_compile(ctx, w, &one, &m1));
            /* the small what-if runs 20x the replicates, to time more than the set-up */
            const int64_t nr = wk == 0 ? 20 * reps : reps;
            CHECK(kikan_ensemble_results_new(m1, &one, nr, &r1));
            /* steady state: workspaces made before the clock starts (kikan_ensemble_run_ws) */
            kikan_workspace_t *pool[2] = {NULL, NULL};
            t0 = omp_get_wtime();
            for (int i = 0; i <= th; i++) {
                CHECK(kikan_workspace_new(m1, &pool[i]));
            }
            const double t_ws = omp_get_wtime() - t0;
            t0 = omp_get_wtime();
            const clock_t c0 = clock();
            CHECK(kikan_ensemble_run_ws(ctx, m1, NULL, 0, nr, r1, pool, th + 1));
            rate[th][wk] = (double)nr / (omp_get_wtime() - t0);
            cpu[th][wk] = (double)(clock() - c0) / CLOCKS_PER_SEC / (double)nr;
            if (th == 1 && wk == 0) {
                printf("  workspace set-up: %.1f ms for 2\n", 1e3 * t_ws);
            }
            for (int i = 0; i <= th; i++) {
                kikan_workspace_free(&pool[i]);
            }
            double ch = 0.0, x = 0.0, implants0 = 0.0;
            for (int64_t r = 0; r < nr; r++) {
                for (int s = 0; s < 6; s++) {
                    CHECK(kikan_results_value(r1, KIKAN_MEASURE_CUSTOMER_HOURS, 0, r, s, &x));
                    ch += x;
                }
            }
            CHECK(kikan_results_value(r1, KIKAN_MEASURE_IMPLANTS, 0, 0, KIKAN_ALL_SECTORS,
                                      &implants0));
            if (th == 0) {
                printf("  %-10s mean customer-hours (all sectors) %.4g, mean implants %.1f\n",
                       wi[wk].name, ch / (double)nr, implants0);
            }
            kikan_results_free(&r1);
            kikan_model_free(&m1);
        }
        CHECK(kikan_ensemble_run(ctx, m, NULL, 0, reps, res[th]));
    }
    /* the customer-hours, then the curves, each in (what-if, replicate, sector) order */
    const int G = kikan_results_n_grid(res[0]);
    int same = 1;
    uint64_t h = 1469598103934665603ULL;
    for (int pass = 0; pass < 2; pass++) {
        for (int wk = 0; wk < 2; wk++) {
            for (int64_t r = 0; r < reps; r++) {
                for (int s = 0; s < 6; s++) {
                    double a = 0.0, b = 0.0;
                    const double *ca = kikan_results_replicate_curve(res[0], wk, r, s);
                    const double *cb = kikan_results_replicate_curve(res[1], wk, r, s);
                    CHECK(kikan_results_value(res[0], KIKAN_MEASURE_CUSTOMER_HOURS, wk, r, s, &a));
                    CHECK(kikan_results_value(res[1], KIKAN_MEASURE_CUSTOMER_HOURS, wk, r, s, &b));
                    if (pass == 0) {
                        same &= memcmp(&a, &b, sizeof(a)) == 0;
                        h = fnv1a(&a, sizeof(a), h);
                    } else {
                        same &= memcmp(ca, cb, (size_t)G * sizeof(double)) == 0;
                        h = fnv1a(ca, (size_t)G * sizeof(double), h);
                    }
                }
            }
        }
    }
    for (int wk = 0; wk < 2; wk++) {
        printf("  %-10s 1 thread %9.1f replicates/s   2 threads %9.1f replicates/s   speed-up "
               "%.2f   (CPU per replicate %.3g ms / %.3g ms)\n",
               wi[wk].name, rate[0][wk], rate[1][wk], rate[1][wk] / rate[0][wk], 1e3 * cpu[0][wk],
               1e3 * cpu[1][wk]);
    }
    printf("  results with 1 and 2 threads bit-identical: %s; checksum %016llx\n",
           same ? "yes" : "NO", (unsigned long long)h);
    kikan_results_free(&res[0]);
    kikan_results_free(&res[1]);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return same ? 0 : 1;
}
