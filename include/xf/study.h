/* xf/study.h - uncertainty and sensitivity of an estimate: a design (and optionally a
 * baseline) on one workload, with the values that carry a range (xf/arch.h, xf_arch_ranged:
 * the technology files' and the architecture files' range_ keys, and any architecture key
 * given a range on the command line) drawn or swung.
 *
 *   xf_study_new        load the designs, collect their ranged values (each name once: a
 *                       technology file both designs load is one value, drawn once for both)
 *   xf_study_mc         Monte Carlo: P5 / P50 / P95, mean and sd of each metric and ratio
 *   xf_study_sensitivity one-at-a-time swings of every ranged value to its ends, ranked
 *
 * Determinism: sample i draws from a GSL mt19937 generator seeded from (seed, i / block), so
 * the samples, and every statistic, depend on the seed only, not on the thread count.
 * Every sample builds each design again from its specification (no file access) and evaluates
 * it with xf_evaluate.
 */
#ifndef XF_STUDY_H
#define XF_STUDY_H

#include "xf/arch.h"
#include "xf/model.h"
#include "xf/workload.h"

#define XF_STUDY_MAX_PARAMS 64
#define XF_STUDY_MAX_SAMPLES 1000000LL
#define XF_STUDY_MAX_CLI_RANGES 32

/* Metrics: a design's six, then the six ratios against the baseline. */
enum {
    XF_SM_LATENCY,
    XF_SM_ENERGY,
    XF_SM_AREA,
    XF_SM_POWER,
    XF_SM_TOPS_PER_W,
    XF_SM_EDP,
    XF_SM_DESIGN_COUNT,
    /* ratios: baseline / design for latency, energy and EDP (> 1: the design is better),
     * design / baseline for TOPS/W (> 1: better), area and power */
    XF_SM_SPEEDUP = XF_SM_DESIGN_COUNT,
    XF_SM_ENERGY_GAIN,
    XF_SM_AREA_RATIO,
    XF_SM_POWER_RATIO,
    XF_SM_TOPS_PER_W_GAIN,
    XF_SM_EDP_GAIN,
    XF_SM_COUNT
};

/* "latency_s", "energy_j", "area_mm2", "power_w", "tops_per_w", "edp_js", "speedup",
 * "energy_gain", "area_ratio", "power_ratio", "tops_per_w_gain", "edp_gain". */
const char *xf_study_metric_name(int m);
/* Index of a metric name, or -1. */
int xf_study_metric_find(const char *name);

typedef struct {
    char name[256]; /* FILE:KEY, ARCH:KEY, or KEY for a command-line range */
    xf_cfg_range r;
    int tech;    /* a technology value (else an architecture key) */
    int integer; /* a command-line range of whole numbers: draws are rounded */
    int in[2];   /* 1 when the design (0) / the baseline (1) holds it */
} xf_study_param;

typedef struct xf_study xf_study;

/* design and baseline: variants (xf/variant.h: ARCH or ARCH[KEY=VALUE,...]); baseline NULL for
 * none. cli_ranges: "KEY=LO..HI" or "KEY=LO..HI,DIST" for an architecture key (as --set
 * writes it, a quantity with its unit: pe.adc_rate_GSps=0.64..2.56), applied to each design
 * that has the key; its value must lie in the range. XF_ERR_INPUT for a bad design, range or
 * key, naming it; a design whose key was fixed by an override keeps it fixed. */
int xf_study_new(const char *techlib, const char *design, const char *baseline, const xf_model *m,
                 const xf_wl_params *p, const char *const *cli_ranges, int n_cli, xf_study **out,
                 xf_err *err);
void xf_study_free(xf_study *s);
int xf_study_n_params(const xf_study *s);
const xf_study_param *xf_study_param_at(const xf_study *s, int i);
int xf_study_has_baseline(const xf_study *s);
/* The designs' canonical labels (0: design, 1: baseline). */
const char *xf_study_label(const xf_study *s, int which);
/* The metrics of the designs with every value at its nominal (out[XF_SM_COUNT]; NaN where
 * unknown: a GPU's area, ratios without a baseline). */
int xf_study_nominal(xf_study *s, double *out, xf_err *err);

/* ---- Monte Carlo ------------------------------------------------------------------------ */

typedef struct {
    long long samples;  /* 1 .. XF_STUDY_MAX_SAMPLES */
    unsigned long seed; /* of the GSL mt19937 generators */
    int threads;        /* workers; 0 = online cores */
    int independent;    /* draw the baseline's values apart from the design's (for comparison:
                           a ratio's spread is then inflated by the independent draws) */
} xf_mc_opts;

typedef struct {
    double nominal, mean, sd, p5, p50, p95;
    long long n; /* samples with a finite value */
} xf_stat;

typedef struct {
    long long samples, failed;
    xf_stat m[XF_SM_COUNT];
    char first_error[XF_ERR_MSG_LEN];
} xf_mc_result;

int xf_study_mc(xf_study *s, const xf_mc_opts *o, xf_mc_result *out, xf_err *err);

/* ---- Sensitivity ------------------------------------------------------------------------ */

typedef struct {
    int param;                /* index into the study's values */
    double v_lo, v_nom, v_hi; /* SI */
    double m_lo, m_nom, m_hi; /* the metric with the value at lo, nominal, hi */
    double swing;             /* |m_hi - m_lo| / m_nom: the rank order (largest first) */
    double elasticity;        /* (ln m_hi - ln m_lo) / (ln v_hi - ln v_lo) */
} xf_swing;

/* Swing every value to each end of its range, the others at nominal; out[0..n_params) ranked by
 * swing, largest first (ties in the study's order). metric: XF_SM_*. */
int xf_study_sensitivity(xf_study *s, int metric, xf_swing *out, xf_err *err);

#endif
