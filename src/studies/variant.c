/* Design variants ARCH[KEY=VALUE,...]: parsing, canonical labels, lists of variants and their
 * application to an architecture specification (see xf/variant.h). Why apart: compare, table
 * and the database labels all name designs this one way. Invariant: the overrides of a variant
 * are sorted by key and distinct, with canonical values, so its label is canonical by
 * construction. */
#include "xf/variant.h"

#include "xf/db.h"

#include <stdio.h>
#include <string.h>

#define EXPECT "expected ARCH or ARCH[KEY=VALUE,...]"

/* [s, s + *len) without leading and trailing blanks. */
static const char *trim(const char *s, size_t *len)
{
    while (*len > 0 && (*s == ' ' || *s == '\t')) {
        s++;
        (*len)--;
    }
    while (*len > 0 && (s[*len - 1] == ' ' || s[*len - 1] == '\t'))
        (*len)--;
    return s;
}

int xf_variant_init(xf_variant *v, const char *arch, xf_err *err)
{
    memset(v, 0, sizeof *v);
    size_t l = strlen(arch);
    const char *a = trim(arch, &l);
    if (l == 0)
        return xf_err_set(err, XF_ERR_INPUT, "empty architecture; " EXPECT);
    if (l >= sizeof v->arch)
        return xf_err_set(err, XF_ERR_INPUT, "architecture '%.40s...': longer than %d characters",
                          a, (int)sizeof v->arch - 1);
    for (size_t i = 0; i < l; i++)
        if (a[i] == '[' || a[i] == ']' || a[i] == ',')
            return xf_err_set(err, XF_ERR_INPUT,
                              "architecture '%.*s' holds '%c'; " EXPECT " with one ARCH", (int)l, a,
                              a[i]);
    memcpy(v->arch, a, l);
    v->arch[l] = '\0';
    return XF_OK;
}

/* Index brackets of a configuration path balance and hold no ',': "a.b[2].c". */
static int key_ok(const char *k)
{
    int depth = 0;
    for (; *k; k++) {
        if (*k == ',' || *k == '=')
            return 0;
        if (*k == '[')
            depth++;
        if (*k == ']' && --depth < 0)
            return 0;
    }
    return depth == 0;
}

int xf_variant_set(xf_variant *v, const char *key, const char *value, xf_variant_from from,
                   xf_err *err)
{
    size_t kl = strlen(key), vl = strlen(value);
    const char *k = trim(key, &kl);
    const char *val = trim(value, &vl);
    if (kl == 0)
        return xf_err_set(err, XF_ERR_INPUT, "override '%s=%s': empty key; expected KEY=VALUE", key,
                          value);
    if (kl >= XF_VARIANT_KEY || vl >= XF_VARIANT_VALUE)
        return xf_err_set(err, XF_ERR_INPUT, "override '%.40s...': longer than %d characters", k,
                          XF_VARIANT_VALUE - 1);
    char kb[XF_VARIANT_KEY], vb[XF_VARIANT_VALUE];
    memcpy(kb, k, kl);
    kb[kl] = '\0';
    memcpy(vb, val, vl);
    vb[vl] = '\0';
    if (!key_ok(kb))
        return xf_err_set(err, XF_ERR_INPUT,
                          "key '%s': a key holds no ',' or '=' and balanced index brackets "
                          "(engines[0].tiles)",
                          kb);
    if (strpbrk(vb, ",[]"))
        return xf_err_set(err, XF_ERR_INPUT,
                          "override '%s=%s': a value in a variant holds no ',', '[' or ']'", kb,
                          vb);
    int i = 0;
    while (i < v->n && strcmp(v->kv[i].key, kb) < 0)
        i++;
    if (i == v->n || strcmp(v->kv[i].key, kb) != 0) {
        if (v->n == XF_VARIANT_KEYS)
            return xf_err_set(err, XF_ERR_INPUT, "%s: more than %d overrides", v->arch,
                              XF_VARIANT_KEYS);
        memmove(&v->kv[i + 1], &v->kv[i], (size_t)(v->n - i) * sizeof v->kv[0]);
        v->n++;
        snprintf(v->kv[i].key, sizeof v->kv[i].key, "%s", kb);
    }
    xf_canon_value(vb, v->kv[i].value, sizeof v->kv[i].value);
    v->kv[i].from = from;
    return XF_OK;
}

typedef struct {
    xf_variant *v;
    xf_err *err;
} params_ctx;

static int add_param(const char *key, const char *value, void *vctx)
{
    params_ctx *c = vctx;
    return xf_variant_set(c->v, key, value, XF_VARIANT_FROM_SET, c->err) == XF_OK ? 0 : 1;
}

int xf_variant_from_params(const char *arch, const char *params_json, xf_variant *v, xf_err *err)
{
    xf_err e;
    xf_err_clear(&e);
    params_ctx c = {v, &e};
    if (xf_variant_init(v, arch, &e) != XF_OK)
        return xf_err_set(err, e.code, "%s", e.msg);
    int rc = xf_db_params_each(params_json, add_param, &c);
    if (rc == 0)
        return XF_OK;
    return xf_err_set(err, XF_ERR_INPUT, "%s: the overrides %s make no design label: %s", arch,
                      params_json ? params_json : "(none)",
                      e.code ? e.msg : "not a JSON object of strings");
}

/* One item "KEY=VALUE" of [s, s + len). */
static int parse_item(const char *opt, const char *text, const char *s, size_t len, int item,
                      xf_variant *v, xf_err *err)
{
    s = trim(s, &len);
    if (len == 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s '%s': empty override (item %d in the brackets); expected KEY=VALUE",
                          opt, text, item);
    const char *eq = memchr(s, '=', len);
    if (eq == NULL)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s '%s': override '%.*s' has no '='; expected "
                          "KEY=VALUE",
                          opt, text, (int)len, s);
    char k[XF_VARIANT_KEY + 1], val[XF_VARIANT_VALUE + 1];
    size_t kl = (size_t)(eq - s), vl = len - kl - 1;
    if (kl > XF_VARIANT_KEY || vl > XF_VARIANT_VALUE)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%.60s...': override longer than %d characters",
                          opt, text, XF_VARIANT_VALUE);
    memcpy(k, s, kl);
    k[kl] = '\0';
    memcpy(val, eq + 1, vl);
    val[vl] = '\0';
    xf_err e;
    xf_err_clear(&e);
    if (xf_variant_set(v, k, val, XF_VARIANT_FROM_BRACKET, &e) != XF_OK)
        return xf_err_set(err, e.code, "%s '%s': %s", opt, text, e.msg);
    return XF_OK;
}

int xf_variant_parse(const char *opt, const char *text, xf_variant *v, xf_err *err)
{
    const char *lb = strchr(text, '[');
    size_t al = lb ? (size_t)(lb - text) : strlen(text);
    char arch[XF_VARIANT_ARCH];
    if (al >= sizeof arch)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s '%.40s...': architecture longer than %d "
                          "characters",
                          opt, text, (int)sizeof arch - 1);
    memcpy(arch, text, al);
    arch[al] = '\0';
    size_t tl = al;
    trim(arch, &tl);
    if (tl == 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': no architecture%s; " EXPECT, opt, text,
                          lb ? " before '['" : "");
    const char *rb = strchr(arch, ']');
    if (rb)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': ']' without its '['; " EXPECT, opt, text);
    xf_err e;
    xf_err_clear(&e);
    if (xf_variant_init(v, arch, &e) != XF_OK)
        return xf_err_set(err, e.code, "%s '%s': %s", opt, text, e.msg);
    if (!lb)
        return XF_OK;
    /* the closing ']' is the one that brings the depth back to 0 (keys may hold [N]) */
    int depth = 1, item = 1;
    const char *start = lb + 1, *p = lb + 1;
    for (; *p; p++) {
        if (*p == '[') {
            depth++;
        } else if (*p == ']') {
            if (--depth == 0)
                break;
        } else if (*p == ',' && depth == 1) {
            if (parse_item(opt, text, start, (size_t)(p - start), item++, v, err) != XF_OK)
                return err->code;
            start = p + 1;
        }
    }
    if (depth > 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': unclosed '['; " EXPECT " with a closing ']'",
                          opt, text);
    size_t last = (size_t)(p - start);
    trim(start, &last);
    if (item == 1 && last == 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': nothing between the brackets; " EXPECT, opt,
                          text);
    if (parse_item(opt, text, start, (size_t)(p - start), item, v, err) != XF_OK)
        return err->code;
    if (p[1] != '\0')
        return xf_err_set(err, XF_ERR_INPUT, "%s '%s': text after the closing ']' ('%s'); " EXPECT,
                          opt, text, p + 1);
    return XF_OK;
}

size_t xf_variant_label(const xf_variant *v, char *buf, size_t n)
{
    size_t o = 0;
    char one[XF_VARIANT_KEY + XF_VARIANT_VALUE + 4];
    for (int i = -1; i <= v->n; i++) {
        const char *piece = one;
        if (i < 0)
            piece = v->arch;
        else if (i == v->n)
            piece = v->n ? "]" : "";
        else
            snprintf(one, sizeof one, "%s%s=%s", i ? "," : "[", v->kv[i].key, v->kv[i].value);
        size_t l = strlen(piece);
        if (n > 0 && o < n - 1) {
            size_t room = n - 1 - o;
            memcpy(buf + o, piece, l < room ? l : room);
        }
        o += l;
    }
    if (n > 0)
        buf[o < n ? o : n - 1] = '\0';
    return o;
}

int xf_variant_split(const char *opt, char *list, const char **out, int max, xf_err *err)
{
    int n = 0, depth = 0;
    char *start = list;
    for (char *p = list;; p++) {
        if (*p == '[') {
            depth++;
        } else if (*p == ']') {
            if (--depth < 0)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "%s '%s': ']' without its '['; expected "
                                  "ARCH or ARCH[KEY=VALUE,...] separated by ','",
                                  opt, start),
                       -1;
        } else if ((*p == ',' && depth == 0) || *p == '\0') {
            if (*p == '\0' && depth > 0)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "%s '%s': unclosed '['; expected "
                                  "ARCH[KEY=VALUE,...] with a closing ']'",
                                  opt, start),
                       -1;
            int end = *p == '\0';
            *p = '\0';
            if (*start == '\0')
                return xf_err_set(err, XF_ERR_INPUT, "%s: empty item in the list; expected A,B,C",
                                  opt),
                       -1;
            if (n == max)
                return xf_err_set(err, XF_ERR_INPUT, "%s: more than %d items", opt, max), -1;
            out[n++] = start;
            if (end)
                return n;
            start = p + 1;
        }
    }
}

/* "--set KEY=VALUE: rest" -> "rest" for the override kv, or NULL when msg is not about kv. */
static const char *about(const char *msg, const xf_variant_kv *kv)
{
    char head[XF_VARIANT_KEY + XF_VARIANT_VALUE + 16];
    int l = snprintf(head, sizeof head, "--set %s=%s: ", kv->key, kv->value);
    if (l > 0 && strncmp(msg, head, (size_t)l) == 0)
        return msg + l;
    return NULL;
}

void xf_variant_explain(const xf_variant *v, const char *label, xf_err *err)
{
    xf_err e = *err;
    for (int i = 0; i < v->n; i++) {
        const char *rest = about(e.msg, &v->kv[i]);
        if (!rest)
            continue;
        xf_err_clear(err);
        if (v->kv[i].from == XF_VARIANT_FROM_BRACKET)
            xf_err_set(err, e.code, "%s: %s", label, rest);
        else if (v->kv[i].from == XF_VARIANT_FROM_SCOPED)
            xf_err_set(err, e.code, "--set %s:%s=%s: %s", v->arch, v->kv[i].key, v->kv[i].value,
                       rest);
        else
            xf_err_set(err, e.code,
                       "%s (architecture %s; scope an override to one architecture with --set "
                       "ARCH:KEY=VALUE or ARCH[KEY=VALUE])",
                       e.msg, v->arch);
        return;
    }
    xf_err_clear(err);
    xf_err_set(err, e.code, "%s: %s", label, e.msg);
}

int xf_variant_apply(const xf_variant *v, xf_arch_spec *s, const char *label, xf_err *err)
{
    for (int i = 0; i < v->n; i++) {
        char kv[XF_VARIANT_KEY + XF_VARIANT_VALUE + 2];
        snprintf(kv, sizeof kv, "%s=%s", v->kv[i].key, v->kv[i].value);
        if (xf_arch_spec_set(s, kv, err) != XF_OK) {
            xf_variant_explain(v, label, err);
            return err->code;
        }
    }
    return XF_OK;
}
