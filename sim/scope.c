/*
 * The scope analysis: threshold sweeps per sector and size criterion, the
 * efficient frontier across sectors, the recommendation under a budget, the
 * small-but-critical operators and the equipment-class ranking. See
 * include/kikan/scope.h for what is measured.
 *
 * DESIGN: everything is a set of screening policies evaluated on the same
 * replicates (common random numbers), so a difference of two policies is a
 * paired difference and its CI is narrow. Policies are evaluated in batches:
 * (1) baseline, references, the per-threshold and per-class policies; (2)
 * the greedy frontier's combined policies and the cumulative class sets; (3)
 * operators below the recommendation screened alone. A batch is flattened
 * over (run, replicate) and run with OpenMP, one workspace per thread, each
 * run writing its own slot; sums over what-ifs and the statistics are formed
 * serially in a fixed order, so the results are bit-identical for any thread
 * count.
 *
 * Proven-identical runs are not repeated. The engine decides whether an
 * implant on unit u (an installation or a whole asset targeted by a
 * non-forcing event) is removed from (u_carry, u_screen, effectiveness) and
 * from whether u is screenable under the policy; the draws do not depend on
 * the policy. So replicate r of what-if w under policies P and Q gives the
 * same metrics when P and Q have the same effectiveness and the same set of
 * screenable units among w's non-forcing units with probability > 0 (units
 * of events after the horizon never matter either), and under any policy
 * whose set is empty (or whose effectiveness is 0) it gives the baseline's.
 * A "run" is therefore keyed by (what-if, effectiveness, screenable-unit
 * bitset); policies with an equal key share it. Lowering a threshold past
 * operators that own no targeted installation costs nothing.
 *
 * Small-but-critical operators: an operator's own systemic impact is the
 * impact removed by screening that operator alone (all its installations of
 * the screened classes). This is chosen over attributing cascades to its
 * compromised assets because it is exactly the quantity a policy can buy, it
 * counts what its assets cause downstream through every dependency path, and
 * it needs no extra bookkeeping in the kernel; the cost (one policy per
 * candidate) is bounded by max_candidates and mostly removed by the key
 * above (operators with no targeted installation are never simulated).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <omp.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_statistics_double.h>
#include "kikan/scope.h"
#include "models/world_impl.h"
#include "sim/engine_impl.h"
#include "sim/scope_impl.h"

void kikan_scope_options_default(kikan_scope_options_t *o)
{
    if (o == NULL) {
        return;
    }
    memset(o, 0, sizeof(*o));
    o->replicates = 128;
    o->measure = KIKAN_SCOPE_LIFE_WEIGHTED;
    o->effectiveness = -1.0;
    o->max_thresholds = 12;
    o->target_share = 0.9;
    o->max_candidates = 256;
    o->min_share = 0.01;
    o->top_k = 5;
    o->dedup = 1;
    o->bootstrap = 200;
    o->margin_share = 0.001;
    o->attacker_budget = 1;
    o->minimax_share = 0.10;
    o->worst_top = 5;
    o->close_candidates = 16;
}

/* ---- policies, runs and the batch runner ---------------------------------------------------- */

typedef struct {
    uint8_t *reg; /* [n_ops] owned */
    uint8_t *cls; /* [n_classes] owned; NULL = every class */
    double eff;
    int *run; /* [W] the run answering each what-if; -1 until resolved */
} pol_t;

typedef struct {
    int w;
    double eff;
    uint64_t hash;
    uint8_t *bits;  /* [unit bytes of w]; NULL = the baseline run of w */
    int pol;        /* a policy with this key (the one simulated) */
    double *impact; /* [R] */
    int done;
} run_t;

typedef struct {
    kikan_ctx_t *ctx;
    const kikan_model_t *m;
    const kikan_world_t *w;
    kikan_scope_measure_t measure;
    int dedup;
    int64_t R;
    int W;
    int64_t *u_lo, *u_hi; /* [W] unit range of each what-if */
    uint8_t *scratch;     /* a bitset of the largest range */
    pol_t *pols;
    int n_pols, cap_pols;
    run_t *runs;
    int n_runs, cap_runs;
    int nthreads;
    kikan_workspace_t **ws;
    double *obuf; /* per thread: S x (3 + C) + 1 doubles */
    int64_t sims, reused;
    int progress, batch;  /* a progress line on stderr (a terminal, not quiet) */
    double *base;         /* [R] baseline impact (sum over what-ifs) */
    double *d;            /* [R] scratch */
    const double *weight; /* [W] weight of each what-if in the harm; NULL: 1 each */
} sc_t;

/* One thread's replicate outputs: S x (3 + C) + 1 as ever, person-hours [S], records [1] and
   the curves [S x G] the economic measure needs. */
static int64_t obuf_per(const kikan_model_t *m)
{
    const int64_t S = m->n_sectors;
    return S * (3 + KIKAN_N_SIZE_CLASSES) + 1 + S + 1 + S * m->n_grid;
}

static const struct {
    const char *name, *unit;
} measures[KIKAN_SCOPE_N_MEASURES] = {
    {"weighted", "life-weighted person-hours"},
    {"customer_hours", "customer-hours (each sector in its own unit)"},
    {"people", "person-hours"},
    {"economic", "JPY"},
    {"records", "records"},
};

kikan_error_t kikan_scope_measure_parse(const char *name, kikan_scope_measure_t *measure)
{
    if (name == NULL || measure == NULL) {
        return KIKAN_EINVAL;
    }
    if (strcmp(name, "life_weighted") == 0) {
        *measure = KIKAN_SCOPE_LIFE_WEIGHTED;
        return KIKAN_OK;
    }
    for (int i = 0; i < KIKAN_SCOPE_N_MEASURES; i++) {
        if (strcmp(name, measures[i].name) == 0) {
            *measure = (kikan_scope_measure_t)i;
            return KIKAN_OK;
        }
    }
    return KIKAN_EINPUT;
}

const char *kikan_scope_measure_name(kikan_scope_measure_t measure)
{
    return (int)measure >= 0 && (int)measure < KIKAN_SCOPE_N_MEASURES ? measures[measure].name
                                                                      : "?";
}

const char *kikan_scope_measure_unit(kikan_scope_measure_t measure)
{
    return (int)measure >= 0 && (int)measure < KIKAN_SCOPE_N_MEASURES ? measures[measure].unit
                                                                      : "?";
}

static int64_t bits_bytes(const sc_t *s, int w)
{
    return (s->u_hi[w] - s->u_lo[w] + 7) / 8;
}

static int unit_counts(const kikan_cevent_t *ev, const kikan_model_t *m)
{
    return !ev->forcing && ev->probability > 0.0 && ev->at <= m->horizon;
}

static int screenable(const kikan_model_t *m, const pol_t *p, int64_t u)
{
    if (!p->reg[m->a_op[m->unit_asset[u]]]) {
        return 0;
    }
    const kikan_id_t c = m->unit_class[u];
    return p->cls == NULL || (c != KIKAN_NONE && p->cls[c]);
}

static kikan_error_t sc_init(sc_t *s, kikan_ctx_t *ctx, const kikan_model_t *m, int64_t R,
                             kikan_scope_measure_t measure, int dedup)
{
    kikan_error_t err = KIKAN_OK;
    memset(s, 0, sizeof(*s));
    s->ctx = ctx;
    s->m = m;
    s->w = m->world;
    s->R = R;
    s->W = m->n_whatifs;
    s->measure = measure;
    s->dedup = dedup;
    s->progress = !kikan_ctx_quiet(ctx) && isatty(fileno(stderr));
    s->batch = 1;
    KIKAN_CHECK_ALLOC(s->u_lo = calloc((size_t)s->W + 1, sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(s->u_hi = calloc((size_t)s->W + 1, sizeof(int64_t)));
    int64_t maxb = 1;
    for (int w = 0; w < s->W; w++) {
        int64_t lo = INT64_MAX, hi = 0;
        for (int e = m->wi_off[w]; e < m->wi_off[w + 1]; e++) {
            const kikan_cevent_t *ev = &m->events[e];
            if (ev->unit_off < lo) {
                lo = ev->unit_off;
            }
            if (ev->unit_off + ev->n_units > hi) {
                hi = ev->unit_off + ev->n_units;
            }
        }
        s->u_lo[w] = lo == INT64_MAX ? 0 : lo;
        s->u_hi[w] = lo == INT64_MAX ? 0 : hi;
        if (bits_bytes(s, w) > maxb) {
            maxb = bits_bytes(s, w);
        }
    }
    KIKAN_CHECK_ALLOC(s->scratch = calloc((size_t)maxb, 1));
    KIKAN_CHECK_ALLOC(s->base = calloc((size_t)R, sizeof(double)));
    KIKAN_CHECK_ALLOC(s->d = calloc((size_t)R, sizeof(double)));
    s->nthreads = kikan_ctx_threads(ctx);
    if (s->nthreads < 1) {
        s->nthreads = 1;
    }
    KIKAN_CHECK_ALLOC(s->ws = calloc((size_t)s->nthreads, sizeof(*s->ws)));
    for (int i = 0; i < s->nthreads; i++) {
        KIKAN_CHECK(kikan_workspace_new(m, &s->ws[i]));
    }
    const int64_t per = obuf_per(m);
    KIKAN_CHECK_ALLOC(s->obuf = calloc((size_t)(per * s->nthreads), sizeof(double)));
cleanup:
    return err;
}

static void sc_free(sc_t *s)
{
    for (int i = 0; i < s->n_pols; i++) {
        free(s->pols[i].reg);
        free(s->pols[i].cls);
        free(s->pols[i].run);
    }
    free(s->pols);
    for (int i = 0; i < s->n_runs; i++) {
        free(s->runs[i].bits);
        free(s->runs[i].impact);
    }
    free(s->runs);
    if (s->ws != NULL) {
        for (int i = 0; i < s->nthreads; i++) {
            kikan_workspace_free(&s->ws[i]);
        }
    }
    free(s->ws);
    free(s->obuf);
    free(s->u_lo);
    free(s->u_hi);
    free(s->scratch);
    free(s->base);
    free(s->d);
}

/* Add a policy (reg and cls copied; cls NULL = every class); its index in *out. */
static kikan_error_t add_policy(sc_t *s, const uint8_t *reg, const uint8_t *cls, double eff,
                                int *out)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_model_t *m = s->m;
    if (s->n_pols == s->cap_pols) {
        const int cap = s->cap_pols ? 2 * s->cap_pols : 64;
        pol_t *np = realloc(s->pols, (size_t)cap * sizeof(*np));
        KIKAN_CHECK_ALLOC(np);
        s->pols = np;
        s->cap_pols = cap;
    }
    pol_t *p = &s->pols[s->n_pols];
    memset(p, 0, sizeof(*p));
    s->n_pols++; /* counted now so that sc_free frees a half-built one */
    p->eff = eff;
    KIKAN_CHECK_ALLOC(p->reg = malloc((size_t)m->n_ops + 1));
    if (m->n_ops > 0) {
        memcpy(p->reg, reg, (size_t)m->n_ops);
    }
    if (cls != NULL) {
        KIKAN_CHECK_ALLOC(p->cls = malloc((size_t)m->n_classes + 1));
        if (m->n_classes > 0) {
            memcpy(p->cls, cls, (size_t)m->n_classes);
        }
    }
    KIKAN_CHECK_ALLOC(p->run = malloc((size_t)(s->W + 1) * sizeof(int)));
    for (int w = 0; w < s->W; w++) {
        p->run[w] = -1;
    }
    *out = s->n_pols - 1;
cleanup:
    return err;
}

static uint64_t fnv(const uint8_t *b, int64_t n, uint64_t h)
{
    for (int64_t i = 0; i < n; i++) {
        h = (h ^ b[i]) * 1099511628211ULL;
    }
    return h;
}

static kikan_error_t new_run(sc_t *s, int w, double eff, uint64_t hash, const uint8_t *bits,
                             int pol, int *out)
{
    kikan_error_t err = KIKAN_OK;
    if (s->n_runs == s->cap_runs) {
        const int cap = s->cap_runs ? 2 * s->cap_runs : 64;
        run_t *nr = realloc(s->runs, (size_t)cap * sizeof(*nr));
        KIKAN_CHECK_ALLOC(nr);
        s->runs = nr;
        s->cap_runs = cap;
    }
    run_t *r = &s->runs[s->n_runs];
    memset(r, 0, sizeof(*r));
    s->n_runs++;
    r->w = w;
    r->eff = eff;
    r->hash = hash;
    r->pol = pol;
    KIKAN_CHECK_ALLOC(r->impact = calloc((size_t)s->R, sizeof(double)));
    if (bits != NULL) {
        const int64_t nb = bits_bytes(s, w);
        KIKAN_CHECK_ALLOC(r->bits = malloc((size_t)nb + 1));
        memcpy(r->bits, bits, (size_t)nb);
    }
    *out = s->n_runs - 1;
cleanup:
    return err;
}

/* Give every policy without runs the run of each what-if, creating runs for new keys. */
static kikan_error_t resolve(sc_t *s)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_model_t *m = s->m;
    for (int pi = 0; pi < s->n_pols; pi++) {
        pol_t *p = &s->pols[pi];
        for (int w = 0; w < s->W; w++) {
            if (p->run[w] >= 0) {
                continue;
            }
            const int64_t nb = bits_bytes(s, w);
            memset(s->scratch, 0, (size_t)(nb > 0 ? nb : 1));
            int any = 0;
            if (p->eff > 0.0) {
                for (int e = m->wi_off[w]; e < m->wi_off[w + 1]; e++) {
                    const kikan_cevent_t *ev = &m->events[e];
                    if (!unit_counts(ev, m)) {
                        continue;
                    }
                    for (int64_t u = ev->unit_off; u < ev->unit_off + ev->n_units; u++) {
                        if (screenable(m, p, u)) {
                            const int64_t b = u - s->u_lo[w];
                            s->scratch[b >> 3] |= (uint8_t)(1u << (b & 7));
                            any = 1;
                        }
                    }
                }
            }
            const double eff = any ? p->eff : 0.0;
            const uint64_t h =
                any ? fnv(s->scratch, nb,
                          fnv((const uint8_t *)&eff, sizeof(eff), 1469598103934665603ULL))
                    : 0;
            int found = -1;
            if (s->dedup || !any) {
                for (int j = 0; j < s->n_runs && found < 0; j++) {
                    const run_t *r = &s->runs[j];
                    if (r->w != w || r->hash != h || (r->bits != NULL) != any) {
                        continue;
                    }
                    if (!any || (r->eff == eff && memcmp(r->bits, s->scratch, (size_t)nb) == 0)) {
                        found = j;
                    }
                }
            }
            if (found < 0) {
                KIKAN_CHECK(new_run(s, w, eff, h, any ? s->scratch : NULL, pi, &found));
            } else {
                s->reused += s->R;
            }
            p->run[w] = found;
        }
    }
cleanup:
    return err;
}

/*
 * The harm the scope minimises, from one replicate's metrics: the one place that
 * decides what "impact" means (a new measure is a new case here).
 */
/*
 * The harm of one replicate under the chosen measure: the one place where the
 * measure is chosen (the economic loss from the replicate's curves, with the
 * thread's solver; records exposed; or a sum over sectors).
 */
static kikan_error_t harm(kikan_workspace_t *ws, const kikan_replicate_out_t *out, int64_t S,
                          kikan_scope_measure_t measure, double *sum)
{
    *sum = 0.0;
    if (measure == KIKAN_SCOPE_ECONOMIC) {
        return kikan_econ_loss(&ws->econ_desc, ws->econ, out->curves, sum);
    }
    if (measure == KIKAN_SCOPE_RECORDS) {
        *sum = out->records[0];
        return KIKAN_OK;
    }
    const double *v = measure == KIKAN_SCOPE_LIFE_WEIGHTED ? out->life_weighted
                      : measure == KIKAN_SCOPE_PEOPLE      ? out->person_hours
                                                           : out->customer_hours;
    for (int64_t k = 0; k < S; k++) {
        *sum += v[k];
    }
    return KIKAN_OK;
}

/* Simulate every run not yet done: (run, replicate) pairs in parallel, own slots. */
static kikan_error_t run_pending(sc_t *s)
{
    kikan_error_t err = KIKAN_OK;
    int *pend = NULL;
    int np = 0;
    KIKAN_CHECK(resolve(s));
    KIKAN_CHECK_ALLOC(pend = malloc((size_t)(s->n_runs + 1) * sizeof(int)));
    for (int j = 0; j < s->n_runs; j++) {
        if (!s->runs[j].done) {
            pend[np++] = j;
        }
    }
    const kikan_model_t *m = s->m;
    const int64_t R = s->R, total = (int64_t)np * R;
    const int64_t S = m->n_sectors, per = obuf_per(m);
    const int nthreads = s->nthreads;
    const kikan_scope_measure_t measure = s->measure;
    int fail = KIKAN_OK;
    const int64_t block = 64 * (int64_t)nthreads;
    /* across processes: each rank simulates a contiguous share of the (run, replicate)
       pairs, the others' slots are exactly 0, and the sum over ranks gives every rank all
       the impacts, bit-identical to one process (sim/mpi.c) */
    const int nproc = kikan_ctx_mpi_size(s->ctx);
    int64_t lo = 0, hi = total;
    kikan_mpi_share(total, kikan_ctx_mpi_rank(s->ctx), nproc, &lo, &hi);
    if (nproc > 1) {
        for (int k = 0; k < np; k++) {
            memset(s->runs[pend[k]].impact, 0, (size_t)R * sizeof(double));
        }
    }
    for (int64_t b0 = lo; b0 < hi; b0 += block) {
        if (kikan_ctx_stop_requested(s->ctx)) {
            fail = KIKAN_EINTERRUPTED;
            break;
        }
        const int64_t b1 = hi - b0 > block ? b0 + block : hi;
#pragma omp parallel for num_threads(nthreads) schedule(dynamic) default(none)                     \
    shared(s, m, pend, R, S, per, measure, b0, b1, fail)
        for (int64_t i = b0; i < b1; i++) {
            const int tid = omp_get_thread_num();
            run_t *run = &s->runs[pend[i / R]];
            const int64_t r = i % R;
            const pol_t *p = &s->pols[run->pol];
            const kikan_policy_t pol = {p->reg, p->cls, run->eff};
            double *o = s->obuf + per * tid;
            double *ph = o + S * (3 + KIKAN_N_SIZE_CLASSES) + 1, *rec = ph + S, *cur = rec + 1;
            kikan_replicate_out_t out = {o,
                                         o + S,
                                         o + 2 * S,
                                         o + 3 * S,
                                         measure == KIKAN_SCOPE_ECONOMIC ? cur : NULL,
                                         o + S * (3 + KIKAN_N_SIZE_CLASSES),
                                         NULL,
                                         ph,
                                         NULL,
                                         rec};
            kikan_error_t e =
                kikan_replicate_run(m, run->w, r, run->bits ? &pol : NULL, s->ws[tid], &out);
            double sum = 0.0;
            if (e == KIKAN_OK) {
                e = harm(s->ws[tid], &out, S, measure, &sum);
            }
            if (e != KIKAN_OK) {
#pragma omp atomic write
                fail = (int)e;
                continue;
            }
            run->impact[r] = sum;
        }
        if (fail != KIKAN_OK) {
            break;
        }
        if (s->progress) {
            fprintf(stderr, "\rkikan scope: batch %d: %lld/%lld runs", s->batch,
                    (long long)(b1 - lo), (long long)(hi - lo));
        }
    }
    for (int k = 0; k < np && nproc > 1; k++) {
        KIKAN_CHECK(kikan_mpi_allreduce(s->ctx, s->runs[pend[k]].impact, R, &fail));
    }
    if (fail != KIKAN_OK) {
        KIKAN_FAIL((kikan_error_t)fail);
    }
    if (s->progress && total > 0) {
        fputc('\n', stderr);
    }
    s->batch++;
    for (int k = 0; k < np; k++) {
        s->runs[pend[k]].done = 1;
    }
    s->sims += total;
cleanup:
    free(pend);
    return err;
}

/* Impact of policy p in replicate r: the (weighted) sum over what-ifs in order. */
static double pol_impact(const sc_t *s, int p, int64_t r)
{
    double sum = 0.0;
    for (int w = 0; w < s->W; w++) {
        const double x = s->runs[s->pols[p].run[w]].impact[r];
        sum += s->weight != NULL ? s->weight[w] * x : x;
    }
    return sum;
}

static void mean_ci(const double *x, int64_t n, double *mean, double *ci)
{
    *mean = gsl_stats_mean(x, 1, (size_t)n);
    if (n < 2) {
        *ci = NAN;
        return;
    }
    const double sd = gsl_stats_sd_m(x, 1, (size_t)n, *mean);
    *ci = sd == 0.0 ? 0.0 : gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * sd / sqrt((double)n);
}

/* Impact removed by policy p: mean and CI of baseline - policy (paired). */
static void removed(sc_t *s, int p, double *mean, double *ci)
{
    for (int64_t r = 0; r < s->R; r++) {
        s->d[r] = s->base[r] - pol_impact(s, p, r);
    }
    mean_ci(s->d, s->R, mean, ci);
}

/* ---- thresholds ------------------------------------------------------------------------------ */

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_double_desc(const void *a, const void *b)
{
    return cmp_double(b, a);
}

static int op_in_sector(const kikan_world_t *w, kikan_id_t op, kikan_id_t sec)
{
    for (int i = 0; i < w->operators[op].n_sectors; i++) {
        if (w->operators[op].sectors[i] == sec) {
            return 1;
        }
    }
    return 0;
}

/* Smallest of the sorted distinct values v[0..n) that is >= x (v[n-1] when none). */
static double snap_up(const double *v, int n, double x)
{
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (v[mid] >= x) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    return v[lo];
}

/*
 * Thresholds of one criterion, descending and distinct, into out (capacity
 * max(n_given, max_k)). Derived ones are operators' own values: half at
 * quantiles of the distinct values, half log-spaced between the smallest
 * positive and the largest (snapped up to an operator's value), so both the
 * many small operators and the few large ones are resolved.
 */
static int thresholds(const kikan_criterion_t *c, const double *vals, int nv, int max_k,
                      double *out)
{
    int n = 0;
    if (c->thresholds != NULL && c->n_thresholds > 0) {
        for (int i = 0; i < c->n_thresholds; i++) {
            out[n++] = c->thresholds[i];
        }
    } else if (nv <= max_k) {
        for (int i = 0; i < nv; i++) {
            out[n++] = vals[i];
        }
    } else {
        const int kq = (max_k + 1) / 2, kl = max_k - kq;
        for (int i = 0; i < kq; i++) {
            const int idx = kq > 1 ? (int)lround((double)i * (nv - 1) / (kq - 1)) : nv - 1;
            out[n++] = vals[idx];
        }
        int first_pos = 0;
        while (first_pos < nv && !(vals[first_pos] > 0)) {
            first_pos++;
        }
        if (kl > 1 && first_pos < nv - 1) {
            const double l0 = log(vals[first_pos]), l1 = log(vals[nv - 1]);
            for (int i = 0; i < kl; i++) {
                out[n++] = snap_up(vals, nv, exp(l0 + (l1 - l0) * i / (kl - 1)));
            }
        }
    }
    qsort(out, (size_t)n, sizeof(double), cmp_double_desc);
    int k = 0;
    for (int i = 0; i < n; i++) { /* distinct */
        if (k == 0 || out[i] != out[k - 1]) {
            out[k++] = out[i];
        }
    }
    return k;
}

/* ---- result ---------------------------------------------------------------------------------- */

void kikan_scope_result_free(kikan_scope_result_t **rp)
{
    if (rp == NULL || *rp == NULL) {
        return;
    }
    kikan_scope_result_t *r = *rp;
    for (int i = 0; r->comp_name != NULL && i < r->n_comp; i++) {
        free(r->comp_name[i]);
    }
    free(r->comp_name);
    free(r->comp_portfolio);
    free(r->comp_vendor);
    free(r->comp_class);
    free(r->comp_contractor);
    free(r->comp_whatif);
    free(r->fr_worst);
    free(r->fr_worst_ci);
    free(r->fr_worst_comp);
    free(r->fr_top);
    free(r->fr_top_harm);
    free(r->fr_top_ci);
    free(r->mm_in);
    free(r->mm_out);
    free(r->close_op);
    free(r->close_worst);
    free(r->close_ci);
    free(r->close_comp);
    free(r->crit_sector);
    free(r->crit_metric);
    free(r->crit_n_ops);
    free(r->crit_off);
    free(r->thr);
    free(r->thr_ops);
    free(r->thr_smes);
    free(r->thr_removed);
    free(r->thr_ci);
    free(r->thr_share);
    free(r->fr_ops);
    free(r->fr_smes);
    free(r->fr_cost);
    free(r->fr_estimate);
    free(r->fr_removed);
    free(r->fr_ci);
    free(r->fr_share);
    free(r->fr_row);
    free(r->rec_thr);
    kikan_scope_sens_free(&r->sens);
    free(r->op_burden);
    free(r->fr_burden);
    free(r->fr_burden_sme);
    free(r->fr_rep);
    free(r->fr_step);
    free(r->fr_step_ci);
    free(r->fr_step_sig);
    free(r->op_point);
    free(r->op_crit);
    free(r->rec_ops);
    free(r->rec_boot);
    free(r->rec_seeds);
    free(r->scenario);
    free(r->overrides);
    free(r->ev_name);
    free(r->ev_source);
    free(r->ev_path);
    free(r->ev_ops);
    free(r->ev_in);
    free(r->ev_out);
    free(r->sc_op);
    free(r->sc_sector);
    free(r->sc_removed);
    free(r->sc_ci);
    free(r->sc_share);
    free(r->sc_size_share);
    free(r->sc_dependents);
    free(r->sc_below_all);
    if (r->sc_reason != NULL) {
        for (int i = 0; i < r->n_small; i++) {
            free(r->sc_reason[i]);
        }
    }
    free(r->sc_reason);
    free(r->cls_rank);
    free(r->cls_removed);
    free(r->cls_ci);
    free(r->cls_share);
    free(r->cls_cum_removed);
    free(r->cls_cum_ci);
    kikan_scope_tables_free(&r->tables);
    free(r);
    *rp = NULL;
}

static double share_of(double x, double total)
{
    return total > 0.0 ? x / total : 0.0;
}

/* ---- the analysis -----------------------------------------------------------------------------
 */

/* Operator op's cost: its burden (cost_is_burden), its cost metric, or 0. */
static double op_cost(const kikan_world_t *w, const kikan_scope_result_t *res, kikan_id_t op)
{
    if (res->cost_is_burden) {
        return res->op_burden[op];
    }
    if (res->cost_metric != KIKAN_NONE) {
        const double v = kikan_world_metric(w, op, res->cost_metric);
        return isfinite(v) ? v : 0.0;
    }
    return 0.0;
}

/* Union of the criteria's rows in state `row` into reg; returns operators and SMEs, cost. */
static kikan_id_t union_policy(const kikan_world_t *w, const kikan_scope_result_t *res,
                               const uint8_t *rowreg, const int *row, uint8_t *reg,
                               kikan_id_t *smes, double *cost)
{
    const kikan_id_t n = w->n_operators;
    memset(reg, 0, (size_t)n + 1);
    for (int c = 0; c < res->n_criteria; c++) {
        if (row[c] < 0) {
            continue;
        }
        const uint8_t *rr = rowreg + (int64_t)(res->crit_off[c] + row[c]) * n;
        for (kikan_id_t op = 0; op < n; op++) {
            reg[op] |= rr[op];
        }
    }
    kikan_id_t cnt = 0, sm = 0;
    double cs = 0.0;
    for (kikan_id_t op = 0; op < n; op++) {
        if (reg[op]) {
            cnt++;
            sm += w->operators[op].sme != 0;
            cs += op_cost(w, res, op);
        }
    }
    *smes = sm;
    *cost = cs;
    return cnt;
}

typedef struct {
    kikan_id_t op;
    double key;
} cand_t;

static int cmp_cand(const void *a, const void *b)
{
    const cand_t *x = a, *y = b;
    if (x->key != y->key) {
        return x->key > y->key ? -1 : 1;
    }
    return (x->op > y->op) - (x->op < y->op);
}

static int cmp_i64(const void *a, const void *b)
{
    const int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The "why" of a flagged operator. */
static char *reason(const kikan_world_t *w, const kikan_scope_result_t *res, kikan_id_t op,
                    double size_share, int size_crit, double share, int below_all,
                    kikan_id_t *n_dep_out, kikan_id_t *stamp, kikan_id_t *per_sector,
                    kikan_id_t *kind_count)
{
    /* distinct dependent operators, per sector of the dependent asset */
    memset(per_sector, 0, (size_t)w->n_sectors * sizeof(kikan_id_t));
    kikan_id_t n_dep = 0;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_asset_t *pa = &w->assets[w->deps[d].provider];
        const kikan_asset_t *da = &w->assets[w->deps[d].dependent];
        if (pa->op != op || da->op == op || stamp[da->op] == op + 1) {
            continue;
        }
        stamp[da->op] = op + 1;
        per_sector[da->sector]++;
        n_dep++;
    }
    kikan_id_t best = KIKAN_NONE;
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        if (per_sector[s] > 0 && (best == KIKAN_NONE || per_sector[s] > per_sector[best])) {
            best = s;
        }
    }
    /* the operator's most common asset kind */
    const kikan_id_t nk = w->kinds.n;
    memset(kind_count, 0, (size_t)(nk + 1) * sizeof(kikan_id_t));
    kikan_id_t kind = KIKAN_NONE;
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        if (w->assets[a].op == op && w->assets[a].kind >= 0 && w->assets[a].kind < nk) {
            const kikan_id_t k = w->assets[a].kind;
            if (++kind_count[k] > (kind == KIKAN_NONE ? 0 : kind_count[kind])) {
                kind = k;
            }
        }
    }
    char a[256], b[256], all[48] = "";
    if (best != KIKAN_NONE) {
        if (n_dep > per_sector[best]) {
            snprintf(all, sizeof(all), ", %d in all sectors", (int)n_dep);
        }
        snprintf(a, sizeof(a), "%s: %d operator%s depend%s on it directly%s%s%s%s",
                 kikan_strtab_get(&w->sector_ids, best), (int)per_sector[best],
                 per_sector[best] == 1 ? "" : "s", per_sector[best] == 1 ? "s" : "",
                 kind != KIKAN_NONE ? " (" : "",
                 kind != KIKAN_NONE ? kikan_strtab_get(&w->kinds, kind) : "",
                 kind != KIKAN_NONE ? ")" : "", all);
    } else {
        snprintf(a, sizeof(a), "no other operator depends on it directly");
    }
    if (size_crit >= 0 && !isfinite(kikan_world_metric(w, op, res->crit_metric[size_crit]))) {
        snprintf(b, sizeof(b), "size not given (%s)",
                 kikan_strtab_get(&w->metric_names, res->crit_metric[size_crit]));
    } else if (size_crit >= 0) {
        snprintf(b, sizeof(b), "size %.3g%% of %s %s", 100.0 * size_share,
                 kikan_strtab_get(&w->sector_ids, res->crit_sector[size_crit]),
                 kikan_strtab_get(&w->metric_names, res->crit_metric[size_crit]));
    } else {
        snprintf(b, sizeof(b), "size not given");
    }
    const size_t n = strlen(a) + strlen(b) + 128;
    char *out = malloc(n);
    if (out != NULL) {
        snprintf(out, n, "%s; %s, impact %.3g%% of removable impact%s", a, b, 100.0 * share,
                 below_all ? "; below every threshold" : "");
    }
    *n_dep_out = n_dep;
    return out;
}

/* ---- the analysis, one job per part ----------------------------------------------------------
 *
 * kikan_scope_run is a sequence of parts sharing one job_t: check the inputs
 * (check_inputs), build the sweeps and their policies (build_sweeps), run
 * batch 1 and read the references, rows and classes (read_batch1), walk the
 * greedy frontier and run batch 2 (greedy_frontier), keep the confirmed
 * frontier with its paired steps and who it regulates (confirm_frontier),
 * recommend (kikan_scope_recommend), measure how stable that is
 * (kikan_scope_stability_bootstrap, seed_stability) and flag the small-but-critical
 * operators (small_but_critical, batch 3).
 */

typedef struct {
    kikan_ctx_t *ctx;
    const kikan_model_t *m;
    const kikan_world_t *w;
    const kikan_scenario_t *scn;
    kikan_scope_options_t opt;
    double eff, cost_budget, small_factor;
    int budget, cost_ok, cost_mode;
    sc_t s;
    int sc_ready;
    kikan_scope_result_t *res;
    uint8_t *reg, *cur, *cls, *scope_cls, *rowreg;
    int p_base, p_perfect, p_all;
    int *row_pol, *cls_pol, *cum_pol;
    int n_cand;
    int *cand_rows, *cand_pol;
    double *cand_est;
    cand_t *cands;
    double *wt_own; /* [W] the scenario's what-if weights, when options give none */
    int *fr_pol;    /* [n_frontier] the policy of each frontier point */
    int ev_pol;     /* the evaluated policy's (-1: none) */
} job_t;

static void job_free(job_t *j)
{
    if (j->sc_ready) {
        sc_free(&j->s);
    }
    kikan_scope_result_free(&j->res);
    free(j->reg);
    free(j->cur);
    free(j->cls);
    free(j->scope_cls);
    free(j->rowreg);
    free(j->row_pol);
    free(j->cls_pol);
    free(j->cum_pol);
    free(j->cand_rows);
    free(j->cand_pol);
    free(j->cand_est);
    free(j->cands);
    free(j->wt_own);
    free(j->fr_pol);
}

/* Check the options and the scenario's scope and screening sections (diagnostics in ctx). */
static kikan_error_t check_inputs(job_t *j)
{
    const kikan_world_t *w = j->w;
    const kikan_scenario_t *scn = j->scn;
    const kikan_scope_t *sp = &scn->scope;
    const kikan_id_t n_metrics = w->metric_names.n;
    kikan_scope_options_t *opt = &j->opt;
    if (opt->replicates < 1 || (int)opt->measure < 0 ||
        (int)opt->measure >= KIKAN_SCOPE_N_MEASURES) {
        return KIKAN_EINVAL;
    }
    if (opt->measure == KIKAN_SCOPE_ECONOMIC && !kikan_model_econ(j->m, NULL)) {
        const char *why = kikan_model_econ_note(j->m);
        kikan_diag_add(j->ctx, "scope --measure economic: the economic loss is not computed%s%s",
                       why ? ": " : "", why ? why : "");
        return KIKAN_EINPUT;
    }
    for (int k = 0; opt->whatif_weight != NULL && k < j->m->n_whatifs; k++) {
        if (!(opt->whatif_weight[k] >= 0) || !isfinite(opt->whatif_weight[k])) {
            return KIKAN_EINVAL;
        }
    }
    if (opt->max_thresholds < 2) {
        opt->max_thresholds = 2;
    }
    j->small_factor = sp->small_factor > 0 ? sp->small_factor : 5.0;
    j->eff = opt->effectiveness;
    if (j->eff < 0) {
        j->eff = scn->screening.enabled ? scn->screening.effectiveness : 0.9;
    }
    int bad = 0;
    if (!(j->eff >= 0 && j->eff <= 1)) {
        kikan_diag_add(j->ctx, "scope: screening effectiveness %g is outside [0, 1]", j->eff);
        bad = 1;
    }
    if (sp->n_criteria < 0 || (sp->n_criteria > 0 && sp->criteria == NULL)) {
        kikan_diag_add(j->ctx, "scope: criteria: list missing");
        bad = 1;
    }
    for (int c = 0; c < sp->n_criteria && sp->criteria != NULL; c++) {
        const kikan_criterion_t *cr = &sp->criteria[c];
        if (cr->sector < 0 || cr->sector >= w->n_sectors) {
            kikan_diag_add(j->ctx, "scope: criteria[%d]: sector %d does not exist", c,
                           (int)cr->sector);
            bad = 1;
        }
        if (cr->metric < 0 || cr->metric >= n_metrics) {
            kikan_diag_add(j->ctx, "scope: criteria[%d]: metric %d does not exist", c,
                           (int)cr->metric);
            bad = 1;
        }
        for (int i = 0; i < cr->n_thresholds && cr->thresholds != NULL; i++) {
            if (!isfinite(cr->thresholds[i])) {
                kikan_diag_add(j->ctx, "scope: criteria[%d]: thresholds[%d] is not finite", c, i);
                bad = 1;
            }
        }
    }
    j->budget = opt->budget > 0 ? opt->budget : (sp->budget > 0 ? sp->budget : 0);
    j->cost_budget = opt->cost_budget > 0 ? opt->cost_budget : sp->cost_budget;
    j->cost_ok = opt->budget_burden || (sp->cost_metric >= 0 && sp->cost_metric < n_metrics);
    if (opt->budget_burden && !(opt->cost_budget > 0)) {
        kikan_diag_add(j->ctx, "scope: a burden budget must be positive");
        bad = 1;
    }
    if (!(sp->burden_fixed >= 0) || !(sp->burden_per_installation >= 0)) {
        kikan_diag_add(j->ctx, "scope: burden parameters must be >= 0");
        bad = 1;
    }
    if (opt->cost_budget > 0 && !j->cost_ok) {
        kikan_diag_add(j->ctx, "scope: a cost budget needs scope.cost_metric");
        bad = 1;
    }
    j->cost_mode = j->cost_ok && j->cost_budget > 0;
    if (scn->screening.n_classes > 0 && scn->screening.classes == NULL) {
        bad = 1;
    }
    for (int i = 0; i < scn->screening.n_classes && scn->screening.classes != NULL; i++) {
        if (scn->screening.classes[i] < 0 || scn->screening.classes[i] >= w->n_classes) {
            kikan_diag_add(j->ctx, "scope: screening.classes[%d]: class %d does not exist", i,
                           (int)scn->screening.classes[i]);
            bad = 1;
        }
    }
    return bad ? KIKAN_EINPUT : KIKAN_OK;
}

/* The result's header, the work arrays, and the reference policies (baseline, perfect, all). */
static kikan_error_t start_job(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t n_ops = j->w->n_operators, n_cls = j->w->n_classes;
    j->sc_ready = 1; /* sc_free copes with a half-built s */
    KIKAN_CHECK(sc_init(&j->s, j->ctx, j->m, j->opt.replicates, j->opt.measure, j->opt.dedup));
    j->s.weight = j->opt.whatif_weight;
    /* without weights in the options: the scenario's (1 by hand, the portfolio's table) */
    if (j->s.weight == NULL && j->scn->whatif_weight != NULL &&
        j->scn->n_whatifs == j->m->n_whatifs) {
        KIKAN_CHECK_ALLOC(j->wt_own = malloc(((size_t)j->m->n_whatifs + 1) * sizeof(double)));
        for (int k = 0; k < j->m->n_whatifs; k++) {
            const double x = kikan_scenario_whatif_weight(j->scn, k);
            j->wt_own[k] = isfinite(x) && x >= 0 ? x : 1.0;
        }
        j->s.weight = j->wt_own;
    }
    KIKAN_CHECK_ALLOC(j->res = calloc(1, sizeof(*j->res)));
    kikan_scope_result_t *res = j->res;
    res->n_replicates = j->opt.replicates;
    res->n_whatifs = j->m->n_whatifs;
    res->n_operators = n_ops;
    res->n_classes = n_cls;
    res->n_sectors = j->w->n_sectors;
    res->measure = j->opt.measure;
    res->effectiveness = j->eff;
    res->seed = j->m->seed;
    KIKAN_CHECK_ALLOC(res->scenario = strdup(j->scn->name != NULL ? j->scn->name : ""));
    if (j->scn->overrides != NULL) {
        KIKAN_CHECK_ALLOC(res->overrides = strdup(j->scn->overrides));
    }
    res->target_share = j->opt.target_share;
    res->margin_share = j->opt.margin_share;
    res->cost_metric = j->cost_ok && !j->opt.budget_burden ? j->scn->scope.cost_metric : KIKAN_NONE;
    res->cost_is_burden = j->opt.budget_burden;
    res->budget = j->cost_mode ? 0 : j->budget;
    res->cost_budget = j->cost_mode ? j->cost_budget : 0.0;
    KIKAN_CHECK_ALLOC(j->reg = calloc((size_t)n_ops + 1, 1));
    KIKAN_CHECK_ALLOC(j->cur = calloc((size_t)n_ops + 1, 1));
    KIKAN_CHECK_ALLOC(j->cls = calloc((size_t)n_cls + 1, 1));
    if (j->scn->screening.n_classes > 0) {
        KIKAN_CHECK_ALLOC(j->scope_cls = calloc((size_t)n_cls + 1, 1));
        for (int i = 0; i < j->scn->screening.n_classes; i++) {
            j->scope_cls[j->scn->screening.classes[i]] = 1;
        }
    }
    res->burden_fixed = j->scn->scope.burden_fixed;
    res->burden_per_installation = j->scn->scope.burden_per_installation;
    KIKAN_CHECK_ALLOC(res->op_burden = calloc((size_t)n_ops + 1, sizeof(double)));
    for (kikan_id_t op = 0; op < n_ops; op++) {
        res->op_burden[op] = res->burden_fixed;
    }
    for (kikan_id_t i = 0; i < j->w->n_installs; i++) {
        const kikan_install_t *in = &j->w->installs[i];
        if (j->scope_cls == NULL || (in->cls != KIKAN_NONE && j->scope_cls[in->cls])) {
            res->op_burden[j->w->assets[in->asset].op] += res->burden_per_installation;
        }
    }
    KIKAN_CHECK(add_policy(&j->s, j->reg, NULL, 0.0, &j->p_base));
    memset(j->reg, 1, (size_t)n_ops + 1);
    KIKAN_CHECK(add_policy(&j->s, j->reg, NULL, 1.0, &j->p_perfect));
    KIKAN_CHECK(add_policy(&j->s, j->reg, NULL, j->eff, &j->p_all));
cleanup:
    return err;
}

/* Criteria, their thresholds, the operators each row regulates, and one policy per row. */
static kikan_error_t build_sweeps(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_world_t *w = j->w;
    const kikan_scope_t *sp = &j->scn->scope;
    const kikan_id_t n_ops = w->n_operators;
    const int nc = sp->n_criteria;
    double *vals = NULL;
    res->n_criteria = nc;
    KIKAN_CHECK_ALLOC(res->crit_sector = calloc((size_t)nc + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->crit_metric = calloc((size_t)nc + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->crit_n_ops = calloc((size_t)nc + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->crit_off = calloc((size_t)nc + 1, sizeof(int)));
    KIKAN_CHECK_ALLOC(vals = calloc((size_t)n_ops + 1, sizeof(double)));
    int max_rows = 0;
    for (int c = 0; c < nc; c++) {
        const int given = sp->criteria[c].thresholds ? sp->criteria[c].n_thresholds : 0;
        max_rows += given > j->opt.max_thresholds ? given : j->opt.max_thresholds;
    }
    KIKAN_CHECK_ALLOC(res->thr = calloc((size_t)max_rows + 1, sizeof(double)));
    for (int c = 0; c < nc; c++) {
        const kikan_criterion_t *cr = &sp->criteria[c];
        res->crit_sector[c] = cr->sector;
        res->crit_metric[c] = cr->metric;
        int nv = 0;
        kikan_id_t in_sec = 0;
        for (kikan_id_t op = 0; op < n_ops; op++) {
            if (op_in_sector(w, op, cr->sector)) {
                in_sec++;
                const double v = kikan_world_metric(w, op, cr->metric);
                if (isfinite(v)) {
                    vals[nv++] = v;
                }
            }
        }
        res->crit_n_ops[c] = in_sec;
        qsort(vals, (size_t)nv, sizeof(double), cmp_double);
        int nd = 0;
        for (int i = 0; i < nv; i++) {
            if (nd == 0 || vals[i] != vals[nd - 1]) {
                vals[nd++] = vals[i];
            }
        }
        const int k = thresholds(cr, vals, nd, j->opt.max_thresholds, res->thr + res->crit_off[c]);
        res->crit_off[c + 1] = res->crit_off[c] + k;
    }
    const int n_rows = nc > 0 ? res->crit_off[nc] : 0;
    res->n_rows = n_rows;
    KIKAN_CHECK_ALLOC(res->thr_ops = calloc((size_t)n_rows + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->thr_smes = calloc((size_t)n_rows + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->thr_removed = calloc((size_t)n_rows + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->thr_ci = calloc((size_t)n_rows + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->thr_share = calloc((size_t)n_rows + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(j->rowreg = calloc((size_t)(n_rows + 1) * ((size_t)n_ops + 1), 1));
    KIKAN_CHECK_ALLOC(j->row_pol = calloc((size_t)n_rows + 1, sizeof(int)));
    for (int c = 0; c < nc; c++) {
        const kikan_criterion_t *cr = &sp->criteria[c];
        for (int i = res->crit_off[c]; i < res->crit_off[c + 1]; i++) {
            uint8_t *rr = j->rowreg + (int64_t)i * n_ops;
            for (kikan_id_t op = 0; op < n_ops; op++) {
                const double v = kikan_world_metric(w, op, cr->metric);
                rr[op] = op_in_sector(w, op, cr->sector) && isfinite(v) && v >= res->thr[i];
                res->thr_ops[i] += rr[op];
                res->thr_smes[i] += rr[op] && w->operators[op].sme;
            }
            KIKAN_CHECK(add_policy(&j->s, rr, j->scope_cls, j->eff, &j->row_pol[i]));
        }
    }
cleanup:
    free(vals);
    return err;
}

/* One policy per equipment class: every operator regulated, that class alone screened. */
static kikan_error_t add_class_policies(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t n_ops = j->w->n_operators, n_cls = j->w->n_classes;
    memset(j->reg, 1, (size_t)n_ops + 1);
    KIKAN_CHECK_ALLOC(j->cls_pol = calloc((size_t)n_cls + 1, sizeof(int)));
    for (kikan_id_t c = 0; c < n_cls; c++) {
        memset(j->cls, 0, (size_t)n_cls + 1);
        j->cls[c] = 1;
        KIKAN_CHECK(add_policy(&j->s, j->reg, j->cls, j->eff, &j->cls_pol[c]));
    }
cleanup:
    return err;
}

/* After batch 1: the baseline, the reference points and each threshold row's removal. */
static void read_references(job_t *j)
{
    kikan_scope_result_t *res = j->res;
    sc_t *s = &j->s;
    for (int64_t r = 0; r < s->R; r++) {
        s->base[r] = pol_impact(s, j->p_base, r);
    }
    mean_ci(s->base, s->R, &res->baseline_mean, &res->baseline_ci);
    removed(s, j->p_perfect, &res->compromise_mean, &res->compromise_ci);
    double acc = 0.0;
    for (int64_t r = 0; r < s->R; r++) {
        acc += pol_impact(s, j->p_perfect, r);
    }
    res->perfect_impact_mean = acc / (double)s->R;
    removed(s, j->p_all, &res->all_removed_mean, &res->all_removed_ci);
    for (int i = 0; i < res->n_rows; i++) {
        removed(s, j->row_pol[i], &res->thr_removed[i], &res->thr_ci[i]);
        res->thr_share[i] = share_of(res->thr_removed[i], res->compromise_mean);
    }
}

/* After batch 1: the classes ranked by what each removes alone; policies of the cumulative sets. */
static kikan_error_t rank_classes(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_id_t n_ops = j->w->n_operators, n_cls = j->w->n_classes;
    double *tmpd = NULL;
    KIKAN_CHECK_ALLOC(res->cls_rank = calloc((size_t)n_cls + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->cls_removed = calloc((size_t)n_cls + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->cls_ci = calloc((size_t)n_cls + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->cls_share = calloc((size_t)n_cls + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->cls_cum_removed = calloc((size_t)n_cls + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->cls_cum_ci = calloc((size_t)n_cls + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(tmpd = calloc((size_t)n_cls + 1, 2 * sizeof(double)));
    for (kikan_id_t c = 0; c < n_cls; c++) {
        removed(&j->s, j->cls_pol[c], &tmpd[2 * c], &tmpd[2 * c + 1]);
        j->cands[c] = (cand_t){c, tmpd[2 * c]};
    }
    qsort(j->cands, (size_t)n_cls, sizeof(*j->cands), cmp_cand);
    for (kikan_id_t k = 0; k < n_cls; k++) {
        const kikan_id_t c = j->cands[k].op;
        res->cls_rank[k] = c;
        res->cls_removed[k] = tmpd[2 * c];
        res->cls_ci[k] = tmpd[2 * c + 1];
        res->cls_share[k] = share_of(tmpd[2 * c], res->compromise_mean);
    }
    /* cumulative class sets, in rank order (simulated with batch 2) */
    KIKAN_CHECK_ALLOC(j->cum_pol = calloc((size_t)n_cls + 1, sizeof(int)));
    memset(j->reg, 1, (size_t)n_ops + 1);
    memset(j->cls, 0, (size_t)n_cls + 1);
    for (kikan_id_t k = 0; k < n_cls; k++) {
        j->cls[res->cls_rank[k]] = 1;
        KIKAN_CHECK(add_policy(&j->s, j->reg, j->cls, j->eff, &j->cum_pol[k]));
    }
cleanup:
    free(tmpd);
    return err;
}

/*
 * The greedy frontier on the per-row estimates: repeatedly lower the threshold
 * (of any criterion) with the best estimated gain per operator (or per unit of
 * cost) added. While the budget lasts, only steps that fit in it (with a
 * positive estimated gain) are taken, so the chain passes through the best
 * point the budget affords instead of jumping past it on a better ratio (which
 * made the recommendation depend on the seed). Each state becomes a candidate
 * policy, confirmed by simulation.
 */
static kikan_error_t greedy_frontier(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_world_t *w = j->w;
    const kikan_id_t n_ops = w->n_operators;
    const int nc = res->n_criteria, n_rows = res->n_rows;
    const double *rem = res->thr_removed;
    int *state = NULL;
    KIKAN_CHECK_ALLOC(state = malloc(((size_t)nc + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(j->cand_rows = malloc(((size_t)n_rows + 1) * ((size_t)nc + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(j->cand_est = calloc((size_t)n_rows + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(j->cand_pol = calloc((size_t)n_rows + 1, sizeof(int)));
    for (int c = 0; c < nc; c++) {
        state[c] = -1;
    }
    memset(j->cur, 0, (size_t)n_ops + 1);
    double est = 0.0, burden = 0.0;
    const double limit = j->cost_mode ? j->cost_budget : (j->budget > 0 ? j->budget : INFINITY);
    for (;;) {
        int bc = -1, bj = -1, fc = -1, fj = -1;
        double best = -INFINITY, bgain = 0.0, badded = 0.0, fbest = -INFINITY, fgain = 0.0,
               fadded = 0.0;
        for (int c = 0; c < nc; c++) {
            const int n_c = res->crit_off[c + 1] - res->crit_off[c];
            const double have = state[c] >= 0 ? rem[res->crit_off[c] + state[c]] : 0.0;
            for (int k = state[c] + 1; k < n_c; k++) {
                const uint8_t *rr = j->rowreg + (int64_t)(res->crit_off[c] + k) * n_ops;
                double added = 0.0;
                for (kikan_id_t op = 0; op < n_ops; op++) {
                    if (rr[op] && !j->cur[op]) {
                        if (j->cost_mode) {
                            added += op_cost(w, res, op);
                        } else {
                            added += 1.0;
                        }
                    }
                }
                const double gain = rem[res->crit_off[c] + k] - have;
                const double ratio = added > 0 ? gain / added : (gain >= 0 ? INFINITY : -INFINITY);
                if (bc < 0 || ratio > best) {
                    best = ratio;
                    bc = c;
                    bj = k;
                    bgain = gain;
                    badded = added;
                }
                if (gain > 0 && burden + added <= limit && (fc < 0 || ratio > fbest)) {
                    fbest = ratio;
                    fc = c;
                    fj = k;
                    fgain = gain;
                    fadded = added;
                }
            }
        }
        if (bc < 0) {
            break;
        }
        if (fc >= 0) { /* while the budget lasts, only steps that fit it */
            bc = fc;
            bj = fj;
            bgain = fgain;
            badded = fadded;
        }
        state[bc] = bj;
        est += bgain;
        burden += badded;
        const uint8_t *rr = j->rowreg + (int64_t)(res->crit_off[bc] + bj) * n_ops;
        for (kikan_id_t op = 0; op < n_ops; op++) {
            j->cur[op] |= rr[op];
        }
        memcpy(j->cand_rows + (int64_t)j->n_cand * nc, state, (size_t)nc * sizeof(int));
        j->cand_est[j->n_cand] = est;
        kikan_id_t smes;
        double cost;
        union_policy(w, res, j->rowreg, state, j->reg, &smes, &cost);
        KIKAN_CHECK(add_policy(&j->s, j->reg, j->scope_cls, j->eff, &j->cand_pol[j->n_cand]));
        j->n_cand++;
    }
cleanup:
    free(state);
    return err;
}

/*
 * After batch 2: the confirmed frontier (strictly increasing impact removed,
 * operators non-decreasing), each point's per-replicate removal, the paired
 * gain of each step, and the first point regulating each operator.
 */
static kikan_error_t confirm_frontier(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    sc_t *s = &j->s;
    const kikan_world_t *w = j->w;
    const kikan_id_t n_ops = w->n_operators;
    const int nc = res->n_criteria;
    const int64_t R = s->R;
    const int cap = j->n_cand + 1;
    KIKAN_CHECK_ALLOC(res->fr_ops = calloc((size_t)cap, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->fr_smes = calloc((size_t)cap, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->fr_cost = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_estimate = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_removed = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_ci = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_share = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_row = malloc((size_t)cap * ((size_t)nc + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->fr_rep = calloc((size_t)cap * (size_t)R, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_step = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_step_ci = calloc((size_t)cap, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_step_sig = calloc((size_t)cap, sizeof(int)));
    KIKAN_CHECK_ALLOC(res->op_point = malloc(((size_t)n_ops + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->op_crit = malloc(((size_t)n_ops + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(j->fr_pol = malloc((size_t)cap * sizeof(int)));
    j->fr_pol[0] = j->p_base;
    int nf = 1; /* point 0: nobody regulated, nothing removed (exactly) */
    res->fr_ci[0] = R > 1 ? 0.0 : NAN;
    for (int c = 0; c < nc; c++) {
        res->fr_row[c] = -1;
    }
    for (int i = 0; i < j->n_cand; i++) {
        double mean, ci;
        removed(s, j->cand_pol[i], &mean, &ci);
        if (!(mean > res->fr_removed[nf - 1])) {
            continue; /* dominated: more operators, no more impact removed */
        }
        kikan_id_t smes;
        double cost;
        const kikan_id_t ops =
            union_policy(w, res, j->rowreg, j->cand_rows + (int64_t)i * nc, j->reg, &smes, &cost);
        int at = nf;
        if (nf > 1 && ops == res->fr_ops[nf - 1] && cost == res->fr_cost[nf - 1]) {
            at = nf - 1; /* same burden, more removed: replaces the previous point */
        }
        res->fr_ops[at] = ops;
        res->fr_smes[at] = smes;
        res->fr_cost[at] = cost;
        res->fr_estimate[at] = j->cand_est[i];
        j->fr_pol[at] = j->cand_pol[i];
        res->fr_removed[at] = mean;
        res->fr_ci[at] = ci;
        res->fr_share[at] = share_of(mean, res->compromise_mean);
        memcpy(res->fr_row + (int64_t)at * nc, j->cand_rows + (int64_t)i * nc,
               (size_t)nc * sizeof(int));
        memcpy(res->fr_rep + (int64_t)at * R, s->d, (size_t)R * sizeof(double));
        nf = at + 1;
    }
    res->n_frontier = nf;
    /* paired steps: the gain of point i over point i - 1, replicate by replicate */
    for (int i = 1; i < nf; i++) {
        for (int64_t r = 0; r < R; r++) {
            s->d[r] = res->fr_rep[(int64_t)i * R + r] - res->fr_rep[(int64_t)(i - 1) * R + r];
        }
        mean_ci(s->d, R, &res->fr_step[i], &res->fr_step_ci[i]);
        res->fr_step_sig[i] =
            res->fr_step[i] > (isnan(res->fr_step_ci[i]) ? 0.0 : res->fr_step_ci[i]);
    }
    KIKAN_CHECK_ALLOC(res->fr_burden = calloc((size_t)nf + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_burden_sme = calloc((size_t)nf + 1, sizeof(double)));
    for (int i = 0; i < nf; i++) {
        kikan_id_t smes;
        double cost;
        union_policy(w, res, j->rowreg, res->fr_row + (int64_t)i * nc, j->reg, &smes, &cost);
        for (kikan_id_t op = 0; op < n_ops; op++) {
            if (j->reg[op]) {
                res->fr_burden[i] += res->op_burden[op];
                res->fr_burden_sme[i] += w->operators[op].sme ? res->op_burden[op] : 0.0;
            }
        }
    }
    /* who each point regulates: the first point and criterion catching each operator */
    for (kikan_id_t op = 0; op < n_ops; op++) {
        res->op_point[op] = -1;
        res->op_crit[op] = -1;
    }
    for (int i = 0; i < nf; i++) {
        for (int c = 0; c < nc; c++) {
            const int rw = res->fr_row[(int64_t)i * nc + c];
            if (rw < 0) {
                continue;
            }
            const uint8_t *rr = j->rowreg + (int64_t)(res->crit_off[c] + rw) * n_ops;
            for (kikan_id_t op = 0; op < n_ops; op++) {
                if (rr[op] && res->op_point[op] < 0) {
                    res->op_point[op] = i;
                    res->op_crit[op] = c;
                }
            }
        }
    }
cleanup:
    return err;
}

/*
 * Is point i significantly worse than point b: does the 95% interval of the
 * paired shortfall lie above `margin`? d is scratch of R doubles.
 */
static int worse(const double *rep, int64_t R, int i, int b, double margin, double *d)
{
    for (int64_t r = 0; r < R; r++) {
        d[r] = rep[(int64_t)b * R + r] - rep[(int64_t)i * R + r];
    }
    double mean, ci;
    mean_ci(d, R, &mean, &ci);
    return mean - (isnan(ci) ? 0.0 : ci) > margin;
}

int kikan_scope_recommend(const kikan_scope_result_t *r, const double *removed_in,
                          const double *rep_in, const kikan_scope_options_t *opt, double *tmp,
                          int *best_out)
{
    if (r == NULL || opt == NULL || r->from_file) {
        return -1;
    }
    const double margin = opt->margin_share * r->compromise_mean;
    const double *mean = removed_in != NULL ? removed_in : r->fr_removed;
    const double *rep = rep_in != NULL ? rep_in : r->fr_rep;
    const int nf = r->n_frontier;
    int best = 0, rec = 0;
    if (nf < 1) {
        if (best_out != NULL) {
            *best_out = 0;
        }
        return 0;
    }
    if (r->cost_budget > 0 || r->budget > 0) {
        for (int i = 1; i < nf; i++) {
            const int fits = r->cost_budget > 0 ? r->fr_cost[i] <= r->cost_budget
                                                : r->fr_ops[i] <= (kikan_id_t)r->budget;
            if (fits && mean[i] > mean[best]) {
                best = i;
            }
        }
        rec = best;
        for (int i = 0; i < best; i++) {
            if (!worse(rep, r->n_replicates, i, best, margin, tmp)) {
                rec = i;
                break;
            }
        }
    } else {
        for (int i = 1; i < nf; i++) {
            if (mean[i] > mean[best]) {
                best = i;
            }
        }
        const double target = opt->target_share * mean[best];
        rec = best;
        for (int i = 0; i < nf; i++) {
            if (mean[i] >= target) {
                rec = i;
                break;
            }
        }
    }
    if (best_out != NULL) {
        *best_out = best;
    }
    return rec;
}

/* The recommendation, its thresholds and the operators it regulates. */
static kikan_error_t recommend(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_id_t n_ops = j->w->n_operators;
    const int nc = res->n_criteria;
    res->recommended = kikan_scope_recommend(res, NULL, NULL, &j->opt, j->s.d, &res->best);
    const int rec = res->recommended;
    KIKAN_CHECK_ALLOC(res->rec_thr = calloc((size_t)nc + 1, sizeof(double)));
    for (int c = 0; c < nc; c++) {
        const int rw = res->fr_row[(int64_t)rec * nc + c];
        res->rec_thr[c] = rw >= 0 ? res->thr[res->crit_off[c] + rw] : INFINITY;
    }
    kikan_id_t smes;
    double cost;
    res->n_rec_ops =
        union_policy(j->w, res, j->rowreg, res->fr_row + (int64_t)rec * nc, j->cur, &smes, &cost);
    KIKAN_CHECK_ALLOC(res->rec_ops = calloc((size_t)res->n_rec_ops + 1, sizeof(kikan_id_t)));
    kikan_id_t k = 0;
    for (kikan_id_t op = 0; op < n_ops; op++) {
        if (j->cur[op]) {
            res->rec_ops[k++] = op;
        }
    }
cleanup:
    return err;
}

/* ---- the worst case (docs/scope.md "The worst case") ------------------------------------------
 */

void kikan_scope_attack(const double *harm, int n, int64_t R, int K, int *chosen, double *acc,
                        double *mean, double *ci)
{
    double *sum = acc, *trial = acc + R;
    for (int64_t r = 0; r < R; r++) {
        sum[r] = 0.0;
    }
    for (int k = 0; k < K; k++) {
        chosen[k] = -1;
    }
    for (int k = 0; k < K && k < n; k++) {
        int pick = -1;
        double pick_mean = -INFINITY;
        for (int c = 0; c < n; c++) {
            int used = 0;
            for (int q = 0; q < k; q++) {
                used |= chosen[q] == c;
            }
            if (used) {
                continue;
            }
            double m = 0.0;
            for (int64_t r = 0; r < R; r++) {
                m += sum[r] + harm[(int64_t)c * R + r];
            }
            m /= (double)R;
            if (m > pick_mean) {
                pick_mean = m;
                pick = c;
            }
        }
        chosen[k] = pick;
        for (int64_t r = 0; r < R; r++) {
            sum[r] += harm[(int64_t)pick * R + r];
        }
    }
    for (int64_t r = 0; r < R; r++) {
        trial[r] = sum[r];
    }
    if (n < 1 || K < 1) {
        *mean = 0.0;
        *ci = R > 1 ? 0.0 : NAN;
        return;
    }
    mean_ci(trial, R, mean, ci);
}

/* The compromises: the portfolio's what-ifs, else every what-if with an implant event. */
static kikan_error_t pick_compromises(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_model_t *m = j->m;
    const kikan_scenario_t *scn = j->scn;
    const int W = m->n_whatifs;
    const int has_pf = scn->whatif_portfolio != NULL && scn->n_whatifs == W;
    KIKAN_CHECK_ALLOC(res->comp_whatif = malloc(((size_t)W + 1) * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->comp_name = calloc((size_t)W + 1, sizeof(char *)));
    KIKAN_CHECK_ALLOC(res->comp_portfolio = calloc((size_t)W + 1, sizeof(int)));
    KIKAN_CHECK_ALLOC(res->comp_vendor = malloc(((size_t)W + 1) * sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->comp_class = malloc(((size_t)W + 1) * sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->comp_contractor = malloc(((size_t)W + 1) * sizeof(kikan_id_t)));
    for (int w = 0; w < W; w++) {
        int implant = 0;
        for (int e = m->wi_off[w]; e < m->wi_off[w + 1]; e++) {
            implant |= unit_counts(&m->events[e], m);
        }
        if (!(has_pf ? scn->whatif_portfolio[w] != KIKAN_PORTFOLIO_NONE : implant)) {
            continue;
        }
        const int c = res->n_comp++;
        res->comp_whatif[c] = w;
        res->comp_vendor[c] = res->comp_class[c] = res->comp_contractor[c] = KIKAN_NONE;
        const kikan_whatif_t *wi = w < scn->n_whatifs ? &scn->whatifs[w] : NULL;
        KIKAN_CHECK_ALLOC(res->comp_name[c] = strdup(wi && wi->name ? wi->name : ""));
        res->comp_portfolio[c] = has_pf ? (int)scn->whatif_portfolio[w] : 0;
        if (wi != NULL && wi->n_events > 0 && wi->events != NULL) {
            const kikan_event_t *ev = &wi->events[0];
            res->comp_vendor[c] = ev->target == KIKAN_TARGET_VENDOR ? ev->vendor : KIKAN_NONE;
            res->comp_contractor[c] =
                ev->target == KIKAN_TARGET_CONTRACTOR ? ev->contractor : KIKAN_NONE;
            res->comp_class[c] =
                ev->n_classes == 1 && ev->classes != NULL ? ev->classes[0] : KIKAN_NONE;
        }
    }
cleanup:
    return err;
}

/* Fill h [n_comp x R] with each compromise's impact under policy p; means and CIs. */
static void comp_harms(const job_t *j, int p, double *h, double *mean, double *ci)
{
    const kikan_scope_result_t *res = j->res;
    const sc_t *s = &j->s;
    for (int c = 0; c < res->n_comp; c++) {
        const run_t *run = &s->runs[s->pols[p].run[res->comp_whatif[c]]];
        memcpy(h + (int64_t)c * s->R, run->impact, (size_t)s->R * sizeof(double));
        mean_ci(h + (int64_t)c * s->R, s->R, &mean[c], &ci[c]);
    }
}

/* Is point i within the budget of the recommendation? */
static int within_budget(const kikan_scope_result_t *r, int i)
{
    if (r->cost_budget > 0) {
        return r->fr_cost[i] <= r->cost_budget;
    }
    return r->budget <= 0 || r->fr_ops[i] <= (kikan_id_t)r->budget;
}

int kikan_scope_minimax(const kikan_scope_result_t *r, double share, double *best_worst)
{
    double best = INFINITY;
    int at = 0;
    for (int i = 0; r != NULL && r->fr_worst != NULL && i < r->n_frontier; i++) {
        if (within_budget(r, i) && r->fr_worst[i] < best) {
            best = r->fr_worst[i];
        }
    }
    for (int i = 0; isfinite(best) && i < r->n_frontier; i++) {
        if (within_budget(r, i) && r->fr_worst[i] <= (1.0 + share) * best) {
            at = i;
            break;
        }
    }
    if (best_worst != NULL) {
        *best_worst = isfinite(best) ? best : NAN;
    }
    return at;
}

/*
 * Per frontier point: the single compromises ranked by mean harm, the attack of K, the
 * worst-case frontier and the minimax recommendation with the operators on which it differs
 * from the expected-value one.
 */
static kikan_error_t worst_case(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const int64_t R = j->s.R;
    double *h = NULL, *mean = NULL, *ci = NULL, *acc = NULL;
    int *order = NULL;
    KIKAN_CHECK(pick_compromises(j));
    const int n = res->n_comp, nf = res->n_frontier;
    res->minimax_share = j->opt.minimax_share;
    res->recommended_minimax = res->recommended;
    res->best_worst = NAN;
    if (n == 0 || nf == 0) {
        goto cleanup;
    }
    const int K = j->opt.attacker_budget < 1   ? 1
                  : j->opt.attacker_budget > n ? n
                                               : j->opt.attacker_budget;
    const int T = j->opt.worst_top < 1 ? 1 : j->opt.worst_top > n ? n : j->opt.worst_top;
    res->attacker_budget = K;
    res->worst_top = T;
    KIKAN_CHECK_ALLOC(h = malloc((size_t)n * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(mean = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(ci = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(acc = malloc(2 * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(order = malloc((size_t)n * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->fr_worst = malloc((size_t)nf * sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_worst_ci = malloc((size_t)nf * sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_worst_comp = malloc((size_t)nf * (size_t)K * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->fr_top = malloc((size_t)nf * (size_t)T * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->fr_top_harm = malloc((size_t)nf * (size_t)T * sizeof(double)));
    KIKAN_CHECK_ALLOC(res->fr_top_ci = malloc((size_t)nf * (size_t)T * sizeof(double)));
    res->worst_monotone = 1;
    for (int i = 0; i < nf; i++) {
        comp_harms(j, j->fr_pol[i], h, mean, ci);
        /* the T largest means, ties to the lower index (selection: T is small) */
        for (int c = 0; c < n; c++) {
            order[c] = c;
        }
        for (int t = 0; t < T; t++) {
            int b = t;
            for (int c = t + 1; c < n; c++) {
                if (mean[order[c]] > mean[order[b]] ||
                    (mean[order[c]] == mean[order[b]] && order[c] < order[b])) {
                    b = c;
                }
            }
            const int tmp = order[t];
            order[t] = order[b];
            order[b] = tmp;
            res->fr_top[(int64_t)i * T + t] = order[t];
            res->fr_top_harm[(int64_t)i * T + t] = mean[order[t]];
            res->fr_top_ci[(int64_t)i * T + t] = ci[order[t]];
        }
        kikan_scope_attack(h, n, R, K, res->fr_worst_comp + (int64_t)i * K, acc, &res->fr_worst[i],
                           &res->fr_worst_ci[i]);
        if (i > 0 && res->fr_worst[i] > res->fr_worst[i - 1]) {
            res->worst_monotone = 0;
        }
    }
    res->recommended_minimax = kikan_scope_minimax(res, res->minimax_share, &res->best_worst);
    /* the operators on which the two recommendations differ (the frontier is nested) */
    const int a = res->recommended_minimax, b = res->recommended;
    const kikan_id_t n_ops = j->w->n_operators;
    KIKAN_CHECK_ALLOC(res->mm_in = malloc(((size_t)n_ops + 1) * sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->mm_out = malloc(((size_t)n_ops + 1) * sizeof(kikan_id_t)));
    for (kikan_id_t op = 0; op < n_ops; op++) {
        const int pt = res->op_point[op];
        const int at_a = pt >= 0 && pt <= a, at_b = pt >= 0 && pt <= b;
        if (at_a && !at_b) {
            res->mm_in[res->mm_n_in++] = op;
        } else if (at_b && !at_a) {
            res->mm_out[res->mm_n_out++] = op;
        }
    }
cleanup:
    free(h);
    free(mean);
    free(ci);
    free(acc);
    free(order);
    return err;
}

/*
 * Which unregulated operator closes the worst hole: at the recommendation, the operators
 * owning screenable units of the worst compromises (the top T, in rank order, then unit order;
 * at most opt.close_candidates of them), each regulated in addition in a policy of its own
 * (one batch; only the what-ifs it touches are simulated anew), ranked by the worst remaining
 * harm of the K-attack then, least first.
 */
static kikan_error_t close_worst_hole(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_model_t *m = j->m;
    const kikan_id_t n_ops = j->w->n_operators;
    const int64_t R = j->s.R;
    const int n = res->n_comp, T = res->worst_top, K = res->attacker_budget;
    const int rec = res->recommended;
    kikan_id_t *cand = NULL;
    int *pol = NULL, *chosen = NULL;
    double *h = NULL, *mean = NULL, *ci = NULL, *acc = NULL;
    uint8_t *seen = NULL;
    if (n == 0 || res->n_frontier == 0 || j->opt.close_candidates < 1) {
        goto cleanup;
    }
    const int cap = j->opt.close_candidates;
    KIKAN_CHECK_ALLOC(cand = malloc((size_t)cap * sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(pol = malloc((size_t)cap * sizeof(int)));
    KIKAN_CHECK_ALLOC(seen = calloc((size_t)n_ops + 1, 1));
    const pol_t *rp = &j->s.pols[j->fr_pol[rec]];
    int nc = 0;
    for (int t = 0; t < T && nc < cap; t++) {
        const int w = res->comp_whatif[res->fr_top[(int64_t)rec * T + t]];
        for (int e = m->wi_off[w]; e < m->wi_off[w + 1] && nc < cap; e++) {
            const kikan_cevent_t *ev = &m->events[e];
            if (!unit_counts(ev, m)) {
                continue;
            }
            for (int64_t u = ev->unit_off; u < ev->unit_off + ev->n_units && nc < cap; u++) {
                const kikan_id_t op = m->a_op[m->unit_asset[u]];
                const kikan_id_t c = m->unit_class[u];
                const int cls_ok = j->scope_cls == NULL || (c != KIKAN_NONE && j->scope_cls[c]);
                if (!rp->reg[op] && !seen[op] && cls_ok) {
                    seen[op] = 1;
                    cand[nc++] = op;
                }
            }
        }
    }
    for (int k = 0; k < nc; k++) {
        memcpy(j->reg, rp->reg, (size_t)n_ops);
        j->reg[cand[k]] = 1;
        KIKAN_CHECK(add_policy(&j->s, j->reg, j->scope_cls, j->eff, &pol[k]));
    }
    KIKAN_CHECK(run_pending(&j->s));
    KIKAN_CHECK_ALLOC(h = malloc((size_t)n * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(mean = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(ci = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(acc = malloc(2 * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(chosen = malloc((size_t)K * sizeof(int)));
    KIKAN_CHECK_ALLOC(res->close_op = malloc(((size_t)nc + 1) * sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->close_worst = malloc(((size_t)nc + 1) * sizeof(double)));
    KIKAN_CHECK_ALLOC(res->close_ci = malloc(((size_t)nc + 1) * sizeof(double)));
    KIKAN_CHECK_ALLOC(res->close_comp = malloc(((size_t)nc + 1) * sizeof(int)));
    for (int k = 0; k < nc; k++) {
        comp_harms(j, pol[k], h, mean, ci);
        double wm, wc;
        kikan_scope_attack(h, n, R, K, chosen, acc, &wm, &wc);
        /* insert by worst remaining, least first; ties keep candidate order */
        int at = res->n_close;
        while (at > 0 && res->close_worst[at - 1] > wm) {
            res->close_op[at] = res->close_op[at - 1];
            res->close_worst[at] = res->close_worst[at - 1];
            res->close_ci[at] = res->close_ci[at - 1];
            res->close_comp[at] = res->close_comp[at - 1];
            at--;
        }
        res->close_op[at] = cand[k];
        res->close_worst[at] = wm;
        res->close_ci[at] = wc;
        res->close_comp[at] = chosen[0];
        res->n_close++;
    }
cleanup:
    free(cand);
    free(pol);
    free(chosen);
    free(h);
    free(mean);
    free(ci);
    free(acc);
    free(seen);
    return err;
}

/*
 * Bootstrap: resample the replicates with replacement (the frontier's points
 * fixed), recommend again, and count per criterion how often the threshold
 * is the one recommended. A GSL mt19937 seeded from the result's seed.
 */
kikan_error_t kikan_scope_stability_bootstrap(kikan_scope_result_t *res,
                                              const kikan_scope_options_t *opt)
{
    kikan_error_t err = KIKAN_OK;
    if (res == NULL || opt == NULL || res->from_file) {
        return KIKAN_EINVAL;
    }
    const int nc = res->n_criteria, nf = res->n_frontier, B = opt->bootstrap;
    const int64_t R = res->n_replicates;
    gsl_rng *rng = NULL;
    double *rep = NULL, *mean = NULL, *tmp = NULL;
    int64_t *idx = NULL;
    int *same = NULL;
    free(res->rec_boot);
    KIKAN_CHECK_ALLOC(res->rec_boot = calloc((size_t)nc + 1, sizeof(double)));
    for (int c = 0; c < nc; c++) {
        res->rec_boot[c] = NAN;
    }
    res->n_bootstrap = 0;
    if (B <= 0 || nf < 1 || R < 1) {
        goto cleanup;
    }
    KIKAN_CHECK_ALLOC(rng = gsl_rng_alloc(gsl_rng_mt19937));
    gsl_rng_set(rng, (unsigned long)((res->seed ^ 0x9e3779b97f4a7c15ULL) % 4294967291ULL));
    KIKAN_CHECK_ALLOC(rep = malloc((size_t)nf * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(mean = malloc((size_t)nf * sizeof(double)));
    KIKAN_CHECK_ALLOC(tmp = malloc((size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(idx = malloc((size_t)R * sizeof(int64_t)));
    KIKAN_CHECK_ALLOC(same = calloc((size_t)nc + 1, sizeof(int)));
    for (int b = 0; b < B; b++) {
        for (int64_t r = 0; r < R; r++) {
            idx[r] = (int64_t)gsl_rng_uniform_int(rng, (unsigned long)R);
        }
        for (int i = 0; i < nf; i++) {
            double acc = 0.0;
            for (int64_t r = 0; r < R; r++) {
                rep[(int64_t)i * R + r] = res->fr_rep[(int64_t)i * R + idx[r]];
                acc += rep[(int64_t)i * R + r];
            }
            mean[i] = acc / (double)R;
        }
        const int p = kikan_scope_recommend(res, mean, rep, opt, tmp, NULL);
        for (int c = 0; c < nc; c++) {
            same[c] +=
                res->fr_row[(int64_t)p * nc + c] == res->fr_row[(int64_t)res->recommended * nc + c];
        }
    }
    for (int c = 0; c < nc; c++) {
        res->rec_boot[c] = (double)same[c] / (double)B;
    }
    res->n_bootstrap = B;
cleanup:
    /* the named tables a run keeps (the report's, the name accessors') follow rec_boot */
    if (res->tables != NULL && res->tables->n_criteria == nc) {
        res->tables->n_bootstrap = res->n_bootstrap;
        for (int c = 0; c < nc; c++) {
            res->tables->criteria[c].stability_bootstrap =
                res->rec_boot != NULL ? res->rec_boot[c] : NAN;
        }
    }
    if (rng != NULL) {
        gsl_rng_free(rng);
    }
    free(rep);
    free(mean);
    free(tmp);
    free(idx);
    free(same);
    return err;
}

/*
 * Independent seeds: the sweep, frontier and recommendation again with seeds
 * seed+1 .. seed+K (the engine hashes the seed, so neighbouring seeds give
 * unrelated streams); per criterion, the share recommending the same threshold.
 */
static kikan_error_t seed_stability(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const int nc = res->n_criteria, K = j->opt.stability_seeds;
    kikan_model_t *m2 = NULL;
    kikan_scope_result_t *r2 = NULL;
    int *same = NULL;
    KIKAN_CHECK_ALLOC(res->rec_seeds = calloc((size_t)nc + 1, sizeof(double)));
    for (int c = 0; c < nc; c++) {
        res->rec_seeds[c] = NAN;
    }
    if (K <= 0) {
        goto cleanup;
    }
    KIKAN_CHECK_ALLOC(same = calloc((size_t)nc + 1, sizeof(int)));
    kikan_scope_options_t o = j->opt;
    o.recommend_only = 1;
    o.bootstrap = 0;
    o.stability_seeds = 0;
    for (int k = 1; k <= K; k++) {
        kikan_scenario_t copy = *j->scn; /* shallow: compile and scope only read it */
        copy.seed = res->seed + (uint64_t)k;
        KIKAN_CHECK(kikan_model_compile(j->ctx, j->w, &copy, &m2));
        KIKAN_CHECK(kikan_scope_run(j->ctx, m2, &copy, &o, &r2));
        for (int c = 0; c < nc && c < r2->n_criteria; c++) {
            same[c] += r2->rec_thr[c] == res->rec_thr[c];
        }
        kikan_scope_result_free(&r2);
        kikan_model_free(&m2);
    }
    for (int c = 0; c < nc; c++) {
        res->rec_seeds[c] = (double)same[c] / (double)K;
    }
    res->n_seeds = K;
cleanup:
    kikan_scope_result_free(&r2);
    kikan_model_free(&m2);
    free(same);
    return err;
}

/* Operators sharing an asset dependency with op's assets (distinct), per operator. */
static kikan_error_t count_dependents(const kikan_world_t *w, kikan_id_t *n_dependents)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t n_ops = w->n_operators;
    int64_t *pairs = NULL;
    if (w->n_deps == 0) {
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(pairs = malloc((size_t)w->n_deps * sizeof(int64_t)));
    int64_t np = 0;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_id_t po = w->assets[w->deps[d].provider].op;
        const kikan_id_t dop = w->assets[w->deps[d].dependent].op;
        if (po != dop) {
            pairs[np++] = (int64_t)po * n_ops + dop;
        }
    }
    qsort(pairs, (size_t)np, sizeof(int64_t), cmp_i64);
    for (int64_t i = 0; i < np; i++) {
        if (i == 0 || pairs[i] != pairs[i - 1]) {
            n_dependents[pairs[i] / n_ops]++;
        }
    }
cleanup:
    free(pairs);
    return err;
}

/*
 * Candidates below the recommendation (j->cur): operators owning a targeted
 * installation, most exposed first (implant probability x (1 + dependents)),
 * at most max_candidates, into j->cands; their count.
 */
static kikan_error_t pick_candidates(job_t *j, const kikan_id_t *n_dependents, int *n_out)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_model_t *m = j->m;
    const kikan_id_t n_ops = j->w->n_operators;
    double *weight = NULL;
    KIKAN_CHECK_ALLOC(weight = calloc((size_t)n_ops + 1, sizeof(double)));
    for (int e = 0; e < m->n_events; e++) {
        const kikan_cevent_t *ev = &m->events[e];
        if (!unit_counts(ev, m)) {
            continue;
        }
        for (int64_t u = ev->unit_off; u < ev->unit_off + ev->n_units; u++) {
            const kikan_id_t c = m->unit_class[u];
            if (j->scope_cls == NULL || (c != KIKAN_NONE && j->scope_cls[c])) {
                weight[m->a_op[m->unit_asset[u]]] += ev->probability;
            }
        }
    }
    int n_c = 0;
    for (kikan_id_t op = 0; op < n_ops; op++) {
        if (!j->cur[op] && weight[op] > 0 && j->eff > 0) {
            j->cands[n_c++] = (cand_t){op, weight[op] * (1.0 + (double)n_dependents[op])};
        }
    }
    qsort(j->cands, (size_t)n_c, sizeof(*j->cands), cmp_cand);
    if (n_c > j->opt.max_candidates) {
        n_c = j->opt.max_candidates > 0 ? j->opt.max_candidates : 0;
    }
    *n_out = n_c;
cleanup:
    free(weight);
    return err;
}

/* Largest size share of op over the criteria of its sectors; *crit, *below_all as in reason. */
static double size_share_of(const job_t *j, kikan_id_t op, int *crit, int *below_all)
{
    const kikan_scope_result_t *res = j->res;
    const kikan_world_t *w = j->w;
    const kikan_id_t n_ops = w->n_operators;
    double size_share = 0.0;
    *crit = -1;
    *below_all = 1;
    for (int c = 0; c < res->n_criteria; c++) {
        if (!op_in_sector(w, op, res->crit_sector[c])) {
            continue;
        }
        const int last = res->crit_off[c + 1] - 1;
        if (last >= res->crit_off[c] && j->rowreg[(int64_t)last * n_ops + op]) {
            *below_all = 0;
        }
        double tot = 0.0;
        for (kikan_id_t o = 0; o < n_ops; o++) {
            const double v = kikan_world_metric(w, o, res->crit_metric[c]);
            if (isfinite(v) && v > 0 && op_in_sector(w, o, res->crit_sector[c])) {
                tot += v;
            }
        }
        const double v = kikan_world_metric(w, op, res->crit_metric[c]);
        const double sh = tot > 0 && isfinite(v) && v > 0 ? v / tot : 0.0;
        if (*crit < 0 || sh > size_share) {
            size_share = sh;
            *crit = c;
        }
    }
    return size_share;
}

/* Batch 3: candidates screened alone; flag those whose impact is far above their size. */
static kikan_error_t small_but_critical(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_world_t *w = j->w;
    const kikan_id_t n_ops = w->n_operators;
    kikan_id_t *n_dependents = NULL, *stamp = NULL, *per_sector = NULL, *kind_count = NULL;
    int *single = NULL;
    double *sm = NULL;
    cand_t *ord = NULL;
    int n_c = 0;
    KIKAN_CHECK_ALLOC(n_dependents = calloc((size_t)n_ops + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK(count_dependents(w, n_dependents));
    KIKAN_CHECK(pick_candidates(j, n_dependents, &n_c));
    res->n_candidates = n_c;
    KIKAN_CHECK_ALLOC(single = calloc((size_t)n_c + 1, sizeof(int)));
    for (int i = 0; i < n_c; i++) {
        memset(j->reg, 0, (size_t)n_ops + 1);
        j->reg[j->cands[i].op] = 1;
        KIKAN_CHECK(add_policy(&j->s, j->reg, j->scope_cls, j->eff, &single[i]));
    }
    KIKAN_CHECK(run_pending(&j->s));
    KIKAN_CHECK_ALLOC(sm = calloc((size_t)n_c + 1, 2 * sizeof(double)));
    KIKAN_CHECK_ALLOC(ord = malloc(((size_t)n_c + 1) * sizeof(*ord)));
    for (int i = 0; i < n_c; i++) {
        removed(&j->s, single[i], &sm[2 * i], &sm[2 * i + 1]);
        ord[i] = (cand_t){(kikan_id_t)i, sm[2 * i]};
    }
    /* rank by own impact (ties: candidate order), keeping each one's figures */
    qsort(ord, (size_t)n_c, sizeof(*ord), cmp_cand);
    KIKAN_CHECK_ALLOC(res->sc_op = calloc((size_t)n_c + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->sc_sector = calloc((size_t)n_c + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->sc_removed = calloc((size_t)n_c + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->sc_ci = calloc((size_t)n_c + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->sc_share = calloc((size_t)n_c + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->sc_size_share = calloc((size_t)n_c + 1, sizeof(double)));
    KIKAN_CHECK_ALLOC(res->sc_dependents = calloc((size_t)n_c + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(res->sc_below_all = calloc((size_t)n_c + 1, sizeof(int)));
    KIKAN_CHECK_ALLOC(res->sc_reason = calloc((size_t)n_c + 1, sizeof(char *)));
    KIKAN_CHECK_ALLOC(stamp = calloc((size_t)n_ops + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(per_sector = calloc((size_t)w->n_sectors + 1, sizeof(kikan_id_t)));
    KIKAN_CHECK_ALLOC(kind_count = calloc((size_t)w->kinds.n + 1, sizeof(kikan_id_t)));
    for (int k = 0; k < n_c; k++) {
        const int i = ord[k].op;
        const kikan_id_t op = j->cands[i].op;
        const double mean = sm[2 * i], share = share_of(mean, res->compromise_mean);
        int size_crit, below_all;
        const double size_share = size_share_of(j, op, &size_crit, &below_all);
        const int flag = mean > 0 && share >= j->opt.min_share &&
                         (share > size_share * j->small_factor || (k < j->opt.top_k && below_all));
        if (!flag) {
            continue;
        }
        const int x = res->n_small;
        res->sc_op[x] = op;
        res->sc_sector[x] =
            size_crit >= 0
                ? res->crit_sector[size_crit]
                : (w->operators[op].n_sectors > 0 ? w->operators[op].sectors[0] : KIKAN_NONE);
        res->sc_removed[x] = mean;
        res->sc_ci[x] = sm[2 * i + 1];
        res->sc_share[x] = share;
        res->sc_size_share[x] = size_share;
        res->sc_below_all[x] = below_all;
        res->sc_reason[x] = reason(w, res, op, size_share, size_crit, share, below_all,
                                   &res->sc_dependents[x], stamp, per_sector, kind_count);
        KIKAN_CHECK_ALLOC(res->sc_reason[x]);
        res->n_small++;
    }
cleanup:
    free(n_dependents);
    free(stamp);
    free(per_sector);
    free(kind_count);
    free(single);
    free(sm);
    free(ord);
    return err;
}

static char *dup_or_null(const char *x)
{
    return x != NULL ? strdup(x) : NULL;
}

/* The ids where a[op] is set (and b[op] not, when b is given), ascending, into a new array. */
static kikan_error_t id_list(const uint8_t *a, const uint8_t *b, kikan_id_t n, kikan_id_t **out,
                             kikan_id_t *n_out)
{
    kikan_id_t k = 0;
    *out = calloc((size_t)n + 1, sizeof(kikan_id_t));
    if (*out == NULL) {
        return KIKAN_ENOMEM;
    }
    for (kikan_id_t op = 0; op < n; op++) {
        if (a[op] && (b == NULL || !b[op])) {
            (*out)[k++] = op;
        }
    }
    *n_out = k;
    return KIKAN_OK;
}

/*
 * The scenario's own screening (the rule in force, or a policy file) on the
 * same replicates: who it regulates, what it removes (the sweep's classes and
 * effectiveness, so it compares with the frontier), the frontier point of no
 * more burden, and whom that point would swap in and out.
 */
static kikan_error_t evaluate_policy(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const kikan_world_t *w = j->w;
    const kikan_id_t n_ops = w->n_operators;
    const int64_t R = j->s.R;
    const kikan_screening_t *scr = &j->scn->screening;
    uint8_t *preg = NULL, *pcls = NULL, *named = NULL, *at = NULL;
    double *pd = NULL;
    kikan_policy_t pol;
    if (!scr->enabled) {
        kikan_diag_add(j->ctx, "scope: nothing to evaluate: the scenario has no screening block "
                               "(give a policy file)");
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK_ALLOC(preg = calloc((size_t)n_ops + 1, 1));
    KIKAN_CHECK_ALLOC(pcls = calloc((size_t)w->n_classes + 1, 1));
    KIKAN_CHECK_ALLOC(named = calloc((size_t)n_ops + 1, 1));
    KIKAN_CHECK_ALLOC(at = calloc((size_t)n_ops + 1, 1));
    KIKAN_CHECK_ALLOC(pd = calloc((size_t)R + 1, sizeof(double)));
    KIKAN_CHECK(kikan_policy_from_scenario(j->m, j->scn, preg, pcls, &pol));
    for (int i = 0; i < scr->n_operators; i++) {
        named[scr->operators[i]] = 1;
    }
    res->ev_done = 1;
    if (j->scn->policy_path != NULL) {
        KIKAN_CHECK_ALLOC(res->ev_path = strdup(j->scn->policy_path));
    }
    if (j->scn->policy_name != NULL) {
        KIKAN_CHECK_ALLOC(res->ev_name = dup_or_null(j->scn->policy_name));
    }
    if (j->scn->policy_source != NULL) {
        KIKAN_CHECK_ALLOC(res->ev_source = dup_or_null(j->scn->policy_source));
    }
    KIKAN_CHECK(id_list(preg, NULL, n_ops, &res->ev_ops, &res->ev_n_ops));
    for (kikan_id_t k = 0; k < res->ev_n_ops; k++) {
        const kikan_id_t op = res->ev_ops[k];
        res->ev_smes += w->operators[op].sme != 0;
        res->ev_named += named[op];
        res->ev_burden += res->op_burden[op];
        res->ev_burden_sme += w->operators[op].sme ? res->op_burden[op] : 0.0;
        res->ev_by_rule += !named[op];
        res->ev_cost += op_cost(w, res, op);
    }
    int p = 0;
    KIKAN_CHECK(add_policy(&j->s, preg, j->scope_cls, j->eff, &p));
    j->ev_pol = p;
    KIKAN_CHECK(run_pending(&j->s));
    removed(&j->s, p, &res->ev_removed, &res->ev_ci);
    res->ev_share = share_of(res->ev_removed, res->compromise_mean);
    memcpy(pd, j->s.d, (size_t)R * sizeof(double));
    /* the frontier point of no more burden (operators, or cost with a cost budget) */
    int e = 0;
    for (int i = 0; i < res->n_frontier; i++) {
        if (res->cost_budget > 0 ? res->fr_cost[i] <= res->ev_cost
                                 : res->fr_ops[i] <= res->ev_n_ops) {
            e = i;
        }
    }
    res->ev_point = e;
    for (int64_t r = 0; r < R; r++) {
        j->s.d[r] = res->fr_rep[(int64_t)e * R + r] - pd[r];
    }
    mean_ci(j->s.d, R, &res->ev_diff, &res->ev_diff_ci);
    kikan_id_t smes;
    double cost;
    union_policy(w, res, j->rowreg, res->fr_row + (int64_t)e * res->n_criteria, at, &smes, &cost);
    KIKAN_CHECK(id_list(at, preg, n_ops, &res->ev_in, &res->ev_n_in));
    KIKAN_CHECK(id_list(preg, at, n_ops, &res->ev_out, &res->ev_n_out));
cleanup:
    free(preg);
    free(pcls);
    free(named);
    free(at);
    free(pd);
    return err;
}

/* The worst remaining harm the evaluated policy leaves (after evaluate_policy's batch). */
static kikan_error_t evaluate_worst(job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_result_t *res = j->res;
    const int64_t R = j->s.R;
    const int n = res->n_comp, K = res->attacker_budget;
    double *h = NULL, *mean = NULL, *ci = NULL, *acc = NULL;
    int *chosen = NULL;
    res->ev_worst = res->ev_worst_ci = NAN;
    res->ev_worst_comp = -1;
    if (!res->ev_done || j->ev_pol < 0 || n == 0 || K < 1) {
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(h = malloc((size_t)n * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(mean = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(ci = malloc((size_t)n * sizeof(double)));
    KIKAN_CHECK_ALLOC(acc = malloc(2 * (size_t)R * sizeof(double)));
    KIKAN_CHECK_ALLOC(chosen = malloc((size_t)K * sizeof(int)));
    comp_harms(j, j->ev_pol, h, mean, ci);
    kikan_scope_attack(h, n, R, K, chosen, acc, &res->ev_worst, &res->ev_worst_ci);
    res->ev_worst_comp = chosen[0];
cleanup:
    free(h);
    free(mean);
    free(ci);
    free(acc);
    free(chosen);
    return err;
}

kikan_error_t kikan_scope_run(kikan_ctx_t *ctx, const kikan_model_t *m, const kikan_scenario_t *scn,
                              const kikan_scope_options_t *opt_in, kikan_scope_result_t **out)
{
    kikan_error_t err = KIKAN_OK;
    job_t j;
    memset(&j, 0, sizeof(j));
    if (ctx == NULL || m == NULL || scn == NULL || out == NULL) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    if (opt_in != NULL) {
        j.opt = *opt_in;
    } else {
        kikan_scope_options_default(&j.opt);
    }
    j.ctx = ctx;
    j.m = m;
    j.w = m->world;
    j.scn = scn;
    j.ev_pol = -1;
    KIKAN_CHECK(check_inputs(&j));
    KIKAN_CHECK(start_job(&j));
    if (j.opt.recommend_only) {
        j.res->n_classes = 0; /* not ranked */
    }
    const kikan_id_t n_big = j.w->n_operators > j.w->n_classes ? j.w->n_operators : j.w->n_classes;
    KIKAN_CHECK_ALLOC(j.cands = calloc((size_t)n_big + 1, sizeof(*j.cands)));

    /* batch 1: baseline, references, threshold rows, classes alone */
    KIKAN_CHECK(build_sweeps(&j));
    if (!j.opt.recommend_only) {
        KIKAN_CHECK(add_class_policies(&j));
    }
    KIKAN_CHECK(run_pending(&j.s));
    read_references(&j);
    if (!j.opt.recommend_only) {
        KIKAN_CHECK(rank_classes(&j));
    }

    /* batch 2: the greedy frontier's combined policies (and the cumulative class sets) */
    KIKAN_CHECK(greedy_frontier(&j));
    KIKAN_CHECK(run_pending(&j.s));
    if (!j.opt.recommend_only) {
        for (kikan_id_t k = 0; k < j.w->n_classes; k++) {
            removed(&j.s, j.cum_pol[k], &j.res->cls_cum_removed[k], &j.res->cls_cum_ci[k]);
        }
    }
    KIKAN_CHECK(confirm_frontier(&j));
    KIKAN_CHECK(recommend(&j));
    if (!j.opt.recommend_only) {
        KIKAN_CHECK(kikan_scope_stability_bootstrap(j.res, &j.opt));
        KIKAN_CHECK(worst_case(&j));
        KIKAN_CHECK(close_worst_hole(&j)); /* a batch of its own */
        if (j.opt.evaluate) {
            KIKAN_CHECK(evaluate_policy(&j));
            KIKAN_CHECK(evaluate_worst(&j));
        }
        KIKAN_CHECK(small_but_critical(&j)); /* batch 3 */
    }

    j.res->simulations = j.s.sims;
    j.res->simulations_reused = j.s.reused;
    j.res->policies = j.s.n_pols;
    if (!j.opt.recommend_only) {
        KIKAN_CHECK(seed_stability(&j));                   /* reruns: after this run's counts */
        KIKAN_CHECK(kikan_scope_tables_build(j.res, j.w)); /* ids and names, for the readers */
    }
    *out = j.res;
    j.res = NULL;
cleanup:
    job_free(&j);
    return err;
}
