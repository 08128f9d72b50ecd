/* Evaluate one design point through libxformer (the README's example): X-Former on
 * BERT-base at 512 tokens, with the technology library the installation carries.
 *
 *   cc eval.c $(pkg-config --cflags --libs xformer) \
 *      -DTECHLIB="\"$(pkg-config --variable=techlibdir xformer)\"" -o eval
 */
#include <xf/arch.h>
#include <xf/eval.h>

#include <stdio.h>
#include <stdlib.h>

#ifndef TECHLIB
#define TECHLIB "techlib"
#endif

int main(int argc, char **argv)
{
    const char *techlib = argc > 1 ? argv[1] : TECHLIB;
    xf_err err = {0};
    xf_arch *a = malloc(sizeof *a);         /* a die of engines: about 19 KB */
    xf_workload *w = calloc(1, sizeof *w);  /* the workload's op list */
    xf_result *r = malloc(sizeof *r);
    const xf_model *m = xf_zoo_find("bert-base");
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    int rc = a && w && r && m ? XF_OK : XF_ERR_RUNTIME;
    if (rc == XF_OK)
        rc = xf_arch_load(techlib, "xformer", NULL, 0, a, &err);
    if (rc == XF_OK)
        rc = xf_evaluate(a, m, &p, w, r, &err);
    if (rc == XF_OK)
        printf("latency_s=%.17g\nenergy_j=%.17g\n", r->latency, r->energy);
    else
        fprintf(stderr, "eval: %s\n", err.msg[0] ? err.msg : "out of memory");
    free(a);
    free(w);
    free(r);
    return rc == XF_OK ? 0 : 1;
}
