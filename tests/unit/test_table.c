/* Comparison tables and plots: ratios against the baseline, geometric means equal to the
 * product-root of the rows, ordering, every output format (LaTeX balanced and booktabs-shaped, CSV
 * header), escaping of names, and the errors. */
#include "xf_test.h"

#include "xf/db.h"
#include "xf/plot.h"
#include "xf/table.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A row at batch 1 in prefill, area and power unknown. */
#define R(arch, model, seq, lat, en)                                                               \
    {                                                                                              \
        arch, model, seq, lat, en, 1, NULL, 0, 0, 0, 0, 0, 0, 0                                    \
    }

/* Two models x two seq x three archs; gpu is the baseline. */
static const xf_table_row rows[] = {
    R("xformer", "bert-base", 512, 1e-3, 2e-3),   R("gpu", "bert-base", 512, 50e-3, 100e-3),
    R("puma", "bert-base", 512, 10e-3, 8e-3),     R("gpu", "bert-base", 128, 10e-3, 30e-3),
    R("xformer", "bert-base", 128, 0.5e-3, 1e-3), R("puma", "bert-base", 128, 2e-3, 3e-3),
    R("gpu", "bert-large", 128, 30e-3, 90e-3),    R("xformer", "bert-large", 128, 1e-3, 3e-3),
    R("puma", "bert-large", 128, 6e-3, 9e-3),
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

static char *render(const xf_table_row *r, int n, const char *baseline, xf_table_format f,
                    xf_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    xf_table_opts o = {baseline, f, NULL, 0};
    int rc = xf_table_write(out, r, n, &o, err);
    fclose(out);
    if (rc != XF_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static int count(const char *s, const char *what)
{
    int n = 0;
    for (const char *p = strstr(s, what); p; p = strstr(p + 1, what))
        n++;
    return n;
}

static void test_geomeans(void)
{
    xf_table_geomean g[4];
    int n = 0;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_table_geomeans(rows, NROWS, "gpu", g, 4, &n, &err), XF_OK);
    CU_ASSERT_EQUAL_FATAL(n, 2);
    CU_ASSERT_STRING_EQUAL(g[0].arch, "xformer");
    CU_ASSERT_STRING_EQUAL(g[1].arch, "puma");
    CU_ASSERT_EQUAL(g[0].n, 3);
    /* product-root of the row ratios */
    XF_ASSERT_REL(g[0].speedup, cbrt(50.0 * 20.0 * 30.0), 1e-12);
    XF_ASSERT_REL(g[0].energy_ratio, cbrt(50.0 * 30.0 * 30.0), 1e-12);
    XF_ASSERT_REL(g[1].speedup, cbrt(5.0 * 5.0 * 5.0), 1e-12);
    XF_ASSERT_REL(g[1].energy_ratio, cbrt(12.5 * 10.0 * 10.0), 1e-12);
}

static void test_csv(void)
{
    xf_err err = {0};
    char *s = render(rows, NROWS, "gpu", XF_TABLE_CSV, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *expect_head =
        "kind,model,seq,batch,phase,context,arch,latency_s,energy_j,speedup,energy_ratio\n"
        "point,bert-base,128,1,prefill,0,gpu,0.01,0.03,1,1\n"
        "point,bert-base,128,1,prefill,0,xformer,0.0005,0.001,20,30\n"
        "point,bert-base,128,1,prefill,0,puma,0.002,0.003,5,10\n"
        "point,bert-base,512,1,prefill,0,gpu,0.05,0.1,1,1\n";
    CU_ASSERT_EQUAL(strncmp(s, expect_head, strlen(expect_head)), 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\ngeomean,,,,,,xformer,,,"));
    /* puma's speed-ups are 5, 5, 5: the mean is 5 up to the rounding of exp(log) */
    const char *pg = strstr(s, "\ngeomean,,,,,,puma,,,");
    CU_ASSERT_PTR_NOT_NULL_FATAL(pg);
    XF_ASSERT_REL(strtod(pg + strlen("\ngeomean,,,,,,puma,,,"), NULL), 5.0, 1e-12);
    CU_ASSERT_EQUAL(count(s, "\n"), 1 + NROWS + 2);
    free(s);
}

static void test_latex(void)
{
    xf_table_row r[NROWS];
    memcpy(r, rows, sizeof r);
    r[0].arch = "x_former&co";
    r[4].arch = "x_former&co";
    r[7].arch = "x_former&co";
    xf_err err = {0};
    char *s = render(r, NROWS, "gpu", XF_TABLE_TEX, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_EQUAL(count(s, "\\begin{tabular}"), 1);
    CU_ASSERT_EQUAL(count(s, "\\end{tabular}"), 1);
    CU_ASSERT_EQUAL(count(s, "\\toprule"), 1);
    CU_ASSERT_EQUAL(count(s, "\\bottomrule"), 1);
    CU_ASSERT(strstr(s, "\\toprule") < strstr(s, "\\bottomrule"));
    CU_ASSERT(strstr(s, "\\begin{tabular}") < strstr(s, "\\toprule"));
    CU_ASSERT(strstr(s, "\\bottomrule") < strstr(s, "\\end{tabular}"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "x\\_former\\&co"));
    CU_ASSERT_PTR_NULL(strstr(s, "x_former"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "Geometric mean"));
    /* every body line has 7 cells: 6 unescaped & */
    char *line = strtok(s, "\n");
    while (line) {
        if (strstr(line, "\\\\") && !strstr(line, "multicolumn")) {
            int amp = 0;
            for (const char *c = line; *c; c++)
                if (*c == '&' && (c == line || c[-1] != '\\'))
                    amp++;
            CU_ASSERT_EQUAL(amp, 6);
        }
        line = strtok(NULL, "\n");
    }
    free(s);
}

static void test_markdown_and_text(void)
{
    xf_table_row r[NROWS];
    memcpy(r, rows, sizeof r);
    r[2].arch = r[5].arch = r[8].arch = "pu|ma";
    xf_err err = {0};
    char *s = render(r, NROWS, "gpu", XF_TABLE_MD, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "| Model | Seq | Arch | Latency (ms) | Energy (mJ) |"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "|---|---:|---|"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "pu\\|ma"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "| bert-base | 128 | xformer | 0.5000 | 1.000 | 20.0× | "
                                     "30.0× |"));
    free(s);
    s = render(rows, NROWS, "gpu", XF_TABLE_TEXT, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "geometric mean"));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "500.0 us"));
    free(s);
}

static void test_missing_baseline_pair(void)
{
    xf_table_row r[] = {R("gpu", "m", 1, 1, 1), R("a", "m", 1, 0.5, 0.25), R("a", "m", 2, 1, 1)};
    xf_table_geomean g[2];
    int n = 0;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_table_geomeans(r, 3, "gpu", g, 2, &n, &err), XF_OK);
    CU_ASSERT_EQUAL(n, 1);
    CU_ASSERT_EQUAL(g[0].n, 1);
    XF_ASSERT_REL(g[0].speedup, 2.0, 1e-12);
    char *s = render(r, 3, "gpu", XF_TABLE_CSV, &err);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "\npoint,m,2,1,prefill,0,a,1,1,,\n"));
    free(s);
}

static void test_errors(void)
{
    xf_err err = {0};
    CU_ASSERT_PTR_NULL(render(rows, NROWS, "gpx", XF_TABLE_TEXT, &err));
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'gpu'"));
    xf_err_clear(&err);
    CU_ASSERT_PTR_NULL(render(rows, 0, "gpu", XF_TABLE_TEXT, &err));
    CU_ASSERT_EQUAL(err.code, XF_ERR_INPUT);
    xf_err_clear(&err);
    xf_table_row dup[] = {R("gpu", "m", 1, 1, 1), R("a", "m", 1, 1, 1), R("a", "m", 1, 2, 2)};
    CU_ASSERT_PTR_NULL(render(dup, 3, "gpu", XF_TABLE_TEXT, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "two rows"));
    xf_err_clear(&err);
    xf_table_row bad[] = {R("gpu", "m", 1, 1, 1), R("a", "m", 1, 0, 1)};
    CU_ASSERT_PTR_NULL(render(bad, 2, "gpu", XF_TABLE_TEXT, &err));
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "positive"));
    xf_err_clear(&err);
    xf_table_format f;
    CU_ASSERT_EQUAL(xf_table_format_parse("--format", "tex", &f, &err), XF_OK);
    CU_ASSERT_EQUAL(f, XF_TABLE_TEX);
    CU_ASSERT_EQUAL(xf_table_format_parse("--format", "cvs", &f, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'csv'"));
}

XF_SUITE(table) = {{"geometric means are product-roots", test_geomeans},
                   {"csv header, order, geomean rows", test_csv},
                   {"latex booktabs, balanced, escaped", test_latex},
                   {"markdown and text", test_markdown_and_text},
                   {"pairs without a baseline", test_missing_baseline_pair},
                   {"errors", test_errors},
                   {NULL, NULL}};

/* ======================================================================= plots */

static char plotdir[256];

static const char *plot_path(const char *name, char *buf, size_t n)
{
    if (plotdir[0] == '\0') {
        snprintf(plotdir, sizeof plotdir, "/tmp/xf-test-plot-XXXXXX");
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(plotdir));
    }
    snprintf(buf, n, "%s/%s", plotdir, name);
    return buf;
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

/* A database of synthetic runs: two designs and a GPU over four sequence lengths, with
 * component breakdowns, an override that varies, and a model name that tries to run a
 * command in gnuplot. */
static xf_db *plot_db(void)
{
    char p[512];
    plot_path("plot.db", p, sizeof p);
    unlink(p);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(p, XF_DB_CREATE, &db, &err), XF_OK);
    char bh[XF_HASH_HEX];
    xf_hash_hex("base", 4, bh);
    CU_ASSERT_EQUAL(xf_db_put_config(db, bh, "x", NULL, "text", &err), XF_OK);
    static const char *const archs[] = {"gpu", "xformer", "puma"};
    static const char *const params[] = {"{\"pe.adc_bits\":\"6\"}", "{\"pe.adc_bits\":\"8\"}"};
    int k = 0;
    for (int a = 0; a < 3; a++)
        for (int bits = 0; bits < (a ? 2 : 1); bits++)
            for (long long seq = 128; seq <= 1024; seq *= 2) {
                char ph[XF_HASH_HEX], key[64];
                snprintf(key, sizeof key, "%d-%d-%lld", a, bits, seq);
                xf_hash_hex(key, strlen(key), ph);
                xf_db_row row;
                memset(&row, 0, sizeof row);
                row.point_hash = ph;
                row.config_hash = bh;
                row.base_hash = bh;
                row.point_idx = -1;
                row.arch = archs[a];
                row.model = a == 2 ? "m`touch pwned-model`" : "bert-base";
                row.phase = "prefill";
                row.seq = seq;
                row.batch = 1;
                row.params = a ? params[bits] : "{}";
                row.latency_s = 1e-3 * (double)seq / (a ? 20.0 * (a + bits) : 1.0);
                row.energy_j = 1e-2 * (double)seq / (a ? 50.0 + 10 * bits : 1.0);
                row.area_mm2 = 100;
                row.tops = 1;
                xf_result r;
                memset(&r, 0, sizeof r);
                r.energy_by_comp[XF_COMP_ADC] = row.energy_j * 0.7;
                r.energy_by_comp[XF_COMP_XBAR] = row.energy_j * 0.3;
                CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, &r, NULL, NULL, &err), XF_OK);
                k++;
            }
    CU_ASSERT_EQUAL(k, 20);
    return db;
}

static int have_gnuplot(void)
{
    char p[1024];
    int ok = xf_plot_find_program("gnuplot", p, sizeof p);
    if (!ok)
        fprintf(stderr, "\n  gnuplot not found: plots are written (--no-run) but not drawn "
                        "(.ci/deps installs gnuplot-nox) ");
    return ok;
}

static void draw(xf_db *db, const xf_db_filter *f, xf_plot_opts *o, const char *name)
{
    char out[512];
    o->out = plot_path(name, out, sizeof out);
    o->template_dir = "plots";
    o->no_run = !have_gnuplot();
    xf_plot_files files;
    xf_err err = {0};
    int rc = xf_plot(db, f, o, &files, &err);
    if (rc != XF_OK)
        fprintf(stderr, "\n  plot %s: %s\n", name, err.msg);
    CU_ASSERT_EQUAL_FATAL(rc, XF_OK);
    CU_ASSERT(file_size(files.data) > 0);
    CU_ASSERT(file_size(files.script) > 0);
    if (!o->no_run) {
        CU_ASSERT(file_size(files.png) > 1000);
        CU_ASSERT(file_size(files.svg) > 1000);
        CU_ASSERT(file_size(files.pdf) > 1000);
    }
}

static void test_plot_kinds(void)
{
    xf_db *db = plot_db();
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    xf_plot_opts o;
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_SPEEDUP_VS_SEQ;
    o.baseline = "gpu";
    o.model = "bert-base";
    o.title = "it's `touch pwned-title` system('touch pwned-sys')";
    draw(db, &f, &o, "speedup.png");
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_ENERGY_BREAKDOWN;
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "seq=512", &err), XF_OK);
    draw(db, &f, &o, "energy.svg");
    {
        /* components by name, the total first; colours fixed per component (black total,
         * crossbars #0072B2, ADCs #D55E00: plot_columns.c); the runs have energy in the
         * crossbars (0.3 E) and the ADCs (0.7 E) only, so no other column */
        char p[512], line[256], *gp = NULL;
        FILE *d = fopen(plot_path("energy.dat", p, sizeof p), "r");
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, d));
        CU_ASSERT_STRING_EQUAL(line, "run\ttotal\tReRAM crossbars\tADCs\n");
        fclose(d);
        size_t n = 0;
        FILE *g = fopen(plot_path("energy.gp", p, sizeof p), "r");
        CU_ASSERT_PTR_NOT_NULL_FATAL(g);
        gp = calloc(1, 1 << 16);
        n = fread(gp, 1, (1 << 16) - 1, g);
        fclose(g);
        CU_ASSERT(n > 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(gp, "colours = '#000000 #0072B2 #D55E00'"));
        CU_ASSERT_PTR_NOT_NULL(strstr(gp, "set logscale y"));
        CU_ASSERT_PTR_NOT_NULL(strstr(gp, "set terminal pdfcairo"));
        free(gp);
    }
    memset(&f, 0, sizeof f);
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_SWEEP_SCATTER;
    draw(db, &f, &o, "scatter.png");
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_SENSITIVITY;
    o.key = "pe.adc_bits";
    o.metric = "latency_s";
    CU_ASSERT_EQUAL(xf_db_filter_add(&f, "arch=xformer", &err), XF_OK);
    draw(db, &f, &o, "sens.png");
    /* nothing ran a command: no file appeared in the folder gnuplot ran in */
    char p[512];
    CU_ASSERT_EQUAL(file_size(plot_path("pwned-model", p, sizeof p)), -1);
    CU_ASSERT_EQUAL(file_size(plot_path("pwned-title", p, sizeof p)), -1);
    CU_ASSERT_EQUAL(file_size(plot_path("pwned-sys", p, sizeof p)), -1);
    /* the scatter's Pareto front: lowest latency and lowest energy points only */
    FILE *d = fopen(plot_path("scatter.dat", p, sizeof p), "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    char line[256];
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, d));
    CU_ASSERT_EQUAL(strncmp(line, "front: ", 7), 0);
    int front = 0;
    while (fgets(line, sizeof line, d) && line[0] != '\n')
        front++;
    fclose(d);
    CU_ASSERT(front >= 1 && front <= 4);
    xf_db_close(db);
}

static void test_plot_errors(void)
{
    xf_db *db = plot_db();
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    xf_plot_opts o;
    memset(&o, 0, sizeof o);
    xf_plot_files files;
    xf_err err = {0};
    char out[512];
    o.template_dir = "plots";
    o.kind = XF_PLOT_SPEEDUP_VS_SEQ;
    o.out = "/nonexistent-folder/x.png";
    o.baseline = "gpu";
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "does not exist"));
    xf_err_clear(&err);
    o.out = plot_path("x.jpg", out, sizeof out);
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, ".png, .svg or .pdf"));
    xf_err_clear(&err);
    o.out = plot_path("x.png", out, sizeof out);
    o.no_run = 1;
    {
        /* every run has batch 1: each combination of the other values is a single point, no
         * line (it was drawn as one "line" per point) */
        xf_plot_opts s = o;
        s.kind = XF_PLOT_SENSITIVITY;
        s.key = "batch";
        CU_ASSERT_EQUAL(xf_plot(db, &f, &s, &files, &err), XF_ERR_INPUT);
        CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "single value of batch"));
        xf_err_clear(&err);
    }
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_INPUT); /* several models */
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--model"));
    xf_err_clear(&err);
    o.baseline = NULL;
    o.model = "bert-base";
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "--baseline"));
    xf_err_clear(&err);
    o.kind = XF_PLOT_SWEEP_SCATTER;
    o.x = "latncy_s";
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'latency_s'"));
    xf_err_clear(&err);
    o.x = NULL;
    o.no_run = 0;
    o.gnuplot = "/nonexistent/gnuplot";
    CU_ASSERT_EQUAL(xf_plot(db, &f, &o, &files, &err), XF_ERR_RUNTIME);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "gnuplot-nox"));
    xf_err_clear(&err);
    xf_plot_kind k;
    CU_ASSERT_EQUAL(xf_plot_kind_parse("speedup-vs-sq", &k, &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "did you mean 'speedup-vs-seq'"));
    char q[64];
    CU_ASSERT_STRING_EQUAL(xf_gp_string("a'b`c`\n", q, sizeof q), "'a''b`c`'");
    xf_db_close(db);
}

static void test_plot_cleanup(void)
{
    DIR *d = opendir(plotdir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.' && (e->d_name[1] == '\0' || e->d_name[1] == '.'))
                continue;
            char p[600];
            snprintf(p, sizeof p, "%s/%s", plotdir, e->d_name);
            unlink(p);
        }
        closedir(d);
        CU_ASSERT_EQUAL(rmdir(plotdir), 0);
    }
    plotdir[0] = '\0';
}

XF_SUITE(plot) = {{"every kind writes data, script, PNG, SVG and PDF", test_plot_kinds},
                  {"errors: folder, extension, options, no gnuplot", test_plot_errors},
                  {"cleanup", test_plot_cleanup},
                  {NULL, NULL}};
