/* The tables programs read (see xf/table.h): CSV with a leading kind column and JSON (cJSON)
 * holding the same rows, fields and number text (xf_num_text). */
#include "table_int.h"
#include "xf/json_out.h"
#include "xf/text.h"
#include "xf/version.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static void csv_num(FILE *out, double v)
{
    char b[XF_NUM_TEXT];
    fputc(',', out);
    fputs(xf_num_text(b, v), out);
}

void xf_tbl_csv(FILE *out, const xf_tbl *t)
{
    int area = (t->o->columns & XF_TABLE_COL_AREA) != 0;
    int power = (t->o->columns & XF_TABLE_COL_POWER) != 0;
    int gen = t->show_gen;
    fprintf(out,
            "kind,model,seq,batch,phase,context,arch,latency_s,energy_j,speedup,"
            "energy_ratio%s%s%s\n",
            area ? ",area_mm2" : "", power ? ",power_w" : "",
            gen ? ",tokens,ttft_s,tokens_per_s,energy_per_token_j" : "");
    for (int i = 0; i < t->n; i++) {
        const xf_trow *r = &t->t[i];
        fputs("point,", out);
        xf_csv_field(out, r->r->model);
        if (r->decode == 2) /* a generation's context grows: none */
            fprintf(out, ",%lld,%lld,generate,,", r->r->seq, r->batch);
        else
            fprintf(out, ",%lld,%lld,%s,%lld,", r->r->seq, r->batch, xf_tbl_phase(r),
                    r->r->context);
        xf_csv_field(out, r->r->arch);
        csv_num(out, r->r->latency_s);
        csv_num(out, r->r->energy_j);
        csv_num(out, r->sp);
        csv_num(out, r->er);
        if (area)
            csv_num(out, r->area);
        if (power)
            csv_num(out, r->power);
        if (gen && r->decode == 2) {
            fprintf(out, ",%lld", r->r->tokens);
            csv_num(out, r->r->ttft_s);
            csv_num(out, r->r->tokens_per_s);
            csv_num(out, r->r->energy_per_token_j);
        } else if (gen) {
            fputs(",,,,", out);
        }
        fputc('\n', out);
    }
    for (int a = 1; a < t->na; a++) {
        if (!t->cnt[a])
            continue;
        fputs("geomean,,,,,,", out);
        xf_csv_field(out, t->an[a]);
        fputs(",,", out);
        csv_num(out, t->gsp[a]);
        csv_num(out, t->ger[a]);
        fprintf(out, "%s%s%s\n", area ? "," : "", power ? "," : "", gen ? ",,,," : "");
    }
}

int xf_tbl_json(FILE *out, const xf_tbl *t, xf_err *err)
{
    int area = (t->o->columns & XF_TABLE_COL_AREA) != 0;
    int power = (t->o->columns & XF_TABLE_COL_POWER) != 0;
    cJSON *root = xf_json_object(NULL, NULL);
    int ok = root && xf_json_str(root, "tool", "xformer " XF_VERSION) &&
             xf_json_str(root, "baseline", t->an[0]) && xf_json_str(root, "title", t->o->caption);
    cJSON *rows = ok ? xf_json_array(root, "rows") : NULL;
    ok = rows != NULL;
    for (int i = 0; i < t->n && ok; i++) {
        const xf_trow *r = &t->t[i];
        cJSON *o = xf_json_object(rows, NULL);
        ok = o && xf_json_str(o, "kind", "point") && xf_json_str(o, "model", r->r->model) &&
             xf_json_int(o, "seq", r->r->seq) && xf_json_int(o, "batch", r->batch) &&
             xf_json_str(o, "phase", xf_tbl_phase(r)) &&
             (r->decode == 2 ? xf_json_null(o, "context")
                             : xf_json_int(o, "context", r->r->context)) &&
             xf_json_str(o, "arch", r->r->arch) && xf_json_num(o, "latency_s", r->r->latency_s) &&
             xf_json_num(o, "energy_j", r->r->energy_j) && xf_json_num(o, "speedup", r->sp) &&
             xf_json_num(o, "energy_ratio", r->er) &&
             (!area || xf_json_num(o, "area_mm2", r->area)) &&
             (!power || xf_json_num(o, "power_w", r->power));
        if (ok && t->show_gen && r->decode == 2)
            ok = xf_json_int(o, "tokens", r->r->tokens) && xf_json_num(o, "ttft_s", r->r->ttft_s) &&
                 xf_json_num(o, "tokens_per_s", r->r->tokens_per_s) &&
                 xf_json_num(o, "energy_per_token_j", r->r->energy_per_token_j);
        else if (ok && t->show_gen)
            ok = xf_json_null(o, "tokens") && xf_json_null(o, "ttft_s") &&
                 xf_json_null(o, "tokens_per_s") && xf_json_null(o, "energy_per_token_j");
    }
    for (int a = 1; a < t->na && ok; a++) {
        if (!t->cnt[a])
            continue;
        cJSON *o = xf_json_object(rows, NULL);
        ok = o && xf_json_str(o, "kind", "geomean") && xf_json_null(o, "model") &&
             xf_json_null(o, "seq") && xf_json_null(o, "batch") && xf_json_null(o, "phase") &&
             xf_json_null(o, "context") && xf_json_str(o, "arch", t->an[a]) &&
             xf_json_null(o, "latency_s") && xf_json_null(o, "energy_j") &&
             xf_json_num(o, "speedup", t->gsp[a]) && xf_json_num(o, "energy_ratio", t->ger[a]) &&
             (!area || xf_json_null(o, "area_mm2")) && (!power || xf_json_null(o, "power_w")) &&
             (!t->show_gen ||
              (xf_json_null(o, "tokens") && xf_json_null(o, "ttft_s") &&
               xf_json_null(o, "tokens_per_s") && xf_json_null(o, "energy_per_token_j")));
    }
    if (!ok) {
        cJSON_Delete(root);
        root = NULL;
    }
    return xf_json_write(out, root, err);
}
