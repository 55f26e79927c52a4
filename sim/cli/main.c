/*
 * kikan — the command line entry point: dispatches to one function per
 * command (sim/cli/cmd_*.c). Exit codes: 0 success, 1 runtime failure,
 * 2 bad input or usage.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "kikan/kikan.h"
#include "sim/cli/commands.h"
#ifdef KIKAN_HAVE_MPI
#include <mpi.h>
#endif

typedef struct {
    const char *name;
    int (*fn)(int, char **);
    const char *summary;
} command_t;

static const command_t commands[] = {
    {"run", kikan_cmd_run, "run a scenario's cascades and print the impact per sector"},
    {"validate", kikan_cmd_validate, "check a scenario and its tables without running it"},
    {"generate", kikan_cmd_generate, "write the tables of a built-in network (japan)"},
    {"scope", kikan_cmd_scope, "which operators and equipment classes to regulate"},
    {"report", kikan_cmd_report, "write a self-contained HTML report from a results file"},
    {"info", kikan_cmd_info, "summarise a results file"},
    {"percolate", kikan_cmd_percolate, "interdependent percolation (Buldyrev et al. 2010)"},
    {"load", kikan_cmd_load, "load-redistribution cascade (Motter & Lai 2002)"},
    {"threshold", kikan_cmd_threshold, "threshold cascade (Watts 2002)"},
    {"iim", kikan_cmd_iim, "inoperability input-output model (Haimes & Jiang 2001)"},
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
    fprintf(out, "\n'kikan COMMAND --help' describes a command's options.\n"
                 "exit codes: 0 success, 1 runtime failure, 2 bad input or usage.\n");
}

static int dispatch(int argc, char **argv);

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
            return commands[i].fn(argc - 1, argv + 1);
        }
    }
    fprintf(stderr, "kikan: unknown command '%s'\n", argv[1]);
    usage(stderr);
    return KIKAN_EXIT_USAGE;
}
