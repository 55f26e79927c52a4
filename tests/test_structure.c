/*
 * Tests of the structural screening (sim/structure.c, output/structure_out.c,
 * output/h5_structure.c, `kikan structure`) on the library's `tiny` scenario,
 * whose answer is derived by hand below.
 *
 * Hand derivation (scenarios/library/tiny/dependencies.csv). Essential
 * dependencies are the rows without a group (each its own group, k = n = 1);
 * the two 1-of-2 groups ("international" of EX_TOKYO: LS_CHIKURA, LS_SHIMA;
 * "core" of ATM_MEGA: CORE_MEGA, CORE_MEGA_DR) are not essential. Assets no
 * essential dependency enters: GEN_BAY and SS_OSAKA; the only cycle of the
 * essential graph, SS_TOKYO -> EX_TOKYO -> PWR_CC -> SS_TOKYO, is entered
 * from GEN_BAY, so the root's children are GEN_BAY and SS_OSAKA.
 * Immediate dominators (every supply path of the asset passes through it):
 *   GEN_BAY, SS_OSAKA: the root
 *   SS_TOKYO: GEN_BAY (its only way in); PWR_CC, EX_TOKYO: SS_TOKYO
 *   SS_CHIBA: GEN_BAY (fed by GEN_BAY and by PWR_CC, which hangs off SS_TOKYO)
 *   BS_TOKYO1, CTC_EAST, RAIL_LINE_E, ATC_TOKYO, CLEARING, CORE_MEGA: SS_TOKYO
 *     (each fed by SS_TOKYO and things SS_TOKYO dominates)
 *   ATM_MEGA: EX_TOKYO (its one essential provider)
 *   DC_INZAI, LS_CHIKURA, RAIL_AIRPORT: SS_CHIBA
 *   BS_CHIBA1 (SS_CHIBA + EX_TOKYO), AIR_OPS (ATC_TOKYO + DC_INZAI),
 *   APT_TERM, APT_BAGGAGE, CORE_TELFIN: GEN_BAY (paths via both SS_TOKYO and SS_CHIBA)
 *   EX_OSAKA, BS_OSAKA1, LS_SHIMA, CORE_MEGA_DR: SS_OSAKA
 * Single points of failure (assets dominating another), with what depends on
 * them alone (assets; customers served directly, summed):
 *   GEN_BAY  20 assets (all but SS_OSAKA's five): 44,933,000
 *   SS_TOKYO 10 assets: 900k + 1.2M + 1.5M + 2.5M + 24M + 8M = 38,100,000
 *   EX_TOKYO  2 assets (itself, ATM_MEGA): 1.2M + 8M = 9,200,000
 *   SS_OSAKA  5 assets: 500k + 800k + 700k = 2,000,000
 *   SS_CHIBA  4 assets (itself, DC_INZAI, LS_CHIKURA, RAIL_AIRPORT): 600k + 115k = 715,000
 * Cascade (k-of-n rule, lost for good): EX_TOKYO stops PWR_CC, which stops
 * SS_TOKYO and SS_CHIBA, hence everything GEN_BAY feeds but GEN_BAY itself:
 * 19 assets, 44,933,000 customers; SS_CHIBA stops its 4 plus BS_CHIBA1,
 * AIR_OPS, APT_TERM, APT_BAGGAGE and CORE_TELFIN: 9 assets, 6,833,000.
 * Thin redundancy (n = k + 1): the two 1-of-2 groups. Strongly connected
 * blocks of the whole dependency graph: one, {SS_TOKYO, PWR_CC, EX_TOKYO,
 * SS_CHIBA, LS_CHIKURA} (power 3, telecom 2; the international group closes
 * SS_CHIBA -> LS_CHIKURA -> EX_TOKYO).
 * Screening rules of tiny regulate BANK_M (deposits >= 1e13), and PWR_E,
 * PWR_S, GENCO (capacity >= 500 MW): of the five SPOFs only EX_TOKYO (TEL_M)
 * is unregulated.
 * All customer figures are integers below 2^53: sums are exact, compared with ==.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/structure_io.h"
#include "sim/scope_impl.h"
#include "tests/testutil.h"

#define TINY KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml"

typedef struct {
    kikan_ctx_t *ctx;
    kikan_scenario_t *sc;
    kikan_world_t *w;
    kikan_model_t *m;
} fix_t;

/* Copy scenario `src` to `dst` under another name, its tables (relative "tiny") made
   absolute. 0 on success. */
static int rename_scenario(const char *src, const char *dst, const char *name)
{
    FILE *in = fopen(src, "r"), *out = fopen(dst, "w");
    char line[1024];
    int ok = in != NULL && out != NULL;
    while (ok && fgets(line, sizeof(line), in) != NULL) {
        if (strncmp(line, "name: ", 6) == 0) {
            fprintf(out, "name: %s\n", name);
        } else if (strncmp(line, "  tables: tiny", 14) == 0) {
            fprintf(out, "  tables: %s/scenarios/library/tiny\n", KIKAN_SOURCE_DIR);
        } else {
            fputs(line, out);
        }
    }
    if (in != NULL) {
        fclose(in);
    }
    if (out != NULL && fclose(out) != 0) {
        ok = 0;
    }
    return ok ? 0 : -1;
}

static void fix_open(fix_t *f)
{
    memset(f, 0, sizeof(*f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(f->ctx, 1);
    CU_ASSERT_FATAL(kikan_scenario_load(f->ctx, TINY, &f->sc, &f->w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(f->ctx, f->w, f->sc, &f->m) == KIKAN_OK);
}

static void fix_close(fix_t *f)
{
    kikan_model_free(&f->m);
    kikan_world_free(&f->w);
    kikan_scenario_free(&f->sc);
    kikan_ctx_free(&f->ctx);
}

static kikan_id_t A(const fix_t *f, const char *id)
{
    kikan_id_t a = kikan_world_find_asset(f->w, id);
    CU_ASSERT_FATAL(a != KIKAN_NONE);
    return a;
}

static void test_tiny_spof(void)
{
    fix_t f;
    fix_open(&f);
    kikan_structure_t *s = NULL;
    CU_ASSERT_FATAL(kikan_structure_run(f.ctx, f.m, NULL, &s) == KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(s->unit, "customers");
    CU_ASSERT(s->regulated_source == NULL);
    /* the ranked SPOFs and what depends on each alone */
    const char *ids[] = {"GEN_BAY", "SS_TOKYO", "EX_TOKYO", "SS_OSAKA", "SS_CHIBA"};
    const kikan_id_t n_alone[] = {20, 10, 2, 5, 4};
    const double alone[] = {44933000, 38100000, 9200000, 2000000, 715000};
    CU_ASSERT_FATAL(s->n_spof == 5);
    for (int i = 0; i < 5; i++) {
        const kikan_id_t a = A(&f, ids[i]);
        CU_ASSERT(s->spof[i] == a);
        CU_ASSERT(s->alone_assets[a] == n_alone[i]);
        CU_ASSERT(s->alone[a] == alone[i]);
    }
    /* immediate dominators */
    CU_ASSERT(s->idom[A(&f, "GEN_BAY")] == KIKAN_NONE);
    CU_ASSERT(s->idom[A(&f, "SS_OSAKA")] == KIKAN_NONE);
    CU_ASSERT(s->idom[A(&f, "SS_TOKYO")] == A(&f, "GEN_BAY"));
    CU_ASSERT(s->idom[A(&f, "PWR_CC")] == A(&f, "SS_TOKYO"));
    CU_ASSERT(s->idom[A(&f, "SS_CHIBA")] == A(&f, "GEN_BAY"));
    CU_ASSERT(s->idom[A(&f, "ATM_MEGA")] == A(&f, "EX_TOKYO"));
    CU_ASSERT(s->idom[A(&f, "BS_CHIBA1")] == A(&f, "GEN_BAY"));
    CU_ASSERT(s->idom[A(&f, "AIR_OPS")] == A(&f, "GEN_BAY"));
    CU_ASSERT(s->idom[A(&f, "RAIL_LINE_E")] == A(&f, "SS_TOKYO"));
    CU_ASSERT(s->idom[A(&f, "CORE_MEGA_DR")] == A(&f, "SS_OSAKA"));
    /* non-SPOFs: only themselves */
    CU_ASSERT(s->alone_assets[A(&f, "CTC_EAST")] == 1);
    CU_ASSERT(s->alone[A(&f, "CTC_EAST")] == 0.0);
    CU_ASSERT(s->alone[A(&f, "BS_TOKYO1")] == 1500000);
    /* cascades */
    CU_ASSERT(s->cascade_assets[A(&f, "EX_TOKYO")] == 19);
    CU_ASSERT(s->cascade[A(&f, "EX_TOKYO")] == 44933000);
    CU_ASSERT(s->cascade_assets[A(&f, "SS_CHIBA")] == 9);
    CU_ASSERT(s->cascade[A(&f, "SS_CHIBA")] == 6833000);
    CU_ASSERT(s->cascade_assets[A(&f, "GEN_BAY")] == 20);
    /* one landing station alone stops nothing else (1-of-2) */
    CU_ASSERT(s->cascade_assets[A(&f, "LS_SHIMA")] == 1);
    /* every dominator set lies inside the cascade set */
    for (kikan_id_t a = 0; a < s->n_assets; a++) {
        CU_ASSERT(s->cascade_assets[a] >= s->alone_assets[a]);
        CU_ASSERT(s->cascade[a] >= s->alone[a]);
    }
    /* by sector: SS_CHIBA alone = 600,000 households (itself) + 115,000 passengers
       (RAIL_AIRPORT); every asset's sector split sums to its total (integers: exact) */
    const kikan_id_t S = s->n_sectors, chiba = A(&f, "SS_CHIBA");
    CU_ASSERT(s->alone_sector[chiba * S + kikan_world_find_sector(f.w, "power")] == 600000);
    CU_ASSERT(s->alone_sector[chiba * S + kikan_world_find_sector(f.w, "rail")] == 115000);
    CU_ASSERT(s->alone_sector[chiba * S + kikan_world_find_sector(f.w, "telecom")] == 0);
    for (kikan_id_t a = 0; a < s->n_assets; a++) {
        double sa = 0, sc = 0;
        for (kikan_id_t k = 0; k < S; k++) {
            sa += s->alone_sector[a * S + k];
            sc += s->cascade_sector[a * S + k];
        }
        CU_ASSERT(sa == s->alone[a]);
        CU_ASSERT(sc == s->cascade[a]);
    }
    /* thin redundancy and blocks */
    CU_ASSERT(s->n_thin_groups == 2);
    const kikan_id_t tel_m = kikan_world_find_operator(f.w, "TEL_M");
    const kikan_id_t bank_m = kikan_world_find_operator(f.w, "BANK_M");
    CU_ASSERT(s->op_thin_groups[tel_m] == 1);
    CU_ASSERT(s->op_thin_customers[tel_m] == 1200000);
    CU_ASSERT(s->op_thin_groups[bank_m] == 1);
    CU_ASSERT(s->op_thin_customers[bank_m] == 8000000);
    CU_ASSERT_FATAL(s->n_blocks == 1);
    CU_ASSERT(s->block_size[0] == 5);
    CU_ASSERT(s->block_sector[0 * s->n_sectors + kikan_world_find_sector(f.w, "power")] == 3);
    CU_ASSERT(s->block_sector[0 * s->n_sectors + kikan_world_find_sector(f.w, "telecom")] == 2);
    CU_ASSERT(s->asset_block[A(&f, "LS_CHIKURA")] == 0);
    CU_ASSERT(s->asset_block[A(&f, "LS_SHIMA")] == KIKAN_NONE);
    /* operators: GENCO's one asset is GEN_BAY; PWR_E's assets together cut 19 from the root */
    const kikan_id_t genco = kikan_world_find_operator(f.w, "GENCO");
    const kikan_id_t pwr_e = kikan_world_find_operator(f.w, "PWR_E");
    CU_ASSERT(s->op_alone[genco] == 44933000);
    CU_ASSERT(s->op_alone_assets[pwr_e] == 19);
    CU_ASSERT(s->op_spofs[pwr_e] == 2);
    /* the operator ranking puts PWR_E (44,933,000, 19 assets) first: ties broken by cut off,
       then by row (PWR_E before GENCO) */
    CU_ASSERT(s->op_rank[0] == pwr_e);
    CU_ASSERT(s->op_rank[1] == genco);
    kikan_structure_free(&s);
    CU_ASSERT(s == NULL);
    kikan_structure_free(&s);
    fix_close(&f);
}

static void test_people_and_scope(void)
{
    fix_t f;
    fix_open(&f);
    const kikan_id_t S = kikan_world_n_sectors(f.w), O = kikan_world_n_operators(f.w);
    double *ppl = calloc((size_t)S, sizeof(double));
    uint8_t *reg = calloc((size_t)O, 1), *cls = calloc(64, 1);
    CU_ASSERT_FATAL(ppl != NULL && reg != NULL && cls != NULL);
    for (kikan_id_t k = 0; k < S; k++) {
        ppl[k] = 1.0;
    }
    ppl[kikan_world_find_sector(f.w, "power")] = 2.25; /* people per household */
    kikan_policy_t pol;
    CU_ASSERT_FATAL(kikan_policy_from_scenario(f.m, f.sc, reg, cls, &pol) == KIKAN_OK);
    kikan_structure_options_t opt = {ppl, reg, "the rules"};
    kikan_structure_t *s = NULL;
    CU_ASSERT_FATAL(kikan_structure_run(f.ctx, f.m, &opt, &s) == KIKAN_OK);
    CU_ASSERT_STRING_EQUAL(s->unit, "people");
    /* SS_CHIBA alone: 600k households x 2.25 + 115k passengers = 1,465,000 people */
    CU_ASSERT(s->alone[A(&f, "SS_CHIBA")] == 1465000);
    /* only EX_TOKYO's operator (TEL_M) is unregulated among the SPOFs */
    CU_ASSERT(s->n_spof_unregulated == 1);
    CU_ASSERT(s->spof_unregulated_alone == 9200000);
    CU_ASSERT_STRING_EQUAL(s->regulated_source, "the rules");
    /* the text names the unregulated SPOF */
    char *buf = NULL;
    size_t len = 0;
    FILE *mf = open_memstream(&buf, &len);
    CU_ASSERT_FATAL(mf != NULL);
    CU_ASSERT(kikan_structure_print(mf, f.w, f.sc, s, 10) == KIKAN_OK);
    fclose(mf);
    CU_ASSERT(strstr(buf, "1 of the 5 single points of failure") != NULL);
    CU_ASSERT(strstr(buf, "figures in people") != NULL);
    CU_ASSERT(strstr(buf, "seed 2385") != NULL);
    free(buf);
    kikan_structure_free(&s);
    /* a negative factor is refused with a diagnostic */
    ppl[0] = -1.0;
    CU_ASSERT(kikan_structure_run(f.ctx, f.m, &opt, &s) == KIKAN_EINPUT);
    CU_ASSERT(s == NULL);
    CU_ASSERT(kikan_diag_count(f.ctx) > 0);
    kikan_diag_clear(f.ctx);
    ppl[0] = NAN;
    CU_ASSERT(kikan_structure_run(f.ctx, f.m, &opt, &s) == KIKAN_EINPUT);
    kikan_diag_clear(f.ctx);
    CU_ASSERT(kikan_structure_run(NULL, f.m, NULL, &s) == KIKAN_EINVAL);
    CU_ASSERT(kikan_structure_run(f.ctx, NULL, NULL, &s) == KIKAN_EINVAL);
    CU_ASSERT(kikan_structure_run(f.ctx, f.m, NULL, NULL) == KIKAN_EINVAL);
    free(ppl);
    free(reg);
    free(cls);
    fix_close(&f);
}

/*
 * A scope file's recommendation as a set of regulated operators: tiny's
 * operators with deposits_jpy >= 1e13 in banking (BANK_M: 1.2e14; TELFIN's
 * 2e12 is below) and customers >= 3e6 in telecom (TEL_M 4.5e6, TELFIN 3e6:
 * ">=" takes the equal one). INFINITY regulates nobody of its sector.
 */
static void test_regulated_from_scope(void)
{
    fix_t f;
    fix_open(&f);
    const kikan_id_t O = kikan_world_n_operators(f.w);
    uint8_t *reg = calloc((size_t)O, 1);
    CU_ASSERT_FATAL(reg != NULL);
    kikan_scope_tab_criterion_t cr[3] = {{"banking", "deposits_jpy", 3, 1e13, 1, NAN, NAN},
                                         {"telecom", "customers", 3, 3e6, 2, NAN, NAN},
                                         {"power", "capacity_mw", 3, INFINITY, 0, NAN, NAN}};
    kikan_scope_tables_t sc;
    memset(&sc, 0, sizeof(sc));
    sc.criteria = cr;
    sc.n_criteria = 3;
    kikan_scope_result_t res; /* a scope result read from a file: its tables only */
    memset(&res, 0, sizeof(res));
    res.from_file = 1;
    res.tables = &sc;
    CU_ASSERT(kikan_structure_regulated_from_scope(f.ctx, f.w, &res, reg) == KIKAN_OK);
    int n = 0;
    for (kikan_id_t o = 0; o < O; o++) {
        n += reg[o];
    }
    CU_ASSERT(n == 3);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "BANK_M")] == 1);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "TEL_M")] == 1);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "TELFIN")] == 1);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "PWR_E")] == 0);
    /* a criterion this world does not have */
    cr[0].sector = "gas";
    CU_ASSERT(kikan_structure_regulated_from_scope(f.ctx, f.w, &res, reg) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(f.ctx) == 1);
    CU_ASSERT(kikan_structure_regulated_from_scope(f.ctx, f.w, NULL, reg) == KIKAN_EINVAL);
    /* a file with /scope/regulated rows: those marked recommended, whatever the criteria say
       (PWR_E is regulated though power's threshold is inf; TEL_M is listed, but at a later
       point than the recommendation) */
    cr[0].sector = "banking";
    kikan_scope_tab_regulated_t rows[3] = {
        {0, "BANK_M", "Megabank", "banking", "deposits_jpy", 1.2e14, 0, 1},
        {1, "PWR_E", "Power East", "power", "capacity_mw", 1, 0, 1},
        {2, "TEL_M", "Mobile", "telecom", "customers", 4.5e6, 0, 0}};
    sc.regulated = rows;
    sc.n_regulated = 3;
    CU_ASSERT(kikan_structure_regulated_from_scope(f.ctx, f.w, &res, reg) == KIKAN_OK);
    n = 0;
    for (kikan_id_t o = 0; o < O; o++) {
        n += reg[o];
    }
    CU_ASSERT(n == 2);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "BANK_M")] == 1);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "PWR_E")] == 1);
    CU_ASSERT(reg[kikan_world_find_operator(f.w, "TEL_M")] == 0);
    /* an operator this world does not have */
    rows[1].operator_id = "PWR_X";
    kikan_diag_clear(f.ctx);
    CU_ASSERT(kikan_structure_regulated_from_scope(f.ctx, f.w, &res, reg) == KIKAN_EINPUT);
    CU_ASSERT(kikan_diag_count(f.ctx) == 1);
    free(reg);
    fix_close(&f);
}

/* Load a scenario whose network is the GML text `gml`, and analyse it. */
static kikan_structure_t *analyse_gml(fix_t *f, const char *dir, const char *gml)
{
    char path[1100];
    memset(f, 0, sizeof(*f));
    CU_ASSERT_FATAL(kikan_ctx_new(&f->ctx) == KIKAN_OK);
    kikan_ctx_set_quiet(f->ctx, 1);
    snprintf(path, sizeof(path), "%s/n.gml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, gml));
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "kikan: 1\nname: g\nnetwork: {graphml: n.gml}\n"
                                           "time: {horizon_hours: 5, step_hours: 1}\nwhatifs:\n"
                                           "  - name: w\n    events:\n      - assets: [\"1\"]\n"
                                           "        forcing: true\n"));
    CU_ASSERT_FATAL(kikan_scenario_load(f->ctx, path, &f->sc, &f->w) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_model_compile(f->ctx, f->w, f->sc, &f->m) == KIKAN_OK);
    kikan_structure_t *s = NULL;
    CU_ASSERT_FATAL(kikan_structure_run(f->ctx, f->m, NULL, &s) == KIKAN_OK);
    return s;
}

/*
 * Edge cases of the root construction. One asset: no SPOF, no block, nothing
 * depends on it but itself. A pure loop A <-> B (both essential, nothing
 * enters it) is a source block: the root reaches both, so neither dominates
 * the other, yet C, fed by A alone, is dominated by A (alone: A and C,
 * 5 + 7 = 12 customers); A's loss stops B too (cascade 3 assets, 5+6+7 = 18).
 */
static void test_edge_cases(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_FATAL(dir != NULL);
    fix_t f;
    kikan_structure_t *s =
        analyse_gml(&f, dir,
                    "graph [ directed 1\n node [ id 1 label \"A\" operator \"O\" sector \"power\" "
                    "kind \"plant\" customers 5 ]\n]\n");
    CU_ASSERT(s->n_assets == 1 && s->n_spof == 0 && s->n_blocks == 0 && s->n_thin_groups == 0);
    CU_ASSERT(s->alone_assets[0] == 1 && s->alone[0] == 5 && s->cascade_assets[0] == 1);
    CU_ASSERT(s->idom[0] == KIKAN_NONE);
    CU_ASSERT(s->betweenness[0] == 0.0 && s->n_articulation == 0);
    kikan_structure_free(&s);
    fix_close(&f);

    s = analyse_gml(&f, dir,
                    "graph [ directed 1\n"
                    " node [ id 1 operator \"O\" sector \"power\" kind \"k\" customers 5 ]\n"
                    " node [ id 2 operator \"O\" sector \"power\" kind \"k\" customers 6 ]\n"
                    " node [ id 3 operator \"P\" sector \"power\" kind \"k\" customers 7 ]\n"
                    " edge [ source 1 target 2 resource \"power\" ]\n"
                    " edge [ source 2 target 1 resource \"control\" ]\n"
                    " edge [ source 1 target 3 resource \"power\" ]\n]\n");
    const kikan_id_t a = kikan_world_find_asset(f.w, "1"), b = kikan_world_find_asset(f.w, "2"),
                     c = kikan_world_find_asset(f.w, "3");
    CU_ASSERT_FATAL(a != KIKAN_NONE && b != KIKAN_NONE && c != KIKAN_NONE);
    CU_ASSERT(s->idom[a] == KIKAN_NONE && s->idom[b] == KIKAN_NONE && s->idom[c] == a);
    CU_ASSERT(s->n_spof == 1 && s->spof[0] == a);
    CU_ASSERT(s->alone[a] == 12 && s->alone_assets[a] == 2);
    CU_ASSERT(s->cascade[a] == 18 && s->cascade_assets[a] == 3);
    CU_ASSERT(s->cascade_assets[b] == 3); /* B stops A, which stops C */
    CU_ASSERT(s->n_blocks == 1 && s->block_size[0] == 2);
    kikan_structure_free(&s);
    fix_close(&f);
    free(dir);
}

static void test_cli(void)
{
    char *out = NULL, *errs = NULL;
    char *dir = kikan_test_tmpdir();
    char cmd[8192], path[1024];
    CU_ASSERT_FATAL(dir != NULL);
    /* text */
    snprintf(cmd, sizeof(cmd), "structure %s --quiet", TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    CU_ASSERT(out != NULL && strstr(out, "GEN_BAY") != NULL);
    CU_ASSERT(out != NULL && strstr(out, "kikan 0.") != NULL);
    free(out);
    free(errs);
    /* JSON */
    snprintf(cmd, sizeof(cmd), "structure %s --json --top 3", TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    CU_ASSERT(out != NULL && strncmp(out, "{\"kikan_version\": ", 18) == 0);
    CU_ASSERT(out != NULL && strstr(out, "\"n_spof\": 5") != NULL);
    CU_ASSERT(out != NULL && strstr(out, "\"rank\": 4") == NULL); /* --top 3 */
    CU_ASSERT(out != NULL && strstr(out, "\"seed\": 2385") != NULL);
    free(out);
    free(errs);
    /* CSV, atomically written */
    snprintf(path, sizeof(path), "%s/spof.csv", dir);
    snprintf(cmd, sizeof(cmd), "structure %s --quiet -o %s", TINY, path);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    char *csv = kikan_test_slurp(path);
    CU_ASSERT_FATAL(csv != NULL);
    CU_ASSERT(strncmp(csv, "# kikan ", 8) == 0);
    CU_ASSERT(strstr(csv, "scenario tiny, seed 2385") != NULL);
    CU_ASSERT(strstr(csv, ",regulated,alone_power,alone_telecom,") != NULL);
    /* in people: GEN_BAY's 44,933,000 customers are 1.5 M households x 2.2 + 3.6 M
       subscribers x 0.49 + 2.615 M rail passengers a day x 0.5 + 110,000 air passengers x 1 +
       108,000 airport passengers x 0.5 + 37 M accounts x 0.23 = 15,045,500 people */
    CU_ASSERT(strstr(csv, "\n1,GEN_BAY,power_plant,GENCO,power,people,large,0,15045500,20,") !=
              NULL);
    CU_ASSERT(strstr(csv, "\n3,EX_TOKYO,exchange,TEL_M,telecom,people,very large,0,2428000,2,"
                          "15045500,19,") != NULL);
    free(csv);
    /* HDF5 results file with /structure, read back */
    snprintf(path, sizeof(path), "%s/s.h5", dir);
    snprintf(cmd, sizeof(cmd), "structure %s --quiet -o %s", TINY, path);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    kikan_ctx_t *ctx = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    kikan_h5_structure_t *hs = NULL;
    CU_ASSERT(kikan_h5_read_structure(ctx, path, &hs) == KIKAN_OK);
    CU_ASSERT_FATAL(hs != NULL);
    CU_ASSERT(hs->n_spof == 5 && hs->n_rows == 5);
    CU_ASSERT_STRING_EQUAL(hs->spof[0].asset, "GEN_BAY");
    CU_ASSERT(hs->spof[0].alone == 15045500);
    CU_ASSERT(hs->spof[2].regulated == 0);
    CU_ASSERT(hs->spof[0].regulated == 1);
    CU_ASSERT_STRING_EQUAL(hs->compared_with, "the scenario's screening rules");
    kikan_h5_structure_free(&hs);
    CU_ASSERT(hs == NULL);
    /* the results part is a normal results file */
    kikan_results_t *res = NULL;
    CU_ASSERT(kikan_h5_read(ctx, path, &res) == KIKAN_OK);
    kikan_results_free(&res);
    /* the report shows the single points of failure; a plain run's report does not */
    char html[1100];
    snprintf(html, sizeof(html), "%s/s.html", dir);
    snprintf(cmd, sizeof(cmd), "report %s -o %s --quiet", path, html);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    char *page = kikan_test_slurp(html);
    CU_ASSERT_FATAL(page != NULL);
    CU_ASSERT(strstr(page, "<h2>Single points of failure</h2>") != NULL);
    CU_ASSERT(strstr(page, "<b>1 of the 5</b> belong to unregulated operators") != NULL);
    CU_ASSERT(strstr(page, "EX_TOKYO") != NULL);
    free(page);
    snprintf(cmd, sizeof(cmd), "run %s --replicates 4 --quiet -o %s/run.h5", TINY, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd), "report %s/run.h5 -o %s --quiet", dir, html);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    page = kikan_test_slurp(html);
    CU_ASSERT_FATAL(page != NULL);
    CU_ASSERT(strstr(page, "Single points of failure") == NULL);
    free(page);
    /* the reader: a plain run has no /structure; a file that is not HDF5 is refused */
    snprintf(path, sizeof(path), "%s/run.h5", dir);
    hs = (kikan_h5_structure_t *)1;
    CU_ASSERT(kikan_h5_read_structure(ctx, path, &hs) == KIKAN_OK);
    CU_ASSERT(hs == NULL);
    CU_ASSERT(kikan_h5_read_structure(ctx, TINY, &hs) == KIKAN_EFORMAT);
    CU_ASSERT(hs == NULL);
    CU_ASSERT(kikan_diag_count(ctx) >= 1);
    kikan_diag_clear(ctx);
    CU_ASSERT(kikan_h5_read_structure(ctx, NULL, &hs) == KIKAN_EINVAL);
    /* --scope with a scope results file: compared with its recommendation */
    snprintf(cmd, sizeof(cmd), "scope %s --replicates 4 --quiet -o %s/scope.h5", TINY, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd), "structure %s --quiet --json --scope %s/scope.h5", TINY, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    CU_ASSERT(out != NULL && strstr(out, "\"compared_with\": \"the recommended scope of ") != NULL);
    CU_ASSERT(out != NULL && strstr(out, "\"spof_unregulated\": ") != NULL);
    free(out);
    free(errs);
    /* --scope with a file without a scope analysis: usage error */
    snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s", TINY, path);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    CU_ASSERT(errs != NULL && strstr(errs, "no scope analysis") != NULL);
    free(out);
    free(errs);
    /* --scope with something that is not HDF5 */
    snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s", TINY, TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    CU_ASSERT(errs != NULL && strstr(errs, "not an HDF5 file") != NULL);
    free(out);
    free(errs);
    /* --scope with a truncated results file (a copy cut short, the HDF5 signature intact):
       a damaged input, exit 2 naming the file, as kikan report says it */
    {
        char src[700], cut[700];
        snprintf(src, sizeof(src), "%s/scope.h5", dir);
        snprintf(cut, sizeof(cut), "%s/scope_cut.h5", dir);
        char *whole = NULL;
        size_t len = 0;
        FILE *in = fopen(src, "rb");
        CU_ASSERT_FATAL(in != NULL);
        fseek(in, 0, SEEK_END);
        len = (size_t)ftell(in);
        rewind(in);
        whole = malloc(len);
        CU_ASSERT_FATAL(whole != NULL && fread(whole, 1, len, in) == len);
        fclose(in);
        FILE *o = fopen(cut, "wb");
        CU_ASSERT_FATAL(o != NULL);
        CU_ASSERT(fwrite(whole, 1, len / 2, o) == len / 2);
        fclose(o);
        free(whole);
        snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s", TINY, cut);
        CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
        CU_ASSERT(errs != NULL && strstr(errs, cut) != NULL && strstr(errs, "damaged") != NULL);
        free(out);
        free(errs);
    }
    /* --scope with the scope file of another scenario (tiny's, whose recommendation regulates
       TEL_M at 8 replicates; the GraphML example has no such operator): exit 2, the message
       names the file and both scenarios */
    snprintf(cmd, sizeof(cmd), "scope %s --replicates 8 --quiet -o %s/scope8.h5", TINY, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd),
             "structure %s/scenarios/library/graphml-example.yaml --quiet --scope %s/scope8.h5",
             KIKAN_SOURCE_DIR, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    {
        char want[800];
        snprintf(want, sizeof(want), "%s/scope8.h5: ", dir);
        CU_ASSERT(errs != NULL && strstr(errs, "'TEL_M'") != NULL && strstr(errs, want) != NULL);
        CU_ASSERT(errs != NULL && strstr(errs, "of scenario 'tiny', not of 'graphml-example'"));
    }
    free(out);
    free(errs);
    /* another scenario of the same world (tiny with another name): compared, with a warning
       naming both scenarios; the same scenario: no warning */
    {
        char renamed[700];
        snprintf(renamed, sizeof(renamed), "%s/tiny-renamed.yaml", dir);
        CU_ASSERT_FATAL(rename_scenario(TINY, renamed, "tiny-renamed") == 0);
        snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s/scope8.h5", renamed, dir);
        CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
        CU_ASSERT(errs != NULL && strstr(errs, "warning: ") != NULL &&
                  strstr(errs, "of scenario 'tiny', not of 'tiny-renamed'") != NULL);
        free(out);
        free(errs);
        snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s/scope8.h5", TINY, dir);
        CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
        CU_ASSERT(errs == NULL || strstr(errs, "warning") == NULL);
        free(out);
        free(errs);
    }
    /* --scope with a file that does not exist: said so (not "not an HDF5 file"), exit 2 */
    snprintf(cmd, sizeof(cmd), "structure %s --quiet --scope %s/no-such.h5", TINY, dir);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    CU_ASSERT(errs != NULL && strstr(errs, "no such file") != NULL);
    free(out);
    free(errs);
    kikan_ctx_free(&ctx);
    /* the built-in network (31,156 assets): runs and ranks the substations that feed most
       first (the timing, < 1 s here, is measured in docs/structure.md, not asserted) */
    snprintf(cmd, sizeof(cmd), "structure %s/scenarios/library/default.yaml --json --top 3",
             KIKAN_SOURCE_DIR);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 0);
    CU_ASSERT(out != NULL && strstr(out, "\"spof\": [{\"rank\": 1, \"asset\": \"pw-") != NULL);
    const char *ns = out ? strstr(out, "\"n_spof\": ") : NULL;
    CU_ASSERT(ns != NULL && atoi(ns + 10) > 100);
    free(out);
    free(errs);
    /* usage errors */
    CU_ASSERT(kikan_test_cli("structure", &out, &errs) == 2);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd), "structure %s --top 0", TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    free(out);
    free(errs);
    snprintf(cmd, sizeof(cmd), "structure %s --bogus", TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    free(out);
    free(errs);
    CU_ASSERT(kikan_test_cli("structure /nonexistent/x.yaml", &out, &errs) == 2);
    free(out);
    free(errs);
    /* an unwritable output is refused before the analysis */
    snprintf(cmd, sizeof(cmd), "structure %s -o /nonexistent/dir/x.csv", TINY);
    CU_ASSERT(kikan_test_cli(cmd, &out, &errs) == 2);
    free(out);
    free(errs);
    free(dir);
}

int main(void)
{
    CU_initialize_registry();
    CU_pSuite s = CU_add_suite("structure", NULL, NULL);
    CU_add_test(s, "tiny: SPOFs equal the hand derivation", test_tiny_spof);
    CU_add_test(s, "people factors and the scope comparison", test_people_and_scope);
    CU_add_test(s, "regulated operators from a scope file", test_regulated_from_scope);
    CU_add_test(s, "one asset, a source loop", test_edge_cases);
    CU_add_test(s, "command line", test_cli);
    return kikan_test_main();
}
