/* speedup-vs-seq: speed-up over the baseline design against sequence length, one column per
 * design (the data file is one table: seq, then one column per design). Why its own file:
 * one figure kind per file. Invariants: the baseline's own column is left out; a cell
 * without both runs is "?" (missing to gnuplot); at most 12 designs. */
#include "plot_int.h"

int xf_plot_fig_speedup(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    if (!o->baseline)
        return xf_err_set(err, XF_ERR_INPUT, "--baseline DESIGN is required for speedup-vs-seq");
    const char *base;
    if (xf_plot_check_model(s, o->model, 1, err) != XF_OK ||
        xf_db_sel_baseline(s, o->baseline, &base, err) != XF_OK)
        return err->code;
    /* designs (columns) and sequence lengths (rows) */
    const char **designs = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *designs);
    long long *seqs = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *seqs);
    if (!designs || !seqs) {
        free(designs);
        free(seqs);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int nd = 0, ns = 0;
    for (int i = 0; i < s->n; i++) {
        const xf_db_sel_run *x = &s->runs[i];
        if (!wanted(x, o->model))
            continue;
        int k = 0;
        while (k < ns && seqs[k] != x->r.seq)
            k++;
        if (k == ns)
            seqs[ns++] = x->r.seq;
        if (strcmp(x->label, base) == 0)
            continue;
        k = 0;
        while (k < nd && strcmp(designs[k], x->label) != 0)
            k++;
        if (k == nd)
            designs[nd++] = x->label;
    }
    for (int a = 1; a < ns; a++) /* insertion sort, few values */
        for (int b = a; b > 0 && seqs[b - 1] > seqs[b]; b--) {
            long long t = seqs[b];
            seqs[b] = seqs[b - 1];
            seqs[b - 1] = t;
        }
    int rc = XF_OK;
    if (nd == 0)
        rc = xf_err_set(err, XF_ERR_INPUT, "only the baseline %s is selected; nothing to compare",
                        base);
    else if (nd > 12)
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "%d designs are selected; at most 12 lines make a readable figure "
                        "(narrow with --where)",
                        nd);
    if (rc == XF_OK) {
        bprintf(&g->data, "seq");
        for (int d = 0; d < nd; d++) {
            bprintf(&g->data, "\t");
            cell(&g->data, designs[d]);
        }
        bprintf(&g->data, "\n");
        for (int q = 0; q < ns; q++) {
            double bl = NAN;
            for (int i = 0; i < s->n; i++)
                if (wanted(&s->runs[i], o->model) && s->runs[i].r.seq == seqs[q] &&
                    strcmp(s->runs[i].label, base) == 0)
                    bl = s->runs[i].r.latency_s;
            bprintf(&g->data, "%lld", seqs[q]);
            for (int d = 0; d < nd; d++) {
                double v = NAN;
                for (int i = 0; i < s->n; i++)
                    if (wanted(&s->runs[i], o->model) && s->runs[i].r.seq == seqs[q] &&
                        strcmp(s->runs[i].label, designs[d]) == 0 && s->runs[i].r.latency_s > 0)
                        v = bl / s->runs[i].r.latency_s;
                bprintf(&g->data, "\t");
                num(&g->data, v);
                g->points += isfinite(v);
            }
            bprintf(&g->data, "\n");
        }
        g->ncol = nd + 1;
        g->series = nd;
        snprintf(g->xlabel, sizeof g->xlabel, "Sequence length (tokens)");
        snprintf(g->ylabel, sizeof g->ylabel, "Speed-up over %s (×)", base);
        if (g->points == 0)
            rc = xf_err_set(err, XF_ERR_INPUT,
                            "no sequence length has both the baseline %s and another design", base);
    }
    free(designs);
    free(seqs);
    return rc;
}
