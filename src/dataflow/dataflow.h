/* Internal helpers shared by the dataflows (src/dataflow/). Not a public header. */
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

/* Vector-op counts of a non-MVM op of the workload (softmax, norms, activations, adds). */
xf_vop_counts xf_df_vector_counts(const xf_op *op);

/* Result bookkeeping: add one op's cost to a layer result and to the totals (x repeat). */
typedef struct {
    double e[XF_COMP_COUNT]; /* energy by component, J */
} xf_df_energy;

double xf_df_energy_sum(const xf_df_energy *e);
/* Append an op result (returns its index or -1 when the layer is full). */
int xf_df_add_op(xf_layer_result *lr, const char *name, xf_engine eng, double latency, double busy,
                 double energy);
/* Add energies of one layer instance x repeat to the result's component totals. */
void xf_df_add_energy(xf_result *r, const xf_df_energy *e, double repeat);

#endif
