/* xf/result.h - what an evaluation produces: latency, energy by component and by operation,
 * area by component, power, throughput, utilisation of every engine, NVM writes and lifetime;
 * per layer and in total. Plain data, filled by the schedule without allocation.
 *
 * Conventions: SI units (s, J, m^2, W). TOPS counts 2 operations per MAC of the matrix
 * products (static and dynamic MVMs); non-linear and element-wise work is not counted in TOPS
 * but its energy and time are. EDP = energy x latency (J s).
 *
 * Energy = dynamic energy of every access (the rows) + static energy of every unit: its static
 * power over the time it is powered. Under the "gated" accounting (PUMAsim's: a unit leaks
 * while it is busy, idle units are power-gated) that is the busy time of the units in use;
 * under "always_on" every unit is powered for the whole run. energy_by_comp holds both parts,
 * static_by_comp the static part.
 *
 * Engines are the architecture's own (its file names them: "pe", "ae", "sfu", ...): a result
 * carries their names, so it stays readable after the architecture is gone.
 */
#ifndef XF_RESULT_H
#define XF_RESULT_H

#include "xf/workload.h"

/* Energy and area are attributed to these components. */
typedef enum {
    XF_COMP_XBAR,      /* NVM crossbar arrays (MVM read energy) */
    XF_COMP_ADC,       /* ADCs of every analog array (NVM and SRAM-CiM) */
    XF_COMP_DAC,       /* DACs / row drivers */
    XF_COMP_SH,        /* sample and hold */
    XF_COMP_SHIFT_ADD, /* shift-and-add and partial-sum accumulation */
    XF_COMP_BUFFER,    /* on-chip SRAM/eDRAM buffers (shared memory, scratchpads, accumulator) */
    XF_COMP_CIM,       /* SRAM compute-in-memory arrays (MVM energy) */
    XF_COMP_CIM_WRITE, /* writing operands into SRAM-CiM arrays */
    XF_COMP_NVM_WRITE, /* programming NVM crossbars */
    XF_COMP_SFU,       /* vector units: softmax, LayerNorm, activations, adds */
    XF_COMP_BUS,       /* on-chip bus / NoC between engines */
    XF_COMP_LINK,      /* die-to-die links of a design on several dies */
    XF_COMP_DRAM,      /* off-chip DRAM traffic */
    XF_COMP_GPU,       /* a GPU board (power x time) */
    XF_COMP_COUNT
} xf_comp;

const char *xf_comp_name(xf_comp c); /* "xbar_array", "adc", ... */

/* What a result row is: the op's own computation, or work the engine does for it. */
typedef enum {
    XF_PART_COMPUTE,       /* the op itself (its row carries the op's name) */
    XF_PART_OPERAND_WRITE, /* a dynamic operand written into arrays (q_write, k_write, ...) */
    XF_PART_WEIGHT_WRITE,  /* weights (re)programmed or written before use */
    XF_PART_WEIGHT_FETCH,  /* weights read from DRAM */
    XF_PART_BUFFER,        /* intermediate scores through an on-chip buffer */
    XF_PART_SPILL,         /* intermediate data to DRAM and back */
    XF_PART_ACCUMULATE,    /* partial sums through the block accumulator */
    XF_PART_EXTRA_MVM,     /* an MVM the mapping adds (ReTransformer's decomposition) */
    XF_PART_TRANSFER,      /* the output moved to the engine that consumes it */
    XF_PART_OVERLAP,       /* the time a pipeline hides (negative latency) */
    XF_PART_KV_CACHE,      /* the KV cache written (new keys) and read (decode) */
    XF_PART_COUNT
} xf_part;

const char *xf_part_name(xf_part p); /* "compute", "operand_write", ... */

/* How static power is charged. */
typedef enum {
    XF_ACCOUNT_GATED,     /* units leak while busy; idle units power-gated (PUMAsim) */
    XF_ACCOUNT_ALWAYS_ON, /* every unit powered for the whole run */
    XF_ACCOUNT_COUNT
} xf_accounting;

const char *xf_accounting_name(xf_accounting a); /* "gated", "always_on" */

/* Engines of a die, and the rows of one op. */
#define XF_MAX_ENGINES 8
#define XF_ENGINE_NAME_LEN 16

/* Result rows: one workload op produces at most XF_OP_MAX_ROWS rows (X-Former's QK^T: operand
 * write, MVM, score buffer, spill, block accumulation and the bus transfer), and a layer adds
 * XF_LAYER_EXTRA_ROWS of its own (sb_overlap, die_link, the KV cache's reads and writes on die and
 * in DRAM). The rows of every layer live in one array of the result; each layer reserves
 * xf_layer.result_rows of them, sized when the workload is built. A row that does not fit is an
 * evaluation error, never dropped. */
#define XF_RES_MAX_ROWS                                                                            \
    (XF_WL_MAX_LAYERS * (XF_LAYER_MAX_OPS * XF_OP_MAX_ROWS + XF_LAYER_EXTRA_ROWS))

/* One row of one layer instance: an op, or work done for it (write, spill, transfer). */
typedef struct {
    const char *name;  /* static string: the op's name, or "q_write", "spill", "bus_to_ae"... */
    xf_op_role role;   /* role of the op the row belongs to (XF_ROLE_NONE: the layer's own) */
    xf_part part;      /* what the row is */
    unsigned op_flags; /* XF_OPF_* of that op */
    int engine;        /* index into xf_result.engine_name */
    double latency;    /* s, time this row adds to the layer's critical path */
    double busy;       /* s, time the engine is busy with it (>= latency when overlapped) */
    double energy;     /* J */
} xf_op_result;

typedef struct {
    char name[XF_LAYER_NAME_LEN]; /* layer group name from the workload ("enc", ...) */
    int stack, repeat;            /* as the workload's layer group */
    int first_row;                /* its rows: xf_result.rows[first_row .. first_row + n_ops) */
    int cap;                      /* rows reserved for it (xf_layer.result_rows) */
    int n_ops;
    double latency; /* s per instance (with pipelining: the pipeline formula, not the op sum) */
    double energy;  /* J per instance */
} xf_layer_result;

typedef struct {
    double latency;    /* s */
    double energy;     /* J */
    double area;       /* m^2, every die (0 when not area_known) */
    int dies;          /* dies the design spans (1 unless its weights need more; chip.dies) */
    double die_area;   /* m^2, one die: area / dies */
    double die_power;  /* W, one die on average: power / dies */
    double link_bytes; /* bytes over the die-to-die links per pass */
    /* The KV cache (decoders, designs whose attention engine does not hold it, chip.kv_placement):
     * bytes held after this pass, the part of them on die, and the bytes read and written. */
    double kv_bytes, kv_on_die_bytes, kv_read_bytes, kv_write_bytes;
    double sram_writes; /* SRAM-CiM cell writes per pass (operands written into arrays) */
    int area_known;     /* 1: every engine models its area; 0: one does not (a GPU board), and
                         * area, power density and the die check mean nothing */
    double power;       /* W = energy / latency */
    double ops;         /* 2 x MACs of matrix products */
    double tops;        /* ops / latency / 1e12 */
    double tops_per_w;
    double edp;
    /* Each die against the architecture's chip limits (0: no limit): power density = power /
     * area (a die's average); a flag when a die exceeds the reticle or the power-density
     * limit. */
    double power_density;     /* W/m^2 */
    double max_die_area;      /* m^2 */
    double max_power_density; /* W/m^2 */
    int over_die, over_power;
    double energy_by_comp[XF_COMP_COUNT]; /* dynamic + static */
    double static_by_comp[XF_COMP_COUNT]; /* static part */
    double static_energy;                 /* sum of static_by_comp */
    double area_by_comp[XF_COMP_COUNT];
    double energy_by_kind[XF_OP_KIND_COUNT];
    /* Engines of the architecture, in the order its file lists them. */
    int n_engines;
    char engine_name[XF_MAX_ENGINES][XF_ENGINE_NAME_LEN];
    double busy[XF_MAX_ENGINES];         /* s */
    double utilisation[XF_MAX_ENGINES];  /* busy / latency */
    double static_power[XF_MAX_ENGINES]; /* W, every unit of the engine powered */
    double powered[XF_MAX_ENGINES];      /* s of static_power the accounting charged */
    int accounting;                      /* XF_ACCOUNT_* */
    /* NVM */
    double nvm_writes;          /* cell writes per inference (weights reprogrammed + dynamic) */
    double xbars_needed;        /* crossbars to hold every static weight once */
    double xbars_available;     /* crossbars of the engine (all replicas) */
    int reprogram;              /* 1: weights do not fit and are rewritten per layer */
    double replicas;            /* token-parallel copies of the weights */
    double cim_arrays;          /* SRAM-CiM arrays of the design */
    double iso_reference_area;  /* m^2, area of the iso_area reference (0 when none) */
    double writes_per_cell_max; /* per inference, most-written cell */
    double writes_per_cell_mean;
    double endurance;        /* cycles of the device */
    double lifetime_infer;   /* inferences to wear-out (inf when nothing is written) */
    double lifetime_s;       /* seconds at the stated inference rate */
    double inferences_per_s; /* rate used for lifetime_s */
    /* Generation (phase generate; 0 otherwise): a prefill of the prompt, then `tokens` decode
     * steps for each of the batch's sequences. The totals above (latency, energy, by component,
     * busy, writes, ops) are over the whole generation; area, sizes and rows are those of the
     * last decode step (the layers and rows: that step's), writes_per_cell_* and lifetimes are
     * per request (prompt + tokens) at inferences_per_s requests per second. */
    long long prompt, tokens;
    double ttft;             /* s, time to first token: the prefill */
    double prefill_energy;   /* J */
    double decode_latency;   /* s, every decode step */
    double decode_energy;    /* J */
    double tokens_per_s;     /* batch x tokens / decode_latency */
    double energy_per_token; /* J, decode_energy / (batch x tokens) */
    double writes_per_token; /* most-written NVM cell's writes per generated token */
    double sram_per_token;   /* SRAM-CiM cell writes per generated token (no wear) */
    double lifetime_tokens;  /* generated tokens to wear-out (inf: nothing written) */
    /* AE / spill bookkeeping */
    double spill_bytes; /* intermediate bytes sent to DRAM and read back, per inference */
    int sequence_block; /* tokens per block of the sequence-blocking pipeline (0: none) */
    int n_layers;
    xf_layer_result layers[XF_WL_MAX_LAYERS];
    int n_rows; /* rows reserved by the layers (the used part of `rows`) */
    /* Last, so that an evaluation clears only the fields above and writes only the rows it
     * uses (the array is ~90 KB). */
    xf_op_result rows[XF_RES_MAX_ROWS];
} xf_result;

/* The rows of result layer lr. */
static inline const xf_op_result *xf_layer_rows(const xf_result *r, const xf_layer_result *lr)
{
    return &r->rows[lr->first_row];
}

/* Name of engine i of the result ("?" outside). */
const char *xf_result_engine(const xf_result *r, int i);
/* Index of the engine named `name`, or -1. */
int xf_result_engine_find(const xf_result *r, const char *name);

/* Fill the derived fields (power, ops, tops, tops_per_w, edp, utilisation) from latency,
 * energy, busy and the workload. */
void xf_result_finish(xf_result *r, const xf_workload *w);
/* The same from the totals already in r and its ops (2 x MACs of the matrix products). */
void xf_result_derive(xf_result *r, double ops);
/* 1 when every number a report prints is finite (lifetimes may be +inf: nothing written). */
int xf_result_finite(const xf_result *r);

#endif
