/* Pareto fronts per group (see xf/pareto.h): the batch form (sort, then scan against the front
 * so far) and the streaming form (one small array per group holding only its current front).
 *
 * Why both: the scatter plot has all its points at once; optimize streams up to 10^9 points
 * and must keep only the front. Invariants: values are compared oriented (a maximised axis
 * negated), so "better" is always "smaller"; the items of a streaming group are mutually
 * non-dominated at every moment; a non-finite point is never kept. */
#include "xf/pareto.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int xf_pareto_dominates(int dim, const double *a, const double *b, const int *maximise)
{
    int strict = 0;
    for (int d = 0; d < dim; d++) {
        double x = a[d], y = b[d];
        if (!isfinite(x) || !isfinite(y))
            return 0;
        if (maximise && maximise[d]) {
            x = -x;
            y = -y;
        }
        if (x > y)
            return 0;
        if (x < y)
            strict = 1;
    }
    return strict;
}

/* oriented (all minimised), so that domination is a plain component-wise test */
static int dominates_min(int dim, const double *a, const double *b)
{
    int strict = 0;
    for (int d = 0; d < dim; d++) {
        if (a[d] > b[d])
            return 0;
        if (a[d] < b[d])
            strict = 1;
    }
    return strict;
}

static int finite_all(int dim, const double *v)
{
    for (int d = 0; d < dim; d++)
        if (!isfinite(v[d]))
            return 0;
    return 1;
}

/* ----------------------------------------------------------------------- batch */

typedef struct {
    long long group, i;
    double v[XF_PARETO_MAX_DIM]; /* oriented; unused axes 0 */
} sort_key;

static int cmp_key(const void *pa, const void *pb)
{
    const sort_key *a = pa, *b = pb;
    if (a->group != b->group)
        return a->group < b->group ? -1 : 1;
    for (int d = 0; d < XF_PARETO_MAX_DIM; d++)
        if (a->v[d] != b->v[d])
            return a->v[d] < b->v[d] ? -1 : 1;
    return (a->i > b->i) - (a->i < b->i);
}

long long xf_pareto_front(long long n, int dim, const double *v, const long long *group,
                          const int *maximise, unsigned char *on_front, xf_err *err)
{
    if (dim < 1 || dim > XF_PARETO_MAX_DIM || n < 0) {
        xf_err_set(err, XF_ERR_INPUT, "Pareto front: %d axes (expected 1 to %d)", dim,
                   XF_PARETO_MAX_DIM);
        return -1;
    }
    if (n == 0)
        return 0;
    memset(on_front, 0, (size_t)n);
    sort_key *k = malloc((size_t)n * sizeof *k);
    long long *front = malloc((size_t)n * sizeof *front);
    if (!k || !front) {
        free(k);
        free(front);
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory (Pareto front of %lld points)", n);
        return -1;
    }
    long long m = 0;
    for (long long i = 0; i < n; i++) {
        const double *x = v + i * dim;
        if (!finite_all(dim, x))
            continue;
        sort_key *e = &k[m++];
        memset(e, 0, sizeof *e);
        e->group = group ? group[i] : 0;
        e->i = i;
        for (int d = 0; d < dim; d++)
            e->v[d] = maximise && maximise[d] ? -x[d] : x[d];
    }
    qsort(k, (size_t)m, sizeof *k, cmp_key);
    /* A point that dominates another precedes it in this order, so the front of a group so
     * far is final: each point is checked against it only. */
    long long total = 0, nf = 0;
    for (long long j = 0; j < m; j++) {
        if (j > 0 && k[j].group != k[j - 1].group)
            nf = 0;
        int dominated = 0;
        for (long long f = 0; f < nf && !dominated; f++)
            dominated = dominates_min(dim, k[front[f]].v, k[j].v);
        if (!dominated) {
            front[nf++] = j;
            on_front[k[j].i] = 1;
            total++;
        }
    }
    free(k);
    free(front);
    return total;
}

/* ------------------------------------------------------------------ streaming */

typedef struct {
    long long key;
    int n, cap;
    xf_pareto_item *items; /* values as given */
    double *ov;            /* the same oriented, dim per item */
} grp_t;

struct xf_pareto {
    int dim;
    int maximise[XF_PARETO_MAX_DIM];
    int n_groups, cap_groups, last;
    grp_t *groups;
    long long size;
};

int xf_pareto_new(int dim, const int *maximise, xf_pareto **out, xf_err *err)
{
    *out = NULL;
    if (dim < 1 || dim > XF_PARETO_MAX_DIM)
        return xf_err_set(err, XF_ERR_INPUT, "Pareto front: %d axes (expected 1 to %d)", dim,
                          XF_PARETO_MAX_DIM);
    xf_pareto *p = calloc(1, sizeof *p);
    if (!p)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    p->dim = dim;
    for (int d = 0; d < dim; d++)
        p->maximise[d] = maximise ? maximise[d] != 0 : 0;
    *out = p;
    return XF_OK;
}

void xf_pareto_free(xf_pareto *p)
{
    if (!p)
        return;
    for (int g = 0; g < p->n_groups; g++) {
        free(p->groups[g].items);
        free(p->groups[g].ov);
    }
    free(p->groups);
    free(p);
}

static grp_t *find_group(xf_pareto *p, long long key, xf_err *err)
{
    if (p->last < p->n_groups && p->groups[p->last].key == key)
        return &p->groups[p->last];
    for (int g = 0; g < p->n_groups; g++)
        if (p->groups[g].key == key) {
            p->last = g;
            return &p->groups[g];
        }
    if (p->n_groups == p->cap_groups) {
        int cap = p->cap_groups ? 2 * p->cap_groups : 8;
        grp_t *ng = realloc(p->groups, (size_t)cap * sizeof *ng);
        if (!ng) {
            xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
            return NULL;
        }
        p->groups = ng;
        p->cap_groups = cap;
    }
    grp_t *g = &p->groups[p->n_groups];
    memset(g, 0, sizeof *g);
    g->key = key;
    p->last = p->n_groups++;
    return g;
}

int xf_pareto_insert(xf_pareto *p, long long group, long long id, const double *v, void *payload,
                     void (*drop)(void *payload, void *ctx), void *ctx, xf_err *err)
{
    int dim = p->dim;
    if (!finite_all(dim, v))
        return 0;
    double o[XF_PARETO_MAX_DIM];
    for (int d = 0; d < dim; d++)
        o[d] = p->maximise[d] ? -v[d] : v[d];
    grp_t *g = find_group(p, group, err);
    if (!g)
        return -1;
    /* dominated by a front point (then it dominates none: the front is non-dominated), or
     * the same point again */
    for (int k = 0; k < g->n; k++) {
        const double *f = g->ov + (size_t)k * dim;
        if (dominates_min(dim, f, o))
            return 0;
        if (g->items[k].id == id && memcmp(f, o, (size_t)dim * sizeof *o) == 0)
            return 0;
    }
    for (int k = 0; k < g->n;) {
        if (dominates_min(dim, o, g->ov + (size_t)k * dim)) {
            if (drop)
                drop(g->items[k].payload, ctx);
            g->n--;
            p->size--;
            g->items[k] = g->items[g->n];
            memcpy(g->ov + (size_t)k * dim, g->ov + (size_t)g->n * dim, (size_t)dim * sizeof *o);
        } else {
            k++;
        }
    }
    if (g->n == g->cap) {
        int cap = g->cap ? 2 * g->cap : 16;
        xf_pareto_item *ni = realloc(g->items, (size_t)cap * sizeof *ni);
        if (ni)
            g->items = ni;
        double *nv = ni ? realloc(g->ov, (size_t)cap * (size_t)dim * sizeof *nv) : NULL;
        if (nv)
            g->ov = nv;
        if (!ni || !nv) {
            xf_err_set(err, XF_ERR_RUNTIME, "out of memory (Pareto front of %d points)", g->n);
            return -1;
        }
        g->cap = cap;
    }
    xf_pareto_item *it = &g->items[g->n];
    memset(it, 0, sizeof *it);
    it->id = id;
    for (int d = 0; d < dim; d++)
        it->v[d] = v[d];
    it->payload = payload;
    memcpy(g->ov + (size_t)g->n * dim, o, (size_t)dim * sizeof *o);
    g->n++;
    p->size++;
    return 1;
}

int xf_pareto_dim(const xf_pareto *p)
{
    return p->dim;
}

int xf_pareto_n_groups(const xf_pareto *p)
{
    return p->n_groups;
}

long long xf_pareto_group_key(const xf_pareto *p, int g)
{
    return g >= 0 && g < p->n_groups ? p->groups[g].key : -1;
}

const xf_pareto_item *xf_pareto_group_items(const xf_pareto *p, int g, int *n)
{
    if (g < 0 || g >= p->n_groups) {
        *n = 0;
        return NULL;
    }
    *n = p->groups[g].n;
    return p->groups[g].items;
}

long long xf_pareto_size(const xf_pareto *p)
{
    return p->size;
}
