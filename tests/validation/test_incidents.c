/*
 * The validation suite: recorded incidents run as scenarios on the built-in
 * Japan-like network, each figure compared with the record within a stated
 * tolerance, misses included.
 *
 * - the power fault at a shared core-banking centre, 26 March 2022
 *   (scenarios/library/bank-centre-2022.yaml; DATA.md);
 * - the Hokkaido blackout, 6 September 2018 (scenarios/library/hokkaido-2018.yaml;
 *   the shape is asserted in detail by test_hokkaido.c; here its headline figures).
 *
 * The table the test builds is the one docs/validation.md shows and
 * docs/validation.csv holds (for `kikan report --validation`): the test fails
 * when either file no longer matches what the model gives, printing the row
 * expected. KIKAN_VALIDATION_CSV=FILE writes the CSV there.
 *
 * Figures are computed from per-asset times (kikan_workspace_asset_times) and
 * world tables, not from the results' units, so they hold whatever unit the
 * results report in.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/engine.h"
#include "models/world_impl.h"
#include "tests/testutil.h"

/* ---- the table ------------------------------------------------------------------------------ */

enum { MAX_ROWS = 16 };

typedef struct {
    const char *incident, *figure, *record;
    char model[160];
    const char *tolerance;
    int within; /* 1: within tolerance; 0: a miss, reported as such */
} row_t;

static row_t rows[MAX_ROWS];
static int n_rows;

static row_t *add_row(const char *incident, const char *figure, const char *record,
                      const char *tolerance)
{
    CU_ASSERT_FATAL(n_rows < MAX_ROWS);
    row_t *r = &rows[n_rows++];
    r->incident = incident;
    r->figure = figure;
    r->record = record;
    r->tolerance = tolerance;
    r->model[0] = '\0';
    r->within = 0;
    return r;
}

/* ---- helpers -------------------------------------------------------------------------------- */

typedef struct {
    kikan_ctx_t *ctx;
    kikan_scenario_t *s;
    kikan_world_t *w;
    kikan_model_t *m;
    kikan_workspace_t *ws;
    double *buf; /* outputs of one replicate */
    kikan_replicate_out_t out;
} case_t;

static void case_load(case_t *c, const char *file)
{
    char path[512];
    memset(c, 0, sizeof(*c));
    snprintf(path, sizeof(path), "%s/scenarios/library/%s", KIKAN_SOURCE_DIR, file);
    CU_ASSERT_FATAL(kikan_ctx_new(&c->ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_scenario_load(c->ctx, path, &c->s, &c->w), KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(c->ctx, c->w, c->s, &c->m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_workspace_new(c->m, &c->ws) == KIKAN_OK);
    const int64_t S = c->w->n_sectors, G = kikan_model_n_grid(c->m);
    c->buf = calloc((size_t)(S * (3 + KIKAN_N_SIZE_CLASSES + G) + 1), sizeof(double));
    CU_ASSERT_FATAL(c->buf != NULL);
    c->out = (kikan_replicate_out_t){c->buf,
                                     c->buf + S,
                                     c->buf + 2 * S,
                                     c->buf + 3 * S,
                                     c->buf + S * (3 + KIKAN_N_SIZE_CLASSES),
                                     c->buf + S * (3 + KIKAN_N_SIZE_CLASSES + G),
                                     NULL,
                                     NULL,
                                     NULL,
                                     NULL};
}

static void case_run(case_t *c, int64_t r)
{
    CU_ASSERT_FATAL(kikan_replicate_run(c->m, 0, r, NULL, c->ws, &c->out) == KIKAN_OK);
}

static void case_free(case_t *c)
{
    free(c->buf);
    kikan_workspace_free(&c->ws);
    kikan_model_free(&c->m);
    kikan_scenario_free(&c->s);
    kikan_world_free(&c->w);
    kikan_ctx_free(&c->ctx);
}

static int is(const kikan_world_t *w, kikan_id_t a, const char *kind, const char *region)
{
    return w->assets[a].kind == kikan_world_find_kind(w, kind) &&
           (region == NULL || w->assets[a].region == kikan_world_find_region(w, region));
}

static void times(const case_t *c, kikan_id_t a, double *f, double *b)
{
    kikan_workspace_asset_times(c->ws, a, f, b);
}

static int cmp_d(const void *x, const void *y)
{
    const double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* ---- March 2022: the shared core-banking centre ---------------------------------------------- */

/*
 * Every replicate is the same (one target, a fixed restoration), so one is run. Tolerances:
 * - banks stopped: exact. The number of banks per joint system was calibrated on this case
 *   (8 regional joint systems, P§8), and joint system A carries 8.
 * - all banks stopped: the record's ninth bank stopped on a separate system of the same
 *   vendor — a software common mode through the vendor that a power fault at one centre does
 *   not carry: a miss, kept in the table.
 * - systems back: within the record's own spread, 20.4 h (first bank, 07:30) to 23.2 h (most
 *   banks, 10:20) after the fault. The cold restart (21 h) is calibrated on this case, so
 *   the row checks the mechanism (abrupt stop -> cold restart), not an independent figure;
 *   without it (the engine before issue 14) the banks were back after the 0.6 h outage.
 * - ATMs: the model has ATM networks (per bank and prefecture), not machines. Every network
 *   of the 8 banks is out, as in the record ("about 3,500 of their ATMs"); the count of
 *   machines (and 640 at one bank) is not modelled: a miss in kind of unit.
 */
static void test_bank_centre_2022(void)
{
    case_t c;
    case_load(&c, "bank-centre-2022.yaml");
    case_run(&c, 0);
    const kikan_world_t *w = c.w;
    const kikan_id_t centre = kikan_world_find_asset(w, "bk-bsys-a-centre");
    CU_ASSERT_FATAL(centre != KIKAN_NONE);
    double f, b;
    times(&c, centre, &f, &b);
    CU_ASSERT_EQUAL(f, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(b, 0.6 + 21.0, 1e-9); /* 0.6 h outage + 21 h cold restart */
    /* the banks whose core stopped, and when they came back */
    int banks = 0, other_banking_failed = 0, atm_nets = 0, atm_out = 0;
    double back_lo = INFINITY, back_hi = 0, atm_accounts = 0;
    char *stopped = calloc((size_t)w->n_operators, 1);
    CU_ASSERT_FATAL(stopped != NULL);
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        if (is(w, a, "core_banking", NULL)) {
            times(&c, a, &f, &b);
            if (f < INFINITY) {
                banks++;
                stopped[w->assets[a].op] = 1;
                back_lo = fmin(back_lo, b);
                back_hi = fmax(back_hi, b);
            }
        }
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        times(&c, a, &f, &b);
        const int mine = stopped[w->assets[a].op] || a == centre;
        if (w->assets[a].sector == kikan_world_find_sector(w, "banking") && !mine && f < INFINITY) {
            other_banking_failed++;
        }
        if (is(w, a, "atm_network", NULL) && stopped[w->assets[a].op]) {
            atm_nets++;
            atm_out += f == 0.0 && b >= back_lo;
            atm_accounts += w->assets[a].customers;
        }
    }
    free(stopped);
    CU_ASSERT_EQUAL(other_banking_failed, 0); /* the fault stays with the centre's banks */
    CU_ASSERT(atm_nets >= 8);

    row_t *r = add_row("Bank centre 2022", "banks stopped, on the shared system", "8",
                       "exact: joint systems calibrated to carry about 8 banks (P§8)");
    snprintf(r->model, sizeof(r->model), "%d", banks);
    r->within = banks == 8;
    CU_ASSERT(r->within);

    r = add_row("Bank centre 2022", "banks stopped, all",
                "9 (a ninth bank on a separate system of the same vendor)",
                "exact; the vendor common mode is outside a power fault at one centre");
    snprintf(r->model, sizeof(r->model), "%d", banks);
    r->within = banks == 9;
    CU_ASSERT(!r->within); /* a known miss: it shows here if it changes */

    r = add_row("Bank centre 2022", "banks' systems back, hours after the fault (11:08)",
                "20.4 (first bank, 07:30 next day) to 23.2 (most, 10:20)",
                "inside the record's spread; cold restart (21 h) calibrated on this case");
    snprintf(r->model, sizeof(r->model), "%.1f (all %d banks)", back_hi, banks);
    r->within = back_lo == back_hi && back_lo >= 20.4 && back_hi <= 23.2;
    CU_ASSERT(r->within);

    r = add_row("Bank centre 2022", "ATMs out", "about 3,500 (the 8 banks' ATMs)",
                "every ATM network of the banks out, from the fault until their systems return");
    snprintf(r->model, sizeof(r->model), "%d of %d ATM networks (%.2f M accounts)", atm_out,
             atm_nets, atm_accounts / 1e6);
    r->within = atm_out == atm_nets;
    CU_ASSERT(r->within);

    r = add_row("Bank centre 2022", "ATMs out at the largest bank", "about 640",
                "not comparable: the model has ATM networks, not machines");
    snprintf(r->model, sizeof(r->model), "not modelled");
    r->within = 0;
    case_free(&c);
}

/* ---- Hokkaido 2018: headline figures -------------------------------------------------------- */

enum { R_HOK = 24 };

/*
 * Tolerances (t = 0 is 03:25 on 6 Sep):
 * - households out at 0.5 h: +-2%, the forcing's own figure (all 148 substations are out
 *   until the first comes back at 0.71 h).
 * - mobile outage: the record says hours after the blackout, not at once; the model's mean
 *   telecom curve must peak at 3 h or later, with nothing out at 0.5 h.
 * - rail: every Hokkaido line section stopped at t = 0 (traction power has no backup).
 * - New Chitose reopened 10:00 on 7 Sep (30.6 h): the model's median (of the last reopening
 *   before the horizon, 72 h) within +-6 h — the record is one draw of when its feeds came
 *   back, the model draws their rank in the restoration. A miss: the model's feeds return
 *   at random ranks, and exchanges whose 24-72 h batteries run out at 30-40 h close it again
 *   (a terminal has no buffer on its telecom link, and the abrupt stop costs a cold restart).
 * - banks open at 09:25 (6 h): Hokuyo + Hokkaido Bank 77 of 310 within -25%/+50% (as in
 *   test_hokkaido.c: drawn generator shares, sd ~ 7.6 branches); each bank alone with the
 *   same band — Hokkaido Bank misses (the model gives both banks the regional class's
 *   generator share; the record's 27 of 140 is below Hokuyo's 50 of 170).
 */
static void test_hokkaido_2018(void)
{
    case_t c;
    case_load(&c, "hokkaido-2018.yaml");
    const kikan_world_t *w = c.w;
    const kikan_id_t hokuyo = kikan_world_find_operator(w, "bank-hokuyo");
    const kikan_id_t hokkaido = kikan_world_find_operator(w, "bank-hokkaido");
    const kikan_id_t nct = kikan_world_find_asset(w, "ap-new-chitose-terminal");
    const int tel = kikan_world_find_sector(w, "telecom");
    CU_ASSERT_FATAL(hokuyo != KIKAN_NONE && hokkaido != KIKAN_NONE && nct != KIKAN_NONE);
    const int G = kikan_model_n_grid(c.m);
    double *tel_mean = calloc((size_t)G, sizeof(double));
    CU_ASSERT_FATAL(tel_mean != NULL);
    double hh_out = 0, hh_all = 0, open_hy = 0, open_hk = 0, reopen[R_HOK];
    int rail_all = 0, rail_stopped = 0, tel_at_half = 0;
    for (int64_t r = 0; r < R_HOK; r++) {
        case_run(&c, r);
        for (int g = 0; g < G; g++) {
            tel_mean[g] += c.out.curves[(int64_t)tel * G + g] / R_HOK;
        }
        tel_at_half += c.out.curves[(int64_t)tel * G + 1] > 0; /* grid point 1: 0.5 h */
        double f, b;
        times(&c, nct, &f, &b);
        reopen[r] = b;
        for (kikan_id_t a = 0; a < w->n_assets; a++) {
            if (is(w, a, "substation", "hokkaido")) {
                times(&c, a, &f, &b);
                hh_all += w->assets[a].customers / R_HOK;
                hh_out += (f <= 0.5 && b > 0.5) ? w->assets[a].customers / R_HOK : 0;
            } else if (is(w, a, "line_section", "hokkaido") ||
                       is(w, a, "shinkansen_section", "hokkaido")) {
                times(&c, a, &f, &b);
                rail_all++;
                rail_stopped += f == 0.0;
            } else if (is(w, a, "branch", "hokkaido") &&
                       (w->assets[a].op == hokuyo || w->assets[a].op == hokkaido)) {
                times(&c, a, &f, &b);
                const int open6 = f > 6.0 || b <= 6.0;
                if (w->assets[a].op == hokuyo) {
                    open_hy += (double)open6 / R_HOK;
                } else {
                    open_hk += (double)open6 / R_HOK;
                }
            }
        }
    }
    CU_ASSERT_DOUBLE_EQUAL(kikan_model_step(c.m), 0.5, 0.0);
    double t_peak = 0, peak = 0;
    for (int g = 0; g < G; g++) {
        if (tel_mean[g] > peak) {
            peak = tel_mean[g];
            t_peak = g * 0.5;
        }
    }
    free(tel_mean);
    qsort(reopen, R_HOK, sizeof(reopen[0]), cmp_d);
    /* 5% and 95% of 24: the 2nd and 23rd values (ranks 1.2 and 21.85, rounded outwards) */
    const double q05 = reopen[1], q50 = 0.5 * (reopen[11] + reopen[12]), q95 = reopen[22];

    row_t *r = add_row("Hokkaido 2018", "households out at 03:55", "2,950,000",
                       "+-2%: the forcing's own figure");
    const long hh = lround(hh_out);
    snprintf(r->model, sizeof(r->model), "%ld,%03ld,%03ld", hh / 1000000, hh / 1000 % 1000,
             hh % 1000);
    r->within = fabs(hh_out - 2.95e6) <= 0.02 * 2.95e6;
    CU_ASSERT(r->within);
    CU_ASSERT(hh_all > 2.9e6);

    r = add_row("Hokkaido 2018", "mobile outage peak, hours after the blackout",
                "hours after, as batteries ran out (up to ~6,500 stations)",
                "peak at 3 h or later, nothing out at 0.5 h");
    snprintf(r->model, sizeof(r->model), "%.1f h (mean curve); out at 0.5 h in %d of %d", t_peak,
             tel_at_half, R_HOK);
    r->within = t_peak >= 3.0 && tel_at_half == 0;
    CU_ASSERT(r->within);

    r = add_row("Hokkaido 2018", "rail lines stopped at once", "all lines",
                "every Hokkaido line section stopped at t = 0");
    snprintf(r->model, sizeof(r->model), "%.0f%% of sections", 100.0 * rail_stopped / rail_all);
    r->within = rail_stopped == rail_all && rail_all > 0;
    CU_ASSERT(r->within);

    r = add_row("Hokkaido 2018", "New Chitose reopened, hours after 03:25", "30.6 (10:00 on 7 Sep)",
                "median within +-6 h (one night)");
    if (isinf(q95)) {
        snprintf(r->model, sizeof(r->model), "median %.1f, 5-95%%: %.1f to closed at 72", q50, q05);
    } else {
        snprintf(r->model, sizeof(r->model), "median %.1f, 5-95%%: %.1f-%.1f", q50, q05, q95);
    }
    r->within = fabs(q50 - 30.583) <= 6.0;
    CU_ASSERT(!r->within);                     /* a known miss: it shows here if it changes */
    CU_ASSERT(q05 <= 30.583 && 30.583 <= q95); /* the record is inside the model's range */

    r = add_row("Hokkaido 2018", "Hokuyo + Hokkaido Bank branches open at 09:25", "77 of 310",
                "-25% / +50% (drawn generator shares)");
    snprintf(r->model, sizeof(r->model), "%.1f", open_hy + open_hk);
    r->within = open_hy + open_hk >= 0.75 * 77 && open_hy + open_hk <= 1.5 * 77;
    CU_ASSERT(r->within);

    r = add_row("Hokkaido 2018", "Hokuyo branches open at 09:25", "about 50 of 170", "-25% / +50%");
    snprintf(r->model, sizeof(r->model), "%.1f", open_hy);
    r->within = open_hy >= 0.75 * 50 && open_hy <= 1.5 * 50;

    r = add_row("Hokkaido 2018", "Hokkaido Bank branches open at 09:25", "27 of 140",
                "-25% / +50%; one generator share for both banks");
    snprintf(r->model, sizeof(r->model), "%.1f", open_hk);
    r->within = open_hk >= 0.75 * 27 && open_hk <= 1.5 * 27;
    CU_ASSERT(!r->within); /* a known miss: it shows here if it changes */
    case_free(&c);
}

/* ---- the documents -------------------------------------------------------------------------- */

static void csv_field(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The table as CSV (docs/validation.csv), into a malloc'd string. */
static char *table_csv(void)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(f != NULL);
    fputs("# kikan validation: recorded incidents against the model (tests/validation/"
          "test_incidents.c; docs/validation.md)\n",
          f);
    fputs("incident,figure,record,model,tolerance,verdict\n", f);
    for (int i = 0; i < n_rows; i++) {
        const char *fields[] = {rows[i].incident,  rows[i].figure,
                                rows[i].record,    rows[i].model,
                                rows[i].tolerance, rows[i].within ? "within" : "miss"};
        for (int j = 0; j < 6; j++) {
            if (j > 0) {
                fputc(',', f);
            }
            csv_field(f, fields[j]);
        }
        fputc('\n', f);
    }
    fclose(f);
    return buf;
}

static void test_documents(void)
{
    CU_ASSERT_FATAL(n_rows >= 10);
    char *csv = table_csv();
    const char *out = getenv("KIKAN_VALIDATION_CSV");
    if (out != NULL && out[0] != '\0') {
        CU_ASSERT(kikan_test_write(out, csv));
    }
    char *doc = kikan_test_slurp(KIKAN_SOURCE_DIR "/docs/validation.csv");
    CU_ASSERT_PTR_NOT_NULL(doc);
    const int same = doc != NULL && strcmp(doc, csv) == 0;
    CU_ASSERT(same);
    if (!same) {
        printf("\ndocs/validation.csv is stale; regenerate with KIKAN_VALIDATION_CSV=docs/"
               "validation.csv build/release/test_incidents. Expected:\n%s",
               csv);
    }
    free(doc);
    free(csv);
    /* docs/validation.md: each row, in the same words */
    char *md = kikan_test_slurp(KIKAN_SOURCE_DIR "/docs/validation.md");
    CU_ASSERT_PTR_NOT_NULL_FATAL(md);
    for (int i = 0; i < n_rows; i++) {
        char line[1024];
        snprintf(line, sizeof(line), "| %s | %s | %s | %s | %s | %s |", rows[i].incident,
                 rows[i].figure, rows[i].record, rows[i].model, rows[i].tolerance,
                 rows[i].within ? "within" : "**miss**");
        const int found = strstr(md, line) != NULL;
        CU_ASSERT(found);
        if (!found) {
            printf("\ndocs/validation.md lacks the row:\n%s\n", line);
        }
    }
    free(md);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("validation: recorded incidents", NULL, NULL);
    CU_add_test(s, "shared core-banking centre, March 2022", test_bank_centre_2022);
    CU_add_test(s, "Hokkaido blackout, September 2018", test_hokkaido_2018);
    CU_add_test(s, "docs/validation.md and .csv match the model", test_documents);
    return kikan_test_main();
}
