/* Shared test helpers (see xf_test.h): evaluate a design point, load an architecture, run one
 * op on one engine. */
#include "xf_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

xf_arch *xf_test_arch(const char *arch, const char *const *sets, int n_sets)
{
    xf_arch *a = malloc(sizeof *a);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(a);
    if (xf_arch_load("techlib", arch, sets, n_sets, a, &err) != XF_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
        CU_FAIL_FATAL("arch loads");
    }
    return a;
}

int xf_test_engine(const xf_arch *a, const char *name)
{
    int i = xf_die_find(&a->die, name);
    CU_ASSERT_FATAL(i >= 0);
    return i;
}

void xf_test_engine_run(const xf_arch *a, const char *name, const xf_engine_size *z, double passes,
                        const xf_op *op, xf_engine_out *out)
{
    xf_workload *w = calloc(1, sizeof *w); /* the GPU reads its precision: 8 bits */
    CU_ASSERT_PTR_NOT_NULL_FATAL(w);
    xf_wl_params_default(&w->params);
    int e = xf_test_engine(a, name);
    double scratch[XF_ENGINE_SCRATCH] = {passes};
    xf_run_ctx c = {w, NULL, z, scratch, 0, e};
    memset(out, 0, sizeof *out);
    a->die.eng[e].kind->run(xf_die_state(&a->die, e), &c, op, out);
    CU_ASSERT_FALSE(out->full);
    free(w);
}

xf_op xf_test_op(const char *name, xf_op_role role, uint64_t m, uint64_t k, uint64_t n,
                 uint64_t heads)
{
    xf_op o;
    memset(&o, 0, sizeof o);
    o.name = name;
    o.role = role;
    o.kind = xf_op_role_kind(role);
    o.m = m;
    o.k = k;
    o.n = n;
    o.heads = heads;
    return o;
}
