/* xf/tech.h - typed technology parameters loaded from techlib/ files (libconfig).
 *
 * A technology file has a top-level `kind`, `name`, `description` and kind-specific keys; every
 * number carries a source string (see xf/cfg.h). xf_tech_load() reads one file strictly,
 * converts every value to SI units and validates its physical range. Nothing here allocates
 * after loading, and nothing keeps a reference to the configuration file.
 *
 * Kinds and the files that use them (paths relative to the techlib directory):
 *   cmos          cmos/45nm.cfg (Horowitz, tabulated) and cmos/{32,22,16,7}nm.cfg (computed from
 *                 the 45 nm base with the Stillmaker-Baas factors of cmos/scaling.cfg)
 *   cmos_scaling  cmos/scaling.cfg (factor table relative to 45 nm)
 *   nvm           nvm/reram.cfg, reram-pumasim.cfg, pcm.cfg, stt-mram.cfg, fefet.cfg (crossbar
 *                 device)
 *   sram_cim      sram/8t-cim.cfg (8T-SRAM compute-in-memory cell)
 *   adc           periph/adc-sar.cfg, adc-flash.cfg (ISAAC / survey), adc-pumasim.cfg (PUMAsim
 *                 linear), adc-survey.cfg (Accelergy survey fit)
 *   dac, sample_hold, shift_add   periph/dac-1b.cfg, sample-hold.cfg, shift-add.cfg (ISAAC) and
 *                 periph/dac-pumasim.cfg, sample-hold-pumasim.cfg, shift-add-pumasim.cfg
 *   buffer        memory/sram-32nm.cfg, sram-pumasim.cfg, edram-32nm.cfg, edram-32nm-puma.cfg
 *   dram          memory/ddr4.cfg, gddr5.cfg, hbm2.cfg
 *   bus           memory/bus.cfg (ISAAC), memory/bus-pumasim.cfg (bus and router)
 *   link          links/ucie-advanced.cfg, ucie-standard.cfg, nvlink-c2c.cfg, serdes-112g.cfg
 *                 (a die-to-die or chip-to-chip link: one module per direction)
 *   gpu           gpu/<board>.cfg
 *
 * Node: every file of a kind built from CMOS (nvm, sram_cim, adc, dac, sample_hold, shift_add,
 * buffer, bus) states the node its numbers are for (`node_nm`; for nvm and sram_cim it is also
 * the F of the cell area in F^2). xf_tech_to_node() moves such a file to another node.
 *
 * Static power: adc, dac, sample_hold, shift_add and bus files give their leakage (a cited
 * value; 0 where the published power is a total that folds leakage into the dynamic figure);
 * buffer tables give it per entry; the cmos base gives a leakage per vector lane.
 */
#ifndef XF_TECH_H
#define XF_TECH_H

#include "xf/cfg.h"
#include "xf/err.h"

#include <stddef.h>

typedef enum {
    XF_TECH_CMOS,
    XF_TECH_CMOS_SCALING,
    XF_TECH_NVM,
    XF_TECH_SRAM_CIM,
    XF_TECH_ADC,
    XF_TECH_DAC,
    XF_TECH_SAMPLE_HOLD,
    XF_TECH_SHIFT_ADD,
    XF_TECH_BUFFER,
    XF_TECH_DRAM,
    XF_TECH_BUS,
    XF_TECH_GPU,
    XF_TECH_LINK,
    XF_TECH_KIND_COUNT
} xf_tech_kind;

/* "cmos", "cmos_scaling", "nvm", ... as written in the files. */
const char *xf_tech_kind_name(xf_tech_kind kind);

/* Arithmetic precisions of the digital units. */
typedef enum {
    XF_PREC_INT8,
    XF_PREC_INT16,
    XF_PREC_INT32,
    XF_PREC_FP16,
    XF_PREC_FP32,
    XF_PREC_COUNT
} xf_prec;

/* "int8", "int16", "int32", "fp16", "fp32". */
const char *xf_prec_name(xf_prec prec);
/* Parse a precision name; returns 0 and sets *out, or -1 when unknown. */
int xf_prec_parse(const char *name, xf_prec *out);
/* Width in bits (8, 16, 32, 16, 32). */
int xf_prec_bits(xf_prec prec);

/* ---- Stillmaker-Baas scaling table (kind cmos_scaling) --------------------------------- */

#define XF_SCALING_MAX 16

typedef struct {
    int n;                         /* table rows, node sizes strictly decreasing */
    double ref_node;               /* m; the node whose factors are 1 (45 nm) */
    double node[XF_SCALING_MAX];   /* m */
    double energy[XF_SCALING_MAX]; /* energy per op relative to ref_node */
    double delay[XF_SCALING_MAX];  /* gate delay relative to ref_node */
    double area[XF_SCALING_MAX];   /* area relative to ref_node */
    double power[XF_SCALING_MAX];  /* power (static power of a unit) relative to ref_node */
    double vdd[XF_SCALING_MAX];    /* nominal supply, V */
} xf_tech_scaling;

/* Factors at one node (relative to the table's reference node). */
typedef struct {
    double energy, delay, area, power, vdd;
    int exact; /* 1 when node is a table row (values copied, not interpolated) */
} xf_scale;

/* Factors at `node` (m) by log-log linear interpolation (GSL) between table rows; exact table
 * values at table rows. A node outside the table's range is an input error (no extrapolation). */
int xf_scaling_at(const xf_tech_scaling *s, double node, xf_scale *out, xf_err *err);

/* ---- CMOS node (kind cmos) ----------------------------------------------------------- */

#define XF_CMOS_SRAM_MAX 8

typedef struct {
    double node;                 /* m */
    double vdd;                  /* V, nominal */
    double freq;                 /* Hz, nominal clock of the digital units */
    double e_add[XF_PREC_COUNT]; /* J per add */
    double e_mult[XF_PREC_COUNT];
    double a_add[XF_PREC_COUNT]; /* m^2 per adder */
    double a_mult[XF_PREC_COUNT];
    double e_reg_bit;           /* J per register access per bit */
    double a_reg_bit;           /* m^2 per register bit */
    double e_exp, e_div, e_max; /* J per element (vector-unit ops, modelling assumptions) */
    double lane_leak;           /* W, static power of one vector lane (MAC unit) */
    int n_sram;                 /* Horowitz SRAM access energies (informational) */
    double sram_capacity[XF_CMOS_SRAM_MAX]; /* bytes */
    double sram_port_bits[XF_CMOS_SRAM_MAX];
    double sram_energy[XF_CMOS_SRAM_MAX]; /* J per access */
    /* Provenance of scaled values: factors applied to the base file's numbers. */
    int scaled;        /* 0: tabulated file; 1: computed from base by scaling */
    xf_scale factor;   /* factors(node) / factors(base node); all 1 when tabulated */
    double base_node;  /* m */
    char base[256];    /* base file, relative to the techlib directory */
    char scaling[256]; /* scaling file, relative to the techlib directory ("" when none) */
    /* The scaling table itself, so that xf_tech_to_node can form factor ratios between any two
     * nodes of its range. A derived node always has it; a tabulated file when it names
     * `scaling`. */
    int has_table;
    xf_tech_scaling table;
} xf_tech_cmos;

/* ---- NVM crossbar device (kind nvm) and 8T-SRAM CiM cell (kind sram_cim) --------------- */

typedef struct {
    int bits_per_cell;
    double r_on, r_off;  /* ohm */
    double v_read;       /* V */
    double t_read;       /* s, MVM cycle of one input-bit slice (array read) */
    double t_pulse;      /* s, read pulse width that dissipates array energy */
    double activity;     /* mean fraction of rows driven per input-bit cycle */
    double t_write_row;  /* s, programming one row (one program-and-verify pass) */
    double e_write_cell; /* J, programming one cell (one pass) */
    int verify_iters;    /* program-and-verify passes per write */
    double endurance;    /* write cycles per cell */
    double cell_area_f2; /* cell area in F^2 */
    double feature;      /* m, F: the CMOS node of the file (node_nm) */
    /* Optional lumped array energy: J per input-bit step of a step_rows x step_cols array
     * (peripherals excluded as the source states); when > 0 it replaces the
     * V^2 G t_pulse activity cell energy (t_pulse and activity are then not given). */
    double step_energy;
    int step_rows, step_cols;
} xf_tech_nvm;

typedef struct {
    int bits_per_cell;   /* 1 */
    double e_cell_cycle; /* J per cell per input-bit MVM cycle (array only) */
    double t_read;       /* s, array evaluation time of one input-bit cycle */
    double e_write_bit;  /* J per bit written */
    double t_write_row;  /* s per row written */
    double endurance;    /* write cycles */
    double cell_area_f2;
    double feature; /* m, F: the CMOS node of the file (node_nm) */
} xf_tech_sram_cim;

/* ---- Peripherals ---------------------------------------------------------------------- */

typedef enum { XF_ADC_SAR, XF_ADC_FLASH } xf_adc_type;
typedef enum {
    XF_ADC_MODEL_TABLE,
    XF_ADC_MODEL_WALDEN,
    XF_ADC_MODEL_COMPARATORS,
    XF_ADC_MODEL_LINEAR /* energy, leakage and conversion time linear in bits (PUMAsim) */
} xf_adc_model;

#define XF_ADC_TABLE_MAX 16

typedef struct {
    xf_adc_type type;
    xf_adc_model model;
    int bits;    /* default resolution */
    double rate; /* default sample rate, samples/s */
    int n_table; /* bits-indexed table (model table; also areas for walden) */
    int t_bits[XF_ADC_TABLE_MAX];
    double t_energy[XF_ADC_TABLE_MAX]; /* J per conversion */
    double t_area[XF_ADC_TABLE_MAX];   /* m^2 */
    int has_anchor;                    /* published anchor design point */
    int anchor_bits;
    double anchor_rate, anchor_power, anchor_area;
    double walden_fom; /* J per conversion step (E = FoM * 2^bits); 0 when unused */
    double cmp_energy; /* J per comparator decision (model comparators) */
    double cmp_area;   /* m^2 per comparator (model comparators) */
    int interpolate;   /* table: 1 = resolutions between rows log-linear in bits */
    /* model linear: per conversion, per bit of resolution; one area at every resolution */
    double energy_per_bit; /* J */
    double t_conv_per_bit; /* s (rate = 1 / (bits x t_conv_per_bit)) */
    double area;           /* m^2 */
    /* Optional lumped figure (J per conversion per bit) for XF_ADC_CHARGE_LUMPED; 0 = none. */
    double lumped_energy_per_bit;
    /* Static power: leakage + bits x leakage_per_bit (W; 0 where the published power is a
     * total). */
    double leakage, leakage_per_bit;
    double node_exponent; /* energy per conversion proportional to node^node_exponent */
} xf_tech_adc;

/* A DAC or S&H file gives its dynamic cost one of two ways: a power over the crossbar cycle it
 * drives (power, ref_cycle; e_conv / e_sample 0) or an energy per conversion / sample (power and
 * ref_cycle 0). */
typedef struct {
    int bits;         /* resolution of the tabulated DAC */
    double power;     /* W per DAC while driving its row */
    double area;      /* m^2 per DAC */
    double ref_cycle; /* s, crossbar cycle of the source design (energy = power x cycle) */
    double e_conv;    /* J per conversion */
    double leakage;   /* W per DAC */
} xf_tech_dac;

typedef struct {
    double power;     /* W per sample-and-hold */
    double area;      /* m^2 */
    double ref_cycle; /* s */
    double e_sample;  /* J per sample */
    double leakage;   /* W */
} xf_tech_sample_hold;

typedef struct {
    int width_bits; /* operand width of the tabulated unit */
    double e_op;    /* J per shift-and-add */
    double t_op;    /* s per shift-and-add */
    double power;   /* W, published unit power (reference) */
    double area;    /* m^2 per unit */
    double leakage; /* W per unit */
} xf_tech_shift_add;

/* ---- Memories and interconnect --------------------------------------------------------- */

#define XF_BUFFER_TABLE_MAX 32

typedef struct {
    int n;
    double capacity[XF_BUFFER_TABLE_MAX]; /* bytes */
    double port_bits[XF_BUFFER_TABLE_MAX];
    double e_read[XF_BUFFER_TABLE_MAX];  /* J per access of port_bits */
    double e_write[XF_BUFFER_TABLE_MAX]; /* J; 0 = same as read */
    double area[XF_BUFFER_TABLE_MAX];    /* m^2; 0 = not given */
    double latency[XF_BUFFER_TABLE_MAX]; /* s; 0 = not given */
    double leakage[XF_BUFFER_TABLE_MAX]; /* W; 0 = not given */
    char cell[16];                       /* "sram", "edram" */
    double default_capacity;             /* bytes */
    int default_port_bits;
} xf_tech_buffer;

typedef struct {
    char type[32];    /* "DDR4", "GDDR5", "HBM2" */
    double e_bit;     /* J per bit transferred */
    double bandwidth; /* bytes/s per channel (or stack, or device, as the file says) */
} xf_tech_dram;

typedef struct {
    double e_bit;         /* J per bit per bus transfer */
    int width_bits;       /* wires */
    double freq;          /* Hz */
    double power;         /* W, published bus power (reference) */
    double area;          /* m^2 */
    double leakage;       /* W, bus at width_bits */
    double e_router_flit; /* J per router traversal of one flit */
    int flit_bits;
    double router_area;    /* m^2 */
    double router_leakage; /* W per router */
} xf_tech_bus;

/* A die-to-die link module (one direction between two neighbouring dies). */
typedef struct {
    double e_bit;     /* J per bit moved, both ends (PHY and adapter) */
    double bandwidth; /* bytes/s of one module in one direction */
    double latency;   /* s per hop: from one die's adapter to the next one's */
    double area;      /* m^2 of one module on one die */
    double leakage;   /* W of one module while idle-powered */
} xf_tech_link;

typedef struct {
    double node;             /* m */
    double peak_fp32;        /* op/s */
    double peak_fp16;        /* op/s, non-tensor; 0 when the file gives none */
    double peak_tensor_fp16; /* op/s, dense tensor-core rate; 0 when none */
    double peak_int8;        /* op/s (dense); 0 when the file gives none */
    double mem_bw;           /* bytes/s */
    double mem_size;         /* bytes */
    double tdp;              /* W */
    double l2;               /* bytes */
    char dram_type[32];
} xf_tech_gpu;

/* ---- The loaded technology ------------------------------------------------------------- */

/* Provenance of a node change made by xf_tech_to_node (all factors 1 and scaled 0 as loaded).
 * Factors are ratios factor(node) / factor(from_node) of the Stillmaker-Baas table; a second
 * call composes with the first. */
typedef struct {
    int scaled;        /* 1 once the file was moved to another node */
    double from_node;  /* m, the node of the file as loaded */
    double energy;     /* dynamic energies (CMOS) */
    double delay;      /* delays and latencies (clocks divide by it) */
    double area;       /* areas */
    double power;      /* static (leakage) powers */
    double adc_energy; /* ADC energy per conversion: (node / from_node)^node_exponent */
    double cell_area;  /* nvm and sram_cim cells: (node / from_node)^2 (F^2 cells) */
    char table[256];   /* the scaling file the factors came from */
} xf_tech_node_scale;

/* A value of the file that carries a range (xf/cfg.h: range_KEY, dist_KEY, source_range_KEY),
 * with the number of the loaded struct it sets: that number is proportional to the value (an
 * energy, an endurance, a ratio the loader multiplies by), so a draw v sets it to
 * pinned x v / r.nominal, pinned being its value when pinned (after a node move). */
#define XF_TECH_MAX_RANGES 6
typedef struct {
    xf_cfg_range r; /* as the file states it: SI, before any node move */
    size_t off;     /* offset of the double it sets within xf_tech */
    double pinned;
} xf_tech_range;

typedef struct {
    xf_tech_kind kind;
    char name[64];
    char description[512];
    char file[256]; /* the path that was loaded */
    /* m: the node the numbers are for (u.cmos.node, the node_nm of a CMOS-built part, the
     * board's node for gpu); 0 for dram and cmos_scaling. */
    double node;
    xf_tech_node_scale scale;
    int n_ranges;
    xf_tech_range range[XF_TECH_MAX_RANGES];
    union {
        xf_tech_cmos cmos;
        xf_tech_scaling scaling;
        xf_tech_nvm nvm;
        xf_tech_sram_cim sram_cim;
        xf_tech_adc adc;
        xf_tech_dac dac;
        xf_tech_sample_hold sh;
        xf_tech_shift_add sa;
        xf_tech_buffer buffer;
        xf_tech_dram dram;
        xf_tech_bus bus;
        xf_tech_gpu gpu;
        xf_tech_link link;
    } u;
} xf_tech;

/* Load techlib_dir/relpath, apply "key=value" overrides (n_overrides of them; overrides may be
 * NULL when n_overrides is 0) and read it strictly into *out. A cmos file that names a `base`
 * and a `scaling` file loads both (relative to techlib_dir) and computes its values.
 * Missing or unreadable file, a directory, an empty file, a syntax error, an unknown or
 * missing key, a value out of its physical range or without a source: XF_ERR_INPUT with a
 * message that names the file (FILE:LINE where a line exists). */
int xf_tech_load(const char *techlib_dir, const char *relpath, const char *const *overrides,
                 int n_overrides, xf_tech *out, xf_err *err);

/* Same, with the kind checked: a file of another kind is an input error naming both kinds. */
int xf_tech_load_kind(const char *techlib_dir, const char *relpath, xf_tech_kind kind,
                      const char *const *overrides, int n_overrides, xf_tech *out, xf_err *err);

/* Move a loaded technology file from its own node (t->node) to node->node, in place:
 *   CMOS-built parts (adc, dac, sample_hold, shift_add, buffer, bus, sram_cim, cmos): dynamic
 *     energies x the energy ratio, delays and latencies x the delay ratio (clocks and rates
 *     divided by it), areas x the area ratio, static powers x the power ratio, the ratios being
 *     factor(node->node) / factor(t->node) of node's scaling table (log-log interpolated as
 *     xf_scaling_at does);
 *   ADC energies (per conversion, per comparator, Walden FoM, per bit, lumped) instead scale as
 *     node^node_exponent (the survey-fitted technology term), conversion time with delay, area
 *     with area, leakage with power;
 *   the 8T-SRAM CiM cell: array and write energies x energy, times x delay, the F^2 cell area
 *     with F = the node;
 *   nvm: the device's energies and times stay, the F^2 cell area follows F = the node;
 *   dram, gpu and cmos_scaling files are whole or off-chip devices: unchanged (XF_OK).
 * node == NULL, or node->node equal to t->node, leaves t unchanged. A node outside the table,
 * or a target without a scaling table, is XF_ERR_INPUT. t->scale records the factors. */
int xf_tech_to_node(xf_tech *t, const xf_tech_cmos *node, xf_err *err);

/* ---- Ranges ---------------------------------------------------------------------------- */

/* The keys of a kind that may carry a range, comma-separated ("energy_per_bit, ..."), for
 * messages, into buf ("" when none). */
void xf_tech_range_keys(xf_tech_kind kind, char *buf, size_t n);
/* Offset within xf_tech of the number that key `base` of a file of `kind` sets when it may
 * carry a range, else 0. */
size_t xf_tech_range_field(xf_tech_kind kind, const char *base);
/* Record the current value of each ranged number of t as its pinned value (after loading
 * and any node move; draws scale from it). */
void xf_tech_ranges_pin(xf_tech *t);
/* Set ranged value i of t to v (SI, as range[i].r.nominal): its number becomes
 * pinned x v / nominal. */
void xf_tech_range_put(xf_tech *t, int i, double v);

/* ---- Helpers --------------------------------------------------------------------------- */

#define XF_INTERP_MAX 64

/* Piecewise-linear interpolation of log(y) against log(x) (GSL linear interpolation on the
 * logarithms). x must be strictly increasing and positive, y positive, 1 <= n <= XF_INTERP_MAX.
 * At a table point the table value is returned exactly. Outside [x[0], x[n-1]] the end segment
 * is extended and *extrapolated is set to 1 (left unchanged otherwise); with n == 1 the single
 * value is returned (flagged when xq differs). Returns 0, or -1 for an invalid table. */
int xf_interp_loglog(const double *x, const double *y, int n, double xq, double *yq,
                     int *extrapolated);

#endif
