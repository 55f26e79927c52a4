/*
 * The report's frontier-chart x-axis (output/chart_axis.c) and the size-metric
 * words shared by the report and the terminal (output/size_metric.c). Each
 * constant that shapes the chart is pinned by a case that changes when it
 * changes: the knee at 1 percentage point of the best share, the axis at 1.5x
 * the knee, at least 10 operators, never past the last point, and tick steps
 * of 1, 2 or 5 times a power of ten with at most 10 steps.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "output/chart_axis.h"
#include "output/size_metric.h"
#include "tests/testutil.h"

/* xmax for a frontier of n points (operators, share) with point `rec` recommended */
static int xmax_of(const int *ops, const double *share, int n, int rec)
{
    kikan_scope_tab_frontier_t pts[16];
    kikan_scope_tables_t sc;
    memset(&sc, 0, sizeof(sc));
    memset(pts, 0, sizeof(pts));
    CU_ASSERT_FATAL(n <= 16);
    for (int i = 0; i < n; i++) {
        pts[i].point = i;
        pts[i].operators = ops[i];
        pts[i].share = share[i];
        pts[i].recommended = i == rec;
    }
    sc.frontier = pts;
    sc.n_frontier = n;
    sc.recommended = rec;
    return kikan_chart_frontier_xmax(&sc);
}

static void test_knee(void)
{
    CU_ASSERT_EQUAL(KIKAN_CHART_KNEE_SHARE, 0.01);
    CU_ASSERT_EQUAL(KIKAN_CHART_KNEE_FACTOR, 1.5);
    CU_ASSERT_EQUAL(KIKAN_CHART_MIN_XMAX, 10);
    /* best 0.90: 0.8899 is more than 1 point below it, 0.8901 within; the knee is 14
       operators and the axis 1.5 x 14 = 21 (1.4x would give 20, 1.6x 23; a knee share of
       1.1 points would take the 6-operator point: 10; 0.9 points the 30-operator one: 45) */
    const int ops[] = {0, 6, 14, 30, 50};
    const double share[] = {0.0, 0.8899, 0.8901, 0.90, 0.90};
    CU_ASSERT_EQUAL(xmax_of(ops, share, 5, 0), 21);
    /* an odd knee: ceil(1.5 x 15) = 23 */
    const int ops15[] = {0, 6, 15, 30, 50};
    CU_ASSERT_EQUAL(xmax_of(ops15, share, 5, 0), 23);
    /* the recommended point beyond the knee widens the axis: 1.5 x 30 = 45 */
    CU_ASSERT_EQUAL(xmax_of(ops, share, 5, 3), 45);
    /* a recommended point before the knee does not narrow it */
    CU_ASSERT_EQUAL(xmax_of(ops, share, 5, 1), 21);
    /* at least 10: knee 2 -> 3 -> 10 */
    const int few[] = {0, 2, 40};
    const double fs[] = {0.0, 0.5, 0.5};
    CU_ASSERT_EQUAL(xmax_of(few, fs, 3, 0), 10);
    /* never past the last point: knee 14 -> 21, last 18 */
    const int shortf[] = {0, 6, 14, 18};
    const double ss[] = {0.0, 0.8899, 0.8901, 0.90};
    CU_ASSERT_EQUAL(xmax_of(shortf, ss, 4, 0), 18);
    /* the minimum does not pass the last point either */
    const int tiny[] = {0, 1, 3};
    const double ts[] = {0.0, 0.2, 0.3};
    CU_ASSERT_EQUAL(xmax_of(tiny, ts, 3, 0), 3);
    /* NaN shares are skipped (neither best nor knee) */
    const double ns[] = {0.0, NAN, 0.8901, 0.90, NAN};
    CU_ASSERT_EQUAL(xmax_of(ops, ns, 5, 0), 21);
    /* a crafted file's knee of 2e9 operators: 1.5 x 2e9 is past int's range (UBSan's
       float-cast-overflow; the cast gave INT_MIN, so the axis 10); the axis is the last point */
    const int huge[] = {0, 2000000000, 2147483647};
    const double hs[] = {0.0, 0.9, 0.9};
    CU_ASSERT_EQUAL(xmax_of(huge, hs, 3, 0), 2147483647);
    CU_ASSERT_EQUAL(xmax_of(huge, hs, 3, 1), 2147483647);
    /* one point */
    const int one[] = {0};
    const double os[] = {0.0};
    CU_ASSERT_EQUAL(xmax_of(one, os, 1, 0), 0);
}

static void test_tick_step(void)
{
    CU_ASSERT_EQUAL(KIKAN_CHART_MAX_TICKS, 10);
    /* integer steps: at most 10 whole steps up to xmax */
    static const struct {
        int xmax, step;
    } t[] = {{0, 1},        {1, 1},        {10, 1},          {11, 2},     {21, 2},     {22, 5},
             {54, 5},       {55, 10},      {100, 10},        {109, 10},   {110, 20},   {219, 20},
             {220, 50},     {549, 50},     {550, 100},       {1000, 100}, {2000, 200}, {5000, 500},
             {10999, 1000}, {11000, 2000}, {1000000, 100000}};
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        CU_ASSERT_EQUAL(kikan_chart_tick_step(t[i].xmax), t[i].step);
        if (kikan_chart_tick_step(t[i].xmax) != t[i].step) {
            fprintf(stderr, "xmax %d: step %d, expected %d\n", t[i].xmax,
                    kikan_chart_tick_step(t[i].xmax), t[i].step);
        }
    }
    /* the largest int: 2e8 (10 steps), the powers of ten never past int's range */
    CU_ASSERT_EQUAL(kikan_chart_tick_step(2147483647), 200000000);
    /* every step is 1, 2 or 5 times a power of ten and gives at most 10 steps */
    for (int x = 0; x < 100000; x += 7) {
        const int s = kikan_chart_tick_step(x);
        int m = s;
        while (m % 10 == 0) {
            m /= 10;
        }
        CU_ASSERT(m == 1 || m == 2 || m == 5);
        CU_ASSERT(x / s <= 10);
    }
}

static void test_size_metric(void)
{
    static const struct {
        const char *metric;
        double v;
        const char *plain, *named;
    } t[] = {
        {"deposits_jpy", 6.2e13, "\u00a562 trillion", "\u00a562 trillion deposits"},
        {"revenue_jpy", 3.56e9, "\u00a53.56 billion", "\u00a53.56 billion revenue"},
        {"passengers", 9e8, "900 million a year", "900 million passengers a year"},
        {"capacity_mw", 5000, "5,000 MW", "5,000 MW capacity"},
        {"customers", 1.2e6, "1.2 million", "1.2 million customers"},
        {"employees", 2.5, "2.5", "2.5 employees"},
    };
    char b[128];
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        kikan_size_metric_format(t[i].metric, t[i].v, 0, b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, t[i].plain);
        kikan_size_metric_format(t[i].metric, t[i].v, 1, b, sizeof(b));
        CU_ASSERT_STRING_EQUAL(b, t[i].named);
    }
    /* a short buffer is truncated, never overrun */
    char s[6];
    kikan_size_metric_format("deposits_jpy", 6.2e13, 1, s, sizeof(s));
    CU_ASSERT_EQUAL(strlen(s), 5);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("report pieces", NULL, NULL);
    CU_add_test(s, "frontier x-axis: knee, factor, minimum, last point", test_knee);
    CU_add_test(s, "frontier x-axis: 1-2-5 tick steps", test_tick_step);
    CU_add_test(s, "size metrics with currency and time basis", test_size_metric);
    return kikan_test_main();
}
