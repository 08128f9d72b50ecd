/* xf/eval_report.h - reports of one evaluation (table for people, CSV for tools). */
#ifndef XF_EVAL_REPORT_H
#define XF_EVAL_REPORT_H

#include <stdio.h>

#include "xf/arch.h"
#include "xf/result.h"
#include "xf/workload.h"

enum { XF_BREAKDOWN_NONE = 0, XF_BREAKDOWN_COMPONENT = 1, XF_BREAKDOWN_LAYER = 2 };

/* Headline CSV: arch,model,seq,batch,phase,latency_s,energy_j,area_mm2,power_w,tops,
 * tops_per_w,edp_js,nvm_writes */
void xf_eval_csv_header(FILE *out);
void xf_eval_csv_row(FILE *out, const xf_arch *a, const xf_workload *w, const xf_result *r);
/* component,energy_j,area_mm2,energy_share */
void xf_eval_csv_components(FILE *out, const xf_result *r);
/* layer,op,engine,latency_s,energy_j (one row per op per layer instance; rows sum to totals) */
void xf_eval_csv_layers(FILE *out, const xf_result *r);
/* Readable report: headline numbers, then the breakdowns selected by the mask. */
void xf_eval_report(FILE *out, const xf_arch *a, const xf_workload *w, const xf_result *r,
                    int breakdown);

#endif
