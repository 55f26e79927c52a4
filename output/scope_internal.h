/*
 * Private to output/: the pieces of the scope analysis's outputs shared by the
 * terminal and JSON writer (output/scope_out.c) and the CSV tables
 * (output/scope_csv.c), so that every output names operators and compromises
 * the same way.
 */
#ifndef KIKAN_OUTPUT_SCOPE_INTERNAL_H
#define KIKAN_OUTPUT_SCOPE_INTERNAL_H

#include <stdio.h>
#include "kikan/scope.h"

/** The sector, metric and size under which op is regulated (its first criterion); sector
 *  alone (its first) when no criterion catches it; NULLs and NaN when neither. O(1). */
void kikan_scope_op_size(const kikan_world_t *w, const kikan_scope_result_t *r, kikan_id_t op,
                         const char **sector, const char **metric, double *size);
/** Compromise c's readable label into buf[n]: "vendor V (name), class C", "contractor M
 *  (name)" or "what-if W"; "-" for c < 0. O(1). */
void kikan_scope_comp_label(char *buf, size_t n, const kikan_world_t *w,
                            const kikan_scope_result_t *r, int c);
/** The --set overrides as a JSON array of "KEY=VALUE" strings ([] when none). */
void kikan_scope_json_overrides(FILE *f, const kikan_scope_result_t *r);

#endif
