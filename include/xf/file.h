/* xf/file.h - reading input files and writing output files safely.
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
/* May path be written as an output? XF_OK when it is absent or a regular file; a symbolic
 * link is followed to its final target (which must be a regular file; it is what gets
 * replaced, the link stays). XF_ERR_INPUT for a directory, FIFO, device or socket, or a link
 * to nothing. target (n bytes) gets the path that will be written. Never opens the path. */
int xf_file_check_out(const char *path, char *target, size_t n, xf_err *err);
/* Write text to path atomically (checked with xf_file_check_out; temporary file in the same
 * folder, fsync, rename, fsync of the folder). The file keeps the mode of the file it
 * replaces; a new file gets 0666 less the umask. XF_ERR_INPUT when the folder does not exist
 * or the path is not a regular file, XF_ERR_RUNTIME when it is not writable. */
int xf_file_replace(const char *path, const char *text, size_t len, xf_err *err);
/* The folder part of path into buf: "." for a bare name, "/" for a file in the root. */
void xf_file_folder(const char *path, char *buf, size_t n);

#endif
