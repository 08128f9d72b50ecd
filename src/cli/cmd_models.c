/* xformer models: the compiled-in model zoo; xformer models show NAME --format cfg: one model
 * as a user-model file (a template that evaluates to the same numbers). */
#include "cli.h"
#include "xf/fmt.h"
#include "xf/model.h"
#include "xf/text.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "models";

static const xf_cli_opt xf_opts_models_show[] = {
    {"format", required_argument, 'f', 0, "cfg", "cfg", "cfg (the default and only format)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_models_show = {
    "models show",
    "a zoo model or a model file as a commented user-model file",
    "xformer models show NAME|FILE|hf:PATH [--format cfg]",
    "Writes the model (a zoo name, a model file or a Hugging Face config.json) as a\n"
    "user-model file with every key explicit and commented: edit it and give it to\n"
    "--model; unchanged, it evaluates to numbers identical to the zoo entry's.",
    xf_opts_models_show,
    "",
    NULL,
    NULL,
};

/* xformer models show NAME|FILE [--format cfg] (argv[0] = "show"). */
static int show(int argc, char **argv)
{
    int c;
    if (xf_cli_repeats(CMD, argc, argv))
        return XF_EXIT_USAGE;
    opterr = 0;
    optind = 1;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h",
                            xf_cli_longopts(xf_opts_models_show, lo, XF_CLI_MAX_OPTS), NULL)) !=
           -1) {
        switch (c) {
        case 'f':
            if (strcmp(optarg, "cfg") != 0)
                return xf_cli_usage_error(CMD, "show: --format '%s': expected cfg (a model file)",
                                          optarg);
            break;
        case 'h':
            xf_cli_help(stdout, &xf_spec_models_show);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind >= argc)
        return xf_cli_usage_error(CMD, "show: expected a model name (xformer models) or file");
    if (optind + 1 < argc)
        return xf_cli_usage_error(CMD, "show: unexpected argument '%s'", argv[optind + 1]);
    xf_model m;
    xf_err err = {0};
    if (xf_model_resolve(argv[optind], &m, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    if (xf_model_write_cfg(stdout, &m) != 0 || fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "show: cannot write the output");
        return xf_cli_fail(CMD, &err);
    }
    return XF_EXIT_OK;
}

const xf_cli_opt xf_opts_models[] = {
    {"format", required_argument, 'f', 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md, tex, csv (adds each model's source) or json"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

static const xf_cli_spec *const models_subs[] = {&xf_spec_models_show, NULL};

const xf_cli_spec xf_spec_models = {
    "models",
    "list the compiled-in model zoo with parameter counts",
    "xformer models [--format text|md|tex|csv|json]\n"
    "xformer models show NAME|FILE|hf:PATH [--format cfg]",
    "The compiled-in model zoo: family, layers, d_model, heads (KV heads under GQA),\n"
    "FFN width and kind, vocabulary and the parameter count computed from the\n"
    "hyperparameters (BERT-like: with pooler; vision: with the 1000-class head;\n"
    "decoders: with the LM head, once when tied). A user model is a libconfig file\n"
    "given by path to --model, or a Hugging Face config.json as hf:PATH (see README).",
    xf_opts_models,
    "models show NAME|FILE|hf:PATH writes the model as a user-model file with every\n"
    "key explicit and commented (xformer models show --help).",
    xf_cmd_models,
    models_subs,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_models);
}

/* The zoo as CSV: one row a model, with its source (ctx unused). */
static void zoo_csv(FILE *out, const void *ctx)
{
    (void)ctx;
    fprintf(out, "name,family,layers,decoder_layers,d_model,heads,kv_heads,d_ff,ffn,vocab,params,"
                 "source\n");
    for (int i = 0; i < xf_zoo_count(); i++) {
        const xf_model *m = xf_zoo_get(i);
        xf_csv_field(out, m->name);
        fprintf(out, ",%s,%d,%d,%d,%d,%d,%d,%s,%d,%" PRIu64 ",", xf_family_name(m->family),
                m->layers, m->dec_layers, m->d_model, m->heads, m->kv_heads, m->d_ff,
                xf_ffn_name(m->ffn), m->vocab, xf_model_params(m));
        xf_csv_field(out, m->source);
        fputc('\n', out);
    }
}

int xf_cmd_models(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "show") == 0)
        return show(argc - 1, argv + 1);
    xf_table_format fmt = XF_TABLE_TEXT;
    xf_err err = {0};
    int c;
    opterr = 0;
    optind = 1;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_models, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        switch (c) {
        case 'f':
            if (xf_table_format_parse("--format", optarg, &fmt, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);

    if (fmt != XF_TABLE_TEXT) {
        static const char *const text_cols[] = {"name", "source", NULL};
        if (xf_cli_csv_via(stdout, fmt, NULL, zoo_csv, NULL, text_cols, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
        return XF_EXIT_OK;
    }
    printf("%-13s %-15s %6s %7s %8s %6s %-6s %6s %17s\n", "name", "family", "layers", "d_model",
           "heads", "d_ff", "ffn", "vocab", "params");
    for (int i = 0; i < xf_zoo_count(); i++) {
        const xf_model *m = xf_zoo_get(i);
        uint64_t params = xf_model_params(m);
        char layers[24], heads[24], vocab[24], p[40];
        snprintf(vocab, sizeof vocab, "%d", m->vocab);
        if (m->vocab == 0)
            snprintf(vocab, sizeof vocab, "-");
        if (m->family == XF_FAMILY_ENCDEC)
            snprintf(layers, sizeof layers, "%d+%d", m->layers, m->dec_layers);
        else
            snprintf(layers, sizeof layers, "%d", m->layers);
        if (m->kv_heads != m->heads)
            snprintf(heads, sizeof heads, "%d (%d)", m->heads, m->kv_heads);
        else
            snprintf(heads, sizeof heads, "%d", m->heads);
        printf("%-13s %-15s %6s %7d %8s %6d %-6s %6s %17s\n", m->name, xf_family_name(m->family),
               layers, m->d_model, heads, m->d_ff, xf_ffn_name(m->ffn), vocab,
               xf_fmt_grouped(p, sizeof p, params));
    }
    printf("\nheads (KV heads) under GQA; enc+dec layers for encoder-decoder models. "
           "Sources: --format csv.\n");
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "models: cannot write the output");
        return xf_cli_fail(CMD, &err);
    }
    return XF_EXIT_OK;
}
