/*
 * Tests of the regions output (output/regions.c): the prefecture tile table,
 * the text, JSON, CSV and SVG forms on hand-made results (prefectures and
 * regions that are not), and `kikan run --by-region --csv DIR --json`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

/* JIS order, 01 .. 47 */
static const char *const jis[KIKAN_N_PREFECTURES] = {
    "hokkaido",  "aomori",   "iwate",    "miyagi",    "akita",     "yamagata",  "fukushima",
    "ibaraki",   "tochigi",  "gunma",    "saitama",   "chiba",     "tokyo",     "kanagawa",
    "niigata",   "toyama",   "ishikawa", "fukui",     "yamanashi", "nagano",    "gifu",
    "shizuoka",  "aichi",    "mie",      "shiga",     "kyoto",     "osaka",     "hyogo",
    "nara",      "wakayama", "tottori",  "shimane",   "okayama",   "hiroshima", "yamaguchi",
    "tokushima", "kagawa",   "ehime",    "kochi",     "fukuoka",   "saga",      "nagasaki",
    "kumamoto",  "oita",     "miyazaki", "kagoshima", "okinawa"};

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
        n++;
    }
    return n;
}

static void test_tiles(void)
{
    int used[13][10] = {{0}};
    for (int p = 0; p < KIKAN_N_PREFECTURES; p++) {
        int c = -1, r = -1;
        CU_ASSERT_EQUAL(kikan_prefecture_tile(jis[p], &c, &r), p);
        CU_ASSERT_FATAL(c >= 0 && c < 13 && r >= 0 && r < 10);
        CU_ASSERT_EQUAL(used[c][r], 0); /* one square each */
        used[c][r] = 1;
    }
    int c, r;
    /* Hokkaido top right, Okinawa bottom left, Tokyo between Saitama and Chiba's row */
    CU_ASSERT_EQUAL(kikan_prefecture_tile("Hokkaido", &c, &r), 0);
    CU_ASSERT(c == 12 && r == 0);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("OKINAWA", &c, &r), 46);
    CU_ASSERT(c == 0 && r == 9);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("Tokyo-to", NULL, NULL), 12);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("aichi-ken", NULL, NULL), 22);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("osaka-fu", NULL, NULL), 26);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("abroad", NULL, NULL), -1);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("texas", NULL, NULL), -1);
    CU_ASSERT_EQUAL(kikan_prefecture_tile("", NULL, NULL), -1);
    CU_ASSERT_EQUAL(kikan_prefecture_tile(NULL, NULL, NULL), -1);
}

/* Hand-made: one what-if, 4 replicates, regions tokyo, abroad, texas, osaka. */
static kikan_results_t *handmade(void)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_FATAL(kikan_results_new(1, 1, 2, 4, &r) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_results_regions_new(r, 4) == KIKAN_OK);
    static const char *ids[4] = {"tokyo", "abroad", "texas", "osaka"};
    for (int g = 0; g < 4; g++) {
        r->region_ids[g] = strdup(ids[g]);
    }
    r->whatif_names[0] = strdup("w <1>");
    r->sector_ids[0] = strdup("power");
    r->sector_units[0] = strdup("households");
    r->grid[1] = 72.0;
    /* person-hours per replicate: tokyo 100..400, abroad 10, texas 2000, osaka 0 */
    for (int rep = 0; rep < 4; rep++) {
        r->region_person_hours[rep * 4 + 0] = 100.0 * (rep + 1);
        r->region_person_hours[rep * 4 + 1] = 10.0;
        r->region_person_hours[rep * 4 + 2] = 2000.0;
        r->region_peak_people[rep * 4 + 0] = 7.0;
    }
    CU_ASSERT_FATAL(kikan_results_summarize(r) == KIKAN_OK);
    return r;
}

static char *render(kikan_error_t (*fn)(FILE *, const kikan_results_t *, int, int, int),
                    const kikan_results_t *r, int a, int b, int c)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT(fn(f, r, a, b, c) == KIKAN_OK);
    fclose(f);
    return buf;
}

static kikan_error_t map3(FILE *f, const kikan_results_t *r, int w, int vmax, int unused)
{
    (void)unused;
    return kikan_regions_svg_map(f, r, w, (double)vmax);
}

static kikan_error_t print3(FILE *f, const kikan_results_t *r, int top, int a, int b)
{
    (void)a;
    (void)b;
    return kikan_regions_print(f, r, top);
}

static kikan_error_t json3(FILE *f, const kikan_results_t *r, int w, int a, int b)
{
    (void)a;
    (void)b;
    return kikan_regions_json(f, r, w);
}

static void test_handmade(void)
{
    kikan_results_t *r = handmade();
    CU_ASSERT(kikan_regions_available(r));
    CU_ASSERT_DOUBLE_EQUAL(r->st_region_person_hours[0].mean, 250.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->st_region_person_hours[2].mean, 2000.0, 1e-12);
    CU_ASSERT(isnan(r->st_region_person_hours[0].ci_lo));

    /* the map: 47 tiles, Tokyo in the top class (250 of vmax 250), Osaka none */
    char *s = render(map3, r, 0, 250, 0);
    CU_ASSERT_EQUAL(count(s, "<g class=\"tile\">"), KIKAN_N_PREFECTURES);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>Tokyo: 250 person-hours</title><rect"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "fill=\"#a50f15\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "<title>Osaka: 0 person-hours</title>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "mean over 4 replicates, 72-hour horizon"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "w &lt;1&gt;")); /* escaped */
    /* the classes: none, up to 1%, 10%, 50% and 100% of vmax */
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">&gt; 0 – 2.5<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">2.5 – 25<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">25 – 125<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">125 – 250<"));
    free(s);

    /* the bars of the regions that are not prefectures: texas before abroad (sorted) */
    s = render(kikan_regions_svg_bars, r, 0, 0, 20);
    const char *tx = strstr(s, ">texas<"), *ab = strstr(s, ">abroad<");
    CU_ASSERT(tx != NULL && ab != NULL && tx < ab);
    CU_ASSERT_PTR_NULL(strstr(s, ">tokyo<"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, ">2,000<"));
    free(s);

    /* the text: top 2 by person-hours with units; osaka (nothing lost) is not listed */
    s = render(print3, r, 2, 0, 0);
    tx = strstr(s, "texas");
    const char *tk = strstr(s, "tokyo");
    CU_ASSERT(tx != NULL && tk != NULL && tx < tk);
    CU_ASSERT_PTR_NULL(strstr(s, "abroad"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "person-hours"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "peak people"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "4 replicates"));
    free(s);

    s = render(json3, r, 0, 0, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "{\"region\": \"texas\", \"prefecture\": false, "
                                     "\"person_hours\": {\"mean\": 2000"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "{\"region\": \"tokyo\", \"prefecture\": true"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\"ci_lo\": null"));
    free(s);
    kikan_results_free(&r);
}

/* kikan run --by-region --json --csv DIR: JSON regions on stdout, the table on stderr,
   regions.csv in DIR; the file's /regions reads back with the same means */
static void test_cli(void)
{
    char *dir = kikan_test_tmpdir(), args[2048], *so = NULL, *se = NULL;
    snprintf(args, sizeof(args),
             "run '%s/scenarios/library/tiny.yaml' --replicates 20 --quiet --by-region --json "
             "--csv '%s' -o '%s/r.h5'",
             KIKAN_SOURCE_DIR, dir, dir);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(args, &so, &se), 0);
    CU_ASSERT_PTR_NOT_NULL(so && strstr(so, "\"regions\": ["));
    CU_ASSERT_PTR_NOT_NULL(so && strstr(so, "{\"region\": \"tokyo\", \"prefecture\": true"));
    CU_ASSERT_PTR_NOT_NULL(se && strstr(se, "top regions"));
    CU_ASSERT_PTR_NOT_NULL(se && strstr(se, "person-hours"));
    char path[1024];
    snprintf(path, sizeof(path), "%s/regions.csv", dir);
    char *csv = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "whatif,region,prefecture,person_hours_mean,"));
    /* 3 what-ifs x 4 regions + the header; no comment line */
    CU_ASSERT_EQUAL(count(csv, "\n"), 13);
    CU_ASSERT_EQUAL(strncmp(csv, "whatif,", 7), 0);
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    snprintf(path, sizeof(path), "%s/r.h5", dir);
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, path, &res) == KIKAN_OK);
    CU_ASSERT_EQUAL(res->n_regions, 4);
    CU_ASSERT(kikan_regions_available(res));
    double tot = 0;
    for (int g = 0; g < res->n_regions * res->n_whatifs; g++) {
        tot += res->st_region_person_hours[g].mean;
    }
    CU_ASSERT(tot > 0);
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    free(csv);
    free(so);
    free(se);
    free(dir);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("regions", NULL, NULL);
    CU_add_test(s, "the 47 prefecture tiles", test_tiles);
    CU_add_test(s, "hand-made results: map, bars, text, JSON", test_handmade);
    CU_add_test(s, "kikan run --by-region --json --csv", test_cli);
    return kikan_test_main();
}
