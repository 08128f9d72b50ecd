/* xformer validate: the paper's numbers beside the model's, with ratios, the class of each
 * claim (reproduced, paper-inconsistent, gap) and its reason; with --check, the classes held
 * against the expected table (validate/expected.cfg), exit 1 when a claim fell below its
 * expected class. Invariants: a bad expected table is found before anything is printed (one
 * line on stderr, exit 2); the CSV on stdout stays CSV (the check speaks on stderr then). */
#include "cli.h"
#include "xf/fmt.h"
#include "xf/json_out.h"
#include "xf/text.h"
#include "xf/validate.h"
#include "xf/version.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const CMD = "validate";

static void usage(FILE *out);

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

typedef struct {
    const xf_claim *c;
    int n;
} claim_list;

/* The claims as CSV (ctx: a claim_list). */
static void print_csv(FILE *out, const void *ctx)
{
    const xf_claim *c = ((const claim_list *)ctx)->c;
    int n = ((const claim_list *)ctx)->n;
    char reason[1024];
    fprintf(out, "claim,conditions,paper,model,unit,ratio,class,reason\n");
    for (int i = 0; i < n; i++) {
        xf_csv_field(out, c[i].claim);
        fputc(',', out);
        xf_csv_field(out, c[i].conditions);
        char p[XF_NUM_TEXT], m[XF_NUM_TEXT], r[XF_NUM_TEXT];
        fprintf(out, ",%s,%s,", xf_num_text(p, c[i].paper), xf_num_text(m, c[i].model));
        xf_csv_field(out, c[i].unit);
        fprintf(out, ",%s,%s,", xf_num_text(r, xf_claim_ratio(&c[i])),
                xf_claim_class_name(xf_claim_classify(&c[i])));
        xf_csv_field(out, xf_claim_reason(&c[i], reason, sizeof reason));
        fputc('\n', out);
    }
}

/* The CSV's rows as objects, then the count of each class. */
static int print_json(const xf_claim *c, int n, xf_err *err)
{
    char reason[1024];
    int count[XF_CLASS_COUNT] = {0};
    cJSON *root = xf_json_object(NULL, NULL);
    cJSON *arr = root && xf_json_str(root, "tool", "xformer " XF_VERSION) &&
                         xf_json_str(root, "paper", "X-Former, arXiv 2303.07470 v1")
                     ? xf_json_array(root, "claims")
                     : NULL;
    int ok = arr != NULL;
    for (int i = 0; i < n && ok; i++) {
        xf_claim_class k = xf_claim_classify(&c[i]);
        count[k]++;
        cJSON *o = xf_json_object(arr, NULL);
        ok = o && xf_json_str(o, "claim", c[i].claim) &&
             xf_json_str(o, "conditions", c[i].conditions) && xf_json_num(o, "paper", c[i].paper) &&
             xf_json_num(o, "model", c[i].model) && xf_json_str(o, "unit", c[i].unit) &&
             xf_json_num(o, "ratio", xf_claim_ratio(&c[i])) &&
             xf_json_str(o, "class", xf_claim_class_name(k)) &&
             xf_json_str(o, "reason", xf_claim_reason(&c[i], reason, sizeof reason));
    }
    cJSON *sum = ok ? xf_json_object(root, "summary") : NULL;
    ok = sum && xf_json_int(sum, "claims", n) &&
         xf_json_int(sum, "reproduced", count[XF_CLASS_REPRODUCED]) &&
         xf_json_int(sum, "gap", count[XF_CLASS_GAP]) &&
         xf_json_int(sum, "paper_inconsistent", count[XF_CLASS_PAPER_INCONSISTENT]);
    if (!ok) {
        cJSON_Delete(root);
        root = NULL;
    }
    return xf_json_write(stdout, root, err);
}

static void print_table(const xf_claim *c, int n)
{
    char reason[1024];
    int count[XF_CLASS_COUNT] = {0};
    printf("xformer validate: the X-Former paper (arXiv 2303.07470 v1) beside this model\n\n");
    printf("%-40s %-40s %9s %9s %7s  %s\n", "claim", "conditions", "paper", "model", "ratio",
           "class");
    for (int i = 0; i < n; i++) {
        char p[32], m[32];
        xf_claim_class k = xf_claim_classify(&c[i]);
        count[k]++;
        printf("%-40s %-40s %9s %9s %7.3g  %s\n", c[i].claim, c[i].conditions,
               value(p, sizeof p, c[i].paper, c[i].unit), value(m, sizeof m, c[i].model, c[i].unit),
               xf_claim_ratio(&c[i]), xf_claim_class_name(k));
        printf("    reason: %s\n", xf_claim_reason(&c[i], reason, sizeof reason));
    }
    printf("\n%d of %d reproduced, %d gaps, %d paper-inconsistent\n", count[XF_CLASS_REPRODUCED], n,
           count[XF_CLASS_GAP], count[XF_CLASS_PAPER_INCONSISTENT]);
    printf("ratio = model / paper; reproduced: 0.75 <= ratio <= 1.25. README \"Validation\" "
           "explains each gap.\n");
}

/* The findings of a check on out; one line on stderr naming the claims that fell. Returns the
 * exit code. */
static int report_check(const xf_claim *c, int n, const xf_expected_table *t, const char *file,
                        FILE *out)
{
    xf_check_row rows[XF_MAX_CLAIMS];
    int worse = 0, better = 0;
    int rc = xf_validate_check(c, n, t->e, t->n, rows, &worse, &better);
    fprintf(out, "\ncheck against %s: %d claims, %d fell below the expected class, %d better\n",
            file, n, worse, better);
    char fell[1024] = "";
    for (int i = 0; i < n; i++) {
        const xf_check_row *r = &rows[i];
        if (r->expected < 0 || (int)r->got == r->expected)
            continue;
        const char *what = (int)r->got > r->expected ? "fell:  " : "better:";
        fprintf(out, "  %s '%s' (%s:%d): expected %s, now %s\n", what, c[i].claim, file,
                r->entry->line, xf_claim_class_name((xf_claim_class)r->expected),
                xf_claim_class_name(r->got));
        if ((int)r->got > r->expected) {
            size_t l = strlen(fell);
            snprintf(fell + l, sizeof fell - l, "%s'%s' (%s -> %s)", l ? ", " : "", c[i].claim,
                     xf_claim_class_name((xf_claim_class)r->expected), xf_claim_class_name(r->got));
        }
    }
    fflush(out);
    if (rc == 1)
        fprintf(stderr,
                "xformer: validate: --check: %d claim%s fell below the expected class of %s: %s\n",
                worse, worse == 1 ? "" : "s", file, fell);
    return rc;
}

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_validate[] = {
    {"format", required_argument, 'f', 0, "F", XF_CLI_TABLE_FORMATS,
     "text (default), md, tex (the CSV's columns), csv, columns\n"
     "claim,conditions,paper,model,unit,ratio,class,reason\n"
     "(paper and model in unit; a share is a fraction, unit empty;\n"
     "numbers at full precision), or json: {\"tool\", \"paper\",\n"
     "\"claims\": [the CSV's rows as objects], \"summary\": {\"claims\",\n"
     "\"reproduced\", \"gap\", \"paper_inconsistent\"}}"},
    {"techlib", required_argument, 't', 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"check", no_argument, 'c', 0, NULL, NULL,
     "also hold each claim's class against the expected table and\n"
     "exit 1 when any fell to a worse class (best to worst:\n"
     "reproduced, paper-inconsistent, gap), naming each; a claim that\n"
     "does better is reported, not a failure. The findings follow\n"
     "the table on stdout (on stderr with --format csv or json)."},
    {"expected", required_argument, 'e', 0,
     "FILE the expected table for --check (default: validate/expected.cfg", "@file",
     "beside the techlib directory, as arch/ is)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_validate = {
    "validate",
    "the paper's numbers beside the model's, with ratios",
    "xformer validate [--format text|md|tex|csv|json] [--techlib DIR]\n"
    "                 [--check [--expected FILE]]",
    "Every number the X-Former paper (arXiv v1) states, beside the model's value under\n"
    "the same conditions, with the ratio model / paper, the claim's class and a\n"
    "one-line reason:\n"
    "  reproduced          0.75 <= model / paper <= 1.25 (within +/-25 %); the reason\n"
    "                      gives the mechanism behind the model's value\n"
    "  paper-inconsistent  outside that, and the paper contradicts itself on it: the\n"
    "                      reason names the other claim and the arithmetic\n"
    "  gap                 outside that, with no such excuse: the reason is the\n"
    "                      mechanism of the shortfall\n"
    "The table ends with \"N of M reproduced, G gaps, I paper-inconsistent\".",
    xf_opts_validate,
    "The expected table is libconfig, one entry per claim:\n"
    "  claims = (\n"
    "    { claim = \"GTX 1060 latency\"; class = \"reproduced\"; reason = \"...\"; },\n"
    "    ...\n"
    "  );\n"
    "claim is the first column of this report (every claim once), class one of the\n"
    "three names, reason a non-empty string: the reason when the entry was written\n"
    "(the check compares classes only).\n"
    "\n"
    "Exit: 0 (without --check whatever the ratios); 1 when --check finds a claim below\n"
    "its expected class; 2 on a bad option or a bad expected table (an unknown claim or\n"
    "class, a claim with no entry or named twice, a missing or unreadable file: one\n"
    "line FILE:LINE on stderr).",
    xf_cmd_validate,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_validate);
}

int xf_cmd_validate(int argc, char **argv)
{
    int csv = 0, json = 0, grid = 0, check = 0, c;
    xf_table_format fmt = XF_TABLE_TEXT;
    const char *techlib = NULL, *expected = NULL;
    opterr = 0;
    optind = 1;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":h",
                            xf_cli_longopts(xf_opts_validate, lo, XF_CLI_MAX_OPTS), NULL)) != -1) {
        if (c == 'f') {
            xf_err ferr = {0};
            if (xf_table_format_parse("--format", optarg, &fmt, &ferr) != XF_OK)
                return xf_cli_fail(CMD, &ferr);
            csv = fmt == XF_TABLE_CSV;
            json = fmt == XF_TABLE_JSON;
            grid = fmt == XF_TABLE_MD || fmt == XF_TABLE_TEX;
        } else if (c == 't') {
            techlib = optarg;
        } else if (c == 'c') {
            check = 1;
        } else if (c == 'e') {
            expected = optarg;
        } else if (c == 'h') {
            usage(stdout);
            return XF_EXIT_OK;
        } else {
            return xf_cli_bad_option(CMD, c, argv);
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    if (expected && !check)
        return xf_cli_usage_error(CMD, "--expected FILE is the table of --check; expected "
                                       "--check with it");
    char buf[1024], path[1100];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_claim claims[XF_MAX_CLAIMS];
    int n = 0;
    xf_err err = {0};
    if (xf_validate(dir, claims, XF_MAX_CLAIMS, &n, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_expected_table t = {0};
    if (check) {
        if (!expected) {
            xf_validate_expected_path(dir, path, sizeof path);
            expected = path;
        }
        if (xf_expected_load(expected, claims, n, &t, &err) != XF_OK)
            return xf_cli_fail(CMD, &err);
    }
    if (json && print_json(claims, n, &err) != XF_OK) {
        xf_expected_free(&t);
        return xf_cli_fail(CMD, &err);
    }
    claim_list cl = {claims, n};
    if (csv)
        print_csv(stdout, &cl);
    else if (grid && xf_cli_csv_via(stdout, fmt, "X-Former paper claims beside the model",
                                    print_csv, &cl, NULL, &err) != XF_OK) {
        xf_expected_free(&t);
        return xf_cli_fail(CMD, &err);
    } else if (!json && !grid)
        print_table(claims, n);
    int rc = XF_EXIT_OK;
    if (check) {
        rc = report_check(claims, n, &t, expected, csv || json || grid ? stderr : stdout);
        xf_expected_free(&t);
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        xf_err_set(&err, XF_ERR_RUNTIME, "validate: cannot write the output");
        return xf_cli_fail(CMD, &err);
    }
    return rc ? XF_EXIT_RUNTIME : XF_EXIT_OK;
}
