/* The gnuplot script's pieces: templates read whole, @NAME@ placeholders filled, and user
 * text made into inert gnuplot string literals. Why apart: this is where user text meets
 * gnuplot code. Invariant (kept with xf_plot, which chooses the values): no user text
 * reaches the script except through xf_gp_string (single-quoted, quotes doubled, control
 * characters dropped); the other placeholder values are numbers and fixed gnuplot commands. */
#include "plot_int.h"

char *xf_gp_string(const char *s, char *buf, size_t n)
{
    size_t o = 0;
    if (n < 3) {
        if (n)
            buf[0] = '\0';
        return buf;
    }
    buf[o++] = '\'';
    for (; s && *s && o + 3 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20 || c == 0x7f)
            continue;
        if (c == '\'') {
            if (o + 4 >= n)
                break;
            buf[o++] = '\'';
        }
        buf[o++] = (char)c;
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

char *xf_plot_read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    buf_t b = {0};
    char chunk[4096];
    size_t r;
    while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
        bprintf(&b, "%.*s", (int)r, chunk);
    fclose(f);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p ? b.p : strdup("");
}

/* Append template text with @NAME@ placeholders replaced (unknown names are kept). */
void xf_plot_fill(buf_t *out, const char *tpl, const char *const *names, const char *const *vals,
                  int n)
{
    for (const char *p = tpl; *p;) {
        if (*p == '@') {
            const char *e = strchr(p + 1, '@');
            int hit = -1;
            for (int k = 0; e && k < n; k++)
                if ((size_t)(e - p - 1) == strlen(names[k]) &&
                    strncmp(p + 1, names[k], strlen(names[k])) == 0)
                    hit = k;
            if (hit >= 0) {
                bprintf(out, "%s", vals[hit]);
                p = e + 1;
                continue;
            }
        }
        bprintf(out, "%c", *p);
        p++;
    }
}
