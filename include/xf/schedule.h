/* xf/schedule.h - the schedule of an in-memory (or GPU) die: engines sized for a workload,
 * layers run in order, each op on the engine its role maps to, with the sequence-blocking
 * pipeline where the architecture asks for it. It knows engines only through xf/engine.h.
 * Used by xf_eval (xf/eval.h); exposed for the tests of its pieces. */
#ifndef XF_SCHEDULE_H
#define XF_SCHEDULE_H

#include "xf/arch.h"
#include "xf/result.h"
#include "xf/workload.h"

/* Size every engine of the die for w (iso-area: the static-MVM engine fills what the
 * reference's area leaves). z has a->die.n entries; *iso_ref_area is 0 without iso-area. */
int xf_size_die(const xf_arch *a, const xf_workload *w, xf_engine_size *z, double *iso_ref_area,
                xf_err *err);

/* Run the workload on the die into r (cleared by the caller, as xf_eval does). */
int xf_schedule(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);

#endif
