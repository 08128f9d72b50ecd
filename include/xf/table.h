/* xf/table.h - comparison tables: speed-up and energy ratio against a baseline.
 *
 * Input: rows of (design, model, point, latency, energy[, area, power]), in any order, one per
 * (design, model, point); a point is (seq, phase, context, batch) and a design is labelled
 * ARCH or ARCH[KEY=VALUE,...] (xf/variant.h). Output: one row per (model, point, design) -
 * models in order of first appearance, then seq ascending, prefill before decode before
 * generate, context, tokens and
 * batch ascending, the baseline first and the other designs in order of first appearance - with
 *     speed-up     = latency(baseline) / latency(design)
 *     energy ratio = energy(baseline)  / energy(design)
 * (both > 1 when the design beats the baseline) at the same model and point, then one
 * geometric-mean row per design other than the baseline over the (model, point) pairs that
 * have both. A pair without a baseline row shows "-" and is left out of the means.
 *
 * The baseline is a label of the rows, or an architecture name that has a single design among
 * them ("xformer" for the only xformer[...] row design).
 *
 * Formats: aligned text; GitHub-flavoured Markdown; LaTeX tabular with booktabs rules
 * (\usepackage{booktabs}); text, Markdown and LaTeX add batch / phase and context columns
 * only when some row is not batch 1 / not prefill. CSV with the header
 *     kind,model,seq,batch,phase,context,arch,latency_s,energy_j,speedup,energy_ratio
 * (then area_mm2 and power_w when asked for, then tokens, ttft_s, tokens_per_s and
 * energy_per_token_j when some row is a generation; text, Markdown and LaTeX show those as
 * columns too), where kind is "point" for a row of a design at a
 * point and "geomean" for a geometric-mean row (model, seq, batch, phase, context, latency_s,
 * energy_j, area_mm2 and power_w empty: they do not apply); a field is empty only where its
 * value is unknown or does not apply (a ratio without its baseline). JSON: an object
 *     {"tool": "xformer VERSION", "baseline": LABEL, "title": TEXT|null, "rows": [...]}
 * whose rows are the CSV's, in the same order, each an object with the CSV's column names as
 * keys and null where the CSV field is empty. Numbers in CSV and JSON carry full precision
 * (xf/json_out.h). Text and Markdown/LaTeX cells are escaped for their format (names are data).
 */
#ifndef XF_TABLE_H
#define XF_TABLE_H

#include "xf/err.h"

#include <stdio.h>

typedef struct {
    const char *arch; /* design label: ARCH or ARCH[KEY=VALUE,...] */
    const char *model;
    long long seq;
    double latency_s, energy_j;
    long long batch;          /* 0 is read as 1 */
    const char *phase;        /* "prefill" (also NULL), "decode" or "generate" */
    long long context;        /* decode: tokens already in the KV cache */
    double area_mm2, power_w; /* > 0 and finite when known; otherwise an empty cell */
    /* generate (seq: the prompt): tokens generated, time to first token, decode rate and
     * energy per generated token */
    long long tokens;
    double ttft_s, tokens_per_s, energy_per_token_j;
} xf_table_row;

typedef enum {
    XF_TABLE_TEXT,
    XF_TABLE_MD,
    XF_TABLE_TEX,
    XF_TABLE_CSV,
    XF_TABLE_JSON
} xf_table_format;

/* "table" (or "text"), "md", "tex", "csv", "json"; XF_ERR_INPUT with a suggestion otherwise. */
int xf_table_format_parse(const char *opt, const char *name, xf_table_format *out, xf_err *err);

/* Text s as a cell of format f into buf: Markdown and LaTeX specials escaped, a control
 * character or an invalid byte as '?' (text, md and tex; CSV and JSON quote on their own). */
void xf_table_escape(char *buf, size_t n, const char *s, xf_table_format f);
/* Extra columns (bit mask): area (mm^2) and power (W) of each design at each point. */
enum { XF_TABLE_COL_AREA = 1, XF_TABLE_COL_POWER = 2 };
/* "area", "power", "area,power" (any order, each once); XF_ERR_INPUT otherwise. */
int xf_table_columns_parse(const char *opt, const char *list, unsigned *out, xf_err *err);

typedef struct {
    const char *baseline; /* a design label of the rows, or an arch with a single design */
    xf_table_format format;
    const char *caption; /* optional: a title line (text/Markdown), a LaTeX comment, JSON title */
    unsigned columns;    /* XF_TABLE_COL_* */
} xf_table_opts;

typedef struct {
    const char *arch;
    int n; /* (model, point) pairs in the mean */
    double speedup, energy_ratio;
} xf_table_geomean;

/* Geometric means per design (baseline excluded), in output order. Returns the count in *n_out
 * (at most max). XF_ERR_INPUT when there are no rows, a duplicate (design, model, point) row, a
 * non-positive or non-finite latency/energy, or the baseline is not among the designs. */
int xf_table_geomeans(const xf_table_row *rows, int n, const char *baseline, xf_table_geomean *out,
                      int max, int *n_out, xf_err *err);

/* Write the table. Same errors as xf_table_geomeans; XF_ERR_RUNTIME when out fails. */
int xf_table_write(FILE *out, const xf_table_row *rows, int n, const xf_table_opts *o, xf_err *err);

#endif
