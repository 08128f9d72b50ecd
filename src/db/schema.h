/* src/db/schema.h - internals shared by the files of the database module. */
#ifndef XF_DB_SCHEMA_H
#define XF_DB_SCHEMA_H

#include "xf/db.h"

#include <sqlite3.h>

struct xf_db {
    sqlite3 *h;
    int mode;
    int in_tx;
    char path[4096];
    /* prepared once, reused (reset after each step) */
    sqlite3_stmt *ins_run, *find_run, *ins_link, *ins_comp, *ins_layer, *put_config, *sweep_prog;
    sqlite3_stmt *put_base, *put_cfgp;
    char last_cfgp[XF_HASH_HEX]; /* the configuration whose parameters were stored last */
};

/* Fill err from the connection's last error: "PATH: what: sqlite message". The code is
 * XF_ERR_INPUT for "not a database", XF_ERR_RUNTIME otherwise. */
int xf_db_fail(xf_db *db, int rc, const char *what, xf_err *err);
/* Prepare (once) into *st. */
int xf_db_prepare(xf_db *db, sqlite3_stmt **st, const char *sql, xf_err *err);
/* Run SQL without results (no user text: constants only). */
int xf_db_exec(xf_db *db, const char *sql, xf_err *err);

/* Migrations: SQL that takes version i to i + 1 (index i). */
extern const char *const xf_db_migrations[XF_DB_SCHEMA_VERSION];

#endif
