/*
 * kikan — "did you mean" suggestions for misspelt names: scenario keys and
 * ids, table columns, commands and options alike use this one helper.
 */
#ifndef KIKAN_SUGGEST_H
#define KIKAN_SUGGEST_H

#ifdef __cplusplus
extern "C" {
#endif
#include "kikan/error.h"
KIKAN_API_BEGIN

/**
 * The candidate closest to `word`, when it is a likely typo of one:
 *  - by edit distance (Levenshtein, an adjacent transposition counting as one
 *    edit) when the distance is at most max(1, strlen(word) / 3) and less than
 *    strlen(word); on a tie the candidate sharing the longer prefix wins;
 *  - else, when `word` (3 bytes or more) is the start of exactly one candidate
 *    ("bank" -> "banking", "--rep" -> "--replicates").
 * NULL otherwise, or for an empty word or one longer than 64 bytes. The
 * result points into `cands`. O(n * L^2) for n candidates of length L.
 */
const char *kikan_suggest(const char *word, const char *const *cands, int n);

KIKAN_API_END
#ifdef __cplusplus
}
#endif
#endif
