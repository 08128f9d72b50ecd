/* Reading runs back: validated filters (never raw SQL), iteration, breakdowns. */
#include "schema.h"
#include "xf/cfg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column names users may filter and plot on, with the SQL that reads each (constants: user
 * text never becomes SQL). */
typedef struct {
    const char *name, *sql;
    int numeric;
} col_def;

static const col_def cols[] = {
    {"id", "id", 1},
    {"sweep", "sweep_id", 1},
    {"arch", "arch", 0},
    {"model", "model", 0},
    {"seq", "seq", 1},
    {"batch", "batch", 1},
    {"phase", "phase", 0},
    {"context", "context", 1},
    {"latency_s", "latency_s", 1},
    {"energy_j", "energy_j", 1},
    {"area_mm2", "area_mm2", 1},
    {"power_w", "power_w", 1},
    {"tops", "tops", 1},
    {"tops_per_w", "tops_per_w", 1},
    {"edp_js", "edp_js", 1},
    {"nvm_writes", "nvm_writes", 1},
    {"power_density_w_per_cm2", "power_density_w_per_cm2", 1},
    {"over_die", "over_die", 1},
    {"over_power", "over_power", 1},
    {"tokens", "tokens", 1},
    {"ttft_s", "ttft_s", 1},
    {"tokens_per_s", "tokens_per_s", 1},
    {"energy_per_token_j", "energy_per_token_j", 1},
    {"config_hash", "config_hash", 0},
    {"point_hash", "point_hash", 0},
    {"created", "created", 0},
};
#define N_COLS ((int)(sizeof cols / sizeof cols[0]))

/* Same names and order as cols[] (checked by the db unit tests). */
static const char *const col_names[] = {"id",
                                        "sweep",
                                        "arch",
                                        "model",
                                        "seq",
                                        "batch",
                                        "phase",
                                        "context",
                                        "latency_s",
                                        "energy_j",
                                        "area_mm2",
                                        "power_w",
                                        "tops",
                                        "tops_per_w",
                                        "edp_js",
                                        "nvm_writes",
                                        "power_density_w_per_cm2",
                                        "over_die",
                                        "over_power",
                                        "tokens",
                                        "ttft_s",
                                        "tokens_per_s",
                                        "energy_per_token_j",
                                        "config_hash",
                                        "point_hash",
                                        "created",
                                        NULL};

const char *const *xf_db_columns(void)
{
    return col_names;
}

int xf_db_column(const char *name, int *numeric)
{
    for (int i = 0; i < N_COLS; i++)
        if (strcmp(cols[i].name, name) == 0) {
            if (numeric)
                *numeric = cols[i].numeric;
            return i;
        }
    return -1;
}

static const char *const cmp_sql[] = {"=", "!=", "<", "<=", ">", ">="};

int xf_db_filter_add(xf_db_filter *f, const char *expr, xf_err *err)
{
    if (f->n_where >= XF_DB_MAX_WHERE)
        return xf_err_set(err, XF_ERR_INPUT, "--where %s: at most %d filters", expr,
                          XF_DB_MAX_WHERE);
    /* COLUMN: letters, digits, '_', '.', '-', '[', ']' up to the operator */
    const char *p = expr;
    while (*p == ' ')
        p++;
    const char *name = p;
    while (*p && strchr("=!<> ", *p) == NULL)
        p++;
    size_t nl = (size_t)(p - name);
    while (*p == ' ')
        p++;
    xf_db_cmp op;
    size_t ol;
    if (strncmp(p, "==", 2) == 0) {
        op = XF_CMP_EQ;
        ol = 2;
    } else if (strncmp(p, "!=", 2) == 0) {
        op = XF_CMP_NE;
        ol = 2;
    } else if (strncmp(p, "<=", 2) == 0) {
        op = XF_CMP_LE;
        ol = 2;
    } else if (strncmp(p, ">=", 2) == 0) {
        op = XF_CMP_GE;
        ol = 2;
    } else if (*p == '=') {
        op = XF_CMP_EQ;
        ol = 1;
    } else if (*p == '<') {
        op = XF_CMP_LT;
        ol = 1;
    } else if (*p == '>') {
        op = XF_CMP_GT;
        ol = 1;
    } else {
        return xf_err_set(err, XF_ERR_INPUT,
                          "--where '%s': no comparison; expected COLUMN=VALUE (or != < <= > >=)",
                          expr);
    }
    if (nl == 0)
        return xf_err_set(err, XF_ERR_INPUT, "--where '%s': missing column; expected COLUMN=VALUE",
                          expr);
    const char *val = p + ol;
    while (*val == ' ')
        val++;
    xf_db_where *w = &f->where[f->n_where];
    memset(w, 0, sizeof *w);
    if (nl >= sizeof w->key || strlen(val) >= sizeof w->value)
        return xf_err_set(err, XF_ERR_INPUT, "--where '%.60s...': too long", expr);
    char colname[sizeof w->key];
    memcpy(colname, name, nl);
    colname[nl] = '\0';
    int numeric = 0;
    int c = xf_db_column(colname, &numeric);
    if (c < 0 && strchr(colname, '.') == NULL) {
        const char *const *names = xf_db_columns();
        const char *sug = xf_suggest(colname, names, N_COLS);
        if (sug)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--where '%s': unknown column '%s'; did you mean '%s'?", expr,
                              colname, sug);
        return xf_err_set(
            err, XF_ERR_INPUT,
            "--where '%s': unknown column '%s'; expected one of arch, model, seq, "
            "batch, phase, context, sweep, id, latency_s, energy_j, area_mm2, "
            "power_w, tops, tops_per_w, edp_js, nvm_writes, "
            "power_density_w_per_cm2, over_die, over_power, tokens, ttft_s, tokens_per_s, "
            "energy_per_token_j, config_hash, created, "
            "or an override key such as pe.adc_bits",
            expr, colname);
    }
    if (val[0] == '\0')
        return xf_err_set(err, XF_ERR_INPUT, "--where '%s': missing value", expr);
    if (c >= 0 && numeric) {
        char *end;
        errno = 0;
        double v = strtod(val, &end);
        while (*end == ' ')
            end++;
        if (errno != 0 || *end != '\0' || !isfinite(v))
            return xf_err_set(err, XF_ERR_INPUT, "--where '%s': '%s' is not a number", expr, val);
    }
    snprintf(w->value, sizeof w->value, "%s", val);
    if (c < 0) { /* a parameter: a number compares with numbers, other text with text */
        char *end;
        errno = 0;
        double v = strtod(val, &end);
        while (*end == ' ')
            end++;
        w->numeric = errno == 0 && end != val && *end == '\0' && isfinite(v);
        w->num = v;
        if (!w->numeric && op != XF_CMP_EQ && op != XF_CMP_NE)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--where '%s': '%s' is not a number; expected = or != for a "
                              "text value",
                              expr, val);
    }
    w->column = c;
    w->op = op;
    snprintf(w->key, sizeof w->key, "%s", c < 0 ? colname : "");
    f->n_where++;
    return XF_OK;
}

/* SQL of the WHERE clause: only constants and '?' placeholders. */
static void build_where(const xf_db_filter *f, char *sql, size_t n)
{
    size_t o = strlen(sql);
    int first = 1;
#define ADD(...)                                                                                   \
    do {                                                                                           \
        int w_ = snprintf(sql + o, n - o, __VA_ARGS__);                                            \
        if (w_ > 0 && (size_t)w_ < n - o)                                                          \
            o += (size_t)w_;                                                                       \
    } while (0)
    if (f && f->sweep_id > 0) {
        ADD(" WHERE id IN (SELECT run_id FROM sweep_runs WHERE sweep_id = ?)");
        first = 0;
    }
    for (int i = 0; f && i < f->n_where; i++) {
        const xf_db_where *w = &f->where[i];
        ADD(first ? " WHERE " : " AND ");
        first = 0;
        if (w->column < 0) {
            /* the run's resolved value: its configuration's own, else its base's */
            const char *col = w->numeric ? "value_num" : "value_text";
            ADD("(SELECT v FROM (SELECT %s AS v, 0 AS o FROM config_params WHERE config_hash = "
                "runs.config_hash AND key = ? UNION ALL SELECT %s, 1 FROM base_params WHERE "
                "base_hash = runs.base_hash AND key = ?) ORDER BY o LIMIT 1) %s ?",
                col, col, cmp_sql[w->op]);
        } else if (strcmp(cols[w->column].name, "sweep") == 0) {
            if (w->op == XF_CMP_EQ)
                ADD("id IN (SELECT run_id FROM sweep_runs WHERE sweep_id = ?)");
            else
                ADD("id IN (SELECT run_id FROM sweep_runs WHERE sweep_id %s ?)", cmp_sql[w->op]);
        } else {
            ADD("%s %s ?", cols[w->column].sql, cmp_sql[w->op]);
        }
    }
#undef ADD
}

static int bind_where(sqlite3_stmt *st, const xf_db_filter *f, int k)
{
    if (f && f->sweep_id > 0)
        sqlite3_bind_int64(st, k++, f->sweep_id);
    for (int i = 0; f && i < f->n_where; i++) {
        const xf_db_where *w = &f->where[i];
        if (w->column < 0) {
            sqlite3_bind_text(st, k++, w->key, -1, SQLITE_STATIC);
            sqlite3_bind_text(st, k++, w->key, -1, SQLITE_STATIC);
            if (w->numeric)
                sqlite3_bind_double(st, k++, w->num);
            else
                sqlite3_bind_text(st, k++, w->value, -1, SQLITE_STATIC);
        } else if (cols[w->column].numeric) {
            sqlite3_bind_double(st, k++, strtod(w->value, NULL));
        } else {
            sqlite3_bind_text(st, k++, w->value, -1, SQLITE_STATIC);
        }
    }
    return k;
}

#define RUN_COLS                                                                                   \
    "id, sweep_id, point_idx, point_hash, config_hash, base_hash, arch, model, phase, params, "    \
    "created, tool_version, seq, batch, context, latency_s, energy_j, area_mm2, power_w, tops, "   \
    "tops_per_w, edp_js, nvm_writes, dec_seq, head, power_density_w_per_cm2, over_die, "           \
    "over_power, tokens, ttft_s, tokens_per_s, energy_per_token_j"

static double col_real(sqlite3_stmt *st, int i)
{
    return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN : sqlite3_column_double(st, i);
}

static const char *col_str(sqlite3_stmt *st, int i)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    return t ? (const char *)t : "";
}

static int has_param(xf_db *db, const char *key)
{
    sqlite3_stmt *st = NULL;
    int found = 0;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT EXISTS (SELECT 1 FROM base_params WHERE key = ?1) OR EXISTS "
                           "(SELECT 1 FROM config_params WHERE key = ?1)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        if (sqlite3_step(st) == SQLITE_ROW)
            found = sqlite3_column_int(st, 0);
    }
    sqlite3_finalize(st);
    return found;
}

/* "no run has parameter K" with the nearest stored key. */
static int unknown_param(xf_db *db, const xf_db_where *w, xf_err *err)
{
    sqlite3_stmt *st = NULL;
    char keys[256][96];
    const char *cand[256];
    int n = 0;
    if (sqlite3_prepare_v2(db->h,
                           "SELECT key FROM base_params UNION SELECT key FROM config_params "
                           "LIMIT 256",
                           -1, &st, NULL) == SQLITE_OK)
        while (n < 256 && sqlite3_step(st) == SQLITE_ROW) {
            snprintf(keys[n], sizeof keys[n], "%s", (const char *)sqlite3_column_text(st, 0));
            cand[n] = keys[n];
            n++;
        }
    sqlite3_finalize(st);
    const char *sug = xf_suggest(w->key, cand, n);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--where: no run in %s has a parameter '%s'; did you mean '%s'?",
                          db->path, w->key, sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "--where: no run in %s has a parameter '%s'; expected a column or a "
                      "key of the architecture files (xformer archs show NAME)",
                      db->path, w->key);
}

/* Parameters of the filter against what the database holds: a quantity written with a unit
 * suffix (pe.xbar_read_time_ns=50) becomes its SI key and value; a key no run has is an
 * error (when the database holds any parameters at all). */
static int resolve_params(xf_db *db, const xf_db_filter *f, xf_db_filter *out, xf_err *err)
{
    if (f)
        *out = *f;
    else
        memset(out, 0, sizeof *out);
    int any = -1;
    for (int i = 0; i < out->n_where; i++) {
        xf_db_where *w = &out->where[i];
        if (w->column >= 0 || has_param(db, w->key))
            continue;
        if (any < 0) {
            sqlite3_stmt *st = NULL;
            any = 0;
            if (sqlite3_prepare_v2(db->h, "SELECT EXISTS (SELECT 1 FROM base_params)", -1, &st,
                                   NULL) == SQLITE_OK &&
                sqlite3_step(st) == SQLITE_ROW)
                any = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
        }
        const char *us = strrchr(w->key, '_');
        double factor = 0.0;
        for (int d = 0; us && d < XF_DIM_COUNT && factor == 0.0; d++)
            factor = xf_unit_factor((xf_dim)d, us + 1);
        if (factor != 0.0 && w->numeric) {
            char base[128];
            snprintf(base, sizeof base, "%.*s", (int)(us - w->key), w->key);
            if (has_param(db, base)) {
                snprintf(w->key, sizeof w->key, "%s", base);
                w->num *= factor;
                continue;
            }
        }
        if (any)
            return unknown_param(db, w, err);
    }
    return XF_OK;
}

int xf_db_runs_each(xf_db *db, const xf_db_filter *f0, int (*fn)(const xf_db_run *r, void *ctx),
                    void *ctx, xf_err *err)
{
    xf_db_filter fr, *f = &fr;
    if (resolve_params(db, f0, &fr, err) != XF_OK)
        return err->code;
    char sql[8192] = "SELECT " RUN_COLS " FROM runs";
    build_where(f, sql, sizeof sql);
    size_t o = strlen(sql);
    /* Oldest first follows the sweeps' enumeration order (point_idx), which does not depend on
     * which worker thread finished first, so tables and figures come out the same every time;
     * runs outside sweeps (eval) follow in the order they were stored. */
    snprintf(sql + o, sizeof sql - o, " ORDER BY %s%s",
             f && f->newest_first ? "id DESC" : "sweep_id IS NULL, sweep_id, point_idx, id",
             f && f->limit > 0 ? " LIMIT ?" : "");
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "selecting runs", err);
    int k = bind_where(st, f, 1);
    if (f && f->limit > 0)
        sqlite3_bind_int64(st, k, f->limit);
    int stop = 0;
    while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        xf_db_run r;
        r.id = sqlite3_column_int64(st, 0);
        r.sweep_id = sqlite3_column_type(st, 1) == SQLITE_NULL ? 0 : sqlite3_column_int64(st, 1);
        r.point_idx = sqlite3_column_type(st, 2) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 2);
        r.point_hash = col_str(st, 3);
        r.config_hash = col_str(st, 4);
        r.base_hash = col_str(st, 5);
        r.arch = col_str(st, 6);
        r.model = col_str(st, 7);
        r.phase = col_str(st, 8);
        r.params = col_str(st, 9);
        r.created = col_str(st, 10);
        r.tool_version = col_str(st, 11);
        r.seq = sqlite3_column_int64(st, 12);
        r.batch = sqlite3_column_int64(st, 13);
        r.context = sqlite3_column_int64(st, 14);
        r.latency_s = col_real(st, 15);
        r.energy_j = col_real(st, 16);
        r.area_mm2 = col_real(st, 17);
        r.power_w = col_real(st, 18);
        r.tops = col_real(st, 19);
        r.tops_per_w = col_real(st, 20);
        r.edp_js = col_real(st, 21);
        r.nvm_writes = col_real(st, 22);
        r.dec_seq = sqlite3_column_int64(st, 23);
        r.head = sqlite3_column_int(st, 24);
        r.power_density_w_per_cm2 = col_real(st, 25);
        r.over_die = sqlite3_column_int(st, 26);
        r.over_power = sqlite3_column_int(st, 27);
        r.tokens = sqlite3_column_int64(st, 28);
        r.ttft_s = col_real(st, 29);
        r.tokens_per_s = col_real(st, 30);
        r.energy_per_token_j = col_real(st, 31);
        stop = fn(&r, ctx);
    }
    sqlite3_finalize(st);
    if (stop)
        return stop;
    if (rc != SQLITE_DONE)
        return xf_db_fail(db, rc, "selecting runs", err);
    return XF_OK;
}

double xf_db_run_value(const xf_db_run *r, int column)
{
    if (column < 0 || column >= N_COLS || !cols[column].numeric)
        return NAN;
    const char *n = cols[column].name;
    if (strcmp(n, "id") == 0)
        return (double)r->id;
    if (strcmp(n, "sweep") == 0)
        return (double)r->sweep_id;
    if (strcmp(n, "seq") == 0)
        return (double)r->seq;
    if (strcmp(n, "batch") == 0)
        return (double)r->batch;
    if (strcmp(n, "context") == 0)
        return (double)r->context;
    if (strcmp(n, "latency_s") == 0)
        return r->latency_s;
    if (strcmp(n, "energy_j") == 0)
        return r->energy_j;
    if (strcmp(n, "area_mm2") == 0)
        return r->area_mm2;
    if (strcmp(n, "power_w") == 0)
        return r->power_w;
    if (strcmp(n, "tops") == 0)
        return r->tops;
    if (strcmp(n, "tops_per_w") == 0)
        return r->tops_per_w;
    if (strcmp(n, "edp_js") == 0)
        return r->edp_js;
    if (strcmp(n, "nvm_writes") == 0)
        return r->nvm_writes;
    if (strcmp(n, "power_density_w_per_cm2") == 0)
        return r->power_density_w_per_cm2;
    if (strcmp(n, "over_die") == 0)
        return r->over_die;
    if (strcmp(n, "over_power") == 0)
        return r->over_power;
    if (strcmp(n, "tokens") == 0)
        return (double)r->tokens;
    if (strcmp(n, "ttft_s") == 0)
        return r->ttft_s;
    if (strcmp(n, "tokens_per_s") == 0)
        return r->tokens_per_s;
    if (strcmp(n, "energy_per_token_j") == 0)
        return r->energy_per_token_j;
    return NAN;
}

int xf_db_runs_count(xf_db *db, const xf_db_filter *f0, long long *count, xf_err *err)
{
    xf_db_filter fr, *f = &fr;
    if (resolve_params(db, f0, &fr, err) != XF_OK)
        return err->code;
    char sql[8192] = "SELECT count(*) FROM runs";
    build_where(f, sql, sizeof sql);
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, sql, -1, &st, NULL);
    if (rc == SQLITE_OK) {
        bind_where(st, f, 1);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *count = sqlite3_column_int64(st, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "counting runs", err);
    return XF_OK;
}

int xf_db_components(xf_db *db, long long run_id, double energy_j[XF_COMP_COUNT],
                     double area_mm2[XF_COMP_COUNT], int *found, xf_err *err)
{
    for (int c = 0; c < XF_COMP_COUNT; c++)
        energy_j[c] = area_mm2[c] = 0;
    *found = 0;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(
        db->h, "SELECT component, energy_j, area_mm2 FROM component_results WHERE run_id = ?1", -1,
        &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, run_id);
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
            const char *name = col_str(st, 0);
            for (int c = 0; c < XF_COMP_COUNT; c++)
                if (strcmp(name, xf_comp_name((xf_comp)c)) == 0) {
                    energy_j[c] = col_real(st, 1);
                    area_mm2[c] = col_real(st, 2);
                    (*found)++;
                }
        }
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading component results", err);
    return XF_OK;
}

int xf_db_config_text(xf_db *db, const char *hash, char **text, xf_err *err)
{
    *text = NULL;
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db->h, "SELECT text FROM configs WHERE hash = ?1", -1, &st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
            *text = strdup(col_str(st, 0));
            rc = *text ? SQLITE_OK : SQLITE_NOMEM;
        } else if (rc == SQLITE_DONE) {
            sqlite3_finalize(st);
            return xf_err_set(err, XF_ERR_INPUT, "%s: no configuration %s", db->path, hash);
        }
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_OK)
        return xf_db_fail(db, rc, "reading a configuration", err);
    return XF_OK;
}
