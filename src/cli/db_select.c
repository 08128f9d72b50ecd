/* Runs selected from the results database (see db_select.h). */
#include "db_select.h"
#include "cli.h"
#include "xf/cfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xf_sel_option(xf_sel_opts *o, const char *name, const char *arg, xf_err *err)
{
    if (strcmp(name, "sweep") == 0) {
        char *end;
        errno = 0;
        long long v = strtoll(arg, &end, 10);
        if (errno || end == arg || *end || v < 1) {
            xf_err_set(err, XF_ERR_INPUT,
                       "--sweep '%s': expected a sweep number (xformer runs --sweeps)", arg);
            return -1;
        }
        o->sweep = v;
        o->filter.sweep_id = v;
        return 1;
    }
    if (strcmp(name, "where") == 0)
        return xf_db_filter_add(&o->filter, arg, err) == XF_OK ? 1 : -1;
    return 0;
}

static int ignore_sweep(const xf_db_sweep *s, void *ctx)
{
    (void)s;
    (void)ctx;
    return 0;
}

int xf_sel_open(xf_sel_opts *o, xf_db **db, xf_err *err)
{
    /* --db FILE, else XFORMER_DB (as the commands that write), else the default */
    if (xf_db_open(o->db ? o->db : xf_cli_db_env(), XF_DB_READ, db, err) != XF_OK)
        return err->code;
    if (o->sweep > 0 && xf_db_sweeps_each(*db, o->sweep, ignore_sweep, NULL, err) != XF_OK) {
        xf_db_close(*db);
        *db = NULL;
        return err->code;
    }
    return XF_OK;
}

int xf_sel_getopt(xf_sel_opts *o, int c, const char *arg, xf_err *err)
{
    switch (c) {
    case XF_SEL_OPT_DB:
        o->db = arg;
        return 1;
    case XF_SEL_OPT_SWEEP:
        return xf_sel_option(o, "sweep", arg, err) < 0 ? -1 : 1;
    case XF_SEL_OPT_WHERE:
        return xf_sel_option(o, "where", arg, err) < 0 ? -1 : 1;
    default:
        return 0;
    }
}
