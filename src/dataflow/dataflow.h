/* Internal helpers shared by the dataflows (src/dataflow/). Not a public header.
 *
 * The four in-memory designs share one schedule (spatial.c) and differ only in where each
 * operation runs:
 *   static MVMs:  NVM crossbars (engine_xbar.c) or SRAM-CiM arrays fed from DRAM (engine_cim.c)
 *   dynamic MVMs: SRAM-CiM arrays (engine_cim.c), PUMA vector units (engine_vfu.c) or NVM
 *                 crossbars written per input (engine_xbar.c)
 *   the rest:     the SFU (spatial.c)
 */
#ifndef XF_DATAFLOW_INTERNAL_H
#define XF_DATAFLOW_INTERNAL_H

#include "xf/component.h"
#include "xf/eval.h"

/* Vector-unit op counts per element of the non-linear and element-wise ops that are not
 * softmax or LayerNorm (those come from component.h). Modelling choices, stated here:
 *   GELU, tanh form 0.5x(1 + tanh(c(x + 0.044715 x^3))): 6 mults (x^3 as 2, two constants,
 *     0.5x, the final product), 2 adds, and tanh as 1 exp + 1 divide + 2 adds;
 *   SiLU x / (1 + e^-x): 1 exp, 1 add, 1 divide; ReLU: 1 max; tanh: 1 exp, 1 divide, 2 adds;
 *   residual/position/embedding adds: 1 add; score scaling and GLU product: 1 mult;
 *   RoPE: 2 mults + 1 add (x cos + rot(x) sin). */
#define XF_GELU_MULT 6
#define XF_GELU_ADD 4
#define XF_GELU_EXP 1
#define XF_GELU_DIV 1

/* Partial sums kept between blocks or row blocks are 32-bit (8-bit x 8-bit products summed
 * over up to 2^16 terms need 32 bits). */
#define XF_PARTIAL_SUM_BYTES 4.0

/* Vector-op counts of a non-MVM op of the workload (softmax, norms, activations, adds). */
xf_vop_counts xf_df_vector_counts(const xf_op *op);

typedef struct {
    double e[XF_COMP_COUNT]; /* energy by component, J */
} xf_df_energy;

double xf_df_energy_sum(const xf_df_energy *e);
/* Append an op result row (returns its index or -1 when the layer's rows are used up). */
int xf_df_add_op(xf_result *r, xf_layer_result *lr, const char *name, xf_engine eng, double latency,
                 double busy, double energy);
/* The error of a layer whose rows ran out (an internal limit: XF_OP_MAX_ROWS is too small). */
int xf_df_rows_overflow(const xf_layer_result *lr, xf_err *err);
/* Clear result layer li and label it as workload layer l. */
xf_layer_result *xf_df_layer_begin(xf_result *r, int li, const xf_layer *l);
/* Add energies of one layer instance x repeat to the result's component totals. */
void xf_df_add_energy(xf_result *r, const xf_df_energy *e, double repeat);

/* Sizing of the arrays of one design point for one workload. */
typedef struct {
    double weights;    /* crossbars (or CiM arrays) to hold every static weight once */
    double dynamic;    /* crossbars set aside for dynamic operands (NVM-ideal) per layer */
    double available;  /* crossbars of the projection engine, all copies */
    double replicas;   /* token-parallel copies of the weights */
    double tiles;      /* tiles of one copy */
    int reprogram;     /* weights do not fit: rewritten before use */
    double cim_arrays; /* SRAM-CiM arrays of the engine */
} xf_df_sizing;

/* Schedule bookkeeping of one layer instance. Stage 0 = before the first dynamic MVM,
 * 1 = attention, 2 = after it (see spatial.c). */
typedef struct {
    const xf_arch *a;
    const xf_workload *w;
    xf_result *r;
    int full; /* a row did not fit in the layer's reserved rows */
    const xf_layer *l;
    const xf_df_sizing *z;
    double stage[3];
    double busy[XF_ENG_COUNT];
    xf_df_energy e;
    double e_kind[XF_OP_KIND_COUNT];
    double group_max;   /* latency of the running group of concurrent static MVMs */
    double spill_bytes; /* intermediate bytes sent to DRAM */
    double nvm_writes;  /* NVM cells written */
    double passes;      /* AE passes over the heads */
    long long sb;       /* sequence block in effect (0: none) */
} xf_df_ctx;

/* Record one op: its share of the stage's critical path (lat), engine busy time, energy. */
void xf_df_account(xf_df_ctx *c, xf_layer_result *lr, const char *name, xf_engine eng, int stage,
                   double lat, double busy, const xf_df_energy *e, xf_op_kind kind);
/* Latency share of a static MVM of time t: 0 beyond the running group when the op runs
 * concurrently with the one before it (Q/K/V and gate/up sit in separate tiles). */
double xf_df_concurrent(xf_df_ctx *c, const xf_op *op, const xf_op *prev, double t);
/* Energy of n full MVMs of an analog array, split by component. */
void xf_df_mvm_energy(const xf_mvm_array *a, double n_mvm, xf_comp array_comp, xf_df_energy *e);
/* 1 for the QK^T-type dynamic MVMs (qk, xqk), 0 for A.V. */
int xf_df_is_qk(const xf_op *op);

/* Engines. */
void xf_df_static_xbar(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev,
                       int stage);
void xf_df_dynamic_xbar(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op);
double xf_df_dynamic_xbar_arrays(const xf_arch *a, const xf_layer *l);
void xf_df_static_cim(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, const xf_op *prev,
                      int stage);
void xf_df_dynamic_cim(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op);
double xf_df_cim_passes(const xf_arch *a, const xf_layer *l, double arrays);
void xf_df_dynamic_vfu(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op);
void xf_df_sfu(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op, int stage);

#endif
