/* Model descriptions: names, derived sizes, parameter counts and consistency checks. Depends
 * on nothing else in src/workload: model_cfg.c (user model files) builds on it, and
 * model_resolve.c (zoo name or file) on those; never the reverse. */
#include "xf/model.h"

const char *xf_family_name(xf_family f)
{
    static const char *const names[XF_FAMILY_COUNT] = {"encoder", "decoder", "encoder-decoder",
                                                       "vision"};
    return (unsigned)f < XF_FAMILY_COUNT ? names[f] : "?";
}

const char *xf_ffn_name(xf_ffn f)
{
    static const char *const names[XF_FFN_COUNT] = {"gelu", "relu", "silu", "swiglu", "geglu"};
    return (unsigned)f < XF_FFN_COUNT ? names[f] : "?";
}

const char *xf_norm_name(xf_norm n)
{
    static const char *const names[XF_NORM_COUNT] = {"layernorm", "rmsnorm"};
    return (unsigned)n < XF_NORM_COUNT ? names[n] : "?";
}

int xf_model_context(const xf_model *m)
{
    if (m->max_context > 0)
        return m->max_context;
    return m->positions > m->pos_offset ? m->positions - m->pos_offset : 0;
}

int xf_model_ffn_matrices(const xf_model *m)
{
    return (m->ffn == XF_FFN_SWIGLU || m->ffn == XF_FFN_GEGLU) ? 3 : 2;
}

int xf_model_d_head(const xf_model *m)
{
    return m->heads > 0 ? m->d_model / m->heads : 0;
}

long long xf_model_default_seq(const xf_model *m)
{
    if (m->family != XF_FAMILY_VISION || m->patch_size <= 0)
        return 0;
    long long side = m->image_size / m->patch_size;
    return side * side + 1; /* patches + CLS token */
}

/* ------------------------------------------------------------------- parameter count */

typedef uint64_t u64;

static u64 linear(u64 in, u64 out, int bias)
{
    return in * out + (bias ? out : 0);
}

static u64 norm_params(const xf_model *m, u64 width)
{
    return m->norm == XF_NORM_LAYER ? 2 * width : width;
}

static u64 attn_params(const xf_model *m)
{
    u64 d = (u64)m->d_model;
    u64 dkv = (u64)m->kv_heads * (u64)xf_model_d_head(m);
    return 2 * linear(d, d, m->bias) + 2 * linear(d, dkv, m->bias);
}

static u64 ffn_params(const xf_model *m)
{
    u64 d = (u64)m->d_model, f = (u64)m->d_ff;
    u64 up = linear(d, f, m->bias);
    return (xf_model_ffn_matrices(m) == 3 ? 2 * up : up) + linear(f, d, m->bias);
}

/* One stack of `layers` layers, each with `attn` attention blocks and `norms` norms. */
static u64 stack_params(const xf_model *m, int layers, int attn, int norms)
{
    u64 one =
        (u64)attn * attn_params(m) + ffn_params(m) + (u64)norms * norm_params(m, (u64)m->d_model);
    u64 p = (m->shared_layers ? 1 : (u64)layers) * one;
    p += (u64)m->rel_buckets * (u64)m->heads; /* one relative-bias table per stack (T5) */
    if (m->final_norm)
        p += norm_params(m, (u64)m->d_model);
    return p;
}

uint64_t xf_model_params(const xf_model *m)
{
    u64 d = (u64)m->d_model;
    u64 e = m->embed_dim > 0 ? (u64)m->embed_dim : d;
    u64 p = 0;
    if (m->family == XF_FAMILY_VISION) {
        u64 patch = (u64)m->channels * (u64)m->patch_size * (u64)m->patch_size;
        p += linear(patch, d, 1);   /* patch embedding (conv with bias) */
        p += d;                     /* CLS token */
        p += (u64)m->positions * d; /* position table */
        if (m->embed_norm)
            p += norm_params(m, d);
    } else {
        p += (u64)m->vocab * e;                             /* token embedding */
        p += (u64)m->positions * (m->pos_in_embed ? e : d); /* positions */
        p += (u64)m->token_types * e;                       /* token types */
        if (m->embed_norm)
            p += norm_params(m, m->pos_in_embed ? e : d);
        if (e != d) {
            p += linear(e, d, m->embed_proj_bias);
            if (m->embed_proj_out)
                p += linear(d, e, m->embed_proj_bias);
        }
    }
    if (m->family == XF_FAMILY_ENCDEC) {
        p += stack_params(m, m->layers, 1, 2);
        p += stack_params(m, m->dec_layers, 2, 3);
    } else {
        p += stack_params(m, m->layers, 1, 2);
    }
    if (m->pooler)
        p += linear(d, d, 1);
    if (m->family == XF_FAMILY_VISION && m->classes > 0)
        p += linear(d, (u64)m->classes, 1);
    if ((m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC) && !m->tied_head)
        p += (u64)m->vocab * e;
    return p;
}

uint64_t xf_model_kv_bytes_per_token(const xf_model *m, int bits)
{
    int layers;
    if (m->family == XF_FAMILY_DECODER)
        layers = m->layers;
    else if (m->family == XF_FAMILY_ENCDEC)
        layers = m->dec_layers;
    else
        return 0;
    u64 elems = 2 * (u64)layers * (u64)m->kv_heads * (u64)xf_model_d_head(m);
    return (elems * (u64)bits + 7) / 8;
}

/* ------------------------------------------------------------------------- checks */

static int range(xf_err *err, const xf_model *m, const char *key, long long v, long long lo,
                 long long hi)
{
    if (v >= lo && v <= hi)
        return XF_OK;
    return xf_err_set(err, XF_ERR_INPUT,
                      "model '%s': %s = %lld is out of range; expected %lld to %lld", m->name, key,
                      v, lo, hi);
}

int xf_model_check(const xf_model *m, xf_err *err)
{
    if (!m->name[0])
        return xf_err_set(err, XF_ERR_INPUT, "model has no name; expected a non-empty name");
    if ((unsigned)m->family >= XF_FAMILY_COUNT || (unsigned)m->ffn >= XF_FFN_COUNT ||
        (unsigned)m->norm >= XF_NORM_COUNT)
        return xf_err_set(err, XF_ERR_INPUT, "model '%s': unknown family, ffn or norm", m->name);
    int rc = XF_OK;
    int text = m->family != XF_FAMILY_VISION;
    rc |= range(err, m, "layers", m->layers, 1, XF_MODEL_MAX_LAYERS);
    if (m->family == XF_FAMILY_ENCDEC)
        rc |= range(err, m, "decoder_layers", m->dec_layers, 1, XF_MODEL_MAX_LAYERS);
    else
        rc |= range(err, m, "decoder_layers", m->dec_layers, 0, 0);
    rc |= range(err, m, "d_model", m->d_model, 1, XF_MODEL_MAX_D);
    rc |= range(err, m, "heads", m->heads, 1, XF_MODEL_MAX_HEADS);
    rc |= range(err, m, "kv_heads", m->kv_heads, 1, m->heads > 0 ? m->heads : 1);
    rc |= range(err, m, "d_ff", m->d_ff, 1, XF_MODEL_MAX_FF);
    rc |= range(err, m, "vocab", m->vocab, text ? 1 : 0, text ? XF_MODEL_MAX_VOCAB : 0);
    rc |= range(err, m, "positions", m->positions, 0, XF_MODEL_MAX_POSITIONS);
    rc |= range(err, m, "pos_offset", m->pos_offset, 0, m->positions);
    rc |= range(err, m, "token_types", m->token_types, 0, XF_MODEL_MAX_TOKEN_TYPES);
    rc |= range(err, m, "embed_dim", m->embed_dim, 0, XF_MODEL_MAX_D);
    rc |= range(err, m, "relative_buckets", m->rel_buckets, 0, XF_MODEL_MAX_BUCKETS);
    if (!text) {
        rc |= range(err, m, "image_size", m->image_size, 1, XF_MODEL_MAX_IMAGE);
        rc |= range(err, m, "patch_size", m->patch_size, 1, m->image_size > 0 ? m->image_size : 1);
        rc |= range(err, m, "channels", m->channels, 1, XF_MODEL_MAX_CHANNELS);
        rc |= range(err, m, "classes", m->classes, 0, XF_MODEL_MAX_CLASSES);
    }
    if (rc != XF_OK)
        return err->code;
    if (m->d_model % m->heads != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "model '%s': d_model %d is not divisible by heads %d; expected d_model "
                          "= heads x d_head",
                          m->name, m->d_model, m->heads);
    if (m->heads % m->kv_heads != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "model '%s': heads %d is not divisible by kv_heads %d; expected each KV "
                          "head shared by the same number of query heads",
                          m->name, m->heads, m->kv_heads);
    if (!text && m->image_size % m->patch_size != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "model '%s': image_size %d is not a multiple of patch_size %d", m->name,
                          m->image_size, m->patch_size);
    return XF_OK;
}
