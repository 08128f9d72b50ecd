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
 *   one, in the attention phase for data going to a dynamic MVM and in the phase after it for
 *   a dynamic MVM's result.
 * - Phases: P1 = the ops up to the layer's last dynamic MVM (pre-norms, Q/K/V projections, their
 *   transfers, the dynamic MVMs with their operand writes, scaling, softmax, spills) and
 *   P2 = the ops after it (the transfer back, O projection, FFN, norms, adds). Without
 *   sequence blocking T = S_1 + S_2, S_p the sum of the phase's rows.
 * - Sequence blocking of SB tokens (N_B = ceil(n / SB) blocks): each phase is a pipeline (flow
 *   shop) of its rows over the blocks. Every row runs on a resource: an op that works in
 *   arrays of its own (xf_engine_kind.own_arrays: a static MVM's crossbars, unless the engine
 *   reprograms its weights, or a dynamic MVM's Q^T or V arrays; K and V beside Q count with
 *   Q's group) is a resource by itself, any other row uses its engine (the SFU, the bus, the
 *   DRAM). A block takes f = SB / n of each row's time; the phase's rows form a chain (bus ->
 *   QK^T -> softmax -> A.V, O -> FFN ...), consecutive blocks follow each other through it,
 *   and a resource serves one block at a time, so with M_p the largest load of a resource in
 *   the phase (the sum of its rows' busy times):
 *       F_p = S_p f + (N_B - 1) M_p f
 *   one block through the whole chain, then one block per period of the bottleneck resource.
 *   A short last block is charged as a full one (an engine rounds its MVMs up per block and
 *   per copy of the weights): F_p grows with n, one block gives F_p = S_p.
 *   A query block's attention is final only when the last key block has passed (softmax
 *   needs every key), so P2 starts after P1:  T = min(F_1 + F_2, S_1 + S_2), the second
 *   term the same rows in one block (blocking is never slower). Work done once per layer
 *   (weights reprogrammed into the crossbars the blocks then use) is added whole.
 * - Fusion (dataflow.fusion = "layers"): the O/FFN blocks of layer k and the Q/K/V and
 *   attention blocks of layer k+1 form one pipeline (block i of layer k+1 starts when block i
 *   of layer k has left its FFN); for a stack of R identical layers
 *       T_stack = F_1 + (R - 1) F_21 + F_2,
 *   F_21 the flow-shop time of P2 followed by P1 (S_21 = S_1 + S_2, loads added per resource;
 *   F_21 <= F_1 + F_2). Each layer instance reports min(T_stack / R, S_1 + S_2).
 *   The pipeline's gain is the layer's sb_overlap row (a negative latency).
 * - Dies (chip.dies): a model whose weights need N dies runs its layers one die after another;
 *   at each of the N - 1 boundaries the activations of every token (tokens x d_model x act_bits)
 *   cross the die-to-die link (map.die_link). The boundaries are charged evenly over the layer
 *   instances (each carries (N - 1) / L of one crossing, L the instances of the model) as a
 *   die_link row, outside the blocks: the next die starts when the activations have arrived.
 * Static power: every engine's static power by component, over the time the accounting powers
 * it (charge_static); always-on units are on every die. Area: every engine's area for its
 * size, on every die.
 */
#include "xf/schedule.h"

#include <math.h>
#include <string.h>

/* Bookkeeping of one layer instance. */
/* Resources of the pipeline: the engines, then ops with arrays of their own (by op index). */
#define XF_RES_COUNT (XF_MAX_ENGINES + XF_LAYER_MAX_OPS)

typedef struct {
    double chain[2];              /* S_p: the rows' latencies, per phase */
    double bchain[2];             /* the same for one block */
    double fixed;                 /* per-layer work outside the blocks (weights reprogrammed) */
    double load[2][XF_RES_COUNT]; /* busy time of each resource in one block, per phase */
    double busy[XF_MAX_ENGINES];
    double powered[XF_MAX_ENGINES]; /* sum of occupancy x busy: the engine's powered time */
    double peak[XF_MAX_ENGINES];    /* largest occupancy */
    double writes[XF_MAX_ENGINES];
    double rewrites[XF_MAX_ENGINES];
    double e[XF_COMP_COUNT];
    double e_kind[XF_OP_KIND_COUNT];
    double spill_bytes;
    double link_bytes; /* over the die-to-die link */
    double sram_writes;
    double kv_read, kv_write; /* KV-cache bytes */
    int full;                 /* a row did not fit */
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

/* Record one row of op `op`: its share of the phase's critical path (lat), its resource's
 * load and its engine's busy time. */
static void account(xf_result *r, xf_layer_result *lr, layer_acc *acc, const xf_op *op,
                    const xf_engine_row *row, int phase, int res, double lat, double busy, double f)
{
    /* one block's share of the row: the engine's own figure, else f = SB / n */
    double g = row->block > 0.0 && row->latency > 0.0 ? row->block / row->latency : f;
    double en = 0.0;
    for (int i = 0; i < row->n_e; i++) {
        en += row->energy[i];
        acc->e[row->comp[i]] += row->energy[i];
    }
    acc->full |= row->too_many;
    add_row(r, lr, acc, row->name, op->role, row->part, op->flags, row->engine, lat, busy, en);
    acc->chain[phase] += lat;
    if (row->part == XF_PART_WEIGHT_WRITE) {
        acc->fixed += lat; /* once per layer, before its blocks, on crossbars they then use */
    } else {
        acc->bchain[phase] += lat * g;
        acc->load[phase][res] += busy * g;
    }
    acc->busy[row->engine] += busy;
    acc->powered[row->engine] += row->occupancy * busy;
    if (row->occupancy > acc->peak[row->engine])
        acc->peak[row->engine] = row->occupancy;
    acc->e_kind[op->kind] += en;
    acc->writes[row->engine] += row->nvm_writes;
    acc->sram_writes += row->sram_writes;
    acc->rewrites[row->engine] += row->rewrites_dynamic;
    acc->spill_bytes += row->spill_bytes;
}

/* Flow-shop time of a phase over `blocks` blocks (the formula in the note at the top): one
 * block's chain s, its bottleneck load m. */
static double flow_shop(double s, double m, double blocks)
{
    return s + (blocks - 1.0) * m;
}

static double max_load(const double *load)
{
    double m = 0.0;
    for (int i = 0; i < XF_RES_COUNT; i++)
        m = load[i] > m ? load[i] : m;
    return m;
}

/* The layer instance's latency with sequence blocking: T = F_1 + F_2, or with fusion the
 * stack's T_stack / R. */
static double blocked_latency(const layer_acc *acc, double blocks, int fuse, double rep)
{
    double one = acc->chain[0] + acc->chain[1];
    double f1 = flow_shop(acc->bchain[0], max_load(acc->load[0]), blocks);
    double f2 = flow_shop(acc->bchain[1], max_load(acc->load[1]), blocks);
    double t = f1 + f2 + acc->fixed;
    if (fuse && rep > 1.0) {
        double both[XF_RES_COUNT];
        for (int i = 0; i < XF_RES_COUNT; i++)
            both[i] = acc->load[0][i] + acc->load[1][i];
        double f21 = flow_shop(acc->bchain[0] + acc->bchain[1], max_load(both), blocks);
        t = (f1 + (rep - 1.0) * f21 + f2) / rep + acc->fixed;
    }
    return t < one ? t : one;
}

static int overflow(const xf_layer_result *lr, xf_err *err)
{
    return xf_err_set(err, XF_ERR_RUNTIME,
                      "internal limit: layer %s needs more than its %d result rows; expected at "
                      "most %d rows per op (XF_OP_MAX_ROWS)",
                      lr->name, lr->cap, XF_OP_MAX_ROWS);
}

/* A row the layer adds outside its ops and blocks (die_link, the KV cache): engine e is busy
 * for lat, its energy en goes to component c. */
static void layer_row(xf_result *r, xf_layer_result *lr, layer_acc *acc, const char *name,
                      xf_part part, int e, xf_comp c, double lat, double en)
{
    add_row(r, lr, acc, name, XF_ROLE_NONE, part, 0u, e, lat, lat, en);
    acc->e[c] += en;
    acc->busy[e] += lat;
    acc->powered[e] += lat;
}

/* The link's cost of `bytes` sent by one die (one hop). */
static xf_engine_row link_cost(const xf_die *d, double bytes)
{
    xf_engine_row row;
    memset(&row, 0, sizeof row);
    row.part = XF_PART_TRANSFER;
    row.engine = d->die_link;
    row.occupancy = 1.0;
    d->eng[d->die_link].kind->transfer(xf_die_state(d, d->die_link), bytes, &row);
    return row;
}

static double row_energy(const xf_engine_row *row)
{
    double en = 0.0;
    for (int i = 0; i < row->n_e; i++)
        en += row->energy[i];
    return en;
}

/* Pipeline over dies: (N - 1) / L of one crossing of the activations per layer instance
 * (the note at the top). Returns the time it adds. */
static double pipeline_row(const xf_die *d, const xf_workload *w, int dies, xf_result *r,
                           xf_layer_result *lr, layer_acc *acc)
{
    double inst = 0.0;
    for (int i = 0; i < w->n_layers; i++)
        inst += (double)w->layers[i].repeat;
    double share = (dies - 1.0) / inst;
    double bytes =
        (double)w->tokens * (double)w->params.batch * w->model.d_model * w->params.a_bits / 8.0;
    xf_engine_row row = link_cost(d, bytes);
    double lat = row.latency * share;
    layer_row(r, lr, acc, "die_link", XF_PART_TRANSFER, d->die_link, XF_COMP_LINK, lat,
              row_energy(&row) * share);
    acc->link_bytes += bytes * share;
    return lat;
}

/* Tensor parallelism over N dies: each transformer layer sums its attention output and its
 * FFN output over the dies, two ring all-reduces of B = tokens x d_model x act_bits / 8
 * bytes: each die sends 2 (N - 1) / N x B in 2 (N - 1) steps, so the time is the link's for
 * that many bytes plus 2 (N - 1) - 1 further hop latencies, and the energy N times one die's.
 * Layers outside the stacks (embeddings, the LM head) are not reduced. */
static double all_reduce_rows(const xf_die *d, const xf_workload *w, const xf_layer *l, int dies,
                              xf_result *r, xf_layer_result *lr, layer_acc *acc)
{
    if (!l->stack)
        return 0.0;
    double n = dies, bytes = (double)w->tokens * (double)w->params.batch * w->model.d_model *
                             w->params.a_bits / 8.0;
    double per_die = 2.0 * (n - 1.0) / n * bytes;
    xf_engine_row row = link_cost(d, per_die), hop = link_cost(d, 0.0);
    double lat = 2.0 * (row.latency + (2.0 * (n - 1.0) - 1.0) * hop.latency);
    layer_row(r, lr, acc, "all_reduce", XF_PART_TRANSFER, d->die_link, XF_COMP_LINK, lat,
              2.0 * n * row_energy(&row));
    acc->link_bytes += 2.0 * n * per_die;
    return lat;
}

/* Bytes of KV cache the on-die memories hold: the tile memories of map.kv_cache on every
 * die (the cache of a die's layers spread over its tiles). */
static double kv_capacity(const xf_die *d, const xf_engine_size *z, int *tiles)
{
    *tiles = 0;
    if (d->kv_memory < 0)
        return 0.0;
    const xf_engine_kind *k = d->eng[d->kv_memory].kind;
    const void *st = xf_die_state(d, d->kv_memory);
    *tiles = z[d->kv_memory].tiles > 0 ? (int)z[d->kv_memory].tiles : k->tiles(st);
    return k->memory(st)->capacity * *tiles * z[d->kv_memory].dies;
}

/* The KV cache of a decoder layer in decode, on a design whose attention engine does not hold
 * it (XF_EK_OWN_KV): chip.kv_placement puts a share `on` of the whole cache (every layer's) in
 * the on-die tile memories of map.kv_cache, the rest in the DRAM of map.kv_spill; each
 * layer's bytes split in that ratio. Each step reads the cached K and V of the context
 * (kv_cache_bytes - kv_append_bytes) for the new token and appends the new token's K and V
 * (kv_append_bytes): on die that append is the K/V projections' output write the engine
 * already charges, so only its DRAM share is added. The tiles of a die serve their share in
 * parallel. Outside the blocks (decode has one): added to the layer's time. Prefill keeps its
 * K and V in the memories the attention uses. */
static int kv_cache_rows(const xf_arch *a, const xf_workload *w, const xf_engine_size *z,
                         const xf_layer *l, xf_result *r, xf_layer_result *lr, layer_acc *acc,
                         double *t, xf_err *err)
{
    const xf_die *d = &a->die;
    if (w->params.phase != XF_PHASE_DECODE || l->kv_cache_bytes == 0 ||
        (d->eng[d->route[XF_ROLE_QK]].kind->flags & XF_EK_OWN_KV))
        return XF_OK;
    int tiles;
    double total = (double)w->kv_cache_bytes, cap = kv_capacity(d, z, &tiles);
    double on = a->kv_placement == XF_KV_DRAM || cap <= 0.0 ? 0.0
                : cap >= total                              ? 1.0
                                                            : cap / total;
    if (on < 1.0 && (a->kv_placement == XF_KV_ON_DIE_ONLY || d->kv_dram < 0))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: the KV cache of %.0f bytes exceeds the %.0f bytes of on-die "
                          "memory%s; expected %sa shorter context, a smaller batch or more dies",
                          a->file, total, cap, d->kv_dram < 0 ? " and there is no DRAM engine" : "",
                          d->kv_dram < 0 ? ""
                                         : "chip.kv_placement = \"on_die\" (the rest in DRAM), ");
    r->kv_bytes = total;
    r->kv_on_die_bytes = on * total;
    double wr = (double)l->kv_append_bytes, rd = (double)(l->kv_cache_bytes - l->kv_append_bytes);
    acc->kv_read += rd;
    acc->kv_write += wr;
    if (on > 0.0 && rd > 0.0) {
        const xf_buffer *m = d->eng[d->kv_memory].kind->memory(xf_die_state(d, d->kv_memory));
        double lat = xf_buffer_time(m, on * rd / tiles);
        layer_row(r, lr, acc, "kv_read", XF_PART_KV_CACHE, d->kv_memory, XF_COMP_BUFFER, lat,
                  xf_buffer_read_energy(m, on * rd));
        *t += lat;
    }
    if (on < 1.0) {
        const xf_dram *m = d->eng[d->kv_dram].kind->dram(xf_die_state(d, d->kv_dram));
        double bw = (1.0 - on) * wr, br = (1.0 - on) * rd;
        layer_row(r, lr, acc, "kv_write_dram", XF_PART_KV_CACHE, d->kv_dram, XF_COMP_DRAM,
                  xf_dram_time(m, bw), xf_dram_energy(m, bw));
        *t += xf_dram_time(m, bw);
        if (br > 0.0) {
            layer_row(r, lr, acc, "kv_read_dram", XF_PART_KV_CACHE, d->kv_dram, XF_COMP_DRAM,
                      xf_dram_time(m, br), xf_dram_energy(m, br));
            *t += xf_dram_time(m, br);
        }
    }
    return XF_OK;
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
    double f = nblk > 1.0 ? (double)sb / nq : 1.0; /* a full block's share of the rows */
    int dies = z[0].dies;
    /* tensor parallelism: every die does 1/N of each op (its heads, its slice of the tokens'
     * vectors), except the crossbars of a static MVM, which all work at once already */
    double tp = a->tensor_parallel && dies > 1 ? 1.0 / dies : 1.0;
    double group_max = 0.0; /* longest op of the running group of concurrent static MVMs */
    int leader = 0;         /* first op of that group: the group's resource */
    xf_engine_out out;
    for (int i = 0; i < l->n_ops; i++) {
        const xf_op *op = &l->ops[i];
        int phase = first >= 0 && i <= last ? 0 : 1;
        int e = d->route[op->role];
        const xf_engine_kind *k = d->eng[e].kind;
        int own =
            (k->own_arrays >> op->kind & 1u) && !(op->kind == XF_OP_STATIC_MVM && z[e].reprogram);
        xf_run_ctx ctx = {w, l, &z[e], scratch[e], sb_in_effect, e};
        out.n = out.main = out.full = 0;
        k->run(xf_die_state(d, e), &ctx, op, &out);
        if (out.full)
            return overflow(lr, err);
        int spatial = (k->flags & XF_EK_SPATIAL) && op->kind == XF_OP_STATIC_MVM;
        if (!(spatial && (op->flags & XF_OPF_CONCURRENT)))
            leader = i;
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
            int res = own && row->engine == e ? XF_MAX_ENGINES + leader : row->engine;
            lat *= spatial ? 1.0 : tp; /* a matrix's crossbars already work at once */
            busy *= spatial ? 1.0 : tp;
            account(r, lr, acc, op, row, phase, res, lat, busy, f);
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
                row.nvm_writes = row.sram_writes = row.spill_bytes = row.block = 0.0;
                row.rewrites_dynamic = row.n_e = row.too_many = 0;
                row.occupancy = 1.0;
                d->eng[d->transfer].kind->transfer(xf_die_state(d, d->transfer),
                                                   (double)op->act_out_bytes, &row);
                int tphase = op->kind == XF_OP_DYNAMIC_MVM ? 1 : 0;
                account(r, lr, acc, op, &row, tphase, d->transfer, row.latency * tp, row.busy * tp,
                        f);
            }
        }
    }
    double t_unblocked = acc->chain[0] + acc->chain[1];
    double t = t_unblocked;
    if (nblk > 1.0) {
        t = blocked_latency(acc, nblk, a->fuse_layers, (double)l->repeat);
        /* An engine whose ops work in arrays of their own can run several at once: it is
         * busy (some of its arrays working) at most the whole layer. */
        for (int e = 0; e < d->n; e++)
            if (acc->busy[e] > t)
                acc->busy[e] = t;
        int pe = d->route[XF_ROLE_Q_PROJ];
        add_row(r, lr, acc, "sb_overlap", XF_ROLE_NONE, XF_PART_OVERLAP, 0u, pe, t - t_unblocked,
                0.0, 0.0);
    }
    if (dies > 1 && d->die_link >= 0)
        t += a->tensor_parallel ? all_reduce_rows(d, w, l, dies, r, lr, acc)
                                : pipeline_row(d, w, dies, r, lr, acc);
    if (kv_cache_rows(a, w, z, l, r, lr, acc, &t, err) != XF_OK)
        return err->code;
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
        double units = (peak[e] > 1.0 ? peak[e] : 1.0) * z[e].dies, total = 0.0;
        int gated = a->accounting == XF_ACCOUNT_GATED && (k->flags & XF_EK_GATEABLE);
        /* full-power time: the busy time of the units in use, or the run for every unit of
         * every die */
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
        r->link_bytes += acc.link_bytes * rep;
        r->sram_writes += acc.sram_writes * rep;
        r->kv_read_bytes += acc.kv_read * rep;
        r->kv_write_bytes += acc.kv_write * rep;
    }
    charge_static(a, z, powered, peak, r);
    r->max_die_area = a->max_die_area;
    r->max_power_density = a->max_power_density;
    r->area_known = 1;
    r->dies = z[0].dies;
    for (int e = 0; e < d->n; e++) {
        double by[XF_COMP_COUNT] = {0};
        if (d->eng[e].kind->area)
            d->eng[e].kind->area(xf_die_state(d, e), &z[e], by);
        else
            r->area_known = 0;
        for (int c = 0; c < XF_COMP_COUNT; c++)
            r->area_by_comp[c] += by[c] * z[e].dies;
    }
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
