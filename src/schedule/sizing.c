/* Sizing a die for a workload. Every engine sizes itself (its size hook); an iso-area design
 * then gives the engine of its static MVMs the reference design's area on the same workload
 * minus the area of its other engines. The reference is sized the same way, without
 * iso-area.
 *
 * Dies: the engine of the static MVMs says how many dies the weights need (chip.dies, or the
 * fewest that hold them); every engine is on every die, so each engine's size is one die's and
 * z.dies says how many there are (1 for an iso-area design: its area is a budget, not a die). */
#include "xf/schedule.h"

#include <string.h>

static void default_size(xf_engine_size *z)
{
    memset(z, 0, sizeof *z);
    z->replicas = 1.0;
    z->dies = 1;
}

/* What sizing asks of one die: the workload, the architecture file and its die policy. */
typedef struct {
    const xf_workload *w;
    const char *file;
    int dies, reprogram; /* chip.dies, chip.overflow = "reprogram" (0, 0 for a reference) */
} size_req;

/* Size engine i of d (room < 0: not iso-area). */
static int size_engine(const xf_die *d, int i, const size_req *q, double room, const char *ref,
                       double ref_area, xf_engine_size *z, xf_err *err)
{
    default_size(z);
    const xf_engine_kind *k = d->eng[i].kind;
    if (!k->size)
        return XF_OK;
    xf_size_in in = {q->w, d, i, room, q->file, ref, ref_area, q->dies, q->reprogram};
    int rc = k->size(xf_die_state(d, i), &in, z, err);
    if (z->dies < 1)
        z->dies = 1;
    return rc;
}

/* Every engine is on every die: the dies the static engine needs (1 when there is none). */
static void spread_dies(const xf_die *d, xf_engine_size *z)
{
    int n = d->static_engine >= 0 ? z[d->static_engine].dies : 1;
    for (int i = 0; i < d->n; i++)
        z[i].dies = n;
}

static double engine_area(const xf_die *d, int i, const xf_engine_size *z)
{
    double by[XF_COMP_COUNT] = {0};
    if (d->eng[i].kind->area)
        d->eng[i].kind->area(xf_die_state(d, i), z, by);
    double s = 0.0;
    for (int c = 0; c < XF_COMP_COUNT; c++)
        s += by[c];
    return s;
}

int xf_size_die(const xf_arch *a, const xf_workload *w, xf_engine_size *z, double *iso_ref_area,
                xf_err *err)
{
    const xf_die *d = &a->die;
    *iso_ref_area = 0.0;
    int grow = a->iso ? d->static_engine : -1; /* sized below, from the room it gets */
    size_req q = {w, a->file, a->dies, a->overflow_reprogram};
    for (int i = 0; i < d->n; i++)
        if (i != grow && size_engine(d, i, &q, -1.0, "", 0.0, &z[i], err) != XF_OK)
            return err->code;
    if (!a->iso) {
        spread_dies(d, z);
        return XF_OK;
    }
    /* The reference on as many dies as its weights need: its whole silicon. */
    const xf_die *ref = &a->iso_ref;
    size_req rq = {w, a->file, 0, 0};
    xf_engine_size rz[XF_MAX_ENGINES];
    for (int i = 0; i < ref->n; i++)
        if (size_engine(ref, i, &rq, -1.0, "", 0.0, &rz[i], err) != XF_OK)
            return err->code;
    spread_dies(ref, rz);
    double ref_area = 0.0;
    for (int i = 0; i < ref->n; i++)
        ref_area += engine_area(ref, i, &rz[i]) * rz[i].dies;
    *iso_ref_area = ref_area;
    double others = 0.0;
    for (int i = 0; i < d->n; i++)
        if (i != grow)
            others += engine_area(d, i, &z[i]);
    if (size_engine(d, grow, &q, ref_area - others, a->iso_ref_name, ref_area, &z[grow], err) !=
        XF_OK)
        return err->code;
    spread_dies(d, z);
    return XF_OK;
}
