/*
 * A trace that finds the story (kikan_trace_render, include/kikan/output.h):
 * the timeline of one replicate, as the kernel writes it
 * (kikan_replicate_trace), with the customers each line cuts off or brings
 * back, an optional filter by sector, operator or region, and a summary
 * paragraph: what started it, the three links that spread it furthest, and
 * when the worst was.
 *
 * DESIGN: the kernel's timeline is text with a fixed prefix, "t=%7.2f h
 * WHAT ASSET (SECTOR, OPERATOR)  DETAIL", and a failure caused by a lost
 * supply ends in "(lost RESOURCE: PROVIDER)". Reading that text here keeps
 * the kernel free of anything meant for people (and of this file's
 * bookkeeping); the asset ids are resolved in the world, so every number
 * comes from the tables, not from the text. An asset is down from its first
 * FAIL or HIT until its RESTORE; the cascade tree links each asset that went
 * down because of a lost supply to the provider it lost.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/output.h"
#include "kikan/suggest.h"
#include "models/world_impl.h"
#include "models/results_impl.h"

/* ---- the filter ------------------------------------------------------------------------------ */

void kikan_trace_filter_init(kikan_trace_filter_t *f)
{
    f->sector = f->op = f->region = KIKAN_NONE;
}

/* Resolve one filter value in table t; KIKAN_EINPUT with a did-you-mean when unknown. */
static kikan_error_t filter_value(kikan_ctx_t *ctx, const kikan_strtab_t *t, const char *what,
                                  const char *v, kikan_id_t *out)
{
    const kikan_id_t i = kikan_strtab_find(t, v);
    if (i == KIKAN_NONE) {
        const char *s = kikan_suggest(v, (const char *const *)t->str, t->n);
        kikan_diag_add(ctx, "--trace-filter: unknown %s '%s'%s%s%s", what, v,
                       s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
        return KIKAN_EINPUT;
    }
    *out = i;
    return KIKAN_OK;
}

kikan_error_t kikan_trace_filter_parse(kikan_ctx_t *ctx, const kikan_world_t *w, const char *spec,
                                       kikan_trace_filter_t *f)
{
    static const char *const keys[] = {"sector", "operator", "region"};
    kikan_error_t err = KIKAN_OK;
    kikan_trace_filter_init(f);
    char *copy = strdup(spec != NULL ? spec : "");
    if (copy == NULL) {
        return KIKAN_ENOMEM;
    }
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok != NULL;
         tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (eq == NULL || eq == tok || eq[1] == '\0') {
            kikan_diag_add(ctx,
                           "--trace-filter: expected KEY=VALUE (sector, operator, region), "
                           "got '%s'",
                           tok);
            err = KIKAN_EINPUT;
            continue;
        }
        *eq = '\0';
        const char *v = eq + 1;
        kikan_error_t e = KIKAN_OK;
        if (strcmp(tok, "sector") == 0) {
            e = filter_value(ctx, &w->sector_ids, "sector", v, &f->sector);
        } else if (strcmp(tok, "operator") == 0) {
            e = filter_value(ctx, &w->operator_ids, "operator", v, &f->op);
        } else if (strcmp(tok, "region") == 0) {
            e = filter_value(ctx, &w->regions, "region", v, &f->region);
        } else {
            const char *s = kikan_suggest(tok, keys, 3);
            kikan_diag_add(ctx,
                           "--trace-filter: unknown key '%s'%s%s%s (keys: sector, operator, "
                           "region)",
                           tok, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "");
            e = KIKAN_EINPUT;
        }
        if (e != KIKAN_OK) {
            err = e;
        }
    }
    free(copy);
    return err;
}

/* ---- choosing the replicate ------------------------------------------------------------------ */

/* Total life-weighted customer-hours of replicate r of what-if w (over sectors). */
static double rep_total(const kikan_results_t *res, int w, int64_t r)
{
    const int64_t S = res->n_sectors;
    const double *x = res->life_weighted + ((int64_t)w * res->n_replicates + r) * S;
    double t = 0.0;
    for (int64_t s = 0; s < S; s++) {
        t += x[s];
    }
    return t;
}

typedef struct {
    double v;
    int64_t r;
} rv_t;

static int cmp_rv(const void *a, const void *b)
{
    const rv_t *x = a, *y = b;
    if (x->v != y->v) {
        return x->v < y->v ? -1 : 1;
    }
    return (x->r > y->r) - (x->r < y->r);
}

int64_t kikan_trace_pick(const kikan_results_t *res, int w, int which)
{
    const int64_t R = res->n_replicates;
    if (which >= 0 || R < 1) {
        return which;
    }
    rv_t *v = malloc((size_t)R * sizeof(*v));
    if (v == NULL) {
        return -1;
    }
    for (int64_t r = 0; r < R; r++) {
        v[r] = (rv_t){rep_total(res, w, r), r};
    }
    /* ties by the lower replicate: the pick is the same on any thread count */
    qsort(v, (size_t)R, sizeof(*v), cmp_rv);
    int64_t pick = -1;
    if (which == KIKAN_TRACE_WORST) {
        int64_t k = R - 1;
        while (k > 0 && v[k - 1].v == v[R - 1].v) {
            k--;
        }
        pick = v[k].r;
    } else {
        pick = v[(R - 1) / 2].r; /* the lower median */
    }
    free(v);
    return pick;
}

/* ---- rendering ---------------------------------------------------------------------------------
 */

typedef struct {
    kikan_id_t *parent; /* [A] provider whose loss brought the asset down, KIKAN_NONE */
    char *ever;         /* [A] went down at least once */
    char *down;         /* [A] down now */
    kikan_id_t *order;  /* assets in the order they first went down */
    kikan_id_t n_order;
    double *sub_assets;    /* [A] assets downstream in the cascade tree (itself included) */
    double *sub_cust;      /* [A] their customers */
    double *sec_down;      /* [S] customers cut off now, per sector */
    double *worst_sec;     /* [S] at the worst time */
    double worst, worst_t; /* life-weighted customers cut off at the worst, and when */
    int worst_assets, n_down;
    /* what started it */
    int n_start;
    double t_start;
    kikan_id_t first;
    char first_detail[200];
} story_t;

static void num(char *buf, size_t n, double x)
{
    kikan_report_format_number(x, buf, n);
}

/* The provider named at the end of a detail "... (lost RES: ID)" or "lost RES: ID". */
static kikan_id_t provider_of(const kikan_world_t *w, const char *detail)
{
    const char *p = strstr(detail, "lost ");
    if (p == NULL) {
        return KIKAN_NONE;
    }
    const char *c = strstr(p, ": ");
    if (c == NULL) {
        return KIKAN_NONE;
    }
    char id[256];
    size_t n = strcspn(c + 2, ")");
    if (n == 0 || n >= sizeof(id)) {
        return KIKAN_NONE;
    }
    memcpy(id, c + 2, n);
    id[n] = '\0';
    return kikan_strtab_find(&w->asset_ids, id);
}

static int matches(const kikan_world_t *w, const kikan_trace_filter_t *f, kikan_id_t a)
{
    if (f == NULL) {
        return 1;
    }
    const kikan_asset_t *as = &w->assets[a];
    return (f->sector == KIKAN_NONE || as->sector == f->sector) &&
           (f->op == KIKAN_NONE || as->op == f->op) &&
           (f->region == KIKAN_NONE || as->region == f->region);
}

/* Note the state after the lines at time t (the worst is judged between time steps). */
static void note_worst(const kikan_world_t *w, story_t *st, double t)
{
    double lw = 0.0;
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        lw += w->sectors[s].life_weight * st->sec_down[s];
    }
    if (lw > st->worst) {
        st->worst = lw;
        st->worst_t = t;
        st->worst_assets = st->n_down;
        memcpy(st->worst_sec, st->sec_down, (size_t)w->n_sectors * sizeof(double));
    }
}

static void summary(FILE *out, const kikan_world_t *w, story_t *st, const char *label)
{
    char b2[64];
    fprintf(out, "summary (%s): ", label);
    if (st->n_start == 0) {
        fputs("nothing happened: no implant triggered and no outage began before the horizon.\n",
              out);
        return;
    }
    const kikan_asset_t *f = &w->assets[st->first];
    fprintf(out,
            "it started at t = %.2f h with %d asset%s hit (first %s, %s, %s: %s); %d asset%s "
            "went down in all, %d of them through lost supplies.",
            st->t_start, st->n_start, st->n_start == 1 ? "" : "s",
            kikan_strtab_get(&w->asset_ids, st->first), kikan_strtab_get(&w->sector_ids, f->sector),
            w->operators[f->op].name, st->first_detail, (int)st->n_order,
            st->n_order == 1 ? "" : "s", (int)st->n_order - st->n_start);
    /* the cascade tree's subtree sizes, children after parents: add in reverse */
    for (kikan_id_t i = st->n_order - 1; i >= 0; i--) {
        const kikan_id_t a = st->order[i];
        st->sub_assets[a] += 1.0;
        st->sub_cust[a] += w->assets[a].customers;
        if (st->parent[a] != KIKAN_NONE) {
            st->sub_assets[st->parent[a]] += st->sub_assets[a];
            st->sub_cust[st->parent[a]] += st->sub_cust[a];
        }
    }
    kikan_id_t top[3] = {KIKAN_NONE, KIKAN_NONE, KIKAN_NONE};
    for (kikan_id_t i = 0; i < st->n_order; i++) {
        const kikan_id_t a = st->order[i];
        if (st->parent[a] == KIKAN_NONE) {
            continue;
        }
        for (int k = 0; k < 3; k++) {
            /* more assets downstream first; then more customers (any unit: a tie-break only);
             * then the earlier failure */
            if (top[k] == KIKAN_NONE || st->sub_assets[a] > st->sub_assets[top[k]] ||
                (st->sub_assets[a] == st->sub_assets[top[k]] &&
                 st->sub_cust[a] > st->sub_cust[top[k]])) {
                for (int j = 2; j > k; j--) {
                    top[j] = top[j - 1];
                }
                top[k] = a;
                break;
            }
        }
    }
    if (top[0] != KIKAN_NONE) {
        fputs(" The links that spread it furthest:", out);
        for (int k = 0; k < 3 && top[k] != KIKAN_NONE; k++) {
            const kikan_id_t a = top[k];
            fprintf(out, "%s %s -> %s (%d asset%s down from there on)", k ? ";" : "",
                    kikan_strtab_get(&w->asset_ids, st->parent[a]),
                    kikan_strtab_get(&w->asset_ids, a), (int)st->sub_assets[a],
                    st->sub_assets[a] == 1.0 ? "" : "s");
        }
        fputc('.', out);
    }
    if (st->worst > 0.0) {
        fprintf(out, " The worst came at t = %.2f h, with %d asset%s down cutting off", st->worst_t,
                st->worst_assets, st->worst_assets == 1 ? "" : "s");
        int first = 1;
        for (kikan_id_t s = 0; s < w->n_sectors; s++) {
            if (st->worst_sec[s] > 0.0) {
                num(b2, sizeof(b2), st->worst_sec[s]);
                fprintf(out, "%s %s %s (%s)", first ? "" : ",", b2, w->sectors[s].unit,
                        kikan_strtab_get(&w->sector_ids, s));
                first = 0;
            }
        }
        fputc('.', out);
    } else {
        fputs(" No customer was cut off: every asset hit served none directly or rode on backup.",
              out);
    }
    fputc('\n', out);
}

static void story_free(story_t *st)
{
    free(st->parent);
    free(st->order);
    free(st->ever);
    free(st->down);
    free(st->sub_assets);
    free(st->sub_cust);
    free(st->sec_down);
    free(st->worst_sec);
}

/* Allocate the story of a world with A assets and S sectors; KIKAN_ENOMEM (st to be freed). */
static kikan_error_t story_init(story_t *st, kikan_id_t A, kikan_id_t S)
{
    memset(st, 0, sizeof(*st));
    st->first = KIKAN_NONE;
    st->parent = malloc((size_t)(A > 0 ? A : 1) * sizeof(*st->parent));
    st->order = malloc((size_t)(A > 0 ? A : 1) * sizeof(*st->order));
    st->ever = calloc((size_t)(A > 0 ? A : 1), 1);
    st->down = calloc((size_t)(A > 0 ? A : 1), 1);
    st->sub_assets = calloc((size_t)(A > 0 ? A : 1), sizeof(double));
    st->sub_cust = calloc((size_t)(A > 0 ? A : 1), sizeof(double));
    st->sec_down = calloc((size_t)(S > 0 ? S : 1), sizeof(double));
    st->worst_sec = calloc((size_t)(S > 0 ? S : 1), sizeof(double));
    if (st->parent == NULL || st->order == NULL || st->ever == NULL || st->down == NULL ||
        st->sub_assets == NULL || st->sub_cust == NULL || st->sec_down == NULL ||
        st->worst_sec == NULL) {
        return KIKAN_ENOMEM;
    }
    return KIKAN_OK;
}

/*
 * A timeline line "t=T h WHAT ID (...)  DETAIL": its asset (KIKAN_NONE when the line is not
 * one, or names no asset of w), time, event word and detail.
 */
static kikan_id_t parse_event(const kikan_world_t *w, const char *line, double *t, char what[16],
                              const char **detail)
{
    char id[256];
    int pos = 0;
    *t = 0.0;
    if (sscanf(line, "t=%lf h %15s %n", t, what, &pos) != 2) {
        return KIKAN_NONE;
    }
    const char *rest = line + pos, *paren = strstr(rest, " (");
    if (paren == NULL || (size_t)(paren - rest) >= sizeof(id)) {
        return KIKAN_NONE;
    }
    memcpy(id, rest, (size_t)(paren - rest));
    id[paren - rest] = '\0';
    const char *close = strstr(paren, ")  ");
    *detail = close != NULL ? close + 3 : "";
    return kikan_strtab_find(&w->asset_ids, id);
}

/* Follow asset a's event (what, at t) in the story; the customers it cuts off (> 0) or
   brings back (< 0). */
static double story_event(const kikan_world_t *w, story_t *st, kikan_id_t a, const char *what,
                          double t, const char *detail)
{
    const kikan_asset_t *as = &w->assets[a];
    const int goes_down = strcmp(what, "FAIL") == 0 || strcmp(what, "HIT") == 0;
    const int comes_back = strcmp(what, "RESTORE") == 0;
    double change = 0.0;
    if (goes_down && !st->down[a]) {
        st->down[a] = 1;
        st->n_down++;
        st->sec_down[as->sector] += as->customers;
        change = as->customers;
        if (!st->ever[a]) {
            st->ever[a] = 1;
            const int start =
                strncmp(detail, "implant:", 8) == 0 || strncmp(detail, "forcing:", 8) == 0;
            st->parent[a] = start ? KIKAN_NONE : provider_of(w, detail);
            st->order[st->n_order++] = a;
            if (start) {
                if (st->n_start++ == 0) {
                    st->t_start = t;
                    st->first = a;
                    snprintf(st->first_detail, sizeof(st->first_detail), "%s", detail);
                }
            }
        }
    } else if (comes_back && st->down[a]) {
        st->down[a] = 0;
        st->n_down--;
        st->sec_down[as->sector] -= as->customers;
        change = -as->customers;
    }
    return change;
}

/* The note after a line whose asset a changed who is cut off by `change` customers. */
static void print_change(FILE *out, const kikan_world_t *w, const story_t *st, kikan_id_t a,
                         double change)
{
    const kikan_asset_t *as = &w->assets[a];
    char c[64], now[64], ppl[64];
    const double per = w->sectors[as->sector].people_per_customer;
    num(c, sizeof(c), fabs(change));
    num(ppl, sizeof(ppl), fabs(change) * per);
    num(now, sizeof(now), st->sec_down[as->sector] * per);
    fprintf(out, "  | %s %s %s (%s people); %s now %s people cut off",
            change > 0 ? "cuts off" : "brings back", c, w->sectors[as->sector].unit, ppl,
            kikan_strtab_get(&w->sector_ids, as->sector), now);
}

kikan_error_t kikan_trace_render(FILE *out, const kikan_world_t *w, const char *raw, size_t len,
                                 const kikan_trace_filter_t *filter, const char *label)
{
    kikan_error_t err = KIKAN_OK;
    if (out == NULL || w == NULL || (raw == NULL && len > 0)) {
        return KIKAN_EINVAL;
    }
    story_t st;
    char *line = malloc(len + 1);
    err = story_init(&st, w->n_assets, w->n_sectors);
    if (err == KIKAN_OK && line == NULL) {
        err = KIKAN_ENOMEM;
    }
    if (err != KIKAN_OK) {
        goto cleanup;
    }
    int shown = 0, total = 0;
    double t_prev = NAN;
    for (size_t off = 0; off < len;) {
        size_t n = strcspn(raw + off, "\n");
        memcpy(line, raw + off, n);
        line[n] = '\0';
        off += n + (off + n < len);
        double t;
        char what[16];
        const char *detail;
        const kikan_id_t a = parse_event(w, line, &t, what, &detail);
        if (a == KIKAN_NONE) {
            fprintf(out, "%s\n", line); /* not a timeline line: as it is */
            continue;
        }
        total++;
        if (t != t_prev && !isnan(t_prev)) {
            note_worst(w, &st, t_prev);
        }
        t_prev = t;
        const double change = story_event(w, &st, a, what, t, detail);
        if (!matches(w, filter, a)) {
            continue;
        }
        shown++;
        fputs(line, out);
        if (change != 0.0) {
            print_change(out, w, &st, a, change);
        }
        fputc('\n', out);
    }
    if (!isnan(t_prev)) {
        note_worst(w, &st, t_prev);
    }
    if (filter != NULL && shown < total) {
        fprintf(out, "(%d of %d lines shown by --trace-filter; the summary covers them all)\n",
                shown, total);
    }
    summary(out, w, &st, label != NULL ? label : "this replicate");
    if (ferror(out)) {
        err = KIKAN_EIO;
    }
cleanup:
    free(line);
    story_free(&st);
    return err;
}
