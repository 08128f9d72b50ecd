/* The tables people read (see xf/table.h): aligned text, Markdown and LaTeX (booktabs). A point
 * column (batch; phase and context) appears only when some row needs it, area and power only
 * when asked for; cells are escaped for their format. */
#include "table_int.h"
#include "xf/text.h"
#include "xf/fmt.h"
#include "xf/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CELL 1200

/* 4 significant digits without an exponent: 51.46, 0.9810, 1244, 123457. */
static void fmt_sig(char *buf, size_t n, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return;
    }
    double a = fabs(v);
    int dec = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : a >= 0.1 ? 4 : 5;
    snprintf(buf, n, "%.*f", dec, v);
}

static void fmt_ratio(char *buf, size_t n, double v, const char *times)
{
    if (!isfinite(v)) {
        snprintf(buf, n, "-");
        return;
    }
    int dec = v >= 100 ? 0 : v >= 10 ? 1 : 2;
    snprintf(buf, n, "%.*f%s", dec, v, times);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* A unit for a whole column: the largest prefix that keeps the median value >= 1. */
typedef struct {
    double scale;
    const char *text, *md, *tex;
} unit;

static unit pick_unit(const xf_tbl *t, int energy)
{
    static const unit us[] = {{1, "s", "s", "s"},
                              {1e-3, "ms", "ms", "ms"},
                              {1e-6, "us", "µs", "$\\mu$s"},
                              {1e-9, "ns", "ns", "ns"}};
    static const unit ue[] = {{1, "J", "J", "J"},
                              {1e-3, "mJ", "mJ", "mJ"},
                              {1e-6, "uJ", "µJ", "$\\mu$J"},
                              {1e-9, "nJ", "nJ", "nJ"}};
    const unit *u = energy ? ue : us;
    /* the unit of the median value: mixed magnitudes (a GPU beside an accelerator) read best
     * around the middle */
    double *v = malloc((size_t)(t->n > 0 ? t->n : 1) * sizeof *v);
    double mid = 0;
    if (v) {
        for (int i = 0; i < t->n; i++)
            v[i] = energy ? t->t[i].r->energy_j : t->t[i].r->latency_s;
        qsort(v, (size_t)t->n, sizeof *v, cmp_double);
        mid = t->n > 0 ? v[t->n / 2] : 0;
        free(v);
    }
    for (int k = 0; k < 4; k++)
        if (mid >= u[k].scale)
            return u[k];
    return u[3];
}

void xf_table_escape(char *buf, size_t n, const char *s, xf_table_format f)
{
    size_t o = 0;
    for (; *s && o + 20 < n; s++) {
        unsigned char c = (unsigned char)*s;
        int ok;
        size_t l = xf_text_next(s, &ok);
        if (!ok) { /* a control character or an invalid byte: one '?' (xf/text.h) */
            buf[o++] = '?';
            s += l - 1;
            continue;
        }
        if (f == XF_TABLE_MD && (c == '|' || c == '\\' || c == '*' || c == '_' || c == '`' ||
                                 c == '<' || c == '>' || c == '[' || c == ']')) {
            buf[o++] = '\\';
            buf[o++] = (char)c;
        } else if (f == XF_TABLE_TEX && strchr("&%$#_{}", c)) {
            buf[o++] = '\\';
            buf[o++] = (char)c;
        } else if (f == XF_TABLE_TEX && c == '\\') {
            o += (size_t)snprintf(buf + o, n - o, "\\textbackslash{}");
        } else if (f == XF_TABLE_TEX && c == '~') {
            o += (size_t)snprintf(buf + o, n - o, "\\textasciitilde{}");
        } else if (f == XF_TABLE_TEX && c == '^') {
            o += (size_t)snprintf(buf + o, n - o, "\\textasciicircum{}");
        } else {
            buf[o++] = (char)c;
        }
    }
    buf[o < n ? o : n - 1] = '\0';
}

/* The cells of one row of a table people read; "" where a cell is blank. */
typedef struct {
    char model[CELL], seq[32], batch[32], phase[16], ctx[32], arch[CELL];
    char lat[32], en[32], area[32], power[32], sp[48], er[48];
    char tok[32], ttft[32], tps[32], jpt[32]; /* a generation's columns */
} cells;

/* The point cells of row i (blank when it continues the point of the row before). */
static void point_cells(const xf_tbl *t, int i, xf_table_format f, cells *c)
{
    const xf_trow *r = &t->t[i];
    int first = i == 0 || !xf_tbl_same_point(&t->t[i - 1], r);
    int text = f == XF_TABLE_TEXT;
    c->model[0] = c->seq[0] = c->batch[0] = c->phase[0] = c->ctx[0] = '\0';
    if (text && !first)
        return;
    xf_table_escape(c->model, sizeof c->model, r->r->model, f);
    if (r->r->seq > 0)
        snprintf(c->seq, sizeof c->seq, "%lld", r->r->seq);
    else
        snprintf(c->seq, sizeof c->seq, "-");
    snprintf(c->batch, sizeof c->batch, "%lld", r->batch);
    snprintf(c->phase, sizeof c->phase, "%s", xf_tbl_phase(r));
    if (r->decode == 1)
        snprintf(c->ctx, sizeof c->ctx, "%lld", r->r->context);
    else
        snprintf(c->ctx, sizeof c->ctx, "-");
}

/* A generation's cells (blank for other rows); text: engineering units, else numbers. */
static void gen_cells(const xf_trow *r, int text, cells *c)
{
    c->tok[0] = c->ttft[0] = c->tps[0] = c->jpt[0] = '\0';
    if (r->decode != 2)
        return;
    snprintf(c->tok, sizeof c->tok, "%lld", r->r->tokens);
    if (text) {
        xf_fmt_eng(c->ttft, sizeof c->ttft, r->r->ttft_s, "s", 4);
        snprintf(c->tps, sizeof c->tps, "%.4g", r->r->tokens_per_s);
        xf_fmt_eng(c->jpt, sizeof c->jpt, r->r->energy_per_token_j, "J", 4);
    } else {
        snprintf(c->ttft, sizeof c->ttft, "%.4g", r->r->ttft_s * 1e3);
        snprintf(c->tps, sizeof c->tps, "%.4g", r->r->tokens_per_s);
        snprintf(c->jpt, sizeof c->jpt, "%.4g", r->r->energy_per_token_j * 1e3);
    }
}

static void text_line(FILE *out, const xf_tbl *t, int wm, int wa, const cells *c)
{
    fprintf(out, "%-*s %7s", wm, c->model, c->seq);
    if (t->show_batch)
        fprintf(out, " %5s", c->batch);
    if (t->show_decode)
        fprintf(out, " %-7s %7s", c->phase, c->ctx);
    fprintf(out, "  %-*s %12s %12s", wa, c->arch, c->lat, c->en);
    if (t->o->columns & XF_TABLE_COL_AREA)
        fprintf(out, " %12s", c->area);
    if (t->o->columns & XF_TABLE_COL_POWER)
        fprintf(out, " %10s", c->power);
    if (t->show_gen)
        fprintf(out, " %6s %11s %9s %11s", c->tok, c->ttft, c->tps, c->jpt);
    fprintf(out, " %10s %13s\n", c->sp, c->er);
}

void xf_tbl_text(FILE *out, const xf_tbl *t)
{
    int wm = 14, wa = 4; /* "geometric mean" */
    for (int i = 0; i < t->n; i++) {
        int l = (int)strlen(t->t[i].r->model);
        wm = l > wm ? l : wm;
        l = (int)strlen(t->t[i].r->arch);
        wa = l > wa ? l : wa;
    }
    if (t->o->caption)
        fprintf(out, "%s\n", t->o->caption);
    cells *c = calloc(1, sizeof *c);
    if (!c)
        return;
    cells h = {"model",   "seq",    "batch", "phase",  "ctx",      "arch",
               "latency", "energy", "area",  "power",  "speed-up", "energy ratio",
               "tokens",  "TTFT",   "tok/s", "J/token"};
    text_line(out, t, wm, wa, &h);
    for (int i = 0; i < t->n; i++) {
        const xf_trow *r = &t->t[i];
        point_cells(t, i, XF_TABLE_TEXT, c);
        xf_table_escape(c->arch, sizeof c->arch, r->r->arch, XF_TABLE_TEXT);
        xf_fmt_eng(c->lat, sizeof c->lat, r->r->latency_s, "s", 4);
        xf_fmt_eng(c->en, sizeof c->en, r->r->energy_j, "J", 4);
        if (isfinite(r->area))
            snprintf(c->area, sizeof c->area, "%.4g mm2", r->area);
        else
            snprintf(c->area, sizeof c->area, "-");
        if (isfinite(r->power))
            xf_fmt_eng(c->power, sizeof c->power, r->power, "W", 4);
        else
            snprintf(c->power, sizeof c->power, "-");
        fmt_ratio(c->sp, sizeof c->sp, r->sp, "x");
        fmt_ratio(c->er, sizeof c->er, r->er, "x");
        gen_cells(r, 1, c);
        text_line(out, t, wm, wa, c);
    }
    int any = 0;
    for (int a = 1; a < t->na; a++) {
        if (!t->cnt[a])
            continue;
        memset(c, 0, sizeof *c);
        snprintf(c->model, sizeof c->model, "%s", any ? "" : "geometric mean");
        any = 1;
        xf_table_escape(c->arch, sizeof c->arch, t->an[a], XF_TABLE_TEXT);
        fmt_ratio(c->sp, sizeof c->sp, t->gsp[a], "x");
        fmt_ratio(c->er, sizeof c->er, t->ger[a], "x");
        text_line(out, t, wm, wa, c);
    }
    free(c);
    char bn[CELL];
    xf_table_escape(bn, sizeof bn, t->an[0], XF_TABLE_TEXT);
    fprintf(out, "speed-up = latency(%s) / latency; energy ratio = energy(%s) / energy\n", bn, bn);
}

typedef enum { ROW_MD, ROW_MD_ALIGN, ROW_TEX } row_style;

/* One Markdown row ("| a | | b |": a blank cell is one blank), its alignment line
 * ("|---|---:|") or a LaTeX row ("a & & b"; the caller ends it). */
static void rule_line(FILE *out, const xf_tbl *t, const cells *c, row_style st)
{
    const char *v[16];
    int n = 0;
    v[n++] = c->model;
    v[n++] = c->seq;
    if (t->show_batch)
        v[n++] = c->batch;
    if (t->show_decode) {
        v[n++] = c->phase;
        v[n++] = c->ctx;
    }
    v[n++] = c->arch;
    v[n++] = c->lat;
    v[n++] = c->en;
    if (t->o->columns & XF_TABLE_COL_AREA)
        v[n++] = c->area;
    if (t->o->columns & XF_TABLE_COL_POWER)
        v[n++] = c->power;
    if (t->show_gen) {
        v[n++] = c->tok;
        v[n++] = c->ttft;
        v[n++] = c->tps;
        v[n++] = c->jpt;
    }
    v[n++] = c->sp;
    v[n++] = c->er;
    for (int i = 0; i < n; i++) {
        if (st == ROW_TEX)
            fprintf(out, "%s%s", i ? " & " : "", v[i]);
        else if (st == ROW_MD_ALIGN)
            fprintf(out, "|%s", v[i]);
        else
            fprintf(out, "|%s%s ", v[i][0] ? " " : "", v[i]);
    }
    if (st != ROW_TEX)
        fputs("|\n", out);
}

/* The body rows of Markdown (f = XF_TABLE_MD) or LaTeX. */
static void rule_body(FILE *out, const xf_tbl *t, xf_table_format f, cells *c)
{
    int md = f == XF_TABLE_MD;
    unit ul = pick_unit(t, 0), ue = pick_unit(t, 1);
    const char *times = md ? "×" : "$\\times$";
    for (int i = 0; i < t->n; i++) {
        const xf_trow *r = &t->t[i];
        if (!md && i > 0 && t->t[i - 1].model_rank != r->model_rank)
            fputs("\\midrule\n", out);
        point_cells(t, i, f, c);
        xf_table_escape(c->arch, sizeof c->arch, r->r->arch, f);
        fmt_sig(c->lat, sizeof c->lat, r->r->latency_s / ul.scale);
        fmt_sig(c->en, sizeof c->en, r->r->energy_j / ue.scale);
        fmt_sig(c->area, sizeof c->area, r->area);
        fmt_sig(c->power, sizeof c->power, r->power);
        fmt_ratio(c->sp, sizeof c->sp, r->sp, times);
        fmt_ratio(c->er, sizeof c->er, r->er, times);
        gen_cells(r, 0, c);
        rule_line(out, t, c, md ? ROW_MD : ROW_TEX);
        if (!md)
            fputs(" \\\\\n", out);
    }
}

void xf_tbl_md(FILE *out, const xf_tbl *t)
{
    unit ul = pick_unit(t, 0), ue = pick_unit(t, 1);
    cells *c = calloc(1, sizeof *c);
    if (!c)
        return;
    if (t->o->caption) {
        xf_table_escape(c->model, sizeof c->model, t->o->caption, XF_TABLE_MD);
        fprintf(out, "**%s**\n\n", c->model);
    }
    cells h = {"Model",  "Seq",       "Batch",      "Phase",     "Context",  "Arch",
               "",       "",          "Area (mm²)", "Power (W)", "Speed-up", "Energy ratio",
               "Tokens", "TTFT (ms)", "Tokens/s",   "mJ/token"};
    snprintf(h.lat, sizeof h.lat, "Latency (%s)", ul.md);
    snprintf(h.en, sizeof h.en, "Energy (%s)", ue.md);
    rule_line(out, t, &h, ROW_MD);
    cells a = {"---",  "---:", "---:", "---:", "---:", "---:", "---:", "---:",
               "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---:"};
    snprintf(a.phase, sizeof a.phase, "---");
    snprintf(a.arch, sizeof a.arch, "---");
    rule_line(out, t, &a, ROW_MD_ALIGN);
    rule_body(out, t, XF_TABLE_MD, c);
    for (int k = 1; k < t->na; k++) {
        if (!t->cnt[k])
            continue;
        memset(c, 0, sizeof *c);
        snprintf(c->model, sizeof c->model, "**geometric mean**");
        xf_table_escape(c->arch, sizeof c->arch, t->an[k], XF_TABLE_MD);
        char sp[32], er[32];
        fmt_ratio(sp, sizeof sp, t->gsp[k], "×");
        fmt_ratio(er, sizeof er, t->ger[k], "×");
        snprintf(c->sp, sizeof c->sp, "**%s**", sp);
        snprintf(c->er, sizeof c->er, "**%s**", er);
        rule_line(out, t, c, ROW_MD);
    }
    xf_table_escape(c->arch, sizeof c->arch, t->an[0], XF_TABLE_MD);
    fprintf(out, "\nSpeed-up and energy ratio relative to %s (> 1: better than %s).\n", c->arch,
            c->arch);
    free(c);
}

void xf_tbl_tex(FILE *out, const xf_tbl *t)
{
    unit ul = pick_unit(t, 0), ue = pick_unit(t, 1);
    cells *c = calloc(1, sizeof *c);
    if (!c)
        return;
    fprintf(out, "%% xformer %s comparison table; needs \\usepackage{booktabs}\n", XF_VERSION);
    if (t->o->caption) {
        xf_table_escape(c->model, sizeof c->model, t->o->caption, XF_TABLE_TEXT);
        fprintf(out, "%% %s\n", c->model);
    }
    int area = (t->o->columns & XF_TABLE_COL_AREA) != 0;
    int power = (t->o->columns & XF_TABLE_COL_POWER) != 0;
    /* model seq [batch] [phase context] arch latency energy [area] [power] speed-up ratio */
    fprintf(out, "\\begin{tabular}{lr%s%slrr%s%s%srr}\n\\toprule\n", t->show_batch ? "r" : "",
            t->show_decode ? "lr" : "", area ? "r" : "", power ? "r" : "",
            t->show_gen ? "rrrr" : "");
    cells h = {"Model",  "Seq",       "Batch",         "Phase",     "Context",  "Arch",
               "",       "",          "Area (mm$^2$)", "Power (W)", "Speed-up", "Energy ratio",
               "Tokens", "TTFT (ms)", "Tokens/s",      "mJ/token"};
    snprintf(h.lat, sizeof h.lat, "Latency (%s)", ul.tex);
    snprintf(h.en, sizeof h.en, "Energy (%s)", ue.tex);
    rule_line(out, t, &h, ROW_TEX);
    fputs(" \\\\\n\\midrule\n", out);
    rule_body(out, t, XF_TABLE_TEX, c);
    int any = 0, span = 2 + t->show_batch + 2 * t->show_decode;
    for (int k = 1; k < t->na; k++) {
        if (!t->cnt[k])
            continue;
        if (!any)
            fputs("\\midrule\n", out);
        any = 1;
        char nm[CELL], sp[48], er[48];
        xf_table_escape(nm, sizeof nm, t->an[k], XF_TABLE_TEX);
        fmt_ratio(sp, sizeof sp, t->gsp[k], "$\\times$");
        fmt_ratio(er, sizeof er, t->ger[k], "$\\times$");
        fprintf(out, "\\multicolumn{%d}{l}{Geometric mean} & %s & & %s%s%s& %s & %s \\\\\n", span,
                nm, area ? "& " : "", power ? "& " : "", t->show_gen ? "& & & & " : "", sp, er);
    }
    fputs("\\bottomrule\n\\end{tabular}\n", out);
    xf_table_escape(c->arch, sizeof c->arch, t->an[0], XF_TABLE_TEX);
    fprintf(out, "%% speed-up and energy ratio relative to %s\n", c->arch);
    free(c);
}
