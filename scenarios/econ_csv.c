/*
 * Reader of the scenario's A* table (economics.astar, docs/scenario-format.md
 * "Economics"): a square table whose header and first column name the
 * sectors, checked like the other scenario tables.
 *
 * DESIGN: rows and columns are matched to sectors by id, not by position, so
 * a table exported from a spreadsheet in another order is read correctly and
 * a missing, extra or misspelt sector is an error naming the file and line
 * (with a did-you-mean) instead of a silently shifted matrix. The
 * whole-matrix conditions (I - A* invertible, spectral radius < 1) come from
 * kikan_iim_check once every entry is known to be good.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kikan/iim.h"
#include "models/world_impl.h"
#include "scenarios/csv.h"
#include "scenarios/loader.h"

kikan_error_t kikan_astar_load(kikan_ctx_t *ctx, const char *path, const kikan_world_t *w,
                               double *astar, int *problems)
{
    kikan_error_t err = KIKAN_OK;
    kikan_csv_t *csv = NULL;
    const char **req = NULL;
    int *col = NULL, *row_line = NULL;
    const kikan_id_t S = w->n_sectors;
    const kikan_strtab_t *ids = &w->sector_ids;
    int bad = 0;

    err = kikan_csv_open(ctx, path, path, &csv);
    if (err == KIKAN_EIO || err == KIKAN_EINPUT) {
        bad++;
        err = KIKAN_OK;
        goto cleanup;
    }
    KIKAN_CHECK(err);
    KIKAN_CHECK_ALLOC(req = calloc((size_t)S + 2, sizeof(*req)));
    KIKAN_CHECK_ALLOC(col = calloc((size_t)S + 1, sizeof(*col)));
    KIKAN_CHECK_ALLOC(row_line = calloc((size_t)S + 1, sizeof(*row_line)));
    const int c_sector = kikan_csv_col(csv, "sector");
    kikan_csv_set_key(csv, c_sector);
    req[0] = "sector";
    for (kikan_id_t s = 0; s < S; s++) {
        req[s + 1] = kikan_strtab_get(ids, s);
        col[s] = kikan_csv_col(csv, req[s + 1]);
    }
    if (kikan_csv_check_header(csv, req, 1) > 0) {
        goto done;
    }
    for (;;) {
        int has = 0;
        KIKAN_CHECK(kikan_csv_next(csv, &has));
        if (!has) {
            break;
        }
        const char *id = NULL;
        if (!kikan_csv_required(csv, c_sector, &id)) {
            continue;
        }
        const kikan_id_t i = kikan_strtab_find(ids, id);
        if (i == KIKAN_NONE) {
            const char *sug = kikan_suggest(id, (const char *const *)ids->str, ids->n);
            if (sug != NULL) {
                kikan_csv_error(csv, "sector: unknown sector '%s' (did you mean '%s'?)", id, sug);
            } else {
                kikan_csv_error(csv, "sector: unknown sector '%s'", id);
            }
            continue;
        }
        if (row_line[i] != 0) {
            kikan_csv_error(csv, "sector: a second row for sector '%s' (first on line %d)", id,
                            row_line[i]);
            continue;
        }
        row_line[i] = kikan_csv_line(csv);
        for (kikan_id_t j = 0; j < S; j++) {
            double v = 0.0;
            if (kikan_csv_str(csv, col[j])[0] == '\0') {
                kikan_csv_error(csv, "%s: required value is empty", req[j + 1]);
            } else if (kikan_csv_number(csv, col[j], 0.0, &v)) {
                astar[(size_t)i * (size_t)S + (size_t)j] = v;
            }
        }
    }
    for (int i = 0; i < kikan_csv_n_skipped(csv); i++) {
        const kikan_id_t s = kikan_strtab_find(ids, kikan_csv_skipped(csv, i));
        if (s != KIKAN_NONE && row_line[s] == 0) {
            row_line[s] = -1; /* its row is reported already (wrong field count) */
        }
    }
    for (kikan_id_t s = 0; s < S; s++) {
        if (row_line[s] == 0) {
            KIKAN_CHECK(kikan_diag_add(ctx, "%s:%d: no row for sector '%s'", path,
                                       kikan_csv_header_line(csv), req[s + 1]));
            bad++;
        }
    }
done:
    if (kikan_csv_n_errors(csv) == 0 && bad == 0) {
        err = kikan_iim_check(ctx, path, S, astar, NULL, NULL);
        if (err == KIKAN_EINPUT) {
            bad++;
            err = KIKAN_OK;
        }
        KIKAN_CHECK(err);
    }
cleanup:
    *problems += bad + (csv != NULL ? kikan_csv_n_errors(csv) : 0);
    kikan_csv_close(&csv);
    free(req);
    free(col);
    free(row_line);
    return err;
}
