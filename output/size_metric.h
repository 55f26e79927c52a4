/*
 * Private to output/ and its tests: a value of an operator size metric in
 * words with its currency and time basis, shared by the report and the
 * terminal tables so both say the same thing.
 */
#ifndef KIKAN_OUTPUT_SIZE_METRIC_H
#define KIKAN_OUTPUT_SIZE_METRIC_H

#include <stddef.h>

/**
 * Format value `v` of size metric `metric` into buf[n] in the report's number
 * words (kikan_report_format_number) with its unit and time basis, read from
 * the metric's name: "*_jpy" in yen ("¥62 trillion"), "*_mw" in MW ("500 MW"),
 * "passengers" a year ("900 million a year"), any other as the bare number.
 * With `named` the metric's name (less its unit suffix) follows the unit:
 * "¥62 trillion deposits", "900 million passengers a year", "500 MW capacity",
 * "1.2 million customers". O(length of metric).
 */
void kikan_size_metric_format(const char *metric, double v, int named, char *buf, size_t n);

#endif
