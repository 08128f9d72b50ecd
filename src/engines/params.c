/* The generic reader of engine keys (xf_param_def): one place where an engine's keys are
 * read, range-checked and reported, for a whole build and for one overridden key alike. */
#include "xf/engine.h"

#include "xf/cfg.h"

#include <stdio.h>
#include <string.h>

int xf_engine_read_param(const xf_param_def *p, void *st, xf_grp *g)
{
    char *f = (char *)st + p->off;
    switch (p->type) {
    case XF_P_INT:
        *(int *)(void *)f = (int)xf_grp_int(g, p->key, (long long)p->lo, (long long)p->hi, p->flags,
                                            (long long)p->dflt);
        break;
    case XF_P_REAL:
        *(double *)(void *)f = xf_grp_real(g, p->key, p->lo, p->hi, p->flags, p->dflt);
        break;
    case XF_P_QTY:
        *(double *)(void *)f =
            xf_grp_qty(g, p->key, (xf_dim)p->dim, p->lo, p->hi, p->flags, p->dflt);
        break;
    case XF_P_BOOL:
        *(int *)(void *)f = xf_grp_bool(g, p->key, p->flags, (int)p->dflt);
        break;
    case XF_P_CHOICE:
        *(int *)(void *)f = xf_grp_choice(g, p->key, p->choices, p->flags, (int)p->dflt);
        break;
    case XF_P_NAME: {
        const char *v = xf_grp_str(g, p->key, p->flags, "");
        if (strlen(v) >= XF_ENGINE_NAME_LEN)
            xf_grp_fail(g, p->key,
                        "'%s' is longer than an engine name (%d characters); expected "
                        "the name of an engine of this file",
                        v, XF_ENGINE_NAME_LEN - 1);
        snprintf(f, XF_ENGINE_NAME_LEN, "%s", v);
        break;
    }
    }
    return xf_grp_status(g);
}

int xf_engine_read_params(const xf_param_def *table, void *st, xf_grp *g)
{
    for (const xf_param_def *p = table; p && p->key; p++)
        xf_engine_read_param(p, st, g);
    return xf_grp_status(g);
}

const xf_param_def *xf_engine_param_find(const xf_param_def *table, const char *key)
{
    for (const xf_param_def *p = table; p && p->key; p++) {
        size_t l = strlen(p->key);
        if (p->type != XF_P_QTY && strcmp(key, p->key) == 0)
            return p;
        if (p->type == XF_P_QTY && strncmp(key, p->key, l) == 0 && key[l] == '_' &&
            xf_unit_factor((xf_dim)p->dim, key + l + 1) != 0.0)
            return p;
    }
    return NULL;
}
