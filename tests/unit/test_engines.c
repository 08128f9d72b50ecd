/* Engines: each kind on a hand-computed op, and the mapping of op roles onto engines.
 *
 * The engines come from tests/fixtures/arch/engines.cfg (round sizes); every expected value is
 * worked out below from the technology files' numbers (quoted with their file), not by the
 * code under test:
 *   ReRAM (nvm/reram.cfg): 0.5 V read, R_on 100 kOhm, R_off 1 MOhm, 2.6634 ns pulse, activity
 *     0.5, 2 bits per cell; write 1.2894 pJ per cell, 85.69 ns per row, 1 verify pass;
 *   SAR ADC (periph/adc-sar.cfg): 1.67 pJ per conversion at 8 bits;
 *   DAC (periph/dac-1b.cfg): 3.906 uW per row; S&H (periph/sample-hold.cfg): 9.766 nW per column;
 *   shift-and-add (periph/shift-add.cfg): 0.021 pJ per op;
 *   SRAM (memory/sram-32nm.cfg): 23.7 pJ per 256-bit access at 64 KB (write = read);
 *   8T-SRAM CiM (sram/8t-cim.cfg): 4 x 30 pJ per 128 x 128 array cycle, 1 ns evaluation,
 *     0.045 pJ per bit written, 1 ns per row;
 *   32 nm CMOS (cmos/32nm.cfg = 45 nm x 0.53): fp16 add 0.212, mult 0.583 pJ; int8 mult 0.106,
 *     int32 add 0.053 pJ; exp 0.795, div 1.749, max 0.01537 pJ; 1 GHz clock (the arch's);
 *   bus (memory/bus.cfg): 0.054 pJ per bit; DDR4 (memory/ddr4.cfg): 5.6 pJ per bit, 25.6 GB/s
 *     per channel.
 */
#include "xf_test.h"
#include "xf/eval.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE "tests/fixtures/arch/engines.cfg"

static xf_arch *load_fixture(void)
{
    return xf_test_arch(FIXTURE, NULL, 0);
}

#define engine(a, name) xf_test_engine(a, name)
#define run xf_test_engine_run
#define make_op xf_test_op

/* Per input-bit cycle of one 128 x 128 ReRAM crossbar at a 50 ns cycle (max(50 ns read,
 * 64 columns per ADC / 1.28 GS/s = 50 ns)): */
#define G_AVG (0.5 * (1.0 / 100e3 + 1.0 / 1e6))                 /* 5.5 uS */
#define XB_ARRAY (128.0 * 128 * 0.25 * G_AVG * 2.6634e-9 * 0.5) /* 30.0005 pJ */
#define XB_DAC (128 * 3.906e-6 * 50e-9)                         /* 24.998 pJ */
#define XB_SH (128 * 9.766e-9 * 50e-9)                          /* 0.0625 pJ */
#define ADC_CYCLE (128 * 1.67e-12)                              /* 213.76 pJ */
#define SA_CYCLE (128 * 0.021e-12)                              /* 2.688 pJ */

/* Static MVM on the crossbar engine: 3 tokens through a 256 x 64 weight, 2 replicas, weights
 * reprogrammed (fixed engine too small). Crossbars: ceil(256/128) x ceil(64/(128/4 slices))
 * = 4; each token is one 8-cycle MVM on all 4: 12 MVMs, 96 crossbar cycles; latency
 * ceil(3/2) x 8 x 50 ns = 800 ns; partial sums of the 2 row blocks: 1 x 64 x 3 adds; the
 * input (768 B) and output (192 B) through the 64 KB shared memory: 24 + 6 accesses.
 * Reprogramming: 4 x 2 replicas = 8 crossbars of 128 x 128 cells, 4 at a time: 2 rounds of
 * 128 rows x 85.69 ns; energy 8 x 16384 x 1.2894 pJ. */
static void test_xbar_static(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("q_proj", XF_ROLE_Q_PROJ, 3, 256, 64, 1);
    op.act_in_bytes = 768;
    op.act_out_bytes = 192;
    xf_engine_size z = {.weights = 4, .arrays = 8, .replicas = 2, .tiles = 2, .reprogram = 1};
    xf_engine_out out;
    run(a, "pe", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 2);
    const xf_engine_row *r = &out.row[0], *w = &out.row[1];
    CU_ASSERT_STRING_EQUAL(r->name, "q_proj");
    XF_ASSERT_REL(r->latency, 800e-9, 1e-12);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_XBAR), 96 * XB_ARRAY, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_DAC), 96 * XB_DAC, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_SH), 96 * XB_SH, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_ADC), 96 * ADC_CYCLE, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_SHIFT_ADD), 96 * SA_CYCLE + 64 * 3 * 0.021e-12, 1e-9);
    XF_ASSERT_REL(xf_row_get(r, XF_COMP_BUFFER), 30 * 23.7e-12, 1e-9);
    CU_ASSERT_STRING_EQUAL(w->name, "nvm_reprogram");
    CU_ASSERT_EQUAL(w->part, XF_PART_WEIGHT_WRITE);
    XF_ASSERT_REL(w->latency, 2 * 128 * 85.69e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(w, XF_COMP_NVM_WRITE), 8 * 16384 * 1.2894e-12, 1e-9);
    XF_ASSERT_REL(w->nvm_writes, 8 * 16384.0, 1e-12);
    free(a);
}

/* Dynamic MVM on the crossbar engine (NVM-ideal style): QK^T of 2 heads, 3 queries, d_head 64,
 * 3 keys, all new (the workload's nvm_writes: 3 x 128 K elements x 4 cells = 1536). K^T takes
 * ceil(64/128) x ceil(3/32) = 1 crossbar per head; writing it programs 64 rows (the 2 arrays at
 * once, 4 allowed): 64 x 85.69 ns, 2 x 64 x 3 x 4 cells x 1.2894 pJ. Then the 3 queries stream:
 * 3 x 400 ns, 2 crossbars x 3 MVMs x 8 cycles. */
static void test_xbar_dynamic(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("qk", XF_ROLE_QK, 3, 64, 3, 2);
    op.nvm_writes = 1536;
    xf_engine_size z = {.arrays = 8, .replicas = 1, .tiles = 2};
    xf_engine_out out;
    run(a, "pe", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 2);
    const xf_engine_row *w = &out.row[0], *m = &out.row[1];
    CU_ASSERT_STRING_EQUAL(w->name, "k_write");
    CU_ASSERT_EQUAL(w->part, XF_PART_OPERAND_WRITE);
    XF_ASSERT_REL(w->latency, 64 * 85.69e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(w, XF_COMP_NVM_WRITE), 1536 * 1.2894e-12, 1e-9);
    CU_ASSERT(w->rewrites_dynamic);
    CU_ASSERT_EQUAL(out.main, 1);
    XF_ASSERT_REL(m->latency, 3 * 400e-9, 1e-12);
    XF_ASSERT_REL(xf_row_get(m, XF_COMP_ADC), 48 * ADC_CYCLE, 1e-9);
    free(a);
}

/* Per input-bit cycle of one 128 x 128 8T-SRAM CiM array at max(1 ns, 8 columns per ADC /
 * 1.28 GS/s = 6.25 ns) = 6.25 ns: array 4 x 30 pJ; DAC and S&H over 6.25 ns. */
#define CIM_ARRAY 120e-12
#define CIM_DAC (128 * 3.906e-6 * 6.25e-9)
#define CIM_SH (128 * 9.766e-9 * 6.25e-9)

/* QK^T on the CiM engine: 2 heads, 3 queries, d_head 64, 3 keys, one pass. Q^T is stationary:
 * 64 rows x 3 queries x 8 bits, 1 array per head (16 queries of 8 bits per 128 columns);
 * writing it: 2 x 64 x 3 x 8 bits x 0.045 pJ, 64 rows x 1 ns. The 3 keys stream: 3 x 8 cycles x
 * 6.25 ns = 150 ns; 2 arrays x 3 MVMs x 8 cycles. Scores: 2 x 3 x 3 x 2 B = 36 B, all in the
 * 64 KB intermediate buffer: ceil(288/256) = 2 writes and 2 reads x 23.7 pJ. */
static void test_cim_dynamic(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("qk", XF_ROLE_QK, 3, 64, 3, 2);
    xf_engine_size z = {.arrays = 8, .replicas = 1};
    xf_engine_out out;
    run(a, "ae", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 3);
    CU_ASSERT_STRING_EQUAL(out.row[0].name, "q_write");
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_CIM_WRITE), 2 * 64 * 3 * 8 * 0.045e-12, 1e-9);
    XF_ASSERT_REL(out.row[0].latency, 64e-9, 1e-9);
    XF_ASSERT_REL(out.row[1].latency, 150e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[1], XF_COMP_CIM), 48 * CIM_ARRAY, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[1], XF_COMP_DAC), 48 * CIM_DAC, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[1], XF_COMP_SH), 48 * CIM_SH, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[1], XF_COMP_ADC), 48 * ADC_CYCLE, 1e-9);
    CU_ASSERT_STRING_EQUAL(out.row[2].name, "scores_buffer");
    XF_ASSERT_REL(xf_row_get(&out.row[2], XF_COMP_BUFFER), 4 * 23.7e-12, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(out.row[2].latency, 0.0, 0.0);
    free(a);
}

/* Scores that do not fit spill to the DRAM engine: 2 heads x 256 x 256 scores x 2 B = 256 KB
 * against a 64 KB buffer: 192 KB written and read back, 2 x 196,608 B x 8 bits x 5.6 pJ over
 * 2 channels x 25.6 GB/s. The DRAM engine is the one busy with it. */
static void test_cim_spill_to_dram(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("qk", XF_ROLE_QK, 256, 64, 256, 2);
    xf_engine_size z = {.arrays = 8, .replicas = 1};
    xf_engine_out out;
    run(a, "ae", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 4);
    const xf_engine_row *s = &out.row[3];
    CU_ASSERT_STRING_EQUAL(s->name, "spill");
    CU_ASSERT_EQUAL(s->engine, engine(a, "dram"));
    XF_ASSERT_REL(s->spill_bytes, 196608.0, 1e-12);
    XF_ASSERT_REL(xf_row_get(s, XF_COMP_DRAM), 2 * 196608.0 * 8 * 5.6e-12, 1e-9);
    XF_ASSERT_REL(s->latency, 2 * 196608.0 / (2 * 25.6e9), 1e-9);
    free(a);
}

/* Static MVM on the CiM engine (SRAM-only): a 256 x 64 weight (16 KB) is fetched from DRAM,
 * written into ceil(256/128) x ceil(64/16) = 8 arrays (all the engine has: one chunk),
 * 256 x 64 x 8 bits x 0.045 pJ in 128 rows x 1 ns, then 3 tokens stream: 3 x 50 ns. */
static void test_cim_static(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("q_proj", XF_ROLE_Q_PROJ, 3, 256, 64, 1);
    op.weight_bytes = 16384;
    xf_engine_size z = {.arrays = 8, .replicas = 1};
    xf_engine_out out;
    run(a, "ae", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 3);
    CU_ASSERT_STRING_EQUAL(out.row[0].name, "weight_fetch");
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_DRAM), 16384.0 * 8 * 5.6e-12, 1e-9);
    XF_ASSERT_REL(out.row[0].latency, 16384.0 / 51.2e9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[1], XF_COMP_CIM_WRITE), 256.0 * 64 * 8 * 0.045e-12, 1e-9);
    XF_ASSERT_REL(out.row[1].latency, 128e-9, 1e-9);
    CU_ASSERT_EQUAL(out.main, 2);
    XF_ASSERT_REL(out.row[2].latency, 150e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[2], XF_COMP_CIM), 3 * 8 * 8 * CIM_ARRAY, 1e-9);
    free(a);
}

/* PUMA's lanes: QK^T of 2 heads x 3 x 64 x 3 = 1152 MACs on 2 heads x 1 core x 4 lanes = 8
 * lanes: 144 cycles at 1 GHz; a MAC is an int8 multiply and an int32 add, 0.159 pJ; operands
 * (100 B in, 36 B out) through the crossbar engine's 64 KB memory: (4 + 2) x 23.7 pJ. Softmax
 * of 2 x 3 rows of 3 on the same 8 lanes: 18 max, 36 add, 18 exp, 18 div: 3 + 5 + 3 + 3 = 14
 * cycles; energy at int8 lanes: 36 x 0.0159 + 18 x (0.01537 + 0.795 + 1.749) pJ. */
static void test_vfu(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("qk", XF_ROLE_QK, 3, 64, 3, 2);
    op.macs = 1152;
    op.act_in_bytes = 100;
    op.act_out_bytes = 36;
    xf_engine_size z = {.replicas = 1};
    xf_engine_out out;
    run(a, "vfu", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    XF_ASSERT_REL(out.row[0].latency, 144e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_SFU), 1152 * 0.159e-12, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_BUFFER), 6 * 23.7e-12, 1e-9);
    xf_op sm = make_op("softmax", XF_ROLE_SOFTMAX, 3, 0, 3, 2);
    run(a, "vfu", &z, 1, &sm, &out);
    XF_ASSERT_REL(out.row[0].latency, 14e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_SFU),
                  (36 * 0.0159 + 18 * (0.01537 + 0.795 + 1.749)) * 1e-12, 1e-9);
    free(a);
}

/* SFU: LayerNorm of 3 rows of 64 on 2 units x 4 lanes of fp16: 4 x 192 + 3 = 771 adds,
 * 3 x 192 = 576 mults, 3 x 3 = 9 divides; ceil(771/8) + ceil(576/8) + ceil(9/8) = 97 + 72 + 2
 * = 171 cycles at 1 GHz; 771 x 0.212 + 576 x 0.583 + 9 x 1.749 pJ. */
static void test_sfu(void)
{
    xf_arch *a = load_fixture();
    xf_op op = make_op("ffn_norm", XF_ROLE_NORM, 3, 0, 64, 1);
    xf_engine_size z = {.replicas = 1};
    xf_engine_out out;
    run(a, "sfu", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    XF_ASSERT_REL(out.row[0].latency, 171e-9, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_SFU),
                  (771 * 0.212 + 576 * 0.583 + 9 * 1.749) * 1e-12, 1e-9);
    free(a);
}

/* Bus: 100 B = 800 bits over 256 wires at 1 GHz: 4 cycles; 800 x 0.054 pJ. */
static void test_bus(void)
{
    xf_arch *a = load_fixture();
    int b = engine(a, "bus");
    xf_engine_row row;
    memset(&row, 0, sizeof row);
    a->die.eng[b].kind->transfer(xf_die_state(&a->die, b), 100.0, &row);
    XF_ASSERT_REL(row.latency, 4e-9, 1e-12);
    XF_ASSERT_REL(xf_row_get(&row, XF_COMP_BUS), 800 * 0.054e-12, 1e-9);
    free(a);
}

/* GPU: a residual add fused into the previous kernel has no launch: 2 x 768 x 1 B inputs of
 * 8 bits rescaled to FP32 (x 4) plus the 768 B output x 4, at 192.2 GB/s x 0.8 (the GTX 1060,
 * techlib gpu/gtx1060.cfg and arch/gpu-gtx1060.cfg); board power 120 W x time. */
static void test_gpu_fused_add(void)
{
    xf_arch *a = malloc(sizeof *a);
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_arch_load("techlib", "gpu-gtx1060", NULL, 0, a, &err), XF_OK);
    xf_op op = make_op("attn_add", XF_ROLE_RESIDUAL, 1, 0, 768, 1);
    op.flops = 768;
    op.act_in_bytes = 1536;
    op.act_out_bytes = 768;
    xf_engine_size z = {.replicas = 1};
    xf_engine_out out;
    run(a, "gpu", &z, 1, &op, &out);
    double t = 2304.0 * 4 / (192.2e9 * 0.8);
    XF_ASSERT_REL(out.row[0].latency, t, 1e-9);
    XF_ASSERT_REL(xf_row_get(&out.row[0], XF_COMP_GPU), 120.0 * t, 1e-9);
    free(a);
}

/* The map routes each role to the engine the file names: softmax by its role entry to vfu,
 * every other non-linear and element-wise role by its class entry to sfu, the MVMs to pe
 * and ae; the transfer engine is bus. An evaluation puts every row where its role maps. */
static void test_mapping_routes_roles(void)
{
    xf_arch *a = load_fixture();
    const xf_die *d = &a->die;
    int pe = engine(a, "pe"), ae = engine(a, "ae"), vfu = engine(a, "vfu"), sfu = engine(a, "sfu"),
        bus = engine(a, "bus");
    for (int r = 1; r < XF_ROLE_COUNT; r++) {
        xf_op_kind k = xf_op_role_kind((xf_op_role)r);
        int want = r == XF_ROLE_SOFTMAX     ? vfu
                   : k == XF_OP_STATIC_MVM  ? pe
                   : k == XF_OP_DYNAMIC_MVM ? ae
                                            : sfu;
        if (d->route[r] != want)
            fprintf(stderr, "\n  role %s on engine %d, expected %d\n",
                    xf_op_role_name((xf_op_role)r), d->route[r], want);
        CU_ASSERT_EQUAL(d->route[r], want);
    }
    CU_ASSERT_EQUAL(d->transfer, bus);
    CU_ASSERT_EQUAL(d->static_engine, pe);
    /* in an evaluation (fixed engine: weights reprogrammed) */
    xf_model m;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve("tests/fixtures/models/one-layer-encoder.cfg", &m, &err),
                          XF_OK);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 32;
    CU_ASSERT_EQUAL_FATAL(xf_evaluate(a, &m, &p, w, r, &err), XF_OK);
    int checked = 0;
    for (int l = 0; l < r->n_layers; l++) {
        const xf_op_result *o = xf_layer_rows(r, &r->layers[l]);
        for (int k = 0; k < r->layers[l].n_ops; k++) {
            if (o[k].part == XF_PART_TRANSFER) {
                CU_ASSERT_EQUAL(o[k].engine, bus);
                continue;
            }
            if (o[k].part != XF_PART_COMPUTE)
                continue;
            CU_ASSERT_EQUAL(o[k].engine, d->route[o[k].role]);
            checked++;
        }
    }
    CU_ASSERT(checked >= 15);
    free(w);
    free(r);
    free(a);
}

/* A file that maps a role to an engine that cannot run it is refused at the map entry's line,
 * naming the engine, its kind and the kinds that can. */
static void test_mapping_refuses_wrong_engine(void)
{
    FILE *in = fopen(FIXTURE, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(in);
    char dir[64] = "", path[256];
    xf_test_tmp_path(dir, sizeof dir, "engines", "bad-map.cfg", path, sizeof path);
    FILE *out = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(out);
    char line[512];
    int n = 0, at = 0;
    while (fgets(line, sizeof line, in)) {
        n++;
        if (strstr(line, "softmax = \"vfu\"")) {
            fputs("  softmax = \"pe\";\n", out);
            at = n;
        } else {
            fputs(line, out);
        }
    }
    fclose(in);
    fclose(out);
    CU_ASSERT_FATAL(at > 0);
    xf_arch *a = malloc(sizeof *a);
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_arch_load("techlib", path, NULL, 0, a, &err), XF_ERR_INPUT);
    char where[64];
    snprintf(where, sizeof where, "bad-map.cfg:%d:", at);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, where));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "engine 'pe' (kind xbar) cannot run nonlinear ops"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "sfu"));
    free(a);
    xf_test_tmp_cleanup(dir);
}

/* An override applied to a built architecture (xf_arch_update: one engine key read again, its
 * components derived again) gives the architecture a full build of the overridden file gives:
 * every figure of an evaluation equal to the last bit, for keys of every engine kind, keys that
 * other engines depend on (ae.tiles sets X-Former's SFU units), the dataflow group and a key
 * that takes the full build (the clock); and a bad value is refused with the full build's
 * message. */
static int same_result(const xf_result *x, const xf_result *y)
{
    int ok = x->latency == y->latency && x->energy == y->energy && x->area == y->area &&
             x->nvm_writes == y->nvm_writes && x->n_rows == y->n_rows;
    for (int c = 0; c < XF_COMP_COUNT; c++)
        ok &= x->energy_by_comp[c] == y->energy_by_comp[c] &&
              x->area_by_comp[c] == y->area_by_comp[c];
    return ok;
}

static void test_update_equals_build(void)
{
    static const struct {
        const char *arch;
        const char *sets[4];
    } cases[] = {
        {"xformer", {"pe.adc_bits=6", "ae.tiles=32", "sfu.lanes=8", "dataflow.sequence_block=32"}},
        {"xformer",
         {"pe.adc_charge=per_conversion", "ae.adcs_per_array=8", "bus.width_bits=256",
          "clock_MHz=800"}},
        {"xformer",
         {"pe.tiles=1000", "dataflow.fusion=none", "dram.channels=2", "ae.intermediate_KB=1024"}},
        {"puma", {"vfu.lanes_per_core=1", "pe.shared_mem_KB=128", "sfu.units=64", NULL}},
        {"nvm-ideal", {"pe.decompose_qk=true", "pe.adcs_per_xbar=4", NULL, NULL}},
        {"sram-cim", {"ae.adc_bits=6", "ae.score_bits=8", NULL, NULL}},
        {"gpu-gtx1060", {"gpu.efficiency_compute=0.6", "gpu.energy_model=per_op", NULL, NULL}},
        {"xformer-xbar-attn", {"attn.adcs_per_xbar=4", "pe.adc_bits=7", NULL, NULL}},
    };
    xf_arch *inc = malloc(sizeof *inc), *full = malloc(sizeof *full);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *ri = malloc(sizeof *ri), *rf = malloc(sizeof *rf);
    CU_ASSERT_FATAL(inc && full && w && ri && rf);
    const xf_model *m = xf_zoo_find("bert-base");
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 256;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        xf_err err = {0};
        xf_arch_spec *s = NULL;
        CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load("techlib", cases[i].arch, &s, &err), XF_OK);
        CU_ASSERT_EQUAL_FATAL(xf_arch_build(s, inc, &err), XF_OK);
        int n = 0;
        for (; n < 4 && cases[i].sets[n]; n++) {
            CU_ASSERT_EQUAL_FATAL(xf_arch_spec_set(s, cases[i].sets[n], &err), XF_OK);
            if (xf_arch_update(s, inc, cases[i].sets[n], &err) != XF_OK) {
                fprintf(stderr, "\n  %s %s: %s\n", cases[i].arch, cases[i].sets[n], err.msg);
                CU_FAIL("update");
            }
        }
        CU_ASSERT_EQUAL_FATAL(xf_arch_load("techlib", cases[i].arch, cases[i].sets, n, full, &err),
                              XF_OK);
        CU_ASSERT_EQUAL_FATAL(xf_evaluate(inc, m, &p, w, ri, &err), XF_OK);
        CU_ASSERT_EQUAL_FATAL(xf_evaluate(full, m, &p, w, rf, &err), XF_OK);
        if (!same_result(ri, rf))
            fprintf(stderr, "\n  %s: updated %.17g s %.17g J, built %.17g s %.17g J\n",
                    cases[i].arch, ri->latency, ri->energy, rf->latency, rf->energy);
        CU_ASSERT(same_result(ri, rf));
        /* a bad value: the message of the full build */
        xf_err e1 = {0}, e2 = {0};
        const char *bad = strcmp(cases[i].arch, "gpu-gtx1060") == 0 ? "gpu.efficiency_compute=0"
                          : strcmp(cases[i].arch, "sram-cim") == 0  ? "ae.adc_bits=17"
                          : strcmp(cases[i].arch, "xformer-xbar-attn") == 0 ? "attn.adc_bits=17"
                                                                            : "pe.adc_bits=17";
        CU_ASSERT_EQUAL(xf_arch_spec_set(s, bad, &e1), XF_OK);
        CU_ASSERT_EQUAL(xf_arch_update(s, inc, bad, &e1), XF_ERR_INPUT);
        CU_ASSERT_EQUAL(xf_arch_build(s, full, &e2), XF_ERR_INPUT);
        CU_ASSERT_STRING_EQUAL(e1.msg, e2.msg);
        xf_arch_spec_free(s);
    }
    free(inc);
    free(full);
    free(w);
    free(ri);
    free(rf);
}

/* ADC resolution (tests/fixtures/arch/engines.cfg: 128 rows of 2-bit cells, 1-bit DACs, one
 * bit saved by ISAAC's encoding). A column sum of r rows needs ceil(log2(3r + 1)) - 1 bits: 128
 * rows need ceil(log2 385) - 1 = 8. A 4-bit ADC resolves 3r + 1 <= 2^(4+1), r = 10 rows, so the
 * 128 rows are read in ceil(128/10) = 13 groups: 13 conversions per column per cycle (ADC
 * energy x 13 at the table's 0.79 pJ for 4 bits) and a 13 x 50 ns cycle (the ADCs keep the
 * 1.28 GS/s the file states): an 8-cycle MVM takes 13 x 400 ns. With adc_policy = "refuse"
 * the design is refused, naming the bits it needs. */
static void test_adc_policy(void)
{
    xf_arch *a = malloc(sizeof *a);
    xf_err err = {0};
    const char *four[] = {"pe.adc_bits=4"};
    CU_ASSERT_EQUAL_FATAL(xf_arch_load("techlib", FIXTURE, four, 1, a, &err), XF_OK);
    const xf_engine_kind *k = a->die.eng[engine(a, "pe")].kind;
    const xf_mvm_array *x = k->array(xf_die_state(&a->die, engine(a, "pe")));
    CU_ASSERT_EQUAL(x->bits_needed, 8);
    CU_ASSERT_EQUAL(x->rows_per_read, 10);
    CU_ASSERT_EQUAL(x->row_groups, 13);
    XF_ASSERT_REL(x->t_mvm, 13 * 400e-9, 1e-9);
    XF_ASSERT_REL(x->e_cycle_adc, 13 * 128 * 0.79e-12, 1e-9);
    const char *eight[] = {"pe.adc_bits=8"};
    CU_ASSERT_EQUAL_FATAL(xf_arch_load("techlib", FIXTURE, eight, 1, a, &err), XF_OK);
    x = k->array(xf_die_state(&a->die, engine(a, "pe")));
    CU_ASSERT_EQUAL(x->row_groups, 1);
    XF_ASSERT_REL(x->t_mvm, 400e-9, 1e-9);
    const char *refuse[] = {"pe.adc_bits=4", "pe.adc_policy=refuse"};
    CU_ASSERT_EQUAL(xf_arch_load("techlib", FIXTURE, refuse, 2, a, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "a 4-bit ADC cannot resolve a column of 128 rows"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "needs 8 bits"));
    free(a);
}

XF_SUITE(engines) = {
    {"crossbar engine: static MVM with reprogramming (hand case)", test_xbar_static},
    {"crossbar engine: dynamic MVM written per input (hand case)", test_xbar_dynamic},
    {"CiM engine: QK^T with its operand write and scores (hand case)", test_cim_dynamic},
    {"CiM engine: scores spill to the DRAM engine (hand case)", test_cim_spill_to_dram},
    {"CiM engine: static MVM with weights from DRAM (hand case)", test_cim_static},
    {"vector lanes: MACs and softmax (hand case)", test_vfu},
    {"SFU: LayerNorm (hand case)", test_sfu},
    {"bus: a transfer (hand case)", test_bus},
    {"GPU: a fused element-wise kernel (hand case)", test_gpu_fused_add},
    {"the map routes each role to its engine", test_mapping_routes_roles},
    {"a role mapped to an engine that cannot run it is refused", test_mapping_refuses_wrong_engine},
    {"an override applied to a built architecture equals a full build", test_update_equals_build},
    {"ADC resolution: fewer rows per conversion, or refused (hand case)", test_adc_policy},
    {NULL, NULL}};
