/*
 * The kikan command line: one function per command, each in cli/cmd_NAME.c.
 * A command returns the process exit code: 0 success, 1 runtime failure,
 * 2 bad input or usage (KIKAN_EXIT_*).
 */
#ifndef KIKAN_CLI_COMMANDS_H
#define KIKAN_CLI_COMMANDS_H

#include <stdint.h>
#include <stdio.h>
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
int kikan_cmd_structure(int argc, char **argv);
int kikan_cmd_report(int argc, char **argv);
int kikan_cmd_info(int argc, char **argv);
int kikan_cmd_compare(int argc, char **argv);

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
/**
 * Stamp what the library cannot know into the results' provenance: the host
 * name and, for a scenario with CSV tables, their checksum. KIKAN_ENOMEM, or
 * the checksum's error.
 */
kikan_error_t kikan_cli_stamp_provenance(const kikan_scenario_t *sc, kikan_results_t *res);
/** Set provenance text `which` (KIKAN_RESULTS_STARTED or _FINISHED) to the time now. */
kikan_error_t kikan_cli_stamp_time(kikan_results_t *res, kikan_results_text_t which);
/**
 * Run the scenario's ensemble as `kikan run` does (its replicates, seed and
 * screening), with host, tables checksum and start/end times filled in, and
 * summarize it: the ensemble that `scope -o` and `structure -o` store beside
 * their own group. Under mpirun every rank must call it: each runs its share
 * of the replicates and rank 0's *out holds them all (the others' do not).
 * The caller frees *out (kikan_results_free).
 */
kikan_error_t kikan_cli_run_scenario(kikan_ctx_t *ctx, const kikan_model_t *m,
                                     const kikan_scenario_t *sc, kikan_results_t **out);
/** Tell the context its MPI rank and size (a no-op without MPI). */
void kikan_cli_mpi_setup(kikan_ctx_t *ctx);
/**
 * Report an unknown option of command `cmd`: "kikan CMD: unknown option 'ARG'
 * (did you mean '--x'?); see kikan CMD --help" on stderr, the suggestion taken
 * among the options that `usage` prints (so a new option is covered as soon as
 * it is documented). Returns KIKAN_EXIT_USAGE.
 */
int kikan_cli_unknown_option(const char *cmd, const char *arg, void (*usage)(FILE *));
/* Output formats, as a mask of those a command writes (kikan_cli_out_format). */
enum {
    KIKAN_OUT_HDF5 = 1, /* .h5, .hdf5 */
    KIKAN_OUT_CSV = 2,  /* .csv */
    KIKAN_OUT_JSON = 4, /* .json */
    KIKAN_OUT_HTML = 8, /* .html, .htm */
    KIKAN_OUT_TEXT = 16 /* .txt */
};
/**
 * The format of `-o PATH`, chosen by its extension among `allowed` (a mask of
 * KIKAN_OUT_*), after checking that PATH can be written: not a directory, in
 * an existing directory that we may write into. On a problem prints
 * "kikan CMD: -o PATH: why (expected .h5 or .csv)" and returns 0 (exit 2):
 * called before any work starts, so a bad path costs no run.
 */
int kikan_cli_out_format(const char *cmd, const char *path, int allowed);
/**
 * Check that an output file can be written (what kikan_cli_out_format checks
 * of -o, for another option: --write-graph FILE): not a directory, in an
 * existing directory we may write into; else print "kikan CMD: OPT PATH: why"
 * and return 0 (exit 2, before any work).
 */
int kikan_cli_check_out_file(const char *cmd, const char *opt, const char *path);
/**
 * Check that an output directory (`--csv DIR`) exists and is writable; else
 * print "kikan CMD: OPT DIR: why" and return 0.
 */
int kikan_cli_check_out_dir(const char *cmd, const char *opt, const char *dir);
/** Print a library error (with the context's diagnostics, if any) and map it to an exit code. */
int kikan_cli_report_error(const char *cmd, kikan_ctx_t *ctx, kikan_error_t err);

#endif
