/* src/sweep/sweep_int.h - internals of the sweep module. */
#ifndef XF_SWEEP_INT_H
#define XF_SWEEP_INT_H

#include "xf/sweep.h"

#define XF_SWEEP_VCACHE 4096   /* values of a dimension kept as text */
#define XF_SWEEP_WL_CACHE 64   /* workloads cached per worker (about 33 KB each) */
#define XF_SWEEP_CFG_CACHE 256 /* built configurations cached per worker (about 4 KB each) */

typedef struct {
    char key[128];
    char *text; /* as given (trimmed) */
    xf_range range;
    char **vcache; /* "key=value" for each value when count <= XF_SWEEP_VCACHE */
} xf_sweep_set_dim;

enum { XF_DIM_ARCH, XF_DIM_MODEL, XF_DIM_SEQ, XF_DIM_BATCH, XF_DIM_CONTEXT, XF_DIM_N };

struct xf_sweep_spec {
    char techlib[1024];
    /* dimensions as given */
    char *text[XF_DIM_N];
    int n_archs, n_models;
    char *archs[XF_SWEEP_MAX_NAMES];
    char *models[XF_SWEEP_MAX_NAMES];
    xf_range seq, batch, context;
    xf_phase phase;
    long long tokens; /* phase generate: tokens generated per point (--tokens) */
    int head;
    int n_sets;
    xf_sweep_set_dim sets[XF_SWEEP_MAX_SETS];
    /* prepared */
    int prepared;
    char arch_name[XF_SWEEP_MAX_NAMES][64];
    char arch_file[XF_SWEEP_MAX_NAMES][512];
    char *base_text[XF_SWEEP_MAX_NAMES];
    char base_hash[XF_SWEEP_MAX_NAMES][XF_HASH_HEX];
    xf_ident_base *ident[XF_SWEEP_MAX_NAMES]; /* each architecture's resolved base */
    xf_model model[XF_SWEEP_MAX_NAMES];
    char model_key[XF_SWEEP_MAX_NAMES][XF_HASH_HEX];
    /* enumeration: digit d of a point has radix[d] values; order: arch, sets..., model, seq,
     * batch, context (last fastest) */
    int n_digits;
    long long radix[XF_SWEEP_MAX_SETS + 5];
    /* enumeration order of the digits, slowest first: the order above, or - when there are
     * more workloads than a worker caches and few configurations - the workload digits
     * first, so that each workload is built once per worker and the configurations come
     * from a cache. Part of the spec text, so a resumed sweep decodes its indices alike. */
    int order[XF_SWEEP_MAX_SETS + 5];
    int workloads_first;
    long long n_configs, n_workloads;
    long long total;
    size_t params_max;   /* bound on the JSON of a point's overrides */
    size_t resolved_max; /* bound on the JSON of its resolved differences from the base */
    size_t slot;         /* params_max + resolved_max: a row's share of a chunk's arena */
    char *spec_text;
    char spec_hash[XF_HASH_HEX];
};

/* Digit indices of the fixed dimensions in the enumeration. */
#define XF_DIGIT_ARCH 0
#define XF_DIGIT_SET(s, k) (1 + (k))
#define XF_DIGIT_MODEL(s) (1 + (s)->n_sets)
#define XF_DIGIT_SEQ(s) (2 + (s)->n_sets)
#define XF_DIGIT_BATCH(s) (3 + (s)->n_sets)
#define XF_DIGIT_CONTEXT(s) (4 + (s)->n_sets)

void xf_sweep_digits(const xf_sweep_spec *s, long long i, long long *digits);
/* Integer value of a seq/batch/context range (validated by prepare). */
long long xf_sweep_int_value(const xf_range *r, long long i);
/* "key=value" of set dimension k at value v into buf (or the cached text). */
const char *xf_sweep_assignment(const xf_sweep_spec *s, int k, long long v, char *buf, size_t n);

#endif
