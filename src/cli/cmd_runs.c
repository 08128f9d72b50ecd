/* xformer runs: what the results database holds - recent sweeps and runs. */
#include "cli.h"
#include "db_select.h"
#include "xf/fmt.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "runs";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: xformer runs [--db FILE] [--sweep ID] [--where EXPR]... [--limit N]\n"
            "                    [--sweeps] [--format table|csv]\n"
            "\n"
            "Lists the sweeps (newest first) and the most recent runs of the results database.\n"
            "With --sweep or --where only the matching runs are listed.\n"
            "\n"
            "  --db FILE       results database (default %s)\n"
            "  --sweep ID      runs of one sweep\n"
            "  --where EXPR    COLUMN=VALUE (also != < <= > >=), as in xformer table --help\n"
            "  --limit N       at most N runs (default 20; 0 = all)\n"
            "  --sweeps        only the sweeps\n"
            "  --format F      table (default) or csv (runs only, every column)\n",
            XF_DB_DEFAULT_PATH);
}

static int print_sweep(const xf_db_sweep *s, void *ctx)
{
    int *n = ctx;
    if ((*n)++ == 0)
        printf("%-5s %-11s %21s %7s %-20s %-20s %s\n", "sweep", "status", "done/total", "failed",
               "started", "finished", "spec");
    char prog[48];
    snprintf(prog, sizeof prog, "%lld/%lld", s->points_done, s->total_points);
    printf("%-5lld %-11s %21s %7lld %-20s %-20s %s%s%s\n", s->id, s->status, prog, s->points_failed,
           s->started, s->finished ? s->finished : "-", s->spec, s->shard ? "; shards " : "",
           s->shard ? s->shard : "");
    return 0;
}

typedef struct {
    int n, csv;
} run_ctx;

static void csv_text(const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, stdout);
        return;
    }
    putchar('"');
    for (; *s; s++) {
        if (*s == '"')
            putchar('"');
        putchar(*s);
    }
    putchar('"');
}

static void csv_num(double v)
{
    if (!isnan(v))
        printf("%.9g", v);
}

static int print_run(const xf_db_run *r, void *vctx)
{
    run_ctx *c = vctx;
    if (c->csv) {
        if (c->n++ == 0)
            puts("id,sweep,point_idx,arch,model,seq,batch,phase,context,latency_s,energy_j,"
                 "area_mm2,power_w,tops,tops_per_w,edp_js,nvm_writes,params,config_hash,"
                 "point_hash,created");
        printf("%lld,", r->id);
        if (r->sweep_id > 0)
            printf("%lld", r->sweep_id);
        putchar(',');
        if (r->point_idx >= 0)
            printf("%lld", r->point_idx);
        putchar(',');
        csv_text(r->arch);
        putchar(',');
        csv_text(r->model);
        printf(",%lld,%lld,%s,%lld", r->seq, r->batch, r->phase, r->context);
        const double v[] = {r->latency_s, r->energy_j,   r->area_mm2, r->power_w,
                            r->tops,      r->tops_per_w, r->edp_js,   r->nvm_writes};
        for (int i = 0; i < 8; i++) {
            putchar(',');
            csv_num(v[i]);
        }
        putchar(',');
        csv_text(r->params);
        printf(",%s,%s,%s\n", r->config_hash, r->point_hash, r->created);
        return 0;
    }
    if (c->n++ == 0)
        printf("%-7s %-5s %-20s %-14s %-12s %7s %5s %11s %11s %10s  %s\n", "run", "sweep",
               "created", "arch", "model", "seq", "batch", "latency", "energy", "area",
               "overrides");
    char sw[24] = "-", lat[32], en[32], ar[32];
    if (r->sweep_id > 0)
        snprintf(sw, sizeof sw, "%lld", r->sweep_id);
    xf_fmt_eng(lat, sizeof lat, r->latency_s, "s", 4);
    xf_fmt_eng(en, sizeof en, r->energy_j, "J", 4);
    snprintf(ar, sizeof ar, "%.4g mm2", r->area_mm2);
    printf("%-7lld %-5s %-20s %-14s %-12s %7lld %5lld %11s %11s %10s  %s\n", r->id, sw, r->created,
           r->arch, r->model, r->seq, r->batch, lat, en, ar,
           strcmp(r->params, "{}") ? r->params : "");
    return 0;
}

int xf_cmd_runs(int argc, char **argv)
{
    enum { O_LIMIT = 300, O_SWEEPS, O_FORMAT };
    static const struct option opts[] = {XF_SEL_LONG_OPTIONS,
                                         {"limit", required_argument, NULL, O_LIMIT},
                                         {"sweeps", no_argument, NULL, O_SWEEPS},
                                         {"format", required_argument, NULL, O_FORMAT},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    xf_err err = {0};
    xf_sel_opts so;
    memset(&so, 0, sizeof so);
    long long limit = 20;
    int only_sweeps = 0, csv = 0, c;
    static const char *const formats[] = {"table", "csv"};
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        int sel = xf_sel_getopt(&so, c, optarg, &err);
        if (sel < 0)
            return xf_cli_fail(&err);
        if (sel)
            continue;
        switch (c) {
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        case O_LIMIT:
            if (xf_cli_parse_ll("--limit", optarg, 0, 1000000000, &limit, &err) != XF_OK)
                return xf_cli_fail(&err);
            break;
        case O_SWEEPS:
            only_sweeps = 1;
            break;
        case O_FORMAT:
            if (xf_cli_choice(CMD, "--format", optarg, formats, 2, &csv, &err) != XF_OK)
                return xf_cli_fail(&err);
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    xf_db *db = NULL;
    if (xf_sel_open(&so, &db, &err) != XF_OK)
        return xf_cli_fail(&err);
    int rc = XF_OK;
    int selected = so.sweep > 0 || so.filter.n_where > 0;
    if (!csv && !selected) {
        int n = 0;
        rc = xf_db_sweeps_each(db, 0, print_sweep, &n, &err);
        if (rc == XF_OK && n == 0)
            printf("no sweeps in %s\n", xf_db_path(db));
        if (!only_sweeps)
            putchar('\n');
    }
    if (rc == XF_OK && (!only_sweeps || csv)) {
        so.filter.limit = limit;
        so.filter.newest_first = 1;
        run_ctx rcx = {0, csv};
        rc = xf_db_runs_each(db, &so.filter, print_run, &rcx, &err);
        if (rc == XF_OK && rcx.n == 0 && !csv)
            printf("no runs%s in %s\n", selected ? " match" : "", xf_db_path(db));
    }
    xf_db_close(db);
    if (rc != XF_OK)
        return xf_cli_fail(&err);
    if (fflush(stdout) != 0) {
        fprintf(stderr, "xformer: runs: cannot write the output\n");
        return XF_EXIT_RUNTIME;
    }
    return XF_EXIT_OK;
}
