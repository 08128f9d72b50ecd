/* What the figure builders read from the selected runs: the model filter (check_model),
 * numeric columns by name (with a did-you-mean for a typo), and axis labels with units and
 * SI prefixes. Shared by the builders of every kind, so that a column is named and scaled
 * alike in all figures. Invariant: xf_plot_axis returns the factor the values are divided by
 * (1 when the column has no unit to prefix), and its label names that unit. */
#include "plot_int.h"
#include "xf/cfg.h"

#include <stdio.h>
#include <string.h>

static const col_meta metas[] = {
    {"latency_s", "Latency", "s", 0},
    {"energy_j", "Energy per inference", "J", 0},
    {"area_mm2", "Area", "mm²", 0},
    {"power_w", "Power", "W", 0},
    {"tops", "Throughput", "TOPS", 1},
    {"tops_per_w", "Efficiency", "TOPS/W", 1},
    {"edp_js", "Energy-delay product", "J s", 0},
    {"nvm_writes", "NVM cell writes per inference", "", 0},
    {"seq", "Sequence length", "tokens", 0},
    {"batch", "Batch size", "", 0},
    {"context", "Cached tokens", "tokens", 0},
    {"id", "Run", "", 0},
    {"sweep", "Sweep", "", 0},
};

const col_meta *xf_plot_meta_of(const char *col)
{
    for (size_t i = 0; i < sizeof metas / sizeof metas[0]; i++)
        if (strcmp(metas[i].col, col) == 0)
            return &metas[i];
    return NULL;
}

/* Scale and axis label for values of a column with maximum |v| = mx. */
double xf_plot_axis(const char *col, double mx, char *label, size_t n)
{
    const col_meta *m = xf_plot_meta_of(col);
    if (!m) {
        snprintf(label, n, "%s", col);
        return 1;
    }
    double scale = 1;
    const char *prefix = "";
    if (!strcmp(m->unit, "s") || !strcmp(m->unit, "J") || !strcmp(m->unit, "J s")) {
        static const double sc[] = {1, 1e-3, 1e-6, 1e-9};
        static const char *const px[] = {"", "m", "µ", "n"};
        int k = 0;
        while (k < 3 && mx > 0 && mx < sc[k])
            k++;
        scale = sc[k];
        prefix = px[k];
    }
    if (m->unit[0])
        snprintf(label, n, "%s (%s%s)", m->name, prefix, m->unit);
    else
        snprintf(label, n, "%s", m->name);
    return scale;
}

/* One readable name and one colour per component, the same in every figure (Okabe-Ito and
 * Tol's muted colours: told apart with colour-vision deficiencies, none pale on white). */
static const struct {
    const char *label, *colour;
} comps[XF_COMP_COUNT] = {
    [XF_COMP_XBAR] = {"ReRAM crossbars", "#0072B2"},
    [XF_COMP_ADC] = {"ADCs", "#D55E00"},
    [XF_COMP_DAC] = {"DACs", "#009E73"},
    [XF_COMP_SH] = {"sample and hold", "#CC79A7"},
    [XF_COMP_SHIFT_ADD] = {"shift and add", "#E69F00"},
    [XF_COMP_BUFFER] = {"on-chip buffers", "#56B4E9"},
    [XF_COMP_CIM] = {"SRAM-CiM arrays", "#882255"},
    [XF_COMP_CIM_WRITE] = {"SRAM-CiM writes", "#AA4499"},
    [XF_COMP_NVM_WRITE] = {"NVM writes", "#332288"},
    [XF_COMP_SFU] = {"vector units", "#117733"},
    [XF_COMP_BUS] = {"on-chip bus", "#999999"},
    [XF_COMP_LINK] = {"die-to-die links", "#44AA99"},
    [XF_COMP_DRAM] = {"DRAM", "#CC6677"},
    [XF_COMP_GPU] = {"GPU board", "#661100"},
};

const char *xf_plot_comp_label(xf_comp c)
{
    return c >= 0 && c < XF_COMP_COUNT && comps[c].label ? comps[c].label : "?";
}

const char *xf_plot_comp_colour(xf_comp c)
{
    return c >= 0 && c < XF_COMP_COUNT && comps[c].colour ? comps[c].colour : "#000000";
}

/* Override keys a figure's axis is often swept over: a name and the unit. */
static const struct {
    const char *key, *label;
} keys[] = {
    {"dataflow.sequence_block", "Sequence block (tokens)"},
    {"pe.adc_bits", "ADC resolution (bits)"},
    {"pe.dac_bits", "DAC resolution (bits)"},
    {"pe.xbar_rows", "Crossbar rows"},
    {"pe.xbar_cols", "Crossbar columns"},
    {"pe.adcs_per_xbar", "ADCs per crossbar"},
    {"ae.adc_bits", "SRAM-CiM ADC resolution (bits)"},
    {"ae.array_rows", "SRAM-CiM array rows"},
    {"ae.array_cols", "SRAM-CiM array columns"},
};

/* The unit a key's name ends in (the config convention: the unit is in the name). */
static const struct {
    const char *suffix, *unit;
} suffixes[] = {{"_bits", "bits"}, {"_nm", "nm"},       {"_GSps", "GS/s"}, {"_MHz", "MHz"},
                {"_GHz", "GHz"},   {"_pJ", "pJ"},       {"_fJ", "fJ"},     {"_ns", "ns"},
                {"_mm2", "mm²"},   {"_um2", "µm²"},     {"_W", "W"},       {"_mW", "mW"},
                {"_GBps", "GB/s"}, {"_bytes", "bytes"}, {"_V", "V"}};

void xf_plot_key_label(const char *key, char *label, size_t n)
{
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (strcmp(key, keys[i].key) == 0) {
            snprintf(label, n, "%s", keys[i].label);
            return;
        }
    size_t kl = strlen(key);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        size_t sl = strlen(suffixes[i].suffix);
        if (kl > sl && strcmp(key + kl - sl, suffixes[i].suffix) == 0) {
            snprintf(label, n, "%.*s (%s)", (int)(kl - sl), key, suffixes[i].unit);
            return;
        }
    }
    snprintf(label, n, "%s", key);
}

/* Runs of one model (when given), or XF_ERR_INPUT. */
int xf_plot_check_model(const xf_db_sel *s, const char *model, int need_one, xf_err *err)
{
    const char *first = NULL;
    int several = 0, found = 0;
    for (int i = 0; i < s->n; i++) {
        if (model && strcmp(s->runs[i].r.model, model) == 0)
            found = 1;
        if (!first)
            first = s->runs[i].r.model;
        else if (strcmp(first, s->runs[i].r.model) != 0)
            several = 1;
    }
    if (model && !found)
        return xf_err_set(err, XF_ERR_INPUT, "--model %s: no selected run has that model", model);
    if (!model && need_one && several)
        return xf_err_set(err, XF_ERR_INPUT,
                          "the selection has several models (e.g. %s); choose one with --model",
                          first);
    return XF_OK;
}

int xf_plot_numeric_column(const char *opt, const char *name, int *col, xf_err *err)
{
    int numeric = 0;
    *col = xf_db_column(name, &numeric);
    if (*col < 0 || !numeric) {
        const char *const *names = xf_db_columns();
        int n = 0;
        while (names[n])
            n++;
        const char *sug = xf_suggest(name, names, n);
        if (*col >= 0)
            return xf_err_set(err, XF_ERR_INPUT, "%s %s: not a numeric column", opt, name);
        if (sug)
            return xf_err_set(err, XF_ERR_INPUT, "%s %s: unknown column; did you mean '%s'?", opt,
                              name, sug);
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s %s: unknown column; expected latency_s, energy_j, area_mm2, "
                          "power_w, tops, tops_per_w, edp_js, nvm_writes, seq or batch",
                          opt, name);
    }
    return XF_OK;
}
