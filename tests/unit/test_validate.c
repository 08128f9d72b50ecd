/* validate: the classification of a claim (tolerance bounds, contradiction), its reason, the
 * check of classes against expected entries, and the expected-table loader - on claims built
 * here by hand, so no model is evaluated. Every expected value is worked out in the comment
 * beside it. */
#include "xf_test.h"

#include "xf/validate.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static char tmpdir[256] = "";

/* A claim with paper value 100 (unit "x") and the given model value. */
static xf_claim claim(const char *name, double model, const char *contradiction)
{
    return (xf_claim){name, "test", 100.0, model, "x", "a mechanism", contradiction};
}

static void test_classify_bounds(void)
{
    /* model / paper = 75 / 100 = 0.75: the lower bound itself, inclusive -> reproduced */
    xf_claim c = claim("a", 75.0, NULL);
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_REPRODUCED);
    /* 125 / 100 = 1.25: the upper bound, inclusive -> reproduced */
    c = claim("a", 125.0, NULL);
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_REPRODUCED);
    /* 74 / 100 = 0.74 < 0.75, no contradiction -> gap */
    c = claim("a", 74.0, NULL);
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_GAP);
    /* 126 / 100 = 1.26 > 1.25, no contradiction -> gap */
    c = claim("a", 126.0, NULL);
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_GAP);
    /* 0.21 / 0.28 = 21 / 28 = 3 / 4 = 0.75 exactly in decimals; in IEEE doubles the division
     * gives 0.7499999999999999, which must still count as the bound -> reproduced */
    c = (xf_claim){"share", "test", 0.28, 0.21, "", NULL, NULL};
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_REPRODUCED);
    /* 1 / 1 = 1.0 -> reproduced; the ratio itself is 1 */
    c = (xf_claim){"one", "test", 1.0, 1.0, "", NULL, NULL};
    CU_ASSERT_DOUBLE_EQUAL(xf_claim_ratio(&c), 1.0, 1e-15);
}

static void test_classify_contradiction(void)
{
    /* 126 / 100 = 1.26, outside, with a contradiction -> paper-inconsistent */
    xf_claim c = claim("a", 126.0, "vs 'b': 2 x 3 = 6, not 5");
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_PAPER_INCONSISTENT);
    /* 74 / 100 = 0.74, outside below, with a contradiction -> paper-inconsistent */
    c = claim("a", 74.0, "vs 'b'");
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_PAPER_INCONSISTENT);
    /* 100 / 100 = 1.0, inside: tolerance wins over a contradiction -> reproduced */
    c = claim("a", 100.0, "vs 'b'");
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_REPRODUCED);
    /* an empty contradiction is none: 126 / 100 = 1.26 -> gap */
    c = claim("a", 126.0, "");
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_GAP);
    /* no model value (NaN): no ratio, never reproduced -> gap, or paper-inconsistent with a
     * contradiction; paper 0 likewise has no ratio -> gap */
    c = claim("a", NAN, NULL);
    CU_ASSERT(isnan(xf_claim_ratio(&c)));
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_GAP);
    c = claim("a", NAN, "vs 'b'");
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_PAPER_INCONSISTENT);
    c = (xf_claim){"zero", "test", 0.0, 1.0, "x", NULL, NULL};
    CU_ASSERT_EQUAL(xf_claim_classify(&c), XF_CLASS_GAP);
}

static void test_class_names_and_reason(void)
{
    /* the three names, best to worst, and back */
    CU_ASSERT_STRING_EQUAL(xf_claim_class_name(XF_CLASS_REPRODUCED), "reproduced");
    CU_ASSERT_STRING_EQUAL(xf_claim_class_name(XF_CLASS_PAPER_INCONSISTENT), "paper-inconsistent");
    CU_ASSERT_STRING_EQUAL(xf_claim_class_name(XF_CLASS_GAP), "gap");
    CU_ASSERT_PTR_NULL(xf_claim_class_name(XF_CLASS_COUNT));
    CU_ASSERT_EQUAL(xf_claim_class_parse("paper-inconsistent"), XF_CLASS_PAPER_INCONSISTENT);
    CU_ASSERT_EQUAL(xf_claim_class_parse("gaps"), -1);
    char buf[256];
    /* reproduced (100 / 100): "within +/-25 %" then the note */
    xf_claim c = claim("a", 100.0, "vs 'b'");
    CU_ASSERT_STRING_EQUAL(xf_claim_reason(&c, buf, sizeof buf), "within +/-25 %; a mechanism");
    /* paper-inconsistent (200 / 100 = 2): the contradiction */
    c = claim("a", 200.0, "vs 'b'");
    CU_ASSERT_STRING_EQUAL(xf_claim_reason(&c, buf, sizeof buf), "vs 'b'");
    /* gap (200 / 100 = 2, no contradiction): the note, its mechanism */
    c = claim("a", 200.0, NULL);
    CU_ASSERT_STRING_EQUAL(xf_claim_reason(&c, buf, sizeof buf), "a mechanism");
    /* a gap without a note says so */
    c.note = "";
    CU_ASSERT_STRING_EQUAL(xf_claim_reason(&c, buf, sizeof buf), "no mechanism noted");
}

/* Three claims: a at 100 / 100 = 1.0 (reproduced), b at 200 / 100 = 2.0 with a contradiction
 * (paper-inconsistent), c at 50 / 100 = 0.5 without (gap). */
static void three(xf_claim *c)
{
    c[0] = claim("a", 100.0, NULL);
    c[1] = claim("b", 200.0, "vs 'a'");
    c[2] = claim("c", 50.0, NULL);
}

static void test_check(void)
{
    xf_claim c[3];
    three(c);
    xf_check_row rows[3];
    int worse = -1, better = -1;
    /* expected as they are (listed in another order: matched by name) -> 0, none worse, none
     * better */
    xf_expected same[3] = {{"c", XF_CLASS_GAP, "", 0},
                           {"a", XF_CLASS_REPRODUCED, "", 0},
                           {"b", XF_CLASS_PAPER_INCONSISTENT, "", 0}};
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, same, 3, rows, &worse, &better), 0);
    CU_ASSERT_EQUAL(worse, 0);
    CU_ASSERT_EQUAL(better, 0);
    CU_ASSERT_EQUAL(rows[0].expected, XF_CLASS_REPRODUCED);
    CU_ASSERT_EQUAL(rows[2].got, XF_CLASS_GAP);
    CU_ASSERT_PTR_EQUAL(rows[2].entry, &same[0]);
    /* c expected reproduced, got gap: one claim worse -> 1 */
    xf_expected one_worse[3] = {same[0], same[1], same[2]};
    one_worse[0].cls = XF_CLASS_REPRODUCED;
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, one_worse, 3, rows, &worse, &better), 1);
    CU_ASSERT_EQUAL(worse, 1);
    CU_ASSERT_EQUAL(better, 0);
    /* b expected reproduced, got paper-inconsistent: worse too (reproduced < paper-inconsistent)
     * -> 1 */
    xf_expected pi_worse[3] = {same[0], same[1], same[2]};
    pi_worse[2].cls = XF_CLASS_REPRODUCED;
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, pi_worse, 3, rows, NULL, NULL), 1);
    /* a expected gap, got reproduced, and b expected gap, got paper-inconsistent: both better,
     * none worse -> 0, better 2 */
    xf_expected better2[3] = {same[0], same[1], same[2]};
    better2[1].cls = XF_CLASS_GAP;
    better2[2].cls = XF_CLASS_GAP;
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, better2, 3, rows, &worse, &better), 0);
    CU_ASSERT_EQUAL(worse, 0);
    CU_ASSERT_EQUAL(better, 2);
    /* only two entries: claim b has none -> 2, its row says -1 */
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, same, 2, rows, &worse, &better), 2);
    CU_ASSERT_EQUAL(rows[1].expected, -1);
    CU_ASSERT_PTR_NULL(rows[1].entry);
}

static const char *write_tmp(const char *name, const char *text, char *path, size_t n)
{
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "validate", name, path, n);
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_load(void)
{
    xf_claim c[3];
    three(c);
    char path[512];
    xf_expected_table t;
    xf_err err = {0};
    /* lines 1 to 5; the claim keys of the entries stand on lines 3, 4 and 5 */
    write_tmp("ok.cfg",
              "# three entries\n"
              "claims = (\n"
              "  { claim = \"b\"; class = \"paper-inconsistent\"; reason = \"vs a\"; },\n"
              "  { claim = \"a\"; class = \"reproduced\"; reason = \"within\"; },\n"
              "  { claim = \"c\"; class = \"reproduced\"; reason = \"was fine\"; }\n"
              ");\n",
              path, sizeof path);
    CU_ASSERT_EQUAL_FATAL(xf_expected_load(path, c, 3, &t, &err), XF_OK);
    CU_ASSERT_EQUAL(t.n, 3);
    CU_ASSERT_STRING_EQUAL(t.e[0].claim, "b");
    CU_ASSERT_EQUAL(t.e[0].cls, XF_CLASS_PAPER_INCONSISTENT);
    CU_ASSERT_STRING_EQUAL(t.e[2].reason, "was fine");
    CU_ASSERT_EQUAL(t.e[0].line, 3);
    CU_ASSERT_EQUAL(t.e[2].line, 5);
    /* c (50 / 100 = 0.5, gap) was expected reproduced: the check says 1, one worse */
    xf_check_row rows[3];
    int worse = 0;
    CU_ASSERT_EQUAL(xf_validate_check(c, 3, t.e, t.n, rows, &worse, NULL), 1);
    CU_ASSERT_EQUAL(worse, 1);
    CU_ASSERT_EQUAL(rows[2].entry->line, 5);
    xf_expected_free(&t);
    /* "d" is no claim, and "a" is one edit away -> input error at its line (3) */
    write_tmp("unknown.cfg",
              "claims = (\n"
              "  { claim = \"b\"; class = \"gap\"; reason = \"r\"; },\n"
              "  { claim = \"d\"; class = \"gap\"; reason = \"r\"; }\n"
              ");\n",
              path, sizeof path);
    CU_ASSERT_EQUAL(xf_expected_load(path, c, 3, &t, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unknown.cfg:3: key 'claims[1].claim': unknown claim "
                                           "'d'; did you mean 'a'?"));
    CU_ASSERT_PTR_NULL(t.cfg);
    /* two of three entries: c has none; 1 of the 3 claims lacks one */
    xf_err_clear(&err);
    write_tmp("short.cfg",
              "claims = (\n"
              "  { claim = \"a\"; class = \"gap\"; reason = \"r\"; },\n"
              "  { claim = \"b\"; class = \"gap\"; reason = \"r\"; }\n"
              ");\n",
              path, sizeof path);
    CU_ASSERT_EQUAL(xf_expected_load(path, c, 3, &t, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no entry for claim 'c' (1 of the 3 claims"));
}

/* The committed table names every claim xf_validate fills, once (names only: nothing is
 * evaluated; the classes themselves are held by `xformer validate --check` in CI). */
static void test_committed_table(void)
{
    const char *names[XF_MAX_CLAIMS];
    int n = xf_validate_claim_names(names, XF_MAX_CLAIMS);
    /* the paper's stated numbers in the report: 25 (Table IV 7, Fig. 12/13 and Sec. VII-C 6,
     * Fig. 1b 1, vs GPU 3, vs PUMA 3, NVM-ideal 1, SRAM-only 4) */
    CU_ASSERT_EQUAL_FATAL(n, 25);
    xf_claim c[XF_MAX_CLAIMS];
    for (int i = 0; i < n; i++) {
        CU_ASSERT_PTR_NOT_NULL_FATAL(names[i]);
        for (int j = 0; j < i; j++)
            CU_ASSERT(strcmp(names[i], names[j]) != 0);
        c[i] = (xf_claim){names[i], "", 1.0, 1.0, "", NULL, NULL};
    }
    xf_expected_table t;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_expected_load("validate/expected.cfg", c, n, &t, &err), XF_OK);
    if (err.code)
        fprintf(stderr, "%s\n", err.msg);
    CU_ASSERT_EQUAL(t.n, n);
    xf_expected_free(&t);
    /* the default path: validate/ beside the techlib directory, as arch/ is */
    char buf[128];
    xf_validate_expected_path("share/techlib", buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, "share/techlib/../validate/expected.cfg");
}

static void test_cleanup(void)
{
    xf_test_tmp_cleanup(tmpdir);
}

XF_SUITE(validate) = {
    {"classify: 0.75 and 1.25 reproduced, 0.74 and 1.26 not", test_classify_bounds},
    {"classify: a contradiction outside the tolerance", test_classify_contradiction},
    {"class names and the one-line reason", test_class_names_and_reason},
    {"check: same 0, worse 1, better 0, missing 2", test_check},
    {"expected table: load, lines, unknown and missing claims", test_load},
    {"the committed table names every claim", test_committed_table},
    {"cleanup", test_cleanup},
    {NULL, NULL}};
