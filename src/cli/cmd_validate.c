/* xformer validate: the paper's numbers beside the model's, with ratios. */
#include "cli.h"
#include "xf/fmt.h"
#include "xf/validate.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "validate";

static void usage(FILE *out)
{
    fprintf(out,
            "usage: xformer validate [--format table|csv] [--techlib DIR]\n\n"
            "Every number the X-Former paper (arXiv v1) states, beside the model's value under\n"
            "the same conditions, with the ratio model / paper and a note where a gap has a\n"
            "known cause or the paper disagrees with itself. It reports; it does not judge\n"
            "(exit 0 whatever the ratios). CSV columns: claim,conditions,paper,model,ratio\n");
}

static void csv_field(const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        putchar('"');
        for (; *s; s++) {
            if (*s == '"')
                putchar('"');
            putchar(*s);
        }
        putchar('"');
    } else {
        fputs(s, stdout);
    }
}

static const char *value(char *b, size_t n, double v, const char *unit)
{
    if (!unit[0])
        snprintf(b, n, "%.1f %%", 100 * v);
    else if (!strcmp(unit, "x"))
        snprintf(b, n, "%.3gx", v);
    else if (!strcmp(unit, "TOPS/W"))
        snprintf(b, n, "%.3g", v);
    else
        xf_fmt_eng(b, n, v, unit, 3);
    return b;
}

int xf_cmd_validate(int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"techlib", required_argument, NULL, 't'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    int csv = 0, c;
    const char *techlib = NULL;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
        if (c == 'f') {
            if (strcmp(optarg, "csv") && strcmp(optarg, "table"))
                return xf_cli_usage_error(CMD, "--format '%s': expected table or csv", optarg);
            csv = !strcmp(optarg, "csv");
        } else if (c == 't') {
            techlib = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return XF_EXIT_OK;
        } else if (c == ':') {
            return xf_cli_usage_error(CMD, "option %s needs a value", argv[optind - 1]);
        } else {
            return xf_cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    char buf[1024];
    xf_claim claims[XF_MAX_CLAIMS];
    int n = 0;
    xf_err err = {0};
    if (xf_validate(xf_cli_techlib_dir(techlib, buf, sizeof buf), claims, XF_MAX_CLAIMS, &n,
                    &err) != XF_OK)
        return xf_cli_fail(&err);
    if (csv) {
        printf("claim,conditions,paper,model,ratio\n");
        for (int i = 0; i < n; i++) {
            csv_field(claims[i].claim);
            putchar(',');
            csv_field(claims[i].conditions);
            printf(",%.6g,%.6g,%.4g\n", claims[i].paper, claims[i].model,
                   claims[i].model / claims[i].paper);
        }
    } else {
        printf("xformer validate: the X-Former paper (arXiv 2303.07470 v1) beside this model\n\n");
        printf("%-40s %-40s %9s %9s %7s\n", "claim", "conditions", "paper", "model", "ratio");
        for (int i = 0; i < n; i++) {
            char p[32], m[32];
            printf("%-40s %-40s %9s %9s %7.3g\n", claims[i].claim, claims[i].conditions,
                   value(p, sizeof p, claims[i].paper, claims[i].unit),
                   value(m, sizeof m, claims[i].model, claims[i].unit),
                   claims[i].model / claims[i].paper);
            if (claims[i].note && claims[i].note[0])
                printf("    note: %s\n", claims[i].note);
        }
        printf("\nratio = model / paper. README \"Validation\" explains each gap.\n");
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "validate: cannot write the output");
        return xf_cli_fail(&err);
    }
    return XF_EXIT_OK;
}
