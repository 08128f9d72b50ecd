/* 8T-SRAM compute-in-memory macro: 1 bit per cell, the same MVM structure as the crossbar, with
 * an array energy per cell and cycle derived from the CMOS/NVM MVM power ratio, and a row-wise
 * SRAM write path. */
#include "mvm_internal.h"

#include <stdio.h>

int xf_cim_sram_init(xf_cim_sram *c, const xf_tech *tech, const xf_cim_sram_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_SRAM_CIM)
        return xf_err_set(
            err, XF_ERR_INPUT, "%s: CiM macro needs a technology of kind \"sram_cim\", got %s",
            tech ? tech->file : "(none)", tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_sram_cim *d = &tech->u.sram_cim;
    *c = (xf_cim_sram){0};
    c->endurance = d->endurance;
    xf_mvm_cell cell = {
        .bits_per_cell = d->bits_per_cell,
        .e_cell = d->e_cell_cycle,
        .t_read = d->t_read,
        .e_write_cell = d->e_write_bit * d->bits_per_cell,
        .t_write_row = d->t_write_row,
        .verify_iters = 1,
        .cell_area = d->cell_area_f2 * d->feature * d->feature,
    };
    char what[96];
    snprintf(what, sizeof what, "CiM macro '%s'", tech->name);
    return xf_mvm_setup(&c->core, what, &cell, p, err);
}
