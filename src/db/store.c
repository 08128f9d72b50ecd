/* Storing results: architecture configurations, run rows (one INSERT per row), their
 * component and layer breakdowns, and the links of sweep points to runs stored before. Why
 * apart: the write path of eval and sweep. Invariants: a point is stored once (point_hash is
 * unique; an existing run is kept, never overwritten, and only gains missing breakdowns); a
 * NaN metric is stored as NULL; xf_db_insert_runs works inside the caller's transaction,
 * xf_db_insert_run joins one or opens its own, xf_db_store_run opens its own. */
#include "schema.h"
#include "xf/version.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int xf_db_put_config(xf_db *db, const char *hash, const char *arch, const char *source,
                     const char *text, xf_err *err)
{
    if (xf_db_prepare(db, &db->put_config,
                      "INSERT INTO configs(hash, arch, source, text, created) "
                      "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(hash) DO NOTHING",
                      err) != XF_OK)
        return err->code;
    char now[32];
    sqlite3_stmt *st = db->put_config;
    sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, arch, -1, SQLITE_STATIC);
    if (source)
        sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 5, xf_db_now(now, sizeof now), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "storing a configuration", err);
    return XF_OK;
}

int xf_db_put_base_params(xf_db *db, const char *base_hash, const xf_arch_param *p, int n,
                          xf_err *err)
{
    if (xf_db_prepare(db, &db->put_base,
                      "INSERT INTO base_params(base_hash, key, value_num, value_text) "
                      "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->put_base;
    for (int i = 0; i < n; i++) {
        sqlite3_bind_text(st, 1, base_hash, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, p[i].key, -1, SQLITE_STATIC);
        if (p[i].is_num) {
            sqlite3_bind_double(st, 3, p[i].num);
            sqlite3_bind_null(st, 4);
        } else {
            sqlite3_bind_null(st, 3);
            sqlite3_bind_text(st, 4, p[i].text, -1, SQLITE_STATIC);
        }
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return xf_db_fail(db, rc, "storing a configuration's parameters", err);
    }
    return XF_OK;
}

/* The parameters a run's configuration resolves differently from its base, once per
 * configuration (consecutive runs of one configuration skip it). */
static int put_config_params(xf_db *db, const xf_db_row *row, xf_err *err)
{
    if (!row->resolved || strcmp(row->resolved, "{}") == 0 ||
        strcmp(db->last_cfgp, row->config_hash) == 0)
        return XF_OK;
    if (xf_db_prepare(db, &db->put_cfgp,
                      "INSERT INTO config_params(config_hash, key, value_num, value_text) "
                      "SELECT ?1, key, CASE WHEN type IN ('integer', 'real') THEN value END, "
                      "CASE WHEN type = 'text' THEN value END FROM json_each(?2) "
                      "WHERE true ON CONFLICT DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->put_cfgp;
    sqlite3_bind_text(st, 1, row->config_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, row->resolved, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "storing a configuration's parameters", err);
    snprintf(db->last_cfgp, sizeof db->last_cfgp, "%s", row->config_hash);
    return XF_OK;
}

void xf_db_row_metrics(xf_db_row *row, const xf_result *r)
{
    row->latency_s = r->latency;
    row->energy_j = r->energy;
    row->area_mm2 = r->area_known ? r->area * 1e6 : NAN; /* unknown (a GPU board): NULL */
    row->power_w = r->power;
    row->tops = r->tops;
    row->tops_per_w = r->tops_per_w;
    row->edp_js = r->edp;
    row->nvm_writes = r->nvm_writes;
    row->power_density_w_per_cm2 = r->area_known ? r->power_density * 1e-4 : NAN;
    row->over_die = r->over_die;
    row->over_power = r->over_power;
    row->tokens = r->tokens;
    row->ttft_s = r->tokens > 0 ? r->ttft : NAN;
    row->tokens_per_s = r->tokens > 0 ? r->tokens_per_s : NAN;
    row->energy_per_token_j = r->tokens > 0 ? r->energy_per_token : NAN;
}

static void bind_real(sqlite3_stmt *st, int i, double v)
{
    if (isnan(v))
        sqlite3_bind_null(st, i);
    else
        sqlite3_bind_double(st, i, v);
}

static int store_breakdown(xf_db *db, long long run_id, const xf_result *r, xf_err *err)
{
    if (xf_db_prepare(db, &db->ins_comp,
                      "INSERT INTO component_results(run_id, component, energy_j, area_mm2, "
                      "static_j) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
                      err) != XF_OK ||
        xf_db_prepare(db, &db->ins_layer,
                      "INSERT INTO layer_results(run_id, layer_idx, layer, instances, op_idx, op, "
                      "engine, latency_s, busy_s, energy_j) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
                      "?8, ?9, ?10) ON CONFLICT DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->ins_comp;
    for (int c = 0; c < XF_COMP_COUNT; c++) {
        if (r->energy_by_comp[c] == 0 && r->area_by_comp[c] == 0)
            continue;
        sqlite3_bind_int64(st, 1, run_id);
        sqlite3_bind_text(st, 2, xf_comp_name((xf_comp)c), -1, SQLITE_STATIC);
        bind_real(st, 3, r->energy_by_comp[c]);
        bind_real(st, 4, r->area_by_comp[c] * 1e6);
        bind_real(st, 5, r->static_by_comp[c]);
        int rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return xf_db_fail(db, rc, "storing component results", err);
    }
    st = db->ins_layer;
    int nl = r->n_layers < XF_WL_MAX_LAYERS ? r->n_layers : XF_WL_MAX_LAYERS;
    for (int l = 0; l < nl; l++) {
        const xf_layer_result *L = &r->layers[l];
        int nops = L->n_ops < L->cap ? L->n_ops : L->cap;
        for (int o = -1; o < nops; o++) {
            sqlite3_bind_int64(st, 1, run_id);
            sqlite3_bind_int(st, 2, l);
            sqlite3_bind_text(st, 3, L->name, -1, SQLITE_STATIC);
            sqlite3_bind_int(st, 4, L->repeat);
            sqlite3_bind_int(st, 5, o + 1);
            if (o < 0) {
                sqlite3_bind_text(st, 6, "layer", -1, SQLITE_STATIC);
                sqlite3_bind_null(st, 7);
                bind_real(st, 8, L->latency);
                sqlite3_bind_null(st, 9);
                bind_real(st, 10, L->energy);
            } else {
                const xf_op_result *op = &xf_layer_rows(r, L)[o];
                sqlite3_bind_text(st, 6, op->name ? op->name : "?", -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 7, xf_result_engine(r, op->engine), -1, SQLITE_STATIC);
                bind_real(st, 8, op->latency);
                bind_real(st, 9, op->busy);
                bind_real(st, 10, op->energy);
            }
            int rc = sqlite3_step(st);
            sqlite3_reset(st);
            if (rc != SQLITE_DONE)
                return xf_db_fail(db, rc, "storing layer results", err);
        }
    }
    return XF_OK;
}

#define RUN_COLS                                                                                   \
    "point_hash, config_hash, base_hash, sweep_id, point_idx, arch, model, seq, batch, phase, "    \
    "context, latency_s, energy_j, area_mm2, power_w, tops, tops_per_w, edp_js, nvm_writes, "      \
    "params, tool_version, created, dec_seq, head, power_density_w_per_cm2, over_die, "            \
    "over_power, "                                                                                 \
    "tokens, ttft_s, tokens_per_s, energy_per_token_j"

/* Bind a row to parameters k+1 .. k+RUN_NCOLS. */
static void bind_row(sqlite3_stmt *st, int k, const xf_db_row *row, const char *now)
{
    sqlite3_bind_text(st, k + 1, row->point_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 2, row->config_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 3, row->base_hash, -1, SQLITE_STATIC);
    if (row->sweep_id > 0)
        sqlite3_bind_int64(st, k + 4, row->sweep_id);
    else
        sqlite3_bind_null(st, k + 4);
    if (row->point_idx >= 0)
        sqlite3_bind_int64(st, k + 5, row->point_idx);
    else
        sqlite3_bind_null(st, k + 5);
    sqlite3_bind_text(st, k + 6, row->arch, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 7, row->model, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 8, row->seq);
    sqlite3_bind_int64(st, k + 9, row->batch);
    sqlite3_bind_text(st, k + 10, row->phase, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 11, row->context);
    bind_real(st, k + 12, row->latency_s);
    bind_real(st, k + 13, row->energy_j);
    bind_real(st, k + 14, row->area_mm2);
    bind_real(st, k + 15, row->power_w);
    bind_real(st, k + 16, row->tops);
    bind_real(st, k + 17, row->tops_per_w);
    bind_real(st, k + 18, row->edp_js);
    bind_real(st, k + 19, row->nvm_writes);
    sqlite3_bind_text(st, k + 20, row->params ? row->params : "{}", -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 21, XF_VERSION, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, k + 22, row->created ? row->created : now, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, k + 23, row->dec_seq);
    sqlite3_bind_int(st, k + 24, row->head);
    bind_real(st, k + 25, row->power_density_w_per_cm2);
    sqlite3_bind_int(st, k + 26, row->over_die);
    sqlite3_bind_int(st, k + 27, row->over_power);
    sqlite3_bind_int64(st, k + 28, row->tokens);
    bind_real(st, k + 29, row->ttft_s);
    bind_real(st, k + 30, row->tokens_per_s);
    bind_real(st, k + 31, row->energy_per_token_j);
}

/* A row whose insert stored nothing: find the stored run; link it to the row's sweep when it
 * belongs to another sweep or point. *mine = 1 when the stored run is this very sweep point
 * (stored by the same statement). */
static int find_and_link(xf_db *db, const xf_db_row *row, long long *run_id, int *mine, xf_err *err)
{
    if (xf_db_prepare(db, &db->find_run,
                      "SELECT id, sweep_id, point_idx FROM runs WHERE point_hash = ?1",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->find_run;
    sqlite3_bind_text(st, 1, row->point_hash, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    long long id = 0, sid = 0, pidx = -1;
    if (rc == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        sid = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
        pidx = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
    }
    sqlite3_reset(st);
    if (rc != SQLITE_ROW)
        return xf_db_fail(db, rc, "finding a stored run", err);
    if (run_id)
        *run_id = id;
    *mine = row->sweep_id > 0 && sid == row->sweep_id && pidx == row->point_idx;
    if (row->sweep_id > 0 && !*mine) {
        if (xf_db_prepare(db, &db->ins_link,
                          "INSERT INTO sweep_links(sweep_id, point_idx, run_id) "
                          "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                          err) != XF_OK)
            return err->code;
        st = db->ins_link;
        sqlite3_bind_int64(st, 1, row->sweep_id);
        sqlite3_bind_int64(st, 2, row->point_idx);
        sqlite3_bind_int64(st, 3, id);
        rc = sqlite3_step(st);
        sqlite3_reset(st);
        if (rc != SQLITE_DONE)
            return xf_db_fail(db, rc, "linking a run to its sweep", err);
    }
    return XF_OK;
}

static int insert_run(xf_db *db, const xf_db_row *row, const xf_result *bd, int *outcome,
                      long long *run_id, xf_err *err)
{
    if (xf_db_prepare(db, &db->ins_run,
                      "INSERT INTO runs(" RUN_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
                      "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, "
                      "?25, ?26, ?27, ?28, ?29, ?30, ?31) "
                      "ON CONFLICT(point_hash) DO NOTHING",
                      err) != XF_OK)
        return err->code;
    sqlite3_stmt *st = db->ins_run;
    char now[32];
    bind_row(st, 0, row, row->created ? row->created : xf_db_now(now, sizeof now));
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "storing a run", err);
    if (sqlite3_changes(db->h) > 0) {
        long long id = sqlite3_last_insert_rowid(db->h);
        if (outcome)
            *outcome = XF_DB_STORED;
        if (run_id)
            *run_id = id;
        if (put_config_params(db, row, err) != XF_OK)
            return err->code;
        return bd ? store_breakdown(db, id, bd, err) : XF_OK;
    }
    if (outcome)
        *outcome = XF_DB_EXISTED;
    if (row->sweep_id <= 0 && run_id == NULL && bd == NULL)
        return XF_OK;
    int mine = 0;
    long long id = 0;
    if (find_and_link(db, row, &id, &mine, err) != XF_OK)
        return err->code;
    if (run_id)
        *run_id = id;
    /* a run stored without breakdowns gets them now (existing rows are kept) */
    return bd ? store_breakdown(db, id, bd, err) : XF_OK;
}

/* One row per statement: a multi-row INSERT would need a statement journal (the NOT NULL and
 * foreign-key checks could abort it half-way) and measured slower. */
int xf_db_insert_runs(xf_db *db, const xf_db_row *rows, int n, int *outcomes, xf_err *err)
{
    if (n <= 0)
        return XF_OK;
    if (!db->in_tx)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: xf_db_insert_runs outside a transaction",
                          db->path);
    for (int i = 0; i < n; i++)
        if (insert_run(db, &rows[i], NULL, outcomes ? &outcomes[i] : NULL, NULL, err) != XF_OK)
            return err->code;
    return XF_OK;
}

int xf_db_insert_run(xf_db *db, const xf_db_row *row, const xf_result *breakdown, int *outcome,
                     long long *run_id, xf_err *err)
{
    if (!row->point_hash || !row->config_hash || !row->base_hash || !row->arch || !row->model ||
        !row->phase)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: incomplete run row", db->path);
    if (db->in_tx)
        return insert_run(db, row, breakdown, outcome, run_id, err);
    if (xf_db_begin(db, err) != XF_OK)
        return err->code;
    if (insert_run(db, row, breakdown, outcome, run_id, err) != XF_OK) {
        xf_db_rollback(db);
        return err->code;
    }
    return xf_db_commit(db, err);
}

/* The identity base of an architecture file: loaded and built without overrides. */
static int ident_base(const char *techlib, const char *file, xf_ident_base **out, xf_err *err)
{
    xf_arch_spec *s = NULL;
    xf_arch *a = malloc(sizeof *a);
    if (!a)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (xf_arch_spec_load(techlib, file, &s, err) == XF_OK && xf_arch_build(s, a, err) == XF_OK)
        xf_ident_base_new(techlib, s, a, out, err);
    xf_arch_spec_free(s);
    free(a);
    return err->code;
}

int xf_db_store_run(xf_db *db, const xf_run_meta *meta, const xf_result *r, int breakdowns,
                    int *outcome, long long *run_id, xf_err *err)
{
    if (meta == NULL || meta->arch == NULL || meta->base_text == NULL || meta->workload == NULL ||
        meta->techlib == NULL || meta->spec == NULL || meta->built == NULL ||
        meta->arch_source == NULL)
        return xf_err_set(err, XF_ERR_RUNTIME, "xf_db_store_run: incomplete run description");
    char base[XF_HASH_HEX], cfg[XF_HASH_HEX], mkey[XF_HASH_HEX], point[XF_HASH_HEX],
        ovr[XF_HASH_HEX];
    char params[8192], resolved[8192];
    /* the base: the file without overrides, built again */
    xf_ident_base *ib = NULL;
    if (ident_base(meta->techlib, meta->arch_source, &ib, err) != XF_OK)
        return err->code;
    snprintf(base, sizeof base, "%s", xf_ident_base_hash(ib));
    if (xf_config_hash(base, meta->sets, meta->n_sets, ovr, params, sizeof params, err) != XF_OK ||
        xf_ident_config(ib, meta->techlib, meta->spec, meta->built, cfg, resolved, sizeof resolved,
                        err) != XF_OK) {
        xf_ident_base_free(ib);
        return err->code;
    }
    const xf_workload *w = meta->workload;
    /* a generation's workload is its last decode step: its point is the prompt and tokens */
    xf_wl_params pt = w->params;
    if (r->tokens > 0) {
        pt.phase = XF_PHASE_GENERATE;
        pt.seq = r->prompt;
        pt.tokens = r->tokens;
        pt.context = pt.dec_seq = 0;
    }
    xf_model_key(&w->model, mkey);
    xf_point_hash(cfg, mkey, &pt, point);
    xf_db_row row;
    memset(&row, 0, sizeof row);
    row.point_hash = point;
    row.config_hash = cfg;
    row.base_hash = base;
    row.point_idx = -1;
    row.arch = meta->arch;
    row.model = w->model.name;
    row.phase = xf_phase_name(pt.phase);
    row.seq = pt.seq;
    row.batch = pt.batch;
    row.context = pt.phase == XF_PHASE_DECODE ? pt.context : 0;
    row.dec_seq = pt.dec_seq;
    row.head = w->params.head;
    row.params = params;
    row.resolved = resolved;
    xf_db_row_metrics(&row, r);
    int np;
    const xf_arch_param *bp = xf_ident_base_params(ib, &np);
    if (xf_db_begin(db, err) == XF_OK &&
        (xf_db_put_config(db, base, meta->arch, meta->arch_source, meta->base_text, err) != XF_OK ||
         xf_db_put_base_params(db, base, bp, np, err) != XF_OK ||
         insert_run(db, &row, breakdowns ? r : NULL, outcome, run_id, err) != XF_OK))
        xf_db_rollback(db);
    xf_ident_base_free(ib);
    if (err->code != XF_OK)
        return err->code;
    return xf_db_commit(db, err);
}
