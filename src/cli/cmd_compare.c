/* xformer compare: designs (architecture variants) x models x points against a baseline.
 * The points are every (seq, context, batch) of the lists at one phase, each checked as
 * xformer eval checks its workload options (wl_opts.c); a bad list, design or point is one
 * line on stderr and exit 2 before anything is evaluated or printed. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/compare.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "compare";

#define MAX_ITEMS 32
#define MAX_SETS 128
#define MAX_CELLS 1000000 /* points x designs */

static void usage(FILE *out);

enum {
    OPT_ARCHS = 500,
    OPT_BASE,
    OPT_MODELS,
    OPT_SEQ,
    OPT_CONTEXT,
    OPT_PROMPT,
    OPT_TOKENS,
    OPT_BATCH,
    OPT_PHASE,
    OPT_DEC_SEQ,
    OPT_HEAD,
    OPT_SET,
    OPT_COLUMNS,
    OPT_FMT,
    OPT_TECHLIB
};

/* A comma-separated list of integers in [lo, hi]; returns the count or -1. */
static int parse_list(const char *opt, char *text, long long lo, long long hi, long long *out,
                      xf_err *err)
{
    const char *items[MAX_ITEMS];
    int n = xf_cli_split(opt, text, items, MAX_ITEMS, err);
    for (int i = 0; i < n; i++)
        if (xf_cli_parse_ll(opt, items[i], lo, hi, &out[i], err) != XF_OK)
            return -1;
    return n;
}

typedef struct {
    long long seqs[MAX_ITEMS], ctxs[MAX_ITEMS], batches[MAX_ITEMS], prompts[MAX_ITEMS],
        toks[MAX_ITEMS];
    int ns, nc, nb, np, nt; /* 0 = not given */
    xf_phase phase;
    long long dec_seq;
    int head;
} point_opts;

/* Every (model, seq, context, batch; generate: prompt, tokens) as a point, each checked as
 * xformer eval checks one. */
static int make_points(const point_opts *po, const char *const *names, int nm, xf_model *models,
                       xf_cmp_point *pts, int *n_pts, xf_err *err)
{
    int k = 0;
    for (int m = 0; m < nm; m++)
        for (int s = 0; s < (po->ns ? po->ns : 1) * (po->np ? po->np : 1); s++)
            for (int c = 0; c < (po->nc ? po->nc : 1) * (po->nt ? po->nt : 1); c++)
                for (int b = 0; b < (po->nb ? po->nb : 1); b++) {
                    xf_cli_wl o;
                    xf_cli_wl_init(&o);
                    o.model = names[m];
                    o.have_seq = po->ns > 0;
                    o.p.seq = po->ns ? po->seqs[s % po->ns] : 0;
                    o.have_context = po->nc > 0;
                    o.p.context = po->nc ? po->ctxs[c % po->nc] : 0;
                    o.have_prompt = po->np > 0;
                    o.have_tokens = po->nt > 0;
                    if (po->np) /* a prompt is its prefill's sequence */
                        o.p.seq = po->prompts[s % po->np];
                    o.p.tokens = po->nt ? po->toks[c % po->nt] : 0;
                    o.p.batch = po->nb ? po->batches[b] : 1;
                    o.p.phase = po->phase;
                    o.p.dec_seq = po->dec_seq;
                    o.p.head = po->head;
                    if (xf_cli_wl_finish(&o, CMD, &models[m], err) != XF_OK)
                        return err->code;
                    pts[k].model = &models[m];
                    pts[k].p = o.p;
                    k++;
                }
    *n_pts = k;
    return XF_OK;
}

typedef struct {
    char *archs, *models, *seq, *ctx, *batch, *prompt, *tokens;
    const char *baseline, *techlib;
    const char *sets[MAX_SETS];
    int n_sets;
    point_opts po;
    xf_table_opts to;
} opts_t;

/* Parse argv into o; returns -1 when parsed, else the exit code (help or a usage error). */
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_compare[] = {
    {"archs", required_argument, OPT_ARCHS, 0, "LIST", "@archs",
     "designs: ARCH or ARCH[KEY=VALUE,...], e.g.\n"
     "'xformer,xformer[pe.adc_bits=6,dataflow.sequence_block=128],puma'\n"
     "(ARCH: xformer, xformer-nosb, puma, nvm-ideal, sram-cim,\n"
     "gpu-gtx1060, ... or a .cfg file; quote the brackets in a shell)"},
    {"baseline", required_argument, OPT_BASE, 0, "D", NULL,
     "the reference design (default: the last of --archs): a design of\n"
     "--archs, an ARCH with one design there, or another design (added)"},
    {"models", required_argument, OPT_MODELS, 0, "LIST", "@models", "zoo models or model files"},
    {"seq", required_argument, OPT_SEQ, 0, "LIST", NULL,
     "tokens (the encoder's for an encoder-decoder); not used for a\n"
     "decoder in decode; a vision model defaults to its patches + 1"},
    {"context", required_argument, OPT_CONTEXT, 0, "LIST", NULL,
     "decode: tokens already in the KV cache"},
    {"prompt", required_argument, OPT_PROMPT, 0, "LIST", NULL,
     "generate: prompt tokens (its prefill), then --tokens LIST tokens\n"
     "generated one decode step each; the table adds TTFT, tokens/s\n"
     "and energy per generated token"},
    {"tokens", required_argument, OPT_TOKENS, 0, "LIST", NULL,
     "generate: tokens generated after the prompt's prefill"},
    {"batch", required_argument, OPT_BATCH, 0, "LIST", NULL, "sequences per pass (default 1)"},
    {"phase", required_argument, OPT_PHASE, 0, "P", NULL,
     "prefill (default), decode (one new token per sequence) or\n"
     "generate (a prefill and decode steps, --prompt and --tokens)"},
    {"dec-seq", required_argument, OPT_DEC_SEQ, 0, "M", NULL,
     "encoder-decoder prefill: decoder tokens; --head: encoders count\n"
     "the pooler / classifier (as in xformer workload)"},
    {"head", no_argument, OPT_HEAD, 0, NULL, NULL, "encoders: count the pooler / classifier"},
    {"set", required_argument, OPT_SET, 0, "[ARCH:]KEY=V", NULL,
     "KEY=V: override for every design (each must have the key);\n"
     "ARCH:KEY=V: for every design of ARCH, e.g. xformer:pe.adc_bits=6.\n"
     "A design's own brackets win over --set ARCH:, which wins over\n"
     "--set; the arch column shows every override of a design,\n"
     "canonical (keys sorted): xformer[dataflow.sequence_block=128,\n"
     "pe.adc_bits=6]. That label given to --archs is the same design"},
    {"columns", required_argument, OPT_COLUMNS, 0, "LIST", NULL,
     "add area (mm^2) and/or power (W, energy / latency): area,power"},
    {"format", required_argument, OPT_FMT, 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md (GitHub), tex (booktabs), csv, json\n"
     "csv header: kind,model,seq,batch,phase,context,arch,latency_s,\n"
     "energy_j,speedup,energy_ratio[,area_mm2][,power_w]; kind is\n"
     "point or geomean; json: {\"tool\",\"baseline\",\"title\",\"rows\":[\n"
     "one object per CSV row, the CSV's names as keys, null for empty]}"},
    {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_compare = {
    "compare",
    "speed-up and energy ratios against a baseline, as a table",
    "xformer compare --archs DESIGN,... [--baseline DESIGN] --models M1,M2,...\n"
    "                [--seq n1,n2,...] [--phase prefill|decode|generate]\n"
    "                [--context t1,...] [--prompt p1,...] [--tokens T1,...]\n"
    "                [--batch b1,...] [--dec-seq M] [--head]\n"
    "                [--set [ARCH:]KEY=VALUE]... [--columns area,power]\n"
    "                [--format text|md|tex|csv|json] [--techlib DIR]",
    "One row per (model, point, design) with latency, energy, and the speed-up and energy\n"
    "ratio against the baseline at the same model and point (baseline / design, so > 1 is\n"
    "better), then one geometric-mean row per design. A point is one of --seq x --context\n"
    "x --batch at the --phase.",
    xf_opts_compare,
    "",
    xf_cmd_compare,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_compare);
}

static int parse_args(int argc, char **argv, opts_t *o, xf_err *err)
{
    int c;
    opterr = 0;
    optind = 1;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_compare, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        int rc = XF_OK;
        switch (c) {
        case OPT_ARCHS:
            o->archs = optarg;
            break;
        case OPT_BASE:
            o->baseline = optarg;
            break;
        case OPT_MODELS:
            o->models = optarg;
            break;
        case OPT_SEQ:
            o->seq = optarg;
            break;
        case OPT_CONTEXT:
            o->ctx = optarg;
            break;
        case OPT_PROMPT:
            o->prompt = optarg;
            break;
        case OPT_TOKENS:
            o->tokens = optarg;
            break;
        case OPT_BATCH:
            o->batch = optarg;
            break;
        case OPT_PHASE:
            rc = xf_cli_parse_phase(CMD, optarg, &o->po.phase, err);
            break;
        case OPT_DEC_SEQ:
            rc = xf_cli_parse_ll("--dec-seq", optarg, 1, XF_WL_MAX_SEQ, &o->po.dec_seq, err);
            break;
        case OPT_HEAD:
            o->po.head = 1;
            break;
        case OPT_SET:
            if (o->n_sets == MAX_SETS)
                return xf_cli_usage_error(CMD, "more than %d --set options", MAX_SETS);
            o->sets[o->n_sets++] = optarg;
            break;
        case OPT_COLUMNS:
            rc = xf_table_columns_parse("--columns", optarg, &o->to.columns, err);
            break;
        case OPT_FMT:
            rc = xf_table_format_parse("--format", optarg, &o->to.format, err);
            break;
        case OPT_TECHLIB:
            o->techlib = optarg;
            break;
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
        if (rc != XF_OK)
            return xf_cli_fail(CMD, err);
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!o->archs || !o->models)
        return xf_cli_usage_error(CMD, "--archs and --models are required");
    point_opts *po = &o->po;
    if ((o->seq && (po->ns = parse_list("--seq", o->seq, 1, XF_WL_MAX_SEQ, po->seqs, err)) < 0) ||
        (o->ctx &&
         (po->nc = parse_list("--context", o->ctx, 0, XF_WL_MAX_SEQ, po->ctxs, err)) < 0) ||
        (o->batch &&
         (po->nb = parse_list("--batch", o->batch, 1, XF_WL_MAX_BATCH, po->batches, err)) < 0) ||
        (o->prompt &&
         (po->np = parse_list("--prompt", o->prompt, 1, XF_WL_MAX_SEQ, po->prompts, err)) < 0) ||
        (o->tokens &&
         (po->nt = parse_list("--tokens", o->tokens, 1, XF_WL_MAX_SEQ, po->toks, err)) < 0))
        return xf_cli_fail(CMD, err);
    return -1;
}

/* The designs of --archs and the baseline's, added as a last design when it is none of them
 * (see --help). Returns the count or -1. */
static int make_designs(opts_t *o, xf_cmp_design *d, xf_err *err)
{
    const char *texts[MAX_ITEMS];
    int na = xf_variant_split("--archs", o->archs, texts, MAX_ITEMS, err);
    if (na < 0 || xf_compare_designs("--archs", texts, na, o->sets, o->n_sets, d, err) != XF_OK)
        return -1;
    const char *base = o->baseline ? o->baseline : texts[na - 1];
    xf_cmp_design *b = &d[na];
    if (xf_compare_design("--baseline", base, o->sets, o->n_sets, b, err) != XF_OK)
        return -1;
    int match = -1, by_arch = -1, n_arch = 0;
    for (int i = 0; i < na; i++) {
        if (strcmp(d[i].label, b->label) == 0)
            match = i;
        if (strcmp(d[i].v.arch, base) == 0) {
            by_arch = i;
            n_arch++;
        }
    }
    if (match < 0 && !strchr(base, '[') && n_arch == 1)
        match = by_arch;
    if (match < 0)
        match = na++;
    o->to.baseline = d[match].label;
    if (xf_compare_check_sets(d, na, o->sets, o->n_sets, err) != XF_OK)
        return -1;
    return na;
}

int xf_cmd_compare(int argc, char **argv)
{
    xf_err err = {0};
    opts_t *o = calloc(1, sizeof *o);
    xf_cmp_design *designs = calloc(MAX_ITEMS + 1, sizeof *designs);
    xf_model *models = calloc(MAX_ITEMS, sizeof *models);
    xf_cmp_point *pts = NULL;
    xf_cmp_row *rows = NULL;
    xf_table_row *trows = NULL;
    int rc = XF_EXIT_OK;
    if (!o || !designs || !models) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    o->to.format = XF_TABLE_TEXT;
    if ((rc = parse_args(argc, argv, o, &err)) >= 0)
        goto out;
    rc = XF_EXIT_OK;
    const char *names[MAX_ITEMS];
    int nm = xf_cli_split("--models", o->models, names, MAX_ITEMS, &err);
    int nd = nm < 0 ? -1 : make_designs(o, designs, &err);
    if (nm < 0 || nd < 0) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    point_opts *po = &o->po;
    /* the loops of make_points: (seq x prompt) x (context x tokens) x batch */
    long long per_model = (long long)(po->ns ? po->ns : 1) * (po->np ? po->np : 1) *
                          (po->nc ? po->nc : 1) * (po->nt ? po->nt : 1) * (po->nb ? po->nb : 1);
    if (per_model * nm * nd > MAX_CELLS) {
        rc = xf_cli_usage_error(CMD, "%lld points x %d designs: more than %d evaluations",
                                per_model * nm, nd, MAX_CELLS);
        goto out;
    }
    int np = 0;
    pts = calloc((size_t)(per_model * nm), sizeof *pts);
    rows = calloc((size_t)(per_model * nm * nd), sizeof *rows);
    trows = calloc((size_t)(per_model * nm * nd), sizeof *trows);
    if (!pts || !rows || !trows) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    if (make_points(po, names, nm, models, pts, &np, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(o->techlib, buf, sizeof buf);
    int n = np * nd;
    if (xf_compare_run(dir, designs, nd, pts, np, rows, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    xf_cmp_table_rows(designs, pts, rows, n, trows);
    /* the whole table first: an error leaves nothing half-written */
    char *text = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&text, &len);
    if (!mem) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    } else {
        xf_table_write(mem, trows, n, &o->to, &err);
        fclose(mem);
        if (err.code == XF_OK && (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0))
            xf_err_set(&err, XF_ERR_RUNTIME, "compare: cannot write the output");
    }
    free(text);
    if (err.code != XF_OK)
        rc = xf_cli_fail(CMD, &err);
out:
    free(trows);
    free(rows);
    free(pts);
    free(models);
    free(designs);
    free(o);
    return rc;
}
