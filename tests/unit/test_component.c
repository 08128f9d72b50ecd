/* Component models reproduce their published anchors (within 5%):
 *   ISAAC Table I: 8-bit SAR ADC 2 mW at 1.2 GS/s = 1.67 pJ/conversion, 1200 um^2; 128x128
 *   crossbar read 0.3 mW over 100 ns = 30 pJ; 1-bit DAC 4 mW / 1024 = 3.9 uW;
 *   PUMAsim constants.py: whole 128x128 array write 351000/32 ns ~ 11 us and 676/32 nJ ~ 21 nJ;
 *   Horowitz x Stillmaker-Baas: 32 nm int8 MAC ~ 0.16 pJ; CACTI 7 32 nm 64 KB / 256 b 23.7 pJ;
 *   Accelergy isaac.py: eDRAM 20.45 pJ per 256 b, shift-and-add 0.021 pJ;
 *   PUMAsim constants.py (reference xformer-paper.md section 11): ADC 0.225 pJ and 0.025 mW per
 *   bit, 12.5 ns per bit for 128 columns, lumped 1.04 mW x 100 ns / 128; DAC 0.00350625 mW x
 *   1 ns; crossbar step (1.37 x 2 - 1.04) mW x 100 ns = 170 pJ; core SRAM (CACTI 6.0);
 *   Stillmaker-Baas 32 -> 7 nm: energy 0.056/0.53, delay 0.26/0.67, area 0.059/0.46, power
 *   0.081/0.52; survey ADC energy ~ node^1.88; cells ~ F^2;
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

/* ---- PUMAsim component files ----------------------------------------------------------------- */

static void test_adc_pumasim(void)
{
    xf_tech t;
    load("periph/adc-pumasim.cfg", NULL, 0, &t);
    xf_adc a;
    OK(xf_adc_init(&a, &t, NULL, err));
    CU_ASSERT_EQUAL(a.model, XF_ADC_MODEL_LINEAR);
    CU_ASSERT_EQUAL(a.charge, XF_ADC_CHARGE_PER_CONVERSION);
    /* 8 bits: 1.8 mW x 1 ns = 1.8 pJ per conversion; leakage 0.2 mW */
    XF_ASSERT_REL(a.e_conv, 1.8e-12, 1e-12);
    XF_ASSERT_REL(a.leak, 0.2e-3, 1e-12);
    /* 100 ns for 128 columns: 0.78125 ns per conversion = 1.28 GS/s */
    XF_ASSERT_REL(a.t_conv, 100e-9 / 128, 1e-12);
    XF_ASSERT_REL(a.rate, 1.28e9, 1e-12);
    XF_ASSERT_REL(a.area, 0.0012e-6, 1e-12); /* 0.0012 mm^2 */
    /* 4 bits: 0.9 pJ, 0.1 mW, 50 ns / 128 = 0.390625 ns; the same area */
    xf_adc_params p4 = {.bits = 4};
    OK(xf_adc_init(&a, &t, &p4, err));
    XF_ASSERT_REL(a.e_conv, 0.9e-12, 1e-12);
    XF_ASSERT_REL(a.leak, 0.1e-3, 1e-12);
    XF_ASSERT_REL(a.t_conv, 50e-9 / 128, 1e-12);
    XF_ASSERT_REL(a.area, 0.0012e-6, 1e-12);
    /* a rate given by the caller wins over the file's */
    xf_adc_params pr = {.bits = 8, .rate = 1.2e9};
    OK(xf_adc_init(&a, &t, &pr, err));
    XF_ASSERT_REL(a.t_conv, 1.0 / 1.2e9, 1e-12);
    XF_ASSERT_REL(a.e_conv, 1.8e-12, 1e-12);
    /* lumped: 1.04 mW of ADC in the 2.74 mW MVMU over 100 ns, 128 conversions = 0.8125 pJ */
    OK(xf_adc_init_charge(&a, &t, NULL, XF_ADC_CHARGE_LUMPED, err));
    XF_ASSERT_REL(a.e_conv, 1.04e-3 * 100e-9 / 128, 1e-12);
    XF_ASSERT_REL(a.e_conv, 0.8125e-12, 1e-12);
    CU_ASSERT_EQUAL(a.charge, XF_ADC_CHARGE_LUMPED);
    XF_ASSERT_REL(a.leak, 0.2e-3, 1e-12); /* the leakage is the same either way */
    /* linear in bits: 4 bits = 0.40625 pJ */
    OK(xf_adc_init_charge(&a, &t, &p4, XF_ADC_CHARGE_LUMPED, err));
    XF_ASSERT_REL(a.e_conv, 0.8125e-12 / 2, 1e-12);
    /* a file without a lumped figure asked for it, and an unknown charge */
    load("periph/adc-sar.cfg", NULL, 0, &t);
    xf_err e;
    xf_err_clear(&e);
    CU_ASSERT_EQUAL(xf_adc_init_charge(&a, &t, NULL, XF_ADC_CHARGE_LUMPED, &e), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "has no lumped figure"));
    xf_err_clear(&e);
    CU_ASSERT_EQUAL(xf_adc_init_charge(&a, &t, NULL, 2, &e), XF_ERR_INPUT);
    /* the ISAAC ADC: its published power is a total, no separate leakage */
    OK(xf_adc_init(&a, &t, NULL, err));
    CU_ASSERT_EQUAL(a.leak, 0.0);
}

/* Survey-fit table at 32 nm, 1.28 GS/s: rows exact, 5 and 7 bits log-linear in bits. */
static void test_adc_survey(void)
{
    xf_tech t;
    load("periph/adc-survey.cfg", NULL, 0, &t);
    xf_adc a;
    OK(xf_adc_init(&a, &t, NULL, err));
    XF_ASSERT_REL(a.e_conv, 1.93e-12, 1e-12);
    XF_ASSERT_REL(a.area, 6470e-12, 1e-12);
    XF_ASSERT_REL(a.t_conv, 1.0 / 1.28e9, 1e-12);
    CU_ASSERT_EQUAL(a.leak, 0.0);
    CU_ASSERT_EQUAL(a.interpolated, 0);
    xf_adc_params p = {.bits = 4};
    OK(xf_adc_init(&a, &t, &p, err));
    XF_ASSERT_REL(a.e_conv, 0.92e-12, 1e-12);
    XF_ASSERT_REL(a.area, 5190e-12, 1e-12);
    /* 5 bits, halfway between 4 and 6 in ln: sqrt(0.92 x 1.07) pJ, sqrt(5190 x 5420) um^2 */
    p.bits = 5;
    OK(xf_adc_init(&a, &t, &p, err));
    XF_ASSERT_REL(a.e_conv, sqrt(0.92 * 1.07) * 1e-12, 1e-12);
    XF_ASSERT_REL(a.area, sqrt(5190.0 * 5420.0) * 1e-12, 1e-12);
    CU_ASSERT_EQUAL(a.interpolated, 1);
    p.bits = 7;
    OK(xf_adc_init(&a, &t, &p, err));
    XF_ASSERT_REL(a.e_conv, sqrt(1.07 * 1.93) * 1e-12, 1e-12);
    /* outside 4..8 bits: refused, not extrapolated */
    xf_err e;
    p.bits = 3;
    xf_err_clear(&e);
    CU_ASSERT_EQUAL(xf_adc_init(&a, &t, &p, &e), XF_ERR_INPUT);
    p.bits = 9;
    xf_err_clear(&e);
    CU_ASSERT_EQUAL(xf_adc_init(&a, &t, &p, &e), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "outside the table (4..8 bits)"));
}

static void test_dac_sh_sa_pumasim(void)
{
    xf_tech t;
    load("periph/dac-pumasim.cfg", NULL, 0, &t);
    xf_dac d;
    OK(xf_dac_init(&d, &t, NULL, err));
    /* 0.00350625 mW x 1 ns = 3.50625 fJ per conversion, whatever the crossbar cycle */
    XF_ASSERT_REL(d.e_conv, 3.50625e-15, 1e-12);
    CU_ASSERT_EQUAL(d.power, 0.0);
    XF_ASSERT_REL(xf_dac_energy(&d, 128, 100e-9), 128 * 3.50625e-15, 1e-12);
    XF_ASSERT_REL(xf_dac_energy(&d, 128, 50e-9), 128 * 3.50625e-15, 1e-12);
    XF_ASSERT_REL(d.leak, 0.000390625e-3, 1e-12);
    XF_ASSERT_REL(d.area, 1.67e-7 * 1e-6, 1e-12);
    load("periph/sample-hold-pumasim.cfg", NULL, 0, &t);
    xf_sample_hold h;
    OK(xf_sample_hold_init(&h, &t, NULL, err));
    /* (9.7e-6 - 9.7e-7) mW x 1 ns = 8.73e-18 J per sample; 9.7e-7 mW leakage */
    XF_ASSERT_REL(h.e_sample, 8.73e-18, 1e-12);
    XF_ASSERT_REL(xf_sample_hold_energy(&h, 128, 100e-9), 128 * 8.73e-18, 1e-12);
    XF_ASSERT_REL(h.leak, 9.7e-10, 1e-12);
    XF_ASSERT_REL(h.area, 0.00004e-6 / 8 / 128, 1e-12);
    load("periph/shift-add-pumasim.cfg", NULL, 0, &t);
    xf_shift_add a;
    OK(xf_shift_add_init(&a, &t, NULL, err));
    /* 0.045 mW x 1 ns = 0.045 pJ; 0.005 mW leakage; 6e-5 mm^2; one 1-ns cycle */
    XF_ASSERT_REL(a.e_op, 0.045e-12, 1e-12);
    XF_ASSERT_REL(a.leak, 0.005e-3, 1e-12);
    XF_ASSERT_REL(a.area, 6e-5 * 1e-6, 1e-12);
    XF_ASSERT_REL(a.t_op, 1e-9, 1e-12);
    /* the ISAAC files fold leakage into their totals: 0 */
    periph p;
    xformer_periph(&p, 0);
    CU_ASSERT_EQUAL(p.adc.leak + p.dac.leak + p.sh.leak + p.sa.leak, 0.0);
    CU_ASSERT_EQUAL(p.dac.e_conv + p.sh.e_sample, 0.0);
}

/* PUMAsim's lumped crossbar step: 1.70 mW x 100 ns = 170 pJ per 128 x 128 input-bit step. */
static void test_xbar_pumasim(void)
{
    xf_tech t, ref;
    load("nvm/reram-pumasim.cfg", NULL, 0, &t);
    load("nvm/reram.cfg", NULL, 0, &ref);
    xf_xbar x, r;
    OK(xf_xbar_init(&x, &t, NULL, err));
    OK(xf_xbar_init(&r, &ref, NULL, err));
    XF_ASSERT_REL(x.core.e_cycle_array, 170e-12, 1e-12);
    XF_ASSERT_REL(x.core.e_cell, 170e-12 / 16384, 1e-12);
    XF_ASSERT_REL(x.core.t_cycle, 100e-9, 1e-12);
    /* the same device otherwise: write, cells, slices */
    XF_ASSERT_REL(x.core.e_write, r.core.e_write, 1e-12);
    XF_ASSERT_REL(x.core.t_write, r.core.t_write, 1e-12);
    XF_ASSERT_REL(x.core.area_cells, r.core.area_cells, 1e-12);
    CU_ASSERT_EQUAL(x.core.slices, 4);
    /* a 64 x 64 array: 4096 cells x 170 pJ / 16384 = 42.5 pJ */
    xf_xbar_params small = {.rows = 64, .cols = 64};
    OK(xf_xbar_init(&x, &t, &small, err));
    XF_ASSERT_REL(x.core.e_cycle_array, 42.5e-12, 1e-12);
    /* with every PUMAsim peripheral attached the array part stays the 170 pJ step (the
     * peripherals are charged apart, as PUMAsim's hw_stats.py does); 2 ADCs of 0.0012 mm^2 */
    xf_tech tp;
    xf_adc adc;
    xf_dac dac;
    xf_sample_hold sh;
    xf_shift_add sa;
    load("periph/adc-pumasim.cfg", NULL, 0, &tp);
    OK(xf_adc_init(&adc, &tp, NULL, err));
    load("periph/dac-pumasim.cfg", NULL, 0, &tp);
    OK(xf_dac_init(&dac, &tp, NULL, err));
    load("periph/sample-hold-pumasim.cfg", NULL, 0, &tp);
    OK(xf_sample_hold_init(&sh, &tp, NULL, err));
    load("periph/shift-add-pumasim.cfg", NULL, 0, &tp);
    OK(xf_shift_add_init(&sa, &tp, NULL, err));
    xf_xbar_params full = {.adcs = 2, .adc = &adc, .dac = &dac, .sh = &sh, .sa = &sa};
    OK(xf_xbar_init(&x, &t, &full, err));
    XF_ASSERT_REL(x.core.e_cycle_array, 170e-12, 1e-12);
    XF_ASSERT_REL(x.core.area_adc, 2 * 0.0012e-6, 1e-12);
}

static void test_buffer_bus_pumasim(void)
{
    xf_tech t;
    load("memory/sram-pumasim.cfg", NULL, 0, &t);
    xf_buffer b;
    OK(xf_buffer_init(&b, &t, NULL, err)); /* 1 KB, 16-bit port */
    /* CACTI 6.0 via PUMAsim: 0.33 mW x 1 ns, 0.147 mW leakage, 0.00192 mm^2, 1 ns */
    XF_ASSERT_REL(b.e_read, 0.33e-12, 1e-12);
    XF_ASSERT_REL(b.leak, 0.147e-3, 1e-12);
    XF_ASSERT_REL(b.area, 0.00192e-6, 1e-12);
    XF_ASSERT_REL(b.t_access, 1e-9, 1e-12);
    CU_ASSERT_EQUAL(b.leak_modelled, 1);
    CU_ASSERT_EQUAL(b.extrapolated, 0);
    /* PUMA Table 3: the 1 KB register file's 0.477 mW = 0.33 dynamic (per 1-ns access) + 0.147 */
    XF_ASSERT_REL(b.e_read / 1e-9 + b.leak, 0.477e-3, 1e-9);
    xf_buffer_params p256 = {.capacity = 256};
    OK(xf_buffer_init(&b, &t, &p256, err));
    XF_ASSERT_REL(b.leak, 0.044e-3, 1e-12);
    XF_ASSERT_REL(b.e_read, 0.16e-12, 1e-12);
    /* beyond 2 KB: extended and flagged */
    xf_buffer_params p4k = {.capacity = 4096};
    OK(xf_buffer_init(&b, &t, &p4k, err));
    CU_ASSERT_EQUAL(b.leak_extrapolated, 1);
    CU_ASSERT(b.leak > 0.33e-3);

    load("memory/bus-pumasim.cfg", NULL, 0, &t);
    xf_bus u;
    OK(xf_bus_init(&u, &t, NULL, err));
    XF_ASSERT_REL(u.leak, 0.5e-3, 1e-12);         /* edram_bus_pow_leak = 1/2 mW */
    XF_ASSERT_REL(u.router_leak, 0.41e-3, 1e-12); /* 4-port router */
    /* 3 mW x 1 ns per 256-bit eDRAM access */
    XF_ASSERT_REL(xf_bus_energy(&u, 32), 3e-12, 1e-12);
    xf_bus_params wide = {.width_bits = 768};
    OK(xf_bus_init(&u, &t, &wide, err));
    XF_ASSERT_REL(u.leak, 1e-3, 1e-12); /* twice the wires: twice the drivers */
    load("memory/bus.cfg", NULL, 0, &t);
    OK(xf_bus_init(&u, &t, NULL, err));
    CU_ASSERT_EQUAL(u.leak + u.router_leak, 0.0);
}

/* Vector lanes leak 0.27 mW at 45 nm (PUMAsim ALU) x the Stillmaker-Baas power factor. */
static void test_lane_leakage(void)
{
    xf_tech t;
    load("cmos/32nm.cfg", NULL, 0, &t);
    xf_sfu s;
    OK(xf_sfu_init(&s, &t, NULL, err)); /* 16 x 4 lanes */
    XF_ASSERT_REL(s.leak, 64 * 0.27e-3 * 0.52, 1e-12);
    xf_mac m;
    xf_mac_params mp = {.prec = XF_PREC_INT8, .units = 256};
    OK(xf_mac_init(&m, &t, &mp, err));
    XF_ASSERT_REL(m.leak, 256 * 0.27e-3 * 0.52, 1e-12);
    load("cmos/45nm.cfg", NULL, 0, &t);
    OK(xf_sfu_init(&s, &t, NULL, err));
    XF_ASSERT_REL(s.leak, 64 * 0.27e-3, 1e-12);
    load("cmos/7nm.cfg", NULL, 0, &t);
    OK(xf_sfu_init(&s, &t, NULL, err));
    XF_ASSERT_REL(s.leak, 64 * 0.27e-3 * 0.081, 1e-12);
}

/* ---- node scaling ------------------------------------------------------------------------------
 */

/* Stillmaker-Baas ratios 32 -> 7 nm (cmos/scaling.cfg rows, techdata 3.2). */
#define E7 (0.056 / 0.53)
#define D7 (0.26 / 0.67)
#define A7 (0.059 / 0.46)
#define P7 (0.081 / 0.52)
#define ADC7 pow(7.0 / 32.0, 1.88) /* survey tech term */
#define F7 ((7.0 / 32.0) * (7.0 / 32.0))

/* Load `rel` and a copy moved to the node of `cmos` (a cmos/ file). */
static void load_at(const char *rel, const char *cmos, xf_tech *t)
{
    xf_tech n;
    load(cmos, NULL, 0, &n);
    load(rel, NULL, 0, t);
    xf_err e;
    xf_err_clear(&e);
    int rc = xf_tech_to_node(t, &n.u.cmos, &e);
    if (rc != XF_OK)
        fprintf(stderr, "\n  to_node %s: %s\n", rel, e.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

static void test_node_periph(void)
{
    xf_tech t32, t7;
    /* DAC: energy (power over the cycle, or per conversion) x 0.056/0.53, area x 0.059/0.46 */
    xf_dac d32, d7;
    load("periph/dac-1b.cfg", NULL, 0, &t32);
    load_at("periph/dac-1b.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_dac_init(&d32, &t32, NULL, err));
    OK(xf_dac_init(&d7, &t7, NULL, err));
    XF_ASSERT_REL(xf_dac_energy(&d7, 1, 100e-9), xf_dac_energy(&d32, 1, 100e-9) * E7, 1e-12);
    XF_ASSERT_REL(d7.area, d32.area * A7, 1e-12);
    load("periph/dac-pumasim.cfg", NULL, 0, &t32);
    load_at("periph/dac-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_dac_init(&d32, &t32, NULL, err));
    OK(xf_dac_init(&d7, &t7, NULL, err));
    XF_ASSERT_REL(d7.e_conv, 3.50625e-15 * E7, 1e-12);
    XF_ASSERT_REL(d7.leak, 0.390625e-6 * P7, 1e-12);
    /* S&H */
    xf_sample_hold h32, h7;
    load("periph/sample-hold-pumasim.cfg", NULL, 0, &t32);
    load_at("periph/sample-hold-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_sample_hold_init(&h32, &t32, NULL, err));
    OK(xf_sample_hold_init(&h7, &t7, NULL, err));
    XF_ASSERT_REL(h7.e_sample, h32.e_sample * E7, 1e-12);
    XF_ASSERT_REL(h7.leak, h32.leak * P7, 1e-12);
    XF_ASSERT_REL(h7.area, h32.area * A7, 1e-12);
    /* shift-and-add: time x 0.26/0.67 too */
    xf_shift_add s32, s7;
    load("periph/shift-add-pumasim.cfg", NULL, 0, &t32);
    load_at("periph/shift-add-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_shift_add_init(&s32, &t32, NULL, err));
    OK(xf_shift_add_init(&s7, &t7, NULL, err));
    XF_ASSERT_REL(s7.e_op, 0.045e-12 * E7, 1e-12);
    XF_ASSERT_REL(s7.t_op, 1e-9 * D7, 1e-12);
    XF_ASSERT_REL(s7.area, 6e-11 * A7, 1e-12);
    XF_ASSERT_REL(s7.leak, 5e-6 * P7, 1e-12);
    /* ADC: energy x (7/32)^1.88, not the Stillmaker factor; time x delay; leakage x power */
    xf_adc a32, a7;
    load("periph/adc-sar.cfg", NULL, 0, &t32);
    load_at("periph/adc-sar.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_adc_init(&a32, &t32, NULL, err));
    OK(xf_adc_init(&a7, &t7, NULL, err));
    XF_ASSERT_REL(a7.e_conv, 1.67e-12 * ADC7, 0.01);
    XF_ASSERT_REL(a7.e_conv, a32.e_conv * ADC7, 1e-12);
    XF_ASSERT_REL(a7.area, 1200e-12 * A7, 1e-12);
    XF_ASSERT_REL(a7.t_conv, a32.t_conv * D7, 1e-12);
    load("periph/adc-pumasim.cfg", NULL, 0, &t32);
    load_at("periph/adc-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_adc_init(&a7, &t7, NULL, err));
    XF_ASSERT_REL(a7.e_conv, 1.8e-12 * ADC7, 1e-12);
    XF_ASSERT_REL(a7.leak, 0.2e-3 * P7, 1e-12);
    XF_ASSERT_REL(a7.t_conv, 100e-9 / 128 * D7, 1e-12);
    XF_ASSERT_REL(a7.area, 0.0012e-6 * A7, 1e-12);
    OK(xf_adc_init_charge(&a7, &t7, NULL, XF_ADC_CHARGE_LUMPED, err));
    XF_ASSERT_REL(a7.e_conv, 0.8125e-12 * ADC7, 1e-12);
    /* Walden: FoM x 2^bits scales as the table */
    const char *wal[] = {"model=walden"};
    xf_tech n7;
    load("cmos/7nm.cfg", NULL, 0, &n7);
    load("periph/adc-sar.cfg", wal, 1, &t7);
    OK(xf_tech_to_node(&t7, &n7.u.cmos, err));
    OK(xf_adc_init(&a7, &t7, NULL, err));
    XF_ASSERT_REL(a7.e_conv, 2e-3 / 1.2e9 * ADC7, 0.001);
}

static void test_node_memory(void)
{
    xf_tech t32, t7;
    xf_buffer b32, b7;
    /* CACTI 32 nm SRAM: read x 0.056/0.53, area x 0.059/0.46, latency x 0.26/0.67 */
    load("memory/sram-32nm.cfg", NULL, 0, &t32);
    load_at("memory/sram-32nm.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_buffer_init(&b32, &t32, NULL, err));
    OK(xf_buffer_init(&b7, &t7, NULL, err));
    XF_ASSERT_REL(b7.e_read, 23.7e-12 * E7, 1e-12);
    XF_ASSERT_REL(b7.area, 0.10e-6 * A7, 1e-12);
    XF_ASSERT_REL(b7.t_access, 0.39e-9 * D7, 1e-12);
    CU_ASSERT_EQUAL(b7.extrapolated, b32.extrapolated);
    /* PUMAsim SRAM: leakage x 0.081/0.52 */
    load_at("memory/sram-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_buffer_init(&b7, &t7, NULL, err));
    XF_ASSERT_REL(b7.leak, 0.147e-3 * P7, 1e-12);
    /* bus and router */
    xf_bus u32, u7;
    load("memory/bus-pumasim.cfg", NULL, 0, &t32);
    load_at("memory/bus-pumasim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_bus_init(&u32, &t32, NULL, err));
    OK(xf_bus_init(&u7, &t7, NULL, err));
    XF_ASSERT_REL(u7.e_bit, u32.e_bit * E7, 1e-12);
    XF_ASSERT_REL(u7.freq, 1e9 / D7, 1e-12);
    XF_ASSERT_REL(u7.area, 0.090e-6 * A7, 1e-12);
    XF_ASSERT_REL(u7.leak, 0.5e-3 * P7, 1e-12);
    XF_ASSERT_REL(u7.e_router_flit, 16.13e-12 * E7, 1e-12);
    XF_ASSERT_REL(u7.router_leak, 0.41e-3 * P7, 1e-12);
    XF_ASSERT_REL(u7.router_area, 0.047e-6 * A7, 1e-12);
}

/* Cells: the 8T SRAM is CMOS (energy, time, F^2); the NVM device keeps its energies. */
static void test_node_cells(void)
{
    xf_tech t32, t7;
    xf_cim_sram c32, c7;
    load("sram/8t-cim.cfg", NULL, 0, &t32);
    load_at("sram/8t-cim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_cim_sram_init(&c32, &t32, NULL, err));
    OK(xf_cim_sram_init(&c7, &t7, NULL, err));
    XF_ASSERT_REL(c7.core.e_cycle_array, c32.core.e_cycle_array * E7, 1e-12);
    XF_ASSERT_REL(c7.core.e_write, c32.core.e_write * E7, 1e-12);
    XF_ASSERT_REL(c7.core.t_read, 1e-9 * D7, 1e-12);
    XF_ASSERT_REL(c7.core.area_cells, 16384 * 150 * 7e-9 * 7e-9, 1e-12);
    XF_ASSERT_REL(c7.core.area_cells, c32.core.area_cells * F7, 1e-12);
    static const char *const dev[] = {"nvm/reram.cfg", "nvm/reram-pumasim.cfg", "nvm/pcm.cfg",
                                      "nvm/stt-mram.cfg", "nvm/fefet.cfg"};
    for (int i = 0; i < 5; i++) {
        xf_xbar x32, x7;
        load(dev[i], NULL, 0, &t32);
        load_at(dev[i], "cmos/7nm.cfg", &t7);
        OK(xf_xbar_init(&x32, &t32, NULL, err));
        OK(xf_xbar_init(&x7, &t7, NULL, err));
        CU_ASSERT_EQUAL(x7.core.e_cycle_array, x32.core.e_cycle_array);
        CU_ASSERT_EQUAL(x7.core.e_write, x32.core.e_write);
        CU_ASSERT_EQUAL(x7.core.t_write, x32.core.t_write);
        CU_ASSERT_EQUAL(x7.core.t_read, x32.core.t_read);
        XF_ASSERT_REL(x7.core.area_cells, x32.core.area_cells * F7, 1e-12);
    }
    /* reram: 16384 cells x 8 F^2 at F = 7 nm */
    load_at("nvm/reram.cfg", "cmos/7nm.cfg", &t7);
    xf_xbar x;
    OK(xf_xbar_init(&x, &t7, NULL, err));
    XF_ASSERT_REL(x.core.area_cells, 16384 * 8 * 7e-9 * 7e-9, 1e-12);
}

/* Every CMOS component file of the techlib: at 7 nm nothing costs more than at 32 nm (energy,
 * area, leakage, and latency where it scales). */
static void test_node_never_costs_more(void)
{
    static const char *const adcs[] = {"periph/adc-sar.cfg", "periph/adc-flash.cfg",
                                       "periph/adc-pumasim.cfg", "periph/adc-survey.cfg"};
    static const char *const dacs[] = {"periph/dac-1b.cfg", "periph/dac-pumasim.cfg"};
    static const char *const shs[] = {"periph/sample-hold.cfg", "periph/sample-hold-pumasim.cfg"};
    static const char *const sas[] = {"periph/shift-add.cfg", "periph/shift-add-pumasim.cfg"};
    static const char *const bufs[] = {"memory/sram-32nm.cfg", "memory/sram-pumasim.cfg",
                                       "memory/edram-32nm.cfg", "memory/edram-32nm-puma.cfg"};
    static const char *const buses[] = {"memory/bus.cfg", "memory/bus-pumasim.cfg"};
    xf_tech t32, t7;
    for (int i = 0; i < 4; i++) {
        xf_adc a, b;
        load(adcs[i], NULL, 0, &t32);
        load_at(adcs[i], "cmos/7nm.cfg", &t7);
        OK(xf_adc_init(&a, &t32, NULL, err));
        OK(xf_adc_init(&b, &t7, NULL, err));
        CU_ASSERT(b.e_conv < a.e_conv && b.area < a.area && b.leak <= a.leak);
        CU_ASSERT(b.t_conv < a.t_conv);
    }
    for (int i = 0; i < 2; i++) {
        xf_dac a, b;
        load(dacs[i], NULL, 0, &t32);
        load_at(dacs[i], "cmos/7nm.cfg", &t7);
        OK(xf_dac_init(&a, &t32, NULL, err));
        OK(xf_dac_init(&b, &t7, NULL, err));
        CU_ASSERT(xf_dac_energy(&b, 1, 100e-9) < xf_dac_energy(&a, 1, 100e-9));
        CU_ASSERT(b.area < a.area && b.leak <= a.leak);
        xf_sample_hold c, d;
        load(shs[i], NULL, 0, &t32);
        load_at(shs[i], "cmos/7nm.cfg", &t7);
        OK(xf_sample_hold_init(&c, &t32, NULL, err));
        OK(xf_sample_hold_init(&d, &t7, NULL, err));
        CU_ASSERT(xf_sample_hold_energy(&d, 1, 100e-9) < xf_sample_hold_energy(&c, 1, 100e-9));
        CU_ASSERT(d.area < c.area && d.leak <= c.leak);
        xf_shift_add e, f;
        load(sas[i], NULL, 0, &t32);
        load_at(sas[i], "cmos/7nm.cfg", &t7);
        OK(xf_shift_add_init(&e, &t32, NULL, err));
        OK(xf_shift_add_init(&f, &t7, NULL, err));
        CU_ASSERT(f.e_op < e.e_op && f.area < e.area && f.leak <= e.leak && f.t_op < e.t_op);
        xf_bus g, h;
        load(buses[i], NULL, 0, &t32);
        load_at(buses[i], "cmos/7nm.cfg", &t7);
        OK(xf_bus_init(&g, &t32, NULL, err));
        OK(xf_bus_init(&h, &t7, NULL, err));
        CU_ASSERT(h.e_bit < g.e_bit && h.area < g.area && h.leak <= g.leak);
        CU_ASSERT(h.e_router_flit < g.e_router_flit && h.router_area < g.router_area);
        CU_ASSERT(h.router_leak <= g.router_leak && xf_bus_time(&h, 64) < xf_bus_time(&g, 64));
    }
    for (int i = 0; i < 4; i++) {
        xf_buffer a, b;
        load(bufs[i], NULL, 0, &t32);
        load_at(bufs[i], "cmos/7nm.cfg", &t7);
        OK(xf_buffer_init(&a, &t32, NULL, err));
        OK(xf_buffer_init(&b, &t7, NULL, err));
        CU_ASSERT(b.e_read < a.e_read && b.e_write < a.e_write && b.area < a.area);
        CU_ASSERT(b.t_access < a.t_access && b.leak <= a.leak);
    }
    xf_cim_sram c, d;
    load("sram/8t-cim.cfg", NULL, 0, &t32);
    load_at("sram/8t-cim.cfg", "cmos/7nm.cfg", &t7);
    OK(xf_cim_sram_init(&c, &t32, NULL, err));
    OK(xf_cim_sram_init(&d, &t7, NULL, err));
    CU_ASSERT(d.core.e_mvm < c.core.e_mvm && d.core.e_write < c.core.e_write);
    CU_ASSERT(d.core.area < c.core.area && d.core.t_mvm < c.core.t_mvm);
    xf_tech m32, m7;
    load("cmos/32nm.cfg", NULL, 0, &m32);
    load_at("cmos/32nm.cfg", "cmos/7nm.cfg", &m7);
    xf_sfu s, u;
    OK(xf_sfu_init(&s, &m32, NULL, err));
    OK(xf_sfu_init(&u, &m7, NULL, err));
    for (int k = 0; k < XF_VOP_COUNT; k++)
        CU_ASSERT(u.e_op[k] < s.e_op[k]);
    CU_ASSERT(u.area < s.area && u.leak < s.leak && u.freq > s.freq);
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
                       {"ADC: PUMAsim linear and lumped", test_adc_pumasim},
                       {"ADC: survey fit, interpolated", test_adc_survey},
                       {"DAC, S&H, shift-add: PUMAsim", test_dac_sh_sa_pumasim},
                       {"crossbar: PUMAsim lumped step", test_xbar_pumasim},
                       {"buffer and bus: PUMAsim", test_buffer_bus_pumasim},
                       {"vector-lane leakage", test_lane_leakage},
                       {"node: peripherals 32 -> 7 nm", test_node_periph},
                       {"node: memories and bus 32 -> 7 nm", test_node_memory},
                       {"node: SRAM and NVM cells", test_node_cells},
                       {"node: 7 nm never costs more", test_node_never_costs_more},
                       {NULL, NULL}};
