/* Ranges of configuration values (see xf/cfg.h): reading and checking the range_, dist_ and
 * source_range_ keys beside a value (grp.c records them in the group's sink and reports a
 * failure at its key), and the distributions studies draw from.
 *
 * Invariants: a recorded range holds its value (lo <= nominal <= hi, lo < hi), lies within the
 * key's physical range, has a source and a known distribution; a log distribution has lo > 0.
 * A key is recorded once per sink (a group read twice replaces its entry). */
#include "cfg_int.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdarg.h>
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

int xf_ranges_member(const xf_cfg_ranges *rs, const char *path, const char *nm)
{
    if (!rs)
        return 0;
    const char *rest = strncmp(nm, "range_", 6) == 0           ? nm + 6
                       : strncmp(nm, "dist_", 5) == 0          ? nm + 5
                       : strncmp(nm, "source_range_", 13) == 0 ? nm + 13
                                                               : NULL;
    if (!rest)
        return 0;
    char kp[sizeof rs->r[0].key];
    int w = snprintf(kp, sizeof kp, "%s%s%s", path, path[0] ? "." : "", rest);
    if (w < 0 || (size_t)w >= sizeof kp)
        return 0;
    for (int i = 0; i < rs->n; i++)
        if (strcmp(rs->r[i].key, kp) == 0 || (nm[0] != 'r' && strcmp(rs->r[i].base, kp) == 0))
            return 1;
    return 0;
}

/* A failure at member key of the group: its name into *bad, the message into why. */
static int fail(const char **bad, const char *key, char *why, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(const char **bad, const char *key, char *why, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, n, fmt, ap);
    va_end(ap);
    *bad = key;
    return -1;
}

int xf_range_read(const config_setting_t *grp, const char *nm, const char *base, double factor,
                  double v, double lo, double hi, int flags, xf_cfg_range *r, const char **bad,
                  char *why, size_t n)
{
    char rk[160], dk[160], sk[160];
    snprintf(rk, sizeof rk, "range_%s", nm);
    snprintf(dk, sizeof dk, "dist_%s", base);
    snprintf(sk, sizeof sk, "source_range_%s", base);
    config_setting_t *s = grp ? config_setting_get_member(grp, rk) : NULL;
    if (!s)
        return 0;
    /* keep the member names for the caller's message: they live in the configuration */
    const char *rkey = config_setting_name(s);
    const config_setting_t *ds = config_setting_get_member(grp, dk);
    const char *dkey = ds ? config_setting_name(ds) : rkey;
    memset(r, 0, sizeof *r);
    /* A value an override set is fixed by it: its range is recorded as fixed, not checked. */
    config_setting_t *vs = config_setting_get_member(grp, nm);
    r->fixed = vs && config_setting_get_hook(vs);
    const char *unit = nm + strlen(base);
    unit = *unit == '_' ? unit + 1 : unit;
    int t = config_setting_type(s);
    if ((t != CONFIG_TYPE_ARRAY && t != CONFIG_TYPE_LIST) || config_setting_length(s) != 2 ||
        !is_number(config_setting_get_elem(s, 0)) || !is_number(config_setting_get_elem(s, 1)))
        return fail(bad, rkey, why, n, "is %s; expected [lo, hi], two numbers in %s",
                    t == CONFIG_TYPE_ARRAY || t == CONFIG_TYPE_LIST ? "not two numbers"
                                                                    : type_name(s),
                    unit[0] ? unit : "the value's unit");
    double flo = num_value(config_setting_get_elem(s, 0)),
           fhi = num_value(config_setting_get_elem(s, 1));
    double rlo = flo * factor, rhi = fhi * factor;
    if (!(flo < fhi))
        return fail(bad, rkey, why, n,
                    flo > fhi ? "low end %g exceeds high end %g; expected [lo, hi] with lo < hi"
                              : "[%g, %g] is empty; expected [lo, hi] with lo < hi",
                    flo, fhi);
    if (xf_out_of_range(rlo, lo, hi, flags) || xf_out_of_range(rhi, lo, hi, flags))
        return fail(bad, rkey, why, n,
                    "[%g, %g] leaves the range the value may take; expected both ends within "
                    "it (as the value's own check)",
                    flo, fhi);
    double fv = v / factor;
    if (!r->fixed && (fv < flo || fv > fhi))
        return fail(bad, rkey, why, n,
                    "[%g, %g] does not hold the value %g; expected a range around it", flo, fhi,
                    fv);
    int dist = XF_DIST_UNIFORM;
    if (ds) {
        const char *dn =
            config_setting_type(ds) == CONFIG_TYPE_STRING ? config_setting_get_string(ds) : NULL;
        dist = -1;
        for (int i = 0; dn && dist_names[i]; i++)
            if (strcmp(dn, dist_names[i]) == 0)
                dist = i;
        if (dist < 0)
            return fail(bad, dkey, why, n,
                        "%s%s%s is not a distribution; expected one of \"uniform\", "
                        "\"loguniform\", \"triangular\", \"lognormal\"",
                        dn ? "'" : "", dn ? dn : type_name(ds), dn ? "'" : "");
    }
    if ((dist == XF_DIST_LOGUNIFORM || dist == XF_DIST_LOGNORMAL) && !(rlo > 0))
        return fail(bad, rkey, why, n, "a %s range needs lo > 0; expected a positive low end",
                    dist_names[dist]);
    const char *src = str_member(grp, sk);
    if (!src)
        return fail(bad, rkey, why, n,
                    "has no source; expected %s = \"<paper + table, survey, or derived: how>\" "
                    "beside it",
                    sk);
    snprintf(r->unit, sizeof r->unit, "%s", unit);
    r->factor = factor;
    r->nominal = v;
    r->lo = rlo;
    r->hi = rhi;
    r->dist = dist;
    snprintf(r->source, sizeof r->source, "%s", src);
    const char *file = config_setting_source_file(s);
    snprintf(r->where, sizeof r->where, "%s:%d", file ? file : "?",
             (int)config_setting_source_line(s));
    return 1;
}
