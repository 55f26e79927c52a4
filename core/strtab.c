/* String table with a hash index; see strtab.h. */
#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include "core/strtab.h"

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h;
}

void kikan_strtab_init(kikan_strtab_t *t)
{
    memset(t, 0, sizeof(*t));
}

enum { STRTAB_BLOCK = 1 << 16 };

/* A copy of s in the current block (a new block when it does not fit). */
static char *store(kikan_strtab_t *t, const char *s)
{
    size_t len = strlen(s) + 1;
    if (t->block == NULL || t->used + len > t->size) {
        size_t size = sizeof(char *) + len > STRTAB_BLOCK ? sizeof(char *) + len : STRTAB_BLOCK;
        char *b = malloc(size);
        if (b == NULL) {
            return NULL;
        }
        memcpy(b, &t->block, sizeof(char *));
        t->block = b;
        t->used = sizeof(char *);
        t->size = size;
        t->block_bytes += size;
    }
    char *copy = t->block + t->used;
    memcpy(copy, s, len);
    t->used += len;
    return copy;
}

void kikan_strtab_shrink(kikan_strtab_t *t)
{
    if (t->n > 0 && t->n < t->cap) {
        char **str = realloc(t->str, (size_t)t->n * sizeof(*str));
        if (str != NULL) {
            t->str = str;
            t->cap = t->n;
        }
    }
}

size_t kikan_strtab_bytes(const kikan_strtab_t *t)
{
    return t->block_bytes + (size_t)t->cap * sizeof(*t->str) + (size_t)t->n_slot * sizeof(*t->slot);
}

void kikan_strtab_destroy(kikan_strtab_t *t)
{
    while (t->block != NULL) {
        char *prev;
        memcpy(&prev, t->block, sizeof(char *));
        free(t->block);
        t->block = prev;
    }
    free(t->str);
    free(t->slot);
    kikan_strtab_init(t);
}

kikan_id_t kikan_strtab_find(const kikan_strtab_t *t, const char *s)
{
    if (t->n_slot == 0 || s == NULL) {
        return KIKAN_NONE;
    }
    uint32_t mask = t->n_slot - 1;
    for (uint32_t h = hash_str(s) & mask;; h = (h + 1) & mask) {
        kikan_id_t i = t->slot[h];
        if (i == KIKAN_NONE) {
            return KIKAN_NONE;
        }
        if (strcmp(t->str[i], s) == 0) {
            return i;
        }
    }
}

static kikan_error_t rehash(kikan_strtab_t *t, uint32_t n_slot)
{
    kikan_id_t *slot = malloc((size_t)n_slot * sizeof(*slot));
    if (slot == NULL) {
        return KIKAN_ENOMEM;
    }
    for (uint32_t j = 0; j < n_slot; j++) {
        slot[j] = KIKAN_NONE;
    }
    uint32_t mask = n_slot - 1;
    for (kikan_id_t i = 0; i < t->n; i++) {
        uint32_t h = hash_str(t->str[i]) & mask;
        while (slot[h] != KIKAN_NONE) {
            h = (h + 1) & mask;
        }
        slot[h] = i;
    }
    free(t->slot);
    t->slot = slot;
    t->n_slot = n_slot;
    return KIKAN_OK;
}

kikan_error_t kikan_strtab_add(kikan_strtab_t *t, const char *s, int unique, kikan_id_t *out)
{
    kikan_id_t found = kikan_strtab_find(t, s);
    if (found != KIKAN_NONE) {
        if (out) {
            *out = found;
        }
        return unique ? KIKAN_EINPUT : KIKAN_OK;
    }
    if (t->n == KIKAN_ID_MAX || t->n >= (kikan_id_t)(UINT32_MAX / 4)) {
        return KIKAN_ELIMIT;
    }
    if (t->n == t->cap) {
        kikan_id_t cap = t->cap ? (t->cap > KIKAN_ID_MAX / 2 ? KIKAN_ID_MAX : 2 * t->cap) : 16;
        char **str = realloc(t->str, (size_t)cap * sizeof(*str));
        if (str == NULL) {
            return KIKAN_ENOMEM;
        }
        t->str = str;
        t->cap = cap;
    }
    /* keep the load factor at or below 1/2 */
    if ((uint32_t)(t->n + 1) * 2 > t->n_slot) {
        kikan_error_t err = rehash(t, t->n_slot ? 2 * t->n_slot : 32);
        if (err != KIKAN_OK) {
            return err;
        }
    }
    char *copy = store(t, s);
    if (copy == NULL) {
        return KIKAN_ENOMEM;
    }
    kikan_id_t i = t->n++;
    t->str[i] = copy;
    uint32_t mask = t->n_slot - 1;
    uint32_t h = hash_str(copy) & mask;
    while (t->slot[h] != KIKAN_NONE) {
        h = (h + 1) & mask;
    }
    t->slot[h] = i;
    if (out) {
        *out = i;
    }
    return KIKAN_OK;
}

const char *kikan_strtab_get(const kikan_strtab_t *t, kikan_id_t i)
{
    assert(i >= 0 && i < t->n);
    return t->str[i];
}
