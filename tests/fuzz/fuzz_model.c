/* Fuzz harness "model": the user-model loader, then workloads across the sequence, batch and
 * phase ranges and evaluations on X-Former and a GPU; every result must be sound. */
#include "fuzz.h"

static int model_eval(const xf_model *m, const xf_arch *a, int n_archs)
{
    static const struct {
        long long seq, batch, context;
    } pts[] = {{1, 1, -1}, {65, 3, -1}, {4096, 1, -1}, {0, 1, -1}, {0, 2, 300}, {7, 1, 0}};
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    int bad = 0;
    for (size_t i = 0; w && r && !bad && i < sizeof pts / sizeof pts[0]; i++) {
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.seq = pts[i].seq;
        p.batch = pts[i].batch;
        if (pts[i].context >= 0) {
            p.phase = XF_PHASE_DECODE;
            p.context = pts[i].context;
        }
        xf_err err;
        for (int k = 0; k < n_archs && !bad; k++) {
            xf_err_clear(&err);
            int rc = xf_evaluate(&a[k], m, &p, w, r, &err); /* the workload at a[k]'s precision */
            bad = rc == XF_OK ? fuzz_check_result("model eval", r)
                              : fuzz_check_error("model eval", rc, &err);
        }
    }
    free(w);
    free(r);
    return bad;
}

XF_FUZZ_ENTRY(model)
{
    if (size > XF_FUZZ_MAX_INPUT)
        return 0;
    char path[512];
    if (fuzz_tmpfile(data, size, path, sizeof path) != 0)
        return 0;
    xf_model m;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_model_load_file(path, &m, &err);
    unlink(path);
    if (rc != XF_OK)
        return fuzz_check_error("model load", rc, &err);
    static const char *const names[] = {"xformer", "gpu-a100"};
    xf_arch *a = malloc(2 * sizeof *a);
    int bad = 0, n = 0;
    for (int k = 0; a && k < 2; k++) {
        xf_err_clear(&err);
        if (xf_arch_load(XF_FUZZ_TECHLIB, names[k], NULL, 0, &a[n], &err) == XF_OK)
            n++;
    }
    if (a)
        bad = model_eval(&m, a, n);
    free(a);
    return bad;
}
