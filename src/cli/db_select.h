/* db_select.h - the options shared by the commands that read runs (table, runs, plot):
 * --db FILE, --sweep ID, --where EXPR. */
#ifndef XF_CLI_DB_SELECT_H
#define XF_CLI_DB_SELECT_H

#include "cli.h"
#include "xf/db.h"

#include <getopt.h>

/* getopt codes and long options of --db, --sweep and --where (append to a command's table). */
enum { XF_SEL_OPT_DB = 350, XF_SEL_OPT_SWEEP, XF_SEL_OPT_WHERE };
#define XF_SEL_OPTS                                                                                \
    {"db",                                                                                         \
     required_argument,                                                                            \
     XF_SEL_OPT_DB,                                                                                \
     0,                                                                                            \
     "FILE",                                                                                       \
     "@file",                                                                                      \
     "results database (default: XFORMER_DB when set, else\n"                                      \
     "results/xformer.db)"},                                                                       \
        {"sweep",                                                                                  \
         required_argument,                                                                        \
         XF_SEL_OPT_SWEEP,                                                                         \
         0,                                                                                        \
         "ID",                                                                                     \
         NULL,                                                                                     \
         "the runs of one sweep (xformer runs --sweeps lists them)"},                              \
    {                                                                                              \
        "where", required_argument, XF_SEL_OPT_WHERE, 0, "EXPR", NULL,                             \
            "COLUMN=VALUE, also != < <= > >=; COLUMN is one of arch,\n"                            \
            "model, seq, batch, phase, context, sweep, id, latency_s,\n"                           \
            "energy_j, area_mm2, power_w, tops, tops_per_w, edp_js,\n"                             \
            "nvm_writes, config_hash, created, or an override key such\n"                          \
            "as pe.adc_bits; repeatable (all must hold); values are data"                          \
    }

typedef struct {
    const char *db;
    long long sweep;
    xf_db_filter filter;
} xf_sel_opts;

/* Handle --sweep ID and --where EXPR (returns 1 when handled, -1 on a bad value). */
int xf_sel_option(xf_sel_opts *o, const char *name, const char *arg, xf_err *err);
/* Handle getopt code c when it is one of the three: 1 handled, 0 not ours, -1 bad value. */
int xf_sel_getopt(xf_sel_opts *o, int c, const char *arg, xf_err *err);
/* Open the database read-only and check that the sweep exists. */
int xf_sel_open(xf_sel_opts *o, xf_db **db, xf_err *err);

#endif
