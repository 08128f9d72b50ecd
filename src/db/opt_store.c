/* The rows of an optimize study (see xf/db_opt.h): the studies row, its front (study_front,
 * runs flagged with their group and best point) and its constraints (study_constraints).
 * Why apart from store.c: a study is not a run; these statements are few and run once per
 * checkpoint, so they are prepared per call. Invariant: user text is always bound as data. */
#include "schema.h"
#include "xf/db_opt.h"
#include "xf/version.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *dup_col(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? strdup((const char *)t) : NULL;
}

static int one_study(xf_db *db, const char *sql, const char *text, long long id, long long *out,
                     char **status, char **summary, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading the studies", err);
    if (text)
        sqlite3_bind_text(st, 1, text, -1, SQLITE_TRANSIENT);
    else if (id > 0)
        sqlite3_bind_int64(st, 1, id);
    *out = 0;
    if (status)
        *status = NULL;
    if (summary)
        *summary = NULL;
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        *out = sqlite3_column_int64(st, 0);
        if (status)
            *status = dup_col(st, 1);
        if (summary)
            *summary = dup_col(st, 2);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? XF_OK : xf_db_fail(db, rc, "reading the studies", err);
}

int xf_db_opt_find(xf_db *db, const char *spec_hash, long long *id, char **status, char **summary,
                   xf_err *err)
{
    return one_study(db,
                     "SELECT id, status, summary FROM studies WHERE kind = 'optimize' AND "
                     "spec_hash = ?1 ORDER BY id DESC LIMIT 1",
                     spec_hash, 0, id, status, summary, err);
}

int xf_db_opt_latest(xf_db *db, long long *id, xf_err *err)
{
    return one_study(db,
                     "SELECT id, status, summary FROM studies WHERE kind = 'optimize' "
                     "ORDER BY id DESC LIMIT 1",
                     NULL, 0, id, NULL, NULL, err);
}

int xf_db_opt_get(xf_db *db, long long id, char **status, char **summary, xf_err *err)
{
    long long got = 0;
    if (one_study(db, "SELECT id, status, summary FROM studies WHERE kind = 'optimize' AND id = ?1",
                  NULL, id, &got, status, summary, err) != XF_OK)
        return err->code;
    if (got == 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--study %lld: no optimize study with that id in %s (xformer runs "
                          "lists them)",
                          id, db->path);
    return XF_OK;
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *t)
{
    if (t)
        sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

int xf_db_opt_create(xf_db *db, const xf_db_opt_study *s, long long *id, xf_err *err)
{
    xf_db_study rec = {.kind = "optimize",
                       .spec = s->spec,
                       .spec_hash = s->spec_hash,
                       .arch = s->arch,
                       .model = s->model,
                       .phase = s->phase,
                       .metric = s->metric,
                       .seq = s->seq,
                       .batch = s->batch,
                       .context = s->context,
                       .tokens = s->tokens,
                       .threads = s->threads,
                       .sweep_id = s->sweep_id > 0 ? s->sweep_id : 0};
    return xf_db_study_new(db, &rec, id, err);
}

int xf_db_opt_update(xf_db *db, long long id, const char *status, long long samples,
                     const char *summary, int finished, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "UPDATE studies SET status = ?2, samples = ?3, summary = ?4, "
                                "finished = CASE WHEN ?5 THEN ?6 ELSE finished END WHERE id = ?1",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "updating the study", err);
    char now[32];
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, status, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, samples);
    bind_text_or_null(st, 4, summary);
    sqlite3_bind_int(st, 5, finished);
    sqlite3_bind_text(st, 6, xf_db_now(now, sizeof now), -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? XF_OK : xf_db_fail(db, rc, "updating the study", err);
}

int xf_db_opt_front_put(xf_db *db, long long id, int n, const long long *run_ids,
                        const char *const *grp, const int *best, xf_err *err)
{
    sqlite3_stmt *del = NULL, *ins = NULL;
    int rc =
        sqlite3_prepare_v2(db->h, "DELETE FROM study_front WHERE study_id = ?1", -1, &del, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db->h,
                                "INSERT INTO study_front(study_id, run_id, grp, best) VALUES "
                                "(?1, ?2, ?3, ?4) ON CONFLICT(study_id, run_id) DO UPDATE SET "
                                "best = max(best, excluded.best)",
                                -1, &ins, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(del, 1, id);
        rc = sqlite3_step(del) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
    }
    for (int i = 0; i < n && rc == SQLITE_OK; i++) {
        sqlite3_bind_int64(ins, 1, id);
        sqlite3_bind_int64(ins, 2, run_ids[i]);
        sqlite3_bind_text(ins, 3, grp[i], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(ins, 4, best[i] ? 1 : 0);
        rc = sqlite3_step(ins) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
        sqlite3_reset(ins);
    }
    sqlite3_finalize(del);
    sqlite3_finalize(ins);
    return rc == SQLITE_OK ? XF_OK : xf_db_fail(db, rc, "storing the Pareto front", err);
}

int xf_db_opt_constraint(xf_db *db, long long id, const char *expr, long long evaluated,
                         long long violated, long long pruned, int binding, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "INSERT OR REPLACE INTO study_constraints(study_id, expr, "
                                "evaluated, violated, pruned, binding) VALUES (?1, ?2, ?3, ?4, "
                                "?5, ?6)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "storing a constraint", err);
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_text(st, 2, expr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, evaluated);
    sqlite3_bind_int64(st, 4, violated);
    sqlite3_bind_int64(st, 5, pruned);
    sqlite3_bind_int(st, 6, binding);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? XF_OK : xf_db_fail(db, rc, "storing a constraint", err);
}

int xf_db_opt_drop_run(xf_db *db, long long run_id, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "DELETE FROM runs WHERE id = ?1 AND NOT EXISTS (SELECT 1 FROM "
                                "sweep_links WHERE run_id = ?1) AND NOT EXISTS (SELECT 1 FROM "
                                "study_front WHERE run_id = ?1) AND NOT EXISTS (SELECT 1 FROM "
                                "component_results WHERE run_id = ?1)",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "removing a run that left the front", err);
    sqlite3_bind_int64(st, 1, run_id);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? XF_OK
                             : xf_db_fail(db, rc, "removing a run that left the front", err);
}

static double col_num(sqlite3_stmt *st, int c)
{
    return sqlite3_column_type(st, c) == SQLITE_NULL ? NAN : sqlite3_column_double(st, c);
}

static const char *col_text(sqlite3_stmt *st, int c)
{
    const unsigned char *t = sqlite3_column_text(st, c);
    return t ? (const char *)t : "";
}

int xf_db_opt_front_each(xf_db *db, long long id,
                         int (*fn)(const xf_db_run *r, const char *grp, int best, void *ctx),
                         void *ctx, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        db->h,
        "SELECT r.id, r.point_idx, r.arch, r.model, r.phase, r.seq, r.batch, r.context, "
        "r.params, r.latency_s, r.energy_j, r.area_mm2, r.power_w, r.tops, r.tops_per_w, "
        "r.edp_js, r.nvm_writes, r.power_density_w_per_cm2, f.grp, f.best, r.sweep_id "
        "FROM study_front f JOIN runs r ON r.id = f.run_id WHERE f.study_id = ?1 ORDER BY r.id",
        -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading the Pareto front", err);
    sqlite3_bind_int64(st, 1, id);
    int out = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_db_run r;
        memset(&r, 0, sizeof r);
        r.id = sqlite3_column_int64(st, 0);
        r.point_idx = sqlite3_column_int64(st, 1);
        r.arch = col_text(st, 2);
        r.model = col_text(st, 3);
        r.phase = col_text(st, 4);
        r.seq = sqlite3_column_int64(st, 5);
        r.batch = sqlite3_column_int64(st, 6);
        r.context = sqlite3_column_int64(st, 7);
        r.params = col_text(st, 8);
        r.latency_s = col_num(st, 9);
        r.energy_j = col_num(st, 10);
        r.area_mm2 = col_num(st, 11);
        r.power_w = col_num(st, 12);
        r.tops = col_num(st, 13);
        r.tops_per_w = col_num(st, 14);
        r.edp_js = col_num(st, 15);
        r.nvm_writes = col_num(st, 16);
        r.power_density_w_per_cm2 = col_num(st, 17);
        r.ttft_s = r.tokens_per_s = r.energy_per_token_j = NAN;
        r.sweep_id = sqlite3_column_type(st, 20) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 20);
        out = fn(&r, col_text(st, 18), sqlite3_column_int(st, 19), ctx);
        if (out)
            break;
    }
    if (!out && rc != SQLITE_DONE) {
        sqlite3_finalize(st);
        return xf_db_fail(db, rc, "reading the Pareto front", err);
    }
    sqlite3_finalize(st);
    return out;
}
