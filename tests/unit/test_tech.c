/* Technology library: every file loads; published numbers arrive in SI units; CMOS scaling is
 * exact at table rows, log-log between them and monotonic; bad files fail with FILE:LINE.
 * Anchors: Horowitz ISSCC 2014 (45 nm int8 mult 0.2 pJ, fp32 mult 3.7 pJ), Stillmaker & Baas 2017
 * (45 -> 32 nm energy 0.53, power 0.52), ISAAC Table I, PUMAsim constants.py, X-Former sections
 * VI-VII. xf_tech_to_node: the identity where it must be, the factors it applied recorded. */
#include "xf_test.h"

#include "xf/tech.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define TECHLIB "techlib"
#define BAD "tests/bad/techlib"

static void load(const char *rel, xf_tech *t)
{
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_load(TECHLIB, rel, NULL, 0, t, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  load %s: %s\n", rel, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

/* Expect an input error whose message contains `frag`. */
static void expect_fail(const char *dir, const char *rel, const char *const *ov, int n_ov,
                        const char *frag)
{
    xf_tech t;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_load(dir, rel, ov, n_ov, &t, &err);
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    if (!strstr(err.msg, frag))
        fprintf(stderr, "\n  %s: message lacks '%s': %s\n", rel, frag, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
}

static const char *const all_files[] = {"cmos/scaling.cfg",
                                        "cmos/45nm.cfg",
                                        "cmos/32nm.cfg",
                                        "cmos/22nm.cfg",
                                        "cmos/16nm.cfg",
                                        "cmos/7nm.cfg",
                                        "nvm/reram.cfg",
                                        "nvm/reram-pumasim.cfg",
                                        "nvm/pcm.cfg",
                                        "nvm/stt-mram.cfg",
                                        "nvm/fefet.cfg",
                                        "sram/8t-cim.cfg",
                                        "periph/adc-sar.cfg",
                                        "periph/adc-flash.cfg",
                                        "periph/dac-1b.cfg",
                                        "periph/sample-hold.cfg",
                                        "periph/shift-add.cfg",
                                        "periph/adc-pumasim.cfg",
                                        "periph/adc-survey.cfg",
                                        "periph/dac-pumasim.cfg",
                                        "periph/sample-hold-pumasim.cfg",
                                        "periph/shift-add-pumasim.cfg",
                                        "memory/sram-32nm.cfg",
                                        "memory/sram-pumasim.cfg",
                                        "memory/edram-32nm.cfg",
                                        "memory/edram-32nm-puma.cfg",
                                        "memory/ddr4.cfg",
                                        "memory/gddr5.cfg",
                                        "memory/hbm2.cfg",
                                        "memory/bus.cfg",
                                        "memory/bus-pumasim.cfg",
                                        "gpu/gtx1060.cfg",
                                        "gpu/titanxp.cfg",
                                        "gpu/v100.cfg",
                                        "gpu/t4.cfg",
                                        "gpu/a100.cfg",
                                        "gpu/h100.cfg",
                                        "gpu/rtx3090.cfg",
                                        NULL};

static void test_all_files_load(void)
{
    for (int i = 0; all_files[i]; i++) {
        xf_tech t;
        load(all_files[i], &t);
        CU_ASSERT(t.name[0] != '\0');
        CU_ASSERT(t.description[0] != '\0');
    }
}

/* Every CMOS-built file states a node (all of today's are 32 nm); off-chip kinds have none. */
static void test_file_nodes(void)
{
    for (int i = 0; all_files[i]; i++) {
        xf_tech t;
        load(all_files[i], &t);
        CU_ASSERT_EQUAL(t.scale.scaled, 0);
        CU_ASSERT_EQUAL(t.scale.energy, 1.0);
        switch (t.kind) {
        case XF_TECH_DRAM:
        case XF_TECH_CMOS_SCALING:
            CU_ASSERT_EQUAL(t.node, 0.0);
            break;
        case XF_TECH_CMOS:
            CU_ASSERT_EQUAL(t.node, t.u.cmos.node);
            break;
        case XF_TECH_GPU:
            CU_ASSERT_EQUAL(t.node, t.u.gpu.node);
            break;
        default:
            XF_ASSERT_REL(t.node, 32e-9, 1e-12);
            CU_ASSERT_EQUAL(t.scale.from_node, t.node);
            break;
        }
    }
}

static void test_horowitz_45nm(void)
{
    xf_tech t;
    load("cmos/45nm.cfg", &t);
    CU_ASSERT_EQUAL(t.kind, XF_TECH_CMOS);
    const xf_tech_cmos *c = &t.u.cmos;
    CU_ASSERT_EQUAL(c->scaled, 0);
    XF_ASSERT_REL(c->node, 45e-9, 1e-12);
    XF_ASSERT_REL(c->e_mult[XF_PREC_INT8], 0.2e-12, 0.05);
    XF_ASSERT_REL(c->e_mult[XF_PREC_FP32], 3.7e-12, 0.05);
    XF_ASSERT_REL(c->e_add[XF_PREC_INT32], 0.1e-12, 0.05);
    XF_ASSERT_REL(c->e_add[XF_PREC_FP16], 0.4e-12, 0.05);
    XF_ASSERT_REL(c->e_mult[XF_PREC_FP16], 1.1e-12, 0.05);
    /* int16 derived: add linear in width, mult quadratic in width */
    XF_ASSERT_REL(c->e_add[XF_PREC_INT16], 0.03e-12 + 0.07e-12 / 3.0, 0.01);
    XF_ASSERT_REL(c->e_mult[XF_PREC_INT16], 0.2e-12 * 4.0, 0.01);
    XF_ASSERT_REL(c->a_mult[XF_PREC_INT8], 282e-12, 1e-9);
    XF_ASSERT_REL(c->e_reg_bit, 0.009e-12, 1e-9);
    XF_ASSERT_REL(c->freq, 670e6, 1e-9);
    CU_ASSERT_EQUAL(c->n_sram, 3);
    XF_ASSERT_REL(c->sram_energy[0], 10e-12, 1e-9);
    XF_ASSERT_REL(c->sram_capacity[2], 1024.0 * 1024.0, 1e-12);
    /* PUMAsim constants.py alu_pow_leak = 0.27 x 32/45 mW at 32 nm: 0.27 mW at 45 nm */
    XF_ASSERT_REL(c->lane_leak, 0.27e-3, 1e-12);
    /* it names its scaling table, so it can be a target node */
    CU_ASSERT_EQUAL(c->has_table, 1);
    CU_ASSERT_STRING_EQUAL(c->scaling, "cmos/scaling.cfg");
    CU_ASSERT_EQUAL(c->table.n, 7);
}

static void test_scaled_32nm(void)
{
    xf_tech b, t;
    load("cmos/45nm.cfg", &b);
    load("cmos/32nm.cfg", &t);
    const xf_tech_cmos *c = &t.u.cmos;
    CU_ASSERT_EQUAL(c->scaled, 1);
    CU_ASSERT_EQUAL(c->factor.exact, 1);
    CU_ASSERT_STRING_EQUAL(c->base, "cmos/45nm.cfg");
    /* 32 nm is a table row: factors exactly 0.53 / 0.67 / 0.46 */
    CU_ASSERT_EQUAL(c->factor.energy, 0.53);
    CU_ASSERT_EQUAL(c->factor.delay, 0.67);
    CU_ASSERT_EQUAL(c->factor.area, 0.46);
    CU_ASSERT_EQUAL(c->factor.power, 0.52); /* techdata 3.2: HP32 power factor */
    /* lane leakage 0.27 mW (45 nm) x 0.52 = 0.1404 mW */
    XF_ASSERT_REL(c->lane_leak, 0.27e-3 * 0.52, 1e-12);
    CU_ASSERT_EQUAL(c->has_table, 1);
    for (int p = 0; p < XF_PREC_COUNT; p++) {
        XF_ASSERT_REL(c->e_mult[p], b.u.cmos.e_mult[p] * 0.53, 1e-12);
        XF_ASSERT_REL(c->a_add[p], b.u.cmos.a_add[p] * 0.46, 1e-12);
    }
    /* int8 MAC (8b mult + 32b accumulate) after scaling: (0.2 + 0.1) x 0.53 = 0.159 pJ */
    XF_ASSERT_REL(c->e_mult[XF_PREC_INT8] + c->e_add[XF_PREC_INT32], 0.16e-12, 0.05);
    XF_ASSERT_REL(c->e_mult[XF_PREC_FP16], 0.58e-12, 0.05); /* techdata: FP16 mult 0.58 pJ */
    XF_ASSERT_REL(c->e_mult[XF_PREC_FP32], 1.96e-12, 0.05); /* techdata: FP32 mult 1.96 pJ */
    /* 670 MHz / 0.67 = the 1 GHz clock of X-Former Table I */
    XF_ASSERT_REL(c->freq, 1e9, 1e-9);
    XF_ASSERT_REL(c->vdd, 0.9, 1e-12);
}

/* Log-log interpolation at 22 nm between the 32 nm and 20 nm rows, computed independently. */
static void test_interpolated_22nm(void)
{
    xf_tech t;
    load("cmos/22nm.cfg", &t);
    const xf_tech_cmos *c = &t.u.cmos;
    CU_ASSERT_EQUAL(c->factor.exact, 0);
    double w = log(32.0 / 22.0) / log(32.0 / 20.0);
    double e = exp(log(0.53) + w * (log(0.23) - log(0.53)));
    double a = exp(log(0.46) + w * (log(0.21) - log(0.46)));
    double d = exp(log(0.67) + w * (log(0.76) - log(0.67)));
    double p = exp(log(0.52) + w * (log(0.36) - log(0.52)));
    XF_ASSERT_REL(c->factor.power, p, 1e-12);
    XF_ASSERT_REL(c->factor.energy, e, 1e-12);
    XF_ASSERT_REL(c->factor.area, a, 1e-12);
    XF_ASSERT_REL(c->factor.delay, d, 1e-12);
    CU_ASSERT(c->factor.energy < 0.53 && c->factor.energy > 0.23);
}

static void test_scaling_exact_at_rows(void)
{
    xf_tech t;
    load("cmos/scaling.cfg", &t);
    const xf_tech_scaling *s = &t.u.scaling;
    CU_ASSERT_EQUAL(s->n, 7);
    /* techdata 3.2 derived power factors: 45 1.0, 32 0.52, 20 0.36, 16 0.23, 14 0.16, 10 0.12,
     * 7 0.081 */
    static const double power[7] = {1.0, 0.52, 0.36, 0.23, 0.16, 0.12, 0.081};
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(s->power[i], power[i]);
    for (int i = 0; i < s->n; i++) {
        xf_scale f;
        xf_err err;
        xf_err_clear(&err);
        CU_ASSERT_EQUAL_FATAL(xf_scaling_at(s, s->node[i], &f, &err), XF_OK);
        /* exactly the table values, not exp(log(.)) */
        CU_ASSERT_EQUAL(f.energy, s->energy[i]);
        CU_ASSERT_EQUAL(f.delay, s->delay[i]);
        CU_ASSERT_EQUAL(f.area, s->area[i]);
        CU_ASSERT_EQUAL(f.power, s->power[i]);
        CU_ASSERT_EQUAL(f.vdd, s->vdd[i]);
        CU_ASSERT_EQUAL(f.exact, 1);
    }
    /* outside the table: refused, not extrapolated */
    xf_scale f;
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_scaling_at(s, 5e-9, &f, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "outside the scaling table"));
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_scaling_at(s, 65e-9, &f, &err), XF_ERR_INPUT);
}

static void test_interp_loglog(void)
{
    const double x[] = {8.0, 64.0, 256.0, 1024.0};
    const double y[] = {4.97, 23.7, 47.6, 101.8};
    double v;
    for (int i = 0; i < 4; i++) {
        int ex = 0;
        CU_ASSERT_EQUAL(xf_interp_loglog(x, y, 4, x[i], &v, &ex), 0);
        CU_ASSERT_EQUAL(v, y[i]);
        CU_ASSERT_EQUAL(ex, 0);
    }
    int ex = 0;
    CU_ASSERT_EQUAL(xf_interp_loglog(x, y, 4, 128.0, &v, &ex), 0);
    XF_ASSERT_REL(v, sqrt(23.7 * 47.6), 1e-12); /* geometric midpoint in log-log */
    CU_ASSERT_EQUAL(ex, 0);
    CU_ASSERT_EQUAL(xf_interp_loglog(x, y, 4, 4096.0, &v, &ex), 0);
    CU_ASSERT_EQUAL(ex, 1); /* flagged */
    XF_ASSERT_REL(v, 101.8 * pow(101.8 / 47.6, log(4.0) / log(4.0)), 1e-12);
    const double bad[] = {8.0, 8.0};
    CU_ASSERT_EQUAL(xf_interp_loglog(bad, y, 2, 8.0, &v, NULL), -1);
}

/* Energy and area fall monotonically from 45 to 7 nm. Delay does not: in the Stillmaker-Baas
 * table 20 nm (0.76) is slower than 32 nm (0.67), so the interpolated 22 nm clock is below
 * 32 nm's; the test does not require monotonic delay. */
static void test_scaling_monotonic(void)
{
    static const char *const nodes[] = {"cmos/45nm.cfg", "cmos/32nm.cfg", "cmos/22nm.cfg",
                                        "cmos/16nm.cfg", "cmos/7nm.cfg"};
    xf_tech prev, t;
    load(nodes[0], &prev);
    for (int i = 1; i < 5; i++) {
        load(nodes[i], &t);
        CU_ASSERT(t.u.cmos.node < prev.u.cmos.node);
        for (int p = 0; p < XF_PREC_COUNT; p++) {
            CU_ASSERT(t.u.cmos.e_add[p] < prev.u.cmos.e_add[p]);
            CU_ASSERT(t.u.cmos.e_mult[p] < prev.u.cmos.e_mult[p]);
            CU_ASSERT(t.u.cmos.a_add[p] < prev.u.cmos.a_add[p]);
            CU_ASSERT(t.u.cmos.a_mult[p] < prev.u.cmos.a_mult[p]);
        }
        CU_ASSERT(t.u.cmos.e_exp < prev.u.cmos.e_exp);
        CU_ASSERT(t.u.cmos.a_reg_bit < prev.u.cmos.a_reg_bit);
        prev = t;
    }
    xf_tech s;
    load("cmos/scaling.cfg", &s);
    for (int i = 1; i < s.u.scaling.n; i++) {
        CU_ASSERT(s.u.scaling.energy[i] < s.u.scaling.energy[i - 1]);
        CU_ASSERT(s.u.scaling.area[i] < s.u.scaling.area[i - 1]);
        CU_ASSERT(s.u.scaling.power[i] < s.u.scaling.power[i - 1]);
    }
}

static void test_nvm_units(void)
{
    xf_tech t;
    load("nvm/reram.cfg", &t);
    const xf_tech_nvm *d = &t.u.nvm;
    CU_ASSERT_EQUAL(d->bits_per_cell, 2);
    XF_ASSERT_REL(d->r_on, 100e3, 1e-12);
    XF_ASSERT_REL(d->r_off, 1e6, 1e-12);
    XF_ASSERT_REL(d->v_read, 0.5, 1e-12);
    XF_ASSERT_REL(d->t_read, 100e-9, 1e-12);
    XF_ASSERT_REL(d->t_write_row * 128, 351000.0 / 32.0 * 1e-9, 0.001);
    XF_ASSERT_REL(d->e_write_cell * 16384, 676.0 / 32.0 * 1e-9, 0.001);
    CU_ASSERT_EQUAL(d->verify_iters, 1);
    XF_ASSERT_REL(d->cell_area_f2, 8.0, 1e-12);
    XF_ASSERT_REL(d->feature, 32e-9, 1e-12);
    CU_ASSERT(d->endurance >= 1e6 && d->endurance <= 1e9);
    CU_ASSERT_EQUAL(d->step_energy, 0.0); /* the V^2 G t_pulse formula */

    /* the PUMAsim variant: xbar_ip_pow (1.37 x 2 - 1.04) mW x 100 ns = 170 pJ per 128 x 128 step,
     * otherwise the same device (write 351000/32 ns and 676/32 nJ per array) */
    load("nvm/reram-pumasim.cfg", &t);
    XF_ASSERT_REL(d->step_energy, (1.37 * 2.0 - 1.04) * 1e-3 * 100e-9, 1e-12);
    XF_ASSERT_REL(d->step_energy, 170e-12, 1e-12);
    CU_ASSERT_EQUAL(d->step_rows, 128);
    CU_ASSERT_EQUAL(d->step_cols, 128);
    XF_ASSERT_REL(d->t_read, 100e-9, 1e-12);
    XF_ASSERT_REL(d->t_write_row * 128, 351000.0 / 32.0 * 1e-9, 0.001);
    XF_ASSERT_REL(d->e_write_cell * 16384, 676.0 / 32.0 * 1e-9, 0.001);
    CU_ASSERT_EQUAL(d->bits_per_cell, 2);
}

static void test_sram_cim(void)
{
    xf_tech t;
    load("sram/8t-cim.cfg", &t);
    const xf_tech_sram_cim *d = &t.u.sram_cim;
    CU_ASSERT_EQUAL(d->bits_per_cell, 1);
    /* 4 x (0.3 mW x 100 ns) per 128 x 128 cells */
    XF_ASSERT_REL(d->e_cell_cycle, 4.0 * 30e-12 / 16384.0, 1e-9);
    XF_ASSERT_REL(d->cell_area_f2, 150.0, 1e-12);
    /* X-Former section VII-C: 0.27 uJ of Attention-Engine writes per BERT-base encoder at 512
     * tokens; Q and V, 512 x 768 bytes each, 8 bits per byte */
    XF_ASSERT_REL(2.0 * 512 * 768 * 8 * d->e_write_bit, 0.27e-6, 0.05);
}

/* PUMAsim constants.py as read in the reference (section 11): values in SI. */
static void test_pumasim_periph(void)
{
    xf_tech t;
    load("periph/adc-pumasim.cfg", &t);
    const xf_tech_adc *a = &t.u.adc;
    CU_ASSERT_EQUAL(a->model, XF_ADC_MODEL_LINEAR);
    XF_ASSERT_REL(a->energy_per_bit, 1.8e-12 / 8, 1e-12);   /* 1.8 mW x 1 ns at 8 bits */
    XF_ASSERT_REL(a->leakage_per_bit, 0.2e-3 / 8, 1e-12);   /* 0.2 mW at 8 bits */
    XF_ASSERT_REL(a->t_conv_per_bit, 12.5e-9 / 128, 1e-12); /* 12.5 ns per bit / 128 columns */
    XF_ASSERT_REL(a->rate, 1.28e9, 1e-12);                  /* 1 / (8 x 0.09765625 ns) */
    XF_ASSERT_REL(a->area, 0.0012e-6, 1e-12);               /* 0.0012 mm^2 */
    XF_ASSERT_REL(8 * a->lumped_energy_per_bit, 1.04e-3 * 100e-9 / 128, 1e-12); /* 0.8125 pJ */
    CU_ASSERT_EQUAL(a->leakage, 0.0);
    XF_ASSERT_REL(a->node_exponent, 1.88, 1e-12);
    load("periph/dac-pumasim.cfg", &t);
    XF_ASSERT_REL(t.u.dac.e_conv, 0.00350625e-3 * 1e-9, 1e-12);
    XF_ASSERT_REL(t.u.dac.leakage, 0.000390625e-3, 1e-12);
    XF_ASSERT_REL(t.u.dac.area, 1.67e-7 * 1e-6, 1e-12);
    CU_ASSERT_EQUAL(t.u.dac.power, 0.0);
    CU_ASSERT_EQUAL(t.u.dac.ref_cycle, 0.0);
    load("periph/sample-hold-pumasim.cfg", &t);
    XF_ASSERT_REL(t.u.sh.e_sample, (9.7e-6 - 9.7e-7) * 1e-3 * 1e-9, 1e-12);
    XF_ASSERT_REL(t.u.sh.leakage, 9.7e-7 * 1e-3, 1e-12);
    XF_ASSERT_REL(t.u.sh.area, 0.00004 / 8 / 128 * 1e-6, 1e-12);
    load("periph/shift-add-pumasim.cfg", &t);
    XF_ASSERT_REL(t.u.sa.e_op, 0.045e-3 * 1e-9, 1e-12);
    XF_ASSERT_REL(t.u.sa.leakage, 0.005e-3, 1e-12);
    XF_ASSERT_REL(t.u.sa.area, 6e-5 * 1e-6, 1e-12);
    load("memory/bus-pumasim.cfg", &t);
    XF_ASSERT_REL(t.u.bus.leakage, 0.5e-3, 1e-12);         /* edram_bus_pow_leak = 1/2 mW */
    XF_ASSERT_REL(t.u.bus.router_leakage, 0.41e-3, 1e-12); /* noc_pow_leak_dict['4'] */
    /* ISAAC-based files: published totals, leakage 0 (their sources say so) */
    load("periph/adc-sar.cfg", &t);
    CU_ASSERT_EQUAL(t.u.adc.leakage + t.u.adc.leakage_per_bit, 0.0);
    load("periph/dac-1b.cfg", &t);
    CU_ASSERT_EQUAL(t.u.dac.leakage, 0.0);
    CU_ASSERT_EQUAL(t.u.dac.e_conv, 0.0);
    load("memory/bus.cfg", &t);
    CU_ASSERT_EQUAL(t.u.bus.leakage + t.u.bus.router_leakage, 0.0);
}

/* ---- xf_tech_to_node ------------------------------------------------------------------- */

static void to_node(xf_tech *t, const xf_tech *node)
{
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_to_node(t, &node->u.cmos, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  to_node %s: %s\n", t->file, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

/* NULL, the same node, and off-chip kinds are the identity (byte for byte). */
static void test_to_node_identity(void)
{
    static const char *const files[] = {"periph/dac-1b.cfg", "memory/ddr4.cfg", "gpu/gtx1060.cfg",
                                        "cmos/scaling.cfg", "nvm/reram.cfg"};
    xf_tech n32, n7;
    load("cmos/32nm.cfg", &n32);
    load("cmos/7nm.cfg", &n7);
    for (int i = 0; i < 5; i++) {
        xf_tech t, ref;
        load(files[i], &t);
        memcpy(&ref, &t, sizeof t);
        xf_err err;
        xf_err_clear(&err);
        CU_ASSERT_EQUAL(xf_tech_to_node(&t, NULL, &err), XF_OK);
        CU_ASSERT_EQUAL(memcmp(&t, &ref, sizeof t), 0);
        if (t.kind != XF_TECH_NVM && t.kind != XF_TECH_DAC)
            to_node(&t, &n7); /* dram, gpu, cmos_scaling: unchanged at any node */
        else
            to_node(&t, &n32); /* a 32 nm file at 32 nm */
        CU_ASSERT_EQUAL(memcmp(&t, &ref, sizeof t), 0);
        CU_ASSERT_EQUAL(t.scale.scaled, 0);
    }
}

/* The factors recorded are the ones applied: DAC 32 -> 7 nm energy x 0.056/0.53, area
 * x 0.059/0.46, leakage x 0.081/0.52, no delay; two moves compose to one. */
static void test_to_node_provenance(void)
{
    xf_tech n7, n16, t, u;
    load("cmos/7nm.cfg", &n7);
    load("cmos/16nm.cfg", &n16);
    load("periph/dac-pumasim.cfg", &t);
    to_node(&t, &n7);
    CU_ASSERT_EQUAL(t.scale.scaled, 1);
    XF_ASSERT_REL(t.scale.from_node, 32e-9, 1e-12);
    XF_ASSERT_REL(t.node, 7e-9, 1e-12);
    XF_ASSERT_REL(t.scale.energy, 0.056 / 0.53, 1e-12);
    XF_ASSERT_REL(t.scale.area, 0.059 / 0.46, 1e-12);
    XF_ASSERT_REL(t.scale.power, 0.081 / 0.52, 1e-12);
    CU_ASSERT_EQUAL(t.scale.delay, 1.0);
    CU_ASSERT_EQUAL(t.scale.adc_energy, 1.0);
    CU_ASSERT_STRING_EQUAL(t.scale.table, "cmos/scaling.cfg");
    XF_ASSERT_REL(t.u.dac.e_conv, 3.50625e-15 * 0.056 / 0.53, 1e-12);
    XF_ASSERT_REL(t.u.dac.leakage, 0.390625e-6 * 0.081 / 0.52, 1e-12);
    /* 32 -> 16 -> 7 nm = 32 -> 7 nm */
    load("periph/dac-pumasim.cfg", &u);
    to_node(&u, &n16);
    to_node(&u, &n7);
    XF_ASSERT_REL(u.u.dac.e_conv, t.u.dac.e_conv, 1e-12);
    XF_ASSERT_REL(u.scale.power, t.scale.power, 1e-12);
    XF_ASSERT_REL(u.scale.from_node, 32e-9, 1e-12);
    /* the ADC records its own energy term: (7/32)^1.88 */
    load("periph/adc-sar.cfg", &t);
    to_node(&t, &n7);
    XF_ASSERT_REL(t.scale.adc_energy, pow(7.0 / 32.0, 1.88), 1e-12);
    CU_ASSERT_EQUAL(t.scale.energy, 1.0);
    XF_ASSERT_REL(t.scale.delay, 0.26 / 0.67, 1e-12);
    /* an NVM device: only its F^2 cell, (7/32)^2 */
    load("nvm/reram.cfg", &t);
    to_node(&t, &n7);
    XF_ASSERT_REL(t.scale.cell_area, (7.0 / 32.0) * (7.0 / 32.0), 1e-12);
    CU_ASSERT_EQUAL(t.scale.energy, 1.0);
    CU_ASSERT_EQUAL(t.scale.area, 1.0);
    XF_ASSERT_REL(t.u.nvm.feature, 7e-9, 1e-12);
}

/* A CMOS node moved with xf_tech_to_node is the node computed from the 45 nm base. */
static void test_to_node_cmos(void)
{
    xf_tech t, n7;
    load("cmos/32nm.cfg", &t);
    load("cmos/7nm.cfg", &n7);
    to_node(&t, &n7);
    const xf_tech_cmos *c = &t.u.cmos, *r = &n7.u.cmos;
    for (int p = 0; p < XF_PREC_COUNT; p++) {
        XF_ASSERT_REL(c->e_mult[p], r->e_mult[p], 1e-12);
        XF_ASSERT_REL(c->a_add[p], r->a_add[p], 1e-12);
    }
    XF_ASSERT_REL(c->freq, r->freq, 1e-12);
    XF_ASSERT_REL(c->lane_leak, r->lane_leak, 1e-12);
    XF_ASSERT_REL(c->factor.energy, 0.056, 1e-12); /* relative to the 45 nm base */
    XF_ASSERT_REL(c->vdd, 0.7, 1e-12);
    XF_ASSERT_REL(t.node, 7e-9, 1e-12);
}

static void test_to_node_errors(void)
{
    xf_tech t, n7;
    xf_err err;
    load("cmos/7nm.cfg", &n7);
    /* a target node outside the table */
    xf_tech_cmos far = n7.u.cmos;
    far.node = 3e-9;
    load("periph/dac-1b.cfg", &t);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_to_node(&t, &far, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "outside the scaling table"));
    /* a file whose node is outside the table (65 nm) */
    xf_tech old;
    const char *ov[] = {"node_nm=65"};
    xf_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(xf_tech_load(TECHLIB, "periph/dac-1b.cfg", ov, 1, &old, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_tech_to_node(&old, &n7.u.cmos, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "the file's node"));
    /* a target without a scaling table */
    xf_tech_cmos bare = n7.u.cmos;
    bare.has_table = 0;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_to_node(&t, &bare, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "names no scaling table"));
    /* nothing was changed by the failed calls */
    XF_ASSERT_REL(t.node, 32e-9, 1e-12);
    CU_ASSERT_EQUAL(t.scale.scaled, 0);
}

static void test_gpu(void)
{
    xf_tech t;
    load("gpu/gtx1060.cfg", &t);
    XF_ASSERT_REL(t.u.gpu.peak_fp32, 4.375e12, 1e-12);
    XF_ASSERT_REL(t.u.gpu.mem_bw, 192.2e9, 1e-12);
    XF_ASSERT_REL(t.u.gpu.tdp, 120.0, 1e-12);
    XF_ASSERT_REL(t.u.gpu.l2, 1536.0 * 1024.0, 1e-12);
    XF_ASSERT_REL(t.u.gpu.node, 16e-9, 1e-12);
    CU_ASSERT_STRING_EQUAL(t.u.gpu.dram_type, "GDDR5");
    load("gpu/rtx3090.cfg", &t);
    CU_ASSERT_EQUAL(t.u.gpu.peak_int8, 0.0); /* not given: 0, not invented */
}

static void test_overrides(void)
{
    xf_tech t;
    xf_err err;
    xf_err_clear(&err);
    const char *ov[] = {"bits=6", "rate_GSps=1.28"};
    CU_ASSERT_EQUAL_FATAL(xf_tech_load(TECHLIB, "periph/adc-sar.cfg", ov, 2, &t, &err), XF_OK);
    CU_ASSERT_EQUAL(t.u.adc.bits, 6);
    XF_ASSERT_REL(t.u.adc.rate, 1.28e9, 1e-12);
    /* an override of a key that does not exist is an error */
    const char *bad[] = {"rate_GSpss=1.28"};
    expect_fail(TECHLIB, "periph/adc-sar.cfg", bad, 1, "rate_GSpss");
    /* an override out of range is caught by the typed reader */
    const char *neg[] = {"op_energy_pJ=-1"};
    expect_fail(TECHLIB, "periph/shift-add.cfg", neg, 1, "--set op_energy_pJ");
    /* overriding the model switches the ADC to the Walden figure of merit */
    const char *wal[] = {"model=walden"};
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_load(TECHLIB, "periph/adc-sar.cfg", wal, 1, &t, &err), XF_OK);
    CU_ASSERT_EQUAL(t.u.adc.model, XF_ADC_MODEL_WALDEN);
}

static void test_load_kind(void)
{
    xf_tech t;
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_load_kind(TECHLIB, "periph/dac-1b.cfg", XF_TECH_DAC, NULL, 0, &t, &err),
                    XF_OK);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_load_kind(TECHLIB, "periph/dac-1b.cfg", XF_TECH_ADC, NULL, 0, &t, &err),
                    XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected kind \"adc\""));
}

/* Each bad file: input error, message with FILE:LINE of the offending key. */
static void test_bad_files(void)
{
    expect_fail(BAD, "neg-energy.cfg", NULL, 0, "neg-energy.cfg:6: key 'op_energy_pJ'");
    expect_fail(BAD, "zero-freq.cfg", NULL, 0, "zero-freq.cfg:8: key 'bus.freq_GHz'");
    expect_fail(BAD, "bits17.cfg", NULL, 0, "bits17.cfg:7: key 'bits'");
    expect_fail(BAD, "unitless.cfg", NULL, 0, "unitless.cfg:9: key 'entries[0].read_energy'");
    expect_fail(BAD, "unitless.cfg", NULL, 0, "has no unit");
    expect_fail(BAD, "no-source.cfg", NULL, 0, "no-source.cfg:6: key 'power_uW': has no source");
    expect_fail(BAD, "unknown-kind.cfg", NULL, 0, "unknown-kind.cfg:2: key 'kind'");
    expect_fail(BAD, "adc-bits-not-in-table.cfg", NULL, 0,
                "adc-bits-not-in-table.cfg:7: key 'bits': 12 bits is not in the table (4..8");
    expect_fail(BAD, "ron-above-roff.cfg", NULL, 0, "ron-above-roff.cfg:7: key 'r_off_kohm'");
    /* static power: negative refused (NaN too, via --set); a missing one is an error */
    expect_fail(BAD, "neg-leakage.cfg", NULL, 0,
                "neg-leakage.cfg:6: key 'leakage_uW': value -0.390625 is out of range");
    const char *nan_leak[] = {"leakage_mW=nan"};
    expect_fail(TECHLIB, "periph/adc-sar.cfg", nan_leak, 1, "key 'leakage_mW': value nan");
    expect_fail(BAD, "adc-no-leakage.cfg", NULL, 0, "key 'leakage': missing required key");
    /* an ADC model name that does not exist */
    expect_fail(BAD, "adc-unknown-model.cfg", NULL, 0,
                "adc-unknown-model.cfg:6: key 'model': 'sigma-delta' is not a known value");
    /* one form of each cost, not two */
    expect_fail(BAD, "adc-linear-rate.cfg", NULL, 0, "adc-linear-rate.cfg:8: key 'rate_GSps'");
    expect_fail(BAD, "dac-two-forms.cfg", NULL, 0, "dac-two-forms.cfg:7: key 'power_uW'");
    expect_fail(BAD, "nvm-step-and-pulse.cfg", NULL, 0,
                "nvm-step-and-pulse.cfg:10: key 't_pulse_ns'");
    /* the base and scaling files resolve against the techlib directory */
    expect_fail(TECHLIB, "../" BAD "/cmos-3nm.cfg", NULL, 0,
                "cmos-3nm.cfg:5: key 'node_nm': node 3 nm is outside the scaling table");
}

static void test_bad_paths(void)
{
    expect_fail(BAD, "no-such-file.cfg", NULL, 0, "no-such-file.cfg: cannot open");
    expect_fail(TECHLIB, "cmos", NULL, 0, "techlib/cmos: is a directory");
    expect_fail(BAD, "empty.cfg", NULL, 0, "empty.cfg: empty file");
    expect_fail("no-such-dir", "cmos/45nm.cfg", NULL, 0, "no-such-dir/cmos/45nm.cfg");
    expect_fail(TECHLIB, "", NULL, 0, "empty");
}

static void test_names(void)
{
    CU_ASSERT_STRING_EQUAL(xf_tech_kind_name(XF_TECH_SRAM_CIM), "sram_cim");
    CU_ASSERT_STRING_EQUAL(xf_prec_name(XF_PREC_FP16), "fp16");
    xf_prec p;
    CU_ASSERT_EQUAL(xf_prec_parse("int16", &p), 0);
    CU_ASSERT_EQUAL(p, XF_PREC_INT16);
    CU_ASSERT_EQUAL(xf_prec_parse("bf16", &p), -1);
    CU_ASSERT_EQUAL(xf_prec_bits(XF_PREC_FP32), 32);
}

XF_SUITE(tech) = {{"all techlib files load", test_all_files_load},
                  {"every CMOS-built file states its node", test_file_nodes},
                  {"Horowitz 45 nm", test_horowitz_45nm},
                  {"32 nm scaled from 45 nm", test_scaled_32nm},
                  {"22 nm interpolated log-log", test_interpolated_22nm},
                  {"scaling exact at table rows", test_scaling_exact_at_rows},
                  {"log-log interpolation", test_interp_loglog},
                  {"scaling monotonic in energy and area", test_scaling_monotonic},
                  {"NVM device in SI units", test_nvm_units},
                  {"8T-SRAM CiM cell", test_sram_cim},
                  {"PUMAsim peripheral constants", test_pumasim_periph},
                  {"to_node: identity", test_to_node_identity},
                  {"to_node: provenance", test_to_node_provenance},
                  {"to_node: a CMOS node", test_to_node_cmos},
                  {"to_node: errors", test_to_node_errors},
                  {"GPU data sheet", test_gpu},
                  {"overrides", test_overrides},
                  {"load with kind check", test_load_kind},
                  {"bad files give FILE:LINE", test_bad_files},
                  {"bad paths", test_bad_paths},
                  {"names", test_names},
                  {NULL, NULL}};
