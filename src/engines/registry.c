/* The engine kinds an architecture file can name: one line per kind. */
#include "xf/engine.h"

#include <string.h>

extern const xf_engine_kind xf_engine_xbar, xf_engine_cim, xf_engine_vfu, xf_engine_sfu,
    xf_engine_bus, xf_engine_dram, xf_engine_gpu, xf_engine_die_link;

static const xf_engine_kind *const kinds[] = {
    &xf_engine_xbar,     /* NVM crossbars (xbar.c) */
    &xf_engine_cim,      /* SRAM compute-in-memory (cim.c) */
    &xf_engine_vfu,      /* PUMA's vector lanes (vfu.c) */
    &xf_engine_sfu,      /* special-function unit (sfu.c) */
    &xf_engine_bus,      /* bus between engines (bus.c) */
    &xf_engine_dram,     /* off-chip DRAM (dram.c) */
    &xf_engine_gpu,      /* GPU roofline (gpu.c) */
    &xf_engine_die_link, /* die-to-die link (link.c) */
};

int xf_engine_kind_count(void)
{
    return (int)(sizeof kinds / sizeof kinds[0]);
}

const xf_engine_kind *xf_engine_kind_at(int i)
{
    return i >= 0 && i < xf_engine_kind_count() ? kinds[i] : NULL;
}

const xf_engine_kind *xf_engine_kind_find(const char *name)
{
    for (int i = 0; i < xf_engine_kind_count(); i++)
        if (strcmp(kinds[i]->name, name) == 0)
            return kinds[i];
    return NULL;
}
