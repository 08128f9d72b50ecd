/* Architecture files: parse once (with their technology files), override, build components. */
#include "xf/arch.h"

#include "xf/cfg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Technology roles an architecture may name in its `tech` group. */
typedef enum {
    R_CMOS,
    R_NVM,
    R_SRAM_CIM,
    R_ADC,
    R_AE_ADC,
    R_DAC,
    R_SAMPLE_HOLD,
    R_SHIFT_ADD,
    R_BUFFER,
    R_DRAM,
    R_BUS,
    R_GPU,
    R_COUNT
} role;

static const char *const role_key[R_COUNT] = {"cmos",   "nvm",  "sram_cim",    "adc",
                                              "ae_adc", "dac",  "sample_hold", "shift_add",
                                              "buffer", "dram", "bus",         "gpu"};
static const xf_tech_kind role_kind[R_COUNT] = {
    XF_TECH_CMOS,   XF_TECH_NVM,  XF_TECH_SRAM_CIM,    XF_TECH_ADC,
    XF_TECH_ADC,    XF_TECH_DAC,  XF_TECH_SAMPLE_HOLD, XF_TECH_SHIFT_ADD,
    XF_TECH_BUFFER, XF_TECH_DRAM, XF_TECH_BUS,         XF_TECH_GPU};

/* Roles each family requires; the others may be given (ae_adc defaults to adc). */
static int role_needed(xf_arch_family f, role r)
{
    static const unsigned need[XF_FAM_COUNT] = {
        [XF_FAM_XFORMER] = 1u << R_CMOS | 1u << R_NVM | 1u << R_SRAM_CIM | 1u << R_ADC |
                           1u << R_DAC | 1u << R_SAMPLE_HOLD | 1u << R_SHIFT_ADD | 1u << R_BUFFER |
                           1u << R_DRAM | 1u << R_BUS,
        [XF_FAM_GPU] = 1u << R_GPU,
        [XF_FAM_PUMA] = 1u << R_CMOS | 1u << R_NVM | 1u << R_ADC | 1u << R_DAC |
                        1u << R_SAMPLE_HOLD | 1u << R_SHIFT_ADD | 1u << R_BUFFER | 1u << R_BUS,
        [XF_FAM_NVM_IDEAL] = 1u << R_CMOS | 1u << R_NVM | 1u << R_ADC | 1u << R_DAC |
                             1u << R_SAMPLE_HOLD | 1u << R_SHIFT_ADD | 1u << R_BUFFER | 1u << R_BUS,
        [XF_FAM_SRAM_CIM] = 1u << R_CMOS | 1u << R_SRAM_CIM | 1u << R_ADC | 1u << R_DAC |
                            1u << R_SAMPLE_HOLD | 1u << R_SHIFT_ADD | 1u << R_BUFFER |
                            1u << R_DRAM | 1u << R_BUS,
    };
    return f >= 0 && f < XF_FAM_COUNT && (need[f] >> r) & 1u;
}

static const char *const family_names[] = {"xformer", "gpu", "puma", "nvm_ideal", "sram_cim", NULL};

const char *xf_arch_family_name(xf_arch_family f)
{
    return f >= 0 && f < XF_FAM_COUNT ? family_names[f] : "?";
}

struct xf_arch_spec {
    char techlib[1024];
    xf_cfg *cfg;
    xf_arch_family family;
    int have[R_COUNT];
    xf_tech tech[R_COUNT];
    xf_arch_spec *iso_ref; /* reference design of iso_area = "NAME", loaded once */
    char iso_name[64];
    int as_ref;    /* loaded as another design's iso_area reference: its own is not followed */
    int names_iso; /* (as_ref) the file names an iso_area of its own */
};

static int spec_load(const char *techlib_dir, const char *name_or_path, int as_ref,
                     xf_arch_spec **out, xf_err *err);

static int load_iso_ref(xf_arch_spec *s, xf_grp *root, xf_err *err);

void xf_arch_dir(const char *techlib_dir, char *buf, unsigned n)
{
    snprintf(buf, n, "%s/../arch", techlib_dir);
}

/* Load the technology file of one role, reporting errors at the arch file's tech.<role> key. */
static int load_role(xf_arch_spec *s, xf_grp *tech, role r, int required, xf_err *err)
{
    const char *rel = xf_grp_str(tech, role_key[r], required ? XF_REQ : XF_OPT, NULL);
    if (xf_grp_status(tech) != XF_OK || !rel)
        return err->code;
    xf_err e2;
    xf_err_clear(&e2);
    if (xf_tech_load(s->techlib, rel, NULL, 0, &s->tech[r], &e2) != XF_OK)
        return xf_grp_fail(tech, role_key[r], "%s", e2.msg);
    if (s->tech[r].kind != role_kind[r])
        return xf_grp_fail(tech, role_key[r], "'%s' is a %s technology file; expected kind \"%s\"",
                           rel, xf_tech_kind_name(s->tech[r].kind),
                           xf_tech_kind_name(role_kind[r]));
    s->have[r] = 1;
    return XF_OK;
}

static int load_techs(xf_arch_spec *s, xf_err *err)
{
    xf_grp root, tech;
    memset(s->have, 0, sizeof s->have);
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    s->family = (xf_arch_family)xf_grp_choice(&root, "kind", family_names, XF_REQ, 0);
    if (err->code != XF_OK)
        return err->code;
    xf_grp_child(&root, "tech", &tech, XF_REQ);
    for (int r = 0; r < R_COUNT && err->code == XF_OK; r++)
        load_role(s, &tech, (role)r, role_needed(s->family, (role)r), err);
    if (err->code == XF_OK)
        load_iso_ref(s, &root, err);
    xf_grp_end(&tech);
    return err->code;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

int xf_arch_spec_load(const char *techlib_dir, const char *name_or_path, xf_arch_spec **out,
                      xf_err *err)
{
    return spec_load(techlib_dir, name_or_path, 0, out, err);
}

static int spec_load(const char *techlib_dir, const char *name_or_path, int as_ref,
                     xf_arch_spec **out, xf_err *err)
{
    *out = NULL;
    char path[1200];
    size_t l = strlen(name_or_path);
    int is_path =
        strchr(name_or_path, '/') != NULL || (l > 4 && !strcmp(name_or_path + l - 4, ".cfg"));
    if (is_path) {
        snprintf(path, sizeof path, "%s", name_or_path);
    } else {
        char dir[1100];
        xf_arch_dir(techlib_dir, dir, sizeof dir);
        char rel[1200];
        snprintf(rel, sizeof rel, "%s/%s.cfg", dir, name_or_path);
        if (!realpath(rel, path))
            snprintf(path, sizeof path, "%s", rel);
        if (!file_exists(path)) {
            static const char *const known[] = {
                "xformer",     "xformer-nosb", "puma",   "nvm-ideal", "sram-cim", "gpu-gtx1060",
                "gpu-titanxp", "gpu-v100",     "gpu-t4", "gpu-a100",  "gpu-h100"};
            const char *sug =
                xf_suggest(name_or_path, known, (int)(sizeof known / sizeof known[0]));
            if (sug && strcmp(sug, name_or_path) == 0)
                return xf_err_set(err, XF_ERR_INPUT,
                                  "architecture %s: %s: no such file; expected the architecture "
                                  "directory arch/ beside the techlib directory %s",
                                  name_or_path, path, techlib_dir);
            if (sug)
                return xf_err_set(
                    err, XF_ERR_INPUT,
                    "architecture %s: no such architecture; did you mean '%s'? (xformer "
                    "archs lists them)",
                    name_or_path, sug);
            return xf_err_set(
                err, XF_ERR_INPUT,
                "architecture %s: no such architecture; expected a name from `xformer "
                "archs` or a .cfg file",
                name_or_path);
        }
    }
    xf_arch_spec *s = calloc(1, sizeof *s);
    if (!s)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(s->techlib, sizeof s->techlib, "%s", techlib_dir);
    s->as_ref = as_ref;
    if (xf_cfg_load_file(path, &s->cfg, err) != XF_OK || load_techs(s, err) != XF_OK) {
        xf_arch_spec_free(s);
        return err->code;
    }
    *out = s;
    return XF_OK;
}

int xf_arch_spec_set(xf_arch_spec *s, const char *assignment, xf_err *err)
{
    if (xf_cfg_override(s->cfg, assignment, err) != XF_OK)
        return err->code;
    /* A technology file, the family or the iso-area reference changed: reload the technology
     * files and the reference (load time, not the evaluation path). */
    if (strncmp(assignment, "tech.", 5) == 0 || strncmp(assignment, "kind=", 5) == 0 ||
        strncmp(assignment, "iso_area=", 9) == 0)
        return load_techs(s, err);
    return XF_OK;
}

char *xf_arch_spec_text(const xf_arch_spec *s)
{
    return xf_cfg_to_text(s->cfg);
}

void xf_arch_spec_free(xf_arch_spec *s)
{
    if (!s)
        return;
    xf_cfg_free(s->cfg);
    xf_arch_spec_free(s->iso_ref);
    free(s);
}

static int load_iso_ref(xf_arch_spec *s, xf_grp *root, xf_err *err)
{
    const char *ref = xf_grp_str(root, "iso_area", XF_OPT, NULL);
    xf_arch_spec_free(s->iso_ref);
    s->iso_ref = NULL;
    s->iso_name[0] = '\0';
    if (!ref || err->code != XF_OK)
        return err->code;
    if (s->as_ref) {
        /* A reference is one level deep: following its own iso_area could loop (a file that
         * names itself); the design that names it reports the chain. */
        s->names_iso = 1;
        return XF_OK;
    }
    xf_err e2;
    xf_err_clear(&e2);
    if (spec_load(s->techlib, ref, 1, &s->iso_ref, &e2) != XF_OK)
        return xf_grp_fail(root, "iso_area", "%s", e2.msg);
    if (s->iso_ref->names_iso || s->iso_ref->family == XF_FAM_GPU)
        return xf_grp_fail(root, "iso_area",
                           "'%s' cannot be a reference; expected an in-memory design without "
                           "iso_area of its own",
                           ref);
    snprintf(s->iso_name, sizeof s->iso_name, "%s", ref);
    return XF_OK;
}

/* ------------------------------------------------------------------------------- build */

#define BIG 1e300

static void read_pe(const xf_arch_spec *s, xf_grp *root, xf_arch *a, xf_err *err)
{
    xf_grp g;
    xf_pe_cfg *pe = &a->pe;
    if (!xf_grp_child(root, "pe", &g, XF_REQ))
        return;
    pe->tiles = (int)xf_grp_int(&g, "tiles", 1, 1000000, XF_REQ, 36);
    pe->cores_per_tile = (int)xf_grp_int(&g, "cores_per_tile", 1, 4096, XF_REQ, 8);
    pe->xbars_per_core = (int)xf_grp_int(&g, "xbars_per_core", 1, 4096, XF_REQ, 6);
    static const char *const sizing[] = {"fixed", "model", NULL};
    pe->size_to_model = xf_grp_choice(&g, "sizing", sizing, XF_REQ, 1);
    pe->replicas = (int)xf_grp_int(&g, "weight_replicas", 1, 4096, XF_OPT, 1);
    pe->write_parallel = (int)xf_grp_int(&g, "write_parallel_xbars", 1, 100000000, XF_OPT, 1);
    int rows = (int)xf_grp_int(&g, "xbar_rows", 8, 4096, XF_REQ, 128);
    int cols = (int)xf_grp_int(&g, "xbar_cols", 8, 4096, XF_REQ, 128);
    int adcs = (int)xf_grp_int(&g, "adcs_per_xbar", 1, 4096, XF_REQ, 2);
    xf_adc_params ap = {
        (int)xf_grp_int(&g, "adc_bits", 1, 16, XF_REQ, 8),
        xf_grp_qty(&g, "adc_rate", XF_DIM_RATE, 0, 1e12, XF_REQ | XF_LO_OPEN, 1.28e9)};
    xf_dac_params dp = {(int)xf_grp_int(&g, "dac_bits", 1, 8, XF_REQ, 1)};
    double shared = xf_grp_qty(&g, "shared_mem", XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0);
    double scratch = xf_grp_qty(&g, "scratchpad", XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0);
    int port = (int)xf_grp_int(&g, "buffer_port_bits", 8, 4096, XF_OPT, 256);
    double t_read = xf_grp_qty(&g, "xbar_read_time", XF_DIM_TIME, 0, 1e-3, XF_OPT | XF_LO_OPEN, 0);
    xf_grp_end(&g);
    if (err->code != XF_OK)
        return;
    /* The arch may state the array read time of its crossbars (the device file's is ISAAC's). */
    xf_tech nvm = s->tech[R_NVM];
    if (t_read > 0)
        nvm.u.nvm.t_read = t_read;
    if (xf_adc_init(&pe->adc, &s->tech[R_ADC], &ap, err) != XF_OK ||
        xf_dac_init(&pe->dac, &s->tech[R_DAC], &dp, err) != XF_OK ||
        xf_sample_hold_init(&pe->sh, &s->tech[R_SAMPLE_HOLD], NULL, err) != XF_OK ||
        xf_shift_add_init(&pe->sa, &s->tech[R_SHIFT_ADD], NULL, err) != XF_OK)
        return;
    xf_xbar_params xp = {.rows = rows,
                         .cols = cols,
                         .adcs = adcs,
                         .input_bits = a->a_bits,
                         .weight_bits = a->w_bits,
                         .shift_adds = 1,
                         .adc = &pe->adc,
                         .dac = &pe->dac,
                         .sh = &pe->sh,
                         .sa = &pe->sa};
    if (xf_xbar_init(&pe->xbar, &nvm, &xp, err) != XF_OK)
        return;
    xf_buffer_params sp = {shared, port}, cp = {scratch, port};
    if (xf_buffer_init(&pe->shared_mem, &s->tech[R_BUFFER], &sp, err) != XF_OK ||
        xf_buffer_init(&pe->scratchpad, &s->tech[R_BUFFER], &cp, err) != XF_OK)
        return;
}

static void read_ae(const xf_arch_spec *s, xf_grp *root, xf_arch *a, xf_err *err)
{
    xf_grp g;
    xf_ae_cfg *ae = &a->ae;
    if (!xf_grp_child(root, "ae", &g, XF_REQ))
        return;
    ae->tiles = (int)xf_grp_int(&g, "tiles", 1, 1000000, XF_REQ, 16);
    ae->banks_per_tile = (int)xf_grp_int(&g, "banks_per_tile", 1, 4096, XF_REQ, 8);
    ae->arrays_per_bank = (int)xf_grp_int(&g, "arrays_per_bank", 1, 4096, XF_REQ, 6);
    int rows = (int)xf_grp_int(&g, "array_rows", 8, 4096, XF_REQ, 128);
    int cols = (int)xf_grp_int(&g, "array_cols", 8, 4096, XF_REQ, 128);
    int adcs = (int)xf_grp_int(&g, "adcs_per_array", 1, 4096, XF_REQ, 8);
    xf_adc_params ap = {
        (int)xf_grp_int(&g, "adc_bits", 1, 16, XF_REQ, 8),
        xf_grp_qty(&g, "adc_rate", XF_DIM_RATE, 0, 1e12, XF_REQ | XF_LO_OPEN, 1.28e9)};
    double inter = xf_grp_qty(&g, "intermediate", XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0);
    double acc = xf_grp_qty(&g, "accumulator", XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0);
    ae->score_bits = (int)xf_grp_int(&g, "score_bits", 1, 32, XF_REQ, 16);
    int port = (int)xf_grp_int(&g, "buffer_port_bits", 8, 4096, XF_OPT, 256);
    xf_grp_end(&g);
    if (err->code != XF_OK)
        return;
    const xf_tech *adc_tech = s->have[R_AE_ADC] ? &s->tech[R_AE_ADC] : &s->tech[R_ADC];
    if (xf_adc_init(&ae->adc, adc_tech, &ap, err) != XF_OK ||
        xf_shift_add_init(&ae->sa, &s->tech[R_SHIFT_ADD], NULL, err) != XF_OK)
        return;
    xf_cim_sram_params cp = {.rows = rows,
                             .cols = cols,
                             .adcs = adcs,
                             .input_bits = a->a_bits,
                             .weight_bits = a->a_bits, /* the stored operand is an activation */
                             .shift_adds = 1,
                             .adc = &ae->adc,
                             .dac = &a->pe.dac,
                             .sh = &a->pe.sh,
                             .sa = &ae->sa};
    if (xf_cim_sram_init(&ae->array, &s->tech[R_SRAM_CIM], &cp, err) != XF_OK)
        return;
    xf_buffer_params ip = {inter, port}, cp2 = {acc, port};
    if (xf_buffer_init(&ae->intermediate, &s->tech[R_BUFFER], &ip, err) != XF_OK ||
        xf_buffer_init(&ae->accumulator, &s->tech[R_BUFFER], &cp2, err) != XF_OK)
        return;
}

static void read_common_engines(const xf_arch_spec *s, xf_grp *root, xf_arch *a, xf_err *err)
{
    xf_grp g;
    /* SFU */
    if (xf_grp_child(root, "sfu", &g, XF_REQ)) {
        int units = (int)xf_grp_int(&g, "units", 1, 1000000, XF_REQ, 16);
        int lanes = (int)xf_grp_int(&g, "lanes", 1, 4096, XF_REQ, 4);
        a->sfu_per_ae_tile = xf_grp_bool(&g, "per_ae_tile", XF_OPT, 0);
        const char *prec = xf_grp_str(&g, "precision", XF_OPT, "fp16");
        xf_grp_end(&g);
        xf_sfu_params sp = {.units = units, .lanes = lanes, .freq = a->freq};
        if (err->code == XF_OK && xf_prec_parse(prec, &sp.prec) != 0)
            xf_grp_fail(&g, "precision",
                        "'%s' is not a precision; expected int8, int16, int32, fp16 or fp32", prec);
        if (a->sfu_per_ae_tile && a->ae.tiles > 0)
            sp.units *= a->ae.tiles;
        if (err->code == XF_OK)
            xf_sfu_init(&a->sfu, &s->tech[R_CMOS], &sp, err);
    }
    /* Bus between the engines */
    if (err->code == XF_OK && xf_grp_child(root, "bus", &g, XF_REQ)) {
        xf_bus_params bp = {(int)xf_grp_int(&g, "width_bits", 1, 65536, XF_REQ, 512), a->freq};
        xf_grp_end(&g);
        if (err->code == XF_OK)
            xf_bus_init(&a->bus, &s->tech[R_BUS], &bp, err);
    }
    /* DRAM */
    int need_dram = a->family == XF_FAM_XFORMER || a->family == XF_FAM_SRAM_CIM;
    if (err->code == XF_OK && xf_grp_child(root, "dram", &g, need_dram ? XF_REQ : XF_OPT)) {
        xf_dram_params dp = {.channels = (int)xf_grp_int(&g, "channels", 1, 64, XF_REQ, 1)};
        xf_grp_end(&g);
        if (err->code == XF_OK && xf_dram_init(&a->dram, &s->tech[R_DRAM], &dp, err) == XF_OK)
            a->has_dram = 1;
    }
}

static void read_gpu(const xf_arch_spec *s, xf_grp *root, xf_arch *a, xf_err *err)
{
    static const char *const precs[] = {"fp32", "fp16", "int8", NULL};
    static const xf_prec prec_of[] = {XF_PREC_FP32, XF_PREC_FP16, XF_PREC_INT8};
    static const char *const models[] = {"board_power", "per_op", NULL};
    xf_gpu_cfg *g = &a->gpu;
    g->tech = s->tech[R_GPU].u.gpu;
    int p = xf_grp_choice(root, "precision", precs, XF_REQ, 0);
    g->prec = prec_of[p];
    g->eta_compute = xf_grp_real(root, "efficiency_compute", 0, 1, XF_REQ | XF_LO_OPEN, 0.5);
    g->eta_memory = xf_grp_real(root, "efficiency_memory", 0, 1, XF_REQ | XF_LO_OPEN, 0.8);
    g->launch = xf_grp_qty(root, "launch_overhead", XF_DIM_TIME, 0, 1.0, XF_REQ, 5e-6);
    g->board_power = xf_grp_qty(root, "board_power", XF_DIM_POWER, 0, 1e5, XF_REQ | XF_LO_OPEN, 0);
    g->energy_model = (xf_gpu_energy_model)xf_grp_choice(root, "energy_model", models, XF_REQ, 0);
    g->e_flop = xf_grp_qty(root, "energy_per_op", XF_DIM_ENERGY, 0, 1e-6, XF_REQ, 0);
    g->e_byte = xf_grp_qty(root, "energy_per_dram_byte", XF_DIM_ENERGY, 0, 1e-6, XF_REQ, 0);
    g->idle_power = xf_grp_qty(root, "idle_power", XF_DIM_POWER, 0, 1e5, XF_REQ, 0);
    g->fuse_elementwise = xf_grp_bool(root, "fuse_elementwise", XF_OPT, 1);
    if (err->code != XF_OK)
        return;
    const xf_tech_gpu *t = &g->tech;
    switch (g->prec) {
    case XF_PREC_FP16:
        g->peak = t->peak_tensor_fp16 > 0 ? t->peak_tensor_fp16 : t->peak_fp16;
        break;
    case XF_PREC_INT8:
        g->peak = t->peak_int8;
        break;
    default:
        g->peak = t->peak_fp32;
    }
    if (!(g->peak > 0))
        xf_grp_fail(root, "precision", "%s has no %s rate in %s; expected another precision",
                    s->tech[R_GPU].name, precs[p], s->tech[R_GPU].file);
}

static void read_vfu(const xf_arch_spec *s, xf_grp *root, xf_arch *a, xf_err *err)
{
    xf_grp g;
    if (!xf_grp_child(root, "vfu", &g, XF_REQ))
        return;
    a->vfu.lanes_per_core = (int)xf_grp_int(&g, "lanes_per_core", 1, 4096, XF_REQ, 1);
    a->vfu.cores_per_head = (int)xf_grp_int(&g, "cores_per_head", 1, 4096, XF_REQ, 1);
    const char *prec = xf_grp_str(&g, "precision", XF_OPT, "int16");
    xf_grp_end(&g);
    xf_mac_params mp = {.units = 1, .freq = a->freq};
    if (err->code == XF_OK && xf_prec_parse(prec, &mp.prec) != 0)
        xf_grp_fail(&g, "precision",
                    "'%s' is not a precision; expected int8, int16, int32, fp16 or fp32", prec);
    xf_sfu_params sp = {.units = 1, .lanes = 1, .prec = mp.prec, .freq = a->freq};
    if (err->code == XF_OK && xf_mac_init(&a->vfu.mac, &s->tech[R_CMOS], &mp, err) == XF_OK)
        xf_sfu_init(&a->vfu.lane_ops, &s->tech[R_CMOS], &sp, err);
}

double xf_arch_fixed_area(const xf_arch *a)
{
    double area = a->sfu.area + a->bus.area;
    if (a->has_ae) {
        double n = (double)a->ae.tiles * a->ae.banks_per_tile * a->ae.arrays_per_bank;
        area += n * a->ae.array.core.area + a->ae.intermediate.area + a->ae.accumulator.area;
    }
    return area;
}

static int build(const xf_arch_spec *s, xf_arch *a, xf_err *err)
{
    memset(a, 0, sizeof *a);
    xf_grp root, g;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    a->family = (xf_arch_family)xf_grp_choice(&root, "kind", family_names, XF_REQ, 0);
    const char *name = xf_grp_str(&root, "name", XF_REQ, "");
    const char *desc = xf_grp_str(&root, "description", XF_OPT, "");
    xf_grp_child(&root, "tech", &g, XF_REQ);     /* read at load time */
    xf_grp_str(&root, "iso_area", XF_OPT, NULL); /* resolved at load time */
    snprintf(a->name, sizeof a->name, "%s", name);
    snprintf(a->description, sizeof a->description, "%s", desc);
    snprintf(a->file, sizeof a->file, "%s", xf_cfg_name(s->cfg));
    a->inferences_per_s = 1.0;
    if (err->code != XF_OK)
        return err->code;
    if (a->family == XF_FAM_GPU) {
        read_gpu(s, &root, a, err);
        xf_grp_end(&root);
        return err->code;
    }
    xf_arch_family f = a->family;
    a->has_pe = f == XF_FAM_XFORMER || f == XF_FAM_PUMA || f == XF_FAM_NVM_IDEAL;
    a->has_ae = f == XF_FAM_XFORMER || f == XF_FAM_SRAM_CIM;
    a->freq = xf_grp_qty(&root, "clock", XF_DIM_FREQ, 0, 1e11, XF_REQ | XF_LO_OPEN, 1e9);
    a->w_bits = (int)xf_grp_int(&root, "weight_bits", 1, 16, XF_REQ, 8);
    a->a_bits = (int)xf_grp_int(&root, "act_bits", 1, 16, XF_REQ, 8);
    if (xf_grp_child(&root, "dataflow", &g, XF_REQ)) {
        a->sequence_block = (int)xf_grp_int(&g, "sequence_block", 0, 1048576, XF_OPT, 0);
        a->decompose_qk = xf_grp_bool(&g, "decompose_qk", XF_OPT, 0);
        xf_grp_end(&g);
        if (a->decompose_qk && f != XF_FAM_NVM_IDEAL)
            xf_grp_fail(&g, "decompose_qk", "applies to kind = \"nvm_ideal\" only; expected false");
    }
    if (xf_grp_child(&root, "lifetime", &g, XF_OPT)) {
        a->inferences_per_s =
            xf_grp_real(&g, "inferences_per_s", 0, 1e12, XF_REQ | XF_LO_OPEN, 1.0);
        xf_grp_end(&g);
    }
    if (err->code == XF_OK && a->has_pe)
        read_pe(s, &root, a, err);
    if (err->code == XF_OK && !a->has_pe) {
        /* Row drivers and sample-and-hold of the CiM arrays, at the files' defaults. */
        if (xf_dac_init(&a->pe.dac, &s->tech[R_DAC], NULL, err) == XF_OK)
            xf_sample_hold_init(&a->pe.sh, &s->tech[R_SAMPLE_HOLD], NULL, err);
    }
    if (err->code == XF_OK && a->has_ae)
        read_ae(s, &root, a, err);
    if (err->code == XF_OK && f == XF_FAM_PUMA)
        read_vfu(s, &root, a, err);
    if (err->code == XF_OK)
        read_common_engines(s, &root, a, err);
    xf_grp_end(&root);
    return err->code;
}

int xf_arch_build(const xf_arch_spec *s, xf_arch *a, xf_err *err)
{
    if (build(s, a, err) != XF_OK)
        return err->code;
    if (!s->iso_ref)
        return XF_OK;
    xf_arch *ref = malloc(sizeof *ref);
    if (!ref)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    xf_err e2;
    xf_err_clear(&e2);
    if (build(s->iso_ref, ref, &e2) != XF_OK) {
        free(ref);
        return xf_err_set(err, XF_ERR_INPUT, "iso_area reference: %s", e2.msg);
    }
    a->iso.on = 1;
    snprintf(a->iso.ref_name, sizeof a->iso.ref_name, "%s", s->iso_name);
    a->iso.pe = ref->pe;
    a->iso.ref_has_pe = ref->has_pe;
    a->iso.fixed_area = xf_arch_fixed_area(ref);
    free(ref);
    return XF_OK;
}

int xf_arch_load(const char *techlib_dir, const char *name_or_path, const char *const *sets,
                 int n_sets, xf_arch *out, xf_err *err)
{
    xf_arch_spec *s = NULL;
    if (xf_arch_spec_load(techlib_dir, name_or_path, &s, err) != XF_OK)
        return err->code;
    for (int i = 0; i < n_sets; i++)
        if (xf_arch_spec_set(s, sets[i], err) != XF_OK) {
            xf_arch_spec_free(s);
            return err->code;
        }
    int rc = xf_arch_build(s, out, err);
    xf_arch_spec_free(s);
    return rc;
}
