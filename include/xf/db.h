/* xf/db.h - the results database (SQLite).
 *
 * One file (default results/xformer.db) holds every evaluated design point. It is a plain
 * SQLite database in WAL mode with foreign keys on; its schema version is PRAGMA user_version
 * (XF_DB_SCHEMA_VERSION) and its PRAGMA application_id is XF_DB_APP_ID, so any other SQLite
 * file is recognised and refused. Older versions are migrated in one transaction per step;
 * a file from a newer xformer is refused (XF_ERR_INPUT).
 *
 * Schema (version 1; README "Results database" documents every column):
 *   configs(hash, arch, source, text, created)        an architecture's resolved configuration
 *                                                     text before overrides, stored once by hash
 *   sweeps(id, spec_hash, spec, total_points, points_done, points_failed, status, shard,
 *          breakdowns, tool_version, started, finished)
 *   runs(id, point_hash, config_hash, base_hash -> configs, sweep_id -> sweeps, point_idx,
 *        arch, model, seq, batch, phase, context, dec_seq, head, latency_s, energy_j, area_mm2,
 * power_w, tops, tops_per_w, edp_js, nvm_writes, params, tool_version, created)
 *   sweep_links(sweep_id, point_idx, run_id)           points of a sweep whose run already
 *                                                     existed (stored by an earlier run)
 *   component_results(run_id, component, energy_j, area_mm2)
 *   layer_results(run_id, layer_idx, layer, instances, op_idx, op, engine, latency_s, busy_s,
 *                 energy_j)
 *   views: run_params(run_id, key, value)  every override of a run, one row each
 *          sweep_runs(sweep_id, point_idx, run_id)  every point of a sweep
 *
 * Identity. A run is unique by point_hash = H(config_hash, model, seq, dec_seq, batch, phase,
 * context, head); config_hash = H(base_hash, overrides sorted by key with canonical values);
 * base_hash = H(resolved configuration text before overrides). H is a 128-bit hash written
 * as 32 hex digits. Storing a point that exists already stores nothing (INSERT OR IGNORE on
 * the UNIQUE point_hash), so sweeps resume and merge without duplicates.
 *
 * Concurrency: several processes may write one file; writers take the lock with BEGIN
 * IMMEDIATE and wait up to XF_DB_BUSY_MS for it. An xf_db handle belongs to one thread.
 */
#ifndef XF_DB_H
#define XF_DB_H

#include "xf/arch.h"
#include "xf/err.h"
#include "xf/result.h"
#include "xf/workload.h"

#include <stddef.h>

#define XF_DB_SCHEMA_VERSION 6
#define XF_DB_APP_ID 0x58464D52 /* "XFMR" */
#define XF_DB_DEFAULT_PATH "results/xformer.db"
#define XF_DB_BUSY_MS 60000
#define XF_HASH_HEX 33 /* 32 hex digits + NUL */

typedef struct xf_db xf_db;

enum {
    XF_DB_READ = 0,   /* existing database, queries only */
    XF_DB_WRITE = 1,  /* existing database, read and write */
    XF_DB_CREATE = 3, /* read and write, created when missing (results/ too, for the default) */
};

/* Open (and create, migrate) a results database. NULL path = XF_DB_DEFAULT_PATH; the folder
 * of the default path is created on first use, any other folder must exist. Errors:
 * XF_ERR_INPUT for a file that is not an xformer database, a newer schema version, a missing
 * file with XF_DB_READ/WRITE or a missing folder; XF_ERR_RUNTIME for an unreadable or
 * unwritable file. */
int xf_db_open(const char *path, int mode, xf_db **out, xf_err *err);
void xf_db_close(xf_db *db);
const char *xf_db_path(const xf_db *db);
/* PRAGMA user_version of an open database. */
int xf_db_schema_version(xf_db *db);
/* PRAGMA integrity_check; XF_OK when "ok", else XF_ERR_RUNTIME with the first message. */
int xf_db_integrity(xf_db *db, xf_err *err);
/* PRAGMA quick_check: XF_OK when "ok"; XF_ERR_INPUT (damaged database) with SQLite's first
 * finding otherwise. xf_db_open runs it on an existing file opened for writing. */
int xf_db_quick_check(xf_db *db, xf_err *err);
/* Open path for reading and quick_check it: the inputs of db merge, before the output is
 * created (xf_db_merge itself checks only the header and schema of its input). */
int xf_db_check_file(const char *path, xf_err *err);
/* Limit the file size (PRAGMA max_page_count), for tests of a full disk. */
int xf_db_set_max_pages(xf_db *db, long long pages, xf_err *err);

/* Explicit write transactions (BEGIN IMMEDIATE ... COMMIT). Nested begin is an error. */
int xf_db_begin(xf_db *db, xf_err *err);
int xf_db_commit(xf_db *db, xf_err *err);
void xf_db_rollback(xf_db *db);

/* ---------------------------------------------------------------------- identity */

/* 128-bit hash (MurmurHash3 x64-128) of n bytes as 32 lower-case hex digits. */
void xf_hash_hex(const void *data, size_t n, char out[XF_HASH_HEX]);
/* Hash of a model's hyperparameters and name (a model file and the zoo model it copies
 * hash alike when every field and the name agree). */
void xf_model_key(const xf_model *m, char out[XF_HASH_HEX]);

/* Canonical overrides: "key=value" assignments sorted by key (a key given twice keeps its
 * last value), values canonical (an integer as %lld, another number as %.15g, any other text
 * verbatim). Fills config_hash = H(base_hash, canonical overrides) and, when json != NULL,
 * the overrides as a JSON object of strings ({"pe.adc_bits":"4"}; "{}" when none).
 * XF_ERR_INPUT for an assignment without '=' or an empty key; XF_ERR_RUNTIME when json is
 * too small. */
int xf_config_hash(const char *base_hash, const char *const *sets, int n_sets,
                   char config_hash[XF_HASH_HEX], char *json, size_t json_n, xf_err *err);
/* Canonical form of one value (see above). Returns buf. */
char *xf_canon_value(const char *value, char *buf, size_t n);
/* point_hash = the first 16 hex digits of config_hash followed by the first 16 of
 * H(config_hash, model_key, seq, dec_seq, batch, phase, context, head, bit widths): points of
 * one configuration are neighbours in the UNIQUE index, which keeps sweep inserts fast. */
void xf_point_hash(const char *config_hash, const char *model_key, const xf_wl_params *p,
                   char out[XF_HASH_HEX]);

/* Identity of a resolved configuration (src/db/resolved.c). The base is one architecture
 * file as built, without overrides: its hash covers XF_RESULTS_VERSION, every parameter the
 * build resolved (xf_arch_params_resolved: engine keys with their defaults, where each op
 * role runs, the root keys) and the values of every technology file it read (each file's
 * keys in SI, not its text: a comment changes nothing). A configuration is the base with
 * overrides; its hash covers the base's hash and the parameters whose resolved value differs
 * from the base's (and the technology files when they differ), so an override that sets a
 * key to the value it had changes nothing and the order of overrides does not matter. */
typedef struct xf_ident_base xf_ident_base;
/* spec as loaded without overrides, a its build. */
int xf_ident_base_new(const char *techlib, const xf_arch_spec *spec, const xf_arch *a,
                      xf_ident_base **out, xf_err *err);
void xf_ident_base_free(xf_ident_base *b);
const char *xf_ident_base_hash(const xf_ident_base *b);
/* The base's parameters (for the database's base_params). */
const xf_arch_param *xf_ident_base_params(const xf_ident_base *b, int *n);
/* The configuration (spec with its overrides, a its build): its hash and the parameters that
 * differ from the base as a JSON object sorted by key, numbers as numbers ({} when none). */
int xf_ident_config(const xf_ident_base *b, const char *techlib, const xf_arch_spec *spec,
                    const xf_arch *a, char hash[XF_HASH_HEX], char *json, size_t n, xf_err *err);

/* ------------------------------------------------------------------------ writing */

/* Store a base's resolved parameters once (no-op when present). */
int xf_db_put_base_params(xf_db *db, const char *base_hash, const xf_arch_param *p, int n,
                          xf_err *err);
/* Store an architecture's resolved configuration text once (no-op when present). */
int xf_db_put_config(xf_db *db, const char *hash, const char *arch, const char *source,
                     const char *text, xf_err *err);

/* One run row. Text fields must stay valid during the call. */
typedef struct {
    const char *point_hash, *config_hash, *base_hash;
    long long sweep_id;  /* 0: not part of a sweep */
    long long point_idx; /* index in the sweep's enumeration; -1 when none */
    const char *arch, *model, *phase;
    long long seq, batch, context, dec_seq;
    int head;
    double latency_s, energy_j, area_mm2, power_w, tops, tops_per_w, edp_js, nvm_writes;
    double power_density_w_per_cm2;
    int over_die, over_power; /* 1: the design exceeds the die or power-density limit */
    long long tokens;         /* generate: tokens generated (seq: the prompt); 0 otherwise */
    double ttft_s, tokens_per_s, energy_per_token_j; /* generate; NaN otherwise */
    const char *params;   /* JSON object of the overrides ("{}" when none) */
    const char *resolved; /* JSON object of the resolved parameters that differ from the
                             base (xf_ident_config); NULL or "{}" when none */
    const char *created;  /* UTC "YYYY-MM-DDTHH:MM:SSZ"; NULL = now */
} xf_db_row;

/* Fill the metric fields of a row from a result. */
void xf_db_row_metrics(xf_db_row *row, const xf_result *r);
/* Current UTC time as "YYYY-MM-DDTHH:MM:SSZ". Returns buf (>= 21 bytes). */
char *xf_db_now(char *buf, size_t n);

enum { XF_DB_STORED = 1, XF_DB_EXISTED = 2 };
/* Insert one run (inside xf_db_begin/commit, or alone in its own transaction). When the
 * point exists already nothing is stored; if the row belongs to a sweep, the sweep is linked
 * to the existing run. With breakdown != NULL a newly stored run also gets its
 * component_results and layer_results. *outcome (may be NULL) = XF_DB_STORED or
 * XF_DB_EXISTED; *run_id (may be NULL) = the id of the stored or existing run. */
int xf_db_insert_run(xf_db *db, const xf_db_row *row, const xf_result *breakdown, int *outcome,
                     long long *run_id, xf_err *err);

/* Insert n runs without breakdowns inside an open transaction; outcomes[i] (may be NULL) as
 * xf_db_insert_run's. Points stored before are linked to their sweep as in
 * xf_db_insert_run. */
int xf_db_insert_runs(xf_db *db, const xf_db_row *rows, int n, int *outcomes, xf_err *err);

/* Everything `xformer eval` knows about the point it evaluated. */
typedef struct {
    const char *arch;        /* architecture name (xf_arch.name) */
    const char *arch_source; /* file it came from (provenance); may be NULL */
    const char *base_text;   /* xf_arch_spec_text() BEFORE the --set overrides were applied */
    const char *const *sets; /* the --set assignments, in command-line order */
    int n_sets;
    const xf_workload *workload; /* model and parameters of the pass */
    /* What the identity is computed from: the techlib directory, the specification with its
     * overrides applied and its build (the base is the file at arch_source, built again). */
    const char *techlib;
    const xf_arch_spec *spec;
    const xf_arch *built;
} xf_run_meta;

/* Store one evaluated run in its own transaction: its configuration text (once), the run and,
 * when breakdowns, its component and layer results. *run_id may be NULL. */
int xf_db_store_run(xf_db *db, const xf_run_meta *meta, const xf_result *r, int breakdowns,
                    int *outcome, long long *run_id, xf_err *err);

/* ------------------------------------------------------------------------- sweeps */

typedef struct {
    long long id;
    const char *spec_hash, *spec, *status, *shard, *tool_version, *started, *finished;
    long long total_points, points_done, points_failed;
    int breakdowns;
} xf_db_sweep;

/* Find the sweep with this spec_hash or create it (status "running"). On return *sweep_id is
 * its id, *done the points it already has and *had_breakdowns (may be NULL) whether it was
 * run with breakdowns before. total = points of the whole sweep. */
/* A view sweep_ID: the sweep's runs with one column per varied parameter (its resolved value,
 * typed; keys as base_params names them), created once. */
int xf_db_sweep_view(xf_db *db, long long sweep_id, const char *const *keys, const int *numeric,
                     int n, xf_err *err);
int xf_db_sweep_open(xf_db *db, const char *spec_hash, const char *spec, long long total,
                     const char *shard, int breakdowns, long long *sweep_id, long long *done,
                     int *had_breakdowns, xf_err *err);
/* Call fn for every point index already stored for the sweep (runs and links). */
int xf_db_sweep_points(xf_db *db, long long sweep_id, void (*fn)(long long idx, void *ctx),
                       void *ctx, xf_err *err);
/* Add to the sweep's counters (inside the batch's transaction). */
int xf_db_sweep_progress(xf_db *db, long long sweep_id, long long done_add, long long failed,
                         xf_err *err);
/* Recount points_done from the stored points and set the status ("done" when every point is
 * stored, else the given status: "interrupted", "partial", "failed") and the finish time. */
int xf_db_sweep_finish(xf_db *db, long long sweep_id, const char *status, xf_err *err);
/* A sweep by id (fn called once) or every sweep, newest first (id = 0). XF_ERR_INPUT when a
 * given id does not exist. */
int xf_db_sweeps_each(xf_db *db, long long id, int (*fn)(const xf_db_sweep *s, void *ctx),
                      void *ctx, xf_err *err);

/* --------------------------------------------------------------------- studies */

/* A study (uncertainty, sensitivity, optimize; schema v6), as its command records it inside
 * one transaction (xf_db_begin ... xf_db_commit): xf_db_study_new (status 'running'), its
 * values, statistics or swings, then xf_db_study_finish. Text members may be NULL (stored as
 * NULL); sweep_id 0 when none. */
typedef struct {
    const char *kind, *spec, *spec_hash, *arch, *baseline, *model, *phase, *metric;
    long long seq, batch, context, tokens, samples, seed, threads, sweep_id;
} xf_db_study;

int xf_db_study_new(xf_db *db, const xf_db_study *s, long long *id, xf_err *err);
/* A ranged value the study drew from or swung (SI values, the file's unit for reference). */
int xf_db_study_param(xf_db *db, long long id, const char *name, double nominal, double lo,
                      double hi, const char *unit, const char *dist, const char *source,
                      xf_err *err);
/* v: nominal, mean, sd, p5, p50, p95 of metric for design (a label, or ratio:D/B). */
int xf_db_study_stat(xf_db *db, long long id, const char *design, const char *metric,
                     const double v[6], long long n, xf_err *err);
/* v: value lo, nominal, hi, metric lo, nominal, hi, elasticity; rank 1 = largest swing. */
int xf_db_study_swing(xf_db *db, long long id, const char *param, const char *metric, int rank,
                      const double v[7], xf_err *err);
int xf_db_study_finish(xf_db *db, long long id, const char *status, const char *summary,
                       xf_err *err);

/* One stored swing of a sensitivity study (text valid during the callback only). */
typedef struct {
    const char *param, *metric, *unit, *arch, *model;
    long long seq;
    int rank;
    double v_lo, v_nom, v_hi, m_lo, m_nom, m_hi, elasticity;
} xf_db_swing;
/* The swings of study `study` (0: the newest finished sensitivity study) by rank; fn returns
 * non-zero to stop. XF_ERR_INPUT when there is no such study or it has no swings; the study's
 * id into *study_out (may be NULL). */
int xf_db_study_swings(xf_db *db, long long study, int (*fn)(const xf_db_swing *w, void *ctx),
                       void *ctx, long long *study_out, xf_err *err);

/* -------------------------------------------------------------------- selecting */

#define XF_DB_MAX_WHERE 16

typedef enum { XF_CMP_EQ, XF_CMP_NE, XF_CMP_LT, XF_CMP_LE, XF_CMP_GT, XF_CMP_GE } xf_db_cmp;

typedef struct {
    int column;    /* index into xf_db_columns(), or -1 for a parameter */
    char key[128]; /* parameter key when column < 0 (pe.adc_bits; resolved against the
                      database: a quantity's unit suffix is converted to its SI key) */
    xf_db_cmp op;
    char value[256];
    int numeric; /* a parameter compared as a number (num), else as text (value) */
    double num;
} xf_db_where;

/* Which runs: a sweep, filters (AND), a limit, newest first or in table order. */
typedef struct {
    long long sweep_id; /* 0: any */
    int n_where;
    xf_db_where where[XF_DB_MAX_WHERE];
    long long limit; /* 0: all */
    int newest_first;
} xf_db_filter;

/* Filterable and plottable columns of runs, NULL-terminated: arch, model, seq, batch, phase,
 * context, latency_s, ..., nvm_writes, config_hash, point_hash, sweep, id, created. */
const char *const *xf_db_columns(void);
/* Index of a column name in xf_db_columns(), or -1. numeric (may be NULL) = 1 for a number. */
int xf_db_column(const char *name, int *numeric);
/* Parse "COLUMN OP VALUE" (OP one of = == != < <= > >=) into the filter. COLUMN is a column of
 * xf_db_columns() or an override key (contains a '.', e.g. pe.adc_bits). XF_ERR_INPUT with a
 * suggestion for an unknown column. The value is always bound as data, never SQL. */
int xf_db_filter_add(xf_db_filter *f, const char *expr, xf_err *err);

/* One run as read back. Text fields are valid only during the callback. */
typedef struct {
    long long id, sweep_id, point_idx;
    const char *point_hash, *config_hash, *base_hash, *arch, *model, *phase, *params, *created,
        *tool_version;
    long long seq, batch, context, dec_seq;
    int head;
    double latency_s, energy_j, area_mm2, power_w, tops, tops_per_w, edp_js, nvm_writes;
    double power_density_w_per_cm2;
    int over_die, over_power;
    long long tokens;                                /* generate; 0 otherwise */
    double ttft_s, tokens_per_s, energy_per_token_j; /* generate; NaN otherwise */
} xf_db_run;

/* Call fn for every matching run (stops when fn returns non-zero and returns that value). */
int xf_db_runs_each(xf_db *db, const xf_db_filter *f, int (*fn)(const xf_db_run *r, void *ctx),
                    void *ctx, xf_err *err);
/* Value of a numeric column of xf_db_columns() for a run (NaN for a text column). */
double xf_db_run_value(const xf_db_run *r, int column);
/* Count of matching runs. */
int xf_db_runs_count(xf_db *db, const xf_db_filter *f, long long *count, xf_err *err);

/* Energy and area per component of a run (XF_COMP_* order). *found = components stored. */
int xf_db_components(xf_db *db, long long run_id, double energy_j[XF_COMP_COUNT],
                     double area_mm2[XF_COMP_COUNT], int *found, xf_err *err);
/* Value of an override key in a run's params JSON, or NULL; copies into buf. */
const char *xf_db_param(const char *params_json, const char *key, char *buf, size_t n);
/* Call fn(key, value) for every override in a params JSON object, in stored (key) order;
 * stops and returns fn's value when it is non-zero; -1 when the text is not such an object. */
int xf_db_params_each(const char *params_json,
                      int (*fn)(const char *key, const char *value, void *ctx), void *ctx);
/* The stored configuration text of base hash `hash` (caller frees). XF_ERR_INPUT when absent. */
int xf_db_config_text(xf_db *db, const char *hash, char **text, xf_err *err);

/* A selection of runs in memory, each with a design label: its arch followed by the
 * overrides whose values differ between the selected runs of that arch ("xformer
 * pe.adc_bits=6"), " b=N" for a batch other than 1 and " decode ctx=T" in decode. */
typedef struct {
    xf_db_run r; /* strings owned by the selection */
    char *label;
} xf_db_sel_run;

typedef struct {
    xf_db_sel_run *runs;
    int n, cap;
    xf_db *db; /* the database it came from (xf_db_sel_param); valid while it is open */
} xf_db_sel;

/* The resolved value of parameter `key` for run i of the selection: its configuration's own,
 * else its base's (a run that set nothing still has every parameter). 1 when found; *num is
 * set for a number (else NaN), text (may be NULL) gets the value as text. */
int xf_db_sel_param(const xf_db_sel *s, int i, const char *key, double *num, char *text, size_t n);

/* Load the matching runs in id order (XF_ERR_INPUT when none match or more than max). */
int xf_db_select(xf_db *db, const xf_db_filter *f, int max, xf_db_sel *out, xf_err *err);
/* A --baseline: a label of the selection, or an arch that has a single label in it. */
int xf_db_sel_baseline(const xf_db_sel *s, const char *baseline, const char **label, xf_err *err);
void xf_db_sel_free(xf_db_sel *s);

/* ----------------------------------------------------------------------- merging */

/* Fold the database at in_path into db (configs, sweeps by spec_hash, runs by point_hash with
 * their breakdowns and sweep links) in one transaction; nothing is duplicated. *added
 * (may be NULL) = runs added. XF_ERR_INPUT when in_path is not an xformer database, has a
 * newer schema, or is the same file as db. */
int xf_db_merge(xf_db *db, const char *in_path, long long *added, xf_err *err);

#endif
