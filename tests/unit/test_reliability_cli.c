/* Files the tool writes (src/util/file.c) and the command line's rules (src/cli/cli.c): a
 * FIFO, a device or a directory is never replaced; a symlink is followed and its target
 * replaced; the mode of a replaced file is kept; a failing command changes no file; integer
 * options are digits only; a scalar option given twice is an error. */
#include "xf_test.h"

#include "xf/file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static const char *path(const char *name, char *buf, size_t n)
{
    return xf_test_tmp_path(dir, sizeof dir, "rel-cli", name, buf, n);
}

static char *slurp(const char *p)
{
    FILE *f = fopen(p, "rb");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

/* A FIFO and a directory are refused as outputs and stay what they were; a missing folder is
 * an input error. */
static void test_special_outputs_refused(void)
{
    char fifo[512], sub[512], missing[512];
    path("out.fifo", fifo, sizeof fifo);
    path("sub", sub, sizeof sub);
    path("nofolder/x.csv", missing, sizeof missing);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(sub, 0700), 0);
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_file_replace(fifo, "x", 1, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "is a FIFO"));
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_file_replace(sub, "x", 1, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "is a directory"));
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_file_replace("/dev/null", "x", 1, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "character device"));
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_file_replace(missing, "x", 1, &err), XF_ERR_INPUT);
    struct stat st;
    CU_ASSERT(stat(fifo, &st) == 0 && S_ISFIFO(st.st_mode));
    CU_ASSERT(stat(sub, &st) == 0 && S_ISDIR(st.st_mode));
    CU_ASSERT(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
    unlink(fifo);
    rmdir(sub);
}

/* The replaced file keeps its mode (0640 here, not the default); a new file gets 0666 less
 * the umask; a symlink to a regular file: the target is replaced, the link stays a link; a
 * dangling link is refused. */
static void test_mode_and_symlinks(void)
{
    char f[512], link[512], dang[512], fresh[512];
    path("kept.txt", f, sizeof f);
    path("link.txt", link, sizeof link);
    path("dangling.txt", dang, sizeof dang);
    path("fresh.txt", fresh, sizeof fresh);
    xf_err err;
    xf_err_clear(&err);
    CU_ASSERT_EQUAL_FATAL(xf_file_replace(f, "old\n", 4, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(chmod(f, 0640), 0);
    CU_ASSERT_EQUAL(xf_file_replace(f, "new\n", 4, &err), XF_OK);
    struct stat st;
    CU_ASSERT(stat(f, &st) == 0 && (st.st_mode & 07777) == 0640);
    CU_ASSERT_STRING_EQUAL(slurp(f), "new\n");
    mode_t mask = umask(022);
    umask(mask);
    CU_ASSERT_EQUAL(xf_file_replace(fresh, "a", 1, &err), XF_OK);
    CU_ASSERT(stat(fresh, &st) == 0 && (st.st_mode & 07777) == (0666 & ~mask));
    CU_ASSERT_EQUAL_FATAL(symlink(f, link), 0);
    CU_ASSERT_EQUAL(xf_file_replace(link, "via link\n", 9, &err), XF_OK);
    CU_ASSERT(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    CU_ASSERT_STRING_EQUAL(slurp(f), "via link\n");
    CU_ASSERT_EQUAL_FATAL(symlink("/nonexistent/x", dang), 0);
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_file_replace(dang, "x", 1, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "symbolic link to nothing"));
    unlink(link);
    unlink(dang);
    unlink(f);
    unlink(fresh);
}

/* A failing command changes no file: a table whose --out is a FIFO, and a plot whose image
 * path is a directory, leave the FIFO, the directory and a regular file beside them as they
 * were (no .dat or .gp left behind). Runs the built binary (make test builds it first). */
static void test_failing_command_changes_nothing(void)
{
    char fifo[512], pdir[512], dat[512], gp[512], db[512], cmd[2048];
    path("t.fifo", fifo, sizeof fifo);
    path("fig.png", pdir, sizeof pdir);
    path("fig.dat", dat, sizeof dat);
    path("fig.gp", gp, sizeof gp);
    path("r.db", db, sizeof db);
    CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
    CU_ASSERT_EQUAL_FATAL(mkdir(pdir, 0700), 0);
    snprintf(cmd, sizeof cmd,
             "./build/xformer eval --arch xformer --model gpt2 --seq 16 --db %s >/dev/null 2>&1",
             db);
    CU_ASSERT_EQUAL_FATAL(system(cmd), 0);
    struct stat before, after;
    CU_ASSERT_EQUAL_FATAL(stat(db, &before), 0);
    snprintf(cmd, sizeof cmd,
             "./build/xformer table --db %s --baseline xformer --out %s >/dev/null 2>&1", db, fifo);
    int rc = system(cmd);
    CU_ASSERT(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    snprintf(cmd, sizeof cmd,
             "./build/xformer plot --db %s --kind speedup-vs-seq --baseline xformer --out %s "
             ">/dev/null 2>&1",
             db, pdir);
    rc = system(cmd);
    CU_ASSERT(WIFEXITED(rc) && WEXITSTATUS(rc) == 2);
    CU_ASSERT(stat(fifo, &after) == 0 && S_ISFIFO(after.st_mode));
    CU_ASSERT(stat(pdir, &after) == 0 && S_ISDIR(after.st_mode));
    CU_ASSERT(access(dat, F_OK) != 0); /* nothing left behind */
    CU_ASSERT(access(gp, F_OK) != 0);
    CU_ASSERT(stat(db, &after) == 0 && after.st_size == before.st_size &&
              after.st_mtime == before.st_mtime);
    unlink(fifo);
    rmdir(pdir);
    xf_test_tmp_cleanup(dir);
}

XF_SUITE(reliability_cli) = {
    {"a FIFO, a device and a directory are never replaced", test_special_outputs_refused},
    {"the mode is kept; a symlink's target is replaced", test_mode_and_symlinks},
    {"a failing command changes no file", test_failing_command_changes_nothing},
    CU_TEST_INFO_NULL};
