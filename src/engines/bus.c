/* Bus engine (kind "bus"): moves an op's output to the engine that consumes it (map.transfer):
 * energy per bit, width_bits per clock cycle. */
#include "engines.h"

#include <stddef.h>

typedef struct {
    int width_bits; /* key */
    xf_bus bus;
} bus_state;

_Static_assert(sizeof(bus_state) <= XF_ENGINE_STATE_BYTES, "bus state exceeds the die slot");

static const xf_param_def params[] = {
    {"width_bits", XF_P_INT, 0, 1, 65536, XF_REQ, 512, NULL, offsetof(bus_state, width_bits)},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    bus_state *b = st;
    (void)g;
    xf_bus_params bp = {b->width_bits, env->freq};
    return xf_bus_init(&b->bus, env->tech[XF_TR_BUS], &bp, env->err);
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)z;
    by_comp[XF_COMP_BUS] += ((const bus_state *)st)->bus.area;
}

static void transfer(const void *st, double bytes, xf_engine_row *row)
{
    const xf_bus *b = &((const bus_state *)st)->bus;
    xf_row_energy(row, XF_COMP_BUS, xf_bus_energy(b, bytes));
    row->latency = row->busy = xf_bus_time(b, bytes);
}

static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)z;
    by_comp[XF_COMP_BUS] += ((const bus_state *)st)->bus.leak;
}

const xf_engine_kind xf_engine_bus = {
    .name = "bus",
    .what = "on-chip bus between engines: outputs handed to the engine that consumes them",
    .runs = 0,
    .flags = XF_EK_TRANSFER | XF_EK_FIXED_POINT | XF_EK_GATEABLE,
    .techs = 1u << XF_TR_BUS,
    .state_size = sizeof(bus_state),
    .params = params,
    .derive = derive,
    .area = area,
    .transfer = transfer,
    .static_power = static_power,
};
