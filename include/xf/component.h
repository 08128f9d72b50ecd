/* xf/component.h - closed-form component models (DESIGN.md section 4).
 *
 * Every component has the same shape:
 *     int xf_<comp>_init(xf_<comp> *c, const xf_tech *tech, const xf_<comp>_params *p, xf_err *e);
 * which checks the technology kind and the parameters and precomputes per-action energy (J),
 * latency (s), area (m^2) and leakage power (W, from the technology file's cited static power;
 * 0 where the file says its published power already includes it). After init the
 * struct is plain data: the functions below are pure functions of counts, allocate nothing and
 * touch no file, so evaluations are re-entrant. A params pointer may be NULL, and a zero field
 * means "the technology file's default" (or the documented default).
 */
#ifndef XF_COMPONENT_H
#define XF_COMPONENT_H

#include <math.h>

#include "xf/err.h"
#include "xf/tech.h"

/* ---- ADC (kind adc) ------------------------------------------------------------------- */

/* What one conversion is charged: the file's per-conversion energy (the default), or the
 * lumped figure of a file that gives one (PUMAsim's ADC share of its lumped MVMU power); a file
 * without a lumped figure asked for XF_ADC_CHARGE_LUMPED is an input error. */
enum { XF_ADC_CHARGE_PER_CONVERSION = 0, XF_ADC_CHARGE_LUMPED = 1 };

/* The charge is an argument of xf_adc_init_charge rather than a member here: callers initialise
 * this struct positionally ({bits, rate}), which a third member would leave short. */
typedef struct {
    int bits;    /* resolution; 0 = file default */
    double rate; /* samples/s; 0 = file default (model linear: 1 / (bits x t_conv_per_bit)) */
} xf_adc_params;

typedef struct {
    xf_adc_type type;
    xf_adc_model model;
    int bits;
    int charge;            /* XF_ADC_CHARGE_* the energy was taken for */
    double rate;           /* samples/s */
    double e_conv;         /* J per conversion */
    double t_conv;         /* s per conversion = 1 / rate */
    double area;           /* m^2 */
    double leak;           /* W, from the file (0 where its published power is a total) */
    int area_extrapolated; /* walden model beyond the area table (log-linear in bits) */
    int interpolated;      /* table model: a resolution between rows (log-linear in bits) */
} xf_adc;

/* xf_adc_init charges per conversion; xf_adc_init_charge takes the charge (XF_ADC_CHARGE_*). */
int xf_adc_init(xf_adc *c, const xf_tech *tech, const xf_adc_params *p, xf_err *err);
int xf_adc_init_charge(xf_adc *c, const xf_tech *tech, const xf_adc_params *p, int charge,
                       xf_err *err);
static inline double xf_adc_energy(const xf_adc *c, double conversions)
{
    return conversions * c->e_conv;
}
/* Power when converting continuously at the rate. */
static inline double xf_adc_power(const xf_adc *c)
{
    return c->e_conv * c->rate;
}

/* ---- DAC (kind dac) -------------------------------------------------------------------- */

typedef struct {
    int bits; /* 0 = file default (1) */
} xf_dac_params;

/* The dynamic cost is one of two forms, as the file gives it: a power over the crossbar cycle
 * the DAC drives (power > 0, e_conv 0: ISAAC) or an energy per conversion (e_conv > 0, power 0:
 * PUMAsim's access count x dynamic power x 1 ns). */
typedef struct {
    int bits;
    double power;     /* W per DAC while it drives a row (0 when e_conv is given) */
    double e_conv;    /* J per conversion (0 when the file gives a power over the cycle) */
    double area;      /* m^2 per DAC */
    double leak;      /* W */
    double ref_cycle; /* s, cycle of the source design (for reporting; 0 with e_conv) */
} xf_dac;

int xf_dac_init(xf_dac *c, const xf_tech *tech, const xf_dac_params *p, xf_err *err);
/* Energy of `conversions`: e_conv each, or power x the cycle the DAC holds its row. */
static inline double xf_dac_energy(const xf_dac *c, double conversions, double t_cycle)
{
    return conversions * (c->e_conv + c->power * t_cycle);
}

/* ---- Sample and hold (kind sample_hold) ------------------------------------------------ */

typedef struct {
    int reserved; /* no parameters yet */
} xf_sample_hold_params;

/* As the DAC: a power over the cycle (power > 0) or an energy per sample (e_sample > 0). */
typedef struct {
    double power;    /* W per S&H over the crossbar cycle (0 when e_sample is given) */
    double e_sample; /* J per sample (0 when the file gives a power over the cycle) */
    double area;     /* m^2 */
    double leak;     /* W */
    double ref_cycle;
} xf_sample_hold;

int xf_sample_hold_init(xf_sample_hold *c, const xf_tech *tech, const xf_sample_hold_params *p,
                        xf_err *err);
static inline double xf_sample_hold_energy(const xf_sample_hold *c, double samples, double t_cycle)
{
    return samples * (c->e_sample + c->power * t_cycle);
}

/* ---- Shift and add (kind shift_add) ---------------------------------------------------- */

typedef struct {
    int width_bits; /* 0 = file default (16); energy and area scale linearly with width */
} xf_shift_add_params;

typedef struct {
    int width_bits;
    double e_op; /* J per shift-and-add */
    double t_op; /* s */
    double area; /* m^2 per unit */
    double leak; /* W */
} xf_shift_add;

int xf_shift_add_init(xf_shift_add *c, const xf_tech *tech, const xf_shift_add_params *p,
                      xf_err *err);
static inline double xf_shift_add_energy(const xf_shift_add *c, double ops)
{
    return ops * c->e_op;
}

/* ---- Analog MVM array core (shared by the NVM crossbar and the 8T-SRAM CiM macro) ------- */

/* One array: rows x cols cells; weights bit-sliced over ceil(weight_bits / bits_per_cell)
 * adjacent columns; inputs bit-streamed, dac_bits per cycle. Per input-bit cycle:
 *   array energy (rows x cols cells) + DAC (one per row, power x cycle) + S&H (one per column,
 *   power x cycle) + ADC (one conversion per column, shared by `adcs` converters)
 *   + shift-and-add (one per conversion);
 *   cycle time = max(t_read, ceil(cols / adcs) x t_conv).
 * ADC resolution: a column sum of r rows of b-bit cells driven by d-bit DACs spans
 * r (2^b - 1)(2^d - 1) + 1 levels, so it needs ceil(log2 of that) bits, less the bits a weight
 * encoding saves (encoding_bits: ISAAC's flipped columns save one). An ADC with fewer bits
 * reads the rows in groups of as many as it resolves (policy "fewer_rows": each group is
 * converted on its own, so conversions, samples, shift-adds and the cycle time grow by the
 * number of groups) or the array is refused (policy "refuse").
 * A full MVM takes ceil(input_bits / dac_bits) cycles, plus (pipeline_stages - 1) cycles to
 * fill a pipeline of that many stages (PUMAsim: DAC+crossbar, S&H+ADC, shift-add: 3).
 * Writing programs row by row. */
typedef struct {
    int rows, cols;
    int bits_per_cell;
    int input_bits, weight_bits, dac_bits;
    int slices; /* cells (columns) per weight */
    int cycles; /* input-bit cycles per MVM */
    int adcs;   /* ADCs per array (0 when no ADC is modelled) */
    int shift_adds;
    int adc_bits;        /* resolution of its ADCs (0 when none is modelled) */
    int bits_needed;     /* ADC bits a column sum of all rows needs */
    int rows_per_read;   /* rows converted together (all of them unless the ADC is short) */
    int row_groups;      /* conversions per column per cycle: ceil(rows / rows_per_read) */
    int pipeline_stages; /* stages of the MVM pipeline */
    /* per-element costs */
    double e_cell; /* J per cell per cycle (array) */
    double p_row;  /* W per driven row over the cycle (DAC given as a power) */
    double e_row;  /* J per driven row per cycle (DAC given per conversion) */
    double p_col;  /* W per column over the cycle (S&H given as a power) */
    double e_col;  /* J per column sample (S&H given per sample) */
    double e_conv; /* J per ADC conversion */
    double e_sa;   /* J per shift-and-add */
    double t_read, t_conv;
    /* full-array figures */
    double t_cycle;
    double e_cycle; /* = e_cycle_array + e_cycle_dac + e_cycle_sh + e_cycle_adc + e_cycle_sa */
    double e_cycle_array, e_cycle_dac, e_cycle_sh, e_cycle_adc, e_cycle_sa;
    double t_mvm, e_mvm; /* one full MVM (all rows, all columns, `cycles` cycles) */
    /* write */
    double e_write_cell; /* J per cell per pass */
    double t_write_row;  /* s per row per pass */
    int verify_iters;
    double t_write, e_write; /* whole array */
    /* area and leakage (static power of one array's peripherals, W, and its parts) */
    double area_cells, area_dac, area_sh, area_adc, area_sa, area;
    double leak_dac, leak_sh, leak_adc, leak_sa;
    double leak;
} xf_mvm_array;

/* Time of one read of the array when `cols_used` columns are converted (a cycle is
 * row_groups reads). */
static inline double xf_mvm_cycle_time(const xf_mvm_array *a, int cols_used)
{
    double t_adc = a->adcs > 0 ? ceil((double)cols_used / a->adcs) * a->t_conv : 0.0;
    return t_adc > a->t_read ? t_adc : a->t_read;
}
/* Energy of one input-bit cycle with rows_used driven rows and cols_used read columns: the
 * cells once, each row's DAC once (held for the cycle), each column sampled, converted and
 * shift-added once per group of rows_per_read rows. */
static inline double xf_mvm_cycle_energy(const xf_mvm_array *a, int rows_used, int cols_used)
{
    double g = ceil((double)rows_used / a->rows_per_read);
    double t = g * xf_mvm_cycle_time(a, cols_used);
    return (double)rows_used * cols_used * a->e_cell + rows_used * (a->p_row * t + a->e_row) +
           cols_used * (a->p_col * t + g * (a->e_col + a->e_conv + a->e_sa));
}
/* Energy and latency of n full-array MVMs (n input vectors, one after another). */
static inline double xf_mvm_energy(const xf_mvm_array *a, double n_mvm)
{
    return n_mvm * a->e_mvm;
}
static inline double xf_mvm_latency(const xf_mvm_array *a, double n_mvm)
{
    return n_mvm * a->t_mvm;
}
/* Energy of one MVM on a partially used array. */
static inline double xf_mvm_partial_energy(const xf_mvm_array *a, int rows_used, int cols_used)
{
    return a->cycles * xf_mvm_cycle_energy(a, rows_used, cols_used);
}
/* Weights one array holds, and MACs one full MVM performs. */
static inline double xf_mvm_weights(const xf_mvm_array *a)
{
    return (double)a->rows * (a->cols / a->slices);
}
/* Arrays needed to hold a k x n weight matrix (k inputs, n outputs). */
static inline double xf_mvm_arrays_for(const xf_mvm_array *a, double k, double n)
{
    return ceil(k / a->rows) * ceil(n / (a->cols / a->slices));
}
/* Programming rows_written full rows (all columns), including verify passes. */
static inline double xf_mvm_write_energy(const xf_mvm_array *a, double rows_written)
{
    return rows_written * a->cols * a->e_write_cell * a->verify_iters;
}
static inline double xf_mvm_write_latency(const xf_mvm_array *a, double rows_written)
{
    return rows_written * a->t_write_row * a->verify_iters;
}

/* Peripherals of an array; a NULL pointer leaves that peripheral out (cost 0), which gives
 * array-only figures. The structs are copied at init. */
typedef struct {
    int rows, cols;  /* 0 = 128 */
    int adcs;        /* ADCs per array; 0 = 2 (X-Former Table I) */
    int input_bits;  /* 0 = 8 */
    int weight_bits; /* 0 = 8 */
    int shift_adds;  /* shift-and-add units per array (area only); 0 = 1 */
    const xf_adc *adc;
    const xf_dac *dac;
    const xf_sample_hold *sh;
    const xf_shift_add *sa;
    int adc_policy;      /* XF_ADC_POLICY_*: what an ADC short of bits_needed does */
    int encoding_bits;   /* ADC bits a weight encoding saves (ISAAC: 1); 0 = none */
    int pipeline_stages; /* stages of the MVM pipeline; 0 = 1 (cycles one after another) */
} xf_mvm_params;

enum { XF_ADC_POLICY_FEWER_ROWS, XF_ADC_POLICY_REFUSE };

/* ---- NVM crossbar (kind nvm) ------------------------------------------------------------ */

typedef xf_mvm_params xf_xbar_params;

typedef struct {
    xf_mvm_array core;
    double g_on, g_off, g_avg; /* S */
    double endurance;          /* write cycles per cell */
} xf_xbar;

/* Array energy per cycle = rows x cols x V_read^2 x G_avg x t_pulse x activity,
 * G_avg = (1/R_on + 1/R_off) / 2; or, when the file gives a lumped step_energy for a
 * step_rows x step_cols array, rows x cols x step_energy / (step_rows x step_cols). */
int xf_xbar_init(xf_xbar *x, const xf_tech *tech, const xf_xbar_params *p, xf_err *err);
static inline double xf_xbar_mvm_energy(const xf_xbar *x, double n_mvm)
{
    return xf_mvm_energy(&x->core, n_mvm);
}
static inline double xf_xbar_mvm_latency(const xf_xbar *x, double n_mvm)
{
    return xf_mvm_latency(&x->core, n_mvm);
}
static inline double xf_xbar_write_energy(const xf_xbar *x, double rows_written)
{
    return xf_mvm_write_energy(&x->core, rows_written);
}
static inline double xf_xbar_write_latency(const xf_xbar *x, double rows_written)
{
    return xf_mvm_write_latency(&x->core, rows_written);
}

/* ---- 8T-SRAM compute-in-memory macro (kind sram_cim) ------------------------------------ */

typedef xf_mvm_params xf_cim_sram_params;

typedef struct {
    xf_mvm_array core;
    double endurance;
} xf_cim_sram;

int xf_cim_sram_init(xf_cim_sram *c, const xf_tech *tech, const xf_cim_sram_params *p, xf_err *err);
static inline double xf_cim_sram_mvm_energy(const xf_cim_sram *c, double n_mvm)
{
    return xf_mvm_energy(&c->core, n_mvm);
}
static inline double xf_cim_sram_mvm_latency(const xf_cim_sram *c, double n_mvm)
{
    return xf_mvm_latency(&c->core, n_mvm);
}
static inline double xf_cim_sram_write_energy(const xf_cim_sram *c, double rows_written)
{
    return xf_mvm_write_energy(&c->core, rows_written);
}
static inline double xf_cim_sram_write_latency(const xf_cim_sram *c, double rows_written)
{
    return xf_mvm_write_latency(&c->core, rows_written);
}

/* ---- SRAM / eDRAM buffer (kind buffer) -------------------------------------------------- */

typedef struct {
    double capacity; /* bytes; 0 = file default */
    int port_bits;   /* 0 = file default */
} xf_buffer_params;

typedef struct {
    double capacity;
    int port_bits;
    double e_read;   /* J per access of port_bits */
    double e_write;  /* J per access */
    double t_access; /* s per access */
    double area;     /* m^2 */
    double leak;     /* W (0 when the table has no leakage source) */
    int leak_modelled;
    /* Flags: a value outside the table (or, for area/latency/leakage, away from the entries
     * that give it) was extended along the nearest segment; the report prints them. */
    int energy_extrapolated, area_extrapolated, latency_extrapolated, leak_extrapolated;
    int extrapolated; /* any of the above */
} xf_buffer;

int xf_buffer_init(xf_buffer *c, const xf_tech *tech, const xf_buffer_params *p, xf_err *err);
static inline double xf_buffer_accesses(const xf_buffer *c, double bytes)
{
    return ceil(bytes * 8.0 / c->port_bits);
}
static inline double xf_buffer_read_energy(const xf_buffer *c, double bytes)
{
    return xf_buffer_accesses(c, bytes) * c->e_read;
}
static inline double xf_buffer_write_energy(const xf_buffer *c, double bytes)
{
    return xf_buffer_accesses(c, bytes) * c->e_write;
}
/* Time to move `bytes` through the single port, one access after another. */
static inline double xf_buffer_time(const xf_buffer *c, double bytes)
{
    return xf_buffer_accesses(c, bytes) * c->t_access;
}

/* ---- Digital MAC array (kind cmos) ------------------------------------------------------ */

typedef struct {
    xf_prec prec; /* operand precision (XF_PREC_INT8 = 0 is the default) */
    int units;    /* MAC units; 0 = 1 */
    double freq;  /* Hz; 0 = the node's nominal clock */
} xf_mac_params;

/* A MAC is a multiply at `prec` plus an accumulate at the accumulator precision
 * (int8/int16/int32 -> int32; fp16 -> fp16; fp32 -> fp32). One MAC per unit per cycle. */
typedef struct {
    xf_prec prec, acc;
    int units;
    double freq;
    double e_mult, e_add, e_mac; /* J */
    double t_mac;                /* s per MAC step (one cycle) */
    double area;                 /* m^2 for all units */
    double leak;                 /* W: units x the node's lane leakage */
} xf_mac;

/* Accumulator precision used for a MAC of operand precision p. */
xf_prec xf_mac_acc_prec(xf_prec p);
int xf_mac_init(xf_mac *c, const xf_tech *tech, const xf_mac_params *p, xf_err *err);
static inline double xf_mac_energy(const xf_mac *c, double macs)
{
    return macs * c->e_mac;
}
static inline double xf_mac_time(const xf_mac *c, double macs)
{
    return ceil(macs / c->units) * c->t_mac;
}

/* ---- Vector unit / SFU (kind cmos) ------------------------------------------------------ */

typedef enum { XF_VOP_ADD, XF_VOP_MULT, XF_VOP_EXP, XF_VOP_DIV, XF_VOP_MAX, XF_VOP_COUNT } xf_vop;

/* "add", "mult", "exp", "div", "max". */
const char *xf_vop_name(xf_vop op);

/* Softmax over a row of L elements (numerically safe form): per element one max (running
 * maximum), two adds (x - max, running sum), one exp and one divide. */
#define XF_SOFTMAX_MAX_PER_ELEM 1
#define XF_SOFTMAX_ADD_PER_ELEM 2
#define XF_SOFTMAX_EXP_PER_ELEM 1
#define XF_SOFTMAX_DIV_PER_ELEM 1
/* LayerNorm over a row of d elements: per element four adds (sum for the mean, x - mean, sum of
 * squares, + beta) and three mults (square, x inverse deviation, x gamma); per row three
 * divide-class ops (mean = S/d, variance = Q/d, 1/sqrt(var + eps), the square root counted as
 * one divide) and one add (+ eps). */
#define XF_LAYERNORM_ADD_PER_ELEM 4
#define XF_LAYERNORM_MULT_PER_ELEM 3
#define XF_LAYERNORM_DIV_PER_ROW 3
#define XF_LAYERNORM_ADD_PER_ROW 1

typedef struct {
    double n[XF_VOP_COUNT];
} xf_vop_counts;

typedef struct {
    int units;    /* vector units; 0 = 16 (X-Former Table I) */
    int lanes;    /* lanes per unit; 0 = 4 (X-Former Table I) */
    xf_prec prec; /* precision of add/mult, used as given (a NULL params pointer means fp16) */
    double freq;  /* Hz; 0 = the node's nominal clock */
} xf_sfu_params;

typedef struct {
    int units, lanes;
    xf_prec prec;
    double freq;
    double e_op[XF_VOP_COUNT]; /* J per element op */
    double area;               /* m^2: per lane one adder and one multiplier at prec */
    double leak;               /* W: units x lanes x the node's lane leakage */
} xf_sfu;

int xf_sfu_init(xf_sfu *c, const xf_tech *tech, const xf_sfu_params *p, xf_err *err);
/* Op counts of softmax over `rows` rows of `cols` elements, and of LayerNorm. */
xf_vop_counts xf_softmax_counts(double rows, double cols);
xf_vop_counts xf_layernorm_counts(double rows, double cols);
static inline double xf_sfu_energy(const xf_sfu *c, const xf_vop_counts *k)
{
    double e = 0.0;
    for (int i = 0; i < XF_VOP_COUNT; i++)
        e += k->n[i] * c->e_op[i];
    return e;
}
/* Every op is one element per lane per cycle (pipelined); the op classes run one after the
 * other on all lanes. */
static inline double xf_sfu_time(const xf_sfu *c, const xf_vop_counts *k)
{
    double lanes = (double)c->units * c->lanes, cyc = 0.0;
    for (int i = 0; i < XF_VOP_COUNT; i++)
        if (k->n[i] > 0.0) /* most ops use one or two op classes: skip the others' divides */
            cyc += ceil(k->n[i] / lanes);
    return cyc / c->freq;
}

/* ---- Bus / NoC (kind bus) -------------------------------------------------------------- */

typedef struct {
    int width_bits; /* 0 = file default; area scales linearly with width */
    double freq;    /* Hz; 0 = file default */
} xf_bus_params;

typedef struct {
    int width_bits;
    double freq;
    double e_bit;     /* J per bit */
    double bandwidth; /* bytes/s = width x freq / 8 */
    double area;      /* m^2 */
    double leak;      /* W: the file's bus leakage, linear in width as the area */
    double e_router_flit;
    int flit_bits;
    double router_area;
    double router_leak; /* W per router */
} xf_bus;

int xf_bus_init(xf_bus *c, const xf_tech *tech, const xf_bus_params *p, xf_err *err);
static inline double xf_bus_energy(const xf_bus *c, double bytes)
{
    return bytes * 8.0 * c->e_bit;
}
static inline double xf_bus_time(const xf_bus *c, double bytes)
{
    return ceil(bytes * 8.0 / c->width_bits) / c->freq;
}
/* Router energy of moving `bytes` across `hops` routers. */
static inline double xf_bus_router_energy(const xf_bus *c, double bytes, double hops)
{
    return hops * ceil(bytes * 8.0 / c->flit_bits) * c->e_router_flit;
}

/* ---- DRAM (kind dram) ------------------------------------------------------------------- */

typedef struct {
    int channels; /* channels / stacks that share the traffic; 0 = 1 */
} xf_dram_params;

typedef struct {
    int channels;
    double e_bit;     /* J per bit */
    double bandwidth; /* bytes/s, all channels */
} xf_dram;

int xf_dram_init(xf_dram *c, const xf_tech *tech, const xf_dram_params *p, xf_err *err);
static inline double xf_dram_energy(const xf_dram *c, double bytes)
{
    return bytes * 8.0 * c->e_bit;
}
static inline double xf_dram_time(const xf_dram *c, double bytes)
{
    return bytes / c->bandwidth;
}

#endif
