/* Shared workload options of the CLI (see wl_opts.h). */
#include "wl_opts.h"

#include "cli.h"
#include "xf/cfg.h"

#include <string.h>

void xf_cli_wl_init(xf_cli_wl *o)
{
    memset(o, 0, sizeof *o);
    xf_wl_params_default(&o->p);
}

int xf_cli_parse_phase(const char *cmd, const char *arg, xf_phase *out, xf_err *err)
{
    static const char *const phases[] = {"prefill", "decode", "generate"};
    int i = 0;
    if (xf_cli_choice(cmd, "--phase", arg, phases, 3, &i, err) != XF_OK)
        return err->code;
    *out = (xf_phase)i;
    return XF_OK;
}

int xf_cli_wl_option(xf_cli_wl *o, int c, const char *arg, xf_err *err)
{
    int rc = XF_OK;
    switch (c) {
    case XF_OPT_MODEL:
        o->model = arg;
        break;
    case XF_OPT_SEQ:
        rc = xf_cli_parse_ll("--seq", arg, 1, XF_WL_MAX_SEQ, &o->p.seq, err);
        o->have_seq = 1;
        break;
    case XF_OPT_BATCH:
        rc = xf_cli_parse_ll("--batch", arg, 1, XF_WL_MAX_BATCH, &o->p.batch, err);
        break;
    case XF_OPT_CONTEXT:
        rc = xf_cli_parse_ll("--context", arg, 0, XF_WL_MAX_SEQ, &o->p.context, err);
        o->have_context = 1;
        break;
    case XF_OPT_DEC_SEQ:
        rc = xf_cli_parse_ll("--dec-seq", arg, 1, XF_WL_MAX_SEQ, &o->p.dec_seq, err);
        break;
    case XF_OPT_PROMPT: /* the prompt of a generation is its prefill's sequence */
        rc = xf_cli_parse_ll("--prompt", arg, 1, XF_WL_MAX_SEQ, &o->p.seq, err);
        o->have_prompt = 1;
        break;
    case XF_OPT_TOKENS:
        rc = xf_cli_parse_ll("--tokens", arg, 1, XF_WL_MAX_SEQ, &o->p.tokens, err);
        o->have_tokens = 1;
        break;
    case XF_OPT_HEAD:
        o->p.head = 1;
        break;
    case XF_OPT_PHASE:
        rc = xf_cli_parse_phase("", arg, &o->p.phase, err);
        break;
    default:
        return 0;
    }
    return rc == XF_OK ? 1 : -1;
}

int xf_cli_wl_finish(xf_cli_wl *o, const char *cmd, xf_model *m, xf_err *err)
{
    const xf_wl_params *p = &o->p;
    if (!o->model)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: --model NAME|FILE is required (see xformer %s --help)", cmd, cmd);
    if (xf_model_resolve(o->model, m, err) != XF_OK)
        return err->code;
    int decode = p->phase == XF_PHASE_DECODE, generate = p->phase == XF_PHASE_GENERATE;
    int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
    const char *why = NULL;
    if ((o->have_prompt || o->have_tokens) && !generate)
        why = "--prompt and --tokens apply only to --phase generate";
    else if (generate && !gen)
        why = "--phase generate needs a decoder or encoder-decoder model";
    else if (generate && o->have_seq)
        why = "--phase generate takes the prompt's length as --prompt P, not --seq";
    else if (generate && (!o->have_prompt || !o->have_tokens))
        why = "--phase generate needs --prompt P (prompt tokens) and --tokens T (tokens to "
              "generate)";
    else if (generate && (o->have_context || p->dec_seq))
        why = "--context and --dec-seq do not apply to --phase generate (its context grows from "
              "the prompt)";
    else if (generate)
        why = NULL;
    else if (o->have_context && !decode)
        why = "--context applies only to --phase decode";
    else if (decode && !gen)
        why = "--phase decode needs a decoder or encoder-decoder model";
    else if (decode && !o->have_context)
        why = "--phase decode needs --context T (tokens already in the KV cache)";
    else if (decode && m->family == XF_FAMILY_DECODER && o->have_seq)
        why = "--seq is not used in decode for a decoder; give the cached length with --context T";
    else if (!o->have_seq && m->family != XF_FAMILY_VISION &&
             !(decode && m->family == XF_FAMILY_DECODER))
        why = "--seq N is required";
    else if (p->dec_seq && !(m->family == XF_FAMILY_ENCDEC && !decode))
        why = "--dec-seq applies only to an encoder-decoder model in prefill";
    else if (p->head && gen)
        why = "--head applies to encoder and vision models; decoders always count their LM head";
    if (why)
        return xf_err_set(err, XF_ERR_INPUT, "%s: %s: %s (%s model; see xformer %s --help)", cmd,
                          m->name, why, xf_family_name(m->family), cmd);
    return XF_OK;
}
