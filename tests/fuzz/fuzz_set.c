/* Fuzz harness "set": the --set override parser. Every line of the input is one KEY=VALUE
 * assignment, applied in order to an architecture configuration (X-Former, or a GPU when the
 * input starts with '#gpu') and to a technology file (the SAR ADC); what is accepted is built
 * and evaluated, and the results must be sound. */
#include "fuzz.h"

#include "xf/cfg.h"

#define SET_MAX_LINES 32

static int set_split(char *text, const char **lines)
{
    int n = 0;
    for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && n < SET_MAX_LINES;
         l = strtok_r(NULL, "\n", &save))
        if (l[0] != '#')
            lines[n++] = l;
    return n;
}

static int set_arch(const char *name, const char *const *lines, int n)
{
    xf_arch_spec *s = NULL;
    xf_err err;
    xf_err_clear(&err);
    if (xf_arch_spec_load(XF_FUZZ_TECHLIB, name, &s, &err) != XF_OK)
        return fuzz_broken("set: arch load", err.msg);
    int bad = 0, rc = XF_OK;
    for (int i = 0; i < n && rc == XF_OK; i++)
        rc = xf_arch_spec_set(s, lines[i], &err);
    if (rc != XF_OK) {
        bad = fuzz_check_error("set: override", rc, &err);
    } else {
        free(xf_arch_spec_text(s));
        xf_arch *a = malloc(sizeof *a);
        if (a) {
            rc = xf_arch_build(s, a, &err);
            bad = rc == XF_OK ? fuzz_eval_arch("set: eval", a)
                              : fuzz_check_error("set: build", rc, &err);
            free(a);
        }
    }
    xf_arch_spec_free(s);
    return bad;
}

static int set_tech(const char *const *lines, int n)
{
    xf_tech *t = malloc(sizeof *t);
    if (!t)
        return 0;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_tech_load(XF_FUZZ_TECHLIB, "periph/adc-sar.cfg", lines, n, t, &err);
    free(t);
    return fuzz_check_error("set: tech", rc, &err);
}

XF_FUZZ_ENTRY(set)
{
    if (size > 4096)
        return 0;
    char *text = fuzz_string(data, size);
    if (!text)
        return 0;
    int gpu = strncmp(text, "#gpu", 4) == 0;
    const char *lines[SET_MAX_LINES];
    int n = set_split(text, lines);
    int bad = set_arch(gpu ? "gpu-a100" : "xformer", lines, n);
    if (!bad)
        bad = set_tech(lines, n);
    free(text);
    return bad;
}
