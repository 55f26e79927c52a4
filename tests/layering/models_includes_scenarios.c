/* Layering probe: models/ may not include a header of scenarios/ (must not compile). */
#include "kikan/scenario.h"

int kikan_layer_probe(void);
int kikan_layer_probe(void)
{
    return 0;
}
