/*
 * Regions: the impact per prefecture (or per region of other data) as a text
 * table, a JSON array, a CSV table and inline SVG for the report — a tile map
 * of Japan's 47 prefectures and a sorted bar chart for the other regions.
 *
 * DESIGN: only what the results hold is shown (the region statistics of
 * kikan_results_summarize); the tile layout is a fixed table here (no
 * external data), one square per prefecture on a 13 x 10 grid in the
 * arrangement common to Japanese tile maps (Hokkaido top right, Okinawa
 * bottom left, each prefecture next to its neighbours where a grid allows).
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "kikan/output.h"
#include "kikan/text.h"
#include "models/results_impl.h"

/* The tile grid: the prefectures in JIS order (01 Hokkaido .. 47 Okinawa), column and row. */
static const struct {
    const char *id, *name;
    int col, row;
} tiles[KIKAN_N_PREFECTURES] = {
    {"hokkaido", "Hokkaido", 12, 0},
    {"aomori", "Aomori", 12, 1},
    {"iwate", "Iwate", 12, 2},
    {"miyagi", "Miyagi", 12, 3},
    {"akita", "Akita", 11, 2},
    {"yamagata", "Yamagata", 11, 3},
    {"fukushima", "Fukushima", 12, 4},
    {"ibaraki", "Ibaraki", 11, 5},
    {"tochigi", "Tochigi", 11, 4},
    {"gunma", "Gunma", 10, 4},
    {"saitama", "Saitama", 10, 5},
    {"chiba", "Chiba", 11, 6},
    {"tokyo", "Tokyo", 10, 6},
    {"kanagawa", "Kanagawa", 9, 6},
    {"niigata", "Niigata", 10, 3},
    {"toyama", "Toyama", 9, 3},
    {"ishikawa", "Ishikawa", 8, 3},
    {"fukui", "Fukui", 7, 4},
    {"yamanashi", "Yamanashi", 9, 5},
    {"nagano", "Nagano", 9, 4},
    {"gifu", "Gifu", 8, 4},
    {"shizuoka", "Shizuoka", 8, 6},
    {"aichi", "Aichi", 8, 5},
    {"mie", "Mie", 7, 6},
    {"shiga", "Shiga", 7, 5},
    {"kyoto", "Kyoto", 6, 5},
    {"osaka", "Osaka", 5, 6},
    {"hyogo", "Hyogo", 5, 5},
    {"nara", "Nara", 6, 6},
    {"wakayama", "Wakayama", 6, 7},
    {"tottori", "Tottori", 4, 5},
    {"shimane", "Shimane", 3, 5},
    {"okayama", "Okayama", 4, 6},
    {"hiroshima", "Hiroshima", 3, 6},
    {"yamaguchi", "Yamaguchi", 2, 5},
    {"tokushima", "Tokushima", 4, 8},
    {"kagawa", "Kagawa", 4, 7},
    {"ehime", "Ehime", 3, 7},
    {"kochi", "Kochi", 3, 8},
    {"fukuoka", "Fukuoka", 1, 6},
    {"saga", "Saga", 0, 6},
    {"nagasaki", "Nagasaki", 0, 7},
    {"kumamoto", "Kumamoto", 1, 7},
    {"oita", "Oita", 2, 7},
    {"miyazaki", "Miyazaki", 2, 8},
    {"kagoshima", "Kagoshima", 1, 8},
    {"okinawa", "Okinawa", 0, 9},
};

int kikan_prefecture_tile(const char *region, int *col, int *row)
{
    if (region == NULL) {
        return -1;
    }
    /* "Tokyo", "tokyo", "Tokyo-to", "Hokkaido-do", "Osaka-fu", "Aichi-ken" */
    size_t n = strlen(region);
    static const char *const suffix[] = {"-ken", "-to", "-fu", "-do"};
    for (size_t i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
        const size_t k = strlen(suffix[i]);
        if (n > k && strcasecmp(region + n - k, suffix[i]) == 0 &&
            strcasecmp(region, "hokkaido") != 0) {
            n -= k;
            break;
        }
    }
    for (int p = 0; p < KIKAN_N_PREFECTURES; p++) {
        if (strlen(tiles[p].id) == n && strncasecmp(region, tiles[p].id, n) == 0) {
            if (col != NULL) {
                *col = tiles[p].col;
            }
            if (row != NULL) {
                *row = tiles[p].row;
            }
            return p;
        }
    }
    return -1;
}

int kikan_regions_available(const kikan_results_t *r)
{
    return r != NULL && r->n_regions > 0 && r->region_ids != NULL &&
           r->st_region_person_hours != NULL && r->st_region_peak_people != NULL;
}

/* The regions of what-if w by mean person-hours, largest first (ties: region order). */
typedef struct {
    double v;
    int g;
} ranked_t;

static int by_ph(const void *a, const void *b)
{
    const ranked_t *x = a, *y = b;
    if (x->v != y->v) {
        return x->v > y->v ? -1 : 1;
    }
    return (x->g > y->g) - (x->g < y->g);
}

static int *sorted_regions(const kikan_results_t *r, int w)
{
    const int64_t Rg = r->n_regions;
    ranked_t *k = malloc((size_t)Rg * sizeof(*k));
    int *ix = malloc((size_t)Rg * sizeof(int));
    if (k == NULL || ix == NULL) {
        free(k);
        free(ix);
        return NULL;
    }
    for (int g = 0; g < Rg; g++) {
        const double v = r->st_region_person_hours[w * Rg + g].mean;
        k[g] = (ranked_t){isnan(v) ? -INFINITY : v, g};
    }
    qsort(k, (size_t)Rg, sizeof(*k), by_ph);
    for (int g = 0; g < Rg; g++) {
        ix[g] = k[g].g;
    }
    free(k);
    return ix;
}

kikan_error_t kikan_regions_print(FILE *f, const kikan_results_t *r, int top)
{
    if (f == NULL || !kikan_regions_available(r) || top < 1) {
        return KIKAN_EINVAL;
    }
    const int64_t Rg = r->n_regions;
    fprintf(f,
            "\nregions (means over %" PRId64 " replicates; person-hours: people x hours without "
            "service over the %.0f-hour horizon, all sectors; peak: most people cut off at one "
            "time)\n",
            r->n_replicates, r->grid[r->n_grid - 1]);
    for (int w = 0; w < r->n_whatifs; w++) {
        int *ix = sorted_regions(r, w);
        if (ix == NULL) {
            return KIKAN_ENOMEM;
        }
        fprintf(f, "  %s: top regions\n", r->whatif_names[w]);
        fprintf(f, "    %-16s %20s %16s\n", "region", "person-hours", "peak people");
        int shown = 0;
        for (int i = 0; i < r->n_regions && shown < top; i++) {
            const kikan_stat_t *ph = &r->st_region_person_hours[w * Rg + ix[i]];
            const kikan_stat_t *pk = &r->st_region_peak_people[w * Rg + ix[i]];
            if (!(ph->mean > 0) && !(pk->mean > 0)) {
                break;
            }
            fprintf(f, "    %-16s %20.0f %16.0f\n",
                    r->region_ids[ix[i]][0] ? r->region_ids[ix[i]] : "(none)", ph->mean, pk->mean);
            shown++;
        }
        if (shown == 0) {
            fputs("    (no region lost service)\n", f);
        }
        free(ix);
    }
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* ---- SVG ---------------------------------------------------------------------------------- */

/* The map's colour classes: no loss, then up to 1%, 10%, 50% and 100% of the largest value. */
static const char *const map_fill[5] = {"#eeeeee", "#fee5d9", "#fcae91", "#fb6a4a", "#a50f15"};
static const double map_edge[4] = {0.0, 0.01, 0.10, 0.50};

static int map_class(double v, double vmax)
{
    if (!(v > 0) || !(vmax > 0)) {
        return 0;
    }
    const double x = v / vmax;
    return x <= map_edge[1] ? 1 : x <= map_edge[2] ? 2 : x <= map_edge[3] ? 3 : 4;
}

/* "1.2M", "35k", "870": a tile's value in a few characters (the title has the full one). */
static void compact(double v, char *b, size_t n)
{
    static const char *const unit[] = {"", "k", "M", "B", "T"};
    int u = 0;
    while (fabs(v) >= 999.5 && u < 4) {
        v /= 1000.0;
        u++;
    }
    if (u == 0 && fabs(v) < 10 && v != 0) {
        snprintf(b, n, "%.2g", v);
    } else {
        snprintf(b, n, fabs(v) < 9.95 && u > 0 ? "%.1f%s" : "%.0f%s", v, unit[u]);
    }
}

kikan_error_t kikan_regions_svg_map(FILE *f, const kikan_results_t *r, int w, double vmax)
{
    if (f == NULL || !kikan_regions_available(r) || w < 0 || w >= r->n_whatifs) {
        return KIKAN_EINVAL;
    }
    enum { T = 48, GAP = 2, PAD = 8, LEGEND = 50 };
    const int width = 13 * T + 2 * PAD, height = 10 * T + 2 * PAD + LEGEND;
    const int64_t Rg = r->n_regions;
    double val[KIKAN_N_PREFECTURES];
    for (int p = 0; p < KIKAN_N_PREFECTURES; p++) {
        val[p] = 0.0;
    }
    for (int g = 0; g < r->n_regions; g++) {
        const int p = kikan_prefecture_tile(r->region_ids[g], NULL, NULL);
        if (p >= 0) {
            val[p] += r->st_region_person_hours[w * Rg + g].mean;
        }
    }
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tilemap\" viewBox=\"0 0 %d %d\" "
            "width=\"%d\" height=\"%d\" font-family=\"sans-serif\" role=\"img\" "
            "aria-label=\"person-hours lost per prefecture, what-if ",
            width, height, width, height);
    kikan_html_text(f, r->whatif_names[w]);
    fputs("\">\n", f);
    for (int p = 0; p < KIKAN_N_PREFECTURES; p++) {
        const int x = PAD + tiles[p].col * T, y = PAD + tiles[p].row * T;
        const int c = map_class(val[p], vmax);
        char b[64], s[32];
        kikan_report_format_number(val[p], b, sizeof(b));
        compact(val[p], s, sizeof(s));
        const char *ink = c >= 3 ? "#ffffff" : "#222222";
        fprintf(f,
                "<g class=\"tile\"><title>%s: %s person-hours</title>"
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\"/>"
                "<text x=\"%d\" y=\"%d\" font-size=\"8\" text-anchor=\"middle\" fill=\"%s\">"
                "%s</text><text x=\"%d\" y=\"%d\" font-size=\"9\" font-weight=\"600\" "
                "text-anchor=\"middle\" fill=\"%s\">%s</text></g>\n",
                tiles[p].name, b, x, y, T - GAP, T - GAP, map_fill[c], x + (T - GAP) / 2, y + 18,
                ink, tiles[p].name, x + (T - GAP) / 2, y + 33, ink, val[p] > 0 ? s : "");
    }
    /* legend: the classes with their bounds in person-hours */
    const int ly = PAD + 10 * T + 8;
    fprintf(f,
            "<text x=\"%d\" y=\"%d\" font-size=\"11\" fill=\"#222\">person-hours lost per "
            "prefecture (mean over %" PRId64 " replicates, %.0f-hour horizon; k thousand, "
            "M million, B billion)</text>\n",
            PAD, ly + 10, r->n_replicates, r->grid[r->n_grid - 1]);
    for (int c = 0; c < 5; c++) {
        const int x = PAD + c * 124;
        char lo[48], hi[48], lab[112];
        if (c == 0) {
            snprintf(lab, sizeof(lab), "none");
        } else {
            compact(vmax * map_edge[c - 1], lo, sizeof(lo));
            compact(c < 4 ? vmax * map_edge[c] : vmax, hi, sizeof(hi));
            snprintf(lab, sizeof(lab), "%s – %s", c == 1 ? "&gt; 0" : lo, hi);
        }
        fprintf(f,
                "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\" "
                "stroke=\"#999\" stroke-width=\"0.5\"/><text x=\"%d\" y=\"%d\" font-size=\"10\" "
                "fill=\"#222\">%s</text>\n",
                x, ly + 20, map_fill[c], x + 18, ly + 31, lab);
    }
    fputs("</svg>\n", f);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

kikan_error_t kikan_regions_svg_bars(FILE *f, const kikan_results_t *r, int w, int prefectures,
                                     int top)
{
    if (f == NULL || !kikan_regions_available(r) || w < 0 || w >= r->n_whatifs || top < 1) {
        return KIKAN_EINVAL;
    }
    const int64_t Rg = r->n_regions;
    int *ix = sorted_regions(r, w);
    if (ix == NULL) {
        return KIKAN_ENOMEM;
    }
    int n = 0;
    double vmax = 0.0;
    for (int i = 0; i < r->n_regions; i++) {
        const int g = ix[i];
        const int pref = kikan_prefecture_tile(r->region_ids[g], NULL, NULL) >= 0;
        const double v = r->st_region_person_hours[w * Rg + g].mean;
        if (pref != prefectures || !(v > 0) || n >= top) {
            continue;
        }
        ix[n++] = g;
        vmax = v > vmax ? v : vmax;
    }
    enum { LABEL = 150, BAR = 300, ROW = 20, PAD = 8 };
    const int width = LABEL + BAR + 130, height = PAD * 2 + ROW * (n > 0 ? n : 1) + 20;
    fprintf(f,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"regionbars\" viewBox=\"0 0 %d %d\" "
            "width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">\n",
            width, height, width, height);
    for (int i = 0; i < n; i++) {
        const int g = ix[i];
        const double v = r->st_region_person_hours[w * Rg + g].mean;
        const int y = PAD + i * ROW;
        const double len = vmax > 0 ? BAR * v / vmax : 0;
        char b[64];
        kikan_report_format_number(v, b, sizeof(b));
        fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" fill=\"#222\">", LABEL - 6, y + 13);
        kikan_html_text(f, r->region_ids[g][0] ? r->region_ids[g] : "(none)");
        fprintf(f,
                "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fb6a4a\"/>"
                "<text x=\"%.1f\" y=\"%d\" fill=\"#222\">%s</text>\n",
                LABEL, y + 3, len, ROW - 6, LABEL + len + 4, y + 13, b);
    }
    if (n == 0) {
        fprintf(f, "<text x=\"%d\" y=\"%d\" fill=\"#666\">no loss in these regions</text>\n", PAD,
                PAD + 13);
    }
    fprintf(f,
            "<text x=\"%d\" y=\"%d\" fill=\"#444\">person-hours lost (mean over %" PRId64
            " replicates, %.0f-hour horizon)</text>\n</svg>\n",
            LABEL, height - 6, r->n_replicates, r->grid[r->n_grid - 1]);
    free(ix);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* ---- JSON and CSV ------------------------------------------------------------------------- */

kikan_error_t kikan_regions_json(FILE *f, const kikan_results_t *r, int w)
{
    if (f == NULL || !kikan_regions_available(r) || w < 0 || w >= r->n_whatifs) {
        return KIKAN_EINVAL;
    }
    const int64_t Rg = r->n_regions;
    static const char *const names[7] = {"mean", "sd", "q05", "q50", "q95", "ci_lo", "ci_hi"};
    fputs("[", f);
    for (int g = 0; g < r->n_regions; g++) {
        fprintf(f, "%s\n       {\"region\": ", g ? "," : "");
        kikan_json_string(f, r->region_ids[g]);
        fprintf(f, ", \"prefecture\": %s",
                kikan_prefecture_tile(r->region_ids[g], NULL, NULL) >= 0 ? "true" : "false");
        for (int k = 0; k < 2; k++) {
            const kikan_stat_t *st = k == 0 ? &r->st_region_person_hours[w * Rg + g]
                                            : &r->st_region_peak_people[w * Rg + g];
            const double v[7] = {st->mean, st->sd, st->q05, st->q50, st->q95, st->ci_lo, st->ci_hi};
            fprintf(f, ", \"%s\": {", k == 0 ? "person_hours" : "peak_people");
            for (int i = 0; i < 7; i++) {
                fprintf(f, "%s\"%s\": ", i ? ", " : "", names[i]);
                kikan_json_number(f, v[i]);
            }
            fputc('}', f);
        }
        fputc('}', f);
    }
    fputs("]", f);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}
