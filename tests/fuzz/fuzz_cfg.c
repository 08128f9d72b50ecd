/* Fuzz harness "cfg": one configuration file through every loader with validation: the
 * generic reader (walk, resolved text), a technology file, an architecture file (loaded with
 * its technology files, built and evaluated) and a user model file. See fuzz.h. */
#include "fuzz.h"

#include "xf/cfg.h"

static int cfg_visit(const xf_cfg_item *it, void *ctx)
{
    size_t *n = ctx;
    *n += strlen(it->path) + strlen(it->value) + (it->source ? 1 : 0);
    return 0;
}

static int cfg_generic(const char *path)
{
    xf_cfg *cfg = NULL;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_cfg_load_file(path, &cfg, &err);
    if (rc != XF_OK)
        return fuzz_check_error("cfg load", rc, &err);
    size_t n = 0;
    xf_cfg_walk(cfg, cfg_visit, &n);
    char *text = xf_cfg_to_text(cfg);
    free(text);
    xf_cfg_free(cfg);
    return 0;
}

static int cfg_tech(const char *path)
{
    xf_tech *t = malloc(sizeof *t);
    if (!t)
        return 0;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_load(XF_FUZZ_TECHLIB, path, NULL, 0, t, &err);
    int bad = fuzz_check_error("tech load", rc, &err);
    free(t);
    return bad;
}

static int cfg_arch(const char *path)
{
    xf_arch_spec *s = NULL;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_arch_spec_load(XF_FUZZ_TECHLIB, path, &s, &err);
    if (rc != XF_OK)
        return fuzz_check_error("arch load", rc, &err);
    free(xf_arch_spec_text(s));
    xf_arch *a = malloc(sizeof *a);
    int bad = 0;
    if (a) {
        rc = xf_arch_build(s, a, &err);
        bad =
            rc == XF_OK ? fuzz_eval_arch("arch eval", a) : fuzz_check_error("arch build", rc, &err);
        free(a);
    }
    xf_arch_spec_free(s);
    return bad;
}

static int cfg_model(const char *path)
{
    xf_model m;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_model_load_file(path, &m, &err);
    if (rc != XF_OK)
        return fuzz_check_error("model load", rc, &err);
    xf_workload *w = malloc(sizeof *w);
    int bad = 0;
    if (w) {
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.seq = m.family == XF_FAMILY_VISION ? 0 : 128;
        rc = xf_workload_build(&m, &p, w, &err);
        bad = fuzz_check_error("model workload", rc, &err);
        free(w);
    }
    return bad;
}

XF_FUZZ_ENTRY(cfg)
{
    if (size > XF_FUZZ_MAX_INPUT)
        return 0;
    char path[512];
    if (fuzz_tmpfile(data, size, path, sizeof path) != 0)
        return 0;
    int bad = cfg_generic(path);
    bad = bad ? bad : cfg_tech(path);
    bad = bad ? bad : cfg_arch(path);
    bad = bad ? bad : cfg_model(path);
    unlink(path);
    return bad;
}
