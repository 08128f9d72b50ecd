/* wl_opts.h - the workload options shared by workload, eval, compare and sweep:
 * --model --seq --batch --phase --context --dec-seq --head --prompt --tokens. */
#ifndef XF_CLI_WL_OPTS_H
#define XF_CLI_WL_OPTS_H

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

/* getopt_long entries for the options above (append to a command's table). */
#define XF_WL_LONG_OPTIONS                                                                         \
    {"model", required_argument, NULL, XF_OPT_MODEL},                                              \
        {"seq", required_argument, NULL, XF_OPT_SEQ},                                              \
        {"batch", required_argument, NULL, XF_OPT_BATCH},                                          \
        {"phase", required_argument, NULL, XF_OPT_PHASE},                                          \
        {"context", required_argument, NULL, XF_OPT_CONTEXT},                                      \
        {"dec-seq", required_argument, NULL, XF_OPT_DEC_SEQ},                                      \
        {"prompt", required_argument, NULL, XF_OPT_PROMPT},                                        \
        {"tokens", required_argument, NULL, XF_OPT_TOKENS},                                        \
    {                                                                                              \
        "head", no_argument, NULL, XF_OPT_HEAD                                                     \
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
