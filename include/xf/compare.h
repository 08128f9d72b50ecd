/* xf/compare.h - comparison tables: speed-up and energy ratio of architectures against a
 * baseline, per model x sequence length, with geometric means; text, Markdown, LaTeX, CSV. */
#ifndef XF_COMPARE_H
#define XF_COMPARE_H

#include <stdio.h>

#include "xf/err.h"

typedef struct {
    char model[64];
    long long seq;
    char arch[64];
    double latency;      /* s */
    double energy;       /* J */
    double speedup;      /* baseline latency / latency */
    double energy_ratio; /* baseline energy / energy */
} xf_cmp_row;

typedef enum { XF_FMT_TEXT, XF_FMT_MD, XF_FMT_TEX, XF_FMT_CSV, XF_FMT_COUNT } xf_table_fmt;

/* "table"/"text", "md", "tex", "csv" -> format; -1 when unknown. */
int xf_table_fmt_parse(const char *name);

/* Fill speedup and energy_ratio of every row from the row of `baseline` with the same model
 * and seq. A missing baseline row is an input error. */
int xf_cmp_ratios(xf_cmp_row *rows, int n, const char *baseline, xf_err *err);
/* Geometric means over the rows of `arch`: (prod x_i)^(1/k). Returns the row count k. */
int xf_cmp_geomean(const xf_cmp_row *rows, int n, const char *arch, double *speedup,
                   double *energy_ratio);
/* Print the table: one row per (model, seq, arch) in the given order, then one geometric-mean
 * row per arch. CSV header: model,seq,arch,latency_s,energy_j,speedup,energy_ratio (geomean rows
 * have model "geomean" and empty seq, latency and energy). */
void xf_cmp_print(FILE *out, const xf_cmp_row *rows, int n, const char *baseline, xf_table_fmt fmt);

/* Evaluate every (model, seq, arch) of a grid into rows (model-major, then seq, then arch
 * order as given). sets[i] are "key=value" overrides, each applied to every arch, or
 * "ARCH:key=value" applied to that arch only. rows must hold n_models x n_seqs x n_archs.
 * Architectures and workloads are built once each. */
int xf_compare_grid(const char *techlib, const char *const *archs, int n_archs,
                    const char *const *models, int n_models, const long long *seqs, int n_seqs,
                    long long batch, const char *const *sets, int n_sets, xf_cmp_row *rows,
                    xf_err *err);

#endif
