/* Energy and area of analog MVM arrays split by component (crossbar and CiM engines). */
#include "engines.h"

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
