/* xf/fmt.h - number formatting at the edges (engineering prefixes). */
#ifndef XF_FMT_H
#define XF_FMT_H

#include <stddef.h>
#include <stdint.h>

/* "1.67 pJ", "931.14 M", "0 s". sig = significant digits (3..6). Returns buf. */
char *xf_fmt_eng(char *buf, size_t n, double value, const char *unit, int sig);
/* Area in m^2 printed as um^2 or mm^2, whichever reads better. Returns buf. */
char *xf_fmt_area(char *buf, size_t n, double m2);

/* 1234567 -> "1,234,567". Returns buf. */
char *xf_fmt_grouped(char *buf, size_t n, uint64_t v);

#endif
