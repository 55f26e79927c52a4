/*
 * Seeding: the one mixing function every random stream in kikan is seeded
 * through. splitmix64 (Steele, Lea, Flood, OOPSLA 2014; the finaliser of
 * Vigna's SplitMix64) turns any 64-bit input, including consecutive
 * replicate numbers, into a well-spread seed, so streams derived from
 * (scenario seed, what-if, replicate, stream) do not overlap in practice.
 * Callers compose it; the compositions are fixed (results depend on them).
 */
#ifndef KIKAN_CORE_RNG_H
#define KIKAN_CORE_RNG_H

#include <stdint.h>

/** splitmix64: add the golden-ratio increment, then the 64-bit finaliser. */
static inline uint64_t kikan_splitmix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

#endif
