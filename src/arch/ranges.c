/* The ranged values of an architecture specification, and drawing one (xf/arch.h): what the
 * studies (uncertainty, sensitivity) vary. A technology value is set in place in the loaded
 * files (xf_tech_range_put), so a draw touches no file; an architecture key is an override.
 *
 * Invariant: a technology value is named by its file relative to the techlib directory and
 * its key, so every copy of one file, in this spec or another, is one value. */
#include "arch_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* FILE relative to the techlib directory (t->file is the path that was loaded). */
static const char *rel_file(const xf_arch_spec *s, const xf_tech *t)
{
    size_t n = strlen(s->techlib);
    if (n && strncmp(t->file, s->techlib, n) == 0 && t->file[n] == '/')
        return t->file + n + 1;
    return t->file;
}

static int add(xf_arch_ranged *out, int n, int max, const char *name, const xf_cfg_range *r,
               int tech, xf_err *err)
{
    for (int i = 0; i < n; i++)
        if (strcmp(out[i].name, name) == 0)
            return n;
    if (n == max) {
        xf_err_set(err, XF_ERR_INPUT, "more than %d ranged values in one design; expected fewer",
                   max);
        return -1;
    }
    snprintf(out[n].name, sizeof out[n].name, "%s", name);
    out[n].r = *r;
    out[n].tech = tech;
    return n + 1;
}

static int add_techs(const xf_arch_spec *s, xf_arch_ranged *out, int n, int max, xf_err *err)
{
    for (int k = 0; k < XF_TR_COUNT + s->n_ovr && n >= 0; k++) {
        const xf_tech *t =
            k < XF_TR_COUNT ? (s->have[k] ? &s->tech[k] : NULL) : &s->ovr[k - XF_TR_COUNT].tech;
        for (int i = 0; t && i < t->n_ranges && n >= 0; i++) {
            char name[sizeof out->name];
            snprintf(name, sizeof name, "%.160s:%.90s", rel_file(s, t), t->range[i].r.key);
            n = add(out, n, max, name, &t->range[i].r, 1, err);
        }
    }
    if (n >= 0 && s->iso_ref)
        n = add_techs(s->iso_ref, out, n, max, err);
    return n;
}

int xf_arch_spec_ranges(const xf_arch_spec *s, xf_arch_ranged *out, int max, xf_err *err)
{
    int n = add_techs(s, out, 0, max, err);
    if (n < 0)
        return -1;
    xf_cfg_ranges *sink = calloc(1, sizeof *sink);
    xf_arch *a = malloc(sizeof *a);
    if (!sink || !a) {
        free(sink);
        free(a);
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        return -1;
    }
    if (xf_arch_build_ranges(s, a, sink, err) != XF_OK)
        n = -1;
    for (int i = 0; n >= 0 && i < sink->n; i++) {
        char name[sizeof out->name];
        snprintf(name, sizeof name, "%.60s:%.96s", a->name, sink->r[i].key);
        n = add(out, n, max, name, &sink->r[i], 0, err);
    }
    free(sink);
    free(a);
    return n;
}

static void draw_techs(xf_arch_spec *s, const char *name, double v)
{
    for (int k = 0; k < XF_TR_COUNT + s->n_ovr; k++) {
        xf_tech *t =
            k < XF_TR_COUNT ? (s->have[k] ? &s->tech[k] : NULL) : &s->ovr[k - XF_TR_COUNT].tech;
        for (int i = 0; t && i < t->n_ranges; i++) {
            char nm[256];
            snprintf(nm, sizeof nm, "%.160s:%.90s", rel_file(s, t), t->range[i].r.key);
            if (strcmp(nm, name) == 0)
                xf_tech_range_put(t, i, v);
        }
    }
    if (s->iso_ref)
        draw_techs(s->iso_ref, name, v);
}

int xf_arch_spec_draw(xf_arch_spec *s, const xf_arch_ranged *r, double v, xf_err *err)
{
    if (r->tech) {
        draw_techs(s, r->name, v);
        return XF_OK;
    }
    char set[256];
    snprintf(set, sizeof set, "%s=%.17g", r->r.key, v / r->r.factor);
    return xf_arch_spec_set(s, set, err);
}
