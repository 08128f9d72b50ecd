/* xf/text.h - user text (names, descriptions, labels) on its way in and out.
 *
 * In: a name or description read from a file is printable UTF-8 of bounded length
 * (xf_text_check). Out: every CSV field goes through xf_csv_field (RFC 4180 quoting), and text
 * meant for a terminal (tables, reports) through xf_text_safe / xf_text_put, which print each
 * control character as '?'.
 *
 * "Control character" here: C0 (U+0000-001F), DEL (U+007F), C1 (U+0080-009F), the line and
 * paragraph separators U+2028/U+2029 and the bidirectional controls (U+061C, U+200E, U+200F,
 * U+202A-202E, U+2066-2069), which can make a terminal show text other than the bytes.
 * A byte that is not part of valid UTF-8 (overlong forms, surrogates, > U+10FFFF) counts as
 * one control character.
 */
#ifndef XF_TEXT_H
#define XF_TEXT_H

#include <stddef.h>
#include <stdio.h>

#define XF_TEXT_NAME_MAX 63  /* bytes of an architecture, profile or model name */
#define XF_TEXT_DESC_MAX 511 /* bytes of a description */

/* The character at s: returns its length in bytes (0 at the end of the string) and sets
 * *printable to 1 for a printable character, 0 for a control character or an invalid byte
 * (then the length is that of the control character's sequence, 1 for an invalid byte). */
size_t xf_text_next(const char *s, int *printable);

/* 0 when s has min_bytes to max_bytes bytes of printable UTF-8; otherwise -1 and why holds
 * "has 70 bytes; expected 1 to 63" or "has a control character (U+000A) at byte 5; expected
 * printable UTF-8" or "is not valid UTF-8 at byte 3 (0xff); expected printable UTF-8". */
int xf_text_check(const char *s, size_t min_bytes, size_t max_bytes, char *why, size_t n);

/* s (which may be buf itself) with every control character (and invalid byte) as '?', cut at a
 * character boundary to fit n bytes with its NUL. Returns buf. */
char *xf_text_safe(char *buf, size_t n, const char *s);
/* The same, written to out. */
void xf_text_put(FILE *out, const char *s);

/* One CSV field (RFC 4180): as is, or in double quotes with quotes doubled when it holds a
 * comma, a double quote, CR or LF. NULL is an empty field. */
void xf_csv_field(FILE *out, const char *s);

#endif
