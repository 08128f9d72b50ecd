/* Vector-unit op counts of the non-MVM ops, by role (the SFU and the PUMA lanes share them). */
#include "engines.h"

#include <string.h>

const char *const xf_engine_precisions[] = {"int8", "int16", "int32", "fp16", "fp32", NULL};

xf_vop_counts xf_vector_counts(const xf_op *op)
{
    xf_vop_counts k;
    memset(&k, 0, sizeof k);
    double rows = (double)op->heads * (double)op->m, cols = (double)op->n;
    double el = rows * cols;
    switch (op->role) {
    case XF_ROLE_SOFTMAX:
        return xf_softmax_counts(rows, cols);
    case XF_ROLE_NORM:
        return xf_layernorm_counts(rows, cols); /* RMSNorm counted as LayerNorm (upper bound) */
    case XF_ROLE_GELU:
        k.n[XF_VOP_MULT] = XF_GELU_MULT * el;
        k.n[XF_VOP_ADD] = XF_GELU_ADD * el;
        k.n[XF_VOP_EXP] = XF_GELU_EXP * el;
        k.n[XF_VOP_DIV] = XF_GELU_DIV * el;
        break;
    case XF_ROLE_SILU:
        k.n[XF_VOP_EXP] = el;
        k.n[XF_VOP_ADD] = el;
        k.n[XF_VOP_DIV] = el;
        break;
    case XF_ROLE_RELU:
        k.n[XF_VOP_MAX] = el;
        break;
    case XF_ROLE_TANH:
        k.n[XF_VOP_EXP] = el;
        k.n[XF_VOP_DIV] = el;
        k.n[XF_VOP_ADD] = 2 * el;
        break;
    case XF_ROLE_SCALE:
    case XF_ROLE_GLU_MUL:
        k.n[XF_VOP_MULT] = el;
        break;
    case XF_ROLE_ROPE:
        k.n[XF_VOP_MULT] = 2 * el;
        k.n[XF_VOP_ADD] = el;
        break;
    default:
        k.n[XF_VOP_ADD] = el; /* residual, position, embedding and bias adds */
    }
    return k;
}
