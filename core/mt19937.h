/*
 * kikan — a private, inlinable copy of GSL's gsl_rng_mt19937 (not installed)
 * for the research generators' hot loops: the same seeding (gsl_rng_set,
 * including seed 0 -> 4357), the same 32-bit outputs (gsl_rng_get) and the
 * same gsl_rng_uniform_int (the output divided by (2^32 - 1) / n, redrawn
 * while the quotient is >= n), so a stream gives the draws it gave through
 * GSL bit for bit (tests/test_graph_pinned.c compares them with GSL's for
 * many seeds and bounds). Through GSL each draw is an out-of-line call and
 * an indirect one; here the loop inlines it.
 * Matsumoto & Nishimura, ACM TOMACS 8(1), 1998; GSL 2.7 rng/mt.c.
 */
#ifndef KIKAN_CORE_MT19937_H
#define KIKAN_CORE_MT19937_H

#include <stdint.h>

enum { KIKAN_MT_N = 624, KIKAN_MT_M = 397 };

typedef struct {
    uint32_t mt[KIKAN_MT_N];
    int mti;
} kikan_mt_t;

/** gsl_rng_set(r, s) for gsl_rng_mt19937. */
static inline void kikan_mt_seed(kikan_mt_t *r, unsigned long s)
{
    if (s == 0) {
        s = 4357; /* GSL's default seed */
    }
    r->mt[0] = (uint32_t)(s & 0xffffffffUL);
    for (int i = 1; i < KIKAN_MT_N; i++) {
        r->mt[i] = 1812433253U * (r->mt[i - 1] ^ (r->mt[i - 1] >> 30)) + (uint32_t)i;
    }
    r->mti = KIKAN_MT_N;
}

/* The next N words of the state, all at once. */
static inline void kikan_mt_regen(kikan_mt_t *r)
{
    uint32_t *mt = r->mt;
    int k;
    for (k = 0; k < KIKAN_MT_N - KIKAN_MT_M; k++) {
        uint32_t y = (mt[k] & 0x80000000U) | (mt[k + 1] & 0x7fffffffU);
        mt[k] = mt[k + KIKAN_MT_M] ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
    }
    for (; k < KIKAN_MT_N - 1; k++) {
        uint32_t y = (mt[k] & 0x80000000U) | (mt[k + 1] & 0x7fffffffU);
        mt[k] = mt[k + (KIKAN_MT_M - KIKAN_MT_N)] ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
    }
    uint32_t y = (mt[KIKAN_MT_N - 1] & 0x80000000U) | (mt[0] & 0x7fffffffU);
    mt[KIKAN_MT_N - 1] = mt[KIKAN_MT_M - 1] ^ (y >> 1) ^ ((y & 1U) ? 0x9908b0dfU : 0U);
    r->mti = 0;
}

/** gsl_rng_get for gsl_rng_mt19937. */
static inline uint32_t kikan_mt_get(kikan_mt_t *r)
{
    if (r->mti >= KIKAN_MT_N) {
        kikan_mt_regen(r);
    }
    uint32_t k = r->mt[r->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680U;
    k ^= (k << 15) & 0xefc60000U;
    k ^= k >> 18;
    return k;
}

/** The divisor kikan_mt_below uses for bound n (1 <= n <= 2^32 - 1). */
static inline uint32_t kikan_mt_scale(uint32_t n)
{
    return 0xffffffffU / n;
}

/** gsl_rng_uniform_int(r, n) for gsl_rng_mt19937, scale = kikan_mt_scale(n). */
static inline uint32_t kikan_mt_below(kikan_mt_t *r, uint32_t n, uint32_t scale)
{
    uint32_t k;
    do {
        k = kikan_mt_get(r) / scale;
    } while (k >= n);
    return k;
}

#endif
