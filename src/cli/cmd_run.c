/* xformer run: the main job on the built-in defaults (`make run`): X-Former with and without
 * sequence blocking against the GTX 1060 on BERT-base and BERT-large at 128, 384 and 512
 * tokens, as in the paper's evaluation. */
#include "cli.h"
#include "xf/compare.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "run";

const xf_cli_opt xf_opts_run[] = {
    {"techlib", required_argument, 't', 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_run = {
    "run",
    "the main job on the built-in defaults (what `make run` shows)",
    "xformer run [--techlib DIR]",
    "The main job on the built-in defaults: X-Former with (xformer) and without\n"
    "(xformer-nosb) sequence blocking against the GTX 1060 on BERT-base and\n"
    "BERT-large at 128, 384 and 512 tokens. The same as\n"
    "  xformer compare --archs xformer,xformer-nosb,gpu-gtx1060 \\\n"
    "                  --models bert-base,bert-large --seq 128,384,512",
    xf_opts_run,
    "`xformer techlib` lists the technology library; `xformer validate` puts the\n"
    "paper's numbers beside the model's.",
    xf_cmd_run,
    NULL,
};

int xf_cmd_run(int argc, char **argv)
{
    const char *techlib = NULL;
    struct option lo[XF_CLI_MAX_OPTS];
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_run, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        switch (c) {
        case 't':
            techlib = optarg;
            break;
        case 'h':
            xf_cli_help(stdout, &xf_spec_run);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
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
