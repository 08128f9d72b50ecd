/* The evaluation entry point (xf/eval.h): one pass (eval.c), or a generation of a prefill and
 * decode steps (generate.c), by the point's phase. */
#include "xf/eval.h"

int xf_evaluate(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                xf_result *r, xf_err *err)
{
    if (point->phase == XF_PHASE_GENERATE)
        return xf_generate(a, m, point, w, r, err);
    return xf_eval_pass(a, m, point, w, r, err);
}
