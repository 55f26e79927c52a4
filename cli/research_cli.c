/* Helpers shared by the research commands: JSON strings and arrays, ranged integers. */
#include <inttypes.h>
#include "commands.h"
#include "research_cli.h"

void kikan_cli_json_doubles(FILE *out, const double *v, int64_t n)
{
    fputc('[', out);
    for (int64_t i = 0; i < n; i++) {
        fprintf(out, "%s%.17g", i ? ", " : "", v[i]);
    }
    fputc(']', out);
}

int kikan_cli_parse_range(const char *cmd, const char *opt, const char *s, int64_t lo, int64_t hi,
                          int64_t *out)
{
    int64_t v = 0;
    if (!kikan_cli_parse_int64(cmd, opt, s, &v)) {
        return 0;
    }
    if (v < lo || v > hi) {
        fprintf(stderr,
                "kikan %s: %s: expected an integer in [%" PRId64 ", %" PRId64 "], got '%s'\n", cmd,
                opt, lo, hi, s);
        return 0;
    }
    *out = v;
    return 1;
}
