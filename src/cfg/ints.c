/* Integer literals that libconfig 1.5 would alter (see cfg_int.h, xf_cfg_check_ints).
 *
 * What: a scan of a configuration's text for its integer tokens, each checked against the
 * range libconfig 1.5 can store for it. Why: libconfig 1.5 (Debian's) reads a decimal
 * integer without an L suffix with atoi and a hexadecimal one with strtoul into a 32-bit int,
 * silently: 4294967297 becomes 1, 2147483648 becomes -2147483648, 0xFFFFFFFF becomes -1; and
 * an integer with L saturates (atoll) or wraps past 64 bits. A value must never change
 * between the file and the model, so such a token is refused at its line.
 * Invariants: the scan follows libconfig's lexer (scanner.l of 1.5) for what is NOT a
 * number: comments (#, //, / * * /), strings with backslash escapes, and names
 * ([A-Za-z*][-A-Za-z0-9_*]*, which may contain digits); it runs on a text libconfig has
 * already parsed, so it needs to be right only for valid texts. Floats (a '.', or an exponent
 * in a decimal token) are not integers and are left alone.
 * The same scan, before libconfig parses, bounds the cost of parsing (XF_CFG_MAX_KEYS,
 * XF_CFG_MAX_VALUES): libconfig 1.5 looks up every new key among its group's members
 * linearly (60,000 keys in one group take 40 s) and spends about 100 bytes per value. */
#include "cfg_int.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static int name_start(int c)
{
    return isalpha(c) || c == '*';
}

static int name_char(int c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '*';
}

/* Value of the digits [p, e) in base (10 or 16) with sign; 0 when it exceeds `lim` in
 * magnitude (lim for positive values, lim + 1 for negative ones). */
static int fits(const char *p, const char *e, int base, int neg, unsigned long long lim)
{
    unsigned long long v = 0, max = neg ? lim + 1 : lim;
    for (; p < e; p++) {
        unsigned d = isdigit((unsigned char)*p) ? (unsigned)(*p - '0')
                                                : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
        if (v > (max - d) / (unsigned)base)
            return 0;
        v = v * (unsigned)base + d;
    }
    return 1;
}

/* Check the number token [s, e) at `line` (s may start with a sign). Returns XF_OK or the
 * error. */
static int check_token(const char *s, const char *e, const char *name, int line, const char *key,
                       xf_err *err)
{
    const char *p = s;
    int neg = 0;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    int hex = e - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    const char *d = hex ? p + 2 : p, *q = d;
    while (q < e && (hex ? isxdigit((unsigned char)*q) : isdigit((unsigned char)*q)))
        q++;
    if (q == d)
        return XF_OK;
    int nl = 0;
    while (q + nl < e && q[nl] == 'L')
        nl++;
    if (q + nl != e || nl > 2)
        return XF_OK; /* a float or something libconfig read otherwise */
    int wide = nl > 0;
    /* libconfig reads hexadecimal as unsigned bits: 0xFFFFFFFF is -1, so a hex token must
     * fit the signed range too to keep its value. */
    unsigned long long lim = wide ? (unsigned long long)LLONG_MAX : (unsigned long long)INT_MAX;
    if (fits(d, q, hex ? 16 : 10, hex ? 0 : neg, lim) && !(hex && neg))
        return XF_OK;
    char kq[160] = "";
    if (key[0])
        snprintf(kq, sizeof kq, "key '%s': ", key);
    if (wide)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s:%d: %sinteger %.*s does not fit in 64 bits; expected an integer "
                          "from %lld to %lld",
                          name, line, kq, (int)(e - s) > 40 ? 40 : (int)(e - s), s, LLONG_MIN,
                          LLONG_MAX);
    return xf_err_set(err, XF_ERR_INPUT,
                      "%s:%d: %sinteger %.*s is beyond 32 bits (libconfig would store another "
                      "value); expected an integer from %d to %d, or a 64-bit one written with "
                      "an L suffix (%.*sL)",
                      name, line, kq, (int)(e - s) > 40 ? 40 : (int)(e - s), s, INT_MIN, INT_MAX,
                      (int)(e - s) > 40 ? 40 : (int)(e - s), s);
}

int xf_cfg_scan(const char *text, size_t len, const char *name, int ints, xf_err *err)
{
    long names = 0, commas = 0;
    const char *p = text, *end = text + len;
    int line = 1;
    char key[128] = "", last[128] = "";
    while (p < end) {
        char c = *p;
        if (c == '\n') {
            line++;
            p++;
        } else if (c == '#' || (c == '/' && p + 1 < end && p[1] == '/')) {
            while (p < end && *p != '\n')
                p++;
        } else if (c == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p < end && !(*p == '*' && p + 1 < end && p[1] == '/'))
                line += *p++ == '\n';
            p = p < end ? p + 2 : end;
        } else if (c == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                line += *p == '\n';
            }
            p = p < end ? p + 1 : end;
        } else if (name_start((unsigned char)c)) {
            const char *s = p;
            while (p < end && name_char((unsigned char)*p))
                p++;
            snprintf(last, sizeof last, "%.*s", (int)(p - s), s);
        } else if (c == '=' || c == ':') {
            snprintf(key, sizeof key, "%s", last);
            names++;
            p++;
        } else if (c == ',') {
            commas++;
            p++;
        } else if (isdigit((unsigned char)c) || c == '.' ||
                   ((c == '+' || c == '-') && p + 1 < end &&
                    (isdigit((unsigned char)p[1]) || p[1] == '.'))) {
            const char *s = p++;
            while (p < end && (isalnum((unsigned char)*p) || *p == '.' ||
                               ((*p == '+' || *p == '-') && (p[-1] == 'e' || p[-1] == 'E'))))
                p++;
            if (ints && check_token(s, p, name, line, key, err) != XF_OK)
                return err->code;
        } else {
            p++;
        }
    }
    if (names > XF_CFG_MAX_KEYS)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %ld keys, too many; expected at most %d keys in a configuration",
                          name, names, XF_CFG_MAX_KEYS);
    if (names + commas > XF_CFG_MAX_VALUES)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %ld values, too many; expected at most %d keys and list or array "
                          "elements in a configuration",
                          name, names + commas, XF_CFG_MAX_VALUES);
    return XF_OK;
}
