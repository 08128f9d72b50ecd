/* The sweep runner: worker threads evaluate chunks of points, the calling thread stores them
 * in batched transactions (see xf/sweep.h). */
#include "sweep_int.h"
#include "xf/eval.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define CHUNK_ROWS 256   /* points per work unit */
#define CHUNK_ROWS_BD 16 /* with breakdowns (a full xf_result per row) */
#define MAX_THREADS 256
#define N_METRICS 8

typedef struct {
    long long idx;
    int arch, model;
    long long seq, batch, context, dec_seq;
    int head;
    double m[N_METRICS];
    char point_hash[XF_HASH_HEX], config_hash[XF_HASH_HEX];
    char *params;
} srow;

typedef struct chunk {
    struct chunk *next;
    int n;
    long long processed;
    srow *rows;
    xf_result *res; /* breakdowns only */
    char *arena;    /* params JSON, params_max bytes per row */
} chunk;

typedef struct {
    xf_sweep_spec *s;
    const xf_sweep_opts *o;
    long long todo, shard_k, shard_n;
    unsigned char *bitmap;
    int chunk_rows, breakdowns;
    atomic_llong next;
    atomic_llong evaluated, failed;
    atomic_int stop;
    atomic_llong worker_ns; /* CPU time of the workers */
    pthread_mutex_t mu;
    pthread_cond_t cv_filled, cv_free;
    chunk *free_list, *filled_head, *filled_tail;
    int active;
    char first_error[XF_ERR_MSG_LEN];
    int fatal;
    xf_err fatal_err;
} shared;

/* A workload buffer; xf_evaluate rebuilds it only when the point or the precision differs. */
typedef struct {
    xf_workload *w;
} wl_slot;

/* A built configuration: the architecture with one point's overrides applied. */
typedef struct {
    int state; /* 0 empty, 1 built, -1 failed (err) */
    long long key;
    xf_arch *arch;
    char config_hash[XF_HASH_HEX];
    char *params;
    xf_err err;
} cfg_slot;

typedef struct {
    shared *S;
    pthread_t tid;
    xf_arch_spec *specs[XF_SWEEP_MAX_NAMES];
    long long applied[XF_SWEEP_MAX_NAMES][XF_SWEEP_MAX_SETS];
    /* The architecture as the spec stands now (live_ok): each new configuration updates it by
     * the overrides that changed (xf_arch_update) and copies it into its cache slot. */
    xf_arch *live[XF_SWEEP_MAX_NAMES];
    int live_ok[XF_SWEEP_MAX_NAMES];
    cfg_slot cfg[XF_SWEEP_CFG_CACHE];
    cfg_slot *cur;
    wl_slot cache[XF_SWEEP_WL_CACHE];
    xf_result *scratch;
} worker;

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void record_error(shared *S, const xf_err *e)
{
    pthread_mutex_lock(&S->mu);
    if (S->first_error[0] == '\0')
        snprintf(S->first_error, sizeof S->first_error, "%s", e->msg);
    pthread_mutex_unlock(&S->mu);
}

static void set_fatal(shared *S, const xf_err *e)
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

/* ------------------------------------------------------------------- one point */

static int configure(worker *W, const long long *dg, xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    int a = (int)dg[XF_DIGIT_ARCH];
    long long key = a;
    for (int k = 0; k < s->n_sets; k++)
        key = key * s->sets[k].range.count + dg[XF_DIGIT_SET(s, k)];
    cfg_slot *c = &W->cfg[key % XF_SWEEP_CFG_CACHE];
    W->cur = c;
    if (c->state != 0 && c->key == key) {
        if (c->state > 0)
            return XF_OK;
        *err = c->err;
        return err->code;
    }
    c->state = -1;
    c->key = key;
    xf_err_clear(&c->err);
    if (c->arch == NULL)
        c->arch = malloc(sizeof *c->arch);
    if (c->params == NULL)
        c->params = malloc(s->params_max);
    if (c->arch == NULL || c->params == NULL) {
        c->state = 0;
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    const char *as[XF_SWEEP_MAX_SETS];
    char bufs[XF_SWEEP_MAX_SETS][700];
    /* Overriding a key again replaces its record in the configuration (xf_cfg_override), so
     * one loaded copy serves every point of the sweep. */
    int changed[XF_SWEEP_MAX_SETS], n_changed = 0;
    for (int k = 0; k < s->n_sets; k++) {
        long long v = dg[XF_DIGIT_SET(s, k)];
        as[k] = xf_sweep_assignment(s, k, v, bufs[k], sizeof bufs[k]);
        if (W->applied[a][k] == v)
            continue;
        W->applied[a][k] = -1;
        if (xf_arch_spec_set(W->specs[a], as[k], &c->err) != XF_OK) {
            W->live_ok[a] = 0; /* the spec may hold part of it */
            break;
        }
        W->applied[a][k] = v;
        changed[n_changed++] = k;
    }
    if (c->err.code == XF_OK && !W->live[a] && !(W->live[a] = malloc(sizeof *W->live[a])))
        xf_err_set(&c->err, XF_ERR_RUNTIME, "out of memory");
    if (c->err.code == XF_OK) {
        xf_arch *live = W->live[a];
        if (!W->live_ok[a])
            W->live_ok[a] = xf_arch_build(W->specs[a], live, &c->err) == XF_OK;
        else
            for (int i = 0; i < n_changed && W->live_ok[a]; i++)
                W->live_ok[a] = xf_arch_update(W->specs[a], live, as[changed[i]], &c->err) == XF_OK;
        if (W->live_ok[a])
            memcpy(c->arch, live, sizeof *c->arch);
    }
    if (c->err.code == XF_OK)
        xf_config_hash(s->base_hash[a], as, s->n_sets, c->config_hash, c->params, s->params_max,
                       &c->err);
    c->state = c->err.code == XF_OK ? 1 : -1;
    if (c->state < 0) {
        *err = c->err;
        return err->code;
    }
    return XF_OK;
}

/* The workload buffer of the point's (model, seq, batch, context) and the point itself. */
static xf_workload *workload(worker *W, const long long *dg, xf_wl_params *p, xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    long long dm = dg[XF_DIGIT_MODEL(s)], dsq = dg[XF_DIGIT_SEQ(s)], db = dg[XF_DIGIT_BATCH(s)],
              dc = dg[XF_DIGIT_CONTEXT(s)];
    long long key = ((dm * s->seq.count + dsq) * s->batch.count + db) * s->context.count + dc;
    wl_slot *c = &W->cache[key % XF_SWEEP_WL_CACHE];
    if (c->w == NULL && (c->w = calloc(1, sizeof *c->w)) == NULL) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        return NULL;
    }
    xf_wl_params_default(p);
    p->phase = s->phase;
    p->head = s->head;
    p->seq = xf_sweep_int_value(&s->seq, dsq);
    p->batch = xf_sweep_int_value(&s->batch, db);
    p->context = xf_sweep_int_value(&s->context, dc);
    return c->w;
}

static int eval_point(worker *W, long long i, srow *row, xf_result *res, char *params_slot,
                      xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    long long dg[XF_SWEEP_MAX_SETS + 5];
    xf_sweep_digits(s, i, dg);
    if (configure(W, dg, err) != XF_OK)
        return err->code;
    xf_wl_params p;
    xf_workload *w = workload(W, dg, &p, err);
    if (w == NULL)
        return err->code;
    if (xf_evaluate(W->cur->arch, &s->model[dg[XF_DIGIT_MODEL(s)]], &p, w, res, err) != XF_OK)
        return err->code;
    row->idx = i;
    row->arch = (int)dg[XF_DIGIT_ARCH];
    row->model = (int)dg[XF_DIGIT_MODEL(s)];
    row->seq = w->params.seq;
    row->batch = w->params.batch;
    row->context = w->params.phase == XF_PHASE_DECODE ? w->params.context : 0;
    row->dec_seq = w->params.dec_seq;
    row->head = w->params.head;
    row->m[0] = res->latency;
    row->m[1] = res->energy;
    row->m[2] = res->area * 1e6;
    row->m[3] = res->power;
    row->m[4] = res->tops;
    row->m[5] = res->tops_per_w;
    row->m[6] = res->edp;
    row->m[7] = res->nvm_writes;
    memcpy(row->config_hash, W->cur->config_hash, XF_HASH_HEX);
    xf_point_hash(W->cur->config_hash, s->model_key[row->model], &w->params, row->point_hash);
    strcpy(params_slot, W->cur->params);
    row->params = params_slot;
    return XF_OK;
}

/* ---------------------------------------------------------------------- workers */

static chunk *take_free(shared *S)
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

static void give_free(shared *S, chunk *c)
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
    }
    free(W->scratch);
}

static void *worker_main(void *arg)
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
        set_fatal(S, &err);
    while (!atomic_load(&S->stop)) {
        chunk *c = take_free(S);
        if (c == NULL)
            break;
        long long j0 = atomic_fetch_add(&S->next, S->chunk_rows);
        if (j0 >= S->todo) {
            give_free(S, c);
            break;
        }
        long long j1 = j0 + S->chunk_rows < S->todo ? j0 + S->chunk_rows : S->todo;
        c->n = 0;
        c->processed = 0;
        for (long long j = j0; j < j1; j++) {
            if (S->bitmap && (S->bitmap[j >> 3] >> (j & 7)) & 1)
                continue;
            c->processed++;
            long long i = S->shard_n > 1 ? j * S->shard_n + (S->shard_k - 1) : j;
            xf_result *res = S->breakdowns ? &c->res[c->n] : W->scratch;
            xf_err e = {0};
            if (eval_point(W, i, &c->rows[c->n], res, c->arena + (size_t)c->n * s->params_max,
                           &e) == XF_OK) {
                c->n++;
            } else {
                if (e.code == XF_ERR_RUNTIME && strstr(e.msg, "out of memory")) {
                    set_fatal(S, &e);
                    break;
                }
                atomic_fetch_add(&S->failed, 1);
                record_error(S, &e);
            }
        }
        atomic_fetch_add(&S->evaluated, c->processed);
        push_filled(S, c);
    }
    worker_free(W, s->n_archs);
    atomic_fetch_add(&S->worker_ns, (long long)(cpu_s() * 1e9));
    pthread_mutex_lock(&S->mu);
    S->active--;
    pthread_cond_broadcast(&S->cv_filled);
    pthread_mutex_unlock(&S->mu);
    return NULL;
}

/* ----------------------------------------------------------------------- writer */

typedef struct {
    unsigned char *bitmap;
    long long todo, shard_k, shard_n, skipped;
} bitmap_ctx;

static void mark_done(long long idx, void *ctx)
{
    bitmap_ctx *b = ctx;
    long long j = idx;
    if (b->shard_n > 1) {
        if (idx % b->shard_n != b->shard_k - 1)
            return;
        j = idx / b->shard_n;
    }
    if (j < 0 || j >= b->todo)
        return;
    unsigned char bit = (unsigned char)(1u << (j & 7));
    if (!(b->bitmap[j >> 3] & bit)) {
        b->bitmap[j >> 3] |= bit;
        b->skipped++;
    }
}

static void fill_stats(shared *S, xf_sweep_stats *st, double t0)
{
    st->evaluated = atomic_load(&S->evaluated);
    st->failed = atomic_load(&S->failed);
    st->elapsed = now_s() - t0;
}

static int store_chunk(xf_db *db, shared *S, chunk *c, long long sweep_id, const char *created,
                       xf_db_row *rows, int *outcomes, xf_sweep_stats *st, long long *tx_new,
                       xf_err *err)
{
    xf_sweep_spec *s = S->s;
    if (c->n == 0)
        return XF_OK;
    for (int r = 0; r < c->n; r++) {
        const srow *x = &c->rows[r];
        xf_db_row *row = &rows[r];
        row->point_hash = x->point_hash;
        row->config_hash = x->config_hash;
        row->base_hash = s->base_hash[x->arch];
        row->sweep_id = sweep_id;
        row->point_idx = x->idx;
        row->arch = s->arch_name[x->arch];
        row->model = s->model[x->model].name;
        row->phase = xf_phase_name(s->phase);
        row->seq = x->seq;
        row->batch = x->batch;
        row->context = x->context;
        row->dec_seq = x->dec_seq;
        row->head = x->head;
        row->latency_s = x->m[0];
        row->energy_j = x->m[1];
        row->area_mm2 = x->m[2];
        row->power_w = x->m[3];
        row->tops = x->m[4];
        row->tops_per_w = x->m[5];
        row->edp_js = x->m[6];
        row->nvm_writes = x->m[7];
        row->params = x->params;
        row->created = created;
        outcomes[r] = 0;
    }
    if (S->breakdowns) {
        for (int r = 0; r < c->n; r++)
            if (xf_db_insert_run(db, &rows[r], &c->res[r], &outcomes[r], NULL, err) != XF_OK)
                return err->code;
    } else if (xf_db_insert_runs(db, rows, c->n, outcomes, err) != XF_OK) {
        return err->code;
    }
    for (int r = 0; r < c->n; r++) {
        if (outcomes[r] == XF_DB_STORED)
            st->stored++;
        else
            st->existed++;
    }
    *tx_new += c->n;
    return XF_OK;
}

int xf_sweep_run(xf_sweep_spec *s, xf_db *db, const xf_sweep_opts *o, xf_sweep_stats *st,
                 xf_err *err)
{
    memset(st, 0, sizeof *st);
    if (!s->prepared && xf_sweep_prepare(s, err) != XF_OK)
        return err->code;
    double t0 = now_s();
    long long K = o->shard_n > 1 ? o->shard_k : 1, N = o->shard_n > 1 ? o->shard_n : 1;
    if (K < 1 || K > N)
        return xf_err_set(err, XF_ERR_INPUT, "--shard %lld/%lld: expected 1 <= K <= N", K, N);
    long long todo = s->total > K - 1 ? (s->total - K) / N + 1 : 0;
    char shard[48] = "";
    if (N > 1)
        snprintf(shard, sizeof shard, "%lld/%lld", K, N);
    /* record the sweep and the configurations it uses */
    for (int a = 0; a < s->n_archs; a++)
        if (xf_db_put_config(db, s->base_hash[a], s->arch_name[a], s->arch_file[a], s->base_text[a],
                             err) != XF_OK)
            return err->code;
    long long sweep_id = 0, done = 0;
    int had_bd = 0;
    if (xf_db_sweep_open(db, s->spec_hash, s->spec_text, s->total, shard, o->breakdowns, &sweep_id,
                         &done, &had_bd, err) != XF_OK)
        return err->code;
    /* breakdowns asked for now but not before: evaluate every point again, so that the stored
     * runs get their component and layer results */
    if (o->breakdowns && !had_bd)
        done = 0;
    st->sweep_id = sweep_id;
    st->total = s->total;
    st->todo = todo;

    shared S;
    memset(&S, 0, sizeof S);
    S.s = s;
    S.o = o;
    S.todo = todo;
    S.shard_k = K;
    S.shard_n = N;
    S.breakdowns = o->breakdowns ? 1 : 0;
    S.chunk_rows = o->chunk_rows > 0 ? o->chunk_rows : S.breakdowns ? CHUNK_ROWS_BD : CHUNK_ROWS;
    atomic_init(&S.next, 0);
    atomic_init(&S.evaluated, 0);
    atomic_init(&S.failed, 0);
    atomic_init(&S.stop, 0);
    atomic_init(&S.worker_ns, 0);
    double cpu0 = cpu_s();
    if (done > 0 && todo > 0) {
        S.bitmap = calloc((size_t)(todo / 8 + 1), 1);
        if (S.bitmap == NULL)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory (resume bitmap of %lld bytes)",
                              todo / 8 + 1);
        bitmap_ctx bc = {S.bitmap, todo, K, N, 0};
        if (xf_db_sweep_points(db, sweep_id, mark_done, &bc, err) != XF_OK) {
            free(S.bitmap);
            return err->code;
        }
        st->skipped = bc.skipped;
    }
    int threads = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (threads < 1)
        threads = 1;
    if (threads > MAX_THREADS)
        threads = MAX_THREADS;
    long long remaining = todo - st->skipped;
    if ((long long)threads * S.chunk_rows > remaining)
        threads = (int)((remaining + S.chunk_rows - 1) / S.chunk_rows);
    if (threads < 1)
        threads = remaining > 0 ? 1 : 0;
    int n_chunks = 2 * threads + 2;
    chunk *chunks = calloc((size_t)n_chunks, sizeof *chunks);
    worker *workers = calloc((size_t)(threads > 0 ? threads : 1), sizeof *workers);
    xf_db_row *wrows = calloc((size_t)S.chunk_rows, sizeof *wrows);
    int *wout = calloc((size_t)S.chunk_rows, sizeof *wout);
    int ok = chunks && workers && wrows && wout;
    for (int c = 0; ok && c < n_chunks; c++) {
        chunks[c].rows = malloc((size_t)S.chunk_rows * sizeof *chunks[c].rows);
        chunks[c].arena = malloc((size_t)S.chunk_rows * s->params_max);
        if (S.breakdowns)
            chunks[c].res = malloc((size_t)S.chunk_rows * sizeof *chunks[c].res);
        ok = chunks[c].rows && chunks[c].arena && (!S.breakdowns || chunks[c].res);
        chunks[c].next = S.free_list;
        S.free_list = &chunks[c];
    }
    pthread_mutex_init(&S.mu, NULL);
    pthread_cond_init(&S.cv_filled, NULL);
    pthread_cond_init(&S.cv_free, NULL);
    int started = 0;
    if (!ok) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    } else {
        S.active = threads;
        for (int t = 0; t < threads; t++) {
            workers[t].S = &S;
            if (pthread_create(&workers[t].tid, NULL, worker_main, &workers[t]) != 0) {
                pthread_mutex_lock(&S.mu);
                S.active -= threads - t;
                pthread_mutex_unlock(&S.mu);
                xf_err e = {0};
                xf_err_set(&e, XF_ERR_RUNTIME, "cannot start worker thread %d", t + 1);
                set_fatal(&S, &e);
                break;
            }
            started++;
        }
    }

    /* the writer */
    long long batch_rows = o->batch_rows > 0 ? o->batch_rows : 100000;
    double batch_s = o->batch_seconds > 0 ? o->batch_seconds : 1.0;
    double interval = o->progress_interval > 0 ? o->progress_interval : 0.2;
    double next_progress = t0 + interval, tx_start = 0;
    int tx_open = 0, stopping = 0;
    long long tx_new = 0, tx_rows = 0;
    char created[32] = "";
    while (ok && err->code == XF_OK) {
        pthread_mutex_lock(&S.mu);
        if (S.filled_head == NULL && S.active > 0) {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ts.tv_nsec += 50 * 1000000L;
            if (ts.tv_nsec >= 1000000000L) {
                ts.tv_sec++;
                ts.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&S.cv_filled, &S.mu, &ts);
        }
        chunk *c = S.filled_head;
        if (c) {
            S.filled_head = c->next;
            if (S.filled_head == NULL)
                S.filled_tail = NULL;
        }
        int finished = c == NULL && S.active == 0 && S.filled_head == NULL;
        int fatal = S.fatal;
        pthread_mutex_unlock(&S.mu);
        if (fatal) {
            *err = S.fatal_err;
            break;
        }
        if (c) {
            if (c->n > 0 && !tx_open) {
                if (xf_db_begin(db, err) != XF_OK) {
                    give_free(&S, c);
                    break;
                }
                tx_open = 1;
                tx_start = now_s();
                xf_db_now(created, sizeof created);
            }
            int rc = store_chunk(db, &S, c, sweep_id, created, wrows, wout, st, &tx_new, err);
            tx_rows += c->n;
            give_free(&S, c);
            if (rc != XF_OK)
                break;
        }
        double t = now_s();
        if (tx_open && (tx_rows >= batch_rows || t - tx_start >= batch_s || finished)) {
            if (xf_db_sweep_progress(db, sweep_id, tx_new, atomic_load(&S.failed), err) != XF_OK ||
                xf_db_commit(db, err) != XF_OK)
                break;
            st->committed += tx_new;
            tx_open = 0;
            tx_new = tx_rows = 0;
        }
        if (!stopping && o->stop && *o->stop) {
            stopping = 1;
            st->interrupted = 1;
            atomic_store(&S.stop, 1);
            pthread_mutex_lock(&S.mu);
            pthread_cond_broadcast(&S.cv_free);
            pthread_mutex_unlock(&S.mu);
        }
        if (o->progress && t >= next_progress) {
            fill_stats(&S, st, t0);
            o->progress(st, 0, o->ctx);
            next_progress = t + interval;
        }
        if (finished)
            break;
    }
    if (err->code != XF_OK) {
        xf_db_rollback(db);
        xf_err e = *err;
        set_fatal(&S, &e);
    }
    for (int t = 0; t < started; t++)
        pthread_join(workers[t].tid, NULL);
    for (int c = 0; chunks && c < n_chunks; c++) {
        free(chunks[c].rows);
        free(chunks[c].arena);
        free(chunks[c].res);
    }
    free(chunks);
    free(workers);
    free(wrows);
    free(wout);
    free(S.bitmap);
    pthread_mutex_destroy(&S.mu);
    pthread_cond_destroy(&S.cv_filled);
    pthread_cond_destroy(&S.cv_free);
    fill_stats(&S, st, t0);
    st->writer_cpu = cpu_s() - cpu0;
    st->worker_cpu = 1e-9 * (double)atomic_load(&S.worker_ns);
    snprintf(st->first_error, sizeof st->first_error, "%s", S.first_error);
    const char *status = st->interrupted      ? "interrupted"
                         : err->code != XF_OK ? "failed"
                         : st->failed > 0 && st->stored + st->existed == 0 && st->skipped == 0
                             ? "failed"
                             : "partial";
    xf_err e2 = {0};
    xf_db_sweep_finish(db, sweep_id, status, err->code != XF_OK ? &e2 : err);
    if (o->progress)
        o->progress(st, 1, o->ctx);
    return err->code;
}
