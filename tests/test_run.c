/*
 * `kikan run` end to end: HDF5 results with provenance, refusal of an
 * unwritable output before the run, and resumable runs: after kill -9 or
 * SIGINT, `--resume` completes the run and the results equal those of an
 * uninterrupted run to the bit.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "tests/testutil.h"
#include "models/results_impl.h"

static char *dir;
static char scen[600];

static int setup(void)
{
    dir = kikan_test_tmpdir();
    if (dir == NULL) {
        return 1;
    }
    /* tiny's world, a coarse grid (small checkpoints) */
    snprintf(scen, sizeof(scen), "%s/run.yaml", dir);
    char text[4096];
    snprintf(text, sizeof(text),
             "kikan: 1\nname: resume-check\nnetwork:\n  tables: %s/scenarios/library/tiny\n"
             "time: {horizon_hours: 72, step_hours: 24}\nensemble: {replicates: 100, seed: 2385}\n"
             "whatifs:\n  - name: vendor\n    events:\n      - {vendor: VND_C, probability: 0.55,"
             " at_hours: 1.5}\n  - name: contractor\n    events:\n"
             "      - {contractor: MNT_1, probability: 0.7}\n",
             KIKAN_SOURCE_DIR);
    return !kikan_test_write(scen, text);
}

static int teardown(void)
{
    char cmd[700];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
    int rc = system(cmd);
    free(dir);
    return rc != 0;
}

/* The per-replicate arrays and statistics of two results files are identical. */
static void assert_same_results(const char *a, const char *b)
{
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *ra = NULL, *rb = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, a, &ra) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, b, &rb) == KIKAN_OK);
    CU_ASSERT_EQUAL_FATAL(ra->n_replicates, rb->n_replicates);
    const size_t wrs = (size_t)ra->n_whatifs * (size_t)ra->n_replicates * (size_t)ra->n_sectors;
    CU_ASSERT(memcmp(ra->customer_hours, rb->customer_hours, wrs * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->peak_customers, rb->peak_customers, wrs * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->life_weighted, rb->life_weighted, wrs * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->ops_affected, rb->ops_affected,
                     wrs * KIKAN_N_SIZE_CLASSES * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->curves, rb->curves, wrs * (size_t)ra->n_grid * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->through, rb->through, wrs * (size_t)ra->n_sectors * sizeof(double)) == 0);
    CU_ASSERT(memcmp(ra->st_customer_hours, rb->st_customer_hours,
                     (size_t)ra->n_whatifs * (size_t)ra->n_sectors * sizeof(kikan_stat_t)) == 0);
    kikan_results_free(&ra);
    kikan_results_free(&rb);
    kikan_ctx_free(&ctx);
}

static void test_hdf5_output_and_provenance(void)
{
    char args[1400], out[700];
    snprintf(out, sizeof(out), "%s/plain.h5", dir);
    snprintf(args, sizeof(args), "run '%s' -o '%s' --replicates 40 --seed 77 --quiet", scen, out);
    char *so = NULL, *se = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli(args, &so, &se), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(so, "seed 77, 40 replicates"));
    free(so);
    free(se);
    kikan_ctx_t *ctx = NULL;
    kikan_results_t *r = NULL;
    CU_ASSERT_FATAL(kikan_ctx_new(&ctx) == KIKAN_OK);
    CU_ASSERT_FATAL(kikan_h5_read(ctx, out, &r) == KIKAN_OK);
    CU_ASSERT_EQUAL(r->seed, 77);
    CU_ASSERT_EQUAL(r->n_replicates, 40);
    CU_ASSERT_EQUAL(r->n_grid, 4);
    CU_ASSERT_STRING_EQUAL(r->scenario_name, "resume-check");
    CU_ASSERT_STRING_EQUAL(r->kikan_version, KIKAN_VERSION_STRING);
    CU_ASSERT_EQUAL(strncmp(r->tables_checksum, "fnv1a64:", 8), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(r->scenario_text, "VND_C"));
    /* sector to sector: for each what-if, replicate and sector, the row over `from` adds up to
       the sector's customer-hours (summation order differs: relative 1e-12) */
    double biggest_off_diagonal = 0.0;
    for (int64_t i = 0; i < (int64_t)r->n_whatifs * r->n_replicates; i++) {
        for (int to = 0; to < r->n_sectors; to++) {
            double sum = 0.0;
            for (int from = 0; from < r->n_sectors; from++) {
                const double v = r->through[(i * r->n_sectors + from) * r->n_sectors + to];
                sum += v;
                if (from != to && v > biggest_off_diagonal) {
                    biggest_off_diagonal = v;
                }
            }
            const double ch = r->customer_hours[i * r->n_sectors + to];
            CU_ASSERT(fabs(sum - ch) <= 1e-12 * ch);
        }
    }
    CU_ASSERT(biggest_off_diagonal > 0.0); /* tiny's cascades do cross sectors */
    kikan_results_free(&r);
    kikan_ctx_free(&ctx);
    /* no checkpoint left behind after a complete run */
    char ck[720];
    snprintf(ck, sizeof(ck), "%s.ckpt", out);
    CU_ASSERT_NOT_EQUAL(access(ck, F_OK), 0);
}

static void test_unwritable_output_refused_first(void)
{
    char args[1400];
    snprintf(args, sizeof(args), "run '%s' -o '%s/no/such/dir/r.h5' --quiet", scen, dir);
    char *so = NULL, *se = NULL;
    CU_ASSERT_EQUAL(kikan_test_cli(args, &so, &se), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(se, "does not exist"));
    CU_ASSERT_PTR_NULL(strstr(so, "what-if")); /* nothing ran */
    free(so);
    free(se);
    snprintf(args, sizeof(args), "run '%s' --resume --quiet", scen);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &so, &se), 2);
    free(so);
    free(se);
}

/* Start a run in the background; returns its pid. */
static pid_t spawn_run(const char *out, int64_t reps)
{
    char r[32];
    snprintf(r, sizeof(r), "%lld", (long long)reps);
    pid_t pid = fork();
    if (pid == 0) {
        if (freopen("/dev/null", "w", stdout) == NULL ||
            freopen("/dev/null", "w", stderr) == NULL) {
            _exit(127);
        }
        execl(KIKAN_CLI, KIKAN_CLI, "run", scen, "-o", out, "--replicates", r, "--block", "50",
              "--checkpoint-every", "0", "--threads", "1", "--quiet", (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* Wait (up to ~60 s) until `path` exists or the child ended; 1 if it exists and the child runs. */
static int wait_for(const char *path, pid_t pid)
{
    for (int i = 0; i < 6000; i++) {
        if (access(path, F_OK) == 0) {
            return waitpid(pid, NULL, WNOHANG) == 0;
        }
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            return 0;
        }
        struct timespec ts = {0, 10000000};
        nanosleep(&ts, NULL);
    }
    return 0;
}

static void interrupted_then_resumed(int sig, const char *tag)
{
    char out[700], ref[700], ck[720], args[1600];
    int64_t reps = 4000;
    int caught = 0;
    snprintf(out, sizeof(out), "%s/%s.h5", dir, tag);
    snprintf(ck, sizeof(ck), "%s.ckpt", out);
    /* a faster machine may finish before the signal lands: retry with a longer run */
    for (int attempt = 0; attempt < 4 && !caught; attempt++, reps *= 4) {
        unlink(out);
        unlink(ck);
        pid_t pid = spawn_run(out, reps);
        CU_ASSERT_FATAL(pid > 0);
        if (wait_for(ck, pid)) {
            kill(pid, sig);
            int st = 0;
            waitpid(pid, &st, 0);
            if (sig == SIGKILL) {
                caught = WIFSIGNALED(st);
            } else {
                /* SIGINT: the block in hand finishes, the checkpoint is saved, exit 1 */
                caught = WIFEXITED(st) && WEXITSTATUS(st) == 1;
            }
            caught = caught && access(out, F_OK) != 0;
        } else {
            waitpid(pid, NULL, 0);
        }
    }
    CU_ASSERT_FATAL(caught);
    CU_ASSERT_EQUAL(access(ck, F_OK), 0);
    reps /= 4;
    char *so = NULL, *se = NULL;
    snprintf(args, sizeof(args),
             "run '%s' -o '%s' --replicates %lld --block 50 --threads 2 --resume --quiet", scen,
             out, (long long)reps);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &so, &se), 0);
    free(so);
    free(se);
    CU_ASSERT_NOT_EQUAL(access(ck, F_OK), 0);
    /* the uninterrupted reference, on another thread count */
    snprintf(ref, sizeof(ref), "%s/%s-ref.h5", dir, tag);
    snprintf(args, sizeof(args),
             "run '%s' -o '%s' --replicates %lld --block 50 --threads 1 --quiet", scen, ref,
             (long long)reps);
    CU_ASSERT_EQUAL(kikan_test_cli(args, &so, &se), 0);
    free(so);
    free(se);
    assert_same_results(out, ref);
}

static void test_resume_after_kill9(void)
{
    interrupted_then_resumed(SIGKILL, "killed");
}

static void test_resume_after_sigint(void)
{
    interrupted_then_resumed(SIGINT, "interrupted");
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("run", setup, teardown);
    CU_add_test(s, "HDF5 output and provenance", test_hdf5_output_and_provenance);
    CU_add_test(s, "unwritable output refused before the run",
                test_unwritable_output_refused_first);
    CU_add_test(s, "kill -9 then --resume is bit-identical", test_resume_after_kill9);
    CU_add_test(s, "SIGINT then --resume is bit-identical", test_resume_after_sigint);
    return kikan_test_main();
}
