/* xf/eval_report.h - reports of one evaluation: a table for people, CSV and JSON for tools.
 *
 * Every report says what produced its numbers: the design as resolved (never the file's
 * description when an override may have changed what it states), the overrides in canonical
 * form, the technology files the specification read, and the point (prefill n = N, or decode
 * with its context). A number the model does not give (the area of a GPU board: area_known
 * = 0) is empty in CSV, null in JSON and "not modelled" in the table, never 0.
 */
#ifndef XF_EVAL_REPORT_H
#define XF_EVAL_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "xf/arch.h"
#include "xf/err.h"
#include "xf/result.h"
#include "xf/workload.h"

enum { XF_BREAKDOWN_NONE = 0, XF_BREAKDOWN_COMPONENT = 1, XF_BREAKDOWN_LAYER = 2 };

/* What produced a result. */
typedef struct {
    const xf_arch *arch;      /* as built */
    const xf_arch_spec *spec; /* its specification with the overrides applied (technology
                                 files); NULL: none listed */
    const char *const *sets;  /* the --set assignments in command-line order (may be NULL) */
    int n_sets;
} xf_eval_src;

/* The overrides in canonical form: "key=value" sorted by key, a key given twice keeping its
 * last value, keys trimmed and values canonical (xf_canon_value: an integer as %lld, another
 * number as %.15g, text verbatim), joined by sep. buf gets "" when there are none. Returns the
 * number of keys, or -1 (buf "") when an assignment has no '=' or the text does not fit. */
int xf_eval_overrides_text(const char *const *sets, int n_sets, const char *sep, char *buf,
                           size_t n);

/* "prefill, n = 512, batch 1" or "decode, context 512, batch 1" (n too when it is given). */
const char *xf_eval_point_text(const xf_wl_params *p, const xf_result *r, char *buf, size_t n);

/* Headline CSV: arch,model,seq,batch,phase,latency_s,energy_j,area_mm2,power_w,tops,
 * tops_per_w,edp_js,nvm_writes,power_density_w_per_cm2,over_die,over_power,context,overrides
 * (overrides: xf_eval_overrides_text joined by ';', quoted when it holds a comma or a quote).
 * Without area_known, area_mm2, power_density_w_per_cm2, over_die and over_power are empty. */
void xf_eval_csv_header(FILE *out);
void xf_eval_csv_row(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r);
/* component,energy_j,area_mm2,energy_share,dynamic_j,static_j (area empty when unknown) */
void xf_eval_csv_components(FILE *out, const xf_result *r);
/* layer,op,engine,latency_s,energy_j (one row per op per layer instance; rows sum to totals) */
void xf_eval_csv_layers(FILE *out, const xf_result *r);

/* Readable report: what ran, headline numbers, then the breakdowns selected by the mask. */
void xf_eval_report(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                    int breakdown);

/* The JSON report (cJSON): the CSV's fields with the same numbers (9 significant digits),
 * area_known, the overrides as an object of canonical strings, the technology files, the
 * engines (kind, utilisation, busy time, static power, what it is), and the breakdowns of the
 * mask as arrays "components" and "layers". Unknown numbers are null. Caller frees the text
 * with free(); NULL when out of memory. */
char *xf_eval_json_text(const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                        int breakdown);
/* The same, written to out with a newline. XF_ERR_RUNTIME when out of memory. */
int xf_eval_json(FILE *out, const xf_eval_src *s, const xf_workload *w, const xf_result *r,
                 int breakdown, xf_err *err);

#endif
