/* xformer compare: architectures x models x sequence lengths against a baseline. */
#include "cli.h"
#include "xf/compare.h"
#include "xf/workload.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "compare";

#define MAX_ITEMS 32
#define MAX_SETS 128

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: xformer compare --archs A,B,... [--baseline X] --models M1,M2,...\n"
        "                       --seq n1,n2,... [--batch B] [--set [ARCH:]KEY=VALUE]...\n"
        "                       [--format table|md|tex|csv] [--techlib DIR]\n\n"
        "One row per (model, seq, arch) with latency, energy, and the speed-up and energy\n"
        "ratio against the baseline (baseline / arch, so > 1 is better), then one\n"
        "geometric-mean row per architecture.\n\n"
        "  --archs LIST     architectures (xformer, xformer-nosb, puma, nvm-ideal, sram-cim,\n"
        "                   gpu-gtx1060, ... or .cfg files)\n"
        "  --baseline X     the reference (default: the last of --archs; added when missing)\n"
        "  --models LIST    zoo models or model files; --seq LIST: sequence lengths\n"
        "  --set KEY=V      override for every architecture (each must have the key);\n"
        "  --set ARCH:KEY=V override for one architecture, e.g. xformer:pe.adc_bits=6\n"
        "  --format F       table (default), md (GitHub), tex (booktabs), csv\n"
        "                   csv header: model,seq,arch,latency_s,energy_j,speedup,energy_ratio\n");
}

enum { OPT_ARCHS = 500, OPT_BASE, OPT_MODELS, OPT_SEQ, OPT_BATCH, OPT_SET, OPT_FMT, OPT_TECHLIB };

int xf_cmd_compare(int argc, char **argv)
{
    static const struct option opts[] = {{"archs", required_argument, NULL, OPT_ARCHS},
                                         {"baseline", required_argument, NULL, OPT_BASE},
                                         {"models", required_argument, NULL, OPT_MODELS},
                                         {"seq", required_argument, NULL, OPT_SEQ},
                                         {"batch", required_argument, NULL, OPT_BATCH},
                                         {"set", required_argument, NULL, OPT_SET},
                                         {"format", required_argument, NULL, OPT_FMT},
                                         {"techlib", required_argument, NULL, OPT_TECHLIB},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    char *archs_s = NULL, *models_s = NULL, *seq_s = NULL;
    const char *baseline = NULL, *techlib = NULL;
    const char *sets[MAX_SETS];
    int n_sets = 0, c;
    xf_table_format fmt = XF_TABLE_TEXT;
    long long batch = 1;
    xf_err err = {0};
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        switch (c) {
        case OPT_ARCHS:
            archs_s = optarg;
            break;
        case OPT_BASE:
            baseline = optarg;
            break;
        case OPT_MODELS:
            models_s = optarg;
            break;
        case OPT_SEQ:
            seq_s = optarg;
            break;
        case OPT_BATCH:
            if (xf_cli_parse_ll("--batch", optarg, 1, XF_WL_MAX_BATCH, &batch, &err) != XF_OK)
                return xf_cli_fail(&err);
            break;
        case OPT_SET:
            if (n_sets == MAX_SETS)
                return xf_cli_usage_error(CMD, "more than %d --set options", MAX_SETS);
            sets[n_sets++] = optarg;
            break;
        case OPT_FMT:
            if (xf_table_format_parse("--format", optarg, &fmt, &err) != XF_OK)
                return xf_cli_fail(&err);
            break;
        case OPT_TECHLIB:
            techlib = optarg;
            break;
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (!archs_s || !models_s || !seq_s)
        return xf_cli_usage_error(CMD, "--archs, --models and --seq are required");
    const char *archs[MAX_ITEMS + 1], *models[MAX_ITEMS], *seq_items[MAX_ITEMS];
    long long seqs[MAX_ITEMS];
    int na = xf_cli_split("--archs", archs_s, archs, MAX_ITEMS, &err);
    int nm = na < 0 ? -1 : xf_cli_split("--models", models_s, models, MAX_ITEMS, &err);
    int ns = nm < 0 ? -1 : xf_cli_split("--seq", seq_s, seq_items, MAX_ITEMS, &err);
    if (na < 0 || nm < 0 || ns < 0)
        return xf_cli_fail(&err);
    for (int i = 0; i < ns; i++)
        if (xf_cli_parse_ll("--seq", seq_items[i], 1, XF_WL_MAX_SEQ, &seqs[i], &err) != XF_OK)
            return xf_cli_fail(&err);
    if (!baseline)
        baseline = archs[na - 1];
    int have = 0;
    for (int i = 0; i < na; i++)
        have |= !strcmp(archs[i], baseline);
    if (!have)
        archs[na++] = baseline;
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    int n = na * nm * ns;
    xf_cmp_row *rows = calloc((size_t)n, sizeof *rows);
    xf_table_row *trows = calloc((size_t)n, sizeof *trows);
    if (!rows || !trows) {
        free(rows);
        free(trows);
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        return xf_cli_fail(&err);
    }
    int rc = XF_EXIT_OK;
    xf_table_opts to = {.baseline = baseline, .format = fmt, .caption = NULL};
    if (xf_compare_grid(dir, archs, na, models, nm, seqs, ns, batch, sets, n_sets, rows, &err) !=
        XF_OK) {
        rc = xf_cli_fail(&err);
    } else {
        xf_cmp_table_rows(rows, n, trows);
        if (xf_table_write(stdout, trows, n, &to, &err) != XF_OK)
            rc = xf_cli_fail(&err);
    }
    free(trows);
    free(rows);
    return rc;
}
