/* xf/json_out.h - JSON output (--format json) with cJSON, and the number text shared with the CSV
 * writers.
 *
 * Numbers: a double is written as the shortest of %.15g, %.16g and %.17g that reads back
 * (strtod) to the same double, so a JSON or CSV number holds the full precision of the value
 * and the two formats print the same text for it. cJSON's own number printer accepts a
 * neighbouring double, so numbers are added as raw cJSON items holding that text; integers are
 * written exactly (%lld, %llu: a count above 2^53 keeps every digit). A value that is not finite
 * is unknown: null in JSON, an empty CSV field.
 */
#ifndef XF_JSON_OUT_H
#define XF_JSON_OUT_H

#include "xf/err.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#define XF_NUM_TEXT 32

/* The text of v (see above); "" when v is not finite. Returns buf (>= XF_NUM_TEXT bytes). */
char *xf_num_text(char *buf, double v);

/* Add a member to obj (or, with name NULL, an element to the array obj). Each returns the new
 * item, NULL when out of memory. */
cJSON *xf_json_num(cJSON *obj, const char *name, double v); /* null when not finite */
cJSON *xf_json_int(cJSON *obj, const char *name, long long v);
cJSON *xf_json_u64(cJSON *obj, const char *name, uint64_t v);
cJSON *xf_json_str(cJSON *obj, const char *name, const char *s); /* null when s is NULL */
cJSON *xf_json_bool(cJSON *obj, const char *name, int v);
cJSON *xf_json_null(cJSON *obj, const char *name);
/* An object or array added to obj (a new root when obj is NULL). */
cJSON *xf_json_object(cJSON *obj, const char *name);
cJSON *xf_json_array(cJSON *obj, const char *name);

/* Print root (indented, then a newline) on out and delete it. XF_ERR_RUNTIME when root is NULL
 * (an allocation failed while it was built) or out fails. */
int xf_json_write(FILE *out, cJSON *root, xf_err *err);

#endif
