/* Generation: a prefill of the prompt (P tokens), then T decode steps with a growing context
 * (P, P + 1, ..., P + T - 1 cached tokens), each step evaluated as its own workload by the one
 * schedule, and the totals of the whole generation.
 *
 *     TTFT       = latency of the prefill (it yields the first token's logits)
 *     decode     = sum over the T steps of their latency / energy
 *     tokens/s   = b x T / decode latency   (b sequences of the batch, one token each per step)
 *     J/token    = decode energy / (b x T)
 *     total      = prefill + decode (latency and energy)
 * Wear: the most-written NVM cell of each pass, summed over the passes of one request (prompt
 * and T tokens; an upper bound when different passes write different cells), per generated
 * token, and the lifetime in requests at lifetime.inferences_per_s requests per second.
 *
 * Invariants: no allocation and no file; the caller's workload and result are the scratch of
 * every step, and at the end the result holds the last decode step's rows, sizes and area with
 * the totals of the generation. Cost: T + 1 evaluations.
 */
#include "xf/eval.h"

#include <math.h>
#include <string.h>

/* The running totals of the passes. */
typedef struct {
    double latency, ops, nvm, sram, spill, link, kv_read, kv_write, wear_max, wear_mean;
    double e[XF_COMP_COUNT], st[XF_COMP_COUNT], kind[XF_OP_KIND_COUNT];
    double busy[XF_MAX_ENGINES], powered[XF_MAX_ENGINES];
    double endurance;
} gen_sum;

static void add_pass(gen_sum *s, const xf_result *r)
{
    s->latency += r->latency;
    s->ops += r->ops;
    s->nvm += r->nvm_writes;
    s->sram += r->sram_writes;
    s->spill += r->spill_bytes;
    s->link += r->link_bytes;
    s->kv_read += r->kv_read_bytes;
    s->kv_write += r->kv_write_bytes;
    s->wear_max += r->writes_per_cell_max;
    s->wear_mean += r->writes_per_cell_mean;
    if (r->writes_per_cell_max > 0.0)
        s->endurance = r->endurance;
    for (int c = 0; c < XF_COMP_COUNT; c++) {
        s->e[c] += r->energy_by_comp[c];
        s->st[c] += r->static_by_comp[c];
    }
    for (int k = 0; k < XF_OP_KIND_COUNT; k++)
        s->kind[k] += r->energy_by_kind[k];
    for (int e = 0; e < r->n_engines; e++) {
        s->busy[e] += r->busy[e];
        s->powered[e] += r->powered[e] * r->static_power[e];
    }
}

static int check(const xf_model *m, const xf_wl_params *p, xf_err *err)
{
    if (m->family != XF_FAMILY_DECODER && m->family != XF_FAMILY_ENCDEC)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s is an %s model: generation needs a decoder or encoder-decoder "
                          "model; expected phase prefill",
                          m->name, xf_family_name(m->family));
    if (p->seq < 1 || p->seq > XF_WL_MAX_SEQ)
        return xf_err_set(err, XF_ERR_INPUT, "prompt of %lld tokens; expected 1 to %lld", p->seq,
                          XF_WL_MAX_SEQ);
    if (p->tokens < 1 || p->tokens > XF_WL_MAX_SEQ)
        return xf_err_set(err, XF_ERR_INPUT, "tokens = %lld; expected 1 to %lld generated tokens",
                          p->tokens, XF_WL_MAX_SEQ);
    if (p->context != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "a context applies only to the decode phase (a generation's context "
                          "grows from the prompt); expected none");
    long long window = xf_model_context(m);
    /* decoder: prompt + generated tokens share the window; encoder-decoder: the prompt is the
     * encoder's input, the generated tokens the decoder's */
    long long used = m->family == XF_FAMILY_DECODER ? p->seq + p->tokens : p->seq;
    if (window > 0 && used > window)
        return xf_err_set(err, XF_ERR_INPUT,
                          "prompt %lld + tokens %lld exceed %s's context of %lld tokens; "
                          "expected at most %lld in all",
                          p->seq, m->family == XF_FAMILY_DECODER ? p->tokens : 0LL, m->name, window,
                          window);
    return XF_OK;
}

int xf_generate(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                xf_result *r, xf_err *err)
{
    if (check(m, point, err) != XF_OK)
        return err->code;
    int encdec = m->family == XF_FAMILY_ENCDEC;
    xf_wl_params p = *point;
    p.tokens = 0;
    p.phase = XF_PHASE_PREFILL;
    if (encdec)
        p.dec_seq = 1; /* the encoder reads the prompt; the decoder starts from one token */
    gen_sum s;
    memset(&s, 0, sizeof s);
    if (xf_eval_pass(a, m, &p, w, r, err) != XF_OK)
        return err->code;
    double ttft = r->latency, e_prefill = r->energy;
    add_pass(&s, r);
    p.phase = XF_PHASE_DECODE;
    p.dec_seq = 0;
    if (!encdec)
        p.seq = 0;
    long long first = encdec ? 1 : point->seq;
    for (long long i = 0; i < point->tokens; i++) {
        p.context = first + i;
        if (xf_eval_pass(a, m, &p, w, r, err) != XF_OK)
            return err->code;
        add_pass(&s, r);
    }
    /* r: the last step's sizes, area and rows; the generation's totals */
    r->latency = s.latency;
    memcpy(r->energy_by_comp, s.e, sizeof s.e);
    memcpy(r->static_by_comp, s.st, sizeof s.st);
    memcpy(r->energy_by_kind, s.kind, sizeof s.kind);
    r->static_energy = 0.0;
    for (int c = 0; c < XF_COMP_COUNT; c++)
        r->static_energy += s.st[c];
    for (int e = 0; e < r->n_engines; e++) {
        r->busy[e] = s.busy[e];
        r->powered[e] = r->static_power[e] > 0 ? s.powered[e] / r->static_power[e] : 0.0;
    }
    r->nvm_writes = s.nvm;
    r->sram_writes = s.sram;
    r->spill_bytes = s.spill;
    r->link_bytes = s.link;
    r->kv_read_bytes = s.kv_read;
    r->kv_write_bytes = s.kv_write;
    xf_result_derive(r, s.ops);
    double b = (double)point->batch, gen = b * (double)point->tokens;
    r->prompt = point->seq;
    r->tokens = point->tokens;
    r->ttft = ttft;
    r->prefill_energy = e_prefill;
    r->decode_latency = s.latency - ttft;
    r->decode_energy = r->energy - e_prefill;
    r->tokens_per_s = r->decode_latency > 0 ? gen / r->decode_latency : 0.0;
    r->energy_per_token = r->decode_energy / gen;
    r->sram_per_token = s.sram / gen;
    r->writes_per_cell_max = s.wear_max;
    r->writes_per_cell_mean = s.wear_mean;
    r->writes_per_token = s.wear_max / gen;
    if (s.wear_max > 0.0) {
        r->endurance = s.endurance;
        r->lifetime_infer = s.endurance / s.wear_max;
        r->lifetime_s = r->lifetime_infer / r->inferences_per_s;
        r->lifetime_tokens = r->lifetime_infer * gen;
    } else {
        r->lifetime_infer = r->lifetime_s = r->lifetime_tokens = INFINITY;
    }
    if (!xf_result_finite(r))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s on %s: the generation's estimate overflows (latency %.3g s, energy "
                          "%.3g J); expected a shorter generation",
                          a->name, m->name, r->latency, r->energy);
    return XF_OK;
}
