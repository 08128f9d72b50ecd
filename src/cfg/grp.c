/* The xf_grp cursor (see xf/cfg.h): opening groups and lists, the typed readers (quantities
 * with units, reals, integers, booleans, strings, choices, arrays), sources, and the check
 * for unknown keys at xf_grp_end. Why together: they share the cursor's record of asked keys
 * and its error conventions. Invariants: readers are sticky (after the first error each
 * returns its default and reads nothing); every key asked is recorded (up to
 * XF_GRP_MAX_KEYS) so that xf_grp_end reports each member nobody asked for; quantities are
 * returned in SI units; each error names FILE:LINE, or the --set that supplied the value. */
#include "cfg_int.h"
#include "xf/text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static config_setting_t *S(const xf_grp *g)
{
    return (config_setting_t *)g->setting;
}

/* "FILE:LINE" or "--set a.b=v" for a setting. */
static void where(const xf_grp *g, const config_setting_t *s, char *buf, size_t n)
{
    if (s && config_setting_get_hook(s)) {
        snprintf(buf, n, "--set %s", (const char *)config_setting_get_hook(s));
        return;
    }
    const char *file = s ? config_setting_source_file(s) : NULL;
    int line = s ? (int)config_setting_source_line(s) : 0;
    if (line <= 0) /* the file's root (a key missing from it): no line to name */
        snprintf(buf, n, "%s", file ? file : g->cfg->name);
    else
        snprintf(buf, n, "%s:%d", file ? file : g->cfg->name, line);
}

/* Dotted path of `name` in g, truncated to n - 1 characters. */
static void key_path(const xf_grp *g, const char *name, char *buf, size_t n)
{
    buf[0] = '\0';
    if (g->path[0]) {
        strncat(buf, g->path, n - 1);
        strncat(buf, ".", n - 1 - strlen(buf));
    }
    strncat(buf, name, n - 1 - strlen(buf));
}

static int vfail_at(xf_grp *g, const config_setting_t *s, const char *name, const char *fmt,
                    va_list ap)
{
    if (g->err->code != XF_OK)
        return g->err->code;
    char loc[600], kp[256], what[512];
    where(g, s ? s : S(g), loc, sizeof loc);
    key_path(g, name, kp, sizeof kp);
    vsnprintf(what, sizeof what, fmt, ap);
    if (g->log) { /* collected: the readers go on; one problem per key and place */
        char head[480];
        int hl = snprintf(head, sizeof head, "%.300s: key '%.150s': ", loc, kp);
        for (int i = 0; i < g->log->n && i < XF_GRP_LOG_MAX; i++)
            if (strncmp(g->log->msg[i], head, (size_t)hl) == 0)
                return XF_ERR_INPUT;
        if (g->log->n < XF_GRP_LOG_MAX)
            snprintf(g->log->msg[g->log->n], sizeof g->log->msg[0], "%s%.280s", head, what);
        g->log->n++;
        return XF_ERR_INPUT;
    }
    return xf_err_set(g->err, XF_ERR_INPUT, "%s: key '%s': %s", loc, kp, what);
}

int xf_grp_log_finish(const xf_grp_log *log, xf_err *err)
{
    if (!log || log->n == 0 || err->code != XF_OK)
        return err->code;
    /* the first through xf_err_set (one line, control characters replaced), then each further
     * one on a line of its own, made safe the same way */
    xf_err_set(err, XF_ERR_INPUT, "%s", log->msg[0]);
    size_t at = strlen(err->msg);
    int shown = 1;
    for (int i = 1; i < log->n && i < XF_GRP_LOG_MAX; i++) {
        size_t l = strlen(log->msg[i]);
        if (at + l + 24 >= sizeof err->msg)
            break;
        err->msg[at++] = '\n';
        for (const char *p = log->msg[i]; *p; p++)
            err->msg[at++] = (unsigned char)*p < 0x20 || *p == 0x7f ? '?' : *p;
        err->msg[at] = '\0';
        shown++;
    }
    if (shown < log->n)
        snprintf(err->msg + at, sizeof err->msg - at, "\n(and %d more)", log->n - shown);
    return err->code;
}

static int fail_at(xf_grp *g, const config_setting_t *s, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(xf_grp *g, const config_setting_t *s, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(g, s, name, fmt, ap);
    va_end(ap);
    return rc;
}

int xf_grp_fail(xf_grp *g, const char *name, const char *fmt, ...)
{
    config_setting_t *s = S(g) ? config_setting_get_member(S(g), name) : NULL;
    va_list ap;
    va_start(ap, fmt);
    int rc = vfail_at(g, s, name, fmt, ap);
    va_end(ap);
    return rc;
}

int xf_grp_status(const xf_grp *g)
{
    if (g->err->code == XF_OK && g->log && g->log->n > 0)
        return XF_ERR_INPUT;
    return g->err->code;
}

/* Asked keys: plain names are stored as is; quantity bases with their dimension encoded in a
 * parallel array so xf_grp_end can accept base_<unit>. */
static void ask(xf_grp *g, const char *name, int dim)
{
    /* The same string asked again (a group opened twice): recorded once. */
    for (unsigned i = 0; i < g->n_asked; i++)
        if (g->asked[i] == name && g->asked_dim[i] == dim)
            return;
    if (g->n_asked < XF_GRP_MAX_KEYS) {
        g->asked[g->n_asked] = name;
        g->asked_dim[g->n_asked] = dim;
        g->n_asked++;
    }
}

static void grp_init(xf_grp *g, const xf_cfg *cfg, void *setting, const xf_grp *parent,
                     const char *path, int need_source, xf_err *err)
{
    memset(g, 0, sizeof *g);
    g->cfg = cfg;
    g->setting = setting;
    g->parent = parent;
    snprintf(g->path, sizeof g->path, "%s", path);
    g->need_source = need_source;
    g->err = err;
}

int xf_grp_root(xf_grp *g, const xf_cfg *cfg, int need_source, xf_err *err)
{
    grp_init(g, cfg, config_root_setting(&cfg->c), NULL, "", need_source, err);
    return err->code;
}

int xf_grp_child(xf_grp *parent, const char *name, xf_grp *child, int flags)
{
    char kp[XF_GRP_PATH_LEN];
    key_path(parent, name, kp, sizeof kp);
    ask(parent, name, -1);
    config_setting_t *s = S(parent) ? config_setting_get_member(S(parent), name) : NULL;
    grp_init(child, parent->cfg, NULL, parent, kp, parent->need_source, parent->err);
    child->ranges = parent->ranges;
    child->log = parent->log;
    snprintf(child->name, sizeof child->name, "%s", name);
    if (parent->err->code != XF_OK)
        return 0;
    if (!s) {
        if ((flags & XF_REQ) && S(parent))
            fail_at(parent, NULL, name, "missing required group; expected %s = { ... };", name);
        return 0;
    }
    if (!config_setting_is_group(s)) {
        fail_at(parent, s, name, "is not a group; expected %s = { ... };", name);
        return 0;
    }
    child->setting = s;
    return 1;
}

int xf_grp_list_len(xf_grp *g, const char *name, int flags)
{
    ask(g, name, -1);
    if (g->err->code != XF_OK || !S(g))
        return 0;
    config_setting_t *s = config_setting_get_member(S(g), name);
    if (!s) {
        if (flags & XF_REQ)
            fail_at(g, NULL, name, "missing required list; expected %s = ( { ... }, ... );", name);
        return 0;
    }
    if (!config_setting_is_list(s)) {
        fail_at(g, s, name, "is not a list of groups; expected %s = ( { ... }, ... );", name);
        return 0;
    }
    int n = config_setting_length(s);
    if (n == 0 && (flags & XF_REQ))
        fail_at(g, s, name, "is empty; expected at least one { ... } entry");
    return n;
}

int xf_grp_list_elem(xf_grp *g, const char *name, int i, xf_grp *child)
{
    char kp[XF_GRP_PATH_LEN];
    char nm[80];
    snprintf(nm, sizeof nm, "%s[%d]", name, i);
    key_path(g, nm, kp, sizeof kp);
    grp_init(child, g->cfg, NULL, g, kp, g->need_source, g->err);
    snprintf(child->name, sizeof child->name, "%s", name);
    if (g->err->code != XF_OK || !S(g))
        return 0;
    config_setting_t *l = config_setting_get_member(S(g), name);
    config_setting_t *s = l ? config_setting_get_elem(l, (unsigned)i) : NULL;
    if (!s)
        return 0;
    if (!config_setting_is_group(s)) {
        fail_at(g, s, nm, "is not a group; expected { key = value; ... }");
        return 0;
    }
    child->setting = s;
    return 1;
}

/* Find the member that carries quantity `base` in dimension dim: base_<unit>. Reports a
 * unit-less key, a unit of the wrong dimension, or the key given twice. *factor gets the SI
 * factor. Returns NULL when absent or on error. */
static config_setting_t *find_qty(xf_grp *g, const char *base, int dim, double *factor)
{
    config_setting_t *grp = S(g), *found = NULL;
    if (!grp)
        return NULL;
    size_t lb = strlen(base);
    int n = config_setting_length(grp);
    for (int i = 0; i < n; i++) {
        config_setting_t *m = config_setting_get_elem(grp, (unsigned)i);
        const char *nm = config_setting_name(m);
        if (!nm || strncmp(nm, base, lb) != 0)
            continue;
        if (nm[lb] == '\0') {
            fail_at(g, m, nm, "has no unit; expected %s_<unit> with unit one of %s", base,
                    xf_dim_units((xf_dim)dim));
            return NULL;
        }
        if (nm[lb] != '_')
            continue;
        const char *unit = nm + lb + 1;
        double f = xf_unit_factor((xf_dim)dim, unit);
        if (f == 0.0) {
            if (xf_unit_known(unit))
                fail_at(g, m, nm,
                        "unit '%s' is of another kind; expected %s_<unit> with unit one of %s",
                        unit, base, xf_dim_units((xf_dim)dim));
            continue; /* another key that merely starts with base_ */
        }
        if (found) {
            fail_at(g, m, nm, "given twice (also as '%s'); expected one %s_<unit> key",
                    config_setting_name(found), base);
            return NULL;
        }
        found = m;
        *factor = f;
    }
    return found;
}

/* A required key is missing. If a member looks like a misspelling of it, report that member
 * (the more useful message); otherwise report the missing key. */
static void missing(xf_grp *g, const char *base, int dim, const char *form)
{
    int n = S(g) ? config_setting_length(S(g)) : 0;
    for (int i = 0; i < n; i++) {
        config_setting_t *m = config_setting_get_elem(S(g), (unsigned)i);
        const char *nm = config_setting_name(m);
        if (!nm || strncmp(nm, "source", 6) == 0)
            continue;
        char stem[128];
        snprintf(stem, sizeof stem, "%s", nm);
        char *us = strrchr(stem, '_');
        const char *unit = "";
        if (dim >= 0 && us && xf_unit_factor((xf_dim)dim, us + 1) != 0.0) {
            unit = nm + (us - stem) + 1;
            *us = '\0';
        }
        const char *cand[1] = {base};
        if (strcmp(stem, base) != 0 && xf_suggest(stem, cand, 1)) {
            if (unit[0])
                fail_at(g, m, nm, "unknown key; did you mean '%s_%s'?", base, unit);
            else
                fail_at(g, m, nm, "unknown key; did you mean '%s'?", base);
            return;
        }
    }
    if (dim >= 0)
        fail_at(g, NULL, base, "missing required key; expected %s_<unit> = %s with unit one of %s",
                base, form, xf_dim_units((xf_dim)dim));
    else
        fail_at(g, NULL, base, "missing required key; expected %s = %s;", base, form);
}

const char *xf_grp_source(const xf_grp *g, const char *base)
{
    const char *key = base;
    for (const xf_grp *p = g; p; key = p->name, p = p->parent) {
        char nm[160];
        snprintf(nm, sizeof nm, "source_%s", key);
        const char *v = str_member(S(p), nm);
        if (!v)
            v = str_member(S(p), "source");
        if (v)
            return v;
        if (!key[0])
            break;
    }
    return NULL;
}

static void check_source(xf_grp *g, const config_setting_t *s, const char *base)
{
    if (g->need_source && !xf_grp_source(g, base))
        fail_at(
            g, s, config_setting_name(s),
            "has no source; expected source_%s = \"<paper + table, data sheet, or derived: how>\" "
            "beside it, or a source for the group",
            base);
}

static void range_text(char *buf, size_t n, double lo, double hi, int flags, double unit,
                       const char *uname)
{
    double l = lo / unit, h = hi / unit;
    const char *lop = (flags & XF_LO_OPEN) ? ">" : ">=";
    const char *hop = (flags & XF_HI_OPEN) ? "<" : "<=";
    if (isinf(hi) || hi >= 1e300)
        snprintf(buf, n, "a number %s %g%s%s", lop, l, uname[0] ? " " : "", uname);
    else
        snprintf(buf, n, "a number %s %g and %s %g%s%s", lop, l, hop, h, uname[0] ? " " : "",
                 uname);
}

/* The range beside an accepted value (range.c reads it), into the group's sink. */
static void take_range(xf_grp *g, const config_setting_t *s, const char *nm, const char *base,
                       double factor, double v, double lo, double hi, int flags)
{
    xf_cfg_range r;
    const char *bad = NULL;
    char why[400];
    int got = xf_range_read(S(g), nm, base, factor, v, lo, hi, flags, &r, &bad, why, sizeof why);
    if (got == 0)
        return;
    if (got > 0 && !g->ranges)
        got = -1, bad = NULL;
    if (got < 0) {
        char rk[160];
        snprintf(rk, sizeof rk, "range_%s", nm);
        if (bad)
            xf_grp_fail(g, bad, "%s", why);
        else
            xf_grp_fail(g, rk,
                        "a range here is not read; expected ranges only on the values of "
                        "a technology file or of an engine group");
        return;
    }
    char kp[sizeof r.key], bp[sizeof r.base];
    key_path(g, nm, kp, sizeof kp);
    key_path(g, base, bp, sizeof bp);
    memcpy(r.key, kp, sizeof r.key);
    memcpy(r.base, bp, sizeof r.base);
    if (r.where[0] == '?')
        snprintf(r.where, sizeof r.where, "%.300s:%d", g->cfg->name, config_setting_source_line(s));
    xf_cfg_ranges *rs = g->ranges;
    int slot = rs->n;
    for (int i = 0; i < rs->n; i++)
        if (strcmp(rs->r[i].key, r.key) == 0)
            slot = i;
    if (slot == XF_CFG_MAX_RANGES) {
        xf_grp_fail(g, nm, "more than %d ranged values; expected fewer", XF_CFG_MAX_RANGES);
        return;
    }
    rs->r[slot] = r;
    if (slot == rs->n)
        rs->n++;
}

double xf_grp_qty(xf_grp *g, const char *base, xf_dim dim, double lo, double hi, int flags,
                  double dflt)
{
    ask(g, base, (int)dim);
    if (g->err->code != XF_OK)
        return dflt;
    double factor = 1.0;
    config_setting_t *s = find_qty(g, base, (int)dim, &factor);
    if (g->err->code != XF_OK)
        return dflt;
    if (!s) {
        if ((flags & XF_REQ) && S(g))
            missing(g, base, (int)dim, "<number>");
        return dflt;
    }
    const char *nm = config_setting_name(s);
    const char *uname = nm + strlen(base) + 1;
    if (!is_number(s)) {
        fail_at(g, s, nm, "is %s; expected a number in %s", type_name(s), uname);
        return dflt;
    }
    double v = num_value(s) * factor;
    if (xf_out_of_range(v, lo, hi, flags)) {
        char r[160];
        range_text(r, sizeof r, lo, hi, flags, factor, uname);
        fail_at(g, s, nm, "value %g is out of range; expected %s", num_value(s), r);
        return dflt;
    }
    check_source(g, s, base);
    take_range(g, s, nm, base, factor, v, lo, hi, flags);
    return g->err->code == XF_OK ? v : dflt;
}

static config_setting_t *plain(xf_grp *g, const char *name, int flags, const char *form)
{
    ask(g, name, -1);
    if (g->err->code != XF_OK || !S(g))
        return NULL;
    config_setting_t *s = config_setting_get_member(S(g), name);
    if (!s && (flags & XF_REQ))
        missing(g, name, -1, form);
    return s;
}

double xf_grp_real(xf_grp *g, const char *name, double lo, double hi, int flags, double dflt)
{
    config_setting_t *s = plain(g, name, flags, "<number>");
    if (!s)
        return dflt;
    if (!is_number(s)) {
        fail_at(g, s, name, "is %s; expected a number", type_name(s));
        return dflt;
    }
    double v = num_value(s);
    if (xf_out_of_range(v, lo, hi, flags)) {
        char r[160];
        range_text(r, sizeof r, lo, hi, flags, 1.0, "");
        fail_at(g, s, name, "value %g is out of range; expected %s", v, r);
        return dflt;
    }
    check_source(g, s, name);
    take_range(g, s, name, name, 1.0, v, lo, hi, flags);
    return g->err->code == XF_OK ? v : dflt;
}

long long xf_grp_int(xf_grp *g, const char *name, long long lo, long long hi, int flags,
                     long long dflt)
{
    config_setting_t *s = plain(g, name, flags, "<integer>");
    if (!s)
        return dflt;
    int t = config_setting_type(s);
    if (t != CONFIG_TYPE_INT && t != CONFIG_TYPE_INT64) {
        fail_at(g, s, name, "is %s; expected an integer", type_name(s));
        return dflt;
    }
    long long v = t == CONFIG_TYPE_INT ? config_setting_get_int(s) : config_setting_get_int64(s);
    if (v < lo || v > hi) {
        fail_at(g, s, name, "value %lld is out of range; expected an integer from %lld to %lld", v,
                lo, hi);
        return dflt;
    }
    return v;
}

int xf_grp_bool(xf_grp *g, const char *name, int flags, int dflt)
{
    config_setting_t *s = plain(g, name, flags, "true|false");
    if (!s)
        return dflt;
    if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
        fail_at(g, s, name, "is %s; expected true or false", type_name(s));
        return dflt;
    }
    return config_setting_get_bool(s) ? 1 : 0;
}

const char *xf_grp_str(xf_grp *g, const char *name, int flags, const char *dflt)
{
    config_setting_t *s = plain(g, name, flags, "\"<text>\"");
    if (!s)
        return dflt;
    if (config_setting_type(s) != CONFIG_TYPE_STRING) {
        fail_at(g, s, name, "is %s; expected a string in double quotes", type_name(s));
        return dflt;
    }
    const char *v = config_setting_get_string(s);
    if (!v || !v[0]) {
        fail_at(g, s, name, "is empty; expected a non-empty string");
        return dflt;
    }
    return v;
}

int xf_grp_choice(xf_grp *g, const char *name, const char *const *choices, int flags, int dflt)
{
    const char *v = xf_grp_str(g, name, flags, NULL);
    if (!v)
        return dflt;
    int n = 0;
    for (; choices[n]; n++)
        if (strcmp(choices[n], v) == 0)
            return n;
    char list[400] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, choices[i], sizeof list - strlen(list) - 1);
    }
    const char *sug = xf_suggest(v, choices, n);
    config_setting_t *s = config_setting_get_member(S(g), name);
    if (sug)
        fail_at(g, s, name, "'%s' is not a known value; did you mean '%s'? expected one of: %s", v,
                sug, list);
    else
        fail_at(g, s, name, "'%s' is not a known value; expected one of: %s", v, list);
    return dflt;
}

int xf_grp_qty_array(xf_grp *g, const char *base, int dim, double lo, double hi, int flags,
                     double *out, int max_n, int min_n)
{
    config_setting_t *s;
    double factor = 1.0;
    const char *form = "[a, b, ...]";
    if (dim >= 0) {
        ask(g, base, dim);
        if (g->err->code != XF_OK)
            return 0;
        s = find_qty(g, base, dim, &factor);
        if (g->err->code != XF_OK)
            return 0;
        if (!s && (flags & XF_REQ) && S(g))
            missing(g, base, dim, form);
    } else {
        s = plain(g, base, flags, form);
    }
    if (!s)
        return 0;
    const char *nm = config_setting_name(s);
    if (!config_setting_is_aggregate(s) || config_setting_is_group(s)) {
        fail_at(g, s, nm, "is %s; expected an array %s", type_name(s), form);
        return 0;
    }
    int n = config_setting_length(s);
    if (n < min_n || n > max_n) {
        fail_at(g, s, nm, "has %d elements; expected %d to %d", n, min_n, max_n);
        return 0;
    }
    for (int i = 0; i < n; i++) {
        config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
        if (!is_number(e)) {
            fail_at(g, s, nm, "element %d is %s; expected a number", i, type_name(e));
            return 0;
        }
        double v = num_value(e) * factor;
        if (xf_out_of_range(v, lo, hi, flags)) {
            char r[160];
            range_text(r, sizeof r, lo, hi, flags, factor, dim >= 0 ? nm + strlen(base) + 1 : "");
            fail_at(g, s, nm, "element %d (%g) is out of range; expected %s", i, num_value(e), r);
            return 0;
        }
        out[i] = v;
    }
    check_source(g, s, base);
    return g->err->code == XF_OK ? n : 0;
}

int xf_grp_has(const xf_grp *g, const char *base)
{
    if (!S(g))
        return 0;
    size_t lb = strlen(base);
    int n = config_setting_length(S(g));
    for (int i = 0; i < n; i++) {
        const char *nm = config_setting_name(config_setting_get_elem(S(g), (unsigned)i));
        if (nm && strncmp(nm, base, lb) == 0 && (nm[lb] == '\0' || nm[lb] == '_'))
            return 1;
    }
    return 0;
}

int xf_grp_member_has(const xf_grp *g, const char *member, const char *key)
{
    config_setting_t *m = S(g) ? config_setting_get_member(S(g), member) : NULL;
    return m && config_setting_is_group(m) && config_setting_get_member(m, key) != NULL;
}

int xf_grp_size(const xf_grp *g)
{
    return S(g) ? config_setting_length(S(g)) : 0;
}

const char *xf_grp_member(const xf_grp *g, int i, int *is_group)
{
    config_setting_t *m = S(g) && i >= 0 && i < config_setting_length(S(g))
                              ? config_setting_get_elem(S(g), (unsigned)i)
                              : NULL;
    if (is_group)
        *is_group = m && config_setting_is_group(m);
    return m ? config_setting_name(m) : NULL;
}

/* Is member `nm` accounted for by the asked keys? */
static int accepted(const xf_grp *g, const char *nm)
{
    if (strcmp(nm, "source") == 0 || xf_ranges_member(g->ranges, g->path, nm))
        return 1;
    const char *src = strncmp(nm, "source_", 7) == 0 ? nm + 7 : NULL;
    for (unsigned i = 0; i < g->n_asked; i++) {
        const char *a = g->asked[i];
        size_t la = strlen(a);
        if (src && strcmp(src, a) == 0)
            return 1;
        if (g->asked_dim[i] < 0) {
            if (strcmp(nm, a) == 0)
                return 1;
        } else if (strncmp(nm, a, la) == 0 && nm[la] == '_' &&
                   xf_unit_factor((xf_dim)g->asked_dim[i], nm + la + 1) != 0.0) {
            return 1;
        }
    }
    return 0;
}

int xf_grp_end(xf_grp *g)
{
    if (g->err->code != XF_OK || !S(g))
        return g->err->code;
    int n = config_setting_length(S(g));
    for (int i = 0; i < n; i++) {
        config_setting_t *m = config_setting_get_elem(S(g), (unsigned)i);
        const char *nm = config_setting_name(m);
        if (!nm || accepted(g, nm))
            continue;
        /* Candidates: plain names as asked; quantities as base_<unit of the key, or first>. */
        char buf[XF_GRP_MAX_KEYS][96];
        const char *cand[XF_GRP_MAX_KEYS] = {0};
        const char *unit = strrchr(nm, '_');
        unit = unit ? unit + 1 : "";
        for (unsigned k = 0; k < g->n_asked; k++) {
            if (g->asked_dim[k] < 0) {
                cand[k] = g->asked[k];
                continue;
            }
            const char *u = xf_unit_factor((xf_dim)g->asked_dim[k], unit) != 0.0 ? unit : NULL;
            if (!u) {
                /* first unit of the dimension's list */
                static const char *const first[XF_DIM_COUNT] = {
                    "pJ", "ns",   "mW", "um2", "MHz", "GSps", "GBps",
                    "KB", "kohm", "V",  "nm",  "uA",  "TOPS"};
                u = first[g->asked_dim[k]];
            }
            snprintf(buf[k], sizeof buf[k], "%s_%s", g->asked[k], u);
            cand[k] = buf[k];
        }
        const char *sug = xf_suggest(nm, cand, (int)g->n_asked);
        if (sug) {
            fail_at(g, m, nm, "unknown key; did you mean '%s'?", sug);
            if (!g->log)
                return g->err->code;
            continue;
        }
        char list[480] = "";
        for (unsigned k = 0; k < g->n_asked && strlen(list) < 440; k++) {
            int seen = 0;
            for (unsigned j = 0; j < k && !seen; j++)
                seen = strcmp(cand[j], cand[k]) == 0;
            if (seen)
                continue;
            strncat(list, list[0] ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, cand[k], sizeof list - strlen(list) - 1);
        }
        fail_at(g, m, nm, "unknown key; expected one of: %s", list[0] ? list : "(none)");
        if (!g->log)
            return g->err->code;
    }
    return xf_grp_status(g);
}

/* A text value of key checked with xf_text_check (the name rules): the group fails at the
 * key's line when it breaks them. */
int xf_text_key(xf_grp *g, const char *key, const char *s, size_t min_bytes, size_t max_bytes)
{
    char why[160];
    if (xf_grp_status(g) == XF_OK && s && xf_text_check(s, min_bytes, max_bytes, why, sizeof why))
        xf_grp_fail(g, key, "%s", why);
    return xf_grp_status(g);
}
