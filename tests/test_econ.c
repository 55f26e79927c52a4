/*
 * Economic loss from the inoperability input-output model in scenario runs
 * (include/kikan/econ.h): the loss of a known step outage against the
 * closed-form solution of the linear dynamic IIM, zero without an outage,
 * "not computed" (NaN) without an A*, the built-in A*, the economics block's
 * and the A* table's error messages, and bit-identical results for 1 and 2
 * threads.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include "kikan/econ.h"
#include "kikan/engine.h"
#include "kikan/iim.h"
#include "kikan/scenario.h"
#include "core/strtab.h"
#include "models/results_impl.h"
#include "testutil.h"

/* ---- a two-sector world --------------------------------------------------------------------- */

/* Two sectors that are not built-in (so no default A*). water: W1 (3
 * customers) and W2 (5); food: F1 (7). Repairs take exactly 7.5 h. */
static const char *const SECTORS = "id,name,unit,life_weight,output_jpy\n"
                                   "water,Water,households,1,3.65e12\n"
                                   "food,Food,households,1,7.3e12\n";
static const char *const OPERATORS = "id,name,sectors\nOW,W,water\nOF,F,food\n";
static const char *const ASSETS = "id,operator,sector,kind,customers,repair,repair_a\n"
                                  "W1,OW,water,plant,3,fixed,7.5\n"
                                  "W2,OW,water,plant,5,fixed,7.5\n"
                                  "F1,OF,food,mill,7,fixed,7.5\n";
/* A*, columns in the other order than the sectors (matched by id):
 * a*_water,food = 0.35, a*_food,water = 0.21. */
static const char *const ASTAR = "# test matrix\n"
                                 "sector,food,water\n"
                                 "food,0,0.21\n"
                                 "water,0.35,0\n";
static const double A_WF = 0.35, A_FW = 0.21, K_W = 0.237, K_F = 0.0613;
static const double T_A = 2.5, T_B = 10.0, HORIZON = 24.0;

static const char *const YAML_HEAD = "kikan: 1\n"
                                     "name: econ\n"
                                     "network:\n"
                                     "  tables: t\n"
                                     "time:\n"
                                     "  horizon_hours: 24\n"
                                     "  step_hours: 0.5\n"
                                     "ensemble:\n"
                                     "  replicates: 3\n"
                                     "  seed: 7\n"
                                     "whatifs:\n"
                                     "  - name: w1-out\n"
                                     "    events:\n"
                                     "      - assets: [W1]\n"
                                     "        at_hours: 2.5\n"
                                     "  - name: nothing\n"
                                     "    events:\n"
                                     "      - assets: [F1]\n"
                                     "        probability: 0\n";
static const char *const ECON = "economics:\n"
                                "  astar: astar.csv\n"
                                "  k: {water: 0.237, food: 0.0613}\n";

static char *dir;

/* Write the case: tables, astar.csv (NULL: none) and s.yaml = head + econ. */
static void write_case(const char *astar, const char *econ)
{
    char path[600];
    if (dir != NULL) {
        snprintf(path, sizeof(path), "rm -rf '%s'", dir);
        CU_ASSERT_EQUAL(system(path), 0);
        free(dir);
    }
    dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    snprintf(path, sizeof(path), "%s/t", dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
    snprintf(path, sizeof(path), "%s/t/sectors.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, SECTORS));
    snprintf(path, sizeof(path), "%s/t/operators.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, OPERATORS));
    snprintf(path, sizeof(path), "%s/t/assets.csv", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, ASSETS));
    if (astar != NULL) {
        snprintf(path, sizeof(path), "%s/astar.csv", dir);
        CU_ASSERT_FATAL(kikan_test_write(path, astar));
    }
    char *yaml = malloc(strlen(YAML_HEAD) + (econ ? strlen(econ) : 0) + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(yaml);
    strcpy(yaml, YAML_HEAD);
    strcat(yaml, econ ? econ : "");
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, yaml));
    free(yaml);
}

/* Load a scenario file and run its ensemble with `threads` threads. */
static kikan_results_t *run_file(const char *path, int threads, int64_t replicates)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_results_t *res = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_set_threads(ctx, threads), KIKAN_OK);
    kikan_error_t e = kikan_scenario_load(ctx, path, &s, &w);
    if (e != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
    }
    CU_ASSERT_EQUAL_FATAL(e, KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_model_compile(ctx, w, s, &m), KIKAN_OK);
    const int64_t R = replicates > 0 ? replicates : s->replicates;
    CU_ASSERT_EQUAL_FATAL(kikan_ensemble_results_new(m, s, R, &res), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_ensemble_run(ctx, m, NULL, 0, R, res), KIKAN_OK);
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return res;
}

static kikan_results_t *run_case(void)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    return run_file(path, 1, 0);
}

/* ---- the closed form --------------------------------------------------------------------------
 */

/* out = M^-1 v for the 2x2 matrix m. */
static void solve2(const gsl_matrix *m, const double v[2], double out[2])
{
    const double a = gsl_matrix_get(m, 0, 0), b = gsl_matrix_get(m, 0, 1);
    const double c = gsl_matrix_get(m, 1, 0), d = gsl_matrix_get(m, 1, 1);
    const double det = a * d - b * c;
    out[0] = (d * v[0] - b * v[1]) / det;
    out[1] = (-c * v[0] + a * v[1]) / det;
}

/* (I - e^{-M t}) v */
static void one_minus_exp(const gsl_matrix *m, double t, const double v[2], double out[2])
{
    gsl_matrix *mt = gsl_matrix_alloc(2, 2), *e = gsl_matrix_alloc(2, 2);
    gsl_matrix_memcpy(mt, m);
    gsl_matrix_scale(mt, -t);
    CU_ASSERT_EQUAL(gsl_linalg_exponential_ss(mt, e, GSL_PREC_DOUBLE), 0);
    for (int i = 0; i < 2; i++) {
        out[i] =
            v[i] - gsl_matrix_get(e, (size_t)i, 0) * v[0] - gsl_matrix_get(e, (size_t)i, 1) * v[1];
    }
    gsl_matrix_free(mt);
    gsl_matrix_free(e);
}

/*
 * Expected loss of the step forcing c* = (c, 0) on [a, b), 0 elsewhere, for
 * the linear dynamic IIM dq/dt = K(A* q + c* - q), q(0) = 0 (nothing
 * saturates: q stays below 0.41). With M = K(I - A*) and q_inf = (I - A*)^-1 c*:
 *   on [a, b): q(t) = (I - e^{-M(t-a)}) q_inf,
 *              integral = (b-a) q_inf - M^-1 (I - e^{-M(b-a)}) q_inf;
 *   on [b, H]: q(t) = e^{-M(t-b)} q(b), integral = M^-1 (I - e^{-M(H-b)}) q(b).
 * loss = sum_i x_i / 8760 * integral_i.
 */
static double closed_form(double c, const double x[2])
{
    const double A[2][2] = {{0.0, A_WF}, {A_FW, 0.0}}, k[2] = {K_W, K_F};
    gsl_matrix *ia = gsl_matrix_alloc(2, 2), *m = gsl_matrix_alloc(2, 2);
    for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
            const double v = (i == j ? 1.0 : 0.0) - A[i][j];
            gsl_matrix_set(ia, (size_t)i, (size_t)j, v);
            gsl_matrix_set(m, (size_t)i, (size_t)j, k[i] * v);
        }
    }
    const double cs[2] = {c, 0.0};
    double qinf[2], t1[2], t2[2], qb[2], t3[2], t4[2];
    solve2(ia, cs, qinf);
    one_minus_exp(m, T_B - T_A, qinf, qb); /* q(b) */
    solve2(m, qb, t1);                     /* M^-1 (I - e^{-M(b-a)}) q_inf */
    one_minus_exp(m, HORIZON - T_B, qb, t3);
    solve2(m, t3, t4); /* the decay after b */
    double loss = 0.0;
    for (int i = 0; i < 2; i++) {
        t2[i] = (T_B - T_A) * qinf[i] - t1[i] + t4[i];
        loss += x[i] / 8760.0 * t2[i];
    }
    gsl_matrix_free(ia);
    gsl_matrix_free(m);
    return loss;
}

/* ---- tests ------------------------------------------------------------------------------------
 */

static void test_step_closed_form(void)
{
    write_case(ASTAR, ECON);
    kikan_results_t *res = run_case();
    const int64_t R = res->n_replicates;
    const int S = res->n_sectors;
    /* the physical cascade is what we think: 3 customers of 8 out for 7.5 h */
    CU_ASSERT_DOUBLE_EQUAL(res->customer_hours[0 * S + 0], 3.0 * 7.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(res->customer_hours[0 * S + 1], 0.0, 0.0);
    const double x[2] = {3.65e12, 7.3e12};
    const double want = closed_form(3.0 / 8.0, x);
    /* hand check of the magnitude: the direct part alone is x_w/8760 * 0.375 * 7.5 h less the
     * lag; the expected loss lies between 0 and (I-A*)^-1-amplified c * (H - a) */
    CU_ASSERT(want > 0.0 && want < 1.1 * (x[0] + x[1]) / 8760.0 * 0.375 * (HORIZON - T_A));
    for (int64_t r = 0; r < R; r++) {
        /* tolerance: RK8(9) at 1e-10 abs/rel per step over ~10 steps; 1e-8 relative is ample
         * and far below any modelling difference (a half-step shift of the outage is ~5%) */
        const double got = res->econ_loss[0 * R + r];
        CU_ASSERT(fabs(got - want) <= 1e-8 * want);
        if (r == 0) {
            printf("\n  step outage: loss %.6f JPY, closed form %.6f JPY (rel. diff %.2e)\n", got,
                   want, fabs(got - want) / want);
        }
        /* nothing happens: exactly zero */
        CU_ASSERT_EQUAL(res->econ_loss[1 * R + r], 0.0);
    }
    CU_ASSERT_EQUAL(kikan_results_summarize(res), KIKAN_OK);
    CU_ASSERT_DOUBLE_EQUAL(res->st_econ[0].mean, want, 1e-8 * want);
    kikan_results_free(&res);

    /* the run table: one line per what-if, in a readable unit (want = 1.463e9 JPY) */
    char args[700], *out = NULL;
    snprintf(args, sizeof(args), "run '%s/s.yaml' --quiet", dir);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    char line[200];
    snprintf(line, sizeof(line), "economic loss (input-output model): \u00a5%.2f billion",
             want / 1e9);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, line));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "economic loss (input-output model): \u00a50 "));
    free(out);
}

static void test_not_computed(void)
{
    /* no economics block and sectors that are not built-in: NaN */
    write_case(NULL, NULL);
    kikan_results_t *res = run_case();
    for (int64_t i = 0; i < 2 * res->n_replicates; i++) {
        CU_ASSERT(isnan(res->econ_loss[i]));
    }
    CU_ASSERT_EQUAL(kikan_results_summarize(res), KIKAN_OK);
    CU_ASSERT(isnan(res->st_econ[0].mean));
    kikan_results_free(&res);
    char args[700], *out = NULL;
    snprintf(args, sizeof(args), "run '%s/s.yaml' --quiet", dir);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "economic loss: not computed"));
    free(out);
    /* a block that turns it off: NaN even with a good A* */
    write_case(ASTAR, "economics:\n  astar: astar.csv\n  enabled: false\n");
    res = run_case();
    for (int64_t i = 0; i < 2 * res->n_replicates; i++) {
        CU_ASSERT(isnan(res->econ_loss[i]));
    }
    kikan_results_free(&res);
}

static void test_k_scalar(void)
{
    /* one k for every sector: q(t) for the same outage scales in time only; with k larger the
     * loss approaches the K-free infinite-horizon value sum x/8760 (I-A*)^-1 c (b-a). */
    write_case(ASTAR, "economics:\n  astar: astar.csv\n  k: 50\n");
    kikan_results_t *res = run_case();
    const double x[2] = {3.65e12, 7.3e12};
    const double det = 1.0 - A_WF * A_FW, c = 3.0 / 8.0;
    const double q[2] = {c / det, A_FW * c / det};
    const double limit = (x[0] * q[0] + x[1] * q[1]) / 8760.0 * (T_B - T_A);
    /* with k = 50/h the lag is ~1/(50 (1 - rho)) h, so the loss is within 1% of the limit */
    CU_ASSERT(fabs(res->econ_loss[0] - limit) < 0.01 * limit);
    kikan_results_free(&res);
}

static void test_builtin(void)
{
    static const char *const ids[] = {"airports", "aviation", "power"};
    double a[9];
    CU_ASSERT_EQUAL(kikan_econ_builtin_astar(ids, 3, a), KIKAN_OK);
    /* airports sell 6% of aviation's output to it: a* = 0.06 * 4.0e12 / 1.5e12 = 0.16 */
    CU_ASSERT_DOUBLE_EQUAL(a[0 * 3 + 1], 0.16, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(a[0 * 3 + 0], 0.0, 0.0); /* no intra-sector term */
    /* power sells 3% of airports' output: 0.03 * 1.5e12 / 22e12 */
    CU_ASSERT_DOUBLE_EQUAL(a[2 * 3 + 0], 0.03 * 1.5 / 22.0, 1e-15);
    static const char *const bad[] = {"power", "water"};
    CU_ASSERT_EQUAL(kikan_econ_builtin_astar(bad, 2, a), KIKAN_EINPUT);
    static const char *const twice[] = {"power", "power"};
    CU_ASSERT_EQUAL(kikan_econ_builtin_astar(twice, 2, a), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_econ_builtin_astar(ids, 0, a), KIKAN_EINVAL);

    /* the tiny scenario has the six built-in sectors and no block: built-in A*, default k */
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(
        kikan_scenario_load(ctx, KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml", &s, &w),
        KIKAN_OK);
    CU_ASSERT(s->economics.enabled);
    CU_ASSERT_FALSE(s->economics.given);
    CU_ASSERT_EQUAL_FATAL(s->economics.n_sectors, 6);
    for (int i = 0; i < 6; i++) {
        CU_ASSERT_DOUBLE_EQUAL(s->economics.k[i], 1.0 / 24.0, 0.0);
    }
    static const char *const six[] = {"power",    "telecom",  "rail",
                                      "aviation", "airports", "banking"};
    double b[36];
    CU_ASSERT_EQUAL(kikan_econ_builtin_astar(six, 6, b), KIKAN_OK);
    CU_ASSERT_EQUAL(memcmp(b, s->economics.astar, sizeof(b)), 0);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* ---- a sub-network never loses more than the whole ------------------------------------------ */

/* Field `col` (0-based, plain CSV without quotes) of `line`, copied into buf. */
static const char *field(const char *line, int col, char *buf, size_t cap)
{
    for (int c = 0; c < col; c++) {
        line = strchr(line, ',');
        if (line == NULL) {
            buf[0] = '\0';
            return buf;
        }
        line++;
    }
    size_t n = strcspn(line, ",\n");
    n = n < cap - 1 ? n : cap - 1;
    memcpy(buf, line, n);
    buf[n] = '\0';
    return buf;
}

/* Keep the rows of table `name` whose field col (and col2 when >= 0) is in `set`; comments
   and the header stay. */
static void filter_table(const char *tdir, const char *name, int col, int col2,
                         const kikan_strtab_t *set)
{
    char path[700], b1[256], b2[256];
    snprintf(path, sizeof(path), "%s/%s", tdir, name);
    char *text = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    char *out = malloc(strlen(text) + 1), *o = out;
    int header = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        int keep =
            line[0] == '#' || !header ||
            (kikan_strtab_find(set, field(line, col, b1, sizeof(b1))) != KIKAN_NONE &&
             (col2 < 0 || kikan_strtab_find(set, field(line, col2, b2, sizeof(b2))) != KIKAN_NONE));
        if (line[0] != '#' && !header) {
            header = 1;
        }
        if (keep) {
            memcpy(o, line, len);
            o += len;
        }
        line += len;
    }
    *o = '\0';
    CU_ASSERT_FATAL(kikan_test_write(path, out));
    free(out);
    free(text);
}

static double mean_loss(const char *yaml_path, int whatif)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_results_t *r = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    if (kikan_scenario_load(ctx, yaml_path, &s, &w) != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
        CU_FAIL_FATAL("scenario");
    }
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, s, &m) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, s, 2, &r) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, m, NULL, 0, 2, r) == KIKAN_OK);
    const double loss = 0.5 * (r->econ_loss[whatif * 2] + r->econ_loss[whatif * 2 + 1]);
    kikan_results_free(&r);
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return loss;
}

/*
 * The built-in national network and its Kanto slice (assets in the seven Kanto prefectures,
 * the dependencies, links and installations among them; the built-in sectors, so national
 * outputs) under the same events: substations of Chiba, then of Chiba and Tokyo, lost at 0
 * and restored at 1 h, horizon 1.5 h (before any battery runs out: no draw differs between
 * the two worlds; every provider of a kept asset is kept, so what fails in the slice fails
 * in the whole). The slice must never report more loss than the whole — before the outputs
 * were scaled to what is modelled it reported 2.3 times more (1.33e7 against 5.86e6 JPY),
 * dividing the same customers by Kanto's totals instead of Japan's.
 */
static void test_subnetwork_le_whole(void)
{
    char *sdir = kikan_test_tmpdir();
    char cmd[800], path[700], apath[760], b1[256], b2[256];
    snprintf(cmd, sizeof(cmd), "generate japan -o '%s/sub' --force", sdir);
    CU_ASSERT_EQUAL_FATAL(kikan_test_cli(cmd, NULL, NULL), 0);
    snprintf(path, sizeof(path), "%s/sub", sdir);
    /* the Kanto assets... */
    kikan_strtab_t keep;
    kikan_strtab_init(&keep);
    snprintf(apath, sizeof(apath), "%s/assets.csv", path);
    char *text = kikan_test_slurp(apath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    static const char *const kanto[] = {"ibaraki", "tochigi", "gunma",   "saitama",
                                        "chiba",   "tokyo",   "kanagawa"};
    int header = 0;
    for (char *line = text; *line;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
        if (line[0] != '#') {
            for (int k = 0; header && k < 7; k++) {
                if (strcmp(field(line, 4, b1, sizeof(b1)), kanto[k]) == 0) {
                    CU_ASSERT_FATAL(kikan_strtab_add(&keep, field(line, 0, b2, sizeof(b2)), 0,
                                                     NULL) == KIKAN_OK);
                }
            }
            header = 1;
        }
        line += len;
    }
    free(text);
    const kikan_id_t n_kanto = keep.n;
    CU_ASSERT(n_kanto > 3000);
    /* ...and every provider they need, recursively: each kept asset keeps all its supplies,
       so whatever fails in the slice fails in the whole at the same time */
    snprintf(apath, sizeof(apath), "%s/dependencies.csv", path);
    text = kikan_test_slurp(apath);
    CU_ASSERT_PTR_NOT_NULL_FATAL(text);
    for (kikan_id_t before = -1; before != keep.n;) {
        before = keep.n;
        header = 0;
        for (char *line = text; *line;) {
            char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) + 1 : strlen(line);
            if (line[0] != '#') {
                if (header &&
                    kikan_strtab_find(&keep, field(line, 1, b2, sizeof(b2))) != KIKAN_NONE) {
                    CU_ASSERT_FATAL(kikan_strtab_add(&keep, field(line, 0, b1, sizeof(b1)), 0,
                                                     NULL) == KIKAN_OK);
                }
                header = 1;
            }
            line += len;
        }
    }
    free(text);
    printf("(%d Kanto assets + %d providers) ", (int)n_kanto, (int)(keep.n - n_kanto));
    filter_table(path, "assets.csv", 0, -1, &keep);
    filter_table(path, "dependencies.csv", 0, 1, &keep);
    filter_table(path, "links.csv", 0, 1, &keep);
    filter_table(path, "installations.csv", 0, -1, &keep);
    kikan_strtab_destroy(&keep);
    static const char *const body =
        "time:\n  horizon_hours: 1.5\n  step_hours: 0.25\n"
        "ensemble:\n  replicates: 2\n  seed: 2385\n"
        "whatifs:\n"
        "  - name: chiba\n    events:\n"
        "      - {kind: substation, region: chiba, forcing: true, restore: [[1.0, 1.0]]}\n"
        "  - name: chiba-tokyo\n    events:\n"
        "      - {kind: substation, region: chiba, forcing: true, restore: [[1.0, 1.0]]}\n"
        "      - {kind: substation, region: tokyo, forcing: true, restore: [[1.0, 1.0]]}\n";
    char yaml[2000], whole_path[760], sub_path[760];
    snprintf(whole_path, sizeof(whole_path), "%s/whole.yaml", sdir);
    snprintf(yaml, sizeof(yaml), "kikan: 1\nname: whole\nnetwork:\n  generator: japan\n%s", body);
    CU_ASSERT_FATAL(kikan_test_write(whole_path, yaml));
    snprintf(sub_path, sizeof(sub_path), "%s/sub.yaml", sdir);
    snprintf(yaml, sizeof(yaml), "kikan: 1\nname: sub\nnetwork:\n  tables: sub\n%s", body);
    CU_ASSERT_FATAL(kikan_test_write(sub_path, yaml));
    const double whole1 = mean_loss(whole_path, 0), sub1 = mean_loss(sub_path, 0);
    const double whole2 = mean_loss(whole_path, 1), sub2 = mean_loss(sub_path, 1);
    CU_ASSERT(whole1 > 0 && sub1 > 0);
    CU_ASSERT(sub1 <= whole1 * (1 + 1e-12));
    CU_ASSERT(sub2 <= whole2 * (1 + 1e-12));
    CU_ASSERT(whole2 > whole1);
    printf("(whole %.4g / %.4g JPY, Kanto %.4g / %.4g JPY) ", whole1, whole2, sub1, sub2);
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", sdir);
    CU_ASSERT_EQUAL(system(cmd), 0);
    free(sdir);
}

static void test_threads_identical(void)
{
    const char *path = KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml";
    kikan_results_t *a = run_file(path, 1, 24), *b = run_file(path, 2, 24);
    const size_t n = (size_t)(a->n_whatifs * a->n_replicates);
    CU_ASSERT_EQUAL(memcmp(a->econ_loss, b->econ_loss, n * sizeof(double)), 0);
    int positive = 0;
    for (size_t i = 0; i < n; i++) {
        CU_ASSERT(isfinite(a->econ_loss[i]) && a->econ_loss[i] >= 0.0);
        positive += a->econ_loss[i] > 0.0;
    }
    CU_ASSERT(positive > 0);
    kikan_results_free(&a);
    kikan_results_free(&b);
}

/*
 * kikan_econ_loss against the library's general dynamic IIM (kikan_iim_dynamic,
 * models/research/iim.c) on a saturating case: three sectors, curves with full outages
 * (c*_0 = 1 on [9.8, 14) while q_1 > 0, so A* q + c* > 1 there and the cap is
 * active), a horizon that is not a
 * multiple of the step, and sectors of unequal size. Both integrate the same
 * equation with RK8(9) at 1e-10; the solvers restart at different instants
 * (equal rows are merged here), so agreement is to the solver error: 1e-8
 * relative.
 */
static void test_against_iim(void)
{
    enum { S = 3, G = 41 };
    const double astar[S * S] = {0.0, 0.31, 0.12, 0.27, 0.0, 0.05, 0.4, 0.22, 0.0};
    const double k[S] = {0.19, 0.043, 0.6}, x[S] = {2.1e8, 3.7e7, 9.9e8};
    const double cust[S] = {8.0, 5.0, 1.0}, step = 0.7, horizon = 29.3;
    double curves[S * G];
    for (int g = 0; g < G; g++) {
        /* sector 0: 3 of 8 out on [2.1, 9.8), all out on [9.8, 14.0); sector 1: 5 of 5 out on
         * [4.2, 21.0); sector 2: a flicker every 4 steps */
        const double t = g * step;
        curves[0 * G + g] = t >= 2.1 - 1e-9 && t < 9.8 - 1e-9
                                ? 3.0
                                : (t < 14.0 - 1e-9 && t > 9.8 - 1e-9 ? 8.0 : 0.0);
        curves[1 * G + g] = t >= 4.2 - 1e-9 && t < 21.0 - 1e-9 ? 5.0 : 0.0;
        curves[2 * G + g] = g % 4 == 1 ? 1.0 : 0.0;
    }
    kikan_econ_t e = {S, astar, k, x, cust, G, step, horizon};
    kikan_ctx_t *ctx = NULL;
    kikan_econ_ws_t *ws = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_econ_check(ctx, &e), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_econ_ws_new(&e, &ws), KIKAN_OK);
    double got = 0.0, again = 0.0, zero = -1.0;
    CU_ASSERT_EQUAL(kikan_econ_loss(&e, ws, curves, &got), KIKAN_OK);
    /* the reference: every grid point an instant, fractions as rows */
    double t[G], rows[G * S];
    for (int g = 0; g < G; g++) {
        t[g] = g * step;
        for (int s = 0; s < S; s++) {
            rows[g * S + s] = curves[s * G + g] / cust[s];
        }
    }
    kikan_iim_forcing_t f = {G, t, rows, 1};
    kikan_iim_dyn_opts_t o = kikan_iim_dyn_opts_default();
    o.t_end = horizon;
    o.n_steps = 1;
    double want = 0.0;
    CU_ASSERT_EQUAL(kikan_iim_dynamic(ctx, S, astar, k, NULL, &f, x, &o, NULL, NULL, &want),
                    KIKAN_OK);
    CU_ASSERT(want > 0.0);
    CU_ASSERT(fabs(got - want) <= 1e-8 * want);
    printf("\n  saturating case: loss %.9g, kikan_iim_dynamic %.9g (rel. diff %.2e)\n", got, want,
           fabs(got - want) / want);
    /* a workspace that solved something else gives the same bits */
    double zc[S * G] = {0};
    CU_ASSERT_EQUAL(kikan_econ_loss(&e, ws, zc, &zero), KIKAN_OK);
    CU_ASSERT_EQUAL(zero, 0.0);
    CU_ASSERT_EQUAL(kikan_econ_loss(&e, ws, curves, &again), KIKAN_OK);
    CU_ASSERT_EQUAL(memcmp(&got, &again, sizeof(double)), 0);
    /* argument checks */
    CU_ASSERT_EQUAL(kikan_econ_loss(&e, ws, NULL, &got), KIKAN_EINVAL);
    kikan_econ_t other = e;
    other.n_grid = G - 1;
    CU_ASSERT_EQUAL(kikan_econ_loss(&other, ws, curves, &got), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_econ_ws_new(NULL, &ws), KIKAN_EINVAL);
    kikan_econ_ws_free(&ws);
    CU_ASSERT_PTR_NULL(ws);
    kikan_econ_ws_free(&ws);
    kikan_ctx_free(&ctx);
}

/* A scenario edited through the API is checked when the model is compiled. */
static void test_compile_checks(void)
{
    write_case(ASTAR, ECON);
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    char path[600];
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_OK);
    kikan_econ_t e;
    CU_ASSERT_EQUAL_FATAL(kikan_model_compile(ctx, w, s, &m), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_model_econ(m, &e), 1);
    CU_ASSERT_EQUAL(e.n_sectors, 2);
    CU_ASSERT_DOUBLE_EQUAL(e.cust[0], 8.0, 0.0); /* water: 3 + 5 customers */
    CU_ASSERT_DOUBLE_EQUAL(e.x_hourly[1], 7.3e12 / 8760.0, 1e-3);
    kikan_model_free(&m);
    s->economics.k[1] = -0.5;
    CU_ASSERT_EQUAL(kikan_model_compile(ctx, w, s, &m), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(m);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0),
                           "economics: k[2] = -0.5: must be finite and > 0");
    kikan_diag_clear(ctx);
    s->economics.k[1] = 0.1;
    s->economics.astar[1] = 5.0; /* rho = sqrt(5 x 0.21) > 1 */
    CU_ASSERT_EQUAL(kikan_model_compile(ctx, w, s, &m), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(kikan_diag_get(ctx, 0), "economics: spectral radius of A* is 1.0247"));
    kikan_model_free(&m);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* ---- errors -----------------------------------------------------------------------------------
 */

/* Load the case and compare the diagnostics (without the "DIR/" prefix). */
static void expect(const char *const *want, int n)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char path[600];
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(w);
    const size_t dl = strlen(dir);
    const int count = kikan_diag_count(ctx);
    CU_ASSERT_EQUAL(count, n);
    for (int i = 0; i < count; i++) {
        const char *d = kikan_diag_get(ctx, i);
        const char *rest = strncmp(d, dir, dl) == 0 && d[dl] == '/' ? d + dl + 1 : d;
        const int ok = i < n && strcmp(rest, want[i]) == 0;
        if (!ok) {
            fprintf(stderr, "\n  diagnostic %d: got      '%s'\n               expected '%s'\n", i,
                    rest, i < n ? want[i] : "(none)");
        }
        CU_ASSERT(ok);
    }
    kikan_ctx_free(&ctx);
}

static void astar_case(const char *astar, const char *expected)
{
    write_case(astar, ECON);
    expect(&expected, 1);
}

static void test_astar_errors(void)
{
    astar_case("sector,food,water\nfood,0,0.21\nwater,-0.35,0\n",
               "astar.csv:3: food: expected a number >= 0, got '-0.35'");
    astar_case("# c\n\nsector,food,water\nfood,0,abc\nwater,0.35,0\n",
               "astar.csv:4: water: expected a number >= 0, got 'abc'");
    astar_case("sector,food,water\nfood,0,\nwater,0.35,0\n",
               "astar.csv:2: water: required value is empty");
    astar_case("sector,food,water\nfood,0,0.21\nwater,0.35\n",
               "astar.csv:3: expected 3 fields, got 2");
    astar_case("sector,food,water\nfood,0,0.21\nwater,0.35,0\nfood,0,0.2\n",
               "astar.csv:4: sector: a second row for sector 'food' (first on line 2)");
    astar_case("sector,food,water\nfood,0,0.21\n", "astar.csv:1: no row for sector 'water'");
    /* singular: I - A* = [[1, -1], [-1, 1]] */
    astar_case("sector,food,water\nfood,0,1\nwater,1,0\n",
               "astar.csv: I - A* is singular (smallest singular value 0, largest 2): no unique "
               "inoperability");
    /* rho = sqrt(1.2 x 0.9) = 1.03923 */
    astar_case("sector,food,water\nfood,0,1.2\nwater,0.9,0\n",
               "astar.csv: spectral radius of A* is 1.03923 >= 1: the interdependencies amplify "
               "without bound (not a productive economy)");
    {
        static const char *const two[] = {
            "astar.csv:1: missing required column 'food'",
            "astar.csv:1: unknown column 'fod' (did you mean 'food'?)"};
        write_case("sector,fod,water\nfood,0,0.21\nwater,0.35,0\n", ECON);
        expect(two, 2);
    }
    {
        static const char *const two[] = {
            "astar.csv:3: sector: unknown sector 'watr' (did you mean 'water'?)",
            "astar.csv:1: no row for sector 'water'"};
        write_case("sector,food,water\nfood,0,0.21\nwatr,0.35,0\n", ECON);
        expect(two, 2);
    }
    write_case(NULL, ECON);
    {
        char want[700];
        snprintf(want, sizeof(want), "astar.csv: cannot read: No such file or directory");
        const char *w1 = want;
        expect(&w1, 1);
    }
}

static void yaml_case(const char *econ, const char *expected)
{
    write_case(ASTAR, econ);
    expect(&expected, 1);
}

static void test_yaml_errors(void)
{
    yaml_case("economics:\n  astr: astar.csv\n",
              "s.yaml:21:3: economics: unknown key 'astr' (did you mean 'astar'?)");
    yaml_case("economics:\n  astar: astar.csv\n  k: -0.5\n",
              "s.yaml:22:6: economics.k: expected a number > 0, got '-0.5'");
    yaml_case("economics:\n  astar: astar.csv\n  k: {water: 0.2, fod: 0.1}\n",
              "s.yaml:22:19: economics.k: unknown sector 'fod' (did you mean 'food'?)");
    yaml_case("economics:\n  astar: astar.csv\n  k: {water: 0}\n",
              "s.yaml:22:14: economics.k.water: expected a number > 0, got '0'");
    yaml_case("economics:\n  astar: astar.csv\n  enabled: maybe\n",
              "s.yaml:22:12: economics.enabled: expected true or false, got 'maybe'");
    yaml_case("economics:\n  k: 0.1\n",
              "s.yaml:21:3: economics: missing required key 'astar': the sectors are not all "
              "built-in (power, telecom, rail, aviation, airports, banking), so there is no "
              "default A*");
    yaml_case("economics:\n  astar: astar.csv\n  k: {water: 0.2, water: 0.3}\n",
              "s.yaml:22:19: economics.k: duplicate key 'water' (first on line 22)");
    yaml_case("economics: [1]\n",
              "s.yaml:20:12: economics: expected a mapping (keys and values), got a list");
}

int main(void)
{
    CU_pSuite s = NULL;
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    s = CU_add_suite("econ", NULL, NULL);
    if (s == NULL || !CU_add_test(s, "step outage vs closed form", test_step_closed_form) ||
        !CU_add_test(s, "not computed without A*", test_not_computed) ||
        !CU_add_test(s, "one k for all sectors", test_k_scalar) ||
        !CU_add_test(s, "built-in A*", test_builtin) ||
        !CU_add_test(s, "1 and 2 threads bit-identical", test_threads_identical) ||
        !CU_add_test(s, "checks at compile time", test_compile_checks) ||
        !CU_add_test(s, "agrees with kikan_iim_dynamic (saturating)", test_against_iim) ||
        !CU_add_test(s, "A* table errors", test_astar_errors) ||
        !CU_add_test(s, "economics block errors", test_yaml_errors) ||
        !CU_add_test(s, "a sub-network never loses more than the whole",
                     test_subnetwork_le_whole)) {
        CU_cleanup_registry();
        return 1;
    }
    int rc = kikan_test_main();
    if (dir != NULL) {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0) {
            rc = 1;
        }
        free(dir);
    }
    return rc;
}
