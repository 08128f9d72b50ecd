/* Digital MAC array at a CMOS node: multiply at the operand precision plus accumulate at the
 * accumulator precision, one MAC per unit per clock cycle. */
#include "xf/component.h"

#include <math.h>

xf_prec xf_mac_acc_prec(xf_prec p)
{
    switch (p) {
    case XF_PREC_INT8:
    case XF_PREC_INT16:
    case XF_PREC_INT32:
        return XF_PREC_INT32;
    case XF_PREC_FP16:
        return XF_PREC_FP16;
    default:
        return XF_PREC_FP32;
    }
}

int xf_mac_init(xf_mac *c, const xf_tech *tech, const xf_mac_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_CMOS)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: MAC array needs a technology of kind \"cmos\", "
                          "got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_cmos *t = &tech->u.cmos;
    xf_prec prec = p ? p->prec : XF_PREC_INT8;
    int units = p && p->units ? p->units : 1;
    double freq = p && p->freq > 0.0 ? p->freq : t->freq;
    if (prec < 0 || prec >= XF_PREC_COUNT)
        return xf_err_set(err, XF_ERR_INPUT,
                          "MAC array: precision %d; expected int8, int16, "
                          "int32, fp16 or fp32",
                          (int)prec);
    if (units < 1)
        return xf_err_set(err, XF_ERR_INPUT, "MAC array: %d units; expected >= 1", units);
    if (!(freq > 0.0) || !isfinite(freq))
        return xf_err_set(err, XF_ERR_INPUT, "MAC array: clock %g Hz; expected > 0", freq);
    xf_prec acc = xf_mac_acc_prec(prec);
    *c = (xf_mac){0};
    c->prec = prec;
    c->acc = acc;
    c->units = units;
    c->freq = freq;
    c->e_mult = t->e_mult[prec];
    c->e_add = t->e_add[acc];
    c->e_mac = c->e_mult + c->e_add;
    c->t_mac = 1.0 / freq;
    c->area = units * (t->a_mult[prec] + t->a_add[acc]);
    c->leak = units * t->lane_leak; /* one MAC unit = one vector lane */
    return XF_OK;
}
