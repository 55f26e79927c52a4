/*
 * Did-you-mean suggestions (kikan/suggest.h): the one helper behind every
 * "unknown X 'y' (did you mean 'z'?)" of the scenario loaders and the command
 * line.
 */
#include <stddef.h>
#include <string.h>
#include "kikan/suggest.h"

/* longest word compared (bytes), and shortest word completed as a prefix */
enum { SUGGEST_MAX = 64, PREFIX_MIN = 3 };

/*
 * Edit distance between a and b (both at most SUGGEST_MAX bytes), counting an
 * adjacent transposition as one edit (optimal string alignment): "nmae" is
 * one edit from "name", as a typist would see it. Three-row DP.
 */
static int edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    int rows[3][SUGGEST_MAX + 1];
    int *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++) {
        prev[j] = (int)j;
    }
    for (size_t i = 1; i <= la; i++) {
        cur[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
            int del = prev[j] + 1;
            int ins = cur[j - 1] + 1;
            int m = sub < del ? sub : del;
            m = m < ins ? m : ins;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < m) {
                m = prev2[j - 2] + 1;
            }
            cur[j] = m;
        }
        int *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb];
}

static size_t common_prefix(const char *a, const char *b)
{
    size_t k = 0;
    while (a[k] != '\0' && a[k] == b[k]) {
        k++;
    }
    return k;
}

const char *kikan_suggest(const char *word, const char *const *cands, int n)
{
    size_t lw = word ? strlen(word) : 0;
    if (lw == 0 || lw > SUGGEST_MAX) {
        return NULL;
    }
    int limit = (int)lw / 3 > 1 ? (int)lw / 3 : 1;
    if (limit >= (int)lw) {
        limit = (int)lw - 1;
    }
    const char *best = NULL;
    int best_d = limit + 1;
    for (int i = 0; i < n; i++) {
        size_t lc = strlen(cands[i]);
        if (lc > SUGGEST_MAX || (lc > lw ? lc - lw : lw - lc) > (size_t)limit) {
            continue;
        }
        int d = edit_distance(word, lw, cands[i], lc);
        /* on a tie, the candidate sharing the longer prefix: 'A5x' is 'A5' more than 'A0' */
        if (d > 0 && (d < best_d || (d == best_d && best != NULL &&
                                     common_prefix(word, cands[i]) > common_prefix(word, best)))) {
            best_d = d;
            best = cands[i];
        }
    }
    if (best == NULL && lw >= PREFIX_MIN) {
        /* a word cut short: the one candidate it starts ("bank" for "banking") */
        for (int i = 0; i < n; i++) {
            if (strncmp(cands[i], word, lw) == 0 && cands[i][lw] != '\0') {
                if (best != NULL) {
                    return NULL; /* two candidates: no guess */
                }
                best = cands[i];
            }
        }
    }
    return best;
}
