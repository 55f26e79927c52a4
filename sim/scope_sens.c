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
    const char *name, *range;
    double lo, hi;
} INPUTS[KIKAN_SCOPE_SENS_INPUTS] = {
    {"screening_effectiveness", "share of implants screening finds: 0.6 .. 1.0", 0.6, 1.0},
    {"implant_probability", "every implant probability x 0.5 .. 1.5 (capped at 1)", 0.5, 1.5},
    {"backup_hours", "every asset's backup hours x 0.5 .. 2", 0.5, 2.0},
    {"repair_times", "every repair-time distribution's scale x 0.5 .. 2", 0.5, 2.0},
    {"restart_times", "every asset's restart hours x 0.5 .. 2", 0.5, 2.0},
    {"life_weights",
     "life weights' spread f: weight 1 + (w - 1) f, f = 0 (plain customer-hours, "
     "the other impact measure) .. 2",
     0.0, 2.0},
};

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

/* One setting: the share removed at the recommendation and its thresholds (thr may be NULL). */
static kikan_error_t sens_run(kikan_ctx_t *ctx, sens_t *x, const double *v,
                              const kikan_scope_options_t *base, double *share, double *thr, int nc,
                              int *runs)
{
    kikan_error_t err = KIKAN_OK;
    kikan_model_t *m = NULL;
    kikan_scope_result_t *r = NULL;
    kikan_scope_options_t o = *base;
    sens_apply(x, v, &o);
    KIKAN_CHECK(kikan_model_compile(ctx, x->w, &x->scn, &m));
    KIKAN_CHECK(kikan_scope_run(ctx, m, &x->scn, &o, &r));
    *share = r->n_frontier > 0 ? r->fr_share[r->recommended] : 0.0;
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

kikan_error_t kikan_scope_sensitivity(kikan_ctx_t *ctx, kikan_world_t *world,
                                      const kikan_scenario_t *scn,
                                      const kikan_scope_options_t *opt_in, int trajectories,
                                      kikan_scope_sens_t **out)
{
    kikan_error_t err = KIKAN_OK;
    sens_t x;
    int ready = 0;
    gsl_qrng *q = NULL;
    kikan_scope_sens_t *s = NULL;
    double *ee = NULL, *wt = NULL;
    enum { K = KIKAN_SCOPE_SENS_INPUTS, LEVELS = 4 };
    if (ctx == NULL || world == NULL || scn == NULL || opt_in == NULL || out == NULL ||
        trajectories < 0) {
        return KIKAN_EINVAL;
    }
    *out = NULL;
    kikan_scope_options_t o = *opt_in;
    o.recommend_only = 1;
    o.bootstrap = 0;
    o.stability_seeds = 0;
    o.evaluate = 0;
    const int nc = scn->scope.n_criteria;
    KIKAN_CHECK(sens_init(&x, world, scn));
    ready = 1;
    KIKAN_CHECK_ALLOC(s = calloc(1, sizeof(*s)));
    const int W = scn->n_whatifs;
    KIKAN_CHECK_ALLOC(s->in = calloc((size_t)(K + W) + 1, sizeof(*s->in)));
    s->n_inputs = K + W;
    s->n_criteria = nc;
    s->replicates = (int)o.replicates;
    s->trajectories = trajectories;
    KIKAN_CHECK_ALLOC(s->thr_base = calloc((size_t)nc + 1, sizeof(double)));
    double base[K];
    base[0] = opt_in->effectiveness >= 0
                  ? opt_in->effectiveness
                  : (scn->screening.enabled ? scn->screening.effectiveness : 0.9);
    for (int i = 1; i < K; i++) {
        base[i] = 1.0;
    }
    KIKAN_CHECK(sens_run(ctx, &x, base, &o, &s->share_base, s->thr_base, nc, &s->runs));
    /* one at a time */
    for (int i = 0; i < K; i++) {
        kikan_scope_sens_input_t *in = &s->in[i];
        in->name = INPUTS[i].name;
        in->range = INPUTS[i].range;
        in->lo = INPUTS[i].lo;
        in->hi = INPUTS[i].hi;
        in->base = base[i];
        KIKAN_CHECK_ALLOC(in->thr_lo = calloc((size_t)nc + 1, sizeof(double)));
        KIKAN_CHECK_ALLOC(in->thr_hi = calloc((size_t)nc + 1, sizeof(double)));
        double v[K];
        memcpy(v, base, sizeof(v));
        v[i] = in->lo;
        KIKAN_CHECK(sens_run(ctx, &x, v, &o, &in->share_lo, in->thr_lo, nc, &s->runs));
        v[i] = in->hi;
        KIKAN_CHECK(sens_run(ctx, &x, v, &o, &in->share_hi, in->thr_hi, nc, &s->runs));
        for (int c = 0; c < nc; c++) {
            in->thr_changed += in->thr_lo[c] != s->thr_base[c] || in->thr_hi[c] != s->thr_base[c];
        }
    }
    /* each what-if's weight, 0 (dropped) .. 2, the others 1 */
    KIKAN_CHECK_ALLOC(wt = malloc(((size_t)W + 1) * sizeof(double)));
    for (int k = 0; k < W; k++) {
        kikan_scope_sens_input_t *in = &s->in[K + k];
        const char *wn = scn->whatifs[k].name != NULL ? scn->whatifs[k].name : "";
        const size_t len = strlen(wn) + 16;
        KIKAN_CHECK_ALLOC(in->name_buf = malloc(len));
        snprintf(in->name_buf, len, "whatif_weight:%s", wn);
        in->name = in->name_buf;
        in->range =
            "this what-if's weight in the harm: 0 (left out) .. 2 x its own, the others their "
            "own";
        in->lo = 0.0;
        in->hi = 2.0;
        in->base = 1.0;
        in->mu = in->mu_star = in->sigma = NAN;
        KIKAN_CHECK_ALLOC(in->thr_lo = calloc((size_t)nc + 1, sizeof(double)));
        KIKAN_CHECK_ALLOC(in->thr_hi = calloc((size_t)nc + 1, sizeof(double)));
        kikan_scope_options_t ow = o;
        ow.whatif_weight = wt;
        for (int e = 0; e < 2; e++) {
            for (int q2 = 0; q2 < W; q2++) {
                wt[q2] = kikan_scenario_whatif_weight(scn, q2) *
                         (q2 == k ? (e == 0 ? in->lo : in->hi) : 1.0);
            }
            KIKAN_CHECK(sens_run(ctx, &x, base, &ow, e == 0 ? &in->share_lo : &in->share_hi,
                                 e == 0 ? in->thr_lo : in->thr_hi, nc, &s->runs));
        }
        for (int c = 0; c < nc; c++) {
            in->thr_changed += in->thr_lo[c] != s->thr_base[c] || in->thr_hi[c] != s->thr_base[c];
        }
    }
    /* Morris: trajectories of K + 1 points, step delta = LEVELS / (2 (LEVELS - 1)) */
    if (trajectories > 0) {
        const double delta = (double)LEVELS / (2.0 * (LEVELS - 1));
        KIKAN_CHECK_ALLOC(q = gsl_qrng_alloc(gsl_qrng_sobol, 2 * K));
        KIKAN_CHECK_ALLOC(ee = calloc((size_t)trajectories * K + 1, sizeof(double)));
        for (int t = 0; t < trajectories; t++) {
            double u[2 * K], xs[K], v[K], y0, y1;
            int order[K];
            gsl_qrng_get(q, u);
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
            KIKAN_CHECK(sens_run(ctx, &x, v, &o, &y0, NULL, nc, &s->runs));
            for (int k = 0; k < K; k++) {
                const int i = order[k];
                xs[i] += delta;
                v[i] = INPUTS[i].lo + xs[i] * (INPUTS[i].hi - INPUTS[i].lo);
                KIKAN_CHECK(sens_run(ctx, &x, v, &o, &y1, NULL, nc, &s->runs));
                ee[(int64_t)t * K + i] = (y1 - y0) / delta;
                y0 = y1;
            }
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
            s->in[i].mu = m;
            s->in[i].mu_star = ma / trajectories;
            s->in[i].sigma = trajectories > 1 ? sqrt(ss / (trajectories - 1)) : NAN;
        }
    } else {
        for (int i = 0; i < K; i++) {
            s->in[i].mu = s->in[i].mu_star = s->in[i].sigma = NAN;
        }
    }
    /* the input that moves the answer most: most recommended thresholds changed over its range,
       then the larger swing of the share removed */
    s->most = 0;
    for (int i = 1; i < s->n_inputs; i++) {
        const kikan_scope_sens_input_t *a = &s->in[i], *b = &s->in[s->most];
        const double sa = fabs(a->share_hi - a->share_lo), sb = fabs(b->share_hi - b->share_lo);
        if (a->thr_changed > b->thr_changed || (a->thr_changed == b->thr_changed && sa > sb)) {
            s->most = i;
        }
    }
    *out = s;
    s = NULL;
cleanup:
    if (ready) {
        sens_free(&x);
    }
    if (q != NULL) {
        gsl_qrng_free(q);
    }
    free(ee);
    free(wt);
    kikan_scope_sens_free(&s);
    return err;
}
