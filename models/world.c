/*
 * The world model: builders, validation and lookups. See include/kikan/world.h.
 *
 * DESIGN: rows are appended to growable arrays; the string ids live in hash
 * tables whose indices are the row numbers, so a lookup by id is a hash probe
 * and a reference between tables is a plain index. Builders report problems
 * as diagnostics in the world's context (the CSV loader adds file and line in
 * front of its own checks, which run before these).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "models/builtin_sectors.h"
#include "models/world_impl.h"

/*
 * Grow arr (of n elements, capacity cap) to hold one more element. A table
 * already holding KIKAN_ID_MAX rows is KIKAN_ELIMIT, with a diagnostic naming it.
 */
static kikan_error_t grow(kikan_world_t *w, const char *what, void **arr, kikan_id_t *cap,
                          kikan_id_t n, size_t elem)
{
    if (n < *cap) {
        return KIKAN_OK;
    }
    if (n == KIKAN_ID_MAX) {
        kikan_diag_add(w->ctx, "%s: more than %d rows (the limit of the index type)", what,
                       (int)KIKAN_ID_MAX);
        return KIKAN_ELIMIT;
    }
    kikan_id_t ncap = *cap ? (*cap > KIKAN_ID_MAX / 2 ? KIKAN_ID_MAX : 2 * *cap) : 16;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (p == NULL) {
        return KIKAN_ENOMEM;
    }
    *arr = p;
    *cap = ncap;
    return KIKAN_OK;
}

#define GROW(w, field, n, cap)                                                                     \
    grow((w), #field, (void **)&(w)->field, &(w)->cap, (w)->n, sizeof(*(w)->field))

/* Capacity down to the count (keeps the old array if realloc refuses: nothing is lost). */
static void shrink(void **arr, kikan_id_t *cap, kikan_id_t n, size_t elem)
{
    if (*arr == NULL || n >= *cap || n == 0) {
        return;
    }
    void *p = realloc(*arr, (size_t)n * elem);
    if (p != NULL) {
        *arr = p;
        *cap = n;
    }
}

#define SHRINK(w, field, n, cap)                                                                   \
    shrink((void **)&(w)->field, &(w)->cap, (w)->n, sizeof(*(w)->field))

static char *dup_or_empty(const char *s)
{
    return strdup(s ? s : "");
}

/* ---- distributions ---------------------------------------------------------------------- */

static const char *const dist_names[] = {"fixed", "exponential", "uniform", "lognormal", "gamma"};

kikan_error_t kikan_dist_kind_parse(const char *name, kikan_dist_kind_t *kind)
{
    for (int i = 0; i < (int)(sizeof(dist_names) / sizeof(dist_names[0])); i++) {
        if (name && strcmp(name, dist_names[i]) == 0) {
            *kind = (kikan_dist_kind_t)i;
            return KIKAN_OK;
        }
    }
    return KIKAN_EINPUT;
}

const char *kikan_dist_kind_name(kikan_dist_kind_t kind)
{
    if ((int)kind < 0 || (int)kind >= (int)(sizeof(dist_names) / sizeof(dist_names[0]))) {
        return "unknown";
    }
    return dist_names[kind];
}

const char *kikan_dist_check(const kikan_dist_t *d)
{
    if (!isfinite(d->a) || !isfinite(d->b)) {
        return "distribution parameters must be finite";
    }
    if (d->a < 0 || d->b < 0) {
        return "distribution parameters must not be negative";
    }
    switch (d->kind) {
    case KIKAN_DIST_FIXED:
    case KIKAN_DIST_EXPONENTIAL:
        return NULL;
    case KIKAN_DIST_UNIFORM:
        return d->b < d->a ? "uniform distribution needs b >= a" : NULL;
    case KIKAN_DIST_LOGNORMAL:
        return d->a <= 0 ? "lognormal distribution needs a median > 0" : NULL;
    case KIKAN_DIST_GAMMA:
        return d->b <= 0 ? "gamma distribution needs a shape > 0" : NULL;
    }
    return "unknown distribution";
}

double kikan_dist_mean(const kikan_dist_t *d)
{
    switch (d->kind) {
    case KIKAN_DIST_FIXED:
    case KIKAN_DIST_EXPONENTIAL:
    case KIKAN_DIST_GAMMA:
        return d->a;
    case KIKAN_DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case KIKAN_DIST_LOGNORMAL:
        return d->a * exp(0.5 * d->b * d->b);
    }
    return NAN;
}

/* ---- life cycle ------------------------------------------------------------------------- */

kikan_error_t kikan_world_new(kikan_ctx_t *ctx, kikan_world_t **world)
{
    if (ctx == NULL || world == NULL) {
        return KIKAN_EINVAL;
    }
    kikan_world_t *w = calloc(1, sizeof(*w));
    if (w == NULL) {
        return KIKAN_ENOMEM;
    }
    w->ctx = ctx;
    w->population = NAN;
    *world = w;
    return KIKAN_OK;
}

void kikan_world_free(kikan_world_t **world)
{
    if (world == NULL || *world == NULL) {
        return;
    }
    kikan_world_t *w = *world;
    kikan_strtab_t *tabs[] = {&w->sector_ids, &w->operator_ids,   &w->asset_ids,    &w->vendor_ids,
                              &w->class_ids,  &w->contractor_ids, &w->metric_names, &w->kinds,
                              &w->regions,    &w->resources,      &w->group_labels};
    for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
        kikan_strtab_destroy(tabs[i]);
    }
    for (kikan_id_t i = 0; i < w->n_sectors; i++) {
        free(w->sectors[i].name);
        free(w->sectors[i].unit);
    }
    for (kikan_id_t i = 0; i < w->n_operators; i++) {
        free(w->operators[i].name);
        free(w->operators[i].sectors);
    }
    for (kikan_id_t i = 0; i < w->n_vendors; i++) {
        free(w->vendors[i].name);
        free(w->vendors[i].origin);
    }
    for (kikan_id_t i = 0; i < w->n_classes; i++) {
        free(w->classes[i].name);
    }
    for (kikan_id_t i = 0; i < w->n_contractors; i++) {
        free(w->contractors[i].name);
    }
    free(w->sectors);
    free(w->operators);
    free(w->op_metrics);
    free(w->assets);
    free(w->deps);
    free(w->groups);
    free(w->named_slot);
    free(w->links);
    free(w->vendors);
    free(w->classes);
    free(w->contractors);
    free(w->installs);
    free(w);
    *world = NULL;
}

/* Add id to a unique table, reporting a duplicate as a diagnostic. */
static kikan_error_t add_id(kikan_world_t *w, kikan_strtab_t *t, const char *what, const char *id,
                            kikan_id_t *out)
{
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (id == NULL || id[0] == '\0') {
        kikan_diag_add(w->ctx, "%s: empty id", what);
        return KIKAN_EINPUT;
    }
    kikan_error_t err = kikan_strtab_add(t, id, 1, out);
    if (err == KIKAN_EINPUT) {
        kikan_diag_add(w->ctx, "%s: duplicate id '%s'", what, id);
    } else if (err == KIKAN_ELIMIT) {
        kikan_diag_add(w->ctx, "%s: too many ids (the limit of the index type)", what);
    }
    return err;
}

static int valid_row(kikan_id_t i, kikan_id_t n)
{
    return i >= 0 && i < n;
}

/* ---- builders --------------------------------------------------------------------------- */

kikan_error_t kikan_world_add_sector(kikan_world_t *w, const char *id, const char *name,
                                     const char *unit, double life_weight, double output_jpy,
                                     kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    char *nm = NULL, *un = NULL;
    if (!isfinite(life_weight) || life_weight < 0 || !isfinite(output_jpy) || output_jpy < 0) {
        kikan_diag_add(w->ctx, "sector '%s': life_weight and output must be finite and >= 0",
                       id ? id : "");
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, sectors, n_sectors, cap_sectors));
    /* copies first: a failure after add_id would leave an id without a row */
    KIKAN_CHECK_ALLOC(nm = dup_or_empty(name ? name : id));
    KIKAN_CHECK_ALLOC(un = dup_or_empty(unit));
    KIKAN_CHECK(add_id(w, &w->sector_ids, "sector", id, &i));
    w->sectors[i] = (kikan_sector_t){nm, un, life_weight, output_jpy, 1.0, 0.0};
    nm = un = NULL;
    w->n_sectors++;
    if (out) {
        *out = i;
    }
cleanup:
    free(nm);
    free(un);
    return err;
}

kikan_error_t kikan_world_add_builtin_sectors(kikan_world_t *w)
{
    /* the table, its sources and value judgements: models/builtin_sectors.c */
    kikan_error_t err = KIKAN_OK;
    for (int i = 0; i < KIKAN_N_BUILTIN_SECTORS; i++) {
        const kikan_builtin_sector_t *b = &kikan_builtin_sectors[i];
        kikan_id_t s;
        KIKAN_CHECK(
            kikan_world_add_sector(w, b->id, b->name, b->unit, b->life_weight, b->output_jpy, &s));
        KIKAN_CHECK(kikan_world_set_sector_people(w, s, b->people));
        KIKAN_CHECK(kikan_world_set_sector_output_customers(w, s, b->output_customers));
    }
cleanup:
    return err;
}

kikan_error_t kikan_world_set_sector_people(kikan_world_t *w, kikan_id_t s, double people)
{
    if (w == NULL || w->frozen || !valid_row(s, w->n_sectors)) {
        return KIKAN_EINVAL;
    }
    if (!isfinite(people) || people <= 0) {
        kikan_diag_add(w->ctx, "sector '%s': people_per_customer must be finite and > 0",
                       kikan_strtab_get(&w->sector_ids, s));
        return KIKAN_EINPUT;
    }
    w->sectors[s].people_per_customer = people;
    return KIKAN_OK;
}

kikan_error_t kikan_world_set_sector_output_customers(kikan_world_t *w, kikan_id_t s,
                                                      double customers)
{
    if (w == NULL || w->frozen || !valid_row(s, w->n_sectors)) {
        return KIKAN_EINVAL;
    }
    if (!isfinite(customers) || customers < 0) {
        kikan_diag_add(w->ctx, "sector '%s': output_customers must be finite and >= 0",
                       kikan_strtab_get(&w->sector_ids, s));
        return KIKAN_EINPUT;
    }
    w->sectors[s].output_customers = customers;
    return KIKAN_OK;
}

kikan_error_t kikan_world_set_class_data(kikan_world_t *w, kikan_id_t c, int data)
{
    if (w == NULL || w->frozen || !valid_row(c, w->n_classes)) {
        return KIKAN_EINVAL;
    }
    w->classes[c].data = data != 0;
    return KIKAN_OK;
}

kikan_error_t kikan_world_set_asset_records(kikan_world_t *w, kikan_id_t a, double records)
{
    if (w == NULL || w->frozen || !valid_row(a, w->n_assets)) {
        return KIKAN_EINVAL;
    }
    if (!isfinite(records) || records < 0) {
        kikan_diag_add(w->ctx, "asset '%s': records must be finite and >= 0",
                       kikan_strtab_get(&w->asset_ids, a));
        return KIKAN_EINPUT;
    }
    w->assets[a].records = records;
    return KIKAN_OK;
}

kikan_error_t kikan_world_set_population(kikan_world_t *w, double population)
{
    if (w == NULL) {
        return KIKAN_EINVAL;
    }
    if (!isnan(population) && (!isfinite(population) || population <= 0)) {
        kikan_diag_add(w->ctx, "population must be finite and > 0");
        return KIKAN_EINPUT;
    }
    w->population = population;
    return KIKAN_OK;
}

double kikan_world_population(const kikan_world_t *w)
{
    return w->population;
}

double kikan_world_sector_people(const kikan_world_t *w, kikan_id_t s)
{
    return w->sectors[s].people_per_customer;
}

kikan_error_t kikan_world_add_metric(kikan_world_t *w, const char *name, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t m;
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    KIKAN_CHECK(kikan_strtab_add(&w->metric_names, name, 0, &m));
    if (m >= w->metric_cap) {
        /* re-lay the metric matrix with a wider stride */
        kikan_id_t ncap = w->metric_cap ? 2 * w->metric_cap : 8;
        kikan_id_t rows = w->cap_operators ? w->cap_operators : 1;
        double *mm = malloc((size_t)rows * (size_t)ncap * sizeof(*mm));
        KIKAN_CHECK_ALLOC(mm);
        for (int64_t j = 0; j < (int64_t)rows * ncap; j++) {
            mm[j] = NAN;
        }
        for (kikan_id_t o = 0; o < w->n_operators; o++) {
            for (kikan_id_t k = 0; k < w->metric_cap; k++) {
                mm[(int64_t)o * ncap + k] = w->op_metrics[(int64_t)o * w->metric_cap + k];
            }
        }
        free(w->op_metrics);
        w->op_metrics = mm;
        w->metric_cap = ncap;
    }
    if (out) {
        *out = m;
    }
cleanup:
    return err;
}

kikan_error_t kikan_world_add_operator(kikan_world_t *w, const char *id, const char *name,
                                       const kikan_id_t *sectors, int n_sectors, int sme,
                                       kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    kikan_id_t *sec = NULL;
    char *nm = NULL;
    if (n_sectors < 1) {
        kikan_diag_add(w->ctx, "operator '%s': needs at least one sector", id ? id : "");
        return KIKAN_EINPUT;
    }
    for (int s = 0; s < n_sectors; s++) {
        if (!valid_row(sectors[s], w->n_sectors)) {
            kikan_diag_add(w->ctx, "operator '%s': unknown sector index %d", id ? id : "",
                           (int)sectors[s]);
            return KIKAN_EINPUT;
        }
    }
    if (w->n_operators == w->cap_operators) {
        kikan_id_t old_cap = w->cap_operators;
        KIKAN_CHECK(GROW(w, operators, n_operators, cap_operators));
        if (w->metric_cap > 0) {
            double *mm = realloc(w->op_metrics,
                                 (size_t)w->cap_operators * (size_t)w->metric_cap * sizeof(*mm));
            KIKAN_CHECK_ALLOC(mm);
            for (int64_t j = (int64_t)old_cap * w->metric_cap;
                 j < (int64_t)w->cap_operators * w->metric_cap; j++) {
                mm[j] = NAN;
            }
            w->op_metrics = mm;
        }
    }
    sec = malloc((size_t)n_sectors * sizeof(*sec));
    KIKAN_CHECK_ALLOC(sec);
    memcpy(sec, sectors, (size_t)n_sectors * sizeof(*sec));
    KIKAN_CHECK_ALLOC(nm = dup_or_empty(name ? name : id));
    KIKAN_CHECK(add_id(w, &w->operator_ids, "operator", id, &i));
    w->operators[i] = (kikan_operator_t){nm, sec, n_sectors, sme != 0};
    sec = NULL;
    nm = NULL;
    w->n_operators++;
    if (out) {
        *out = i;
    }
cleanup:
    free(sec);
    free(nm);
    return err;
}

kikan_error_t kikan_world_set_metric(kikan_world_t *w, kikan_id_t op, kikan_id_t m, double value)
{
    if (!valid_row(op, w->n_operators) || !valid_row(m, w->metric_names.n)) {
        return KIKAN_EINVAL;
    }
    if (!isnan(value) && (!isfinite(value) || value < 0)) {
        kikan_diag_add(w->ctx, "operator '%s': metric '%s' must be finite and >= 0",
                       kikan_strtab_get(&w->operator_ids, op),
                       kikan_strtab_get(&w->metric_names, m));
        return KIKAN_EINPUT;
    }
    w->op_metrics[(int64_t)op * w->metric_cap + m] = value;
    return KIKAN_OK;
}

kikan_error_t kikan_world_add_asset(kikan_world_t *w, const kikan_asset_spec_t *a, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i, kind, region;
    const char *id = a->id ? a->id : "";
    if (!valid_row(a->op, w->n_operators) || !valid_row(a->sector, w->n_sectors)) {
        kikan_diag_add(w->ctx, "asset '%s': unknown operator or sector", id);
        return KIKAN_EINPUT;
    }
    int in_sector = 0;
    const kikan_operator_t *op = &w->operators[a->op];
    for (int s = 0; s < op->n_sectors; s++) {
        in_sector |= op->sectors[s] == a->sector;
    }
    if (!in_sector) {
        kikan_diag_add(w->ctx, "asset '%s': operator '%s' is not in sector '%s'", id,
                       kikan_strtab_get(&w->operator_ids, a->op),
                       kikan_strtab_get(&w->sector_ids, a->sector));
        return KIKAN_EINPUT;
    }
    const double nums[] = {a->customers, a->backup_hours, a->restart_hours};
    for (int j = 0; j < 3; j++) {
        if (!isfinite(nums[j]) || nums[j] < 0) {
            kikan_diag_add(w->ctx,
                           "asset '%s': customers, backup and restart hours must be "
                           "finite and >= 0",
                           id);
            return KIKAN_EINPUT;
        }
    }
    if (!isfinite(a->backup_hours_max) && !isnan(a->backup_hours_max)) {
        kikan_diag_add(w->ctx, "asset '%s': backup_hours_max must be finite", id);
        return KIKAN_EINPUT;
    }
    const char *why = kikan_dist_check(&a->repair);
    if (why != NULL) {
        kikan_diag_add(w->ctx, "asset '%s': repair: %s", id, why);
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, assets, n_assets, cap_assets));
    KIKAN_CHECK(kikan_strtab_add(&w->kinds, a->kind ? a->kind : "", 0, &kind));
    KIKAN_CHECK(kikan_strtab_add(&w->regions, a->region ? a->region : "", 0, &region));
    KIKAN_CHECK(add_id(w, &w->asset_ids, "asset", a->id, &i));
    double bmax = a->backup_hours_max;
    if (isnan(bmax) || bmax < a->backup_hours) {
        bmax = a->backup_hours;
    }
    w->assets[i] = (kikan_asset_t){.op = a->op,
                                   .sector = a->sector,
                                   .kind = kind,
                                   .region = region,
                                   .customers = a->customers,
                                   .backup_hours = a->backup_hours,
                                   .backup_hours_max = bmax,
                                   .restart_hours = a->restart_hours,
                                   .repair = a->repair,
                                   .cold_restart_hours = a->restart_hours,
                                   .records = 0.0};
    w->n_assets++;
    if (out) {
        *out = i;
    }
cleanup:
    return err;
}

/* ---- named groups: (dependent, label) -> group ----------------------------------------- */

static uint32_t named_hash(kikan_id_t dependent, kikan_id_t label)
{
    uint64_t z = ((uint64_t)(uint32_t)dependent << 32) | (uint32_t)label;
    z = (z ^ (z >> 33)) * UINT64_C(0xff51afd7ed558ccd);
    z = (z ^ (z >> 33)) * UINT64_C(0xc4ceb9fe1a85ec53);
    return (uint32_t)(z ^ (z >> 33));
}

static kikan_id_t find_named_group(const kikan_world_t *w, kikan_id_t dependent, kikan_id_t label)
{
    if (w->n_named_slot == 0) {
        return KIKAN_NONE;
    }
    uint32_t mask = w->n_named_slot - 1;
    for (uint32_t h = named_hash(dependent, label) & mask;; h = (h + 1) & mask) {
        kikan_id_t g = w->named_slot[h];
        if (g == KIKAN_NONE ||
            (w->groups[g].dependent == dependent && w->groups[g].label == label)) {
            return g;
        }
    }
}

static void named_put(kikan_id_t *slot, uint32_t n_slot, const kikan_group_t *gr, kikan_id_t g)
{
    uint32_t mask = n_slot - 1;
    uint32_t h = named_hash(gr->dependent, gr->label) & mask;
    while (slot[h] != KIKAN_NONE) {
        h = (h + 1) & mask;
    }
    slot[h] = g;
}

/* Enter named group g (already in w->groups) into the index; load factor at most 1/2. */
static kikan_error_t index_named_group(kikan_world_t *w, kikan_id_t g)
{
    if ((uint64_t)(w->n_named + 1) * 2 > w->n_named_slot) {
        if (w->n_named_slot >= UINT32_C(1) << 31) {
            return KIKAN_ELIMIT;
        }
        uint32_t n_slot = w->n_named_slot ? 2 * w->n_named_slot : 64;
        kikan_id_t *slot = kikan_ctx_malloc(w->ctx, (size_t)n_slot * sizeof(*slot));
        if (slot == NULL) {
            return KIKAN_ENOMEM;
        }
        for (uint32_t i = 0; i < n_slot; i++) {
            slot[i] = KIKAN_NONE;
        }
        for (kikan_id_t i = 0; i < w->n_groups; i++) {
            if (w->groups[i].label != KIKAN_NONE) {
                named_put(slot, n_slot, &w->groups[i], i);
            }
        }
        free(w->named_slot);
        w->named_slot = slot;
        w->n_named_slot = n_slot;
    }
    named_put(w->named_slot, w->n_named_slot, &w->groups[g], g);
    w->n_named++;
    return KIKAN_OK;
}

kikan_error_t kikan_world_add_dependency(kikan_world_t *w, kikan_id_t provider,
                                         kikan_id_t dependent, const char *resource,
                                         const char *group, int k, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t res, g = KIKAN_NONE, label = KIKAN_NONE;
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (!valid_row(provider, w->n_assets) || !valid_row(dependent, w->n_assets)) {
        kikan_diag_add(w->ctx, "dependency: unknown provider or dependent asset");
        return KIKAN_EINPUT;
    }
    if (provider == dependent) {
        kikan_diag_add(w->ctx, "dependency: asset '%s' cannot depend on itself",
                       kikan_strtab_get(&w->asset_ids, provider));
        return KIKAN_EINPUT;
    }
    if (k < 1) {
        kikan_diag_add(w->ctx, "dependency '%s' -> '%s': k must be >= 1, got %d",
                       kikan_strtab_get(&w->asset_ids, provider),
                       kikan_strtab_get(&w->asset_ids, dependent), k);
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, deps, n_deps, cap_deps));
    KIKAN_CHECK(GROW(w, groups, n_groups, cap_groups));
    KIKAN_CHECK(kikan_strtab_add(&w->resources, resource ? resource : "", 0, &res));
    if (group != NULL && group[0] != '\0') {
        if (strlen(group) > 200) {
            kikan_diag_add(w->ctx, "dependency: group name too long (max 200 characters)");
            return KIKAN_EINPUT;
        }
        KIKAN_CHECK(kikan_strtab_add(&w->group_labels, group, 0, &label));
        g = find_named_group(w, dependent, label);
    }
    /* an unnamed group is an essential dependency: its own group, found by no later row */
    if (g == KIKAN_NONE) {
        g = w->n_groups;
        w->groups[g] = (kikan_group_t){dependent, label, k, 0};
        if (label != KIKAN_NONE) {
            KIKAN_CHECK(index_named_group(w, g));
        }
        w->n_groups++;
    } else if (w->groups[g].k != k) {
        kikan_diag_add(w->ctx,
                       "dependency '%s' -> '%s': group '%s' has k = %d on an earlier row, "
                       "%d here",
                       kikan_strtab_get(&w->asset_ids, provider),
                       kikan_strtab_get(&w->asset_ids, dependent), group, w->groups[g].k, k);
        return KIKAN_EINPUT;
    }
    w->groups[g].n++;
    w->deps[w->n_deps] = (kikan_dep_t){provider, dependent, res, g, 0.0};
    if (out) {
        *out = w->n_deps;
    }
    w->n_deps++;
cleanup:
    return err;
}

kikan_error_t kikan_world_set_cold_restart(kikan_world_t *w, kikan_id_t a, double hours)
{
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (!valid_row(a, w->n_assets)) {
        kikan_diag_add(w->ctx, "cold restart: unknown asset");
        return KIKAN_EINPUT;
    }
    if (!isfinite(hours) || hours < w->assets[a].restart_hours) {
        kikan_diag_add(w->ctx,
                       "asset '%s': cold_restart_hours must be finite and >= restart_hours (%g), "
                       "got %g",
                       kikan_strtab_get(&w->asset_ids, a), w->assets[a].restart_hours, hours);
        return KIKAN_EINPUT;
    }
    w->assets[a].cold_restart_hours = hours;
    return KIKAN_OK;
}

kikan_error_t kikan_world_set_buffer(kikan_world_t *w, kikan_id_t dep, double hours)
{
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (!valid_row(dep, w->n_deps)) {
        kikan_diag_add(w->ctx, "dependency buffer: unknown dependency");
        return KIKAN_EINPUT;
    }
    if (!isfinite(hours) || hours < 0) {
        kikan_diag_add(w->ctx, "dependency '%s' -> '%s': buffer_hours must be finite and >= 0",
                       kikan_strtab_get(&w->asset_ids, w->deps[dep].provider),
                       kikan_strtab_get(&w->asset_ids, w->deps[dep].dependent));
        return KIKAN_EINPUT;
    }
    w->deps[dep].buffer_hours = hours;
    return KIKAN_OK;
}

int kikan_resource_on_backup(const char *resource)
{
    return resource != NULL && (strcmp(resource, "power") == 0 || strcmp(resource, "fuel") == 0);
}

kikan_error_t kikan_world_add_link(kikan_world_t *w, kikan_id_t a, kikan_id_t b, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (!valid_row(a, w->n_assets) || !valid_row(b, w->n_assets)) {
        kikan_diag_add(w->ctx, "link: unknown asset");
        return KIKAN_EINPUT;
    }
    if (w->assets[a].sector != w->assets[b].sector) {
        kikan_diag_add(w->ctx, "link '%s' - '%s': links join assets of one sector",
                       kikan_strtab_get(&w->asset_ids, a), kikan_strtab_get(&w->asset_ids, b));
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, links, n_links, cap_links));
    w->links[w->n_links] = (kikan_link_t){a, b};
    if (out) {
        *out = w->n_links;
    }
    w->n_links++;
cleanup:
    return err;
}

kikan_error_t kikan_world_add_vendor(kikan_world_t *w, const char *id, const char *name,
                                     const char *origin, int risk_class, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    char *nm = NULL, *orig = NULL;
    KIKAN_CHECK(GROW(w, vendors, n_vendors, cap_vendors));
    KIKAN_CHECK_ALLOC(nm = dup_or_empty(name ? name : id));
    KIKAN_CHECK_ALLOC(orig = dup_or_empty(origin));
    KIKAN_CHECK(add_id(w, &w->vendor_ids, "vendor", id, &i));
    w->vendors[i] = (kikan_vendor_t){nm, orig, risk_class};
    nm = orig = NULL;
    w->n_vendors++;
    if (out) {
        *out = i;
    }
cleanup:
    free(nm);
    free(orig);
    return err;
}

kikan_error_t kikan_world_add_class(kikan_world_t *w, const char *id, const char *name,
                                    kikan_id_t sector, int critical, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    char *nm = NULL;
    if (sector != KIKAN_NONE && !valid_row(sector, w->n_sectors)) {
        kikan_diag_add(w->ctx, "equipment class '%s': unknown sector", id ? id : "");
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, classes, n_classes, cap_classes));
    KIKAN_CHECK_ALLOC(nm = dup_or_empty(name ? name : id));
    KIKAN_CHECK(add_id(w, &w->class_ids, "equipment class", id, &i));
    w->classes[i] = (kikan_class_t){nm, sector, critical != 0, 0};
    nm = NULL;
    w->n_classes++;
    if (out) {
        *out = i;
    }
cleanup:
    free(nm);
    return err;
}

kikan_error_t kikan_world_add_contractor(kikan_world_t *w, const char *id, const char *name,
                                         int remote_access, kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    kikan_id_t i;
    char *nm = NULL;
    KIKAN_CHECK(GROW(w, contractors, n_contractors, cap_contractors));
    KIKAN_CHECK_ALLOC(nm = dup_or_empty(name ? name : id));
    KIKAN_CHECK(add_id(w, &w->contractor_ids, "contractor", id, &i));
    w->contractors[i] = (kikan_contractor_t){nm, remote_access != 0};
    nm = NULL;
    w->n_contractors++;
    if (out) {
        *out = i;
    }
cleanup:
    free(nm);
    return err;
}

kikan_error_t kikan_world_add_installation(kikan_world_t *w, kikan_id_t asset, kikan_id_t cls,
                                           kikan_id_t vendor, kikan_id_t contractor,
                                           kikan_id_t *out)
{
    kikan_error_t err = KIKAN_OK;
    if (w->frozen) {
        return KIKAN_EINVAL;
    }
    if (!valid_row(asset, w->n_assets) || !valid_row(cls, w->n_classes) ||
        !valid_row(vendor, w->n_vendors) ||
        (contractor != KIKAN_NONE && !valid_row(contractor, w->n_contractors))) {
        kikan_diag_add(w->ctx, "installation: unknown asset, class, vendor or contractor");
        return KIKAN_EINPUT;
    }
    KIKAN_CHECK(GROW(w, installs, n_installs, cap_installs));
    w->installs[w->n_installs] = (kikan_install_t){asset, cls, vendor, contractor};
    if (out) {
        *out = w->n_installs;
    }
    w->n_installs++;
cleanup:
    return err;
}

kikan_error_t kikan_world_finalize(kikan_world_t *w)
{
    int problems = 0;
    if (w->n_sectors == 0) {
        kikan_diag_add(w->ctx, "world: no sectors");
        problems++;
    }
    /* every sector needs at least one asset */
    char *has = calloc((size_t)(w->n_sectors ? w->n_sectors : 1), 1);
    if (has == NULL) {
        return KIKAN_ENOMEM;
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        has[w->assets[a].sector] = 1;
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        if (!has[s]) {
            kikan_diag_add(w->ctx, "sector '%s': has no assets",
                           kikan_strtab_get(&w->sector_ids, s));
            problems++;
        }
    }
    free(has);
    for (kikan_id_t g = 0; g < w->n_groups; g++) {
        if (w->groups[g].k > w->groups[g].n) {
            const char *label = kikan_world_group_label(w, g);
            kikan_diag_add(w->ctx,
                           "asset '%s': redundancy group '%s' needs k = %d of only %d providers",
                           kikan_strtab_get(&w->asset_ids, w->groups[g].dependent),
                           label[0] == '\0' ? "(single)" : label, w->groups[g].k, w->groups[g].n);
            problems++;
        }
    }
    if (problems) {
        return KIKAN_EINPUT;
    }
    /* the tables are complete: give back the growth slack (up to half of each) and the
       named-group index, which only adding dependencies needs */
    SHRINK(w, assets, n_assets, cap_assets);
    SHRINK(w, deps, n_deps, cap_deps);
    SHRINK(w, groups, n_groups, cap_groups);
    SHRINK(w, links, n_links, cap_links);
    SHRINK(w, installs, n_installs, cap_installs);
    kikan_strtab_shrink(&w->asset_ids);
    free(w->named_slot);
    w->named_slot = NULL;
    w->n_named_slot = 0;
    w->n_named = 0;
    w->frozen = 1;
    return KIKAN_OK;
}

/* ---- lookups and sizes ------------------------------------------------------------------ */

size_t kikan_world_bytes(const kikan_world_t *w)
{
    const kikan_strtab_t *tabs[] = {&w->sector_ids,   &w->operator_ids, &w->asset_ids,
                                    &w->vendor_ids,   &w->class_ids,    &w->contractor_ids,
                                    &w->metric_names, &w->kinds,        &w->regions,
                                    &w->resources,    &w->group_labels};
    size_t b = sizeof(*w);
    for (size_t i = 0; i < sizeof(tabs) / sizeof(tabs[0]); i++) {
        b += kikan_strtab_bytes(tabs[i]);
    }
    b += (size_t)w->cap_sectors * sizeof(*w->sectors) +
         (size_t)w->cap_operators *
             (sizeof(*w->operators) + (size_t)w->metric_cap * sizeof(double)) +
         (size_t)w->cap_assets * sizeof(*w->assets) + (size_t)w->cap_deps * sizeof(*w->deps) +
         (size_t)w->cap_groups * sizeof(*w->groups) + (size_t)w->cap_links * sizeof(*w->links) +
         (size_t)w->cap_vendors * sizeof(*w->vendors) +
         (size_t)w->cap_classes * sizeof(*w->classes) +
         (size_t)w->cap_contractors * sizeof(*w->contractors) +
         (size_t)w->cap_installs * sizeof(*w->installs) +
         (size_t)w->n_named_slot * sizeof(kikan_id_t);
    return b;
}

kikan_id_t kikan_world_find_sector(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->sector_ids, id);
}
kikan_id_t kikan_world_find_operator(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->operator_ids, id);
}
kikan_id_t kikan_world_find_asset(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->asset_ids, id);
}
kikan_id_t kikan_world_find_vendor(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->vendor_ids, id);
}
kikan_id_t kikan_world_find_class(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->class_ids, id);
}
kikan_id_t kikan_world_find_contractor(const kikan_world_t *w, const char *id)
{
    return kikan_strtab_find(&w->contractor_ids, id);
}
kikan_id_t kikan_world_find_metric(const kikan_world_t *w, const char *name)
{
    return kikan_strtab_find(&w->metric_names, name);
}
kikan_id_t kikan_world_find_kind(const kikan_world_t *w, const char *kind)
{
    return kikan_strtab_find(&w->kinds, kind);
}
kikan_id_t kikan_world_find_region(const kikan_world_t *w, const char *region)
{
    return kikan_strtab_find(&w->regions, region);
}

kikan_id_t kikan_world_n_sectors(const kikan_world_t *w)
{
    return w->n_sectors;
}
kikan_id_t kikan_world_n_operators(const kikan_world_t *w)
{
    return w->n_operators;
}
kikan_id_t kikan_world_n_assets(const kikan_world_t *w)
{
    return w->n_assets;
}
kikan_id_t kikan_world_n_dependencies(const kikan_world_t *w)
{
    return w->n_deps;
}
kikan_id_t kikan_world_n_links(const kikan_world_t *w)
{
    return w->n_links;
}
kikan_id_t kikan_world_n_installations(const kikan_world_t *w)
{
    return w->n_installs;
}

/* ======================================================================== */
/* Read accessors                                                            */
/* ======================================================================== */

kikan_id_t kikan_world_n_vendors(const kikan_world_t *w)
{
    return w->n_vendors;
}
kikan_id_t kikan_world_n_classes(const kikan_world_t *w)
{
    return w->n_classes;
}
kikan_id_t kikan_world_n_contractors(const kikan_world_t *w)
{
    return w->n_contractors;
}
kikan_id_t kikan_world_n_metrics(const kikan_world_t *w)
{
    return w->metric_names.n;
}

const char *kikan_world_sector_id(const kikan_world_t *w, kikan_id_t s)
{
    return valid_row(s, w->n_sectors) ? kikan_strtab_get(&w->sector_ids, s) : NULL;
}
const char *kikan_world_sector_name(const kikan_world_t *w, kikan_id_t s)
{
    return valid_row(s, w->n_sectors) ? w->sectors[s].name : NULL;
}
const char *kikan_world_sector_unit(const kikan_world_t *w, kikan_id_t s)
{
    return valid_row(s, w->n_sectors) ? w->sectors[s].unit : NULL;
}

const char *kikan_world_operator_id(const kikan_world_t *w, kikan_id_t o)
{
    return valid_row(o, w->n_operators) ? kikan_strtab_get(&w->operator_ids, o) : NULL;
}
const char *kikan_world_operator_name(const kikan_world_t *w, kikan_id_t o)
{
    return valid_row(o, w->n_operators) ? w->operators[o].name : NULL;
}
int kikan_world_operator_sme(const kikan_world_t *w, kikan_id_t o)
{
    return valid_row(o, w->n_operators) ? (w->operators[o].sme != 0) : -1;
}
int kikan_world_operator_n_sectors(const kikan_world_t *w, kikan_id_t o)
{
    return valid_row(o, w->n_operators) ? w->operators[o].n_sectors : -1;
}
kikan_id_t kikan_world_operator_sector(const kikan_world_t *w, kikan_id_t o, int i)
{
    if (!valid_row(o, w->n_operators) || i < 0 || i >= w->operators[o].n_sectors) {
        return KIKAN_NONE;
    }
    return w->operators[o].sectors[i];
}
double kikan_world_operator_metric(const kikan_world_t *w, kikan_id_t o, kikan_id_t m)
{
    if (!valid_row(o, w->n_operators) || !valid_row(m, w->metric_names.n)) {
        return NAN;
    }
    return kikan_world_metric(w, o, m);
}
const char *kikan_world_metric_name(const kikan_world_t *w, kikan_id_t m)
{
    return valid_row(m, w->metric_names.n) ? kikan_strtab_get(&w->metric_names, m) : NULL;
}

const char *kikan_world_asset_id(const kikan_world_t *w, kikan_id_t a)
{
    return valid_row(a, w->n_assets) ? kikan_strtab_get(&w->asset_ids, a) : NULL;
}
kikan_id_t kikan_world_asset_operator(const kikan_world_t *w, kikan_id_t a)
{
    return valid_row(a, w->n_assets) ? w->assets[a].op : KIKAN_NONE;
}
kikan_id_t kikan_world_asset_sector(const kikan_world_t *w, kikan_id_t a)
{
    return valid_row(a, w->n_assets) ? w->assets[a].sector : KIKAN_NONE;
}
double kikan_world_asset_customers(const kikan_world_t *w, kikan_id_t a)
{
    return valid_row(a, w->n_assets) ? w->assets[a].customers : NAN;
}
const char *kikan_world_asset_kind(const kikan_world_t *w, kikan_id_t a)
{
    return valid_row(a, w->n_assets) ? kikan_strtab_get(&w->kinds, w->assets[a].kind) : NULL;
}
const char *kikan_world_asset_region(const kikan_world_t *w, kikan_id_t a)
{
    if (!valid_row(a, w->n_assets) || w->assets[a].region == KIKAN_NONE) {
        return NULL;
    }
    return kikan_strtab_get(&w->regions, w->assets[a].region);
}

const char *kikan_world_vendor_id(const kikan_world_t *w, kikan_id_t v)
{
    return valid_row(v, w->n_vendors) ? kikan_strtab_get(&w->vendor_ids, v) : NULL;
}
const char *kikan_world_vendor_name(const kikan_world_t *w, kikan_id_t v)
{
    return valid_row(v, w->n_vendors) ? w->vendors[v].name : NULL;
}
const char *kikan_world_class_id(const kikan_world_t *w, kikan_id_t c)
{
    return valid_row(c, w->n_classes) ? kikan_strtab_get(&w->class_ids, c) : NULL;
}
const char *kikan_world_class_name(const kikan_world_t *w, kikan_id_t c)
{
    return valid_row(c, w->n_classes) ? w->classes[c].name : NULL;
}
const char *kikan_world_contractor_id(const kikan_world_t *w, kikan_id_t c)
{
    return valid_row(c, w->n_contractors) ? kikan_strtab_get(&w->contractor_ids, c) : NULL;
}
const char *kikan_world_contractor_name(const kikan_world_t *w, kikan_id_t c)
{
    return valid_row(c, w->n_contractors) ? w->contractors[c].name : NULL;
}
