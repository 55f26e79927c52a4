/*
 * Placeholders for commands whose issue has not landed yet: each is a weak
 * symbol that the command's own cli/cmd_NAME.c replaces. A placeholder
 * says so and exits 1; none pretends to work.
 */
#include <stdio.h>
#include "commands.h"

static int not_yet(const char *name)
{
    fprintf(stderr, "kikan %s: not available in this build yet\n", name);
    return KIKAN_EXIT_FAILURE;
}

#define KIKAN_STUB(name)                                                                           \
    __attribute__((weak)) int kikan_cmd_##name(int argc, char **argv)                              \
    {                                                                                              \
        (void)argc;                                                                                \
        (void)argv;                                                                                \
        return not_yet(#name);                                                                     \
    }

KIKAN_STUB(run)
KIKAN_STUB(validate)
KIKAN_STUB(generate)
KIKAN_STUB(percolate)
KIKAN_STUB(iim)
KIKAN_STUB(threshold)
KIKAN_STUB(load)
KIKAN_STUB(scope)
KIKAN_STUB(report)
KIKAN_STUB(info)
