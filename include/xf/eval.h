/* xf/eval.h - evaluate design points: the one entry point every caller uses (the CLI, sweeps,
 * compare, validate, the tests and the bench).
 *
 *     xf_arch_load(techlib, "xformer", sets, n_sets, &a, &err);      // or the spec API
 *     xf_evaluate(&a, model, &point, &w, &r, &err);
 *
 * xf_evaluate builds the workload of (model, point) for the architecture (its precision and
 * bits per cell: xf_eval_wl_params) into w, unless w already holds exactly that workload (a
 * sweep over architecture keys reuses it), and evaluates the architecture on it. It touches no
 * file and allocates nothing, so design points can be evaluated concurrently from several
 * threads with one xf_arch (each thread with its own w and r).
 */
#ifndef XF_EVAL_H
#define XF_EVAL_H

#include "xf/arch.h"
#include "xf/model.h"
#include "xf/result.h"
#include "xf/workload.h"

int xf_evaluate(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                xf_result *r, xf_err *err);

/* Phase generate (xf_evaluate calls it): a prefill of point->seq prompt tokens, then
 * point->tokens decode steps with a growing context; r gets the totals and the generation's
 * figures (ttft, tokens_per_s, energy_per_token, ...; src/eval/generate.c), w the last
 * step's workload. A prompt and tokens beyond the model's context window are refused. */
int xf_generate(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                xf_result *r, xf_err *err);

/* One pass of a prefill or decode point (xf_evaluate for those phases): the workload of
 * (model, point) for the architecture unless w already holds it, then xf_eval. */
int xf_eval_pass(const xf_arch *a, const xf_model *m, const xf_wl_params *point, xf_workload *w,
                 xf_result *r, xf_err *err);

/* The architecture on an already built workload (xf_evaluate's second half). */
int xf_eval(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err);

/* Workload parameters for an evaluation on a: weight and activation precision and NVM bits
 * per cell from the architecture (a GPU keeps the workload's 8 bits and rescales to its own
 * precision). */
void xf_eval_wl_params(const xf_arch *a, xf_wl_params *p);

#endif
