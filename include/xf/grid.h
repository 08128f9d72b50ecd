/* xf/grid.h - a plain table of named columns in the five table formats (xf/table.h): aligned
 * text, Markdown, LaTeX (booktabs), CSV and JSON. For reports whose rows are not the
 * comparison table's (the studies: statistics, swings).
 *
 * A cell is a number or a text. Text, Markdown and LaTeX print numbers with 4 significant
 * digits (an unknown number, not finite, as "-"); CSV and JSON with full precision
 * (xf/json_out.h: an unknown number is an empty field, null). JSON is an object
 *     {"tool": "xformer VERSION", "title": TITLE|null, "rows": [{COLUMN: VALUE, ...}, ...]}
 * plus the members of `meta` (a cJSON object the writer takes over, may be NULL).
 */
#ifndef XF_GRID_H
#define XF_GRID_H

#include "xf/table.h"

#include <cjson/cJSON.h>
#include <stdio.h>

typedef struct {
    int is_num;
    double num;
    const char *text; /* when !is_num ("" for an empty cell) */
} xf_cell;

/* cells holds n_rows x n_cols cells, row-major. XF_ERR_RUNTIME when out fails. */
int xf_grid_write(FILE *out, xf_table_format f, const char *title, const char *const *cols,
                  int n_cols, const xf_cell *cells, int n_rows, cJSON *meta, xf_err *err);

#endif
