/* Temporary directories of the test suites that write files (see xf_test.h). */
#include "xf_test.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *xf_test_tmp_path(char *dir, size_t dir_len, const char *tag, const char *name,
                             char *buf, size_t n)
{
    if (dir[0] == '\0') {
        snprintf(dir, dir_len, "/tmp/xf-test-%s-XXXXXX", tag);
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(dir));
    }
    snprintf(buf, n, "%s/%s", dir, name);
    return buf;
}

void xf_test_tmp_cleanup(char *dir)
{
    DIR *d = dir[0] ? opendir(dir) : NULL;
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.')
                continue;
            char p[600];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(d);
        CU_ASSERT_EQUAL(rmdir(dir), 0);
    }
    dir[0] = '\0';
}
