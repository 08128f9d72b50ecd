/* Studies (src/studies/study.c, montecarlo.c, sensitivity.c) and ranges (src/cfg/range.c,
 * src/tech/ranged.c): distributions against their closed forms, Monte Carlo of a metric linear
 * in one uniform value against the analytic quantiles, determinism, shared against
 * independent draws, sensitivity ranking, and a draw equal to a rebuilt design. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/eval.h"
#include "xf/study.h"

#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

static xf_wl_params at_seq(long long seq)
{
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = seq;
    return p;
}

static xf_study *study(const char *design, const char *baseline, const char *const *ranges, int n)
{
    xf_err err = {0};
    xf_study *s = NULL;
    xf_wl_params p = at_seq(512);
    int rc = xf_study_new("techlib", design, baseline, xf_zoo_find("bert-base"), &p, ranges, n, &s,
                          &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  study: %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    return s;
}

/* Quantiles in closed form. uniform [2, 6] at u: 2 + 4u. loguniform [1, 100] at 0.5: the
 * geometric mean 10. lognormal with P5 = 1 and P95 = 100: the median is sqrt(1 x 100) = 10 and
 * u = 0.05 / 0.95 give the ends. triangular [0, 2, 10]: F(mode) = (2 - 0) / (10 - 0) = 0.2, so
 * u = 0.2 gives the mode 2; u = 0.5 lies right of it: 10 - sqrt(0.5 x 10 x 8) = 10 - sqrt(40). */
static void test_quantiles(void)
{
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_UNIFORM, 2, 3, 6, 0.25), 3.0, 1e-15);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_LOGUNIFORM, 1, 5, 100, 0.5), 10.0, 1e-12);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_LOGNORMAL, 1, 5, 100, 0.5), 10.0, 1e-12);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_LOGNORMAL, 1, 5, 100, 0.05), 1.0, 1e-9);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_LOGNORMAL, 1, 5, 100, 0.95), 100.0, 1e-9);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_TRIANGULAR, 0, 2, 10, 0.2), 2.0, 1e-12);
    XF_ASSERT_REL(xf_dist_quantile(XF_DIST_TRIANGULAR, 0, 2, 10, 0.5), 10.0 - sqrt(40.0), 1e-12);
}

/* The cited ranges the shipped files carry, as loaded: the PUMAsim ADC's per-bit energy from
 * the survey's 0.78 - 2.55 pJ per 8-bit conversion (/ 8 bits = 0.0975 - 0.31875 pJ), its
 * conversion time from 1.28 GS/s to 0.75 GS/s (1 / (8 x 0.75e9) = 0.16667 ns per bit), the
 * crossbar step 30 - 274 pJ (ISAAC's 0.3 mW array, PUMAsim's lumped 2.74 mW, x 100 ns). */
static void test_shipped_ranges(void)
{
    xf_err err = {0};
    xf_tech t;
    CU_ASSERT_EQUAL_FATAL(xf_tech_load("techlib", "periph/adc-pumasim.cfg", NULL, 0, &t, &err),
                          XF_OK);
    CU_ASSERT_EQUAL_FATAL(t.n_ranges, 3);
    CU_ASSERT_STRING_EQUAL(t.range[0].r.key, "energy_per_bit_pJ");
    CU_ASSERT_STRING_EQUAL(t.range[1].r.key, "t_conv_per_bit_ns");
    XF_ASSERT_REL(t.range[1].r.hi, 1.0 / (8 * 0.75e9), 1e-4);
    XF_ASSERT_REL(t.range[0].r.lo, 0.78e-12 / 8, 1e-12);
    XF_ASSERT_REL(t.range[0].r.hi, 2.55e-12 / 8, 1e-12);
    CU_ASSERT_EQUAL(t.range[0].r.dist, XF_DIST_LOGUNIFORM);
    CU_ASSERT_PTR_NOT_NULL(strstr(t.range[0].r.source, "Murmann"));
    CU_ASSERT_EQUAL_FATAL(xf_tech_load("techlib", "nvm/reram-pumasim.cfg", NULL, 0, &t, &err),
                          XF_OK);
    CU_ASSERT_STRING_EQUAL(t.range[0].r.key, "step_energy_pJ");
    XF_ASSERT_REL(t.range[0].r.lo, 0.3e-3 * 100e-9, 1e-12);
    XF_ASSERT_REL(t.range[0].r.hi, 2.74e-3 * 100e-9, 1e-12);
    /* a draw scales the number it sets: 85 pJ = half the 170 pJ step */
    xf_tech_range_put(&t, 0, 85e-12);
    XF_ASSERT_REL(t.u.nvm.step_energy, 85e-12, 1e-12);
}

/* The GTX 1060 with the per-op energy model and its efficiency fixed (an override fixes a
 * ranged value): its only ranged value is the command line's energy per op, uniform on
 * [0.2, 0.6] pJ. Energy = ops x energy_per_op + DRAM bytes x energy per byte, so it is linear
 * in X: E(X) = E(lo) + (X - lo) (E(hi) - E(lo)) / (hi - lo), checked at the nominal 0.37 pJ.
 * For X uniform the quantiles are those of X mapped by E: P50 = (E(lo) + E(hi)) / 2 and the
 * P5 - P95 width 0.9 (E(hi) - E(lo)). Sampling error of a quantile of 10^4 uniform samples:
 * sqrt(q (1 - q) / n) of the range = 0.005 at the median, 0.0022 at P5/P95; the test allows 4
 * of them (0.02 and 0.009 of E(hi) - E(lo)), and the mean 0.5 (E(lo) + E(hi)) within
 * 4 x sd / sqrt(n) = 4 x 0.2887 / 100 of the range. */
static void test_mc_linear_uniform(void)
{
    const char *r[] = {"gpu.energy_per_op_pJ=0.2..0.6"};
    xf_study *s =
        study("gpu-gtx1060[gpu.energy_model=per_op,gpu.efficiency_compute=0.5]", NULL, r, 1);
    CU_ASSERT_EQUAL_FATAL(xf_study_n_params(s), 1);
    xf_swing sw[1];
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_study_sensitivity(s, XF_SM_ENERGY, sw, &err), XF_OK);
    double elo = sw[0].m_lo, ehi = sw[0].m_hi, span = ehi - elo;
    CU_ASSERT_FATAL(span > 0);
    XF_ASSERT_REL(sw[0].m_nom, elo + (0.37 - 0.2) / 0.4 * span, 1e-9); /* linear */
    xf_mc_opts o = {10000, 7, 2, 0};
    xf_mc_result *mc = malloc(sizeof *mc);
    CU_ASSERT_FATAL(mc != NULL);
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &o, mc, &err), XF_OK);
    const xf_stat *e = &mc->m[XF_SM_ENERGY];
    CU_ASSERT_EQUAL(e->n, 10000);
    CU_ASSERT(fabs(e->p50 - 0.5 * (elo + ehi)) < 0.02 * span);
    CU_ASSERT(fabs((e->p95 - e->p5) - 0.9 * span) < 2 * 0.009 * span);
    CU_ASSERT(fabs(e->p5 - (elo + 0.05 * span)) < 0.009 * span);
    CU_ASSERT(fabs(e->mean - 0.5 * (elo + ehi)) < 4 * 0.2887 / 100 * span);
    /* the standard deviation of a uniform: span / sqrt(12) */
    XF_ASSERT_REL(e->sd, span / sqrt(12.0), 0.03);
    /* latency does not depend on the energy per op: no spread */
    CU_ASSERT_EQUAL(mc->m[XF_SM_LATENCY].p5, mc->m[XF_SM_LATENCY].p95);
    free(mc);
    xf_study_free(s);
}

/* The same seed gives the same numbers, at any thread count; another seed other numbers. */
static void test_mc_deterministic(void)
{
    xf_study *s = study("xformer", "gpu-gtx1060", NULL, 0);
    xf_mc_result *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    CU_ASSERT_FATAL(a && b);
    xf_err err = {0};
    xf_mc_opts o1 = {1000, 42, 1, 0}, o2 = {1000, 42, 2, 0}, o3 = {1000, 43, 2, 0};
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &o1, a, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &o2, b, &err), XF_OK);
    for (int m = 0; m < XF_SM_COUNT; m++)
        if (a->m[m].n > 0) {
            CU_ASSERT_EQUAL(a->m[m].p5, b->m[m].p5);
            CU_ASSERT_EQUAL(a->m[m].p50, b->m[m].p50);
            CU_ASSERT_EQUAL(a->m[m].p95, b->m[m].p95);
            CU_ASSERT_EQUAL(a->m[m].mean, b->m[m].mean);
        }
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &o3, b, &err), XF_OK);
    CU_ASSERT(a->m[XF_SM_ENERGY].mean != b->m[XF_SM_ENERGY].mean);
    free(a);
    free(b);
    xf_study_free(s);
}

/* X-Former against itself without sequence blocking: both load the same PUMAsim files, so
 * with shared draws the two energies move together and their ratio spreads far less than
 * with independent draws, where each design's energy spreads by itself (their P5 - P95 of
 * energy is a factor of about 2.5, the ratio's with shared draws a few per cent). */
static void test_mc_shared_narrower(void)
{
    xf_study *s = study("xformer", "xformer[dataflow.sequence_block=0]", NULL, 0);
    xf_mc_result *sh = malloc(sizeof *sh), *in = malloc(sizeof *in);
    CU_ASSERT_FATAL(sh && in);
    xf_err err = {0};
    xf_mc_opts os = {2000, 5, 2, 0}, oi = {2000, 5, 2, 1};
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &os, sh, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_study_mc(s, &oi, in, &err), XF_OK);
    double ws = sh->m[XF_SM_ENERGY_GAIN].p95 / sh->m[XF_SM_ENERGY_GAIN].p5;
    double wi = in->m[XF_SM_ENERGY_GAIN].p95 / in->m[XF_SM_ENERGY_GAIN].p5;
    CU_ASSERT(ws < wi);
    CU_ASSERT(wi > 2.0 * ws);
    /* the design's own energy spread is the same draw either way */
    CU_ASSERT_EQUAL(sh->m[XF_SM_ENERGY].p50, in->m[XF_SM_ENERGY].p50);
    free(sh);
    free(in);
    xf_study_free(s);
}

/* Sensitivity: the lifetime rate never changes latency (it only divides the lifetime), so its
 * swing is 0 and it ranks last; the ADC's lumped energy changes energy, not latency, so on
 * latency it ties at 0 too. On energy the step energy (30 - 274 pJ) ranks above the DDR4
 * energy, which a blocked X-Former never uses at n = 512 (no spills: swing 0). */
static void test_sensitivity_zero_last(void)
{
    const char *r[] = {"lifetime.inferences_per_s=0.5..2"};
    xf_study *s = study("xformer", NULL, r, 1);
    int n = xf_study_n_params(s);
    xf_swing *sw = malloc((size_t)n * sizeof *sw);
    CU_ASSERT_FATAL(sw != NULL);
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_study_sensitivity(s, XF_SM_ENERGY, sw, &err), XF_OK);
    int life = -1, step = -1, ddr = -1;
    for (int i = 0; i < n; i++) {
        const char *nm = xf_study_param_at(s, sw[i].param)->name;
        if (strcmp(nm, "lifetime.inferences_per_s") == 0)
            life = i;
        if (strstr(nm, "step_energy"))
            step = i;
        if (strstr(nm, "ddr4"))
            ddr = i;
        if (i > 0)
            CU_ASSERT(sw[i].swing <= sw[i - 1].swing);
    }
    CU_ASSERT_FATAL(life >= 0 && step >= 0 && ddr >= 0);
    CU_ASSERT_EQUAL(sw[life].swing, 0.0);
    CU_ASSERT_EQUAL(sw[life].elasticity, 0.0);
    CU_ASSERT_EQUAL(sw[ddr].swing, 0.0);
    CU_ASSERT(sw[step].swing > 0.0);
    CU_ASSERT(step < ddr && step < life);
    CU_ASSERT(sw[n - 1].swing == 0.0);
    free(sw);
    xf_study_free(s);
}

/* A drawn technology value applied by xf_arch_rederive equals a design built again from the
 * spec: X-Former with the crossbar step at 100 pJ. */
static void test_rederive_equals_build(void)
{
    xf_err err = {0};
    xf_arch_spec *s = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load("techlib", "xformer", &s, &err), XF_OK);
    xf_arch *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    xf_arch_ranged *rs = malloc(XF_ARCH_MAX_RANGED * sizeof *rs);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *ra = malloc(sizeof *ra), *rb = malloc(sizeof *rb);
    CU_ASSERT_FATAL(a && b && rs && w && ra && rb);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(s, a, &err), XF_OK);
    int n = xf_arch_spec_ranges(s, rs, XF_ARCH_MAX_RANGED, &err), k = -1;
    for (int i = 0; i < n; i++)
        if (strcmp(rs[i].name, "nvm/reram-pumasim.cfg:step_energy_pJ") == 0)
            k = i;
    CU_ASSERT_FATAL(k >= 0);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_draw(s, &rs[k], 100e-12, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_rederive(s, a, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(s, b, &err), XF_OK);
    xf_wl_params p = at_seq(512);
    const xf_model *m = xf_zoo_find("bert-base");
    CU_ASSERT_EQUAL_FATAL(xf_evaluate(a, m, &p, w, ra, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_evaluate(b, m, &p, w, rb, &err), XF_OK);
    CU_ASSERT_EQUAL(ra->energy, rb->energy);
    CU_ASSERT_EQUAL(ra->latency, rb->latency);
    /* and the draw did something: the PE array energy is 100 / 170 of the nominal */
    xf_arch_spec_draw(s, &rs[k], 170e-12, &err);
    CU_ASSERT_EQUAL_FATAL(xf_arch_rederive(s, a, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(xf_evaluate(a, m, &p, w, ra, &err), XF_OK);
    CU_ASSERT(ra->energy > rb->energy);
    free(a);
    free(b);
    free(rs);
    free(w);
    free(ra);
    free(rb);
    xf_arch_spec_free(s);
}

static char tmpdir[256];

static long long count(const char *path, const char *sql)
{
    sqlite3 *h = NULL;
    long long n = -1;
    sqlite3_stmt *st = NULL;
    if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(h);
    return n;
}

/* A stored study (two values, one statistic with P50 = 0.05 J) merged twice into another
 * database arrives once with its rows and numbers: a study is (kind, spec_hash, created). */
static void test_study_merge(void)
{
    char src[512], dst[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "study", "src.db", src, sizeof src);
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "study", "dst.db", dst, sizeof dst);
    xf_err err = {0};
    xf_db *db = NULL;
    CU_ASSERT_EQUAL_FATAL(xf_db_open(src, XF_DB_CREATE, &db, &err), XF_OK);
    xf_db_study rec = {.kind = "uncertainty", .spec = "test", .spec_hash = "h1", .arch = "x"};
    long long id = 0;
    const double v[6] = {0.04, 0.05, 0.01, 0.03, 0.05, 0.08};
    CU_ASSERT_EQUAL_FATAL(xf_db_study_new(db, &rec, &id, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_study_param(db, id, "a:k", 1, 0.5, 2, "pJ", "uniform", "s", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_study_param(db, id, "b:k", 1, 0.5, 2, "", "uniform", "s", &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_study_stat(db, id, "x", "energy_j", v, 100, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_study_finish(db, id, "done", NULL, &err), XF_OK);
    xf_db_close(db);
    CU_ASSERT_EQUAL_FATAL(xf_db_open(dst, XF_DB_CREATE, &db, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_merge(db, src, NULL, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_db_merge(db, src, NULL, &err), XF_OK);
    xf_db_close(db);
    CU_ASSERT_EQUAL(count(dst, "SELECT count(*) FROM studies"), 1);
    CU_ASSERT_EQUAL(count(dst, "SELECT count(*) FROM study_params"), 2);
    CU_ASSERT_EQUAL(count(dst, "SELECT round(p50 * 1000) FROM study_stats"), 50);
    CU_ASSERT_EQUAL(count(dst, "SELECT n FROM study_stats WHERE metric = 'energy_j'"), 100);
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(study) = {
    {"distribution quantiles in closed form", test_quantiles},
    {"the shipped files' cited ranges as loaded", test_shipped_ranges},
    {"Monte Carlo of a metric linear in one uniform value", test_mc_linear_uniform},
    {"Monte Carlo: same seed, same numbers at any thread count", test_mc_deterministic},
    {"Monte Carlo: shared draws narrow a ratio's spread", test_mc_shared_narrower},
    {"sensitivity ranks a value with no effect last", test_sensitivity_zero_last},
    {"a drawn technology value: rederive equals a rebuild", test_rederive_equals_build},
    {"a stored study merges once with its rows", test_study_merge},
    CU_TEST_INFO_NULL};
