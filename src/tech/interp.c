/* Log-log piecewise-linear interpolation over small tables (GSL linear interpolation on the
 * logarithms). Used for the CMOS scaling factors and the buffer tables. */
#include "xf/tech.h"

#include <gsl/gsl_interp.h>
#include <math.h>

int xf_interp_loglog(const double *x, const double *y, int n, double xq, double *yq,
                     int *extrapolated)
{
    if (n < 1 || n > XF_INTERP_MAX || !(xq > 0.0) || !isfinite(xq))
        return -1;
    for (int i = 0; i < n; i++) {
        if (!(x[i] > 0.0) || !(y[i] > 0.0) || !isfinite(x[i]) || !isfinite(y[i]))
            return -1;
        if (i > 0 && !(x[i] > x[i - 1]))
            return -1;
    }
    /* Table points are returned as stored, not through exp(log(.)). */
    for (int i = 0; i < n; i++) {
        if (xq == x[i]) {
            *yq = y[i];
            return 0;
        }
    }
    if (n == 1) {
        *yq = y[0];
        if (extrapolated)
            *extrapolated = 1;
        return 0;
    }
    double lx[XF_INTERP_MAX], ly[XF_INTERP_MAX];
    for (int i = 0; i < n; i++) {
        lx[i] = log(x[i]);
        ly[i] = log(y[i]);
    }
    double lq = log(xq);
    if (xq < x[0] || xq > x[n - 1]) {
        /* Extend the end segment; GSL refuses to evaluate outside the table. */
        int i = xq < x[0] ? 0 : n - 2;
        double slope = (ly[i + 1] - ly[i]) / (lx[i + 1] - lx[i]);
        *yq = exp(ly[i] + slope * (lq - lx[i]));
        if (extrapolated)
            *extrapolated = 1;
        return 0;
    }
    gsl_interp *it = gsl_interp_alloc(gsl_interp_linear, (size_t)n);
    if (!it)
        return -1;
    int rc = -1;
    if (gsl_interp_init(it, lx, ly, (size_t)n) == 0) {
        double v;
        if (gsl_interp_eval_e(it, lx, ly, lq, NULL, &v) == 0) {
            *yq = exp(v);
            rc = 0;
        }
    }
    gsl_interp_free(it);
    return rc;
}
