/* Limits property test: every zoo model x a ladder of sequence lengths x every architecture
 * in arch/ evaluates to finite, non-negative numbers, latency never falls as n grows, and the
 * input limits (sequence 1,048,576, batch 65,536, 64-bit counts) hold with clear errors past
 * them. Workloads are built as `xformer eval` builds them (src/cli/cmd_eval.c). */
#include "xf_test.h"
#include "xf/eval.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Latency never falls as n grows, up to this fraction: the sequence-blocking pipeline charges a
 * block SB / n of rows that some engines round up per lane or copy, so one more token may
 * shift a few parts per million of a layer's time between the blocks (README "How the
 * designs are modelled"). A real fall (a schedule that gets faster with more work) is larger. */
#define MONOTONE_SLACK 1e-3

#define TECHLIB "techlib"
#define MAX_ARCHS 64

static const long long LADDER[] = {1, 2, 63, 64, 65, 511, 512, 4096, 65536};
#define N_LADDER (int)(sizeof LADDER / sizeof LADDER[0])

typedef struct {
    int n;
    char name[MAX_ARCHS][64];
    xf_arch a[MAX_ARCHS];
} arch_set;

static int by_name(const void *x, const void *y)
{
    return strcmp((const char *)x, (const char *)y);
}

/* Every arch/NAME.cfg, loaded by name as the CLI does. Heap block; caller frees. */
static arch_set *load_archs(void)
{
    arch_set *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    DIR *d = opendir("arch");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL && s->n < MAX_ARCHS) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l < 64 && strcmp(e->d_name + l - 4, ".cfg") == 0) {
            memcpy(s->name[s->n], e->d_name, l - 4);
            s->name[s->n][l - 4] = '\0';
            s->n++;
        }
    }
    closedir(d);
    qsort(s->name, (size_t)s->n, sizeof s->name[0], by_name);
    for (int i = 0; i < s->n; i++) {
        xf_err err = {0};
        if (xf_arch_load(TECHLIB, s->name[i], NULL, 0, &s->a[i], &err) != XF_OK) {
            fprintf(stderr, "\n  %s: %s\n", s->name[i], err.msg);
            CU_FAIL("architecture loads");
        }
    }
    /* the designs the README names must all be there */
    static const char *const need[] = {"xformer",  "xformer-nosb", "puma",    "nvm-ideal",
                                       "sram-cim", "gpu-gtx1060",  "gpu-h100"};
    for (size_t k = 0; k < sizeof need / sizeof need[0]; k++) {
        int found = 0;
        for (int i = 0; i < s->n; i++)
            found |= strcmp(s->name[i], need[k]) == 0;
        CU_ASSERT(found);
    }
    return s;
}

/* Workload parameters of `xformer eval` on architecture a. */
static void eval_params(const xf_arch *a, xf_wl_params *p)
{
    xf_wl_params_default(p);
    xf_eval_wl_params(a, p);
}

/* ---------------------------------------------------------------- field checks */

typedef struct {
    char what[512];
    int n;
} bad_list;

static void note(bad_list *b, const char *field, double v)
{
    b->n++;
    size_t l = strlen(b->what);
    if (l < sizeof b->what - 80)
        snprintf(b->what + l, sizeof b->what - l, " %s=%g", field, v);
}

static void finite_nonneg(bad_list *b, const char *field, double v)
{
    if (!isfinite(v) || v < 0.0)
        note(b, field, v);
}

/* Every number of a result: finite and >= 0, except the lifetimes (+inf when nothing is
 * written) and the sb_overlap op's latency (<= 0: the time sequence blocking hides). */
static void check_result(const xf_result *r, bad_list *b)
{
    char f[96];
    const struct {
        const char *name;
        double v;
    } head[] = {
        {"latency", r->latency},
        {"energy", r->energy},
        {"area", r->area},
        {"power", r->power},
        {"ops", r->ops},
        {"tops", r->tops},
        {"tops_per_w", r->tops_per_w},
        {"edp", r->edp},
        {"nvm_writes", r->nvm_writes},
        {"xbars_needed", r->xbars_needed},
        {"xbars_available", r->xbars_available},
        {"replicas", r->replicas},
        {"cim_arrays", r->cim_arrays},
        {"iso_reference_area", r->iso_reference_area},
        {"writes_per_cell_max", r->writes_per_cell_max},
        {"writes_per_cell_mean", r->writes_per_cell_mean},
        {"endurance", r->endurance},
        {"inferences_per_s", r->inferences_per_s},
        {"spill_bytes", r->spill_bytes},
    };
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        finite_nonneg(b, head[i].name, head[i].v);
    if (!(r->latency > 0.0))
        note(b, "latency (not > 0)", r->latency);
    if (isnan(r->lifetime_infer) || r->lifetime_infer < 0.0)
        note(b, "lifetime_infer", r->lifetime_infer);
    if (isnan(r->lifetime_s) || r->lifetime_s < 0.0)
        note(b, "lifetime_s", r->lifetime_s);
    if (r->reprogram != 0 && r->reprogram != 1)
        note(b, "reprogram", r->reprogram);
    for (int c = 0; c < XF_COMP_COUNT; c++) {
        snprintf(f, sizeof f, "energy[%s]", xf_comp_name((xf_comp)c));
        finite_nonneg(b, f, r->energy_by_comp[c]);
        snprintf(f, sizeof f, "area[%s]", xf_comp_name((xf_comp)c));
        finite_nonneg(b, f, r->area_by_comp[c]);
    }
    for (int k = 0; k < XF_OP_KIND_COUNT; k++) {
        snprintf(f, sizeof f, "energy[%s]", xf_op_kind_name((xf_op_kind)k));
        finite_nonneg(b, f, r->energy_by_kind[k]);
    }
    if (r->n_engines < 1 || r->n_engines > XF_MAX_ENGINES)
        note(b, "n_engines", r->n_engines);
    for (int e = 0; e < r->n_engines && e < XF_MAX_ENGINES; e++) {
        snprintf(f, sizeof f, "busy[%s]", xf_result_engine(r, e));
        finite_nonneg(b, f, r->busy[e]);
        snprintf(f, sizeof f, "utilisation[%s]", xf_result_engine(r, e));
        finite_nonneg(b, f, r->utilisation[e]);
        if (r->utilisation[e] > 1.0 + 1e-9) /* an engine is not busy longer than the run */
            note(b, f, r->utilisation[e]);
    }
    if (r->n_layers < 1 || r->n_layers > XF_WL_MAX_LAYERS)
        note(b, "n_layers", r->n_layers);
    for (int l = 0; l < r->n_layers && l < XF_WL_MAX_LAYERS; l++) {
        const xf_layer_result *lr = &r->layers[l];
        snprintf(f, sizeof f, "%s.latency", lr->name);
        finite_nonneg(b, f, lr->latency);
        snprintf(f, sizeof f, "%s.energy", lr->name);
        finite_nonneg(b, f, lr->energy);
        if (lr->n_ops < 0 || lr->n_ops > lr->cap || lr->first_row + lr->cap > r->n_rows)
            note(b, "n_ops", lr->n_ops);
        for (int k = 0; k < lr->n_ops && k < lr->cap; k++) {
            const xf_op_result *o = &xf_layer_rows(r, lr)[k];
            int overlap = o->name && strcmp(o->name, "sb_overlap") == 0;
            snprintf(f, sizeof f, "%s.%s.latency", lr->name, o->name ? o->name : "?");
            if (overlap) {
                if (!isfinite(o->latency) || o->latency > 0.0)
                    note(b, f, o->latency);
            } else {
                finite_nonneg(b, f, o->latency);
            }
            snprintf(f, sizeof f, "%s.%s.busy", lr->name, o->name ? o->name : "?");
            finite_nonneg(b, f, o->busy);
            snprintf(f, sizeof f, "%s.%s.energy", lr->name, o->name ? o->name : "?");
            finite_nonneg(b, f, o->energy);
            if (o->engine < 0 || o->engine >= r->n_engines)
                note(b, "engine", o->engine);
        }
    }
}

/* The design-point errors the sweep may meet inside the limits: crossbars for per-input
 * operands (K^T and V) that outgrow an iso-area design's area or a fixed die's crossbars, and
 * a decode KV cache larger than the memories of a design with no DRAM to spill to (PUMA). */
static int is_iso_infeasible(const xf_arch *a, const xf_err *err)
{
    if (err->code != XF_ERR_INPUT)
        return 0;
    return (a->iso && strstr(err->msg, "leaves no room") != NULL) ||
           strstr(err->msg, "cannot hold the dynamic operands") != NULL ||
           strstr(err->msg, "exceeds the") != NULL;
}

typedef struct {
    xf_workload w;
    xf_result r;
} scratch;

/* Evaluate; returns XF_OK or the error code (err filled). */
static int eval_at(const xf_arch *a, const xf_model *m, const xf_wl_params *p, scratch *s,
                   xf_err *err)
{
    xf_err_clear(err);
    return xf_evaluate(a, m, p, &s->w, &s->r, err);
}

/* ------------------------------------------------------------------------ tests */

static void test_property_grid(void)
{
    arch_set *as = load_archs();
    scratch *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int points = 0, failures = 0, infeasible = 0;
    for (int mi = 0; mi < xf_zoo_count(); mi++) {
        const xf_model *m = xf_zoo_get(mi);
        for (int ai = 0; ai < as->n; ai++) {
            const xf_arch *a = &as->a[ai];
            double prev = 0.0;
            int stopped = 0; /* an iso-area design stopped fitting at a smaller n */
            for (int ni = 0; ni < N_LADDER; ni++) {
                xf_wl_params p;
                eval_params(a, &p);
                p.seq = LADDER[ni]; /* decoders and encoder-decoders: prefill; vision: n */
                xf_err err;
                int rc = eval_at(a, m, &p, s, &err);
                points++;
                char where[160];
                snprintf(where, sizeof where, "%s on %s at n = %lld", m->name, as->name[ai],
                         LADDER[ni]);
                if (rc != XF_OK) {
                    if (is_iso_infeasible(a, &err)) {
                        stopped = 1;
                        infeasible++;
                        continue;
                    }
                    failures++;
                    fprintf(stderr, "\n  %s: error %d: %s", where, rc, err.msg);
                    continue;
                }
                if (stopped) {
                    failures++;
                    fprintf(stderr, "\n  %s: fits again after not fitting at a smaller n", where);
                }
                bad_list b = {"", 0};
                check_result(&s->r, &b);
                if (s->r.latency < prev * (1.0 - MONOTONE_SLACK)) {
                    b.n++;
                    snprintf(b.what + strlen(b.what), sizeof b.what - strlen(b.what),
                             " latency fell from %g s", prev);
                }
                prev = s->r.latency;
                if (b.n) {
                    failures++;
                    fprintf(stderr, "\n  %s:%s", where, b.what);
                }
            }
        }
    }
    CU_ASSERT_EQUAL(failures, 0);
    CU_ASSERT(points >= xf_zoo_count() * N_LADDER * 11);
    /* the iso-area exception stays an exception */
    CU_ASSERT(infeasible * 20 < points);
    free(s);
    free(as);
}

/* Decode (decoders and encoder-decoders): one new token against a KV cache of t tokens, t on
 * the ladder; and prefill at n = 512 over a ladder of batches. Same properties, monotone in t
 * and in b. */
static void test_decode_and_batch_grid(void)
{
    arch_set *as = load_archs();
    scratch *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    int failures = 0;
    for (int mi = 0; mi < xf_zoo_count(); mi++) {
        const xf_model *m = xf_zoo_get(mi);
        int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
        for (int ai = 0; ai < as->n; ai++) {
            const xf_arch *a = &as->a[ai];
            for (int mode = gen ? 0 : 1; mode < 2; mode++) {
                double prev = 0.0;
                int stopped = 0;
                for (int ni = 0; ni < N_LADDER; ni++) {
                    xf_wl_params p;
                    eval_params(a, &p);
                    if (mode == 0) {
                        p.phase = XF_PHASE_DECODE;
                        p.context = LADDER[ni];
                        p.seq = m->family == XF_FAMILY_ENCDEC ? 512 : 0;
                    } else {
                        p.seq = 512;
                        p.batch = LADDER[ni];
                    }
                    char where[160];
                    snprintf(where, sizeof where, "%s on %s, %s %lld", m->name, as->name[ai],
                             mode == 0 ? "decode, context" : "n = 512, batch", LADDER[ni]);
                    xf_err err;
                    if (eval_at(a, m, &p, s, &err) != XF_OK) {
                        if (is_iso_infeasible(a, &err)) {
                            stopped = 1;
                            continue;
                        }
                        failures++;
                        fprintf(stderr, "\n  %s: %s", where, err.msg);
                        continue;
                    }
                    bad_list b = {"", 0};
                    check_result(&s->r, &b);
                    if (stopped)
                        note(&b, "fits again after not fitting; n", (double)LADDER[ni]);
                    if (s->r.latency < prev * (1.0 - MONOTONE_SLACK))
                        note(&b, "latency fell from", prev);
                    prev = s->r.latency;
                    if (b.n) {
                        failures++;
                        fprintf(stderr, "\n  %s:%s", where, b.what);
                    }
                }
            }
        }
    }
    CU_ASSERT_EQUAL(failures, 0);
    free(s);
    free(as);
}

/* The documented limits: sequence 1,048,576 and batch 65,536 evaluate (where the counts fit
 * in 64 bits, which they do for every zoo model with the other at 1); past them, or where the
 * counts overflow, a clear XF_ERR_INPUT. */
static void test_extremes(void)
{
    arch_set *as = load_archs();
    scratch *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const struct {
        long long seq, batch, context; /* context >= 0: decode (text generators only) */
    } cases[] = {
        {XF_WL_MAX_SEQ, 1, -1},       {1, XF_WL_MAX_BATCH, -1},
        {65536, XF_WL_MAX_BATCH, -1}, {XF_WL_MAX_SEQ, XF_WL_MAX_BATCH, -1},
        {0, 1, XF_WL_MAX_SEQ},        {0, XF_WL_MAX_BATCH, XF_WL_MAX_SEQ},
        {0, XF_WL_MAX_BATCH, 0},
    };
    int failures = 0, ok = 0;
    for (int mi = 0; mi < xf_zoo_count(); mi++) {
        const xf_model *m = xf_zoo_get(mi);
        int gen = m->family == XF_FAMILY_DECODER || m->family == XF_FAMILY_ENCDEC;
        for (size_t ci = 0; ci < sizeof cases / sizeof cases[0]; ci++) {
            if (cases[ci].context >= 0 && !gen)
                continue;
            for (int ai = 0; ai < as->n; ai++) {
                const xf_arch *a = &as->a[ai];
                xf_wl_params p;
                eval_params(a, &p);
                p.batch = cases[ci].batch;
                if (cases[ci].context >= 0) {
                    p.phase = XF_PHASE_DECODE;
                    p.context = cases[ci].context;
                    p.seq = m->family == XF_FAMILY_ENCDEC ? 512 : 0;
                } else {
                    p.seq = cases[ci].seq;
                }
                char where[160];
                snprintf(where, sizeof where, "%s on %s, n %lld, b %lld, context %lld", m->name,
                         as->name[ai], p.seq, p.batch, p.context);
                xf_err err;
                xf_err_clear(&err);
                int one = p.batch == 1 || (p.seq <= 1 && cases[ci].context < 0);
                if (xf_evaluate(a, m, &p, &s->w, &s->r, &err) != XF_OK) {
                    /* with the other dimension at 1 every zoo model fits its 64-bit counts */
                    int too_big = err.code == XF_ERR_INPUT && strstr(err.msg, "exceed 64 bits");
                    if ((too_big && one) || (!too_big && !is_iso_infeasible(a, &err))) {
                        failures++;
                        fprintf(stderr, "\n  %s: eval: %s", where, err.msg);
                    }
                    continue;
                }
                bad_list b = {"", 0};
                check_result(&s->r, &b);
                if (b.n) {
                    failures++;
                    fprintf(stderr, "\n  %s:%s", where, b.what);
                } else {
                    ok++;
                }
            }
        }
    }
    CU_ASSERT_EQUAL(failures, 0);
    CU_ASSERT(ok > 0);
    free(s);
    free(as);
}

static void expect_input_error(const xf_model *m, const xf_wl_params *p, const char *frag)
{
    xf_workload *w = malloc(sizeof *w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_workload_build(m, p, w, &err);
    CU_ASSERT_EQUAL(rc, XF_ERR_INPUT);
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    if (!strstr(err.msg, frag)) {
        fprintf(stderr, "\n  expected '%s' in: %s", frag, err.msg);
        CU_FAIL("error message");
    }
    CU_ASSERT_PTR_NULL(strchr(err.msg, '\n')); /* one line */
    free(w);
}

static void test_beyond_limits(void)
{
    const xf_model *bert = xf_zoo_find("bert-base");
    const xf_model *gpt3 = xf_zoo_find("gpt3-175b");
    const xf_model *t5 = xf_zoo_find("t5-small");
    CU_ASSERT_PTR_NOT_NULL_FATAL(bert);
    CU_ASSERT_PTR_NOT_NULL_FATAL(gpt3);
    CU_ASSERT_PTR_NOT_NULL_FATAL(t5);
    xf_wl_params p;
    xf_wl_params_default(&p);
    const long long bad_seq[] = {0, -1, XF_WL_MAX_SEQ + 1, 1000000000000LL, -9223372036854775807LL};
    for (size_t i = 0; i < sizeof bad_seq / sizeof bad_seq[0]; i++) {
        p.seq = bad_seq[i];
        expect_input_error(bert, &p, "sequence length");
    }
    p.seq = 128;
    const long long bad_batch[] = {0, -1, XF_WL_MAX_BATCH + 1, 9223372036854775807LL};
    for (size_t i = 0; i < sizeof bad_batch / sizeof bad_batch[0]; i++) {
        p.batch = bad_batch[i];
        expect_input_error(bert, &p, "batch");
    }
    p.batch = 1;
    /* decode context past the limit, and negative */
    xf_wl_params d;
    xf_wl_params_default(&d);
    d.phase = XF_PHASE_DECODE;
    d.context = XF_WL_MAX_SEQ + 1;
    expect_input_error(gpt3, &d, "context");
    d.context = -1;
    expect_input_error(gpt3, &d, "context");
    /* encoder-decoder: decoder length past the limit */
    p.seq = 128;
    p.dec_seq = XF_WL_MAX_SEQ + 1;
    expect_input_error(t5, &p, "decoder length");
    p.dec_seq = 0;
    /* counts that do not fit in 64 bits: GPT-3 at the largest sequence and batch */
    p.seq = XF_WL_MAX_SEQ;
    p.batch = XF_WL_MAX_BATCH;
    expect_input_error(gpt3, &p, "exceed 64 bits");
    /* precisions */
    xf_wl_params_default(&p);
    p.seq = 128;
    p.a_bits = XF_WL_MAX_BITS + 1;
    expect_input_error(bert, &p, "bits");
    xf_wl_params_default(&p);
    p.seq = 128;
    p.bits_per_cell = 0;
    expect_input_error(bert, &p, "bits per cell");
}

/* A user vision model whose default token count (image/patch)^2 + 1 is past the limit. */
static void test_vision_default_seq_limit(void)
{
    const xf_model *vit = xf_zoo_find("vit-b16");
    CU_ASSERT_PTR_NOT_NULL_FATAL(vit);
    xf_model m = *vit;
    snprintf(m.name, sizeof m.name, "huge-vit");
    m.image_size = XF_MODEL_MAX_IMAGE;
    m.patch_size = 1;
    m.positions = 0;
    xf_wl_params p;
    xf_wl_params_default(&p);
    expect_input_error(&m, &p, "tokens");
    /* with an explicit --seq inside the limit it evaluates */
    xf_workload *w = malloc(sizeof *w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    xf_err err;
    xf_err_clear(&err);
    p.seq = 4096;
    CU_ASSERT_EQUAL(xf_workload_build(&m, &p, w, &err), XF_OK);
    free(w);
}

/* Sequence blocking with a short last block: between n = SB and SB + 1 the layer must not get
 * faster (a partial block pipelines only its own share). Llama-2-13B on one die that
 * reprograms its weights per layer (chip.overflow = "reprogram"), the regime this was written
 * for. (On the 31 dies that hold its weights the latency falls by up to 0.2 % per token
 * between n = 194 and 200, within one block count: a known limit of the flow-shop formula,
 * README "How the designs are modelled".) */
static void test_partial_block_monotone(void)
{
    xf_arch *a = malloc(sizeof *a);
    scratch *s = calloc(1, sizeof *s);
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    xf_err err;
    xf_err_clear(&err);
    const char *one_die[] = {"chip.overflow=reprogram"};
    CU_ASSERT_EQUAL_FATAL(xf_arch_load(TECHLIB, "xformer", one_die, 1, a, &err), XF_OK);
    const xf_model *m = xf_zoo_find("llama2-13b");
    CU_ASSERT_PTR_NOT_NULL_FATAL(m);
    double prev = 0.0;
    for (long long n = 60; n <= 200; n++) {
        xf_wl_params p;
        eval_params(a, &p);
        p.seq = n;
        CU_ASSERT_EQUAL_FATAL(eval_at(a, m, &p, s, &err), XF_OK);
        if (s->r.latency < prev * (1.0 - MONOTONE_SLACK)) {
            fprintf(stderr, "\n  n = %lld: %g s after %g s", n, s->r.latency, prev);
            CU_FAIL("latency falls");
        }
        prev = s->r.latency;
        bad_list b = {"", 0};
        check_result(&s->r, &b);
        CU_ASSERT_EQUAL(b.n, 0);
    }
    free(a);
    free(s);
}

XF_SUITE(limits) = {{"zoo x n x arch: finite, non-negative, monotone in n", test_property_grid},
                    {"decode context and batch ladders", test_decode_and_batch_grid},
                    {"largest sequence, batch and context evaluate", test_extremes},
                    {"past the limits: clear input errors", test_beyond_limits},
                    {"vision default token count past the limit", test_vision_default_seq_limit},
                    {"partial last block: latency does not fall", test_partial_block_monotone},
                    {NULL, NULL}};
