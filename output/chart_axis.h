/*
 * Private to output/ and its tests: the x-axis of the report's frontier chart
 * (output/report.c), fitted to the range where the frontier still rises.
 */
#ifndef KIKAN_OUTPUT_CHART_AXIS_H
#define KIKAN_OUTPUT_CHART_AXIS_H

#include "sim/scope_tables.h"

/** The knee: a point is "at the best" when its share is within this of the best share
 *  (shares are 0..1, so 0.01 is one percentage point). */
#define KIKAN_CHART_KNEE_SHARE 0.01
/** The axis runs to this many times the knee's operators. */
#define KIKAN_CHART_KNEE_FACTOR 1.5
/** The axis runs to at least this many operators (never beyond the last point). */
#define KIKAN_CHART_MIN_XMAX 10
/** At most this many tick steps up to the axis end. */
#define KIKAN_CHART_MAX_TICKS 10

/**
 * The frontier chart's useful x range (operators regulated): up to
 * KIKAN_CHART_KNEE_FACTOR times the operators of the first point within
 * KIKAN_CHART_KNEE_SHARE of the frontier's best share (at least the recommended
 * point's, and KIKAN_CHART_MIN_XMAX), never beyond the last point; past it the
 * frontier is flat and a full axis squeezes the useful part to the left. NaN
 * shares are skipped. `sc` must have n_frontier >= 1. O(n_frontier).
 */
int kikan_chart_frontier_xmax(const kikan_scope_tables_t *sc);

/** A tick step of 1, 2 or 5 times a power of ten giving at most KIKAN_CHART_MAX_TICKS
 *  steps up to xmax (>= 0). O(log xmax). */
int kikan_chart_tick_step(int xmax);

#endif
