/* xformer optimize (xf/optimize.h): constraint and objective parsing, and real optimisations
 * of a small grid (X-Former, BERT-base at 64 and 128 tokens, pe.adc_bits = 4..8) checked
 * against an independent brute force that evaluates every point through the eval path
 * (xf_test_run), picks the feasible point with the least EDP by hand logic and decides which
 * constraint binds; the stored study rows; and an interrupted run resumed to the same answer.
 *
 * Hand table (xformer sweep, bert-base seq 128; area is 857.17 mm^2 at every width):
 *   adc_bits  latency_s  energy_j   power_w  edp_js
 *   4         6.523e-3   27.08e-3   4.15     1.766e-4
 *   5         3.595e-3   19.29e-3   5.37     6.933e-5
 *   6         2.131e-3   14.56e-3   6.83     3.102e-5
 *   7         1.155e-3   10.53e-3   9.12     1.216e-5
 *   8         0.667e-3    8.18e-3  12.27     5.453e-6
 * so under power_w<=7 only 4, 5, 6 are feasible and 6 is best (least latency, energy and EDP;
 * it dominates 4 and 5, so the front is that one point); without the power constraint the best
 * is 8 at 12.27 W, which violates it: power_w<=7 binds; area_mm2<=858 holds everywhere and does
 * not bind. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/optimize.h"
#include "xf/plot.h"
#include "xf/sweep.h"

#include <math.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

static void test_parse(void)
{
    xf_opt_constraint c;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("area_mm2<=858", &c, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(c.expr, "area_mm2<=858");
    CU_ASSERT_EQUAL(c.op, XF_OPT_LE);
    CU_ASSERT_EQUAL(c.bound, 858.0);
    CU_ASSERT_EQUAL(xf_opt_constraint_parse(" power_w < 7.5e1 ", &c, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(c.expr, "power_w<75");
    CU_ASSERT_EQUAL(c.op, XF_OPT_LT);
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("tops_per_w>=2", &c, &err), XF_OK);
    CU_ASSERT_EQUAL(c.op, XF_OPT_GE);
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("latency_s>1e-3", &c, &err), XF_OK);
    CU_ASSERT_EQUAL(c.op, XF_OPT_GT);
    /* the boundary: <= holds at the bound, < does not; NaN never meets */
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("area_mm2<=858", &c, &err), XF_OK);
    CU_ASSERT_TRUE(xf_opt_meets(&c, 858.0));
    CU_ASSERT_FALSE(xf_opt_meets(&c, 858.0000001));
    CU_ASSERT_FALSE(xf_opt_meets(&c, NAN));
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("area_mm2<858", &c, &err), XF_OK);
    CU_ASSERT_FALSE(xf_opt_meets(&c, 858.0));
    const char *bad[] = {"area_mm=<858",  "area_mm2=<858", "area_mm2~858",
                         "area_mm2==858", "area_mm2<=",    "area_mm2<=big",
                         "area_mm2<=inf", "<=3",           "area_mm2 858"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        xf_err e = {0};
        CU_ASSERT_EQUAL(xf_opt_constraint_parse(bad[i], &c, &e), XF_ERR_INPUT);
    }
    xf_err e = {0};
    xf_opt_constraint_parse("area_mm<=858", &c, &e);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "did you mean 'area_mm2'"));
    xf_objective o;
    CU_ASSERT_EQUAL(xf_objective_parse("tops_per_w", &o, &err), XF_OK);
    CU_ASSERT_EQUAL(o, XF_OBJ_TOPS_PER_W);
    xf_err e2 = {0};
    CU_ASSERT_EQUAL(xf_objective_parse("edpp", &o, &e2), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(e2.msg, "did you mean 'edp'"));
}

static xf_sweep_spec *grid(void)
{
    xf_sweep_spec *s = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_sweep_spec_new("techlib", &s, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "arch", "xformer", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "model", "bert-base", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "seq", "64,128", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_sweep_add(s, "set", "pe.adc_bits=4..8+1", &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_sweep_prepare(s, &err), XF_OK);
    return s;
}

static void opts(xf_opt_opts *o, xf_objective obj)
{
    memset(o, 0, sizeof *o);
    o->objective = obj;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("power_w<=7", &o->cons[0], &err), XF_OK);
    CU_ASSERT_EQUAL(xf_opt_constraint_parse("area_mm2<=858", &o->cons[1], &err), XF_OK);
    o->n_cons = 2;
    o->threads = 2;
}

/* The brute force for one seq: every width through the eval path. */
typedef struct {
    int bits;
    double lat, e, area, power, topsw, edp;
    int found;
} brute;

static double key(xf_objective obj, const brute *b)
{
    return obj == XF_OBJ_TOPS_PER_W ? -b->topsw : obj == XF_OBJ_EDP ? b->lat * b->e : b->lat;
}

static void brute_force(long long seq, xf_objective obj, brute *best, brute *no_power,
                        long long *viol_power)
{
    memset(best, 0, sizeof *best);
    memset(no_power, 0, sizeof *no_power);
    for (int bits = 4; bits <= 8; bits++) {
        char set[64];
        snprintf(set, sizeof set, "pe.adc_bits=%d", bits);
        const char *sets[] = {set};
        xf_test_point *p = xf_test_run("xformer", sets, 1, "bert-base", seq);
        brute b = {bits,       p->r.latency,    p->r.energy, p->r.area * 1e6,
                   p->r.power, p->r.tops_per_w, p->r.edp,    1};
        free(p);
        int power_ok = b.power <= 7, area_ok = b.area <= 858;
        *viol_power += !power_ok;
        if (area_ok && (!no_power->found || key(obj, &b) < key(obj, no_power)))
            *no_power = b;
        if (power_ok && area_ok && (!best->found || key(obj, &b) < key(obj, best)))
            *best = b;
    }
}

static long long q1(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

static void check_against_brute(const xf_opt_result *r, xf_objective obj)
{
    CU_ASSERT_EQUAL_FATAL(r->n_groups, 2);
    long long viol = 0;
    int power_binds = 0;
    for (int g = 0; g < 2; g++) {
        const xf_opt_group *G = &r->groups[g];
        brute b, np;
        brute_force(G->seq, obj, &b, &np, &viol);
        CU_ASSERT_EQUAL(G->evaluated, 5);
        CU_ASSERT_TRUE_FATAL(b.found);
        CU_ASSERT_TRUE_FATAL(G->best.found);
        char want[64];
        snprintf(want, sizeof want, "\"pe.adc_bits\":\"%d\"", b.bits);
        if (!strstr(G->best.params, want))
            fprintf(stderr, "\n  %s: best %s, brute force %d bits\n", G->name, G->best.params,
                    b.bits);
        CU_ASSERT_PTR_NOT_NULL(strstr(G->best.params, want));
        XF_ASSERT_REL(G->best.m[0], b.lat, 1e-12);
        XF_ASSERT_REL(G->best.m[1], b.e, 1e-12);
        /* the power constraint binds when the best point without it draws more than 7 W */
        power_binds |= np.power > 7;
        CU_ASSERT_EQUAL(
            !xf_opt_meets(&(xf_opt_constraint){"", 3, XF_OPT_LE, 7.0}, G->without[0].m[3]),
            np.power > 7);
    }
    CU_ASSERT_EQUAL(r->binding[0], power_binds);
    CU_ASSERT_EQUAL(r->binding[1], 0); /* every area is 857.17 mm^2 <= 858 */
    CU_ASSERT_EQUAL(r->violated_c[0], viol);
    CU_ASSERT_EQUAL(r->violated_c[1], 0);
    CU_ASSERT_EQUAL(r->evaluated_c[0], 10);
    CU_ASSERT_EQUAL(r->evaluated, 10);
}

static void test_tiny_grid(void)
{
    char path[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "tiny.db", path, sizeof path);
    xf_sweep_spec *s = grid();
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_CREATE, &db, &err), XF_OK);
    xf_opt_opts o;
    opts(&o, XF_OBJ_EDP);
    xf_opt_result r;
    CU_ASSERT_EQUAL_FATAL(xf_optimize(s, db, &o, &r, &err), XF_OK);
    check_against_brute(&r, XF_OBJ_EDP);
    /* the hand table at seq 128: 6 bits, power binds, front of one point */
    const xf_opt_group *G = r.groups[0].seq == 128 ? &r.groups[0] : &r.groups[1];
    CU_ASSERT_PTR_NOT_NULL(strstr(G->best.params, "\"pe.adc_bits\":\"6\""));
    CU_ASSERT_EQUAL(G->feasible, 3);
    CU_ASSERT_EQUAL(G->front, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(G->without[0].params, "\"pe.adc_bits\":\"8\""));
    CU_ASSERT_EQUAL(r.binding[0], 1);
    long long study = r.study_id;
    xf_opt_result_free(&r);
    xf_db_close(db);
    /* what is stored: the study, one best front row per group (the front points only are
     * runs), the constraints with their counts */
    sqlite3 *h = NULL;
    CU_ASSERT_EQUAL_FATAL(sqlite3_open(path, &h), SQLITE_OK);
    CU_ASSERT_EQUAL(q1(h, "SELECT count(*) FROM studies WHERE kind='optimize' AND status='done' "
                          "AND samples=10 AND metric='edp'"),
                    1);
    CU_ASSERT_EQUAL(q1(h, "SELECT count(*) FROM runs"), q1(h, "SELECT count(*) FROM study_front"));
    CU_ASSERT_EQUAL(q1(h, "SELECT count(*) FROM study_front f JOIN runs r ON r.id=f.run_id "
                          "WHERE f.best=1 AND r.seq=128 AND r.params LIKE '%\"6\"%'"),
                    1);
    CU_ASSERT_EQUAL(q1(h, "SELECT count(*) FROM study_front WHERE best=1"), 2);
    CU_ASSERT_EQUAL(q1(h, "SELECT binding FROM study_constraints WHERE expr='power_w<=7'"), 1);
    CU_ASSERT_EQUAL(q1(h, "SELECT binding FROM study_constraints WHERE expr='area_mm2<=858'"), 0);
    CU_ASSERT_EQUAL(q1(h, "SELECT evaluated FROM study_constraints WHERE expr='area_mm2<=858'"),
                    10);
    sqlite3_close(h);
    /* the same command again: the stored answer, nothing evaluated */
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_WRITE, &db, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_optimize(s, db, &o, &r, &err), XF_OK);
    CU_ASSERT_TRUE(r.already_done);
    CU_ASSERT_EQUAL(r.study_id, study);
    CU_ASSERT_EQUAL(r.st.evaluated, 0);
    check_against_brute(&r, XF_OBJ_EDP);
    xf_opt_result_free(&r);
    /* another objective is another study; tops_per_w is maximised */
    opts(&o, XF_OBJ_TOPS_PER_W);
    CU_ASSERT_EQUAL_FATAL(xf_optimize(s, db, &o, &r, &err), XF_OK);
    CU_ASSERT_NOT_EQUAL(r.study_id, study);
    check_against_brute(&r, XF_OBJ_TOPS_PER_W);
    xf_opt_result_free(&r);
    xf_db_close(db);
    xf_sweep_spec_free(s);
}

/* Interrupted after a few points (the stop flag set from the progress callback), then
 * resumed: the same answer and counts as the uninterrupted run above. */
typedef struct {
    volatile sig_atomic_t *stop;
    long long after;
} stopper;

static void stop_soon(const xf_sweep_stats *st, int final, void *ctx)
{
    stopper *k = ctx;
    if (!final && st->evaluated >= k->after)
        *k->stop = 1;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* plot --kind pareto of the study above (the newest: tops_per_w) and of the EDP study (1):
 * one block per workload and the best points; at seq 128 the best is 6 bits at 2.130586 ms
 * and 14.561445 mJ (the hand table, printed with 8 digits) on 857.16658 mm^2. */
static void test_plot_pareto(void)
{
    char path[512], out[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "tiny.db", path, sizeof path);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_READ, &db, &err), XF_OK);
    xf_plot_opts o;
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_PARETO;
    o.out = xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "front.png", out, sizeof out);
    o.template_dir = "plots";
    o.no_run = 1;
    o.study = 1;
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    xf_plot_files files;
    CU_ASSERT_EQUAL_FATAL(xf_plot(db, &f, &o, &files, &err), XF_OK);
    const char *t = slurp(files.data);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "front: bert-base seq=128 prefill batch=1\t-\t-\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "front: bert-base seq=64 prefill batch=1\t-\t-\n"));
    const char *best = strstr(t, "best (edp)\t-\t-\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(best);
    CU_ASSERT_PTR_NOT_NULL(strstr(best, "2.130586\t14.561445\t857.16658\n"));
    CU_ASSERT_EQUAL(files.series, 2);
    /* the newest study is the tops_per_w one */
    o.study = 0;
    CU_ASSERT_EQUAL_FATAL(xf_plot(db, &f, &o, &files, &err), XF_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(slurp(files.data), "best (tops_per_w)"));
    /* a study that is not there */
    o.study = 99;
    xf_err e = {0};
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &e), XF_ERR_INPUT);
    xf_db_close(db);
    unlink(files.data);
    unlink(files.script);
}

/* sweep-scatter draws one front per workload: the seq-512 run (0.5 ms, 0.5 mJ) would beat both
 * seq-128 runs (2 ms, 1 mJ) and (1 ms, 2 mJ) if they were compared; they are not, so the seq-128
 * front keeps both, in order of latency. */
static void test_scatter_groups(void)
{
    char path[512], out[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "scatter.db", path, sizeof path);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_CREATE, &db, &err), XF_OK);
    char bh[XF_HASH_HEX];
    xf_hash_hex("base", 4, bh);
    CU_ASSERT_EQUAL(xf_db_put_config(db, bh, "x", "x.cfg", "x", &err), XF_OK);
    const double lat[] = {2e-3, 1e-3, 0.5e-3}, en[] = {1e-3, 2e-3, 0.5e-3};
    const long long seq[] = {128, 128, 512};
    for (int i = 0; i < 3; i++) {
        char ph[XF_HASH_HEX], k[16];
        snprintf(k, sizeof k, "q%d", i);
        xf_hash_hex(k, strlen(k), ph);
        xf_db_row row;
        memset(&row, 0, sizeof row);
        row.point_hash = ph;
        row.config_hash = bh;
        row.base_hash = bh;
        row.point_idx = -1;
        row.arch = "xformer";
        row.model = "bert-base";
        row.phase = "prefill";
        row.seq = seq[i];
        row.batch = 1;
        row.params = "{}";
        row.latency_s = lat[i];
        row.energy_j = en[i];
        row.area_mm2 = 100;
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_OK);
    }
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    xf_plot_opts o;
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_SWEEP_SCATTER;
    o.out = xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "scatter.png", out, sizeof out);
    o.template_dir = "plots";
    o.no_run = 1;
    xf_plot_files files;
    CU_ASSERT_EQUAL_FATAL(xf_plot(db, &f, &o, &files, &err), XF_OK);
    const char *t = slurp(files.data);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "front: bert-base n=128\t-\n1\t2\n2\t1\n\n\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "front: bert-base n=512\t-\n0.5\t0.5\n\n\n"));
    xf_db_close(db);
    unlink(files.data);
    unlink(files.script);
}

static void test_resume(void)
{
    char path[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "optimize", "resume.db", path, sizeof path);
    xf_sweep_spec *s = grid();
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_CREATE, &db, &err), XF_OK);
    xf_opt_opts o;
    opts(&o, XF_OBJ_EDP);
    volatile sig_atomic_t flag = 0;
    stopper k = {&flag, 3};
    o.stop = &flag;
    o.progress = stop_soon;
    o.ctx = &k;
    o.progress_interval = 1e-9;
    o.chunk_rows = 1;
    o.batch_rows = 1;
    o.threads = 1;
    xf_opt_result r;
    CU_ASSERT_EQUAL_FATAL(xf_optimize(s, db, &o, &r, &err), XF_OK);
    CU_ASSERT_TRUE(r.interrupted);
    long long wm = r.watermark;
    CU_ASSERT(wm >= 3 && wm < 10);
    xf_opt_result_free(&r);
    xf_db_close(db);
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_WRITE, &db, &err), XF_OK);
    o.stop = NULL;
    o.progress = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_optimize(s, db, &o, &r, &err), XF_OK);
    CU_ASSERT_TRUE(r.resumed);
    CU_ASSERT_FALSE(r.interrupted);
    CU_ASSERT_EQUAL(r.st.evaluated, 10 - wm); /* only the points above the watermark */
    check_against_brute(&r, XF_OBJ_EDP);
    xf_opt_result_free(&r);
    xf_db_close(db);
    xf_sweep_spec_free(s);
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(optimize) = {{"constraints and objectives", test_parse},
                      {"tiny grid = brute force", test_tiny_grid},
                      {"plot --kind pareto", test_plot_pareto},
                      {"sweep-scatter: a front per workload", test_scatter_groups},
                      {"interrupted, resumed", test_resume},
                      {NULL, NULL}};
