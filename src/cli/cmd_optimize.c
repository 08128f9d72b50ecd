/* xformer optimize: the best design of a grid (--vary ranges of architecture keys) for one or
 * more workloads by an objective, under constraints, with the Pareto front per workload; the
 * study, its front and its constraints are stored in the results database (xf/optimize.h).
 * Every input is checked before the database is opened: bad input writes nothing. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/db.h"
#include "xf/fmt.h"
#include "xf/text.h"
#include "xf/json_out.h"
#include "xf/optimize.h"
#include "xf/sweep.h"

#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const CMD = "optimize";

/* As in sweep: a signal handler cannot be given a context, so SIGINT/SIGTERM set this flag
 * and the writer polls it (xf_opt_opts.stop) to commit its batch and stop. */
static volatile sig_atomic_t opt_signal = 0;

static void on_signal(int sig)
{
    opt_signal = sig;
}

static void usage(FILE *out);

enum {
    OPT_ARCH = 400,
    OPT_MODEL,
    OPT_SEQ,
    OPT_BATCH,
    OPT_PHASE,
    OPT_CONTEXT,
    OPT_TOKENS,
    OPT_HEAD,
    OPT_SET,
    OPT_VARY,
    OPT_OBJECTIVE,
    OPT_CONSTRAINT,
    OPT_STORE,
    OPT_DB,
    OPT_FORMAT,
    OPT_QUIET,
    OPT_TECHLIB
};

static void progress(const xf_sweep_stats *st, int final, void *vctx)
{
    int *shown = vctx;
    long long todo = st->todo - st->skipped, done = st->evaluated;
    double pct = todo > 0 ? 100.0 * (double)done / (double)todo : 100.0;
    if (final && !*shown)
        return;
    fprintf(stderr, "\roptimize: %5.1f%%  %lld/%lld points  %.0f points/s   ", pct, done, todo,
            st->elapsed > 0 ? (double)done / st->elapsed : 0.0);
    if (final)
        fputc('\n', stderr);
    *shown = 1;
    fflush(stderr);
}

/* A metric's value with its unit: engineering prefixes for s, J, W and J s. */
static char *metric_text(char *buf, size_t n, int m, double v)
{
    static const char *const unit[XF_OPT_N_METRICS] = {
        "s", "J", "mm²", "W", "TOPS", "TOPS/W", "J s", "writes", "W/cm²", "s", "tokens/s", "J"};
    static const int eng[XF_OPT_N_METRICS] = {1, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1};
    if (!isfinite(v))
        snprintf(buf, n, "unknown");
    else if (eng[m])
        xf_fmt_eng(buf, n, v, unit[m], 4);
    else
        snprintf(buf, n, "%.4g %s", v, unit[m]);
    return buf;
}

static int param_cb(const char *key, const char *value, void *ctx)
{
    char *b = ctx;
    size_t l = strlen(b);
    snprintf(b + l, 512 - l, "%s%s=%s", l ? " " : "", key, value);
    return 0;
}

static const char *params_text(const xf_opt_point *p, char *buf)
{
    buf[0] = '\0';
    if (p->params)
        xf_db_params_each(p->params, param_cb, buf);
    if (buf[0] == '\0')
        snprintf(buf, 512, "(the base configuration)");
    return buf;
}

static void print_text(const xf_opt_result *r, const xf_opt_opts *o, const char *db)
{
    printf("optimize: study %lld (sweep %lld, %s): %lld of %lld points evaluated%s; objective "
           "%s\n",
           r->study_id, r->sweep_id, db, r->evaluated, r->total,
           r->already_done ? " (stored before)"
           : r->resumed    ? " (resumed)"
                           : "",
           xf_objective_name(o->objective));
    if (r->failed > 0)
        printf("  %lld points failed to evaluate and are left out\n", r->failed);
    for (int g = 0; g < r->n_groups; g++) {
        const xf_opt_group *G = &r->groups[g];
        char b1[64], b2[64], b3[64], b4[64], b5[64], b6[64], pb[512];
        printf("\n%s: %lld points, %lld feasible, front %lld points\n", G->name, G->evaluated,
               G->feasible, G->front);
        if (G->best.found) {
            const double *m = G->best.m;
            printf("  best: %s\n", params_text(&G->best, pb));
            printf("    latency %s, energy %s, area %s, power %s, %s, EDP %s\n",
                   metric_text(b1, sizeof b1, 0, m[0]), metric_text(b2, sizeof b2, 1, m[1]),
                   metric_text(b3, sizeof b3, 2, m[2]), metric_text(b4, sizeof b4, 3, m[3]),
                   metric_text(b5, sizeof b5, 5, m[5]), metric_text(b6, sizeof b6, 6, m[6]));
        } else {
            printf("  nothing is feasible: no point meets every constraint\n");
        }
        int any = 0;
        for (int c = 0; c < o->n_cons; c++) {
            const xf_opt_constraint *k = &o->cons[c];
            const xf_opt_point *w = &G->without[c];
            if (w->found && !xf_opt_meets(k, w->m[k->metric])) {
                printf("  %s binds: without it the best point has %s (%s)\n", k->expr,
                       metric_text(b1, sizeof b1, k->metric, w->m[k->metric]), params_text(w, pb));
                any = 1;
            }
        }
        if (o->n_cons > 0 && !any)
            printf("  no constraint binds\n");
    }
    if (o->n_cons > 0)
        printf("\n");
    for (int c = 0; c < o->n_cons; c++)
        printf("%s: %lld evaluated, %lld violated, 0 pruned\n", o->cons[c].expr, r->evaluated_c[c],
               r->violated_c[c]);
}

static const char *binding_list(const xf_opt_result *r, const xf_opt_opts *o, int g, char *buf)
{
    buf[0] = '\0';
    for (int c = 0; c < o->n_cons; c++) {
        const xf_opt_point *w = &r->groups[g].without[c];
        if (w->found && !xf_opt_meets(&o->cons[c], w->m[o->cons[c].metric])) {
            size_t l = strlen(buf);
            snprintf(buf + l, 512 - l, "%s%s", l ? " " : "", o->cons[c].expr);
        }
    }
    return buf;
}

typedef struct {
    const xf_opt_result *r;
    const xf_opt_opts *o;
} opt_report;

/* One row a workload: its best point and the binding constraints, as CSV (md and tex render
 * it: xf_cli_csv_via). ctx: an opt_report. */
static void print_csv(FILE *out, const void *ctx)
{
    const xf_opt_result *r = ((const opt_report *)ctx)->r;
    const xf_opt_opts *o = ((const opt_report *)ctx)->o;
    static const int cols[] = {0, 1, 2, 3, 5, 6};
    fprintf(out, "workload,points,feasible,front,best_idx,best,latency_s,energy_j,area_mm2,"
                 "power_w,tops_per_w,edp_js,binding\n");
    for (int g = 0; g < r->n_groups; g++) {
        const xf_opt_group *G = &r->groups[g];
        char pb[512], bb[512], nb[XF_NUM_TEXT];
        xf_csv_field(out, G->name);
        fprintf(out, ",%lld,%lld,%lld,", G->evaluated, G->feasible, G->front);
        if (G->best.found) {
            fprintf(out, "%lld,", G->best.idx);
            xf_csv_field(out, params_text(&G->best, pb));
        } else {
            fputc(',', out); /* no feasible point: best_idx and best empty */
        }
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            fprintf(out, ",%s", G->best.found ? xf_num_text(nb, G->best.m[cols[k]]) : "");
        fputc(',', out);
        xf_csv_field(out, binding_list(r, o, g, bb));
        fputc('\n', out);
    }
}

/* The stored summary with the study and sweep ids in front: its numbers as stored (the
 * shortest text that reads back to the same double), not printed again. */
static int print_json(const xf_opt_result *r, xf_err *err)
{
    const char *t = r->summary;
    if (!t || t[0] != '{')
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    printf("{\"study\":%lld,\"sweep\":%lld%s%s\n", r->study_id, r->sweep_id, t[1] == '}' ? "" : ",",
           t + 1);
    return XF_OK;
}

/* The sweep names a dimension's errors "--set KEY=..."; a --vary dimension's are "--vary". */
static void vary_message(xf_err *err, const char *const (*dims)[2], const int *vary, int n)
{
    if (strncmp(err->msg, "--set ", 6) != 0)
        return;
    for (int i = 0; i < n; i++) {
        if (!vary[i])
            continue;
        size_t kl = strcspn(dims[i][1], "=");
        if (strncmp(err->msg + 6, dims[i][1], kl) == 0 && err->msg[6 + kl] == '=') {
            char t[XF_ERR_MSG_LEN];
            snprintf(t, sizeof t, "--vary %s", err->msg + 6);
            snprintf(err->msg, sizeof err->msg, "%s", t);
            return;
        }
    }
}

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_optimize[] = {
    {"arch", required_argument, OPT_ARCH, 0, "A", "@arch",
     "the architecture (xformer archs) or a .cfg file"},
    {"model", required_argument, OPT_MODEL, 0, "M", "@model",
     "zoo model (xformer models), hf:PATH/config.json or a model file"},
    {"seq", required_argument, OPT_SEQ, 0, "S", NULL, "tokens (the prompt with --phase generate)"},
    {"batch", required_argument, OPT_BATCH, 0, "B", NULL, "sequences per pass (default 1)"},
    {"phase", required_argument, OPT_PHASE, 0, "P", "prefill decode generate",
     "prefill (default), decode or generate"},
    {"context", required_argument, OPT_CONTEXT, 0, "T", NULL,
     "decode: tokens already in the KV cache"},
    {"tokens", required_argument, OPT_TOKENS, 0, "T", NULL,
     "generate: tokens generated after the prefill"},
    {"head", no_argument, OPT_HEAD, 0, NULL, NULL, "encoders: count the pooler / classifier"},
    {"set", required_argument, OPT_SET, 0, "KEY=VALUE", NULL, "a fixed override (one value)"},
    {"vary", required_argument, OPT_VARY, 0, "KEY=VALUES", NULL,
     "a dimension of the grid: a,b,c | lo..hi+step | lo..hi*factor"},
    {"objective", required_argument, OPT_OBJECTIVE, 0, "O", "edp latency energy tops_per_w",
     "edp (default, latency x energy), latency, energy (minimised)\n"
     "or tops_per_w (maximised)"},
    {"constraint", required_argument, OPT_CONSTRAINT, 0, "C", NULL,
     "METRIC OP BOUND with OP < <= > >=, METRIC a result column:\n"
     "latency_s energy_j area_mm2 power_w tops tops_per_w edp_js\n"
     "nvm_writes power_density_w_per_cm2 ttft_s tokens_per_s\n"
     "energy_per_token_j (e.g. 'area_mm2<=858'); repeatable"},
    {"store", required_argument, OPT_STORE, 0, "front", "front all",
     "store the front points as runs (default); all: every point"},
    {"db", required_argument, OPT_DB, 0, "FILE", "@file",
     "results database (default: XFORMER_DB, else results/xformer.db)"},
    {"jobs", required_argument, 'j', 'j', "N", NULL,
     "worker threads (default: the number of cores)"},
    {"threads", required_argument, 'j', 0, "N", NULL, "the same as --jobs"},
    {"format", required_argument, OPT_FORMAT, 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md, tex, csv (one row a workload) or json\n"
     "(the stored summary)"},
    {"quiet", no_argument, OPT_QUIET, 0, NULL, NULL, "no progress on stderr"},
    {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_optimize = {
    "optimize",
    "the best design of a grid under constraints, with its Pareto front",
    "xformer optimize --arch A --model M --seq S [--batch B]\n"
    "                 [--phase prefill|decode|generate] [--context T] [--tokens T]\n"
    "                 --vary KEY=VALUES... [--set KEY=VALUE]...\n"
    "                 [--objective edp|latency|energy|tops_per_w]\n"
    "                 [--constraint 'METRIC OP BOUND']... [--store front|all]\n"
    "                 [--db FILE] [-j N] [--format text|md|tex|csv|json] [--quiet]",
    "Evaluates every point of the grid (the product of the --vary values, as xformer\n"
    "sweep does) and reports, for each workload (model, seq, phase, batch), the point\n"
    "best by the objective among those meeting every constraint, the Pareto front of\n"
    "those points (latency, energy, area) and which constraint binds (the best point\n"
    "without it violates it). Nothing is pruned: every point is evaluated.",
    xf_opts_optimize,
    "Stored: a studies row (kind optimize, the answer in its summary), the front in\n"
    "study_front (best = 1 for the best point), study_constraints. Ctrl-C commits and\n"
    "stops; the same command resumes and gives the same answer. xformer plot --kind\n"
    "pareto draws the front.",
    xf_cmd_optimize,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_optimize);
}

int xf_cmd_optimize(int argc, char **argv)
{
    static const char *const stores[] = {"front", "all"};
    xf_err err = {0};
    xf_opt_opts oo;
    memset(&oo, 0, sizeof oo);
    const char *db_path = NULL, *techlib = NULL;
    const char *dims[256][2];
    int vary[256] = {0};
    int n_dims = 0, n_vary = 0, have_arch = 0, have_model = 0, have_seq = 0, quiet = 0;
    xf_table_format format = XF_TABLE_TEXT;
    int c;
    xf_phase phase = XF_PHASE_PREFILL;
    long long tokens = 0, jobs = 0;
    int head = 0;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":hj:",
                            xf_cli_longopts(xf_opts_optimize, lo, XF_CLI_MAX_OPTS), NULL)) != -1) {
        const char *what = NULL;
        switch (c) {
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        case OPT_ARCH:
            what = "arch";
            have_arch = 1;
            break;
        case OPT_MODEL:
            what = "model";
            have_model = 1;
            break;
        case OPT_SEQ:
            what = "seq";
            have_seq = 1;
            break;
        case OPT_BATCH:
            what = "batch";
            break;
        case OPT_CONTEXT:
            what = "context";
            break;
        case OPT_SET:
        case OPT_VARY: {
            const char *eq = strchr(optarg, '=');
            const char *opt = c == OPT_SET ? "--set" : "--vary";
            if (!eq || eq == optarg || eq[1] == '\0') {
                return xf_cli_usage_error(CMD, "%s '%s': expected KEY=%s", opt, optarg,
                                          c == OPT_SET ? "VALUE"
                                                       : "VALUES (a,b,c, lo..hi+step or "
                                                         "lo..hi*factor)");
            }
            if (c == OPT_SET && strchr(eq + 1, ',') != NULL)
                return xf_cli_usage_error(CMD, "--set '%s': one value; vary a key with --vary",
                                          optarg);
            if (c == OPT_VARY)
                n_vary++;
            what = "set";
            break;
        }
        case OPT_PHASE:
            if (xf_cli_parse_phase(CMD, optarg, &phase, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_TOKENS:
            if (xf_cli_parse_ll("--tokens", optarg, 1, XF_WL_MAX_SEQ, &tokens, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_HEAD:
            head = 1;
            break;
        case OPT_OBJECTIVE:
            if (xf_objective_parse(optarg, &oo.objective, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_CONSTRAINT:
            if (oo.n_cons >= XF_OPT_MAX_CONS)
                return xf_cli_usage_error(CMD, "at most %d constraints", XF_OPT_MAX_CONS);
            if (xf_opt_constraint_parse(optarg, &oo.cons[oo.n_cons], &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            oo.n_cons++;
            break;
        case OPT_STORE:
            if (xf_cli_choice(CMD, "--store", optarg, stores, 2, &oo.store_all, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_DB:
            db_path = optarg;
            break;
        case 'j':
            if (xf_cli_parse_ll("-j", optarg, 1, 256, &jobs, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_FORMAT:
            if (xf_table_format_parse("--format", optarg, &format, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_TECHLIB:
            techlib = optarg;
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
        if (what) {
            if (n_dims >= 256)
                return xf_cli_usage_error(CMD, "too many options");
            dims[n_dims][0] = what;
            dims[n_dims][1] = optarg;
            vary[n_dims] = c == OPT_VARY;
            n_dims++;
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!have_arch)
        return xf_cli_usage_error(CMD, "--arch A is required (the architecture to vary)");
    if (!have_model)
        return xf_cli_usage_error(CMD, "--model M is required");
    if (!have_seq)
        return xf_cli_usage_error(CMD, "--seq S is required");
    if (n_vary == 0)
        return xf_cli_usage_error(CMD, "at least one --vary KEY=VALUES is required");
    for (int i = 0; i < oo.n_cons; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(oo.cons[i].expr, oo.cons[k].expr) == 0)
                return xf_cli_usage_error(CMD, "--constraint '%s' given twice", oo.cons[i].expr);
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_sweep_spec *s = NULL;
    if (xf_sweep_spec_new(dir, &s, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_sweep_set_phase(s, phase);
    xf_sweep_set_tokens(s, tokens);
    xf_sweep_set_head(s, head);
    for (int i = 0; i < n_dims && err.code == XF_OK; i++)
        xf_sweep_add(s, dims[i][0], dims[i][1], &err);
    if (err.code == XF_OK)
        xf_sweep_prepare(s, &err);
    if (err.code != XF_OK) {
        xf_sweep_spec_free(s);
        vary_message(&err, (const char *const(*)[2])dims, vary, n_dims);
        return xf_cli_fail(CMD, &err);
    }
    int named = db_path != NULL;
    const char *db_opt = "--db ";
    if (!db_path && (db_path = xf_cli_db_env()) != NULL)
        db_opt = "XFORMER_DB=";
    if (db_path && xf_cli_db_check(CMD, db_opt, db_path, &err) != XF_OK) {
        xf_sweep_spec_free(s);
        return xf_cli_fail(CMD, &err);
    }
    xf_db *db = NULL;
    if (xf_db_open(db_path, XF_DB_CREATE, &db, &err) != XF_OK) {
        xf_sweep_spec_free(s);
        return xf_cli_fail(CMD, &err);
    }
    if (!quiet || !named)
        fprintf(stderr, "xformer optimize: results database %s\n", xf_db_path(db));
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    int shown = 0;
    oo.threads = (int)jobs;
    oo.stop = &opt_signal;
    if (!quiet && isatty(STDERR_FILENO)) {
        oo.progress = progress;
        oo.ctx = &shown;
        oo.progress_interval = 0.2;
    }
    xf_opt_result r;
    int rc = xf_optimize(s, db, &oo, &r, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    int code = XF_EXIT_OK;
    if (rc != XF_OK) {
        code = xf_cli_fail(CMD, &err);
    } else if (r.interrupted) {
        int sig = (int)opt_signal;
        fprintf(stderr,
                "xformer: optimize: study %lld interrupted by %s: %lld of %lld points counted "
                "in %s; the same command resumes it\n",
                r.study_id, sig == SIGTERM ? "SIGTERM" : "SIGINT", r.watermark, r.total,
                xf_db_path(db));
        code = 128 + (sig ? sig : SIGINT);
    } else {
        opt_report rep = {&r, &oo};
        if (format == XF_TABLE_TEXT)
            print_text(&r, &oo, xf_db_path(db));
        else if (format == XF_TABLE_JSON)
            code = print_json(&r, &err) == XF_OK ? XF_EXIT_OK : xf_cli_fail(CMD, &err);
        else if (format == XF_TABLE_CSV)
            print_csv(stdout, &rep);
        else if (xf_cli_csv_via(stdout, format, "optimize: the best point of each workload",
                                print_csv, &rep, NULL, &err) != XF_OK)
            code = xf_cli_fail(CMD, &err);
        if (r.failed > 0 && code == XF_EXIT_OK)
            fprintf(stderr, "xformer: optimize: %lld points failed to evaluate; first: %s\n",
                    r.failed, r.st.first_error[0] ? r.st.first_error : "(stored before)");
    }
    if (fflush(stdout) != 0 && code == XF_EXIT_OK) {
        fprintf(stderr, "xformer: optimize: cannot write the output\n");
        code = XF_EXIT_RUNTIME;
    }
    xf_opt_result_free(&r);
    xf_db_close(db);
    xf_sweep_spec_free(s);
    return code;
}
