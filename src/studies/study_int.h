/* Internals of the studies (study.c, montecarlo.c, sensitivity.c): the study itself and one
 * evaluation context per thread. Not a public header. */
#ifndef XF_STUDY_INT_H
#define XF_STUDY_INT_H

#include "xf/result.h"
#include "xf/study.h"
#include "xf/variant.h"

struct xf_study {
    char techlib[1024];
    int n_designs;
    xf_variant var[2];
    char label[2][XF_VARIANT_LABEL];
    xf_arch_spec *spec[2];
    xf_arch arch[2]; /* as built with every value nominal (set-up only) */
    xf_model m;
    xf_wl_params p;
    int n;
    xf_study_param par[XF_STUDY_MAX_PARAMS];
};

/* What one thread evaluates with: its own specifications (own = 1: loaded again, so draws do
 * not race; 0: the study's), each design built once and then brought up to date with each
 * evaluation's values (xf_arch_update for an architecture key, xf_arch_rederive for a
 * technology value: no file and no key read again), a workload and a result buffer. */
typedef struct {
    const xf_study *s;
    xf_arch_spec *spec[2];
    int owned[2];
    xf_arch *a[2]; /* each design as its last evaluation left it */
    int built[2];
    xf_workload *w;
    xf_result *r;
} xf_study_ctx;

int xf_study_load_design(const char *techlib, const xf_variant *v, const char *label,
                         xf_arch_spec **out, xf_err *err);
int xf_study_ctx_init(const xf_study *s, xf_study_ctx *c, int own, xf_err *err);
void xf_study_ctx_free(xf_study_ctx *c);
/* Both designs with value values[d][i] for parameter i (SI) in design d, into out (NaN where
 * unknown). */
int xf_study_eval(xf_study_ctx *c, const double *const values[2], double out[XF_SM_COUNT],
                  xf_err *err);
/* Every parameter's nominal into v[0..n). */
void xf_study_nominals(const xf_study *s, double *v);

#endif
