/* energy-breakdown: energy per inference by component (runs stored with breakdowns): one group
 * of bars per run, the total first, then each component, on a logarithmic axis, so that a
 * component a thousand times smaller than the largest is still seen (a stacked linear bar
 * hides it). Why its own file: one figure kind per file. Invariants: only components with
 * energy in some run get a column, named and coloured as in every figure
 * (xf_plot_comp_label/colour); a component without energy in a run is missing ('?'), not 0
 * (a log axis has no 0); bar labels name only what varies between runs (design, model,
 * seq); at most 40 runs. */
#include "plot_int.h"

int xf_plot_fig_breakdown(xf_db *db, const xf_db_sel *s, const xf_plot_opts *o, figure *g,
                          xf_err *err)
{
    if (xf_plot_check_model(s, o->model, 0, err) != XF_OK)
        return err->code;
    int n = 0;
    for (int i = 0; i < s->n; i++)
        n += wanted(&s->runs[i], o->model);
    if (n > 40)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%d runs are selected; at most 40 bars make a readable figure (narrow "
                          "with --where or --model)",
                          n);
    double(*e)[XF_COMP_COUNT] = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *e);
    double *total = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *total);
    if (!e || !total) {
        free(e);
        free(total);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int used[XF_COMP_COUNT] = {0};
    double mx = 0, mn = INFINITY;
    int vary_label = 0, vary_model = 0, vary_seq = 0, first = -1;
    for (int i = 0; i < s->n; i++) {
        const xf_db_sel_run *x = &s->runs[i];
        if (!wanted(x, o->model))
            continue;
        double area[XF_COMP_COUNT];
        int found = 0;
        if (xf_db_components(db, x->r.id, e[i], area, &found, err) != XF_OK)
            break;
        if (found == 0) {
            xf_err_set(err, XF_ERR_INPUT,
                       "run %lld (%s, %s, seq %lld) has no component breakdown; store runs with "
                       "xformer eval or xformer sweep --breakdowns",
                       x->r.id, x->label, x->r.model, x->r.seq);
            break;
        }
        double tot = 0;
        for (int c = 0; c < XF_COMP_COUNT; c++) {
            if (e[i][c] > 0) {
                used[c] = 1;
                mn = e[i][c] < mn ? e[i][c] : mn;
            }
            tot += e[i][c] > 0 ? e[i][c] : 0;
        }
        total[i] = tot;
        mx = tot > mx ? tot : mx;
        if (first < 0) {
            first = i;
        } else {
            const xf_db_sel_run *f0 = &s->runs[first];
            vary_label |= strcmp(f0->label, x->label) != 0;
            vary_model |= strcmp(f0->r.model, x->r.model) != 0;
            vary_seq |= f0->r.seq != x->r.seq;
        }
    }
    if (err->code != XF_OK) {
        free(e);
        free(total);
        return err->code;
    }
    double scale = xf_plot_axis("energy_j", mx, g->ylabel, sizeof g->ylabel);
    bprintf(&g->data, "run\ttotal");
    int nc = 0;
    size_t cl = (size_t)snprintf(g->colours, sizeof g->colours, "#000000");
    for (int c = 0; c < XF_COMP_COUNT; c++)
        if (used[c]) {
            bprintf(&g->data, "\t");
            cell(&g->data, xf_plot_comp_label((xf_comp)c));
            if (cl < sizeof g->colours)
                cl += (size_t)snprintf(g->colours + cl, sizeof g->colours - cl, " %s",
                                       xf_plot_comp_colour((xf_comp)c));
            nc++;
        }
    bprintf(&g->data, "\n");
    for (int i = 0; i < s->n; i++) {
        const xf_db_sel_run *x = &s->runs[i];
        if (!wanted(x, o->model))
            continue;
        char lab[600];
        size_t l = 0;
        lab[0] = '\0';
        if (vary_label || !(vary_model || vary_seq))
            l += (size_t)snprintf(lab + l, sizeof lab - l, "%s", x->label);
        if (vary_model && l < sizeof lab)
            l += (size_t)snprintf(lab + l, sizeof lab - l, "%s%s", l ? " " : "", x->r.model);
        if (vary_seq && l < sizeof lab)
            snprintf(lab + l, sizeof lab - l, "%sn=%lld", l ? " " : "", x->r.seq);
        cell(&g->data, lab);
        bprintf(&g->data, "\t");
        num(&g->data, total[i] / scale);
        for (int c = 0; c < XF_COMP_COUNT; c++)
            if (used[c]) {
                bprintf(&g->data, "\t");
                if (e[i][c] > 0)
                    num(&g->data, e[i][c] / scale);
                else
                    bprintf(&g->data, "?");
            }
        bprintf(&g->data, "\n");
        g->points++;
    }
    free(e);
    free(total);
    g->ncol = nc + 2;
    g->series = nc + 1;
    /* the axis starts at the power of ten at or below the smallest component */
    g->ymin = isfinite(mn) && mn > 0 ? pow(10, floor(log10(mn / scale))) : 1e-3;
    g->logy = 1;
    g->xlabel[0] = '\0';
    return XF_OK;
}
