/* xformer archs: the architecture files beside the technology library, and the engine kinds
 * an architecture file can use. */
#include "cli.h"
#include "xf/arch.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "archs";

#define MAX_ARCHS 128

static int list_kinds(void)
{
    for (int i = 0; i < xf_engine_kind_count(); i++) {
        const xf_engine_kind *k = xf_engine_kind_at(i);
        char runs[120] = "";
        for (int c = 0; c < XF_OP_KIND_COUNT; c++)
            if (k->runs >> c & 1u)
                snprintf(runs + strlen(runs), sizeof runs - strlen(runs), "%s%s",
                         runs[0] ? "," : "", xf_op_kind_name((xf_op_kind)c));
        if (k->flags & XF_EK_TRANSFER)
            snprintf(runs + strlen(runs), sizeof runs - strlen(runs), "%stransfer",
                     runs[0] ? "," : "");
        printf("%-6s %-36s %s\n", k->name, runs[0] ? runs : "(used by other engines)", k->what);
    }
    return XF_EXIT_OK;
}

enum { O_TECHLIB = 't', O_ENGINES = 'e' };

const xf_cli_opt xf_opts_archs[] = {
    {"techlib", required_argument, O_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"engines", no_argument, O_ENGINES, 0, NULL, NULL,
     "the engine kinds an architecture file can declare, with the op\n"
     "kinds each can run"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

static const xf_cli_spec *const archs_subs[] = {&xf_spec_archs_show, NULL};

const xf_cli_spec xf_spec_archs = {
    "archs",
    "list the architecture files (arch/)",
    "xformer archs [--techlib DIR]\n"
    "xformer archs --engines\n"
    "xformer archs show NAME|FILE [--set KEY=VALUE]... [--format text|md|tex|csv|json]",
    "The architectures of arch/ (beside the technology library): name, engines (name:kind\n"
    "as the file declares them) and description. Use a name with --arch, or give any\n"
    ".cfg file by path. An architecture's `map` sends op roles to its engines.",
    xf_opts_archs,
    "show lists every key of one design with its resolved value, unit and origin\n"
    "(xformer archs show --help).",
    xf_cmd_archs,
    archs_subs,
};

int xf_cmd_archs(int argc, char **argv)
{
    const char *techlib = NULL;
    if (argc > 1 && !strcmp(argv[1], "show"))
        return xf_cli_archs_show(argc - 1, argv + 1);
    struct option lo[XF_CLI_MAX_OPTS];
    int c, engines = 0;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", xf_cli_longopts(xf_opts_archs, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        switch (c) {
        case O_TECHLIB:
            techlib = optarg;
            break;
        case O_ENGINES:
            engines = 1;
            break;
        case 'h':
            xf_cli_help(stdout, &xf_spec_archs);
            return XF_EXIT_OK;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (engines)
        return list_kinds();
    char buf[1024], dir[1200];
    const char *tl = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    char(*names)[XF_ARCH_NAME_LEN] = calloc(MAX_ARCHS, XF_ARCH_NAME_LEN);
    xf_arch *a = malloc(sizeof *a);
    int rc = a && names ? XF_EXIT_OK : XF_EXIT_RUNTIME;
    int n = names ? xf_arch_names(tl, names, MAX_ARCHS) : 0;
    if (rc == XF_EXIT_OK && n == 0) {
        xf_arch_dir(tl, dir, sizeof dir);
        fprintf(stderr,
                "xformer: %s: no architecture files in '%s'; expected arch/ beside the techlib\n",
                CMD, dir);
        rc = XF_EXIT_USAGE;
    }
    xf_err err = {0};
    for (int i = 0; i < n && rc == XF_EXIT_OK; i++) {
        char eng[200];
        if (xf_arch_load(tl, names[i], NULL, 0, a, &err) != XF_OK)
            rc = xf_cli_fail(CMD, &err);
        else
            printf("%-14s %-36s %s\n", names[i], xf_arch_engines_text(a, eng, sizeof eng),
                   a->description);
    }
    free(names);
    free(a);
    return rc;
}
