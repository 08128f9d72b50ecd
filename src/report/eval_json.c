/* The JSON report of one evaluation (cJSON). Why its own file: the one user of cJSON among
 * the reports of an evaluation. Invariants: every number is the CSV's (printed with %.9g and
 * read back, so both print the same digits); a number the model does not give is null; the
 * keys of the headline are the CSV's column names. */
#include "xf/db.h"
#include "xf/eval_report.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The CSV's value of v: 9 significant digits. */
static double csv_num(double v)
{
    char b[40];
    snprintf(b, sizeof b, "%.9g", v);
    return strtod(b, NULL);
}

static void num(cJSON *o, const char *k, double v)
{
    if (isfinite(v))
        cJSON_AddNumberToObject(o, k, csv_num(v));
    else
        cJSON_AddNullToObject(o, k); /* JSON has no inf (a lifetime with nothing written) */
}

static void num_or_null(cJSON *o, const char *k, int known, double v)
{
    if (known)
        num(o, k, v);
    else
        cJSON_AddNullToObject(o, k);
}

/* {"key": "value", ...} of the canonical overrides (sorted, last value of a key). */
static cJSON *overrides(const xf_eval_src *s)
{
    cJSON *o = cJSON_CreateObject();
    char text[8192];
    if (!o || xf_eval_overrides_text(s->sets, s->n_sets, "\n", text, sizeof text) <= 0)
        return o;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        cJSON_AddStringToObject(o, line, eq + 1);
    }
    return o;
}

static cJSON *engines(const xf_arch *a, const xf_result *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; arr && i < r->n_engines; i++) {
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        cJSON_AddItemToArray(arr, e);
        cJSON_AddStringToObject(e, "name", r->engine_name[i]);
        int d = xf_die_find(&a->die, r->engine_name[i]);
        const xf_engine_kind *k = d >= 0 ? a->die.eng[d].kind : NULL;
        if (k)
            cJSON_AddStringToObject(e, "kind", k->name);
        char what[400] = "";
        if (k && k->describe)
            k->describe(xf_die_state(&a->die, d), what, sizeof what);
        if (what[0])
            cJSON_AddStringToObject(e, "description", what);
        num(e, "utilisation", r->utilisation[i]);
        num(e, "busy_s", r->busy[i]);
        num(e, "static_power_w", r->static_power[i]);
    }
    return arr;
}

static cJSON *components(const xf_result *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (int c = 0; arr && c < XF_COMP_COUNT; c++) {
        if (r->energy_by_comp[c] == 0.0 && r->area_by_comp[c] == 0.0)
            continue;
        cJSON *e = cJSON_CreateObject();
        if (!e)
            break;
        cJSON_AddItemToArray(arr, e);
        cJSON_AddStringToObject(e, "component", xf_comp_name((xf_comp)c));
        num(e, "energy_j", r->energy_by_comp[c]);
        num_or_null(e, "area_mm2", r->area_known, r->area_by_comp[c] * 1e6);
        /* the CSV prints the share with 6 decimals */
        char b[40];
        snprintf(b, sizeof b, "%.6f", r->energy > 0 ? r->energy_by_comp[c] / r->energy : 0.0);
        cJSON_AddNumberToObject(e, "energy_share", strtod(b, NULL));
        num(e, "dynamic_j", r->energy_by_comp[c] - r->static_by_comp[c]);
        num(e, "static_j", r->static_by_comp[c]);
    }
    return arr;
}

static cJSON *layers(const xf_result *r)
{
    cJSON *arr = cJSON_CreateArray();
    for (int l = 0; arr && l < r->n_layers; l++) {
        const xf_layer_result *lr = &r->layers[l];
        for (int i = 0; i < lr->repeat; i++) {
            char label[40];
            if (lr->stack)
                snprintf(label, sizeof label, "%s.%d", lr->name, i);
            else
                snprintf(label, sizeof label, "%s", lr->name);
            for (int k = 0; k < lr->n_ops; k++) {
                const xf_op_result *o = &xf_layer_rows(r, lr)[k];
                cJSON *e = cJSON_CreateObject();
                if (!e)
                    return arr;
                cJSON_AddItemToArray(arr, e);
                cJSON_AddStringToObject(e, "layer", label);
                cJSON_AddStringToObject(e, "op", o->name);
                cJSON_AddStringToObject(e, "engine", xf_result_engine(r, o->engine));
                num(e, "latency_s", o->latency);
                num(e, "energy_j", o->energy);
            }
        }
    }
    return arr;
}

char *xf_eval_json_text(const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                        int breakdown)
{
    const xf_arch *a = s->arch;
    const xf_wl_params *p = &w->params;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "arch", a->name);
    cJSON_AddStringToObject(o, "model", w->model.name);
    int generate = r->tokens > 0;
    /* as the CSV: seq is a generation's prompt and null in a decoder's decode */
    if (generate)
        cJSON_AddNumberToObject(o, "seq", (double)r->prompt);
    else if (p->phase == XF_PHASE_DECODE && w->model.family == XF_FAMILY_DECODER)
        cJSON_AddNullToObject(o, "seq");
    else
        cJSON_AddNumberToObject(o, "seq", (double)p->seq);
    cJSON_AddNumberToObject(o, "batch", (double)p->batch);
    cJSON_AddStringToObject(o, "phase", generate ? "generate" : xf_phase_name(p->phase));
    num(o, "latency_s", r->latency);
    num(o, "energy_j", r->energy);
    num_or_null(o, "area_mm2", r->area_known, r->area * 1e6);
    num(o, "power_w", r->power);
    num(o, "tops", r->tops);
    num(o, "tops_per_w", r->tops_per_w);
    num(o, "edp_js", r->edp);
    num(o, "nvm_writes", r->nvm_writes);
    num_or_null(o, "power_density_w_per_cm2", r->area_known, r->power_density * 1e-4);
    if (r->area_known) {
        cJSON_AddNumberToObject(o, "over_die", r->over_die);
        cJSON_AddNumberToObject(o, "over_power", r->over_power);
    } else {
        cJSON_AddNullToObject(o, "over_die");
        cJSON_AddNullToObject(o, "over_power");
    }
    if (generate) {
        cJSON_AddNullToObject(o, "context");
        cJSON_AddNumberToObject(o, "tokens", (double)r->tokens);
        num(o, "ttft_s", r->ttft);
        num(o, "tokens_per_s", r->tokens_per_s);
        num(o, "energy_per_token_j", r->energy_per_token);
    } else {
        cJSON_AddNumberToObject(o, "context", (double)p->context);
        cJSON_AddNullToObject(o, "tokens");
        cJSON_AddNullToObject(o, "ttft_s");
        cJSON_AddNullToObject(o, "tokens_per_s");
        cJSON_AddNullToObject(o, "energy_per_token_j");
    }
    cJSON_AddItemToObject(o, "overrides", overrides(s));
    /* beyond the CSV: what produced the numbers */
    cJSON_AddBoolToObject(o, "area_known", r->area_known != 0);
    cJSON_AddStringToObject(o, "arch_file", a->file);
    if (s->n_sets == 0 && a->description[0])
        cJSON_AddStringToObject(o, "description", a->description);
    cJSON *files = cJSON_CreateArray();
    if (files && s->spec) {
        int nf = 0;
        const char(*f)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(s->spec, &nf);
        for (int i = 0; i < nf; i++)
            cJSON_AddItemToArray(files, cJSON_CreateString(f[i]));
    }
    cJSON_AddItemToObject(o, "technology", files);
    cJSON_AddNumberToObject(o, "sequence_block", r->sequence_block);
    cJSON_AddNumberToObject(o, "dies", r->dies);
    num(o, "link_bytes", r->link_bytes);
    num(o, "kv_cache_bytes", r->kv_bytes);
    num(o, "kv_on_die_bytes", r->kv_on_die_bytes);
    if (generate) {
        num(o, "prefill_energy_j", r->prefill_energy);
        num(o, "decode_latency_s", r->decode_latency);
        num(o, "decode_energy_j", r->decode_energy);
        num(o, "nvm_writes_per_cell_per_token", r->writes_per_token);
        num(o, "sram_writes_per_token", r->sram_per_token);
        if (isfinite(r->lifetime_tokens))
            num(o, "lifetime_tokens", r->lifetime_tokens);
        else
            cJSON_AddNullToObject(o, "lifetime_tokens");
    }
    cJSON_AddItemToObject(o, "engines", engines(a, r));
    if (breakdown & XF_BREAKDOWN_COMPONENT)
        cJSON_AddItemToObject(o, "components", components(r));
    if (breakdown & XF_BREAKDOWN_LAYER)
        cJSON_AddItemToObject(o, "layers", layers(r));
    char *text = cJSON_Print(o);
    cJSON_Delete(o);
    return text;
}

int xf_eval_json(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                 int breakdown, xf_err *err)
{
    char *text = xf_eval_json_text(s, w, r, breakdown);
    if (!text)
        return xf_err_set(err, XF_ERR_RUNTIME, "eval: out of memory for the JSON report");
    fprintf(out, "%s\n", text);
    free(text);
    return XF_OK;
}
