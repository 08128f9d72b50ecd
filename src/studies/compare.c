/* Evaluate a comparison: designs x points (xf/compare.h). The designs are variants folded with
 * the --set assignments; each is built once, then evaluated at every point. */
#include "xf/compare.h"

#include "xf/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "ARCH:KEY=VALUE" -> scope ARCH (length *al) and the assignment; scope NULL for "KEY=VALUE". */
static const char *split_scope(const char *set, size_t *al, const char **kv)
{
    const char *colon = strchr(set, ':'), *eq = strchr(set, '=');
    *kv = set;
    if (colon && (!eq || colon < eq)) {
        *al = (size_t)(colon - set);
        *kv = colon + 1;
        return set;
    }
    return NULL;
}

/* Fold the assignments of one kind (scoped or not) into d. */
static int fold(xf_cmp_design *d, const char *const *sets, int n_sets, int scoped, xf_err *err)
{
    for (int i = 0; i < n_sets; i++) {
        size_t al = 0;
        const char *kv;
        const char *scope = split_scope(sets[i], &al, &kv);
        if ((scope != NULL) != scoped)
            continue;
        if (scope && (strlen(d->v.arch) != al || strncmp(scope, d->v.arch, al) != 0))
            continue;
        const char *eq = strchr(kv, '=');
        if (!eq)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: missing '='; expected "
                              "[ARCH:]KEY=VALUE",
                              sets[i]);
        char key[XF_VARIANT_KEY];
        size_t kl = (size_t)(eq - kv);
        snprintf(key, sizeof key, "%.*s", (int)(kl < sizeof key ? kl : sizeof key - 1), kv);
        xf_err e;
        xf_err_clear(&e);
        if (xf_variant_set(&d->v, key, eq + 1,
                           scoped ? XF_VARIANT_FROM_SCOPED : XF_VARIANT_FROM_SET, &e) != XF_OK)
            return xf_err_set(err, e.code, "--set %s: %s", sets[i], e.msg);
    }
    return XF_OK;
}

int xf_compare_design(const char *opt, const char *text, const char *const *sets, int n_sets,
                      xf_cmp_design *out, xf_err *err)
{
    memset(out, 0, sizeof *out);
    out->text = text;
    snprintf(out->where, sizeof out->where, "%s '%.*s%s'", opt, XF_VARIANT_ARCH, text,
             strlen(text) > XF_VARIANT_ARCH ? "..." : "");
    xf_variant brackets;
    if (xf_variant_parse(opt, text, &brackets, err) != XF_OK)
        return err->code;
    /* least specific first: each later step replaces what it shares with the one before */
    if (xf_variant_init(&out->v, brackets.arch, err) != XF_OK ||
        fold(out, sets, n_sets, 0, err) != XF_OK || fold(out, sets, n_sets, 1, err) != XF_OK)
        return err->code;
    for (int k = 0; k < brackets.n; k++)
        if (xf_variant_set(&out->v, brackets.kv[k].key, brackets.kv[k].value,
                           XF_VARIANT_FROM_BRACKET, err) != XF_OK)
            return err->code;
    if (xf_variant_label(&out->v, out->label, sizeof out->label) >= sizeof out->label)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%.60s...': label longer than %d characters", opt,
                          text, (int)sizeof out->label - 1);
    return XF_OK;
}

int xf_compare_designs(const char *opt, const char *const *texts, int n, const char *const *sets,
                       int n_sets, xf_cmp_design *out, xf_err *err)
{
    for (int i = 0; i < n; i++) {
        if (xf_compare_design(opt, texts[i], sets, n_sets, &out[i], err) != XF_OK)
            return err->code;
        for (int j = 0; j < i; j++)
            if (strcmp(out[j].label, out[i].label) == 0)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "%s: '%s' and '%s' are the same design (%s); give variants "
                                  "apart, e.g. %s[pe.adc_bits=6]",
                                  opt, texts[j], texts[i], out[i].label, out[i].v.arch);
    }
    return XF_OK;
}

int xf_compare_check_sets(const xf_cmp_design *designs, int n, const char *const *sets, int n_sets,
                          xf_err *err)
{
    for (int i = 0; i < n_sets; i++) {
        size_t al = 0;
        const char *kv;
        const char *scope = split_scope(sets[i], &al, &kv);
        if (!scope)
            continue;
        int found = 0;
        for (int d = 0; d < n && !found; d++)
            found = strlen(designs[d].v.arch) == al && strncmp(designs[d].v.arch, scope, al) == 0;
        if (!found)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: no design of architecture '%.*s' among --archs and "
                              "--baseline; expected ARCH:KEY=VALUE with an ARCH of them",
                              sets[i], (int)al, scope);
    }
    return XF_OK;
}

int xf_compare_run(const char *techlib, const xf_cmp_design *designs, int n_designs,
                   const xf_cmp_point *points, int n_points, xf_cmp_row *rows, xf_err *err)
{
    xf_arch *a = calloc((size_t)(n_designs > 0 ? n_designs : 1), sizeof *a);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    int rc = XF_OK;
    if (!a || !w || !r) {
        rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_designs && rc == XF_OK; i++) {
        const xf_cmp_design *d = &designs[i];
        xf_arch_spec *s = NULL;
        rc = xf_arch_spec_load(techlib, d->v.arch, &s, err);
        if (rc == XF_OK)
            rc = xf_variant_apply(&d->v, s, d->where, err);
        if (rc == XF_OK && (rc = xf_arch_build(s, &a[i], err)) != XF_OK)
            xf_variant_explain(&d->v, d->where, err);
        xf_arch_spec_free(s);
    }
    int k = 0;
    for (int q = 0; q < n_points && rc == XF_OK; q++)
        for (int i = 0; i < n_designs && rc == XF_OK; i++) {
            if ((rc = xf_evaluate(&a[i], points[q].model, &points[q].p, w, r, err)) != XF_OK) {
                xf_err e = *err;
                xf_err_clear(err);
                rc = xf_err_set(err, e.code, "%s on %s: %s", designs[i].label,
                                points[q].model->name, e.msg);
                break;
            }
            xf_cmp_row *row = &rows[k++];
            /* a generation's workload is its last step: keep the point */
            row->p = points[q].p.phase == XF_PHASE_GENERATE ? points[q].p : w->params;
            row->ttft = r->ttft;
            row->tokens_per_s = r->tokens_per_s;
            row->energy_per_token = r->energy_per_token;
            row->point = q;
            row->design = i;
            row->latency = r->latency;
            row->energy = r->energy;
            row->area = r->area;
            row->power = r->power;
        }
out:
    free(a);
    free(w);
    free(r);
    return rc;
}

void xf_cmp_table_rows(const xf_cmp_design *designs, const xf_cmp_point *points,
                       const xf_cmp_row *rows, int n, xf_table_row *out)
{
    for (int i = 0; i < n; i++) {
        const xf_cmp_point *p = &points[rows[i].point];
        memset(&out[i], 0, sizeof out[i]);
        out[i].arch = designs[rows[i].design].label;
        out[i].model = p->model->name;
        out[i].seq = rows[i].p.seq;
        out[i].batch = rows[i].p.batch;
        out[i].phase = xf_phase_name(rows[i].p.phase);
        out[i].context = rows[i].p.context;
        out[i].latency_s = rows[i].latency;
        out[i].energy_j = rows[i].energy;
        out[i].area_mm2 = rows[i].area * 1e6;
        out[i].power_w = rows[i].power;
        out[i].tokens = rows[i].p.tokens;
        out[i].ttft_s = rows[i].ttft;
        out[i].tokens_per_s = rows[i].tokens_per_s;
        out[i].energy_per_token_j = rows[i].energy_per_token;
    }
}
