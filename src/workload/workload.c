/* Workload analyzer: per-layer operation list of one inference pass (conventions in
 * xf/workload.h). Counting rules follow the per-layer table of the reference (Q/K/V/O
 * projections, QK^T and AV over all heads, FFN with 2 or 3 matrices, K/V at kv_heads under
 * GQA, T5 cross-attention, ViT patch embedding); every product is overflow-checked. */
#include "xf/workload.h"

#include <stdio.h>
#include <string.h>

typedef uint64_t u64;

void xf_wl_params_default(xf_wl_params *p)
{
    memset(p, 0, sizeof *p);
    p->batch = 1;
    p->phase = XF_PHASE_PREFILL;
    p->w_bits = 8;
    p->a_bits = 8;
    p->bits_per_cell = 2;
}

const char *xf_phase_name(xf_phase p)
{
    static const char *const names[XF_PHASE_COUNT] = {"prefill", "decode", "generate"};
    return p >= 0 && p < XF_PHASE_COUNT ? names[p] : "?";
}

const char *xf_op_kind_name(xf_op_kind k)
{
    static const char *const names[XF_OP_KIND_COUNT] = {"static_mvm", "dynamic_mvm", "nonlinear",
                                                        "elementwise"};
    return (unsigned)k < XF_OP_KIND_COUNT ? names[k] : "?";
}

char *xf_layer_label(const xf_layer *l, int i, char *buf, unsigned n)
{
    if (l->stack)
        snprintf(buf, n, "%s.%d", l->name, i);
    else
        snprintf(buf, n, "%s", l->name);
    return buf;
}

/* ------------------------------------------------------------------ builder state */

typedef struct {
    xf_workload *w;
    const xf_model *m;
    const xf_wl_params *p;
    xf_layer *cur;
    int overflow; /* some count does not fit in 64 bits */
    int full;     /* internal capacity exceeded (a bug: the limits cover every family) */
    int cross;    /* building a cross-attention block: ops get XF_OPF_CROSS */
    u64 b;        /* batch */
    u64 d, dkv, dh, h, ff, e;
    u64 cells; /* cells per stored element: ceil(a_bits / bits_per_cell) */
} bld;

static u64 mul(bld *B, u64 a, u64 b)
{
    u64 r;
    if (__builtin_mul_overflow(a, b, &r)) {
        B->overflow = 1;
        return 0;
    }
    return r;
}

static u64 mul3(bld *B, u64 a, u64 b, u64 c)
{
    return mul(B, mul(B, a, b), c);
}

static u64 add(bld *B, u64 a, u64 b)
{
    u64 r;
    if (__builtin_add_overflow(a, b, &r)) {
        B->overflow = 1;
        return 0;
    }
    return r;
}

/* Bytes of `elems` values at `bits` each, rounded up. */
static u64 nbytes(bld *B, u64 elems, int bits)
{
    u64 x = mul(B, elems, (u64)bits);
    return x / 8 + (x % 8 != 0);
}

static void layer_begin(bld *B, const char *name, int stack, int repeat)
{
    xf_workload *w = B->w;
    if (w->n_layers >= XF_WL_MAX_LAYERS) {
        B->full = 1;
        B->cur = NULL;
        return;
    }
    xf_layer *l = &w->layers[w->n_layers++];
    memset(l, 0, sizeof *l);
    snprintf(l->name, sizeof l->name, "%s", name);
    l->stack = stack;
    l->repeat = repeat;
    B->cur = l;
}

/* Drop a group that got no ops (e.g. an encoder's final group without norm or head). */
static void layer_end(bld *B)
{
    if (B->cur && B->cur->n_ops == 0)
        B->w->n_layers--;
    B->cur = NULL;
}

/* The role that consumes a role's output when it may sit on another engine (XF_OPF_HANDOFF):
 * Q, K and V go to the dynamic MVMs, the attention result to the O projection. */
static xf_op_role handoff(xf_op_role r)
{
    switch (r) {
    case XF_ROLE_Q_PROJ:
    case XF_ROLE_K_PROJ:
        return XF_ROLE_QK;
    case XF_ROLE_V_PROJ:
        return XF_ROLE_AV;
    case XF_ROLE_AV:
        return XF_ROLE_O_PROJ;
    default:
        return XF_ROLE_NONE;
    }
}

static xf_op *op_new(bld *B, const char *name, xf_op_role role)
{
    xf_layer *l = B->cur;
    if (!l || l->n_ops >= XF_LAYER_MAX_OPS) {
        B->full = 1;
        return NULL;
    }
    const xf_op *prev = l->n_ops > 0 ? &l->ops[l->n_ops - 1] : NULL;
    xf_op *o = &l->ops[l->n_ops++];
    memset(o, 0, sizeof *o);
    o->name = name;
    o->role = role;
    o->kind = xf_op_role_kind(role);
    o->feeds = handoff(role);
    o->flags = (o->feeds != XF_ROLE_NONE ? XF_OPF_HANDOFF : 0u) | (B->cross ? XF_OPF_CROSS : 0u);
    if (o->kind == XF_OP_DYNAMIC_MVM)
        o->flags |= XF_OPF_WRITES_OPERAND;
    /* K and V read the input Q reads; the up projection of a plain FFN directly after another
     * static MVM would read the same input too (a gated FFN has the activation in between). */
    int parallel = role == XF_ROLE_K_PROJ || role == XF_ROLE_V_PROJ || role == XF_ROLE_FFN_UP;
    if (parallel && prev && prev->kind == XF_OP_STATIC_MVM)
        o->flags |= XF_OPF_CONCURRENT;
    return o;
}

/* Static MVM: rows x in activations through an in x out weight (+ bias). */
static void mvm(bld *B, const char *name, xf_op_role role, u64 rows, u64 in, u64 out, int bias)
{
    xf_op *o = op_new(B, name, role);
    if (!o)
        return;
    o->m = rows;
    o->k = in;
    o->n = out;
    o->heads = 1;
    o->macs = mul3(B, rows, in, out);
    o->flops = mul(B, 2, o->macs);
    o->weight_bytes = nbytes(B, add(B, mul(B, in, out), bias ? out : 0), B->p->w_bits);
    o->act_in_bytes = nbytes(B, mul(B, rows, in), B->p->a_bits);
    o->act_out_bytes = nbytes(B, mul(B, rows, out), B->p->a_bits);
}

/* Dynamic MVM: heads x (rows x k)(k x cols); `stored` = elements of the dynamic operand newly
 * written this pass (what an NVM design would program). */
static void dyn(bld *B, const char *name, xf_op_role role, u64 rows, u64 k, u64 cols, u64 in_elems,
                u64 out_elems, u64 stored)
{
    xf_op *o = op_new(B, name, role);
    if (!o)
        return;
    o->m = rows;
    o->k = k;
    o->n = cols;
    o->heads = B->h;
    o->macs = mul(B, B->h, mul3(B, rows, k, cols));
    o->flops = mul(B, 2, o->macs);
    o->act_in_bytes = nbytes(B, in_elems, B->p->a_bits);
    o->act_out_bytes = nbytes(B, out_elems, B->p->a_bits);
    o->nvm_writes = mul(B, stored, B->cells);
}

/* Element-wise or non-linear op on heads x rows x cols elements; `inputs` input tensors of
 * that size (0: none, e.g. a lookup), `weight_elems` parameters read. */
static void elem(bld *B, const char *name, xf_op_role role, u64 rows, u64 cols, u64 heads,
                 unsigned flops_per, unsigned inputs, u64 weight_elems)
{
    xf_op *o = op_new(B, name, role);
    if (!o)
        return;
    u64 e = mul3(B, rows, cols, heads);
    o->m = rows;
    o->n = cols;
    o->heads = heads;
    o->flops = mul(B, e, flops_per);
    o->weight_bytes = nbytes(B, weight_elems, B->p->w_bits);
    o->act_in_bytes = nbytes(B, mul(B, e, inputs), B->p->a_bits);
    o->act_out_bytes = nbytes(B, e, B->p->a_bits);
}

static void norm(bld *B, const char *name, u64 rows, u64 width)
{
    int ln = B->m->norm == XF_NORM_LAYER;
    elem(B, name, XF_ROLE_NORM, rows, width, 1, ln ? XF_FLOPS_LAYERNORM : XF_FLOPS_RMSNORM, 1,
         ln ? 2 * width : width);
}

static void residual(bld *B, const char *name, u64 rows)
{
    elem(B, name, XF_ROLE_RESIDUAL, rows, B->d, 1, XF_FLOPS_ADD, 2, 0);
}

/* ------------------------------------------------------------------- sub-layers */

/* Self-attention for bq = b x q query rows attending to n_kv keys per sequence; K and V of
 * the q new tokens are produced here (and stored: nvm_writes). */
static void self_attn(bld *B, u64 bq, u64 n_kv)
{
    const xf_model *m = B->m;
    u64 kv = mul3(B, B->b, n_kv, B->dkv); /* K (or V) elements read by the matmuls */
    u64 scores = mul3(B, B->h, bq, n_kv);
    u64 fresh = mul(B, bq, B->dkv); /* new K (or V) elements */
    if (m->pre_norm)
        norm(B, "attn_norm", bq, B->d);
    mvm(B, "q_proj", XF_ROLE_Q_PROJ, bq, B->d, B->d, m->bias);
    mvm(B, "k_proj", XF_ROLE_K_PROJ, bq, B->d, B->dkv, m->bias);
    mvm(B, "v_proj", XF_ROLE_V_PROJ, bq, B->d, B->dkv, m->bias);
    if (m->rotary)
        elem(B, "rope", XF_ROLE_ROPE, bq, B->d + B->dkv, 1, XF_FLOPS_ROPE, 1, 0);
    dyn(B, "qk", XF_ROLE_QK, bq, B->dh, n_kv, add(B, mul(B, bq, B->d), kv), scores, fresh);
    if (m->scaled_scores)
        elem(B, "scale", XF_ROLE_SCALE, bq, n_kv, B->h, XF_FLOPS_ADD, 1, 0);
    if (m->rel_buckets)
        elem(B, "pos_bias", XF_ROLE_POS_BIAS, bq, n_kv, B->h, XF_FLOPS_ADD, 1,
             (u64)m->rel_buckets * B->h);
    elem(B, "softmax", XF_ROLE_SOFTMAX, bq, n_kv, B->h, XF_FLOPS_SOFTMAX, 1, 0);
    dyn(B, "av", XF_ROLE_AV, bq, n_kv, B->dh, add(B, scores, kv), mul(B, bq, B->d), fresh);
    mvm(B, "o_proj", XF_ROLE_O_PROJ, bq, B->d, B->d, m->bias);
    residual(B, "attn_add", bq);
    if (!m->pre_norm)
        norm(B, "attn_norm", bq, B->d);
}

/* Cross-attention (encoder-decoder): bq decoder rows against n_enc encoder tokens. The
 * encoder-side K/V projections run once per input (prefill), not per decode step. */
static void cross_attn(bld *B, u64 bq, u64 n_enc, int compute_kv)
{
    const xf_model *m = B->m;
    u64 kv = mul3(B, B->b, n_enc, B->dkv);
    u64 scores = mul3(B, B->h, bq, n_enc);
    u64 fresh = compute_kv ? kv : 0;
    B->cross = 1;
    if (m->pre_norm)
        norm(B, "xattn_norm", bq, B->d);
    mvm(B, "xq_proj", XF_ROLE_Q_PROJ, bq, B->d, B->d, m->bias);
    if (compute_kv) {
        mvm(B, "xk_proj", XF_ROLE_K_PROJ, mul(B, B->b, n_enc), B->d, B->dkv, m->bias);
        mvm(B, "xv_proj", XF_ROLE_V_PROJ, mul(B, B->b, n_enc), B->d, B->dkv, m->bias);
    }
    dyn(B, "xqk", XF_ROLE_QK, bq, B->dh, n_enc, add(B, mul(B, bq, B->d), kv), scores, fresh);
    if (m->scaled_scores)
        elem(B, "xscale", XF_ROLE_SCALE, bq, n_enc, B->h, XF_FLOPS_ADD, 1, 0);
    elem(B, "xsoftmax", XF_ROLE_SOFTMAX, bq, n_enc, B->h, XF_FLOPS_SOFTMAX, 1, 0);
    dyn(B, "xav", XF_ROLE_AV, bq, n_enc, B->dh, add(B, scores, kv), mul(B, bq, B->d), fresh);
    mvm(B, "xo_proj", XF_ROLE_O_PROJ, bq, B->d, B->d, m->bias);
    residual(B, "xattn_add", bq);
    if (!m->pre_norm)
        norm(B, "xattn_norm", bq, B->d);
    B->cross = 0;
}

static void ffn(bld *B, u64 bq)
{
    const xf_model *m = B->m;
    static const char *const act_name[XF_FFN_COUNT] = {"gelu", "relu", "silu", "silu", "gelu"};
    static const xf_op_role act_role[XF_FFN_COUNT] = {XF_ROLE_GELU, XF_ROLE_RELU, XF_ROLE_SILU,
                                                      XF_ROLE_SILU, XF_ROLE_GELU};
    const char *act = act_name[m->ffn];
    xf_op_role ar = act_role[m->ffn];
    if (m->pre_norm)
        norm(B, "ffn_norm", bq, B->d);
    if (xf_model_ffn_matrices(m) == 3) {
        mvm(B, "ffn_gate", XF_ROLE_FFN_GATE, bq, B->d, B->ff, m->bias);
        elem(B, act, ar, bq, B->ff, 1, XF_FLOPS_ACT, 1, 0);
        mvm(B, "ffn_up", XF_ROLE_FFN_UP, bq, B->d, B->ff, m->bias);
        elem(B, "glu_mul", XF_ROLE_GLU_MUL, bq, B->ff, 1, XF_FLOPS_ADD, 2, 0);
    } else {
        mvm(B, "ffn_up", XF_ROLE_FFN_UP, bq, B->d, B->ff, m->bias);
        elem(B, act, ar, bq, B->ff, 1, XF_FLOPS_ACT, 1, 0);
    }
    mvm(B, "ffn_down", XF_ROLE_FFN_DOWN, bq, B->ff, B->d, m->bias);
    residual(B, "ffn_add", bq);
    if (!m->pre_norm)
        norm(B, "ffn_norm", bq, B->d);
}

/* Token embedding for `rows` = b x q tokens: lookups (0 MACs), sums, norm, projection. */
static void text_embed(bld *B, const char *name, u64 rows)
{
    const xf_model *m = B->m;
    layer_begin(B, name, 0, 1);
    if (B->e != B->d && !m->pos_in_embed) {
        /* OPT-350M: project the token embedding, then add positions at d_model. */
        elem(B, "embed", XF_ROLE_EMBED, rows, B->e, 1, 0, 0, mul(B, rows, B->e));
        mvm(B, "embed_proj", XF_ROLE_EMBED_PROJ, rows, B->e, B->d, m->embed_proj_bias);
        if (m->positions)
            elem(B, "pos_add", XF_ROLE_POS_ADD, rows, B->d, 1, XF_FLOPS_ADD, 1, mul(B, rows, B->d));
        if (m->embed_norm)
            norm(B, "embed_norm", rows, B->d);
    } else {
        unsigned tables = 1 + (m->positions > 0) + (m->token_types > 0);
        elem(B, "embed", XF_ROLE_EMBED, rows, B->e, 1, (tables - 1) * XF_FLOPS_ADD, 0,
             mul3(B, rows, B->e, tables));
        if (m->embed_norm)
            norm(B, "embed_norm", rows, B->e);
        if (B->e != B->d)
            mvm(B, "embed_proj", XF_ROLE_EMBED_PROJ, rows, B->e, B->d, m->embed_proj_bias);
    }
    layer_end(B);
}

/* Vision embedding: n - 1 patches through the patch projection, then CLS + positions. */
static void vision_embed(bld *B, u64 n)
{
    const xf_model *m = B->m;
    u64 patch = (u64)m->channels * (u64)m->patch_size * (u64)m->patch_size;
    layer_begin(B, "embed", 0, 1);
    mvm(B, "patch_embed", XF_ROLE_PATCH_EMBED, mul(B, B->b, n - 1), patch, B->d, 1);
    elem(B, "embed", XF_ROLE_EMBED, mul(B, B->b, n), B->d, 1, XF_FLOPS_ADD, 1,
         mul3(B, B->b, n + 1, B->d));
    if (m->embed_norm)
        norm(B, "embed_norm", mul(B, B->b, n), B->d);
    layer_end(B);
}

/* Final norm + LM head on `rows` rows (decoders, encoder-decoders). */
static void lm_final(bld *B, u64 rows)
{
    const xf_model *m = B->m;
    layer_begin(B, "final", 0, 1);
    if (m->final_norm)
        norm(B, "final_norm", rows, B->d);
    if (B->e != B->d && m->embed_proj_out)
        mvm(B, "proj_out", XF_ROLE_PROJ_OUT, rows, B->d, B->e, m->embed_proj_bias);
    mvm(B, "lm_head", XF_ROLE_LM_HEAD, rows, B->e, (u64)m->vocab, 0);
    layer_end(B);
}

/* Final norm, and with head: pooler (+ tanh) and classifier on the CLS token. */
static void enc_final(bld *B, u64 rows)
{
    const xf_model *m = B->m;
    layer_begin(B, "final", 0, 1);
    if (m->final_norm)
        norm(B, "final_norm", rows, B->d);
    if (B->p->head && m->pooler) {
        mvm(B, "pooler", XF_ROLE_POOLER, B->b, B->d, B->d, 1);
        elem(B, "pooler_tanh", XF_ROLE_TANH, B->b, B->d, 1, XF_FLOPS_ACT, 1, 0);
    }
    if (B->p->head && m->family == XF_FAMILY_VISION && m->classes > 0)
        mvm(B, "classifier", XF_ROLE_CLASSIFIER, B->b, B->d, (u64)m->classes, 1);
    layer_end(B);
}

/* ------------------------------------------------------------------------- build */

static void sum_into(bld *B, xf_op *dst, const xf_op *src, u64 times)
{
    dst->macs = add(B, dst->macs, mul(B, src->macs, times));
    dst->flops = add(B, dst->flops, mul(B, src->flops, times));
    dst->weight_bytes = add(B, dst->weight_bytes, mul(B, src->weight_bytes, times));
    dst->act_in_bytes = add(B, dst->act_in_bytes, mul(B, src->act_in_bytes, times));
    dst->act_out_bytes = add(B, dst->act_out_bytes, mul(B, src->act_out_bytes, times));
    dst->nvm_writes = add(B, dst->nvm_writes, mul(B, src->nvm_writes, times));
}

static int check_params(const xf_model *m, const xf_wl_params *p, xf_err *err)
{
    const char *fam = xf_family_name(m->family);
    int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
    if ((unsigned)p->phase >= XF_PHASE_GENERATE)
        return xf_err_set(err, XF_ERR_INPUT,
                          "phase %s has no workload of its own (a generation is a prefill and "
                          "decode steps, xf_evaluate); expected prefill or decode",
                          xf_phase_name(p->phase));
    if (p->batch < 1 || p->batch > XF_WL_MAX_BATCH)
        return xf_err_set(err, XF_ERR_INPUT, "batch %lld is out of range; expected 1 to %lld",
                          p->batch, XF_WL_MAX_BATCH);
    if (p->w_bits < 1 || p->w_bits > XF_WL_MAX_BITS || p->a_bits < 1 || p->a_bits > XF_WL_MAX_BITS)
        return xf_err_set(err, XF_ERR_INPUT,
                          "precision %d/%d bits (weights/activations) is out of range; expected 1 "
                          "to %d bits",
                          p->w_bits, p->a_bits, XF_WL_MAX_BITS);
    if (p->bits_per_cell < 1 || p->bits_per_cell > XF_WL_MAX_BITS_PER_CELL)
        return xf_err_set(err, XF_ERR_INPUT, "bits per cell %d is out of range; expected 1 to %d",
                          p->bits_per_cell, XF_WL_MAX_BITS_PER_CELL);
    if (p->phase == XF_PHASE_DECODE && !gen)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s is an %s model: decode needs a decoder or encoder-decoder model; "
                          "expected phase prefill",
                          m->name, fam);
    if (p->phase == XF_PHASE_PREFILL && p->context != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "a context (KV-cache length) applies only to the decode phase");
    if (p->context < 0 || p->context > XF_WL_MAX_SEQ)
        return xf_err_set(err, XF_ERR_INPUT, "context %lld is out of range; expected 0 to %lld",
                          p->context, XF_WL_MAX_SEQ);
    int seq_needed = !(p->phase == XF_PHASE_DECODE && m->family == XF_FAMILY_DECODER) &&
                     m->family != XF_FAMILY_VISION;
    long long lo = seq_needed ? 1 : 0;
    if (p->seq < lo || p->seq > XF_WL_MAX_SEQ)
        return xf_err_set(err, XF_ERR_INPUT,
                          "sequence length %lld is out of range; expected %lld to %lld", p->seq, lo,
                          XF_WL_MAX_SEQ);
    if (p->dec_seq != 0 && !(m->family == XF_FAMILY_ENCDEC && p->phase == XF_PHASE_PREFILL))
        return xf_err_set(err, XF_ERR_INPUT,
                          "a decoder length applies only to an encoder-decoder model in prefill "
                          "(%s is %s)",
                          m->name, fam);
    if (p->dec_seq < 0 || p->dec_seq > XF_WL_MAX_SEQ)
        return xf_err_set(err, XF_ERR_INPUT,
                          "decoder length %lld is out of range; expected 1 to %lld", p->dec_seq,
                          XF_WL_MAX_SEQ);
    if (p->head && gen)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s is a %s model: its LM head is always counted; a pooler/classifier "
                          "head applies only to encoder and vision models",
                          m->name, fam);
    return XF_OK;
}

int xf_workload_build(const xf_model *m, const xf_wl_params *p, xf_workload *w, xf_err *err)
{
    if (xf_model_check(m, err) != XF_OK || check_params(m, p, err) != XF_OK)
        return err->code;
    memset(w, 0, sizeof *w);
    w->model = *m;
    w->params = *p;
    w->requested = *p;
    xf_wl_params *q = &w->params;
    if (m->family == XF_FAMILY_VISION && q->seq == 0) {
        q->seq = xf_model_default_seq(m);
        if (q->seq > XF_WL_MAX_SEQ)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: %d px images in %d px patches make %lld tokens; expected at "
                              "most %lld (give --seq N)",
                              m->name, m->image_size, m->patch_size, q->seq, XF_WL_MAX_SEQ);
    }
    if (m->family == XF_FAMILY_ENCDEC && q->phase == XF_PHASE_PREFILL && q->dec_seq == 0)
        q->dec_seq = q->seq;
    if (m->family == XF_FAMILY_DECODER && q->phase == XF_PHASE_DECODE)
        q->seq = 0;

    bld B = {.w = w, .m = &w->model, .p = q};
    B.b = (u64)q->batch;
    B.d = (u64)m->d_model;
    B.h = (u64)m->heads;
    B.dh = B.d / B.h;
    B.dkv = (u64)m->kv_heads * B.dh;
    B.ff = (u64)m->d_ff;
    B.e = m->embed_dim > 0 ? (u64)m->embed_dim : B.d;
    B.cells = (u64)((q->a_bits + q->bits_per_cell - 1) / q->bits_per_cell);

    u64 n = (u64)q->seq, b = B.b;
    u64 t1 = (u64)q->context + 1; /* keys attended in decode: the cache plus the new token */
    int decode = q->phase == XF_PHASE_DECODE;
    /* KV-cache bytes of one decoder layer: held after this step and appended in it. */
    u64 kv_held = 0, kv_new = 0;

    switch (m->family) {
    case XF_FAMILY_ENCODER:
    case XF_FAMILY_VISION: {
        u64 rows = mul(&B, b, n);
        if (m->family == XF_FAMILY_VISION)
            vision_embed(&B, n);
        else
            text_embed(&B, "embed", rows);
        layer_begin(&B, "enc", 1, m->layers);
        self_attn(&B, rows, n);
        ffn(&B, rows);
        layer_end(&B);
        enc_final(&B, rows);
        w->tokens = n;
        break;
    }
    case XF_FAMILY_DECODER: {
        u64 q_tok = decode ? 1 : n, n_kv = decode ? t1 : n;
        u64 rows = mul(&B, b, q_tok);
        text_embed(&B, "embed", rows);
        layer_begin(&B, "dec", 1, m->layers);
        self_attn(&B, rows, n_kv);
        ffn(&B, rows);
        kv_held = nbytes(&B, mul3(&B, 2, mul(&B, b, n_kv), B.dkv), q->a_bits);
        kv_new = nbytes(&B, mul3(&B, 2, rows, B.dkv), q->a_bits);
        layer_end(&B);
        lm_final(&B, rows);
        w->tokens = q_tok;
        break;
    }
    case XF_FAMILY_ENCDEC: {
        u64 mq = decode ? 1 : (u64)q->dec_seq, n_kv = decode ? t1 : mq;
        u64 rows = mul(&B, b, mq);
        if (!decode) {
            u64 erows = mul(&B, b, n);
            text_embed(&B, "embed", erows);
            layer_begin(&B, "enc", 1, m->layers);
            self_attn(&B, erows, n);
            ffn(&B, erows);
            layer_end(&B);
            if (m->final_norm) {
                layer_begin(&B, "enc_final", 0, 1);
                norm(&B, "final_norm", erows, B.d);
                layer_end(&B);
            }
        }
        text_embed(&B, "dec_embed", rows);
        layer_begin(&B, "dec", 1, m->dec_layers);
        self_attn(&B, rows, n_kv);
        cross_attn(&B, rows, n, !decode);
        ffn(&B, rows);
        u64 cross = mul3(&B, 2, mul(&B, b, n), B.dkv);
        kv_held = nbytes(&B, add(&B, mul3(&B, 2, mul(&B, b, n_kv), B.dkv), cross), q->a_bits);
        kv_new = nbytes(&B, add(&B, mul3(&B, 2, rows, B.dkv), decode ? 0 : cross), q->a_bits);
        layer_end(&B);
        lm_final(&B, rows);
        w->tokens = decode ? 1 : n + mq;
        break;
    }
    default:
        return xf_err_set(err, XF_ERR_INPUT, "model '%s': unknown family", m->name);
    }

    /* Per-instance sums, totals over repeats, totals per kind, KV cache. */
    w->total.name = "all";
    for (int i = 0; i < w->n_layers; i++) {
        xf_layer *l = &w->layers[i];
        l->sum.name = "layer";
        l->result_rows = l->n_ops * XF_OP_MAX_ROWS + XF_LAYER_EXTRA_ROWS;
        l->first_dynamic = l->last_dynamic = -1;
        for (int j = 0; j < l->n_ops; j++)
            if (l->ops[j].kind == XF_OP_DYNAMIC_MVM) {
                if (l->first_dynamic < 0)
                    l->first_dynamic = j;
                l->last_dynamic = j;
            }
        for (int j = 0; j < l->n_ops; j++) {
            sum_into(&B, &l->sum, &l->ops[j], 1);
            sum_into(&B, &w->by_kind[l->ops[j].kind], &l->ops[j], (u64)l->repeat);
        }
        sum_into(&B, &w->total, &l->sum, (u64)l->repeat);
        if (l->stack && strcmp(l->name, "dec") == 0) {
            l->kv_cache_bytes = kv_held;
            l->kv_append_bytes = kv_new;
            w->kv_cache_bytes = add(&B, w->kv_cache_bytes, mul(&B, kv_held, (u64)l->repeat));
            w->kv_append_bytes = add(&B, w->kv_append_bytes, mul(&B, kv_new, (u64)l->repeat));
        }
    }
    for (int k = 0; k < XF_OP_KIND_COUNT; k++) {
        w->by_kind[k].name = xf_op_kind_name((xf_op_kind)k);
        w->by_kind[k].kind = (xf_op_kind)k;
    }
    /* Stored parameters: all but a pooler/classifier that this pass does not compute. */
    u64 stored = xf_model_params(m);
    if (m->pooler && !q->head)
        stored -= (u64)m->d_model * (u64)m->d_model + (u64)m->d_model;
    if (m->family == XF_FAMILY_VISION && m->classes > 0 && !q->head)
        stored -= ((u64)m->d_model + 1) * (u64)m->classes;
    w->param_count = xf_model_params(m);
    w->weight_store_bytes = nbytes(&B, stored, q->w_bits);

    if (B.full)
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "internal limit: more than %d layer groups or %d ops per layer",
                          XF_WL_MAX_LAYERS, XF_LAYER_MAX_OPS);
    if (B.overflow)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s at sequence %lld, batch %lld: operation counts exceed 64 bits; "
                          "expected a smaller sequence length or batch",
                          m->name, decode ? q->context : q->seq, q->batch);
    w->built = 1;
    return XF_OK;
}

/* Field by field: padding bytes of the structs may differ between equal values. */
static int same_params(const xf_wl_params *a, const xf_wl_params *b)
{
    return a->seq == b->seq && a->dec_seq == b->dec_seq && a->batch == b->batch &&
           a->phase == b->phase && a->context == b->context && a->w_bits == b->w_bits &&
           a->a_bits == b->a_bits && a->bits_per_cell == b->bits_per_cell && a->head == b->head;
}

int xf_workload_holds(const xf_workload *w, const xf_model *m, const xf_wl_params *p)
{
    /* A model equal byte for byte is the same model; a copy that differs only in padding is
     * rebuilt, which costs time, never a wrong result. */
    return w->built && same_params(&w->requested, p) && memcmp(&w->model, m, sizeof *m) == 0;
}
