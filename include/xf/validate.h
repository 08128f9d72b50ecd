/* xf/validate.h - the X-Former paper's stated numbers beside the model's (xformer validate). */
#ifndef XF_VALIDATE_H
#define XF_VALIDATE_H

#include "xf/err.h"

typedef struct {
    const char *claim;      /* what the paper states */
    const char *conditions; /* model, sequence length, figure or table */
    double paper, model;    /* in `unit` (a share is a fraction 0..1, unit "") */
    const char *unit;
    const char *note; /* why a gap exists, or where the paper disagrees with itself */
} xf_claim;

#define XF_MAX_CLAIMS 48

/* Evaluate the architectures of techlib's sibling arch/ under each claim's conditions. */
int xf_validate(const char *techlib, xf_claim *claims, int max, int *n, xf_err *err);

#endif
