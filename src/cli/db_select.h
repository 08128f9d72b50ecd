/* db_select.h - the options shared by the commands that read runs (table, runs, plot):
 * --db FILE, --sweep ID, --where EXPR. */
#ifndef XF_CLI_DB_SELECT_H
#define XF_CLI_DB_SELECT_H

#include "xf/db.h"

typedef struct {
    const char *db;
    long long sweep;
    xf_db_filter filter;
} xf_sel_opts;

/* Handle --sweep ID and --where EXPR (returns 1 when handled, -1 on a bad value). */
int xf_sel_option(xf_sel_opts *o, const char *name, const char *arg, xf_err *err);
/* Open the database read-only and check that the sweep exists. */
int xf_sel_open(xf_sel_opts *o, xf_db **db, xf_err *err);

#endif
