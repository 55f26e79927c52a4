/*
 * Tests of the scenario language (scenarios/): the strict CSV reader, the
 * table loader, the YAML loader and `kikan validate`.
 *
 * A small valid scenario (BASE_*) is written into a temporary directory for
 * each case; a malformed case replaces one file (or the YAML text) and checks
 * the exact diagnostics. Expected counts and line numbers are read off the
 * fixture texts below by hand, not from the implementation.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kikan/generate.h"
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/loader.h"
#include "tests/testutil.h"

/* ---- the base fixture ------------------------------------------------------------------- */

static const char *const BASE_YAML = "kikan: 1\n"                   /* 1 */
                                     "name: base\n"                 /* 2 */
                                     "network:\n"                   /* 3 */
                                     "  tables: t\n"                /* 4 */
                                     "time:\n"                      /* 5 */
                                     "  horizon_hours: 48.5\n"      /* 6 */
                                     "  step_hours: 0.5\n"          /* 7 */
                                     "ensemble:\n"                  /* 8 */
                                     "  replicates: 7\n"            /* 9 */
                                     "  seed: 2385\n"               /* 10 */
                                     "whatifs:\n"                   /* 11 */
                                     "  - name: w1\n"               /* 12 */
                                     "    events:\n"                /* 13 */
                                     "      - vendor: V1\n"         /* 14 */
                                     "        probability: 0.385\n" /* 15 */
                                     "screening:\n"                 /* 16 */
                                     "  effectiveness: 0.9\n"       /* 17 */
                                     "  rules:\n"                   /* 18 */
                                     "    - metric: customers\n"    /* 19 */
                                     "      at_least: 1000\n";      /* 20 */

typedef struct {
    const char *name, *text;
} table_t;

static const table_t BASE_TABLES[] = {
    {"sectors.csv", "id,name,unit\n"
                    "power,Electricity,households\n"
                    "telecom,Telecom,subscribers\n"},
    {"operators.csv", "id,name,sectors,sme,customers\n"
                      "P1,Power One,power,0,2385000\n"
                      "T1,Tel One,telecom;power,1,\n"},
    {"assets.csv", "id,operator,sector,kind,region,customers,backup_hours\n"
                   "S1,P1,power,substation,chiba,1200.5,0\n"
                   "S2,P1,power,substation,tokyo,800,0\n"
                   "E1,T1,telecom,exchange,chiba,0,6.5\n"
                   "B1,T1,telecom,base_station,tokyo,2385,3\n"},
    {"dependencies.csv", "provider,dependent,resource,group,k\n"
                         "S1,E1,power,,\n"
                         "E1,B1,telecom,,\n"
                         "S1,B1,power,feed,1\n"
                         "S2,B1,power,feed,1\n"
                         "E1,S1,control,,\n"},
    {"links.csv", "a,b\nS1,S2\n"},
    {"vendors.csv", "id,name,origin,risk_class\n"
                    "V1,Vendor One,JP,0\n"
                    "V2,Vendor Two,XX,2\n"},
    {"equipment_classes.csv", "id,name,sector,critical\n"
                              "scada,SCADA,power,1\n"
                              "switching,Switching,telecom,1\n"},
    {"contractors.csv", "id,name,remote_access\n"
                        "M1,Maint One,1\n"},
    {"installations.csv", "asset,class,vendor,contractor\n"
                          "S1,scada,V1,M1\n"
                          "E1,switching,V2,\n"},
};
enum { N_TABLES = sizeof(BASE_TABLES) / sizeof(BASE_TABLES[0]) };

static char *case_dir; /* the current case's temporary directory */

static void remove_dir(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

/*
 * Write a case: the base tables with `table` replaced by `content` (NULL
 * content: the table is removed), and the YAML text (NULL: the base).
 */
static void write_case(const char *yaml, const char *table, const char *content)
{
    char path[600];
    if (case_dir) {
        remove_dir(case_dir);
        free(case_dir);
    }
    case_dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(case_dir);
    snprintf(path, sizeof(path), "%s/t", case_dir);
    CU_ASSERT_EQUAL_FATAL(mkdir(path, 0700), 0);
    for (int i = 0; i < N_TABLES; i++) {
        const char *text = BASE_TABLES[i].text;
        if (table && strcmp(table, BASE_TABLES[i].name) == 0) {
            text = content;
        }
        if (text) {
            snprintf(path, sizeof(path), "%s/t/%s", case_dir, BASE_TABLES[i].name);
            CU_ASSERT_FATAL(kikan_test_write(path, text));
        }
    }
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, yaml ? yaml : BASE_YAML));
}

/* The base YAML with `from` replaced by `to` (once; it must occur). */
static char *yaml_with(const char *from, const char *to)
{
    const char *at = strstr(BASE_YAML, from);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    size_t pre = (size_t)(at - BASE_YAML);
    size_t len = strlen(BASE_YAML) - strlen(from) + strlen(to);
    char *s = malloc(len + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    memcpy(s, BASE_YAML, pre);
    strcpy(s + pre, to);
    strcat(s, at + strlen(from));
    return s;
}

/* Base table `name` with `extra` appended. */
static char *table_plus(const char *name, const char *extra)
{
    for (int i = 0; i < N_TABLES; i++) {
        if (strcmp(BASE_TABLES[i].name, name) == 0) {
            char *s = malloc(strlen(BASE_TABLES[i].text) + strlen(extra) + 1);
            strcpy(s, BASE_TABLES[i].text);
            strcat(s, extra);
            return s;
        }
    }
    return NULL;
}

/*
 * Load the case's s.yaml and check that it fails with exactly the expected
 * diagnostics (given without the case directory prefix "DIR/").
 */
static void expect_diags(const char *const *expected, int n)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = (kikan_scenario_t *)&s; /* must be cleared */
    kikan_world_t *w = (kikan_world_t *)&w;
    char path[600];
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_PTR_NULL(w);
    size_t dl = strlen(case_dir);
    int count = kikan_diag_count(ctx);
    CU_ASSERT_EQUAL(count, n);
    for (int i = 0; i < count; i++) {
        const char *d = kikan_diag_get(ctx, i);
        const char *rest = strncmp(d, case_dir, dl) == 0 && d[dl] == '/' ? d + dl + 1 : d;
        int ok = i < n && strcmp(rest, expected[i]) == 0;
        if (!ok) {
            fprintf(stderr, "\n  diagnostic %d: got      '%s'\n               expected '%s'\n", i,
                    rest, i < n ? expected[i] : "(none)");
        }
        CU_ASSERT(ok);
    }
    kikan_ctx_free(&ctx);
}

static void expect1(const char *expected)
{
    expect_diags(&expected, 1);
}

static void yaml_case(const char *from, const char *to, const char *expected)
{
    char *y = yaml_with(from, to);
    write_case(y, NULL, NULL);
    free(y);
    expect1(expected);
}

static void table_case(const char *table, const char *content, const char *expected)
{
    write_case(NULL, table, content);
    expect1(expected);
}

static void table_plus_case(const char *table, const char *extra, const char *expected)
{
    char *t = table_plus(table, extra);
    write_case(NULL, table, t);
    free(t);
    expect1(expected);
}

/* ---- --set overrides ------------------------------------------------------------------------- */

/* Load the base case with overrides; the diagnostics (case dir stripped) into got[], their count.
 */
static const char *policy_file; /* --evaluate file for load_set, NULL: none */

static kikan_error_t load_set(const char *const *sets, int n, kikan_scenario_t **s,
                              kikan_world_t **w, char got[][400], int *n_got)
{
    kikan_ctx_t *ctx = NULL;
    char path[600];
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    const kikan_error_t err = kikan_scenario_load_with(ctx, path, sets, n, policy_file, s, w);
    const size_t dl = strlen(case_dir);
    *n_got = kikan_diag_count(ctx);
    for (int i = 0; i < *n_got && i < 4; i++) {
        const char *d = kikan_diag_get(ctx, i);
        snprintf(got[i], 400, "%s", strncmp(d, case_dir, dl) == 0 && d[dl] == '/' ? d + dl + 1 : d);
    }
    kikan_ctx_free(&ctx);
    return err;
}

/*
 * Overrides replace a scalar (screening.effectiveness 0.9 -> 0.615), reach into
 * lists (whatifs[0].events[0].probability 0.385 -> 0.3), add an absent key
 * (ensemble.replicates is present; time.step_hours too; scope.budget is not),
 * are validated like the file (a bad value, an unknown key with did-you-mean),
 * and are recorded for provenance.
 */
static void test_set_overrides(void)
{
    write_case(NULL, NULL, NULL);
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char got[4][400];
    int n = 0;
    const char *ok[] = {"screening.effectiveness=0.615", "whatifs[0].events[0].probability=0.3",
                        "scope.budget=7"};
    CU_ASSERT_EQUAL_FATAL(load_set(ok, 3, &s, &w, got, &n), KIKAN_OK);
    CU_ASSERT_EQUAL(s->screening.effectiveness, 0.615);
    CU_ASSERT_EQUAL(s->whatifs[0].events[0].probability, 0.3);
    CU_ASSERT_EQUAL(s->scope.budget, 7);
    CU_ASSERT_EQUAL(s->scope.burden_fixed, 20.0); /* the documented defaults */
    CU_ASSERT_EQUAL(s->scope.burden_per_installation, 2.0);
    CU_ASSERT_STRING_EQUAL(s->overrides, "screening.effectiveness=0.615\n"
                                         "whatifs[0].events[0].probability=0.3\nscope.budget=7\n");
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "probability: 0.385\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "\n# kikan --set scope.budget=7\n"));
    kikan_scenario_free(&s);
    kikan_world_free(&w);

    static const struct {
        const char *set, *diag;
    } bad[] = {
        {"screening.effectivness=0.6", "s.yaml: --set screening.effectivness=0.6: screening: "
                                       "unknown key 'effectivness' (did you mean "
                                       "'effectiveness'?)"},
        {"screenin.effectiveness=0.6",
         "s.yaml: --set screenin.effectiveness=0.6: unknown key 'screenin' (did you mean "
         "'screening'?)"},
        {"screening.effectiveness=1.5", "s.yaml: --set screening.effectiveness=1.5: "
                                        "screening.effectiveness: expected a probability in [0, "
                                        "1], got '1.5'"},
        {"whatifs[3].name=x", "--set whatifs[3].name=x: index 3 out of range ('whatifs' has 1 "
                              "entry)"},
        {"whatifs.name=x", "--set whatifs.name=x: 'whatifs' is not a mapping"},
        {"screening=x", "--set screening=x: 'screening' is a mapping, not a single value"},
        {"noequals", "--set noequals: expected KEY=VALUE (KEY a path such as "
                     "screening.effectiveness or whatifs[2].events[0].probability)"},
        {"=3", "--set =3: expected KEY=VALUE (KEY a path such as screening.effectiveness or "
               "whatifs[2].events[0].probability)"},
        {"whatifs[x].name=3", "--set whatifs[x].name=3: expected an index [N] at '[x].name'"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        s = (kikan_scenario_t *)&s;
        CU_ASSERT_EQUAL(load_set(&bad[i].set, 1, &s, &w, got, &n), KIKAN_EINPUT);
        CU_ASSERT_PTR_NULL(s);
        CU_ASSERT_EQUAL(n, 1);
        if (n < 1 || strcmp(got[0], bad[i].diag) != 0) {
            fprintf(stderr, "\n  --set %s: got '%s'\n  expected '%s'\n", bad[i].set,
                    n ? got[0] : "(none)", bad[i].diag);
            CU_FAIL("diagnostic");
        }
    }
    /* the command line: exit 2 with the did-you-mean, on run and scope */
    char cmd[900], *out = NULL, *errs = NULL;
    snprintf(cmd, sizeof(cmd), "run %s/s.yaml --set ensemble.replicatez=3", case_dir);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, &out, &errs), 2);
    CU_ASSERT_PTR_NOT_NULL(errs != NULL ? strstr(errs, "did you mean 'replicates'?") : NULL);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd), "scope %s/s.yaml --set screening.effectiveness=x", case_dir);
    CU_ASSERT_EQUAL(kikan_test_cli(cmd, &out, &errs), 2);
    CU_ASSERT_PTR_NOT_NULL(errs != NULL ? strstr(errs, "expected a number, got 'x'") : NULL);
    free(out);
    free(errs);
}

/*
 * A policy file replaces the scenario's rules (1000 customers) by its own and
 * adds named operators; problems are reported at the policy's own lines.
 */
static void test_policy_file(void)
{
    write_case(NULL, NULL, NULL);
    char path[700], got[4][400];
    int n = 0;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    snprintf(path, sizeof(path), "%s/p.yaml", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "name: big ones\nsource: a test\nscreening:\n"
                                           "  rules:\n    - metric: customers\n"
                                           "      at_least: 2385\n"));
    policy_file = path;
    CU_ASSERT_EQUAL_FATAL(load_set(NULL, 0, &s, &w, got, &n), KIKAN_OK);
    CU_ASSERT_EQUAL(s->screening.n_rules, 1);
    CU_ASSERT_EQUAL(s->screening.rules[0].at_least, 2385.0);
    CU_ASSERT_EQUAL(s->screening.effectiveness, 0.9); /* kept from the scenario */
    CU_ASSERT_STRING_EQUAL(s->policy_name, "big ones");
    CU_ASSERT_STRING_EQUAL(s->policy_source, "a test");
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "# kikan --evaluate "));
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    CU_ASSERT_FATAL(kikan_test_write(path, "screening:\n  rules:\n    - metric: customerz\n"
                                           "      at_least: 1\n"));
    CU_ASSERT_EQUAL(load_set(NULL, 0, &s, &w, got, &n), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(got[0], "p.yaml:3:15: screening.rules[0].metric: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(got[0], "customerz"));
    CU_ASSERT_FATAL(kikan_test_write(path, "screenin:\n  rules: []\n"));
    CU_ASSERT_EQUAL(load_set(NULL, 0, &s, &w, got, &n), KIKAN_EINPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(got[0], "p.yaml:1:1: unknown key 'screenin' (did you mean "
                                          "'screening'?)"));
    policy_file = NULL;
}

/* ---- the valid cases -------------------------------------------------------------------- */

static void test_base_loads(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char path[600];
    write_case(NULL, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    kikan_error_t err = kikan_scenario_load(ctx, path, &s, &w);
    if (err != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
    }
    CU_ASSERT_EQUAL_FATAL(err, KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 0);
    /* the world, counted from the BASE_TABLES rows */
    CU_ASSERT_EQUAL(kikan_world_n_sectors(w), 2);
    CU_ASSERT_EQUAL(kikan_world_n_operators(w), 2);
    CU_ASSERT_EQUAL(kikan_world_n_assets(w), 4);
    CU_ASSERT_EQUAL(kikan_world_n_dependencies(w), 5);
    CU_ASSERT_EQUAL(kikan_world_n_links(w), 1);
    CU_ASSERT_EQUAL(kikan_world_n_installations(w), 2);
    CU_ASSERT_EQUAL(w->n_vendors, 2);
    CU_ASSERT_EQUAL(w->n_classes, 2);
    CU_ASSERT_EQUAL(w->n_contractors, 1);
    /* 4 groups: S1->E1, E1->B1, {S1,S2}->B1 "feed" (k 1 of 2), E1->S1 */
    CU_ASSERT_EQUAL(w->n_groups, 4);
    kikan_id_t b1 = kikan_world_find_asset(w, "B1");
    int feed_seen = 0;
    for (kikan_id_t g = 0; g < w->n_groups; g++) {
        if (w->groups[g].dependent == b1 && w->groups[g].n == 2) {
            feed_seen = w->groups[g].k == 1;
        }
    }
    CU_ASSERT(feed_seen);
    /* values and defaults */
    kikan_id_t t1 = kikan_world_find_operator(w, "T1");
    CU_ASSERT_EQUAL(w->operators[t1].n_sectors, 2);
    CU_ASSERT_EQUAL(w->operators[t1].sme, 1);
    kikan_id_t m = kikan_world_find_metric(w, "customers");
    CU_ASSERT_NOT_EQUAL_FATAL(m, KIKAN_NONE);
    CU_ASSERT_DOUBLE_EQUAL(kikan_world_metric(w, kikan_world_find_operator(w, "P1"), m), 2385000.0,
                           0.0);
    CU_ASSERT(isnan(kikan_world_metric(w, t1, m))); /* empty = not given */
    kikan_id_t e1 = kikan_world_find_asset(w, "E1");
    CU_ASSERT_DOUBLE_EQUAL(w->assets[e1].backup_hours, 6.5, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[e1].backup_hours_max, 6.5, 0.0); /* default = min */
    CU_ASSERT_EQUAL(w->assets[e1].repair.kind, KIKAN_DIST_FIXED);     /* default fixed 24 */
    CU_ASSERT_DOUBLE_EQUAL(w->assets[e1].repair.a, 24.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(w->sectors[0].life_weight, 1.0, 0.0); /* default */
    CU_ASSERT_EQUAL(w->installs[1].contractor, KIKAN_NONE);      /* empty contractor */
    CU_ASSERT_EQUAL(w->vendors[1].risk_class, 2);
    /* the scenario */
    CU_ASSERT_STRING_EQUAL(s->name, "base");
    CU_ASSERT_DOUBLE_EQUAL(s->horizon_hours, 48.5, 0.0);
    CU_ASSERT_EQUAL(kikan_scenario_n_grid(s), 98); /* floor(48.5 / 0.5) + 1 */
    CU_ASSERT_EQUAL(s->replicates, 7);
    CU_ASSERT_EQUAL(s->seed, 2385);
    CU_ASSERT_EQUAL(s->synthetic, 0); /* tables: not synthetic unless said */
    CU_ASSERT_STRING_EQUAL(s->default_model, "dependency");
    CU_ASSERT_EQUAL(s->n_sector_models, 2);
    CU_ASSERT_EQUAL_FATAL(s->n_whatifs, 1);
    CU_ASSERT_EQUAL_FATAL(s->whatifs[0].n_events, 1);
    const kikan_event_t *e = &s->whatifs[0].events[0];
    CU_ASSERT_EQUAL(e->target, KIKAN_TARGET_VENDOR);
    CU_ASSERT_EQUAL(e->vendor, kikan_world_find_vendor(w, "V1"));
    CU_ASSERT_DOUBLE_EQUAL(e->probability, 0.385, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(e->at_hours, 0.0, 0.0);
    CU_ASSERT_EQUAL(s->screening.enabled, 1);
    CU_ASSERT_DOUBLE_EQUAL(s->screening.effectiveness, 0.9, 0.0);
    CU_ASSERT_EQUAL_FATAL(s->screening.n_rules, 1);
    CU_ASSERT_EQUAL(s->screening.rules[0].metric, m);
    CU_ASSERT_EQUAL(s->screening.rules[0].sector, KIKAN_NONE);
    CU_ASSERT_DOUBLE_EQUAL(s->scope.small_factor, 5.0, 0.0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s->text, "probability: 0.385"));
    snprintf(path, sizeof(path), "%s/t", case_dir);
    CU_ASSERT_STRING_EQUAL(s->tables_dir, path);
    kikan_scenario_free(&s);
    CU_ASSERT_PTR_NULL(s);
    kikan_scenario_free(&s); /* NULL is fine */
    kikan_scenario_free(NULL);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* Every key of the format at once: a full what-if list, models, scope, outputs. */
static void test_all_keys(void)
{
    static const char *const yaml =
        "kikan: 1\n"
        "name: full\n"
        "description: \"all keys\"\n"
        "network:\n"
        "  tables: t\n"
        "  synthetic: true\n"
        "models:\n"
        "  default: dependency\n"
        "  sectors: {telecom: dependency}\n"
        "time: {horizon_hours: 10, step_hours: 3}\n"
        "ensemble: {replicates: 1000000000, seed: 18446744073709551615}\n"
        "whatifs:\n"
        "  - name: a\n"
        "    description: d\n"
        "    events:\n"
        "      - {name: e0, vendor: V2, classes: [switching], probability: 1, at_hours: 2.5}\n"
        "      - {contractor: M1, classes: [scada, switching]}\n"
        "      - {assets: [S2, B1]}\n"
        "      - {kind: exchange, region: chiba}\n"
        "      - sector: power\n"
        "        forcing: true\n"
        "        restore: [[12.5, 0.12], [48.5, 1.0]]\n"
        "  - name: b\n"
        "    events: [{kind: substation}]\n"
        "screening:\n"
        "  effectiveness: 0\n"
        "  classes: [scada]\n"
        "  operators: [T1]\n"
        "  rules: [{sector: power, metric: customers, at_least: 1.0e6}]\n"
        "scope:\n"
        "  criteria:\n"
        "    - {sector: power, metric: customers, thresholds: [1e3, 1e6]}\n"
        "    - {metric: customers}\n"
        "  budget: 3\n"
        "  cost_metric: customers\n"
        "  cost_budget: 2.5\n"
        "  small_factor: 2.385\n"
        "outputs: {hdf5: out/r.h5, csv: out/csv, json: true}\n";
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char path[600];
    write_case(yaml, NULL, NULL);
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    kikan_error_t err = kikan_scenario_load(ctx, path, &s, &w);
    if (err != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
    }
    CU_ASSERT_EQUAL_FATAL(err, KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(s->description, "all keys");
    CU_ASSERT_EQUAL(s->synthetic, 1);
    CU_ASSERT_STRING_EQUAL(s->default_model, "dependency");
    kikan_id_t tel = kikan_world_find_sector(w, "telecom"),
               pw = kikan_world_find_sector(w, "power");
    CU_ASSERT_STRING_EQUAL(s->sector_models[tel], "dependency");
    CU_ASSERT_PTR_NULL(s->sector_models[pw]);
    CU_ASSERT_EQUAL(kikan_scenario_n_grid(s), 4); /* floor(10 / 3) + 1 */
    CU_ASSERT_EQUAL(s->replicates, 1000000000);
    CU_ASSERT_EQUAL(s->seed, UINT64_MAX);
    CU_ASSERT_EQUAL_FATAL(s->n_whatifs, 2);
    CU_ASSERT_EQUAL_FATAL(s->whatifs[0].n_events, 5);
    const kikan_event_t *ev = s->whatifs[0].events;
    CU_ASSERT_STRING_EQUAL(ev[0].name, "e0");
    CU_ASSERT_EQUAL(ev[0].n_classes, 1);
    CU_ASSERT_EQUAL(ev[0].classes[0], kikan_world_find_class(w, "switching"));
    CU_ASSERT_DOUBLE_EQUAL(ev[0].at_hours, 2.5, 0.0);
    CU_ASSERT_EQUAL(ev[1].target, KIKAN_TARGET_CONTRACTOR);
    CU_ASSERT_EQUAL(ev[1].n_classes, 2);
    CU_ASSERT_DOUBLE_EQUAL(ev[1].probability, 1.0, 0.0); /* default */
    CU_ASSERT_EQUAL(ev[2].target, KIKAN_TARGET_ASSETS);
    CU_ASSERT_EQUAL(ev[2].n_assets, 2);
    CU_ASSERT_EQUAL(ev[2].assets[1], kikan_world_find_asset(w, "B1"));
    CU_ASSERT_EQUAL(ev[3].target, KIKAN_TARGET_KIND_REGION);
    CU_ASSERT_EQUAL(ev[3].kind, kikan_world_find_kind(w, "exchange"));
    CU_ASSERT_EQUAL(ev[3].region, kikan_world_find_region(w, "chiba"));
    CU_ASSERT_EQUAL(ev[4].target, KIKAN_TARGET_SECTOR);
    CU_ASSERT_EQUAL(ev[4].sector, pw);
    CU_ASSERT_EQUAL(ev[4].forcing, 1);
    CU_ASSERT_EQUAL_FATAL(ev[4].n_restore, 2);
    CU_ASSERT_DOUBLE_EQUAL(ev[4].restore[0].hours, 12.5, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(ev[4].restore[0].fraction, 0.12, 0.0);
    CU_ASSERT_EQUAL(s->whatifs[1].events[0].region, KIKAN_NONE);
    CU_ASSERT_DOUBLE_EQUAL(s->screening.effectiveness, 0.0, 0.0);
    CU_ASSERT_EQUAL(s->screening.n_classes, 1);
    CU_ASSERT_EQUAL(s->screening.operators[0], kikan_world_find_operator(w, "T1"));
    CU_ASSERT_EQUAL(s->screening.rules[0].sector, pw);
    CU_ASSERT_EQUAL_FATAL(s->scope.n_criteria, 2);
    CU_ASSERT_EQUAL(s->scope.criteria[0].n_thresholds, 2);
    CU_ASSERT_DOUBLE_EQUAL(s->scope.criteria[0].thresholds[1], 1e6, 0.0);
    CU_ASSERT_EQUAL(s->scope.criteria[1].sector, KIKAN_NONE);
    CU_ASSERT_PTR_NULL(s->scope.criteria[1].thresholds);
    CU_ASSERT_EQUAL(s->scope.budget, 3);
    CU_ASSERT_EQUAL(s->scope.cost_metric, kikan_world_find_metric(w, "customers"));
    CU_ASSERT_DOUBLE_EQUAL(s->scope.cost_budget, 2.5, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(s->scope.small_factor, 2.385, 0.0);
    snprintf(path, sizeof(path), "%s/out/r.h5", case_dir);
    CU_ASSERT_STRING_EQUAL(s->out_hdf5, path);
    CU_ASSERT_EQUAL(s->out_json, 1);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* The library example: counts read off scenarios/library/tiny/ by hand. */
static void test_tiny(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    kikan_error_t err =
        kikan_scenario_load(ctx, KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml", &s, &w);
    if (err != KIKAN_OK) {
        kikan_diag_print(ctx, stderr);
    }
    CU_ASSERT_EQUAL_FATAL(err, KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_world_n_sectors(w), 6);
    CU_ASSERT_EQUAL(kikan_world_n_operators(w), 13);
    CU_ASSERT_EQUAL(kikan_world_n_assets(w), 25);
    CU_ASSERT_EQUAL(kikan_world_n_dependencies(w), 43);
    CU_ASSERT_EQUAL(kikan_world_n_links(w), 9);
    CU_ASSERT_EQUAL(kikan_world_n_installations(w), 19);
    CU_ASSERT_EQUAL(w->n_vendors, 5);
    CU_ASSERT_EQUAL(w->n_classes, 11);
    CU_ASSERT_EQUAL(w->n_contractors, 3);
    /* 43 rows, two 2-provider groups: 41 groups */
    CU_ASSERT_EQUAL(w->n_groups, 41);
    /* the two multi-sector operators */
    CU_ASSERT_EQUAL(w->operators[kikan_world_find_operator(w, "TELFIN")].n_sectors, 2);
    CU_ASSERT_EQUAL(w->operators[kikan_world_find_operator(w, "AIRRAIL")].n_sectors, 2);
    CU_ASSERT_EQUAL(s->n_whatifs, 3);
    CU_ASSERT_EQUAL(s->replicates, 100);
    CU_ASSERT_EQUAL(s->seed, 2385);
    CU_ASSERT_EQUAL(kikan_scenario_n_grid(s), 73);
    CU_ASSERT_EQUAL(s->synthetic, 1);
    CU_ASSERT_EQUAL(s->screening.n_rules, 2);
    CU_ASSERT_EQUAL(s->scope.n_criteria, 2);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
}

/* ---- malformed YAML --------------------------------------------------------------------- */

static void test_yaml_text_problems(void)
{
    write_case("", NULL, NULL);
    expect1("s.yaml:1:1: empty scenario file");
    write_case("# only a comment\n\n", NULL, NULL);
    expect1("s.yaml:1:1: empty scenario file");
    /* truncated in the middle of a quoted string */
    write_case("kikan: 1\nname: \"ba", NULL, NULL);
    expect1("s.yaml:2:10: YAML syntax error: found unexpected end of stream while scanning a "
            "quoted scalar");
    /* truncated in the middle of a flow list: libyaml places the end of the stream on the
     * line after the last one */
    write_case("kikan: 1\nname: base\nwhatifs: [a, b", NULL, NULL);
    expect1("s.yaml:4:1: YAML syntax error: did not find expected ',' or ']' while parsing a "
            "flow sequence");
    /* binary garbage: a NUL byte on line 2 column 7, invalid UTF-8 at 1:1 */
    char bin[] = "kikan: 1\nname: X\x01\x02";
    bin[15] = '\0';
    char *path = NULL;
    write_case("", NULL, NULL);
    path = malloc(strlen(case_dir) + 16);
    sprintf(path, "%s/s.yaml", case_dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite(bin, 1, sizeof(bin) - 1, f);
    fclose(f);
    expect1("s.yaml:2:7: binary data (a NUL byte), expected UTF-8 text");
    write_case("\xff\xd8\xff\xe0 JFIF", NULL, NULL);
    expect1("s.yaml:1:1: invalid UTF-8 (binary data?)");
    free(path);
    /* nesting: the root mapping is level 1, the 32nd '[' (column 8 + 31) level 33 */
    char deep[128] = "kikan: ";
    memset(deep + 7, '[', 40);
    deep[47] = '\0';
    write_case(deep, NULL, NULL);
    expect1("s.yaml:1:39: lists and mappings nested deeper than 32 levels");
    /* larger than 1 MiB */
    size_t big = ((size_t)1 << 20) + 1;
    char *huge = malloc(big + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
    memset(huge, '#', big);
    huge[big] = '\0';
    write_case(huge, NULL, NULL);
    free(huge);
    expect1("s.yaml: too large (1048577 bytes; limit 1048576); not a scenario");
    /* not a mapping */
    write_case("- a\n- b\n", NULL, NULL);
    expect1("s.yaml:1:1: expected a mapping (keys and values), got a list");
    /* two documents */
    char *two = malloc(strlen(BASE_YAML) + 32);
    sprintf(two, "%s---\nkikan: 1\n", BASE_YAML);
    write_case(two, NULL, NULL);
    free(two);
    expect1("s.yaml:22:1: a second YAML document; a scenario is one document");
    /* a file that does not exist */
    write_case(NULL, NULL, NULL);
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, "/nonexistent/dir/x.yaml", &s, &w), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0),
                           "/nonexistent/dir/x.yaml: cannot read the scenario: No such file or "
                           "directory");
    CU_ASSERT_EQUAL(kikan_scenario_load(NULL, "x", &s, &w), KIKAN_EINVAL);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, "x", NULL, &w), KIKAN_EINVAL);
    kikan_ctx_free(&ctx);
}

static void test_yaml_types_and_keys(void)
{
    yaml_case("replicates: 7", "replicates: many",
              "s.yaml:9:15: ensemble.replicates: expected an integer, got 'many'");
    yaml_case("replicates: 7", "replicates: 2.5",
              "s.yaml:9:15: ensemble.replicates: expected an integer, got '2.5'");
    yaml_case("replicates: 7", "replicate: 7",
              "s.yaml:9:3: ensemble: unknown key 'replicate' (did you mean 'replicates'?)");
    {
        /* the misspelt key is unknown, and the real one is then missing */
        char *y = yaml_with("name: base", "nmae: base");
        static const char *const both[] = {"s.yaml:2:1: unknown key 'nmae' (did you mean 'name'?)",
                                           "s.yaml:1:1: missing required key 'name'"};
        write_case(y, NULL, NULL);
        free(y);
        expect_diags(both, 2);
    }
    yaml_case("name: base", "name: base\nzebra: 1", "s.yaml:3:1: unknown key 'zebra'");
    yaml_case("  step_hours: 0.5\n", "", "s.yaml:6:3: time: missing required key 'step_hours'");
    yaml_case("name: base\n", "", "s.yaml:1:1: missing required key 'name'");
    yaml_case("kikan: 1", "kikan: 2",
              "s.yaml:1:8: kikan: unsupported format version '2' (this kikan reads version 1)");
    yaml_case("name: base", "name: [a, b]", "s.yaml:2:7: name: expected a string, got a list");
    yaml_case("name: base", "name: base\nname: again",
              "s.yaml:3:1: duplicate key 'name' (first on line 2)");
    yaml_case("time:\n  horizon_hours: 48.5\n  step_hours: 0.5\n", "time: 3\n",
              "s.yaml:5:7: time: expected a mapping (keys and values), got '3'");
    yaml_case("  rules:\n", "  rule:\n",
              "s.yaml:18:3: screening: unknown key 'rule' (did you mean 'rules'?)");
    yaml_case("      - vendor: V1\n", "      - vendor: V1\n        sector: power\n",
              "s.yaml:15:17: whatifs[0].events[0]: has both 'vendor' and 'sector'; give "
              "exactly one target (only kind, sector and operator combine)");
    yaml_case("      - vendor: V1\n", "      - assets: [S1]\n        operator: P1\n",
              "s.yaml:15:19: whatifs[0].events[0]: has both 'assets' and 'operator'; give "
              "exactly one target (only kind, sector and operator combine)");
    yaml_case("      - vendor: V1\n", "      - operator: P2\n",
              "s.yaml:14:19: whatifs[0].events[0].operator: unknown operator 'P2' (did you mean "
              "'P1'?)");
    yaml_case("      - vendor: V1\n", "      - name: x\n",
              "s.yaml:14:9: whatifs[0].events[0]: missing a target: give one of vendor, "
              "contractor, assets, or kind, sector and/or operator");
    yaml_case("  - name: w1\n", "  - name: w1\n    description: [x]\n",
              "s.yaml:13:18: whatifs[0].description: expected a string, got a list");
    yaml_case("whatifs:\n", "outputs: {json: maybe}\nwhatifs:\n",
              "s.yaml:11:17: outputs.json: expected true or false, got 'maybe'");
    yaml_case("whatifs:\n", "models: {default: dependancy}\nwhatifs:\n",
              "s.yaml:11:19: models.default: unknown model 'dependancy' (did you mean "
              "'dependency'?); the event engine runs 'dependency' (percolation, load and "
              "threshold are research models: kikan percolate, load, threshold)");
    /* validate and run accept the same models: a research model is refused at load */
    yaml_case("whatifs:\n", "models: {default: percolation}\nwhatifs:\n",
              "s.yaml:11:19: models.default: unknown model 'percolation'; the event engine "
              "runs 'dependency' (percolation, load and threshold are research models: kikan "
              "percolate, load, threshold)");
}

static void test_yaml_numbers(void)
{
    yaml_case("probability: 0.385", "probability: -0.5",
              "s.yaml:15:22: whatifs[0].events[0].probability: expected a probability in [0, 1], "
              "got '-0.5'");
    yaml_case("probability: 0.385", "probability: 1.5",
              "s.yaml:15:22: whatifs[0].events[0].probability: expected a probability in [0, 1], "
              "got '1.5'");
    yaml_case("probability: 0.385", "probability: 0.385\n        at_hours: -1",
              "s.yaml:16:19: whatifs[0].events[0].at_hours: expected a number >= 0, got '-1'");
    yaml_case("horizon_hours: 48.5", "horizon_hours: -3",
              "s.yaml:6:18: time.horizon_hours: expected a number > 0, got '-3'");
    yaml_case("horizon_hours: 48.5", "horizon_hours: .nan",
              "s.yaml:6:18: time.horizon_hours: expected a finite number, got '.nan'");
    yaml_case("horizon_hours: 48.5", "horizon_hours: .inf",
              "s.yaml:6:18: time.horizon_hours: expected a finite number, got '.inf'");
    yaml_case("horizon_hours: 48.5", "horizon_hours: 1e999",
              "s.yaml:6:18: time.horizon_hours: expected a finite number, got '1e999' (out of "
              "range)");
    yaml_case("horizon_hours: 48.5", "horizon_hours: 0x30",
              "s.yaml:6:18: time.horizon_hours: expected a number, got '0x30'");
    yaml_case("horizon_hours: 48.5", "horizon_hours: 1000000.5",
              "s.yaml:6:18: time.horizon_hours: expected at most 1e6 hours, got '1000000.5'");
    yaml_case("seed: 2385", "seed: 18446744073709551616",
              "s.yaml:10:9: ensemble.seed: expected an integer in [0, 18446744073709551615], got "
              "'18446744073709551616'");
    yaml_case("seed: 2385", "seed: -1",
              "s.yaml:10:9: ensemble.seed: expected an integer in [0, 18446744073709551615], got "
              "'-1'");
    yaml_case("replicates: 7", "replicates: 1000000001",
              "s.yaml:9:15: ensemble.replicates: expected an integer in [1, 1000000000], got "
              "'1000000001'");
    yaml_case("replicates: 7", "replicates: 99999999999999999999",
              "s.yaml:9:15: ensemble.replicates: expected an integer in [1, 1000000000], got "
              "'99999999999999999999'");
    yaml_case("replicates: 7", "replicates: 0",
              "s.yaml:9:15: ensemble.replicates: expected an integer in [1, 1000000000], got '0'");
    /* 1e6 / 0.5 = 2e6 intervals: 2000001 grid points */
    char *y = yaml_with("horizon_hours: 48.5", "horizon_hours: 1000000");
    write_case(y, NULL, NULL);
    free(y);
    expect1("s.yaml:7:15: time.step_hours: horizon_hours / step_hours gives 2000001 output grid "
            "points, at most 1000000");
    yaml_case("effectiveness: 0.9", "effectiveness: 1.0001",
              "s.yaml:17:18: screening.effectiveness: expected a probability in [0, 1], got "
              "'1.0001'");
}

static void test_yaml_references(void)
{
    yaml_case("vendor: V1", "vendor: V9",
              "s.yaml:14:17: whatifs[0].events[0].vendor: unknown vendor 'V9' (did you mean "
              "'V1'?)");
    yaml_case("vendor: V1", "vendor: Vendor",
              "s.yaml:14:17: whatifs[0].events[0].vendor: unknown vendor 'Vendor'");
    yaml_case("vendor: V1", "contractor: M2",
              "s.yaml:14:21: whatifs[0].events[0].contractor: unknown contractor 'M2' (did you "
              "mean 'M1'?)");
    yaml_case("vendor: V1", "assets: [S1, X1]",
              "s.yaml:14:22: whatifs[0].events[0].assets[1]: unknown asset 'X1' (did you mean "
              "'S1'?)");
    yaml_case("vendor: V1", "kind: substaton",
              "s.yaml:14:15: whatifs[0].events[0].kind: unknown asset kind 'substaton' (did you "
              "mean 'substation'?)");
    yaml_case("vendor: V1", "kind: exchange\n        region: osaka",
              "s.yaml:15:17: whatifs[0].events[0].region: unknown region 'osaka'");
    yaml_case("vendor: V1", "sector: powr",
              "s.yaml:14:17: whatifs[0].events[0].sector: unknown sector 'powr' (did you mean "
              "'power'?)");
    yaml_case("vendor: V1", "vendor: V1\n        classes: [scad]",
              "s.yaml:15:19: whatifs[0].events[0].classes[0]: unknown equipment class 'scad' (did "
              "you mean 'scada'?)");
    yaml_case("metric: customers", "metric: customer",
              "s.yaml:19:15: screening.rules[0].metric: unknown metric 'customer' (did you mean "
              "'customers'?)");
    yaml_case("  effectiveness: 0.9\n", "  effectiveness: 0.9\n  operators: [P1, T2]\n",
              "s.yaml:18:19: screening.operators[1]: unknown operator 'T2' (did you mean 'T1'?)");
    char expected[700];
    char *y = yaml_with("tables: t", "tables: nowhere");
    write_case(y, NULL, NULL);
    free(y);
    snprintf(expected, sizeof(expected),
             "s.yaml:4:11: network.tables: directory '%s/nowhere' not found", case_dir);
    expect1(expected);
}

static void test_yaml_network(void)
{
    yaml_case("  tables: t\n", "  generator: japn\n",
              "s.yaml:4:14: network.generator: unknown generator 'japn' (did you mean 'japan'?)");
    yaml_case("  tables: t\n", "  tables: t\n  generator: japan\n",
              "s.yaml:5:14: network: give either 'tables' or 'generator', not both");
    yaml_case("  tables: t\n", "  synthetic: true\n",
              "s.yaml:4:3: network: missing required key 'tables' (a directory of CSV tables), "
              "'generator' or 'graphml'");
    yaml_case("  tables: t\n", "  generator: japan\n  scale: 0\n",
              "s.yaml:5:10: network.scale: expected a number > 0, got '0'");
    /* the dispatcher on its own */
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_generate_world(ctx, "nope", 1, 1.0, &w), KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), "unknown generator 'nope' (built in: japan)");
    CU_ASSERT_EQUAL(kikan_generate_world(ctx, "japan", 1, NAN, &w), KIKAN_EINPUT);
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 1),
                           "generator 'japan': scale must be a finite number > 0, got nan");
    CU_ASSERT_EQUAL(kikan_generate_world(ctx, NULL, 1, 1.0, &w), KIKAN_EINVAL);
    CU_ASSERT_STRING_EQUAL(kikan_generator_name(0), "japan");
    CU_ASSERT_PTR_NULL(kikan_generator_name(1));
    CU_ASSERT_PTR_NULL(kikan_generator_name(-1));
    kikan_ctx_free(&ctx);
}

/* ---- malformed tables ------------------------------------------------------------------- */

static void test_csv_ids_and_rows(void)
{
    table_plus_case("assets.csv", "S1,P1,power,substation,chiba,1,0\n",
                    "t/assets.csv:6: id: duplicate asset id 'S1' (first on line 2)");
    table_plus_case("operators.csv", "T1,Again,telecom,0,5\n",
                    "t/operators.csv:4: id: duplicate operator id 'T1' (first on line 3)");
    table_plus_case("vendors.csv", "V2,Again,JP,0\n",
                    "t/vendors.csv:4: id: duplicate vendor id 'V2' (first on line 3)");
    table_plus_case("dependencies.csv", "S1,E1,power,,\n",
                    "t/dependencies.csv:7: duplicate dependency 'S1' -> 'E1' (resource 'power'), "
                    "first on line 2");
    table_plus_case("dependencies.csv", "S2,B1,power,feed,1\n",
                    "t/dependencies.csv:7: duplicate dependency 'S2' -> 'B1' (resource 'power', "
                    "group 'feed'), first on line 5");
    table_plus_case("installations.csv", "S1,scada,V1,M1\n",
                    "t/installations.csv:4: duplicate installation (asset 'S1', class 'scada', "
                    "vendor 'V1'), first on line 2");
    table_plus_case("links.csv", "S2,S1\n",
                    "t/links.csv:3: duplicate link 'S2' - 'S1', first on line 2");
    table_plus_case("links.csv", "S1,E1\n",
                    "t/links.csv:3: b: asset 'E1' is in sector 'telecom' and 'S1' in 'power'; "
                    "links join assets of one sector");
    table_plus_case("dependencies.csv", "B1,B1,power,,\n",
                    "t/dependencies.csv:7: dependent: asset 'B1' cannot depend on itself");
}

static void test_csv_references(void)
{
    /* one message for the bad row; later references to S3 stay quiet */
    write_case(NULL, "assets.csv",
               "id,operator,sector,kind,region,customers,backup_hours\n"
               "S1,P1,power,substation,chiba,1200.5,0\n"
               "S2,P1,power,substation,tokyo,800,0\n"
               "E1,T1,telecom,exchange,chiba,0,6.5\n"
               "B1,T1,telecom,base_station,tokyo,2385,3\n"
               "S3,P2,power,substation,osaka,10,0\n");
    {
        char *d = table_plus("dependencies.csv", "S3,B1,power,,\n");
        char path[600];
        snprintf(path, sizeof(path), "%s/t/dependencies.csv", case_dir);
        CU_ASSERT(kikan_test_write(path, d));
        free(d);
    }
    expect1("t/assets.csv:6: operator: unknown operator 'P2' (did you mean 'P1'?)");
    table_plus_case("assets.csv", "S3,P1,powr,substation,osaka,10,0\n",
                    "t/assets.csv:6: sector: unknown sector 'powr' (did you mean 'power'?)");
    table_plus_case("assets.csv", "S3,P1,telecom,substation,osaka,10,0\n",
                    "t/assets.csv:6: sector: operator 'P1' is not in sector 'telecom' (add it to "
                    "the operator's sectors in operators.csv)");
    table_plus_case("dependencies.csv", "S9,B1,power,,\n",
                    "t/dependencies.csv:7: provider: unknown asset 'S9' (did you mean 'S1'?)");
    table_plus_case("installations.csv", "S2,scada,V3,M1\n",
                    "t/installations.csv:4: vendor: unknown vendor 'V3' (did you mean 'V1'?)");
    table_plus_case("installations.csv", "S2,scada,V1,Maint\n",
                    "t/installations.csv:4: contractor: unknown contractor 'Maint'");
    table_plus_case("installations.csv", "S2,switchin,V1,\n",
                    "t/installations.csv:4: class: unknown equipment class 'switchin' (did you "
                    "mean 'switching'?)");
    table_plus_case("installations.csv", "S2,switching,V1,\n",
                    "t/installations.csv:4: class: equipment class 'switching' belongs to sector "
                    "'telecom', asset 'S2' is in sector 'power'");
    table_plus_case("operators.csv", "R1,Rail,telecom;rial,0,1\n",
                    "t/operators.csv:4: sectors: unknown sector 'rial'");
    table_plus_case("equipment_classes.csv", "ctc,CTC,rail,1\n",
                    "t/equipment_classes.csv:4: sector: unknown sector 'rail'");
}

static void test_csv_groups_and_sectors(void)
{
    table_case("dependencies.csv",
               "provider,dependent,resource,group,k\n"
               "S1,E1,power,,\n"
               "E1,B1,telecom,,\n"
               "S1,B1,power,feed,3\n"
               "S2,B1,power,feed,3\n"
               "E1,S1,control,,\n",
               "t/dependencies.csv:4: k: group 'feed' of asset 'B1' needs k = 3 providers but "
               "has only 2");
    table_plus_case("dependencies.csv", "E1,S2,power,feed,2\n",
                    "t/dependencies.csv:7: k: group 'feed' of asset 'S2' needs k = 2 providers "
                    "but has only 1");
    table_plus_case("dependencies.csv", "E1,B1,power,feed,2\n",
                    "t/dependencies.csv:7: k: group 'feed' of asset 'B1' has k = 1 on line 4, 2 "
                    "here");
    table_plus_case("dependencies.csv", "E1,S2,power,,2\n",
                    "t/dependencies.csv:7: k: a dependency without a group needs k = 1, got 2 "
                    "(name a group to combine providers)");
    table_plus_case("dependencies.csv", "E1,S2,power,,0\n",
                    "t/dependencies.csv:7: k: expected an integer >= 1, got '0'");
    table_plus_case("sectors.csv", "rail,Rail,passengers\n",
                    "t/sectors.csv:4: sector 'rail' has no assets");
    table_case("sectors.csv", "# none\nid,name\n",
               "t/sectors.csv:2: no sectors: the table has a header but no rows");
    /* without sectors.csv the six built-in sectors apply; four of them have no assets */
    write_case(NULL, "sectors.csv", NULL);
    static const char *const builtin[] = {
        "t/assets.csv: built-in sector 'rail' has no assets (give it assets, or list only the "
        "sectors you use in sectors.csv)",
        "t/assets.csv: built-in sector 'aviation' has no assets (give it assets, or list only "
        "the sectors you use in sectors.csv)",
        "t/assets.csv: built-in sector 'airports' has no assets (give it assets, or list only "
        "the sectors you use in sectors.csv)",
        "t/assets.csv: built-in sector 'banking' has no assets (give it assets, or list only "
        "the sectors you use in sectors.csv)"};
    expect_diags(builtin, 4);
}

static void test_csv_numbers(void)
{
    table_plus_case("assets.csv", "S3,P1,power,substation,osaka,-1,0\n",
                    "t/assets.csv:6: customers: expected a number >= 0, got '-1'");
    table_plus_case("assets.csv", "S3,P1,power,substation,osaka,1,inf\n",
                    "t/assets.csv:6: backup_hours: expected a number >= 0, got 'inf'");
    table_plus_case("assets.csv", "S3,P1,power,substation,osaka,1,nan\n",
                    "t/assets.csv:6: backup_hours: expected a number >= 0, got 'nan'");
    table_plus_case("assets.csv", "S3,P1,power,substation,osaka,1e999,0\n",
                    "t/assets.csv:6: customers: expected a number >= 0, got '1e999'");
    table_plus_case("assets.csv", "S3,P1,power,substation,osaka,12 households,0\n",
                    "t/assets.csv:6: customers: expected a number >= 0, got '12 households'");
    table_plus_case("operators.csv", "X1,X,power,0,-2.385\n",
                    "t/operators.csv:4: customers: expected a number >= 0, got '-2.385'");
    table_plus_case("operators.csv", "X1,X,power,2,1\n",
                    "t/operators.csv:4: sme: expected 0 or 1, got '2'");
    table_plus_case("vendors.csv", "V3,V,JP,99999999999\n",
                    "t/vendors.csv:4: risk_class: expected an integer >= 0, got '99999999999'");
    table_plus_case("vendors.csv", "V3,V,JP,-1\n",
                    "t/vendors.csv:4: risk_class: expected an integer >= 0, got '-1'");
    write_case(NULL, "assets.csv",
               "id,operator,sector,kind,region,customers,backup_hours,repair,repair_a,repair_b\n"
               "S1,P1,power,substation,chiba,1200.5,0,uniform,10,2.5\n"
               "S2,P1,power,substation,tokyo,800,0,,,\n"
               "E1,T1,telecom,exchange,chiba,0,6.5,,,\n"
               "B1,T1,telecom,base_station,tokyo,2385,3,gama,5,2\n");
    static const char *const dist[] = {
        "t/assets.csv:2: repair: uniform distribution needs b >= a (repair_a 10, repair_b 2.5)",
        "t/assets.csv:5: repair: unknown distribution 'gama' (did you mean 'gamma'?); expected "
        "fixed, exponential, uniform, lognormal or gamma"};
    expect_diags(dist, 2);
}

/* Tables that had no header or field test of their own: the shared prologue names the file,
 * line and column for them too. */
static void test_csv_supply_chain_columns(void)
{
    table_case("equipment_classes.csv",
               "name,sector,critical\n"
               "SCADA,power,1\n",
               "t/equipment_classes.csv:1: missing required column 'id'");
    table_plus_case("equipment_classes.csv", "ctc,CTC,power,2\n",
                    "t/equipment_classes.csv:4: critical: expected 0 or 1, got '2'");
    table_case("equipment_classes.csv",
               "id,name,sectr,critical\n"
               "scada,SCADA,power,1\n",
               "t/equipment_classes.csv:1: unknown column 'sectr' (did you mean 'sector'?)");
    table_case("contractors.csv",
               "name,remote_access\n"
               "Maint One,1\n",
               "t/contractors.csv:1: missing required column 'id'");
    table_plus_case("contractors.csv", "M2,Maint Two,yes\n",
                    "t/contractors.csv:3: remote_access: expected 0 or 1, got 'yes'");
    table_case("installations.csv",
               "asset,class,contractor\n"
               "S1,scada,M1\n",
               "t/installations.csv:1: missing required column 'vendor'");
    table_plus_case("installations.csv", "S2,scada,,M1\n",
                    "t/installations.csv:4: vendor: required value is empty");
}

static void test_csv_structure(void)
{
    table_plus_case("links.csv", "S1\n", "t/links.csv:3: expected 2 fields, got 1");
    table_plus_case("links.csv", "S1,S2,E1\n", "t/links.csv:3: expected 2 fields, got 3");
    /* a short asset row is skipped; its id's later uses stay quiet */
    write_case(NULL, "assets.csv",
               "id,operator,sector,kind,region,customers,backup_hours\n"
               "S1,P1,power,substation,chiba,1200.5,0\n"
               "S2,P1,power,substation,tokyo,800,0\n"
               "E1,T1,telecom,exchange,chiba,0,6.5\n"
               "B1,T1,telecom,base_station,tokyo,2385\n");
    expect1("t/assets.csv:5: expected 7 fields, got 6");
    table_case("assets.csv",
               "id,operator,sector,kind,region,custmers,backup_hours\n"
               "S1,P1,power,substation,chiba,1200.5,0\n",
               "t/assets.csv:1: unknown column 'custmers' (did you mean 'customers'?)");
    table_case("operators.csv",
               "id,nmae,sectors\n"
               "P1,Power One,power\n",
               "t/operators.csv:1: unknown column 'nmae' (did you mean 'name'?); extra columns "
               "of operators.csv are numeric size metrics");
    write_case(NULL, "links.csv", "a,c\nS1,S2\n");
    static const char *const cols[] = {"t/links.csv:1: missing required column 'b'",
                                       "t/links.csv:1: unknown column 'c'"};
    expect_diags(cols, 2);
    table_case("links.csv", "a,b,a\nS1,S2,S1\n",
               "t/links.csv:1: duplicate column 'a' in the header");
    table_case("links.csv", "",
               "t/links.csv:1: empty table, expected a header line naming the "
               "columns");
    table_case("links.csv", "# just a comment\n\n",
               "t/links.csv:3: empty table, expected a header line naming the columns");
    table_case("operators.csv", NULL, "t/operators.csv: cannot read: No such file or directory");
    table_case("assets.csv", NULL, "t/assets.csv: cannot read: No such file or directory");
    table_case("links.csv", "a,b\nS1,\"S2\n",
               "t/links.csv:2: unterminated quoted field (a '\"' is missing)");
    table_case("links.csv", "a,b\nS1,\"S2\"x\n",
               "t/links.csv:2: unexpected character 'x' after a closing quote");
    table_case("links.csv", "a,b\nS1,S\"2\n",
               "t/links.csv:2: a '\"' inside an unquoted field (quote the whole field and double "
               "the inner quotes)");
    table_case("links.csv", "a,b\nS1,S2\n\xc3\x28\n",
               "t/links.csv:3: invalid UTF-8 (binary data?)");
    {
        /* a table whose reading stopped does not stop the others */
        char *inst = table_plus("installations.csv", "S2,scada,V7,\n");
        write_case(NULL, "installations.csv", inst);
        free(inst);
        char path2[600];
        snprintf(path2, sizeof(path2), "%s/t/links.csv", case_dir);
        CU_ASSERT(kikan_test_write(path2, "a,b\n\"S1,S2\n"));
        static const char *const two[] = {
            "t/links.csv:2: unterminated quoted field (a '\"' is missing)",
            "t/installations.csv:4: vendor: unknown vendor 'V7' (did you mean 'V1'?)"};
        expect_diags(two, 2);
    }
    /* a NUL byte: written by hand, the helper writes C strings */
    write_case(NULL, NULL, NULL);
    char path[600];
    snprintf(path, sizeof(path), "%s/t/links.csv", case_dir);
    FILE *f = fopen(path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fwrite("a,b\nS1,S2\n\0\x01\x02", 1, 13, f);
    fclose(f);
    expect1("t/links.csv:3: binary data (a NUL byte), expected UTF-8 text");
    /* a line of 1 MiB + 1 byte */
    size_t big = KIKAN_CSV_MAX_LINE + 1;
    char *huge = malloc(big + 16);
    CU_ASSERT_PTR_NOT_NULL_FATAL(huge);
    strcpy(huge, "a,b\n");
    memset(huge + 4, 'x', big);
    strcpy(huge + 4 + big, "\n");
    table_case("links.csv", huge, "t/links.csv:2: line longer than 1048576 bytes");
    free(huge);
    /* a table path that is a directory */
    write_case(NULL, "links.csv", NULL);
    snprintf(path, sizeof(path), "%s/t/links.csv", case_dir);
    CU_ASSERT_EQUAL(mkdir(path, 0700), 0);
    expect1("t/links.csv: cannot read: Is a directory");
}

/* RFC 4180 quoting, CRLF, comments and blank lines, through the reader itself. */
static void test_csv_reader(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_csv_t *csv = NULL;
    char path[600];
    int has = 0;
    write_case(NULL, NULL, NULL);
    snprintf(path, sizeof(path), "%s/q.csv", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "# comment\r\n"
                                           "id, name ,x\r\n"
                                           "\r\n"
                                           "a,\"He said \"\"hi\"\", then\nleft\",  2.5 \r\n"
                                           "   \n"
                                           "# another\n"
                                           "b,,\"\"\n"
                                           "c,\"last\",3"));
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(kikan_csv_open(ctx, path, "q.csv", &csv), KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_csv_n_cols(csv), 3);
    CU_ASSERT_EQUAL(kikan_csv_header_line(csv), 2);
    int c_name = kikan_csv_col(csv, "name"), c_x = kikan_csv_col(csv, "x");
    CU_ASSERT_EQUAL(c_name, 1); /* unquoted fields are trimmed: " name " is "name" */
    CU_ASSERT_EQUAL(kikan_csv_col(csv, "missing"), -1);
    CU_ASSERT_EQUAL(kikan_csv_next(csv, &has), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(has, 1);
    CU_ASSERT_EQUAL(kikan_csv_line(csv), 4);
    CU_ASSERT_STRING_EQUAL(kikan_csv_str(csv, c_name), "He said \"hi\", then\nleft");
    double x = 0;
    CU_ASSERT(kikan_csv_number(csv, c_x, 0.0, &x));
    CU_ASSERT_DOUBLE_EQUAL(x, 2.5, 0.0);
    CU_ASSERT_EQUAL(kikan_csv_next(csv, &has), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(has, 1);
    CU_ASSERT_EQUAL(kikan_csv_line(csv), 8); /* the quoted newline counts as a line */
    CU_ASSERT_STRING_EQUAL(kikan_csv_str(csv, c_name), "");
    CU_ASSERT(kikan_csv_number(csv, c_x, 7.25, &x)); /* empty: the default */
    CU_ASSERT_DOUBLE_EQUAL(x, 7.25, 0.0);
    const char *req = NULL;
    CU_ASSERT_FALSE(kikan_csv_required(csv, c_name, &req));
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 0), "q.csv:8: name: required value is empty");
    CU_ASSERT_EQUAL(kikan_csv_next(csv, &has), KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(has, 1);
    CU_ASSERT_STRING_EQUAL(kikan_csv_str(csv, c_name), "last"); /* no final newline */
    int v = 0;
    CU_ASSERT(kikan_csv_int(csv, c_x, 0, 5, 0, &v));
    CU_ASSERT_EQUAL(v, 3);
    CU_ASSERT_FALSE(kikan_csv_int(csv, c_x, 4, 5, 0, &v));
    CU_ASSERT_STRING_EQUAL(kikan_diag_get(ctx, 1), "q.csv:9: x: expected an integer in [4, 5], "
                                                   "got '3'");
    CU_ASSERT_EQUAL(kikan_csv_next(csv, &has), KIKAN_OK);
    CU_ASSERT_EQUAL(has, 0);
    CU_ASSERT_EQUAL(kikan_csv_n_errors(csv), 2);
    kikan_csv_close(&csv);
    CU_ASSERT_PTR_NULL(csv);
    kikan_csv_close(&csv);
    kikan_ctx_free(&ctx);
}

static void test_suggest(void)
{
    static const char *const words[] = {"replicates", "seed", "name", "sectors"};
    CU_ASSERT_STRING_EQUAL(kikan_suggest("replicate", words, 4), "replicates");
    CU_ASSERT_STRING_EQUAL(kikan_suggest("nmae", words, 4), "name"); /* a transposition */
    CU_ASSERT_STRING_EQUAL(kikan_suggest("sector", words, 4), "sectors");
    CU_ASSERT_PTR_NULL(kikan_suggest("zebra", words, 4));
    static const char *const ids[] = {"A0", "A5", "B5"};
    CU_ASSERT_STRING_EQUAL(kikan_suggest("A5x", ids, 3), "A5"); /* tie: longer common prefix */
    CU_ASSERT_PTR_NULL(kikan_suggest("seed", words, 4));        /* an exact match is no typo */
    CU_ASSERT_PTR_NULL(kikan_suggest("", words, 4));
    CU_ASSERT_PTR_NULL(kikan_suggest("x", words, 0));
    /* a word cut short: the one candidate it starts; none when two do, or under 3 bytes */
    static const char *const sectors[] = {"power", "banking", "telecom", "rail", "railway_x"};
    CU_ASSERT_STRING_EQUAL(kikan_suggest("bank", sectors, 5), "banking");
    CU_ASSERT_STRING_EQUAL(kikan_suggest("tele", sectors, 5), "telecom");
    CU_ASSERT_STRING_EQUAL(kikan_suggest("rai", sectors, 5), "rail"); /* edit distance first */
    CU_ASSERT_PTR_NULL(kikan_suggest("ba", sectors, 5));
    static const char *const opts[] = {"--replicates", "--resume", "--trace", "--threads"};
    CU_ASSERT_STRING_EQUAL(kikan_suggest("--replicate", opts, 4), "--replicates");
    CU_ASSERT_STRING_EQUAL(kikan_suggest("--tr", opts, 4), "--trace");
    CU_ASSERT_PTR_NULL(kikan_suggest("--re", opts, 4)); /* --replicates or --resume */
}

/*
 * Validation in one pass: a YAML key error, a bad table row and YAML
 * references into the tables that did load are all reported, each once; a
 * reference to the row already reported stays quiet.
 */
static void test_one_pass(void)
{
    char *y = yaml_with("name: base\n", "name: base\nnmae: again\n");
    char *y2 = NULL;
    {
        const char *from = "    - metric: customers\n";
        const char *at = strstr(y, from);
        CU_ASSERT_PTR_NOT_NULL_FATAL(at);
        const char *to = "    - metric: customers\n      sector: powr\n";
        y2 = malloc(strlen(y) + strlen(to) + 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(y2);
        memcpy(y2, y, (size_t)(at - y));
        strcpy(y2 + (at - y), to);
        strcat(y2, at + strlen(from));
    }
    free(y);
    char *t = table_plus("installations.csv", "S2,scada,V9,M1\n");
    write_case(y2, "installations.csv", t);
    free(t);
    free(y2);
    static const char *const all[] = {
        "s.yaml:3:1: unknown key 'nmae' (did you mean 'name'?)",
        "t/installations.csv:4: vendor: unknown vendor 'V9' (did you mean 'V1'?)",
        "s.yaml:21:15: screening.rules[0].sector: unknown sector 'powr' (did you mean "
        "'power'?)"};
    expect_diags(all, 3);

    /* the vendor row V3 is reported in vendors.csv; the what-if naming V3 stays quiet */
    char *v = table_plus("vendors.csv", "V3,Vendor Three\n"); /* a field short */
    y = yaml_with("vendor: V1", "vendor: V3");
    write_case(y, "vendors.csv", v);
    free(v);
    free(y);
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char path[600];
    CU_ASSERT_EQUAL_FATAL(kikan_ctx_new(&ctx), KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(kikan_diag_get(ctx, 0), "vendors.csv:4"));
    kikan_ctx_free(&ctx);
}

/* ---- the command line ------------------------------------------------------------------- */

static void test_cli_validate(void)
{
    char *out = NULL, *err = NULL;
    int code =
        kikan_test_cli("validate '" KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml'", &out, &err);
    CU_ASSERT_EQUAL(code, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    CU_ASSERT_STRING_EQUAL(out, KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml: ok: 6 sectors, "
                                                 "13 operators, 25 assets, 43 dependencies, 3 "
                                                 "what-ifs, 100 replicates\n");
    CU_ASSERT_STRING_EQUAL(err, "");
    free(out);
    free(err);

    /* two problems in one file: both printed, one per line, exit 2 */
    char *y = yaml_with("replicates: 7", "replicates: many");
    char *y2 = NULL;
    {
        const char *at = strstr(y, "vendor: V1");
        y2 = malloc(strlen(y) + 8);
        memcpy(y2, y, (size_t)(at - y));
        strcpy(y2 + (at - y), "vendor: V9");
        strcat(y2, at + strlen("vendor: V1"));
    }
    write_case(y2, NULL, NULL);
    free(y);
    free(y2);
    char args[700], expected[2000];
    snprintf(args, sizeof(args), "validate '%s/s.yaml'", case_dir);
    code = kikan_test_cli(args, &out, &err);
    CU_ASSERT_EQUAL(code, 2);
    snprintf(expected, sizeof(expected),
             "%s/s.yaml:9:15: ensemble.replicates: expected an integer, got 'many'\n"
             "%s/s.yaml:14:17: whatifs[0].events[0].vendor: unknown vendor 'V9' (did you mean "
             "'V1'?)\n",
             case_dir, case_dir);
    CU_ASSERT_STRING_EQUAL(err, expected);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    free(err);

    code = kikan_test_cli("validate --help", &out, NULL);
    CU_ASSERT_EQUAL(code, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(out, "usage: kikan validate"));
    free(out);
    CU_ASSERT_EQUAL(kikan_test_cli("validate", NULL, NULL), 2);
    CU_ASSERT_EQUAL(kikan_test_cli("validate --frobnicate x.yaml", NULL, NULL), 2);
    CU_ASSERT_EQUAL(kikan_test_cli("validate a.yaml b.yaml", NULL, NULL), 2);
    CU_ASSERT_EQUAL(kikan_test_cli("validate /nonexistent.yaml", NULL, &err), 2);
    CU_ASSERT_STRING_EQUAL(err, "/nonexistent.yaml: cannot read the scenario: No such file or "
                                "directory\n");
    free(err);
}

/* Issue 14: operator selections, probability on forcing, per-supply buffers, cold restarts. */
static void test_outage_fields(void)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    char path[600];
    char *y = yaml_with("      - vendor: V1\n        probability: 0.385\n",
                        "      - operator: T1\n        kind: base_station\n"
                        "        probability: 0.385\n        forcing: true\n"
                        "      - operator: P1\n"
                        "      - sector: power\n        region: chiba\n");
    write_case(y, "dependencies.csv",
               "provider,dependent,resource,group,k,buffer_hours\n"
               "S1,E1,power,,,\n"
               "E1,B1,telecom,,,2.385\n"
               "S1,B1,power,feed,1,\n"
               "S2,B1,power,feed,1,0.5\n"
               "E1,S1,control,,,\n");
    free(y);
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    CU_ASSERT_EQUAL_FATAL(kikan_scenario_load(ctx, path, &s, &w), KIKAN_OK);
    const kikan_event_t *ev = s->whatifs[0].events;
    CU_ASSERT_EQUAL_FATAL(s->whatifs[0].n_events, 3);
    CU_ASSERT_EQUAL(ev[0].target, KIKAN_TARGET_SELECT);
    CU_ASSERT_EQUAL(ev[0].op, kikan_world_find_operator(w, "T1"));
    CU_ASSERT_EQUAL(ev[0].kind, kikan_world_find_kind(w, "base_station"));
    CU_ASSERT_EQUAL(ev[0].region, KIKAN_NONE);
    CU_ASSERT_EQUAL(ev[0].sector, KIKAN_NONE);
    CU_ASSERT_EQUAL(ev[0].forcing, 1);
    CU_ASSERT_DOUBLE_EQUAL(ev[0].probability, 0.385, 0.0);
    CU_ASSERT_EQUAL(ev[1].target, KIKAN_TARGET_SELECT);
    CU_ASSERT_EQUAL(ev[1].op, kikan_world_find_operator(w, "P1"));
    CU_ASSERT_EQUAL(ev[1].kind, KIKAN_NONE);
    CU_ASSERT_EQUAL(ev[2].target, KIKAN_TARGET_SELECT); /* sector with region: a selection */
    CU_ASSERT_EQUAL(ev[2].sector, kikan_world_find_sector(w, "power"));
    CU_ASSERT_EQUAL(ev[2].region, kikan_world_find_region(w, "chiba"));
    CU_ASSERT_EQUAL(ev[2].op, KIKAN_NONE);
    /* buffers: the row's value, 0 when empty; cold restart defaults to restart_hours */
    const kikan_id_t b1 = kikan_world_find_asset(w, "B1");
    int seen = 0;
    for (kikan_id_t d = 0; d < w->n_deps; d++) {
        if (w->deps[d].dependent == b1 && w->deps[d].provider == kikan_world_find_asset(w, "E1")) {
            CU_ASSERT_DOUBLE_EQUAL(w->deps[d].buffer_hours, 2.385, 0.0);
            seen++;
        } else if (w->deps[d].provider == kikan_world_find_asset(w, "S2")) {
            CU_ASSERT_DOUBLE_EQUAL(w->deps[d].buffer_hours, 0.5, 0.0);
            seen++;
        } else {
            CU_ASSERT_DOUBLE_EQUAL(w->deps[d].buffer_hours, 0.0, 0.0);
        }
    }
    CU_ASSERT_EQUAL(seen, 2);
    CU_ASSERT_DOUBLE_EQUAL(w->assets[b1].cold_restart_hours, w->assets[b1].restart_hours, 0.0);
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);

    table_case("assets.csv",
               "id,operator,sector,kind,restart_hours,cold_restart_hours\n"
               "S1,P1,power,substation,2,1.5\n"
               "S2,P1,power,substation,,0\n"
               "E1,T1,telecom,exchange,,\n"
               "B1,T1,telecom,base_station,0.5,19.25\n",
               "t/assets.csv:2: cold_restart_hours: expected a number >= restart_hours (2), got "
               "'1.5'");
    table_case("assets.csv",
               "id,operator,sector,kind,cold_restart_hours\n"
               "S1,P1,power,substation,-1\n"
               "S2,P1,power,substation,\n"
               "E1,T1,telecom,exchange,\n"
               "B1,T1,telecom,base_station,\n",
               "t/assets.csv:2: cold_restart_hours: expected a number >= 0, got '-1'");
    table_plus_case("dependencies.csv", "S2,E1,power,,1,x\n",
                    "t/dependencies.csv:7: expected 5 fields, got 6");
    table_case("dependencies.csv",
               "provider,dependent,resource,buffer_hours\n"
               "S1,E1,power,\n"
               "E1,B1,telecom,-2.385\n",
               "t/dependencies.csv:3: buffer_hours: expected a number >= 0, got '-2.385'");
}

/*
 * Plausibility (docs/scenario-format.md "Plausibility"): an asset serving 35 billion accounts
 * is rejected by `kikan validate` with file and line, exit 2 (no population stated: the bound
 * is 1.5 billion people); with `population:` the bound is the population; an operator whose
 * customers are four orders of magnitude off its assets' is rejected too.
 */
static void test_plausibility(void)
{
    write_case(NULL, "sectors.csv",
               "id,name,unit,people_per_customer\n"
               "power,Electricity,households,2.2\n"
               "telecom,Telecom,subscribers,0.49\n"
               "banking,Banking,accounts,0.23\n");
    char *ops = table_plus("operators.csv", "BK1,Bank One,banking,0,\n");
    char *assets = table_plus("assets.csv", "CORE,BK1,banking,core_banking,tokyo,35000000000,0\n");
    char path[700];
    snprintf(path, sizeof(path), "%s/t/operators.csv", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, ops));
    snprintf(path, sizeof(path), "%s/t/assets.csv", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, assets));
    char args[700], expected[2000], *out = NULL, *err = NULL;
    snprintf(args, sizeof(args), "validate '%s/s.yaml'", case_dir);
    int code = kikan_test_cli(args, &out, &err);
    CU_ASSERT_EQUAL(code, 2);
    snprintf(expected, sizeof(expected),
             "%s/t/assets.csv:6: customers: asset 'CORE' serves 3.5e+10 accounts = 8.05e+09 "
             "people (x 0.23 people per customer), more than 1.5 billion (no population "
             "stated) (1.5e+09 people)\n"
             "%s/t/sectors.csv:4: people_per_customer: sector 'banking' serves 8.05e+09 people "
             "(its assets' customers x 0.23), more than 1.5 billion (no population stated) "
             "(1.5e+09 people)\n",
             case_dir, case_dir);
    CU_ASSERT_STRING_EQUAL(err, expected);
    CU_ASSERT_STRING_EQUAL(out, "");
    free(out);
    free(err);

    /* 6.5 billion accounts is fine without a population (1.495e9 people)... */
    free(assets);
    assets = table_plus("assets.csv", "CORE,BK1,banking,core_banking,tokyo,6500000000,0\n");
    CU_ASSERT_FATAL(kikan_test_write(path, assets));
    code = kikan_test_cli(args, NULL, NULL);
    CU_ASSERT_EQUAL(code, 0);
    /* ...but not in a scenario of 124.9 million people; the power and telecom rows pass */
    char *y = yaml_with("name: base\n", "name: base\npopulation: 124.9e6\n");
    snprintf(path, sizeof(path), "%s/s.yaml", case_dir);
    CU_ASSERT_FATAL(kikan_test_write(path, y));
    free(y);
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *sc = NULL;
    kikan_world_t *w = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_EQUAL(kikan_scenario_load(ctx, path, &sc, &w), KIKAN_EINPUT);
    CU_ASSERT_EQUAL(kikan_diag_count(ctx), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(kikan_diag_get(ctx, 0), "t/assets.csv:6: customers: asset "
                                                          "'CORE' serves 6.5e+09 accounts"));
    CU_ASSERT_PTR_NOT_NULL(strstr(kikan_diag_get(ctx, 0), "the scenario's population"));
    kikan_ctx_free(&ctx);
    free(assets);
    free(ops);

    /* an operator claiming 150 customers whose assets serve 2,000.5: 13.3 times as many */
    write_case(NULL, "operators.csv",
               "id,name,sectors,sme,customers\n"
               "P1,Power One,power,0,150\n"
               "T1,Tel One,telecom;power,1,\n");
    const char *exp1[] = {"t/operators.csv:2: customers: operator 'P1' gives 150, but its "
                          "assets serve 2000 customers in all, 13.3 times as many, more than "
                          "the 10 allowed (a unit or time basis mixed up?)"};
    expect_diags(exp1, 1);
    CU_ASSERT_DOUBLE_EQUAL(KIKAN_PLAUSIBLE_PEOPLE_MAX, 1.5e9, 0);
    CU_ASSERT_DOUBLE_EQUAL(KIKAN_PLAUSIBLE_METRIC_RATIO, 10.0, 0);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("scenario", NULL, NULL);
    CU_add_test(s, "base scenario loads with every value", test_base_loads);
    CU_add_test(s, "every key of the format", test_all_keys);
    CU_add_test(s, "library tiny.yaml: exact counts", test_tiny);
    CU_add_test(s, "YAML: empty, truncated, binary, missing file", test_yaml_text_problems);
    CU_add_test(s, "YAML: wrong types, unknown and missing keys", test_yaml_types_and_keys);
    CU_add_test(s, "YAML: negative, non-finite, overflowing numbers", test_yaml_numbers);
    CU_add_test(s, "YAML: unknown references", test_yaml_references);
    CU_add_test(s, "YAML: network and generators", test_yaml_network);
    CU_add_test(s, "CSV: duplicate ids and rows", test_csv_ids_and_rows);
    CU_add_test(s, "CSV: unknown references", test_csv_references);
    CU_add_test(s, "CSV: k > group size, sectors without assets", test_csv_groups_and_sectors);
    CU_add_test(s, "CSV: numbers", test_csv_numbers);
    CU_add_test(s, "CSV: structure, quoting, garbage, huge lines", test_csv_structure);
    CU_add_test(s, "CSV: supply-chain tables' columns and fields", test_csv_supply_chain_columns);
    CU_add_test(s, "CSV reader: RFC 4180, CRLF, comments", test_csv_reader);
    CU_add_test(s, "did-you-mean", test_suggest);
    CU_add_test(s, "operator selections, buffers, cold restarts", test_outage_fields);
    CU_add_test(s, "YAML and tables checked in one pass", test_one_pass);
    CU_add_test(s, "kikan validate", test_cli_validate);
    CU_add_test(s, "plausibility: people, population, operator sizes", test_plausibility);
    CU_add_test(s, "--set overrides", test_set_overrides);
    CU_add_test(s, "policy files", test_policy_file);
    int rc = kikan_test_main();
    if (case_dir) {
        char cmd[600];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", case_dir);
        if (system(cmd) != 0) {
            rc = 1;
        }
        free(case_dir);
    }
    return rc;
}
