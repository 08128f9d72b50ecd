#include "xf/fmt.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

char *xf_fmt_eng(char *buf, size_t n, double value, const char *unit, int sig)
{
    static const char *const prefix[] = {"a", "f", "p", "n", "u", "m", "",
                                         "k", "M", "G", "T", "P", "E"};
    const char *u = unit ? unit : "";
    if (sig < 3)
        sig = 3;
    if (sig > 6)
        sig = 6;
    if (!isfinite(value)) {
        snprintf(buf, n, "%g %s", value, u);
        return buf;
    }
    if (value == 0.0) {
        snprintf(buf, n, "0 %s", u);
        return buf;
    }
    int e3 = (int)floor(log10(fabs(value)) / 3.0);
    if (e3 < -6)
        e3 = -6;
    if (e3 > 6)
        e3 = 6;
    double m = value / pow(10.0, 3.0 * e3);
    /* Rounding may carry to 1000: move to the next prefix. */
    int intdig = fabs(m) >= 100 ? 3 : fabs(m) >= 10 ? 2 : 1;
    int dec = sig - intdig;
    if (dec < 0)
        dec = 0;
    if (fabs(m) >= 1000.0 - 0.5 * pow(10.0, -dec) && e3 < 6) {
        e3++;
        m /= 1000.0;
        dec = sig - 1;
    }
    snprintf(buf, n, "%.*f %s%s", dec, m, prefix[e3 + 6], u);
    return buf;
}

char *xf_fmt_area(char *buf, size_t n, double m2)
{
    if (fabs(m2) >= 1e-8) /* >= 0.01 mm^2 */
        snprintf(buf, n, "%.4g mm^2", m2 * 1e6);
    else
        snprintf(buf, n, "%.4g um^2", m2 * 1e12);
    return buf;
}

char *xf_fmt_grouped(char *buf, size_t n, uint64_t v)
{
    char raw[32];
    snprintf(raw, sizeof raw, "%" PRIu64, v);
    size_t len = strlen(raw), o = 0;
    for (size_t i = 0; i < len && o + 2 < n; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ',';
        buf[o++] = raw[i];
    }
    buf[o] = '\0';
    return buf;
}
