/* One point of a sweep: its configuration (the worker's cache of built architectures, each new
 * one the live architecture updated by the overrides that changed), its workload buffer, and
 * the evaluation through xf_evaluate into a row for the writer.
 *
 * Invariant: a configuration's cached architecture is exactly what a full build of the spec
 * with the point's overrides gives (xf_arch_update's guarantee); a failure marks the live
 * architecture for a full rebuild. */
#include "sweep_work.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------- one point */

static int configure(worker *W, const long long *dg, xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    int a = (int)dg[XF_DIGIT_ARCH];
    long long key = a;
    for (int k = 0; k < s->n_sets; k++)
        key = key * s->sets[k].range.count + dg[XF_DIGIT_SET(s, k)];
    cfg_slot *c = &W->cfg[key % XF_SWEEP_CFG_CACHE];
    W->cur = c;
    if (c->state != 0 && c->key == key) {
        if (c->state > 0)
            return XF_OK;
        *err = c->err;
        return err->code;
    }
    c->state = -1;
    c->key = key;
    xf_err_clear(&c->err);
    if (c->arch == NULL)
        c->arch = malloc(sizeof *c->arch);
    if (c->params == NULL)
        c->params = malloc(s->params_max);
    if (c->resolved == NULL)
        c->resolved = malloc(s->resolved_max);
    if (c->arch == NULL || c->params == NULL || c->resolved == NULL) {
        c->state = 0;
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    const char *as[XF_SWEEP_MAX_SETS];
    char bufs[XF_SWEEP_MAX_SETS][700];
    /* Overriding a key again replaces its record in the configuration (xf_cfg_override), so
     * one loaded copy serves every point of the sweep. */
    int changed[XF_SWEEP_MAX_SETS], n_changed = 0;
    for (int k = 0; k < s->n_sets; k++) {
        long long v = dg[XF_DIGIT_SET(s, k)];
        as[k] = xf_sweep_assignment(s, k, v, bufs[k], sizeof bufs[k]);
        if (W->applied[a][k] == v)
            continue;
        W->applied[a][k] = -1;
        if (xf_arch_spec_set(W->specs[a], as[k], &c->err) != XF_OK) {
            W->live_ok[a] = 0; /* the spec may hold part of it */
            break;
        }
        W->applied[a][k] = v;
        changed[n_changed++] = k;
    }
    if (c->err.code == XF_OK && !W->live[a] && !(W->live[a] = malloc(sizeof *W->live[a])))
        xf_err_set(&c->err, XF_ERR_RUNTIME, "out of memory");
    if (c->err.code == XF_OK) {
        xf_arch *live = W->live[a];
        if (!W->live_ok[a])
            W->live_ok[a] = xf_arch_build(W->specs[a], live, &c->err) == XF_OK;
        else
            for (int i = 0; i < n_changed && W->live_ok[a]; i++)
                W->live_ok[a] = xf_arch_update(W->specs[a], live, as[changed[i]], &c->err) == XF_OK;
        if (W->live_ok[a])
            memcpy(c->arch, live, sizeof *c->arch);
    }
    /* the overrides as given (to re-run it) and the identity of what they resolve to */
    char typed[XF_HASH_HEX];
    if (c->err.code == XF_OK && xf_config_hash(s->base_hash[a], as, s->n_sets, typed, c->params,
                                               s->params_max, &c->err) == XF_OK)
        xf_ident_config(s->ident[a], s->techlib, W->specs[a], c->arch, c->config_hash, c->resolved,
                        s->resolved_max, &c->err);
    c->state = c->err.code == XF_OK ? 1 : -1;
    if (c->state < 0) {
        *err = c->err;
        return err->code;
    }
    return XF_OK;
}

/* The workload buffer of the point's (model, seq, batch, context) and the point itself. */
static xf_workload *workload(worker *W, const long long *dg, xf_wl_params *p, xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    long long dm = dg[XF_DIGIT_MODEL(s)], dsq = dg[XF_DIGIT_SEQ(s)], db = dg[XF_DIGIT_BATCH(s)],
              dc = dg[XF_DIGIT_CONTEXT(s)];
    long long key = ((dm * s->seq.count + dsq) * s->batch.count + db) * s->context.count + dc;
    wl_slot *c = &W->cache[key % XF_SWEEP_WL_CACHE];
    if (c->w == NULL && (c->w = calloc(1, sizeof *c->w)) == NULL) {
        xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        return NULL;
    }
    xf_wl_params_default(p);
    p->phase = s->phase;
    p->head = s->head;
    p->seq = xf_sweep_int_value(&s->seq, dsq);
    p->batch = xf_sweep_int_value(&s->batch, db);
    p->context = xf_sweep_int_value(&s->context, dc);
    p->tokens = s->phase == XF_PHASE_GENERATE ? s->tokens : 0;
    return c->w;
}

int xf_sweep_eval_point(worker *W, long long i, srow *row, xf_result *res, char *params_slot,
                        xf_err *err)
{
    xf_sweep_spec *s = W->S->s;
    long long dg[XF_SWEEP_MAX_SETS + 5];
    xf_sweep_digits(s, i, dg);
    if (configure(W, dg, err) != XF_OK)
        return err->code;
    xf_wl_params p;
    xf_workload *w = workload(W, dg, &p, err);
    if (w == NULL)
        return err->code;
    if (xf_evaluate(W->cur->arch, &s->model[dg[XF_DIGIT_MODEL(s)]], &p, w, res, err) != XF_OK)
        return err->code;
    row->idx = i;
    row->arch = (int)dg[XF_DIGIT_ARCH];
    row->model = (int)dg[XF_DIGIT_MODEL(s)];
    /* a generation's workload is its last step: the point is the prompt and the tokens */
    const xf_wl_params *pt = p.phase == XF_PHASE_GENERATE ? &p : &w->params;
    row->seq = pt->seq;
    row->batch = pt->batch;
    row->context = pt->phase == XF_PHASE_DECODE ? pt->context : 0;
    row->dec_seq = pt->dec_seq;
    row->tokens = res->tokens;
    row->gen[0] = res->tokens > 0 ? res->ttft : NAN;
    row->gen[1] = res->tokens > 0 ? res->tokens_per_s : NAN;
    row->gen[2] = res->tokens > 0 ? res->energy_per_token : NAN;
    row->head = w->params.head;
    row->m[0] = res->latency;
    row->m[1] = res->energy;
    row->m[2] = res->area_known ? res->area * 1e6 : NAN; /* unknown: NULL in the database */
    row->m[3] = res->power;
    row->m[4] = res->tops;
    row->m[5] = res->tops_per_w;
    row->m[6] = res->edp;
    row->m[7] = res->nvm_writes;
    row->m[8] = res->area_known ? res->power_density * 1e-4 : NAN;
    row->m[9] = res->over_die;
    row->m[10] = res->over_power;
    memcpy(row->config_hash, W->cur->config_hash, XF_HASH_HEX);
    xf_point_hash(W->cur->config_hash, s->model_key[row->model], pt, row->point_hash);
    strcpy(params_slot, W->cur->params);
    row->params = params_slot;
    row->resolved = params_slot + s->params_max;
    strcpy(row->resolved, W->cur->resolved);
    return XF_OK;
}
