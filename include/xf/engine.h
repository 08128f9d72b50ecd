/* xf/engine.h - engines as plug-ins, and the die that holds them.
 *
 * An engine is one kind of hardware unit built from components (xf/component.h): the NVM
 * crossbar engine, the SRAM compute-in-memory engine, vector units, the special-function unit,
 * a bus, DRAM, a GPU roofline. Each kind is one file in src/engines/ that fills an
 * xf_engine_kind and one line of the registry (src/engines/registry.c). An architecture file
 * names its engines (a group with `kind = "..."` each) and maps op roles onto them; the
 * schedule (src/schedule/) knows engines only through this interface.
 *
 * Life of an engine:
 *   params  the keys of its group, read by one generic reader (xf_param_def);
 *   derive  initialise its components from those keys and the technology files (load time,
 *           and again when a sweep overrides one of its keys);
 *   link    resolve the names of other engines it uses (memory = "pe", dram = "dram", ...);
 *   size    size itself for a workload (crossbars for the weights, arrays, copies);
 *   area    its area by component for that size;
 *   layer   per-layer preparation (e.g. passes over the heads), into a few scratch numbers;
 *   run     one op: result rows with latency, busy time and dynamic energy by component;
 *   static_power, wear, report: leakage, NVM wear and the figures it adds to the result.
 * After link, an engine's state is plain data in the die: evaluations only read it, allocate
 * nothing and touch no file, so one die serves many threads. A state never points into the
 * die (a die is copied by value); what an engine needs of another it copies at link time.
 */
#ifndef XF_ENGINE_H
#define XF_ENGINE_H

#include "xf/cfg.h"
#include "xf/component.h"
#include "xf/result.h"
#include "xf/tech.h"
#include "xf/workload.h"

#include <stddef.h>

/* Technology files an architecture names in its `tech` group (an engine's own `tech` group
 * overrides them for that engine). `buffer` is the tiles' memories; `core_buffer` the cores'
 * small ones (scratchpads), the buffer file where none is named. */
typedef enum {
    XF_TR_CMOS,
    XF_TR_NVM,
    XF_TR_SRAM_CIM,
    XF_TR_ADC,
    XF_TR_DAC,
    XF_TR_SAMPLE_HOLD,
    XF_TR_SHIFT_ADD,
    XF_TR_BUFFER,
    XF_TR_CORE_BUFFER,
    XF_TR_DRAM,
    XF_TR_BUS,
    XF_TR_GPU,
    XF_TR_LINK,
    XF_TR_COUNT
} xf_tech_role;

const char *xf_tech_role_name(xf_tech_role r); /* the key: "cmos", "nvm", ... */
xf_tech_kind xf_tech_role_kind(xf_tech_role r);

/* What an engine is built from. */
typedef struct {
    const xf_tech *tech[XF_TR_COUNT]; /* resolved for this engine; NULL where none is named */
    double freq;                      /* Hz, the architecture's digital clock (0: none) */
    int w_bits, a_bits;               /* the architecture's weight and activation precision */
    xf_err *err;
} xf_engine_env;

/* Dies one design may span (chip.dies). */
#define XF_MAX_DIES 4096

/* An engine sized for one workload. */
typedef struct {
    double weights;  /* arrays holding every static weight mapped to it, once */
    double dynamic;  /* arrays set aside for dynamic operands written per input */
    double arrays;   /* arrays the engine has, all copies */
    double replicas; /* token-parallel copies of the weights */
    double tiles;    /* tiles of one copy */
    int reprogram;   /* 1: the weights do not fit and are written before use */
    int dies;        /* dies the design spans (the engine is on each; arrays, tiles, area and
                        static power are one die's): 1 unless the weights need more */
} xf_engine_size;

/* Rows one engine adds for one op; the schedule adds the transfer row. */
#define XF_ENGINE_MAX_ROWS (XF_OP_MAX_ROWS - 1)

/* Components one row may charge (an MVM: array, ADC, DAC, S&H, shift-add and its buffer). */
#define XF_ROW_COMPS 6

typedef struct {
    const char *name; /* static string */
    xf_part part;
    int engine; /* die index of the engine that is busy with it */
    double latency, busy;
    double block;         /* s, its time for one full sequence block when the engine rounds
                             per block (an MVM per copy of the weights); 0: latency x SB / n */
    double occupancy;     /* units of the engine's static power powered during the row (its
                             fraction of a crossbar engine's arrays; lanes of vector units;
                             1 by default) */
    double nvm_writes;    /* NVM cells written */
    double sram_writes;   /* SRAM-CiM cells written (no wear; shown beside NVM writes) */
    double spill_bytes;   /* intermediate bytes sent to DRAM (and read back) */
    int rewrites_dynamic; /* 1: rewrites the cells set aside for dynamic operands */
    /* Dynamic energy by component (J), sparse: a row touches a few of XF_COMP_COUNT. */
    int n_e;
    int too_many; /* a component beyond XF_ROW_COMPS (an engine bug: the run fails) */
    unsigned char comp[XF_ROW_COMPS];
    double energy[XF_ROW_COMPS];
} xf_engine_row;

/* Add energy v (J) to component c of the row. */
static inline void xf_row_energy(xf_engine_row *r, xf_comp c, double v)
{
    for (int i = 0; i < r->n_e; i++)
        if (r->comp[i] == (unsigned char)c) {
            r->energy[i] += v;
            return;
        }
    if (r->n_e < XF_ROW_COMPS) {
        r->comp[r->n_e] = (unsigned char)c;
        r->energy[r->n_e++] = v;
    } else {
        r->too_many = 1;
    }
}

/* Energy of component c in the row (0 when it has none). */
static inline double xf_row_get(const xf_engine_row *r, xf_comp c)
{
    for (int i = 0; i < r->n_e; i++)
        if (r->comp[i] == (unsigned char)c)
            return r->energy[i];
    return 0.0;
}

typedef struct {
    int n;
    int main; /* index of the op's own computation (XF_PART_COMPUTE) */
    int full; /* a row did not fit (an engine bug): the last element took it */
    xf_engine_row row[XF_ENGINE_MAX_ROWS + 1];
} xf_engine_out;

/* Append a cleared row (a spare one, flagged full, when the rows are used up). */
xf_engine_row *xf_engine_row_add(xf_engine_out *o, const char *name, xf_part part, int engine);

struct xf_die;

/* Inputs of sizing. */
typedef struct {
    const xf_workload *w;
    const struct xf_die *die;
    int self;
    double room;         /* m^2 this engine may fill under iso-area; < 0: not iso-area */
    const char *file;    /* the architecture file, for messages */
    const char *iso_ref; /* the iso-area reference's name, for messages */
    double iso_ref_area; /* its area on this workload, m^2 */
    int dies;            /* chip.dies: the dies asked for (0: as many as the weights need) */
    int reprogram;       /* chip.overflow = "reprogram": weights that do not fit one die are
                            written per layer instead of spanning more dies */
} xf_size_in;

/* Inputs of one op run. */
#define XF_ENGINE_SCRATCH 4
typedef struct {
    const xf_workload *w;
    const xf_layer *l;
    const xf_engine_size *z; /* this engine's sizing */
    const double *scratch;   /* this engine's per-layer numbers (its layer hook) */
    long long sb;            /* sequence block in effect for this layer (0: none) */
    int self;                /* die index of this engine */
} xf_run_ctx;

/* NVM wear of one engine over one inference. */
typedef struct {
    double writes;    /* cells written */
    double rewrites;  /* rows that rewrote the dynamic-operand cells, x layer repeats */
    int decode;       /* the pass is a decode step */
    int runs_dynamic; /* the engine runs dynamic MVMs */
} xf_wear_in;

typedef struct {
    double endurance; /* write cycles per cell */
    double mean, max; /* writes per cell per inference (0 when nothing is written) */
} xf_wear_out;

/* The keys of an engine's group, read by one generic reader (src/engines/params.c) into the
 * engine's state at `off`, when an architecture is built and when one key is overridden in a
 * sweep (xf_arch_update): the same range checks and messages either way, no libconfig walk of
 * the rest of the file. */
typedef enum {
    XF_P_INT,    /* int */
    XF_P_REAL,   /* double, dimensionless */
    XF_P_QTY,    /* double in SI units; the key carries its unit (adc_rate_GSps) */
    XF_P_BOOL,   /* int 0/1 */
    XF_P_CHOICE, /* int: index into choices */
    XF_P_NAME    /* char[XF_ENGINE_NAME_LEN]: the name of another engine ("" when absent) */
} xf_param_type;

typedef struct {
    const char *key; /* base name (a quantity without its unit suffix) */
    xf_param_type type;
    int dim; /* XF_P_QTY: the xf_dim */
    double lo, hi;
    int flags;                  /* XF_REQ, XF_LO_OPEN, XF_HI_OPEN (xf/cfg.h) */
    double dflt;                /* when absent and optional (a choice's index) */
    const char *const *choices; /* XF_P_CHOICE: NULL-terminated */
    size_t off;                 /* offset of the field in the engine's state */
} xf_param_def;

/* Read one key, or every key of the table (terminated by a NULL key), into state st. */
int xf_engine_read_param(const xf_param_def *p, void *st, xf_grp *g);
int xf_engine_read_params(const xf_param_def *table, void *st, xf_grp *g);
/* The entry of the table for `key` as written in a file or an override (a quantity with any
 * unit of its dimension: adc_rate_GSps, adc_rate_MSps), or NULL. */
const xf_param_def *xf_engine_param_find(const xf_param_def *table, const char *key);

/* Engine kind flags. */
enum {
    XF_EK_SPATIAL = 1u << 0,     /* ops flagged XF_OPF_CONCURRENT overlap the op before them */
    XF_EK_TRANSFER = 1u << 1,    /* moves data between engines (map.transfer) */
    XF_EK_FIXED_POINT = 1u << 2, /* computes at the architecture's weight_bits/act_bits, clock */
    XF_EK_GATEABLE = 1u << 3,    /* can be power-gated while idle (else powered for the run) */
    XF_EK_DIE_LINK = 1u << 4,    /* links one die to the next (map.die_link) */
    /* Holds the KV cache itself when it runs the attention: crossbars keep every key in their
     * arrays in decode; a GPU reads the cache from its HBM in its roofline. Any other
     * attention engine reads the cache from where chip.kv_placement puts it. */
    XF_EK_OWN_KV = 1u << 5
};

typedef struct xf_engine_kind {
    const char *name; /* the `kind` of an engine group: "xbar", "cim", ... */
    const char *what; /* one line: what it is */
    unsigned runs;    /* op kinds it can run: bits 1u << XF_OP_STATIC_MVM, ... */
    unsigned flags;   /* XF_EK_* */
    unsigned techs;   /* technology roles it needs: bits 1u << XF_TR_* */
    /* Op kinds (1u << XF_OP_*) whose ops work in arrays of their own: weights that stay in
     * their crossbars, operands written into arrays of their own (Q^T and V apart). Different
     * such ops can work at once in the sequence-blocking pipeline; ops of other kinds, and
     * static MVMs of an engine that reprograms its weights, share the engine. */
    unsigned own_arrays;
    size_t state_size;
    /* The keys of its group (read into the state before derive). */
    const xf_param_def *params;
    /* Initialise its components from the keys read and the technology files (env). g is its
     * group, for messages. Called on a state whose keys were all read; it sets every field
     * that is not a key, so that one key can change and derive run again. */
    int (*derive)(void *st, xf_grp *g, const xf_engine_env *env);
    /* Optional: resolve other engines once all are built; g is the engine's group again (for
     * messages) and env the one it was built with. */
    int (*link)(void *st, const struct xf_die *d, int self, xf_grp *g, const xf_engine_env *env);
    /* Optional: size for a workload (default: nothing to size, one of everything). */
    int (*size)(const void *st, const xf_size_in *in, xf_engine_size *z, xf_err *err);
    /* Area by component (added to by_comp). NULL: its area is not modelled (a GPU board); a
     * result with such an engine has area_known = 0. */
    void (*area)(const void *st, const xf_engine_size *z, double *by_comp);
    /* Optional: per-layer numbers for its runs. */
    void (*layer)(const void *st, const xf_engine_size *z, const xf_layer *l,
                  const struct xf_die *d, int self, double *scratch);
    /* Run one op mapped to it (the engine's kind can run the op's kind). */
    void (*run)(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out);
    /* Transfer engines: move `bytes`, filling latency and energy of the row. */
    void (*transfer)(const void *st, double bytes, xf_engine_row *row);
    /* Optional: static power of every unit of the engine as sized, W by component (added to
     * by_comp). A row's occupancy says how much of it is powered while the row runs. */
    void (*static_power)(const void *st, const xf_engine_size *z, double *by_comp);
    /* Optional: NVM wear and endurance. */
    void (*wear)(const void *st, const xf_engine_size *z, const xf_wear_in *in, xf_wear_out *out);
    /* Optional: the figures it adds to the result (crossbars, arrays, copies). */
    void (*report)(const void *st, const xf_engine_size *z, xf_result *r);
    /* Optional, for reports only (never on the evaluation path): caveats about its numbers
     * (a buffer outside its technology table), one line each into buf. */
    void (*notes)(const void *st, char *buf, size_t n);
    /* Optional, for reports only: what it is as built, in one line (a GPU's name, precision and
     * the board power it is charged), into buf. */
    void (*describe)(const void *st, char *buf, size_t n);
    /* Services other engines use at link time (optional). */
    const xf_buffer *(*memory)(const void *st);   /* its operand memory */
    const xf_dram *(*dram)(const void *st);       /* its DRAM model */
    int (*tiles)(const void *st);                 /* its tile count */
    int (*bits_per_cell)(const void *st);         /* bits per cell of its arrays */
    const xf_mvm_array *(*array)(const void *st); /* its analog MVM array (introspection) */
} xf_engine_kind;

/* The registry (src/engines/registry.c). */
int xf_engine_kind_count(void);
const xf_engine_kind *xf_engine_kind_at(int i);
const xf_engine_kind *xf_engine_kind_find(const char *name);

/* ---- A die: engines and the map of op roles onto them ---------------------------------- */

#define XF_ENGINE_STATE_BYTES 1024

typedef struct {
    const xf_engine_kind *kind;
    char name[XF_ENGINE_NAME_LEN];
    _Alignas(max_align_t) unsigned char state[XF_ENGINE_STATE_BYTES];
} xf_engine_inst;

typedef struct xf_die {
    int n;
    xf_engine_inst eng[XF_MAX_ENGINES];
    signed char route[XF_ROLE_COUNT]; /* engine of each op role (every role is mapped) */
    int static_engine;                /* map.static_mvm: the engine iso-area grows (-1: none) */
    int transfer;                     /* map.transfer (-1: none) */
    int die_link;                     /* map.die_link: the link between dies (-1: none) */
    int kv_memory; /* map.kv_cache: engine whose tile memories hold the KV cache (-1: none) */
    int kv_dram;   /* map.kv_spill: DRAM engine the rest of the cache goes to (-1: none) */
    char transfer_row[XF_MAX_ENGINES][2 * XF_ENGINE_NAME_LEN + 4]; /* "bus_to_ae" per target */
} xf_die;

/* Index of the engine named `name`, or -1. */
int xf_die_find(const xf_die *d, const char *name);
static inline const void *xf_die_state(const xf_die *d, int i)
{
    return d->eng[i].state;
}

#endif
