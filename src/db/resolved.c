/* Identity of a resolved configuration (xf/db.h, xf_ident_*): what a run's config_hash names.
 *
 * Why: a run must be named by what was evaluated, not by what was typed, so that a default run
 * and a run that sets a key to its default are one run, and an edited technology value is a
 * different one. The base (one architecture file as built) is serialised once: the results
 * version, every resolved parameter in the build's fixed order (numbers as exact hex floats),
 * and every technology file's keys in SI (each file's own order; comments do not count). A
 * configuration adds the parameters whose resolved value differs from the base's, sorted by
 * key, as a JSON object written with cJSON; they are few, so a sweep that builds a new
 * configuration per point pays a comparison of the base's list, not a serialisation.
 * Invariants: equal resolved parameters and technology values give equal hashes; the JSON of
 * a configuration holds only differences, numbers as JSON numbers. */
#include "xf/db.h"
#include "xf/cfg.h"
#include "xf/version.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARAMS 512

struct xf_ident_base {
    char hash[XF_HASH_HEX];
    char tech_hash[XF_HASH_HEX];
    int n;
    xf_arch_param p[MAX_PARAMS];
    int n_files;
    char files[40][XF_SPEC_FILE_LEN];
};

/* A growing text buffer (identity serialisation only). */
typedef struct {
    char *s;
    size_t n, cap;
    int oom;
} sbuf;

static void put(sbuf *b, const char *fmt, const char *a, const char *c)
{
    char line[512];
    int k = snprintf(line, sizeof line, fmt, a, c);
    if (k < 0 || b->oom)
        return;
    size_t need = b->n + (size_t)k + 1;
    if (need > b->cap) {
        size_t cap = b->cap ? 2 * b->cap : 8192;
        while (cap < need)
            cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->oom = 1;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->n, line, (size_t)k + 1);
    b->n += (size_t)k;
}

static int tech_item(const xf_cfg_item *it, void *ctx)
{
    char v[64];
    if (it->is_number)
        snprintf(v, sizeof v, "%a", it->si);
    put(ctx, "%s=%s\n", it->path, it->is_number ? v : it->value);
    return 0;
}

/* Hash of the values of the technology files a specification read. */
static int tech_hash(const char *techlib, const char (*files)[XF_SPEC_FILE_LEN], int n,
                     char out[XF_HASH_HEX], xf_err *err)
{
    sbuf b = {NULL, 0, 0, 0};
    for (int i = 0; i < n && err->code == XF_OK; i++) {
        char path[1400];
        if (files[i][0] == '/')
            snprintf(path, sizeof path, "%s", files[i]);
        else
            snprintf(path, sizeof path, "%s/%s", techlib, files[i]);
        xf_cfg *c = NULL;
        if (xf_cfg_load_file(path, &c, err) != XF_OK)
            break;
        put(&b, "file %s%s\n", files[i], "");
        xf_cfg_walk(c, tech_item, &b);
        xf_cfg_free(c);
    }
    if (err->code == XF_OK && b.oom)
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (err->code == XF_OK)
        xf_hash_hex(b.s ? b.s : "", b.n, out);
    free(b.s);
    return err->code;
}

static void param_value(char *v, size_t n, const xf_arch_param *p)
{
    if (p->is_num)
        snprintf(v, n, "%a", p->num);
    else
        snprintf(v, n, "\"%s\"", p->text);
}

int xf_ident_base_new(const char *techlib, const xf_arch_spec *spec, const xf_arch *a,
                      xf_ident_base **out, xf_err *err)
{
    *out = NULL;
    xf_ident_base *b = calloc(1, sizeof *b);
    if (!b)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    b->n = xf_arch_params_resolved(a, b->p, MAX_PARAMS);
    if (b->n < 0) {
        free(b);
        return xf_err_set(err, XF_ERR_RUNTIME, "more than %d parameters in %s", MAX_PARAMS,
                          a->file);
    }
    int nf;
    const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(spec, &nf);
    b->n_files = nf < 40 ? nf : 40;
    memcpy(b->files, files, (size_t)b->n_files * sizeof b->files[0]);
    if (tech_hash(techlib, b->files, b->n_files, b->tech_hash, err) != XF_OK) {
        free(b);
        return err->code;
    }
    sbuf s = {NULL, 0, 0, 0};
    char ver[32];
    snprintf(ver, sizeof ver, "%d", XF_RESULTS_VERSION);
    put(&s, "xformer results %s%s\n", ver, "");
    for (int i = 0; i < b->n; i++) {
        char v[200];
        param_value(v, sizeof v, &b->p[i]);
        put(&s, "%s=%s\n", b->p[i].key, v);
    }
    put(&s, "tech %s%s\n", b->tech_hash, "");
    if (s.oom) {
        free(s.s);
        free(b);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    xf_hash_hex(s.s, s.n, b->hash);
    free(s.s);
    *out = b;
    return XF_OK;
}

void xf_ident_base_free(xf_ident_base *b)
{
    free(b);
}

const char *xf_ident_base_hash(const xf_ident_base *b)
{
    return b->hash;
}

const xf_arch_param *xf_ident_base_params(const xf_ident_base *b, int *n)
{
    *n = b->n;
    return b->p;
}

static int same(const xf_arch_param *x, const xf_arch_param *y)
{
    if (x->is_num != y->is_num || strcmp(x->key, y->key) != 0)
        return 0;
    return x->is_num ? x->num == y->num : strcmp(x->text, y->text) == 0;
}

static int differs_in_files(const xf_ident_base *b, const xf_arch_spec *spec)
{
    int n;
    const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(spec, &n);
    if (n != b->n_files)
        return 1;
    for (int i = 0; i < n; i++)
        if (strcmp(files[i], b->files[i]) != 0)
            return 1;
    return 0;
}

int xf_ident_config(const xf_ident_base *b, const char *techlib, const xf_arch_spec *spec,
                    const xf_arch *a, char hash[XF_HASH_HEX], char *json, size_t n, xf_err *err)
{
    xf_arch_param *p = malloc(MAX_PARAMS * sizeof *p);
    cJSON *obj = cJSON_CreateObject();
    if (!p || !obj) {
        free(p);
        cJSON_Delete(obj);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int np = xf_arch_params_resolved(a, p, MAX_PARAMS);
    /* The same file builds the same list in the same order; another structure (an engine's
     * kind changed) differs entry by entry from the first difference on. */
    int aligned = np == b->n; /* the same keys in the same order (one file, one structure) */
    for (int i = 0; i < np; i++) {
        int j = i < b->n && strcmp(b->p[i].key, p[i].key) == 0 ? i : -1;
        aligned &= j == i;
        for (int t = 0; j < 0 && t < b->n; t++)
            if (strcmp(b->p[t].key, p[i].key) == 0)
                j = t;
        if (j >= 0 && same(&b->p[j], &p[i]))
            continue;
        if (p[i].is_num)
            cJSON_AddNumberToObject(obj, p[i].key, p[i].num);
        else
            cJSON_AddStringToObject(obj, p[i].key, p[i].text);
    }
    /* a parameter of the base that this build no longer has (an engine gone) */
    for (int t = 0; !aligned && t < b->n; t++) {
        int found = 0;
        for (int i = 0; i < np && !found; i++)
            found = strcmp(b->p[t].key, p[i].key) == 0;
        if (!found)
            cJSON_AddNullToObject(obj, b->p[t].key);
    }
    if (err->code == XF_OK && differs_in_files(b, spec)) {
        int nf;
        const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(spec, &nf);
        char th[XF_HASH_HEX];
        if (tech_hash(techlib, files, nf, th, err) == XF_OK && strcmp(th, b->tech_hash) != 0)
            cJSON_AddStringToObject(obj, "tech.values", th);
    }
    free(p);
    if (err->code != XF_OK) {
        cJSON_Delete(obj);
        return err->code;
    }
    /* sorted keys: the identity does not depend on the order of the overrides */
    int m = cJSON_GetArraySize(obj);
    cJSON *sorted = cJSON_CreateObject();
    for (int done = 0; done < m; done++) {
        cJSON *best = NULL;
        for (cJSON *c = obj->child; c; c = c->next)
            if (c->string[0] != '\0' && (!best || strcmp(c->string, best->string) < 0))
                best = c;
        cJSON *d = cJSON_DetachItemViaPointer(obj, best);
        cJSON_AddItemToObject(sorted, d->string, d);
    }
    cJSON_Delete(obj);
    char *txt = cJSON_PrintUnformatted(sorted);
    cJSON_Delete(sorted);
    if (!txt)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    size_t tl = strlen(txt);
    if (json && tl + 1 > n) {
        free(txt);
        return xf_err_set(err, XF_ERR_RUNTIME, "the differences from the base exceed %zu bytes", n);
    }
    char *buf = malloc(XF_HASH_HEX + tl + 2);
    if (!buf) {
        free(txt);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    snprintf(buf, XF_HASH_HEX + tl + 2, "%s\n%s", b->hash, txt);
    xf_hash_hex(buf, strlen(buf), hash);
    if (json)
        memcpy(json, txt, tl + 1);
    free(buf);
    free(txt);
    return XF_OK;
}
