/*
 * Size-metric values in words (output/size_metric.h). The unit comes from the
 * metric's name because the scenario format names the currency and physical
 * unit there (deposits_jpy, capacity_mw) and states that operators' passengers
 * are counted a year (docs/scenario-format.md).
 */
#include <stdio.h>
#include <string.h>
#include "kikan/output.h"
#include "output/size_metric.h"

static int ends_with(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

void kikan_size_metric_format(const char *metric, double v, int named, char *buf, size_t n)
{
    char num[64];
    const char *m = metric != NULL ? metric : "";
    kikan_report_format_number(v, num, sizeof(num));
    if (ends_with(m, "_jpy")) {
        snprintf(buf, n, "\u00a5%s%s%.*s", num, named ? " " : "", named ? (int)strlen(m) - 4 : 0,
                 m);
    } else if (ends_with(m, "_mw")) {
        snprintf(buf, n, "%s MW%s%.*s", num, named ? " " : "", named ? (int)strlen(m) - 3 : 0, m);
    } else if (strcmp(m, "passengers") == 0) {
        snprintf(buf, n, "%s%s a year", num, named ? " passengers" : "");
    } else {
        snprintf(buf, n, "%s%s%s", num, named && *m ? " " : "", named ? m : "");
    }
}
