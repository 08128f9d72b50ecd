/* A model as a user-model file (xformer models show NAME --format cfg): every key the reader
 * (model_cfg.c) takes, written explicitly with a comment on its meaning, so that the file
 * reads back into the same xf_model and the zoo's entries can serve as templates.
 *
 * Invariant: xf_model_load_file of the written text gives a model equal, field by field, to
 * the one written (the round trip is tested for every zoo model). Strings are written as
 * libconfig strings with '"' and '\' escaped and control characters dropped. */
#include "xf/model.h"

#include <stdio.h>

static void str(FILE *out, const char *key, const char *v)
{
    fprintf(out, "%-18s = \"", key);
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            continue;
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fprintf(out, "\";\n");
}

static void yes(FILE *out, const char *key, int v, const char *what)
{
    fprintf(out, "%-18s = %-7s  # %s\n", key, v ? "true;" : "false;", what);
}

static void num(FILE *out, const char *key, long long v, const char *what)
{
    char t[32];
    snprintf(t, sizeof t, "%lld;", v);
    fprintf(out, "%-18s = %-7s  # %s\n", key, t, what);
}

int xf_model_write_cfg(FILE *out, const xf_model *m)
{
    int text = m->family != XF_FAMILY_VISION;
    int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
    fprintf(out,
            "# A user-model file (xformer models show %s --format cfg). Every key is written;\n"
            "# the README's \"Model files\" lists their meanings and defaults.\n",
            m->name);
    str(out, "name", m->name);
    str(out, "family", xf_family_name(m->family));
    num(out, "layers", m->layers,
        m->family == XF_FAMILY_DECODER ? "decoder layers" : "encoder layers");
    if (m->family == XF_FAMILY_ENCDEC)
        num(out, "decoder_layers", m->dec_layers, "decoder layers");
    num(out, "d_model", m->d_model, "hidden width");
    num(out, "heads", m->heads, "attention heads (d_head = d_model / heads)");
    num(out, "kv_heads", m->kv_heads, "K/V heads (GQA when fewer than heads)");
    num(out, "d_ff", m->d_ff, "FFN width of each FFN matrix");
    if (text)
        num(out, "vocab", m->vocab, "vocabulary");
    str(out, "ffn", xf_ffn_name(m->ffn));
    str(out, "norm", xf_norm_name(m->norm));
    yes(out, "pre_norm", m->pre_norm, "norm before each sub-layer (else after)");
    yes(out, "bias", m->bias, "linear layers have biases");
    num(out, "positions", m->positions, "learned position rows (0: none)");
    if (text) {
        num(out, "position_offset", m->pos_offset, "position rows not usable as positions");
        num(out, "token_types", m->token_types, "token-type rows");
        num(out, "embed_dim", m->embed_dim ? m->embed_dim : m->d_model,
            "embedding width (factorised when below d_model)");
    } else {
        num(out, "image_size", m->image_size, "input side, pixels");
        num(out, "patch_size", m->patch_size, "patch side, pixels");
        num(out, "channels", m->channels, "input channels");
        num(out, "classes", m->classes, "classifier outputs");
    }
    yes(out, "embed_norm", m->embed_norm, "a norm after the embedding sum");
    yes(out, "final_norm", m->final_norm, "a norm after the last layer of each stack");
    if (m->family == XF_FAMILY_ENCODER)
        yes(out, "pooler", m->pooler, "d x d pooler on the CLS token");
    if (gen)
        yes(out, "tied_lm_head", m->tied_head, "LM head shares the token embedding");
    yes(out, "shared_layers", m->shared_layers, "all layers of a stack share weights");
    num(out, "relative_buckets", m->rel_buckets, "relative position bias buckets (0: none)");
    yes(out, "rotary", m->rotary, "rotary position embedding on Q and K");
    num(out, "max_context", m->max_context, "context window when no position table bounds it");
    yes(out, "scaled_scores", m->scaled_scores, "scores scaled by 1/sqrt(d_head)");
    str(out, "source", m->source);
    return ferror(out) ? -1 : 0;
}
