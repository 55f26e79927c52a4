/*
 * The research graphs pinned bit for bit: the CSR arrays (off and adj, in
 * their order) of the Erdős–Rényi and scale-free generators and of the
 * edge-list builder in both modes, and the ensemble's removal orders, hashed
 * and compared with hashes recorded from the code before the generators and
 * the builder were made faster (issue 17 item 5, main at 2ed1368). Moving one
 * edge, or one entry of an adjacency list, fails the test: the percolation
 * results pinned elsewhere depend on every one of them.
 */
#include <stdio.h>
#include <stdlib.h>
#include "tests/testutil.h"

/* FNV-1a, 64 bits, over the bytes of each value (little-endian as stored). */
static uint64_t fnv(uint64_t h, const void *p, size_t len)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < len; i++) {
        h ^= b[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static uint64_t graph_hash(const kikan_graph_t *g)
{
    uint64_t h = UINT64_C(0xcbf29ce484222325);
    int64_t head[3] = {g->n, g->m, g->multi};
    h = fnv(h, head, sizeof(head));
    h = fnv(h, g->off, ((size_t)g->n + 1) * sizeof(kikan_id_t));
    return fnv(h, g->adj, 2 * (size_t)g->m * sizeof(kikan_id_t));
}

static int check(const char *what, uint64_t got, uint64_t want)
{
    if (got != want) {
        fprintf(stderr, "\n%s: hash 0x%016llx, pinned 0x%016llx\n", what, (unsigned long long)got,
                (unsigned long long)want);
    }
    return got == want;
}

static void test_er_pinned(void)
{
    static const struct {
        kikan_id_t n;
        double k;
        uint64_t seed, stream, hash;
    } c[] = {
        {1000000, 4.0, 1, 0, UINT64_C(0xbcd4574f00bd41c0)}, /* the benchmark pair: A */
        {1000000, 4.0, 1, 1, UINT64_C(0x259bf2b442a88060)}, /* and B */
        {1000, 4.0, 1, 0, UINT64_C(0xd5dc2f8ffe13c4f8)},
        {200000, 4.0, 7, 1, UINT64_C(0x63bb4f1b95c89d8f)},
        {300000, 2.5, 3, 4, UINT64_C(0xfba57d538a908920)},
        {5000, 30.0, 11, 2, UINT64_C(0xe06309f235d24461)},
        {60, 45.0, 5, 0, UINT64_C(0x24b8e85bedc73b54)}, /* dense: drawn as the complement */
        {40, 19.5, 9, 3, UINT64_C(0xc60a1b639271c881)}, /* just below half the pairs */
        {2, 1.0, 1, 0, UINT64_C(0x09bbb215c4eaa924)},
        {0, 4.0, 1, 0, UINT64_C(0x17d9c15239d081d5)},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        kikan_graph_t *g = NULL;
        CU_ASSERT_FATAL(kikan_graph_er(NULL, c[i].n, c[i].k, c[i].seed, c[i].stream, &g) ==
                        KIKAN_OK);
        char what[80];
        snprintf(what, sizeof(what), "ER n=%d k=%g seed=%d stream=%d", (int)c[i].n, c[i].k,
                 (int)c[i].seed, (int)c[i].stream);
        CU_ASSERT(check(what, graph_hash(g), c[i].hash));
        kikan_graph_free(&g);
    }
}

static void test_sf_pinned(void)
{
    static const struct {
        kikan_id_t n, kmin;
        double gamma;
        uint64_t seed, stream, hash;
    } c[] = {
        {100000, 2, 2.5, 5, 0, UINT64_C(0x860f31059c7a4ceb)},
        {20000, 1, 2.1, 8, 3, UINT64_C(0x4a272b0aa3aee8f7)},
        {1000, 3, 3.0, 1, 1, UINT64_C(0xc7e938f7e6639703)},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        kikan_graph_t *g = NULL;
        CU_ASSERT_FATAL(kikan_graph_sf(NULL, c[i].n, c[i].gamma, c[i].kmin, c[i].seed, c[i].stream,
                                       &g) == KIKAN_OK);
        char what[80];
        snprintf(what, sizeof(what), "SF n=%d gamma=%g kmin=%d seed=%d", (int)c[i].n, c[i].gamma,
                 (int)c[i].kmin, (int)c[i].seed);
        CU_ASSERT(check(what, graph_hash(g), c[i].hash));
        kikan_graph_free(&g);
    }
}

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Edge lists with repeats, self-loops and a few hubs, built in both modes. */
static void test_builder_pinned(void)
{
    static const struct {
        kikan_id_t n, m, hubs;
        uint64_t seed, hash_simple, hash_multi;
    } c[] = {
        {50000, 200000, 0, 1, UINT64_C(0x9a6383739e0aa00d), UINT64_C(0xb73c5781364ed6fb)},
        {3000, 100000, 0, 2, UINT64_C(0xd252f2d5efb9ebf3),
         UINT64_C(0x6e9389765217de73)}, /* many repeats */
        {100000, 150000, 5, 3, UINT64_C(0x4a20716081936e46),
         UINT64_C(0xa6e557e342379072)}, /* hubs of degree ~ 15 000 */
        {1, 10, 0, 4, UINT64_C(0x07295d91aa94b524),
         UINT64_C(0x9225c70c38dd139b)}, /* self-loops only */
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        kikan_id_t *e = malloc(2 * (size_t)c[i].m * sizeof(kikan_id_t));
        CU_ASSERT_FATAL(e != NULL);
        uint64_t s = c[i].seed;
        for (kikan_id_t j = 0; j < 2 * c[i].m; j++) {
            uint64_t r = splitmix(&s);
            int hub = c[i].hubs > 0 && r % 4 == 0;
            e[j] = (kikan_id_t)((r >> 8) % (uint64_t)(hub ? c[i].hubs : c[i].n));
        }
        for (int multi = 0; multi < 2; multi++) {
            kikan_graph_t *g = NULL;
            CU_ASSERT_FATAL(kikan_graph_from_edges(NULL, c[i].n, c[i].m, e, multi, &g) == KIKAN_OK);
            char what[80];
            snprintf(what, sizeof(what), "builder n=%d m=%d hubs=%d multi=%d", (int)c[i].n,
                     (int)c[i].m, (int)c[i].hubs, multi);
            CU_ASSERT(check(what, graph_hash(g), multi ? c[i].hash_multi : c[i].hash_simple));
            kikan_graph_free(&g);
        }
        free(e);
    }
}

/* The removal orders kikan_perc_run draws (kikan_perc_removal_order gives their prefixes). */
static void test_removal_order_pinned(void)
{
    static const struct {
        kikan_id_t n, rep;
        double p;
        uint64_t seed, hash;
    } c[] = {
        {100000, 0, 0.0, 1, UINT64_C(0xfd0120fc4ec9244a)},
        {100000, 3, 0.7, 1, UINT64_C(0x468d038c9dd8fb3c)},
        {777, 1, 0.25, 9, UINT64_C(0x975a2e1662e60104)},
    };
    for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        kikan_perc_spec_t spec = {.kind = KIKAN_PERC_ER, .n = c[i].n, .seed = c[i].seed};
        kikan_id_t *ids = NULL, count = 0;
        CU_ASSERT_FATAL(kikan_perc_removal_order(&spec, c[i].rep, c[i].p, &ids, &count) ==
                        KIKAN_OK);
        uint64_t h = fnv(UINT64_C(0xcbf29ce484222325), &count, sizeof(count));
        h = fnv(h, ids, (size_t)count * sizeof(kikan_id_t));
        char what[80];
        snprintf(what, sizeof(what), "removal order n=%d rep=%d p=%g", (int)c[i].n, (int)c[i].rep,
                 c[i].p);
        CU_ASSERT(check(what, h, c[i].hash));
        free(ids);
    }
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("graph_pinned", NULL, NULL);
    CU_add_test(s, "Erdos-Renyi graphs pinned", test_er_pinned);
    CU_add_test(s, "scale-free graphs pinned", test_sf_pinned);
    CU_add_test(s, "builder pinned, simple and multi", test_builder_pinned);
    CU_add_test(s, "removal orders pinned", test_removal_order_pinned);
    return kikan_test_main();
}
