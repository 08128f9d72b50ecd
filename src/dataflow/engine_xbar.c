/* NVM crossbars: static MVMs (weight-stationary) and, for NVM-ideal, dynamic MVMs whose
 * operand is written into crossbars for every input. */
#include "dataflow.h"

#include <math.h>
#include <string.h>

static double arrays_for(const xf_mvm_array *a, double k, double n)
{
    return xf_mvm_arrays_for(a, k, n);
}

/* Static MVM: a k x n weight occupies ceil(k/rows) x ceil(n/(cols/slices)) crossbars; every
 * token goes through all of them in one full MVM; `replicas` copies take that many tokens at
 * once; row-block partial sums are added digitally; inputs and outputs go through the tile's
 * shared memory. When the weights do not fit, they are written before use. */
void xf_df_static_xbar(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev,
                       int stage)
{
    const xf_arch *a = c->a;
    const xf_mvm_array *xb = &a->pe.xbar.core;
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    double m = (double)op->m * (double)op->heads;
    double arrays = arrays_for(xb, (double)op->k, (double)op->n);
    double t = ceil(m / c->z->replicas) * xb->t_mvm;
    xf_df_mvm_energy(xb, m * arrays, XF_COMP_XBAR, &e);
    double row_blocks = ceil((double)op->k / xb->rows);
    e.e[XF_COMP_SHIFT_ADD] += (row_blocks - 1.0) * (double)op->n * m * a->pe.sa.e_op;
    e.e[XF_COMP_BUFFER] += xf_buffer_read_energy(&a->pe.shared_mem, (double)op->act_in_bytes) +
                           xf_buffer_write_energy(&a->pe.shared_mem, (double)op->act_out_bytes);
    double lat = xf_df_concurrent(c, op, prev, t);
    /* busy = the PE's active time: concurrent projections overlap, so their share */
    xf_df_account(c, lr, op->name, XF_ENG_PE, stage, lat, lat, &e, XF_OP_STATIC_MVM);
    if (c->z->reprogram) {
        xf_df_energy we;
        memset(&we, 0, sizeof we);
        double xbars = arrays * c->z->replicas;
        we.e[XF_COMP_NVM_WRITE] = xbars * xb->e_write;
        double tw = ceil(xbars / a->pe.write_parallel) * xb->t_write;
        xf_df_account(c, lr, "nvm_reprogram", XF_ENG_PE, stage, tw, tw, &we, XF_OP_STATIC_MVM);
        c->nvm_writes += xbars * xb->rows * xb->cols;
        c->group_max = 0.0;
    }
}

/* Crossbars the dynamic operands of one layer occupy (NVM-ideal). */
double xf_df_dynamic_xbar_arrays(const xf_arch *a, const xf_layer *l)
{
    const xf_mvm_array *xb = &a->pe.xbar.core;
    double n = 0.0;
    for (int i = 0; i < l->n_ops; i++) {
        const xf_op *op = &l->ops[i];
        if (op->kind != XF_OP_DYNAMIC_MVM)
            continue;
        int qk = xf_df_is_qk(op);
        double keys = qk ? (double)op->n : (double)op->k;
        double dh = qk ? (double)op->k : (double)op->n;
        if (a->decompose_qk)
            n += qk ? arrays_for(xb, dh * op->heads, keys) : 0.0; /* one X^T, shared */
        else
            n += op->heads * (qk ? arrays_for(xb, dh, keys) : arrays_for(xb, keys, dh));
    }
    return n;
}

/* Write `elements` operand values into `arrays` crossbars whose rows_used rows are programmed
 * row by row (arrays in parallel, write_parallel at a time); returns the latency. */
static double write_operand(xf_df_ctx *c, xf_layer_result *lr, const char *name, double elements,
                            double arrays, double rows_used)
{
    const xf_mvm_array *xb = &c->a->pe.xbar.core;
    xf_df_energy we;
    memset(&we, 0, sizeof we);
    double cells = elements * xb->slices;
    we.e[XF_COMP_NVM_WRITE] = cells * xb->e_write_cell * xb->verify_iters;
    double rows = rows_used < xb->rows ? rows_used : xb->rows;
    double t = ceil(arrays / c->a->pe.write_parallel) * rows * xb->t_write_row * xb->verify_iters;
    c->nvm_writes += cells * xb->verify_iters;
    xf_df_account(c, lr, name, XF_ENG_PE, 1, t, t, &we, XF_OP_DYNAMIC_MVM);
    return t;
}

static void compute(xf_df_ctx *c, xf_layer_result *lr, const char *name, double arrays,
                    double streams, double sequential)
{
    const xf_mvm_array *xb = &c->a->pe.xbar.core;
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    xf_df_mvm_energy(xb, arrays * streams, XF_COMP_XBAR, &e);
    double t = sequential * xb->t_mvm;
    xf_df_account(c, lr, name, XF_ENG_PE, 1, t, t, &e, XF_OP_DYNAMIC_MVM);
}

/* NVM-ideal dynamic MVM. K^T (d_head rows, keys x slices columns per head) or V (keys rows,
 * d_head x slices columns) is written for every input, then the queries or probability rows
 * stream through it: compute waits on the write. With decompose_qk (ReTransformer, ICCAD'20)
 * X^T is written once per layer instead (d_model x keys, one copy serving every head and A.V
 * through a transposable array): Q K^T = (Q W_K^T) X^T and A V = (A X) W_V, with the extra
 * products on pre-programmed weights and the heads taking turns on the one X^T. */
void xf_df_dynamic_xbar(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op)
{
    const xf_mvm_array *xb = &c->a->pe.xbar.core;
    int qk = xf_df_is_qk(op);
    double h = (double)op->heads, mq = (double)op->m;
    double keys = qk ? (double)op->n : (double)op->k;
    double dh = qk ? (double)op->k : (double)op->n;
    /* Only newly produced keys are written (all of them in prefill, one per sequence in
     * decode, where the rest of the cache is already in the crossbars): the workload's count. */
    double new_keys = (double)op->nvm_writes / xb->slices / (h * dh);
    if (!c->a->decompose_qk) {
        double arrays = qk ? arrays_for(xb, dh, keys) : arrays_for(xb, keys, dh);
        /* K^T: a new key is a column, so every one of the d_head rows is programmed;
         * V: a new key is a row. */
        write_operand(c, lr, qk ? "k_write" : "v_write", h * dh * new_keys, h * arrays,
                      qk ? dh : new_keys);
        compute(c, lr, op->name, h * arrays, mq, mq);
        return;
    }
    double d = h * dh;
    if (qk) {
        double xt = arrays_for(xb, d, keys);
        write_operand(c, lr, "x_write", d * new_keys, xt, d);
        /* R_h = Q_h W_K,h^T: d_head -> d_model on stored weights, all heads in parallel */
        compute(c, lr, "q_wkT", h * arrays_for(xb, dh, d), mq, mq);
        /* R_h X^T on the one X^T copy: heads one after another */
        compute(c, lr, op->name, xt, h * mq, h * mq);
    } else {
        double x = arrays_for(xb, keys, d);
        /* P_h = A_h X on the transposable X (already written), then P_h W_V,h */
        compute(c, lr, "a_x", x, h * mq, h * mq);
        compute(c, lr, op->name, h * arrays_for(xb, d, dh), mq, mq);
    }
}
