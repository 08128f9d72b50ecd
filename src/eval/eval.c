/* One pass (a prefill or a decode step): workload for the architecture, the schedule, the
 * checks. xf_evaluate (evaluate.c) is the entry point that also runs generations. */
#include "xf/eval.h"

#include "xf/schedule.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

void xf_eval_wl_params(const xf_arch *a, xf_wl_params *p)
{
    if (!a->fixed_point)
        return;
    p->w_bits = a->w_bits;
    p->a_bits = a->a_bits;
    p->bits_per_cell = a->bits_per_cell;
}

int xf_eval(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    memset(r, 0, offsetof(xf_result, rows)); /* the rows are written before they are read */
    r->lifetime_infer = INFINITY;
    r->lifetime_s = INFINITY;
    int rc = xf_schedule(a, w, r, err);
    /* Parameters that pass their range checks can still combine past the double range (a
     * 1e-300 GS/s ADC on GPT-3 at a million tokens): refuse rather than print inf. */
    if (rc == XF_OK && !xf_result_finite(r))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s on %s: the estimate overflows (latency %.3g s, energy %.3g J, EDP "
                          "%.3g J s); expected physical rates, sizes and energies in %s",
                          a->name, w->model.name, r->latency, r->energy, r->edp, a->file);
    return rc;
}

int xf_eval_pass(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                 xf_result *r, xf_err *err)
{
    xf_wl_params p = *point;
    xf_eval_wl_params(a, &p);
    if (!xf_workload_holds(w, m, &p) && xf_workload_build(m, &p, w, err) != XF_OK)
        return err->code;
    return xf_eval(a, w, r, err);
}
