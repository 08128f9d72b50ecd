/* xf/report.h - human-readable reports. */
#ifndef XF_REPORT_H
#define XF_REPORT_H

#include <stdio.h>

#include "xf/err.h"
#include "xf/tech.h"

/* Print the derived per-action costs of a technology's component model at its default
 * parameters (engineering prefixes): e.g. energy per conversion, conversion time, area and power
 * for an ADC; per-cycle array energy, 8-bit MVM and whole-array write for a crossbar device.
 * Returns XF_OK, or the error of a component init (filled into err). */
int xf_tech_report(FILE *out, const xf_tech *t, xf_err *err);

#endif
