/* Crossbar engine (kind "xbar"): NVM crossbar tiles -> cores -> crossbars.
 *
 * Static MVMs are weight-stationary: a k x n weight occupies ceil(k/rows) x ceil(n/(cols/
 * slices)) crossbars, every token goes through all of them in one full MVM, the copies of the
 * weights the die holds take that many tokens at once, row-block partial sums are added
 * digitally, and inputs and outputs go through the tile's shared memory. When one copy does
 * not fit, the weights are written before use (nvm_reprogram rows, NVM writes counted).
 *
 * Dynamic MVMs (NVM-ideal, X-Former Sec. VII-B): K^T or V is written into crossbars for every
 * input, then the queries or probability rows stream through it; the compute waits on the
 * write. With decompose_qk (ReTransformer, ICCAD'20) X^T is written once per layer instead.
 *
 * Sizing: the die has `tiles` tiles of cores_per_tile x xbars_per_core crossbars; the copies
 * of the weights are derived, copies = floor((crossbars - dynamic operands) / crossbars of one
 * copy), and with fewer than one the weights are reprogrammed per layer. Under iso-area the
 * engine fills the room the reference leaves: tiles for one copy and the dynamic operands,
 * then as many copies of the weights as fit.
 */
#include "engines.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    /* keys */
    int tiles, cores_per_tile, xbars_per_core;
    int write_parallel; /* crossbars programmed concurrently */
    int decompose_qk;   /* dynamic MVMs: write X^T, not K^T and V */
    int rows, cols, adcs, adc_bits, dac_bits, port_bits, scratch_port_bits;
    int adc_policy, adc_charge, encoding_bits, pipeline_stages;
    double adc_rate, shared_bytes, scratch_bytes, t_read;
    /* derived */
    xf_analog_periph p;
    xf_xbar xbar;
    xf_buffer shared_mem, scratchpad;
} xbar_state;

_Static_assert(sizeof(xbar_state) <= XF_ENGINE_STATE_BYTES, "xbar state exceeds the die slot");

#define KEY(k, t, dim, lo, hi, fl, d, field)                                                       \
    {                                                                                              \
        k, t, dim, lo, hi, fl, d, NULL, offsetof(xbar_state, field)                                \
    }
static const xf_param_def params[] = {
    KEY("tiles", XF_P_INT, 0, 1, 1000000, XF_REQ, 36, tiles),
    KEY("cores_per_tile", XF_P_INT, 0, 1, 4096, XF_REQ, 8, cores_per_tile),
    KEY("xbars_per_core", XF_P_INT, 0, 1, 4096, XF_REQ, 6, xbars_per_core),
    KEY("write_parallel_xbars", XF_P_INT, 0, 1, 100000000, XF_OPT, 1, write_parallel),
    KEY("decompose_qk", XF_P_BOOL, 0, 0, 1, XF_OPT, 0, decompose_qk),
    KEY("xbar_rows", XF_P_INT, 0, 8, 4096, XF_REQ, 128, rows),
    KEY("xbar_cols", XF_P_INT, 0, 8, 4096, XF_REQ, 128, cols),
    KEY("adcs_per_xbar", XF_P_INT, 0, 1, 4096, XF_REQ, 2, adcs),
    KEY("adc_bits", XF_P_INT, 0, 1, 16, XF_REQ, 8, adc_bits),
    KEY("adc_rate", XF_P_QTY, XF_DIM_RATE, 0, 1e12, XF_OPT | XF_LO_OPEN, 0, adc_rate),
    KEY("dac_bits", XF_P_INT, 0, 1, 8, XF_REQ, 1, dac_bits),
    KEY("shared_mem", XF_P_QTY, XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0, shared_bytes),
    KEY("scratchpad", XF_P_QTY, XF_DIM_BYTES, 0, 1e12, XF_REQ | XF_LO_OPEN, 0, scratch_bytes),
    KEY("buffer_port_bits", XF_P_INT, 0, 8, 4096, XF_OPT, 256, port_bits),
    /* 0: the core buffer file's own port (PUMAsim's core memories: 16-bit words) */
    KEY("scratchpad_port_bits", XF_P_INT, 0, 8, 4096, XF_OPT, 0, scratch_port_bits),
    KEY("xbar_read_time", XF_P_QTY, XF_DIM_TIME, 0, 1e-3, XF_OPT | XF_LO_OPEN, 0, t_read),
    {"adc_policy", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_ADC_POLICY_FEWER_ROWS, xf_adc_policies,
     offsetof(xbar_state, adc_policy)},
    {"adc_charge", XF_P_CHOICE, 0, 0, 0, XF_OPT, XF_ADC_CHARGE_PER_CONVERSION, xf_adc_charges,
     offsetof(xbar_state, adc_charge)},
    KEY("adc_encoding_bits", XF_P_INT, 0, 0, 4, XF_OPT, 0, encoding_bits),
    KEY("mvm_pipeline_stages", XF_P_INT, 0, 1, 16, XF_OPT, 1, pipeline_stages),
    {NULL, 0, 0, 0, 0, 0, 0, NULL, 0}};
#undef KEY

static int derive(void *st, xf_grp *g, const xf_engine_env *env)
{
    xbar_state *x = st;
    xf_err *err = env->err;
    static const char *const gone[] = {"sizing", "weight_replicas"};
    for (int i = 0; i < 2; i++)
        if (xf_grp_has(g, gone[i]))
            return xf_grp_fail(g, gone[i],
                               "no longer a key: an engine is a fixed number of tiles and the "
                               "copies of the weights are derived from them (README "
                               "\"Architecture files\"); expected the line removed and tiles "
                               "set to the die's");
    /* The arch may state the array read time of its crossbars (the device file's is ISAAC's). */
    xf_tech nvm = *env->tech[XF_TR_NVM];
    if (x->t_read > 0)
        nvm.u.nvm.t_read = x->t_read;
    if (xf_analog_periph_init(&x->p, env, g, x->adc_bits, x->adc_rate, x->adc_charge,
                              x->dac_bits) != XF_OK)
        return err->code;
    if (x->adcs > x->cols)
        return xf_grp_fail(g, "adcs_per_xbar",
                           "%d ADCs for %d columns; expected at most one per column", x->adcs,
                           x->cols);
    xf_xbar_params xp = {.rows = x->rows,
                         .cols = x->cols,
                         .adcs = x->adcs,
                         .input_bits = env->a_bits,
                         .weight_bits = env->w_bits,
                         .shift_adds = 1,
                         .adc = &x->p.adc,
                         .dac = &x->p.dac,
                         .sh = &x->p.sh,
                         .sa = &x->p.sa,
                         .adc_policy = x->adc_policy,
                         .encoding_bits = x->encoding_bits,
                         .pipeline_stages = x->pipeline_stages};
    if (xf_xbar_init(&x->xbar, &nvm, &xp, err) != XF_OK) /* what is left: ADC resolution */
        return xf_engine_derive_fail(g, "adc_bits", err);
    xf_buffer_params sp = {x->shared_bytes, x->port_bits},
                     cp = {x->scratch_bytes, x->scratch_port_bits};
    if (xf_buffer_init(&x->shared_mem, env->tech[XF_TR_BUFFER], &sp, err) == XF_OK)
        xf_buffer_init(&x->scratchpad, env->tech[XF_TR_CORE_BUFFER], &cp, err);
    return err->code;
}

static int runs_dynamic(const xf_die *d, int self)
{
    return d->route[XF_ROLE_QK] == self || d->route[XF_ROLE_AV] == self;
}

static int link(void *st, const xf_die *d, int self, xf_grp *g, const xf_engine_env *env)
{
    (void)env;
    const xbar_state *x = st;
    if (x->decompose_qk && !runs_dynamic(d, self))
        return xf_engine_link_fail(g, "decompose_qk",
                                   "applies to an engine that runs the dynamic MVMs (the map sends "
                                   "them elsewhere); expected false");
    return XF_OK;
}

static double arrays_for(const xbar_state *x, double k, double n)
{
    return xf_mvm_arrays_for(&x->xbar.core, k, n);
}

static int is_qk(const xf_op *op)
{
    return op->role == XF_ROLE_QK;
}

/* Crossbars the dynamic operands of one layer occupy. */
static double dynamic_arrays(const xbar_state *x, const xf_layer *l, const xf_die *d, int self)
{
    double n = 0.0;
    for (int i = 0; i < l->n_ops; i++) {
        const xf_op *op = &l->ops[i];
        if (op->kind != XF_OP_DYNAMIC_MVM || d->route[op->role] != self)
            continue;
        int qk = is_qk(op);
        double keys = qk ? (double)op->n : (double)op->k;
        double dh = qk ? (double)op->k : (double)op->n;
        if (x->decompose_qk)
            n += qk ? arrays_for(x, dh * op->heads, keys) : 0.0; /* one X^T, shared */
        else
            n += op->heads * (qk ? arrays_for(x, dh, keys) : arrays_for(x, keys, dh));
    }
    return n;
}

/* Crossbars to hold every static weight mapped here once. */
static double weight_arrays(const xbar_state *x, const xf_workload *w, const xf_die *d, int self)
{
    double n = 0.0;
    for (int i = 0; i < w->n_layers; i++) {
        const xf_layer *l = &w->layers[i];
        double s = 0.0;
        for (int k = 0; k < l->n_ops; k++)
            if (l->ops[k].kind == XF_OP_STATIC_MVM && d->route[l->ops[k].role] == self)
                s += arrays_for(x, (double)l->ops[k].k, (double)l->ops[k].n);
        double copies = (l->stack && w->model.shared_layers) ? 1.0 : (double)l->repeat;
        n += s * copies;
    }
    return n;
}

/* Area of the tile memories of one tile. */
static double tile_area(const xbar_state *x)
{
    return x->shared_mem.area + x->cores_per_tile * x->scratchpad.area;
}

static int size(const void *st, const xf_size_in *in, xf_engine_size *z, xf_err *err)
{
    const xbar_state *x = st;
    const xf_workload *w = in->w;
    double per_tile = (double)x->cores_per_tile * x->xbars_per_core;
    memset(z, 0, sizeof *z);
    z->replicas = 1.0;
    z->weights = weight_arrays(x, w, in->die, in->self);
    /* Dynamic operands: one set of crossbars serves the layers one after another; in decode
     * every layer keeps its KV cache in crossbars (only new keys are written). */
    if (runs_dynamic(in->die, in->self)) {
        int decode = w->params.phase == XF_PHASE_DECODE;
        for (int i = 0; i < w->n_layers; i++) {
            double dyn = dynamic_arrays(x, &w->layers[i], in->die, in->self);
            if (decode)
                z->dynamic += dyn * w->layers[i].repeat;
            else
                z->dynamic = dyn > z->dynamic ? dyn : z->dynamic;
        }
    }
    if (in->room >= 0.0) {
        /* Iso-area: the tiles (with their memories) of one copy of the weights and the dynamic
         * operands, then crossbars in those tiles: the dynamic operands' first, then as many
         * copies of the weights as fit (copies share the tiles, as X-Former's replicas do). */
        z->tiles = ceil((z->weights + z->dynamic) / per_tile);
        double room = in->room - z->tiles * tile_area(x);
        z->arrays = room > 0 ? floor(room / x->xbar.core.area) : 0.0;
        double copies = floor((z->arrays - z->dynamic) / z->weights);
        z->replicas = copies >= 1.0 ? copies : 1.0;
        z->reprogram = copies < 1.0;
    } else {
        /* A fixed die, on as many dies as the weights need (chip.dies) or one die that
         * reprograms them. The layers run one die after another, each die holding its layers'
         * weights beside one set of dynamic operands (prefill: the largest layer's) or its
         * layers' KV caches (decode: every layer keeps its own); the copies of the weights
         * follow from what is left. */
        z->tiles = x->tiles;
        z->arrays = z->tiles * per_tile;
        int decode = w->params.phase == XF_PHASE_DECODE;
        double a = z->arrays, dyn = z->dynamic, need = 1.0;
        if (!in->reprogram && z->weights > 0) {
            if (decode)
                need = ceil((z->weights + dyn) / a);
            else if (a > dyn)
                need = ceil(z->weights / (a - dyn));
        }
        if (need > XF_MAX_DIES)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: the model's %.4g crossbars of weights need %.4g dies of %.0f "
                              "crossbars; expected at most %d dies (chip.overflow = \"reprogram\" "
                              "writes them per layer on one die)",
                              in->file, z->weights, need, a, XF_MAX_DIES);
        if (in->dies > 0 && in->dies < need)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: chip.dies = %d: the model's %.0f crossbars of weights%s need "
                              "%.0f dies of %.0f crossbars; expected chip.dies >= %.0f (or 0: as "
                              "many as it needs)",
                              in->file, in->dies, z->weights,
                              dyn > 0 ? " beside the dynamic operands" : "", need, a, need);
        z->dies = in->dies > 0 ? in->dies : (int)need;
        if (decode)
            z->dynamic = ceil(dyn / z->dies);
        double copies = z->weights > 0 ? floor(z->dies * (a - z->dynamic) / z->weights) : 1.0;
        z->replicas = copies >= 1.0 ? copies : 1.0;
        z->reprogram = copies < 1.0;
    }
    /* The dynamic operands (K^T and V of every key) grow with the sequence while the area
     * hardly does; past some length they alone fill it. */
    int no_room =
        z->arrays <= 0 || z->arrays < z->dynamic || (z->weights > 0 && z->arrays <= z->dynamic);
    if (no_room) {
        unsigned long long keys = w->params.phase == XF_PHASE_DECODE
                                      ? (unsigned long long)w->params.context + 1
                                      : (unsigned long long)w->params.seq;
        char dyn[160] = "";
        if (z->dynamic > 0)
            snprintf(dyn, sizeof dyn, " and %.4g for K^T and V of %llu keys", z->dynamic, keys);
        if (in->room >= 0.0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: iso_area: the reference %s (%.4g mm^2) leaves no room for "
                              "crossbars: %.4g needed for the weights%s, in %.4g tiles; "
                              "expected %s",
                              in->file, in->iso_ref, in->iso_ref_area * 1e6, z->weights, dyn,
                              z->tiles,
                              z->dynamic > 0 ? "a shorter sequence or context, or a larger "
                                               "reference"
                                             : "a larger reference");
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: the engine's %.4g crossbars cannot hold the dynamic operands: "
                          "%.4g needed%s; expected more tiles or a shorter sequence or context",
                          in->file, z->arrays, z->dynamic, dyn);
    }
    return XF_OK;
}

static void area(const void *st, const xf_engine_size *z, double *by_comp)
{
    const xbar_state *x = st;
    xf_mvm_area_split(&x->xbar.core, z->arrays, XF_COMP_XBAR, by_comp);
    by_comp[XF_COMP_BUFFER] += z->tiles * tile_area(x);
}

/* Every crossbar's peripherals and every tile's memories. */
static void static_power(const void *st, const xf_engine_size *z, double *by_comp)
{
    const xbar_state *x = st;
    xf_mvm_leak_split(&x->xbar.core, z->arrays, by_comp);
    by_comp[XF_COMP_BUFFER] +=
        z->tiles * (x->shared_mem.leak + x->cores_per_tile * x->scratchpad.leak);
}

static void run_static(const xbar_state *x, const xf_run_ctx *c, const xf_op *op,
                       xf_engine_out *out)
{
    const xf_mvm_array *xb = &x->xbar.core;
    double m = (double)op->m * (double)op->heads;
    double arrays = arrays_for(x, (double)op->k, (double)op->n);
    double t = ceil(m / c->z->replicas) * xb->t_mvm;
    /* the copies working at once: one token each */
    double copies = m < c->z->replicas ? m : c->z->replicas;
    double share = xf_share(arrays * copies, c->z->arrays);
    xf_engine_row *r = xf_engine_row_add(out, op->name, XF_PART_COMPUTE, c->self);
    r->occupancy = share;
    xf_mvm_energy_split(xb, m * arrays, XF_COMP_XBAR, r);
    double row_blocks = ceil((double)op->k / xb->rows);
    xf_row_energy(r, XF_COMP_SHIFT_ADD, (row_blocks - 1.0) * (double)op->n * m * x->p.sa.e_op);
    xf_row_energy(r, XF_COMP_BUFFER,
                  xf_buffer_read_energy(&x->shared_mem, (double)op->act_in_bytes) +
                      xf_buffer_write_energy(&x->shared_mem, (double)op->act_out_bytes));
    r->latency = r->busy = t;
    if (c->sb > 0) { /* one block of SB tokens: its own MVM rounds over the copies */
        double bm = (c->sb < (long long)op->m ? (double)c->sb : (double)op->m) * (double)op->heads;
        r->block = ceil(bm / c->z->replicas) * xb->t_mvm;
    }
    if (c->z->reprogram) {
        xf_engine_row *wr = xf_engine_row_add(out, "nvm_reprogram", XF_PART_WEIGHT_WRITE, c->self);
        double xbars = arrays * c->z->replicas;
        xf_row_energy(wr, XF_COMP_NVM_WRITE, xbars * xb->e_write);
        wr->latency = wr->busy = ceil(xbars / x->write_parallel) * xb->t_write;
        wr->nvm_writes = xbars * xb->rows * xb->cols;
        wr->occupancy = xf_share(xbars, c->z->arrays);
    }
}

/* Write `elements` operand values into `arrays` crossbars whose rows_used rows are programmed
 * row by row (arrays in parallel, write_parallel at a time). */
static void write_operand(const xbar_state *x, const xf_run_ctx *c, xf_engine_out *out,
                          const char *name, double elements, double arrays, double rows_used,
                          int rewrites)
{
    const xf_mvm_array *xb = &x->xbar.core;
    xf_engine_row *r = xf_engine_row_add(out, name, XF_PART_OPERAND_WRITE, c->self);
    double cells = elements * xb->slices;
    xf_row_energy(r, XF_COMP_NVM_WRITE, cells * xb->e_write_cell * xb->verify_iters);
    double rows = rows_used < xb->rows ? rows_used : xb->rows;
    r->latency = r->busy =
        ceil(arrays / x->write_parallel) * rows * xb->t_write_row * xb->verify_iters;
    r->nvm_writes = cells * xb->verify_iters;
    r->rewrites_dynamic = rewrites;
    r->occupancy = xf_share(arrays, c->z->arrays);
}

static void compute(const xbar_state *x, const xf_run_ctx *c, xf_engine_out *out, const char *name,
                    xf_part part, double arrays, double streams, double sequential)
{
    const xf_mvm_array *xb = &x->xbar.core;
    if (part == XF_PART_COMPUTE)
        out->main = out->n;
    xf_engine_row *r = xf_engine_row_add(out, name, part, c->self);
    xf_mvm_energy_split(xb, arrays * streams, XF_COMP_XBAR, r);
    r->latency = r->busy = sequential * xb->t_mvm;
    r->occupancy = xf_share(arrays, c->z->arrays);
}

/* K^T (d_head rows, keys x slices columns per head) or V (keys rows, d_head x slices columns)
 * is written for every input, then the queries or probability rows stream through it. With
 * decompose_qk X^T is written once per layer (d_model x keys, one copy serving every head and
 * A.V through a transposable array): Q K^T = (Q W_K^T) X^T and A V = (A X) W_V, with the extra
 * products on pre-programmed weights and the heads taking turns on the one X^T. */
static void run_dynamic(const xbar_state *x, const xf_run_ctx *c, const xf_op *op,
                        xf_engine_out *out)
{
    const xf_mvm_array *xb = &x->xbar.core;
    int qk = is_qk(op);
    double h = (double)op->heads, mq = (double)op->m;
    double keys = qk ? (double)op->n : (double)op->k;
    double dh = qk ? (double)op->k : (double)op->n;
    /* Only newly produced keys are written (all of them in prefill, one per sequence in
     * decode, where the rest of the cache is already in the crossbars): the workload's count. */
    double new_keys = (double)op->nvm_writes / xb->slices / (h * dh);
    if (!x->decompose_qk) {
        double arrays = qk ? arrays_for(x, dh, keys) : arrays_for(x, keys, dh);
        /* K^T: a new key is a column, so every one of the d_head rows is programmed;
         * V: a new key is a row. */
        write_operand(x, c, out, qk ? "k_write" : "v_write", h * dh * new_keys, h * arrays,
                      qk ? dh : new_keys, qk);
        compute(x, c, out, op->name, XF_PART_COMPUTE, h * arrays, mq, mq);
        return;
    }
    double d = h * dh;
    if (qk) {
        double xt = arrays_for(x, d, keys);
        write_operand(x, c, out, "x_write", d * new_keys, xt, d, 1);
        /* R_h = Q_h W_K,h^T: d_head -> d_model on stored weights, all heads in parallel */
        compute(x, c, out, "q_wkT", XF_PART_EXTRA_MVM, h * arrays_for(x, dh, d), mq, mq);
        /* R_h X^T on the one X^T copy: heads one after another */
        compute(x, c, out, op->name, XF_PART_COMPUTE, xt, h * mq, h * mq);
    } else {
        double xa = arrays_for(x, keys, d);
        /* P_h = A_h X on the transposable X (already written), then P_h W_V,h */
        compute(x, c, out, "a_x", XF_PART_EXTRA_MVM, xa, h * mq, h * mq);
        compute(x, c, out, op->name, XF_PART_COMPUTE, h * arrays_for(x, d, dh), mq, mq);
    }
}

static void run(const void *st, const xf_run_ctx *c, const xf_op *op, xf_engine_out *out)
{
    if (op->kind == XF_OP_STATIC_MVM)
        run_static(st, c, op, out);
    else
        run_dynamic(st, c, op, out);
}

/* Writes per cell: the reprogrammed weight crossbars are all rewritten each time their layer
 * comes; the dynamic-operand crossbars take every K^T (or X^T) write of every layer, and a
 * decode step writes each appended cell once. */
static void wear(const void *st, const xf_engine_size *z, const xf_wear_in *in, xf_wear_out *o)
{
    const xbar_state *x = st;
    const xf_mvm_array *xb = &x->xbar.core;
    o->endurance = x->xbar.endurance;
    o->mean = o->max = 0.0;
    if (in->writes <= 0.0 || z->arrays <= 0)
        return;
    double cells = z->arrays * xb->rows * xb->cols;
    o->mean = in->writes / cells;
    double dyn_cells = z->dynamic * xb->rows * xb->cols;
    double max = o->mean;
    if (in->runs_dynamic && in->decode)
        max = xb->verify_iters;
    else if (in->runs_dynamic && dyn_cells > 0)
        max = (in->rewrites > 0 ? in->rewrites : 1.0) * xb->verify_iters;
    else if (z->reprogram)
        max = ceil(o->mean);
    o->max = max > o->mean ? max : o->mean;
}

static void notes(const void *st, char *buf, size_t n)
{
    const xbar_state *x = st;
    xf_buffer_note(buf, n, "shared memory", &x->shared_mem);
    xf_buffer_note(buf, n, "scratchpad", &x->scratchpad);
}

static void report(const void *st, const xf_engine_size *z, xf_result *r)
{
    (void)st;
    r->xbars_needed += z->weights;
    r->xbars_available += z->arrays * z->dies;
    r->reprogram |= z->reprogram;
}

static const xf_buffer *memory(const void *st)
{
    return &((const xbar_state *)st)->shared_mem;
}

static int tiles(const void *st)
{
    return ((const xbar_state *)st)->tiles;
}

static const xf_mvm_array *array(const void *st)
{
    return &((const xbar_state *)st)->xbar.core;
}

static int bits_per_cell(const void *st)
{
    return ((const xbar_state *)st)->xbar.core.bits_per_cell;
}

const xf_engine_kind xf_engine_xbar = {
    .name = "xbar",
    .what = "NVM crossbar tiles: weight-stationary MVMs, dynamic operands written per input",
    .runs = 1u << XF_OP_STATIC_MVM | 1u << XF_OP_DYNAMIC_MVM,
    .flags = XF_EK_SPATIAL | XF_EK_FIXED_POINT | XF_EK_GATEABLE | XF_EK_OWN_KV,
    .own_arrays = 1u << XF_OP_STATIC_MVM | 1u << XF_OP_DYNAMIC_MVM,
    .techs = 1u << XF_TR_NVM | 1u << XF_TR_ADC | 1u << XF_TR_DAC | 1u << XF_TR_SAMPLE_HOLD |
             1u << XF_TR_SHIFT_ADD | 1u << XF_TR_BUFFER,
    .state_size = sizeof(xbar_state),
    .params = params,
    .derive = derive,
    .link = link,
    .size = size,
    .area = area,
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
