/* One-at-a-time sensitivity (xf/study.h): each ranged value to the low and the high end of its
 * range with every other value at its nominal, both designs alike, and the chosen metric at
 * each end; ranked by the swing |m_hi - m_lo| / m_nom, with the elasticity
 * d ln(metric) / d ln(value) as the central difference over the range.
 *
 * Invariant: a value with no effect has swing 0 and elasticity 0 and ranks after every value
 * with an effect (ties keep the study's order: the sort is stable). */
#include "study_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int by_swing(const void *a, const void *b)
{
    const xf_swing *x = a, *y = b;
    double sx = isfinite(x->swing) ? x->swing : -1.0, sy = isfinite(y->swing) ? y->swing : -1.0;
    if (sx != sy)
        return sx < sy ? 1 : -1;
    return (x->param > y->param) - (x->param < y->param); /* stable: the study's order */
}

int xf_study_sensitivity(xf_study *s, int metric, xf_swing *out, xf_err *err)
{
    if (metric < 0 || metric >= XF_SM_COUNT)
        return xf_err_set(err, XF_ERR_INPUT, "unknown metric %d", metric);
    if (metric >= XF_SM_DESIGN_COUNT && s->n_designs < 2)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--metric %s: a ratio needs a baseline; expected --baseline DESIGN",
                          xf_study_metric_name(metric));
    xf_study_ctx c;
    if (xf_study_ctx_init(s, &c, 0, err) != XF_OK) {
        xf_study_ctx_free(&c);
        return err->code;
    }
    double v[XF_STUDY_MAX_PARAMS], m[XF_SM_COUNT], nom;
    xf_study_nominals(s, v);
    const double *const vals[2] = {v, v};
    int rc = xf_study_eval(&c, vals, m, err);
    nom = m[metric];
    for (int i = 0; i < s->n && rc == XF_OK; i++) {
        const xf_cfg_range *r = &s->par[i].r;
        xf_swing *w = &out[i];
        memset(w, 0, sizeof *w);
        w->param = i;
        w->v_lo = r->lo;
        w->v_nom = r->nominal;
        w->v_hi = r->hi;
        w->m_nom = nom;
        v[i] = r->lo;
        rc = xf_study_eval(&c, vals, m, err);
        w->m_lo = m[metric];
        v[i] = r->hi;
        if (rc == XF_OK)
            rc = xf_study_eval(&c, vals, m, err);
        w->m_hi = m[metric];
        v[i] = r->nominal;
        w->swing = fabs(w->m_hi - w->m_lo) / fabs(nom);
        w->elasticity = w->m_lo > 0 && w->m_hi > 0 && r->lo > 0
                            ? (log(w->m_hi) - log(w->m_lo)) / (log(r->hi) - log(r->lo))
                            : NAN;
    }
    xf_study_ctx_free(&c);
    if (rc != XF_OK)
        return rc;
    qsort(out, (size_t)s->n, sizeof *out, by_swing);
    return XF_OK;
}
