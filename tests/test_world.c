/*
 * World model: builders, lookups and the checks of kikan_world_finalize, on
 * small hand-built worlds. Every builder's error path is provoked once.
 */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <igraph/igraph.h>
#include "models/world_impl.h"
#include "tests/testutil.h"

static kikan_ctx_t *ctx;
static kikan_world_t *w;

static int setup(void)
{
    return kikan_ctx_new(&ctx) != KIKAN_OK || kikan_world_new(ctx, &w) != KIKAN_OK;
}

static int teardown(void)
{
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return 0;
}

static void fresh(void)
{
    kikan_world_free(&w);
    kikan_diag_clear(ctx);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
}

static kikan_asset_spec_t asset(const char *id, kikan_id_t op, kikan_id_t sector)
{
    return (kikan_asset_spec_t){id,     op,  sector, "substation", "hokkaido",
                                2385.0, 3.5, NAN,    0.75,         {KIKAN_DIST_FIXED, 12.5, 0}};
}

static void test_builtin_sectors(void)
{
    fresh();
    CU_ASSERT_EQUAL(kikan_world_add_builtin_sectors(w), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_n_sectors(w), 6);
    CU_ASSERT_EQUAL(kikan_world_find_sector(w, "banking"), 5);
    CU_ASSERT_EQUAL(kikan_world_find_sector(w, "gas"), KIKAN_NONE);
    /* sectors are data: a seventh is one more row */
    kikan_id_t gas;
    CU_ASSERT_EQUAL(kikan_world_add_sector(w, "gas", "City gas", "households", 1.2, 4e12, &gas),
                    KIKAN_OK);
    CU_ASSERT_EQUAL(gas, 6);
    CU_ASSERT_STRING_EQUAL(w->sectors[gas].unit, "households");
    CU_ASSERT_EQUAL(kikan_world_add_sector(w, "gas", NULL, NULL, 1, 0, NULL), KIKAN_EINPUT);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), "sector: duplicate id 'gas'");
    CU_ASSERT_EQUAL(kikan_world_add_sector(w, "water", NULL, NULL, NAN, 0, NULL), KIKAN_EINPUT);
}

static void test_operators_assets_metrics(void)
{
    fresh();
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t both[2] = {1, 5}, op, m_dep, m_cust, a;
    CU_ASSERT_EQUAL(kikan_world_add_operator(w, "telco-bank", "Telco Bank", both, 2, 0, &op),
                    KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_metric(w, "deposits_jpy", &m_dep), KIKAN_OK);
    /* more metrics than the first stride forces a re-layout; values must survive it */
    CU_ASSERT_EQUAL(kikan_world_set_metric(w, op, m_dep, 2.385e12), KIKAN_OK);
    char name[32];
    for (int i = 0; i < 20; i++) {
        snprintf(name, sizeof(name), "metric_%d", i);
        CU_ASSERT_EQUAL(kikan_world_add_metric(w, name, NULL), KIKAN_OK);
    }
    CU_ASSERT_EQUAL(kikan_world_add_metric(w, "customers", &m_cust), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_metric(w, op, m_dep), 2.385e12, 0);
    CU_ASSERT(isnan(kikan_world_metric(w, op, m_cust)));
    CU_ASSERT_EQUAL(kikan_world_set_metric(w, op, m_cust, -1), KIKAN_EINPUT);
    /* many operators: the metric matrix grows with them */
    for (int i = 0; i < 100; i++) {
        snprintf(name, sizeof(name), "op%d", i);
        kikan_id_t o;
        CU_ASSERT_EQUAL_FATAL(kikan_world_add_operator(w, name, NULL, both, 1, 1, &o), KIKAN_OK);
        CU_ASSERT_EQUAL(kikan_world_set_metric(w, o, m_cust, 10.0 * i), KIKAN_OK);
    }
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_metric(w, op, m_dep), 2.385e12, 0);
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_metric(w, kikan_world_find_operator(w, "op77"), m_cust),
                           770.0, 0);

    kikan_asset_spec_t s = asset("exch-1", op, 1);
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &s, &a), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[a].backup_hours_max, 3.5, 0); /* NaN max = fixed backup */
    s = asset("exch-2", op, 0);                                    /* not the operator's sector */
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &s, NULL), KIKAN_EINPUT);
    s = asset("exch-3", op, 1);
    s.customers = -2.5;
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &s, NULL), KIKAN_EINPUT);
    s = asset("exch-4", op, 1);
    s.repair = (kikan_dist_t){KIKAN_DIST_UNIFORM, 8, 2};
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &s, NULL), KIKAN_EINPUT);
    s = asset("exch-1", op, 1);
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &s, NULL), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_n_assets(w), 1);
    CU_ASSERT_EQUAL(kikan_world_find_asset(w, "exch-1"), a);
    CU_ASSERT_EQUAL(kikan_world_find_kind(w, "substation"), w->assets[a].kind);
}

/* A power <-> telecom cycle with a 1-of-2 redundancy group; k > n is refused at finalize. */
static void test_dependencies_and_finalize(void)
{
    fresh();
    kikan_id_t p, t, op_p, op_t, sub1, sub2, exch, d;
    CU_ASSERT_FATAL(kikan_world_add_sector(w, "power", NULL, "households", 3, 0, &p) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_sector(w, "telecom", NULL, "subs", 2, 0, &t) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "tso", NULL, &p, 1, 0, &op_p) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "telco", NULL, &t, 1, 0, &op_t) == KIKAN_OK);
    kikan_asset_spec_t s = asset("sub1", op_p, p);
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &s, &sub1) == KIKAN_OK);
    s = asset("sub2", op_p, p);
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &s, &sub2) == KIKAN_OK);
    s = asset("exch", op_t, t);
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &s, &exch) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, sub1, exch, "power", "feed", 1, &d), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, sub2, exch, "power", "feed", 1, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, exch, sub1, "telecom", NULL, 1, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(w->n_groups, 2);
    CU_ASSERT_EQUAL(w->groups[w->deps[d].group].n, 2);
    /* k differing within a group, self-dependency, k < 1 */
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, sub2, exch, "power", "feed", 2, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, exch, exch, "power", NULL, 1, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, sub1, sub2, "control", NULL, 0, NULL),
                    KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_add_link(w, sub1, exch, NULL), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_add_link(w, sub1, sub2, NULL), KIKAN_OK);
    /* a 3-of-1 group */
    CU_ASSERT_EQUAL(kikan_world_add_dependency(w, sub2, sub1, "control", "scada", 3, NULL),
                    KIKAN_OK);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_world_finalize(w), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0),
                           "asset 'sub1': redundancy group 'scada' needs k = 3 of only 1 "
                           "providers");
}

static void test_sector_without_assets_and_supply_chain(void)
{
    fresh();
    kikan_id_t p, op, a, v, c, m;
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    p = kikan_world_find_sector(w, "power");
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "tso", NULL, &p, 1, 0, &op) == KIKAN_OK);
    kikan_asset_spec_t s = asset("ems", op, p);
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &s, &a) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_vendor(w, "v1", "Vendor One", "JP", 1, &v), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_class(w, "ems", "Load dispatch", p, 1, &c), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_class(w, "bad", NULL, 42, 1, NULL), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_add_contractor(w, "m1", NULL, 1, &m), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_installation(w, a, c, v, m, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_installation(w, a, c, v, KIKAN_NONE, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_add_installation(w, a, c, 7, KIKAN_NONE, NULL), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_world_n_installations(w), 2);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_world_finalize(w), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 5); /* telecom, rail, aviation, airports, banking */
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), "sector 'telecom': has no assets");
}

static void test_empty_world_and_distributions(void)
{
    fresh();
    CU_ASSERT_EQUAL(kikan_world_finalize(w), KIKAN_EINPUT);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), "world: no sectors");
    kikan_dist_kind_t k;
    CU_ASSERT_EQUAL(kikan_dist_kind_parse("lognormal", &k), KIKAN_OK);
    CU_ASSERT_EQUAL(k, KIKAN_DIST_LOGNORMAL);
    CU_ASSERT_EQUAL(kikan_dist_kind_parse("normal", &k), KIKAN_EINPUT);
    kikan_dist_t d = {KIKAN_DIST_LOGNORMAL, 24.0, 0.5};
    CU_ASSERT_DOUBLE_EQUAL(kikan_dist_mean(&d), 24.0 * exp(0.125), 1e-12);
    d = (kikan_dist_t){KIKAN_DIST_GAMMA, 10, 0};
    CU_ASSERT_PTR_NOT_NULL(kikan_dist_check(&d));
    d = (kikan_dist_t){KIKAN_DIST_FIXED, INFINITY, 0};
    CU_ASSERT_PTR_NOT_NULL(kikan_dist_check(&d));
}

/* The one-sector, one-asset world is valid. */
static void test_one_asset_world(void)
{
    fresh();
    kikan_id_t s, op;
    CU_ASSERT_FATAL(kikan_world_add_sector(w, "water", NULL, "households", 1, 0, &s) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "utility", NULL, &s, 1, 1, &op) == KIKAN_OK);
    kikan_asset_spec_t a = asset("plant", op, s);
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &a, NULL) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_finalize(w), KIKAN_OK);
    /* frozen: no more rows */
    CU_ASSERT_EQUAL(kikan_world_add_link(w, 0, 0, NULL), KIKAN_EINVAL);
}

/*
 * Memory per asset and per dependency (docs/scale.md): 100 000 assets with
 * 20-character ids, then 200 000 dependencies, 60 % essential (unnamed, one
 * group each) and 40 % in named pairs. The bounds are the documented figures:
 * an asset is its 88-byte row, its id (length + 1) and 8 bytes of pointer plus
 * 4 bytes per slot of hash index (a power of two, at most half full: 8-16
 * bytes per asset); a dependency is its 24-byte row plus a 16-byte group row
 * for an essential one (8 for each of a pair). Labels are stored once. The world's own count
 * (kikan_world_bytes) is checked against the allocator's, so the bound cannot be met by
 * miscounting.
 */
static void test_bytes_per_asset_and_dependency(void)
{
    enum { NA = 100000, ND = 200000 };
    fresh();
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t op;
    const kikan_id_t sec[] = {0, 1, 2, 3, 4, 5};
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "op", "Operator", sec, 6, 0, &op) == KIKAN_OK);
    for (kikan_id_t s = 1; s < 6; s++) { /* finalize wants assets in every sector */
        char id[32];
        snprintf(id, sizeof(id), "extra-%d", (int)s);
        kikan_asset_spec_t a = asset(id, op, s);
        CU_ASSERT_FATAL(kikan_world_add_asset(w, &a, NULL) == KIKAN_OK);
    }
    struct mallinfo2 m0 = mallinfo2();
    size_t b0 = kikan_world_bytes(w);
    for (int i = 0; i < NA; i++) {
        char id[32];
        snprintf(id, sizeof(id), "jp-power-sub-%07d", i); /* 20 characters */
        kikan_asset_spec_t a = asset(id, op, 0);
        CU_ASSERT_FATAL(kikan_world_add_asset(w, &a, NULL) == KIKAN_OK);
    }
    int named = 0;
    for (int j = 0; j < ND; j++) {
        /* dependencies j = 2i, 2i + 1 go to one dependent; pairs i % 10 < 4 are a named group */
        kikan_id_t i = j / 2, dependent = 5 + i % NA, provider = 5 + (i * 7 + 1 + j % 2) % NA;
        if (provider == dependent) {
            provider = 5 + (provider - 5 + 3) % NA;
        }
        const char *label = i % 10 < 3 ? "feed" : (i % 10 == 3 ? "backup" : NULL);
        CU_ASSERT_FATAL(kikan_world_add_dependency(w, provider, dependent, "power", label, 1,
                                                   NULL) == KIKAN_OK);
        named += label != NULL;
    }
    CU_ASSERT_EQUAL(kikan_world_finalize(w), KIKAN_OK);
    size_t b2 = kikan_world_bytes(w);
    struct mallinfo2 m1 = mallinfo2();
    /* the asset part after finalize: measure the final asset table and its ids */
    double per_asset =
        (double)(w->cap_assets * sizeof(kikan_asset_t) + kikan_strtab_bytes(&w->asset_ids)) /
        (double)w->n_assets;
    double per_dep =
        (double)(w->cap_deps * sizeof(kikan_dep_t) + w->cap_groups * sizeof(kikan_group_t) +
                 kikan_strtab_bytes(&w->group_labels)) /
        (double)ND;
    fprintf(stderr, "(%.1f bytes per asset, %.1f per dependency, %d named) ", per_asset, per_dep,
            named);
    /* 72 + 8 for cold_restart_hours + 8 for records; a dependency row 16 + 8 for its
       buffer_hours */
    CU_ASSERT(sizeof(kikan_asset_t) == 88);
    CU_ASSERT(sizeof(kikan_dep_t) == 24 && sizeof(kikan_group_t) == 16);
    CU_ASSERT(per_asset <= 88 + 21 + 8 + 16);
    /* 60 % essential (a group each), 40 % in pairs (half a group each): 0.8 groups per row */
    CU_ASSERT_EQUAL(w->n_groups, ND / 10 * 8);
    CU_ASSERT(per_dep <= 24 + 16 * 0.8 + 1);
    /* essential groups hold no string: the labels table has two entries */
    CU_ASSERT_EQUAL(w->group_labels.n, 2);
    /* the world's count agrees with the allocator's (glibc; not under a sanitizer's allocator) */
    if (getenv("KIKAN_SANITIZED") == NULL) {
        double heap = (double)(m1.uordblks + m1.hblkhd) - (double)(m0.uordblks + m0.hblkhd);
        double counted = (double)b2 - (double)b0;
        fprintf(stderr, "(heap %.0f, counted %.0f) ", heap, counted);
        CU_ASSERT(heap > 0.9 * counted && heap < 1.15 * counted);
    }
}

/* The read accessors give the rows' fields, and NULL/KIKAN_NONE/-1/NaN out of range. */
static void test_read_accessors(void)
{
    fresh();
    kikan_id_t s[2], op, m;
    CU_ASSERT_FATAL(kikan_world_add_sector(w, "water", "Water supply", "households", 1.75, 2.385e12,
                                           &s[0]) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_sector(w, "gas", NULL, "meters", 1, 0, &s[1]) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "utility", "City Utility", s, 2, 1, &op) ==
                    KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_metric(w, "customers", &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_set_metric(w, op, m, 41250.5) == KIKAN_OK);
    kikan_asset_spec_t a = asset("plant", op, s[1]);
    a.kind = "pump";
    a.region = "Chiba";
    a.customers = 812.25;
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &a, NULL) == KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(kikan_world_sector_id(w, s[0]), "water");
    CU_ASSERT_STRING_EQUAL(kikan_world_sector_name(w, s[0]), "Water supply");
    CU_ASSERT_STRING_EQUAL(kikan_world_sector_unit(w, s[1]), "meters");
    CU_ASSERT_STRING_EQUAL(kikan_world_operator_id(w, op), "utility");
    CU_ASSERT_STRING_EQUAL(kikan_world_operator_name(w, op), "City Utility");
    CU_ASSERT_EQUAL(kikan_world_operator_sme(w, op), 1);
    CU_ASSERT_EQUAL(kikan_world_operator_n_sectors(w, op), 2);
    CU_ASSERT_EQUAL(kikan_world_operator_sector(w, op, 1), s[1]);
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_operator_metric(w, op, m), 41250.5, 0);
    CU_ASSERT_STRING_EQUAL(kikan_world_metric_name(w, m), "customers");
    CU_ASSERT_EQUAL(kikan_world_n_metrics(w), 1);
    CU_ASSERT_STRING_EQUAL(kikan_world_asset_id(w, 0), "plant");
    CU_ASSERT_EQUAL(kikan_world_asset_operator(w, 0), op);
    CU_ASSERT_EQUAL(kikan_world_asset_sector(w, 0), s[1]);
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_asset_customers(w, 0), 812.25, 0);
    CU_ASSERT_STRING_EQUAL(kikan_world_asset_kind(w, 0), "pump");
    CU_ASSERT_STRING_EQUAL(kikan_world_asset_region(w, 0), "Chiba");
    /* out of range: never a crash */
    CU_ASSERT_PTR_NULL(kikan_world_sector_id(w, 2));
    CU_ASSERT_PTR_NULL(kikan_world_operator_name(w, -1));
    CU_ASSERT_EQUAL(kikan_world_operator_sme(w, 1), -1);
    CU_ASSERT_EQUAL(kikan_world_operator_sector(w, op, 2), KIKAN_NONE);
    CU_ASSERT_EQUAL(kikan_world_asset_sector(w, 1), KIKAN_NONE);
    CU_ASSERT(isnan(kikan_world_asset_customers(w, 1)));
    CU_ASSERT(isnan(kikan_world_operator_metric(w, op, m + 1)));
    CU_ASSERT_PTR_NULL(kikan_world_vendor_id(w, 0));
    CU_ASSERT_PTR_NULL(kikan_world_class_name(w, 0));
    CU_ASSERT_PTR_NULL(kikan_world_contractor_name(w, 0));
    CU_ASSERT_EQUAL(
        kikan_world_n_vendors(w) + kikan_world_n_classes(w) + kikan_world_n_contractors(w), 0);
}

/*
 * With a context made, igraph's and GSL's errors come back as return codes
 * instead of aborting the process (their default handlers call abort()).
 */
static void test_library_errors_return(void)
{
    igraph_t g;
    igraph_vector_int_t edges;
    CU_ASSERT_FATAL(igraph_vector_int_init(&edges, 2) == IGRAPH_SUCCESS);
    VECTOR(edges)[0] = 0;
    VECTOR(edges)[1] = -3; /* not a vertex id: IGRAPH_EINVVID */
    CU_ASSERT_NOT_EQUAL(igraph_create(&g, &edges, 2, IGRAPH_DIRECTED), IGRAPH_SUCCESS);
    igraph_vector_int_destroy(&edges);
    gsl_matrix *a = gsl_matrix_calloc(2, 3), *b = gsl_matrix_calloc(3, 2);
    CU_ASSERT_FATAL(a != NULL && b != NULL);
    CU_ASSERT_EQUAL(gsl_matrix_memcpy(a, b), GSL_EBADLEN); /* sizes differ */
    gsl_matrix_free(a);
    gsl_matrix_free(b);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("world", setup, teardown);
    CU_add_test(s, "built-in sectors are data", test_builtin_sectors);
    CU_add_test(s, "operators, assets, metrics", test_operators_assets_metrics);
    CU_add_test(s, "dependencies, groups, cycle, finalize", test_dependencies_and_finalize);
    CU_add_test(s, "sector without assets, supply chain",
                test_sector_without_assets_and_supply_chain);
    CU_add_test(s, "empty world, distributions", test_empty_world_and_distributions);
    CU_add_test(s, "one-asset world", test_one_asset_world);
    CU_add_test(s, "bytes per asset and per dependency", test_bytes_per_asset_and_dependency);
    CU_add_test(s, "read accessors", test_read_accessors);
    CU_add_test(s, "igraph and GSL errors return codes", test_library_errors_return);
    return kikan_test_main();
}
