/* Sweep specifications: dimensions, validation, enumeration of points, spec hash. */
#include "sweep_int.h"
#include "xf/eval.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xf_sweep_spec_new(const char *techlib_dir, xf_sweep_spec **out, xf_err *err)
{
    *out = NULL;
    xf_sweep_spec *s = calloc(1, sizeof *s);
    if (s == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(s->techlib, sizeof s->techlib, "%s", techlib_dir ? techlib_dir : "techlib");
    s->phase = XF_PHASE_PREFILL;
    *out = s;
    return XF_OK;
}

void xf_sweep_spec_free(xf_sweep_spec *s)
{
    if (s == NULL)
        return;
    for (int d = 0; d < XF_DIM_N; d++)
        free(s->text[d]);
    for (int i = 0; i < s->n_archs; i++) {
        free(s->archs[i]);
        free(s->base_text[i]);
        xf_ident_base_free(s->ident[i]);
    }
    for (int i = 0; i < s->n_models; i++)
        free(s->models[i]);
    xf_range_free(&s->seq);
    xf_range_free(&s->batch);
    xf_range_free(&s->context);
    for (int k = 0; k < s->n_sets; k++) {
        xf_sweep_set_dim *d = &s->sets[k];
        free(d->text);
        if (d->vcache) {
            for (long long v = 0; v < d->range.count; v++)
                free(d->vcache[v]);
            free(d->vcache);
        }
        xf_range_free(&d->range);
    }
    free(s->spec_text);
    free(s);
}

void xf_sweep_set_phase(xf_sweep_spec *s, xf_phase phase)
{
    s->phase = phase;
}

void xf_sweep_set_tokens(xf_sweep_spec *s, long long tokens)
{
    s->tokens = tokens;
}

void xf_sweep_set_head(xf_sweep_spec *s, int head)
{
    s->head = head ? 1 : 0;
}

static char *trimdup(const char *t)
{
    while (*t == ' ' || *t == '\t')
        t++;
    size_t n = strlen(t);
    while (n > 0 && (t[n - 1] == ' ' || t[n - 1] == '\t'))
        n--;
    char *r = malloc(n + 1);
    if (r) {
        memcpy(r, t, n);
        r[n] = '\0';
    }
    return r;
}

static int split_names(const char *what, const char *text, char **names, int *n, xf_err *err)
{
    const char *p = text;
    for (;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[1024];
        if (len >= sizeof item)
            return xf_err_set(err, XF_ERR_INPUT, "--%s: name longer than %zu characters", what,
                              sizeof item - 1);
        memcpy(item, p, len);
        item[len] = '\0';
        char *t = trimdup(item);
        if (t == NULL)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        if (t[0] == '\0') {
            free(t);
            return xf_err_set(err, XF_ERR_INPUT, "--%s %s: empty name in the list", what, text);
        }
        for (int i = 0; i < *n; i++)
            if (strcmp(names[i], t) == 0) {
                int code =
                    xf_err_set(err, XF_ERR_INPUT, "--%s %s: '%s' given twice", what, text, t);
                free(t);
                return code;
            }
        if (*n >= XF_SWEEP_MAX_NAMES) {
            free(t);
            return xf_err_set(err, XF_ERR_INPUT, "--%s: more than %d names", what,
                              XF_SWEEP_MAX_NAMES);
        }
        names[(*n)++] = t;
        if (!comma)
            break;
        p = comma + 1;
    }
    return XF_OK;
}

static const char *const dim_names[XF_DIM_N] = {"arch", "model", "seq", "batch", "context"};

int xf_sweep_add(xf_sweep_spec *s, const char *what, const char *text, xf_err *err)
{
    if (s->prepared)
        return xf_err_set(err, XF_ERR_RUNTIME, "sweep: add after prepare");
    char key[128];
    const char *values = text;
    int dim = -1;
    if (strcmp(what, "set") == 0) {
        const char *eq = strchr(text, '=');
        if (eq == NULL)
            return xf_err_set(err, XF_ERR_INPUT, "--set %s: missing '='; expected KEY=VALUES",
                              text);
        const char *k = text;
        while (*k == ' ')
            k++;
        size_t kl = (size_t)(eq - k);
        while (kl > 0 && k[kl - 1] == ' ')
            kl--;
        if (kl == 0)
            return xf_err_set(err, XF_ERR_INPUT, "--set %s: empty key; expected KEY=VALUES", text);
        if (kl >= sizeof key)
            return xf_err_set(err, XF_ERR_INPUT, "--set %.60s...: key too long", text);
        memcpy(key, k, kl);
        key[kl] = '\0';
        values = eq + 1;
        for (int d = 0; d < XF_DIM_N; d++)
            if (strcmp(key, dim_names[d]) == 0)
                dim = d;
    } else {
        for (int d = 0; d < XF_DIM_N; d++)
            if (strcmp(what, dim_names[d]) == 0)
                dim = d;
        if (dim < 0)
            return xf_err_set(err, XF_ERR_RUNTIME, "sweep: unknown dimension '%s'", what);
        snprintf(key, sizeof key, "%s", what);
    }
    char label[160];
    if (dim >= 0) {
        if (s->text[dim])
            return xf_err_set(err, XF_ERR_INPUT, "%s given twice (--%s or --set %s=)", key, key,
                              key);
        s->text[dim] = trimdup(values);
        if (s->text[dim] == NULL)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        snprintf(label, sizeof label, "--%s ", key);
        switch (dim) {
        case XF_DIM_ARCH:
            return split_names("arch", s->text[dim], s->archs, &s->n_archs, err);
        case XF_DIM_MODEL:
            return split_names("model", s->text[dim], s->models, &s->n_models, err);
        case XF_DIM_SEQ:
            return xf_range_parse(values, label, &s->seq, err);
        case XF_DIM_BATCH:
            return xf_range_parse(values, label, &s->batch, err);
        default:
            return xf_range_parse(values, label, &s->context, err);
        }
    }
    for (int k = 0; k < s->n_sets; k++)
        if (strcmp(s->sets[k].key, key) == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: key '%s' given twice; give one list or range", text, key);
    if (s->n_sets >= XF_SWEEP_MAX_SETS)
        return xf_err_set(err, XF_ERR_INPUT, "--set: more than %d keys", XF_SWEEP_MAX_SETS);
    xf_sweep_set_dim *d = &s->sets[s->n_sets];
    memset(d, 0, sizeof *d);
    snprintf(d->key, sizeof d->key, "%s", key);
    snprintf(label, sizeof label, "--set %s=", key);
    if (xf_range_parse(values, label, &d->range, err) != XF_OK)
        return err->code;
    d->text = trimdup(values);
    if (d->text == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    s->n_sets++;
    return XF_OK;
}

/* ------------------------------------------------------------------- enumeration */

void xf_sweep_digits(const xf_sweep_spec *s, long long i, long long *digits)
{
    for (int k = s->n_digits - 1; k >= 0; k--) {
        int d = s->order[k];
        digits[d] = i % s->radix[d];
        i /= s->radix[d];
    }
}

long long xf_sweep_int_value(const xf_range *r, long long i)
{
    if (r->kind != XF_RANGE_LIST && r->integer) {
        if (r->kind == XF_RANGE_ARITH)
            return r->ilo + i * r->istep;
        long long v = r->ilo;
        for (long long k = 0; k < i; k++)
            v *= r->istep;
        return v;
    }
    char buf[128];
    xf_range_value(r, i, buf, sizeof buf);
    return strtoll(buf, NULL, 10);
}

const char *xf_sweep_assignment(const xf_sweep_spec *s, int k, long long v, char *buf, size_t n)
{
    const xf_sweep_set_dim *d = &s->sets[k];
    if (d->vcache)
        return d->vcache[v];
    int w = snprintf(buf, n, "%s=", d->key);
    if (w < 0 || (size_t)w >= n)
        return buf;
    xf_range_value(&d->range, v, buf + w, n - (size_t)w);
    return buf;
}

int xf_sweep_point_at(const xf_sweep_spec *s, long long i, xf_sweep_point *p, xf_err *err)
{
    if (!s->prepared)
        return xf_err_set(err, XF_ERR_RUNTIME, "sweep: not prepared");
    if (i < 0 || i >= s->total)
        return xf_err_set(err, XF_ERR_INPUT, "point %lld: out of range (0..%lld)", i, s->total - 1);
    long long dg[XF_SWEEP_MAX_SETS + 5];
    xf_sweep_digits(s, i, dg);
    memset(p, 0, sizeof *p);
    p->arch = s->arch_name[dg[XF_DIGIT_ARCH]];
    p->model = s->model[dg[XF_DIGIT_MODEL(s)]].name;
    p->seq = xf_sweep_int_value(&s->seq, dg[XF_DIGIT_SEQ(s)]);
    p->batch = xf_sweep_int_value(&s->batch, dg[XF_DIGIT_BATCH(s)]);
    p->context = xf_sweep_int_value(&s->context, dg[XF_DIGIT_CONTEXT(s)]);
    p->n_sets = s->n_sets;
    for (int k = 0; k < s->n_sets; k++) {
        p->set_key[k] = s->sets[k].key;
        xf_range_value(&s->sets[k].range, dg[XF_DIGIT_SET(s, k)], p->set_value[k],
                       sizeof p->set_value[k]);
    }
    return XF_OK;
}

/* --------------------------------------------------------------------- prepare */

/* Check that every value of an integer dimension is a whole number in [lo, hi]; report the
 * smallest and largest. Long ranges are monotonic: their ends are checked. */
static int check_ints(const xf_range *r, const char *what, long long lo, long long hi,
                      long long *vmin, long long *vmax, xf_err *err)
{
    long long n = r->count;
    int all = r->kind == XF_RANGE_LIST || n <= 100000;
    *vmin = 0;
    *vmax = 0;
    for (long long i = 0; i < n; i++) {
        if (!all && i != 0 && i != n - 1) {
            if (r->integer)
                continue;
            if (i > 1000 && i < n - 1000)
                continue;
        }
        char buf[128], *end;
        xf_range_value(r, i, buf, sizeof buf);
        errno = 0;
        long long v = strtoll(buf, &end, 10);
        if (errno != 0 || end == buf || *end != '\0')
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: value '%s' is not a whole number; expected integers from "
                              "%lld to %lld",
                              what, buf, lo, hi);
        if (v < lo || v > hi)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: value %lld out of range; expected integers from %lld to %lld",
                              what, v, lo, hi);
        if (i == 0 || v < *vmin)
            *vmin = v;
        if (i == 0 || v > *vmax)
            *vmax = v;
    }
    return XF_OK;
}

/* Append text to a growing buffer. */
typedef struct {
    char *p;
    size_t len, cap;
    int oom;
} sbuf;

static void sb_add(sbuf *b, const char *t)
{
    size_t n = strlen(t);
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *np = realloc(b->p, cap);
        if (np == NULL) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, t, n + 1);
    b->len += n;
}

static int check_sets_on_arch(xf_sweep_spec *s, int a, xf_err *err)
{
    xf_arch_spec *spec = NULL;
    if (xf_arch_spec_load(s->techlib, s->archs[a], &spec, err) != XF_OK)
        return err->code;
    xf_arch *arch = malloc(sizeof *arch);
    if (arch == NULL) {
        xf_arch_spec_free(spec);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    /* the configuration as stored: before any override */
    s->base_text[a] = xf_sweep_base_text(s->techlib, spec, err);
    if (s->base_text[a] && xf_arch_build(spec, arch, err) == XF_OK &&
        xf_ident_base_new(s->techlib, spec, arch, &s->ident[a], err) == XF_OK) {
        snprintf(s->base_hash[a], sizeof s->base_hash[a], "%s", xf_ident_base_hash(s->ident[a]));
        snprintf(s->arch_name[a], sizeof s->arch_name[a], "%s", arch->name);
        snprintf(s->arch_file[a], sizeof s->arch_file[a], "%s", arch->file);
    }
    for (int k = 0; k < s->n_sets && err->code == XF_OK; k++) {
        const xf_range *r = &s->sets[k].range;
        for (long long v = 0; v < r->count && err->code == XF_OK; v++) {
            if (r->count > 64 && v != 0 && v != r->count / 2 && v != r->count - 1)
                continue;
            char buf[700];
            const char *as = xf_sweep_assignment(s, k, v, buf, sizeof buf);
            if (xf_arch_spec_set(spec, as, err) == XF_OK)
                xf_arch_build(spec, arch, err);
            if (err->code != XF_OK && s->n_archs > 1) {
                /* name the architecture: a key may exist in one and not in another */
                xf_err e2 = {0};
                xf_err_set(&e2, err->code, "%s (architecture %s)", err->msg, s->archs[a]);
                *err = e2;
            }
        }
        /* back to the first value so the next key is checked with a valid configuration */
        if (err->code == XF_OK) {
            char buf[700];
            if (xf_arch_spec_set(spec, xf_sweep_assignment(s, k, 0, buf, sizeof buf), err) == XF_OK)
                xf_arch_build(spec, arch, err);
        }
    }
    free(arch);
    xf_arch_spec_free(spec);
    return err->code;
}

int xf_sweep_prepare(xf_sweep_spec *s, xf_err *err)
{
    if (s->prepared)
        return XF_OK;
    if (s->n_archs == 0)
        return xf_err_set(err, XF_ERR_INPUT, "--arch NAME[,NAME...] is required");
    if (s->n_models == 0)
        return xf_err_set(err, XF_ERR_INPUT, "--model NAME[,NAME...] is required");
    for (int m = 0; m < s->n_models; m++) {
        if (xf_model_resolve(s->models[m], &s->model[m], err) != XF_OK)
            return err->code;
        xf_model_key(&s->model[m], s->model_key[m]);
    }
    /* defaults: batch 1, context 0; seq required except decode and vision models */
    if (!s->text[XF_DIM_BATCH] && xf_sweep_add(s, "batch", "1", err) != XF_OK)
        return err->code;
    if (!s->text[XF_DIM_CONTEXT] && xf_sweep_add(s, "context", "0", err) != XF_OK)
        return err->code;
    if (!s->text[XF_DIM_SEQ]) {
        int all_vision = 1;
        for (int m = 0; m < s->n_models; m++)
            all_vision &= s->model[m].family == XF_FAMILY_VISION;
        if (s->phase != XF_PHASE_DECODE && !all_vision)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--seq VALUES is required (or --set seq=VALUES), e.g. --seq "
                              "128,384,512 or --seq 64..4096*2");
        if (xf_sweep_add(s, "seq", "0", err) != XF_OK)
            return err->code;
    }
    if (s->phase != XF_PHASE_DECODE && strcmp(s->text[XF_DIM_CONTEXT], "0") != 0)
        return xf_err_set(err, XF_ERR_INPUT, "--context applies only to --phase decode");
    if ((s->phase == XF_PHASE_GENERATE) != (s->tokens > 0))
        return xf_err_set(err, XF_ERR_INPUT,
                          s->tokens > 0 ? "--tokens applies only to --phase generate"
                                        : "--phase generate needs --tokens T (tokens to generate "
                                          "after a prefill of --seq prompt tokens)");
    long long smin, smax, bmin, bmax, cmin, cmax;
    if (check_ints(&s->seq, "--seq", 0, XF_WL_MAX_SEQ, &smin, &smax, err) != XF_OK ||
        check_ints(&s->batch, "--batch", 1, XF_WL_MAX_BATCH, &bmin, &bmax, err) != XF_OK ||
        check_ints(&s->context, "--context", 0, XF_WL_MAX_SEQ, &cmin, &cmax, err) != XF_OK)
        return err->code;
    /* cached "key=value" texts of short dimensions; bound on the params JSON */
    s->params_max = 16;
    for (int k = 0; k < s->n_sets; k++) {
        xf_sweep_set_dim *d = &s->sets[k];
        size_t longest = 32;
        if (d->range.kind == XF_RANGE_LIST)
            for (int i = 0; i < d->range.n_items; i++)
                if (strlen(d->range.items[i]) > longest)
                    longest = strlen(d->range.items[i]);
        s->params_max += 6 * (strlen(d->key) + longest) + 8; /* worst case \u00XX escapes */
        if (d->range.count <= XF_SWEEP_VCACHE) {
            d->vcache = calloc((size_t)d->range.count, sizeof *d->vcache);
            if (d->vcache == NULL)
                return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
            for (long long v = 0; v < d->range.count; v++) {
                char val[600];
                xf_range_value(&d->range, v, val, sizeof val);
                size_t n = strlen(d->key) + strlen(val) + 2;
                d->vcache[v] = malloc(n);
                if (d->vcache[v] == NULL)
                    return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
                snprintf(d->vcache[v], n, "%s=%s", d->key, val);
            }
        }
    }
    /* the resolved differences: every swept key, and what an engine's kind or a technology
     * file brings with it */
    s->resolved_max = 4096 + 4 * s->params_max;
    s->slot = s->params_max + s->resolved_max;
    for (int a = 0; a < s->n_archs; a++)
        if (check_sets_on_arch(s, a, err) != XF_OK)
            return err->code;
    /* every model at the extremes of seq, batch and context on the first architecture */
    {
        xf_arch *arch = malloc(sizeof *arch);
        xf_workload *w = malloc(sizeof *w);
        if (!arch || !w) {
            free(arch);
            free(w);
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        }
        if (xf_arch_load(s->techlib, s->archs[0], NULL, 0, arch, err) == XF_OK) {
            for (int m = 0; m < s->n_models && err->code == XF_OK; m++)
                for (int c = 0; c < 8 && err->code == XF_OK; c++) {
                    xf_wl_params p;
                    xf_wl_params_default(&p);
                    xf_eval_wl_params(arch, &p);
                    /* a generation: its prefill (its decode steps are checked below) */
                    p.phase = s->phase == XF_PHASE_GENERATE ? XF_PHASE_PREFILL : s->phase;
                    p.head = s->head;
                    p.seq = (c & 1) ? smax : smin;
                    p.batch = (c & 2) ? bmax : bmin;
                    p.context = (c & 4) ? cmax : cmin;
                    long long win = xf_model_context(&s->model[m]);
                    if (s->phase == XF_PHASE_GENERATE && (c & 1) && win > 0 &&
                        s->model[m].family == XF_FAMILY_DECODER && p.seq + s->tokens > win) {
                        xf_err_set(err, XF_ERR_INPUT,
                                   "model %s: prompt %lld + tokens %lld exceed its context of "
                                   "%lld tokens; expected at most %lld in all",
                                   s->model[m].name, p.seq, s->tokens, win, win);
                        break;
                    }
                    if (s->phase == XF_PHASE_GENERATE && s->model[m].family != XF_FAMILY_DECODER &&
                        s->model[m].family != XF_FAMILY_ENCDEC) {
                        xf_err_set(err, XF_ERR_INPUT,
                                   "model %s is an %s model: --phase generate needs a decoder or "
                                   "encoder-decoder model",
                                   s->model[m].name, xf_family_name(s->model[m].family));
                        break;
                    }
                    if (xf_workload_build(&s->model[m], &p, w, err) != XF_OK) {
                        xf_err e2 = {0};
                        xf_err_set(&e2, err->code, "model %s at seq %lld, batch %lld%s: %s",
                                   s->model[m].name, p.seq, p.batch,
                                   s->phase == XF_PHASE_DECODE ? ", decode" : "", err->msg);
                        *err = e2;
                    }
                }
        }
        free(arch);
        free(w);
        if (err->code != XF_OK)
            return err->code;
    }
    /* enumeration */
    s->n_digits = 0;
    s->radix[s->n_digits++] = s->n_archs;
    for (int k = 0; k < s->n_sets; k++)
        s->radix[s->n_digits++] = s->sets[k].range.count;
    s->radix[s->n_digits++] = s->n_models;
    s->radix[s->n_digits++] = s->seq.count;
    s->radix[s->n_digits++] = s->batch.count;
    s->radix[s->n_digits++] = s->context.count;
    s->n_configs = s->n_archs;
    for (int k = 0; k < s->n_sets; k++)
        s->n_configs = s->n_configs > XF_SWEEP_MAX_POINTS ? s->n_configs
                                                          : s->n_configs * s->sets[k].range.count;
    s->n_workloads = (long long)s->n_models * s->seq.count;
    s->n_workloads = s->n_workloads > XF_SWEEP_MAX_POINTS
                         ? s->n_workloads
                         : s->n_workloads * s->batch.count * s->context.count;
    s->workloads_first = s->n_workloads > XF_SWEEP_WL_CACHE && s->n_configs <= XF_SWEEP_CFG_CACHE;
    {
        int k = 0;
        if (s->workloads_first) {
            for (int d = XF_DIGIT_MODEL(s); d <= XF_DIGIT_CONTEXT(s); d++)
                s->order[k++] = d;
            for (int d = 0; d < XF_DIGIT_MODEL(s); d++)
                s->order[k++] = d;
        } else {
            for (int d = 0; d < s->n_digits; d++)
                s->order[k++] = d;
        }
    }
    s->total = 1;
    for (int d = 0; d < s->n_digits; d++) {
        if (s->radix[d] > XF_SWEEP_MAX_POINTS / s->total)
            return xf_err_set(err, XF_ERR_INPUT,
                              "the sweep has more than %lld points; split it (--shard K/N runs a "
                              "slice, but the whole product must stay below the limit)",
                              XF_SWEEP_MAX_POINTS);
        s->total *= s->radix[d];
    }
    /* spec text and hash */
    sbuf b = {0};
    char tmp[160];
    for (int d = 0; d < XF_DIM_N; d++) {
        snprintf(tmp, sizeof tmp, "%s%s=", d ? "; " : "", dim_names[d]);
        sb_add(&b, tmp);
        sb_add(&b, s->text[d]);
    }
    snprintf(tmp, sizeof tmp, "; phase=%s; head=%d; order=%s", xf_phase_name(s->phase), s->head,
             s->workloads_first ? "workloads-first" : "configs-first");
    sb_add(&b, tmp);
    if (s->phase == XF_PHASE_GENERATE) {
        snprintf(tmp, sizeof tmp, "; tokens=%lld", s->tokens);
        sb_add(&b, tmp);
    }
    for (int k = 0; k < s->n_sets; k++) {
        sb_add(&b, "; set ");
        sb_add(&b, s->sets[k].key);
        sb_add(&b, "=");
        sb_add(&b, s->sets[k].text);
    }
    if (b.oom) {
        free(b.p);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    s->spec_text = b.p;
    sbuf h = {0};
    sb_add(&h, s->spec_text);
    for (int a = 0; a < s->n_archs; a++) {
        sb_add(&h, "\n");
        sb_add(&h, s->base_hash[a]);
    }
    for (int m = 0; m < s->n_models; m++) {
        sb_add(&h, "\n");
        sb_add(&h, s->model_key[m]);
    }
    if (h.oom) {
        free(h.p);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    xf_hash_hex(h.p, h.len, s->spec_hash);
    free(h.p);
    s->prepared = 1;
    return XF_OK;
}

long long xf_sweep_total(const xf_sweep_spec *s)
{
    return s->prepared ? s->total : 0;
}

const char *xf_sweep_spec_text(const xf_sweep_spec *s)
{
    return s->spec_text ? s->spec_text : "";
}

const char *xf_sweep_spec_hash(const xf_sweep_spec *s)
{
    return s->spec_hash;
}
