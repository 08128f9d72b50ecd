/* xf/plot.h - figures from the results database, drawn by gnuplot.
 *
 * xf_plot() selects runs, writes a tab-separated data file and a gnuplot script built from
 * the templates plots/common.gp and plots/KIND.gp, then runs gnuplot (fork + execvp, no
 * shell) in the output folder, producing a PNG (1050 x 750 px: 3.5 in at 300 dpi, a paper
 * column), an SVG of the same layout and a PDF (3.5 x 2.5 in, vector, fonts embedded, for
 * LaTeX). Files: for --out DIR/NAME.png (or .svg, .pdf) they are DIR/NAME.dat, DIR/NAME.gp,
 * DIR/NAME.png, DIR/NAME.svg and DIR/NAME.pdf; the script names the others by
 * their base names, so `cd DIR && gnuplot NAME.gp` redraws the figure.
 *
 * No user text reaches gnuplot as code: names (architectures, models, overrides) are data in
 * the data file (legend titles come from its column headers); the few strings the script
 * holds (file names, the title, an override key as an axis label) are single-quoted gnuplot
 * strings, in which backquotes and system() are inert, with quotes doubled and control
 * characters removed (xf_gp_string).
 *
 * Kinds:
 *   speedup-vs-seq    speed-up over --baseline vs sequence length, one line per design,
 *                     log-log axes (one model: --model when the selection has several)
 *   energy-breakdown  energy per inference by component, stacked bars, one bar per run
 *                     (runs stored with breakdowns: xformer eval, xformer sweep --breakdowns)
 *   sweep-scatter     any two numeric columns (default latency_s vs energy_j), one colour per
 *                     architecture, one Pareto front per workload group (model, seq, phase,
 *                     batch; both axes minimised, tops and tops_per_w maximised) drawn over
 *                     the points and named in the legend
 *   pareto            the stored front of an optimize study (--study ID, default the newest):
 *                     energy against latency, colour by area, the best point of each group
 *                     ringed (the runs of the study's study_front rows, not the selection)
 *   sensitivity       one swept key (an override key, or seq/batch/context) vs a metric
 *                     (default energy_j), one line per design/model/seq
 *   tornado           a sensitivity study's swings (xformer sensitivity; --study ID, default
 *                     the newest): the metric's change in % with each ranged value at the low
 *                     and at the high end of its range, largest on top
 */
#ifndef XF_PLOT_H
#define XF_PLOT_H

#include "xf/db.h"
#include "xf/err.h"

#include <stddef.h>

typedef enum {
    XF_PLOT_SPEEDUP_VS_SEQ,
    XF_PLOT_ENERGY_BREAKDOWN,
    XF_PLOT_SWEEP_SCATTER,
    XF_PLOT_SENSITIVITY,
    XF_PLOT_TORNADO,
    XF_PLOT_PARETO,
    XF_PLOT_KIND_COUNT
} xf_plot_kind;

const char *xf_plot_kind_name(xf_plot_kind k); /* "speedup-vs-seq", ... */
int xf_plot_kind_parse(const char *name, xf_plot_kind *out, xf_err *err);

typedef struct {
    xf_plot_kind kind;
    const char *out;          /* NAME.png, NAME.svg or NAME.pdf in an existing folder */
    const char *template_dir; /* folder of common.gp and KIND.gp */
    const char *gnuplot;      /* the program; NULL = "gnuplot" from PATH */
    int no_run;               /* 1: write the data and the script only */
    const char *baseline;     /* speedup-vs-seq */
    const char *model;        /* speedup-vs-seq, energy-breakdown: only this model */
    const char *x, *y;        /* sweep-scatter columns; NULL = latency_s, energy_j */
    const char *key;          /* sensitivity: override key or seq/batch/context */
    const char *metric;       /* sensitivity: column; NULL = energy_j */
    const char *title;        /* optional title */
    long long study;          /* tornado, pareto: the study (0: the newest of its kind) */
} xf_plot_opts;

#define XF_PLOT_PATH 4096
/* Most runs one figure draws: a selection beyond it is refused (narrow it with --where or
 * --sweep) before more than this many runs are loaded, so a plot's time and memory stay
 * bounded whatever the database holds. */
#define XF_PLOT_MAX_POINTS 50000

typedef struct {
    char data[XF_PLOT_PATH], script[XF_PLOT_PATH], png[XF_PLOT_PATH], svg[XF_PLOT_PATH],
        pdf[XF_PLOT_PATH];
    int series, points;
} xf_plot_files;

/* Errors: XF_ERR_INPUT for a bad option (output not .png/.svg/.pdf, missing folder, unknown
 * column, missing --baseline or --key, no matching runs, runs without breakdowns, too many
 * bars or series); XF_ERR_RUNTIME for a missing template, a missing gnuplot ("install
 * gnuplot-nox"), a gnuplot failure or an unwritable folder. Nothing is written before the
 * inputs are checked. */
int xf_plot(xf_db *db, const xf_db_filter *f, const xf_plot_opts *o, xf_plot_files *files,
            xf_err *err);

/* Check an --out path (.png, .svg or .pdf, in an existing folder) before anything is read. */
int xf_plot_check_out(const char *out, xf_err *err);
/* Path of `name` found in $PATH (or name itself when it contains '/'); 1 when executable. */
int xf_plot_find_program(const char *name, char *path, size_t n);
/* A gnuplot single-quoted string literal of s ('' for each quote, control characters
 * dropped). Returns buf. */
char *xf_gp_string(const char *s, char *buf, size_t n);

#endif
