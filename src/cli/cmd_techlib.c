/* xformer techlib [list|show FILE]: the technology library and its derived per-action costs. */
#include "cli.h"
#include "xf/arch.h"
#include "xf/cfg.h"
#include "xf/report.h"
#include "xf/tech.h"

#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const CMD = "techlib";

#define MAX_FILES 256
#define MAX_SETS 64

typedef struct {
    char *paths[MAX_FILES];
    int n;
    int overflow;
} file_list;

static void collect(const char *root, const char *rel, file_list *fl)
{
    char dirpath[1024];
    snprintf(dirpath, sizeof dirpath, "%s%s%s", root, rel[0] ? "/" : "", rel);
    DIR *d = opendir(dirpath);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' || (!rel[0] && strcmp(e->d_name, "profiles") == 0))
            continue; /* profiles are sets of these files, listed after them */
        char relp[768], full[1280];
        snprintf(relp, sizeof relp, "%s%s%s", rel, rel[0] ? "/" : "", e->d_name);
        snprintf(full, sizeof full, "%s/%s", root, relp);
        struct stat st;
        if (stat(full, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            collect(root, relp, fl);
        } else {
            size_t l = strlen(relp);
            if (l > 4 && strcmp(relp + l - 4, ".cfg") == 0) {
                if (fl->n < MAX_FILES)
                    fl->paths[fl->n++] = strdup(relp);
                else
                    fl->overflow = 1;
            }
        }
    }
    closedir(d);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int print_item(const xf_cfg_item *it, void *ctx)
{
    (void)ctx;
    if (it->is_number && it->unit)
        printf("  %-34s %-14s (%.6g SI)\n", it->path, it->value, it->si);
    else
        printf("  %-34s %s\n", it->path, it->value);
    /* An overridden value's source is the override, not the file's source of the old value. */
    if (it->override)
        printf("  %-34s   source: --set %s (the file's value replaced)\n", "", it->override);
    else if (it->source)
        printf("  %-34s   source: %s\n", "", it->source);
    return 0;
}

/* A FILE argument is relative to the techlib directory, or a path when it exists as given
 * (then made absolute: the loader ignores the directory for absolute paths, and a derived
 * CMOS file still finds its base and scaling files in the techlib directory). */
static void resolve(const char *dir, const char *file, char *f, size_t nf)
{
    struct stat st;
    char full[1024];
    snprintf(full, sizeof full, "%s/%s", dir, file);
    if (stat(full, &st) != 0 && stat(file, &st) == 0 && realpath(file, full) != NULL)
        snprintf(f, nf, "%s", full);
    else
        snprintf(f, nf, "%s", file);
}

/* A profile (kind "profile"): a set of technology files, not one. */
static int is_profile(const char *dir, const char *f)
{
    char path[2100];
    snprintf(path, sizeof path, "%s%s%s", f[0] == '/' ? "" : dir, f[0] == '/' ? "" : "/", f);
    xf_cfg *cfg = NULL;
    xf_err err;
    xf_err_clear(&err);
    if (xf_cfg_load_file(path, &cfg, &err) != XF_OK)
        return 0; /* the technology loader reports it */
    xf_grp g;
    xf_grp_root(&g, cfg, XF_SRC_NONE, &err);
    const char *kind = xf_grp_str(&g, "kind", XF_OPT, "");
    int yes = err.code == XF_OK && strcmp(kind, "profile") == 0;
    xf_cfg_free(cfg);
    return yes;
}

static int show_profile(const char *dir, const char *f)
{
    xf_err err;
    xf_err_clear(&err);
    char desc[256];
    if (xf_profile_check(dir, f, desc, sizeof desc, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    char path[2100];
    snprintf(path, sizeof path, "%s%s%s", f[0] == '/' ? "" : dir, f[0] == '/' ? "" : "/", f);
    xf_cfg *cfg = NULL;
    if (xf_cfg_load_file(path, &cfg, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    printf("%s  (kind profile: a technology file for each role it names)\n", path);
    if (desc[0])
        printf("  %s\n", desc);
    printf("\nroles (an architecture's tech group may replace any):\n");
    xf_cfg_walk(cfg, print_item, NULL);
    xf_cfg_free(cfg);
    printf("\nxformer techlib show FILE gives each file's values, sources and costs.\n");
    return XF_EXIT_OK;
}

static int show(const char *dir, const char *file, const char *const *sets, int n_sets)
{
    xf_err err;
    xf_err_clear(&err);
    char f[1024], path[2100];
    const char *d = dir;
    resolve(dir, file, f, sizeof f);
    if (is_profile(d, f)) {
        if (n_sets)
            return xf_cli_usage_error("techlib",
                                      "--set applies to a technology file; %s is a "
                                      "profile (set tech.ROLE in an architecture)",
                                      file);
        return show_profile(d, f);
    }
    xf_tech *t = calloc(1, sizeof *t);
    if (!t) {
        fprintf(stderr, "xformer: %s: out of memory\n", CMD);
        return XF_EXIT_RUNTIME;
    }
    if (xf_tech_load(d, f, sets, n_sets, t, &err) != XF_OK) {
        free(t);
        return xf_cli_fail(CMD, &err);
    }
    /* The raw keys with their sources (overrides applied, already validated above). */
    if (f[0] == '/')
        snprintf(path, sizeof path, "%s", f);
    else
        snprintf(path, sizeof path, "%s/%s", d, f);
    xf_cfg *cfg = NULL;
    if (xf_cfg_load_file(path, &cfg, &err) != XF_OK) {
        free(t);
        return xf_cli_fail(CMD, &err);
    }
    for (int i = 0; i < n_sets; i++)
        xf_cfg_override(cfg, sets[i], &err);
    printf("%s  (kind %s, name %s)\n", t->file, xf_tech_kind_name(t->kind), t->name);
    if (t->description[0])
        printf("  %s\n", t->description);
    printf("\nkeys (value as written or set, SI value, source):\n");
    xf_cfg_walk(cfg, print_item, NULL);
    xf_cfg_free(cfg);
    printf("\nderived per-action costs:\n");
    int rc = xf_tech_report(stdout, t, &err);
    free(t);
    if (rc != XF_OK)
        return xf_cli_fail(CMD, &err);
    return XF_EXIT_OK;
}

/* Load every file first (so a broken library fails before anything is printed), then print. */
int xf_cli_techlib_names(const char *dir, FILE *out)
{
    file_list fl = {.n = 0};
    collect(dir, "", &fl);
    qsort(fl.paths, (size_t)fl.n, sizeof fl.paths[0], cmp_str);
    for (int i = 0; i < fl.n; i++) {
        fprintf(out, "%s\n", fl.paths[i]);
        free(fl.paths[i]);
    }
    char(*prof)[XF_ARCH_NAME_LEN] = calloc(64, XF_ARCH_NAME_LEN);
    int n = prof ? xf_profile_names(dir, prof, 64) : 0;
    for (int i = 0; i < n; i++)
        fprintf(out, "profiles/%s.cfg\n", prof[i]);
    free(prof);
    return fl.n + n;
}

int xf_cli_techlib_list(const char *dir, int with_costs)
{
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr,
                "xformer: techlib directory '%s' not found; expected a directory (--techlib DIR)\n",
                dir);
        return XF_EXIT_USAGE;
    }
    file_list fl = {.n = 0};
    collect(dir, "", &fl);
    if (fl.overflow) {
        fprintf(stderr, "xformer: %s: more than %d files under %s\n", CMD, MAX_FILES, dir);
        return XF_EXIT_USAGE;
    }
    qsort(fl.paths, (size_t)fl.n, sizeof fl.paths[0], cmp_str);
    xf_tech *techs = calloc((size_t)(fl.n ? fl.n : 1), sizeof *techs);
    int rc = XF_EXIT_OK;
    xf_err err;
    xf_err_clear(&err);
    if (!techs) {
        fprintf(stderr, "xformer: %s: out of memory\n", CMD);
        rc = XF_EXIT_RUNTIME;
    }
    for (int i = 0; rc == XF_EXIT_OK && i < fl.n; i++)
        if (xf_tech_load(dir, fl.paths[i], NULL, 0, &techs[i], &err) != XF_OK)
            rc = xf_cli_fail(CMD, &err);
    char(*prof)[XF_ARCH_NAME_LEN] = calloc(64, XF_ARCH_NAME_LEN);
    char(*pdesc)[256] = calloc(64, 256);
    int n_prof = prof && pdesc ? xf_profile_names(dir, prof, 64) : 0;
    if (rc == XF_EXIT_OK && (!prof || !pdesc)) {
        fprintf(stderr, "xformer: %s: out of memory\n", CMD);
        rc = XF_EXIT_RUNTIME;
    }
    for (int i = 0; rc == XF_EXIT_OK && i < n_prof; i++)
        if (xf_profile_check(dir, prof[i], pdesc[i], 256, &err) != XF_OK)
            rc = xf_cli_fail(CMD, &err);
    if (rc == XF_EXIT_OK) {
        printf("technology library %s (%d files)\n\n", dir, fl.n);
        if (!with_costs)
            printf("%-14s %-28s %s\n", "kind", "file", "name");
        for (int i = 0; i < fl.n; i++) {
            if (with_costs) {
                printf("== %s (%s, %s)\n", fl.paths[i], xf_tech_kind_name(techs[i].kind),
                       techs[i].name);
                if (xf_tech_report(stdout, &techs[i], &err) != XF_OK) {
                    rc = xf_cli_fail(CMD, &err);
                    break;
                }
                printf("\n");
            } else {
                printf("%-14s %-28s %s\n", xf_tech_kind_name(techs[i].kind), fl.paths[i],
                       techs[i].name);
            }
        }
    }
    if (rc == XF_EXIT_OK && n_prof > 0) {
        printf("\nprofiles (profiles/NAME.cfg; an architecture takes one with tech.profile):\n");
        for (int i = 0; i < n_prof; i++)
            printf("  %-12s %s\n", prof[i], pdesc[i]);
    }
    free(prof);
    free(pdesc);
    for (int i = 0; i < fl.n; i++)
        free(fl.paths[i]);
    free(techs);
    return rc;
}

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_techlib[] = {
    {"techlib", required_argument, 't', 0, "DIR", "@dir",
     "technology library (default: $XFORMER_TECHLIB, else the techlib/\n"
     "installed beside the executable)"},
    {"set", required_argument, 's', 0, "KEY=VALUE", NULL,
     "override a key of FILE before it is read (same validation)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_techlib = {
    "techlib",
    "list the technology library or show one file with derived costs",
    "xformer techlib [list] [--techlib DIR]\n"
    "xformer techlib show FILE [--set KEY=VALUE]... [--techlib DIR]",
    "list   every technology file (kind, file, name) with its derived per-action costs\n"
    "show   one file: every key with its value in SI units and its source, then the\n"
    "       derived per-action energy, latency and area of its component model; for a\n"
    "       profile (profiles/NAME.cfg), the file it names for each role.\n"
    "       FILE is relative to the techlib directory (e.g. periph/adc-sar.cfg) or a path.",
    xf_opts_techlib,
    "",
    xf_cmd_techlib,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_techlib);
}

int xf_cmd_techlib(int argc, char **argv)
{
    const char *techlib = NULL;
    const char *sets[MAX_SETS];
    int n_sets = 0;
    optind = 1;
    opterr = 0;
    int c;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, "+h", xf_cli_longopts(xf_opts_techlib, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        switch (c) {
        case 't':
            techlib = optarg;
            break;
        case 's':
            if (n_sets == MAX_SETS)
                return xf_cli_usage_error(CMD, "more than %d --set options", MAX_SETS);
            sets[n_sets++] = optarg;
            break;
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        default:
            return xf_cli_usage_error(CMD, "unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    /* Options may also follow the action: parse the rest again after the positional words. */
    const char *words[2] = {NULL, NULL};
    int n_words = 0;
    while (optind < argc) {
        if (n_words == 2)
            return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
        words[n_words++] = argv[optind++];
        while ((c = getopt_long(argc, argv, "+h",
                                xf_cli_longopts(xf_opts_techlib, lo, XF_CLI_MAX_OPTS), NULL)) !=
               -1) {
            if (c == 't')
                techlib = optarg;
            else if (c == 's' && n_sets < MAX_SETS)
                sets[n_sets++] = optarg;
            else if (c == 'h') {
                usage(stdout);
                return XF_EXIT_OK;
            } else
                return xf_cli_usage_error(CMD, "unknown or incomplete option '%s'",
                                          argv[optind - 1]);
        }
    }
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    const char *action = words[0] ? words[0] : "list";
    if (strcmp(action, "list") == 0) {
        if (words[1])
            return xf_cli_usage_error(CMD, "'list' takes no file");
        if (n_sets)
            return xf_cli_usage_error(CMD, "--set applies to 'show FILE'");
        return xf_cli_techlib_list(dir, 0);
    }
    if (strcmp(action, "show") == 0) {
        if (!words[1])
            return xf_cli_usage_error(CMD, "'show' needs a FILE, e.g. periph/adc-sar.cfg");
        return show(dir, words[1], sets, n_sets);
    }
    return xf_cli_usage_error(CMD, "unknown action '%s'; expected list or show", action);
}
