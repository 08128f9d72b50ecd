/* Sweep records: registering a sweep (or resuming it, by its spec hash), its stored points,
 * progress and final status, and listing sweeps. Why apart: the sweeps table and its
 * bookkeeping, separate from storing the runs themselves. Invariants: one row per spec hash
 * (a resumed sweep keeps its id; its shards and breakdowns flag accumulate); points_done is
 * recounted from the stored runs and links when a sweep opens and finishes, so it survives
 * an interrupted run; a sweep is 'done' only when every point is stored. */
#include "schema.h"
#include "xf/version.h"

#include <stdio.h>
#include <stdlib.h>

static long long count_points(xf_db *db, long long sweep_id, int *rc)
{
    sqlite3_stmt *st = NULL;
    long long n = 0;
    *rc = sqlite3_prepare_v2(db->h,
                             "SELECT (SELECT count(*) FROM runs WHERE sweep_id = ?1) + "
                             "(SELECT count(*) FROM sweep_links WHERE sweep_id = ?1)",
                             -1, &st, NULL);
    if (*rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, sweep_id);
        *rc = sqlite3_step(st);
        if (*rc == SQLITE_ROW) {
            n = sqlite3_column_int64(st, 0);
            *rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    return n;
}

int xf_db_sweep_open(xf_db *db, const char *spec_hash, const char *spec, long long total,
                     const char *shard, int breakdowns, long long *sweep_id, long long *done,
                     int *had_breakdowns, xf_err *err)
{
    char now[32];
    xf_db_now(now, sizeof now);
    if (xf_db_begin(db, err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = NULL;
    int rc = SQLITE_OK;
    if (had_breakdowns) {
        *had_breakdowns = 0;
        rc = sqlite3_prepare_v2(db->h, "SELECT breakdowns FROM sweeps WHERE spec_hash = ?1", -1,
                                &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, spec_hash, -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            if (rc == SQLITE_ROW)
                *had_breakdowns = sqlite3_column_int(st, 0);
            rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? SQLITE_OK : rc;
        }
        sqlite3_finalize(st);
        st = NULL;
    }
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2(db->h,
                                "INSERT INTO sweeps(spec_hash, spec, total_points, status, shard, "
                                "breakdowns, tool_version, started) VALUES (?1, ?2, ?3, "
                                "'running', ?4, ?5, ?6, ?7) ON CONFLICT(spec_hash) DO UPDATE SET "
                                "status = 'running', breakdowns = max(breakdowns, excluded."
                                "breakdowns), shard = CASE WHEN excluded.shard IS NULL OR shard "
                                "IS NULL THEN NULL WHEN instr(',' || shard || ',', ',' || "
                                "excluded.shard || ',') > 0 THEN shard ELSE shard || ',' || "
                                "excluded.shard END",
                                -1, &st, NULL);
    if (rc == SQLITE_OK && st) {
        sqlite3_bind_text(st, 1, spec_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, spec, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, total);
        if (shard && shard[0])
            sqlite3_bind_text(st, 4, shard, -1, SQLITE_STATIC);
        else
            sqlite3_bind_null(st, 4);
        sqlite3_bind_int(st, 5, breakdowns ? 1 : 0);
        sqlite3_bind_text(st, 6, XF_VERSION, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 7, now, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    st = NULL;
    long long id = 0;
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db->h, "SELECT id FROM sweeps WHERE spec_hash = ?1", -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_text(st, 1, spec_hash, -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            if (rc == SQLITE_ROW) {
                id = sqlite3_column_int64(st, 0);
                rc = SQLITE_OK;
            }
        }
        sqlite3_finalize(st);
    }
    long long n = 0;
    if (rc == SQLITE_OK)
        n = count_points(db, id, &rc);
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db->h, "UPDATE sweeps SET points_done = ?2 WHERE id = ?1", -1, &st,
                                NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int64(st, 2, n);
            rc = sqlite3_step(st);
            if (rc == SQLITE_DONE)
                rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK) {
        xf_db_fail(db, rc, "recording the sweep", err);
        xf_db_rollback(db);
        return err->code;
    }
    if (xf_db_commit(db, err) != XF_OK)
        return err->code;
    *sweep_id = id;
    *done = n;
    return XF_OK;
}

int xf_db_sweep_points(xf_db *db, long long sweep_id, void (*fn)(long long idx, void *ctx),
                       void *ctx, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "SELECT point_idx FROM runs WHERE sweep_id = ?1 UNION ALL "
                                "SELECT point_idx FROM sweep_links WHERE sweep_id = ?1",
                                -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, sweep_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            if (sqlite3_column_type(st, 0) != SQLITE_NULL)
                fn(sqlite3_column_int64(st, 0), ctx);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading the stored points of the sweep", err);
    return XF_OK;
}

int xf_db_sweep_progress(xf_db *db, long long sweep_id, long long done_add, long long failed,
                         xf_err *err)
{
    if (xf_db_prepare(db, &db->sweep_prog,
                      "UPDATE sweeps SET points_done = points_done + ?2, points_failed = ?3 "
                      "WHERE id = ?1",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->sweep_prog;
    sqlite3_bind_int64(st, 1, sweep_id);
    sqlite3_bind_int64(st, 2, done_add);
    sqlite3_bind_int64(st, 3, failed);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "updating the sweep's progress", err);
    return XF_OK;
}

int xf_db_sweep_finish(xf_db *db, long long sweep_id, const char *status, xf_err *err)
{
    char now[32];
    xf_db_now(now, sizeof now);
    int own = !db->in_tx;
    if (own && xf_db_begin(db, err) != XF_OK)
        return err->code;
    int rc;
    long long n = count_points(db, sweep_id, &rc);
    sqlite3_stmt *st = NULL;
    if (rc == SQLITE_OK) {
        rc = sqlite3_prepare_v2(db->h,
                                "UPDATE sweeps SET points_done = ?2, status = CASE WHEN ?2 >= "
                                "total_points THEN 'done' ELSE ?3 END, finished = ?4 WHERE id = ?1",
                                -1, &st, NULL);
        if (rc == SQLITE_OK) {
            sqlite3_bind_int64(st, 1, sweep_id);
            sqlite3_bind_int64(st, 2, n);
            sqlite3_bind_text(st, 3, status, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
            rc = sqlite3_step(st);
            if (rc == SQLITE_DONE)
                rc = SQLITE_OK;
        }
        sqlite3_finalize(st);
    }
    if (rc != SQLITE_OK) {
        xf_db_fail(db, rc, "finishing the sweep", err);
        if (own)
            xf_db_rollback(db);
        return err->code;
    }
    return own ? xf_db_commit(db, err) : XF_OK;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

int xf_db_sweeps_each(xf_db *db, long long id, int (*fn)(const xf_db_sweep *s, void *ctx),
                      void *ctx, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h,
                                "SELECT id, spec_hash, spec, status, shard, tool_version, "
                                "started, finished, total_points, points_done, points_failed, "
                                "breakdowns FROM sweeps WHERE ?1 = 0 OR id = ?1 ORDER BY id DESC",
                                -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "listing sweeps", err);
    sqlite3_bind_int64(st, 1, id);
    int n = 0, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_db_sweep s;
        s.id = sqlite3_column_int64(st, 0);
        s.spec_hash = col_text(st, 1);
        s.spec = col_text(st, 2);
        s.status = col_text(st, 3);
        s.shard = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL : col_text(st, 4);
        s.tool_version = col_text(st, 5);
        s.started = col_text(st, 6);
        s.finished = sqlite3_column_type(st, 7) == SQLITE_NULL ? NULL : col_text(st, 7);
        s.total_points = sqlite3_column_int64(st, 8);
        s.points_done = sqlite3_column_int64(st, 9);
        s.points_failed = sqlite3_column_int64(st, 10);
        s.breakdowns = sqlite3_column_int(st, 11);
        n++;
        stop = fn(&s, ctx);
    }
    sqlite3_finalize(st);
    if (!stop && rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "listing sweeps", err);
    if (id != 0 && n == 0)
        return xf_err_set(err, XF_ERR_INPUT, "--sweep %lld: no such sweep in %s", id, db->path);
    return XF_OK;
}

int xf_db_sweep_view(xf_db *db, long long sweep_id, const char *const *keys, const int *numeric,
                     int n, xf_err *err)
{
    size_t cap = 1024 + (size_t)n * 600, o = 0;
    char *sql = malloc(cap);
    if (!sql)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    o += (size_t)snprintf(sql, cap, "CREATE VIEW IF NOT EXISTS sweep_%lld AS SELECT r.*", sweep_id);
    for (int i = 0; i < n; i++) {
        /* the key as an SQL literal and as a quoted column name (quotes doubled) */
        char lit[300], col[300];
        size_t a = 0, b = 0;
        for (const char *p = keys[i]; *p && a < sizeof lit - 3 && b < sizeof col - 3; p++) {
            lit[a++] = *p;
            col[b++] = *p;
            if (*p == '\'')
                lit[a++] = '\'';
            if (*p == '"')
                col[b++] = '"';
        }
        lit[a] = col[b] = '\0';
        const char *v = numeric[i] ? "value_num" : "value_text";
        o += (size_t)snprintf(sql + o, cap - o,
                              ", (SELECT v FROM (SELECT %s AS v, 0 AS k FROM config_params WHERE "
                              "config_hash = r.config_hash AND key = '%s' UNION ALL SELECT %s, 1 "
                              "FROM base_params WHERE base_hash = r.base_hash AND key = '%s') "
                              "ORDER BY k LIMIT 1) AS \"%s\"",
                              v, lit, v, lit, col);
    }
    snprintf(sql + o, cap - o,
             " FROM runs r WHERE r.id IN (SELECT run_id FROM sweep_runs WHERE sweep_id = %lld)",
             sweep_id);
    int rc = xf_db_exec(db, sql, err);
    free(sql);
    return rc;
}
