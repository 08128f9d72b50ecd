/* Internal types of the sweep runner (sweep_run.c, sweep_workers.c, sweep_point.c): the rows a
 * worker evaluates, the chunks they travel in, the state the threads share and one worker's
 * caches. Not a public header. */
#ifndef XF_SWEEP_WORK_H
#define XF_SWEEP_WORK_H

#include "sweep_int.h"
#include "xf/eval.h"

#include <pthread.h>
#include <stdatomic.h>

#define CHUNK_ROWS 256   /* points per work unit */
#define CHUNK_ROWS_BD 16 /* with breakdowns (a full xf_result per row) */
#define MAX_THREADS 256
#define N_METRICS 11

typedef struct {
    long long idx;
    int arch, model;
    long long seq, batch, context, dec_seq;
    int head;
    double m[N_METRICS];
    long long tokens; /* a generation's; 0 otherwise */
    double gen[3];    /* ttft, tokens/s, J/token (NaN unless a generation) */
    char point_hash[XF_HASH_HEX], config_hash[XF_HASH_HEX];
    char *params;
    char *resolved;
} srow;

typedef struct chunk {
    struct chunk *next;
    int n;
    long long processed;
    long long j0, j1; /* the shard indices it covers */
    srow *rows;
    xf_result *res; /* breakdowns only */
    char *arena;    /* per row: params JSON (params_max bytes), then resolved (resolved_max) */
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
    char *resolved; /* its parameters that differ from the base, JSON */
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

/* sweep_workers.c; xf_sweep_cpu_s: the calling thread's CPU time, s */
double xf_sweep_cpu_s(void);
void xf_sweep_record_error(shared *S, const xf_err *e);
void xf_sweep_set_fatal(shared *S, const xf_err *e);
void *xf_sweep_worker_main(void *arg);
chunk *xf_sweep_take_free(shared *S);
void xf_sweep_give_free(shared *S, chunk *c);

/* sweep_point.c: evaluate point i into row (and res), its overrides' JSON into params_slot. */
int xf_sweep_eval_point(worker *W, long long i, srow *row, xf_result *res, char *params_slot,
                        xf_err *err);

#endif
