/* Stillmaker-Baas node scaling: factors at any node inside the table, by log-log interpolation. */
#include "xf/tech.h"

#include <stdio.h>

int xf_scaling_at(const xf_tech_scaling *s, double node, xf_scale *out, xf_err *err)
{
    if (s->n < 1)
        return xf_err_set(err, XF_ERR_INPUT, "scaling table is empty");
    /* The table is stored with node sizes decreasing (as published); interpolate on ascending
     * node size. */
    double x[XF_SCALING_MAX], e[XF_SCALING_MAX], d[XF_SCALING_MAX], a[XF_SCALING_MAX],
        p[XF_SCALING_MAX], v[XF_SCALING_MAX];
    int n = s->n;
    for (int i = 0; i < n; i++) {
        int j = n - 1 - i;
        x[i] = s->node[j];
        e[i] = s->energy[j];
        d[i] = s->delay[j];
        a[i] = s->area[j];
        p[i] = s->power[j];
        v[i] = s->vdd[j];
    }
    if (!(node >= x[0] && node <= x[n - 1]))
        return xf_err_set(err, XF_ERR_INPUT,
                          "node %.4g nm is outside the scaling table (%.4g..%.4g nm); the factors "
                          "are not extrapolated",
                          node * 1e9, x[0] * 1e9, x[n - 1] * 1e9);
    out->exact = 0;
    for (int i = 0; i < n; i++)
        if (x[i] == node)
            out->exact = 1;
    if (xf_interp_loglog(x, e, n, node, &out->energy, NULL) != 0 ||
        xf_interp_loglog(x, d, n, node, &out->delay, NULL) != 0 ||
        xf_interp_loglog(x, a, n, node, &out->area, NULL) != 0 ||
        xf_interp_loglog(x, p, n, node, &out->power, NULL) != 0 ||
        xf_interp_loglog(x, v, n, node, &out->vdd, NULL) != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "invalid scaling table (nodes must decrease, "
                          "factors must be positive)");
    return XF_OK;
}
