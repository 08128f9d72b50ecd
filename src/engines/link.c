/* Die-to-die link engine (kind "link"): a design whose weights need several dies (chip.dies)
 * runs its layers one die after another, and the activations of the last layer on one die cross
 * to the next over this link (map.die_link). A transfer of B bytes over `modules` modules in
 * parallel takes latency + B / (modules x bandwidth) and 8 B x energy_per_bit (the technology
 * file's figure counts both ends).
 *
 * Area and static power are per die: the dies are identical, so each carries an upstream and a
 * downstream port of `modules` modules (the end dies' spare port included). A design on one die
 * needs no link: no area, no power.
 */
#include "engines.h"

#include <stddef.h>

typedef struct {
    int modules; /* key: modules in parallel between two neighbouring dies */
    xf_tech_link t;
} link_state;

_Static_assert(sizeof(link_state) <= XF_ENGINE_STATE_BYTES, "link state exceeds the die slot");

/* Ports of one die: to the die before it and to the one after. */
#define XF_LINK_PORTS 2.0

static const xf_param_def params[] = {
    {"modules", XF_P_INT, 0, 1, 64, XF_OPT, 1, NULL, offsetof(link_state, modules)},
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    link_state *l = st;
    const xf_tech *t = env->tech[XF_TR_LINK];
    if (!t || t->kind != XF_TECH_LINK)
        return xf_grp_fail(g, "kind",
                           "a link engine needs a technology file of kind \"link\"; expected "
                           "tech = { link = \"links/ucie-advanced.cfg\"; } (or another in "
                           "techlib/links)");
    l->t = t->u.link;
    return XF_OK;
}

static double ports(const xf_engine_size *z)
{
    return z->dies > 1 ? XF_LINK_PORTS : 0.0;
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    const link_state *l = st;
    by_comp[XF_COMP_LINK] += ports(z) * l->modules * l->t.area;
}

static void transfer(const void *st, double bytes, xf_engine_row *row)
{
    const link_state *l = st;
    xf_row_energy(row, XF_COMP_LINK, 8.0 * bytes * l->t.e_bit);
    row->latency = row->busy = l->t.latency + bytes / (l->modules * l->t.bandwidth);
}

static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    const link_state *l = st;
    by_comp[XF_COMP_LINK] += ports(z) * l->modules * l->t.leakage;
}

const xf_engine_kind xf_engine_die_link = {
    .name = "link",
    .what = "die-to-die link: activations handed from one die to the next (map.die_link)",
    .runs = 0,
    .flags = XF_EK_DIE_LINK | XF_EK_GATEABLE,
    .techs = 1u << XF_TR_LINK,
    .state_size = sizeof(link_state),
    .params = params,
    .derive = derive,
    .area = area,
    .transfer = transfer,
    .static_power = static_power,
};
