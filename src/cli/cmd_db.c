/* xformer db: maintenance of results databases - merge shards, check, re-run a stored run. */
#include "cli.h"
#include "xf/db.h"
#include "xf/sweep.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

static const char *const CMD = "db";

static void usage(FILE *out);

/* Remove a database file and SQLite's companions. */
static void remove_db(const char *path)
{
    static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
    for (int i = 0; i < 4; i++) {
        char p[4200];
        snprintf(p, sizeof p, "%s%s", path, ext[i]);
        unlink(p);
    }
}

static int merge(int argc, char **argv)
{
    xf_err err = {0};
    if (argc < 2)
        return xf_cli_usage_error(CMD, "merge needs OUT and at least one IN");
    /* every input's header and schema are checked before the output is created or opened;
     * its pages (quick_check) while it is merged, before the merge commits (xf_db_merge) */
    for (int i = 1; i < argc; i++) {
        xf_db *in = NULL;
        if (xf_db_open(argv[i], XF_DB_READ, &in, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
        xf_db_close(in);
    }
    struct stat st;
    int existed = stat(argv[0], &st) == 0;
    xf_db *out = NULL;
    if (xf_db_open(argv[0], XF_DB_CREATE, &out, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    for (int i = 1; i < argc; i++) {
        long long added = 0;
        if (xf_db_merge(out, argv[i], &added, &err) != XF_OK) {
            xf_db_close(out);
            if (!existed) /* an output this command created holds nothing half-merged */
                remove_db(argv[0]);
            return xf_cli_fail(CMD, &err);
        }
        printf("%s: %lld runs added to %s\n", argv[i], added, argv[0]);
    }
    xf_db_close(out);
    return fflush(stdout) == 0 ? XF_EXIT_OK : XF_EXIT_RUNTIME;
}

static int migrate(const char *path)
{
    xf_err err = {0};
    xf_db *db = NULL;
    if (xf_db_open(path, XF_DB_WRITE, &db, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    printf("%s: schema version %d\n", xf_db_path(db), xf_db_schema_version(db));
    xf_db_close(db);
    return fflush(stdout) == 0 ? XF_EXIT_OK : XF_EXIT_RUNTIME;
}

static int count_sweeps(const xf_db_sweep *s, void *ctx)
{
    long long *n = ctx;
    (void)s;
    (*n)++;
    return 0;
}

static int check(const char *path)
{
    xf_err err = {0};
    xf_db *db = NULL;
    if (xf_db_open(path, XF_DB_READ, &db, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    long long runs = 0, sweeps = 0;
    int rc = xf_db_integrity(db, &err);
    if (rc == XF_OK)
        rc = xf_db_runs_count(db, NULL, &runs, &err);
    if (rc == XF_OK)
        rc = xf_db_sweeps_each(db, 0, count_sweeps, &sweeps, &err);
    if (rc == XF_OK)
        printf("%s: xformer results database, schema version %d, integrity ok, %lld runs, "
               "%lld sweeps\n",
               xf_db_path(db), xf_db_schema_version(db), runs, sweeps);
    xf_db_close(db);
    return rc == XF_OK ? XF_EXIT_OK : xf_cli_fail(CMD, &err);
}

typedef struct {
    double lat, en;
    int found;
} stored;

static int grab(const xf_db_run *r, void *ctx)
{
    stored *s = ctx;
    s->lat = r->latency_s;
    s->en = r->energy_j;
    s->found = 1;
    return 0;
}

static int rerun(long long id, const char *path, const char *techlib)
{
    xf_err err = {0};
    xf_db *db = NULL;
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    if (xf_db_open(path, XF_DB_READ, &db, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    char expr[64];
    snprintf(expr, sizeof expr, "id=%lld", id);
    stored s = {0, 0, 0};
    xf_result *r = malloc(sizeof *r);
    int rc = r ? XF_OK : xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    if (rc == XF_OK)
        rc = xf_db_filter_add(&f, expr, &err);
    if (rc == XF_OK)
        rc = xf_db_runs_each(db, &f, grab, &s, &err);
    if (rc == XF_OK && !s.found)
        rc = xf_err_set(&err, XF_ERR_INPUT, "run %lld: no such run in %s", id, xf_db_path(db));
    if (rc == XF_OK)
        rc = xf_sweep_rerun(db, dir, id, r, &err);
    if (rc == XF_OK) {
        int same = r->latency == s.lat && r->energy == s.en;
        printf("run %lld: stored latency %.17g s, energy %.17g J\n"
               "        now    latency %.17g s, energy %.17g J: %s\n",
               id, s.lat, s.en, r->latency, r->energy, same ? "identical" : "DIFFERENT");
    }
    free(r);
    xf_db_close(db);
    return rc == XF_OK ? XF_EXIT_OK : xf_cli_fail(CMD, &err);
}

enum { O_DB = 300, O_TECHLIB };
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_db[] = {
    {"db", required_argument, O_DB, 0, "FILE", "@file",
     "results database (default results/xformer.db)"},
    {"techlib", required_argument, O_TECHLIB, 0, "DIR", "@dir", "technology library"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_db = {
    "db",
    "merge results databases (shards), check one, re-run a stored run",
    "xformer db merge OUT IN...\n"
    "xformer db check [--db FILE]\n"
    "xformer db migrate [--db FILE]\n"
    "xformer db rerun RUN [--db FILE] [--techlib DIR]",
    "  merge   fold the databases IN... into OUT (created when missing): configurations,\n"
    "          sweeps (by their spec), runs (by their identity) with their breakdowns;\n"
    "          nothing is duplicated, so shards of a sweep (xformer sweep --shard K/N)\n"
    "          merge into the whole sweep, and merging twice adds nothing\n"
    "  check   schema version, PRAGMA integrity_check and counts\n"
    "  migrate bring a database of an older schema version to this version (one\n"
    "          transaction per step; commands that write do it on their own)\n"
    "  rerun   evaluate a stored run again from its stored configuration text and\n"
    "          overrides, and compare the numbers (zoo models only)",
    xf_opts_db,
    "",
    xf_cmd_db,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_db);
}

int xf_cmd_db(int argc, char **argv)
{
    if (argc < 2)
        return xf_cli_usage_error(CMD, "expected merge, check, migrate or rerun");
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return XF_EXIT_OK;
    }
    const char *sub = argv[1];
    if (strcmp(sub, "merge") == 0) {
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
                usage(stdout);
                return XF_EXIT_OK;
            }
            if (argv[i][0] == '-')
                return xf_cli_usage_error(CMD, "unknown option '%s'", argv[i]);
        }
        return merge(argc - 2, argv + 2);
    }
    if (strcmp(sub, "check") != 0 && strcmp(sub, "rerun") != 0 && strcmp(sub, "migrate") != 0) {
        static const char *const subs[] = {"merge", "check", "rerun", "migrate"};
        const char *sug = xf_suggest(sub, subs, 4);
        if (sug)
            return xf_cli_usage_error(CMD, "unknown subcommand '%s'; did you mean '%s'?", sub, sug);
        return xf_cli_usage_error(
            CMD, "unknown subcommand '%s'; expected merge, check, migrate or rerun", sub);
    }
    const char *path = NULL, *techlib = NULL;
    int c;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc - 1, argv + 1, ":h",
                            xf_cli_longopts(xf_opts_db, lo, XF_CLI_MAX_OPTS), NULL)) != -1) {
        switch (c) {
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        case O_DB:
            path = optarg;
            break;
        case O_TECHLIB:
            techlib = optarg;
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv + 1);
        }
    }
    int rest = argc - 1 - optind;
    char **args = argv + 1 + optind;
    if (strcmp(sub, "check") == 0 || strcmp(sub, "migrate") == 0) {
        if (rest > 0)
            return xf_cli_usage_error(CMD, "unexpected argument '%s'", args[0]);
        return strcmp(sub, "check") == 0 ? check(path) : migrate(path);
    }
    if (rest != 1)
        return xf_cli_usage_error(CMD, "rerun needs one RUN number");
    long long id = 0;
    xf_err err = {0};
    if (xf_cli_parse_ll("rerun RUN", args[0], 1, 1LL << 62, &id, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    return rerun(id, path, techlib);
}
