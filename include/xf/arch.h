/* xf/arch.h - an architecture: a die of named engines, the map of op roles onto them, the
 * schedule's settings and, for a baseline sized by area, the reference die.
 *
 * An architecture file (arch/NAME.cfg, libconfig) names the technology files it uses
 * (`tech = { nvm = "nvm/reram.cfg"; ... }`, relative to the techlib directory), its engines
 * (every group with a `kind`, e.g. `pe = { kind = "xbar"; tiles = 36; ... };`) and which
 * engine runs each op (`map = { static_mvm = "pe"; dynamic_mvm = "ae"; ... };`, a role entry
 * such as `softmax = "vfu";` overriding its class). Loading is split so that sweeps stay
 * cheap:
 *
 *   xf_arch_spec_load()   parse the file and every technology file it names, once;
 *   xf_arch_spec_set()    apply "path.key=value" to the in-memory configuration;
 *   xf_arch_build()       read the (overridden) configuration strictly and build every
 *                         engine: no file access.
 *
 * xf_arch is plain data: evaluations only read it, so one xf_arch serves many threads.
 */
#ifndef XF_ARCH_H
#define XF_ARCH_H

#include "xf/engine.h"
#include "xf/err.h"
#include "xf/tech.h"

/* Where the KV cache of a decoder lives in decode, for designs whose attention engine does not
 * keep it in its own arrays (schedule.c): the on-die memory of map.kv_cache first, the rest in
 * the DRAM of map.kv_spill ("on_die"), all of it in DRAM ("dram"), or on die only, an error
 * when it does not fit ("on_die_only"). */
typedef enum { XF_KV_ON_DIE, XF_KV_DRAM, XF_KV_ON_DIE_ONLY, XF_KV_COUNT } xf_kv_placement;

const char *xf_kv_placement_name(int p); /* "on_die", "dram", "on_die_only" */

typedef struct {
    char name[64];
    char file[512];
    char description[512];
    double freq;        /* Hz, digital clock (0 when no engine needs one) */
    int fixed_point;    /* an engine computes at w_bits/a_bits (in-memory designs) */
    int w_bits, a_bits; /* weight and activation precision (fixed_point) */
    int bits_per_cell;  /* bits per cell of the static MVMs' arrays (NVM writes of the workload) */
    int sequence_block; /* tokens per block of the sequence-blocking pipeline; 0 = off */
    int fuse_layers;    /* dataflow.fusion = "layers": a layer's O/FFN blocks pipelined with the
                         * next layer's Q/K/V blocks (identical layers of a stack) */
    xf_accounting accounting; /* how static power is charged */
    double max_die_area;      /* m^2, chip.max_die_mm2 (0: no limit) */
    double max_power_density; /* W/m^2, chip.max_power_density_W_per_cm2 (0: no limit) */
    int dies;                 /* chip.dies: dies asked for (0: the fewest the weights fit) */
    int overflow_reprogram;   /* chip.overflow = "reprogram": one die, weights written per layer */
    int tensor_parallel;      /* chip.parallel = "tensor": each layer split across the dies */
    double inferences_per_s;  /* rate for lifetime */
    int kv_placement;         /* chip.kv_placement: where a decoder's KV cache lives (XF_KV_*) */
    xf_die die;
    /* Iso-area sizing: the reference design's die, sized per workload to give the area the
     * engine of the static MVMs fills. */
    int iso;
    char iso_ref_name[64];
    xf_die iso_ref;
} xf_arch;

typedef struct xf_arch_spec xf_arch_spec;
#define XF_SPEC_FILE_LEN 256

/* NAME (arch/NAME.cfg beside the techlib directory) or FILE (contains '/' or ends in .cfg). */
int xf_arch_spec_load(const char *techlib_dir, const char *name_or_path, xf_arch_spec **out,
                      xf_err *err);
int xf_arch_spec_set(xf_arch_spec *s, const char *assignment, xf_err *err);
int xf_arch_build(const xf_arch_spec *s, xf_arch *out, xf_err *err);
/* Resolved configuration text of the architecture (after overrides). Caller frees. */
char *xf_arch_spec_text(const xf_arch_spec *s);
/* The technology files the specification loaded (its profile first, then each file once, in
 * the order read), as named: relative to the techlib directory unless absolute. *n gets the
 * count. Valid until the next xf_arch_spec_set or xf_arch_spec_free. */
const char (*xf_arch_spec_files(const xf_arch_spec *s, int *n))[XF_SPEC_FILE_LEN];
void xf_arch_spec_free(xf_arch_spec *s);

/* Bring a, built from s before `assignment` was applied to s (xf_arch_spec_set), up to date
 * with it, rebuilding only what the key touches: an engine key (pe.adc_bits) re-reads that one
 * key into a copy of the engine and derives its components again (then every link), a
 * dataflow or lifetime key re-reads its group; any other key (the clock, the map, technology
 * files, an engine's kind) builds the whole architecture. The result equals xf_arch_build on
 * the overridden spec. On an error a may be left partly updated: rebuild it before use. */
int xf_arch_update(const xf_arch_spec *s, xf_arch *a, const char *assignment, xf_err *err);

/* Bring a, built from s, up to date with the technology values of s (xf_arch_spec_draw of a
 * technology value): every engine's components derived again from its keys as built, then
 * every link; no key is read again. Equals xf_arch_build of s; a design with an iso-area
 * reference is built again whole. */
int xf_arch_rederive(const xf_arch_spec *s, xf_arch *a, xf_err *err);

/* Load + overrides + build in one call. */
int xf_arch_load(const char *techlib_dir, const char *name_or_path, const char *const *sets,
                 int n_sets, xf_arch *out, xf_err *err);

/* The architecture directory that goes with a techlib directory (its sibling arch/). */
void xf_arch_dir(const char *techlib_dir, char *buf, unsigned n);

/* Names of the architecture files in that directory (NAME of NAME.cfg), sorted; at most max.
 * Returns the count (0 when the directory cannot be read). */
#define XF_ARCH_NAME_LEN 64
int xf_arch_names(const char *techlib_dir, char (*names)[XF_ARCH_NAME_LEN], int max);

/* Technology profiles: named sets of technology files (techlib/profiles/NAME.cfg, kind
 * "profile") that an architecture's tech group takes with profile = "NAME"; a key of the tech
 * group names a file that replaces the profile's for that role. */
void xf_profile_dir(const char *techlib_dir, char *buf, unsigned n);
int xf_profile_names(const char *techlib_dir, char (*names)[XF_ARCH_NAME_LEN], int max);
/* Load profile NAME and every file it names (kinds checked); its description into buf. */
int xf_profile_check(const char *techlib_dir, const char *name, char *description, unsigned n,
                     xf_err *err);

/* One resolved parameter of a built architecture: a value the evaluation used, whether the
 * file wrote it, an override set it or it is the default. */
typedef struct {
    char key[96]; /* as a file writes it, a quantity without its unit suffix: pe.adc_bits,
                     pe.adc_rate, clock, tech.nvm, map.static_mvm */
    int is_num;   /* 1: num holds it (SI for a quantity; a boolean 0/1) */
    double num;
    char text[160];   /* a text value (a choice, a name, a file); the number as text */
    const char *unit; /* SI unit of a quantity ("Hz", "s", "m2", ...), "" otherwise */
    char origin[200]; /* "FILE:LINE", "--set KEY=VALUE" or "default" */
} xf_arch_param;

/* Every resolved parameter of a (spec, built arch) pair, sorted by key, into out[0..max).
 * Returns the count, or -1 when there are more than max. The list names the design: its
 * engines' keys (every key of their tables, defaults included), where each op role runs
 * (route.ROLE), the root keys (clock, precision, accounting, chip limits, dataflow, lifetime,
 * iso_area), the map and the technology files as written; not its name or description. */
int xf_arch_params(const xf_arch_spec *s, const xf_arch *a, xf_arch_param *out, int max);
/* The parameters the built architecture holds, without a file: its engines' keys, where every
 * op role runs (route.ROLE: the map's effect), the iso-area reference and the root keys; no
 * origins, in a fixed order (the die's engines, then the roles), so that two builds of one
 * file compare entry by entry. Returns the count or -1. */
int xf_arch_params_resolved(const xf_arch *a, xf_arch_param *out, int max);

/* ---- Ranged values (studies) ------------------------------------------------------------ */

/* A value of a design that carries a range (xf/cfg.h): a technology file's, named
 * "FILE:KEY" with FILE relative to the techlib directory (periph/adc-pumasim.cfg:
 * energy_per_bit_pJ), or a key of the architecture file, named "ARCH:KEY" with ARCH the
 * design's name (gpu-gtx1060:gpu.efficiency_compute). Two designs that load one file, or two
 * variants of one architecture, name a value alike: a study draws it once for both. */
#define XF_ARCH_MAX_RANGED 64
typedef struct {
    char name[256];
    xf_cfg_range r;
    int tech; /* 1: a technology value; 0: an architecture key */
} xf_arch_ranged;

/* Every ranged value of s, each once, technology files first (in the order read), into
 * out[0..max). Returns the count, or -1 with err set (a build error, more than max). */
int xf_arch_spec_ranges(const xf_arch_spec *s, xf_arch_ranged *out, int max, xf_err *err);
/* Set ranged value r of s to v (SI, as r->r.nominal): a technology value in every copy of its
 * file the specification holds (the design's, an engine's own, the iso-area reference's); an
 * architecture key as the override KEY=v (in the key's unit). Build again afterwards. An
 * architecture key the spec does not hold is XF_ERR_INPUT; a technology value of a file it
 * did not load changes nothing. */
int xf_arch_spec_draw(xf_arch_spec *s, const xf_arch_ranged *r, double v, xf_err *err);

/* "pe:xbar ae:cim sfu:sfu ..." of a die, into buf. */
const char *xf_arch_engines_text(const xf_arch *a, char *buf, unsigned n);

#endif
