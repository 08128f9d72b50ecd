/* Vector unit (SFU): per-element add, mult, exp, div, max; softmax and LayerNorm expressed as
 * op counts (constants in xf/component.h). */
#include "xf/component.h"

#include <math.h>

const char *xf_vop_name(xf_vop op)
{
    static const char *const names[XF_VOP_COUNT] = {"add", "mult", "exp", "div", "max"};
    return op >= 0 && op < XF_VOP_COUNT ? names[op] : "?";
}

xf_vop_counts xf_softmax_counts(double rows, double cols)
{
    double el = rows * cols;
    xf_vop_counts k = {{0}};
    k.n[XF_VOP_MAX] = XF_SOFTMAX_MAX_PER_ELEM * el;
    k.n[XF_VOP_ADD] = XF_SOFTMAX_ADD_PER_ELEM * el;
    k.n[XF_VOP_EXP] = XF_SOFTMAX_EXP_PER_ELEM * el;
    k.n[XF_VOP_DIV] = XF_SOFTMAX_DIV_PER_ELEM * el;
    return k;
}

xf_vop_counts xf_layernorm_counts(double rows, double cols)
{
    double el = rows * cols;
    xf_vop_counts k = {{0}};
    k.n[XF_VOP_ADD] = XF_LAYERNORM_ADD_PER_ELEM * el + XF_LAYERNORM_ADD_PER_ROW * rows;
    k.n[XF_VOP_MULT] = XF_LAYERNORM_MULT_PER_ELEM * el;
    k.n[XF_VOP_DIV] = XF_LAYERNORM_DIV_PER_ROW * rows;
    return k;
}

int xf_sfu_init(xf_sfu *c, const xf_tech *tech, const xf_sfu_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_CMOS)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: vector unit needs a technology of kind "
                          "\"cmos\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_cmos *t = &tech->u.cmos;
    int units = p && p->units ? p->units : 16;
    int lanes = p && p->lanes ? p->lanes : 4;
    xf_prec prec = p ? p->prec : XF_PREC_FP16;
    double freq = p && p->freq > 0.0 ? p->freq : t->freq;
    if (units < 1 || lanes < 1)
        return xf_err_set(err, XF_ERR_INPUT, "vector unit: %d units x %d lanes; expected >= 1",
                          units, lanes);
    if (prec < 0 || prec >= XF_PREC_COUNT)
        return xf_err_set(err, XF_ERR_INPUT,
                          "vector unit: precision %d; expected int8, int16, "
                          "int32, fp16 or fp32",
                          (int)prec);
    if (!(freq > 0.0) || !isfinite(freq))
        return xf_err_set(err, XF_ERR_INPUT, "vector unit: clock %g Hz; expected > 0", freq);
    *c = (xf_sfu){0};
    c->units = units;
    c->lanes = lanes;
    c->prec = prec;
    c->freq = freq;
    c->e_op[XF_VOP_ADD] = t->e_add[prec];
    c->e_op[XF_VOP_MULT] = t->e_mult[prec];
    c->e_op[XF_VOP_EXP] = t->e_exp;
    c->e_op[XF_VOP_DIV] = t->e_div;
    c->e_op[XF_VOP_MAX] = t->e_max;
    /* One adder and one multiplier per lane; exp/div reuse them with small tables whose area
     * is not modelled. */
    c->area = (double)units * lanes * (t->a_add[prec] + t->a_mult[prec]);
    c->leak = (double)units * lanes * t->lane_leak;
    return XF_OK;
}
