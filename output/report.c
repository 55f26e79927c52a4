/*
 * `kikan report`: one self-contained HTML page from a results file, for
 * policy staff (a five-minute read): what was run, headline figures with
 * their 95% confidence intervals, per-sector timelines, the what-if x sector
 * impact matrix, the scope analysis (when the file holds one) and the
 * assumptions that matter, in plain words.
 *
 * DESIGN: charts are drawn by gnuplot's SVG terminal: each chart's data and
 * script go to a private temporary directory (mkdtemp), gnuplot runs there
 * (fork + exec, no shell, so no quoting of paths), and the SVG is read back
 * and inlined without its XML prolog. The sensitivity's tornado chart is
 * written as SVG directly (as the region maps, output/regions.c): a bar per
 * input with classes and data attributes a test can read, no gnuplot
 * layout to second-guess. Nothing in the page refers to anything
 * outside it (inline CSS, inline SVG, no scripts), so it opens offline and
 * can be mailed as one file. Every string that comes from the results file
 * is HTML-escaped in the page; in chart labels it is reduced to a safe
 * character set before it reaches gnuplot (gnuplot's own string syntax and
 * its enhanced-text markup are thereby never triggered by data). The page
 * is built in memory and written atomically (kikan_atomic_*, as the HDF5
 * files).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kikan/text.h"
#include "kikan/structure_io.h"
#include "kikan/version.h"
#include "output/chart_axis.h"
#include "output/h5_internal.h"
#include "models/results_impl.h"
#include "output/size_metric.h"
#include "sim/scope_impl.h"

/* A colour per sector (cycled), colour-blind friendly (Okabe-Ito). */
static const char *const colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
#define N_COLOURS 8

typedef struct {
    kikan_ctx_t *ctx;
    const char *gnuplot;
    char dir[64]; /* temporary directory */
    int n_charts;
    const kikan_scope_result_t *const *more; /* scope analyses under other measures */
    int n_more;
} rep_t;

/* ---- formatting ----------------------------------------------------------------------------- */

void kikan_report_format_number(double x, char *buf, size_t n)
{
    const double a = fabs(x);
    if (isnan(x)) {
        snprintf(buf, n, "not computed");
    } else if (isinf(x)) {
        snprintf(buf, n, "%s", x > 0 ? "infinite" : "-infinite");
    } else if (a >= 1e12) {
        snprintf(buf, n, "%.3g trillion", x / 1e12);
    } else if (a >= 1e9) {
        snprintf(buf, n, "%.3g billion", x / 1e9);
    } else if (a >= 1e6) {
        snprintf(buf, n, "%.3g million", x / 1e6);
    } else if (a >= 1000) {
        /* integer with thousands separators */
        char digits[32];
        snprintf(digits, sizeof(digits), "%.0f", a);
        const size_t nd = strlen(digits);
        size_t o = 0;
        if (x < 0 && o + 1 < n) {
            buf[o++] = '-';
        }
        for (size_t i = 0; i < nd && o + 2 < n; i++) {
            if (i > 0 && (nd - i) % 3 == 0) {
                buf[o++] = ',';
            }
            buf[o++] = digits[i];
        }
        buf[o] = '\0';
    } else if (a >= 10 || a == 0) {
        snprintf(buf, n, "%.0f", x);
    } else {
        snprintf(buf, n, "%.2g", x);
    }
}

/* A number, HTML-ready (the formats contain no markup). */
static void num(FILE *f, double x)
{
    char b[64];
    kikan_report_format_number(x, b, sizeof(b));
    fputs(b, f);
}

/* Does `s` end with `suffix`? */
static int ends_with(const char *s, const char *suffix)
{
    const size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/*
 * A size metric's name for people, with its currency or time basis:
 * deposits_jpy -> "deposits (¥)", passengers -> "passengers a year",
 * capacity_mw -> "capacity (MW)"; other names as they are.
 */
static void metric_label(FILE *f, const char *metric)
{
    if (ends_with(metric, "_jpy")) {
        fprintf(f, "%.*s (¥)", (int)(strlen(metric) - 4), metric);
    } else if (ends_with(metric, "_mw")) {
        fprintf(f, "%.*s (MW)", (int)(strlen(metric) - 3), metric);
    } else if (strcmp(metric, "passengers") == 0) {
        fputs("passengers a year", f);
    } else {
        kikan_html_text(f, metric);
    }
}

/* A value of a size metric with its unit: "¥62 trillion", "900 million a year", "500 MW". */
static void metric_value(FILE *f, const char *metric, double v)
{
    char b[128];
    kikan_size_metric_format(metric, v, 0, b, sizeof(b));
    fputs(b, f);
}

/* "lo – hi", the scale word once when both share it: "1.05 – 2.46 million" */
static void range(FILE *f, double lo, double hi)
{
    char a[64], b[64];
    kikan_report_format_number(lo, a, sizeof(a));
    kikan_report_format_number(hi, b, sizeof(b));
    const char *sa = strchr(a, ' '), *sb = strchr(b, ' ');
    if (sa != NULL && sb != NULL && strcmp(sa, sb) == 0) {
        fprintf(f, "%.*s – %s", (int)(sa - a), a, b);
    } else {
        fprintf(f, "%s – %s", a, b);
    }
}

/* "mean <small>(95% CI lo – hi)</small>" */
static void num_ci(FILE *f, const kikan_stat_t *st)
{
    num(f, st->mean);
    if (isfinite(st->ci_lo) && isfinite(st->ci_hi) && st->ci_hi > st->ci_lo) {
        fputs(" <span class=\"ci\">(", f);
        range(f, st->ci_lo, st->ci_hi);
        fputs(")</span>", f);
    }
}

/* " <span class=ci>(95% interval PRE lo – PRE hi)</span>" when the interval is not a point */
static void ci_only(FILE *f, const kikan_stat_t *st, const char *pre)
{
    if (isfinite(st->ci_lo) && isfinite(st->ci_hi) && st->ci_hi > st->ci_lo) {
        fprintf(f, " <span class=\"ci\">(95%% interval %s", pre);
        range(f, st->ci_lo, st->ci_hi);
        fputs(")</span>", f);
    }
}

/* "¥3.56 billion": an amount in yen, the currency before the number. */
static void yen(FILE *f, double x)
{
    fputs("¥", f);
    num(f, x);
}

static void pct(FILE *f, double share)
{
    if (isfinite(share)) {
        fprintf(f, "%.1f%%", 100.0 * share);
    } else {
        fputs("n/a", f);
    }
}

/* Copy s into a gnuplot single-quoted string body: safe characters only. */
static void gp_label(FILE *f, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        const int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                       (*p >= '0' && *p <= '9') || strchr(" -_.,:()/+%#", *p) != NULL;
        fputc(ok ? *p : '?', f);
    }
}

/* ---- gnuplot ------------------------------------------------------------------------------ */

static FILE *open_in(const rep_t *rp, const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "%s/%s", rp->dir, name);
    return fopen(path, "w");
}

/* Read a whole file into a malloc'd string (NULL on failure). */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0;
    if (f == NULL) {
        return NULL;
    }
    for (;;) {
        if (n + 4096 + 1 > cap) {
            cap = cap ? 2 * cap : 65536;
            char *nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, 4096, f);
        n += got;
        if (got < 4096) {
            break;
        }
    }
    fclose(f);
    buf[n] = '\0';
    if (len != NULL) {
        *len = n;
    }
    return buf;
}

/*
 * Run gnuplot on chartN.gp (already written, with `set output 'chartN.svg'`)
 * and copy the SVG (from "<svg") into out. KIKAN_EIO with a diagnostic
 * carrying gnuplot's messages when it fails.
 */
static kikan_error_t run_chart(rep_t *rp, int id, FILE *out)
{
    kikan_error_t err = KIKAN_OK;
    char script[96], svg[128], log[128];
    char *text = NULL, *msg = NULL;
    snprintf(script, sizeof(script), "chart%d.gp", id);
    snprintf(svg, sizeof(svg), "%s/chart%d.svg", rp->dir, id);
    snprintf(log, sizeof(log), "%s/chart%d.log", rp->dir, id);
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        kikan_diag_add(rp->ctx, "report: cannot start gnuplot: %s", strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    }
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
            close(fd);
        }
        if (chdir(rp->dir) != 0) {
            _exit(126);
        }
        execlp(rp->gnuplot, rp->gnuplot, script, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            KIKAN_FAIL(KIKAN_EIO);
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || (text = slurp(svg, NULL)) == NULL) {
        msg = slurp(log, NULL);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            kikan_diag_add(rp->ctx,
                           "report: cannot run '%s' (install gnuplot: Debian package "
                           "gnuplot-nox)",
                           rp->gnuplot);
        } else {
            kikan_diag_add(rp->ctx, "report: gnuplot failed on chart %d: %.400s", id,
                           msg ? msg : "(no message)");
        }
        KIKAN_FAIL(KIKAN_EIO);
    }
    const char *start = strstr(text, "<svg");
    if (start == NULL) {
        kikan_diag_add(rp->ctx, "report: gnuplot wrote no SVG for chart %d", id);
        KIKAN_FAIL(KIKAN_EIO);
    }
    fputs("<figure class=\"chart\">\n", out);
    fputs(start, out);
    fputs("</figure>\n", out);
cleanup:
    free(text);
    free(msg);
    return err;
}

/* Close chart `id`'s gnuplot script *g (set to NULL either way), then draw and inline it. */
static kikan_error_t chart_end(rep_t *rp, int id, FILE **g, FILE *out)
{
    const int bad = fclose(*g) != 0;
    *g = NULL;
    return bad ? KIKAN_EIO : run_chart(rp, id, out);
}

/* Open chartN.gp with the common header; *id receives N. */
static FILE *chart_begin(rep_t *rp, int *id, int width, int height)
{
    char name[64];
    *id = rp->n_charts++;
    snprintf(name, sizeof(name), "chart%d.gp", *id);
    FILE *g = open_in(rp, name);
    if (g == NULL) {
        return NULL;
    }
    fprintf(g,
            "set terminal svg size %d,%d fixed enhanced font 'sans,11' background rgb "
            "'white'\n"
            "set output 'chart%d.svg'\n"
            "set encoding utf8\n"
            "set border 3 lc rgb '#555555'\n"
            "set tics nomirror textcolor rgb '#333333'\n"
            "set grid ytics lc rgb '#dddddd' lt 1\n"
            "set decimalsign '.'\n",
            width, height, *id);
    return g;
}

/* ---- sections ----------------------------------------------------------------------------- */

static const char *const CSS =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;"
    "color:#1b1b1b;background:#f4f5f7;margin:0;line-height:1.45}"
    "main{max-width:1080px;margin:0 auto;padding:24px 32px 48px;background:#fff}"
    "h1{font-size:1.7em;margin:0.2em 0}h2{font-size:1.3em;margin-top:1.8em;"
    "border-bottom:2px solid #0072B2;padding-bottom:4px}h3{font-size:1.08em;margin:1.3em 0 0.4em}"
    ".badge{display:inline-block;background:#b00020;color:#fff;font-weight:700;"
    "padding:2px "
    "10px;border-radius:4px;font-size:0.8em;letter-spacing:0.05em;vertical-align:middle}"
    ".warn{background:#fff4e5;border-left:4px solid #e69f00;padding:8px 12px;margin:12px 0}"
    "table{border-collapse:collapse;margin:8px 0 12px;font-size:0.93em}"
    "th,td{padding:4px 10px;border-bottom:1px solid #e3e3e3;text-align:right;vertical-align:top}"
    "th{background:#f0f3f7;font-weight:600}td.l,th.l{text-align:left}"
    "tr.rec td{background:#e8f4ea;font-weight:600}"
    ".ci{color:#666;font-size:0.88em;white-space:nowrap}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}"
    ".card{flex:1 1 300px;border:1px solid #dde3ea;border-radius:6px;padding:10px 14px}"
    ".card .big{font-size:1.35em;font-weight:700}"
    ".muted{color:#666;font-size:0.9em}figure.chart{margin:8px 0 16px}"
    "figure.chart svg{max-width:100%;height:auto}"
    ".tw{overflow-x:auto}.tw td .ci{display:block}.tw table{font-size:0.85em}"
    ".tw th,.tw td{padding:3px 7px}"
    "dl.meta{display:grid;grid-template-columns:max-content auto;gap:2px 16px;margin:8px 0}"
    "dl.meta dt{color:#555}dl.meta dd{margin:0}"
    "pre{background:#f6f8fa;padding:10px;overflow:auto;font-size:0.85em}"
    "ul.assume li{margin-bottom:6px}"
    ".maps{display:grid;grid-template-columns:repeat(auto-fill,minmax(460px,1fr));gap:12px}"
    "figure.map{margin:0}figure.map svg{width:100%;height:auto}";

static int64_t sector_active(const kikan_results_t *r, int w, int s)
{
    const int G = r->n_grid;
    const double *q95 = r->curve_q95 + ((int64_t)w * r->n_sectors + s) * G;
    const double *mn = r->curve_mean + ((int64_t)w * r->n_sectors + s) * G;
    for (int g = 0; g < G; g++) {
        if (q95[g] > 0 || mn[g] > 0) {
            return 1;
        }
    }
    return 0;
}

static kikan_error_t section_run(FILE *f, const kikan_results_t *r, const kikan_scope_tables_t *sc,
                                 const char *report_time)
{
    fputs("<h2>What was run</h2>\n<dl class=\"meta\">\n", f);
    fputs("<dt>Scenario</dt><dd>", f);
    kikan_html_text(f, r->scenario_name);
    fputs(" <span class=\"muted\">(", f);
    kikan_html_text(f, r->scenario_path);
    fputs(")</span></dd>\n<dt>Network</dt><dd>", f);
    if (r->synthetic) {
        fputs("<span class=\"badge\">SYNTHETIC</span> made-up data of plausible size, "
              "not a real network",
              f);
    } else {
        fputs("from the scenario's tables", f);
    }
    fputs("</dd>\n", f);
    fprintf(f, "<dt>Random seed</dt><dd>%llu</dd>\n", (unsigned long long)r->seed);
    fprintf(f, "<dt>Replicates</dt><dd>%lld per what-if</dd>\n", (long long)r->n_replicates);
    fputs("<dt></dt><dd class=\"muted\">the ensemble behind the headline figures, timelines, "
          "matrices and regions</dd>\n",
          f);
    if (sc != NULL) {
        fprintf(f,
                "<dt>Scope analysis</dt><dd>%lld replicates per policy and what-if (its own, "
                "on common random numbers)</dd>\n",
                (long long)sc->n_replicates);
    }
    fprintf(f, "<dt>Horizon</dt><dd>%g hours</dd>\n", r->grid[r->n_grid - 1]);
    fputs("<dt>kikan version</dt><dd>", f);
    kikan_html_text(f, r->kikan_version);
    fputs("</dd>\n<dt>Run</dt><dd>", f);
    kikan_html_text(f, r->started);
    fputs(" – ", f);
    kikan_html_text(f, r->finished);
    fputs(" on ", f);
    kikan_html_text(f, r->host);
    fputs("</dd>\n<dt>Report written</dt><dd>", f);
    kikan_html_text(f, report_time);
    fputs("</dd>\n", f);
    if (r->tables_checksum != NULL && r->tables_checksum[0] != '\0') {
        fputs("<dt>Network tables checksum</dt><dd><code>", f);
        kikan_html_text(f, r->tables_checksum);
        fputs("</code></dd>\n", f);
    }
    fputs("</dl>\n", f);
    return KIKAN_OK;
}

static void section_headline(FILE *f, const kikan_results_t *r)
{
    const int S = r->n_sectors;
    fprintf(f,
            "<h2>Headline figures per what-if</h2>\n"
            "<p class=\"muted\">Means over %lld replicates of each what-if, over the %g-hour "
            "horizon; economic loss in yen (¥) over that horizon. ",
            (long long)r->n_replicates, r->grid[r->n_grid - 1]);
    fputs("In brackets the 95% interval of the "
          "mean (percentile bootstrap, 2000 resamples: never outside the range of the "
          "replicates). People are customers &times; the sector's people per customer; "
          "life-weighted person-hours weigh each sector by its life weight, a stated value "
          "judgement. The last two columns count in each sector's own unit "
          "(households, subscribers, passengers a day, accounts...).</p>\n",
          f);
    for (int w = 0; w < r->n_whatifs; w++) {
        fputs("<h3>", f);
        kikan_html_text(f, r->whatif_names[w]);
        fputs("</h3>\n<p>Economic loss: ", f);
        const kikan_stat_t *ec = &r->st_econ[w];
        if (isnan(ec->mean)) {
            fputs("<b>not computed</b> <span class=\"muted\">(", f);
            kikan_html_text(f, r->econ_note ? r->econ_note
                                            : "the input-output model was off in this run");
            fputs(")</span>", f);
        } else {
            fputs("<b>", f);
            yen(f, ec->mean);
            fputs("</b>", f);
            ci_only(f, ec, "¥");
        }
        fputs(". People's records exposed: <b>", f);
        num(f, r->st_records[w].mean);
        fputs(" records</b>", f);
        ci_only(f, &r->st_records[w], "");
        fputs("</p>\n<div class=\"tw\"><table><tr><th class=\"l\">sector</th><th>people cut off at "
              "peak</th>"
              "<th>person-hours without service</th><th>life-weighted person-hours</th>"
              "<th class=\"l\">unit (customer)</th>"
              "<th>customers cut off at peak</th><th>customer-hours lost</th></tr>\n",
              f);
        for (int s = 0; s < S; s++) {
            const int i = w * S + s;
            fputs("<tr><td class=\"l\">", f);
            kikan_html_text(f, r->sector_ids[s]);
            fputs("</td><td>", f);
            num_ci(f, &r->st_peak_people[i]);
            fputs("</td><td>", f);
            num_ci(f, &r->st_person_hours[i]);
            fputs("</td><td>", f);
            num_ci(f, &r->st_life[i]);
            fputs("</td><td class=\"l\">", f);
            kikan_html_text(f, r->sector_units[s]);
            fputs("</td><td>", f);
            num_ci(f, &r->st_peak[i]);
            fputs("</td><td>", f);
            num_ci(f, &r->st_customer_hours[i]);
            fputs("</td></tr>\n", f);
        }
        fputs("</table></div>\n", f);
    }
}

static void section_glance(FILE *f, const kikan_results_t *r, const kikan_scope_tables_t *sc)
{
    const int S = r->n_sectors;
    fprintf(f,
            "<h2>At a glance</h2>\n<p class=\"muted\">Means over %lld replicates of each "
            "what-if, %g-hour horizon.</p>\n<ul>\n",
            (long long)r->n_replicates, r->grid[r->n_grid - 1]);
    for (int w = 0; w < r->n_whatifs; w++) {
        double tot = 0, best = -1;
        int bs = 0;
        for (int s = 0; s < S; s++) {
            const double v = r->st_life[w * S + s].mean;
            tot += v;
            if (v > best) {
                best = v;
                bs = s;
            }
        }
        fputs("<li><b>", f);
        kikan_html_text(f, r->whatif_names[w]);
        fputs("</b>: ", f);
        if (!(tot > 0)) {
            fputs("no sector lost service in any replicate.", f);
        } else {
            /* the memo sentence: people per sector at the peak, for how long on average */
            fputs("leaves ", f);
            int first = 1;
            for (int s = 0; s < S; s++) {
                const double pk = r->st_peak_people[w * S + s].mean;
                const double ph = r->st_person_hours[w * S + s].mean;
                if (!(pk > 0)) {
                    continue;
                }
                fputs(first ? "" : ", ", f);
                first = 0;
                num(f, pk);
                fputs(" people without ", f);
                kikan_html_text(f, r->sector_ids[s]);
                fputs(" for ", f);
                num(f, ph / pk);
                fputs(" hours", f);
            }
            fputs(" (means: people cut off at the peak; hours = person-hours &divide; those "
                  "people); the largest share of the life-weighted person-hours falls on <b>",
                  f);
            kikan_html_text(f, r->sector_ids[bs]);
            fputs("</b> (", f);
            pct(f, best / tot);
            fputs(").", f);
        }
        fputs(" Economic loss: ", f);
        if (isnan(r->st_econ[w].mean)) {
            fputs("not computed.", f);
        } else {
            yen(f, r->st_econ[w].mean);
            fputs(" over the horizon.", f);
        }
        fputs(" Records exposed: ", f);
        num(f, r->st_records[w].mean);
        fputs(" people's records.", f);
        fputs("</li>\n", f);
    }
    if (sc != NULL && sc->recommended >= 0 && sc->recommended < sc->n_frontier) {
        const kikan_scope_tab_frontier_t *p = &sc->frontier[sc->recommended];
        fprintf(f, "<li><b>Pre-screening scope</b>: regulating %d operators (%d SMEs) removes ",
                (int)p->operators, (int)p->smes);
        pct(f, p->share);
        fputs(" of the impact that screening could remove", f);
        if (sc->n_small > 0) {
            fprintf(f, "; %d small operator%s critical beyond %s size (see below)", sc->n_small,
                    sc->n_small > 1 ? "s look" : " looks", sc->n_small > 1 ? "their" : "its");
        }
        fputs(".</li>\n", f);
    }
    fputs("</ul>\n", f);
}

/* An input of the sensitivity analysis, named for people (with the tornado chart below). */
static void sens_label(FILE *f, const char *name);

/* A row's first cells for one criterion: sector, size measure, the recommended threshold in
   words with its unit (or "none regulated"); the row is left open for the caller's cells. */
static void criterion_cells(FILE *f, const kikan_scope_tab_criterion_t *cr)
{
    fputs("<tr><td class=\"l\">", f);
    kikan_html_text(f, cr->sector);
    fputs("</td><td class=\"l\">", f);
    metric_label(f, cr->metric);
    fputs("</td><td>", f);
    if (isinf(cr->recommended_threshold)) {
        fputs("none regulated", f);
    } else {
        metric_value(f, cr->metric, cr->recommended_threshold);
    }
}

/*
 * The answer first: the recommended thresholds with their stability, the
 * operators they catch by name (SMEs marked), and the harm removed with its
 * interval. Policy staff read this screen; the rest of the report backs it.
 */
static void section_answer(FILE *f, const kikan_scope_tables_t *sc)
{
    if (sc == NULL || sc->recommended < 0 || sc->recommended >= sc->n_frontier) {
        return;
    }
    const kikan_scope_tab_frontier_t *p = &sc->frontier[sc->recommended];
    fputs("<h2>The answer: who should be screened</h2>\n<p>", f);
    fprintf(f, "Regulate <b>%d operators</b> (%d SMEs): they remove <b>", (int)p->operators,
            (int)p->smes);
    pct(f, p->share);
    fputs("</b> <span class=\"ci\">(± ", f);
    pct(f, sc->compromise_mean > 0 ? p->ci_half / sc->compromise_mean : NAN);
    fputs(", 95% CI)</span> of the harm that screening could remove (", f);
    kikan_html_text(f, sc->measure_units);
    fputs(").", f);
    if (isfinite(p->burden)) {
        fputs(" The burden on them: ", f);
        num(f, p->burden);
        fputs(" screening-days (assumed per operator and per installation screened), of which "
              "SMEs carry ",
              f);
        pct(f, p->burden > 0 ? p->burden_sme / p->burden : 0.0);
        fputs(".", f);
    }
    if (sc->budget > 0 || sc->cost_budget > 0) {
        fprintf(f,
                " Within the budget, the smallest scope not significantly worse than the best "
                "affordable one (point %d; a shortfall under %.3g%% counts as none).",
                (int)sc->best, 100.0 * sc->margin_share);
    } else {
        fprintf(f, " The first frontier point reaching %.0f%% of the most any point removes.",
                100.0 * sc->target_share);
    }
    fputs("</p>\n<table><tr><th class=\"l\">sector</th><th class=\"l\">size measure</th>"
          "<th>regulate operators with at least</th><th>operators</th><th>stability "
          "(bootstrap)</th><th>stability (other seeds)</th></tr>\n",
          f);
    for (int c = 0; c < sc->n_criteria; c++) {
        const kikan_scope_tab_criterion_t *cr = &sc->criteria[c];
        criterion_cells(f, cr);
        fprintf(f, "</td><td>%d</td><td>", (int)cr->recommended_operators);
        pct(f, cr->stability_bootstrap);
        fputs("</td><td>", f);
        pct(f, cr->stability_seeds);
        fputs("</td></tr>\n", f);
    }
    fprintf(f,
            "</table>\n<p class=\"muted\">Stability: the share of %d bootstrap resamples of the "
            "replicates and of %d runs with other seeds recommending the same threshold "
            "(below 80%%: not settled by this many replicates).</p>\n",
            (int)sc->n_bootstrap, (int)sc->n_seeds);
    fputs("<p><b>Operators caught</b>: ", f);
    int k = 0;
    for (int i = 0; i < sc->n_regulated; i++) {
        const kikan_scope_tab_regulated_t *x = &sc->regulated[i];
        if (!x->recommended) {
            continue;
        }
        fputs(k++ ? ", " : "", f);
        kikan_html_text(f, x->operator_name[0] ? x->operator_name : x->operator_id);
        fputs(x->sme ? " <span class=\"badge\">SME</span>" : "", f);
    }
    fputs(k ? ".</p>\n" : "none.</p>\n", f);
    if (sc->n_sens > 0 && sc->sens_most >= 0 && sc->sens_most < sc->n_sens) {
        const kikan_scope_tab_sens_input_t *m = &sc->sens[sc->sens_most];
        fputs("<p><b>What moves it most</b>: ", f);
        sens_label(f, m->input);
        fprintf(f,
                " — over its range it moves %d of the %d recommended thresholds and the share "
                "removed from %.1f%% to %.1f%% (tornado chart under <i>How the answer depends on "
                "the assumptions</i>).</p>\n",
                (int)m->thresholds_changed, sc->n_sens_criteria, 100 * m->share_low,
                100 * m->share_high);
    }
    if (!sc->ev_done || sc->ev_point < 0 || sc->ev_point >= sc->n_frontier) {
        fputs("<p class=\"muted\">No rule in force evaluated in this file (<code>kikan scope "
              "SCENARIO --evaluate POLICY.yaml -o FILE.h5</code>).</p>\n",
              f);
        return;
    }
    const double tot = sc->compromise_mean;
    fputs("<p><b>The rule in force</b> (", f);
    kikan_html_text(f, sc->ev_name[0] ? sc->ev_name : sc->ev_policy);
    fputs(sc->ev_source[0] ? "; source: " : "", f);
    kikan_html_text(f, sc->ev_source);
    fprintf(f, "): %d operators (%d by rule, %d named; %d SMEs) remove ", (int)sc->ev_operators,
            (int)sc->ev_by_rule, (int)sc->ev_named, (int)sc->ev_smes);
    pct(f, sc->ev_share);
    fputs(" <span class=\"ci\">(± ", f);
    pct(f, tot > 0 ? sc->ev_ci_half / tot : NAN);
    fprintf(f, ")</span>; the frontier at the same burden (%d operators) removes ",
            (int)sc->frontier[sc->ev_point].operators);
    pct(f, sc->frontier[sc->ev_point].share);
    fputs(", swapping in: ", f);
    int n_in = 0;
    for (int i = 0; i < sc->n_eval; i++) {
        if (strcmp(sc->eval[i].role, "swap_in") == 0) {
            if (n_in < 12) {
                fputs(n_in ? ", " : "", f);
                kikan_html_text(f, sc->eval[i].operator_name[0] ? sc->eval[i].operator_name
                                                                : sc->eval[i].operator_id);
            }
            n_in++;
        }
    }
    if (n_in > 12) {
        fprintf(f, " and %d more", n_in - 12);
    }
    fputs(n_in ? ".</p>\n" : "nobody.</p>\n", f);
}

static kikan_error_t section_timelines(rep_t *rp, FILE *f, const kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const int S = r->n_sectors, G = r->n_grid;
    FILE *g = NULL, *d = NULL;
    fprintf(f,
            "<h2>Timelines: customers cut off over time</h2>\n"
            "<p class=\"muted\">%lld replicates of each what-if; hours since the start, up to "
            "the %g-hour horizon; each panel in its sector's own unit of customers. ",
            (long long)r->n_replicates, r->grid[r->n_grid - 1]);
    fputs("One panel per sector that lost service, each with its own y-axis. Line: mean over the "
          "replicates; shaded band: the middle 90% of replicates (5% to 95% quantiles), i.e. how "
          "bad an unlucky or a lucky outcome gets. Sectors with no loss in any replicate are "
          "left out.</p>\n",
          f);
    for (int w = 0; w < r->n_whatifs; w++) {
        int active[256], na = 0;
        for (int s = 0; s < S && na < 256; s++) {
            if (sector_active(r, w, s)) {
                active[na++] = s;
            }
        }
        fputs("<h3>", f);
        kikan_html_text(f, r->whatif_names[w]);
        fputs("</h3>\n", f);
        if (na == 0) {
            fputs("<p>No sector lost service in any replicate.</p>\n", f);
            continue;
        }
        const int cols = na < 3 ? na : 3, rows = (na + cols - 1) / cols;
        int id;
        char dname[64];
        KIKAN_CHECK_ALLOC(g = chart_begin(rp, &id, 330 * cols + 20, 250 * rows + 10));
        snprintf(dname, sizeof(dname), "chart%d.dat", id);
        KIKAN_CHECK_ALLOC(d = open_in(rp, dname));
        for (int k = 0; k < na; k++) {
            const int64_t base = ((int64_t)w * S + active[k]) * G;
            for (int t = 0; t < G; t++) {
                fprintf(d, "%.10g %.10g %.10g %.10g\n", r->grid[t], r->curve_mean[base + t],
                        r->curve_q05[base + t], r->curve_q95[base + t]);
            }
            fputs("\n\n", d);
        }
        if (fclose(d) != 0) {
            d = NULL;
            KIKAN_FAIL(KIKAN_EIO);
        }
        d = NULL;
        fprintf(g,
                "set multiplot layout %d,%d\n"
                "set style fill transparent solid 0.22 noborder\n"
                "set key off\nset xlabel 'hours since start'\n"
                "set format y '%%.1s%%c'\nset xrange [%.10g:%.10g]\nset yrange [0:*]\n"
                "set lmargin 10\n",
                rows, cols, r->grid[0], r->grid[G - 1] > r->grid[0] ? r->grid[G - 1] : 1.0);
        for (int k = 0; k < na; k++) {
            const int s = active[k];
            const char *c = colours[s % N_COLOURS];
            fputs("set title '", g);
            gp_label(g, r->sector_ids[s]);
            fputs("' noenhanced font 'sans,12'\nset ylabel '", g);
            gp_label(g, r->sector_units[s]);
            fprintf(g,
                    "' noenhanced\n"
                    "plot '%s' index %d using 1:3:4 with filledcurves lc rgb '%s', "
                    "'' index %d using 1:2 with lines lw 2 lc rgb '%s'\n",
                    dname, k, c, k, c);
        }
        fputs("unset multiplot\n", g);
        KIKAN_CHECK(chart_end(rp, id, &g, f));
    }
cleanup:
    if (g != NULL) {
        fclose(g);
    }
    if (d != NULL) {
        fclose(d);
    }
    return err;
}

/*
 * The gnuplot commands of a percentage heat map: tick labels on both axes,
 * cells from the data file `dname` ("x y percent" lines), each labelled with
 * its value; the caller opens and closes the chart.
 */
static void gp_heatmap(FILE *g, char *const *xlabels, int nx, char *const *ylabels, int ny,
                       const char *extra, const char *cblabel, const char *palette, int lmargin,
                       const char *dname)
{
    fputs("set xtics (", g);
    for (int i = 0; i < nx; i++) {
        fputs(i ? ", '" : "'", g);
        gp_label(g, xlabels[i]);
        fprintf(g, "' %d", i);
    }
    fputs(") noenhanced scale 0\nset ytics (", g);
    for (int i = 0; i < ny; i++) {
        fputs(i ? ", '" : "'", g);
        gp_label(g, ylabels[i]);
        fprintf(g, "' %d", i);
    }
    fprintf(g,
            ") noenhanced scale 0\n%s"
            "set xrange [-0.5:%f]\nset yrange [%f:-0.5]\nset cbrange [0:100]\n"
            "set cblabel '%s'\nset palette defined %s\n"
            "set grid noytics\nset border 0\nset key off\nset lmargin %d\n"
            "plot '%s' using 1:2:(0.48):(0.48):3 with boxxyerror fs solid 1.0 noborder lc "
            "palette, '' using 1:2:(sprintf('%%.0f%%%%', $3)):($3 > 55 ? 0xffffff : 0x222222) "
            "with labels tc rgb variable font 'sans,11'\n",
            extra, nx - 0.5, ny - 0.5, cblabel, palette, lmargin, dname);
}

static kikan_error_t section_matrix(rep_t *rp, FILE *f, const kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const int S = r->n_sectors, W = r->n_whatifs;
    FILE *g = NULL, *d = NULL;
    int id;
    char dname[64];
    fprintf(f,
            "<h2>Where the impact lands: what-if × sector</h2>\n"
            "<p class=\"muted\">Means over %lld replicates of each what-if, %g-hour "
            "horizon.</p>\n",
            (long long)r->n_replicates, r->grid[r->n_grid - 1]);
    fputs("<p>Each cell is the share of a what-if's total <em>life-weighted</em> person-hours "
          "that falls on a sector (each row adds up to 100%). Life-weighted person-hours "
          "multiply the person-hours without service (people &times; hours) by the sector's "
          "weight for health and life, a stated value judgement. This is where the "
          "loss is felt; the next chart shows through which sector it came.</p>\n",
          f);
    KIKAN_CHECK_ALLOC(g = chart_begin(rp, &id, 150 + 120 * S, 90 + 48 * W));
    snprintf(dname, sizeof(dname), "chart%d.dat", id);
    KIKAN_CHECK_ALLOC(d = open_in(rp, dname));
    for (int w = 0; w < W; w++) {
        double tot = 0;
        for (int s = 0; s < S; s++) {
            tot += r->st_life[w * S + s].mean;
        }
        for (int s = 0; s < S; s++) {
            const double v = r->st_life[w * S + s].mean;
            const double share = tot > 0 ? 100.0 * v / tot : 0.0;
            fprintf(d, "%d %d %.6g\n", s, w, share);
        }
    }
    if (fclose(d) != 0) {
        d = NULL;
        KIKAN_FAIL(KIKAN_EIO);
    }
    d = NULL;
    gp_heatmap(g, r->sector_ids, S, r->whatif_names, W, "", "share (%)",
               "(0 '#f7fbff', 30 '#9ecae1', 60 '#3182bd', 100 '#08306b')", 24, dname);
    KIKAN_CHECK(chart_end(rp, id, &g, f));
cleanup:
    if (g != NULL) {
        fclose(g);
    }
    if (d != NULL) {
        fclose(d);
    }
    return err;
}

/*
 * Sector to sector: for each sector where a loss is felt (column), the share
 * of its customer-hours whose chain of lost supplies began in each sector
 * (row), over all what-ifs and replicates. Drawn only when something was lost.
 */
static kikan_error_t section_through(rep_t *rp, FILE *f, const kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    const int S = r->n_sectors;
    const int64_t WR = (int64_t)r->n_whatifs * r->n_replicates;
    FILE *g = NULL, *d = NULL;
    double *m = NULL;
    int id;
    char dname[64];
    if (r->through == NULL) {
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(m = calloc((size_t)S * (size_t)S, sizeof(double)));
    double total = 0.0;
    for (int64_t i = 0; i < WR; i++) {
        for (int k = 0; k < S * S; k++) {
            m[k] += r->through[i * S * S + k];
            total += r->through[i * S * S + k];
        }
    }
    if (!(total > 0)) {
        goto cleanup;
    }
    fprintf(f,
            "<h2>Sector to sector: through which sector the loss came</h2>\n"
            "<p class=\"muted\">All %lld replicates of every what-if together, %g-hour "
            "horizon.</p>\n",
            (long long)r->n_replicates, r->grid[r->n_grid - 1]);
    fputs("<p>Each column is a sector where service was lost; each cell is the share of that "
          "sector's customer-hours (all what-ifs and replicates together) whose chain of lost "
          "supplies <em>began</em> in the row's sector — the sector of the equipment the "
          "implant or outage hit, followed back through every provider that failed in turn. "
          "The diagonal is loss that began in the sector itself; large off-diagonal cells are "
          "the cross-sector dependencies a sector-by-sector view would miss. Empty columns: "
          "no loss in that sector.</p>\n",
          f);
    KIKAN_CHECK_ALLOC(g = chart_begin(rp, &id, 150 + 120 * S, 110 + 48 * S));
    snprintf(dname, sizeof(dname), "chart%d.dat", id);
    KIKAN_CHECK_ALLOC(d = open_in(rp, dname));
    for (int to = 0; to < S; to++) {
        double col = 0.0;
        for (int from = 0; from < S; from++) {
            col += m[from * S + to];
        }
        for (int from = 0; from < S && col > 0; from++) {
            fprintf(d, "%d %d %.6g\n", to, from, 100.0 * m[from * S + to] / col);
        }
    }
    if (fclose(d) != 0) {
        d = NULL;
        KIKAN_FAIL(KIKAN_EIO);
    }
    d = NULL;
    gp_heatmap(g, r->sector_ids, S, r->sector_ids, S,
               "set xlabel 'loss felt in'\nset ylabel 'chain began in'\n",
               "share of the column (%)",
               "(0 '#fff5eb', 30 '#fdae6b', 60 '#e6550d', 100 '#7f2704')", 16, dname);
    KIKAN_CHECK(chart_end(rp, id, &g, f));
cleanup:
    if (g != NULL) {
        fclose(g);
    }
    if (d != NULL) {
        fclose(d);
    }
    free(m);
    return err;
}

/*
 * Regions: per what-if, a tile map of the 47 prefectures coloured by mean person-hours (own
 * scale, in the legend), and a sorted bar chart of the regions that are not prefectures (data
 * of other countries, "abroad"). Absent when the file has no regions (older files).
 */
static kikan_error_t section_regions(FILE *f, const kikan_results_t *r)
{
    kikan_error_t err = KIKAN_OK;
    if (!kikan_regions_available(r)) {
        return KIKAN_OK;
    }
    const int64_t Rg = r->n_regions;
    int n_pref = 0;
    for (int g = 0; g < r->n_regions; g++) {
        n_pref += kikan_prefecture_tile(r->region_ids[g], NULL, NULL) >= 0;
    }
    fprintf(f,
            "<h2>Where people lose service: regions</h2>\n"
            "<p>Person-hours without service (people &times; hours, all sectors together) of the "
            "assets in each region, mean over %" PRId64 " replicates, %.0f-hour horizon. %s"
            "</p>\n",
            r->n_replicates, r->grid[r->n_grid - 1],
            n_pref > 0 ? "Each map has its own scale (its legend); hover a tile for its figure."
                       : "");
    fputs("<div class=\"maps\">\n", f);
    for (int w = 0; w < r->n_whatifs; w++) {
        double vmax = 0.0;
        int other = 0;
        for (int g = 0; g < r->n_regions; g++) {
            const double v = r->st_region_person_hours[w * Rg + g].mean;
            if (kikan_prefecture_tile(r->region_ids[g], NULL, NULL) >= 0) {
                vmax = v > vmax ? v : vmax;
            } else {
                other += v > 0;
            }
        }
        fputs("<figure class=\"map\"><figcaption><b>", f);
        kikan_html_text(f, r->whatif_names[w]);
        fputs("</b></figcaption>\n", f);
        if (n_pref > 0) {
            KIKAN_CHECK(kikan_regions_svg_map(f, r, w, vmax));
        }
        if (other > 0 || n_pref == 0) {
            fputs(n_pref > 0 ? "<p class=\"muted\">Regions that are not prefectures:</p>\n" : "",
                  f);
            KIKAN_CHECK(kikan_regions_svg_bars(f, r, w, 0, 20));
        }
        fputs("</figure>\n", f);
    }
    fputs("</div>\n", f);
cleanup:
    return err;
}

static double share_of(const kikan_scope_tables_t *sc, double x)
{
    return sc->compromise_mean > 0 ? x / sc->compromise_mean : NAN;
}

/* A recommended threshold of `metric` as the table shows it. */
static void threshold_text(FILE *f, const char *metric, double t)
{
    if (!isfinite(t)) {
        fputs("none", f);
    } else {
        fputs("&ge; ", f);
        metric_value(f, metric, t);
    }
}

/*
 * The recommendation under each measure the scope analysis was run with (the
 * file's own and the --scope files), side by side, and where they disagree:
 * the criteria whose recommended threshold differs between measures.
 */
static void section_measures(FILE *f, const kikan_scope_tables_t *const *sc, int n)
{
    fputs("<h2>The recommendation under each measure</h2>\n"
          "<p>The same scope analysis, each column under one measure of harm "
          "(<code>kikan scope --measure people|weighted|economic|records</code>). "
          "A threshold regulates the operators whose metric is at least it.</p>\n"
          "<table><tr><th class=\"l\">criterion</th>",
          f);
    for (int i = 0; i < n; i++) {
        fputs("<th>", f);
        kikan_html_text(f, sc[i]->measure);
        fputs("<br><span class=\"muted\">", f);
        kikan_html_text(f, sc[i]->measure_units);
        fputs("</span></th>", f);
    }
    fputs("</tr>\n<tr><td class=\"l\">operators regulated (SMEs)</td>", f);
    for (int i = 0; i < n; i++) {
        fputs("<td>", f);
        if (sc[i]->recommended >= 0 && sc[i]->recommended < sc[i]->n_frontier) {
            const kikan_scope_tab_frontier_t *p = &sc[i]->frontier[sc[i]->recommended];
            fprintf(f, "%d (%d)", (int)p->operators, (int)p->smes);
        } else {
            fputs("none recommended", f);
        }
        fputs("</td>", f);
    }
    fputs("</tr>\n<tr><td class=\"l\">share of the removable impact removed</td>", f);
    for (int i = 0; i < n; i++) {
        fputs("<td>", f);
        if (sc[i]->recommended >= 0 && sc[i]->recommended < sc[i]->n_frontier) {
            pct(f, sc[i]->frontier[sc[i]->recommended].share);
        } else {
            fputs("&ndash;", f);
        }
        fputs("</td>", f);
    }
    fputs("</tr>\n", f);
    int n_differ = 0;
    for (int c = 0; c < sc[0]->n_criteria; c++) {
        const kikan_scope_tab_criterion_t *c0 = &sc[0]->criteria[c];
        fputs("<tr><td class=\"l\">", f);
        kikan_html_text(f, c0->sector);
        fputs(" ", f);
        metric_label(f, c0->metric);
        fputs("</td>", f);
        int differ = 0;
        for (int i = 0; i < n; i++) {
            fputs("<td>", f);
            if (c < sc[i]->n_criteria && strcmp(sc[i]->criteria[c].sector, c0->sector) == 0 &&
                strcmp(sc[i]->criteria[c].metric, c0->metric) == 0) {
                const double t = sc[i]->criteria[c].recommended_threshold;
                threshold_text(f, c0->metric, t);
                differ |= !(t == c0->recommended_threshold);
            } else {
                fputs("(not swept)", f);
                differ = 1;
            }
            fputs("</td>", f);
        }
        n_differ += differ;
        fputs("</tr>\n", f);
    }
    fputs("</table>\n<p>", f);
    if (n < 2) {
        fputs("Only one measure here: give <code>kikan report</code> the scope files of the "
              "others (<code>--scope FILE.h5</code>) to compare them.",
              f);
    } else if (n_differ == 0) {
        fputs("<b>The measures agree</b>: every criterion gets the same threshold.", f);
    } else {
        fprintf(f,
                "<b>The measures disagree</b> on %d of %d criteria: the rows where the "
                "thresholds differ. Which measure to follow is a policy choice: people and "
                "records count everyone alike, the weighted measure states a value judgement "
                "(life weights), the economic one counts output lost.",
                n_differ, sc[0]->n_criteria);
    }
    fputs("</p>\n", f);
}

/* The parts of section_scope, defined after it. */
static void scope_intro(FILE *f, const kikan_scope_tables_t *sc);
static kikan_error_t scope_frontier_chart(rep_t *rp, FILE *f, const kikan_scope_tables_t *sc);
static void scope_frontier_table(FILE *f, const kikan_scope_tables_t *sc);
static void section_sensitivity(FILE *f, const kikan_scope_tables_t *sc);
static void scope_small(FILE *f, const kikan_scope_tables_t *sc);
static kikan_error_t scope_classes(rep_t *rp, FILE *f, const kikan_scope_tables_t *sc);

/* A compromise's readable name: vendor (name) and class, or contractor (name), or the what-if. */
static void worst_label(FILE *f, const kikan_scope_tab_worst_t *x)
{
    if (x->vendor_id[0]) {
        fputs("vendor ", f);
        kikan_html_text(f, x->vendor_name[0] ? x->vendor_name : x->vendor_id);
        if (x->class_id[0]) {
            fputs(", class ", f);
            kikan_html_text(f, x->class_id);
        }
    } else if (x->contractor_id[0]) {
        fputs("contractor ", f);
        kikan_html_text(f, x->contractor_name[0] ? x->contractor_name : x->contractor_id);
    } else {
        fputs("what-if ", f);
        kikan_html_text(f, x->whatif);
    }
}

/* The worst case (docs/scope.md): minimax vs expected value, the worst compromises left open
   by the recommendation, the operators closing the worst hole. */
static void section_worst(FILE *f, const kikan_scope_tables_t *sc)
{
    if (sc->n_compromises <= 0 || sc->frontier_worst == NULL || sc->n_frontier == 0 ||
        sc->recommended < 0 || sc->recommended >= sc->n_frontier || sc->recommended_minimax < 0 ||
        sc->recommended_minimax >= sc->n_frontier) {
        return;
    }
    const int rec = sc->recommended, mm = sc->recommended_minimax;
    fprintf(f,
            "<h3>The worst case: an adversary who chooses</h3>\n<p>Over the %d compromises of the "
            "threat portfolio, the worst %s left open by the recommendation costs ",
            (int)sc->n_compromises,
            sc->attacker_budget > 1 ? "attack (a greedy choice of compromises, harms summed)"
                                    : "single compromise");
    num(f, sc->frontier_worst[rec]);
    fputs(" <span class=\"ci\">± ", f);
    num(f, sc->frontier_worst_ci_half[rec]);
    fputs("</span> ", f);
    kikan_html_text(f, sc->measure_units);
    fprintf(f,
            " (mean over the replicates, unweighted). The <b>minimax recommendation</b> — the "
            "smallest scope within the budget whose worst remaining harm is within %.0f%% of the "
            "least achievable — regulates %d operators (worst remaining ",
            100 * sc->minimax_share, (int)sc->frontier[mm].operators);
    num(f, sc->frontier_worst[mm]);
    fprintf(f, "); the expected-value recommendation %d.", (int)sc->frontier[rec].operators);
    if (mm != rec) {
        const int lo = mm < rec ? mm : rec, hi = mm < rec ? rec : mm;
        fprintf(f, " Regulated only by the %s one: ", mm < rec ? "expected-value" : "minimax");
        int k = 0;
        for (int i = 0; i < sc->n_regulated; i++) {
            const kikan_scope_tab_regulated_t *x = &sc->regulated[i];
            if (x->point > lo && x->point <= hi) {
                if (k < 20) {
                    fputs(k ? ", " : "", f);
                    kikan_html_text(f, x->operator_name[0] ? x->operator_name : x->operator_id);
                    fputs(x->sme ? " (SME)" : "", f);
                }
                k++;
            }
        }
        if (k > 20) {
            fprintf(f, " and %d more", k - 20);
        }
        fputs(".", f);
    }
    fputs("</p>\n<table><tr><th>rank</th><th class=\"l\">compromise left open by the "
          "recommendation</th><th>harm (95% CI)</th></tr>\n",
          f);
    for (int i = 0; i < sc->n_worst; i++) {
        const kikan_scope_tab_worst_t *x = &sc->worst[i];
        if (strcmp(x->role, "top") != 0 || x->point != rec) {
            continue;
        }
        fprintf(f, "<tr><td>%d</td><td class=\"l\">", (int)x->rank);
        worst_label(f, x);
        fputs("</td><td>", f);
        num(f, x->harm);
        fputs(" <span class=\"ci\">± ", f);
        num(f, x->ci_half);
        fputs("</span></td></tr>\n", f);
    }
    fputs("</table>\n", f);
    int nc = 0;
    for (int i = 0; i < sc->n_worst; i++) {
        nc += strcmp(sc->worst[i].role, "closer") == 0;
    }
    if (nc > 0) {
        fputs("<p>Operators whose regulation, added to the recommendation, would lower the worst "
              "remaining harm most:</p>\n<table><tr><th class=\"l\">operator</th><th>worst "
              "remaining then</th><th class=\"l\">its compromise</th></tr>\n",
              f);
        for (int i = 0; i < sc->n_worst; i++) {
            const kikan_scope_tab_worst_t *x = &sc->worst[i];
            if (strcmp(x->role, "closer") != 0 || x->rank > 5) {
                continue;
            }
            fputs("<tr><td class=\"l\">", f);
            kikan_html_text(f, x->operator_name[0] ? x->operator_name : x->operator_id);
            fputs("</td><td>", f);
            num(f, x->harm);
            fputs("</td><td class=\"l\">", f);
            worst_label(f, x);
            fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
    }
}

static kikan_error_t section_scope(rep_t *rp, FILE *f, const kikan_scope_tables_t *sc)
{
    kikan_error_t err = KIKAN_OK;
    fputs("<h2>Scope of the pre-screening</h2>\n", f);
    scope_intro(f, sc);
    if (sc->n_frontier > 0) {
        KIKAN_CHECK(scope_frontier_chart(rp, f, sc));
        scope_frontier_table(f, sc);
    }
    section_worst(f, sc);
    section_sensitivity(f, sc);
    scope_small(f, sc);
    if (sc->n_classes > 0) {
        KIKAN_CHECK(scope_classes(rp, f, sc));
    }
cleanup:
    return err;
}

/* The scope section's opening: what the percentages are of, the recommendation's card and its
   thresholds. */
static void scope_intro(FILE *f, const kikan_scope_tables_t *sc)
{
    const kikan_scope_tab_frontier_t *rec =
        (sc->recommended >= 0 && sc->recommended < sc->n_frontier) ? &sc->frontier[sc->recommended]
                                                                   : NULL;
    fputs("<p>Impact here is the sum over the what-ifs of ", f);
    kikan_html_text(f, sc->measure_units);
    fprintf(f,
            ", from %lld replicates per what-if and policy. &ldquo;Removable&rdquo; impact is what "
            "a perfect screening of everything would remove (",
            (long long)sc->n_replicates);
    num(f, sc->compromise_mean);
    fputs(" of a baseline of ", f);
    num(f, sc->baseline_mean);
    fputs("); percentages below are shares of it. Screening every operator for the "
          "studied equipment classes, with the effectiveness assumed (",
          f);
    fprintf(f, "%.0f%% of implants found), removes ", 100.0 * sc->effectiveness);
    pct(f, share_of(sc, sc->all_removed_mean));
    fputs(".</p>\n", f);
    if (rec != NULL) {
        fputs("<div class=\"cards\"><div class=\"card\">Recommended scope<br><span class=\"big\">",
              f);
        fprintf(f, "%d operators", (int)rec->operators);
        fputs("</span> <span class=\"muted\">", f);
        fprintf(f, "(%d SMEs)", (int)rec->smes);
        fputs("</span><br>remove <b>", f);
        pct(f, rec->share);
        fputs("</b> of the removable impact <span class=\"ci\">(± ", f);
        pct(f, share_of(sc, rec->ci_half));
        fputs(", 95% CI)</span><br><span class=\"muted\">", f);
        if (sc->budget > 0) {
            fprintf(f, "chosen within a budget of %d operators", (int)sc->budget);
        } else {
            fprintf(f, "the first frontier point reaching %.0f%% of the frontier's best",
                    100.0 * sc->target_share);
        }
        fputs("</span></div></div>\n", f);
        fputs("<table><tr><th class=\"l\">sector</th><th class=\"l\">size measure</th>"
              "<th>regulate operators with at least</th><th>operators regulated</th>"
              "<th>of</th></tr>\n",
              f);
        for (int c = 0; c < sc->n_criteria; c++) {
            const kikan_scope_tab_criterion_t *cr = &sc->criteria[c];
            criterion_cells(f, cr);
            fprintf(f, "</td><td>%d</td><td>%d</td></tr>\n", (int)cr->recommended_operators,
                    (int)cr->operators);
        }
        fputs("</table>\n", f);
    }
}

/* The frontier chart (operators regulated vs impact removed, the worst case on the right axis). */
static kikan_error_t scope_frontier_chart(rep_t *rp, FILE *f, const kikan_scope_tables_t *sc)
{
    kikan_error_t err = KIKAN_OK;
    FILE *g = NULL, *d = NULL;
    int id;
    char dname[64];
    fputs("<h3>Burden vs benefit: the efficient frontier</h3>\n<p class=\"muted\">Each point "
          "is the best combination of size thresholds found for that number of regulated "
          "operators; bars are 95% confidence intervals. The ringed point is the "
          "recommendation; the dashed line is what screening every operator would "
          "remove.</p>\n",
          f);
    KIKAN_CHECK_ALLOC(g = chart_begin(rp, &id, 760, 400));
    snprintf(dname, sizeof(dname), "chart%d.dat", id);
    KIKAN_CHECK_ALLOC(d = open_in(rp, dname));
    double ymax = 10;
    for (int i = 0; i < sc->n_frontier; i++) {
        const kikan_scope_tab_frontier_t *p = &sc->frontier[i];
        const double y = 100 * (isfinite(p->share) ? p->share : 0);
        double e = 100 * share_of(sc, p->ci_half);
        e = isfinite(e) ? e : 0;
        /* the worst-case frontier: worst remaining harm, % of the worst with none screened */
        double wy = NAN, we = NAN;
        if (sc->frontier_worst != NULL && sc->frontier_worst[0] > 0) {
            wy = 100 * sc->frontier_worst[i] / sc->frontier_worst[0];
            we = 100 * sc->frontier_worst_ci_half[i] / sc->frontier_worst[0];
        }
        fprintf(d, "%d %.6g %.6g %d %.6g %.6g %d\n", (int)p->operators, y, e, (int)p->recommended,
                isfinite(wy) ? wy : 0.0, isfinite(we) ? we : 0.0,
                sc->frontier_worst != NULL && i == sc->recommended_minimax);
        ymax = y + e > ymax ? y + e : ymax;
    }
    if (fclose(d) != 0) {
        d = NULL;
        KIKAN_FAIL(KIKAN_EIO);
    }
    d = NULL;
    double all = 100 * share_of(sc, sc->all_removed_mean);
    all = isfinite(all) ? all : 0;
    ymax = all > ymax ? all : ymax;
    const int xmax = kikan_chart_frontier_xmax(sc);
    fprintf(g,
            "set xlabel 'operators regulated'\nset ylabel 'impact removed (%% of removable)'\n"
            "set key right center box lc rgb '#cccccc'\nset xrange [-0.5:%f]\nset yrange [0:%f]\n"
            "set xtics %d\nset y2range [0:110]\nset y2tics\n"
            "set y2label 'worst remaining compromise (%% of the unscreened worst)'\n"
            "set arrow from graph 0, first %.6g to graph 1, first %.6g nohead dt 2 lc rgb "
            "'#888888'\n"
            "set label 'every operator screened' at graph 0.98, first %.6g right offset "
            "0,0.7 tc rgb '#666666'\n"
            "plot '%s' using 1:2:3 with yerrorbars lc rgb '#0072B2' pt 7 ps 0.8 title "
            "'frontier point (95%% CI)', '' using 1:2 with lines lc rgb '#0072B2' lw 2 "
            "notitle, '' using ($4 > 0.5 ? $1 : 1/0):2 with points pt 6 ps 3 lw 2.5 lc rgb "
            "'#D55E00' title 'recommended'%s\n",
            xmax + 0.5 > 1 ? xmax + 0.5 : 1.0, ymax * 1.12 > 5 ? ymax * 1.12 : 5,
            kikan_chart_tick_step(xmax), all, all, all, dname,
            sc->frontier_worst != NULL && sc->frontier_worst[0] > 0
                ? ", '' using 1:5:6 axes x1y2 with yerrorbars lc rgb '#009E73' pt 5 ps 0.7 "
                  "title 'worst remaining compromise (right axis, 95% CI)', '' using 1:5 axes "
                  "x1y2 with lines lc rgb '#009E73' lw 2 dt 2 notitle, '' using ($7 > 0.5 ? $1 "
                  ": 1/0):5 axes x1y2 with points pt 4 ps 3 lw 2.5 lc rgb '#CC79A7' title "
                  "'minimax'"
                : "");
    KIKAN_CHECK(chart_end(rp, id, &g, f));
    if (xmax < sc->frontier[sc->n_frontier - 1].operators) {
        fprintf(f,
                "<p class=\"muted\">The axis stops at %d operators, half as far again as the "
                "first point within 1 percentage point of the frontier's best; the table lists "
                "every point, up to %d operators.</p>\n",
                xmax, (int)sc->frontier[sc->n_frontier - 1].operators);
    }
cleanup:
    if (g != NULL) {
        fclose(g);
    }
    if (d != NULL) {
        fclose(d);
    }
    return err;
}

/* Every frontier point: burden, share removed, the paired step, thresholds, operators added. */
static void scope_frontier_table(FILE *f, const kikan_scope_tables_t *sc)
{
    fputs("<table><tr><th>point</th><th>operators</th><th>SMEs</th><th>impact removed</th>"
          "<th>step (paired)</th><th class=\"l\">thresholds</th><th class=\"l\">adds</th>"
          "</tr>\n",
          f);
    for (int i = 0; i < sc->n_frontier; i++) {
        const kikan_scope_tab_frontier_t *p = &sc->frontier[i];
        fprintf(f, "<tr%s><td>%d%s</td><td>%d</td><td>%d</td><td>",
                p->recommended ? " class=\"rec\"" : "", i, p->recommended ? " ★" : "",
                (int)p->operators, (int)p->smes);
        pct(f, p->share);
        fputs(" <span class=\"ci\">± ", f);
        pct(f, share_of(sc, p->ci_half));
        fputs("</span></td><td>", f);
        if (i > 0) {
            pct(f, share_of(sc, p->step));
            fputs(" <span class=\"ci\">± ", f);
            pct(f, share_of(sc, p->step_ci));
            fputs(p->step_significant ? "</span>" : "</span> (not significant)", f);
        }
        fputs("</td><td class=\"l\">", f);
        for (int c = 0; c < sc->n_criteria; c++) {
            const kikan_scope_tab_frontier_thr_t *t = &sc->frontier_thr[i * sc->n_criteria + c];
            fputs(c ? "; " : "", f);
            kikan_html_text(f, t->sector);
            fputs(" ", f);
            if (isinf(t->threshold)) {
                fputs("none", f);
            } else {
                fputs("≥ ", f);
                metric_value(f, sc->criteria[c].metric, t->threshold);
            }
        }
        fputs("</td><td class=\"l\">", f);
        int na = 0;
        for (int k = 0; k < sc->n_regulated; k++) {
            const kikan_scope_tab_regulated_t *x = &sc->regulated[k];
            if (x->point != i) {
                continue;
            }
            if (na < 12) {
                fputs(na ? ", " : "", f);
                kikan_html_text(f, x->operator_name[0] ? x->operator_name : x->operator_id);
                fputs(x->sme ? " (SME)" : "", f);
            }
            na++;
        }
        if (na > 12) {
            fprintf(f, " and %d more", na - 12);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The small-but-critical operators' table. */
static void scope_small(FILE *f, const kikan_scope_tables_t *sc)
{
    fputs("<h3>Small but critical operators</h3>\n", f);
    if (sc->n_small == 0) {
        fprintf(f,
                "<p>None: of the %d small operators below the recommended thresholds that were "
                "simulated alone, none removes a notable share of the impact when "
                "screened.</p>\n",
                (int)sc->n_candidates);
    } else {
        fputs("<p>Operators below the size thresholds whose screening alone would remove a "
              "share of the impact far above their size. Consider naming them "
              "individually.</p>\n<table><tr><th class=\"l\">operator</th><th class=\"l\">"
              "sector</th><th>impact removed if screened alone</th><th class=\"l\">why"
              "</th></tr>\n",
              f);
        for (int i = 0; i < sc->n_small; i++) {
            const kikan_scope_tab_small_t *x = &sc->small[i];
            fputs("<tr><td class=\"l\"><b>", f);
            kikan_html_text(f, x->operator_id);
            fputs("</b><br><span class=\"muted\">", f);
            kikan_html_text(f, x->operator_name);
            fputs("</span></td><td class=\"l\">", f);
            kikan_html_text(f, x->sector);
            fputs(x->sme ? " <span class=\"badge\">SME</span>" : "", f);
            fputs("</td><td>", f);
            pct(f, x->share);
            fputs(" <span class=\"ci\">± ", f);
            pct(f, share_of(sc, x->ci_half));
            fputs("</span></td><td class=\"l\">", f);
            kikan_html_text(f, x->reason);
            fputs("</td></tr>\n", f);
        }
        fputs("</table>\n", f);
    }
}

/* The equipment-class chart (each class alone, and cumulative). */
static kikan_error_t scope_classes(rep_t *rp, FILE *f, const kikan_scope_tables_t *sc)
{
    kikan_error_t err = KIKAN_OK;
    FILE *g = NULL, *d = NULL;
    int id;
    char dname[64];
    fputs("<h3>Which equipment classes matter</h3>\n<p class=\"muted\">Bars: impact removed "
          "when every operator is regulated but only this class is screened. Line: the "
          "classes ranked so far screened together (cumulative).</p>\n",
          f);
    KIKAN_CHECK_ALLOC(g = chart_begin(rp, &id, 760, 90 + 30 * sc->n_classes));
    snprintf(dname, sizeof(dname), "chart%d.dat", id);
    KIKAN_CHECK_ALLOC(d = open_in(rp, dname));
    for (int k = 0; k < sc->n_classes; k++) {
        const kikan_scope_tab_class_t *c = &sc->classes[k];
        double a = 100 * (isfinite(c->share) ? c->share : 0);
        double cum = 100 * share_of(sc, c->cum_removed);
        cum = isfinite(cum) ? cum : 0;
        fprintf(d, "%d %.6g %.6g \"", k, a, cum);
        gp_label(d, c->class_name[0] ? c->class_name : c->class_id);
        fputs("\"\n", d);
    }
    if (fclose(d) != 0) {
        d = NULL;
        KIKAN_FAIL(KIKAN_EIO);
    }
    d = NULL;
    fprintf(g,
            "set yrange [%f:-0.6]\nset xrange [0:105]\nset grid xtics noytics\n"
            "set xlabel 'impact removed (%% of removable)'\nset key outside top center horizontal\n"
            "set lmargin 20\nset ytics scale 0 noenhanced\n"
            "plot '%s' using ($2/2):1:(0):2:($1-0.35):($1+0.35):ytic(4) with boxxyerror fs "
            "solid 0.85 noborder lc rgb '#009E73' title 'class alone', '' using 3:1 with "
            "linespoints lw 2 pt 7 ps 0.6 lc rgb '#555555' title 'cumulative', '' using "
            "($2+1):1:(sprintf('%%.1f%%%%', $2)) with labels left offset 0,0.45 font ',9' "
            "notitle\n",
            sc->n_classes - 0.4, dname);
    KIKAN_CHECK(chart_end(rp, id, &g, f));
cleanup:
    if (g != NULL) {
        fclose(g);
    }
    if (d != NULL) {
        fclose(d);
    }
    return err;
}

/* ---- sensitivity: the tornado chart ------------------------------------------------------- */

/* An input's name for people (escaped): "screening effectiveness", "weight of what-if X". */
static void sens_label(FILE *f, const char *name)
{
    static const struct {
        const char *name, *label;
    } known[] = {{"screening_effectiveness", "screening effectiveness"},
                 {"implant_probability", "implant probability"},
                 {"backup_hours", "backup hours"},
                 {"repair_times", "repair times"},
                 {"restart_times", "restart times"},
                 {"life_weights", "life weights' spread"}};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strcmp(name, known[i].name) == 0) {
            kikan_html_text(f, known[i].label);
            return;
        }
    }
    if (strncmp(name, "whatif_weight:", 14) == 0) {
        fputs("weight of what-if ", f);
        kikan_html_text(f, name + 14);
    } else {
        kikan_html_text(f, name);
    }
}

/* One end of an input's range as the chart labels it: "×0.5" for a factor, "0.6" otherwise. */
static void sens_end(FILE *f, const kikan_scope_tab_sens_input_t *in, double v)
{
    fprintf(f, "%s%g", in->unit[0] == 'x' ? "×" : "", v);
}

static double sens_swing(const kikan_scope_tab_sens_input_t *in)
{
    const double d = fabs(in->share_high - in->share_low);
    return isfinite(d) ? d : 0.0;
}

/* The rows of sc->sens by swing of the share removed, largest first (ties: file order). */
static void sens_order(const kikan_scope_tables_t *sc, int *ix)
{
    for (int i = 0; i < sc->n_sens; i++) {
        ix[i] = i;
        for (int k = i; k > 0 && sens_swing(&sc->sens[ix[k]]) > sens_swing(&sc->sens[ix[k - 1]]);
             k--) {
            const int t = ix[k];
            ix[k] = ix[k - 1];
            ix[k - 1] = t;
        }
    }
}

/* A tick step (in percentage points) of 1, 2, 5, 10, 20, 25 or 50 giving at most 8 ticks. */
static double sens_step(double span)
{
    static const double steps[] = {1, 2, 5, 10, 20, 25, 50};
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (span / steps[i] <= 8) {
            return steps[i];
        }
    }
    return 100;
}

/* The x range of the tornado in percent: every end with its interval, and the base, padded. */
static void sens_xrange(const kikan_scope_tables_t *sc, const int *ix, int n, double *x0,
                        double *x1, double *step)
{
    double lo = 100 * sc->sens_share_base, hi = lo;
    for (int k = 0; k < n; k++) {
        const kikan_scope_tab_sens_input_t *in = &sc->sens[ix[k]];
        const double v[2] = {in->share_low, in->share_high};
        const double e[2] = {in->share_low_ci_half, in->share_high_ci_half};
        for (int j = 0; j < 2; j++) {
            const double h = isfinite(e[j]) ? e[j] : 0.0;
            if (isfinite(v[j])) {
                lo = fmin(lo, 100 * (v[j] - h));
                hi = fmax(hi, 100 * (v[j] + h));
            }
        }
    }
    /* a share is within 0..1 up to sampling noise; a file saying otherwise (damaged, edited)
       is drawn clipped to -100%..200%, so the axis keeps a few grid lines and ends */
    lo = isfinite(lo) ? fmin(fmax(lo, -100.0), 100.0) : 0.0;
    hi = isfinite(hi) ? fmin(fmax(hi, 0.0), 200.0) : 100.0;
    const double pad = fmax(2.0, 0.12 * (hi - lo)); /* room for the end labels */
    lo -= pad;
    hi += pad;
    *step = sens_step(hi - lo);
    *x0 = floor(lo / *step) * *step;
    *x1 = ceil(hi / *step) * *step;
}

/* Pixel column of share v (0..1) on a plot from p0 to p1 spanning x0..x1 percent. */
static double sens_px(double v, double x0, double x1, double p0, double p1)
{
    return p0 + (100 * v - x0) / (x1 - x0) * (p1 - p0);
}

/* The tornado's rows: ROW pixels a bar, the bar BAR pixels high. */
enum { TORNADO_ROW = 26, TORNADO_BAR = 16 };

/*
 * One input's bar: from the base to each end of its range, each end whiskered with its 95%
 * interval and labelled with the input's value there, past everything drawn on its side; the
 * thresholds it moves on the right. When both ends fall on the same side of the base the band
 * is split (low end above, high end below) so that neither hides the other nor its label; ends
 * within half a pixel of the base count as on neither side (low labelled left, high right).
 */
static void tornado_bar(FILE *f, const kikan_scope_tables_t *sc,
                        const kikan_scope_tab_sens_input_t *in, int y, const double *ax)
{
    const double pb = sens_px(sc->sens_share_base, ax[0], ax[1], ax[2], ax[3]);
    const double v[2] = {in->share_low, in->share_high};
    const double end[2] = {in->low, in->high};
    static const char *const fill[2] = {"#56B4E9", "#E69F00"};
    static const char *const cls[2] = {"low", "high"};
    double px[2], pl[2], ph[2], ext[2] = {pb, pb};
    int side[2];
    for (int j = 0; j < 2; j++) {
        const double e = j ? in->share_high_ci_half : in->share_low_ci_half;
        const double h = isfinite(e) ? e : 0.0;
        px[j] = sens_px(v[j], ax[0], ax[1], ax[2], ax[3]);
        pl[j] = sens_px(v[j] - h, ax[0], ax[1], ax[2], ax[3]);
        ph[j] = sens_px(v[j] + h, ax[0], ax[1], ax[2], ax[3]);
        side[j] = !isfinite(v[j]) ? 0 : px[j] > pb + 0.5 ? 1 : px[j] < pb - 0.5 ? -1 : 0;
        if (isfinite(v[j])) {
            ext[0] = fmin(ext[0], fmin(px[j], pl[j]));
            ext[1] = fmax(ext[1], fmax(px[j], ph[j]));
        }
    }
    const int split = side[0] != 0 && side[0] == side[1];
    fputs("<g class=\"bar\" data-input=\"", f);
    kikan_html_text(f, in->input);
    fprintf(f, "\" data-swing=\"%.6g\"><title>", sens_swing(in));
    sens_label(f, in->input);
    fprintf(f, ": %.1f%% at ", 100 * in->share_low);
    sens_end(f, in, in->low);
    fprintf(f, ", %.1f%% at ", 100 * in->share_high);
    sens_end(f, in, in->high);
    fprintf(f, "</title>\n<text x=\"%.1f\" y=\"%d\" text-anchor=\"end\">", ax[2] - 10, y + 12);
    sens_label(f, in->input);
    fputs("</text>\n", f);
    const int top = y + (TORNADO_ROW - TORNADO_BAR) / 2 - 1;
    for (int j = 0; j < 2; j++) {
        if (!isfinite(v[j])) {
            continue;
        }
        /* full height, or the upper (low end) / lower (high end) half of a split band */
        const int by = split ? top + j * (TORNADO_BAR / 2 + 1) : top;
        const int bh = split ? TORNADO_BAR / 2 : TORNADO_BAR;
        const int cy = by + bh / 2;
        fprintf(f,
                "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                "fill=\"%s\"/>\n",
                cls[j], fmin(px[j], pb), by, fmax(fabs(px[j] - pb), 1.0), bh, fill[j]);
        if (ph[j] > pl[j]) {
            fprintf(f,
                    "<path class=\"ci\" d=\"M%.1f %dH%.1fM%.1f %dV%dM%.1f %dV%d\" stroke=\"#777\" "
                    "fill=\"none\"/>\n",
                    pl[j], cy, ph[j], pl[j], cy - 3, cy + 3, ph[j], cy - 3, cy + 3);
        }
        const int right = side[j] > 0 || (side[j] == 0 && j == 1);
        const double at = split ? (right ? fmax(px[j], ph[j]) : fmin(px[j], pl[j])) : ext[right];
        fprintf(f, "<text class=\"end\" x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\">",
                right ? at + 4 : at - 4, split ? cy + 4 : y + 16, right ? "start" : "end",
                split ? 9 : 10);
        sens_end(f, in, end[j]);
        fputs("</text>\n", f);
    }
    fprintf(f, "<text class=\"moved\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">", ax[3] + 50,
            y + 12);
    if (in->thresholds_changed > 0) {
        fprintf(f, "%d", (int)in->thresholds_changed);
    } else {
        fputs("–", f);
    }
    fputs("</text>\n</g>\n", f);
}

/*
 * The tornado chart: the n inputs ix[0..n) (largest swing first), one bar each from the base to
 * each end of its range; a fixed 760-pixel width, 26 pixels a bar; the base a dashed line; the
 * x axis in percent of the removable impact.
 */
static void tornado_svg(FILE *f, const kikan_scope_tables_t *sc, const int *ix, int n)
{
    enum { W = 760, LAB = 290, RIGHT = 100, TOP = 52, ROW = TORNADO_ROW };
    const int h = TOP + n * ROW + 52, axis_y = TOP + n * ROW + 4;
    double ax[4]; /* x0, x1 (percent), p0, p1 (pixels) */
    double step;
    sens_xrange(sc, ix, n, &ax[0], &ax[1], &step);
    ax[2] = LAB;
    ax[3] = W - RIGHT;
    fprintf(f,
            "<figure class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tornado\" "
            "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
            "font-size=\"11\" fill=\"#222\" role=\"img\" aria-label=\"tornado chart: impact "
            "removed at the recommendation with each input at the ends of its range\">\n"
            "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n",
            W, h, W, h, W, h);
    /* legend and the right column's header */
    fprintf(f,
            "<rect x=\"%d\" y=\"6\" width=\"14\" height=\"10\" fill=\"#56B4E9\"/><text x=\"%d\" "
            "y=\"15\">input at the low end of its range</text>\n<rect x=\"%d\" y=\"6\" "
            "width=\"14\" height=\"10\" fill=\"#E69F00\"/><text x=\"%d\" y=\"15\">at the high "
            "end</text>\n<path d=\"M%d 11H%dM%d 7V15M%d 7V15\" stroke=\"#333\"/><text x=\"%d\" "
            "y=\"15\">95%% CI</text>\n<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" "
            "font-size=\"10\" fill=\"#555\">thresholds</text><text x=\"%d\" y=\"%d\" "
            "text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">moved</text>\n",
            LAB, LAB + 18, LAB + 210, LAB + 228, LAB + 330, LAB + 350, LAB + 330, LAB + 350,
            LAB + 356, W - RIGHT + 50, TOP - 18, W - RIGHT + 50, TOP - 6);
    /* grid and axis */
    for (double t = ax[0]; t <= ax[1] + 1e-9; t += step) {
        if (t < -1e-9) {
            continue; /* room for the labels of ends at 0%, no negative share on the axis */
        }
        const double p = ax[2] + (t - ax[0]) / (ax[1] - ax[0]) * (ax[3] - ax[2]);
        fprintf(f,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dddddd\"/>"
                "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#333\">%g%%</text>\n",
                p, TOP - 2, p, axis_y, p, axis_y + 15, t);
    }
    fprintf(f,
            "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>\n<text x=\"%.1f\" "
            "y=\"%d\" text-anchor=\"middle\">impact removed at the recommendation (%% of the "
            "removable impact)</text>\n",
            LAB, axis_y, W - RIGHT, axis_y, (ax[2] + ax[3]) / 2, axis_y + 36);
    for (int k = 0; k < n; k++) {
        tornado_bar(f, sc, &sc->sens[ix[k]], TOP + k * ROW, ax);
    }
    const double pb = sens_px(sc->sens_share_base, ax[0], ax[1], ax[2], ax[3]);
    fprintf(f,
            "<line class=\"baseline\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#222\" "
            "stroke-dasharray=\"4 3\"/><text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
            "font-size=\"10\">base %.1f%%</text>\n</svg></figure>\n",
            pb, TOP - 8, pb, axis_y, pb, TOP - 11, 100 * sc->sens_share_base);
}

/* A recommended threshold at one end where it differs from the base: "banking ≥ ¥62 T; ...". */
static void sens_thresholds(FILE *f, const kikan_scope_tables_t *sc, int i, int high)
{
    int n = 0;
    for (int c = 0; c < sc->n_sens_criteria; c++) {
        const kikan_scope_tab_sens_thr_t *t = &sc->sens_thr[i * sc->n_sens_criteria + c];
        const double v = high ? t->high : t->low;
        if (v == t->base) {
            continue;
        }
        fputs(n++ ? "; " : "", f);
        kikan_html_text(f, t->sector);
        fputs(" ", f);
        threshold_text(f, t->metric, v);
        fputs(" <span class=\"muted\">(base ", f);
        threshold_text(f, t->metric, t->base);
        fputs(")</span>", f);
    }
    fputs(n ? "" : "<span class=\"muted\">as at base</span>", f);
}

/* The sentence naming the input that moves the answer most (and the largest swing when that is
   another input's). */
static void sens_sentence(FILE *f, const kikan_scope_tables_t *sc, int top)
{
    if (sc->sens_most < 0) { /* every input left the recommendation as at base */
        fputs("<p><b>No input moves the answer</b>: over every input's range the recommended "
              "thresholds and the share removed stay as at base.</p>\n",
              f);
        return;
    }
    const kikan_scope_tab_sens_input_t *m = &sc->sens[sc->sens_most];
    fputs("<p><b>The input that moves the answer most is ", f);
    sens_label(f, m->input);
    fputs("</b>: over its range (", f);
    kikan_html_text(f, m->range);
    fputs(") it moves ", f);
    if (m->thresholds_changed > 0) {
        fprintf(f, "%d of the %d recommended thresholds, and ", (int)m->thresholds_changed,
                sc->n_sens_criteria);
    } else {
        fputs("no recommended threshold but ", f);
    }
    fprintf(f,
            "the share of the removable impact removed at the recommendation from %.1f%% to "
            "%.1f%% (base %.1f%%).",
            100 * m->share_low, 100 * m->share_high, 100 * sc->sens_share_base);
    if (top != sc->sens_most) {
        const kikan_scope_tab_sens_input_t *t = &sc->sens[top];
        fputs(" The largest swing of the share comes from ", f);
        sens_label(f, t->input);
        fprintf(f, ": %.1f%% to %.1f%%.", 100 * t->share_low, 100 * t->share_high);
    }
    fputs("</p>\n", f);
}

/* Every input: range, the share at each end with its interval, the recommendation there. */
static void sens_table(FILE *f, const kikan_scope_tables_t *sc, const int *ix)
{
    fputs("<details><summary>Every input: its range, the share removed at each end and the "
          "recommendation there</summary>\n<div class=\"tw\"><table><tr><th class=\"l\">input"
          "</th><th class=\"l\">range</th><th>removed, low end</th><th>removed, high end</th>"
          "<th class=\"l\">thresholds at the low end</th><th class=\"l\">at the high end</th>"
          "<th>Morris &mu;*</th></tr>\n",
          f);
    for (int k = 0; k < sc->n_sens; k++) {
        const int i = ix[k];
        const kikan_scope_tab_sens_input_t *in = &sc->sens[i];
        fputs("<tr><td class=\"l\">", f);
        sens_label(f, in->input);
        fputs("</td><td class=\"l\">", f);
        kikan_html_text(f, in->range);
        const double v[2] = {in->share_low, in->share_high};
        const double e[2] = {in->share_low_ci_half, in->share_high_ci_half};
        for (int j = 0; j < 2; j++) {
            fputs("</td><td>", f);
            pct(f, v[j]);
            if (isfinite(e[j])) {
                fputs(" <span class=\"ci\">± ", f);
                pct(f, e[j]);
                fputs("</span>", f);
            }
        }
        for (int j = 0; j < 2; j++) {
            fputs("</td><td class=\"l\">", f);
            sens_thresholds(f, sc, i, j);
        }
        fputs("</td><td>", f);
        if (isfinite(in->morris_mu_star)) {
            fprintf(f, "%.3f", in->morris_mu_star);
        } else {
            fputs("&ndash;", f);
        }
        fputs("</td></tr>\n", f);
    }
    fputs("</table></div></details>\n", f);
}

/* How the answer depends on the assumptions (kikan scope --sensitivity): a tornado chart of the
   inputs by swing, the sentence naming the input moving it most, the table. */
static void section_sensitivity(FILE *f, const kikan_scope_tables_t *sc)
{
    enum { MAX_BARS = 24 };
    if (sc->n_sens <= 0 || sc->sens_most < -1 || sc->sens_most >= sc->n_sens) { /* -1: none */
        return;
    }
    int *ix = malloc((size_t)sc->n_sens * sizeof(int));
    if (ix == NULL) {
        fputs("<p>(sensitivity: out of memory)</p>\n", f);
        return;
    }
    sens_order(sc, ix);
    const int n = sc->n_sens < MAX_BARS ? sc->n_sens : MAX_BARS;
    fputs("<h3>How the answer depends on the assumptions</h3>\n", f);
    sens_sentence(f, sc, ix[0]);
    fprintf(f,
            "<p class=\"muted\">Each bar runs from the base (the dashed line: every input at the "
            "analysis's value) to the share of the removable impact removed at the "
            "recommendation with one input at the low end of its range (blue) and at the high "
            "end (orange), the others at base; the ends are labelled with the input's value "
            "there (× a factor on the scenario's own values). Whiskers: each end's 95%% "
            "confidence interval. Each setting reruns the scope up to the recommendation on %d "
            "replicates (the analysis above: %lld), %d scope runs in all",
            (int)sc->sens_replicates, (long long)sc->n_replicates, (int)sc->sens_runs);
    if (sc->sens_trajectories > 0) {
        int n_cont = 0; /* the continuous inputs: a trajectory is one run more than them */
        for (int i = 0; i < sc->n_sens; i++) {
            n_cont += strncmp(sc->sens[i].input, "whatif_weight:", 14) != 0;
        }
        fprintf(f, ", %d of them on %d Morris trajectories (&mu;* in the table)",
                (int)sc->sens_trajectories * (n_cont + 1), (int)sc->sens_trajectories);
    }
    fputs(".", f);
    if (n < sc->n_sens) {
        fprintf(f,
                " The chart shows the %d largest swings of %d inputs; the table lists them "
                "all.",
                n, sc->n_sens);
    }
    fputs("</p>\n", f);
    tornado_svg(f, sc, ix, n);
    sens_table(f, sc, ix);
    free(ix);
}

static void section_assumptions(FILE *f, const kikan_results_t *r, const kikan_scope_tables_t *sc)
{
    fputs("<h2>Assumptions that matter</h2>\n<ul class=\"assume\">\n", f);
    if (r->synthetic) {
        fputs("<li><b>The network is synthetic.</b> Operators, assets, customer numbers and "
              "dependencies are made up, of a plausible size. The figures show how the model "
              "behaves, not what would happen in the real infrastructure.</li>\n",
              f);
    } else {
        fputs("<li><b>The network</b> is the one in the scenario's tables; the figures are only "
              "as good as those tables (see the checksum above).</li>\n",
              f);
    }
    fputs("<li><b>Dependencies.</b> An asset works while each of its redundancy groups holds: "
          "it needs k of the n providers in every group (for example 1 of 2 power feeds). "
          "When a group fails the asset runs on its backup (batteries, fuel) for its backup "
          "hours, then stops; it restarts some hours after its providers come back. Failures "
          "spread only along the dependencies recorded in the network.</li>\n"
          "<li><b>Attacks.</b> Each what-if triggers implants or outages at given times; an "
          "implant is present on each unit with the stated probability. Outages caused from "
          "outside (forcing events such as a cable cut) are never removed by screening.</li>\n",
          f);
    if (sc != NULL) {
        fprintf(f,
                "<li><b>Screening</b> of a regulated operator's equipment finds an implant with "
                "probability %.0f%%; unregulated operators are not screened. The scope results "
                "compare policies on the same random draws, so differences between policies "
                "are not noise from different luck.</li>\n",
                100.0 * sc->effectiveness);
    }
    fprintf(f,
            "<li><b>Replicates and uncertainty.</b> Each what-if was simulated %lld times with "
            "different random draws (seeded, so the run can be repeated exactly). Figures are "
            "means over these replicates. The 95%% confidence interval says how precisely the "
            "mean is known from this many replicates; it is not the range of outcomes. The "
            "spread of outcomes is the 5%%–95%% band in the timelines.</li>\n"
            "<li><b>Economic loss</b> comes from an input-output model of the economy when it "
            "is switched on; otherwise it reads &ldquo;not computed&rdquo;.</li>\n"
            "</ul>\n",
            (long long)r->n_replicates);
}

/* ---- the page ------------------------------------------------------------------------------ */

static void remove_dir(const char *dir)
{
    DIR *dp = opendir(dir);
    if (dp != NULL) {
        struct dirent *e;
        char path[512];
        while ((e = readdir(dp)) != NULL) {
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
                snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
                unlink(path);
            }
        }
        closedir(dp);
    }
    rmdir(dir);
}

/* Recorded incidents against the model (kikan report --validation FILE). */
static void section_validation(FILE *f, const kikan_validation_t *v)
{
    static const char *const head[KIKAN_VALIDATION_COLS] = {
        "Incident", "Figure", "Record", "Model", "Tolerance and why", "Verdict"};
    int misses = 0;
    for (int i = 0; i < v->n_rows; i++) {
        misses += strcmp(v->cells[(size_t)i * KIKAN_VALIDATION_COLS + 5], "miss") == 0;
    }
    fprintf(f,
            "<h2>Validation against recorded incidents</h2>\n<p>Each figure of an incident on "
            "record beside what the model gives on the built-in network, with the tolerance "
            "and its reason (docs/validation.md); %d of %d figures are misses, shown as such. "
            "The table comes from the validation suite, not from this results file.</p>\n"
            "<table><tr>",
            misses, v->n_rows);
    for (int j = 0; j < KIKAN_VALIDATION_COLS; j++) {
        fprintf(f, "<th>%s</th>", head[j]);
    }
    fputs("</tr>\n", f);
    for (int i = 0; i < v->n_rows; i++) {
        char *const *row = v->cells + (size_t)i * KIKAN_VALIDATION_COLS;
        fputs("<tr>", f);
        for (int j = 0; j < KIKAN_VALIDATION_COLS; j++) {
            const int miss = j == 5 && strcmp(row[j], "miss") == 0;
            fputs(miss ? "<td><strong>" : "<td>", f);
            kikan_html_text(f, row[j]);
            fputs(miss ? "</strong></td>" : "</td>", f);
        }
        fputs("</tr>\n", f);
    }
    fputs("</table>\n", f);
}

/* The single points of failure of `kikan structure` (top 20), when the file holds them. */
static void section_structure(FILE *f, const kikan_h5_structure_t *st)
{
    char num[64];
    const int top = st->n_rows < 20 ? st->n_rows : 20;
    fputs("<h2>Single points of failure</h2>\n<p>From the structure of the dependency graph, "
          "before any simulation (<code>kikan structure</code>): assets on which everything "
          "below them depends alone (every essential supply path runs through them). ",
          f);
    fprintf(f,
            "%d such assets; %d redundancy groups with one spare only (n = k + 1); %d "
            "articulation points. Figures in ",
            (int)st->n_spof, (int)st->n_thin_groups, (int)st->n_articulation);
    kikan_html_text(f, st->unit);
    fputs(strcmp(st->unit, "people") == 0
              ? ".</p>\n"
              : ", summed over sectors, each sector counted in its own service unit "
                "(households, subscribers, passengers, accounts).</p>\n",
          f);
    if (st->compared_with != NULL && st->compared_with[0] != '\0') {
        fprintf(f, "<p>Compared with ");
        kikan_html_text(f, st->compared_with);
        kikan_report_format_number(st->spof_unregulated_alone, num, sizeof(num));
        fprintf(f, ": <b>%d of the %d</b> belong to unregulated operators (%s ",
                (int)st->spof_unregulated, (int)st->n_spof, num);
        kikan_html_text(f, st->unit);
        fputs(" depending on them alone, nested ones counted again).</p>\n", f);
    }
    fputs("<table><tr><th>rank</th><th class=\"l\">asset</th><th class=\"l\">operator</th>"
          "<th class=\"l\">sector</th><th class=\"l\">size</th><th>depending on it alone"
          "</th><th>cut off with it</th><th class=\"l\">regulated"
          "</th></tr>\n",
          f);
    for (int i = 0; i < top; i++) {
        const kikan_h5_spof_t *x = &st->spof[i];
        fprintf(f, "<tr><td>%d</td><td class=\"l\"><b>", (int)x->rank);
        kikan_html_text(f, x->asset);
        fputs("</b><br><span class=\"muted\">", f);
        kikan_html_text(f, x->kind);
        fputs("</span></td><td class=\"l\">", f);
        kikan_html_text(f, x->operator_id);
        fputs("</td><td class=\"l\">", f);
        kikan_html_text(f, x->sector);
        fputs("</td><td class=\"l\">", f);
        kikan_html_text(f, x->size_class);
        fputs(x->sme ? " (SME)" : "", f);
        kikan_report_format_number(x->alone, num, sizeof(num));
        fprintf(f, "</td><td>%s<br><span class=\"muted\">%d assets</span></td>", num,
                (int)x->alone_assets);
        kikan_report_format_number(x->cut_off, num, sizeof(num));
        fprintf(f, "<td>%s<br><span class=\"muted\">%d assets</span></td>", num,
                (int)x->cut_off_assets);
        fprintf(f, "<td class=\"l\">%s</td></tr>\n",
                x->regulated < 0 ? "n/a"
                : x->regulated   ? "yes"
                                 : "<b>no</b>");
    }
    fputs("</table>\n<p class=\"muted\">'Cut off with it': what stops when the asset is lost "
          "for good, once every backup has run out (the k-of-n rule to its fixed point); it "
          "includes assets that need it among several essential supplies.</p>\n",
          f);
}

static kikan_error_t write_page(rep_t *rp, FILE *f, const kikan_results_t *r,
                                const kikan_scope_tables_t *sc, const kikan_report_extras_t *ex)
{
    kikan_error_t err = KIKAN_OK;
    char now[32];
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);

    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
          f);
    fputs("kikan report: ", f);
    kikan_html_text(f, r->scenario_name);
    fprintf(f, "</title>\n<style>%s</style>\n</head><body><main>\n", CSS);
    fputs("<h1>", f);
    kikan_html_text(f, r->scenario_name);
    fputs(" — sector-dependency simulation", f);
    if (r->synthetic) {
        fputs(" <span class=\"badge\">SYNTHETIC NETWORK</span>", f);
    }
    fputs("</h1>\n<p class=\"muted\">Report on the run finished ", f);
    kikan_html_text(f, r->finished);
    fputs(". Figures are model estimates from simulation, with their uncertainty.</p>\n", f);
    if (r->synthetic) {
        fputs("<div class=\"warn\"><b>Synthetic network.</b> The infrastructure in this run is "
              "made up; read the figures as an illustration of the method.</div>\n",
              f);
    }
    section_answer(f, sc);
    section_glance(f, r, sc);
    KIKAN_CHECK(section_run(f, r, sc, now));
    section_headline(f, r);
    if (ex->compare != NULL) {
        KIKAN_CHECK(kikan_compare_html(f, ex->compare));
    }
    KIKAN_CHECK(section_timelines(rp, f, r));
    KIKAN_CHECK(section_matrix(rp, f, r));
    KIKAN_CHECK(section_through(rp, f, r));
    KIKAN_CHECK(section_regions(f, r));
    if (sc != NULL) {
        KIKAN_CHECK(section_scope(rp, f, sc));
        const kikan_scope_tables_t *all[16];
        int n = 0;
        all[n++] = sc;
        for (int i = 0; i < rp->n_more && n < (int)(sizeof(all) / sizeof(all[0])); i++) {
            if (rp->more[i] != NULL && rp->more[i]->tables != NULL) {
                all[n++] = rp->more[i]->tables;
            }
        }
        section_measures(f, all, n);
    } else {
        fputs("<h2>Scope of the pre-screening</h2>\n<p>Not in this file: run <code>kikan scope "
              "SCENARIO -o FILE.h5</code> for a results file with the scope analysis.</p>\n",
              f);
    }
    if (ex->structure != NULL) {
        section_structure(f, ex->structure);
    }
    if (ex->validation != NULL) {
        section_validation(f, ex->validation);
    }
    section_assumptions(f, r, sc);
    fputs("<details><summary>The scenario file as run</summary><pre>", f);
    kikan_html_text(f, r->scenario_text);
    fputs("</pre></details>\n", f);
    fprintf(f, "<p class=\"muted\">Written by kikan %s.</p>\n</main></body></html>\n",
            KIKAN_VERSION_STRING);
cleanup:
    return err;
}

kikan_error_t kikan_report_write(kikan_ctx_t *ctx, const char *path, const kikan_results_t *res,
                                 const kikan_scope_result_t *scope, const char *gnuplot)
{
    return kikan_report_write_with(ctx, path, res, scope, gnuplot, NULL);
}

kikan_error_t kikan_report_write_with(kikan_ctx_t *ctx, const char *path,
                                      const kikan_results_t *res, const kikan_scope_result_t *scope,
                                      const char *gnuplot, const kikan_report_extras_t *extras)
{
    static const kikan_report_extras_t no_extras = {0};
    kikan_error_t err = KIKAN_OK;
    kikan_atomic_t at = {NULL, NULL, -1};
    if (extras == NULL) {
        extras = &no_extras;
    }
    rep_t rp = {
        ctx, gnuplot ? gnuplot : "gnuplot", "",
        0,   extras->more_scopes,           extras->n_more_scopes > 0 ? extras->n_more_scopes : 0};
    char *page = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    int have_dir = 0;
    if (ctx == NULL || path == NULL || res == NULL || res->st_peak == NULL ||
        res->st_customer_hours == NULL || res->st_life == NULL || res->st_econ == NULL ||
        res->st_person_hours == NULL || res->st_peak_people == NULL || res->st_records == NULL ||
        res->curve_mean == NULL || res->curve_q05 == NULL || res->curve_q95 == NULL ||
        res->n_grid < 1) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(kikan_h5_check_writable(ctx, path));
    const char *tmp = getenv("TMPDIR");
    snprintf(rp.dir, sizeof(rp.dir), "%s/kikan-report.XXXXXX",
             (tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 40) ? tmp : "/tmp");
    if (mkdtemp(rp.dir) == NULL) {
        kikan_diag_add(ctx, "report: cannot create a temporary directory '%s': %s", rp.dir,
                       strerror(errno));
        KIKAN_FAIL(KIKAN_EIO);
    }
    have_dir = 1;
    KIKAN_CHECK_ALLOC(mem = open_memstream(&page, &len));
    KIKAN_CHECK(write_page(&rp, mem, res, scope != NULL ? scope->tables : NULL, extras));
    if (fclose(mem) != 0) {
        mem = NULL;
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    mem = NULL;
    KIKAN_CHECK(kikan_atomic_begin(ctx, path, &at));
    for (size_t off = 0; off < len;) {
        ssize_t w = write(at.fd, page + off, len - off);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            kikan_diag_add(ctx, "cannot write '%s': %s", path, strerror(errno));
            KIKAN_FAIL(KIKAN_EIO);
        }
        off += (size_t)w;
    }
    KIKAN_CHECK(kikan_atomic_commit(ctx, &at));
cleanup:
    if (mem != NULL) {
        fclose(mem);
    }
    free(page);
    kikan_atomic_abort(&at);
    if (have_dir) {
        remove_dir(rp.dir);
    }
    return err;
}
