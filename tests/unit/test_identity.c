/* A run's identity is its resolved configuration (src/db/resolved.c), its parameters are
 * typed in the database, and an old database keeps its runs when migrated. */
#include "xf_test.h"
#include "xf/db.h"
#include "xf/sweep.h"

#include <libgen.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char tmpdir[256];

/* The identity of arch (name or file) under the given techlib with overrides. */
static void identity(const char *techlib, const char *arch, const char *const *sets, int n,
                     char hash[XF_HASH_HEX], char *json, size_t jn)
{
    xf_err err = {0};
    xf_arch_spec *s0 = NULL, *s = NULL;
    xf_arch *a0 = malloc(sizeof *a0), *a = malloc(sizeof *a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a0 && a ? a : NULL);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load(techlib, arch, &s0, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(s0, a0, &err), XF_OK);
    xf_ident_base *b = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_ident_base_new(techlib, s0, a0, &b, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load(techlib, arch, &s, &err), XF_OK);
    for (int i = 0; i < n; i++)
        CU_ASSERT_EQUAL_FATAL(xf_arch_spec_set(s, sets[i], &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(s, a, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_ident_config(b, techlib, s, a, hash, json, jn, &err), XF_OK);
    xf_ident_base_free(b);
    xf_arch_spec_free(s0);
    xf_arch_spec_free(s);
    free(a0);
    free(a);
}

/* arch/xformer.cfg has pe.adc_bits = 8 and dataflow.sequence_block = 64. */
static void test_identity_rules(void)
{
    char h0[XF_HASH_HEX], h8[XF_HASH_HEX], h6[XF_HASH_HEX], ab[XF_HASH_HEX], ba[XF_HASH_HEX];
    char j[4096];
    identity("techlib", "xformer", NULL, 0, h0, j, sizeof j);
    CU_ASSERT_STRING_EQUAL(j, "{}");
    /* setting a key to the value it has changes nothing */
    const char *eight[] = {"pe.adc_bits=8"};
    identity("techlib", "xformer", eight, 1, h8, j, sizeof j);
    CU_ASSERT_STRING_EQUAL(h8, h0);
    CU_ASSERT_STRING_EQUAL(j, "{}");
    /* another value changes it, and only that parameter differs */
    const char *six[] = {"pe.adc_bits=6"};
    identity("techlib", "xformer", six, 1, h6, j, sizeof j);
    CU_ASSERT_STRING_NOT_EQUAL(h6, h0);
    CU_ASSERT_STRING_EQUAL(j, "{\"pe.adc_bits\":6}");
    /* the order of the overrides does not matter */
    const char *x[] = {"pe.adc_bits=6", "dataflow.sequence_block=128"};
    const char *y[] = {"dataflow.sequence_block=128", "pe.adc_bits=6"};
    identity("techlib", "xformer", x, 2, ab, j, sizeof j);
    identity("techlib", "xformer", y, 2, ba, NULL, 0);
    CU_ASSERT_STRING_EQUAL(ab, ba);
    CU_ASSERT_STRING_EQUAL(j, "{\"dataflow.sequence_block\":128,\"pe.adc_bits\":6}");
    /* a quantity in another unit is the same value: 50 ns = 0.05 us */
    const char *ns[] = {"pe.xbar_read_time_ns=50"};
    identity("techlib", "xformer", ns, 1, h8, j, sizeof j);
    CU_ASSERT_STRING_EQUAL(h8, h0);
}

/* A technology file whose value changes (the PUMAsim ADC's 0.225 pJ per bit made 0.25) changes
 * the identity; a changed comment does not. */
static void test_identity_follows_technology_values(void)
{
    char dir[512], cmd[2400], lib[600], arch[700];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "ident", "lib", dir, sizeof dir);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && cp -R techlib arch '%s'/", dir, dir,
             dir);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    snprintf(lib, sizeof lib, "%s/techlib", dir);
    snprintf(arch, sizeof arch, "%s/arch/xformer.cfg", dir);
    char h0[XF_HASH_HEX], h1[XF_HASH_HEX], h2[XF_HASH_HEX];
    identity(lib, arch, NULL, 0, h0, NULL, 0);
    snprintf(cmd, sizeof cmd, "echo '# a comment' >> '%s/periph/adc-pumasim.cfg'", lib);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    identity(lib, arch, NULL, 0, h1, NULL, 0);
    CU_ASSERT_STRING_EQUAL(h1, h0);
    snprintf(cmd, sizeof cmd,
             "sed -i 's/^energy_per_bit_pJ = 0.225;/energy_per_bit_pJ = 0.25;/' "
             "'%s/periph/adc-pumasim.cfg'",
             lib);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    identity(lib, arch, NULL, 0, h2, NULL, 0);
    CU_ASSERT_STRING_NOT_EQUAL(h2, h0);
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CU_ASSERT_EQUAL(system(cmd), 0);
}

static long long scalar(const char *path, const char *sql, double *real)
{
    sqlite3 *h = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW) {
            v = sqlite3_column_int64(st, 0);
            if (real)
                *real = sqlite3_column_double(st, 0);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static void sweep(const char *path, const char *seq, const char *set)
{
    xf_sweep_spec *s = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_sweep_spec_new("techlib", &s, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "arch", "xformer", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "model", "bert-base", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "seq", seq, &err), XF_OK);
    if (set)
        CU_ASSERT_EQUAL(xf_sweep_add(s, "set", set, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_sweep_prepare(s, &err), XF_OK);
    xf_db *db = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_CREATE, &db, &err), XF_OK);
    xf_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    xf_sweep_stats st;
    if (xf_sweep_run(s, db, &o, &st, &err) != XF_OK)
        fprintf(stderr, "\n  sweep: %s\n", err.msg);
    xf_db_close(db);
    xf_sweep_spec_free(s);
}

/* "Which pe.adc_bits minimises EDP at 512 tokens": runs at the file's default (8 bits, stored
 * without any override) and runs that set 6 and 7. A column of 128 rows of 2-bit cells needs 8
 * ADC bits (README: ISAAC's encoding saves one of 9), so 6 and 7 bits read fewer rows per
 * conversion: 7 bits reads 85 rows, 2 reads per step; 6 bits 42 rows, 4 reads: more time and
 * more conversions, so the default's 8 bits has the least EDP. The one query finds it, typed,
 * the default runs included; and --set pe.adc_bits=8 would be those same runs. */
static void test_typed_query(void)
{
    char path[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "ident", "edp.db", path, sizeof path);
    remove(path);
    sweep(path, "256,512", NULL);             /* defaults: 2 runs */
    sweep(path, "512", "pe.adc_bits=6..7+1"); /* 2 more */
    sweep(path, "512", "pe.adc_bits=8");      /* the default again: nothing new */
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs", NULL), 4);
    double best = 0;
    scalar(path,
           "SELECT p.value_num FROM runs r JOIN run_params p ON p.run_id = r.id AND "
           "p.key = 'pe.adc_bits' WHERE r.seq = 512 ORDER BY r.edp_js LIMIT 1",
           &best);
    CU_ASSERT_DOUBLE_EQUAL(best, 8.0, 0.0);
    CU_ASSERT_EQUAL(scalar(path,
                           "SELECT count(*) FROM run_params WHERE key = 'pe.adc_bits' AND "
                           "value_num = 8",
                           NULL),
                    2);
    /* the same through the filters of `xformer runs --where` */
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_READ, &db, &err), XF_OK);
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "pe.adc_bits=8", &err), XF_OK);
    long long n = 0;
    CU_ASSERT_EQUAL(xf_db_runs_count(db, &f, &n, &err), XF_OK);
    CU_ASSERT_EQUAL(n, 2);
    /* a selection gives every run its resolved value, stored override or not: 8, 8 (the
     * default runs at 256 and 512), 6, 7 */
    xf_db_sel sel;
    memset(&f, 0, sizeof f);
    CU_ASSERT_EQUAL_FATAL(xf_db_select(db, &f, 100, &sel, &err), XF_OK);
    CU_ASSERT_EQUAL(sel.n, 4);
    double sum = 0;
    for (int i = 0; i < sel.n; i++) {
        double v = 0;
        CU_ASSERT(xf_db_sel_param(&sel, i, "pe.adc_bits", &v, NULL, 0));
        sum += v;
    }
    CU_ASSERT_DOUBLE_EQUAL(sum, 8 + 8 + 6 + 7, 0.0);
    xf_db_sel_free(&sel);
    memset(&f, 0, sizeof f);
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "pe.xbar_read_time_ns=50", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_runs_count(db, &f, &n, &err), XF_OK);
    CU_ASSERT_EQUAL(n, 4); /* 50 ns read: every run */
    memset(&f, 0, sizeof f);
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "pe.adc_bitz=8", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_runs_count(db, &f, &n, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'pe.adc_bits'"));
    xf_db_close(db);
    /* and as a user meets it: one line, exit 2, nothing on standard output */
    char self[1024], cmd[3000], out[600], errf[600];
    ssize_t l = readlink("/proc/self/exe", self, sizeof self - 1);
    CU_ASSERT_FATAL(l > 0);
    self[l] = '\0';
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "ident", "out.txt", out, sizeof out);
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "ident", "err.txt", errf, sizeof errf);
    snprintf(cmd, sizeof cmd, "%s/xformer runs --db '%s' --where pe.adc_bitz=8 >'%s' 2>'%s'",
             dirname(self), path, out, errf);
    int st = system(cmd);
    CU_ASSERT(WIFEXITED(st) && WEXITSTATUS(st) == 2);
    FILE *fe = fopen(errf, "r"), *fo = fopen(out, "r");
    CU_ASSERT_FATAL(fe && fo);
    char line[600] = "";
    int lines = 0;
    while (fgets(line, sizeof line, fe))
        lines++;
    CU_ASSERT_EQUAL(lines, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(line, "no run in"));
    CU_ASSERT_EQUAL(fgetc(fo), EOF);
    fclose(fe);
    fclose(fo);
}

/* A version-1 database (the schema of xf_db_migrations[0], one run whose override is stored
 * as text, {"pe.adc_bits":"6"}) opens, migrates to the current version and keeps its run; the
 * override becomes a typed parameter of its configuration. */
static void test_migration_from_v1(void)
{
    extern const char *const xf_db_migrations[XF_DB_SCHEMA_VERSION];
    char path[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "ident", "v1.db", path, sizeof path);
    remove(path);
    sqlite3 *h = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(h, xf_db_migrations[0], NULL, NULL, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_exec(h,
                                 "INSERT INTO configs VALUES ('b', 'xformer', NULL, 'x', 'now');"
                                 "INSERT INTO runs(point_hash, config_hash, base_hash, arch, model,"
                                 " seq, batch, phase, context, latency_s, params, tool_version,"
                                 " created) VALUES ('p', 'c', 'b', 'xformer', 'bert-base', 512, 1,"
                                 " 'prefill', 0, 0.002, '{\"pe.adc_bits\":\"6\"}', '0.0.9', 'now');"
                                 "PRAGMA application_id = 1481002322; PRAGMA user_version = 1;",
                                 NULL, NULL, NULL),
                    SQLITE_OK);
    sqlite3_close(h);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_WRITE, &db, &err), XF_OK);
    xf_db_close(db);
    CU_ASSERT_EQUAL(scalar(path, "PRAGMA user_version", NULL), XF_DB_SCHEMA_VERSION);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs WHERE latency_s = 0.002", NULL), 1);
    double v = 0;
    scalar(path, "SELECT value_num FROM run_params WHERE key = 'pe.adc_bits'", &v);
    CU_ASSERT_DOUBLE_EQUAL(v, 6.0, 0.0);
}

static void test_cleanup(void)
{
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(identity) = {
    {"identity: defaults, values, order, units", test_identity_rules},
    {"identity follows technology values, not comments", test_identity_follows_technology_values},
    {"typed parameters: the EDP query, default runs included", test_typed_query},
    {"a version-1 database migrates and keeps its runs", test_migration_from_v1},
    {"cleanup", test_cleanup},
    {NULL, NULL}};
