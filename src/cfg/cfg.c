/* Strict libconfig loading: typed readers, units, sources, unknown-key detection, overrides. */
#include "xf/cfg.h"

#include <errno.h>
#include <libconfig.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define XF_MAX_OVERRIDES 256

struct xf_cfg {
    config_t c;
    char name[512];
    char *overrides[XF_MAX_OVERRIDES];
    int n_overrides;
};

/* ---------------------------------------------------------------- loading */

static int load_common(xf_cfg *cfg, int ok, xf_err *err)
{
    if (ok == CONFIG_TRUE)
        return XF_OK;
    const char *file = config_error_file(&cfg->c);
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s:%d: syntax error: %s; expected libconfig syntax (key = value;)",
                      file ? file : cfg->name, config_error_line(&cfg->c),
                      config_error_text(&cfg->c) ? config_error_text(&cfg->c) : "unreadable");
}

static xf_cfg *cfg_new(const char *name)
{
    xf_cfg *cfg = calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    config_init(&cfg->c);
    snprintf(cfg->name, sizeof cfg->name, "%s", name);
    return cfg;
}

/* libconfig's `@include "FILE"` (a line starting with it) would read any path, a FIFO or a
 * device included (it could block on /dev/stdin), and escapes the NUL check and the
 * provenance of the configuration: configurations are single files. */
typedef struct {
    int line, at_start, matched, include_line;
} inc_scan;

static void inc_feed(inc_scan *s, int c)
{
    static const char kw[] = "@include";
    if (c == '\n') {
        s->line++;
        s->at_start = 1;
        s->matched = 0;
        return;
    }
    if (!s->at_start)
        return;
    if (s->matched == 0 && (c == ' ' || c == '\t' || c == '\r'))
        return;
    if (c == kw[s->matched]) {
        if (kw[++s->matched] == '\0') {
            if (!s->include_line)
                s->include_line = s->line;
            s->at_start = 0;
        }
        return;
    }
    s->at_start = 0;
}

static int include_error(const char *name, int line, xf_err *err)
{
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s:%d: @include is not supported; expected a self-contained libconfig file",
                      name, line);
}

int xf_cfg_load_file(const char *path, xf_cfg **out, xf_err *err)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: cannot open: %s; expected a readable libconfig file", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: is a directory; expected a libconfig file", path);
    if (!S_ISREG(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: not a regular file; expected a libconfig file",
                          path);
    if (st.st_size == 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s: empty file; expected a libconfig file", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return xf_err_set(err, XF_ERR_INPUT, "%s: cannot open: %s; expected a readable file", path,
                          strerror(errno));
    /* libconfig would stop at a NUL byte: reject binary files explicitly. */
    int c, nul = 0;
    inc_scan inc = {1, 1, 0, 0};
    while ((c = fgetc(f)) != EOF) {
        if (c == 0) {
            nul = 1;
            break;
        }
        inc_feed(&inc, c);
    }
    fclose(f);
    if (nul)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: binary file (NUL byte); expected a libconfig text file", path);
    if (inc.include_line)
        return include_error(path, inc.include_line, err);
    xf_cfg *cfg = cfg_new(path);
    if (!cfg)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", path);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        config_set_include_dir(&cfg->c, dir);
    }
    int rc = load_common(cfg, config_read_file(&cfg->c, path), err);
    if (rc != XF_OK) {
        xf_cfg_free(cfg);
        return rc;
    }
    *out = cfg;
    return XF_OK;
}

int xf_cfg_load_string(const char *text, const char *name, xf_cfg **out, xf_err *err)
{
    *out = NULL;
    inc_scan inc = {1, 1, 0, 0};
    for (const char *p = text; *p && !inc.include_line; p++)
        inc_feed(&inc, (unsigned char)*p);
    if (inc.include_line)
        return include_error(name, inc.include_line, err);
    xf_cfg *cfg = cfg_new(name);
    if (!cfg)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", name);
    int rc = load_common(cfg, config_read_string(&cfg->c, text), err);
    if (rc != XF_OK) {
        xf_cfg_free(cfg);
        return rc;
    }
    *out = cfg;
    return XF_OK;
}

void xf_cfg_free(xf_cfg *cfg)
{
    if (!cfg)
        return;
    config_destroy(&cfg->c);
    for (int i = 0; i < cfg->n_overrides; i++)
        free(cfg->overrides[i]);
    free(cfg);
}

const char *xf_cfg_name(const xf_cfg *cfg)
{
    return cfg->name;
}

char *xf_cfg_to_text(const xf_cfg *cfg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    config_write(&cfg->c, f);
    fclose(f);
    return buf;
}

/* ------------------------------------------------------------ suggestions */

int xf_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 127 || lb > 127)
        return (int)(la > lb ? la : lb);
    int row[128];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int diag = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int up = row[j];
            int cost = (a[i - 1] == b[j - 1]) ? 0 : 1;
            int best = diag + cost;
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

const char *xf_suggest(const char *word, const char *const *cand, int n)
{
    const char *best = NULL;
    int best_d = 1 << 20;
    size_t lw = strlen(word);
    int limit = lw < 6 ? 2 : (int)(lw / 3) + 1;
    for (int i = 0; i < n; i++) {
        if (!cand[i])
            continue;
        int d = xf_edit_distance(word, cand[i]);
        /* "read_energy" for "read_energy_pJ", "bert" for "bert-base": prefix matches count. */
        size_t lc = strlen(cand[i]);
        if (lw >= 3 && lc > lw && strncmp(cand[i], word, lw) == 0 && d > 1)
            d = 1;
        if (d < best_d) {
            best_d = d;
            best = cand[i];
        }
    }
    return best_d <= limit ? best : NULL;
}

/* ---------------------------------------------------------------- groups */

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
    if (line <= 0)
        line = 1;
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
    return xf_err_set(g->err, XF_ERR_INPUT, "%s: key '%s': %s", loc, kp, what);
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
    return g->err->code;
}

/* Asked keys: plain names are stored as is; quantity bases with their dimension encoded in a
 * parallel array so xf_grp_end can accept base_<unit>. */
static void ask(xf_grp *g, const char *name, int dim)
{
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

static int is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static const char *type_name(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64:
        return "an integer";
    case CONFIG_TYPE_FLOAT:
        return "a real number";
    case CONFIG_TYPE_STRING:
        return "a string";
    case CONFIG_TYPE_BOOL:
        return "a boolean";
    case CONFIG_TYPE_GROUP:
        return "a group";
    case CONFIG_TYPE_ARRAY:
        return "an array";
    case CONFIG_TYPE_LIST:
        return "a list";
    default:
        return "an unknown type";
    }
}

static double num_value(const config_setting_t *s)
{
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
        return (double)config_setting_get_int(s);
    case CONFIG_TYPE_INT64:
        return (double)config_setting_get_int64(s);
    default:
        return config_setting_get_float(s);
    }
}

static const char *str_member(const config_setting_t *grp, const char *name)
{
    config_setting_t *s = grp ? config_setting_get_member(grp, name) : NULL;
    if (s && config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        return (v && v[0]) ? v : NULL;
    }
    return NULL;
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

static int out_of_range(double v, double lo, double hi, int flags)
{
    if (!isfinite(v))
        return 1;
    if ((flags & XF_LO_OPEN) ? !(v > lo) : !(v >= lo))
        return 1;
    if ((flags & XF_HI_OPEN) ? !(v < hi) : !(v <= hi))
        return 1;
    return 0;
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
    if (out_of_range(v, lo, hi, flags)) {
        char r[160];
        range_text(r, sizeof r, lo, hi, flags, factor, uname);
        fail_at(g, s, nm, "value %g is out of range; expected %s", num_value(s), r);
        return dflt;
    }
    check_source(g, s, base);
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
    if (out_of_range(v, lo, hi, flags)) {
        char r[160];
        range_text(r, sizeof r, lo, hi, flags, 1.0, "");
        fail_at(g, s, name, "value %g is out of range; expected %s", v, r);
        return dflt;
    }
    check_source(g, s, name);
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
        if (out_of_range(v, lo, hi, flags)) {
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
    if (strcmp(nm, "source") == 0)
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
        if (sug)
            return fail_at(g, m, nm, "unknown key; did you mean '%s'?", sug);
        char list[300] = "";
        for (unsigned k = 0; k < g->n_asked && strlen(list) < 240; k++) {
            strncat(list, k ? ", " : "", sizeof list - strlen(list) - 1);
            strncat(list, cand[k], sizeof list - strlen(list) - 1);
        }
        return fail_at(g, m, nm, "unknown key; expected one of: %s", list[0] ? list : "(none)");
    }
    return g->err->code;
}

/* --------------------------------------------------------------- overrides */

static int parse_ll(const char *t, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (errno || end == t || *end)
        return 0;
    *out = v;
    return 1;
}

static int parse_d(const char *t, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(t, &end);
    if (end == t || *end)
        return 0;
    *out = v;
    return 1;
}

/* "a.b[2].c" (the form messages print) -> libconfig's "a.b.[2].c" in out. Returns -1 unless
 * every component is a name ([A-Za-z0-9_*-]+) or an index [digits]: no empty components, no
 * other separators. */
static int normalise_path(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int comp = 0; /* characters in the current component */
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (o + 3 >= cap)
            return -1;
        if (c == '.') {
            if (comp == 0)
                return -1;
            out[o++] = '.';
            comp = 0;
        } else if (c == '[') {
            if (comp > 0)
                out[o++] = '.';
            size_t j = i + 1;
            while (j < n && in[j] >= '0' && in[j] <= '9')
                j++;
            if (j == i + 1 || j >= n || in[j] != ']' || j - i > 9 || o + (j - i) + 2 >= cap)
                return -1;
            memcpy(out + o, in + i, j - i + 1);
            o += j - i + 1;
            i = j;
            comp = 1;
            if (i + 1 < n && in[i + 1] != '.' && in[i + 1] != '[')
                return -1;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '*') {
            out[o++] = c;
            comp++;
        } else {
            return -1;
        }
    }
    if (comp == 0)
        return -1;
    out[o] = '\0';
    return 0;
}

int xf_cfg_override(xf_cfg *cfg, const char *assignment, xf_err *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: expected KEY=VALUE (e.g. --set adc.bits=6)",
                          assignment);
    char path[256];
    size_t lp = (size_t)(eq - assignment);
    if (lp >= sizeof path / 2)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: key too long; expected at most %d characters", assignment,
                          (int)sizeof path / 2 - 1);
    if (normalise_path(assignment, lp, path, sizeof path) != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: '%.*s' is not a key path; expected names separated by '.' "
                          "(e.g. pe.adc_bits, entries[0].read_energy_pJ)",
                          assignment, (int)lp, assignment);
    const char *val = eq + 1;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)lp, assignment);
    /* Walk the path: names through groups, [i] through lists and arrays only. */
    config_setting_t *s = config_root_setting(&cfg->c);
    char tmp[256], prefix[256] = "";
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *save = NULL, *tok = strtok_r(tmp, ".", &save); tok && s;
         tok = strtok_r(NULL, ".", &save)) {
        config_setting_t *next = NULL;
        if (tok[0] == '[') {
            long idx = strtol(tok + 1, NULL, 10);
            int len = config_setting_length(s);
            if (!config_setting_is_list(s) && !config_setting_is_array(s))
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s: '%s' is not a list; expected an "
                                  "index only after a list or array",
                                  assignment, key, cfg->name, prefix[0] ? prefix : "(top level)");
            if (idx >= len)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s: '%s' has %d elements; expected an "
                                  "index from 0 to %d",
                                  assignment, key, cfg->name, prefix, len, len - 1);
            next = config_setting_get_elem(s, (unsigned)idx);
        } else if (config_setting_is_group(s)) {
            next = config_setting_get_member(s, tok);
            if (!next) {
                const char *cand[256];
                int n = 0, len = config_setting_length(s);
                for (int k = 0; k < len && n < 256; k++)
                    cand[n++] = config_setting_name(config_setting_get_elem(s, (unsigned)k));
                const char *sug = xf_suggest(tok, cand, n);
                if (sug)
                    return xf_err_set(
                        err, XF_ERR_INPUT, "--set %s: no key '%s' in %s; did you mean '%s%s%s'?",
                        assignment, key, cfg->name, prefix, prefix[0] ? "." : "", sug);
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s; expected an existing key",
                                  assignment, key, cfg->name);
            }
        } else {
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: no key '%s' in %s: '%s' is a single value; expected an "
                              "existing key",
                              assignment, key, cfg->name, prefix);
        }
        size_t lpre = strlen(prefix);
        snprintf(prefix + lpre, sizeof prefix - lpre, "%s%s", lpre && tok[0] != '[' ? "." : "",
                 tok);
        s = next;
    }
    if (!s || s == config_root_setting(&cfg->c))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: no key '%s' in %s; expected an existing key", assignment, key,
                          cfg->name);
    int ok = 0;
    const char *want = "";
    char unquoted[512];
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: {
        long long v;
        want = "an integer";
        if (!parse_ll(val, &v))
            break;
        /* libconfig cannot change a 32-bit setting's type and would store 0 for a wider
         * value: refuse it here (every integer key's range is within 32 bits). */
        if (config_setting_type(s) == CONFIG_TYPE_INT && (v < INT32_MIN || v > INT32_MAX))
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: key '%s': value %lld is out of range; expected an "
                              "integer from %d to %d",
                              assignment, key, v, INT32_MIN, INT32_MAX);
        ok = config_setting_type(s) == CONFIG_TYPE_INT ? config_setting_set_int(s, (int)v)
                                                       : config_setting_set_int64(s, v);
        break;
    }
    case CONFIG_TYPE_FLOAT: {
        double v;
        want = "a number";
        if (parse_d(val, &v))
            ok = config_setting_set_float(s, v);
        break;
    }
    case CONFIG_TYPE_BOOL:
        want = "true or false";
        if (strcmp(val, "true") == 0 || strcmp(val, "false") == 0)
            ok = config_setting_set_bool(s, val[0] == 't');
        break;
    case CONFIG_TYPE_STRING: {
        want = "a string";
        size_t lv = strlen(val);
        if (lv >= 2 && val[0] == '"' && val[lv - 1] == '"') {
            if (lv - 2 >= sizeof unquoted)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %.60s...: value too long; expected at most %d characters",
                                  assignment, (int)sizeof unquoted - 1);
            /* unquoted copy; it outlives the switch (the error below prints it) */
            snprintf(unquoted, sizeof unquoted, "%.*s", (int)(lv - 2), val + 1);
            val = unquoted;
        }
        ok = val[0] != '\0' && config_setting_set_string(s, val);
        break;
    }
    default:
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: key '%s' is %s; expected a single value",
                          assignment, key, type_name(s));
    }
    if (!ok)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: key '%s' takes %s; got '%s'", assignment,
                          key, want, val);
    /* A key overridden again (sweeps do it for every point) replaces its record. */
    char *old = (char *)config_setting_get_hook(s);
    int slot = -1;
    for (int i = 0; old && i < cfg->n_overrides; i++)
        if (cfg->overrides[i] == old)
            slot = i;
    if (slot < 0 && cfg->n_overrides >= XF_MAX_OVERRIDES)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: more than %d overridden keys", assignment,
                          XF_MAX_OVERRIDES);
    char *copy = strdup(assignment);
    if (!copy)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (slot >= 0) {
        free(cfg->overrides[slot]);
        cfg->overrides[slot] = copy;
    } else {
        cfg->overrides[cfg->n_overrides++] = copy;
    }
    config_setting_set_hook(s, copy);
    return XF_OK;
}

/* ------------------------------------------------------------------- walk */

typedef struct walk_frame {
    const config_setting_t *grp;
    const char *name; /* own name in the parent */
    const struct walk_frame *parent;
} walk_frame;

static const char *walk_source(const walk_frame *f, const char *base)
{
    const char *key = base;
    for (; f && key; key = f->name, f = f->parent) {
        char nm[160];
        snprintf(nm, sizeof nm, "source_%s", key);
        const char *v = str_member(f->grp, nm);
        if (!v)
            v = str_member(f->grp, "source");
        if (v)
            return v;
        if (!key[0])
            break;
    }
    return NULL;
}

static double unit_of(const char *name, const char **unit, char *base, size_t nb)
{
    const char *us = strrchr(name, '_');
    snprintf(base, nb, "%s", name);
    *unit = NULL;
    if (!us)
        return 0.0;
    for (int d = 0; d < XF_DIM_COUNT; d++) {
        double f = xf_unit_factor((xf_dim)d, us + 1);
        if (f != 0.0) {
            *unit = us + 1;
            base[us - name < (long)nb ? us - name : (long)nb - 1] = '\0';
            return f;
        }
    }
    return 0.0;
}

static int walk(const config_setting_t *grp, const char *path, const walk_frame *parent,
                const char *own, xf_cfg_visit fn, void *ctx)
{
    walk_frame fr = {grp, own, parent};
    int n = config_setting_length(grp);
    for (int i = 0; i < n; i++) {
        const config_setting_t *m = config_setting_get_elem(grp, (unsigned)i);
        const char *nm = config_setting_name(m);
        char p[XF_GRP_PATH_LEN], label[96];
        if (nm)
            snprintf(label, sizeof label, "%s", nm);
        else
            snprintf(label, sizeof label, "[%d]", i);
        if (path[0])
            snprintf(p, sizeof p, "%.80s%s%.70s", path, nm ? "." : "", label);
        else
            snprintf(p, sizeof p, "%.90s", label);
        if (nm && strncmp(nm, "source", 6) == 0 && (nm[6] == '\0' || nm[6] == '_'))
            continue;
        int rc = 0;
        if (config_setting_is_group(m)) {
            rc = walk(m, p, &fr, nm ? nm : own, fn, ctx);
        } else if (config_setting_is_list(m) || config_setting_is_array(m)) {
            int any_group = 0, len = config_setting_length(m);
            for (int k = 0; k < len; k++)
                any_group |= config_setting_is_group(config_setting_get_elem(m, (unsigned)k));
            if (any_group) {
                for (int k = 0; k < len && !rc; k++) {
                    char pe[XF_GRP_PATH_LEN];
                    snprintf(pe, sizeof pe, "%.140s[%d]", p, k);
                    rc = walk(config_setting_get_elem(m, (unsigned)k), pe, &fr, nm, fn, ctx);
                }
            } else {
                char val[256] = "[";
                for (int k = 0; k < len; k++) {
                    char e[48];
                    const config_setting_t *el = config_setting_get_elem(m, (unsigned)k);
                    snprintf(e, sizeof e, "%s%g", k ? ", " : "", num_value(el));
                    strncat(val, e, sizeof val - strlen(val) - 2);
                }
                strcat(val, "]");
                char base[96];
                const char *unit;
                unit_of(nm ? nm : "", &unit, base, sizeof base);
                xf_cfg_item it = {
                    p,   val, (int)config_setting_source_line(m), walk_source(&fr, base), unit,
                    0.0, 0};
                rc = fn(&it, ctx);
            }
        } else {
            char val[256];
            int isnum = is_number(m);
            if (isnum)
                snprintf(val, sizeof val, "%.10g", num_value(m));
            else if (config_setting_type(m) == CONFIG_TYPE_STRING)
                snprintf(val, sizeof val, "\"%.250s\"", config_setting_get_string(m));
            else if (config_setting_type(m) == CONFIG_TYPE_BOOL)
                snprintf(val, sizeof val, "%s", config_setting_get_bool(m) ? "true" : "false");
            else
                snprintf(val, sizeof val, "?");
            char base[96];
            const char *unit;
            double f = unit_of(nm ? nm : "", &unit, base, sizeof base);
            xf_cfg_item it = {p,
                              val,
                              (int)config_setting_source_line(m),
                              isnum ? walk_source(&fr, base) : NULL,
                              unit,
                              isnum ? num_value(m) * (f != 0.0 ? f : 1.0) : 0.0,
                              isnum};
            rc = fn(&it, ctx);
        }
        if (rc)
            return rc;
    }
    return 0;
}

int xf_cfg_walk(const xf_cfg *cfg, xf_cfg_visit fn, void *ctx)
{
    return walk(config_root_setting(&cfg->c), "", NULL, "", fn, ctx);
}
