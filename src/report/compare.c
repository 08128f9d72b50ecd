/* Comparison tables (see xf/compare.h). */
#include "xf/compare.h"

#include "xf/fmt.h"

#include <math.h>
#include <string.h>

int xf_table_fmt_parse(const char *name)
{
    static const char *const names[] = {"table", "md", "tex", "csv"};
    if (!strcmp(name, "text"))
        return XF_FMT_TEXT;
    for (int i = 0; i < XF_FMT_COUNT; i++)
        if (!strcmp(name, names[i]))
            return i;
    return -1;
}

int xf_cmp_ratios(xf_cmp_row *rows, int n, const char *baseline, xf_err *err)
{
    for (int i = 0; i < n; i++) {
        const xf_cmp_row *b = NULL;
        for (int j = 0; j < n && !b; j++)
            if (!strcmp(rows[j].arch, baseline) && !strcmp(rows[j].model, rows[i].model) &&
                rows[j].seq == rows[i].seq)
                b = &rows[j];
        if (!b)
            return xf_err_set(err, XF_ERR_INPUT, "baseline %s has no result for %s at %lld tokens",
                              baseline, rows[i].model, rows[i].seq);
        rows[i].speedup = b->latency / rows[i].latency;
        rows[i].energy_ratio = b->energy / rows[i].energy;
    }
    return XF_OK;
}

int xf_cmp_geomean(const xf_cmp_row *rows, int n, const char *arch, double *speedup,
                   double *energy_ratio)
{
    double ls = 0.0, le = 0.0;
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].arch, arch)) {
            ls += log(rows[i].speedup);
            le += log(rows[i].energy_ratio);
            k++;
        }
    *speedup = k ? exp(ls / k) : NAN;
    *energy_ratio = k ? exp(le / k) : NAN;
    return k;
}

/* Distinct architectures in first-seen order. */
static int archs(const xf_cmp_row *rows, int n, const char **out, int max)
{
    int k = 0;
    for (int i = 0; i < n; i++) {
        int seen = 0;
        for (int j = 0; j < k; j++)
            seen |= !strcmp(out[j], rows[i].arch);
        if (!seen && k < max)
            out[k++] = rows[i].arch;
    }
    return k;
}

/* LaTeX: escape the characters that are special in running text. */
static void tex(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (strchr("&%$#_{}", *s))
            fputc('\\', out);
        fputc(*s, out);
    }
}

static void csv_text(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

void xf_cmp_print(FILE *out, const xf_cmp_row *rows, int n, const char *baseline, xf_table_fmt fmt)
{
    const char *as[64];
    int na = archs(rows, n, as, 64);
    char l[32], e[32];
    switch (fmt) {
    case XF_FMT_CSV:
        fprintf(out, "model,seq,arch,latency_s,energy_j,speedup,energy_ratio\n");
        for (int i = 0; i < n; i++) {
            csv_text(out, rows[i].model);
            fprintf(out, ",%lld,", rows[i].seq);
            csv_text(out, rows[i].arch);
            fprintf(out, ",%.9g,%.9g,%.9g,%.9g\n", rows[i].latency, rows[i].energy, rows[i].speedup,
                    rows[i].energy_ratio);
        }
        for (int a = 0; a < na; a++) {
            double s, r;
            xf_cmp_geomean(rows, n, as[a], &s, &r);
            fprintf(out, "geomean,,");
            csv_text(out, as[a]);
            fprintf(out, ",,,%.9g,%.9g\n", s, r);
        }
        return;
    case XF_FMT_MD:
        fprintf(out,
                "| model | seq | arch | latency | energy | speed-up vs %s | energy ratio vs %s |\n",
                baseline, baseline);
        fprintf(out, "|---|---:|---|---:|---:|---:|---:|\n");
        for (int i = 0; i < n; i++)
            fprintf(out, "| %s | %lld | %s | %s | %s | %.3g | %.3g |\n", rows[i].model, rows[i].seq,
                    rows[i].arch, xf_fmt_eng(l, sizeof l, rows[i].latency, "s", 4),
                    xf_fmt_eng(e, sizeof e, rows[i].energy, "J", 4), rows[i].speedup,
                    rows[i].energy_ratio);
        for (int a = 0; a < na; a++) {
            double s, r;
            xf_cmp_geomean(rows, n, as[a], &s, &r);
            fprintf(out, "| **geomean** | | %s | | | **%.3g** | **%.3g** |\n", as[a], s, r);
        }
        return;
    case XF_FMT_TEX:
        fprintf(out, "\\begin{tabular}{lrlrrrr}\n\\toprule\n");
        fprintf(out, "Model & SL & Architecture & Latency (ms) & Energy (mJ) & Speed-up & Energy "
                     "ratio \\\\\n\\midrule\n");
        for (int i = 0; i < n; i++) {
            tex(out, rows[i].model);
            fprintf(out, " & %lld & ", rows[i].seq);
            tex(out, rows[i].arch);
            fprintf(out, " & %.4g & %.4g & %.3g & %.3g \\\\\n", rows[i].latency * 1e3,
                    rows[i].energy * 1e3, rows[i].speedup, rows[i].energy_ratio);
        }
        fprintf(out, "\\midrule\n");
        for (int a = 0; a < na; a++) {
            double s, r;
            xf_cmp_geomean(rows, n, as[a], &s, &r);
            fprintf(out, "Geometric mean & & ");
            tex(out, as[a]);
            fprintf(out, " & & & %.3g & %.3g \\\\\n", s, r);
        }
        fprintf(out, "\\bottomrule\n\\end{tabular}\n");
        fprintf(out, "%% speed-up and energy ratio against ");
        tex(out, baseline);
        fprintf(out, "; needs \\usepackage{booktabs}\n");
        return;
    default:
        fprintf(out, "%-12s %7s %-14s %12s %12s %10s %10s\n", "model", "seq", "arch", "latency",
                "energy", "speed-up", "energy x");
        for (int i = 0; i < n; i++)
            fprintf(out, "%-12s %7lld %-14s %12s %12s %10.3g %10.3g\n", rows[i].model, rows[i].seq,
                    rows[i].arch, xf_fmt_eng(l, sizeof l, rows[i].latency, "s", 4),
                    xf_fmt_eng(e, sizeof e, rows[i].energy, "J", 4), rows[i].speedup,
                    rows[i].energy_ratio);
        for (int a = 0; a < na; a++) {
            double s, r;
            int k = xf_cmp_geomean(rows, n, as[a], &s, &r);
            fprintf(out, "%-12s %7s %-14s %12s %12s %10.3g %10.3g  (%d rows)\n", "geomean", "",
                    as[a], "", "", s, r, k);
        }
        fprintf(out, "speed-up and energy ratio (x) against %s; > 1 means better than it\n",
                baseline);
    }
}
