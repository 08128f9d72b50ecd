/* Moving a loaded technology file to another CMOS node (xf_tech_to_node, see xf/tech.h): the
 * Stillmaker-Baas factor ratios of the target node's scaling table for CMOS-built parts, the
 * survey's node^exponent term for ADC energy, F^2 for NVM and SRAM cells. */
#include "xf/tech.h"

#include <math.h>
#include <stdio.h>

/* Ratios between the two nodes; a kind's scaler sets `used` to the ones it applied. */
typedef struct {
    double e, d, a, p; /* energy, delay, area, power: factor(to) / factor(from) */
    double adc;        /* ADC energy: (to / from)^node_exponent */
    double cell;       /* F^2 cell: (to / from)^2 */
    unsigned used;
} ratios;

enum { R_E = 1u, R_D = 2u, R_A = 4u, R_P = 8u, R_ADC = 16u, R_CELL = 32u };

static void scale_cmos(xf_tech_cmos *c, const xf_tech_cmos *to, ratios *r, const xf_scale *ft)
{
    for (int p = 0; p < XF_PREC_COUNT; p++) {
        c->e_add[p] *= r->e;
        c->e_mult[p] *= r->e;
        c->a_add[p] *= r->a;
        c->a_mult[p] *= r->a;
    }
    c->e_reg_bit *= r->e;
    c->a_reg_bit *= r->a;
    c->e_exp *= r->e;
    c->e_div *= r->e;
    c->e_max *= r->e;
    c->lane_leak *= r->p;
    for (int i = 0; i < c->n_sram; i++)
        c->sram_energy[i] *= r->e;
    c->freq /= r->d;
    c->vdd = ft->vdd;
    c->node = to->node;
    /* The node's own provenance: factors relative to its base (or its tabulated node). */
    c->factor.energy *= r->e;
    c->factor.delay *= r->d;
    c->factor.area *= r->a;
    c->factor.power *= r->p;
    c->factor.vdd = ft->vdd;
    c->factor.exact = ft->exact;
    c->scaled = 1;
    if (!c->has_table) {
        c->table = to->table;
        c->has_table = 1;
        snprintf(c->scaling, sizeof c->scaling, "%s", to->scaling);
    }
    r->used = R_E | R_D | R_A | R_P;
}

static void scale_adc(xf_tech_adc *a, ratios *r)
{
    for (int i = 0; i < a->n_table; i++) {
        a->t_energy[i] *= r->adc;
        a->t_area[i] *= r->a;
    }
    /* The anchor stays a consistent design point: energy per conversion x rate. */
    a->anchor_power *= r->adc / r->d;
    a->anchor_rate /= r->d;
    a->anchor_area *= r->a;
    a->walden_fom *= r->adc;
    a->cmp_energy *= r->adc;
    a->cmp_area *= r->a;
    a->energy_per_bit *= r->adc;
    a->lumped_energy_per_bit *= r->adc;
    a->t_conv_per_bit *= r->d;
    a->area *= r->a;
    a->rate /= r->d;
    a->leakage *= r->p;
    a->leakage_per_bit *= r->p;
    r->used = R_ADC | R_D | R_A | R_P;
}

/* A DAC's or S&H's power is dynamic power over the crossbar cycle it drives (energy = power x
 * cycle), and that cycle is the array's, not the converter's: the power follows the energy. */
static void scale_dac(xf_tech_dac *d, ratios *r)
{
    d->power *= r->e;
    d->e_conv *= r->e;
    d->area *= r->a;
    d->leakage *= r->p;
    r->used = R_E | R_A | R_P;
}

static void scale_sh(xf_tech_sample_hold *s, ratios *r)
{
    s->power *= r->e;
    s->e_sample *= r->e;
    s->area *= r->a;
    s->leakage *= r->p;
    r->used = R_E | R_A | R_P;
}

static void scale_sa(xf_tech_shift_add *s, ratios *r)
{
    s->e_op *= r->e;
    s->t_op *= r->d;
    s->power *= r->e / r->d; /* the published unit power: energy per op / time per op */
    s->area *= r->a;
    s->leakage *= r->p;
    r->used = R_E | R_D | R_A | R_P;
}

static void scale_buffer(xf_tech_buffer *b, ratios *r)
{
    for (int i = 0; i < b->n; i++) {
        b->e_read[i] *= r->e;
        b->e_write[i] *= r->e;
        b->area[i] *= r->a;
        b->latency[i] *= r->d;
        b->leakage[i] *= r->p;
    }
    r->used = R_E | R_D | R_A | R_P;
}

static void scale_bus(xf_tech_bus *b, ratios *r)
{
    b->e_bit *= r->e;
    b->freq /= r->d;
    b->power *= r->e / r->d;
    b->area *= r->a;
    b->leakage *= r->p;
    b->e_router_flit *= r->e;
    b->router_area *= r->a;
    b->router_leakage *= r->p;
    r->used = R_E | R_D | R_A | R_P;
}

static void scale_cim(xf_tech_sram_cim *c, double node, ratios *r)
{
    c->e_cell_cycle *= r->e;
    c->e_write_bit *= r->e;
    c->t_read *= r->d;
    c->t_write_row *= r->d;
    c->feature = node;
    r->used = R_E | R_D | R_CELL;
}

static int has_node(xf_tech_kind k)
{
    return k != XF_TECH_DRAM && k != XF_TECH_GPU && k != XF_TECH_CMOS_SCALING && k != XF_TECH_LINK;
}

int xf_tech_to_node(xf_tech *t, const xf_tech_cmos *node, xf_err *err)
{
    if (!t)
        return xf_err_set(err, XF_ERR_INPUT, "no technology to move to another node");
    if (!node || !has_node(t->kind))
        return XF_OK;
    double from = t->node, to = node->node;
    if (!(to > 0.0) || !isfinite(to))
        return xf_err_set(err, XF_ERR_INPUT, "%s: target node %g m; expected a positive node",
                          t->file, to);
    if (fabs(to - from) <= 1e-9 * to)
        return XF_OK;
    if (!node->has_table)
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: cannot move from %.4g nm to %.4g nm: the %.4g nm CMOS file names no "
                          "scaling table; expected a cmos file with scaling = \"cmos/scaling.cfg\"",
                          t->file, from * 1e9, to * 1e9, to * 1e9);
    xf_scale ff, ft;
    xf_err e2;
    xf_err_clear(&e2);
    if (xf_scaling_at(&node->table, from, &ff, &e2) != XF_OK)
        return xf_err_set(err, XF_ERR_INPUT, "%s: the file's node: %s", t->file, e2.msg);
    if (xf_scaling_at(&node->table, to, &ft, &e2) != XF_OK)
        return xf_err_set(err, XF_ERR_INPUT, "%s: the target node: %s", t->file, e2.msg);
    ratios r = {.e = ft.energy / ff.energy,
                .d = ft.delay / ff.delay,
                .a = ft.area / ff.area,
                .p = ft.power / ff.power,
                .adc = t->kind == XF_TECH_ADC ? pow(to / from, t->u.adc.node_exponent) : 1.0,
                .cell = (to / from) * (to / from)};
    switch (t->kind) {
    case XF_TECH_CMOS:
        scale_cmos(&t->u.cmos, node, &r, &ft);
        break;
    case XF_TECH_ADC:
        scale_adc(&t->u.adc, &r);
        break;
    case XF_TECH_DAC:
        scale_dac(&t->u.dac, &r);
        break;
    case XF_TECH_SAMPLE_HOLD:
        scale_sh(&t->u.sh, &r);
        break;
    case XF_TECH_SHIFT_ADD:
        scale_sa(&t->u.sa, &r);
        break;
    case XF_TECH_BUFFER:
        scale_buffer(&t->u.buffer, &r);
        break;
    case XF_TECH_BUS:
        scale_bus(&t->u.bus, &r);
        break;
    case XF_TECH_SRAM_CIM:
        scale_cim(&t->u.sram_cim, to, &r);
        break;
    case XF_TECH_NVM:
        /* The device's energies and times are its own; the F^2 cell follows F = the node. */
        t->u.nvm.feature = to;
        r.used = R_CELL;
        break;
    default:
        return XF_OK;
    }
    xf_tech_node_scale *s = &t->scale;
    s->energy *= (r.used & R_E) ? r.e : 1.0;
    s->delay *= (r.used & R_D) ? r.d : 1.0;
    s->area *= (r.used & R_A) ? r.a : 1.0;
    s->power *= (r.used & R_P) ? r.p : 1.0;
    s->adc_energy *= (r.used & R_ADC) ? r.adc : 1.0;
    s->cell_area *= (r.used & R_CELL) ? r.cell : 1.0;
    s->scaled = 1;
    snprintf(s->table, sizeof s->table, "%s", node->scaling);
    t->node = to;
    return XF_OK;
}
