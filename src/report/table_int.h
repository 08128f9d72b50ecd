/* table_int.h - the table prepared for its writers (src/report/table*.c): rows sorted and
 * paired with their baselines, the designs in output order and their geometric means. */
#ifndef XF_TABLE_INT_H
#define XF_TABLE_INT_H

#include "xf/table.h"

typedef struct {
    const xf_table_row *r;
    int model_rank, arch_rank;
    int decode;         /* phase: 0 prefill, 1 decode, 2 generate */
    long long batch;    /* >= 1 */
    int base;           /* index of the baseline row of its (model, point), or -1 */
    double sp, er;      /* ratios (NaN without a baseline) */
    double area, power; /* NaN when unknown */
} xf_trow;

typedef struct {
    const xf_table_opts *o;
    xf_trow *t;
    int n;
    const char **an; /* design labels in output order; an[0] is the baseline */
    int na;
    int *cnt;          /* pairs in each design's mean */
    double *gsp, *ger; /* geometric means (NaN when cnt is 0) */
    int show_batch;    /* some row is not batch 1 */
    int show_decode;   /* some row is not in prefill */
    int show_gen;      /* some row is a generation */
} xf_tbl;

/* Same model and point (seq, phase, context, batch). Inline: the writers use it and the
 * preparation does too, and neither file depends on the other. */
static inline int xf_tbl_same_point(const xf_trow *a, const xf_trow *b)
{
    return a->model_rank == b->model_rank && a->r->seq == b->r->seq && a->decode == b->decode &&
           a->r->context == b->r->context && a->r->tokens == b->r->tokens && a->batch == b->batch;
}

/* "prefill", "decode", "generate" */
static inline const char *xf_tbl_phase(const xf_trow *r)
{
    return r->decode == 2 ? "generate" : r->decode ? "decode" : "prefill";
}

void xf_tbl_text(FILE *out, const xf_tbl *t);
void xf_tbl_md(FILE *out, const xf_tbl *t);
void xf_tbl_tex(FILE *out, const xf_tbl *t);
void xf_tbl_csv(FILE *out, const xf_tbl *t);
int xf_tbl_json(FILE *out, const xf_tbl *t, xf_err *err);

#endif
