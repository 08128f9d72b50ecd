/* xformer uncertainty and xformer sensitivity: a design (and a baseline) on one workload with
 * its ranged values drawn (Monte Carlo) or swung one at a time (src/studies/), printed as a
 * table in five formats and stored as a study in the results database.
 *
 * The two commands share their options (designs, workload, ranges, output, database) and
 * their record of what produced the numbers: the designs, the workload, every ranged value
 * with its range, distribution and source, and (Monte Carlo) the seed and sample count. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/db.h"
#include "xf/grid.h"
#include "xf/json_out.h"
#include "xf/study.h"
#include "xf/variant.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SETS 32

enum {
    OPT_ARCH = 400,
    OPT_BASELINE,
    OPT_SET,
    OPT_RANGE,
    OPT_SAMPLES,
    OPT_SEED,
    OPT_THREADS,
    OPT_INDEPENDENT,
    OPT_METRIC,
    OPT_FORMAT,
    OPT_TECHLIB,
    OPT_DB,
    OPT_NO_DB
};

typedef struct {
    const char *cmd;
    int mc; /* uncertainty (1) or sensitivity (0) */
    const char *arch, *baseline, *techlib, *db_path;
    int no_db, n_sets, n_ranges, independent, threads, metric;
    const char *sets[MAX_SETS], *ranges[XF_STUDY_MAX_CLI_RANGES];
    long long samples, seed;
    xf_table_format format;
    xf_cli_wl o;
    char design[XF_VARIANT_LABEL];
} study_opts;

/* The options of both studies (their tables below add their own). */
#define STUDY_COMMON_OPTS                                                                          \
    XF_WL_OPTS,                                                                                    \
        {"arch",                                                                                   \
         required_argument,                                                                        \
         OPT_ARCH,                                                                                 \
         0,                                                                                        \
         "DESIGN",                                                                                 \
         "@arch",                                                                                  \
         "ARCH or ARCH[KEY=VALUE,...] (xformer archs lists them)"},                                \
        {"baseline",                                                                               \
         required_argument,                                                                        \
         OPT_BASELINE,                                                                             \
         0,                                                                                        \
         "DESIGN",                                                                                 \
         "@arch",                                                                                  \
         "the design ratios are taken against (speedup, energy_gain:\n"                            \
         "baseline / design; tops_per_w_gain, area_ratio, power_ratio:\n"                          \
         "design / baseline)"},                                                                    \
        {"set",                                                                                    \
         required_argument,                                                                        \
         OPT_SET,                                                                                  \
         0,                                                                                        \
         "KEY=VALUE",                                                                              \
         NULL,                                                                                     \
         "override a key of --arch (the value is then fixed: a range of\n"                         \
         "that key is not drawn); repeatable"},                                                    \
        {"range",                                                                                  \
         required_argument,                                                                        \
         OPT_RANGE,                                                                                \
         0,                                                                                        \
         "KEY=LO..HI[,DIST]",                                                                      \
         NULL,                                                                                     \
         "give an architecture key a range (as --set writes the\n"                                 \
         "key, a quantity with its unit: pe.adc_rate_GSps=0.64..2.56);\n"                          \
         "DIST uniform (default), loguniform, triangular (mode at the\n"                           \
         "value) or lognormal (LO, HI its P5 and P95); whole-number\n"                             \
         "ends draw whole numbers; repeatable"},                                                   \
        {"format",                                                                                 \
         required_argument,                                                                        \
         OPT_FORMAT,                                                                               \
         0,                                                                                        \
         "F",                                                                                      \
         XF_CLI_TABLE_FORMATS,                                                                     \
         "text (default), md, tex, csv or json"},                                                  \
        {"db",                                                                                     \
         required_argument,                                                                        \
         OPT_DB,                                                                                   \
         0,                                                                                        \
         "FILE",                                                                                   \
         "@file",                                                                                  \
         "results database the study is stored in (default\n"                                      \
         "$XFORMER_DB, else " XF_DB_DEFAULT_PATH ")"},                                             \
        {"no-db", no_argument, OPT_NO_DB, 0, NULL, NULL, "store nothing"},                         \
        {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir", "technology library"},       \
    {                                                                                              \
        "help", no_argument, 'h', 'h', NULL, NULL, "this text"                                     \
    }

const xf_cli_opt xf_opts_uncertainty[] = {
    STUDY_COMMON_OPTS,
    {"samples", required_argument, OPT_SAMPLES, 0, "K", NULL,
     "Monte Carlo samples (default 10000; 1 to 1000000)"},
    {"seed", required_argument, OPT_SEED, 0, "S", NULL,
     "seed of the GSL mt19937 generators (default 1); the same\n"
     "seed and K give the same numbers at any --threads"},
    {"threads", required_argument, OPT_THREADS, 0, "T", NULL,
     "worker threads (default: online cores)"},
    {"independent", no_argument, OPT_INDEPENDENT, 0, NULL, NULL,
     "draw the baseline's values apart from the design's"},
    XF_CLI_OPT_END,
};

const xf_cli_opt xf_opts_sensitivity[] = {
    STUDY_COMMON_OPTS,
    {"metric", required_argument, OPT_METRIC, 0, "M",
     "latency_s energy_j area_mm2 power_w tops_per_w edp_js speedup energy_gain area_ratio "
     "power_ratio tops_per_w_gain edp_gain",
     "latency_s (default), energy_j, area_mm2, power_w,\n"
     "tops_per_w, edp_js; with --baseline also speedup,\n"
     "energy_gain, area_ratio, power_ratio, tops_per_w_gain,\n"
     "edp_gain"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_uncertainty = {
    "uncertainty",
    "Monte Carlo over the cited ranges: P5 / P50 / P95 of every metric and ratio",
    "xformer uncertainty --arch DESIGN [--baseline DESIGN] --model NAME --seq N\n"
    "       [--batch B] [--phase ...] [--set KEY=VALUE]... [--range KEY=LO..HI[,DIST]]...\n"
    "       [--samples K] [--seed S] [--threads T] [--independent]\n"
    "       [--format text|md|tex|csv|json] [--db FILE | --no-db] [--techlib DIR]",
    "Monte Carlo over every value that carries a range (the technology files' and\n"
    "the architecture files' range_ keys, and each --range): P5, P50, P95, mean and\n"
    "sd of latency, energy, area, power, TOPS/W and EDP, and of each ratio against\n"
    "the baseline. A value both designs hold (a technology file both load) is drawn\n"
    "once per sample for both, so a ratio's spread is not inflated by independent\n"
    "draws; --independent draws them apart (to see the difference).",
    xf_opts_uncertainty,
    "",
    xf_cmd_uncertainty,
    NULL,
};

const xf_cli_spec xf_spec_sensitivity = {
    "sensitivity",
    "one-at-a-time swings of every ranged value, ranked, with elasticities",
    "xformer sensitivity --arch DESIGN [--baseline DESIGN] --model NAME --seq N\n"
    "       [--batch B] [--phase ...] [--set KEY=VALUE]... [--range KEY=LO..HI[,DIST]]...\n"
    "       [--metric M] [--format text|md|tex|csv|json] [--db FILE | --no-db]\n"
    "       [--techlib DIR]",
    "One-at-a-time sensitivity: every ranged value to the low and the high end of its\n"
    "range, the others at their cited values, ranked by the swing of the metric\n"
    "|m(hi) - m(lo)| / m(nominal), with the elasticity d ln(metric) / d ln(value)\n"
    "over the range. A value with no effect ranks last. plot --kind tornado draws it.",
    xf_opts_sensitivity,
    "",
    xf_cmd_sensitivity,
    NULL,
};

static int parse(int argc, char **argv, study_opts *s, xf_err *err)
{
    const char *cmd = s->cmd;
    if (xf_cli_repeats(cmd, argc, argv))
        return -1;
    opterr = 0;
    optind = 1;
    int c;
    long long v;
    const xf_cli_opt *mine_t = s->mc ? xf_opts_uncertainty : xf_opts_sensitivity;
    const xf_cli_opt *other_t = s->mc ? xf_opts_sensitivity : xf_opts_uncertainty;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(mine_t, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        int mine = xf_cli_wl_option(&s->o, c, optarg, err);
        if (mine < 0)
            return xf_cli_fail(cmd, err), -1;
        if (mine)
            continue;
        switch (c) {
        case OPT_ARCH:
            s->arch = optarg;
            break;
        case OPT_BASELINE:
            s->baseline = optarg;
            break;
        case OPT_SET:
            if (s->n_sets == MAX_SETS)
                return xf_cli_usage_error(cmd, "more than %d --set options", MAX_SETS), -1;
            s->sets[s->n_sets++] = optarg;
            break;
        case OPT_RANGE:
            if (s->n_ranges == XF_STUDY_MAX_CLI_RANGES)
                return xf_cli_usage_error(cmd, "more than %d --range options",
                                          XF_STUDY_MAX_CLI_RANGES),
                       -1;
            s->ranges[s->n_ranges++] = optarg;
            break;
        case OPT_SAMPLES:
            if (xf_cli_parse_ll("--samples", optarg, 1, XF_STUDY_MAX_SAMPLES, &s->samples, err))
                return xf_cli_fail(cmd, err), -1;
            break;
        case OPT_SEED:
            if (xf_cli_parse_ll("--seed", optarg, 0, 4294967295LL, &s->seed, err))
                return xf_cli_fail(cmd, err), -1;
            break;
        case OPT_THREADS:
            if (xf_cli_parse_ll("--threads", optarg, 1, 256, &v, err))
                return xf_cli_fail(cmd, err), -1;
            s->threads = (int)v;
            break;
        case OPT_INDEPENDENT:
            s->independent = 1;
            break;
        case OPT_METRIC: {
            static const char *names[XF_SM_COUNT];
            for (int i = 0; i < XF_SM_COUNT; i++)
                names[i] = xf_study_metric_name(i);
            if (xf_cli_choice(cmd, "--metric", optarg, names, XF_SM_COUNT, &s->metric, err))
                return xf_cli_fail(cmd, err), -1;
            break;
        }
        case OPT_FORMAT:
            if (xf_table_format_parse("--format", optarg, &s->format, err) != XF_OK)
                return xf_cli_fail(cmd, err), -1;
            break;
        case OPT_TECHLIB:
            s->techlib = optarg;
            break;
        case OPT_DB:
            if (!optarg[0]) /* SQLite would take "" as a temporary database */
                return xf_cli_usage_error(cmd, "--db '': empty path; expected a database file"), -1;
            s->db_path = optarg;
            break;
        case OPT_NO_DB:
            s->no_db = 1;
            break;
        case 'h':
            xf_cli_help(stdout, s->mc ? &xf_spec_uncertainty : &xf_spec_sensitivity);
            return 1;
        default:
            /* an option of the other study: say so */
            for (int i = 0; c == '?' && other_t[i].name; i++)
                if (strncmp(argv[optind - 1], "--", 2) == 0 &&
                    strncmp(argv[optind - 1] + 2, other_t[i].name, strlen(other_t[i].name)) == 0 &&
                    strchr("=", argv[optind - 1][2 + strlen(other_t[i].name)]))
                    return xf_cli_usage_error(cmd, "--%s is an option of xformer %s",
                                              other_t[i].name,
                                              s->mc ? "sensitivity" : "uncertainty"),
                           -1;
            return xf_cli_bad_option(cmd, c, argv), -1;
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]), -1;
    if (!s->arch)
        return xf_cli_usage_error(cmd, "--arch DESIGN is required"), -1;
    if (s->no_db && s->db_path)
        return xf_cli_usage_error(cmd, "--db and --no-db exclude each other"), -1;
    if (s->metric >= XF_SM_DESIGN_COUNT && !s->baseline)
        return xf_cli_usage_error(cmd, "--metric %s is a ratio; it needs --baseline DESIGN",
                                  xf_study_metric_name(s->metric)),
               -1;
    /* the design with the --set overrides folded into its label */
    xf_variant *dv = malloc(sizeof *dv);
    int rc = dv ? xf_variant_parse("--arch", s->arch, dv, err) : -1;
    for (int i = 0; rc == XF_OK && i < s->n_sets; i++) {
        const char *eq = strchr(s->sets[i], '=');
        char key[XF_VARIANT_KEY];
        if (!eq || eq == s->sets[i] || (size_t)(eq - s->sets[i]) >= sizeof key) {
            free(dv);
            return xf_cli_usage_error(cmd, "--set %s: expected KEY=VALUE", s->sets[i]), -1;
        }
        snprintf(key, sizeof key, "%.*s", (int)(eq - s->sets[i]), s->sets[i]);
        rc = xf_variant_set(dv, key, eq + 1, XF_VARIANT_FROM_SET, err);
    }
    if (rc == XF_OK)
        xf_variant_label(dv, s->design, sizeof s->design);
    free(dv);
    if (rc != XF_OK) {
        if (rc < 0)
            xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        return xf_cli_fail(cmd, err), -1;
    }
    if (!s->no_db && !s->db_path) {
        s->db_path = xf_cli_db_env();
        if (!s->db_path)
            s->db_path = XF_DB_DEFAULT_PATH;
    }
    if (s->db_path && xf_cli_db_check(cmd, "--db ", s->db_path, err) != XF_OK)
        return xf_cli_fail(cmd, err), -1;
    return 0;
}

/* A value in the unit its file writes it in. */
static double in_unit(const xf_study_param *p, double si)
{
    return p->r.factor > 0 ? si / p->r.factor : si;
}

/* The ranged values as a JSON array (meta of the JSON output). */
static cJSON *values_json(const xf_study *st, cJSON *meta)
{
    cJSON *arr = xf_json_array(meta, "values");
    for (int i = 0; arr && i < xf_study_n_params(st); i++) {
        const xf_study_param *p = xf_study_param_at(st, i);
        cJSON *o = xf_json_object(arr, NULL);
        if (!o || !xf_json_str(o, "name", p->name) || !xf_json_str(o, "unit", p->r.unit) ||
            !xf_json_num(o, "nominal", in_unit(p, p->r.nominal)) ||
            !xf_json_num(o, "lo", in_unit(p, p->r.lo)) ||
            !xf_json_num(o, "hi", in_unit(p, p->r.hi)) ||
            !xf_json_str(o, "dist", xf_dist_name(p->r.dist)) ||
            !xf_json_str(o, "source", p->r.source))
            return NULL;
    }
    return arr;
}

/* Text formats: what produced the numbers, before the table. */
static void header(FILE *out, const study_opts *s, const xf_study *st, const xf_model *m)
{
    if (s->format == XF_TABLE_CSV || s->format == XF_TABLE_JSON)
        return;
    const char *c = s->format == XF_TABLE_TEX ? "% " : "";
    fprintf(out, "%sxformer %s: %s%s%s on %s, %s, n = %lld, batch %lld\n", c, s->cmd,
            xf_study_label(st, 0), s->baseline ? " against " : "",
            s->baseline ? xf_study_label(st, 1) : "", m->name, xf_phase_name(s->o.p.phase),
            s->o.p.seq, s->o.p.batch);
    if (s->mc)
        fprintf(out, "%s%lld samples, seed %lld, %s draws\n", c, s->samples, s->seed,
                s->independent ? "independent" : "shared");
    fprintf(out, "%s%d ranged values:\n", c, xf_study_n_params(st));
    for (int i = 0; i < xf_study_n_params(st); i++) {
        const xf_study_param *p = xf_study_param_at(st, i);
        const char *who = p->in[0] && p->in[1] ? " (both designs)"
                          : p->in[1]           ? " (the baseline)"
                                               : "";
        fprintf(out, "%s  %s = %.4g [%.4g, %.4g] %s%s%s%s\n", c, p->name, in_unit(p, p->r.nominal),
                in_unit(p, p->r.lo), in_unit(p, p->r.hi), p->r.unit, p->r.unit[0] ? ", " : "",
                xf_dist_name(p->r.dist), who);
    }
    fprintf(out, "%s\n", s->format == XF_TABLE_TEX ? "%" : "");
}

static const char *spec_text(const study_opts *s, const xf_model *m, char *buf, size_t n)
{
    size_t at =
        (size_t)snprintf(buf, n,
                         "%s arch=%s baseline=%s model=%s seq=%lld batch=%lld "
                         "phase=%s context=%lld tokens=%lld",
                         s->cmd, s->design, s->baseline ? s->baseline : "-", m->name, s->o.p.seq,
                         s->o.p.batch, xf_phase_name(s->o.p.phase), s->o.p.context, s->o.p.tokens);
    if (s->mc && at < n)
        at += (size_t)snprintf(buf + at, n - at, " samples=%lld seed=%lld independent=%d",
                               s->samples, s->seed, s->independent);
    else if (at < n)
        at += (size_t)snprintf(buf + at, n - at, " metric=%s", xf_study_metric_name(s->metric));
    for (int i = 0; i < s->n_ranges && at < n; i++)
        at += (size_t)snprintf(buf + at, n - at, " range=%s", s->ranges[i]);
    return buf;
}

/* Store the study: its record, its values, then stats (mc) or swings. */
static int store(const study_opts *s, const xf_study *st, const xf_model *m, const xf_mc_result *mc,
                 const xf_swing *sw, long long *id, xf_err *err)
{
    xf_db *db = NULL;
    char spec[4096], hash[XF_HASH_HEX];
    spec_text(s, m, spec, sizeof spec);
    xf_hash_hex(spec, strlen(spec), hash);
    xf_db_study rec = {.kind = s->cmd,
                       .spec = spec,
                       .spec_hash = hash,
                       .arch = xf_study_label(st, 0),
                       .baseline = s->baseline ? xf_study_label(st, 1) : NULL,
                       .model = m->name,
                       .phase = xf_phase_name(s->o.p.phase),
                       .metric = s->mc ? NULL : xf_study_metric_name(s->metric),
                       .seq = s->o.p.seq,
                       .batch = s->o.p.batch,
                       .context = s->o.p.context,
                       .tokens = s->o.p.tokens,
                       .samples = s->mc ? s->samples : 0,
                       .seed = s->mc ? s->seed : 0,
                       .threads = s->threads};
    if (xf_db_open(s->db_path, XF_DB_CREATE, &db, err) != XF_OK)
        return err->code;
    int rc = xf_db_begin(db, err);
    if (rc == XF_OK)
        rc = xf_db_study_new(db, &rec, id, err);
    for (int i = 0; rc == XF_OK && i < xf_study_n_params(st); i++) {
        const xf_study_param *p = xf_study_param_at(st, i);
        rc = xf_db_study_param(db, *id, p->name, p->r.nominal, p->r.lo, p->r.hi, p->r.unit,
                               xf_dist_name(p->r.dist), p->r.source, err);
    }
    char ratio[2 * XF_VARIANT_LABEL + 8];
    snprintf(ratio, sizeof ratio, "ratio:%.1000s/%.1000s", xf_study_label(st, 0),
             s->baseline ? xf_study_label(st, 1) : "");
    for (int k = 0; mc && rc == XF_OK && k < XF_SM_COUNT; k++) {
        const xf_stat *x = &mc->m[k];
        if (k >= XF_SM_DESIGN_COUNT && !s->baseline)
            break;
        double v[6] = {x->nominal, x->mean, x->sd, x->p5, x->p50, x->p95};
        rc = xf_db_study_stat(db, *id, k < XF_SM_DESIGN_COUNT ? xf_study_label(st, 0) : ratio,
                              xf_study_metric_name(k), v, x->n, err);
    }
    for (int i = 0; sw && rc == XF_OK && i < xf_study_n_params(st); i++) {
        const xf_swing *w = &sw[i];
        double v[7] = {w->v_lo, w->v_nom, w->v_hi, w->m_lo, w->m_nom, w->m_hi, w->elasticity};
        rc = xf_db_study_swing(db, *id, xf_study_param_at(st, w->param)->name,
                               xf_study_metric_name(s->metric), i + 1, v, err);
    }
    if (rc == XF_OK)
        rc = xf_db_study_finish(db, *id, "done", NULL, err);
    if (rc == XF_OK)
        rc = xf_db_commit(db, err);
    else
        xf_db_rollback(db);
    xf_db_close(db);
    return rc;
}

static int print_mc(const study_opts *s, const xf_study *st, const xf_mc_result *r, cJSON *meta,
                    xf_err *err)
{
    static const char *const cols[] = {"design", "metric", "nominal", "p5", "p50",
                                       "p95",    "mean",   "sd",      "n"};
    xf_cell cells[XF_SM_COUNT * 9];
    int rows = 0;
    char ratio[XF_VARIANT_LABEL + 8];
    snprintf(ratio, sizeof ratio, "vs %.1000s", s->baseline ? xf_study_label(st, 1) : "");
    for (int k = 0; k < XF_SM_COUNT; k++) {
        if (k >= XF_SM_DESIGN_COUNT && !s->baseline)
            break;
        const xf_stat *x = &r->m[k];
        xf_cell *c = &cells[rows++ * 9];
        c[0] = (xf_cell){.text = k < XF_SM_DESIGN_COUNT ? xf_study_label(st, 0) : ratio};
        c[1] = (xf_cell){.text = xf_study_metric_name(k)};
        double v[6] = {x->nominal, x->p5, x->p50, x->p95, x->mean, x->sd};
        for (int j = 0; j < 6; j++)
            c[2 + j] = (xf_cell){.is_num = 1, .num = v[j]};
        c[8] = (xf_cell){.is_num = 1, .num = (double)x->n};
    }
    return xf_grid_write(stdout, s->format, NULL, cols, 9, cells, rows, meta, err);
}

static int print_sens(const study_opts *s, const xf_study *st, const xf_swing *sw, cJSON *meta,
                      xf_err *err)
{
    static const char *const cols[] = {"rank",      "value", "unit",      "lo",
                                       "nominal",   "hi",    "metric_lo", "metric_nominal",
                                       "metric_hi", "swing", "elasticity"};
    int n = xf_study_n_params(st);
    xf_cell *cells = calloc((size_t)(n > 0 ? n : 1) * 11, sizeof *cells);
    if (!cells)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    for (int i = 0; i < n; i++) {
        const xf_swing *w = &sw[i];
        const xf_study_param *p = xf_study_param_at(st, w->param);
        xf_cell *c = &cells[i * 11];
        c[0] = (xf_cell){.is_num = 1, .num = i + 1};
        c[1] = (xf_cell){.text = p->name};
        c[2] = (xf_cell){.text = p->r.unit};
        double v[8] = {in_unit(p, w->v_lo),
                       in_unit(p, w->v_nom),
                       in_unit(p, w->v_hi),
                       w->m_lo,
                       w->m_nom,
                       w->m_hi,
                       w->swing,
                       w->elasticity};
        for (int j = 0; j < 8; j++)
            c[3 + j] = (xf_cell){.is_num = 1, .num = v[j]};
    }
    char title[160];
    snprintf(title, sizeof title, "sensitivity of %s", xf_study_metric_name(s->metric));
    int rc = xf_grid_write(stdout, s->format, title, cols, 11, cells, n, meta, err);
    free(cells);
    return rc;
}

static int run(int argc, char **argv, const char *cmd, int mc)
{
    study_opts s;
    memset(&s, 0, sizeof s);
    s.cmd = cmd;
    s.mc = mc;
    s.samples = 10000;
    s.seed = 1;
    xf_cli_wl_init(&s.o);
    xf_err err = {0};
    int p = parse(argc, argv, &s, &err);
    if (p)
        return p > 0 ? XF_EXIT_OK : (err.code ? err.code : XF_EXIT_USAGE);
    xf_model m;
    if (xf_cli_wl_finish(&s.o, cmd, &m, &err) != XF_OK)
        return xf_cli_fail(cmd, &err);
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(s.techlib, buf, sizeof buf);
    xf_study *st = NULL;
    if (xf_study_new(dir, s.design, s.baseline, &m, &s.o.p, s.ranges, s.n_ranges, &st, &err) !=
        XF_OK)
        return xf_cli_fail(cmd, &err);
    int rc = XF_OK;
    xf_mc_result *r = NULL;
    xf_swing *sw = NULL;
    if (xf_study_n_params(st) == 0) {
        rc = xf_err_set(&err, XF_ERR_INPUT,
                        "%s has no ranged value; expected range_ keys in its technology or "
                        "architecture files, or --range KEY=LO..HI",
                        s.design);
    } else if (mc) {
        xf_mc_opts o = {s.samples, (unsigned long)s.seed, s.threads, s.independent};
        r = malloc(sizeof *r);
        rc = r ? xf_study_mc(st, &o, r, &err) : xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        if (rc == XF_OK && r->failed == r->samples)
            rc = xf_err_set(&err, XF_ERR_INPUT, "every sample failed: %s", r->first_error);
    } else {
        sw = malloc(XF_STUDY_MAX_PARAMS * sizeof *sw);
        rc = sw ? xf_study_sensitivity(st, s.metric, sw, &err)
                : xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    }
    long long id = 0;
    /* Store before printing, so a database error leaves no half-written output. */
    if (rc == XF_OK && s.db_path)
        rc = store(&s, st, &m, r, sw, &id, &err);
    if (rc == XF_OK) {
        header(stdout, &s, st, &m);
        cJSON *meta = xf_json_object(NULL, NULL);
        if (meta) {
            xf_json_str(meta, "command", cmd);
            xf_json_str(meta, "arch", xf_study_label(st, 0));
            xf_json_str(meta, "baseline", s.baseline ? xf_study_label(st, 1) : NULL);
            xf_json_str(meta, "model", m.name);
            xf_json_int(meta, "seq", s.o.p.seq);
            xf_json_int(meta, "batch", s.o.p.batch);
            xf_json_str(meta, "phase", xf_phase_name(s.o.p.phase));
            if (mc) {
                xf_json_int(meta, "samples", s.samples);
                xf_json_int(meta, "seed", s.seed);
                xf_json_bool(meta, "independent", s.independent);
                xf_json_int(meta, "failed", r->failed);
            } else {
                xf_json_str(meta, "metric", xf_study_metric_name(s.metric));
            }
            if (id)
                xf_json_int(meta, "study", id);
            values_json(st, meta);
        }
        rc = mc ? print_mc(&s, st, r, meta, &err) : print_sens(&s, st, sw, meta, &err);
        if (rc == XF_OK && mc && r->failed > 0)
            fprintf(stderr, "xformer %s: %lld of %lld samples failed (left out); first: %s\n", cmd,
                    r->failed, r->samples, r->first_error);
        if (rc == XF_OK && id)
            fprintf(stderr, "xformer %s: stored as study %lld in %s\n", cmd, id, s.db_path);
    }
    free(r);
    free(sw);
    xf_study_free(st);
    return rc == XF_OK ? XF_EXIT_OK : xf_cli_fail(cmd, &err);
}

int xf_cmd_uncertainty(int argc, char **argv)
{
    return run(argc, argv, "uncertainty", 1);
}

int xf_cmd_sensitivity(int argc, char **argv)
{
    return run(argc, argv, "sensitivity", 0);
}
