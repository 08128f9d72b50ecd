/* pareto: the stored Pareto front of an optimize study (study_front joined to its runs), energy
 * against latency, each point coloured by its area, one block (point shape) per workload group,
 * the best point of each group ringed. Why its own file: one figure kind per file. Invariants:
 * the points are the study's front and nothing else (the --sweep/--where selection does not
 * apply); a point without a finite latency or energy is left out; axes are logarithmic only
 * when their values span over two decades. */
#include "plot_int.h"
#include "xf/db_opt.h"

typedef struct {
    double x, y, area;
    int grp, best;
} fpt;

typedef struct {
    fpt *p;
    int n, cap;
    char (*grp)[192];
    int ng, cap_g;
    int oom;
} front_data;

static int collect(const xf_db_run *r, const char *grp, int best, void *ctx)
{
    front_data *d = ctx;
    if (!isfinite(r->latency_s) || !isfinite(r->energy_j))
        return 0;
    int g = 0;
    while (g < d->ng && strcmp(d->grp[g], grp) != 0)
        g++;
    if (g == d->ng) {
        if (d->ng == d->cap_g) {
            int cap = d->cap_g ? 2 * d->cap_g : 8;
            char(*ng)[192] = realloc(d->grp, (size_t)cap * sizeof *ng);
            if (!ng)
                return d->oom = 1;
            d->grp = ng;
            d->cap_g = cap;
        }
        snprintf(d->grp[d->ng++], sizeof d->grp[0], "%s", grp);
    }
    if (d->n == d->cap) {
        int cap = d->cap ? 2 * d->cap : 64;
        fpt *np = realloc(d->p, (size_t)cap * sizeof *np);
        if (!np)
            return d->oom = 1;
        d->p = np;
        d->cap = cap;
    }
    d->p[d->n++] = (fpt){r->latency_s, r->energy_j, r->area_mm2, g, best};
    return 0;
}

static int cmp_fpt(const void *a, const void *b)
{
    const fpt *p = a, *q = b;
    if (p->grp != q->grp)
        return p->grp - q->grp;
    return (p->x > q->x) - (p->x < q->x);
}

int xf_plot_fig_pareto(xf_db *db, const xf_plot_opts *o, figure *g, xf_err *err)
{
    long long id = o->study;
    if (id <= 0) {
        if (xf_db_opt_latest(db, &id, err) != XF_OK)
            return err->code;
        if (id == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--kind pareto: the database holds no optimize study (run xformer "
                              "optimize first, or name one with --study ID)");
    }
    char *status = NULL, *summary = NULL;
    if (xf_db_opt_get(db, id, &status, &summary, err) != XF_OK)
        return err->code;
    /* the objective, for the legend of the best points */
    char objective[32] = "objective";
    const char *k = summary ? strstr(summary, "\"objective\":\"") : NULL;
    if (k)
        snprintf(objective, sizeof objective, "%.*s", (int)strcspn(k + 13, "\""), k + 13);
    free(status);
    free(summary);
    front_data d;
    memset(&d, 0, sizeof d);
    int rc = xf_db_opt_front_each(db, id, collect, &d, err);
    if (rc == 0 && d.oom)
        rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    else if (rc == 0 && d.n == 0)
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "--kind pareto: study %lld has no front points (nothing was feasible, "
                        "or it stopped before the first commit)",
                        id);
    if (rc == 0) {
        qsort(d.p, (size_t)d.n, sizeof *d.p, cmp_fpt);
        double mx = 0, my = 0, minx = INFINITY, miny = INFINITY;
        for (int i = 0; i < d.n; i++) {
            mx = fmax(mx, d.p[i].x);
            my = fmax(my, d.p[i].y);
            minx = fmin(minx, d.p[i].x);
            miny = fmin(miny, d.p[i].y);
        }
        double sx = xf_plot_axis("latency_s", mx, g->xlabel, sizeof g->xlabel);
        double sy = xf_plot_axis("energy_j", my, g->ylabel, sizeof g->ylabel);
        for (int gi = 0; gi <= d.ng; gi++) {
            /* one block per group, then the best points of every group */
            if (gi > 0)
                bprintf(&g->data, "\n\n");
            if (gi < d.ng) {
                char t[260];
                snprintf(t, sizeof t, "front: %s", d.grp[gi]);
                cell(&g->data, t);
            } else {
                char t[64];
                snprintf(t, sizeof t, "best (%s)", objective);
                cell(&g->data, t);
            }
            bprintf(&g->data, "\t-\t-\n");
            for (int i = 0; i < d.n; i++) {
                if (gi < d.ng ? d.p[i].grp != gi : !d.p[i].best)
                    continue;
                num(&g->data, d.p[i].x / sx);
                bprintf(&g->data, "\t");
                num(&g->data, d.p[i].y / sy);
                bprintf(&g->data, "\t");
                num(&g->data, d.p[i].area);
                bprintf(&g->data, "\n");
                g->points += gi < d.ng;
            }
        }
        g->nblocks = d.ng + 1;
        g->series = d.ng;
        g->logx = minx > 0 && mx / minx > 100;
        g->logy = miny > 0 && my / miny > 100;
    }
    free(d.p);
    free(d.grp);
    return rc == 0 ? XF_OK : rc;
}
