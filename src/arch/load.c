/* Load, override and build an architecture in one call (the spec API for callers that do not
 * keep the parsed file, as sweeps do). */
#include "xf/arch.h"

int xf_arch_load(const char *techlib_dir, const char *name_or_path, const char *const *sets,
                 int n_sets, xf_arch *out, xf_err *err)
{
    xf_arch_spec *s = NULL;
    if (xf_arch_spec_load(techlib_dir, name_or_path, &s, err) != XF_OK)
        return err->code;
    for (int i = 0; i < n_sets; i++)
        if (xf_arch_spec_set(s, sets[i], err) != XF_OK) {
            xf_arch_spec_free(s);
            return err->code;
        }
    int rc = xf_arch_build(s, out, err);
    xf_arch_spec_free(s);
    return rc;
}
