/* xf/optimize.h - the best design under a budget: an exhaustive search of a sweep's grid for
 * the point that is best by an objective among the points that meet every constraint, with the
 * Pareto front (latency, energy, area) of the feasible points, per workload group.
 *
 * The grid is a prepared xf_sweep_spec evaluated by xf_sweep_run with a sink: the rows reach
 * the optimiser in point-index order in the calling thread; only the fronts, the best point
 * of each group and the best point ignoring each constraint are kept in memory.
 *
 * Groups: points are compared only within one workload (model, seq, phase, batch and, in
 * decode, context). Objective: edp (latency x energy), latency, energy (minimised) or
 * tops_per_w (maximised). Ties on the objective are broken by latency, then energy, then
 * area, then the lower point index, so the best point is always on its group's front (for
 * tops_per_w the front has tops_per_w as a fourth axis).
 *
 * Constraints: "METRIC OP BOUND", METRIC a numeric result column of runs (xf_opt_metrics),
 * OP one of < <= > >=, BOUND a finite number in the column's unit. A point whose metric is
 * unknown (NaN: a GPU's area) violates the constraint. A constraint binds (in a group) when
 * the best point that meets every other constraint violates it. No pruning: every point of
 * the grid is evaluated (study_constraints.pruned is 0).
 *
 * Storing (the results database): a studies row (kind optimize) with the answer in its summary
 * JSON, the front points as runs (every point too with store_all) flagged in study_front, and
 * one study_constraints row per constraint.
 *
 * Resuming: at every commit of the sweep's batches the study row records a watermark W (every
 * point below W has been counted, none above), the counters, the best points and the front
 * (its runs and study_front rows), all in the batch's transaction. Running the same optimize
 * again (same grid, objective, constraints and store mode: the study's spec_hash) continues
 * from W with that state, which is exactly the state an uninterrupted run has at W, so the
 * answer is the same. A study that is done is reported again without evaluating anything.
 */
#ifndef XF_OPTIMIZE_H
#define XF_OPTIMIZE_H

#include "xf/db.h"
#include "xf/err.h"
#include "xf/sweep.h"

#define XF_OPT_MAX_CONS 16
#define XF_OPT_MAX_GROUPS 4096
#define XF_OPT_N_METRICS 12

typedef enum {
    XF_OBJ_EDP,
    XF_OBJ_LATENCY,
    XF_OBJ_ENERGY,
    XF_OBJ_TOPS_PER_W,
    XF_OBJ_COUNT
} xf_objective;

const char *xf_objective_name(xf_objective o); /* "edp", "latency", "energy", "tops_per_w" */
/* XF_ERR_INPUT with a did-you-mean for an unknown name. */
int xf_objective_parse(const char *name, xf_objective *out, xf_err *err);
/* The metric an objective reads (index into xf_opt_metrics). */
int xf_objective_metric(xf_objective o);

/* The metrics constraints may name (NULL-terminated): latency_s, energy_j, area_mm2, power_w,
 * tops, tops_per_w, edp_js, nvm_writes, power_density_w_per_cm2, ttft_s, tokens_per_s,
 * energy_per_token_j. */
const char *const *xf_opt_metrics(void);
/* Metric m of a row. */
double xf_opt_metric(const xf_db_row *r, int m);

typedef enum { XF_OPT_LT, XF_OPT_LE, XF_OPT_GT, XF_OPT_GE } xf_opt_op;

typedef struct {
    char expr[96]; /* canonical: "area_mm2<=858" */
    int metric;
    xf_opt_op op;
    double bound;
} xf_opt_constraint;

/* Parse "METRIC OP BOUND" (spaces allowed around OP). XF_ERR_INPUT naming the constraint for
 * an unknown metric (with a did-you-mean), a malformed operator, or a bound that is not a
 * finite number. */
int xf_opt_constraint_parse(const char *text, xf_opt_constraint *out, xf_err *err);
/* 1 when value v meets c (NaN never does). */
int xf_opt_meets(const xf_opt_constraint *c, double v);

typedef struct {
    xf_objective objective;
    int n_cons;
    xf_opt_constraint cons[XF_OPT_MAX_CONS];
    int store_all; /* store every evaluated point as a run (a sweep's store) */
    int threads;   /* workers; 0 = online cores */
    long long batch_rows;
    double batch_seconds;
    int chunk_rows;
    void (*progress)(const xf_sweep_stats *st, int final, void *ctx);
    void *ctx;
    double progress_interval;
    volatile sig_atomic_t *stop;
} xf_opt_opts;

/* A point of the answer. */
typedef struct {
    int found;
    long long idx;              /* its point index in the grid */
    double m[XF_OPT_N_METRICS]; /* every metric, xf_opt_metrics order */
    char *params;               /* its overrides as JSON ({"pe.adc_bits":"6"}) */
} xf_opt_point;

typedef struct {
    char name[192]; /* "bert-base seq=128 prefill batch=1" */
    char model[64];
    const char *model_ptr; /* the spec's name of the model (rows point to it) */
    long long seq, batch, context;
    long long evaluated, feasible, front;
    xf_opt_point best;
    xf_opt_point without[XF_OPT_MAX_CONS]; /* best meeting every constraint but c */
} xf_opt_group;

typedef struct {
    long long study_id, sweep_id;
    long long total, watermark, evaluated, failed;
    int resumed;      /* continued a study stored before */
    int already_done; /* the study was done: nothing evaluated */
    int interrupted;
    int n_groups;
    xf_opt_group *groups;
    long long evaluated_c[XF_OPT_MAX_CONS], violated_c[XF_OPT_MAX_CONS];
    int binding[XF_OPT_MAX_CONS]; /* in some group */
    long long front_size;
    xf_sweep_stats st;
    char *summary; /* the studies.summary JSON */
} xf_opt_result;

/* Canonical text of the study (stored in studies.spec) for a prepared spec and options.
 * Caller frees. */
char *xf_opt_spec_text(const xf_sweep_spec *s, const xf_opt_opts *o);

/* Run (or resume) the optimisation of prepared spec s into db. XF_OK when done or
 * interrupted (r->interrupted); XF_ERR_RUNTIME on a database failure. */
int xf_optimize(xf_sweep_spec *s, xf_db *db, const xf_opt_opts *o, xf_opt_result *r, xf_err *err);
void xf_opt_result_free(xf_opt_result *r);

#endif
