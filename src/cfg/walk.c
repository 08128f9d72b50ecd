/* xf_cfg_walk: every value of a configuration in file order, with its dotted path, line,
 * unit, SI value and source (xformer techlib lists them; sweeps find the technology files an
 * architecture names). Why apart: a read-only view of the whole tree, independent of the
 * xf_grp readers. Invariants: source keys are not items; a number's SI value uses its key's
 * unit suffix (no suffix: the number as written); a source is found as xf_grp_source finds
 * it (source_<key>, then source, in the group and then in the enclosing groups); the walk
 * stops at the first nonzero return of the visitor, which it returns. */
#include "cfg_int.h"

#include <stdio.h>
#include <string.h>

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
                    p,   val, (int)config_setting_source_line(m),      walk_source(&fr, base), unit,
                    0.0, 0,   (const char *)config_setting_get_hook(m)};
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
                              isnum,
                              (const char *)config_setting_get_hook(m)};
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
