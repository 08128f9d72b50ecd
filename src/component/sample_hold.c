/* Sample-and-hold per crossbar column; energy = power x the crossbar cycle, or the file's
 * energy per sample; leakage from the file. */
#include "xf/component.h"

int xf_sample_hold_init(xf_sample_hold *c, const xf_tech *tech, const xf_sample_hold_params *p,
                        xf_err *err)
{
    (void)p;
    if (!tech || tech->kind != XF_TECH_SAMPLE_HOLD)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: sample-and-hold needs a technology of kind \"sample_hold\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_sample_hold *s = &tech->u.sh;
    *c = (xf_sample_hold){.power = s->power,
                          .e_sample = s->e_sample,
                          .area = s->area,
                          .leak = s->leakage,
                          .ref_cycle = s->ref_cycle};
    return XF_OK;
}
