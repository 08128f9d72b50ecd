/* Building an architecture from its (overridden) configuration: the root keys, every engine
 * through its kind's build and link, the map of op roles onto engines, the schedule's settings
 * and the iso-area reference's die. No file is touched here (spec.c loaded them).
 *
 * Invariants of a built xf_arch: every op role routes to an engine whose kind can run the
 * role's op kind; map.transfer, when given, names a transfer engine; sequence blocking is on
 * only when the dynamic MVMs run on another engine than the static ones; an iso-area design
 * has a static-MVM engine to grow. */
#include "arch_int.h"

#include "xf/cfg.h"
#include "xf/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Kinds that can run op kind k, for messages: "xbar, cim, gpu". */
static const char *kinds_running(xf_op_kind k, char *buf, size_t n)
{
    buf[0] = '\0';
    for (int i = 0; i < xf_engine_kind_count(); i++)
        if (xf_engine_kind_at(i)->runs >> k & 1u)
            snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? ", " : "",
                     xf_engine_kind_at(i)->name);
    return buf;
}

/* Engine named by map key `key` (-1 when absent; an error when it names no engine). */
static int map_entry(xf_grp *m, const xf_die *d, const char *key)
{
    const char *name = xf_grp_str(m, key, XF_OPT, NULL);
    if (!name || xf_grp_status(m) != XF_OK)
        return -1;
    int e = xf_die_find(d, name);
    if (e < 0) {
        char names[200] = "";
        for (int k = 0; k < d->n; k++)
            snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", k ? ", " : "",
                     d->eng[k].name);
        xf_grp_fail(m, key, "no engine '%s' in this architecture; expected one of: %s", name,
                    names);
    }
    return e;
}

static const char *const kv_placements[] = {"on_die", "dram", "on_die_only", NULL};

const char *xf_kv_placement_name(int p)
{
    return p >= 0 && p < XF_KV_COUNT ? kv_placements[p] : "?";
}

/* map.kv_cache (an engine with tile memories) and map.kv_spill (a DRAM engine): where a
 * decoder's KV cache goes when the attention engine does not hold it (XF_EK_OWN_KV). Absent:
 * the engine of the static MVMs when it has tile memories, and the first DRAM engine. */
static int read_kv_map(xf_grp *m, xf_die *d)
{
    if (d->kv_memory >= 0) {
        const xf_engine_kind *k = d->eng[d->kv_memory].kind;
        if (!k->memory || !k->tiles)
            return xf_grp_fail(m, "kv_cache",
                               "engine '%s' (kind %s) has no tile memories; expected an engine "
                               "of kind xbar",
                               d->eng[d->kv_memory].name, k->name);
    } else if (d->static_engine >= 0 && d->eng[d->static_engine].kind->memory &&
               d->eng[d->static_engine].kind->tiles) {
        d->kv_memory = d->static_engine;
    }
    if (d->kv_dram >= 0) {
        const xf_engine_kind *k = d->eng[d->kv_dram].kind;
        if (!k->dram)
            return xf_grp_fail(m, "kv_spill",
                               "engine '%s' (kind %s) is not a DRAM; expected an engine of kind "
                               "dram",
                               d->eng[d->kv_dram].name, k->name);
    } else {
        for (int e = 0; e < d->n && d->kv_dram < 0; e++)
            if (d->eng[e].kind->dram)
                d->kv_dram = e;
    }
    return XF_OK;
}

/* map = { CLASS = "ENGINE"; ROLE = "ENGINE"; transfer = "ENGINE"; }: a role entry overrides
 * its class entry; every role must end up on an engine that can run it. */
static int read_map(xf_grp *root, xf_die *d, xf_err *err)
{
    xf_grp m;
    if (!xf_grp_child(root, "map", &m, XF_REQ))
        return err->code;
    int by_class[XF_OP_KIND_COUNT], by_role[XF_ROLE_COUNT];
    for (int k = 0; k < XF_OP_KIND_COUNT; k++)
        by_class[k] = map_entry(&m, d, xf_op_kind_name((xf_op_kind)k));
    by_role[XF_ROLE_NONE] = -1;
    for (int r = 1; r < XF_ROLE_COUNT; r++)
        by_role[r] = map_entry(&m, d, xf_op_role_name((xf_op_role)r));
    d->transfer = map_entry(&m, d, "transfer");
    d->die_link = map_entry(&m, d, "die_link");
    d->kv_memory = map_entry(&m, d, "kv_cache");
    d->kv_dram = map_entry(&m, d, "kv_spill");
    if (xf_grp_end(&m) != XF_OK)
        return err->code;
    memset(d->route, -1, sizeof d->route);
    for (int r = 1; r < XF_ROLE_COUNT; r++) {
        xf_op_kind k = xf_op_role_kind((xf_op_role)r);
        const char *role = xf_op_role_name((xf_op_role)r), *cls = xf_op_kind_name(k);
        int e = by_role[r] >= 0 ? by_role[r] : by_class[k];
        if (e < 0)
            return xf_grp_fail(&m, cls,
                               "no engine runs %s ops (role %s); expected %s = "
                               "\"ENGINE\" (or %s = \"ENGINE\")",
                               cls, role, cls, role);
        const xf_engine_kind *ek = d->eng[e].kind;
        if (!(ek->runs >> k & 1u)) {
            char can[120];
            return xf_grp_fail(&m, by_role[r] >= 0 ? role : cls,
                               "engine '%s' (kind %s) cannot run %s ops (role %s); expected an "
                               "engine of kind %s",
                               d->eng[e].name, ek->name, cls, role,
                               kinds_running(k, can, sizeof can));
        }
        d->route[r] = (signed char)e;
    }
    /* An engine that runs ops but is sent none is a mistake in the map (it would be sized for
     * nothing and idle); engines that serve others (bus, DRAM) run none. */
    for (int e = 0; e < d->n; e++) {
        int used = 0;
        for (int r = 1; r < XF_ROLE_COUNT && !used; r++)
            used = d->route[r] == e;
        if (!used && d->eng[e].kind->runs != 0) {
            xf_grp g;
            xf_grp_child(root, d->eng[e].name, &g, XF_REQ);
            return xf_grp_fail(&g, "kind",
                               "engine '%s' (kind %s) runs no op: the map sends none to it; "
                               "expected a map entry naming it, or no such engine",
                               d->eng[e].name, d->eng[e].kind->name);
        }
    }
    d->static_engine = by_class[XF_OP_STATIC_MVM];
    if (d->transfer >= 0 && !(d->eng[d->transfer].kind->flags & XF_EK_TRANSFER))
        return xf_grp_fail(&m, "transfer",
                           "engine '%s' (kind %s) does not move data between engines; expected "
                           "an engine of kind bus",
                           d->eng[d->transfer].name, d->eng[d->transfer].kind->name);
    if (d->die_link >= 0 && !(d->eng[d->die_link].kind->flags & XF_EK_DIE_LINK))
        return xf_grp_fail(&m, "die_link",
                           "engine '%s' (kind %s) is not a die-to-die link; expected an engine "
                           "of kind link",
                           d->eng[d->die_link].name, d->eng[d->die_link].kind->name);
    if (read_kv_map(&m, d) != XF_OK)
        return err->code;
    for (int e = 0; e < d->n; e++)
        snprintf(d->transfer_row[e], sizeof d->transfer_row[e], "%s_to_%s",
                 d->transfer >= 0 ? d->eng[d->transfer].name : "none", d->eng[e].name);
    return XF_OK;
}

/* Build every engine group of the file, read the map, then link the engines. */
static int build_die(const xf_arch_spec *s, xf_grp *root, const xf_arch *a, xf_die *d, xf_err *err)
{
    xf_engine_env env[XF_MAX_ENGINES];
    memset(d, 0, sizeof *d);
    d->static_engine = d->transfer = d->die_link = d->kv_memory = d->kv_dram = -1;
    for (int i = 0; i < xf_grp_size(root) && err->code == XF_OK; i++) {
        const char *name;
        if (!xf_spec_engine_at(root, i, &name))
            continue;
        xf_grp g, tg;
        xf_grp_child(root, name, &g, XF_REQ);
        const xf_engine_kind *k = xf_engine_kind_find(xf_grp_str(&g, "kind", XF_REQ, ""));
        xf_grp_child(&g, "tech", &tg, XF_OPT); /* loaded by spec.c */
        if (err->code != XF_OK)
            return err->code;
        if (!k)
            return xf_grp_fail(&g, "kind", "unknown engine kind"); /* spec.c refused it */
        if (d->n == XF_MAX_ENGINES)
            return xf_grp_fail(root, name, "more than %d engines; expected fewer", XF_MAX_ENGINES);
        if (strlen(name) >= XF_ENGINE_NAME_LEN)
            return xf_grp_fail(root, name,
                               "engine name longer than %d characters; expected a "
                               "shorter one",
                               XF_ENGINE_NAME_LEN - 1);
        xf_engine_inst *e = &d->eng[d->n];
        e->kind = k;
        snprintf(e->name, sizeof e->name, "%s", name);
        xf_engine_env *v = &env[d->n];
        xf_arch_env(s, a, name, err, v);
        for (int r = 0; r < XF_TR_COUNT; r++)
            if ((k->techs >> r & 1u) && !v->tech[r])
                return xf_grp_fail(&g, "kind", "needs a %s technology file; expected tech.%s",
                                   xf_tech_kind_name(xf_tech_role_kind((xf_tech_role)r)),
                                   xf_tech_role_name((xf_tech_role)r));
        memset(e->state, 0, sizeof e->state);
        if (xf_engine_read_params(k->params, e->state, &g) != XF_OK ||
            k->derive(e->state, &g, v) != XF_OK || xf_grp_end(&g) != XF_OK)
            return err->code;
        d->n++;
    }
    if (err->code != XF_OK || read_map(root, d, err) != XF_OK)
        return err->code;
    return xf_arch_link(s, root, a, d, err);
}

void xf_arch_env(const xf_arch_spec *s, const xf_arch *a, const char *engine, xf_err *err,
                 xf_engine_env *v)
{
    memset(v, 0, sizeof *v);
    for (int r = 0; r < XF_TR_COUNT; r++)
        v->tech[r] = xf_spec_tech_for(s, engine, (xf_tech_role)r);
    if (!v->tech[XF_TR_CORE_BUFFER])
        v->tech[XF_TR_CORE_BUFFER] = v->tech[XF_TR_BUFFER];
    v->freq = a->freq;
    v->w_bits = a->w_bits;
    v->a_bits = a->a_bits;
    v->err = err;
}

int xf_arch_link(const xf_arch_spec *s, xf_grp *root, const xf_arch *a, xf_die *d, xf_err *err)
{
    for (int i = 0; i < d->n; i++) {
        const xf_engine_kind *k = d->eng[i].kind;
        if (!k->link)
            continue;
        xf_engine_env v;
        xf_arch_env(s, a, d->eng[i].name, err, &v);
        xf_grp g;
        xf_grp_child(root, d->eng[i].name, &g, XF_REQ);
        if (k->link(d->eng[i].state, d, i, &g, &v) != XF_OK)
            return err->code;
    }
    return err->code;
}

/* Bits per cell of the static MVMs' arrays (the workload's NVM write count). */
void xf_arch_cell_bits(xf_arch *a)
{
    const xf_die *d = &a->die;
    a->bits_per_cell = 2;
    if (d->static_engine >= 0) {
        const xf_engine_kind *k = d->eng[d->static_engine].kind;
        if (k->bits_per_cell)
            a->bits_per_cell = k->bits_per_cell(xf_die_state(d, d->static_engine));
    }
}

static int fixed_point(const xf_grp *root)
{
    for (int i = 0; i < xf_grp_size(root); i++) {
        const char *name;
        if (!xf_spec_engine_at(root, i, &name))
            continue;
        xf_grp g;
        xf_grp_child((xf_grp *)root, name, &g, XF_OPT);
        const xf_engine_kind *k = xf_engine_kind_find(xf_grp_str(&g, "kind", XF_OPT, ""));
        if (k && (k->flags & XF_EK_FIXED_POINT))
            return 1;
    }
    return 0;
}

/* The dataflow group: the sequence-blocking pipeline's block, 0 = off, and its fusion across
 * layers (and its check). */
int xf_arch_read_dataflow(xf_grp *root, xf_arch *a)
{
    static const char *const fusion[] = {"none", "layers", NULL};
    xf_grp g;
    a->sequence_block = 0;
    a->fuse_layers = 0;
    if (xf_grp_child(root, "dataflow", &g, XF_OPT)) {
        a->sequence_block = (int)xf_grp_int(&g, "sequence_block", 0, 1048576, XF_OPT, 0);
        a->fuse_layers = xf_grp_choice(&g, "fusion", fusion, XF_OPT, 0);
        xf_grp_end(&g);
    }
    return xf_grp_status(root);
}

int xf_arch_check_dataflow(xf_grp *root, const xf_arch *a)
{
    const xf_die *d = &a->die;
    if (a->sequence_block > 0 && d->route[XF_ROLE_QK] == d->route[XF_ROLE_Q_PROJ]) {
        xf_grp g;
        xf_grp_child(root, "dataflow", &g, XF_OPT);
        return xf_grp_fail(&g, "sequence_block",
                           "sequence blocking overlaps the engine of the static MVMs with the "
                           "engine of the dynamic MVMs, and both run on '%s' here; expected 0",
                           d->eng[d->route[XF_ROLE_QK]].name);
    }
    return xf_grp_status(root);
}

static int build(const xf_arch_spec *s, xf_arch *a, xf_cfg_ranges *sink, xf_err *err)
{
    memset(a, 0, sizeof *a);
    xf_grp root, g;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    xf_cfg_ranges local; /* the file's ranges are checked on every build, kept when asked */
    local.n = 0;
    root.ranges = sink ? sink : &local;
    const char *name = xf_grp_str(&root, "name", XF_REQ, "");
    const char *desc = xf_grp_str(&root, "description", XF_OPT, "");
    xf_text_key(&root, "name", name, 1, XF_TEXT_NAME_MAX);
    xf_text_key(&root, "description", desc, 0, XF_TEXT_DESC_MAX);
    xf_grp_child(&root, "tech", &g, XF_REQ);     /* read at load time */
    xf_grp_str(&root, "iso_area", XF_OPT, NULL); /* resolved at load time */
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->description, sizeof a->description, "%s", desc);
    snprintf(a->file, sizeof a->file, "%s", xf_cfg_name(s->cfg));
    a->inferences_per_s = 1.0;
    a->bits_per_cell = 2;
    a->fixed_point = fixed_point(&root);
    if (a->fixed_point) {
        a->freq = xf_grp_qty(&root, "clock", XF_DIM_FREQ, 0, 1e11, XF_REQ | XF_LO_OPEN, 1e9);
        a->w_bits = (int)xf_grp_int(&root, "weight_bits", 1, 16, XF_REQ, 8);
        a->a_bits = (int)xf_grp_int(&root, "act_bits", 1, 16, XF_REQ, 8);
    }
    xf_arch_read_dataflow(&root, a);
    static const char *const accountings[] = {"gated", "always_on", NULL};
    a->accounting =
        (xf_accounting)xf_grp_choice(&root, "accounting", accountings, XF_OPT, XF_ACCOUNT_GATED);
    if (xf_grp_child(&root, "chip", &g, XF_OPT)) { /* the limits a die is checked against */
        a->max_die_area = xf_grp_qty(&g, "max_die", XF_DIM_AREA, 0, 1.0, XF_REQ | XF_LO_OPEN, 0);
        a->max_power_density =
            1e4 * xf_grp_real(&g, "max_power_density_W_per_cm2", 0, 1e6, XF_REQ | XF_LO_OPEN, 0);
        /* Weights that do not fit one die: more dies (chip.dies; 0: as many as they need) or
         * one die that writes them per layer (overflow = "reprogram"). */
        a->dies = (int)xf_grp_int(&g, "dies", 0, XF_MAX_DIES, XF_OPT, 0);
        static const char *const overflows[] = {"dies", "reprogram", NULL};
        a->overflow_reprogram = xf_grp_choice(&g, "overflow", overflows, XF_OPT, 0) == 1;
        a->kv_placement = xf_grp_choice(&g, "kv_placement", kv_placements, XF_OPT, XF_KV_ON_DIE);
        static const char *const parallels[] = {"pipeline", "tensor", NULL};
        a->tensor_parallel = xf_grp_choice(&g, "parallel", parallels, XF_OPT, 0) == 1;
        xf_grp_end(&g);
    }
    if (xf_grp_child(&root, "lifetime", &g, XF_OPT)) {
        a->inferences_per_s =
            xf_grp_real(&g, "inferences_per_s", 0, 1e12, XF_REQ | XF_LO_OPEN, 1.0);
        xf_grp_end(&g);
    }
    if (err->code != XF_OK || build_die(s, &root, a, &a->die, err) != XF_OK)
        return err->code;
    if (xf_arch_check_dataflow(&root, a) != XF_OK)
        return err->code;
    xf_arch_cell_bits(a);
    return xf_grp_end(&root);
}

int xf_arch_build_ranges(const xf_arch_spec *s, xf_arch *a, xf_cfg_ranges *sink, xf_err *err)
{
    if (build(s, a, sink, err) != XF_OK)
        return err->code;
    if (!s->iso_ref)
        return XF_OK;
    xf_grp root;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    if (a->die.static_engine < 0)
        return xf_grp_fail(&root, "iso_area",
                           "iso-area sizing grows the engine of the static MVMs; expected "
                           "map.static_mvm = \"ENGINE\"");
    xf_arch *ref = malloc(sizeof *ref);
    if (!ref)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    xf_err e2;
    xf_err_clear(&e2);
    if (build(s->iso_ref, ref, NULL, &e2) != XF_OK) {
        free(ref);
        return xf_err_set(err, XF_ERR_INPUT, "iso_area reference: %s", e2.msg);
    }
    if (!ref->fixed_point) {
        free(ref);
        return xf_grp_fail(&root, "iso_area",
                           "'%s' cannot be a reference; expected an in-memory design without "
                           "iso_area of its own",
                           s->iso_name);
    }
    a->iso = 1;
    snprintf(a->iso_ref_name, sizeof a->iso_ref_name, "%s", s->iso_name);
    a->iso_ref = ref->die;
    free(ref);
    return XF_OK;
}

int xf_arch_build(const xf_arch_spec *s, xf_arch *a, xf_err *err)
{
    return xf_arch_build_ranges(s, a, NULL, err);
}
