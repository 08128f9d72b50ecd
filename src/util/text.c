/* User text in and out (see xf/text.h): UTF-8 decoding with the control characters of a
 * terminal, name checks, '?' escaping for text output and RFC 4180 CSV fields. Why one file:
 * every writer of a table or CSV, and every loader of a name, must agree on what is printable
 * and how a field is quoted. Invariant: xf_text_next never reads past the string's NUL (a
 * truncated sequence is an invalid byte). */
#include "xf/text.h"

#include <stdint.h>
#include <string.h>

static int is_control(uint32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029 || c == 0x061c ||
           c == 0x200e || c == 0x200f || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

/* Decode one UTF-8 sequence; returns its length, or 0 when the bytes are not valid UTF-8. */
static size_t decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if ((s[0] & 0xe0) == 0xc0) {
        len = 2, c = s[0] & 0x1fu, min = 0x80;
    } else if ((s[0] & 0xf0) == 0xe0) {
        len = 3, c = s[0] & 0x0fu, min = 0x800;
    } else if ((s[0] & 0xf8) == 0xf0) {
        len = 4, c = s[0] & 0x07u, min = 0x10000;
    } else {
        return 0;
    }
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80) /* also stops at the NUL */
            return 0;
        c = (c << 6) | (s[i] & 0x3fu);
    }
    if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

size_t xf_text_next(const char *s, int *printable)
{
    const unsigned char *u = (const unsigned char *)s;
    if (*u == 0) {
        *printable = 0;
        return 0;
    }
    uint32_t c = 0;
    size_t len = decode(u, &c);
    if (len == 0) {
        *printable = 0;
        return 1;
    }
    *printable = !is_control(c);
    return len;
}

int xf_text_check(const char *s, size_t min_bytes, size_t max_bytes, char *why, size_t n)
{
    size_t len = strlen(s);
    if (len < min_bytes || len > max_bytes) {
        snprintf(why, n, "has %zu bytes; expected %zu to %zu", len, min_bytes, max_bytes);
        return -1;
    }
    for (size_t i = 0; i < len;) {
        int ok;
        uint32_t c = 0;
        size_t l = xf_text_next(s + i, &ok);
        if (!ok) {
            if (decode((const unsigned char *)s + i, &c) == 0)
                snprintf(why, n,
                         "is not valid UTF-8 at byte %zu (0x%02x); expected printable UTF-8", i + 1,
                         (unsigned char)s[i]);
            else
                snprintf(why, n,
                         "has a control character (U+%04X) at byte %zu; expected printable UTF-8",
                         (unsigned)c, i + 1);
            return -1;
        }
        i += l;
    }
    if (n > 0)
        why[0] = '\0';
    return 0;
}

char *xf_text_safe(char *buf, size_t n, const char *s)
{
    if (n == 0)
        return buf;
    size_t o = 0;
    for (;;) {
        int ok;
        size_t l = xf_text_next(s, &ok);
        if (l == 0)
            break;
        size_t w = ok ? l : 1;
        if (o + w >= n)
            break;
        if (ok)
            memmove(buf + o, s, l); /* buf may be s itself */
        else
            buf[o] = '?';
        o += w;
        s += l;
    }
    buf[o] = '\0';
    return buf;
}

void xf_text_put(FILE *out, const char *s)
{
    for (;;) {
        int ok;
        size_t l = xf_text_next(s, &ok);
        if (l == 0)
            return;
        if (ok)
            fwrite(s, 1, l, out);
        else
            fputc('?', out);
        s += l;
    }
}

void xf_csv_field(FILE *out, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', out);
        fputc(*s, out);
    }
    fputc('"', out);
}
