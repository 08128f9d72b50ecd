/* Selections of runs with design labels (see xf/db.h). */
#include "schema.h"
#include "xf/cfg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void label_all(xf_db_sel *s);

static char *sdup(const char *s)
{
    return strdup(s ? s : "");
}

typedef struct {
    xf_db_sel *s;
    int max;
    int too_many, oom;
} load_ctx;

static int add_run(const xf_db_run *r, void *vctx)
{
    load_ctx *c = vctx;
    xf_db_sel *s = c->s;
    if (s->n >= c->max) {
        c->too_many = 1;
        return 1;
    }
    if (s->n == s->cap) {
        int cap = s->cap ? 2 * s->cap : 64;
        xf_db_sel_run *nr = realloc(s->runs, (size_t)cap * sizeof *nr);
        if (!nr) {
            c->oom = 1;
            return 1;
        }
        s->runs = nr;
        s->cap = cap;
    }
    xf_db_sel_run *x = &s->runs[s->n];
    x->r = *r;
    x->r.point_hash = sdup(r->point_hash);
    x->r.config_hash = sdup(r->config_hash);
    x->r.base_hash = sdup(r->base_hash);
    x->r.arch = sdup(r->arch);
    x->r.model = sdup(r->model);
    x->r.phase = sdup(r->phase);
    x->r.params = sdup(r->params);
    x->r.created = sdup(r->created);
    x->r.tool_version = sdup(r->tool_version);
    x->label = NULL;
    s->n++;
    if (!x->r.point_hash || !x->r.config_hash || !x->r.base_hash || !x->r.arch || !x->r.model ||
        !x->r.phase || !x->r.params || !x->r.created || !x->r.tool_version) {
        c->oom = 1;
        return 1;
    }
    return 0;
}

int xf_db_select(xf_db *db, const xf_db_filter *f, int max, xf_db_sel *out, xf_err *err)
{
    memset(out, 0, sizeof *out);
    out->db = db;
    load_ctx c = {out, max, 0, 0};
    int rc = xf_db_runs_each(db, f, add_run, &c, err);
    if (c.oom)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (c.too_many)
        return xf_err_set(err, XF_ERR_INPUT,
                          "more than %d runs match; narrow the selection with --sweep or --where",
                          max);
    if (rc != XF_OK)
        return err->code;
    if (out->n == 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "no runs match in %s (xformer runs lists what the database holds)",
                          xf_db_path(db));
    label_all(out);
    return XF_OK;
}

void xf_db_sel_free(xf_db_sel *s)
{
    for (int i = 0; i < s->n; i++) {
        xf_db_run *r = &s->runs[i].r;
        free((char *)r->point_hash);
        free((char *)r->config_hash);
        free((char *)r->base_hash);
        free((char *)r->arch);
        free((char *)r->model);
        free((char *)r->phase);
        free((char *)r->params);
        free((char *)r->created);
        free((char *)r->tool_version);
        free(s->runs[i].label);
    }
    free(s->runs);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------- labels */

#define MAX_KEYS 64

typedef struct {
    char key[MAX_KEYS][128];
    char first[MAX_KEYS][128];
    int varies[MAX_KEYS];
    int seen[MAX_KEYS]; /* runs that have the key */
    int n;
} key_set;

static int collect_key(const char *k, const char *v, void *ctx)
{
    key_set *ks = ctx;
    for (int i = 0; i < ks->n; i++)
        if (strcmp(ks->key[i], k) == 0) {
            if (strcmp(ks->first[i], v) != 0)
                ks->varies[i] = 1;
            ks->seen[i]++;
            return 0;
        }
    if (ks->n < MAX_KEYS) {
        snprintf(ks->key[ks->n], sizeof ks->key[0], "%s", k);
        snprintf(ks->first[ks->n], sizeof ks->first[0], "%s", v);
        ks->varies[ks->n] = 0;
        ks->seen[ks->n] = 1;
        ks->n++;
    }
    return 0;
}

typedef struct {
    const key_set *ks;
    char *buf;
    size_t n, o;
} label_ctx;

static int add_label_key(const char *k, const char *v, void *ctx)
{
    label_ctx *c = ctx;
    for (int i = 0; i < c->ks->n; i++)
        if (c->ks->varies[i] && strcmp(c->ks->key[i], k) == 0) {
            int w = snprintf(c->buf + c->o, c->n - c->o, " %s=%s", k, v);
            if (w > 0 && (size_t)w < c->n - c->o)
                c->o += (size_t)w;
        }
    return 0;
}

static void label_all(xf_db_sel *s)
{
    for (int i = 0; i < s->n; i++) {
        if (s->runs[i].label)
            continue;
        const char *arch = s->runs[i].r.arch;
        key_set *ks = calloc(1, sizeof *ks);
        if (!ks)
            return;
        int members = 0;
        for (int j = i; j < s->n; j++)
            if (strcmp(s->runs[j].r.arch, arch) == 0) {
                xf_db_params_each(s->runs[j].r.params, collect_key, ks);
                members++;
            }
        for (int k = 0; k < ks->n; k++)
            if (ks->seen[k] != members)
                ks->varies[k] = 1;
        for (int j = i; j < s->n; j++) {
            xf_db_sel_run *x = &s->runs[j];
            if (strcmp(x->r.arch, arch) != 0 || x->label)
                continue;
            char buf[1024];
            size_t o = (size_t)snprintf(buf, sizeof buf, "%s", arch);
            label_ctx lc = {ks, buf, sizeof buf, o};
            xf_db_params_each(x->r.params, add_label_key, &lc);
            o = lc.o;
            if (x->r.batch != 1 && o < sizeof buf)
                o += (size_t)snprintf(buf + o, sizeof buf - o, " b=%lld", x->r.batch);
            if (strcmp(x->r.phase, "decode") == 0 && o < sizeof buf)
                snprintf(buf + o, sizeof buf - o, " decode ctx=%lld", x->r.context);
            x->label = strdup(buf);
        }
        free(ks);
    }
}

int xf_db_sel_baseline(const xf_db_sel *s, const char *baseline, const char **label, xf_err *err)
{
    const char *by_arch = NULL;
    int n_arch_labels = 0;
    for (int i = 0; i < s->n; i++) {
        const char *l = s->runs[i].label ? s->runs[i].label : s->runs[i].r.arch;
        if (strcmp(l, baseline) == 0) {
            *label = l;
            return XF_OK;
        }
        if (strcmp(s->runs[i].r.arch, baseline) == 0 && (!by_arch || strcmp(by_arch, l) != 0)) {
            if (!by_arch)
                by_arch = l;
            n_arch_labels++;
        }
    }
    if (by_arch && n_arch_labels == 1) {
        *label = by_arch;
        return XF_OK;
    }
    if (by_arch)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--baseline %s: the selection has several %s designs (e.g. '%s'); name "
                          "one in full or narrow the selection with --where",
                          baseline, baseline, by_arch);
    const char *names[256] = {NULL};
    int n = 0;
    for (int i = 0; i < s->n && n < 256; i++) {
        const char *l = s->runs[i].label ? s->runs[i].label : s->runs[i].r.arch;
        int dupl = 0;
        for (int k = 0; k < n && !dupl; k++)
            dupl = strcmp(names[k], l) == 0;
        if (!dupl)
            names[n++] = l;
    }
    const char *sug = xf_suggest(baseline, names, n);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--baseline %s: no such design in the selection; did you mean '%s'?",
                          baseline, sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "--baseline %s: no such design in the selection; it has %s%s", baseline,
                      n ? names[0] : "nothing", n > 1 ? ", ..." : "");
}

int xf_db_sel_param(const xf_db_sel *s, int i, const char *key, double *num, char *text, size_t n)
{
    *num = NAN;
    if (text && n)
        text[0] = '\0';
    if (!s->db || i < 0 || i >= s->n)
        return 0;
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(s->db->h,
                           "SELECT value_num, value_text FROM (SELECT value_num, value_text, 0 AS "
                           "o FROM config_params WHERE config_hash = ?1 AND key = ?3 UNION ALL "
                           "SELECT value_num, value_text, 1 FROM base_params WHERE base_hash = ?2 "
                           "AND key = ?3) ORDER BY o LIMIT 1",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, s->runs[i].r.config_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, s->runs[i].r.base_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW) {
            found = 1;
            if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
                *num = sqlite3_column_double(st, 0);
                if (text)
                    snprintf(text, n, "%.15g", *num);
            } else if (text && sqlite3_column_type(st, 1) != SQLITE_NULL) {
                snprintf(text, n, "%s", (const char *)sqlite3_column_text(st, 1));
            }
        }
    }
    sqlite3_finalize(st);
    return found;
}
