/* sweep-scatter: any two numeric columns, one data block per architecture, the Pareto front
 * as the first block. Why its own file: one figure kind per file. Invariants: runs with a
 * non-finite x or y are left out, and so are runs whose area is unknown when an axis is the
 * area (a GPU board models none: NULL, or 0 in a database written before area_known); both axes are
 * minimised except for maximised columns (tops, tops_per_w); an axis is logarithmic only when its
 * positive values span over two decades. */
#include "plot_int.h"

int xf_plot_fig_scatter(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    const char *xn = o->x ? o->x : "latency_s", *yn = o->y ? o->y : "energy_j";
    int xc, yc;
    if (xf_plot_numeric_column("--x", xn, &xc, err) != XF_OK ||
        xf_plot_numeric_column("--y", yn, &yc, err) != XF_OK)
        return err->code;
    pt *p = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *p);
    pt *front = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *front);
    const char **archs = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *archs);
    if (!p || !front || !archs) {
        free(p);
        free(front);
        free(archs);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int x_area = strcmp(xn, "area_mm2") == 0, y_area = strcmp(yn, "area_mm2") == 0;
    int np = 0, na = 0;
    double mx = 0, my = 0, minx = INFINITY, miny = INFINITY;
    for (int i = 0; i < s->n; i++) {
        double x = xf_db_run_value(&s->runs[i].r, xc), y = xf_db_run_value(&s->runs[i].r, yc);
        if (!isfinite(x) || !isfinite(y) || (x_area && !(x > 0)) || (y_area && !(y > 0)))
            continue; /* no point, and none on the front, without a known area */
        p[np].x = x;
        p[np].y = y;
        p[np].k = i;
        np++;
        mx = fabs(x) > mx ? fabs(x) : mx;
        my = fabs(y) > my ? fabs(y) : my;
        minx = x < minx ? x : minx;
        miny = y < miny ? y : miny;
        int a = 0;
        while (a < na && strcmp(archs[a], s->runs[i].r.arch) != 0)
            a++;
        if (a == na)
            archs[na++] = s->runs[i].r.arch;
    }
    int rc = XF_OK;
    if (np == 0)
        rc = xf_err_set(err, XF_ERR_INPUT, "no selected run has finite %s and %s%s", xn, yn,
                        x_area || y_area ? " (a known area)" : "");
    if (rc == XF_OK) {
        double sx = xf_plot_axis(xn, mx, g->xlabel, sizeof g->xlabel);
        double sy = xf_plot_axis(yn, my, g->ylabel, sizeof g->ylabel);
        int maxx = xf_plot_meta_of(xn) && xf_plot_meta_of(xn)->maximise;
        int maxy = xf_plot_meta_of(yn) && xf_plot_meta_of(yn)->maximise;
        /* Pareto front: sort by x, best x first; keep each point that improves y */
        memcpy(front, p, (size_t)np * sizeof *p);
        qsort(front, (size_t)np, sizeof *front, cmp_x_up);
        bprintf(&g->data, "Pareto front\t-\n");
        double best = 0;
        for (int k = 0, nf = 0; k < np; k++) {
            const pt *q = &front[maxx ? np - 1 - k : k];
            if (nf == 0 || (maxy ? q->y > best : q->y < best)) {
                best = q->y;
                nf++;
                num(&g->data, q->x / sx);
                bprintf(&g->data, "\t");
                num(&g->data, q->y / sy);
                bprintf(&g->data, "\n");
            }
        }
        for (int a = 0; a < na; a++) {
            bprintf(&g->data, "\n\n");
            cell(&g->data, archs[a]);
            bprintf(&g->data, "\t-\n");
            for (int k = 0; k < np; k++)
                if (strcmp(s->runs[p[k].k].r.arch, archs[a]) == 0) {
                    num(&g->data, p[k].x / sx);
                    bprintf(&g->data, "\t");
                    num(&g->data, p[k].y / sy);
                    bprintf(&g->data, "\n");
                }
        }
        g->nblocks = na + 1;
        g->series = na;
        g->points = np;
        /* logarithmic axes when positive values span more than two decades */
        g->logx = minx > 0 && mx / minx > 100;
        g->logy = miny > 0 && my / miny > 100;
    }
    free(p);
    free(front);
    free(archs);
    return rc;
}
