#include "xf/err.h"

#include <stdarg.h>
#include <stdio.h>

int xf_err_set(xf_err *err, xf_status code, const char *fmt, ...)
{
    if (err == NULL || err->code != XF_OK)
        return err ? (int)err->code : (int)code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    /* One line: a control character from user text (a "\n" escape in a configuration string,
     * an argument) would split the message or drive the terminal. */
    for (char *p = err->msg; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f)
            *p = '?';
    return (int)code;
}

void xf_err_clear(xf_err *err)
{
    err->code = XF_OK;
    err->msg[0] = '\0';
}
