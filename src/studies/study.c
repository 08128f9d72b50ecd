/* Studies of a design and a baseline (xf/study.h): loading the two designs, collecting their
 * ranged values into one list (a value both hold is one entry), command-line ranges, and one
 * evaluation of both designs with given values, which Monte Carlo (montecarlo.c) and
 * sensitivity (sensitivity.c) share.
 *
 * Invariant: an evaluation sets every value of the list in every design that holds it before
 * building, so no draw of an earlier sample survives into the next one. */
#include "study_int.h"

#include "xf/eval.h"
#include "xf/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const metric_names[XF_SM_COUNT] = {
    "latency_s", "energy_j",    "area_mm2",   "power_w",     "tops_per_w",      "edp_js",
    "speedup",   "energy_gain", "area_ratio", "power_ratio", "tops_per_w_gain", "edp_gain"};

const char *xf_study_metric_name(int m)
{
    return m >= 0 && m < XF_SM_COUNT ? metric_names[m] : "?";
}

int xf_study_metric_find(const char *name)
{
    for (int i = 0; i < XF_SM_COUNT; i++)
        if (strcmp(name, metric_names[i]) == 0)
            return i;
    return -1;
}

int xf_study_load_design(const char *techlib, const xf_variant *v, const char *label,
                         xf_arch_spec **out, xf_err *err)
{
    xf_arch_spec *s = NULL;
    *out = NULL;
    if (xf_arch_spec_load(techlib, v->arch, &s, err) != XF_OK)
        return err->code;
    if (xf_variant_apply(v, s, label, err) != XF_OK) {
        xf_arch_spec_free(s);
        return err->code;
    }
    *out = s;
    return XF_OK;
}

/* The value of resolved parameter `key` (as --set writes it, a quantity with its unit) of a
 * built design, in the key's unit; 0 when the design has no such key. */
static int resolved_value(const xf_arch_spec *s, const xf_arch *a, const char *key, double *v,
                          double *factor)
{
    xf_arch_param *ps = malloc(2048 * sizeof *ps); /* set-up, not the evaluation path */
    int n = ps ? xf_arch_params(s, a, ps, 2048) : -1, found = 0;
    const char *us = strrchr(key, '_');
    for (int i = 0; i < n && !found; i++) {
        if (!ps[i].is_num)
            continue;
        if (strcmp(ps[i].key, key) == 0) {
            *v = ps[i].num;
            *factor = 1.0;
            found = 1;
        } else if (us && ps[i].unit[0] && strlen(ps[i].key) == (size_t)(us - key) &&
                   strncmp(ps[i].key, key, (size_t)(us - key)) == 0) {
            for (int d = 0; d < XF_DIM_COUNT && !found; d++) {
                double f = xf_unit_factor((xf_dim)d, us + 1);
                if (f != 0.0 && strcmp(xf_dim_si((xf_dim)d), ps[i].unit) == 0) {
                    *v = ps[i].num / f;
                    *factor = f;
                    found = 1;
                }
            }
        }
    }
    free(ps);
    return found;
}

/* "KEY=LO..HI[,DIST]" into p (name = KEY, r.key = KEY, bounds in the key's unit). */
static int parse_cli_range(const char *text, xf_study_param *p, xf_err *err)
{
    const char *eq = strchr(text, '=');
    memset(p, 0, sizeof *p);
    if (!eq || eq == text || (size_t)(eq - text) >= sizeof p->r.key)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: expected KEY=LO..HI or KEY=LO..HI,DIST (e.g. "
                          "pe.adc_rate_GSps=0.64..2.56,loguniform)",
                          text);
    snprintf(p->r.key, sizeof p->r.key, "%.*s", (int)(eq - text), text);
    snprintf(p->name, sizeof p->name, "%s", p->r.key);
    const char *dots = strstr(eq + 1, "..");
    char *end = NULL, lob[64];
    double lo = NAN;
    /* LO is read from a copy: strtod would take "6." of "6..8" and leave end past the dots */
    if (dots && dots > eq + 1 && (size_t)(dots - eq - 1) < sizeof lob) {
        snprintf(lob, sizeof lob, "%.*s", (int)(dots - eq - 1), eq + 1);
        lo = strtod(lob, &end);
        if (*end)
            lo = NAN;
    }
    if (!isfinite(lo))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: '%s' is not LO..HI; expected two numbers, e.g. 0.5..2", text,
                          eq + 1);
    double hi = strtod(dots + 2, &end);
    if (end == dots + 2 || !isfinite(hi) || (*end && *end != ','))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: '%s' is not LO..HI; expected two numbers, e.g. 0.5..2", text,
                          eq + 1);
    if (!(lo < hi))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: low end %g %s high end %g; expected LO < HI", text, lo,
                          lo > hi ? "exceeds" : "equals", hi);
    p->r.dist = XF_DIST_UNIFORM;
    if (*end == ',') {
        p->r.dist = -1;
        for (int d = 0; d < XF_DIST_COUNT; d++)
            if (strcmp(end + 1, xf_dist_name(d)) == 0)
                p->r.dist = d;
        if (p->r.dist < 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--range %s: '%s' is not a distribution; expected uniform, "
                              "loguniform, triangular or lognormal",
                              text, end + 1);
    }
    if ((p->r.dist == XF_DIST_LOGUNIFORM || p->r.dist == XF_DIST_LOGNORMAL) && !(lo > 0))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: a %s range needs LO > 0; expected a positive low end", text,
                          xf_dist_name(p->r.dist));
    p->r.lo = lo;
    p->r.hi = hi;
    p->integer = lo == floor(lo) && hi == floor(hi);
    snprintf(p->r.source, sizeof p->r.source, "--range %s", text);
    snprintf(p->r.where, sizeof p->r.where, "--range %s", text);
    return XF_OK;
}

static int add_param(xf_study *s, const xf_arch_ranged *r, int which, xf_err *err)
{
    if (r->r.fixed)
        return XF_OK; /* an override fixed it */
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->par[i].name, r->name) == 0) {
            s->par[i].in[which] = 1;
            return XF_OK;
        }
    if (s->n == XF_STUDY_MAX_PARAMS)
        return xf_err_set(err, XF_ERR_INPUT, "more than %d ranged values; expected fewer",
                          XF_STUDY_MAX_PARAMS);
    xf_study_param *p = &s->par[s->n++];
    memset(p, 0, sizeof *p);
    snprintf(p->name, sizeof p->name, "%s", r->name);
    p->r = r->r;
    p->tech = r->tech;
    p->in[which] = 1;
    return XF_OK;
}

/* Design d built with key set to an end of a command-line range: an end the key's own check
 * refuses fails here, at set-up, rather than as failed samples. */
static int check_end(const xf_study *s, int d, const char *text, const char *key, double v,
                     const char *end, xf_err *err)
{
    char set[256];
    xf_arch_spec *spec = NULL;
    xf_arch *a = malloc(sizeof *a);
    if (!a)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(set, sizeof set, "%s=%.17g", key, v);
    xf_err e = {0};
    int rc = xf_study_load_design(s->techlib, &s->var[d], s->label[d], &spec, err);
    if (rc == XF_OK && (xf_arch_spec_set(spec, set, &e) != XF_OK || xf_arch_build(spec, a, &e)))
        rc = xf_err_set(err, XF_ERR_INPUT, "--range %s: its %s end %g is refused by %s: %s", text,
                        end, v, s->label[d], e.msg);
    xf_arch_spec_free(spec);
    free(a);
    return rc;
}

/* A command-line range: the key's value in each design that has it (in range), else an
 * error naming the key. */
static int add_cli(xf_study *s, const char *text, xf_err *err)
{
    xf_study_param p;
    if (parse_cli_range(text, &p, err) != XF_OK)
        return err->code;
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->par[i].name, p.name) == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--range %s: key '%s' given twice; expected "
                              "one range per key",
                              text, p.name);
        /* a key its architecture file ranges: two ranges would both set it */
        if (!s->par[i].tech && strcmp(s->par[i].r.key, p.r.key) == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--range %s: key '%s' already has a range (range_ at %s); "
                              "expected one range per key",
                              text, p.r.key, s->par[i].r.where);
    }
    int held = 0;
    for (int d = 0; d < s->n_designs; d++) {
        double v = 0, f = 1;
        if (!resolved_value(s->spec[d], &s->arch[d], p.r.key, &v, &f))
            continue;
        if (v < p.r.lo || v > p.r.hi)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--range %s: %s has %s = %g, outside [%g, %g]; expected a range "
                              "around its value",
                              text, s->label[d], p.r.key, v, p.r.lo, p.r.hi);
        if (check_end(s, d, text, p.r.key, p.r.lo, "low", err) != XF_OK ||
            check_end(s, d, text, p.r.key, p.r.hi, "high", err) != XF_OK)
            return err->code;
        p.in[d] = 1;
        if (!held) {
            p.r.nominal = v * f;
            p.r.factor = f;
        }
        held = 1;
    }
    if (!held)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--range %s: no design has a numeric key '%s'; expected a key of the "
                          "architecture file as --set writes it (xformer archs show %s)",
                          text, p.r.key, s->var[0].arch);
    p.r.lo *= p.r.factor;
    p.r.hi *= p.r.factor;
    if (p.r.dist == XF_DIST_TRIANGULAR && !(p.r.nominal >= p.r.lo && p.r.nominal <= p.r.hi))
        return xf_err_set(err, XF_ERR_INPUT, "--range %s: the value lies outside the range", text);
    if (s->n == XF_STUDY_MAX_PARAMS)
        return xf_err_set(err, XF_ERR_INPUT, "more than %d ranged values; expected fewer",
                          XF_STUDY_MAX_PARAMS);
    s->par[s->n++] = p;
    return XF_OK;
}

int xf_study_new(const char *techlib, const char *design, const char *baseline, const xf_model *m,
                 const xf_wl_params *p, const char *const *cli_ranges, int n_cli, xf_study **out,
                 xf_err *err)
{
    *out = NULL;
    xf_study *s = calloc(1, sizeof *s);
    xf_arch_ranged *rs = malloc(XF_ARCH_MAX_RANGED * sizeof *rs);
    if (!s || !rs) {
        free(s);
        free(rs);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    snprintf(s->techlib, sizeof s->techlib, "%s", techlib);
    s->m = *m;
    s->p = *p;
    const char *texts[2] = {design, baseline};
    s->n_designs = baseline ? 2 : 1;
    static const char *const opts[2] = {"--arch", "--baseline"};
    int rc = XF_OK;
    for (int d = 0; d < s->n_designs && rc == XF_OK; d++) {
        if (xf_variant_parse(opts[d], texts[d], &s->var[d], err) != XF_OK) {
            rc = err->code;
            break;
        }
        xf_variant_label(&s->var[d], s->label[d], sizeof s->label[d]);
        rc = xf_study_load_design(techlib, &s->var[d], texts[d], &s->spec[d], err);
        if (rc == XF_OK && xf_arch_build(s->spec[d], &s->arch[d], err) != XF_OK) {
            xf_variant_explain(&s->var[d], texts[d], err);
            rc = err->code;
        }
        int n = rc == XF_OK ? xf_arch_spec_ranges(s->spec[d], rs, XF_ARCH_MAX_RANGED, err) : -1;
        for (int i = 0; i < n && rc == XF_OK; i++)
            rc = add_param(s, &rs[i], d, err);
        if (n < 0)
            rc = err->code;
    }
    for (int i = 0; i < n_cli && rc == XF_OK; i++)
        rc = add_cli(s, cli_ranges[i], err);
    free(rs);
    if (rc != XF_OK) {
        xf_study_free(s);
        return rc;
    }
    *out = s;
    return XF_OK;
}

void xf_study_free(xf_study *s)
{
    if (!s)
        return;
    for (int d = 0; d < 2; d++)
        xf_arch_spec_free(s->spec[d]);
    free(s);
}

int xf_study_n_params(const xf_study *s)
{
    return s->n;
}

const xf_study_param *xf_study_param_at(const xf_study *s, int i)
{
    return i >= 0 && i < s->n ? &s->par[i] : NULL;
}

int xf_study_has_baseline(const xf_study *s)
{
    return s->n_designs == 2;
}

const char *xf_study_label(const xf_study *s, int which)
{
    return which >= 0 && which < s->n_designs ? s->label[which] : "";
}

int xf_study_ctx_init(const xf_study *s, xf_study_ctx *c, int own, xf_err *err)
{
    memset(c, 0, sizeof *c);
    c->s = s;
    c->w = calloc(1, sizeof *c->w);
    c->r = malloc(sizeof *c->r);
    c->a[0] = malloc(sizeof *c->a[0]);
    c->a[1] = malloc(sizeof *c->a[1]);
    if (!c->w || !c->r || !c->a[0] || !c->a[1])
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    for (int d = 0; d < s->n_designs; d++) {
        if (!own) {
            c->spec[d] = s->spec[d];
            continue;
        }
        if (xf_study_load_design(s->techlib, &s->var[d], s->label[d], &c->spec[d], err) != XF_OK)
            return err->code;
        c->owned[d] = 1;
    }
    return XF_OK;
}

void xf_study_ctx_free(xf_study_ctx *c)
{
    for (int d = 0; d < 2; d++)
        if (c->owned[d])
            xf_arch_spec_free(c->spec[d]);
    free(c->w);
    free(c->r);
    free(c->a[0]);
    free(c->a[1]);
}

/* Round a command-line integer range's draw. */
static double value_for(const xf_study_param *p, double v)
{
    if (!p->integer)
        return v;
    double u = v / p->r.factor;
    return floor(u + 0.5) * p->r.factor;
}

int xf_study_eval(xf_study_ctx *c, const double *const values[2], double out[XF_SM_COUNT],
                  xf_err *err)
{
    const xf_study *s = c->s;
    double m[2][XF_SM_DESIGN_COUNT];
    for (int i = 0; i < XF_SM_COUNT; i++)
        out[i] = NAN;
    for (int d = 0; d < s->n_designs; d++) {
        xf_arch *a = c->a[d];
        if (!c->built[d] && xf_arch_build(c->spec[d], a, err) != XF_OK)
            return err->code;
        c->built[d] = 1;
        int techs = 0;
        for (int i = 0; i < s->n; i++) {
            const xf_study_param *p = &s->par[i];
            if (!p->in[d])
                continue;
            xf_arch_ranged r = {.r = p->r, .tech = p->tech};
            snprintf(r.name, sizeof r.name, "%s", p->name);
            double v = value_for(p, values[d][i]);
            if (xf_arch_spec_draw(c->spec[d], &r, v, err) != XF_OK)
                return err->code;
            techs |= p->tech;
            if (!p->tech) { /* the key as the override set it */
                char set[256];
                snprintf(set, sizeof set, "%s=%.17g", p->r.key, v / p->r.factor);
                if (xf_arch_update(c->spec[d], a, set, err) != XF_OK)
                    return err->code;
            }
        }
        if ((techs && xf_arch_rederive(c->spec[d], a, err) != XF_OK) ||
            xf_evaluate(a, &s->m, &s->p, c->w, c->r, err) != XF_OK) {
            c->built[d] = 0; /* built again from the spec next time */
            return err->code;
        }
        const xf_result *r = c->r;
        m[d][XF_SM_LATENCY] = r->latency;
        m[d][XF_SM_ENERGY] = r->energy;
        m[d][XF_SM_AREA] = r->area_known ? r->area * 1e6 : NAN;
        m[d][XF_SM_POWER] = r->power;
        m[d][XF_SM_TOPS_PER_W] = r->tops_per_w;
        m[d][XF_SM_EDP] = r->edp;
    }
    for (int i = 0; i < XF_SM_DESIGN_COUNT; i++)
        out[i] = m[0][i];
    if (s->n_designs == 2) {
        out[XF_SM_SPEEDUP] = m[1][XF_SM_LATENCY] / m[0][XF_SM_LATENCY];
        out[XF_SM_ENERGY_GAIN] = m[1][XF_SM_ENERGY] / m[0][XF_SM_ENERGY];
        out[XF_SM_AREA_RATIO] = m[0][XF_SM_AREA] / m[1][XF_SM_AREA];
        out[XF_SM_POWER_RATIO] = m[0][XF_SM_POWER] / m[1][XF_SM_POWER];
        out[XF_SM_TOPS_PER_W_GAIN] = m[0][XF_SM_TOPS_PER_W] / m[1][XF_SM_TOPS_PER_W];
        out[XF_SM_EDP_GAIN] = m[1][XF_SM_EDP] / m[0][XF_SM_EDP];
    }
    return XF_OK;
}

void xf_study_nominals(const xf_study *s, double *v)
{
    for (int i = 0; i < s->n; i++)
        v[i] = s->par[i].r.nominal;
}

int xf_study_nominal(xf_study *s, double *out, xf_err *err)
{
    xf_study_ctx c;
    double v[XF_STUDY_MAX_PARAMS];
    xf_study_nominals(s, v);
    const double *const vals[2] = {v, v};
    int rc = xf_study_ctx_init(s, &c, 0, err);
    if (rc == XF_OK)
        rc = xf_study_eval(&c, vals, out, err);
    xf_study_ctx_free(&c);
    return rc;
}
