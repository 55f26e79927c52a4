/*
 * Compiling a world and a scenario into the engine's flat model, and the
 * screening policy built from a scenario. See include/kikan/engine.h.
 *
 * DESIGN: everything the kernel reads in its hot loop is a plain array
 * indexed by asset, group or unit; every reference to the world or the
 * scenario (vendor, contractor, kind, region, sector, named assets) is
 * resolved here into a list of target units (asset, equipment class), so a
 * replicate never searches. Compilation is serial and may use igraph (the
 * strongly connected components of the dependency graph are counted as a
 * diagnostic); the parallel engine never does.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <igraph/igraph.h>
#include "kikan/econ.h"
#include "models/world_impl.h"
#include "sim/engine_impl.h"

static void *xcalloc(int64_t n, size_t elem)
{
    if (n < 0 || (uint64_t)n > SIZE_MAX / elem) {
        return NULL;
    }
    return calloc(n ? (size_t)n : 1, elem);
}

#define ALLOC(p, n) KIKAN_CHECK_ALLOC((p) = xcalloc((n), sizeof(*(p))))

void kikan_model_free(kikan_model_t **model)
{
    if (model == NULL || *model == NULL) {
        return;
    }
    kikan_model_t *m = *model;
    free(m->out_off);
    free(m->out_group);
    free(m->out_res);
    free(m->group_k);
    free(m->group_n);
    free(m->group_dep);
    free(m->group_buf);
    free(m->group_res);
    free(m->group_bridged);
    free(m->in_off);
    free(m->in_group);
    free(m->a_sector);
    free(m->a_op);
    free(m->a_opsec);
    free(m->a_cust);
    free(m->a_backup_lo);
    free(m->a_backup_hi);
    free(m->a_restart);
    free(m->a_cold);
    free(m->a_repair);
    free(m->opsec_off);
    free(m->opsec_sector);
    free(m->opsec_class);
    free(m->iv_off);
    free(m->iv);
    free(m->ic_off);
    free(m->ic);
    free(m->ia_off);
    free(m->ia);
    free(m->life_weight);
    free(m->people);
    free(m->a_records);
    free(m->a_abroad);
    free(m->a_region);
    free(m->a_people);
    free(m->class_data);
    free(m->econ_astar);
    free(m->econ_k);
    free(m->econ_x);
    free(m->econ_cust);
    free(m->wi_off);
    if (m->events != NULL) {
        for (int e = 0; e < m->n_events; e++) {
            free(m->events[e].restore);
            free(m->events[e].desc);
        }
    }
    free(m->events);
    free(m->unit_asset);
    free(m->unit_class);
    free(m->unit_vendor);
    free(m);
    *model = NULL;
}

/* CSR of installation ids grouped by key[i] in [0, n_keys); keys < 0 are left out. */
static kikan_error_t build_csr(const kikan_world_t *w, int field, kikan_id_t n_keys,
                               kikan_id_t **off_out, kikan_id_t **idx_out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t *off = NULL, *idx = NULL, *fill = NULL;
    ALLOC(off, (int64_t)n_keys + 1);
    ALLOC(idx, w->n_installs);
    ALLOC(fill, (int64_t)n_keys + 1);
    for (kikan_id_t i = 0; i < w->n_installs; i++) {
        const kikan_install_t *in = &w->installs[i];
        kikan_id_t k = field == 0 ? in->vendor : field == 1 ? in->contractor : in->asset;
        if (k >= 0) {
            off[k + 1]++;
        }
    }
    for (kikan_id_t k = 0; k < n_keys; k++) {
        off[k + 1] += off[k];
        fill[k] = off[k];
    }
    for (kikan_id_t i = 0; i < w->n_installs; i++) {
        const kikan_install_t *in = &w->installs[i];
        kikan_id_t k = field == 0 ? in->vendor : field == 1 ? in->contractor : in->asset;
        if (k >= 0) {
            idx[fill[k]++] = i;
        }
    }
    *off_out = off;
    *idx_out = idx;
    off = idx = NULL;
cleanup:
    free(off);
    free(idx);
    free(fill);
    return err;
}

/*
 * Size classes per (operator, sector): 0 for an SME; otherwise 1 + the highest
 * tercile the operator reaches on any metric given, among the operators of
 * that sector that give the metric. O(opsec * operators * metrics): compile
 * time only, and operators number in the thousands at most.
 */
static void size_classes(const kikan_world_t *w, kikan_model_t *m)
{
    const kikan_id_t n_metrics = w->metric_names.n;
    for (kikan_id_t o = 0; o < w->n_operators; o++) {
        const kikan_operator_t *op = &w->operators[o];
        for (int j = 0; j < op->n_sectors; j++) {
            const kikan_id_t s = op->sectors[j];
            int cls = 1;
            if (op->sme) {
                m->opsec_class[m->opsec_off[o] + j] = 0;
                continue;
            }
            for (kikan_id_t k = 0; k < n_metrics; k++) {
                const double v = kikan_world_metric(w, o, k);
                if (isnan(v)) {
                    continue;
                }
                int64_t n = 0, less = 0;
                for (kikan_id_t q = 0; q < w->n_operators; q++) {
                    const kikan_operator_t *oq = &w->operators[q];
                    int in = 0;
                    for (int i = 0; i < oq->n_sectors; i++) {
                        in |= oq->sectors[i] == s;
                    }
                    const double vq = kikan_world_metric(w, q, k);
                    if (!in || isnan(vq)) {
                        continue;
                    }
                    n++;
                    less += vq < v;
                }
                const int tercile = (int)((3 * less) / n);
                if (1 + tercile > cls) {
                    cls = 1 + tercile;
                }
            }
            m->opsec_class[m->opsec_off[o] + j] = (int8_t)cls;
        }
    }
}

/* Strongly connected components of size > 1 in the dependency graph (igraph, serial). */
static kikan_error_t count_cycles(const kikan_world_t *w, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    igraph_t g;
    igraph_vector_int_t edges, csize;
    int have_g = 0, have_e = 0, have_c = 0;
    igraph_integer_t no = 0;
    *out = 0;
    if (igraph_vector_int_init(&edges, 2 * (igraph_integer_t)w->n_deps) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    have_e = 1;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        VECTOR(edges)[2 * d] = w->deps[d].provider;
        VECTOR(edges)[2 * d + 1] = w->deps[d].dependent;
    }
    if (igraph_create(&g, &edges, w->n_assets, IGRAPH_DIRECTED) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_EGRAPH);
    }
    have_g = 1;
    if (igraph_vector_int_init(&csize, 0) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_ENOMEM);
    }
    have_c = 1;
    if (igraph_connected_components(&g, NULL, &csize, &no, IGRAPH_STRONG) != IGRAPH_SUCCESS) {
        KIKAN_FAIL(KIKAN_EGRAPH);
    }
    for (igraph_integer_t i = 0; i < no; i++) {
        *out += VECTOR(csize)[i] > 1;
    }
cleanup:
    if (have_c) {
        igraph_vector_int_destroy(&csize);
    }
    if (have_g) {
        igraph_destroy(&g);
    }
    if (have_e) {
        igraph_vector_int_destroy(&edges);
    }
    return err;
}

static int in_list(kikan_id_t x, const kikan_id_t *list, int n)
{
    for (int i = 0; i < n; i++) {
        if (list[i] == x) {
            return 1;
        }
    }
    return 0;
}

static int valid(kikan_id_t i, kikan_id_t n)
{
    return i >= 0 && i < n;
}

/* Check one event's references and numbers; adds a diagnostic and returns 0 when bad. */
static int check_event(kikan_ctx_t *ctx, const kikan_world_t *w, const kikan_whatif_t *wi, int e)
{
    const kikan_event_t *ev = &wi->events[e];
    const char *wn = wi->name ? wi->name : "";
    const char *bad = NULL;
    switch (ev->target) {
    case KIKAN_TARGET_VENDOR:
        bad = valid(ev->vendor, w->n_vendors) ? NULL : "unknown vendor";
        break;
    case KIKAN_TARGET_CONTRACTOR:
        bad = valid(ev->contractor, w->n_contractors) ? NULL : "unknown contractor";
        break;
    case KIKAN_TARGET_ASSETS:
        for (int i = 0; i < ev->n_assets; i++) {
            if (!valid(ev->assets[i], w->n_assets)) {
                bad = "unknown asset";
            }
        }
        if (ev->n_assets > 0 && ev->assets == NULL) {
            bad = "asset list missing";
        }
        break;
    case KIKAN_TARGET_KIND_REGION:
        bad = !valid(ev->kind, w->kinds.n)                                     ? "unknown kind"
              : (ev->region != KIKAN_NONE && !valid(ev->region, w->regions.n)) ? "unknown region"
                                                                               : NULL;
        break;
    case KIKAN_TARGET_SECTOR:
        bad = valid(ev->sector, w->n_sectors) ? NULL : "unknown sector";
        break;
    case KIKAN_TARGET_SELECT:
        bad = (ev->kind != KIKAN_NONE && !valid(ev->kind, w->kinds.n))         ? "unknown kind"
              : (ev->region != KIKAN_NONE && !valid(ev->region, w->regions.n)) ? "unknown region"
              : (ev->sector != KIKAN_NONE && !valid(ev->sector, w->n_sectors)) ? "unknown sector"
              : (ev->op != KIKAN_NONE && !valid(ev->op, w->n_operators))       ? "unknown operator"
              : (ev->kind == KIKAN_NONE && ev->sector == KIKAN_NONE && ev->op == KIKAN_NONE)
                  ? "a selection needs a kind, sector or operator"
                  : NULL;
        break;
    default:
        bad = "unknown target kind";
    }
    if (bad == NULL && (ev->n_classes < 0 || (ev->n_classes > 0 && ev->classes == NULL))) {
        bad = "class list missing";
    }
    for (int i = 0; bad == NULL && i < ev->n_classes; i++) {
        if (!valid(ev->classes[i], w->n_classes)) {
            bad = "unknown equipment class";
        }
    }
    if (bad == NULL && !(ev->probability >= 0 && ev->probability <= 1)) {
        bad = "probability must be in [0, 1]";
    }
    if (bad == NULL && !(isfinite(ev->at_hours) && ev->at_hours >= 0)) {
        bad = "at_hours must be finite and >= 0";
    }
    if (bad == NULL && (ev->n_restore < 0 || (ev->n_restore > 0 && ev->restore == NULL))) {
        bad = "restore schedule missing";
    }
    for (int i = 0; bad == NULL && i < ev->n_restore; i++) {
        const kikan_restore_point_t *p = &ev->restore[i];
        const double ph = i ? ev->restore[i - 1].hours : 0.0;
        const double pf = i ? ev->restore[i - 1].fraction : 0.0;
        if (!(isfinite(p->hours) && p->hours >= ph && p->fraction >= pf && p->fraction <= 1) ||
            (i > 0 && p->hours == ph)) {
            bad = "restore points must have increasing hours and non-decreasing fractions in "
                  "[0, 1]";
        }
    }
    if (bad != NULL) {
        kikan_diag_add(ctx, "scenario: what-if '%s', event %d: %s", wn, e + 1, bad);
        return 0;
    }
    return 1;
}

/*
 * Resolve event ev's targets into units (asset, class). With `emit` NULL only
 * counts. Forcing events target whole assets, each once (stamp dedup).
 */
static int64_t resolve(const kikan_world_t *w, const kikan_model_t *m, const kikan_event_t *ev,
                       kikan_id_t *ua, kikan_id_t *uc, kikan_id_t *uv, uint32_t *stamp,
                       uint32_t tag)
{
    int64_t n = 0;
#define EMIT(asset, cls, vendor)                                                                   \
    do {                                                                                           \
        kikan_id_t a_ = (asset);                                                                   \
        if (ev->forcing) {                                                                         \
            if (stamp[a_] == tag) {                                                                \
                break;                                                                             \
            }                                                                                      \
            stamp[a_] = tag;                                                                       \
        }                                                                                          \
        if (ua != NULL) {                                                                          \
            ua[n] = a_;                                                                            \
            uc[n] = ev->forcing ? KIKAN_NONE : (cls);                                              \
            uv[n] = ev->forcing ? KIKAN_NONE : (vendor);                                           \
        }                                                                                          \
        n++;                                                                                       \
    } while (0)
    switch (ev->target) {
    case KIKAN_TARGET_VENDOR:
    case KIKAN_TARGET_CONTRACTOR: {
        const int by_v = ev->target == KIKAN_TARGET_VENDOR;
        const kikan_id_t key = by_v ? ev->vendor : ev->contractor;
        const kikan_id_t *off = by_v ? m->iv_off : m->ic_off;
        const kikan_id_t *idx = by_v ? m->iv : m->ic;
        for (kikan_id_t j = off[key]; j < off[key + 1]; j++) {
            const kikan_install_t *in = &w->installs[idx[j]];
            if (ev->n_classes == 0 || in_list(in->cls, ev->classes, ev->n_classes)) {
                EMIT(in->asset, in->cls, in->vendor);
            }
        }
        break;
    }
    case KIKAN_TARGET_ASSETS:
        for (int i = 0; i < ev->n_assets; i++) {
            EMIT(ev->assets[i], KIKAN_NONE, KIKAN_NONE);
        }
        break;
    case KIKAN_TARGET_KIND_REGION:
        for (kikan_id_t a = 0; a < w->n_assets; a++) {
            if (w->assets[a].kind == ev->kind &&
                (ev->region == KIKAN_NONE || w->assets[a].region == ev->region)) {
                EMIT(a, KIKAN_NONE, KIKAN_NONE);
            }
        }
        break;
    case KIKAN_TARGET_SECTOR:
        for (kikan_id_t a = 0; a < w->n_assets; a++) {
            if (w->assets[a].sector == ev->sector) {
                EMIT(a, KIKAN_NONE, KIKAN_NONE);
            }
        }
        break;
    case KIKAN_TARGET_SELECT:
        for (kikan_id_t a = 0; a < w->n_assets; a++) {
            const kikan_asset_t *as = &w->assets[a];
            if ((ev->op == KIKAN_NONE || as->op == ev->op) &&
                (ev->kind == KIKAN_NONE || as->kind == ev->kind) &&
                (ev->region == KIKAN_NONE || as->region == ev->region) &&
                (ev->sector == KIKAN_NONE || as->sector == ev->sector)) {
                EMIT(a, KIKAN_NONE, KIKAN_NONE);
            }
        }
        break;
    }
#undef EMIT
    return n;
}

static char *event_desc(const kikan_world_t *w, const kikan_event_t *ev)
{
    char buf[512];
    switch (ev->target) {
    case KIKAN_TARGET_VENDOR:
        snprintf(buf, sizeof(buf), "vendor %s", kikan_strtab_get(&w->vendor_ids, ev->vendor));
        break;
    case KIKAN_TARGET_CONTRACTOR:
        snprintf(buf, sizeof(buf), "contractor %s",
                 kikan_strtab_get(&w->contractor_ids, ev->contractor));
        break;
    case KIKAN_TARGET_ASSETS:
        snprintf(buf, sizeof(buf), "named asset");
        break;
    case KIKAN_TARGET_KIND_REGION:
        snprintf(buf, sizeof(buf), "kind %s%s%s", kikan_strtab_get(&w->kinds, ev->kind),
                 ev->region == KIKAN_NONE ? "" : " in ",
                 ev->region == KIKAN_NONE ? "" : kikan_strtab_get(&w->regions, ev->region));
        break;
    case KIKAN_TARGET_SELECT: {
        /* "operator X, kind k in r, sector s": the filters given, in that order */
        size_t len = 0;
        buf[0] = '\0';
        if (ev->op != KIKAN_NONE) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "operator %s",
                                    kikan_strtab_get(&w->operator_ids, ev->op));
        }
        if (ev->kind != KIKAN_NONE && len < sizeof(buf)) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%skind %s", len ? ", " : "",
                                    kikan_strtab_get(&w->kinds, ev->kind));
        }
        if (ev->sector != KIKAN_NONE && len < sizeof(buf)) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%ssector %s", len ? ", " : "",
                                    kikan_strtab_get(&w->sector_ids, ev->sector));
        }
        if (ev->region != KIKAN_NONE && len < sizeof(buf)) {
            snprintf(buf + len, sizeof(buf) - len, " in %s",
                     kikan_strtab_get(&w->regions, ev->region));
        }
        break;
    }
    default:
        snprintf(buf, sizeof(buf), "sector %s", kikan_strtab_get(&w->sector_ids, ev->sector));
        break;
    }
    if (ev->name != NULL && ev->name[0] != '\0') {
        size_t len = strlen(buf);
        snprintf(buf + len, sizeof(buf) - len, " [%s]", ev->name);
    }
    return strdup(buf);
}

static int cmp_event_time(const void *pa, const void *pb)
{
    const kikan_cevent_t *a = pa, *b = pb;
    if (a->at != b->at) {
        return a->at < b->at ? -1 : 1;
    }
    return (a->order > b->order) - (a->order < b->order);
}

/*
 * The scenario checks the compiler needs (the loader checks the same;
 * hand-built scenarios need them too): one diagnostic per problem; returns
 * their number and the behaviour model's table in *ops.
 */
static int check_scenario(kikan_ctx_t *ctx, const kikan_world_t *w, const kikan_scenario_t *sc,
                          const kikan_behaviour_ops_t **ops_out)
{
    int problems = 0;
    if (!w->frozen) {
        kikan_diag_add(ctx, "world: not finalized");
        problems++;
    }
    if (!(isfinite(sc->horizon_hours) && sc->horizon_hours > 0) ||
        !(isfinite(sc->step_hours) && sc->step_hours > 0) ||
        sc->horizon_hours / sc->step_hours >= 1e7) {
        kikan_diag_add(ctx, "scenario: time: horizon_hours and step_hours must be > 0 "
                            "(and horizon/step < 1e7)");
        problems++;
    }
    if (sc->n_whatifs < 1 || sc->whatifs == NULL) {
        kikan_diag_add(ctx, "scenario: whatifs: at least one what-if is needed");
        problems++;
    }
    const char *model_name = sc->default_model ? sc->default_model : "dependency";
    const kikan_behaviour_ops_t *ops = kikan_behaviour_find(model_name);
    *ops_out = ops;
    if (ops == NULL) {
        kikan_diag_add(ctx,
                       "scenario: models: default: the event engine runs 'dependency', "
                       "not '%s'",
                       model_name);
        problems++;
    }
    for (int s = 0; s < sc->n_sector_models && sc->sector_models != NULL; s++) {
        if (sc->sector_models[s] != NULL && kikan_behaviour_find(sc->sector_models[s]) != ops) {
            kikan_diag_add(ctx,
                           "scenario: models: sectors: '%s': the event engine runs one "
                           "behaviour model for all sectors ('%s')",
                           sc->sector_models[s], model_name);
            problems++;
        }
    }
    for (int i = 0; i < sc->n_whatifs && sc->whatifs != NULL; i++) {
        const kikan_whatif_t *wi = &sc->whatifs[i];
        if (wi->n_events < 0 || (wi->n_events > 0 && wi->events == NULL)) {
            kikan_diag_add(ctx, "scenario: what-if '%s': events missing", wi->name ? wi->name : "");
            problems++;
            continue;
        }
        for (int e = 0; e < wi->n_events; e++) {
            problems += !check_event(ctx, w, wi, e);
        }
    }
    return problems;
}

/* Dependencies: provider -> groups (CSR), the groups' k, n, dependent, buffers, and
   dependent -> its groups (CSR). */
static kikan_error_t compile_dependencies(const kikan_world_t *w, kikan_model_t *m)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t *fill = NULL;
    ALLOC(m->out_off, (int64_t)m->n_assets + 1);
    ALLOC(m->out_group, m->n_deps);
    ALLOC(m->out_res, m->n_deps);
    ALLOC(fill, (int64_t)m->n_assets + 1);
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        m->out_off[w->deps[d].provider + 1]++;
    }
    for (kikan_id_t a = 0; a < m->n_assets; a++) {
        m->out_off[a + 1] += m->out_off[a];
        fill[a] = m->out_off[a];
    }
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_id_t p = w->deps[d].provider;
        m->out_group[fill[p]] = w->deps[d].group;
        m->out_res[fill[p]] = w->deps[d].resource;
        fill[p]++;
    }
    ALLOC(m->group_k, m->n_groups);
    ALLOC(m->group_n, m->n_groups);
    ALLOC(m->group_dep, m->n_groups);
    for (kikan_id_t g = 0; g < m->n_groups; g++) {
        m->group_k[g] = w->groups[g].k;
        m->group_n[g] = w->groups[g].n;
        m->group_dep[g] = w->groups[g].dependent;
    }
    /* buffers per supply: a group's own buffer is its rows' largest; the asset's backup
       bridges it when a row carries power or fuel (see sim/behaviour_dependency.c) */
    ALLOC(m->group_buf, m->n_groups);
    ALLOC(m->group_bridged, m->n_groups);
    ALLOC(m->group_res, m->n_groups);
    for (kikan_id_t g = 0; g < m->n_groups; g++) {
        m->group_res[g] = KIKAN_NONE;
    }
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_id_t g = w->deps[d].group;
        if (m->group_res[g] == KIKAN_NONE) {
            m->group_res[g] = w->deps[d].resource;
        }
        if (w->deps[d].buffer_hours > m->group_buf[g]) {
            m->group_buf[g] = w->deps[d].buffer_hours;
        }
        if (kikan_resource_on_backup(kikan_strtab_get(&w->resources, w->deps[d].resource))) {
            m->group_bridged[g] = 1;
        }
    }
    /* dependent -> its groups (CSR) */
    ALLOC(m->in_off, (int64_t)m->n_assets + 1);
    ALLOC(m->in_group, m->n_groups);
    for (kikan_id_t g = 0; g < m->n_groups; g++) {
        m->in_off[m->group_dep[g] + 1]++;
    }
    for (kikan_id_t a = 0; a < m->n_assets; a++) {
        m->in_off[a + 1] += m->in_off[a];
        fill[a] = m->in_off[a];
    }
    for (kikan_id_t g = 0; g < m->n_groups; g++) {
        m->in_group[fill[m->group_dep[g]]++] = g;
    }

cleanup:
    free(fill);
    return err;
}

/* Operators x sectors and the assets' flat arrays (sector, operator, times, records,
   region, people). */
static kikan_error_t compile_assets(const kikan_world_t *w, kikan_model_t *m)
{
    kikan_error_t err = KIKAN_OK;
    ALLOC(m->opsec_off, (int64_t)m->n_ops + 1);
    for (kikan_id_t o = 0; o < m->n_ops; o++) {
        m->opsec_off[o + 1] = m->opsec_off[o] + w->operators[o].n_sectors;
    }
    m->n_opsec = m->opsec_off[m->n_ops];
    ALLOC(m->opsec_sector, m->n_opsec);
    ALLOC(m->opsec_class, m->n_opsec);
    for (kikan_id_t o = 0; o < m->n_ops; o++) {
        for (int j = 0; j < w->operators[o].n_sectors; j++) {
            m->opsec_sector[m->opsec_off[o] + j] = w->operators[o].sectors[j];
        }
    }
    size_classes(w, m);
    ALLOC(m->a_sector, m->n_assets);
    ALLOC(m->a_op, m->n_assets);
    ALLOC(m->a_opsec, m->n_assets);
    ALLOC(m->a_cust, m->n_assets);
    ALLOC(m->a_backup_lo, m->n_assets);
    ALLOC(m->a_backup_hi, m->n_assets);
    ALLOC(m->a_restart, m->n_assets);
    ALLOC(m->a_cold, m->n_assets);
    ALLOC(m->a_repair, m->n_assets);
    for (kikan_id_t a = 0; a < m->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        m->a_sector[a] = as->sector;
        m->a_op[a] = as->op;
        m->a_opsec[a] = KIKAN_NONE;
        for (kikan_id_t j = m->opsec_off[as->op]; j < m->opsec_off[as->op + 1]; j++) {
            if (m->opsec_sector[j] == as->sector) {
                m->a_opsec[a] = j;
            }
        }
        if (m->a_opsec[a] == KIKAN_NONE) {
            KIKAN_FAIL(KIKAN_EINTERNAL); /* the builders guarantee the operator is in the sector */
        }
        m->a_cust[a] = as->customers;
        m->a_backup_lo[a] = as->backup_hours;
        m->a_backup_hi[a] = as->backup_hours_max;
        m->a_restart[a] = as->restart_hours;
        m->a_cold[a] = as->cold_restart_hours;
        m->a_repair[a] = as->repair;
    }
    ALLOC(m->life_weight, m->n_sectors);
    ALLOC(m->people, m->n_sectors);
    for (kikan_id_t s = 0; s < m->n_sectors; s++) {
        m->people[s] = w->sectors[s].people_per_customer;
        m->life_weight[s] = w->sectors[s].life_weight * m->people[s];
    }
    /* records: what an asset holds, whether it is abroad, which classes handle records */
    ALLOC(m->a_records, m->n_assets);
    ALLOC(m->a_abroad, m->n_assets);
    ALLOC(m->class_data, m->n_classes > 0 ? m->n_classes : 1);
    const kikan_id_t abroad = kikan_world_find_region(w, "abroad");
    for (kikan_id_t a = 0; a < m->n_assets; a++) {
        m->a_records[a] = w->assets[a].records;
        m->a_abroad[a] = abroad != KIKAN_NONE && w->assets[a].region == abroad;
    }
    for (kikan_id_t c = 0; c < m->n_classes; c++) {
        m->class_data[c] = (uint8_t)w->classes[c].data;
    }
    /* regions: every asset has one (the loader interns "" for a missing one) */
    m->n_regions = w->regions.n > 0 ? w->regions.n : 1;
    ALLOC(m->a_region, m->n_assets);
    ALLOC(m->a_people, m->n_assets);
    for (kikan_id_t a = 0; a < m->n_assets; a++) {
        const kikan_id_t rg = w->assets[a].region;
        m->a_region[a] = rg >= 0 && rg < m->n_regions ? rg : 0;
        m->a_people[a] = m->a_cust[a] * m->people[m->a_sector[a]];
    }
cleanup:
    return err;
}

/* Economics: A*, k, hourly outputs and sector customers for the IIM, or why not. */
static kikan_error_t compile_economics(kikan_ctx_t *ctx, const kikan_world_t *w,
                                       const kikan_scenario_t *sc, kikan_model_t *m)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_economics_t *ec = &sc->economics;
    int outputs = m->n_sectors > 0;
    for (kikan_id_t s = 0; s < m->n_sectors; s++) {
        outputs &= w->sectors[s].output_jpy > 0;
    }
    if (!ec->enabled) {
        m->econ_note = "the scenario turns the economic model off (economics.enabled: false)";
    } else if (!outputs) {
        m->econ_note = "a sector has no output_jpy (sectors.csv): the loss would count only the "
                       "sectors with one";
    }
    if (ec->enabled && outputs && ec->astar != NULL && ec->k != NULL &&
        ec->n_sectors == m->n_sectors && m->n_sectors > 0) {
        const int64_t S = m->n_sectors;
        ALLOC(m->econ_astar, S * S);
        ALLOC(m->econ_k, S);
        ALLOC(m->econ_x, S);
        ALLOC(m->econ_cust, S);
        memcpy(m->econ_astar, ec->astar, (size_t)(S * S) * sizeof(double));
        memcpy(m->econ_k, ec->k, (size_t)S * sizeof(double));
        for (kikan_id_t s = 0; s < m->n_sectors; s++) {
            m->econ_x[s] = w->sectors[s].output_jpy / KIKAN_HOURS_PER_YEAR;
        }
        for (kikan_id_t a = 0; a < m->n_assets; a++) {
            m->econ_cust[m->a_sector[a]] += m->a_cust[a];
        }
        /* a sector's output pays for output_customers' service (the national network's for
           the built-in sectors): a world that models part of them loses only its part */
        for (kikan_id_t s = 0; s < m->n_sectors; s++) {
            m->econ_cust[s] = fmax(m->econ_cust[s], w->sectors[s].output_customers);
        }
        m->econ_on = 1;
        kikan_econ_t e;
        kikan_model_econ(m, &e);
        KIKAN_CHECK(kikan_econ_check(ctx, &e)); /* once, so the solver never fails on input */
    }

cleanup:
    return err;
}

/* What-ifs: events, sorted by time within each what-if, and their target units. */
static kikan_error_t compile_whatifs(kikan_ctx_t *ctx, const kikan_world_t *w,
                                     const kikan_scenario_t *sc, kikan_model_t *m)
{
    kikan_error_t err = KIKAN_OK;
    uint32_t *stamp = NULL;
    m->n_whatifs = sc->n_whatifs;
    ALLOC(m->wi_off, (int64_t)m->n_whatifs + 1);
    for (int i = 0; i < sc->n_whatifs; i++) {
        m->wi_off[i + 1] = m->wi_off[i] + sc->whatifs[i].n_events;
    }
    m->n_events = m->wi_off[m->n_whatifs];
    ALLOC(m->events, m->n_events);
    ALLOC(stamp, m->n_assets);
    uint32_t tag = 0;
    int64_t total = 0;
    for (int i = 0; i < sc->n_whatifs; i++) {
        int64_t in_wi = 0;
        for (int e = 0; e < sc->whatifs[i].n_events; e++) {
            const int64_t n =
                resolve(w, m, &sc->whatifs[i].events[e], NULL, NULL, NULL, stamp, ++tag);
            if (sc->whatifs[i].events[e].forcing && n > m->max_forcing) {
                m->max_forcing = n;
            }
            in_wi += n;
        }
        total += in_wi;
        if (in_wi > m->max_units) {
            m->max_units = in_wi;
        }
    }
    m->n_units = total;
    ALLOC(m->unit_asset, total);
    ALLOC(m->unit_class, total);
    ALLOC(m->unit_vendor, total);
    m->n_vendors = w->n_vendors;
    int64_t u = 0;
    for (int i = 0; i < sc->n_whatifs; i++) {
        for (int e = 0; e < sc->whatifs[i].n_events; e++) {
            const kikan_event_t *ev = &sc->whatifs[i].events[e];
            kikan_cevent_t *ce = &m->events[m->wi_off[i] + e];
            ce->at = ev->at_hours;
            ce->probability = ev->probability;
            ce->forcing = ev->forcing != 0;
            ce->order = e;
            ce->unit_off = u;
            ce->n_units = (kikan_id_t)resolve(w, m, ev, m->unit_asset + u, m->unit_class + u,
                                              m->unit_vendor + u, stamp, ++tag);
            u += ce->n_units;
            KIKAN_CHECK_ALLOC(ce->desc = event_desc(w, ev));
            if (ce->n_units == 0) {
                kikan_log(ctx, KIKAN_LOG_WARN, "what-if '%s', event %d (%s): targets nothing",
                          sc->whatifs[i].name ? sc->whatifs[i].name : "", e + 1, ce->desc);
            }
            if (ev->n_restore > 0) {
                ALLOC(ce->restore, ev->n_restore);
                memcpy(ce->restore, ev->restore, (size_t)ev->n_restore * sizeof(*ce->restore));
                ce->n_restore = ev->n_restore;
            }
        }
        qsort(m->events + m->wi_off[i], (size_t)(m->wi_off[i + 1] - m->wi_off[i]),
              sizeof(kikan_cevent_t), cmp_event_time);
    }

cleanup:
    free(stamp);
    return err;
}

kikan_error_t kikan_model_compile(kikan_ctx_t *ctx, const kikan_world_t *w,
                                  const kikan_scenario_t *sc, kikan_model_t **model)
{
    kikan_error_t err = KIKAN_OK;
    kikan_model_t *m = NULL;
    if (ctx == NULL || w == NULL || sc == NULL || model == NULL) {
        return KIKAN_EINVAL;
    }
    *model = NULL;
    const kikan_behaviour_ops_t *ops = NULL;
    if (check_scenario(ctx, w, sc, &ops) > 0) {
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK_ALLOC(m = calloc(1, sizeof(*m)));
    m->world = w;
    m->ops = ops;
    m->n_assets = w->n_assets;
    m->n_groups = w->n_groups;
    m->n_sectors = w->n_sectors;
    m->n_ops = w->n_operators;
    m->n_classes = w->n_classes;
    m->n_deps = w->n_deps;
    m->horizon = sc->horizon_hours;
    m->step = sc->step_hours;
    m->n_grid = (int)floor(sc->horizon_hours / sc->step_hours) + 1;
    m->seed = sc->seed;

    KIKAN_CHECK(compile_dependencies(w, m));
    KIKAN_CHECK(compile_assets(w, m));
    KIKAN_CHECK(compile_economics(ctx, w, sc, m));
    KIKAN_CHECK(build_csr(w, 0, w->n_vendors, &m->iv_off, &m->iv));
    KIKAN_CHECK(build_csr(w, 1, w->n_contractors, &m->ic_off, &m->ic));
    KIKAN_CHECK(build_csr(w, 2, w->n_assets, &m->ia_off, &m->ia));
    KIKAN_CHECK(compile_whatifs(ctx, w, sc, m));
    KIKAN_CHECK(count_cycles(w, &m->n_cycles));
    kikan_log(ctx, KIKAN_LOG_INFO,
              "model: %d assets, %d groups, %d dependency cycles, %lld target units",
              (int)m->n_assets, (int)m->n_groups, (int)m->n_cycles, (long long)m->n_units);
    *model = m;
    m = NULL;
cleanup:
    kikan_model_free(&m);
    return err;
}

/* ---- accessors ------------------------------------------------------------------------------ */

const kikan_world_t *kikan_model_world(const kikan_model_t *m)
{
    return m->world;
}
kikan_id_t kikan_model_n_sectors(const kikan_model_t *m)
{
    return m->n_sectors;
}
kikan_id_t kikan_model_n_operators(const kikan_model_t *m)
{
    return m->n_ops;
}
kikan_id_t kikan_model_n_classes(const kikan_model_t *m)
{
    return m->n_classes;
}
kikan_id_t kikan_model_n_assets(const kikan_model_t *m)
{
    return m->n_assets;
}
int kikan_model_n_whatifs(const kikan_model_t *m)
{
    return m->n_whatifs;
}
int kikan_model_n_grid(const kikan_model_t *m)
{
    return m->n_grid;
}
double kikan_model_horizon(const kikan_model_t *m)
{
    return m->horizon;
}
double kikan_model_step(const kikan_model_t *m)
{
    return m->step;
}
uint64_t kikan_model_seed(const kikan_model_t *m)
{
    return m->seed;
}
kikan_id_t kikan_model_n_cycles(const kikan_model_t *m)
{
    return m->n_cycles;
}

int kikan_model_size_class(const kikan_model_t *m, kikan_id_t op, kikan_id_t s)
{
    if (!valid(op, m->n_ops)) {
        return -1;
    }
    for (kikan_id_t j = m->opsec_off[op]; j < m->opsec_off[op + 1]; j++) {
        if (m->opsec_sector[j] == s) {
            return m->opsec_class[j];
        }
    }
    return -1;
}

/* ---- the screening policy ------------------------------------------------------------------- */

kikan_error_t kikan_policy_from_scenario(const kikan_model_t *m, const kikan_scenario_t *s,
                                         uint8_t *op_regulated, uint8_t *class_screened,
                                         kikan_policy_t *policy)
{
    if (m == NULL || s == NULL || op_regulated == NULL || policy == NULL) {
        return KIKAN_EINVAL;
    }
    const kikan_screening_t *sc = &s->screening;
    const kikan_world_t *w = m->world;
    memset(op_regulated, 0, (size_t)m->n_ops);
    *policy = (kikan_policy_t){op_regulated, NULL, 0.0};
    if (!sc->enabled) {
        return KIKAN_OK;
    }
    if (!(sc->effectiveness >= 0 && sc->effectiveness <= 1) ||
        (sc->n_classes > 0 && (class_screened == NULL || sc->classes == NULL)) ||
        (sc->n_rules > 0 && sc->rules == NULL) || (sc->n_operators > 0 && sc->operators == NULL)) {
        return KIKAN_EINVAL;
    }
    for (int i = 0; i < sc->n_operators; i++) {
        if (!valid(sc->operators[i], m->n_ops)) {
            return KIKAN_EINVAL;
        }
        op_regulated[sc->operators[i]] = 1;
    }
    for (int r = 0; r < sc->n_rules; r++) {
        const kikan_rule_t *rule = &sc->rules[r];
        if (!valid(rule->metric, w->metric_names.n) ||
            (rule->sector != KIKAN_NONE && !valid(rule->sector, m->n_sectors))) {
            return KIKAN_EINVAL;
        }
        for (kikan_id_t o = 0; o < m->n_ops; o++) {
            const double v = kikan_world_metric(w, o, rule->metric);
            const int in =
                rule->sector == KIKAN_NONE || kikan_model_size_class(m, o, rule->sector) >= 0;
            if (in && !isnan(v) && v >= rule->at_least) {
                op_regulated[o] = 1;
            }
        }
    }
    if (sc->n_classes > 0) {
        memset(class_screened, 0, (size_t)m->n_classes);
        for (int i = 0; i < sc->n_classes; i++) {
            if (!valid(sc->classes[i], m->n_classes)) {
                return KIKAN_EINVAL;
            }
            class_screened[sc->classes[i]] = 1;
        }
        policy->class_screened = class_screened;
    }
    policy->effectiveness = sc->effectiveness;
    return KIKAN_OK;
}

const char *kikan_model_econ_note(const kikan_model_t *m)
{
    return m == NULL || m->econ_on ? NULL : m->econ_note;
}

double kikan_model_people(const kikan_model_t *m, kikan_id_t s)
{
    return m->people[s];
}

int kikan_model_econ(const kikan_model_t *m, kikan_econ_t *e)
{
    if (m == NULL || !m->econ_on) {
        return 0;
    }
    if (e != NULL) {
        *e = (kikan_econ_t){m->n_sectors, m->econ_astar, m->econ_k, m->econ_x,
                            m->econ_cust, m->n_grid,     m->step,   m->horizon};
    }
    return 1;
}
