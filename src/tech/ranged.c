/* Which values of a technology file may carry a range (xf/cfg.h) and the number of the loaded
 * struct each one sets, so that a study can draw a value without reading the file again.
 *
 * Invariant: every number listed is proportional to its key's value as the loader reads it
 * and as xf_tech_to_node moves it (a scale factor, never an offset), so a draw v sets it to
 * pinned x v / nominal. A key whose value enters the model in any other way is not listed and
 * its range is refused at load. */
#include "xf/tech.h"

#include <stddef.h>
#include <stdio.h>

typedef struct {
    xf_tech_kind kind;
    const char *base; /* the key without its unit suffix */
    size_t off;
} ranged_key;

#define AT(field) offsetof(xf_tech, u.field)

static const ranged_key keys[] = {
    {XF_TECH_ADC, "energy_per_bit", AT(adc.energy_per_bit)},
    {XF_TECH_ADC, "lumped_energy_per_bit", AT(adc.lumped_energy_per_bit)},
    {XF_TECH_ADC, "leakage_per_bit", AT(adc.leakage_per_bit)},
    {XF_TECH_ADC, "walden_fom", AT(adc.walden_fom)},
    /* the linear model's rate is 1 / (bits x t_conv_per_bit) where it is used (component/adc.c) */
    {XF_TECH_ADC, "t_conv_per_bit", AT(adc.t_conv_per_bit)},
    {XF_TECH_NVM, "step_energy", AT(nvm.step_energy)},
    {XF_TECH_NVM, "write_energy_cell", AT(nvm.e_write_cell)},
    {XF_TECH_NVM, "t_write_row", AT(nvm.t_write_row)},
    {XF_TECH_NVM, "endurance", AT(nvm.endurance)},
    /* the cell's array energy is mvm_power_ratio x the reference step over its cells */
    {XF_TECH_SRAM_CIM, "mvm_power_ratio", AT(sram_cim.e_cell_cycle)},
    {XF_TECH_SRAM_CIM, "write_energy_bit", AT(sram_cim.e_write_bit)},
    {XF_TECH_DAC, "conv_energy", AT(dac.e_conv)},
    {XF_TECH_SAMPLE_HOLD, "sample_energy", AT(sh.e_sample)},
    {XF_TECH_SHIFT_ADD, "op_energy", AT(sa.e_op)},
    {XF_TECH_DRAM, "energy_per_bit", AT(dram.e_bit)},
    {XF_TECH_LINK, "energy_per_bit", AT(link.e_bit)},
};

#define N_KEYS (sizeof keys / sizeof keys[0])

size_t xf_tech_range_field(xf_tech_kind kind, const char *base)
{
    for (size_t i = 0; i < N_KEYS; i++) {
        const char *a = keys[i].base, *b = base;
        while (*a && *a == *b) {
            a++;
            b++;
        }
        if (keys[i].kind == kind && *a == '\0' && *b == '\0')
            return keys[i].off;
    }
    return 0;
}

void xf_tech_range_keys(xf_tech_kind kind, char *buf, size_t n)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < N_KEYS; i++)
        if (keys[i].kind == kind && at < n) {
            int w = snprintf(buf + at, n - at, "%s%s", at ? ", " : "", keys[i].base);
            at += w > 0 ? (size_t)w : 0;
        }
}

static double *field(xf_tech *t, int i)
{
    return (double *)(void *)((char *)t + t->range[i].off);
}

void xf_tech_ranges_pin(xf_tech *t)
{
    for (int i = 0; i < t->n_ranges; i++)
        t->range[i].pinned = *field(t, i);
}

void xf_tech_range_put(xf_tech *t, int i, double v)
{
    if (i >= 0 && i < t->n_ranges)
        *field(t, i) = t->range[i].pinned * (v / t->range[i].r.nominal);
}
