/* xformer eval: one architecture on one workload; the run is stored only when asked (--db
 * FILE or XFORMER_DB), and then stderr says where. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/cfg.h"
#include "xf/db.h"
#include "xf/eval.h"
#include "xf/eval_report.h"
#include "xf/sweep.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "eval";

#define MAX_SETS 128

static void usage(FILE *out);

enum { OPT_SET = 400, OPT_TECHLIB, OPT_FORMAT, OPT_BREAKDOWN, OPT_ARCH, OPT_DB, OPT_NO_DB };

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_eval[] = {
    XF_WL_OPTS,
    {"arch", required_argument, OPT_ARCH, 0, "NAME|FILE", "@arch",
     "architecture (arch/NAME.cfg) or a file (has '/' or .cfg)"},
    {"set", required_argument, OPT_SET, 0, "KEY=VALUE", NULL,
     "override a key of the architecture file, e.g.\n"
     "--set pe.adc_bits=6  --set dataflow.sequence_block=0\n"
     "--set gpu.precision=fp16 (GPU); repeatable; the keys are\n"
     "the file's (its engine groups, map, dataflow, tech)"},
    {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"format", required_argument, OPT_FORMAT, 0, "F", "text csv json",
     "text (default; table too): a readable report of what ran (the\n"
     "file, its "
     "description only when no --set is given, the overrides, the\n"
     "technology files, the engines) and the numbers;\n"
     "csv: a header and one row\n"
     "arch,model,seq,batch,phase,latency_s,energy_j,area_mm2,power_w,\n"
     "tops,tops_per_w,edp_js,nvm_writes,power_density_w_per_cm2,\n"
     "over_die,over_power (1: beyond the architecture's chip limits),\n"
     "context (decode: tokens in the KV cache),overrides (the --set\n"
     "list in canonical form: key=value;... sorted by key); a number\n"
     "the model does not give (a GPU's area, and with it the power\n"
     "density and the die check) is empty;\n"
     "json: the same fields and numbers (unknown ones null), the\n"
     "overrides as an object, area_known, arch_file, technology\n"
     "(the files read), engines, and components / layers arrays"},
    {"breakdown", required_argument, OPT_BREAKDOWN, 0, "B", "none component layer all",
     "table: none, component (default), layer or all;\n"
     "csv: none (default), component (component,energy_j,area_mm2,\n"
     "energy_share,dynamic_j,static_j) or layer\n"
     "(layer,op,engine,latency_s,energy_j);\n"
     "json: none, component (default), layer or all"},
    {"db", required_argument, OPT_DB, 0, "FILE", "@file",
     "store the run (with its breakdowns) in this results database\n"
     "(created when missing; its folder must exist) and say so on\n"
     "stderr: stored as run ID in FILE"},
    {"no-db", no_argument, OPT_NO_DB, 0, NULL, NULL,
     "do not store the run, even with XFORMER_DB set"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_eval = {
    "eval",
    "latency, energy and area of a model on an architecture",
    "xformer eval --arch NAME|FILE --model NAME|FILE --seq N [--batch B]\n"
    "             [--phase prefill|decode --context T] [--dec-seq M] [--head]\n"
    "             [--set KEY=VALUE]... [--format text|csv|json]\n"
    "             [--breakdown none|component|layer|all] [--techlib DIR]\n"
    "             [--db FILE | --no-db]",
    "Latency, energy, area, power, TOPS, TOPS/W, EDP, utilisation and NVM writes of one\n"
    "inference of a model on an architecture (xformer archs lists them).",
    xf_opts_eval,
    "Without --db the run is stored only when the environment names a database\n"
    "(XFORMER_DB=FILE); otherwise eval writes no file.\n"
    "\n"
    "TOPS count 2 operations per MAC of the matrix products (static and dynamic MVMs).",
    xf_cmd_eval,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_eval);
}

int xf_cmd_eval(int argc, char **argv)
{
    /* a report, not a table: no md or tex; "table" is the old name of text */
    static const char *const formats[] = {"text", "csv", "json", "table"};
    static const char *const breakdowns[] = {"none", "component", "layer", "all"};
    const char *arch = NULL, *techlib = NULL, *db_path = NULL;
    int no_db = 0;
    const char *sets[MAX_SETS];
    int n_sets = 0, format = 0, breakdown = -1;
    xf_err err = {0};
    xf_cli_wl o;
    xf_cli_wl_init(&o);
    opterr = 0;
    optind = 1;
    int c;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_eval, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        int mine = xf_cli_wl_option(&o, c, optarg, &err);
        if (mine < 0)
            return xf_cli_fail(CMD, &err);
        if (mine)
            continue;
        switch (c) {
        case OPT_ARCH:
            arch = optarg;
            break;
        case OPT_SET:
            if (n_sets == MAX_SETS)
                return xf_cli_usage_error(CMD, "more than %d --set options", MAX_SETS);
            sets[n_sets++] = optarg;
            break;
        case OPT_TECHLIB:
            techlib = optarg;
            break;
        case OPT_DB:
            db_path = optarg;
            break;
        case OPT_NO_DB:
            no_db = 1;
            break;
        case OPT_FORMAT:
            if (xf_cli_choice(CMD, "--format", optarg, formats, 4, &format, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            format %= 3;
            break;
        case OPT_BREAKDOWN:
            if (xf_cli_choice(CMD, "--breakdown", optarg, breakdowns, 4, &breakdown, &err) != XF_OK)
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
    if (!arch)
        return xf_cli_usage_error(CMD, "--arch NAME|FILE is required");
    if (no_db && db_path)
        return xf_cli_usage_error(CMD, "--db and --no-db exclude each other");
    if (format == 1 && breakdown == 3)
        return xf_cli_usage_error(CMD, "--format csv takes --breakdown none, component or layer");
    /* A database only when asked: --db FILE, or XFORMER_DB in the environment. */
    const char *db_opt = "--db ";
    if (!no_db && !db_path) {
        db_path = xf_cli_db_env();
        db_opt = "XFORMER_DB=";
    }
    if (db_path && xf_cli_db_check(CMD, db_opt, db_path, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_model m;
    if (xf_cli_wl_finish(&o, CMD, &m, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_arch *a = malloc(sizeof *a);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    xf_arch_spec *spec = NULL;
    xf_db *db = NULL;
    char *base = NULL;
    int rc = XF_EXIT_OK;
    if (!a || !w || !r) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    /* The stored identity needs the configuration before the overrides. */
    if (xf_arch_spec_load(dir, arch, &spec, &err) != XF_OK ||
        (db_path && (base = xf_sweep_base_text(dir, spec, &err)) == NULL)) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    for (int i = 0; i < n_sets; i++)
        if (xf_arch_spec_set(spec, sets[i], &err) != XF_OK) {
            rc = xf_cli_fail(CMD, &err);
            goto out;
        }
    if (xf_arch_build(spec, a, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    if (xf_evaluate(a, &m, &o.p, w, r, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    /* Store before printing, so a database error leaves no half-written output. */
    if (db_path) {
        xf_run_meta meta = {a->name, a->file, base, sets, n_sets, w, dir, spec, a};
        int outcome = 0;
        long long run_id = 0;
        if (xf_db_open(db_path, XF_DB_CREATE, &db, &err) != XF_OK ||
            xf_db_store_run(db, &meta, r, 1, &outcome, &run_id, &err) != XF_OK) {
            rc = xf_cli_fail(CMD, &err);
            goto out;
        }
        fprintf(stderr, "xformer eval: %s as run %lld in %s\n",
                outcome == XF_DB_EXISTED ? "already stored" : "stored", run_id, db_path);
    }
    const xf_eval_src src = {a, spec, sets, n_sets};
    if (format == 2) {
        static const int mask[] = {XF_BREAKDOWN_NONE, XF_BREAKDOWN_COMPONENT, XF_BREAKDOWN_LAYER,
                                   XF_BREAKDOWN_COMPONENT | XF_BREAKDOWN_LAYER};
        if (xf_eval_json(stdout, &src, w, r, mask[breakdown < 0 ? 1 : breakdown], &err) != XF_OK) {
            rc = xf_cli_fail(CMD, &err);
            goto out;
        }
    } else if (format == 1) {
        if (breakdown == 1)
            xf_eval_csv_components(stdout, r);
        else if (breakdown == 2)
            xf_eval_csv_layers(stdout, r);
        else {
            xf_eval_csv_header(stdout);
            xf_eval_csv_row(stdout, &src, w, r);
        }
    } else {
        static const int mask[] = {XF_BREAKDOWN_NONE, XF_BREAKDOWN_COMPONENT, XF_BREAKDOWN_LAYER,
                                   XF_BREAKDOWN_COMPONENT | XF_BREAKDOWN_LAYER};
        xf_eval_report(stdout, &src, w, r, mask[breakdown < 0 ? 1 : breakdown]);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "eval: cannot write the output");
        rc = xf_cli_fail(CMD, &err);
    }
out:
    xf_db_close(db);
    xf_arch_spec_free(spec);
    free(base);
    free(a);
    free(w);
    free(r);
    return rc;
}
