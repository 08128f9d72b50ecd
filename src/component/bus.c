/* Bus / NoC: energy per bit per transfer, width x clock bandwidth, router energy per flit. */
#include "xf/component.h"

#include <math.h>

int xf_bus_init(xf_bus *c, const xf_tech *tech, const xf_bus_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_BUS)
        return xf_err_set(err, XF_ERR_INPUT, "%s: bus needs a technology of kind \"bus\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_bus *b = &tech->u.bus;
    int w = p && p->width_bits ? p->width_bits : b->width_bits;
    double f = p && p->freq > 0.0 ? p->freq : b->freq;
    if (w < 1 || w > 65536)
        return xf_err_set(err, XF_ERR_INPUT, "bus '%s': %d wires; expected 1 to 65536", tech->name,
                          w);
    if (!(f > 0.0) || !isfinite(f))
        return xf_err_set(err, XF_ERR_INPUT, "bus '%s': clock %g Hz; expected > 0", tech->name, f);
    *c = (xf_bus){0};
    c->width_bits = w;
    c->freq = f;
    c->e_bit = b->e_bit;
    c->bandwidth = w * f / 8.0;
    c->area = b->area * ((double)w / b->width_bits);    /* wires: linear in width */
    c->leak = b->leakage * ((double)w / b->width_bits); /* drivers: as the wires */
    c->e_router_flit = b->e_router_flit;
    c->flit_bits = b->flit_bits;
    c->router_area = b->router_area;
    c->router_leak = b->router_leakage;
    return XF_OK;
}
