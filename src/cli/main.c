/* xformer command line: dispatch to the subcommands of the registry (commands.c). */
#include "cli.h"
#include "xf/cfg.h"
#include "xf/version.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
    fprintf(
        out,
        "usage: xformer COMMAND [OPTIONS]\n"
        "       xformer help [COMMAND | --commands | --man [COMMAND] | --completion bash|zsh]\n"
        "       xformer --help | --version\n\n"
        "Analytical energy, latency and area of transformer inference on in-memory\n"
        "accelerators (X-Former: ReRAM crossbars + 8T-SRAM compute-in-memory) and baselines.\n\n"
        "commands:\n");
    for (int i = 0; i < xf_cli_command_count; i++)
        fprintf(out, "  %-12s %s\n", xf_cli_commands[i]->name, xf_cli_commands[i]->summary);
    fprintf(out, "\n`xformer help COMMAND` (= `xformer COMMAND --help`) describes a command;\n"
                 "`man xformer-COMMAND` once installed. Exit status: 0 success,\n"
                 "1 runtime failure (e.g. unwritable file), 2 bad input or usage.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return XF_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
        (strcmp(cmd, "help") == 0 &&
         (argc == 2 || (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h")))))) {
        usage(stdout);
        return XF_EXIT_OK;
    }
    if (strcmp(cmd, "help") == 0)
        return xf_cli_help_cmd(argc - 1, argv + 1);
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("xformer %s\n", XF_VERSION);
        return XF_EXIT_OK;
    }
    const xf_cli_spec *s = xf_cli_find(cmd);
    if (s)
        return xf_cli_repeats(cmd, argc - 1, argv + 1) ? XF_EXIT_USAGE : s->run(argc - 1, argv + 1);
    const char *names[32];
    int n = xf_cli_command_count < 32 ? xf_cli_command_count : 32;
    for (int i = 0; i < n; i++)
        names[i] = xf_cli_commands[i]->name;
    const char *sug = xf_suggest(cmd, names, n);
    if (sug)
        fprintf(stderr, "xformer: unknown command '%s'; did you mean '%s'? (see xformer --help)\n",
                cmd, sug);
    else
        fprintf(stderr,
                "xformer: unknown command '%s'; expected one of the commands in xformer --help\n",
                cmd);
    return XF_EXIT_USAGE;
}
