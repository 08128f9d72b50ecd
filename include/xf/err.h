/* xf/err.h - error reporting shared by every module.
 *
 * Library functions never print and never exit: they fill an xf_err and return its code.
 * The CLI prints err.msg as one line on stderr and exits with err.code. A message from a
 * reader that collects its problems (xf_grp_log: a model file's wrong and missing keys) holds
 * one line per problem, separated by '\n'; the CLI prints each as a line of its own. Nothing
 * else puts a control character in a message (xf_err_set replaces them).
 */
#ifndef XF_ERR_H
#define XF_ERR_H

#define XF_ERR_MSG_LEN 768

typedef enum {
    XF_OK = 0,
    XF_ERR_RUNTIME = 1, /* environment failure: unwritable file, out of memory, ... */
    XF_ERR_INPUT = 2    /* bad input or usage: config, override, argument */
} xf_status;

typedef struct {
    xf_status code;
    char msg[XF_ERR_MSG_LEN];
} xf_err;

/* Record the first error only (later calls keep the first message). Returns code. */
int xf_err_set(xf_err *err, xf_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void xf_err_clear(xf_err *err);

#endif
