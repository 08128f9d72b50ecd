/* Files the tool reads and writes (see xf/file.h). Output: write a temporary file beside the
 * destination, fsync it, then rename it over the destination (and fsync the folder). Shared by
 * the table and plot writers. Input: checked before it is opened, never waited on.
 * Invariants: the temporary file is in the destination's folder (rename stays within one
 * file system); on every error path it is removed and the destination is left untouched; a
 * destination that is not a regular file (a device, a FIFO, a directory) is never replaced. */
#include "xf/file.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void xf_file_folder(const char *path, char *buf, size_t n)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(buf, n, ".");
    else if (slash == path)
        snprintf(buf, n, "/");
    else
        snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

static const char *kind_of(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a regular file";
}

/* The mode a new file gets: 0666 less the process's umask (read back at once). */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

int xf_file_check_out(const char *path, char *target, size_t n, xf_err *err)
{
    struct stat st;
    snprintf(target, n, "%s", path);
    if (lstat(path, &st) != 0)
        return errno == ENOENT
                   ? XF_OK
                   : xf_err_set(err, XF_ERR_INPUT, "%s: cannot write: %s", path, strerror(errno));
    if (S_ISLNK(st.st_mode)) { /* the rule: a link is followed and its final target replaced */
        char real[PATH_MAX];
        if (!realpath(path, real) || stat(real, &st) != 0)
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: a symbolic link to nothing; expected a regular file or a link "
                              "to one",
                              path);
        if (strlen(real) >= n)
            return xf_err_set(err, XF_ERR_INPUT, "%s: the link's target path is too long", path);
        snprintf(target, n, "%s", real);
    }
    if (!S_ISREG(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT,
                          "%s: is %s; expected a regular file or a new name (it is never "
                          "replaced)",
                          path, kind_of(st.st_mode));
    return XF_OK;
}

/* fsync the folder so that the rename itself survives a crash (best effort: some file
 * systems refuse fsync on a directory). */
static void sync_folder(const char *folder)
{
    int dfd = open(folder, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        (void)fsync(dfd);
        close(dfd);
    }
}

int xf_file_replace(const char *path, const char *text, size_t len, xf_err *err)
{
    char target[XF_FILE_PATH];
    if (xf_file_check_out(path, target, sizeof target, err) != XF_OK)
        return err->code;
    char folder[XF_FILE_PATH];
    xf_file_folder(target, folder, sizeof folder);
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: folder '%s' does not exist", path, folder);
    mode_t mode = stat(target, &st) == 0 ? (st.st_mode & 07777) : new_file_mode();
    char tmp[XF_FILE_PATH + 32];
    snprintf(tmp, sizeof tmp, "%s/.xformer-tmp-XXXXXX", folder);
    int fd = mkstemp(tmp);
    if (fd < 0)
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write in folder '%s': %s", path, folder,
                          strerror(errno));
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w <= 0) {
            int e = errno;
            close(fd);
            unlink(tmp);
            return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(e));
        }
        off += (size_t)w;
    }
    if (fchmod(fd, mode) != 0 || fsync(fd) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(e));
    }
    if (rename(tmp, target) != 0) {
        int e = errno;
        unlink(tmp);
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(e));
    }
    sync_folder(folder);
    return XF_OK;
}

int xf_file_check_regular(const char *path, int must_exist, xf_err *err)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        if (errno == ENOENT && !must_exist)
            return XF_OK;
        return xf_err_set(err, XF_ERR_INPUT, "%s: cannot open: %s; expected a regular file", path,
                          strerror(errno));
    }
    if (!S_ISREG(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: is %s; expected a regular file", path,
                          kind_of(st.st_mode));
    return XF_OK;
}

int xf_file_read_regular(const char *path, size_t max_bytes, char **text, size_t *len, xf_err *err)
{
    *text = NULL;
    *len = 0;
    if (xf_file_check_regular(path, 1, err) != XF_OK)
        return err->code;
    /* O_NONBLOCK: a FIFO swapped in after the check does not block the open */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return xf_err_set(err, XF_ERR_INPUT, "%s: cannot open: %s; expected a readable file", path,
                          strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return xf_err_set(err, XF_ERR_INPUT, "%s: not a regular file; expected a regular file",
                          path);
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            close(fd);
            return xf_err_set(err, XF_ERR_RUNTIME, "%s: out of memory", path);
        }
        if (n + 1 >= cap) {
            char *nb = cap > max_bytes + 1 ? NULL : realloc(buf, 2 * cap);
            if (!nb) {
                free(buf);
                buf = NULL;
                continue;
            }
            buf = nb;
            cap *= 2;
        }
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            close(fd);
            return xf_err_set(err, XF_ERR_INPUT, "%s: cannot read: %s", path, strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max_bytes) {
            free(buf);
            close(fd);
            return xf_err_set(err, XF_ERR_INPUT,
                              "%s: larger than %zu bytes; expected a file of at most %zu bytes",
                              path, max_bytes, max_bytes);
        }
    }
    close(fd);
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return XF_OK;
}
