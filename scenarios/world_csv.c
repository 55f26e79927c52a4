/*
 * Writing a world as the CSV tables of docs/scenario-format.md.
 *
 * DESIGN: the writer is the loader's mirror: every table the loader reads is
 * written with the same column names, rows in the world's table order (the
 * order they were added), numbers in their shortest form that reads back to
 * the same double, and a field quoted only when the loader would otherwise
 * misread it (separator, quote, line break, a leading '#' that would make
 * the row a comment, or leading/trailing blanks). Nothing depends on a hash
 * order or the clock, so the same world gives the same bytes.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kikan/generate.h"
#include "scenarios/csv.h"
#include "models/world_impl.h"

/* A table being written: its stream and path (for messages). */
typedef struct {
    FILE *f;
    char path[4096];
    char *buf; /* stdio buffer */
} table_t;

/*
 * v in the shortest "%.Ng" form that strtod reads back to v; empty for NaN.
 * Integers below 2^53 print as integers (the common case, and cheap); other
 * values try 15 significant digits (which %g trims to the shortest form of any
 * decimal of up to 15 digits), then 16, then 17 (always exact).
 */
static void put_num(FILE *f, double v)
{
    char b[40];
    if (isnan(v)) {
        return;
    }
    if (v == floor(v) && fabs(v) < 9007199254740992.0) {
        /* an integer: its digits by hand (printf's floating-point path was a fifth of
           writing a ten-million-asset network); "-0" is written "0" */
        int64_t x = (int64_t)v;
        uint64_t u = x < 0 ? (uint64_t)(-x) : (uint64_t)x;
        char *e = b + sizeof(b), *p = e;
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u > 0);
        if (x < 0) {
            *--p = '-';
        }
        fwrite(p, 1, (size_t)(e - p), f);
        return;
    }
    if (fabs(v) >= 0.001 && fabs(v) < 1e9) {
        /*
         * Most hours and parameters have one to three decimals: write
         * round(1000 |v|) as digits with the point three from the right, trailing
         * zeros trimmed, and keep it if strtod reads it back to v. It is then
         * the string %.15g makes (an exact decimal of at most 12 digits, in
         * fixed notation), without printf's floating-point path.
         */
        uint64_t u = (uint64_t)llround(fabs(v) * 1000.0);
        char *e = b + sizeof(b) - 1, *p = e;
        *e = '\0';
        int frac = 3;
        while (frac > 0 && u % 10 == 0) { /* trailing zeros of the fraction */
            u /= 10;
            frac--;
        }
        for (int i = 0; i < frac; i++) {
            *--p = (char)('0' + u % 10);
            u /= 10;
        }
        if (frac > 0) {
            *--p = '.';
        }
        do {
            *--p = (char)('0' + u % 10);
            u /= 10;
        } while (u > 0);
        if (v < 0) {
            *--p = '-';
        }
        if (strtod(p, NULL) == v) {
            fwrite(p, 1, (size_t)(e - p), f);
            return;
        }
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(b, sizeof(b), "%.*g", prec, v);
        if (strtod(b, NULL) == v) {
            break;
        }
    }
    fputs(b, f);
}

static kikan_error_t open_table(kikan_ctx_t *ctx, table_t *t, const char *dir, const char *name,
                                const char *header)
{
    int n = snprintf(t->path, sizeof(t->path), "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= sizeof(t->path)) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "%s/%s: path too long", dir, name);
        return KIKAN_EIO;
    }
    t->f = fopen(t->path, "wb");
    if (t->f == NULL) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "%s: cannot write: %s", t->path, strerror(errno));
        return KIKAN_EIO;
    }
    /* large tables: a 1 MiB buffer keeps the write calls few */
    t->buf = malloc((size_t)1 << 20);
    if (t->buf != NULL) {
        setvbuf(t->f, t->buf, _IOFBF, (size_t)1 << 20);
    }
    fputs(header, t->f);
    fputc('\n', t->f);
    return KIKAN_OK;
}

static kikan_error_t close_table(kikan_ctx_t *ctx, table_t *t)
{
    if (t->f == NULL) {
        free(t->buf);
        t->buf = NULL;
        return KIKAN_OK;
    }
    int bad = ferror(t->f);
    bad |= fclose(t->f) != 0;
    t->f = NULL;
    free(t->buf);
    t->buf = NULL;
    if (bad) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "%s: write failed: %s", t->path, strerror(errno));
        return KIKAN_EIO;
    }
    return KIKAN_OK;
}

static const char *asset_id(const kikan_world_t *w, kikan_id_t a)
{
    return kikan_strtab_get(&w->asset_ids, a);
}

static void write_sectors(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        kikan_csv_put_field(f, kikan_strtab_get(&w->sector_ids, s));
        fputc(',', f);
        kikan_csv_put_field(f, w->sectors[s].name);
        fputc(',', f);
        kikan_csv_put_field(f, w->sectors[s].unit);
        fputc(',', f);
        put_num(f, w->sectors[s].life_weight);
        fputc(',', f);
        put_num(f, w->sectors[s].output_jpy);
        fputc(',', f);
        put_num(f, w->sectors[s].people_per_customer);
        fputc(',', f);
        put_num(f, w->sectors[s].output_customers);
        fputc('\n', f);
    }
}

static void write_operators(const kikan_world_t *w, FILE *f)
{
    kikan_id_t nm = w->metric_names.n;
    for (kikan_id_t o = 0; o < w->n_operators; o++) {
        const kikan_operator_t *op = &w->operators[o];
        kikan_csv_put_field(f, kikan_strtab_get(&w->operator_ids, o));
        fputc(',', f);
        kikan_csv_put_field(f, op->name);
        fputc(',', f);
        /* sector ids joined by ';', as one field, quoted as a whole when needed */
        int quote = 0;
        for (int s = 0; s < op->n_sectors; s++) {
            const char *id = kikan_strtab_get(&w->sector_ids, op->sectors[s]);
            size_t len = strlen(id);
            quote |= strpbrk(id, ",\"\r\n") != NULL ||
                     (len > 0 && (id[len - 1] == ' ' || id[len - 1] == '\t'));
            quote |= s == 0 && (id[0] == '#' || id[0] == ' ' || id[0] == '\t');
        }
        if (quote) {
            fputc('"', f);
        }
        for (int s = 0; s < op->n_sectors; s++) {
            if (s > 0) {
                fputc(';', f);
            }
            for (const char *c = kikan_strtab_get(&w->sector_ids, op->sectors[s]); *c; c++) {
                if (*c == '"') {
                    fputc('"', f);
                }
                fputc(*c, f);
            }
        }
        if (quote) {
            fputc('"', f);
        }
        fprintf(f, ",%d", op->sme ? 1 : 0);
        for (kikan_id_t m = 0; m < nm; m++) {
            fputc(',', f);
            put_num(f, kikan_world_metric(w, o, m));
        }
        fputc('\n', f);
    }
}

static void write_assets(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t i = 0; i < w->n_assets; i++) {
        const kikan_asset_t *a = &w->assets[i];
        kikan_csv_put_field(f, asset_id(w, i));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->operator_ids, a->op));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->sector_ids, a->sector));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->kinds, a->kind));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->regions, a->region));
        fputc(',', f);
        put_num(f, a->customers);
        fputc(',', f);
        put_num(f, a->backup_hours);
        fputc(',', f);
        put_num(f, a->backup_hours_max);
        fputc(',', f);
        put_num(f, a->restart_hours);
        fputc(',', f);
        fputs(kikan_dist_kind_name(a->repair.kind), f);
        fputc(',', f);
        put_num(f, a->repair.a);
        fputc(',', f);
        put_num(f, a->repair.b);
        fputc(',', f);
        put_num(f, a->cold_restart_hours);
        fputc(',', f);
        if (a->records > 0) {
            put_num(f, a->records);
        }
        fputc('\n', f);
    }
}

static void write_dependencies(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_dep_t *e = &w->deps[d];
        const char *label = kikan_world_group_label(w, e->group); /* "": unnamed */
        kikan_csv_put_field(f, asset_id(w, e->provider));
        fputc(',', f);
        kikan_csv_put_field(f, asset_id(w, e->dependent));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->resources, e->resource));
        fputc(',', f);
        kikan_csv_put_field(f, label);
        fputc(',', f);
        put_num(f, (double)w->groups[e->group].k);
        fputc(',', f);
        put_num(f, e->buffer_hours);
        fputc('\n', f);
    }
}

static void write_links(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t l = 0; l < w->n_links; l++) {
        kikan_csv_put_field(f, asset_id(w, w->links[l].a));
        fputc(',', f);
        kikan_csv_put_field(f, asset_id(w, w->links[l].b));
        fputc('\n', f);
    }
}

static void write_vendors(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t v = 0; v < w->n_vendors; v++) {
        kikan_csv_put_field(f, kikan_strtab_get(&w->vendor_ids, v));
        fputc(',', f);
        kikan_csv_put_field(f, w->vendors[v].name);
        fputc(',', f);
        kikan_csv_put_field(f, w->vendors[v].origin);
        fprintf(f, ",%d\n", w->vendors[v].risk_class);
    }
}

static void write_classes(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t c = 0; c < w->n_classes; c++) {
        kikan_csv_put_field(f, kikan_strtab_get(&w->class_ids, c));
        fputc(',', f);
        kikan_csv_put_field(f, w->classes[c].name);
        fputc(',', f);
        if (w->classes[c].sector != KIKAN_NONE) {
            kikan_csv_put_field(f, kikan_strtab_get(&w->sector_ids, w->classes[c].sector));
        }
        fprintf(f, ",%d,%d\n", w->classes[c].critical ? 1 : 0, w->classes[c].data ? 1 : 0);
    }
}

static void write_contractors(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t c = 0; c < w->n_contractors; c++) {
        kikan_csv_put_field(f, kikan_strtab_get(&w->contractor_ids, c));
        fputc(',', f);
        kikan_csv_put_field(f, w->contractors[c].name);
        fprintf(f, ",%d\n", w->contractors[c].remote_access ? 1 : 0);
    }
}

static void write_installations(const kikan_world_t *w, FILE *f)
{
    for (kikan_id_t i = 0; i < w->n_installs; i++) {
        const kikan_install_t *in = &w->installs[i];
        kikan_csv_put_field(f, asset_id(w, in->asset));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->class_ids, in->cls));
        fputc(',', f);
        kikan_csv_put_field(f, kikan_strtab_get(&w->vendor_ids, in->vendor));
        fputc(',', f);
        if (in->contractor != KIKAN_NONE) {
            kikan_csv_put_field(f, kikan_strtab_get(&w->contractor_ids, in->contractor));
        }
        fputc('\n', f);
    }
}

kikan_error_t kikan_world_write_csv(kikan_ctx_t *ctx, const kikan_world_t *w, const char *dir)
{
    kikan_error_t err = KIKAN_OK;
    table_t t = {0};
    char *header = NULL;
    if (ctx == NULL || w == NULL || dir == NULL || dir[0] == '\0') {
        return KIKAN_EINVAL;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        kikan_log(ctx, KIKAN_LOG_ERROR, "%s: cannot create directory: %s", dir, strerror(errno));
        return KIKAN_EIO;
    }
    /* operators.csv: the metric columns follow the fixed ones, in metric order */
    size_t hlen = 32;
    for (kikan_id_t m = 0; m < w->metric_names.n; m++) {
        hlen += strlen(kikan_strtab_get(&w->metric_names, m)) * 2 + 4;
    }
    header = malloc(hlen);
    KIKAN_CHECK_ALLOC(header);
    strcpy(header, "id,name,sectors,sme");
    for (kikan_id_t m = 0; m < w->metric_names.n; m++) {
        strcat(header, ",");
        strcat(header, kikan_strtab_get(&w->metric_names, m));
    }

    static const struct {
        const char *file, *header;
        void (*write)(const kikan_world_t *, FILE *);
    } tables[] = {
        {"sectors.csv", "id,name,unit,life_weight,output_jpy,people_per_customer,output_customers",
         write_sectors},
        {"operators.csv", NULL, write_operators},
        {"assets.csv",
         "id,operator,sector,kind,region,customers,backup_hours,backup_hours_max,restart_hours,"
         "repair,repair_a,repair_b,cold_restart_hours,records",
         write_assets},
        {"dependencies.csv", "provider,dependent,resource,group,k,buffer_hours",
         write_dependencies},
        {"links.csv", "a,b", write_links},
        {"vendors.csv", "id,name,origin,risk_class", write_vendors},
        {"equipment_classes.csv", "id,name,sector,critical,data", write_classes},
        {"contractors.csv", "id,name,remote_access", write_contractors},
        {"installations.csv", "asset,class,vendor,contractor", write_installations},
    };
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        KIKAN_CHECK(
            open_table(ctx, &t, dir, tables[i].file, tables[i].header ? tables[i].header : header));
        tables[i].write(w, t.f);
        KIKAN_CHECK(close_table(ctx, &t));
    }
cleanup:
    if (t.f != NULL) {
        fclose(t.f);
    }
    free(t.buf);
    free(header);
    return err;
}
