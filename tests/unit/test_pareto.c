/* Pareto fronts (xf/pareto.h): the batch form against an independent O(n^2) brute force on
 * random points with many ties and duplicates, hand-made fronts (two axes, a maximised axis,
 * groups kept apart, a non-finite point), and the streaming form against the batch form in
 * shuffled orders. */
#include "xf_test.h"

#include "xf/pareto.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The definition, written out again for the test: a dominates b when no worse on every
 * axis and better on one (minimised axes only here). */
static int brute_dominates(int dim, const double *a, const double *b)
{
    int better = 0;
    for (int d = 0; d < dim; d++) {
        if (a[d] > b[d])
            return 0;
        if (a[d] < b[d])
            better = 1;
    }
    return better;
}

static void brute_front(int n, int dim, const double *v, const long long *grp, unsigned char *f)
{
    for (int i = 0; i < n; i++) {
        f[i] = 1;
        for (int j = 0; j < n && f[i]; j++)
            if (j != i && (!grp || grp[i] == grp[j]) &&
                brute_dominates(dim, v + j * dim, v + i * dim))
                f[i] = 0;
    }
}

#define NR 400

/* Random points on a coarse grid (values 0..5: many exact ties and duplicates), 3 groups,
 * plus hand-made duplicates of point 0 and a copy of point 1 that is worse on one axis. */
static void random_points(double *v, long long *grp, int dim)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 17);
    for (int i = 0; i < NR; i++) {
        for (int d = 0; d < dim; d++)
            v[i * dim + d] = (double)gsl_rng_uniform_int(r, 6);
        grp[i] = (long long)gsl_rng_uniform_int(r, 3);
    }
    gsl_rng_free(r);
    for (int d = 0; d < dim; d++) {
        v[(NR - 1) * dim + d] = v[d]; /* duplicate of point 0 */
        v[(NR - 2) * dim + d] = v[d];
        v[(NR - 3) * dim + d] = v[dim + d] + (d == 0); /* point 1, worse on axis 0 */
    }
    grp[NR - 1] = grp[NR - 2] = grp[0];
    grp[NR - 3] = grp[1];
}

static void test_batch_equals_brute(void)
{
    for (int dim = 2; dim <= 4; dim++) {
        double v[NR * 4];
        long long grp[NR];
        unsigned char got[NR], want[NR];
        random_points(v, grp, dim);
        xf_err err = {0};
        long long nf = xf_pareto_front(NR, dim, v, grp, NULL, got, &err);
        brute_front(NR, dim, v, grp, want);
        long long nwant = 0;
        for (int i = 0; i < NR; i++) {
            nwant += want[i];
            if (got[i] != want[i])
                fprintf(stderr, "\n  dim %d point %d: front %d, brute force %d\n", dim, i, got[i],
                        want[i]);
            CU_ASSERT_EQUAL(got[i], want[i]);
        }
        CU_ASSERT_EQUAL(nf, nwant);
        /* the hand-made cases: point 0 and its two duplicates share one fate; the worse
         * copy of point 1 is dominated by point 1 */
        CU_ASSERT_EQUAL(got[NR - 1], got[0]);
        CU_ASSERT_EQUAL(got[NR - 2], got[0]);
        CU_ASSERT_EQUAL(got[NR - 3], 0);
        /* no front point dominates another of its group */
        for (int i = 0; i < NR; i++)
            for (int j = 0; j < NR; j++)
                if (got[i] && got[j] && grp[i] == grp[j])
                    CU_ASSERT_FALSE(brute_dominates(dim, v + i * dim, v + j * dim));
        /* a front that is not empty in each of the 3 groups, and not everything */
        CU_ASSERT(nwant >= 3 && nwant < NR);
    }
}

static void test_hand_fronts(void)
{
    xf_err err = {0};
    /* minimise both: (1,2) and (2,1) trade off; (3,3) is beaten by both; (1,2) again is a
     * duplicate and stays; (2,2) is beaten by (1,2) and by (2,1) */
    double a[] = {1, 2, 2, 1, 3, 3, 1, 2, 2, 2};
    unsigned char f[5];
    CU_ASSERT_EQUAL(xf_pareto_front(5, 2, a, NULL, NULL, f, &err), 3);
    unsigned char fa[5] = {1, 1, 0, 1, 0};
    CU_ASSERT_EQUAL(memcmp(f, fa, 5), 0);
    /* x minimised, y maximised: (2,3) beats (3,2) (smaller x, larger y); (1,1) has the
     * smallest x and stays */
    double b[] = {1, 1, 2, 3, 3, 2};
    int mx[] = {0, 1};
    CU_ASSERT_EQUAL(xf_pareto_front(3, 2, b, NULL, mx, f, &err), 2);
    unsigned char fb[3] = {1, 1, 0};
    CU_ASSERT_EQUAL(memcmp(f, fb, 3), 0);
    CU_ASSERT_TRUE(xf_pareto_dominates(2, b + 2, b + 4, mx));
    CU_ASSERT_FALSE(xf_pareto_dominates(2, b + 4, b + 2, mx));
    CU_ASSERT_FALSE(xf_pareto_dominates(2, b, b, NULL)); /* equal: no domination */
    /* a NaN point is not on the front and beats nothing */
    double c[] = {NAN, 0, 1, 1};
    CU_ASSERT_EQUAL(xf_pareto_front(2, 2, c, NULL, NULL, f, &err), 1);
    CU_ASSERT_EQUAL(f[0], 0);
    CU_ASSERT_EQUAL(f[1], 1);
}

/* Unlike workloads apart: (0,0) in group 1 would beat every point of group 0. */
static void test_groups_apart(void)
{
    xf_err err = {0};
    double v[] = {1, 2, 2, 1, 3, 3, 0, 0};
    long long g[] = {0, 0, 0, 1};
    unsigned char f[4];
    CU_ASSERT_EQUAL(xf_pareto_front(4, 2, v, g, NULL, f, &err), 3);
    unsigned char fg[4] = {1, 1, 0, 1};
    CU_ASSERT_EQUAL(memcmp(f, fg, 4), 0);
    /* one group: only (0,0) */
    CU_ASSERT_EQUAL(xf_pareto_front(4, 2, v, NULL, NULL, f, &err), 1);
    CU_ASSERT_EQUAL(f[3], 1);
    /* the same in the streaming form */
    xf_pareto *p = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_pareto_new(2, NULL, &p, &err), XF_OK);
    for (int i = 0; i < 4; i++)
        xf_pareto_insert(p, g[i] + 100, i, v + 2 * i, NULL, NULL, NULL, &err);
    CU_ASSERT_EQUAL(xf_pareto_n_groups(p), 2);
    CU_ASSERT_EQUAL(xf_pareto_group_key(p, 0), 100);
    int n0 = 0, n1 = 0;
    xf_pareto_group_items(p, 0, &n0);
    xf_pareto_group_items(p, 1, &n1);
    CU_ASSERT_EQUAL(n0, 2);
    CU_ASSERT_EQUAL(n1, 1);
    CU_ASSERT_EQUAL(xf_pareto_size(p), 3);
    xf_pareto_free(p);
}

static void count_drop(void *payload, void *ctx)
{
    (void)payload;
    (*(int *)ctx)++;
}

static void test_stream_equals_batch(void)
{
    int dim = 3;
    double v[NR * 3];
    long long grp[NR];
    unsigned char batch[NR];
    random_points(v, grp, dim);
    xf_err err = {0};
    xf_pareto_front(NR, dim, v, grp, NULL, batch, &err);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int trial = 0; trial < 3; trial++) {
        int order[NR];
        for (int i = 0; i < NR; i++)
            order[i] = i;
        gsl_rng_set(r, 100 + (unsigned long)trial);
        for (int i = NR - 1; trial > 0 && i > 0; i--) { /* trial 0: index order */
            int j = (int)gsl_rng_uniform_int(r, (unsigned long)i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        xf_pareto *p = NULL;
        CU_ASSERT_EQUAL_FATAL(xf_pareto_new(dim, NULL, &p, &err), XF_OK);
        int joined = 0, dropped = 0;
        for (int k = 0; k < NR; k++)
            joined += xf_pareto_insert(p, grp[order[k]], order[k], v + order[k] * dim, NULL,
                                       count_drop, &dropped, &err) == 1;
        /* inserting everything again changes nothing */
        for (int k = 0; k < NR; k++)
            CU_ASSERT_EQUAL(
                xf_pareto_insert(p, grp[k], k, v + k * dim, NULL, count_drop, &dropped, &err), 0);
        unsigned char got[NR];
        memset(got, 0, sizeof got);
        for (int g = 0; g < xf_pareto_n_groups(p); g++) {
            int n;
            const xf_pareto_item *it = xf_pareto_group_items(p, g, &n);
            for (int k = 0; k < n; k++) {
                CU_ASSERT_EQUAL(grp[it[k].id], xf_pareto_group_key(p, g));
                got[it[k].id]++;
            }
        }
        CU_ASSERT_EQUAL(memcmp(got, batch, NR), 0);
        CU_ASSERT_EQUAL(joined - dropped, xf_pareto_size(p));
        xf_pareto_free(p);
    }
    gsl_rng_free(r);
}

XF_SUITE(pareto) = {{"batch front = brute force", test_batch_equals_brute},
                    {"hand-made fronts", test_hand_fronts},
                    {"groups apart", test_groups_apart},
                    {"streaming = batch", test_stream_equals_batch},
                    {NULL, NULL}};
