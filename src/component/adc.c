/* ADC: energy per conversion from a bits-indexed table (exact rows, or log-linear in bits
 * between rows), the Walden figure of merit (E = FoM * 2^bits), a comparator count (flash:
 * 2^bits - 1 comparators) or linear in bits (PUMAsim: energy, leakage and conversion time per
 * bit, one area); latency = 1/rate; leakage from the file. */
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

/* Table rows i and i + 1 that bracket `bits` (t_bits[0] < bits < t_bits[n - 1]). */
static int bracket(const xf_tech_adc *a, int bits)
{
    int i = 0;
    while (i < a->n_table - 2 && a->t_bits[i + 1] < bits)
        i++;
    return i;
}

/* ln(v) linear in bits between rows i and i + 1. */
static double log_linear(const int *x, const double *v, int i, int bits)
{
    double w = (double)(bits - x[i]) / (x[i + 1] - x[i]);
    return exp(log(v[i]) + w * (log(v[i + 1]) - log(v[i])));
}

int xf_adc_init(xf_adc *c, const xf_tech *tech, const xf_adc_params *p, xf_err *err)
{
    return xf_adc_init_charge(c, tech, p, XF_ADC_CHARGE_PER_CONVERSION, err);
}

int xf_adc_init_charge(xf_adc *c, const xf_tech *tech, const xf_adc_params *p, int charge,
                       xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_ADC)
        return xf_err_set(err, XF_ERR_INPUT, "%s: ADC needs a technology of kind \"adc\", got %s",
                          tech ? tech->file : "(none)",
                          tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_adc *a = &tech->u.adc;
    int bits = p && p->bits ? p->bits : a->bits;
    if (bits < 1 || bits > 16)
        return xf_err_set(err, XF_ERR_INPUT, "ADC '%s': %d bits; expected 1 to 16 bits", tech->name,
                          bits);
    if (charge != XF_ADC_CHARGE_PER_CONVERSION && charge != XF_ADC_CHARGE_LUMPED)
        return xf_err_set(err, XF_ERR_INPUT,
                          "ADC '%s': charge %d; expected per-conversion (%d) or lumped (%d)",
                          tech->name, charge, XF_ADC_CHARGE_PER_CONVERSION, XF_ADC_CHARGE_LUMPED);
    if (charge == XF_ADC_CHARGE_LUMPED && !(a->lumped_energy_per_bit > 0.0))
        return xf_err_set(err, XF_ERR_INPUT,
                          "ADC '%s' (%s) has no lumped figure; expected a file with "
                          "lumped_energy_per_bit (periph/adc-pumasim.cfg) or the per-conversion "
                          "charge",
                          tech->name, tech->file);
    /* Model linear: the conversion time is linear in bits, so the default rate is too. */
    double file_rate = a->model == XF_ADC_MODEL_LINEAR ? 1.0 / (bits * a->t_conv_per_bit) : a->rate;
    double rate = p && p->rate > 0.0 ? p->rate : file_rate;
    if (!(rate > 0.0) || !isfinite(rate))
        return xf_err_set(err, XF_ERR_INPUT, "ADC '%s': sample rate %g; expected > 0", tech->name,
                          rate);
    *c = (xf_adc){0};
    c->type = a->type;
    c->model = a->model;
    c->bits = bits;
    c->charge = charge;
    c->rate = rate;
    c->t_conv = 1.0 / rate;
    c->leak = a->leakage + bits * a->leakage_per_bit;
    int i = table_index(a, bits);
    int n = a->n_table;
    switch (a->model) {
    case XF_ADC_MODEL_TABLE:
        if (i >= 0) {
            c->e_conv = a->t_energy[i];
            c->area = a->t_area[i];
        } else if (a->interpolate && n > 1 && bits > a->t_bits[0] && bits < a->t_bits[n - 1]) {
            int j = bracket(a, bits);
            c->e_conv = log_linear(a->t_bits, a->t_energy, j, bits);
            c->area = log_linear(a->t_bits, a->t_area, j, bits);
            c->interpolated = 1;
        } else {
            return xf_err_set(err, XF_ERR_INPUT,
                              "ADC '%s' (%s): %d bits is outside the table (%d..%d bits); "
                              "expected a %s resolution, or model = \"walden\"",
                              tech->name, tech->file, bits, a->t_bits[0], a->t_bits[n - 1],
                              a->interpolate ? "tabulated or in-between" : "tabulated");
        }
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
    case XF_ADC_MODEL_LINEAR:
        c->e_conv = bits * a->energy_per_bit;
        c->area = a->area;
        break;
    }
    if (charge == XF_ADC_CHARGE_LUMPED)
        c->e_conv = bits * a->lumped_energy_per_bit; /* linear in bits, as the file says */
    return XF_OK;
}
