/* Plain tables in the five formats (xf/grid.h). Invariant: every text cell passes through
 * xf_table_escape (text, md, tex), xf_csv_field (CSV) or cJSON (JSON): names are data. */
#include "xf/grid.h"

#include "xf/json_out.h"
#include "xf/text.h"
#include "xf/version.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL 512

/* Cell (r, c) as people read it in format f, into buf. */
static void show(const xf_cell *x, xf_table_format f, char *buf)
{
    if (x->is_num) {
        if (isfinite(x->num) && x->num == floor(x->num) && fabs(x->num) < 1e9)
            snprintf(buf, CELL, "%.0f", x->num); /* a count, a rank */
        else if (isfinite(x->num))
            snprintf(buf, CELL, "%.4g", x->num);
        else
            snprintf(buf, CELL, "-");
        return;
    }
    xf_table_escape(buf, CELL, x->text ? x->text : "", f);
}

static int write_json(FILE *out, const char *title, const char *const *cols, int n_cols,
                      const xf_cell *cells, int n_rows, cJSON *meta, xf_err *err)
{
    cJSON *root = xf_json_object(NULL, NULL);
    int ok = root && xf_json_str(root, "tool", "xformer " XF_VERSION) &&
             xf_json_str(root, "title", title);
    for (cJSON *m = meta ? meta->child : NULL; ok && m; m = m->next)
        ok = cJSON_AddItemReferenceToObject(root, m->string, m) != 0;
    cJSON *rows = ok ? xf_json_array(root, "rows") : NULL;
    ok = ok && rows;
    for (int r = 0; ok && r < n_rows; r++) {
        cJSON *o = xf_json_object(rows, NULL);
        ok = o != NULL;
        for (int c = 0; ok && c < n_cols; c++) {
            const xf_cell *x = &cells[r * n_cols + c];
            ok = (x->is_num ? xf_json_num(o, cols[c], x->num)
                            : xf_json_str(o, cols[c], x->text ? x->text : "")) != NULL;
        }
    }
    if (!ok) {
        cJSON_Delete(root);
        cJSON_Delete(meta);
        return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
    }
    int rc = xf_json_write(out, root, err);
    cJSON_Delete(meta);
    return rc;
}

static void write_csv(FILE *out, const char *const *cols, int n_cols, const xf_cell *cells,
                      int n_rows)
{
    for (int c = 0; c < n_cols; c++) {
        if (c)
            fputc(',', out);
        xf_csv_field(out, cols[c]);
    }
    fputc('\n', out);
    char num[XF_NUM_TEXT];
    for (int r = 0; r < n_rows; r++) {
        for (int c = 0; c < n_cols; c++) {
            const xf_cell *x = &cells[r * n_cols + c];
            if (c)
                fputc(',', out);
            if (x->is_num)
                fputs(xf_num_text(num, x->num), out);
            else
                xf_csv_field(out, x->text ? x->text : "");
        }
        fputc('\n', out);
    }
}

int xf_grid_write(FILE *out, xf_table_format f, const char *title, const char *const *cols,
                  int n_cols, const xf_cell *cells, int n_rows, cJSON *meta, xf_err *err)
{
    if (f == XF_TABLE_JSON)
        return write_json(out, title, cols, n_cols, cells, n_rows, meta, err);
    cJSON_Delete(meta);
    if (f == XF_TABLE_CSV) {
        write_csv(out, cols, n_cols, cells, n_rows);
    } else {
        size_t *w = calloc((size_t)n_cols, sizeof *w);
        char buf[CELL];
        if (!w)
            return xf_err_set(err, XF_ERR_RUNTIME, "out of memory");
        for (int c = 0; c < n_cols; c++) {
            xf_cell h = {.text = cols[c]};
            show(&h, f, buf);
            w[c] = strlen(buf);
            for (int r = 0; r < n_rows; r++) {
                show(&cells[r * n_cols + c], f, buf);
                if (strlen(buf) > w[c])
                    w[c] = strlen(buf);
            }
        }
        if (title && f == XF_TABLE_TEX) {
            xf_table_escape(buf, sizeof buf, title, f);
            fprintf(out, "%% %s (xformer %s; needs \\usepackage{booktabs})\n", buf, XF_VERSION);
        } else if (title) {
            xf_table_escape(buf, sizeof buf, title, f);
            fprintf(out, f == XF_TABLE_MD ? "**%s**\n\n" : "%s\n\n", buf);
        }
        if (f == XF_TABLE_TEX) {
            fprintf(out, "\\begin{tabular}{l");
            for (int c = 1; c < n_cols; c++)
                fputc(n_rows > 0 && cells[c].is_num ? 'r' : 'l', out);
            fprintf(out, "}\n\\toprule\n");
        }
        for (int r = -1; r < n_rows; r++) {
            for (int c = 0; c < n_cols; c++) {
                xf_cell h = {.text = cols[c]};
                const xf_cell *x = r < 0 ? &h : &cells[r * n_cols + c];
                show(x, f, buf);
                int left = c == 0 || (r < 0 ? n_rows > 0 && !cells[c].is_num : !x->is_num);
                const char *sep = f == XF_TABLE_MD    ? (c ? " | " : "| ")
                                  : f == XF_TABLE_TEX ? (c ? " & " : "")
                                                      : (c ? "  " : "");
                fprintf(out, left ? "%s%-*s" : "%s%*s", sep, (int)w[c], buf);
            }
            fprintf(out, f == XF_TABLE_MD ? " |\n" : f == XF_TABLE_TEX ? " \\\\\n" : "\n");
            if (r < 0 && f == XF_TABLE_MD) {
                for (int c = 0; c < n_cols; c++)
                    fprintf(out, "%s%s", c ? " | " : "| ",
                            c && n_rows > 0 && cells[c].is_num ? "---:" : ":---");
                fprintf(out, " |\n");
            } else if (r < 0 && f == XF_TABLE_TEX) {
                fprintf(out, "\\midrule\n");
            }
        }
        if (f == XF_TABLE_TEX)
            fprintf(out, "\\bottomrule\n\\end{tabular}\n");
        free(w);
    }
    if (fflush(out) != 0 || ferror(out))
        return xf_err_set(err, XF_ERR_RUNTIME, "cannot write the table: %s", "output error");
    return XF_OK;
}
