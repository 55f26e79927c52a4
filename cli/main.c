/*
 * kikan — the command line entry point: dispatches to one function per
 * command (cli/cmd_*.c). Exit codes: 0 success, 1 runtime failure,
 * 2 bad input or usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kikan/kikan.h"
#include "commands.h"
#ifdef KIKAN_HAVE_MPI
#include <mpi.h>
#endif

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
    int stdout_results; /* prints its results: `-o FILE` captures them (see run_to_file) */
} command_t;

static const command_t commands[] = {
    {"run", kikan_cmd_run, "run a scenario's cascades and print the impact per sector", 0},
    {"validate", kikan_cmd_validate, "check a scenario and its tables without running it", 0},
    {"generate", kikan_cmd_generate, "write the tables of a built-in network (japan)", 0},
    {"scope", kikan_cmd_scope, "which operators and equipment classes to regulate", 0},
    {"structure", kikan_cmd_structure,
     "single points of failure and other structure, no simulation", 0},
    {"report", kikan_cmd_report, "write a self-contained HTML report from a results file", 0},
    {"info", kikan_cmd_info, "summarise a results file", 0},
    {"compare", kikan_cmd_compare, "differences between two results files, with intervals", 0},
    {"percolate", kikan_cmd_percolate, "interdependent percolation (Buldyrev et al. 2010)", 1},
    {"load", kikan_cmd_load, "load-redistribution cascade (Motter & Lai 2002)", 1},
    {"threshold", kikan_cmd_threshold, "threshold cascade (Watts 2002)", 1},
    {"iim", kikan_cmd_iim, "inoperability input-output model (Haimes & Jiang 2001)", 1},
};
enum { N_COMMANDS = sizeof(commands) / sizeof(commands[0]) };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kikan [--version] [--help] COMMAND [OPTIONS]\n\n"
            "kikan %s — sector dependency simulation engine.\n\ncommands:\n",
            KIKAN_VERSION_STRING);
    for (int i = 0; i < N_COMMANDS; i++) {
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    }
    fprintf(out, "\npercolate, load, threshold and iim also take -o FILE: what they print goes to\n"
                 "FILE (FILE.txt the text, FILE.json the --json output), written under a\n"
                 "temporary name and renamed only when complete.\n");
    fprintf(out, "\n'kikan COMMAND --help' describes a command's options.\n"
                 "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

static int dispatch(int argc, char **argv);

/*
 * Run a command that prints its results with `-o FILE` taken out of argv:
 * standard output goes to a temporary file beside FILE, which is renamed to
 * FILE only when the command succeeds and everything reached the disk;
 * otherwise it is removed and FILE (if any) stays as it was.
 */
static int run_to_file(const command_t *c, int argc, char **argv, const char *path)
{
    size_t len = strlen(path);
    char *tmp = malloc(len + sizeof(".tmp.XXXXXX"));
    if (tmp == NULL) {
        fprintf(stderr, "kikan %s: out of memory\n", c->name);
        return KIKAN_EXIT_FAILURE;
    }
    memcpy(tmp, path, len);
    memcpy(tmp + len, ".tmp.XXXXXX", sizeof(".tmp.XXXXXX"));
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "kikan %s: cannot write '%s': %s\n", c->name, path, strerror(errno));
        free(tmp);
        return KIKAN_EXIT_USAGE;
    }
    (void)fchmod(fd, 0644);
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int code = KIKAN_EXIT_FAILURE;
    if (saved >= 0 && dup2(fd, STDOUT_FILENO) >= 0) {
        code = c->fn(argc, argv);
        int bad = fflush(stdout) != 0 || ferror(stdout) || fsync(STDOUT_FILENO) != 0;
        clearerr(stdout);
        dup2(saved, STDOUT_FILENO);
        if (code == KIKAN_EXIT_OK && bad) {
            fprintf(stderr, "kikan %s: cannot write '%s': %s\n", c->name, path,
                    errno ? strerror(errno) : "write error");
            code = KIKAN_EXIT_FAILURE;
        }
        if (code == KIKAN_EXIT_OK && rename(tmp, path) != 0) {
            fprintf(stderr, "kikan %s: cannot write '%s': %s\n", c->name, path, strerror(errno));
            code = KIKAN_EXIT_FAILURE;
        }
    }
    if (saved >= 0) {
        close(saved);
    }
    close(fd);
    if (code != KIKAN_EXIT_OK) {
        unlink(tmp);
    }
    free(tmp);
    return code;
}

/* The value of `-o FILE` in argv[1..argc), removed from argv (argc updated); NULL if absent. */
static const char *take_output(int *argc, char **argv)
{
    for (int i = 1; i + 1 < *argc; i++) {
        if (strcmp(argv[i], "-o") == 0) {
            const char *path = argv[i + 1];
            for (int j = i; j + 2 <= *argc; j++) {
                argv[j] = argv[j + 2];
            }
            *argc -= 2;
            return path;
        }
    }
    return NULL;
}

int main(int argc, char **argv)
{
#ifdef KIKAN_HAVE_MPI
    MPI_Init(&argc, &argv);
    int code = dispatch(argc, argv);
    MPI_Finalize();
#else
    int code = dispatch(argc, argv);
#endif
    /*
     * Standard output that never reached its file (a full disk, a file size
     * limit) is a failure, not a success with a truncated answer.
     */
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "kikan: cannot write the output: %s\n",
                errno ? strerror(errno) : "write error");
        return code == KIKAN_EXIT_OK ? KIKAN_EXIT_FAILURE : code;
    }
    return code;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return KIKAN_EXIT_USAGE;
    }
    if (kikan_cli_is_help(argv[1])) {
        usage(stdout);
        return KIKAN_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("kikan %s\n", KIKAN_VERSION_STRING);
        return KIKAN_EXIT_OK;
    }
    for (int i = 0; i < N_COMMANDS; i++) {
        if (strcmp(argv[1], commands[i].name) == 0) {
            int sub_argc = argc - 1;
            const char *out = commands[i].stdout_results ? take_output(&sub_argc, argv + 1) : NULL;
            if (out != NULL) {
                /* the extension picks the format: FILE.json the --json output, FILE.txt the text */
                const int fmt =
                    kikan_cli_out_format(commands[i].name, out, KIKAN_OUT_TEXT | KIKAN_OUT_JSON);
                int has_json = 0;
                for (int k = 1; k < sub_argc; k++) {
                    has_json |= strcmp(argv[1 + k], "--json") == 0;
                }
                if (fmt == KIKAN_OUT_TEXT && has_json) {
                    fprintf(stderr,
                            "kikan %s: -o %s: a .txt file takes the text output; name it "
                            ".json for --json\n",
                            commands[i].name, out);
                }
                if (fmt == 0 || (fmt == KIKAN_OUT_TEXT && has_json)) {
                    return KIKAN_EXIT_USAGE;
                }
                if (fmt == KIKAN_OUT_JSON && !has_json) {
                    static char json_flag[] = "--json";
                    argv[1 + sub_argc++] = json_flag; /* take_output freed two slots */
                }
                return run_to_file(&commands[i], sub_argc, argv + 1, out);
            }
            return commands[i].fn(sub_argc, argv + 1);
        }
    }
    const char *names[N_COMMANDS];
    for (int i = 0; i < N_COMMANDS; i++) {
        names[i] = commands[i].name;
    }
    const char *sug = kikan_suggest(argv[1], names, N_COMMANDS);
    if (sug != NULL) {
        fprintf(stderr, "kikan: unknown command '%s' (did you mean '%s'?)\n", argv[1], sug);
    } else {
        fprintf(stderr, "kikan: unknown command '%s'\n", argv[1]);
    }
    usage(stderr);
    return KIKAN_EXIT_USAGE;
}
