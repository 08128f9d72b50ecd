/* Derived per-action costs of one technology file, at its component's default parameters. */
#include "xf/report.h"

#include "xf/component.h"
#include "xf/fmt.h"

#include <math.h>

typedef struct {
    FILE *out;
    char a[64], b[64], c[64], d[64];
} rp;

static void row(rp *r, const char *label, const char *value)
{
    fprintf(r->out, "  %-40s %s\n", label, value);
}

static const char *eng(char *buf, double v, const char *unit)
{
    return xf_fmt_eng(buf, 64, v, unit, 4);
}

static void report_cmos(rp *r, const xf_tech *t, xf_err *err)
{
    const xf_tech_cmos *c = &t->u.cmos;
    char tmp[160];
    snprintf(tmp, sizeof tmp, "%.4g nm, %.3g V, %s", c->node * 1e9, c->vdd,
             eng(r->a, c->freq, "Hz"));
    row(r, "node, nominal Vdd, clock", tmp);
    if (c->scaled) {
        snprintf(tmp, sizeof tmp, "energy x%.4g, delay x%.4g, area x%.4g, power x%.4g (%s)",
                 c->factor.energy, c->factor.delay, c->factor.area, c->factor.power,
                 c->factor.exact ? "table row" : "interpolated log-log between table rows");
        char lab[64];
        snprintf(lab, sizeof lab, "scaling from %.4g nm", c->base_node * 1e9);
        row(r, lab, tmp);
    }
    fprintf(r->out, "  %-8s %12s %12s %14s %14s\n", "op", "add", "mult", "MAC", "MAC area");
    for (int p = 0; p < XF_PREC_COUNT; p++) {
        xf_mac m;
        xf_mac_params mp = {.prec = (xf_prec)p, .units = 1};
        if (xf_mac_init(&m, t, &mp, err) != XF_OK)
            return;
        fprintf(r->out, "  %-8s %12s %12s %14s %14s\n", xf_prec_name((xf_prec)p),
                eng(r->a, c->e_add[p], "J"), eng(r->b, c->e_mult[p], "J"), eng(r->c, m.e_mac, "J"),
                xf_fmt_area(r->d, sizeof r->d, m.area));
    }
    fprintf(r->out, "  (MAC = multiply + accumulate at int32 for integers, at the operand "
                    "precision for floats)\n");
    snprintf(tmp, sizeof tmp, "%s, %s", eng(r->a, c->e_reg_bit, "J"),
             xf_fmt_area(r->b, sizeof r->b, c->a_reg_bit));
    row(r, "register access per bit, area per bit", tmp);
    snprintf(tmp, sizeof tmp, "%s / %s / %s", eng(r->a, c->e_exp, "J"), eng(r->b, c->e_div, "J"),
             eng(r->c, c->e_max, "J"));
    row(r, "vector exp / div / max per element", tmp);
    row(r, "leakage per vector lane", eng(r->a, c->lane_leak, "W"));
    xf_sfu s;
    if (xf_sfu_init(&s, t, NULL, err) != XF_OK)
        return;
    xf_vop_counts sm = xf_softmax_counts(1, 1), ln = xf_layernorm_counts(1, 768);
    snprintf(tmp, sizeof tmp, "%s per element", eng(r->a, xf_sfu_energy(&s, &sm), "J"));
    row(r, "softmax (fp16 add, max, exp, div)", tmp);
    snprintf(tmp, sizeof tmp, "%s per row of 768, %s", eng(r->a, xf_sfu_energy(&s, &ln), "J"),
             eng(r->b, xf_sfu_time(&s, &ln), "s"));
    row(r, "LayerNorm on 16 VUs x 4 lanes", tmp);
    snprintf(tmp, sizeof tmp, "%s", xf_fmt_area(r->a, sizeof r->a, s.area));
    row(r, "SFU area (16 x 4 lanes of fp16 add+mult)", tmp);
    row(r, "SFU leakage (16 x 4 lanes)", eng(r->a, s.leak, "W"));
}

static void report_scaling(rp *r, const xf_tech *t)
{
    const xf_tech_scaling *s = &t->u.scaling;
    fprintf(r->out, "  %8s %8s %8s %8s %8s %8s   (relative to %.4g nm)\n", "node", "energy",
            "delay", "area", "power", "Vdd", s->ref_node * 1e9);
    for (int i = 0; i < s->n; i++)
        fprintf(r->out, "  %6.4g nm %8.4g %8.4g %8.4g %8.4g %6.3g V\n", s->node[i] * 1e9,
                s->energy[i], s->delay[i], s->area[i], s->power[i], s->vdd[i]);
    xf_scale f;
    xf_err e;
    xf_err_clear(&e);
    if (xf_scaling_at(s, 22e-9, &f, &e) == XF_OK)
        fprintf(r->out, "  %6.4g nm %8.4g %8.4g %8.4g %8.4g %6.3g V   (interpolated, log-log)\n",
                22.0, f.energy, f.delay, f.area, f.power, f.vdd);
}

static void report_array(rp *r, const xf_mvm_array *a, double endurance, const char *cellnote)
{
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%d x %d, %d bit/cell, %d-bit weight = %d cells", a->rows, a->cols,
             a->bits_per_cell, a->weight_bits, a->slices);
    row(r, "array (default)", tmp);
    snprintf(tmp, sizeof tmp, "%s per cell, %s per array", eng(r->a, a->e_cell, "J"),
             eng(r->b, a->e_cycle_array, "J"));
    row(r, "array energy per input-bit cycle", tmp);
    snprintf(tmp, sizeof tmp, "%s over %s", eng(r->a, a->e_cycle_array / a->t_read, "W"),
             eng(r->b, a->t_read, "s"));
    row(r, "array power if read every t_read", tmp);
    snprintf(tmp, sizeof tmp, "%s, %s (%d cycles, array only)", eng(r->a, a->e_mvm, "J"),
             eng(r->b, a->t_mvm, "s"), a->cycles);
    row(r, "8-bit-input MVM", tmp);
    snprintf(tmp, sizeof tmp, "%s per %g MACs = %s/MAC", eng(r->a, a->e_mvm, "J"),
             xf_mvm_weights(a), eng(r->b, a->e_mvm / xf_mvm_weights(a), "J"));
    row(r, "array energy per 8-bit MAC", tmp);
    snprintf(tmp, sizeof tmp, "%s, %s (%d pass%s)", eng(r->a, a->e_write, "J"),
             eng(r->b, a->t_write, "s"), a->verify_iters, a->verify_iters == 1 ? "" : "es");
    row(r, "whole-array write", tmp);
    snprintf(tmp, sizeof tmp, "%s per cell, %s per row", eng(r->a, a->e_write_cell, "J"),
             eng(r->b, a->t_write_row, "s"));
    row(r, "write per cell / per row", tmp);
    snprintf(tmp, sizeof tmp, "%s (%s)", xf_fmt_area(r->a, sizeof r->a, a->area_cells), cellnote);
    row(r, "cell area of the array", tmp);
    snprintf(tmp, sizeof tmp, "%.3g writes", endurance);
    row(r, "endurance", tmp);
}

static void report_nvm(rp *r, const xf_tech *t, xf_err *err)
{
    const xf_tech_nvm *d = &t->u.nvm;
    xf_xbar x;
    if (xf_xbar_init(&x, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s / %s, mean %s", eng(r->a, x.g_on, "S"), eng(r->b, x.g_off, "S"),
             eng(r->c, x.g_avg, "S"));
    row(r, "G_on / G_off", tmp);
    if (d->step_energy > 0.0) {
        snprintf(tmp, sizeof tmp, "%s per %d x %d step (replaces V^2 G t_pulse activity)",
                 eng(r->a, d->step_energy, "J"), d->step_rows, d->step_cols);
        row(r, "lumped array energy", tmp);
    } else {
        snprintf(tmp, sizeof tmp, "%s, pulse %s, activity %.3g", eng(r->a, d->v_read, "V"),
                 eng(r->b, d->t_pulse, "s"), d->activity);
        row(r, "read voltage", tmp);
    }
    snprintf(tmp, sizeof tmp, "%.3g F^2 at F = %.3g nm", d->cell_area_f2, d->feature * 1e9);
    report_array(r, &x.core, x.endurance, tmp);
}

static void report_cim(rp *r, const xf_tech *t, xf_err *err)
{
    const xf_tech_sram_cim *d = &t->u.sram_cim;
    xf_cim_sram c;
    if (xf_cim_sram_init(&c, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%.3g F^2 at F = %.3g nm", d->cell_area_f2, d->feature * 1e9);
    report_array(r, &c.core, c.endurance, tmp);
    snprintf(tmp, sizeof tmp, "%s", eng(r->a, d->e_write_bit, "J"));
    row(r, "write energy per bit", tmp);
}

static void report_adc(rp *r, const xf_tech *t, xf_err *err)
{
    const xf_tech_adc *a = &t->u.adc;
    static const char *const models[] = {"table", "walden", "comparators", "linear"};
    xf_adc c;
    if (xf_adc_init(&c, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s, %d bits at %s (model %s)",
             a->type == XF_ADC_SAR ? "SAR" : "flash", c.bits, eng(r->a, c.rate, "S/s"),
             models[c.model]);
    row(r, "converter", tmp);
    snprintf(tmp, sizeof tmp, "%s%s", eng(r->a, c.e_conv, "J"),
             c.interpolated ? "  [interpolated log-linear in bits between table rows]" : "");
    row(r, "energy per conversion", tmp);
    if (a->lumped_energy_per_bit > 0.0) {
        snprintf(tmp, sizeof tmp, "%s per conversion (%s per bit; XF_ADC_CHARGE_LUMPED)",
                 eng(r->a, c.bits * a->lumped_energy_per_bit, "J"),
                 eng(r->b, a->lumped_energy_per_bit, "J"));
        row(r, "lumped figure", tmp);
    }
    if (a->model == XF_ADC_MODEL_LINEAR) {
        snprintf(tmp, sizeof tmp, "%s, %s per conversion, %s leakage",
                 eng(r->a, a->energy_per_bit, "J"), eng(r->b, a->t_conv_per_bit, "s"),
                 eng(r->c, a->leakage_per_bit, "W"));
        row(r, "per bit of resolution", tmp);
    }
    row(r, "conversion time (1/rate)", eng(r->a, c.t_conv, "s"));
    row(r, "power at rate", eng(r->a, xf_adc_power(&c), "W"));
    row(r, "leakage", eng(r->a, c.leak, "W"));
    snprintf(tmp, sizeof tmp, "%s%s", xf_fmt_area(r->a, sizeof r->a, c.area),
             c.area_extrapolated ? "  [EXTRAPOLATED beyond the area table]" : "");
    row(r, "area", tmp);
    snprintf(tmp, sizeof tmp, "node^%.3g", a->node_exponent);
    row(r, "energy per conversion scales as", tmp);
    if (a->walden_fom > 0.0) {
        snprintf(tmp, sizeof tmp, "%s/step (E = FoM x 2^bits)", eng(r->a, a->walden_fom, "J"));
        row(r, "Walden figure of merit", tmp);
    }
    if (a->has_anchor) {
        snprintf(tmp, sizeof tmp, "%d bits, %s, %s, %s", a->anchor_bits,
                 eng(r->a, a->anchor_rate, "S/s"), eng(r->b, a->anchor_power, "W"),
                 xf_fmt_area(r->c, sizeof r->c, a->anchor_area));
        row(r, "published anchor", tmp);
    }
    if (a->n_table > 0) {
        fprintf(r->out, "  %6s %12s %14s %12s\n", "bits", "energy", "area", "Walden");
        for (int i = 0; i < a->n_table; i++)
            fprintf(r->out, "  %6d %12s %14s %12s\n", a->t_bits[i], eng(r->a, a->t_energy[i], "J"),
                    xf_fmt_area(r->b, sizeof r->b, a->t_area[i]),
                    a->walden_fom > 0 ? eng(r->c, a->walden_fom * ldexp(1.0, a->t_bits[i]), "J")
                                      : "-");
    }
    if (a->model == XF_ADC_MODEL_COMPARATORS) {
        snprintf(tmp, sizeof tmp, "%s, %s each; %.0f comparators", eng(r->a, a->cmp_energy, "J"),
                 xf_fmt_area(r->b, sizeof r->b, a->cmp_area), ldexp(1.0, c.bits) - 1);
        row(r, "comparator", tmp);
    }
}

static void report_dac(rp *r, const xf_tech *t, xf_err *err)
{
    xf_dac d;
    if (xf_dac_init(&d, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%d bit", d.bits);
    row(r, "resolution", tmp);
    if (d.e_conv > 0.0) {
        row(r, "energy per conversion", eng(r->a, d.e_conv, "J"));
    } else {
        row(r, "power while driving a row", eng(r->a, d.power, "W"));
        snprintf(tmp, sizeof tmp, "%s (power x %s cycle)",
                 eng(r->a, xf_dac_energy(&d, 1, d.ref_cycle), "J"), eng(r->b, d.ref_cycle, "s"));
        row(r, "energy per conversion", tmp);
    }
    row(r, "area", xf_fmt_area(r->a, sizeof r->a, d.area));
    row(r, "leakage", eng(r->a, d.leak, "W"));
}

static void report_sh(rp *r, const xf_tech *t, xf_err *err)
{
    xf_sample_hold s;
    if (xf_sample_hold_init(&s, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    if (s.e_sample > 0.0) {
        row(r, "energy per sample", eng(r->a, s.e_sample, "J"));
    } else {
        row(r, "power", eng(r->a, s.power, "W"));
        snprintf(tmp, sizeof tmp, "%s (power x %s cycle)",
                 eng(r->a, xf_sample_hold_energy(&s, 1, s.ref_cycle), "J"),
                 eng(r->b, s.ref_cycle, "s"));
        row(r, "energy per sample", tmp);
    }
    row(r, "area", xf_fmt_area(r->a, sizeof r->a, s.area));
    row(r, "leakage", eng(r->a, s.leak, "W"));
}

static void report_sa(rp *r, const xf_tech *t, xf_err *err)
{
    xf_shift_add s;
    if (xf_shift_add_init(&s, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s (%d-bit)", eng(r->a, s.e_op, "J"), s.width_bits);
    row(r, "energy per shift-and-add", tmp);
    row(r, "time per op", eng(r->a, s.t_op, "s"));
    row(r, "published unit power", eng(r->a, t->u.sa.power, "W"));
    row(r, "area", xf_fmt_area(r->a, sizeof r->a, s.area));
    row(r, "leakage", eng(r->a, s.leak, "W"));
}

static void report_buffer(rp *r, const xf_tech *t, xf_err *err)
{
    const xf_tech_buffer *b = &t->u.buffer;
    xf_buffer c;
    if (xf_buffer_init(&c, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%s, %.0f KB, %d-bit port", b->cell, c.capacity / 1024.0,
             c.port_bits);
    row(r, "buffer (default)", tmp);
    snprintf(tmp, sizeof tmp, "%s (%s/bit)%s", eng(r->a, c.e_read, "J"),
             eng(r->b, c.e_read / c.port_bits, "J"),
             c.energy_extrapolated ? "  [EXTRAPOLATED]" : "");
    row(r, "read energy per access", tmp);
    row(r, "write energy per access", eng(r->a, c.e_write, "J"));
    snprintf(tmp, sizeof tmp, "%s%s", eng(r->a, c.t_access, "s"),
             c.latency_extrapolated ? "  [EXTRAPOLATED]" : "");
    row(r, "access latency", tmp);
    snprintf(tmp, sizeof tmp, "%s%s", xf_fmt_area(r->a, sizeof r->a, c.area),
             c.area_extrapolated ? "  [EXTRAPOLATED]" : "");
    row(r, "area", tmp);
    if (c.leak_modelled)
        snprintf(tmp, sizeof tmp, "%s%s", eng(r->a, c.leak, "W"),
                 c.leak_extrapolated ? "  [EXTRAPOLATED]" : "");
    else
        snprintf(tmp, sizeof tmp, "not modelled (no source in the table)");
    row(r, "leakage", tmp);
    fprintf(r->out, "  %10s %6s %12s %12s %10s %10s\n", "capacity", "port", "read", "area",
            "latency", "leakage");
    for (int i = 0; i < b->n; i++)
        fprintf(r->out, "  %7.0f %s %6.0f %12s %12s %10s %10s\n",
                b->capacity[i] < 1024.0 ? b->capacity[i] : b->capacity[i] / 1024.0,
                b->capacity[i] < 1024.0 ? "B " : "KB", b->port_bits[i],
                eng(r->a, b->e_read[i], "J"),
                b->area[i] > 0 ? xf_fmt_area(r->b, sizeof r->b, b->area[i]) : "-",
                b->latency[i] > 0 ? eng(r->c, b->latency[i], "s") : "-",
                b->leakage[i] > 0 ? eng(r->d, b->leakage[i], "W") : "-");
}

static void report_dram(rp *r, const xf_tech *t, xf_err *err)
{
    xf_dram d;
    if (xf_dram_init(&d, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    row(r, "type", t->u.dram.type);
    row(r, "energy per bit", eng(r->a, d.e_bit, "J"));
    snprintf(tmp, sizeof tmp, "%s, %s", eng(r->a, xf_dram_energy(&d, 64), "J"),
             eng(r->b, xf_dram_time(&d, 64), "s"));
    row(r, "64-byte transfer", tmp);
    row(r, "bandwidth", eng(r->a, d.bandwidth, "B/s"));
}

static void report_bus(rp *r, const xf_tech *t, xf_err *err)
{
    xf_bus b;
    if (xf_bus_init(&b, t, NULL, err) != XF_OK)
        return;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%d wires at %s = %s", b.width_bits, eng(r->a, b.freq, "Hz"),
             eng(r->b, b.bandwidth, "B/s"));
    row(r, "bus", tmp);
    snprintf(tmp, sizeof tmp, "%s per bit, %s per 32 B", eng(r->a, b.e_bit, "J"),
             eng(r->b, xf_bus_energy(&b, 32), "J"));
    row(r, "bus transfer energy", tmp);
    row(r, "bus area", xf_fmt_area(r->a, sizeof r->a, b.area));
    row(r, "bus leakage", eng(r->a, b.leak, "W"));
    snprintf(tmp, sizeof tmp, "%s per %d-bit flit, %s", eng(r->a, b.e_router_flit, "J"),
             b.flit_bits, xf_fmt_area(r->b, sizeof r->b, b.router_area));
    row(r, "router", tmp);
    row(r, "router leakage", eng(r->a, b.router_leak, "W"));
}

static void report_link(rp *r, const xf_tech *t)
{
    const xf_tech_link *l = &t->u.link;
    char tmp[200];
    row(r, "bandwidth", eng(r->a, l->bandwidth, "B/s"));
    row(r, "energy per bit", eng(r->a, l->e_bit, "J"));
    snprintf(tmp, sizeof tmp, "%s, %s", eng(r->a, 8.0 * 1048576.0 * l->e_bit, "J"),
             eng(r->b, l->latency + 1048576.0 / l->bandwidth, "s"));
    row(r, "1 MiB transfer", tmp);
    row(r, "latency per hop", eng(r->a, l->latency, "s"));
    row(r, "module area", xf_fmt_area(r->a, sizeof r->a, l->area));
    row(r, "module leakage", eng(r->a, l->leakage, "W"));
}

static void report_gpu(rp *r, const xf_tech *t)
{
    const xf_tech_gpu *g = &t->u.gpu;
    char tmp[200];
    snprintf(tmp, sizeof tmp, "%.3g nm, %.4g GB %s, L2 %.4g KB (1 KB = 1024 B)", g->node * 1e9,
             g->mem_size / (1024.0 * 1024.0 * 1024.0), g->dram_type, g->l2 / 1024.0);
    row(r, "node, memory, L2", tmp);
    row(r, "peak FP32", eng(r->a, g->peak_fp32, "FLOP/s"));
    row(r, "peak FP16 (non-tensor)", g->peak_fp16 > 0 ? eng(r->a, g->peak_fp16, "FLOP/s") : "-");
    row(r, "peak FP16 tensor (dense)",
        g->peak_tensor_fp16 > 0 ? eng(r->a, g->peak_tensor_fp16, "FLOP/s") : "-");
    row(r, "peak INT8", g->peak_int8 > 0 ? eng(r->a, g->peak_int8, "OP/s") : "-");
    row(r, "memory bandwidth", eng(r->a, g->mem_bw, "B/s"));
    snprintf(tmp, sizeof tmp, "%.3g FLOP/byte", g->peak_fp32 / g->mem_bw);
    row(r, "FP32 ridge point", tmp);
    row(r, "TDP", eng(r->a, g->tdp, "W"));
    row(r, "energy per FP32 FLOP at TDP and peak", eng(r->a, g->tdp / g->peak_fp32, "J"));
}

/* The node of a CMOS-built part, and a node change made by xf_tech_to_node. */
static void report_node(rp *r, const xf_tech *t)
{
    const xf_tech_node_scale *s = &t->scale;
    char tmp[400];
    if (t->kind != XF_TECH_CMOS && t->kind != XF_TECH_GPU && t->node > 0.0) {
        snprintf(tmp, sizeof tmp, "%.4g nm", t->node * 1e9);
        row(r, "node", tmp);
    }
    if (!s->scaled)
        return;
    snprintf(tmp, sizeof tmp,
             "energy x%.4g, delay x%.4g, area x%.4g, power x%.4g, ADC energy x%.4g, "
             "F^2 cell x%.4g (%s)",
             s->energy, s->delay, s->area, s->power, s->adc_energy, s->cell_area, s->table);
    char lab[64];
    snprintf(lab, sizeof lab, "moved from %.4g nm to %.4g nm", s->from_node * 1e9, t->node * 1e9);
    row(r, lab, tmp);
}

int xf_tech_report(FILE *out, const xf_tech *t, xf_err *err)
{
    rp r = {.out = out};
    report_node(&r, t);
    switch (t->kind) {
    case XF_TECH_CMOS:
        report_cmos(&r, t, err);
        break;
    case XF_TECH_CMOS_SCALING:
        report_scaling(&r, t);
        break;
    case XF_TECH_NVM:
        report_nvm(&r, t, err);
        break;
    case XF_TECH_SRAM_CIM:
        report_cim(&r, t, err);
        break;
    case XF_TECH_ADC:
        report_adc(&r, t, err);
        break;
    case XF_TECH_DAC:
        report_dac(&r, t, err);
        break;
    case XF_TECH_SAMPLE_HOLD:
        report_sh(&r, t, err);
        break;
    case XF_TECH_SHIFT_ADD:
        report_sa(&r, t, err);
        break;
    case XF_TECH_BUFFER:
        report_buffer(&r, t, err);
        break;
    case XF_TECH_DRAM:
        report_dram(&r, t, err);
        break;
    case XF_TECH_BUS:
        report_bus(&r, t, err);
        break;
    case XF_TECH_GPU:
        report_gpu(&r, t);
        break;
    case XF_TECH_LINK:
        report_link(&r, t);
        break;
    default:
        return xf_err_set(err, XF_ERR_INPUT, "%s: unknown technology kind %d", t->file,
                          (int)t->kind);
    }
    return err->code;
}
