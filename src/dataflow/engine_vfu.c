/* PUMA: dynamic MVMs on the cores' vector functional units (VFUs), operands through the
 * tile's eDRAM. Lanes = heads x cores_per_head x lanes_per_core, one MAC per lane per cycle. */
#include "dataflow.h"

#include <math.h>
#include <string.h>

static double lanes(const xf_df_ctx *c, const xf_op *op)
{
    return (double)op->heads * c->a->vfu.cores_per_head * c->a->vfu.lanes_per_core;
}

void xf_df_dynamic_vfu(xf_df_ctx *c, xf_layer_result *lr, const xf_op *op)
{
    const xf_arch *a = c->a;
    double macs = (double)op->macs;
    double t = ceil(macs / lanes(c, op)) * a->vfu.mac.t_mac;
    xf_df_energy e;
    memset(&e, 0, sizeof e);
    e.e[XF_COMP_SFU] = macs * a->vfu.mac.e_mac;
    /* operands read from and results written to the tile eDRAM */
    e.e[XF_COMP_BUFFER] = xf_buffer_read_energy(&a->pe.shared_mem, (double)op->act_in_bytes) +
                          xf_buffer_write_energy(&a->pe.shared_mem, (double)op->act_out_bytes);
    xf_df_account(c, lr, op->name, XF_ENG_SFU, 1, t, t, &e, XF_OP_DYNAMIC_MVM);
}
