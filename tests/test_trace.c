/*
 * A trace that finds the story (output/trace.c, kikan run --trace*): the
 * customers on each line, the filter, the summary paragraph, the choice of
 * the worst and median replicate, and the command line's checks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

#define TINY KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml"

/* A timeline in the kernel's format on the tiny network (tiny/assets.csv: SS_TOKYO serves
 * 900,000 households, RAIL_LINE_E 2,500,000 passengers, CTC_EAST none). */
static const char RAW[] =
    "t=   1.00 h  HIT      SS_TOKYO (power, Kanto Grid (T&D))  forcing: quake (back at 9.00 h)\n"
    "t=   1.00 h  FAIL     RAIL_LINE_E (rail, Metro East Railway)  no backup (lost power: "
    "SS_TOKYO)\n"
    "t=   1.00 h  BACKUP   CTC_EAST (rail, Metro East Railway)  on backup for 1.50 h (lost power: "
    "SS_TOKYO)\n"
    "t=   2.50 h  FAIL     CTC_EAST (rail, Metro East Railway)  backup exhausted (lost power: "
    "SS_TOKYO)\n"
    "t=   9.00 h  RESTORE  SS_TOKYO (power, Kanto Grid (T&D))  restart done\n";

static char *render(const kikan_world_t *w, const kikan_trace_filter_t *f)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(mem);
    CU_ASSERT_EQUAL(kikan_trace_render(mem, w, RAW, strlen(RAW), f, "w, replicate 3"), KIKAN_OK);
    fclose(mem);
    return buf;
}

static void test_render(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_scenario_load(ctx, TINY, &s, &w), KIKAN_OK);
    char *out = render(w, NULL);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "forcing: quake (back at 9.00 h)  | cuts off 900,000 households (1.98 million "
                    "people); power now 1.98 million people cut off\n"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(out, "(lost power: SS_TOKYO)  | cuts off 2.5 million passengers per day (1.25 "
                    "million people); rail now 1.25 million people cut off\n"));
    /* an asset that serves nobody directly: no figure; a backup: no change */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "backup exhausted (lost power: SS_TOKYO)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "on backup for 1.50 h (lost power: SS_TOKYO)\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out,
                                  "restart done  | brings back 900,000 households (1.98 million "
                                  "people); power now 0 people cut off\n"));
    /* the summary: the start, the links (ties in assets by customers), the worst (t = 1 h: the
     * later CTC_EAST failure cuts off no one, so it is not worse) */
    const char *sum =
        "summary (w, replicate 3): it started at t = 1.00 h with 1 asset hit (first SS_TOKYO, "
        "power, Kanto Grid (T&D): forcing: quake (back at 9.00 h)); 3 assets went down in all, 2 "
        "of them through lost supplies. The links that spread it furthest: SS_TOKYO -> "
        "RAIL_LINE_E (1 asset down from there on); SS_TOKYO -> CTC_EAST (1 asset down from there "
        "on). The worst came at t = 1.00 h, with 2 assets down cutting off 900,000 households "
        "(power), 2.5 million passengers per day (rail).\n";
    CU_ASSERT_PTR_NOT_NULL(strstr(out, sum));
    if (strstr(out, sum) == NULL) {
        fprintf(stderr, "\n%s\n", out);
    }
    free(out);

    /* the filter shows the rail lines only; the summary is unchanged */
    kikan_trace_filter_t f;
    CU_ASSERT_EQUAL(kikan_trace_filter_parse(ctx, w, "sector=rail,region=tokyo", &f), KIKAN_OK);
    out = render(w, &f);
    CU_ASSERT_PTR_NULL(strstr(out, "HIT      SS_TOKYO"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "FAIL     RAIL_LINE_E"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "(3 of 5 lines shown by --trace-filter"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, sum));
    free(out);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 0);
    CU_ASSERT_EQUAL(kikan_trace_filter_parse(ctx, w, "sector=bank,operator=RAIL_X,color=red,x", &f),
                    KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 4);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0),
                           "--trace-filter: unknown sector 'bank' (did you mean 'banking'?)");
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 1),
                           "--trace-filter: unknown operator 'RAIL_X' (did you mean 'RAIL_E'?)");
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* Worst: the largest total, ties to the lower replicate; median: the lower median. */
static void test_pick(void)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_results_new(1, 2, 1, 5, &r), KIKAN_OK);
    const double tot[5] = {3.25, 9.5, 1.125, 9.5, 5.0};
    for (int k = 0; k < 5; k++) {
        r->life_weighted[k * 2] = tot[k] - 1.0; /* summed over the two sectors */
        r->life_weighted[k * 2 + 1] = 1.0;
    }
    CU_ASSERT_EQUAL(kikan_trace_pick(r, 0, KIKAN_TRACE_WORST), 1);
    CU_ASSERT_EQUAL(kikan_trace_pick(r, 0, KIKAN_TRACE_MEDIAN), 4); /* 1.125 3.25 [5] 9.5 9.5 */
    CU_ASSERT_EQUAL(kikan_trace_pick(r, 0, 3), 3);
    r->n_replicates = 4; /* 1.125 [3.25] 9.5 9.5: the lower median */
    CU_ASSERT_EQUAL(kikan_trace_pick(r, 0, KIKAN_TRACE_MEDIAN), 0);
    r->n_replicates = 5;
    kikan_results_free(&r);
}

/* The command line: the worst replicate is the one the results file says is worst. */
static void test_cli(void)
{
    char *dir = kikan_test_tmpdir(), args[1200], *out = NULL, *err = NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(args, sizeof(args),
             "run '" TINY "' --replicates 12 --quiet --trace-replicate worst -o '%s/r.h5'", dir);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(args, &out, &err), 0);
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    snprintf(args, sizeof(args), "%s/r.h5", dir);
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_read(ctx, args, &res), KIKAN_OK);
    for (int w = 0; w < res->n_whatifs; w++) {
        int64_t best = 0;
        double best_v = -1.0;
        for (int64_t k = 0; k < res->n_replicates; k++) {
            double v = 0.0;
            for (int s = 0; s < res->n_sectors; s++) {
                v += res->life_weighted[(w * res->n_replicates + k) * res->n_sectors + s];
            }
            if (v > best_v) {
                best_v = v;
                best = k;
            }
        }
        char want[300];
        snprintf(want, sizeof(want),
                 "== timeline: what-if %s, replicate %lld (worst: the largest life-weighted "
                 "customer-hours) ==\n",
                 res->whatif_names[w], (long long)best);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
        snprintf(want, sizeof(want), "summary (what-if %s, replicate %lld): ", res->whatif_names[w],
                 (long long)best);
        CU_ASSERT_PTR_NOT_NULL(strstr(out, want));
    }
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    unlink(args);
    free(out);
    free(err);
    /* with --json, standard output stays one JSON object: the timelines go to stderr */
    CU_ASSERT_EQUAL(
        kikan_test_cli("run '" TINY "' --replicates 3 --quiet --json --trace", &out, &err), 0);
    CU_ASSERT(out != NULL && out[0] == '{' && strstr(out, "== timeline") == NULL);
    CU_ASSERT(err != NULL &&
              strstr(err, "summary (what-if vendor-c-implant, replicate 0): ") != NULL);
    free(out);
    free(err);
    /* refused before the run */
    CU_ASSERT_EQUAL(kikan_test_cli("run '" TINY "' --replicates 5 --trace-replicate 5", &out, &err),
                    2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "--trace-replicate 5: the run has replicates 0..4"));
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("run '" TINY "' --trace-replicate best", &out, &err), 2);
    free(out);
    free(err);
    CU_ASSERT_EQUAL(kikan_test_cli("run '" TINY "' --trace-filter sector=bank", &out, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "unknown sector 'bank' (did you mean 'banking'?)"));
    CU_ASSERT_STRING_EQUAL(out, ""); /* nothing ran */
    free(out);
    free(err);
    rmdir(dir);
    free(dir);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("trace", NULL, NULL);
    CU_add_test(s, "customers per line, filter, summary", test_render);
    CU_add_test(s, "worst and median replicate", test_pick);
    CU_add_test(s, "kikan run --trace-replicate / --trace-filter", test_cli);
    return kikan_test_main();
}
