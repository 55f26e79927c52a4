/*
 * kikan compare (output/compare.c): differences of two results files with
 * paired or Welch intervals, checked against hand-computed values; measures
 * found by name (an extra dataset is compared too); what-ifs matched by name;
 * different networks refused; the CLI's text, JSON and CSV, and the report's
 * comparison section.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <hdf5.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

static char *xstrdup(const char *s)
{
    char *c = strdup(s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(c);
    return c;
}

/*
 * Results with W = 2 what-ifs ("w-one", `second`), S = 2 sectors, R
 * replicates: customer_hours[w, r, 0] = base[r] (+ 1000 w), sector 1 twice
 * that; other measures simple functions of r.
 */
static kikan_results_t *make(const char *second, int64_t R, uint64_t seed, const double *base)
{
    kikan_results_t *r = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_results_new(2, 2, 3, R, &r), KIKAN_OK);
    r->kikan_version = xstrdup("0.1.0-test");
    r->scenario_name = xstrdup("cmp");
    r->scenario_path = xstrdup("cmp.yaml");
    r->scenario_text = xstrdup("name: cmp\n");
    r->host = xstrdup("h");
    r->started = xstrdup("2026-12-03T10:00:00Z");
    r->finished = xstrdup("2026-12-03T10:00:01Z");
    r->tables_checksum = xstrdup("");
    r->seed = seed;
    r->threads = r->processes = 1;
    r->whatif_names[0] = xstrdup("w-one");
    r->whatif_names[1] = xstrdup(second);
    r->sector_ids[0] = xstrdup("power");
    r->sector_ids[1] = xstrdup("telecom");
    r->sector_units[0] = xstrdup("households");
    r->sector_units[1] = xstrdup("subscribers");
    for (int g = 0; g < 3; g++) {
        r->grid[g] = g;
    }
    for (int w = 0; w < 2; w++) {
        for (int64_t k = 0; k < R; k++) {
            const int64_t wr = w * R + k;
            r->econ_loss[wr] = NAN; /* economics off: not compared */
            r->implants[wr] = (double)(k % 2);
            for (int s = 0; s < 2; s++) {
                r->customer_hours[wr * 2 + s] = (base[k] + 1000.0 * w) * (s + 1);
                r->peak_customers[wr * 2 + s] = 10.0 * (double)(k + 1);
                r->life_weighted[wr * 2 + s] = 2.0 * base[k];
            }
        }
    }
    CU_ASSERT_EQUAL_FATAL(kikan_results_summarize(r), KIKAN_OK);
    return r;
}

static char *tmp;

static char *write_results(const char *name, kikan_results_t *r)
{
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    char *path = malloc(strlen(tmp) + strlen(name) + 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(path);
    sprintf(path, "%s/%s", tmp, name);
    CU_ASSERT_EQUAL_FATAL(kikan_h5_write(ctx, path, r, NULL, NULL), KIKAN_OK);
    kikan_ctx_free(&ctx);
    kikan_results_free(&r);
    return path;
}

static const kikan_compare_row_t *find(const kikan_compare_t *c, const char *w, const char *s,
                                       const char *m)
{
    for (int i = 0; i < kikan_compare_n_rows(c); i++) {
        const kikan_compare_row_t *r = kikan_compare_row(c, i);
        if (strcmp(r->whatif, w) == 0 && strcmp(r->sector, s) == 0 && strcmp(r->measure, m) == 0) {
            return r;
        }
    }
    return NULL;
}

/* Add a float dataset /replicates/NAME [2, R, 2] = value, as a later kikan might. */
static void add_measure(const char *path, const char *name, int64_t R, double value)
{
    hid_t f = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    CU_ASSERT_FATAL(f >= 0);
    hsize_t dims[3] = {2, (hsize_t)R, 2};
    hid_t sp = H5Screate_simple(3, dims, NULL);
    char full[128];
    snprintf(full, sizeof(full), "/replicates/%s", name);
    hid_t d = H5Dcreate2(f, full, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    CU_ASSERT_FATAL(d >= 0);
    double *v = malloc((size_t)(4 * R) * sizeof(*v));
    for (int64_t i = 0; i < 4 * R; i++) {
        v[i] = value;
    }
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
    free(v);
    H5Dclose(d);
    H5Sclose(sp);
    H5Fclose(f);
}

/*
 * Same seed and replicate count: paired. A's customer_hours per replicate
 * {10, 20, 30, 40}, B's {11, 22, 33, 46}: differences {1, 2, 3, 6}, mean 3,
 * sd sqrt(14/3), se sd/2, t(0.975, 3) = 3.182446 (tables), so the interval is
 * 3 +- 3.437..; a 90% or 99% level would give 2.54 or 6.31 - the test pins
 * the 95% level. Tolerance 1e-9 relative: the values are exact in binary.
 */
static void test_paired(void)
{
    const double a[] = {10, 20, 30, 40}, b[] = {11, 22, 33, 46};
    char *pa = write_results("a.h5", make("w-two", 4, 2385, a));
    char *pb = write_results("b.h5", make("w-two", 4, 2385, b));
    add_measure(pa, "future_measure", 4, 5.0);
    add_measure(pb, "future_measure", 4, 7.25);
    kikan_ctx_t *ctx = NULL;
    kikan_compare_t *c = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_compare_files(ctx, pa, pb, &c), KIKAN_OK);
    const kikan_compare_row_t *r = find(c, "w-one", "power", "customer_hours");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT(r->paired);
    CU_ASSERT_DOUBLE_EQUAL(r->mean_a, 25.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->mean_b, 28.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(r->diff, 3.0, 1e-12);
    const double half = 3.182446305284263 * sqrt(14.0 / 3.0) / 2.0;
    CU_ASSERT_DOUBLE_EQUAL(r->ci_lo, 3.0 - half, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->ci_hi, 3.0 + half, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(r->rel, 3.0 / 25.0, 1e-12);
    CU_ASSERT_STRING_EQUAL(r->units, "customer-hours");
    /* sector 1 is twice sector 0: twice the difference and interval */
    r = find(c, "w-one", "telecom", "customer_hours");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_DOUBLE_EQUAL(r->ci_hi, 2.0 * (3.0 + half), 1e-9);
    /* identical replicates: a zero-width interval, not NaN */
    r = find(c, "w-two", "power", "peak_customers");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_EQUAL(r->diff, 0.0);
    CU_ASSERT_EQUAL(r->ci_lo, 0.0);
    CU_ASSERT_EQUAL(r->ci_hi, 0.0);
    /* what-if-wide measures: implants yes, econ_loss (NaN: off) no */
    CU_ASSERT_PTR_NOT_NULL(find(c, "w-one", "", "implants"));
    CU_ASSERT_PTR_NULL(find(c, "w-one", "", "econ_loss"));
    /* a measure found by name, not by a list */
    r = find(c, "w-two", "telecom", "future_measure");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_DOUBLE_EQUAL(r->diff, 2.25, 1e-12);
    /* 2 what-ifs x (6 measures x 2 sectors: customer_hours, peak_customers, person_hours,
       peak_people, weighted_person_hours, future_measure; + implants and records_exposed) */
    CU_ASSERT_EQUAL(kikan_compare_n_rows(c), 2 * (6 * 2 + 2));
    kikan_compare_free(&c);
    CU_ASSERT_PTR_NULL(c);

    /* the command line: text, JSON, CSV (no comment line), and the report section */
    char args[2000], *out = NULL, *err = NULL;
    snprintf(args, sizeof(args), "compare '%s' '%s'", pa, pb);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "paired: same seed and replicate count"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "what-if w-one"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "customer_hours"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "[-0.44, +6.4]")); /* 3 -+ 3.437, as the report rounds */
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "+12.0%"));
    /* w-two's power peak_customers: no change, printed 0.0%, not +0.0% */
    const char *two = strstr(out, "what-if w-two"),
               *line = two ? strstr(two, "\n  peak_customers") : NULL;
    CU_ASSERT_PTR_NOT_NULL_FATAL(line);
    const char *eol = strchr(line + 1, '\n');
    char row[400];
    snprintf(row, sizeof(row), "%.*s", eol ? (int)(eol - line) : 300, line);
    CU_ASSERT_PTR_NOT_NULL(strstr(row, "power"));
    CU_ASSERT_PTR_NOT_NULL(strstr(row, " 0.0%"));
    CU_ASSERT_PTR_NULL(strstr(row, "+0.0%"));
    CU_ASSERT_PTR_NULL(strstr(row, "-0.0%"));
    free(out);
    free(err);
    snprintf(args, sizeof(args), "compare '%s' '%s' --json", pa, pb);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"paired\": true"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "\"measure\": \"person_hours\""));
    free(out);
    free(err);
    snprintf(args, sizeof(args), "compare '%s' '%s' -o '%s/d.csv'", pa, pb, tmp);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    free(out);
    free(err);
    snprintf(args, sizeof(args), "%s/d.csv", tmp);
    char *csv = kikan_test_slurp(args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    CU_ASSERT_EQUAL(strncmp(csv, "whatif,sector,measure,units,mean_a,mean_b,difference,", 53), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(csv, "\nw-one,power,customer_hours,customer-hours,25,28,3,"));
    free(csv);
    unlink(args);
    snprintf(args, sizeof(args), "compare '%s' '%s' -o '%s/d.xlsx'", pa, pb, tmp);
    CU_ASSERT_EQUAL(kikan_test_cli(args, NULL, NULL), 2);
    snprintf(args, sizeof(args), "report '%s' --compare '%s' -o '%s/r.html' --quiet", pa, pb, tmp);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, &err), 0);
    free(out);
    free(err);
    snprintf(args, sizeof(args), "%s/r.html", tmp);
    char *html = kikan_test_slurp(args);
    CU_ASSERT_PTR_NOT_NULL_FATAL(html);
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "<h2>Compared with another run</h2>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(html, "person_hours"));
    free(html);
    unlink(args);
    unlink(pa);
    unlink(pb);
    free(pa);
    free(pb);
    kikan_ctx_free(&ctx);
}

/*
 * Another seed: unpaired, Welch. A {10, 20, 30, 40} (mean 25, var 500/3),
 * B {12, 18, 50} (mean 80/3, var 1252/3): se^2 = 125/3 + 1252/9, df by
 * Welch-Satterthwaite = 3.18690; t(0.975, 3.18690) = 3.07942 (by numerical
 * integration of Student's density, independent of GSL). Tolerance 1e-4
 * relative: the quantile is given to 6 digits. What-ifs only in one file are
 * named and left out.
 */
static void test_welch(void)
{
    const double a[] = {10, 20, 30, 40}, b[] = {12, 18, 50};
    char *pa = write_results("a.h5", make("w-two", 4, 1, a));
    char *pb = write_results("b.h5", make("w-three", 3, 2, b));
    kikan_ctx_t *ctx = NULL;
    kikan_compare_t *c = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_compare_files(ctx, pa, pb, &c), KIKAN_OK);
    const kikan_compare_row_t *r = find(c, "w-one", "power", "customer_hours");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_FALSE(r->paired);
    CU_ASSERT_DOUBLE_EQUAL(r->diff, 80.0 / 3.0 - 25.0, 1e-12);
    const double ea = 500.0 / 3.0 / 4.0, eb = 1252.0 / 3.0 / 3.0;
    const double df = (ea + eb) * (ea + eb) / (ea * ea / 3.0 + eb * eb / 2.0);
    CU_ASSERT_DOUBLE_EQUAL(df, 3.18690459, 1e-8);
    const double half = 3.0794202 * sqrt(ea + eb);
    CU_ASSERT_DOUBLE_EQUAL(r->ci_hi - r->diff, half, 1e-4 * half);
    CU_ASSERT_DOUBLE_EQUAL(r->diff - r->ci_lo, half, 1e-4 * half);
    CU_ASSERT_PTR_NULL(find(c, "w-two", "power", "customer_hours"));
    kikan_compare_free(&c);
    char args[2000], *out = NULL;
    snprintf(args, sizeof(args), "compare '%s' '%s'", pa, pb);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &out, NULL), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "unpaired"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "what-if only in A (not compared): w-two"));
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "what-if only in B (not compared): w-three"));
    free(out);
    unlink(pa);
    unlink(pb);
    free(pa);
    free(pb);
    kikan_ctx_free(&ctx);
}

/* Different networks, or nothing in common: exit 2 with the reason. */
static void test_refused(void)
{
    const double a[] = {1, 2, 3};
    kikan_results_t *rb = make("w-two", 3, 1, a);
    free(rb->sector_ids[1]);
    rb->sector_ids[1] = xstrdup("rail");
    char *pa = write_results("a.h5", make("w-two", 3, 1, a));
    char *pb = write_results("b.h5", rb);
    char args[2000], *err = NULL;
    snprintf(args, sizeof(args), "compare '%s' '%s'", pa, pb);
    CU_ASSERT_EQUAL(kikan_test_cli(args, NULL, &err), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(err, "not results of the same network: their sectors differ"));
    free(err);
    snprintf(args, sizeof(args), "compare '%s' /nonexistent.h5", pa);
    CU_ASSERT_NOT_EQUAL(kikan_test_cli(args, NULL, NULL), 0);
    CU_ASSERT_EQUAL(kikan_test_cli("compare only-one.h5", NULL, NULL), 2);
    unlink(pa);
    unlink(pb);
    free(pa);
    free(pb);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    tmp = kikan_test_tmpdir();
    CU_pSuite s = CU_add_suite("compare", NULL, NULL);
    CU_add_test(s, "paired interval, measures by name, CLI and report", test_paired);
    CU_add_test(s, "Welch interval, what-ifs by name", test_welch);
    CU_add_test(s, "different networks refused", test_refused);
    int rc = kikan_test_main();
    rmdir(tmp);
    free(tmp);
    return rc;
}
