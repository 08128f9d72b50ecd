/* Design variants ARCH[KEY=VALUE,...] (xf/variant.h) and the comparison of designs
 * (xf/compare.h): canonical labels and their round trip, the parse errors, lists of variants,
 * the folding of --set into designs (brackets win over --set ARCH:, which wins over --set),
 * and that a compare of two variants of one architecture gives each its own numbers. */
#include "xf_test.h"

#include "xf/compare.h"
#include "xf/variant.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char *label_of(const char *text, char *buf, size_t n)
{
    xf_variant *v = malloc(sizeof *v);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    int rc = xf_variant_parse("--archs", text, v, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  %s: %s\n", text, err.msg);
    CU_ASSERT_EQUAL(rc, XF_OK);
    if (rc == XF_OK)
        xf_variant_label(v, buf, n);
    else
        snprintf(buf, n, "(error)");
    free(v);
    return buf;
}

/* The message of a parse error of text (code 2), "" when it parsed. */
static const char *parse_error(const char *text, xf_err *err)
{
    xf_variant *v = malloc(sizeof *v);
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    xf_err_clear(err);
    int rc = xf_variant_parse("--archs", text, v, err);
    free(v);
    if (rc == XF_OK)
        return "";
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    return err->msg;
}

static void test_canonical_label(void)
{
    char b[XF_VARIANT_LABEL];
    /* keys sorted by strcmp ('d' < 'p'), blanks dropped, "6.0" -> "6" and " 0128" -> "128"
     * (xf/db.h: an integer as %lld, another number as %.15g) */
    CU_ASSERT_STRING_EQUAL(
        label_of("xformer[pe.adc_bits=6.0, dataflow.sequence_block= 0128]", b, sizeof b),
        "xformer[dataflow.sequence_block=128,pe.adc_bits=6]");
    /* no overrides: no brackets */
    CU_ASSERT_STRING_EQUAL(label_of("puma", b, sizeof b), "puma");
    CU_ASSERT_STRING_EQUAL(label_of(" arch/puma.cfg ", b, sizeof b), "arch/puma.cfg");
    /* a key given twice keeps its last value (as --set does) */
    CU_ASSERT_STRING_EQUAL(label_of("xformer[pe.adc_bits=4,pe.adc_bits=7]", b, sizeof b),
                           "xformer[pe.adc_bits=7]");
    /* index brackets inside a key belong to the key; text values stay as written */
    CU_ASSERT_STRING_EQUAL(
        label_of("x[engines[1].tiles=4,a.b=fp16,tech.nvm=nvm/pcm.cfg]", b, sizeof b),
        "x[a.b=fp16,engines[1].tiles=4,tech.nvm=nvm/pcm.cfg]");
    /* 1e3 is the number 1000; 0.50 is 0.5 */
    CU_ASSERT_STRING_EQUAL(label_of("x[k=1e3,j=0.50]", b, sizeof b), "x[j=0.5,k=1000]");
}

static void test_round_trip(void)
{
    static const char *const texts[] = {
        "xformer",
        "xformer[pe.adc_bits=6]",
        "xformer[pe.adc_bits = 6 , dataflow.sequence_block=128 ]",
        "x[engines[1].tiles=4,a.b=fp16,tech.nvm=nvm/pcm.cfg]",
        "gpu-gtx1060[gpu.precision=fp16]",
        "tests/fixtures/arch/x.cfg[z=1,a=2.50,m=-0.0]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        char l1[XF_VARIANT_LABEL], l2[XF_VARIANT_LABEL];
        label_of(texts[i], l1, sizeof l1);
        label_of(l1, l2, sizeof l2);
        /* a label read back is the same label */
        CU_ASSERT_STRING_EQUAL(l1, l2);
    }
    /* the length xf_variant_label reports, and a truncated copy */
    xf_variant *v = malloc(sizeof *v);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL_FATAL(xf_variant_parse("--archs", "ab[c=1,d=2]", v, &err), XF_OK);
    char small[6];
    /* "ab[c=1,d=2]" has 11 characters */
    CU_ASSERT_EQUAL(xf_variant_label(v, small, sizeof small), 11);
    CU_ASSERT_STRING_EQUAL(small, "ab[c=");
    CU_ASSERT_EQUAL(xf_variant_label(v, NULL, 0), 11);
    free(v);
}

static void test_parse_errors(void)
{
    xf_err err;
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[pe.adc_bits=6", &err), "unclosed '['"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[=6]", &err), "empty key"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[ =6]", &err), "empty key"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[a]", &err), "has no '='"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[]", &err), "nothing between"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[ ]", &err), "nothing between"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[a=1,]", &err), "empty override (item 2"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer[a=1]b", &err), "text after"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("xformer]", &err), "without its '['"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("[a=1]", &err), "no architecture before"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("", &err), "no architecture"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("x[a=[1]]", &err), "holds no ','"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("x[a[1=2]", &err), "unclosed"));
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error("x[a]b=2]", &err), "has no '='"));
    /* the message quotes the text and names the option */
    CU_ASSERT_EQUAL(strncmp(parse_error("q[", &err), "--archs 'q[': ", 14), 0);
    /* too many overrides: XF_VARIANT_KEYS + 1 distinct keys */
    char big[2048] = "x[";
    for (int i = 0; i <= XF_VARIANT_KEYS; i++) {
        size_t l = strlen(big);
        snprintf(big + l, sizeof big - l, "%sk%02d=1", i ? "," : "", i);
    }
    strcat(big, "]");
    CU_ASSERT_PTR_NOT_NULL(strstr(parse_error(big, &err), "more than 32 overrides"));
}

static void test_split(void)
{
    char list[] = "xformer,xformer[pe.adc_bits=6,dataflow.sequence_block=128],x[e[0].t=1,b=2],gpu";
    const char *items[8];
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_variant_split("--archs", list, items, 8, &err), 4);
    CU_ASSERT_STRING_EQUAL(items[0], "xformer");
    CU_ASSERT_STRING_EQUAL(items[1], "xformer[pe.adc_bits=6,dataflow.sequence_block=128]");
    CU_ASSERT_STRING_EQUAL(items[2], "x[e[0].t=1,b=2]");
    CU_ASSERT_STRING_EQUAL(items[3], "gpu");
    char l2[] = "a,b[x=1";
    CU_ASSERT_EQUAL(xf_variant_split("--archs", l2, items, 8, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unclosed '['"));
    xf_err_clear(&err);
    char l3[] = "a,,b";
    CU_ASSERT_EQUAL(xf_variant_split("--archs", l3, items, 8, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "empty item"));
    xf_err_clear(&err);
    char l4[] = "a],b";
    CU_ASSERT_EQUAL(xf_variant_split("--archs", l4, items, 8, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "without its '['"));
    xf_err_clear(&err);
    char l5[] = "a,b,c";
    CU_ASSERT_EQUAL(xf_variant_split("--archs", l5, items, 2, &err), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "more than 2 items"));
}

static void test_fold_sets(void)
{
    /* documented precedence (xf/compare.h): brackets > --set ARCH: > --set; within one kind
     * the last wins */
    static const char *const sets[] = {"pe.adc_bits=7", "xformer:pe.adc_bits=8",
                                       "xformer:dataflow.sequence_block=32", "ae.tiles=16",
                                       "xformer:dataflow.sequence_block=16"};
    static const char *const texts[] = {"xformer[pe.adc_bits=6]", "xformer", "puma"};
    xf_cmp_design *d = calloc(3, sizeof *d);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(xf_compare_designs("--archs", texts, 3, sets, 5, d, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(d[0].label,
                           "xformer[ae.tiles=16,dataflow.sequence_block=16,pe.adc_bits=6]");
    CU_ASSERT_STRING_EQUAL(d[1].label,
                           "xformer[ae.tiles=16,dataflow.sequence_block=16,pe.adc_bits=8]");
    CU_ASSERT_STRING_EQUAL(d[2].label, "puma[ae.tiles=16,pe.adc_bits=7]");
    CU_ASSERT_EQUAL(xf_compare_check_sets(d, 3, sets, 5, &err), XF_OK);
    static const char *const stray[] = {"sram-cim:ae.tiles=2"};
    CU_ASSERT_EQUAL(xf_compare_check_sets(d, 3, stray, 1, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "no design of architecture 'sram-cim'"));
    /* two texts of one design */
    static const char *const same[] = {"xformer[pe.adc_bits=06]", "xformer[pe.adc_bits=6.0]"};
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_compare_designs("--archs", same, 2, NULL, 0, d, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "are the same design (xformer[pe.adc_bits=6])"));
    free(d);
}

/* Latency of the first q_proj row of a result. */
static double q_proj_latency(const xf_result *r)
{
    for (int i = 0; i < r->n_rows; i++)
        if (r->rows[i].name && strcmp(r->rows[i].name, "q_proj") == 0)
            return r->rows[i].latency;
    CU_FAIL("no q_proj row");
    return NAN;
}

static void test_two_variants(void)
{
    static const char *const texts[] = {"xformer", "xformer[pe.adc_bits=6]"};
    xf_cmp_design *d = calloc(2, sizeof *d);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(xf_compare_designs("--archs", texts, 2, NULL, 0, d, &err), XF_OK);
    xf_model m;
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve("bert-base", &m, &err), XF_OK);
    xf_cmp_point pt = {&m, {0}};
    xf_wl_params_default(&pt.p);
    pt.p.seq = 128;
    xf_cmp_row rows[2];
    int rc = xf_compare_run("techlib", d, 2, &pt, 1, rows, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  %s\n", err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    /* each row is its own design's: the same numbers as xformer eval of that design */
    static const char *const six[] = {"pe.adc_bits=6"};
    xf_test_point *base = xf_test_run("xformer", NULL, 0, "bert-base", 128);
    xf_test_point *var = xf_test_run("xformer", six, 1, "bert-base", 128);
    CU_ASSERT_EQUAL(rows[0].design, 0);
    CU_ASSERT_EQUAL(rows[1].design, 1);
    CU_ASSERT_DOUBLE_EQUAL(rows[0].latency, base->r.latency, 0);
    CU_ASSERT_DOUBLE_EQUAL(rows[0].energy, base->r.energy, 0);
    CU_ASSERT_DOUBLE_EQUAL(rows[1].latency, var->r.latency, 0);
    CU_ASSERT_DOUBLE_EQUAL(rows[1].energy, var->r.energy, 0);
    /* Hand check that the override reached the crossbars: a column of 128 rows of 2-bit
     * cells driven by 1-bit DACs sums to 3 x 128 = 384 (levels (2^2 - 1)(2^1 - 1) = 3), which
     * the 8-bit ADC resolves with the file's 1 encoding bit (arch/xformer.cfg); a 6-bit ADC
     * resolves r rows with 3r + 1 <= 2^(6 + 1), r = 42, so it reads ceil(128 / 42) = 4 row
     * groups per step (adc_policy "fewer_rows"): every crossbar step, and so the Q
     * projection, takes 4 times as long. */
    XF_ASSERT_REL(q_proj_latency(&var->r), 4 * q_proj_latency(&base->r), 1e-12);
    CU_ASSERT(rows[1].latency > rows[0].latency);
    /* the table rows carry the labels and the point */
    xf_table_row t[2];
    xf_cmp_table_rows(d, &pt, rows, 2, t);
    CU_ASSERT_STRING_EQUAL(t[1].arch, "xformer[pe.adc_bits=6]");
    CU_ASSERT_STRING_EQUAL(t[1].model, "bert-base");
    CU_ASSERT_EQUAL(t[1].seq, 128);
    CU_ASSERT_EQUAL(t[1].batch, 1);
    CU_ASSERT_STRING_EQUAL(t[1].phase, "prefill");
    /* area in mm^2 from m^2 */
    XF_ASSERT_REL(t[1].area_mm2, var->r.area * 1e6, 1e-15);
    free(base);
    free(var);
    free(d);
}

static void test_design_errors(void)
{
    /* a key that is not in the file: named with the design as written */
    static const char *const texts[] = {"xformer[pe.adc_bitz=6]"};
    xf_cmp_design *d = calloc(1, sizeof *d);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL_FATAL(xf_compare_designs("--archs", texts, 1, NULL, 0, d, &err), XF_OK);
    xf_model m;
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve("bert-tiny", &m, &err), XF_OK);
    xf_cmp_point pt = {&m, {0}};
    xf_wl_params_default(&pt.p);
    pt.p.seq = 8;
    xf_cmp_row row;
    CU_ASSERT_EQUAL(xf_compare_run("techlib", d, 1, &pt, 1, &row, &err), XF_ERR_INPUT);
    CU_ASSERT_EQUAL(strncmp(err.msg, "--archs 'xformer[pe.adc_bitz=6]': no key 'pe.adc_bitz'", 54),
                    0);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'pe.adc_bits'?"));
    /* a plain --set that one architecture lacks: the hint to scope it */
    static const char *const sets[] = {"pe.adc_bits=6"};
    static const char *const gpu[] = {"gpu-gtx1060"};
    xf_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(xf_compare_designs("--archs", gpu, 1, sets, 1, d, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_compare_run("techlib", d, 1, &pt, 1, &row, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--set pe.adc_bits=6: no key"));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "ARCH:KEY=VALUE or ARCH[KEY=VALUE]"));
    free(d);
}

XF_SUITE(variant) = {{"canonical labels", test_canonical_label},
                     {"labels round-trip", test_round_trip},
                     {"parse errors", test_parse_errors},
                     {"lists of variants", test_split},
                     {"--set folded into designs", test_fold_sets},
                     {"two variants, their own numbers", test_two_variants},
                     {"design errors name the design", test_design_errors},
                     {NULL, NULL}};
