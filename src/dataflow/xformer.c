/* X-Former dataflow (DESIGN.md section 6; X-Former sections IV-V).
 *
 * Mapping:
 * - static MVMs on the Projection Engine (PE): weight-stationary crossbars; a k x n weight
 *   occupies ceil(k/rows) x ceil(n / (cols/slices)) crossbars; every input vector (token) goes
 *   through all of them in parallel in one full MVM (input_bits cycles with 1-bit DACs);
 *   `weight_replicas` copies process that many tokens at once; row-block partial sums are
 *   added digitally; inputs are read from and outputs written to the shared memory.
 *   Q, K and V projections (and gate/up of a gated FFN) sit in separate tiles and run
 *   concurrently.
 * - dynamic MVMs on the Attention Engine (AE), Q/V-stationary: Q^T of every head is written
 *   into SRAM-CiM arrays (d_head rows, queries x bits columns) and the K vectors are streamed;
 *   softmax runs on the SFU; V is written (keys rows, d_head x bits columns) and probability
 *   rows are streamed. Heads run in parallel; when the arrays of all heads exceed the AE, they
 *   run in `passes`. The scores between QK^T and AV live in the AE intermediate buffer; what
 *   does not fit spills to DRAM and is read back (energy and time counted).
 * - non-linear and element-wise ops on the SFU; PE<->AE traffic on the bus.
 * - layers one after another (the AE holds one layer).
 *
 * Schedule of one layer: stage A = ops before the first dynamic MVM (Q/K/V projections,
 * pre-norms), stage B = the attention ops (dynamic MVMs, their writes, scaling, softmax,
 * spill, bus), stage C = the ops after it (O projection, FFN, norms, adds).
 * Without sequence blocking: T = T_A + T_B + T_C.
 * With sequence blocking of SB tokens (N_B = ceil(n / SB) blocks): the PE produces Q/K/V of
 * block i+1 while the AE works on block i, so
 *     T = T_A/N_B + (N_B - 1) max(T_A/N_B, T_B/N_B) + T_B/N_B + T_C,
 * where T_B is computed with an SB x SB intermediate (so a spill that SL x SL would cause
 * disappears) plus the block accumulator traffic. The AE keeps the stationary operands of
 * the blocks it has received and streams each new vector to them, so its total work is the
 * unblocked work spread over the blocks. O/FFN need the final attention of a block, which is
 * only complete after the last key, so stage C does not overlap (a conservative choice).
 */
#include "dataflow.h"

#include <math.h>
#include <string.h>

/* Partial sums kept in the block accumulator are 32-bit (8-bit x 8-bit products summed over up
 * to 2^16 keys need 32 bits). */
#define XF_PARTIAL_SUM_BYTES 4.0

typedef struct {
    double needed;    /* crossbars to hold every static weight once */
    double available; /* crossbars of the engine, all replicas */
    double capacity;  /* distinct weights' crossbars the engine holds (available / replicas) */
    int reprogram;
    double tiles;
} pe_sizing;

static double op_arrays(const xf_mvm_array *a, const xf_op *op)
{
    return xf_mvm_arrays_for(a, (double)op->k, (double)op->n);
}

static double layer_static_arrays(const xf_mvm_array *xb, const xf_layer *l)
{
    double s = 0.0;
    for (int i = 0; i < l->n_ops; i++)
        if (l->ops[i].kind == XF_OP_STATIC_MVM)
            s += op_arrays(xb, &l->ops[i]);
    return s;
}

static pe_sizing size_pe(const xf_arch *a, const xf_workload *w)
{
    const xf_pe_cfg *pe = &a->pe;
    pe_sizing z;
    memset(&z, 0, sizeof z);
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        double copies = (l->stack && w->model.shared_layers) ? 1.0 : (double)l->repeat;
        z.needed += layer_static_arrays(&pe->xbar.core, l) * copies;
    }
    double per_tile = (double)pe->cores_per_tile * pe->xbars_per_core;
    if (pe->size_to_model) {
        z.tiles = ceil(z.needed / per_tile);
        z.available = z.tiles * per_tile * pe->replicas;
    } else {
        z.tiles = pe->tiles;
        z.available = z.tiles * per_tile;
    }
    z.capacity = floor(z.available / pe->replicas);
    z.reprogram = z.needed > z.capacity;
    return z;
}

/* Energy of n full MVMs of an analog array, split by component. */
static void mvm_energy(const xf_mvm_array *a, double n_mvm, xf_comp array_comp, xf_df_energy *e)
{
    double c = n_mvm * a->cycles;
    e->e[array_comp] += c * a->e_cycle_array;
    e->e[XF_COMP_ADC] += c * a->e_cycle_adc;
    e->e[XF_COMP_DAC] += c * a->e_cycle_dac;
    e->e[XF_COMP_SH] += c * a->e_cycle_sh;
    e->e[XF_COMP_SHIFT_ADD] += c * a->e_cycle_sa;
}

static int is_name(const xf_op *op, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(op->name, *names) == 0)
            return 1;
    return 0;
}

/* Ops that run concurrently with the static op before them (separate tiles). */
static int concurrent_with_prev(const xf_op *op, const xf_op *prev)
{
    static const char *const names[] = {"k_proj", "v_proj", "xk_proj", "xv_proj", "ffn_up", NULL};
    return prev && prev->kind == XF_OP_STATIC_MVM && op->kind == XF_OP_STATIC_MVM &&
           is_name(op, names);
}

/* Ops whose output crosses the bus (PE -> AE for Q/K/V, AE -> PE for the attention output). */
static int crosses_bus(const xf_op *op)
{
    static const char *const names[] = {"q_proj",  "k_proj", "v_proj", "xq_proj", "xk_proj",
                                        "xv_proj", "av",     "xav",    NULL};
    return is_name(op, names);
}

typedef struct {
    const xf_arch *a;
    const xf_workload *w;
    xf_result *r;
    const pe_sizing *z;
    double stage[3]; /* T_A, T_B, T_C of one instance */
    double busy[XF_ENG_COUNT];
    xf_df_energy e;
    double e_kind[XF_OP_KIND_COUNT];
    double group_max; /* latency of the running concurrent group */
    double spill_bytes;
    double cim_writes;
} layer_ctx;

static void account(layer_ctx *c, xf_layer_result *lr, const char *name, xf_engine eng, int stage,
                    double lat, double busy, const xf_df_energy *e, xf_op_kind kind)
{
    double en = xf_df_energy_sum(e);
    xf_df_add_op(lr, name, eng, lat, busy, en);
    c->stage[stage] += lat;
    c->busy[eng] += busy;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        c->e.e[i] += e->e[i];
    c->e_kind[kind] += en;
}

static void pe_static(layer_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev,
                      int stage)
{
    const xf_arch *a = c->a;
    const xf_mvm_array *xb = &a->pe.xbar.core;
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    double m = (double)op->m * (double)op->heads;
    double arrays = op_arrays(xb, op);
    double t = ceil(m / a->pe.replicas) * xb->t_mvm;
    mvm_energy(xb, m * arrays, XF_COMP_XBAR, &e);
    double row_blocks = ceil((double)op->k / xb->rows);
    e.e[XF_COMP_SHIFT_ADD] += (row_blocks - 1.0) * (double)op->n * m * a->pe.sa.e_op;
    e.e[XF_COMP_BUFFER] += xf_buffer_read_energy(&a->pe.shared_mem, (double)op->act_in_bytes) +
                           xf_buffer_write_energy(&a->pe.shared_mem, (double)op->act_out_bytes);
    double lat;
    if (concurrent_with_prev(op, prev)) {
        lat = t > c->group_max ? t - c->group_max : 0.0;
        c->group_max = t > c->group_max ? t : c->group_max;
    } else {
        lat = t;
        c->group_max = t;
    }
    account(c, lr, op->name, XF_ENG_PE, stage, lat, t, &e, XF_OP_STATIC_MVM);
    if (c->z->reprogram) {
        /* The engine cannot hold every layer: this op's weights are written before use. */
        xf_df_energy we;
        memset(&we, 0, sizeof we);
        double xbars = arrays * a->pe.replicas;
        we.e[XF_COMP_NVM_WRITE] = xbars * xb->e_write;
        double tw = ceil(xbars / a->pe.write_parallel) * xb->t_write;
        account(c, lr, "nvm_reprogram", XF_ENG_PE, stage, tw, tw, &we, XF_OP_STATIC_MVM);
        c->r->nvm_writes += xbars * xb->rows * xb->cols; /* per instance; scaled by caller */
    }
}

/* Number of passes the AE needs for the dynamic ops of one layer (all heads at once). */
static double ae_passes(const xf_arch *a, const xf_layer *l)
{
    const xf_mvm_array *ca = &a->ae.array.core;
    double need = 0.0;
    for (int i = 0; i < l->n_ops; i++) {
        const xf_op *op = &l->ops[i];
        if (op->kind == XF_OP_DYNAMIC_MVM)
            need += (double)op->heads * (strcmp(op->name, "qk") == 0 || strcmp(op->name, "xqk") == 0
                                             ? xf_mvm_arrays_for(ca, (double)op->k, (double)op->m)
                                             : xf_mvm_arrays_for(ca, (double)op->k, (double)op->n));
    }
    double avail = (double)a->ae.tiles * a->ae.banks_per_tile * a->ae.arrays_per_bank;
    return need > 0 ? ceil(need / avail) : 1.0;
}

static void ae_dynamic(layer_ctx *c, xf_layer_result *lr, const xf_op *op, double passes,
                       long long sb)
{
    const xf_arch *a = c->a;
    const xf_mvm_array *ca = &a->ae.array.core;
    int is_qk = strcmp(op->name, "qk") == 0 || strcmp(op->name, "xqk") == 0;
    double h = (double)op->heads, mq = (double)op->m, dk = (double)op->k, dn = (double)op->n;
    /* Stationary operand: Q^T (k = d_head rows, m queries) or V (k = keys rows, n = d_head). */
    double st_rows = dk, st_cols = is_qk ? mq : dn;
    double streams = is_qk ? dn : mq;
    double arrays = xf_mvm_arrays_for(ca, st_rows, st_cols);
    /* write the stationary operand: elements x bits cells, rows in parallel over arrays */
    xf_df_energy we;
    memset(&we, 0, sizeof we);
    double cells = h * st_rows * st_cols * a->a_bits;
    we.e[XF_COMP_CIM_WRITE] = cells * ca->e_write_cell;
    double rows_per_array = st_rows < ca->rows ? st_rows : ca->rows;
    double tw = passes * rows_per_array * ca->t_write_row;
    c->cim_writes += cells;
    account(c, lr, is_qk ? "q_write" : "v_write", XF_ENG_AE, 1, tw, tw, &we, XF_OP_DYNAMIC_MVM);
    /* compute */
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    mvm_energy(ca, h * arrays * streams, XF_COMP_CIM, &e);
    double t = passes * streams * ca->t_mvm;
    account(c, lr, op->name, XF_ENG_AE, 1, t, t, &e, XF_OP_DYNAMIC_MVM);
    if (!is_qk)
        return;
    /* Scores between QK^T and the softmax: kept at score_bits in the intermediate buffer
     * (written once, read once by the SFU), spilling to DRAM what does not fit; the
     * probabilities stream from the SFU into the V arrays. With sequence blocking the
     * intermediate of one block is SB x SB per head. */
    double bits = a->ae.score_bits;
    double total = h * mq * dn * bits / 8.0;
    double tile_q = sb > 0 && sb < mq ? (double)sb : mq;
    double tile_k = sb > 0 && sb < dn ? (double)sb : dn;
    double tiles = ceil(mq / tile_q) * ceil(dn / tile_k);
    double per_tile = h * tile_q * tile_k * bits / 8.0;
    double cap = a->ae.intermediate.capacity;
    double spill = per_tile > cap ? tiles * (per_tile - cap) : 0.0;
    xf_df_energy be;
    memset(&be, 0, sizeof be);
    double onchip = total - spill;
    be.e[XF_COMP_BUFFER] = xf_buffer_write_energy(&a->ae.intermediate, onchip) +
                           xf_buffer_read_energy(&a->ae.intermediate, onchip);
    account(c, lr, "scores_buffer", XF_ENG_AE, 1, 0.0, 0.0, &be, XF_OP_DYNAMIC_MVM);
    if (spill > 0.0) {
        if (!a->has_dram)
            return;
        xf_df_energy de;
        memset(&de, 0, sizeof de);
        de.e[XF_COMP_DRAM] = xf_dram_energy(&a->dram, 2.0 * spill);
        double td = xf_dram_time(&a->dram, 2.0 * spill);
        c->spill_bytes += spill;
        account(c, lr, "spill", XF_ENG_DRAM, 1, td, td, &de, XF_OP_DYNAMIC_MVM);
    }
    if (sb > 0 && tiles > 1.0) {
        /* Block sequence accumulator: partial A.V sums (32-bit) of a query block are read and
         * written once per key block. */
        xf_df_energy ae;
        memset(&ae, 0, sizeof ae);
        double acc = tiles * h * tile_q * dk * XF_PARTIAL_SUM_BYTES;
        ae.e[XF_COMP_BUFFER] = xf_buffer_read_energy(&a->ae.accumulator, acc) +
                               xf_buffer_write_energy(&a->ae.accumulator, acc);
        account(c, lr, "block_accumulate", XF_ENG_AE, 1, 0.0, 0.0, &ae, XF_OP_DYNAMIC_MVM);
    }
}

static void sfu_op(layer_ctx *c, xf_layer_result *lr, const xf_op *op, int stage)
{
    xf_vop_counts k = xf_df_vector_counts(op);
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    e.e[XF_COMP_SFU] = xf_sfu_energy(&c->a->sfu, &k);
    double t = xf_sfu_time(&c->a->sfu, &k);
    c->group_max = 0.0;
    account(c, lr, op->name, XF_ENG_SFU, stage, t, t, &e, op->kind);
}

static void bus_op(layer_ctx *c, xf_layer_result *lr, const xf_op *op, int stage)
{
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    double bytes = (double)op->act_out_bytes;
    e.e[XF_COMP_BUS] = xf_bus_energy(&c->a->bus, bytes);
    double t = xf_bus_time(&c->a->bus, bytes);
    account(c, lr,
            strcmp(op->name, "av") == 0 || strcmp(op->name, "xav") == 0 ? "bus_to_pe" : "bus_to_ae",
            XF_ENG_BUS, stage, t, t, &e, op->kind);
}

static void area(const xf_arch *a, const pe_sizing *z, xf_result *r)
{
    const xf_mvm_array *xb = &a->pe.xbar.core, *ca = &a->ae.array.core;
    double n = z->available;
    r->area_by_comp[XF_COMP_XBAR] += n * xb->area_cells;
    r->area_by_comp[XF_COMP_ADC] += n * xb->area_adc;
    r->area_by_comp[XF_COMP_DAC] += n * xb->area_dac;
    r->area_by_comp[XF_COMP_SH] += n * xb->area_sh;
    r->area_by_comp[XF_COMP_SHIFT_ADD] += n * xb->area_sa;
    r->area_by_comp[XF_COMP_BUFFER] +=
        z->tiles * (a->pe.shared_mem.area + a->pe.cores_per_tile * a->pe.scratchpad.area);
    double m = (double)a->ae.tiles * a->ae.banks_per_tile * a->ae.arrays_per_bank;
    r->area_by_comp[XF_COMP_CIM] += m * ca->area_cells;
    r->area_by_comp[XF_COMP_ADC] += m * ca->area_adc;
    r->area_by_comp[XF_COMP_DAC] += m * ca->area_dac;
    r->area_by_comp[XF_COMP_SH] += m * ca->area_sh;
    r->area_by_comp[XF_COMP_SHIFT_ADD] += m * ca->area_sa;
    r->area_by_comp[XF_COMP_BUFFER] += a->ae.intermediate.area + a->ae.accumulator.area;
    r->area_by_comp[XF_COMP_SFU] += a->sfu.area;
    r->area_by_comp[XF_COMP_BUS] += a->bus.area;
}

int xf_dataflow_xformer(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    (void)err;
    pe_sizing z = size_pe(a, w);
    r->xbars_needed = z.needed;
    r->xbars_available = z.available;
    r->reprogram = z.reprogram;
    r->endurance = a->pe.xbar.endurance;
    r->inferences_per_s = a->inferences_per_s;
    r->n_layers = w->n_layers;
    double cim_writes = 0.0;
    for (int li = 0; li < w->n_layers; li++) {
        const xf_layer *l = &w->layers[li];
        xf_layer_result *lr = &r->layers[li];
        memset(lr, 0, sizeof *lr);
        memcpy(lr->name, l->name, sizeof lr->name);
        lr->stack = l->stack;
        lr->repeat = l->repeat;
        layer_ctx c;
        memset(&c, 0, sizeof c);
        c.a = a;
        c.w = w;
        c.r = r;
        c.z = &z;
        double writes_before = r->nvm_writes;
        int first = -1, last = -1;
        for (int i = 0; i < l->n_ops; i++)
            if (l->ops[i].kind == XF_OP_DYNAMIC_MVM) {
                if (first < 0)
                    first = i;
                last = i;
            }
        double passes = ae_passes(a, l);
        long long sb = a->sequence_block;
        double nq = first >= 0 ? (double)l->ops[first].m : 0.0;
        double nblk = (sb > 0 && first >= 0) ? ceil(nq / (double)sb) : 1.0;
        long long sb_eff = nblk > 1.0 ? sb : 0;
        const xf_op *prev = NULL;
        for (int i = 0; i < l->n_ops; i++) {
            const xf_op *op = &l->ops[i];
            int stage = first < 0 ? 2 : (i < first ? 0 : (i <= last ? 1 : 2));
            switch (op->kind) {
            case XF_OP_STATIC_MVM:
                pe_static(&c, lr, op, prev, stage);
                if (crosses_bus(op) && first >= 0)
                    bus_op(&c, lr, op, 1);
                break;
            case XF_OP_DYNAMIC_MVM:
                ae_dynamic(&c, lr, op, passes, sb_eff);
                if (crosses_bus(op))
                    bus_op(&c, lr, op, 2);
                break;
            default:
                sfu_op(&c, lr, op, stage);
            }
            prev = op;
        }
        double t_unblocked = c.stage[0] + c.stage[1] + c.stage[2];
        double t = t_unblocked;
        if (nblk > 1.0) {
            double ta = c.stage[0] / nblk, tb = c.stage[1] / nblk;
            t = ta + (nblk - 1.0) * (ta > tb ? ta : tb) + tb + c.stage[2];
            xf_df_add_op(lr, "sb_overlap", XF_ENG_PE, t - t_unblocked, 0.0, 0.0);
        }
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
        r->nvm_writes = writes_before + (r->nvm_writes - writes_before) * rep;
        cim_writes += c.cim_writes * rep;
    }
    (void)cim_writes;
    /* Static power of the buffers that have a leakage source, over the whole run. */
    double leak = z.tiles * (a->pe.shared_mem.leak + a->pe.cores_per_tile * a->pe.scratchpad.leak) +
                  a->ae.intermediate.leak + a->ae.accumulator.leak;
    r->energy_by_comp[XF_COMP_LEAKAGE] += leak * r->latency;
    area(a, &z, r);
    if (r->nvm_writes > 0.0) {
        double cells = z.available * a->pe.xbar.core.rows * a->pe.xbar.core.cols;
        r->writes_per_cell_mean = r->nvm_writes / cells;
        r->writes_per_cell_max = ceil(r->writes_per_cell_mean);
        r->lifetime_infer = r->endurance / r->writes_per_cell_max;
        r->lifetime_s = r->lifetime_infer / r->inferences_per_s;
    }
    xf_result_finish(r, w);
    return XF_OK;
}
