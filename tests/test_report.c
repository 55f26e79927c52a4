/*
 * The scope tables in HDF5 and `kikan report`, tested as a person would use
 * them: `kikan scope SCENARIO -o FILE.h5` makes a results file with /scope,
 * kikan_h5_read_scope gives back exactly what the analysis computed, and
 * `kikan report FILE.h5 -o REPORT.html` writes one page whose figures are the
 * file's (checked against kikan_h5_read), whose charts are inline SVG, which
 * refers to nothing outside itself, escapes the file's strings, and which a
 * browser (headless Chromium, when installed) renders with its charts.
 *
 * The scenario is tiny's, with names full of HTML specials. Expected
 * figures come from the results file read independently of the report
 * (kikan_h5_read), formatted with the report's documented number format,
 * whose own test uses hand-written strings.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <hdf5.h>
#include "kikan/text.h"
#include "models/world_impl.h"
#include "models/results_impl.h"
#include "sim/scope_impl.h"
#include "tests/testutil.h"

static char *dir;
static char scen[600], scope_h5[600], run_h5[600], report[600];

static int setup(void)
{
    dir = kikan_test_tmpdir();
    if (dir == NULL) {
        return 1;
    }
    /* tiny, with a scenario and a what-if name that HTML must escape */
    char src[600];
    snprintf(src, sizeof(src), "%s/scenarios/library/tiny.yaml", KIKAN_SOURCE_DIR);
    char *text = kikan_test_slurp(src);
    if (text == NULL) {
        return 1;
    }
    const size_t cap = strlen(text) + 1024;
    char *mod = malloc(cap);
    if (mod == NULL) {
        free(text);
        return 1;
    }
    mod[0] = '\0';
    for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
        char buf[700];
        if (strncmp(line, "name: tiny", 10) == 0) {
            snprintf(buf, sizeof(buf), "name: \"tiny <script>x</script> & co\"");
        } else if (strstr(line, "tables: tiny") != NULL) {
            snprintf(buf, sizeof(buf), "  tables: %s/scenarios/library/tiny", KIKAN_SOURCE_DIR);
        } else if (strstr(line, "- name: vendor-c-implant") != NULL) {
            snprintf(buf, sizeof(buf), "  - name: \"vendor <b>C</b> & 'q'\"");
        } else {
            snprintf(buf, sizeof(buf), "%s", line);
        }
        strcat(mod, buf);
        strcat(mod, "\n");
    }
    free(text);
    snprintf(scen, sizeof(scen), "%s/esc.yaml", dir);
    snprintf(scope_h5, sizeof(scope_h5), "%s/scope.h5", dir);
    snprintf(run_h5, sizeof(run_h5), "%s/run.h5", dir);
    snprintf(report, sizeof(report), "%s/report.html", dir);
    int ok = kikan_test_write(scen, mod);
    free(mod);
    return !ok;
}

static int teardown(void)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    int rc = system(cmd);
    free(dir);
    return rc != 0;
}

__attribute__((format(printf, 2, 3))) static int cli(char **err_out, const char *fmt, ...);
/* Run the CLI with the printf-formatted arguments; stderr into *err_out when asked. */
static int cli(char **err_out, const char *fmt, ...)
{
    char args[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(args, sizeof(args), fmt, ap);
    va_end(ap);
    char *so = NULL, *se = NULL;
    int rc = kikan_test_cli(args, &so, &se);
    free(so);
    if (err_out != NULL) {
        *err_out = se;
    } else {
        free(se);
    }
    return rc;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle)) {
        n++;
    }
    return n;
}

static int file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (int)st.st_size : -1;
}

/* ---- the number format --------------------------------------------------------------------- */

static void test_number_format(void)
{
    static const struct {
        double x;
        const char *want;
    } cases[] = {
        {NAN, "not computed"},
        {0.0, "0"},
        {0.25, "0.25"},
        {12.385, "12"},
        {2385.4, "2,385"},
        {-2385.4, "-2,385"},
        {12345.6, "12,346"},
        {999999.4, "999,999"},
        {1234567.8, "1.23 million"},
        {2.3851e9, "2.39 billion"},
        {7.72e12, "7.72 trillion"},
        {INFINITY, "infinite"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        char buf[64];
        kikan_report_format_number(cases[i].x, buf, sizeof(buf));
        if (strcmp(buf, cases[i].want) != 0) {
            fprintf(stderr, "format %g: got '%s', want '%s'\n", cases[i].x, buf, cases[i].want);
        }
        CU_ASSERT_STRING_EQUAL(buf, cases[i].want);
    }
    /* a small buffer is cut, never overrun */
    char small[4] = "zzz";
    kikan_report_format_number(1234567.0, small, sizeof(small));
    CU_ASSERT_EQUAL(strlen(small), 3);
}

/* ---- /scope round trip ---------------------------------------------------------------------- */

/* kikan_h5_read_scope, and the result's named tables in *s (NULL without a result). */
static kikan_error_t read_back(kikan_ctx_t *ctx, const char *path, kikan_scope_result_t **sr,
                               const kikan_scope_tables_t **s)
{
    const kikan_error_t err = kikan_h5_read_scope(ctx, path, sr);
    *s = *sr != NULL ? (*sr)->tables : NULL;
    return err;
}

/*
 * The public accessors read the same from the computed result `r` and from `b`, the same
 * result read back from its file: sizes, provenance, reference points, every frontier point,
 * the recommendation and its thresholds, thresholds per point, the criteria's names and the
 * operators regulated at the recommendation; what a file lacks (world rows, per-replicate
 * data) fails cleanly on `b`.
 */
static void same_through_accessors(const kikan_scope_result_t *r, const kikan_scope_result_t *b,
                                   const kikan_world_t *w, const kikan_scenario_t *sc)
{
    CU_ASSERT_EQUAL(kikan_scope_result_from_file(r), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_from_file(b), 1);
    CU_ASSERT_EQUAL(kikan_scope_result_n_replicates(b), kikan_scope_result_n_replicates(r));
    CU_ASSERT_EQUAL(kikan_scope_result_n_whatifs(b), kikan_scope_result_n_whatifs(r));
    CU_ASSERT_EQUAL(kikan_scope_result_n_classes(b), kikan_scope_result_n_classes(r));
    CU_ASSERT_EQUAL(kikan_scope_result_measure(b), kikan_scope_result_measure(r));
    CU_ASSERT_EQUAL(kikan_scope_result_simulations(b), kikan_scope_result_simulations(r));
    CU_ASSERT_EQUAL(kikan_scope_result_simulations_reused(b),
                    kikan_scope_result_simulations_reused(r));
    CU_ASSERT_EQUAL(kikan_scope_result_seed(b), kikan_scope_result_seed(r));
    CU_ASSERT_EQUAL(kikan_scope_result_seed(b), sc->seed);
    CU_ASSERT_STRING_EQUAL(kikan_scope_result_scenario(b), kikan_scope_result_scenario(r));
    double m1, c1, m2, c2;
    CU_ASSERT(kikan_scope_result_baseline(r, &m1, &c1) == KIKAN_OK);
    CU_ASSERT(kikan_scope_result_baseline(b, &m2, &c2) == KIKAN_OK);
    CU_ASSERT(m1 == m2 && c1 == c2);
    CU_ASSERT(kikan_scope_result_compromise(r, &m1, &c1) == KIKAN_OK);
    CU_ASSERT(kikan_scope_result_compromise(b, &m2, &c2) == KIKAN_OK);
    CU_ASSERT(m1 == m2 && c1 == c2);
    const int nc = kikan_scope_result_n_criteria(r), nf = kikan_scope_result_n_frontier(r);
    CU_ASSERT_EQUAL_FATAL(kikan_scope_result_n_criteria(b), nc);
    CU_ASSERT_EQUAL_FATAL(kikan_scope_result_n_frontier(b), nf);
    CU_ASSERT_EQUAL(kikan_scope_result_recommended(b), kikan_scope_result_recommended(r));
    CU_ASSERT_EQUAL(kikan_scope_result_best(b), kikan_scope_result_best(r));
    CU_ASSERT_EQUAL(kikan_scope_result_recommended_minimax(b),
                    kikan_scope_result_recommended_minimax(r));
    for (int i = 0; i < nf; i++) {
        kikan_scope_point_t p, q;
        CU_ASSERT_FATAL(kikan_scope_result_point(r, i, &p) == KIKAN_OK);
        CU_ASSERT_FATAL(kikan_scope_result_point(b, i, &q) == KIKAN_OK);
        /* every field bit-exact (NaN included): HDF5 float64 keeps the bits */
        CU_ASSERT(p.n_ops == q.n_ops && p.n_smes == q.n_smes && p.step_sig == q.step_sig);
        const double *pd[] = {&p.cost,       &p.removed, &p.ci,      &p.share, &p.burden,
                              &p.burden_sme, &p.step,    &p.step_ci, &p.worst, &p.worst_ci};
        const double *qd[] = {&q.cost,       &q.removed, &q.ci,      &q.share, &q.burden,
                              &q.burden_sme, &q.step,    &q.step_ci, &q.worst, &q.worst_ci};
        for (size_t k = 0; k < sizeof(pd) / sizeof(pd[0]); k++) {
            CU_ASSERT(memcmp(pd[k], qd[k], sizeof(double)) == 0);
        }
        for (int c = 0; c < nc; c++) {
            double t1, t2;
            kikan_id_t o1, o2;
            CU_ASSERT(kikan_scope_result_point_threshold(r, i, c, &t1, &o1) == KIKAN_OK);
            CU_ASSERT(kikan_scope_result_point_threshold(b, i, c, &t2, &o2) == KIKAN_OK);
            CU_ASSERT(t1 == t2 && o1 == o2);
        }
    }
    /* the minimax rule needs only the frontier's figures: the same on both */
    double w1 = NAN, w2 = NAN;
    CU_ASSERT_EQUAL(kikan_scope_minimax(b, r->minimax_share, &w2),
                    kikan_scope_minimax(r, r->minimax_share, &w1));
    CU_ASSERT(w1 == w2);
    CU_ASSERT(kikan_scope_result_point_threshold(b, nf, 0, &m1, NULL) == KIKAN_EINVAL);
    CU_ASSERT(kikan_scope_result_point_threshold(b, 0, nc, &m1, NULL) == KIKAN_EINVAL);
    for (int c = 0; c < nc; c++) {
        double t1, t2;
        CU_ASSERT(kikan_scope_result_threshold(r, c, &t1) == KIKAN_OK);
        CU_ASSERT(kikan_scope_result_threshold(b, c, &t2) == KIKAN_OK);
        CU_ASSERT(t1 == t2);
        kikan_id_t sec, met;
        const char *s1, *s2, *n1, *n2;
        CU_ASSERT_FATAL(kikan_scope_result_criterion(r, c, &sec, &met) == KIKAN_OK);
        CU_ASSERT(kikan_scope_result_criterion_names(r, c, &s1, &n1) == KIKAN_OK);
        CU_ASSERT(kikan_scope_result_criterion_names(b, c, &s2, &n2) == KIKAN_OK);
        CU_ASSERT_STRING_EQUAL(s1, kikan_world_sector_id(w, sec));
        CU_ASSERT_STRING_EQUAL(s1, s2);
        CU_ASSERT_STRING_EQUAL(n1, n2);
        /* a file has no world rows */
        CU_ASSERT(kikan_scope_result_criterion(b, c, &sec, &met) == KIKAN_EINVAL);
    }
    CU_ASSERT(kikan_scope_result_criterion_names(b, nc, NULL, NULL) == KIKAN_EINVAL);
    /* the operators regulated at the recommendation: the same set, by id */
    const kikan_id_t n = kikan_scope_result_n_rec_ops(r);
    CU_ASSERT_FATAL(n > 0);
    CU_ASSERT_EQUAL_FATAL(kikan_scope_result_n_rec_ops(b), n);
    for (kikan_id_t i = 0; i < n; i++) {
        const char *id = kikan_scope_result_rec_op_id(b, i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(id);
        CU_ASSERT_STRING_EQUAL(id, kikan_scope_result_rec_op_id(r, i));
        CU_ASSERT_STRING_EQUAL(kikan_scope_result_rec_op_name(b, i),
                               kikan_scope_result_rec_op_name(r, i));
        const kikan_id_t op = kikan_world_find_operator(w, id);
        int found = 0;
        for (kikan_id_t j = 0; j < n; j++) {
            found += kikan_scope_result_rec_op(r, j) == op;
        }
        CU_ASSERT_EQUAL(found, 1);
        CU_ASSERT(kikan_scope_result_op_point(r, op) <= kikan_scope_result_recommended(r));
        CU_ASSERT_EQUAL(kikan_scope_result_rec_op(b, i), KIKAN_NONE);
    }
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_id(b, n));
    CU_ASSERT_PTR_NULL(kikan_scope_result_rec_op_name(b, -1));
    /* what a file lacks fails cleanly: the world-row renderers refuse it */
    FILE *null = fopen("/dev/null", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(null);
    CU_ASSERT_EQUAL(kikan_scope_json_write(null, w, r), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_scope_json_write(null, w, b), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scope_print(null, w, b), KIKAN_EINVAL);
    fclose(null);
    CU_ASSERT_EQUAL(kikan_scope_result_n_operators(b), 0);
    CU_ASSERT_EQUAL(kikan_scope_result_op_point(b, 0), -1);
    kikan_scope_class_t cl;
    CU_ASSERT(kikan_scope_result_class(r, 0, &cl) == KIKAN_OK);
    CU_ASSERT(kikan_scope_result_class(b, 0, &cl) == KIKAN_EINVAL);
    kikan_scope_options_t opt;
    kikan_scope_options_default(&opt);
    double tmp[64];
    CU_ASSERT_FATAL(kikan_scope_result_n_replicates(b) <= 64);
    CU_ASSERT_EQUAL(kikan_scope_recommend(b, NULL, NULL, &opt, tmp, NULL), -1);
    CU_ASSERT_EQUAL(kikan_scope_stability_bootstrap((kikan_scope_result_t *)b, &opt), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(
        kikan_scope_result_attach_sensitivity(NULL, NULL, NULL, &opt, 0, (kikan_scope_result_t *)b),
        KIKAN_EINVAL);
}

/* Replace /scope/NAME of path by a table of the same row type with `rows` rows (fill values:
   zeros, empty strings). */
static void retable(const char *path, const char *name, hsize_t rows)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hid_t g = H5Gopen2(f, "scope", H5P_DEFAULT), d = H5Dopen2(g, name, H5P_DEFAULT);
    CU_ASSERT_FATAL(g >= 0 && d >= 0);
    hid_t t = H5Dget_type(d);
    H5Dclose(d);
    CU_ASSERT(H5Ldelete(g, name, H5P_DEFAULT) >= 0);
    hid_t sp = H5Screate_simple(1, &rows, NULL);
    d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT(d >= 0);
    H5Dclose(d);
    H5Sclose(sp);
    H5Tclose(t);
    H5Gclose(g);
    H5Fclose(f);
}

static void test_scope_roundtrip(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_scope_result_t *r = NULL;
    kikan_results_t *res = NULL, *back = NULL;
    kikan_scope_result_t *sr = NULL;
    const kikan_scope_tables_t *s = NULL;
    char path[700];
    snprintf(path, sizeof(path), "%s/roundtrip.h5", dir);
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_scenario_load(ctx, scen, &sc, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, sc, &m) == KIKAN_OK);
    kikan_scope_options_t opt;
    kikan_scope_options_default(&opt);
    opt.replicates = 7;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, sc, &opt, &r) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, sc, 5, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, m, NULL, 0, 5, res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_results_summarize(res) == KIKAN_OK);

    /* error paths of the writer: NULL arguments, a missing directory (no file made) */
    CU_ASSERT_EQUAL(kikan_h5_write_scope(ctx, path, NULL, res, w, sc), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_write_scope(ctx, path, r, res, NULL, sc), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_h5_write_scope(ctx, NULL, r, res, w, sc), KIKAN_EINVAL);
    char bad[700];
    snprintf(bad, sizeof(bad), "%s/no-such-dir/x.h5", dir);
    CU_ASSERT_EQUAL(kikan_h5_write_scope(ctx, bad, r, res, w, sc), KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(ctx) > 0);
    kikan_diag_clear(ctx);

    CU_ASSERT_FATAL(kikan_h5_write_scope(ctx, path, r, res, w, sc) == KIKAN_OK);
    /* the rest of the file is an ordinary results file */
    CU_ASSERT_FATAL(kikan_h5_read(ctx, path, &back) == KIKAN_OK);
    CU_ASSERT_EQUAL(back->n_replicates, 5);
    CU_ASSERT(memcmp(back->curves, res->curves,
                     sizeof(double) * (size_t)res->n_whatifs * 5 * (size_t)res->n_sectors *
                         (size_t)res->n_grid) == 0);

    CU_ASSERT_FATAL(read_back(ctx, path, &sr, &s) == KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(s->measure, "weighted");
    CU_ASSERT_STRING_EQUAL(s->measure_units, "life-weighted person-hours");
    CU_ASSERT_EQUAL(s->n_replicates, 7);
    CU_ASSERT_EQUAL(s->simulations, r->simulations);
    CU_ASSERT_EQUAL(s->simulations_reused, r->simulations_reused);
    CU_ASSERT_EQUAL(s->policies, r->policies);
    /* float64 in HDF5 is bit-exact: equality, no tolerance */
    CU_ASSERT(s->effectiveness == r->effectiveness);
    CU_ASSERT(s->baseline_mean == r->baseline_mean);
    CU_ASSERT(s->compromise_mean == r->compromise_mean);
    CU_ASSERT(s->all_removed_mean == r->all_removed_mean);
    CU_ASSERT_EQUAL(s->recommended, r->recommended);
    CU_ASSERT_EQUAL(s->budget, r->budget);
    CU_ASSERT_STRING_EQUAL(s->cost_metric, "");
    CU_ASSERT_EQUAL_FATAL(s->n_criteria, r->n_criteria);
    CU_ASSERT_EQUAL_FATAL(s->n_sweep, r->n_rows);
    CU_ASSERT_EQUAL_FATAL(s->n_frontier, r->n_frontier);
    CU_ASSERT_EQUAL_FATAL(s->n_small, r->n_small);
    CU_ASSERT_EQUAL_FATAL(s->n_classes, r->n_classes);
    for (int c = 0; c < r->n_criteria; c++) {
        CU_ASSERT_STRING_EQUAL(s->criteria[c].sector,
                               kikan_strtab_get(&w->sector_ids, r->crit_sector[c]));
        CU_ASSERT_STRING_EQUAL(s->criteria[c].metric,
                               kikan_strtab_get(&w->metric_names, r->crit_metric[c]));
        CU_ASSERT_EQUAL(s->criteria[c].operators, r->crit_n_ops[c]);
        CU_ASSERT(s->criteria[c].recommended_threshold == r->rec_thr[c]);
        for (int k = r->crit_off[c]; k < r->crit_off[c + 1]; k++) {
            CU_ASSERT_EQUAL(s->sweep[k].criterion, c);
            CU_ASSERT(s->sweep[k].threshold == r->thr[k]);
            CU_ASSERT_EQUAL(s->sweep[k].operators, r->thr_ops[k]);
            CU_ASSERT_EQUAL(s->sweep[k].smes, r->thr_smes[k]);
            CU_ASSERT(s->sweep[k].removed == r->thr_removed[k]);
            CU_ASSERT(s->sweep[k].share == r->thr_share[k]);
        }
    }
    int n_rec = 0;
    for (int i = 0; i < r->n_frontier; i++) {
        CU_ASSERT_EQUAL(s->frontier[i].operators, r->fr_ops[i]);
        CU_ASSERT(s->frontier[i].removed == r->fr_removed[i]);
        CU_ASSERT(s->frontier[i].share == r->fr_share[i]);
        n_rec += s->frontier[i].recommended;
        for (int c = 0; c < r->n_criteria; c++) {
            const int row = r->fr_row[i * r->n_criteria + c];
            const kikan_scope_tab_frontier_thr_t *t = &s->frontier_thr[i * r->n_criteria + c];
            CU_ASSERT_EQUAL(t->point, i);
            CU_ASSERT_EQUAL(t->criterion, c);
            if (row < 0) {
                CU_ASSERT(isinf(t->threshold) && t->threshold > 0);
                CU_ASSERT_EQUAL(t->operators, 0);
            } else {
                CU_ASSERT(t->threshold == r->thr[r->crit_off[c] + row]);
                CU_ASSERT_EQUAL(t->operators, r->thr_ops[r->crit_off[c] + row]);
            }
        }
    }
    CU_ASSERT_EQUAL(n_rec, 1);
    /* point 0 regulates nobody */
    CU_ASSERT_EQUAL(s->frontier[0].operators, 0);
    for (int i = 0; i < r->n_small; i++) {
        CU_ASSERT_STRING_EQUAL(s->small[i].operator_id,
                               kikan_strtab_get(&w->operator_ids, r->sc_op[i]));
        CU_ASSERT_STRING_EQUAL(s->small[i].reason, r->sc_reason[i]);
        CU_ASSERT(s->small[i].share == r->sc_share[i]);
    }
    for (int k = 0; k < r->n_classes; k++) {
        CU_ASSERT_EQUAL(s->classes[k].rank, k + 1);
        CU_ASSERT_STRING_EQUAL(s->classes[k].class_id,
                               kikan_strtab_get(&w->class_ids, r->cls_rank[k]));
        CU_ASSERT(s->classes[k].removed == r->cls_removed[k]);
        CU_ASSERT(s->classes[k].cum_removed == r->cls_cum_removed[k]);
        /* ranked: most impact removed first */
        if (k > 0) {
            CU_ASSERT(s->classes[k].removed <= s->classes[k - 1].removed);
        }
    }
    /* the worst case: per point the attack's harm, bit-exact, and its compromise's names */
    CU_ASSERT_EQUAL_FATAL(s->n_compromises, r->n_comp);
    CU_ASSERT_FATAL(r->n_comp > 0);
    CU_ASSERT_EQUAL(s->attacker_budget, r->attacker_budget);
    CU_ASSERT_EQUAL(s->recommended_minimax, r->recommended_minimax);
    CU_ASSERT(s->minimax_share == r->minimax_share);
    CU_ASSERT_EQUAL(s->n_worst, r->n_frontier * (r->attacker_budget + r->worst_top) + r->n_close);
    for (int i = 0; i < r->n_frontier; i++) {
        CU_ASSERT(s->frontier_worst[i] == r->fr_worst[i]);
    }
    CU_ASSERT_STRING_EQUAL(s->worst[0].role, "attack");
    CU_ASSERT_STRING_EQUAL(s->worst[0].whatif, r->comp_name[r->fr_worst_comp[0]]);
    same_through_accessors(r, sr, w, sc);
    /* a result read back has no world rows to write again */
    CU_ASSERT_EQUAL(kikan_h5_write_scope(ctx, path, sr, res, w, sc), KIKAN_EINVAL);
    kikan_scope_result_free(&sr);
    s = NULL;
    CU_ASSERT_PTR_NULL(sr);
    kikan_scope_result_free(NULL);

    /* 65536 criteria x 65536 frontier points is 2^32 threshold rows, which an int product
       wraps to 0: a frontier_thresholds table of 0 rows must still be a format error (read
       as matching, every per-point threshold lookup would read past its one-row array) */
    retable(path, "criteria", 65536);
    retable(path, "frontier", 65536);
    retable(path, "frontier_thresholds", 0);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(read_back(ctx, path, &sr, &s), KIKAN_EFORMAT);
    CU_ASSERT_PTR_NULL(sr);
    CU_ASSERT(kikan_diag_count(ctx) > 0);
    kikan_scope_result_free(&sr);

    /* a results file of `kikan run` (placeholder /scope): OK, no analysis */
    char plain[700];
    snprintf(plain, sizeof(plain), "%s/plain.h5", dir);
    CU_ASSERT_FATAL(kikan_h5_write(ctx, plain, res, w, sc) == KIKAN_OK);
    CU_ASSERT_EQUAL(read_back(ctx, plain, &sr, &s), KIKAN_OK);
    CU_ASSERT_PTR_NULL(sr);

    /* a /scope with the attributes but a table missing: a clear format error */
    hid_t f = H5Fopen(plain, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hid_t g = H5Gopen2(f, "scope", H5P_DEFAULT), sp = H5Screate(H5S_SCALAR);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 4);
    hid_t a = H5Acreate2(g, "measure", t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, "abc");
    H5Aclose(a);
    H5Tclose(t);
    H5Sclose(sp);
    H5Gclose(g);
    H5Fclose(f);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(read_back(ctx, plain, &sr, &s), KIKAN_EFORMAT);
    CU_ASSERT_PTR_NULL(sr);
    CU_ASSERT(kikan_diag_count(ctx) > 0);

    /* not HDF5 at all; NULL arguments */
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(read_back(ctx, scen, &sr, &s), KIKAN_EFORMAT);
    CU_ASSERT(kikan_diag_count(ctx) > 0);
    CU_ASSERT_EQUAL(read_back(ctx, NULL, &sr, &s), KIKAN_EINVAL);

    kikan_results_free(&back);
    kikan_results_free(&res);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
}

/* ---- kikan scope -o / kikan report ------------------------------------------------------------
 */

/* Charts the report must hold for a results file: one timeline per what-if with a loss, the
 * matrix, the sector-to-sector chart when any loss was attributed, and the frontier and class
 * charts when the file has a scope analysis. */
static int expected_charts(const kikan_results_t *res, const kikan_scope_tables_t *s)
{
    int n = 1;
    for (int w = 0; w < res->n_whatifs; w++) {
        int any = 0;
        for (int i = 0; i < res->n_sectors * res->n_grid; i++) {
            const int64_t k = (int64_t)w * res->n_sectors * res->n_grid + i;
            any |= res->curve_mean[k] > 0 || res->curve_q95[k] > 0;
        }
        n += any;
    }
    int through = 0;
    const int64_t n_through =
        (int64_t)res->n_whatifs * res->n_replicates * res->n_sectors * res->n_sectors;
    for (int64_t i = 0; res->through != NULL && i < n_through; i++) {
        through |= res->through[i] > 0;
    }
    n += through;
    if (kikan_regions_available(res)) {
        /* a tile map per what-if; tiny's regions are all prefectures: no bar chart */
        n += res->n_whatifs;
    }
    if (s != NULL) {
        n += (s->n_frontier > 0) + (s->n_classes > 0) + (s->n_sens > 0);
    }
    return n;
}

static void assert_self_contained(const char *html)
{
    static const char *const bad[] = {"src=\"http", "src='http", "href=\"http", "href='http",
                                      "src=\"//",   "href=\"//", "url(http",    "@import",
                                      "<script",    "<link",     "<iframe",     "<img"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (strstr(html, bad[i]) != NULL) {
            fprintf(stderr, "report holds '%s'\n", bad[i]);
        }
        CU_ASSERT_PTR_NULL(strstr(html, bad[i]));
    }
}

static void test_scope_then_report(void)
{
    char *err = NULL;
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "scope '%s' -o '%s' --quiet --replicates 8", scen, scope_h5),
                          0);
    CU_ASSERT_EQUAL_FATAL(cli(&err, "report '%s' -o '%s'", scope_h5, report), 0);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "with the scope analysis"));
    free(err);
    char *html = kikan_test_slurp(report);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);

    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    kikan_scope_result_t *sr = NULL;
    const kikan_scope_tables_t *s = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, scope_h5, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(read_back(ctx, scope_h5, &sr, &s) == KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    /* the ensemble is the scenario's (as kikan run): its 100 replicates, not the scope's 8 */
    CU_ASSERT_EQUAL(res->n_replicates, 100);
    CU_ASSERT_EQUAL(s->n_replicates, 8);

    /* what was run */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "SYNTHETIC"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>2385</dd>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>100 per what-if</dd>"));
    /* strings from the file are escaped, never markup */
    CU_ASSERT_PTR_NULL(strstr(html, "<script>x"));
    CU_ASSERT_PTR_NULL(strstr(html, "<b>C</b>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "tiny &lt;script&gt;x&lt;/script&gt; &amp; co"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "vendor &lt;b&gt;C&lt;/b&gt; &amp; &#39;q&#39;"));

    /* regions: read back from the file, they add up to the sectors' person-hours; the report
       draws one 47-tile map per what-if (tiny's regions are all prefectures), and Tokyo's
       tile carries its mean */
    CU_ASSERT_EQUAL_FATAL(res->n_regions, 4);
    CU_ASSERT_FATAL(kikan_regions_available(res));
    CU_ASSERT_EQUAL(count(html, "<g class=\"tile\">"), KIKAN_N_PREFECTURES * res->n_whatifs);
    CU_ASSERT_PTR_NULL(strstr(html, "class=\"regionbars\""));
    for (int w = 0; w < res->n_whatifs; w++) {
        double by_sector = 0, by_region = 0;
        for (int s2 = 0; s2 < res->n_sectors; s2++) {
            by_sector += res->st_person_hours[w * res->n_sectors + s2].mean;
        }
        for (int g = 0; g < res->n_regions; g++) {
            by_region += res->st_region_person_hours[w * res->n_regions + g].mean;
        }
        CU_ASSERT(fabs(by_sector - by_region) <= 1e-9 * fmax(1.0, by_sector));
    }
    for (int g = 0; g < res->n_regions; g++) {
        if (strcmp(res->region_ids[g], "tokyo") == 0) {
            char want[160], b[64];
            kikan_report_format_number(res->st_region_person_hours[g].mean, b, sizeof(b));
            snprintf(want, sizeof(want), "<title>Tokyo: %s person-hours</title>", b);
            CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
        }
    }

    /* headline figures: every sector's peak mean and customer-hours, in its what-if's table */
    const int S = res->n_sectors;
    int checked = 0;
    for (int w = 0; w < res->n_whatifs; w++) {
        /* the what-if's headline table starts at its first <h3> */
        const char *sec = strstr(html, "<h2>Headline");
        CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
        for (int k = 0; k <= w; k++) {
            sec = strstr(sec + 1, "<h3>");
            CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
        }
        if (isnan(res->st_econ[w].mean)) {
            const char *nc = strstr(sec, "not computed");
            const char *next = strstr(sec, "<table>");
            CU_ASSERT(nc != NULL && next != NULL && nc < next);
        }
        for (int s2 = 0; s2 < S; s2++) {
            char row[256], cell[128], fp[64], fc[64];
            snprintf(row, sizeof(row), "<tr><td class=\"l\">%s</td>", res->sector_ids[s2]);
            const char *r0 = strstr(sec, row);
            CU_ASSERT_PTR_NOT_NULL_FATAL(r0);
            const char *r1 = strstr(r0, "</tr>");
            CU_ASSERT_PTR_NOT_NULL_FATAL(r1);
            kikan_report_format_number(res->st_peak[w * S + s2].mean, fp, sizeof(fp));
            kikan_report_format_number(res->st_customer_hours[w * S + s2].mean, fc, sizeof(fc));
            snprintf(cell, sizeof(cell), "<td>%s", fp);
            const char *c1 = strstr(r0, cell);
            CU_ASSERT(c1 != NULL && c1 < r1);
            snprintf(cell, sizeof(cell), "<td>%s", fc);
            const char *c2 = c1 ? strstr(c1 + 4, cell) : NULL;
            CU_ASSERT(c2 != NULL && c2 < r1);
            if (res->st_peak[w * S + s2].mean > 0) {
                checked++;
                /* and the CI's lower end */
                kikan_report_format_number(res->st_peak[w * S + s2].ci_lo, fp, sizeof(fp));
                /* "(1.31 – 2.2 million)": the scale word once when both ends share it */
                const char *sp = strchr(fp, ' ');
                snprintf(cell, sizeof(cell), "(%.*s", sp ? (int)(sp - fp) : (int)strlen(fp), fp);
                const char *c3 = strstr(r0, cell);
                CU_ASSERT(c3 != NULL && c3 < r1);
            }
        }
    }
    CU_ASSERT(checked >= 6); /* tiny's vendor and contractor what-ifs hit every sector */

    /* the scope: the recommended point's share, the small-but-critical operators */
    const kikan_scope_tab_frontier_t *rec = &s->frontier[s->recommended];
    char want[128];
    snprintf(want, sizeof(want), "remove <b>%.1f%%</b>", 100 * rec->share);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
    snprintf(want, sizeof(want), "%d operators</span>", (int)rec->operators);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
    for (int i = 0; i < s->n_small; i++) {
        snprintf(want, sizeof(want), "<b>%s</b>", s->small[i].operator_id);
        CU_ASSERT_PTR_NOT_NULL(strstr(html, want));
    }

    /* no sensitivity analysis in the file: no tornado, no section */
    CU_ASSERT_EQUAL(s->n_sens, 0);
    CU_ASSERT_PTR_NULL(strstr(html, "class=\"tornado\""));
    CU_ASSERT_PTR_NULL(strstr(html, "How the answer depends on the assumptions"));
    CU_ASSERT_PTR_NULL(strstr(html, "What moves it most"));

    /* charts: inline SVG from gnuplot, as many as the data calls for, no prolog */
    const int n_svg = count(html, "<svg");
    CU_ASSERT_EQUAL(n_svg, expected_charts(res, s));
    CU_ASSERT(n_svg >= 5);
    CU_ASSERT_EQUAL(count(html, "</svg>"), n_svg);
    CU_ASSERT_PTR_NULL(strstr(html, "<?xml"));
    CU_ASSERT_PTR_NULL(strstr(html, "<!DOCTYPE svg"));
    CU_ASSERT(count(html, "<path") > 20);
    assert_self_contained(html);

    kikan_scope_result_free(&sr);
    s = NULL;
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    free(html);
}

/* The recommendation under each measure: the file's own scope (weighted) and --scope files of
   the same scenario under people and records, side by side; the verdict names whether they
   agree. A --scope file without a scope analysis is refused. */
static void test_report_measures(void)
{
    char people[700], records[700], html_path[700];
    snprintf(people, sizeof(people), "%s.people.h5", scope_h5);
    snprintf(records, sizeof(records), "%s.records.h5", scope_h5);
    snprintf(html_path, sizeof(html_path), "%s.measures.html", scope_h5);
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "scope '%s' -o '%s' --quiet --replicates 8", scen, scope_h5),
                          0);
    CU_ASSERT_EQUAL_FATAL(
        cli(NULL, "scope '%s' -o '%s' --quiet --replicates 8 --measure people", scen, people), 0);
    CU_ASSERT_EQUAL_FATAL(
        cli(NULL, "scope '%s' -o '%s' --quiet --replicates 8 --measure records", scen, records), 0);
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "report '%s' -o '%s' --scope '%s' --scope '%s' --quiet",
                              scope_h5, html_path, people, records),
                          0);
    char *html = kikan_test_slurp(html_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    const char *sec = strstr(html, "<h2>The recommendation under each measure</h2>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "<th>weighted<br>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "<th>people<br>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "<th>records<br>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "life-weighted person-hours"));
    CU_ASSERT(strstr(sec, "<b>The measures agree</b>") != NULL ||
              strstr(sec, "<b>The measures disagree</b>") != NULL);
    /* size metrics carry their currency: tiny's banking criterion is deposits in yen */
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "banking deposits (¥)"));
    const char *dep = strstr(sec, "deposits_jpy"), *end = strstr(sec, "</table>");
    CU_ASSERT(end != NULL && (dep == NULL || dep > end)); /* the raw name not in the table */
    free(html);
    /* a results file without scope as --scope: refused, exit 2 */
    CU_ASSERT_EQUAL(
        cli(NULL, "report '%s' -o '%s' --scope '%s' --quiet", scope_h5, html_path, run_h5), 2);
    /* a scope of another scenario (plain tiny): refused, exit 2, naming both scenarios */
    char other[700], *out = NULL, *err = NULL, args[2400];
    snprintf(other, sizeof(other), "%s.tiny.h5", scope_h5);
    CU_ASSERT_EQUAL_FATAL(cli(NULL,
                              "scope '%s/scenarios/library/tiny.yaml' -o '%s' --quiet "
                              "--replicates 4 --stability 0",
                              KIKAN_SOURCE_DIR, other),
                          0);
    snprintf(args, sizeof(args), "report '%s' -o '%s' --scope '%s' --quiet", scope_h5, html_path,
             other);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 2);
    CU_ASSERT(err != NULL && strstr(err, "is of scenario 'tiny', not of 'tiny <script>") != NULL);
    free(out);
    free(err);
}

static void test_report_without_scope(void)
{
    char out[700];
    snprintf(out, sizeof(out), "%s/plain.html", dir);
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "run '%s' -o '%s' --replicates 6 --quiet", scen, run_h5), 0);
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "report '%s' -o '%s' --quiet", run_h5, out), 0);
    char *html = kikan_test_slurp(out);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, run_h5, &res) == KIKAN_OK);
    CU_ASSERT_EQUAL(count(html, "<svg"), expected_charts(res, NULL));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Not in this file"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<dd>6 per what-if</dd>"));
    assert_self_contained(html);
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
    free(html);

    /* the default output name: RESULTS.h5 -> RESULTS.html */
    char def[700];
    snprintf(def, sizeof(def), "%s/run.html", dir);
    CU_ASSERT_EQUAL(cli(NULL, "report '%s' --quiet", run_h5), 0);
    CU_ASSERT(file_size(def) > 1000);
}

static void test_report_bad_input(void)
{
    char *err = NULL, path[700], old[700];
    /* not HDF5 */
    CU_ASSERT_EQUAL(cli(&err, "report '%s' -o '%s/x.html'", scen, dir), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "not an HDF5 file"));
    free(err);
    /* HDF5 but not kikan's */
    snprintf(path, sizeof(path), "%s/foreign.h5", dir);
    hid_t f = H5Fcreate(path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    H5Fclose(f);
    CU_ASSERT_EQUAL(cli(&err, "report '%s' -o '%s/x.html'", path, dir), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "not a kikan results file"));
    free(err);
    /* missing file, no file, unknown option, two files; --help */
    CU_ASSERT_EQUAL(cli(&err, "report '%s/none.h5' -o '%s/x.html'", dir, dir), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "no such file"));
    free(err);
    CU_ASSERT_EQUAL(cli(NULL, "report"), 2);
    CU_ASSERT_EQUAL(cli(NULL, "report '%s' --bogus", run_h5), 2);
    CU_ASSERT_EQUAL(cli(NULL, "report '%s' '%s'", run_h5, run_h5), 2);
    CU_ASSERT_EQUAL(cli(NULL, "report '%s' -o", run_h5), 2);
    char *so = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli("report --help", &so, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(so && strstr(so, "usage: kikan report"));
    free(so);
    snprintf(old, sizeof(old), "%s/x.html", dir);
    CU_ASSERT_EQUAL(file_size(old), -1); /* none of these wrote anything */

    /* no gnuplot: runtime failure naming the package; an older report stays as it was */
    CU_ASSERT_FATAL(kikan_test_write(old, "OLD REPORT"));
    CU_ASSERT_EQUAL(cli(&err, "report '%s' -o '%s' --gnuplot /nonexistent/gnuplot", run_h5, old),
                    1);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "gnuplot-nox"));
    free(err);
    char *text = kikan_test_slurp(old);
    CU_ASSERT(text != NULL && strcmp(text, "OLD REPORT") == 0);
    free(text);
    /* and no temporary file left beside it */
    char cmd[800];
    snprintf(cmd, sizeof(cmd), "ls '%s' | grep -q 'tmp'", dir);
    CU_ASSERT_NOT_EQUAL(system(cmd), 0);
    /* an output directory that does not exist */
    CU_ASSERT_EQUAL(cli(&err, "report '%s' -o '%s/no/such/dir.html'", run_h5, dir), 2);
    CU_ASSERT_PTR_NOT_NULL(err && strstr(err, "does not exist"));
    free(err);
}

/* ---- the sensitivity analysis in HDF5 and in the report ---------------------------------------
 */

/*
 * kikan_scope_sensitivity attached to a scope result is written to /scope/sensitivity and read
 * back bit for bit (every input's name, unit, range, ends, shares and their intervals, Morris
 * figures, and the thresholds at each end); a file without it reads with n_sens = 0; a
 * most_influential that is not a row of the inputs is a format error naming the group.
 */
static void test_sensitivity_roundtrip(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *w = NULL;
    kikan_model_t *m = NULL;
    kikan_scope_result_t *r = NULL;
    kikan_results_t *res = NULL;
    kikan_scope_result_t *sr = NULL;
    const kikan_scope_tables_t *s = NULL;
    char with[700], without[700];
    snprintf(with, sizeof(with), "%s/sens.h5", dir);
    snprintf(without, sizeof(without), "%s/nosens.h5", dir);
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(ctx, 1);
    CU_ASSERT_FATAL(kikan_scenario_load(ctx, scen, &sc, &w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(ctx, w, sc, &m) == KIKAN_OK);
    kikan_scope_options_t opt;
    kikan_scope_options_default(&opt);
    opt.replicates = 6;
    CU_ASSERT_FATAL(kikan_scope_run(ctx, m, sc, &opt, &r) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_results_new(m, sc, 3, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_ensemble_run(ctx, m, NULL, 0, 3, res) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_results_summarize(res) == KIKAN_OK);

    /* without: the file reads, no sensitivity */
    CU_ASSERT_FATAL(kikan_h5_write_scope(ctx, without, r, res, w, sc) == KIKAN_OK);
    CU_ASSERT_FATAL(read_back(ctx, without, &sr, &s) == KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(s->n_sens, 0);
    CU_ASSERT_PTR_NULL(s->sens);
    CU_ASSERT_PTR_NULL(s->sens_thr);
    kikan_scope_result_free(&sr);
    s = NULL;

    /* with: every figure back as computed */
    kikan_scope_options_t so = opt;
    so.replicates = 8;
    CU_ASSERT_FATAL(kikan_scope_sensitivity(ctx, w, sc, &so, 1, &r->sens) == KIKAN_OK);
    const kikan_scope_sens_t *x = r->sens;
    CU_ASSERT_FATAL(kikan_h5_write_scope(ctx, with, r, res, w, sc) == KIKAN_OK);
    CU_ASSERT_FATAL(read_back(ctx, with, &sr, &s) == KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL_FATAL(s->n_sens, x->n_inputs);
    CU_ASSERT_EQUAL(s->n_sens, KIKAN_SCOPE_SENS_INPUTS + sc->n_whatifs);
    CU_ASSERT_EQUAL_FATAL(s->n_sens_criteria, r->n_criteria);
    CU_ASSERT_EQUAL(s->sens_replicates, 8);
    CU_ASSERT_EQUAL(s->sens_trajectories, 1);
    CU_ASSERT_EQUAL(s->sens_runs, x->runs);
    CU_ASSERT_EQUAL(s->sens_most, x->most);
    CU_ASSERT(s->sens_share_base == x->share_base);
    CU_ASSERT(s->sens_share_base_ci_half == x->share_base_ci);
    CU_ASSERT(isfinite(x->share_base_ci)); /* eight replicates: an interval */
    /* NaN (Morris of a what-if weight) reads back as NaN: compare the bits */
#define SAME(a, b) (memcmp(&(a), &(b), sizeof(double)) == 0)
    for (int i = 0; i < x->n_inputs; i++) {
        const kikan_scope_sens_input_t *a = &x->in[i];
        const kikan_scope_tab_sens_input_t *b = &s->sens[i];
        CU_ASSERT_STRING_EQUAL(b->input, a->name);
        CU_ASSERT_STRING_EQUAL(b->unit, a->unit);
        CU_ASSERT_STRING_EQUAL(b->range, a->range);
        CU_ASSERT(SAME(b->low, a->lo) && SAME(b->high, a->hi) && SAME(b->base, a->base));
        CU_ASSERT(SAME(b->share_low, a->share_lo) && SAME(b->share_high, a->share_hi));
        CU_ASSERT(SAME(b->share_low_ci_half, a->share_lo_ci));
        CU_ASSERT(SAME(b->share_high_ci_half, a->share_hi_ci));
        CU_ASSERT_EQUAL(b->thresholds_changed, a->thr_changed);
        CU_ASSERT(SAME(b->morris_mu, a->mu) && SAME(b->morris_mu_star, a->mu_star));
        CU_ASSERT(SAME(b->morris_sigma, a->sigma));
        for (int c = 0; c < r->n_criteria; c++) {
            const kikan_scope_tab_sens_thr_t *t = &s->sens_thr[i * r->n_criteria + c];
            CU_ASSERT_EQUAL(t->input, i);
            CU_ASSERT_EQUAL(t->criterion, c);
            CU_ASSERT_STRING_EQUAL(t->sector, s->criteria[c].sector);
            CU_ASSERT_STRING_EQUAL(t->metric, s->criteria[c].metric);
            CU_ASSERT(SAME(t->base, x->thr_base[c]));
            CU_ASSERT(SAME(t->low, a->thr_lo[c]) && SAME(t->high, a->thr_hi[c]));
        }
    }
#undef SAME
    CU_ASSERT_STRING_EQUAL(s->sens[0].input, "screening_effectiveness");
    CU_ASSERT_STRING_EQUAL(s->sens[0].unit, "1 (share of implants found)");
    CU_ASSERT_STRING_EQUAL(s->sens[1].unit, "x (factor on every implant probability)");
    CU_ASSERT(isnan(s->sens[KIKAN_SCOPE_SENS_INPUTS].morris_mu_star));
    kikan_scope_result_free(&sr);
    s = NULL;

    /* no input moves the answer (every swing 0, no threshold moved): most_influential -1 and
       "" written, read back as -1, and the report says so instead of naming input 0 */
    char still[700], still_html[700];
    snprintf(still, sizeof(still), "%s/sens_still.h5", dir);
    snprintf(still_html, sizeof(still_html), "%s/sens_still.html", dir);
    for (int i = 0; i < r->sens->n_inputs; i++) {
        kikan_scope_sens_input_t *in = &r->sens->in[i];
        in->share_lo = in->share_hi = r->sens->share_base;
        in->thr_changed = 0;
    }
    r->sens->most = kikan_scope_sens_most(r->sens);
    CU_ASSERT_EQUAL(r->sens->most, -1);
    CU_ASSERT_FATAL(kikan_h5_write_scope(ctx, still, r, res, w, sc) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(read_back(ctx, still, &sr, &s), KIKAN_OK);
    CU_ASSERT_FATAL(s != NULL);
    CU_ASSERT_EQUAL(s->sens_most, -1);
    CU_ASSERT_EQUAL(s->n_sens, x->n_inputs);
    kikan_scope_result_free(&sr);
    s = NULL;
    CU_ASSERT_EQUAL(cli(NULL, "report '%s' -o '%s' --quiet", still, still_html), 0);
    char *html = kikan_test_slurp(still_html);
    CU_ASSERT(html != NULL && strstr(html, "<p><b>No input moves the answer</b>: over every "
                                           "input's range the recommended thresholds and the "
                                           "share removed stay as at base.</p>") != NULL);
    CU_ASSERT(html != NULL && strstr(html, "The input that moves the answer most") == NULL);
    CU_ASSERT(html != NULL &&
              strstr(html, "<h3>How the answer depends on the assumptions</h3>") != NULL);
    free(html);

    /* a most_influential outside the inputs: a format error naming the group */
    hid_t f = H5Fopen(with, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hid_t g = H5Gopen2(f, "scope/sensitivity", H5P_DEFAULT);
    hid_t a = H5Aopen(g, "most_influential", H5P_DEFAULT);
    const int64_t bad = 4096;
    CU_ASSERT(H5Awrite(a, H5T_NATIVE_INT64, &bad) >= 0);
    H5Aclose(a);
    /* and an attribute missing: named with its group */
    CU_ASSERT(H5Adelete(g, "runs") >= 0);
    H5Gclose(g);
    H5Fclose(f);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(read_back(ctx, with, &sr, &s), KIKAN_EFORMAT);
    CU_ASSERT_PTR_NULL(sr);
    CU_ASSERT(kikan_diag_count(ctx) > 0);
    f = H5Fopen(with, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    g = H5Gopen2(f, "scope/sensitivity", H5P_DEFAULT);
    hid_t sp = H5Screate(H5S_SCALAR);
    a = H5Acreate2(g, "runs", H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    const int64_t runs = 3;
    H5Awrite(a, H5T_NATIVE_INT64, &runs);
    H5Aclose(a);
    H5Sclose(sp);
    H5Gclose(g);
    H5Fclose(f);
    kikan_diag_clear(ctx);
    CU_ASSERT_EQUAL(read_back(ctx, with, &sr, &s), KIKAN_EFORMAT);
    CU_ASSERT_PTR_NULL(sr);
    CU_ASSERT(kikan_diag_count(ctx) > 0);

    kikan_results_free(&res);
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    kikan_world_free(&w);
    kikan_scenario_free(&sc);
    kikan_ctx_free(&ctx);
}

/* s with HTML's specials escaped, as the report writes them. */
static void html_escaped(const char *s, char *out, size_t n)
{
    size_t k = 0;
    out[0] = '\0';
    for (const char *p = s; *p && k + 8 < n; p++) {
        const char *e = *p == '&'    ? "&amp;"
                        : *p == '<'  ? "&lt;"
                        : *p == '>'  ? "&gt;"
                        : *p == '"'  ? "&quot;"
                        : *p == '\'' ? "&#39;"
                                     : NULL;
        if (e != NULL) {
            k += (size_t)snprintf(out + k, n - k, "%s", e);
        } else {
            out[k++] = *p;
            out[k] = '\0';
        }
    }
}

/*
 * `kikan scope --sensitivity -o`, then `kikan report`: the scope section holds a tornado chart
 * (inline SVG) with one bar per input, in order of the swing of the share removed (largest
 * first, swings from the file), each bar's ends labelled with the input's range, the base
 * marked, and a sentence naming the input that moves the answer most.
 */
static void test_report_sensitivity(void)
{
    char h5[700], html_path[700];
    snprintf(h5, sizeof(h5), "%s/sens_cli.h5", dir);
    snprintf(html_path, sizeof(html_path), "%s/sens.html", dir);
    CU_ASSERT_EQUAL_FATAL(cli(NULL,
                              "scope '%s' -o '%s' --quiet --replicates 8 --sensitivity "
                              "--sens-replicates 8 --trajectories 1",
                              scen, h5),
                          0);
    CU_ASSERT_EQUAL_FATAL(cli(NULL, "report '%s' -o '%s' --quiet", h5, html_path), 0);
    char *html = kikan_test_slurp(html_path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *res = NULL;
    kikan_scope_result_t *sr = NULL;
    const kikan_scope_tables_t *s = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, h5, &res) == KIKAN_OK);
    CU_ASSERT_FATAL(read_back(ctx, h5, &sr, &s) == KIKAN_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_FATAL(s->n_sens == KIKAN_SCOPE_SENS_INPUTS + 3); /* tiny: three what-ifs */
    CU_ASSERT_EQUAL(count(html, "<svg"), expected_charts(res, s));

    const char *sec = strstr(html, "<h3>How the answer depends on the assumptions</h3>");
    CU_ASSERT_PTR_NOT_NULL_FATAL(sec);
    const char *svg = strstr(sec, "<svg");
    const char *end = svg ? strstr(svg, "</svg>") : NULL;
    CU_ASSERT_FATAL(svg != NULL && end != NULL);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "class=\"tornado\""));
    /* a fixed size, the axis in percent with its unit */
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "width=\"760\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, "impact removed at the recommendation (% of the removable "
                                       "impact)"));
    /* the base marked once, with its value */
    char want[400];
    CU_ASSERT_EQUAL(count(svg, "class=\"baseline\"") - count(end, "class=\"baseline\""), 1);
    snprintf(want, sizeof(want), ">base %.1f%%</text>", 100 * s->sens_share_base);
    CU_ASSERT_PTR_NOT_NULL(strstr(svg, want));
    /* one bar per input, each once, in order of swing */
    int seen[64] = {0}, n_bars = 0, prev = -1;
    for (const char *p = svg; (p = strstr(p, "<g class=\"bar\" data-input=\"")) != NULL && p < end;
         p++) {
        const char *name = p + strlen("<g class=\"bar\" data-input=\"");
        int found = -1;
        for (int i = 0; i < s->n_sens; i++) {
            char esc[300];
            html_escaped(s->sens[i].input, esc, sizeof(esc));
            if (strncmp(name, esc, strlen(esc)) == 0 && name[strlen(esc)] == '"') {
                found = i;
            }
        }
        CU_ASSERT_FATAL(found >= 0);
        CU_ASSERT_EQUAL(seen[found], 0);
        seen[found] = 1;
        if (prev >= 0) {
            const double sp = fabs(s->sens[prev].share_high - s->sens[prev].share_low);
            const double sf = fabs(s->sens[found].share_high - s->sens[found].share_low);
            CU_ASSERT(sf <= sp);
        }
        prev = found;
        n_bars++;
        /* its ends labelled with the range's values (x: a factor) */
        const char *gend = strstr(p, "</g>");
        CU_ASSERT_FATAL(gend != NULL);
        const int factor = s->sens[found].unit[0] == 'x';
        char lo[64], hi[64];
        snprintf(lo, sizeof(lo), ">%s%g</text>", factor ? "×" : "", s->sens[found].low);
        snprintf(hi, sizeof(hi), ">%s%g</text>", factor ? "×" : "", s->sens[found].high);
        const char *l = strstr(p, lo), *h = strstr(p, hi);
        CU_ASSERT(l != NULL && l < gend);
        CU_ASSERT(h != NULL && h < gend);
    }
    CU_ASSERT_EQUAL(n_bars, s->n_sens);
    /* the order is a real check: the swings differ (with 4 replicates per setting the
       recommendation is nobody at every setting and every swing 0) */
    int distinct = 0;
    for (int i = 1; i < s->n_sens; i++) {
        distinct += fabs(s->sens[i].share_high - s->sens[i].share_low) !=
                    fabs(s->sens[0].share_high - s->sens[0].share_low);
    }
    CU_ASSERT(distinct > 0);
    /* the what-if named with HTML specials is escaped, never markup */
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "weight of what-if vendor &lt;b&gt;C&lt;/b&gt;"));
    /* the sentence names the input that moves the answer most */
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, "<b>The input that moves the answer most is "));
    const char *most = s->sens[s->sens_most].input;
    if (strncmp(most, "whatif_weight:", 14) == 0) {
        char esc[300];
        html_escaped(most + 14, esc, sizeof(esc));
        snprintf(want, sizeof(want), "most is weight of what-if %s</b>", esc);
    } else {
        snprintf(want, sizeof(want), "most is %s", most);
        for (char *q = want; *q; q++) {
            *q = *q == '_' ? ' ' : *q; /* screening_effectiveness -> screening effectiveness */
        }
    }
    CU_ASSERT_PTR_NOT_NULL(strstr(sec, want));
    /* and the answer at the top of the page says it too, before the glance */
    const char *ans = strstr(html, "<b>What moves it most</b>: ");
    const char *glance = strstr(html, "<h2>At a glance");
    CU_ASSERT(ans != NULL && glance != NULL && ans < glance);
    assert_self_contained(html);
    free(html);

    /* a file whose base share is far outside 0..1 (damaged or hand-edited): the chart's axis
       keeps a handful of grid lines (it drew one per 100% up to the value: 10^5 lines at
       share 1000, and never ended at 10^16, where adding a step no longer moves the value) */
    const double foreign[2] = {1000.0, 1e16};
    for (int k = 0; k < 2; k++) {
        hid_t hf = H5Fopen(h5, H5F_ACC_RDWR, H5P_DEFAULT);
        CU_ASSERT_FATAL(hf >= 0);
        hid_t g = H5Gopen2(hf, "scope/sensitivity", H5P_DEFAULT);
        hid_t a = H5Aopen(g, "share_base", H5P_DEFAULT);
        CU_ASSERT(H5Awrite(a, H5T_NATIVE_DOUBLE, &foreign[k]) >= 0);
        H5Aclose(a);
        H5Gclose(g);
        H5Fclose(hf);
        CU_ASSERT_EQUAL_FATAL(cli(NULL, "report '%s' -o '%s' --quiet", h5, html_path), 0);
        html = kikan_test_slurp(html_path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(html);
        const char *tor = strstr(html, "class=\"tornado\"");
        const char *tend = tor ? strstr(tor, "</svg>") : NULL;
        CU_ASSERT_FATAL(tor != NULL && tend != NULL);
        const int grid = count(tor, "stroke=\"#dddddd\"") - count(tend, "stroke=\"#dddddd\"");
        CU_ASSERT(grid >= 1 && grid <= 12);
        free(html);
    }

    kikan_scope_result_free(&sr);
    s = NULL;
    kikan_results_free(&res);
    kikan_ctx_free(&ctx);
}

/* ---- the library call on hand-made results ------------------------------------------------ */

/*
 * One what-if, one sector, two grid points, three replicates, all values
 * chosen by hand: peak 2385 in every replicate (mean 2,385, CI of width 0),
 * economic loss 1.2e9, 1.5e9, 1.8e9 (mean 1.5 billion; percentile-bootstrap
 * interval: a resample of three is all 1.2e9 with probability 1/27 = 3.7%,
 * more than the 2.5% tail, so the 2.5% quantile of 2000 resample means is
 * 1.2e9 and likewise the 97.5% one 1.8e9 — where the Student-t interval
 * would have said 755 million to 2.25 billion).
 * No provenance strings (NULL): the page must still be written.
 */
static void test_report_handmade(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *r = NULL;
    char path[700];
    snprintf(path, sizeof(path), "%s/hand.html", dir);
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_results_new(1, 1, 2, 3, &r) == KIKAN_OK);
    /* without statistics: refused */
    CU_ASSERT_EQUAL(kikan_report_write(ctx, path, r, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_report_write(ctx, NULL, r, NULL, NULL), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_report_write(ctx, path, NULL, NULL, NULL), KIKAN_EINVAL);
    r->grid[0] = 0;
    r->grid[1] = 24.5;
    const double econ[3] = {1.2e9, 1.5e9, 1.8e9};
    for (int k = 0; k < 3; k++) {
        r->peak_customers[k] = 2385;
        r->customer_hours[k] = 2385 * 24.0;
        r->life_weighted[k] = 2385 * 24.5;
        r->econ_loss[k] = econ[k];
        r->curves[k * 2 + 1] = 2385;
    }
    CU_ASSERT_FATAL(kikan_results_summarize(r) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_report_write(ctx, path, r, NULL, NULL), KIKAN_OK);
    char *html = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>2,385</td>"));      /* no CI when it is a point */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<td>57,240</td>"));     /* 2385 x 24 */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<b>¥1.5 billion</b>")); /* the economic loss, in yen */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "(95% interval ¥1.2 – 1.8 billion)"));
    CU_ASSERT_PTR_NULL(strstr(html, "</b> 1.5 billion")); /* the mean once, not twice */
    CU_ASSERT_PTR_NULL(strstr(html, " JPY"));             /* currency before the number: ¥ */
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "Means over 3 replicates of each what-if, over the "
                                        "24.5-hour horizon"));
    CU_ASSERT_PTR_NULL(strstr(html, "SYNTHETIC"));
    CU_ASSERT_EQUAL(count(html, "<svg"), 2); /* one timeline, the matrix */
    assert_self_contained(html);
    free(html);

    /* nothing lost anywhere: no timeline, the matrix still drawn (all 0%) */
    memset(r->curves, 0, 6 * sizeof(double));
    memset(r->peak_customers, 0, 3 * sizeof(double));
    memset(r->customer_hours, 0, 3 * sizeof(double));
    memset(r->life_weighted, 0, 3 * sizeof(double));
    CU_ASSERT_FATAL(kikan_results_summarize(r) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_report_write(ctx, path, r, NULL, NULL), KIKAN_OK);
    html = kikan_test_slurp(path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "No sector lost service in any replicate."));
    CU_ASSERT_EQUAL(count(html, "<svg"), 1);
    free(html);
    kikan_results_free(&r);
    kikan_ctx_free(&ctx);
}

/* ---- rendering in a browser ------------------------------------------------------------------ */

static void test_render_in_chromium(void)
{
    if (system("command -v chromium >/dev/null 2>&1") != 0) {
        fprintf(stderr, "\n  SKIPPED: chromium is not installed (Debian package chromium); the "
                        "report was not rendered in a browser\n");
        CU_PASS("chromium not installed: rendering check skipped");
        return;
    }
    if (file_size(report) <= 0) {
        CU_FAIL("no report to render (test_scope_then_report failed)");
        return;
    }
    char png[700], dom[700], cmd[4096];
    snprintf(png, sizeof(png), "%s/report.png", dir);
    snprintf(dom, sizeof(dom), "%s/dom.html", dir);
    const char *flags = "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
                        "--disable-background-networking --disable-component-update "
                        "--disable-sync";
    snprintf(cmd, sizeof(cmd),
             "chromium %s --user-data-dir='%s/chr' --screenshot='%s' --window-size=1280,4000 "
             "'file://%s' >/dev/null 2>&1",
             flags, dir, png, report);
    CU_ASSERT_EQUAL(system(cmd), 0);
    /* a 1280 x 4000 PNG (IHDR), far bigger than a blank page's few kilobytes */
    const int size = file_size(png);
    CU_ASSERT(size > 100000);
    FILE *f = fopen(png, "rb");
    unsigned char hdr[24] = {0};
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT(fread(hdr, 1, 24, f) == 24);
    fclose(f);
    CU_ASSERT(memcmp(hdr, "\x89PNG\r\n\x1a\n", 8) == 0);
    const unsigned wpx =
        (unsigned)hdr[16] << 24 | (unsigned)hdr[17] << 16 | (unsigned)hdr[18] << 8 | hdr[19];
    const unsigned hpx =
        (unsigned)hdr[20] << 24 | (unsigned)hdr[21] << 16 | (unsigned)hdr[22] << 8 | hdr[23];
    CU_ASSERT_EQUAL(wpx, 1280);
    CU_ASSERT_EQUAL(hpx, 4000);

    /* the DOM the browser built holds the charts, drawn (paths inside svg) */
    snprintf(cmd, sizeof(cmd),
             "chromium %s --user-data-dir='%s/chr' --dump-dom 'file://%s' >'%s' 2>/dev/null", flags,
             dir, report, dom);
    CU_ASSERT_EQUAL(system(cmd), 0);
    char *d = kikan_test_slurp(dom);
    char *html = kikan_test_slurp(report);
    CU_ASSERT_FATAL(d != NULL && html != NULL);
    CU_ASSERT_EQUAL(count(d, "<svg"), count(html, "<svg"));
    CU_ASSERT(count(d, "<path") > 20);
    CU_ASSERT_PTR_NOT_NULL(strstr(d, "Headline figures per what-if"));
    /* the region map: the first what-if's figure alone on a page, screenshot, and its tiles
       counted in the picture (tests/report/count_tiles.py: squares of the map's fills) */
    const char *main_at = strstr(html, "<main>");
    const char *sec = strstr(html, "<h2>Where people lose service: regions</h2>");
    const char *fig = sec ? strstr(sec, "<figure class=\"map\">") : NULL;
    const char *fend = fig ? strstr(fig, "</figure>") : NULL;
    CU_ASSERT_FATAL(main_at != NULL && fend != NULL);
    char page[700], mpng[700];
    snprintf(page, sizeof(page), "%s/map.html", dir);
    snprintf(mpng, sizeof(mpng), "%s/map.png", dir);
    FILE *mp = fopen(page, "w");
    CU_ASSERT_FATAL(mp != NULL);
    fwrite(html, 1, (size_t)(main_at + 6 - html), mp);
    fwrite(sec, 1, (size_t)(fend + 9 - sec), mp);
    fputs("</main></body></html>\n", mp);
    fclose(mp);
    snprintf(cmd, sizeof(cmd),
             "chromium %s --user-data-dir='%s/chr' --screenshot='%s' --window-size=1280,1000 "
             "'file://%s' >/dev/null 2>&1",
             flags, dir, mpng, page);
    CU_ASSERT_EQUAL(system(cmd), 0);
    if (system("/usr/bin/python3 -c 'import PIL' >/dev/null 2>&1") != 0) {
        fprintf(stderr, "\n  SKIPPED: the map's tiles were not counted in the screenshot (no "
                        "python3-pil)\n");
        free(d);
        free(html);
        return;
    }
    snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/report/count_tiles.py' '%s'",
             KIKAN_SOURCE_DIR, mpng);
    FILE *pp = popen(cmd, "r");
    int tiles = -1;
    CU_ASSERT_FATAL(pp != NULL);
    CU_ASSERT(fscanf(pp, "%d", &tiles) == 1);
    pclose(pp);
    CU_ASSERT_EQUAL(tiles, KIKAN_N_PREFECTURES);
    free(d);
    free(html);
}

/* The one HTML/XML escaper of the report, its SVG charts, the region map and the comparison:
 * the five markup characters as entities, UTF-8 and everything else as it is, NULL as "". */
static void test_html_text(void)
{
    char *buf = NULL;
    size_t n = 0;
    FILE *mf = open_memstream(&buf, &n);
    CU_ASSERT_FATAL(mf != NULL);
    kikan_html_text(mf, "A&B <x> \"q\" it's \xe9\x9b\xbb\xe5\x8a\x9b");
    kikan_html_text(mf, NULL);
    fclose(mf);
    CU_ASSERT_STRING_EQUAL(buf,
                           "A&amp;B &lt;x&gt; &quot;q&quot; it&#39;s \xe9\x9b\xbb\xe5\x8a\x9b");
    free(buf);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("report", setup, teardown);
    CU_add_test(s, "number format", test_number_format);
    CU_add_test(s, "HTML/XML text escaper", test_html_text);
    CU_add_test(s, "scope tables round trip through HDF5", test_scope_roundtrip);
    CU_add_test(s, "kikan scope -o FILE.h5, then kikan report", test_scope_then_report);
    CU_add_test(s, "report of a file without scope", test_report_without_scope);
    CU_add_test(s, "the recommendation under each measure", test_report_measures);
    CU_add_test(s, "sensitivity round trip through HDF5", test_sensitivity_roundtrip);
    CU_add_test(s, "kikan scope --sensitivity -o, then the tornado chart", test_report_sensitivity);
    CU_add_test(s, "bad input and failures", test_report_bad_input);
    CU_add_test(s, "hand-made results, one sector, nothing lost", test_report_handmade);
    CU_add_test(s, "rendered in headless Chromium", test_render_in_chromium);
    return kikan_test_main();
}
