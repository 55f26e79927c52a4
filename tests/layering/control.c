/* Layering control probe (scenarios layer): includes only what its layer may
 * see, so it must compile; the other probes fail for the reason they name. */
#include "core/strtab.h"
#include "kikan/scenario.h"
#include "models/world_impl.h"

int kikan_layer_probe(void);
int kikan_layer_probe(void)
{
    return (int)sizeof(kikan_world_t *);
}
