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

/* The dataflows (one per family). */
/* X-Former, PUMA, NVM-ideal and SRAM-CiM share one schedule (src/dataflow/spatial.c). */
int xf_dataflow_spatial(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);
int xf_dataflow_gpu(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);

#endif
