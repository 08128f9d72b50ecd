/* fuzz.h - shared pieces of the libFuzzer harnesses (tests/fuzz/fuzz_*.c).
 *
 * Each harness defines its entry with XF_FUZZ_ENTRY(name): a function
 *     int xf_fuzz_<name>(const uint8_t *data, size_t size)
 * that returns 0 when the library behaved (an input error is fine) and non-zero when it broke a
 * contract: an error without a one-line message, a code other than 1 or 2, a result that is not
 * finite and non-negative. Built with -DXF_LIBFUZZER it also defines LLVMFuzzerTestOneInput,
 * which traps on a non-zero return; without it the harnesses are plain functions that
 * tests/unit/test_fuzz.c calls on every saved regression input (make test).
 *
 * Harnesses run from the repository root (paths techlib/, arch/) and write their input to a
 * temporary file when the code under test reads files.
 */
#ifndef XF_FUZZ_H
#define XF_FUZZ_H

#include "xf/eval.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XF_FUZZ_TECHLIB "techlib"
/* Inputs larger than this are skipped: just past the loaders' cap XF_CFG_MAX_BYTES (1 MiB),
 * so the cap itself and inputs near it are fuzzed too (make fuzz runs with -max_len=1100000
 * and -timeout=1: an input that takes a second is a finding, README "Reliability"). */
#define XF_FUZZ_MAX_INPUT (1024 * 1024 + 8192)

#ifdef XF_LIBFUZZER
#define XF_FUZZ_ENTRY(name)                                                                        \
    int xf_fuzz_##name(const uint8_t *data, size_t size);                                          \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                                  \
    int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                                   \
    {                                                                                              \
        if (xf_fuzz_##name(data, size) != 0)                                                       \
            __builtin_trap();                                                                      \
        return 0;                                                                                  \
    }                                                                                              \
    int xf_fuzz_##name(const uint8_t *data, size_t size)
#else
#define XF_FUZZ_ENTRY(name)                                                                        \
    int xf_fuzz_##name(const uint8_t *data, size_t size);                                          \
    int xf_fuzz_##name(const uint8_t *data, size_t size)
#endif

/* Report a broken contract (stderr) and return 1. */
static inline int fuzz_broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s: %s\n", what, detail ? detail : "");
    return 1;
}

/* A failed call must leave code 1 or 2, the same code in err, and a one-line message. */
static inline int fuzz_check_error(const char *what, int rc, const xf_err *err)
{
    if (rc == XF_OK)
        return err->code == XF_OK ? 0 : fuzz_broken(what, "XF_OK returned with an error set");
    if (rc != XF_ERR_INPUT && rc != XF_ERR_RUNTIME)
        return fuzz_broken(what, "error code not 1 or 2");
    if ((int)err->code != rc)
        return fuzz_broken(what, "returned code differs from err.code");
    if (!err->msg[0])
        return fuzz_broken(what, "empty error message");
    /* '\n' separates the lines of a collected message (xf/err.h); nothing else may appear */
    for (const char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 && *p != '\n')
            return fuzz_broken(what, "control character in the error message");
    return 0;
}

static inline int fuzz_bad(double v)
{
    return !isfinite(v) || v < 0.0;
}

/* Every number of an evaluation: finite and >= 0 (lifetimes may be +inf; the sb_overlap op's
 * latency is <= 0 by design). */
static inline int fuzz_check_result(const char *what, const xf_result *r)
{
    const double head[] = {r->latency,
                           r->energy,
                           r->area,
                           r->power,
                           r->ops,
                           r->tops,
                           r->tops_per_w,
                           r->edp,
                           r->nvm_writes,
                           r->xbars_needed,
                           r->xbars_available,
                           r->replicas,
                           r->cim_arrays,
                           r->iso_reference_area,
                           r->writes_per_cell_max,
                           r->writes_per_cell_mean,
                           r->endurance,
                           r->inferences_per_s,
                           r->spill_bytes};
    char msg[160];
    for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
        if (fuzz_bad(head[i])) {
            snprintf(msg, sizeof msg, "headline field %zu = %g", i, head[i]);
            return fuzz_broken(what, msg);
        }
    if (isnan(r->lifetime_infer) || r->lifetime_infer < 0 || isnan(r->lifetime_s) ||
        r->lifetime_s < 0)
        return fuzz_broken(what, "lifetime NaN or negative");
    for (int c = 0; c < XF_COMP_COUNT; c++)
        if (fuzz_bad(r->energy_by_comp[c]) || fuzz_bad(r->area_by_comp[c])) {
            snprintf(msg, sizeof msg, "component %s: energy %g, area %g", xf_comp_name((xf_comp)c),
                     r->energy_by_comp[c], r->area_by_comp[c]);
            return fuzz_broken(what, msg);
        }
    for (int k = 0; k < XF_OP_KIND_COUNT; k++)
        if (fuzz_bad(r->energy_by_kind[k]))
            return fuzz_broken(what, "energy by kind");
    if (r->n_engines < 0 || r->n_engines > XF_MAX_ENGINES)
        return fuzz_broken(what, "engine count");
    for (int e = 0; e < r->n_engines; e++)
        if (fuzz_bad(r->busy[e]) || fuzz_bad(r->utilisation[e]))
            return fuzz_broken(what, "busy or utilisation");
    if (r->n_layers < 0 || r->n_layers > XF_WL_MAX_LAYERS)
        return fuzz_broken(what, "layer count");
    for (int l = 0; l < r->n_layers; l++) {
        const xf_layer_result *lr = &r->layers[l];
        if (fuzz_bad(lr->latency) || fuzz_bad(lr->energy) || lr->n_ops < 0 || lr->n_ops > lr->cap ||
            lr->first_row + lr->cap > r->n_rows)
            return fuzz_broken(what, "layer latency, energy or op count");
        for (int k = 0; k < lr->n_ops; k++) {
            const xf_op_result *o = &xf_layer_rows(r, lr)[k];
            int overlap = o->name && strcmp(o->name, "sb_overlap") == 0;
            if ((overlap ? !isfinite(o->latency) || o->latency > 0 : fuzz_bad(o->latency)) ||
                fuzz_bad(o->busy) || fuzz_bad(o->energy)) {
                snprintf(msg, sizeof msg, "%s.%s: latency %g, busy %g, energy %g", lr->name,
                         o->name ? o->name : "?", o->latency, o->busy, o->energy);
                return fuzz_broken(what, msg);
            }
        }
    }
    return 0;
}

/* The input as a NUL-terminated string (a copy; NUL bytes inside end it early). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s) {
        memcpy(s, data, size);
        s[size] = '\0';
    }
    return s;
}

/* Write the input to a new temporary file; path receives its name (caller unlinks). */
static inline int fuzz_tmpfile(const uint8_t *data, size_t size, char *path, size_t n)
{
    const char *dir = getenv("TMPDIR");
    snprintf(path, n, "%s/xf-fuzz-XXXXXX", dir && dir[0] ? dir : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t off = 0;
    while (off < size) {
        ssize_t w = write(fd, data + off, size - off);
        if (w <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        off += (size_t)w;
    }
    close(fd);
    return 0;
}

/* Evaluate an architecture on a few small workloads that reach the interesting paths
 * (partial sequence blocks, decode, encoder-decoder, vision); results must be sound. */
static inline int fuzz_eval_arch(const char *what, const xf_arch *a)
{
    static const struct {
        const char *model;
        long long seq, context;
    } pts[] = {{"bert-tiny", 65, -1}, {"gpt2", 0, 100}, {"t5-small", 33, -1}, {"deit-s", 0, -1}};
    xf_workload *w = calloc(1, sizeof *w);
    xf_result *r = malloc(sizeof *r);
    int bad = 0;
    for (size_t i = 0; w && r && !bad && i < sizeof pts / sizeof pts[0]; i++) {
        const xf_model *m = xf_zoo_find(pts[i].model);
        if (!m)
            continue;
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.seq = pts[i].seq;
        if (pts[i].context >= 0) {
            p.phase = XF_PHASE_DECODE;
            p.context = pts[i].context;
        }
        xf_err err;
        xf_err_clear(&err);
        int rc = xf_evaluate(a, m, &p, w, r, &err);
        bad = rc == XF_OK ? fuzz_check_result(what, r) : fuzz_check_error(what, rc, &err);
    }
    free(w);
    free(r);
    return bad;
}

#endif
