/* Architecture specifications: find the file, parse it once, load every technology file it
 * names (the root `tech` group and the engines' own `tech` groups) and its iso-area reference,
 * apply overrides. Everything that touches files happens here, so that building (build.c) and
 * evaluating touch none.
 *
 * Invariants: after a successful load or override, every technology role that an engine of the
 * file needs resolves to a loaded file of the right kind; an iso-area reference is one level
 * deep (its own iso_area is refused, not followed). */
#include "arch_int.h"

#include "xf/cfg.h"
#include "xf/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int spec_load(const char *techlib_dir, const char *name_or_path, int as_ref,
                     xf_arch_spec **out, xf_err *err);

int xf_spec_engine_at(const xf_grp *root, int i, const char **name)
{
    int is_group = 0;
    const char *nm = xf_grp_member(root, i, &is_group);
    *name = nm;
    return nm && is_group && strcmp(nm, "tech") != 0 && xf_grp_member_has(root, nm, "kind");
}

const xf_tech *xf_spec_tech_for(const xf_arch_spec *s, const char *engine, xf_tech_role role)
{
    for (int i = 0; i < s->n_ovr; i++)
        if (s->ovr[i].role == role && strcmp(s->ovr[i].engine, engine) == 0)
            return &s->ovr[i].tech;
    return s->have[role] ? &s->tech[role] : NULL;
}

/* Record a file the specification read (once). */
static void note_file(xf_arch_spec *s, const char *rel)
{
    for (int i = 0; i < s->n_files; i++)
        if (strcmp(s->files[i], rel) == 0)
            return;
    if (s->n_files < XF_SPEC_MAX_FILES)
        snprintf(s->files[s->n_files++], XF_SPEC_FILE_LEN, "%s", rel);
}

const char (*xf_arch_spec_files(const xf_arch_spec *s, int *n))[XF_SPEC_FILE_LEN]
{
    *n = s->n_files;
    return (const char(*)[XF_SPEC_FILE_LEN])s->files;
}

/* Load the technology file named by key `role` of group g into t (kind checked). */
static int load_role(xf_arch_spec *s, xf_grp *g, xf_tech_role r, xf_tech *t, xf_err *err)
{
    const char *key = xf_tech_role_name(r);
    const char *rel = xf_grp_str(g, key, XF_OPT, NULL);
    if (xf_grp_status(g) != XF_OK || !rel)
        return err->code;
    xf_err e2;
    xf_err_clear(&e2);
    if (xf_tech_load(s->techlib, rel, NULL, 0, t, &e2) != XF_OK)
        return xf_grp_fail(g, key, "%s", e2.msg);
    if (t->kind != xf_tech_role_kind(r))
        return xf_grp_fail(g, key, "'%s' is a %s technology file; expected kind \"%s\"", rel,
                           xf_tech_kind_name(t->kind), xf_tech_kind_name(xf_tech_role_kind(r)));
    note_file(s, rel);
    if (t->kind == XF_TECH_CMOS && t->u.cmos.scaled) { /* computed from these two */
        note_file(s, t->u.cmos.base);
        note_file(s, t->u.cmos.scaling);
    }
    return XF_OK;
}

static int load_iso_ref(xf_arch_spec *s, xf_grp *root, xf_err *err);

/* Move t, loaded for role r, to the node of the CMOS file cmos (NULL: no CMOS file, left as
 * loaded): every CMOS-built part follows the node its engine is built in (xf_tech_to_node:
 * Stillmaker-Baas factors, the ADC survey's node term, F^2 cells; NVM device energies stay). A
 * failure is reported at key `key` of g. */
static int move_to_node(xf_grp *g, const char *key, xf_tech_role r, xf_tech *t, const xf_tech *cmos)
{
    if (r == XF_TR_CMOS || !cmos)
        return XF_OK;
    xf_err e2;
    xf_err_clear(&e2);
    if (xf_tech_to_node(t, &cmos->u.cmos, &e2) != XF_OK)
        return xf_grp_fail(g, key, "%s", e2.msg);
    xf_tech_ranges_pin(t); /* a draw scales the moved number */
    return XF_OK;
}

static int file_exists(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0;
}

static int open_profile(xf_arch_spec *s, xf_grp *tech, xf_cfg **cfg, xf_grp *g, xf_err *err);

/* A profile is checked as a design whose tech group names only it: every file it names loads
 * and has its role's kind. */
int xf_profile_check(const char *techlib_dir, const char *name, char *description, unsigned n,
                     xf_err *err)
{
    xf_arch_spec *s = calloc(1, sizeof *s);
    if (!s)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(s->techlib, sizeof s->techlib, "%s", techlib_dir);
    char text[400];
    snprintf(text, sizeof text, "tech = { profile = \"%s\"; };\n", name);
    if (xf_cfg_load_string(text, "profile", &s->cfg, err) == XF_OK) {
        xf_grp root, tech, prof;
        xf_cfg *pcfg = NULL;
        xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
        xf_grp_child(&root, "tech", &tech, XF_REQ);
        if (open_profile(s, &tech, &pcfg, &prof, err)) {
            for (int r = 0; r < XF_TR_COUNT && err->code == XF_OK; r++)
                load_role(s, &prof, (xf_tech_role)r, &s->tech[r], err);
            if (err->code == XF_OK)
                xf_grp_end(&prof);
        }
        xf_cfg_free(pcfg);
        snprintf(description, n, "%s", s->profile_description);
    }
    xf_arch_spec_free(s);
    return err->code;
}

/* "unknown profile" with the profiles there are (and a suggestion). */
static int unknown_profile(const xf_arch_spec *s, xf_grp *tech, const char *name)
{
    char(*list)[XF_ARCH_NAME_LEN] = calloc(64, XF_ARCH_NAME_LEN);
    if (!list)
        return xf_grp_fail(tech, "profile", "out of memory");
    int n = xf_profile_names(s->techlib, list, 64);
    const char *cand[64];
    char all[512] = "";
    for (int i = 0; i < n; i++) {
        cand[i] = list[i];
        size_t l = strlen(all);
        snprintf(all + l, sizeof all - l, "%s%s", i ? ", " : "", list[i]);
    }
    const char *sug = xf_suggest(name, cand, n);
    int rc;
    if (sug)
        rc = xf_grp_fail(tech, "profile", "unknown technology profile '%s'; did you mean '%s'?",
                         name, sug);
    else
        rc = xf_grp_fail(tech, "profile",
                         "unknown technology profile '%s'; expected one of: %s (techlib/profiles)",
                         name, n ? all : "none installed");
    free(list);
    return rc;
}

/* The profile the tech group names (profile = "NAME" for techlib/profiles/NAME.cfg, or a path
 * relative to the techlib), opened as group g of *cfg. 1 when there is one. */
static int open_profile(xf_arch_spec *s, xf_grp *tech, xf_cfg **cfg, xf_grp *g, xf_err *err)
{
    s->profile[0] = '\0';
    s->profile_description[0] = '\0';
    const char *name = xf_grp_str(tech, "profile", XF_OPT, NULL);
    if (!name || err->code != XF_OK)
        return 0;
    char dir[1100], path[2200];
    xf_profile_dir(s->techlib, dir, sizeof dir);
    if (name[0] == '/')
        snprintf(path, sizeof path, "%s", name);
    else if (strchr(name, '/'))
        snprintf(path, sizeof path, "%s/%s", s->techlib, name);
    else
        snprintf(path, sizeof path, "%s/%s.cfg", dir, name);
    if (!file_exists(path)) {
        unknown_profile(s, tech, name);
        return 0;
    }
    xf_err e2;
    xf_err_clear(&e2);
    if (xf_cfg_load_file(path, cfg, &e2) != XF_OK) {
        xf_grp_fail(tech, "profile", "%s", e2.msg);
        return 0;
    }
    xf_grp_root(g, *cfg, XF_SRC_NONE, err);
    const char *kind = xf_grp_str(g, "kind", XF_REQ, "");
    if (err->code == XF_OK && strcmp(kind, "profile") != 0)
        xf_grp_fail(g, "kind",
                    "'%s' is a %s file, not a technology profile; expected kind = "
                    "\"profile\"",
                    name, kind);
    const char *pname = xf_grp_str(g, "name", XF_REQ, "");
    const char *desc = xf_grp_str(g, "description", XF_OPT, "");
    xf_text_key(g, "name", pname, 1, XF_TEXT_NAME_MAX);
    xf_text_key(g, "description", desc, 0, sizeof s->profile_description - 1);
    if (err->code == XF_OK) {
        snprintf(s->profile, sizeof s->profile, "%s", pname);
        snprintf(s->profile_description, sizeof s->profile_description, "%s", desc);
        if (strchr(name, '/'))
            note_file(s, name);
        else {
            char rel[200];
            snprintf(rel, sizeof rel, "profiles/%s.cfg", name);
            note_file(s, rel);
        }
    }
    return err->code == XF_OK;
}

/* An engine with a CMOS file of its own gets its own copies of the root's files it uses
 * (roles: bits 1u << XF_TR_*), moved to its node. */
static int own_node_copies(xf_arch_spec *s, xf_grp *et, const char *engine, unsigned roles,
                           xf_err *err)
{
    const xf_tech *cmos = xf_spec_tech_for(s, engine, XF_TR_CMOS);
    for (int r = 1; r < XF_TR_COUNT && err->code == XF_OK; r++) {
        if (!(roles >> r & 1u) || !s->have[r])
            continue;
        if (s->n_ovr == XF_SPEC_MAX_OVERRIDES)
            return xf_grp_fail(et, "cmos",
                               "more than %d engine technology files in one design; expected "
                               "fewer engines with a CMOS node of their own",
                               XF_SPEC_MAX_OVERRIDES);
        xf_spec_tech *o = &s->ovr[s->n_ovr];
        snprintf(o->engine, sizeof o->engine, "%s", engine);
        o->role = (xf_tech_role)r;
        o->tech = s->tech[r];
        if (move_to_node(et, "cmos", (xf_tech_role)r, &o->tech, cmos) == XF_OK)
            s->n_ovr++;
    }
    return err->code;
}

/* Every engine's kind, the technology files of the root and of each engine, the reference. */
static int load_techs(xf_arch_spec *s, xf_err *err)
{
    xf_grp root, tech;
    memset(s->have, 0, sizeof s->have);
    s->n_ovr = 0;
    s->n_files = 0;
    xf_grp_root(&root, s->cfg, XF_SRC_NONE, err);
    xf_grp_child(&root, "tech", &tech, XF_REQ);
    /* A role named in the tech group takes that file, else the profile's (if any). Every role
     * of the profile is read, so that xf_grp_end reports a key that is not a role. */
    xf_cfg *pcfg = NULL;
    xf_grp prof;
    int has_prof = open_profile(s, &tech, &pcfg, &prof, err);
    for (int r = 0; r < XF_TR_COUNT && err->code == XF_OK; r++) {
        const char *role = xf_tech_role_name((xf_tech_role)r);
        xf_grp *from = &tech;
        if (has_prof && !xf_grp_has(&tech, role)) {
            from = &prof;
        } else if (has_prof) {
            xf_grp_str(&prof, role, XF_OPT, NULL); /* known, replaced by the tech group's */
        }
        load_role(s, from, (xf_tech_role)r, &s->tech[r], err);
        s->have[r] = err->code == XF_OK && xf_grp_has(from, role);
        if (s->have[r]) /* cmos is role 0: loaded before every part it scales */
            move_to_node(from, role, (xf_tech_role)r, &s->tech[r],
                         s->have[XF_TR_CMOS] ? &s->tech[XF_TR_CMOS] : NULL);
    }
    if (has_prof && err->code == XF_OK)
        xf_grp_end(&prof);
    xf_cfg_free(pcfg);
    unsigned needed_by_root = 0;
    const char *needer[XF_TR_COUNT] = {0};
    int engines = 0;
    for (int i = 0; i < xf_grp_size(&root) && err->code == XF_OK; i++) {
        const char *name;
        if (!xf_spec_engine_at(&root, i, &name))
            continue;
        engines++;
        xf_grp g, et;
        xf_grp_child(&root, name, &g, XF_REQ);
        const char *kname = xf_grp_str(&g, "kind", XF_REQ, "");
        const xf_engine_kind *k = xf_engine_kind_find(kname);
        if (err->code != XF_OK)
            break;
        if (!k) {
            const char *names[16];
            char list[200] = "";
            int n = xf_engine_kind_count();
            for (int j = 0; j < n && j < 16; j++) {
                names[j] = xf_engine_kind_at(j)->name;
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "",
                         names[j]);
            }
            const char *sug = xf_suggest(kname, names, n < 16 ? n : 16);
            if (sug)
                xf_grp_fail(&g, "kind", "unknown engine kind '%s'; did you mean '%s'?", kname, sug);
            else
                xf_grp_fail(&g, "kind", "unknown engine kind '%s'; expected one of: %s", kname,
                            list);
            break;
        }
        int own = xf_grp_child(&g, "tech", &et, XF_OPT);
        unsigned own_roles = 0;
        for (int r = 0; r < XF_TR_COUNT && err->code == XF_OK; r++) {
            unsigned bit = 1u << r;
            if (own && !xf_grp_has(&et, xf_tech_role_name((xf_tech_role)r)))
                xf_grp_str(&et, xf_tech_role_name((xf_tech_role)r), XF_OPT, NULL); /* known */
            if (own && xf_grp_has(&et, xf_tech_role_name((xf_tech_role)r))) {
                if (s->n_ovr == XF_SPEC_MAX_OVERRIDES) {
                    xf_grp_fail(&et, xf_tech_role_name((xf_tech_role)r),
                                "more than %d engine technology overrides in one file; expected "
                                "fewer",
                                XF_SPEC_MAX_OVERRIDES);
                    break;
                }
                xf_spec_tech *o = &s->ovr[s->n_ovr];
                snprintf(o->engine, sizeof o->engine, "%s", name);
                o->role = (xf_tech_role)r;
                if (load_role(s, &et, (xf_tech_role)r, &o->tech, err) == XF_OK &&
                    move_to_node(&et, xf_tech_role_name((xf_tech_role)r), (xf_tech_role)r, &o->tech,
                                 xf_spec_tech_for(s, name, XF_TR_CMOS)) == XF_OK) {
                    s->n_ovr++;
                    own_roles |= bit;
                }
            } else if ((k->techs & bit) && !(needed_by_root & bit)) {
                needed_by_root |= bit;
                needer[r] = name;
            }
        }
        if (own && (own_roles & 1u << XF_TR_CMOS)) {
            unsigned uses = k->techs;
            if (uses & 1u << XF_TR_BUFFER) /* core buffers fall back on the buffer file */
                uses |= 1u << XF_TR_CORE_BUFFER;
            own_node_copies(s, &et, name, uses & ~own_roles, err);
        }
        if (own)
            xf_grp_end(&et);
    }
    for (int r = 0; r < XF_TR_COUNT && err->code == XF_OK; r++)
        if ((needed_by_root >> r & 1u) && !s->have[r])
            xf_grp_fail(&tech, xf_tech_role_name((xf_tech_role)r),
                        "missing: engine '%s' needs a %s technology file; expected %s = "
                        "\"DIR/FILE.cfg\" (xformer techlib lists them)",
                        needer[r], xf_tech_kind_name(xf_tech_role_kind((xf_tech_role)r)),
                        xf_tech_role_name((xf_tech_role)r));
    if (err->code == XF_OK && engines > 0 && xf_grp_has(&root, "kind"))
        xf_grp_fail(&root, "kind",
                    "an architecture has no kind of its own: its engines have one each "
                    "(pe = { kind = \"xbar\"; ... }); expected the line removed");
    if (err->code == XF_OK && engines == 0)
        xf_grp_fail(&root, xf_grp_has(&root, "kind") ? "kind" : "name",
                    "%s; expected engine groups such as pe = { kind = \"xbar\"; ... }; and a map "
                    "of op roles onto them (README \"Architecture files\"; engine kinds: xformer "
                    "archs --engines)",
                    xf_grp_has(&root, "kind") ? "an architecture is a set of engines, not a family"
                                              : "no engines");
    if (err->code == XF_OK)
        load_iso_ref(s, &root, err);
    xf_grp_end(&tech);
    return err->code;
}

int xf_arch_spec_load(const char *techlib_dir, const char *name_or_path, xf_arch_spec **out,
                      xf_err *err)
{
    return spec_load(techlib_dir, name_or_path, 0, out, err);
}

/* "no such architecture" with a suggestion from the arch/ directory. */
static int unknown_arch(const char *techlib_dir, const char *name, const char *path, xf_err *err)
{
    char(*list)[XF_ARCH_NAME_LEN] = calloc(128, XF_ARCH_NAME_LEN);
    if (!list)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    int n = xf_arch_names(techlib_dir, list, 128);
    const char *cand[128];
    for (int i = 0; i < n; i++)
        cand[i] = list[i];
    const char *sug = xf_suggest(name, cand, n);
    int rc;
    if (n == 0)
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "architecture %s: %s: no such file; expected the architecture "
                        "directory arch/ beside the techlib directory %s",
                        name, path, techlib_dir);
    else if (sug)
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "architecture %s: no such architecture; did you mean '%s'? (xformer "
                        "archs lists them)",
                        name, sug);
    else
        rc = xf_err_set(err, XF_ERR_INPUT,
                        "architecture %s: no such architecture; expected a name from `xformer "
                        "archs` or a .cfg file",
                        name);
    free(list);
    return rc;
}

static int spec_load(const char *techlib_dir, const char *name_or_path, int as_ref,
                     xf_arch_spec **out, xf_err *err)
{
    *out = NULL;
    char path[1200];
    size_t l = strlen(name_or_path);
    int is_path =
        strchr(name_or_path, '/') != NULL || (l > 4 && !strcmp(name_or_path + l - 4, ".cfg"));
    if (is_path) {
        snprintf(path, sizeof path, "%s", name_or_path);
    } else {
        char dir[1100];
        xf_arch_dir(techlib_dir, dir, sizeof dir);
        char rel[1200];
        snprintf(rel, sizeof rel, "%s/%s.cfg", dir, name_or_path);
        if (!realpath(rel, path))
            snprintf(path, sizeof path, "%s", rel);
        if (!file_exists(path))
            return unknown_arch(techlib_dir, name_or_path, path, err);
    }
    xf_arch_spec *s = calloc(1, sizeof *s);
    if (!s)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    snprintf(s->techlib, sizeof s->techlib, "%s", techlib_dir);
    s->as_ref = as_ref;
    if (xf_cfg_load_file(path, &s->cfg, err) != XF_OK || load_techs(s, err) != XF_OK) {
        xf_arch_spec_free(s);
        return err->code;
    }
    *out = s;
    return XF_OK;
}

/* An override that can change which files are loaded: a technology key (root or engine), an
 * engine's kind, or the iso-area reference. */
int xf_spec_changes_files(const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    size_t n = eq ? (size_t)(eq - assignment) : strlen(assignment);
    char key[256];
    if (n >= sizeof key)
        return 1;
    memcpy(key, assignment, n);
    key[n] = '\0';
    char *end = key + strcspn(key, " \t");
    *end = '\0';
    if (strncmp(key, "tech.", 5) == 0 || strstr(key, ".tech.") != NULL ||
        strcmp(key, "iso_area") == 0)
        return 1;
    size_t kl = strlen(key);
    return kl >= 5 && strcmp(key + kl - 5, ".kind") == 0;
}

/* "tech.ROLE=..." or "ENGINE.tech.ROLE=..." (ROLE a technology role or "profile" at the root):
 * a key a file may leave to its profile, so an override may add it. */
static int is_tech_role_key(const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    const char *dot = NULL;
    if (!eq)
        return 0;
    for (const char *p = assignment; p < eq; p++)
        if (*p == '.')
            dot = p;
    if (!dot)
        return 0;
    size_t n = (size_t)(eq - dot - 1), head = (size_t)(dot - assignment);
    int root = head == 4 && strncmp(assignment, "tech", 4) == 0;
    int engine =
        head > 5 && strncmp(dot - 5, ".tech", 5) == 0 && !memchr(assignment, '.', head - 5);
    if (!root && !engine)
        return 0;
    if (root && n == 7 && strncmp(dot + 1, "profile", 7) == 0)
        return 1;
    for (int r = 0; r < XF_TR_COUNT; r++) {
        const char *name = xf_tech_role_name((xf_tech_role)r);
        if (strlen(name) == n && strncmp(dot + 1, name, n) == 0)
            return 1;
    }
    return 0;
}

/* A key the file may leave to its default, and its type: "ENGINE.KEY" of the engine's key
 * table (xf_param_def; a quantity with a unit suffix of its dimension), or a root key that
 * build.c reads with a default. 0 when the key is neither. */
static int default_key(const xf_arch_spec *s, const char *assignment, xf_cfg_type *type,
                       const xf_param_def **bare)
{
    static const struct {
        const char *key;
        xf_cfg_type type;
    } root[] = {{"accounting", XF_CFG_TEXT},      {"dataflow.sequence_block", XF_CFG_INT},
                {"dataflow.fusion", XF_CFG_TEXT}, {"chip.dies", XF_CFG_INT},
                {"chip.overflow", XF_CFG_TEXT},   {"chip.kv_placement", XF_CFG_TEXT},
                {"chip.parallel", XF_CFG_TEXT},   {"map.kv_cache", XF_CFG_TEXT},
                {"map.kv_spill", XF_CFG_TEXT},    {"lifetime.inferences_per_s", XF_CFG_REAL}};
    const char *eq = strchr(assignment, '=');
    char key[160];
    if (!eq || (size_t)(eq - assignment) >= sizeof key)
        return 0;
    snprintf(key, sizeof key, "%.*s", (int)(eq - assignment), assignment);
    for (size_t i = 0; i < sizeof root / sizeof root[0]; i++)
        if (strcmp(key, root[i].key) == 0) {
            *type = root[i].type;
            return 1;
        }
    char *dot = strchr(key, '.');
    if (!dot || strchr(dot + 1, '.'))
        return 0;
    *dot = '\0';
    xf_err e2;
    xf_err_clear(&e2);
    xf_grp g, eg;
    xf_grp_root(&g, s->cfg, XF_SRC_NONE, &e2);
    if (!xf_grp_member_has(&g, key, "kind") || !xf_grp_child(&g, key, &eg, XF_OPT))
        return 0;
    const xf_engine_kind *k = xf_engine_kind_find(xf_grp_str(&eg, "kind", XF_OPT, ""));
    const xf_param_def *p = k ? xf_engine_param_find(k->params, dot + 1) : NULL;
    /* a quantity named without its unit, that the file leaves out (when the file has it, the
     * override's own did-you-mean names the file's key) */
    for (const xf_param_def *q = k && !p && !xf_grp_has(&eg, dot + 1) ? k->params : NULL;
         q && q->key; q++)
        if (q->type == XF_P_QTY && strcmp(q->key, dot + 1) == 0)
            *bare = q;
    if (!p)
        return 0;
    static const xf_cfg_type of[] = {
        [XF_P_INT] = XF_CFG_INT,   [XF_P_REAL] = XF_CFG_REAL,   [XF_P_QTY] = XF_CFG_REAL,
        [XF_P_BOOL] = XF_CFG_BOOL, [XF_P_CHOICE] = XF_CFG_TEXT, [XF_P_NAME] = XF_CFG_TEXT};
    *type = of[p->type];
    return 1;
}

int xf_arch_spec_set(xf_arch_spec *s, const char *assignment, xf_err *err)
{
    int add = is_tech_role_key(assignment);
    xf_cfg_type type = XF_CFG_TEXT;
    const xf_param_def *bare = NULL;
    int dflt = !add && default_key(s, assignment, &type, &bare);
    if (bare) {
        const char *eq = strchr(assignment, '=');
        return xf_err_set(err, XF_ERR_INPUT,
                          "--set %s: key '%.*s' is a quantity; expected it with a unit suffix, "
                          "e.g. %.*s_%s=%s (units: %s)",
                          assignment, (int)(eq - assignment), assignment, (int)(eq - assignment),
                          assignment, xf_dim_si((xf_dim)bare->dim), eq + 1,
                          xf_dim_units((xf_dim)bare->dim));
    }
    int rc = add    ? xf_cfg_override_add(s->cfg, assignment, err)
             : dflt ? xf_cfg_override_new(s->cfg, assignment, type, err)
                    : xf_cfg_override(s->cfg, assignment, err);
    if (rc != XF_OK)
        return err->code;
    /* Load time, not the evaluation path. */
    if (xf_spec_changes_files(assignment))
        return load_techs(s, err);
    return XF_OK;
}

char *xf_arch_spec_text(const xf_arch_spec *s)
{
    return xf_cfg_to_text(s->cfg);
}

void xf_arch_spec_free(xf_arch_spec *s)
{
    if (!s)
        return;
    xf_cfg_free(s->cfg);
    xf_arch_spec_free(s->iso_ref);
    free(s);
}

static int load_iso_ref(xf_arch_spec *s, xf_grp *root, xf_err *err)
{
    const char *ref = xf_grp_str(root, "iso_area", XF_OPT, NULL);
    xf_arch_spec_free(s->iso_ref);
    s->iso_ref = NULL;
    s->iso_name[0] = '\0';
    if (!ref || err->code != XF_OK)
        return err->code;
    if (s->as_ref) {
        /* A reference is one level deep: following its own iso_area could loop (a file that
         * names itself); the design that names it reports the chain. */
        s->names_iso = 1;
        return XF_OK;
    }
    xf_err e2;
    xf_err_clear(&e2);
    if (spec_load(s->techlib, ref, 1, &s->iso_ref, &e2) != XF_OK)
        return xf_grp_fail(root, "iso_area", "%s", e2.msg);
    if (s->iso_ref->names_iso)
        return xf_grp_fail(root, "iso_area",
                           "'%s' cannot be a reference; expected an in-memory design without "
                           "iso_area of its own",
                           ref);
    snprintf(s->iso_name, sizeof s->iso_name, "%s", ref);
    return XF_OK;
}
