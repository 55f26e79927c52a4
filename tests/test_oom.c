/*
 * Out-of-memory sweep: loading scenarios/library/tiny.yaml with the N-th
 * allocation failing, for N = 0, 1, 2, ... until a load makes no failing
 * allocation. Every load must end in KIKAN_ENOMEM (or, when the failed
 * allocation was a best-effort one, in a complete success), return no
 * scenario or world on failure, and free everything it allocated.
 *
 * DESIGN: the library calls malloc directly, so the allocator is wrapped at
 * link time (CMakeLists.txt links this executable alone with
 * -Wl,--wrap=malloc,calloc,realloc,free,strdup,strndup; libkikan is a static
 * archive, so its calls go through the wrappers too). The wrappers count
 * allocations while armed and keep a balance of live blocks (free is wrapped
 * as well), so that a leak shows in this test itself in the normal build,
 * not only under LeakSanitizer in the asan preset. Allocations inside shared
 * libraries (libyaml's own, libc's fopen) are neither failed nor counted.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "kikan/kikan.h"
#include "tests/testutil.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
void __wrap_free(void *p);

/* The injector's state: test-only, single-threaded (loading is serial). */
typedef struct {
    int armed;
    int64_t count;   /* allocations seen while armed */
    int64_t fail_at; /* the allocation (0-based) that fails; < 0: none */
    int injected;    /* the failure happened */
    int64_t live;    /* blocks allocated minus blocks freed while armed */
} injector_t;
static injector_t inj = {0, 0, -1, 0, 0};

static int fail_now(void)
{
    if (!inj.armed) {
        return 0;
    }
    if (inj.count++ == inj.fail_at) {
        inj.injected = 1;
        return 1;
    }
    return 0;
}

void *__wrap_malloc(size_t n)
{
    if (fail_now()) {
        return NULL;
    }
    void *p = __real_malloc(n);
    inj.live += inj.armed && p != NULL;
    return p;
}

void *__wrap_calloc(size_t n, size_t size)
{
    if (fail_now()) {
        return NULL;
    }
    void *p = __real_calloc(n, size);
    inj.live += inj.armed && p != NULL;
    return p;
}

void *__wrap_realloc(void *old, size_t n)
{
    if (fail_now()) {
        return NULL; /* old stays valid, as with a real failure */
    }
    void *p = __real_realloc(old, n);
    inj.live += inj.armed && p != NULL && old == NULL;
    return p;
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = __wrap_malloc(n);
    if (p != NULL) {
        memcpy(p, s, n);
    }
    return p;
}

char *__wrap_strndup(const char *s, size_t n)
{
    size_t l = strnlen(s, n);
    char *p = __wrap_malloc(l + 1);
    if (p != NULL) {
        memcpy(p, s, l);
        p[l] = '\0';
    }
    return p;
}

void __wrap_free(void *p)
{
    inj.live -= inj.armed && p != NULL;
    __real_free(p);
}

#define TINY_YAML KIKAN_SOURCE_DIR "/scenarios/library/tiny.yaml"

typedef struct {
    kikan_id_t sectors, operators, assets, deps, links, installs;
    int whatifs;
} shape_t;

static shape_t shape_of(const kikan_scenario_t *s, const kikan_world_t *w)
{
    return (shape_t){kikan_world_n_sectors(w),
                     kikan_world_n_operators(w),
                     kikan_world_n_assets(w),
                     kikan_world_n_dependencies(w),
                     kikan_world_n_links(w),
                     kikan_world_n_installations(w),
                     s->n_whatifs};
}

static int same_shape(shape_t a, shape_t b)
{
    return a.sectors == b.sectors && a.operators == b.operators && a.assets == b.assets &&
           a.deps == b.deps && a.links == b.links && a.installs == b.installs &&
           a.whatifs == b.whatifs;
}

/*
 * Load path with allocation fail_at failing (< 0: none), everything freed
 * again while the injector is armed. Returns the code; *injected says whether
 * the failure happened, *live the blocks left over, *shape the loaded shape.
 */
static kikan_error_t load_once(const char *path, int64_t fail_at, int *injected, int64_t *live,
                               int64_t *count, shape_t *shape)
{
    kikan_ctx_t *ctx = NULL;
    kikan_scenario_t *s = NULL;
    kikan_world_t *w = NULL;
    /* the context too is made and freed inside the armed window (its blocks balance), but
     * its one allocation is not counted */
    inj = (injector_t){1, 0, -1, 0, 0};
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    inj.count = 0;
    inj.fail_at = fail_at;
    kikan_error_t err = kikan_scenario_load(ctx, path, &s, &w);
    if (err == KIKAN_OK) {
        *shape = shape_of(s, w);
    } else if (s != NULL || w != NULL) {
        CU_FAIL("a failed load returned a scenario or a world");
    }
    kikan_scenario_free(&s);
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    inj.armed = 0;
    *injected = inj.injected;
    *live = inj.live;
    *count = inj.count;
    return err;
}

/*
 * With `bad`, the scenario is invalid: a load may then also end in
 * KIKAN_EINPUT when the failed allocation was a diagnostic's (diagnostics
 * are best effort), but never in success.
 */
static void sweep(const char *path, int bad)
{
    shape_t ref = {0}, got = {0};
    int injected = 0;
    int64_t live = 0, total = 0;
    /* the reference: no failure */
    CU_ASSERT_EQUAL_FATAL(load_once(path, -1, &injected, &live, &total, &ref),
                          bad ? KIKAN_EINPUT : KIKAN_OK);
    CU_ASSERT_EQUAL(live, 0);
    /* the wrappers must see the library's allocations, or the sweep proves nothing */
    CU_ASSERT_FATAL(total > 100);
    int64_t n_enomem = 0, n_ok = 0, n_bad = 0, n_leak = 0;
    for (int64_t n = 0; n <= total; n++) {
        int64_t count = 0;
        kikan_error_t err = load_once(path, n, &injected, &live, &count, &got);
        if (!injected) {
            /* past the last allocation: a plain success */
            CU_ASSERT_EQUAL(n, total);
            CU_ASSERT_EQUAL(err, bad ? KIKAN_EINPUT : KIKAN_OK);
            break;
        }
        if (live != 0) {
            if (n_leak++ < 5) {
                fprintf(stderr, "allocation %lld failing: %lld blocks leaked\n", (long long)n,
                        (long long)live);
            }
        }
        if (err == KIKAN_ENOMEM) {
            n_enomem++;
        } else if ((!bad && err == KIKAN_OK && same_shape(got, ref)) ||
                   (bad && err == KIKAN_EINPUT)) {
            n_ok++; /* a best-effort allocation (a did-you-mean list): nothing was lost */
            if (getenv("KIKAN_OOM_VERBOSE")) {
                fprintf(stderr, "allocation %lld failing: harmless\n", (long long)n);
            }
        } else {
            if (n_bad++ < 5) {
                fprintf(stderr, "allocation %lld failing: %s instead of out of memory\n",
                        (long long)n, kikan_strerror(err));
            }
        }
    }
    fprintf(stderr,
            "%s: %lld allocation points: %lld ENOMEM, %lld harmless, %lld wrong, "
            "%lld leaking\n",
            path, (long long)total, (long long)n_enomem, (long long)n_ok, (long long)n_bad,
            (long long)n_leak);
    CU_ASSERT_EQUAL(n_bad, 0);
    CU_ASSERT_EQUAL(n_leak, 0);
    CU_ASSERT_EQUAL(n_enomem + n_ok, total);
    CU_ASSERT(n_enomem > total / 2);
    CU_ASSERT(n_ok < total / 4);
}

static void test_oom_tiny(void)
{
    sweep(TINY_YAML, 0);
}

/* The error paths allocate too (diagnostics, suggestions): a scenario with a problem in
 * the YAML and in two tables. */
static void test_oom_invalid(void)
{
    char *dir = kikan_test_tmpdir();
    CU_ASSERT_PTR_NOT_NULL_FATAL(dir);
    char path[700], tables[600];
    snprintf(tables, sizeof(tables), "%s/t", dir);
    CU_ASSERT_FATAL(mkdir(tables, 0700) == 0);
    snprintf(path, sizeof(path), "%s/operators.csv", tables);
    CU_ASSERT_FATAL(kikan_test_write(path, "id,sectors,customers\nO1,power,2.385\n"
                                           "O2,powr,x\nO1,rail,1\n"));
    snprintf(path, sizeof(path), "%s/assets.csv", tables);
    CU_ASSERT_FATAL(kikan_test_write(path, "id,operator,sector,kind,backup_hourz\n"
                                           "A1,O1,power,substation,3\nA2,O3,power,x,1\n"));
    snprintf(path, sizeof(path), "%s/s.yaml", dir);
    CU_ASSERT_FATAL(kikan_test_write(path, "kikan: 1\nname: bad\nnetwork: {tables: t}\n"
                                           "time: {horizon_hours: 72.5, step_hourz: 1}\n"
                                           "whatifs: [{name: w, events: [{assets: [A1, A9]}]}]\n"));
    sweep(path, 1);
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    CU_ASSERT(system(cmd) == 0);
    free(dir);
}

/* The injector itself: the N-th allocation fails, the count and balance are right. */
static void test_injector(void)
{
    inj = (injector_t){1, 0, 2, 0, 0};
    /* the wrappers by name: to the compiler, malloc is a builtin that touches no global,
     * so at -O3 it may move the stores to `inj` past plain malloc calls */
    void *a = __wrap_malloc(16), *b = __wrap_calloc(2, 8), *c = __wrap_malloc(8);
    char *d = __wrap_strdup("2.385");
    inj.armed = 0;
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT_PTR_NOT_NULL(b);
    CU_ASSERT_PTR_NULL(c);
    CU_ASSERT_PTR_NOT_NULL(d);
    CU_ASSERT_EQUAL(inj.count, 4);
    CU_ASSERT_EQUAL(inj.live, 3);
    CU_ASSERT(inj.injected);
    inj.armed = 1;
    __wrap_free(a);
    __wrap_free(b);
    __wrap_free(c);
    __wrap_free(d);
    inj.armed = 0;
    CU_ASSERT_EQUAL(inj.live, 0);
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("oom", NULL, NULL);
    CU_add_test(s, "allocation injector", test_injector);
    CU_add_test(s, "every allocation of loading tiny.yaml fails cleanly", test_oom_tiny);
    CU_add_test(s, "every allocation of loading an invalid scenario fails cleanly",
                test_oom_invalid);
    return kikan_test_main();
}
