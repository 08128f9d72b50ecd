/* What an evaluation ran, in text (the canonical overrides, the point), and its CSV reports
 * (headline, components, layers). Invariant: the CSV keeps its columns in their order and
 * appends new ones at the end; a number the model does not give is an empty field. */
#include "xf/db.h"
#include "xf/eval_report.h"
#include "xf/text.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    char key[128];
    char value[256];
    int pos;
} canon;

static int by_key_then_pos(const void *x, const void *y)
{
    const canon *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : a->pos - b->pos;
}

int xf_eval_overrides_text(const char *const *sets, int n_sets, const char *sep, char *buf,
                           size_t n)
{
    if (n > 0)
        buf[0] = '\0';
    if (n_sets <= 0)
        return 0;
    canon *cs = calloc((size_t)n_sets, sizeof *cs);
    if (!cs)
        return -1;
    int m = 0, bad = 0;
    for (int i = 0; i < n_sets && !bad; i++) {
        const char *eq = strchr(sets[i], '=');
        const char *k = sets[i];
        while (*k == ' ' || *k == '\t')
            k++;
        size_t kl = eq ? (size_t)(eq - k) : 0;
        while (kl > 0 && (k[kl - 1] == ' ' || k[kl - 1] == '\t'))
            kl--;
        if (!eq || kl == 0 || kl >= sizeof cs[m].key) {
            bad = 1;
            break;
        }
        memcpy(cs[m].key, k, kl);
        cs[m].key[kl] = '\0';
        xf_canon_value(eq + 1, cs[m].value, sizeof cs[m].value);
        cs[m].pos = i;
        m++;
    }
    if (!bad)
        qsort(cs, (size_t)m, sizeof *cs, by_key_then_pos);
    int keys = 0;
    size_t o = 0;
    for (int i = 0; i < m && !bad; i++) {
        if (i + 1 < m && strcmp(cs[i].key, cs[i + 1].key) == 0)
            continue; /* the last of equal keys */
        int w = snprintf(buf + o, n - o, "%s%s=%s", keys ? sep : "", cs[i].key, cs[i].value);
        if (w < 0 || (size_t)w >= n - o)
            bad = 1;
        else
            o += (size_t)w;
        keys++;
    }
    free(cs);
    if (bad) {
        if (n > 0)
            buf[0] = '\0';
        return -1;
    }
    return keys;
}

const char *xf_eval_point_text(const xf_wl_params *p, const xf_result *r, char *buf, size_t n)
{
    if (r && r->tokens > 0)
        snprintf(buf, n, "generate, prompt %lld, %lld tokens, batch %lld", r->prompt, r->tokens,
                 p->batch);
    else if (p->phase == XF_PHASE_DECODE && p->seq > 0)
        snprintf(buf, n, "decode, context %lld, n = %lld, batch %lld", p->context, p->seq,
                 p->batch);
    else if (p->phase == XF_PHASE_DECODE)
        snprintf(buf, n, "decode, context %lld, batch %lld", p->context, p->batch);
    else
        snprintf(buf, n, "%s, n = %lld, batch %lld", xf_phase_name(p->phase), p->seq, p->batch);
    return buf;
}

void xf_eval_csv_header(FILE *out)
{
    fprintf(out, "arch,model,seq,batch,phase,latency_s,energy_j,area_mm2,power_w,tops,tops_per_w,"
                 "edp_js,nvm_writes,power_density_w_per_cm2,over_die,over_power,context,tokens,"
                 "ttft_s,tokens_per_s,energy_per_token_j,overrides\n");
}

void xf_eval_csv_row(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r)
{
    char area[32] = "", density[32] = "", over_die[4] = "", over_power[4] = "";
    if (r->area_known) {
        snprintf(area, sizeof area, "%.9g", r->area * 1e6);
        snprintf(density, sizeof density, "%.9g", r->power_density * 1e-4);
        snprintf(over_die, sizeof over_die, "%d", r->over_die);
        snprintf(over_power, sizeof over_power, "%d", r->over_power);
    }
    xf_csv_field(out, s->arch->name);
    fputc(',', out);
    xf_csv_field(out, w->model.name);
    /* seq: the prompt of a generation, empty in a decoder's decode (it has only a context);
     * context: empty in a generation (it grows); the generation's columns empty otherwise */
    char seq[24] = "", ctx[24] = "", gen[128] = ",,,";
    int generate = r->tokens > 0, dec_only = w->model.family == XF_FAMILY_DECODER;
    if (generate)
        snprintf(seq, sizeof seq, "%lld", r->prompt);
    else if (!(w->params.phase == XF_PHASE_DECODE && dec_only))
        snprintf(seq, sizeof seq, "%lld", w->params.seq);
    if (!generate)
        snprintf(ctx, sizeof ctx, "%lld", w->params.context);
    else
        snprintf(gen, sizeof gen, "%lld,%.9g,%.9g,%.9g", r->tokens, r->ttft, r->tokens_per_s,
                 r->energy_per_token);
    fprintf(out, ",%s,%lld,%s,%.9g,%.9g,%s,%.9g,%.9g,%.9g,%.9g,%.9g,%s,%s,%s,%s,%s,", seq,
            w->params.batch, generate ? "generate" : xf_phase_name(w->params.phase), r->latency,
            r->energy, area, r->power, r->tops, r->tops_per_w, r->edp, r->nvm_writes, density,
            over_die, over_power, ctx, gen);
    char ovr[8192];
    xf_eval_overrides_text(s->sets, s->n_sets, ";", ovr, sizeof ovr);
    xf_csv_field(out, ovr);
    fputc('\n', out);
}

void xf_eval_csv_components(FILE *out, const xf_result *r)
{
    fprintf(out, "component,energy_j,area_mm2,energy_share,dynamic_j,static_j\n");
    for (int c = 0; c < XF_COMP_COUNT; c++) {
        if (r->energy_by_comp[c] == 0.0 && r->area_by_comp[c] == 0.0)
            continue;
        char area[32] = "";
        if (r->area_known)
            snprintf(area, sizeof area, "%.9g", r->area_by_comp[c] * 1e6);
        fprintf(out, "%s,%.9g,%s,%.6f,%.9g,%.9g\n", xf_comp_name((xf_comp)c), r->energy_by_comp[c],
                area, r->energy > 0 ? r->energy_by_comp[c] / r->energy : 0.0,
                r->energy_by_comp[c] - r->static_by_comp[c], r->static_by_comp[c]);
    }
}

void xf_eval_csv_layers(FILE *out, const xf_result *r)
{
    fprintf(out, "layer,op,engine,latency_s,energy_j\n");
    for (int l = 0; l < r->n_layers; l++) {
        const xf_layer_result *lr = &r->layers[l];
        for (int i = 0; i < lr->repeat; i++) {
            char label[40];
            if (lr->stack)
                snprintf(label, sizeof label, "%s.%d", lr->name, i);
            else
                snprintf(label, sizeof label, "%s", lr->name);
            for (int k = 0; k < lr->n_ops; k++) {
                const xf_op_result *o = &xf_layer_rows(r, lr)[k];
                xf_csv_field(out, label);
                fputc(',', out);
                xf_csv_field(out, o->name);
                fputc(',', out);
                xf_csv_field(out, xf_result_engine(r, o->engine));
                fprintf(out, ",%.9g,%.9g\n", o->latency, o->energy);
            }
        }
    }
}
