/* xformer plot: figures (PNG and SVG, through gnuplot) from the results database. */
#include "cli.h"
#include "db_select.h"
#include "xf/plot.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "plot";

static void usage(FILE *out);

enum {
    O_KIND = 300,
    O_OUT,
    O_BASE,
    O_MODEL,
    O_X,
    O_Y,
    O_KEY,
    O_METRIC,
    O_TITLE,
    O_NORUN,
    O_TEMPLATES,
    O_TECHLIB,
    O_STUDY
};
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_plot[] = {
    XF_SEL_OPTS,
    {"kind", required_argument, O_KIND, 0, "KIND",
     "speedup-vs-seq energy-breakdown sweep-scatter sensitivity tornado pareto",
     "the figure (the kinds above)"},
    {"study", required_argument, O_STUDY, 0, "ID", NULL, "tornado: the stored study to draw"},
    {"out", required_argument, O_OUT, 0, "DIR/NAME.png", "@file",
     "the figure (or .svg, .pdf): NAME.png, NAME.svg, NAME.pdf,\n"
     "NAME.dat and NAME.gp are written "
     "beside it (DIR must exist)"},
    {"baseline", required_argument, O_BASE, 0, "DESIGN", NULL,
     "speedup-vs-seq: the design the speed-up is taken against"},
    {"model", required_argument, O_MODEL, 0, "M", "@model",
     "speedup-vs-seq: the model when the runs hold several"},
    {"x", required_argument, O_X, 0, "COL", NULL,
     "sweep-scatter: the x column (default latency_s)"},
    {"y", required_argument, O_Y, 0, "COL", NULL, "sweep-scatter: the y column (default energy_j)"},
    {"key", required_argument, O_KEY, 0, "KEY", NULL,
     "sensitivity: the x axis, an override key such as\n"
     "pe.adc_bits, or seq, batch, context"},
    {"metric", required_argument, O_METRIC, 0, "COL", NULL,
     "sensitivity: the y column (default energy_j)"},
    {"title", required_argument, O_TITLE, 0, "TEXT", NULL, "a title over the figure"},
    {"no-run", no_argument, O_NORUN, 0, NULL, NULL,
     "write the data and the script only (no gnuplot needed)"},
    {"templates", required_argument, O_TEMPLATES, 0, "DIR", "@dir",
     "the gnuplot templates (default: plots/ beside the techlib)"},
    {"techlib", required_argument, O_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_plot = {
    "plot",
    "figures from the results database (gnuplot: PNG, SVG and PDF)",
    "xformer plot --kind KIND --out DIR/NAME.png [--db FILE] [--sweep ID]\n"
    "             [--where EXPR]... [--baseline DESIGN] [--model M] [--x COL]\n"
    "             [--y COL] [--key KEY] [--metric COL] [--study ID] [--title TEXT]\n"
    "             [--no-run]",
    "Writes DIR/NAME.dat (the data) and DIR/NAME.gp (a gnuplot script from plots/*.gp)\n"
    "and runs gnuplot in DIR to draw DIR/NAME.png (1050 x 750 px, a paper column at\n"
    "300 dpi), DIR/NAME.svg and DIR/NAME.pdf (3.5 x 2.5 in, vector, for LaTeX).\n"
    "`cd DIR && gnuplot NAME.gp` redraws them.\n"
    "\n"
    "kinds:\n"
    "  speedup-vs-seq    speed-up over --baseline against sequence length, one line\n"
    "                    per design, log-log axes (--model when several models)\n"
    "  energy-breakdown  energy per inference by component, one stacked bar per run\n"
    "                    (runs stored with breakdowns: xformer eval, sweep --breakdowns)\n"
    "  sweep-scatter     --y against --x (default energy_j against latency_s), one\n"
    "                    colour per architecture, one Pareto front per workload\n"
    "                    (model, seq, phase, batch) drawn over them\n"
    "  sensitivity       --metric (default energy_j) against --key (an override key\n"
    "                    such as pe.adc_bits, or seq, batch), one line per design\n"
    "  tornado           a sensitivity study (xformer sensitivity): the metric's change\n"
    "                    with each ranged value at each end of its range, largest on\n"
    "                    top (--study ID; default the newest)\n"
    "  pareto            the Pareto front of an optimize study (--study ID, default\n"
    "                    the newest): energy against latency, colour by area, the\n"
    "                    best point ringed",
    xf_opts_plot,
    "gnuplot is needed to draw (Debian: gnuplot-nox); without it the command stops\n"
    "with exit status 1 before writing anything.",
    xf_cmd_plot,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_plot);
}

int xf_cmd_plot(int argc, char **argv)
{
    xf_err err = {0};
    xf_sel_opts so;
    memset(&so, 0, sizeof so);
    xf_plot_opts po;
    memset(&po, 0, sizeof po);
    int have_kind = 0, c;
    const char *templates = NULL, *techlib = NULL;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_plot, lo, XF_CLI_MAX_OPTS),
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
        case O_KIND:
            if (xf_plot_kind_parse(optarg, &po.kind, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            have_kind = 1;
            break;
        case O_OUT:
            po.out = optarg;
            break;
        case O_BASE:
            po.baseline = optarg;
            break;
        case O_MODEL:
            po.model = optarg;
            break;
        case O_X:
            po.x = optarg;
            break;
        case O_Y:
            po.y = optarg;
            break;
        case O_KEY:
            po.key = optarg;
            break;
        case O_METRIC:
            po.metric = optarg;
            break;
        case O_TITLE:
            po.title = optarg;
            break;
        case O_NORUN:
            po.no_run = 1;
            break;
        case O_TEMPLATES:
            templates = optarg;
            break;
        case O_TECHLIB:
            techlib = optarg;
            break;
        case O_STUDY:
            if (xf_cli_parse_ll("--study", optarg, 1, 1LL << 62, &po.study, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!have_kind)
        return xf_cli_usage_error(CMD, "--kind KIND is required");
    if (!po.out)
        return xf_cli_usage_error(CMD, "--out DIR/NAME.png is required");
    /* templates: plots/ beside the technology library (in-tree or installed) */
    char tl[1024], tdir[1200];
    if (!templates) {
        snprintf(tdir, sizeof tdir, "%s/../plots", xf_cli_techlib_dir(techlib, tl, sizeof tl));
        templates = tdir;
    }
    po.template_dir = templates;
    if (xf_plot_check_out(po.out, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_db *db = NULL;
    if (xf_sel_open(&so, &db, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_plot_files files;
    int rc = xf_plot(db, &so.filter, &po, &files, &err);
    xf_db_close(db);
    if (rc != XF_OK)
        return xf_cli_fail(CMD, &err);
    if (po.no_run)
        printf("wrote %s and %s (%d series, %d points)\n", files.data, files.script, files.series,
               files.points);
    else
        printf("wrote %s, %s and %s (%d series, %d points; data %s, script %s)\n", files.png,
               files.svg, files.pdf, files.series, files.points, files.data, files.script);
    return fflush(stdout) == 0 ? XF_EXIT_OK : XF_EXIT_RUNTIME;
}
