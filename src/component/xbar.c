/* NVM crossbar: array energy per input-bit cycle = rows x cols x V^2 x G_avg x t_pulse x
 * activity (or the file's lumped step energy per cell), with the peripherals of the shared MVM
 * core (DESIGN.md section 4). */
#include "mvm_internal.h"

#include <stdio.h>

int xf_xbar_init(xf_xbar *x, const xf_tech *tech, const xf_xbar_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_NVM)
        return xf_err_set(
            err, XF_ERR_INPUT, "%s: crossbar needs a technology of kind \"nvm\", got %s",
            tech ? tech->file : "(none)", tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_nvm *d = &tech->u.nvm;
    *x = (xf_xbar){0};
    x->g_on = 1.0 / d->r_on;
    x->g_off = 1.0 / d->r_off;
    x->g_avg = 0.5 * (x->g_on + x->g_off);
    x->endurance = d->endurance;
    /* A lumped step energy of a reference array is spread evenly over its cells. */
    double e_cell = d->step_energy > 0.0
                        ? d->step_energy / ((double)d->step_rows * d->step_cols)
                        : d->v_read * d->v_read * x->g_avg * d->t_pulse * d->activity;
    xf_mvm_cell cell = {
        .bits_per_cell = d->bits_per_cell,
        .e_cell = e_cell,
        .t_read = d->t_read,
        .e_write_cell = d->e_write_cell,
        .t_write_row = d->t_write_row,
        .verify_iters = d->verify_iters,
        .cell_area = d->cell_area_f2 * d->feature * d->feature,
    };
    char what[96];
    snprintf(what, sizeof what, "crossbar '%s'", tech->name);
    return xf_mvm_setup(&x->core, what, &cell, p, err);
}
