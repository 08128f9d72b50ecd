/* sweep-scatter: any two numeric columns, one data block per architecture, and one Pareto
 * front per workload group (model, seq, phase, batch: points of unlike workloads are never
 * compared) as the first blocks, each titled with its group. Why its own file: one figure kind
 * per file. Invariants: runs with a non-finite x or y are left out, and so are runs whose area is
 * unknown when an axis is the area (a GPU board models none: NULL, or 0 in a database written
 * before area_known); both axes are minimised except for maximised columns (tops, tops_per_w);
 * the fronts come from xf_pareto_front (src/studies/pareto.c); an axis is logarithmic only when
 * its positive values span decades (max / min > 20, xf_plot_decades). */
#include "plot_int.h"
#include "xf/pareto.h"

/* The group of a run: its model, seq, phase and batch. */
static int same_group(const xf_db_run *a, const xf_db_run *b)
{
    return a->seq == b->seq && a->batch == b->batch && strcmp(a->model, b->model) == 0 &&
           strcmp(a->phase, b->phase) == 0;
}

/* Write one block per group: "front: MODEL n=S" (with the phase and the batch when they differ
 * between groups), then its front points in order of x. tmp has room for np points. */
static int fronts(const xf_db_sel *s, const pt *p, int np, int maxx, int maxy, double sx, double sy,
                  pt *tmp, int *nf, buf_t *out, xf_err *err)
{
    size_t n1 = np > 0 ? (size_t)np : 1;
    double *v = calloc(n1 * 2, sizeof *v);
    long long *grp = calloc(n1, sizeof *grp);
    int *first = calloc(n1, sizeof *first); /* a group's first point */
    unsigned char *on = calloc(n1, 1);
    if (!v || !grp || !first || !on) {
        free(v);
        free(grp);
        free(first);
        free(on);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int ng = 0;
    for (int k = 0; k < np; k++) {
        v[2 * k] = p[k].x;
        v[2 * k + 1] = p[k].y;
        int gi = 0;
        while (gi < ng && !same_group(&s->runs[p[first[gi]].k].r, &s->runs[p[k].k].r))
            gi++;
        if (gi == ng)
            first[ng++] = k;
        grp[k] = gi;
    }
    int vary_phase = 0, vary_batch = 0;
    for (int gi = 1; gi < ng; gi++) {
        const xf_db_run *a = &s->runs[p[first[0]].k].r, *b = &s->runs[p[first[gi]].k].r;
        vary_phase |= strcmp(a->phase, b->phase) != 0;
        vary_batch |= a->batch != b->batch;
    }
    int mx[2] = {maxx, maxy};
    int rc = xf_pareto_front(np, 2, v, grp, mx, on, err) < 0 ? err->code : XF_OK;
    for (int gi = 0; gi < ng && rc == XF_OK; gi++) {
        int n = 0;
        for (int k = 0; k < np; k++)
            if (grp[k] == gi && on[k])
                tmp[n++] = p[k];
        qsort(tmp, (size_t)n, sizeof *tmp, cmp_x_up);
        const xf_db_run *r = &s->runs[p[first[gi]].k].r;
        char title[400];
        int tl = snprintf(title, sizeof title, "front: %s n=%lld", r->model, r->seq);
        if (vary_phase && tl > 0 && (size_t)tl < sizeof title)
            tl += snprintf(title + tl, sizeof title - (size_t)tl, " %s", r->phase);
        if (vary_batch && tl > 0 && (size_t)tl < sizeof title)
            snprintf(title + tl, sizeof title - (size_t)tl, " b=%lld", r->batch);
        if (gi > 0)
            bprintf(out, "\n\n");
        cell(out, title);
        bprintf(out, "\t-\n");
        for (int k = 0; k < n; k++) {
            num(out, tmp[k].x / sx);
            bprintf(out, "\t");
            num(out, tmp[k].y / sy);
            bprintf(out, "\n");
        }
    }
    *nf = ng;
    free(v);
    free(grp);
    free(first);
    free(on);
    return rc;
}

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
        /* one Pareto front per workload group, each drawn in order of x */
        int nf = 0;
        rc = fronts(s, p, np, maxx, maxy, sx, sy, front, &nf, &g->data, err);
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
        g->nblocks = na + nf;
        g->nfront = nf;
        g->series = na;
        g->points = np;
        /* logarithmic axes when positive values span more than two decades */
        g->logx = xf_plot_decades(minx, mx);
        g->logy = xf_plot_decades(miny, my);
    }
    free(p);
    free(front);
    free(archs);
    return rc;
}
