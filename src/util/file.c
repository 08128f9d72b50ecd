/* Atomic replacement of output files (see xf/file.h): write a temporary file beside the
 * destination, then rename it over the destination. Shared by the table and plot writers.
 * Invariants: the temporary file is in the destination's folder (rename stays within one
 * file system); on every error path it is removed and the destination is left untouched. */
#include "xf/file.h"

#include <errno.h>
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

int xf_file_replace(const char *path, const char *text, size_t len, xf_err *err)
{
    char folder[XF_FILE_PATH];
    xf_file_folder(path, folder, sizeof folder);
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return xf_err_set(err, XF_ERR_INPUT, "%s: folder '%s' does not exist", path, folder);
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
    if (fchmod(fd, 0644) != 0 || close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(e));
    }
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return xf_err_set(err, XF_ERR_RUNTIME, "%s: cannot write: %s", path, strerror(e));
    }
    return XF_OK;
}
