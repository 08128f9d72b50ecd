/* JSON output (--format json): the number text (xf_num_text), and for every command that has
 * JSON - compare, table, runs, validate, workload - that its JSON parses with cJSON and holds
 * the rows of its CSV: the same count, and for each CSV column the same text, the same number
 * (exactly: both carry full precision) or null where the CSV field is empty. The commands run
 * as the user runs them: the xformer binary beside this test binary (make builds both), through
 * popen. A few values are held against hand computations or the paper. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/json_out.h"
#include "xf/table.h"

#include <cjson/cJSON.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[256];

/* ------------------------------------------------------------------ the CLI */

/* Standard output of `xformer ARGS` (heap text); *status its exit status (0: success). */
static char *cli(const char *args, int *status)
{
    char self[1024], cmd[4096];
    ssize_t l = readlink("/proc/self/exe", self, sizeof self - 1);
    CU_ASSERT_FATAL(l > 0);
    self[l] = '\0';
    snprintf(cmd, sizeof cmd, "%s/xformer %s 2>/dev/null", dirname(self), args);
    FILE *p = popen(cmd, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    size_t got;
    while ((got = fread(buf + n, 1, cap - n - 1, p)) > 0) {
        n += got;
        if (n + 1 == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
        }
    }
    buf[n] = '\0';
    int st = pclose(p);
    *status = st;
    if (st != 0)
        fprintf(stderr, "\n  xformer %s: exit status %d (is build/xformer built? make)\n", args,
                st);
    return buf;
}

/* ------------------------------------------------------------------ CSV */

#define MAX_FIELDS 32
#define MAX_ROWS 2048

typedef struct {
    int n;
    char *f[MAX_FIELDS];
} csv_row;

/* Parse CSV text in place (RFC 4180 quoting); returns the rows, header first. */
static int csv_parse(char *s, csv_row *rows, int max)
{
    int n = 0;
    while (*s && n < max) {
        csv_row *r = &rows[n++];
        r->n = 0;
        for (;;) {
            char *out = s, *start = s;
            if (*s == '"') {
                s++;
                for (;;) {
                    if (*s == '"' && s[1] == '"') {
                        *out++ = '"';
                        s += 2;
                    } else if (*s == '"' || *s == '\0') {
                        if (*s)
                            s++;
                        break;
                    } else {
                        *out++ = *s++;
                    }
                }
            } else {
                while (*s && *s != ',' && *s != '\n')
                    s++;
                out = s;
            }
            char end = *s;
            *out = '\0';
            if (r->n < MAX_FIELDS)
                r->f[r->n++] = start;
            if (end == ',') {
                s++;
                continue;
            }
            if (end == '\n')
                s++;
            break;
        }
    }
    return n;
}

/* Every CSV data row against the JSON array rows, column by column. Returns the numbers
 * compared. */
static int same_rows(const csv_row *csv, int n_csv, const cJSON *rows)
{
    CU_ASSERT_FATAL(n_csv >= 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(rows);
    CU_ASSERT_FATAL(cJSON_IsArray(rows));
    CU_ASSERT_EQUAL_FATAL(cJSON_GetArraySize(rows), n_csv - 1);
    const csv_row *h = &csv[0];
    int numbers = 0;
    for (int i = 1; i < n_csv; i++) {
        const cJSON *o = cJSON_GetArrayItem(rows, i - 1);
        CU_ASSERT_EQUAL(csv[i].n, h->n);
        for (int c = 0; c < h->n && c < csv[i].n; c++) {
            const char *field = csv[i].f[c];
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, h->f[c]);
            if (v == NULL) {
                fprintf(stderr, "\n  row %d: no key '%s' in the JSON\n", i, h->f[c]);
                CU_FAIL("a CSV column is missing from the JSON");
                continue;
            }
            if (field[0] == '\0') {
                CU_ASSERT(cJSON_IsNull(v) || (cJSON_IsString(v) && v->valuestring[0] == '\0'));
            } else if (cJSON_IsNumber(v)) {
                char *end;
                double x = strtod(field, &end);
                CU_ASSERT_EQUAL(*end, '\0');
                if (x != v->valuedouble)
                    fprintf(stderr, "\n  row %d %s: CSV %s, JSON %.17g\n", i, h->f[c], field,
                            v->valuedouble);
                CU_ASSERT_DOUBLE_EQUAL(x, v->valuedouble, 0);
                numbers++;
            } else if (cJSON_IsString(v)) {
                CU_ASSERT_STRING_EQUAL(field, v->valuestring);
            } else if (cJSON_IsObject(v)) {
                char *t = cJSON_PrintUnformatted(v);
                CU_ASSERT_STRING_EQUAL(field, t);
                cJSON_free(t);
            } else {
                fprintf(stderr, "\n  row %d %s: CSV '%s', JSON of another type\n", i, h->f[c],
                        field);
                CU_FAIL("CSV field and JSON value differ in kind");
            }
        }
    }
    return numbers;
}

typedef struct {
    char *csv_text, *json_text;
    csv_row *rows;
    int n;
    cJSON *json;
} pair;

/* `xformer ARGS --format csv` and `--format json`, parsed. */
static void run_pair(const char *args, pair *p)
{
    char a[2048];
    int st;
    snprintf(a, sizeof a, "%s --format csv", args);
    p->csv_text = cli(a, &st);
    CU_ASSERT_EQUAL_FATAL(st, 0);
    snprintf(a, sizeof a, "%s --format json", args);
    p->json_text = cli(a, &st);
    CU_ASSERT_EQUAL_FATAL(st, 0);
    p->json = cJSON_Parse(p->json_text);
    if (!p->json)
        fprintf(stderr, "\n  xformer %s --format json: not JSON near '%.40s'\n", args,
                cJSON_GetErrorPtr() ? cJSON_GetErrorPtr() : "?");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->json);
    p->rows = calloc(MAX_ROWS, sizeof *p->rows);
    CU_ASSERT_PTR_NOT_NULL_FATAL(p->rows);
    p->n = csv_parse(p->csv_text, p->rows, MAX_ROWS);
}

static void pair_free(pair *p)
{
    cJSON_Delete(p->json);
    free(p->rows);
    free(p->csv_text);
    free(p->json_text);
}

/* Column index of name in the CSV header (fails the test when absent). */
static int col(const pair *p, const char *name)
{
    for (int c = 0; c < p->rows[0].n; c++)
        if (strcmp(p->rows[0].f[c], name) == 0)
            return c;
    CU_FAIL_FATAL("no such CSV column");
    return -1;
}

/* ------------------------------------------------------------------ tests */

static void test_number_text(void)
{
    char b[XF_NUM_TEXT];
    /* the shortest of %.15g, %.16g, %.17g that reads back: 0.1 needs 1 digit; the double of
     * 1/3 (0.33333333333333331483) needs 16; 0.1 + 0.2 = 0.30000000000000004441 needs 17 */
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, 0.1), "0.1");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, 1.0 / 3), "0.3333333333333333");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, 0.1 + 0.2), "0.30000000000000004");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, 1e300), "1e+300");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, -2.5), "-2.5");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, NAN), "");
    CU_ASSERT_STRING_EQUAL(xf_num_text(b, INFINITY), "");
    /* JSON: exact integers, null for an unknown value */
    cJSON *o = xf_json_object(NULL, NULL);
    CU_ASSERT_PTR_NOT_NULL(xf_json_u64(o, "big", 18446744073709551615ULL));
    CU_ASSERT_PTR_NOT_NULL(xf_json_num(o, "x", NAN));
    CU_ASSERT_PTR_NOT_NULL(xf_json_num(o, "y", 0.1 + 0.2));
    char *t = cJSON_PrintUnformatted(o);
    CU_ASSERT_STRING_EQUAL(t,
                           "{\"big\":18446744073709551615,\"x\":null,\"y\":0.30000000000000004}");
    cJSON_free(t);
    cJSON_Delete(o);
}

static int collect(const char *k, const char *v, void *ctx)
{
    char *out = ctx;
    size_t l = strlen(out);
    snprintf(out + l, 256 - l, "%s%s=%s", l ? ";" : "", k, v);
    return 0;
}

/* The canonical overrides JSON of the results database, written and read with cJSON. */
static void test_overrides_json(void)
{
    char h[XF_HASH_HEX], json[128];
    xf_err err = {0};
    /* keys sorted, values canonical, no blanks (xf/db.h); '"' and '\\' escaped with a
     * backslash, a tab inside a value as \t (JSON's short escape) */
    const char *a[] = {"z=1e3", "b.c = a\"b\\c", "A=x\ty"};
    CU_ASSERT_EQUAL(xf_config_hash("base", a, 3, h, json, sizeof json, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(json, "{\"A\":\"x\\ty\",\"b.c\":\"a\\\"b\\\\c\",\"z\":\"1000\"}");
    /* read back: keys in stored order, values unescaped, keys matched case-sensitively */
    char got[256] = "";
    CU_ASSERT_EQUAL(xf_db_params_each(json, collect, got), 0);
    CU_ASSERT_STRING_EQUAL(got, "A=x\ty;b.c=a\"b\\c;z=1000");
    char v[16];
    CU_ASSERT_STRING_EQUAL(xf_db_param(json, "z", v, sizeof v), "1000");
    CU_ASSERT_PTR_NULL(xf_db_param(json, "a", v, sizeof v));
    /* a value longer than the buffer is cut, not overrun */
    char v2[3];
    CU_ASSERT_STRING_EQUAL(xf_db_param(json, "b.c", v2, sizeof v2), "a\"");
    /* not an object of strings */
    CU_ASSERT_EQUAL(xf_db_params_each("[1,2]", collect, got), -1);
    CU_ASSERT_EQUAL(xf_db_params_each("{\"a\":1}", collect, got), -1);
    CU_ASSERT_EQUAL(xf_db_params_each("{\"a\":", collect, got), -1);
    CU_ASSERT_PTR_NULL(xf_db_param("nonsense", "a", v, sizeof v));
    /* a buffer too small for {"A":...} is refused, never overrun */
    char tiny[8];
    memset(tiny, 'x', sizeof tiny);
    CU_ASSERT_EQUAL(xf_config_hash("base", a, 3, h, tiny, sizeof tiny, &err), XF_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "too small"));
    /* the hash does not depend on the JSON: the same with and without it */
    char h2[XF_HASH_HEX];
    xf_err_clear(&err);
    CU_ASSERT_EQUAL(xf_config_hash("base", a, 3, h2, NULL, 0, &err), XF_OK);
    CU_ASSERT_STRING_EQUAL(h, h2);
}

/* The table writer itself: CSV and JSON of the same rows, and values by hand. */
static void test_table_json(void)
{
#define R(a, m, s, l, e, b, ph, c, ar)                                                             \
    {                                                                                              \
        a, m, s, l, e, b, ph, c, ar, 0, 0, 0, 0, 0                                                 \
    }
    const xf_table_row rows[] = {
        R("gpu", "gpt2", 0, 10e-3, 30e-3, 1, "decode", 128, 0),
        R("x[a=1]", "gpt2", 0, 0.5e-3, 1e-3, 1, "decode", 128, 100.5),
        R("gpu", "gpt2", 0, 40e-3, 60e-3, 4, "decode", 128, 0),
        R("x[a=1]", "gpt2", 0, 1e-3, 3e-3, 4, "decode", 128, 100.5),
        R("x[a=1]", "gpt2", 0, 1e-3, 3e-3, 8, "decode", 128, 100.5),
    };
#undef R
    char *bufs[2] = {NULL, NULL};
    for (int f = 0; f < 2; f++) {
        size_t len = 0;
        FILE *out = open_memstream(&bufs[f], &len);
        xf_table_opts o = {"gpu", f ? XF_TABLE_JSON : XF_TABLE_CSV, "t", XF_TABLE_COL_AREA};
        xf_err err = {0};
        CU_ASSERT_EQUAL(xf_table_write(out, rows, 5, &o, &err), XF_OK);
        fclose(out);
    }
    csv_row *csv = calloc(16, sizeof *csv);
    CU_ASSERT_PTR_NOT_NULL_FATAL(csv);
    int n = csv_parse(bufs[0], csv, 16);
    /* header + 5 points + 1 geomean (x against gpu at batch 1 and 4; none at batch 8) */
    CU_ASSERT_EQUAL(n, 7);
    CU_ASSERT_EQUAL(csv[0].n, 12);
    CU_ASSERT_STRING_EQUAL(csv[0].f[11], "area_mm2");
    cJSON *j = cJSON_Parse(bufs[1]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(j);
    CU_ASSERT(same_rows(csv, n, cJSON_GetObjectItemCaseSensitive(j, "rows")) > 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(j, "baseline")->valuestring, "gpu");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(j, "title")->valuestring, "t");
    /* order: batch 1 (gpu, x), batch 4 (gpu, x), batch 8 (x), geomean */
    CU_ASSERT_STRING_EQUAL(csv[4].f[3], "4");
    CU_ASSERT_STRING_EQUAL(csv[4].f[6], "x[a=1]");
    /* speed-ups by hand: 10/0.5 = 20 at batch 1, 40/1 = 40 at batch 4; energy ratios 30, 20;
     * the geometric means sqrt(20 x 40) = 28.28..., sqrt(30 x 20) = 24.49... */
    XF_ASSERT_REL(strtod(csv[2].f[9], NULL), 20.0, 1e-15);
    XF_ASSERT_REL(strtod(csv[4].f[9], NULL), 40.0, 1e-15);
    XF_ASSERT_REL(strtod(csv[4].f[10], NULL), 20.0, 1e-15);
    /* batch 8 has no baseline: ratios empty, in JSON null */
    CU_ASSERT_STRING_EQUAL(csv[5].f[9], "");
    CU_ASSERT_STRING_EQUAL(csv[6].f[0], "geomean");
    XF_ASSERT_REL(strtod(csv[6].f[9], NULL), sqrt(800.0), 1e-12);
    XF_ASSERT_REL(strtod(csv[6].f[10], NULL), sqrt(600.0), 1e-12);
    /* the GPU's unknown area is empty; the design's 100.5 */
    CU_ASSERT_STRING_EQUAL(csv[1].f[11], "");
    CU_ASSERT_STRING_EQUAL(csv[2].f[11], "100.5");
    cJSON_Delete(j);
    free(csv);
    free(bufs[0]);
    free(bufs[1]);
}

static void test_compare_json(void)
{
    pair p;
    run_pair("compare --archs 'xformer,xformer[pe.adc_bits=6],gpu-gtx1060' --models "
             "bert-base,bert-tiny --seq 128,256 --columns area,power",
             &p);
    /* 2 models x 2 seq x 3 designs, then 2 geomeans */
    CU_ASSERT_EQUAL(p.n, 1 + 12 + 2);
    CU_ASSERT_STRING_EQUAL(p.rows[0].f[0], "kind");
    CU_ASSERT(same_rows(p.rows, p.n, cJSON_GetObjectItemCaseSensitive(p.json, "rows")) >= 12 * 6);
    int arch = col(&p, "arch"), lat = col(&p, "latency_s"), sp = col(&p, "speedup");
    int power = col(&p, "power_w"), energy = col(&p, "energy_j");
    /* the baseline first in each point: its speed-up is 1 (its own latency over itself) */
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[arch], "gpu-gtx1060");
    CU_ASSERT_DOUBLE_EQUAL(strtod(p.rows[1].f[sp], NULL), 1.0, 0);
    /* the two variants have their own rows, and the 6-bit ADC one is slower (4 row groups
     * per crossbar step instead of 1: see test_variant.c) */
    CU_ASSERT_STRING_EQUAL(p.rows[2].f[arch], "xformer");
    CU_ASSERT_STRING_EQUAL(p.rows[3].f[arch], "xformer[pe.adc_bits=6]");
    CU_ASSERT(strtod(p.rows[3].f[lat], NULL) > strtod(p.rows[2].f[lat], NULL));
    /* power = energy / latency (the result's definition) */
    XF_ASSERT_REL(strtod(p.rows[2].f[power], NULL),
                  strtod(p.rows[2].f[energy], NULL) / strtod(p.rows[2].f[lat], NULL), 1e-12);
    /* every row parses with the header: point rows first, geomeans last */
    CU_ASSERT_STRING_EQUAL(p.rows[p.n - 1].f[0], "geomean");
    CU_ASSERT_STRING_EQUAL(p.rows[p.n - 3].f[0], "point");
    /* the label round-trips: given back to --archs it is the same design, the same numbers */
    int st;
    char *again = cli("compare --archs 'xformer[pe.adc_bits=6.0],gpu-gtx1060' --models bert-base "
                      "--seq 128 --format csv",
                      &st);
    CU_ASSERT_EQUAL(st, 0);
    csv_row r2[8];
    int n2 = csv_parse(again, r2, 8);
    CU_ASSERT_EQUAL_FATAL(n2, 4);
    CU_ASSERT_STRING_EQUAL(r2[2].f[6], "xformer[pe.adc_bits=6]");
    CU_ASSERT_STRING_EQUAL(r2[2].f[7], p.rows[3].f[lat]);
    free(again);
    pair_free(&p);
}

static void test_compare_decode_json(void)
{
    pair p;
    run_pair("compare --archs 'xformer,puma' --baseline puma --models gpt2 --phase decode "
             "--context 127,1023 --batch 1,4",
             &p);
    CU_ASSERT_EQUAL(p.n, 1 + 8 + 1);
    same_rows(p.rows, p.n, cJSON_GetObjectItemCaseSensitive(p.json, "rows"));
    int seq = col(&p, "seq"), ph = col(&p, "phase"), ctx = col(&p, "context"), b = col(&p, "batch");
    /* a decoder in decode has no --seq (0), the context and batch as given, contexts then
     * batches ascending */
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[seq], "0");
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[ph], "decode");
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[ctx], "127");
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[b], "1");
    CU_ASSERT_STRING_EQUAL(p.rows[3].f[b], "4");
    CU_ASSERT_STRING_EQUAL(p.rows[5].f[ctx], "1023");
    pair_free(&p);
}

static void test_table_runs_json(void)
{
    char db[512], a[2048];
    xf_test_tmp_path(tmpdir, sizeof tmpdir, "json", "t.db", db, sizeof db);
    int st;
    static const char *const evals[] = {
        "--arch xformer --model bert-tiny --seq 64",
        "--arch xformer --model bert-tiny --seq 64 --set pe.adc_bits=6",
        "--arch gpu-gtx1060 --model bert-tiny --seq 64",
        "--arch gpu-gtx1060 --model bert-tiny --seq 64 --batch 2",
        "--arch xformer --model bert-tiny --seq 64 --batch 2",
    };
    for (int i = 0; i < 5; i++) {
        snprintf(a, sizeof a, "eval --db %s %s --format csv", db, evals[i]);
        free(cli(a, &st));
        CU_ASSERT_EQUAL_FATAL(st, 0);
    }
    pair p;
    snprintf(a, sizeof a, "table --db %s --baseline gpu-gtx1060 --columns power --title 'a, \"b\"'",
             db);
    run_pair(a, &p);
    /* 5 runs; geomeans of xformer (2 points: batch 1 and 2) and xformer[pe.adc_bits=6] */
    CU_ASSERT_EQUAL(p.n, 1 + 5 + 2);
    CU_ASSERT(same_rows(p.rows, p.n, cJSON_GetObjectItemCaseSensitive(p.json, "rows")) > 0);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(p.json, "title")->valuestring,
                           "a, \"b\"");
    int arch = col(&p, "arch"), b = col(&p, "batch");
    /* labels: the arch and its stored overrides, canonical */
    CU_ASSERT_STRING_EQUAL(p.rows[3].f[arch], "xformer[pe.adc_bits=6]");
    /* the batch-2 runs pair with the batch-2 baseline */
    CU_ASSERT_STRING_EQUAL(p.rows[4].f[b], "2");
    CU_ASSERT_STRING_EQUAL(p.rows[4].f[arch], "gpu-gtx1060");
    pair_free(&p);
    /* a variant as the baseline */
    snprintf(a, sizeof a, "table --db %s --baseline 'xformer[pe.adc_bits=6]' --where batch=1", db);
    run_pair(a, &p);
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(p.json, "baseline")->valuestring,
                           "xformer[pe.adc_bits=6]");
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[col(&p, "arch")], "xformer[pe.adc_bits=6]");
    pair_free(&p);
    /* runs */
    snprintf(a, sizeof a, "runs --db %s --limit 0", db);
    run_pair(a, &p);
    CU_ASSERT_EQUAL(p.n, 1 + 5);
    CU_ASSERT(same_rows(p.rows, p.n, cJSON_GetObjectItemCaseSensitive(p.json, "runs")) >= 5 * 8);
    /* newest first: the last eval, at batch 2 */
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[col(&p, "batch")], "2");
    CU_ASSERT_STRING_EQUAL(p.rows[4].f[col(&p, "design")], "xformer[pe.adc_bits=6]");
    CU_ASSERT_STRING_EQUAL(p.rows[4].f[col(&p, "params")], "{\"pe.adc_bits\":\"6\"}");
    /* no sweeps in this database: an empty list in JSON */
    const cJSON *sw = cJSON_GetObjectItemCaseSensitive(p.json, "sweeps");
    CU_ASSERT(cJSON_IsArray(sw) && cJSON_GetArraySize(sw) == 0);
    pair_free(&p);
    xf_test_tmp_cleanup(tmpdir);
}

static void test_validate_json(void)
{
    pair p;
    run_pair("validate", &p);
    const cJSON *claims = cJSON_GetObjectItemCaseSensitive(p.json, "claims");
    CU_ASSERT(same_rows(p.rows, p.n, claims) >= 3 * (p.n - 1));
    /* the paper's GTX 1060 latency, 51.46 ms (Table IV, reference/xformer-paper.md) */
    CU_ASSERT_STRING_EQUAL(p.rows[1].f[0], "GTX 1060 latency");
    CU_ASSERT_DOUBLE_EQUAL(strtod(p.rows[1].f[2], NULL), 51.46e-3, 0);
    /* the summary counts the classes of the rows */
    const cJSON *sum = cJSON_GetObjectItemCaseSensitive(p.json, "summary");
    int count[3] = {0, 0, 0};
    for (int i = 1; i < p.n; i++)
        count[strcmp(p.rows[i].f[6], "reproduced") == 0 ? 0
              : strcmp(p.rows[i].f[6], "gap") == 0      ? 1
                                                        : 2]++;
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(sum, "claims")->valueint, p.n - 1);
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(sum, "reproduced")->valueint, count[0]);
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(sum, "gap")->valueint, count[1]);
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(sum, "paper_inconsistent")->valueint,
                    count[2]);
    pair_free(&p);
}

static void test_workload_json(void)
{
    pair p;
    run_pair("workload --model bert-base --seq 128", &p);
    CU_ASSERT(same_rows(p.rows, p.n, cJSON_GetObjectItemCaseSensitive(p.json, "rows")) > 100);
    /* BERT-base at 128 tokens, by hand per layer: Q, K, V, O 4 x 128 x 768^2 = 301,989,888;
     * FFN 2 x 128 x 768 x 3072 = 603,979,776; QK^T and AV 2 x 128^2 x 768 = 25,165,824; sum
     * 931,135,488 (the 931.14 M of reference/workloads.md) x 12 layers = 11,173,625,856 */
    const csv_row *total = &p.rows[p.n - 1];
    CU_ASSERT_STRING_EQUAL(total->f[0], "total");
    CU_ASSERT_STRING_EQUAL(total->f[7], "11173625856");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(p.json, "rows");
    const cJSON *t = cJSON_GetArrayItem(rows, cJSON_GetArraySize(rows) - 1);
    CU_ASSERT_DOUBLE_EQUAL(cJSON_GetObjectItemCaseSensitive(t, "macs")->valuedouble, 11173625856.0,
                           0);
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(p.json, "model");
    CU_ASSERT_STRING_EQUAL(cJSON_GetObjectItemCaseSensitive(m, "name")->valuestring, "bert-base");
    const cJSON *pass = cJSON_GetObjectItemCaseSensitive(p.json, "pass");
    CU_ASSERT_EQUAL(cJSON_GetObjectItemCaseSensitive(pass, "seq")->valueint, 128);
    pair_free(&p);
}

XF_SUITE(json_out) = {{"number text at full precision", test_number_text},
                      {"overrides JSON of the database (cJSON)", test_overrides_json},
                      {"table writer: CSV and JSON rows", test_table_json},
                      {"compare: JSON holds the CSV", test_compare_json},
                      {"compare in decode: JSON holds the CSV", test_compare_decode_json},
                      {"table and runs: JSON holds the CSV", test_table_runs_json},
                      {"validate: JSON holds the CSV", test_validate_json},
                      {"workload: JSON holds the CSV", test_workload_json},
                      {NULL, NULL}};
