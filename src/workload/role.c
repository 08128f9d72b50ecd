/* Op roles: their names (the keys architecture files map) and the kind each role has. */
#include "xf/workload.h"

#include <string.h>

static const struct {
    const char *name;
    xf_op_kind kind;
} roles[XF_ROLE_COUNT] = {
    [XF_ROLE_NONE] = {"none", XF_OP_KIND_COUNT},
    [XF_ROLE_Q_PROJ] = {"q_proj", XF_OP_STATIC_MVM},
    [XF_ROLE_K_PROJ] = {"k_proj", XF_OP_STATIC_MVM},
    [XF_ROLE_V_PROJ] = {"v_proj", XF_OP_STATIC_MVM},
    [XF_ROLE_O_PROJ] = {"o_proj", XF_OP_STATIC_MVM},
    [XF_ROLE_FFN_UP] = {"ffn_up", XF_OP_STATIC_MVM},
    [XF_ROLE_FFN_GATE] = {"ffn_gate", XF_OP_STATIC_MVM},
    [XF_ROLE_FFN_DOWN] = {"ffn_down", XF_OP_STATIC_MVM},
    [XF_ROLE_EMBED_PROJ] = {"embed_proj", XF_OP_STATIC_MVM},
    [XF_ROLE_PATCH_EMBED] = {"patch_embed", XF_OP_STATIC_MVM},
    [XF_ROLE_PROJ_OUT] = {"proj_out", XF_OP_STATIC_MVM},
    [XF_ROLE_LM_HEAD] = {"lm_head", XF_OP_STATIC_MVM},
    [XF_ROLE_POOLER] = {"pooler", XF_OP_STATIC_MVM},
    [XF_ROLE_CLASSIFIER] = {"classifier", XF_OP_STATIC_MVM},
    [XF_ROLE_QK] = {"qk", XF_OP_DYNAMIC_MVM},
    [XF_ROLE_AV] = {"av", XF_OP_DYNAMIC_MVM},
    [XF_ROLE_SOFTMAX] = {"softmax", XF_OP_NONLINEAR},
    [XF_ROLE_NORM] = {"norm", XF_OP_NONLINEAR},
    [XF_ROLE_GELU] = {"gelu", XF_OP_NONLINEAR},
    [XF_ROLE_RELU] = {"relu", XF_OP_NONLINEAR},
    [XF_ROLE_SILU] = {"silu", XF_OP_NONLINEAR},
    [XF_ROLE_TANH] = {"tanh", XF_OP_NONLINEAR},
    [XF_ROLE_SCALE] = {"scale", XF_OP_ELEMENTWISE},
    [XF_ROLE_POS_BIAS] = {"pos_bias", XF_OP_ELEMENTWISE},
    [XF_ROLE_RESIDUAL] = {"residual", XF_OP_ELEMENTWISE},
    [XF_ROLE_GLU_MUL] = {"glu_mul", XF_OP_ELEMENTWISE},
    [XF_ROLE_ROPE] = {"rope", XF_OP_ELEMENTWISE},
    [XF_ROLE_EMBED] = {"embed", XF_OP_ELEMENTWISE},
    [XF_ROLE_POS_ADD] = {"pos_add", XF_OP_ELEMENTWISE},
};

const char *xf_op_role_name(xf_op_role r)
{
    return (unsigned)r < XF_ROLE_COUNT ? roles[r].name : "?";
}

xf_op_kind xf_op_role_kind(xf_op_role r)
{
    return (unsigned)r < XF_ROLE_COUNT ? roles[r].kind : XF_OP_KIND_COUNT;
}

xf_op_role xf_op_role_parse(const char *name)
{
    for (int r = 1; r < XF_ROLE_COUNT; r++)
        if (strcmp(roles[r].name, name) == 0)
            return (xf_op_role)r;
    return XF_ROLE_NONE;
}
