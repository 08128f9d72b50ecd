/* xformer command line: dispatch to subcommands (one file each in src/cli/). */
#include "cli.h"
#include "xf/cfg.h"
#include "xf/version.h"

#include <stdio.h>
#include <string.h>

typedef struct {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} xf_cli_cmd;

static const xf_cli_cmd commands[] = {
    {"run", xf_cmd_run, "the main job on the built-in defaults (what `make run` shows)"},
    {"techlib", xf_cmd_techlib, "list the technology library or show one file with derived costs"},
    {"eval", xf_cmd_eval, "latency, energy and area of a model on an architecture"},
    {"compare", xf_cmd_compare, "speed-up and energy ratios against a baseline, as a table"},
    {"validate", xf_cmd_validate, "the paper's numbers beside the model's, with ratios"},
    {"archs", xf_cmd_archs, "list the architecture files (arch/)"},
    {"sweep", xf_cmd_sweep, "evaluate the product of value ranges into the results database"},
    {"uncertainty", xf_cmd_uncertainty,
     "Monte Carlo over the cited ranges: P5 / P50 / P95 of every metric and ratio"},
    {"sensitivity", xf_cmd_sensitivity,
     "one-at-a-time swings of every ranged value, ranked, with elasticities"},
    {"optimize", xf_cmd_optimize,
     "the best design of a grid under constraints, with its Pareto front"},
    {"table", xf_cmd_table, "comparison tables from the results database (text, md, tex, csv)"},
    {"runs", xf_cmd_runs, "list the sweeps and recent runs of the results database"},
    {"db", xf_cmd_db, "merge results databases (shards), check one, re-run a stored run"},
    {"plot", xf_cmd_plot, "figures from the results database (gnuplot: PNG and SVG)"},
    {"workload", xf_cmd_workload, "per-layer operation counts of a model (MACs, bytes, writes)"},
    {"models", xf_cmd_models, "list the compiled-in model zoo with parameter counts"},
};

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: xformer COMMAND [OPTIONS]\n"
        "       xformer --help | --version\n\n"
        "Analytical energy, latency and area of transformer inference on in-memory\n"
        "accelerators (X-Former: ReRAM crossbars + 8T-SRAM compute-in-memory) and baselines.\n\n"
        "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`xformer COMMAND --help` describes a command. Exit status: 0 success,\n"
                 "1 runtime failure (e.g. unwritable file), 2 bad input or usage.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return XF_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return XF_EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("xformer %s\n", XF_VERSION);
        return XF_EXIT_OK;
    }
    const size_t n = sizeof commands / sizeof commands[0];
    for (size_t i = 0; i < n; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return xf_cli_repeats(cmd, argc - 1, argv + 1) ? XF_EXIT_USAGE
                                                           : commands[i].fn(argc - 1, argv + 1);
    const char *names[32];
    for (size_t i = 0; i < n && i < 32; i++)
        names[i] = commands[i].name;
    const char *sug = xf_suggest(cmd, names, (int)n);
    if (sug)
        fprintf(stderr, "xformer: unknown command '%s'; did you mean '%s'? (see xformer --help)\n",
                cmd, sug);
    else
        fprintf(stderr,
                "xformer: unknown command '%s'; expected one of the commands in xformer --help\n",
                cmd);
    return XF_EXIT_USAGE;
}
