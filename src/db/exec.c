/* Running SQL on an open database: error messages from SQLite result codes, statements
 * prepared once and reused, plain statements, write transactions and the UTC timestamp the
 * stored rows carry. Why apart: the primitives every other file of src/db uses (declared in
 * schema.h and xf/db.h). Invariants: errors name the file and what was being done; db->in_tx
 * is 1 exactly while a transaction begun by xf_db_begin is open (a failed commit rolls back);
 * a prepared statement is reset after each use by its caller. */
#include "schema.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int xf_db_fail(xf_db *db, int rc, const char *what, xf_err *err)
{
    int prim = rc & 0xff;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    const char *path = db ? db->path : "";
    if (prim == SQLITE_NOTADB)
        return xf_err_set(err, XF_ERR_INPUT, "%s: not an SQLite database (%s: %s)", path, what,
                          msg);
    if (prim == SQLITE_CORRUPT)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: damaged database (%s: %s); expected an intact xformer database",
                          path, what, msg);
    if (prim == SQLITE_FULL)
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "%s: %s: database or disk is full; nothing of this batch was stored",
                          path, what);
    if (prim == SQLITE_READONLY)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: %s: the database is read-only (%s)", path, what,
                          msg);
    if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "%s: %s: the database stayed locked by another process for %d s", path,
                          what, XF_DB_BUSY_MS / 1000);
    return xf_err_set(err, XF_ERR_RUNTIME, "%s: %s: %s", path, what, msg);
}

int xf_db_prepare(xf_db *db, sqlite3_stmt **st, const char *sql, xf_err *err)
{
    if (*st)
        return XF_OK;
    int rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc != SQLITE_OK) {
        *st = NULL;
        return xf_db_fail(db, rc, "preparing a statement", err);
    }
    return XF_OK;
}

int xf_db_exec(xf_db *db, const char *sql, xf_err *err)
{
    char *msg = NULL;
    int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);
    sqlite3_free(msg);
    if (rc != SQLITE_OK) {
        char what[64];
        snprintf(what, sizeof what, "%.40s", sql);
        char *nl = strchr(what, '\n');
        if (nl)
            *nl = '\0';
        return xf_db_fail(db, rc, what, err);
    }
    return XF_OK;
}

char *xf_db_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

int xf_db_begin(xf_db *db, xf_err *err)
{
    if (db->in_tx)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: transaction already open", db->path);
    if (xf_db_exec(db, "BEGIN IMMEDIATE", err) != XF_OK)
        return err->code;
    db->in_tx = 1;
    return XF_OK;
}

int xf_db_commit(xf_db *db, xf_err *err)
{
    if (!db->in_tx)
        return XF_OK;
    int rc = sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        xf_db_fail(db, rc, "commit", err);
        xf_db_rollback(db);
        return err->code;
    }
    db->in_tx = 0;
    return XF_OK;
}

void xf_db_rollback(xf_db *db)
{
    if (db->in_tx)
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->in_tx = 0;
    db->last_cfgp[0] = '\0'; /* what it stored is gone */
}
