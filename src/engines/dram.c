/* DRAM engine (kind "dram"): off-chip memory that other engines spill to or stream weights
 * from (energy per bit, bandwidth of all channels). It runs no op itself. */
#include "engines.h"

#include <stddef.h>

typedef struct {
    int channels; /* key */
    xf_dram dram;
} dram_state;

_Static_assert(sizeof(dram_state) <= XF_ENGINE_STATE_BYTES, "dram state exceeds the die slot");

static const xf_param_def params[] = {
    {"channels", XF_P_INT, 0, 1, 64, XF_REQ, 1, NULL, offsetof(dram_state, channels)},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    dram_state *d = st;
    (void)g;
    xf_dram_params dp = {.channels = d->channels};
    return xf_dram_init(&d->dram, env->tech[XF_TR_DRAM], &dp, env->err);
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)st; /* off chip */
    (void)z;
    (void)by_comp;
}

static const xf_dram *dram(const void *st)
{
    return &((const dram_state *)st)->dram;
}

const xf_engine_kind xf_engine_dram = {
    .name = "dram",
    .what = "off-chip DRAM: score spills and streamed weights of the engines that name it",
    .runs = 0,
    .flags = 0,
    .techs = 1u << XF_TR_DRAM,
    .state_size = sizeof(dram_state),
    .params = params,
    .derive = derive,
    .area = area,
    .dram = dram,
};
