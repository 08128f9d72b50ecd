/* xformer plot: figures (PNG and SVG, through gnuplot) from the results database. */
#include "cli.h"
#include "db_select.h"
#include "xf/plot.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "plot";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: xformer plot --kind KIND --out DIR/NAME.png [--db FILE] [--sweep ID]\n"
            "                    [--where EXPR]... [--baseline DESIGN] [--model M] [--x COL]\n"
            "                    [--y COL] [--key KEY] [--metric COL] [--study ID] [--title TEXT]\n"
            "                    [--no-run]\n"
            "\n"
            "Writes DIR/NAME.dat (the data) and DIR/NAME.gp (a gnuplot script from plots/*.gp)\n"
            "and runs gnuplot in DIR to draw DIR/NAME.png (1050 x 750 px, a paper column at\n"
            "300 dpi) and DIR/NAME.svg. `cd DIR && gnuplot NAME.gp` redraws them.\n"
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
            "                    best point ringed\n"
            "\n"
            "  --db FILE        results database (default %s)\n"
            "  --sweep ID       the runs of one sweep; --where EXPR as in xformer table\n"
            "  --study ID       tornado: the stored study to draw\n"
            "  --title TEXT     a title over the figure\n"
            "  --no-run         write the data and the script only (no gnuplot needed)\n"
            "\n"
            "gnuplot is needed to draw (Debian: gnuplot-nox); without it the command stops\n"
            "with exit status 1 before writing anything.\n",
            XF_DB_DEFAULT_PATH);
}

int xf_cmd_plot(int argc, char **argv)
{
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
    static const struct option opts[] = {XF_SEL_LONG_OPTIONS,
                                         {"kind", required_argument, NULL, O_KIND},
                                         {"study", required_argument, NULL, O_STUDY},
                                         {"out", required_argument, NULL, O_OUT},
                                         {"baseline", required_argument, NULL, O_BASE},
                                         {"model", required_argument, NULL, O_MODEL},
                                         {"x", required_argument, NULL, O_X},
                                         {"y", required_argument, NULL, O_Y},
                                         {"key", required_argument, NULL, O_KEY},
                                         {"metric", required_argument, NULL, O_METRIC},
                                         {"title", required_argument, NULL, O_TITLE},
                                         {"no-run", no_argument, NULL, O_NORUN},
                                         {"templates", required_argument, NULL, O_TEMPLATES},
                                         {"techlib", required_argument, NULL, O_TECHLIB},
                                         {"study", required_argument, NULL, O_STUDY},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    xf_err err = {0};
    xf_sel_opts so;
    memset(&so, 0, sizeof so);
    xf_plot_opts po;
    memset(&po, 0, sizeof po);
    int have_kind = 0, c;
    const char *templates = NULL, *techlib = NULL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
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
        printf("wrote %s and %s (%d series, %d points; data %s, script %s)\n", files.png, files.svg,
               files.series, files.points, files.data, files.script);
    return fflush(stdout) == 0 ? XF_EXIT_OK : XF_EXIT_RUNTIME;
}
