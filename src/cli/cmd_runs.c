/* xformer runs: what the results database holds - recent sweeps and runs. */
#include "cli.h"
#include "db_select.h"
#include "xf/fmt.h"
#include "xf/json_out.h"
#include "xf/text.h"
#include "xf/variant.h"
#include "xf/version.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "runs";

#define RUN_COLUMNS                                                                                \
    "id,sweep,point_idx,arch,model,seq,batch,phase,context,latency_s,energy_j,area_mm2,power_w,"   \
    "tops,tops_per_w,edp_js,nvm_writes,params,config_hash,point_hash,created,design"
#define SWEEP_COLUMNS                                                                              \
    "sweep,status,points_done,total_points,points_failed,started,finished,shard,spec"

static void usage(FILE *out);

typedef struct {
    int n, fmt; /* FMT_* */
    FILE *out;  /* where CSV goes: stdout, or memory for md and tex */
    cJSON *arr; /* json: the array being filled */
    int oom;
    xf_variant v;
} list_ctx;

enum { FMT_TABLE, FMT_CSV, FMT_JSON };

static int print_sweep(const xf_db_sweep *s, void *vctx)
{
    list_ctx *c = vctx;
    if (c->fmt == FMT_JSON) {
        cJSON *o = xf_json_object(c->arr, NULL);
        int ok = o && xf_json_int(o, "sweep", s->id) && xf_json_str(o, "status", s->status) &&
                 xf_json_int(o, "points_done", s->points_done) &&
                 xf_json_int(o, "total_points", s->total_points) &&
                 xf_json_int(o, "points_failed", s->points_failed) &&
                 xf_json_str(o, "started", s->started) && xf_json_str(o, "finished", s->finished) &&
                 xf_json_str(o, "shard", s->shard) && xf_json_str(o, "spec", s->spec);
        c->oom |= !ok;
        c->n++;
        return c->oom;
    }
    if (c->fmt == FMT_CSV) {
        if (c->n++ == 0)
            fprintf(c->out, "%s\n", SWEEP_COLUMNS);
        fprintf(c->out, "%lld,%s,%lld,%lld,%lld,%s,%s,", s->id, s->status, s->points_done,
                s->total_points, s->points_failed, s->started, s->finished ? s->finished : "");
        xf_csv_field(c->out, s->shard ? s->shard : "");
        fputc(',', c->out);
        xf_csv_field(c->out, s->spec);
        fputc('\n', c->out);
        return 0;
    }
    if (c->n++ == 0)
        printf("%-5s %-11s %21s %7s %-20s %-20s %s\n", "sweep", "status", "done/total", "failed",
               "started", "finished", "spec");
    char prog[48];
    snprintf(prog, sizeof prog, "%lld/%lld", s->points_done, s->total_points);
    printf("%-5lld %-11s %21s %7lld %-20s %-20s %s%s%s\n", s->id, s->status, prog, s->points_failed,
           s->started, s->finished ? s->finished : "-", s->spec, s->shard ? "; shards " : "",
           s->shard ? s->shard : "");
    return 0;
}

/* The design label of a run, or "" when its overrides make none (a value with a comma). */
static const char *design(list_ctx *c, const xf_db_run *r, char *buf, size_t n)
{
    xf_err e;
    xf_err_clear(&e);
    buf[0] = '\0';
    if (xf_variant_from_params(r->arch, r->params, &c->v, &e) == XF_OK)
        xf_variant_label(&c->v, buf, n);
    return buf;
}

static int json_run(list_ctx *c, const xf_db_run *r, const char *label)
{
    cJSON *o = xf_json_object(c->arr, NULL);
    int ok = o && xf_json_int(o, "id", r->id) &&
             (r->sweep_id > 0 ? xf_json_int(o, "sweep", r->sweep_id) != NULL
                              : xf_json_null(o, "sweep") != NULL) &&
             (r->point_idx >= 0 ? xf_json_int(o, "point_idx", r->point_idx) != NULL
                                : xf_json_null(o, "point_idx") != NULL) &&
             xf_json_str(o, "arch", r->arch) && xf_json_str(o, "model", r->model) &&
             xf_json_int(o, "seq", r->seq) && xf_json_int(o, "batch", r->batch) &&
             xf_json_str(o, "phase", r->phase) && xf_json_int(o, "context", r->context);
    const char *names[] = {"latency_s", "energy_j",   "area_mm2", "power_w",
                           "tops",      "tops_per_w", "edp_js",   "nvm_writes"};
    const double v[] = {r->latency_s, r->energy_j,   r->area_mm2, r->power_w,
                        r->tops,      r->tops_per_w, r->edp_js,   r->nvm_writes};
    for (int i = 0; i < 8 && ok; i++)
        ok = xf_json_num(o, names[i], v[i]) != NULL;
    cJSON *params = ok ? cJSON_Parse(r->params) : NULL;
    if (ok && params && cJSON_IsObject(params)) {
        ok = cJSON_AddItemToObject(o, "params", params);
    } else if (ok) {
        cJSON_Delete(params);
        ok = xf_json_str(o, "params", r->params) != NULL;
    }
    ok = ok && xf_json_str(o, "config_hash", r->config_hash) &&
         xf_json_str(o, "point_hash", r->point_hash) && xf_json_str(o, "created", r->created) &&
         (label[0] ? xf_json_str(o, "design", label) : xf_json_null(o, "design"));
    return ok;
}

static int print_run(const xf_db_run *r, void *vctx)
{
    list_ctx *c = vctx;
    char label[XF_VARIANT_LABEL];
    design(c, r, label, sizeof label);
    if (c->fmt == FMT_JSON) {
        c->oom |= !json_run(c, r, label);
        c->n++;
        return c->oom;
    }
    if (c->fmt == FMT_CSV) {
        if (c->n++ == 0)
            fprintf(c->out, "%s\n", RUN_COLUMNS);
        fprintf(c->out, "%lld,", r->id);
        if (r->sweep_id > 0)
            fprintf(c->out, "%lld", r->sweep_id);
        fputc(',', c->out);
        if (r->point_idx >= 0)
            fprintf(c->out, "%lld", r->point_idx);
        fputc(',', c->out);
        xf_csv_field(c->out, r->arch);
        fputc(',', c->out);
        xf_csv_field(c->out, r->model);
        fprintf(c->out, ",%lld,%lld,%s,%lld", r->seq, r->batch, r->phase, r->context);
        const double v[] = {r->latency_s, r->energy_j,   r->area_mm2, r->power_w,
                            r->tops,      r->tops_per_w, r->edp_js,   r->nvm_writes};
        for (int i = 0; i < 8; i++) {
            char b[XF_NUM_TEXT];
            fprintf(c->out, ",%s", xf_num_text(b, v[i]));
        }
        fputc(',', c->out);
        xf_csv_field(c->out, r->params);
        fprintf(c->out, ",%s,%s,%s,", r->config_hash, r->point_hash, r->created);
        xf_csv_field(c->out, label);
        fputc('\n', c->out);
        return 0;
    }
    if (c->n++ == 0)
        printf("%-7s %-5s %-20s %-12s %7s %5s %11s %11s %10s  %s\n", "run", "sweep", "created",
               "model", "seq", "batch", "latency", "energy", "area", "design");
    char sw[24] = "-", lat[32], en[32], ar[32];
    if (r->sweep_id > 0)
        snprintf(sw, sizeof sw, "%lld", r->sweep_id);
    xf_fmt_eng(lat, sizeof lat, r->latency_s, "s", 4);
    xf_fmt_eng(en, sizeof en, r->energy_j, "J", 4);
    snprintf(ar, sizeof ar, "%.4g mm2", r->area_mm2);
    char dec[64] = "";
    if (strcmp(r->phase, "decode") == 0)
        snprintf(dec, sizeof dec, " (decode, context %lld)", r->context);
    else if (r->tokens > 0)
        snprintf(dec, sizeof dec, " (generate, %lld tokens)", r->tokens);
    printf("%-7lld %-5s %-20s %-12s %7lld %5lld %11s %11s %10s  %s%s%s%s\n", r->id, sw, r->created,
           r->model, r->seq, r->batch, lat, en, ar, label[0] ? label : r->arch, label[0] ? "" : " ",
           label[0] ? "" : r->params, dec);
    return 0;
}

enum { O_LIMIT = 300, O_SWEEPS, O_FORMAT };
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_runs[] = {
    XF_SEL_OPTS,
    {"limit", required_argument, O_LIMIT, 0, "N", NULL, "at most N runs (default 20; 0 = all)"},
    {"sweeps", no_argument, O_SWEEPS, 0, NULL, NULL, "only the sweeps"},
    {"format", required_argument, O_FORMAT, 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default); csv: the runs, every column\n"
     "(id,sweep,point_idx,arch,model,seq,batch,phase,context,latency_s,energy_j,area_mm2,power_w,"
     "tops,tops_per_w,edp_js,nvm_writes,params,config_hash,point_hash,created,design),\n"
     "or with --sweeps the sweeps "
     "(sweep,status,points_done,total_points,points_failed,started,finished,shard,spec);\n"
     "json: {\"tool\", \"db\", \"sweeps\": [...], \"runs\": [...]}, the\n"
     "CSV's columns as keys (null for an empty field; params an\n"
     "object), sweeps when the table lists them, runs unless --sweeps"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_runs = {
    "runs",
    "list the sweeps and recent runs of the results database",
    "xformer runs [--db FILE] [--sweep ID] [--where EXPR]... [--limit N]\n"
    "             [--sweeps] [--format text|md|tex|csv|json]",
    "Lists the sweeps (newest first) and the most recent runs of the results database,\n"
    "each run with its design: the architecture and its overrides, as xformer compare\n"
    "and xformer table label it (xformer[pe.adc_bits=6]). With --sweep or --where only\n"
    "the matching runs are listed.",
    xf_opts_runs,
    "",
    xf_cmd_runs,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_runs);
}

int xf_cmd_runs(int argc, char **argv)
{
    xf_err err = {0};
    xf_sel_opts so;
    memset(&so, 0, sizeof so);
    long long limit = 20;
    int only_sweeps = 0, fmt = FMT_TABLE, c;
    xf_table_format tf = XF_TABLE_TEXT;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_runs, lo, XF_CLI_MAX_OPTS),
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
        case O_LIMIT:
            if (xf_cli_parse_ll("--limit", optarg, 0, 1000000000, &limit, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case O_SWEEPS:
            only_sweeps = 1;
            break;
        case O_FORMAT:
            if (xf_table_format_parse("--format", optarg, &tf, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            /* md and tex render the CSV (xf_cli_csv_render) */
            fmt = tf == XF_TABLE_TEXT ? FMT_TABLE : tf == XF_TABLE_JSON ? FMT_JSON : FMT_CSV;
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    list_ctx *lc = calloc(1, sizeof *lc);
    if (!lc) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        return xf_cli_fail(CMD, &err);
    }
    lc->fmt = fmt;
    lc->out = stdout;
    char *mem = NULL;
    size_t mem_len = 0;
    if ((tf == XF_TABLE_MD || tf == XF_TABLE_TEX) && !(lc->out = open_memstream(&mem, &mem_len))) {
        free(lc);
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        return xf_cli_fail(CMD, &err);
    }
    xf_db *db = NULL;
    if (xf_sel_open(&so, &db, &err) != XF_OK) {
        free(lc);
        return xf_cli_fail(CMD, &err);
    }
    int rc = XF_OK;
    int selected = so.sweep > 0 || so.filter.n_where > 0;
    /* what each format lists: the table the sweeps (unless runs are selected) and the runs
     * (unless --sweeps); CSV one kind (sweeps with --sweeps, else runs); JSON as the table */
    int list_sweeps = fmt == FMT_CSV ? only_sweeps : only_sweeps || !selected;
    int list_runs = !only_sweeps;
    cJSON *root = fmt == FMT_JSON ? xf_json_object(NULL, NULL) : NULL;
    if (fmt == FMT_JSON)
        lc->oom = !root || !xf_json_str(root, "tool", "xformer " XF_VERSION) ||
                  !xf_json_str(root, "db", xf_db_path(db));
    if (list_sweeps && !lc->oom) {
        lc->arr = fmt == FMT_JSON ? xf_json_array(root, "sweeps") : NULL;
        lc->oom |= fmt == FMT_JSON && !lc->arr;
        lc->n = 0;
        rc = lc->oom ? XF_OK : xf_db_sweeps_each(db, 0, print_sweep, lc, &err);
        if (rc == XF_OK && lc->n == 0 && fmt == FMT_TABLE)
            printf("no sweeps in %s\n", xf_db_path(db));
        if (fmt == FMT_TABLE && list_runs)
            putchar('\n');
    }
    if (rc == XF_OK && list_runs && !lc->oom) {
        so.filter.limit = limit;
        so.filter.newest_first = 1;
        lc->arr = fmt == FMT_JSON ? xf_json_array(root, "runs") : NULL;
        lc->oom |= fmt == FMT_JSON && !lc->arr;
        lc->n = 0;
        rc = lc->oom ? XF_OK : xf_db_runs_each(db, &so.filter, print_run, lc, &err);
        if (rc == XF_OK && lc->n == 0 && fmt == FMT_TABLE)
            printf("no runs%s in %s\n", selected ? " match" : "", xf_db_path(db));
    }
    xf_db_close(db);
    if (rc == XF_OK && lc->oom)
        rc = xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    if (rc == XF_OK && fmt == FMT_JSON) {
        rc = xf_json_write(stdout, root, &err);
        root = NULL;
    }
    cJSON_Delete(root);
    if (lc->out != stdout) {
        static const char *const text_cols[] = {"config_hash", "point_hash", "created", NULL};
        int bad = fclose(lc->out) != 0;
        if (rc == XF_OK && (bad || !mem))
            rc = xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        if (rc == XF_OK && mem_len > 0)
            rc = xf_cli_csv_render(stdout, tf, NULL, mem, text_cols, &err);
        free(mem);
    }
    free(lc);
    if (rc != XF_OK)
        return xf_cli_fail(CMD, &err);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "xformer: runs: cannot write the output\n");
        return XF_EXIT_RUNTIME;
    }
    return XF_EXIT_OK;
}
