/* Loading a configuration (see xf/cfg.h): a file or a string parsed by libconfig into an
 * xf_cfg, its name, its text after overrides, and freeing it. Why apart: the only place that
 * creates and destroys an xf_cfg. Invariants: a configuration is one self-contained text
 * file: a path that is not a non-empty regular file (checked by stat, before anything opens
 * it), a file or text over XF_CFG_MAX_BYTES, a NUL byte or an @include line is refused before
 * libconfig reads anything; an integer libconfig would alter is refused after it parsed; an xf_cfg
 * owns its tree and the override records (xf_cfg_free releases both); on error *out is NULL. */
#include "cfg_int.h"
#include "xf/file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int load_common(xf_cfg *cfg, int ok, xf_err *err)
{
    if (ok == CONFIG_TRUE)
        return XF_OK;
    const char *file = config_error_file(&cfg->c);
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s:%d: syntax error: %s; expected libconfig syntax (key = value;)",
                      file ? file : cfg->name, config_error_line(&cfg->c),
                      config_error_text(&cfg->c) ? config_error_text(&cfg->c) : "unreadable");
}

static xf_cfg *cfg_new(const char *name)
{
    xf_cfg *cfg = calloc(1, sizeof *cfg);
    if (!cfg)
        return NULL;
    config_init(&cfg->c);
    snprintf(cfg->name, sizeof cfg->name, "%s", name);
    return cfg;
}

/* libconfig's `@include "FILE"` (a line starting with it) would read any path, a FIFO or a
 * device included (it could block on /dev/stdin), and escapes the NUL check and the
 * provenance of the configuration: configurations are single files. */
typedef struct {
    int line, at_start, matched, include_line;
} inc_scan;

static void inc_feed(inc_scan *s, int c)
{
    static const char kw[] = "@include";
    if (c == '\n') {
        s->line++;
        s->at_start = 1;
        s->matched = 0;
        return;
    }
    if (!s->at_start)
        return;
    if (s->matched == 0 && (c == ' ' || c == '\t' || c == '\r'))
        return;
    if (c == kw[s->matched]) {
        if (kw[++s->matched] == '\0') {
            if (!s->include_line)
                s->include_line = s->line;
            s->at_start = 0;
        }
        return;
    }
    s->at_start = 0;
}

static int include_error(const char *name, int line, xf_err *err)
{
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s:%d: @include is not supported; expected a self-contained libconfig file",
                      name, line);
}

static int size_error(const char *name, long long size, xf_err *err)
{
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s: %lld bytes, too large; expected a configuration file of at most %d "
                      "bytes (XF_CFG_MAX_BYTES)",
                      name, size, XF_CFG_MAX_BYTES);
}

/* Check and parse a text (NUL-terminated at len): the size cap, @include, libconfig's
 * syntax, and integers libconfig would alter. */
static int load_text(const char *text, size_t len, const char *name, xf_cfg **out, xf_err *err)
{
    if (len > XF_CFG_MAX_BYTES)
        return size_error(name, (long long)len, err);
    inc_scan inc = {1, 1, 0, 0};
    for (size_t i = 0; i < len && !inc.include_line; i++)
        inc_feed(&inc, (unsigned char)text[i]);
    if (inc.include_line)
        return include_error(name, inc.include_line, err);
    if (xf_cfg_scan(text, len, name, 0, err) != XF_OK)
        return err->code;
    xf_cfg *cfg = cfg_new(name);
    if (!cfg)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", name);
    int rc = load_common(cfg, config_read_string(&cfg->c, text), err);
    if (rc == XF_OK)
        rc = xf_cfg_scan(text, len, name, 1, err);
    if (rc != XF_OK) {
        xf_cfg_free(cfg);
        return rc;
    }
    *out = cfg;
    return XF_OK;
}

int xf_cfg_load_string(const char *text, const char *name, xf_cfg **out, xf_err *err)
{
    *out = NULL;
    return load_text(text, strlen(text), name, out, err);
}

int xf_cfg_load_file(const char *path, xf_cfg **out, xf_err *err)
{
    *out = NULL;
    /* stat never blocks (a FIFO is refused here, before anything opens it) */
    struct stat st;
    if (stat(path, &st) != 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: cannot open: %s; expected a readable libconfig file", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: is a directory; expected a libconfig file", path);
    if (!S_ISREG(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: not a regular file; expected a libconfig file",
                          path);
    if (st.st_size > XF_CFG_MAX_BYTES)
        return size_error(path, (long long)st.st_size, err);
    /* read whole (the reader re-checks the open file and the size cap, and reads files whose
     * stat size is 0, as /proc has them) */
    char *text = NULL;
    size_t len = 0;
    if (xf_file_read_regular(path, XF_CFG_MAX_BYTES, &text, &len, err) != XF_OK)
        return err->code;
    int rc = XF_OK;
    if (len == 0)
        rc = xf_err_set(err, XF_ERR_INPUT, "%s: empty file; expected a libconfig file", path);
    /* libconfig would stop at a NUL byte: reject binary files explicitly. */
    else if (memchr(text, '\0', len))
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "%s: binary file (NUL byte); expected a libconfig text file", path);
    else
        rc = load_text(text, len, path, out, err);
    free(text);
    return rc;
}

void xf_cfg_free(xf_cfg *cfg)
{
    if (!cfg)
        return;
    config_destroy(&cfg->c);
    for (int i = 0; i < cfg->n_overrides; i++)
        free(cfg->overrides[i]);
    free(cfg);
}

const char *xf_cfg_name(const xf_cfg *cfg)
{
    return cfg->name;
}

char *xf_cfg_to_text(const xf_cfg *cfg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    config_write(&cfg->c, f);
    fclose(f);
    return buf;
}
