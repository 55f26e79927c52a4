/* Small helpers shared by the research commands (load, threshold, iim). */
#ifndef KIKAN_CLI_RESEARCH_CLI_H
#define KIKAN_CLI_RESEARCH_CLI_H

#include <stdint.h>
#include <stdio.h>

/** Write an array of doubles as JSON ("%.17g", so values round-trip). */
void kikan_cli_json_doubles(FILE *out, const double *v, int64_t n);
/** Parse an integer option in [lo, hi]; prints "kikan CMD: OPT: ..." and returns 0 if not. */
int kikan_cli_parse_range(const char *cmd, const char *opt, const char *s, int64_t lo, int64_t hi,
                          int64_t *out);

#endif
