/* xf/compare.h - evaluate a comparison: designs (architecture variants, xf/variant.h) x points
 * (model, seq, phase, context, batch); the table itself (ratios, geometric means, formats) is
 * xf/table.h.
 *
 * The overrides of a design, from the most specific to the least (the more specific wins for
 * a key; within one kind the last given wins):
 *     ARCH[KEY=VALUE,...]     the design's own brackets
 *     --set ARCH:KEY=VALUE    every design of that architecture
 *     --set KEY=VALUE         every design
 * A design's label (the table's arch column) holds all of them, canonical: a label given back
 * to --archs is the same design.
 */
#ifndef XF_COMPARE_H
#define XF_COMPARE_H

#include "xf/err.h"
#include "xf/table.h"
#include "xf/variant.h"
#include "xf/workload.h"

/* One design (a column of the comparison). */
typedef struct {
    xf_variant v;
    char label[XF_VARIANT_LABEL];     /* canonical */
    const char *text;                 /* as given (for messages) */
    char where[XF_VARIANT_ARCH + 64]; /* "--archs 'TEXT'" (messages) */
} xf_cmp_design;

/* Parse the designs texts[0..n) ("ARCH" or "ARCH[KEY=VALUE,...]") and fold in the --set
 * assignments sets[0..n_sets) ("KEY=VALUE" or "ARCH:KEY=VALUE", ARCH as written in the
 * design). opt names the option in messages ("--archs"). XF_ERR_INPUT for a bad design or
 * assignment, or two designs with the same label. */
int xf_compare_designs(const char *opt, const char *const *texts, int n, const char *const *sets,
                       int n_sets, xf_cmp_design *out, xf_err *err);
/* One design alone (a --baseline), with the same folding of sets. */
int xf_compare_design(const char *opt, const char *text, const char *const *sets, int n_sets,
                      xf_cmp_design *out, xf_err *err);
/* XF_ERR_INPUT when an "ARCH:KEY=VALUE" assignment names an architecture no design has. */
int xf_compare_check_sets(const xf_cmp_design *designs, int n, const char *const *sets, int n_sets,
                          xf_err *err);

/* One point: a resolved model and the workload parameters of the pass. */
typedef struct {
    const xf_model *model;
    xf_wl_params p;
} xf_cmp_point;

/* One evaluated (point, design). */
typedef struct {
    int point, design; /* indices into the points and designs */
    xf_wl_params p;    /* the point as evaluated (seq filled in for a vision model) */
    double latency;    /* s */
    double energy;     /* J */
    double area;       /* m^2 */
    double power;      /* W */
    double ttft, tokens_per_s, energy_per_token; /* a generation's (0 otherwise) */
} xf_cmp_row;

/* Evaluate every (point, design) into rows (point-major, designs in order): rows must hold
 * n_points x n_designs. Each design is built once. */
int xf_compare_run(const char *techlib, const xf_cmp_design *designs, int n_designs,
                   const xf_cmp_point *points, int n_points, xf_cmp_row *rows, xf_err *err);

/* Table rows (for xf_table_write) that refer to the strings of designs and points. */
void xf_cmp_table_rows(const xf_cmp_design *designs, const xf_cmp_point *points,
                       const xf_cmp_row *rows, int n, xf_table_row *out);

#endif
