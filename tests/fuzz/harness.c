/*
 * The fuzzing harness: temporary table directory, one-input runners for the
 * scenario and tables targets, and the contract check. See harness.h.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kikan/kikan.h"
#include "models/world_impl.h"
#include "scenarios/graphfile.h"
#include "scenarios/loader.h"
#include "tests/fuzz/harness.h"

static const char *const table_names[] = {
    "sectors.csv", "operators.csv",         "assets.csv",      "dependencies.csv", "links.csv",
    "vendors.csv", "equipment_classes.csv", "contractors.csv", "installations.csv"};
enum { N_TABLES = sizeof(table_names) / sizeof(table_names[0]) };

struct kikan_fuzz_env {
    char *dir;            /* the temporary directory */
    char *tables;         /* DIR/tiny */
    char *yaml;           /* DIR/s.yaml */
    char *orig[N_TABLES]; /* original contents (NULL: the table is absent in the source) */
    size_t orig_len[N_TABLES];
};

int kikan_fuzz_n_tables(void)
{
    return N_TABLES;
}

const char *kikan_fuzz_table_name(int i)
{
    return i >= 0 && i < N_TABLES ? table_names[i] : NULL;
}

static char *join(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    char *p = malloc(la + lb + 2);
    if (p != NULL) {
        memcpy(p, a, la);
        p[la] = '/';
        memcpy(p + la + 1, b, lb + 1);
    }
    return p;
}

static int write_file(const char *path, const void *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        return 0;
    }
    int ok = fwrite(data, 1, size, f) == size;
    return (fclose(f) == 0) && ok;
}

void kikan_fuzz_env_free(kikan_fuzz_env_t **env)
{
    if (env == NULL || *env == NULL) {
        return;
    }
    kikan_fuzz_env_t *e = *env;
    for (int i = 0; i < N_TABLES; i++) {
        if (e->tables) {
            char *p = join(e->tables, table_names[i]);
            if (p) {
                unlink(p);
            }
            free(p);
        }
        free(e->orig[i]);
    }
    if (e->yaml) {
        unlink(e->yaml);
    }
    if (e->tables) {
        rmdir(e->tables);
    }
    if (e->dir) {
        rmdir(e->dir);
    }
    free(e->yaml);
    free(e->tables);
    free(e->dir);
    free(e);
    *env = NULL;
}

kikan_error_t kikan_fuzz_env_new(const char *tables_src, kikan_fuzz_env_t **env)
{
    kikan_error_t err = KIKAN_OK;
    /* memory-backed when available: every input is written and read back */
    char tmpl[] = "/dev/shm/kikan-fuzz-XXXXXX";
    struct stat st;
    if (stat("/dev/shm", &st) != 0 || !S_ISDIR(st.st_mode) || access("/dev/shm", W_OK) != 0) {
        memcpy(tmpl, "/tmp/kikan-fuzz-XXXXXX", sizeof("/tmp/kikan-fuzz-XXXXXX"));
    }
    kikan_fuzz_env_t *e = calloc(1, sizeof(*e));
    KIKAN_CHECK_ALLOC(e);
    if (mkdtemp(tmpl) == NULL) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    e->dir = strdup(tmpl);
    KIKAN_CHECK_ALLOC(e->dir);
    e->tables = join(e->dir, "tiny");
    KIKAN_CHECK_ALLOC(e->tables);
    e->yaml = join(e->dir, "s.yaml");
    KIKAN_CHECK_ALLOC(e->yaml);
    if (mkdir(e->tables, 0700) != 0) {
        KIKAN_FAIL(KIKAN_EIO);
    }
    for (int i = 0; i < N_TABLES; i++) {
        char *src = join(tables_src, table_names[i]);
        KIKAN_CHECK_ALLOC(src);
        err = kikan_read_file(src, (size_t)1 << 24, &e->orig[i], &e->orig_len[i]);
        free(src);
        if (err == KIKAN_EIO && errno == ENOENT) {
            err = KIKAN_OK;
            continue;
        }
        KIKAN_CHECK(err);
        char *dst = join(e->tables, table_names[i]);
        KIKAN_CHECK_ALLOC(dst);
        int ok = write_file(dst, e->orig[i], e->orig_len[i]);
        free(dst);
        if (!ok) {
            KIKAN_FAIL(KIKAN_EIO);
        }
    }
    *env = e;
    e = NULL;
cleanup:
    kikan_fuzz_env_free(&e);
    return err;
}

/* ---- the contract ----------------------------------------------------------------------- */

static int in_range(kikan_id_t i, kikan_id_t n)
{
    return i >= 0 && i < n;
}

static int opt_range(kikan_id_t i, kikan_id_t n)
{
    return i == KIKAN_NONE || in_range(i, n);
}

/* Every index a loaded world holds points at an existing row. */
static const char *check_world(const kikan_world_t *w)
{
    if (!w->frozen) {
        return "world returned unfinalized";
    }
    for (kikan_id_t a = 0; a < w->n_assets; a++) {
        const kikan_asset_t *as = &w->assets[a];
        if (!in_range(as->op, w->n_operators) || !in_range(as->sector, w->n_sectors) ||
            !in_range(as->kind, w->kinds.n) || !in_range(as->region, w->regions.n)) {
            return "asset refers to a missing row";
        }
    }
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        const kikan_dep_t *dp = &w->deps[d];
        if (!in_range(dp->provider, w->n_assets) || !in_range(dp->dependent, w->n_assets) ||
            !in_range(dp->group, w->n_groups) || dp->provider == dp->dependent) {
            return "dependency refers to a missing row";
        }
    }
    for (kikan_id_t g = 0; g < w->n_groups; g++) {
        if (w->groups[g].k < 1 || w->groups[g].k > w->groups[g].n) {
            return "redundancy group with k outside [1, n]";
        }
    }
    for (kikan_id_t l = 0; l < w->n_links; l++) {
        if (!in_range(w->links[l].a, w->n_assets) || !in_range(w->links[l].b, w->n_assets)) {
            return "link refers to a missing asset";
        }
    }
    for (kikan_id_t i = 0; i < w->n_installs; i++) {
        const kikan_install_t *in = &w->installs[i];
        if (!in_range(in->asset, w->n_assets) || !in_range(in->cls, w->n_classes) ||
            !in_range(in->vendor, w->n_vendors) || !opt_range(in->contractor, w->n_contractors)) {
            return "installation refers to a missing row";
        }
    }
    for (kikan_id_t s = 0; s < w->n_sectors; s++) {
        if (w->sectors[s].name == NULL || w->sectors[s].unit == NULL) {
            return "sector with a NULL name or unit";
        }
    }
    for (kikan_id_t o = 0; o < w->n_operators; o++) {
        if (w->operators[o].name == NULL) {
            return "operator with a NULL name";
        }
    }
    return NULL;
}

static const char *check_ids(const kikan_id_t *v, int n, kikan_id_t limit)
{
    for (int i = 0; i < n; i++) {
        if (!in_range(v[i], limit)) {
            return "scenario refers to a missing row";
        }
    }
    return NULL;
}

/* Every index a loaded scenario holds points into its world; sizes are sane. */
static const char *check_scenario(const kikan_scenario_t *s, const kikan_world_t *w)
{
    const char *why = NULL;
    int g = kikan_scenario_n_grid(s);
    if (g < 1 || g > 1000000) {
        return "output grid size outside [1, 1e6]";
    }
    if (s->replicates < 1 || s->n_whatifs < 1) {
        return "no replicates or no what-ifs";
    }
    if (s->n_sector_models != w->n_sectors) {
        return "sector_models does not match the sectors";
    }
    for (int i = 0; i < s->n_whatifs; i++) {
        const kikan_whatif_t *wi = &s->whatifs[i];
        if (wi->name == NULL || wi->n_events < 1) {
            return "what-if without name or events";
        }
        for (int j = 0; j < wi->n_events; j++) {
            const kikan_event_t *e = &wi->events[j];
            switch (e->target) {
            case KIKAN_TARGET_VENDOR:
                why = in_range(e->vendor, w->n_vendors) ? NULL : "event vendor missing";
                break;
            case KIKAN_TARGET_CONTRACTOR:
                why = in_range(e->contractor, w->n_contractors) ? NULL : "event contractor missing";
                break;
            case KIKAN_TARGET_ASSETS:
                why = e->n_assets < 1 ? "event without assets"
                                      : check_ids(e->assets, e->n_assets, w->n_assets);
                break;
            case KIKAN_TARGET_KIND_REGION:
                why = in_range(e->kind, w->kinds.n) && opt_range(e->region, w->regions.n)
                          ? NULL
                          : "event kind/region missing";
                break;
            case KIKAN_TARGET_SECTOR:
                why = in_range(e->sector, w->n_sectors) ? NULL : "event sector missing";
                break;
            case KIKAN_TARGET_SELECT:
                why = opt_range(e->kind, w->kinds.n) && opt_range(e->region, w->regions.n) &&
                              opt_range(e->sector, w->n_sectors) && opt_range(e->op, w->n_operators)
                          ? NULL
                          : "event selection out of range";
                break;
            default:
                why = "event with an unknown target";
            }
            if (why == NULL) {
                why = check_ids(e->classes, e->n_classes, w->n_classes);
            }
            if (why == NULL && !(e->probability >= 0 && e->probability <= 1)) {
                why = "event probability outside [0, 1]";
            }
            if (why) {
                return why;
            }
        }
    }
    const kikan_screening_t *sc = &s->screening;
    why = check_ids(sc->classes, sc->n_classes, w->n_classes);
    why = why ? why : check_ids(sc->operators, sc->n_operators, w->n_operators);
    for (int i = 0; why == NULL && i < sc->n_rules; i++) {
        if (!opt_range(sc->rules[i].sector, w->n_sectors) ||
            !in_range(sc->rules[i].metric, w->metric_names.n)) {
            why = "screening rule refers to a missing row";
        }
    }
    for (int i = 0; why == NULL && i < s->scope.n_criteria; i++) {
        if (!opt_range(s->scope.criteria[i].sector, w->n_sectors) ||
            !in_range(s->scope.criteria[i].metric, w->metric_names.n)) {
            why = "scope criterion refers to a missing row";
        }
    }
    return why;
}

/* OK, or EINPUT / ELIMIT with at least one diagnostic. */
static const char *check_code(kikan_error_t err, int n_diag)
{
    if (err == KIKAN_OK) {
        return NULL;
    }
    if (err != KIKAN_EINPUT && err != KIKAN_ELIMIT) {
        return "the loader returned a code other than OK, EINPUT or ELIMIT";
    }
    return n_diag > 0 ? NULL : "the loader rejected the input without a diagnostic";
}

/* ---- the targets ------------------------------------------------------------------------ */

kikan_error_t kikan_fuzz_scenario(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                  int *n_diag, const char **why)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    *n_diag = 0;
    *why = NULL;
    if (!write_file(env->yaml, data, size)) {
        *why = "cannot write the input file";
        return KIKAN_EIO;
    }
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        *why = "cannot make a context";
        return err;
    }
    kikan_ctx_set_threads(ctx, 1);
    err = kikan_scenario_load(ctx, env->yaml, &s, &w);
    *n_diag = kikan_diag_count(ctx);
    *why = check_code(err, *n_diag);
    if (err == KIKAN_OK && *why == NULL) {
        if (s == NULL || w == NULL) {
            *why = "success without a scenario and a world";
        } else {
            *why = check_world(w);
            *why = *why ? *why : check_scenario(s, w);
        }
    } else if (err != KIKAN_OK && (s != NULL || w != NULL)) {
        *why = "failure left a scenario or a world behind";
    }
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return err;
}

kikan_error_t kikan_fuzz_tables(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                int *n_diag, const char **why)
{
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    *n_diag = 0;
    *why = NULL;
    if (size == 0) {
        return KIKAN_OK;
    }
    int t = data[0] % N_TABLES;
    char *path = join(env->tables, table_names[t]);
    if (path == NULL || !write_file(path, data + 1, size - 1)) {
        free(path);
        *why = "cannot write the input file";
        return KIKAN_EIO;
    }
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err == KIKAN_OK) {
        err = kikan_tables_load(ctx, env->tables, &w);
        *n_diag = kikan_diag_count(ctx);
        *why = check_code(err, *n_diag);
        if (err == KIKAN_OK && *why == NULL) {
            *why = w ? check_world(w) : "success without a world";
        } else if (err != KIKAN_OK && w != NULL) {
            *why = "failure left a world behind";
        }
    } else {
        *why = "cannot make a context";
    }
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    /* restore the valid table for the next input */
    if (env->orig[t] != NULL) {
        if (!write_file(path, env->orig[t], env->orig_len[t]) && *why == NULL) {
            *why = "cannot restore the table";
        }
    } else {
        unlink(path);
    }
    free(path);
    return err;
}

/*
 * Graph-file target: data[0] & 1 chooses GraphML (0) or GML (1); the rest is
 * the file, written as DIR/g.graphml or DIR/g.gml and read by
 * kikan_graphfile_read with n = 1000 (every id returned must be below n), or,
 * when data[0] & 2, by kikan_graphml_world_load as a scenario network (a
 * world returned must pass the world checks).
 */
kikan_error_t kikan_fuzz_graphfile(kikan_fuzz_env_t *env, const uint8_t *data, size_t size,
                                   int *n_diag, const char **why)
{
    kikan_ctx_t *ctx = NULL;
    kikan_id_t *edges = NULL, m = -1;
    const kikan_id_t n = 1000;
    *n_diag = 0;
    *why = NULL;
    if (size == 0) {
        return KIKAN_OK;
    }
    char *path = join(env->dir, (data[0] & 1) ? "g.gml" : "g.graphml");
    if (path == NULL) {
        *why = "out of memory";
        return KIKAN_ENOMEM;
    }
    if (!write_file(path, data + 1, size - 1)) {
        free(path);
        *why = "cannot write the input file";
        return KIKAN_EIO;
    }
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        free(path);
        *why = "cannot make a context";
        return err;
    }
    if (data[0] & 2) { /* a scenario network: vertices = assets, edges = dependencies */
        kikan_world_t *w = NULL;
        err = kikan_graphml_world_load(ctx, path, &w);
        *n_diag = kikan_diag_count(ctx);
        *why = check_code(err, *n_diag);
        if (err == KIKAN_OK && *why == NULL) {
            *why = w == NULL ? "success without a world" : check_world(w);
        } else if (err != KIKAN_OK && w != NULL) {
            *why = "failure left a world behind";
        }
        kikan_world_free(&w);
        unlink(path);
        free(path);
        kikan_ctx_free(&ctx);
        return err;
    }
    err = kikan_graphfile_read(ctx, path, n, &edges, &m);
    *n_diag = kikan_diag_count(ctx);
    *why = check_code(err, *n_diag);
    if (err == KIKAN_OK && *why == NULL) {
        for (kikan_id_t i = 0; i < 2 * m; i++) {
            if (edges[i] < 0 || edges[i] >= n) {
                *why = "a vertex id out of range was returned";
                break;
            }
        }
        if (m > 0 && edges == NULL) {
            *why = "edges counted but none returned";
        }
    } else if (err != KIKAN_OK && edges != NULL) {
        *why = "failure left edges behind";
    }
    free(edges);
    unlink(path);
    free(path);
    kikan_ctx_free(&ctx);
    return err;
}
