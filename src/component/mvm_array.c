/* Analog MVM array core shared by the NVM crossbar and the 8T-SRAM CiM macro: per input-bit
 * cycle energy by part (cells, DACs, S&H, ADCs, shift-add), cycle and MVM time, ADC
 * resolution policy, area and peripheral leakage. DACs and S&Hs are charged as their files
 * give them: a power over the cycle (ISAAC) or an energy per conversion / sample (PUMAsim).
 * Invariant: e_cycle equals xf_mvm_cycle_energy(a, rows, cols) and is the sum of its parts. */
#include "mvm_internal.h"

/* Bits a column sum of `rows` rows needs: ceil(log2(rows x levels + 1)) - encoding. */
static int bits_for(long long rows, long long levels, int encoding)
{
    long long top = rows * levels; /* the largest column sum */
    int bits = 0;
    while (bits < 62 && (1LL << bits) < top + 1)
        bits++;
    return bits > encoding ? bits - encoding : 1;
}

/* The ADC resolution a column needs, and the row groups an ADC short of it reads. */
static int adc_resolution(xf_mvm_array *a, const char *what, const xf_mvm_params *p, xf_err *err)
{
    int enc = p->encoding_bits;
    if (enc < 0 || enc > 4)
        return xf_err_set(err, XF_ERR_INPUT, "%s: %d encoding bits; expected 0 to 4", what, enc);
    long long levels = ((1LL << a->bits_per_cell) - 1) * ((1LL << a->dac_bits) - 1);
    a->bits_needed = bits_for(a->rows, levels, enc);
    a->rows_per_read = a->rows;
    a->row_groups = 1;
    int bits = p->adc ? p->adc->bits : 0;
    a->adc_bits = bits;
    if (!p->adc || bits >= a->bits_needed)
        return XF_OK;
    if (p->adc_policy == XF_ADC_POLICY_REFUSE)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: a %d-bit ADC cannot resolve a column of %d rows of %d-bit cells "
                          "driven by %d-bit DACs (it needs %d bits); expected adc_bits >= %d, or "
                          "adc_policy = \"fewer_rows\"",
                          what, bits, a->rows, a->bits_per_cell, a->dac_bits, a->bits_needed,
                          a->bits_needed);
    /* the most rows whose column sum the ADC resolves: r x levels + 1 <= 2^(bits + enc) */
    long long r = bits + enc >= 62 ? a->rows : ((1LL << (bits + enc)) - 1) / levels;
    if (r < 1)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: a %d-bit ADC cannot resolve even one row of %d-bit cells driven "
                          "by %d-bit DACs; expected adc_bits >= %d",
                          what, bits, a->bits_per_cell, a->dac_bits, bits_for(1, levels, enc));
    a->rows_per_read = (int)(r < a->rows ? r : a->rows);
    a->row_groups = (a->rows + a->rows_per_read - 1) / a->rows_per_read;
    return XF_OK;
}

int xf_mvm_setup(xf_mvm_array *a, const char *what, const xf_mvm_cell *cell, const xf_mvm_params *p,
                 xf_err *err)
{
    static const xf_mvm_params none = {0};
    if (!p)
        p = &none;
    int rows = p->rows ? p->rows : 128;
    int cols = p->cols ? p->cols : 128;
    int adcs = p->adcs ? p->adcs : 2;
    int in_bits = p->input_bits ? p->input_bits : 8;
    int w_bits = p->weight_bits ? p->weight_bits : 8;
    int n_sa = p->shift_adds ? p->shift_adds : 1;
    if (rows < 1 || rows > 4096 || cols < 1 || cols > 4096)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %d x %d array; expected 1 to 4096 rows and "
                          "columns",
                          what, rows, cols);
    if (adcs < 1 || adcs > cols)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %d ADCs per array; expected 1 to %d (one per "
                          "column at most)",
                          what, adcs, cols);
    if (in_bits < 1 || in_bits > 32 || w_bits < 1 || w_bits > 32)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %d-bit inputs, %d-bit weights; expected 1 to "
                          "32 bits",
                          what, in_bits, w_bits);
    if (n_sa < 1 || n_sa > cols)
        return xf_err_set(err, XF_ERR_INPUT, "%s: %d shift-and-add units; expected 1 to %d", what,
                          n_sa, cols);
    *a = (xf_mvm_array){0};
    a->rows = rows;
    a->cols = cols;
    a->bits_per_cell = cell->bits_per_cell;
    a->input_bits = in_bits;
    a->weight_bits = w_bits;
    a->dac_bits = p->dac ? p->dac->bits : 1;
    a->slices = (w_bits + cell->bits_per_cell - 1) / cell->bits_per_cell;
    a->cycles = (in_bits + a->dac_bits - 1) / a->dac_bits;
    if (a->slices > cols)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: a %d-bit weight needs %d columns of %d-bit "
                          "cells but the array has %d; expected at least %d columns",
                          what, w_bits, a->slices, cell->bits_per_cell, cols, a->slices);
    a->adcs = p->adc ? adcs : 0;
    a->shift_adds = p->sa ? n_sa : 0;
    a->e_cell = cell->e_cell;
    a->t_read = cell->t_read;
    a->p_row = p->dac ? p->dac->power : 0.0;
    a->e_row = p->dac ? p->dac->e_conv : 0.0;
    a->p_col = p->sh ? p->sh->power : 0.0;
    a->e_col = p->sh ? p->sh->e_sample : 0.0;
    a->e_conv = p->adc ? p->adc->e_conv : 0.0;
    a->t_conv = p->adc ? p->adc->t_conv : 0.0;
    a->e_sa = p->sa ? p->sa->e_op : 0.0;

    if (adc_resolution(a, what, p, err) != XF_OK)
        return err->code;
    int stages = p->pipeline_stages ? p->pipeline_stages : 1;
    if (stages < 1 || stages > 16)
        return xf_err_set(err, XF_ERR_INPUT, "%s: %d pipeline stages; expected 1 to 16", what,
                          stages);
    a->pipeline_stages = stages;
    /* a cycle converts each column once per row group */
    double g = a->row_groups;
    a->t_cycle = g * xf_mvm_cycle_time(a, cols);
    a->e_cycle_array = (double)rows * cols * a->e_cell;
    a->e_cycle_dac = rows * (a->p_row * a->t_cycle + a->e_row);
    a->e_cycle_sh = cols * (a->p_col * a->t_cycle + g * a->e_col);
    a->e_cycle_adc = g * cols * a->e_conv;
    a->e_cycle_sa = g * cols * a->e_sa;
    a->e_cycle = a->e_cycle_array + a->e_cycle_dac + a->e_cycle_sh + a->e_cycle_adc + a->e_cycle_sa;
    a->t_mvm = (a->cycles + stages - 1) * a->t_cycle;
    a->e_mvm = a->cycles * a->e_cycle;

    a->e_write_cell = cell->e_write_cell;
    a->t_write_row = cell->t_write_row;
    a->verify_iters = cell->verify_iters;
    a->t_write = xf_mvm_write_latency(a, rows);
    a->e_write = xf_mvm_write_energy(a, rows);

    a->area_cells = (double)rows * cols * cell->cell_area;
    a->area_dac = p->dac ? rows * p->dac->area : 0.0;
    a->area_sh = p->sh ? cols * p->sh->area : 0.0;
    a->area_adc = p->adc ? adcs * p->adc->area : 0.0;
    a->area_sa = p->sa ? n_sa * p->sa->area : 0.0;
    a->area = a->area_cells + a->area_dac + a->area_sh + a->area_adc + a->area_sa;
    a->leak_dac = p->dac ? rows * p->dac->leak : 0.0;
    a->leak_sh = p->sh ? cols * p->sh->leak : 0.0;
    a->leak_adc = p->adc ? adcs * p->adc->leak : 0.0;
    a->leak_sa = p->sa ? n_sa * p->sa->leak : 0.0;
    a->leak = a->leak_dac + a->leak_sh + a->leak_adc + a->leak_sa;
    return XF_OK;
}
