/* The schedule of a die (DESIGN.md section 6; X-Former sections IV-V): layers run one after
 * another, each op on the engine its role maps to; the engine returns the op's rows (latency,
 * busy time, dynamic energy by component), and the schedule places them on the layer's
 * critical path. It knows engines only through xf/engine.h and ops only by kind, role and
 * trait flags.
 *
 * Critical path of one layer instance:
 * - Concurrency: on a spatial engine (crossbars, whose weights sit in separate tiles) an op
 *   flagged XF_OPF_CONCURRENT overlaps the static MVM before it: it adds only what it takes
 *   beyond the running group's longest op (K and V beside Q). Any other op, or extra rows of
 *   the same engine (reprogramming), close the group.
 * - Transfers: an op flagged XF_OPF_HANDOFF whose consumer (xf_op.feeds) runs on another
 *   engine moves its output over the transfer engine (map.transfer) when the architecture has
 *   one, in the attention stage for data going to a dynamic MVM and in the stage after it for
 *   a dynamic MVM's result.
 * - Stages: A = ops before the layer's first dynamic MVM (Q/K/V projections, pre-norms),
 *   B = the attention ops (the dynamic MVMs, their writes, scaling, softmax, spill, bus),
 *   C = the ops after it (O projection, FFN, norms, adds). Without sequence blocking
 *   T = T_A + T_B + T_C.
 * - Sequence blocking of SB tokens (N_B = ceil(n / SB) blocks): the engine of the static MVMs
 *   produces Q/K/V of block i+1 while the attention engine works on block i:
 *       T = T_A/N_B + (N_B - 1) max(T_A/N_B, T_B/N_B) + T_B/N_B + T_C
 *   when SB divides n (a shorter last block takes its share: the two-stage flow-shop formula
 *   below), with T_B computed for an SB x SB intermediate (the engines see the block size) and
 *   the block accumulator traffic added. The attention engine keeps the stationary operands of
 *   the blocks it has received and streams each new vector to them, so its total work is the
 *   unblocked work spread over the blocks. O/FFN need the final attention of a block, complete
 *   only after the last key, so stage C does not overlap (the conservative reading). The
 *   pipeline's gain is the layer's sb_overlap row (a negative latency).
 * Static power: every engine's static power by component, over the time the accounting powers
 * it (charge_static). Area: every engine's area for its size.
 */
#include "xf/schedule.h"

#include <math.h>
#include <string.h>

/* Bookkeeping of one layer instance. */
typedef struct {
    double stage[3];
    double busy[XF_MAX_ENGINES];
    double powered[XF_MAX_ENGINES]; /* sum of occupancy x busy: the engine's powered time */
    double peak[XF_MAX_ENGINES];    /* largest occupancy */
    double writes[XF_MAX_ENGINES];
    double rewrites[XF_MAX_ENGINES];
    double e[XF_COMP_COUNT];
    double e_kind[XF_OP_KIND_COUNT];
    double spill_bytes;
    int full; /* a row did not fit */
} layer_acc;

static xf_layer_result *layer_begin(xf_result *r, int li, const xf_layer *l)
{
    xf_layer_result *lr = &r->layers[li];
    memset(lr, 0, sizeof *lr);
    memcpy(lr->name, l->name, sizeof lr->name);
    lr->stack = l->stack;
    lr->repeat = l->repeat;
    lr->first_row = r->n_rows;
    lr->cap = l->result_rows;
    if (lr->cap > XF_RES_MAX_ROWS - r->n_rows)
        lr->cap = XF_RES_MAX_ROWS - r->n_rows; /* not reached: the workload limits bound it */
    r->n_rows += lr->cap;
    return lr;
}

static void add_row(xf_result *r, xf_layer_result *lr, layer_acc *acc, const char *name,
                    xf_op_role role, xf_part part, unsigned flags, int engine, double latency,
                    double busy, double energy)
{
    if (lr->n_ops >= lr->cap) {
        acc->full = 1;
        return;
    }
    xf_op_result *o = &r->rows[lr->first_row + lr->n_ops++];
    o->name = name;
    o->role = role;
    o->part = part;
    o->op_flags = flags;
    o->engine = engine;
    o->latency = latency;
    o->busy = busy;
    o->energy = energy;
}

/* Record one row of op `op`: its share of the stage's critical path (lat) and its engine's
 * busy time. */
static void account(xf_result *r, xf_layer_result *lr, layer_acc *acc, const xf_op *op,
                    const xf_engine_row *row, int stage, double lat, double busy)
{
    double en = 0.0;
    for (int i = 0; i < row->n_e; i++) {
        en += row->energy[i];
        acc->e[row->comp[i]] += row->energy[i];
    }
    acc->full |= row->too_many;
    add_row(r, lr, acc, row->name, op->role, row->part, op->flags, row->engine, lat, busy, en);
    acc->stage[stage] += lat;
    acc->busy[row->engine] += busy;
    acc->powered[row->engine] += row->occupancy * busy;
    if (row->occupancy > acc->peak[row->engine])
        acc->peak[row->engine] = row->occupancy;
    acc->e_kind[op->kind] += en;
    acc->writes[row->engine] += row->nvm_writes;
    acc->rewrites[row->engine] += row->rewrites_dynamic;
    acc->spill_bytes += row->spill_bytes;
}

/* The layer's latency with sequence blocking: N_B - 1 full blocks of SB tokens and a last one
 * of 1..SB tokens, each taking its share of T_A and T_B. Two-stage pipeline (flow shop): the
 * layer's attention part ends at max over k of A(blocks 1..k) + B(blocks k..N_B), which for
 * blocks that are all full is T_A/N_B + (N_B - 1) max(T_A/N_B, T_B/N_B) + T_B/N_B. */
static double blocked_latency(const double *stage, double nq, double sb, double nblk)
{
    double full = nblk - 1.0, last = nq - full * sb;
    double fa = stage[0] * sb / nq, fb = stage[1] * sb / nq;
    double la = stage[0] * last / nq, lb = stage[1] * last / nq;
    double t1 = fa + full * fb + lb; /* k = 1 */
    double t2 = full * fa + fb + lb; /* k = N_B - 1 */
    double t3 = full * fa + la + lb; /* k = N_B */
    double tp = t1 > t2 ? t1 : t2;
    return (tp > t3 ? tp : t3) + stage[2];
}

static int overflow(const xf_layer_result *lr, xf_err *err)
{
    return xf_err_set(err, XF_ERR_RUNTIME,
                      "internal limit: layer %s needs more than its %d result rows; expected at "
                      "most %d rows per op (XF_OP_MAX_ROWS)",
                      lr->name, lr->cap, XF_OP_MAX_ROWS);
}

static int run_layer(const xf_arch *a, const xf_workload *w, const xf_engine_size *z, int li,
                     xf_result *r, layer_acc *acc, xf_err *err)
{
    const xf_die *d = &a->die;
    const xf_layer *l = &w->layers[li];
    xf_layer_result *lr = layer_begin(r, li, l);
    memset(acc, 0, sizeof *acc);
    int first = l->first_dynamic, last = l->last_dynamic;
    double scratch[XF_MAX_ENGINES][XF_ENGINE_SCRATCH];
    for (int e = 0; e < d->n; e++)
        if (d->eng[e].kind->layer)
            d->eng[e].kind->layer(xf_die_state(d, e), &z[e], l, d, e, scratch[e]);
    long long sb = a->sequence_block;
    double nq = first >= 0 ? (double)l->ops[first].m : 0.0;
    double nblk = (sb > 0 && first >= 0) ? ceil(nq / (double)sb) : 1.0;
    long long sb_in_effect = nblk > 1.0 ? sb : 0;
    double group_max = 0.0; /* longest op of the running group of concurrent static MVMs */
    xf_engine_out out;
    for (int i = 0; i < l->n_ops; i++) {
        const xf_op *op = &l->ops[i];
        int stage = first < 0 ? 2 : (i < first ? 0 : (i <= last ? 1 : 2));
        int e = d->route[op->role];
        const xf_engine_kind *k = d->eng[e].kind;
        xf_run_ctx ctx = {w, l, &z[e], scratch[e], sb_in_effect, e};
        out.n = out.main = out.full = 0;
        k->run(xf_die_state(d, e), &ctx, op, &out);
        if (out.full)
            return overflow(lr, err);
        int spatial = (k->flags & XF_EK_SPATIAL) && op->kind == XF_OP_STATIC_MVM;
        for (int j = 0; j < out.n; j++) {
            const xf_engine_row *row = &out.row[j];
            double lat = row->latency, busy = row->busy;
            if (spatial && j == out.main) {
                if (op->flags & XF_OPF_CONCURRENT) {
                    lat = busy = lat > group_max ? lat - group_max : 0.0;
                    if (row->latency > group_max)
                        group_max = row->latency;
                } else {
                    group_max = lat;
                }
            }
            account(r, lr, acc, op, row, stage, lat, busy);
        }
        if (!(spatial && out.n == 1))
            group_max = 0.0;
        if ((op->flags & XF_OPF_HANDOFF) && d->transfer >= 0 && first >= 0) {
            int to = d->route[op->feeds];
            if (to != e) {
                xf_engine_row row;
                row.name = d->transfer_row[to];
                row.part = XF_PART_TRANSFER;
                row.engine = d->transfer;
                row.nvm_writes = row.spill_bytes = 0.0;
                row.rewrites_dynamic = row.n_e = row.too_many = 0;
                row.occupancy = 1.0;
                d->eng[d->transfer].kind->transfer(xf_die_state(d, d->transfer),
                                                   (double)op->act_out_bytes, &row);
                int tstage = op->kind == XF_OP_DYNAMIC_MVM ? 2 : 1;
                account(r, lr, acc, op, &row, tstage, row.latency, row.busy);
            }
        }
    }
    double t_unblocked = acc->stage[0] + acc->stage[1] + acc->stage[2];
    double t = t_unblocked;
    if (nblk > 1.0) {
        t = blocked_latency(acc->stage, nq, (double)sb, nblk);
        int pe = d->route[XF_ROLE_Q_PROJ];
        add_row(r, lr, acc, "sb_overlap", XF_ROLE_NONE, XF_PART_OVERLAP, 0u, pe, t - t_unblocked,
                0.0, 0.0);
    }
    if (acc->full)
        return overflow(lr, err);
    lr->latency = t;
    double en = 0.0;
    for (int i = 0; i < XF_COMP_COUNT; i++)
        en += acc->e[i];
    lr->energy = en;
    return XF_OK;
}

/* Static energy: every engine's static power by component, over the time the accounting
 * powers it. Gated (PUMAsim): the units in use while they are busy (the rows' occupancy x
 * busy time); idle units are power-gated. Always on, or an engine that cannot be gated: every
 * unit for the whole run (a vector-lane engine counts the most lanes it uses at once). */
static void charge_static(const xf_arch *a, const xf_engine_size *z, const double *powered,
                          const double *peak, xf_result *r)
{
    const xf_die *d = &a->die;
    r->accounting = a->accounting;
    for (int e = 0; e < d->n; e++) {
        const xf_engine_kind *k = d->eng[e].kind;
        if (!k->static_power)
            continue;
        double p[XF_COMP_COUNT] = {0};
        k->static_power(xf_die_state(d, e), &z[e], p);
        double units = peak[e] > 1.0 ? peak[e] : 1.0, total = 0.0;
        int gated = a->accounting == XF_ACCOUNT_GATED && (k->flags & XF_EK_GATEABLE);
        /* full-power time: the busy time of the units in use, or the run for every unit */
        double t = gated ? powered[e] : units * r->latency;
        for (int c = 0; c < XF_COMP_COUNT; c++) {
            double s = p[c] * t;
            r->static_by_comp[c] += s;
            r->energy_by_comp[c] += s;
            r->static_energy += s;
            total += p[c];
        }
        r->static_power[e] = total * units;
        r->powered[e] = r->static_power[e] > 0 ? total * t / r->static_power[e] : 0.0;
    }
}

int xf_schedule(const xf_arch *a, const xf_workload *w, xf_result *r, xf_err *err)
{
    const xf_die *d = &a->die;
    xf_engine_size z[XF_MAX_ENGINES];
    if (xf_size_die(a, w, z, &r->iso_reference_area, err) != XF_OK)
        return err->code;
    r->n_engines = d->n;
    for (int e = 0; e < d->n; e++)
        memcpy(r->engine_name[e], d->eng[e].name, XF_ENGINE_NAME_LEN);
    r->replicas = d->static_engine >= 0 ? z[d->static_engine].replicas : 1.0;
    for (int e = 0; e < d->n; e++)
        if (d->eng[e].kind->report)
            d->eng[e].kind->report(xf_die_state(d, e), &z[e], r);
    r->inferences_per_s = a->inferences_per_s;
    r->sequence_block = a->sequence_block;
    r->n_layers = w->n_layers;
    double writes[XF_MAX_ENGINES] = {0}, rewrites[XF_MAX_ENGINES] = {0};
    double powered[XF_MAX_ENGINES] = {0}, peak[XF_MAX_ENGINES] = {0};
    layer_acc acc;
    for (int li = 0; li < w->n_layers; li++) {
        if (run_layer(a, w, z, li, r, &acc, err) != XF_OK)
            return err->code;
        double rep = (double)w->layers[li].repeat;
        r->latency += r->layers[li].latency * rep;
        for (int i = 0; i < XF_COMP_COUNT; i++)
            r->energy_by_comp[i] += acc.e[i] * rep;
        for (int k = 0; k < XF_OP_KIND_COUNT; k++)
            r->energy_by_kind[k] += acc.e_kind[k] * rep;
        for (int e = 0; e < d->n; e++) {
            r->busy[e] += acc.busy[e] * rep;
            writes[e] += acc.writes[e] * rep;
            rewrites[e] += acc.rewrites[e] * rep;
            powered[e] += acc.powered[e] * rep;
            if (acc.peak[e] > peak[e])
                peak[e] = acc.peak[e];
        }
        r->spill_bytes += acc.spill_bytes * rep;
    }
    charge_static(a, z, powered, peak, r);
    for (int e = 0; e < d->n; e++)
        d->eng[e].kind->area(xf_die_state(d, e), &z[e], r->area_by_comp);
    /* Wear: the device's endurance (of the first engine that has one) and the engine that
     * wears out first. */
    int have_endurance = 0;
    for (int e = 0; e < d->n; e++) {
        const xf_engine_kind *k = d->eng[e].kind;
        r->nvm_writes += writes[e];
        if (!k->wear)
            continue;
        xf_wear_in in = {writes[e], rewrites[e], w->params.phase == XF_PHASE_DECODE,
                         d->route[XF_ROLE_QK] == e || d->route[XF_ROLE_AV] == e};
        xf_wear_out o;
        k->wear(xf_die_state(d, e), &z[e], &in, &o);
        if (!have_endurance) {
            r->endurance = o.endurance;
            have_endurance = 1;
        }
        if (o.max > 0.0 && o.endurance / o.max < r->lifetime_infer) {
            r->endurance = o.endurance;
            r->writes_per_cell_mean = o.mean;
            r->writes_per_cell_max = o.max;
            r->lifetime_infer = o.endurance / o.max;
            r->lifetime_s = r->lifetime_infer / r->inferences_per_s;
        }
    }
    xf_result_finish(r, w);
    return XF_OK;
}
