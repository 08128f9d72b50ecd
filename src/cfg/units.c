/* Unit suffixes of configuration keys and their SI factors. */
#include "xf/cfg.h"

#include <string.h>

typedef struct {
    const char *unit;
    double factor;
} unit_def;

typedef struct {
    const unit_def *units;
    const char *list;
} dim_def;

static const unit_def energy[] = {{"fJ", 1e-15}, {"pJ", 1e-12}, {"nJ", 1e-9}, {"uJ", 1e-6},
                                  {"mJ", 1e-3},  {"J", 1.0},    {NULL, 0}};
static const unit_def time_[] = {{"ps", 1e-12}, {"ns", 1e-9}, {"us", 1e-6},
                                 {"ms", 1e-3},  {"s", 1.0},   {NULL, 0}};
static const unit_def power[] = {{"nW", 1e-9}, {"uW", 1e-6}, {"mW", 1e-3}, {"W", 1.0}, {NULL, 0}};
static const unit_def area[] = {
    {"nm2", 1e-18}, {"um2", 1e-12}, {"mm2", 1e-6}, {"m2", 1.0}, {NULL, 0}};
static const unit_def freq[] = {{"Hz", 1.0}, {"kHz", 1e3}, {"MHz", 1e6}, {"GHz", 1e9}, {NULL, 0}};
static const unit_def rate[] = {
    {"Sps", 1.0}, {"kSps", 1e3}, {"MSps", 1e6}, {"GSps", 1e9}, {NULL, 0}};
static const unit_def bandwidth[] = {{"Bps", 1.0},  {"KBps", 1e3},  {"MBps", 1e6},
                                     {"GBps", 1e9}, {"TBps", 1e12}, {NULL, 0}};
static const unit_def bytes[] = {{"B", 1.0},
                                 {"KB", 1024.0},
                                 {"MB", 1024.0 * 1024.0},
                                 {"GB", 1024.0 * 1024.0 * 1024.0},
                                 {NULL, 0}};
static const unit_def resistance[] = {{"ohm", 1.0}, {"kohm", 1e3}, {"Mohm", 1e6}, {NULL, 0}};
static const unit_def voltage[] = {{"mV", 1e-3}, {"V", 1.0}, {NULL, 0}};
static const unit_def length[] = {{"nm", 1e-9}, {"um", 1e-6}, {"mm", 1e-3}, {"m", 1.0}, {NULL, 0}};
static const unit_def current[] = {{"nA", 1e-9}, {"uA", 1e-6}, {"mA", 1e-3}, {"A", 1.0}, {NULL, 0}};
static const unit_def oprate[] = {
    {"GOPS", 1e9}, {"TOPS", 1e12}, {"GFLOPS", 1e9}, {"TFLOPS", 1e12}, {NULL, 0}};

static const dim_def dims[XF_DIM_COUNT] = {
    [XF_DIM_ENERGY] = {energy, "fJ, pJ, nJ, uJ, mJ, J"},
    [XF_DIM_TIME] = {time_, "ps, ns, us, ms, s"},
    [XF_DIM_POWER] = {power, "nW, uW, mW, W"},
    [XF_DIM_AREA] = {area, "nm2, um2, mm2, m2"},
    [XF_DIM_FREQ] = {freq, "Hz, kHz, MHz, GHz"},
    [XF_DIM_RATE] = {rate, "Sps, kSps, MSps, GSps"},
    [XF_DIM_BANDWIDTH] = {bandwidth, "Bps, KBps, MBps, GBps, TBps"},
    [XF_DIM_BYTES] = {bytes, "B, KB, MB, GB (1 KB = 1024 B)"},
    [XF_DIM_RESISTANCE] = {resistance, "ohm, kohm, Mohm"},
    [XF_DIM_VOLTAGE] = {voltage, "mV, V"},
    [XF_DIM_LENGTH] = {length, "nm, um, mm, m"},
    [XF_DIM_CURRENT] = {current, "nA, uA, mA, A"},
    [XF_DIM_OPRATE] = {oprate, "GOPS, TOPS, GFLOPS, TFLOPS"},
};

const char *xf_dim_units(xf_dim dim)
{
    return (dim >= 0 && dim < XF_DIM_COUNT) ? dims[dim].list : "";
}

const char *xf_dim_si(xf_dim dim)
{
    static const char *const si[XF_DIM_COUNT] = {
        [XF_DIM_ENERGY] = "J",      [XF_DIM_TIME] = "s",   [XF_DIM_POWER] = "W",
        [XF_DIM_AREA] = "m2",       [XF_DIM_FREQ] = "Hz",  [XF_DIM_RATE] = "Sps",
        [XF_DIM_BANDWIDTH] = "Bps", [XF_DIM_BYTES] = "B",  [XF_DIM_RESISTANCE] = "ohm",
        [XF_DIM_VOLTAGE] = "V",     [XF_DIM_LENGTH] = "m", [XF_DIM_CURRENT] = "A",
        [XF_DIM_OPRATE] = "OPS"};
    return (dim >= 0 && dim < XF_DIM_COUNT) ? si[dim] : "";
}

double xf_unit_factor(xf_dim dim, const char *unit)
{
    if (dim < 0 || dim >= XF_DIM_COUNT || unit == NULL)
        return 0.0;
    for (const unit_def *u = dims[dim].units; u->unit; u++)
        if (strcmp(u->unit, unit) == 0)
            return u->factor;
    return 0.0;
}

/* Does `unit` belong to any dimension? (Used to strip unit suffixes in suggestions.) */
int xf_unit_known(const char *unit)
{
    for (int d = 0; d < XF_DIM_COUNT; d++)
        if (xf_unit_factor((xf_dim)d, unit) != 0.0)
            return 1;
    return 0;
}
