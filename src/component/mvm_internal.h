/* Shared set-up of the analog MVM array core (xbar.c, cim_sram.c). Private to src/component. */
#ifndef XF_MVM_INTERNAL_H
#define XF_MVM_INTERNAL_H

#include "xf/component.h"

/* Cell-level figures of one array technology. */
typedef struct {
    int bits_per_cell;
    double e_cell;       /* J per cell per input-bit cycle */
    double t_read;       /* s, array evaluation per cycle */
    double e_write_cell; /* J per cell per programming pass */
    double t_write_row;  /* s per row per pass */
    int verify_iters;
    double cell_area; /* m^2 */
} xf_mvm_cell;

/* Apply the defaults of xf_mvm_params, validate, and precompute every figure of *a. */
int xf_mvm_setup(xf_mvm_array *a, const char *what, const xf_mvm_cell *cell, const xf_mvm_params *p,
                 xf_err *err);

#endif
