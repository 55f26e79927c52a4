/* Shared helpers for the CUnit suites: run a suite file, run the CLI, read files. */
#ifndef KIKAN_TESTUTIL_H
#define KIKAN_TESTUTIL_H
#include <CUnit/Basic.h>
#include "kikan/kikan.h"

/** Run all registered suites; returns the process exit code (non-zero on any failure). */
int kikan_test_main(void);
/**
 * Run the kikan CLI with the given argument string (passed to /bin/sh), capturing
 * stdout and stderr into malloc'd strings (either may be NULL). Returns the exit code.
 */
int kikan_test_cli(const char *args, char **out, char **errs);
/** Read a whole file into a malloc'd NUL-terminated string (NULL on failure). */
char *kikan_test_slurp(const char *path);
/** Write text to path; 1 on success. */
int kikan_test_write(const char *path, const char *text);
/** A fresh empty temporary directory (malloc'd path). */
char *kikan_test_tmpdir(void);
#endif
