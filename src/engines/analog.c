/* Energy and area of analog MVM arrays split by component (crossbar and CiM engines). */
#include "engines.h"

#include <stdio.h>
#include <string.h>

const char *const xf_adc_policies[] = {"fewer_rows", "refuse", NULL};
const char *const xf_adc_charges[] = {"per_conversion", "lumped", NULL};

void xf_mvm_energy_split(const xf_mvm_array *a, double n_mvm, xf_comp array_comp, xf_engine_row *r)
{
    double c = n_mvm * a->cycles;
    xf_row_energy(r, array_comp, c * a->e_cycle_array);
    xf_row_energy(r, XF_COMP_ADC, c * a->e_cycle_adc);
    xf_row_energy(r, XF_COMP_DAC, c * a->e_cycle_dac);
    xf_row_energy(r, XF_COMP_SH, c * a->e_cycle_sh);
    xf_row_energy(r, XF_COMP_SHIFT_ADD, c * a->e_cycle_sa);
}

void xf_mvm_leak_split(const xf_mvm_array *a, double n, double *by_comp)
{
    by_comp[XF_COMP_ADC] += n * a->leak_adc;
    by_comp[XF_COMP_DAC] += n * a->leak_dac;
    by_comp[XF_COMP_SH] += n * a->leak_sh;
    by_comp[XF_COMP_SHIFT_ADD] += n * a->leak_sa;
}

void xf_mvm_area_split(const xf_mvm_array *a, double n, xf_comp array_comp, double *by_comp)
{
    by_comp[array_comp] += n * a->area_cells;
    by_comp[XF_COMP_ADC] += n * a->area_adc;
    by_comp[XF_COMP_DAC] += n * a->area_dac;
    by_comp[XF_COMP_SH] += n * a->area_sh;
    by_comp[XF_COMP_SHIFT_ADD] += n * a->area_sa;
}

int xf_engine_derive_fail(xf_grp *g, const char *key, xf_err *err)
{
    char msg[sizeof err->msg];
    snprintf(msg, sizeof msg, "%s", err->msg);
    xf_err_clear(err);
    return xf_grp_fail(g, key, "%s", msg);
}

int xf_analog_periph_init(xf_analog_periph *p, const xf_engine_env *env, xf_grp *g, int adc_bits,
                          double adc_rate, int adc_charge, int dac_bits)
{
    xf_err *err = env->err;
    xf_adc_params ap = {adc_bits, adc_rate};
    xf_dac_params dp = {dac_bits};
    if (xf_adc_init_charge(&p->adc, env->tech[XF_TR_ADC], &ap, adc_charge, err) != XF_OK)
        return xf_engine_derive_fail(
            g, adc_charge == XF_ADC_CHARGE_LUMPED ? "adc_charge" : "adc_bits", err);
    if (xf_dac_init(&p->dac, env->tech[XF_TR_DAC], &dp, err) != XF_OK)
        return xf_engine_derive_fail(g, "kind", err);
    if (xf_sample_hold_init(&p->sh, env->tech[XF_TR_SAMPLE_HOLD], NULL, err) != XF_OK ||
        xf_shift_add_init(&p->sa, env->tech[XF_TR_SHIFT_ADD], NULL, err) != XF_OK)
        return xf_engine_derive_fail(g, "kind", err);
    return XF_OK;
}

void xf_buffer_note(char *buf, size_t n, const char *name, const xf_buffer *b)
{
    size_t l = strlen(buf);
    if (!b->extrapolated || l + 1 >= n)
        return;
    snprintf(buf + l, n - l, "%s%s of %.0f KB lies outside its technology table (extrapolated)",
             l ? "; " : "", name, b->capacity / 1024.0);
}
