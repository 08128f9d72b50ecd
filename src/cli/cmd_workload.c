/* xformer workload: per-layer operation counts of one model at one sequence length. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/cfg.h"
#include "xf/fmt.h"
#include "xf/json_out.h"
#include "xf/text.h"
#include "xf/version.h"
#include "xf/workload.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "workload";

static void usage(FILE *out);

/* ------------------------------------------------------------------------ output */

/* Engineering notation, 4 significant digits, without a trailing blank for unit-less values. */
static char *eng(char *buf, size_t n, uint64_t v, const char *unit)
{
    xf_fmt_eng(buf, n, (double)v, unit, 4);
    size_t len = strlen(buf);
    while (len > 0 && buf[len - 1] == ' ')
        buf[--len] = '\0';
    return buf;
}

static void print_conventions(const xf_workload *w)
{
    const xf_model *m = &w->model;
    const xf_wl_params *p = &w->params;
    int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
    printf("counted: MACs = multiply-accumulates of every matrix product, attention QK^T and AV\n"
           "  included in full (n x n per head, no halving for causal masks); FLOPs = 2 x MACs\n"
           "  for matrix products + per element: softmax %d, LayerNorm %d, RMSNorm %d,\n"
           "  GELU/ReLU/SiLU/tanh %d, add/scale/product %d, RoPE %d; bias adds not counted;\n"
           "  embeddings are lookups (0 MACs).\n",
           XF_FLOPS_SOFTMAX, XF_FLOPS_LAYERNORM, XF_FLOPS_RMSNORM, XF_FLOPS_ACT, XF_FLOPS_ADD,
           XF_FLOPS_ROPE);
    if (gen)
        printf("  LM head included (%s).\n",
               p->phase == XF_PHASE_DECODE ? "on the new token" : "on every token");
    else if (p->head)
        printf("  pooler/classifier included (--head).\n");
    else
        printf("  no pooler or classifier (add them with --head).\n");
    printf("  bytes at %d-bit weights, %d-bit activations; NVM writes = K and V elements newly\n"
           "  written x ceil(%d / %d) cells.\n",
           p->w_bits, p->a_bits, p->a_bits, p->bits_per_cell);
}

static void print_header(const xf_workload *w)
{
    const xf_model *m = &w->model;
    const xf_wl_params *p = &w->params;
    char prm[32];
    printf("xformer workload: %s (%s", m->name, xf_family_name(m->family));
    if (m->family == XF_FAMILY_ENCDEC)
        printf(", %d+%d layers", m->layers, m->dec_layers);
    else
        printf(", %d layers", m->layers);
    printf(", d_model %d, %d heads", m->d_model, m->heads);
    if (m->kv_heads != m->heads)
        printf(" (%d KV)", m->kv_heads);
    printf(", d_ff %d %s, %s parameters)\n", m->d_ff, xf_ffn_name(m->ffn),
           eng(prm, sizeof prm, w->param_count, ""));
    printf("pass: %s", xf_phase_name(p->phase));
    if (p->phase == XF_PHASE_DECODE) {
        printf(", 1 new token per sequence, context %lld cached", p->context);
        if (m->family == XF_FAMILY_ENCDEC)
            printf(", encoder length %lld", p->seq);
    } else if (m->family == XF_FAMILY_ENCDEC) {
        printf(", encoder %lld tokens, decoder %lld tokens", p->seq, p->dec_seq);
    } else {
        printf(", n = %lld tokens", p->seq);
    }
    printf(", batch %lld\n", p->batch);
    long long usable = m->positions - m->pos_offset;
    long long longest = p->phase == XF_PHASE_DECODE ? p->context + 1 : p->seq;
    if (m->family == XF_FAMILY_ENCDEC && p->dec_seq > longest)
        longest = p->dec_seq;
    if (m->positions > 0 && longest > usable)
        printf("note: %lld tokens exceed the %lld learned positions of %s; counted as if the "
               "table were extended\n",
               longest, usable, m->name);
    print_conventions(w);
}

#define ROW_FMT "%-12s %-13s %-12s %8s %7s %8s %5s %10s %10s %10s %10s %10s %10s\n"

static void print_op(const char *layer, const xf_op *o)
{
    char mb[24], kb[24], nb[24], hb[24], c[6][24];
    int mvm = o->kind == XF_OP_STATIC_MVM || o->kind == XF_OP_DYNAMIC_MVM;
    snprintf(mb, sizeof mb, "%" PRIu64, o->m);
    snprintf(kb, sizeof kb, "%s", "-");
    if (mvm)
        snprintf(kb, sizeof kb, "%" PRIu64, o->k);
    snprintf(nb, sizeof nb, "%" PRIu64, o->n);
    snprintf(hb, sizeof hb, "%" PRIu64, o->heads);
    printf(ROW_FMT, layer, o->name, xf_op_kind_name(o->kind), mb, kb, nb, hb,
           eng(c[0], 24, o->macs, ""), eng(c[1], 24, o->flops, ""),
           eng(c[2], 24, o->weight_bytes, "B"), eng(c[3], 24, o->act_in_bytes, "B"),
           eng(c[4], 24, o->act_out_bytes, "B"), eng(c[5], 24, o->nvm_writes, ""));
}

static void print_sum(const char *layer, const char *what, const xf_op *o)
{
    char c[6][24];
    printf(ROW_FMT, layer, what, "", "", "", "", "", eng(c[0], 24, o->macs, ""),
           eng(c[1], 24, o->flops, ""), eng(c[2], 24, o->weight_bytes, "B"),
           eng(c[3], 24, o->act_in_bytes, "B"), eng(c[4], 24, o->act_out_bytes, "B"),
           eng(c[5], 24, o->nvm_writes, ""));
}

static void print_table(const xf_workload *w)
{
    print_header(w);
    printf("\n");
    printf(ROW_FMT, "layer", "op", "kind", "m", "k", "n", "heads", "MACs", "FLOPs", "weights",
           "act in", "act out", "NVM writes");
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        char label[40];
        if (l->stack && l->repeat > 1) {
            printf("%s.0-%d: %d identical layers, one shown\n", l->name, l->repeat - 1, l->repeat);
            snprintf(label, sizeof label, "%s.*", l->name);
        } else {
            xf_layer_label(l, 0, label, sizeof label);
        }
        for (int j = 0; j < l->n_ops; j++)
            print_op(j == 0 ? label : "", &l->ops[j]);
        if (l->n_ops > 1 || l->repeat > 1)
            print_sum("", l->repeat > 1 ? "per layer" : "sum", &l->sum);
        if (l->repeat > 1) {
            char what[32];
            snprintf(what, sizeof what, "x %d layers", l->repeat);
            xf_op all = l->sum;
            all.macs *= (uint64_t)l->repeat;
            all.flops *= (uint64_t)l->repeat;
            all.weight_bytes *= (uint64_t)l->repeat;
            all.act_in_bytes *= (uint64_t)l->repeat;
            all.act_out_bytes *= (uint64_t)l->repeat;
            all.nvm_writes *= (uint64_t)l->repeat;
            print_sum("", what, &all);
        }
    }
    print_sum("total", "all", &w->total);

    char a[32], b[32], c[32], d[32];
    uint64_t macs = w->total.macs ? w->total.macs : 1;
    printf("\ntotal: %s MACs, %s FLOPs\n", xf_fmt_grouped(a, sizeof a, w->total.macs),
           xf_fmt_grouped(b, sizeof b, w->total.flops));
    printf("by kind: static_mvm %s MACs (%.2f %%), dynamic_mvm %s MACs (%.2f %%),\n"
           "         nonlinear %s FLOPs, elementwise %s FLOPs\n",
           eng(a, sizeof a, w->by_kind[XF_OP_STATIC_MVM].macs, ""),
           100.0 * (double)w->by_kind[XF_OP_STATIC_MVM].macs / (double)macs,
           eng(b, sizeof b, w->by_kind[XF_OP_DYNAMIC_MVM].macs, ""),
           100.0 * (double)w->by_kind[XF_OP_DYNAMIC_MVM].macs / (double)macs,
           eng(c, sizeof c, w->by_kind[XF_OP_NONLINEAR].flops, ""),
           eng(d, sizeof d, w->by_kind[XF_OP_ELEMENTWISE].flops, ""));
    printf("weights stored: %s at %d bits (each parameter once)\n",
           eng(a, sizeof a, w->weight_store_bytes, "B"), w->params.w_bits);
    if (w->kv_cache_bytes)
        printf("KV cache: %s held after this pass, %s appended by it (%s per token per sequence "
               "at %d bits)\n",
               eng(a, sizeof a, w->kv_cache_bytes, "B"), eng(b, sizeof b, w->kv_append_bytes, "B"),
               eng(c, sizeof c, xf_model_kv_bytes_per_token(&w->model, w->params.a_bits), "B"),
               w->params.a_bits);
}

/* Every op of every layer as CSV, then the total (ctx: the workload). */
static void print_csv(FILE *out, const void *ctx)
{
    const xf_workload *w = ctx;
    fprintf(out, "layer,op,kind,m,k,n,heads,macs,flops,weight_bytes,act_in_bytes,act_out_bytes,"
                 "nvm_writes\n");
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        for (int r = 0; r < l->repeat; r++) {
            char label[40];
            xf_layer_label(l, r, label, sizeof label);
            for (int j = 0; j < l->n_ops; j++) {
                const xf_op *o = &l->ops[j];
                xf_csv_field(out, label);
                fputc(',', out);
                xf_csv_field(out, o->name);
                fprintf(out,
                        ",%s,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
                        ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n",
                        xf_op_kind_name(o->kind), o->m, o->k, o->n, o->heads, o->macs, o->flops,
                        o->weight_bytes, o->act_in_bytes, o->act_out_bytes, o->nvm_writes);
            }
        }
    }
    const xf_op *t = &w->total;
    fprintf(out,
            "total,all,,,,,,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",%" PRIu64
            "\n",
            t->macs, t->flops, t->weight_bytes, t->act_in_bytes, t->act_out_bytes, t->nvm_writes);
}

/* The CSV's numbers of one op (or total) into o. */
static int json_counts(cJSON *o, const xf_op *x)
{
    return xf_json_u64(o, "macs", x->macs) && xf_json_u64(o, "flops", x->flops) &&
           xf_json_u64(o, "weight_bytes", x->weight_bytes) &&
           xf_json_u64(o, "act_in_bytes", x->act_in_bytes) &&
           xf_json_u64(o, "act_out_bytes", x->act_out_bytes) &&
           xf_json_u64(o, "nvm_writes", x->nvm_writes);
}

/* The model, the pass and the CSV's rows (one per op per layer, then the total) as objects. */
static int print_json(const xf_workload *w, xf_err *err)
{
    const xf_model *m = &w->model;
    const xf_wl_params *p = &w->params;
    cJSON *root = xf_json_object(NULL, NULL);
    cJSON *mo = root && xf_json_str(root, "tool", "xformer " XF_VERSION)
                    ? xf_json_object(root, "model")
                    : NULL;
    int ok = mo && xf_json_str(mo, "name", m->name) &&
             xf_json_str(mo, "family", xf_family_name(m->family)) &&
             xf_json_int(mo, "layers", m->layers) && xf_json_int(mo, "dec_layers", m->dec_layers) &&
             xf_json_int(mo, "d_model", m->d_model) && xf_json_int(mo, "heads", m->heads) &&
             xf_json_int(mo, "kv_heads", m->kv_heads) && xf_json_int(mo, "d_ff", m->d_ff) &&
             xf_json_str(mo, "ffn", xf_ffn_name(m->ffn)) &&
             xf_json_u64(mo, "parameters", w->param_count);
    cJSON *po = ok ? xf_json_object(root, "pass") : NULL;
    ok = po && xf_json_str(po, "phase", xf_phase_name(p->phase)) &&
         xf_json_int(po, "seq", p->seq) && xf_json_int(po, "dec_seq", p->dec_seq) &&
         xf_json_int(po, "batch", p->batch) && xf_json_int(po, "context", p->context) &&
         xf_json_bool(po, "head", p->head) && xf_json_int(po, "w_bits", p->w_bits) &&
         xf_json_int(po, "a_bits", p->a_bits) &&
         xf_json_int(po, "bits_per_cell", p->bits_per_cell) && xf_json_u64(po, "tokens", w->tokens);
    ok = ok && xf_json_u64(root, "weight_store_bytes", w->weight_store_bytes) &&
         xf_json_u64(root, "kv_cache_bytes", w->kv_cache_bytes) &&
         xf_json_u64(root, "kv_append_bytes", w->kv_append_bytes);
    cJSON *rows = ok ? xf_json_array(root, "rows") : NULL;
    ok = rows != NULL;
    for (int i = 0; i < w->n_layers && ok; i++) {
        const xf_layer *l = &w->layers[i];
        for (int r = 0; r < l->repeat && ok; r++) {
            char label[40];
            xf_layer_label(l, r, label, sizeof label);
            for (int j = 0; j < l->n_ops && ok; j++) {
                const xf_op *x = &l->ops[j];
                cJSON *o = xf_json_object(rows, NULL);
                ok = o && xf_json_str(o, "layer", label) && xf_json_str(o, "op", x->name) &&
                     xf_json_str(o, "kind", xf_op_kind_name(x->kind)) &&
                     xf_json_u64(o, "m", x->m) && xf_json_u64(o, "k", x->k) &&
                     xf_json_u64(o, "n", x->n) && xf_json_u64(o, "heads", x->heads) &&
                     json_counts(o, x);
            }
        }
    }
    cJSON *t = ok ? xf_json_object(rows, NULL) : NULL;
    ok = t && xf_json_str(t, "layer", "total") && xf_json_str(t, "op", "all") &&
         xf_json_null(t, "kind") && xf_json_null(t, "m") && xf_json_null(t, "k") &&
         xf_json_null(t, "n") && xf_json_null(t, "heads") && json_counts(t, &w->total);
    if (!ok) {
        cJSON_Delete(root);
        root = NULL;
    }
    return xf_json_write(stdout, root, err);
}

/* ------------------------------------------------------------------------ command */

enum { OPT_BPC = 256 };

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_workload[] = {
    XF_WL_OPTS,
    {"bits", required_argument, 'B', 0, "B", NULL,
     "weight and activation precision in bits (1..32, default 8)"},
    {"bits-per-cell", required_argument, OPT_BPC, 0, "C", NULL,
     "NVM bits per cell for the write count (1..8, default 2)"},
    {"format", required_argument, 'f', 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md, tex (the CSV's columns), csv or json (the\n"
     "model, the pass and the "
     "CSV's rows as objects with its column names: {\"tool\",\n"
     "\"model\", \"pass\", \"weight_store_bytes\", \"kv_cache_bytes\",\n"
     "\"kv_append_bytes\", \"rows\"}; counts exact integers)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_workload = {
    "workload",
    "per-layer operation counts of a model (MACs, bytes, writes)",
    "xformer workload --model NAME|FILE --seq N [--batch B]\n"
    "                 [--phase prefill|decode] [--context T] [--dec-seq M]\n"
    "                 [--bits 8] [--bits-per-cell 2] [--head] [--format text|md|tex|csv|json]",
    "Per-layer operations of one inference pass: shapes, MACs, FLOPs, weight and\n"
    "activation bytes, and the NVM cell writes needed if K^T and V were stored in\n"
    "crossbars. Identical layers are shown once in the table; the CSV has one row per op\n"
    "per layer, then a row with layer=total,op=all.",
    xf_opts_workload,
    "",
    xf_cmd_workload,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_workload);
}

int xf_cmd_workload(int argc, char **argv)
{
    xf_table_format format = XF_TABLE_TEXT;
    long long v = 0;
    xf_err err = {0};
    xf_cli_wl o;
    xf_cli_wl_init(&o);
    xf_wl_params *pp = &o.p;

    opterr = 0;
    optind = 1;
    int c;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h",
                            xf_cli_longopts(xf_opts_workload, lo, XF_CLI_MAX_OPTS), NULL)) != -1) {
        int mine = xf_cli_wl_option(&o, c, optarg, &err);
        if (mine < 0)
            return xf_cli_fail(CMD, &err);
        if (mine)
            continue;
        switch (c) {
        case 'B':
            if (xf_cli_parse_ll("--bits", optarg, 1, XF_WL_MAX_BITS, &v, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            pp->w_bits = pp->a_bits = (int)v;
            break;
        case OPT_BPC:
            if (xf_cli_parse_ll("--bits-per-cell", optarg, 1, XF_WL_MAX_BITS_PER_CELL, &v, &err) !=
                XF_OK)
                return xf_cli_fail(CMD, &err);
            pp->bits_per_cell = (int)v;
            break;
        case 'f':
            if (xf_table_format_parse("--format", optarg, &format, &err) != XF_OK)
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
    xf_model m;
    if (xf_cli_wl_finish(&o, CMD, &m, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    const xf_wl_params p = o.p;

    xf_workload w; /* ~32 KB */
    if (xf_workload_build(&m, &p, &w, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    if (format == XF_TABLE_JSON) {
        if (print_json(&w, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
    } else if (format == XF_TABLE_CSV) {
        print_csv(stdout, &w);
    } else if (format != XF_TABLE_TEXT) {
        char title[160];
        snprintf(title, sizeof title, "%s, %s, n = %lld, batch %lld", m.name,
                 p.phase == XF_PHASE_DECODE ? "decode" : "prefill", (long long)p.seq,
                 (long long)p.batch);
        if (xf_cli_csv_via(stdout, format, title, print_csv, &w, NULL, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
    } else {
        print_table(&w);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "workload: cannot write the output");
        return xf_cli_fail(CMD, &err);
    }
    return XF_EXIT_OK;
}
