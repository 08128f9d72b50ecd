/* Figures from the results database, drawn by gnuplot (see xf/plot.h): the plot kinds, the
 * --out check and xf_plot, which selects the runs, has the kind's builder fill the data,
 * writes the data file and the script (atomically, xf_file_replace) and runs gnuplot.
 * Invariants: nothing is written before every input is checked (templates read, gnuplot
 * found, the figure built); after a failed gnuplot run no PNG, SVG or PDF is left behind. The
 * pieces live in plot_*.c (see plot_int.h). */
#include "plot_int.h"
#include "xf/cfg.h"
#include "xf/file.h"
#include "xf/version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const kind_names[XF_PLOT_KIND_COUNT] = {
    "speedup-vs-seq", "energy-breakdown", "sweep-scatter", "sensitivity", "tornado", "pareto"};

const char *xf_plot_kind_name(xf_plot_kind k)
{
    return k >= 0 && k < XF_PLOT_KIND_COUNT ? kind_names[k] : "?";
}

int xf_plot_kind_parse(const char *name, xf_plot_kind *out, xf_err *err)
{
    for (int k = 0; k < XF_PLOT_KIND_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (xf_plot_kind)k;
            return XF_OK;
        }
    const char *sug = xf_suggest(name, kind_names, XF_PLOT_KIND_COUNT);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT, "--kind '%s': unknown plot; did you mean '%s'?", name,
                          sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "--kind '%s': unknown plot; expected speedup-vs-seq, energy-breakdown, "
                      "sweep-scatter, sensitivity, tornado or pareto",
                      name);
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int xf_plot_check_out(const char *out, xf_err *err)
{
    size_t ol = out ? strlen(out) : 0;
    if (ol < 5 || (strcmp(out + ol - 4, ".png") != 0 && strcmp(out + ol - 4, ".svg") != 0 &&
                   strcmp(out + ol - 4, ".pdf") != 0))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--out %s: expected a file name ending in .png, .svg or .pdf (all "
                          "three are written)",
                          out ? out : "(none)");
    if (ol + 1 >= XF_PLOT_PATH)
        return xf_err_set(err, XF_ERR_INPUT, "--out: path too long");
    char folder[XF_PLOT_PATH];
    xf_file_folder(out, folder, sizeof folder);
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "--out %s: folder '%s' does not exist", out, folder);
    if (strlen(base_name(out)) <= 4)
        return xf_err_set(err, XF_ERR_INPUT, "--out %s: empty file name", out);
    /* every file the plot writes (.dat, .gp, .png, .svg, .pdf) may be written, before any is:
     * a directory or a device among them leaves nothing behind */
    static const char *const ext[] = {".dat", ".gp", ".png", ".svg", ".pdf"};
    for (int i = 0; i < 5; i++) {
        char p[XF_PLOT_PATH + 8], target[XF_PLOT_PATH + 8];
        snprintf(p, sizeof p, "%.*s%s", (int)(ol - 4), out, ext[i]);
        if (xf_file_check_out(p, target, sizeof target, err) != XF_OK)
            return err->code;
    }
    return XF_OK;
}

/* Remove an old figure before gnuplot draws the new one: a regular file only (a link stays). */
static void remove_figure(const char *path)
{
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
        unlink(path);
}

int xf_plot(xf_db *db, const xf_db_filter *f, const xf_plot_opts *o, xf_plot_files *files,
            xf_err *err)
{
    memset(files, 0, sizeof *files);
    if (xf_plot_check_out(o->out, err) != XF_OK)
        return err->code;
    size_t ol = strlen(o->out);
    char folder[XF_PLOT_PATH];
    xf_file_folder(o->out, folder, sizeof folder);
    snprintf(files->data, sizeof files->data, "%.*s.dat", (int)(ol - 4), o->out);
    snprintf(files->script, sizeof files->script, "%.*s.gp", (int)(ol - 4), o->out);
    snprintf(files->png, sizeof files->png, "%.*s.png", (int)(ol - 4), o->out);
    snprintf(files->svg, sizeof files->svg, "%.*s.svg", (int)(ol - 4), o->out);
    snprintf(files->pdf, sizeof files->pdf, "%.*s.pdf", (int)(ol - 4), o->out);
    /* templates and gnuplot */
    char tpath[XF_PLOT_PATH + 64];
    const char *tdir = o->template_dir ? o->template_dir : "plots";
    snprintf(tpath, sizeof tpath, "%s/common.gp", tdir);
    char *common = xf_plot_read_text(tpath);
    snprintf(tpath, sizeof tpath, "%s/%s.gp", tdir, kind_names[o->kind]);
    char *tpl = xf_plot_read_text(tpath);
    if (!common || !tpl) {
        free(common);
        free(tpl);
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "cannot read the plot template %s (templates live in plots/ of the "
                          "installation)",
                          tpath);
    }
    char prog[XF_PLOT_PATH];
    if (!o->no_run &&
        !xf_plot_find_program(o->gnuplot ? o->gnuplot : "gnuplot", prog, sizeof prog)) {
        free(common);
        free(tpl);
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "gnuplot not found in PATH; install it (Debian: apt-get install "
                          "gnuplot-nox) or use --no-run to write only the data and the script");
    }
    /* data */
    xf_db_sel sel;
    figure g;
    memset(&g, 0, sizeof g);
    memset(&sel, 0, sizeof sel);
    int rc = o->kind == XF_PLOT_TORNADO  ? xf_plot_fig_tornado(db, o, &g, err)
             : o->kind == XF_PLOT_PARETO ? xf_plot_fig_pareto(db, o, &g, err)
                                         : xf_db_select(db, f, XF_PLOT_MAX_POINTS, &sel, err);
    if (rc == XF_OK && o->kind != XF_PLOT_TORNADO && o->kind != XF_PLOT_PARETO) {
        switch (o->kind) {
        case XF_PLOT_SPEEDUP_VS_SEQ:
            rc = xf_plot_fig_speedup(&sel, o, &g, err);
            break;
        case XF_PLOT_ENERGY_BREAKDOWN:
            rc = xf_plot_fig_breakdown(db, &sel, o, &g, err);
            break;
        case XF_PLOT_SWEEP_SCATTER:
            rc = xf_plot_fig_scatter(&sel, o, &g, err);
            break;
        default:
            rc = xf_plot_fig_sensitivity(&sel, o, &g, err);
        }
    }
    xf_db_sel_free(&sel);
    if (rc == XF_OK && g.data.oom)
        rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    /* script */
    buf_t script = {0};
    if (rc == XF_OK) {
        char q_data[1200], q_png[1200], q_svg[1200], q_pdf[1200], q_title[1200], q_x[800], q_y[800],
            q_colours[600], ymin[32];
        char ncol[16], nblocks[16], nfront[16];
        xf_gp_string(base_name(files->data), q_data, sizeof q_data);
        xf_gp_string(base_name(files->png), q_png, sizeof q_png);
        xf_gp_string(base_name(files->svg), q_svg, sizeof q_svg);
        xf_gp_string(base_name(files->pdf), q_pdf, sizeof q_pdf);
        xf_gp_string(g.colours, q_colours, sizeof q_colours);
        snprintf(ymin, sizeof ymin, "%.3g", g.ymin > 0 ? g.ymin : 1e-3);
        xf_gp_string(o->title ? o->title : g.title, q_title, sizeof q_title);
        xf_gp_string(g.xlabel, q_x, sizeof q_x);
        xf_gp_string(g.ylabel, q_y, sizeof q_y);
        snprintf(ncol, sizeof ncol, "%d", g.ncol);
        snprintf(nblocks, sizeof nblocks, "%d", g.nblocks);
        char nrows[16];
        snprintf(nrows, sizeof nrows, "%d", g.points);
        snprintf(nfront, sizeof nfront, "%d", g.nfront);
        static const char *const names[] = {
            "DATA", "PNG",  "SVG",     "TITLE", "XLABEL", "YLABEL", "NCOL", "NBLOCKS", "LOGX",
            "LOGY", "KIND", "VERSION", "XTICS", "NFRONT", "NROWS",  "PDF",  "COLOURS", "YMIN"};
        const char *vals[] = {q_data,
                              q_png,
                              q_svg,
                              q_title,
                              q_x,
                              q_y,
                              ncol,
                              nblocks,
                              g.logx ? "set logscale x" : "unset logscale x",
                              g.logy ? "set logscale y" : "unset logscale y",
                              kind_names[o->kind],
                              XF_VERSION,
                              g.xtics[0] ? g.xtics
                              : g.int_x  ? "set xtics 1"
                                         : "set xtics autofreq",
                              nfront,
                              nrows,
                              q_pdf,
                              q_colours,
                              ymin};
        int nn = (int)(sizeof names / sizeof names[0]);
        bprintf(&script,
                "# Generated by xformer %s (plot --kind %s) from plots/common.gp and "
                "plots/%s.gp.\n# Redraw: cd into this folder and run gnuplot on this "
                "file.\n",
                XF_VERSION, kind_names[o->kind], kind_names[o->kind]);
        /* the figure once per format: PNG (pngcairo, else the plain png terminal), SVG, PDF */
        static const char *const terms[] = {
            "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "    set terminal pngcairo size 1050,750 noenhanced font 'Sans,20' linewidth 2.5\n"
            "} else {\n"
            "    set terminal png size 1050,750 noenhanced font 'Sans,20' linewidth 2.5\n"
            "}\nset output @PNG@\nfs = 1.0\n",
            "set terminal svg size 525,375 dynamic noenhanced font 'Sans,10' linewidth 1.5 "
            "background rgb 'white'\nset output @SVG@\nfs = 0.5\n",
            "# 3.5 x 2.5 in, one paper column: vectors and embedded fonts for \\includegraphics\n"
            "set terminal pdfcairo size 3.5in,2.5in noenhanced font 'Sans,7' linewidth 1.5\n"
            "set output @PDF@\nfs = 0.35\n"};
        static const char *const term_names[] = {"PNG", "SVG", "PDF"};
        for (int t = 0; t < 3; t++) {
            bprintf(&script, "\n# ---- %s ----\n%s", term_names[t], t ? "reset\n" : "");
            xf_plot_fill(&script, terms[t], names, vals, nn);
            xf_plot_fill(&script, common, names, vals, nn);
            xf_plot_fill(&script, tpl, names, vals, nn);
            bprintf(&script, "\nunset output\n");
        }
        if (script.oom)
            rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    free(common);
    free(tpl);
    if (rc == XF_OK)
        rc = xf_file_replace(files->data, g.data.p, g.data.len, err);
    if (rc == XF_OK)
        rc = xf_file_replace(files->script, script.p, script.len, err);
    free(g.data.p);
    free(script.p);
    files->series = g.series;
    files->points = g.points;
    if (rc != XF_OK || o->no_run)
        return rc;
    remove_figure(files->png);
    remove_figure(files->svg);
    remove_figure(files->pdf);
    rc = xf_plot_run_gnuplot(prog, folder, base_name(files->script), err);
    if (rc == XF_OK) {
        struct stat a, b, c;
        if (stat(files->png, &a) != 0 || a.st_size == 0 || stat(files->svg, &b) != 0 ||
            b.st_size == 0 || stat(files->pdf, &c) != 0 || c.st_size == 0)
            rc = xf_err_set(err, XF_ERR_RUNTIME, "gnuplot wrote no figure (%s, %s, %s)", files->png,
                            files->svg, files->pdf);
    }
    if (rc != XF_OK) {
        remove_figure(files->png);
        remove_figure(files->svg);
        remove_figure(files->pdf);
    }
    return rc;
}
