/* Layering probe: sim/ may not include output/'s public header (must not compile). */
#include "kikan/output.h"

int kikan_layer_probe(void);
int kikan_layer_probe(void)
{
    return 0;
}
