/* Applying one override to a built architecture without building it again (xf_arch_update):
 * the cheap path of sweeps whose points differ in an engine key. An engine key is read by the
 * same generic reader as in a build (one key of its group), into a copy of the engine's state;
 * its components are derived again, and every link runs again on the updated die, so that
 * engines that copied something of it (the SFU's units per attention tile, the vector lanes'
 * memory) follow. What the key cannot affect stays as built.
 *
 * Invariant: the result is the architecture xf_arch_build makes of the overridden spec; keys
 * outside an engine's own table, dataflow.sequence_block, dataflow.fusion and
 * lifetime.inferences_per_s take the full build. */
#include "arch_int.h"

#include "xf/cfg.h"

#include <stdlib.h>
#include <string.h>

/* "pe.adc_bits = 6" -> "pe.adc_bits" in key (trimmed), 0 when it does not fit. */
static int key_of(const char *assignment, char *key, size_t n)
{
    const char *eq = strchr(assignment, '=');
    size_t l = eq ? (size_t)(eq - assignment) : strlen(assignment);
    while (l > 0 && (assignment[l - 1] == ' ' || assignment[l - 1] == '\t'))
        l--;
    const char *k = assignment;
    while (l > 0 && (*k == ' ' || *k == '\t')) {
        k++;
        l--;
    }
    if (l == 0 || l >= n)
        return 0;
    memcpy(key, k, l);
    key[l] = '\0';
    return 1;
}

static int update_engine(const xf_arch_spec *s, xf_arch *a, int e, const xf_param_def *p,
                         xf_err *err)
{
    xf_die *d = malloc(sizeof *d); /* load time, not the evaluation path */
    if (!d)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    *d = a->die;
    xf_engine_inst *inst = &d->eng[e];
    xf_grp root, g;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    xf_cfg_ranges local; /* a range beside the key is checked as in a build */
    local.n = 0;
    root.ranges = &local;
    xf_grp_child(&root, inst->name, &g, XF_REQ);
    xf_engine_env env;
    xf_arch_env(s, a, inst->name, err, &env);
    if (xf_engine_read_param(p, inst->state, &g) == XF_OK &&
        inst->kind->derive(inst->state, &g, &env) == XF_OK &&
        xf_arch_link(s, &root, a, d, err) == XF_OK) {
        a->die = *d;
        xf_arch_cell_bits(a);
    }
    free(d);
    return err->code;
}

int xf_arch_update(const xf_arch_spec *s, xf_arch *a, const char *assignment, xf_err *err)
{
    char key[256];
    if (!key_of(assignment, key, sizeof key) || xf_spec_changes_files(assignment))
        return xf_arch_build(s, a, err);
    const char *dot = strchr(key, '.');
    if (dot && strchr(dot + 1, '.') == NULL) {
        size_t nl = (size_t)(dot - key);
        for (int e = 0; e < a->die.n; e++) {
            const xf_engine_inst *inst = &a->die.eng[e];
            if (strlen(inst->name) != nl || strncmp(inst->name, key, nl) != 0)
                continue;
            const xf_param_def *p = xf_engine_param_find(inst->kind->params, dot + 1);
            if (p)
                return update_engine(s, a, e, p, err);
        }
        xf_grp root;
        xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
        xf_cfg_ranges local;
        local.n = 0;
        root.ranges = &local;
        if (strcmp(key, "dataflow.sequence_block") == 0 || strcmp(key, "dataflow.fusion") == 0) {
            int was = a->sequence_block, fused = a->fuse_layers;
            if (xf_arch_read_dataflow(&root, a) != XF_OK ||
                xf_arch_check_dataflow(&root, a) != XF_OK) {
                a->sequence_block = was;
                a->fuse_layers = fused;
            }
            return err->code;
        }
        if (strcmp(key, "lifetime.inferences_per_s") == 0) {
            xf_grp g;
            xf_grp_child(&root, "lifetime", &g, XF_REQ);
            double v = xf_grp_real(&g, "inferences_per_s", 0, 1e12, XF_REQ | XF_LO_OPEN, 1.0);
            if (err->code == XF_OK)
                a->inferences_per_s = v;
            return err->code;
        }
    }
    return xf_arch_build(s, a, err);
}

int xf_arch_rederive(const xf_arch_spec *s, xf_arch *a, xf_err *err)
{
    if (s->iso_ref) /* the reference die is sized from its own files: build it all */
        return xf_arch_build(s, a, err);
    xf_die *d = malloc(sizeof *d); /* a study's sample, not the evaluation path */
    if (!d)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    *d = a->die;
    xf_grp root;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    xf_cfg_ranges local;
    local.n = 0;
    root.ranges = &local;
    for (int e = 0; e < d->n && err->code == XF_OK; e++) {
        xf_engine_inst *inst = &d->eng[e];
        xf_grp g;
        xf_grp_child(&root, inst->name, &g, XF_REQ);
        xf_engine_env env;
        xf_arch_env(s, a, inst->name, err, &env);
        if (err->code == XF_OK)
            inst->kind->derive(inst->state, &g, &env);
    }
    if (err->code == XF_OK && xf_arch_link(s, &root, a, d, err) == XF_OK) {
        a->die = *d;
        xf_arch_cell_bits(a);
    }
    free(d);
    return err->code;
}
