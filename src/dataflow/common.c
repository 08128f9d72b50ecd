/* Shared pieces of the dataflows: dispatch, vector-op counts, result bookkeeping. */
#include "dataflow.h"

#include <math.h>
#include <stddef.h>
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

int xf_df_add_op(xf_result *r, xf_layer_result *lr, const char *name, xf_engine eng, double latency,
                 double busy, double energy)
{
    if (lr->n_ops >= lr->cap)
        return -1;
    xf_op_result *o = &r->rows[lr->first_row + lr->n_ops];
    o->name = name;
    o->engine = eng;
    o->latency = latency;
    o->busy = busy;
    o->energy = energy;
    return lr->n_ops++;
}

xf_layer_result *xf_df_layer_begin(xf_result *r, int li, const xf_layer *l)
{
    xf_layer_result *lr = &r->layers[li];
    memset(lr, 0, sizeof *lr);
    memcpy(lr->name, l->name, sizeof lr->name);
    lr->stack = l->stack;
    lr->repeat = l->repeat;
    lr->first_row = r->n_rows;
    lr->cap = l->result_rows;
    if (lr->cap > XF_RES_MAX_ROWS - r->n_rows)
        lr->cap = XF_RES_MAX_ROWS - r->n_rows; /* not reached: the workload limits bound it */
    r->n_rows += lr->cap;
    return lr;
}

int xf_df_rows_overflow(const xf_layer_result *lr, xf_err *err)
{
    return xf_err_set(err, XF_ERR_RUNTIME,
                      "internal limit: layer %s needs more than its %d result rows; expected at "
                      "most %d rows per op (XF_OP_MAX_ROWS)",
                      lr->name, lr->cap, XF_OP_MAX_ROWS);
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

/* 1 when every number a report prints is finite (lifetimes may be +inf: nothing written). */
static int result_finite(const xf_result *r)
{
    const double head[] = {r->latency,
                           r->energy,
                           r->area,
                           r->power,
                           r->ops,
                           r->tops,
                           r->tops_per_w,
                           r->edp,
                           r->nvm_writes,
                           r->spill_bytes,
                           r->replicas,
                           r->xbars_needed,
                           r->xbars_available,
                           r->cim_arrays,
                           r->iso_reference_area,
                           r->writes_per_cell_max};
    int ok = 1;
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        ok &= isfinite(head[i]) != 0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        ok &= isfinite(r->energy_by_comp[i]) && isfinite(r->area_by_comp[i]);
    for (int i = 0; i < XF_ENG_COUNT; i++)
        ok &= isfinite(r->busy[i]) && isfinite(r->utilisation[i]);
    for (int l = 0; l < r->n_layers; l++) {
        const xf_op_result *o = xf_layer_rows(r, &r->layers[l]);
        for (int k = 0; k < r->layers[l].n_ops; k++)
            ok &= isfinite(o[k].latency) && isfinite(o[k].energy);
    }
    return ok;
}

void xf_eval_wl_params(const xf_arch *a, xf_wl_params *p)
{
    if (a->family == XF_FAM_GPU)
        return;
    p->w_bits = a->w_bits;
    p->a_bits = a->a_bits;
    p->bits_per_cell = a->has_pe ? a->pe.xbar.core.bits_per_cell : a->ae.array.core.bits_per_cell;
}

int xf_eval(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    memset(r, 0, offsetof(xf_result, rows)); /* the rows are written before they are read */
    r->lifetime_infer = INFINITY;
    r->lifetime_s = INFINITY;
    int rc =
        a->family == XF_FAM_GPU ? xf_dataflow_gpu(a, w, r, err) : xf_dataflow_spatial(a, w, r, err);
    /* Parameters that pass their range checks can still combine past the double range (a
     * 1e-300 GS/s ADC on GPT-3 at a million tokens): refuse rather than print inf. */
    if (rc == XF_OK && !result_finite(r))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s on %s: the estimate overflows (latency %.3g s, energy %.3g J, EDP "
                          "%.3g J s); expected physical rates, sizes and energies in %s",
                          a->name, w->model.name, r->latency, r->energy, r->edp, a->file);
    return rc;
}
