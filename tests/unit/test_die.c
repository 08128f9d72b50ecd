/* A fixed die: the copies of the weights derived from its tiles, and the flags for a die
 * beyond the reticle or the power-density limit (arch/xformer.cfg, section "chip"). */
#include "xf_test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* BERT-base's static weights take 20,736 crossbars (12 layers x 1,728: Q, K, V, O 144 each,
 * the FFN 576 + 576, at 128 rows x 32 8-bit weights per crossbar); an X-Former tile has
 * 8 cores x 6 crossbars = 48.
 *   1,080 tiles = 51,840 crossbars = 2.5 copies: 2 are used, nothing is reprogrammed;
 *   216 tiles = 10,368 crossbars = 0.5 copy: with chip.overflow = "reprogram", one layer at a
 *   time, every layer's 1,728 crossbars written per inference (12 x 1,728 x 16,384 cells). */
static void test_copies_from_the_die(void)
{
    const char *big[] = {"pe.tiles=1080"}, *small[] = {"pe.tiles=216", "chip.overflow=reprogram"};
    xf_test_point *a = xf_test_run("xformer", big, 1, "bert-base", 512);
    CU_ASSERT_DOUBLE_EQUAL(a->r.xbars_needed, 20736.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a->r.xbars_available, 51840.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(a->r.replicas, 2.0, 0.0);
    CU_ASSERT_EQUAL(a->r.reprogram, 0);
    CU_ASSERT_EQUAL(a->r.nvm_writes, 0.0);
    xf_test_point *b = xf_test_run("xformer", small, 2, "bert-base", 512);
    CU_ASSERT_DOUBLE_EQUAL(b->r.xbars_available, 10368.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(b->r.replicas, 1.0, 0.0);
    CU_ASSERT_EQUAL(b->r.reprogram, 1);
    CU_ASSERT_DOUBLE_EQUAL(b->r.nvm_writes, 12.0 * 1728 * 16384, 1.0);
    CU_ASSERT(isfinite(b->r.lifetime_infer)); /* the writes wear the cells out */
    /* two copies take 512 tokens in 256 rounds, one copy in 512 */
    CU_ASSERT(b->r.latency > a->r.latency);
    free(a);
    free(b);
}

/* The default die against limits set just above and just below what it measures: the flag
 * follows the limit, nothing else changes. */
static void test_die_limit_flags(void)
{
    xf_test_point *d = xf_test_run("xformer", NULL, 0, "bert-base", 512);
    double area_mm2 = d->r.area * 1e6, pd = d->r.power_density * 1e-4; /* W/cm^2 */
    CU_ASSERT(area_mm2 <= 858.0); /* the default fits the reticle */
    CU_ASSERT(area_mm2 > 850.0);  /* ... and is the largest that does */
    CU_ASSERT_EQUAL(d->r.over_die, 0);
    CU_ASSERT_EQUAL(d->r.over_power, 0);
    XF_ASSERT_REL(d->r.power_density, d->r.power / d->r.area, 1e-12);
    char s[4][80];
    snprintf(s[0], sizeof s[0], "chip.max_die_mm2=%.9g", area_mm2 * 1.0001);
    snprintf(s[1], sizeof s[1], "chip.max_die_mm2=%.9g", area_mm2 * 0.9999);
    snprintf(s[2], sizeof s[2], "chip.max_power_density_W_per_cm2=%.9g", pd * 1.0001);
    snprintf(s[3], sizeof s[3], "chip.max_power_density_W_per_cm2=%.9g", pd * 0.9999);
    for (int i = 0; i < 4; i++) {
        const char *set[] = {s[i]};
        xf_test_point *e = xf_test_run("xformer", set, 1, "bert-base", 512);
        CU_ASSERT_EQUAL(e->r.over_die, i == 1);
        CU_ASSERT_EQUAL(e->r.over_power, i == 3);
        XF_ASSERT_REL(e->r.latency, d->r.latency, 1e-12);
        free(e);
    }
    free(d);
}

XF_SUITE(die) = {
    {"copies of the weights derived from the die's tiles", test_copies_from_the_die},
    {"die and power-density flags just below and above the limits", test_die_limit_flags},
    {NULL, NULL}};
