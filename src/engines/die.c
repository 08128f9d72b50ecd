/* The die's helpers for engines: technology role names, engine lookup, result rows, links. */
#include "engines.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const role_key[XF_TR_COUNT] = {
    "cmos",   "nvm",         "sram_cim", "adc", "dac", "sample_hold", "shift_add",
    "buffer", "core_buffer", "dram",     "bus", "gpu", "link"};
static const xf_tech_kind role_kind[XF_TR_COUNT] = {
    XF_TECH_CMOS,        XF_TECH_NVM,       XF_TECH_SRAM_CIM, XF_TECH_ADC,    XF_TECH_DAC,
    XF_TECH_SAMPLE_HOLD, XF_TECH_SHIFT_ADD, XF_TECH_BUFFER,   XF_TECH_BUFFER, XF_TECH_DRAM,
    XF_TECH_BUS,         XF_TECH_GPU,       XF_TECH_LINK};

const char *xf_tech_role_name(xf_tech_role r)
{
    return (unsigned)r < XF_TR_COUNT ? role_key[r] : "?";
}

xf_tech_kind xf_tech_role_kind(xf_tech_role r)
{
    return (unsigned)r < XF_TR_COUNT ? role_kind[r] : XF_TECH_KIND_COUNT;
}

int xf_die_find(const xf_die *d, const char *name)
{
    for (int i = 0; i < d->n; i++)
        if (strcmp(d->eng[i].name, name) == 0)
            return i;
    return -1;
}

xf_engine_row *xf_engine_row_add(xf_engine_out *o, const char *name, xf_part part, int engine)
{
    xf_engine_row *r = &o->row[XF_ENGINE_MAX_ROWS]; /* the spare: written, never read */
    if (o->n < XF_ENGINE_MAX_ROWS)
        r = &o->row[o->n++];
    else
        o->full = 1;
    r->latency = r->busy = r->block = r->nvm_writes = r->sram_writes = r->spill_bytes = 0.0;
    r->occupancy = 1.0;
    r->rewrites_dynamic = r->n_e = r->too_many = 0;
    r->name = name;
    r->part = part;
    r->engine = engine;
    return r;
}

int xf_engine_link_fail(xf_grp *g, const char *key, const char *fmt, ...)
{
    char what[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    return xf_grp_fail(g, key, "%s", what);
}

int xf_engine_link(const xf_die *d, int self, xf_grp *g, const char *key, const char *name, int has,
                   const char *service)
{
    int i = xf_die_find(d, name);
    if (i < 0) {
        char names[200] = "";
        for (int k = 0; k < d->n; k++)
            if (k != self)
                snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s",
                         names[0] ? ", " : "", d->eng[k].name);
        xf_engine_link_fail(g, key, "no engine '%s' in this architecture; expected one of: %s",
                            name, names[0] ? names : "(none)");
        return -1;
    }
    if (i == self) {
        xf_engine_link_fail(g, key, "names the engine itself; expected another engine");
        return -1;
    }
    if (!has) {
        xf_engine_link_fail(g, key, "engine '%s' (kind %s) has no %s; expected an engine that has",
                            name, d->eng[i].kind->name, service);
        return -1;
    }
    return i;
}
