/* --help text and getopt_long tables from a command's option table (cli.h xf_cli_opt).
 * Why: one table per command is what getopt parses and what the help, the man page and the
 * completions describe (docs.c), so they cannot drift. Invariants: the help column is fixed
 * (options longer than it put their text on the next line); nothing here allocates. */
#include "cli.h"

#include <string.h>

enum { HELP_COL = 22 };

/* "-j, --jobs N" or "--seq N" into buf. */
static void opt_label(const xf_cli_opt *o, char *buf, size_t n)
{
    char sh[8] = "";
    if (o->short_name)
        snprintf(sh, sizeof sh, "-%c, ", o->short_name);
    snprintf(buf, n, "%s--%s%s%s", sh, o->name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* Each line of text, after prefix (first line) or indent spaces (the others). */
static void lines(FILE *out, const char *text, int indent)
{
    for (const char *p = text; *p;) {
        const char *e = strchr(p, '\n');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        fprintf(out, "%*s%.*s\n", p == text ? 0 : indent, "", (int)len, p);
        p += len + (e ? 1 : 0);
    }
}

void xf_cli_help(FILE *out, const xf_cli_spec *s)
{
    fputs("usage: ", out);
    lines(out, s->synopsis, 7);
    if (s->about && *s->about) {
        fputc('\n', out);
        lines(out, s->about, 0);
    }
    if (s->opts && s->opts[0].name) {
        fputc('\n', out);
        for (const xf_cli_opt *o = s->opts; o->name; o++) {
            char lab[80];
            opt_label(o, lab, sizeof lab);
            int w = fprintf(out, "  %s", lab);
            if (w + 1 >= HELP_COL)
                fprintf(out, "\n%*s", HELP_COL, "");
            else
                fprintf(out, "%*s", HELP_COL - w, "");
            lines(out, o->help, HELP_COL);
        }
    }
    if (s->notes && *s->notes) {
        fputc('\n', out);
        lines(out, s->notes, 0);
    }
}

struct option *xf_cli_longopts(const xf_cli_opt *opts, struct option *lo, int cap)
{
    int i = 0;
    for (; i < cap - 1 && opts[i].name; i++)
        lo[i] = (struct option){opts[i].name, opts[i].has_arg, NULL, opts[i].val};
    lo[i] = (struct option){NULL, 0, NULL, 0};
    return lo;
}
