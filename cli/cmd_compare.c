/*
 * `kikan compare A.h5 B.h5`: what changes between two runs of the same
 * network (another screening effectiveness, another seed, an added what-if):
 * per what-if, measure and sector the difference B - A with its 95% interval,
 * paired where the runs share seed and replicate count (output/compare.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "commands.h"

static const char *const CMD = "compare";

static void usage(FILE *out)
{
    fputs("usage: kikan compare A.h5 B.h5 [--json] [-o FILE]\n\n"
          "Compare two results files of the same network (kikan run or kikan scope -o FILE.h5):\n"
          "per what-if (by name), measure and sector (by id), the means in A and B, the\n"
          "difference B - A and its 95% confidence interval, and the relative change. Every\n"
          "per-replicate measure both files hold is compared (customer_hours, peak_customers,\n"
          "life_weighted, econ_loss, implants, and any measure a later kikan adds).\n"
          "The interval is paired (per-replicate differences, Student t) when both runs used\n"
          "the same seed and replicate count - replicate r then drew the same random numbers\n"
          "in both - and Welch's unpaired interval otherwise.\n\n"
          "  --json      print one JSON object instead of the tables\n"
          "  -o FILE     write FILE.txt (the tables), FILE.json or FILE.csv (one row per\n"
          "              figure, provenance in columns) instead of printing\n\n"
          "Exit 2 when the files are not kikan results, not of the same network (sectors,\n"
          "network sizes or tables checksum differ) or share no what-if.\n",
          out);
}

/* Write the comparison to `path` in format fmt, under a temporary name renamed when complete. */
static int write_file(const kikan_compare_t *c, const char *path, int fmt)
{
    const size_t len = strlen(path);
    char *tmp = malloc(len + sizeof(".tmp.XXXXXX"));
    if (tmp == NULL) {
        fprintf(stderr, "kikan compare: out of memory\n");
        return KIKAN_EXIT_FAILURE;
    }
    snprintf(tmp, len + sizeof(".tmp.XXXXXX"), "%s.tmp.XXXXXX", path);
    const int fd = mkstemp(tmp);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (f == NULL) {
        fprintf(stderr, "kikan compare: cannot write '%s'\n", path);
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return KIKAN_EXIT_FAILURE;
    }
    kikan_error_t err = fmt == KIKAN_OUT_JSON  ? kikan_compare_json(f, c)
                        : fmt == KIKAN_OUT_CSV ? kikan_compare_csv(f, c)
                                               : kikan_compare_print(f, c);
    const int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (fclose(f) != 0 || bad || err != KIKAN_OK || rename(tmp, path) != 0) {
        fprintf(stderr, "kikan compare: cannot write '%s'\n", path);
        unlink(tmp);
        free(tmp);
        return KIKAN_EXIT_FAILURE;
    }
    free(tmp);
    return KIKAN_EXIT_OK;
}

int kikan_cmd_compare(int argc, char **argv)
{
    const char *files[2] = {NULL, NULL}, *out = NULL;
    int json = 0, n_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (kikan_cli_is_help(a)) {
            usage(stdout);
            return KIKAN_EXIT_OK;
        } else if (strcmp(a, "--json") == 0) {
            json = 1;
        } else if (strcmp(a, "-o") == 0) {
            if ((out = kikan_cli_value(CMD, argc, argv, &i)) == NULL) {
                return KIKAN_EXIT_USAGE;
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return kikan_cli_unknown_option(CMD, a, usage);
        } else if (n_files < 2) {
            files[n_files++] = a;
        } else {
            fprintf(stderr, "kikan compare: two results files, got also '%s'\n", a);
            return KIKAN_EXIT_USAGE;
        }
    }
    if (n_files < 2) {
        fputs("kikan compare: needs two results files, A.h5 and B.h5\n", stderr);
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    int fmt = 0;
    if (out != NULL && (fmt = kikan_cli_out_format(
                            CMD, out, KIKAN_OUT_TEXT | KIKAN_OUT_JSON | KIKAN_OUT_CSV)) == 0) {
        return KIKAN_EXIT_USAGE;
    }
    kikan_ctx_t *ctx = NULL;
    kikan_compare_t *c = NULL;
    kikan_error_t err = kikan_ctx_new(&ctx);
    if (err != KIKAN_OK) {
        return kikan_cli_report_error(CMD, NULL, err);
    }
    int rc = KIKAN_EXIT_OK;
    if ((err = kikan_compare_files(ctx, files[0], files[1], &c)) != KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    } else if (out != NULL) {
        rc = write_file(c, out, fmt);
    } else if ((err = json ? kikan_compare_json(stdout, c) : kikan_compare_print(stdout, c)) !=
               KIKAN_OK) {
        rc = kikan_cli_report_error(CMD, ctx, err);
    }
    kikan_compare_free(&c);
    kikan_ctx_free(&ctx);
    return rc;
}
