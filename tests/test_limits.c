/*
 * Size limits end in clear errors, never in a crash, a hang or an attempt to
 * allocate the impossible: oversized files (refused by their size, before a
 * byte is read), YAML nesting, the output grid, replicates,
 * tables at the index type's limit, and the results arrays' W x R x S x G.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/kikan.h"
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/loader.h"
#include "tests/testutil.h"

#define TINY KIKAN_SOURCE_DIR "/scenarios/library/tiny"

/* Does any diagnostic contain needle? */
static int diag_has(const kikan_ctx_t *ctx, const char *needle)
{
    for (int i = 0; i < kikan_diag_count(ctx); i++) {
        if (strstr(kikan_diag_get(ctx, i), needle) != NULL) {
            return 1;
        }
    }
    return 0;
}

static void print_diags(const kikan_ctx_t *ctx)
{
    kikan_diag_print(ctx, stderr);
}

/* A sparse file of `size` bytes (no disk blocks): 1 on success. */
static int sparse(const char *path, off_t size)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        return 0;
    }
    int ok = ftruncate(fd, size) == 0;
    return (close(fd) == 0) && ok;
}

/* Load scenario text (written to a temporary file); returns the code, fills ctx. */
static kikan_error_t load_text(kikan_ctx_t *ctx, const char *text)
{
    char *dir = kikan_test_tmpdir();
    char path[512];
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, text));
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_error_t err = kikan_scenario_load(ctx, path, &s, &w);
    if (err == KIKAN_OK) {
        CU_ASSERT_PTR_NOT_NULL(s);
        CU_ASSERT_PTR_NOT_NULL(w);
    } else {
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_PTR_NULL(w);
    }
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    unlink(path);
    rmdir(dir);
    free(dir);
    return err;
}

/* A scenario on the tiny tables with the given time section. */
static kikan_error_t load_time(kikan_ctx_t *ctx, const char *horizon, const char *step,
                               const char *replicates)
{
    char text[2048];
    snprintf(text, sizeof(text),
             "kikan: 1\nname: lim\nnetwork: {tables: %s}\n"
             "time: {horizon_hours: %s, step_hours: %s}\n"
             "ensemble: {replicates: %s}\n"
             "whatifs:\n  - name: w\n    events: [{vendor: VND_C}]\n",
             TINY, horizon, step, replicates);
    kikan_diag_clear(ctx);
    return load_text(ctx, text);
}

/* ---- files ------------------------------------------------------------------------------ */

static void copy_tiny(const char *dir)
{
    static const char *const names[] = {
        "sectors.csv", "operators.csv",         "assets.csv",      "dependencies.csv", "links.csv",
        "vendors.csv", "equipment_classes.csv", "contractors.csv", "installations.csv"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char src[512], dst[512];
        snprintf(src, sizeof(src), "%s/%s", TINY, names[i]);
        snprintf(dst, sizeof(dst), "%s/%s", dir, names[i]);
        char *text = kikan_test_slurp(src);
        CU_ASSERT_PTR_NOT_NULL_FATAL(text);
        CU_ASSERT_FATAL(kikan_test_write(dst, text));
        free(text);
    }
}

static void rm_tables(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
}

/* A CSV table one byte over the limit is refused by its size, with the size in the message. */
static void test_csv_too_large(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    copy_tiny(dir);
    char path[512], expect[640];
    snprintf(path, sizeof(path), "%s/assets.csv", dir);
    CU_ASSERT_FATAL(sparse(path, (off_t)KIKAN_CSV_MAX_FILE + 1));
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_tables_load(ctx, dir, &w), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(w);
    /* 2^30 + 1 = 1073741825 */
    snprintf(expect, sizeof(expect), "%s: too large (1073741825 bytes; limit 1073741824)", path);
    CU_ASSERT(diag_has(ctx, expect));
    if (!diag_has(ctx, expect)) {
        print_diags(ctx);
    }
    /* 4 GiB + 1: the size still shows in full (no 32-bit truncation) */
    kikan_diag_clear(ctx);
    CU_ASSERT_FATAL(sparse(path, ((off_t)4 << 30) + 1));
    CU_ASSERT_EQUAL(kikan_tables_load(ctx, dir, &w), KIKAN_EINPUT);
    snprintf(expect, sizeof(expect), "%s: too large (4294967297 bytes; limit 1073741824)", path);
    CU_ASSERT(diag_has(ctx, expect));
    /* exactly at the limit is read (and then refused as binary data: the bytes are NUL) */
    kikan_diag_clear(ctx);
    char buf[8];
    size_t len = 0;
    char *data = NULL;
    CU_ASSERT_FATAL(sparse(path, 5));
    CU_ASSERT_EQUAL(kikan_read_file(path, 5, &data, &len), KIKAN_OK);
    CU_ASSERT_EQUAL(len, 5);
    free(data);
    data = NULL;
    CU_ASSERT_EQUAL(kikan_read_file(path, 4, &data, &len), KIKAN_ELIMIT);
    CU_ASSERT_EQUAL(len, 5);
    CU_ASSERT_PTR_NULL(data);
    /* a stream has no size: refused once more than max bytes arrive, size unknown (0) */
    CU_ASSERT_EQUAL(kikan_read_file("/dev/zero", 100000, &data, &len), KIKAN_ELIMIT);
    CU_ASSERT_EQUAL(len, 0);
    CU_ASSERT_PTR_NULL(data);
    (void)buf;
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    rm_tables(dir);
    free(dir);
}

static void test_yaml_too_large(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[512], expect[640];
    snprintf(path, sizeof(path), "%s/big.yaml", dir);
    CU_ASSERT_FATAL(sparse(path, ((off_t)1 << 20) + 1));
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_EINPUT);
    snprintf(expect, sizeof(expect), "%s: too large (1048577 bytes; limit 1048576)", path);
    CU_ASSERT(diag_has(ctx, expect));
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(w);
    kikan_ctx_free(&ctx);
    unlink(path);
    rmdir(dir);
    free(dir);
}

/* ---- YAML shape ------------------------------------------------------------------------- */

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    size_t lh = strlen(head), lu = strlen(unit), lt = strlen(tail);
    char *s = malloc(lh + lu * (size_t)n + lt + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    memcpy(s, head, lh);
    for (int i = 0; i < n; i++) {
        memcpy(s + lh + lu * (size_t)i, unit, lu);
    }
    memcpy(s + lh + lu * (size_t)n, tail, lt + 1);
    return s;
}

static void test_yaml_nesting(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    /* the root mapping is level 1: 31 lists inside it make 32 levels, the most accepted */
    char *open = repeat("x: ", "[", 31, "");
    char *text = repeat(open, "]", 31, "\n");
    CU_ASSERT_EQUAL(load_text(ctx, text), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "unknown key 'x'"));
    CU_ASSERT(!diag_has(ctx, "nested deeper"));
    free(open);
    free(text);
    /* one more is refused where it opens: line 1, column 3 + 32 */
    kikan_diag_clear(ctx);
    open = repeat("x: ", "[", 32, "");
    text = repeat(open, "]", 32, "\n");
    CU_ASSERT_EQUAL(load_text(ctx, text), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "s.yaml:1:35: lists and mappings nested deeper than 32 levels"));
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    free(open);
    free(text);
    /* half a million open brackets, unclosed: refused at once (libyaml alone is quadratic
     * in the depth: 16 MiB of them ran for more than 10 minutes) */
    kikan_diag_clear(ctx);
    text = repeat("", "[", 500000, "");
    CU_ASSERT_EQUAL(load_text(ctx, text), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "nested deeper than 32 levels"));
    free(text);
    kikan_ctx_free(&ctx);
}

/*
 * The widest file accepted: 1 MiB of "1," is about 524000 nodes. The size cap
 * is what bounds the node tree (16 MiB of them took 40 s and 1.4 GB before);
 * this one must load (and be refused for its unknown key) without trouble.
 */
static void test_yaml_widest(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    char *text = repeat("x: [", "1,", (int)((((size_t)1 << 20) - 8) / 2), "]\n");
    CU_ASSERT(strlen(text) <= ((size_t)1 << 20));
    CU_ASSERT_EQUAL(load_text(ctx, text), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "unknown key 'x'"));
    free(text);
    kikan_ctx_free(&ctx);
}

/* ---- time and ensemble ------------------------------------------------------------------ */

static void test_grid_points(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    /* floor(999999 / 1) + 1 = 1e6 points: the most allowed */
    CU_ASSERT_EQUAL(load_time(ctx, "999999", "1", "1"), KIKAN_OK);
    if (kikan_diag_count(ctx)) {
        print_diags(ctx);
    }
    /* floor(1e6 / 1) + 1 = 1000001 points */
    CU_ASSERT_EQUAL(load_time(ctx, "1e6", "1", "1"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "time.step_hours: horizon_hours / step_hours gives 1000001 output "
                            "grid points, at most 1000000"));
    /* floor(750000 / 0.25) + 1 = 3000001 points (both exact in binary) */
    CU_ASSERT_EQUAL(load_time(ctx, "750000", "0.25", "1"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "gives 3000001 output grid points"));
    /* a denormal step makes horizon/step infinite: still a clear refusal */
    CU_ASSERT_EQUAL(load_time(ctx, "72.5", "4.9e-324", "1"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "time.step_hours: horizon_hours / step_hours gives inf output grid"));
    CU_ASSERT_EQUAL(load_time(ctx, "1000000.5", "1000", "1"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "time.horizon_hours: expected at most 1e6 hours"));
    kikan_ctx_free(&ctx);
}

static void test_replicates(void)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(load_time(ctx, "72", "1", "1000000000"), KIKAN_OK);
    CU_ASSERT_EQUAL(load_time(ctx, "72", "1", "1000000001"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "ensemble.replicates: expected an integer in [1, 1000000000], got "
                            "'1000000001'"));
    CU_ASSERT_EQUAL(load_time(ctx, "72", "1", "99999999999999999999999"), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, "ensemble.replicates: expected an integer in [1, 1000000000]"));
    kikan_ctx_free(&ctx);
}

/* ---- work linear in the input ---------------------------------------------------------- */

/* Write a table of n generated rows: header, then PRE i MID [i] "\n" (i twice when MID). */
static void write_rows(const char *dir, const char *name, const char *header, const char *pre,
                       const char *mid, int n)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fprintf(f, "%s\n", header);
    for (int i = 0; i < n; i++) {
        if (mid != NULL) {
            fprintf(f, "%s%d%s%d\n", pre, i, mid, i);
        } else {
            fprintf(f, "%s%d\n", pre, i);
        }
    }
    CU_ASSERT(fclose(f) == 0);
}

/*
 * Many sectors, all assets in one: "sector has no assets" used to scan every
 * asset for every sector (100000 of each: 25 s); now one pass. Checked here
 * for the messages (the diagnostics stop at 10000 lines); the time is
 * measured in the report of the hardening branch, not asserted.
 */
static void test_many_empty_sectors(void)
{
    enum { N = 30000 };
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    write_rows(dir, "sectors.csv", "id", "s", NULL, N);
    write_rows(dir, "operators.csv", "id,sectors", "op0,s", NULL, 1);
    write_rows(dir, "assets.csv", "id,operator,sector,kind", "a", ",op0,s0,k", N);
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_tables_load(ctx, dir, &w), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(w);
    char expect[700];
    /* header on line 1, s0 on line 2: s1 is on line 3 */
    snprintf(expect, sizeof(expect), "%s/sectors.csv:3: sector 's1' has no assets", dir);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), expect);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 10000);
    kikan_ctx_free(&ctx);
    rm_tables(dir);
    free(dir);
}

/* Repeats in an operator's sector list and in a scenario id list, reported in order. */
static void test_repeats(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    copy_tiny(dir);
    char path[600], text[2048];
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    snprintf(text, sizeof(text),
             "kikan: 1\nname: rep\nnetwork: {tables: %s}\n"
             "time: {horizon_hours: 72.5, step_hours: 2.5}\n"
             "whatifs:\n  - name: w\n    events:\n"
             "      - assets: [SS_TOKYO, EX_TOKYO, SS_TOKYO, NOPE, EX_TOKYO, PWR_CC, SS_TOKYO]\n",
             dir);
    CU_ASSERT_EQUAL(load_text(ctx, text), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 4);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 0),
                     "whatifs[0].events[0].assets[3]: unknown asset 'NOPE'") != NULL);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 1), ":8:38: whatifs[0].events[0].assets[2]: 'SS_TOKYO' "
                                             "listed twice") != NULL);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 2), "assets[4]: 'EX_TOKYO' listed twice") != NULL);
    CU_ASSERT(strstr(kikan_diag_get(ctx, 3), "assets[6]: 'SS_TOKYO' listed twice") != NULL);
    if (kikan_diag_count(ctx) != 4) {
        print_diags(ctx);
    }
    /* an operator listing a sector twice, twice over, next to a good one */
    snprintf(path, sizeof(path), "%s/operators.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "id,sectors\nP,power;telecom;power\nQ,rail\n"
                                           "R,banking ; banking;banking\n"));
    kikan_world_t *w = NULL;
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(kikan_tables_load(ctx, dir, &w), KIKAN_EINPUT);
    CU_ASSERT(diag_has(ctx, ":2: sectors: sector 'power' listed twice"));
    CU_ASSERT(diag_has(ctx, ":4: sectors: sector 'banking' listed twice"));
    CU_ASSERT(!diag_has(ctx, ":3: sectors"));
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    rm_tables(dir);
    free(dir);
}

/* ---- the index type --------------------------------------------------------------------- */

/*
 * No CSV table can reach KIKAN_ID_MAX rows (csv.h asserts it at compile time:
 * the 1 GiB cap allows at most 2^29 rows); a generator or a program using the
 * builders can. A table is filled up to the limit by setting its count (the
 * world is transparent inside the library); the next row must be refused with
 * KIKAN_ELIMIT and a message, and nothing may be written past the array.
 */
static void test_index_limit(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    kikan_id_t op, a, b;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_new(ctx, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_world_add_builtin_sectors(w) == KIKAN_OK);
    kikan_id_t power = kikan_world_find_sector(w, "power");
    CU_ASSERT_FATAL(kikan_world_add_operator(w, "op", NULL, &power, 1, 0, &op) == KIKAN_OK);
    kikan_asset_spec_t spec = {"a1",  op,  power, "substation", "kanto",
                               2.385, 4.5, 6.5,   1.25,         {KIKAN_DIST_FIXED, 24.5, 0.0}};
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &spec, &a) == KIKAN_OK);
    spec.id = "a2";
    CU_ASSERT_FATAL(kikan_world_add_asset(w, &spec, &b) == KIKAN_OK);

    kikan_id_t n = w->n_links, cap = w->cap_links;
    w->n_links = w->cap_links = KIKAN_ID_MAX;
    CU_ASSERT_EQUAL(kikan_world_add_link(w, a, b, NULL), KIKAN_ELIMIT);
    CU_ASSERT(diag_has(ctx, "links: more than 2147483647 rows (the limit of the index type)"));
    w->n_links = n;
    w->cap_links = cap;

    n = w->n_assets;
    cap = w->cap_assets;
    w->n_assets = w->cap_assets = KIKAN_ID_MAX;
    spec.id = "a3";
    CU_ASSERT_EQUAL(kikan_world_add_asset(w, &spec, NULL), KIKAN_ELIMIT);
    CU_ASSERT(diag_has(ctx, "assets: more than 2147483647 rows"));
    w->n_assets = n;
    w->cap_assets = cap;
    /* the world is intact: one more link still goes in */
    CU_ASSERT_EQUAL(kikan_world_add_link(w, a, b, NULL), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_n_links(w), 1);
    CU_ASSERT_EQUAL(kikan_world_n_assets(w), 2);

    /* a string table at its limit: KIKAN_ELIMIT before touching memory */
    kikan_strtab_t t;
    kikan_strtab_init(&t);
    CU_ASSERT_EQUAL(kikan_strtab_add(&t, "x", 1, NULL), KIKAN_OK);
    kikan_id_t tn = t.n;
    t.n = KIKAN_ID_MAX;
    CU_ASSERT_EQUAL(kikan_strtab_add(&t, "y", 1, NULL), KIKAN_ELIMIT);
    t.n = tn;
    kikan_strtab_destroy(&t);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* ---- results ---------------------------------------------------------------------------- */

static void test_results_size(void)
{
    kikan_results_t *r = NULL;
    /* 3 x 2 x 6 x 73 doubles: fine */
    CU_ASSERT_EQUAL(kikan_results_new(3, 6, 73, 2, &r), KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL(r);
    kikan_results_free(&r);
    /* W*S*G = 2^93 would overflow int64 before R is even considered */
    CU_ASSERT_EQUAL(kikan_results_new(INT32_MAX, INT32_MAX, INT32_MAX, 1, &r), KIKAN_ELIMIT);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_EQUAL(kikan_results_new(INT32_MAX, INT32_MAX, INT32_MAX, INT64_MAX, &r),
                    KIKAN_ELIMIT);
    /* the scenario loader's maxima: 1e9 replicates x 1e6 grid points x 6 sectors x 1000
     * what-ifs = 6e18 values > 2^63 / 8 */
    CU_ASSERT_EQUAL(kikan_results_new(1000, 6, 1000000, 1000000000, &r), KIKAN_ELIMIT);
    /* the bound is (2^63 - 1) / 8 = 2^60 - 1 values per array: 2^60 replicates of one
     * sector, one grid point and one what-if are refused, as are 2^30 x 2^30 */
    CU_ASSERT_EQUAL(kikan_results_new(1, 1, 1, (int64_t)1 << 60, &r), KIKAN_ELIMIT);
    CU_ASSERT_EQUAL(kikan_results_new(1, 1 << 30, 1, (int64_t)1 << 30, &r), KIKAN_ELIMIT);
    CU_ASSERT_PTR_NULL(r);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("limits", NULL, NULL);
    CU_add_test(s, "CSV table over the size limit", test_csv_too_large);
    CU_add_test(s, "scenario file over the size limit", test_yaml_too_large);
    CU_add_test(s, "YAML nesting depth", test_yaml_nesting);
    CU_add_test(s, "widest YAML file accepted", test_yaml_widest);
    CU_add_test(s, "output grid points", test_grid_points);
    CU_add_test(s, "replicates", test_replicates);
    CU_add_test(s, "many sectors without assets", test_many_empty_sectors);
    CU_add_test(s, "repeated ids, in order", test_repeats);
    CU_add_test(s, "tables at the index type's limit", test_index_limit);
    CU_add_test(s, "results W x R x S x G", test_results_size);
    return kikan_test_main();
}
