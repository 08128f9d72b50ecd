/* Sample-and-hold per crossbar column; energy = power x the crossbar cycle. */
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
    *c = (xf_sample_hold){
        .power = s->power, .area = s->area, .leak = 0.0, .ref_cycle = s->ref_cycle};
    return XF_OK;
}
