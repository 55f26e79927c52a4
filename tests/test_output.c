/*
 * Tests of output/: the HDF5 writer and reader (exact round trip of every
 * array), refusal of foreign files, atomic writes (injected failure after
 * every dataset, kill -9 in the middle of a write), checkpoints, the CSV and
 * JSON summaries, `kikan info`, and interoperability with h5dump/h5ls and
 * Python (h5py, xarray with h5netcdf and netcdf4) via tests/interop/check_h5.py.
 *
 * Values are "high-entropy" closed forms of (what-if, replicate, sector,
 * time) so that any transposition or offset shows; the Python script
 * recomputes the same closed forms with the same floating-point operations in
 * the same order, so it compares exactly.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <hdf5.h>
#include <hdf5_hl.h>
#include "models/world_impl.h"
#include "models/results_impl.h"
#include "output/h5_internal.h"
#include "tests/testutil.h"

/* ---- fixtures ------------------------------------------------------------------------------ */

static const char *const whatif_pool[] = {"vendor-A compromise", "停電 \"blackout\", east\n(2)",
                                          "contractor\\M"};
static const char *const sector_pool[] = {"power",    "telecom",  "rail",
                                          "aviation", "airports", "banking"};
static const char *const unit_pool[] = {"households", "subscribers", "passengers",
                                        "passengers", "passengers",  "accounts"};

/* The closed forms (tests/interop/check_h5.py has the same). */
static double f_curve(int w, int64_t r, int s, int g)
{
    return 2.385 * (w + 1) + 0.5 * (double)r + 10.0 * s + 0.125 * g;
}
static double f_ch(int w, int64_t r, int s)
{
    return 1000.0 * (s + 1) + 2.385 * (double)r + 0.25 * w;
}
static double f_peak(int w, int64_t r, int s)
{
    return 100.5 * (s + 1) + 0.75 * (double)r + w;
}

static char *xstrdup(const char *s)
{
    char *c = strdup(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    return c;
}

/* Results of the given sizes filled with the closed forms; econ_loss of what-if 1 is NaN. */
static kikan_results_t *make_results(int W, int S, int G, int64_t R, int summarize)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_results_new(W, S, G, R, &r), KIKAN_OK);
    r->kikan_version = xstrdup("0.1.0-test");
    r->scenario_name = xstrdup("テスト scenario, \"quoted\"");
    r->scenario_path = xstrdup("scenarios/library/test.yaml");
    r->scenario_text = xstrdup("name: test\nreplicates: 5\n# 日本語 comment\n");
    r->host = xstrdup("testhost");
    r->started = xstrdup("2026-11-25T10:00:00Z");
    r->finished = xstrdup("2026-11-25T10:05:30Z");
    r->tables_checksum =
        xstrdup("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    r->seed = UINT64_C(18446744073709551557); /* > 2^63: a signed type would mangle it */
    r->threads = 3;
    r->processes = 2;
    r->synthetic = 1;
    for (int w = 0; w < W; w++) {
        char buf[128];
        snprintf(buf, sizeof(buf), "%s%s%d", whatif_pool[w % 3], w >= 3 ? " #" : "",
                 w >= 3 ? w : 0);
        r->whatif_names[w] = xstrdup(w < 3 ? whatif_pool[w] : buf);
    }
    for (int s = 0; s < S; s++) {
        char buf[64];
        snprintf(buf, sizeof(buf), "%s%d", sector_pool[s % 6], s / 6);
        r->sector_ids[s] = xstrdup(s < 6 ? sector_pool[s] : buf);
        r->sector_units[s] = xstrdup(unit_pool[s % 6]);
    }
    for (int g = 0; g < G; g++) {
        r->grid[g] = 1.5 * g;
    }
    const int C = KIKAN_N_SIZE_CLASSES;
    for (int w = 0; w < W; w++) {
        for (int64_t rep = 0; rep < R; rep++) {
            const int64_t wr = (int64_t)w * R + rep;
            r->econ_loss[wr] = w == 1 ? NAN : 1e9 * (w + 1) + 12345.678 * (double)rep;
            r->implants[wr] = (double)(rep % 3 + w);
            for (int s = 0; s < S; s++) {
                const int64_t o = wr * S + s;
                r->customer_hours[o] = f_ch(w, rep, s);
                r->peak_customers[o] = f_peak(w, rep, s);
                r->life_weighted[o] = 1.5 * f_ch(w, rep, s);
                for (int c = 0; c < C; c++) {
                    r->ops_affected[o * C + c] = (double)((rep + s + c + w) % 5);
                }
                for (int g = 0; g < G; g++) {
                    r->curves[o * G + g] = f_curve(w, rep, s, g);
                }
            }
        }
    }
    if (summarize) {
        CU_ASSERT_EQUAL_FATAL(kikan_results_summarize(r), KIKAN_OK);
    }
    return r;
}

static kikan_world_t *make_world(kikan_ctx_t *ctx)
{
    kikan_world_t *w = NULL;
    kikan_id_t pw, tc, m_cust, m_mw, o1, o2, a[4], v1, v2, cls, k1;
    CU_ASSERT_EQUAL_FATAL(kikan_world_new(ctx, &w), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_sector(w, "power", "電力", "households", 3.0, 22e12, &pw),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(
        kikan_world_add_sector(w, "telecom", "Telecom", "subscribers", 2.0, 21e12, &tc), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_metric(w, "customers", &m_cust), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_metric(w, "capacity_mw", &m_mw), KIKAN_OK);
    kikan_id_t both[2] = {pw, tc};
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_operator(w, "op-east", "East Power", both, 2, 0, &o1),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_operator(w, "op-sme", "Small Tel", &tc, 1, 1, &o2),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_metric(w, o1, m_cust, 2.385e6), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_metric(w, o1, m_mw, 4125.5), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_metric(w, o2, m_cust, 31415.0), KIKAN_OK);
    const char *ids[4] = {"sub-1", "sub-2", "bts-1", "bts-2"};
    for (int i = 0; i < 4; i++) {
        kikan_asset_spec_t sp = {ids[i],
                                 i < 2 ? o1 : o2,
                                 i < 2 ? pw : tc,
                                 i < 2 ? "substation" : "base_station",
                                 "Tokyo",
                                 1000.0 * (i + 1),
                                 2.5 * i,
                                 NAN,
                                 0.75,
                                 {KIKAN_DIST_LOGNORMAL, 6.0, 0.5}};
        CU_ASSERT_EQUAL_FATAL(kikan_world_add_asset(w, &sp, &a[i]), KIKAN_OK);
    }
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_dependency(w, a[0], a[2], "power", "feed", 1, NULL),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_dependency(w, a[1], a[2], "power", "feed", 1, NULL),
                          KIKAN_OK);
    kikan_id_t d2 = KIKAN_NONE;
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_dependency(w, a[2], a[0], "telecom", NULL, 1, &d2),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_buffer(w, d2, 4.0), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_cold_restart(w, a[1], 9.0), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_set_asset_records(w, a[2], 500.0), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_link(w, a[0], a[1], NULL), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_vendor(w, "ven-A", "Vendor A", "XX", 3, &v1), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_vendor(w, "ven-B", "Vendor B", "JP", 1, &v2), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_class(w, "rtu", "RTU", pw, 1, &cls), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_contractor(w, "maint-1", "Maint", 1, &k1), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_installation(w, a[0], cls, v1, k1, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_add_installation(w, a[1], cls, v2, KIKAN_NONE, NULL),
                          KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_world_finalize(w), KIKAN_OK);
    return w;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Remove every file in dir, then dir. */
static void rm_dir(char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char *p = join(dir, e->d_name);
                unlink(p);
                free(p);
            }
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

/* Number of entries in dir whose name contains `part`. */
static int count_files(const char *dir, const char *part)
{
    int n = 0;
    DIR *d = opendir(dir);
    if (d == NULL) {
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && strstr(e->d_name, part)) {
            n++;
        }
    }
    closedir(d);
    return n;
}

/* Whole file as bytes; *n its size. */
static unsigned char *read_bytes(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(len > 0 ? (size_t)len : 1);
    *n = fread(b, 1, (size_t)len, f);
    fclose(f);
    return b;
}

static int same_double_array(const double *a, const double *b, int64_t n)
{
    return memcmp(a, b, (size_t)n * sizeof(double)) == 0;
}

static void assert_same_results(const kikan_results_t *a, const kikan_results_t *b)
{
    const int W = a->n_whatifs, S = a->n_sectors, G = a->n_grid;
    const int64_t R = a->n_replicates, wrs = (int64_t)W * R * S;
    CU_ASSERT_EQUAL_FATAL(b->n_whatifs, W);
    CU_ASSERT_EQUAL_FATAL(b->n_sectors, S);
    CU_ASSERT_EQUAL_FATAL(b->n_grid, G);
    CU_ASSERT_EQUAL_FATAL(b->n_replicates, R);
    CU_ASSERT_STRING_EQUAL(b->kikan_version, a->kikan_version);
    CU_ASSERT_STRING_EQUAL(b->scenario_name, a->scenario_name);
    CU_ASSERT_STRING_EQUAL(b->scenario_path, a->scenario_path);
    CU_ASSERT_STRING_EQUAL(b->scenario_text, a->scenario_text);
    CU_ASSERT_STRING_EQUAL(b->host, a->host);
    CU_ASSERT_STRING_EQUAL(b->started, a->started);
    CU_ASSERT_STRING_EQUAL(b->finished, a->finished);
    CU_ASSERT_STRING_EQUAL(b->tables_checksum, a->tables_checksum);
    CU_ASSERT(b->seed == a->seed);
    CU_ASSERT_EQUAL(b->threads, a->threads);
    CU_ASSERT_EQUAL(b->processes, a->processes);
    CU_ASSERT_EQUAL(b->synthetic, a->synthetic);
    for (int w = 0; w < W; w++) {
        CU_ASSERT_STRING_EQUAL(b->whatif_names[w], a->whatif_names[w]);
    }
    for (int s = 0; s < S; s++) {
        CU_ASSERT_STRING_EQUAL(b->sector_ids[s], a->sector_ids[s]);
        CU_ASSERT_STRING_EQUAL(b->sector_units[s], a->sector_units[s]);
    }
    CU_ASSERT(same_double_array(a->grid, b->grid, G));
    CU_ASSERT(same_double_array(a->customer_hours, b->customer_hours, wrs));
    CU_ASSERT(same_double_array(a->peak_customers, b->peak_customers, wrs));
    CU_ASSERT(same_double_array(a->life_weighted, b->life_weighted, wrs));
    CU_ASSERT(same_double_array(a->ops_affected, b->ops_affected, wrs * KIKAN_N_SIZE_CLASSES));
    CU_ASSERT(same_double_array(a->econ_loss, b->econ_loss, (int64_t)W * R));
    CU_ASSERT(same_double_array(a->implants, b->implants, (int64_t)W * R));
    CU_ASSERT(same_double_array(a->curves, b->curves, wrs * G));
    CU_ASSERT_EQUAL(a->st_customer_hours == NULL, b->st_customer_hours == NULL);
    CU_ASSERT_EQUAL(a->curve_mean == NULL, b->curve_mean == NULL);
    if (a->st_customer_hours != NULL && b->st_customer_hours != NULL) {
        const size_t ws = (size_t)W * (size_t)S * sizeof(kikan_stat_t);
        CU_ASSERT(memcmp(a->st_customer_hours, b->st_customer_hours, ws) == 0);
        CU_ASSERT(memcmp(a->st_peak, b->st_peak, ws) == 0);
        CU_ASSERT(memcmp(a->st_life, b->st_life, ws) == 0);
        CU_ASSERT(memcmp(a->st_econ, b->st_econ, (size_t)W * sizeof(kikan_stat_t)) == 0);
    }
    if (a->curve_mean != NULL && b->curve_mean != NULL) {
        const int64_t n = (int64_t)W * S * G;
        CU_ASSERT(same_double_array(a->curve_mean, b->curve_mean, n));
        CU_ASSERT(same_double_array(a->curve_q05, b->curve_q05, n));
        CU_ASSERT(same_double_array(a->curve_q50, b->curve_q50, n));
        CU_ASSERT(same_double_array(a->curve_q95, b->curve_q95, n));
    }
}

/* Does the context hold a diagnostic containing `part`? */
static int has_diag(const kikan_ctx_t *ctx, const char *part)
{
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        if (strstr(kikan_diag_get(ctx, i), part) != NULL) {
            return 1;
        }
    }
    return 0;
}

static kikan_ctx_t *quiet_ctx(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    kikan_ctx_set_log_level(ctx, KIKAN_LOG_ERROR);
    kikan_ctx_set_log_stream(ctx, stderr);
    return ctx;
}

/* ---- round trip ------------------------------------------------------------------------ */

static void test_roundtrip(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_world_t *world = make_world(ctx);
    kikan_results_t *a = make_results(3, 4, 7, 5, 1), *b = NULL;
    char *dir = kikan_test_tmpdir(), *path = join(dir, "r.h5");
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, path, a, world, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
    assert_same_results(a, b);
    /* NaN survives bit for bit and stays NaN */
    CU_ASSERT(isnan(b->econ_loss[1 * 5 + 2]));
    kikan_results_free(&b);
    CU_ASSERT_PTR_NULL(b);

    /* writing again replaces the file (and the scenario fills what res lacks) */
    kikan_scenario_t scen = {0};
    scen.name = "from-scenario";
    scen.text = "text-from-scenario";
    scen.path = "p.yaml";
    scen.horizon_hours = 9.0;
    scen.step_hours = 1.5;
    free(a->scenario_name);
    a->scenario_name = NULL;
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, path, a, NULL, &scen), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(b->scenario_name, "from-scenario");
    CU_ASSERT_STRING_EQUAL(b->scenario_text, a->scenario_text); /* res wins where set */
    kikan_results_free(&b);
    kikan_results_free(&a);
    kikan_world_free(&world);
    free(path);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* One of everything, no statistics: the statistics stay absent after reading. */
static void test_roundtrip_single_unsummarised(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(1, 1, 1, 1, 0), *b = NULL;
    char *dir = kikan_test_tmpdir(), *path = join(dir, "one.h5");
    /* an empty world: every /network table exists with zero rows */
    kikan_world_t *empty = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_world_new(ctx, &empty), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, path, a, empty, NULL), KIKAN_OK);
    kikan_world_free(&empty);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hsize_t nf = 0, nrec = 99;
    CU_ASSERT(H5TBget_table_info(f, "/network/assets", &nf, &nrec) >= 0);
    CU_ASSERT_EQUAL(nf, 13);
    CU_ASSERT_EQUAL(nrec, 0);
    H5Fclose(f);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
    assert_same_results(a, b);
    CU_ASSERT_PTR_NULL(b->st_customer_hours);
    CU_ASSERT_PTR_NULL(b->curve_mean);
    /* summaries need statistics */
    CU_ASSERT_EQUAL(kikan_csv_write_summary(ctx, dir, b), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_json_write_summary(stdout, b), KIKAN_EINVAL);
    kikan_results_free(&b);
    kikan_results_free(&a);
    free(path);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* /network keeps what the outage semantics read: each asset's cold restart (default = its
 * warm restart, 0.75 h here; 9 h set on sub-2) and records, each dependency's own buffer
 * (4 h on bts-1 -> sub-1, 0 elsewhere). */
static void test_network_restart_buffer_records(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(1, 2, 3, 2, 1);
    kikan_world_t *world = make_world(ctx);
    char *dir = kikan_test_tmpdir(), *path = join(dir, "net.h5");
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, a, world, NULL), KIKAN_OK);
    hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    double cold[4] = {0}, rec[4] = {0}, buf[3] = {0};
    size_t off0 = 0, sz = sizeof(double);
    CU_ASSERT(H5TBread_fields_name(f, "/network/assets", "cold_restart_hours", 0, 4, sz, &off0, &sz,
                                   cold) >= 0);
    CU_ASSERT(H5TBread_fields_name(f, "/network/assets", "records", 0, 4, sz, &off0, &sz, rec) >=
              0);
    CU_ASSERT(H5TBread_fields_name(f, "/network/dependencies", "buffer_hours", 0, 3, sz, &off0, &sz,
                                   buf) >= 0);
    H5Fclose(f);
    const double want_cold[4] = {0.75, 9.0, 0.75, 0.75}, want_rec[4] = {0, 0, 500.0, 0};
    const double want_buf[3] = {0, 0, 4.0};
    for (int i = 0; i < 4; i++) {
        CU_ASSERT_DOUBLE_EQUAL(cold[i], want_cold[i], 0);
        CU_ASSERT_DOUBLE_EQUAL(rec[i], want_rec[i], 0);
    }
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_DOUBLE_EQUAL(buf[i], want_buf[i], 0);
    }
    kikan_results_free(&a);
    kikan_world_free(&world);
    free(path);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

static void test_invalid_arguments(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(1, 2, 3, 2, 1), *b = NULL;
    uint8_t done[2] = {1, 0};
    CU_ASSERT_EQUAL(kikan_h5_write(NULL, "x.h5", a, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, NULL, a, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, "x.h5", NULL, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_read(ctx, NULL, &b), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_write(ctx, "x.h5", a, 0, done), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_write(ctx, "x.h5", a, 1, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, "x.h5", a, 0, done), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_csv_write_summary(ctx, NULL, a), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_json_write_summary(NULL, a), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(access("x.h5", F_OK), -1);
    kikan_results_free(&a);
    kikan_ctx_free(&ctx);
}

/* ---- foreign files ------------------------------------------------------------------------ */

/* Set the root attribute schema_version of an existing file. */
static void set_schema_version(const char *path, int v)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    CU_ASSERT(H5Adelete(f, "schema_version") >= 0);
    CU_ASSERT(H5LTset_attribute_int(f, "/", "schema_version", &v, 1) >= 0);
    H5Fclose(f);
}

static void expect_format_error(kikan_ctx_t *ctx, const char *path, const char *msg)
{
    kikan_results_t *b = NULL;
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_read(ctx, path, &b), KIKAN_EFORMAT);
    CU_ASSERT_PTR_NULL(b);
    if (!has_diag(ctx, msg)) {
        fprintf(stderr, "expected a diagnostic containing '%s', got:\n", msg);
        kikan_diag_print(ctx, stderr);
        CU_FAIL("diagnostic");
    }
}

static void test_refuse_foreign_files(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(2, 2, 3, 3, 1), *b = NULL;
    char *dir = kikan_test_tmpdir();
    char *text = join(dir, "text.h5"), *empty = join(dir, "empty.h5"), *plain = join(dir, "p.h5");
    char *newer = join(dir, "newer.h5"), *shape = join(dir, "shape.h5");
    char *cut = join(dir, "cut.h5"), *missing = join(dir, "missing.h5");

    /* missing file: an I/O error naming the file */
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_read(ctx, missing, &b), KIKAN_EIO);
    CU_ASSERT(has_diag(ctx, "missing.h5: cannot open"));
    /* a directory */
    expect_format_error(ctx, dir, "not a regular file");
    /* not HDF5 at all */
    CU_ASSERT_FATAL(kikan_test_write(text, "whatif,sector\nx,y\n"));
    expect_format_error(ctx, text, "not an HDF5 file");
    CU_ASSERT_FATAL(kikan_test_write(empty, ""));
    expect_format_error(ctx, empty, "not an HDF5 file");
    /* HDF5 but not kikan: a plain file with a dataset, as another tool would write */
    hid_t f = H5Fcreate(plain, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    double x[3] = {2.385, 1.5, 7.25};
    hsize_t n = 3;
    CU_ASSERT(H5LTmake_dataset_double(f, "/customer_hours", 1, &n, x) >= 0);
    CU_ASSERT(H5LTset_attribute_string(f, "/", "kikan_schema_typo", "kikan-results") >= 0);
    H5Fclose(f);
    expect_format_error(ctx, plain, "not a kikan results file");
    /* the wrong schema name */
    f = H5Fopen(plain, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT(H5LTset_attribute_string(f, "/", "kikan_schema", "other-results") >= 0);
    H5Fclose(f);
    expect_format_error(ctx, plain, "kikan_schema is 'other-results'");
    /* right schema, but nothing else: names the first missing piece */
    f = H5Fopen(plain, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT(H5Adelete(f, "kikan_schema") >= 0);
    CU_ASSERT(H5LTset_attribute_string(f, "/", "kikan_schema", KIKAN_H5_SCHEMA) >= 0);
    int one = 1;
    CU_ASSERT(H5LTset_attribute_int(f, "/", "schema_version", &one, 1) >= 0);
    H5Fclose(f);
    expect_format_error(ctx, plain, "dataset '/replicates/whatif' is missing");

    /* a newer schema version */
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, newer, a, NULL, NULL), KIKAN_OK);
    set_schema_version(newer, KIKAN_H5_SCHEMA_VERSION + 1);
    expect_format_error(ctx, newer, "schema_version 3 is newer");
    set_schema_version(newer, 0);
    expect_format_error(ctx, newer, "invalid 'schema_version'");

    /* a dataset with the wrong shape */
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, shape, a, NULL, NULL), KIKAN_OK);
    f = H5Fopen(shape, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT(H5Ldelete(f, "/replicates/peak_customers", H5P_DEFAULT) >= 0);
    CU_ASSERT(H5LTmake_dataset_double(f, "/replicates/peak_customers", 1, &n, x) >= 0);
    H5Fclose(f);
    expect_format_error(ctx, shape, "'/replicates/peak_customers' has shape 3, expected 2 x 3 x 2");
    /* a string where numbers belong */
    f = H5Fopen(shape, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT(H5Ldelete(f, "/replicates/peak_customers", H5P_DEFAULT) >= 0);
    CU_ASSERT(H5Ldelete(f, "/timeseries/time", H5P_DEFAULT) >= 0);
    CU_ASSERT(H5LTmake_dataset_string(f, "/timeseries/time", "abc") >= 0);
    H5Fclose(f);
    expect_format_error(ctx, shape, "'/timeseries/time' should be one-dimensional");

    /* a truncated kikan file: every prefix length tried must fail cleanly, never crash */
    size_t len = 0;
    unsigned char *bytes = read_bytes(newer, &len);
    CU_ASSERT_FATAL(bytes != NULL && len > 4096);
    for (size_t keep = 8; keep < len; keep = keep * 2 + 5) {
        FILE *o = fopen(cut, "wb");
        CU_ASSERT_FATAL(o != NULL);
        CU_ASSERT_EQUAL(fwrite(bytes, 1, keep, o), keep);
        fclose(o);
        kikan_error_t err = kikan_h5_read(ctx, cut, &b);
        CU_ASSERT(err == KIKAN_EFORMAT);
        CU_ASSERT_PTR_NULL(b);
        kikan_results_free(&b);
    }
    free(bytes);

    kikan_results_free(&a);
    free(text);
    free(empty);
    free(plain);
    free(newer);
    free(shape);
    free(cut);
    free(missing);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* ---- atomic writes ------------------------------------------------------------------------- */

static void test_check_writable(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    char *dir = kikan_test_tmpdir();
    char *nodir = join(dir, "no/such/dir/out.h5"), *file = join(dir, "f");
    char *under_file = join(dir, "f/out.h5"), *ok = join(dir, "out.h5");
    CU_ASSERT_FATAL(kikan_test_write(file, "x"));

    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, ok), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, "relative-name.h5"), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 0);

    char expect[1024];
    snprintf(expect, sizeof(expect), "cannot write '%s': directory '%s/no/such/dir' does not exist",
             nodir, dir);
    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, nodir), KIKAN_EINPUT);
    CU_ASSERT_EQUAL_FATAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), expect);
    kikan_diag_clear(ctx);

    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, under_file), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "is not a directory"));
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, dir), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "it is a directory"));
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, ""), KIKAN_EINPUT);
    kikan_diag_clear(ctx);
    if (geteuid() != 0) { /* root may write anywhere */
        char *ro = join(dir, "ro"), *in_ro = join(dir, "ro/out.h5");
        CU_ASSERT_FATAL(mkdir(ro, 0555) == 0);
        CU_ASSERT_EQUAL(kikan_h5_check_writable(ctx, in_ro), KIKAN_EINPUT);
        CU_ASSERT(has_diag(ctx, "is not writable"));
        rmdir(ro);
        free(ro);
        free(in_ro);
        kikan_diag_clear(ctx);
    }
    /* the writer refuses up front too, and creates nothing */
    kikan_results_t *a = make_results(1, 1, 2, 1, 1);
    CU_ASSERT_EQUAL(kikan_h5_write(ctx, nodir, a, NULL, NULL), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "does not exist"));
    kikan_results_free(&a);
    free(nodir);
    free(file);
    free(under_file);
    free(ok);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

typedef struct {
    int fail_at; /* fail after this many datasets (0: never) */
    int count;   /* datasets seen */
    int pipe_fd; /* kill test: tell the parent, then wait to be killed */
} hook_state_t;

static int hook(void *arg, int n)
{
    hook_state_t *h = arg;
    h->count = n;
    if (h->fail_at > 0 && n == h->fail_at) {
        if (h->pipe_fd >= 0) {
            char c = 'k';
            if (write(h->pipe_fd, &c, 1) != 1) {
                _exit(3);
            }
            for (;;) {
                pause();
            }
        }
        return 1;
    }
    return 0;
}

static void test_injected_failure_keeps_old_file(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    FILE *devnull = fopen("/dev/null", "w"); /* one "injected" error line per attempt */
    CU_ASSERT_PTR_NOT_NULL_FATAL(devnull);
    kikan_ctx_set_log_stream(ctx, devnull);
    kikan_world_t *world = make_world(ctx);
    kikan_results_t *old = make_results(1, 2, 3, 2, 1), *neu = make_results(2, 3, 5, 4, 1);
    kikan_results_t *b = NULL;
    char *dir = kikan_test_tmpdir(), *path = join(dir, "res.h5"), *fresh = join(dir, "new.h5");
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, old, NULL, NULL), KIKAN_OK);
    size_t old_len = 0, len = 0;
    unsigned char *old_bytes = read_bytes(path, &old_len);

    /* count the datasets of a full write */
    hook_state_t h = {0, 0, -1};
    kikan_h5_hooks_t hooks = {hook, &h};
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write_hooked(ctx, fresh, neu, world, NULL, &hooks), KIKAN_OK);
    const int total = h.count;
    printf("(%d datasets) ", total);
    CU_ASSERT(total > 30); /* network, scales, replicates, timeseries, statistics */
    unlink(fresh);

    for (int n = 1; n <= total; n++) {
        h = (hook_state_t){n, 0, -1};
        CU_ASSERT_EQUAL(kikan_h5_write_hooked(ctx, path, neu, world, NULL, &hooks), KIKAN_EIO);
        CU_ASSERT_EQUAL(h.count, n);
        unsigned char *now = read_bytes(path, &len);
        CU_ASSERT(now != NULL && len == old_len && memcmp(now, old_bytes, len) == 0);
        free(now);
        /* and with no older file, nothing at all appears */
        CU_ASSERT_EQUAL(kikan_h5_write_hooked(ctx, fresh, neu, world, NULL, &hooks), KIKAN_EIO);
        CU_ASSERT_EQUAL(access(fresh, F_OK), -1);
        CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);
    }
    CU_ASSERT_EQUAL(count_files(dir, ""), 1);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
    assert_same_results(old, b);
    kikan_results_free(&b);

    free(old_bytes);
    kikan_results_free(&old);
    kikan_results_free(&neu);
    kikan_world_free(&world);
    free(path);
    free(fresh);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
    fclose(devnull);
}

static void test_kill9_mid_write(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    /* large enough that the big datasets are chunked and compressed in many chunks */
    kikan_results_t *old = make_results(1, 2, 3, 2, 1), *big = make_results(2, 6, 169, 400, 1);
    kikan_results_t *b = NULL;
    char *dir = kikan_test_tmpdir(), *path = join(dir, "res.h5");
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, old, NULL, NULL), KIKAN_OK);
    size_t old_len = 0, len = 0;
    unsigned char *old_bytes = read_bytes(path, &old_len);

    /* kill after the datasets up to and including /timeseries/customers_off are written */
    hook_state_t h = {0, 0, -1};
    kikan_h5_hooks_t hooks = {hook, &h};
    char *probe = join(dir, "probe.h5");
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write_hooked(ctx, probe, big, NULL, NULL, &hooks), KIKAN_OK);
    unlink(probe);
    free(probe);
    const int stops[2] = {h.count / 2, h.count};
    for (int k = 0; k < 2; k++) {
        int fds[2];
        CU_ASSERT_FATAL(pipe(fds) == 0);
        fflush(NULL);
        pid_t pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            close(fds[0]);
            h = (hook_state_t){stops[k], 0, fds[1]};
            kikan_h5_write_hooked(ctx, path, big, NULL, NULL, &hooks);
            _exit(4); /* not reached: the hook waits to be killed */
        }
        close(fds[1]);
        char c = 0;
        CU_ASSERT_EQUAL(read(fds[0], &c, 1), 1);
        close(fds[0]);
        CU_ASSERT_EQUAL(c, 'k');
        CU_ASSERT_EQUAL(kill(pid, SIGKILL), 0);
        int st = 0;
        CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
        CU_ASSERT(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
        /* the final name still holds the old file, byte for byte */
        unsigned char *now = read_bytes(path, &len);
        CU_ASSERT(now != NULL && len == old_len && memcmp(now, old_bytes, len) == 0);
        free(now);
        /* the killed writer left its temporary file: big, and not a valid results file */
        CU_ASSERT_EQUAL(count_files(dir, "res.h5.tmp."), 1);
        CU_ASSERT_EQUAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
        assert_same_results(old, b);
        kikan_results_free(&b);
        /* a later run is not disturbed by the leftover: it writes and renames its own */
        CU_ASSERT_EQUAL(kikan_h5_write(ctx, path, big, NULL, NULL), KIKAN_OK);
        CU_ASSERT_EQUAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
        if (b != NULL) {
            assert_same_results(big, b);
        }
        kikan_results_free(&b);
        CU_ASSERT_EQUAL(kikan_h5_write(ctx, path, old, NULL, NULL), KIKAN_OK);
        free(old_bytes);
        old_bytes = read_bytes(path, &old_len);
        /* remove the leftover */
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strstr(e->d_name, ".tmp.") != NULL) {
                char *p = join(dir, e->d_name);
                unlink(p);
                free(p);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
    }

    /*
     * Asynchronous kills at arbitrary moments (inside H5Dwrite, the flush, the
     * fsync or after the rename): the final name must hold either the old file
     * byte for byte or the complete new one, never a mixture.
     */
    const int delays_ms[] = {0, 3, 10, 30, 60, 120, 250, 500};
    int saw_old = 0, saw_new = 0;
    for (size_t k = 0; k < sizeof(delays_ms) / sizeof(delays_ms[0]); k++) {
        CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, old, NULL, NULL), KIKAN_OK);
        free(old_bytes);
        old_bytes = read_bytes(path, &old_len);
        fflush(NULL);
        pid_t pid = fork();
        CU_ASSERT_FATAL(pid >= 0);
        if (pid == 0) {
            _exit(kikan_h5_write(ctx, path, big, NULL, NULL) == KIKAN_OK ? 0 : 5);
        }
        struct timespec ts = {0, 0};
        ts.tv_nsec = delays_ms[k] * 1000000; /* < 1 s */
        nanosleep(&ts, NULL);
        kill(pid, SIGKILL);
        int st = 0;
        CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
        unsigned char *now = read_bytes(path, &len);
        if (now != NULL && len == old_len && memcmp(now, old_bytes, len) == 0) {
            saw_old++;
        } else {
            CU_ASSERT_EQUAL(kikan_h5_read(ctx, path, &b), KIKAN_OK);
            if (b != NULL) {
                assert_same_results(big, b);
                saw_new++;
            }
            kikan_results_free(&b);
        }
        free(now);
        DIR *d = opendir(dir);
        struct dirent *e;
        while (d != NULL && (e = readdir(d)) != NULL) {
            if (strstr(e->d_name, ".tmp.") != NULL) {
                char *p = join(dir, e->d_name);
                unlink(p);
                free(p);
            }
        }
        if (d != NULL) {
            closedir(d);
        }
    }
    printf("(async kills: %d before, %d after the rename) ", saw_old, saw_new);
    CU_ASSERT_EQUAL(saw_old + saw_new, (int)(sizeof(delays_ms) / sizeof(delays_ms[0])));
    free(old_bytes);
    kikan_results_free(&old);
    kikan_results_free(&big);
    free(path);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* ---- checkpoints --------------------------------------------------------------------------- */

static void test_checkpoint(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    const int64_t R = 7, bs = 3; /* blocks {0,1,2} {3,4,5} {6} */
    kikan_results_t *full = make_results(2, 3, 4, R, 0), *run = NULL, *b = NULL;
    char *dir = kikan_test_tmpdir(), *cp = join(dir, "run.ckpt.h5"), *res = join(dir, "r.h5");
    uint8_t done[3] = {1, 0, 1}, got[3] = {9, 9, 9};
    CU_ASSERT_EQUAL_FATAL(kikan_h5_checkpoint_write(ctx, cp, full, bs, done), KIKAN_OK);

    /* a fresh run of the same scenario: sizes and provenance, slots still zero */
    run = make_results(2, 3, 4, R, 0);
    const int64_t wrs = 2 * R * 3;
    memset(run->customer_hours, 0, (size_t)wrs * sizeof(double));
    memset(run->curves, 0, (size_t)wrs * 4 * sizeof(double));
    CU_ASSERT_EQUAL_FATAL(kikan_h5_checkpoint_read(ctx, cp, run, bs, got), KIKAN_OK);
    CU_ASSERT(got[0] == 1 && got[1] == 0 && got[2] == 1);
    for (int w = 0; w < 2; w++) {
        for (int64_t r = 0; r < R; r++) {
            const int restored = r < 3 || r == 6;
            for (int s = 0; s < 3; s++) {
                const int64_t o = ((int64_t)w * R + r) * 3 + s;
                CU_ASSERT_EQUAL(run->customer_hours[o], restored ? f_ch(w, r, s) : 0.0);
                CU_ASSERT_EQUAL(run->curves[o * 4 + 3], restored ? f_curve(w, r, s, 3) : 0.0);
            }
        }
    }
    /* a checkpoint is not a results file, and vice versa */
    expect_format_error(ctx, cp, "kikan_schema is 'kikan-checkpoint', expected 'kikan-results'");
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, res, full, NULL, NULL), KIKAN_OK);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, res, run, bs, got), KIKAN_EFORMAT);
    CU_ASSERT(has_diag(ctx, "expected 'kikan-checkpoint'"));
    /* a different run is refused, saying why */
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, cp, run, 2, got), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "blocks of 3 replicates, this run 2"));
    kikan_diag_clear(ctx);
    run->seed = 2385;
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, cp, run, bs, got), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "the seed differs"));
    kikan_results_free(&run);
    run = make_results(2, 3, 4, R + 1, 0);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, cp, run, bs, got), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "sizes"));
    kikan_results_free(&run);
    run = make_results(2, 3, 4, R, 0);
    free(run->scenario_text);
    run->scenario_text = xstrdup("name: other\n");
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, cp, run, bs, got), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "scenario text differs"));

    /* all blocks done: a complete restore equals the original */
    uint8_t all[3] = {1, 1, 1};
    CU_ASSERT_EQUAL_FATAL(kikan_h5_checkpoint_write(ctx, cp, full, bs, all), KIKAN_OK);
    kikan_results_free(&run);
    run = make_results(2, 3, 4, R, 0);
    memset(run->curves, 0, (size_t)wrs * 4 * sizeof(double));
    CU_ASSERT_EQUAL(kikan_h5_checkpoint_read(ctx, cp, run, bs, got), KIKAN_OK);
    CU_ASSERT(same_double_array(run->curves, full->curves, wrs * 4));
    CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);

    kikan_results_free(&b);
    kikan_results_free(&run);
    kikan_results_free(&full);
    free(cp);
    free(res);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* ---- CSV and JSON ------------------------------------------------------------------------- */

/* Split one CSV record (RFC 4180) starting at *p into fields[] (malloc'd); advances *p. */
static int csv_record(const char **p, char **fields, int max)
{
    int n = 0;
    const char *s = *p;
    if (*s == '\0') {
        return 0;
    }
    for (;;) {
        char *buf = malloc(strlen(s) + 1);
        size_t k = 0;
        if (*s == '"') {
            s++;
            for (;;) {
                if (*s == '"' && s[1] == '"') {
                    buf[k++] = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else {
                    buf[k++] = *s++;
                }
            }
        } else {
            while (*s && *s != ',' && *s != '\n') {
                buf[k++] = *s++;
            }
        }
        buf[k] = '\0';
        if (n < max) {
            fields[n++] = buf;
        } else {
            free(buf);
        }
        if (*s == ',') {
            s++;
            continue;
        }
        if (*s == '\n') {
            s++;
        }
        break;
    }
    *p = s;
    return n;
}

static void free_fields(char **f, int n)
{
    for (int i = 0; i < n; i++) {
        free(f[i]);
    }
}

/* Every CSV table opens with its header: no comment line (a spreadsheet would show it as
   data); the provenance is in provenance.json beside it. */
static const char *skip_provenance(const char *text, const kikan_results_t *r)
{
    (void)r;
    CU_ASSERT_EQUAL(strncmp(text, "whatif,", 7), 0);
    CU_ASSERT_PTR_NULL(strstr(text, "\n#"));
    return text;
}

/*
 * kikan_csv_write_summary replaces DIR's tables as a set: with a file size limit that the first
 * table (sectors.csv) fits but a later one does not, the write fails and every table and
 * provenance.json is still the earlier run's (was: sectors.csv new, the rest old), with no
 * temporary file left; kikan_csv_write_table's table and its provenance alike.
 */
static void test_csv_summary_set(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(3, 2, 4, 6, 1);
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    CU_ASSERT_EQUAL_FATAL(kikan_csv_write_summary(ctx, dir, a), KIKAN_OK);
    const char *names[] = {"sectors.csv", "whatifs.csv", "curves.csv", "provenance.json"};
    enum { N = sizeof(names) / sizeof(names[0]) };
    struct stat st;
    char *first = join(dir, names[0]);
    CU_ASSERT_FATAL(stat(first, &st) == 0 && st.st_size > 0);
    const off_t limit = st.st_size;
    int larger = 0;
    for (int i = 0; i < N; i++) {
        char *p = join(dir, names[i]);
        CU_ASSERT_FATAL(stat(p, &st) == 0);
        larger += st.st_size > limit;
        CU_ASSERT_FATAL(kikan_test_write(p, "earlier run\n"));
        free(p);
    }
    CU_ASSERT_FATAL(larger > 0);
    char *one = join(dir, "one.csv"), *one_prov = join(dir, "one.provenance.json");
    CU_ASSERT_FATAL(kikan_test_write(one, "earlier one\n") &&
                    kikan_test_write(one_prov, "earlier one\n"));
    struct rlimit old_lim, lim;
    CU_ASSERT_FATAL(getrlimit(RLIMIT_FSIZE, &old_lim) == 0);
    void (*old_sig)(int) = signal(SIGXFSZ, SIG_IGN);
    lim = old_lim;
    lim.rlim_cur = (rlim_t)limit;
    CU_ASSERT_FATAL(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    const kikan_error_t e1 = kikan_csv_write_summary(ctx, dir, a);
    /* sectors (which fits) into one.csv, its provenance (larger) over the limit */
    const kikan_error_t e2 = kikan_csv_write_table(ctx, one, "sectors", a);
    setrlimit(RLIMIT_FSIZE, &old_lim);
    signal(SIGXFSZ, old_sig);
    CU_ASSERT_EQUAL(e1, KIKAN_EIO);
    CU_ASSERT_EQUAL(e2, KIKAN_EIO);
    for (int i = 0; i < N; i++) {
        char *p = join(dir, names[i]), *t = kikan_test_slurp(p);
        CU_ASSERT(t != NULL && strcmp(t, "earlier run\n") == 0);
        free(t);
        free(p);
    }
    char *t1 = kikan_test_slurp(one), *t2 = kikan_test_slurp(one_prov);
    CU_ASSERT(t1 != NULL && strcmp(t1, "earlier one\n") == 0);
    CU_ASSERT(t2 != NULL && strcmp(t2, "earlier one\n") == 0);
    free(t1);
    free(t2);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
    free(one);
    free(one_prov);
    free(first);
    free(dir);
    kikan_results_free(&a);
    kikan_ctx_free(&ctx);
}

static void test_csv_summary(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    const int W = 3, S = 2, G = 4;
    const int64_t R = 6;
    kikan_results_t *a = make_results(W, S, G, R, 1);
    char *dir = kikan_test_tmpdir();
    char *sectors = join(dir, "sectors.csv"), *curves = join(dir, "curves.csv");
    char *whatifs = join(dir, "whatifs.csv");
    CU_ASSERT_EQUAL_FATAL(kikan_csv_write_summary(ctx, dir, a), KIKAN_OK);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);

    char *text = kikan_test_slurp(sectors), *f[64];
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    const char *p = skip_provenance(text, a);
    int n = csv_record(&p, f, 64);
    CU_ASSERT_EQUAL(n, 27 + KIKAN_N_SIZE_CLASSES);
    CU_ASSERT_STRING_EQUAL(f[0], "whatif");
    CU_ASSERT_STRING_EQUAL(f[3], "customer_hours_mean");
    CU_ASSERT_STRING_EQUAL(f[13], "weighted_person_hours_mean");
    CU_ASSERT_STRING_EQUAL(f[16], "people_per_customer");
    CU_ASSERT_STRING_EQUAL(f[17], "peak_people_mean");
    CU_ASSERT_STRING_EQUAL(f[21], "person_hours_mean");
    CU_ASSERT_STRING_EQUAL(f[27], "ops_affected_sme_mean");
    free_fields(f, n);
    int rows = 0;
    while ((n = csv_record(&p, f, 64)) > 0) {
        const int w = rows / S, s = rows % S;
        CU_ASSERT_EQUAL(n, 27 + KIKAN_N_SIZE_CLASSES);
        CU_ASSERT_EQUAL(strtod(f[16], NULL), a->sector_people[s]);
        CU_ASSERT_EQUAL(strtod(f[21], NULL), a->st_person_hours[w * S + s].mean);
        /* names with commas, quotes and newlines come back intact */
        CU_ASSERT_STRING_EQUAL(f[0], a->whatif_names[w]);
        CU_ASSERT_STRING_EQUAL(f[1], a->sector_ids[s]);
        CU_ASSERT_STRING_EQUAL(f[2], a->sector_units[s]);
        /* %.17g: the printed number is exactly the double */
        CU_ASSERT_EQUAL(strtod(f[3], NULL), a->st_customer_hours[w * S + s].mean);
        CU_ASSERT_EQUAL(strtod(f[6], NULL), a->st_customer_hours[w * S + s].ci_hi);
        CU_ASSERT_EQUAL(strtod(f[9], NULL), a->st_peak[w * S + s].mean);
        /* by hand: mean over r = 0..5 of 1000(s+1) + 2.385 r + 0.25 w = ... + 2.385 * 2.5 */
        CU_ASSERT_DOUBLE_EQUAL(strtod(f[3], NULL), 1000.0 * (s + 1) + 2.385 * 2.5 + 0.25 * w,
                               1e-9); /* summation rounding only */
        /* ops affected, class 0: mean over r of (r + s + w) % 5, by hand */
        double sum = 0;
        for (int r = 0; r < R; r++) {
            sum += (r + s + w) % 5;
        }
        CU_ASSERT_EQUAL(strtod(f[27], NULL), sum / R);
        free_fields(f, n);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, W * S);
    free(text);

    /* whatifs.csv: NaN economic loss is an empty field */
    text = kikan_test_slurp(whatifs);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    p = skip_provenance(text, a);
    n = csv_record(&p, f, 64);
    CU_ASSERT_EQUAL(n, 12);
    CU_ASSERT_STRING_EQUAL(f[7], "records_exposed_mean");
    free_fields(f, n);
    for (int w = 0; w < W; w++) {
        n = csv_record(&p, f, 64);
        CU_ASSERT_EQUAL_FATAL(n, 12);
        CU_ASSERT_EQUAL(strtod(f[7], NULL), a->st_records[w].mean);
        CU_ASSERT_STRING_EQUAL(f[0], a->whatif_names[w]);
        if (w == 1) {
            CU_ASSERT_STRING_EQUAL(f[1], "");
        } else {
            CU_ASSERT_EQUAL(strtod(f[1], NULL), a->st_econ[w].mean);
        }
        /* implants: mean over r of (r % 3 + w) = 1 + w for R = 6 */
        CU_ASSERT_EQUAL(strtod(f[6], NULL), 1.0 + w);
        free_fields(f, n);
    }
    free(text);

    /* curves.csv: long format, one row per (whatif, sector, time) */
    text = kikan_test_slurp(curves);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    p = skip_provenance(text, a);
    n = csv_record(&p, f, 64);
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_STRING_EQUAL(f[2], "hours");
    free_fields(f, n);
    rows = 0;
    while ((n = csv_record(&p, f, 64)) > 0) {
        const int w = rows / (S * G), s = (rows / G) % S, g = rows % G;
        CU_ASSERT_EQUAL(strtod(f[2], NULL), 1.5 * g);
        CU_ASSERT_EQUAL(strtod(f[3], NULL), a->curve_mean[(w * S + s) * G + g]);
        CU_ASSERT_EQUAL(strtod(f[5], NULL), a->curve_q50[(w * S + s) * G + g]);
        free_fields(f, n);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, W * S * G);
    free(text);

    /* provenance.json: version, scenario, seed, replicates, and each table's columns with
       units; the per-replicate and timeline tables have the same keys first */
    char *prov = join(dir, "provenance.json");
    text = kikan_test_slurp(prov);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char want[256];
    snprintf(want, sizeof(want), "\"kikan_version\": \"%s\"", a->kikan_version);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    snprintf(want, sizeof(want), "\"seed\": %" PRIu64 ",\n  \"replicates\": %" PRId64 ",", a->seed,
             R);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "{\"name\": \"person_hours_mean\", \"unit\": "
                                        "\"person-hours\"}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"replicates.csv\": {"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "{\"name\": \"econ_loss\", \"unit\": \"JPY\"}"));
    free(text);
    free(prov);
    char *reps = join(dir, "replicates.csv");
    text = kikan_test_slurp(reps);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    p = text;
    n = csv_record(&p, f, 64);
    CU_ASSERT_EQUAL(n, 8);
    CU_ASSERT_STRING_EQUAL(f[1], "replicate");
    CU_ASSERT_STRING_EQUAL(f[5], "person_hours");
    free_fields(f, n);
    rows = 0;
    while ((n = csv_record(&p, f, 64)) > 0) {
        CU_ASSERT_EQUAL(strtod(f[3], NULL), a->customer_hours[rows]); /* (w, r, s) order */
        CU_ASSERT_EQUAL(strtod(f[5], NULL), a->person_hours[rows]);
        free_fields(f, n);
        rows++;
    }
    CU_ASSERT_EQUAL(rows, W * R * S);
    free(text);
    free(reps);
    CU_ASSERT_EQUAL(count_files(dir, ".tmp."), 0);

    /* one table to a file: the same bytes as the directory's, provenance beside it */
    char *one = join(dir, "one.csv"), *oneprov = join(dir, "one.provenance.json");
    char *sec = join(dir, "sectors.csv");
    CU_ASSERT_EQUAL(kikan_csv_write_table(ctx, one, NULL, a), KIKAN_OK);
    char *t1 = kikan_test_slurp(one), *t2 = kikan_test_slurp(sec), *t3 = kikan_test_slurp(oneprov);
    CU_ASSERT(t1 != NULL && t2 != NULL && strcmp(t1, t2) == 0);
    CU_ASSERT(t3 != NULL && strstr(t3, "\"one.csv\": {") != NULL);
    free(t1);
    free(t2);
    free(t3);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_csv_write_table(ctx, one, "nope", a), KIKAN_EINVAL);
    CU_ASSERT(has_diag(ctx, "no table 'nope'"));
    free(one);
    free(oneprov);
    free(sec);

    /* a missing directory */
    char *nodir = join(dir, "nope");
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_csv_write_summary(ctx, nodir, a), KIKAN_EINPUT);
    CU_ASSERT(has_diag(ctx, "does not exist"));
    free(nodir);
    kikan_results_free(&a);
    free(sectors);
    free(curves);
    free(whatifs);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

static void test_json_summary(void)
{
    kikan_results_t *a = make_results(2, 2, 3, 4, 1);
    char *dir = kikan_test_tmpdir(), *path = join(dir, "s.json");
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(kikan_json_write_summary(f, a), KIKAN_OK);
    fclose(f);
    char *text = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    /* escaping by hand: quotes, backslash-free newline, UTF-8 passed through */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"name\": \"停電 \\\"blackout\\\", east\\n(2)\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"name\": \"テスト scenario, \\\"quoted\\\"\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"seed\": 18446744073709551557,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"replicates\": 4,"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"synthetic\": true"));
    /* what-if 1 has no economic loss: null, never NaN */
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"econ_loss_jpy\": {\"mean\": null"));
    CU_ASSERT_PTR_NULL(strstr(text, "nan"));
    CU_ASSERT_PTR_NULL(strstr(text, "NaN"));
    free(text);
    /* a control character becomes \u00XX */
    free(a->whatif_names[0]);
    a->whatif_names[0] = xstrdup("bell\a\x1f");
    f = fopen(path, "w");
    CU_ASSERT_EQUAL(kikan_json_write_summary(f, a), KIKAN_OK);
    fclose(f);
    text = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\"bell\\u0007\\u001f\""));
    free(text);
    kikan_results_free(&a);
    free(path);
    rm_dir(dir);
}

/* ---- kikan info -------------------------------------------------------------------------- */

static void test_cli_info(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_results_t *a = make_results(2, 3, 5, 8, 1);
    char *dir = kikan_test_tmpdir(), *path = join(dir, "r.h5"), *txt = join(dir, "t.txt");
    char *plain = join(dir, "plain.h5"), *args = NULL, *out = NULL, *errs = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, a, NULL, NULL), KIKAN_OK);
    size_t cap = strlen(dir) + 256;
    args = malloc(cap);

    snprintf(args, cap, "info '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "kikan-results version 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "テスト scenario"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "SYNTHETIC"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "18446744073709551557"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "replicates:  8"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "telecom"));
    /* peak mean of power in what-if 0: 100.5 + 0.75 * 3.5 = 103.125 -> "103.1" */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "103.1"));
    free(out);
    free(errs);

    snprintf(args, cap, "info --json '%s'", path);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &errs), 0);
    CU_ASSERT(out != NULL && out[0] == '{');
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"replicates\": 8"));
    free(out);
    free(errs);

    CU_ASSERT_EQUAL(kikan_test_cli("info --help", &out, &errs), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: kikan info"));
    free(out);
    free(errs);
    CU_ASSERT_EQUAL(kikan_test_cli("info", &out, &errs), 2);
    free(out);
    free(errs);
    CU_ASSERT_EQUAL(kikan_test_cli("info --bogus x.h5", &out, &errs), 2);
    free(out);
    free(errs);

    snprintf(args, cap, "info '%s/missing.h5'", dir);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &errs), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs, "missing.h5: cannot open: no such file"));
    free(out);
    free(errs);

    CU_ASSERT_FATAL(kikan_test_write(txt, "not hdf5\n"));
    snprintf(args, cap, "info '%s'", txt);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &errs), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs, "not an HDF5 file"));
    free(out);
    free(errs);

    hid_t f = H5Fcreate(plain, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    H5Fclose(f);
    snprintf(args, cap, "info --json '%s'", plain);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &errs), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(errs, "not a kikan results file"));
    CU_ASSERT(out != NULL && out[0] == '\0');
    /* HDF5's own error stack is not printed */
    CU_ASSERT_PTR_NULL(strstr(errs, "HDF5-DIAG"));
    free(out);
    free(errs);

    free(args);
    kikan_results_free(&a);
    free(path);
    free(txt);
    free(plain);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

/* ---- interoperability ------------------------------------------------------------------------ */

static const char *python(void)
{
    const char *env = getenv("KIKAN_PYTHON");
    if (env != NULL && env[0] != '\0') {
        return env;
    }
    /* Debian's interpreter, where python3-h5py & co. live (a pyenv shim may shadow it) */
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/* Run a shell command capturing stdout+stderr; returns the exit code, *out the text. */
static int run_capture(const char *cmd, const char *dir, char **out)
{
    char *log = join(dir, "cmd.log");
    size_t n = strlen(cmd) + strlen(log) + 32;
    char *full = malloc(n);
    snprintf(full, n, "%s >'%s' 2>&1", cmd, log);
    int st = system(full);
    *out = kikan_test_slurp(log);
    unlink(log);
    free(log);
    free(full);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_interop(void)
{
    kikan_ctx_t *ctx = quiet_ctx();
    kikan_world_t *world = make_world(ctx);
    const int W = 3, S = 4, G = 9;
    const int64_t R = 6;
    kikan_results_t *a = make_results(W, S, G, R, 1);
    char *dir = kikan_test_tmpdir(), *path = join(dir, "interop.h5"), *out = NULL;
    char cmd[4096];
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, a, world, NULL), KIKAN_OK);

    /* h5dump (headers only) shows the layout, the dimension scales and the attributes */
    snprintf(cmd, sizeof(cmd), "h5dump -H '%s'", path);
    CU_ASSERT_EQUAL(run_capture(cmd, dir, &out), 0);
    const char *want[] = {"GROUP \"provenance\"",
                          "GROUP \"network\"",
                          "DATASET \"operator_metrics\"",
                          "GROUP \"replicates\"",
                          "GROUP \"timeseries\"",
                          "DATASET \"customers_off\"",
                          "GROUP \"statistics\"",
                          "GROUP \"scope\"",
                          "ATTRIBUTE \"DIMENSION_LIST\"",
                          "ATTRIBUTE \"kikan_schema\"",
                          "CSET H5T_CSET_UTF8",
                          "ATTRIBUTE \"units\"",
                          "( 3, 6, 4, 9 )"};
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        if (out == NULL || strstr(out, want[i]) == NULL) {
            fprintf(stderr, "h5dump -H: missing %s\n", want[i]);
            CU_FAIL("h5dump layout");
        }
    }
    free(out);
    /* h5ls -r lists every path */
    snprintf(cmd, sizeof(cmd), "h5ls -r '%s'", path);
    CU_ASSERT_EQUAL(run_capture(cmd, dir, &out), 0);
    CU_ASSERT(out != NULL && strstr(out, "/timeseries/customers_off Dataset {3, 6, 4, 9}") != NULL);
    CU_ASSERT(out != NULL && strstr(out, "/network/assets") != NULL);
    free(out);

    /*
     * Python: h5py, xarray (h5netcdf and netcdf4 engines), the JSON of kikan info,
     * and the documented plotting example (docs/example_plot.py) making a PNG
     */
    char *json = join(dir, "info.json"), *png = join(dir, "curves.png");
    snprintf(cmd, sizeof(cmd), "'%s' info --json '%s' > '%s'", KIKAN_CLI, path, json);
    CU_ASSERT_EQUAL(system(cmd), 0);
    snprintf(cmd, sizeof(cmd),
             "MPLBACKEND=Agg '%s' '%s/tests/interop/check_h5.py' '%s' --json '%s' --plot '%s'",
             python(), KIKAN_SOURCE_DIR, path, json, png);
    int rc = run_capture(cmd, dir, &out);
    if (rc != 0) {
        fprintf(stderr, "check_h5.py failed (%d):\n%s\n", rc, out ? out : "");
    }
    CU_ASSERT_EQUAL(rc, 0);
    struct stat st;
    CU_ASSERT(stat(png, &st) == 0 && st.st_size > 1000);
    free(out);
    free(png);
    free(json);

    kikan_results_free(&a);
    kikan_world_free(&world);
    free(path);
    rm_dir(dir);
    kikan_ctx_free(&ctx);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("output", NULL, NULL);
    CU_add_test(s, "round trip: every array and string exactly", test_roundtrip);
    CU_add_test(s, "round trip: one of everything, no statistics",
                test_roundtrip_single_unsummarised);
    CU_add_test(s, "/network: cold restart, records, dependency buffers",
                test_network_restart_buffer_records);
    CU_add_test(s, "invalid arguments", test_invalid_arguments);
    CU_add_test(s, "foreign, newer, damaged and truncated files are refused",
                test_refuse_foreign_files);
    CU_add_test(s, "check_writable", test_check_writable);
    CU_add_test(s, "failure after each dataset keeps the old file",
                test_injected_failure_keeps_old_file);
    CU_add_test(s, "kill -9 mid-write keeps the old file", test_kill9_mid_write);
    CU_add_test(s, "checkpoints", test_checkpoint);
    CU_add_test(s, "CSV summary", test_csv_summary);
    CU_add_test(s, "CSV summary replaced as a set", test_csv_summary_set);
    CU_add_test(s, "JSON summary", test_json_summary);
    CU_add_test(s, "kikan info", test_cli_info);
    CU_add_test(s, "interop: h5dump, h5ls, h5py, xarray, plot example", test_interop);
    return kikan_test_main();
}
