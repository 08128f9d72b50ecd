/* PUMA's vector functional units (kind "vfu"): the cores' VFU lanes. Dynamic MVMs run as MACs,
 * one per lane per cycle, on lanes = heads x cores_per_head x lanes_per_core, with their
 * operands read from and results written to the memory of the engine named by `memory` (the
 * tile eDRAM); the vector ops mapped here (softmax and score scaling in PUMA) run on the same
 * lanes, element by element. */
#include "engines.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    /* keys */
    int lanes_per_core; /* VFU width */
    int cores_per_head; /* cores whose VFUs compute one head's attention */
    int prec;           /* xf_prec of the lanes */
    char memory_name[XF_ENGINE_NAME_LEN];
    /* derived */
    xf_mac mac;       /* one VFU lane doing a MAC per cycle */
    xf_sfu lane_ops;  /* one VFU lane for softmax and scaling (scaled by the lane count) */
    xf_buffer memory; /* operand memory, copied at link time */
} vfu_state;

_Static_assert(sizeof(vfu_state) <= XF_ENGINE_STATE_BYTES, "vfu state exceeds the die slot");

static const xf_param_def params[] = {
    {"lanes_per_core", XF_P_INT, 0, 1, 4096, XF_REQ, 1, NULL, offsetof(vfu_state, lanes_per_core)},
    {"cores_per_head", XF_P_INT, 0, 1, 4096, XF_REQ, 1, NULL, offsetof(vfu_state, cores_per_head)},
    {"precision", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_PREC_INT16, xf_engine_precisions,
     offsetof(vfu_state, prec)},
    {"memory", XF_P_NAME, 0, 0, 0, XF_REQ, 0, NULL, offsetof(vfu_state, memory_name)},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    vfu_state *v = st;
    xf_err *err = env->err;
    (void)g;
    memset(&v->memory, 0, sizeof v->memory);
    xf_mac_params mp = {.prec = (xf_prec)v->prec, .units = 1, .freq = env->freq};
    xf_sfu_params sp = {.units = 1, .lanes = 1, .prec = (xf_prec)v->prec, .freq = env->freq};
    if (xf_mac_init(&v->mac, env->tech[XF_TR_CMOS], &mp, err) == XF_OK)
        xf_sfu_init(&v->lane_ops, env->tech[XF_TR_CMOS], &sp, err);
    return err->code;
}

static int link(void *st, const xf_die *d, int self, xf_grp *g, const xf_engine_env *env)
{
    vfu_state *v = st;
    (void)env;
    int i = xf_die_find(d, v->memory_name);
    int has = i >= 0 && d->eng[i].kind->memory != NULL;
    if (xf_engine_link(d, self, g, "memory", v->memory_name, has, "operand memory") < 0)
        return XF_ERR_INPUT;
    v->memory = *d->eng[i].kind->memory(xf_die_state(d, i));
    return XF_OK;
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    (void)st; /* the lanes are part of the cores: PUMA's core area is not modelled apart */
    (void)z;
    (void)by_comp;
}

static void run(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    const vfu_state *v = st;
    double lanes = (double)op->heads * v->cores_per_head * v->lanes_per_core;
    xf_engine_row *r = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    r->occupancy = lanes; /* the engine's static power is one lane's */
    if (op->kind == XF_OP_DYNAMIC_MVM) {
        double macs = (double)op->macs;
        r->latency = r->busy = ceil(macs / lanes) * v->mac.t_mac;
        xf_row_energy(r, XF_COMP_SFU, macs * v->mac.e_mac);
        xf_row_energy(r, XF_COMP_BUFFER,
                      xf_buffer_read_energy(&v->memory, (double)op->act_in_bytes) +
                          xf_buffer_write_energy(&v->memory, (double)op->act_out_bytes));
        return;
    }
    xf_vop_counts k = xf_vector_counts(op);
    double cyc = 0.0;
    for (int i = 0; i < XF_VOP_COUNT; i++)
        if (k.n[i] > 0.0)
            cyc += ceil(k.n[i] / lanes);
    r->latency = r->busy = cyc / v->lane_ops.freq;
    xf_row_energy(r, XF_COMP_SFU, xf_sfu_energy(&v->lane_ops, &k));
}

/* One lane (a MAC unit and its vector ALU): a row powers as many as it uses. */
static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    const vfu_state *v = st;
    (void)z;
    by_comp[XF_COMP_SFU] += v->lane_ops.leak; /* the MAC is the same lane's multiplier */
}

const xf_engine_kind xf_engine_vfu = {
    .name = "vfu",
    .what = "PUMA core vector lanes: dynamic MVMs as MACs and vector ops, operands in tile memory",
    .runs = 1u << XF_OP_DYNAMIC_MVM | 1u << XF_OP_NONLINEAR | 1u << XF_OP_ELEMENTWISE,
    .flags = XF_EK_FIXED_POINT | XF_EK_GATEABLE,
    .techs = 1u << XF_TR_CMOS,
    .state_size = sizeof(vfu_state),
    .params = params,
    .derive = derive,
    .link = link,
    .area = area,
    .run = run,
    .static_power = static_power,
};
