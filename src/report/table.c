/* Comparison tables against a baseline (see xf/table.h). */
#include "xf/table.h"
#include "xf/cfg.h"
#include "xf/fmt.h"
#include "xf/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const xf_table_row *r;
    int model_rank, arch_rank;
    int base;      /* index of the baseline row of its (model, seq) or -1 */
    double sp, er; /* ratios (NaN without a baseline) */
} trow;

static int cmp_trow(const void *a, const void *b)
{
    const trow *x = a, *y = b;
    if (x->model_rank != y->model_rank)
        return x->model_rank < y->model_rank ? -1 : 1;
    if (x->r->seq != y->r->seq)
        return x->r->seq < y->r->seq ? -1 : 1;
    return (x->arch_rank > y->arch_rank) - (x->arch_rank < y->arch_rank);
}

int xf_table_format_parse(const char *opt, const char *name, xf_table_format *out, xf_err *err)
{
    static const char *const names[] = {"table", "text", "md", "markdown", "tex", "latex", "csv"};
    static const xf_table_format val[] = {XF_TABLE_TEXT, XF_TABLE_TEXT, XF_TABLE_MD, XF_TABLE_MD,
                                          XF_TABLE_TEX,  XF_TABLE_TEX,  XF_TABLE_CSV};
    for (int i = 0; i < 7; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = val[i];
            return XF_OK;
        }
    const char *sug = xf_suggest(name, names, 7);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': unknown format; did you mean '%s'?", opt,
                          name, sug);
    return xf_err_set(err, XF_ERR_INPUT, "%s '%s': unknown format; expected table, md, tex or csv",
                      opt, name);
}

/* Sort and pair the rows with their baselines. Caller frees *out and *archs. */
static int prepare(const xf_table_row *rows, int n, const char *baseline, trow **out,
                   const char ***archs, int *n_archs, xf_err *err)
{
    *out = NULL;
    *archs = NULL;
    if (n <= 0)
        return xf_err_set(err, XF_ERR_INPUT, "no runs to compare");
    if (baseline == NULL || baseline[0] == '\0')
        return xf_err_set(err, XF_ERR_INPUT, "--baseline ARCH is required");
    trow *t = calloc((size_t)n, sizeof *t);
    const char **models = calloc((size_t)n, sizeof *models);
    const char **an = calloc((size_t)n + 1, sizeof *an);
    if (!t || !models || !an) {
        free(t);
        free(models);
        free(an);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int nm = 0, na = 1, have_base = 0;
    an[0] = baseline;
    for (int i = 0; i < n; i++) {
        const xf_table_row *r = &rows[i];
        if (!r->arch || !r->model || !(r->latency_s > 0) || !(r->energy_j > 0) ||
            !isfinite(r->latency_s) || !isfinite(r->energy_j)) {
            free(t);
            free(models);
            free(an);
            return xf_err_set(err, XF_ERR_INPUT,
                              "row %d (%s, %s, seq %lld): latency and energy must be positive "
                              "and finite",
                              i + 1, r->arch ? r->arch : "?", r->model ? r->model : "?", r->seq);
        }
        int m = 0;
        while (m < nm && strcmp(models[m], r->model) != 0)
            m++;
        if (m == nm)
            models[nm++] = r->model;
        int a = 0;
        while (a < na && strcmp(an[a], r->arch) != 0)
            a++;
        if (a == na)
            an[na++] = r->arch;
        if (a == 0)
            have_base = 1;
        t[i].r = r;
        t[i].model_rank = m;
        t[i].arch_rank = a;
    }
    if (!have_base) {
        char list[512] = "";
        for (int a = 1; a < na; a++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", a > 1 ? ", " : "", an[a]);
        }
        const char *sug = xf_suggest(baseline, an + 1, na - 1);
        if (sug)
            xf_err_set(err, XF_ERR_INPUT,
                       "--baseline %s: no such architecture among the rows; did you mean '%s'?",
                       baseline, sug);
        else
            xf_err_set(err, XF_ERR_INPUT,
                       "--baseline %s: no such architecture among the rows; expected one of %s",
                       baseline, list);
        free(t);
        free(models);
        free(an);
        return err->code;
    }
    qsort(t, (size_t)n, sizeof *t, cmp_trow);
    for (int i = 0; i < n; i++) {
        int g = i;
        while (g > 0 && t[g - 1].model_rank == t[i].model_rank && t[g - 1].r->seq == t[i].r->seq)
            g--;
        if (i > g && t[i - 1].arch_rank == t[i].arch_rank) {
            xf_err_set(err, XF_ERR_INPUT,
                       "two rows for arch '%s', model '%s', seq %lld; select one (e.g. --where "
                       "or --sweep) or label the designs apart",
                       t[i].r->arch, t[i].r->model, t[i].r->seq);
            free(t);
            free(models);
            free(an);
            return err->code;
        }
        t[i].base = t[g].arch_rank == 0 ? g : -1;
        if (t[i].base >= 0) {
            t[i].sp = t[g].r->latency_s / t[i].r->latency_s;
            t[i].er = t[g].r->energy_j / t[i].r->energy_j;
        } else {
            t[i].sp = t[i].er = NAN;
        }
    }
    free(models);
    *out = t;
    *archs = an;
    *n_archs = na;
    return XF_OK;
}

static void geomeans_of(const trow *t, int n, int n_archs, int *cnt, double *sp, double *er)
{
    for (int a = 0; a < n_archs; a++) {
        cnt[a] = 0;
        sp[a] = er[a] = 0;
    }
    for (int i = 0; i < n; i++) {
        if (t[i].base < 0)
            continue;
        int a = t[i].arch_rank;
        cnt[a]++;
        sp[a] += log(t[i].sp);
        er[a] += log(t[i].er);
    }
    for (int a = 0; a < n_archs; a++) {
        sp[a] = cnt[a] ? exp(sp[a] / cnt[a]) : NAN;
        er[a] = cnt[a] ? exp(er[a] / cnt[a]) : NAN;
    }
}

int xf_table_geomeans(const xf_table_row *rows, int n, const char *baseline, xf_table_geomean *out,
                      int max, int *n_out, xf_err *err)
{
    *n_out = 0;
    trow *t;
    const char **an;
    int na;
    if (prepare(rows, n, baseline, &t, &an, &na, err) != XF_OK)
        return err->code;
    int *cnt = calloc((size_t)na, sizeof *cnt);
    double *sp = calloc((size_t)na, sizeof *sp), *er = calloc((size_t)na, sizeof *er);
    if (cnt && sp && er) {
        geomeans_of(t, n, na, cnt, sp, er);
        for (int a = 1; a < na && *n_out < max; a++) {
            out[*n_out].arch = an[a];
            out[*n_out].n = cnt[a];
            out[*n_out].speedup = sp[a];
            out[*n_out].energy_ratio = er[a];
            (*n_out)++;
        }
    } else {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    free(cnt);
    free(sp);
    free(er);
    free(t);
    free(an);
    return err->code;
}

/* ----------------------------------------------------------------- formatting */

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

static unit pick_unit(const trow *t, int n, int energy)
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
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    double mid = 0;
    if (v) {
        for (int i = 0; i < n; i++)
            v[i] = energy ? t[i].r->energy_j : t[i].r->latency_s;
        qsort(v, (size_t)n, sizeof *v, cmp_double);
        mid = n > 0 ? v[n / 2] : 0;
        free(v);
    }
    for (int k = 0; k < 4; k++)
        if (mid >= u[k].scale)
            return u[k];
    return u[3];
}

static void esc(char *buf, size_t n, const char *s, xf_table_format f)
{
    size_t o = 0;
    for (; *s && o + 8 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20) {
            buf[o++] = ' ';
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

static void csv_field(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n\r") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void csv_num(FILE *out, double v)
{
    if (isfinite(v))
        fprintf(out, "%.9g", v);
}

#define CELL 320

static void write_csv(FILE *out, const trow *t, int n, const char **an, int na, const int *cnt,
                      const double *gsp, const double *ger)
{
    fputs("model,seq,arch,latency_s,energy_j,speedup,energy_ratio\n", out);
    for (int i = 0; i < n; i++) {
        csv_field(out, t[i].r->model);
        fprintf(out, ",%lld,", t[i].r->seq);
        csv_field(out, t[i].r->arch);
        fputc(',', out);
        csv_num(out, t[i].r->latency_s);
        fputc(',', out);
        csv_num(out, t[i].r->energy_j);
        fputc(',', out);
        csv_num(out, t[i].sp);
        fputc(',', out);
        csv_num(out, t[i].er);
        fputc('\n', out);
    }
    for (int a = 1; a < na; a++) {
        if (!cnt[a])
            continue;
        fputs("geomean,,", out);
        csv_field(out, an[a]);
        fputs(",,,", out);
        csv_num(out, gsp[a]);
        fputc(',', out);
        csv_num(out, ger[a]);
        fputc('\n', out);
    }
}

static void write_text(FILE *out, const trow *t, int n, const char **an, int na, const int *cnt,
                       const double *gsp, const double *ger, const xf_table_opts *o)
{
    int wm = 5, wa = 4;
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(t[i].r->model);
        wm = l > wm ? l : wm;
        l = (int)strlen(t[i].r->arch);
        wa = l > wa ? l : wa;
    }
    if (wm < 14)
        wm = 14; /* "geometric mean" */
    if (o->caption)
        fprintf(out, "%s\n", o->caption);
    fprintf(out, "%-*s %7s  %-*s %12s %12s %10s %13s\n", wm, "model", "seq", wa, "arch", "latency",
            "energy", "speed-up", "energy ratio");
    for (int i = 0; i < n; i++) {
        char m[CELL], a[CELL], lat[32], en[32], sp[32], er[32];
        esc(m, sizeof m, t[i].r->model, XF_TABLE_TEXT);
        esc(a, sizeof a, t[i].r->arch, XF_TABLE_TEXT);
        xf_fmt_eng(lat, sizeof lat, t[i].r->latency_s, "s", 4);
        xf_fmt_eng(en, sizeof en, t[i].r->energy_j, "J", 4);
        fmt_ratio(sp, sizeof sp, t[i].sp, "x");
        fmt_ratio(er, sizeof er, t[i].er, "x");
        int first =
            i == 0 || t[i - 1].model_rank != t[i].model_rank || t[i - 1].r->seq != t[i].r->seq;
        char seq[32];
        snprintf(seq, sizeof seq, "%lld", t[i].r->seq);
        fprintf(out, "%-*s %7s  %-*s %12s %12s %10s %13s\n", wm, first ? m : "", first ? seq : "",
                wa, a, lat, en, sp, er);
    }
    for (int a = 1; a < na; a++) {
        if (!cnt[a])
            continue;
        char nm[CELL], sp[32], er[32];
        esc(nm, sizeof nm, an[a], XF_TABLE_TEXT);
        fmt_ratio(sp, sizeof sp, gsp[a], "x");
        fmt_ratio(er, sizeof er, ger[a], "x");
        fprintf(out, "%-*s %7s  %-*s %12s %12s %10s %13s\n", wm, a == 1 ? "geometric mean" : "", "",
                wa, nm, "", "", sp, er);
    }
    char bn[CELL];
    esc(bn, sizeof bn, an[0], XF_TABLE_TEXT);
    fprintf(out, "speed-up = latency(%s) / latency; energy ratio = energy(%s) / energy\n", bn, bn);
}

static void write_md(FILE *out, const trow *t, int n, const char **an, int na, const int *cnt,
                     const double *gsp, const double *ger, const xf_table_opts *o)
{
    unit ul = pick_unit(t, n, 0), ue = pick_unit(t, n, 1);
    if (o->caption) {
        char c[CELL];
        esc(c, sizeof c, o->caption, XF_TABLE_MD);
        fprintf(out, "**%s**\n\n", c);
    }
    fprintf(out, "| Model | Seq | Arch | Latency (%s) | Energy (%s) | Speed-up | Energy ratio |\n",
            ul.md, ue.md);
    fputs("|---|---:|---|---:|---:|---:|---:|\n", out);
    for (int i = 0; i < n; i++) {
        char m[CELL], a[CELL], lat[32], en[32], sp[32], er[32];
        esc(m, sizeof m, t[i].r->model, XF_TABLE_MD);
        esc(a, sizeof a, t[i].r->arch, XF_TABLE_MD);
        fmt_sig(lat, sizeof lat, t[i].r->latency_s / ul.scale);
        fmt_sig(en, sizeof en, t[i].r->energy_j / ue.scale);
        fmt_ratio(sp, sizeof sp, t[i].sp, "×");
        fmt_ratio(er, sizeof er, t[i].er, "×");
        fprintf(out, "| %s | %lld | %s | %s | %s | %s | %s |\n", m, t[i].r->seq, a, lat, en, sp,
                er);
    }
    for (int a = 1; a < na; a++) {
        if (!cnt[a])
            continue;
        char nm[CELL], sp[32], er[32];
        esc(nm, sizeof nm, an[a], XF_TABLE_MD);
        fmt_ratio(sp, sizeof sp, gsp[a], "×");
        fmt_ratio(er, sizeof er, ger[a], "×");
        fprintf(out, "| **geometric mean** | | %s | | | **%s** | **%s** |\n", nm, sp, er);
    }
    char bn[CELL];
    esc(bn, sizeof bn, an[0], XF_TABLE_MD);
    fprintf(out, "\nSpeed-up and energy ratio relative to %s (> 1: better than %s).\n", bn, bn);
}

static void write_tex(FILE *out, const trow *t, int n, const char **an, int na, const int *cnt,
                      const double *gsp, const double *ger, const xf_table_opts *o)
{
    unit ul = pick_unit(t, n, 0), ue = pick_unit(t, n, 1);
    char bn[CELL];
    esc(bn, sizeof bn, an[0], XF_TABLE_TEX);
    fprintf(out, "%% xformer %s comparison table; needs \\usepackage{booktabs}\n", XF_VERSION);
    if (o->caption) {
        char c[CELL];
        esc(c, sizeof c, o->caption, XF_TABLE_TEXT);
        fprintf(out, "%% %s\n", c);
    }
    fputs("\\begin{tabular}{lrlrrrr}\n\\toprule\n", out);
    fprintf(out,
            "Model & Seq & Arch & Latency (%s) & Energy (%s) & Speed-up & Energy ratio \\\\\n"
            "\\midrule\n",
            ul.tex, ue.tex);
    for (int i = 0; i < n; i++) {
        char m[CELL], a[CELL], lat[32], en[32], sp[32], er[32];
        if (i > 0 && t[i - 1].model_rank != t[i].model_rank)
            fputs("\\midrule\n", out);
        esc(m, sizeof m, t[i].r->model, XF_TABLE_TEX);
        esc(a, sizeof a, t[i].r->arch, XF_TABLE_TEX);
        fmt_sig(lat, sizeof lat, t[i].r->latency_s / ul.scale);
        fmt_sig(en, sizeof en, t[i].r->energy_j / ue.scale);
        fmt_ratio(sp, sizeof sp, t[i].sp, "$\\times$");
        fmt_ratio(er, sizeof er, t[i].er, "$\\times$");
        fprintf(out, "%s & %lld & %s & %s & %s & %s & %s \\\\\n", m, t[i].r->seq, a, lat, en, sp,
                er);
    }
    int any = 0;
    for (int a = 1; a < na; a++) {
        if (!cnt[a])
            continue;
        if (!any)
            fputs("\\midrule\n", out);
        any = 1;
        char nm[CELL], sp[32], er[32];
        esc(nm, sizeof nm, an[a], XF_TABLE_TEX);
        fmt_ratio(sp, sizeof sp, gsp[a], "$\\times$");
        fmt_ratio(er, sizeof er, ger[a], "$\\times$");
        fprintf(out, "\\multicolumn{2}{l}{Geometric mean} & %s & & & %s & %s \\\\\n", nm, sp, er);
    }
    fputs("\\bottomrule\n\\end{tabular}\n", out);
    fprintf(out, "%% speed-up and energy ratio relative to %s\n", bn);
}

int xf_table_write(FILE *out, const xf_table_row *rows, int n, const xf_table_opts *o, xf_err *err)
{
    trow *t;
    const char **an;
    int na;
    if (prepare(rows, n, o->baseline, &t, &an, &na, err) != XF_OK)
        return err->code;
    int *cnt = calloc((size_t)na, sizeof *cnt);
    double *sp = calloc((size_t)na, sizeof *sp), *er = calloc((size_t)na, sizeof *er);
    if (cnt && sp && er) {
        geomeans_of(t, n, na, cnt, sp, er);
        switch (o->format) {
        case XF_TABLE_CSV:
            write_csv(out, t, n, an, na, cnt, sp, er);
            break;
        case XF_TABLE_MD:
            write_md(out, t, n, an, na, cnt, sp, er, o);
            break;
        case XF_TABLE_TEX:
            write_tex(out, t, n, an, na, cnt, sp, er, o);
            break;
        default:
            write_text(out, t, n, an, na, cnt, sp, er, o);
        }
        if (ferror(out))
            xf_err_set(err, XF_ERR_RUNTIME, "cannot write the table");
    } else {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    free(cnt);
    free(sp);
    free(er);
    free(t);
    free(an);
    return err->code;
}
