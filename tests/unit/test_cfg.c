/* Configuration loader: good files, every class of bad input, overrides. */
#include "xf_test.h"
#include "xf/cfg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    long long bits;
    double rate, energy, area;
    int model;
} adc_params;

/* A typed loader as the technology modules write them. */
static int load_adc(const char *path, const char *override, adc_params *p, xf_err *err)
{
    static const char *const models[] = {"table", "walden", NULL};
    xf_cfg *cfg = NULL;
    xf_err_clear(err);
    if (xf_cfg_load_file(path, &cfg, err) != XF_OK)
        return err->code;
    if (override && xf_cfg_override(cfg, override, err) != XF_OK) {
        xf_cfg_free(cfg);
        return err->code;
    }
    xf_grp root, g;
    xf_grp_root(&root, cfg, XF_SRC_REQUIRED, err);
    xf_grp_child(&root, "adc", &g, XF_REQ);
    p->bits = xf_grp_int(&g, "bits", 1, 16, XF_REQ, 0);
    p->rate = xf_grp_qty(&g, "rate", XF_DIM_RATE, 0, INFINITY, XF_REQ | XF_LO_OPEN, 0);
    p->energy = xf_grp_qty(&g, "conv_energy", XF_DIM_ENERGY, 0, 1e-6, XF_REQ | XF_LO_OPEN, 0);
    p->area = xf_grp_qty(&g, "area", XF_DIM_AREA, 0, 1e-3, XF_REQ | XF_LO_OPEN, 0);
    p->model = xf_grp_choice(&g, "model", models, XF_OPT, 0);
    xf_grp_end(&g);
    xf_grp_end(&root);
    xf_cfg_free(cfg);
    return err->code;
}

static void test_good_file_in_si(void)
{
    adc_params p;
    xf_err err;
    CU_ASSERT_EQUAL_FATAL(load_adc("tests/fixtures/cfg-good.cfg", NULL, &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.bits, 8);
    XF_ASSERT_REL(p.rate, 1.2e9, 1e-12);
    XF_ASSERT_REL(p.energy, 1.67e-12, 1e-12);
    XF_ASSERT_REL(p.area, 1200e-12, 1e-12);
    CU_ASSERT_EQUAL(p.model, 0);
}

/* Each bad file: exit code 2 and a message that contains the fragment. */
static void expect_bad(const char *file, const char *override, const char *fragment)
{
    adc_params p;
    xf_err err;
    int rc = load_adc(file, override, &p, &err);
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    if (!strstr(err.msg, fragment)) {
        fprintf(stderr, "\n  %s: message '%s' lacks '%s'\n", file, err.msg, fragment);
        CU_FAIL("message fragment");
    }
}

static void test_bad_classes(void)
{
    expect_bad("tests/bad/cfg/syntax.cfg", NULL, "tests/bad/cfg/syntax.cfg:3: syntax error");
    expect_bad("tests/bad/cfg/unknown-key.cfg", NULL,
               "unknown-key.cfg:7: key 'adc.aera_um2': unknown key; did you mean 'area_um2'?");
    expect_bad("tests/bad/cfg/wrong-type.cfg", NULL,
               "wrong-type.cfg:3: key 'adc.bits': is a string; expected an integer");
    expect_bad("tests/bad/cfg/missing-key.cfg", NULL,
               "missing-key.cfg:2: key 'adc.conv_energy': missing required key");
    expect_bad("tests/bad/cfg/negative.cfg", NULL,
               "negative.cfg:5: key 'adc.conv_energy_pJ': value -1.67 is out of range; expected a "
               "number > 0 and <= 1e+06 pJ");
    expect_bad("tests/bad/cfg/zero.cfg", NULL,
               "zero.cfg:4: key 'adc.rate_GSps': value 0 is out of range");
    expect_bad(
        "tests/bad/cfg/unitless.cfg", NULL,
        "key 'adc.conv_energy': has no unit; expected conv_energy_<unit> with unit one of fJ, pJ");
    expect_bad("tests/bad/cfg/wrong-unit.cfg", NULL, "unit 'ns' is of another kind");
    expect_bad("tests/bad/cfg/no-source.cfg", NULL, "key 'adc.conv_energy_pJ': has no source");
    expect_bad("tests/bad/cfg/bits-17.cfg", NULL,
               "key 'adc.bits': value 17 is out of range; expected an integer from 1 to 16");
    expect_bad("tests/bad/cfg/bad-choice.cfg", NULL,
               "'tabel' is not a known value; did you mean 'table'?");
    expect_bad("tests/bad/cfg/empty.cfg", NULL, "tests/bad/cfg/empty.cfg: empty file");
    expect_bad("tests/bad/cfg/binary.cfg", NULL, "binary file");
    expect_bad("tests/bad/cfg", NULL, "tests/bad/cfg: is a directory");
    expect_bad("tests/bad/cfg/does-not-exist.cfg", NULL, "cannot open");
}

static void test_overrides(void)
{
    adc_params p;
    xf_err err;
    CU_ASSERT_EQUAL(load_adc("tests/fixtures/cfg-good.cfg", "adc.bits=6", &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.bits, 6);
    /* an integer written for a real key is accepted and converted */
    CU_ASSERT_EQUAL(load_adc("tests/fixtures/cfg-good.cfg", "adc.conv_energy_pJ=2", &p, &err),
                    XF_OK);
    XF_ASSERT_REL(p.energy, 2e-12, 1e-12);
    CU_ASSERT_EQUAL(load_adc("tests/fixtures/cfg-good.cfg", "adc.model=walden", &p, &err), XF_OK);
    CU_ASSERT_EQUAL(p.model, 1);
    /* errors: unknown path with a suggestion, missing '=', wrong type, range checked at load
     * time and reported at the override, NaN */
    expect_bad("tests/fixtures/cfg-good.cfg", "adc.bitz=6",
               "--set adc.bitz=6: no key 'adc.bitz' in tests/fixtures/cfg-good.cfg; did you mean "
               "'adc.bits'?");
    expect_bad("tests/fixtures/cfg-good.cfg", "adc.bits", "--set adc.bits: expected KEY=VALUE");
    expect_bad("tests/fixtures/cfg-good.cfg", "adc.bits=6.5",
               "key 'adc.bits' takes an integer; got '6.5'");
    expect_bad("tests/fixtures/cfg-good.cfg", "adc.bits=40",
               "--set adc.bits=40: key 'adc.bits': value 40 is out of range");
    expect_bad("tests/fixtures/cfg-good.cfg", "adc.conv_energy_pJ=nan", "is out of range");
    expect_bad("tests/fixtures/cfg-good.cfg", "adc=3", "is a group; expected a single value");
    expect_bad("tests/fixtures/cfg-good.cfg", "nothing.here=3", "no key 'nothing.here'");
}

/* Sweeps override the same keys point after point: a key overridden again replaces its record,
 * so there is no limit on repeated overrides (only on distinct keys). */
static void test_repeated_overrides(void)
{
    xf_cfg *cfg = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_cfg_load_file("tests/fixtures/cfg-good.cfg", &cfg, &err), XF_OK);
    char buf[64];
    for (int i = 0; i < 5000 && err.code == XF_OK; i++) {
        snprintf(buf, sizeof buf, "adc.bits=%d", 1 + i % 16);
        xf_cfg_override(cfg, buf, &err);
    }
    CU_ASSERT_EQUAL(err.code, XF_OK);
    xf_grp root, g;
    xf_grp_root(&root, cfg, XF_SRC_NONE, &err);
    xf_grp_child(&root, "adc", &g, XF_REQ);
    CU_ASSERT_EQUAL(xf_grp_int(&g, "bits", 1, 16, XF_REQ, 0), 1 + 4999 % 16);
    /* a bad value is still reported at the latest override */
    CU_ASSERT_EQUAL(xf_cfg_override(cfg, "adc.bits=99", &err), XF_OK);
    xf_grp_root(&root, cfg, XF_SRC_NONE, &err);
    xf_grp_child(&root, "adc", &g, XF_REQ);
    xf_grp_int(&g, "bits", 1, 16, XF_REQ, 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--set adc.bits=99: key 'adc.bits'"));
    xf_cfg_free(cfg);
}

static void test_suggest(void)
{
    const char *names[] = {"bert-base", "bert-large", "gpt2", "xformer"};
    CU_ASSERT_STRING_EQUAL(xf_suggest("bert-bsae", names, 4), "bert-base");
    CU_ASSERT_STRING_EQUAL(xf_suggest("xfromer", names, 4), "xformer");
    CU_ASSERT_PTR_NULL(xf_suggest("resnet50", names, 4));
    CU_ASSERT_EQUAL(xf_edit_distance("kitten", "sitting"), 3);
}

static void test_units(void)
{
    CU_ASSERT_DOUBLE_EQUAL(xf_unit_factor(XF_DIM_ENERGY, "pJ"), 1e-12, 1e-24);
    CU_ASSERT_DOUBLE_EQUAL(xf_unit_factor(XF_DIM_BYTES, "KB"), 1024.0, 0);
    CU_ASSERT_DOUBLE_EQUAL(xf_unit_factor(XF_DIM_BANDWIDTH, "GBps"), 1e9, 0);
    CU_ASSERT_DOUBLE_EQUAL(xf_unit_factor(XF_DIM_AREA, "um2"), 1e-12, 1e-24);
    CU_ASSERT_EQUAL(xf_unit_factor(XF_DIM_ENERGY, "ns"), 0.0);
}

XF_SUITE(cfg) = {{"good file loads in SI units", test_good_file_in_si},
                 {"each class of bad input is reported with FILE:LINE", test_bad_classes},
                 {"overrides are typed and validated", test_overrides},
                 {"a key overridden again replaces its record", test_repeated_overrides},
                 {"did-you-mean suggestions", test_suggest},
                 {"unit factors", test_units},
                 {NULL, NULL}};
