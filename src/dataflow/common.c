/* Shared pieces of the dataflows: dispatch, vector-op counts, result bookkeeping. */
#include "dataflow.h"

#include <math.h>
#include <string.h>

static const char *const comp_names[XF_COMP_COUNT] = {
    "xbar_array", "adc",       "dac", "sample_hold", "shift_add", "buffer",  "cim_array",
    "cim_write",  "nvm_write", "sfu", "bus",         "dram",      "leakage", "gpu"};
static const char *const engine_names[XF_ENG_COUNT] = {"pe", "ae", "sfu", "bus", "dram", "gpu"};

const char *xf_comp_name(xf_comp c)
{
    return c >= 0 && c < XF_COMP_COUNT ? comp_names[c] : "?";
}

const char *xf_engine_name(xf_engine e)
{
    return e >= 0 && e < XF_ENG_COUNT ? engine_names[e] : "?";
}

static int is(const xf_op *op, const char *a)
{
    return strcmp(op->name, a) == 0;
}

xf_vop_counts xf_df_vector_counts(const xf_op *op)
{
    xf_vop_counts k;
    memset(&k, 0, sizeof k);
    double rows = (double)op->heads * (double)op->m, cols = (double)op->n;
    double el = rows * cols;
    if (is(op, "softmax") || is(op, "xsoftmax"))
        return xf_softmax_counts(rows, cols);
    if (strstr(op->name, "norm") != NULL)
        return xf_layernorm_counts(rows, cols); /* RMSNorm counted as LayerNorm (upper bound) */
    if (is(op, "gelu")) {
        k.n[XF_VOP_MULT] = XF_GELU_MULT * el;
        k.n[XF_VOP_ADD] = XF_GELU_ADD * el;
        k.n[XF_VOP_EXP] = XF_GELU_EXP * el;
        k.n[XF_VOP_DIV] = XF_GELU_DIV * el;
    } else if (is(op, "silu")) {
        k.n[XF_VOP_EXP] = el;
        k.n[XF_VOP_ADD] = el;
        k.n[XF_VOP_DIV] = el;
    } else if (is(op, "relu")) {
        k.n[XF_VOP_MAX] = el;
    } else if (is(op, "pooler_tanh")) {
        k.n[XF_VOP_EXP] = el;
        k.n[XF_VOP_DIV] = el;
        k.n[XF_VOP_ADD] = 2 * el;
    } else if (is(op, "scale") || is(op, "xscale") || is(op, "glu_mul")) {
        k.n[XF_VOP_MULT] = el;
    } else if (is(op, "rope")) {
        k.n[XF_VOP_MULT] = 2 * el;
        k.n[XF_VOP_ADD] = el;
    } else {
        k.n[XF_VOP_ADD] = el; /* residual, position, embedding and bias adds */
    }
    return k;
}

int xf_df_add_op(xf_layer_result *lr, const char *name, xf_engine eng, double latency, double busy,
                 double energy)
{
    if (lr->n_ops >= XF_RES_MAX_OPS)
        return -1;
    xf_op_result *o = &lr->ops[lr->n_ops];
    o->name = name;
    o->engine = eng;
    o->latency = latency;
    o->busy = busy;
    o->energy = energy;
    return lr->n_ops++;
}

void xf_df_add_energy(xf_result *r, const xf_df_energy *e, double repeat)
{
    for (int i = 0; i < XF_COMP_COUNT; i++)
        r->energy_by_comp[i] += e->e[i] * repeat;
}

void xf_result_finish(xf_result *r, const xf_workload *w)
{
    r->energy = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        r->energy += r->energy_by_comp[i];
    r->area = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        r->area += r->area_by_comp[i];
    r->ops = 2.0 * ((double)w->by_kind[XF_OP_STATIC_MVM].macs +
                    (double)w->by_kind[XF_OP_DYNAMIC_MVM].macs);
    r->power = r->latency > 0 ? r->energy / r->latency : 0.0;
    r->tops = r->latency > 0 ? r->ops / r->latency / 1e12 : 0.0;
    r->tops_per_w = r->energy > 0 ? r->ops / r->energy / 1e12 : 0.0;
    r->edp = r->energy * r->latency;
    for (int e = 0; e < XF_ENG_COUNT; e++)
        r->utilisation[e] = r->latency > 0 ? r->busy[e] / r->latency : 0.0;
}

int xf_eval(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    memset(r, 0, sizeof *r);
    r->lifetime_infer = INFINITY;
    r->lifetime_s = INFINITY;
    if (a->family == XF_FAM_GPU)
        return xf_dataflow_gpu(a, w, r, err);
    return xf_dataflow_spatial(a, w, r, err);
}
