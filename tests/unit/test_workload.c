/* Workload analyzer: published counts, parameter counts, invariants over the zoo, user models.
 * Reference figures: cli99/flops-profiler README @32125d8 (BERT-base at 128: 11.17 GMACs with
 * attention, per layer 931.14 MMACs, Q/K/V/O 75.5 M, FFN 301.99 M, QK^T+AV 25.17 M, LayerNorm
 * 491,520 FLOPs each, 22.36 GFLOPs), ptflops samples/bert.py (10.87 GMACs linear only), the
 * derived values of the workload reference (n = 384: 35.33 G, n = 512: 48.32 G, Llama per-layer
 * weight MACs, KV-cache bytes, K/V write counts). */
#include "xf_test.h"

#include "xf/workload.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const xf_model *zoo(const char *name)
{
    const xf_model *m = xf_zoo_find(name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    return m;
}

/* Build and assert success. */
static void build(const xf_model *m, const xf_wl_params *p, xf_workload *w)
{
    xf_err err = {0};
    int rc = xf_workload_build(m, p, w, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  build %s: %s\n", m->name, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

static void prefill(const char *name, long long n, xf_workload *w)
{
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = n;
    build(zoo(name), &p, w);
}

static const xf_layer *group(const xf_workload *w, const char *name)
{
    for (int i = 0; i < w->n_layers; i++)
        if (strcmp(w->layers[i].name, name) == 0)
            return &w->layers[i];
    return NULL;
}

static const xf_op *op(const xf_layer *l, const char *name)
{
    for (int i = l ? l->n_ops : 0; i-- > 0;)
        if (strcmp(l->ops[i].name, name) == 0)
            return &l->ops[i];
    return NULL;
}

/* --------------------------------------------------------------- BERT-base counts */

static void test_bert_base_128(void)
{
    xf_workload w;
    prefill("bert-base", 128, &w);
    const xf_layer *enc = group(&w, "enc");
    CU_ASSERT_PTR_NOT_NULL_FATAL(enc);
    CU_ASSERT_EQUAL(enc->repeat, 12);
    const char *proj[] = {"q_proj", "k_proj", "v_proj", "o_proj"};
    for (int i = 0; i < 4; i++) {
        const xf_op *o = op(enc, proj[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(o);
        CU_ASSERT_EQUAL(o->macs, 75497472u); /* 128 x 768 x 768 */
        CU_ASSERT_EQUAL(o->flops, 2 * 75497472u);
        CU_ASSERT_EQUAL(o->kind, XF_OP_STATIC_MVM);
    }
    CU_ASSERT_EQUAL(op(enc, "ffn_up")->macs, 301989888u);
    CU_ASSERT_EQUAL(op(enc, "ffn_down")->macs, 301989888u);
    const xf_op *qk = op(enc, "qk"), *av = op(enc, "av");
    CU_ASSERT_EQUAL(qk->kind, XF_OP_DYNAMIC_MVM);
    CU_ASSERT_EQUAL(qk->heads, 12u);
    CU_ASSERT_EQUAL(qk->m, 128u);
    CU_ASSERT_EQUAL(qk->k, 64u);
    CU_ASSERT_EQUAL(qk->n, 128u);
    CU_ASSERT_EQUAL(qk->macs + av->macs, 25165824u);
    CU_ASSERT_EQUAL(enc->sum.macs, 931135488u);  /* 931.14 M per layer */
    CU_ASSERT_EQUAL(w.total.macs, 11173625856u); /* 12 x 931,135,488 = 11.174 G */
    CU_ASSERT_EQUAL(w.by_kind[XF_OP_STATIC_MVM].macs, 10871635968u); /* linear only 10.87 G */
    CU_ASSERT_EQUAL(w.by_kind[XF_OP_DYNAMIC_MVM].macs, 301989888u);
    XF_ASSERT_REL(w.total.macs, 11.174e9, 5e-5);
    XF_ASSERT_REL(w.by_kind[XF_OP_STATIC_MVM].macs, 10.87e9, 5e-4);
    /* No pooler without head; encoder totals contain only embeddings and layers. */
    CU_ASSERT_PTR_NULL(group(&w, "final"));
    /* LayerNorm at 5 FLOPs/element: 491,520 per norm (flops-profiler). */
    CU_ASSERT_EQUAL(op(enc, "attn_norm")->flops, 491520u);
    CU_ASSERT_EQUAL(op(group(&w, "embed"), "embed_norm")->flops, 491520u);
}

/* With the pooler, the flops-profiler convention (2 FLOPs/MAC + LayerNorm 5/elem + softmax
 * 1/elem, GELU and adds not counted) gives its published 22.36 GFLOPs. */
static void test_bert_base_head_profiler(void)
{
    xf_workload w;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    p.head = 1;
    build(zoo("bert-base"), &p, &w);
    CU_ASSERT_EQUAL(w.total.macs, 11174215680u); /* + 768 x 768 pooler = 11.17 G */
    uint64_t ln = 0, softmax_elems = 0;
    for (int i = 0; i < w.n_layers; i++)
        for (int j = 0; j < w.layers[i].n_ops; j++) {
            const xf_op *o = &w.layers[i].ops[j];
            if (strstr(o->name, "norm"))
                ln += o->flops * (uint64_t)w.layers[i].repeat;
            if (strcmp(o->name, "softmax") == 0)
                softmax_elems += o->flops / XF_FLOPS_SOFTMAX * (uint64_t)w.layers[i].repeat;
        }
    CU_ASSERT_EQUAL(ln, 12288000u);           /* LN 12.29 MFLOPs */
    CU_ASSERT_EQUAL(softmax_elems, 2359296u); /* softmax 2.36 MFLOPs */
    uint64_t profiler_flops = 2 * w.total.macs + ln + softmax_elems;
    CU_ASSERT_EQUAL(profiler_flops, 22363078656u);
    XF_ASSERT_REL(profiler_flops, 22.36e9, 5e-4);
    /* Stored weights (8 bit): every parameter, pooler included. */
    CU_ASSERT_EQUAL(w.weight_store_bytes, 109482240u);
}

static void test_bert_base_long(void)
{
    xf_workload w128, w384, w512;
    prefill("bert-base", 128, &w128);
    prefill("bert-base", 384, &w384);
    prefill("bert-base", 512, &w512);
    CU_ASSERT_EQUAL(w384.total.macs, 35332816896u);                     /* 35.33 G */
    CU_ASSERT_EQUAL(w512.total.macs, 48318382080u);                     /* 48.32 G */
    CU_ASSERT_EQUAL(w512.by_kind[XF_OP_STATIC_MVM].macs, 43486543872u); /* 43.49 G */
    CU_ASSERT_EQUAL(w512.by_kind[XF_OP_DYNAMIC_MVM].macs, 4831838208u); /* 4.83 G */
    XF_ASSERT_REL(w384.by_kind[XF_OP_DYNAMIC_MVM].macs, 2.72e9, 2e-3);  /* attn 2.72 G */
    XF_ASSERT_REL(w384.total.macs, 35.33e9, 2e-4);
    XF_ASSERT_REL(w512.total.macs, 48.32e9, 2e-4);
    double s128 = (double)w128.by_kind[XF_OP_DYNAMIC_MVM].macs / (double)w128.total.macs;
    double s384 = (double)w384.by_kind[XF_OP_DYNAMIC_MVM].macs / (double)w384.total.macs;
    double s512 = (double)w512.by_kind[XF_OP_DYNAMIC_MVM].macs / (double)w512.total.macs;
    CU_ASSERT(s128 < s384 && s384 < s512);
}

/* ----------------------------------------------------------------- parameters */

static void test_params(void)
{
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-base")), 109482240u);  /* official, with pooler */
    CU_ASSERT_EQUAL(xf_model_params(zoo("llama2-7b")), 6738415616u); /* official */
    /* Derived in the workload reference from the same formulas. */
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-tiny")), 4385920u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-mini")), 11170560u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-small")), 28763648u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-medium")), 41373184u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("bert-large")), 335141888u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("distilbert")), 66362880u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("gpt2")), 124439808u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("llama2-13b")), 13015864320u);
    CU_ASSERT_EQUAL(xf_model_params(zoo("llama2-70b")), 68976648192u);
    /* Published rounded figures. */
    XF_ASSERT_REL(xf_model_params(zoo("vit-b16")), 86.57e6, 1e-4); /* timm, with head */
    XF_ASSERT_REL(xf_model_params(zoo("vit-l16")), 304.3e6, 2e-4); /* timm */
    XF_ASSERT_REL(xf_model_params(zoo("deit-s")), 22.1e6, 3e-3);   /* timm */
    XF_ASSERT_REL(xf_model_params(zoo("opt-350m")), 331e6, 1e-3);  /* derived ~331M */
    XF_ASSERT_REL(xf_model_params(zoo("roberta-base")), 125e6, 5e-3);
    XF_ASSERT_REL(xf_model_params(zoo("roberta-large")), 355e6, 2e-3);
    XF_ASSERT_REL(xf_model_params(zoo("gpt3-175b")), 175e9, 3e-3);
    XF_ASSERT_REL(xf_model_params(zoo("albert-base")), 11.7e6, 5e-3); /* HF list 11M, paper 12M */
    XF_ASSERT_REL(xf_model_params(zoo("t5-small")), 60.5e6, 1e-3);
    XF_ASSERT_REL(xf_model_params(zoo("t5-base")), 222.9e6, 1e-3);
}

/* --------------------------------------------------------------- decoders, GQA, KV */

static void test_llama_gqa_decode(void)
{
    /* Per-layer weight MACs per token (reference 4a): 7B 202,375,168; 13B 317,194,240;
     * 70B 855,638,016 (GQA: k/v are 8192 x 1024). */
    const char *names[] = {"llama2-7b", "llama2-13b", "llama2-70b"};
    const uint64_t per_layer[] = {202375168u, 317194240u, 855638016u};
    for (int i = 0; i < 3; i++) {
        xf_workload w;
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.phase = XF_PHASE_DECODE;
        p.context = 2047;
        build(zoo(names[i]), &p, &w);
        const xf_layer *dec = group(&w, "dec");
        CU_ASSERT_PTR_NOT_NULL_FATAL(dec);
        uint64_t s = 0;
        for (int j = 0; j < dec->n_ops; j++)
            if (dec->ops[j].kind == XF_OP_STATIC_MVM)
                s += dec->ops[j].macs;
        CU_ASSERT_EQUAL(s, per_layer[i]);
        CU_ASSERT_PTR_NOT_NULL(op(dec, "ffn_gate")); /* SwiGLU: 3 matrices */
        CU_ASSERT_PTR_NOT_NULL(op(dec, "glu_mul"));
        /* decode: the new token attends to the 2047 cached + itself = 2048 keys */
        CU_ASSERT_EQUAL(op(dec, "qk")->n, 2048u);
        CU_ASSERT_EQUAL(op(dec, "qk")->macs, 2048u * (uint64_t)zoo(names[i])->d_model);
        /* LM head on the new token: d x 32000 */
        CU_ASSERT_EQUAL(op(group(&w, "final"), "lm_head")->macs,
                        (uint64_t)zoo(names[i])->d_model * 32000u);
    }
    xf_workload w;
    prefill("llama2-70b", 64, &w);
    const xf_layer *dec = group(&w, "dec");
    CU_ASSERT_EQUAL(op(dec, "k_proj")->n, 1024u);
    CU_ASSERT_EQUAL(op(dec, "v_proj")->n, 1024u);
    CU_ASSERT_EQUAL(op(dec, "k_proj")->macs, 64u * 8192u * 1024u);
    CU_ASSERT_EQUAL(op(dec, "q_proj")->n, 8192u);
    CU_ASSERT_EQUAL(op(dec, "qk")->heads, 64u); /* attention uses all query heads */
    CU_ASSERT_EQUAL(op(dec, "qk")->macs, 64u * 64u * 128u * 64u);
    CU_ASSERT_PTR_NULL(op(dec, "pos_bias")); /* no relative bias in Llama */
}

static void test_kv_cache(void)
{
    /* 2 x L x h_kv x d_head x 2 bytes (fp16), reference 4b. */
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(zoo("gpt2"), 16), 36864u);
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(zoo("llama2-7b"), 16), 524288u);
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(zoo("llama2-13b"), 16), 819200u);
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(zoo("llama2-70b"), 16), 327680u);
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(zoo("bert-base"), 16), 0u);
    /* A decode step appends exactly one token's K and V; 4096 tokens held = 2 GiB (7B). */
    xf_workload w;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.phase = XF_PHASE_DECODE;
    p.context = 4095;
    p.w_bits = p.a_bits = 16;
    build(zoo("llama2-7b"), &p, &w);
    CU_ASSERT_EQUAL(w.kv_append_bytes, 524288u);
    CU_ASSERT_EQUAL(w.kv_cache_bytes, 4096u * 524288u);
    CU_ASSERT_EQUAL(w.weight_store_bytes, 2u * 6738415616u); /* 13.5 GB at fp16 */
    /* Prefill of n tokens writes n tokens' K and V. */
    xf_wl_params_default(&p);
    p.seq = 100;
    p.a_bits = 16;
    build(zoo("gpt2"), &p, &w);
    CU_ASSERT_EQUAL(w.kv_append_bytes, 100u * 36864u);
    CU_ASSERT_EQUAL(w.kv_cache_bytes, 100u * 36864u);
    /* Encoders have no KV cache. */
    prefill("bert-base", 128, &w);
    CU_ASSERT_EQUAL(w.kv_cache_bytes, 0u);
}

/* ----------------------------------------------------------------- NVM writes */

/* K and V elements written per layer (reference section 5); cells = elements x ceil(8/2). */
static uint64_t kv_elems_per_layer(const xf_workload *w, const char *grp)
{
    const xf_layer *l = group(w, grp);
    CU_ASSERT_PTR_NOT_NULL_FATAL(l);
    uint64_t cells = 0;
    for (int j = 0; j < l->n_ops; j++)
        cells += l->ops[j].nvm_writes;
    return cells / 4;
}

static void test_nvm_writes(void)
{
    xf_workload w;
    prefill("bert-base", 128, &w);
    CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "enc"), 196608u);
    CU_ASSERT_EQUAL(group(&w, "enc")->sum.nvm_writes, 786432u); /* 196,608 x 4 cells */
    CU_ASSERT_EQUAL(w.total.nvm_writes, 4u * 2359296u);         /* per inference */
    CU_ASSERT_EQUAL(op(group(&w, "enc"), "q_proj")->nvm_writes, 0u);
    prefill("bert-base", 384, &w);
    CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "enc"), 589824u);
    CU_ASSERT_EQUAL(w.total.nvm_writes / 4, 7077888u);
    prefill("bert-base", 512, &w);
    CU_ASSERT_EQUAL(w.total.nvm_writes / 4, 9437184u);
    prefill("bert-large", 384, &w);
    CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "enc"), 786432u);
    CU_ASSERT_EQUAL(w.total.nvm_writes / 4, 18874368u);
    prefill("vit-b16", 197, &w);
    CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "enc"), 302592u);
    CU_ASSERT_EQUAL(w.total.nvm_writes / 4, 3631104u);
    prefill("deit-s", 197, &w);
    CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "enc"), 151296u);
    CU_ASSERT_EQUAL(w.total.nvm_writes / 4, 1815552u);
    /* Decode appends 2 d_kv per layer. */
    const char *dec[] = {"gpt2", "llama2-7b", "llama2-70b"};
    const uint64_t per_layer[] = {1536u, 8192u, 2048u}, per_token[] = {18432u, 262144u, 163840u};
    for (int i = 0; i < 3; i++) {
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.phase = XF_PHASE_DECODE;
        p.context = 100;
        build(zoo(dec[i]), &p, &w);
        CU_ASSERT_EQUAL(kv_elems_per_layer(&w, "dec"), per_layer[i]);
        CU_ASSERT_EQUAL(w.total.nvm_writes / 4, per_token[i]);
    }
    /* bits per cell: 8-bit K/V at 1 bit per cell = 8 cells per element. */
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    p.bits_per_cell = 1;
    build(zoo("bert-base"), &p, &w);
    CU_ASSERT_EQUAL(group(&w, "enc")->sum.nvm_writes, 8u * 196608u);
    p.bits_per_cell = 3; /* ceil(8 / 3) = 3 */
    build(zoo("bert-base"), &p, &w);
    CU_ASSERT_EQUAL(group(&w, "enc")->sum.nvm_writes, 3u * 196608u);
}

/* ------------------------------------------------------- encoder-decoder, vision */

static void test_t5(void)
{
    xf_workload w;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 64;
    p.dec_seq = 16;
    build(zoo("t5-small"), &p, &w);
    const xf_layer *enc = group(&w, "enc"), *dec = group(&w, "dec");
    CU_ASSERT_PTR_NOT_NULL_FATAL(enc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(dec);
    CU_ASSERT_EQUAL(enc->repeat, 6);
    CU_ASSERT_EQUAL(dec->repeat, 6);
    /* cross-attention: Q from 16 decoder rows, K/V from 64 encoder tokens */
    CU_ASSERT_EQUAL(op(dec, "xq_proj")->macs, 16u * 512u * 512u);
    CU_ASSERT_EQUAL(op(dec, "xk_proj")->macs, 64u * 512u * 512u);
    CU_ASSERT_EQUAL(op(dec, "xqk")->macs, 16u * 64u * 512u);
    CU_ASSERT_EQUAL(op(dec, "xav")->macs, 16u * 64u * 512u);
    CU_ASSERT_EQUAL(op(dec, "qk")->macs, 16u * 16u * 512u);
    CU_ASSERT_PTR_NOT_NULL(op(enc, "pos_bias")); /* relative position bias, h n^2 adds */
    CU_ASSERT_PTR_NULL(op(enc, "scale"));        /* T5 does not scale scores */
    CU_ASSERT_EQUAL(op(group(&w, "final"), "lm_head")->macs, 16u * 512u * 32128u);
    /* dec_seq defaults to seq */
    xf_wl_params_default(&p);
    p.seq = 32;
    build(zoo("t5-small"), &p, &w);
    CU_ASSERT_EQUAL(w.params.dec_seq, 32);
    /* decode: encoder not rerun, cross K/V cached (no projections, no writes) */
    xf_wl_params_default(&p);
    p.seq = 64;
    p.phase = XF_PHASE_DECODE;
    p.context = 9;
    build(zoo("t5-small"), &p, &w);
    CU_ASSERT_PTR_NULL(group(&w, "enc"));
    dec = group(&w, "dec");
    CU_ASSERT_PTR_NULL(op(dec, "xk_proj"));
    CU_ASSERT_EQUAL(op(dec, "xqk")->nvm_writes, 0u);
    CU_ASSERT_EQUAL(op(dec, "xqk")->n, 64u);
    CU_ASSERT_EQUAL(op(dec, "qk")->n, 10u);
    CU_ASSERT_EQUAL(w.kv_append_bytes, 6u * 2u * 512u); /* self K,V of 1 token */
    CU_ASSERT_EQUAL(w.kv_cache_bytes, 6u * (2u * 10u * 512u + 2u * 64u * 512u)); /* + cross */
}

static void test_vision(void)
{
    xf_workload w;
    xf_wl_params p;
    xf_wl_params_default(&p);
    build(zoo("vit-b16"), &p, &w); /* seq 0 = default */
    CU_ASSERT_EQUAL(w.params.seq, 197);
    const xf_op *pe = op(group(&w, "embed"), "patch_embed");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pe);
    CU_ASSERT_EQUAL(pe->kind, XF_OP_STATIC_MVM);
    CU_ASSERT_EQUAL(pe->macs, 196u * 768u * 768u);
    CU_ASSERT_EQUAL(group(&w, "enc")->sum.macs, 197u * 7077888u + 2u * 197u * 197u * 768u);
    CU_ASSERT_PTR_NULL(op(group(&w, "final"), "classifier"));
    p.head = 1;
    build(zoo("vit-b16"), &p, &w);
    CU_ASSERT_EQUAL(op(group(&w, "final"), "classifier")->macs, 768u * 1000u);
    CU_ASSERT_EQUAL(w.weight_store_bytes, xf_model_params(zoo("vit-b16")));
    p.head = 0;
    build(zoo("vit-b16"), &p, &w);
    CU_ASSERT_EQUAL(w.weight_store_bytes, xf_model_params(zoo("vit-b16")) - 769000u);
}

/* ------------------------------------------------------------------ invariants */

static uint64_t op_field(const xf_op *o, int f)
{
    const uint64_t v[] = {o->macs,         o->flops,         o->weight_bytes,
                          o->act_in_bytes, o->act_out_bytes, o->nvm_writes};
    return v[f];
}

/* totals = sum of the rows a CSV would list (every op of every layer instance) */
static void check_sums(const xf_workload *w)
{
    for (int f = 0; f < 6; f++) {
        uint64_t rows = 0, kinds = 0;
        for (int i = 0; i < w->n_layers; i++)
            for (int r = 0; r < w->layers[i].repeat; r++)
                for (int j = 0; j < w->layers[i].n_ops; j++)
                    rows += op_field(&w->layers[i].ops[j], f);
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            kinds += op_field(&w->by_kind[k], f);
        CU_ASSERT_EQUAL(rows, op_field(&w->total, f));
        CU_ASSERT_EQUAL(kinds, op_field(&w->total, f));
    }
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        CU_ASSERT(l->repeat >= 1);
        CU_ASSERT(l->n_ops >= 1);
        for (int j = 0; j < l->n_ops; j++) {
            const xf_op *o = &l->ops[j];
            CU_ASSERT(o->name && o->name[0]);
            CU_ASSERT(o->heads >= 1);
            if (o->kind == XF_OP_STATIC_MVM || o->kind == XF_OP_DYNAMIC_MVM) {
                CU_ASSERT(o->flops == 2 * o->macs);
                CU_ASSERT(o->macs == o->heads * o->m * o->k * o->n);
            } else {
                CU_ASSERT(o->macs == 0 && o->k == 0);
            }
            if (o->kind == XF_OP_STATIC_MVM)
                CU_ASSERT(o->weight_bytes > 0 && o->nvm_writes == 0);
            if (o->kind != XF_OP_DYNAMIC_MVM)
                CU_ASSERT(o->nvm_writes == 0);
        }
    }
    CU_ASSERT(w->total.macs > 0);
    CU_ASSERT(w->total.flops >= 2 * w->total.macs);
    double share = (double)w->by_kind[XF_OP_DYNAMIC_MVM].macs / (double)w->total.macs;
    CU_ASSERT(isfinite(share) && share >= 0.0 && share < 1.0);
}

/* f(x) affine over the points: (f3 - f2)(x2 - x1) == (f2 - f1)(x3 - x2), exactly. */
static int affine(const uint64_t *f, const uint64_t *x, int n)
{
    for (int i = 0; i + 2 < n; i++) {
        __uint128_t a = (__uint128_t)(f[i + 2] - f[i + 1]) * (x[i + 1] - x[i]);
        __uint128_t b = (__uint128_t)(f[i + 1] - f[i]) * (x[i + 2] - x[i + 1]);
        if (f[i + 2] < f[i + 1] || f[i + 1] < f[i] || a != b)
            return 0;
    }
    return 1;
}

static void test_invariants_zoo(void)
{
    const uint64_t ns[] = {1, 64, 512, 4096};
    for (int i = 0; i < xf_zoo_count(); i++) {
        const xf_model *m = xf_zoo_get(i);
        xf_err err = {0};
        CU_ASSERT_EQUAL(xf_model_check(m, &err), XF_OK);
        uint64_t st[4], dy[4], x[4];
        for (int k = 0; k < 4; k++) {
            xf_workload w;
            xf_wl_params p;
            xf_wl_params_default(&p);
            p.seq = (long long)ns[k];
            build(m, &p, &w);
            check_sums(&w);
            st[k] = w.by_kind[XF_OP_STATIC_MVM].macs;
            dy[k] = w.by_kind[XF_OP_DYNAMIC_MVM].macs;
            x[k] = ns[k];
            /* dynamic MACs are exactly quadratic in n (prefill, full n x n) */
            CU_ASSERT_EQUAL(dy[k], dy[0] * ns[k] * ns[k]);
        }
        CU_ASSERT(affine(st, x, 4)); /* static MACs linear in n (vision: n - 1 patches) */
        if (m->family != XF_FAMILY_VISION)
            CU_ASSERT_EQUAL(st[3], st[0] * 4096u);
        if (m->family != XF_FAMILY_DECODER && m->family != XF_FAMILY_ENCDEC)
            continue;
        /* decode: MACs linear in t; dynamic MACs proportional to t + 1 */
        const uint64_t ts[] = {0, 63, 511, 4095};
        uint64_t tot[4], d1[4];
        for (int k = 0; k < 4; k++) {
            xf_workload w;
            xf_wl_params p;
            xf_wl_params_default(&p);
            p.phase = XF_PHASE_DECODE;
            p.context = (long long)ts[k];
            p.seq = m->family == XF_FAMILY_ENCDEC ? 64 : 0;
            build(m, &p, &w);
            check_sums(&w);
            tot[k] = w.total.macs;
            d1[k] = ts[k] + 1;
            CU_ASSERT_EQUAL(w.tokens, 1u);
        }
        CU_ASSERT(affine(tot, d1, 4));
        CU_ASSERT(tot[3] > tot[0]);
    }
}

/* Batch scales every count linearly (weights are read once per op). */
static void test_batch(void)
{
    xf_workload w1, w8;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    build(zoo("bert-base"), &p, &w1);
    p.batch = 8;
    build(zoo("bert-base"), &p, &w8);
    CU_ASSERT_EQUAL(w8.total.macs, 8 * w1.total.macs);
    CU_ASSERT_EQUAL(w8.total.nvm_writes, 8 * w1.total.nvm_writes);
    CU_ASSERT_EQUAL(w8.total.act_out_bytes, 8 * w1.total.act_out_bytes);
    CU_ASSERT_EQUAL(op(group(&w8, "enc"), "q_proj")->weight_bytes,
                    op(group(&w1, "enc"), "q_proj")->weight_bytes);
    /* 4-bit activations halve the activation bytes */
    p.batch = 1;
    p.a_bits = 4;
    xf_workload w4;
    build(zoo("bert-base"), &p, &w4);
    CU_ASSERT_EQUAL(2 * w4.total.act_out_bytes, w1.total.act_out_bytes);
}

/* ----------------------------------------------------------- limits and errors */

static void expect_error(const xf_model *m, const xf_wl_params *p, const char *frag)
{
    xf_workload w;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_workload_build(m, p, &w, &err), XF_ERR_INPUT);
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    if (!strstr(err.msg, frag))
        fprintf(stderr, "\n  expected '%s' in: %s\n", frag, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
}

static void test_limits(void)
{
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = XF_WL_MAX_SEQ;
    p.batch = XF_WL_MAX_BATCH;
    expect_error(zoo("gpt3-175b"), &p, "64 bits");
    xf_wl_params_default(&p);
    p.seq = XF_WL_MAX_SEQ + 1;
    expect_error(zoo("bert-base"), &p, "out of range");
    p.seq = 0;
    expect_error(zoo("bert-base"), &p, "out of range");
    p.seq = 128;
    p.batch = 0;
    expect_error(zoo("bert-base"), &p, "batch");
    p.batch = 1;
    p.phase = XF_PHASE_DECODE;
    p.context = 10;
    expect_error(zoo("bert-base"), &p, "decode");
    p.phase = XF_PHASE_PREFILL;
    expect_error(zoo("gpt2"), &p, "context");
    p.context = 0;
    p.head = 1;
    expect_error(zoo("gpt2"), &p, "LM head");
    p.head = 0;
    p.dec_seq = 5;
    expect_error(zoo("gpt2"), &p, "decoder length");
    /* the largest inputs fit for every zoo model at b = 1 and n = 65,536, and fast */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int builds = 0;
    for (int rep = 0; rep < 10; rep++)
        for (int i = 0; i < xf_zoo_count(); i++) {
            xf_workload w;
            xf_wl_params_default(&p);
            p.seq = 65536;
            build(xf_zoo_get(i), &p, &w);
            builds++;
        }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double per =
        ((double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec)) / builds;
    CU_ASSERT(per < 1e-3); /* well under a millisecond (typically a few microseconds) */
    /* BERT-base at the maximum n and b = 1 fits in 64 bits */
    xf_workload w;
    xf_wl_params_default(&p);
    p.seq = XF_WL_MAX_SEQ;
    build(zoo("bert-base"), &p, &w);
    CU_ASSERT_EQUAL(op(group(&w, "enc"), "qk")->macs,
                    (uint64_t)XF_WL_MAX_SEQ * XF_WL_MAX_SEQ * 768u);
}

/* ------------------------------------------------------------------ user models */

static void test_resolve(void)
{
    xf_model m;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_model_resolve("bert-base-uncased", &m, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(m.name, "bert-base");
    CU_ASSERT_EQUAL(xf_model_resolve("bert-bse", &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'bert-base'"));
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_model_resolve("no-such-model", &m, &err), XF_ERR_INPUT);
    xf_err_clear(&err);
    /* the file clone of BERT-base counts exactly like the zoo entry */
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve("tests/fixtures/models/bert-base-clone.cfg", &m, &err),
                          XF_OK);
    CU_ASSERT_STRING_EQUAL(m.name, "bert-base-clone");
    CU_ASSERT_EQUAL(xf_model_params(&m), 109482240u);
    xf_workload w;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    build(&m, &p, &w);
    CU_ASSERT_EQUAL(w.total.macs, 11173625856u);
    /* a GQA decoder file; default name = file name */
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve("tests/fixtures/models/tiny-gqa-decoder.cfg", &m, &err),
                          XF_OK);
    CU_ASSERT_STRING_EQUAL(m.name, "tiny-gqa-decoder");
    CU_ASSERT_EQUAL(m.kv_heads, 2);
    build(&m, &p, &w);
    CU_ASSERT_EQUAL(op(group(&w, "dec"), "k_proj")->n, 128u);
    CU_ASSERT_PTR_NOT_NULL(op(group(&w, "dec"), "rope"));
}

static void test_bad_model_files(void)
{
    static const struct {
        const char *file, *where, *frag;
    } cases[] = {
        {"missing-key", ": key 'd_ff'", "missing required key"}, /* no line: not in the file */
        {"zero-heads", ":5:", "out of range"},
        {"indivisible", ":5:", "do not divide d_model"},
        {"negative", ":3:", "-12 is out of range"},
        {"unknown-key", ":5:", "did you mean 'heads'"},
        {"wrong-type", ":4:", "expected an integer"},
        {"syntax", ":5:", "syntax error"},
        {"kv-heads", ":13:", "kv_heads"},
        {"absurd", ":6:", "out of range"},
        {"bad-family", ":2:", "did you mean 'encoder'"},
        {"wrong-family-key", ":13:", "does not apply"},
        {"zero-vocab", ":7:", "vocab"},
        {"vision-patch", ":12:", "does not divide image_size"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char path[128], where[160];
        snprintf(path, sizeof path, "tests/bad/models/%s.cfg", cases[i].file);
        snprintf(where, sizeof where, "%s%s", path, cases[i].where);
        xf_model m;
        xf_err err = {0};
        CU_ASSERT_EQUAL(xf_model_load_file(path, &m, &err), XF_ERR_INPUT);
        int ok = strncmp(err.msg, where, strlen(where)) == 0 && strstr(err.msg, cases[i].frag);
        if (!ok)
            fprintf(stderr, "\n  %s: expected '%s' ... '%s', got: %s\n", path, where, cases[i].frag,
                    err.msg);
        CU_ASSERT(ok);
        CU_ASSERT_PTR_NULL(strchr(err.msg, '\n')); /* one problem, one line */
    }
}

/* A model file with three missing keys (d_model, d_ff, vocab) and two wrong ones (layers
 * 12000 > 1024 at line 4, ffn "gelux" at line 6) gets all five in one run: five lines, in the
 * order the keys are read, the wrong ones at their lines, the missing ones at the file. */
static void test_model_file_all_problems(void)
{
    const char *path = "tests/bad/models/five-problems.cfg";
    xf_model m;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_model_load_file(path, &m, &err), XF_ERR_INPUT);
    static const char *const want[] = {
        "tests/bad/models/five-problems.cfg:4: key 'layers': value 12000 is out of range",
        "tests/bad/models/five-problems.cfg: key 'd_model': missing required key",
        "tests/bad/models/five-problems.cfg: key 'd_ff': missing required key",
        "tests/bad/models/five-problems.cfg: key 'vocab': missing required key",
        "tests/bad/models/five-problems.cfg:6: key 'ffn': 'gelux' is not a known value"};
    const char *line = err.msg;
    int n = 0;
    for (; n < 5 && line; n++) {
        const char *nl = strchr(line, '\n');
        size_t l = strlen(want[n]);
        if (strncmp(line, want[n], l) != 0)
            fprintf(stderr, "\n  line %d: expected '%s', got '%.*s'\n", n + 1, want[n],
                    nl ? (int)(nl - line) : (int)strlen(line), line);
        CU_ASSERT(strncmp(line, want[n], l) == 0);
        line = nl ? nl + 1 : NULL;
    }
    CU_ASSERT_EQUAL(n, 5);
    CU_ASSERT_PTR_NULL(line); /* nothing more */
}

/* Every zoo model written as a model file (xf_model_write_cfg, `models show NAME --format cfg`)
 * reads back into the same model, field by field, and so into the same parameter count and
 * workload (MACs at n = 128; a vision model at its own patch count). */
static void test_zoo_cfg_round_trip(void)
{
    char dir[256] = "", path[512];
    xf_test_tmp_path(dir, sizeof dir, "zoo", "model.cfg", path, sizeof path);
    xf_workload *wa = calloc(1, sizeof *wa), *wb = calloc(1, sizeof *wb);
    CU_ASSERT_FATAL(wa && wb);
    for (int i = 0; i < xf_zoo_count(); i++) {
        const xf_model *z = xf_zoo_get(i);
        FILE *f = fopen(path, "w");
        CU_ASSERT_FATAL(f != NULL);
        CU_ASSERT_EQUAL(xf_model_write_cfg(f, z), 0);
        fclose(f);
        xf_model m;
        memset(&m, 0, sizeof m);
        xf_err err = {0};
        int rc = xf_model_load_file(path, &m, &err);
        if (rc != XF_OK)
            fprintf(stderr, "\n  %s: %s\n", z->name, err.msg);
        CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
        int same = memcmp(&m, z, sizeof m) == 0;
        if (!same)
            fprintf(stderr, "\n  %s: the model read back differs\n", z->name);
        CU_ASSERT(same);
        CU_ASSERT_EQUAL(xf_model_params(&m), xf_model_params(z));
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.seq = z->family == XF_FAMILY_VISION ? xf_model_default_seq(z) : 128;
        CU_ASSERT_EQUAL_FATAL(xf_workload_build(z, &p, wa, &err), XF_OK);
        CU_ASSERT_EQUAL_FATAL(xf_workload_build(&m, &p, wb, &err), XF_OK);
        CU_ASSERT_EQUAL(wa->total.macs, wb->total.macs);
    }
    free(wa);
    free(wb);
    xf_test_tmp_cleanup(dir);
}

XF_SUITE(workload) = {
    {"every zoo model round-trips through a model file", test_zoo_cfg_round_trip},
    {"a model file's problems all in one run", test_model_file_all_problems},
    {"bert_base_128", test_bert_base_128},
    {"bert_base_head_profiler", test_bert_base_head_profiler},
    {"bert_base_384_512", test_bert_base_long},
    {"params", test_params},
    {"llama_gqa_decode", test_llama_gqa_decode},
    {"kv_cache", test_kv_cache},
    {"nvm_writes", test_nvm_writes},
    {"t5", test_t5},
    {"vision", test_vision},
    {"invariants_zoo", test_invariants_zoo},
    {"batch_precision", test_batch},
    {"limits", test_limits},
    {"resolve", test_resolve},
    {"bad_model_files", test_bad_model_files},
    {NULL, NULL},
};
