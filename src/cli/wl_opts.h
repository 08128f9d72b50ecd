/* wl_opts.h - the workload options shared by workload, eval, compare and sweep:
 * --model --seq --batch --phase --context --dec-seq --head --prompt --tokens. */
#ifndef XF_CLI_WL_OPTS_H
#define XF_CLI_WL_OPTS_H

#include "cli.h"
#include "xf/workload.h"

#include <getopt.h>

enum {
    XF_OPT_MODEL = 'm',
    XF_OPT_SEQ = 's',
    XF_OPT_BATCH = 'b',
    XF_OPT_PHASE = 'p',
    XF_OPT_CONTEXT = 300,
    XF_OPT_DEC_SEQ,
    XF_OPT_HEAD,
    XF_OPT_PROMPT,
    XF_OPT_TOKENS
};

/* The option-table entries of the options above (append to a command's xf_cli_opt table). */
#define XF_WL_OPTS                                                                                 \
    {"model",                                                                                      \
     required_argument,                                                                            \
     XF_OPT_MODEL,                                                                                 \
     0,                                                                                            \
     "NAME|FILE",                                                                                  \
     "@model",                                                                                     \
     "zoo model (xformer models), a model file (has '/' or .cfg)\n"                                \
     "or hf:PATH/config.json (a Hugging Face config)"},                                            \
        {"seq",                                                                                    \
         required_argument,                                                                        \
         XF_OPT_SEQ,                                                                               \
         0,                                                                                        \
         "N",                                                                                      \
         NULL,                                                                                     \
         "tokens (1..1048576); vision models default to (image/patch)^2+1\n"                       \
         "= 197; encoder-decoder: the encoder length; not used for a\n"                            \
         "decoder in decode"},                                                                     \
        {"batch",                                                                                  \
         required_argument,                                                                        \
         XF_OPT_BATCH,                                                                             \
         0,                                                                                        \
         "B",                                                                                      \
         NULL,                                                                                     \
         "sequences per pass (1..65536, default 1)"},                                              \
        {"phase",                                                                                  \
         required_argument,                                                                        \
         XF_OPT_PHASE,                                                                             \
         0,                                                                                        \
         "P",                                                                                      \
         "prefill decode generate",                                                                \
         "prefill (default), decode (one new token per sequence) or\n"                             \
         "generate (a prefill of --prompt tokens, then --tokens\n"                                 \
         "decode steps)"},                                                                         \
        {"context",                                                                                \
         required_argument,                                                                        \
         XF_OPT_CONTEXT,                                                                           \
         0,                                                                                        \
         "T",                                                                                      \
         NULL,                                                                                     \
         "decode: tokens already in the KV cache (0..1048576); the new\n"                          \
         "token attends to T + 1 keys"},                                                           \
        {"dec-seq",                                                                                \
         required_argument,                                                                        \
         XF_OPT_DEC_SEQ,                                                                           \
         0,                                                                                        \
         "M",                                                                                      \
         NULL,                                                                                     \
         "encoder-decoder prefill: decoder tokens (default: = --seq)"},                            \
        {"prompt",                                                                                 \
         required_argument,                                                                        \
         XF_OPT_PROMPT,                                                                            \
         0,                                                                                        \
         "P",                                                                                      \
         NULL,                                                                                     \
         "generate: prompt tokens (default: --seq)"},                                              \
        {"tokens",                                                                                 \
         required_argument,                                                                        \
         XF_OPT_TOKENS,                                                                            \
         0,                                                                                        \
         "T",                                                                                      \
         NULL,                                                                                     \
         "generate: tokens generated, one decode step each"},                                      \
    {                                                                                              \
        "head", no_argument, XF_OPT_HEAD, 0, NULL, NULL,                                           \
            "encoders: add the pooler / classifier (decoders always count\n"                       \
            "their LM head)"                                                                       \
    }

typedef struct {
    const char *model;
    int have_seq, have_context, have_prompt, have_tokens;
    xf_wl_params p;
} xf_cli_wl;

void xf_cli_wl_init(xf_cli_wl *o);
/* Handle option c if it is one of the shared ones: returns 1 (handled), 0 (not ours) or -1
 * (bad value: err filled, code 2). */
int xf_cli_wl_option(xf_cli_wl *o, int c, const char *arg, xf_err *err);
/* Parse a --phase value. */
int xf_cli_parse_phase(const char *cmd, const char *arg, xf_phase *out, xf_err *err);
/* Check the combination, resolve the model; fills *m (err code 2 on bad input). */
int xf_cli_wl_finish(xf_cli_wl *o, const char *cmd, xf_model *m, xf_err *err);

#endif
