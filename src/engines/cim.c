/* SRAM compute-in-memory engine (kind "cim"): 8T-SRAM CiM tiles -> banks -> arrays.
 *
 * Dynamic MVMs (X-Former's attention engine, Q/V-stationary): the stationary operand is written
 * (rows in parallel over the arrays), the other one streams through it (heads in parallel,
 * `passes` rounds when they do not all fit). After QK^T the scores (score_bits each) wait in
 * the intermediate buffer for the softmax; what does not fit spills to the DRAM engine named by
 * `dram` and is read back. With sequence blocking the intermediate of one block is SB x SB per
 * head, and partial A.V sums go through the block accumulator.
 *
 * Static MVMs (the SRAM-only baseline): the weights do not stay on chip. They are fetched from
 * DRAM and written into the arrays chunk by chunk (as many arrays as the engine has), then the
 * tokens stream through the chunk; fetch, write and compute of a chunk do not overlap.
 *
 * Sizing: tiles x banks x arrays; under iso-area, as many arrays as the room holds beside the
 * engine's own buffers.
 */
#include "engines.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    /* keys */
    int tiles, banks_per_tile, arrays_per_bank;
    int rows, cols, adcs, adc_bits, port_bits;
    int adc_policy, adc_charge, encoding_bits, pipeline_stages;
    int score_bits; /* width of the QK^T scores kept for the softmax */
    double adc_rate, inter_bytes, acc_bytes;
    char dram_name[XF_ENGINE_NAME_LEN];
    /* derived */
    int w_bits, a_bits;
    xf_analog_periph p;
    xf_cim_sram array;
    xf_buffer intermediate; /* holds attention scores between Q K^T and A V */
    xf_buffer accumulator;  /* block sequence accumulator (sequence blocking) */
    int dram_engine;        /* die index of the DRAM engine (-1: none) */
    xf_dram dram;           /* its model, copied at link time */
} cim_state;

_Static_assert(sizeof(cim_state) <= XF_ENGINE_STATE_BYTES, "cim state exceeds the die slot");

#define KEY(k, t, dim, lo, hi, fl, d, field)                                                       \
    {                                                                                              \
        k, t, dim, lo, hi, fl, d, NULL, offsetof(cim_state, field)                                 \
    }
static const xf_param_def params[] = {
    KEY("tiles", XF_P_INT, 0, 1, 1000000, XF_REQ, 16, tiles),
    KEY("banks_per_tile", XF_P_INT, 0, 1, 4096, XF_REQ, 8, banks_per_tile),
    KEY("arrays_per_bank", XF_P_INT, 0, 1, 4096, XF_REQ, 6, arrays_per_bank),
    KEY("array_rows", XF_P_INT, 0, 8, 4096, XF_REQ, 128, rows),
    KEY("array_cols", XF_P_INT, 0, 8, 4096, XF_REQ, 128, cols),
    KEY("adcs_per_array", XF_P_INT, 0, 1, 4096, XF_REQ, 8, adcs),
    KEY("adc_bits", XF_P_INT, 0, 1, 16, XF_REQ, 8, adc_bits),
    KEY("adc_rate", XF_P_QTY, XF_DIM_RATE, 0, 1e12, XF_OPT | XF_LO_OPEN, 0, adc_rate),
    KEY("intermediate", XF_P_QTY, XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0, inter_bytes),
    KEY("accumulator", XF_P_QTY, XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0, acc_bytes),
    KEY("score_bits", XF_P_INT, 0, 1, 32, XF_REQ, 16, score_bits),
    KEY("buffer_port_bits", XF_P_INT, 0, 8, 4096, XF_OPT, 256, port_bits),
    KEY("dram", XF_P_NAME, 0, 0, 0, XF_OPT, 0, dram_name),
    {"adc_policy", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_ADC_POLICY_FEWER_ROWS, xf_adc_policies,
     offsetof(cim_state, adc_policy)},
    {"adc_charge", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_ADC_CHARGE_PER_CONVERSION, xf_adc_charges,
     offsetof(cim_state, adc_charge)},
    KEY("adc_encoding_bits", XF_P_INT, 0, 0, 4, XF_OPT, 0, encoding_bits),
    KEY("mvm_pipeline_stages", XF_P_INT, 0, 1, 16, XF_OPT, 1, pipeline_stages),
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};
#undef KEY

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    cim_state *c = st;
    xf_err *err = env->err;
    c->w_bits = env->w_bits;
    c->a_bits = env->a_bits;
    c->dram_engine = -1;
    memset(&c->dram, 0, sizeof c->dram);
    if (xf_analog_periph_init(&c->p, env, g, c->adc_bits, c->adc_rate, c->adc_charge, 0) != XF_OK)
        return err->code;
    if (c->adcs > c->cols)
        return xf_grp_fail(g, "adcs_per_array",
                           "%d ADCs for %d columns; expected at most one per column", c->adcs,
                           c->cols);
    xf_cim_sram_params cp = {.rows = c->rows,
                             .cols = c->cols,
                             .adcs = c->adcs,
                             .input_bits = env->a_bits,
                             .weight_bits = env->a_bits, /* the stored operand is an activation */
                             .shift_adds = 1,
                             .adc = &c->p.adc,
                             .dac = &c->p.dac,
                             .sh = &c->p.sh,
                             .sa = &c->p.sa,
                             .adc_policy = c->adc_policy,
                             .encoding_bits = c->encoding_bits,
                             .pipeline_stages = c->pipeline_stages};
    if (xf_cim_sram_init(&c->array, env->tech[XF_TR_SRAM_CIM], &cp, err) != XF_OK)
        return xf_engine_derive_fail(g, "adc_bits", err); /* what is left: ADC resolution */
    xf_buffer_params ip = {c->inter_bytes, c->port_bits}, bp = {c->acc_bytes, c->port_bits};
    if (xf_buffer_init(&c->intermediate, env->tech[XF_TR_BUFFER], &ip, err) == XF_OK)
        xf_buffer_init(&c->accumulator, env->tech[XF_TR_BUFFER], &bp, err);
    return err->code;
}

/* The DRAM engine: needed to spill scores (QK^T here) and to stream weights (static MVMs). */
static int link(void *st, const xf_die *d, int self, xf_grp *g, const xf_engine_env *env)
{
    (void)env;
    cim_state *c = st;
    int needs = d->route[XF_ROLE_QK] == self;
    const char *why = "QK^T scores that do not fit the intermediate buffer spill to DRAM";
    for (int r = 0; r < XF_ROLE_COUNT; r++)
        if (xf_op_role_kind((xf_op_role)r) == XF_OP_STATIC_MVM && d->route[r] == self) {
            needs = 1;
            why = "static MVMs stream their weights from DRAM";
        }
    if (!c->dram_name[0]) {
        if (needs)
            return xf_engine_link_fail(g, "kind",
                                       "%s; expected dram = \"NAME\" naming a DRAM engine", why);
        return XF_OK;
    }
    int i = xf_engine_link(d, self, g, "dram", c->dram_name, 1, "DRAM model");
    if (i < 0)
        return XF_ERR_INPUT;
    const xf_engine_kind *k = d->eng[i].kind;
    if (!k->dram)
        return xf_engine_link_fail(g, "dram", "engine '%s' is of kind %s; expected a dram engine",
                                   c->dram_name, k->name);
    c->dram_engine = i;
    c->dram = *k->dram(xf_die_state(d, i));
    return XF_OK;
}

static double nominal_arrays(const cim_state *c)
{
    return (double)c->tiles * c->banks_per_tile * c->arrays_per_bank;
}

static int size(const void *st, const xf_size_in *in, xf_engine_size *z, xf_err *err)
{
    const cim_state *c = st;
    (void)err;
    memset(z, 0, sizeof *z);
    z->replicas = 1.0;
    double n = nominal_arrays(c);
    if (in->room >= 0.0) {
        /* As many arrays as the room holds beside the engine's buffers. */
        double room = in->room - (c->intermediate.area + c->accumulator.area);
        n = room > 0 ? floor(room / c->array.core.area) : 0.0;
    }
    z->arrays = n > 1.0 ? n : 1.0;
    return XF_OK;
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    const cim_state *c = st;
    xf_mvm_area_split(&c->array.core, z->arrays, XF_COMP_CIM, by_comp);
    by_comp[XF_COMP_BUFFER] += c->intermediate.area + c->accumulator.area;
}

/* Every array's peripherals and the engine's buffers. */
static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    const cim_state *c = st;
    xf_mvm_leak_split(&c->array.core, z->arrays, by_comp);
    by_comp[XF_COMP_BUFFER] += c->intermediate.leak + c->accumulator.leak;
}

/* Arrays the stationary operand of a dynamic op takes per head: Q^T (d_head rows, queries x
 * bits columns) for QK^T, V (keys rows, d_head x bits columns) for A.V. */
static double stationary_arrays(const xf_mvm_array *ca, const xf_op *op)
{
    return op->role == XF_ROLE_QK ? xf_mvm_arrays_for(ca, (double)op->k, (double)op->m)
                                  : xf_mvm_arrays_for(ca, (double)op->k, (double)op->n);
}

/* scratch[0]: passes over the heads when the layer's stationary operands exceed the arrays. */
static void layer(const void *st, const xf_engine_size *z, const xf_layer *l, const xf_die *d,
                  int self, double *scratch)
{
    const cim_state *c = st;
    double need = 0.0;
    for (int i = 0; i < l->n_ops; i++)
        if (l->ops[i].kind == XF_OP_DYNAMIC_MVM && d->route[l->ops[i].role] == self)
            need += (double)l->ops[i].heads * stationary_arrays(&c->array.core, &l->ops[i]);
    scratch[0] = need > 0 && z->arrays > 0 ? ceil(need / z->arrays) : 1.0;
}

/* Bytes of the scores that do not fit in the intermediate buffer (capacity cap), summed over
 * the tiles of a q x k score matrix cut into tq x tk tiles (edge tiles are smaller);
 * bytes_per_score counts every head. Never more than the scores themselves. */
static double score_spill(double bytes_per_score, double q, double tq, double k, double tk,
                          double cap)
{
    double fq = floor(q / tq), rq = q - fq * tq, fk = floor(k / tk), rk = k - fk * tk;
    const double count[4] = {fq * fk, fq * (rk > 0), (rq > 0) * fk, (rq > 0) * (rk > 0)};
    const double sz[4] = {tq * tk, tq * rk, rq * tk, rq * rk};
    double spill = 0.0;
    for (int i = 0; i < 4; i++) {
        double over = sz[i] * bytes_per_score - cap;
        if (count[i] > 0 && over > 0)
            spill += count[i] * over;
    }
    return spill;
}

static void run_dynamic(const cim_state *s, const xf_run_ctx *c, const xf_op *op,
                        xf_engine_out *out)
{
    const xf_mvm_array *ca = &s->array.core;
    int is_qk = op->role == XF_ROLE_QK;
    double passes = c->scratch[0];
    double h = (double)op->heads, mq = (double)op->m, dk = (double)op->k, dn = (double)op->n;
    double st_rows = dk, st_cols = is_qk ? mq : dn;
    double streams = is_qk ? dn : mq;
    double arrays = stationary_arrays(ca, op);
    double share = xf_share(h * arrays, c->z->arrays);
    xf_engine_row *w =
        xf_engine_row_add(out, is_qk ? "q_write" : "v_write", XF_PART_OPERAND_WRITE, c->self);
    w->occupancy = share;
    double cells = h * st_rows * st_cols * s->a_bits;
    xf_row_energy(w, XF_COMP_CIM_WRITE, cells * ca->e_write_cell);
    w->sram_writes = cells;
    double rows_per_array = st_rows < ca->rows ? st_rows : ca->rows;
    w->latency = w->busy = passes * rows_per_array * ca->t_write_row;
    out->main = out->n;
    xf_engine_row *m = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    xf_mvm_energy_split(ca, h * arrays * streams, XF_COMP_CIM, m);
    m->latency = m->busy = passes * streams * ca->t_mvm;
    m->occupancy = share;
    if (!is_qk)
        return;
    long long sb = c->sb;
    double bits = s->score_bits;
    double total = h * mq * dn * bits / 8.0;
    double tile_q = sb > 0 && sb < mq ? (double)sb : mq;
    double tile_k = sb > 0 && sb < dn ? (double)sb : dn;
    double tiles = ceil(mq / tile_q) * ceil(dn / tile_k);
    double spill = score_spill(h * bits / 8.0, mq, tile_q, dn, tile_k, s->intermediate.capacity);
    double onchip = total - spill;
    xf_engine_row *b = xf_engine_row_add(out, "scores_buffer", XF_PART_BUFFER, c->self);
    xf_row_energy(b, XF_COMP_BUFFER,
                  xf_buffer_write_energy(&s->intermediate, onchip) +
                      xf_buffer_read_energy(&s->intermediate, onchip));
    if (spill > 0.0) {
        xf_engine_row *d = xf_engine_row_add(out, "spill", XF_PART_SPILL, s->dram_engine);
        xf_row_energy(d, XF_COMP_DRAM, xf_dram_energy(&s->dram, 2.0 * spill));
        d->latency = d->busy = xf_dram_time(&s->dram, 2.0 * spill);
        d->spill_bytes = spill;
    }
    if (sb > 0 && tiles > 1.0) {
        xf_engine_row *a = xf_engine_row_add(out, "block_accumulate", XF_PART_ACCUMULATE, c->self);
        double acc = tiles * h * tile_q * dk * XF_PARTIAL_SUM_BYTES;
        xf_row_energy(a, XF_COMP_BUFFER,
                      xf_buffer_read_energy(&s->accumulator, acc) +
                          xf_buffer_write_energy(&s->accumulator, acc));
    }
}

static void run_static(const cim_state *s, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    const xf_mvm_array *ca = &s->array.core;
    double m = (double)op->m * (double)op->heads;
    double arrays = xf_mvm_arrays_for(ca, (double)op->k, (double)op->n);
    double chunks = ceil(arrays / c->z->arrays);
    double bytes = (double)op->weight_bytes;
    xf_engine_row *f = xf_engine_row_add(out, "weight_fetch", XF_PART_WEIGHT_FETCH, s->dram_engine);
    xf_row_energy(f, XF_COMP_DRAM, xf_dram_energy(&s->dram, bytes));
    f->latency = f->busy = xf_dram_time(&s->dram, bytes);
    double share = xf_share(arrays, c->z->arrays);
    xf_engine_row *w = xf_engine_row_add(out, "weight_write", XF_PART_WEIGHT_WRITE, c->self);
    w->occupancy = share;
    double cells = (double)op->k * (double)op->n * s->w_bits;
    xf_row_energy(w, XF_COMP_CIM_WRITE, cells * ca->e_write_cell);
    w->sram_writes = cells;
    double rows = (double)op->k < ca->rows ? (double)op->k : ca->rows;
    w->latency = w->busy = chunks * rows * ca->t_write_row;
    out->main = out->n;
    xf_engine_row *r = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    r->occupancy = share;
    xf_mvm_energy_split(ca, m * arrays, XF_COMP_CIM, r);
    xf_row_energy(r, XF_COMP_BUFFER,
                  xf_buffer_read_energy(&s->intermediate, (double)op->act_in_bytes) +
                      xf_buffer_write_energy(&s->intermediate, (double)op->act_out_bytes));
    r->latency = r->busy = chunks * m * ca->t_mvm;
}

static void run(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    if (op->kind == XF_OP_STATIC_MVM)
        run_static(st, c, op, out);
    else
        run_dynamic(st, c, op, out);
}

static void wear(const void *st, const xf_engine_size *z, const xf_wear_in *in, xf_wear_out *o)
{
    (void)z;
    (void)in;
    o->endurance = ((const cim_state *)st)->array.endurance;
    o->mean = o->max = 0.0; /* SRAM writes do not wear the cells out */
}

static void notes(const void *st, char *buf, size_t n)
{
    const cim_state *x = st;
    xf_buffer_note(buf, n, "intermediate buffer", &x->intermediate);
    xf_buffer_note(buf, n, "accumulator", &x->accumulator);
}

static void report(const void *st, const xf_engine_size *z, xf_result *r)
{
    (void)st;
    r->cim_arrays += z->arrays * z->dies;
}

static const xf_buffer *memory(const void *st)
{
    return &((const cim_state *)st)->intermediate;
}

static int tiles(const void *st)
{
    return ((const cim_state *)st)->tiles;
}

static const xf_mvm_array *array(const void *st)
{
    return &((const cim_state *)st)->array.core;
}

static int bits_per_cell(const void *st)
{
    return ((const cim_state *)st)->array.core.bits_per_cell;
}

const xf_engine_kind xf_engine_cim = {
    .name = "cim",
    .what = "8T-SRAM compute-in-memory tiles: operands written into arrays, then streamed",
    .runs = 1u << XF_OP_STATIC_MVM | 1u << XF_OP_DYNAMIC_MVM,
    .flags = XF_EK_FIXED_POINT | XF_EK_GATEABLE,
    .own_arrays = 1u << XF_OP_DYNAMIC_MVM, /* Q^T and V arrays; streamed weights share them */
    .techs = 1u << XF_TR_SRAM_CIM | 1u << XF_TR_ADC | 1u << XF_TR_DAC | 1u << XF_TR_SAMPLE_HOLD |
             1u << XF_TR_SHIFT_ADD | 1u << XF_TR_BUFFER,
    .state_size = sizeof(cim_state),
    .params = params,
    .derive = derive,
    .link = link,
    .size = size,
    .area = area,
    .layer = layer,
    .run = run,
    .static_power = static_power,
    .wear = wear,
    .report = report,
    .notes = notes,
    .memory = memory,
    .tiles = tiles,
    .bits_per_cell = bits_per_cell,
    .array = array,
};
