/*
 * `kikan generate japan [--seed S] [--scale X] [--force] -o DIR`: write the
 * CSV tables of the built-in Japan-like network.
 *
 * DESIGN: the tables are written into DIR.tmp and renamed to DIR only when
 * all are complete, so a crash or a full disk never leaves a half-written DIR
 * that looks valid. An existing non-empty DIR is refused unless --force; then
 * it is moved aside, replaced, and its plain files removed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "kikan/generate.h"
#include "commands.h"

static double elapsed(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + 1e-9 * (double)(b->tv_nsec - a->tv_nsec);
}

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kikan generate japan [--seed S] [--scale X] [--force] -o DIR\n\n"
            "Write the CSV tables (docs/scenario-format.md) of the built-in synthetic\n"
            "Japan-like six-sector network into DIR, and print one summary line.\n"
            "The network is synthetic: operators carry public size figures, their assets\n"
            "and dependencies are invented (scenarios/japan/PARAMETERS.md); a README.txt\n"
            "beside the tables says so. The tables are written into DIR.tmp and renamed to\n"
            "DIR when complete.\n\n"
            "options:\n"
            "  -o, --output DIR  directory to create (refused if it exists and is not empty)\n"
            "  --seed S          generator seed, 0..2^64-1 (default 1); same seed, same bytes\n"
            "  --scale X         asset granularity multiplier, 0 < X <= 2000 (default 1):\n"
            "                    substations, base stations, exchanges, line sections and\n"
            "                    branches per prefecture grow with X (about 3.1e4 assets\n"
            "                    at 1, 1e7 at 368)\n"
            "  --force           replace a non-empty DIR\n"
            "  -h, --help        this help\n\n"
            "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

/* Is dir missing (0), an empty directory (1), non-empty (2), or not a directory (-1)? */
static int dir_state(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        return 0;
    }
    if (!S_ISDIR(st.st_mode)) {
        return -1;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        return -1;
    }
    int state = 1;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
            state = 2;
            break;
        }
    }
    closedir(d);
    return state;
}

/* Remove the plain files of dir and then dir itself (no recursion); 0 on success. */
static int remove_flat(const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL) {
        return errno == ENOENT ? 0 : -1;
    }
    struct dirent *e;
    char path[4096];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
            continue;
        }
        if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < (int)sizeof(path)) {
            unlink(path);
        }
    }
    closedir(d);
    return rmdir(dir);
}

static int write_readme(const char *dir, uint64_t seed, double scale)
{
    char path[4096];
    if (snprintf(path, sizeof(path), "%s/README.txt", dir) >= (int)sizeof(path)) {
        return 0;
    }
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        return 0;
    }
    fprintf(f,
            "SYNTHETIC NETWORK - kikan built-in generator 'japan' (seed %llu, scale %g).\n"
            "Operators carry public size figures; their assets, dependencies, vendors and\n"
            "contractors are invented to be plausible. Not any operator's real topology.\n"
            "Figures and assumptions: scenarios/japan/PARAMETERS.md in the kikan sources.\n",
            (unsigned long long)seed, scale);
    return fclose(f) == 0;
}

/* The command line, parsed. */
typedef struct {
    const char *out, *which;
    uint64_t seed;
    double scale;
    int force;
    char tmp[4096], old[4096]; /* DIR.tmp, DIR.old */
    int state;                 /* of DIR: dir_state */
} gen_opts_t;

/* Parse the options into o; -1 to go on, else the exit code (help, usage error). */
static int parse_args(int argc, char **argv, gen_opts_t *o)
{
    const char *cmd = "generate";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v;
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
            o->out = v;
        } else if (strcmp(a, "--seed") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_uint64(cmd, a, v, &o->seed)) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--scale") == 0) {
            if ((v = kikan_cli_value(cmd, argc, argv, &i)) == NULL ||
                !kikan_cli_parse_double(cmd, a, v, &o->scale)) {
                return KIKAN_EXIT_USAGE;
            }
            if (!(o->scale > 0 && o->scale <= 2000)) {
                fprintf(stderr, "kikan generate: --scale: expected 0 < X <= 2000, got '%s'\n", v);
                return KIKAN_EXIT_USAGE;
            }
        } else if (strcmp(a, "--force") == 0) {
            o->force = 1;
        } else if (a[0] == '-') {
            return kikan_cli_unknown_option("generate", a, usage);
        } else if (o->which == NULL) {
            o->which = a;
        } else {
            fprintf(stderr, "kikan generate: unexpected argument '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    return -1;
}

/* Check the network named and the output directory (o->tmp, o->old, o->state set); -1 to go
   on, else the exit code. */
static int check_target(gen_opts_t *o)
{
    if (o->which == NULL || strcmp(o->which, "japan") != 0) {
        fprintf(stderr, "kikan generate: %s network '%s' (available: japan)\n",
                o->which ? "unknown" : "missing", o->which ? o->which : "");
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    if (o->out == NULL || o->out[0] == '\0') {
        fprintf(stderr, "kikan generate: -o DIR is required\n");
        return KIKAN_EXIT_USAGE;
    }
    if (snprintf(o->tmp, sizeof(o->tmp), "%s.tmp", o->out) >= (int)sizeof(o->tmp) ||
        snprintf(o->old, sizeof(o->old), "%s.old", o->out) >= (int)sizeof(o->old)) {
        fprintf(stderr, "kikan generate: %s: path too long\n", o->out);
        return KIKAN_EXIT_USAGE;
    }
    o->state = dir_state(o->out);
    if (o->state < 0) {
        fprintf(stderr, "kikan generate: %s: exists and is not a directory\n", o->out);
        return KIKAN_EXIT_USAGE;
    }
    if (o->state == 2 && !o->force) {
        fprintf(stderr, "kikan generate: %s: directory is not empty (use --force to replace)\n",
                o->out);
        return KIKAN_EXIT_USAGE;
    }
    return -1;
}

/* Write the world's tables and README into DIR.tmp and swap it in for DIR (an empty DIR is
   removed, a non-empty one (--force) moved aside first); -1 on success, else the exit code
   (reported). */
static int write_tables(kikan_ctx_t *ctx, const kikan_world_t *w, const gen_opts_t *o)
{
    if (remove_flat(o->tmp) != 0 && dir_state(o->tmp) != 0) {
        fprintf(stderr, "kikan generate: %s: cannot clear the temporary directory\n", o->tmp);
        return KIKAN_EXIT_FAILURE;
    }
    kikan_error_t err = kikan_world_write_csv(ctx, w, o->tmp);
    if (err != KIKAN_OK) {
        const int rc = kikan_cli_report_error("generate", ctx, err);
        remove_flat(o->tmp);
        return rc;
    }
    if (!write_readme(o->tmp, o->seed, o->scale)) {
        fprintf(stderr, "kikan generate: %s: cannot write README.txt\n", o->tmp);
        remove_flat(o->tmp);
        return KIKAN_EXIT_FAILURE;
    }
    /* swap in: an empty DIR is removed, a non-empty one (--force) moved aside first */
    if (o->state == 1 && rmdir(o->out) != 0) {
        fprintf(stderr, "kikan generate: %s: %s\n", o->out, strerror(errno));
        return KIKAN_EXIT_FAILURE;
    }
    if (o->state == 2) {
        remove_flat(o->old);
        if (rename(o->out, o->old) != 0) {
            fprintf(stderr, "kikan generate: %s: cannot move aside: %s\n", o->out, strerror(errno));
            return KIKAN_EXIT_FAILURE;
        }
    }
    if (rename(o->tmp, o->out) != 0) {
        fprintf(stderr, "kikan generate: %s: cannot rename to %s: %s\n", o->tmp, o->out,
                strerror(errno));
        return KIKAN_EXIT_FAILURE;
    }
    if (o->state == 2 && remove_flat(o->old) != 0) {
        fprintf(stderr, "kikan generate: warning: %s left in place (it holds subdirectories)\n",
                o->old);
    }
    return -1;
}

/* The summary line: operators and assets per sector, the other counts, the times. */
static void print_summary(const kikan_world_t *w, const gen_opts_t *opt, double t_gen,
                          double t_write)
{
    kikan_id_t per[64] = {0}, ops[64] = {0};
    const kikan_id_t n_assets = kikan_world_n_assets(w), n_ops = kikan_world_n_operators(w);
    for (kikan_id_t a = 0; a < n_assets; a++) {
        kikan_id_t s = kikan_world_asset_sector(w, a);
        if (s >= 0 && s < 64) {
            per[s]++;
        }
    }
    for (kikan_id_t o = 0; o < n_ops; o++) {
        for (int i = 0; i < kikan_world_operator_n_sectors(w, o); i++) {
            kikan_id_t s = kikan_world_operator_sector(w, o, i);
            if (s >= 0 && s < 64) {
                ops[s]++;
            }
        }
    }
    printf("japan (synthetic) seed %llu scale %g: %d operators, %d assets [",
           (unsigned long long)opt->seed, opt->scale, (int)n_ops, (int)n_assets);
    for (kikan_id_t s = 0; s < kikan_world_n_sectors(w) && s < 64; s++) {
        printf("%s%s %d/%d", s ? ", " : "", kikan_world_sector_id(w, s), (int)ops[s], (int)per[s]);
    }
    printf(" operators/assets], %d dependencies, %d links, %d installations -> %s "
           "(generated in %.2f s, written in %.2f s)\n",
           (int)kikan_world_n_dependencies(w), (int)kikan_world_n_links(w),
           (int)kikan_world_n_installations(w), opt->out, t_gen, t_write);
}

int kikan_cmd_generate(int argc, char **argv)
{
    const char *cmd = "generate";
    gen_opts_t o = {.seed = 1, .scale = 1.0};
    int rc = KIKAN_EXIT_FAILURE;
    kikan_ctx_t *ctx = NULL;
    kikan_world_t *w = NULL;

    if ((rc = parse_args(argc, argv, &o)) >= 0 || (rc = check_target(&o)) >= 0) {
        return rc;
    }
    rc = KIKAN_EXIT_FAILURE;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        return kikan_cli_report_error(cmd, NULL, err);
    }
    struct timespec t0, t1, t2;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    err = kikan_gen_japan(ctx, o.seed, o.scale, &w);
    if (err == KIKAN_OK) {
        err = kikan_world_finalize(w);
    }
    if (err != KIKAN_OK) {
        rc = kikan_cli_report_error(cmd, ctx, err);
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if ((rc = write_tables(ctx, w, &o)) >= 0) {
        goto done;
    }
    clock_gettime(CLOCK_MONOTONIC, &t2);
    print_summary(w, &o, elapsed(&t0, &t1), elapsed(&t1, &t2));
    rc = KIKAN_EXIT_OK;
done:
    kikan_world_free(&w);
    kikan_ctx_free(&ctx);
    return rc;
}
