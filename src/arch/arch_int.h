/* The parsed architecture specification shared by spec.c (load, overrides) and build.c. Not a
 * public header. */
#ifndef XF_ARCH_INTERNAL_H
#define XF_ARCH_INTERNAL_H

#include "xf/arch.h"
#include "xf/cfg.h"

/* Technology files an engine group names in its own `tech` group (overriding the root's). */
#define XF_SPEC_MAX_OVERRIDES 16
#define XF_SPEC_MAX_FILES (XF_TR_COUNT + XF_SPEC_MAX_OVERRIDES + 1)

typedef struct {
    char engine[XF_ENGINE_NAME_LEN];
    xf_tech_role role;
    xf_tech tech;
} xf_spec_tech;

struct xf_arch_spec {
    char techlib[1024];
    xf_cfg *cfg;
    int have[XF_TR_COUNT];
    xf_tech tech[XF_TR_COUNT]; /* the root `tech` group (and its profile) */
    int n_files;               /* technology files read (xf_arch_spec_files) */
    char files[XF_SPEC_MAX_FILES][XF_SPEC_FILE_LEN];
    char profile[64]; /* name of the technology profile the tech group takes, or "" */
    char profile_description[256];
    int n_ovr;
    xf_spec_tech ovr[XF_SPEC_MAX_OVERRIDES];
    xf_arch_spec *iso_ref; /* reference design of iso_area = "NAME", loaded once */
    char iso_name[64];
    int as_ref;    /* loaded as another design's iso_area reference: its own is not followed */
    int names_iso; /* (as_ref) the file names an iso_area of its own */
};

/* The technology of `role` for engine `engine`: its own override, else the root's, else NULL. */
const xf_tech *xf_spec_tech_for(const xf_arch_spec *s, const char *engine, xf_tech_role role);

/* 1 when root member i is an engine group (a group with a `kind` key); its name in *name. */
int xf_spec_engine_at(const xf_grp *root, int i, const char **name);

/* build.c, shared with update.c: the environment an engine is built in, the links of a die,
 * the bits per cell of the static MVMs' arrays, the dataflow group and its check. */
void xf_arch_env(const xf_arch_spec *s, const xf_arch *a, const char *engine, xf_err *err,
                 xf_engine_env *v);
int xf_arch_link(const xf_arch_spec *s, xf_grp *root, const xf_arch *a, xf_die *d, xf_err *err);
void xf_arch_cell_bits(xf_arch *a);
int xf_arch_read_dataflow(xf_grp *root, xf_arch *a);
int xf_arch_check_dataflow(xf_grp *root, const xf_arch *a);

/* spec.c: 1 when an override can change which files are loaded (technology keys, an engine's
 * kind, the iso-area reference), so that only a full reload and build apply it. */
int xf_spec_changes_files(const char *assignment);

/* build.c: xf_arch_build that also records the architecture file's ranges (range_ keys of
 * its engine groups and root keys) into sink (n set to 0 by the caller); sink NULL checks
 * them only. The iso-area reference's own ranges are not recorded. */
int xf_arch_build_ranges(const xf_arch_spec *s, xf_arch *a, xf_cfg_ranges *sink, xf_err *err);

#endif
