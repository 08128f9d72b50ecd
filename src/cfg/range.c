/* Ranges of configuration values (see xf/cfg.h): the range_, dist_ and source_range_ keys
 * beside a value, checked and recorded in the group's sink when a reader accepts the value,
 * and the distributions studies draw from.
 *
 * Invariants: a recorded range holds its value (lo <= nominal <= hi, lo < hi), lies within the
 * key's physical range, has a source and a known distribution; a log distribution has lo > 0.
 * A key is recorded once per sink (a group read twice replaces its entry). */
#include "cfg_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const dist_names[] = {"uniform", "loguniform", "triangular", "lognormal", NULL};

const char *xf_dist_name(int d)
{
    return d >= 0 && d < XF_DIST_COUNT ? dist_names[d] : "?";
}

const char *const *xf_dist_names(void)
{
    return dist_names;
}

/* z of the 95th percentile of the standard normal: lognormal lo and hi are P5 and P95. */
#define Z95 1.6448536269514722

double xf_dist_quantile(int d, double lo, double nominal, double hi, double u)
{
    switch (d) {
    case XF_DIST_LOGUNIFORM:
        return exp(log(lo) + u * (log(hi) - log(lo)));
    case XF_DIST_TRIANGULAR: {
        /* inverse CDF of the triangle lo, mode, hi */
        double w = hi - lo, c = (nominal - lo) / w;
        return u < c ? lo + sqrt(u * w * (nominal - lo))
                     : hi - sqrt((1.0 - u) * w * (hi - nominal));
    }
    case XF_DIST_LOGNORMAL: {
        double mu = 0.5 * (log(lo) + log(hi)), sigma = (log(hi) - log(lo)) / (2.0 * Z95);
        return exp(mu + sigma * gsl_cdf_ugaussian_Pinv(u));
    }
    default:
        return lo + u * (hi - lo);
    }
}

/* Dotted path of name in g; 0 when it does not fit in n bytes. */
static int path_of(const xf_grp *g, const char *name, char *buf, size_t n)
{
    int w = snprintf(buf, n, "%s%s%s", g->path, g->path[0] ? "." : "", name);
    return w >= 0 && (size_t)w < n;
}

int xf_grp_range_member(const xf_grp *g, const char *nm)
{
    if (!g->ranges)
        return 0;
    const char *rest = strncmp(nm, "range_", 6) == 0           ? nm + 6
                       : strncmp(nm, "dist_", 5) == 0          ? nm + 5
                       : strncmp(nm, "source_range_", 13) == 0 ? nm + 13
                                                               : NULL;
    if (!rest)
        return 0;
    char kp[sizeof g->ranges->r[0].key];
    if (!path_of(g, rest, kp, sizeof kp))
        return 0;
    for (int i = 0; i < g->ranges->n; i++) {
        const xf_cfg_range *r = &g->ranges->r[i];
        if (strcmp(r->key, kp) == 0 || (nm[0] != 'r' && strcmp(r->base, kp) == 0))
            return 1;
    }
    return 0;
}

int xf_grp_range(xf_grp *g, const char *nm, const char *base, double factor, double v, double lo,
                 double hi, int flags)
{
    char rk[160], dk[160], sk[160];
    snprintf(rk, sizeof rk, "range_%s", nm);
    snprintf(dk, sizeof dk, "dist_%s", base);
    snprintf(sk, sizeof sk, "source_range_%s", base);
    config_setting_t *grp = (config_setting_t *)g->setting;
    config_setting_t *s = grp ? config_setting_get_member(grp, rk) : NULL;
    if (g->err->code != XF_OK || !s)
        return g->err->code;
    /* A value an override set is fixed by it: its range is recorded as fixed, not checked. */
    config_setting_t *vs = config_setting_get_member(grp, nm);
    int fixed = vs && config_setting_get_hook(vs);
    const char *unit = nm + strlen(base);
    unit = *unit == '_' ? unit + 1 : unit;
    if (!g->ranges)
        return xf_grp_fail(g, rk,
                           "a range here is not read; expected ranges only on the values of a "
                           "technology file or of an engine group");
    int t = config_setting_type(s);
    if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || config_setting_length(s) != 2 ||
        !is_number(config_setting_get_elem(s, 0)) || !is_number(config_setting_get_elem(s, 1)))
        return xf_grp_fail(g, rk, "is %s; expected [lo, hi], two numbers in %s",
                           t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST ? "not two numbers"
                                                                           : type_name(s),
                           unit[0] ? unit : "the value's unit");
    double flo = num_value(config_setting_get_elem(s, 0)),
           fhi = num_value(config_setting_get_elem(s, 1));
    double rlo = flo * factor, rhi = fhi * factor;
    if (!(flo < fhi))
        return xf_grp_fail(g, rk,
                           flo > fhi ? "low end %g exceeds high end %g; expected [lo, hi] with "
                                       "lo < hi"
                                     : "[%g, %g] is empty; expected [lo, hi] with lo < hi",
                           flo, fhi);
    if (xf_out_of_range(rlo, lo, hi, flags) || xf_out_of_range(rhi, lo, hi, flags))
        return xf_grp_fail(g, rk,
                           "[%g, %g] leaves the range the value may take; expected both "
                           "ends within it (as the value's own check)",
                           flo, fhi);
    double fv = v / factor;
    if (!fixed && (fv < flo || fv > fhi))
        return xf_grp_fail(g, rk, "[%g, %g] does not hold the value %g; expected a range around it",
                           flo, fhi, fv);
    int dist = XF_DIST_UNIFORM;
    config_setting_t *ds = config_setting_get_member(grp, dk);
    if (ds) {
        const char *dn =
            config_setting_type(ds) == CONFIG_TYPE_STRING ? config_setting_get_string(ds) : NULL;
        dist = -1;
        for (int i = 0; dn && dist_names[i]; i++)
            if (strcmp(dn, dist_names[i]) == 0)
                dist = i;
        if (dist < 0)
            return xf_grp_fail(g, dk,
                               "%s%s%s is not a distribution; expected one of \"uniform\", "
                               "\"loguniform\", \"triangular\", \"lognormal\"",
                               dn ? "'" : "", dn ? dn : type_name(ds), dn ? "'" : "");
    }
    if ((dist == XF_DIST_LOGUNIFORM || dist == XF_DIST_LOGNORMAL) && !(rlo > 0))
        return xf_grp_fail(g, rk, "a %s range needs lo > 0; expected a positive low end",
                           dist_names[dist]);
    const char *src = str_member(grp, sk);
    if (!src)
        return xf_grp_fail(g, rk,
                           "has no source; expected %s = \"<paper + table, survey, or derived: "
                           "how>\" beside it",
                           sk);
    xf_cfg_range one;
    if (!path_of(g, nm, one.key, sizeof one.key) || !path_of(g, base, one.base, sizeof one.base))
        return xf_grp_fail(g, rk, "key path too long; expected at most %zu characters",
                           sizeof one.key - 1);
    const char *kp = one.key;
    int slot = g->ranges->n;
    for (int i = 0; i < g->ranges->n; i++)
        if (strcmp(g->ranges->r[i].key, kp) == 0)
            slot = i;
    if (slot == XF_CFG_MAX_RANGES)
        return xf_grp_fail(g, rk, "more than %d ranged values; expected fewer", XF_CFG_MAX_RANGES);
    xf_cfg_range *r = &g->ranges->r[slot];
    memset(r, 0, sizeof *r);
    memcpy(r->key, one.key, sizeof r->key);
    memcpy(r->base, one.base, sizeof r->base);
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    r->factor = factor;
    r->nominal = v;
    r->lo = rlo;
    r->hi = rhi;
    r->dist = dist;
    r->fixed = fixed;
    snprintf(r->source, sizeof r->source, "%s", src);
    const char *file = config_setting_source_file(s);
    snprintf(r->where, sizeof r->where, "%s:%d", file ? file : xf_cfg_name(g->cfg),
             (int)config_setting_source_line(s));
    if (slot == g->ranges->n)
        g->ranges->n++;
    return XF_OK;
}
