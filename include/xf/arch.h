/* xf/arch.h - an architecture: components composed into engines, with counts.
 *
 * An architecture file (arch/NAME.cfg, libconfig) names its dataflow family, the technology
 * files it uses (`tech = { nvm = "nvm/reram.cfg"; ... }`, relative to the techlib directory)
 * and the organisation of its engines. Loading is split so that sweeps stay cheap:
 *
 *   xf_arch_spec_load()   parse the file and every technology file it names, once;
 *   xf_arch_spec_set()    apply "path.key=value" to the in-memory configuration;
 *   xf_arch_build()       read the (overridden) configuration strictly and initialise every
 *                         component: no file access.
 *
 * xf_arch is plain data: evaluations only read it, so one xf_arch serves many threads.
 */
#ifndef XF_ARCH_H
#define XF_ARCH_H

#include "xf/component.h"
#include "xf/err.h"
#include "xf/tech.h"

typedef enum {
    XF_FAM_XFORMER,   /* hybrid: NVM projection engine + SRAM-CiM attention engine */
    XF_FAM_GPU,       /* roofline GPU */
    XF_FAM_PUMA,      /* NVM crossbars for static MVMs, dynamic MVMs on vector units */
    XF_FAM_NVM_IDEAL, /* every MVM on crossbars, K^T and V written per input */
    XF_FAM_SRAM_CIM,  /* every MVM on SRAM-CiM macros, weights streamed from DRAM */
    XF_FAM_COUNT
} xf_arch_family;

const char *xf_arch_family_name(xf_arch_family f); /* "xformer", "gpu", ... */

/* Projection engine: NVM crossbar tiles -> cores -> crossbars. */
typedef struct {
    int tiles, cores_per_tile, xbars_per_core;
    int size_to_model;  /* 1: the engine holds every static weight of the model once (the tile
                           count is then derived per model and reported); 0: fixed tile count,
                           weights reprogrammed per layer when they do not fit */
    int replicas;       /* token-parallel copies of every weight (calibration, costs area): extra
                           crossbars with their peripherals inside the same tiles */
    int write_parallel; /* crossbars programmed concurrently when reprogramming */
    xf_adc adc;
    xf_dac dac;
    xf_sample_hold sh;
    xf_shift_add sa;
    xf_xbar xbar; /* one crossbar with its peripherals */
    xf_buffer shared_mem, scratchpad;
    int scratchpads_per_tile;
} xf_pe_cfg;

/* Attention engine: SRAM compute-in-memory tiles -> banks -> arrays. */
typedef struct {
    int tiles, banks_per_tile, arrays_per_bank;
    xf_adc adc;
    xf_shift_add sa;
    xf_cim_sram array;
    xf_buffer intermediate; /* holds attention scores between Q K^T and A V */
    xf_buffer accumulator;  /* block sequence accumulator (sequence blocking) */
    int score_bits;         /* width of the QK^T scores kept for the softmax */
} xf_ae_cfg;

/* PUMA: dynamic MVMs on the cores' vector functional units (VFUs). */
typedef struct {
    int lanes_per_core; /* VFU width */
    int cores_per_head; /* cores whose VFUs compute one head's attention */
    xf_mac mac;         /* one VFU lane doing a MAC per cycle */
    xf_sfu lane_ops;    /* one VFU lane for softmax and scaling (scaled by the lane count) */
} xf_vfu_cfg;

/* Iso-area sizing: the reference design's organisation, to compute its area per workload. */
typedef struct {
    int on;
    char ref_name[64];
    xf_pe_cfg pe; /* reference projection engine */
    int ref_has_pe;
    double fixed_area; /* m^2: reference parts whose size does not depend on the model */
} xf_iso_cfg;

typedef enum { XF_GPU_ENERGY_BOARD_POWER, XF_GPU_ENERGY_PER_OP } xf_gpu_energy_model;

typedef struct {
    xf_tech_gpu tech;
    xf_prec prec;
    double peak;        /* op/s at prec (2 ops per MAC) */
    double eta_compute; /* achievable fraction of peak */
    double eta_memory;  /* achievable fraction of memory bandwidth */
    double launch;      /* s per kernel */
    double board_power; /* W, average board power while running */
    xf_gpu_energy_model energy_model;
    double e_flop;        /* J per op (per-op model) */
    double e_byte;        /* J per DRAM byte (per-op model) */
    double idle_power;    /* W drawn on top of the per-op energy (per-op model) */
    int fuse_elementwise; /* 1: element-wise ops fused into the previous kernel (no launch) */
} xf_gpu_cfg;

typedef struct {
    xf_arch_family family;
    char name[64];
    char file[512];
    char description[512];
    double freq; /* Hz, digital clock */
    int w_bits, a_bits;
    xf_pe_cfg pe;
    xf_ae_cfg ae;
    xf_sfu sfu;
    int sfu_per_ae_tile; /* 1: one SFU per attention tile (X-Former AHCT), 0: one in all */
    xf_bus bus;
    xf_dram dram;
    int has_dram;
    int sequence_block;      /* tokens per block; 0 = off */
    double inferences_per_s; /* rate for lifetime */
    int has_pe, has_ae;
    xf_vfu_cfg vfu;   /* PUMA */
    int decompose_qk; /* NVM-ideal: write X^T instead of K^T (ReTransformer) */
    xf_gpu_cfg gpu;
    xf_iso_cfg iso; /* iso_area = "ref" in the file */
} xf_arch;

typedef struct xf_arch_spec xf_arch_spec;

/* NAME (arch/NAME.cfg beside the techlib directory) or FILE (contains '/' or ends in .cfg). */
int xf_arch_spec_load(const char *techlib_dir, const char *name_or_path, xf_arch_spec **out,
                      xf_err *err);
int xf_arch_spec_set(xf_arch_spec *s, const char *assignment, xf_err *err);
int xf_arch_build(const xf_arch_spec *s, xf_arch *out, xf_err *err);
/* Resolved configuration text of the architecture (after overrides). Caller frees. */
char *xf_arch_spec_text(const xf_arch_spec *s);
void xf_arch_spec_free(xf_arch_spec *s);

/* Load + overrides + build in one call. */
int xf_arch_load(const char *techlib_dir, const char *name_or_path, const char *const *sets,
                 int n_sets, xf_arch *out, xf_err *err);

/* Area of the parts whose size does not depend on the model (attention engine, SFU, bus). */
double xf_arch_fixed_area(const xf_arch *a);

/* The architecture directory that goes with a techlib directory (its sibling arch/). */
void xf_arch_dir(const char *techlib_dir, char *buf, unsigned n);

#endif
