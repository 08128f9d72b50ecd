/* sensitivity: one swept key (an override key, or seq/batch/context) against a metric, one
 * line per combination of what else differs (design, model, seq, batch, other overrides).
 * Why its own file: one figure kind per file. Invariants: a run without the key is not part
 * of the figure; a key value that is not a number is an error; a combination with a single
 * value of the key is no line and is left out (its runs are counted in files->points only
 * when drawn); at most 12 lines; an axis is logarithmic when its values span decades. */
#include "plot_int.h"

/* Which overrides differ between the runs of a figure (the key itself excluded). */
#define MAX_PKEYS 64
typedef struct {
    const char *skip;
    char key[MAX_PKEYS][128], first[MAX_PKEYS][128];
    int varies[MAX_PKEYS], seen[MAX_PKEYS], n;
} pkeys;

static int pkeys_add(const char *k, const char *v, void *ctx)
{
    pkeys *p = ctx;
    if (strcmp(k, p->skip) == 0)
        return 0;
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->key[i], k) == 0) {
            p->varies[i] |= strcmp(p->first[i], v) != 0;
            p->seen[i]++;
            return 0;
        }
    if (p->n < MAX_PKEYS) {
        snprintf(p->key[p->n], sizeof p->key[0], "%s", k);
        snprintf(p->first[p->n], sizeof p->first[0], "%s", v);
        p->varies[p->n] = 0;
        p->seen[p->n] = 1;
        p->n++;
    }
    return 0;
}

typedef struct {
    const pkeys *pk;
    char *buf;
    size_t n, o;
} series_ctx;

static int series_key(const char *k, const char *v, void *ctx)
{
    series_ctx *c = ctx;
    for (int i = 0; i < c->pk->n; i++)
        if (c->pk->varies[i] && strcmp(c->pk->key[i], k) == 0 && c->o + 2 < c->n) {
            int w = snprintf(c->buf + c->o, c->n - c->o, "%s%s=%s", c->o ? " " : "", k, v);
            if (w > 0 && (size_t)w < c->n - c->o)
                c->o += (size_t)w;
        }
    return 0;
}

int xf_plot_fig_sensitivity(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    if (!o->key)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--key KEY is required for sensitivity (an override key such as "
                          "pe.adc_bits, or seq, batch, context)");
    const char *mn = o->metric ? o->metric : "energy_j";
    int mc, kc = -1, numeric = 0;
    if (xf_plot_numeric_column("--metric", mn, &mc, err) != XF_OK)
        return err->code;
    kc = xf_db_column(o->key, &numeric);
    if (kc >= 0 && !numeric)
        return xf_err_set(err, XF_ERR_INPUT, "--key %s: not a numeric column", o->key);
    /* series: everything but the key */
    char **names = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *names);
    int *sid = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *sid);
    pt *p = calloc(s->n > 0 ? (size_t)s->n : 1, sizeof *p);
    if (!names || !sid || !p) {
        free(names);
        free(sid);
        free(p);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int ns = 0, np = 0;
    double mx = 0, my = 0, minx = INFINITY, miny = INFINITY;
    /* a line per combination of what differs besides the key */
    pkeys *pk = calloc(1, sizeof *pk);
    if (!pk) {
        free(names);
        free(sid);
        free(p);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    pk->skip = o->key;
    int v_arch = 0, v_model = 0, v_seq = 0, v_batch = 0;
    for (int i = 0; i < s->n; i++) {
        const xf_db_run *r = &s->runs[i].r, *r0 = &s->runs[0].r;
        xf_db_params_each(r->params, pkeys_add, pk);
        v_arch |= strcmp(r->arch, r0->arch) != 0;
        v_model |= strcmp(r->model, r0->model) != 0;
        v_seq |= r->seq != r0->seq && !(kc >= 0 && strcmp(o->key, "seq") == 0);
        v_batch |= r->batch != r0->batch && !(kc >= 0 && strcmp(o->key, "batch") == 0);
    }
    for (int k = 0; k < pk->n; k++)
        if (pk->seen[k] != s->n)
            pk->varies[k] = 1;
    for (int i = 0; i < s->n && err->code == XF_OK; i++) {
        const xf_db_run *r = &s->runs[i].r;
        double x;
        if (kc >= 0) {
            x = xf_db_run_value(r, kc);
        } else {
            /* the run's resolved value: a run stored without the override (its default, or
             * a point another sweep stored first) has it too */
            char v[256];
            if (!xf_db_sel_param(s, i, o->key, &x, v, sizeof v) &&
                !xf_db_param(r->params, o->key, v, sizeof v))
                continue; /* a run without the key is not part of this figure */
            if (!isfinite(x)) {
                char *end;
                x = strtod(v, &end);
                if (end == v || *end) {
                    xf_err_set(err, XF_ERR_INPUT,
                               "--key %s: value '%s' of run %lld is not a number", o->key, v,
                               r->id);
                    break;
                }
            }
        }
        double y = xf_db_run_value(r, mc);
        if (!isfinite(x) || !isfinite(y))
            continue;
        char nm[1024];
        size_t l = 0;
        nm[0] = '\0';
        if (v_arch)
            l += (size_t)snprintf(nm + l, sizeof nm - l, "%s", r->arch);
        if (v_model && l < sizeof nm)
            l += (size_t)snprintf(nm + l, sizeof nm - l, "%s%s", l ? " " : "", r->model);
        if (v_seq && l < sizeof nm)
            l += (size_t)snprintf(nm + l, sizeof nm - l, "%sn=%lld", l ? " " : "", r->seq);
        if (v_batch && l < sizeof nm)
            l += (size_t)snprintf(nm + l, sizeof nm - l, "%sb=%lld", l ? " " : "", r->batch);
        series_ctx sc = {pk, nm, sizeof nm, l};
        xf_db_params_each(r->params, series_key, &sc);
        if (sc.o == 0) /* one line: name it after what it is */
            snprintf(nm, sizeof nm, "%s %s n=%lld", r->arch, r->model, r->seq);
        int k = 0;
        while (k < ns && strcmp(names[k], nm) != 0)
            k++;
        if (k == ns) {
            names[ns] = strdup(nm);
            if (!names[ns]) {
                xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
                break;
            }
            ns++;
        }
        p[np].x = x;
        p[np].y = y;
        p[np].k = k;
        np++;
        mx = fabs(x) > mx ? fabs(x) : mx;
        my = fabs(y) > my ? fabs(y) : my;
        minx = x < minx ? x : minx;
        miny = y < miny ? y : miny;
    }
    /* a combination with one value of the key is a point, not a line: leave it out */
    double *x0 = calloc(ns > 0 ? (size_t)ns : 1, sizeof *x0);  /* a series' first x */
    int *keep = calloc(ns > 0 ? (size_t)ns : 1, sizeof *keep); /* 0 none, 1 one x, 2 more */
    if (!x0 || !keep)
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    for (int q = 0; err->code == XF_OK && q < np; q++) {
        int k = p[q].k;
        if (keep[k] == 0)
            x0[k] = p[q].x;
        keep[k] = keep[k] == 2 || (keep[k] == 1 && p[q].x != x0[k]) ? 2 : 1;
    }
    int lines = 0;
    for (int k = 0; err->code == XF_OK && k < ns; k++)
        lines += keep[k] = keep[k] == 2;
    if (err->code == XF_OK && np > 0 && lines == 0)
        xf_err_set(err, XF_ERR_INPUT,
                   "--key %s: every combination of the other values (design, model, seq, "
                   "overrides) has a single value of %s: no line to draw (select runs that "
                   "vary it, e.g. --sweep ID)",
                   o->key, o->key);
    if (err->code == XF_OK && np == 0)
        xf_err_set(err, XF_ERR_INPUT, "no selected run has the key %s", o->key);
    if (err->code == XF_OK && lines > 12)
        xf_err_set(err, XF_ERR_INPUT,
                   "%d lines (one per combination of design, model, seq and overrides); at most "
                   "12 make a readable figure (narrow with --where, e.g. --where model=bert-base)",
                   lines);
    if (err->code == XF_OK) {
        double sx = kc >= 0 ? xf_plot_axis(o->key, mx, g->xlabel, sizeof g->xlabel) : 1;
        if (kc < 0)
            xf_plot_key_label(o->key, g->xlabel, sizeof g->xlabel);
        double sy = xf_plot_axis(mn, my, g->ylabel, sizeof g->ylabel);
        qsort(p, (size_t)np, sizeof *p, cmp_x_up);
        int drawn = 0, blocks = 0;
        for (int k = 0; k < ns; k++) {
            if (!keep[k])
                continue;
            if (blocks++)
                bprintf(&g->data, "\n\n");
            cell(&g->data, names[k]);
            bprintf(&g->data, "\t-\n");
            for (int q = 0; q < np; q++)
                if (p[q].k == k) {
                    num(&g->data, p[q].x / sx);
                    bprintf(&g->data, "\t");
                    num(&g->data, p[q].y / sy);
                    bprintf(&g->data, "\n");
                    drawn++;
                }
        }
        g->nblocks = lines;
        g->series = lines;
        g->points = drawn;
        g->logx = xf_plot_decades(minx, mx);
        g->logy = xf_plot_decades(miny, my);
        /* on a log axis a tic at each value of the key when there are few and they are apart
         * (16, 32, 64, ...) */
        int nx = 0, crowded = 0;
        double last = NAN;
        size_t tl = (size_t)snprintf(g->xtics, sizeof g->xtics, "set xtics (");
        for (int q = 0; q < np && nx <= 12; q++)
            if (keep[p[q].k] && !(p[q].x == last) && tl < sizeof g->xtics) {
                crowded |= last > 0 && p[q].x / last < 1.5; /* labels would touch */
                tl += (size_t)snprintf(g->xtics + tl, sizeof g->xtics - tl, "%s%.6g",
                                       nx ? ", " : "", p[q].x / sx);
                last = p[q].x;
                nx++;
            }
        if (nx > 12 || nx < 2 || crowded || tl + 2 >= sizeof g->xtics || !g->logx)
            g->xtics[0] = '\0';
        else
            snprintf(g->xtics + tl, sizeof g->xtics - tl, ")");
        g->int_x = !g->logx && mx - minx <= 16;
        for (int q = 0; q < np && g->int_x; q++)
            g->int_x = p[q].x / sx == floor(p[q].x / sx);
    }
    for (int k = 0; k < ns; k++)
        free(names[k]);
    free(x0);
    free(keep);
    free(names);
    free(sid);
    free(p);
    free(pk);
    return err->code;
}
