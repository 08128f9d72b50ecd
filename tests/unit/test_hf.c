/* Hugging Face config.json import (xf_model_from_hf, --model hf:PATH): each published config,
 * written here with the values of its Hugging Face repository (cited above it, as in the
 * workload reference), must give the zoo's model field by field, the same parameter count and
 * the same operation counts; every error class names the file, the key and the expectation.
 * Files are written in a temporary folder per case and removed at its end. */
#include "xf_test.h"

#include "xf/workload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* HF google-bert/bert-base-uncased config.json (workloads.md [C4]) */
static const char BERT_BASE[] = "{\n"
                                "  \"architectures\": [\"BertForMaskedLM\"],\n"
                                "  \"attention_probs_dropout_prob\": 0.1,\n"
                                "  \"gradient_checkpointing\": false,\n"
                                "  \"hidden_act\": \"gelu\",\n"
                                "  \"hidden_dropout_prob\": 0.1,\n"
                                "  \"hidden_size\": 768,\n"
                                "  \"initializer_range\": 0.02,\n"
                                "  \"intermediate_size\": 3072,\n"
                                "  \"layer_norm_eps\": 1e-12,\n"
                                "  \"max_position_embeddings\": 512,\n"
                                "  \"model_type\": \"bert\",\n"
                                "  \"num_attention_heads\": 12,\n"
                                "  \"num_hidden_layers\": 12,\n"
                                "  \"pad_token_id\": 0,\n"
                                "  \"position_embedding_type\": \"absolute\",\n"
                                "  \"transformers_version\": \"4.6.0.dev0\",\n"
                                "  \"type_vocab_size\": 2,\n"
                                "  \"use_cache\": true,\n"
                                "  \"vocab_size\": 30522\n"
                                "}\n";

/* HF FacebookAI/roberta-base config.json (workloads.md [C7]) */
static const char ROBERTA_BASE[] = "{\n"
                                   "  \"architectures\": [\"RobertaForMaskedLM\"],\n"
                                   "  \"attention_probs_dropout_prob\": 0.1,\n"
                                   "  \"bos_token_id\": 0,\n"
                                   "  \"eos_token_id\": 2,\n"
                                   "  \"hidden_act\": \"gelu\",\n"
                                   "  \"hidden_dropout_prob\": 0.1,\n"
                                   "  \"hidden_size\": 768,\n"
                                   "  \"initializer_range\": 0.02,\n"
                                   "  \"intermediate_size\": 3072,\n"
                                   "  \"layer_norm_eps\": 1e-05,\n"
                                   "  \"max_position_embeddings\": 514,\n"
                                   "  \"model_type\": \"roberta\",\n"
                                   "  \"num_attention_heads\": 12,\n"
                                   "  \"num_hidden_layers\": 12,\n"
                                   "  \"pad_token_id\": 1,\n"
                                   "  \"type_vocab_size\": 1,\n"
                                   "  \"vocab_size\": 50265\n"
                                   "}\n";

/* HF distilbert/distilbert-base-uncased config.json (copy: workloads.md [C6] uncased) */
static const char DISTILBERT[] = "{\n"
                                 "  \"activation\": \"gelu\",\n"
                                 "  \"architectures\": [\"DistilBertForMaskedLM\"],\n"
                                 "  \"attention_dropout\": 0.1,\n"
                                 "  \"dim\": 768,\n"
                                 "  \"dropout\": 0.1,\n"
                                 "  \"hidden_dim\": 3072,\n"
                                 "  \"initializer_range\": 0.02,\n"
                                 "  \"max_position_embeddings\": 512,\n"
                                 "  \"model_type\": \"distilbert\",\n"
                                 "  \"n_heads\": 12,\n"
                                 "  \"n_layers\": 6,\n"
                                 "  \"pad_token_id\": 0,\n"
                                 "  \"qa_dropout\": 0.1,\n"
                                 "  \"seq_classif_dropout\": 0.2,\n"
                                 "  \"sinusoidal_pos_embds\": false,\n"
                                 "  \"tie_weights_\": true,\n"
                                 "  \"vocab_size\": 30522\n"
                                 "}\n";

/* HF albert/albert-base-v2 config.json @216e2f2 (workloads.md [C9]) */
static const char ALBERT_BASE[] = "{\n"
                                  "  \"architectures\": [\"AlbertForMaskedLM\"],\n"
                                  "  \"attention_probs_dropout_prob\": 0,\n"
                                  "  \"bos_token_id\": 2,\n"
                                  "  \"classifier_dropout_prob\": 0.1,\n"
                                  "  \"down_scale_factor\": 1,\n"
                                  "  \"embedding_size\": 128,\n"
                                  "  \"eos_token_id\": 3,\n"
                                  "  \"gap_size\": 0,\n"
                                  "  \"hidden_act\": \"gelu_new\",\n"
                                  "  \"hidden_dropout_prob\": 0,\n"
                                  "  \"hidden_size\": 768,\n"
                                  "  \"initializer_range\": 0.02,\n"
                                  "  \"inner_group_num\": 1,\n"
                                  "  \"intermediate_size\": 3072,\n"
                                  "  \"layer_norm_eps\": 1e-12,\n"
                                  "  \"max_position_embeddings\": 512,\n"
                                  "  \"model_type\": \"albert\",\n"
                                  "  \"net_structure_type\": 0,\n"
                                  "  \"num_attention_heads\": 12,\n"
                                  "  \"num_hidden_groups\": 1,\n"
                                  "  \"num_hidden_layers\": 12,\n"
                                  "  \"num_memory_blocks\": 0,\n"
                                  "  \"pad_token_id\": 0,\n"
                                  "  \"position_embedding_type\": \"absolute\",\n"
                                  "  \"type_vocab_size\": 2,\n"
                                  "  \"vocab_size\": 30000\n"
                                  "}\n";

/* HF openai-community/gpt2 config.json (no n_inner: 4 x n_embd) */
static const char GPT2[] = "{\n"
                           "  \"activation_function\": \"gelu_new\",\n"
                           "  \"architectures\": [\"GPT2LMHeadModel\"],\n"
                           "  \"attn_pdrop\": 0.1,\n"
                           "  \"bos_token_id\": 50256,\n"
                           "  \"embd_pdrop\": 0.1,\n"
                           "  \"eos_token_id\": 50256,\n"
                           "  \"initializer_range\": 0.02,\n"
                           "  \"layer_norm_epsilon\": 1e-05,\n"
                           "  \"model_type\": \"gpt2\",\n"
                           "  \"n_ctx\": 1024,\n"
                           "  \"n_embd\": 768,\n"
                           "  \"n_head\": 12,\n"
                           "  \"n_layer\": 12,\n"
                           "  \"n_positions\": 1024,\n"
                           "  \"resid_pdrop\": 0.1,\n"
                           "  \"summary_activation\": null,\n"
                           "  \"summary_first_dropout\": 0.1,\n"
                           "  \"summary_proj_to_labels\": true,\n"
                           "  \"summary_type\": \"cls_index\",\n"
                           "  \"summary_use_proj\": true,\n"
                           "  \"task_specific_params\": {\"text-generation\": {\"do_sample\": "
                           "true, \"max_length\": 50}},\n"
                           "  \"vocab_size\": 50257\n"
                           "}\n";

/* HF facebook/opt-125m config.json (workloads.md [C14]) */
static const char OPT_125M[] = "{\n"
                               "  \"_name_or_path\": \"facebook/opt-125m\",\n"
                               "  \"activation_dropout\": 0.0,\n"
                               "  \"activation_function\": \"relu\",\n"
                               "  \"architectures\": [\"OPTForCausalLM\"],\n"
                               "  \"attention_dropout\": 0.0,\n"
                               "  \"bos_token_id\": 2,\n"
                               "  \"do_layer_norm_before\": true,\n"
                               "  \"dropout\": 0.1,\n"
                               "  \"eos_token_id\": 2,\n"
                               "  \"ffn_dim\": 3072,\n"
                               "  \"hidden_size\": 768,\n"
                               "  \"init_std\": 0.02,\n"
                               "  \"layerdrop\": 0.0,\n"
                               "  \"max_position_embeddings\": 2048,\n"
                               "  \"model_type\": \"opt\",\n"
                               "  \"num_attention_heads\": 12,\n"
                               "  \"num_hidden_layers\": 12,\n"
                               "  \"pad_token_id\": 1,\n"
                               "  \"prefix\": \"</s>\",\n"
                               "  \"torch_dtype\": \"float16\",\n"
                               "  \"transformers_version\": \"4.21.0.dev0\",\n"
                               "  \"use_cache\": true,\n"
                               "  \"vocab_size\": 50272,\n"
                               "  \"word_embed_proj_dim\": 768\n"
                               "}\n";

/* HF facebook/opt-350m config.json (workloads.md [C15]) */
static const char OPT_350M[] = "{\n"
                               "  \"_name_or_path\": \"facebook/opt-350m\",\n"
                               "  \"activation_dropout\": 0.0,\n"
                               "  \"activation_function\": \"relu\",\n"
                               "  \"architectures\": [\"OPTForCausalLM\"],\n"
                               "  \"attention_dropout\": 0.0,\n"
                               "  \"bos_token_id\": 2,\n"
                               "  \"do_layer_norm_before\": false,\n"
                               "  \"dropout\": 0.1,\n"
                               "  \"eos_token_id\": 2,\n"
                               "  \"ffn_dim\": 4096,\n"
                               "  \"hidden_size\": 1024,\n"
                               "  \"init_std\": 0.02,\n"
                               "  \"layerdrop\": 0.0,\n"
                               "  \"max_position_embeddings\": 2048,\n"
                               "  \"model_type\": \"opt\",\n"
                               "  \"num_attention_heads\": 16,\n"
                               "  \"num_hidden_layers\": 24,\n"
                               "  \"pad_token_id\": 1,\n"
                               "  \"prefix\": \"</s>\",\n"
                               "  \"torch_dtype\": \"float16\",\n"
                               "  \"transformers_version\": \"4.20.0.dev0\",\n"
                               "  \"use_cache\": true,\n"
                               "  \"vocab_size\": 50272,\n"
                               "  \"word_embed_proj_dim\": 512\n"
                               "}\n";

/* HF meta-llama/Llama-2-7b-hf config.json (workloads.md [C22]) */
static const char LLAMA2_7B[] = "{\n"
                                "  \"_name_or_path\": \"meta-llama/Llama-2-7b-hf\",\n"
                                "  \"architectures\": [\"LlamaForCausalLM\"],\n"
                                "  \"bos_token_id\": 1,\n"
                                "  \"eos_token_id\": 2,\n"
                                "  \"hidden_act\": \"silu\",\n"
                                "  \"hidden_size\": 4096,\n"
                                "  \"initializer_range\": 0.02,\n"
                                "  \"intermediate_size\": 11008,\n"
                                "  \"max_position_embeddings\": 4096,\n"
                                "  \"model_type\": \"llama\",\n"
                                "  \"num_attention_heads\": 32,\n"
                                "  \"num_hidden_layers\": 32,\n"
                                "  \"num_key_value_heads\": 32,\n"
                                "  \"pretraining_tp\": 1,\n"
                                "  \"rms_norm_eps\": 1e-05,\n"
                                "  \"rope_scaling\": null,\n"
                                "  \"tie_word_embeddings\": false,\n"
                                "  \"torch_dtype\": \"float16\",\n"
                                "  \"transformers_version\": \"4.31.0.dev0\",\n"
                                "  \"use_cache\": true,\n"
                                "  \"vocab_size\": 32000\n"
                                "}\n";

/* HF meta-llama/Llama-2-70b-hf config.json (workloads.md [C24]: num_key_value_heads 8) */
static const char LLAMA2_70B[] = "{\n"
                                 "  \"_name_or_path\": \"meta-llama/Llama-2-70b-hf\",\n"
                                 "  \"architectures\": [\"LlamaForCausalLM\"],\n"
                                 "  \"bos_token_id\": 1,\n"
                                 "  \"eos_token_id\": 2,\n"
                                 "  \"hidden_act\": \"silu\",\n"
                                 "  \"hidden_size\": 8192,\n"
                                 "  \"initializer_range\": 0.02,\n"
                                 "  \"intermediate_size\": 28672,\n"
                                 "  \"max_position_embeddings\": 4096,\n"
                                 "  \"model_type\": \"llama\",\n"
                                 "  \"num_attention_heads\": 64,\n"
                                 "  \"num_hidden_layers\": 80,\n"
                                 "  \"num_key_value_heads\": 8,\n"
                                 "  \"pretraining_tp\": 1,\n"
                                 "  \"rms_norm_eps\": 1e-05,\n"
                                 "  \"rope_scaling\": null,\n"
                                 "  \"tie_word_embeddings\": false,\n"
                                 "  \"torch_dtype\": \"float16\",\n"
                                 "  \"transformers_version\": \"4.32.0.dev0\",\n"
                                 "  \"use_cache\": true,\n"
                                 "  \"vocab_size\": 32000\n"
                                 "}\n";

/* HF google-t5/t5-base config.json @666f4ee (workloads.md [C26]; task_specific_params left out) */
static const char T5_BASE[] = "{\n"
                              "  \"architectures\": [\"T5WithLMHeadModel\"],\n"
                              "  \"d_ff\": 3072,\n"
                              "  \"d_kv\": 64,\n"
                              "  \"d_model\": 768,\n"
                              "  \"decoder_start_token_id\": 0,\n"
                              "  \"dropout_rate\": 0.1,\n"
                              "  \"eos_token_id\": 1,\n"
                              "  \"initializer_factor\": 1.0,\n"
                              "  \"is_encoder_decoder\": true,\n"
                              "  \"layer_norm_epsilon\": 1e-06,\n"
                              "  \"model_type\": \"t5\",\n"
                              "  \"n_positions\": 512,\n"
                              "  \"num_heads\": 12,\n"
                              "  \"num_layers\": 12,\n"
                              "  \"output_past\": true,\n"
                              "  \"pad_token_id\": 0,\n"
                              "  \"relative_attention_num_buckets\": 32,\n"
                              "  \"vocab_size\": 32128\n"
                              "}\n";

/* HF google/vit-base-patch16-224 config.json (workloads.md [C27]); id2label/label2id list the
 * 1000 ImageNet-1k classes (only their number is read; vit_config writes placeholder names). */
static const char VIT_HEAD[] = "{\n"
                               "  \"_name_or_path\": \"google/vit-base-patch16-224\",\n"
                               "  \"architectures\": [\"ViTForImageClassification\"],\n"
                               "  \"attention_probs_dropout_prob\": 0.0,\n"
                               "  \"hidden_act\": \"gelu\",\n"
                               "  \"hidden_dropout_prob\": 0.0,\n"
                               "  \"hidden_size\": 768,\n"
                               "  \"image_size\": 224,\n"
                               "  \"initializer_range\": 0.02,\n"
                               "  \"intermediate_size\": 3072,\n"
                               "  \"layer_norm_eps\": 1e-12,\n"
                               "  \"model_type\": \"vit\",\n"
                               "  \"num_attention_heads\": 12,\n"
                               "  \"num_channels\": 3,\n"
                               "  \"num_hidden_layers\": 12,\n"
                               "  \"patch_size\": 16,\n"
                               "  \"qkv_bias\": true,\n"
                               "  \"transformers_version\": \"4.13.0.dev0\",\n";

/* The ViT config with `labels` entries in id2label and label2id (heap string, free() it). */
static char *vit_config(int labels)
{
    size_t cap = sizeof VIT_HEAD + (size_t)labels * 64 + 64;
    char *s = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    size_t off = (size_t)snprintf(s, cap, "%s  \"id2label\": {", VIT_HEAD);
    for (int i = 0; i < labels; i++)
        off += (size_t)snprintf(s + off, cap - off, "%s\"%d\": \"class %d\"", i ? ", " : "", i, i);
    off += (size_t)snprintf(s + off, cap - off, "},\n  \"label2id\": {");
    for (int i = 0; i < labels; i++)
        off += (size_t)snprintf(s + off, cap - off, "%s\"class %d\": %d", i ? ", " : "", i, i);
    snprintf(s + off, cap - off, "}\n}\n");
    return s;
}

/* ------------------------------------------------------------------- helpers */

typedef struct {
    char dir[128];
    char path[512];
} tmp_file;

/* Write text (len bytes) to DIR/name in a fresh temporary folder. */
static const char *write_file(tmp_file *t, const char *name, const char *text, size_t len)
{
    t->dir[0] = '\0';
    xf_test_tmp_path(t->dir, sizeof t->dir, "hf", name, t->path, sizeof t->path);
    FILE *f = fopen(t->path, "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    CU_ASSERT_EQUAL(fwrite(text, 1, len, f), len);
    CU_ASSERT_EQUAL(fclose(f), 0);
    return t->path;
}

/* Load text as DIR/config.json: the status, the model in *m, the message in *err. */
static int load_text(const char *text, size_t len, xf_model *m, xf_err *err)
{
    tmp_file t;
    write_file(&t, "config.json", text, len);
    xf_err_clear(err);
    int rc = xf_model_from_hf(t.path, m, err);
    xf_test_tmp_cleanup(t.dir);
    return rc;
}

static void load_ok(const char *text, xf_model *m)
{
    xf_err err = {0};
    int rc = load_text(text, strlen(text), m, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  hf: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
}

/* Every field but name and source. */
static void same_model(const xf_model *a, const xf_model *b)
{
#define SAME(f)                                                                                    \
    do {                                                                                           \
        if (a->f != b->f)                                                                          \
            fprintf(stderr, "\n  %s: %s %d, zoo %d\n", b->name, #f, (int)a->f, (int)b->f);         \
        CU_ASSERT_EQUAL(a->f, b->f);                                                               \
    } while (0)
    SAME(family);
    SAME(layers);
    SAME(dec_layers);
    SAME(d_model);
    SAME(heads);
    SAME(kv_heads);
    SAME(d_ff);
    SAME(vocab);
    SAME(ffn);
    SAME(norm);
    SAME(pre_norm);
    SAME(bias);
    SAME(positions);
    SAME(max_context);
    SAME(pos_offset);
    SAME(token_types);
    SAME(embed_dim);
    SAME(embed_proj_bias);
    SAME(embed_proj_out);
    SAME(pos_in_embed);
    SAME(embed_norm);
    SAME(final_norm);
    SAME(pooler);
    SAME(tied_head);
    SAME(shared_layers);
    SAME(rel_buckets);
    SAME(rotary);
    SAME(scaled_scores);
    SAME(image_size);
    SAME(patch_size);
    SAME(channels);
    SAME(classes);
#undef SAME
}

/* Prefill workload at 128 tokens (vision: the model's 197). */
static xf_workload *build(const xf_model *m)
{
    xf_workload *w = malloc(sizeof *w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = m->family == XF_FAMILY_VISION ? 0 : 128;
    xf_err err = {0};
    int rc = xf_workload_build(m, &p, w, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  build %s: %s\n", m->name, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    return w;
}

/* The config gives exactly the zoo model `zoo_name`: fields, parameters, MACs and FLOPs (in
 * total and per op kind), stored weights and KV cache. Returns the parameter count. */
static uint64_t check_same(const char *text, const char *zoo_name, const char *want_name)
{
    const xf_model *z = xf_zoo_find(zoo_name);
    CU_ASSERT_PTR_NOT_NULL_FATAL(z);
    xf_model m;
    load_ok(text, &m);
    same_model(&m, z);
    if (want_name)
        CU_ASSERT_STRING_EQUAL(m.name, want_name);
    CU_ASSERT_PTR_NOT_NULL(strstr(m.source, "Hugging Face config.json: "));
    CU_ASSERT_PTR_NOT_NULL(strstr(m.source, "config.json"));
    uint64_t params = xf_model_params(&m);
    CU_ASSERT_EQUAL(params, xf_model_params(z));
    xf_workload *a = build(&m), *b = build(z);
    CU_ASSERT_EQUAL(a->total.macs, b->total.macs);
    CU_ASSERT_EQUAL(a->total.flops, b->total.flops);
    for (int k = 0; k < XF_OP_KIND_COUNT; k++) {
        CU_ASSERT_EQUAL(a->by_kind[k].macs, b->by_kind[k].macs);
        CU_ASSERT_EQUAL(a->by_kind[k].flops, b->by_kind[k].flops);
    }
    CU_ASSERT_EQUAL(a->weight_store_bytes, b->weight_store_bytes);
    CU_ASSERT_EQUAL(a->kv_cache_bytes, b->kv_cache_bytes);
    CU_ASSERT_EQUAL(a->param_count, b->param_count);
    CU_ASSERT(a->total.macs > 0);
    free(a);
    free(b);
    return params;
}

/* --------------------------------------------------------------- published configs */

static void test_bert_base(void)
{
    /* 109,482,240: BertModel with pooler (cli99/flops-profiler README, workloads.md [T1]) */
    CU_ASSERT_EQUAL(check_same(BERT_BASE, "bert-base", NULL), 109482240u);
    xf_model m;
    load_ok(BERT_BASE, &m); /* no _name_or_path: the folder's name */
    CU_ASSERT_PTR_NOT_NULL(strstr(m.name, "xf-test-hf-"));
}

static void test_roberta_distilbert_albert(void)
{
    check_same(ROBERTA_BASE, "roberta-base", NULL);
    check_same(DISTILBERT, "distilbert", NULL);
    check_same(ALBERT_BASE, "albert-base", NULL);
}

static void test_gpt2(void)
{
    check_same(GPT2, "gpt2", NULL);
    /* n_inner null is the same as absent: 4 x n_embd */
    char buf[sizeof GPT2 + 32];
    const char *at = strstr(GPT2, "\"n_layer\"");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    snprintf(buf, sizeof buf, "%.*s\"n_inner\": null,\n  %s", (int)(at - GPT2), GPT2, at);
    check_same(buf, "gpt2", NULL);
}

static void test_opt(void)
{
    check_same(OPT_125M, "opt-125m", "facebook/opt-125m");
    check_same(OPT_350M, "opt-350m", "facebook/opt-350m");
}

static void test_llama2_7b(void)
{
    /* 6,738,415,616 (workloads.md [T3]) */
    CU_ASSERT_EQUAL(check_same(LLAMA2_7B, "llama-2-7b", "meta-llama/Llama-2-7b-hf"), 6738415616u);
    /* num_key_value_heads absent: multi-head attention, the same model */
    char buf[sizeof LLAMA2_7B];
    const char *at = strstr(LLAMA2_7B, "  \"num_key_value_heads\": 32,\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    snprintf(buf, sizeof buf, "%.*s%s", (int)(at - LLAMA2_7B), LLAMA2_7B,
             at + strlen("  \"num_key_value_heads\": 32,\n"));
    check_same(buf, "llama-2-7b", NULL);
}

static void test_llama2_70b_gqa(void)
{
    /* 68,976,648,192 (workloads.md §1b, derived): K and V projections 8192 x 1024 */
    CU_ASSERT_EQUAL(check_same(LLAMA2_70B, "llama-2-70b", "meta-llama/Llama-2-70b-hf"),
                    68976648192u);
    xf_model m;
    load_ok(LLAMA2_70B, &m);
    CU_ASSERT_EQUAL(m.kv_heads, 8);
    /* fp16 KV cache per token: 327,680 B (workloads.md §4b) */
    CU_ASSERT_EQUAL(xf_model_kv_bytes_per_token(&m, 16), 327680u);
}

static void test_t5_base(void)
{
    check_same(T5_BASE, "t5-base", NULL);
}

static void test_vit_b16(void)
{
    char *s = vit_config(1000);
    check_same(s, "vit-b16", "google/vit-base-patch16-224");
    xf_model m;
    load_ok(s, &m);
    CU_ASSERT_EQUAL(xf_model_default_seq(&m), 197);
    free(s);
}

/* model_type absent: the family from "architectures". */
static void test_architectures_fallback(void)
{
    char buf[sizeof BERT_BASE];
    const char *at = strstr(BERT_BASE, "  \"model_type\": \"bert\",\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    snprintf(buf, sizeof buf, "%.*s%s", (int)(at - BERT_BASE), BERT_BASE,
             at + strlen("  \"model_type\": \"bert\",\n"));
    check_same(buf, "bert-base", NULL);
}

/* Through xf_model_resolve: the hf: prefix, with and without a folder in the path. */
static void test_resolve_prefix(void)
{
    tmp_file t;
    write_file(&t, "config.json", GPT2, strlen(GPT2));
    char arg[600];
    snprintf(arg, sizeof arg, "hf:%s", t.path);
    xf_model m;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_model_resolve(arg, &m, &err), XF_OK);
    CU_ASSERT_EQUAL(m.d_ff, 3072);
    CU_ASSERT_EQUAL(xf_model_resolve("hf:", &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "hf: needs a path"));
    char cwd[512];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    CU_ASSERT_EQUAL_FATAL(chdir(t.dir), 0);
    xf_err_clear(&err);
    int rc = xf_model_resolve("hf:config.json", &m, &err);
    CU_ASSERT_EQUAL(chdir(cwd), 0);
    CU_ASSERT_EQUAL(rc, XF_OK);
    CU_ASSERT_STRING_EQUAL(m.name, "config"); /* a bare file name: its stem */
    xf_test_tmp_cleanup(t.dir);
}

/* --------------------------------------------------------------- errors */

/* Load text and expect XF_ERR_INPUT with every fragment (NULL-terminated) in the message. */
static void expect_error(const char *text, size_t len, const char *const *frags)
{
    xf_model m;
    memset(&m, 0x5a, sizeof m);
    xf_model before = m;
    xf_err err = {0};
    CU_ASSERT_EQUAL(load_text(text, len, &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "config.json"));
    for (int i = 0; frags[i]; i++) {
        if (!strstr(err.msg, frags[i]))
            fprintf(stderr, "\n  '%s' lacks '%s'\n", err.msg, frags[i]);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frags[i]));
    }
    CU_ASSERT_EQUAL(memcmp(&m, &before, sizeof m), 0); /* *out untouched */
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n'));
}

#define EXPECT(text, ...) expect_error(text, strlen(text), (const char *const[]){__VA_ARGS__, NULL})

/* BERT-base with `key`'s line replaced by `line` (or removed when line is ""). */
static char *bert_with(const char *key, const char *line)
{
    char pat[64];
    snprintf(pat, sizeof pat, "  \"%s\":", key);
    const char *at = strstr(BERT_BASE, pat);
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    const char *eol = strchr(at, '\n') + 1;
    size_t n = sizeof BERT_BASE + strlen(line) + 2;
    char *s = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    snprintf(s, n, "%.*s%s%s", (int)(at - BERT_BASE), BERT_BASE, line, eol);
    return s;
}

static void test_err_json(void)
{
    EXPECT("{\n  \"model_type\": \"bert\",\n  \"hidden_size\": 768,,\n}\n", ":3:", "malformed JSON",
           "expected a JSON object");
    EXPECT("{\"model_type\": \"bert\"", "malformed JSON");
    EXPECT("[{\"model_type\": \"bert\"}]", "the top level is an array", "expected a JSON object");
    EXPECT("42", "the top level is a number");
    EXPECT("", "is empty", "expected a JSON object");
    EXPECT(" \n\t\n", "is empty");
    EXPECT("{\"model_type\": \"bert\"} trailing", "malformed JSON");
    expect_error("{\"a\": 1}\0{}", 11, (const char *const[]){"NUL byte", "JSON text", NULL});
}

static void test_err_family(void)
{
    EXPECT("{\"model_type\": \"mistral\", \"hidden_size\": 4096}", "key 'model_type'",
           "'mistral' is not supported", "expected one of bert, roberta");
    EXPECT("{\"hidden_size\": 4096}", "missing key 'model_type'", "expected one of");
    EXPECT("{\"architectures\": [\"MistralForCausalLM\"]}",
           "'architectures' names "
           "'MistralForCausalLM'",
           "expected a model_type");
    EXPECT("{\"model_type\": 7}", "key 'model_type': is a number", "expected a string");
    EXPECT("{\"model_type\": \"bert\", \"model_type\": \"gpt2\"}", "key 'model_type' appears twice",
           "expected each key once");
}

static void test_err_missing_key(void)
{
    char *s = bert_with("hidden_size", "");
    EXPECT(s, "missing key 'hidden_size'", "expected an integer from 1 to 131072");
    free(s);
    EXPECT("{\"model_type\": \"gpt2\", \"n_layer\": 2, \"n_embd\": 64, \"n_head\": 2, "
           "\"vocab_size\": 100}",
           "missing key 'n_positions' (or 'n_ctx')", "expected an integer");
}

static void test_err_type(void)
{
    char *s = bert_with("hidden_size", "  \"hidden_size\": \"768\",\n");
    EXPECT(s, "key 'hidden_size': is a string", "expected an integer from 1 to 131072");
    free(s);
    s = bert_with("hidden_size", "  \"hidden_size\": 768.5,\n");
    EXPECT(s, "key 'hidden_size': 768.5 is not a whole number", "expected an integer");
    free(s);
    s = bert_with("num_hidden_layers", "  \"num_hidden_layers\": true,\n");
    EXPECT(s, "key 'num_hidden_layers': is a boolean", "expected an integer");
    free(s);
    s = bert_with("vocab_size", "  \"vocab_size\": [30522]\n");
    EXPECT(s, "key 'vocab_size': is an array", "expected an integer");
    free(s);
    s = bert_with("hidden_act", "  \"hidden_act\": \"tanh\",\n");
    EXPECT(s, "key 'hidden_act': 'tanh' is not supported", "expected gelu");
    free(s);
    s = bert_with("position_embedding_type", "  \"position_embedding_type\": \"relative_key\",\n");
    EXPECT(s, "key 'position_embedding_type': this value is not supported", "\"absolute\"");
    free(s);
    EXPECT("{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"hidden_size\": 64, "
           "\"num_attention_heads\": 2, \"intermediate_size\": 100, \"vocab_size\": 10, "
           "\"tie_word_embeddings\": 1}",
           "key 'tie_word_embeddings': is a number", "expected true or false");
}

static void test_err_range(void)
{
    char *s = bert_with("num_hidden_layers", "  \"num_hidden_layers\": 0,\n");
    EXPECT(s, "key 'num_hidden_layers': value 0 is out of range",
           "expected an integer from 1 to 1024");
    free(s);
    s = bert_with("hidden_size", "  \"hidden_size\": 1e300,\n");
    EXPECT(s, "key 'hidden_size'", "out of range");
    free(s);
    s = bert_with("intermediate_size", "  \"intermediate_size\": -3072,\n");
    EXPECT(s, "key 'intermediate_size': value -3072 is out of range");
    free(s);
    /* consistency (xf_model_check), still naming the file */
    s = bert_with("num_attention_heads", "  \"num_attention_heads\": 7,\n");
    EXPECT(s, "not divisible by heads 7");
    free(s);
    EXPECT("{\"model_type\": \"llama\", \"num_hidden_layers\": 2, \"hidden_size\": 64, "
           "\"num_attention_heads\": 4, \"num_key_value_heads\": 3, \"intermediate_size\": 100, "
           "\"vocab_size\": 10}",
           "kv_heads 3");
    char *v = vit_config(10);
    char *p = strstr(v, "\"patch_size\": 16");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    memcpy(p, "\"patch_size\": 15", 16);
    EXPECT(v, "key 'patch_size': 15 does not divide image_size 224");
    free(v);
}

static void test_err_name(void)
{
    char *s = bert_with("pad_token_id", "  \"_name_or_path\": \"bad\\nname\",\n");
    EXPECT(s, "key '_name_or_path'", "control character");
    free(s);
}

static void test_err_files(void)
{
    tmp_file t;
    write_file(&t, "x", "", 0);
    xf_model m;
    xf_err err = {0};
    /* a directory */
    CU_ASSERT_EQUAL(xf_model_from_hf(t.dir, &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "is a directory; expected a regular file"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, t.dir));
    /* a FIFO: refused before it is opened (would block otherwise) */
    char fifo[600];
    snprintf(fifo, sizeof fifo, "%s/config.json", t.dir);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_model_from_hf(fifo, &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "config.json: is a FIFO; expected a regular file"));
    /* missing */
    snprintf(fifo, sizeof fifo, "%s/none.json", t.dir);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_model_from_hf(fifo, &m, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "none.json: cannot open"));
    xf_test_tmp_cleanup(t.dir);
    /* over 1 MiB (the ViT config with 40,000 labels) */
    char *big = vit_config(40000);
    CU_ASSERT_FATAL(strlen(big) > 1024 * 1024);
    EXPECT(big, "larger than 1048576 bytes");
    free(big);
}

XF_SUITE(hf) = {{"bert-base-uncased config = zoo bert-base", test_bert_base},
                {"roberta, distilbert, albert configs = zoo", test_roberta_distilbert_albert},
                {"gpt2 config = zoo gpt2 (n_inner absent or null)", test_gpt2},
                {"opt-125m and opt-350m configs = zoo", test_opt},
                {"Llama-2-7b-hf config = zoo (kv heads 32 or absent)", test_llama2_7b},
                {"Llama-2-70b-hf config (GQA 8) = zoo llama2-70b", test_llama2_70b_gqa},
                {"t5-base config = zoo t5-base", test_t5_base},
                {"vit-base-patch16-224 config = zoo vit-b16", test_vit_b16},
                {"family from architectures", test_architectures_fallback},
                {"xf_model_resolve hf: prefix", test_resolve_prefix},
                {"errors: JSON syntax, not an object, empty", test_err_json},
                {"errors: model_type", test_err_family},
                {"errors: missing key", test_err_missing_key},
                {"errors: wrong type", test_err_type},
                {"errors: out of range", test_err_range},
                {"errors: name", test_err_name},
                {"errors: directory, FIFO, missing, too large", test_err_files},
                {NULL, NULL}};
