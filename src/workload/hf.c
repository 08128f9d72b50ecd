/* Hugging Face config.json import (xf_model_from_hf, `--model hf:PATH`): the shape keys of a
 * transformers configuration, read with cJSON, mapped onto an xf_model with the structural
 * switches the zoo (zoo.c) sets for the same family, so that a published checkpoint's config
 * counts exactly like its zoo entry.
 * Why a file of its own: the key names and defaults are the transformers library's, not this
 * tool's schema (model_cfg.c); keeping them apart keeps both readable.
 * Invariants: the file is read through xf_file_read_regular (a directory or FIFO is refused
 * before it is opened; at most XF_HF_MAX_BYTES); every error is XF_ERR_INPUT and names the file,
 * the key and what was expected; JSON null counts as an absent key (transformers' "unset");
 * keys are matched case-sensitively and a key read twice in the file is refused; on error *out
 * is left as it was. Depends on model.c (xf_model_check), util/file.c and util/text.c only. */
#include "xf/file.h"
#include "xf/model.h"
#include "xf/text.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A config.json is a few kilobytes (ViT's with 1000 labels twice: ~70 KB, ~4,000 values). */
#define XF_HF_MAX_BYTES (1024 * 1024)
/* Values (separators + 1) a file may hold: bounds cJSON's tree (~100 bytes a value) far below
 * the 1 MiB of text's worst case (half a million one-digit numbers: ~45 MB). */
#define XF_HF_MAX_VALUES 65536

typedef struct {
    const char *path;
    const cJSON *root;
    xf_err *err;
} hf_ctx;

typedef enum {
    HF_BERT,
    HF_ROBERTA,
    HF_DISTILBERT,
    HF_ALBERT,
    HF_GPT2,
    HF_OPT,
    HF_LLAMA,
    HF_T5,
    HF_VIT
} hf_kind;

static const struct {
    const char *type; /* model_type */
    const char *arch; /* class-name prefix in "architectures" */
    hf_kind kind;
} kinds[] = {
    {"bert", "Bert", HF_BERT},
    {"roberta", "Roberta", HF_ROBERTA},
    {"distilbert", "DistilBert", HF_DISTILBERT},
    {"albert", "Albert", HF_ALBERT},
    {"gpt2", "GPT2", HF_GPT2},
    {"opt", "OPT", HF_OPT},
    {"llama", "Llama", HF_LLAMA},
    {"t5", "T5", HF_T5},
    {"vit", "ViT", HF_VIT},
};
#define N_KINDS (sizeof kinds / sizeof kinds[0])
#define KIND_LIST "bert, roberta, distilbert, albert, gpt2, opt, llama, t5, vit"

/* The member `key` of the root object (exact name), NULL when absent or null. A key present
 * twice is an error (JSON leaves duplicates open; Python keeps the last, cJSON the first). */
static const cJSON *member(hf_ctx *c, const char *key)
{
    const cJSON *found = NULL;
    for (const cJSON *it = c->root->child; it; it = it->next) {
        if (!it->string || strcmp(it->string, key) != 0)
            continue;
        if (found) {
            xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s' appears twice; expected each key once",
                       c->path, key);
            return NULL;
        }
        found = it;
    }
    return found && !cJSON_IsNull(found) ? found : NULL;
}

static int failed(const hf_ctx *c)
{
    return c->err->code != XF_OK;
}

/* The first present key among keys[] (NULL-terminated): its item, *used its name. */
static const cJSON *first_of(hf_ctx *c, const char *const *keys, const char **used)
{
    for (int i = 0; keys[i]; i++) {
        const cJSON *v = member(c, keys[i]);
        if (failed(c))
            return NULL;
        if (v) {
            *used = keys[i];
            return v;
        }
    }
    *used = keys[0];
    return NULL;
}

/* "'a'" or "'a' (or 'b', 'c')" into buf. */
static const char *key_names(const char *const *keys, char *buf, size_t n)
{
    size_t off = (size_t)snprintf(buf, n, "'%s'", keys[0]);
    for (int i = 1; keys[i] && off < n; i++)
        off += (size_t)snprintf(buf + off, n - off, "%s'%s'%s", i == 1 ? " (or " : ", ", keys[i],
                                keys[i + 1] ? "" : ")");
    return buf;
}

static const char *json_kind(const cJSON *v)
{
    return cJSON_IsString(v)   ? "a string"
           : cJSON_IsBool(v)   ? "a boolean"
           : cJSON_IsNumber(v) ? "a number"
           : cJSON_IsArray(v)  ? "an array"
           : cJSON_IsObject(v) ? "an object"
                               : "null";
}

/* An integer in [lo, hi] from the first present key of keys[]; dflt when none is present and
 * the key is optional (required: a missing key is an error naming the alternatives). */
static int int_of(hf_ctx *c, const char *const *keys, int required, long long dflt, long long lo,
                  long long hi)
{
    if (failed(c))
        return 0;
    const char *key;
    const cJSON *v = first_of(c, keys, &key);
    if (failed(c))
        return 0;
    char names[160];
    if (!v) {
        if (required)
            xf_err_set(c->err, XF_ERR_INPUT,
                       "%s: missing key %s; expected an integer from %lld to %lld", c->path,
                       key_names(keys, names, sizeof names), lo, hi);
        return (int)dflt;
    }
    if (!cJSON_IsNumber(v)) {
        xf_err_set(c->err, XF_ERR_INPUT,
                   "%s: key '%s': is %s; expected an integer from %lld to %lld", c->path, key,
                   json_kind(v), lo, hi);
        return 0;
    }
    double x = v->valuedouble;
    if (!isfinite(x) || x != floor(x)) {
        xf_err_set(c->err, XF_ERR_INPUT,
                   "%s: key '%s': %g is not a whole number; expected an integer from %lld to %lld",
                   c->path, key, x, lo, hi);
        return 0;
    }
    if (x < (double)lo || x > (double)hi) {
        xf_err_set(
            c->err, XF_ERR_INPUT,
            "%s: key '%s': value %.0f is out of range; expected an integer from %lld to %lld",
            c->path, key, x, lo, hi);
        return 0;
    }
    return (int)x;
}

static int int1(hf_ctx *c, const char *key, int required, long long dflt, long long lo,
                long long hi)
{
    const char *const keys[] = {key, NULL};
    return int_of(c, keys, required, dflt, lo, hi);
}

static int bool_of(hf_ctx *c, const char *key, int dflt)
{
    if (failed(c))
        return dflt;
    const cJSON *v = member(c, key);
    if (!v)
        return dflt;
    if (!cJSON_IsBool(v)) {
        xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s': is %s; expected true or false", c->path,
                   key, json_kind(v));
        return dflt;
    }
    return cJSON_IsTrue(v);
}

/* A string from the first present key of keys[], or NULL (absent). */
static const char *str_of(hf_ctx *c, const char *const *keys, const char **used)
{
    if (failed(c))
        return NULL;
    const cJSON *v = first_of(c, keys, used);
    if (!v || failed(c))
        return NULL;
    if (!cJSON_IsString(v)) {
        xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s': is %s; expected a string", c->path, *used,
                   json_kind(v));
        return NULL;
    }
    return v->valuestring;
}

/* ------------------------------------------------------------------------ family */

static int kind_of(hf_ctx *c, hf_kind *kind)
{
    const char *const tkeys[] = {"model_type", NULL};
    const char *key;
    const char *t = str_of(c, tkeys, &key);
    if (failed(c))
        return c->err->code;
    if (t) {
        for (size_t i = 0; i < N_KINDS; i++)
            if (strcmp(t, kinds[i].type) == 0) {
                *kind = kinds[i].kind;
                return XF_OK;
            }
        char safe[64];
        return xf_err_set(c->err, XF_ERR_INPUT,
                          "%s: key 'model_type': '%s' is not supported; expected one of " KIND_LIST,
                          c->path, xf_text_safe(safe, sizeof safe, t));
    }
    /* Fallback: the first class named in "architectures", e.g. "BertForMaskedLM". */
    const cJSON *a = member(c, "architectures");
    if (failed(c))
        return c->err->code;
    const cJSON *first = cJSON_IsArray(a) ? a->child : NULL;
    if (first && cJSON_IsString(first)) {
        static const char *const tails[] = {"For", "Model", "LMHead", "With", NULL};
        const char *s = first->valuestring;
        for (size_t i = 0; i < N_KINDS; i++) {
            size_t n = strlen(kinds[i].arch);
            if (strncmp(s, kinds[i].arch, n) != 0)
                continue;
            for (int j = 0; tails[j]; j++)
                if (strncmp(s + n, tails[j], strlen(tails[j])) == 0) {
                    *kind = kinds[i].kind;
                    return XF_OK;
                }
        }
        char safe[64];
        return xf_err_set(c->err, XF_ERR_INPUT,
                          "%s: key 'model_type' is missing and 'architectures' names '%s'; "
                          "expected a model_type of " KIND_LIST,
                          c->path, xf_text_safe(safe, sizeof safe, s));
    }
    return xf_err_set(
        c->err, XF_ERR_INPUT,
        "%s: missing key 'model_type' (and no 'architectures'); expected one of " KIND_LIST,
        c->path);
}

/* The activation of a 2-matrix FFN, or of the gate of a gated one (gated: SwiGLU/GeGLU). */
static xf_ffn act_of(hf_ctx *c, const char *const *keys, const char *dflt, int gated)
{
    const char *key;
    const char *s = str_of(c, keys, &key);
    if (failed(c))
        return XF_FFN_GELU;
    if (!s)
        s = dflt;
    if (strncmp(s, "gated-", 6) == 0 && !gated) { /* T5 feed_forward_proj "gated-gelu" */
        gated = 1;
        s += 6;
    }
    static const struct {
        const char *name;
        xf_ffn plain, gate;
    } acts[] = {
        {"gelu", XF_FFN_GELU, XF_FFN_GEGLU},
        {"gelu_new", XF_FFN_GELU, XF_FFN_GEGLU},
        {"gelu_pytorch_tanh", XF_FFN_GELU, XF_FFN_GEGLU},
        {"gelu_fast", XF_FFN_GELU, XF_FFN_GEGLU},
        {"relu", XF_FFN_RELU, XF_FFN_COUNT},
        {"silu", XF_FFN_SILU, XF_FFN_SWIGLU},
        {"swish", XF_FFN_SILU, XF_FFN_SWIGLU},
    };
    for (size_t i = 0; i < sizeof acts / sizeof acts[0]; i++)
        if (strcmp(s, acts[i].name) == 0) {
            xf_ffn f = gated ? acts[i].gate : acts[i].plain;
            if (f != XF_FFN_COUNT)
                return f;
        }
    char safe[64];
    xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s': '%s' is not supported; expected %s", c->path,
               key, xf_text_safe(safe, sizeof safe, s),
               gated ? "gelu, gelu_new, silu or swish (gated FFN)"
                     : "gelu, gelu_new, gelu_pytorch_tanh, relu, silu or swish (T5: relu, gelu, "
                       "gated-gelu, gated-silu)");
    return XF_FFN_GELU;
}

/* Refuse a key whose value this tool cannot model, rather than count a different network. */
static void only(hf_ctx *c, const char *key, int ok, const char *expected)
{
    if (!failed(c) && !ok)
        xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s': this value is not supported; expected %s",
                   c->path, key, expected);
}

/* ------------------------------------------------------------------------ families */

#define KEYS(...) ((const char *const[]){__VA_ARGS__, NULL})

static void common_shape(hf_ctx *c, xf_model *m, const char *const *l, const char *const *d,
                         const char *const *h, const char *const *f)
{
    m->layers = int_of(c, l, 1, 0, 1, XF_MODEL_MAX_LAYERS);
    m->d_model = int_of(c, d, 1, 0, 1, XF_MODEL_MAX_D);
    m->heads = int_of(c, h, 1, 0, 1, XF_MODEL_MAX_HEADS);
    m->kv_heads = m->heads;
    if (f)
        m->d_ff = int_of(c, f, 1, 0, 1, XF_MODEL_MAX_FF);
}

static int vocab(hf_ctx *c)
{
    return int1(c, "vocab_size", 1, 0, 1, XF_MODEL_MAX_VOCAB);
}

/* BERT, RoBERTa, DistilBERT, ALBERT: post-LN encoders with biases, learned positions, an
 * embedding LayerNorm and (but DistilBERT) a pooler; as zoo.c's BERT() and albert-base. */
static void bert_like(hf_ctx *c, hf_kind k, xf_model *m)
{
    m->family = XF_FAMILY_ENCODER;
    if (k == HF_DISTILBERT)
        common_shape(c, m, KEYS("n_layers"), KEYS("dim"), KEYS("n_heads"), KEYS("hidden_dim"));
    else
        common_shape(c, m, KEYS("num_hidden_layers"), KEYS("hidden_size"),
                     KEYS("num_attention_heads"), KEYS("intermediate_size"));
    m->vocab = vocab(c);
    m->ffn = act_of(c, k == HF_DISTILBERT ? KEYS("activation") : KEYS("hidden_act"), "gelu", 0);
    m->norm = XF_NORM_LAYER;
    m->pre_norm = 0;
    m->bias = 1;
    m->positions = int1(c, "max_position_embeddings", 1, 0, 1, XF_MODEL_MAX_POSITIONS);
    /* RoBERTa numbers positions from padding_idx + 1 (pad_token_id 1: offset 2). */
    if (k == HF_ROBERTA)
        m->pos_offset = int1(c, "pad_token_id", 0, 1, 0, XF_MODEL_MAX_POSITIONS - 1) + 1;
    m->token_types =
        k == HF_DISTILBERT ? 0 : int1(c, "type_vocab_size", 0, 2, 0, XF_MODEL_MAX_TOKEN_TYPES);
    m->embed_norm = 1;
    m->pooler = k != HF_DISTILBERT;
    m->scaled_scores = 1;
    if (k == HF_DISTILBERT)
        only(c, "sinusoidal_pos_embds", !bool_of(c, "sinusoidal_pos_embds", 0),
             "false (learned positions)");
    if (k == HF_ALBERT) {
        m->embed_dim = int1(c, "embedding_size", 0, 128, 1, XF_MODEL_MAX_D);
        if (m->embed_dim == m->d_model)
            m->embed_dim = 0;
        m->embed_proj_bias = 1;
        m->pos_in_embed = 1;
        m->shared_layers = 1;
        only(c, "num_hidden_groups", int1(c, "num_hidden_groups", 0, 1, 1, 1024) == 1,
             "1 (all layers share one set of weights)");
        only(c, "inner_group_num", int1(c, "inner_group_num", 0, 1, 1, 1024) == 1, "1");
    }
    if (k == HF_BERT || k == HF_ROBERTA) {
        const char *key;
        const char *pe = str_of(c, KEYS("position_embedding_type"), &key);
        only(c, key, !pe || strcmp(pe, "absolute") == 0, "\"absolute\"");
    }
}

/* GPT-2 and OPT: pre-LN decoders with biases, learned positions, final LayerNorm, tied head
 * (zoo.c's GPT()); OPT-350M's post-LN and 512-wide projected embeddings as opt-350m. */
static void gpt_like(hf_ctx *c, hf_kind k, xf_model *m)
{
    m->family = XF_FAMILY_DECODER;
    m->norm = XF_NORM_LAYER;
    m->bias = 1;
    m->scaled_scores = 1;
    m->tied_head = bool_of(c, "tie_word_embeddings", 1);
    if (k == HF_GPT2) {
        common_shape(c, m, KEYS("n_layer"), KEYS("n_embd"), KEYS("n_head"), NULL);
        /* n_inner null or absent: 4 x n_embd (transformers GPT2MLP) */
        long long dflt = 4LL * m->d_model;
        m->d_ff = int1(c, "n_inner", 0, dflt, 1, XF_MODEL_MAX_FF); /* 4 x MAX_D fits */
        m->vocab = vocab(c);
        m->ffn = act_of(c, KEYS("activation_function"), "gelu_new", 0);
        m->positions = int_of(c, KEYS("n_positions", "n_ctx"), 1, 0, 1, XF_MODEL_MAX_POSITIONS);
        m->pre_norm = 1;
        m->final_norm = 1;
        only(c, "scale_attn_weights", bool_of(c, "scale_attn_weights", 1), "true");
        return;
    }
    common_shape(c, m, KEYS("num_hidden_layers"), KEYS("hidden_size"), KEYS("num_attention_heads"),
                 KEYS("ffn_dim"));
    m->vocab = vocab(c);
    m->ffn = act_of(c, KEYS("activation_function"), "relu", 0);
    /* OPTLearnedPositionalEmbedding: max_position_embeddings + 2 rows, the first 2 unused. */
    int pos = int1(c, "max_position_embeddings", 1, 0, 1, XF_MODEL_MAX_POSITIONS - 2);
    m->positions = pos + 2;
    m->pos_offset = 2;
    m->pre_norm = bool_of(c, "do_layer_norm_before", 1);
    m->final_norm = m->pre_norm;
    only(c, "enable_bias", bool_of(c, "enable_bias", 1), "true");
    int e = int1(c, "word_embed_proj_dim", 0, m->d_model, 1, XF_MODEL_MAX_D);
    if (!failed(c) && e != m->d_model) {
        m->embed_dim = e;
        m->embed_proj_bias = 0;
        m->embed_proj_out = 1;
        m->pos_in_embed = 0;
    }
}

/* Llama: pre-RMSNorm, gated MLP (SiLU: SwiGLU), no biases, RoPE, GQA, untied head by default
 * (zoo.c's LLAMA()). */
static void llama(hf_ctx *c, xf_model *m)
{
    m->family = XF_FAMILY_DECODER;
    common_shape(c, m, KEYS("num_hidden_layers"), KEYS("hidden_size"), KEYS("num_attention_heads"),
                 KEYS("intermediate_size"));
    m->kv_heads = int1(c, "num_key_value_heads", 0, m->heads, 1, XF_MODEL_MAX_HEADS);
    m->vocab = vocab(c);
    m->ffn = act_of(c, KEYS("hidden_act"), "silu", 1);
    m->norm = XF_NORM_RMS;
    m->pre_norm = 1;
    int ab = bool_of(c, "attention_bias", 0), mb = bool_of(c, "mlp_bias", 0);
    only(c, "mlp_bias", ab == mb, "the same as attention_bias (one bias switch for all linears)");
    m->bias = ab;
    m->final_norm = 1;
    m->tied_head = bool_of(c, "tie_word_embeddings", 0);
    m->rotary = 1;
    m->max_context = int1(c, "max_position_embeddings", 0, 0, 0, XF_MODEL_MAX_POSITIONS);
    m->scaled_scores = 1;
    if (!failed(c) && m->heads > 0) {
        int hd = int1(c, "head_dim", 0, m->d_model / m->heads, 1, XF_MODEL_MAX_D);
        only(c, "head_dim", failed(c) || hd * m->heads == m->d_model,
             "hidden_size / num_attention_heads");
    }
}

/* T5: encoder-decoder, pre-RMSNorm, no biases, relative position buckets, unscaled scores,
 * tied head unless tie_word_embeddings is false (v1.1); zoo.c's T5(). */
static void t5(hf_ctx *c, xf_model *m)
{
    m->family = XF_FAMILY_ENCDEC;
    common_shape(c, m, KEYS("num_layers"), KEYS("d_model"), KEYS("num_heads"), KEYS("d_ff"));
    m->dec_layers = int1(c, "num_decoder_layers", 0, m->layers, 1, XF_MODEL_MAX_LAYERS);
    m->vocab = vocab(c);
    m->ffn = act_of(c, KEYS("feed_forward_proj"), "relu", 0);
    m->norm = XF_NORM_RMS;
    m->pre_norm = 1;
    m->bias = 0;
    m->final_norm = 1;
    m->tied_head = bool_of(c, "tie_word_embeddings", 1);
    m->rel_buckets = int1(c, "relative_attention_num_buckets", 0, 32, 0, XF_MODEL_MAX_BUCKETS);
    m->scaled_scores = 0;
    if (!failed(c)) {
        int dkv = int1(c, "d_kv", 0, m->d_model / m->heads, 1, XF_MODEL_MAX_D);
        only(c, "d_kv", failed(c) || dkv * m->heads == m->d_model, "d_model / num_heads");
    }
}

/* The number of entries of object `key` (id2label), -1 when absent. */
static int count_of(hf_ctx *c, const char *key)
{
    const cJSON *v = member(c, key);
    if (!v || failed(c))
        return -1;
    if (!cJSON_IsObject(v)) {
        xf_err_set(c->err, XF_ERR_INPUT, "%s: key '%s': is %s; expected an object", c->path, key,
                   json_kind(v));
        return -1;
    }
    int n = 0;
    for (const cJSON *it = v->child; it && n <= XF_MODEL_MAX_CLASSES; it = it->next)
        n++;
    return n;
}

/* ViT: pre-LN encoder on patches + CLS with biases, final LayerNorm, a classifier with as many
 * outputs as id2label has labels (zoo.c's VIT()). */
static void vit(hf_ctx *c, xf_model *m)
{
    m->family = XF_FAMILY_VISION;
    common_shape(c, m, KEYS("num_hidden_layers"), KEYS("hidden_size"), KEYS("num_attention_heads"),
                 KEYS("intermediate_size"));
    m->ffn = act_of(c, KEYS("hidden_act"), "gelu", 0);
    m->norm = XF_NORM_LAYER;
    m->pre_norm = 1;
    m->bias = bool_of(c, "qkv_bias", 1);
    only(c, "qkv_bias", m->bias, "true (one bias switch for all linears)");
    m->final_norm = 1;
    m->scaled_scores = 1;
    m->image_size = int1(c, "image_size", 0, 224, 1, XF_MODEL_MAX_IMAGE);
    m->patch_size = int1(c, "patch_size", 0, 16, 1, XF_MODEL_MAX_IMAGE);
    m->channels = int1(c, "num_channels", 0, 3, 1, XF_MODEL_MAX_CHANNELS);
    if (!failed(c) && m->image_size % m->patch_size != 0)
        xf_err_set(c->err, XF_ERR_INPUT,
                   "%s: key 'patch_size': %d does not divide image_size %d; expected a divisor",
                   c->path, m->patch_size, m->image_size);
    if (!failed(c)) {
        long long side = m->image_size / m->patch_size;
        if (side * side + 1 > XF_MODEL_MAX_POSITIONS)
            xf_err_set(c->err, XF_ERR_INPUT,
                       "%s: key 'patch_size': %d gives %lld patches of a %d px image; expected at "
                       "most %d positions",
                       c->path, m->patch_size, side * side, m->image_size, XF_MODEL_MAX_POSITIONS);
        m->positions = (int)(side * side + 1);
    }
    int labels = count_of(c, "id2label");
    if (labels > XF_MODEL_MAX_CLASSES && !failed(c))
        xf_err_set(c->err, XF_ERR_INPUT, "%s: key 'id2label': more than %d labels; expected fewer",
                   c->path, XF_MODEL_MAX_CLASSES);
    m->classes = labels >= 0 ? labels : int1(c, "num_labels", 0, 0, 0, XF_MODEL_MAX_CLASSES);
}

/* ------------------------------------------------------------------------ name */

/* _name_or_path (its last component when it is a long local path), else the folder name
 * (the file name without .json for a bare file name). */
static void name_of(hf_ctx *c, xf_model *m)
{
    const char *key;
    const char *nm = str_of(c, KEYS("_name_or_path"), &key);
    char buf[XF_FILE_PATH];
    const char *what = "key '_name_or_path'";
    if (failed(c))
        return;
    if (nm && nm[0]) {
        const char *slash = strrchr(nm, '/');
        if (strlen(nm) > XF_TEXT_NAME_MAX && slash && slash[1])
            nm = slash + 1;
    } else {
        what = "the folder name";
        xf_file_folder(c->path, buf, sizeof buf);
        const char *slash = strrchr(c->path, '/');
        if (!slash) {
            snprintf(buf, sizeof buf, "%s", c->path);
            size_t n = strlen(buf);
            if (n > 5 && strcmp(buf + n - 5, ".json") == 0)
                buf[n - 5] = '\0';
        }
        char *b = buf;
        size_t n = strlen(b);
        while (n > 1 && b[n - 1] == '/')
            b[--n] = '\0';
        const char *last = strrchr(b, '/');
        nm = last && last[1] ? last + 1 : b;
    }
    char why[128];
    if (xf_text_check(nm, 1, XF_TEXT_NAME_MAX, why, sizeof why) != 0) {
        xf_err_set(c->err, XF_ERR_INPUT, "%s: %s (the model name) %s", c->path, what, why);
        return;
    }
    snprintf(m->name, sizeof m->name, "%s", nm);
}

/* ------------------------------------------------------------------------ entry */

/* 1-based line and column of byte `at` in text. */
static void line_col(const char *text, size_t at, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < at && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else {
            (*col)++;
        }
    }
}

/* Commas and colons outside strings: about the number of JSON values. */
static size_t separators(const char *text)
{
    size_t n = 0;
    int in_str = 0;
    for (const char *p = text; *p; p++) {
        if (in_str) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                in_str = 0;
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == ',' || *p == ':') {
            n++;
        }
    }
    return n;
}

static int parse(const char *path, const char *text, size_t len, cJSON **root, xf_err *err)
{
    size_t ws = strspn(text, " \t\r\n");
    if (len == 0 || ws == len)
        return xf_err_set(err, XF_ERR_INPUT, "%s: is empty; expected a JSON object", path);
    size_t nul = strlen(text);
    if (nul < len)
        return xf_err_set(err, XF_ERR_INPUT, "%s: has a NUL byte at offset %zu; expected JSON text",
                          path, nul);
    if (separators(text) >= XF_HF_MAX_VALUES)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: holds more than %d JSON values; expected a config of at most that "
                          "many keys and values",
                          path, XF_HF_MAX_VALUES);
    const char *end = NULL;
    *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!*root) {
        size_t at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
        /* cJSON stops just past the fault, often on the white space after it: step back */
        while (at > 0 && (at >= len || strchr(" \t\r\n", text[at])))
            at--;
        int line, col;
        line_col(text, at, &line, &col);
        char near[24];
        size_t eol = strcspn(text + at, "\r\n");
        snprintf(near, sizeof near, "%.*s", (int)(eol < 20 ? eol : 20), text + at);
        xf_text_safe(near, sizeof near, near);
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s:%d:%d: malformed JSON near '%s'; expected a JSON object (RFC 8259)",
                          path, line, col, near);
    }
    if (!cJSON_IsObject(*root)) {
        const char *k = json_kind(*root);
        cJSON_Delete(*root);
        *root = NULL;
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: the top level is %s; expected a JSON object of config keys", path,
                          k);
    }
    return XF_OK;
}

int xf_model_from_hf(const char *path, xf_model *out, xf_err *err)
{
    if (!path || !path[0])
        return xf_err_set(err, XF_ERR_INPUT,
                          "hf: needs a path; expected hf:PATH/config.json (a Hugging Face config)");
    char *text = NULL;
    size_t len = 0;
    if (xf_file_read_regular(path, XF_HF_MAX_BYTES, &text, &len, err) != XF_OK)
        return err->code;
    cJSON *root = NULL;
    int rc = parse(path, text, len, &root, err);
    free(text);
    if (rc != XF_OK)
        return rc;

    xf_model m;
    memset(&m, 0, sizeof m);
    hf_ctx c = {path, root, err};
    hf_kind k = HF_BERT;
    if (kind_of(&c, &k) == XF_OK) {
        switch (k) {
        case HF_BERT:
        case HF_ROBERTA:
        case HF_DISTILBERT:
        case HF_ALBERT:
            bert_like(&c, k, &m);
            break;
        case HF_GPT2:
        case HF_OPT:
            gpt_like(&c, k, &m);
            break;
        case HF_LLAMA:
            llama(&c, &m);
            break;
        case HF_T5:
            t5(&c, &m);
            break;
        case HF_VIT:
            vit(&c, &m);
            break;
        }
        name_of(&c, &m);
    }
    cJSON_Delete(root);
    if (failed(&c))
        return err->code;
    snprintf(m.source, sizeof m.source, "Hugging Face config.json: %s", path);
    xf_err chk = {0};
    if (xf_model_check(&m, &chk) != XF_OK)
        return xf_err_set(err, chk.code, "%s: %s", path, chk.msg);
    *out = m;
    return XF_OK;
}
