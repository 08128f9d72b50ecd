/* xf/pareto.h - Pareto fronts: the points that no other point of their group dominates.
 *
 * A point has `dim` values (1..XF_PARETO_MAX_DIM), each minimised unless its axis is marked
 * maximised. Point a dominates b when a is at least as good on every axis and strictly better
 * on one. Equal points do not dominate each other, so duplicates are all on the front. A point
 * with a non-finite value is never on the front and dominates nothing.
 *
 * Groups: each point carries a group key (a long long the caller assigns, e.g. one per
 * workload: model, seq, phase, batch); points of different groups are never compared, so
 * every group has its own front.
 *
 * Two forms that give the same set:
 *   xf_pareto_front()   batch: flags the front points of n points (sort, then a scan that
 *                       compares each point with the front found so far: O(n log n + n f))
 *   xf_pareto_insert()  streaming: keeps only the current front of each group in memory; an
 *                       inserted point is dropped when a front point dominates it, otherwise
 *                       it joins and the points it dominates leave (O(f) per point).
 * The streaming front after inserting a set of points does not depend on their order.
 */
#ifndef XF_PARETO_H
#define XF_PARETO_H

#include "xf/err.h"

#define XF_PARETO_MAX_DIM 4

/* 1 when a dominates b (dim values each; maximise[d] != 0: larger is better; NULL: all
 * minimised). */
int xf_pareto_dominates(int dim, const double *a, const double *b, const int *maximise);

/* Batch form: v holds n points of dim values (row-major), group[i] their groups (NULL: one
 * group). Sets on_front[i] = 1 for the non-dominated points of each group, 0 otherwise.
 * Returns the number of front points, or -1 (err filled) on a bad argument or no memory. */
long long xf_pareto_front(long long n, int dim, const double *v, const long long *group,
                          const int *maximise, unsigned char *on_front, xf_err *err);

/* ------------------------------------------------------------------ streaming */

typedef struct {
    long long id;                /* the caller's identity of the point */
    double v[XF_PARETO_MAX_DIM]; /* its values */
    void *payload;               /* the caller's data (owned by the caller) */
} xf_pareto_item;

typedef struct xf_pareto xf_pareto;

int xf_pareto_new(int dim, const int *maximise, xf_pareto **out, xf_err *err);
/* Frees the fronts (not the payloads: call xf_pareto_each first when they need freeing). */
void xf_pareto_free(xf_pareto *p);

/* Insert a point into its group's front. Returns 1 when it joined the front, 0 when it was
 * dominated, non-finite, or the same id with the same values is there already (so inserting
 * a point again changes nothing), -1 when out of memory (err filled). drop (may be NULL) is
 * called with the payload of each front point the new point displaces. */
int xf_pareto_insert(xf_pareto *p, long long group, long long id, const double *v, void *payload,
                     void (*drop)(void *payload, void *ctx), void *ctx, xf_err *err);

int xf_pareto_dim(const xf_pareto *p);
/* Groups seen (in order of their first inserted point) and their keys. */
int xf_pareto_n_groups(const xf_pareto *p);
long long xf_pareto_group_key(const xf_pareto *p, int g);
/* The front of group index g: *n items, in no particular order (valid until the next
 * insert). */
const xf_pareto_item *xf_pareto_group_items(const xf_pareto *p, int g, int *n);
/* Points on all fronts. */
long long xf_pareto_size(const xf_pareto *p);

#endif
