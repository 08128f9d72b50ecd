/* The model zoo: published hyperparameters, compiled in. Each entry names its source; the
 * structural switches (bias, norm, tied head, ...) follow the reference implementation named
 * there (Hugging Face transformers configs unless stated). Parameter counts are computed from
 * these entries (model.c); checked values: BERT-base 109,482,240 (BertModel, with pooler),
 * Llama-2-7B 6,738,415,616 (both published exact counts).
 */
#include "xf/model.h"

#include <string.h>

/* BERT-style encoder: post-LN, GELU, biases, learned positions, embedding LayerNorm, pooler. */
#define BERT(nm, L, D, H, FF, V, POS, OFF, TT, POOL, SRC)                                          \
    {                                                                                              \
        .name = nm, .family = XF_FAMILY_ENCODER, .layers = L, .d_model = D, .heads = H,            \
        .kv_heads = H, .d_ff = FF, .vocab = V, .ffn = XF_FFN_GELU, .norm = XF_NORM_LAYER,          \
        .pre_norm = 0, .bias = 1, .positions = POS, .pos_offset = OFF, .token_types = TT,          \
        .embed_norm = 1, .pooler = POOL, .scaled_scores = 1, .source = SRC                         \
    }

/* GPT-2/OPT-style decoder: pre-LN, biases, learned positions, final LayerNorm, tied LM head. */
#define GPT(nm, L, D, H, FF, V, POS, OFF, ACT, SRC)                                                \
    {                                                                                              \
        .name = nm, .family = XF_FAMILY_DECODER, .layers = L, .d_model = D, .heads = H,            \
        .kv_heads = H, .d_ff = FF, .vocab = V, .ffn = ACT, .norm = XF_NORM_LAYER, .pre_norm = 1,   \
        .bias = 1, .positions = POS, .pos_offset = OFF, .final_norm = 1, .tied_head = 1,           \
        .scaled_scores = 1, .source = SRC                                                          \
    }

/* Llama-2: pre-RMSNorm, SwiGLU (3 matrices), no biases, RoPE, untied LM head, GQA via KV;
 * context 4096 (max_position_embeddings of the HF meta-llama/Llama-2-*-hf configs). */
#define LLAMA(nm, L, D, H, KV, FF, SRC)                                                            \
    {                                                                                              \
        .name = nm, .family = XF_FAMILY_DECODER, .layers = L, .d_model = D, .heads = H,            \
        .kv_heads = KV, .d_ff = FF, .vocab = 32000, .ffn = XF_FFN_SWIGLU, .norm = XF_NORM_RMS,     \
        .pre_norm = 1, .bias = 0, .final_norm = 1, .tied_head = 0, .rotary = 1,                    \
        .max_context = 4096, .scaled_scores = 1, .source = SRC                                     \
    }

/* T5 1.0: encoder-decoder, pre-norm with T5's RMS-style LayerNorm, ReLU FFN, no biases,
 * relative position bias (32 buckets, one table per stack), unscaled scores (folded into the
 * initialisation), tied LM head. */
#define T5(nm, L, D, H, FF, SRC)                                                                   \
    {                                                                                              \
        .name = nm, .family = XF_FAMILY_ENCDEC, .layers = L, .dec_layers = L, .d_model = D,        \
        .heads = H, .kv_heads = H, .d_ff = FF, .vocab = 32128, .ffn = XF_FFN_RELU,                 \
        .norm = XF_NORM_RMS, .pre_norm = 1, .bias = 0, .final_norm = 1, .tied_head = 1,            \
        .rel_buckets = 32, .scaled_scores = 0, .source = SRC                                       \
    }

/* ViT/DeiT: pre-LN, GELU, biases, 224 px images in 16 px patches -> 196 patches + CLS = 197
 * learned positions, final LayerNorm, 1000-class head (in params; computed with --head). */
#define VIT(nm, L, D, H, FF, SRC)                                                                  \
    {                                                                                              \
        .name = nm, .family = XF_FAMILY_VISION, .layers = L, .d_model = D, .heads = H,             \
        .kv_heads = H, .d_ff = FF, .ffn = XF_FFN_GELU, .norm = XF_NORM_LAYER, .pre_norm = 1,       \
        .bias = 1, .positions = 197, .final_norm = 1, .scaled_scores = 1, .image_size = 224,       \
        .patch_size = 16, .channels = 3, .classes = 1000, .source = SRC                            \
    }

static const xf_model zoo[] = {
    /* Google's compact BERTs: google-research/bert README @eedf5716 (uncased_L-{L}_H-{H}_A-{H/64});
     * d_ff = 4H per the HF configs of google/bert_uncased_L-2_H-128_A-2 and L-4_H-512_A-8. */
    BERT("bert-tiny", 2, 128, 2, 512, 30522, 512, 0, 2, 1,
         "google-research/bert README @eedf571 (L=2,H=128,A=2); HF "
         "google/bert_uncased_L-2_H-128_A-2 config (d_ff 512)"),
    BERT("bert-mini", 4, 256, 4, 1024, 30522, 512, 0, 2, 1,
         "google-research/bert README @eedf571 (L=4,H=256,A=4); d_ff = 4H"),
    BERT("bert-small", 4, 512, 8, 2048, 30522, 512, 0, 2, 1,
         "google-research/bert README @eedf571 (L=4,H=512,A=8); HF "
         "google/bert_uncased_L-4_H-512_A-8 config (d_ff 2048)"),
    BERT("bert-medium", 8, 512, 8, 2048, 30522, 512, 0, 2, 1,
         "google-research/bert README @eedf571 (L=8,H=512,A=8); d_ff = 4H"),
    /* BERT-base: 109,482,240 parameters (cli99/flops-profiler README, BertModel). */
    BERT("bert-base", 12, 768, 12, 3072, 30522, 512, 0, 2, 1,
         "HF google-bert/bert-base-uncased config.json; Devlin et al. 2019"),
    BERT("bert-large", 24, 1024, 16, 4096, 30522, 512, 0, 2, 1,
         "HF google-bert/bert-large-uncased config.json @33c3980"),
    /* DistilBERT: BERT-base with 6 layers, no token types, no pooler (66M). */
    BERT("distilbert", 6, 768, 12, 3072, 30522, 512, 0, 0, 0,
         "HF distilbert/distilbert-base-cased config.json @f76fcef (dim 768, n_layers 6)"),
    /* RoBERTa: 514 position rows = 512 usable + padding offset 2; one token type. */
    BERT("roberta-base", 12, 768, 12, 3072, 50265, 514, 2, 1, 1,
         "HF FacebookAI/roberta-base config.json (vocab 50265, max_position_embeddings 514)"),
    BERT("roberta-large", 24, 1024, 16, 4096, 50265, 514, 2, 1, 1,
         "HF FacebookAI/roberta-large config.json @8ac184f"),
    /* ALBERT-base-v2: 128-wide embeddings (words, positions, types, LayerNorm) projected to 768;
     * all 12 layers share one set of weights (compute is BERT-base's). */
    {.name = "albert-base",
     .family = XF_FAMILY_ENCODER,
     .layers = 12,
     .d_model = 768,
     .heads = 12,
     .kv_heads = 12,
     .d_ff = 3072,
     .vocab = 30000,
     .ffn = XF_FFN_GELU,
     .norm = XF_NORM_LAYER,
     .bias = 1,
     .positions = 512,
     .token_types = 2,
     .embed_dim = 128,
     .embed_proj_bias = 1,
     .pos_in_embed = 1,
     .embed_norm = 1,
     .pooler = 1,
     .shared_layers = 1,
     .scaled_scores = 1,
     .source = "HF albert/albert-base-v2 config.json @216e2f2 (embedding_size 128, 1 group)"},
    /* GPT-2: HF configs (n_embd, n_layer, n_head, n_positions 1024), gelu_new, tied head. */
    GPT("gpt2", 12, 768, 12, 3072, 50257, 1024, 0, XF_FFN_GELU,
        "karpathy/nanoGPT transformer_sizing.ipynb @0bb96d3; HF openai-community/gpt2"),
    GPT("gpt2-medium", 24, 1024, 16, 4096, 50257, 1024, 0, XF_FFN_GELU,
        "HF openai-community/gpt2-medium config.json @0a83037"),
    GPT("gpt2-large", 36, 1280, 20, 5120, 50257, 1024, 0, XF_FFN_GELU,
        "HF openai-community/gpt2-large config.json @934da44"),
    GPT("gpt2-xl", 48, 1600, 25, 6400, 50257, 1024, 0, XF_FFN_GELU,
        "HF openai-community/gpt2-xl config.json"),
    /* GPT-3 175B: Brown et al. 2020 Table 2.1 (96 layers, d 12288, 96 heads of 128, context
     * 2048), GPT-2 BPE vocabulary. The paper alternates dense and banded sparse attention;
     * counted here as dense (upper bound). */
    GPT("gpt3-175b", 96, 12288, 96, 49152, 50257, 2048, 0, XF_FFN_GELU,
        "Brown et al. 2020 (arXiv 2005.14165) Table 2.1; dense attention assumed"),
    /* OPT: ReLU, 2048 + 2 position rows (offset 2), tied head (Zhang et al. 2022; HF configs). */
    GPT("opt-125m", 12, 768, 12, 3072, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-125m config.json"),
    /* OPT-350M: post-LN (do_layer_norm_before = false, no final norm), 512-wide token
     * embeddings with bias-free project_in/project_out, positions at d_model. */
    {.name = "opt-350m",
     .family = XF_FAMILY_DECODER,
     .layers = 24,
     .d_model = 1024,
     .heads = 16,
     .kv_heads = 16,
     .d_ff = 4096,
     .vocab = 50272,
     .ffn = XF_FFN_RELU,
     .norm = XF_NORM_LAYER,
     .pre_norm = 0,
     .bias = 1,
     .positions = 2050,
     .pos_offset = 2,
     .embed_dim = 512,
     .embed_proj_bias = 0,
     .embed_proj_out = 1,
     .pos_in_embed = 0,
     .final_norm = 0,
     .tied_head = 1,
     .scaled_scores = 1,
     .source = "HF facebook/opt-350m config.json (word_embed_proj_dim 512, "
               "do_layer_norm_before false)"},
    GPT("opt-1.3b", 24, 2048, 32, 8192, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-1.3b config.json"),
    GPT("opt-2.7b", 32, 2560, 32, 10240, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-2.7b config.json"),
    GPT("opt-6.7b", 32, 4096, 32, 16384, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-6.7b config.json"),
    GPT("opt-13b", 40, 5120, 40, 20480, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-13b config.json"),
    GPT("opt-30b", 48, 7168, 56, 28672, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-30b config.json"),
    GPT("opt-66b", 64, 9216, 72, 36864, 50272, 2050, 2, XF_FFN_RELU,
        "HF facebook/opt-66b config.json"),
    /* Llama-2 (Touvron et al. 2023; HF meta-llama configs): vocab 32000, RMSNorm, SwiGLU,
     * RoPE, untied head. 7B: 6,738,415,616 parameters. 70B: GQA with 8 KV heads. */
    LLAMA("llama2-7b", 32, 4096, 32, 32, 11008, "HF meta-llama/Llama-2-7b-hf config.json"),
    LLAMA("llama2-13b", 40, 5120, 40, 40, 13824, "HF meta-llama/Llama-2-13b-hf config.json"),
    LLAMA("llama2-70b", 80, 8192, 64, 8, 28672,
          "HF meta-llama/Llama-2-70b-hf config.json (num_key_value_heads 8)"),
    /* T5 1.0 (Raffel et al. 2020; HF google-t5 configs): d_kv 64 = d_model / heads. */
    T5("t5-small", 6, 512, 8, 2048, "HF google-t5/t5-small config.json @c9c2c8f"),
    T5("t5-base", 12, 768, 12, 3072, "HF google-t5/t5-base config.json @666f4ee"),
    /* Vision transformers (Dosovitskiy et al. 2021; Touvron et al. 2021), 224 px, patch 16. */
    VIT("vit-b16", 12, 768, 12, 3072, "HF google/vit-base-patch16-224 config.json"),
    VIT("vit-l16", 24, 1024, 16, 4096, "HF google/vit-large-patch16-224 config.json"),
    VIT("deit-s", 12, 384, 6, 1536, "HF facebook/deit-small-patch16-224 config.json"),
};

/* A few obvious alternative spellings (checkpoint names). */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"bert-base-uncased", "bert-base"},
    {"bert-large-uncased", "bert-large"},
    {"distilbert-base-uncased", "distilbert"},
    {"albert-base-v2", "albert-base"},
    {"gpt2-small", "gpt2"},
    {"gpt3", "gpt3-175b"},
    {"llama-2-7b", "llama2-7b"},
    {"llama-2-13b", "llama2-13b"},
    {"llama-2-70b", "llama2-70b"},
    {"vit-base", "vit-b16"},
    {"vit-large", "vit-l16"},
    {"deit-small", "deit-s"},
};

int xf_zoo_count(void)
{
    return (int)(sizeof zoo / sizeof zoo[0]);
}

const xf_model *xf_zoo_get(int i)
{
    return (i >= 0 && i < xf_zoo_count()) ? &zoo[i] : NULL;
}

const xf_model *xf_zoo_find(const char *name)
{
    for (int i = 0; i < xf_zoo_count(); i++)
        if (strcmp(zoo[i].name, name) == 0)
            return &zoo[i];
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strcmp(aliases[i].alias, name) == 0)
            return xf_zoo_find(aliases[i].name);
    return NULL;
}
