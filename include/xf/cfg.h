/* xf/cfg.h - strict configuration loading (libconfig) with units, sources and overrides.
 *
 * A configuration file is parsed once into an xf_cfg. Typed loaders then read it group by
 * group through an xf_grp cursor:
 *
 *     xf_grp g;
 *     xf_grp_root(&g, cfg, XF_SRC_REQUIRED, err);
 *     double e = xf_grp_qty(&g, "read_energy", XF_DIM_ENERGY, 0, 1e-6, XF_REQ | XF_LO_OPEN, 0);
 *     long bits = xf_grp_int(&g, "bits", 1, 16, XF_REQ, 8);
 *     if (xf_grp_end(&g) != XF_OK) ...   // unknown keys are reported here
 *
 * Every reader is "sticky": after the first error it does nothing and returns its default, so a
 * loader reads linearly and checks once at the end. Error messages have the form
 *     FILE:LINE: key 'path.to.key': <what is wrong>; expected <form>
 * or, for a value that came from an override,
 *     --set path.to.key=VALUE: key 'path.to.key': <what is wrong>; expected <form>
 *
 * Units: a quantity key carries its unit as a suffix, e.g. read_energy_pJ, t_read_ns, area_um2,
 * freq_MHz, capacity_KB. The reader is asked for the base name ("read_energy") and a dimension;
 * any unit of that dimension is accepted and converted to SI. Capacities use KB = 1024 bytes;
 * bandwidths use decimal GBps = 1e9 bytes/s, as data sheets do.
 *
 * Sources: when a group is opened with XF_SRC_REQUIRED, every quantity and real read from it
 * must have a source string: a key `source_<base>` beside it, or a `source` key in the group,
 * or (for an element of a list) `source_<listname>` / `source` in the enclosing group.
 */
#ifndef XF_CFG_H
#define XF_CFG_H

#include "xf/err.h"

#include <stddef.h>

typedef struct xf_cfg xf_cfg;

/* Largest configuration (file or text) a loader reads: a larger one is refused before it is
 * parsed (the biggest shipped file is under 10 KB; libconfig needs about 40 bytes of memory per
 * byte of a dense file, so 1 MiB stays well within the 64 MB a bad input may cost). */
#define XF_CFG_MAX_BYTES (1024 * 1024)
/* Keys (name = value) and values (keys plus list and array elements) of one configuration,
 * counted before parsing: libconfig 1.5 adds each key after a linear search of its group (so n
 * keys in a group cost n^2 / 2 comparisons: 60,000 took 40 s) and takes about 100 bytes per
 * value. The largest shipped file has under 300 keys. */
#define XF_CFG_MAX_KEYS 2048
#define XF_CFG_MAX_VALUES 100000

/* A file must be a regular file (checked with stat before it is opened: a FIFO or a device is
 * refused, never waited on), non-empty, at most XF_CFG_MAX_BYTES, text without NUL bytes and
 * without @include; every integer in it must keep its value in libconfig (one beyond 32 bits
 * needs an L suffix, one beyond 64 bits is refused), else the error names FILE:LINE. */

int xf_cfg_load_file(const char *path, xf_cfg **out, xf_err *err);
int xf_cfg_load_string(const char *text, const char *name, xf_cfg **out, xf_err *err);
void xf_cfg_free(xf_cfg *cfg);
/* The file name (or the name given to xf_cfg_load_string). */
const char *xf_cfg_name(const xf_cfg *cfg);
/* Apply "path.to.key=value" to the in-memory tree. The key must exist; the value must parse as
 * the key's type (an integer key takes integers, a real key takes any number, a string key any
 * text, a boolean key true/false). Range checks happen when the typed loader reads the key. */
int xf_cfg_override(xf_cfg *cfg, const char *assignment, xf_err *err);
/* The same, except that a missing key (and its group, when that is missing under an existing
 * one) is added with the value as a string: for keys a file may leave out and a caller
 * knows the meaning of (a technology role that a profile fills). */
int xf_cfg_override_add(xf_cfg *cfg, const char *assignment, xf_err *err);
/* Value types of a key that xf_cfg_override_new adds. */
typedef enum { XF_CFG_INT, XF_CFG_REAL, XF_CFG_BOOL, XF_CFG_TEXT } xf_cfg_type;
/* The same for a key the caller knows the type of (an engine key the file leaves to its
 * default): a missing key is added with that type (its group too, when that is missing under
 * an existing one) and removed again when the value does not parse as the type. */
int xf_cfg_override_new(xf_cfg *cfg, const char *assignment, xf_cfg_type type, xf_err *err);
/* Resolved configuration text (after overrides), for provenance. Caller frees. */
char *xf_cfg_to_text(const xf_cfg *cfg);

typedef enum {
    XF_DIM_ENERGY,     /* J:    fJ pJ nJ uJ mJ J */
    XF_DIM_TIME,       /* s:    ps ns us ms s */
    XF_DIM_POWER,      /* W:    nW uW mW W */
    XF_DIM_AREA,       /* m^2:  nm2 um2 mm2 m2 */
    XF_DIM_FREQ,       /* Hz:   Hz kHz MHz GHz */
    XF_DIM_RATE,       /* samples/s: Sps kSps MSps GSps */
    XF_DIM_BANDWIDTH,  /* bytes/s:   Bps MBps GBps TBps (decimal) */
    XF_DIM_BYTES,      /* bytes:     B KB MB GB (binary, KB = 1024 B) */
    XF_DIM_RESISTANCE, /* ohm:  ohm kohm Mohm */
    XF_DIM_VOLTAGE,    /* V:    mV V */
    XF_DIM_LENGTH,     /* m:    nm um mm m */
    XF_DIM_CURRENT,    /* A:    nA uA mA A */
    XF_DIM_OPRATE,     /* ops/s: GOPS TOPS GFLOPS TFLOPS */
    XF_DIM_COUNT
} xf_dim;

/* Unit names of a dimension, for messages ("fJ, pJ, nJ, uJ, mJ, J"). */
const char *xf_dim_units(xf_dim dim);
/* SI factor of `unit` in `dim`, or 0 when the unit is not one of that dimension. */
double xf_unit_factor(xf_dim dim, const char *unit);
/* The SI unit of a dimension as a key suffix names it ("J", "s", "Hz", "m2", "B", ...). */
const char *xf_dim_si(xf_dim dim);
/* 1 when `unit` is a unit of any dimension. */
int xf_unit_known(const char *unit);

/* Reader flags. */
enum {
    XF_OPT = 0,
    XF_REQ = 1 << 0,     /* missing key is an error */
    XF_LO_OPEN = 1 << 1, /* value must be > lo (default >= lo) */
    XF_HI_OPEN = 1 << 2  /* value must be < hi (default <= hi) */
};

enum { XF_SRC_NONE = 0, XF_SRC_REQUIRED = 1 };

/* Ranges: a value may carry a cited range and a distribution beside it, for studies
 * (xformer uncertainty, sensitivity):
 *
 *     energy_per_bit_pJ = 0.225;
 *     range_energy_per_bit_pJ = [0.0975, 0.319];    # same unit as the value, lo < hi
 *     dist_energy_per_bit = "lognormal";            # optional; default "uniform"
 *     source_range_energy_per_bit = "...";          # required: where the range comes from
 *
 * The range must hold the value and lie within the key's physical range. Distributions over
 * [lo, hi]: uniform; loguniform (uniform in ln); triangular (mode at the value); lognormal
 * (lo and hi its 5th and 95th percentiles, median sqrt(lo hi)). A reader records a range only
 * when the group has a sink (xf_grp.ranges, inherited by child groups); a range_ key in a
 * group without one is an error. Ranges are read for quantities and reals. A value an
 * override (--set) gave is fixed: its range is recorded with fixed = 1 and not checked
 * against the value; studies leave it at the override. */
typedef enum {
    XF_DIST_UNIFORM,
    XF_DIST_LOGUNIFORM,
    XF_DIST_TRIANGULAR,
    XF_DIST_LOGNORMAL,
    XF_DIST_COUNT
} xf_dist;

/* "uniform", "loguniform", "triangular", "lognormal"; NULL-terminated list of them. */
const char *xf_dist_name(int d);
const char *const *xf_dist_names(void);
/* The value at cumulative probability u (0 < u < 1) of distribution d over [lo, hi] with
 * mode (triangular) nominal. */
double xf_dist_quantile(int d, double lo, double nominal, double hi, double u);

#define XF_CFG_MAX_RANGES 24

typedef struct {
    char key[96];     /* dotted path of the value's key as written (energy_per_bit_pJ) */
    char base[96];    /* the same without its unit suffix (energy_per_bit) */
    char unit[16];    /* the unit suffix as written ("" for a dimensionless real) */
    double factor;    /* SI per unit of the file */
    double nominal;   /* SI */
    double lo, hi;    /* SI */
    int dist;         /* xf_dist */
    int fixed;        /* 1: an override set the value (a study does not vary it) */
    char source[400]; /* source_range_<base> */
    char where[320];  /* FILE:LINE of the range_ key */
} xf_cfg_range;

typedef struct {
    int n;
    xf_cfg_range r[XF_CFG_MAX_RANGES];
} xf_cfg_ranges;

#define XF_GRP_MAX_KEYS 96

/* A reader's problems collected instead of stopping at the first (a model file's keys are
 * independent, so one run can name every wrong or missing key): with xf_grp.log set, each
 * failure is recorded here and the readers go on; xf_grp_status reports an error once any is
 * recorded, so checks that combine keys are skipped. */
#define XF_GRP_LOG_MAX 12
typedef struct {
    int n; /* failures (may exceed XF_GRP_LOG_MAX; the first ones are kept) */
    char msg[XF_GRP_LOG_MAX][XF_ERR_MSG_LEN];
} xf_grp_log;
#define XF_GRP_PATH_LEN 160

typedef struct xf_grp {
    const xf_cfg *cfg;
    void *setting; /* config_setting_t * of this group; NULL when the group is absent */
    const struct xf_grp *parent;
    char path[XF_GRP_PATH_LEN]; /* dotted path for messages ("" at root) */
    char name[80];              /* own key name in the parent ("" at root) */
    const char *asked[XF_GRP_MAX_KEYS];
    int asked_dim[XF_GRP_MAX_KEYS]; /* xf_dim of a quantity key, -1 for a plain key */
    unsigned n_asked;
    int need_source;
    xf_cfg_ranges *ranges; /* where the readers record ranges (NULL: a range is an error) */
    xf_grp_log *log;       /* collect failures instead of stopping (NULL: stop at the first) */
    xf_err *err;
} xf_grp;

int xf_grp_root(xf_grp *g, const xf_cfg *cfg, int need_source, xf_err *err);
/* Open sub-group `name`. Returns 1 when present, 0 when absent (an error if XF_REQ). The child
 * inherits need_source. A child of an absent group is absent. */
int xf_grp_child(xf_grp *parent, const char *name, xf_grp *child, int flags);
/* Number of elements of list `name` (a libconfig list of groups); 0 when absent. */
int xf_grp_list_len(xf_grp *g, const char *name, int flags);
/* Open element i of list `name` as a group. */
int xf_grp_list_elem(xf_grp *g, const char *name, int i, xf_grp *child);
/* 1 when a key with this base name exists (with or without a unit suffix). */
int xf_grp_has(const xf_grp *g, const char *base);
/* Members of the group in file order: their number (0 when the group is absent), and the name
 * of member i with whether it is a group itself (NULL outside). Reading a member by name is
 * what marks it as known to xf_grp_end. */
int xf_grp_size(const xf_grp *g);
/* 1 when member `member` of g is a group holding key `key`; marks nothing as read. */
int xf_grp_member_has(const xf_grp *g, const char *member, const char *key);
const char *xf_grp_member(const xf_grp *g, int i, int *is_group);

double xf_grp_qty(xf_grp *g, const char *base, xf_dim dim, double lo, double hi, int flags,
                  double dflt);
double xf_grp_real(xf_grp *g, const char *name, double lo, double hi, int flags, double dflt);
long long xf_grp_int(xf_grp *g, const char *name, long long lo, long long hi, int flags,
                     long long dflt);
int xf_grp_bool(xf_grp *g, const char *name, int flags, int dflt);
/* The returned string lives as long as the xf_cfg. */
const char *xf_grp_str(xf_grp *g, const char *name, int flags, const char *dflt);
/* Index of the value in `choices` (NULL-terminated); error lists the choices. */
int xf_grp_choice(xf_grp *g, const char *name, const char *const *choices, int flags, int dflt);
/* Array of numbers `[a, b, c]` with a unit suffix (dim >= 0) or dimensionless (dim < 0).
 * Returns the count (>= min_n), 0 when absent and optional; each element range-checked. */
int xf_grp_qty_array(xf_grp *g, const char *base, int dim, double lo, double hi, int flags,
                     double *out, int max_n, int min_n);

/* Source string for a value of this group, or NULL. */
const char *xf_grp_source(const xf_grp *g, const char *base);
/* Report a custom validation failure at key `name` of the group (FILE:LINE form). */
int xf_grp_fail(xf_grp *g, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Check that the group has no key that was not asked for. Returns the error code so far. */
int xf_grp_end(xf_grp *g);
/* Current error code (XF_OK when none; XF_ERR_INPUT once a collected failure is logged). */
int xf_grp_status(const xf_grp *g);
/* The collected failures into err, one per line in the order found (the first
 * XF_GRP_LOG_MAX, then "and N more"); XF_OK when there are none. */
int xf_grp_log_finish(const xf_grp_log *log, xf_err *err);

/* Walk every scalar key of a configuration (sources excluded), in file order. */
typedef struct {
    const char *path;   /* dotted path, list elements as name[i] */
    const char *value;  /* value as text */
    int line;           /* source line, 0 when unknown */
    const char *source; /* source string that covers it (same rules as xf_grp_source), or NULL */
    const char *unit;   /* unit suffix of the key when it names one, else NULL */
    double si;          /* numeric value in SI units (valid when is_number) */
    int is_number;
    const char *override; /* the --set assignment that set it, or NULL (as written in the file) */
} xf_cfg_item;
typedef int (*xf_cfg_visit)(const xf_cfg_item *item, void *ctx);
/* Calls fn for each item; stops early and returns fn's value when it is non-zero. */
int xf_cfg_walk(const xf_cfg *cfg, xf_cfg_visit fn, void *ctx);

/* Edit distance helper for "did you mean" suggestions (exposed for the CLI's name lookups). */
int xf_edit_distance(const char *a, const char *b);
/* Best candidate within a small edit distance, or NULL. */
const char *xf_suggest(const char *word, const char *const *candidates, int n);

/* Check the string value s of key `key` of group g with xf_text_check (xf/text.h); on failure
 * report it at the key (FILE:LINE: key 'name' has a control character ...). Nothing when g already
 * holds an error. Returns the group's status. */
int xf_text_key(xf_grp *g, const char *key, const char *s, size_t min_bytes, size_t max_bytes);

#endif
