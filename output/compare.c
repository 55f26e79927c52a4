/*
 * Comparing two results files (kikan_compare_files, include/kikan/output.h):
 * "what changes if effectiveness is 0.6?" as differences with intervals.
 *
 * DESIGN: the measures are found by name and shape, not by a list: every
 * numeric dataset of /replicates shaped whatif x replicate x sector (or
 * whatif x replicate) that both files hold is compared, so a measure a later
 * kikan adds (people, person-hours...) is compared without touching this
 * file. What-ifs are matched by name and sectors by id, so two runs with
 * what-ifs added, removed or reordered still compare on what they share.
 * The interval is paired when the runs share seed and replicate count:
 * replicate r of either run then drew from the same generator (seeded by
 * (seed, r)), the per-replicate differences cancel the common noise, and
 * their Student t interval is the right one. Otherwise the runs are
 * independent samples and Welch's interval (unequal variances) applies.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>
#include <hdf5.h>
#include "kikan/text.h"
#include "kikan/version.h"
#include "output/h5_internal.h"
#include "models/results_impl.h"

/* Coverage of the intervals; pinned by tests/test_compare.c. */
#define CI_LEVEL 0.95

typedef struct {
    const char *path;
    kikan_results_t *res;
    hid_t f;
} side_t;

struct kikan_compare {
    side_t a, b;
    int paired;
    kikan_compare_row_t *rows;
    int n_rows, cap_rows;
    char **strs; /* owned strings the rows point to (measure names, units) */
    int n_strs, cap_strs;
    char **only_a, **only_b; /* what-ifs only in A / only in B (point into res names) */
    int n_only_a, n_only_b;
    char **meas_only; /* measures only in one file ("name (A)") */
    int n_meas_only;
};

/* ---- small helpers ------------------------------------------------------------------------ */

static int find_name(char *const *names, int n, const char *s)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i], s) == 0) {
            return i;
        }
    }
    return -1;
}

static kikan_error_t keep_str(kikan_compare_t *c, const char *s, const char **out)
{
    if (c->n_strs == c->cap_strs) {
        int cap = c->cap_strs ? 2 * c->cap_strs : 16;
        char **v = realloc(c->strs, (size_t)cap * sizeof(*v));
        if (v == NULL) {
            return KIKAN_ENOMEM;
        }
        c->strs = v;
        c->cap_strs = cap;
    }
    char *d = strdup(s);
    if (d == NULL) {
        return KIKAN_ENOMEM;
    }
    c->strs[c->n_strs++] = d;
    *out = d;
    return KIKAN_OK;
}

static kikan_error_t push_row(kikan_compare_t *c, const kikan_compare_row_t *row)
{
    if (c->n_rows == c->cap_rows) {
        int cap = c->cap_rows ? 2 * c->cap_rows : 64;
        kikan_compare_row_t *v = realloc(c->rows, (size_t)cap * sizeof(*v));
        if (v == NULL) {
            return KIKAN_ENOMEM;
        }
        c->rows = v;
        c->cap_rows = cap;
    }
    c->rows[c->n_rows++] = *row;
    return KIKAN_OK;
}

/* Mean and variance (n - 1) of x[0..n) at stride; NaN variance for n < 2. */
static void mean_var(const double *x, int64_t n, int64_t stride, double *mean, double *var)
{
    double m = 0.0;
    for (int64_t i = 0; i < n; i++) {
        m += (x[i * stride] - m) / (double)(i + 1); /* running mean: no overflow */
    }
    double ss = 0.0;
    for (int64_t i = 0; i < n; i++) {
        const double d = x[i * stride] - m;
        ss += d * d;
    }
    *mean = m;
    *var = n > 1 ? ss / (double)(n - 1) : NAN;
}

/* ---- the measures of a file ---------------------------------------------------------------- */

typedef struct {
    char **names;
    int n, cap;
} names_t;

static herr_t collect(hid_t g, const char *name, const H5L_info_t *info, void *arg)
{
    (void)g;
    (void)info;
    names_t *nm = arg;
    if (nm->n == nm->cap) {
        int cap = nm->cap ? 2 * nm->cap : 16;
        char **v = realloc(nm->names, (size_t)cap * sizeof(*v));
        if (v == NULL) {
            return -1;
        }
        nm->names = v;
        nm->cap = cap;
    }
    if ((nm->names[nm->n] = strdup(name)) == NULL) {
        return -1;
    }
    nm->n++;
    return 0;
}

static void names_free(names_t *nm)
{
    for (int i = 0; i < nm->n; i++) {
        free(nm->names[i]);
    }
    free(nm->names);
    nm->names = NULL;
    nm->n = nm->cap = 0;
}

/*
 * Open /replicates/NAME of side s when it is a per-replicate measure: a numeric
 * dataset shaped [W, R, S] (*per_sector = 1) or [W, R] (0). Returns the
 * dataset (close it) or -1 when it is not a measure.
 */
static hid_t open_measure(const side_t *s, const char *name, int *per_sector)
{
    char path[300];
    snprintf(path, sizeof(path), "/replicates/%s", name);
    H5O_info_t info;
    if (H5Oget_info_by_name(s->f, path, &info, H5P_DEFAULT) < 0 || info.type != H5O_TYPE_DATASET) {
        return -1;
    }
    hid_t d = H5Dopen2(s->f, path, H5P_DEFAULT);
    hid_t t = d >= 0 ? H5Dget_type(d) : -1, sp = d >= 0 ? H5Dget_space(d) : -1;
    const H5T_class_t cls = t >= 0 ? H5Tget_class(t) : H5T_NO_CLASS;
    int ok = sp >= 0 && (cls == H5T_FLOAT || cls == H5T_INTEGER); /* counts are measures too */
    hsize_t dims[3] = {0, 0, 0};
    const int rank = ok ? H5Sget_simple_extent_ndims(sp) : -1;
    ok = ok && (rank == 2 || rank == 3) && H5Sget_simple_extent_dims(sp, dims, NULL) == rank;
    ok = ok && dims[0] == (hsize_t)s->res->n_whatifs && dims[1] == (hsize_t)s->res->n_replicates;
    ok = ok && (rank == 2 || dims[2] == (hsize_t)s->res->n_sectors);
    if (t >= 0) {
        H5Tclose(t);
    }
    if (sp >= 0) {
        H5Sclose(sp);
    }
    if (!ok) {
        if (d >= 0) {
            H5Dclose(d);
        }
        return -1;
    }
    *per_sector = rank == 3;
    return d;
}

/* Read a whole measure dataset as doubles (malloc'd). */
static kikan_error_t read_measure(const side_t *s, hid_t d, int per_sector, double **out)
{
    const size_t n = (size_t)s->res->n_whatifs * (size_t)s->res->n_replicates *
                     (size_t)(per_sector ? s->res->n_sectors : 1);
    double *v = malloc((n > 0 ? n : 1) * sizeof(*v));
    if (v == NULL) {
        return KIKAN_ENOMEM;
    }
    if (H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v) < 0) {
        free(v);
        return KIKAN_EFORMAT;
    }
    *out = v;
    return KIKAN_OK;
}

/* ---- building the comparison ---------------------------------------------------------------- */

/* Number of rows of /network/NAME, or -1 when the file has none. */
static int64_t network_rows(hid_t f, const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "/network/%s", name);
    if (H5Lexists(f, "/network", H5P_DEFAULT) <= 0 || H5Lexists(f, path, H5P_DEFAULT) <= 0) {
        return -1;
    }
    hid_t d = H5Dopen2(f, path, H5P_DEFAULT);
    hid_t sp = d >= 0 ? H5Dget_space(d) : -1;
    int64_t n = sp >= 0 ? (int64_t)H5Sget_simple_extent_npoints(sp) : -1;
    if (sp >= 0) {
        H5Sclose(sp);
    }
    if (d >= 0) {
        H5Dclose(d);
    }
    return n;
}

/* The same network: the same sector ids, network table sizes and tables checksum. */
static kikan_error_t same_network(kikan_ctx_t *ctx, const kikan_compare_t *c)
{
    const kikan_results_t *a = c->a.res, *b = c->b.res;
    int same = a->n_sectors == b->n_sectors;
    for (int s = 0; same && s < a->n_sectors; s++) {
        same = find_name(b->sector_ids, b->n_sectors, a->sector_ids[s]) >= 0;
    }
    if (!same) {
        kikan_diag_add(ctx, "%s and %s are not results of the same network: their sectors differ",
                       c->a.path, c->b.path);
        return KIKAN_EINPUT;
    }
    static const char *const tables[] = {"assets", "operators", "dependencies", "installations"};
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        const int64_t na = network_rows(c->a.f, tables[i]), nb = network_rows(c->b.f, tables[i]);
        if (na >= 0 && nb >= 0 && na != nb) {
            kikan_diag_add(
                ctx, "%s and %s are not results of the same network: %" PRId64 " vs %" PRId64 " %s",
                c->a.path, c->b.path, na, nb, tables[i]);
            return KIKAN_EINPUT;
        }
    }
    const char *ka = a->tables_checksum ? a->tables_checksum : "";
    const char *kb = b->tables_checksum ? b->tables_checksum : "";
    if (ka[0] != '\0' && kb[0] != '\0' && strcmp(ka, kb) != 0) {
        kikan_diag_add(ctx,
                       "%s and %s are not results of the same network: the tables' checksums "
                       "differ",
                       c->a.path, c->b.path);
        return KIKAN_EINPUT;
    }
    return KIKAN_OK;
}

/* The figure of what-if (wa, wb), sector (sa, sb) (-1: what-if-wide) from the two arrays. */
static void figure(const kikan_compare_t *c, const double *va, const double *vb, int wa, int wb,
                   int sa, int sb, kikan_compare_row_t *row, int *finite)
{
    const kikan_results_t *a = c->a.res, *b = c->b.res;
    const int64_t Ra = a->n_replicates, Rb = b->n_replicates;
    const int64_t Sa = sa >= 0 ? a->n_sectors : 1, Sb = sb >= 0 ? b->n_sectors : 1;
    const double *xa = va + ((int64_t)wa * Ra) * Sa + (sa >= 0 ? sa : 0);
    const double *xb = vb + ((int64_t)wb * Rb) * Sb + (sb >= 0 ? sb : 0);
    *finite = 1;
    for (int64_t r = 0; r < Ra && *finite; r++) {
        *finite = isfinite(xa[r * Sa]);
    }
    for (int64_t r = 0; r < Rb && *finite; r++) {
        *finite = isfinite(xb[r * Sb]);
    }
    if (!*finite) {
        return;
    }
    double ma, vara, mb, varb;
    mean_var(xa, Ra, Sa, &ma, &vara);
    mean_var(xb, Rb, Sb, &mb, &varb);
    row->mean_a = ma;
    row->mean_b = mb;
    row->diff = mb - ma;
    row->rel = ma != 0.0 ? (mb - ma) / fabs(ma) : NAN;
    row->paired = c->paired;
    const double q = 0.5 + CI_LEVEL / 2.0;
    double half = NAN;
    if (c->paired) {
        /* per-replicate differences: common random numbers */
        double m = 0.0, ss = 0.0;
        for (int64_t r = 0; r < Ra; r++) {
            m += (xb[r * Sb] - xa[r * Sa] - m) / (double)(r + 1);
        }
        for (int64_t r = 0; r < Ra; r++) {
            const double d = xb[r * Sb] - xa[r * Sa] - m;
            ss += d * d;
        }
        row->diff = m;
        if (Ra > 1) {
            const double se = sqrt(ss / (double)(Ra - 1) / (double)Ra);
            half = se > 0.0 ? gsl_cdf_tdist_Pinv(q, (double)(Ra - 1)) * se : 0.0;
        }
    } else if (Ra > 1 && Rb > 1) {
        /* Welch: unequal variances, Welch-Satterthwaite degrees of freedom */
        const double ea = vara / (double)Ra, eb = varb / (double)Rb;
        const double se = sqrt(ea + eb);
        if (se > 0.0) {
            const double df =
                (ea + eb) * (ea + eb) / (ea * ea / (double)(Ra - 1) + eb * eb / (double)(Rb - 1));
            half = gsl_cdf_tdist_Pinv(q, df) * se;
        } else {
            half = 0.0;
        }
    }
    row->ci_lo = row->diff - half;
    row->ci_hi = row->diff + half;
}

static kikan_error_t compare_measure(kikan_compare_t *c, const char *name, hid_t da, hid_t db,
                                     int per_sector)
{
    kikan_error_t err = KIKAN_OK;
    double *va = NULL, *vb = NULL;
    char *units = NULL;
    const char *kname = NULL, *kunits = NULL;
    const kikan_results_t *a = c->a.res, *b = c->b.res;
    KIKAN_CHECK(read_measure(&c->a, da, per_sector, &va));
    KIKAN_CHECK(read_measure(&c->b, db, per_sector, &vb));
    if (kikan_h5_attr_get_str(da, "units", &units) != KIKAN_OK) {
        units = NULL;
    }
    KIKAN_CHECK(keep_str(c, name, &kname));
    KIKAN_CHECK(keep_str(c, units ? units : "", &kunits));
    for (int wa = 0; wa < a->n_whatifs; wa++) {
        const int wb = find_name(b->whatif_names, b->n_whatifs, a->whatif_names[wa]);
        if (wb < 0) {
            continue;
        }
        for (int sa = 0; sa < (per_sector ? a->n_sectors : 1); sa++) {
            const int sb =
                per_sector ? find_name(b->sector_ids, b->n_sectors, a->sector_ids[sa]) : -1;
            kikan_compare_row_t row;
            memset(&row, 0, sizeof(row));
            row.whatif = a->whatif_names[wa];
            row.sector = per_sector ? a->sector_ids[sa] : "";
            row.measure = kname;
            row.units = kunits;
            int finite = 0;
            figure(c, va, vb, wa, wb, per_sector ? sa : -1, sb, &row, &finite);
            if (finite) {
                KIKAN_CHECK(push_row(c, &row));
            }
        }
    }
cleanup:
    free(va);
    free(vb);
    free(units);
    return err;
}

static kikan_error_t open_side(kikan_ctx_t *ctx, side_t *s, const char *path)
{
    kikan_error_t err = KIKAN_OK;
    s->path = path;
    s->f = -1;
    KIKAN_CHECK(kikan_h5_read(ctx, path, &s->res));
    if ((s->f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT)) < 0) {
        kikan_diag_add(ctx, "%s: cannot open", path);
        KIKAN_FAIL(KIKAN_EIO);
    }
cleanup:
    return err;
}

kikan_error_t kikan_compare_files(kikan_ctx_t *ctx, const char *path_a, const char *path_b,
                                  kikan_compare_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_compare_t *c = NULL;
    names_t na = {0}, nb = {0};
    hid_t da = -1, db = -1;
    kikan_h5_quiet_t q;
    if (ctx == NULL || path_a == NULL || path_b == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_h5_quiet_begin(&q);
    KIKAN_CHECK_ALLOC(c = calloc(1, sizeof(*c)));
    c->a.f = c->b.f = -1;
    KIKAN_CHECK(open_side(ctx, &c->a, path_a));
    KIKAN_CHECK(open_side(ctx, &c->b, path_b));
    KIKAN_CHECK(same_network(ctx, c));
    const kikan_results_t *a = c->a.res, *b = c->b.res;
    c->paired = a->seed == b->seed && a->n_replicates == b->n_replicates;
    KIKAN_CHECK_ALLOC(c->only_a = calloc((size_t)a->n_whatifs + 1, sizeof(char *)));
    KIKAN_CHECK_ALLOC(c->only_b = calloc((size_t)b->n_whatifs + 1, sizeof(char *)));
    for (int w = 0; w < a->n_whatifs; w++) {
        if (find_name(b->whatif_names, b->n_whatifs, a->whatif_names[w]) < 0) {
            c->only_a[c->n_only_a++] = a->whatif_names[w];
        }
    }
    for (int w = 0; w < b->n_whatifs; w++) {
        if (find_name(a->whatif_names, a->n_whatifs, b->whatif_names[w]) < 0) {
            c->only_b[c->n_only_b++] = b->whatif_names[w];
        }
    }
    if (c->n_only_a == a->n_whatifs) {
        kikan_diag_add(ctx, "%s and %s share no what-if (by name): nothing to compare", path_a,
                       path_b);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    hsize_t idx = 0;
    if (H5Literate_by_name(c->a.f, "/replicates", H5_INDEX_NAME, H5_ITER_INC, &idx, collect, &na,
                           H5P_DEFAULT) < 0 ||
        (idx = 0, H5Literate_by_name(c->b.f, "/replicates", H5_INDEX_NAME, H5_ITER_INC, &idx,
                                     collect, &nb, H5P_DEFAULT) < 0)) {
        KIKAN_FAIL(KIKAN_EFORMAT);
    }
    KIKAN_CHECK_ALLOC(c->meas_only = calloc((size_t)(na.n + nb.n) + 1, sizeof(char *)));
    for (int side = 0; side < 2; side++) {
        const names_t *mine = side == 0 ? &na : &nb, *other = side == 0 ? &nb : &na;
        const side_t *s = side == 0 ? &c->a : &c->b;
        for (int i = 0; i < mine->n; i++) {
            int ps = 0;
            hid_t d = open_measure(s, mine->names[i], &ps);
            if (d < 0) {
                continue;
            }
            H5Dclose(d);
            if (find_name(other->names, other->n, mine->names[i]) < 0) {
                const size_t len = strlen(mine->names[i]) + 8;
                KIKAN_CHECK_ALLOC(c->meas_only[c->n_meas_only] = malloc(len));
                snprintf(c->meas_only[c->n_meas_only++], len, "%s (%s)", mine->names[i],
                         side == 0 ? "A" : "B");
            }
        }
    }
    for (int i = 0; i < na.n; i++) {
        int psa = 0, psb = 0;
        da = open_measure(&c->a, na.names[i], &psa);
        db = da >= 0 ? open_measure(&c->b, na.names[i], &psb) : -1;
        if (da >= 0 && db >= 0 && psa == psb) {
            KIKAN_CHECK(compare_measure(c, na.names[i], da, db, psa));
        }
        kikan_h5_close(&da);
        kikan_h5_close(&db);
    }
    /* rows by what-if (A's order), then measure (file order), then sector */
    if (c->n_rows > 0) {
        kikan_compare_row_t *v = malloc((size_t)c->n_rows * sizeof(*v));
        KIKAN_CHECK_ALLOC(v);
        int k = 0;
        for (int w = 0; w < a->n_whatifs; w++) {
            for (int i = 0; i < c->n_rows; i++) {
                if (c->rows[i].whatif == a->whatif_names[w]) {
                    v[k++] = c->rows[i];
                }
            }
        }
        free(c->rows);
        c->rows = v;
        c->cap_rows = c->n_rows;
    }
    *out = c;
    c = NULL;
cleanup:
    kikan_h5_close(&da);
    kikan_h5_close(&db);
    names_free(&na);
    names_free(&nb);
    kikan_compare_free(&c);
    kikan_h5_quiet_end(&q);
    return err;
}

int kikan_compare_n_rows(const kikan_compare_t *c)
{
    return c != NULL ? c->n_rows : 0;
}

const kikan_compare_row_t *kikan_compare_row(const kikan_compare_t *c, int i)
{
    return c != NULL && i >= 0 && i < c->n_rows ? &c->rows[i] : NULL;
}

void kikan_compare_free(kikan_compare_t **cp)
{
    if (cp == NULL || *cp == NULL) {
        return;
    }
    kikan_compare_t *c = *cp;
    kikan_h5_close(&c->a.f);
    kikan_h5_close(&c->b.f);
    kikan_results_free(&c->a.res);
    kikan_results_free(&c->b.res);
    for (int i = 0; i < c->n_strs; i++) {
        free(c->strs[i]);
    }
    for (int i = 0; i < c->n_meas_only; i++) {
        free(c->meas_only[i]);
    }
    free(c->strs);
    free(c->meas_only);
    free(c->rows);
    free(c->only_a);
    free(c->only_b);
    free(c);
    *cp = NULL;
}

/* ---- writing it ------------------------------------------------------------------------------ */

/* A number for people, as in the report ("27.3 million"); with a sign when `sign`. */
static void fmt(char *buf, size_t n, double x, int sign)
{
    char body[32];
    kikan_report_format_number(x, body, sizeof(body));
    snprintf(buf, n, "%s%s", sign && x > 0 ? "+" : "", body);
}

static void fmt_rel(char *buf, size_t n, double rel)
{
    if (!isfinite(rel)) {
        snprintf(buf, n, "n/a");
    } else if (fabs(100.0 * rel) < 0.05) {
        snprintf(buf, n, "0.0%%"); /* no "+0.0%" or "-0.0%" for a change that rounds to none */
    } else {
        snprintf(buf, n, "%+.1f%%", 100.0 * rel);
    }
}

static void side_line(FILE *f, const char *tag, const side_t *s)
{
    const kikan_results_t *r = s->res;
    fprintf(f, "  %s: %s: scenario %s, seed %" PRIu64 ", %" PRId64 " replicates (kikan %s)%s\n",
            tag, s->path, r->scenario_name ? r->scenario_name : "", r->seed, r->n_replicates,
            r->kikan_version ? r->kikan_version : "", r->synthetic ? ", synthetic network" : "");
}

static const char *pairing(const kikan_compare_t *c)
{
    return c->paired ? "paired: same seed and replicate count, so the interval is that of the "
                       "per-replicate differences (common random numbers)"
                     : "unpaired: the runs differ in seed or replicate count, so the interval is "
                       "Welch's (independent samples, unequal variances)";
}

kikan_error_t kikan_compare_print(FILE *f, const kikan_compare_t *c)
{
    fprintf(f,
            "kikan %s compare: B - A per what-if, measure and sector; 95%% CI of the difference\n",
            KIKAN_VERSION_STRING);
    side_line(f, "A", &c->a);
    side_line(f, "B", &c->b);
    fprintf(f, "  %s\n", pairing(c));
    for (int i = 0; i < c->n_only_a; i++) {
        fprintf(f, "  what-if only in A (not compared): %s\n", c->only_a[i]);
    }
    for (int i = 0; i < c->n_only_b; i++) {
        fprintf(f, "  what-if only in B (not compared): %s\n", c->only_b[i]);
    }
    for (int i = 0; i < c->n_meas_only; i++) {
        fprintf(f, "  measure only in one file (not compared): %s\n", c->meas_only[i]);
    }
    const char *w_prev = NULL;
    for (int i = 0; i < c->n_rows; i++) {
        const kikan_compare_row_t *r = &c->rows[i];
        if (w_prev == NULL || strcmp(w_prev, r->whatif) != 0) {
            fprintf(f, "\nwhat-if %s\n", r->whatif);
            fprintf(f, "  %-22s %-10s %-24s %14s %14s %14s  %-30s %8s\n", "measure", "sector",
                    "unit", "A (mean)", "B (mean)", "B - A", "95% CI", "change");
            w_prev = r->whatif;
        }
        char a[40], b[40], d[40], lo[40], hi[40], rel[24], ci[96];
        fmt(a, sizeof(a), r->mean_a, 0);
        fmt(b, sizeof(b), r->mean_b, 0);
        fmt(d, sizeof(d), r->diff, 1);
        fmt(lo, sizeof(lo), r->ci_lo, 1);
        fmt(hi, sizeof(hi), r->ci_hi, 1);
        fmt_rel(rel, sizeof(rel), r->rel);
        if (isfinite(r->ci_lo)) {
            snprintf(ci, sizeof(ci), "[%s, %s]", lo, hi);
        } else {
            snprintf(ci, sizeof(ci), "n/a (one replicate)");
        }
        fprintf(f, "  %-22s %-10s %-24s %14s %14s %14s  %-30s %8s\n", r->measure,
                r->sector[0] ? r->sector : "(all)", r->units, a, b, d, ci, rel);
    }
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

static void json_side(FILE *f, const side_t *s)
{
    const kikan_results_t *r = s->res;
    fputs("{\"path\": ", f);
    kikan_json_string(f, s->path);
    fputs(", \"scenario\": ", f);
    kikan_json_string(f, r->scenario_name);
    fprintf(f, ", \"seed\": %" PRIu64 ", \"replicates\": %" PRId64 ", \"kikan_version\": ", r->seed,
            r->n_replicates);
    kikan_json_string(f, r->kikan_version);
    fprintf(f, ", \"synthetic\": %s}", r->synthetic ? "true" : "false");
}

static void json_list(FILE *f, char *const *v, int n)
{
    fputc('[', f);
    for (int i = 0; i < n; i++) {
        if (i) {
            fputs(", ", f);
        }
        kikan_json_string(f, v[i]);
    }
    fputc(']', f);
}

kikan_error_t kikan_compare_json(FILE *f, const kikan_compare_t *c)
{
    fputs("{\"kikan_version\": ", f);
    kikan_json_string(f, KIKAN_VERSION_STRING);
    fputs(", \"compare_schema\": 1, \"difference\": \"b - a\", \"ci\": \"95% confidence interval "
          "of the difference\", \"a\": ",
          f);
    json_side(f, &c->a);
    fputs(", \"b\": ", f);
    json_side(f, &c->b);
    fprintf(f, ", \"paired\": %s, \"whatifs_only_in_a\": ", c->paired ? "true" : "false");
    json_list(f, c->only_a, c->n_only_a);
    fputs(", \"whatifs_only_in_b\": ", f);
    json_list(f, c->only_b, c->n_only_b);
    fputs(", \"measures_only_in_one\": ", f);
    json_list(f, c->meas_only, c->n_meas_only);
    fputs(", \"rows\": [", f);
    for (int i = 0; i < c->n_rows; i++) {
        const kikan_compare_row_t *r = &c->rows[i];
        fputs(i ? ",\n  {\"whatif\": " : "\n  {\"whatif\": ", f);
        kikan_json_string(f, r->whatif);
        fputs(", \"sector\": ", f);
        if (r->sector[0]) {
            kikan_json_string(f, r->sector);
        } else {
            fputs("null", f);
        }
        fputs(", \"measure\": ", f);
        kikan_json_string(f, r->measure);
        fputs(", \"units\": ", f);
        kikan_json_string(f, r->units);
        const char *keys[] = {"mean_a", "mean_b", "diff", "ci_lo", "ci_hi", "relative_change"};
        const double vals[] = {r->mean_a, r->mean_b, r->diff, r->ci_lo, r->ci_hi, r->rel};
        for (int k = 0; k < 6; k++) {
            fprintf(f, ", \"%s\": ", keys[k]);
            kikan_json_number(f, vals[k]);
        }
        fprintf(f, ", \"paired\": %s}", r->paired ? "true" : "false");
    }
    fputs("]}\n", f);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* A CSV field, quoted per RFC 4180 when it needs to be. */
static void csv_str(FILE *f, const char *s)
{
    s = s ? s : "";
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') {
            fputc('"', f);
        }
        fputc(*s, f);
    }
    fputc('"', f);
}

static void csv_num(FILE *f, double x)
{
    if (isfinite(x)) {
        fprintf(f, "%.17g", x);
    }
}

kikan_error_t kikan_compare_csv(FILE *f, const kikan_compare_t *c)
{
    fputs("whatif,sector,measure,units,mean_a,mean_b,difference,ci_lo,ci_hi,relative_change,"
          "paired,replicates_a,replicates_b,seed_a,seed_b,scenario_a,scenario_b,kikan_version\n",
          f);
    for (int i = 0; i < c->n_rows; i++) {
        const kikan_compare_row_t *r = &c->rows[i];
        csv_str(f, r->whatif);
        fputc(',', f);
        csv_str(f, r->sector);
        fputc(',', f);
        csv_str(f, r->measure);
        fputc(',', f);
        csv_str(f, r->units);
        const double vals[] = {r->mean_a, r->mean_b, r->diff, r->ci_lo, r->ci_hi, r->rel};
        for (int k = 0; k < 6; k++) {
            fputc(',', f);
            csv_num(f, vals[k]);
        }
        fprintf(f, ",%d,%" PRId64 ",%" PRId64 ",%" PRIu64 ",%" PRIu64 ",", r->paired,
                c->a.res->n_replicates, c->b.res->n_replicates, c->a.res->seed, c->b.res->seed);
        csv_str(f, c->a.res->scenario_name);
        fputc(',', f);
        csv_str(f, c->b.res->scenario_name);
        fputc(',', f);
        csv_str(f, KIKAN_VERSION_STRING);
        fputc('\n', f);
    }
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

static void html_num(FILE *f, double x)
{
    char buf[64];
    kikan_report_format_number(x, buf, sizeof(buf));
    kikan_html_text(f, buf);
}

/* A difference: the report's number format with its sign (+ an increase, − a decrease). */
static void html_signed(FILE *f, double x)
{
    fputs(x < 0 ? "−" : x > 0 ? "+" : "", f);
    html_num(f, fabs(x));
}

kikan_error_t kikan_compare_html(FILE *f, const kikan_compare_t *c)
{
    fputs("<h2>Compared with another run</h2>\n<p>B − A, where A is this report's file (", f);
    kikan_html_text(f, c->a.path);
    fprintf(f, ", seed %" PRIu64 ", %" PRId64 " replicates) and B is ", c->a.res->seed,
            c->a.res->n_replicates);
    kikan_html_text(f, c->b.path);
    fputs(" (scenario ", f);
    kikan_html_text(f, c->b.res->scenario_name);
    fprintf(f, ", seed %" PRIu64 ", %" PRId64 " replicates). ", c->b.res->seed,
            c->b.res->n_replicates);
    const char *pair = pairing(c);
    fputc(pair[0] - 'a' + 'A', f); /* a sentence here: capitalised */
    kikan_html_text(f, pair + 1);
    fputs(". Intervals are 95% confidence intervals of the difference of the means; a change "
          "whose interval excludes 0 is marked.</p>\n",
          f);
    if (c->n_only_a + c->n_only_b > 0) {
        fputs("<p class=\"muted\">Not compared (in one file only): ", f);
        for (int i = 0; i < c->n_only_a + c->n_only_b; i++) {
            fputs(i ? ", " : "", f);
            kikan_html_text(f, i < c->n_only_a ? c->only_a[i] : c->only_b[i - c->n_only_a]);
        }
        fputs(".</p>\n", f);
    }
    const char *w_prev = NULL;
    for (int i = 0; i < c->n_rows; i++) {
        const kikan_compare_row_t *r = &c->rows[i];
        if (w_prev == NULL || strcmp(w_prev, r->whatif) != 0) {
            if (w_prev != NULL) {
                fputs("</tbody></table>\n", f);
            }
            fputs("<h3>", f);
            kikan_html_text(f, r->whatif);
            fputs("</h3>\n<table><thead><tr><th>measure</th><th>sector</th><th>unit</th>"
                  "<th>A (mean)</th><th>B (mean)</th><th>B − A</th><th>95% CI</th><th>change</th>"
                  "</tr></thead><tbody>\n",
                  f);
            w_prev = r->whatif;
        }
        const int sig = isfinite(r->ci_lo) && (r->ci_lo > 0.0 || r->ci_hi < 0.0);
        fputs(sig ? "<tr class=\"sig\"><td>" : "<tr><td>", f);
        kikan_html_text(f, r->measure);
        fputs("</td><td>", f);
        kikan_html_text(f, r->sector[0] ? r->sector : "(all)");
        fputs("</td><td>", f);
        kikan_html_text(f, r->units);
        fputs("</td><td class=\"num\">", f);
        html_num(f, r->mean_a);
        fputs("</td><td class=\"num\">", f);
        html_num(f, r->mean_b);
        fputs("</td><td class=\"num\">", f);
        html_signed(f, r->diff);
        fputs("</td><td class=\"num\">[", f);
        html_signed(f, r->ci_lo);
        fputs(", ", f);
        html_signed(f, r->ci_hi);
        fputs("]", f);
        fputs("</td><td class=\"num\">", f);
        char rel[24];
        fmt_rel(rel, sizeof(rel), r->rel);
        kikan_html_text(f, rel);
        fputs(sig ? " *</td></tr>\n" : "</td></tr>\n", f);
    }
    if (w_prev != NULL) {
        fputs("</tbody></table>\n", f);
    }
    fputs("<p class=\"muted\">* the 95% interval of the change excludes zero.</p>\n", f);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}
