/* Figures from the results database, drawn by gnuplot (see xf/plot.h). */
#include "xf/plot.h"
#include "xf/cfg.h"
#include "xf/file.h"
#include "xf/version.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const kind_names[XF_PLOT_KIND_COUNT] = {"speedup-vs-seq", "energy-breakdown",
                                                           "sweep-scatter", "sensitivity"};

const char *xf_plot_kind_name(xf_plot_kind k)
{
    return k >= 0 && k < XF_PLOT_KIND_COUNT ? kind_names[k] : "?";
}

int xf_plot_kind_parse(const char *name, xf_plot_kind *out, xf_err *err)
{
    for (int k = 0; k < XF_PLOT_KIND_COUNT; k++)
        if (strcmp(name, kind_names[k]) == 0) {
            *out = (xf_plot_kind)k;
            return XF_OK;
        }
    const char *sug = xf_suggest(name, kind_names, XF_PLOT_KIND_COUNT);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT, "--kind '%s': unknown plot; did you mean '%s'?", name,
                          sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "--kind '%s': unknown plot; expected speedup-vs-seq, energy-breakdown, "
                      "sweep-scatter or sensitivity",
                      name);
}

/* ------------------------------------------------------------------- helpers */

char *xf_gp_string(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    if (n < 3) {
        if (n)
            buf[0] = '\0';
        return buf;
    }
    buf[o++] = '\'';
    for (; s && *s && o + 3 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            continue;
        if (c == '\'') {
            if (o + 4 >= n)
                break;
            buf[o++] = '\'';
        }
        buf[o++] = (char)c;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

int xf_plot_find_program(const char *name, char *path, size_t n)
{
    if (strchr(name, '/')) {
        snprintf(path, n, "%s", name);
        return access(path, X_OK) == 0;
    }
    const char *p = getenv("PATH");
    if (!p || !*p)
        p = "/usr/local/bin:/usr/bin:/bin";
    while (*p) {
        const char *c = strchr(p, ':');
        size_t len = c ? (size_t)(c - p) : strlen(p);
        snprintf(path, n, "%.*s/%s", (int)(len ? len : 1), len ? p : ".", name);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0)
            return 1;
        if (!c)
            break;
        p = c + 1;
    }
    return 0;
}

/* Growing text buffer. */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} buf_t;

static void bprintf(buf_t *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bprintf(buf_t *b, const char *fmt, ...)
{
    if (b->oom)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int w = vsnprintf(b->p ? b->p + b->len : NULL, b->p ? b->cap - b->len : 0, fmt, ap);
        va_end(ap);
        if (w < 0) {
            b->oom = 1;
            return;
        }
        if (b->p && (size_t)w < b->cap - b->len) {
            b->len += (size_t)w;
            return;
        }
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + (size_t)w + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
}

/* A data-file cell: no tab, newline or double quote (gnuplot would split or quote on them). */
static void cell(buf_t *b, const char *s)
{
    char t[512];
    size_t o = 0;
    for (; *s && o + 1 < sizeof t; s++)
        t[o++] = (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s == '"' ? '\'' : *s;
    t[o] = '\0';
    bprintf(b, "%s", t);
}

static void num(buf_t *b, double v)
{
    if (isfinite(v))
        bprintf(b, "%.8g", v);
    else
        bprintf(b, "?");
}

/* ---------------------------------------------------------------- axis labels */

typedef struct {
    const char *col, *name, *unit; /* unit "s" and "J" and "J s" get an SI prefix */
    int maximise;
} col_meta;

static const col_meta metas[] = {
    {"latency_s", "Latency", "s", 0},
    {"energy_j", "Energy per inference", "J", 0},
    {"area_mm2", "Area", "mm²", 0},
    {"power_w", "Power", "W", 0},
    {"tops", "Throughput", "TOPS", 1},
    {"tops_per_w", "Efficiency", "TOPS/W", 1},
    {"edp_js", "Energy-delay product", "J s", 0},
    {"nvm_writes", "NVM cell writes per inference", "", 0},
    {"seq", "Sequence length", "tokens", 0},
    {"batch", "Batch size", "", 0},
    {"context", "Cached tokens", "tokens", 0},
    {"id", "Run", "", 0},
    {"sweep", "Sweep", "", 0},
};

static const col_meta *meta_of(const char *col)
{
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++)
        if (strcmp(metas[i].col, col) == 0)
            return &metas[i];
    return NULL;
}

/* Scale and axis label for values of a column with maximum |v| = mx. */
static double axis(const char *col, double mx, char *label, size_t n)
{
    const col_meta *m = meta_of(col);
    if (!m) {
        snprintf(label, n, "%s", col);
        return 1;
    }
    double scale = 1;
    const char *prefix = "";
    if (!strcmp(m->unit, "s") || !strcmp(m->unit, "J") || !strcmp(m->unit, "J s")) {
        static const double sc[] = {1, 1e-3, 1e-6, 1e-9};
        static const char *const px[] = {"", "m", "µ", "n"};
        int k = 0;
        while (k < 3 && mx > 0 && mx < sc[k])
            k++;
        scale = sc[k];
        prefix = px[k];
    }
    if (m->unit[0])
        snprintf(label, n, "%s (%s%s)", m->name, prefix, m->unit);
    else
        snprintf(label, n, "%s", m->name);
    return scale;
}

/* --------------------------------------------------------------- the figures */

typedef struct {
    buf_t data;
    int ncol, nblocks, points, series;
    char xlabel[256], ylabel[256]; /* plain text: quoted when the script is written */
    int logx, logy;
    int int_x; /* x values are few whole numbers: a tic at each */
} figure;

/* Runs of one model (when given), or XF_ERR_INPUT. */
static int check_model(const xf_db_sel *s, const char *model, int need_one, xf_err *err)
{
    const char *first = NULL;
    int several = 0, found = 0;
    for (int i = 0; i < s->n; i++) {
        if (model && strcmp(s->runs[i].r.model, model) == 0)
            found = 1;
        if (!first)
            first = s->runs[i].r.model;
        else if (strcmp(first, s->runs[i].r.model) != 0)
            several = 1;
    }
    if (model && !found)
        return xf_err_set(err, XF_ERR_INPUT, "--model %s: no selected run has that model", model);
    if (!model && need_one && several)
        return xf_err_set(err, XF_ERR_INPUT,
                          "the selection has several models (e.g. %s); choose one with --model",
                          first);
    return XF_OK;
}

static int wanted(const xf_db_sel_run *x, const char *model)
{
    return !model || strcmp(x->r.model, model) == 0;
}

static int fig_speedup(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    if (!o->baseline)
        return xf_err_set(err, XF_ERR_INPUT, "--baseline DESIGN is required for speedup-vs-seq");
    const char *base;
    if (check_model(s, o->model, 1, err) != XF_OK ||
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

static int fig_breakdown(xf_db *db, const xf_db_sel *s, const xf_plot_opts *o, figure *g,
                         xf_err *err)
{
    if (check_model(s, o->model, 0, err) != XF_OK)
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
    if (!e)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    int used[XF_COMP_COUNT] = {0};
    double mx = 0;
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
            if (e[i][c] > 0)
                used[c] = 1;
            tot += e[i][c] > 0 ? e[i][c] : 0;
        }
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
        return err->code;
    }
    double scale = axis("energy_j", mx, g->ylabel, sizeof g->ylabel);
    bprintf(&g->data, "run");
    int nc = 0;
    for (int c = 0; c < XF_COMP_COUNT; c++)
        if (used[c]) {
            bprintf(&g->data, "\t%s", xf_comp_name((xf_comp)c));
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
        for (int c = 0; c < XF_COMP_COUNT; c++)
            if (used[c]) {
                bprintf(&g->data, "\t");
                num(&g->data, e[i][c] / scale);
            }
        bprintf(&g->data, "\n");
        g->points++;
    }
    free(e);
    g->ncol = nc + 1;
    g->series = nc;
    g->xlabel[0] = '\0';
    return XF_OK;
}

typedef struct {
    double x, y;
    int k; /* run index */
} pt;

static int cmp_x_up(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

static int numeric_column(const char *opt, const char *name, int *col, xf_err *err)
{
    int numeric = 0;
    *col = xf_db_column(name, &numeric);
    if (*col < 0 || !numeric) {
        const char *const *names = xf_db_columns();
        int n = 0;
        while (names[n])
            n++;
        const char *sug = xf_suggest(name, names, n);
        if (*col >= 0)
            return xf_err_set(err, XF_ERR_INPUT, "%s %s: not a numeric column", opt, name);
        if (sug)
            return xf_err_set(err, XF_ERR_INPUT, "%s %s: unknown column; did you mean '%s'?", opt,
                              name, sug);
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s %s: unknown column; expected latency_s, energy_j, area_mm2, "
                          "power_w, tops, tops_per_w, edp_js, nvm_writes, seq or batch",
                          opt, name);
    }
    return XF_OK;
}

static int fig_scatter(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    const char *xn = o->x ? o->x : "latency_s", *yn = o->y ? o->y : "energy_j";
    int xc, yc;
    if (numeric_column("--x", xn, &xc, err) != XF_OK ||
        numeric_column("--y", yn, &yc, err) != XF_OK)
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
    int np = 0, na = 0;
    double mx = 0, my = 0, minx = INFINITY, miny = INFINITY;
    for (int i = 0; i < s->n; i++) {
        double x = xf_db_run_value(&s->runs[i].r, xc), y = xf_db_run_value(&s->runs[i].r, yc);
        if (!isfinite(x) || !isfinite(y))
            continue;
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
        rc = xf_err_set(err, XF_ERR_INPUT, "no selected run has finite %s and %s", xn, yn);
    if (rc == XF_OK) {
        double sx = axis(xn, mx, g->xlabel, sizeof g->xlabel);
        double sy = axis(yn, my, g->ylabel, sizeof g->ylabel);
        int maxx = meta_of(xn) && meta_of(xn)->maximise;
        int maxy = meta_of(yn) && meta_of(yn)->maximise;
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

static int fig_sensitivity(const xf_db_sel *s, const xf_plot_opts *o, figure *g, xf_err *err)
{
    if (!o->key)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--key KEY is required for sensitivity (an override key such as "
                          "pe.adc_bits, or seq, batch, context)");
    const char *mn = o->metric ? o->metric : "energy_j";
    int mc, kc = -1, numeric = 0;
    if (numeric_column("--metric", mn, &mc, err) != XF_OK)
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
    double mx = 0, my = 0, minx = INFINITY;
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
            char v[256], *end;
            if (!xf_db_param(r->params, o->key, v, sizeof v))
                continue; /* a run without the key is not part of this figure */
            x = strtod(v, &end);
            if (end == v || *end) {
                xf_err_set(err, XF_ERR_INPUT, "--key %s: value '%s' of run %lld is not a number",
                           o->key, v, r->id);
                break;
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
    }
    if (err->code == XF_OK && np == 0)
        xf_err_set(err, XF_ERR_INPUT, "no selected run has the key %s", o->key);
    if (err->code == XF_OK && ns > 12)
        xf_err_set(err, XF_ERR_INPUT,
                   "%d lines (one per design, model and seq); at most 12 make a readable figure "
                   "(narrow with --where, e.g. --where model=bert-base)",
                   ns);
    if (err->code == XF_OK) {
        double sx = kc >= 0 ? axis(o->key, mx, g->xlabel, sizeof g->xlabel) : 1;
        if (kc < 0)
            snprintf(g->xlabel, sizeof g->xlabel, "%s", o->key);
        double sy = axis(mn, my, g->ylabel, sizeof g->ylabel);
        qsort(p, (size_t)np, sizeof *p, cmp_x_up);
        for (int k = 0; k < ns; k++) {
            if (k)
                bprintf(&g->data, "\n\n");
            cell(&g->data, names[k]);
            bprintf(&g->data, "\t-\n");
            for (int q = 0; q < np; q++)
                if (p[q].k == k) {
                    num(&g->data, p[q].x / sx);
                    bprintf(&g->data, "\t");
                    num(&g->data, p[q].y / sy);
                    bprintf(&g->data, "\n");
                }
        }
        g->nblocks = ns;
        g->series = ns;
        g->points = np;
        g->logx = minx > 0 && mx / minx > 30;
        g->int_x = !g->logx && mx - minx <= 16;
        for (int q = 0; q < np && g->int_x; q++)
            g->int_x = p[q].x / sx == floor(p[q].x / sx);
    }
    for (int k = 0; k < ns; k++)
        free(names[k]);
    free(names);
    free(sid);
    free(p);
    free(pk);
    return err->code;
}

/* ------------------------------------------------------------------ scripts */

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf_t b = {0};
    char chunk[4096];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        bprintf(&b, "%.*s", (int)r, chunk);
    fclose(f);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

/* Append template text with @NAME@ placeholders replaced (unknown names are kept). */
static void fill(buf_t *out, const char *tpl, const char *const *names, const char *const *vals,
                 int n)
{
    for (const char *p = tpl; *p;) {
        if (*p == '@') {
            const char *e = strchr(p + 1, '@');
            int hit = -1;
            for (int k = 0; e && k < n; k++)
                if ((size_t)(e - p - 1) == strlen(names[k]) &&
                    strncmp(p + 1, names[k], strlen(names[k])) == 0)
                    hit = k;
            if (hit >= 0) {
                bprintf(out, "%s", vals[hit]);
                p = e + 1;
                continue;
            }
        }
        bprintf(out, "%c", *p);
        p++;
    }
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* Run gnuplot on the script in its folder; collect the first line of its stderr. */
static int run_gnuplot(const char *prog, const char *folder, const char *script, xf_err *err)
{
    int pfd[2];
    if (pipe(pfd) != 0)
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot run gnuplot: %s", strerror(errno));
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot run gnuplot: %s", strerror(errno));
    }
    if (pid == 0) {
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
        }
        dup2(pfd[1], 2);
        close(pfd[0]);
        close(pfd[1]);
        if (chdir(folder) != 0)
            _exit(126);
        char *const args[] = {(char *)prog, (char *)script, NULL};
        execv(prog, args);
        _exit(127);
    }
    close(pfd[1]);
    char msg[4096];
    size_t got = 0;
    ssize_t r;
    while ((r = read(pfd[0], msg + got, sizeof msg - 1 - got)) > 0) {
        got += (size_t)r;
        if (got >= sizeof msg - 1) { /* keep draining so gnuplot never blocks */
            char sink[4096];
            while (read(pfd[0], sink, sizeof sink) > 0)
                ;
            break;
        }
    }
    msg[got] = '\0';
    close(pfd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return XF_OK;
    /* the most telling line: the last non-empty one */
    char *line = NULL;
    for (char *t = strtok(msg, "\n"); t; t = strtok(NULL, "\n"))
        if (strspn(t, " \t^") != strlen(t))
            line = t;
    return xf_err_set(err, XF_ERR_RUNTIME, "gnuplot failed on %s/%s%s%s", folder, script,
                      line ? ": " : "", line ? line : "");
}

int xf_plot_check_out(const char *out, xf_err *err)
{
    size_t ol = out ? strlen(out) : 0;
    if (ol < 5 || (strcmp(out + ol - 4, ".png") != 0 && strcmp(out + ol - 4, ".svg") != 0))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--out %s: expected a file name ending in .png or .svg (both are "
                          "written)",
                          out ? out : "(none)");
    if (ol + 1 >= XF_PLOT_PATH)
        return xf_err_set(err, XF_ERR_INPUT, "--out: path too long");
    char folder[XF_PLOT_PATH];
    xf_file_folder(out, folder, sizeof folder);
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "--out %s: folder '%s' does not exist", out, folder);
    if (strlen(base_name(out)) <= 4)
        return xf_err_set(err, XF_ERR_INPUT, "--out %s: empty file name", out);
    return XF_OK;
}

int xf_plot(xf_db *db, const xf_db_filter *f, const xf_plot_opts *o, xf_plot_files *files,
            xf_err *err)
{
    memset(files, 0, sizeof *files);
    if (xf_plot_check_out(o->out, err) != XF_OK)
        return err->code;
    size_t ol = strlen(o->out);
    char folder[XF_PLOT_PATH];
    xf_file_folder(o->out, folder, sizeof folder);
    snprintf(files->data, sizeof files->data, "%.*s.dat", (int)(ol - 4), o->out);
    snprintf(files->script, sizeof files->script, "%.*s.gp", (int)(ol - 4), o->out);
    snprintf(files->png, sizeof files->png, "%.*s.png", (int)(ol - 4), o->out);
    snprintf(files->svg, sizeof files->svg, "%.*s.svg", (int)(ol - 4), o->out);
    /* templates and gnuplot */
    char tpath[XF_PLOT_PATH + 64];
    const char *tdir = o->template_dir ? o->template_dir : "plots";
    snprintf(tpath, sizeof tpath, "%s/common.gp", tdir);
    char *common = read_text(tpath);
    snprintf(tpath, sizeof tpath, "%s/%s.gp", tdir, kind_names[o->kind]);
    char *tpl = read_text(tpath);
    if (!common || !tpl) {
        free(common);
        free(tpl);
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "cannot read the plot template %s (templates live in plots/ of the "
                          "installation)",
                          tpath);
    }
    char prog[XF_PLOT_PATH];
    if (!o->no_run &&
        !xf_plot_find_program(o->gnuplot ? o->gnuplot : "gnuplot", prog, sizeof prog)) {
        free(common);
        free(tpl);
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "gnuplot not found in PATH; install it (Debian: apt-get install "
                          "gnuplot-nox) or use --no-run to write only the data and the script");
    }
    /* data */
    xf_db_sel sel;
    figure g;
    memset(&g, 0, sizeof g);
    int rc = xf_db_select(db, f, 2000000, &sel, err);
    if (rc == XF_OK) {
        switch (o->kind) {
        case XF_PLOT_SPEEDUP_VS_SEQ:
            rc = fig_speedup(&sel, o, &g, err);
            break;
        case XF_PLOT_ENERGY_BREAKDOWN:
            rc = fig_breakdown(db, &sel, o, &g, err);
            break;
        case XF_PLOT_SWEEP_SCATTER:
            rc = fig_scatter(&sel, o, &g, err);
            break;
        default:
            rc = fig_sensitivity(&sel, o, &g, err);
        }
    }
    xf_db_sel_free(&sel);
    if (rc == XF_OK && g.data.oom)
        rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    /* script */
    buf_t script = {0};
    if (rc == XF_OK) {
        char q_data[1200], q_png[1200], q_svg[1200], q_title[1200], q_x[800], q_y[800];
        char ncol[16], nblocks[16];
        xf_gp_string(base_name(files->data), q_data, sizeof q_data);
        xf_gp_string(base_name(files->png), q_png, sizeof q_png);
        xf_gp_string(base_name(files->svg), q_svg, sizeof q_svg);
        xf_gp_string(o->title ? o->title : "", q_title, sizeof q_title);
        xf_gp_string(g.xlabel, q_x, sizeof q_x);
        xf_gp_string(g.ylabel, q_y, sizeof q_y);
        snprintf(ncol, sizeof ncol, "%d", g.ncol);
        snprintf(nblocks, sizeof nblocks, "%d", g.nblocks);
        static const char *const names[] = {"DATA",   "PNG",     "SVG",     "TITLE", "XLABEL",
                                            "YLABEL", "NCOL",    "NBLOCKS", "LOGX",  "LOGY",
                                            "KIND",   "VERSION", "XTICS"};
        const char *vals[] = {q_data,
                              q_png,
                              q_svg,
                              q_title,
                              q_x,
                              q_y,
                              ncol,
                              nblocks,
                              g.logx ? "set logscale x" : "unset logscale x",
                              g.logy ? "set logscale y" : "unset logscale y",
                              kind_names[o->kind],
                              XF_VERSION,
                              g.int_x ? "set xtics 1" : "set xtics autofreq"};
        int nn = (int)(sizeof names / sizeof names[0]);
        bprintf(&script,
                "# Generated by xformer %s (plot --kind %s) from plots/common.gp and "
                "plots/%s.gp.\n# Redraw: cd into this folder and run gnuplot on this "
                "file.\n",
                XF_VERSION, kind_names[o->kind], kind_names[o->kind]);
        fill(&script, common, names, vals, nn);
        fill(&script, tpl, names, vals, nn);
        bprintf(&script, "\n# the same figure as SVG\n"
                         "set terminal svg size 525,375 dynamic noenhanced font 'Sans,10' "
                         "linewidth 1.5 background rgb 'white'\n"
                         "set output svgfile\nreplot\nunset output\n");
        if (script.oom)
            rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    free(common);
    free(tpl);
    if (rc == XF_OK)
        rc = xf_file_replace(files->data, g.data.p, g.data.len, err);
    if (rc == XF_OK)
        rc = xf_file_replace(files->script, script.p, script.len, err);
    free(g.data.p);
    free(script.p);
    files->series = g.series;
    files->points = g.points;
    if (rc != XF_OK || o->no_run)
        return rc;
    unlink(files->png);
    unlink(files->svg);
    rc = run_gnuplot(prog, folder, base_name(files->script), err);
    if (rc == XF_OK) {
        struct stat a, b;
        if (stat(files->png, &a) != 0 || a.st_size == 0 || stat(files->svg, &b) != 0 ||
            b.st_size == 0)
            rc = xf_err_set(err, XF_ERR_RUNTIME, "gnuplot wrote no figure (%s, %s)", files->png,
                            files->svg);
    }
    if (rc != XF_OK) {
        unlink(files->png);
        unlink(files->svg);
    }
    return rc;
}
