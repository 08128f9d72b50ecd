/* The parsed architecture specification shared by spec.c (load, overrides) and build.c. Not a
 * public header. */
#ifndef XF_ARCH_INTERNAL_H
#define XF_ARCH_INTERNAL_H

#include "xf/arch.h"
#include "xf/cfg.h"

/* Technology files an engine group names in its own `tech` group (overriding the root's). */
#define XF_SPEC_MAX_OVERRIDES 16

typedef struct {
    char engine[XF_ENGINE_NAME_LEN];
    xf_tech_role role;
    xf_tech tech;
} xf_spec_tech;

struct xf_arch_spec {
    char techlib[1024];
    xf_cfg *cfg;
    int have[XF_TR_COUNT];
    xf_tech tech[XF_TR_COUNT]; /* the root `tech` group */
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

#endif
