/* Value ranges of a sweep: lists, arithmetic and geometric progressions (see xf/sweep.h). */
#include "xf/sweep.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Relative tolerance on the upper bound of a floating-point range: 0.1..1+0.1 ends at 1. */
#define RANGE_EPS 1e-9

static int is_int_text(const char *s, size_t n, long long *out)
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    long long v = strtoll(buf, &end, 10);
    if (errno != 0 || *end != '\0')
        return 0;
    *out = v;
    return 1;
}

/* A number at *p (strtod syntax, finite, not hex/inf/nan). Returns 1 and advances *p. */
static int read_num(const char **p, double *out, const char **start, size_t *len)
{
    const char *s = *p;
    while (*s == ' ')
        s++;
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || errno != 0 || !isfinite(v))
        return 0;
    for (const char *c = s; c < end; c++)
        if (strchr("xXiInN", *c))
            return 0;
    *start = s;
    *len = (size_t)(end - s);
    *out = v;
    *p = end;
    return 1;
}

/* Values lo * st^k <= hi (1 + RANGE_EPS), k = 0, 1, ..., of a floating-point geometric range
 * (st > 1, lo > 0, lo <= hi), counted in closed form: k_max = floor(log(hi/lo) / log(st)),
 * then moved by at most a few steps so that it agrees with the test on the values
 * themselves (log rounding can be off by one at the end point). More than
 * XF_SWEEP_MAX_POINTS values: XF_SWEEP_MAX_POINTS + 1 (the caller's error). */
static long long geom_count(double lo, double hi, double st)
{
    double lim = hi * (1 + RANGE_EPS);
    double k = floor(log(lim / lo) / log1p(st - 1));
    if (!(k < (double)XF_SWEEP_MAX_POINTS))
        return XF_SWEEP_MAX_POINTS + 1;
    long long n = (long long)k + 1; /* values k = 0 .. n-1 */
    while (n > 1 && lo * pow(st, (double)(n - 1)) > lim)
        n--;
    while (n <= XF_SWEEP_MAX_POINTS && lo * pow(st, (double)n) <= lim)
        n++;
    return n;
}

static void range_init(xf_range *r)
{
    memset(r, 0, sizeof *r);
}

void xf_range_free(xf_range *r)
{
    if (r == NULL)
        return;
    for (int i = 0; i < r->n_items; i++)
        free(r->items[i]);
    free(r->items);
    range_init(r);
}

static int parse_list(const char *text, const char *what, xf_range *r, xf_err *err)
{
    int cap = 0;
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        const char *s = p;
        while (n > 0 && (*s == ' ' || *s == '\t')) {
            s++;
            n--;
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
            n--;
        if (n == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s%s: empty item in the list; expected a,b,c, lo..hi+step or "
                              "lo..hi*factor",
                              what, text);
        if (r->n_items >= XF_SWEEP_MAX_LIST)
            return xf_err_set(err, XF_ERR_INPUT, "%s%.40s...: more than %d items", what, text,
                              XF_SWEEP_MAX_LIST);
        if (r->n_items == cap) {
            cap = cap ? 2 * cap : 8;
            char **ni = realloc(r->items, (size_t)cap * sizeof *ni);
            if (ni == NULL)
                return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
            r->items = ni;
        }
        char raw[512], canon[512];
        if (n >= sizeof raw)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s%.40s...: an item is longer than %zu characters", what, text,
                              sizeof raw - 1);
        memcpy(raw, s, n);
        raw[n] = '\0';
        xf_canon_value(raw, canon, sizeof canon);
        r->items[r->n_items] = strdup(canon);
        if (r->items[r->n_items] == NULL)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        r->n_items++;
        if (!comma)
            break;
        p = comma + 1;
    }
    r->kind = XF_RANGE_LIST;
    r->count = r->n_items;
    return XF_OK;
}

static int parse_range(const char *text, const char *what, const char *dots, xf_range *r,
                       xf_err *err)
{
    static const char form[] = "expected lo..hi+step or lo..hi*factor";
    const char *p = text;
    double lo, hi, st;
    const char *ls, *hs, *ss;
    size_t ll, hl, sl;
    while (*p == ' ')
        p++;
    if (p == dots)
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: missing lower bound; %s", what, text, form);
    /* the lower bound is the text before ".." (strtod would read "4." of "4..8") */
    char lob[64];
    size_t lol = (size_t)(dots - p);
    if (lol >= sizeof lob)
        lol = sizeof lob - 1;
    memcpy(lob, p, lol);
    lob[lol] = '\0';
    const char *lp = lob;
    int ok = read_num(&lp, &lo, &ls, &ll);
    while (*lp == ' ')
        lp++;
    if (!ok || *lp != '\0')
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: lower bound '%.*s' is not a number; %s", what,
                          text, (int)(dots - text), text, form);
    ls = p + (ls - lob); /* only when read_num set it (a failed read leaves ls unset) */
    p = dots + 2;
    while (*p == ' ')
        p++;
    if (*p == '\0' || *p == '+' || *p == '*')
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: missing upper bound; %s", what, text, form);
    const char *hstart = p;
    if (!read_num(&p, &hi, &hs, &hl)) {
        size_t n = strcspn(hstart, "+*");
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: upper bound '%.*s' is not a number; %s", what,
                          text, (int)n, hstart, form);
    }
    while (*p == ' ')
        p++;
    char opc = *p;
    if (opc != '+' && opc != '*')
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s%s: missing +step or *factor after the upper "
                          "bound; %s",
                          what, text, form);
    p++;
    const char *sstart = p;
    ok = read_num(&p, &st, &ss, &sl);
    while (*p == ' ')
        p++;
    if (!ok || *p != '\0')
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: %s '%s' is not a number; %s", what, text,
                          opc == '+' ? "step" : "factor", sstart, form);
    if (lo > hi)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s%s: lower bound %.*s exceeds upper bound %.*s; expected lo <= hi",
                          what, text, (int)ll, ls, (int)hl, hs);
    long long ilo = 0, ihi = 0, ist = 0;
    int integer =
        is_int_text(ls, ll, &ilo) && is_int_text(hs, hl, &ihi) && is_int_text(ss, sl, &ist);
    r->lo = lo;
    r->hi = hi;
    r->step = st;
    if (opc == '+') {
        if (!(st > 0))
            return xf_err_set(err, XF_ERR_INPUT, "%s%s: step %.*s; expected a step > 0", what, text,
                              (int)sl, ss);
        r->kind = XF_RANGE_ARITH;
        if (((double)ihi - (double)ilo) / st >= (double)XF_SWEEP_MAX_POINTS)
            return xf_err_set(err, XF_ERR_INPUT, "%s%s: more than %lld values", what, text,
                              XF_SWEEP_MAX_POINTS);
        if (integer && ilo < 0 && ihi > LLONG_MAX + ilo)
            return xf_err_set(err, XF_ERR_INPUT, "%s%s: bounds too far apart", what, text);
        if (integer) {
            r->count = (ihi - ilo) / ist + 1;
        } else {
            double n = floor((hi - lo) / st * (1 + RANGE_EPS) + RANGE_EPS) + 1;
            if (!(n <= (double)XF_SWEEP_MAX_POINTS))
                return xf_err_set(err, XF_ERR_INPUT, "%s%s: more than %lld values", what, text,
                                  XF_SWEEP_MAX_POINTS);
            r->count = (long long)n;
        }
    } else {
        if (!(st > 1))
            return xf_err_set(err, XF_ERR_INPUT, "%s%s: factor %.*s; expected a factor > 1", what,
                              text, (int)sl, ss);
        if (!(lo > 0))
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s%s: lower bound %.*s; a geometric range needs lo > 0", what, text,
                              (int)ll, ls);
        r->kind = XF_RANGE_GEOM;
        long long n = 0;
        if (integer) {
            long long v = ilo;
            for (;;) {
                n++;
                if (v > ihi / ist)
                    break;
                v *= ist;
                if (v > ihi)
                    break;
            }
        } else {
            n = geom_count(lo, hi, st);
        }
        r->count = n;
    }
    if (r->count > XF_SWEEP_MAX_POINTS)
        return xf_err_set(err, XF_ERR_INPUT, "%s%s: more than %lld values", what, text,
                          XF_SWEEP_MAX_POINTS);
    r->integer = integer;
    r->ilo = ilo;
    r->ihi = ihi;
    r->istep = ist;
    return XF_OK;
}

int xf_range_parse(const char *text, const char *what, xf_range *out, xf_err *err)
{
    range_init(out);
    const char *t = text ? text : "";
    while (*t == ' ' || *t == '\t')
        t++;
    if (*t == '\0')
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s'': empty value; expected a,b,c, lo..hi+step or lo..hi*factor", what);
    const char *dots = strstr(t, "..");
    int rc;
    /* A path such as ../x.cfg is a list item, not a range. */
    if (dots && strchr(t, '/') == NULL && strchr(t, ',') == NULL)
        rc = parse_range(t, what, dots, out, err);
    else
        rc = parse_list(t, what, out, err);
    if (rc != XF_OK)
        xf_range_free(out);
    return rc;
}

char *xf_range_value(const xf_range *r, long long i, char *buf, size_t n)
{
    if (i < 0 || i >= r->count) {
        snprintf(buf, n, "?");
        return buf;
    }
    if (r->kind == XF_RANGE_LIST) {
        snprintf(buf, n, "%s", r->items[i]);
        return buf;
    }
    if (r->integer) {
        long long v = r->ilo;
        if (r->kind == XF_RANGE_ARITH)
            v = r->ilo + i * r->istep;
        else
            for (long long k = 0; k < i; k++)
                v *= r->istep;
        snprintf(buf, n, "%lld", v);
        return buf;
    }
    double v =
        r->kind == XF_RANGE_ARITH ? r->lo + (double)i * r->step : r->lo * pow(r->step, (double)i);
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    xf_canon_value(tmp, buf, n);
    return buf;
}

double xf_range_number(const xf_range *r, long long i)
{
    char buf[128], *end;
    xf_range_value(r, i, buf, sizeof buf);
    double v = strtod(buf, &end);
    return (end != buf && *end == '\0') ? v : NAN;
}
