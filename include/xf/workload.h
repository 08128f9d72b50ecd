/* xf/workload.h - per-layer operation list of one transformer inference.
 *
 * xf_workload_build() turns (model, seq n, batch b, phase, precision) into layer groups of
 * operations. Identical layers are one group with a repeat count, so an evaluator walks a
 * handful of ops and multiplies; totals over everything are precomputed. Building touches no
 * file and allocates nothing: the result lives in the caller's xf_workload (a few tens of KB)
 * and is meant to be computed once per (model, n, b, phase) and reused across design points.
 *
 * Counting conventions (also printed by `xformer workload`):
 * - MACs: 1 multiply-accumulate. FLOPs = 2 x MACs for matrix products; bias additions are not
 *   counted (folded into the MVM output stage, as the flops-profiler/nanoGPT counts do).
 * - Non-linear and element-wise ops have 0 MACs and FLOPs = elements x a per-element cost
 *   (XF_FLOPS_* below).
 * - Shapes: an op multiplies an m x k matrix by a k x n matrix, `heads` times independently.
 *   m counts rows over the whole batch (b x query tokens), so MACs = heads x m x k x n for
 *   every matrix product; element-wise ops touch heads x m x n elements (k = 0).
 * - Attention matmuls QK^T and AV are counted in full (n x n even under a causal mask).
 * - Decode: one new token per sequence with t = context tokens already cached; it attends to
 *   t + 1 keys (the cache plus itself) and appends one K and one V row per layer.
 * - Decoders and encoder-decoders always include the LM head (on every token in prefill, as
 *   the reference tools count it; on the new token in decode). Encoders include no pooler or
 *   classifier unless params.head is set. Embedding lookups cost 0 MACs.
 * - Bytes: weight_bytes = parameters the op reads (a tied or shared weight is read by every
 *   op that uses it; xf_workload.weight_store_bytes counts each parameter once);
 *   act_in/act_out = input/output tensors at a_bits per element, rounded up to whole bytes.
 *   The K and V a dynamic op reads are counted in act_in (in decode: the whole KV cache).
 * - nvm_writes: NVM cell writes if the dynamic operand (K^T for QK^T, V for AV) were stored in
 *   crossbars: newly produced elements x ceil(a_bits / bits_per_cell).
 */
#ifndef XF_WORKLOAD_H
#define XF_WORKLOAD_H

#include "xf/err.h"
#include "xf/model.h"

#include <stdint.h>

/* Per-element FLOP costs of non-linear and element-wise ops. */
/* Softmax: max, subtract, exp, sum, divide (LLM-Viewer model_analyzer.py @472f71f). */
#define XF_FLOPS_SOFTMAX 5
/* LayerNorm: 5 per element, the flops-profiler/calflops convention (BERT-base: 491,520 FLOPs
 * = 5 x 128 x 768 per LayerNorm; cli99/flops-profiler README @32125d8). */
#define XF_FLOPS_LAYERNORM 5
/* RMSNorm: square, accumulate, scale, gain = 4 (derived: LayerNorm without the mean). */
#define XF_FLOPS_RMSNORM 4
/* GELU, ReLU, SiLU, tanh: 1 per element (calflops pytorch_ops.py convention). */
#define XF_FLOPS_ACT 1
/* Residual add, GLU product, score scaling, position-bias add, embedding sum: 1 per element. */
#define XF_FLOPS_ADD 1
/* Rotary embedding: x*cos + rot(x)*sin = 2 multiplies + 1 add per element of Q and K
 * (derived from the RoPE formula). */
#define XF_FLOPS_ROPE 3

/* Limits of the inputs. Counts are 64-bit and checked: a combination whose counts would not
 * fit in 64 bits (e.g. GPT-3 at b = 65,536 and n = 1,048,576) is rejected with an error. */
#define XF_WL_MAX_SEQ 1048576LL
#define XF_WL_MAX_BATCH 65536LL
#define XF_WL_MAX_BITS 32
#define XF_WL_MAX_BITS_PER_CELL 8

/* Generate is not a workload of its own: xf_evaluate runs it as a prefill of `seq` (the
 * prompt) and then `tokens` decode steps (xf/eval.h); a workload is built for each step. */
typedef enum { XF_PHASE_PREFILL, XF_PHASE_DECODE, XF_PHASE_GENERATE, XF_PHASE_COUNT } xf_phase;

typedef struct xf_wl_params {
    long long seq;     /* n: tokens of the (encoder) input. Decoder-only decode: unused (0).
                          Vision: 0 = the model's default (197 at 224 px). */
    long long dec_seq; /* encoder-decoder prefill: decoder tokens; 0 = same as seq */
    long long batch;   /* b, >= 1 */
    xf_phase phase;
    long long context; /* decode: t tokens already in the KV cache (>= 0) */
    long long tokens;  /* generate: tokens generated, one decode step each (>= 1); else 0 */
    int w_bits;        /* weight precision (default 8) */
    int a_bits;        /* activation / KV precision (default 8) */
    int bits_per_cell; /* NVM bits per cell for nvm_writes (default 2) */
    int head;          /* encoders/vision: add pooler and/or classifier */
} xf_wl_params;

/* b = 1, prefill, 8-bit weights and activations, 2 bits per cell, no head, seq 0. */
void xf_wl_params_default(xf_wl_params *p);
const char *xf_phase_name(xf_phase p); /* "prefill", "decode", "generate" */

typedef enum {
    XF_OP_STATIC_MVM,  /* weight x activation */
    XF_OP_DYNAMIC_MVM, /* both operands from the input: QK^T, AV */
    XF_OP_NONLINEAR,   /* softmax, GELU/ReLU/SiLU, LayerNorm/RMSNorm, tanh */
    XF_OP_ELEMENTWISE, /* residual adds, scaling, GLU product, embedding sums, RoPE */
    XF_OP_KIND_COUNT
} xf_op_kind;

const char *xf_op_kind_name(xf_op_kind k); /* "static_mvm", "dynamic_mvm", ... */

/* What an op computes, set once when the workload is built. Architectures map roles (and op
 * kinds, the role's class) onto engines, and engines and the schedule branch on roles and trait
 * flags, never on op names. A cross-attention op has the role of its self-attention twin and
 * XF_OPF_CROSS. Keep xf_op_role_name() and xf_op_role_kind() in step (src/workload/role.c). */
typedef enum {
    XF_ROLE_NONE, /* sums and totals */
    /* static MVMs */
    XF_ROLE_Q_PROJ,
    XF_ROLE_K_PROJ,
    XF_ROLE_V_PROJ,
    XF_ROLE_O_PROJ,
    XF_ROLE_FFN_UP,
    XF_ROLE_FFN_GATE,
    XF_ROLE_FFN_DOWN,
    XF_ROLE_EMBED_PROJ,  /* factorised embedding projection (ALBERT, OPT-350M) */
    XF_ROLE_PATCH_EMBED, /* ViT patch projection */
    XF_ROLE_PROJ_OUT,    /* projection back to the embedding width before the LM head */
    XF_ROLE_LM_HEAD,
    XF_ROLE_POOLER,
    XF_ROLE_CLASSIFIER,
    /* dynamic MVMs */
    XF_ROLE_QK, /* Q K^T */
    XF_ROLE_AV, /* A V */
    /* non-linear */
    XF_ROLE_SOFTMAX,
    XF_ROLE_NORM, /* LayerNorm or RMSNorm */
    XF_ROLE_GELU,
    XF_ROLE_RELU,
    XF_ROLE_SILU,
    XF_ROLE_TANH,
    /* element-wise */
    XF_ROLE_SCALE,    /* score scaling by 1/sqrt(d_head) */
    XF_ROLE_POS_BIAS, /* relative position bias added to the scores (T5) */
    XF_ROLE_RESIDUAL,
    XF_ROLE_GLU_MUL, /* gate x up product of a gated FFN */
    XF_ROLE_ROPE,
    XF_ROLE_EMBED,   /* embedding lookups and their sum */
    XF_ROLE_POS_ADD, /* position embedding added after a projection */
    XF_ROLE_COUNT
} xf_op_role;

/* "q_proj", "qk", "softmax", ... (the names architecture files map); "?" outside the enum. */
const char *xf_op_role_name(xf_op_role r);
/* The kind every op of this role has (XF_OP_KIND_COUNT for XF_ROLE_NONE). */
xf_op_kind xf_op_role_kind(xf_op_role r);
/* Role of a name, or XF_ROLE_NONE. */
xf_op_role xf_op_role_parse(const char *name);

/* Trait flags of an op. */
enum {
    /* Runs concurrently with the op before it, a static MVM reading the same input (K and V
     * beside Q: their weights sit in other tiles). */
    XF_OPF_CONCURRENT = 1u << 0,
    /* Its output is consumed by the op of role xf_op.feeds, which may run on another engine:
     * the schedule then moves it over the architecture's transfer engine. */
    XF_OPF_HANDOFF = 1u << 1,
    /* A dynamic MVM whose stationary operand (Q or K^T for QK^T, V for A.V) is written into an
     * array before the other operand streams through it. */
    XF_OPF_WRITES_OPERAND = 1u << 2,
    /* Part of a cross-attention block (encoder-decoder). */
    XF_OPF_CROSS = 1u << 3
};

typedef struct xf_op {
    const char *name; /* static string: "q_proj", "qk", "softmax", ... ("all" for totals) */
    xf_op_kind kind;
    xf_op_role role;
    xf_op_role feeds; /* with XF_OPF_HANDOFF: the role that consumes the output */
    unsigned flags;   /* XF_OPF_* */
    uint64_t m, k, n, heads;
    uint64_t macs, flops;
    uint64_t weight_bytes, act_in_bytes, act_out_bytes;
    uint64_t nvm_writes;
} xf_op;

#define XF_LAYER_MAX_OPS 40
/* Result rows an evaluation may need per op and per layer (xf/result.h): build-time sizing of
 * the result, so that an evaluation never runs out of rows. */
#define XF_OP_MAX_ROWS 6
#define XF_LAYER_EXTRA_ROWS 6
#define XF_LAYER_NAME_LEN 16
#define XF_WL_MAX_LAYERS 8

typedef struct xf_layer {
    char name[XF_LAYER_NAME_LEN]; /* "embed", "enc", "enc_final", "dec_embed", "dec", "final" */
    int stack;                    /* 1: a stack of transformer layers, labelled name.i */
    int repeat;                   /* identical instances of this layer */
    int n_ops;
    int result_rows; /* rows an evaluation of one instance may record: n_ops x XF_OP_MAX_ROWS
                        + XF_LAYER_EXTRA_ROWS */
    int first_dynamic, last_dynamic; /* indices of its first and last dynamic MVM (-1: none):
                                        the attention block the schedule pipelines */
    xf_op ops[XF_LAYER_MAX_OPS];
    xf_op sum;                /* sum over ops of ONE instance (name "layer") */
    uint64_t kv_cache_bytes;  /* per instance: K and V held after this step (decoder layers;
                                 encoder-decoder: self + cross) */
    uint64_t kv_append_bytes; /* per instance: K and V bytes written into the cache this step */
} xf_layer;

typedef struct xf_workload {
    xf_model model;
    xf_wl_params params;    /* as resolved: seq filled in for vision, dec_seq for enc-dec */
    xf_wl_params requested; /* as given to xf_workload_build */
    int built;              /* 1 after a successful build */
    int n_layers;
    xf_layer layers[XF_WL_MAX_LAYERS];
    xf_op total;                     /* all ops x repeats (name "all") */
    xf_op by_kind[XF_OP_KIND_COUNT]; /* totals per kind */
    uint64_t kv_cache_bytes;         /* all layers */
    uint64_t kv_append_bytes;        /* all layers */
    uint64_t weight_store_bytes;     /* parameters of the computed modules, each counted once */
    uint64_t param_count;            /* xf_model_params(model) */
    uint64_t tokens;                 /* query tokens processed per sequence in this pass */
} xf_workload;

/* Build the op list. Errors (XF_ERR_INPUT): parameters out of range, decode on an encoder,
 * dec_seq on a model without a decoder, head on a decoder, counts exceeding 64 bits. */
int xf_workload_build(const xf_model *m, const xf_wl_params *p, xf_workload *w, xf_err *err);

/* 1 when w holds the workload of model m with parameters p (built from equal inputs). */
int xf_workload_holds(const xf_workload *w, const xf_model *m, const xf_wl_params *p);

/* Label of instance i of layer group l: "embed", "enc.3", ... Returns buf. */
char *xf_layer_label(const xf_layer *l, int i, char *buf, unsigned n);

#endif
