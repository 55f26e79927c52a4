/*
 * kikan — a private helper of the library (not installed): the transparent
 * huge page hint for large arrays read and written at random.
 */
#ifndef KIKAN_CORE_HUGEPAGES_H
#define KIKAN_CORE_HUGEPAGES_H

#include <stddef.h>

/*
 * Ask for transparent huge pages on the 2 MiB-aligned part of [p, p + bytes),
 * best before its first touch: each page fault then maps 2 MiB instead of
 * 4 KiB, and random accesses miss the TLB far less often. A hint only: a
 * no-op where THP is off or the block is smaller than a huge page; contents
 * and results never depend on it. Accepts NULL.
 */
void kikan_advise_huge(void *p, size_t bytes);

#endif
