/* Evaluate a design point for the architecture suites (see xf_test.h). */
#include "xf_test.h"

#include <stdio.h>
#include <stdlib.h>

xf_test_point *xf_test_run(const char *arch, const char *const *sets, int n_sets, const char *model,
                           long long n)
{
    xf_test_point *e = calloc(1, sizeof *e);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    if (xf_arch_load("techlib", arch, sets, n_sets, &e->a, &err) != XF_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
        CU_FAIL_FATAL("arch load");
    }
    xf_model m;
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve(model, &m, &err), XF_OK);
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = n;
    if (xf_evaluate(&e->a, &m, &p, &e->w, &e->r, &err) != XF_OK) { /* as xformer eval does */
        fprintf(stderr, "\n  %s\n", err.msg);
        CU_FAIL_FATAL("eval");
    }
    return e;
}
