/*
 * The YAML scenario loader: kikan_scenario_load and friends (see
 * include/kikan/scenario.h and docs/scenario-format.md).
 *
 * DESIGN: libyaml's document API turns the file into a node tree with a
 * source mark on every node; a schema walk then checks every key, type and
 * range and reports "FILE:LINE:COL: key.path: message" for each problem,
 * collecting all of them. The world is built first (CSV tables or a
 * generator) because the what-ifs, screening and scope refer to its ids; if
 * it could not be built, those references are left unchecked rather than
 * reported once per use. The walk is bounded by the schema (it never follows
 * a node the schema does not expect), so aliases that form cycles are harmless.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>
#include "kikan/econ.h"
#include "kikan/generate.h"
#include "kikan/scenario.h"
#include "models/behaviour_names.h"
#include "models/world_impl.h"
#include "scenarios/loader.h"
#include "scenarios/csv.h"
#include "scenarios/graphfile.h"

enum { FORMAT_VERSION = 1 };
enum { KIKAN_MAX_SETS = 64 };           /* --set overrides per load */
#define YAML_MAX_FILE ((size_t)1 << 20) /* a scenario is a page or two of text */
/* deepest nesting of lists and mappings; the format needs 7 */
enum { YAML_MAX_DEPTH = 32 };
#define MAX_GRID 1000000.0
#define MAX_HORIZON 1.0e6
#define MAX_REPLICATES INT64_C(1000000000)

typedef struct {
    kikan_ctx_t *ctx;
    const char *file; /* as given, for messages */
    char *dir;        /* its directory, for relative paths */
    yaml_document_t doc;
    kikan_world_t *w; /* NULL when the world could not be built */
    /* when the tables had problems: the ids that loaded, to check references against */
    kikan_tables_partial_t *partial;
    kikan_scenario_t *s;
    int problems;
    int n_suggest; /* did-you-mean searches made over the world's tables (each O(ids)) */
    /* nodes written by --set overrides: messages about them name the override, not a line */
    int n_set_nodes;
    const yaml_node_t *set_node[2 * KIKAN_MAX_SETS];
    const char *set_text[2 * KIKAN_MAX_SETS];
    /* nodes copied from a policy file (ids pol_lo..pol_hi): messages name that file */
    const char *pol_file;
    int pol_lo, pol_hi;
} yl_t;

enum { MAX_SUGGEST = 100 };

/* ---- messages --------------------------------------------------------------------------- */

static void report(yl_t *y, const yaml_node_t *at, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void report(yl_t *y, const yaml_node_t *at, const char *path, const char *fmt, ...)
{
    char msg[640];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    int line = at ? (int)at->start_mark.line + 1 : 1;
    int col = at ? (int)at->start_mark.column + 1 : 1;
    if (at != NULL && y->pol_lo > 0 && at >= y->doc.nodes.start + y->pol_lo - 1 &&
        at <= y->doc.nodes.start + y->pol_hi - 1) {
        kikan_diag_add(y->ctx, "%s:%d:%d: %s%s%s", y->pol_file, line, col,
                       path && path[0] ? path : "", path && path[0] ? ": " : "", msg);
        y->problems++;
        return;
    }
    for (int i = 0; at != NULL && i < y->n_set_nodes; i++) {
        if (y->set_node[i] == at) {
            kikan_diag_add(y->ctx, "%s: --set %s: %s%s%s", y->file, y->set_text[i],
                           path && path[0] ? path : "", path && path[0] ? ": " : "", msg);
            y->problems++;
            return;
        }
    }
    if (path && path[0]) {
        kikan_diag_add(y->ctx, "%s:%d:%d: %s: %s", y->file, line, col, path, msg);
    } else {
        kikan_diag_add(y->ctx, "%s:%d:%d: %s", y->file, line, col, msg);
    }
    y->problems++;
}

/* A bounded copy of a scalar for messages (cut at a UTF-8 boundary). */
static const char *shown(const yaml_node_t *n, char out[80])
{
    return kikan_text_shorten((const char *)n->data.scalar.value, out);
}

static const char *type_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a mapping";
    default:
        return "a value";
    }
}

/* Build a key path into out; a path too long for out ends in "..." (messages only). */
static void path_fmt(char *out, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void path_fmt(char *out, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(out, cap, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n >= cap && cap > 4) {
        memcpy(out + cap - 4, "...", 4);
    }
}

static void join_path(char *out, size_t cap, const char *base, const char *key)
{
    if (base == NULL || base[0] == '\0') {
        path_fmt(out, cap, "%s", key);
    } else {
        path_fmt(out, cap, "%s.%s", base, key);
    }
}

/* ---- nodes ------------------------------------------------------------------------------ */

static yaml_node_t *node(yl_t *y, int id)
{
    return yaml_document_get_node(&y->doc, id);
}

static int is_scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE;
}

/* An empty plain scalar, "~" or "null": no value. */
static int is_null(const yaml_node_t *n)
{
    if (!is_scalar(n) || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) {
        return 0;
    }
    const char *s = (const char *)n->data.scalar.value;
    return s[0] == '\0' || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
           strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

/* Value of key in a mapping (the first one), or NULL. */
static yaml_node_t *get(yl_t *y, const yaml_node_t *map, const char *key)
{
    if (map == NULL || map->type != YAML_MAPPING_NODE) {
        return NULL;
    }
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(y, p->key);
        if (is_scalar(k) && strcmp((const char *)k->data.scalar.value, key) == 0) {
            return node(y, p->value);
        }
    }
    return NULL;
}

/*
 * Check a mapping's keys: each must be one of `allowed` (did-you-mean
 * otherwise) and appear once; each of `required` must be present. Returns 0
 * when n is not a mapping (reported).
 */
static int check_map(yl_t *y, const yaml_node_t *n, const char *path, const char *const *allowed,
                     int n_allowed, const char *const *required, int n_required)
{
    if (n == NULL || n->type != YAML_MAPPING_NODE) {
        char sh[80];
        if (is_scalar(n) && !is_null(n)) {
            report(y, n, path, "expected a mapping (keys and values), got '%s'", shown(n, sh));
        } else {
            report(y, n, path, "expected a mapping (keys and values), got %s",
                   n && !is_null(n) ? type_name(n) : "nothing");
        }
        return 0;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key);
        char sh[80];
        if (!is_scalar(k)) {
            report(y, k, path, "expected a key name, got %s", k ? type_name(k) : "nothing");
            continue;
        }
        const char *name = (const char *)k->data.scalar.value;
        int ok = 0;
        for (int i = 0; i < n_allowed && !ok; i++) {
            ok = strcmp(name, allowed[i]) == 0;
        }
        if (!ok) {
            const char *s = kikan_suggest(name, allowed, n_allowed);
            if (s) {
                report(y, k, path, "unknown key '%s' (did you mean '%s'?)", shown(k, sh), s);
            } else {
                report(y, k, path, "unknown key '%s'", shown(k, sh));
            }
            continue;
        }
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < p; q++) {
            yaml_node_t *kq = node(y, q->key);
            if (is_scalar(kq) && strcmp((const char *)kq->data.scalar.value, name) == 0) {
                report(y, k, path, "duplicate key '%s' (first on line %d)", name,
                       (int)kq->start_mark.line + 1);
                break;
            }
        }
    }
    for (int i = 0; i < n_required; i++) {
        if (get(y, n, required[i]) == NULL) {
            report(y, n, path, "missing required key '%s'", required[i]);
        }
    }
    return 1;
}

/* ---- typed values ----------------------------------------------------------------------- */

/* A string value; NULL (reported) when n is not a non-empty scalar. */
static const char *as_str(yl_t *y, const yaml_node_t *n, const char *path)
{
    if (!is_scalar(n) || is_null(n)) {
        report(y, n, path, "expected a string, got %s",
               n && !is_null(n) ? type_name(n) : "nothing");
        return NULL;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (strlen(s) != n->data.scalar.length) {
        report(y, n, path, "a string must not contain a NUL character");
        return NULL;
    }
    if (s[0] == '\0') {
        report(y, n, path, "expected a non-empty string");
        return NULL;
    }
    return s;
}

static kikan_error_t dup_str(yl_t *y, const yaml_node_t *n, const char *path, char **out)
{
    const char *s = as_str(y, n, path);
    if (s == NULL) {
        return KIKAN_OK;
    }
    *out = strdup(s);
    return *out ? KIKAN_OK : KIKAN_ENOMEM;
}

static int decimal_chars(const char *s)
{
    for (; *s; s++) {
        if (strchr("0123456789+-.eE", *s) == NULL) {
            return 0;
        }
    }
    return 1;
}

static int non_finite_word(const char *s)
{
    if (*s == '+' || *s == '-') {
        s++;
    }
    static const char *const words[] = {".inf", ".Inf", ".INF",     ".nan",     ".NaN",
                                        ".NAN", "inf",  "Inf",      "INF",      "nan",
                                        "NaN",  "NAN",  "infinity", "Infinity", "INFINITY"};
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
        if (strcmp(s, words[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

typedef enum { NUM_ANY, NUM_NONNEG, NUM_POS, NUM_PROB } num_kind_t;

/* A finite number of the given kind; 0 (reported) otherwise. */
static int as_num(yl_t *y, const yaml_node_t *n, const char *path, num_kind_t kind, double *out)
{
    char sh[80];
    if (!is_scalar(n) || is_null(n)) {
        report(y, n, path, "expected a number, got %s",
               n && !is_null(n) ? type_name(n) : "nothing");
        return 0;
    }
    const char *s = (const char *)n->data.scalar.value;
    if (non_finite_word(s)) {
        report(y, n, path, "expected a finite number, got '%s'", shown(n, sh));
        return 0;
    }
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (!decimal_chars(s) || end == s || *end != '\0') {
        report(y, n, path, "expected a number, got '%s'", shown(n, sh));
        return 0;
    }
    if (!isfinite(v) || (errno == ERANGE && fabs(v) > 1.0)) {
        report(y, n, path, "expected a finite number, got '%s' (out of range)", shown(n, sh));
        return 0;
    }
    switch (kind) {
    case NUM_NONNEG:
        if (v < 0) {
            report(y, n, path, "expected a number >= 0, got '%s'", shown(n, sh));
            return 0;
        }
        break;
    case NUM_POS:
        if (v <= 0) {
            report(y, n, path, "expected a number > 0, got '%s'", shown(n, sh));
            return 0;
        }
        break;
    case NUM_PROB:
        if (v < 0 || v > 1) {
            report(y, n, path, "expected a probability in [0, 1], got '%s'", shown(n, sh));
            return 0;
        }
        break;
    case NUM_ANY:
        break;
    }
    *out = v == 0 ? 0.0 : v;
    return 1;
}

/* An integer in [min, max]; 0 (reported) otherwise. */
static int as_int(yl_t *y, const yaml_node_t *n, const char *path, int64_t min, int64_t max,
                  int64_t *out)
{
    char sh[80];
    if (!is_scalar(n) || is_null(n)) {
        report(y, n, path, "expected an integer, got %s",
               n && !is_null(n) ? type_name(n) : "nothing");
        return 0;
    }
    const char *s = (const char *)n->data.scalar.value;
    const char *p = s + (s[0] == '+' || s[0] == '-');
    int digits = p[0] != '\0';
    for (const char *q = p; *q; q++) {
        digits &= *q >= '0' && *q <= '9';
    }
    if (!digits) {
        report(y, n, path, "expected an integer, got '%s'", shown(n, sh));
        return 0;
    }
    errno = 0;
    int64_t v = strtoll(s, NULL, 10);
    if (errno == ERANGE || v < min || v > max) {
        report(y, n, path, "expected an integer in [%" PRId64 ", %" PRId64 "], got '%s'", min, max,
               shown(n, sh));
        return 0;
    }
    *out = (int64_t)v;
    return 1;
}

static int as_uint64(yl_t *y, const yaml_node_t *n, const char *path, uint64_t *out)
{
    char sh[80];
    if (!is_scalar(n) || is_null(n)) {
        report(y, n, path, "expected an integer, got %s",
               n && !is_null(n) ? type_name(n) : "nothing");
        return 0;
    }
    const char *s = (const char *)n->data.scalar.value;
    const char *p = s + (s[0] == '+' || s[0] == '-');
    int digits = p[0] != '\0';
    for (const char *q = p; *q; q++) {
        digits &= *q >= '0' && *q <= '9';
    }
    if (!digits) {
        report(y, n, path, "expected an integer, got '%s'", shown(n, sh));
        return 0;
    }
    errno = 0;
    uint64_t v = strtoull(p, NULL, 10);
    if (s[0] == '-' || errno == ERANGE) {
        report(y, n, path, "expected an integer in [0, %" PRIu64 "], got '%s'", UINT64_MAX,
               shown(n, sh));
        return 0;
    }
    *out = (uint64_t)v;
    return 1;
}

static int as_bool(yl_t *y, const yaml_node_t *n, const char *path, int *out)
{
    char sh[80];
    if (is_scalar(n) && !is_null(n)) {
        const char *s = (const char *)n->data.scalar.value;
        if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 || strcmp(s, "TRUE") == 0) {
            *out = 1;
            return 1;
        }
        if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 || strcmp(s, "FALSE") == 0) {
            *out = 0;
            return 1;
        }
        report(y, n, path, "expected true or false, got '%s'", shown(n, sh));
        return 0;
    }
    report(y, n, path, "expected true or false, got %s",
           n && !is_null(n) ? type_name(n) : "nothing");
    return 0;
}

/* A list node; 0 (reported) when n is not a sequence (or when empty and need_one). */
static int as_list(yl_t *y, const yaml_node_t *n, const char *path, int need_one, int *count)
{
    char sh[80];
    if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
        if (is_scalar(n) && !is_null(n)) {
            report(y, n, path, "expected a list, got '%s'", shown(n, sh));
        } else {
            report(y, n, path, "expected a list, got %s",
                   n && !is_null(n) ? type_name(n) : "nothing");
        }
        return 0;
    }
    ptrdiff_t len = n->data.sequence.items.top - n->data.sequence.items.start;
    if (len > INT_MAX / 2) {
        report(y, n, path, "list too long");
        return 0;
    }
    if (need_one && len == 0) {
        report(y, n, path, "expected at least one entry, got an empty list");
        return 0;
    }
    *count = (int)len;
    return 1;
}

static yaml_node_t *item(yl_t *y, const yaml_node_t *list, int i)
{
    return node(y, list->data.sequence.items.start[i]);
}

/* ---- references to the world ------------------------------------------------------------ */

/*
 * Resolve an id in one of the world's string tables. Returns the index, or
 * KIKAN_NONE (reported: "unknown WHAT 'X' (did you mean 'Y'?)") when absent.
 * Without a world nothing can be checked and KIKAN_NONE is returned silently.
 */
static kikan_id_t ref(yl_t *y, const yaml_node_t *n, const char *path, const char *what,
                      const kikan_strtab_t *(*table)(const kikan_world_t *))
{
    const char *s = as_str(y, n, path);
    if (s == NULL || (y->w == NULL && y->partial == NULL)) {
        return KIKAN_NONE;
    }
    if (y->w == NULL) {
        /* the tables had problems: report what they cannot hold, still resolve nothing */
        const kikan_strtab_t *t = table(kikan_tables_partial_world(y->partial));
        if (kikan_tables_partial_has(y->partial, t, s) == 0) {
            char sh[80];
            const char *sug = y->n_suggest++ < MAX_SUGGEST
                                  ? kikan_suggest(s, (const char *const *)t->str, t->n)
                                  : NULL;
            report(y, n, path, "unknown %s '%s'%s%s%s", what, shown(n, sh),
                   sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        }
        return KIKAN_NONE;
    }
    const kikan_strtab_t *t = table(y->w);
    kikan_id_t i = kikan_strtab_find(t, s);
    if (i == KIKAN_NONE) {
        char sh[80];
        const char *sug = y->n_suggest++ < MAX_SUGGEST
                              ? kikan_suggest(s, (const char *const *)t->str, t->n)
                              : NULL;
        if (sug) {
            report(y, n, path, "unknown %s '%s' (did you mean '%s'?)", what, shown(n, sh), sug);
        } else {
            report(y, n, path, "unknown %s '%s'", what, shown(n, sh));
        }
    }
    return i;
}

static const kikan_strtab_t *t_sector(const kikan_world_t *w)
{
    return &w->sector_ids;
}
static const kikan_strtab_t *t_operator(const kikan_world_t *w)
{
    return &w->operator_ids;
}
static const kikan_strtab_t *t_asset(const kikan_world_t *w)
{
    return &w->asset_ids;
}
static const kikan_strtab_t *t_vendor(const kikan_world_t *w)
{
    return &w->vendor_ids;
}
static const kikan_strtab_t *t_class(const kikan_world_t *w)
{
    return &w->class_ids;
}
static const kikan_strtab_t *t_contractor(const kikan_world_t *w)
{
    return &w->contractor_ids;
}
static const kikan_strtab_t *t_metric(const kikan_world_t *w)
{
    return &w->metric_names;
}
static const kikan_strtab_t *t_kind(const kikan_world_t *w)
{
    return &w->kinds;
}
static const kikan_strtab_t *t_region(const kikan_world_t *w)
{
    return &w->regions;
}

/* A list of ids resolved into a malloc'd array (NULL for an empty list). */
typedef struct {
    kikan_id_t id;
    int at;
} id_at_t;

static int cmp_id_at(const void *a, const void *b)
{
    const id_at_t *x = a, *y = b;
    if (x->id != y->id) {
        return x->id < y->id ? -1 : 1;
    }
    return (x->at > y->at) - (x->at < y->at);
}

static kikan_error_t ref_list(yl_t *y, const yaml_node_t *n, const char *path, const char *what,
                              const kikan_strtab_t *(*table)(const kikan_world_t *),
                              kikan_id_t **out, int *n_out)
{
    int count = 0;
    char p[256];
    if (!as_list(y, n, path, 1, &count)) {
        return KIKAN_OK;
    }
    kikan_id_t *v = calloc((size_t)count, sizeof(*v));
    if (v == NULL) {
        return KIKAN_ENOMEM;
    }
    for (int i = 0; i < count; i++) {
        path_fmt(p, sizeof(p), "%s[%d]", path, i);
        v[i] = ref(y, item(y, n, i), p, what, table);
    }
    /*
     * Repeats: sorted (id, position) pairs flag every later copy, O(n log n)
     * (a pairwise scan took 10 s for 100000 ids); reported in list order.
     */
    id_at_t *ord = malloc((size_t)count * sizeof(*ord));
    char *again = calloc((size_t)count, 1);
    if (ord == NULL || again == NULL) {
        free(ord);
        free(again);
        free(v);
        return KIKAN_ENOMEM;
    }
    for (int i = 0; i < count; i++) {
        ord[i] = (id_at_t){v[i], i};
    }
    qsort(ord, (size_t)count, sizeof(*ord), cmp_id_at);
    for (int k = 1; k < count; k++) {
        if (ord[k].id != KIKAN_NONE && ord[k].id == ord[k - 1].id) {
            again[ord[k].at] = 1;
        }
    }
    for (int i = 0; i < count; i++) {
        if (again[i]) {
            path_fmt(p, sizeof(p), "%s[%d]", path, i);
            report(y, item(y, n, i), p, "'%s' listed twice",
                   (const char *)item(y, n, i)->data.scalar.value);
        }
    }
    free(ord);
    free(again);
    *out = v;
    *n_out = count;
    return KIKAN_OK;
}

/* ---- sections --------------------------------------------------------------------------- */

/* A GraphML / GML network (scenarios/graphml_world.c). */
static kikan_error_t network_graphml(yl_t *y, const yaml_node_t *n, const yaml_node_t *gml)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scenario_t *s = y->s;
    yaml_node_t *syn0 = get(y, n, "synthetic");
    if (syn0) {
        as_bool(y, syn0, "network.synthetic", &s->synthetic);
    }
    const char *rel = as_str(y, gml, "network.graphml");
    if (rel == NULL) {
        return KIKAN_OK;
    }
    char *gpath = kikan_path_join(y->dir, rel);
    KIKAN_CHECK_ALLOC(gpath);
    err = kikan_graphml_world_load(y->ctx, gpath, &y->w);
    free(gpath);
    if (err == KIKAN_EINPUT || err == KIKAN_ELIMIT) {
        y->problems++;
        err = KIKAN_OK;
    }
    KIKAN_CHECK(err);
cleanup:
    return err;
}

/* A directory of CSV tables. */
static kikan_error_t network_tables(yl_t *y, const yaml_node_t *tables)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scenario_t *s = y->s;
    const char *rel = as_str(y, tables, "network.tables");
    if (rel == NULL) {
        return KIKAN_OK;
    }
    s->tables_dir = kikan_path_join(y->dir, rel);
    KIKAN_CHECK_ALLOC(s->tables_dir);
    struct stat st;
    if (stat(s->tables_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        report(y, tables, "network.tables", "directory '%s' not found", s->tables_dir);
        return KIKAN_OK;
    }
    err = kikan_tables_load_partial(y->ctx, s->tables_dir, s->population, &y->w, &y->partial);
    if (err == KIKAN_EINPUT) {
        y->problems++;
        err = KIKAN_OK;
    }
    KIKAN_CHECK(err);
cleanup:
    return err;
}

/* The generator's messages have no position: give them the generator key's. */
static kikan_error_t generator_diags(yl_t *y, const yaml_node_t *gen, int n0)
{
    kikan_error_t err = KIKAN_OK;
    int k = kikan_diag_count(y->ctx) - n0;
    char **keep = calloc((size_t)(k > 0 ? k : 1), sizeof(*keep));
    KIKAN_CHECK_ALLOC(keep);
    for (int i = 0; i < k; i++) {
        keep[i] = strdup(kikan_diag_get(y->ctx, n0 + i));
    }
    kikan_diag_truncate(y->ctx, n0);
    for (int i = 0; i < k; i++) {
        report(y, gen, "network.generator", "%s", keep[i] ? keep[i] : "(out of memory)");
        free(keep[i]);
    }
    if (k == 0) {
        report(y, gen, "network.generator", "the generator failed");
    }
    free(keep);
cleanup:
    return err;
}

/* A built-in generator (gseed and scale may be NULL). */
static kikan_error_t network_generator(yl_t *y, yaml_node_t *gen, yaml_node_t *gseed,
                                       yaml_node_t *scale)
{
    kikan_error_t err = KIKAN_OK;
    kikan_scenario_t *s = y->s;
    int ok = 1;
    if (gseed) {
        ok &= as_uint64(y, gseed, "network.generator_seed", &s->generator_seed);
    }
    if (scale) {
        ok &= as_num(y, scale, "network.scale", NUM_POS, &s->generator_scale);
    }
    KIKAN_CHECK(dup_str(y, gen, "network.generator", &s->generator));
    if (s->generator == NULL || !ok) {
        return KIKAN_OK;
    }
    const char *names[16];
    int n_names = 0, known = 0;
    for (; n_names < 16 && kikan_generator_name(n_names); n_names++) {
        names[n_names] = kikan_generator_name(n_names);
        known |= strcmp(names[n_names], s->generator) == 0;
    }
    if (!known) {
        char sh[80];
        const char *sug = kikan_suggest(s->generator, names, n_names);
        report(y, gen, "network.generator", "unknown generator '%s'%s%s%s", shown(gen, sh),
               sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
        return KIKAN_OK;
    }
    int n0 = kikan_diag_count(y->ctx);
    err = kikan_generate_world(y->ctx, s->generator, s->generator_seed, s->generator_scale, &y->w);
    if (err == KIKAN_EINPUT) {
        KIKAN_CHECK(generator_diags(y, gen, n0));
        err = KIKAN_OK;
    }
    KIKAN_CHECK(err);
    if (y->w != NULL) {
        /* the scenario's population, when stated, replaces the generator's own */
        if (!isnan(s->population)) {
            KIKAN_CHECK(kikan_world_set_population(y->w, s->population));
        }
        char origin[96];
        snprintf(origin, sizeof(origin), "generator %s", s->generator);
        const kikan_rows_t rows = {.origin = origin};
        int bad = 0;
        KIKAN_CHECK(kikan_world_plausible(y->ctx, y->w, &rows, &bad));
        y->problems += bad;
    }
cleanup:
    return err;
}

static kikan_error_t load_network(yl_t *y, const yaml_node_t *n)
{
    static const char *const keys[] = {"tables", "generator", "generator_seed",
                                       "scale",  "synthetic", "graphml"};
    kikan_scenario_t *s = y->s;
    if (!check_map(y, n, "network", keys, 6, NULL, 0)) {
        return KIKAN_OK;
    }
    yaml_node_t *tables = get(y, n, "tables"), *gen = get(y, n, "generator");
    yaml_node_t *gml = get(y, n, "graphml");
    if (gml != NULL) {
        if (tables || gen) {
            report(y, tables ? tables : gen, "network",
                   "give one of 'tables', 'generator' or 'graphml'");
            return KIKAN_OK;
        }
        return network_graphml(y, n, gml);
    }
    yaml_node_t *gseed = get(y, n, "generator_seed"), *scale = get(y, n, "scale");
    yaml_node_t *syn = get(y, n, "synthetic");
    s->synthetic = gen != NULL;
    s->generator_seed = s->seed;
    s->generator_scale = 1.0;
    if (syn) {
        as_bool(y, syn, "network.synthetic", &s->synthetic);
    }
    if (tables && gen) {
        report(y, gen, "network", "give either 'tables' or 'generator', not both");
        return KIKAN_OK;
    }
    if (!tables && !gen) {
        report(y, n, "network",
               "missing required key 'tables' (a directory of CSV tables), 'generator' or "
               "'graphml'");
        return KIKAN_OK;
    }
    if (tables) {
        if (gseed || scale) {
            report(y, gseed ? gseed : scale, "network",
                   "'generator_seed' and 'scale' apply only to a 'generator'");
        }
        return network_tables(y, tables);
    }
    return network_generator(y, gen, gseed, scale);
}

static int model_known(yl_t *y, const yaml_node_t *n, const char *path, const char **out)
{
    const char *m = as_str(y, n, path);
    if (m == NULL) {
        return 0;
    }
    for (int i = 0; i < KIKAN_N_BEHAVIOURS; i++) {
        if (strcmp(m, kikan_behaviour_names[i]) == 0) {
            *out = kikan_behaviour_names[i];
            return 1;
        }
    }
    char sh[80];
    const char *sug = kikan_suggest(m, kikan_behaviour_names, KIKAN_N_BEHAVIOURS);
    report(y, n, path,
           "unknown model '%s'%s%s%s; the event engine runs 'dependency' (percolation, load "
           "and threshold are research models: kikan percolate, load, threshold)",
           shown(n, sh), sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
    return 0;
}

static kikan_error_t load_models(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"default", "sectors"};
    kikan_scenario_t *s = y->s;
    const char *m = "dependency";
    if (n && check_map(y, n, "models", keys, 2, NULL, 0)) {
        yaml_node_t *d = get(y, n, "default");
        if (d) {
            model_known(y, d, "models.default", &m);
        }
    }
    s->default_model = strdup(m);
    KIKAN_CHECK_ALLOC(s->default_model);
    if (y->w) {
        s->n_sector_models = y->w->n_sectors;
        s->sector_models = calloc((size_t)(s->n_sector_models ? s->n_sector_models : 1),
                                  sizeof(*s->sector_models));
        KIKAN_CHECK_ALLOC(s->sector_models);
    }
    yaml_node_t *sec = n && n->type == YAML_MAPPING_NODE ? get(y, n, "sectors") : NULL;
    if (sec == NULL) {
        goto cleanup;
    }
    if (sec->type != YAML_MAPPING_NODE) {
        report(y, sec, "models.sectors", "expected a mapping of sector: model, got %s",
               is_null(sec) ? "nothing" : type_name(sec));
        goto cleanup;
    }
    for (yaml_node_pair_t *p = sec->data.mapping.pairs.start; p < sec->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        kikan_id_t si = ref(y, k, "models.sectors", "sector", t_sector);
        char path[256];
        path_fmt(path, sizeof(path), "models.sectors.%s",
                 is_scalar(k) ? (const char *)k->data.scalar.value : "?");
        const char *model = NULL;
        if (model_known(y, v, path, &model) && si != KIKAN_NONE) {
            if (s->sector_models[si] != NULL) {
                report(y, k, "models.sectors", "sector '%s' given twice",
                       (const char *)k->data.scalar.value);
                continue;
            }
            s->sector_models[si] = strdup(model);
            KIKAN_CHECK_ALLOC(s->sector_models[si]);
        }
    }
cleanup:
    return err;
}

static void load_time(yl_t *y, const yaml_node_t *n)
{
    static const char *const keys[] = {"horizon_hours", "step_hours"};
    kikan_scenario_t *s = y->s;
    if (!check_map(y, n, "time", keys, 2, keys, 2)) {
        return;
    }
    yaml_node_t *h = get(y, n, "horizon_hours"), *st = get(y, n, "step_hours");
    int ok = 1;
    if (h) {
        ok &= as_num(y, h, "time.horizon_hours", NUM_POS, &s->horizon_hours);
        if (ok && s->horizon_hours > MAX_HORIZON) {
            char sh[80];
            report(y, h, "time.horizon_hours", "expected at most 1e6 hours, got '%s'",
                   shown(h, sh));
            ok = 0;
        }
    }
    if (st) {
        ok &= as_num(y, st, "time.step_hours", NUM_POS, &s->step_hours);
    }
    if (ok && h && st) {
        double points = floor(s->horizon_hours / s->step_hours) + 1.0;
        if (points > MAX_GRID) {
            report(y, st, "time.step_hours",
                   "horizon_hours / step_hours gives %.0f output grid points, at most %.0f", points,
                   MAX_GRID);
        }
    }
}

static void load_ensemble(yl_t *y, const yaml_node_t *n)
{
    static const char *const keys[] = {"replicates", "seed"};
    kikan_scenario_t *s = y->s;
    s->replicates = 1;
    s->seed = 1;
    if (n == NULL || !check_map(y, n, "ensemble", keys, 2, NULL, 0)) {
        return;
    }
    yaml_node_t *r = get(y, n, "replicates"), *sd = get(y, n, "seed");
    if (r) {
        as_int(y, r, "ensemble.replicates", 1, MAX_REPLICATES, &s->replicates);
    }
    if (sd) {
        as_uint64(y, sd, "ensemble.seed", &s->seed);
    }
}

static kikan_error_t load_restore(yl_t *y, const yaml_node_t *n, const char *path, kikan_event_t *e)
{
    int count = 0;
    char p[256];
    if (!as_list(y, n, path, 1, &count)) {
        return KIKAN_OK;
    }
    e->restore = calloc((size_t)count, sizeof(*e->restore));
    if (e->restore == NULL) {
        return KIKAN_ENOMEM;
    }
    e->n_restore = count;
    for (int i = 0; i < count; i++) {
        yaml_node_t *pt = item(y, n, i);
        int two = 0;
        path_fmt(p, sizeof(p), "%s[%d]", path, i);
        if (pt->type != YAML_SEQUENCE_NODE ||
            (two = (int)(pt->data.sequence.items.top - pt->data.sequence.items.start)) != 2) {
            report(y, pt, p, "expected a pair [hours, fraction]");
            continue;
        }
        kikan_restore_point_t *r = &e->restore[i];
        char pp[300];
        path_fmt(pp, sizeof(pp), "%s[0]", p);
        int ok = as_num(y, item(y, pt, 0), pp, NUM_NONNEG, &r->hours);
        path_fmt(pp, sizeof(pp), "%s[1]", p);
        ok &= as_num(y, item(y, pt, 1), pp, NUM_PROB, &r->fraction);
        if (ok && i > 0 && !(r->hours > e->restore[i - 1].hours)) {
            report(y, pt, p, "hours must increase from one point to the next (%g after %g)",
                   r->hours, e->restore[i - 1].hours);
        } else if (ok && i > 0 && r->fraction < e->restore[i - 1].fraction) {
            report(y, pt, p, "the fraction restored must not decrease (%g after %g)", r->fraction,
                   e->restore[i - 1].fraction);
        }
    }
    return KIKAN_OK;
}

/* vendor, contractor and assets stand alone; kind, sector and operator (filters, from
   index 3) may be combined: every asset matching all of them */
static const char *const event_targets[] = {"vendor", "contractor", "assets",
                                            "kind",   "sector",     "operator"};

/* Count the event's targets (*n_targets) and filters among them (*n_filters); report a
   combination that is not allowed, or none. */
static void event_count_targets(yl_t *y, const yaml_node_t *n, const char *path, int *n_targets_out,
                                int *n_filters_out)
{
    int n_targets = 0, n_filters = 0, first_i = -1, reported = 0;
    const char *first = NULL;
    for (int i = 0; i < 6; i++) {
        if (get(y, n, event_targets[i])) {
            if (first != NULL && !reported && (first_i < 3 || i < 3)) {
                report(y, get(y, n, event_targets[i]), path,
                       "has both '%s' and '%s'; give exactly one target (only kind, sector and "
                       "operator combine)",
                       first, event_targets[i]);
                reported = 1;
            }
            if (first == NULL) {
                first = event_targets[i];
                first_i = i;
            }
            n_targets++;
            n_filters += i >= 3;
        }
    }
    if (n_targets == 0) {
        report(y, n, path,
               "missing a target: give one of vendor, contractor, assets, or kind, sector and/or "
               "operator");
    }
    *n_targets_out = n_targets;
    *n_filters_out = n_filters;
}

/* The event's target: a vendor, a contractor, assets, or a selection by filters. */
static kikan_error_t event_target(yl_t *y, const yaml_node_t *n, const char *path, int n_filters,
                                  kikan_event_t *e)
{
    kikan_error_t err = KIKAN_OK;
    char p[256];
    yaml_node_t *v;
    if ((v = get(y, n, "vendor")) != NULL) {
        e->target = KIKAN_TARGET_VENDOR;
        join_path(p, sizeof(p), path, "vendor");
        e->vendor = ref(y, v, p, "vendor", t_vendor);
    } else if ((v = get(y, n, "contractor")) != NULL) {
        e->target = KIKAN_TARGET_CONTRACTOR;
        join_path(p, sizeof(p), path, "contractor");
        e->contractor = ref(y, v, p, "contractor", t_contractor);
    } else if ((v = get(y, n, "assets")) != NULL) {
        e->target = KIKAN_TARGET_ASSETS;
        join_path(p, sizeof(p), path, "assets");
        KIKAN_CHECK(ref_list(y, v, p, "asset", t_asset, &e->assets, &e->n_assets));
    } else if (n_filters > 0) {
        if ((v = get(y, n, "kind")) != NULL) {
            join_path(p, sizeof(p), path, "kind");
            e->kind = ref(y, v, p, "asset kind", t_kind);
        }
        if ((v = get(y, n, "sector")) != NULL) {
            join_path(p, sizeof(p), path, "sector");
            e->sector = ref(y, v, p, "sector", t_sector);
        }
        if ((v = get(y, n, "operator")) != NULL) {
            join_path(p, sizeof(p), path, "operator");
            e->op = ref(y, v, p, "operator", t_operator);
        }
        /* the forms of version 1 keep their target kinds; any combination is a selection */
        const int has_k = get(y, n, "kind") != NULL, has_s = get(y, n, "sector") != NULL;
        const int has_r = get(y, n, "region") != NULL;
        if (has_k && n_filters == 1) {
            e->target = KIKAN_TARGET_KIND_REGION;
        } else if (has_s && n_filters == 1 && !has_r) {
            e->target = KIKAN_TARGET_SECTOR;
        } else {
            e->target = KIKAN_TARGET_SELECT;
        }
    }
cleanup:
    return err;
}

static kikan_error_t load_event(yl_t *y, const yaml_node_t *n, const char *path, kikan_event_t *e)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {
        "name",    "vendor",      "contractor", "assets",  "kind",    "region",  "sector",
        "classes", "probability", "at_hours",   "forcing", "restore", "operator"};
    char p[256];
    e->vendor = e->contractor = e->kind = e->region = e->sector = e->op = KIKAN_NONE;
    e->probability = 1.0;
    if (!check_map(y, n, path, keys, 13, NULL, 0)) {
        return KIKAN_OK;
    }
    int n_targets, n_filters;
    event_count_targets(y, n, path, &n_targets, &n_filters);
    yaml_node_t *v;
    if ((v = get(y, n, "name")) != NULL) {
        join_path(p, sizeof(p), path, "name");
        KIKAN_CHECK(dup_str(y, v, p, &e->name));
    }
    KIKAN_CHECK(event_target(y, n, path, n_filters, e));
    if ((v = get(y, n, "region")) != NULL) {
        join_path(p, sizeof(p), path, "region");
        if (n_filters == 0) {
            report(y, v, p, "'region' applies only to a 'kind', 'sector' or 'operator' target");
        } else {
            e->region = ref(y, v, p, "region", t_region);
        }
    }
    if ((v = get(y, n, "classes")) != NULL) {
        join_path(p, sizeof(p), path, "classes");
        if (n_targets == 0 ||
            (e->target != KIKAN_TARGET_VENDOR && e->target != KIKAN_TARGET_CONTRACTOR)) {
            report(y, v, p, "'classes' applies only to a 'vendor' or 'contractor' target");
        } else {
            KIKAN_CHECK(ref_list(y, v, p, "equipment class", t_class, &e->classes, &e->n_classes));
        }
    }
    if ((v = get(y, n, "probability")) != NULL) {
        join_path(p, sizeof(p), path, "probability");
        as_num(y, v, p, NUM_PROB, &e->probability);
    }
    if ((v = get(y, n, "at_hours")) != NULL) {
        join_path(p, sizeof(p), path, "at_hours");
        as_num(y, v, p, NUM_NONNEG, &e->at_hours);
    }
    if ((v = get(y, n, "forcing")) != NULL) {
        join_path(p, sizeof(p), path, "forcing");
        as_bool(y, v, p, &e->forcing);
    }
    if ((v = get(y, n, "restore")) != NULL) {
        join_path(p, sizeof(p), path, "restore");
        if (!e->forcing) {
            report(y, v, p, "only a forcing event (forcing: true) has a restoration schedule");
        } else {
            KIKAN_CHECK(load_restore(y, v, p, e));
        }
    }
cleanup:
    return err;
}

/* Room for one more what-if at the end of s->whatifs (zeroed, hand-written, weight 1) and of
   the portfolio arrays; *cap grows. */
static kikan_error_t push_whatif(kikan_scenario_t *s, int *cap, kikan_whatif_t **out)
{
    kikan_error_t err = KIKAN_OK;
    if (s->n_whatifs == *cap) {
        const int nc = *cap ? 2 * *cap : 8;
        kikan_whatif_t *nw = realloc(s->whatifs, (size_t)nc * sizeof(*nw));
        KIKAN_CHECK_ALLOC(nw);
        s->whatifs = nw;
        kikan_portfolio_t *np = realloc(s->whatif_portfolio, (size_t)nc * sizeof(*np));
        KIKAN_CHECK_ALLOC(np);
        s->whatif_portfolio = np;
        double *nwt = realloc(s->whatif_weight, (size_t)nc * sizeof(*nwt));
        KIKAN_CHECK_ALLOC(nwt);
        s->whatif_weight = nwt;
        *cap = nc;
    }
    s->whatif_portfolio[s->n_whatifs] = KIKAN_PORTFOLIO_NONE;
    s->whatif_weight[s->n_whatifs] = 1.0;
    *out = &s->whatifs[s->n_whatifs++];
    memset(*out, 0, sizeof(**out));
cleanup:
    return err;
}

double kikan_scenario_whatif_weight(const kikan_scenario_t *s, int i)
{
    return s != NULL && s->whatif_weight != NULL && i >= 0 && i < s->n_whatifs ? s->whatif_weight[i]
                                                                               : 1.0;
}

/* A what-if name not used by an earlier one; reported at `at` otherwise. */
static void check_unique(yl_t *y, const yaml_node_t *at, const char *path, int i)
{
    const kikan_scenario_t *s = y->s;
    for (int j = 0; j < i && s->whatifs[i].name; j++) {
        if (s->whatifs[j].name && strcmp(s->whatifs[j].name, s->whatifs[i].name) == 0) {
            report(y, at, path, "duplicate what-if name '%s' (also what-if %d)", s->whatifs[i].name,
                   j);
            return;
        }
    }
}

enum { MAX_RISK_CLASS = 63 };

/* The portfolio's stated weights (kikan_portfolio_default_weight): per vendor risk class 0..3,
   per contractor remote_access 0/1. */
static const double VENDOR_WEIGHTS[] = {0.5, 1.0, 2.0, 4.0};
static const double CONTRACTOR_WEIGHTS[] = {1.0, 2.0};

double kikan_portfolio_default_weight(kikan_portfolio_t kind, int cls)
{
    if (cls < 0) {
        return NAN;
    }
    if (kind == KIKAN_PORTFOLIO_VENDORS) {
        return VENDOR_WEIGHTS[cls < 4 ? cls : 3];
    }
    if (kind == KIKAN_PORTFOLIO_CONTRACTORS) {
        return CONTRACTOR_WEIGHTS[cls < 2 ? cls : 1];
    }
    return NAN;
}

/*
 * A portfolio's weight table `weights: {CLASS: WEIGHT, ...}` over the defaults in `tab`
 * ([MAX_RISK_CLASS + 1], *n_tab entries defined): a class given replaces the default, and
 * *n_tab grows to the largest class given + 1 (classes between keep their default, or the
 * previous class's weight). `max_key`: the largest class allowed.
 */
static void load_weights(yl_t *y, const yaml_node_t *n, const char *path, int max_key, double *tab,
                         int *n_tab)
{
    if (n->type != YAML_MAPPING_NODE) {
        report(y, n, path, "expected a mapping of class: weight, got %s",
               is_null(n) ? "nothing" : type_name(n));
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key), *v = node(y, p->value);
        int64_t key = 0;
        double wt = 0.0;
        char pk[300];
        path_fmt(pk, sizeof(pk), "%s.%s", path,
                 is_scalar(k) ? (const char *)k->data.scalar.value : "?");
        const int ok_k = as_int(y, k, pk, 0, max_key, &key);
        if (as_num(y, v, pk, NUM_NONNEG, &wt) && ok_k) {
            for (int c = *n_tab; c < (int)key; c++) {
                tab[c] = c > 0 ? tab[c - 1] : 1.0;
            }
            tab[key] = wt;
            if ((int)key + 1 > *n_tab) {
                *n_tab = (int)key + 1;
            }
        }
    }
}

/*
 * Expand a `portfolio:` entry (docs/scenario-format.md "Threat portfolio"): `vendors` gives one
 * what-if per (vendor, critical equipment class it supplies, by the installations), in vendor
 * then class order, weighted by the vendor's risk_class through the table; `contractors` one per
 * contractor maintaining an installation, weighted by remote_access. Each has one event with the
 * entry's probability and at_hours. Without a world nothing is expanded (its problems are
 * reported already).
 */
/* A portfolio's keys: what it expands over and the weights, name, probability and time. */
typedef struct {
    kikan_portfolio_t kind;
    double tab[MAX_RISK_CLASS + 1]; /* weight by risk class (vendors) or remote access */
    int n_tab;
    const char *prefix; /* of the what-ifs' names */
    double prob, at;
} portfolio_spec_t;

static void portfolio_spec(yl_t *y, const yaml_node_t *n, const char *path, portfolio_spec_t *ps)
{
    char p[300];
    yaml_node_t *v = get(y, n, "portfolio");
    join_path(p, sizeof(p), path, "portfolio");
    const char *kind_s = as_str(y, v, p);
    ps->kind = KIKAN_PORTFOLIO_NONE;
    ps->n_tab = 0;
    if (kind_s != NULL && strcmp(kind_s, "vendors") == 0) {
        ps->kind = KIKAN_PORTFOLIO_VENDORS;
        ps->n_tab = (int)(sizeof(VENDOR_WEIGHTS) / sizeof(VENDOR_WEIGHTS[0]));
        memcpy(ps->tab, VENDOR_WEIGHTS, sizeof(VENDOR_WEIGHTS));
    } else if (kind_s != NULL && strcmp(kind_s, "contractors") == 0) {
        ps->kind = KIKAN_PORTFOLIO_CONTRACTORS;
        ps->n_tab = (int)(sizeof(CONTRACTOR_WEIGHTS) / sizeof(CONTRACTOR_WEIGHTS[0]));
        memcpy(ps->tab, CONTRACTOR_WEIGHTS, sizeof(CONTRACTOR_WEIGHTS));
    } else if (kind_s != NULL) {
        char sh[80];
        report(y, v, p, "unknown portfolio '%s' (expected 'vendors' or 'contractors')",
               shown(v, sh));
    }
    ps->prob = 1.0;
    ps->at = 0.0;
    ps->prefix = ps->kind == KIKAN_PORTFOLIO_CONTRACTORS ? "contractor" : "vendor";
    if ((v = get(y, n, "name")) != NULL) {
        join_path(p, sizeof(p), path, "name");
        const char *nm = as_str(y, v, p);
        ps->prefix = nm ? nm : ps->prefix;
    }
    if ((v = get(y, n, "description")) != NULL) {
        join_path(p, sizeof(p), path, "description");
        (void)as_str(y, v, p);
    }
    if ((v = get(y, n, "probability")) != NULL) {
        join_path(p, sizeof(p), path, "probability");
        as_num(y, v, p, NUM_PROB, &ps->prob);
    }
    if ((v = get(y, n, "at_hours")) != NULL) {
        join_path(p, sizeof(p), path, "at_hours");
        as_num(y, v, p, NUM_NONNEG, &ps->at);
    }
    if ((v = get(y, n, "weights")) != NULL && ps->kind != KIKAN_PORTFOLIO_NONE) {
        join_path(p, sizeof(p), path, "weights");
        load_weights(y, v, p, ps->kind == KIKAN_PORTFOLIO_VENDORS ? MAX_RISK_CLASS : 1, ps->tab,
                     &ps->n_tab);
    }
}

/* Fill the new what-if wi (index wk) of portfolio cell `cell`: (vendor, class) as
   vendor * n_classes + class, or a contractor. */
static kikan_error_t portfolio_whatif(kikan_scenario_t *s, const kikan_world_t *w,
                                      const portfolio_spec_t *ps, int64_t cell, kikan_whatif_t *wi,
                                      int wk)
{
    kikan_error_t err = KIKAN_OK;
    const kikan_id_t nc = w->n_classes;
    const double prob = ps->prob, at = ps->at;
    s->whatif_portfolio[wk] = ps->kind;
    KIKAN_CHECK_ALLOC(wi->events = calloc(1, sizeof(*wi->events)));
    wi->n_events = 1;
    kikan_event_t *e = &wi->events[0];
    e->vendor = e->contractor = e->kind = e->region = e->sector = e->op = KIKAN_NONE;
    e->probability = prob;
    e->at_hours = at;
    char nm[600], ds[900];
    if (ps->kind == KIKAN_PORTFOLIO_VENDORS) {
        const kikan_id_t vd = (kikan_id_t)(cell / nc), cl = (kikan_id_t)(cell % nc);
        const int rc = w->vendors[vd].risk_class;
        s->whatif_weight[wk] = ps->tab[rc < ps->n_tab ? rc : ps->n_tab - 1];
        e->target = KIKAN_TARGET_VENDOR;
        e->vendor = vd;
        KIKAN_CHECK_ALLOC(e->classes = malloc(sizeof(*e->classes)));
        e->classes[0] = cl;
        e->n_classes = 1;
        snprintf(nm, sizeof(nm), "%s:%s/%s", ps->prefix, w->vendor_ids.str[vd],
                 w->class_ids.str[cl]);
        snprintf(ds, sizeof(ds),
                 "portfolio: %s's %s carry an implant (%g of units, at t = %g h); risk class "
                 "%d, weight %g",
                 w->vendor_ids.str[vd], w->class_ids.str[cl], prob, at, rc, s->whatif_weight[wk]);
    } else {
        const kikan_id_t ct = (kikan_id_t)cell;
        const int ra = w->contractors[ct].remote_access ? 1 : 0;
        s->whatif_weight[wk] = ps->tab[ra < ps->n_tab ? ra : ps->n_tab - 1];
        e->target = KIKAN_TARGET_CONTRACTOR;
        e->contractor = ct;
        snprintf(nm, sizeof(nm), "%s:%s", ps->prefix, w->contractor_ids.str[ct]);
        snprintf(ds, sizeof(ds),
                 "portfolio: sites maintained by %s carry an implant (%g of them, at t = %g "
                 "h); remote access %d, weight %g",
                 w->contractor_ids.str[ct], prob, at, ra, s->whatif_weight[wk]);
    }
    KIKAN_CHECK_ALLOC(wi->name = strdup(nm));
    KIKAN_CHECK_ALLOC(wi->description = strdup(ds));
cleanup:
    return err;
}

static kikan_error_t load_portfolio(yl_t *y, const yaml_node_t *n, const char *path, int *cap)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"portfolio",   "name",     "description",
                                       "probability", "at_hours", "weights"};
    static const char *const req[] = {"portfolio"};
    kikan_scenario_t *s = y->s;
    uint8_t *has = NULL;
    portfolio_spec_t ps;
    if (!check_map(y, n, path, keys, 6, req, 1)) {
        return KIKAN_OK;
    }
    portfolio_spec(y, n, path, &ps);
    const kikan_portfolio_t kind = ps.kind;
    const kikan_world_t *w = y->w;
    if (kind == KIKAN_PORTFOLIO_NONE || w == NULL) {
        return KIKAN_OK;
    }
    /* the cells: (vendor, critical class) pairs or contractors that have an installation */
    const kikan_id_t nv = w->n_vendors, nc = w->n_classes, nk = w->n_contractors;
    const int64_t cells = kind == KIKAN_PORTFOLIO_VENDORS ? (int64_t)nv * nc : (int64_t)nk;
    KIKAN_CHECK_ALLOC(has = calloc((size_t)cells + 1, 1));
    for (kikan_id_t i = 0; i < w->n_installs; i++) {
        const kikan_install_t *in = &w->installs[i];
        if (kind == KIKAN_PORTFOLIO_VENDORS && in->vendor != KIKAN_NONE &&
            w->classes[in->cls].critical) {
            has[(int64_t)in->vendor * nc + in->cls] = 1;
        } else if (kind == KIKAN_PORTFOLIO_CONTRACTORS && in->contractor != KIKAN_NONE) {
            has[in->contractor] = 1;
        }
    }
    const int first = s->n_whatifs;
    for (int64_t cell = 0; cell < cells; cell++) {
        if (!has[cell]) {
            continue;
        }
        kikan_whatif_t *wi = NULL;
        KIKAN_CHECK(push_whatif(s, cap, &wi));
        KIKAN_CHECK(portfolio_whatif(s, w, &ps, cell, wi, s->n_whatifs - 1));
        check_unique(y, n, path, s->n_whatifs - 1);
    }
    if (s->n_whatifs == first) {
        report(y, n, path, "portfolio '%s' expands to no what-if (%s)",
               kind == KIKAN_PORTFOLIO_VENDORS ? "vendors" : "contractors",
               kind == KIKAN_PORTFOLIO_VENDORS
                   ? "no vendor supplies an installation of a critical class"
                   : "no contractor maintains an installation");
    }
cleanup:
    free(has);
    return err;
}

static kikan_error_t load_whatifs(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"name", "description", "events"};
    static const char *const req[] = {"name", "events"};
    kikan_scenario_t *s = y->s;
    int count = 0, cap = 0;
    char p[256], pp[300];
    if (!as_list(y, n, "whatifs", 1, &count)) {
        return KIKAN_OK;
    }
    for (int i = 0; i < count; i++) {
        yaml_node_t *wn = item(y, n, i), *v;
        path_fmt(p, sizeof(p), "whatifs[%d]", i);
        if (wn != NULL && wn->type == YAML_MAPPING_NODE && get(y, wn, "portfolio") != NULL) {
            KIKAN_CHECK(load_portfolio(y, wn, p, &cap));
            continue;
        }
        kikan_whatif_t *wi = NULL;
        KIKAN_CHECK(push_whatif(s, &cap, &wi));
        if (!check_map(y, wn, p, keys, 3, req, 2)) {
            continue;
        }
        if ((v = get(y, wn, "name")) != NULL) {
            join_path(pp, sizeof(pp), p, "name");
            KIKAN_CHECK(dup_str(y, v, pp, &wi->name));
            check_unique(y, v, pp, s->n_whatifs - 1);
        }
        if ((v = get(y, wn, "description")) != NULL) {
            join_path(pp, sizeof(pp), p, "description");
            KIKAN_CHECK(dup_str(y, v, pp, &wi->description));
        }
        if ((v = get(y, wn, "events")) != NULL) {
            int ne = 0;
            join_path(pp, sizeof(pp), p, "events");
            if (!as_list(y, v, pp, 1, &ne)) {
                continue;
            }
            wi->events = calloc((size_t)ne, sizeof(*wi->events));
            KIKAN_CHECK_ALLOC(wi->events);
            wi->n_events = ne;
            for (int j = 0; j < ne; j++) {
                char pe[320];
                path_fmt(pe, sizeof(pe), "%s[%d]", pp, j);
                KIKAN_CHECK(load_event(y, item(y, v, j), pe, &wi->events[j]));
            }
        }
    }
    int any = 0;
    for (int i = 0; i < s->n_whatifs; i++) {
        any |= s->whatif_portfolio[i] != KIKAN_PORTFOLIO_NONE;
    }
    if (!any) {
        free(s->whatif_portfolio);
        free(s->whatif_weight);
        s->whatif_portfolio = NULL;
        s->whatif_weight = NULL;
    }
cleanup:
    return err;
}

static kikan_error_t load_screening(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"effectiveness", "classes", "operators", "rules"};
    static const char *const req[] = {"effectiveness"};
    static const char *const rkeys[] = {"sector", "metric", "at_least"};
    static const char *const rreq[] = {"metric", "at_least"};
    kikan_screening_t *sc = &y->s->screening;
    if (!check_map(y, n, "screening", keys, 4, req, 1)) {
        return KIKAN_OK;
    }
    sc->enabled = 1;
    yaml_node_t *v;
    if ((v = get(y, n, "effectiveness")) != NULL) {
        as_num(y, v, "screening.effectiveness", NUM_PROB, &sc->effectiveness);
    }
    if ((v = get(y, n, "classes")) != NULL) {
        KIKAN_CHECK(ref_list(y, v, "screening.classes", "equipment class", t_class, &sc->classes,
                             &sc->n_classes));
    }
    if ((v = get(y, n, "operators")) != NULL) {
        KIKAN_CHECK(ref_list(y, v, "screening.operators", "operator", t_operator, &sc->operators,
                             &sc->n_operators));
    }
    int count = 0;
    if ((v = get(y, n, "rules")) != NULL && as_list(y, v, "screening.rules", 1, &count)) {
        sc->rules = calloc((size_t)count, sizeof(*sc->rules));
        KIKAN_CHECK_ALLOC(sc->rules);
        sc->n_rules = count;
        for (int i = 0; i < count; i++) {
            char p[64], pp[96];
            yaml_node_t *rn = item(y, v, i), *f;
            kikan_rule_t *r = &sc->rules[i];
            r->sector = r->metric = KIKAN_NONE;
            path_fmt(p, sizeof(p), "screening.rules[%d]", i);
            if (!check_map(y, rn, p, rkeys, 3, rreq, 2)) {
                continue;
            }
            if ((f = get(y, rn, "sector")) != NULL) {
                join_path(pp, sizeof(pp), p, "sector");
                r->sector = ref(y, f, pp, "sector", t_sector);
            }
            if ((f = get(y, rn, "metric")) != NULL) {
                join_path(pp, sizeof(pp), p, "metric");
                r->metric = ref(y, f, pp, "metric", t_metric);
            }
            if ((f = get(y, rn, "at_least")) != NULL) {
                join_path(pp, sizeof(pp), p, "at_least");
                as_num(y, f, pp, NUM_NONNEG, &r->at_least);
            }
        }
    }
cleanup:
    return err;
}

static kikan_error_t load_scope(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"criteria",    "budget",       "cost_metric",
                                       "cost_budget", "small_factor", "burden"};
    static const char *const bkeys[] = {"fixed", "per_installation"};
    static const char *const ckeys[] = {"sector", "metric", "thresholds"};
    static const char *const creq[] = {"metric"};
    kikan_scope_t *sc = &y->s->scope;
    sc->cost_metric = KIKAN_NONE;
    sc->small_factor = 5.0;
    sc->burden_fixed = 20.0;
    sc->burden_per_installation = 2.0;
    if (n == NULL || !check_map(y, n, "scope", keys, 6, NULL, 0)) {
        return KIKAN_OK;
    }
    yaml_node_t *v;
    int count = 0;
    if ((v = get(y, n, "criteria")) != NULL && as_list(y, v, "scope.criteria", 1, &count)) {
        sc->criteria = calloc((size_t)count, sizeof(*sc->criteria));
        KIKAN_CHECK_ALLOC(sc->criteria);
        sc->n_criteria = count;
        for (int i = 0; i < count; i++) {
            char p[64], pp[96];
            yaml_node_t *cn = item(y, v, i), *f;
            kikan_criterion_t *c = &sc->criteria[i];
            c->sector = c->metric = KIKAN_NONE;
            path_fmt(p, sizeof(p), "scope.criteria[%d]", i);
            if (!check_map(y, cn, p, ckeys, 3, creq, 1)) {
                continue;
            }
            if ((f = get(y, cn, "sector")) != NULL) {
                join_path(pp, sizeof(pp), p, "sector");
                c->sector = ref(y, f, pp, "sector", t_sector);
            }
            if ((f = get(y, cn, "metric")) != NULL) {
                join_path(pp, sizeof(pp), p, "metric");
                c->metric = ref(y, f, pp, "metric", t_metric);
            }
            int nt = 0;
            join_path(pp, sizeof(pp), p, "thresholds");
            if ((f = get(y, cn, "thresholds")) != NULL && as_list(y, f, pp, 1, &nt)) {
                c->thresholds = calloc((size_t)nt, sizeof(*c->thresholds));
                KIKAN_CHECK_ALLOC(c->thresholds);
                c->n_thresholds = nt;
                for (int j = 0; j < nt; j++) {
                    char pt[128];
                    path_fmt(pt, sizeof(pt), "%s[%d]", pp, j);
                    as_num(y, item(y, f, j), pt, NUM_NONNEG, &c->thresholds[j]);
                }
            }
        }
    }
    if ((v = get(y, n, "budget")) != NULL) {
        int64_t b = 0;
        if (as_int(y, v, "scope.budget", 0, INT_MAX, &b)) {
            sc->budget = (int)b;
        }
    }
    if ((v = get(y, n, "cost_metric")) != NULL) {
        sc->cost_metric = ref(y, v, "scope.cost_metric", "metric", t_metric);
    }
    if ((v = get(y, n, "cost_budget")) != NULL) {
        as_num(y, v, "scope.cost_budget", NUM_NONNEG, &sc->cost_budget);
        if (get(y, n, "cost_metric") == NULL) {
            report(y, v, "scope.cost_budget",
                   "needs 'cost_metric' (the operator metric giving "
                   "each operator's cost)");
        }
    }
    if ((v = get(y, n, "small_factor")) != NULL) {
        as_num(y, v, "scope.small_factor", NUM_POS, &sc->small_factor);
    }
    if ((v = get(y, n, "burden")) != NULL && check_map(y, v, "scope.burden", bkeys, 2, NULL, 0)) {
        yaml_node_t *f;
        if ((f = get(y, v, "fixed")) != NULL) {
            as_num(y, f, "scope.burden.fixed", NUM_NONNEG, &sc->burden_fixed);
        }
        if ((f = get(y, v, "per_installation")) != NULL) {
            as_num(y, f, "scope.burden.per_installation", NUM_NONNEG, &sc->burden_per_installation);
        }
    }
cleanup:
    return err;
}

/* Whether every sector of the world is one of the six built-in ids (then the
 * built-in A* applies); fills astar when it is. */
static int builtin_astar(const kikan_world_t *w, double *astar)
{
    const char *ids[8];
    if (w->n_sectors < 1 || w->n_sectors > 6) {
        return 0;
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        ids[s] = kikan_strtab_get(&w->sector_ids, s);
    }
    return kikan_econ_builtin_astar(ids, w->n_sectors, astar) == KIKAN_OK;
}

static kikan_error_t load_economics(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"enabled", "astar", "k"};
    kikan_economics_t *e = &y->s->economics;
    const kikan_world_t *w = y->w;
    yaml_node_t *v;
    int enabled = 1, key_problems = 0;
    if (n != NULL) {
        e->given = 1;
        const int before = y->problems;
        if (!check_map(y, n, "economics", keys, 3, NULL, 0)) {
            return KIKAN_OK;
        }
        key_problems = y->problems - before; /* a misspelt 'astar' is not also missing */
        if ((v = get(y, n, "enabled")) != NULL) {
            as_bool(y, v, "economics.enabled", &enabled);
        }
    }
    if (w == NULL) {
        return KIKAN_OK; /* the world's problems are reported; nothing to check against */
    }
    const kikan_id_t S = w->n_sectors;
    if (S < 1) {
        return KIKAN_OK;
    }
    KIKAN_CHECK_ALLOC(e->astar = calloc((size_t)S * (size_t)S, sizeof(double)));
    KIKAN_CHECK_ALLOC(e->k = calloc((size_t)S, sizeof(double)));
    e->n_sectors = (int)S;
    for (kikan_id_t s = 0; s < S; s++) {
        e->k[s] = KIKAN_ECON_DEFAULT_K;
    }
    const yaml_node_t *an = n != NULL ? get(y, n, "astar") : NULL;
    const char *rel;
    if (an != NULL) {
        if ((rel = as_str(y, an, "economics.astar")) != NULL) {
            KIKAN_CHECK_ALLOC(e->astar_path = kikan_path_join(y->dir, rel));
            KIKAN_CHECK(kikan_astar_load(y->ctx, e->astar_path, w, e->astar, &y->problems));
        }
    } else if (!builtin_astar(w, e->astar)) {
        if (n != NULL && enabled && key_problems == 0) {
            report(y, n, "economics",
                   "missing required key 'astar': the sectors are not all built-in "
                   "(power, telecom, rail, aviation, airports, banking), so there is no "
                   "default A*");
        }
        enabled = 0; /* no block: the loss is "not computed" */
    }
    if (n != NULL && (v = get(y, n, "k")) != NULL) {
        if (v->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top;
                 p++) {
                yaml_node_t *kn = node(y, p->key), *vn = node(y, p->value);
                const kikan_id_t s = ref(y, kn, "economics.k", "sector", t_sector);
                if (s == KIKAN_NONE) {
                    continue;
                }
                char pp[160];
                path_fmt(pp, sizeof(pp), "economics.k.%s", kikan_strtab_get(&w->sector_ids, s));
                for (yaml_node_pair_t *q = v->data.mapping.pairs.start; q < p; q++) {
                    yaml_node_t *kq = node(y, q->key);
                    if (is_scalar(kq) && strcmp((const char *)kq->data.scalar.value,
                                                (const char *)kn->data.scalar.value) == 0) {
                        report(y, kn, "economics.k", "duplicate key '%s' (first on line %d)",
                               (const char *)kn->data.scalar.value, (int)kq->start_mark.line + 1);
                        break;
                    }
                }
                as_num(y, vn, pp, NUM_POS, &e->k[s]);
            }
        } else {
            double k = 0.0;
            if (as_num(y, v, "economics.k", NUM_POS, &k)) {
                for (kikan_id_t s = 0; s < S; s++) {
                    e->k[s] = k;
                }
            }
        }
    }
    e->enabled = enabled;
cleanup:
    return err;
}

static kikan_error_t load_outputs(yl_t *y, const yaml_node_t *n)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"hdf5", "csv", "json"};
    kikan_scenario_t *s = y->s;
    if (n == NULL || !check_map(y, n, "outputs", keys, 3, NULL, 0)) {
        return KIKAN_OK;
    }
    yaml_node_t *v;
    const char *rel;
    if ((v = get(y, n, "hdf5")) != NULL && (rel = as_str(y, v, "outputs.hdf5")) != NULL) {
        s->out_hdf5 = kikan_path_join(y->dir, rel);
        KIKAN_CHECK_ALLOC(s->out_hdf5);
    }
    if ((v = get(y, n, "csv")) != NULL && (rel = as_str(y, v, "outputs.csv")) != NULL) {
        s->out_csv_dir = kikan_path_join(y->dir, rel);
        KIKAN_CHECK_ALLOC(s->out_csv_dir);
    }
    if ((v = get(y, n, "json")) != NULL) {
        as_bool(y, v, "outputs.json", &s->out_json);
    }
cleanup:
    return err;
}

/* ---- the document ----------------------------------------------------------------------- */

static kikan_error_t load_root(yl_t *y, const yaml_node_t *root)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"kikan",   "name",      "description", "network",   "models",
                                       "time",    "ensemble",  "whatifs",     "screening", "scope",
                                       "outputs", "economics", "population"};
    static const char *const req[] = {"kikan", "name", "network", "time", "whatifs"};
    kikan_scenario_t *s = y->s;
    if (!check_map(y, root, "", keys, 13, req, 5)) {
        return KIKAN_OK;
    }
    yaml_node_t *v;
    if ((v = get(y, root, "kikan")) != NULL) {
        int64_t version = 0;
        if (as_int(y, v, "kikan", INT64_MIN, INT64_MAX, &version) && version != FORMAT_VERSION) {
            char sh[80];
            report(y, v, "kikan", "unsupported format version '%s' (this kikan reads version %d)",
                   shown(v, sh), FORMAT_VERSION);
        }
    }
    if ((v = get(y, root, "name")) != NULL) {
        KIKAN_CHECK(dup_str(y, v, "name", &s->name));
    }
    if ((v = get(y, root, "description")) != NULL) {
        KIKAN_CHECK(dup_str(y, v, "description", &s->description));
    }
    load_ensemble(y, get(y, root, "ensemble"));
    s->population = NAN;
    if ((v = get(y, root, "population")) != NULL) {
        as_num(y, v, "population", NUM_POS, &s->population);
    }
    if ((v = get(y, root, "network")) != NULL) {
        KIKAN_CHECK(load_network(y, v));
    }
    KIKAN_CHECK(load_models(y, get(y, root, "models")));
    if ((v = get(y, root, "time")) != NULL) {
        load_time(y, v);
    }
    if ((v = get(y, root, "whatifs")) != NULL) {
        KIKAN_CHECK(load_whatifs(y, v));
    }
    if ((v = get(y, root, "screening")) != NULL) {
        KIKAN_CHECK(load_screening(y, v));
    } else {
        s->screening.effectiveness = 0.0;
    }
    KIKAN_CHECK(load_scope(y, get(y, root, "scope")));
    KIKAN_CHECK(load_outputs(y, get(y, root, "outputs")));
    KIKAN_CHECK(load_economics(y, get(y, root, "economics")));
cleanup:
    return err;
}

/*
 * Reject nesting deeper than YAML_MAX_DEPTH before building the document:
 * libyaml's scanner does work proportional to the nesting depth for every
 * token, so a file of a million '[' would take minutes. Events stop at the
 * first level too deep. Syntax errors are left to the loading pass, which
 * meets them at the same place. Returns 1 when the depth is acceptable.
 */
static int depth_ok(yl_t *y, const char *text, size_t len)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    int depth = 0, ok = 1;
    if (!yaml_parser_initialize(&parser)) {
        return 1; /* the loading pass reports it */
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    for (;;) {
        if (!yaml_parser_parse(&parser, &ev)) {
            break;
        }
        yaml_event_type_t type = ev.type;
        if (type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT) {
            if (++depth > YAML_MAX_DEPTH) {
                kikan_diag_add(y->ctx, "%s:%d:%d: lists and mappings nested deeper than %d levels",
                               y->file, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
                               YAML_MAX_DEPTH);
                y->problems++;
                ok = 0;
            }
        } else if (type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT) {
            depth--;
        }
        yaml_event_delete(&ev);
        if (!ok || type == YAML_STREAM_END_EVENT) {
            break;
        }
    }
    yaml_parser_delete(&parser);
    return ok;
}

/* Parse the text into y->doc; reports syntax problems. 1 when there is a document to walk. */
static int parse(yl_t *y, const char *text, size_t len)
{
    yaml_parser_t parser;
    yaml_document_t extra;
    int ok = 0, loaded = 0;
    if (!yaml_parser_initialize(&parser)) {
        kikan_diag_add(y->ctx, "%s: out of memory in the YAML parser", y->file);
        y->problems++;
        return 0;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &y->doc)) {
        const yaml_mark_t *m = &parser.problem_mark;
        kikan_diag_add(y->ctx, "%s:%d:%d: YAML syntax error: %s%s%s", y->file, (int)m->line + 1,
                       (int)m->column + 1, parser.problem ? parser.problem : "unknown problem",
                       parser.context ? " " : "", parser.context ? parser.context : "");
        y->problems++;
        memset(&y->doc, 0, sizeof(y->doc));
        goto done;
    }
    if (yaml_document_get_root_node(&y->doc) == NULL) {
        kikan_diag_add(y->ctx, "%s:1:1: empty scenario file", y->file);
        y->problems++;
        yaml_document_delete(&y->doc);
        memset(&y->doc, 0, sizeof(y->doc));
        goto done;
    }
    ok = 1;
    loaded = 1;
    if (!yaml_parser_load(&parser, &extra)) {
        const yaml_mark_t *m = &parser.problem_mark;
        kikan_diag_add(y->ctx, "%s:%d:%d: YAML syntax error: %s%s%s", y->file, (int)m->line + 1,
                       (int)m->column + 1, parser.problem ? parser.problem : "unknown problem",
                       parser.context ? " " : "", parser.context ? parser.context : "");
        y->problems++;
        ok = 0;
        goto done;
    }
    yaml_node_t *r2 = yaml_document_get_root_node(&extra);
    if (r2 != NULL) {
        kikan_diag_add(y->ctx, "%s:%d:%d: a second YAML document; a scenario is one document",
                       y->file, (int)r2->start_mark.line + 1, (int)r2->start_mark.column + 1);
        y->problems++;
        ok = 0;
    }
    yaml_document_delete(&extra);
done:
    if (loaded && !ok) {
        yaml_document_delete(&y->doc);
        memset(&y->doc, 0, sizeof(y->doc));
    }
    yaml_parser_delete(&parser);
    return ok;
}

/* ---- policy files (--evaluate) ------------------------------------------------------------- */

/* Copy node `id` of src into y->doc with its marks; the new id, 0 when out of memory. */
static int copy_node(yl_t *y, yaml_document_t *src, int id)
{
    yaml_node_t *n = yaml_document_get_node(src, id);
    int out = 0;
    if (n == NULL) {
        return 0;
    }
    if (n->type == YAML_SCALAR_NODE) {
        out = yaml_document_add_scalar(&y->doc, NULL, n->data.scalar.value,
                                       (int)n->data.scalar.length, n->data.scalar.style);
    } else if (n->type == YAML_SEQUENCE_NODE) {
        out = yaml_document_add_sequence(&y->doc, NULL, n->data.sequence.style);
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             out && it < n->data.sequence.items.top; it++) {
            const int c = copy_node(y, src, *it);
            if (c == 0 || !yaml_document_append_sequence_item(&y->doc, out, c)) {
                return 0;
            }
        }
    } else {
        out = yaml_document_add_mapping(&y->doc, NULL, n->data.mapping.style);
        for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
             out && p < n->data.mapping.pairs.top; p++) {
            const int k = copy_node(y, src, p->key), v = copy_node(y, src, p->value);
            if (k == 0 || v == 0 || !yaml_document_append_mapping_pair(&y->doc, out, k, v)) {
                return 0;
            }
        }
    }
    if (out) {
        yaml_node_t *c = node(y, out);
        c->start_mark = n->start_mark;
        c->end_mark = n->end_mark;
    }
    return out;
}

/* The pair of `key` in mapping node id, or NULL. */
static yaml_node_pair_t *pair_of(yl_t *y, int id, const char *key)
{
    yaml_node_t *m = node(y, id);
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node(y, p->key);
        if (is_scalar(k) && strcmp((const char *)k->data.scalar.value, key) == 0) {
            return p;
        }
    }
    return NULL;
}

static kikan_error_t policy_problem(yl_t *y, const char *file, const yaml_node_t *at,
                                    const char *msg, const char *arg)
{
    kikan_diag_add(y->ctx, "%s:%d:%d: %s%s%s", file, at ? (int)at->start_mark.line + 1 : 1,
                   at ? (int)at->start_mark.column + 1 : 1, msg, arg ? arg : "", arg ? "'" : "");
    return KIKAN_EINPUT;
}

/* Merge the policy file's screening block into the scenario's (see kikan_scenario_load_with). */
/* The policy's top-level keys (name and source kept); *scr: its screening mapping, 0 when
   missing (reported). */
static kikan_error_t policy_keys(yl_t *y, const char *file, yaml_document_t *pd, yaml_node_t *root,
                                 int *scr_out)
{
    kikan_error_t err = KIKAN_OK;
    static const char *const keys[] = {"name", "source", "description", "screening"};
    int scr = 0;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(pd, p->key);
        yaml_node_t *v = yaml_document_get_node(pd, p->value);
        const char *name = is_scalar(k) ? (const char *)k->data.scalar.value : "";
        int known = 0;
        for (int i = 0; i < 4; i++) {
            known |= strcmp(name, keys[i]) == 0;
        }
        if (!known) {
            const char *sug = kikan_suggest(name, keys, 4);
            char msg[160];
            snprintf(msg, sizeof(msg), "unknown key '%s'%s%s%s", name,
                     sug ? " (did you mean '" : "", sug ? sug : "", sug ? "'?)" : "");
            KIKAN_FAIL(policy_problem(y, file, k, msg, NULL));
        }
        if (strcmp(name, "screening") == 0) {
            if (v == NULL || v->type != YAML_MAPPING_NODE) {
                KIKAN_FAIL(policy_problem(y, file, v, "screening: expected a mapping", NULL));
            }
            scr = p->value;
        } else if (!is_scalar(v)) {
            KIKAN_FAIL(policy_problem(y, file, v, "expected a string for ", name));
        } else {
            char **dst = strcmp(name, "name") == 0     ? &y->s->policy_name
                         : strcmp(name, "source") == 0 ? &y->s->policy_source
                                                       : NULL;
            if (dst != NULL) {
                free(*dst);
                KIKAN_CHECK_ALLOC(*dst = strdup((const char *)v->data.scalar.value));
            }
        }
    }
    if (scr == 0) {
        KIKAN_FAIL(policy_problem(y, file, root, "missing required key 'screening'", NULL));
    }
    *scr_out = scr;
cleanup:
    return err;
}

/* The scenario's screening mapping (*sid; added when absent). */
static kikan_error_t scenario_screening(yl_t *y, int *sid_out)
{
    kikan_error_t err = KIKAN_OK;
    yaml_node_pair_t *sp = pair_of(y, 1, "screening");
    int sid = sp != NULL ? sp->value : 0;
    if (sid == 0 || node(y, sid)->type != YAML_MAPPING_NODE) {
        const int k = yaml_document_add_scalar(&y->doc, NULL, (yaml_char_t *)"screening", -1,
                                               YAML_PLAIN_SCALAR_STYLE);
        sid = yaml_document_add_mapping(&y->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
        if (k == 0 || sid == 0) {
            KIKAN_FAIL(KIKAN_ENOMEM);
        }
        if (sp != NULL) {
            sp->value = sid;
        } else if (!yaml_document_append_mapping_pair(&y->doc, 1, k, sid)) {
            KIKAN_FAIL(KIKAN_ENOMEM);
        }
    }
    *sid_out = sid;
cleanup:
    return err;
}

/* Merge the policy's screening mapping (scr of pd) into the scenario's (sid): the policy's keys
   replace the scenario's; the nodes copied are y->pol_lo..pol_hi. */
static kikan_error_t policy_merge(yl_t *y, yaml_document_t *pd, int scr, int sid)
{
    kikan_error_t err = KIKAN_OK;
    /* who is regulated comes from the policy alone */
    static const char *const who[] = {"rules", "operators"};
    for (int i = 0; i < 2; i++) {
        yaml_node_t *pm = yaml_document_get_node(pd, scr);
        int given = 0;
        for (yaml_node_pair_t *p = pm->data.mapping.pairs.start; p < pm->data.mapping.pairs.top;
             p++) {
            yaml_node_t *k = yaml_document_get_node(pd, p->key);
            given |= is_scalar(k) && strcmp((const char *)k->data.scalar.value, who[i]) == 0;
        }
        yaml_node_pair_t *q = given ? NULL : pair_of(y, sid, who[i]);
        if (q != NULL) {
            yaml_node_t *m = node(y, sid);
            memmove(q, q + 1, (size_t)(m->data.mapping.pairs.top - q - 1) * sizeof(*q));
            m->data.mapping.pairs.top--;
        }
    }
    y->pol_lo = (int)(y->doc.nodes.top - y->doc.nodes.start) + 1;
    yaml_node_t *pm = yaml_document_get_node(pd, scr);
    for (yaml_node_pair_t *p = pm->data.mapping.pairs.start; p < pm->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(pd, p->key);
        const int v = copy_node(y, pd, p->value);
        if (v == 0) {
            KIKAN_FAIL(KIKAN_ENOMEM);
        }
        yaml_node_pair_t *q =
            is_scalar(k) ? pair_of(y, sid, (const char *)k->data.scalar.value) : NULL;
        if (q != NULL) {
            q->value = v;
        } else {
            const int kc = copy_node(y, pd, p->key);
            if (kc == 0 || !yaml_document_append_mapping_pair(&y->doc, sid, kc, v)) {
                KIKAN_FAIL(KIKAN_ENOMEM);
            }
        }
    }
    y->pol_hi = (int)(y->doc.nodes.top - y->doc.nodes.start);
cleanup:
    return err;
}

/* Read the policy file and put its screening into the scenario (--evaluate). */
static kikan_error_t apply_policy(yl_t *y, const char *file)
{
    kikan_error_t err = KIKAN_OK;
    yaml_parser_t parser;
    yaml_document_t pd;
    char *text = NULL;
    size_t len = 0;
    int have_parser = 0, have_doc = 0;
    err = kikan_read_file(file, YAML_MAX_FILE, &text, &len);
    if (err != KIKAN_OK) {
        kikan_diag_add(y->ctx, "%s: cannot read the policy file", file);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    int line = 0, col = 0;
    const char *why = kikan_text_check(text, len, &line, &col);
    if (why != NULL) {
        kikan_diag_add(y->ctx, "%s:%d:%d: %s", file, line, col, why);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK_ALLOC(yaml_parser_initialize(&parser) ? &parser : NULL);
    have_parser = 1;
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &pd)) {
        kikan_diag_add(y->ctx, "%s:%d:%d: YAML syntax error: %s", file,
                       (int)parser.problem_mark.line + 1, (int)parser.problem_mark.column + 1,
                       parser.problem ? parser.problem : "unknown problem");
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    have_doc = 1;
    yaml_node_t *root = yaml_document_get_root_node(&pd);
    if (root == NULL || root->type != YAML_MAPPING_NODE) {
        KIKAN_FAIL(
            policy_problem(y, file, root, "a policy is a mapping with a 'screening' block", NULL));
    }
    int scr = 0, sid = 0;
    KIKAN_CHECK(policy_keys(y, file, &pd, root, &scr));
    KIKAN_CHECK(scenario_screening(y, &sid));
    KIKAN_CHECK(policy_merge(y, &pd, scr, sid));
    y->pol_file = file;
    KIKAN_CHECK_ALLOC(y->s->policy_path = strdup(file));
    {
        const size_t tlen = strlen(y->s->text), extra = strlen(file) + 32;
        char *t = realloc(y->s->text, tlen + extra);
        KIKAN_CHECK_ALLOC(t);
        y->s->text = t;
        snprintf(t + tlen, extra, "%s# kikan --evaluate %s\n",
                 tlen > 0 && t[tlen - 1] != '\n' ? "\n" : "", file);
    }
cleanup:
    if (have_doc) {
        yaml_document_delete(&pd);
    }
    if (have_parser) {
        yaml_parser_delete(&parser);
    }
    free(text);
    return err;
}

/* ---- --set overrides --------------------------------------------------------------------------
 */

static void set_problem(yl_t *y, const char *kv, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_problem(yl_t *y, const char *kv, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    kikan_diag_add(y->ctx, "--set %s: %s", kv, msg);
    y->problems++;
}

/*
 * Apply one override "KEY=VALUE" to y->doc; the ids of the nodes it wrote go to
 * ids[0..*n_ids) (pointers are taken once every override is applied, since
 * adding nodes may move them). 0 when it could not be applied (reported).
 */
static int apply_set(yl_t *y, const char *kv, int *ids, int *n_ids)
{
    const char *eq = strchr(kv, '=');
    if (eq == NULL || eq == kv) {
        set_problem(y, kv,
                    "expected KEY=VALUE (KEY a path such as screening.effectiveness or "
                    "whatifs[2].events[0].probability)");
        return 0;
    }
    const char *value = eq + 1;
    int cur = 1; /* the root */
    const char *p = kv;
    while (p < eq) {
        yaml_node_t *n = node(y, cur);
        if (*p == '[') {
            char *end = NULL;
            const long idx = strtol(p + 1, &end, 10);
            if (end == p + 1 || end > eq || *end != ']' || idx < 0) {
                set_problem(y, kv, "expected an index [N] at '%.*s'", (int)(eq - p), p);
                return 0;
            }
            if (n == NULL || n->type != YAML_SEQUENCE_NODE) {
                set_problem(y, kv, "'%.*s' is not a list", (int)(p - kv), kv);
                return 0;
            }
            const long len = (long)(n->data.sequence.items.top - n->data.sequence.items.start);
            if (idx >= len) {
                set_problem(y, kv, "index %ld out of range ('%.*s' has %ld entr%s)", idx,
                            (int)(p - kv), kv, len, len == 1 ? "y" : "ies");
                return 0;
            }
            cur = n->data.sequence.items.start[idx];
            p = end + 1;
            if (p < eq && *p == '.') {
                p++;
            }
            continue;
        }
        const char *k_end = p;
        while (k_end < eq && *k_end != '.' && *k_end != '[') {
            k_end++;
        }
        if (k_end == p) {
            set_problem(y, kv, "empty key at position %d", (int)(p - kv) + 1);
            return 0;
        }
        if (n == NULL || n->type != YAML_MAPPING_NODE) {
            set_problem(y, kv, "'%.*s' is not a mapping", (int)(p - kv - 1 > 0 ? p - kv - 1 : 0),
                        kv);
            return 0;
        }
        const int last = k_end == eq;
        int found = 0;
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start; q < n->data.mapping.pairs.top;
             q++) {
            yaml_node_t *k = node(y, q->key);
            if (is_scalar(k) && k->data.scalar.length == (size_t)(k_end - p) &&
                memcmp(k->data.scalar.value, p, (size_t)(k_end - p)) == 0) {
                found = q->value;
                break;
            }
        }
        if (found == 0) { /* add the key: the value, or a mapping to go on in */
            char *key = strndup(p, (size_t)(k_end - p));
            if (key == NULL) {
                return -1;
            }
            const int kid = yaml_document_add_scalar(&y->doc, NULL, (yaml_char_t *)key, -1,
                                                     YAML_PLAIN_SCALAR_STYLE);
            free(key);
            const int vid =
                last ? yaml_document_add_scalar(&y->doc, NULL, (yaml_char_t *)value, -1,
                                                YAML_PLAIN_SCALAR_STYLE)
                     : yaml_document_add_mapping(&y->doc, NULL, YAML_BLOCK_MAPPING_STYLE);
            if (kid == 0 || vid == 0 ||
                !yaml_document_append_mapping_pair(&y->doc, cur, kid, vid)) {
                return -1;
            }
            ids[(*n_ids)++] = kid;
            if (last) {
                ids[(*n_ids)++] = vid;
                return 1;
            }
            if (*k_end == '[') {
                set_problem(y, kv, "'%.*s' does not exist, so it has no entries", (int)(k_end - kv),
                            kv);
                return 0;
            }
            cur = vid;
        } else {
            cur = found;
        }
        p = k_end;
        if (p < eq && *p == '.') {
            p++;
        }
    }
    yaml_node_t *n = node(y, cur);
    if (n == NULL || n->type != YAML_SCALAR_NODE) {
        set_problem(y, kv, "'%.*s' is %s, not a single value", (int)(eq - kv), kv,
                    n ? type_name(n) : "nothing");
        return 0;
    }
    char *v = strdup(value); /* libyaml frees node values with free() */
    if (v == NULL) {
        return -1;
    }
    free(n->data.scalar.value);
    n->data.scalar.value = (yaml_char_t *)v;
    n->data.scalar.length = strlen(v);
    n->data.scalar.style = YAML_PLAIN_SCALAR_STYLE;
    ids[(*n_ids)++] = cur;
    return 1;
}

/* Apply every override; record them in the scenario. KIKAN_EINPUT when one failed. */
static kikan_error_t apply_sets(yl_t *y, const char *const *sets, int n_sets)
{
    kikan_error_t err = KIKAN_OK;
    int ids[2 * KIKAN_MAX_SETS], owner[2 * KIKAN_MAX_SETS], n_ids = 0, bad = 0;
    size_t len = 0;
    if (n_sets > KIKAN_MAX_SETS) {
        kikan_diag_add(y->ctx, "--set: at most %d overrides, got %d", KIKAN_MAX_SETS, n_sets);
        return KIKAN_EINPUT;
    }
    for (int i = 0; i < n_sets; i++) {
        const int before = n_ids;
        const int rc = apply_set(y, sets[i], ids, &n_ids);
        if (rc < 0) {
            return KIKAN_ENOMEM;
        }
        bad |= rc == 0;
        for (int k = before; k < n_ids; k++) {
            owner[k] = i;
        }
        len += strlen(sets[i]) + 16;
    }
    for (int k = 0; k < n_ids; k++) {
        y->set_node[k] = node(y, ids[k]);
        y->set_text[k] = sets[owner[k]];
    }
    y->n_set_nodes = n_ids;
    if (n_sets > 0) {
        const size_t tlen = strlen(y->s->text);
        char *text = realloc(y->s->text, tlen + len + 2);
        KIKAN_CHECK_ALLOC(text);
        y->s->text = text;
        KIKAN_CHECK_ALLOC(y->s->overrides = calloc(len + 1, 1));
        size_t at = tlen;
        if (at > 0 && text[at - 1] != '\n') {
            text[at++] = '\n';
        }
        for (int i = 0; i < n_sets; i++) {
            at += (size_t)sprintf(text + at, "# kikan --set %s\n", sets[i]);
            strcat(y->s->overrides, sets[i]);
            strcat(y->s->overrides, "\n");
        }
        text[at] = '\0';
    }
    if (bad) {
        err = KIKAN_EINPUT;
    }
cleanup:
    return err;
}

void kikan_scenario_free(kikan_scenario_t **scenario)
{
    if (scenario == NULL || *scenario == NULL) {
        return;
    }
    kikan_scenario_t *s = *scenario;
    free(s->path);
    free(s->text);
    free(s->overrides);
    free(s->policy_path);
    free(s->policy_name);
    free(s->policy_source);
    free(s->name);
    free(s->description);
    free(s->tables_dir);
    free(s->generator);
    free(s->default_model);
    for (int i = 0; s->sector_models && i < s->n_sector_models; i++) {
        free(s->sector_models[i]);
    }
    free(s->sector_models);
    for (int i = 0; s->whatifs && i < s->n_whatifs; i++) {
        kikan_whatif_t *w = &s->whatifs[i];
        for (int j = 0; w->events && j < w->n_events; j++) {
            kikan_event_t *e = &w->events[j];
            free(e->name);
            free(e->classes);
            free(e->assets);
            free(e->restore);
        }
        free(w->events);
        free(w->name);
        free(w->description);
    }
    free(s->whatifs);
    free(s->whatif_portfolio);
    free(s->whatif_weight);
    free(s->screening.classes);
    free(s->screening.rules);
    free(s->screening.operators);
    for (int i = 0; s->scope.criteria && i < s->scope.n_criteria; i++) {
        free(s->scope.criteria[i].thresholds);
    }
    free(s->scope.criteria);
    free(s->out_hdf5);
    free(s->out_csv_dir);
    free(s->economics.astar_path);
    free(s->economics.astar);
    free(s->economics.k);
    free(s);
    *scenario = NULL;
}

kikan_error_t kikan_scenario_load(kikan_ctx_t *ctx, const char *path, kikan_scenario_t **scenario,
                                  kikan_world_t **world)
{
    return kikan_scenario_load_with(ctx, path, NULL, 0, NULL, scenario, world);
}

kikan_error_t kikan_scenario_load_with(kikan_ctx_t *ctx, const char *path, const char *const *sets,
                                       int n_sets, const char *policy, kikan_scenario_t **scenario,
                                       kikan_world_t **world)
{
    kikan_error_t err = KIKAN_OK;
    yl_t y = {0};
    int have_doc = 0;
    size_t len = 0;
    if (ctx == NULL || path == NULL || scenario == NULL || world == NULL ||
        (n_sets > 0 && sets == NULL) || n_sets < 0) {
        return KIKAN_EINVAL;
    }
    *scenario = NULL;
    *world = NULL;
    y.ctx = ctx;
    y.file = path;
    y.s = calloc(1, sizeof(*y.s));
    KIKAN_CHECK_ALLOC(y.s);
    y.s->path = strdup(path);
    KIKAN_CHECK_ALLOC(y.s->path);
    y.dir = kikan_path_dir(path);
    KIKAN_CHECK_ALLOC(y.dir);
    err = kikan_read_file(path, YAML_MAX_FILE, &y.s->text, &len);
    if (err == KIKAN_EIO) {
        kikan_diag_add(ctx, "%s: cannot read the scenario: %s", path, strerror(errno));
        KIKAN_FAIL(KIKAN_EINPUT);
    } else if (err == KIKAN_ELIMIT) {
        if (len > 0) {
            kikan_diag_add(ctx, "%s: too large (%zu bytes; limit %zu); not a scenario", path, len,
                           YAML_MAX_FILE);
        } else {
            kikan_diag_add(ctx, "%s: too large (more than %zu bytes; limit %zu); not a scenario",
                           path, YAML_MAX_FILE, YAML_MAX_FILE);
        }
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    KIKAN_CHECK(err);
    int line = 0, col = 0;
    const char *why = kikan_text_check(y.s->text, len, &line, &col);
    if (why != NULL) {
        kikan_diag_add(ctx, "%s:%d:%d: %s", path, line, col, why);
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (!depth_ok(&y, y.s->text, len)) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    have_doc = parse(&y, y.s->text, len);
    if (!have_doc) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    if (policy != NULL) {
        KIKAN_CHECK(apply_policy(&y, policy));
    }
    KIKAN_CHECK(apply_sets(&y, sets, n_sets));
    KIKAN_CHECK(load_root(&y, yaml_document_get_root_node(&y.doc)));
    if (y.problems > 0) {
        KIKAN_FAIL(KIKAN_EINPUT);
    }
    *scenario = y.s;
    *world = y.w;
    y.s = NULL;
    y.w = NULL;
cleanup:
    if (have_doc) {
        yaml_document_delete(&y.doc);
    }
    kikan_scenario_free(&y.s);
    kikan_world_free(&y.w);
    kikan_tables_partial_free(&y.partial);
    free(y.dir);
    return err;
}

int kikan_scenario_n_grid(const kikan_scenario_t *s)
{
    if (s == NULL || !(s->step_hours > 0) || !(s->horizon_hours >= 0)) {
        return 0;
    }
    double n = floor(s->horizon_hours / s->step_hours) + 1.0;
    return n > (double)INT_MAX ? INT_MAX : (int)n;
}
