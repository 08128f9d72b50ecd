/* Shared helpers of the command line. */
#include "cli.h"

#include "xf/cfg.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int xf_cli_fail(const char *cmd, const xf_err *err)
{
    const char *msg = err->msg[0] ? err->msg : "unknown error";
    size_t n = strlen(cmd);
    /* a message that already names the command (the workload options' checks) keeps it once */
    if (strncmp(msg, cmd, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ')
        msg += n + 2;
    /* one line per problem (a reader that collects them, xf/err.h) */
    for (;;) {
        size_t l = strcspn(msg, "\n");
        fprintf(stderr, "xformer: %s: %.*s\n", cmd, (int)l, msg);
        if (!msg[l])
            break;
        msg += l + 1;
    }
    return err->code ? (int)err->code : XF_EXIT_USAGE;
}

int xf_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    for (char *p = msg; *p; p++) /* one line, whatever the arguments hold */
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    fprintf(stderr, "xformer: %s: %s (see xformer %s --help)\n", cmd, msg, cmd);
    return XF_EXIT_USAGE;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *xf_cli_techlib_dir(const char *opt, char *buf, unsigned n)
{
    if (opt && opt[0])
        return opt;
    const char *env = getenv("XFORMER_TECHLIB");
    if (env && env[0])
        return env;
    /* Beside the executable: <prefix>/bin/xformer -> <prefix>/share/xformer/techlib;
     * <repo>/build/xformer -> <repo>/techlib. */
    char exe[PATH_MAX];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            static const char *const rel[] = {"../share/xformer/techlib", "../techlib"};
            for (int i = 0; i < 2; i++) {
                char cand[PATH_MAX + 32];
                snprintf(cand, sizeof cand, "%s/%s", exe, rel[i]);
                if (is_dir(cand) && realpath(cand, buf) != NULL && strlen(buf) < n)
                    return buf;
            }
        }
    }
    return "techlib";
}

const char *xf_cli_db_env(void)
{
    const char *env = getenv("XFORMER_DB");
    return env && env[0] ? env : NULL;
}

int xf_cli_db_check(const char *cmd, const char *opt, const char *path, xf_err *err)
{
    if (is_dir(path))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %s%s: is a directory; expected a database file (e.g. %s/runs.db)",
                          cmd, opt, path, path);
    return XF_OK;
}

int xf_cli_parse_ll(const char *opt, const char *text, long long lo, long long hi, long long *out,
                    xf_err *err)
{
    /* one rule for every integer option: an optional '-' and digits, nothing else (strtoll
     * alone would take " 128" and "+128" but not "128 ") */
    const char *d = text[0] == '-' ? text + 1 : text;
    int digits = *d != '\0';
    for (; *d; d++)
        digits &= *d >= '0' && *d <= '9';
    char *end;
    errno = 0;
    long long v = digits ? strtoll(text, &end, 10) : 0;
    if (!digits || errno == ERANGE || end == text || *end != '\0')
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s '%s': not a whole number; expected an integer from %lld to %lld", opt,
                          text, lo, hi);
    if (v < lo || v > hi)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s %s: out of range; expected an integer from %lld to %lld", opt, text,
                          lo, hi);
    *out = v;
    return XF_OK;
}

int xf_cli_split(const char *opt, char *list, const char **out, int max, xf_err *err)
{
    int n = 0;
    char *p = list;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        if (!*p)
            return xf_err_set(err, XF_ERR_INPUT, "%s: empty item in the list; expected A,B,C", opt),
                   -1;
        if (n == max)
            return xf_err_set(err, XF_ERR_INPUT, "%s: more than %d items", opt, max), -1;
        out[n++] = p;
        if (!comma)
            return n;
        p = comma + 1;
    }
}

int xf_cli_choice(const char *cmd, const char *opt, const char *arg, const char *const *choices,
                  int n, int *out, xf_err *err)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, choices[i]) == 0) {
            *out = i;
            return XF_OK;
        }
    const char *sug = xf_suggest(arg, choices, n);
    char list[200] = "";
    for (int i = 0; i < n; i++) {
        strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
        strncat(list, choices[i], sizeof list - strlen(list) - 1);
    }
    (void)cmd; /* xf_cli_fail names the command */
    return xf_err_set(err, XF_ERR_INPUT, "%s '%s': %s%s%sexpected one of %s", opt, arg,
                      sug ? "did you mean '" : "", sug ? sug : "", sug ? "'? " : "", list);
}

int xf_cli_repeats(const char *cmd, int argc, char **argv)
{
    static const char *const repeatable[] = {"--set", "--where", "--vary", "--constraint",
                                             "--range"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0)
            return 0;
        int is_long = a[0] == '-' && a[1] == '-' && a[2] != '\0';
        int is_short = a[0] == '-' &&
                       ((a[1] >= 'a' && a[1] <= 'z') || (a[1] >= 'A' && a[1] <= 'Z')) &&
                       a[2] == '\0';
        if (!is_long && !is_short)
            continue;
        size_t n = is_long ? strcspn(a, "=") : 2;
        int rep = 0;
        for (size_t k = 0; k < sizeof repeatable / sizeof repeatable[0]; k++)
            rep |= strlen(repeatable[k]) == n && strncmp(a, repeatable[k], n) == 0;
        if (rep)
            continue;
        for (int j = 1; j < i; j++)
            if (strncmp(argv[j], a, n) == 0 && (argv[j][n] == '\0' || argv[j][n] == '=') &&
                (is_long || argv[j][2] == '\0')) {
                char opt[64];
                snprintf(opt, sizeof opt, "%.*s", (int)(n < 60 ? n : 60), a);
                return xf_cli_usage_error(cmd,
                                          "%s given twice; expected it once (only --set, "
                                          "--where, --vary, --constraint and --range repeat)",
                                          opt);
            }
    }
    return 0;
}

int xf_cli_bad_option(const char *cmd, int c, char **argv)
{
    if (c == ':')
        return xf_cli_usage_error(cmd, "option %s needs a value", argv[optind - 1]);
    return xf_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}
