/* cli.h - shared pieces of the xformer command line (src/cli/). */
#ifndef XF_CLI_H
#define XF_CLI_H

#include "xf/err.h"
#include "xf/table.h"

#include <getopt.h>
#include <stdio.h>

/* Exit codes: 0 success, 1 runtime failure, 2 bad input or usage. */
enum { XF_EXIT_OK = 0, XF_EXIT_RUNTIME = 1, XF_EXIT_USAGE = 2 };

/* Subcommands: each takes argv with argv[0] = the subcommand name. */
int xf_cmd_techlib(int argc, char **argv);
int xf_cmd_run(int argc, char **argv);
int xf_cmd_workload(int argc, char **argv);
int xf_cmd_models(int argc, char **argv);
int xf_cmd_eval(int argc, char **argv);
int xf_cmd_validate(int argc, char **argv);
int xf_cmd_compare(int argc, char **argv);
int xf_cmd_archs(int argc, char **argv);
int xf_cmd_sweep(int argc, char **argv);
int xf_cmd_table(int argc, char **argv);
int xf_cmd_runs(int argc, char **argv);
int xf_cmd_db(int argc, char **argv);
int xf_cmd_plot(int argc, char **argv);
int xf_cmd_uncertainty(int argc, char **argv);
int xf_cmd_sensitivity(int argc, char **argv);
int xf_cmd_optimize(int argc, char **argv);
/* xformer archs show (argv[0] = "show"). */
int xf_cli_archs_show(int argc, char **argv);

/* csv (this tool's CSV of one table, header first; modified in place) in format f through the
 * grid writer: md, tex, json (and text, csv) with the CSV's columns; columns named in text_cols
 * (NULL-terminated, may be NULL) stay text even when they read as numbers (csv_grid.c). */
int xf_cli_csv_render(FILE *out, xf_table_format f, const char *title, char *csv,
                      const char *const *text_cols, xf_err *err);
/* The same from what write_csv(mem, ctx) writes into memory. */
int xf_cli_csv_via(FILE *out, xf_table_format f, const char *title,
                   void (*write_csv)(FILE *, const void *), const void *ctx,
                   const char *const *text_cols, xf_err *err);

/* Every technology file of dir, relative to it, one a line (completions); returns how many. */
int xf_cli_techlib_names(const char *dir, FILE *out);
/* Print the technology library (with derived costs when with_costs); returns an exit code. */
int xf_cli_techlib_list(const char *dir, int with_costs);

/* The one error style: "xformer: CMD: what; expected ..." on stderr; returns err->code (or 2
 * if unset). A message that already starts with "CMD: " is not prefixed twice. */
int xf_cli_fail(const char *cmd, const xf_err *err);
/* Print "xformer: CMD: <message> (see xformer CMD --help)"; return 2. */
int xf_cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Technology library directory: --techlib DIR if given, else $XFORMER_TECHLIB, else the
 * techlib/ beside the executable's build/ or bin/ directory (in-tree or installed). */
const char *xf_cli_techlib_dir(const char *opt, char *buf, unsigned n);

/* The results database the environment names (XFORMER_DB, when set and not empty), or NULL. */
const char *xf_cli_db_env(void);
/* A database file a command will write, named by opt ("--db " or "XFORMER_DB="): refused
 * (XF_ERR_INPUT, code 2) when it is a directory, before anything is evaluated or written. */
int xf_cli_db_check(const char *cmd, const char *opt, const char *path, xf_err *err);

/* Parse a whole decimal integer in [lo, hi] for option `opt`; on failure fills err (code 2). */
int xf_cli_parse_ll(const char *opt, const char *text, long long lo, long long hi, long long *out,
                    xf_err *err);

/* Match arg against choices (n of them) for option opt of command cmd; on a miss fill err
 * (code 2) with a did-you-mean and the list. Returns XF_OK or the error code. */
int xf_cli_choice(const char *cmd, const char *opt, const char *arg, const char *const *choices,
                  int n, int *out, xf_err *err);
/* The getopt cases every command shares: ':' (missing value) and '?' (unknown option).
 * Prints the usage error and returns 2. */
int xf_cli_bad_option(const char *cmd, int c, char **argv);
/* A scalar option given twice (--seq 128 --seq 512, --db twice): a usage error (returns 2),
 * never the last one silently; --set, --where, --vary, --constraint and --range repeat. 0 when none
 * repeats. argv[0] is the command; "--" ends the options. */
int xf_cli_repeats(const char *cmd, int argc, char **argv);

/* Split a comma-separated list in place (empty items are errors). Returns the count, or -1
 * (err filled) when it is empty, has an empty item or more than max items. */
int xf_cli_split(const char *opt, char *list, const char **out, int max, xf_err *err);

/* One option of a command: what getopt_long parses and what --help, the man pages and the shell
 * completions say of it (help.c, docs.c), so the four cannot drift. A table ends with an entry
 * whose name is NULL (XF_CLI_OPT_END). */
typedef struct {
    const char *name;     /* long name, without "--" */
    int has_arg;          /* no_argument or required_argument */
    int val;              /* what getopt_long returns for it */
    char short_name;      /* its one-letter form ('j' for -j), or 0 */
    const char *arg;      /* the value's placeholder in help ("N", "FILE"), NULL without one */
    const char *complete; /* the value's completion: NULL (free text), "@file", "@dir",
                             "@arch", "@archs" (a comma list), "@model", "@models", "@tech",
                             or the choices, space-separated ("text md tex csv json") */
    const char *help;     /* one or more lines, '\n'-separated, no final newline */
} xf_cli_opt;
#define XF_CLI_OPT_END                                                                             \
    {                                                                                              \
        NULL, 0, 0, 0, NULL, NULL, NULL                                                            \
    }
/* The --format choices of every command that prints a table. */
#define XF_CLI_TABLE_FORMATS "text md tex csv json"

/* A command (or a subcommand: "archs show"): its --help text is synopsis, about, the options
 * and notes, in that order; the man page has the same parts. */
typedef struct xf_cli_spec {
    const char *name;     /* "eval", "archs show" */
    const char *summary;  /* one line for `xformer --help` and the man page's NAME */
    const char *synopsis; /* the usage lines without "usage: ", '\n'-separated */
    const char *about;    /* paragraphs before the options (may be "") */
    const xf_cli_opt *opts;
    const char *notes;                     /* after the options (may be "") */
    int (*run)(int argc, char **argv);     /* NULL for a subcommand its parent runs */
    const struct xf_cli_spec *const *subs; /* NULL-terminated subcommands, or NULL */
} xf_cli_spec;

/* The subcommand specs a parent lists (cmd_archs_show.c, cmd_models.c). */
extern const xf_cli_spec xf_spec_archs_show;
/* The commands' specs (one per cmd_*.c; commands.c lists them). */
extern const xf_cli_spec xf_spec_run, xf_spec_techlib, xf_spec_eval, xf_spec_compare,
    xf_spec_validate, xf_spec_archs, xf_spec_sweep, xf_spec_uncertainty, xf_spec_sensitivity,
    xf_spec_optimize, xf_spec_table, xf_spec_runs, xf_spec_db, xf_spec_plot, xf_spec_workload,
    xf_spec_models;

/* Print s as `xformer CMD --help` shows it. */
void xf_cli_help(FILE *out, const xf_cli_spec *s);
/* The getopt_long table of opts in lo (at most cap entries incl. the terminator). Returns lo;
 * a table too long for cap is a programming error caught by the tests (lo is cut). */
struct option *xf_cli_longopts(const xf_cli_opt *opts, struct option *lo, int cap);
/* Room for any command's getopt_long table. */
#define XF_CLI_MAX_OPTS 64

/* Every command, in `xformer --help` order (commands.c), and their number. */
extern const xf_cli_spec *const xf_cli_commands[];
extern const int xf_cli_command_count;
/* The command named name (NULL when none). */
const xf_cli_spec *xf_cli_find(const char *name);
/* xformer help [CMD | --commands | --man [CMD] | --completion bash|zsh] (docs.c). */
int xf_cli_help_cmd(int argc, char **argv);

#endif
