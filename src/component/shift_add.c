/* Shift-and-add: one op per ADC conversion; energy, area and leakage linear in operand width. */
#include "xf/component.h"

int xf_shift_add_init(xf_shift_add *c, const xf_tech *tech, const xf_shift_add_params *p,
                      xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_SHIFT_ADD)
        return xf_err_set(
            err, XF_ERR_INPUT, "%s: shift-and-add needs a technology of kind \"shift_add\", got %s",
            tech ? tech->file : "(none)", tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_shift_add *s = &tech->u.sa;
    int w = p && p->width_bits ? p->width_bits : s->width_bits;
    if (w < 1 || w > 256)
        return xf_err_set(err, XF_ERR_INPUT, "shift-and-add '%s': width %d bits; expected 1 to 256",
                          tech->name, w);
    double f = (double)w / s->width_bits;
    *c = (xf_shift_add){.width_bits = w,
                        .e_op = s->e_op * f,
                        .t_op = s->t_op,
                        .area = s->area * f,
                        .leak = s->leakage * f};
    return XF_OK;
}
