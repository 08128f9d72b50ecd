/* xf/sweep.h - parameter sweeps: value ranges, the Cartesian product of design points, and a
 * multi-threaded runner that stores every point in the results database.
 *
 * Value syntax (one --set KEY=VALUES, --seq, --batch or --context):
 *   a,b,c          a list (numbers or text; no escaping of ',')
 *   lo..hi+step    arithmetic: lo, lo+step, ... <= hi (step > 0)
 *   lo..hi*factor  geometric:  lo, lo*factor, ... <= hi (lo > 0, factor > 1)
 * When lo, hi and step/factor are all integers the values are computed exactly in 64-bit
 * integers; otherwise in double precision, printed with 15 significant digits (so
 * 0.1..1+0.1 ends at 1). A value that is a number is stored in its canonical form
 * (xf_canon_value: 1.0 -> 1, 1e3 -> 1000).
 *
 * Points: the product of archs x every --set x models x seq x batch x context, enumerated
 * with the last factor varying fastest; a point's index in that order is its point_idx.
 * Nothing is materialised: point i is decoded from i, so a sweep of any size streams.
 *
 * Resuming: the sweep is recorded by the hash of its specification (and of the
 * configurations and models it uses); running the same sweep again skips the points already
 * stored (their indices are loaded into a bitmap, total/8 bytes) and the database's UNIQUE
 * point identity guarantees that no point is stored twice.
 *
 * Threads: `threads` workers evaluate chunks of points (each keeps its own copy of every
 * architecture configuration and a cache of workloads); the calling thread is the only writer
 * and commits in batches of batch_rows rows or batch_seconds, whichever comes first.
 */
#ifndef XF_SWEEP_H
#define XF_SWEEP_H

#include "xf/arch.h"
#include "xf/db.h"
#include "xf/err.h"
#include "xf/result.h"
#include "xf/workload.h"

#include <signal.h>
#include <stddef.h>

#define XF_SWEEP_MAX_POINTS 1000000000LL /* points of one sweep */
#define XF_SWEEP_MAX_SETS 32             /* --set dimensions */
#define XF_SWEEP_MAX_LIST 100000         /* items of one list */
#define XF_SWEEP_MAX_NAMES 64            /* archs, models */

/* ----------------------------------------------------------------------- ranges */

typedef enum { XF_RANGE_LIST, XF_RANGE_ARITH, XF_RANGE_GEOM } xf_range_kind;

typedef struct {
    xf_range_kind kind;
    int integer;               /* ARITH/GEOM with exact 64-bit integer values */
    double lo, hi, step;       /* step: increment (ARITH) or factor (GEOM) */
    long long ilo, ihi, istep; /* the same when integer */
    long long count;           /* number of values (>= 1) */
    int n_items;               /* LIST: canonical items */
    char **items;
} xf_range;

/* Parse VALUES for `what` (used in messages, e.g. "--set pe.adc_bits" or "--seq"). Errors
 * (XF_ERR_INPUT): empty text or item, a range without lower or upper bound (1.., ..5), a
 * range without +step or *factor, lo > hi, step <= 0, factor <= 1, lo <= 0 in a geometric
 * range, a non-numeric or non-finite bound, more than XF_SWEEP_MAX_POINTS values. */
int xf_range_parse(const char *text, const char *what, xf_range *out, xf_err *err);
void xf_range_free(xf_range *r);
/* Value i (0 <= i < count) as canonical text. Returns buf. */
char *xf_range_value(const xf_range *r, long long i, char *buf, size_t n);
/* Value i as a number (NaN for a list item that is not one). */
double xf_range_number(const xf_range *r, long long i);

/* ------------------------------------------------------------------ sweep spec */

typedef struct xf_sweep_spec xf_sweep_spec;

int xf_sweep_spec_new(const char *techlib_dir, xf_sweep_spec **out, xf_err *err);
void xf_sweep_spec_free(xf_sweep_spec *s);
/* Add one dimension. what = "arch" or "model" (comma-separated names), "seq", "batch",
 * "context" (VALUES), or "set" (text "KEY=VALUES"; KEY seq, batch, context, model or arch
 * is the same as that dimension). A dimension given twice is an error. */
int xf_sweep_add(xf_sweep_spec *s, const char *what, const char *text, xf_err *err);
void xf_sweep_set_phase(xf_sweep_spec *s, xf_phase phase);
/* Phase generate: every point generates `tokens` tokens after a prefill of seq (the prompt). */
void xf_sweep_set_tokens(xf_sweep_spec *s, long long tokens);
void xf_sweep_set_head(xf_sweep_spec *s, int head);
/* Load every architecture and model, check every --set value against every architecture
 * (values of long ranges: first, middle and last), check the workloads at the extremes of
 * seq/batch/context, count the points and compute the spec hash. XF_ERR_INPUT on any
 * problem, before anything is written anywhere. */
int xf_sweep_prepare(xf_sweep_spec *s, xf_err *err);

long long xf_sweep_total(const xf_sweep_spec *s);
/* Canonical one-line description (stored in sweeps.spec) and its hash. */
const char *xf_sweep_spec_text(const xf_sweep_spec *s);
const char *xf_sweep_spec_hash(const xf_sweep_spec *s);

/* Point i decoded (for listings and tests). Strings point into the spec or into buf. */
typedef struct {
    const char *arch, *model;
    long long seq, batch, context;
    int n_sets;
    const char *set_key[XF_SWEEP_MAX_SETS];
    char set_value[XF_SWEEP_MAX_SETS][64];
} xf_sweep_point;
int xf_sweep_point_at(const xf_sweep_spec *s, long long i, xf_sweep_point *p, xf_err *err);

/* ---------------------------------------------------------------------- running */

typedef struct {
    long long sweep_id;
    long long total;   /* points of the whole sweep */
    long long todo;    /* points of this shard */
    long long skipped; /* found stored at start (not evaluated again) */
    long long evaluated;
    long long stored;  /* newly stored */
    long long existed; /* evaluated, but another run had stored the point: linked */
    long long failed;  /* evaluation failed (not stored) */
    long long committed;
    double elapsed;                /* s since the start of this execution */
    double writer_cpu, worker_cpu; /* s of CPU time: the storing thread, all workers */
    int interrupted;               /* 1: stopped by *stop */
    char first_error[XF_ERR_MSG_LEN];
} xf_sweep_stats;

typedef struct {
    int threads;          /* workers; 0 = online cores */
    int shard_k, shard_n; /* run points with index % shard_n == shard_k - 1; 0 = all */
    int breakdowns;       /* store component_results and layer_results too */
    long long batch_rows; /* rows per transaction; 0 = 100000 */
    double batch_seconds; /* and at most this long; 0 = 1 s */
    int chunk_rows;       /* points per work unit; 0 = 256 (16 with breakdowns) */
    /* Called from the calling thread every progress_interval seconds and once at the end. */
    void (*progress)(const xf_sweep_stats *st, int final, void *ctx);
    void *ctx;
    double progress_interval; /* 0 = 0.2 s */
    /* When non-NULL and *stop becomes non-zero: stop evaluating, store and commit what is
     * evaluated, mark the sweep "interrupted" and return XF_OK with stats.interrupted = 1. */
    volatile sig_atomic_t *stop;
    /* A sink (optimize): when non-NULL, every evaluated chunk of rows goes to sink in the
     * calling thread, in point-index order (chunks that finish early wait for those before
     * them), instead of to the database (or as well, with sink_store). `processed` counts
     * the points of the chunk including failed ones. No shard, no breakdowns, no resume
     * bitmap: the run starts at point `start` and a resumed sink run passes the watermark its
     * last checkpoint saw. checkpoint (may be NULL) is called inside each batch's transaction
     * just before it commits, with the watermark: every point below it has gone to the sink,
     * none above it has. A non-zero return of either stops the run with that error. */
    int (*sink)(const xf_db_row *rows, int n, long long processed, void *ctx, xf_err *err);
    int (*checkpoint)(xf_db *db, long long watermark, void *ctx, xf_err *err);
    void *sink_ctx;
    int sink_store;  /* with sink: also store every row as a sweep does */
    long long start; /* with sink: the first point index to evaluate */
} xf_sweep_opts;

/* Run the prepared sweep into db. Returns XF_OK when every point of the shard is stored or
 * has failed (stats.failed, stats.first_error), or when interrupted; XF_ERR_RUNTIME on a
 * database failure (committed batches stay, the sweep resumes from them). */
int xf_sweep_run(xf_sweep_spec *s, xf_db *db, const xf_sweep_opts *o, xf_sweep_stats *st,
                 xf_err *err);

/* ------------------------------------------------------------- configurations */

/* The resolved configuration text of an architecture before overrides, as stored in the
 * configs table: the architecture file as xf_arch_spec_text() writes it, followed by every
 * technology file it names ("# ---- technology file: nvm/reram.cfg ----" and the file).
 * Caller frees. */
char *xf_sweep_base_text(const char *techlib_dir, const xf_arch_spec *s, xf_err *err);
/* Re-evaluate stored run run_id from its stored configuration text and overrides (zoo models
 * only). XF_ERR_INPUT when the technology files changed since the run was stored. */
int xf_sweep_rerun(xf_db *db, const char *techlib_dir, long long run_id, xf_result *out,
                   xf_err *err);

#endif
