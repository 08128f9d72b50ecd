/* xf/model.h - transformer model descriptions: the compiled-in zoo and user model files.
 *
 * A model is a handful of hyperparameters plus the structural switches that change what is
 * computed or stored (biases, norm kind and position, gated FFN, GQA, tied LM head, factorised
 * embeddings, shared layers, ...). The zoo (src/workload/zoo.c) holds published models, each
 * with its source; a user model is a libconfig file (see xf_model_load_file for the keys) or a
 * Hugging Face config.json given as hf:PATH (xf_model_from_hf, src/workload/hf.c).
 */
#ifndef XF_MODEL_H
#define XF_MODEL_H

#include "xf/cfg.h"
#include "xf/err.h"

#include <stdint.h>
#include <stdio.h>

#define XF_MODEL_NAME_LEN 64
#define XF_MODEL_SOURCE_LEN 256

/* Sane caps for user models (every zoo model is far below them). With these caps every
 * parameter count fits easily in 64 bits; operation counts are checked at build time. */
#define XF_MODEL_MAX_LAYERS 1024
#define XF_MODEL_MAX_D 131072
#define XF_MODEL_MAX_HEADS 4096
#define XF_MODEL_MAX_FF 1048576
#define XF_MODEL_MAX_VOCAB 16777216
#define XF_MODEL_MAX_POSITIONS 1048576
#define XF_MODEL_MAX_TOKEN_TYPES 1024
#define XF_MODEL_MAX_BUCKETS 4096
#define XF_MODEL_MAX_IMAGE 16384
#define XF_MODEL_MAX_CHANNELS 64
#define XF_MODEL_MAX_CLASSES 1048576

typedef enum {
    XF_FAMILY_ENCODER, /* BERT-like: whole sequence, no LM head */
    XF_FAMILY_DECODER, /* GPT-like: causal, prefill or decode with KV cache, LM head */
    XF_FAMILY_ENCDEC,  /* T5-like: encoder pass, decoder with self- and cross-attention */
    XF_FAMILY_VISION,  /* ViT-like encoder on image patches (+ CLS token) */
    XF_FAMILY_COUNT
} xf_family;

typedef enum {
    XF_FFN_GELU,   /* 2 matrices, GELU */
    XF_FFN_RELU,   /* 2 matrices, ReLU */
    XF_FFN_SILU,   /* 2 matrices, SiLU */
    XF_FFN_SWIGLU, /* 3 matrices (gate, up, down), SiLU on the gate, element-wise product */
    XF_FFN_GEGLU,  /* 3 matrices, GELU on the gate */
    XF_FFN_COUNT
} xf_ffn;

typedef enum {
    XF_NORM_LAYER, /* LayerNorm: gain and bias (2 d parameters) */
    XF_NORM_RMS,   /* RMSNorm / T5 LayerNorm: gain only (d parameters) */
    XF_NORM_COUNT
} xf_norm;

typedef struct xf_model {
    char name[XF_MODEL_NAME_LEN];
    xf_family family;
    int layers; /* encoder layers (encoder, vision, encoder-decoder); decoder layers (decoder) */
    int dec_layers; /* decoder layers of an encoder-decoder model, else 0 */
    int d_model;
    int heads;
    int kv_heads; /* K/V heads (GQA); = heads for multi-head attention */
    int d_ff;     /* FFN width (each of the 2 or 3 matrices is d_model x d_ff) */
    int vocab;    /* 0 for vision models */
    xf_ffn ffn;
    xf_norm norm;
    int pre_norm;    /* 1: norm before each sub-layer (GPT-2, Llama, T5, ViT); 0: after (BERT) */
    int bias;        /* linear layers have biases */
    int positions;   /* rows of a learned absolute position table; 0 = none (RoPE, relative) */
    int max_context; /* tokens the model attends over, when no position table bounds it (RoPE
                        models: max_position_embeddings); 0 = none stated. xf_model_context() */
    int pos_offset;  /* rows of that table not usable as positions (RoBERTa, OPT: 2) */
    int token_types; /* rows of a token-type table (BERT 2, RoBERTa 1); 0 = none */
    int embed_dim;   /* factorised embedding width (ALBERT 128, OPT-350M 512); 0 = d_model */
    int embed_proj_bias; /* the embedding projection(s) have a bias */
    int embed_proj_out;  /* project back to embed_dim before the LM head (OPT-350M) */
    int pos_in_embed;    /* positions live in embed_dim (ALBERT); 0: in d_model (OPT-350M) */
    int embed_norm;      /* a norm right after the embedding sum (BERT) */
    int final_norm;      /* a norm after the last layer of each stack (pre-norm models) */
    int pooler;          /* d x d pooler on the CLS token (BERT): in params, computed with head */
    int tied_head;       /* LM head shares the token embedding (counted once in params) */
    int shared_layers;   /* all layers of a stack share one set of weights (ALBERT) */
    int rel_buckets;     /* relative position bias buckets (T5 32); 0 = none */
    int rotary;          /* rotary position embedding applied to Q and K (Llama) */
    int scaled_scores;   /* scores scaled by 1/sqrt(d_head) (all but T5, which folds it) */
    int image_size;      /* vision: input side in pixels (224) */
    int patch_size;      /* vision: patch side in pixels (16) */
    int channels;        /* vision: input channels (3) */
    int classes;         /* vision: classifier outputs (1000); in params, computed with head */
    char source[XF_MODEL_SOURCE_LEN];
} xf_model;

/* Names for messages and listings: "encoder", "decoder", "encoder-decoder", "vision"; "gelu",
 * "relu", "silu", "swiglu", "geglu"; "layernorm", "rmsnorm". */
const char *xf_family_name(xf_family f);
const char *xf_ffn_name(xf_ffn f);
const char *xf_norm_name(xf_norm n);

/* The model's context window in tokens: max_context, else its usable learned positions
 * (positions - pos_offset); 0 when neither states one (relative positions: T5). */
int xf_model_context(const xf_model *m);

/* Number of FFN weight matrices (2, or 3 for gated FFNs). */
int xf_model_ffn_matrices(const xf_model *m);
/* d_head = d_model / heads. */
int xf_model_d_head(const xf_model *m);
/* Default token count for a model (vision: (image/patch)^2 + 1 = 197 at 224 px / 16), else 0. */
long long xf_model_default_seq(const xf_model *m);

/* Parameter count from the hyperparameters: embeddings, positions, token types, norms, biases,
 * pooler (BERT-like), classifier (vision), LM head (counted once when tied), shared layers
 * counted once. BERT-base 109,482,240; Llama-2-7B 6,738,415,616. */
uint64_t xf_model_params(const xf_model *m);
/* KV-cache bytes per token at `bits` per element: 2 * layers * kv_heads * d_head * bits / 8
 * (decoder self-attention; encoder-decoder: the decoder's). GPT-2 at 16 bits: 36,864 B. */
uint64_t xf_model_kv_bytes_per_token(const xf_model *m, int bits);

/* Consistency and range checks on a filled model (used for user models and zoo tests). */
int xf_model_check(const xf_model *m, xf_err *err);

/* ------------------------------------------------------------------------------ the zoo */

int xf_zoo_count(void);
/* i in [0, xf_zoo_count()); NULL outside. */
const xf_model *xf_zoo_get(int i);
/* Exact zoo name or a known alias ("bert-base-uncased", "gpt2-small", ...); NULL otherwise. */
const xf_model *xf_zoo_find(const char *name);

/* ------------------------------------------------------------------------ user models */

/* A user model file. Keys (libconfig, strict: unknown keys, wrong types and out-of-range
 * values are FILE:LINE errors with "did you mean"):
 *   name = "my-bert";          optional, default: the file name without directory and .cfg
 *   family = "encoder";        encoder | decoder | encoder-decoder | vision
 *   layers = 12;               encoder layers (decoder layers for a decoder)
 *   decoder_layers = 12;       encoder-decoder only (required there)
 *   d_model = 768; heads = 12; d_model % heads == 0
 *   kv_heads = 12;             optional, default heads; heads % kv_heads == 0
 *   d_ff = 3072;
 *   vocab = 30522;             required except for vision
 *   ffn = "gelu";              gelu | relu | silu | swiglu | geglu
 *   norm = "layernorm";        layernorm | rmsnorm
 *   pre_norm = false;          true: norm before each sub-layer (and a final norm)
 *   bias = true;               linear layers have biases
 *   positions = 512;           learned position rows; 0 = none (rotary/relative)
 *   optional: position_offset (0: position rows not usable as positions, RoBERTa/OPT 2),
 *   token_types (0), embed_dim (d_model; encoders project ALBERT-style, decoders
 *   OPT-style), embed_norm (false), final_norm (= pre_norm), pooler (false, encoders),
 *   tied_lm_head (true, decoders), shared_layers (false), relative_buckets (0),
 *   rotary (false), scaled_scores (true), source ("user model file").
 *   vision: image_size, patch_size (required), channels (3), classes (1000).
 */
int xf_model_load_file(const char *path, xf_model *out, xf_err *err);
/* The same from an already loaded configuration (after overrides); `name` is used when the
 * file has no name key. */
int xf_model_from_cfg(const xf_cfg *cfg, const char *name, xf_model *out, xf_err *err);
/* Write m as a user-model file with every key explicit (xformer models show NAME --format
 * cfg): reading it back gives m again. Returns 0, or -1 when out failed. */
int xf_model_write_cfg(FILE *out, const xf_model *m);
/* A Hugging Face transformers config.json (model_type bert, roberta, distilbert, albert, gpt2,
 * opt, llama, t5 or vit; "architectures" when model_type is absent): the shape keys of that
 * family, the structural switches the zoo sets for it, name = _name_or_path or the folder
 * name, source "Hugging Face config.json: PATH". Errors (XF_ERR_INPUT) name the file, the key
 * and the expected form: malformed JSON (line:column), not an object, an unsupported or missing
 * model_type, a missing key, a wrong type, a fraction, a value out of range, a directory, FIFO
 * or missing path, an empty file or one over 1 MiB. */
int xf_model_from_hf(const char *path, xf_model *out, xf_err *err);
/* NAME (zoo), hf:PATH (xf_model_from_hf) or FILE: an argument containing '/' or ending in
 * ".cfg" is a path. An unknown name is an XF_ERR_INPUT error with a did-you-mean suggestion. */
int xf_model_resolve(const char *name_or_path, xf_model *out, xf_err *err);

#endif
