/* xformer archs: the architecture files beside the technology library. */
#include "cli.h"
#include "xf/arch.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ARCHS 128

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int xf_cmd_archs(int argc, char **argv)
{
    const char *techlib = NULL;
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        printf("usage: xformer archs [--techlib DIR]\n\nThe architectures of arch/ (beside the "
               "technology library): name, family, description.\nUse a name with --arch, or "
               "give any .cfg file by path.\n");
        return XF_EXIT_OK;
    }
    if (argc == 3 && !strcmp(argv[1], "--techlib"))
        techlib = argv[2];
    else if (argc > 1)
        return xf_cli_usage_error("archs", "unexpected argument '%s'", argv[1]);
    char buf[1024], dir[1200];
    const char *tl = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_arch_dir(tl, dir, sizeof dir);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(
            stderr,
            "xformer: architecture directory '%s' not found; expected arch/ beside the techlib\n",
            dir);
        return XF_EXIT_USAGE;
    }
    char *names[MAX_ARCHS] = {0};
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && n < MAX_ARCHS) {
        size_t l = strlen(e->d_name);
        if (l > 4 && !strcmp(e->d_name + l - 4, ".cfg"))
            names[n++] = strndup(e->d_name, l - 4);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp);
    xf_arch *a = malloc(sizeof *a);
    int rc = a ? XF_EXIT_OK : XF_EXIT_RUNTIME;
    xf_err err = {0};
    for (int i = 0; i < n && rc == XF_EXIT_OK; i++)
        if (xf_arch_load(tl, names[i], NULL, 0, a, &err) != XF_OK)
            rc = xf_cli_fail(&err);
        else
            printf("%-14s %-10s %s\n", names[i], xf_arch_family_name(a->family), a->description);
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(a);
    return rc;
}
