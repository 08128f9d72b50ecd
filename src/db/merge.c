/* Folding one results database into another (xformer db merge): shards of a sweep, or the
 * databases of several machines. Identity is point_hash (runs), hash (configs) and spec_hash
 * (sweeps), so merging twice, or merging overlapping files, duplicates nothing. */
#include "schema.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const merge_sql[] = {
    "INSERT INTO main.configs(hash, arch, source, text, created) "
    "SELECT hash, arch, source, text, created FROM src.configs WHERE true "
    "ON CONFLICT(hash) DO NOTHING",

    "INSERT INTO main.sweeps(spec_hash, spec, total_points, points_done, points_failed, status, "
    "shard, breakdowns, tool_version, started, finished) "
    "SELECT spec_hash, spec, total_points, 0, points_failed, status, shard, breakdowns, "
    "tool_version, started, finished FROM src.sweeps WHERE true "
    "ON CONFLICT(spec_hash) DO UPDATE SET "
    "shard = CASE WHEN main.sweeps.shard IS NULL OR excluded.shard IS NULL THEN NULL "
    "WHEN instr(',' || main.sweeps.shard || ',', ',' || excluded.shard || ',') > 0 "
    "THEN main.sweeps.shard ELSE main.sweeps.shard || ',' || excluded.shard END, "
    "breakdowns = max(main.sweeps.breakdowns, excluded.breakdowns), "
    "points_failed = main.sweeps.points_failed + excluded.points_failed, "
    "started = min(main.sweeps.started, excluded.started), "
    "finished = nullif(max(coalesce(main.sweeps.finished, ''), coalesce(excluded.finished, '')), "
    "'')",

    "INSERT INTO main.runs(point_hash, config_hash, base_hash, sweep_id, point_idx, arch, model, "
    "seq, batch, phase, context, dec_seq, head, latency_s, energy_j, area_mm2, power_w, tops, "
    "tops_per_w, edp_js, nvm_writes, params, tool_version, created, power_density_w_per_cm2, "
    "over_die, over_power, tokens, ttft_s, tokens_per_s, energy_per_token_j) "
    "SELECT r.point_hash, r.config_hash, r.base_hash, "
    "(SELECT m.id FROM main.sweeps m JOIN src.sweeps s ON s.spec_hash = m.spec_hash "
    "WHERE s.id = r.sweep_id), r.point_idx, r.arch, r.model, r.seq, r.batch, r.phase, "
    "r.context, r.dec_seq, r.head, r.latency_s, r.energy_j, r.area_mm2, r.power_w, r.tops, "
    "r.tops_per_w, "
    "r.edp_js, r.nvm_writes, r.params, r.tool_version, r.created, r.power_density_w_per_cm2, "
    "r.over_die, r.over_power, r.tokens, r.ttft_s, r.tokens_per_s, r.energy_per_token_j "
    "FROM src.runs r WHERE true "
    "ORDER BY r.id ON CONFLICT(point_hash) DO NOTHING",

    "INSERT INTO main.component_results(run_id, component, energy_j, area_mm2, static_j) "
    "SELECT m.id, c.component, c.energy_j, c.area_mm2, c.static_j FROM src.component_results c "
    "JOIN src.runs r ON r.id = c.run_id JOIN main.runs m ON m.point_hash = r.point_hash "
    "WHERE true ON CONFLICT DO NOTHING",

    "INSERT INTO main.layer_results(run_id, layer_idx, layer, instances, op_idx, op, engine, "
    "latency_s, busy_s, energy_j) "
    "SELECT m.id, l.layer_idx, l.layer, l.instances, l.op_idx, l.op, l.engine, l.latency_s, "
    "l.busy_s, l.energy_j FROM src.layer_results l "
    "JOIN src.runs r ON r.id = l.run_id JOIN main.runs m ON m.point_hash = r.point_hash "
    "WHERE true ON CONFLICT DO NOTHING",

    /* every point of a source sweep that the merged run does not already carry */
    "INSERT INTO main.sweep_links(sweep_id, point_idx, run_id) "
    "SELECT ms.id, x.point_idx, m.id FROM "
    "(SELECT sweep_id, point_idx, id AS run_id FROM src.runs WHERE sweep_id IS NOT NULL "
    " UNION ALL SELECT sweep_id, point_idx, run_id FROM src.sweep_links) x "
    "JOIN src.runs r ON r.id = x.run_id JOIN main.runs m ON m.point_hash = r.point_hash "
    "JOIN src.sweeps s ON s.id = x.sweep_id JOIN main.sweeps ms ON ms.spec_hash = s.spec_hash "
    "WHERE NOT (m.sweep_id IS ms.id AND m.point_idx IS x.point_idx) "
    "ON CONFLICT DO NOTHING",

    /* studies: a study is (kind, spec_hash, created); its rows follow it, its front's runs by
     * point_hash, its sweep by spec_hash */
    "INSERT INTO main.studies(kind, spec, spec_hash, arch, baseline, model, phase, seq, batch, "
    "context, tokens, metric, samples, seed, threads, sweep_id, status, summary, tool_version, "
    "created, finished) "
    "SELECT t.kind, t.spec, t.spec_hash, t.arch, t.baseline, t.model, t.phase, t.seq, t.batch, "
    "t.context, t.tokens, t.metric, t.samples, t.seed, t.threads, "
    "(SELECT m.id FROM main.sweeps m JOIN src.sweeps s ON s.spec_hash = m.spec_hash "
    "WHERE s.id = t.sweep_id), t.status, t.summary, t.tool_version, t.created, t.finished "
    "FROM src.studies t WHERE NOT EXISTS (SELECT 1 FROM main.studies u WHERE u.kind = t.kind "
    "AND u.spec_hash = t.spec_hash AND u.created = t.created) ORDER BY t.id",

    "INSERT OR IGNORE INTO main.study_params(study_id, name, nominal, lo, hi, unit, dist, source) "
    "SELECT u.id, p.name, p.nominal, p.lo, p.hi, p.unit, p.dist, p.source FROM src.study_params p "
    "JOIN src.studies t ON t.id = p.study_id JOIN main.studies u ON u.kind = t.kind AND "
    "u.spec_hash = t.spec_hash AND u.created = t.created",

    "INSERT OR IGNORE INTO main.study_stats(study_id, design, metric, nominal, mean, sd, p5, p50, "
    "p95, n) SELECT u.id, x.design, x.metric, x.nominal, x.mean, x.sd, x.p5, x.p50, x.p95, x.n "
    "FROM src.study_stats x JOIN src.studies t ON t.id = x.study_id JOIN main.studies u ON "
    "u.kind = t.kind AND u.spec_hash = t.spec_hash AND u.created = t.created",

    "INSERT OR IGNORE INTO main.study_swings(study_id, param, metric, rank, value_lo, "
    "value_nominal, value_hi, metric_lo, metric_nominal, metric_hi, elasticity) "
    "SELECT u.id, w.param, w.metric, w.rank, w.value_lo, w.value_nominal, w.value_hi, "
    "w.metric_lo, w.metric_nominal, w.metric_hi, w.elasticity FROM src.study_swings w "
    "JOIN src.studies t ON t.id = w.study_id JOIN main.studies u ON u.kind = t.kind AND "
    "u.spec_hash = t.spec_hash AND u.created = t.created",

    "INSERT OR IGNORE INTO main.study_constraints(study_id, expr, evaluated, violated, pruned, "
    "binding) SELECT u.id, c.expr, c.evaluated, c.violated, c.pruned, c.binding "
    "FROM src.study_constraints c JOIN src.studies t ON t.id = c.study_id JOIN main.studies u "
    "ON u.kind = t.kind AND u.spec_hash = t.spec_hash AND u.created = t.created",

    "INSERT OR IGNORE INTO main.study_front(study_id, run_id, grp, best) "
    "SELECT u.id, m.id, f.grp, f.best FROM src.study_front f "
    "JOIN src.studies t ON t.id = f.study_id JOIN main.studies u ON u.kind = t.kind AND "
    "u.spec_hash = t.spec_hash AND u.created = t.created "
    "JOIN src.runs r ON r.id = f.run_id JOIN main.runs m ON m.point_hash = r.point_hash",

    "UPDATE main.sweeps SET points_done = "
    "(SELECT count(*) FROM main.runs WHERE sweep_id = main.sweeps.id) + "
    "(SELECT count(*) FROM main.sweep_links WHERE sweep_id = main.sweeps.id), "
    "status = CASE WHEN (SELECT count(*) FROM main.runs WHERE sweep_id = main.sweeps.id) + "
    "(SELECT count(*) FROM main.sweep_links WHERE sweep_id = main.sweeps.id) >= total_points "
    "THEN 'done' WHEN status = 'done' THEN 'partial' ELSE status END "
    "WHERE spec_hash IN (SELECT spec_hash FROM src.sweeps)",
};

typedef struct {
    const char *path;
    xf_err err;
    int done;
} check_job;

static void *check_input(void *arg)
{
    check_job *j = arg;
    xf_err_clear(&j->err);
    xf_db_check_file(j->path, &j->err);
    j->done = 1;
    return NULL;
}

int xf_db_merge(xf_db *db, const char *in_path, long long *added, xf_err *err)
{
    if (added)
        *added = 0;
    char a[PATH_MAX], b[PATH_MAX];
    if (realpath(in_path, a) != NULL && realpath(db->path, b) != NULL && strcmp(a, b) == 0)
        return xf_err_set(err, XF_ERR_INPUT, "db merge: %s is the output database itself", in_path);
    /* validate the input: an xformer database of a schema this build reads */
    xf_db *in = NULL;
    if (xf_db_open(in_path, XF_DB_READ, &in, err) != XF_OK)
        return err->code;
    xf_db_close(in);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "ATTACH DATABASE ?1 AS src", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, in_path, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "attaching the input database", err);
    /* its pages: PRAGMA quick_check on a connection of its own, on a second thread while the
     * merge copies (the check costs about 10 % of a 10^6-run merge when run first); the merge
     * commits only when the check found the input intact */
    check_job job = {in_path, {0}, 0};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, check_input, &job) == 0;
    if (!threaded)
        check_input(&job);
    long long n = 0;
    if (xf_db_begin(db, err) == XF_OK) {
        for (size_t i = 0; i < sizeof merge_sql / sizeof merge_sql[0]; i++) {
            rc = sqlite3_exec(db->h, merge_sql[i], NULL, NULL, NULL);
            if (rc != SQLITE_OK) {
                xf_db_fail(db, rc, "merging", err);
                break;
            }
            if (i == 2)
                n = sqlite3_changes(db->h);
        }
        if (threaded) {
            pthread_join(th, NULL);
            threaded = 0;
        }
        if (err->code == XF_OK && job.err.code != XF_OK)
            xf_err_set(err, job.err.code, "%s", job.err.msg);
        if (err->code == XF_OK)
            xf_db_commit(db, err);
        else
            xf_db_rollback(db);
    }
    if (threaded) {
        pthread_join(th, NULL);
        if (err->code == XF_OK && job.err.code != XF_OK)
            xf_err_set(err, job.err.code, "%s", job.err.msg);
    }
    sqlite3_exec(db->h, "DETACH DATABASE src", NULL, NULL, NULL);
    if (err->code != XF_OK)
        return err->code;
    if (added)
        *added = n;
    return XF_OK;
}
