/* Results database: schema and versioning, identity and canonical overrides, storing runs
 * (duplicates ignored), filters that treat values as data, sweeps, merging, a full disk,
 * concurrent writers. Synthetic xf_result values: the evaluation itself is tested elsewhere. */
#include "xf_test.h"

#include "xf/db.h"

#include <dirent.h>
#include <math.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------- helpers */

static char tmpdir[256];

static const char *tmp_path(const char *name, char *buf, size_t n)
{
    return xf_test_tmp_path(tmpdir, sizeof tmpdir, "db", name, buf, n);
}

static void rm_db(const char *path)
{
    char b[600];
    unlink(path);
    snprintf(b, sizeof b, "%s-wal", path);
    unlink(b);
    snprintf(b, sizeof b, "%s-shm", path);
    unlink(b);
}

static xf_db *open_new(const char *name)
{
    char p[512];
    tmp_path(name, p, sizeof p);
    rm_db(p);
    xf_db *db = NULL;
    xf_err err = {0};
    int rc = xf_db_open(p, XF_DB_CREATE, &db, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  open %s: %s\n", p, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    return db;
}

static long long scalar(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static void fake_result(xf_result *r, double lat)
{
    memset(r, 0, sizeof *r);
    r->latency = lat;
    r->energy = 2 * lat;
    r->area = 1e-4;
    r->power = 2;
    r->tops = 3;
    r->tops_per_w = 1.5;
    r->edp = r->energy * r->latency;
    r->nvm_writes = 7;
    r->energy_by_comp[XF_COMP_ADC] = lat;
    r->energy_by_comp[XF_COMP_XBAR] = lat;
    r->area_by_comp[XF_COMP_ADC] = 5e-5;
    r->n_layers = 1;
    snprintf(r->layers[0].name, sizeof r->layers[0].name, "enc");
    r->layers[0].repeat = 12;
    r->layers[0].n_ops = 2;
    r->layers[0].cap = 2;
    r->n_rows = 2;
    r->rows[0].name = "q_proj";
    r->rows[1].name = "qk";
    r->layers[0].latency = lat / 12;
    r->layers[0].energy = lat / 6;
}

/* A synthetic row with identity derived from k. */
static void fake_row(xf_db_row *row, char *ph, char *ch, char *bh, long long k, const char *arch,
                     const char *model, long long seq)
{
    char t[64];
    snprintf(t, sizeof t, "point-%lld-%s-%s-%lld", k, arch, model, seq);
    xf_hash_hex(t, strlen(t), ph);
    xf_hash_hex(arch, strlen(arch), ch);
    xf_hash_hex("base", 4, bh);
    memset(row, 0, sizeof *row);
    row->point_hash = ph;
    row->config_hash = ch;
    row->base_hash = bh;
    row->point_idx = -1;
    row->arch = arch;
    row->model = model;
    row->phase = "prefill";
    row->seq = seq;
    row->batch = 1;
    row->latency_s = 1e-3 * (double)(k + 1);
    row->energy_j = 2e-3 * (double)(k + 1);
    row->params = "{}";
}

static void put_base(xf_db *db)
{
    char bh[XF_HASH_HEX];
    xf_hash_hex("base", 4, bh);
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_put_config(db, bh, "arch", "arch/x.cfg", "text", &err), XF_OK);
}

static long long count_runs(xf_db *db)
{
    long long n = -1;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_runs_count(db, NULL, &n, &err), XF_OK);
    return n;
}

/* --------------------------------------------------------------------- schema */

static void test_create_schema(void)
{
    xf_db *db = open_new("a.db");
    CU_ASSERT_EQUAL(xf_db_schema_version(db), XF_DB_SCHEMA_VERSION);
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_integrity(db, &err), XF_OK);
    char p[512];
    snprintf(p, sizeof p, "%s", xf_db_path(db));
    xf_db_close(db);
    CU_ASSERT_EQUAL(scalar(p, "PRAGMA application_id"), XF_DB_APP_ID);
    sqlite3 *h = NULL;
    sqlite3_open(p, &h);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(h, "PRAGMA journal_mode", -1, &st, NULL);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_STRING_EQUAL((const char *)sqlite3_column_text(st, 0), "wal");
    sqlite3_finalize(st);
    sqlite3_close(h);
    /* every table of the issue, and the views */
    static const char *const names[] = {"runs",          "configs",           "sweeps",
                                        "sweep_links",   "run_params",        "sweep_runs",
                                        "layer_results", "component_results", "schema_doc"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char q[160];
        snprintf(q, sizeof q, "SELECT count(*) FROM sqlite_master WHERE name = '%s'", names[i]);
        CU_ASSERT_EQUAL(scalar(p, q), 1);
    }
    /* the eval CSV headline columns are all in runs */
    static const char *const cols[] = {"arch",       "model",    "seq",       "batch",   "phase",
                                       "latency_s",  "energy_j", "area_mm2",  "power_w", "tops",
                                       "tops_per_w", "edp_js",   "nvm_writes"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++) {
        char q[160];
        snprintf(q, sizeof q, "SELECT count(*) FROM pragma_table_info('runs') WHERE name = '%s'",
                 cols[i]);
        CU_ASSERT_EQUAL(scalar(p, q), 1);
    }
    /* reopening is fine and keeps the version */
    CU_ASSERT_EQUAL(xf_db_open(p, XF_DB_WRITE, &db, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_schema_version(db), XF_DB_SCHEMA_VERSION);
    xf_db_close(db);
    CU_ASSERT_EQUAL(xf_db_open(p, XF_DB_READ, &db, &err), XF_OK);
    xf_db_close(db);
}

static void expect_open_error(const char *path, int mode, int code, const char *frag)
{
    xf_db *db = NULL;
    xf_err err = {0};
    int rc = xf_db_open(path, mode, &db, &err);
    CU_ASSERT_EQUAL(rc, code);
    CU_ASSERT_PTR_NULL(db);
    if (!strstr(err.msg, frag))
        fprintf(stderr, "\n  expected '%s' in: %s\n", frag, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
    xf_db_close(db);
}

static void test_open_errors(void)
{
    char p[512];
    /* not an SQLite file */
    tmp_path("text.db", p, sizeof p);
    FILE *f = fopen(p, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    for (int i = 0; i < 100; i++)
        fputs("this is not a database, just text\n", f);
    fclose(f);
    expect_open_error(p, XF_DB_CREATE, XF_ERR_INPUT, "not an SQLite database");
    expect_open_error(p, XF_DB_READ, XF_ERR_INPUT, "not an SQLite database");
    /* an SQLite file of another program */
    tmp_path("other.db", p, sizeof p);
    rm_db(p);
    sqlite3 *h = NULL;
    sqlite3_open(p, &h);
    sqlite3_exec(h, "CREATE TABLE t(x)", NULL, NULL, NULL);
    sqlite3_close(h);
    expect_open_error(p, XF_DB_CREATE, XF_ERR_INPUT, "not an xformer results database");
    /* a newer schema */
    xf_db *db = open_new("newer.db");
    snprintf(p, sizeof p, "%s", xf_db_path(db));
    xf_db_close(db);
    sqlite3_open(p, &h);
    sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(h);
    expect_open_error(p, XF_DB_CREATE, XF_ERR_INPUT, "newer");
    expect_open_error(p, XF_DB_READ, XF_ERR_INPUT, "schema version 99");
    /* missing file, missing folder, a directory */
    tmp_path("missing.db", p, sizeof p);
    rm_db(p);
    expect_open_error(p, XF_DB_READ, XF_ERR_INPUT, "no such database");
    tmp_path("nofolder/x.db", p, sizeof p);
    expect_open_error(p, XF_DB_CREATE, XF_ERR_INPUT, "does not exist");
    expect_open_error(tmpdir, XF_DB_CREATE, XF_ERR_INPUT, "is a directory");
    /* an empty file is a fresh database */
    tmp_path("empty.db", p, sizeof p);
    rm_db(p);
    f = fopen(p, "w");
    fclose(f);
    expect_open_error(p, XF_DB_READ, XF_ERR_INPUT, "empty database");
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_open(p, XF_DB_CREATE, &db, &err), XF_OK);
    xf_db_close(db);
}

static void test_migration_from_v0(void)
{
    /* version 0 = no schema: a migration creates it in one transaction; a second process
     * opening at the same time finds it done */
    char p[512];
    tmp_path("mig.db", p, sizeof p);
    rm_db(p);
    xf_db *a = NULL, *b = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_open(p, XF_DB_CREATE, &a, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_open(p, XF_DB_CREATE, &b, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_schema_version(b), XF_DB_SCHEMA_VERSION);
    xf_db_close(a);
    xf_db_close(b);
    CU_ASSERT_EQUAL(scalar(p, "SELECT count(*) FROM sqlite_master WHERE name = 'runs'"), 1);
}

/* ------------------------------------------------------------------- identity */

static void test_canonical_overrides(void)
{
    char h1[XF_HASH_HEX], h2[XF_HASH_HEX], h3[XF_HASH_HEX], json[256];
    xf_err err = {0};
    const char *a[] = {"pe.adc_bits=6", "ae.tiles = 16.0"};
    const char *b[] = {"ae.tiles=16", "pe.adc_bits=7", "pe.adc_bits=6"};
    CU_ASSERT_EQUAL(xf_config_hash("base", a, 2, h1, json, sizeof json, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(json, "{\"ae.tiles\":\"16\",\"pe.adc_bits\":\"6\"}");
    CU_ASSERT_EQUAL(xf_config_hash("base", b, 3, h2, NULL, 0, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(h1, h2);
    CU_ASSERT_EQUAL(xf_config_hash("base2", b, 3, h3, NULL, 0, &err), XF_OK);
    CU_ASSERT_STRING_NOT_EQUAL(h1, h3);
    CU_ASSERT_EQUAL(strlen(h1), 32);
    CU_ASSERT_EQUAL(xf_config_hash("base", NULL, 0, h3, json, sizeof json, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(json, "{}");
    const char *bad[] = {"novalue"};
    CU_ASSERT_EQUAL(xf_config_hash("base", bad, 1, h3, NULL, 0, &err), XF_ERR_INPUT);
    xf_err_clear(&err);
    /* JSON escapes, and reading back */
    const char *q[] = {"x.name=a\"b\\c", "y=1e3"};
    CU_ASSERT_EQUAL(xf_config_hash("base", q, 2, h3, json, sizeof json, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(json, "{\"x.name\":\"a\\\"b\\\\c\",\"y\":\"1000\"}");
    char v[64];
    CU_ASSERT_STRING_EQUAL(xf_db_param(json, "x.name", v, sizeof v), "a\"b\\c");
    CU_ASSERT_STRING_EQUAL(xf_db_param(json, "y", v, sizeof v), "1000");
    CU_ASSERT_PTR_NULL(xf_db_param(json, "z", v, sizeof v));
    char c[32];
    CU_ASSERT_STRING_EQUAL(xf_canon_value("1.50", c, sizeof c), "1.5");
    CU_ASSERT_STRING_EQUAL(xf_canon_value(" 007 ", c, sizeof c), "7");
    CU_ASSERT_STRING_EQUAL(xf_canon_value("-0.0", c, sizeof c), "0");
    CU_ASSERT_STRING_EQUAL(xf_canon_value("fp16", c, sizeof c), "fp16");
    CU_ASSERT_STRING_EQUAL(xf_canon_value("inf", c, sizeof c), "inf");
    /* hashes are stable across builds (the identity of stored points depends on them) */
    char h[XF_HASH_HEX];
    xf_hash_hex("", 0, h);
    CU_ASSERT_STRING_EQUAL(h, "00000000000000000000000000000000");
    xf_hash_hex("The quick brown fox jumps over the lazy dog", 43, h);
    CU_ASSERT_STRING_EQUAL(h, "e34bbc7bbc071b6c7a433ca9c49a9347");
}

static void test_model_and_point_hash(void)
{
    const xf_model *m = xf_zoo_find("bert-base");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    xf_model copy = *m;
    char k1[XF_HASH_HEX], k2[XF_HASH_HEX], p1[XF_HASH_HEX], p2[XF_HASH_HEX];
    xf_model_key(m, k1);
    xf_model_key(&copy, k2);
    CU_ASSERT_STRING_EQUAL(k1, k2);
    copy.layers = 13;
    xf_model_key(&copy, k2);
    CU_ASSERT_STRING_NOT_EQUAL(k1, k2);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    xf_point_hash("cfg", k1, &p, p1);
    p.seq = 129;
    xf_point_hash("cfg", k1, &p, p2);
    CU_ASSERT_STRING_NOT_EQUAL(p1, p2);
}

/* -------------------------------------------------------------------- storing */

static void test_store_runs_and_duplicates(void)
{
    xf_db *db = open_new("runs.db");
    put_base(db);
    xf_err err = {0};
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    CU_ASSERT_EQUAL(xf_db_begin(db, &err), XF_OK);
    for (int k = 0; k < 100; k++) {
        fake_row(&row, ph, ch, bh, k, "xformer", "bert-base", 128);
        int outcome = 0;
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, &outcome, NULL, &err), XF_OK);
        CU_ASSERT_EQUAL(outcome, XF_DB_STORED);
    }
    CU_ASSERT_EQUAL(xf_db_commit(db, &err), XF_OK);
    CU_ASSERT_EQUAL(count_runs(db), 100);
    /* the same points again: nothing stored */
    for (int k = 0; k < 100; k++) {
        fake_row(&row, ph, ch, bh, k, "xformer", "bert-base", 128);
        int outcome = 0;
        long long id = 0;
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, &outcome, &id, &err), XF_OK);
        CU_ASSERT_EQUAL(outcome, XF_DB_EXISTED);
        CU_ASSERT_EQUAL(id, k + 1);
    }
    CU_ASSERT_EQUAL(count_runs(db), 100);
    /* a reference to a configuration that is not stored is refused */
    fake_row(&row, ph, ch, bh, 1000, "xformer", "bert-base", 128);
    row.base_hash = "0123";
    CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_ERR_RUNTIME);
    CU_ASSERT_EQUAL(count_runs(db), 100);
    xf_db_close(db);
}

static void test_store_run_with_breakdowns(void)
{
    xf_db *db = open_new("store.db");
    xf_workload *w = malloc(sizeof *w);
    xf_result *r = malloc(sizeof *r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 128;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_workload_build(xf_zoo_find("bert-base"), &p, w, &err), XF_OK);
    fake_result(r, 1e-3);
    const char *sets[] = {"pe.adc_bits=6"};
    xf_arch_spec *spec = NULL;
    xf_arch *arch = malloc(sizeof *arch);
    CU_ASSERT_PTR_NOT_NULL_FATAL(arch);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load("techlib", "xformer", &spec, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_set(spec, sets[0], &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(spec, arch, &err), XF_OK);
    xf_run_meta meta = {"xformer", arch->file, "name = \"xformer\";\n", sets, 1, w, "techlib",
                        spec,      arch};
    int outcome = 0;
    long long id = 0;
    CU_ASSERT_EQUAL(xf_db_store_run(db, &meta, r, 1, &outcome, &id, &err), XF_OK);
    CU_ASSERT_EQUAL(outcome, XF_DB_STORED);
    CU_ASSERT_EQUAL(xf_db_store_run(db, &meta, r, 1, &outcome, &id, &err), XF_OK);
    CU_ASSERT_EQUAL(outcome, XF_DB_EXISTED);
    double e[XF_COMP_COUNT], a[XF_COMP_COUNT];
    int found = 0;
    CU_ASSERT_EQUAL(xf_db_components(db, id, e, a, &found, &err), XF_OK);
    CU_ASSERT_EQUAL(found, 2);
    CU_ASSERT_DOUBLE_EQUAL(e[XF_COMP_ADC], 1e-3, 1e-15);
    CU_ASSERT_DOUBLE_EQUAL(a[XF_COMP_ADC], 50, 1e-9); /* 5e-5 m^2 = 50 mm^2 */
    char path[512];
    snprintf(path, sizeof path, "%s", xf_db_path(db));
    xf_db_close(db);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM layer_results"), 3);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM configs"), 1);
    /* typed: the override is the one parameter that differs from the file (which has 8) */
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM run_params WHERE key = 'pe.adc_bits' AND "
                                 "value_num = 6"),
                    1);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM config_params"), 1);
    CU_ASSERT_EQUAL(scalar(path, "SELECT value_num FROM base_params WHERE key = 'pe.adc_bits'"), 8);
    CU_ASSERT_EQUAL(scalar(path, "SELECT seq * 1000 + batch FROM runs"), 128001);
    xf_arch_spec_free(spec);
    free(arch);
    free(w);
    free(r);
}

/* --------------------------------------------------------------------- filters */

typedef struct {
    int n;
    long long seq_sum;
} counter;

static int count_fn(const xf_db_run *r, void *ctx)
{
    counter *c = ctx;
    c->n++;
    c->seq_sum += r->seq;
    return 0;
}

static int select_n(xf_db *db, const char *const *exprs, int n, xf_err *err)
{
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    for (int i = 0; i < n; i++)
        if (xf_db_filter_add(&f, exprs[i], err) != XF_OK)
            return -1;
    counter c = {0, 0};
    if (xf_db_runs_each(db, &f, count_fn, &c, err) != XF_OK)
        return -1;
    return c.n;
}

static void test_filters(void)
{
    xf_db *db = open_new("filters.db");
    put_base(db);
    xf_err err = {0};
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    static const char *const models[] = {"bert-base", "bert-large", "x' OR '1'='1"};
    for (int k = 0; k < 30; k++) {
        fake_row(&row, ph, ch, bh, k, k % 2 ? "puma" : "xformer", models[k % 3], 64 << (k % 4));
        row.params = k % 5 == 0 ? "{\"pe.adc_bits\":\"6\"}" : "{\"pe.adc_bits\":\"8\"}";
        row.resolved = k % 5 == 0 ? "{\"pe.adc_bits\":6}" : "{\"pe.adc_bits\":8}"; /* typed */
        char named[96]; /* a configuration is named by what it resolves to */
        snprintf(named, sizeof named, "%s%s", row.arch, row.resolved);
        xf_hash_hex(named, strlen(named), ch);
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_OK);
    }
    const char *e1[] = {"model=bert-base"};
    CU_ASSERT_EQUAL(select_n(db, e1, 1, &err), 10);
    const char *e2[] = {"model=bert-base", "arch = xformer"};
    CU_ASSERT_EQUAL(select_n(db, e2, 2, &err), 5);
    const char *e3[] = {"seq>=256"};
    CU_ASSERT_EQUAL(select_n(db, e3, 1, &err), 14);
    const char *e4[] = {"pe.adc_bits=6"};
    CU_ASSERT_EQUAL(select_n(db, e4, 1, &err), 6);
    const char *e5[] = {"pe.adc_bits<7.5", "arch!=puma"};
    CU_ASSERT_EQUAL(select_n(db, e5, 2, &err), 3);
    /* SQL in a value is data: it matches only the row whose model is that text */
    const char *e6[] = {"model=bert-base' OR '1'='1"};
    CU_ASSERT_EQUAL(select_n(db, e6, 1, &err), 0);
    const char *e7[] = {"model=x' OR '1'='1"};
    CU_ASSERT_EQUAL(select_n(db, e7, 1, &err), 10);
    const char *e8[] = {"arch=\"; DROP TABLE runs; --"};
    CU_ASSERT_EQUAL(select_n(db, e8, 1, &err), 0);
    CU_ASSERT_EQUAL(count_runs(db), 30);
    CU_ASSERT_EQUAL(err.code, XF_OK);
    /* bad columns and values */
    const char *b1[] = {"modle=bert-base"};
    CU_ASSERT_EQUAL(select_n(db, b1, 1, &err), -1);
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'model'"));
    xf_err_clear(&err);
    const char *b2[] = {"seq=abc"};
    CU_ASSERT_EQUAL(select_n(db, b2, 1, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a number"));
    xf_err_clear(&err);
    const char *b3[] = {"seq"};
    CU_ASSERT_EQUAL(select_n(db, b3, 1, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no comparison"));
    xf_err_clear(&err);
    const char *b4[] = {"id);DROP TABLE runs;--=1"};
    CU_ASSERT_EQUAL(select_n(db, b4, 1, &err), -1);
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    xf_err_clear(&err);
    /* limit and newest first */
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    f.limit = 3;
    f.newest_first = 1;
    counter c = {0, 0};
    CU_ASSERT_EQUAL(xf_db_runs_each(db, &f, count_fn, &c, &err), XF_OK);
    CU_ASSERT_EQUAL(c.n, 3);
    /* the column list matches the column table */
    const char *const *names = xf_db_columns();
    int n = 0;
    for (; names[n]; n++)
        CU_ASSERT_EQUAL(xf_db_column(names[n], NULL), n);
    CU_ASSERT(n >= 19);
    xf_db_close(db);
}

/* ----------------------------------------------------------------------- sweeps */

static void test_sweep_records(void)
{
    xf_db *db = open_new("sweeps.db");
    put_base(db);
    xf_err err = {0};
    long long id = 0, done = -1, id2 = 0;
    CU_ASSERT_EQUAL(xf_db_sweep_open(db, "h1", "spec", 4, NULL, 0, &id, &done, NULL, &err), XF_OK);
    CU_ASSERT_EQUAL(done, 0);
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    /* a point that an eval stored before the sweep: linked, not duplicated */
    fake_row(&row, ph, ch, bh, 0, "xformer", "bert-base", 128);
    CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_begin(db, &err), XF_OK);
    for (int k = 0; k < 3; k++) {
        fake_row(&row, ph, ch, bh, k, "xformer", "bert-base", 128);
        row.sweep_id = id;
        row.point_idx = k;
        int outcome;
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, &outcome, NULL, &err), XF_OK);
        CU_ASSERT_EQUAL(outcome, k == 0 ? XF_DB_EXISTED : XF_DB_STORED);
    }
    CU_ASSERT_EQUAL(xf_db_sweep_progress(db, id, 3, 0, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_commit(db, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_sweep_finish(db, id, "interrupted", &err), XF_OK);
    CU_ASSERT_EQUAL(count_runs(db), 3);
    /* reopen the same spec: same id, 3 points done */
    CU_ASSERT_EQUAL(xf_db_sweep_open(db, "h1", "spec", 4, NULL, 0, &id2, &done, NULL, &err), XF_OK);
    CU_ASSERT_EQUAL(id2, id);
    CU_ASSERT_EQUAL(done, 3);
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    f.sweep_id = id;
    long long n = 0;
    CU_ASSERT_EQUAL(xf_db_runs_count(db, &f, &n, &err), XF_OK);
    CU_ASSERT_EQUAL(n, 3);
    fake_row(&row, ph, ch, bh, 3, "xformer", "bert-base", 128);
    row.sweep_id = id;
    row.point_idx = 3;
    CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_sweep_finish(db, id, "interrupted", &err), XF_OK);
    char path[512];
    snprintf(path, sizeof path, "%s", xf_db_path(db));
    xf_db_close(db);
    CU_ASSERT_EQUAL(scalar(path, "SELECT points_done FROM sweeps"), 4);
    CU_ASSERT_EQUAL(scalar(path, "SELECT status = 'done' FROM sweeps"), 1);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM sweep_runs WHERE sweep_id = 1"), 4);
    CU_ASSERT_EQUAL(xf_db_open(path, XF_DB_READ, &db, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_sweeps_each(db, 77, NULL, NULL, &err), XF_ERR_INPUT);
    xf_db_close(db);
}

/* ------------------------------------------------------------------------ merge */

static void fill(xf_db *db, int from, int to, const char *spec_hash)
{
    put_base(db);
    xf_err err = {0};
    long long id = 0, done = 0;
    CU_ASSERT_EQUAL(xf_db_sweep_open(db, spec_hash, "spec", 100, "1/2", 1, &id, &done, NULL, &err),
                    XF_OK);
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    xf_result r;
    CU_ASSERT_EQUAL(xf_db_begin(db, &err), XF_OK);
    for (int k = from; k < to; k++) {
        fake_row(&row, ph, ch, bh, k, "xformer", "bert-base", 128);
        row.sweep_id = id;
        row.point_idx = k;
        fake_result(&r, 1e-3 * (k + 1));
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, &r, NULL, NULL, &err), XF_OK);
    }
    CU_ASSERT_EQUAL(xf_db_commit(db, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_sweep_finish(db, id, "partial", &err), XF_OK);
}

static void test_merge(void)
{
    xf_db *a = open_new("m1.db"), *b = open_new("m2.db"), *out = open_new("mout.db");
    fill(a, 0, 60, "S");
    fill(b, 40, 100, "S");
    char pa[512], pb[512], po[512];
    snprintf(pa, sizeof pa, "%s", xf_db_path(a));
    snprintf(pb, sizeof pb, "%s", xf_db_path(b));
    snprintf(po, sizeof po, "%s", xf_db_path(out));
    xf_db_close(a);
    xf_db_close(b);
    xf_err err = {0};
    long long added = 0;
    CU_ASSERT_EQUAL(xf_db_merge(out, pa, &added, &err), XF_OK);
    CU_ASSERT_EQUAL(added, 60);
    CU_ASSERT_EQUAL(xf_db_merge(out, pb, &added, &err), XF_OK);
    CU_ASSERT_EQUAL(added, 40);
    CU_ASSERT_EQUAL(xf_db_merge(out, pb, &added, &err), XF_OK);
    CU_ASSERT_EQUAL(added, 0);
    CU_ASSERT_EQUAL(count_runs(out), 100);
    CU_ASSERT_EQUAL(xf_db_integrity(out, &err), XF_OK);
    /* itself, a non-database */
    CU_ASSERT_EQUAL(xf_db_merge(out, po, &added, &err), XF_ERR_INPUT);
    xf_err_clear(&err);
    char pt[512];
    tmp_path("text.db", pt, sizeof pt);
    CU_ASSERT_EQUAL(xf_db_merge(out, pt, &added, &err), XF_ERR_INPUT);
    xf_err_clear(&err);
    xf_db_close(out);
    CU_ASSERT_EQUAL(scalar(po, "SELECT count(*) FROM sweeps"), 1);
    CU_ASSERT_EQUAL(scalar(po, "SELECT points_done FROM sweeps"), 100);
    CU_ASSERT_EQUAL(scalar(po, "SELECT status = 'done' FROM sweeps"), 1);
    CU_ASSERT_EQUAL(scalar(po, "SELECT count(*) FROM sweep_runs"), 100);
    CU_ASSERT_EQUAL(scalar(po, "SELECT count(*) FROM component_results"), 200);
    CU_ASSERT_EQUAL(scalar(po, "SELECT count(*) FROM layer_results"), 300);
    CU_ASSERT_EQUAL(scalar(po, "SELECT count(*) FROM configs"), 1);
}

/* -------------------------------------------------------------------- disk full */

static void test_disk_full(void)
{
    xf_db *db = open_new("full.db");
    put_base(db);
    xf_err err = {0};
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    CU_ASSERT_EQUAL(xf_db_set_max_pages(db, 40, &err), XF_OK);
    int k = 0, rc = XF_OK;
    long long committed = 0;
    while (rc == XF_OK && k < 100000) {
        rc = xf_db_begin(db, &err);
        for (int j = 0; j < 50 && rc == XF_OK; j++, k++) {
            fake_row(&row, ph, ch, bh, k, "xformer", "bert-base", 128);
            rc = xf_db_insert_run(db, &row, NULL, NULL, NULL, &err);
        }
        if (rc == XF_OK)
            rc = xf_db_commit(db, &err);
        else
            xf_db_rollback(db);
        if (rc == XF_OK)
            committed = k;
    }
    CU_ASSERT_EQUAL(rc, XF_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "full"));
    CU_ASSERT(committed > 0);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_db_integrity(db, &err), XF_OK);
    CU_ASSERT_EQUAL(count_runs(db), committed);
    xf_db_close(db);
}

/* ------------------------------------------------------------ concurrent writers */

typedef struct {
    char path[512];
    int base, rc;
} writer_arg;

static void *writer(void *p)
{
    writer_arg *a = p;
    xf_db *db = NULL;
    xf_err err = {0};
    a->rc = xf_db_open(a->path, XF_DB_CREATE, &db, &err);
    char ph[XF_HASH_HEX], ch[XF_HASH_HEX], bh[XF_HASH_HEX];
    xf_db_row row;
    for (int b = 0; b < 20 && a->rc == XF_OK; b++) {
        a->rc = xf_db_begin(db, &err);
        for (int j = 0; j < 100 && a->rc == XF_OK; j++) {
            fake_row(&row, ph, ch, bh, a->base + b * 100 + j, "xformer", "bert-base", 128);
            a->rc = xf_db_insert_run(db, &row, NULL, NULL, NULL, &err);
        }
        if (a->rc == XF_OK)
            a->rc = xf_db_commit(db, &err);
    }
    if (a->rc != XF_OK)
        fprintf(stderr, "\n  writer: %s\n", err.msg);
    xf_db_close(db);
    return NULL;
}

static void test_concurrent_writers(void)
{
    xf_db *db = open_new("conc.db");
    put_base(db);
    writer_arg a[2];
    pthread_t t[2];
    for (int i = 0; i < 2; i++) {
        snprintf(a[i].path, sizeof a[i].path, "%s", xf_db_path(db));
        a[i].base = i * 100000;
        pthread_create(&t[i], NULL, writer, &a[i]);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
        CU_ASSERT_EQUAL(a[i].rc, XF_OK);
    }
    CU_ASSERT_EQUAL(count_runs(db), 4000);
    xf_db_close(db);
}

static void test_cleanup(void)
{
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(db) = {{"create schema (tables, WAL, app id)", test_create_schema},
                {"open errors: not SQLite, foreign, newer, missing", test_open_errors},
                {"migration from version 0, two openers", test_migration_from_v0},
                {"canonical overrides and hashes", test_canonical_overrides},
                {"model and point identity", test_model_and_point_hash},
                {"store runs, duplicates ignored", test_store_runs_and_duplicates},
                {"store_run with breakdowns and params", test_store_run_with_breakdowns},
                {"filters: values are data, columns validated", test_filters},
                {"sweep records, links, resume count", test_sweep_records},
                {"merge without duplicates", test_merge},
                {"full disk: clean error, intact file", test_disk_full},
                {"two concurrent writers lose nothing", test_concurrent_writers},
                {"cleanup", test_cleanup},
                {NULL, NULL}};
