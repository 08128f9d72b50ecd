/* Monte Carlo over a study's ranged values (xf/study.h): each sample draws every value once
 * (by inverse CDF of a uniform from GSL's mt19937), sets it in both designs (or, with
 * `independent`, draws the baseline's apart), builds and evaluates them, and keeps the
 * metrics; the statistics are GSL's over the finite samples.
 *
 * Invariants: sample i uses the generator of block i / BLOCK, seeded from (seed, block), and
 * the draws of its block in order, so every number depends on the seed and the sample count
 * only, never on the threads; the workers write disjoint slots of one array; the calling
 * thread computes the statistics after joining them. */
#include "study_int.h"

#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define BLOCK 256
#define MAX_THREADS 256
/* Independent draws: the baseline's come from a stream of their own (blocks numbered from
 * here), so the design's draws are the same with and without --independent. */
#define BASELINE_STREAM (1LL << 40)

typedef struct {
    xf_study *s;
    const xf_mc_opts *o;
    double *vals; /* XF_SM_COUNT x samples, metric-major */
    atomic_llong next_block;
    atomic_llong failed;
    pthread_mutex_t mu;
    char first_error[XF_ERR_MSG_LEN];
    long long first_error_at;
    int fatal;
    xf_err fatal_err;
} mc_shared;

typedef struct {
    mc_shared *S;
    pthread_t tid;
} mc_worker;

/* SplitMix64: a block's seed from the study's seed and the block number. */
static unsigned long block_seed(unsigned long seed, long long block)
{
    unsigned long long z = (unsigned long long)seed * 0x9E3779B97F4A7C15ULL +
                           (unsigned long long)block + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (unsigned long)(z ^ (z >> 31));
}

static void draw(const xf_study *s, gsl_rng *rng, double *v)
{
    for (int i = 0; i < s->n; i++) {
        const xf_cfg_range *r = &s->par[i].r;
        v[i] = xf_dist_quantile(r->dist, r->lo, r->nominal, r->hi, gsl_rng_uniform_pos(rng));
    }
}

static void note_error(mc_shared *S, long long i, const xf_err *e)
{
    atomic_fetch_add(&S->failed, 1);
    pthread_mutex_lock(&S->mu);
    if (S->first_error_at < 0 || i < S->first_error_at) {
        S->first_error_at = i;
        snprintf(S->first_error, sizeof S->first_error, "sample %lld: %.700s", i + 1, e->msg);
    }
    pthread_mutex_unlock(&S->mu);
}

static void *worker_main(void *arg)
{
    mc_worker *W = arg;
    mc_shared *S = W->S;
    const xf_study *s = S->s;
    long long n = S->o->samples, blocks = (n + BLOCK - 1) / BLOCK;
    xf_study_ctx c;
    xf_err err = {0};
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937), *rng2 = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng || !rng2 || xf_study_ctx_init(s, &c, 1, &err) != XF_OK) {
        if (!rng || !rng2)
            xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        pthread_mutex_lock(&S->mu);
        if (!S->fatal) {
            S->fatal = 1;
            S->fatal_err = err;
        }
        pthread_mutex_unlock(&S->mu);
        if (rng)
            gsl_rng_free(rng);
        if (rng2)
            gsl_rng_free(rng2);
        xf_study_ctx_free(&c);
        return NULL;
    }
    double v[2][XF_STUDY_MAX_PARAMS], out[XF_SM_COUNT];
    const double *const vals[2] = {v[0], S->o->independent ? v[1] : v[0]};
    for (;;) {
        long long b = atomic_fetch_add(&S->next_block, 1);
        if (b >= blocks)
            break;
        gsl_rng_set(rng, block_seed(S->o->seed, b));
        gsl_rng_set(rng2, block_seed(S->o->seed, b + BASELINE_STREAM));
        long long end = (b + 1) * BLOCK < n ? (b + 1) * BLOCK : n;
        for (long long i = b * BLOCK; i < end; i++) {
            draw(s, rng, v[0]);
            if (S->o->independent)
                draw(s, rng2, v[1]);
            xf_err_clear(&err);
            if (xf_study_eval(&c, vals, out, &err) != XF_OK) {
                note_error(S, i, &err);
                for (int m = 0; m < XF_SM_COUNT; m++)
                    out[m] = NAN;
            }
            for (int m = 0; m < XF_SM_COUNT; m++)
                S->vals[(size_t)m * (size_t)n + (size_t)i] = out[m];
        }
    }
    gsl_rng_free(rng);
    gsl_rng_free(rng2);
    xf_study_ctx_free(&c);
    return NULL;
}

/* Statistics of the finite values of x[0..n) (sorted in place, NaNs moved out). */
static void stats(double *x, long long n, xf_stat *st)
{
    long long k = 0;
    for (long long i = 0; i < n; i++)
        if (isfinite(x[i]))
            x[k++] = x[i];
    st->n = k;
    if (k == 0) {
        st->mean = st->sd = st->p5 = st->p50 = st->p95 = NAN;
        return;
    }
    gsl_sort(x, 1, (size_t)k);
    st->mean = gsl_stats_mean(x, 1, (size_t)k);
    st->sd = k > 1 ? gsl_stats_sd_m(x, 1, (size_t)k, st->mean) : 0.0;
    st->p5 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)k, 0.05);
    st->p50 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)k, 0.50);
    st->p95 = gsl_stats_quantile_from_sorted_data(x, 1, (size_t)k, 0.95);
}

int xf_study_mc(xf_study *s, const xf_mc_opts *o, xf_mc_result *out, xf_err *err)
{
    memset(out, 0, sizeof *out);
    if (o->samples < 1 || o->samples > XF_STUDY_MAX_SAMPLES)
        return xf_err_set(err, XF_ERR_INPUT, "--samples %lld: expected 1 to %lld", o->samples,
                          XF_STUDY_MAX_SAMPLES);
    double nominal[XF_SM_COUNT];
    if (xf_study_nominal(s, nominal, err) != XF_OK)
        return err->code;
    mc_shared S;
    memset(&S, 0, sizeof S);
    S.s = s;
    S.o = o;
    S.first_error_at = -1;
    S.vals = malloc((size_t)XF_SM_COUNT * (size_t)o->samples * sizeof *S.vals);
    if (!S.vals)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory (%lld samples)", o->samples);
    atomic_init(&S.next_block, 0);
    atomic_init(&S.failed, 0);
    pthread_mutex_init(&S.mu, NULL);
    long long blocks = (o->samples + BLOCK - 1) / BLOCK;
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    if (threads > blocks)
        threads = (int)blocks;
    mc_worker W[MAX_THREADS];
    for (int t = 0; t < MAX_THREADS; t++)
        W[t].S = &S;
    int started = 0;
    for (int t = 0; t < threads; t++) {
        if (pthread_create(&W[t].tid, NULL, worker_main, &W[t]) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker_main(&W[0]); /* no thread could start: run on this one */
    for (int t = 0; t < started; t++)
        pthread_join(W[t].tid, NULL);
    pthread_mutex_destroy(&S.mu);
    if (S.fatal) {
        *err = S.fatal_err;
        free(S.vals);
        return err->code;
    }
    out->samples = o->samples;
    out->failed = atomic_load(&S.failed);
    snprintf(out->first_error, sizeof out->first_error, "%s", S.first_error);
    for (int m = 0; m < XF_SM_COUNT; m++) {
        stats(S.vals + (size_t)m * (size_t)o->samples, o->samples, &out->m[m]);
        out->m[m].nominal = nominal[m];
    }
    free(S.vals);
    return XF_OK;
}
