/* Identity of design points: 128-bit hashes of configurations, models and points, and the
 * canonical form of overrides (see xf/db.h); the overrides' JSON is written and read with cJSON. */
#include "xf/db.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- MurmurHash3 x64-128
 * Austin Appleby's MurmurHash3 (public domain), little-endian block reads done byte-wise so
 * the hash is the same on every host. Not cryptographic: it names points, it does not
 * defend against crafted collisions. */

static uint64_t rotl64(uint64_t x, int r)
{
    return (x << r) | (x >> (64 - r));
}

static uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static uint64_t load64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static void murmur3_128(const void *key, size_t len, uint64_t out[2])
{
    const uint8_t *data = key;
    const size_t nblocks = len / 16;
    const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
    uint64_t h1 = 0, h2 = 0;
    for (size_t i = 0; i < nblocks; i++) {
        uint64_t k1 = load64(data + i * 16), k2 = load64(data + i * 16 + 8);
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
        h1 = rotl64(h1, 27);
        h1 += h2;
        h1 = h1 * 5 + 0x52dce729;
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
        h2 = rotl64(h2, 31);
        h2 += h1;
        h2 = h2 * 5 + 0x38495ab5;
    }
    const uint8_t *tail = data + nblocks * 16;
    size_t rest = len & 15;
    uint64_t k1 = 0, k2 = 0;
    for (size_t i = rest; i-- > 0;) {
        if (i >= 8)
            k2 ^= (uint64_t)tail[i] << ((i - 8) * 8);
        else
            k1 ^= (uint64_t)tail[i] << (i * 8);
    }
    if (rest > 8) {
        k2 *= c2;
        k2 = rotl64(k2, 33);
        k2 *= c1;
        h2 ^= k2;
    }
    if (rest > 0) {
        k1 *= c1;
        k1 = rotl64(k1, 31);
        k1 *= c2;
        h1 ^= k1;
    }
    h1 ^= (uint64_t)len;
    h2 ^= (uint64_t)len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
}

void xf_hash_hex(const void *data, size_t n, char out[XF_HASH_HEX])
{
    static const char hex[] = "0123456789abcdef";
    uint64_t h[2];
    murmur3_128(data, n, h);
    for (int w = 0; w < 2; w++)
        for (int i = 0; i < 16; i++)
            out[w * 16 + i] = hex[(h[w] >> (60 - 4 * i)) & 15];
    out[32] = '\0';
}

void xf_model_key(const xf_model *m, char out[XF_HASH_HEX])
{
    char t[512];
    int n =
        snprintf(t, sizeof t,
                 "%s|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|%d|"
                 "%d|%d|%d|%d|%d|%d|%d|%d",
                 m->name, (int)m->family, m->layers, m->dec_layers, m->d_model, m->heads,
                 m->kv_heads, m->d_ff, m->vocab, (int)m->ffn, (int)m->norm, m->pre_norm, m->bias,
                 m->positions, m->pos_offset, m->token_types, m->embed_dim, m->embed_proj_bias,
                 m->embed_proj_out, m->pos_in_embed, m->embed_norm, m->final_norm, m->pooler,
                 m->tied_head, m->shared_layers, m->rel_buckets, m->rotary, m->scaled_scores,
                 m->image_size, m->patch_size, m->channels, m->classes);
    if (n < 0)
        n = 0;
    if ((size_t)n >= sizeof t)
        n = (int)sizeof t - 1;
    xf_hash_hex(t, (size_t)n, out);
}

/* Append text / a decimal integer (the same characters as %s / %lld, without printf: this
 * runs once per point of a sweep). */
static size_t put_str(char *t, size_t o, size_t n, const char *s)
{
    while (*s && o + 1 < n)
        t[o++] = *s++;
    return o;
}

static size_t put_ll(char *t, size_t o, size_t n, long long v)
{
    char d[24];
    int k = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        d[k++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0 && o + 1 < n)
        t[o++] = '-';
    while (k > 0 && o + 1 < n)
        t[o++] = d[--k];
    return o;
}

void xf_point_hash(const char *config_hash, const char *model_key, const xf_wl_params *p,
                   char out[XF_HASH_HEX])
{
    /* "config|model|seq|dec_seq|batch|phase|context|head|w_bits|a_bits|bits_per_cell"
     * (+ "|tokens" for a generation, seq its prompt) */
    char t[256];
    size_t n = 0, cap = sizeof t;
    n = put_str(t, n, cap, config_hash);
    n = put_str(t, n, cap, "|");
    n = put_str(t, n, cap, model_key);
    const long long v[] = {p->seq, p->dec_seq, p->batch};
    for (int i = 0; i < 3; i++) {
        n = put_str(t, n, cap, "|");
        n = put_ll(t, n, cap, v[i]);
    }
    n = put_str(t, n, cap, "|");
    n = put_str(t, n, cap, xf_phase_name(p->phase));
    const long long w[] = {p->context, p->head, p->w_bits, p->a_bits, p->bits_per_cell};
    for (int i = 0; i < 5; i++) {
        n = put_str(t, n, cap, "|");
        n = put_ll(t, n, cap, w[i]);
    }
    if (p->phase == XF_PHASE_GENERATE) { /* "|tokens": earlier phases keep their hashes */
        n = put_str(t, n, cap, "|");
        n = put_ll(t, n, cap, p->tokens);
    }
    /* First 64 bits: those of the configuration hash, so that the points of one configuration
     * sit together in the UNIQUE index (a sweep inserts them one after another: the index
     * grows in a few hot pages instead of at random places). Last 64 bits: the hash of
     * everything. Two points collide only when both halves do. */
    char h[XF_HASH_HEX];
    xf_hash_hex(t, n, h);
    size_t cl = strlen(config_hash);
    for (int i = 0; i < 16; i++)
        out[i] = (size_t)i < cl ? config_hash[i] : '0';
    memcpy(out + 16, h, 16);
    out[32] = '\0';
}

/* ------------------------------------------------------------ canonical overrides */

char *xf_canon_value(const char *value, char *buf, size_t n)
{
    const char *s = value;
    while (*s == ' ' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    char tmp[128];
    if (len > 0 && len < sizeof tmp) {
        memcpy(tmp, s, len);
        tmp[len] = '\0';
        char *end;
        errno = 0;
        long long iv = strtoll(tmp, &end, 10);
        if (errno == 0 && *end == '\0') {
            snprintf(buf, n, "%lld", iv);
            return buf;
        }
        errno = 0;
        double dv = strtod(tmp, &end);
        /* hexadecimal floats and "inf"/"nan" stay text: they are not what a user means by a
         * number in a configuration */
        if (errno == 0 && *end == '\0' && isfinite(dv) && strpbrk(tmp, "xXiInN") == NULL) {
            if (dv == 0)
                dv = 0; /* -0 -> 0 */
            snprintf(buf, n, "%.15g", dv);
            return buf;
        }
    }
    snprintf(buf, n, "%.*s", (int)len, s);
    return buf;
}

#define XF_MAX_SETS 64
#define XF_SET_TEXT 512

typedef struct {
    char key[XF_SET_TEXT];
    char value[XF_SET_TEXT];
    int pos;
} canon_set;

static int cmp_set(const void *a, const void *b)
{
    const canon_set *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* The canonical overrides as a JSON object of strings, keys in canonical (sorted) order, written
 * by cJSON without blanks: {"ae.tiles":"16","pe.adc_bits":"6"}, "{}" when none. cJSON escapes
 * '"' and '\\' with a backslash and the control characters as \b \f \n \r \t or \u00xx; every
 * other byte is copied (the text of the hash, not this JSON, is the identity). */
static int canon_json(const canon_set *cs, int m, char *json, size_t json_n, xf_err *err)
{
    cJSON *o = cJSON_CreateObject();
    int ok = o != NULL;
    for (int i = 0; i < m && ok; i++)
        ok = cJSON_AddStringToObject(o, cs[i].key, cs[i].value) != NULL;
    if (!ok) {
        cJSON_Delete(o);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    /* printed into the caller's buffer: no allocation for the text (cJSON refuses, rather
     * than overflows, a buffer that is too small) */
    int fits = json_n <= (size_t)INT_MAX && cJSON_PrintPreallocated(o, json, (int)json_n, 0);
    cJSON_Delete(o);
    if (!fits)
        return xf_err_set(err, XF_ERR_RUNTIME, "override JSON buffer too small");
    return XF_OK;
}

static int canon_hash(canon_set *cs, const char *base_hash, const char *const *sets, int n_sets,
                      char config_hash[XF_HASH_HEX], char *json, size_t json_n, xf_err *err);

int xf_config_hash(const char *base_hash, const char *const *sets, int n_sets,
                   char config_hash[XF_HASH_HEX], char *json, size_t json_n, xf_err *err)
{
    if (n_sets < 0 || n_sets > XF_MAX_SETS)
        return xf_err_set(err, XF_ERR_INPUT, "too many --set overrides (%d); at most %d", n_sets,
                          XF_MAX_SETS);
    canon_set *cs = calloc(n_sets > 0 ? (size_t)n_sets : 1, sizeof *cs);
    if (cs == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    int rc = canon_hash(cs, base_hash, sets, n_sets, config_hash, json, json_n, err);
    free(cs);
    return rc;
}

static int canon_hash(canon_set *cs, const char *base_hash, const char *const *sets, int n_sets,
                      char config_hash[XF_HASH_HEX], char *json, size_t json_n, xf_err *err)
{
    int n = 0;
    for (int i = 0; i < n_sets; i++) {
        const char *eq = strchr(sets[i], '=');
        if (eq == NULL)
            return xf_err_set(err, XF_ERR_INPUT, "--set %s: missing '='; expected key=value",
                              sets[i]);
        const char *k = sets[i];
        while (*k == ' ' || *k == '\t')
            k++;
        size_t kl = (size_t)(eq - k);
        while (kl > 0 && (k[kl - 1] == ' ' || k[kl - 1] == '\t'))
            kl--;
        if (kl == 0)
            return xf_err_set(err, XF_ERR_INPUT, "--set %s: empty key; expected key=value",
                              sets[i]);
        if (kl >= XF_SET_TEXT || strlen(eq + 1) >= XF_SET_TEXT)
            return xf_err_set(err, XF_ERR_INPUT, "--set %.60s...: longer than %d characters",
                              sets[i], XF_SET_TEXT - 1);
        memcpy(cs[n].key, k, kl);
        cs[n].key[kl] = '\0';
        xf_canon_value(eq + 1, cs[n].value, sizeof cs[n].value);
        cs[n].pos = i;
        n++;
    }
    if (n > 1)
        qsort(cs, (size_t)n, sizeof cs[0], cmp_set);
    /* keep the last of equal keys */
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(cs[i].key, cs[i + 1].key) == 0)
            continue;
        if (m != i)
            cs[m] = cs[i];
        m++;
    }
    char text[XF_MAX_SETS * 2 * XF_SET_TEXT / 4 + 64];
    size_t o = (size_t)snprintf(text, sizeof text, "%s\n", base_hash ? base_hash : "");
    for (int i = 0; i < m; i++) {
        int w = snprintf(text + o, sizeof text - o, "%s=%s\n", cs[i].key, cs[i].value);
        if (w < 0 || (size_t)w >= sizeof text - o)
            return xf_err_set(err, XF_ERR_INPUT, "--set overrides: longer than %zu characters",
                              sizeof text - 64);
        o += (size_t)w;
    }
    xf_hash_hex(text, o, config_hash);
    return json ? canon_json(cs, m, json, json_n, err) : XF_OK;
}

/* -------------------------------------------------------- reading a params object */

/* The params object as cJSON: NULL unless the text is a JSON object. Caller deletes. */
static cJSON *parse_params(const char *params_json)
{
    if (params_json == NULL)
        return NULL;
    cJSON *o = cJSON_Parse(params_json);
    if (o != NULL && !cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

const char *xf_db_param(const char *params_json, const char *key, char *buf, size_t n)
{
    if (key == NULL || n == 0)
        return NULL;
    cJSON *o = parse_params(params_json);
    if (o == NULL)
        return NULL;
    const char *found = NULL;
    const cJSON *it;
    /* case-sensitive, first match in stored order (cJSON_GetObjectItem folds case) */
    cJSON_ArrayForEach(it, o)
    {
        if (it->string != NULL && strcmp(it->string, key) == 0 && cJSON_IsString(it)) {
            snprintf(buf, n, "%s", it->valuestring);
            found = buf;
            break;
        }
    }
    cJSON_Delete(o);
    return found;
}

int xf_db_params_each(const char *params_json,
                      int (*fn)(const char *key, const char *value, void *ctx), void *ctx)
{
    cJSON *o = parse_params(params_json);
    if (o == NULL)
        return -1;
    const cJSON *it;
    int rc = 0;
    cJSON_ArrayForEach(it, o)
    {
        if (it->string == NULL || !cJSON_IsString(it)) {
            rc = -1;
            break;
        }
        if ((rc = fn(it->string, it->valuestring, ctx)) != 0)
            break;
    }
    cJSON_Delete(o);
    return rc;
}
