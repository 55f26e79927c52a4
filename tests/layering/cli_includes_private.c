/* Layering probe: the command line sees public headers only (must not compile). */
#include "models/world_impl.h"

int kikan_layer_probe(void);
int kikan_layer_probe(void)
{
    return 0;
}
