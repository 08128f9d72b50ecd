/* SRAM compute-in-memory arrays: dynamic MVMs (X-Former's attention engine, Q/V-stationary)
 * and, for the SRAM-only baseline, static MVMs with weights streamed from DRAM. */
#include "dataflow.h"

#include <math.h>
#include <string.h>

/* Arrays the stationary operand of a dynamic op takes per head: Q^T (d_head rows, queries x
 * bits columns) for QK^T, V (keys rows, d_head x bits columns) for A.V. */
static double stationary_arrays(const xf_mvm_array *ca, const xf_op *op)
{
    return xf_df_is_qk(op) ? xf_mvm_arrays_for(ca, (double)op->k, (double)op->m)
                           : xf_mvm_arrays_for(ca, (double)op->k, (double)op->n);
}

double xf_df_cim_passes(const xf_arch *a, const xf_layer *l, double arrays)
{
    double need = 0.0;
    for (int i = 0; i < l->n_ops; i++)
        if (l->ops[i].kind == XF_OP_DYNAMIC_MVM)
            need += (double)l->ops[i].heads * stationary_arrays(&a->ae.array.core, &l->ops[i]);
    return need > 0 && arrays > 0 ? ceil(need / arrays) : 1.0;
}

/* Bytes of the scores that do not fit in the intermediate buffer (capacity cap), summed over
 * the tiles of a q x k score matrix cut into tq x tk tiles (edge tiles are smaller);
 * bytes_per_score counts every head. Never more than the scores themselves. */
static double score_spill(double bytes_per_score, double q, double tq, double k, double tk,
                          double cap)
{
    double fq = floor(q / tq), rq = q - fq * tq, fk = floor(k / tk), rk = k - fk * tk;
    const double count[4] = {fq * fk, fq * (rk > 0), (rq > 0) * fk, (rq > 0) * (rk > 0)};
    const double size[4] = {tq * tk, tq * rk, rq * tk, rq * rk};
    double spill = 0.0;
    for (int i = 0; i < 4; i++) {
        double over = size[i] * bytes_per_score - cap;
        if (count[i] > 0 && over > 0)
            spill += count[i] * over;
    }
    return spill;
}

/* Dynamic MVM: write the stationary operand (rows in parallel over the arrays), stream the
 * other one (heads in parallel, `passes` rounds when they do not all fit). After QK^T, the
 * scores (score_bits each) wait in the intermediate buffer for the softmax; what does not fit
 * spills to DRAM and is read back. With sequence blocking the intermediate of one block is
 * SB x SB per head, and partial A.V sums go through the block accumulator. */
void xf_df_dynamic_cim(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op)
{
    const xf_arch *a = c->a;
    const xf_mvm_array *ca = &a->ae.array.core;
    int is_qk = xf_df_is_qk(op);
    double h = (double)op->heads, mq = (double)op->m, dk = (double)op->k, dn = (double)op->n;
    double st_rows = dk, st_cols = is_qk ? mq : dn;
    double streams = is_qk ? dn : mq;
    double arrays = stationary_arrays(ca, op);
    xf_df_energy we;
    memset(&we, 0, sizeof we);
    double cells = h * st_rows * st_cols * a->a_bits;
    we.e[XF_COMP_CIM_WRITE] = cells * ca->e_write_cell;
    double rows_per_array = st_rows < ca->rows ? st_rows : ca->rows;
    double tw = c->passes * rows_per_array * ca->t_write_row;
    xf_df_account(c, lr, is_qk ? "q_write" : "v_write", XF_ENG_AE, 1, tw, tw, &we,
                  XF_OP_DYNAMIC_MVM);
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    xf_df_mvm_energy(ca, h * arrays * streams, XF_COMP_CIM, &e);
    double t = c->passes * streams * ca->t_mvm;
    xf_df_account(c, lr, op->name, XF_ENG_AE, 1, t, t, &e, XF_OP_DYNAMIC_MVM);
    if (!is_qk)
        return;
    long long sb = c->sb;
    double bits = a->ae.score_bits;
    double total = h * mq * dn * bits / 8.0;
    double tile_q = sb > 0 && sb < mq ? (double)sb : mq;
    double tile_k = sb > 0 && sb < dn ? (double)sb : dn;
    double tiles = ceil(mq / tile_q) * ceil(dn / tile_k);
    double spill = score_spill(h * bits / 8.0, mq, tile_q, dn, tile_k, a->ae.intermediate.capacity);
    if (!a->has_dram)
        spill = 0.0; /* no DRAM: the arch file must size the buffer (not reached by the files) */
    xf_df_energy be;
    memset(&be, 0, sizeof be);
    double onchip = total - spill;
    be.e[XF_COMP_BUFFER] = xf_buffer_write_energy(&a->ae.intermediate, onchip) +
                           xf_buffer_read_energy(&a->ae.intermediate, onchip);
    xf_df_account(c, lr, "scores_buffer", XF_ENG_AE, 1, 0.0, 0.0, &be, XF_OP_DYNAMIC_MVM);
    if (spill > 0.0) {
        xf_df_energy de;
        memset(&de, 0, sizeof de);
        de.e[XF_COMP_DRAM] = xf_dram_energy(&a->dram, 2.0 * spill);
        double td = xf_dram_time(&a->dram, 2.0 * spill);
        c->spill_bytes += spill;
        xf_df_account(c, lr, "spill", XF_ENG_DRAM, 1, td, td, &de, XF_OP_DYNAMIC_MVM);
    }
    if (sb > 0 && tiles > 1.0) {
        xf_df_energy ae;
        memset(&ae, 0, sizeof ae);
        double acc = tiles * h * tile_q * dk * XF_PARTIAL_SUM_BYTES;
        ae.e[XF_COMP_BUFFER] = xf_buffer_read_energy(&a->ae.accumulator, acc) +
                               xf_buffer_write_energy(&a->ae.accumulator, acc);
        xf_df_account(c, lr, "block_accumulate", XF_ENG_AE, 1, 0.0, 0.0, &ae, XF_OP_DYNAMIC_MVM);
    }
}

/* SRAM-only baseline, static MVM: the weights do not stay on chip. They are fetched from DRAM
 * and written into the CiM arrays chunk by chunk (as many arrays as the engine has), then the
 * tokens stream through the chunk. Fetch, write and compute of a chunk do not overlap (the
 * paper: only a small part of the off-chip latency can be hidden). */
void xf_df_static_cim(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev,
                      int stage)
{
    const xf_arch *a = c->a;
    const xf_mvm_array *ca = &a->ae.array.core;
    double m = (double)op->m * (double)op->heads;
    double arrays = xf_mvm_arrays_for(ca, (double)op->k, (double)op->n);
    double avail = c->z->cim_arrays;
    double chunks = ceil(arrays / avail);
    double bytes = (double)op->weight_bytes;
    xf_df_energy fe, we, e;
    memset(&fe, 0, sizeof fe);
    memset(&we, 0, sizeof we);
    memset(&e, 0, sizeof e);
    fe.e[XF_COMP_DRAM] = xf_dram_energy(&a->dram, bytes);
    double tf = xf_dram_time(&a->dram, bytes);
    we.e[XF_COMP_CIM_WRITE] = (double)op->k * (double)op->n * a->w_bits * ca->e_write_cell;
    double rows = (double)op->k < ca->rows ? (double)op->k : ca->rows;
    double tw = chunks * rows * ca->t_write_row;
    xf_df_mvm_energy(ca, m * arrays, XF_COMP_CIM, &e);
    e.e[XF_COMP_BUFFER] += xf_buffer_read_energy(&a->ae.intermediate, (double)op->act_in_bytes) +
                           xf_buffer_write_energy(&a->ae.intermediate, (double)op->act_out_bytes);
    double t = chunks * m * ca->t_mvm;
    c->group_max = 0.0;
    (void)prev;
    xf_df_account(c, lr, "weight_fetch", XF_ENG_DRAM, stage, tf, tf, &fe, XF_OP_STATIC_MVM);
    xf_df_account(c, lr, "weight_write", XF_ENG_AE, stage, tw, tw, &we, XF_OP_STATIC_MVM);
    xf_df_account(c, lr, op->name, XF_ENG_AE, stage, t, t, &e, XF_OP_STATIC_MVM);
}
