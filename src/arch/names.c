/* Where architecture files and technology profiles live and which there are: the arch/
 * directory beside the techlib and the techlib's profiles/ directory, listed from the
 * directories themselves (no hand-written list to go stale). */
#include "xf/arch.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void xf_arch_dir(const char *techlib_dir, char *buf, unsigned n)
{
    snprintf(buf, n, "%s/../arch", techlib_dir);
}

static int by_name(const void *x, const void *y)
{
    return strcmp((const char *)x, (const char *)y);
}

void xf_profile_dir(const char *techlib_dir, char *buf, unsigned n)
{
    snprintf(buf, n, "%s/profiles", techlib_dir);
}

/* NAME of every NAME.cfg in dir, sorted. */
static int cfg_names(const char *dir, char (*names)[XF_ARCH_NAME_LEN], int max)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL && n < max) {
        size_t l = strlen(e->d_name);
        if (l > 4 && l - 4 < XF_ARCH_NAME_LEN && strcmp(e->d_name + l - 4, ".cfg") == 0 &&
            e->d_name[0] != '.') {
            memcpy(names[n], e->d_name, l - 4);
            names[n][l - 4] = '\0';
            n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    return n;
}

int xf_arch_names(const char *techlib_dir, char (*names)[XF_ARCH_NAME_LEN], int max)
{
    char dir[1100];
    xf_arch_dir(techlib_dir, dir, sizeof dir);
    return cfg_names(dir, names, max);
}

int xf_profile_names(const char *techlib_dir, char (*names)[XF_ARCH_NAME_LEN], int max)
{
    char dir[1100];
    xf_profile_dir(techlib_dir, dir, sizeof dir);
    return cfg_names(dir, names, max);
}

const char *xf_arch_engines_text(const xf_arch *a, char *buf, unsigned n)
{
    buf[0] = '\0';
    for (int i = 0; i < a->die.n; i++) {
        size_t l = strlen(buf);
        snprintf(buf + l, n - l, "%s%s:%s", i ? " " : "", a->die.eng[i].name,
                 a->die.eng[i].kind->name);
    }
    return buf;
}
