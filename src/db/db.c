/* The results database: opening, schema checks and migrations, transactions, storing runs and
 * sweeps (see xf/db.h). */
#include "schema.h"
#include "xf/version.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ----------------------------------------------------------------------- helpers */

int xf_db_fail(xf_db *db, int rc, const char *what, xf_err *err)
{
    int prim = rc & 0xff;
    const char *msg = db && db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc);
    const char *path = db ? db->path : "";
    if (prim == SQLITE_NOTADB)
        return xf_err_set(err, XF_ERR_INPUT, "%s: not an SQLite database (%s)", path, what);
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

char *xf_db_now(char *buf, size_t n)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

/* ------------------------------------------------------------------------- open */

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
        if (rc != SQLITE_OK) {
            xf_db_exec(db, "ROLLBACK", NULL);
            return xf_db_fail(db, rc, "reading the schema version", err);
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

static int check_schema(xf_db *db, xf_err *err)
{
    int rc;
    /* One read transaction: another process may be creating this file right now, and its
     * schema, version and application id appear together when it commits; reading them in
     * separate transactions could see a mix of before and after. */
    if (xf_db_exec(db, "BEGIN", err) != XF_OK)
        return err->code;
    long long app = pragma_int(db, "PRAGMA application_id", &rc);
    long long ver = rc == SQLITE_OK ? pragma_int(db, "PRAGMA user_version", &rc) : 0;
    long long objects =
        rc == SQLITE_OK ? pragma_int(db, "SELECT count(*) FROM sqlite_master", &rc) : 0;
    xf_db_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading the header and schema", err);
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
    if (check_schema(db, err) != XF_OK ||
        xf_db_exec(db, "PRAGMA foreign_keys = ON", err) != XF_OK) {
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
    sqlite3_stmt *sts[] = {db->ins_run,   db->find_run,   db->ins_link,  db->ins_comp,
                           db->ins_layer, db->put_config, db->sweep_prog};
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

/* ------------------------------------------------------------------ transactions */

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
}

/* ----------------------------------------------------------------------- storing */

int xf_db_put_config(xf_db *db, const char *hash, const char *arch, const char *source,
                     const char *text, xf_err *err)
{
    if (xf_db_prepare(db, &db->put_config,
                      "INSERT INTO configs(hash, arch, source, text, created) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(hash) DO NOTHING",
                      err) != XF_OK)
        return err->code;
    char now[32];
    sqlite3_stmt *st = db->put_config;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, arch, -1, SQLITE_STATIC);
    if (source)
        sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, xf_db_now(now, sizeof now), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "storing a configuration", err);
    return XF_OK;
}

void xf_db_row_metrics(xf_db_row *row, const xf_result *r)
{
    row->latency_s = r->latency;
    row->energy_j = r->energy;
    row->area_mm2 = r->area * 1e6;
    row->power_w = r->power;
    row->tops = r->tops;
    row->tops_per_w = r->tops_per_w;
    row->edp_js = r->edp;
    row->nvm_writes = r->nvm_writes;
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static int store_breakdown(xf_db *db, long long run_id, const xf_result *r, xf_err *err)
{
    if (xf_db_prepare(db, &db->ins_comp,
                      "INSERT INTO component_results(run_id, component, energy_j, area_mm2) "
                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                      err) != XF_OK ||
        xf_db_prepare(db, &db->ins_layer,
                      "INSERT INTO layer_results(run_id, layer_idx, layer, instances, op_idx, op, "
                      "engine, latency_s, busy_s, energy_j) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                      "?8, ?9, ?10) ON CONFLICT DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->ins_comp;
    for (int c = 0; c < XF_COMP_COUNT; c++) {
        if (r->energy_by_comp[c] == 0 && r->area_by_comp[c] == 0)
            continue;
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_text(st, 2, xf_comp_name((xf_comp)c), -1, SQLITE_STATIC);
        bind_real(st, 3, r->energy_by_comp[c]);
        bind_real(st, 4, r->area_by_comp[c] * 1e6);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return xf_db_fail(db, rc, "storing component results", err);
    }
    st = db->ins_layer;
    int nl = r->n_layers < XF_WL_MAX_LAYERS ? r->n_layers : XF_WL_MAX_LAYERS;
    for (int l = 0; l < nl; l++) {
        const xf_layer_result *L = &r->layers[l];
        int nops = L->n_ops < L->cap ? L->n_ops : L->cap;
        for (int o = -1; o < nops; o++) {
            sqlite3_bind_int64(st, 1, run_id);
            sqlite3_bind_int(st, 2, l);
            sqlite3_bind_text(st, 3, L->name, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 4, L->repeat);
            sqlite3_bind_int(st, 5, o + 1);
            if (o < 0) {
                sqlite3_bind_text(st, 6, "layer", -1, SQLITE_STATIC);
                sqlite3_bind_null(st, 7);
                bind_real(st, 8, L->latency);
                sqlite3_bind_null(st, 9);
                bind_real(st, 10, L->energy);
            } else {
                const xf_op_result *op = &xf_layer_rows(r, L)[o];
                sqlite3_bind_text(st, 6, op->name ? op->name : "?", -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 7, xf_result_engine(r, op->engine), -1, SQLITE_STATIC);
                bind_real(st, 8, op->latency);
                bind_real(st, 9, op->busy);
                bind_real(st, 10, op->energy);
            }
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                return xf_db_fail(db, rc, "storing layer results", err);
        }
    }
    return XF_OK;
}

#define RUN_COLS                                                                                   \
    "point_hash, config_hash, base_hash, sweep_id, point_idx, arch, model, seq, batch, phase, "    \
    "context, latency_s, energy_j, area_mm2, power_w, tops, tops_per_w, edp_js, nvm_writes, "      \
    "params, tool_version, created, dec_seq, head"

/* Bind a row to parameters k+1 .. k+RUN_NCOLS. */
static void bind_row(sqlite3_stmt *st, int k, const xf_db_row *row, const char *now)
{
    sqlite3_bind_text(st, k + 1, row->point_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 2, row->config_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 3, row->base_hash, -1, SQLITE_STATIC);
    if (row->sweep_id > 0)
        sqlite3_bind_int64(st, k + 4, row->sweep_id);
    else
        sqlite3_bind_null(st, k + 4);
    if (row->point_idx >= 0)
        sqlite3_bind_int64(st, k + 5, row->point_idx);
    else
        sqlite3_bind_null(st, k + 5);
    sqlite3_bind_text(st, k + 6, row->arch, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 7, row->model, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 8, row->seq);
    sqlite3_bind_int64(st, k + 9, row->batch);
    sqlite3_bind_text(st, k + 10, row->phase, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 11, row->context);
    bind_real(st, k + 12, row->latency_s);
    bind_real(st, k + 13, row->energy_j);
    bind_real(st, k + 14, row->area_mm2);
    bind_real(st, k + 15, row->power_w);
    bind_real(st, k + 16, row->tops);
    bind_real(st, k + 17, row->tops_per_w);
    bind_real(st, k + 18, row->edp_js);
    bind_real(st, k + 19, row->nvm_writes);
    sqlite3_bind_text(st, k + 20, row->params ? row->params : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 21, XF_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 22, row->created ? row->created : now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 23, row->dec_seq);
    sqlite3_bind_int(st, k + 24, row->head);
}

/* A row whose insert stored nothing: find the stored run; link it to the row's sweep when it
 * belongs to another sweep or point. *mine = 1 when the stored run is this very sweep point
 * (stored by the same statement). */
static int find_and_link(xf_db *db, const xf_db_row *row, long long *run_id, int *mine, xf_err *err)
{
    if (xf_db_prepare(db, &db->find_run,
                      "SELECT id, sweep_id, point_idx FROM runs WHERE point_hash = ?1",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->find_run;
    sqlite3_bind_text(st, 1, row->point_hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long long id = 0, sid = 0, pidx = -1;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        sid = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
        pidx = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return xf_db_fail(db, rc, "finding a stored run", err);
    if (run_id)
        *run_id = id;
    *mine = row->sweep_id > 0 && sid == row->sweep_id && pidx == row->point_idx;
    if (row->sweep_id > 0 && !*mine) {
        if (xf_db_prepare(db, &db->ins_link,
                          "INSERT INTO sweep_links(sweep_id, point_idx, run_id) "
                          "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                          err) != XF_OK)
            return err->code;
        st = db->ins_link;
        sqlite3_bind_int64(st, 1, row->sweep_id);
        sqlite3_bind_int64(st, 2, row->point_idx);
        sqlite3_bind_int64(st, 3, id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return xf_db_fail(db, rc, "linking a run to its sweep", err);
    }
    return XF_OK;
}

static int insert_run(xf_db *db, const xf_db_row *row, const xf_result *bd, int *outcome,
                      long long *run_id, xf_err *err)
{
    if (xf_db_prepare(db, &db->ins_run,
                      "INSERT INTO runs(" RUN_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                      "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24) "
                      "ON CONFLICT(point_hash) DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->ins_run;
    char now[32];
    bind_row(st, 0, row, row->created ? row->created : xf_db_now(now, sizeof now));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "storing a run", err);
    if (sqlite3_changes(db->h) > 0) {
        long long id = sqlite3_last_insert_rowid(db->h);
        if (outcome)
            *outcome = XF_DB_STORED;
        if (run_id)
            *run_id = id;
        return bd ? store_breakdown(db, id, bd, err) : XF_OK;
    }
    if (outcome)
        *outcome = XF_DB_EXISTED;
    if (row->sweep_id <= 0 && run_id == NULL && bd == NULL)
        return XF_OK;
    int mine = 0;
    long long id = 0;
    if (find_and_link(db, row, &id, &mine, err) != XF_OK)
        return err->code;
    if (run_id)
        *run_id = id;
    /* a run stored without breakdowns gets them now (existing rows are kept) */
    return bd ? store_breakdown(db, id, bd, err) : XF_OK;
}

/* One row per statement: a multi-row INSERT would need a statement journal (the NOT NULL and
 * foreign-key checks could abort it half-way) and measured slower. */
int xf_db_insert_runs(xf_db *db, const xf_db_row *rows, int n, int *outcomes, xf_err *err)
{
    if (n <= 0)
        return XF_OK;
    if (!db->in_tx)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: xf_db_insert_runs outside a transaction",
                          db->path);
    for (int i = 0; i < n; i++)
        if (insert_run(db, &rows[i], NULL, outcomes ? &outcomes[i] : NULL, NULL, err) != XF_OK)
            return err->code;
    return XF_OK;
}

int xf_db_insert_run(xf_db *db, const xf_db_row *row, const xf_result *breakdown, int *outcome,
                     long long *run_id, xf_err *err)
{
    if (!row->point_hash || !row->config_hash || !row->base_hash || !row->arch || !row->model ||
        !row->phase)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: incomplete run row", db->path);
    if (db->in_tx)
        return insert_run(db, row, breakdown, outcome, run_id, err);
    if (xf_db_begin(db, err) != XF_OK)
        return err->code;
    if (insert_run(db, row, breakdown, outcome, run_id, err) != XF_OK) {
        xf_db_rollback(db);
        return err->code;
    }
    return xf_db_commit(db, err);
}

int xf_db_store_run(xf_db *db, const xf_run_meta *meta, const xf_result *r, int breakdowns,
                    int *outcome, long long *run_id, xf_err *err)
{
    if (meta == NULL || meta->arch == NULL || meta->base_text == NULL || meta->workload == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "xf_db_store_run: incomplete run description");
    char base[XF_HASH_HEX], cfg[XF_HASH_HEX], mkey[XF_HASH_HEX], point[XF_HASH_HEX];
    char params[8192];
    xf_hash_hex(meta->base_text, strlen(meta->base_text), base);
    if (xf_config_hash(base, meta->sets, meta->n_sets, cfg, params, sizeof params, err) != XF_OK)
        return err->code;
    const xf_workload *w = meta->workload;
    xf_model_key(&w->model, mkey);
    xf_point_hash(cfg, mkey, &w->params, point);
    xf_db_row row;
    memset(&row, 0, sizeof row);
    row.point_hash = point;
    row.config_hash = cfg;
    row.base_hash = base;
    row.point_idx = -1;
    row.arch = meta->arch;
    row.model = w->model.name;
    row.phase = xf_phase_name(w->params.phase);
    row.seq = w->params.seq;
    row.batch = w->params.batch;
    row.context = w->params.phase == XF_PHASE_DECODE ? w->params.context : 0;
    row.dec_seq = w->params.dec_seq;
    row.head = w->params.head;
    row.params = params;
    xf_db_row_metrics(&row, r);
    if (xf_db_begin(db, err) != XF_OK)
        return err->code;
    if (xf_db_put_config(db, base, meta->arch, meta->arch_source, meta->base_text, err) != XF_OK ||
        insert_run(db, &row, breakdowns ? r : NULL, outcome, run_id, err) != XF_OK) {
        xf_db_rollback(db);
        return err->code;
    }
    return xf_db_commit(db, err);
}

/* ------------------------------------------------------------------------- sweeps */

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
