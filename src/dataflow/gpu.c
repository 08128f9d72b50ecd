/* GPU baseline: a per-operation roofline (DESIGN.md section 6).
 *
 * Every operation of the workload is one kernel:
 *     t = max(FLOPs / (peak x eta_compute), bytes / (bandwidth x eta_memory)) + launch,
 * where matrix products use the peak of the arch's precision (tensor cores where the GPU has
 * them at that precision) and the other ops the plain FP32 (or FP16) rate; bytes are the
 * workload's weight and activation bytes rescaled to the GPU precision. Element-wise ops are
 * fused into the previous kernel when `fuse_elementwise` is set (no launch of their own).
 * Energy: the paper's method, average board power x time (`energy_model = "board_power"`),
 * or FLOPs x energy_per_op + DRAM bytes x energy_per_dram_byte + idle_power x time.
 * The GPU area is not modelled (0).
 */
#include "dataflow.h"

#include <math.h>
#include <string.h>

int xf_dataflow_gpu(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    const xf_gpu_cfg *g = &a->gpu;
    double pbits = xf_prec_bits(g->prec);
    double wscale = pbits / w->params.w_bits, ascale = pbits / w->params.a_bits;
    double vec_peak =
        (g->prec == XF_PREC_FP16 && g->tech.peak_fp16 > 0) ? g->tech.peak_fp16 : g->tech.peak_fp32;
    double bw = g->tech.mem_bw * g->eta_memory;
    r->n_layers = w->n_layers;
    for (int li = 0; li < w->n_layers; li++) {
        const xf_layer *l = &w->layers[li];
        xf_layer_result *lr = xf_df_layer_begin(r, li, l);
        double kind_e[XF_OP_KIND_COUNT] = {0};
        for (int i = 0; i < l->n_ops; i++) {
            const xf_op *op = &l->ops[i];
            int mvm = op->kind == XF_OP_STATIC_MVM || op->kind == XF_OP_DYNAMIC_MVM;
            double flops = (double)op->flops;
            double bytes = (double)op->weight_bytes * wscale +
                           ((double)op->act_in_bytes + (double)op->act_out_bytes) * ascale;
            double tc = flops / ((mvm ? g->peak : vec_peak) * g->eta_compute);
            double tm = bytes / bw;
            double t = tc > tm ? tc : tm;
            if (!(g->fuse_elementwise && op->kind == XF_OP_ELEMENTWISE))
                t += g->launch;
            double e = g->energy_model == XF_GPU_ENERGY_BOARD_POWER
                           ? g->board_power * t
                           : flops * g->e_flop + bytes * g->e_byte + g->idle_power * t;
            if (xf_df_add_op(r, lr, op->name, XF_ENG_GPU, t, t, e) < 0)
                return xf_df_rows_overflow(lr, err);
            lr->latency += t;
            lr->energy += e;
            kind_e[op->kind] += e;
        }
        double rep = (double)l->repeat;
        r->latency += lr->latency * rep;
        r->busy[XF_ENG_GPU] += lr->latency * rep;
        r->energy_by_comp[XF_COMP_GPU] += lr->energy * rep;
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            r->energy_by_kind[k] += kind_e[k] * rep;
    }
    xf_result_finish(r, w);
    return XF_OK;
}
