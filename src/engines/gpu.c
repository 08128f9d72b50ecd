/* GPU roofline engine (kind "gpu", DESIGN.md section 6). Every op is one kernel:
 *     t = max(FLOPs / (peak x eta_compute), bytes / (bandwidth x eta_memory)) + launch,
 * where matrix products use the peak of the engine's precision (tensor cores where the GPU has
 * them at that precision) and the other ops the plain FP32 (or FP16) rate; bytes are the
 * workload's weight and activation bytes rescaled to the GPU precision. Element-wise ops are
 * fused into the previous kernel when `fuse_elementwise` is set (no launch of their own).
 * Energy: the paper's method, average board power x time (`energy_model = "board_power"`),
 * or FLOPs x energy_per_op + DRAM bytes x energy_per_dram_byte + idle_power x time. The board
 * power is the GPU file's TDP unless the architecture states one (`board_power_W`, e.g. a
 * measured nvidia-smi average), so a GPU taken from `--set tech.gpu=...` is charged its own.
 * Matrix products on tensor cores compute whole tiles: with `gemm_tile_rows` = T, an op of m
 * rows runs at m / (ceil(m / T) T) of the compute efficiency (tile quantization, NVIDIA's
 * Matrix Multiplication Background User's Guide, DU-09799-001, section 3.1); 0 leaves it out.
 * The GPU area is not modelled: the kind has no area hook, and a result says so (area_known). */
#include "engines.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef enum { GPU_ENERGY_BOARD_POWER, GPU_ENERGY_PER_OP } gpu_energy_model;

typedef struct {
    /* keys */
    int prec_choice;      /* index into precs */
    double eta_compute;   /* achievable fraction of peak */
    double eta_memory;    /* achievable fraction of memory bandwidth */
    double launch;        /* s per kernel */
    double board_power;   /* W, average board power while running (absent: the file's TDP) */
    int energy_model;     /* gpu_energy_model */
    double e_flop;        /* J per op (per-op model) */
    double e_byte;        /* J per DRAM byte (per-op model) */
    double idle_power;    /* W drawn on top of the per-op energy (per-op model) */
    int fuse_elementwise; /* 1: element-wise ops fused into the previous kernel (no launch) */
    int tile_rows;        /* rows of a GEMM tile (0: no tile quantization) */
    /* derived */
    xf_tech_gpu tech;
    char gpu_name[64];         /* the GPU file's name, for reports */
    char gpu_description[160]; /* its description up to the first ':', ';' or '.' */
    int power_is_tdp;          /* board_power is the file's TDP (the key is absent) */
    xf_prec prec;
    double peak;     /* op/s at prec (2 ops per MAC) */
    double vec_peak; /* op/s of the other ops */
} gpu_state;

_Static_assert(sizeof(gpu_state) <= XF_ENGINE_STATE_BYTES, "gpu state exceeds the die slot");

static const char *const precs[] = {"fp32", "fp16", "int8", NULL};
static const char *const models[] = {"board_power", "per_op", NULL};

#define KEY(k, t, dim, lo, hi, fl, d, field)                                                       \
    {                                                                                              \
        k, t, dim, lo, hi, fl, d, NULL, offsetof(gpu_state, field)                                 \
    }
static const xf_param_def params[] = {
    {"precision", XF_P_CHOICE, 0, 0, 0, XF_REQ, 0, precs, offsetof(gpu_state, prec_choice)},
    KEY("efficiency_compute", XF_P_REAL, 0, 0, 1, XF_REQ | XF_LO_OPEN, 0.5, eta_compute),
    KEY("efficiency_memory", XF_P_REAL, 0, 0, 1, XF_REQ | XF_LO_OPEN, 0.8, eta_memory),
    KEY("launch_overhead", XF_P_QTY, XF_DIM_TIME, 0, 1.0, XF_REQ, 5e-6, launch),
    KEY("board_power", XF_P_QTY, XF_DIM_POWER, 0, 1e5, XF_OPT | XF_LO_OPEN, 0, board_power),
    {"energy_model", XF_P_CHOICE, 0, 0, 0, XF_REQ, 0, models, offsetof(gpu_state, energy_model)},
    KEY("energy_per_op", XF_P_QTY, XF_DIM_ENERGY, 0, 1e-6, XF_REQ, 0, e_flop),
    KEY("energy_per_dram_byte", XF_P_QTY, XF_DIM_ENERGY, 0, 1e-6, XF_REQ, 0, e_byte),
    KEY("idle_power", XF_P_QTY, XF_DIM_POWER, 0, 1e5, XF_REQ, 0, idle_power),
    KEY("fuse_elementwise", XF_P_BOOL, 0, 0, 1, XF_OPT, 1, fuse_elementwise),
    KEY("gemm_tile_rows", XF_P_INT, 0, 0, 4096, XF_OPT, 0, tile_rows),
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};
#undef KEY

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    static const xf_prec prec_of[] = {XF_PREC_FP32, XF_PREC_FP16, XF_PREC_INT8};
    gpu_state *s = st;
    const xf_tech *tech = env->tech[XF_TR_GPU];
    s->tech = tech->u.gpu;
    snprintf(s->gpu_name, sizeof s->gpu_name, "%.*s", (int)sizeof s->gpu_name - 1, tech->name);
    size_t dl = strcspn(tech->description, ":;");
    const char *stop = strstr(tech->description, ". ");
    if (stop && (size_t)(stop - tech->description) < dl)
        dl = (size_t)(stop - tech->description);
    while (dl > 0 && (tech->description[dl - 1] == '.' || tech->description[dl - 1] == ' '))
        dl--;
    if (dl >= sizeof s->gpu_description)
        dl = sizeof s->gpu_description - 1;
    snprintf(s->gpu_description, sizeof s->gpu_description, "%.*s", (int)dl, tech->description);
    /* An absent board_power reads as 0 (a given one is > 0): the file's TDP. A later derive
     * (a sweep changing another key) keeps it; a new GPU file rebuilds the engine. */
    if (s->board_power == 0.0) {
        s->board_power = s->tech.tdp;
        s->power_is_tdp = 1;
    } else if (s->board_power != s->tech.tdp) {
        s->power_is_tdp = 0;
    }
    s->prec = prec_of[s->prec_choice];
    const xf_tech_gpu *t = &s->tech;
    switch (s->prec) {
    case XF_PREC_FP16:
        s->peak = t->peak_tensor_fp16 > 0 ? t->peak_tensor_fp16 : t->peak_fp16;
        break;
    case XF_PREC_INT8:
        s->peak = t->peak_int8;
        break;
    default:
        s->peak = t->peak_fp32;
    }
    s->vec_peak = (s->prec == XF_PREC_FP16 && t->peak_fp16 > 0) ? t->peak_fp16 : t->peak_fp32;
    if (!(s->peak > 0))
        return xf_grp_fail(g, "precision", "%s has no %s rate in %s; expected another precision",
                           tech->name, precs[s->prec_choice], tech->file);
    return XF_OK;
}

/* What it is as built, for reports: the board, the precision and the power it is charged. */
static void describe(const void *st, char *buf, size_t n)
{
    const gpu_state *g = st;
    if (g->energy_model == GPU_ENERGY_BOARD_POWER)
        snprintf(buf, n, "%s [%s], %s, board power %.4g W%s", g->gpu_description, g->gpu_name,
                 precs[g->prec_choice], g->board_power,
                 g->power_is_tdp ? " (its TDP)" : " (board_power)");
    else
        snprintf(buf, n, "%s [%s], %s, per-op energy", g->gpu_description, g->gpu_name,
                 precs[g->prec_choice]);
}

static void run(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    const gpu_state *g = st;
    double pbits = xf_prec_bits(g->prec);
    double wscale = pbits / c->w->params.w_bits, ascale = pbits / c->w->params.a_bits;
    int mvm = op->kind == XF_OP_STATIC_MVM || op->kind == XF_OP_DYNAMIC_MVM;
    double flops = (double)op->flops;
    double bytes = (double)op->weight_bytes * wscale +
                   ((double)op->act_in_bytes + (double)op->act_out_bytes) * ascale;
    /* tile quantization: a matrix product computes whole tiles of tile_rows rows, so m rows
     * use m / (ceil(m / T) T) of the work it is charged (small GEMMs miss the peak) */
    double useful = 1.0;
    if (mvm && g->tile_rows > 0 && op->m > 0) {
        double m = (double)op->m, t = (double)g->tile_rows;
        useful = m / (ceil(m / t) * t);
    }
    double tc = flops / ((mvm ? g->peak : g->vec_peak) * g->eta_compute * useful);
    double tm = bytes / (g->tech.mem_bw * g->eta_memory);
    double t = tc > tm ? tc : tm;
    if (!(g->fuse_elementwise && op->kind == XF_OP_ELEMENTWISE))
        t += g->launch;
    xf_engine_row *r = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    r->latency = r->busy = t;
    xf_row_energy(r, XF_COMP_GPU,
                  g->energy_model == GPU_ENERGY_BOARD_POWER
                      ? g->board_power * t
                      : flops * g->e_flop + bytes * g->e_byte + g->idle_power * t);
}

const xf_engine_kind xf_engine_gpu = {
    .name = "gpu",
    .what = "GPU board: a roofline per kernel, board power x time or per-op energy",
    .runs = 1u << XF_OP_STATIC_MVM | 1u << XF_OP_DYNAMIC_MVM | 1u << XF_OP_NONLINEAR |
            1u << XF_OP_ELEMENTWISE,
    .flags = XF_EK_OWN_KV,
    .techs = 1u << XF_TR_GPU,
    .state_size = sizeof(gpu_state),
    .params = params,
    .derive = derive,
    .area = NULL, /* not modelled */
    .run = run,
    .describe = describe,
};
