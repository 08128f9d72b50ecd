/* xformer run: the main job on the built-in defaults (`make run`): X-Former with and without
 * sequence blocking against the GTX 1060 on BERT-base and BERT-large at 128, 384 and 512
 * tokens, as in the paper's evaluation. */
#include "cli.h"
#include "xf/compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "run";

int xf_cmd_run(int argc, char **argv)
{
    if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: xformer run [--techlib DIR]\n\n"
               "The main job on the built-in defaults: X-Former with (xformer) and without\n"
               "(xformer-nosb) sequence blocking against the GTX 1060 on BERT-base and\n"
               "BERT-large at 128, 384 and 512 tokens. The same as\n"
               "  xformer compare --archs xformer,xformer-nosb,gpu-gtx1060 \\\n"
               "                  --models bert-base,bert-large --seq 128,384,512\n"
               "`xformer techlib` lists the technology library; `xformer validate` puts the\n"
               "paper's numbers beside the model's.\n");
        return XF_EXIT_OK;
    }
    const char *techlib = NULL;
    if (argc == 3 && strcmp(argv[1], "--techlib") == 0)
        techlib = argv[2];
    else if (argc > 1)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[1]);
    static const char *const archs[] = {"xformer", "xformer-nosb", "gpu-gtx1060"};
    static const char *const models[] = {"bert-base", "bert-large"};
    static const long long seqs[] = {128, 384, 512};
    xf_err err = {0};
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_cmp_design *d = calloc(3, sizeof *d);
    xf_model m[2];
    xf_cmp_point pts[2 * 3];
    xf_cmp_row rows[3 * 2 * 3];
    xf_table_row trows[3 * 2 * 3];
    int rc = d ? xf_compare_designs("run", archs, 3, NULL, 0, d, &err)
               : xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
    for (int i = 0; i < 2 && rc == XF_OK; i++)
        rc = xf_model_resolve(models[i], &m[i], &err);
    for (int i = 0; i < 6; i++) {
        pts[i].model = &m[i / 3];
        xf_wl_params_default(&pts[i].p);
        pts[i].p.seq = seqs[i % 3];
    }
    if (rc == XF_OK && xf_compare_run(dir, d, 3, pts, 6, rows, &err) == XF_OK)
        xf_cmp_table_rows(d, pts, rows, 18, trows);
    free(d);
    if (err.code != XF_OK)
        return xf_cli_fail(CMD, &err);
    printf(
        "xformer run: X-Former (sequence blocking SB = 64, and without it) against the GTX 1060\n"
        "(arch/xformer.cfg, arch/xformer-nosb.cfg, arch/gpu-gtx1060.cfg; techlib %s)\n\n",
        dir);
    xf_table_opts to = {.baseline = "gpu-gtx1060", .format = XF_TABLE_TEXT, .caption = NULL};
    if (xf_table_write(stdout, trows, 18, &to, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    printf("\npaper (Table IV, BERT-base at 512): GTX 1060 51.46 ms, X-Former 7.94 ms without and\n"
           "0.98 ms with sequence blocking; `xformer validate` compares claim by claim.\n");
    return XF_EXIT_OK;
}
