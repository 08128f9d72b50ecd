/* A design on several dies (chip.dies, map.die_link; src/engines/xbar.c sizing, the die_link
 * row of src/schedule/schedule.c): the number of dies, the one activation crossing per
 * boundary, the link's cost from techlib/links/ucie-advanced.cfg (0.3 pJ/bit, 256 GB/s each
 * way, 2 ns per hop, 0.38 mm^2 per x64 module, two ports per die), and the die limit. */
#include "xf_test.h"

#include "xf/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* BERT-base at 512 tokens: its weights take 20,736 crossbars (test_die.c); a die of 216
 * X-Former tiles has 216 x 48 = 10,368, so the weights need ceil(20,736 / 10,368) = 2 dies
 * and 2 x 10,368 / 20,736 = 1 copy, nothing reprogrammed. One boundary: the activations of
 * 512 tokens x 768 x 8 bits = 393,216 bytes cross it once per inference:
 *   energy  393,216 x 8 x 0.3 pJ = 0.9437184 uJ
 *   time    2 ns + 393,216 B / 256 GB/s = 2 ns + 1.536 us = 1.538 us
 *   area    2 dies x 2 ports x 0.38 mm^2 = 1.52 mm^2 of link.
 * The same weights on one die of 432 tiles (20,736 crossbars, also 1 copy) run the same rows
 * on one die: the two-die design is slower by exactly the crossing. */
static void test_two_dies_by_hand(void)
{
    const char *two[] = {"pe.tiles=216"}, *one[] = {"pe.tiles=432"};
    xf_test_point *a = xf_test_run("xformer", two, 1, "bert-base", 512);
    xf_test_point *b = xf_test_run("xformer", one, 1, "bert-base", 512);
    CU_ASSERT_EQUAL(a->r.dies, 2);
    CU_ASSERT_EQUAL(b->r.dies, 1);
    CU_ASSERT_DOUBLE_EQUAL(a->r.xbars_available, 20736.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a->r.replicas, 1.0, 0.0);
    CU_ASSERT_EQUAL(a->r.reprogram, 0);
    CU_ASSERT_EQUAL(a->r.nvm_writes, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a->r.link_bytes, 393216.0, 1e-6);
    XF_ASSERT_REL(a->r.energy_by_comp[XF_COMP_LINK], 393216.0 * 8 * 0.3e-12, 1e-12);
    XF_ASSERT_REL(a->r.area_by_comp[XF_COMP_LINK], 1.52e-6, 1e-12);
    XF_ASSERT_REL(a->r.latency - b->r.latency, 2e-9 + 393216.0 / 256e9, 1e-6);
    /* one die needs no link: no traffic, no area, no energy */
    CU_ASSERT_EQUAL(b->r.link_bytes, 0.0);
    CU_ASSERT_EQUAL(b->r.area_by_comp[XF_COMP_LINK], 0.0);
    CU_ASSERT_EQUAL(b->r.energy_by_comp[XF_COMP_LINK], 0.0);
    /* each die is the area of one: half of the two dies' silicon */
    XF_ASSERT_REL(a->r.die_area, a->r.area / 2.0, 1e-12);
    XF_ASSERT_REL(a->r.die_power, a->r.power / 2.0, 1e-12);
    /* the die_link row: one per layer instance, (2 - 1) / 14 of the crossing each (BERT-base
     * is embed + 12 encoder layers + the final one, 14 instances) */
    double rows = 0.0;
    int found = 0;
    for (int l = 0; l < a->r.n_layers; l++) {
        const xf_layer_result *lr = &a->r.layers[l];
        for (int k = 0; k < lr->n_ops; k++)
            if (strcmp(xf_layer_rows(&a->r, lr)[k].name, "die_link") == 0) {
                rows += xf_layer_rows(&a->r, lr)[k].latency * lr->repeat;
                found++;
            }
    }
    CU_ASSERT(found > 0);
    XF_ASSERT_REL(rows, 2e-9 + 393216.0 / 256e9, 1e-9);
    free(a);
    free(b);
}

/* chip.dies fixes N: 3 dies of 216 tiles hold floor(3 x 10,368 / 20,736) = 1 copy (three
 * dies, two crossings of the activations); 1 die cannot hold the weights: an input
 * error that names the dies needed. chip.overflow = "reprogram" keeps one die. */
static void test_dies_fixed_and_too_few(void)
{
    const char *three[] = {"pe.tiles=216", "chip.dies=3"};
    xf_test_point *a = xf_test_run("xformer", three, 2, "bert-base", 512);
    CU_ASSERT_EQUAL(a->r.dies, 3);
    CU_ASSERT_DOUBLE_EQUAL(a->r.replicas, 1.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a->r.link_bytes, 2 * 393216.0, 1e-6);
    free(a);
    const char *few[] = {"pe.tiles=216", "chip.dies=1"};
    xf_arch *arch = xf_test_arch("xformer", few, 2);
    const xf_model *m = xf_zoo_find("bert-base");
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    xf_eval_wl_params(arch, &p);
    xf_workload *w = malloc(sizeof *w);
    xf_result *r = malloc(sizeof *r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(xf_workload_build(m, &p, w, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_eval(arch, w, r, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected chip.dies >= 2"));
    free(w);
    free(r);
    free(arch);
    const char *re[] = {"pe.tiles=216", "chip.overflow=reprogram"};
    xf_test_point *b = xf_test_run("xformer", re, 2, "bert-base", 512);
    CU_ASSERT_EQUAL(b->r.dies, 1);
    CU_ASSERT_EQUAL(b->r.reprogram, 1);
    CU_ASSERT_EQUAL(b->r.link_bytes, 0.0);
    free(b);
}

/* Llama-2-7B on the default X-Former die: 32 layers x (4 x 4,096 + 3 x 11,008) crossbars
 * (a 4,096 x 4,096 matrix in 32 x 128 crossbars of 128 rows x 32 8-bit weights, a 4,096 x
 * 11,008 one in 32 x 344) = 1,581,056, plus the LM head (4,096 x 32,000: 32 x 1,000 =
 * 32,000): 1,613,056. A die has 2,109 x 48 = 101,232 crossbars: 15.93 dies' worth, so the
 * smallest N is 16; 15 is refused. Each die stays within the reticle (858 mm^2). */
static void test_smallest_dies_llama(void)
{
    xf_test_point *a = xf_test_run("xformer", NULL, 0, "llama2-7b", 512);
    CU_ASSERT_DOUBLE_EQUAL(a->r.xbars_needed, 1613056.0, 0.0);
    CU_ASSERT_EQUAL(a->r.dies, 16);
    CU_ASSERT_DOUBLE_EQUAL(a->r.xbars_available, 16 * 101232.0, 0.0);
    CU_ASSERT(a->r.die_area <= a->r.max_die_area);
    CU_ASSERT_EQUAL(a->r.over_die, 0);
    CU_ASSERT(a->r.area > 15 * a->r.max_die_area); /* the design as a whole is 16 dies */
    free(a);
    const char *fifteen[] = {"chip.dies=15"};
    xf_arch *arch = xf_test_arch("xformer", fifteen, 1);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    xf_eval_wl_params(arch, &p);
    xf_workload *w = malloc(sizeof *w);
    xf_result *r = malloc(sizeof *r);
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(xf_workload_build(xf_zoo_find("llama2-7b"), &p, w, &err), XF_OK);
    CU_ASSERT_EQUAL(xf_eval(arch, w, r, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "expected chip.dies >= 16"));
    free(w);
    free(r);
    free(arch);
}

/* Tensor parallelism (chip.parallel = "tensor") on the two dies of the first test: each of
 * BERT-base's 12 encoder layers sums its attention and FFN outputs over the dies with two
 * ring all-reduces of B = 512 x 768 x 8 bits = 393,216 bytes; with N = 2 each die sends
 * 2 (N - 1) / N x B = 393,216 bytes per all-reduce in 2 (N - 1) = 2 steps:
 *   bytes   12 x 2 x N x 393,216 = 18,874,368
 *   energy  12 x 2 x N x 393,216 x 8 x 0.3 pJ = 45.298 uJ
 *   time    12 x 2 x (2 ns + 393,216 B / 256 GB/s + 1 x 2 ns) = 12 x 2 x 1.540 us = 36.96 us
 * The link time is what the all-reduce rows add; every op but the crossbars' MVMs runs on
 * half the heads per die, so the layers are faster than in the pipeline. */
static void test_tensor_parallel_by_hand(void)
{
    const char *tp[] = {"pe.tiles=216", "chip.parallel=tensor"}, *pp[] = {"pe.tiles=216"};
    xf_test_point *a = xf_test_run("xformer", tp, 2, "bert-base", 512);
    xf_test_point *b = xf_test_run("xformer", pp, 1, "bert-base", 512);
    CU_ASSERT_EQUAL(a->r.dies, 2);
    XF_ASSERT_REL(a->r.link_bytes, 18874368.0, 1e-12);
    XF_ASSERT_REL(a->r.energy_by_comp[XF_COMP_LINK] - a->r.static_by_comp[XF_COMP_LINK],
                  18874368.0 * 8 * 0.3e-12, 1e-9);
    double rows = 0.0;
    for (int l = 0; l < a->r.n_layers; l++) {
        const xf_layer_result *lr = &a->r.layers[l];
        for (int k = 0; k < lr->n_ops; k++)
            if (strcmp(xf_layer_rows(&a->r, lr)[k].name, "all_reduce") == 0)
                rows += xf_layer_rows(&a->r, lr)[k].latency * lr->repeat;
    }
    XF_ASSERT_REL(rows, 24.0 * (2e-9 + 393216.0 / 256e9 + 2e-9), 1e-9);
    CU_ASSERT(a->r.latency < b->r.latency);
    XF_ASSERT_REL(a->r.area, b->r.area, 1e-12); /* the same dies */
    free(a);
    free(b);
}

XF_SUITE(dies) = {
    {"tensor parallelism by hand: two all-reduces per layer", test_tensor_parallel_by_hand},
    {"two dies by hand: one crossing of the activations per boundary", test_two_dies_by_hand},
    {"chip.dies fixed, too few, and the reprogram policy", test_dies_fixed_and_too_few},
    {"the smallest number of dies for Llama-2-7B, each within the reticle",
     test_smallest_dies_llama},
    {NULL, NULL}};
