/*
 * The research commands (kikan load, threshold, iim) end to end: outputs on
 * hand-solved inputs, JSON provenance, thread-count independence, and every
 * bad-input path (exit 2 with a message naming file and line or option).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tests/testutil.h"

static char *dir;

static char *path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof(buf[k]), "%s/%s", dir, name);
    return buf[k];
}

static void write_file(const char *name, const char *text)
{
    CU_ASSERT_FATAL(kikan_test_write(path(name), text));
}

/* Run the CLI; return the exit code, check that `want_out` is in stdout and
 * `want_err` in stderr (either may be NULL). */
static int run(const char *args, const char *want_out, const char *want_err)
{
    char *out = NULL, *err = NULL;
    int rc = kikan_test_cli(args, &out, &err);
    if (want_out != NULL) {
        CU_ASSERT(out != NULL && strstr(out, want_out) != NULL);
        if (out == NULL || strstr(out, want_out) == NULL) {
            fprintf(stderr, "\n[%s] stdout lacks '%s':\n%s\n", args, want_out, out ? out : "");
        }
    }
    if (want_err != NULL) {
        CU_ASSERT(err != NULL && strstr(err, want_err) != NULL);
        if (err == NULL || strstr(err, want_err) == NULL) {
            fprintf(stderr, "\n[%s] stderr lacks '%s':\n%s\n", args, want_err, err ? err : "");
        }
    }
    free(out);
    free(err);
    return rc;
}

static void test_help(void)
{
    CU_ASSERT_EQUAL(run("load --help", "usage: kikan load", NULL), 0);
    CU_ASSERT_EQUAL(run("threshold --help", "usage: kikan threshold", NULL), 0);
    CU_ASSERT_EQUAL(run("iim --help", "usage: kikan iim", NULL), 0);
    CU_ASSERT_EQUAL(run("load --bogus", NULL, "unknown option '--bogus'"), 2);
    CU_ASSERT_EQUAL(run("threshold --bogus 1", NULL, "unknown option"), 2);
    CU_ASSERT_EQUAL(run("iim --bogus", NULL, "unknown option"), 2);
    CU_ASSERT_EQUAL(run("load", NULL, "required"), 2);
    CU_ASSERT_EQUAL(run("iim", NULL, "required"), 2);
    CU_ASSERT_EQUAL(run("threshold --phi 0.2 --reps 3 --seed 1", NULL, "either"), 2);
}

/* Ring of 7 (see tests/validation/test_research.c): attacking 0 with
 * alpha 0.5 fails 0, 3, 4; giant 2/7. */
static void test_load(void)
{
    write_file("ring7.txt", "# ring of 7\n0 1\n1 2\n2 3  # comment after an edge\n3 4\n4 5\n"
                            "\n5 6\n6 0\n");
    char args[1024];
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack vertex:0 --json",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(run(args, "\"failed\": 3", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"giant\": 0.2857142857142857", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"kikan_version\": \"", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"seed\": null", NULL), 0);
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.2 --attack highest --threads 2",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(run(args, "failed 5\n", NULL), 0);

    /* bad inputs */
    write_file("big.txt", "0 1\n1 7\n");
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack highest",
             path("big.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "big.txt:2: field 2: vertex id '7' outside [0, 7)"), 2);
    write_file("junk.txt", "0 1\n1 x\n2 3 4\n5\n-1 2\n");
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack highest",
             path("junk.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "junk.txt:2: field 2: expected a non-negative integer"), 2);
    CU_ASSERT_EQUAL(run(args, NULL, "junk.txt:3: expected two vertex ids"), 2);
    CU_ASSERT_EQUAL(run(args, NULL, "junk.txt:4: expected two vertex ids"), 2);
    CU_ASSERT_EQUAL(run(args, NULL, "junk.txt:5: field 1"), 2);
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha -0.5 --attack highest",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "--alpha: must be >= 0"), 2);
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack vertex:7",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(
        run(args, NULL, "kikan load: --attack vertex:ID: expected an integer in [0, 6], got '7'\n"),
        2);
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack vertex:x",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(
        run(args, NULL, "kikan load: --attack vertex:ID: expected an integer, got 'x'\n"), 2);
    snprintf(args, sizeof(args), "load --graph '%s' --n 7 --alpha 0.5 --attack lowest",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "expected 'highest' or 'vertex:ID'"), 2);
    snprintf(args, sizeof(args), "load --graph '%s' --n 0 --alpha 0.5 --attack highest",
             path("ring7.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "--n"), 2);
    CU_ASSERT_EQUAL(run("load --graph /nonexistent/g.txt --n 3 --alpha 0.5 --attack highest", NULL,
                        "/nonexistent/g.txt: cannot open"),
                    2);
    CU_ASSERT_EQUAL(run("load --graph x --n 3 --alpha 1e999 --attack highest", NULL, "--alpha"), 2);
}

static void test_threshold(void)
{
    char *o1 = NULL, *o2 = NULL;
    int r1 = kikan_test_cli("threshold --er 2000 --z 3 --phi 0.18 --reps 60 --seed 12345 "
                            "--threads 1 --json",
                            &o1, NULL);
    int r2 = kikan_test_cli("threshold --er 2000 --z 3 --phi 0.18 --reps 60 --seed 12345 "
                            "--threads 3 --json",
                            &o2, NULL);
    CU_ASSERT(r1 == 0 && r2 == 0);
    CU_ASSERT(o1 != NULL && o2 != NULL && strcmp(o1, o2) == 0);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"seed\": 12345") != NULL);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"kikan_version\"") != NULL);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"mean_fraction\"") != NULL);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"global_probability\"") != NULL);
    /* Recorded figures (a regression pin, not a validation: that is
     * tests/validation/test_research.c): the graph is kikan_graph_er's
     * G(2000, 3000) from seed 12345, stream 0, and replicate r's seed vertex
     * comes from kikan_research_stream_seed(12345, r). Any change to either
     * draw moves these. */
    CU_ASSERT(o1 != NULL && strstr(o1, "\"edges\": 3000,") != NULL);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"mean_fraction\": 0.7961250000000003,") != NULL);
    CU_ASSERT(o1 != NULL && strstr(o1, "\"global_probability\": 0.84999999999999998}") != NULL);
    free(o1);
    free(o2);
    /* path 0-1-2-3-4 with phi 0.5: every seed fails everything */
    write_file("path5.txt", "0 1\n1 2\n2 3\n3 4\n");
    char args[1024];
    snprintf(args, sizeof(args), "threshold --graph '%s' --n 5 --phi 0.5 --reps 9 --seed 3",
             path("path5.txt"));
    CU_ASSERT_EQUAL(run(args, "mean_fraction 1\nglobal_probability 1\n", NULL), 0);
    /* --write-graph writes the simple graph run on: the loop dropped, the repeat merged */
    write_file("loopy.txt", "0 1\n1 0\n2 2\n1 2\n");
    snprintf(args, sizeof(args),
             "threshold --graph '%s' --n 3 --phi 0.5 --reps 2 --seed 3 --write-graph '%s'",
             path("loopy.txt"), path("loopy-out.edges"));
    CU_ASSERT_EQUAL(run(args, "mean_fraction 1\n", NULL), 0);
    char *written = kikan_test_slurp(path("loopy-out.edges"));
    CU_ASSERT(written != NULL && strstr(written, "n = 3, m = 2\n0 1\n1 2\n") != NULL);
    free(written);
    snprintf(args, sizeof(args),
             "threshold --graph '%s' --n 3 --phi 0.5 --reps 2 --seed 3 --write-graph "
             "/nonexistent/dir/g.edges",
             path("loopy.txt"));
    /* an output into a missing directory is bad input, refused before the run (exit 2) */
    CU_ASSERT_EQUAL(run(args, NULL,
                        "--write-graph /nonexistent/dir/g.edges: directory '/nonexistent/dir' "
                        "does not exist"),
                    2);
    CU_ASSERT_EQUAL(run("percolate --er 100 --k 3 --p 0.5 --write-graphs /nonexistent/dir/g", NULL,
                        "--write-graphs /nonexistent/dir/g-a.edges: directory '/nonexistent/dir' "
                        "does not exist"),
                    2);
    CU_ASSERT_EQUAL(
        run("threshold --er 100 --z 3 --phi 0 --reps 3 --seed 1", NULL, "--phi: must be in (0, 1]"),
        2);
    CU_ASSERT_EQUAL(run("threshold --er 100 --z 3 --phi 1.25 --reps 3 --seed 1", NULL,
                        "--phi: must be in (0, 1]"),
                    2);
    CU_ASSERT_EQUAL(run("threshold --er 100 --z 3 --phi -0.1 --reps 3 --seed 1", NULL, "--phi"), 2);
    CU_ASSERT_EQUAL(run("threshold --er 100 --z 3 --phi 0.2 --reps 0 --seed 1", NULL, "--reps"), 2);
    CU_ASSERT_EQUAL(run("threshold --er 100 --z 3 --phi 0.2 --reps 3 --seed -1", NULL, "--seed"),
                    2);
    CU_ASSERT_EQUAL(run("threshold --er 100 --z 120 --phi 0.2 --reps 3 --seed 1", NULL, "--z"), 2);
    snprintf(args, sizeof(args),
             "threshold --er 100 --z 3 --graph '%s' --n 5 --phi 0.2 --reps 3 --seed 1",
             path("path5.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "either"), 2);
    snprintf(args, sizeof(args), "threshold --graph '%s' --n 4 --phi 0.2 --reps 3 --seed 1",
             path("path5.txt"));
    CU_ASSERT_EQUAL(run(args, NULL, "path5.txt:4: field 2: vertex id '4' outside [0, 4)"), 2);
}

/* 2x2 of tests/validation/test_iim.c: q = (1/6, 1/9). */
static void test_iim(void)
{
    write_file("a.csv", "# A*\n0.2,0.3\n0.1,0.4\n");
    write_file("c.csv", "0.1\n0.05\n");
    write_file("crow.csv", "0.1, 0.05\n");
    write_file("k.csv", "1.5,2.5\n");
    write_file("x.csv", "100,200\n");
    char args[2048];
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --json", path("a.csv"),
             path("c.csv"));
    CU_ASSERT_EQUAL(run(args, "\"q\": [0.16666666666666666, 0.1111111111111111]", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"seed\": null", NULL), 0);
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("a.csv"), path("crow.csv"));
    CU_ASSERT_EQUAL(run(args, "q 0.16666666666666666 0.1111111111111111\n", NULL), 0);
    snprintf(args, sizeof(args),
             "iim --astar '%s' --cstar '%s' --dynamic --k '%s' --x '%s' --t 5 --steps 5 --json",
             path("a.csv"), path("c.csv"), path("k.csv"), path("x.csv"));
    CU_ASSERT_EQUAL(run(args, "\"t\": [0, 1, 2, 3, 4, 5]", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"q_t\": [[0, 0], [", NULL), 0);
    CU_ASSERT_EQUAL(run(args, "\"loss\": ", NULL), 0);
    write_file("f.csv", "0, 0.1, 0.05\n2, 0.1, 0.05\n2.5, 0, 0\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --forcing '%s' --dynamic --k '%s' --t 4 --json",
             path("a.csv"), path("f.csv"), path("k.csv"));
    CU_ASSERT_EQUAL(run(args, "\"q\": [0, 0]", NULL), 0);
    snprintf(args, sizeof(args),
             "iim --astar '%s' --forcing '%s' --step --dynamic --k '%s' --t 4 --steps 2 --json",
             path("a.csv"), path("f.csv"), path("k.csv"));
    CU_ASSERT_EQUAL(run(args, "\"q_end\": [", NULL), 0);
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --step --dynamic --k '%s' --t 4",
             path("a.csv"), path("c.csv"), path("k.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "--step applies to --forcing"), 2);

    /* malformed inputs */
    write_file("short.csv", "0.2,0.3\n0.1\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("short.csv"), path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "short.csv:2: 1 field, but the first row has 2"), 2);
    write_file("nan.csv", "0.2,0.3\n0.1,zero\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("nan.csv"), path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "nan.csv:2: field 2: expected a finite number, got 'zero'"), 2);
    write_file("rect.csv", "0.2,0.3,0.1\n0.1,0.4,0.2\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("rect.csv"), path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "rect.csv: A* must be square, got 2 rows of 3"), 2);
    write_file("c3.csv", "0.1,0.2,0.3\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("a.csv"), path("c3.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "c3.csv: expected 2 numbers"), 2);
    write_file("sing.csv", "0.5,0.5\n0.5,0.5\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("sing.csv"), path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "sing.csv: I - A* is singular"), 2);
    write_file("rho.csv", "0.9,0.5\n0.5,0.9\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s'", path("rho.csv"), path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "spectral radius of A* is 1.4"), 2);
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --dynamic --t 3", path("a.csv"),
             path("c.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "--dynamic needs --k"), 2);
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --dynamic --k '%s' --t -3",
             path("a.csv"), path("c.csv"), path("k.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "--t: must be > 0"), 2);
    write_file("kneg.csv", "1.5,-2\n");
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --dynamic --k '%s' --t 3",
             path("a.csv"), path("c.csv"), path("kneg.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "k[2] = -2"), 2);
    snprintf(args, sizeof(args), "iim --astar '%s' --cstar '%s' --k '%s'", path("a.csv"),
             path("c.csv"), path("k.csv"));
    CU_ASSERT_EQUAL(run(args, NULL, "need --dynamic"), 2);
}

static void cleanup_dir(void)
{
    const char *names[] = {"ring7.txt", "big.txt", "junk.txt", "path5.txt", "a.csv",     "c.csv",
                           "crow.csv",  "k.csv",   "x.csv",    "f.csv",     "short.csv", "nan.csv",
                           "rect.csv",  "c3.csv",  "sing.csv", "rho.csv",   "kneg.csv"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        unlink(path(names[i]));
    }
    rmdir(dir);
}

int main(void)
{
    dir = kikan_test_tmpdir();
    if (dir == NULL || CU_initialize_registry() != CUE_SUCCESS) {
        return 1;
    }
    CU_pSuite s = CU_add_suite("research cli", NULL, NULL);
    CU_add_test(s, "help and usage", test_help);
    CU_add_test(s, "load", test_load);
    CU_add_test(s, "threshold", test_threshold);
    CU_add_test(s, "iim", test_iim);
    int rc = kikan_test_main();
    cleanup_dir();
    free(dir);
    return rc;
}
