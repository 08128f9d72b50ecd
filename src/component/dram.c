/* Off-chip DRAM: energy per bit and bandwidth per channel (or stack). */
#include "xf/component.h"

int xf_dram_init(xf_dram *c, const xf_tech *tech, const xf_dram_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_DRAM)
        return xf_err_set(err, XF_ERR_INPUT, "%s: DRAM needs a technology of kind \"dram\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    int ch = p && p->channels ? p->channels : 1;
    if (ch < 1 || ch > 1024)
        return xf_err_set(err, XF_ERR_INPUT, "DRAM '%s': %d channels; expected 1 to 1024",
                          tech->name, ch);
    *c = (xf_dram){
        .channels = ch, .e_bit = tech->u.dram.e_bit, .bandwidth = ch * tech->u.dram.bandwidth};
    return XF_OK;
}
