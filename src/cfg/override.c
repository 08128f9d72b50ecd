/* Overrides: xf_cfg_override applies "path.to.key=value" (--set) to a loaded configuration,
 * with the parsing of paths and values it needs. Why apart: the only code that changes a
 * loaded tree. Invariants: the key must already exist (xf_cfg_override_add: or is added as a
 * string) and the value must parse as the key's current type (a setting's type never changes; a
 * 32-bit integer stays within 32 bits); each changed setting's hook holds the record of its
 * assignment (see cfg_int.h), replaced when the key is overridden again, at most XF_MAX_OVERRIDES
 * keys. Range checks are the typed readers' (grp.c), when the key is read. */
#include "cfg_int.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_ll(const char *t, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(t, &end, 10);
    if (errno || end == t || *end)
        return 0;
    *out = v;
    return 1;
}

static int parse_d(const char *t, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(t, &end);
    if (end == t || *end)
        return 0;
    *out = v;
    return 1;
}

/* "a.b[2].c" (the form messages print) -> libconfig's "a.b.[2].c" in out. Returns -1 unless
 * every component is a name ([A-Za-z0-9_*-]+) or an index [digits]: no empty components, no
 * other separators. */
static int normalise_path(const char *in, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    int comp = 0; /* characters in the current component */
    for (size_t i = 0; i < n; i++) {
        char c = in[i];
        if (o + 3 >= cap)
            return -1;
        if (c == '.') {
            if (comp == 0)
                return -1;
            out[o++] = '.';
            comp = 0;
        } else if (c == '[') {
            if (comp > 0)
                out[o++] = '.';
            size_t j = i + 1;
            while (j < n && in[j] >= '0' && in[j] <= '9')
                j++;
            if (j == i + 1 || j >= n || in[j] != ']' || j - i > 9 || o + (j - i) + 2 >= cap)
                return -1;
            memcpy(out + o, in + i, j - i + 1);
            o += j - i + 1;
            i = j;
            comp = 1;
            if (i + 1 < n && in[i + 1] != '.' && in[i + 1] != '[')
                return -1;
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '_' || c == '-' || c == '*') {
            out[o++] = c;
            comp++;
        } else {
            return -1;
        }
    }
    if (comp == 0)
        return -1;
    out[o] = '\0';
    return 0;
}

/* add: 0 (the key must exist) or the CONFIG_TYPE_* a missing key is added with. */
static int apply(xf_cfg *cfg, const char *assignment, int add, xf_err *err);

int xf_cfg_override(xf_cfg *cfg, const char *assignment, xf_err *err)
{
    return apply(cfg, assignment, 0, err);
}

int xf_cfg_override_add(xf_cfg *cfg, const char *assignment, xf_err *err)
{
    return apply(cfg, assignment, CONFIG_TYPE_STRING, err);
}

int xf_cfg_override_new(xf_cfg *cfg, const char *assignment, xf_cfg_type type, xf_err *err)
{
    static const int types[] = {CONFIG_TYPE_INT, CONFIG_TYPE_FLOAT, CONFIG_TYPE_BOOL,
                                CONFIG_TYPE_STRING};
    return apply(cfg, assignment, types[type], err);
}

static int assign(xf_cfg *cfg, config_setting_t *s, const char *assignment, const char *key,
                  const char *val, xf_err *err);

static int apply(xf_cfg *cfg, const char *assignment, int add, xf_err *err)
{
    const char *eq = strchr(assignment, '=');
    if (!eq || eq == assignment)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: expected KEY=VALUE (e.g. --set adc.bits=6)",
                          assignment);
    char path[256];
    size_t lp = (size_t)(eq - assignment);
    if (lp >= sizeof path / 2)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: key too long; expected at most %d characters", assignment,
                          (int)sizeof path / 2 - 1);
    if (normalise_path(assignment, lp, path, sizeof path) != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: '%.*s' is not a key path; expected names separated by '.' "
                          "(e.g. pe.adc_bits, entries[0].read_energy_pJ)",
                          assignment, (int)lp, assignment);
    const char *val = eq + 1;
    char key[128];
    snprintf(key, sizeof key, "%.*s", (int)lp, assignment);
    /* Walk the path: names through groups, [i] through lists and arrays only. */
    config_setting_t *s = config_root_setting(&cfg->c);
    config_setting_t *added_in = NULL; /* the group a missing setting was added to */
    char added[128] = "";              /* and that setting's name */
    char tmp[256], prefix[256] = "";
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *save = NULL, *tok = strtok_r(tmp, ".", &save); tok && s;
         tok = strtok_r(NULL, ".", &save)) {
        config_setting_t *next = NULL;
        if (tok[0] == '[') {
            long idx = strtol(tok + 1, NULL, 10);
            int len = config_setting_length(s);
            if (!config_setting_is_list(s) && !config_setting_is_array(s))
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s: '%s' is not a list; expected an "
                                  "index only after a list or array",
                                  assignment, key, cfg->name, prefix[0] ? prefix : "(top level)");
            if (idx >= len)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s: '%s' has %d elements; expected an "
                                  "index from 0 to %d",
                                  assignment, key, cfg->name, prefix, len, len - 1);
            next = config_setting_get_elem(s, (unsigned)idx);
        } else if (config_setting_is_group(s)) {
            next = config_setting_get_member(s, tok);
            if (!next && add) { /* the key (a string), or the group that holds it */
                int last = save == NULL || *save == '\0';
                if (last || !strchr(save, '.'))
                    next = config_setting_add(s, tok, last ? add : CONFIG_TYPE_GROUP);
                if (next && !added_in) {
                    added_in = s;
                    snprintf(added, sizeof added, "%s", tok);
                }
            }
            if (!next) {
                const char *cand[256];
                int n = 0, len = config_setting_length(s);
                for (int k = 0; k < len && n < 256; k++)
                    cand[n++] = config_setting_name(config_setting_get_elem(s, (unsigned)k));
                const char *sug = xf_suggest(tok, cand, n);
                if (sug)
                    return xf_err_set(
                        err, XF_ERR_INPUT, "--set %s: no key '%s' in %s; did you mean '%s%s%s'?",
                        assignment, key, cfg->name, prefix, prefix[0] ? "." : "", sug);
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %s: no key '%s' in %s; expected an existing key",
                                  assignment, key, cfg->name);
            }
        } else {
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: no key '%s' in %s: '%s' is a single value; expected an "
                              "existing key",
                              assignment, key, cfg->name, prefix);
        }
        size_t lpre = strlen(prefix);
        snprintf(prefix + lpre, sizeof prefix - lpre, "%s%s", lpre && tok[0] != '[' ? "." : "",
                 tok);
        s = next;
    }
    if (!s || s == config_root_setting(&cfg->c))
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: no key '%s' in %s; expected an existing key", assignment, key,
                          cfg->name);
    int rc = assign(cfg, s, assignment, key, val, err);
    if (rc != XF_OK && added_in) /* nothing half-added */
        config_setting_remove(added_in, added);
    return rc;
}

/* Set setting s (key `key`) to val as its type, and record the assignment. */
static int assign(xf_cfg *cfg, config_setting_t *s, const char *assignment, const char *key,
                  const char *val, xf_err *err)
{
    int ok = 0;
    const char *want = "";
    char unquoted[512];
    switch (config_setting_type(s)) {
    case CONFIG_TYPE_INT:
    case CONFIG_TYPE_INT64: {
        long long v;
        want = "an integer";
        if (!parse_ll(val, &v))
            break;
        /* libconfig cannot change a 32-bit setting's type and would store 0 for a wider
         * value: refuse it here (every integer key's range is within 32 bits). */
        if (config_setting_type(s) == CONFIG_TYPE_INT && (v < INT32_MIN || v > INT32_MAX))
            return xf_err_set(err, XF_ERR_INPUT,
                              "--set %s: key '%s': value %lld is out of range; expected an "
                              "integer from %d to %d",
                              assignment, key, v, INT32_MIN, INT32_MAX);
        ok = config_setting_type(s) == CONFIG_TYPE_INT ? config_setting_set_int(s, (int)v)
                                                       : config_setting_set_int64(s, v);
        break;
    }
    case CONFIG_TYPE_FLOAT: {
        double v;
        want = "a number";
        if (parse_d(val, &v))
            ok = config_setting_set_float(s, v);
        break;
    }
    case CONFIG_TYPE_BOOL:
        want = "true or false";
        if (strcmp(val, "true") == 0 || strcmp(val, "false") == 0)
            ok = config_setting_set_bool(s, val[0] == 't');
        break;
    case CONFIG_TYPE_STRING: {
        want = "a string";
        size_t lv = strlen(val);
        if (lv >= 2 && val[0] == '"' && val[lv - 1] == '"') {
            if (lv - 2 >= sizeof unquoted)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "--set %.60s...: value too long; expected at most %d characters",
                                  assignment, (int)sizeof unquoted - 1);
            /* unquoted copy; it outlives the switch (the error below prints it) */
            snprintf(unquoted, sizeof unquoted, "%.*s", (int)(lv - 2), val + 1);
            val = unquoted;
        }
        ok = val[0] != '\0' && config_setting_set_string(s, val);
        break;
    }
    default:
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: key '%s' is %s; expected a single value",
                          assignment, key, type_name(s));
    }
    if (!ok)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: key '%s' takes %s; got '%s'", assignment,
                          key, want, val);
    /* A key overridden again (sweeps do it for every point) replaces its record. */
    char *old = (char *)config_setting_get_hook(s);
    int slot = -1;
    for (int i = 0; old && i < cfg->n_overrides; i++)
        if (cfg->overrides[i] == old)
            slot = i;
    if (slot < 0 && cfg->n_overrides >= XF_MAX_OVERRIDES)
        return xf_err_set(err, XF_ERR_INPUT, "--set %s: more than %d overridden keys", assignment,
                          XF_MAX_OVERRIDES);
    char *copy = strdup(assignment);
    if (!copy)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (slot >= 0) {
        free(cfg->overrides[slot]);
        cfg->overrides[slot] = copy;
    } else {
        cfg->overrides[cfg->n_overrides++] = copy;
    }
    config_setting_set_hook(s, copy);
    return XF_OK;
}
