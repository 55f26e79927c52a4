/*
 * A string table: strings numbered 0..n-1 in insertion order, with an
 * open-addressing hash index for O(1) lookup. Used for every string id in the
 * world (operator ids, asset ids, kinds, regions, resources...).
 */
#ifndef KIKAN_STRTAB_H
#define KIKAN_STRTAB_H

#include <stdint.h>
#include "kikan/context.h"

/*
 * The strings themselves are packed into blocks of STRTAB_BLOCK bytes (one
 * malloc per block, not per string: a ten-million-entry table of asset ids
 * saves the allocator's 8-16 bytes of header and rounding per string);
 * pointers into a block stay valid for the table's life.
 */
typedef struct {
    char **str; /* [n] pointers into the blocks */
    kikan_id_t n, cap;
    kikan_id_t *slot; /* [n_slot] index into str, or KIKAN_NONE */
    uint32_t n_slot;  /* power of two */
    char *block;      /* the block being filled; its first bytes point to the previous one */
    size_t used, size;
    size_t block_bytes; /* all blocks together */
} kikan_strtab_t;

/** Initialise an empty table (no allocation). */
void kikan_strtab_init(kikan_strtab_t *t);
/** Free everything the table owns; leaves it empty and reusable. */
void kikan_strtab_destroy(kikan_strtab_t *t);
/** Index of s, or KIKAN_NONE. */
kikan_id_t kikan_strtab_find(const kikan_strtab_t *t, const char *s);
/**
 * Add s (a copy) and store its index in *out. With `unique`, an existing s is
 * KIKAN_EINPUT; without, the existing index is returned (interning).
 * KIKAN_ELIMIT past KIKAN_ID_MAX entries, KIKAN_ENOMEM on allocation failure.
 */
kikan_error_t kikan_strtab_add(kikan_strtab_t *t, const char *s, int unique, kikan_id_t *out);
/** Give back the pointer array's growth slack (the table can still grow afterwards). */
void kikan_strtab_shrink(kikan_strtab_t *t);
/** Bytes the table holds (strings, pointers and hash index), for memory accounting. */
size_t kikan_strtab_bytes(const kikan_strtab_t *t);
/** String i (no bounds check beyond an assert in debug builds). */
const char *kikan_strtab_get(const kikan_strtab_t *t, kikan_id_t i);

#endif
