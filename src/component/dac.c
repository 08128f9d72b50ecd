/* 1-bit (or wider) DAC driving one crossbar row; energy = power x the cycle it drives, or the
 * file's energy per conversion; leakage from the file. */
#include "xf/component.h"

#include <math.h>

int xf_dac_init(xf_dac *c, const xf_tech *tech, const xf_dac_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_DAC)
        return xf_err_set(err, XF_ERR_INPUT, "%s: DAC needs a technology of kind \"dac\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_dac *d = &tech->u.dac;
    int bits = p && p->bits ? p->bits : d->bits;
    if (bits < 1 || bits > 16)
        return xf_err_set(err, XF_ERR_INPUT, "DAC '%s': %d bits; expected 1 to 16 bits", tech->name,
                          bits);
    /* Other resolutions: energy, power, leakage and area grow as 2^bits (as Accelergy's
     * isaac.py scales the ISAAC DAC); only the tabulated resolution is a published point. */
    double f = ldexp(1.0, bits - d->bits);
    *c = (xf_dac){.bits = bits,
                  .power = d->power * f,
                  .e_conv = d->e_conv * f,
                  .area = d->area * f,
                  .leak = d->leakage * f,
                  .ref_cycle = d->ref_cycle};
    return XF_OK;
}
