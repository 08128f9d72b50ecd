/* src/cfg/cfg_int.h - internals shared by the files of the cfg module (not public).
 *
 * The module is split by concept: cfg.c (loading a file or string, freeing), grp.c (the
 * xf_grp cursor and its typed readers), override.c (--set, xf_cfg_override), walk.c
 * (xf_cfg_walk), suggest.c (edit distance, did-you-mean) and units.c (unit suffixes), ints.c
 * (integers libconfig would alter).
 *
 * Overrides and messages share one protocol: xf_cfg_override stores its assignment text as
 * the hook of the setting it changed (one record per key, owned by the xf_cfg), and grp.c
 * names such a value "--set KEY=VALUE" instead of FILE:LINE.
 *
 * The small helpers on libconfig settings below are static inline so that each file keeps
 * its own copy, as when they were static in one cfg.c.
 */
#ifndef XF_CFG_INT_H
#define XF_CFG_INT_H

#include "xf/cfg.h"

#include <libconfig.h>
#include <math.h>

#define XF_MAX_OVERRIDES 256

struct xf_cfg {
    config_t c;
    char name[512];
    char *overrides[XF_MAX_OVERRIDES];
    int n_overrides;
};

/* Scan text (len bytes, name for messages; ints.c): refuse more than XF_CFG_MAX_KEYS keys or
 * XF_CFG_MAX_VALUES values (before parsing), and with ints != 0 (after libconfig parsed it) an
 * integer token libconfig 1.5 would store as another value: beyond 32 bits without an L
 * suffix, beyond 64 bits with one. XF_OK or XF_ERR_INPUT (FILE:LINE for an integer). */
int xf_cfg_scan(const char *text, size_t len, const char *name, int ints, xf_err *err);

static inline int is_number(const config_setting_t *s)
{
    int t = config_setting_type(s);
    return t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64 || t == CONFIG_TYPE_FLOAT;
}

static inline const char *type_name(const config_setting_t *s)
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

static inline double num_value(const config_setting_t *s)
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

static inline const char *str_member(const config_setting_t *grp, const char *name)
{
    config_setting_t *s = grp ? config_setting_get_member(grp, name) : NULL;
    if (s && config_setting_type(s) == CONFIG_TYPE_STRING) {
        const char *v = config_setting_get_string(s);
        return (v && v[0]) ? v : NULL;
    }
    return NULL;
}

/* 1 when v breaks [lo, hi] (open ends per XF_LO_OPEN / XF_HI_OPEN), or is not finite. */
static inline int xf_out_of_range(double v, double lo, double hi, int flags)
{
    if (!isfinite(v))
        return 1;
    if ((flags & XF_LO_OPEN) ? !(v > lo) : !(v >= lo))
        return 1;
    if ((flags & XF_HI_OPEN) ? !(v < hi) : !(v <= hi))
        return 1;
    return 0;
}

/* range.c: the range of member nm (base name base, SI per unit factor, value v in SI,
 * physical range lo..hi with flags) of group setting grp into *r: 0 when it has none, 1 when
 * read (key, base and the other names are the caller's to fill), -1 when it is wrong, with
 * the member to report at in *bad and the message in why. */
int xf_range_read(const config_setting_t *grp, const char *nm, const char *base, double factor,
                  double v, double lo, double hi, int flags, xf_cfg_range *r, const char **bad,
                  char *why, size_t n);
/* range.c: 1 when member nm of the group at dotted path `path` is the range_, dist_ or
 * source_range_ key of a range recorded in rs. */
int xf_ranges_member(const xf_cfg_ranges *rs, const char *path, const char *nm);

#endif
