/* Issue 15 on the read side of configurations: integers libconfig 1.5 would alter, the size and
 * count caps, FIFOs as input files (never waited on: each load runs under alarm()), and the
 * closed-form count of geometric ranges against a slow reference. */
#include "xf_test.h"

#include "xf/cfg.h"
#include "xf/model.h"
#include "xf/sweep.h"
#include "xf/tech.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

/* Load text as a configuration; returns the error code, message in err. */
static int load(const char *text, xf_err *err)
{
    xf_cfg *cfg = NULL;
    xf_err_clear(err);
    int rc = xf_cfg_load_string(text, "t.cfg", &cfg, err);
    xf_cfg_free(cfg);
    return rc;
}

static void expect_refused(const char *text, const char *frag)
{
    xf_err err;
    CU_ASSERT_EQUAL(load(text, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, frag));
    if (!strstr(err.msg, frag))
        printf("\n  '%.60s' -> '%s'\n", text, err.msg);
}

static void expect_ok(const char *text)
{
    xf_err err;
    CU_ASSERT_EQUAL(load(text, &err), XF_OK);
    if (err.code != XF_OK)
        printf("\n  '%.60s' -> '%s'\n", text, err.msg);
}

/* libconfig 1.5 stores 4294967297 as 1 and 2147483648 as -2147483648 (checked by hand with
 * config_setting_get_int64 on Debian 12's libconfig9 1.5-0.4): each is refused at its line. */
static void test_ints_beyond_32_bits(void)
{
    expect_refused("a = 1;\nlayers = 4294967297;\n", "t.cfg:2: key 'layers': integer 4294967297");
    expect_refused("b = 2147483648;", "t.cfg:1: key 'b': integer 2147483648 is beyond 32 bits");
    expect_refused("b = -2147483649;", "integer -2147483649 is beyond 32 bits");
    expect_refused("h = 0xFFFFFFFF;", "integer 0xFFFFFFFF is beyond 32 bits");
    expect_refused("h = 0x80000000;", "integer 0x80000000 is beyond 32 bits");
    expect_refused("g = { x = [1, 2,\n 4294967296] };", "t.cfg:2: key 'x': integer 4294967296");
    expect_refused("w = 99999999999999999999L;", "does not fit in 64 bits");
    expect_refused("w = 9223372036854775808L;", "does not fit in 64 bits");
    /* the edges keep their values, and what is not an integer token is not checked */
    expect_ok("a = 2147483647; b = -2147483648; c = 0x7FFFFFFF; d = 4294967297L;\n"
              "e = 9223372036854775807L; f = -9223372036854775808L; g = 4294967297.0;\n"
              "h = 1e300; i = \"4294967297\"; k4294967297 = 1; # 4294967297\n"
              "/* 4294967297 */ j = \"a\\\"4294967297\"; // 99999999999999999999\n");
}

/* A model of 4294967297 layers (libconfig: 1) is an error at FILE:LINE, not a 1-layer model. */
static void test_model_file_layers(void)
{
    xf_model m;
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_model_load_file("tests/bad/cfg-big/model-layers-4g.cfg", &m, &err),
                    XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "model-layers-4g.cfg:3: key 'layers'"));
}

/* Caps: XF_CFG_MAX_BYTES = 1 MiB of text, XF_CFG_MAX_KEYS = 2048 keys, XF_CFG_MAX_VALUES. */
static void test_caps(void)
{
    size_t n = XF_CFG_MAX_BYTES + 1;
    char *t = malloc(n + 1);
    CU_ASSERT_FATAL(t != NULL);
    memset(t, '#', n);
    t[n] = '\0';
    expect_refused(t, "1048577 bytes, too large");
    /* 2049 keys "k<i>=1;" */
    size_t o = 0;
    for (int i = 0; i <= XF_CFG_MAX_KEYS; i++)
        o += (size_t)sprintf(t + o, "k%d=1;", i);
    expect_refused(t, "2049 keys, too many");
    o = (size_t)sprintf(t, "a = [1");
    for (int i = 1; i <= XF_CFG_MAX_VALUES; i++)
        o += (size_t)sprintf(t + o, ",1");
    sprintf(t + o, "];");
    expect_refused(t, "100001 values, too many"); /* 1 key + 100000 commas */
    free(t);
}

/* A FIFO as a configuration, model or technology file: an error at once. Without the fix the
 * technology loader blocked in fopen(); alarm(5) turns such a hang into a failed run. */
static void test_fifo_inputs(void)
{
    char fifo[512];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "relcfg", "fifo", fifo, sizeof fifo);
    CU_ASSERT_FATAL(mkfifo(fifo, 0600) == 0);
    alarm(5);
    xf_err err;
    xf_cfg *cfg = NULL;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_cfg_load_file(fifo, &cfg, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a regular file"));
    xf_model m;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_model_load_file(fifo, &m, &err), XF_ERR_INPUT);
    xf_tech *t = malloc(sizeof *t);
    CU_ASSERT_FATAL(t != NULL);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_tech_load(NULL, fifo, NULL, 0, t, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "not a regular file"));
    free(t);
    alarm(0);
    unlink(fifo);
}

/* Slow reference: the loop the closed form replaced. */
static long long geom_ref(double lo, double hi, double st)
{
    double lim = hi * (1 + 1e-9);
    long long n = 0;
    while (n <= XF_SWEEP_MAX_POINTS && lo * pow(st, (double)n) <= lim)
        n++;
    return n;
}

static long long count_of(const char *text)
{
    xf_range r;
    xf_err err;
    xf_err_clear(&err);
    long long n = xf_range_parse(text, "", &r, &err) == XF_OK ? r.count : -1;
    xf_range_free(&r);
    return n;
}

static void test_geom_count(void)
{
    /* by hand: 1.5, 2.25, 3.375 (<= 3.375) -> 3; 0.1 * 10^k up to 1000: 0.1 .. 1000 -> 5;
     * 1.5 * 1.5^k <= 100: 1.5^11 = 86.5, 1.5^12 = 129.7 -> k = 0..10 -> 11 values;
     * 0.5..0.5*2 -> 1; 1..1e9*1.00000001: log(1e9)/1e-8 = 2.07e9 values, too many */
    CU_ASSERT_EQUAL(count_of("1.5..3.375*1.5"), 3);
    CU_ASSERT_EQUAL(count_of("0.1..1000*10"), 5);
    CU_ASSERT_EQUAL(count_of("1.5..100*1.5"), 11);
    CU_ASSERT_EQUAL(count_of("0.5..0.5*2.0"), 1);
    CU_ASSERT_EQUAL(count_of("1..1000000000*1.00000001"), -1);
    /* random small ranges: the closed form equals the loop */
    srand(15);
    for (int i = 0; i < 2000; i++) {
        double lo = (1 + rand() % 1000) / 64.0, st = 1 + (1 + rand() % 400) / 100.0;
        double hi = lo * pow(st, (double)(rand() % 20)) * (rand() % 2 ? 1.0 : 1.3);
        char text[128];
        snprintf(text, sizeof text, "%.17g..%.17g*%.17g", lo, hi, st);
        xf_range r;
        xf_err err;
        xf_err_clear(&err);
        if (xf_range_parse(text, "", &r, &err) != XF_OK) {
            CU_FAIL("range refused");
            continue;
        }
        CU_ASSERT_EQUAL(r.count, geom_ref(r.lo, r.hi, r.step));
        xf_range_free(&r);
    }
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(reliability_cfg) = {{"integers beyond 32 bits refused", test_ints_beyond_32_bits},
                             {"model file with 2^32+1 layers", test_model_file_layers},
                             {"size, key and value caps", test_caps},
                             {"FIFO inputs refused at once", test_fifo_inputs},
                             {"geometric count in closed form", test_geom_count},
                             {NULL, NULL}};
