/* Comparison tables against a baseline (see xf/table.h): the rows checked, sorted and paired
 * with the baseline row of their (model, point), the baseline resolved from a label or an
 * architecture name, the geometric means, and the dispatch to the writers (table_text.c for
 * text, Markdown and LaTeX; table_data.c for CSV and JSON). Invariant: every writer sees the
 * same prepared table, so the formats hold the same rows in the same order. */
#include "table_int.h"
#include "xf/cfg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xf_table_format_parse(const char *opt, const char *name, xf_table_format *out, xf_err *err)
{
    static const char *const names[] = {"table", "text",  "md",  "markdown",
                                        "tex",   "latex", "csv", "json"};
    static const xf_table_format val[] = {XF_TABLE_TEXT, XF_TABLE_TEXT, XF_TABLE_MD,
                                          XF_TABLE_MD,   XF_TABLE_TEX,  XF_TABLE_TEX,
                                          XF_TABLE_CSV,  XF_TABLE_JSON};
    for (int i = 0; i < 8; i++)
        if (strcmp(name, names[i]) == 0) {
            *out = val[i];
            return XF_OK;
        }
    const char *sug = xf_suggest(name, names, 8);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s '%s': unknown format; did you mean '%s'? expected text, md, tex, "
                          "csv or json",
                          opt, name, sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s '%s': unknown format; expected text, md, tex, csv or json", opt, name);
}

int xf_table_columns_parse(const char *opt, const char *list, unsigned *out, xf_err *err)
{
    static const char *const names[] = {"area", "power"};
    static const unsigned bits[] = {XF_TABLE_COL_AREA, XF_TABLE_COL_POWER};
    *out = 0;
    const char *p = list;
    for (;;) {
        size_t l = strcspn(p, ",");
        char item[32];
        snprintf(item, sizeof item, "%.*s", (int)(l < sizeof item ? l : sizeof item - 1), p);
        if (l == 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s '%s': empty item in the list; expected area, power or area,power",
                              opt, list);
        int k = -1;
        for (int i = 0; i < 2; i++)
            if (l == strlen(names[i]) && strcmp(item, names[i]) == 0)
                k = i;
        if (k < 0) {
            const char *sug = xf_suggest(item, names, 2);
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s '%s': unknown column '%s'; %s%s%sexpected area, power or "
                              "area,power",
                              opt, list, item, sug ? "did you mean '" : "", sug ? sug : "",
                              sug ? "'? " : "");
        }
        if (*out & bits[k])
            return xf_err_set(err, XF_ERR_INPUT, "%s '%s': column '%s' given twice", opt, list,
                              names[k]);
        *out |= bits[k];
        if (p[l] == '\0')
            return XF_OK;
        p += l + 1;
    }
}

static int cmp_trow(const void *a, const void *b)
{
    const xf_trow *x = a, *y = b;
    if (x->model_rank != y->model_rank)
        return x->model_rank < y->model_rank ? -1 : 1;
    if (x->r->seq != y->r->seq)
        return x->r->seq < y->r->seq ? -1 : 1;
    if (x->decode != y->decode)
        return x->decode < y->decode ? -1 : 1;
    if (x->r->context != y->r->context)
        return x->r->context < y->r->context ? -1 : 1;
    if (x->r->tokens != y->r->tokens)
        return x->r->tokens < y->r->tokens ? -1 : 1;
    if (x->batch != y->batch)
        return x->batch < y->batch ? -1 : 1;
    return (x->arch_rank > y->arch_rank) - (x->arch_rank < y->arch_rank);
}

static double known(double v)
{
    return v > 0 && isfinite(v) ? v : NAN;
}

/* The architecture of a label: the text before '['. */
static int same_arch(const char *label, const char *arch)
{
    size_t l = strcspn(label, "[");
    return strlen(arch) == l && strncmp(label, arch, l) == 0;
}

/* The design label the baseline names among the distinct labels (see xf/table.h). */
static int resolve_baseline(const char **labels, int n, const char *baseline, const char **out,
                            xf_err *err)
{
    const char *by_arch = NULL, *other = NULL;
    for (int i = 0; i < n; i++) {
        if (strcmp(labels[i], baseline) == 0) {
            *out = labels[i];
            return XF_OK;
        }
        if (same_arch(labels[i], baseline)) {
            if (by_arch)
                other = labels[i];
            else
                by_arch = labels[i];
        }
    }
    if (by_arch && !other) {
        *out = by_arch;
        return XF_OK;
    }
    if (by_arch)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--baseline %s: the rows have several %s designs ('%s', '%s'); name one "
                          "in full",
                          baseline, baseline, by_arch, other);
    const char *sug = xf_suggest(baseline, labels, n);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--baseline %s: no such design among the rows; did you mean '%s'?",
                          baseline, sug);
    char list[512] = "";
    for (int a = 0; a < n; a++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s", a ? ", " : "", labels[a]);
    }
    return xf_err_set(err, XF_ERR_INPUT,
                      "--baseline %s: no such design among the rows; expected one of %s", baseline,
                      list);
}

static void tbl_free(xf_tbl *t)
{
    free(t->t);
    free(t->an);
    free(t->cnt);
    free(t->gsp);
    free(t->ger);
    memset(t, 0, sizeof *t);
}

static void geomeans_of(xf_tbl *t)
{
    for (int a = 0; a < t->na; a++) {
        t->cnt[a] = 0;
        t->gsp[a] = t->ger[a] = 0;
    }
    for (int i = 0; i < t->n; i++) {
        if (t->t[i].base < 0)
            continue;
        int a = t->t[i].arch_rank;
        t->cnt[a]++;
        t->gsp[a] += log(t->t[i].sp);
        t->ger[a] += log(t->t[i].er);
    }
    for (int a = 0; a < t->na; a++) {
        t->gsp[a] = t->cnt[a] ? exp(t->gsp[a] / t->cnt[a]) : NAN;
        t->ger[a] = t->cnt[a] ? exp(t->ger[a] / t->cnt[a]) : NAN;
    }
}

/* Check, rank and sort the rows, pair them with their baselines, take the means. */
static int prepare(const xf_table_row *rows, int n, const xf_table_opts *o, xf_tbl *tb, xf_err *err)
{
    memset(tb, 0, sizeof *tb);
    tb->o = o;
    if (n <= 0)
        return xf_err_set(err, XF_ERR_INPUT, "no runs to compare");
    if (o->baseline == NULL || o->baseline[0] == '\0')
        return xf_err_set(err, XF_ERR_INPUT, "--baseline DESIGN is required");
    const char **models = calloc((size_t)n, sizeof *models);
    const char **seen = calloc((size_t)n, sizeof *seen);
    tb->t = calloc((size_t)n, sizeof *tb->t);
    tb->an = calloc((size_t)n, sizeof *tb->an);
    tb->cnt = calloc((size_t)n, sizeof *tb->cnt);
    tb->gsp = calloc((size_t)n, sizeof *tb->gsp);
    tb->ger = calloc((size_t)n, sizeof *tb->ger);
    if (!models || !seen || !tb->t || !tb->an || !tb->cnt || !tb->gsp || !tb->ger) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        goto fail;
    }
    int nm = 0, ns = 0;
    for (int i = 0; i < n; i++) {
        const xf_table_row *r = &rows[i];
        if (!r->arch || !r->model || !(r->latency_s > 0) || !(r->energy_j > 0) ||
            !isfinite(r->latency_s) || !isfinite(r->energy_j)) {
            xf_err_set(err, XF_ERR_INPUT,
                       "row %d (%s, %s, seq %lld): latency and energy must be positive and finite",
                       i + 1, r->arch ? r->arch : "?", r->model ? r->model : "?", r->seq);
            goto fail;
        }
        if (r->phase && strcmp(r->phase, "prefill") != 0 && strcmp(r->phase, "decode") != 0 &&
            strcmp(r->phase, "generate") != 0) {
            xf_err_set(err, XF_ERR_INPUT,
                       "row %d (%s, %s): phase '%s'; expected prefill, decode or generate", i + 1,
                       r->arch, r->model, r->phase);
            goto fail;
        }
        int m = 0;
        while (m < nm && strcmp(models[m], r->model) != 0)
            m++;
        if (m == nm)
            models[nm++] = r->model;
        int a = 0;
        while (a < ns && strcmp(seen[a], r->arch) != 0)
            a++;
        if (a == ns)
            seen[ns++] = r->arch;
        xf_trow *t = &tb->t[i];
        t->r = r;
        t->model_rank = m;
        t->decode = !r->phase                           ? 0
                    : strcmp(r->phase, "decode") == 0   ? 1
                    : strcmp(r->phase, "generate") == 0 ? 2
                                                        : 0;
        t->batch = r->batch > 0 ? r->batch : 1;
        t->area = known(r->area_mm2);
        t->power = known(r->power_w);
        tb->show_batch |= t->batch != 1;
        tb->show_decode |= t->decode != 0;
        tb->show_gen |= t->decode == 2;
    }
    const char *base = NULL;
    if (resolve_baseline(seen, ns, o->baseline, &base, err) != XF_OK)
        goto fail;
    tb->an[tb->na++] = base;
    for (int a = 0; a < ns; a++)
        if (seen[a] != base)
            tb->an[tb->na++] = seen[a];
    for (int i = 0; i < n; i++) {
        int a = 0;
        while (strcmp(tb->an[a], tb->t[i].r->arch) != 0)
            a++;
        tb->t[i].arch_rank = a;
    }
    tb->n = n;
    qsort(tb->t, (size_t)n, sizeof *tb->t, cmp_trow);
    for (int i = 0; i < n; i++) {
        xf_trow *t = &tb->t[i];
        int g = i;
        while (g > 0 && xf_tbl_same_point(&tb->t[g - 1], t))
            g--;
        if (i > g && tb->t[i - 1].arch_rank == t->arch_rank) {
            xf_err_set(err, XF_ERR_INPUT,
                       "two rows for design '%s', model '%s', seq %lld%s%s; select one (e.g. "
                       "--where or --sweep) or label the designs apart",
                       t->r->arch, t->r->model, t->r->seq,
                       t->decode == 2 ? ", generate"
                       : t->decode    ? ", decode"
                                      : "",
                       t->batch != 1 ? " at that batch" : "");
            goto fail;
        }
        t->base = tb->t[g].arch_rank == 0 ? g : -1;
        if (t->base >= 0) {
            t->sp = tb->t[g].r->latency_s / t->r->latency_s;
            t->er = tb->t[g].r->energy_j / t->r->energy_j;
        } else {
            t->sp = t->er = NAN;
        }
    }
    geomeans_of(tb);
    free(models);
    free(seen);
    return XF_OK;
fail:
    free(models);
    free(seen);
    tbl_free(tb);
    return err->code;
}

int xf_table_geomeans(const xf_table_row *rows, int n, const char *baseline, xf_table_geomean *out,
                      int max, int *n_out, xf_err *err)
{
    *n_out = 0;
    xf_table_opts o = {baseline, XF_TABLE_TEXT, NULL, 0};
    xf_tbl t;
    if (prepare(rows, n, &o, &t, err) != XF_OK)
        return err->code;
    for (int a = 1; a < t.na && *n_out < max; a++) {
        out[*n_out].arch = t.an[a];
        out[*n_out].n = t.cnt[a];
        out[*n_out].speedup = t.gsp[a];
        out[*n_out].energy_ratio = t.ger[a];
        (*n_out)++;
    }
    tbl_free(&t);
    return XF_OK;
}

int xf_table_write(FILE *out, const xf_table_row *rows, int n, const xf_table_opts *o, xf_err *err)
{
    xf_tbl t;
    if (prepare(rows, n, o, &t, err) != XF_OK)
        return err->code;
    switch (o->format) {
    case XF_TABLE_CSV:
        xf_tbl_csv(out, &t);
        break;
    case XF_TABLE_JSON:
        xf_tbl_json(out, &t, err);
        break;
    case XF_TABLE_MD:
        xf_tbl_md(out, &t);
        break;
    case XF_TABLE_TEX:
        xf_tbl_tex(out, &t);
        break;
    default:
        xf_tbl_text(out, &t);
    }
    if (err->code == XF_OK && ferror(out))
        xf_err_set(err, XF_ERR_RUNTIME, "cannot write the table");
    tbl_free(&t);
    return err->code;
}
