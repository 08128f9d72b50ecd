/* Technology files: strict loading into typed, SI-unit structs (see xf/tech.h). */
#include "xf/tech.h"

#include "xf/cfg.h"

#include <errno.h>
#include "xf/file.h"

#include <libconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Physical sanity bounds (SI). Values outside are rejected with the expected range. */
#define E_MAX 1e-6  /* J: no single tabulated action costs a microjoule */
#define A_MAX 1e-3  /* m^2: 1000 mm^2 */
#define T_MAX 1.0   /* s */
#define P_MAX 1e4   /* W */
#define F_MAX 1e12  /* Hz, samples/s */
#define BW_MAX 1e15 /* bytes/s */

static const char *const kind_names[] = {"cmos", "cmos_scaling", "nvm",       "sram_cim", "adc",
                                         "dac",  "sample_hold",  "shift_add", "buffer",   "dram",
                                         "bus",  "gpu",          "link",      NULL};

static const char *const prec_names[] = {"int8", "int16", "int32", "fp16", "fp32", NULL};

const char *xf_tech_kind_name(xf_tech_kind kind)
{
    return kind >= 0 && kind < XF_TECH_KIND_COUNT ? kind_names[kind] : "?";
}

const char *xf_prec_name(xf_prec prec)
{
    return prec >= 0 && prec < XF_PREC_COUNT ? prec_names[prec] : "?";
}

int xf_prec_parse(const char *name, xf_prec *out)
{
    for (int i = 0; name && prec_names[i]; i++) {
        if (strcmp(name, prec_names[i]) == 0) {
            *out = (xf_prec)i;
            return 0;
        }
    }
    return -1;
}

int xf_prec_bits(xf_prec prec)
{
    static const int bits[XF_PREC_COUNT] = {8, 16, 32, 16, 32};
    return prec >= 0 && prec < XF_PREC_COUNT ? bits[prec] : 0;
}

static void copy_str(char *dst, size_t n, const char *src)
{
    snprintf(dst, n, "%s", src ? src : "");
}

static int load_file(const char *dir, const char *rel, const char *const *ov, int n_ov,
                     xf_tech *out, int depth, xf_err *err);

/* Name of the member that carries quantity `base` (base or base_<unit>), so that a custom
 * validation failure points at its line; `base` itself when there is none. */
static const char *member(const xf_grp *g, const char *base)
{
    const config_setting_t *grp = g->setting;
    size_t lb = strlen(base);
    int n = grp ? config_setting_length(grp) : 0;
    for (int i = 0; i < n; i++) {
        const char *nm = config_setting_name(config_setting_get_elem(grp, (unsigned)i));
        if (nm && strncmp(nm, base, lb) == 0 && (nm[lb] == '\0' || nm[lb] == '_'))
            return nm;
    }
    return base;
}

/* ---- readers per kind ------------------------------------------------------------------ */

static double energy(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_ENERGY, 0.0, E_MAX, flags | XF_LO_OPEN, 0.0);
}

static double area(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_AREA, 0.0, A_MAX, flags | XF_LO_OPEN, 0.0);
}

static double timeq(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_TIME, 0.0, T_MAX, flags | XF_LO_OPEN, 0.0);
}

static double power(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_POWER, 0.0, P_MAX, flags | XF_LO_OPEN, 0.0);
}

/* A static power: 0 is allowed (a published total that folds leakage into the dynamic figure,
 * as the file's source must say); negative or NaN is out of range. */
static double leakage(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_POWER, 0.0, P_MAX, flags, 0.0);
}

static void read_cmos_tabulated(xf_grp *g, xf_tech_cmos *c)
{
    c->vdd = xf_grp_qty(g, "vdd", XF_DIM_VOLTAGE, 0.2, 3.0, XF_REQ, 0.0);
    c->freq = xf_grp_qty(g, "freq", XF_DIM_FREQ, 0.0, F_MAX, XF_REQ | XF_LO_OPEN, 0.0);
    static const char *const op_groups[] = {"add", "mult"};
    for (int k = 0; k < 2; k++) {
        xf_grp ch;
        xf_grp_child(g, op_groups[k], &ch, XF_REQ);
        /* The cursor keeps pointers to key names: they must outlive it. */
        static const char *const ekeys[XF_PREC_COUNT] = {
            "int8_energy", "int16_energy", "int32_energy", "fp16_energy", "fp32_energy"};
        static const char *const akeys[XF_PREC_COUNT] = {"int8_area", "int16_area", "int32_area",
                                                         "fp16_area", "fp32_area"};
        for (int p = 0; p < XF_PREC_COUNT; p++) {
            double e = energy(&ch, ekeys[p], XF_REQ);
            double a = area(&ch, akeys[p], XF_REQ);
            if (k == 0) {
                c->e_add[p] = e;
                c->a_add[p] = a;
            } else {
                c->e_mult[p] = e;
                c->a_mult[p] = a;
            }
        }
        xf_grp_end(&ch);
    }
    xf_grp reg;
    xf_grp_child(g, "register", &reg, XF_REQ);
    c->e_reg_bit = energy(&reg, "energy_per_bit", XF_REQ);
    c->a_reg_bit = area(&reg, "area_per_bit", XF_REQ);
    xf_grp_end(&reg);
    xf_grp vec;
    xf_grp_child(g, "vector", &vec, XF_REQ);
    c->e_exp = energy(&vec, "exp_energy", XF_REQ);
    c->e_div = energy(&vec, "div_energy", XF_REQ);
    c->e_max = energy(&vec, "max_energy", XF_REQ);
    c->lane_leak = leakage(&vec, "lane_leakage", XF_REQ);
    xf_grp_end(&vec);
    int n = xf_grp_list_len(g, "sram", XF_OPT);
    if (n > XF_CMOS_SRAM_MAX) {
        xf_grp_fail(g, "sram", "%d entries; expected at most %d", n, XF_CMOS_SRAM_MAX);
        return;
    }
    for (int i = 0; i < n && xf_grp_status(g) == XF_OK; i++) {
        xf_grp e;
        xf_grp_list_elem(g, "sram", i, &e);
        c->sram_capacity[i] =
            xf_grp_qty(&e, "capacity", XF_DIM_BYTES, 0.0, 1e12, XF_REQ | XF_LO_OPEN, 0.0);
        c->sram_port_bits[i] = (double)xf_grp_int(&e, "port_bits", 1, 4096, XF_REQ, 64);
        c->sram_energy[i] = energy(&e, "read_energy", XF_REQ);
        xf_grp_end(&e);
    }
    c->n_sram = n;
    c->factor = (xf_scale){
        .energy = 1.0, .delay = 1.0, .area = 1.0, .power = 1.0, .vdd = c->vdd, .exact = 1};
    c->base_node = c->node;
}

static void scale_from_base(xf_grp *g, xf_tech_cmos *c, const xf_tech_cmos *b, const char *base);

/* Load the scaling table named by key `key` of g (a whole technology file of its own) into *s,
 * and check that `node` lies in its range. A failure inside the nested file is reported at
 * this file's key, with the nested file's own FILE:LINE message after it. */
static int load_table(xf_grp *g, const char *key, const char *dir, const char *rel, int depth,
                      double node, xf_tech_scaling *s)
{
    xf_tech *st = malloc(sizeof *st);
    if (!st)
        return xf_grp_fail(g, key, "out of memory loading '%s'", rel);
    xf_err sub;
    xf_err_clear(&sub);
    if (load_file(dir, rel, NULL, 0, st, depth + 1, &sub) != XF_OK)
        xf_grp_fail(g, key, "%s", sub.msg);
    else if (st->kind != XF_TECH_CMOS_SCALING)
        xf_grp_fail(g, key, "'%s' is a %s file; expected kind \"cmos_scaling\"", rel,
                    xf_tech_kind_name(st->kind));
    else
        *s = st->u.scaling;
    free(st);
    if (xf_grp_status(g) != XF_OK)
        return xf_grp_status(g);
    xf_scale f;
    xf_err tmp;
    xf_err_clear(&tmp);
    if (xf_scaling_at(s, node, &f, &tmp) != XF_OK)
        return xf_grp_fail(g, member(g, "node"), "%s", tmp.msg);
    return XF_OK;
}

static void read_cmos(xf_grp *g, xf_tech *t, const char *dir, int depth)
{
    xf_tech_cmos *c = &t->u.cmos;
    c->node = xf_grp_qty(g, "node", XF_DIM_LENGTH, 1e-9, 1e-6, XF_REQ, 0.0);
    const char *base = xf_grp_str(g, "base", XF_OPT, NULL);
    if (!base) {
        read_cmos_tabulated(g, c);
        /* A tabulated file may name its scaling table too (so it can be a target node). */
        const char *scaling = xf_grp_str(g, "scaling", XF_OPT, NULL);
        if (scaling && xf_grp_status(g) == XF_OK &&
            load_table(g, "scaling", dir, scaling, depth, c->node, &c->table) == XF_OK) {
            copy_str(c->scaling, sizeof c->scaling, scaling);
            c->has_table = 1;
        }
        return;
    }
    const char *scaling = xf_grp_str(g, "scaling", XF_REQ, NULL);
    if (xf_grp_status(g) != XF_OK)
        return;
    if (depth > 0) {
        xf_grp_fail(g, "base", "a base file must be tabulated (it may not name a base itself)");
        return;
    }
    copy_str(c->base, sizeof c->base, base);
    copy_str(c->scaling, sizeof c->scaling, scaling ? scaling : "");
    /* The base and the scaling table are whole technology files of their own. */
    /* A failure inside the base or scaling file is reported at this file's key, with the
     * nested file's own FILE:LINE message after it. */
    xf_tech *bt = malloc(sizeof *bt);
    if (!bt) {
        xf_grp_fail(g, "base", "out of memory loading '%s'", base);
        return;
    }
    xf_err sub;
    xf_err_clear(&sub);
    if (load_file(dir, base, NULL, 0, bt, depth + 1, &sub) != XF_OK)
        xf_grp_fail(g, "base", "%s", sub.msg);
    else if (bt->kind != XF_TECH_CMOS)
        xf_grp_fail(g, "base", "'%s' is a %s file; expected kind \"cmos\"", base,
                    xf_tech_kind_name(bt->kind));
    else if (load_table(g, "scaling", dir, scaling, depth, c->node, &c->table) == XF_OK)
        c->has_table = 1;
    if (xf_grp_status(g) == XF_OK)
        scale_from_base(g, c, &bt->u.cmos, base);
    free(bt);
}

/* The derived node's values: the base's x the factor ratios of c->table. */
static void scale_from_base(xf_grp *g, xf_tech_cmos *c, const xf_tech_cmos *b, const char *base)
{
    xf_scale fn, fb;
    xf_err tmp;
    xf_err_clear(&tmp);
    if (xf_scaling_at(&c->table, c->node, &fn, &tmp) != XF_OK) {
        xf_grp_fail(g, member(g, "node"), "%s", tmp.msg);
        return;
    }
    if (xf_scaling_at(&c->table, b->node, &fb, &tmp) != XF_OK) {
        xf_grp_fail(g, "base", "node of '%s': %s", base, tmp.msg);
        return;
    }
    /* Factors relative to the base node (1 when the base is the table's reference node). */
    xf_scale f = {.energy = fn.energy / fb.energy,
                  .delay = fn.delay / fb.delay,
                  .area = fn.area / fb.area,
                  .power = fn.power / fb.power,
                  .vdd = fn.vdd,
                  .exact = fn.exact};
    c->vdd = fn.vdd;
    c->freq = b->freq / f.delay;
    for (int p = 0; p < XF_PREC_COUNT; p++) {
        c->e_add[p] = b->e_add[p] * f.energy;
        c->e_mult[p] = b->e_mult[p] * f.energy;
        c->a_add[p] = b->a_add[p] * f.area;
        c->a_mult[p] = b->a_mult[p] * f.area;
    }
    c->e_reg_bit = b->e_reg_bit * f.energy;
    c->a_reg_bit = b->a_reg_bit * f.area;
    c->e_exp = b->e_exp * f.energy;
    c->e_div = b->e_div * f.energy;
    c->e_max = b->e_max * f.energy;
    c->lane_leak = b->lane_leak * f.power;
    c->n_sram = b->n_sram;
    for (int i = 0; i < b->n_sram; i++) {
        c->sram_capacity[i] = b->sram_capacity[i];
        c->sram_port_bits[i] = b->sram_port_bits[i];
        c->sram_energy[i] = b->sram_energy[i] * f.energy;
    }
    c->scaled = 1;
    c->factor = f;
    c->base_node = b->node;
}

static void read_scaling(xf_grp *g, xf_tech_scaling *s)
{
    s->ref_node = xf_grp_qty(g, "reference_node", XF_DIM_LENGTH, 1e-9, 1e-6, XF_REQ, 0.0);
    int n = xf_grp_list_len(g, "nodes", XF_REQ);
    if (xf_grp_status(g) != XF_OK)
        return;
    if (n < 1 || n > XF_SCALING_MAX) {
        xf_grp_fail(g, "nodes", "%d rows; expected 1 to %d", n, XF_SCALING_MAX);
        return;
    }
    int ref = -1;
    for (int i = 0; i < n && xf_grp_status(g) == XF_OK; i++) {
        xf_grp e;
        xf_grp_list_elem(g, "nodes", i, &e);
        s->node[i] = xf_grp_qty(&e, "node", XF_DIM_LENGTH, 1e-9, 1e-6, XF_REQ, 0.0);
        s->energy[i] = xf_grp_real(&e, "energy", 0.0, 100.0, XF_REQ | XF_LO_OPEN, 1.0);
        s->delay[i] = xf_grp_real(&e, "delay", 0.0, 100.0, XF_REQ | XF_LO_OPEN, 1.0);
        s->area[i] = xf_grp_real(&e, "area", 0.0, 100.0, XF_REQ | XF_LO_OPEN, 1.0);
        s->power[i] = xf_grp_real(&e, "power", 0.0, 100.0, XF_REQ | XF_LO_OPEN, 1.0);
        s->vdd[i] = xf_grp_qty(&e, "vdd", XF_DIM_VOLTAGE, 0.2, 3.0, XF_REQ, 1.0);
        if (xf_grp_status(&e) == XF_OK && i > 0 && !(s->node[i] < s->node[i - 1]))
            xf_grp_fail(&e, member(&e, "node"),
                        "%.4g nm does not follow %.4g nm; expected node sizes in "
                        "decreasing order",
                        s->node[i] * 1e9, s->node[i - 1] * 1e9);
        if (xf_grp_status(&e) == XF_OK && s->node[i] == s->ref_node) {
            ref = i;
            if (s->energy[i] != 1.0 || s->delay[i] != 1.0 || s->area[i] != 1.0 ||
                s->power[i] != 1.0)
                xf_grp_fail(&e, "energy",
                            "the reference node's factors must be 1; expected "
                            "energy = delay = area = power = 1.0");
        }
        xf_grp_end(&e);
    }
    s->n = n;
    if (xf_grp_status(g) == XF_OK && ref < 0)
        xf_grp_fail(g, member(g, "reference_node"),
                    "%.4g nm is not a row of 'nodes'; expected one of the "
                    "tabulated nodes",
                    s->ref_node * 1e9);
}

static void read_nvm(xf_grp *g, xf_tech_nvm *d)
{
    d->bits_per_cell = (int)xf_grp_int(g, "bits_per_cell", 1, 8, XF_REQ, 1);
    d->r_on = xf_grp_qty(g, "r_on", XF_DIM_RESISTANCE, 0.0, 1e12, XF_REQ | XF_LO_OPEN, 0.0);
    d->r_off = xf_grp_qty(g, "r_off", XF_DIM_RESISTANCE, 0.0, 1e12, XF_REQ | XF_LO_OPEN, 0.0);
    d->v_read = xf_grp_qty(g, "v_read", XF_DIM_VOLTAGE, 0.0, 10.0, XF_REQ | XF_LO_OPEN, 0.0);
    d->t_read = timeq(g, "t_read", XF_REQ);
    /* A lumped step energy replaces the formula's pulse and activity: both forms at once would
     * leave one of them unused. */
    int lumped = xf_grp_has(g, "step_energy");
    if (lumped) {
        static const char *const formula[] = {"t_pulse", "activity"};
        for (int i = 0; i < 2 && xf_grp_status(g) == XF_OK; i++)
            if (xf_grp_has(g, formula[i]))
                xf_grp_fail(g, member(g, formula[i]),
                            "given together with step_energy, which replaces the cell-energy "
                            "formula; expected either step_energy (with step_rows, step_cols) "
                            "or t_pulse and activity");
        d->step_energy = energy(g, "step_energy", XF_REQ);
        d->step_rows = (int)xf_grp_int(g, "step_rows", 1, 4096, XF_REQ, 128);
        d->step_cols = (int)xf_grp_int(g, "step_cols", 1, 4096, XF_REQ, 128);
    } else {
        d->t_pulse = timeq(g, "t_pulse", XF_REQ);
        d->activity = xf_grp_real(g, "activity", 0.0, 1.0, XF_REQ | XF_LO_OPEN, 0.5);
    }
    d->t_write_row = timeq(g, "t_write_row", XF_REQ);
    d->e_write_cell = energy(g, "write_energy_cell", XF_REQ);
    d->verify_iters = (int)xf_grp_int(g, "verify_iters", 1, 1000, XF_OPT, 1);
    d->endurance = xf_grp_real(g, "endurance", 1.0, 1e20, XF_REQ, 1e6);
    d->cell_area_f2 = xf_grp_real(g, "cell_area_F2", 0.0, 10000.0, XF_REQ | XF_LO_OPEN, 4.0);
    if (xf_grp_status(g) != XF_OK)
        return;
    if (!(d->r_off > d->r_on))
        xf_grp_fail(g, member(g, "r_off"),
                    "R_off %.4g ohm is not above R_on %.4g ohm; expected "
                    "R_off > R_on",
                    d->r_off, d->r_on);
    else if (!lumped && d->t_pulse > d->t_read)
        xf_grp_fail(g, member(g, "t_pulse"),
                    "read pulse %.4g ns is longer than the read cycle %.4g ns; "
                    "expected t_pulse <= t_read",
                    d->t_pulse * 1e9, d->t_read * 1e9);
}

static void read_sram_cim(xf_grp *g, xf_tech_sram_cim *d)
{
    d->bits_per_cell = (int)xf_grp_int(g, "bits_per_cell", 1, 1, XF_REQ, 1);
    /* Array energy per cycle, derived in the file from a reference NVM array and the
     * CMOS/NVM MVM power ratio. */
    double ratio = xf_grp_real(g, "mvm_power_ratio", 0.0, 1000.0, XF_REQ | XF_LO_OPEN, 4.0);
    xf_grp ref;
    xf_grp_child(g, "nvm_reference", &ref, XF_REQ);
    double e_ref = energy(&ref, "array_cycle_energy", XF_REQ);
    long rows = xf_grp_int(&ref, "rows", 1, 4096, XF_REQ, 128);
    long cols = xf_grp_int(&ref, "cols", 1, 4096, XF_REQ, 128);
    xf_grp_end(&ref);
    d->t_read = timeq(g, "t_read", XF_REQ);
    d->e_write_bit = energy(g, "write_energy_bit", XF_REQ);
    d->t_write_row = timeq(g, "t_write_row", XF_REQ);
    d->endurance = xf_grp_real(g, "endurance", 1.0, 1e20, XF_REQ, 1e16);
    d->cell_area_f2 = xf_grp_real(g, "cell_area_F2", 0.0, 10000.0, XF_REQ | XF_LO_OPEN, 150.0);
    if (xf_grp_status(g) == XF_OK)
        d->e_cell_cycle = ratio * e_ref / ((double)rows * (double)cols);
}

/* Static power of a peripheral: at least one of `leakage` and (ADC) `leakage_per_bit`. */
static void need_leakage(xf_grp *g, int per_bit)
{
    if (xf_grp_status(g) != XF_OK || xf_grp_has(g, "leakage") ||
        (per_bit && xf_grp_has(g, "leakage_per_bit")))
        return;
    xf_grp_fail(g, "leakage",
                "missing required key; expected leakage_<unit> = ... with its source (0 when the "
                "published power is a total that folds leakage into the dynamic figure)%s",
                per_bit ? ", or leakage_per_bit_<unit> = ..." : "");
}

static void check_adc_model(xf_grp *g, xf_tech_adc *a)
{
    int n = a->n_table;
    switch (a->model) {
    case XF_ADC_MODEL_TABLE: {
        if (n == 0) {
            xf_grp_fail(g, "model",
                        "\"table\" needs a 'table' list; expected a bits-indexed "
                        "table or model = \"walden\"");
            return;
        }
        int found = 0;
        for (int i = 0; i < n; i++)
            found |= a->t_bits[i] == a->bits;
        if (a->interpolate)
            found = a->bits >= a->t_bits[0] && a->bits <= a->t_bits[n - 1];
        if (!found)
            xf_grp_fail(g, "bits", "%d bits is not in the table (%d..%d bits); expected a %s",
                        a->bits, a->t_bits[0], a->t_bits[n - 1],
                        a->interpolate ? "resolution inside the table (interpolated between rows)"
                                       : "tabulated resolution");
        break;
    }
    case XF_ADC_MODEL_WALDEN:
        if (a->walden_fom == 0.0)
            xf_grp_fail(g, "model",
                        "\"walden\" needs walden_fom or an anchor; expected "
                        "walden_fom_fJ = ... or anchor = { ... }");
        else if (n == 0 && !a->has_anchor)
            xf_grp_fail(g, "model",
                        "\"walden\" needs an area source; expected a 'table' or "
                        "an 'anchor'");
        break;
    case XF_ADC_MODEL_COMPARATORS:
        if (a->cmp_energy == 0.0)
            xf_grp_fail(g, "model",
                        "\"comparators\" needs a 'comparator' group; expected "
                        "comparator = { energy_fJ = ...; area_um2 = ...; }");
        break;
    case XF_ADC_MODEL_LINEAR:
        break;
    }
}

static void read_adc(xf_grp *g, xf_tech_adc *a)
{
    static const char *const types[] = {"sar", "flash", NULL};
    static const char *const models[] = {"table", "walden", "comparators", "linear", NULL};
    static const char *const interps[] = {"exact", "log-linear", NULL};
    a->type = (xf_adc_type)xf_grp_choice(g, "type", types, XF_REQ, 0);
    a->model = (xf_adc_model)xf_grp_choice(g, "model", models, XF_REQ, 0);
    a->bits = (int)xf_grp_int(g, "bits", 1, 16, XF_REQ, 8);
    int linear = a->model == XF_ADC_MODEL_LINEAR;
    if (linear) {
        /* Linear in bits: per conversion, per bit; the rate follows from the time. */
        if (xf_grp_status(g) == XF_OK && xf_grp_has(g, "rate"))
            xf_grp_fail(g, member(g, "rate"),
                        "model \"linear\" derives the rate from t_conv_per_bit; expected no "
                        "rate key");
        a->energy_per_bit = energy(g, "energy_per_bit", XF_REQ);
        a->t_conv_per_bit = timeq(g, "t_conv_per_bit", XF_REQ);
        a->area = area(g, "area", XF_REQ);
        if (xf_grp_status(g) == XF_OK)
            a->rate = 1.0 / (a->bits * a->t_conv_per_bit);
    } else {
        a->rate = xf_grp_qty(g, "rate", XF_DIM_RATE, 0.0, F_MAX, XF_REQ | XF_LO_OPEN, 0.0);
    }
    int n = xf_grp_list_len(g, "table", XF_OPT);
    if (n > XF_ADC_TABLE_MAX) {
        xf_grp_fail(g, "table", "%d rows; expected at most %d", n, XF_ADC_TABLE_MAX);
        return;
    }
    for (int i = 0; i < n && xf_grp_status(g) == XF_OK; i++) {
        xf_grp e;
        xf_grp_list_elem(g, "table", i, &e);
        a->t_bits[i] = (int)xf_grp_int(&e, "bits", 1, 16, XF_REQ, 8);
        a->t_energy[i] = energy(&e, "energy", XF_REQ);
        a->t_area[i] = area(&e, "area", XF_REQ);
        if (xf_grp_status(&e) == XF_OK && i > 0 && a->t_bits[i] <= a->t_bits[i - 1])
            xf_grp_fail(&e, "bits", "%d after %d; expected strictly increasing bits", a->t_bits[i],
                        a->t_bits[i - 1]);
        xf_grp_end(&e);
    }
    a->n_table = n;
    if (n > 0)
        a->interpolate = xf_grp_choice(g, "table_interpolation", interps, XF_OPT, 0) == 1;
    xf_grp an;
    if (xf_grp_child(g, "anchor", &an, XF_OPT) == 1) {
        a->has_anchor = 1;
        a->anchor_bits = (int)xf_grp_int(&an, "bits", 1, 16, XF_REQ, 8);
        a->anchor_rate = xf_grp_qty(&an, "rate", XF_DIM_RATE, 0.0, F_MAX, XF_REQ | XF_LO_OPEN, 0);
        a->anchor_power = power(&an, "power", XF_REQ);
        a->anchor_area = area(&an, "area", XF_REQ);
        xf_grp_end(&an);
    }
    a->walden_fom = energy(g, "walden_fom", XF_OPT);
    xf_grp cmp;
    if (xf_grp_child(g, "comparator", &cmp, XF_OPT) == 1) {
        a->cmp_energy = energy(&cmp, "energy", XF_REQ);
        a->cmp_area = area(&cmp, "area", XF_REQ);
        xf_grp_end(&cmp);
    }
    a->lumped_energy_per_bit = energy(g, "lumped_energy_per_bit", XF_OPT);
    need_leakage(g, 1);
    a->leakage = leakage(g, "leakage", XF_OPT);
    a->leakage_per_bit = leakage(g, "leakage_per_bit", XF_OPT);
    a->node_exponent = xf_grp_real(g, "energy_node_exponent", 0.0, 10.0, XF_REQ | XF_LO_OPEN, 0);
    if (xf_grp_status(g) != XF_OK)
        return;
    if (a->walden_fom == 0.0 && a->has_anchor)
        a->walden_fom = a->anchor_power / (a->anchor_rate * (double)(1L << a->anchor_bits));
    check_adc_model(g, a);
}

/* The dynamic cost of a DAC or S&H: an energy per action (key `ekey`), or a power over the
 * reference cycle; exactly one of the two forms. */
static void read_action(xf_grp *g, const char *ekey, double *e, double *pw, int *with_cycle)
{
    *with_cycle = 0;
    if (xf_grp_has(g, ekey)) {
        static const char *const other[] = {"power", "ref_cycle"};
        for (int i = 0; i < 2 && xf_grp_status(g) == XF_OK; i++)
            if (xf_grp_has(g, other[i]))
                xf_grp_fail(g, member(g, other[i]),
                            "given together with %s; expected either an energy per action "
                            "(%s) or a power over the cycle (power and ref_cycle)",
                            ekey, ekey);
        *e = energy(g, ekey, XF_REQ);
        return;
    }
    *pw = power(g, "power", XF_REQ);
    *with_cycle = 1;
}

static void read_dac(xf_grp *g, xf_tech_dac *d)
{
    int cyc;
    d->bits = (int)xf_grp_int(g, "bits", 1, 16, XF_REQ, 1);
    read_action(g, "conv_energy", &d->e_conv, &d->power, &cyc);
    d->area = area(g, "area", XF_REQ);
    if (cyc)
        d->ref_cycle = timeq(g, "ref_cycle", XF_REQ);
    need_leakage(g, 0);
    d->leakage = leakage(g, "leakage", XF_OPT);
}

static void read_sh(xf_grp *g, xf_tech_sample_hold *d)
{
    int cyc;
    read_action(g, "sample_energy", &d->e_sample, &d->power, &cyc);
    d->area = area(g, "area", XF_REQ);
    if (cyc)
        d->ref_cycle = timeq(g, "ref_cycle", XF_REQ);
    need_leakage(g, 0);
    d->leakage = leakage(g, "leakage", XF_OPT);
}

static void read_sa(xf_grp *g, xf_tech_shift_add *d)
{
    d->width_bits = (int)xf_grp_int(g, "width_bits", 1, 256, XF_REQ, 16);
    d->e_op = energy(g, "op_energy", XF_REQ);
    d->t_op = timeq(g, "t_op", XF_REQ);
    d->power = power(g, "power", XF_REQ);
    d->area = area(g, "area", XF_REQ);
    need_leakage(g, 0);
    d->leakage = leakage(g, "leakage", XF_OPT);
}

static void read_buffer(xf_grp *g, xf_tech_buffer *b)
{
    static const char *const cells[] = {"sram", "edram", NULL};
    int cell = xf_grp_choice(g, "cell", cells, XF_REQ, 0);
    copy_str(b->cell, sizeof b->cell, cells[cell >= 0 && cell < 2 ? cell : 0]);
    b->default_capacity =
        xf_grp_qty(g, "default_capacity", XF_DIM_BYTES, 0.0, 1e12, XF_REQ | XF_LO_OPEN, 0.0);
    b->default_port_bits = (int)xf_grp_int(g, "default_port_bits", 1, 4096, XF_REQ, 256);
    int n = xf_grp_list_len(g, "entries", XF_REQ);
    if (xf_grp_status(g) != XF_OK)
        return;
    if (n < 1 || n > XF_BUFFER_TABLE_MAX) {
        xf_grp_fail(g, "entries", "%d entries; expected 1 to %d", n, XF_BUFFER_TABLE_MAX);
        return;
    }
    for (int i = 0; i < n && xf_grp_status(g) == XF_OK; i++) {
        xf_grp e;
        xf_grp_list_elem(g, "entries", i, &e);
        b->capacity[i] =
            xf_grp_qty(&e, "capacity", XF_DIM_BYTES, 0.0, 1e12, XF_REQ | XF_LO_OPEN, 0.0);
        b->port_bits[i] = (double)xf_grp_int(&e, "port_bits", 1, 4096, XF_REQ, 64);
        b->e_read[i] = energy(&e, "read_energy", XF_REQ);
        b->e_write[i] = energy(&e, "write_energy", XF_OPT);
        b->area[i] = area(&e, "area", XF_OPT);
        b->latency[i] = timeq(&e, "latency", XF_OPT);
        b->leakage[i] = power(&e, "leakage", XF_OPT);
        for (int j = 0; j < i && xf_grp_status(&e) == XF_OK; j++)
            if (b->capacity[j] == b->capacity[i] && b->port_bits[j] == b->port_bits[i])
                xf_grp_fail(&e, member(&e, "capacity"),
                            "entry %d repeats %.0f bytes x %.0f bits; expected "
                            "one entry per (capacity, port) pair",
                            i, b->capacity[i], b->port_bits[i]);
        xf_grp_end(&e);
    }
    b->n = n;
}

static void read_dram(xf_grp *g, xf_tech_dram *d)
{
    copy_str(d->type, sizeof d->type, xf_grp_str(g, "type", XF_REQ, ""));
    d->e_bit = energy(g, "energy_per_bit", XF_REQ);
    d->bandwidth =
        xf_grp_qty(g, "bandwidth", XF_DIM_BANDWIDTH, 0.0, BW_MAX, XF_REQ | XF_LO_OPEN, 0.0);
}

static void read_bus(xf_grp *g, xf_tech_bus *b)
{
    xf_grp bus, rt;
    xf_grp_child(g, "bus", &bus, XF_REQ);
    b->e_bit = energy(&bus, "energy_per_bit", XF_REQ);
    b->width_bits = (int)xf_grp_int(&bus, "width_bits", 1, 65536, XF_REQ, 256);
    b->freq = xf_grp_qty(&bus, "freq", XF_DIM_FREQ, 0.0, F_MAX, XF_REQ | XF_LO_OPEN, 0.0);
    b->power = power(&bus, "power", XF_REQ);
    b->area = area(&bus, "area", XF_REQ);
    need_leakage(&bus, 0);
    b->leakage = leakage(&bus, "leakage", XF_OPT);
    xf_grp_end(&bus);
    xf_grp_child(g, "router", &rt, XF_REQ);
    b->e_router_flit = energy(&rt, "flit_energy", XF_REQ);
    b->flit_bits = (int)xf_grp_int(&rt, "flit_bits", 1, 65536, XF_REQ, 256);
    b->router_area = area(&rt, "area", XF_REQ);
    need_leakage(&rt, 0);
    b->router_leakage = leakage(&rt, "leakage", XF_OPT);
    xf_grp_end(&rt);
}

static void read_link(xf_grp *g, xf_tech_link *l)
{
    l->e_bit = energy(g, "energy_per_bit", XF_REQ);
    l->bandwidth =
        xf_grp_qty(g, "bandwidth", XF_DIM_BANDWIDTH, 0.0, BW_MAX, XF_REQ | XF_LO_OPEN, 0.0);
    l->latency = timeq(g, "latency", XF_REQ);
    l->area = area(g, "area", XF_REQ);
    need_leakage(g, 0);
    l->leakage = leakage(g, "leakage", XF_OPT);
}

static double oprate(xf_grp *g, const char *base, int flags)
{
    return xf_grp_qty(g, base, XF_DIM_OPRATE, 0.0, 1e18, flags | XF_LO_OPEN, 0.0);
}

static void read_gpu(xf_grp *g, xf_tech_gpu *d)
{
    d->node = xf_grp_qty(g, "node", XF_DIM_LENGTH, 1e-9, 1e-6, XF_REQ, 0.0);
    d->peak_fp32 = oprate(g, "peak_fp32", XF_REQ);
    d->peak_fp16 = oprate(g, "peak_fp16", XF_OPT);
    d->peak_tensor_fp16 = oprate(g, "peak_tensor_fp16", XF_OPT);
    d->peak_int8 = oprate(g, "peak_int8", XF_OPT);
    d->mem_bw = xf_grp_qty(g, "mem_bw", XF_DIM_BANDWIDTH, 0.0, BW_MAX, XF_REQ | XF_LO_OPEN, 0.0);
    d->mem_size = xf_grp_qty(g, "mem_size", XF_DIM_BYTES, 0.0, 1e13, XF_REQ | XF_LO_OPEN, 0.0);
    d->tdp = power(g, "tdp", XF_REQ);
    d->l2 = xf_grp_qty(g, "l2", XF_DIM_BYTES, 0.0, 1e10, XF_REQ | XF_LO_OPEN, 0.0);
    copy_str(d->dram_type, sizeof d->dram_type, xf_grp_str(g, "dram_type", XF_REQ, ""));
}

/* The node of the file's numbers: `node_nm` in every kind built from CMOS (for nvm and
 * sram_cim it is also the F of the F^2 cell); the cmos and gpu node keys; none otherwise. */
static void read_node(xf_grp *g, xf_tech *t)
{
    switch (t->kind) {
    case XF_TECH_CMOS:
        t->node = t->u.cmos.node;
        break;
    case XF_TECH_GPU:
        t->node = t->u.gpu.node;
        break;
    case XF_TECH_NVM:
    case XF_TECH_SRAM_CIM:
    case XF_TECH_ADC:
    case XF_TECH_DAC:
    case XF_TECH_SAMPLE_HOLD:
    case XF_TECH_SHIFT_ADD:
    case XF_TECH_BUFFER:
    case XF_TECH_BUS:
        /* Checked here: the generic "did you mean" of a missing key would point at `name`. */
        if (xf_grp_status(g) == XF_OK && !xf_grp_has(g, "node"))
            xf_grp_fail(g, "node",
                        "missing required key; expected node_nm = <the CMOS node the file's "
                        "numbers are for> with its source");
        t->node = xf_grp_qty(g, "node", XF_DIM_LENGTH, 1e-9, 1e-6, XF_REQ, 0.0);
        break;
    default:
        t->node = 0.0;
        break;
    }
    if (t->kind == XF_TECH_NVM)
        t->u.nvm.feature = t->node;
    if (t->kind == XF_TECH_SRAM_CIM)
        t->u.sram_cim.feature = t->node;
    t->scale = (xf_tech_node_scale){.from_node = t->node,
                                    .energy = 1.0,
                                    .delay = 1.0,
                                    .area = 1.0,
                                    .power = 1.0,
                                    .adc_energy = 1.0,
                                    .cell_area = 1.0};
}

/* ---- loading ---------------------------------------------------------------------------- */

/* The ranges the readers recorded, onto the numbers they set (ranged.c); a range on a key
 * whose number is not one a draw can scale is refused at its line. */
static void take_ranges(xf_grp *g, const xf_cfg_ranges *rs, xf_tech *t)
{
    for (int i = 0; i < rs->n && xf_grp_status(g) == XF_OK; i++) {
        const xf_cfg_range *r = &rs->r[i];
        size_t off = strchr(r->base, '.') ? 0 : xf_tech_range_field(t->kind, r->base);
        char rk[128], keys[256];
        snprintf(rk, sizeof rk, "range_%s", r->key);
        if (!off) {
            xf_tech_range_keys(t->kind, keys, sizeof keys);
            xf_grp_fail(g, strchr(rk, '.') ? "range" : rk,
                        "'%s' of a technology file of kind %s cannot carry a range (its number "
                        "is not one a draw can scale); expected a range on one of: %s",
                        r->key, kind_names[t->kind], keys[0] ? keys : "(none for this kind)");
            return;
        }
        if (t->n_ranges == XF_TECH_MAX_RANGES) {
            xf_grp_fail(g, rk, "more than %d ranged values in one file; expected fewer",
                        XF_TECH_MAX_RANGES);
            return;
        }
        xf_tech_range *tr = &t->range[t->n_ranges++];
        tr->r = *r;
        tr->off = off;
    }
    xf_tech_ranges_pin(t);
}

static int check_file(const char *path, xf_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s: cannot open technology file: %s", path,
                          strerror(errno));
    if (S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: is a directory; expected a technology file (.cfg)", path);
    if (!S_ISREG(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: not a regular file; expected a technology file (.cfg)", path);
    if (st.st_size > XF_CFG_MAX_BYTES)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: %lld bytes, too large; expected a configuration file of at most "
                          "%d bytes (XF_CFG_MAX_BYTES)",
                          path, (long long)st.st_size, XF_CFG_MAX_BYTES);
    /* checked by stat above, before anything opens it: a FIFO never blocks the load */
    char *text = NULL;
    size_t len = 0;
    if (xf_file_read_regular(path, XF_CFG_MAX_BYTES, &text, &len, err) != XF_OK)
        return err->code;
    int empty = 1;
    for (size_t i = 0; i < len && empty; i++)
        if (text[i] != ' ' && text[i] != '\t' && text[i] != '\n' && text[i] != '\r')
            empty = 0;
    free(text);
    if (empty)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: empty file; expected a technology file with kind = \"...\"", path);
    return XF_OK;
}

static int load_file(const char *dir, const char *rel, const char *const *ov, int n_ov,
                     xf_tech *out, int depth, xf_err *err)
{
    char path[sizeof out->file];
    if (!rel || !*rel)
        return xf_err_set(err, XF_ERR_INPUT, "technology file name is empty");
    int len = (dir && *dir && rel[0] != '/') ? snprintf(path, sizeof path, "%s/%s", dir, rel)
                                             : snprintf(path, sizeof path, "%s", rel);
    if (len < 0 || (size_t)len >= sizeof path)
        return xf_err_set(err, XF_ERR_INPUT, "%s/%s: path too long", dir ? dir : "", rel);
    if (check_file(path, err) != XF_OK)
        return err->code;
    xf_cfg *cfg = NULL;
    if (xf_cfg_load_file(path, &cfg, err) != XF_OK)
        return err->code;
    for (int i = 0; i < n_ov; i++) {
        if (xf_cfg_override(cfg, ov[i], err) != XF_OK) {
            xf_cfg_free(cfg);
            return err->code;
        }
    }
    memset(out, 0, sizeof *out);
    copy_str(out->file, sizeof out->file, path);
    xf_grp g;
    xf_grp_root(&g, cfg, XF_SRC_REQUIRED, err);
    xf_cfg_ranges *ranges = calloc(1, sizeof *ranges); /* load time */
    if (!ranges) {
        xf_cfg_free(cfg);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    g.ranges = ranges;
    int kind = xf_grp_choice(&g, "kind", kind_names, XF_REQ, 0);
    copy_str(out->name, sizeof out->name, xf_grp_str(&g, "name", XF_REQ, ""));
    copy_str(out->description, sizeof out->description, xf_grp_str(&g, "description", XF_REQ, ""));
    if (xf_grp_status(&g) == XF_OK) {
        out->kind = (xf_tech_kind)kind;
        switch (out->kind) {
        case XF_TECH_CMOS:
            read_cmos(&g, out, dir, depth);
            break;
        case XF_TECH_CMOS_SCALING:
            read_scaling(&g, &out->u.scaling);
            break;
        case XF_TECH_NVM:
            read_nvm(&g, &out->u.nvm);
            break;
        case XF_TECH_SRAM_CIM:
            read_sram_cim(&g, &out->u.sram_cim);
            break;
        case XF_TECH_ADC:
            read_adc(&g, &out->u.adc);
            break;
        case XF_TECH_DAC:
            read_dac(&g, &out->u.dac);
            break;
        case XF_TECH_SAMPLE_HOLD:
            read_sh(&g, &out->u.sh);
            break;
        case XF_TECH_SHIFT_ADD:
            read_sa(&g, &out->u.sa);
            break;
        case XF_TECH_BUFFER:
            read_buffer(&g, &out->u.buffer);
            break;
        case XF_TECH_DRAM:
            read_dram(&g, &out->u.dram);
            break;
        case XF_TECH_BUS:
            read_bus(&g, &out->u.bus);
            break;
        case XF_TECH_GPU:
            read_gpu(&g, &out->u.gpu);
            break;
        case XF_TECH_LINK:
            read_link(&g, &out->u.link);
            break;
        default:
            break;
        }
        read_node(&g, out);
        take_ranges(&g, ranges, out);
    }
    xf_grp_end(&g);
    free(ranges);
    int rc = xf_grp_status(&g);
    if (rc == XF_OK && err->code != XF_OK)
        rc = err->code;
    xf_cfg_free(cfg);
    return rc;
}

int xf_tech_load(const char *techlib_dir, const char *relpath, const char *const *overrides,
                 int n_overrides, xf_tech *out, xf_err *err)
{
    if (n_overrides > 0 && !overrides)
        return xf_err_set(err, XF_ERR_INPUT, "overrides missing");
    return load_file(techlib_dir, relpath, overrides, n_overrides, out, 0, err);
}

int xf_tech_load_kind(const char *techlib_dir, const char *relpath, xf_tech_kind kind,
                      const char *const *overrides, int n_overrides, xf_tech *out, xf_err *err)
{
    if (xf_tech_load(techlib_dir, relpath, overrides, n_overrides, out, err) != XF_OK)
        return err->code;
    if (out->kind != kind)
        return xf_err_set(err, XF_ERR_INPUT, "%s: a %s technology file; expected kind \"%s\"",
                          out->file, xf_tech_kind_name(out->kind), xf_tech_kind_name(kind));
    return XF_OK;
}
