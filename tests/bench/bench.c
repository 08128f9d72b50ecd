/* make bench: speed and memory figures, one key=value line each (medians of repeated runs
 * after a warm-up). Not a test: it asserts nothing; README "Performance" quotes its output.
 *
 *   eval_us, evals_per_s      one X-Former evaluation of BERT-base at 512 tokens (in-process,
 *                             one thread, workload built once)
 *   eval_us_seq64/_seq65536   the same at 64 and 65,536 tokens (closed form: flat in n)
 *   eval_us_bert_large/_gpt3  cost growth with layer count
 *   workload_us               building the op list of BERT-base at 512
 * The sweep figures are measured by tests/bench/sweep.sh (it runs the CLI).
 */
#include "xf/eval.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define REPEATS 15

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp);
    return v[n / 2];
}

typedef struct {
    xf_arch a;
    xf_workload w;
    xf_result r;
} bench_ctx;

/* Median time per call (s) of `iters` evaluations, over REPEATS repeats after a warm-up. */
static double time_eval(bench_ctx *c, int iters)
{
    xf_err err = {0};
    double t[REPEATS];
    for (int i = 0; i < iters; i++)
        xf_eval(&c->a, &c->w, &c->r, &err);
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        for (int i = 0; i < iters; i++)
            xf_eval(&c->a, &c->w, &c->r, &err);
        t[k] = (now() - t0) / iters;
    }
    return median(t, REPEATS);
}

static int build(bench_ctx *c, const char *model, long long seq, xf_err *err)
{
    xf_model m;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = seq;
    if (xf_model_resolve(model, &m, err) != XF_OK || xf_workload_build(&m, &p, &c->w, err) != XF_OK)
        return err->code;
    return XF_OK;
}

int main(void)
{
    bench_ctx *c = malloc(sizeof *c);
    xf_err err = {0};
    if (!c || xf_arch_load("techlib", "xformer", NULL, 0, &c->a, &err) != XF_OK) {
        fprintf(stderr, "bench: %s\n", c ? err.msg : "out of memory");
        return 1;
    }
    const int iters = 20000;
    if (build(c, "bert-base", 512, &err) != XF_OK)
        goto fail;
    double t = time_eval(c, iters);
    printf("eval_us=%.3f\nevals_per_s=%.0f\n", t * 1e6, 1.0 / t);
    static const struct {
        const char *key, *model;
        long long seq;
    } cases[] = {{"eval_us_seq64", "bert-base", 64},
                 {"eval_us_seq65536", "bert-base", 65536},
                 {"eval_us_bert_large", "bert-large", 512},
                 {"eval_us_gpt3", "gpt3-175b", 512}};
    double t64 = 0, t65536 = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (build(c, cases[i].model, cases[i].seq, &err) != XF_OK)
            goto fail;
        double ti = time_eval(c, iters);
        printf("%s=%.3f\n", cases[i].key, ti * 1e6);
        if (i == 0)
            t64 = ti;
        if (i == 1)
            t65536 = ti;
    }
    printf("eval_seq65536_over_seq64=%.3f\n", t65536 / t64);
    /* workload build */
    xf_model m;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    if (xf_model_resolve("bert-base", &m, &err) != XF_OK)
        goto fail;
    double tw[REPEATS];
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        for (int i = 0; i < iters; i++)
            xf_workload_build(&m, &p, &c->w, &err);
        tw[k] = (now() - t0) / iters;
    }
    printf("workload_us=%.3f\n", median(tw, REPEATS) * 1e6);
    free(c);
    return 0;
fail:
    fprintf(stderr, "bench: %s\n", err.msg);
    free(c);
    return 1;
}
