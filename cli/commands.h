/*
 * The kikan command line: one function per command, each in cli/cmd_NAME.c.
 * A command returns the process exit code: 0 success, 1 runtime failure,
 * 2 bad input or usage (KIKAN_EXIT_*).
 */
#ifndef KIKAN_CLI_COMMANDS_H
#define KIKAN_CLI_COMMANDS_H

#include <stdint.h>
#include "kikan/kikan.h"

enum { KIKAN_EXIT_OK = 0, KIKAN_EXIT_FAILURE = 1, KIKAN_EXIT_USAGE = 2 };

/* argv[0] is the command name; the options follow. */
int kikan_cmd_run(int argc, char **argv);
int kikan_cmd_validate(int argc, char **argv);
int kikan_cmd_generate(int argc, char **argv);
int kikan_cmd_percolate(int argc, char **argv);
int kikan_cmd_iim(int argc, char **argv);
int kikan_cmd_threshold(int argc, char **argv);
int kikan_cmd_load(int argc, char **argv);
int kikan_cmd_scope(int argc, char **argv);
int kikan_cmd_report(int argc, char **argv);
int kikan_cmd_info(int argc, char **argv);

/* ---- helpers shared by the commands (cli/cli_util.c) ---- */

/** Is `arg` "--help" or "-h"? */
int kikan_cli_is_help(const char *arg);
/**
 * Parse option values strictly; on a bad value print
 * "kikan CMD: OPTION: expected ..., got 'VALUE'" to stderr and return 0.
 */
int kikan_cli_parse_double(const char *cmd, const char *opt, const char *s, double *out);
int kikan_cli_parse_int64(const char *cmd, const char *opt, const char *s, int64_t *out);
int kikan_cli_parse_uint64(const char *cmd, const char *opt, const char *s, uint64_t *out);
/** Fetch the value following option argv[*i]; prints an error and returns NULL if missing. */
const char *kikan_cli_value(const char *cmd, int argc, char **argv, int *i);
/** The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" (malloc'd; NULL when out of memory). */
char *kikan_cli_iso_now(void);
/** Tell the context its MPI rank and size (a no-op without MPI). */
void kikan_cli_mpi_setup(kikan_ctx_t *ctx);
/** Print a library error (with the context's diagnostics, if any) and map it to an exit code. */
int kikan_cli_report_error(const char *cmd, kikan_ctx_t *ctx, kikan_error_t err);

#endif
