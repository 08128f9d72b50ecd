/* JSON output helpers over cJSON and the full-precision number text (see xf/json_out.h). */
#include "xf/json_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

char *xf_num_text(char *buf, double v)
{
    buf[0] = '\0';
    if (!isfinite(v))
        return buf;
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(buf, XF_NUM_TEXT, "%.*g", digits, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* Attach item to obj: a member when name is given, else an array element. */
static cJSON *attach(cJSON *obj, const char *name, cJSON *item)
{
    if (item == NULL || obj == NULL) {
        cJSON_Delete(item);
        return NULL;
    }
    int ok = name ? cJSON_AddItemToObject(obj, name, item) : cJSON_AddItemToArray(obj, item);
    if (!ok) {
        cJSON_Delete(item);
        return NULL;
    }
    return item;
}

cJSON *xf_json_num(cJSON *obj, const char *name, double v)
{
    char t[XF_NUM_TEXT];
    if (!isfinite(v))
        return attach(obj, name, cJSON_CreateNull());
    return attach(obj, name, cJSON_CreateRaw(xf_num_text(t, v)));
}

cJSON *xf_json_int(cJSON *obj, const char *name, long long v)
{
    char t[XF_NUM_TEXT];
    snprintf(t, sizeof t, "%lld", v);
    return attach(obj, name, cJSON_CreateRaw(t));
}

cJSON *xf_json_u64(cJSON *obj, const char *name, uint64_t v)
{
    char t[XF_NUM_TEXT];
    snprintf(t, sizeof t, "%" PRIu64, v);
    return attach(obj, name, cJSON_CreateRaw(t));
}

cJSON *xf_json_str(cJSON *obj, const char *name, const char *s)
{
    return attach(obj, name, s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

cJSON *xf_json_bool(cJSON *obj, const char *name, int v)
{
    return attach(obj, name, cJSON_CreateBool(v != 0));
}

cJSON *xf_json_null(cJSON *obj, const char *name)
{
    return attach(obj, name, cJSON_CreateNull());
}

cJSON *xf_json_object(cJSON *obj, const char *name)
{
    return obj ? attach(obj, name, cJSON_CreateObject()) : cJSON_CreateObject();
}

cJSON *xf_json_array(cJSON *obj, const char *name)
{
    return obj ? attach(obj, name, cJSON_CreateArray()) : cJSON_CreateArray();
}

int xf_json_write(FILE *out, cJSON *root, xf_err *err)
{
    if (root == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory while writing JSON");
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    if (text == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory while writing JSON");
    int ok = fputs(text, out) >= 0 && fputc('\n', out) != EOF;
    cJSON_free(text);
    if (!ok || ferror(out))
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot write the JSON output");
    return XF_OK;
}
