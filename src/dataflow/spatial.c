/* The schedule shared by the in-memory designs (DESIGN.md section 6; X-Former sections IV-V).
 *
 * Mapping (engines in engine_*.c):
 * - X-Former: static MVMs on the NVM projection engine (PE), dynamic MVMs on the SRAM-CiM
 *   attention engine (AE, Q/V-stationary), the rest on the SFU, PE<->AE traffic on the bus.
 * - PUMA: static MVMs on crossbars, dynamic MVMs and their softmax on the cores' VFU lanes.
 * - NVM-ideal: every MVM on crossbars; K^T and V written for every input.
 * - SRAM-CiM: every MVM on SRAM-CiM arrays; weights streamed from DRAM.
 * Layers run one after another (the attention engine holds one layer).
 *
 * One layer: stage A = ops before the first dynamic MVM (Q/K/V projections, pre-norms),
 * stage B = the attention ops (dynamic MVMs, their writes, scaling, softmax, spill, bus),
 * stage C = the ops after it (O projection, FFN, norms, adds).
 * Without sequence blocking: T = T_A + T_B + T_C.
 * With sequence blocking of SB tokens (X-Former only; N_B = ceil(n / SB) blocks) the PE
 * produces Q/K/V of block i+1 while the AE works on block i:
 *     T = T_A/N_B + (N_B - 1) max(T_A/N_B, T_B/N_B) + T_B/N_B + T_C
 * when SB divides n (a shorter last block takes its share: the two-stage pipeline formula
 * in xf_dataflow_spatial),
 * with T_B computed for an SB x SB intermediate (so the SL x SL spill disappears) and the
 * block accumulator traffic added. The AE keeps the stationary operands of the blocks it has
 * received and streams each new vector to them, so its total work is the unblocked work spread
 * over the blocks. O/FFN need the final attention of a block, complete only after the last
 * key, so stage C does not overlap (the conservative reading).
 */
#include "dataflow.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double xf_df_energy_sum(const xf_df_energy *e)
{
    double s = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        s += e->e[i];
    return s;
}

int xf_df_is_qk(const xf_op *op)
{
    return strcmp(op->name, "qk") == 0 || strcmp(op->name, "xqk") == 0;
}

void xf_df_mvm_energy(const xf_mvm_array *a, double n_mvm, xf_comp array_comp, xf_df_energy *e)
{
    double c = n_mvm * a->cycles;
    e->e[array_comp] += c * a->e_cycle_array;
    e->e[XF_COMP_ADC] += c * a->e_cycle_adc;
    e->e[XF_COMP_DAC] += c * a->e_cycle_dac;
    e->e[XF_COMP_SH] += c * a->e_cycle_sh;
    e->e[XF_COMP_SHIFT_ADD] += c * a->e_cycle_sa;
}

void xf_df_account(xf_df_ctx *c, xf_layer_result *lr, const char *name, xf_engine eng, int stage,
                   double lat, double busy, const xf_df_energy *e, xf_op_kind kind)
{
    double en = xf_df_energy_sum(e);
    if (xf_df_add_op(c->r, lr, name, eng, lat, busy, en) < 0)
        c->full = 1;
    c->stage[stage] += lat;
    c->busy[eng] += busy;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        c->e.e[i] += e->e[i];
    c->e_kind[kind] += en;
}

static int is_name(const xf_op *op, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(op->name, *names) == 0)
            return 1;
    return 0;
}

double xf_df_concurrent(xf_df_ctx *c, const xf_op *op, const xf_op *prev, double t)
{
    static const char *const names[] = {"k_proj", "v_proj", "xk_proj", "xv_proj", "ffn_up", NULL};
    int conc = prev && prev->kind == XF_OP_STATIC_MVM && op->kind == XF_OP_STATIC_MVM &&
               is_name(op, names);
    if (!conc) {
        c->group_max = t;
        return t;
    }
    double lat = t > c->group_max ? t - c->group_max : 0.0;
    if (t > c->group_max)
        c->group_max = t;
    return lat;
}

/* Ops whose output crosses the PE<->AE bus (X-Former). */
static int crosses_bus(const xf_op *op)
{
    static const char *const names[] = {"q_proj",  "k_proj", "v_proj", "xq_proj", "xk_proj",
                                        "xv_proj", "av",     "xav",    NULL};
    return is_name(op, names);
}

/* Softmax and score scaling of PUMA run on the attention cores' VFU lanes. */
static int on_attention_lanes(const xf_arch *a, const xf_op *op, int stage)
{
    return a->family == XF_FAM_PUMA && stage == 1 && op->kind != XF_OP_DYNAMIC_MVM;
}

void xf_df_sfu(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, int stage)
{
    xf_vop_counts k = xf_df_vector_counts(op);
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    double t;
    xf_engine eng = XF_ENG_SFU;
    if (on_attention_lanes(c->a, op, stage)) {
        const xf_sfu *lane = &c->a->vfu.lane_ops;
        double lanes = (double)op->heads * c->a->vfu.cores_per_head * c->a->vfu.lanes_per_core;
        double cyc = 0.0;
        for (int i = 0; i < XF_VOP_COUNT; i++)
            cyc += ceil(k.n[i] / lanes);
        t = cyc / lane->freq;
        e.e[XF_COMP_SFU] = xf_sfu_energy(lane, &k);
    } else {
        t = xf_sfu_time(&c->a->sfu, &k);
        e.e[XF_COMP_SFU] = xf_sfu_energy(&c->a->sfu, &k);
    }
    c->group_max = 0.0;
    xf_df_account(c, lr, op->name, eng, stage, t, t, &e, op->kind);
}

static void bus_op(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, int stage)
{
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    double bytes = (double)op->act_out_bytes;
    e.e[XF_COMP_BUS] = xf_bus_energy(&c->a->bus, bytes);
    double t = xf_bus_time(&c->a->bus, bytes);
    xf_df_account(c, lr, op->kind == XF_OP_DYNAMIC_MVM ? "bus_to_pe" : "bus_to_ae", XF_ENG_BUS,
                  stage, t, t, &e, op->kind);
}

/* ------------------------------------------------------------------------------ sizing */

static double layer_static_arrays(const xf_mvm_array *arr, const xf_layer *l)
{
    double s = 0.0;
    for (int i = 0; i < l->n_ops; i++)
        if (l->ops[i].kind == XF_OP_STATIC_MVM)
            s += xf_mvm_arrays_for(arr, (double)l->ops[i].k, (double)l->ops[i].n);
    return s;
}

/* Crossbars to hold every static weight of the workload once. */
static double weight_arrays(const xf_mvm_array *arr, const xf_workload *w)
{
    double n = 0.0;
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        double copies = (l->stack && w->model.shared_layers) ? 1.0 : (double)l->repeat;
        n += layer_static_arrays(arr, l) * copies;
    }
    return n;
}

/* Area of a projection engine of `xbars` crossbars in `tiles` tiles, by component. */
static void pe_area(const xf_pe_cfg *pe, double xbars, double tiles, double *by_comp)
{
    const xf_mvm_array *xb = &pe->xbar.core;
    by_comp[XF_COMP_XBAR] += xbars * xb->area_cells;
    by_comp[XF_COMP_ADC] += xbars * xb->area_adc;
    by_comp[XF_COMP_DAC] += xbars * xb->area_dac;
    by_comp[XF_COMP_SH] += xbars * xb->area_sh;
    by_comp[XF_COMP_SHIFT_ADD] += xbars * xb->area_sa;
    by_comp[XF_COMP_BUFFER] +=
        tiles * (pe->shared_mem.area + pe->cores_per_tile * pe->scratchpad.area);
}

static double sum(const double *v)
{
    double s = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        s += v[i];
    return s;
}

/* Area of the reference design of iso_area for this workload. */
static double iso_reference_area(const xf_arch *a, const xf_workload *w)
{
    const xf_pe_cfg *pe = &a->iso.pe;
    double by[XF_COMP_COUNT] = {0};
    if (a->iso.ref_has_pe) {
        double per_tile = (double)pe->cores_per_tile * pe->xbars_per_core;
        double need = weight_arrays(&pe->xbar.core, w);
        double tiles = pe->size_to_model ? ceil(need / per_tile) : pe->tiles;
        pe_area(pe, tiles * per_tile * pe->replicas, tiles, by);
    }
    return sum(by) + a->iso.fixed_area;
}

static xf_df_sizing size_design(const xf_arch *a, const xf_workload *w, double *iso_ref)
{
    xf_df_sizing z;
    memset(&z, 0, sizeof z);
    z.replicas = 1.0;
    *iso_ref = a->iso.on ? iso_reference_area(a, w) : 0.0;
    if (a->has_pe) {
        const xf_pe_cfg *pe = &a->pe;
        double per_tile = (double)pe->cores_per_tile * pe->xbars_per_core;
        z.weights = weight_arrays(&pe->xbar.core, w);
        /* NVM-ideal: one set of crossbars for K^T and V serves the layers one after another;
         * in decode every layer keeps its KV cache in crossbars (only new keys are written). */
        int decode = w->params.phase == XF_PHASE_DECODE;
        if (a->family == XF_FAM_NVM_IDEAL)
            for (int i = 0; i < w->n_layers; i++) {
                double d = xf_df_dynamic_xbar_arrays(a, &w->layers[i]);
                if (decode)
                    z.dynamic += d * w->layers[i].repeat;
                else
                    z.dynamic = d > z.dynamic ? d : z.dynamic;
            }
        if (a->iso.on) {
            /* Spend the reference's area, less this design's fixed parts, on crossbars: the
             * tiles (with their memories) of one copy of the weights and the dynamic operands,
             * then crossbars in those tiles: the dynamic operands' first, then as many copies of
             * the weights as fit (copies share the tiles, as X-Former's replicas do). */
            double tile_by[XF_COMP_COUNT] = {0};
            pe_area(pe, 0.0, 1.0, tile_by);
            z.tiles = ceil((z.weights + z.dynamic) / per_tile);
            double room = *iso_ref - xf_arch_fixed_area(a) - z.tiles * sum(tile_by);
            z.available = room > 0 ? floor(room / pe->xbar.core.area) : 0.0;
            double copies = floor((z.available - z.dynamic) / z.weights);
            z.replicas = copies >= 1.0 ? copies : 1.0;
            z.reprogram = copies < 1.0;
        } else if (pe->size_to_model) {
            z.tiles = ceil((z.weights + z.dynamic) / per_tile);
            z.replicas = pe->replicas;
            z.available = z.tiles * per_tile * pe->replicas;
        } else {
            z.tiles = pe->tiles;
            z.available = z.tiles * per_tile;
            z.replicas = pe->replicas;
            z.reprogram = z.weights + z.dynamic > floor(z.available / pe->replicas);
        }
    }
    if (a->has_ae) {
        double n = (double)a->ae.tiles * a->ae.banks_per_tile * a->ae.arrays_per_bank;
        if (a->iso.on && !a->has_pe) {
            /* SRAM-CiM at iso-area: as many arrays as the reference's area holds beside this
             * design's SFU, bus and buffers. */
            double fixed =
                a->sfu.area + a->bus.area + a->ae.intermediate.area + a->ae.accumulator.area;
            double room = *iso_ref - fixed;
            n = room > 0 ? floor(room / a->ae.array.core.area) : 0.0;
        }
        z.cim_arrays = n > 1.0 ? n : 1.0;
    }
    return z;
}

static void area(const xf_arch *a, const xf_df_sizing *z, xf_result *r)
{
    if (a->has_pe)
        pe_area(&a->pe, z->available, z->tiles, r->area_by_comp);
    if (a->has_ae) {
        const xf_mvm_array *ca = &a->ae.array.core;
        double m = z->cim_arrays;
        r->area_by_comp[XF_COMP_CIM] += m * ca->area_cells;
        r->area_by_comp[XF_COMP_ADC] += m * ca->area_adc;
        r->area_by_comp[XF_COMP_DAC] += m * ca->area_dac;
        r->area_by_comp[XF_COMP_SH] += m * ca->area_sh;
        r->area_by_comp[XF_COMP_SHIFT_ADD] += m * ca->area_sa;
        r->area_by_comp[XF_COMP_BUFFER] += a->ae.intermediate.area + a->ae.accumulator.area;
    }
    r->area_by_comp[XF_COMP_SFU] += a->sfu.area;
    r->area_by_comp[XF_COMP_BUS] += a->bus.area;
}

/* -------------------------------------------------------------------------- schedule */

static void map_op(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev, int stage,
                   int has_attention)
{
    const xf_arch *a = c->a;
    switch (op->kind) {
    case XF_OP_STATIC_MVM:
        if (a->family == XF_FAM_SRAM_CIM)
            xf_df_static_cim(c, lr, op, prev, stage);
        else
            xf_df_static_xbar(c, lr, op, prev, stage);
        if (a->family == XF_FAM_XFORMER && has_attention && crosses_bus(op))
            bus_op(c, lr, op, 1);
        break;
    case XF_OP_DYNAMIC_MVM:
        if (a->family == XF_FAM_PUMA)
            xf_df_dynamic_vfu(c, lr, op);
        else if (a->family == XF_FAM_NVM_IDEAL)
            xf_df_dynamic_xbar(c, lr, op);
        else
            xf_df_dynamic_cim(c, lr, op);
        if (a->family == XF_FAM_XFORMER && crosses_bus(op))
            bus_op(c, lr, op, 2);
        c->group_max = 0.0;
        break;
    default:
        xf_df_sfu(c, lr, op, stage);
    }
}

static void lifetime(const xf_arch *a, const xf_workload *w, const xf_df_sizing *z, xf_result *r)
{
    r->endurance = a->has_pe ? a->pe.xbar.endurance : a->ae.array.endurance;
    if (r->nvm_writes <= 0.0 || !a->has_pe || z->available <= 0)
        return;
    const xf_mvm_array *xb = &a->pe.xbar.core;
    double cells = z->available * xb->rows * xb->cols;
    r->writes_per_cell_mean = r->nvm_writes / cells;
    /* The busiest cell: the reprogrammed weight crossbars are all rewritten each time their
     * layer comes; the dynamic-operand crossbars take every K^T/V write of every layer. */
    double dyn_cells = z->dynamic * xb->rows * xb->cols;
    double max = r->writes_per_cell_mean;
    if (a->family == XF_FAM_NVM_IDEAL && w->params.phase == XF_PHASE_DECODE) {
        max = xb->verify_iters; /* a decode step writes each appended cell once */
    } else if (a->family == XF_FAM_NVM_IDEAL && dyn_cells > 0) {
        double per_layer_writes = 0.0;
        int layers = 0;
        for (int i = 0; i < r->n_layers; i++) {
            const xf_op_result *o = xf_layer_rows(r, &r->layers[i]);
            for (int k = 0; k < r->layers[i].n_ops; k++)
                if (!strcmp(o[k].name, "k_write") || !strcmp(o[k].name, "x_write"))
                    layers += r->layers[i].repeat;
        }
        per_layer_writes = layers > 0 ? (double)layers : 1.0;
        max = per_layer_writes * xb->verify_iters; /* each layer rewrites the same cells */
    } else if (z->reprogram) {
        max = ceil(r->writes_per_cell_mean);
    }
    r->writes_per_cell_max = max > r->writes_per_cell_mean ? max : r->writes_per_cell_mean;
    r->lifetime_infer = r->endurance / r->writes_per_cell_max;
    r->lifetime_s = r->lifetime_infer / r->inferences_per_s;
}

int xf_dataflow_spatial(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    double iso_ref = 0.0;
    xf_df_sizing z = size_design(a, w, &iso_ref);
    /* Iso-area: the dynamic operands (K^T and V of every key, NVM-ideal) grow with the
     * sequence while the reference's area hardly does; past some length they alone fill it. */
    if (a->has_pe && (z.available <= 0 || z.available <= z.dynamic)) {
        unsigned long long keys = w->params.phase == XF_PHASE_DECODE
                                      ? (unsigned long long)w->params.context + 1
                                      : (unsigned long long)w->params.seq;
        char dyn[160] = "";
        if (z.dynamic > 0)
            snprintf(dyn, sizeof dyn, " and %.4g for K^T and V of %llu keys", z.dynamic, keys);
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: iso_area: the reference %s (%.4g mm^2) leaves no room for "
                          "crossbars: %.4g needed for the weights%s, in %.4g tiles; expected %s",
                          a->file, a->iso.ref_name, iso_ref * 1e6, z.weights, dyn, z.tiles,
                          z.dynamic > 0 ? "a shorter sequence or context, or a larger reference"
                                        : "a larger reference");
    }
    r->xbars_needed = z.weights;
    r->xbars_available = z.available;
    r->reprogram = z.reprogram;
    r->replicas = z.replicas;
    r->cim_arrays = a->has_ae ? z.cim_arrays : 0.0;
    r->iso_reference_area = iso_ref;
    r->inferences_per_s = a->inferences_per_s;
    r->n_layers = w->n_layers;
    for (int li = 0; li < w->n_layers; li++) {
        const xf_layer *l = &w->layers[li];
        xf_layer_result *lr = xf_df_layer_begin(r, li, l);
        xf_df_ctx c;
        memset(&c, 0, sizeof c);
        c.a = a;
        c.w = w;
        c.r = r;
        c.l = l;
        c.z = &z;
        int first = -1, last = -1;
        for (int i = 0; i < l->n_ops; i++)
            if (l->ops[i].kind == XF_OP_DYNAMIC_MVM) {
                if (first < 0)
                    first = i;
                last = i;
            }
        c.passes = a->has_ae ? xf_df_cim_passes(a, l, z.cim_arrays) : 1.0;
        long long sb = a->family == XF_FAM_XFORMER ? a->sequence_block : 0;
        double nq = first >= 0 ? (double)l->ops[first].m : 0.0;
        double nblk = (sb > 0 && first >= 0) ? ceil(nq / (double)sb) : 1.0;
        c.sb = nblk > 1.0 ? sb : 0;
        const xf_op *prev = NULL;
        for (int i = 0; i < l->n_ops; i++) {
            int stage = first < 0 ? 2 : (i < first ? 0 : (i <= last ? 1 : 2));
            map_op(&c, lr, &l->ops[i], prev, stage, first >= 0);
            prev = &l->ops[i];
        }
        double t_unblocked = c.stage[0] + c.stage[1] + c.stage[2];
        double t = t_unblocked;
        if (nblk > 1.0) {
            /* N_B - 1 full blocks of SB tokens and a last one of 1..SB tokens, each taking its
             * share of T_A and T_B. Two-stage pipeline (flow shop): the layer's attention part
             * ends at max over k of A(blocks 1..k) + B(blocks k..N_B), which for blocks that
             * are all full is T_A/N_B + (N_B - 1) max(T_A/N_B, T_B/N_B) + T_B/N_B. */
            double full = nblk - 1.0, last = nq - full * (double)sb;
            double fa = c.stage[0] * (double)sb / nq, fb = c.stage[1] * (double)sb / nq;
            double la = c.stage[0] * last / nq, lb = c.stage[1] * last / nq;
            double t1 = fa + full * fb + lb; /* k = 1 */
            double t2 = full * fa + fb + lb; /* k = N_B - 1 */
            double t3 = full * fa + la + lb; /* k = N_B */
            double tp = t1 > t2 ? t1 : t2;
            t = (tp > t3 ? tp : t3) + c.stage[2];
            if (xf_df_add_op(r, lr, "sb_overlap", XF_ENG_PE, t - t_unblocked, 0.0, 0.0) < 0)
                c.full = 1;
        }
        if (c.full)
            return xf_df_rows_overflow(lr, err);
        lr->latency = t;
        lr->energy = xf_df_energy_sum(&c.e);
        double rep = (double)l->repeat;
        r->latency += t * rep;
        xf_df_add_energy(r, &c.e, rep);
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            r->energy_by_kind[k] += c.e_kind[k] * rep;
        for (int e = 0; e < XF_ENG_COUNT; e++)
            r->busy[e] += c.busy[e] * rep;
        r->spill_bytes += c.spill_bytes * rep;
        r->nvm_writes += c.nvm_writes * rep;
    }
    /* Static power of the buffers that have a leakage source, over the whole run. */
    double leak = 0.0;
    if (a->has_pe)
        leak += z.tiles * (a->pe.shared_mem.leak + a->pe.cores_per_tile * a->pe.scratchpad.leak);
    if (a->has_ae)
        leak += a->ae.intermediate.leak + a->ae.accumulator.leak;
    r->energy_by_comp[XF_COMP_LEAKAGE] += leak * r->latency;
    area(a, &z, r);
    lifetime(a, w, &z, r);
    xf_result_finish(r, w);
    return XF_OK;
}
