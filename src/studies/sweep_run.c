/* The sweep runner: worker threads (sweep_workers.c) evaluate chunks of points
 * (sweep_point.c), the calling thread stores them in batched transactions (see xf/sweep.h),
 * resumes from what is stored and reports progress.
 *
 * Invariant: the calling thread is the only writer of the database. */
#include "sweep_work.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
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

static void fill_rows(shared *S, const chunk *c, long long sweep_id, const char *created,
                      xf_db_row *rows, int *outcomes)
{
    xf_sweep_spec *s = S->s;
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
        row->power_density_w_per_cm2 = x->m[8];
        row->over_die = (int)x->m[9];
        row->over_power = (int)x->m[10];
        row->tokens = x->tokens;
        row->ttft_s = x->gen[0];
        row->tokens_per_s = x->gen[1];
        row->energy_per_token_j = x->gen[2];
        row->params = x->params;
        row->resolved = x->resolved;
        row->created = created;
        outcomes[r] = 0;
    }
}

static int store_chunk(xf_db *db, shared *S, chunk *c, long long sweep_id, const char *created,
                       xf_db_row *rows, int *outcomes, xf_sweep_stats *st, long long *tx_new,
                       int filled, xf_err *err)
{
    if (c->n == 0)
        return XF_OK;
    if (!filled)
        fill_rows(S, c, sweep_id, created, rows, outcomes);
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
    if (o->sink && (N > 1 || o->breakdowns))
        return xf_err_set(err, XF_ERR_INPUT, "a sink run takes no shard and no breakdowns");
    long long todo = s->total > K - 1 ? (s->total - K) / N + 1 : 0;
    long long start = o->sink && o->start > 0 ? (o->start < todo ? o->start : todo) : 0;
    char shard[48] = "";
    if (N > 1)
        snprintf(shard, sizeof shard, "%lld/%lld", K, N);
    /* record the sweep and the configurations it uses */
    for (int a = 0; a < s->n_archs; a++) {
        int np;
        const xf_arch_param *bp = xf_ident_base_params(s->ident[a], &np);
        if (xf_db_put_config(db, s->base_hash[a], s->arch_name[a], s->arch_file[a], s->base_text[a],
                             err) != XF_OK ||
            xf_db_put_base_params(db, s->base_hash[a], bp, np, err) != XF_OK)
            return err->code;
    }
    long long sweep_id = 0, done = 0;
    int had_bd = 0;
    if (xf_db_sweep_open(db, s->spec_hash, s->spec_text, s->total, shard, o->breakdowns, &sweep_id,
                         &done, &had_bd, err) != XF_OK)
        return err->code;
    /* the wide view: the swept keys as its base names them (a quantity by its SI key) */
    {
        const char *keys[XF_SWEEP_MAX_SETS];
        char names[XF_SWEEP_MAX_SETS][128];
        int numeric[XF_SWEEP_MAX_SETS], n = 0;
        int np;
        const xf_arch_param *bp = xf_ident_base_params(s->ident[0], &np);
        for (int k = 0; k < s->n_sets; k++) {
            const char *key = s->sets[k].key, *us = strrchr(key, '_');
            int found = -1;
            for (int i = 0; i < np && found < 0; i++)
                if (strcmp(bp[i].key, key) == 0 ||
                    (us && strncmp(bp[i].key, key, (size_t)(us - key)) == 0 &&
                     bp[i].key[us - key] == '\0' && bp[i].unit[0]))
                    found = i;
            snprintf(names[n], sizeof names[n], "%s", found >= 0 ? bp[found].key : key);
            numeric[n] = found >= 0 ? bp[found].is_num : 0;
            keys[n] = names[n];
            n++;
        }
        if (xf_db_sweep_view(db, sweep_id, keys, numeric, n, err) != XF_OK)
            return err->code;
    }
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
    atomic_init(&S.next, start);
    atomic_init(&S.evaluated, 0);
    atomic_init(&S.failed, 0);
    atomic_init(&S.stop, 0);
    atomic_init(&S.worker_ns, 0);
    double cpu0 = xf_sweep_cpu_s();
    if (done > 0 && todo > 0 && !o->sink) {
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
    long long remaining = todo - st->skipped - start;
    st->skipped += start;
    if ((long long)threads * S.chunk_rows > remaining)
        threads = (int)((remaining + S.chunk_rows - 1) / S.chunk_rows);
    if (threads < 1)
        threads = remaining > 0 ? 1 : 0;
    int n_chunks = 2 * threads + 2;
    chunk *chunks = calloc((size_t)n_chunks, sizeof *chunks);
    /* sink: chunks that finished before the ones below them wait here (at most n_chunks) */
    chunk **held = calloc((size_t)n_chunks, sizeof *held);
    int n_held = 0;
    long long watermark = start;
    worker *workers = calloc((size_t)(threads > 0 ? threads : 1), sizeof *workers);
    xf_db_row *wrows = calloc((size_t)S.chunk_rows, sizeof *wrows);
    int *wout = calloc((size_t)S.chunk_rows, sizeof *wout);
    int ok = chunks && workers && wrows && wout && held;
    for (int c = 0; ok && c < n_chunks; c++) {
        chunks[c].rows = malloc((size_t)S.chunk_rows * sizeof *chunks[c].rows);
        chunks[c].arena = malloc((size_t)S.chunk_rows * s->slot);
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
            if (pthread_create(&workers[t].tid, NULL, xf_sweep_worker_main, &workers[t]) != 0) {
                pthread_mutex_lock(&S.mu);
                S.active -= threads - t;
                pthread_mutex_unlock(&S.mu);
                xf_err e = {0};
                xf_err_set(&e, XF_ERR_RUNTIME, "cannot start worker thread %d", t + 1);
                xf_sweep_set_fatal(&S, &e);
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
        if (c && o->sink) {
            /* in index order: hold it until the chunks below it have gone to the sink */
            held[n_held++] = c;
            int rc = XF_OK;
            for (int h = 0; h < n_held && rc == XF_OK;) {
                chunk *d = held[h];
                if (d->j0 != watermark) {
                    h++;
                    continue;
                }
                held[h] = held[--n_held];
                h = 0;
                if (!tx_open) {
                    if ((rc = xf_db_begin(db, err)) != XF_OK) {
                        xf_sweep_give_free(&S, d);
                        break;
                    }
                    tx_open = 1;
                    tx_start = now_s();
                    xf_db_now(created, sizeof created);
                }
                fill_rows(&S, d, sweep_id, created, wrows, wout);
                rc = o->sink(wrows, d->n, d->processed, o->sink_ctx, err);
                if (rc == XF_OK && o->sink_store)
                    rc =
                        store_chunk(db, &S, d, sweep_id, created, wrows, wout, st, &tx_new, 1, err);
                else if (rc == XF_OK)
                    tx_new += d->n;
                tx_rows += d->n;
                watermark = d->j1;
                xf_sweep_give_free(&S, d);
            }
            if (rc != XF_OK)
                break;
        } else if (c) {
            if (c->n > 0 && !tx_open) {
                if (xf_db_begin(db, err) != XF_OK) {
                    xf_sweep_give_free(&S, c);
                    break;
                }
                tx_open = 1;
                tx_start = now_s();
                xf_db_now(created, sizeof created);
            }
            int rc = store_chunk(db, &S, c, sweep_id, created, wrows, wout, st, &tx_new, 0, err);
            tx_rows += c->n;
            xf_sweep_give_free(&S, c);
            if (rc != XF_OK)
                break;
        }
        double t = now_s();
        if (tx_open && (tx_rows >= batch_rows || t - tx_start >= batch_s || finished)) {
            if ((o->checkpoint && o->checkpoint(db, watermark, o->sink_ctx, err) != XF_OK) ||
                xf_db_sweep_progress(db, sweep_id, tx_new, atomic_load(&S.failed), err) != XF_OK ||
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
        xf_sweep_set_fatal(&S, &e);
    }
    for (int t = 0; t < started; t++)
        pthread_join(workers[t].tid, NULL);
    for (int c = 0; chunks && c < n_chunks; c++) {
        free(chunks[c].rows);
        free(chunks[c].arena);
        free(chunks[c].res);
    }
    free(chunks);
    free(held);
    free(workers);
    free(wrows);
    free(wout);
    free(S.bitmap);
    pthread_mutex_destroy(&S.mu);
    pthread_cond_destroy(&S.cv_filled);
    pthread_cond_destroy(&S.cv_free);
    fill_stats(&S, st, t0);
    st->writer_cpu = xf_sweep_cpu_s() - cpu0;
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
