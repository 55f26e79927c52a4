/*
 * Replays every input under tests/data/fuzz-regressions/ (scenario/ and
 * tables/, see the README there) through the fuzz harness, in the normal
 * build: each must keep the harness contract (tests/fuzz/harness.h: success,
 * or KIKAN_EINPUT / KIKAN_ELIMIT with a diagnostic; a loaded scenario refers
 * only to rows that exist), finish, and (in the asan preset) leak nothing.
 * Also checks that the harness itself tells a good input from a bad one, so
 * that the replay cannot pass by doing nothing.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tests/fuzz/harness.h"
#include "tests/testutil.h"

#define REG_DIR KIKAN_SOURCE_DIR "/tests/data/fuzz-regressions"
#define TINY KIKAN_SOURCE_DIR "/scenarios/library/tiny"

/* How much slower than a plain build this run may be (env KIKAN_TIME_FACTOR, >= 1). */
static double time_factor(void)
{
    const char *f = getenv("KIKAN_TIME_FACTOR");
    double v = f ? strtod(f, NULL) : 1.0;
    return v >= 1.0 ? v : 1.0;
}

typedef kikan_error_t (*target_fn)(kikan_fuzz_env_t *, const uint8_t *, size_t, int *,
                                   const char **);

/* Run every file of REG_DIR/sub through fn; returns the number of files replayed. */
static int replay(const char *sub, target_fn fn)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/%s", REG_DIR, sub);
    kikan_fuzz_env_t *env = NULL;
    CU_ASSERT_FATAL(kikan_fuzz_env_new(TINY, &env) == KIKAN_OK);
    DIR *d = opendir(dir);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') {
            continue;
        }
        char path[2048];
        snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        rewind(f);
        uint8_t *buf = malloc(size > 0 ? (size_t)size : 1);
        CU_ASSERT_FATAL(buf != NULL && fread(buf, 1, (size_t)size, f) == (size_t)size);
        fclose(f);
        int n_diag = 0;
        const char *why = NULL;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        kikan_error_t err = fn(env, buf, (size_t)size, &n_diag, &why);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        double secs = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
        if (why != NULL) {
            fprintf(stderr, "%s: %s (code %d, %d diagnostics)\n", path, why, (int)err, n_diag);
        }
        CU_ASSERT_PTR_NULL(why);
        CU_ASSERT(err == KIKAN_OK || err == KIKAN_EINPUT || err == KIKAN_ELIMIT);
        /* the fuzzers' per-input limit is 5 s; KIKAN_TIME_FACTOR stretches it for slow
         * runs (.ci/memcheck sets 30 for valgrind) */
        CU_ASSERT(secs < 5.0 * time_factor());
        free(buf);
        n++;
    }
    closedir(d);
    kikan_fuzz_env_free(&env);
    return n;
}

static void test_scenario_regressions(void)
{
    CU_ASSERT(replay("scenario", kikan_fuzz_scenario) >= 1);
}

static void test_tables_regressions(void)
{
    /* none yet: the tables target has found nothing (see the README there); the
     * replay still runs whatever lands in the folder */
    replay("tables", kikan_fuzz_tables);
}

static void test_graphfile_regressions(void)
{
    CU_ASSERT(replay("graphfile", kikan_fuzz_graphfile) >= 6);
    /* the target tells good from bad: the library's example loads as a world, and as an
       edge list of 8 vertices; a world with an unknown sector does not */
    kikan_fuzz_env_t *env = NULL;
    CU_ASSERT_FATAL(kikan_fuzz_env_new(TINY, &env) == KIKAN_OK);
    char *g = kikan_test_slurp(KIKAN_SOURCE_DIR "/scenarios/library/graphml/network.graphml");
    CU_ASSERT_FATAL(g != NULL);
    size_t n = strlen(g);
    uint8_t *in = malloc(n + 1);
    CU_ASSERT_FATAL(in != NULL);
    memcpy(in + 1, g, n);
    int n_diag = -1;
    const char *why = "unset";
    in[0] = 2;
    CU_ASSERT(kikan_fuzz_graphfile(env, in, n + 1, &n_diag, &why) == KIKAN_OK);
    CU_ASSERT_PTR_NULL(why);
    in[0] = 0;
    CU_ASSERT(kikan_fuzz_graphfile(env, in, n + 1, &n_diag, &why) == KIKAN_OK);
    CU_ASSERT_PTR_NULL(why);
    free(in);
    free(g);
    static const char bad[] = "\x02<graphml><graph edgedefault=\"directed\"><node id=\"A\"/>"
                              "</graph></graphml>";
    CU_ASSERT(kikan_fuzz_graphfile(env, (const uint8_t *)bad, sizeof(bad) - 1, &n_diag, &why) ==
              KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT(n_diag >= 1); /* operator, sector, kind attributes missing */
    kikan_fuzz_env_free(&env);
}

/* The harness loads the real tiny scenario, and rejects garbage with diagnostics. */
static void test_harness_discriminates(void)
{
    kikan_fuzz_env_t *env = NULL;
    CU_ASSERT_FATAL(kikan_fuzz_env_new(TINY, &env) == KIKAN_OK);
    char *tiny = kikan_test_slurp(KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml");
    CU_ASSERT_PTR_NOT_NULL_FATAL(tiny);
    int n_diag = -1;
    const char *why = "unset";
    CU_ASSERT(kikan_fuzz_scenario(env, (const uint8_t *)tiny, strlen(tiny), &n_diag, &why) ==
              KIKAN_OK);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT_EQUAL(n_diag, 0);
    free(tiny);

    static const char bad[] = "kikan: 1\nname: x\nnetwork: {tables: tiny}\ntime: 3\n";
    CU_ASSERT(kikan_fuzz_scenario(env, (const uint8_t *)bad, sizeof(bad) - 1, &n_diag, &why) ==
              KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT(n_diag >= 2); /* time is not a mapping; whatifs is missing */

    /* tables: byte 2 = assets.csv; a header only leaves the sectors without assets */
    static const uint8_t assets[] = "\x02id,operator,sector,kind\n";
    CU_ASSERT(kikan_fuzz_tables(env, assets, sizeof(assets) - 1, &n_diag, &why) == KIKAN_EINPUT);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT(n_diag >= 6); /* each of the six sectors has no assets */
    /* ...and the table was restored: an empty input changes nothing, the tiny tables load */
    static const uint8_t same[] = "\x07";
    CU_ASSERT(kikan_fuzz_tables(env, same, 0, &n_diag, &why) == KIKAN_OK);
    char *contractors = kikan_test_slurp(TINY "/contractors.csv");
    CU_ASSERT_PTR_NOT_NULL_FATAL(contractors);
    size_t lc = strlen(contractors);
    uint8_t *in = malloc(lc + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    in[0] = 7; /* contractors.csv, replaced by itself */
    memcpy(in + 1, contractors, lc);
    CU_ASSERT(kikan_fuzz_tables(env, in, lc + 1, &n_diag, &why) == KIKAN_OK);
    CU_ASSERT_PTR_NULL(why);
    CU_ASSERT_EQUAL(n_diag, 0);
    free(in);
    free(contractors);
    kikan_fuzz_env_free(&env);
    CU_ASSERT_PTR_NULL(env);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("fuzz_regressions", NULL, NULL);
    CU_add_test(s, "harness tells good from bad input", test_harness_discriminates);
    CU_add_test(s, "scenario regressions", test_scenario_regressions);
    CU_add_test(s, "tables regressions", test_tables_regressions);
    CU_add_test(s, "graph file regressions", test_graphfile_regressions);
    return kikan_test_main();
}
