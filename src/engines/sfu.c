/* Special-function unit engine (kind "sfu"): vector units with lanes for softmax, LayerNorm,
 * activations and element-wise adds. Every op is one element per lane per cycle (pipelined);
 * op classes run one after the other on all lanes (xf_sfu_time). With `units_per_tile_of`
 * naming another engine, `units` are per tile of that engine (X-Former: an SFU inside each
 * attention tile). */
#include "engines.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    /* keys */
    int units, lanes, prec;
    char per_tile_of[XF_ENGINE_NAME_LEN];
    /* derived (at link time: the units may be per tile of another engine) */
    double freq;
    xf_sfu sfu;
} sfu_state;

_Static_assert(sizeof(sfu_state) <= XF_ENGINE_STATE_BYTES, "sfu state exceeds the die slot");

static const xf_param_def params[] = {
    {"units", XF_P_INT, 0, 1, 1000000, XF_REQ, 16, NULL, offsetof(sfu_state, units)},
    {"lanes", XF_P_INT, 0, 1, 4096, XF_REQ, 4, NULL, offsetof(sfu_state, lanes)},
    {"precision", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_PREC_FP16, xf_engine_precisions,
     offsetof(sfu_state, prec)},
    {"units_per_tile_of", XF_P_NAME, 0, 0, 0, XF_OPT, 0, NULL, offsetof(sfu_state, per_tile_of)},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    sfu_state *s = st;
    (void)g;
    s->freq = env->freq;
    memset(&s->sfu, 0, sizeof s->sfu);
    return XF_OK;
}

/* The units are known once the engine they sit in is built. */
static int link(void *st, const xf_die *d, int self, xf_grp *g, const xf_engine_env *env)
{
    sfu_state *s = st;
    xf_sfu_params p = {
        .units = s->units, .lanes = s->lanes, .prec = (xf_prec)s->prec, .freq = s->freq};
    if (s->per_tile_of[0]) {
        int i = xf_die_find(d, s->per_tile_of);
        int has = i >= 0 && d->eng[i].kind->tiles != NULL;
        if (xf_engine_link(d, self, g, "units_per_tile_of", s->per_tile_of, has, "tiles") < 0)
            return XF_ERR_INPUT;
        p.units *= d->eng[i].kind->tiles(xf_die_state(d, i));
    }
    return xf_sfu_init(&s->sfu, env->tech[XF_TR_CMOS], &p, env->err);
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)z;
    by_comp[XF_COMP_SFU] += ((const sfu_state *)st)->sfu.area;
}

static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)z;
    by_comp[XF_COMP_SFU] += ((const sfu_state *)st)->sfu.leak;
}

static void run(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    const xf_sfu *sfu = &((const sfu_state *)st)->sfu;
    xf_vop_counts k = xf_vector_counts(op);
    xf_engine_row *r = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    r->latency = r->busy = xf_sfu_time(sfu, &k);
    xf_row_energy(r, XF_COMP_SFU, xf_sfu_energy(sfu, &k));
}

const xf_engine_kind xf_engine_sfu = {
    .name = "sfu",
    .what = "vector units: softmax, normalisation, activations, element-wise adds",
    .runs = 1u << XF_OP_NONLINEAR | 1u << XF_OP_ELEMENTWISE,
    .flags = XF_EK_FIXED_POINT | XF_EK_GATEABLE,
    .techs = 1u << XF_TR_CMOS,
    .state_size = sizeof(sfu_state),
    .params = params,
    .derive = derive,
    .link = link,
    .area = area,
    .run = run,
    .static_power = static_power,
};
