/* The readable report of one evaluation: what ran (the design as resolved, its overrides and
 * technology files), the headline numbers and the breakdowns. The file's description is printed
 * only when no override is given: it states the file as written, and an override may change
 * what it states (SB = 64 when 128 ran); the overrides line and the resolved figures below it
 * (blocking, the engines' own descriptions) say what ran. CSV: eval_csv.c, JSON: eval_json.c. */
#include "xf/eval_report.h"

#include "xf/fmt.h"
#include "xf/text.h"

#include <math.h>
#include <string.h>

static const char *e(char *b, size_t n, double v, const char *u)
{
    return xf_fmt_eng(b, n, v, u, 4);
}

/* Engine caveats: analog arrays whose ADC is short of the bits a column needs (adc_policy =
 * "fewer_rows"), and the engines' own notes (buffers outside their tables). */
static void adc_notes(FILE *out, const xf_arch *a)
{
    for (int i = 0; i < a->die.n; i++) {
        const xf_engine_kind *k = a->die.eng[i].kind;
        const xf_mvm_array *x = k->array ? k->array(xf_die_state(&a->die, i)) : NULL;
        if (x && x->row_groups > 1)
            fprintf(out,
                    "  ADC          %s: %d-bit ADCs read %d of %d rows at a time (a column needs "
                    "%d bits): %d reads per step\n",
                    a->die.eng[i].name, x->adc_bits, x->rows_per_read, x->rows, x->bits_needed,
                    x->row_groups);
        char note[400] = "";
        if (k->notes)
            k->notes(xf_die_state(&a->die, i), note, sizeof note);
        if (note[0])
            fprintf(out, "  note         %s: %s\n", a->die.eng[i].name, note);
    }
}

/* "  label        item, item, ..." wrapped at about 100 columns. */
static void list_line(FILE *out, const char *label, const char (*items)[XF_SPEC_FILE_LEN], int n)
{
    int col = fprintf(out, "  %-12s", label);
    for (int i = 0; i < n; i++) {
        int len = (int)strlen(items[i]) + (i + 1 < n ? 1 : 0);
        if (i > 0 && col + 1 + len > 100)
            col = fprintf(out, "\n  %-12s", "");
        col += fprintf(out, " %s%s", items[i], i + 1 < n ? "," : "");
    }
    fputc('\n', out);
}

/* What ran: the file (its description when nothing overrides it), the overrides, the
 * technology files, the engines and what each says of itself. */
static void what_ran(FILE *out, const xf_eval_src *s)
{
    const xf_arch *a = s->arch;
    char ovr[4096];
    int n_ovr = xf_eval_overrides_text(s->sets, s->n_sets, ", ", ovr, sizeof ovr);
    char safe[sizeof a->file]; /* user text, each control character as '?' (xf/text.h) */
    if (s->n_sets == 0 && a->description[0])
        fprintf(out, "  %s\n", xf_text_safe(safe, sizeof safe, a->description));
    fprintf(out, "  %-12s %s%s\n", "file", xf_text_safe(safe, sizeof safe, a->file),
            s->n_sets > 0 && a->description[0] ? " (description left out: overridden)" : "");
    if (n_ovr > 0)
        fprintf(out, "  %-12s %s\n", "overrides", xf_text_safe(ovr, sizeof ovr, ovr));
    if (s->spec) {
        int nf = 0;
        const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(s->spec, &nf);
        if (nf > 0)
            list_line(out, "technology", files, nf);
    }
    char eng[400];
    fprintf(out, "  %-12s %s\n", "engines", xf_arch_engines_text(a, eng, sizeof eng));
    for (int i = 0; i < a->die.n; i++) {
        const xf_engine_kind *k = a->die.eng[i].kind;
        char d[400] = "";
        if (k->describe)
            k->describe(xf_die_state(&a->die, i), d, sizeof d);
        if (d[0])
            fprintf(out, "  %-12s %s\n", a->die.eng[i].name, d);
    }
}

/* A generation's own figures (phase generate): TTFT, decode rate and energy, wear per token. */
static void generation(FILE *out, const xf_result *r)
{
    char b1[48], b2[48], b3[48];
    if (r->tokens <= 0)
        return;
    fprintf(out, "  TTFT         %s (prefill of %lld tokens, %s)\n", e(b1, sizeof b1, r->ttft, "s"),
            r->prompt, e(b2, sizeof b2, r->prefill_energy, "J"));
    fprintf(out, "  decode       %.4g tokens/s, %s per token (%lld steps: %s, %s)\n",
            r->tokens_per_s, e(b1, sizeof b1, r->energy_per_token, "J"), r->tokens,
            e(b2, sizeof b2, r->decode_latency, "s"), e(b3, sizeof b3, r->decode_energy, "J"));
    if (r->writes_per_token > 0)
        fprintf(out,
                "  endurance    %.4g writes per NVM cell per token (most-written cell); "
                "lifetime %.4g tokens, %.4g requests, %s at %.4g requests/s\n",
                r->writes_per_token, r->lifetime_tokens, r->lifetime_infer,
                e(b1, sizeof b1, r->lifetime_s, "s"), r->inferences_per_s);
    else if (r->sram_per_token > 0)
        fprintf(out,
                "  endurance    no NVM cell written at run time; %.4g SRAM-CiM cell writes per "
                "token (no wear)\n",
                r->sram_per_token);
    else
        fprintf(out, "  endurance    no cell written at run time\n");
    if (r->writes_per_token > 0 && r->sram_per_token > 0)
        fprintf(out, "  SRAM writes  %.4g SRAM-CiM cell writes per token (no wear)\n",
                r->sram_per_token);
}

void xf_eval_report(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                    int breakdown)
{
    char b1[48], b2[48], b3[48], b4[48], pt[120];
    const xf_arch *a = s->arch;
    char an[sizeof a->name], mn[sizeof w->model.name];
    fprintf(out, "xformer eval: %s on %s, %s\n", xf_text_safe(an, sizeof an, a->name),
            xf_text_safe(mn, sizeof mn, w->model.name),
            xf_eval_point_text(&w->params, r, pt, sizeof pt));
    what_ran(out, s);
    fprintf(out, "\n  latency      %s\n", e(b1, sizeof b1, r->latency, "s"));
    fprintf(out, "  energy       %s\n", e(b1, sizeof b1, r->energy, "J"));
    fprintf(out, "  power        %s\n", e(b1, sizeof b1, r->power, "W"));
    if (r->area_known)
        fprintf(out, "  area         %s\n", xf_fmt_area(b1, sizeof b1, r->area));
    else
        fprintf(out, "  area         not modelled\n");
    if (r->area_known && r->dies > 1)
        fprintf(out,
                "  dies         %d (the weights need them; chip.dies), each %s and %s on "
                "average; die-to-die links move %s %s\n",
                r->dies, xf_fmt_area(b1, sizeof b1, r->die_area),
                e(b2, sizeof b2, r->die_power, "W"), e(b3, sizeof b3, r->link_bytes, "B"),
                r->tokens > 0 ? "in the whole generation" : "per pass");
    if (r->area_known && (r->max_die_area > 0 || r->max_power_density > 0))
        fprintf(out, "  die          %s of %s (reticle)%s, %.3g W/cm^2 of %.3g%s\n",
                xf_fmt_area(b1, sizeof b1, r->die_area),
                xf_fmt_area(b2, sizeof b2, r->max_die_area), r->over_die ? ": EXCEEDS IT" : "",
                r->power_density * 1e-4, r->max_power_density * 1e-4,
                r->over_power ? ": EXCEEDS IT" : "");
    fprintf(out, "  throughput   %s (%s at 2 ops per MAC of the matrix products)\n",
            e(b1, sizeof b1, r->tops * 1e12, "OPS"), e(b2, sizeof b2, r->ops, "op"));
    fprintf(out, "  efficiency   %.4g TOPS/W\n", r->tops_per_w);
    fprintf(out, "  EDP          %s\n", e(b1, sizeof b1, r->edp, "J s"));
    generation(out, r);
    if (r->kv_bytes > 0)
        fprintf(out,
                "  KV cache     %s, %.4g %% of it on die (chip.kv_placement = %s); %s read, %s "
                "written\n",
                e(b1, sizeof b1, r->kv_bytes, "B"), 100.0 * r->kv_on_die_bytes / r->kv_bytes,
                xf_kv_placement_name(a->kv_placement), e(b2, sizeof b2, r->kv_read_bytes, "B"),
                e(b3, sizeof b3, r->kv_write_bytes, "B"));
    if (r->n_engines > 1) {
        fprintf(out, "  utilisation ");
        for (int e = 0; e < r->n_engines; e++)
            fprintf(out, " %s %.1f %%%s", r->engine_name[e], 100 * r->utilisation[e],
                    e + 1 < r->n_engines ? "," : "\n");
    }
    if (a->fixed_point) {
        if (r->xbars_available > 0) {
            fprintf(
                out,
                "  crossbars    %.0f needed for the weights, %.0f in the engine%s (%.0f %s)%s\n",
                r->xbars_needed, r->xbars_available, r->dies > 1 ? " on all dies" : "", r->replicas,
                r->replicas == 1 ? "copy" : "copies",
                r->reprogram ? "; the weights do not fit: reprogrammed per layer" : "");
            fprintf(out, "  NVM writes   %.4g cells per inference", r->nvm_writes);
            if (r->nvm_writes > 0)
                fprintf(out, " (%.3g per cell at most); lifetime %.4g inferences, %s at %.4g/s\n",
                        r->writes_per_cell_max, r->lifetime_infer,
                        e(b1, sizeof b1, r->lifetime_s, "s"), r->inferences_per_s);
            else
                fprintf(out, " (weights programmed once)\n");
        }
        if (r->cim_arrays > 0)
            fprintf(out, "  CiM arrays   %.0f SRAM compute-in-memory arrays\n", r->cim_arrays);
        if (r->iso_reference_area > 0)
            fprintf(out, "  iso-area     sized to %s: %s\n", a->iso_ref_name,
                    xf_fmt_area(b1, sizeof b1, r->iso_reference_area));
        if (r->spill_bytes > 0)
            fprintf(out, "  DRAM spill   %s of attention scores written and read back\n",
                    e(b1, sizeof b1, r->spill_bytes, "B"));
        if (r->sequence_block > 0)
            fprintf(out, "  blocking     sequence blocks of SB = %d tokens\n", r->sequence_block);
        else
            fprintf(out, "  blocking     none (whole-sequence dataflow)\n");
        adc_notes(out, a);
    }
    if (breakdown & XF_BREAKDOWN_COMPONENT) {
        fprintf(out, "\n  %-12s %12s %12s %12s %8s %14s\n", "component", "energy", "dynamic",
                "static", "share", "area");
        for (int c = 0; c < XF_COMP_COUNT; c++) {
            if (r->energy_by_comp[c] == 0.0 && r->area_by_comp[c] == 0.0)
                continue;
            fprintf(out, "  %-12s %12s %12s %12s %7.2f%% %14s\n", xf_comp_name((xf_comp)c),
                    e(b1, sizeof b1, r->energy_by_comp[c], "J"),
                    e(b3, sizeof b3, r->energy_by_comp[c] - r->static_by_comp[c], "J"),
                    e(b4, sizeof b4, r->static_by_comp[c], "J"),
                    r->energy > 0 ? 100 * r->energy_by_comp[c] / r->energy : 0.0,
                    r->area_known && r->area_by_comp[c] > 0
                        ? xf_fmt_area(b2, sizeof b2, r->area_by_comp[c])
                        : "-");
        }
        fprintf(out, "\n  static power (%s accounting):", xf_accounting_name(r->accounting));
        int any = 0;
        for (int k = 0; k < r->n_engines; k++)
            if (r->static_power[k] > 0) {
                fprintf(out, "%s %s %s over %s", any ? "," : "", r->engine_name[k],
                        e(b1, sizeof b1, r->static_power[k], "W"),
                        e(b2, sizeof b2, r->powered[k], "s"));
                any = 1;
            }
        fprintf(out, "%s\n", any ? "" : " none");
        fprintf(out, "\n  by operation kind:");
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            fprintf(out, " %s %.1f %%%s", xf_op_kind_name((xf_op_kind)k),
                    r->energy > 0 ? 100 * r->energy_by_kind[k] / r->energy : 0.0,
                    k + 1 < XF_OP_KIND_COUNT ? "," : "\n");
    }
    if (breakdown & XF_BREAKDOWN_LAYER) {
        fprintf(out, "\n  %-10s %-16s %-6s %12s %12s %12s\n", "layer", "op", "engine", "latency",
                "busy", "energy");
        for (int l = 0; l < r->n_layers; l++) {
            const xf_layer_result *lr = &r->layers[l];
            char label[48];
            if (lr->stack && lr->repeat > 1)
                snprintf(label, sizeof label, "%s x%d", lr->name, lr->repeat);
            else
                snprintf(label, sizeof label, "%s", lr->name);
            for (int k = 0; k < lr->n_ops; k++) {
                const xf_op_result *o = &xf_layer_rows(r, lr)[k];
                fprintf(out, "  %-10s %-16s %-6s %12s %12s %12s\n", k == 0 ? label : "", o->name,
                        xf_result_engine(r, o->engine), e(b1, sizeof b1, o->latency, "s"),
                        e(b2, sizeof b2, o->busy, "s"), e(b3, sizeof b3, o->energy, "J"));
            }
            fprintf(out, "  %-10s %-16s %-6s %12s %12s %12s\n", "", "per layer", "",
                    e(b1, sizeof b1, lr->latency, "s"), "", e(b4, sizeof b4, lr->energy, "J"));
        }
        fprintf(out, "  (latency: the op's share of the layer's critical path; with sequence "
                     "blocking the\n   sb_overlap row is the time the pipeline hides)\n");
    }
}
