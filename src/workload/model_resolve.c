/* NAME|FILE resolution of a model argument (xf_model_resolve): "hf:PATH" is a Hugging Face
 * config.json (hf.c), a path (containing '/' or ending in .cfg) a user model file
 * (model_cfg.c), anything else a zoo name (zoo.c), with a did-you-mean from the zoo when
 * unknown. Why apart: it is the one function that needs both
 * the zoo and the file reader; in model.c it made model.c and model_cfg.c call each other.
 * Invariants: a path is never looked up in the zoo and a name never opened as a file; on
 * error *out is left as it was. Dependencies run one way: model_resolve.c -> model_cfg.c ->
 * model.c, model_resolve.c -> hf.c -> model.c, and model_resolve.c -> zoo.c. */
#include "xf/model.h"

#include <string.h>

static int is_path(const char *s)
{
    size_t n = strlen(s);
    return strchr(s, '/') != NULL || (n > 4 && strcmp(s + n - 4, ".cfg") == 0);
}

int xf_model_resolve(const char *name_or_path, xf_model *out, xf_err *err)
{
    if (!name_or_path || !name_or_path[0])
        return xf_err_set(err, XF_ERR_INPUT,
                          "empty model name; expected a zoo name (see xformer models) or a .cfg "
                          "file");
    if (strncmp(name_or_path, "hf:", 3) == 0)
        return xf_model_from_hf(name_or_path + 3, out, err);
    if (is_path(name_or_path))
        return xf_model_load_file(name_or_path, out, err);
    const xf_model *z = xf_zoo_find(name_or_path);
    if (z) {
        *out = *z;
        return XF_OK;
    }
    enum { MAX_CAND = 128 };
    const char *cand[MAX_CAND];
    int n = 0;
    for (int i = 0; i < xf_zoo_count() && n < MAX_CAND; i++)
        cand[n++] = xf_zoo_get(i)->name;
    const char *sug = xf_suggest(name_or_path, cand, n);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "unknown model '%s'; did you mean '%s'? (xformer models lists the zoo; "
                          "a model file needs a '/' or .cfg)",
                          name_or_path, sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "unknown model '%s'; expected a zoo name (xformer models lists them) or a "
                      "model file path containing '/' or ending in .cfg",
                      name_or_path);
}
