/* Layering probe: scenarios/ may not include sim/'s private header (must not compile). */
#include "sim/engine_impl.h"

int kikan_layer_probe(void);
int kikan_layer_probe(void)
{
    return 0;
}
