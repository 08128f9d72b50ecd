/* xformer optimize (see xf/optimize.h): objectives, constraints, and the exhaustive search of
 * a sweep's grid through xf_sweep_run's sink, keeping per workload group the Pareto front of
 * the feasible points, the best feasible point and the best point ignoring each constraint;
 * its state is written at every batch commit so an interrupted run resumes exactly.
 *
 * Invariants: rows reach sink() in point-index order, so after the points [0, W) the state is
 * the same whether or not the run was interrupted and resumed; the best point of a group is
 * on its front (ties broken by latency, energy, area, index); the sink allocates only when a
 * point joins a front (a payload that is then owned by the front) or a group is new. */
#include "sweep_int.h"
#include "xf/cfg.h"
#include "xf/db_opt.h"
#include "xf/json_out.h"
#include "xf/optimize.h"
#include "xf/pareto.h"

#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------- metrics */

static const char *const metric_names[XF_OPT_N_METRICS + 1] = {
    "latency_s", "energy_j",     "area_mm2",
    "power_w",   "tops",         "tops_per_w",
    "edp_js",    "nvm_writes",   "power_density_w_per_cm2",
    "ttft_s",    "tokens_per_s", "energy_per_token_j",
    NULL};

static const size_t metric_off[XF_OPT_N_METRICS] = {offsetof(xf_db_row, latency_s),
                                                    offsetof(xf_db_row, energy_j),
                                                    offsetof(xf_db_row, area_mm2),
                                                    offsetof(xf_db_row, power_w),
                                                    offsetof(xf_db_row, tops),
                                                    offsetof(xf_db_row, tops_per_w),
                                                    offsetof(xf_db_row, edp_js),
                                                    offsetof(xf_db_row, nvm_writes),
                                                    offsetof(xf_db_row, power_density_w_per_cm2),
                                                    offsetof(xf_db_row, ttft_s),
                                                    offsetof(xf_db_row, tokens_per_s),
                                                    offsetof(xf_db_row, energy_per_token_j)};

enum { M_LAT = 0, M_ENERGY = 1, M_AREA = 2, M_TOPSW = 5, M_EDP = 6 };

const char *const *xf_opt_metrics(void)
{
    return metric_names;
}

double xf_opt_metric(const xf_db_row *r, int m)
{
    double v;
    memcpy(&v, (const char *)r + metric_off[m], sizeof v);
    return v;
}

static const char *const obj_names[XF_OBJ_COUNT] = {"edp", "latency", "energy", "tops_per_w"};
static const int obj_metric[XF_OBJ_COUNT] = {M_EDP, M_LAT, M_ENERGY, M_TOPSW};

const char *xf_objective_name(xf_objective o)
{
    return o >= 0 && o < XF_OBJ_COUNT ? obj_names[o] : "?";
}

int xf_objective_metric(xf_objective o)
{
    return obj_metric[o];
}

int xf_objective_parse(const char *name, xf_objective *out, xf_err *err)
{
    for (int i = 0; i < XF_OBJ_COUNT; i++)
        if (strcmp(name, obj_names[i]) == 0) {
            *out = (xf_objective)i;
            return XF_OK;
        }
    const char *sug = xf_suggest(name, obj_names, XF_OBJ_COUNT);
    if (sug)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--objective '%s': unknown objective; did you mean "
                          "'%s'?",
                          name, sug);
    return xf_err_set(err, XF_ERR_INPUT,
                      "--objective '%s': unknown objective; expected edp, latency, energy or "
                      "tops_per_w",
                      name);
}

/* --------------------------------------------------------------- constraints */

int xf_opt_constraint_parse(const char *text, xf_opt_constraint *out, xf_err *err)
{
    memset(out, 0, sizeof *out);
    const char *p = text;
    while (*p == ' ')
        p++;
    const char *n0 = p;
    while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
           *p == '_')
        p++;
    size_t nl = (size_t)(p - n0);
    char name[64];
    if (nl == 0 || nl >= sizeof name)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--constraint '%s': expected METRIC OP BOUND, e.g. 'area_mm2<=858'",
                          text);
    memcpy(name, n0, nl);
    name[nl] = '\0';
    int m = -1;
    for (int i = 0; i < XF_OPT_N_METRICS; i++)
        if (strcmp(name, metric_names[i]) == 0)
            m = i;
    if (m < 0) {
        const char *sug = xf_suggest(name, metric_names, XF_OPT_N_METRICS);
        if (sug)
            return xf_err_set(err, XF_ERR_INPUT,
                              "--constraint '%s': unknown metric '%s'; did you mean '%s'?", text,
                              name, sug);
        return xf_err_set(err, XF_ERR_INPUT,
                          "--constraint '%s': unknown metric '%s'; expected a result column "
                          "such as latency_s, energy_j, area_mm2, power_w, tops_per_w, edp_js",
                          text, name);
    }
    while (*p == ' ')
        p++;
    const char *o0 = p;
    while (*p && strchr("<>=!~", *p))
        p++;
    size_t ol = (size_t)(p - o0);
    xf_opt_op op;
    if (ol == 1 && *o0 == '<')
        op = XF_OPT_LT;
    else if (ol == 1 && *o0 == '>')
        op = XF_OPT_GT;
    else if (ol == 2 && o0[0] == '<' && o0[1] == '=')
        op = XF_OPT_LE;
    else if (ol == 2 && o0[0] == '>' && o0[1] == '=')
        op = XF_OPT_GE;
    else if (ol == 0 && *p && !strchr("0123456789.+-", *p))
        return xf_err_set(
            err, XF_ERR_INPUT,
            "--constraint '%s': malformed operator '%.8s'; expected <, <=, > or >=", text, p);
    else if (ol == 0)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--constraint '%s': missing operator; expected <, <=, > or >=", text);
    else
        return xf_err_set(err, XF_ERR_INPUT,
                          "--constraint '%s': malformed operator '%.*s'; expected <, <=, > or >=",
                          text, (int)ol, o0);
    while (*p == ' ')
        p++;
    char *end = NULL;
    double b = strtod(p, &end);
    while (end && *end == ' ')
        end++;
    if (*p == '\0' || end == p || !end || *end != '\0' || !isfinite(b))
        return xf_err_set(err, XF_ERR_INPUT, "--constraint '%s': bound '%s' is not a finite number",
                          text, p);
    static const char *const ops[] = {"<", "<=", ">", ">="};
    out->metric = m;
    out->op = op;
    out->bound = b;
    snprintf(out->expr, sizeof out->expr, "%s%s%.15g", name, ops[op], b);
    return XF_OK;
}

int xf_opt_meets(const xf_opt_constraint *c, double v)
{
    switch (c->op) {
    case XF_OPT_LT:
        return v < c->bound;
    case XF_OPT_LE:
        return v <= c->bound;
    case XF_OPT_GT:
        return v > c->bound;
    default:
        return v >= c->bound; /* NaN: every comparison is false */
    }
}

/* ------------------------------------------------------------------ the state */

/* A front point: the row as stored (strings in buf), or only its run when loaded back. */
typedef struct {
    long long run_id;
    int stored; /* 1: this process stored the run (it may be removed when it leaves) */
    xf_db_row row;
    char buf[];
} fpoint;

typedef struct {
    xf_sweep_spec *s;
    const xf_opt_opts *o;
    xf_opt_result *r;
    xf_pareto *front;
    int dim, maxim[XF_PARETO_MAX_DIM];
    size_t fp_size;
    fpoint *spare;
    long long *drops;
    int n_drops, cap_drops;
    int last_group;
    int oom;
} opt_ctx;

static double obj_key(const opt_ctx *x, const xf_db_row *row)
{
    double v = xf_opt_metric(row, obj_metric[x->o->objective]);
    return x->o->objective == XF_OBJ_TOPS_PER_W ? -v : v;
}

/* 1 when (objective, latency, energy, area) of row is lexicographically before point p */
static int better(const opt_ctx *x, const xf_db_row *row, const xf_opt_point *p)
{
    double k = obj_key(x, row);
    if (!isfinite(k))
        return 0;
    if (!p->found)
        return 1;
    double pk =
        x->o->objective == XF_OBJ_TOPS_PER_W ? -p->m[M_TOPSW] : p->m[obj_metric[x->o->objective]];
    const double a[4] = {k, row->latency_s, row->energy_j, row->area_mm2};
    const double b[4] = {pk, p->m[M_LAT], p->m[M_ENERGY], p->m[M_AREA]};
    for (int i = 0; i < 4; i++) {
        if (a[i] < b[i])
            return 1;
        if (a[i] > b[i])
            return 0;
        if (isnan(a[i]) != isnan(b[i]))
            return isnan(b[i]);
    }
    return 0; /* equal: the earlier point stays */
}

static int set_point(xf_opt_point *p, const xf_db_row *row)
{
    p->found = 1;
    p->idx = row->point_idx;
    for (int m = 0; m < XF_OPT_N_METRICS; m++)
        p->m[m] = xf_opt_metric(row, m);
    size_t n = strlen(row->params) + 1;
    char *np = realloc(p->params, n);
    if (!np)
        return XF_ERR_RUNTIME;
    memcpy(np, row->params, n);
    p->params = np;
    return XF_OK;
}

static void group_name(xf_opt_group *g, const xf_sweep_spec *s)
{
    int n = snprintf(g->name, sizeof g->name, "%s seq=%lld %s batch=%lld", g->model, g->seq,
                     xf_phase_name(s->phase), g->batch);
    if (s->phase == XF_PHASE_DECODE && n > 0 && (size_t)n < sizeof g->name)
        snprintf(g->name + n, sizeof g->name - (size_t)n, " context=%lld", g->context);
}

static int add_group(opt_ctx *x, const char *model, long long seq, long long batch, long long ctx)
{
    xf_opt_result *r = x->r;
    if (r->n_groups >= XF_OPT_MAX_GROUPS)
        return -1;
    xf_opt_group *ng = realloc(r->groups, (size_t)(r->n_groups + 1) * sizeof *ng);
    if (!ng)
        return -1;
    r->groups = ng;
    xf_opt_group *g = &ng[r->n_groups];
    memset(g, 0, sizeof *g);
    snprintf(g->model, sizeof g->model, "%s", model);
    g->seq = seq;
    g->batch = batch;
    g->context = ctx;
    group_name(g, x->s);
    return r->n_groups++;
}

static int find_group(opt_ctx *x, const xf_db_row *row)
{
    xf_opt_result *r = x->r;
    long long ctxv = x->s->phase == XF_PHASE_DECODE ? row->context : 0;
    int l = x->last_group;
    if (l < r->n_groups && r->groups[l].model_ptr == row->model && r->groups[l].seq == row->seq &&
        r->groups[l].batch == row->batch && r->groups[l].context == ctxv)
        return l;
    for (int g = 0; g < r->n_groups; g++) {
        xf_opt_group *q = &r->groups[g];
        if (q->seq != row->seq || q->batch != row->batch || q->context != ctxv)
            continue;
        /* a group loaded from a stored study learns the spec's pointer once */
        if (q->model_ptr == NULL && strcmp(q->model, row->model) == 0)
            q->model_ptr = row->model;
        if (q->model_ptr == row->model)
            return x->last_group = g;
    }
    int g = add_group(x, row->model, row->seq, row->batch, ctxv);
    if (g >= 0)
        r->groups[g].model_ptr = row->model;
    return g < 0 ? -1 : (x->last_group = g);
}

static void drop_point(void *payload, void *vctx)
{
    opt_ctx *x = vctx;
    fpoint *f = payload;
    if (f->stored && f->run_id > 0) {
        if (x->n_drops == x->cap_drops) {
            int cap = x->cap_drops ? 2 * x->cap_drops : 64;
            long long *nd = realloc(x->drops, (size_t)cap * sizeof *nd);
            if (!nd) {
                x->oom = 1;
                free(f);
                return;
            }
            x->drops = nd;
            x->cap_drops = cap;
        }
        x->drops[x->n_drops++] = f->run_id;
    }
    free(f);
}

static void copy_point(opt_ctx *x, fpoint *f, const xf_db_row *row)
{
    f->run_id = 0;
    f->stored = 0;
    f->row = *row;
    char *b = f->buf;
    size_t room = x->fp_size - sizeof *f;
    const char *src[4] = {row->point_hash, row->config_hash, row->params,
                          row->resolved ? row->resolved : "{}"};
    const char **dst[4] = {&f->row.point_hash, &f->row.config_hash, &f->row.params,
                           &f->row.resolved};
    for (int i = 0; i < 4; i++) {
        size_t n = strlen(src[i]) + 1;
        if (n > room)
            n = room; /* cannot happen: fp_size bounds every field */
        memcpy(b, src[i], n);
        b[n - 1] = '\0';
        *dst[i] = b;
        b += n;
        room -= n;
    }
    f->row.created = NULL;
}

static void front_values(const opt_ctx *x, double lat, double e, double area, double topsw,
                         double *v)
{
    v[0] = lat;
    v[1] = e;
    v[2] = area;
    if (x->dim == 4)
        v[3] = topsw;
}

static int sink(const xf_db_row *rows, int n, long long processed, void *vctx, xf_err *err)
{
    opt_ctx *x = vctx;
    xf_opt_result *r = x->r;
    const xf_opt_opts *o = x->o;
    r->evaluated += processed;
    r->failed += processed - n;
    r->watermark += processed;
    for (int i = 0; i < n; i++) {
        const xf_db_row *row = &rows[i];
        int g = find_group(x, row);
        if (g < 0)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory (or over %d workload groups)",
                              XF_OPT_MAX_GROUPS);
        xf_opt_group *G = &r->groups[g];
        G->evaluated++;
        unsigned mask = 0;
        for (int c = 0; c < o->n_cons; c++) {
            r->evaluated_c[c]++;
            if (!xf_opt_meets(&o->cons[c], xf_opt_metric(row, o->cons[c].metric))) {
                mask |= 1u << c;
                r->violated_c[c]++;
            }
        }
        for (int c = 0; c < o->n_cons; c++)
            if ((mask & ~(1u << c)) == 0 && better(x, row, &G->without[c]) &&
                set_point(&G->without[c], row) != XF_OK)
                return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        if (mask)
            continue;
        G->feasible++;
        if (better(x, row, &G->best) && set_point(&G->best, row) != XF_OK)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        if (!x->spare && !(x->spare = malloc(x->fp_size)))
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        double v[XF_PARETO_MAX_DIM];
        front_values(x, row->latency_s, row->energy_j, row->area_mm2, row->tops_per_w, v);
        int in = xf_pareto_insert(x->front, g, row->point_idx, v, x->spare, drop_point, x, err);
        if (in < 0 || x->oom)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        if (in == 1) {
            copy_point(x, x->spare, row);
            x->spare = NULL;
        }
    }
    return XF_OK;
}

/* ------------------------------------------------------------ the summary JSON */

static cJSON *point_json(const xf_opt_point *p)
{
    if (!p->found)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    xf_json_int(o, "idx", p->idx);
    cJSON *pp = cJSON_Parse(p->params ? p->params : "{}");
    cJSON_AddItemToObject(o, "params", pp ? pp : cJSON_CreateObject());
    cJSON *m = cJSON_AddObjectToObject(o, "metrics");
    for (int k = 0; k < XF_OPT_N_METRICS; k++) {
        xf_json_num(m, metric_names[k], p->m[k]);
    }
    return o;
}

static int point_load(const cJSON *j, xf_opt_point *p)
{
    memset(p, 0, sizeof *p);
    if (!cJSON_IsObject(j))
        return XF_OK;
    p->found = 1;
    p->idx = (long long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(j, "idx"));
    p->params = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(j, "params"));
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "metrics");
    for (int k = 0; k < XF_OPT_N_METRICS; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, metric_names[k]);
        p->m[k] = cJSON_IsNumber(v) ? v->valuedouble : NAN;
    }
    return p->params ? XF_OK : XF_ERR_RUNTIME;
}

static void compute_binding(const xf_opt_opts *o, xf_opt_result *r)
{
    for (int c = 0; c < o->n_cons; c++) {
        r->binding[c] = 0;
        for (int g = 0; g < r->n_groups; g++) {
            const xf_opt_point *w = &r->groups[g].without[c];
            if (w->found && !xf_opt_meets(&o->cons[c], w->m[o->cons[c].metric]))
                r->binding[c] = 1;
        }
    }
}

static char *summary_json(const opt_ctx *x)
{
    const xf_opt_opts *o = x->o;
    xf_opt_result *r = x->r;
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "objective", obj_names[o->objective]);
    xf_json_int(j, "total", r->total);
    xf_json_int(j, "watermark", r->watermark);
    xf_json_int(j, "evaluated", r->evaluated);
    xf_json_int(j, "failed", r->failed);
    xf_json_int(j, "front", xf_pareto_size(x->front));
    /* the answer first: the best point of the first group and the binding constraint */
    const xf_opt_group *g0 = r->n_groups > 0 ? &r->groups[0] : NULL;
    cJSON_AddItemToObject(j, "best", g0 ? point_json(&g0->best) : cJSON_CreateNull());
    int bind = -1;
    for (int c = 0; c < o->n_cons && bind < 0; c++)
        if (r->binding[c])
            bind = c;
    if (bind >= 0)
        cJSON_AddStringToObject(j, "binding", o->cons[bind].expr);
    else
        cJSON_AddNullToObject(j, "binding");
    cJSON *cs = cJSON_AddArrayToObject(j, "constraints");
    for (int c = 0; c < o->n_cons; c++) {
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "expr", o->cons[c].expr);
        xf_json_int(e, "evaluated", r->evaluated_c[c]);
        xf_json_int(e, "violated", r->violated_c[c]);
        xf_json_int(e, "pruned", 0);
        cJSON_AddBoolToObject(e, "binding", r->binding[c]);
        cJSON_AddItemToArray(cs, e);
    }
    cJSON *gs = cJSON_AddArrayToObject(j, "groups");
    for (int g = 0; g < r->n_groups; g++) {
        const xf_opt_group *G = &r->groups[g];
        cJSON *e = cJSON_CreateObject();
        cJSON_AddStringToObject(e, "name", G->name);
        cJSON_AddStringToObject(e, "model", G->model);
        xf_json_int(e, "seq", G->seq);
        xf_json_int(e, "batch", G->batch);
        xf_json_int(e, "context", G->context);
        xf_json_int(e, "evaluated", G->evaluated);
        xf_json_int(e, "feasible", G->feasible);
        xf_json_int(e, "front", G->front);
        cJSON_AddItemToObject(e, "best", point_json(&G->best));
        cJSON *w = cJSON_AddArrayToObject(e, "without");
        for (int c = 0; c < o->n_cons; c++)
            cJSON_AddItemToArray(w, point_json(&G->without[c]));
        cJSON_AddItemToArray(gs, e);
    }
    char *t = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    return t;
}

static int num_ll(const cJSON *j, const char *k, long long *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(j, k);
    if (!cJSON_IsNumber(v))
        return 0;
    *out = (long long)v->valuedouble;
    return 1;
}

/* The state of a stored study (its summary); 0 on success. */
static int load_state(opt_ctx *x, const char *summary, xf_err *err)
{
    xf_opt_result *r = x->r;
    const xf_opt_opts *o = x->o;
    cJSON *j = summary ? cJSON_Parse(summary) : NULL;
    const cJSON *cs = cJSON_GetObjectItemCaseSensitive(j, "constraints");
    const cJSON *gs = cJSON_GetObjectItemCaseSensitive(j, "groups");
    int ok = j && num_ll(j, "watermark", &r->watermark) && num_ll(j, "evaluated", &r->evaluated) &&
             num_ll(j, "failed", &r->failed) && cJSON_GetArraySize(cs) == o->n_cons &&
             cJSON_IsArray(gs);
    for (int c = 0; ok && c < o->n_cons; c++) {
        const cJSON *e = cJSON_GetArrayItem(cs, c);
        ok = num_ll(e, "evaluated", &r->evaluated_c[c]) && num_ll(e, "violated", &r->violated_c[c]);
    }
    for (int g = 0; ok && g < cJSON_GetArraySize(gs); g++) {
        const cJSON *e = cJSON_GetArrayItem(gs, g);
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "model");
        long long seq = 0, batch = 0, ctx = 0;
        ok = cJSON_IsString(m) && num_ll(e, "seq", &seq) && num_ll(e, "batch", &batch) &&
             num_ll(e, "context", &ctx);
        int k = ok ? add_group(x, m->valuestring, seq, batch, ctx) : -1;
        ok = k >= 0;
        if (!ok)
            break;
        xf_opt_group *G = &r->groups[k];
        num_ll(e, "evaluated", &G->evaluated);
        num_ll(e, "feasible", &G->feasible);
        ok = point_load(cJSON_GetObjectItemCaseSensitive(e, "best"), &G->best) == XF_OK;
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "without");
        ok = ok && cJSON_GetArraySize(w) == o->n_cons;
        for (int c = 0; ok && c < o->n_cons; c++)
            ok = point_load(cJSON_GetArrayItem(w, c), &G->without[c]) == XF_OK;
    }
    cJSON_Delete(j);
    if (!ok)
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "optimize study %lld: its stored state cannot be read (summary JSON); "
                          "remove the study row to start it again",
                          r->study_id);
    return XF_OK;
}

typedef struct {
    opt_ctx *x;
    int bad;
    xf_err *err;
} load_front_ctx;

static int load_front_row(const xf_db_run *run, const char *grp, int best, void *vctx)
{
    (void)best;
    load_front_ctx *l = vctx;
    opt_ctx *x = l->x;
    int g = -1;
    for (int k = 0; k < x->r->n_groups && g < 0; k++)
        if (strcmp(x->r->groups[k].name, grp) == 0)
            g = k;
    fpoint *f = calloc(1, sizeof *f);
    if (g < 0 || !f) {
        free(f);
        l->bad = 1;
        return 1;
    }
    f->run_id = run->id;
    f->row.point_idx = run->point_idx;
    double v[XF_PARETO_MAX_DIM];
    front_values(x, run->latency_s, run->energy_j, run->area_mm2, run->tops_per_w, v);
    int in = xf_pareto_insert(x->front, g, run->point_idx, v, f, drop_point, x, l->err);
    if (in != 1)
        free(f);
    return in < 0;
}

/* ------------------------------------------------------------- storing state */

static int store_state(opt_ctx *x, xf_db *db, const char *status, int finished, xf_err *err)
{
    xf_opt_result *r = x->r;
    long long n = xf_pareto_size(x->front);
    long long *ids = malloc((size_t)(n > 0 ? n : 1) * sizeof *ids);
    const char **grp = malloc((size_t)(n > 0 ? n : 1) * sizeof *grp);
    int *best = malloc((size_t)(n > 0 ? n : 1) * sizeof *best);
    if (!ids || !grp || !best) {
        free(ids);
        free(grp);
        free(best);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int rc = XF_OK;
    long long k = 0;
    for (int g = 0; g < r->n_groups && rc == XF_OK; g++) {
        int m;
        const xf_pareto_item *it = xf_pareto_group_items(x->front, g, &m);
        r->groups[g].front = m;
        for (int i = 0; i < m && rc == XF_OK; i++) {
            fpoint *f = it[i].payload;
            if (f->run_id == 0) {
                int outcome = 0;
                rc = xf_db_insert_run(db, &f->row, NULL, &outcome, &f->run_id, err);
                f->stored = outcome == XF_DB_STORED && !x->o->store_all;
            }
            ids[k] = f->run_id;
            grp[k] = r->groups[g].name;
            best[k] = r->groups[g].best.found && r->groups[g].best.idx == it[i].id;
            k++;
        }
    }
    if (rc == XF_OK)
        rc = xf_db_opt_front_put(db, r->study_id, (int)k, ids, grp, best, err);
    free(ids);
    free(grp);
    free(best);
    for (int i = 0; i < x->n_drops && rc == XF_OK; i++)
        rc = xf_db_opt_drop_run(db, x->drops[i], err);
    if (rc == XF_OK)
        x->n_drops = 0;
    compute_binding(x->o, r);
    for (int c = 0; c < x->o->n_cons && rc == XF_OK; c++)
        rc = xf_db_opt_constraint(db, r->study_id, x->o->cons[c].expr, r->evaluated_c[c],
                                  r->violated_c[c], 0, r->binding[c], err);
    if (rc == XF_OK) {
        r->front_size = xf_pareto_size(x->front);
        free(r->summary);
        r->summary = summary_json(x);
        if (!r->summary)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        rc = xf_db_opt_update(db, r->study_id, status, r->evaluated, r->summary, finished, err);
    }
    return rc;
}

static int checkpoint(xf_db *db, long long watermark, void *vctx, xf_err *err)
{
    opt_ctx *x = vctx;
    if (watermark != x->r->watermark)
        return xf_err_set(err, XF_ERR_RUNTIME,
                          "optimize: internal error: watermark %lld, state at %lld", watermark,
                          x->r->watermark);
    return store_state(x, db, "running", 0, err);
}

/* ------------------------------------------------------------------ the run */

char *xf_opt_spec_text(const xf_sweep_spec *s, const xf_opt_opts *o)
{
    size_t n = strlen(s->spec_text) + 256 + (size_t)o->n_cons * sizeof o->cons[0].expr;
    char *t = malloc(n);
    if (!t)
        return NULL;
    size_t k = (size_t)snprintf(t, n, "optimize objective=%s store=%s", obj_names[o->objective],
                                o->store_all ? "all" : "front");
    for (int c = 0; c < o->n_cons; c++)
        k += (size_t)snprintf(t + k, n - k, " constraint=%s", o->cons[c].expr);
    snprintf(t + k, n - k, " grid: %s", s->spec_text);
    return t;
}

static void free_point(xf_opt_point *p)
{
    free(p->params);
    p->params = NULL;
}

void xf_opt_result_free(xf_opt_result *r)
{
    for (int g = 0; g < r->n_groups; g++) {
        free_point(&r->groups[g].best);
        for (int c = 0; c < XF_OPT_MAX_CONS; c++)
            free_point(&r->groups[g].without[c]);
    }
    free(r->groups);
    free(r->summary);
    memset(r, 0, sizeof *r);
}

static void free_payload(void *payload, void *ctx)
{
    (void)ctx;
    free(payload);
}

static void free_front(opt_ctx *x)
{
    if (!x->front)
        return;
    for (int g = 0; g < xf_pareto_n_groups(x->front); g++) {
        int m;
        const xf_pareto_item *it = xf_pareto_group_items(x->front, g, &m);
        for (int i = 0; i < m; i++)
            free_payload(it[i].payload, NULL);
    }
    xf_pareto_free(x->front);
    x->front = NULL;
}

static long long single(const xf_range *r)
{
    return r->count == 1 ? xf_sweep_int_value(r, 0) : -1;
}

int xf_optimize(xf_sweep_spec *s, xf_db *db, const xf_opt_opts *o, xf_opt_result *r, xf_err *err)
{
    memset(r, 0, sizeof *r);
    if (!s->prepared && xf_sweep_prepare(s, err) != XF_OK)
        return err->code;
    if (o->n_cons > XF_OPT_MAX_CONS)
        return xf_err_set(err, XF_ERR_INPUT, "at most %d constraints", XF_OPT_MAX_CONS);
    opt_ctx x;
    memset(&x, 0, sizeof x);
    x.s = s;
    x.o = o;
    x.r = r;
    x.dim = o->objective == XF_OBJ_TOPS_PER_W ? 4 : 3;
    x.maxim[3] = 1;
    x.fp_size = sizeof(fpoint) + 2 * XF_HASH_HEX + s->params_max + s->resolved_max + 8;
    r->total = s->total;
    if (xf_pareto_new(x.dim, x.maxim, &x.front, err) != XF_OK)
        return err->code;
    /* the study: the grid's hash and what is asked of it */
    char *spec = xf_opt_spec_text(s, o);
    if (!spec) {
        free_front(&x);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    size_t hl = strlen(spec) + XF_HASH_HEX + 2;
    char *hin = malloc(hl);
    char spec_hash[XF_HASH_HEX];
    if (hin) {
        snprintf(hin, hl, "%s\n%s", s->spec_hash, spec);
        xf_hash_hex(hin, strlen(hin), spec_hash);
        free(hin);
    }
    long long done = 0;
    char *status = NULL, *summary = NULL;
    int rc = hin ? XF_OK : xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    if (rc == XF_OK)
        rc = xf_db_sweep_open(db, s->spec_hash, s->spec_text, s->total, "", 0, &r->sweep_id, &done,
                              NULL, err);
    if (rc == XF_OK)
        rc = xf_db_opt_find(db, spec_hash, &r->study_id, &status, &summary, err);
    if (rc == XF_OK && r->study_id > 0 && summary) {
        r->resumed = 1;
        r->already_done = status && strcmp(status, "done") == 0;
        rc = load_state(&x, summary, err);
        load_front_ctx l = {&x, 0, err};
        if (rc == XF_OK && xf_db_opt_front_each(db, r->study_id, load_front_row, &l, err) != 0)
            rc = l.bad ? (int)xf_err_set(err, XF_ERR_RUNTIME,
                                         "optimize study %lld: a front row names an unknown "
                                         "group",
                                         r->study_id)
                       : (int)err->code;
    } else if (rc == XF_OK && r->study_id > 0) {
        /* recorded, but stopped before its first commit: it starts again from point 0 */
        r->resumed = 1;
    } else if (rc == XF_OK) {
        const char *models = s->text[XF_DIM_MODEL];
        xf_db_opt_study st = {spec,
                              spec_hash,
                              s->text[XF_DIM_ARCH],
                              models,
                              xf_phase_name(s->phase),
                              "",
                              single(&s->seq),
                              single(&s->batch),
                              s->phase == XF_PHASE_DECODE ? single(&s->context) : -1,
                              s->phase == XF_PHASE_GENERATE ? s->tokens : -1,
                              r->sweep_id,
                              o->threads};
        st.metric = obj_names[o->objective];
        r->study_id = 0;
        rc = xf_db_opt_create(db, &st, &r->study_id, err);
    }
    free(status);
    free(summary);
    free(spec);
    if (rc != XF_OK) {
        free_front(&x);
        return rc;
    }
    /* the grid, from the watermark on */
    xf_sweep_opts so;
    memset(&so, 0, sizeof so);
    so.threads = o->threads;
    so.batch_rows = o->batch_rows;
    so.batch_seconds = o->batch_seconds;
    so.chunk_rows = o->chunk_rows;
    so.progress = o->progress;
    so.ctx = o->ctx;
    so.progress_interval = o->progress_interval;
    so.stop = o->stop;
    so.sink = sink;
    so.checkpoint = checkpoint;
    so.sink_ctx = &x;
    so.sink_store = o->store_all;
    so.start = r->watermark;
    rc = xf_sweep_run(s, db, &so, &r->st, err);
    r->interrupted = r->st.interrupted;
    if (rc == XF_OK) {
        const char *fin = r->interrupted             ? "interrupted"
                          : r->watermark >= r->total ? "done"
                                                     : "partial";
        rc = xf_db_begin(db, err);
        if (rc == XF_OK) {
            rc = store_state(&x, db, fin, !r->interrupted, err);
            if (rc == XF_OK)
                rc = xf_db_commit(db, err);
            else
                xf_db_rollback(db);
        }
    } else {
        xf_err e2 = {0};
        xf_db_opt_update(db, r->study_id, "failed", r->evaluated, r->summary, 1, &e2);
    }
    free(x.spare);
    free(x.drops);
    free_front(&x);
    return rc;
}
