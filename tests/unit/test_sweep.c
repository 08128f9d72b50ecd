/* Sweeps: the range parser (every form and every error), the Cartesian product, and real
 * sweeps into a database: exact counts, rerun adds nothing, SIGKILL mid-sweep then resume,
 * an interrupted sweep, two sweeps writing one file at once, shards merged, and a stored run
 * re-evaluated from its stored configuration. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/eval.h"
#include "xf/sweep.h"

#include <dirent.h>
#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---------------------------------------------------------------------- ranges */

static void values(const char *text, const char *const *expect, int n)
{
    xf_range r;
    xf_err err = {0};
    int rc = xf_range_parse(text, "--set k=", &r, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  %s: %s\n", text, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    CU_ASSERT_EQUAL(r.count, n);
    for (int i = 0; i < n && i < r.count; i++) {
        char buf[64];
        xf_range_value(&r, i, buf, sizeof buf);
        if (strcmp(buf, expect[i]) != 0)
            fprintf(stderr, "\n  %s[%d] = %s, expected %s\n", text, i, buf, expect[i]);
        CU_ASSERT_STRING_EQUAL(buf, expect[i]);
    }
    xf_range_free(&r);
}

static void test_range_forms(void)
{
    const char *l[] = {"4", "6", "8"};
    values("4,6,8", l, 3);
    const char *l2[] = {"fp16", "int8"};
    values(" fp16 , int8 ", l2, 2);
    const char *l3[] = {"1.5", "2"};
    values("1.50,2.0", l3, 2);
    const char *one[] = {"7"};
    values("7", one, 1);
    const char *a[] = {"1", "3", "5", "7", "9"};
    values("1..10+2", a, 5);
    const char *a2[] = {"0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1"};
    values("0.1..1+0.1", a2, 10);
    const char *a3[] = {"-2", "-1", "0"};
    values("-2..0+1", a3, 3);
    const char *g[] = {"64", "128", "256", "512", "1024", "2048", "4096"};
    values("64..4096*2", g, 7);
    const char *g2[] = {"1", "3", "9"};
    values("1..10*3", g2, 3);
    const char *g3[] = {"1", "1.5", "2.25", "3.375"};
    values("1..4*1.5", g3, 4);
    const char *e[] = {"1000", "10000", "100000"};
    values("1e3..1e+5*10", e, 3);
    const char *p[] = {"../x.cfg"};
    values("../x.cfg", p, 1);
    const char *single[] = {"5"};
    values("5..5+1", single, 1);
}

static void bad(const char *text, const char *frag)
{
    xf_range r;
    xf_err err = {0};
    int rc = xf_range_parse(text, "--set k=", &r, &err);
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    if (rc == XF_OK)
        xf_range_free(&r);
    if (!strstr(err.msg, frag))
        fprintf(stderr, "\n  '%s': expected '%s' in: %s\n", text, frag, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
}

static void test_range_errors(void)
{
    bad("1..", "missing upper bound");
    bad("1..+1", "missing upper bound");
    bad("..5", "missing lower bound");
    bad("..5+1", "missing lower bound");
    bad("5..1+1", "lower bound 5 exceeds upper bound 1");
    bad("1..5+0", "expected a step > 0");
    bad("1..5+-1", "expected a step > 0");
    bad("1..5*1", "expected a factor > 1");
    bad("1..5*0.5", "expected a factor > 1");
    bad("0..5*2", "needs lo > 0");
    bad("1..5", "missing +step or *factor");
    bad("a..5+1", "lower bound 'a' is not a number");
    bad("1..b+1", "upper bound 'b' is not a number");
    bad("1..5+x", "step 'x' is not a number");
    bad("1..5*2x", "factor '2x' is not a number");
    bad("nan..5+1", "not a number");
    bad("1..inf+1", "not a number");
    bad("0x10..20+1", "not a number");
    bad("", "empty value");
    bad("1,,2", "empty item");
    bad("1,", "empty item");
    bad("1..1e12+1", "more than");
}

/* --------------------------------------------------------------- database helpers */

static char tmpdir[256];

static const char *tmp_path(const char *name, char *buf, size_t n)
{
    return xf_test_tmp_path(tmpdir, sizeof tmpdir, "sweep", name, buf, n);
}

static long long scalar(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    long long v = -1;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_busy_timeout(h, 10000);
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(h);
    return v;
}

static int integrity_ok(const char *path)
{
    xf_db *db = NULL;
    xf_err err = {0};
    if (xf_db_open(path, XF_DB_WRITE, &db, &err) != XF_OK)
        return 0;
    int ok = xf_db_integrity(db, &err) == XF_OK;
    xf_db_close(db);
    return ok;
}

/* The 1,000-point test sweep: 5 ADC resolutions x 8 block sizes x 25 sequence lengths. */
static xf_sweep_spec *spec_1000(const char *seq)
{
    xf_sweep_spec *s = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_sweep_spec_new("techlib", &s, &err), XF_OK);
    int rc = xf_sweep_add(s, "arch", "xformer", &err);
    if (rc == XF_OK)
        rc = xf_sweep_add(s, "model", "bert-base", &err);
    if (rc == XF_OK)
        rc = xf_sweep_add(s, "set", "pe.adc_bits=4..8+1", &err);
    if (rc == XF_OK)
        rc = xf_sweep_add(s, "set", "dataflow.sequence_block=8..64+8", &err);
    if (rc == XF_OK)
        rc = xf_sweep_add(s, "seq", seq ? seq : "32..800+32", &err);
    if (rc == XF_OK)
        rc = xf_sweep_prepare(s, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  sweep spec: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    return s;
}

static int run_sweep(const char *path, xf_sweep_spec *s, const xf_sweep_opts *o, xf_sweep_stats *st)
{
    xf_db *db = NULL;
    xf_err err = {0};
    int rc = xf_db_open(path, XF_DB_CREATE, &db, &err);
    if (rc == XF_OK)
        rc = xf_sweep_run(s, db, o, st, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  sweep: %s\n", err.msg);
    xf_db_close(db);
    return rc;
}

/* ------------------------------------------------------------------ the product */

static void test_product(void)
{
    xf_sweep_spec *s = spec_1000(NULL);
    CU_ASSERT_EQUAL(xf_sweep_total(s), 1000);
    xf_sweep_point p;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_sweep_point_at(s, 0, &p, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(p.arch, "xformer");
    CU_ASSERT_STRING_EQUAL(p.model, "bert-base");
    CU_ASSERT_EQUAL(p.seq, 32);
    CU_ASSERT_EQUAL(p.n_sets, 2);
    CU_ASSERT_STRING_EQUAL(p.set_value[0], "4");
    CU_ASSERT_STRING_EQUAL(p.set_value[1], "8");
    /* last dimension fastest: seq, then the block size, then the ADC bits */
    CU_ASSERT_EQUAL(xf_sweep_point_at(s, 1, &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.seq, 64);
    CU_ASSERT_EQUAL(xf_sweep_point_at(s, 25, &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.seq, 32);
    CU_ASSERT_STRING_EQUAL(p.set_value[1], "16");
    CU_ASSERT_EQUAL(xf_sweep_point_at(s, 999, &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.seq, 800);
    CU_ASSERT_STRING_EQUAL(p.set_value[0], "8");
    CU_ASSERT_STRING_EQUAL(p.set_value[1], "64");
    CU_ASSERT_EQUAL(xf_sweep_point_at(s, 1000, &p, &err), XF_ERR_INPUT);
    CU_ASSERT_EQUAL(strlen(xf_sweep_spec_hash(s)), 32);
    CU_ASSERT_PTR_NOT_NULL(strstr(xf_sweep_spec_text(s), "set pe.adc_bits=4..8+1"));
    /* the same spec hashes alike; another does not */
    xf_sweep_spec *s2 = spec_1000(NULL), *s3 = spec_1000("32..832+32");
    CU_ASSERT_STRING_EQUAL(xf_sweep_spec_hash(s), xf_sweep_spec_hash(s2));
    CU_ASSERT_STRING_NOT_EQUAL(xf_sweep_spec_hash(s), xf_sweep_spec_hash(s3));
    xf_sweep_spec_free(s);
    xf_sweep_spec_free(s2);
    xf_sweep_spec_free(s3);
}

static void spec_error(const char *what, const char *text, const char *frag)
{
    xf_sweep_spec *s = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_sweep_spec_new("techlib", &s, &err), XF_OK);
    int rc = xf_sweep_add(s, "arch", "xformer", &err);
    if (rc == XF_OK && strcmp(what, "model") != 0)
        rc = xf_sweep_add(s, "model", "bert-base", &err);
    if (rc == XF_OK && strcmp(what, "seq") != 0)
        rc = xf_sweep_add(s, "seq", "128", &err);
    if (rc == XF_OK)
        rc = xf_sweep_add(s, what, text, &err);
    if (rc == XF_OK)
        rc = xf_sweep_prepare(s, &err);
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    if (!strstr(err.msg, frag))
        fprintf(stderr, "\n  %s %s: expected '%s' in: %s\n", what, text, frag, err.msg);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
    xf_sweep_spec_free(s);
}

static void test_spec_errors(void)
{
    spec_error("set", "pe.adc_bitz=4,6", "pe.adc_bitz");
    spec_error("set", "pe.adc_bits=4,99", "99");
    spec_error("set", "pe.adc_bits", "missing '='");
    spec_error("set", "seq=256", "given twice");
    spec_error("seq", "64..4096*1.5", "not a whole number");
    spec_error("seq", "0", "sequence length 0");
    spec_error("seq", "2000000", "out of range");
    spec_error("batch", "0", "out of range");
    spec_error("model", "bert-bse", "did you mean 'bert-base'");
    spec_error("context", "5", "--context applies only to --phase decode");
}

/* -------------------------------------------------------------------- sweeping */

static void test_sweep_1000_and_rerun(void)
{
    char path[512];
    tmp_path("s1000.db", path, sizeof path);
    xf_sweep_spec *s = spec_1000(NULL);
    xf_sweep_opts o;
    memset(&o, 0, sizeof o);
    xf_sweep_stats st;
    CU_ASSERT_EQUAL(run_sweep(path, s, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.stored, 1000);
    CU_ASSERT_EQUAL(st.failed, 0);
    CU_ASSERT_EQUAL(st.committed, 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(DISTINCT point_idx) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(DISTINCT config_hash) FROM runs"), 40);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM sweeps WHERE status = 'done' AND "
                                 "points_done = 1000 AND total_points = 1000"),
                    1);
    /* typed parameters: every run has both swept keys, default values included (the file's
     * pe.adc_bits = 8 is one of 4..8), as numbers: 1,000 runs x 2 keys; 200 runs at 8 bits */
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM run_params WHERE key IN ('pe.adc_bits', "
                                 "'dataflow.sequence_block') AND value_num IS NOT NULL"),
                    2000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM run_params WHERE key = 'pe.adc_bits' AND "
                                 "value_num = 8"),
                    200);
    /* the same sweep again: everything skipped, nothing added */
    xf_sweep_spec_free(s);
    s = spec_1000(NULL);
    CU_ASSERT_EQUAL(run_sweep(path, s, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.skipped, 1000);
    CU_ASSERT_EQUAL(st.stored, 0);
    CU_ASSERT_EQUAL(st.evaluated, 0);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM sweeps"), 1);
    /* an overlapping sweep: its shared points are linked, not stored twice */
    xf_sweep_spec *s2 = spec_1000("32..832+32");
    CU_ASSERT_EQUAL(run_sweep(path, s2, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.existed, 1000);
    CU_ASSERT_EQUAL(st.stored, 40);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1040);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM sweep_runs WHERE sweep_id = 2"), 1040);
    CU_ASSERT(integrity_ok(path));
    xf_sweep_spec_free(s);
    xf_sweep_spec_free(s2);
}

/* A slow writer: the child's progress callback sleeps, so the kill lands mid-sweep. */
static void slow_progress(const xf_sweep_stats *st, int final, void *ctx)
{
    (void)st;
    (void) final;
    (void)ctx;
    struct timespec ts = {0, 2000000};
    nanosleep(&ts, NULL);
}

static void test_sigkill_and_resume(void)
{
    char path[512];
    tmp_path("kill.db", path, sizeof path);
    xf_sweep_spec *s = spec_1000(NULL);
    fflush(NULL);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        xf_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.threads = 1;
        o.chunk_rows = 8;
        o.batch_rows = 8;
        o.progress = slow_progress;
        o.progress_interval = 1e-6;
        xf_sweep_stats st;
        _exit(run_sweep(path, s, &o, &st) == XF_OK ? 0 : 1);
    }
    long long n = 0;
    for (int i = 0; i < 4000 && n < 100; i++) {
        struct timespec ts = {0, 2000000};
        nanosleep(&ts, NULL);
        n = scalar(path, "SELECT count(*) FROM runs");
    }
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    CU_ASSERT(WIFSIGNALED(status));
    long long before = scalar(path, "SELECT count(*) FROM runs");
    CU_ASSERT(before >= 100);
    CU_ASSERT(before < 1000);
    CU_ASSERT(integrity_ok(path));
    xf_sweep_opts o;
    memset(&o, 0, sizeof o);
    xf_sweep_stats st;
    CU_ASSERT_EQUAL(run_sweep(path, s, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.skipped, before);
    CU_ASSERT_EQUAL(st.stored, 1000 - before);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(DISTINCT point_hash) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT status = 'done' FROM sweeps"), 1);
    CU_ASSERT(integrity_ok(path));
    xf_sweep_spec_free(s);
}

typedef struct {
    long long after;
    volatile sig_atomic_t *flag;
} stop_ctx;

static void stop_after(const xf_sweep_stats *st, int final, void *ctx)
{
    stop_ctx *c = ctx;
    if (!final && st->evaluated >= c->after)
        *c->flag = SIGINT;
}

static void test_interrupt_commits(void)
{
    char path[512];
    tmp_path("int.db", path, sizeof path);
    xf_sweep_spec *s = spec_1000(NULL);
    volatile sig_atomic_t flag = 0;
    stop_ctx c = {600, &flag}; /* beyond the first chunks: the resume skips whole chunks */
    xf_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = 1;
    o.chunk_rows = 8;
    o.progress = stop_after;
    o.progress_interval = 1e-6;
    o.ctx = &c;
    o.stop = &flag;
    xf_sweep_stats st;
    CU_ASSERT_EQUAL(run_sweep(path, s, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.interrupted, 1);
    long long n = scalar(path, "SELECT count(*) FROM runs");
    CU_ASSERT_EQUAL(n, st.stored); /* everything evaluated was committed */
    CU_ASSERT(n >= 600 && n < 1000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT status = 'interrupted' FROM sweeps"), 1);
    CU_ASSERT_EQUAL(scalar(path, "SELECT points_done FROM sweeps"), n);
    memset(&o, 0, sizeof o);
    CU_ASSERT_EQUAL(run_sweep(path, s, &o, &st), XF_OK);
    CU_ASSERT_EQUAL(st.skipped, n);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1000);
    xf_sweep_spec_free(s);
}

static void test_two_sweeps_at_once(void)
{
    char path[512];
    tmp_path("two.db", path, sizeof path);
    xf_sweep_spec *a = spec_1000("32..800+32"), *b = spec_1000("832..1600+32");
    fflush(NULL);
    pid_t pids[2];
    for (int k = 0; k < 2; k++) {
        pids[k] = fork();
        CU_ASSERT_FATAL(pids[k] >= 0);
        if (pids[k] == 0) {
            xf_sweep_opts o;
            memset(&o, 0, sizeof o);
            o.threads = 1;
            o.chunk_rows = 16;
            o.batch_rows = 16;
            xf_sweep_stats st;
            _exit(run_sweep(path, k ? b : a, &o, &st) == XF_OK && st.stored == 1000 ? 0 : 1);
        }
    }
    for (int k = 0; k < 2; k++) {
        int status = -1;
        waitpid(pids[k], &status, 0);
        CU_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 2000);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM sweeps WHERE status = 'done'"), 2);
    CU_ASSERT(integrity_ok(path));
    xf_sweep_spec_free(a);
    xf_sweep_spec_free(b);
}

static void test_shards_merged(void)
{
    char out[512];
    tmp_path("merged.db", out, sizeof out);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(out, XF_DB_CREATE, &db, &err), XF_OK);
    for (int k = 1; k <= 3; k++) {
        char p[512], name[32];
        snprintf(name, sizeof name, "shard%d.db", k);
        tmp_path(name, p, sizeof p);
        xf_sweep_spec *s = spec_1000(NULL);
        xf_sweep_opts o;
        memset(&o, 0, sizeof o);
        o.shard_k = k;
        o.shard_n = 3;
        xf_sweep_stats st;
        CU_ASSERT_EQUAL(run_sweep(p, s, &o, &st), XF_OK);
        CU_ASSERT_EQUAL(st.todo, k == 1 ? 334 : 333);
        CU_ASSERT_EQUAL(st.stored, st.todo);
        long long added = 0;
        CU_ASSERT_EQUAL(xf_db_merge(db, p, &added, &err), XF_OK);
        CU_ASSERT_EQUAL(added, st.todo);
        CU_ASSERT_EQUAL(xf_db_merge(db, p, &added, &err), XF_OK);
        CU_ASSERT_EQUAL(added, 0);
        xf_sweep_spec_free(s);
    }
    xf_db_close(db);
    CU_ASSERT_EQUAL(scalar(out, "SELECT count(*) FROM runs"), 1000);
    CU_ASSERT_EQUAL(scalar(out, "SELECT count(*) FROM sweeps"), 1);
    CU_ASSERT_EQUAL(scalar(out, "SELECT status = 'done' AND points_done = 1000 FROM sweeps"), 1);
    /* the merged file equals a single sweep point for point */
    char single[512];
    tmp_path("s1000.db", single, sizeof single);
    char q[1200];
    snprintf(q, sizeof q,
             "SELECT count(*) FROM runs a JOIN s.runs b ON a.point_hash = b.point_hash AND "
             "a.latency_s = b.latency_s AND a.energy_j = b.energy_j AND a.point_idx = "
             "b.point_idx");
    sqlite3 *h = NULL;
    sqlite3_open(out, &h);
    char att[700];
    snprintf(att, sizeof att, "ATTACH '%s' AS s", single);
    CU_ASSERT_EQUAL(sqlite3_exec(h, att, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *st = NULL;
    CU_ASSERT_EQUAL(sqlite3_prepare_v2(h, q, -1, &st, NULL), SQLITE_OK);
    CU_ASSERT_EQUAL(sqlite3_step(st), SQLITE_ROW);
    CU_ASSERT_EQUAL(sqlite3_column_int64(st, 0), 1000);
    sqlite3_finalize(st);
    sqlite3_close(h);
}

static int first_ids(const xf_db_run *r, void *ctx)
{
    long long *ids = ctx;
    for (int i = 0; i < 5; i++)
        if (ids[i] == 0) {
            ids[i] = r->id;
            break;
        }
    return 0;
}

static void test_rerun_identical(void)
{
    char path[512];
    tmp_path("s1000.db", path, sizeof path);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_READ, &db, &err), XF_OK);
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "seq=544", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "pe.adc_bits=6", &err), XF_OK);
    long long ids[5] = {0};
    CU_ASSERT_EQUAL(xf_db_runs_each(db, &f, first_ids, ids, &err), XF_OK);
    CU_ASSERT(ids[0] > 0);
    for (int i = 0; i < 5 && ids[i]; i++) {
        xf_result *r = malloc(sizeof *r);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        int rc = xf_sweep_rerun(db, "techlib", ids[i], r, &err);
        if (rc != XF_OK)
            fprintf(stderr, "\n  rerun: %s\n", err.msg);
        CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
        char q[160];
        snprintf(q, sizeof q,
                 "SELECT latency_s = %.17g AND energy_j = %.17g FROM runs WHERE "
                 "id = %lld",
                 r->latency, r->energy, ids[i]);
        CU_ASSERT_EQUAL(scalar(path, q), 1);
        free(r);
    }
    xf_db_close(db);
}

/* What `xformer eval` stores (xf_db_store_run) is the same point as the sweep's. */
static void test_eval_and_sweep_agree(void)
{
    char path[512];
    tmp_path("s1000.db", path, sizeof path);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_WRITE, &db, &err), XF_OK);
    xf_arch_spec *spec = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load("techlib", "xformer", &spec, &err), XF_OK);
    char *base = xf_sweep_base_text("techlib", spec, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(base);
    const char *sets[] = {"dataflow.sequence_block=16", "pe.adc_bits=6.0"};
    xf_arch *a = malloc(sizeof *a);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a && w && r ? a : NULL);
    CU_ASSERT_EQUAL(xf_arch_spec_set(spec, "pe.adc_bits=6", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_arch_spec_set(spec, sets[0], &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(spec, a, &err), XF_OK);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 544;
    CU_ASSERT_EQUAL_FATAL(xf_evaluate(a, xf_zoo_find("bert-base"), &p, w, r, &err), XF_OK);
    xf_run_meta meta = {a->name, a->file, base, sets, 2, w, "techlib", spec, a};
    int outcome = 0;
    long long id = 0;
    CU_ASSERT_EQUAL(xf_db_store_run(db, &meta, r, 1, &outcome, &id, &err), XF_OK);
    CU_ASSERT_EQUAL(outcome, XF_DB_EXISTED);
    CU_ASSERT(id > 0);
    xf_db_close(db);
    char q[200];
    snprintf(q, sizeof q, "SELECT count(*) FROM component_results WHERE run_id = %lld",
             id); /* added now */
    CU_ASSERT(scalar(path, q) > 0);
    CU_ASSERT_EQUAL(scalar(path, "SELECT count(*) FROM runs"), 1040);
    free(a);
    free(w);
    free(r);
    free(base);
    xf_arch_spec_free(spec);
}

static void test_cleanup(void)
{
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(sweep) = {{"range forms", test_range_forms},
                   {"range errors", test_range_errors},
                   {"Cartesian product and spec hash", test_product},
                   {"spec errors before anything is written", test_spec_errors},
                   {"1,000 points stored, rerun adds none", test_sweep_1000_and_rerun},
                   {"SIGKILL mid-sweep, resume to exactly 1,000", test_sigkill_and_resume},
                   {"interrupt commits the batch, resume", test_interrupt_commits},
                   {"two sweeps on one file at once", test_two_sweeps_at_once},
                   {"shards merged equal one sweep", test_shards_merged},
                   {"stored run re-evaluated gives identical numbers", test_rerun_identical},
                   {"eval and sweep store the same point once", test_eval_and_sweep_agree},
                   {"cleanup", test_cleanup},
                   {NULL, NULL}};
