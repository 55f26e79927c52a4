/*
 * The structural screening (include/kikan/structure.h) as readable tables,
 * one JSON object, and a CSV of the single points of failure.
 *
 * DESIGN: only prints what kikan_structure_run computed; every figure names
 * its unit ("people" with per-sector factors, else "customers", each in its
 * sector's own unit, which the header says), and every output names kikan's
 * version, the scenario and its seed. The structure needs no time basis
 * except for the rail, aviation and airports units (passengers per day),
 * which the sector unit column carries.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "kikan/structure_io.h"
#include "kikan/text.h"
#include "kikan/version.h"
#include "models/world_impl.h"
#include "output/csv_table.h"
#include "output/h5_internal.h"
#include "scenarios/csv.h"
#include "sim/scope_impl.h"

static const char *const size_class_label[] = {"SME", "medium", "large", "very large"};

static const char *class_name(int c)
{
    return c >= 0 && c < 4 ? size_class_label[c] : "n/a";
}

static const char *asset_id(const kikan_world_t *w, kikan_id_t a)
{
    return kikan_strtab_get(&w->asset_ids, a);
}

static const char *op_id(const kikan_world_t *w, kikan_id_t o)
{
    return kikan_strtab_get(&w->operator_ids, o);
}

static const char *sector_id(const kikan_world_t *w, kikan_id_t s)
{
    return kikan_strtab_get(&w->sector_ids, s);
}

static const char *kind_name(const kikan_world_t *w, kikan_id_t a)
{
    const kikan_id_t k = w->assets[a].kind;
    return k >= 0 && k < w->kinds.n ? kikan_strtab_get(&w->kinds, k) : "";
}

/* 1 regulated, 0 not, -1 no scope compared */
static int regulated(const kikan_structure_t *s, kikan_id_t o)
{
    return s->op_regulated != NULL ? s->op_regulated[o] : -1;
}

static void one_line(FILE *f, const char *s)
{
    for (const char *c = s ? s : ""; *c; c++) {
        fputc(*c == '\n' || *c == '\r' ? ' ' : *c, f);
    }
}

/* ---- text --------------------------------------------------------------------------------- */

/* The single points of failure: the table, their dependents by sector, the regulated ones. */
static void print_spofs(FILE *f, const kikan_world_t *w, const kikan_structure_t *s, int top)
{
    const char *u = s->unit;
    fprintf(f,
            "Single points of failure: %d assets dominate another asset (every essential supply\n"
            "path of what depends on them alone runs through them). 'alone' = %s depending on\n"
            "the asset alone (dominator tree of the k = n dependencies); 'cut off' = %s cut off\n"
            "when it is lost for good (k-of-n cascade, all backups exhausted).\n",
            (int)s->n_spof, u, u);
    fprintf(f, "%4s  %-28s %-22s %-9s %-10s %3s %14s %7s %14s %7s %s\n", "rank", "asset",
            "operator", "sector", "size", "SME", "alone", "assets", "cut off", "assets",
            s->regulated_source ? "regulated" : "");
    const int n = top < (int)s->n_spof ? top : (int)s->n_spof;
    for (int i = 0; i < n; i++) {
        const kikan_id_t a = s->spof[i], o = w->assets[a].op;
        const int rg = regulated(s, o);
        fprintf(f, "%4d  %-28s %-22s %-9s %-10s %3s %14.0f %7d %14.0f %7d %s\n", i + 1,
                asset_id(w, a), op_id(w, o), sector_id(w, w->assets[a].sector),
                class_name(s->size_class[a]), w->operators[o].sme ? "yes" : "no", s->alone[a],
                (int)s->alone_assets[a], s->cascade[a], (int)s->cascade_assets[a],
                rg < 0 ? ""
                : rg   ? "yes"
                       : "NO");
    }
    if (n > 0) {
        fprintf(f, "\nDepending on them alone, by sector (%s):\n",
                s->people ? "people" : "each sector in its own unit");
        for (int i = 0; i < n; i++) {
            const kikan_id_t a = s->spof[i];
            fprintf(f, "%4d ", i + 1);
            for (kikan_id_t k = 0; k < s->n_sectors; k++) {
                const double x = s->alone_sector[(int64_t)a * s->n_sectors + k];
                if (x > 0) {
                    fprintf(f, " %s %.0f %s;", sector_id(w, k), x,
                            s->people ? "people"
                                      : (w->sectors[k].unit ? w->sectors[k].unit : "customers"));
                }
            }
            fputc('\n', f);
        }
    }
    if (s->regulated_source != NULL) {
        fprintf(f,
                "\nCompared with %s: %d of the %d single points of failure belong to\n"
                "unregulated operators (%.0f %s depending on them alone, nested ones counted "
                "again).\n",
                s->regulated_source, (int)s->n_spof_unregulated, (int)s->n_spof,
                s->spof_unregulated_alone, u);
    }
}

/* Operators by what depends on them alone; thin redundancy. */
static void print_operators(FILE *f, const kikan_world_t *w, const kikan_structure_t *s, int top)
{
    const char *u = s->unit;
    fprintf(f, "\nOperators by %s depending on them alone (all their assets lost together):\n", u);
    fprintf(f, "%4s  %-22s %-3s %14s %7s %14s %6s %12s %14s %s\n", "rank", "operator", "SME",
            "alone", "assets", "cut off", "SPOFs", "thin groups", "behind thin",
            s->regulated_source ? "regulated" : "");
    const int no = top < (int)s->n_operators ? top : (int)s->n_operators;
    for (int i = 0; i < no; i++) {
        const kikan_id_t o = s->op_rank[i];
        const int rg = regulated(s, o);
        fprintf(f, "%4d  %-22s %-3s %14.0f %7d %14.0f %6d %12d %14.0f %s\n", i + 1, op_id(w, o),
                w->operators[o].sme ? "yes" : "no", s->op_alone[o], (int)s->op_alone_assets[o],
                s->op_cascade[o], (int)s->op_spofs[o], (int)s->op_thin_groups[o],
                s->op_thin_customers[o],
                rg < 0 ? ""
                : rg   ? "yes"
                       : "NO");
    }
    fprintf(f,
            "\nThin redundancy: %d redundancy groups have n = k + 1 (one provider's loss leaves\n"
            "exactly k; the next stops the dependent); per operator in the table above.\n",
            (int)s->n_thin_groups);
}

/* Betweenness and articulation points. */
static void print_betweenness(FILE *f, const kikan_world_t *w, const kikan_structure_t *s, int top)
{
    fprintf(f,
            "\nBetweenness (directed dependency graph, shortest paths, unweighted); %d "
            "articulation points\n",
            (int)s->n_articulation);
    fprintf(f, "%4s  %-28s %-22s %-9s %14s %s\n", "rank", "asset", "operator", "sector",
            "betweenness", "articulation");
    const int nb = top < (int)s->n_assets ? top : (int)s->n_assets;
    for (int i = 0; i < nb; i++) {
        const kikan_id_t a = s->betweenness_rank[i];
        fprintf(f, "%4d  %-28s %-22s %-9s %14.1f %s\n", i + 1, asset_id(w, a),
                op_id(w, w->assets[a].op), sector_id(w, w->assets[a].sector), s->betweenness[a],
                s->articulation[a] ? "yes" : "no");
    }
}

/* Strongly connected blocks; the sectors' units. */
static void print_blocks(FILE *f, const kikan_world_t *w, const kikan_structure_t *s, int top)
{
    const char *u = s->unit;
    fprintf(f,
            "\nStrongly connected blocks of the dependency graph (cycles, e.g. power <-> "
            "telecom): %d\n",
            (int)s->n_blocks);
    const int nk = top < (int)s->n_blocks ? top : (int)s->n_blocks;
    for (int b = 0; b < nk; b++) {
        fprintf(f, "  block %d: %d assets (", b + 1, (int)s->block_size[b]);
        int first = 1;
        for (kikan_id_t k = 0; k < s->n_sectors; k++) {
            const kikan_id_t c = s->block_sector[(int64_t)b * s->n_sectors + k];
            if (c > 0) {
                fprintf(f, "%s%s %d", first ? "" : ", ", sector_id(w, k), (int)c);
                first = 0;
            }
        }
        fprintf(f, "), %.0f %s served directly\n", s->block_customers[b], u);
    }
    fprintf(f, "\nSector units:");
    for (kikan_id_t k = 0; k < s->n_sectors; k++) {
        fprintf(f, " %s=%s", sector_id(w, k), w->sectors[k].unit ? w->sectors[k].unit : "");
    }
    fputc('\n', f);
}

kikan_error_t kikan_structure_print(FILE *f, const kikan_world_t *w, const kikan_scenario_t *sc,
                                    const kikan_structure_t *s, int top)
{
    if (f == NULL || w == NULL || s == NULL) {
        return KIKAN_EINVAL;
    }
    const char *u = s->unit;
    fprintf(f, "kikan %s structure: scenario ", KIKAN_VERSION_STRING);
    one_line(f, sc ? sc->name : "");
    fprintf(f, ", seed %" PRIu64 "%s\n", sc ? sc->seed : 0,
            sc && sc->synthetic ? " (synthetic network)" : "");
    fprintf(f, "%d assets, %d operators; figures in %s%s\n\n", (int)s->n_assets,
            (int)s->n_operators, u,
            s->people ? "" : " (each sector's own unit, see the sectors table: sums mix units)");

    print_spofs(f, w, s, top);
    print_operators(f, w, s, top);
    print_betweenness(f, w, s, top);
    print_blocks(f, w, s, top);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* ---- JSON --------------------------------------------------------------------------------- */

static void json_reg(FILE *f, int rg)
{
    fputs(rg < 0 ? "null" : rg ? "true" : "false", f);
}

kikan_error_t kikan_structure_json_write(FILE *f, const kikan_world_t *w,
                                         const kikan_scenario_t *sc, const kikan_structure_t *s,
                                         int top)
{
    if (f == NULL || w == NULL || s == NULL) {
        return KIKAN_EINVAL;
    }
    fputs("{\"kikan_version\": ", f);
    kikan_json_string(f, KIKAN_VERSION_STRING);
    fputs(", \"analysis\": \"structure\", \"scenario\": ", f);
    kikan_json_string(f, sc ? sc->name : "");
    fprintf(f, ", \"seed\": %" PRIu64 ", \"synthetic\": %s, \"unit\": ", sc ? sc->seed : 0,
            sc && sc->synthetic ? "true" : "false");
    kikan_json_string(f, s->unit);
    fprintf(f,
            ", \"assets\": %d, \"operators\": %d, \"n_spof\": %d, \"thin_groups\": %d, "
            "\"articulation_points\": %d, \"blocks\": %d",
            (int)s->n_assets, (int)s->n_operators, (int)s->n_spof, (int)s->n_thin_groups,
            (int)s->n_articulation, (int)s->n_blocks);
    fputs(", \"sectors\": [", f);
    for (kikan_id_t k = 0; k < s->n_sectors; k++) {
        fputs(k ? ", {\"id\": " : "{\"id\": ", f);
        kikan_json_string(f, sector_id(w, k));
        fputs(", \"unit\": ", f);
        kikan_json_string(f, w->sectors[k].unit);
        fputc('}', f);
    }
    fputs("], \"compared_with\": ", f);
    if (s->regulated_source != NULL) {
        kikan_json_string(f, s->regulated_source);
        fprintf(f, ", \"spof_unregulated\": %d, \"spof_unregulated_alone\": ",
                (int)s->n_spof_unregulated);
        kikan_json_number(f, s->spof_unregulated_alone);
    } else {
        fputs("null", f);
    }
    fputs(", \"spof\": [", f);
    const int n = top < (int)s->n_spof ? top : (int)s->n_spof;
    for (int i = 0; i < n; i++) {
        const kikan_id_t a = s->spof[i], o = w->assets[a].op;
        fprintf(f, "%s{\"rank\": %d, \"asset\": ", i ? ", " : "", i + 1);
        kikan_json_string(f, asset_id(w, a));
        fputs(", \"kind\": ", f);
        kikan_json_string(f, kind_name(w, a));
        fputs(", \"operator\": ", f);
        kikan_json_string(f, op_id(w, o));
        fputs(", \"sector\": ", f);
        kikan_json_string(f, sector_id(w, w->assets[a].sector));
        fputs(", \"size_class\": ", f);
        kikan_json_string(f, class_name(s->size_class[a]));
        fprintf(f, ", \"sme\": %s, \"alone\": ", w->operators[o].sme ? "true" : "false");
        kikan_json_number(f, s->alone[a]);
        fprintf(f, ", \"alone_assets\": %d, \"cut_off\": ", (int)s->alone_assets[a]);
        kikan_json_number(f, s->cascade[a]);
        fprintf(f, ", \"cut_off_assets\": %d, \"articulation\": %s, \"regulated\": ",
                (int)s->cascade_assets[a], s->articulation[a] ? "true" : "false");
        json_reg(f, regulated(s, o));
        for (int pass = 0; pass < 2; pass++) {
            const double *by = pass ? s->cascade_sector : s->alone_sector;
            fputs(pass ? ", \"cut_off_by_sector\": {" : ", \"alone_by_sector\": {", f);
            for (kikan_id_t k = 0; k < s->n_sectors; k++) {
                fputs(k ? ", " : "", f);
                kikan_json_string(f, sector_id(w, k));
                fputs(": ", f);
                kikan_json_number(f, by[(int64_t)a * s->n_sectors + k]);
            }
            fputc('}', f);
        }
        fputc('}', f);
    }
    fputs("], \"operators\": [", f);
    const int no = top < (int)s->n_operators ? top : (int)s->n_operators;
    for (int i = 0; i < no; i++) {
        const kikan_id_t o = s->op_rank[i];
        fprintf(f, "%s{\"rank\": %d, \"operator\": ", i ? ", " : "", i + 1);
        kikan_json_string(f, op_id(w, o));
        fprintf(f, ", \"sme\": %s, \"alone\": ", w->operators[o].sme ? "true" : "false");
        kikan_json_number(f, s->op_alone[o]);
        fprintf(f, ", \"alone_assets\": %d, \"cut_off\": ", (int)s->op_alone_assets[o]);
        kikan_json_number(f, s->op_cascade[o]);
        fprintf(f, ", \"spofs\": %d, \"thin_groups\": %d, \"behind_thin\": ", (int)s->op_spofs[o],
                (int)s->op_thin_groups[o]);
        kikan_json_number(f, s->op_thin_customers[o]);
        fputs(", \"regulated\": ", f);
        json_reg(f, regulated(s, o));
        fputc('}', f);
    }
    fputs("], \"betweenness\": [", f);
    const int nb = top < (int)s->n_assets ? top : (int)s->n_assets;
    for (int i = 0; i < nb; i++) {
        const kikan_id_t a = s->betweenness_rank[i];
        fprintf(f, "%s{\"asset\": ", i ? ", " : "");
        kikan_json_string(f, asset_id(w, a));
        fputs(", \"betweenness\": ", f);
        kikan_json_number(f, s->betweenness[a]);
        fprintf(f, ", \"articulation\": %s}", s->articulation[a] ? "true" : "false");
    }
    fputs("], \"strong_blocks\": [", f);
    const int nk = top < (int)s->n_blocks ? top : (int)s->n_blocks;
    for (int b = 0; b < nk; b++) {
        fprintf(f, "%s{\"assets\": %d, \"customers\": ", b ? ", " : "", (int)s->block_size[b]);
        kikan_json_number(f, s->block_customers[b]);
        fputs(", \"sectors\": {", f);
        int first = 1;
        for (kikan_id_t k = 0; k < s->n_sectors; k++) {
            const kikan_id_t c = s->block_sector[(int64_t)b * s->n_sectors + k];
            if (c > 0) {
                fputs(first ? "" : ", ", f);
                kikan_json_string(f, sector_id(w, k));
                fprintf(f, ": %d", (int)c);
                first = 0;
            }
        }
        fputs("}}", f);
    }
    fputs("]}\n", f);
    return ferror(f) ? KIKAN_EIO : KIKAN_OK;
}

/* ---- files ----------------------------------------------------------------------------- */

typedef struct {
    const kikan_world_t *w;
    const kikan_scenario_t *sc;
    const kikan_structure_t *s;
    int top;
} body_arg_t;

/* The JSON object (a write error is the stream's: kikan_atomic_write reports it). */
static void json_body(FILE *f, const void *arg)
{
    const body_arg_t *a = arg;
    (void)kikan_structure_json_write(f, a->w, a->sc, a->s, a->top);
}

kikan_error_t kikan_structure_json_file(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                                        const kikan_scenario_t *sc, const kikan_structure_t *s,
                                        int top)
{
    if (ctx == NULL || path == NULL || w == NULL || s == NULL) {
        return KIKAN_EINVAL;
    }
    const body_arg_t a = {w, sc, s, top};
    return kikan_atomic_write(ctx, path, json_body, &a);
}

/* The recommendation's operators as the scope file lists them (/scope/regulated rows with
 * recommended = 1), by id; an id this world lacks is an error, not skipped. */
static kikan_error_t regulated_from_rows(kikan_ctx_t *ctx, const kikan_world_t *w,
                                         const kikan_scope_tables_t *scope, uint8_t *reg)
{
    for (int i = 0; i < scope->n_regulated; i++) {
        const kikan_scope_tab_regulated_t *x = &scope->regulated[i];
        if (!x->recommended) {
            continue;
        }
        const kikan_id_t o = kikan_world_find_operator(w, x->operator_id);
        if (o == KIKAN_NONE) {
            kikan_diag_add(ctx,
                           "scope file: /scope/regulated row %d names operator '%s', which this "
                           "scenario's world does not have",
                           i + 1, x->operator_id);
            return KIKAN_EINPUT;
        }
        reg[o] = 1;
    }
    return KIKAN_OK;
}

kikan_error_t kikan_structure_regulated_from_scope(kikan_ctx_t *ctx, const kikan_world_t *w,
                                                   const kikan_scope_result_t *result, uint8_t *reg)
{
    const kikan_scope_tables_t *scope = result != NULL ? result->tables : NULL;
    if (ctx == NULL || w == NULL || scope == NULL || reg == NULL) {
        return KIKAN_EINVAL;
    }
    memset(reg, 0, (size_t)w->n_operators);
    if (scope->n_regulated > 0) {
        return regulated_from_rows(ctx, w, scope, reg);
    }
    for (int c = 0; c < scope->n_criteria; c++) {
        const kikan_scope_tab_criterion_t *cr = &scope->criteria[c];
        const kikan_id_t s = kikan_world_find_sector(w, cr->sector);
        const kikan_id_t m = kikan_world_find_metric(w, cr->metric);
        if (s == KIKAN_NONE || m == KIKAN_NONE) {
            kikan_diag_add(ctx,
                           "scope file: criterion %d names sector '%s' and metric '%s', which "
                           "this scenario's world does not have",
                           c + 1, cr->sector, cr->metric);
            return KIKAN_EINPUT;
        }
        for (kikan_id_t o = 0; o < w->n_operators; o++) {
            const kikan_operator_t *op = &w->operators[o];
            int in = 0;
            for (int j = 0; j < op->n_sectors; j++) {
                in |= op->sectors[j] == s;
            }
            const double v = kikan_world_metric(w, o, m);
            if (in && !isnan(v) && v >= cr->recommended_threshold) {
                reg[o] = 1;
            }
        }
    }
    return KIKAN_OK;
}

/* ---- CSV ---------------------------------------------------------------------------------- */

static void csv_body(FILE *f, const void *arg)
{
    const body_arg_t *ba = arg;
    const kikan_world_t *w = ba->w;
    const kikan_scenario_t *sc = ba->sc;
    const kikan_structure_t *s = ba->s;
    fprintf(f, "# kikan %s, scenario ", KIKAN_VERSION_STRING);
    one_line(f, sc ? sc->name : "");
    fprintf(f, ", seed %" PRIu64 ", structure: single points of failure in %s%s\n",
            sc ? sc->seed : 0, s->unit, sc && sc->synthetic ? ", synthetic network" : "");
    fputs("rank,asset,kind,operator,sector,unit,size_class,sme,alone,alone_assets,cut_off,"
          "cut_off_assets,betweenness,articulation,regulated",
          f);
    for (int pass = 0; pass < 2; pass++) {
        for (kikan_id_t k = 0; k < s->n_sectors; k++) {
            fprintf(f, ",%s_", pass ? "cut_off" : "alone");
            kikan_csv_put_field(f, sector_id(w, k));
        }
    }
    fputc('\n', f);
    for (kikan_id_t i = 0; i < s->n_spof; i++) {
        const kikan_id_t a = s->spof[i], o = w->assets[a].op, k = w->assets[a].sector;
        const int rg = regulated(s, o);
        fprintf(f, "%d,", (int)i + 1);
        kikan_csv_put_field(f, asset_id(w, a));
        fputc(',', f);
        kikan_csv_put_field(f, kind_name(w, a));
        fputc(',', f);
        kikan_csv_put_field(f, op_id(w, o));
        fputc(',', f);
        kikan_csv_put_field(f, sector_id(w, k));
        fputc(',', f);
        kikan_csv_put_field(f, s->unit);
        fprintf(f, ",%s,%d,%.17g,%d,%.17g,%d,%.17g,%d,%s", class_name(s->size_class[a]),
                w->operators[o].sme, s->alone[a], (int)s->alone_assets[a], s->cascade[a],
                (int)s->cascade_assets[a], s->betweenness[a], s->articulation[a],
                rg < 0 ? ""
                : rg   ? "1"
                       : "0");
        for (kikan_id_t j = 0; j < 2 * s->n_sectors; j++) {
            const double *by = j < s->n_sectors ? s->alone_sector : s->cascade_sector;
            fprintf(f, ",%.17g", by[(int64_t)a * s->n_sectors + j % s->n_sectors]);
        }
        fputc('\n', f);
    }
}

kikan_error_t kikan_structure_csv_write(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                                        const kikan_scenario_t *sc, const kikan_structure_t *s)
{
    if (ctx == NULL || path == NULL || w == NULL || s == NULL) {
        return KIKAN_EINVAL;
    }
    const body_arg_t a = {w, sc, s, 0};
    return kikan_atomic_write(ctx, path, csv_body, &a);
}
