/* Component models reproduce their published anchors (within 5%):
 *   ISAAC Table I: 8-bit SAR ADC 2 mW at 1.2 GS/s = 1.67 pJ/conversion, 1200 um^2; 128x128
 *   crossbar read 0.3 mW over 100 ns = 30 pJ; 1-bit DAC 4 mW / 1024 = 3.9 uW;
 *   PUMAsim constants.py: whole 128x128 array write 351000/32 ns ~ 11 us and 676/32 nJ ~ 21 nJ;
 *   Horowitz x Stillmaker-Baas: 32 nm int8 MAC ~ 0.16 pJ; CACTI 7 32 nm 64 KB / 256 b 23.7 pJ;
 *   Accelergy isaac.py: eDRAM 20.45 pJ per 256 b, shift-and-add 0.021 pJ;
 * and behave as DESIGN.md section 4 says (cycle time, bit slicing, extrapolation flags). */
#include "xf_test.h"

#include "xf/component.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void load(const char *rel, const char *const *ov, int n_ov, xf_tech *t)
{
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_load("techlib", rel, ov, n_ov, t, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  load %s: %s\n", rel, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

#define OK(call)                                                                                   \
    do {                                                                                           \
        xf_err err_;                                                                               \
        xf_err_clear(&err_);                                                                       \
        xf_err *err = &err_;                                                                       \
        int rc_ = (call);                                                                          \
        if (rc_ != XF_OK)                                                                          \
            fprintf(stderr, "\n  %s: %s\n", #call, err_.msg);                                      \
        CU_ASSERT_EQUAL_FATAL(rc_, XF_OK);                                                         \
    } while (0)

/* The X-Former Projection Engine peripherals: 8-bit SAR at 1.28 GS/s, 1-bit DAC, S&H, S&A. */
typedef struct {
    xf_adc adc;
    xf_dac dac;
    xf_sample_hold sh;
    xf_shift_add sa;
} periph;

static void xformer_periph(periph *p, double rate)
{
    xf_tech t;
    load("periph/adc-sar.cfg", NULL, 0, &t);
    xf_adc_params ap = {.bits = 8, .rate = rate};
    OK(xf_adc_init(&p->adc, &t, &ap, err));
    load("periph/dac-1b.cfg", NULL, 0, &t);
    OK(xf_dac_init(&p->dac, &t, NULL, err));
    load("periph/sample-hold.cfg", NULL, 0, &t);
    OK(xf_sample_hold_init(&p->sh, &t, NULL, err));
    load("periph/shift-add.cfg", NULL, 0, &t);
    OK(xf_shift_add_init(&p->sa, &t, NULL, err));
}

/* ---- ADC ---------------------------------------------------------------------------------- */

static void test_adc_isaac(void)
{
    xf_tech t;
    load("periph/adc-sar.cfg", NULL, 0, &t);
    xf_adc a;
    OK(xf_adc_init(&a, &t, NULL, err));
    CU_ASSERT_EQUAL(a.bits, 8);
    XF_ASSERT_REL(a.e_conv, 1.67e-12, 0.05);
    XF_ASSERT_REL(a.area, 1200e-12, 0.05);
    XF_ASSERT_REL(a.t_conv, 1.0 / 1.2e9, 1e-12);
    XF_ASSERT_REL(xf_adc_power(&a), 2e-3, 0.05); /* ISAAC: 16 mW / 8 ADCs */
    XF_ASSERT_REL(xf_adc_energy(&a, 128), 128 * 1.67e-12, 1e-9);
    CU_ASSERT_EQUAL(a.area_extrapolated, 0);
    /* every table resolution is available; 4 bits = 0.79 pJ, 361 um^2 */
    xf_adc_params p4 = {.bits = 4};
    OK(xf_adc_init(&a, &t, &p4, err));
    XF_ASSERT_REL(a.e_conv, 0.79e-12, 1e-9);
    XF_ASSERT_REL(a.area, 361.04e-12, 1e-9);
}

static void test_adc_out_of_table(void)
{
    xf_tech t;
    load("periph/adc-sar.cfg", NULL, 0, &t);
    xf_adc a;
    xf_err err;
    xf_err_clear(&err);
    xf_adc_params p = {.bits = 12};
    CU_ASSERT_EQUAL(xf_adc_init(&a, &t, &p, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "outside the table (4..10 bits)"));
    xf_err_clear(&err);
    p.bits = 17;
    CU_ASSERT_EQUAL(xf_adc_init(&a, &t, &p, &err), XF_ERR_INPUT);
}

static void test_adc_walden(void)
{
    const char *ov[] = {"model=walden"};
    xf_tech tw, tt;
    load("periph/adc-sar.cfg", ov, 1, &tw);
    load("periph/adc-sar.cfg", NULL, 0, &tt);
    xf_adc w, tab;
    OK(xf_adc_init(&w, &tw, NULL, err));
    OK(xf_adc_init(&tab, &tt, NULL, err));
    /* Walden equals the table (and ISAAC's 1.667 pJ) at 8 bits */
    XF_ASSERT_REL(w.e_conv, tab.e_conv, 0.01);
    XF_ASSERT_REL(w.e_conv, 2e-3 / 1.2e9, 0.001);
    XF_ASSERT_REL(w.area, tab.area, 1e-12);
    /* E doubles per bit */
    xf_adc_params p = {.bits = 9};
    OK(xf_adc_init(&w, &tw, &p, err));
    XF_ASSERT_REL(w.e_conv, 2.0 * 2e-3 / 1.2e9, 0.001);
    /* beyond the table: any resolution, area extrapolated and flagged */
    p.bits = 12;
    OK(xf_adc_init(&w, &tw, &p, err));
    CU_ASSERT_EQUAL(w.area_extrapolated, 1);
    CU_ASSERT(w.area > 3002e-12);
    XF_ASSERT_REL(w.area, 3002e-12 * pow(3002.0 / 1827.9, 2.0), 1e-9);
}

static void test_adc_flash(void)
{
    xf_tech t;
    load("periph/adc-flash.cfg", NULL, 0, &t);
    xf_adc a;
    OK(xf_adc_init(&a, &t, NULL, err));
    CU_ASSERT_EQUAL(a.type, XF_ADC_FLASH);
    CU_ASSERT_EQUAL(a.bits, 6);
    /* a median survey converter at 6 bits: 25 fJ/step x 2^6 */
    XF_ASSERT_REL(a.e_conv, 25e-15 * 64, 0.01);
    XF_ASSERT_REL(a.area, 5600e-12, 0.01);
    xf_adc_params p = {.bits = 8};
    xf_adc a8;
    OK(xf_adc_init(&a8, &t, &p, err));
    XF_ASSERT_REL(a8.e_conv / a.e_conv, 255.0 / 63.0, 1e-9);
    XF_ASSERT_REL(a8.t_conv, 1.0 / 1.28e9, 1e-12);
}

/* ---- DAC, S&H, shift-add ------------------------------------------------------------------- */

static void test_dac_sh_sa(void)
{
    periph p;
    xformer_periph(&p, 0);
    XF_ASSERT_REL(p.dac.power, 3.9e-6, 0.05); /* ISAAC: 4 mW / (8 x 128) */
    XF_ASSERT_REL(p.dac.area, 0.17e-12, 0.05);
    /* energy per conversion = power x the 100 ns cycle it drives */
    XF_ASSERT_REL(xf_dac_energy(&p.dac, 1, 100e-9), 0.39e-12, 0.05);
    XF_ASSERT_REL(p.sh.power, 10e-6 / 1024, 0.05);
    XF_ASSERT_REL(p.sh.area, 0.04e-12, 0.05);
    XF_ASSERT_REL(p.sa.e_op, 0.021e-12, 0.05);
    XF_ASSERT_REL(p.sa.area, 60e-12, 0.05);
    /* a 2-bit DAC: 2x power and area (Accelergy's 2^bits scaling) */
    xf_tech t;
    load("periph/dac-1b.cfg", NULL, 0, &t);
    xf_dac d2;
    xf_dac_params dp = {.bits = 2};
    OK(xf_dac_init(&d2, &t, &dp, err));
    XF_ASSERT_REL(d2.power, 2 * p.dac.power, 1e-12);
    /* a 32-bit shift-and-add: twice the 16-bit energy */
    load("periph/shift-add.cfg", NULL, 0, &t);
    xf_shift_add s32;
    xf_shift_add_params sp = {.width_bits = 32};
    OK(xf_shift_add_init(&s32, &t, &sp, err));
    XF_ASSERT_REL(s32.e_op, 0.042e-12, 1e-9);
}

/* ---- crossbar -------------------------------------------------------------------------------- */

static void test_xbar_isaac_read(void)
{
    xf_tech t;
    load("nvm/reram.cfg", NULL, 0, &t);
    xf_xbar x;
    OK(xf_xbar_init(&x, &t, NULL, err)); /* array only: no peripherals */
    const xf_mvm_array *a = &x.core;
    CU_ASSERT_EQUAL(a->rows, 128);
    CU_ASSERT_EQUAL(a->cols, 128);
    XF_ASSERT_REL(x.g_avg, 0.5 * (1e-5 + 1e-6), 1e-12);
    /* ISAAC Table I: 0.3 mW per 128x128 array over a 100 ns read = 30 pJ */
    XF_ASSERT_REL(a->e_cycle_array, 30e-12, 0.05);
    XF_ASSERT_REL(a->t_cycle, 100e-9, 1e-12);
    XF_ASSERT_REL(a->e_cycle_array / a->t_cycle, 0.3e-3, 0.05);
    XF_ASSERT_REL(xf_mvm_cycle_energy(a, 128, 128), a->e_cycle_array, 1e-12);
    /* 8-bit input with 1-bit DACs = 8 cycles; 8-bit weight in 2-bit cells = 4 columns */
    CU_ASSERT_EQUAL(a->cycles, 8);
    CU_ASSERT_EQUAL(a->slices, 4);
    XF_ASSERT_REL(xf_mvm_weights(a), 128.0 * 32.0, 1e-12);
    XF_ASSERT_REL(xf_xbar_mvm_energy(&x, 1), 8 * a->e_cycle_array, 1e-12);
    XF_ASSERT_REL(xf_xbar_mvm_latency(&x, 1), 800e-9, 1e-12);
    /* a 768 x 768 matrix: 6 row blocks x 24 column blocks of 32 weights */
    XF_ASSERT_REL(xf_mvm_arrays_for(a, 768, 768), 6.0 * 24.0, 1e-12);
    /* cell area: 8 F^2 at 32 nm */
    XF_ASSERT_REL(a->area_cells, 16384 * 8 * 32e-9 * 32e-9, 1e-12);
}

static void test_xbar_puma_write(void)
{
    xf_tech t;
    load("nvm/reram.cfg", NULL, 0, &t);
    xf_xbar x;
    OK(xf_xbar_init(&x, &t, NULL, err));
    /* PUMAsim: 351000/32 ns ~ 11 us and 676/32 nJ ~ 21 nJ per whole 128x128 array */
    XF_ASSERT_REL(x.core.t_write, 11e-6, 0.05);
    XF_ASSERT_REL(x.core.e_write, 21e-9, 0.05);
    XF_ASSERT_REL(xf_xbar_write_latency(&x, 128), 351000.0 / 32.0 * 1e-9, 0.001);
    XF_ASSERT_REL(xf_xbar_write_energy(&x, 128), 676.0 / 32.0 * 1e-9, 0.001);
    XF_ASSERT_REL(xf_xbar_write_energy(&x, 64), 0.5 * x.core.e_write, 1e-12);
    /* a write costs about 100x an MVM cycle in time (X-Former section 6.1 note) */
    CU_ASSERT(x.core.t_write / x.core.t_cycle > 100.0);
    /* verify iterations multiply both */
    const char *ov[] = {"verify_iters=3"};
    load("nvm/reram.cfg", ov, 1, &t);
    xf_xbar x3;
    OK(xf_xbar_init(&x3, &t, NULL, err));
    XF_ASSERT_REL(x3.core.e_write, 3 * x.core.e_write, 1e-12);
    XF_ASSERT_REL(x3.core.t_write, 3 * x.core.t_write, 1e-12);
}

static void test_xbar_full(void)
{
    periph p;
    xformer_periph(&p, 1.28e9); /* X-Former Table I: 2 x 8-bit SAR per crossbar at 1.28 GS/s */
    xf_tech t;
    load("nvm/reram.cfg", NULL, 0, &t);
    /* 128 rows x 2-bit cells x 1-bit DAC sum to 384: ceil(log2 385) = 9 bits; ISAAC's
     * flipped-weight encoding saves one, so the 8-bit ADC reads all rows at once */
    xf_xbar_params xp = {
        .adcs = 2, .adc = &p.adc, .dac = &p.dac, .sh = &p.sh, .sa = &p.sa, .encoding_bits = 1};
    xf_xbar x;
    OK(xf_xbar_init(&x, &t, &xp, err));
    const xf_mvm_array *a = &x.core;
    /* 128 columns / 2 ADCs x 0.78 ns = 50 ns < 100 ns read: the read sets the cycle */
    XF_ASSERT_REL(a->t_cycle, 100e-9, 1e-12);
    XF_ASSERT_REL(a->e_cycle_adc, 128 * 1.67e-12, 1e-9);
    XF_ASSERT_REL(a->e_cycle_dac, 128 * p.dac.power * 100e-9, 1e-9);
    XF_ASSERT_REL(a->e_cycle_sh, 128 * p.sh.power * 100e-9, 1e-9);
    XF_ASSERT_REL(a->e_cycle_sa, 128 * 0.021e-12, 1e-9);
    XF_ASSERT_REL(
        a->e_cycle,
        a->e_cycle_array + a->e_cycle_dac + a->e_cycle_sh + a->e_cycle_adc + a->e_cycle_sa, 1e-12);
    /* ADCs dominate the MVM energy, as in ISAAC (58% of tile power) and X-Former (36.8%) */
    CU_ASSERT(a->e_cycle_adc / a->e_cycle > 0.5);
    XF_ASSERT_REL(xf_mvm_partial_energy(a, 128, 128), a->e_mvm, 1e-12);
    CU_ASSERT(xf_mvm_partial_energy(a, 64, 32) < a->e_mvm);
    XF_ASSERT_REL(a->area_adc, 2 * 1200e-12, 1e-9);
    XF_ASSERT_REL(a->area, a->area_cells + a->area_dac + a->area_sh + a->area_adc + a->area_sa,
                  1e-12);
}

/* Cycle time = max(t_read, ceil(cols / ADCs) x t_conv): more ADCs never lengthen it. */
static void test_xbar_adc_sharing(void)
{
    periph p;
    xformer_periph(&p, 1.2e9);
    xf_tech t;
    load("nvm/reram.cfg", NULL, 0, &t);
    double prev = INFINITY;
    for (int n = 1; n <= 128; n *= 2) {
        xf_xbar_params xp = {
            .adcs = n, .adc = &p.adc, .dac = &p.dac, .sh = &p.sh, .sa = &p.sa, .encoding_bits = 1};
        xf_xbar x;
        OK(xf_xbar_init(&x, &t, &xp, err));
        CU_ASSERT(x.core.t_cycle <= prev);
        double expect = fmax(100e-9, ceil(128.0 / n) / 1.2e9);
        XF_ASSERT_REL(x.core.t_cycle, expect, 1e-12);
        /* conversions per cycle stay one per column */
        XF_ASSERT_REL(x.core.e_cycle_adc, 128 * 1.67e-12, 1e-9);
        prev = x.core.t_cycle;
    }
    /* one ADC at 1.2 GS/s: 128 x 0.833 ns = 106.7 ns > 100 ns */
    xf_xbar_params one = {.adcs = 1, .adc = &p.adc, .encoding_bits = 1};
    xf_xbar x1;
    OK(xf_xbar_init(&x1, &t, &one, err));
    XF_ASSERT_REL(x1.core.t_cycle, 128.0 / 1.2e9, 1e-12);
    /* more ADCs than columns is an input error */
    xf_xbar_params many = {.adcs = 129, .adc = &p.adc};
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_xbar_init(&x1, &t, &many, &err), XF_ERR_INPUT);
}

static void test_xbar_other_devices(void)
{
    static const char *const dev[] = {"nvm/pcm.cfg", "nvm/stt-mram.cfg", "nvm/fefet.cfg"};
    for (int i = 0; i < 3; i++) {
        xf_tech t;
        load(dev[i], NULL, 0, &t);
        xf_xbar x;
        OK(xf_xbar_init(&x, &t, NULL, err));
        CU_ASSERT(x.core.e_mvm > 0 && isfinite(x.core.e_mvm));
        CU_ASSERT(x.core.e_write > 0 && x.core.t_write > 0);
        CU_ASSERT_EQUAL(x.core.slices, (8 + t.u.nvm.bits_per_cell - 1) / t.u.nvm.bits_per_cell);
    }
    /* wrong kind */
    xf_tech t;
    load("periph/dac-1b.cfg", NULL, 0, &t);
    xf_xbar x;
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_xbar_init(&x, &t, NULL, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "\"nvm\""));
}

/* ---- 8T-SRAM CiM macro ----------------------------------------------------------------------- */

static void test_cim_sram(void)
{
    xf_tech t, tr;
    load("sram/8t-cim.cfg", NULL, 0, &t);
    load("nvm/reram.cfg", NULL, 0, &tr);
    xf_cim_sram c;
    xf_xbar x;
    OK(xf_cim_sram_init(&c, &t, NULL, err));
    OK(xf_xbar_init(&x, &tr, NULL, err));
    /* 4x the ReRAM array energy per cycle of an equal 128x128 array (X-Former section VII-C) */
    XF_ASSERT_REL(c.core.e_cycle_array, 4.0 * x.core.e_cycle_array, 0.01);
    CU_ASSERT_EQUAL(c.core.slices, 8); /* 1 bit per cell */
    CU_ASSERT_EQUAL(c.core.cycles, 8);
    XF_ASSERT_REL(c.core.area_cells, 16384 * 150 * 32e-9 * 32e-9, 1e-12);
    /* writing Q and V of one BERT-base layer at 512 tokens: 2 x 512 x 768 bytes as 128-bit rows
     * -> the paper's 0.27 uJ */
    double rows = 2.0 * 512 * 768 * 8 / 128;
    XF_ASSERT_REL(xf_cim_sram_write_energy(&c, rows), 0.27e-6, 0.05);
    XF_ASSERT_REL(xf_cim_sram_write_latency(&c, 128), 128e-9, 1e-12);
    /* with its ADCs the cycle is ADC-bound: 128 / 2 x 0.78 ns = 50 ns */
    periph p;
    xformer_periph(&p, 1.28e9);
    xf_cim_sram_params cp = {.adc = &p.adc, .dac = &p.dac, .sh = &p.sh, .sa = &p.sa};
    OK(xf_cim_sram_init(&c, &t, &cp, err));
    XF_ASSERT_REL(c.core.t_cycle, 64.0 / 1.28e9, 1e-12);
    XF_ASSERT_REL(xf_cim_sram_mvm_latency(&c, 1), 8 * 64.0 / 1.28e9, 1e-12);
    CU_ASSERT(xf_cim_sram_mvm_energy(&c, 1) > c.core.cycles * c.core.e_cycle_array);
}

/* ---- buffers ----------------------------------------------------------------------------------
 */

static void test_buffer_sram(void)
{
    xf_tech t;
    load("memory/sram-32nm.cfg", NULL, 0, &t);
    xf_buffer b;
    OK(xf_buffer_init(&b, &t, NULL, err)); /* default 64 KB, 256 b */
    XF_ASSERT_REL(b.e_read, 23.7e-12, 0.05);
    XF_ASSERT_REL(b.e_write, b.e_read, 1e-12);
    XF_ASSERT_REL(b.area, 0.10e-6, 1e-9);
    XF_ASSERT_REL(b.t_access, 0.39e-9, 1e-9);
    CU_ASSERT_EQUAL(b.extrapolated, 0);
    CU_ASSERT_EQUAL(b.leak_modelled, 0);
    XF_ASSERT_REL(xf_buffer_read_energy(&b, 64), 2 * b.e_read, 1e-12); /* 512 bits = 2 accesses */
    XF_ASSERT_REL(xf_buffer_time(&b, 33), 2 * b.t_access, 1e-12);
    /* table points exactly */
    const xf_tech_buffer *tb = &t.u.buffer;
    for (int i = 0; i < tb->n; i++) {
        xf_buffer_params bp = {.capacity = tb->capacity[i], .port_bits = (int)tb->port_bits[i]};
        OK(xf_buffer_init(&b, &t, &bp, err));
        CU_ASSERT_EQUAL(b.e_read, tb->e_read[i]);
        CU_ASSERT_EQUAL(b.energy_extrapolated, 0);
    }
    /* 8 KB / 64 b: 2.91 pJ = 0.045 pJ/bit */
    xf_buffer_params small = {.capacity = 8 * 1024, .port_bits = 64};
    OK(xf_buffer_init(&b, &t, &small, err));
    XF_ASSERT_REL(b.e_read / 64, 0.045e-12, 0.05);
    /* between rows: log-log */
    xf_buffer_params mid = {.capacity = 128 * 1024, .port_bits = 256};
    OK(xf_buffer_init(&b, &t, &mid, err));
    XF_ASSERT_REL(b.e_read, sqrt(23.7 * 47.6) * 1e-12, 1e-9);
    CU_ASSERT_EQUAL(b.energy_extrapolated, 0);
    CU_ASSERT(b.area > 0.10e-6 && b.area < 0.52e-6);
    CU_ASSERT_EQUAL(b.area_extrapolated, 0);
    CU_ASSERT_EQUAL(b.latency_extrapolated, 1); /* one latency point in the table */
    CU_ASSERT_EQUAL(b.extrapolated, 1);
    /* between port widths at a tabulated capacity */
    xf_buffer_params w128 = {.capacity = 64 * 1024, .port_bits = 128};
    OK(xf_buffer_init(&b, &t, &w128, err));
    XF_ASSERT_REL(b.e_read, sqrt(12.0 * 23.7) * 1e-12, 1e-9);
    CU_ASSERT_EQUAL(b.energy_extrapolated, 0);
    /* beyond the table: flagged, never silent */
    xf_buffer_params big = {.capacity = 4.0 * 1024 * 1024, .port_bits = 256};
    OK(xf_buffer_init(&b, &t, &big, err));
    CU_ASSERT_EQUAL(b.energy_extrapolated, 1);
    CU_ASSERT_EQUAL(b.extrapolated, 1);
    CU_ASSERT(b.e_read > 101.8e-12);
    /* 512 KB at a 64-bit port: the 64-bit column ends at 64 KB */
    xf_buffer_params narrow = {.capacity = 512.0 * 1024, .port_bits = 64};
    OK(xf_buffer_init(&b, &t, &narrow, err));
    CU_ASSERT_EQUAL(b.energy_extrapolated, 1);
}

static void test_buffer_edram(void)
{
    xf_tech t;
    load("memory/edram-32nm.cfg", NULL, 0, &t);
    xf_buffer b;
    OK(xf_buffer_init(&b, &t, NULL, err));
    XF_ASSERT_REL(b.e_read, 20.45e-12, 0.05); /* ISAAC via Accelergy */
    XF_ASSERT_REL(b.e_write, 20.45e-12, 0.05);
    XF_ASSERT_REL(b.area, 0.083e-6, 0.05);
    CU_ASSERT_EQUAL(b.extrapolated, 0);
    CU_ASSERT_EQUAL(b.leak, 0.0);
    /* a 128-bit port on a 256-bit table: per-bit energy held, flagged */
    xf_buffer_params bp = {.capacity = 64 * 1024, .port_bits = 128};
    OK(xf_buffer_init(&b, &t, &bp, err));
    XF_ASSERT_REL(b.e_read, 20.45e-12 / 2, 1e-9);
    CU_ASSERT_EQUAL(b.energy_extrapolated, 1);

    load("memory/edram-32nm-puma.cfg", NULL, 0, &t);
    OK(xf_buffer_init(&b, &t, NULL, err));
    XF_ASSERT_REL(b.e_read, 17.2e-12, 0.05); /* PUMAsim */
    CU_ASSERT_EQUAL(b.leak_modelled, 1);
    XF_ASSERT_REL(b.leak, 0.46e-3, 1e-9);
    XF_ASSERT_REL(b.area, 0.086e-6, 1e-9);
}

/* ---- digital units -----------------------------------------------------------------------------
 */

static void test_mac(void)
{
    xf_tech t45, t32;
    load("cmos/45nm.cfg", NULL, 0, &t45);
    load("cmos/32nm.cfg", NULL, 0, &t32);
    xf_mac m;
    OK(xf_mac_init(&m, &t45, NULL, err));
    CU_ASSERT_EQUAL(m.prec, XF_PREC_INT8);
    CU_ASSERT_EQUAL(m.acc, XF_PREC_INT32);
    XF_ASSERT_REL(m.e_mac, 0.3e-12, 0.05); /* Horowitz: 0.2 + 0.1 pJ */
    xf_mac_params mp = {.prec = XF_PREC_INT8, .units = 256};
    OK(xf_mac_init(&m, &t32, &mp, err));
    XF_ASSERT_REL(m.e_mac, 0.16e-12, 0.05); /* techdata: 32 nm int8 MAC ~ 0.16 pJ */
    XF_ASSERT_REL(m.freq, 1e9, 1e-9);
    XF_ASSERT_REL(xf_mac_energy(&m, 1e6), 1e6 * m.e_mac, 1e-12);
    XF_ASSERT_REL(xf_mac_time(&m, 1000), 4e-9, 1e-12); /* ceil(1000 / 256) cycles */
    XF_ASSERT_REL(m.area, 256 * (282 + 137) * 0.46e-12, 1e-9);
    mp.prec = XF_PREC_FP16;
    OK(xf_mac_init(&m, &t32, &mp, err));
    XF_ASSERT_REL(m.e_mac, (1.1 + 0.4) * 0.53e-12, 1e-9);
}

static void test_sfu(void)
{
    xf_tech t;
    load("cmos/32nm.cfg", NULL, 0, &t);
    xf_sfu s;
    OK(xf_sfu_init(&s, &t, NULL, err)); /* 16 VUs x 4 lanes, fp16 */
    CU_ASSERT_EQUAL(s.units * s.lanes, 64);
    CU_ASSERT_EQUAL(s.prec, XF_PREC_FP16);
    XF_ASSERT_REL(s.e_op[XF_VOP_EXP], 1.5e-12 * 0.53, 1e-9);
    xf_vop_counts k = xf_softmax_counts(512, 512);
    double el = 512.0 * 512.0;
    XF_ASSERT_REL(k.n[XF_VOP_EXP], XF_SOFTMAX_EXP_PER_ELEM * el, 1e-12);
    XF_ASSERT_REL(k.n[XF_VOP_ADD], XF_SOFTMAX_ADD_PER_ELEM * el, 1e-12);
    XF_ASSERT_REL(k.n[XF_VOP_DIV], el, 1e-12);
    XF_ASSERT_REL(k.n[XF_VOP_MAX], el, 1e-12);
    XF_ASSERT_REL(xf_sfu_energy(&s, &k),
                  el * (2 * s.e_op[XF_VOP_ADD] + s.e_op[XF_VOP_EXP] + s.e_op[XF_VOP_DIV] +
                        s.e_op[XF_VOP_MAX]),
                  1e-12);
    /* 5 elementwise op classes per element over 64 lanes at 1 GHz */
    XF_ASSERT_REL(xf_sfu_time(&s, &k), 5.0 * el / 64 / 1e9, 1e-12);
    xf_vop_counts ln = xf_layernorm_counts(128, 768);
    XF_ASSERT_REL(ln.n[XF_VOP_MULT], 3.0 * 128 * 768, 1e-12);
    XF_ASSERT_REL(ln.n[XF_VOP_ADD], 4.0 * 128 * 768 + 128, 1e-12);
    XF_ASSERT_REL(ln.n[XF_VOP_DIV], 3.0 * 128, 1e-12);
    CU_ASSERT_EQUAL(ln.n[XF_VOP_EXP], 0.0);
    CU_ASSERT_STRING_EQUAL(xf_vop_name(XF_VOP_DIV), "div");
}

/* ---- interconnect, DRAM --------------------------------------------------------------------- */

static void test_bus_dram(void)
{
    xf_tech t;
    load("memory/bus.cfg", NULL, 0, &t);
    xf_bus b;
    OK(xf_bus_init(&b, &t, NULL, err));
    XF_ASSERT_REL(xf_bus_energy(&b, 1.0 / 8), 0.054e-12, 1e-9);
    XF_ASSERT_REL(b.bandwidth, 384 * 1.2e9 / 8, 1e-12);
    XF_ASSERT_REL(xf_bus_time(&b, 96), 2 / 1.2e9, 1e-12); /* 768 bits = 2 beats */
    XF_ASSERT_REL(xf_bus_router_energy(&b, 32, 1), 20.74e-12, 1e-9);
    xf_bus_params bp = {.width_bits = 768};
    OK(xf_bus_init(&b, &t, &bp, err));
    XF_ASSERT_REL(b.area, 2 * 0.090e-6, 1e-9);

    load("memory/hbm2.cfg", NULL, 0, &t);
    xf_dram d;
    xf_dram_params dp = {.channels = 4};
    OK(xf_dram_init(&d, &t, &dp, err));
    XF_ASSERT_REL(xf_dram_energy(&d, 1), 8 * 3.97e-12, 1e-9);
    XF_ASSERT_REL(d.bandwidth, 4 * 256e9, 1e-12);
    XF_ASSERT_REL(xf_dram_time(&d, 1024e9), 1.0, 1e-12);
    load("memory/gddr5.cfg", NULL, 0, &t);
    OK(xf_dram_init(&d, &t, NULL, err));
    XF_ASSERT_REL(d.e_bit, 14e-12, 1e-9);
    XF_ASSERT_REL(d.bandwidth, 192.2e9, 1e-9);
}

XF_SUITE(component) = {{"ADC: ISAAC anchor", test_adc_isaac},
                       {"ADC: out of table is an error", test_adc_out_of_table},
                       {"ADC: Walden model", test_adc_walden},
                       {"ADC: flash", test_adc_flash},
                       {"DAC, S&H, shift-add", test_dac_sh_sa},
                       {"crossbar: ISAAC read", test_xbar_isaac_read},
                       {"crossbar: PUMA write", test_xbar_puma_write},
                       {"crossbar with peripherals", test_xbar_full},
                       {"crossbar: ADC sharing and cycle", test_xbar_adc_sharing},
                       {"crossbar: other devices", test_xbar_other_devices},
                       {"8T-SRAM CiM macro", test_cim_sram},
                       {"SRAM buffer table", test_buffer_sram},
                       {"eDRAM buffers", test_buffer_edram},
                       {"MAC array", test_mac},
                       {"vector unit", test_sfu},
                       {"bus and DRAM", test_bus_dram},
                       {NULL, NULL}};
