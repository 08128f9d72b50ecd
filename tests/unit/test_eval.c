/* Architecture evaluation: X-Former dataflow, sequence blocking, GPU roofline. */
#include "xf_test.h"
#include "xf/eval.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double layer_sum_latency(const xf_result *r)
{
    double t = 0;
    for (int l = 0; l < r->n_layers; l++) {
        double s = 0;
        for (int k = 0; k < r->layers[l].n_ops; k++)
            s += xf_layer_rows(r, &r->layers[l])[k].latency;
        t += s * r->layers[l].repeat;
    }
    return t;
}

static void test_conservation(void)
{
    const char *archs[] = {"xformer", "xformer-nosb", "gpu-gtx1060"};
    for (int i = 0; i < 3; i++) {
        xf_test_point *e = xf_test_run(archs[i], NULL, 0, "bert-base", 512);
        double s = 0, sl = 0, sk = 0;
        for (int c = 0; c < XF_COMP_COUNT; c++)
            s += e->r.energy_by_comp[c];
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            sk += e->r.energy_by_kind[k];
        for (int l = 0; l < e->r.n_layers; l++) {
            double le = 0;
            for (int k = 0; k < e->r.layers[l].n_ops; k++)
                le += xf_layer_rows(&e->r, &e->r.layers[l])[k].energy;
            XF_ASSERT_REL(le, e->r.layers[l].energy, 1e-12);
            sl += le * e->r.layers[l].repeat;
        }
        XF_ASSERT_REL(s, e->r.energy, 1e-12);
        /* the rows are dynamic energy; static energy is charged per engine */
        XF_ASSERT_REL(sl + e->r.static_energy, e->r.energy, 1e-9);
        XF_ASSERT_REL(sk + e->r.static_energy, e->r.energy, 1e-9);
        /* op rows (with the sb_overlap row) add up to the layer and to the total latency */
        XF_ASSERT_REL(layer_sum_latency(&e->r), e->r.latency, 1e-9);
        free(e);
    }
}

/* Three blocks by hand: a one-layer BERT-base-shaped encoder at n = 192 with SB = 64 on the
 * default X-Former die (README "How the designs are modelled" gives the formula).
 *   Rows: the die's 101,328 crossbars hold the layer's 1,728 floor(101,328 / 1,728) = 58
 *   times, so an MVM round serves 58 tokens; a PUMAsim MVM is (8 + 2) x 50 ns = 500 ns:
 *   q_proj (k, v beside it) = ceil(192 / 58) = 4 rounds = 2.0 us, one block of 64 tokens
 *   ceil(64 / 58) = 2 rounds = 1.0 us (the engine's own block time: g = 1/2); likewise o_proj,
 *   ffn_up, ffn_down. The bus moves 192 x 768 B at 512 bits x 1 GHz: 2.304 us per transfer.
 *   QK^T and A.V stream 192 keys / probability rows at 8 + 2 cycles of 6.25 ns: 12.0 us each.
 *   Every other row's block is f = 64 / 192 = 1/3 of it.
 *   P1 (to A.V): one block through the chain = 1.0 + 3 x 0.768 (bus) + q_write 0.0213 + QK^T
 *   4.0 + scale 0.144 + softmax 0.72 + v_write 0.0427 + A.V 4.0 = 12.232 us; the loads of a
 *   block: Q/K/V crossbars 1.0, bus 2.304, QK^T arrays 4.0213, SFU 0.864, A.V arrays 4.0427:
 *   F_1 = 12.232 + (3 - 1) x 4.0427 = 20.317 us.
 *   P2: chain 0.768 + 1.0 + 0.048 + 0.3367 + 1.0 + gelu 2.304 + 1.0 + 0.048 + 0.3367 =
 *   6.8413 us; the SFU carries 3.0733 us of a block (the largest load):
 *   F_2 = 6.8413 + 2 x 3.0733 = 12.988 us.
 *   T = F_1 + F_2 = 33.305 us, against 53.22 us for the rows one after another. */
static void test_three_block_pipeline(void)
{
    const char *sb[] = {"dataflow.sequence_block=64"};
    xf_test_point *e =
        xf_test_run("xformer", sb, 1, "tests/fixtures/models/one-layer-encoder.cfg", 192);
    const xf_layer_result *lr = NULL;
    for (int l = 0; l < e->r.n_layers; l++)
        if (strcmp(e->r.layers[l].name, "enc") == 0)
            lr = &e->r.layers[l];
    CU_ASSERT_PTR_NOT_NULL_FATAL(lr);
    double sum = 0, overlap = 0;
    for (int k = 0; k < lr->n_ops; k++) {
        const xf_op_result *o = &xf_layer_rows(&e->r, lr)[k];
        if (!strcmp(o->name, "q_proj") || !strcmp(o->name, "ffn_up"))
            XF_ASSERT_REL(o->latency, 2.0e-6, 1e-9);
        if (!strcmp(o->name, "qk") || !strcmp(o->name, "av"))
            XF_ASSERT_REL(o->latency, 12.0e-6, 1e-9);
        if (!strcmp(o->name, "bus_to_ae"))
            XF_ASSERT_REL(o->latency, 2.304e-6, 1e-9);
        if (!strcmp(o->name, "sb_overlap"))
            overlap = o->latency;
        else
            sum += o->latency;
    }
    XF_ASSERT_REL(sum, 53.22e-6, 1e-4);
    XF_ASSERT_REL(lr->latency, 33.305e-6, 1e-4);
    XF_ASSERT_REL(sum + overlap, lr->latency, 1e-9);
    free(e);
}

/* Fusion across layers (dataflow.fusion): BERT-base's 12 identical encoder layers at 512
 * tokens in 8 blocks. Without it each layer takes F_1 + F_2; with it the stack takes
 * F_1 + 11 F_21 + F_2 with F_21 <= F_1 + F_2, so fused is never slower, and faster here (the
 * Q/K/V crossbars of layer k+1 work while layer k's FFN crossbars do). */
static void test_fusion(void)
{
    const char *none[] = {"dataflow.fusion=none"}, *layers[] = {"dataflow.fusion=layers"};
    xf_test_point *u = xf_test_run("xformer", none, 1, "bert-base", 512);
    xf_test_point *f = xf_test_run("xformer", layers, 1, "bert-base", 512);
    CU_ASSERT(f->r.latency < u->r.latency);
    XF_ASSERT_REL(f->r.energy, u->r.energy, 1e-12); /* the same work, in another order */
    free(u);
    free(f);
}

static void test_blocking_never_slower(void)
{
    const char *off[] = {"dataflow.sequence_block=0"};
    long long ns[] = {64, 128, 384, 512, 1024, 2048};
    for (int i = 0; i < 6; i++) {
        xf_test_point *b = xf_test_run("xformer", NULL, 0, "bert-base", ns[i]);
        xf_test_point *u = xf_test_run("xformer", off, 1, "bert-base", ns[i]);
        CU_ASSERT(b->r.latency <= u->r.latency * (1 + 1e-12));
        free(b);
        free(u);
    }
    /* SB = SL equals the unblocked flow when the unblocked flow does not spill. */
    const char *sb_sl[] = {"dataflow.sequence_block=128", "ae.intermediate_KB=1024"};
    const char *sb_0[] = {"dataflow.sequence_block=0", "ae.intermediate_KB=1024"};
    xf_test_point *b = xf_test_run("xformer", sb_sl, 2, "bert-base", 128);
    xf_test_point *u = xf_test_run("xformer", sb_0, 2, "bert-base", 128);
    CU_ASSERT_EQUAL(u->r.spill_bytes, 0.0);
    XF_ASSERT_REL(b->r.latency, u->r.latency, 1e-12);
    XF_ASSERT_REL(b->r.energy, u->r.energy, 1e-12);
    free(b);
    free(u);
    /* The unblocked flow spills the SL x SL scores: 12 heads x 512^2 x 2 B - 128 KB per layer. */
    xf_test_point *s = xf_test_run("xformer-nosb", NULL, 0, "bert-base", 512);
    CU_ASSERT_DOUBLE_EQUAL(s->r.spill_bytes, 12.0 * (12 * 512.0 * 512 * 2 - 131072), 1.0);
    free(s);
}

/* Fig. 8's trend: the speed-up over the GPU falls at long sequences, where the quadratic
 * attention takes over. (Below about 2,048 tokens it still grows here: the blocks pipeline
 * better the more of them there are.) */
static void test_speedup_falls_with_seq(void)
{
    long long ns[] = {2048, 4096, 8192};
    double prev = INFINITY;
    for (int i = 0; i < 3; i++) {
        xf_test_point *x = xf_test_run("xformer", NULL, 0, "bert-base", ns[i]);
        xf_test_point *g = xf_test_run("gpu-gtx1060", NULL, 0, "bert-base", ns[i]);
        double s = g->r.latency / x->r.latency;
        CU_ASSERT(s < prev);
        prev = s;
        free(x);
        free(g);
    }
}

static void test_gpu_roofline(void)
{
    /* BERT-base 512 on the GTX 1060 within 15 % of the paper's 51.46 ms (Table IV). */
    xf_test_point *g = xf_test_run("gpu-gtx1060", NULL, 0, "bert-base", 512);
    XF_ASSERT_REL(g->r.latency, 51.46e-3, 0.15);
    XF_ASSERT_REL(g->r.tops_per_w, 0.0158, 0.15);
    /* Compute-bound op: ffn_up of BERT-base at 512 = 2 x 512 x 768 x 3072 FLOPs at 4.375 TFLOPS
     * x 0.5, plus a 5 us launch. */
    const xf_layer_result *lr = &g->r.layers[1];
    CU_ASSERT_STRING_EQUAL(lr->name, "enc");
    double ffn = -1, qp = -1;
    for (int k = 0; k < lr->n_ops; k++)
        if (!strcmp(xf_layer_rows(&g->r, lr)[k].name, "ffn_up"))
            ffn = xf_layer_rows(&g->r, lr)[k].latency;
    CU_ASSERT_DOUBLE_EQUAL(ffn, 2.0 * 512 * 768 * 3072 / (4.375e12 * 0.5) + 5e-6, 1e-12);
    free(g);
    /* Memory-bound op: q_proj at n = 1 moves the 768 x 768 FP32 weights and 768 biases (4 B
     * each) plus 2 x 768 x 4 B of activations at 192.2 GB/s x 0.8. */
    g = xf_test_run("gpu-gtx1060", NULL, 0, "bert-base", 1);
    lr = &g->r.layers[1];
    for (int k = 0; k < lr->n_ops; k++)
        if (!strcmp(xf_layer_rows(&g->r, lr)[k].name, "q_proj"))
            qp = xf_layer_rows(&g->r, lr)[k].latency;
    CU_ASSERT_DOUBLE_EQUAL(qp, ((768.0 * 768 + 768) * 4 + 2 * 768 * 4) / (192.2e9 * 0.8) + 5e-6,
                           1e-12);
    free(g);
}

/* The alternative GPU energy model: FLOPs x energy_per_op + DRAM bytes x energy_per_dram_byte
 * (+ idle power x time), by hand for ffn_up of BERT-base at 512 on the GTX 1060 (FP32 bytes:
 * 768 x 3072 weights + 3072 biases, 512 x 768 inputs and 512 x 3072 outputs, 4 B each). */
static void test_gpu_per_op_energy(void)
{
    const char *sets[] = {"gpu.energy_model=per_op", "gpu.idle_power_W=10"};
    xf_test_point *g = xf_test_run("gpu-gtx1060", sets, 2, "bert-base", 512);
    const xf_layer_result *lr = &g->r.layers[1];
    double e = -1, t = -1;
    for (int k = 0; k < lr->n_ops; k++)
        if (!strcmp(xf_layer_rows(&g->r, lr)[k].name, "ffn_up")) {
            e = xf_layer_rows(&g->r, lr)[k].energy;
            t = xf_layer_rows(&g->r, lr)[k].latency;
        }
    double flops = 2.0 * 512 * 768 * 3072;
    double bytes = (768.0 * 3072 + 3072 + 512.0 * 768 + 512.0 * 3072) * 4;
    CU_ASSERT_DOUBLE_EQUAL(e, flops * 0.37e-12 + bytes * 112e-12 + 10.0 * t, 1e-12);
    free(g);
}

static void test_adcs_and_reprogramming(void)
{
    const char *two[] = {"pe.adcs_per_xbar=2"}, *four[] = {"pe.adcs_per_xbar=4"};
    xf_test_point *a = xf_test_run("xformer", two, 1, "bert-base", 512);
    xf_test_point *b = xf_test_run("xformer", four, 1, "bert-base", 512);
    CU_ASSERT(b->r.latency <= a->r.latency);
    CU_ASSERT_EQUAL(a->r.nvm_writes, 0.0);
    CU_ASSERT_EQUAL(a->r.reprogram, 0);
    free(a);
    free(b);
    /* A die of Table I's 36 tiles (1,728 crossbars: one BERT-base layer) cannot hold 12 layers
     * (20,736 crossbars): with chip.overflow = "reprogram" it stays one die with fewer than one
     * copy, so every layer's 1,728 crossbars are rewritten, 16,384 cells each. */
    const char *fixed[] = {"pe.tiles=36", "chip.overflow=reprogram"};
    xf_test_point *f = xf_test_run("xformer", fixed, 2, "bert-base", 512);
    CU_ASSERT_EQUAL(f->r.dies, 1);
    CU_ASSERT_EQUAL(f->r.reprogram, 1);
    CU_ASSERT_DOUBLE_EQUAL(f->r.replicas, 1.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(f->r.nvm_writes, 12.0 * 1728 * 16384, 1.0);
    CU_ASSERT(f->r.energy_by_comp[XF_COMP_NVM_WRITE] > 0);
    CU_ASSERT(isfinite(f->r.lifetime_infer) && f->r.lifetime_infer > 0);
    free(f);
}

static int all_finite(const xf_result *r)
{
    const double *v[] = {&r->latency, &r->energy,     &r->area, &r->power,
                         &r->tops,    &r->tops_per_w, &r->edp,  &r->nvm_writes};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(*v[i]) || *v[i] < 0)
            return 0;
    for (int c = 0; c < XF_COMP_COUNT; c++)
        if (!isfinite(r->energy_by_comp[c]) || r->energy_by_comp[c] < 0 ||
            !isfinite(r->area_by_comp[c]) || r->area_by_comp[c] < 0)
            return 0;
    return r->latency > 0 && r->energy > 0;
}

static void test_no_nan_for_encoders(void)
{
    long long ns[] = {1, 128, 512, 4096};
    const char *archs[] = {"xformer", "xformer-nosb", "gpu-gtx1060"};
    for (int i = 0; i < xf_zoo_count(); i++) {
        const xf_model *m = xf_zoo_get(i);
        if (m->family != XF_FAMILY_ENCODER && m->family != XF_FAMILY_VISION)
            continue;
        for (int a = 0; a < 3; a++)
            for (int k = 0; k < 4; k++) {
                xf_test_point *e = xf_test_run(archs[a], NULL, 0, m->name, ns[k]);
                if (!all_finite(&e->r)) {
                    fprintf(stderr, "\n  %s on %s at %lld\n", archs[a], m->name, ns[k]);
                    CU_FAIL("non-finite or negative field");
                }
                free(e);
            }
    }
}

/* The rows of every layer add up to the layer and the layers to the totals, for every zoo
 * model on every architecture file, in prefill at 512 tokens (vision: its own 197) and, for
 * generative models, in decode after 511 tokens; and with fixed-size engines, where weights
 * are reprogrammed per layer and every static MVM adds a row (the case that once overflowed
 * the row table: T5-base lost the ffn_add, ffn_norm and sb_overlap rows of its decoder). An
 * overflow would drop rows, and the sums would fall short of the totals. */
static void check_rows_sum(const char *what, const xf_result *r)
{
    double lat = 0.0, en = 0.0;
    for (int l = 0; l < r->n_layers; l++) {
        const xf_layer_result *lr = &r->layers[l];
        const xf_op_result *o = xf_layer_rows(r, lr);
        double ll = 0.0, le = 0.0;
        for (int k = 0; k < lr->n_ops; k++) {
            ll += o[k].latency;
            le += o[k].energy;
        }
        int ok = fabs(ll - lr->latency) <= 1e-9 * lr->latency &&
                 fabs(le - lr->energy) <= 1e-9 * lr->energy;
        if (!ok)
            fprintf(stderr, "\n  %s layer %s: rows %.9g s %.9g J, layer %.9g s %.9g J\n", what,
                    lr->name, ll, le, lr->latency, lr->energy);
        CU_ASSERT(ok);
        lat += ll * lr->repeat;
        en += le * lr->repeat;
    }
    en += r->static_energy; /* charged per engine, not per row */
    int ok =
        fabs(lat - r->latency) <= 1e-9 * r->latency && fabs(en - r->energy) <= 1e-9 * r->energy;
    if (!ok)
        fprintf(stderr, "\n  %s: rows %.9g s %.9g J, totals %.9g s %.9g J\n", what, lat, en,
                r->latency, r->energy);
    CU_ASSERT(ok);
}

static void test_rows_sum_to_totals(void)
{
    DIR *d = opendir("arch");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    xf_arch *a = malloc(sizeof *a);
    xf_workload *w = malloc(sizeof *w);
    xf_result *r = malloc(sizeof *r);
    CU_ASSERT_FATAL(a && w && r);
    int archs = 0, points = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".cfg") != 0)
            continue;
        char path[300];
        snprintf(path, sizeof path, "arch/%s", e->d_name);
        archs++;
        static const char *const fixed[] = {"pe.tiles=36"}; /* a die that reprograms */
        for (int variant = 0; variant < 2; variant++) {
            xf_err err = {0};
            if (xf_arch_load("techlib", path, fixed, variant, a, &err) != XF_OK) {
                CU_ASSERT_FATAL(variant == 1); /* only designs without a `pe` refuse it */
                continue;
            }
            for (int m = 0; m < xf_zoo_count(); m++) {
                const xf_model *model = xf_zoo_get(m);
                int gen = model->family == XF_FAMILY_DECODER || model->family == XF_FAMILY_ENCDEC;
                for (int phase = 0; phase < 1 + gen; phase++) {
                    xf_wl_params p;
                    xf_wl_params_default(&p);
                    p.seq = model->family == XF_FAMILY_VISION ? 0 : 512;
                    if (phase == 1) {
                        p.phase = XF_PHASE_DECODE;
                        p.context = 511;
                        if (model->family == XF_FAMILY_DECODER)
                            p.seq = 0;
                    }
                    xf_eval_wl_params(a, &p);
                    char what[200];
                    snprintf(what, sizeof what, "%s%s on %s (%s)", e->d_name,
                             variant ? " fixed" : "", model->name, xf_phase_name(p.phase));
                    if (xf_workload_build(model, &p, w, &err) != XF_OK ||
                        xf_eval(a, w, r, &err) != XF_OK) {
                        /* iso-area designs may refuse a model whose weights fill the area,
                         * a fixed die one whose dynamic operands do not fit it, and a small
                         * die a model that would need more than XF_MAX_DIES of it */
                        if (strstr(err.msg, "iso_area") == NULL &&
                            strstr(err.msg, "cannot hold the dynamic operands") == NULL &&
                            strstr(err.msg, "expected at most 4096 dies") == NULL) {
                            fprintf(stderr, "\n  %s: %s\n", what, err.msg);
                            CU_FAIL("evaluates");
                        }
                        xf_err_clear(&err);
                        continue;
                    }
                    check_rows_sum(what, r);
                    points++;
                }
            }
        }
    }
    closedir(d);
    CU_ASSERT(archs >= 11);
    CU_ASSERT(points > 11 * xf_zoo_count());
    free(a);
    free(w);
    free(r);
}

XF_SUITE(eval) = {
    {"energies and latencies add up", test_conservation},
    {"sequence-blocking pipeline on a three-block case (hand)", test_three_block_pipeline},
    {"fusion across layers: never slower, the same energy", test_fusion},
    {"sequence blocking is never slower; SB = SL is the unblocked flow",
     test_blocking_never_slower},
    {"speed-up vs GPU falls at long sequences", test_speedup_falls_with_seq},
    {"GPU roofline and the paper's GTX 1060 anchor", test_gpu_roofline},
    {"GPU per-op energy model (hand case)", test_gpu_per_op_energy},
    {"ADC count and reprogramming", test_adcs_and_reprogramming},
    {"no NaN, Inf or negative for encoder models", test_no_nan_for_encoders},
    {"rows sum to totals: every zoo model on every architecture", test_rows_sum_to_totals},
    {NULL, NULL}};
