/* Results: names of components and row parts, the derived figures, the finiteness check. */
#include "xf/result.h"

#include <math.h>
#include <string.h>

static const char *const comp_names[XF_COMP_COUNT] = {
    "xbar_array", "adc",       "dac", "sample_hold", "shift_add", "buffer", "cim_array",
    "cim_write",  "nvm_write", "sfu", "bus",         "die_link",  "dram",   "gpu"};

const char *xf_comp_name(xf_comp c)
{
    return c >= 0 && c < XF_COMP_COUNT ? comp_names[c] : "?";
}

static const char *const part_names[XF_PART_COUNT] = {
    "compute",    "operand_write", "weight_write", "weight_fetch", "buffer",  "spill",
    "accumulate", "extra_mvm",     "transfer",     "overlap",      "kv_cache"};

const char *xf_accounting_name(xf_accounting a)
{
    static const char *const names[XF_ACCOUNT_COUNT] = {"gated", "always_on"};
    return a >= 0 && a < XF_ACCOUNT_COUNT ? names[a] : "?";
}

const char *xf_part_name(xf_part p)
{
    return p >= 0 && p < XF_PART_COUNT ? part_names[p] : "?";
}

const char *xf_result_engine(const xf_result *r, int i)
{
    return i >= 0 && i < r->n_engines ? r->engine_name[i] : "?";
}

int xf_result_engine_find(const xf_result *r, const char *name)
{
    for (int i = 0; i < r->n_engines; i++)
        if (strcmp(r->engine_name[i], name) == 0)
            return i;
    return -1;
}

void xf_result_finish(xf_result *r, const xf_workload *w)
{
    xf_result_derive(r, 2.0 * ((double)w->by_kind[XF_OP_STATIC_MVM].macs +
                               (double)w->by_kind[XF_OP_DYNAMIC_MVM].macs));
}

void xf_result_derive(xf_result *r, double ops)
{
    r->energy = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        r->energy += r->energy_by_comp[i];
    r->area = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        r->area += r->area_by_comp[i];
    r->ops = ops;
    r->power = r->latency > 0 ? r->energy / r->latency : 0.0;
    r->tops = r->latency > 0 ? r->ops / r->latency / 1e12 : 0.0;
    r->tops_per_w = r->energy > 0 ? r->ops / r->energy / 1e12 : 0.0;
    r->edp = r->energy * r->latency;
    if (r->dies < 1)
        r->dies = 1;
    r->die_area = r->area / r->dies;
    r->die_power = r->power / r->dies;
    r->power_density = r->area > 0 ? r->power / r->area : 0.0;
    r->over_die = r->max_die_area > 0 && r->die_area > r->max_die_area;
    r->over_power = r->max_power_density > 0 && r->power_density > r->max_power_density;
    for (int e = 0; e < r->n_engines; e++)
        r->utilisation[e] = r->latency > 0 ? r->busy[e] / r->latency : 0.0;
}

/* x * 0 is 0 for every finite x and NaN for an infinite or NaN one: the sum of those products
 * is 0 exactly when every value is finite (no overflow of the sum itself can intervene). */
static double nonfinite(const double *v, int n)
{
    double z = 0.0;
    for (int i = 0; i < n; i++)
        z += v[i] * 0.0;
    return z;
}

int xf_result_finite(const xf_result *r)
{
    const double head[] = {r->latency,
                           r->energy,
                           r->area,
                           r->power,
                           r->ops,
                           r->tops,
                           r->tops_per_w,
                           r->edp,
                           r->power_density,
                           r->nvm_writes,
                           r->spill_bytes,
                           r->replicas,
                           r->xbars_needed,
                           r->xbars_available,
                           r->cim_arrays,
                           r->iso_reference_area,
                           r->writes_per_cell_max,
                           r->die_area,
                           r->die_power,
                           r->link_bytes};
    double z = nonfinite(head, (int)(sizeof head / sizeof head[0]));
    z += nonfinite(r->energy_by_comp, XF_COMP_COUNT) + nonfinite(r->area_by_comp, XF_COMP_COUNT);
    z += nonfinite(r->busy, r->n_engines) + nonfinite(r->utilisation, r->n_engines);
    z += nonfinite(r->static_by_comp, XF_COMP_COUNT) + nonfinite(r->powered, r->n_engines);
    /* Rows: their energies are never negative, so an infinite row makes its layer's energy
     * infinite; an infinite latency makes the layer's critical path infinite or NaN. */
    for (int l = 0; l < r->n_layers; l++)
        z += r->layers[l].latency * 0.0 + r->layers[l].energy * 0.0;
    return z == 0.0;
}
