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

int xf_cli_fail(const xf_err *err)
{
    fprintf(stderr, "xformer: %s\n", err->msg[0] ? err->msg : "unknown error");
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
    fprintf(stderr, "xformer %s: %s (see xformer %s --help)\n", cmd, msg, cmd);
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
    char *end;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (errno == ERANGE || end == text || *end != '\0')
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
    return xf_err_set(err, XF_ERR_INPUT, "%s: %s '%s': %s%s%sexpected one of %s", cmd, opt, arg,
                      sug ? "did you mean '" : "", sug ? sug : "", sug ? "'? " : "", list);
}

int xf_cli_bad_option(const char *cmd, int c, char **argv)
{
    if (c == ':')
        return xf_cli_usage_error(cmd, "option %s needs a value", argv[optind - 1]);
    return xf_cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}
