/* The resolved parameters of a built architecture (xf_arch_params): every value the evaluation
 * uses, typed, with where it came from. Why: a run's identity, the database's typed parameters
 * and `xformer archs show` must all say what was evaluated, not what was typed; the engines'
 * key tables (xf_param_def) are the one description of what an engine reads, so every key is
 * listed with its default when the file leaves it out.
 * Invariants: keys are unique and sorted; a quantity is SI with its unit and named without its
 * unit suffix (pe.adc_rate, whatever suffix the file used); the name and description of the
 * design are not parameters. */
#include "arch_int.h"

#include "xf/cfg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The file's items, for the origin of each key and for the map and technology entries. */
typedef struct {
    char path[96];
    char value[160];
    int line;
    char override[120];
} item;

typedef struct {
    item *v;
    int n, cap;
} items;

static int collect(const xf_cfg_item *it, void *ctx)
{
    items *s = ctx;
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 256;
        item *nv = realloc(s->v, (size_t)cap * sizeof *nv);
        if (!nv)
            return 1;
        s->v = nv;
        s->cap = cap;
    }
    item *d = &s->v[s->n++];
    snprintf(d->path, sizeof d->path, "%s", it->path);
    const char *v = it->value;
    size_t l = strlen(v);
    if (l >= 2 && v[0] == '"' && v[l - 1] == '"')
        snprintf(d->value, sizeof d->value, "%.*s", (int)(l - 2), v + 1);
    else
        snprintf(d->value, sizeof d->value, "%s", v);
    d->line = it->line;
    snprintf(d->override, sizeof d->override, "%s", it->override ? it->override : "");
    return 0;
}

/* The item for key (a quantity's key may carry any unit suffix of its dimension). */
static const item *find(const items *s, const char *key, int dim)
{
    size_t kl = strlen(key);
    for (int i = 0; i < s->n; i++) {
        const char *p = s->v[i].path;
        if (strcmp(p, key) == 0)
            return &s->v[i];
        if (dim >= 0 && strncmp(p, key, kl) == 0 && p[kl] == '_' &&
            xf_unit_factor((xf_dim)dim, p + kl + 1) != 0.0)
            return &s->v[i];
    }
    return NULL;
}

typedef struct {
    xf_arch_param *out;
    int n, max;
    const items *it;
    const char *file;
    int texts; /* write numbers as text too (a report); an identity compares the numbers */
} list;

/* a "." b into out (keys are built per configuration in sweeps: no printf). */
static const char *join(char *out, size_t n, const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la + 1 + lb + 1 > n)
        lb = la + 2 < n ? n - la - 2 : 0;
    if (la + 2 > n)
        la = n - 2;
    memcpy(out, a, la);
    out[la] = '.';
    memcpy(out + la + 1, b, lb);
    out[la + 1 + lb] = '\0';
    return out;
}

static void copy_str(char *out, size_t n, const char *s)
{
    size_t l = strlen(s);
    if (l + 1 > n)
        l = n - 1;
    memcpy(out, s, l);
    out[l] = '\0';
}

static xf_arch_param *add(list *l, const char *key, int dim)
{
    if (l->n >= l->max) {
        l->n = l->max + 1; /* overflow: reported by the caller */
        return NULL;
    }
    xf_arch_param *p = &l->out[l->n++];
    copy_str(p->key, sizeof p->key, key);
    p->is_num = 0;
    p->num = 0.0;
    p->text[0] = '\0';
    p->unit = dim >= 0 ? xf_dim_si((xf_dim)dim) : "";
    p->origin[0] = '\0';
    if (!l->it->n)
        return p; /* no file: no origins */
    const item *it = find(l->it, key, dim);
    if (it && it->override[0])
        snprintf(p->origin, sizeof p->origin, "--set %s", it->override);
    else if (it)
        snprintf(p->origin, sizeof p->origin, "%s:%d", l->file, it->line);
    else
        snprintf(p->origin, sizeof p->origin, "default");
    return p;
}

static void num(list *l, const char *key, int dim, double v)
{
    xf_arch_param *p = add(l, key, dim);
    if (!p)
        return;
    p->is_num = 1;
    p->num = v;
    if (l->texts)
        snprintf(p->text, sizeof p->text, "%.15g", v);
}

static void text(list *l, const char *key, const char *v)
{
    xf_arch_param *p = add(l, key, -1);
    if (p)
        copy_str(p->text, sizeof p->text, v);
}

static void engine_params(list *l, const xf_die *d, int e)
{
    const xf_engine_kind *k = d->eng[e].kind;
    const char *st = xf_die_state(d, e);
    char key[96];
    text(l, join(key, sizeof key, d->eng[e].name, "kind"), k->name);
    for (const xf_param_def *p = k->params; p && p->key; p++) {
        join(key, sizeof key, d->eng[e].name, p->key);
        const char *f = st + p->off;
        switch (p->type) {
        case XF_P_INT:
        case XF_P_BOOL:
            num(l, key, -1, (double)*(const int *)(const void *)f);
            break;
        case XF_P_REAL:
            num(l, key, -1, *(const double *)(const void *)f);
            break;
        case XF_P_QTY:
            num(l, key, p->dim, *(const double *)(const void *)f);
            break;
        case XF_P_CHOICE:
            text(l, key, p->choices[*(const int *)(const void *)f]);
            break;
        case XF_P_NAME:
            text(l, key, f);
            break;
        }
    }
}

static int by_key(const void *x, const void *y)
{
    return strcmp(((const xf_arch_param *)x)->key, ((const xf_arch_param *)y)->key);
}

/* The parameters held by the built architecture itself. */
static void resolved(list *l, const xf_arch *a)
{
    const xf_die *d = &a->die;
    for (int e = 0; e < d->n; e++)
        engine_params(l, d, e);
    char key[96];
    for (int r = 1; r < XF_ROLE_COUNT; r++) { /* where every op role runs: the map's effect */
        join(key, sizeof key, "route", xf_op_role_name((xf_op_role)r));
        text(l, key, d->route[r] >= 0 ? d->eng[d->route[r]].name : "");
    }
    text(l, "route.transfer", d->transfer >= 0 ? d->eng[d->transfer].name : "");
    text(l, "route.die_link", d->die_link >= 0 ? d->eng[d->die_link].name : "");
    text(l, "route.kv_cache", d->kv_memory >= 0 ? d->eng[d->kv_memory].name : "");
    text(l, "route.kv_spill", d->kv_dram >= 0 ? d->eng[d->kv_dram].name : "");
    text(l, "iso_area", a->iso ? a->iso_ref_name : "");
    if (a->fixed_point) {
        num(l, "clock", XF_DIM_FREQ, a->freq);
        num(l, "weight_bits", -1, a->w_bits);
        num(l, "act_bits", -1, a->a_bits);
    }
    text(l, "accounting", xf_accounting_name(a->accounting));
    if (a->max_die_area > 0)
        num(l, "chip.max_die", XF_DIM_AREA, a->max_die_area);
    if (a->max_power_density > 0)
        num(l, "chip.max_power_density_W_per_cm2", -1, a->max_power_density * 1e-4);
    num(l, "chip.dies", -1, a->dies);
    text(l, "chip.overflow", a->overflow_reprogram ? "reprogram" : "dies");
    text(l, "chip.kv_placement", xf_kv_placement_name(a->kv_placement));
    text(l, "chip.parallel", a->tensor_parallel ? "tensor" : "pipeline");
    num(l, "dataflow.sequence_block", -1, a->sequence_block);
    text(l, "dataflow.fusion", a->fuse_layers ? "layers" : "none");
    num(l, "lifetime.inferences_per_s", -1, a->inferences_per_s);
}

int xf_arch_params_resolved(const xf_arch *a, xf_arch_param *out, int max)
{
    items none = {NULL, 0, 0};
    list l = {out, 0, max, &none, "", 0};
    resolved(&l, a);
    return l.n > max ? -1 : l.n;
}

int xf_arch_params(const xf_arch_spec *s, const xf_arch *a, xf_arch_param *out, int max)
{
    items it = {NULL, 0, 0};
    xf_cfg_walk(s->cfg, collect, &it);
    list l = {out, 0, max, &it, xf_cfg_name(s->cfg), 1};
    resolved(&l, a);
    /* the map and the technology files (the root's and the engines' own) as written */
    for (int i = 0; i < it.n; i++) {
        const char *p = it.v[i].path;
        const char *t = strstr(p, "tech.");
        if (strncmp(p, "map.", 4) == 0 ||
            (t && (t == p || (t[-1] == '.' && !memchr(p, '.', (size_t)(t - 1 - p))))))
            text(&l, p, it.v[i].value);
    }
    free(it.v);
    if (l.n > max)
        return -1;
    qsort(out, (size_t)l.n, sizeof *out, by_key);
    return l.n;
}
