/* Fuzz harness "range": the sweep value-range parser (xf_range_parse, include/xf/sweep.h):
 * lists, lo..hi+step and lo..hi*factor. Accepted ranges must have 1 to XF_SWEEP_MAX_POINTS
 * values, and their first, last and a middle value must print and read back; a geometric
 * range's closed-form count must equal the value-by-value count. */
#include "fuzz.h"

#include "xf/sweep.h"

XF_FUZZ_ENTRY(range)
{
    if (size > 4096)
        return 0;
    char *text = fuzz_string(data, size);
    if (!text)
        return 0;
    xf_range r;
    xf_err err;
    xf_err_clear(&err);
    int rc = xf_range_parse(text, "--set fuzz", &r, &err);
    free(text);
    if (rc != XF_OK)
        return fuzz_check_error("range parse", rc, &err);
    int bad = 0;
    if (r.count < 1 || r.count > XF_SWEEP_MAX_POINTS)
        bad = fuzz_broken("range", "value count out of 1..XF_SWEEP_MAX_POINTS");
    if (r.kind == XF_RANGE_LIST && r.count != r.n_items)
        bad = fuzz_broken("range", "list count differs from its items");
    const long long at[] = {0, r.count / 2, r.count - 1};
    for (int i = 0; i < 3 && !bad && r.count >= 1; i++) {
        char buf[128];
        xf_range_value(&r, at[i], buf, sizeof buf);
        if (!buf[0])
            bad = fuzz_broken("range", "empty value text");
        double v = xf_range_number(&r, at[i]);
        if (r.kind != XF_RANGE_LIST && !isfinite(v))
            bad = fuzz_broken("range", "non-finite value of a numeric range");
    }
    /* a floating-point geometric range: the closed-form count equals the value-by-value loop
     * it replaced (checked on ranges small enough to count that way) */
    if (!bad && r.kind == XF_RANGE_GEOM && !r.integer && r.count <= 100000) {
        double lim = r.hi * (1 + 1e-9);
        long long n = 0;
        while (n <= r.count + 1 && r.lo * pow(r.step, (double)n) <= lim)
            n++;
        if (n != r.count)
            bad = fuzz_broken("range", "geometric count differs from the pow() loop");
    }
    xf_range_free(&r);
    return bad;
}
