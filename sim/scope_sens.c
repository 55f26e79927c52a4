/*
 * How the scope's answer depends on its assumptions (kikan_scope_sensitivity):
 * each uncertain input varied over a stated range one at a time, and Morris
 * elementary effects (Morris 1991; trajectories on a 4-level grid, base
 * levels and input order from GSL's Sobol quasi-random sequence) for the
 * global picture. The output watched is the impact removed at the
 * recommendation (share of the removable impact) and the recommended
 * thresholds.
 *
 * DESIGN: a setting of the inputs is applied to copies where it can be (the
 * scenario's events, the options) and, for the asset and sector parameters the
 * model compiles from, to the world itself, restored exactly afterwards (the
 * originals are kept, so a failed run restores them too). Each setting is a
 * fresh compile and a scope run that stops at the recommendation, on fewer
 * replicates than the main analysis (stated in the output).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_qrng.h>
#include "kikan/scope.h"
#include "models/world_impl.h"
#include "sim/scope_impl.h"

static const struct {
    const char *name, *range, *unit;
    double lo, hi;
} INPUTS[KIKAN_SCOPE_SENS_INPUTS] = {
    {"screening_effectiveness", "share of implants screening finds: 0.6 .. 1.0",
     "1 (share of implants found)", 0.6, 1.0},
    {"implant_probability", "every implant probability x 0.5 .. 1.5 (capped at 1)",
     "x (factor on every implant probability)", 0.5, 1.5},
    {"backup_hours", "every asset's backup hours x 0.5 .. 2", "x (factor on every backup time)",
     0.5, 2.0},
    {"repair_times", "every repair-time distribution's scale x 0.5 .. 2",
     "x (factor on every repair-time scale)", 0.5, 2.0},
    {"restart_times", "every asset's restart hours x 0.5 .. 2", "x (factor on every restart time)",
     0.5, 2.0},
    {"life_weights",
     "life weights' spread f: weight 1 + (w - 1) f, f = 0 (plain customer-hours, "
     "the other impact measure) .. 2",
     "1 (spread factor f of the life weights)", 0.0, 2.0},
};

/* The what-if weight inputs' range and unit. */
static const char WHATIF_RANGE[] =
    "this what-if's weight in the harm: 0 (left out) .. 2 x its own, the others their own";
static const char WHATIF_UNIT[] = "x (factor on the what-if's weight)";

typedef struct {
    kikan_world_t *w;
    double *backup, *backup_max, *restart, *rep_a, *rep_b, *life;
    kikan_scenario_t scn; /* shallow copy with its own what-ifs and events */
    kikan_whatif_t *wis;
    double *prob; /* original probabilities, events in order */
} sens_t;

static void sens_restore(sens_t *x)
{
    kikan_world_t *w = x->w;
    for (kikan_id_t a = 0; x->backup != NULL && a < w->n_assets; a++) {
        w->assets[a].backup_hours = x->backup[a];
        w->assets[a].backup_hours_max = x->backup_max[a];
        w->assets[a].restart_hours = x->restart[a];
        w->assets[a].repair.a = x->rep_a[a];
        w->assets[a].repair.b = x->rep_b[a];
    }
    for (kikan_id_t s = 0; x->life != NULL && s < w->n_sectors; s++) {
        w->sectors[s].life_weight = x->life[s];
    }
}

static void sens_free(sens_t *x)
{
    sens_restore(x);
    free(x->backup);
    free(x->backup_max);
    free(x->restart);
    free(x->rep_a);
    free(x->rep_b);
    free(x->life);
    for (int i = 0; x->wis != NULL && i < x->scn.n_whatifs; i++) {
        free(x->wis[i].events);
    }
    free(x->wis);
    free(x->prob);
}

static kikan_error_t sens_init(sens_t *x, kikan_world_t *w, const kikan_scenario_t *scn)
{
    kikan_error_t err = KIKAN_OK;
    memset(x, 0, sizeof(*x));
    x->w = w;
    x->scn = *scn;
    const size_t na = (size_t)w->n_assets + 1;
    KIKAN_CHECK_ALLOC(x->backup = malloc(na * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->backup_max = malloc(na * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->restart = malloc(na * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->rep_a = malloc(na * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->rep_b = malloc(na * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->life = malloc(((size_t)w->n_sectors + 1) * sizeof(double)));
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        x->backup[a] = w->assets[a].backup_hours;
        x->backup_max[a] = w->assets[a].backup_hours_max;
        x->restart[a] = w->assets[a].restart_hours;
        x->rep_a[a] = w->assets[a].repair.a;
        x->rep_b[a] = w->assets[a].repair.b;
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        x->life[s] = w->sectors[s].life_weight;
    }
    int ne = 0;
    for (int i = 0; i < scn->n_whatifs; i++) {
        ne += scn->whatifs[i].n_events;
    }
    KIKAN_CHECK_ALLOC(x->prob = malloc(((size_t)ne + 1) * sizeof(double)));
    KIKAN_CHECK_ALLOC(x->wis = calloc((size_t)scn->n_whatifs + 1, sizeof(*x->wis)));
    for (int i = 0, e = 0; i < scn->n_whatifs; i++) {
        x->wis[i] = scn->whatifs[i];
        x->wis[i].events = NULL;
        KIKAN_CHECK_ALLOC(x->wis[i].events = malloc(((size_t)scn->whatifs[i].n_events + 1) *
                                                    sizeof(kikan_event_t)));
        for (int k = 0; k < scn->whatifs[i].n_events; k++, e++) {
            x->wis[i].events[k] = scn->whatifs[i].events[k];
            x->prob[e] = scn->whatifs[i].events[k].probability;
        }
    }
    x->scn.whatifs = x->wis;
cleanup:
    return err;
}

/* Apply the inputs v (actual values, INPUTS order) to the world, the scenario copy and o. */
static void sens_apply(sens_t *x, const double *v, kikan_scope_options_t *o)
{
    kikan_world_t *w = x->w;
    o->effectiveness = v[0];
    for (int i = 0, e = 0; i < x->scn.n_whatifs; i++) {
        for (int k = 0; k < x->wis[i].n_events; k++, e++) {
            kikan_event_t *ev = &x->wis[i].events[k];
            ev->probability = ev->forcing ? x->prob[e] : fmin(1.0, x->prob[e] * v[1]);
        }
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        kikan_asset_t *as = &w->assets[a];
        as->backup_hours = x->backup[a] * v[2];
        as->backup_hours_max = x->backup_max[a] * v[2];
        as->repair.a = x->rep_a[a] * v[3];
        as->repair.b = as->repair.kind == KIKAN_DIST_UNIFORM ? x->rep_b[a] * v[3] : x->rep_b[a];
        as->restart_hours = x->restart[a] * v[4];
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        w->sectors[s].life_weight = 1.0 + (x->life[s] - 1.0) * v[5];
    }
}

/* One setting: the share removed at the recommendation, its 95% CI half-width (ci may be NULL)
   and its thresholds (thr may be NULL). */
static kikan_error_t sens_run(kikan_ctx_t *ctx, sens_t *x, const double *v,
                              const kikan_scope_options_t *base, double *share, double *ci,
                              double *thr, int nc, int *runs)
{
    kikan_error_t err = KIKAN_OK;
    kikan_model_t *m = NULL;
    kikan_scope_result_t *r = NULL;
    kikan_scope_options_t o = *base;
    sens_apply(x, v, &o);
    KIKAN_CHECK(kikan_model_compile(ctx, x->w, &x->scn, &m));
    KIKAN_CHECK(kikan_scope_run(ctx, m, &x->scn, &o, &r));
    const int ok = r->n_frontier > 0;
    *share = ok ? r->fr_share[r->recommended] : 0.0;
    if (ci != NULL) {
        const double h = ok ? r->fr_ci[r->recommended] : NAN;
        /* as the share: over the removable impact (none removable: the share is 0, exactly) */
        *ci = r->compromise_mean > 0.0 ? h / r->compromise_mean : (isnan(h) ? NAN : 0.0);
    }
    for (int c = 0; thr != NULL && c < nc && c < r->n_criteria; c++) {
        thr[c] = r->rec_thr[c];
    }
    (*runs)++;
cleanup:
    kikan_scope_result_free(&r);
    kikan_model_free(&m);
    sens_restore(x);
    return err;
}

void kikan_scope_sens_free(kikan_scope_sens_t **sp)
{
    if (sp == NULL || *sp == NULL) {
        return;
    }
    kikan_scope_sens_t *s = *sp;
    free(s->thr_base);
    for (int i = 0; s->in != NULL && i < s->n_inputs; i++) {
        free(s->in[i].thr_lo);
        free(s->in[i].thr_hi);
        free(s->in[i].name_buf);
    }
    free(s->in);
    free(s);
    *sp = NULL;
}

/* ---- the parts of kikan_scope_sensitivity ------------------------------------------------- */

enum { K = KIKAN_SCOPE_SENS_INPUTS, LEVELS = 4 };

/* What the parts share: the settings' runner and the analysis's values. */
typedef struct {
    kikan_ctx_t *ctx;
    sens_t *x;
    const kikan_scenario_t *scn;
    kikan_scope_options_t o; /* the options of every setting (recommend_only) */
    double base[K];          /* the continuous inputs at the analysis's values */
    int nc;
    kikan_scope_sens_t *s;
} sens_job_t;

/* The result's arrays for n_inputs inputs of nc criteria (names filled by the parts). */
static kikan_error_t sens_alloc(kikan_scope_sens_t **out, int n_inputs, int nc)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_sens_t *s = NULL;
    KIKAN_CHECK_ALLOC(s = calloc(1, sizeof(*s)));
    KIKAN_CHECK_ALLOC(s->in = calloc((size_t)n_inputs + 1, sizeof(*s->in)));
    s->n_inputs = n_inputs;
    s->n_criteria = nc;
    KIKAN_CHECK_ALLOC(s->thr_base = calloc((size_t)nc + 1, sizeof(double)));
    for (int i = 0; i < n_inputs; i++) {
        kikan_scope_sens_input_t *in = &s->in[i];
        in->mu = in->mu_star = in->sigma = NAN;
        KIKAN_CHECK_ALLOC(in->thr_lo = calloc((size_t)nc + 1, sizeof(double)));
        KIKAN_CHECK_ALLOC(in->thr_hi = calloc((size_t)nc + 1, sizeof(double)));
    }
    *out = s;
    s = NULL;
cleanup:
    kikan_scope_sens_free(&s);
    return err;
}

/* Criteria whose recommended threshold at lo or hi differs from the base. */
static int thresholds_changed(const kikan_scope_sens_t *s, const kikan_scope_sens_input_t *in)
{
    int n = 0;
    for (int c = 0; c < s->n_criteria; c++) {
        n += in->thr_lo[c] != s->thr_base[c] || in->thr_hi[c] != s->thr_base[c];
    }
    return n;
}

/* Each continuous input at each end of its range, the others at base: 2 K runs. */
static kikan_error_t sens_one_at_a_time(sens_job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_sens_t *s = j->s;
    for (int i = 0; i < K; i++) {
        kikan_scope_sens_input_t *in = &s->in[i];
        in->name = INPUTS[i].name;
        in->range = INPUTS[i].range;
        in->unit = INPUTS[i].unit;
        in->lo = INPUTS[i].lo;
        in->hi = INPUTS[i].hi;
        in->base = j->base[i];
        double v[K];
        memcpy(v, j->base, sizeof(v));
        v[i] = in->lo;
        KIKAN_CHECK(sens_run(j->ctx, j->x, v, &j->o, &in->share_lo, &in->share_lo_ci, in->thr_lo,
                             j->nc, &s->runs));
        v[i] = in->hi;
        KIKAN_CHECK(sens_run(j->ctx, j->x, v, &j->o, &in->share_hi, &in->share_hi_ci, in->thr_hi,
                             j->nc, &s->runs));
        in->thr_changed = thresholds_changed(s, in);
    }
cleanup:
    return err;
}

/* Each what-if's weight 0 (dropped) and 2 x its own, the others their own: 2 W runs. */
static kikan_error_t sens_whatif_weights(sens_job_t *j)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scope_sens_t *s = j->s;
    const int W = j->scn->n_whatifs;
    double *wt = NULL;
    KIKAN_CHECK_ALLOC(wt = malloc(((size_t)W + 1) * sizeof(double)));
    kikan_scope_options_t ow = j->o;
    ow.whatif_weight = wt;
    for (int k = 0; k < W; k++) {
        kikan_scope_sens_input_t *in = &s->in[K + k];
        const char *wn = j->scn->whatifs[k].name != NULL ? j->scn->whatifs[k].name : "";
        const size_t len = strlen(wn) + 16;
        KIKAN_CHECK_ALLOC(in->name_buf = malloc(len));
        snprintf(in->name_buf, len, "whatif_weight:%s", wn);
        in->name = in->name_buf;
        in->range = WHATIF_RANGE;
        in->unit = WHATIF_UNIT;
        in->lo = 0.0;
        in->hi = 2.0;
        in->base = 1.0;
        for (int e = 0; e < 2; e++) {
            for (int q = 0; q < W; q++) {
                wt[q] = kikan_scenario_whatif_weight(j->scn, q) *
                        (q == k ? (e == 0 ? in->lo : in->hi) : 1.0);
            }
            KIKAN_CHECK(sens_run(j->ctx, j->x, j->base, &ow, e == 0 ? &in->share_lo : &in->share_hi,
                                 e == 0 ? &in->share_lo_ci : &in->share_hi_ci,
                                 e == 0 ? in->thr_lo : in->thr_hi, j->nc, &s->runs));
        }
        in->thr_changed = thresholds_changed(s, in);
    }
cleanup:
    free(wt);
    return err;
}

/* One Morris trajectory from the quasi-random point u[2K]: K + 1 runs, the elementary effects
   into ee[K] (step delta = LEVELS / (2 (LEVELS - 1)) of the normalised range). */
static kikan_error_t morris_trajectory(sens_job_t *j, const double *u, double *ee)
{
    kikan_error_t err = KIKAN_OK;
    const double delta = (double)LEVELS / (2.0 * (LEVELS - 1));
    double xs[K], v[K], y0, y1;
    int order[K];
    for (int i = 0; i < K; i++) {
        /* base level in {0, 1/3} so that + delta stays in [0, 1] */
        xs[i] = u[i] < 0.5 ? 0.0 : 1.0 / (LEVELS - 1);
        order[i] = i;
    }
    for (int a = 1; a < K; a++) { /* order inputs by the second half of u */
        for (int b = a; b > 0 && u[K + order[b]] < u[K + order[b - 1]]; b--) {
            const int tmp = order[b];
            order[b] = order[b - 1];
            order[b - 1] = tmp;
        }
    }
    for (int i = 0; i < K; i++) {
        v[i] = INPUTS[i].lo + xs[i] * (INPUTS[i].hi - INPUTS[i].lo);
    }
    KIKAN_CHECK(sens_run(j->ctx, j->x, v, &j->o, &y0, NULL, NULL, j->nc, &j->s->runs));
    for (int k = 0; k < K; k++) {
        const int i = order[k];
        xs[i] += delta;
        v[i] = INPUTS[i].lo + xs[i] * (INPUTS[i].hi - INPUTS[i].lo);
        KIKAN_CHECK(sens_run(j->ctx, j->x, v, &j->o, &y1, NULL, NULL, j->nc, &j->s->runs));
        ee[i] = (y1 - y0) / delta;
        y0 = y1;
    }
cleanup:
    return err;
}

/* Morris: `trajectories` trajectories (GSL Sobol points), then mu, mu* and sigma per input. */
static kikan_error_t sens_morris(sens_job_t *j, int trajectories)
{
    kikan_error_t err = KIKAN_OK;
    gsl_qrng *q = NULL;
    double *ee = NULL;
    if (trajectories <= 0) {
        return KIKAN_OK; /* mu, mu*, sigma stay NaN */
    }
    KIKAN_CHECK_ALLOC(q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * K));
    KIKAN_CHECK_ALLOC(ee = calloc((size_t)trajectories * K + 1, sizeof(double)));
    for (int t = 0; t < trajectories; t++) {
        double u[2 * K];
        gsl_qrng_get(q, u);
        KIKAN_CHECK(morris_trajectory(j, u, ee + (int64_t)t * K));
    }
    for (int i = 0; i < K; i++) {
        double m = 0.0, ma = 0.0, ss = 0.0;
        for (int t = 0; t < trajectories; t++) {
            m += ee[(int64_t)t * K + i];
            ma += fabs(ee[(int64_t)t * K + i]);
        }
        m /= trajectories;
        for (int t = 0; t < trajectories; t++) {
            ss += (ee[(int64_t)t * K + i] - m) * (ee[(int64_t)t * K + i] - m);
        }
        j->s->in[i].mu = m;
        j->s->in[i].mu_star = ma / trajectories;
        j->s->in[i].sigma = trajectories > 1 ? sqrt(ss / (trajectories - 1)) : NAN;
    }
cleanup:
    if (q != NULL) {
        gsl_qrng_free(q);
    }
    free(ee);
    return err;
}

/* An input's swing of the share removed, |high - low|; 0 when either end is NaN (a share that
   could not be computed moves nothing, and must not hide the inputs that do move it). */
static double sens_swing(const kikan_scope_sens_input_t *a)
{
    const double d = fabs(a->share_hi - a->share_lo);
    return isnan(d) ? 0.0 : d;
}

int kikan_scope_sens_most(const kikan_scope_sens_t *s)
{
    int most = 0;
    for (int i = 1; i < s->n_inputs; i++) {
        const kikan_scope_sens_input_t *a = &s->in[i], *b = &s->in[most];
        const double sa = sens_swing(a), sb = sens_swing(b);
        if (a->thr_changed > b->thr_changed || (a->thr_changed == b->thr_changed && sa > sb)) {
            most = i;
        }
    }
    if (s->n_inputs < 1) {
        return -1;
    }
    /* every input ties at nothing moved: naming the first would call it influential */
    const kikan_scope_sens_input_t *m = &s->in[most];
    return m->thr_changed == 0 && sens_swing(m) == 0.0 ? -1 : most;
}

kikan_error_t kikan_scope_sensitivity(kikan_ctx_t *ctx, kikan_world_t *world,
                                      const kikan_scenario_t *scn,
                                      const kikan_scope_options_t *opt_in, int trajectories,
                                      kikan_scope_sens_t **out)
{
    kikan_error_t err = KIKAN_OK;
    sens_t x;
    int ready = 0;
    sens_job_t j;
    if (ctx == NULL || world == NULL || scn == NULL || opt_in == NULL || out == NULL ||
        trajectories < 0) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    memset(&j, 0, sizeof(j));
    j.ctx = ctx;
    j.x = &x;
    j.scn = scn;
    j.o = *opt_in;
    j.o.recommend_only = 1;
    j.o.bootstrap = 0;
    j.o.stability_seeds = 0;
    j.o.evaluate = 0;
    j.nc = scn->scope.n_criteria;
    j.base[0] = opt_in->effectiveness >= 0
                    ? opt_in->effectiveness
                    : (scn->screening.enabled ? scn->screening.effectiveness : 0.9);
    for (int i = 1; i < K; i++) {
        j.base[i] = 1.0;
    }
    KIKAN_CHECK(sens_init(&x, world, scn));
    ready = 1;
    KIKAN_CHECK(sens_alloc(&j.s, K + scn->n_whatifs, j.nc));
    j.s->replicates = (int)j.o.replicates;
    j.s->trajectories = trajectories;
    KIKAN_CHECK(sens_run(ctx, &x, j.base, &j.o, &j.s->share_base, &j.s->share_base_ci,
                         j.s->thr_base, j.nc, &j.s->runs));
    KIKAN_CHECK(sens_one_at_a_time(&j));
    KIKAN_CHECK(sens_whatif_weights(&j));
    KIKAN_CHECK(sens_morris(&j, trajectories));
    j.s->most = kikan_scope_sens_most(j.s);
    *out = j.s;
    j.s = NULL;
cleanup:
    if (ready) {
        sens_free(&x);
    }
    kikan_scope_sens_free(&j.s);
    return err;
}
