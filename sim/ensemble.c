/*
 * The Monte Carlo ensemble: replicates of every what-if run in parallel
 * (OpenMP), each writing its own slots of the results. See engine.h.
 *
 * DESIGN: the (what-if, replicate) pairs of the range are cut into blocks;
 * between blocks (serially) the stop flag is polled and the block size
 * adapts so that a block takes about a tenth of a second. Inside a block a
 * `parallel for schedule(dynamic)` hands pairs to threads, each with its own
 * workspace allocated before the region. A replicate's metrics depend only on
 * (model, what-if, replicate, policy), never on the thread, the block or the
 * order, so results are bit-identical for any thread count and any split of
 * the range (the tests compare them with memcmp). The master thread redraws
 * the progress line at most four times a second.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <omp.h>
#include "kikan/econ.h"
#include "kikan/version.h"
#include "models/world_impl.h"
#include "models/results_impl.h"
#include "sim/engine_impl.h"

static char *dup_or_empty(const char *s)
{
    return strdup(s != NULL ? s : "");
}

kikan_error_t kikan_ensemble_results_new(const kikan_model_t *m, const kikan_scenario_t *sc,
                                         int64_t n_replicates, kikan_results_t **out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_results_t *res = NULL;
    if (m == NULL || out == NULL || n_replicates < 1) {
        return KIKAN_EINVAL;
    }
    const kikan_world_t *w = m->world;
    KIKAN_CHECK(kikan_results_new(m->n_whatifs, m->n_sectors, m->n_grid, n_replicates, &res));
    for (kikan_id_t s = 0; s < m->n_sectors; s++) {
        KIKAN_CHECK_ALLOC(res->sector_ids[s] = dup_or_empty(kikan_strtab_get(&w->sector_ids, s)));
        KIKAN_CHECK_ALLOC(res->sector_units[s] = dup_or_empty(w->sectors[s].unit));
        res->sector_people[s] = w->sectors[s].people_per_customer;
    }
    for (int g = 0; g < m->n_grid; g++) {
        res->grid[g] = (double)g * m->step;
    }
    if (m->econ_note != NULL && !m->econ_on) {
        KIKAN_CHECK_ALLOC(res->econ_note = strdup(m->econ_note));
    }
    for (int i = 0; i < m->n_whatifs; i++) {
        const char *name =
            sc != NULL && sc->whatifs != NULL && i < sc->n_whatifs ? sc->whatifs[i].name : NULL;
        char buf[32];
        if (name == NULL) {
            snprintf(buf, sizeof(buf), "whatif-%d", i + 1);
            name = buf;
        }
        KIKAN_CHECK_ALLOC(res->whatif_names[i] = strdup(name));
    }
    KIKAN_CHECK(kikan_results_attrib_new(res, w->n_operators, w->n_vendors));
    for (kikan_id_t o = 0; o < w->n_operators; o++) {
        const kikan_operator_t *op = &w->operators[o];
        KIKAN_CHECK_ALLOC(res->operator_ids[o] =
                              dup_or_empty(kikan_strtab_get(&w->operator_ids, o)));
        KIKAN_CHECK_ALLOC(res->operator_names[o] = dup_or_empty(op->name));
        size_t n = 1;
        for (int j = 0; j < op->n_sectors; j++) {
            n += strlen(kikan_strtab_get(&w->sector_ids, op->sectors[j])) + 1;
        }
        KIKAN_CHECK_ALLOC(res->operator_sectors[o] = calloc(n, 1));
        for (int j = 0; j < op->n_sectors; j++) {
            if (j > 0) {
                strcat(res->operator_sectors[o], "+");
            }
            strcat(res->operator_sectors[o], kikan_strtab_get(&w->sector_ids, op->sectors[j]));
        }
    }
    for (kikan_id_t v = 0; v < w->n_vendors; v++) {
        KIKAN_CHECK_ALLOC(res->vendor_ids[v] = dup_or_empty(kikan_strtab_get(&w->vendor_ids, v)));
        KIKAN_CHECK_ALLOC(res->vendor_names[v] = dup_or_empty(w->vendors[v].name));
    }
    KIKAN_CHECK(kikan_results_regions_new(res, m->n_regions));
    for (kikan_id_t g = 0; g < m->n_regions; g++) {
        KIKAN_CHECK_ALLOC(res->region_ids[g] = dup_or_empty(
                              g < w->regions.n ? kikan_strtab_get(&w->regions, g) : NULL));
    }
    KIKAN_CHECK_ALLOC(res->kikan_version = strdup(KIKAN_VERSION_STRING));
    KIKAN_CHECK_ALLOC(res->scenario_name = dup_or_empty(sc ? sc->name : NULL));
    KIKAN_CHECK_ALLOC(res->scenario_path = dup_or_empty(sc ? sc->path : NULL));
    KIKAN_CHECK_ALLOC(res->scenario_text = dup_or_empty(sc ? sc->text : NULL));
    KIKAN_CHECK_ALLOC(res->tables_checksum = strdup(""));
    res->seed = m->seed;
    res->synthetic = sc ? sc->synthetic : 0;
    res->threads = 1;
    res->processes = 1;
    *out = res;
    res = NULL;
cleanup:
    kikan_results_free(&res);
    return err;
}

/* ---- progress ------------------------------------------------------------------------------- */

typedef struct {
    int on;
    double t0, last;
    int64_t total;
} progress_t;

static void fmt_duration(double s, char *buf, size_t n)
{
    if (!isfinite(s) || s < 0) {
        snprintf(buf, n, "?");
    } else if (s < 60) {
        snprintf(buf, n, "%.0fs", s);
    } else if (s < 3600) {
        snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
    } else {
        snprintf(buf, n, "%dh%02dm", (int)(s / 3600), (int)fmod(s / 60, 60));
    }
}

static void progress_draw(progress_t *p, int64_t done, int final)
{
    const double now = omp_get_wtime();
    if (!p->on || (!final && now - p->last < 0.25)) {
        return;
    }
    p->last = now;
    const double el = now - p->t0, rate = el > 0 ? (double)done / el : 0.0;
    char left[32];
    fmt_duration(rate > 0 ? (double)(p->total - done) / rate : NAN, left, sizeof(left));
    fprintf(stderr, "\r  replicates %lld/%lld  %.0f/s  %s left   ", (long long)done,
            (long long)p->total, rate, left);
    if (final) {
        fputc('\n', stderr);
    }
    fflush(stderr);
}

/* ---- the parallel loop ---------------------------------------------------------------------- */

/* Check the arguments shared by both entry points. */
static int bad_args(const kikan_ctx_t *ctx, const kikan_model_t *m, int64_t r_begin, int64_t r_end,
                    const kikan_results_t *res)
{
    return ctx == NULL || m == NULL || res == NULL || r_begin < 0 || r_end < r_begin ||
           r_end > res->n_replicates || res->n_whatifs != m->n_whatifs ||
           res->n_sectors != m->n_sectors || res->n_grid != m->n_grid ||
           (res->region_person_hours != NULL && res->n_regions != m->n_regions);
}

kikan_error_t kikan_ensemble_run(kikan_ctx_t *ctx, const kikan_model_t *m,
                                 const kikan_policy_t *policy, int64_t r_begin, int64_t r_end,
                                 kikan_results_t *res)
{
    kikan_error_t err = KIKAN_OK;
    kikan_workspace_t **ws = NULL;
    int nthreads = 0;
    if (bad_args(ctx, m, r_begin, r_end, res)) {
        return KIKAN_EINVAL;
    }
    const int64_t total = (int64_t)m->n_whatifs * (r_end - r_begin);
    if (total == 0) {
        return KIKAN_OK;
    }
    nthreads = kikan_ctx_threads(ctx);
    if ((int64_t)nthreads > total) {
        nthreads = (int)total;
    }
    KIKAN_CHECK_ALLOC(ws = calloc((size_t)nthreads, sizeof(*ws)));
    for (int i = 0; i < nthreads; i++) {
        KIKAN_CHECK(kikan_workspace_new(m, &ws[i]));
    }
    KIKAN_CHECK(kikan_ensemble_run_ws(ctx, m, policy, r_begin, r_end, res, ws, nthreads));
cleanup:
    if (ws != NULL) {
        for (int i = 0; i < nthreads; i++) {
            kikan_workspace_free(&ws[i]);
        }
        free(ws);
    }
    return err;
}

kikan_error_t kikan_ensemble_run_ws(kikan_ctx_t *ctx, const kikan_model_t *m,
                                    const kikan_policy_t *policy, int64_t r_begin, int64_t r_end,
                                    kikan_results_t *res, kikan_workspace_t *const *ws, int n_ws)
{
    kikan_error_t err = KIKAN_OK;
    if (bad_args(ctx, m, r_begin, r_end, res) || ws == NULL || n_ws < 1) {
        return KIKAN_EINVAL;
    }
    for (int i = 0; i < n_ws; i++) {
        if (ws[i] == NULL || kikan_workspace_model(ws[i]) != m) {
            return KIKAN_EINVAL;
        }
    }
    const int64_t n_rep = r_end - r_begin;
    const int64_t total = (int64_t)m->n_whatifs * n_rep;
    if (total == 0) {
        return KIKAN_OK;
    }
    int nthreads = kikan_ctx_threads(ctx);
    if (nthreads > n_ws) {
        nthreads = n_ws;
    }
    if ((int64_t)nthreads > total) {
        nthreads = (int)total;
    }
    res->threads = nthreads;
    res->processes = kikan_ctx_mpi_size(ctx);
    const int econ_on = kikan_model_econ(m, NULL);

    progress_t prog = {!kikan_ctx_quiet(ctx) && isatty(fileno(stderr)), omp_get_wtime(), 0.0,
                       total};
    prog.last = prog.t0;
    int64_t done = 0;
    int fail = KIKAN_OK;
    int64_t block = 16 * (int64_t)nthreads;
    /* attribution: per-workspace fixed-point sums, reduced into res below (integer
       addition, so the order of the workspaces and the thread count do not matter) */
    const int attrib =
        res->op_chours_fx != NULL && res->n_operators == m->n_ops && res->n_vendors == m->n_vendors;
    for (int i = 0; i < nthreads; i++) {
        memset(ws[i]->fx, 0, (size_t)ws[i]->n_fx * sizeof(int64_t));
        ws[i]->fx_on = attrib;
        ws[i]->fx_overflow = 0;
    }
    for (int64_t b0 = 0; b0 < total;) {
        if (kikan_ctx_stop_requested(ctx)) {
            progress_draw(&prog, done, 1);
            KIKAN_FAIL(KIKAN_EINTERRUPTED);
        }
        const int64_t b1 = total - b0 > block ? b0 + block : total;
        const double tb = omp_get_wtime();
#pragma omp parallel for num_threads(nthreads) schedule(dynamic) default(none)                     \
    shared(m, policy, res, ws, n_rep, r_begin, b0, b1, done, fail, prog, econ_on)
        for (int64_t i = b0; i < b1; i++) {
            const int tid = omp_get_thread_num();
            const int w = (int)(i / n_rep);
            const int64_t r = r_begin + i % n_rep;
            kikan_replicate_out_t out;
            kikan_replicate_out_bind(res, w, r, &out);
            kikan_error_t e = kikan_replicate_run(m, w, r, policy, ws[tid], &out);
            if (e == KIKAN_OK && res->region_person_hours != NULL) {
                const int64_t o = ((int64_t)w * res->n_replicates + r) * res->n_regions;
                kikan_replicate_regions(ws[tid], res->region_person_hours + o,
                                        res->region_peak_people + o);
            }
            if (e == KIKAN_OK && econ_on) {
                /* the economic loss from this replicate's curves (per-thread solver) */
                const int64_t wr = (int64_t)w * res->n_replicates + r;
                e = kikan_econ_loss(&ws[tid]->econ_desc, ws[tid]->econ, out.curves,
                                    &res->econ_loss[wr]);
            }
            if (e != KIKAN_OK) {
#pragma omp atomic write
                fail = (int)e;
            }
            int64_t d;
#pragma omp atomic capture
            d = ++done;
            if (tid == 0) {
                progress_draw(&prog, d, 0);
            }
        }
        if (fail != KIKAN_OK) {
            KIKAN_FAIL((kikan_error_t)fail);
        }
        b0 = b1;
        /* aim at blocks of about 0.1 s, so the stop flag is polled often enough */
        const double el = omp_get_wtime() - tb;
        if (el < 0.05 && block < ((int64_t)1 << 20)) {
            block *= 2;
        } else if (el > 0.2 && block > nthreads) {
            block /= 2;
        }
    }
    progress_draw(&prog, done, 1);
cleanup:
    for (int i = 0; i < nthreads; i++) {
        ws[i]->fx_on = 0;
    }
    /* the blocks run so far are complete after an interruption: keep their sums */
    if (attrib && (err == KIKAN_OK || err == KIKAN_EINTERRUPTED)) {
        const int64_t O = m->n_ops, V1 = (int64_t)m->n_vendors + 1, W = m->n_whatifs;
        for (int i = 0; i < nthreads; i++) {
            kikan_error_t e = ws[i]->fx_overflow ? KIKAN_ELIMIT : KIKAN_OK;
            if (e == KIKAN_OK) {
                e = kikan_results_attrib_add(res, ws[i]->fx, ws[i]->fx + W * O,
                                             ws[i]->fx + W * O + W * V1);
            }
            if (e != KIKAN_OK) {
                kikan_log(ctx, KIKAN_LOG_ERROR,
                          "attribution sums overflow int64 (customer-hours x 2^%d): "
                          "fewer replicates or a coarser resolution are needed",
                          KIKAN_FX_BITS);
                err = e;
                break;
            }
        }
    }
    return err;
}
