/* A command's CSV rendered in the other table formats (Markdown, LaTeX, JSON) through the one
 * grid writer (xf/grid.h), so that every command that prints a table takes the same --format
 * set (text, md, tex, csv, json) and its md/tex/json hold exactly the CSV's columns and rows.
 * Why from the CSV: the CSV is each command's complete, documented column set; rendering it
 * keeps one source for the columns. Invariants: the CSV is this tool's own (RFC 4180 fields,
 * xf_csv_field); a field that reads whole as a finite number is a number (shown with 4
 * significant digits in md and tex, exact in JSON) unless its column is named in text_cols. */
#include "cli.h"
#include "xf/grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Split csv in place into fields (NUL-terminated, quotes removed); returns the count, or -1
 * when more than max. *row_len gets the fields of the first row. */
static int split(char *csv, char **fields, int max, int *row_len)
{
    int n = 0, first = -1;
    char *p = csv;
    while (*p) {
        if (n == max)
            return -1;
        char *w = p, *start = p;
        if (*p == '"') {
            p++;
            for (;;) {
                if (*p == '"' && p[1] == '"') {
                    *w++ = '"';
                    p += 2;
                } else if (*p == '"' || !*p) {
                    if (*p)
                        p++;
                    break;
                } else {
                    *w++ = *p++;
                }
            }
        } else {
            while (*p && *p != ',' && *p != '\n')
                *w++ = *p++;
        }
        char end = *p;
        *w = 0;
        fields[n++] = start;
        if (end)
            p++;
        if (end == '\n' && first < 0)
            first = n;
    }
    *row_len = first < 0 ? n : first;
    return n;
}

static int is_text_col(const char *col, const char *const *text_cols)
{
    for (int i = 0; text_cols && text_cols[i]; i++)
        if (strcmp(col, text_cols[i]) == 0)
            return 1;
    return 0;
}

int xf_cli_csv_render(FILE *out, xf_table_format f, const char *title, char *csv,
                      const char *const *text_cols, xf_err *err)
{
    size_t len = strlen(csv);
    int max = 2; /* fields <= separators + 1 */
    for (size_t i = 0; i < len; i++)
        max += csv[i] == ',' || csv[i] == '\n';
    char **fields = malloc((size_t)max * sizeof *fields);
    if (!fields)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    int n_cols = 0, n = split(csv, fields, max, &n_cols);
    if (n < 0 || n_cols == 0 || n % n_cols != 0) {
        free(fields);
        return xf_err_set(err, XF_ERR_RUNTIME, "internal: a CSV of uneven rows");
    }
    int n_rows = n / n_cols - 1;
    xf_cell *cells = calloc((size_t)(n_rows > 0 ? n_rows : 1) * (size_t)n_cols, sizeof *cells);
    if (!cells) {
        free(fields);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    for (int r = 0; r < n_rows; r++)
        for (int c = 0; c < n_cols; c++) {
            const char *t = fields[(r + 1) * n_cols + c];
            xf_cell *x = &cells[r * n_cols + c];
            char *end;
            double v = t[0] ? strtod(t, &end) : 0;
            if (t[0] && !*end && isfinite(v) && !is_text_col(fields[c], text_cols)) {
                x->is_num = 1;
                x->num = v;
            } else {
                x->text = t;
            }
        }
    int rc =
        xf_grid_write(out, f, title, (const char *const *)fields, n_cols, cells, n_rows, NULL, err);
    free(cells);
    free(fields);
    return rc;
}

int xf_cli_csv_via(FILE *out, xf_table_format f, const char *title,
                   void (*write_csv)(FILE *, const void *), const void *ctx,
                   const char *const *text_cols, xf_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    write_csv(m, ctx);
    int bad = ferror(m);
    if (fclose(m) != 0 || bad || !buf) {
        free(buf);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int rc = xf_cli_csv_render(out, f, title, buf, text_cols, err);
    free(buf);
    return rc;
}
