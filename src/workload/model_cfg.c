/* User model files: a strict libconfig schema read through xf/cfg.h (keys in xf/model.h). */
#include "xf/model.h"
#include "xf/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A key that does not apply to this family is an error at its line (not silently ignored). */
static void not_for(xf_grp *g, const char *key, const char *families)
{
    if (xf_grp_status(g) == XF_OK && xf_grp_has(g, key))
        xf_grp_fail(g, key, "does not apply to this family; expected it only for %s", families);
}

static int get_int(xf_grp *g, const char *key, long long lo, long long hi, int flags, int dflt)
{
    return (int)xf_grp_int(g, key, lo, hi, flags, dflt);
}

/* Read every key of a model file into *m; with a log on g, every failure is recorded and the
 * reading goes on (a check that combines keys runs only while none has failed). */
static void model_keys(xf_grp *g, const char *name, xf_model *m)
{
    static const char *const families[] = {"encoder", "decoder", "encoder-decoder", "vision", NULL};
    static const char *const ffns[] = {"gelu", "relu", "silu", "swiglu", "geglu", NULL};
    static const char *const norms[] = {"layernorm", "rmsnorm", NULL};
    const char *nm = xf_grp_str(g, "name", XF_OPT, name);
    if (xf_grp_status(g) == XF_OK && (!nm || !nm[0] || strlen(nm) >= sizeof m->name))
        xf_grp_fail(g, "name", "must have 1 to %d characters", (int)sizeof m->name - 1);
    else if (nm)
        xf_text_key(g, "name", nm, 1, XF_TEXT_NAME_MAX);
    if (nm)
        snprintf(m->name, sizeof m->name, "%s", nm);
    m->family = (xf_family)xf_grp_choice(g, "family", families, XF_REQ, 0);
    int text = m->family != XF_FAMILY_VISION;
    int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;

    m->layers = get_int(g, "layers", 1, XF_MODEL_MAX_LAYERS, XF_REQ, 1);
    if (m->family == XF_FAMILY_ENCDEC)
        m->dec_layers = get_int(g, "decoder_layers", 1, XF_MODEL_MAX_LAYERS, XF_REQ, 1);
    else
        not_for(g, "decoder_layers", "family \"encoder-decoder\"");
    m->d_model = get_int(g, "d_model", 1, XF_MODEL_MAX_D, XF_REQ, 1);
    m->heads = get_int(g, "heads", 1, XF_MODEL_MAX_HEADS, XF_REQ, 1);
    if (xf_grp_status(g) == XF_OK && m->d_model % m->heads != 0)
        xf_grp_fail(g, "heads",
                    "%d heads do not divide d_model %d; expected heads to divide d_model "
                    "(d_head = d_model / heads)",
                    m->heads, m->d_model);
    m->kv_heads = get_int(g, "kv_heads", 1, m->heads, XF_OPT, m->heads);
    if (xf_grp_status(g) == XF_OK && m->heads % m->kv_heads != 0)
        xf_grp_fail(g, "kv_heads",
                    "%d KV heads do not divide heads %d; expected a divisor of heads (GQA)",
                    m->kv_heads, m->heads);
    m->d_ff = get_int(g, "d_ff", 1, XF_MODEL_MAX_FF, XF_REQ, 1);
    if (text)
        m->vocab = get_int(g, "vocab", 1, XF_MODEL_MAX_VOCAB, XF_REQ, 1);
    else
        not_for(g, "vocab", "text models (encoder, decoder, encoder-decoder)");
    m->ffn = (xf_ffn)xf_grp_choice(g, "ffn", ffns, XF_REQ, 0);
    m->norm = (xf_norm)xf_grp_choice(g, "norm", norms, XF_REQ, 0);
    m->pre_norm = xf_grp_bool(g, "pre_norm", XF_REQ, 0);
    m->bias = xf_grp_bool(g, "bias", XF_REQ, 0);

    if (!text) {
        m->image_size = get_int(g, "image_size", 1, XF_MODEL_MAX_IMAGE, XF_REQ, 1);
        m->patch_size = get_int(g, "patch_size", 1, m->image_size, XF_REQ, 1);
        if (xf_grp_status(g) == XF_OK && m->image_size % m->patch_size != 0)
            xf_grp_fail(g, "patch_size", "%d does not divide image_size %d; expected a divisor",
                        m->patch_size, m->image_size);
        m->channels = get_int(g, "channels", 1, XF_MODEL_MAX_CHANNELS, XF_OPT, 3);
        m->classes = get_int(g, "classes", 0, XF_MODEL_MAX_CLASSES, XF_OPT, 1000);
        long long def = xf_grp_status(g) == XF_OK ? xf_model_default_seq(m) : 1;
        m->positions = get_int(g, "positions", 0, XF_MODEL_MAX_POSITIONS, XF_OPT, (int)def);
        not_for(g, "token_types", "text models");
        not_for(g, "embed_dim", "text models");
        not_for(g, "position_offset", "text models");
    } else {
        m->positions = get_int(g, "positions", 0, XF_MODEL_MAX_POSITIONS, XF_REQ, 0);
        /* position rows not usable as positions (RoBERTa, OPT: 2 reserved rows) */
        m->pos_offset = get_int(g, "position_offset", 0, m->positions, XF_OPT, 0);
        m->token_types = get_int(g, "token_types", 0, XF_MODEL_MAX_TOKEN_TYPES, XF_OPT, 0);
        m->embed_dim = get_int(g, "embed_dim", 1, XF_MODEL_MAX_D, XF_OPT, m->d_model);
        if (m->embed_dim == m->d_model)
            m->embed_dim = 0;
        /* Factorised embeddings: encoders as ALBERT (embeddings and their norm in embed_dim,
         * one projection with bias); decoders as OPT-350M (bias-free projections in and out,
         * positions added at d_model). */
        if (m->embed_dim) {
            m->pos_in_embed = !gen;
            m->embed_proj_bias = !gen && m->bias;
            m->embed_proj_out = gen;
        }
        static const char *const vision_keys[] = {"image_size", "patch_size", "channels",
                                                  "classes"};
        for (size_t i = 0; i < sizeof vision_keys / sizeof vision_keys[0]; i++)
            not_for(g, vision_keys[i], "family \"vision\"");
    }
    m->embed_norm = xf_grp_bool(g, "embed_norm", XF_OPT, 0);
    m->final_norm = xf_grp_bool(g, "final_norm", XF_OPT, m->pre_norm);
    if (m->family == XF_FAMILY_ENCODER)
        m->pooler = xf_grp_bool(g, "pooler", XF_OPT, 0);
    else
        not_for(g, "pooler", "family \"encoder\"");
    if (gen)
        m->tied_head = xf_grp_bool(g, "tied_lm_head", XF_OPT, 1);
    else
        not_for(g, "tied_lm_head", "families \"decoder\" and \"encoder-decoder\"");
    m->shared_layers = xf_grp_bool(g, "shared_layers", XF_OPT, 0);
    m->rel_buckets = get_int(g, "relative_buckets", 0, XF_MODEL_MAX_BUCKETS, XF_OPT, 0);
    m->rotary = xf_grp_bool(g, "rotary", XF_OPT, 0);
    m->max_context = get_int(g, "max_context", 0, XF_MODEL_MAX_POSITIONS, XF_OPT, 0);
    m->scaled_scores = xf_grp_bool(g, "scaled_scores", XF_OPT, 1);
    const char *src = xf_grp_str(g, "source", XF_OPT, "user model file");
    if (src)
        snprintf(m->source, sizeof m->source, "%s", src);
    xf_grp_end(g);
}

int xf_model_from_cfg(const xf_cfg *cfg, const char *name, xf_model *out, xf_err *err)
{
    xf_model m;
    memset(&m, 0, sizeof m);
    xf_grp g;
    if (xf_grp_root(&g, cfg, XF_SRC_NONE, err) != XF_OK)
        return err->code;
    /* every wrong or missing key in one run, each at its line (xf_grp_log) */
    xf_grp_log *log = calloc(1, sizeof *log); /* load time */
    if (!log)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    g.log = log;
    model_keys(&g, name, &m);
    int rc = err->code != XF_OK ? (int)err->code : xf_grp_log_finish(log, err);
    free(log);
    if (rc == XF_OK && xf_model_check(&m, err) != XF_OK)
        rc = err->code;
    if (rc == XF_OK)
        *out = m;
    return rc;
}

int xf_model_load_file(const char *path, xf_model *out, xf_err *err)
{
    xf_cfg *cfg = NULL;
    if (xf_cfg_load_file(path, &cfg, err) != XF_OK)
        return err->code;
    /* Default name: the file name without directory and .cfg. */
    char name[XF_MODEL_NAME_LEN];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    snprintf(name, sizeof name, "%s", base);
    size_t n = strlen(name);
    if (n > 4 && strcmp(name + n - 4, ".cfg") == 0)
        name[n - 4] = '\0';
    int rc = xf_model_from_cfg(cfg, name, out, err);
    xf_cfg_free(cfg);
    return rc;
}
