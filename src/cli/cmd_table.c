/* xformer table: comparison tables (speed-up and energy ratio against a baseline, geometric
 * means) from the runs stored in the results database. */
#include "cli.h"
#include "db_select.h"
#include "xf/file.h"
#include "xf/table.h"
#include "xf/variant.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "table";

static void usage(FILE *out);

/* The design label of a run: ARCH[KEY=VALUE,...] of its stored overrides (caller frees). */
static char *run_label(const xf_db_run *r, xf_variant *v, xf_err *err)
{
    if (xf_variant_from_params(r->arch, r->params, v, err) != XF_OK)
        return NULL;
    size_t n = xf_variant_label(v, NULL, 0) + 1;
    char *s = malloc(n);
    if (!s)
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    else
        xf_variant_label(v, s, n);
    return s;
}

enum { O_BASE = 300, O_FORMAT, O_TITLE, O_OUT, O_COLUMNS };
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_table[] = {
    XF_SEL_OPTS,
    {"baseline", required_argument, O_BASE, 0, "DESIGN", NULL,
     "the design the others are compared with: a design label or\n"
     "an architecture with a single design in the selection"},
    {"format", required_argument, O_FORMAT, 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md (GitHub Markdown), tex (LaTeX tabular\n"
     "with booktabs rules), csv (kind,model,seq,batch,phase,\n"
     "context,arch,latency_s,energy_j,speedup,energy_ratio\n"
     "[,area_mm2][,power_w]; kind point or geomean) or json (the\n"
     "CSV's rows as objects: {\"tool\",\"baseline\",\"title\",\"rows\"})"},
    {"title", required_argument, O_TITLE, 0, "TEXT", NULL,
     "a title line (a comment in LaTeX, \"title\" in JSON)"},
    {"out", required_argument, O_OUT, 0, "FILE", "@file",
     "write the table to FILE (replaced atomically) instead of\n"
     "standard output"},
    {"columns", required_argument, O_COLUMNS, 0, "LIST", NULL,
     "add area (mm^2) and/or power (W) of each run: area,power"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_table = {
    "table",
    "comparison tables from the results database",
    "xformer table --baseline DESIGN [--db FILE] [--sweep ID] [--where EXPR]...\n"
    "              [--columns area,power] [--format text|md|tex|csv|json]\n"
    "              [--title TEXT] [--out FILE]",
    "One row per (model, point, design) of the selected runs with latency, energy,\n"
    "speed-up = latency(baseline) / latency and energy ratio = energy(baseline) /\n"
    "energy at the same model and point (seq, phase, context, batch), then the\n"
    "geometric mean of each design's ratios. A design is labelled with its\n"
    "architecture and every --set override of its runs, canonical (keys sorted):\n"
    "'xformer[pe.adc_bits=6]', as xformer compare --archs writes and reads designs.",
    xf_opts_table,
    "",
    xf_cmd_table,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_table);
}

int xf_cmd_table(int argc, char **argv)
{
    xf_err err = {0};
    xf_sel_opts so;
    memset(&so, 0, sizeof so);
    const char *baseline = NULL, *title = NULL, *out_path = NULL;
    xf_table_format fmt = XF_TABLE_TEXT;
    unsigned columns = 0;
    int c;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_table, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        int sel = xf_sel_getopt(&so, c, optarg, &err);
        if (sel < 0)
            return xf_cli_fail(CMD, &err);
        if (sel)
            continue;
        switch (c) {
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        case O_BASE:
            baseline = optarg;
            break;
        case O_FORMAT:
            if (xf_table_format_parse("--format", optarg, &fmt, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case O_COLUMNS:
            if (xf_table_columns_parse("--columns", optarg, &columns, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case O_TITLE:
            title = optarg;
            break;
        case O_OUT:
            out_path = optarg;
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!baseline)
        return xf_cli_usage_error(CMD, "--baseline DESIGN is required");
    /* the baseline in canonical form, as the labels are; checked before the database opens */
    xf_variant *bv = malloc(sizeof *bv);
    char base_label[XF_VARIANT_LABEL];
    if (!bv) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        return xf_cli_fail(CMD, &err);
    }
    if (xf_variant_parse("--baseline", baseline, bv, &err) != XF_OK) {
        free(bv);
        return xf_cli_fail(CMD, &err);
    }
    xf_variant_label(bv, base_label, sizeof base_label);
    free(bv);
    char target[XF_FILE_PATH];
    if (out_path && xf_file_check_out(out_path, target, sizeof target, &err) != XF_OK)
        return xf_cli_fail(CMD, &err); /* before the database is read: nothing is written */
    xf_db *db = NULL;
    if (xf_sel_open(&so, &db, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_db_sel sel;
    int rc = xf_db_select(db, &so.filter, 100000, &sel, &err);
    xf_db_close(db);
    if (rc != XF_OK) {
        xf_db_sel_free(&sel);
        return xf_cli_fail(CMD, &err);
    }
    xf_table_row *rows = calloc((size_t)sel.n, sizeof *rows);
    char **labels = calloc((size_t)sel.n, sizeof *labels);
    xf_variant *lc = malloc(sizeof *lc);
    char *text = NULL;
    size_t len = 0;
    FILE *mem = NULL;
    if (!rows || !labels || !lc) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        goto done;
    }
    for (int i = 0; i < sel.n; i++) {
        const xf_db_run *r = &sel.runs[i].r;
        if ((labels[i] = run_label(r, lc, &err)) == NULL)
            goto done;
        rows[i].arch = labels[i];
        rows[i].model = r->model;
        rows[i].seq = r->seq;
        rows[i].batch = r->batch;
        rows[i].phase = r->phase;
        rows[i].context = r->context;
        rows[i].latency_s = r->latency_s;
        rows[i].energy_j = r->energy_j;
        rows[i].area_mm2 = r->area_mm2;
        rows[i].power_w = r->power_w;
        rows[i].tokens = r->tokens;
        rows[i].ttft_s = r->ttft_s;
        rows[i].tokens_per_s = r->tokens_per_s;
        rows[i].energy_per_token_j = r->energy_per_token_j;
    }
    mem = open_memstream(&text, &len);
    if (!mem) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        goto done;
    }
    xf_table_opts to = {base_label, fmt, title, columns};
    rc = xf_table_write(mem, rows, sel.n, &to, &err);
    fclose(mem);
    if (rc != XF_OK)
        goto done;
    if (out_path) {
        xf_file_replace(out_path, text, len, &err);
    } else if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0) {
        xf_err_set(&err, XF_ERR_RUNTIME, "table: cannot write the output");
    }
done:
    free(text);
    for (int i = 0; labels && i < sel.n; i++)
        free(labels[i]);
    free(labels);
    free(lc);
    free(rows);
    xf_db_sel_free(&sel);
    return err.code ? xf_cli_fail(CMD, &err) : XF_EXIT_OK;
}
