/* xf/eval.h - evaluate one design point: an architecture on a workload.
 *
 * xf_eval() dispatches to the dataflow of the architecture's family (src/dataflow/): it maps
 * every operation of the workload onto the engines, schedules it and fills an xf_result.
 * It reads only its arguments, touches no file and allocates nothing, so design points can be
 * evaluated concurrently from several threads with one xf_arch and one xf_workload.
 */
#ifndef XF_EVAL_H
#define XF_EVAL_H

#include "xf/arch.h"
#include "xf/result.h"
#include "xf/workload.h"

int xf_eval(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);

/* Workload parameters for an evaluation on a: weight and activation precision and NVM bits
 * per cell from the architecture (a GPU keeps the workload's 8 bits and rescales to its own
 * precision). Every caller (eval, compare, sweep, validate) builds its workload this way, so
 * they agree on a point's identity. */
void xf_eval_wl_params(const xf_arch *a, xf_wl_params *p);

/* The dataflows (one per family). */
/* X-Former, PUMA, NVM-ideal and SRAM-CiM share one schedule (src/dataflow/spatial.c). */
int xf_dataflow_spatial(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);
int xf_dataflow_gpu(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);

#endif
