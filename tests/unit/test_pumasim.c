/* PUMAsim's constants and accounting (techlib/profiles/pumasim.cfg), checked against the
 * numbers of the reference notes (xformer-paper.md section 11: PUMAsim include/constants.py,
 * src/ima.py, src/hw_stats.py, and a run of PUMAsim on one 768 -> 768 layer), and the static
 * energy of the two accountings. Every expected value is worked out in the comments from those
 * constants:
 *   crossbar step without ADC  xbar_ip_pow 1.70 mW x xbar_ip_lat 100 ns = 170 pJ
 *   ADC, 8 bits                1.8 mW x 1 ns = 1.8 pJ per conversion (as shipped); the lumped
 *                              MVMU figure 2.74 mW holds 1.04 mW of ADC over the 100 ns step of
 *                              128 conversions: 1.04e-3 x 100e-9 / 128 = 0.8125 pJ
 *   ADC latency                12.5 ns per bit for the 128 columns of a step: 100 ns at 8 bits
 *   DAC                        0.00350625 mW x 1 ns = 3.50625 fJ per conversion
 *   shift-and-add              0.045 mW x 1 ns = 0.045 pJ per operation
 *   MVM latency                adc_lat x (input_bits / dac_bits + 3 - 1)
 */
#include "xf_test.h"

#include <math.h>
#include <stdlib.h>

#define STEP_ARRAY 170e-12
#define ADC_SHIPPED 1.8e-12
#define ADC_LUMPED 0.8125e-12

static const xf_mvm_array *pe_array(const xf_arch *a)
{
    int e = xf_test_engine(a, "pe");
    const xf_engine_kind *k = a->die.eng[e].kind;
    CU_ASSERT_PTR_NOT_NULL_FATAL(k->array);
    return k->array(xf_die_state(&a->die, e));
}

/* The crossbar step with one ADC (PUMA: PUMAsim's own machine) and with Table I's two
 * (X-Former), each charged per conversion and lumped:
 *   per conversion: 170 + 128 x 1.8 = 400.4 pJ, ADC 230.4 / 400.4 = 57.5 %;
 *   lumped:         170 + 128 x 0.8125 = 274 pJ, ADC 104 / 274 = 38.0 %;
 *   one ADC converts 128 columns in 100 ns (the 100 ns read fits): step 100 ns, and an 8-bit
 *   input MVM takes 100 ns x (8 + 2) = 1.0 us (reference section 11);
 *   two ADCs convert 64 columns each, 64 x 100/128 ns = 50 ns, with X-Former's 50 ns read
 *   (arch/xformer.cfg xbar_read_time_ns): step 50 ns, MVM 50 ns x 10 = 500 ns. The
 *   conversions, and so their energy, are the same 128 per step. */
static void test_crossbar_step(void)
{
    static const struct {
        const char *arch, *charge;
        double adc_per_conv, step, mvm;
    } cases[] = {
        {"puma", "pe.adc_charge=per_conversion", ADC_SHIPPED, 100e-9, 1.0e-6},
        {"puma", "pe.adc_charge=lumped", ADC_LUMPED, 100e-9, 1.0e-6},
        {"xformer", "pe.adc_charge=per_conversion", ADC_SHIPPED, 50e-9, 500e-9},
        {"xformer", "pe.adc_charge=lumped", ADC_LUMPED, 50e-9, 500e-9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *sets[] = {cases[i].charge};
        xf_arch *a = xf_test_arch(cases[i].arch, sets, 1);
        const xf_mvm_array *x = pe_array(a);
        XF_ASSERT_REL(x->e_cycle_array, STEP_ARRAY, 1e-9);
        XF_ASSERT_REL(x->e_cycle_adc, 128 * cases[i].adc_per_conv, 1e-9);
        XF_ASSERT_REL(x->e_cycle_dac, 128 * 3.50625e-15, 1e-9);
        XF_ASSERT_REL(x->e_cycle_sa, 128 * 0.045e-12, 1e-9);
        double share = x->e_cycle_adc / (x->e_cycle_adc + x->e_cycle_array);
        XF_ASSERT_REL(share, cases[i].adc_per_conv == ADC_SHIPPED ? 230.4 / 400.4 : 104.0 / 274.0,
                      1e-9);
        XF_ASSERT_REL(x->t_cycle, cases[i].step, 1e-9);
        XF_ASSERT_REL(x->t_mvm, cases[i].mvm, 1e-9);
        free(a);
    }
}

/* The PUMA engine on the reference's PUMAsim run: one 768 -> 768 layer, one token, 16-bit
 * weights and inputs, charged per conversion as PUMAsim ships.
 *   A 16-bit weight is 8 columns of 2-bit cells, so a crossbar holds 128 x 16 weights: the
 *   layer takes ceil(768/128) x ceil(768/16) = 6 x 48 = 288 crossbars (PUMAsim: 36 MVMUs x 8
 *   crossbars). 16 input bits through 1-bit DACs: 288 x 16 = 4,608 steps; 4,608 x 128 =
 *   589,824 conversions.
 *   One MVM (the crossbars run in parallel): 100 ns x (16 + 3 - 1) = 1.8 us.
 *   Dynamic energy: steps 4,608 x 170 pJ = 0.783 uJ (PUMAsim: 38.4 % of 2.039 uJ), ADC
 *   589,824 x 1.8 pJ = 1.062 uJ (52.0 %); PUMAsim's total is 2.039 uJ, the rest being eDRAM,
 *   NoC, shift-add and output buffers, so the engine's dynamic energy is within 15 % of it. */
static void test_puma_pumasim_run(void)
{
    const char *sets[] = {"weight_bits=16", "act_bits=16"};
    xf_arch *a = xf_test_arch("puma", sets, 2);
    xf_op op = xf_test_op("fc", XF_ROLE_FFN_UP, 1, 768, 768, 1);
    op.act_in_bytes = 768 * 2;
    op.act_out_bytes = 768 * 2;
    /* 288 crossbars, 16 per tile (8 cores x 2 MVMUs): 18 tiles, one copy, nothing rewritten */
    xf_engine_size z = {.weights = 288, .arrays = 288, .replicas = 1, .tiles = 18};
    xf_engine_out out;
    xf_test_engine_run(a, "pe", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    const xf_engine_row *r = &out.row[0];
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_XBAR) / STEP_ARRAY, 4608.0, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_ADC) / ADC_SHIPPED, 589824.0, 1e-9);
    XF_ASSERT_REL(r->latency, 1.8e-6, 1e-9);
    double dynamic = 0.0;
    for (int i = 0; i < r->n_e; i++)
        dynamic += r->energy[i];
    CU_ASSERT(fabs(dynamic - 2.039e-6) <= 0.15 * 2.039e-6);
    free(a);
}

/* Static energy of two engines of X-Former at BERT-base, 64 tokens, under both accountings.
 * Static powers from the technology files:
 *   SFU: 16 vector units per AE tile x 16 tiles x 4 lanes = 1,024 lanes, each leaking
 *     0.27 mW at 45 nm (cmos/45nm.cfg, PUMAsim's ALU leakage) x 0.52 (Stillmaker-Baas power
 *     factor at 32 nm, cmos/scaling.cfg) = 0.1404 mW: 143.77 mW;
 *   bus: 0.5 mW for a 384-bit PUMA tile bus (memory/bus-pumasim.cfg), linear in width:
 *     512 bits = 0.6667 mW.
 * Gated (PUMAsim's): an engine leaks while it is busy (both have one unit, occupancy 1), so its
 * static energy is that power x its busy time; always on: x the whole run. */
static void test_static_accounting(void)
{
    const double p_sfu = 1024 * 0.27e-3 * 0.52, p_bus = 0.5e-3 * 512 / 384;
    for (int on = 0; on < 2; on++) {
        const char *sets[] = {on ? "accounting=always_on" : "accounting=gated"};
        xf_test_point *e = xf_test_run("xformer", sets, 1, "bert-base", 64);
        const xf_result *r = &e->r;
        int sfu = xf_result_engine_find(r, "sfu"), bus = xf_result_engine_find(r, "bus");
        CU_ASSERT_FATAL(sfu >= 0 && bus >= 0);
        XF_ASSERT_REL(r->static_power[sfu], p_sfu, 1e-6);
        XF_ASSERT_REL(r->static_power[bus], p_bus, 1e-6);
        double t_sfu = on ? r->latency : r->busy[sfu], t_bus = on ? r->latency : r->busy[bus];
        XF_ASSERT_REL(r->static_by_comp[XF_COMP_SFU], p_sfu * t_sfu, 1e-9);
        XF_ASSERT_REL(r->static_by_comp[XF_COMP_BUS], p_bus * t_bus, 1e-9);
        CU_ASSERT_EQUAL(r->accounting, on ? XF_ACCOUNT_ALWAYS_ON : XF_ACCOUNT_GATED);
        /* the busy engines are idle part of the run: gating saves */
        CU_ASSERT(r->busy[sfu] < r->latency && r->busy[bus] < r->latency);
        free(e);
    }
}

/* A node change moves every CMOS part and leaves the NVM device: X-Former at 7 nm against
 * 32 nm (cmos/scaling.cfg: energy 0.056 / 0.53, area 0.059 / 0.46; ADC energy (7/32)^1.88).
 * The crossbar array energy (PUMAsim's 170 pJ step, a device figure) is the same; every CMOS
 * component costs less energy and area; the crossbar cells shrink with F^2. */
static void test_node_moves_every_cmos_part(void)
{
    const char *n32[] = {"tech.cmos=cmos/32nm.cfg"}, *n7[] = {"tech.cmos=cmos/7nm.cfg"};
    xf_test_point *a = xf_test_run("xformer", n32, 1, "bert-base", 64);
    xf_test_point *b = xf_test_run("xformer", n7, 1, "bert-base", 64);
    const xf_result *r32 = &a->r, *r7 = &b->r;
    XF_ASSERT_REL(r7->energy_by_comp[XF_COMP_XBAR], r32->energy_by_comp[XF_COMP_XBAR], 1e-12);
    XF_ASSERT_REL(r7->area_by_comp[XF_COMP_XBAR], r32->area_by_comp[XF_COMP_XBAR] * 49.0 / 1024,
                  1e-9);
    static const xf_comp cmos[] = {XF_COMP_ADC,    XF_COMP_DAC, XF_COMP_SH,  XF_COMP_SHIFT_ADD,
                                   XF_COMP_BUFFER, XF_COMP_CIM, XF_COMP_SFU, XF_COMP_BUS};
    for (size_t i = 0; i < sizeof cmos / sizeof cmos[0]; i++) {
        CU_ASSERT(r32->energy_by_comp[cmos[i]] > 0.0);
        CU_ASSERT(r7->energy_by_comp[cmos[i]] < r32->energy_by_comp[cmos[i]]);
        if (r32->area_by_comp[cmos[i]] > 0.0)
            CU_ASSERT(r7->area_by_comp[cmos[i]] < r32->area_by_comp[cmos[i]]);
    }
    /* The ADC's conversions are the same, so its dynamic energy follows the survey's node
     * term exactly: (7/32)^1.88 = 0.05757. */
    double d32 = r32->energy_by_comp[XF_COMP_ADC] - r32->static_by_comp[XF_COMP_ADC];
    double d7 = r7->energy_by_comp[XF_COMP_ADC] - r7->static_by_comp[XF_COMP_ADC];
    XF_ASSERT_REL(d7, d32 * pow(7.0 / 32, 1.88), 1e-9);
    free(a);
    free(b);
}

/* An engine with a CMOS node of its own (pe.tech.cmos) gets its own copies of the parts it
 * uses, at its node; the other engines keep the design's: the AE's arrays and the SFU cost
 * what they cost at 32 nm, the PE's ADCs, DACs and shift-adds less. The override adds the key
 * the file leaves out. */
static void test_engine_node_of_its_own(void)
{
    const char *own[] = {"pe.tech.cmos=cmos/7nm.cfg"};
    xf_test_point *a = xf_test_run("xformer", NULL, 0, "bert-base", 64);
    xf_test_point *b = xf_test_run("xformer", own, 1, "bert-base", 64);
    const xf_result *r32 = &a->r, *r = &b->r;
    XF_ASSERT_REL(r->energy_by_comp[XF_COMP_CIM], r32->energy_by_comp[XF_COMP_CIM], 1e-12);
    XF_ASSERT_REL(r->energy_by_comp[XF_COMP_XBAR], r32->energy_by_comp[XF_COMP_XBAR], 1e-12);
    XF_ASSERT_REL(r->area_by_comp[XF_COMP_SFU], r32->area_by_comp[XF_COMP_SFU], 1e-12);
    CU_ASSERT(r->energy_by_comp[XF_COMP_ADC] < r32->energy_by_comp[XF_COMP_ADC]);
    CU_ASSERT(r->energy_by_comp[XF_COMP_DAC] < r32->energy_by_comp[XF_COMP_DAC]);
    CU_ASSERT(r->area_by_comp[XF_COMP_XBAR] < r32->area_by_comp[XF_COMP_XBAR]);
    free(a);
    free(b);
}

/* X-Former as shipped (lumped ADC charge): the ADC share of an MVM cycle, the paper's Fig. 13
 * quantity. PE: 128 x 0.8125 = 104 pJ of ADC in 170 (array) + 104 + 128 x 3.50625 fJ (DAC,
 * 0.449 pJ) + 128 x 0.00873 fJ (S&H) + 128 x 0.045 pJ (shift-add, 5.76 pJ) = 280.21 pJ:
 * 37.1 %, the paper 36.8 %. AE: the 8T-SRAM array at 4x the 170 pJ step (X-Former
 * Sec. VII-C) = 680 pJ with the same peripherals: 104 / 790.21 = 13.2 %, the paper 12.1 %. */
static void test_xformer_adc_shares(void)
{
    xf_arch *a = xf_test_arch("xformer", NULL, 0);
    const xf_mvm_array *pe = pe_array(a);
    int ae = xf_test_engine(a, "ae");
    const xf_mvm_array *cim = a->die.eng[ae].kind->array(xf_die_state(&a->die, ae));
    double periph = 128 * 3.50625e-15 + 128 * 0.00873e-15 + 128 * 0.045e-12;
    double want_pe = 104e-12 / (170e-12 + 104e-12 + periph);
    double want_ae = 104e-12 / (680e-12 + 104e-12 + periph);
    XF_ASSERT_REL(pe->e_cycle_adc / pe->e_cycle, want_pe, 1e-6);
    XF_ASSERT_REL(cim->e_cycle_adc / cim->e_cycle, want_ae, 1e-6);
    /* within the +-25 % of the paper's 36.8 % that the model is held to */
    CU_ASSERT(fabs(pe->e_cycle_adc / pe->e_cycle - 0.368) <= 0.25 * 0.368);
    free(a);
}

XF_SUITE(pumasim) = {
    {"crossbar step: ADC share and latency, one and two ADCs (PUMAsim constants)",
     test_crossbar_step},
    {"PUMA engine on PUMAsim's 768 -> 768 run: steps, MVM time, energy", test_puma_pumasim_run},
    {"static energy: gated vs always on (hand case)", test_static_accounting},
    {"7 nm moves every CMOS part, not the NVM array", test_node_moves_every_cmos_part},
    {"an engine's own CMOS node moves only its parts", test_engine_node_of_its_own},
    {"X-Former's ADC shares of PE and AE MVM energy (Fig. 13)", test_xformer_adc_shares},
    {NULL, NULL}};
