/* plot --kind tornado: the stored swings of a sensitivity study (xformer sensitivity) as a
 * tornado diagram: one row per ranged value, largest swing on top, a bar from the nominal to
 * the metric's change with the value at the low end of its range and one to its change at the
 * high end, in per cent of the nominal.
 *
 * Data (one block): rank, y position (the top row highest), the label, change at low, change
 * at high (%). Labels are the value's file (without folder and .cfg) and key, and its range. */
#include "plot_int.h"

#define TORNADO_MAX 40 /* rows one figure shows: the largest swings */

typedef struct {
    figure *g;
    int n;
    char rows[TORNADO_MAX][400];
    double lo[TORNADO_MAX], hi[TORNADO_MAX];
    char metric[64], what[300];
} tornado;

/* "nvm/reram-pumasim.cfg:step_energy_pJ" -> "reram-pumasim: step_energy_pJ". */
static void short_name(const char *name, char *buf, size_t n)
{
    const char *colon = strrchr(name, ':');
    if (!colon) {
        snprintf(buf, n, "%s", name);
        return;
    }
    const char *file = name, *slash = NULL;
    for (const char *p = name; p < colon; p++)
        if (*p == '/')
            slash = p;
    if (slash)
        file = slash + 1;
    size_t fl = (size_t)(colon - file);
    if (fl > 4 && strncmp(colon - 4, ".cfg", 4) == 0)
        fl -= 4;
    snprintf(buf, n, "%.*s: %s", (int)fl, file, colon + 1);
}

static int take(const xf_db_swing *w, void *ctx)
{
    tornado *t = ctx;
    if (t->n == 0) {
        snprintf(t->metric, sizeof t->metric, "%s", w->metric);
        snprintf(t->what, sizeof t->what, "%s, %s, n = %lld", w->arch ? w->arch : "?",
                 w->model ? w->model : "?", w->seq);
    }
    if (t->n == TORNADO_MAX)
        return 1;
    char nm[300];
    short_name(w->param, nm, sizeof nm);
    /* the range in the key's unit (the stored values are SI; the unit names the file's) */
    const char *unit = w->unit && w->unit[0] ? w->unit : "";
    double f = 1.0;
    for (int d = 0; unit[0] && d < XF_DIM_COUNT; d++) {
        double u = xf_unit_factor((xf_dim)d, unit);
        if (u != 0.0) {
            f = u;
            break;
        }
    }
    snprintf(t->rows[t->n], sizeof t->rows[t->n], "%s %.3g..%.3g", nm, w->v_lo / f, w->v_hi / f);
    t->lo[t->n] = 100.0 * (w->m_lo / w->m_nom - 1.0);
    t->hi[t->n] = 100.0 * (w->m_hi / w->m_nom - 1.0);
    t->n++;
    return 0;
}

int xf_plot_fig_tornado(xf_db *db, const xf_plot_opts *o, figure *g, xf_err *err)
{
    tornado *t = calloc(1, sizeof *t);
    if (!t)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    long long id = 0;
    int rc = xf_db_study_swings(db, o->study, take, t, &id, err);
    if (rc == XF_OK) {
        bprintf(&g->data, "rank\ty\tvalue\tlow end\thigh end\n");
        for (int i = 0; i < t->n; i++) {
            bprintf(&g->data, "%d\t%d\t", i + 1, t->n - i);
            cell(&g->data, t->rows[i]);
            bprintf(&g->data, "\t");
            num(&g->data, t->lo[i]);
            bprintf(&g->data, "\t");
            num(&g->data, t->hi[i]);
            bprintf(&g->data, "\n");
        }
        g->ncol = 5;
        g->nblocks = 1;
        g->points = t->n;
        g->series = 2;
        {
            const col_meta *m = xf_plot_meta_of(t->metric); /* ratios have none */
            snprintf(g->xlabel, sizeof g->xlabel, "%.60s change (%% of nominal)",
                     m ? m->name : t->metric);
        }
        snprintf(g->title, sizeof g->title, "sensitivity study %lld: %.200s", id, t->what);
    }
    free(t);
    return rc;
}
