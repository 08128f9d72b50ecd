/* SRAM / eDRAM buffer: per-access energy, latency, area and leakage as functions of capacity
 * and port width, by log-log interpolation (GSL) over the technology table. A query outside the
 * table is extended along the nearest segment and flagged, never silently. */
#include "xf/component.h"

#include <math.h>

/* Entries of port width w that give field v (v > 0), interpolated over capacity. */
static int along_capacity(const xf_tech_buffer *b, const double *v, double w, double cap,
                          double *out, int *extra)
{
    double x[XF_BUFFER_TABLE_MAX], y[XF_BUFFER_TABLE_MAX];
    int n = 0;
    for (int i = 0; i < b->n; i++) {
        if (b->port_bits[i] != w || !(v[i] > 0.0))
            continue;
        /* insertion sort by capacity */
        int j = n++;
        while (j > 0 && x[j - 1] > b->capacity[i]) {
            x[j] = x[j - 1];
            y[j] = y[j - 1];
            j--;
        }
        x[j] = b->capacity[i];
        y[j] = v[i];
    }
    if (n == 0)
        return -1;
    return xf_interp_loglog(x, y, n, cap, out, extra);
}

/* Two-step interpolation: over capacity at the port widths that bracket w, then over width.
 * With a single tabulated width the value is scaled by (w / w0)^width_exp and flagged when w
 * differs. Returns -1 when no entry gives the field. */
static int interp2(const xf_tech_buffer *b, const double *v, double cap, double w, double width_exp,
                   double *out, int *extra)
{
    double ws[XF_BUFFER_TABLE_MAX];
    int m = 0;
    for (int i = 0; i < b->n; i++) {
        if (!(v[i] > 0.0))
            continue;
        int seen = 0;
        for (int k = 0; k < m; k++)
            seen |= ws[k] == b->port_bits[i];
        if (seen)
            continue;
        int j = m++;
        while (j > 0 && ws[j - 1] > b->port_bits[i]) {
            ws[j] = ws[j - 1];
            j--;
        }
        ws[j] = b->port_bits[i];
    }
    if (m == 0)
        return -1;
    for (int k = 0; k < m; k++)
        if (ws[k] == w)
            return along_capacity(b, v, w, cap, out, extra);
    if (m == 1) {
        double v0;
        if (along_capacity(b, v, ws[0], cap, &v0, extra) != 0)
            return -1;
        *out = v0 * pow(w / ws[0], width_exp);
        *extra = 1;
        return 0;
    }
    int lo = 0;
    if (w > ws[m - 1])
        lo = m - 2;
    else
        while (lo < m - 2 && ws[lo + 1] < w)
            lo++;
    double wx[2] = {ws[lo], ws[lo + 1]}, wy[2];
    if (along_capacity(b, v, wx[0], cap, &wy[0], extra) != 0 ||
        along_capacity(b, v, wx[1], cap, &wy[1], extra) != 0)
        return -1;
    return xf_interp_loglog(wx, wy, 2, w, out, extra);
}

int xf_buffer_init(xf_buffer *c, const xf_tech *tech, const xf_buffer_params *p, xf_err *err)
{
    if (!tech || tech->kind != XF_TECH_BUFFER)
        return xf_err_set(
            err, XF_ERR_INPUT, "%s: buffer needs a technology of kind \"buffer\", got %s",
            tech ? tech->file : "(none)", tech ? xf_tech_kind_name(tech->kind) : "none");
    const xf_tech_buffer *b = &tech->u.buffer;
    double cap = p && p->capacity > 0.0 ? p->capacity : b->default_capacity;
    int port = p && p->port_bits ? p->port_bits : b->default_port_bits;
    if (!(cap >= 1.0) || !isfinite(cap) || cap > 1e12)
        return xf_err_set(err, XF_ERR_INPUT,
                          "buffer '%s': capacity %g bytes; expected 1 B to "
                          "1 TB",
                          tech->name, cap);
    if (port < 1 || port > 4096)
        return xf_err_set(err, XF_ERR_INPUT, "buffer '%s': port %d bits; expected 1 to 4096",
                          tech->name, port);
    *c = (xf_buffer){0};
    c->capacity = cap;
    c->port_bits = port;
    /* Energy: per-bit energy held constant along port width when only one width is tabulated. */
    if (interp2(b, b->e_read, cap, port, 1.0, &c->e_read, &c->energy_extrapolated) != 0)
        return xf_err_set(err, XF_ERR_INPUT, "buffer '%s': no usable read-energy entry",
                          tech->name);
    if (interp2(b, b->e_write, cap, port, 1.0, &c->e_write, &c->energy_extrapolated) != 0)
        c->e_write = c->e_read; /* no write energy tabulated: write = read (file says so) */
    if (interp2(b, b->area, cap, port, 0.0, &c->area, &c->area_extrapolated) != 0)
        return xf_err_set(err, XF_ERR_INPUT, "buffer '%s': no entry gives an area", tech->name);
    if (interp2(b, b->latency, cap, port, 0.0, &c->t_access, &c->latency_extrapolated) != 0)
        return xf_err_set(err, XF_ERR_INPUT, "buffer '%s': no entry gives a latency", tech->name);
    c->leak_modelled = interp2(b, b->leakage, cap, port, 0.0, &c->leak, &c->leak_extrapolated) == 0;
    if (!c->leak_modelled)
        c->leak = 0.0;
    c->extrapolated = c->energy_extrapolated || c->area_extrapolated || c->latency_extrapolated ||
                      c->leak_extrapolated;
    return XF_OK;
}
