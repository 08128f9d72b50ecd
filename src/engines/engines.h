/* Helpers shared by the engine implementations (src/engines/). Not a public header. */
#ifndef XF_ENGINES_INTERNAL_H
#define XF_ENGINES_INTERNAL_H

#include "xf/engine.h"

/* Vector-unit op counts per element of the non-linear and element-wise ops that are not
 * softmax or LayerNorm (those come from component.h). Modelling choices, stated here:
 *   GELU, tanh form 0.5x(1 + tanh(c(x + 0.044715 x^3))): 6 mults (x^3 as 2, two constants,
 *     0.5x, the final product), 2 adds, and tanh as 1 exp + 1 divide + 2 adds;
 *   SiLU x / (1 + e^-x): 1 exp, 1 add, 1 divide; ReLU: 1 max; tanh: 1 exp, 1 divide, 2 adds;
 *   residual/position/embedding adds: 1 add; score scaling and GLU product: 1 mult;
 *   RoPE: 2 mults + 1 add (x cos + rot(x) sin). */
#define XF_GELU_MULT 6
#define XF_GELU_ADD 4
#define XF_GELU_EXP 1
#define XF_GELU_DIV 1

/* Partial sums kept between blocks or row blocks are 32-bit (8-bit x 8-bit products summed
 * over up to 2^16 terms need 32 bits). */
#define XF_PARTIAL_SUM_BYTES 4.0

/* The precisions a vector unit's `precision` key takes, in xf_prec order (a choice's index is
 * the xf_prec). */
extern const char *const xf_engine_precisions[];

/* Vector-op counts of a non-MVM op (softmax, norms, activations, adds), by its role. */
xf_vop_counts xf_vector_counts(const xf_op *op);

/* Energy of n full MVMs of an analog array, split by component into the row. */
void xf_mvm_energy_split(const xf_mvm_array *a, double n_mvm, xf_comp array_comp, xf_engine_row *r);

/* Area of `n` analog arrays by component, the cells attributed to array_comp. */
void xf_mvm_area_split(const xf_mvm_array *a, double n, xf_comp array_comp, double *by_comp);

/* Static power of `n` analog arrays' peripherals by component (added to by_comp). */
void xf_mvm_leak_split(const xf_mvm_array *a, double n, double *by_comp);
/* The peripherals of an analog MVM array, built from the engine's technology files: the ADC
 * (adc_bits, adc_rate (0: the file's), adc_charge), the DAC (dac_bits; 0: the file's), the S&H
 * and the shift-add. A failure is reported at the engine key that chose the failing part. */
typedef struct {
    xf_adc adc;
    xf_dac dac;
    xf_sample_hold sh;
    xf_shift_add sa;
} xf_analog_periph;
int xf_analog_periph_init(xf_analog_periph *p, const xf_engine_env *env, xf_grp *g, int adc_bits,
                          double adc_rate, int adc_charge, int dac_bits);
/* Append "NAME of N KB lies outside its technology table" to buf when buffer b was
 * extrapolated (reports only). */
void xf_buffer_note(char *buf, size_t n, const char *name, const xf_buffer *b);

/* Report the component error in err again at key `key` of engine group g (FILE:LINE). */
int xf_engine_derive_fail(xf_grp *g, const char *key, xf_err *err);

/* Choice names of the analog engines' adc_policy (XF_ADC_POLICY_*) and adc_charge
 * (XF_ADC_CHARGE_*) keys. */
extern const char *const xf_adc_policies[];
extern const char *const xf_adc_charges[];

/* The share of an engine of `units` units that `used` of them are: min(1, used / units). */
static inline double xf_share(double used, double units)
{
    return units > 0 && used < units ? used / units : 1.0;
}

/* Report a link failure at key `key` of the engine's group. */
int xf_engine_link_fail(xf_grp *g, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Resolve the engine named by `key` (value `name`) for a link: its index, or -1 with an error
 * naming the key when there is none, it is this engine, or it lacks the service `has`. */
int xf_engine_link(const xf_die *d, int self, xf_grp *g, const char *key, const char *name, int has,
                   const char *service);

#endif
