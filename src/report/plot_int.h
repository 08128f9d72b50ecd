/* src/report/plot_int.h - internals shared by the files of the plot module (not public).
 *
 * The plot module is split by concept: plot.c (kinds, the output check and xf_plot, which
 * ties the rest together), plot_columns.c (what the figure builders read from the runs),
 * one file per figure kind (plot_speedup.c, plot_breakdown.c, plot_scatter.c,
 * plot_sensitivity.c), plot_script.c (the gnuplot script from the templates) and
 * plot_gnuplot.c (finding and running gnuplot).
 *
 * A figure builder fills a zeroed `figure` from the selected runs: the data file text, the
 * column and block counts the templates need, axis labels (plain text; quoted when the
 * script is written) and the axis options. It returns XF_OK or the code of the error it set;
 * on error the caller frees g->data and writes nothing.
 *
 * The small helpers below are static inline so that each file keeps its own copy, as when
 * they were static in one plot.c.
 */
#ifndef XF_PLOT_INT_H
#define XF_PLOT_INT_H

#include "xf/plot.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- data-file text */

/* Growing text buffer. */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} buf_t;

static inline void bprintf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static inline void bprintf(buf_t *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->oom = 1;
            return;
        }
        if (b->p && (size_t)w < b->cap - b->len) {
            b->len += (size_t)w;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)w + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

/* A data-file cell: no tab, newline or double quote (gnuplot would split or quote on them). */
static inline void cell(buf_t *b, const char *s)
{
    char t[512];
    size_t o = 0;
    for (; *s && o + 1 < sizeof t; s++)
        t[o++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s == '"' ? '\'' : *s;
    t[o] = '\0';
    bprintf(b, "%s", t);
}

static inline void num(buf_t *b, double v)
{
    if (isfinite(v))
        bprintf(b, "%.8g", v);
    else
        bprintf(b, "?");
}

/* ---------------------------------------------------------------- the figures */

typedef struct {
    const char *col, *name, *unit; /* unit "s" and "J" and "J s" get an SI prefix */
    int maximise;
} col_meta;

typedef struct {
    buf_t data;
    int ncol, nblocks, points, series;
    char xlabel[256], ylabel[256]; /* plain text: quoted when the script is written */
    char title[256];               /* a default title (when --title is not given) */
    int logx, logy;
    int int_x;         /* x values are few whole numbers: a tic at each */
    int nfront;        /* sweep-scatter: the first nfront blocks are Pareto fronts */
    char colours[512]; /* energy-breakdown: one "#RRGGBB" a data column, space-separated */
    double ymin;       /* energy-breakdown: the log axis' bottom (a power of ten) */
    char xtics[512];   /* a gnuplot xtics command (a tic at each x value), or "" */
} figure;

typedef struct {
    double x, y;
    int k; /* run index */
} pt;

static inline int cmp_x_up(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

static inline int wanted(const xf_db_sel_run *x, const char *model)
{
    return !model || strcmp(x->r.model, model) == 0;
}

/* plot_columns.c: axis metadata of a column (NULL when it has none). */
const col_meta *xf_plot_meta_of(const char *col);
/* plot_columns.c: scale and axis label for values of a column with maximum |v| = mx. */
double xf_plot_axis(const char *col, double mx, char *label, size_t n);
/* plot_columns.c: a component's readable name and its colour ("#RRGGBB"), the same in every
 * figure. */
const char *xf_plot_comp_label(xf_comp c);
const char *xf_plot_comp_colour(xf_comp c);
/* plot_columns.c: an axis label with its unit for an override key (known keys by name, else
 * the key with the unit its name ends in, e.g. pe.adc_rate_GSps: "pe.adc_rate (GS/s)"). */
void xf_plot_key_label(const char *key, char *label, size_t n);
/* Values span decades (an axis is then logarithmic): all positive, max / min > 20. */
static inline int xf_plot_decades(double mn, double mx)
{
    return mn > 0 && mx / mn > 20;
}
/* plot_columns.c: runs of one model (when given), or XF_ERR_INPUT. */
int xf_plot_check_model(const xf_db_sel *s, const char *model, int need_one, xf_err *err);
/* plot_columns.c: index of a numeric run column, or XF_ERR_INPUT naming the option. */
int xf_plot_numeric_column(const char *opt, const char *name, int *col, xf_err *err);

/* One builder per kind (plot_speedup.c, plot_breakdown.c, plot_scatter.c,
 * plot_sensitivity.c). */
int xf_plot_fig_speedup(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err);
int xf_plot_fig_breakdown(xf_db *db, const xf_db_sel *s, const xf_plot_opts *o, figure *g,
                          xf_err *err);
int xf_plot_fig_scatter(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err);
int xf_plot_fig_sensitivity(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err);
/* plot_tornado.c: from a stored sensitivity study, not from runs. */
int xf_plot_fig_tornado(xf_db *db, const xf_plot_opts *o, figure *g, xf_err *err);
/* plot_pareto.c: the stored front of an optimize study (o->study, 0 = the newest). */
int xf_plot_fig_pareto(xf_db *db, const xf_plot_opts *o, figure *g, xf_err *err);

/* plot_script.c: a whole file as a string (caller frees), or NULL. */
char *xf_plot_read_text(const char *path);
/* plot_script.c: append template text with @NAME@ placeholders replaced (unknown names are
 * kept). */
void xf_plot_fill(buf_t *out, const char *tpl, const char *const *names, const char *const *vals,
                  int n);

/* plot_gnuplot.c: run gnuplot on the script in its folder; the last telling line of its
 * stderr goes into the error. */
int xf_plot_run_gnuplot(const char *prog, const char *folder, const char *script, xf_err *err);

#endif
