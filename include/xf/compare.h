/* xf/compare.h - evaluate a comparison grid (architectures x models x sequence lengths); the
 * table itself (ratios, geometric means, text/Markdown/LaTeX/CSV) is xf/table.h. */
#ifndef XF_COMPARE_H
#define XF_COMPARE_H

#include "xf/err.h"
#include "xf/table.h"

/* One evaluated point; xf_cmp_table_rows() points table rows into these. */
typedef struct {
    char model[64];
    long long seq;
    char arch[64];
    double latency; /* s */
    double energy;  /* J */
} xf_cmp_row;

/* Evaluate every (model, seq, arch) of a grid into rows (model-major, then seq, then arch,
 * in the order given). sets[i] are "key=value" overrides applied to every arch, or
 * "ARCH:key=value" applied to that arch only. rows must hold n_models x n_seqs x n_archs.
 * Architectures are built once each. */
int xf_compare_grid(const char *techlib, const char *const *archs, int n_archs,
                    const char *const *models, int n_models, const long long *seqs, int n_seqs,
                    long long batch, const char *const *sets, int n_sets, xf_cmp_row *rows,
                    xf_err *err);

/* Table rows (for xf_table_write) that refer to the strings of rows. */
void xf_cmp_table_rows(const xf_cmp_row *rows, int n, xf_table_row *out);

#endif
