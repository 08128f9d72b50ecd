/* Sizing a die for a workload. Every engine sizes itself (its size hook); an iso-area design
 * then gives the engine of its static MVMs the reference design's area on the same workload
 * minus the area of its other engines. The reference is sized the same way, without
 * iso-area. */
#include "xf/schedule.h"

#include <string.h>

static void default_size(xf_engine_size *z)
{
    memset(z, 0, sizeof *z);
    z->replicas = 1.0;
}

/* Size engine i of d (room < 0: not iso-area). */
static int size_engine(const xf_die *d, int i, const xf_workload *w, double room, const char *file,
                       const char *ref, double ref_area, xf_engine_size *z, xf_err *err)
{
    default_size(z);
    const xf_engine_kind *k = d->eng[i].kind;
    if (!k->size)
        return XF_OK;
    xf_size_in in = {w, d, i, room, file, ref, ref_area};
    return k->size(xf_die_state(d, i), &in, z, err);
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
    for (int i = 0; i < d->n; i++)
        if (i != grow && size_engine(d, i, w, -1.0, a->file, "", 0.0, &z[i], err) != XF_OK)
            return err->code;
    if (!a->iso)
        return XF_OK;
    const xf_die *ref = &a->iso_ref;
    double ref_area = 0.0;
    for (int i = 0; i < ref->n; i++) {
        xf_engine_size rz;
        if (size_engine(ref, i, w, -1.0, a->file, "", 0.0, &rz, err) != XF_OK)
            return err->code;
        ref_area += engine_area(ref, i, &rz);
    }
    *iso_ref_area = ref_area;
    double others = 0.0;
    for (int i = 0; i < d->n; i++)
        if (i != grow)
            others += engine_area(d, i, &z[i]);
    return size_engine(d, grow, w, ref_area - others, a->file, a->iso_ref_name, ref_area, &z[grow],
                       err);
}
