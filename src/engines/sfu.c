/* Special-function unit engine (kind "sfu"): vector units with lanes for softmax, LayerNorm,
 * activations and element-wise adds. Every op is one element per lane per cycle (pipelined);
 * op classes run one after the other on all lanes (xf_sfu_time). With `units_per_tile_of`
 * naming another engine, `units` are per tile of that engine (X-Former: an SFU inside each
 * attention tile). */
#include "engines.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    xf_sfu_params p;
    char per_tile_of[XF_ENGINE_NAME_LEN];
    xf_sfu sfu;
} sfu_state;

_Static_assert(sizeof(sfu_state) <= XF_ENGINE_STATE_BYTES, "sfu state exceeds the die slot");

static int build(void *st, xf_grp *g, const xf_engine_env *env)
{
    sfu_state *s = st;
    memset(s, 0, sizeof *s);
    s->p.units = (int)xf_grp_int(g, "units", 1, 1000000, XF_REQ, 16);
    s->p.lanes = (int)xf_grp_int(g, "lanes", 1, 4096, XF_REQ, 4);
    s->p.freq = env->freq;
    const char *prec = xf_grp_str(g, "precision", XF_OPT, "fp16");
    const char *per = xf_grp_str(g, "units_per_tile_of", XF_OPT, "");
    snprintf(s->per_tile_of, sizeof s->per_tile_of, "%s", per);
    if (env->err->code == XF_OK && xf_prec_parse(prec, &s->p.prec) != 0)
        xf_grp_fail(g, "precision",
                    "'%s' is not a precision; expected int8, int16, int32, fp16 or fp32", prec);
    return env->err->code;
}

/* The units are known once the engine they sit in is built. */
static int link(void *st, const xf_die *d, int self, xf_grp *g, const xf_engine_env *env)
{
    sfu_state *s = st;
    xf_sfu_params p = s->p;
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
    .build = build,
    .link = link,
    .area = area,
    .run = run,
};
