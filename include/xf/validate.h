/* xf/validate.h - the X-Former paper's stated numbers beside the model's (xformer validate),
 * each claim classed, and the check of those classes against a committed expected table.
 *
 * Classes, best to worst:
 *   reproduced          XF_CLAIM_LO <= model / paper <= XF_CLAIM_HI (within +/-25 %);
 *   paper-inconsistent  outside that, and the claim carries a stated contradiction with
 *                       another claim of the paper (the paper cannot hold both);
 *   gap                 outside that, with no such contradiction: the model falls short.
 * Classification and check are pure functions of the claims (no model evaluation, no files),
 * so they are tested on tables built by hand.
 */
#ifndef XF_VALIDATE_H
#define XF_VALIDATE_H

#include "xf/cfg.h"
#include "xf/err.h"

#include <stddef.h>

typedef struct {
    const char *claim;      /* what the paper states (unique: the key of the expected table) */
    const char *conditions; /* model, sequence length, figure or table */
    double paper, model;    /* in `unit` (a share is a fraction 0..1, unit "") */
    const char *unit;
    const char *note; /* the mechanism behind the model's value, or why a gap exists */
    /* The other claim of the paper this one contradicts, with the arithmetic; NULL or "" when
     * the paper's claims leave this one standing. */
    const char *contradiction;
} xf_claim;

#define XF_MAX_CLAIMS 48

typedef enum {
    XF_CLASS_REPRODUCED,         /* best */
    XF_CLASS_PAPER_INCONSISTENT, /* the paper contradicts itself on this number */
    XF_CLASS_GAP,                /* worst: the model falls short with no excuse from the paper */
    XF_CLASS_COUNT
} xf_claim_class;

/* Tolerance of "reproduced": 0.75 <= model / paper <= 1.25 (inclusive, up to rounding of the
 * division by one part in 1e12). */
#define XF_CLAIM_LO 0.75
#define XF_CLAIM_HI 1.25

/* Evaluate the architectures of techlib's sibling arch/ under each claim's conditions; fills
 * every claim of the paper in a fixed order (xf_validate_claim_names). */
int xf_validate(const char *techlib, xf_claim *claims, int max, int *n, xf_err *err);
/* The claims xf_validate fills, in its order, without evaluating anything. Returns their
 * number (at most max names are stored). */
int xf_validate_claim_names(const char **names, int max);

/* model / paper (NaN when paper is 0 or either is not finite). */
double xf_claim_ratio(const xf_claim *c);
xf_claim_class xf_claim_classify(const xf_claim *c);
/* "reproduced", "paper-inconsistent", "gap" (NULL outside). */
const char *xf_claim_class_name(xf_claim_class k);
/* The class named `name`, or -1. */
int xf_claim_class_parse(const char *name);
/* The claim's one-line reason into buf: reproduced, "within +/-25 %" and the note; a gap, the
 * note (its mechanism); paper-inconsistent, the contradiction. Returns buf. */
const char *xf_claim_reason(const xf_claim *c, char *buf, size_t n);

/* ---- expected classes (validate/expected.cfg) ---------------------------------------------
 * A libconfig file with one list:
 *     claims = (
 *       { claim = "GTX 1060 latency"; class = "reproduced"; reason = "..."; },
 *       ...
 *     );
 * one entry per claim of xf_validate (no more, no fewer, none twice); class one of the names
 * of xf_claim_class_name; reason is the reason when the entry was written (for readers; the
 * check compares classes only). */
typedef struct {
    const char *claim; /* strings live as long as the table */
    xf_claim_class cls;
    const char *reason;
    int line; /* line of the entry's claim key in the file (0 when unknown) */
} xf_expected;

typedef struct {
    xf_cfg *cfg; /* owns the strings */
    int n;
    xf_expected e[XF_MAX_CLAIMS];
} xf_expected_table;

/* The default table: validate/expected.cfg beside the techlib's directory (as arch/ is). */
void xf_validate_expected_path(const char *techlib_dir, char *buf, size_t n);
/* Load and check the table against the claims (matched by name). Bad input - an unknown
 * claim (with a did-you-mean), an unknown class, a claim named twice, a claim with no entry,
 * an unknown key, a missing or unreadable file - is XF_ERR_INPUT naming FILE:LINE. On
 * success t owns its strings until xf_expected_free; on failure t holds nothing. */
int xf_expected_load(const char *path, const xf_claim *claims, int n, xf_expected_table *t,
                     xf_err *err);
void xf_expected_free(xf_expected_table *t);

/* One claim of a check. */
typedef struct {
    xf_claim_class got;
    int expected; /* xf_claim_class of the claim's entry, or -1 when no entry names it */
    const xf_expected *entry; /* that entry, or NULL */
} xf_check_row;

/* Compare each claim's class with its expected entry (matched by claim name) into rows[i]
 * (n of them). *worse and *better (each may be NULL) count the claims below and above their
 * expected class. Returns 0 when no claim fell below its expected class (better ones
 * included), 1 when any fell, 2 when a claim has no entry. Pure: no evaluation, no files. */
int xf_validate_check(const xf_claim *claims, int n, const xf_expected *exp, int n_exp,
                      xf_check_row *rows, int *worse, int *better);

#endif
