/* xf/table.h - comparison tables: speed-up and energy ratio against a baseline.
 *
 * Input: rows of (arch, model, seq, latency, energy), in any order, one per (arch, model,
 * seq). Output: one row per (model, seq, arch) - models in order of first appearance, seq
 * ascending, the baseline first and the other archs in order of first appearance - with
 *     speed-up     = latency(baseline) / latency(arch)
 *     energy ratio = energy(baseline)  / energy(arch)
 * (both > 1 when the arch beats the baseline), then one geometric-mean row per arch other
 * than the baseline over the (model, seq) pairs that have both. A pair without a baseline row
 * shows "-" and is left out of the means.
 *
 * Formats: aligned text; GitHub-flavoured Markdown; LaTeX tabular with booktabs rules
 * (\usepackage{booktabs}); CSV with the header
 *     model,seq,arch,latency_s,energy_j,speedup,energy_ratio
 * and geometric-mean rows as `geomean,,ARCH,,,SPEEDUP,ENERGY_RATIO`.
 * Text and Markdown/LaTeX cells are escaped for their format (names are data).
 */
#ifndef XF_TABLE_H
#define XF_TABLE_H

#include "xf/err.h"

#include <stdio.h>

typedef struct {
    const char *arch; /* design label: arch name, or arch + overrides */
    const char *model;
    long long seq;
    double latency_s, energy_j;
} xf_table_row;

typedef enum { XF_TABLE_TEXT, XF_TABLE_MD, XF_TABLE_TEX, XF_TABLE_CSV } xf_table_format;

/* "table" (or "text"), "md", "tex", "csv"; XF_ERR_INPUT with a suggestion otherwise. */
int xf_table_format_parse(const char *opt, const char *name, xf_table_format *out, xf_err *err);

typedef struct {
    const char *baseline; /* an arch of the rows */
    xf_table_format format;
    const char *caption; /* optional: a title line (text/Markdown) or a LaTeX comment */
} xf_table_opts;

typedef struct {
    const char *arch;
    int n; /* (model, seq) pairs in the mean */
    double speedup, energy_ratio;
} xf_table_geomean;

/* Geometric means per arch (baseline excluded), in output order. Returns the count in *n_out
 * (at most max). XF_ERR_INPUT when there are no rows, a duplicate (arch, model, seq) row, a
 * non-positive or non-finite latency/energy, or the baseline is not among the archs. */
int xf_table_geomeans(const xf_table_row *rows, int n, const char *baseline, xf_table_geomean *out,
                      int max, int *n_out, xf_err *err);

/* Write the table. Same errors as xf_table_geomeans; XF_ERR_RUNTIME when out fails. */
int xf_table_write(FILE *out, const xf_table_row *rows, int n, const xf_table_opts *o, xf_err *err);

#endif
