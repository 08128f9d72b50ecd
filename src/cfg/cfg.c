/* Loading a configuration (see xf/cfg.h): a file or a string parsed by libconfig into an
 * xf_cfg, its name, its text after overrides, and freeing it. Why apart: the only place that
 * creates and destroys an xf_cfg. Invariants: a configuration is one self-contained text
 * file: a path that is not a non-empty regular file, a NUL byte or an @include line is
 * refused before libconfig reads anything; an xf_cfg owns its tree and the override records
 * (xf_cfg_free releases both); on error *out is NULL. */
#include "cfg_int.h"

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

int xf_cfg_load_file(const char *path, xf_cfg **out, xf_err *err)
{
    *out = NULL;
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
    if (st.st_size == 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s: empty file; expected a libconfig file", path);
    FILE *f = fopen(path, "rb");
    if (!f)
        return xf_err_set(err, XF_ERR_INPUT, "%s: cannot open: %s; expected a readable file", path,
                          strerror(errno));
    /* libconfig would stop at a NUL byte: reject binary files explicitly. */
    int c, nul = 0;
    inc_scan inc = {1, 1, 0, 0};
    while ((c = fgetc(f)) != EOF) {
        if (c == 0) {
            nul = 1;
            break;
        }
        inc_feed(&inc, c);
    }
    fclose(f);
    if (nul)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: binary file (NUL byte); expected a libconfig text file", path);
    if (inc.include_line)
        return include_error(path, inc.include_line, err);
    xf_cfg *cfg = cfg_new(path);
    if (!cfg)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", path);
    char dir[512];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        config_set_include_dir(&cfg->c, dir);
    }
    int rc = load_common(cfg, config_read_file(&cfg->c, path), err);
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
    inc_scan inc = {1, 1, 0, 0};
    for (const char *p = text; *p && !inc.include_line; p++)
        inc_feed(&inc, (unsigned char)*p);
    if (inc.include_line)
        return include_error(name, inc.include_line, err);
    xf_cfg *cfg = cfg_new(name);
    if (!cfg)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", name);
    int rc = load_common(cfg, config_read_string(&cfg->c, text), err);
    if (rc != XF_OK) {
        xf_cfg_free(cfg);
        return rc;
    }
    *out = cfg;
    return XF_OK;
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
