/*
 * The x-axis of the report's frontier chart: where the useful range ends and
 * the tick step (output/chart_axis.h). Kept apart from output/report.c so the
 * constants that shape the chart are pinned by tests/test_chart_axis.c.
 */
#include <math.h>
#include "output/chart_axis.h"

int kikan_chart_frontier_xmax(const kikan_scope_tables_t *sc)
{
    const int last = (int)sc->frontier[sc->n_frontier - 1].operators;
    double best = 0;
    for (int i = 0; i < sc->n_frontier; i++) {
        best = isfinite(sc->frontier[i].share) && sc->frontier[i].share > best
                   ? sc->frontier[i].share
                   : best;
    }
    int knee = last;
    for (int i = 0; i < sc->n_frontier; i++) {
        if (isfinite(sc->frontier[i].share) &&
            sc->frontier[i].share >= best - KIKAN_CHART_KNEE_SHARE) {
            knee = (int)sc->frontier[i].operators;
            break;
        }
    }
    if (sc->recommended >= 0 && sc->recommended < sc->n_frontier &&
        sc->frontier[sc->recommended].operators > knee) {
        knee = (int)sc->frontier[sc->recommended].operators;
    }
    /* in double: 1.5 x a knee near INT32_MAX (a crafted file) is past int's range */
    double x = ceil(KIKAN_CHART_KNEE_FACTOR * knee);
    x = x < KIKAN_CHART_MIN_XMAX ? KIKAN_CHART_MIN_XMAX : x;
    return x < last ? (int)x : last;
}

int kikan_chart_tick_step(int xmax)
{
    for (int p = 1;; p *= 10) {
        static const int m[] = {1, 2, 5};
        for (int k = 0; k < 3; k++) {
            if (xmax / (m[k] * p) <= KIKAN_CHART_MAX_TICKS) {
                return m[k] * p;
            }
        }
        if (p > 100000000) {
            return p;
        }
    }
}
