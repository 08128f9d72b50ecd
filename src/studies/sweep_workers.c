/* The sweep's worker threads: each takes a free chunk, evaluates the next run of point indices
 * into it (skipping points stored before) and hands it to the writer; the chunk queues and the
 * shared error state live here too.
 *
 * Invariant: every index below todo is claimed by exactly one worker (an atomic counter), so
 * no point is evaluated twice and none is missed unless the sweep stops. */
#include "sweep_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double xf_sweep_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void xf_sweep_record_error(shared *S, const xf_err *e)
{
    pthread_mutex_lock(&S->mu);
    if (S->first_error[0] == '\0')
        snprintf(S->first_error, sizeof S->first_error, "%s", e->msg);
    pthread_mutex_unlock(&S->mu);
}

void xf_sweep_set_fatal(shared *S, const xf_err *e)
{
    pthread_mutex_lock(&S->mu);
    if (!S->fatal) {
        S->fatal = 1;
        S->fatal_err = *e;
    }
    atomic_store(&S->stop, 1);
    pthread_cond_broadcast(&S->cv_free);
    pthread_cond_broadcast(&S->cv_filled);
    pthread_mutex_unlock(&S->mu);
}

/* ---------------------------------------------------------------------- workers */

chunk *xf_sweep_take_free(shared *S)
{
    pthread_mutex_lock(&S->mu);
    while (S->free_list == NULL && !atomic_load(&S->stop))
        pthread_cond_wait(&S->cv_free, &S->mu);
    chunk *c = NULL;
    if (!atomic_load(&S->stop)) {
        c = S->free_list;
        S->free_list = c->next;
    }
    pthread_mutex_unlock(&S->mu);
    return c;
}

void xf_sweep_give_free(shared *S, chunk *c)
{
    pthread_mutex_lock(&S->mu);
    c->next = S->free_list;
    S->free_list = c;
    pthread_cond_signal(&S->cv_free);
    pthread_mutex_unlock(&S->mu);
}

static void push_filled(shared *S, chunk *c)
{
    pthread_mutex_lock(&S->mu);
    c->next = NULL;
    if (S->filled_tail)
        S->filled_tail->next = c;
    else
        S->filled_head = c;
    S->filled_tail = c;
    pthread_cond_signal(&S->cv_filled);
    pthread_mutex_unlock(&S->mu);
}

static void worker_free(worker *W, int n_archs)
{
    for (int a = 0; a < n_archs; a++) {
        xf_arch_spec_free(W->specs[a]);
        free(W->live[a]);
    }
    for (int k = 0; k < XF_SWEEP_WL_CACHE; k++)
        free(W->cache[k].w);
    for (int k = 0; k < XF_SWEEP_CFG_CACHE; k++) {
        free(W->cfg[k].arch);
        free(W->cfg[k].params);
        free(W->cfg[k].resolved);
    }
    free(W->scratch);
}

void *xf_sweep_worker_main(void *arg)
{
    worker *W = arg;
    shared *S = W->S;
    xf_sweep_spec *s = S->s;
    xf_err err = {0};
    W->scratch = malloc(sizeof *W->scratch);
    if (!W->scratch)
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    for (int a = 0; a < s->n_archs && err.code == XF_OK; a++) {
        xf_arch_spec_load(s->techlib, s->archs[a], &W->specs[a], &err);
        for (int k = 0; k < XF_SWEEP_MAX_SETS; k++)
            W->applied[a][k] = -1;
    }
    if (err.code != XF_OK)
        xf_sweep_set_fatal(S, &err);
    while (!atomic_load(&S->stop)) {
        chunk *c = xf_sweep_take_free(S);
        if (c == NULL)
            break;
        long long j0 = atomic_fetch_add(&S->next, S->chunk_rows);
        if (j0 >= S->todo) {
            xf_sweep_give_free(S, c);
            break;
        }
        long long j1 = j0 + S->chunk_rows < S->todo ? j0 + S->chunk_rows : S->todo;
        c->n = 0;
        c->processed = 0;
        c->j0 = j0;
        c->j1 = j1;
        for (long long j = j0; j < j1; j++) {
            if (S->bitmap && (S->bitmap[j >> 3] >> (j & 7)) & 1)
                continue;
            c->processed++;
            long long i = S->shard_n > 1 ? j * S->shard_n + (S->shard_k - 1) : j;
            xf_result *res = S->breakdowns ? &c->res[c->n] : W->scratch;
            xf_err e = {0};
            if (xf_sweep_eval_point(W, i, &c->rows[c->n], res, c->arena + (size_t)c->n * s->slot,
                                    &e) == XF_OK) {
                c->n++;
            } else {
                if (e.code == XF_ERR_RUNTIME && strstr(e.msg, "out of memory")) {
                    xf_sweep_set_fatal(S, &e);
                    break;
                }
                atomic_fetch_add(&S->failed, 1);
                xf_sweep_record_error(S, &e);
            }
        }
        atomic_fetch_add(&S->evaluated, c->processed);
        push_filled(S, c);
    }
    worker_free(W, s->n_archs);
    atomic_fetch_add(&S->worker_ns, (long long)(xf_sweep_cpu_s() * 1e9));
    pthread_mutex_lock(&S->mu);
    S->active--;
    pthread_cond_broadcast(&S->cv_filled);
    pthread_mutex_unlock(&S->mu);
    return NULL;
}
