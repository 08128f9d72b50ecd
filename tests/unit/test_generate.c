/* Generation (src/eval/generate.c) and the KV cache in decode (chip.kv_placement, the kv_*
 * rows of src/schedule/schedule.c): a generation is its prefill plus its decode steps, the
 * KV cache's capacity boundary, the model's context window, and the published GPU figures the
 * GPU baseline is checked against. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Evaluate arch (with overrides) on a zoo model at point p; returns the error code, fills pt. */
static int eval_at(const char *arch, const char *const *sets, int n_sets, const char *model,
                   const xf_wl_params *p, xf_test_point *pt, xf_err *err)
{
    xf_arch *a = xf_test_arch(arch, sets, n_sets);
    pt->a = *a;
    free(a);
    const xf_model *m = xf_zoo_find(model);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    xf_err_clear(err);
    return xf_evaluate(&pt->a, m, p, &pt->w, &pt->r, err);
}

static xf_wl_params point(xf_phase phase, long long seq, long long context, long long tokens)
{
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.phase = phase;
    p.seq = seq;
    p.context = context;
    p.tokens = tokens;
    return p;
}

/* GPT-2 on X-Former, a prompt of 64 tokens and 4 generated tokens: the generation's latency
 * and energy are those of the prefill at n = 64 plus the decode steps at contexts 64, 65, 66
 * and 67 evaluated one by one; TTFT is the prefill's latency, tokens/s = 4 / (sum of the
 * steps' latencies) and J/token = (sum of the steps' energies) / 4. */
static void test_generation_is_prefill_plus_steps(void)
{
    xf_test_point *g = calloc(1, sizeof *g), *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    xf_err err;
    xf_wl_params p = point(XF_PHASE_GENERATE, 64, 0, 4);
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", NULL, 0, "gpt2", &p, g, &err), XF_OK);
    p = point(XF_PHASE_PREFILL, 64, 0, 0);
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", NULL, 0, "gpt2", &p, s, &err), XF_OK);
    double t_pre = s->r.latency, e_pre = s->r.energy, t_dec = 0.0, e_dec = 0.0;
    double dram = s->r.energy_by_comp[XF_COMP_DRAM];
    for (long long c = 64; c < 68; c++) {
        p = point(XF_PHASE_DECODE, 0, c, 0);
        CU_ASSERT_EQUAL_FATAL(eval_at("xformer", NULL, 0, "gpt2", &p, s, &err), XF_OK);
        t_dec += s->r.latency;
        e_dec += s->r.energy;
        dram += s->r.energy_by_comp[XF_COMP_DRAM];
    }
    XF_ASSERT_REL(g->r.latency, t_pre + t_dec, 1e-12);
    XF_ASSERT_REL(g->r.energy, e_pre + e_dec, 1e-12);
    XF_ASSERT_REL(g->r.energy_by_comp[XF_COMP_DRAM] + 1e-30, dram + 1e-30, 1e-12);
    XF_ASSERT_REL(g->r.ttft, t_pre, 1e-12);
    XF_ASSERT_REL(g->r.tokens_per_s, 4.0 / t_dec, 1e-12);
    XF_ASSERT_REL(g->r.energy_per_token, e_dec / 4.0, 1e-12);
    CU_ASSERT_EQUAL(g->r.prompt, 64);
    CU_ASSERT_EQUAL(g->r.tokens, 4);
    /* X-Former writes no NVM at run time: no wear; its SRAM-CiM writes are counted */
    CU_ASSERT_EQUAL(g->r.writes_per_token, 0.0);
    CU_ASSERT(isinf(g->r.lifetime_tokens));
    CU_ASSERT(g->r.sram_per_token > 0.0);
    free(g);
    free(s);
}

/* Batch 2: each step decodes 2 sequences, so tokens/s = 2 x 3 / decode time. */
static void test_generation_batch(void)
{
    xf_test_point *g = calloc(1, sizeof *g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    xf_err err;
    xf_wl_params p = point(XF_PHASE_GENERATE, 32, 0, 3);
    p.batch = 2;
    CU_ASSERT_EQUAL_FATAL(eval_at("gpu-a100", NULL, 0, "gpt2", &p, g, &err), XF_OK);
    XF_ASSERT_REL(g->r.tokens_per_s, 6.0 / g->r.decode_latency, 1e-12);
    XF_ASSERT_REL(g->r.energy_per_token, g->r.decode_energy / 6.0, 1e-12);
    XF_ASSERT_REL(g->r.decode_latency, g->r.latency - g->r.ttft, 1e-12);
    free(g);
}

/* NVM-ideal keeps K and V in crossbars: each decode step writes the new token's K and V into
 * NVM cells. The wear per generated token is the sum over the passes of each pass's
 * most-written cell, divided by the tokens; the lifetime in tokens is the endurance over that. */
static void test_endurance_per_token(void)
{
    xf_test_point *g = calloc(1, sizeof *g), *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    xf_err err;
    xf_wl_params p = point(XF_PHASE_GENERATE, 16, 0, 2);
    CU_ASSERT_EQUAL_FATAL(eval_at("nvm-ideal", NULL, 0, "gpt2", &p, g, &err), XF_OK);
    double wear = 0.0, endurance = 0.0;
    p = point(XF_PHASE_PREFILL, 16, 0, 0);
    CU_ASSERT_EQUAL_FATAL(eval_at("nvm-ideal", NULL, 0, "gpt2", &p, s, &err), XF_OK);
    wear += s->r.writes_per_cell_max;
    for (long long c = 16; c < 18; c++) {
        p = point(XF_PHASE_DECODE, 0, c, 0);
        CU_ASSERT_EQUAL_FATAL(eval_at("nvm-ideal", NULL, 0, "gpt2", &p, s, &err), XF_OK);
        wear += s->r.writes_per_cell_max;
        endurance = s->r.endurance;
    }
    CU_ASSERT_FATAL(wear > 0.0);
    XF_ASSERT_REL(g->r.writes_per_token, wear / 2.0, 1e-12);
    XF_ASSERT_REL(g->r.lifetime_tokens, endurance / wear * 2.0, 1e-12);
    XF_ASSERT_REL(g->r.lifetime_s, endurance / wear / g->r.inferences_per_s, 1e-12);
    free(g);
    free(s);
}

/* GPT-2 has 1,024 learned positions: a prompt of 1,000 and 24 tokens fit, 25 do not; 0 tokens,
 * an encoder and a context on a generation are refused (input errors). */
static void test_generation_limits(void)
{
    xf_test_point *g = calloc(1, sizeof *g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    xf_err err;
    xf_wl_params p = point(XF_PHASE_GENERATE, 1000, 0, 24);
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "gpt2", &p, g, &err), XF_OK);
    p.tokens = 25;
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "gpt2", &p, g, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "context of 1024 tokens"));
    p.tokens = 0;
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "gpt2", &p, g, &err), XF_ERR_INPUT);
    p = point(XF_PHASE_GENERATE, 128, 0, 4);
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "bert-base", &p, g, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "decoder"));
    p.context = 5;
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "gpt2", &p, g, &err), XF_ERR_INPUT);
    /* Llama-2's window is 4,096 (its config's max_position_embeddings) */
    p = point(XF_PHASE_GENERATE, 4000, 0, 97);
    CU_ASSERT_EQUAL(eval_at("gpu-a100", NULL, 0, "llama2-7b", &p, g, &err), XF_ERR_INPUT);
    free(g);
}

/* The KV cache's capacity boundary. GPT-2 in decode with t cached tokens holds, after the
 * step, K and V of t + 1 tokens in each of its 12 layers at 8 bits:
 *     12 x 2 x (t + 1) x 768 B = 18,432 (t + 1) B.
 * X-Former's 2,109 PE tiles with shared_mem = 16 KB hold 2,109 x 16,384 = 34,553,856 B, so
 * t + 1 = floor(34,553,856 / 18,432) = 1,874 tokens fit: t = 1,873 fits, t = 1,874 (34,560,000
 * B) does not. "on_die_only" refuses it; "on_die" keeps 34,553,856 B on die and the rest,
 * 6,144 B, in DRAM: each layer reads the K and V of its 1,874 cached tokens
 * (2 x 1,874 x 768 = 2,878,464 B; 12 layers: 34,541,568 B) and appends 2 x 768 B, a share
 * 6,144 / 34,560,000 of each from DDR4 at 5.6 pJ/bit (techlib/memory/ddr4.cfg):
 *     (34,541,568 + 18,432) x 6,144 / 34,560,000 x 8 x 5.6 pJ = 6,144 x 8 x 5.6 pJ = 275.25 nJ */
static void test_kv_capacity_boundary(void)
{
    xf_test_point *x = calloc(1, sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    xf_err err;
    const char *only[] = {"pe.shared_mem_KB=16", "chip.kv_placement=on_die_only"};
    const char *first[] = {"pe.shared_mem_KB=16"};
    xf_wl_params p = point(XF_PHASE_DECODE, 0, 1873, 0);
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", only, 2, "gpt2", &p, x, &err), XF_OK);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_bytes, 18432.0 * 1874, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_on_die_bytes, 18432.0 * 1874, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_read_bytes, 12.0 * 2 * 1873 * 768, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_write_bytes, 12.0 * 2 * 768, 0.0);
    double dram_below = x->r.energy_by_comp[XF_COMP_DRAM] - x->r.static_by_comp[XF_COMP_DRAM];
    p.context = 1874;
    CU_ASSERT_EQUAL(eval_at("xformer", only, 2, "gpt2", &p, x, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "KV cache of 34560000 bytes exceeds the 34553856"));
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", first, 1, "gpt2", &p, x, &err), XF_OK);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_on_die_bytes, 34553856.0, 1e-3);
    double dram = x->r.energy_by_comp[XF_COMP_DRAM] - x->r.static_by_comp[XF_COMP_DRAM];
    CU_ASSERT_EQUAL(dram_below, 0.0); /* all on die below the boundary */
    XF_ASSERT_REL(dram, 6144.0 * 8 * 5.6e-12, 1e-9);
    /* everything in DRAM: the whole read and append, 34,560,000 B at 5.6 pJ/bit */
    const char *dram_all[] = {"pe.shared_mem_KB=16", "chip.kv_placement=dram"};
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", dram_all, 2, "gpt2", &p, x, &err), XF_OK);
    CU_ASSERT_EQUAL(x->r.kv_on_die_bytes, 0.0);
    XF_ASSERT_REL(x->r.energy_by_comp[XF_COMP_DRAM] - x->r.static_by_comp[XF_COMP_DRAM],
                  34560000.0 * 8 * 5.6e-12, 1e-9);
    free(x);
}

/* GQA shrinks the cache: Llama-2-70B has 8 K/V heads of 128 (num_key_value_heads 8 in its HF
 * config) against 64 query heads: 80 layers x 2 x (t + 1) x 1,024 B at 8 bits, one eighth of
 * what 64 K/V heads would hold. At t = 99: 80 x 2 x 100 x 1,024 = 16,384,000 B. */
static void test_kv_gqa(void)
{
    xf_test_point *x = calloc(1, sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    xf_err err;
    xf_wl_params p = point(XF_PHASE_DECODE, 0, 99, 0);
    CU_ASSERT_EQUAL_FATAL(eval_at("xformer", NULL, 0, "llama2-70b", &p, x, &err), XF_OK);
    CU_ASSERT_DOUBLE_EQUAL(x->r.kv_bytes, 16384000.0, 0.0);
    free(x);
}

/* The GPU baseline against published measurements: NVIDIA NeMo Framework "Llama-2 Results"
 * (docs.nvidia.com/nemo-framework/user-guide/latest/performance/llama.html), Llama-2-7B,
 * input 128 tokens, output 20 tokens (the prefill's token and 19 decode steps), one GPU:
 * average latency, batch 1 / batch 8:  A100 80 GB SXM4 234.0 / 329.5 ms, H100 80 GB HBM3
 * 153.8 / 199.2 ms. The H100 file is that board (3.35 TB/s); the A100 file is the 40 GB SXM4
 * (1,555 GB/s against the 80 GB's 2,039), so its estimate is expected slower than the 80 GB
 * measurement. Within 25 %: the roofline's named efficiencies (0.5 of peak compute, 0.8 of
 * memory bandwidth, 5 us per kernel) are assumptions, not fitted to these figures. */
static void test_gpu_generation_published(void)
{
    static const struct {
        const char *arch;
        long long batch;
        double ms;
    } m[] = {{"gpu-h100", 1, 153.8},
             {"gpu-h100", 8, 199.2},
             {"gpu-a100", 1, 234.0},
             {"gpu-a100", 8, 329.5}};
    xf_test_point *g = calloc(1, sizeof *g);
    CU_ASSERT_PTR_NOT_NULL_FATAL(g);
    xf_err err;
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        xf_wl_params p = point(XF_PHASE_GENERATE, 128, 0, 19);
        p.batch = m[i].batch;
        CU_ASSERT_EQUAL_FATAL(eval_at(m[i].arch, NULL, 0, "llama2-7b", &p, g, &err), XF_OK);
        double ms = g->r.latency * 1e3;
        if (fabs(ms - m[i].ms) > 0.25 * m[i].ms)
            fprintf(stderr, "\n  %s batch %lld: %.1f ms against %.1f ms measured", m[i].arch,
                    m[i].batch, ms, m[i].ms);
        XF_ASSERT_REL(ms, m[i].ms, 0.25);
    }
    free(g);
}

/* A generation's identity: its prompt (seq) and tokens; a prefill's hash does not depend on
 * the tokens field, and the hash of a prefill stored before generations existed is the text
 * "config|model|seq|dec_seq|batch|phase|context|head|w_bits|a_bits|bits_per_cell" hashed:
 * tokens are appended only for phase generate. */
static void test_generation_identity(void)
{
    char a[XF_HASH_HEX], b[XF_HASH_HEX], c[XF_HASH_HEX], d[XF_HASH_HEX];
    xf_wl_params p = point(XF_PHASE_GENERATE, 512, 0, 16);
    xf_point_hash("0123456789abcdef0123456789abcdef", "m", &p, a);
    p.tokens = 17;
    xf_point_hash("0123456789abcdef0123456789abcdef", "m", &p, b);
    CU_ASSERT_STRING_NOT_EQUAL(a, b);
    p = point(XF_PHASE_PREFILL, 512, 0, 0);
    xf_point_hash("0123456789abcdef0123456789abcdef", "m", &p, c);
    p.tokens = 16; /* ignored outside generate */
    xf_point_hash("0123456789abcdef0123456789abcdef", "m", &p, d);
    CU_ASSERT_STRING_EQUAL(c, d);
    CU_ASSERT_STRING_NOT_EQUAL(a, c);
}

/* Tile quantization on the GPU (gemm_tile_rows = 128 in arch/gpu-a100.cfg): a matrix product
 * of m = 8 rows computes a whole 128-row tile, so it runs at 8 / 128 of the compute
 * efficiency. QK^T with 12 heads of 8 x 64 x 512 (no bytes): 2 x 12 x 8 x 64 x 512 =
 * 6,291,456 FLOPs at 312 TFLOPS (FP16 tensor) x 0.5 x 8 / 128 = 9.75 TFLOPS: 645.3 ns, plus
 * the 5 us launch. At m = 128 the tile is full: 16 x the FLOPs in the same 645.3 ns. */
static void test_gpu_tile_quantization(void)
{
    xf_arch *a = xf_test_arch("gpu-a100", NULL, 0);
    xf_engine_size z;
    memset(&z, 0, sizeof z);
    xf_engine_out out;
    xf_op op = xf_test_op("qk", XF_ROLE_QK, 8, 64, 512, 12);
    op.macs = 12ULL * 8 * 64 * 512;
    op.flops = 2 * op.macs;
    out.n = out.main = out.full = 0;
    xf_test_engine_run(a, "gpu", &z, 1, &op, &out);
    CU_ASSERT_EQUAL_FATAL(out.n, 1);
    XF_ASSERT_REL(out.row[0].latency, 6291456.0 / (312e12 * 0.5 * 8 / 128) + 5e-6, 1e-9);
    op = xf_test_op("qk", XF_ROLE_QK, 128, 64, 512, 12);
    op.macs = 12ULL * 128 * 64 * 512;
    op.flops = 2 * op.macs;
    out.n = out.main = out.full = 0;
    xf_test_engine_run(a, "gpu", &z, 1, &op, &out);
    XF_ASSERT_REL(out.row[0].latency, 6291456.0 / (312e12 * 0.5 * 8 / 128) + 5e-6, 1e-9);
    free(a);
}

/* The INT8 tensor-core path against NVIDIA's TensorRT BERT demo (NVIDIA/TensorRT
 * demo/BERT/README.md @007c347, "Inference performance: NVIDIA A100 (40GB)", average
 * latency): BERT-Base at 128 tokens, batch 128: INT8 8.18 ms, FP16 16.14 ms, a ratio of 0.507;
 * BERT-Large at 384, batch 32: 23.17 / 43.01 ms = 0.539. At these large batches both
 * precisions are compute-bound, so the model's ratio is the peak ratio 312 / 624 = 0.5 (plus
 * the memory-bound ops): within 10 % of the measured ratios. The absolute latencies are
 * about 1.7 x the measured ones (efficiency_compute = 0.5 is below what TensorRT's large
 * GEMMs reach): asserted here as a known gap, between 1.4 x and 2 x, so that a change to
 * the roofline that closes or widens it is seen. */
static void test_gpu_int8_tensorrt(void)
{
    static const struct {
        const char *model;
        long long seq, batch;
        double int8_ms, fp16_ms;
    } m[] = {{"bert-base", 128, 128, 8.18, 16.14}, {"bert-large", 384, 32, 23.17, 43.01}};
    xf_test_point *x = calloc(1, sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    xf_err err;
    const char *int8[] = {"gpu.precision=int8"};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        xf_wl_params p = point(XF_PHASE_PREFILL, m[i].seq, 0, 0);
        p.batch = m[i].batch;
        CU_ASSERT_EQUAL_FATAL(eval_at("gpu-a100", int8, 1, m[i].model, &p, x, &err), XF_OK);
        double t8 = x->r.latency * 1e3;
        CU_ASSERT_EQUAL_FATAL(eval_at("gpu-a100", NULL, 0, m[i].model, &p, x, &err), XF_OK);
        double t16 = x->r.latency * 1e3;
        XF_ASSERT_REL(t8 / t16, m[i].int8_ms / m[i].fp16_ms, 0.10);
        CU_ASSERT(t16 / m[i].fp16_ms > 1.4 && t16 / m[i].fp16_ms < 2.0);
        CU_ASSERT(t8 / m[i].int8_ms > 1.4 && t8 / m[i].int8_ms < 2.0);
    }
    free(x);
}

XF_SUITE(generate) = {
    {"GPU INT8 against TensorRT's A100 BERT latencies", test_gpu_int8_tensorrt},
    {"GPU tile quantization: 8 rows of a 128-row tile", test_gpu_tile_quantization},
    {"generation identity: prompt and tokens", test_generation_identity},
    {"generation = prefill + the sum of its decode steps", test_generation_is_prefill_plus_steps},
    {"generation at batch 2: tokens/s counts every sequence", test_generation_batch},
    {"endurance per generated token on NVM-ideal", test_endurance_per_token},
    {"generation limits: context window, tokens 0, encoder, context", test_generation_limits},
    {"KV cache: one token below and above the on-die capacity", test_kv_capacity_boundary},
    {"KV cache with GQA (Llama-2-70B: 8 K/V heads)", test_kv_gqa},
    {"GPU generation against NeMo's published Llama-2-7B latencies", test_gpu_generation_published},
    CU_TEST_INFO_NULL};
