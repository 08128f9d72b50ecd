/* xf/variant.h - a design variant: an architecture and the overrides applied to it, written
 *
 *     ARCH                     the architecture as its file says (a name or a .cfg path)
 *     ARCH[KEY=VALUE,...]      with overrides, e.g.
 * xformer[pe.adc_bits=6,dataflow.sequence_block=128]
 *
 * The label of a variant is that text in canonical form: keys sorted (strcmp), a key given
 * twice keeping its last value, values canonical as in the results database (xf_canon_value:
 * "6.0" -> "6", " 007 " -> "7"), no blanks, and no brackets when there are no overrides. Two
 * variants are the same design exactly when their labels are equal, and a label read back
 * (xf_variant_parse) gives the same variant: labels round-trip.
 *
 * Syntax. ARCH is not empty and holds no '[', ']' or ','. Inside the brackets the items are
 * separated by ',' and each is KEY=VALUE: KEY is not empty, may hold index brackets of the
 * configuration paths (engines[0].tiles) and no ',' or '='; VALUE holds no ',', '[' or ']'.
 * Blanks around keys and values are dropped. "ARCH[]" (empty brackets), text after the closing
 * ']', an unclosed '[' and an empty item are errors (XF_ERR_INPUT, one line naming the text).
 */
#ifndef XF_VARIANT_H
#define XF_VARIANT_H

#include "xf/arch.h"
#include "xf/err.h"

#include <stddef.h>

#define XF_VARIANT_KEYS 32
#define XF_VARIANT_ARCH 256
#define XF_VARIANT_KEY 128
#define XF_VARIANT_VALUE 256
/* Longest label: arch, brackets and every key=value with its comma. */
#define XF_VARIANT_LABEL                                                                           \
    (XF_VARIANT_ARCH + XF_VARIANT_KEYS * (XF_VARIANT_KEY + XF_VARIANT_VALUE) + 4)

/* Where an override came from (for messages): brackets, --set ARCH:KEY=V, --set KEY=V. */
typedef enum {
    XF_VARIANT_FROM_BRACKET,
    XF_VARIANT_FROM_SCOPED,
    XF_VARIANT_FROM_SET
} xf_variant_from;

typedef struct {
    char key[XF_VARIANT_KEY];
    char value[XF_VARIANT_VALUE]; /* canonical */
    xf_variant_from from;
} xf_variant_kv;

typedef struct {
    char arch[XF_VARIANT_ARCH];
    int n;                             /* overrides, sorted by key, keys distinct */
    xf_variant_kv kv[XF_VARIANT_KEYS]; /* ~12 KB in all: allocate arrays of variants */
} xf_variant;

/* An architecture without overrides. XF_ERR_INPUT when arch is empty, too long or holds
 * '[', ']' or ','. */
int xf_variant_init(xf_variant *v, const char *arch, xf_err *err);
/* Parse "ARCH" or "ARCH[KEY=VALUE,...]" (see above). opt names the option in messages
 * ("--archs"); the message quotes the text. */
int xf_variant_parse(const char *opt, const char *text, xf_variant *v, xf_err *err);
/* Add or replace one override (key and value trimmed, value made canonical). XF_ERR_INPUT for
 * an empty key, a key with ',' or '=', a value with ',', '[' or ']', unbalanced index brackets in
 * the key, text too long, or more than XF_VARIANT_KEYS keys. */
int xf_variant_set(xf_variant *v, const char *key, const char *value, xf_variant_from from,
                   xf_err *err);
/* The canonical label into buf. Returns the length it needs (like snprintf); buf holds a
 * truncated label when that is >= n. */
size_t xf_variant_label(const xf_variant *v, char *buf, size_t n);

/* The variant of a stored run: arch and the overrides of its params JSON object (xf/db.h).
 * XF_ERR_INPUT when params is not such an object or an override cannot be part of a variant
 * (see xf_variant_set). */
int xf_variant_from_params(const char *arch, const char *params_json, xf_variant *v, xf_err *err);

/* Split a comma-separated list of variants in place at the commas outside brackets
 * ("xformer,xformer[a=1,b=2],gpu" -> 3 items). Returns the count, or -1 (err filled, code 2)
 * for an empty list or item, an unclosed '[', a ']' without its '[', or more than max items. */
int xf_variant_split(const char *opt, char *list, const char **out, int max, xf_err *err);

/* Apply the overrides to a loaded specification in label order (xf_arch_spec_set). On a
 * failure the message names the variant (`label`, as the user wrote it) and where the failing
 * override came from. */
int xf_variant_apply(const xf_variant *v, xf_arch_spec *s, const char *label, xf_err *err);
/* Restate an error of building the variant (xf_arch_build after xf_variant_apply) the way
 * xf_variant_apply states its own: err->msg is rewritten in place. */
void xf_variant_explain(const xf_variant *v, const char *label, xf_err *err);

#endif
