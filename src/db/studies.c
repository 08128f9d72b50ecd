/* Study records (schema v6): a study (uncertainty, sensitivity, optimize), the ranged values
 * it drew from, its statistics and its swings. Why apart: the studies tables, beside the runs
 * and sweeps. Invariant: a study is written in one transaction by its command (studies row,
 * then its details, then the final status), so a failure leaves no half-written study. */
#include "schema.h"
#include "xf/version.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* Run sql once with the values of fmt bound in order: 't' text (NULL as NULL), 'i' long long,
 * 'd' double (not finite as NULL). */
static int run(xf_db *db, const char *sql, const char *fmt, ...)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    va_list ap;
    va_start(ap, fmt);
    for (int i = 0; rc == SQLITE_OK && fmt[i]; i++) {
        if (fmt[i] == 't') {
            const char *s = va_arg(ap, const char *);
            rc = s ? sqlite3_bind_text(st, i + 1, s, -1, SQLITE_TRANSIENT)
                   : sqlite3_bind_null(st, i + 1);
        } else if (fmt[i] == 'i') {
            rc = sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
        } else {
            double v = va_arg(ap, double);
            rc = isfinite(v) ? sqlite3_bind_double(st, i + 1, v) : sqlite3_bind_null(st, i + 1);
        }
    }
    va_end(ap);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(db->h);
    sqlite3_finalize(st);
    return rc;
}

int xf_db_study_new(xf_db *db, const xf_db_study *s, long long *id, xf_err *err)
{
    char now[32];
    xf_db_now(now, sizeof now);
    int rc = run(db,
                 "INSERT INTO studies(kind, spec, spec_hash, arch, baseline, model, phase, seq, "
                 "batch, context, tokens, metric, samples, seed, threads, sweep_id, status, "
                 "tool_version, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                 "?12, ?13, ?14, ?15, nullif(?16, 0), 'running', ?17, ?18)",
                 "tttttttiiiitiiiitt", s->kind, s->spec, s->spec_hash, s->arch, s->baseline,
                 s->model, s->phase, s->seq, s->batch, s->context, s->tokens, s->metric, s->samples,
                 s->seed, s->threads, s->sweep_id, "xformer " XF_VERSION, now);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "storing the study", err);
    *id = sqlite3_last_insert_rowid(db->h);
    return XF_OK;
}

int xf_db_study_param(xf_db *db, long long id, const char *name, double nominal, double lo,
                      double hi, const char *unit, const char *dist, const char *source,
                      xf_err *err)
{
    int rc = run(db,
                 "INSERT INTO study_params(study_id, name, nominal, lo, hi, unit, dist, source) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                 "itdddttt", id, name, nominal, lo, hi, unit, dist, source);
    return rc == SQLITE_OK ? XF_OK : xf_db_fail(db, rc, "storing a study value", err);
}

int xf_db_study_stat(xf_db *db, long long id, const char *design, const char *metric,
                     const double v[6], long long n, xf_err *err)
{
    int rc = run(db,
                 "INSERT INTO study_stats(study_id, design, metric, nominal, mean, sd, p5, p50, "
                 "p95, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                 "ittddddddi", id, design, metric, v[0], v[1], v[2], v[3], v[4], v[5], n);
    return rc == SQLITE_OK ? XF_OK : xf_db_fail(db, rc, "storing a study statistic", err);
}

int xf_db_study_swing(xf_db *db, long long id, const char *param, const char *metric, int rank,
                      const double v[7], xf_err *err)
{
    int rc = run(db,
                 "INSERT INTO study_swings(study_id, param, metric, rank, value_lo, "
                 "value_nominal, value_hi, metric_lo, metric_nominal, metric_hi, elasticity) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                 "ittiddddddd", id, param, metric, (long long)rank, v[0], v[1], v[2], v[3], v[4],
                 v[5], v[6]);
    return rc == SQLITE_OK ? XF_OK : xf_db_fail(db, rc, "storing a study swing", err);
}

int xf_db_study_finish(xf_db *db, long long id, const char *status, const char *summary,
                       xf_err *err)
{
    char now[32];
    xf_db_now(now, sizeof now);
    int rc = run(db, "UPDATE studies SET status = ?2, summary = ?3, finished = ?4 WHERE id = ?1",
                 "ittt", id, status, summary, now);
    return rc == SQLITE_OK ? XF_OK : xf_db_fail(db, rc, "finishing the study", err);
}

int xf_db_study_swings(xf_db *db, long long study, int (*fn)(const xf_db_swing *w, void *ctx),
                       void *ctx, long long *study_out, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    long long id = study;
    int rc = SQLITE_OK;
    if (id <= 0) {
        rc = sqlite3_prepare_v2(db->h,
                                "SELECT max(id) FROM studies WHERE kind = 'sensitivity' AND "
                                "status = 'done'",
                                -1, &st, NULL);
        if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            id = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
        st = NULL;
        if (rc != SQLITE_OK)
            return xf_db_fail(db, rc, "reading the studies", err);
        if (id <= 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: no sensitivity study; expected one stored by xformer "
                              "sensitivity (or --study ID)",
                              db->path);
    }
    rc = sqlite3_prepare_v2(db->h,
                            "SELECT w.param, w.metric, w.rank, w.value_lo, w.value_nominal, "
                            "w.value_hi, w.metric_lo, w.metric_nominal, w.metric_hi, "
                            "w.elasticity, p.unit, s.arch, s.model, s.seq FROM study_swings w "
                            "JOIN studies s ON s.id = w.study_id LEFT JOIN study_params p ON "
                            "p.study_id = w.study_id AND p.name = w.param WHERE w.study_id = ?1 "
                            "ORDER BY w.rank",
                            -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading the study's swings", err);
    sqlite3_bind_int64(st, 1, id);
    int n = 0, stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_db_swing w = {0};
        w.param = (const char *)sqlite3_column_text(st, 0);
        w.metric = (const char *)sqlite3_column_text(st, 1);
        w.rank = sqlite3_column_int(st, 2);
        double *v[7] = {&w.v_lo, &w.v_nom, &w.v_hi, &w.m_lo, &w.m_nom, &w.m_hi, &w.elasticity};
        for (int k = 0; k < 7; k++)
            *v[k] = sqlite3_column_type(st, 3 + k) == SQLITE_NULL
                        ? NAN
                        : sqlite3_column_double(st, 3 + k);
        w.unit = (const char *)sqlite3_column_text(st, 10);
        w.arch = (const char *)sqlite3_column_text(st, 11);
        w.model = (const char *)sqlite3_column_text(st, 12);
        w.seq = sqlite3_column_int64(st, 13);
        if (!w.param || !w.metric)
            continue;
        n++;
        stop = fn(&w, ctx);
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "reading the study's swings", err);
    if (n == 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: study %lld has no swings; expected a study stored by xformer "
                          "sensitivity",
                          db->path, id);
    if (study_out)
        *study_out = id;
    return XF_OK;
}
