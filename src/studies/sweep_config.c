/* Configuration texts as stored for provenance, and re-running a stored run. */
#include "sweep_int.h"
#include "xf/cfg.h"
#include "xf/eval.h"
#include "xf/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TECH_MARK "\n# ---- technology file: "

/* A technology file's text (a regular file within the configuration size cap). */
static char *read_all(const char *path, size_t *len)
{
    char *text = NULL;
    xf_err e;
    xf_err_clear(&e);
    if (xf_file_read_regular(path, XF_CFG_MAX_BYTES, &text, len, &e) != XF_OK)
        return NULL;
    return text;
}

char *xf_sweep_base_text(const char *techlib_dir, const xf_arch_spec *s, xf_err *err)
{
    char *arch_text = xf_arch_spec_text(s);
    if (arch_text == NULL) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        return NULL;
    }
    int n_files;
    const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(s, &n_files);
    if (n_files > 32)
        n_files = 32;
    size_t total = strlen(arch_text) + 1;
    char *parts[32] = {0};
    size_t lens[32] = {0};
    for (int i = 0; i < n_files; i++) {
        char path[1400];
        if (files[i][0] == '/')
            snprintf(path, sizeof path, "%s", files[i]);
        else
            snprintf(path, sizeof path, "%s/%s", techlib_dir, files[i]);
        parts[i] = read_all(path, &lens[i]);
        if (parts[i] == NULL) {
            for (int k = 0; k < i; k++)
                free(parts[k]);
            free(arch_text);
            xf_err_set(err, XF_ERR_INPUT, "cannot read technology file %s", path);
            return NULL;
        }
        total += strlen(TECH_MARK) + strlen(files[i]) + 8 + lens[i];
    }
    char *out = malloc(total);
    if (out) {
        size_t o = 0;
        size_t al = strlen(arch_text);
        memcpy(out, arch_text, al);
        o = al;
        for (int i = 0; i < n_files; i++) {
            o += (size_t)sprintf(out + o, "%s%s ----\n", TECH_MARK, files[i]);
            memcpy(out + o, parts[i], lens[i]);
            o += lens[i];
        }
        out[o] = '\0';
    } else {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    for (int i = 0; i < n_files; i++)
        free(parts[i]);
    free(arch_text);
    return out;
}

/* ---------------------------------------------------------------------- re-run */

typedef struct {
    long long found;
    char model[128], phase[16], base_hash[XF_HASH_HEX], params[8192];
    long long seq, batch, context, dec_seq, tokens;
    int head;
} stored_run;

static int grab_run(const xf_db_run *r, void *ctx)
{
    stored_run *s = ctx;
    s->found = 1;
    snprintf(s->model, sizeof s->model, "%s", r->model);
    snprintf(s->phase, sizeof s->phase, "%s", r->phase);
    snprintf(s->base_hash, sizeof s->base_hash, "%s", r->base_hash);
    snprintf(s->params, sizeof s->params, "%s", r->params);
    s->seq = r->seq;
    s->batch = r->batch;
    s->context = r->context;
    s->dec_seq = r->dec_seq;
    s->tokens = r->tokens;
    s->head = r->head;
    return 0;
}

typedef struct {
    xf_arch_spec *spec;
    xf_err *err;
} apply_ctx;

static int apply_param(const char *key, const char *value, void *ctx)
{
    apply_ctx *a = ctx;
    char as[1200];
    snprintf(as, sizeof as, "%s=%s", key, value);
    return xf_arch_spec_set(a->spec, as, a->err) != XF_OK;
}

int xf_sweep_rerun(xf_db *db, const char *techlib_dir, long long run_id, xf_result *out,
                   xf_err *err)
{
    stored_run sr;
    memset(&sr, 0, sizeof sr);
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    char expr[64];
    snprintf(expr, sizeof expr, "id=%lld", run_id);
    if (xf_db_filter_add(&f, expr, err) != XF_OK ||
        xf_db_runs_each(db, &f, grab_run, &sr, err) != XF_OK)
        return err->code;
    if (!sr.found)
        return xf_err_set(err, XF_ERR_INPUT, "run %lld: no such run in %s", run_id, xf_db_path(db));
    char *text = NULL;
    if (xf_db_config_text(db, sr.base_hash, &text, err) != XF_OK)
        return err->code;
    /* the architecture part, into a temporary file (technology paths are relative to the
     * techlib directory, so the file's location does not matter) */
    char *mark = strstr(text, TECH_MARK);
    size_t alen = mark ? (size_t)(mark - text) + 1 : strlen(text);
    char tmp[1100];
    const char *tdir = getenv("TMPDIR");
    snprintf(tmp, sizeof tmp, "%s/xformer-rerun-XXXXXX", tdir && tdir[0] ? tdir : "/tmp");
    int fd = mkstemp(tmp);
    if (fd < 0) {
        free(text);
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot create a temporary file");
    }
    int ok = write(fd, text, alen) == (ssize_t)alen;
    close(fd);
    xf_arch_spec *spec = NULL;
    xf_arch *a = malloc(sizeof *a);
    xf_workload *w = calloc(1, sizeof *w);
    xf_ident_base *ib = NULL;
    if (!ok || !a || !w) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory or temporary file not writable");
        goto done;
    }
    if (xf_arch_spec_load(techlib_dir, tmp, &spec, err) != XF_OK)
        goto done;
    /* the stored base resolves to the same parameters and technology values today */
    if (xf_arch_build(spec, a, err) != XF_OK ||
        xf_ident_base_new(techlib_dir, spec, a, &ib, err) != XF_OK)
        goto done;
    if (strcmp(xf_ident_base_hash(ib), sr.base_hash) != 0) {
        xf_err_set(err, XF_ERR_INPUT,
                   "run %lld: the architecture or the technology files in %s resolve to other "
                   "values than those stored with the run (configuration %s; its text is in "
                   "the configs table), or the results version changed",
                   run_id, techlib_dir, sr.base_hash);
        goto done;
    }
    apply_ctx ac = {spec, err};
    if (xf_db_params_each(sr.params, apply_param, &ac) != 0 || err->code != XF_OK)
        goto done;
    if (xf_arch_build(spec, a, err) != XF_OK)
        goto done;
    {
        xf_model m;
        if (xf_model_resolve(sr.model, &m, err) != XF_OK)
            goto done;
        xf_wl_params p;
        xf_wl_params_default(&p);
        p.phase = strcmp(sr.phase, "decode") == 0     ? XF_PHASE_DECODE
                  : strcmp(sr.phase, "generate") == 0 ? XF_PHASE_GENERATE
                                                      : XF_PHASE_PREFILL;
        p.tokens = sr.tokens;
        p.seq = sr.seq;
        p.batch = sr.batch;
        p.context = sr.context;
        p.dec_seq = sr.dec_seq;
        p.head = sr.head;
        xf_evaluate(a, &m, &p, w, out, err);
    }
done:
    unlink(tmp);
    xf_ident_base_free(ib);
    free(text);
    free(a);
    free(w);
    xf_arch_spec_free(spec);
    return err->code;
}
