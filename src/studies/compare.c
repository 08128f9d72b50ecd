/* Evaluate a comparison grid: architectures x models x sequence lengths (xf/compare.h). */
#include "xf/compare.h"

#include "xf/eval.h"

#include <stdlib.h>
#include <string.h>

/* Apply the overrides that concern `arch` (plain ones, or "ARCH:key=value" with its name). */
static int apply_sets(xf_arch_spec *s, const char *arch, const char *const *sets, int n_sets,
                      xf_err *err)
{
    for (int i = 0; i < n_sets; i++) {
        const char *colon = strchr(sets[i], ':'), *eq = strchr(sets[i], '=');
        const char *kv = sets[i];
        if (colon && (!eq || colon < eq)) {
            size_t l = (size_t)(colon - sets[i]);
            if (strlen(arch) != l || strncmp(arch, sets[i], l) != 0)
                continue;
            kv = colon + 1;
        }
        xf_err e2;
        xf_err_clear(&e2);
        if (xf_arch_spec_set(s, kv, &e2) != XF_OK)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s (architecture %s; scope an override to one "
                              "architecture with --set ARCH:KEY=VALUE)",
                              e2.msg, arch);
    }
    return XF_OK;
}

int xf_compare_grid(const char *techlib, const char *const *archs, int n_archs,
                    const char *const *models, int n_models, const long long *seqs, int n_seqs,
                    long long batch, const char *const *sets, int n_sets, xf_cmp_row *rows,
                    xf_err *err)
{
    xf_arch *a = calloc((size_t)n_archs, sizeof *a);
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    int rc = XF_OK;
    if (!a || !w || !r) {
        rc = xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        goto out;
    }
    for (int i = 0; i < n_archs && rc == XF_OK; i++) {
        xf_arch_spec *s = NULL;
        rc = xf_arch_spec_load(techlib, archs[i], &s, err);
        if (rc == XF_OK)
            rc = apply_sets(s, archs[i], sets, n_sets, err);
        if (rc == XF_OK)
            rc = xf_arch_build(s, &a[i], err);
        xf_arch_spec_free(s);
    }
    int k = 0;
    for (int m = 0; m < n_models && rc == XF_OK; m++) {
        xf_model model;
        if ((rc = xf_model_resolve(models[m], &model, err)) != XF_OK)
            break;
        for (int q = 0; q < n_seqs && rc == XF_OK; q++)
            for (int i = 0; i < n_archs && rc == XF_OK; i++) {
                xf_wl_params p;
                xf_wl_params_default(&p);
                p.seq = seqs[q];
                p.batch = batch;
                if ((rc = xf_evaluate(&a[i], &model, &p, w, r, err)) != XF_OK)
                    break;
                xf_cmp_row *row = &rows[k++];
                memset(row, 0, sizeof *row);
                snprintf(row->model, sizeof row->model, "%s", model.name);
                row->seq = seqs[q];
                snprintf(row->arch, sizeof row->arch, "%s", archs[i]);
                row->latency = r->latency;
                row->energy = r->energy;
            }
    }
out:
    free(a);
    free(w);
    free(r);
    return rc;
}

void xf_cmp_table_rows(const xf_cmp_row *rows, int n, xf_table_row *out)
{
    for (int i = 0; i < n; i++) {
        out[i].arch = rows[i].arch;
        out[i].model = rows[i].model;
        out[i].seq = rows[i].seq;
        out[i].latency_s = rows[i].latency;
        out[i].energy_j = rows[i].energy;
    }
}
