/* ADC: energy per conversion from a bits-indexed table, the Walden figure of merit
 * (E = FoM * 2^bits) or a comparator count (flash: 2^bits - 1 comparators); latency = 1/rate. */
#include "xf/component.h"

#include <math.h>

static int table_index(const xf_tech_adc *a, int bits)
{
    for (int i = 0; i < a->n_table; i++)
        if (a->t_bits[i] == bits)
            return i;
    return -1;
}

/* Area for a resolution outside the table: ln(area) linear in bits through the two nearest
 * table rows (the Saberi-scaled table grows roughly geometrically with bits). */
static double area_extrapolate(const xf_tech_adc *a, int bits)
{
    int n = a->n_table;
    if (n == 1)
        return a->t_area[0];
    int i = bits < a->t_bits[0] ? 0 : n - 2;
    if (bits > a->t_bits[0] && bits < a->t_bits[n - 1]) {
        for (i = 0; i < n - 1 && a->t_bits[i + 1] < bits; i++)
            ;
    }
    double slope = (log(a->t_area[i + 1]) - log(a->t_area[i])) / (a->t_bits[i + 1] - a->t_bits[i]);
    return exp(log(a->t_area[i]) + slope * (bits - a->t_bits[i]));
}

int xf_adc_init(xf_adc *c, const xf_tech *tech, const xf_adc_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_ADC)
        return xf_err_set(err, XF_ERR_INPUT, "%s: ADC needs a technology of kind \"adc\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_adc *a = &tech->u.adc;
    int bits = p && p->bits ? p->bits : a->bits;
    double rate = p && p->rate > 0.0 ? p->rate : a->rate;
    if (bits < 1 || bits > 16)
        return xf_err_set(err, XF_ERR_INPUT, "ADC '%s': %d bits; expected 1 to 16 bits", tech->name,
                          bits);
    if (!(rate > 0.0) || !isfinite(rate))
        return xf_err_set(err, XF_ERR_INPUT, "ADC '%s': sample rate %g; expected > 0", tech->name,
                          rate);
    *c = (xf_adc){0};
    c->type = a->type;
    c->model = a->model;
    c->bits = bits;
    c->rate = rate;
    c->t_conv = 1.0 / rate;
    c->leak = 0.0; /* published ADC powers are total powers, folded into e_conv */
    int i = table_index(a, bits);
    switch (a->model) {
    case XF_ADC_MODEL_TABLE:
        if (i < 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "ADC '%s' (%s): %d bits is outside the table (%d..%d bits); "
                              "expected a tabulated resolution, or model = \"walden\"",
                              tech->name, tech->file, bits, a->t_bits[0],
                              a->t_bits[a->n_table - 1]);
        c->e_conv = a->t_energy[i];
        c->area = a->t_area[i];
        break;
    case XF_ADC_MODEL_WALDEN:
        c->e_conv = a->walden_fom * ldexp(1.0, bits);
        if (i >= 0) {
            c->area = a->t_area[i];
        } else if (a->n_table > 0) {
            c->area = area_extrapolate(a, bits);
            c->area_extrapolated = 1;
        } else {
            c->area = a->anchor_area;
            c->area_extrapolated = bits != a->anchor_bits;
        }
        break;
    case XF_ADC_MODEL_COMPARATORS: {
        double n_cmp = ldexp(1.0, bits) - 1.0;
        c->e_conv = n_cmp * a->cmp_energy;
        c->area = n_cmp * a->cmp_area;
        break;
    }
    }
    return XF_OK;
}
