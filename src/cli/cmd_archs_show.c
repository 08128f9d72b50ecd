/* xformer archs show NAME|FILE [--set KEY=VALUE]...: every settable key of an architecture
 * with its resolved value, SI unit and origin (xf_arch_params): the file's line, the override
 * that set it, or "default" (an engine key or a root key the file leaves out; --set sets those
 * too). Why its own file: archs lists files, this one looks inside one. */
#include "cli.h"
#include "xf/arch.h"
#include "xf/eval_report.h"
#include "xf/fmt.h"
#include "xf/text.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const CMD = "archs show";

#define MAX_SETS 128
#define MAX_PARAMS 1024

static void usage(FILE *out);

/* A value for people with its unit: engineering prefixes without trailing zeros ("1.28 GHz",
 * "50 ns"), capacities in KB / MB as files write them (1 KB = 1024 B), areas in mm^2 or um^2. */
static const char *readable(const xf_arch_param *p, char *buf, size_t n)
{
    static const char *const prefix[] = {"a", "f", "p", "n", "u", "m", "",
                                         "k", "M", "G", "T", "P", "E"};
    if (!p->is_num || !p->unit[0])
        return p->text;
    double v = p->num;
    if (strcmp(p->unit, "m2") == 0)
        return xf_fmt_area(buf, n, v);
    if (strcmp(p->unit, "B") == 0) {
        if (v >= 1048576 && fmod(v, 1048576) == 0)
            snprintf(buf, n, "%.15g MB", v / 1048576);
        else if (v >= 1024 && fmod(v, 1024) == 0)
            snprintf(buf, n, "%.15g KB", v / 1024);
        else
            snprintf(buf, n, "%.15g B", v);
        return buf;
    }
    int e3 = v == 0.0 || !isfinite(v) ? 0 : (int)floor(log10(fabs(v)) / 3.0);
    e3 = e3 < -6 ? -6 : e3 > 6 ? 6 : e3;
    snprintf(buf, n, "%.6g %s%s", v / pow(10.0, 3.0 * e3), prefix[e3 + 6], p->unit);
    return buf;
}

/* The origin for people: the architecture file by its name. */
static const char *short_origin(const char *origin, const char *file, char *buf, size_t n)
{
    size_t fl = strlen(file);
    const char *slash = strrchr(file, '/');
    if (fl > 0 && strncmp(origin, file, fl) == 0 && origin[fl] == ':') {
        snprintf(buf, n, "%s%s", slash ? slash + 1 : file, origin + fl);
        return buf;
    }
    return origin;
}

/* CSV field, quoted when needed, then end. */
static void csv(FILE *out, const char *s, const char *end)
{
    xf_csv_field(out, s);
    fputs(end, out);
}

typedef struct {
    const xf_arch_param *ps;
    int n;
} param_list;

/* The keys as CSV: key,value,unit,origin with the SI value and the full origin. */
static void params_csv(FILE *out, const void *ctx)
{
    const param_list *l = ctx;
    fputs("key,value,unit,origin\n", out);
    for (int i = 0; i < l->n; i++) {
        csv(out, l->ps[i].key, ",");
        csv(out, l->ps[i].text, ",");
        csv(out, l->ps[i].unit, ",");
        csv(out, l->ps[i].origin, "\n");
    }
}

static int print(const xf_arch *a, const xf_arch_param *ps, int n, const char *const *sets,
                 int n_sets, xf_table_format format)
{
    if (format != XF_TABLE_TEXT) {
        static const char *const text_cols[] = {"value", NULL}; /* as the file gives it */
        param_list l = {ps, n};
        xf_err err = {0};
        if (xf_cli_csv_via(stdout, format, a->name, params_csv, &l, text_cols, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
        return XF_EXIT_OK;
    }
    char ovr[4096];
    printf("%s  (%s)\n", a->name, a->file);
    if (n_sets == 0 && a->description[0])
        printf("  %s\n", a->description);
    if (xf_eval_overrides_text(sets, n_sets, ", ", ovr, sizeof ovr) > 0)
        printf("  overrides: %s\n", ovr);
    printf("\n%-36s %-20s %s\n", "key", "value", "origin");
    for (int i = 0; i < n; i++) {
        char v[64], o[240];
        printf("%-36s %-20s %s\n", ps[i].key, readable(&ps[i], v, sizeof v),
               short_origin(ps[i].origin, a->file, o, sizeof o));
    }
    printf("\n%d keys; set any with --set KEY=VALUE (a quantity with its unit suffix).\n", n);
    return XF_EXIT_OK;
}

enum { OPT_SET = 400, OPT_FORMAT, OPT_TECHLIB };
/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_archs_show[] = {
    {"set", required_argument, OPT_SET, 0, "KEY=VALUE", NULL,
     "an override, as in xformer eval (repeatable)"},
    {"format", required_argument, OPT_FORMAT, 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default): key, value with its unit (engineering\n"
     "prefixes), origin (the file by name); csv: key,value,unit,origin\n"
     "with the SI value, its SI unit and the full origin; md, tex\n"
     "and json: the CSV's columns and rows"},
    {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_archs_show = {
    "archs show",
    "every key of one design with its resolved value, unit and origin",
    "xformer archs show NAME|FILE [--set KEY=VALUE]... [--format text|md|tex|csv|json]\n"
    "                   [--techlib DIR]",
    "Every key an override can set, with the value the design resolves to (overrides\n"
    "applied), its SI unit and where the value comes from: FILE:LINE of the\n"
    "architecture file, the --set that set it, or default (a key the file leaves out:\n"
    "the engine's or the tool's default; --set can set it too). Quantities are named\n"
    "without their unit suffix (pe.adc_rate, not pe.adc_rate_GSps): write any unit of\n"
    "the dimension when you set one (--set pe.adc_rate_GSps=1.0). The technology files\n"
    "are keys too (tech.nvm); the map is listed as map.ROLE.",
    xf_opts_archs_show,
    "",
    NULL,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_archs_show);
}

int xf_cli_archs_show(int argc, char **argv)
{
    const char *sets[MAX_SETS];
    const char *techlib = NULL, *name = NULL;
    int n_sets = 0, c;
    xf_table_format format = XF_TABLE_TEXT;
    xf_err err = {0};
    opterr = 0;
    optind = 1;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h",
                            xf_cli_longopts(xf_opts_archs_show, lo, XF_CLI_MAX_OPTS), NULL)) !=
           -1) {
        switch (c) {
        case OPT_SET:
            if (n_sets == MAX_SETS)
                return xf_cli_usage_error(CMD, "more than %d --set options", MAX_SETS);
            sets[n_sets++] = optarg;
            break;
        case OPT_FORMAT:
            if (xf_table_format_parse("--format", optarg, &format, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
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
        name = argv[optind++];
    if (!name)
        return xf_cli_usage_error(CMD, "NAME|FILE is required (xformer archs lists the names)");
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_arch_spec *spec = NULL;
    xf_arch *a = malloc(sizeof *a);
    xf_arch_param *ps = malloc(MAX_PARAMS * sizeof *ps);
    int rc = XF_EXIT_OK;
    if (!a || !ps) {
        xf_err_set(&err, XF_ERR_RUNTIME, "out of memory");
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    if (xf_arch_spec_load(dir, name, &spec, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    for (int i = 0; i < n_sets; i++)
        if (xf_arch_spec_set(spec, sets[i], &err) != XF_OK) {
            rc = xf_cli_fail(CMD, &err);
            goto out;
        }
    if (xf_arch_build(spec, a, &err) != XF_OK) {
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    int n = xf_arch_params(spec, a, ps, MAX_PARAMS);
    if (n < 0) {
        xf_err_set(&err, XF_ERR_RUNTIME, "archs show: more than %d parameters", MAX_PARAMS);
        rc = xf_cli_fail(CMD, &err);
        goto out;
    }
    rc = print(a, ps, n, sets, n_sets, format);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "archs show: cannot write the output");
        rc = xf_cli_fail(CMD, &err);
    }
out:
    xf_arch_spec_free(spec);
    free(a);
    free(ps);
    return rc;
}
