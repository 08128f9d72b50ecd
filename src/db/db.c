/* Opening the results database (see xf/db.h): creating the file (and the default folder),
 * checking that it is an xformer database of a known schema version, migrating an older one,
 * connection settings, closing, and the maintenance queries (version, integrity, size
 * limit). Why together: everything from a path to a usable connection. Invariants: a file
 * opened for reading is never changed (an old schema is an error there, not migrated); the
 * schema is checked in one read transaction; WAL mode is set before the first table exists;
 * each migration step runs in its own transaction with its user_version; on error nothing is
 * left open and *out is NULL. */
#include "schema.h"
#include "xf/file.h"
#include "xf/version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long pragma_int(xf_db *db, const char *sql, int *rc_out)
{
    sqlite3_stmt *st = NULL;
    long long v = 0;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    *rc_out = rc;
    return v;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int folder_of(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL) {
        snprintf(buf, n, ".");
        return 0;
    }
    if (slash == path) {
        snprintf(buf, n, "/");
        return 1;
    }
    snprintf(buf, n, "%.*s", (int)(slash - path), path);
    return 1;
}

static int migrate(xf_db *db, xf_err *err)
{
    for (;;) {
        if (xf_db_exec(db, "BEGIN IMMEDIATE", err) != XF_OK)
            return err->code;
        int rc;
        long long v = pragma_int(db, "PRAGMA user_version", &rc);
        if (rc != SQLITE_OK) { /* the message first: the rollback replaces it */
            xf_db_fail(db, rc, "reading the schema version", err);
            xf_db_exec(db, "ROLLBACK", NULL);
            return err->code;
        }
        if (v >= XF_DB_SCHEMA_VERSION) {
            xf_db_exec(db, "COMMIT", NULL);
            return XF_OK;
        }
        char pragma[96];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %lld; PRAGMA application_id = %d;",
                 v + 1, XF_DB_APP_ID);
        if (xf_db_exec(db, xf_db_migrations[v], err) != XF_OK ||
            xf_db_exec(db, pragma, err) != XF_OK) {
            xf_db_exec(db, "ROLLBACK", NULL);
            return err->code;
        }
        if (xf_db_exec(db, "COMMIT", err) != XF_OK) {
            xf_db_exec(db, "ROLLBACK", NULL);
            return err->code;
        }
    }
}

/* The first table of the current schema that the file lacks, or NULL. */
static const char *missing_table(xf_db *db, int *rc_out)
{
    static const char *const tables[] = {
        "configs",           "sweeps",        "runs",        "sweep_links",
        "component_results", "layer_results", "base_params", "config_params"};
    sqlite3_stmt *st = NULL;
    const char *missing = NULL;
    int rc = sqlite3_prepare_v2(
        db->h, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", -1, &st,
        NULL);
    for (size_t i = 0; rc == SQLITE_OK && !missing && i < sizeof tables / sizeof tables[0]; i++) {
        sqlite3_bind_text(st, 1, tables[i], -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            rc = SQLITE_OK;
            if (sqlite3_column_int64(st, 0) == 0)
                missing = tables[i];
        }
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    *rc_out = rc;
    return missing;
}

int xf_db_quick_check(xf_db *db, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA quick_check(1)", -1, &st, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(st);
    int code = XF_OK;
    if (rc != SQLITE_ROW) {
        code = xf_db_fail(db, rc, "checking the database (quick_check)", err);
    } else {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t == NULL || strcmp(t, "ok") != 0)
            code = xf_err_set(err, XF_ERR_INPUT,
                              "%s: damaged database (quick_check: %.200s); expected an intact "
                              "xformer database",
                              db->path, t ? t : "?");
    }
    sqlite3_finalize(st);
    return code;
}

static int check_schema(xf_db *db, xf_err *err)
{
    int rc;
    const char *missing = NULL;
    /* One read transaction: another process may be creating this file right now, and its
     * schema, version and application id appear together when it commits; reading them in
     * separate transactions could see a mix of before and after. */
    if (xf_db_exec(db, "BEGIN", err) != XF_OK)
        return err->code;
    long long app = pragma_int(db, "PRAGMA application_id", &rc);
    long long ver = rc == SQLITE_OK ? pragma_int(db, "PRAGMA user_version", &rc) : 0;
    long long objects =
        rc == SQLITE_OK ? pragma_int(db, "SELECT count(*) FROM sqlite_master", &rc) : 0;
    if (rc == SQLITE_OK && ver == XF_DB_SCHEMA_VERSION && app == XF_DB_APP_ID)
        missing = missing_table(db, &rc);
    if (rc != SQLITE_OK) /* SQLite's message before the rollback replaces it */
        xf_db_fail(db, rc, "reading the header and schema", err);
    xf_db_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL);
    if (rc != SQLITE_OK)
        return err->code;
    if (missing)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: xformer results database without its table '%s'; expected a "
                          "complete database written by xformer",
                          db->path, missing);
    int fresh = ver == 0 && objects == 0 && app == 0;
    if (!fresh && app != XF_DB_APP_ID)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: an SQLite database but not an xformer results database "
                          "(application_id %lld); expected a file written by xformer",
                          db->path, app);
    if (ver > XF_DB_SCHEMA_VERSION)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: schema version %lld is newer than this xformer %s understands "
                          "(%d); use a newer xformer",
                          db->path, ver, XF_VERSION, XF_DB_SCHEMA_VERSION);
    if (ver < XF_DB_SCHEMA_VERSION) {
        if (db->mode == XF_DB_READ) {
            if (fresh)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "%s: empty database; expected one written by xformer", db->path);
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: schema version %lld is older than %d; open it once with a "
                              "writing command (e.g. xformer db migrate) to upgrade it",
                              db->path, ver, XF_DB_SCHEMA_VERSION);
        }
        /* 16 KB pages: fewer, fuller B-tree pages make bulk inserts of runs about a quarter
         * faster than the 4 KB default (a no-op on a file that already has tables). */
        if (fresh && xf_db_exec(db, "PRAGMA page_size = 16384", err) != XF_OK)
            return err->code;
        /* WAL is a property of the file: set it before the first table exists. Changing the
         * journal mode does not wait in the busy handler when another process is creating the
         * same file at this moment: retry for up to the busy timeout. */
        int rc = SQLITE_BUSY;
        for (int t = 0; t < XF_DB_BUSY_MS / 10; t++) {
            rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
            if ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED)
                break;
            struct timespec ts = {0, 10000000L};
            nanosleep(&ts, NULL);
        }
        if (rc != SQLITE_OK)
            return xf_db_fail(db, rc, "setting WAL mode", err);
        return migrate(db, err);
    }
    return XF_OK;
}

/* "file:PATH?immutable=1" with the URI's special characters of PATH escaped. */
static int immutable_uri(const char *path, char *buf, size_t n)
{
    size_t o = (size_t)snprintf(buf, n, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (o + 4 >= n)
            return -1;
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x21 || *p >= 0x7f)
            o += (size_t)snprintf(buf + o, n - o, "%%%02X", *p);
        else
            buf[o++] = (char)*p;
    }
    return snprintf(buf + o, n - o, "?immutable=1") < (int)(n - o) ? 0 : -1;
}

/* Reading a WAL database needs its -shm file, which SQLite cannot create in a read-only
 * folder (a shared read-only mount): there the file is opened immutable (nobody can write it
 * either), which reads the main file as it is. */
static int open_read_only_folder(xf_db *db, const char *folder, xf_err *err)
{
    if (access(folder, W_OK) == 0)
        return -1; /* not the read-only folder case */
    char uri[3 * sizeof db->path + 32];
    if (immutable_uri(db->path, uri, sizeof uri) != 0)
        return -1;
    sqlite3_close_v2(db->h);
    db->h = NULL;
    int rc = sqlite3_open_v2(uri, &db->h, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "opening read-only (immutable)", err);
    sqlite3_extended_result_codes(db->h, 1);
    return check_schema(db, err);
}

int xf_db_open(const char *path, int mode, xf_db **out, xf_err *err)
{
    *out = NULL;
    int is_default = path == NULL || path[0] == '\0';
    if (is_default)
        path = XF_DB_DEFAULT_PATH;
    if (strlen(path) >= sizeof((xf_db *)0)->path)
        return xf_err_set(err, XF_ERR_INPUT, "--db %.80s...: path too long", path);
    struct stat st;
    int exists = stat(path, &st) == 0;
    if (exists && S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "--db %s: is a directory; expected a database file",
                          path);
    /* the file and SQLite's companions (-wal, -shm, -journal) are regular files or absent:
     * SQLite would block on a FIFO or write into a device */
    static const char *const companion[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char p[sizeof((xf_db *)0)->path + 16];
        snprintf(p, sizeof p, "%s%s", path, companion[i]);
        xf_err e2;
        xf_err_clear(&e2);
        if (xf_file_check_regular(p, 0, &e2) != XF_OK)
            return xf_err_set(err, XF_ERR_INPUT, "--db %s", e2.msg);
    }
    char folder[4096];
    int has_folder = folder_of(path, folder, sizeof folder);
    if (!exists) {
        if (mode != XF_DB_CREATE)
            return xf_err_set(err, XF_ERR_INPUT, "--db %s: no such database file", path);
        if (!is_dir(folder)) {
            if (is_default && has_folder) {
                if (mkdir(folder, 0777) != 0 && errno != EEXIST)
                    return xf_err_set(err, XF_ERR_RUNTIME, "cannot create folder %s: %s", folder,
                                      strerror(errno));
            } else {
                return xf_err_set(err, XF_ERR_INPUT, "--db %s: folder '%s' does not exist", path,
                                  folder);
            }
        }
    }
    xf_db *db = calloc(1, sizeof *db);
    if (db == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(db->path, sizeof db->path, "%s", path);
    db->mode = mode;
    int flags = SQLITE_OPEN_NOMUTEX;
    if (mode == XF_DB_READ)
        flags |= SQLITE_OPEN_READONLY;
    else
        flags |= SQLITE_OPEN_READWRITE | (mode == XF_DB_CREATE ? SQLITE_OPEN_CREATE : 0);
    int rc = sqlite3_open_v2(path, &db->h, flags, NULL);
    if (rc != SQLITE_OK) {
        int code = xf_err_set(err, XF_ERR_RUNTIME, "--db %s: cannot open: %s", path,
                              db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
        xf_db_close(db);
        return code;
    }
    sqlite3_extended_result_codes(db->h, 1);
    sqlite3_busy_timeout(db->h, XF_DB_BUSY_MS);
    if (mode != XF_DB_READ && sqlite3_db_readonly(db->h, "main") == 1) {
        int code = xf_err_set(err, XF_ERR_RUNTIME,
                              "--db %s: the file is read-only; expected a writable database", path);
        xf_db_close(db);
        return code;
    }
    int code = check_schema(db, err);
    if (code == XF_ERR_RUNTIME && mode == XF_DB_READ) { /* e.g. no -shm in a read-only folder */
        xf_err e2 = {0};
        if (open_read_only_folder(db, folder, &e2) == XF_OK)
            xf_err_clear(err), code = XF_OK;
    }
    if (code != XF_OK || xf_db_exec(db, "PRAGMA foreign_keys = ON", err) != XF_OK) {
        xf_db_close(db);
        return err->code;
    }
    /* A database that holds data is checked before anything is written into it: writing into
     * a damaged B-tree can spread the damage (README "Reliability" gives the cost). */
    if (mode != XF_DB_READ && exists && st.st_size > 0 && xf_db_quick_check(db, err) != XF_OK) {
        xf_db_close(db);
        return err->code;
    }
    if (mode != XF_DB_READ) {
        /* FULL: a committed batch survives power loss; 16 MB of page cache keeps the point
         * index of a large sweep in memory; checkpoints every 4096 pages (64 MB of WAL)
         * instead of 1000 cost fewer syncs during a sweep. */
        if (xf_db_exec(db,
                       "PRAGMA synchronous = FULL; PRAGMA cache_size = -16384; "
                       "PRAGMA wal_autocheckpoint = 4096; PRAGMA journal_size_limit = 67108864",
                       err) != XF_OK) {
            xf_db_close(db);
            return err->code;
        }
    }
    *out = db;
    return XF_OK;
}

void xf_db_close(xf_db *db)
{
    if (db == NULL)
        return;
    sqlite3_stmt *sts[] = {db->ins_run,    db->find_run,  db->ins_link,
                           db->ins_comp,   db->ins_layer, db->put_config,
                           db->sweep_prog, db->put_base,  db->put_cfgp};
    for (size_t i = 0; i < sizeof sts / sizeof sts[0]; i++)
        sqlite3_finalize(sts[i]);
    if (db->h) {
        if (db->in_tx)
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        sqlite3_close_v2(db->h);
    }
    free(db);
}

const char *xf_db_path(const xf_db *db)
{
    return db->path;
}

int xf_db_schema_version(xf_db *db)
{
    int rc;
    return (int)pragma_int(db, "PRAGMA user_version", &rc);
}

int xf_db_integrity(xf_db *db, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "integrity check", err);
    rc = sqlite3_step(st);
    int code = XF_OK;
    if (rc != SQLITE_ROW) {
        code = xf_db_fail(db, rc, "integrity check", err);
    } else {
        const char *t = (const char *)sqlite3_column_text(st, 0);
        if (t == NULL || strcmp(t, "ok") != 0)
            code = xf_err_set(err, XF_ERR_RUNTIME, "%s: integrity check failed: %s", db->path,
                              t ? t : "?");
    }
    sqlite3_finalize(st);
    return code;
}

int xf_db_set_max_pages(xf_db *db, long long pages, xf_err *err)
{
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA max_page_count = %lld", pages);
    return xf_db_exec(db, sql, err);
}

int xf_db_check_file(const char *path, xf_err *err)
{
    xf_db *db = NULL;
    if (xf_db_open(path, XF_DB_READ, &db, err) != XF_OK)
        return err->code;
    int code = xf_db_quick_check(db, err);
    xf_db_close(db);
    return code;
}
