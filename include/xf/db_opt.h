/* xf/db_opt.h - the rows of an optimize study in the results database (schema v6 tables
 * studies with kind 'optimize', study_front, study_constraints; see src/db/schema.c).
 *
 * The front's points are ordinary runs (stored with xf_db_insert_run); study_front flags
 * them with their workload group and best = 1 for the best point of each group. Every call
 * runs inside the caller's transaction when one is open.
 */
#ifndef XF_DB_OPT_H
#define XF_DB_OPT_H

#include "xf/db.h"

/* What a new studies row holds (text NULL and numbers < 0 are stored as NULL). */
typedef struct {
    const char *spec, *spec_hash, *arch, *model, *phase, *metric;
    long long seq, batch, context, tokens, sweep_id;
    int threads;
} xf_db_opt_study;

/* The newest optimize study with this spec_hash: *id (0 when none), and when found its
 * status and summary (caller frees; either may be NULL). */
int xf_db_opt_find(xf_db *db, const char *spec_hash, long long *id, char **status, char **summary,
                   xf_err *err);
/* The newest optimize study (*id = 0 when none). */
int xf_db_opt_latest(xf_db *db, long long *id, xf_err *err);
/* An optimize study by id: its status and summary (caller frees). XF_ERR_INPUT when there is
 * no study `id` or it is not an optimize study. */
int xf_db_opt_get(xf_db *db, long long id, char **status, char **summary, xf_err *err);
/* A new studies row, status "running". */
int xf_db_opt_create(xf_db *db, const xf_db_opt_study *s, long long *id, xf_err *err);
/* Status, samples, summary; finished = 1 stamps the finish time. */
int xf_db_opt_update(xf_db *db, long long id, const char *status, long long samples,
                     const char *summary, int finished, xf_err *err);
/* Replace the study's front rows by n runs (run_ids[i], its group, best flag). A run given
 * twice (two points with one identity) is one row, best when either is. */
int xf_db_opt_front_put(xf_db *db, long long id, int n, const long long *run_ids,
                        const char *const *grp, const int *best, xf_err *err);
/* One study_constraints row (replaced when there). */
int xf_db_opt_constraint(xf_db *db, long long id, const char *expr, long long evaluated,
                         long long violated, long long pruned, int binding, xf_err *err);
/* Delete a run that left the front, unless a sweep link or a study's front refers to it. */
int xf_db_opt_drop_run(xf_db *db, long long run_id, xf_err *err);
/* Every front row of a study with its run (id, point_idx, arch, model, phase, seq, batch,
 * context, params and the headline metrics are filled; text valid during the call), in run id
 * order. Stops when fn returns non-zero and returns that value. */
int xf_db_opt_front_each(xf_db *db, long long id,
                         int (*fn)(const xf_db_run *r, const char *grp, int best, void *ctx),
                         void *ctx, xf_err *err);

#endif
