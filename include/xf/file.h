/* xf/file.h - writing output files safely.
 *
 * Output files (tables, plot data and scripts) are replaced atomically: the text goes to a
 * temporary file in the destination's folder, which is then renamed over the destination, so
 * a reader never sees a half-written file and a failed write leaves the old file as it was.
 */
#ifndef XF_FILE_H
#define XF_FILE_H

#include "xf/err.h"

#include <stddef.h>

/* Longest path (with its folder) the helpers below handle. */
#define XF_FILE_PATH 4096

/* Check path before anything opens it: XF_OK for a regular file; XF_ERR_INPUT for a directory,
 * FIFO, device or socket, and (must_exist) for a missing path. Never blocks. */
int xf_file_check_regular(const char *path, int must_exist, xf_err *err);
/* Read a whole regular file (checked before it is opened, and again on the open descriptor)
 * into *text (NUL-terminated, caller frees) and *len. Reads until end of file, so files whose
 * size stat reports as 0 (/proc) are read whole. XF_ERR_INPUT for a non-regular file or one
 * larger than max_bytes. */
int xf_file_read_regular(const char *path, size_t max_bytes, char **text, size_t *len, xf_err *err);
/* Write text to path atomically (temporary file in the same folder, then rename).
 * XF_ERR_INPUT when the folder does not exist, XF_ERR_RUNTIME when it is not writable. */
int xf_file_replace(const char *path, const char *text, size_t len, xf_err *err);
/* The folder part of path into buf: "." for a bare name, "/" for a file in the root. */
void xf_file_folder(const char *path, char *buf, size_t n);

#endif
