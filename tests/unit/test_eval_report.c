/* Reports of one evaluation say what produced them (issue 14): the header and summary come
 * from the resolved design, not the file's description; the overrides in canonical form; a
 * GPU taken from tech.gpu shows its own name and is charged its own board power; CSV and JSON
 * hold the same numbers; unknown areas are empty / null; archs show lists every key with its
 * origin; eval writes no file unless asked, and says where it stored a run. */
#include "xf_test.h"
#include "xf/db.h"
#include "xf/eval_report.h"
#include "xf/model.h"
#include "xf/plot.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
    xf_arch_spec *spec;
    xf_arch a;
    xf_workload w;
    xf_result r;
    const char *const *sets;
    int n_sets;
} point;

/* arch with overrides on a zoo model, as xformer eval builds it (spec, overrides, build). */
static point *run(const char *arch, const char *const *sets, int n_sets, const char *model,
                  const xf_wl_params *p)
{
    point *e = calloc(1, sizeof *e);
    xf_err err = {0};
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_EQUAL_FATAL(xf_arch_spec_load("techlib", arch, &e->spec, &err), XF_OK);
    for (int i = 0; i < n_sets; i++)
        if (xf_arch_spec_set(e->spec, sets[i], &err) != XF_OK) {
            fprintf(stderr, "\n  %s\n", err.msg);
            CU_FAIL_FATAL("override");
        }
    CU_ASSERT_EQUAL_FATAL(xf_arch_build(e->spec, &e->a, &err), XF_OK);
    xf_model m;
    CU_ASSERT_EQUAL_FATAL(xf_model_resolve(model, &m, &err), XF_OK);
    if (xf_evaluate(&e->a, &m, p, &e->w, &e->r, &err) != XF_OK) {
        fprintf(stderr, "\n  %s\n", err.msg);
        CU_FAIL_FATAL("eval");
    }
    e->sets = sets;
    e->n_sets = n_sets;
    return e;
}

static point *run_seq(const char *arch, const char *const *sets, int n_sets, long long seq)
{
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = seq;
    return run(arch, sets, n_sets, "bert-base", &p);
}

static void point_free(point *e)
{
    xf_arch_spec_free(e->spec);
    free(e);
}

/* The readable report (breakdown mask m), or the CSV header and row, as one string. */
static char *report(const point *e, int csv, int m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    xf_eval_src s = {&e->a, e->spec, e->sets, e->n_sets};
    if (csv) {
        xf_eval_csv_header(f);
        xf_eval_csv_row(f, &s, &e->w, &e->r);
    } else {
        xf_eval_report(f, &s, &e->w, &e->r, m);
    }
    fclose(f);
    return text;
}

/* arch/xformer.cfg writes sequence_block = 64 and says "SB = 64" in its description; a run at
 * SB = 128 must not claim 64 anywhere in its report. */
static void test_sb_override_header(void)
{
    const char *sets[] = {"dataflow.sequence_block=128"};
    point *e = run_seq("xformer", sets, 1, 512);
    CU_ASSERT_EQUAL(e->r.sequence_block, 128);
    char *t = report(e, 0, XF_BREAKDOWN_NONE);
    CU_ASSERT_PTR_NULL(strstr(t, "SB = 64"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "sequence blocks of SB = 128 tokens"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "  overrides    dataflow.sequence_block=128\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "description left out: overridden"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "prefill, n = 512, batch 1"));
    free(t);
    point_free(e);
    /* without an override the file's description holds and is printed */
    e = run_seq("xformer", NULL, 0, 512);
    t = report(e, 0, XF_BREAKDOWN_NONE);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "sequence blocking (SB = 64)"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "sequence blocks of SB = 64 tokens"));
    CU_ASSERT_PTR_NULL(strstr(t, "overrides"));
    /* the technology files the specification read: arch/xformer.cfg names cmos/32nm.cfg and
     * profile pumasim (techlib/profiles/pumasim.cfg) */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "profiles/pumasim.cfg"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "cmos/32nm.cfg"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "  engines      pe:xbar ae:cim sfu:sfu bus:bus dram:dram link:link\n"));
    free(t);
    point_free(e);
}

/* --set tech.gpu=gpu/rtx3090.cfg on gpu-a100 (whose description names the A100): the report
 * names the RTX 3090 and the run is charged its board power, tdp_W = 350.0 of
 * techlib/gpu/rtx3090.cfg ("TechPowerUp-derived board specs: 350 W"), not the A100's 400 W. */
static void test_gpu_own_name_and_power(void)
{
    const char *sets[] = {"tech.gpu=gpu/rtx3090.cfg"};
    point *e = run_seq("gpu-a100", sets, 1, 128);
    char *t = report(e, 0, XF_BREAKDOWN_COMPONENT);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "NVIDIA GeForce RTX 3090"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "[rtx3090]"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "board power 350 W (its TDP)"));
    CU_ASSERT_PTR_NULL(strstr(t, "NVIDIA A100"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "  technology   gpu/rtx3090.cfg\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "  area         not modelled\n"));
    free(t);
    /* energy_model = "board_power": E = P x t with P = 350 W; every kernel charges it */
    XF_ASSERT_REL(e->r.energy, 350.0 * e->r.latency, 1e-12);
    XF_ASSERT_REL(e->r.power, 350.0, 1e-12);
    CU_ASSERT_EQUAL(e->r.area_known, 0);
    point_free(e);
    /* the A100 file itself: tdp_W = 400.0 (techlib/gpu/a100.cfg) */
    e = run_seq("gpu-a100", NULL, 0, 128);
    XF_ASSERT_REL(e->r.energy, 400.0 * e->r.latency, 1e-12);
    point_free(e);
    /* a stated board power wins over the TDP: 300 W x t */
    const char *set300[] = {"tech.gpu=gpu/rtx3090.cfg", "gpu.board_power_W=300"};
    e = run_seq("gpu-a100", set300, 2, 128);
    XF_ASSERT_REL(e->r.energy, 300.0 * e->r.latency, 1e-12);
    point_free(e);
}

/* The canonical list: sorted by key, the last value of a key given twice, keys trimmed,
 * values canonical (ident.c's rules: "1000.0" is the number 1000 printed %.15g, "06" the
 * integer 6). */
static void test_override_list(void)
{
    const char *sets[] = {"pe.adc_bits=06", " dataflow.sequence_block = 128", "pe.adc_bits=6",
                          "clock_MHz=1000.0", "tech.gpu=gpu/rtx3090.cfg"};
    char b[256];
    CU_ASSERT_EQUAL(xf_eval_overrides_text(sets, 5, ";", b, sizeof b), 4);
    CU_ASSERT_STRING_EQUAL(
        b, "clock_MHz=1000;dataflow.sequence_block=128;pe.adc_bits=6;tech.gpu=gpu/rtx3090.cfg");
    CU_ASSERT_EQUAL(xf_eval_overrides_text(sets, 0, ";", b, sizeof b), 0);
    CU_ASSERT_STRING_EQUAL(b, "");
    const char *bad[] = {"pe.adc_bits"};
    CU_ASSERT_EQUAL(xf_eval_overrides_text(bad, 1, ";", b, sizeof b), -1);
    CU_ASSERT_EQUAL(xf_eval_overrides_text(sets, 5, ";", b, 10), -1); /* does not fit */
    CU_ASSERT_STRING_EQUAL(b, "");
    /* the report lists them with ", " */
    const char *two[] = {"pe.adc_bits=6", "dataflow.sequence_block=128"};
    point *e = run_seq("xformer", two, 2, 128);
    char *t = report(e, 0, XF_BREAKDOWN_NONE);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(t, "  overrides    dataflow.sequence_block=128, pe.adc_bits=6\n"));
    free(t);
    point_free(e);
}

/* Split a CSV line (no quoted commas in these rows) into at most max fields. */
static int split(char *line, char **f, int max)
{
    int n = 0;
    char *p = line;
    while (n < max) {
        f[n++] = p;
        char *c = strpbrk(p, ",\n");
        if (!c)
            break;
        int end = *c == '\n';
        *c = '\0';
        if (end)
            break;
        p = c + 1;
    }
    return n;
}

/* The old columns keep their order; context, the generation's columns (tokens, ttft_s,
 * tokens_per_s, energy_per_token_j) and overrides are appended. Decode shows its context and
 * no seq (a decoder's decode has none): GPT-2 decoding one token with 512 in the cache. */
static void test_csv_columns(void)
{
    const char *sets[] = {"pe.adc_bits=6"};
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.phase = XF_PHASE_DECODE;
    p.context = 512;
    point *e = run("xformer", sets, 1, "gpt2", &p);
    char *t = report(e, 1, 0);
    const char *old = "arch,model,seq,batch,phase,latency_s,energy_j,area_mm2,power_w,tops,"
                      "tops_per_w,edp_js,nvm_writes,power_density_w_per_cm2,over_die,over_power";
    CU_ASSERT_EQUAL(strncmp(t, old, strlen(old)), 0);
    char *row = strchr(t, '\n') + 1;
    const char *tail = ",context,tokens,ttft_s,tokens_per_s,energy_per_token_j,overrides\n";
    CU_ASSERT_EQUAL(strncmp(t + strlen(old), tail, strlen(tail)), 0);
    char *f[32];
    int n = split(row, f, 32);
    CU_ASSERT_EQUAL_FATAL(n, 22);
    CU_ASSERT_STRING_EQUAL(f[2], "");
    CU_ASSERT_STRING_EQUAL(f[4], "decode");
    CU_ASSERT_STRING_EQUAL(f[16], "512");
    CU_ASSERT_STRING_EQUAL(f[17], "");
    CU_ASSERT_STRING_EQUAL(f[20], "");
    CU_ASSERT_STRING_EQUAL(f[21], "pe.adc_bits=6");
    CU_ASSERT(strlen(f[7]) > 0); /* an in-memory design has an area */
    free(t);
    char *r = report(e, 0, XF_BREAKDOWN_NONE);
    CU_ASSERT_PTR_NOT_NULL(strstr(r, "gpt2, decode, context 512, batch 1"));
    free(r);
    point_free(e);
    /* a GPU: no area, so area, power density and the die check are empty, not 0 */
    e = run_seq("gpu-gtx1060", NULL, 0, 128);
    t = report(e, 1, 0);
    row = strchr(t, '\n') + 1;
    n = split(row, f, 32);
    CU_ASSERT_EQUAL_FATAL(n, 22);
    CU_ASSERT_STRING_EQUAL(f[7], "");
    CU_ASSERT_STRING_EQUAL(f[13], "");
    CU_ASSERT_STRING_EQUAL(f[14], "");
    CU_ASSERT_STRING_EQUAL(f[15], "");
    CU_ASSERT_STRING_EQUAL(f[16], "0");
    CU_ASSERT_STRING_EQUAL(f[17], "");
    free(t);
    point_free(e);
}

/* The JSON parses with cJSON and each field of the CSV has the very same number (both print
 * 9 significant digits); an empty CSV field is null. */
static void check_json_vs_csv(const point *e)
{
    xf_eval_src s = {&e->a, e->spec, e->sets, e->n_sets};
    char *js = xf_eval_json_text(&s, &e->w, &e->r, XF_BREAKDOWN_COMPONENT);
    CU_ASSERT_PTR_NOT_NULL_FATAL(js);
    cJSON *o = cJSON_Parse(js);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    char *t = report(e, 1, 0);
    char *row = strchr(t, '\n') + 1;
    char *h[32], *f[32];
    int nh = split(t, h, 32), nf = split(row, f, 32);
    CU_ASSERT_EQUAL_FATAL(nh, nf);
    for (int i = 0; i < nh; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, h[i]);
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        int ok;
        if (strcmp(h[i], "overrides") == 0)
            ok = cJSON_IsObject(v);
        else if (f[i][0] == '\0')
            ok = cJSON_IsNull(v);
        else if (cJSON_IsNumber(v))
            ok = v->valuedouble == strtod(f[i], NULL);
        else
            ok = cJSON_IsString(v) && strcmp(v->valuestring, f[i]) == 0;
        if (!ok)
            fprintf(stderr, "\n  JSON %s differs from the CSV's '%s'\n", h[i], f[i]);
        CU_ASSERT(ok);
    }
    /* the overrides object holds the CSV's list */
    const cJSON *ov = cJSON_GetObjectItemCaseSensitive(o, "overrides");
    char list[512] = "";
    const cJSON *it;
    cJSON_ArrayForEach(it, ov)
    {
        size_t l = strlen(list);
        snprintf(list + l, sizeof list - l, "%s%s=%s", l ? ";" : "", it->string, it->valuestring);
    }
    CU_ASSERT_STRING_EQUAL(list, f[nh - 1]);
    /* the technology files, as the specification read them */
    int nfiles = 0;
    const char(*files)[XF_SPEC_FILE_LEN] = xf_arch_spec_files(e->spec, &nfiles);
    const cJSON *tech = cJSON_GetObjectItemCaseSensitive(o, "technology");
    CU_ASSERT_EQUAL(cJSON_GetArraySize(tech), nfiles);
    for (int i = 0; i < nfiles && i < cJSON_GetArraySize(tech); i++)
        CU_ASSERT_STRING_EQUAL(cJSON_GetArrayItem(tech, i)->valuestring, files[i]);
    CU_ASSERT(cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(o, "area_known")));
    CU_ASSERT(cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(o, "components")));
    cJSON_Delete(o);
    free(js);
    free(t);
}

static void test_json_matches_csv(void)
{
    const char *sets[] = {"pe.adc_bits=6", "dataflow.sequence_block=128"};
    point *e = run_seq("xformer", sets, 2, 512);
    check_json_vs_csv(e);
    point_free(e);
    const char *gpu[] = {"tech.gpu=gpu/rtx3090.cfg"};
    e = run_seq("gpu-a100", gpu, 1, 128);
    check_json_vs_csv(e);
    xf_eval_src s = {&e->a, e->spec, e->sets, e->n_sets};
    char *js = xf_eval_json_text(&s, &e->w, &e->r, XF_BREAKDOWN_NONE);
    cJSON *o = cJSON_Parse(js);
    CU_ASSERT_PTR_NOT_NULL_FATAL(o);
    CU_ASSERT(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "area_known")));
    const cJSON *eng = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "engines"), 0);
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(eng, "description");
    CU_ASSERT(cJSON_IsString(d) && strstr(d->valuestring, "RTX 3090") != NULL);
    CU_ASSERT_PTR_NULL(cJSON_GetObjectItemCaseSensitive(o, "description")); /* the A100's */
    cJSON_Delete(o);
    free(js);
    point_free(e);
}

/* xf_arch_params, the list archs show prints: pe.adc_bits = 8 at arch/xformer.cfg line 52
 * ("adc_bits = 8;" in the pe group), pe.decompose_qk left to its default (not in the file),
 * and an override's origin is the override. */
static void test_params_origins(void)
{
    const char *sets[] = {"ae.adc_bits=6"};
    point *e = run_seq("xformer", sets, 1, 128);
    xf_arch_param *ps = calloc(1024, sizeof *ps);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
    int n = xf_arch_params(e->spec, &e->a, ps, 1024);
    CU_ASSERT_FATAL(n > 0);
    int seen = 0;
    for (int i = 0; i < n; i++) {
        const char *o = ps[i].origin;
        size_t l = strlen(o);
        if (strcmp(ps[i].key, "pe.adc_bits") == 0) {
            CU_ASSERT(ps[i].is_num && ps[i].num == 8);
            CU_ASSERT(l > 19 && strcmp(o + l - 19, "arch/xformer.cfg:56") == 0);
            seen |= 1;
        } else if (strcmp(ps[i].key, "pe.decompose_qk") == 0) {
            CU_ASSERT_STRING_EQUAL(o, "default");
            seen |= 2;
        } else if (strcmp(ps[i].key, "ae.adc_bits") == 0) {
            CU_ASSERT_STRING_EQUAL(o, "--set ae.adc_bits=6");
            seen |= 4;
        }
    }
    CU_ASSERT_EQUAL(seen, 7);
    free(ps);
    point_free(e);
}

/* A key the file leaves to its default can be set: pe.scratchpad_port_bits (xbar key table,
 * default 0 = the core buffer file's port) takes 16; a wrong type is refused and the key is
 * not left half-added. */
static void test_set_default_key(void)
{
    const char *sets[] = {"pe.scratchpad_port_bits=16"};
    point *e = run_seq("xformer", sets, 1, 128);
    xf_arch_param *ps = calloc(1024, sizeof *ps);
    CU_ASSERT_PTR_NOT_NULL_FATAL(ps);
    int n = xf_arch_params(e->spec, &e->a, ps, 1024);
    int found = 0;
    for (int i = 0; i < n; i++)
        if (strcmp(ps[i].key, "pe.scratchpad_port_bits") == 0) {
            CU_ASSERT_EQUAL(ps[i].num, 16);
            CU_ASSERT_STRING_EQUAL(ps[i].origin, "--set pe.scratchpad_port_bits=16");
            found = 1;
        }
    CU_ASSERT(found);
    xf_err err = {0};
    CU_ASSERT_EQUAL(xf_arch_spec_set(e->spec, "pe.decompose_qk=maybe", &err), XF_ERR_INPUT);
    CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "takes true or false"));
    char *text = xf_arch_spec_text(e->spec);
    CU_ASSERT_PTR_NULL(strstr(text, "decompose_qk"));
    free(text);
    free(ps);
    point_free(e);
}

/* ---- the command line: files written, stderr -------------------------------------------- */

static char run_dir[256], io_dir[256];

/* Run the xformer binary beside this test binary in directory `cwd`, with XFORMER_DB set to
 * db_env (unset when NULL), stdout and stderr into files (NULL: /dev/null). Exit status. */
static int cli(const char *cwd, const char *db_env, const char *out, const char *errf,
               const char *const *args)
{
    char exe[1024];
    ssize_t l = readlink("/proc/self/exe", exe, sizeof exe - 16);
    CU_ASSERT_FATAL(l > 0);
    exe[l] = '\0';
    strcpy(strrchr(exe, '/') + 1, "xformer");
    CU_ASSERT_EQUAL_FATAL(access(exe, X_OK), 0);
    pid_t pid = fork();
    CU_ASSERT_FATAL(pid >= 0);
    if (pid == 0) {
        if (chdir(cwd) != 0)
            _exit(99);
        if (db_env)
            setenv("XFORMER_DB", db_env, 1);
        else
            unsetenv("XFORMER_DB");
        int fo = open(out ? out : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int fe = open(errf ? errf : "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fo < 0 || fe < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
            _exit(98);
        char *argv[32];
        int n = 0;
        argv[n++] = exe;
        for (; args[n - 1] && n < 31; n++)
            argv[n] = (char *)args[n - 1];
        argv[n] = NULL;
        execv(exe, argv);
        _exit(97);
    }
    int st = 0;
    CU_ASSERT_EQUAL(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    static char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* Without --db and XFORMER_DB, eval writes nothing (no results/xformer.db in the current
 * directory); with --db FILE or XFORMER_DB=FILE it stores the run and says so on stderr;
 * --no-db overrides the environment; --db naming a directory is refused before anything. */
static void test_eval_writes_no_file(void)
{
    char p[600], errf[600], db[600];
    xf_test_tmp_path(run_dir, sizeof run_dir, "evalcwd", "x", p, sizeof p);
    xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "stderr.txt", errf, sizeof errf);
    const char *plain[] = {"eval",      "--arch", "xformer", "--model",
                           "bert-tiny", "--seq",  "64",      NULL};
    CU_ASSERT_EQUAL(cli(run_dir, NULL, NULL, errf, plain), 0);
    CU_ASSERT_EQUAL(entries(run_dir), 0);
    CU_ASSERT_STRING_EQUAL(slurp(errf), "");
    /* --no-db beats the environment */
    const char *nodb[] = {"eval",  "--arch", "xformer", "--model", "bert-tiny",
                          "--seq", "64",     "--no-db", NULL};
    CU_ASSERT_EQUAL(cli(run_dir, "env.db", NULL, errf, nodb), 0);
    CU_ASSERT_EQUAL(entries(run_dir), 0);
    /* --db FILE: stored as run 1 (a new database), said on stderr */
    xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "runs.db", db, sizeof db);
    const char *with[] = {"eval",  "--arch", "xformer", "--model", "bert-tiny",
                          "--seq", "64",     "--db",    db,        NULL};
    CU_ASSERT_EQUAL(cli(run_dir, NULL, NULL, errf, with), 0);
    char want[800];
    snprintf(want, sizeof want, "xformer eval: stored as run 1 in %s\n", db);
    CU_ASSERT_STRING_EQUAL(slurp(errf), want);
    CU_ASSERT_EQUAL(access(db, F_OK), 0);
    CU_ASSERT_EQUAL(entries(run_dir), 0);
    /* the same point again: it exists already */
    CU_ASSERT_EQUAL(cli(run_dir, NULL, NULL, errf, with), 0);
    snprintf(want, sizeof want, "xformer eval: already stored as run 1 in %s\n", db);
    CU_ASSERT_STRING_EQUAL(slurp(errf), want);
    /* XFORMER_DB names the file: relative to the current directory */
    CU_ASSERT_EQUAL(cli(run_dir, "env.db", NULL, errf, plain), 0);
    CU_ASSERT_STRING_EQUAL(slurp(errf), "xformer eval: stored as run 1 in env.db\n");
    snprintf(p, sizeof p, "%s/env.db", run_dir);
    CU_ASSERT_EQUAL(access(p, F_OK), 0);
    unlink(p);
    snprintf(p, sizeof p, "%s/env.db-wal", run_dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/env.db-shm", run_dir);
    unlink(p);
    /* a directory: exit 2, one line, nothing written */
    const char *dir[] = {"eval",  "--arch", "xformer", "--model", "bert-tiny",
                         "--seq", "64",     "--db",    io_dir,    NULL};
    CU_ASSERT_EQUAL(cli(run_dir, NULL, NULL, errf, dir), 2);
    CU_ASSERT_PTR_NOT_NULL(strstr(slurp(errf), "is a directory; expected a database file"));
    CU_ASSERT_EQUAL(entries(run_dir), 0);
    xf_test_tmp_cleanup(run_dir);
}

/* archs show --format csv: pe.adc_bits,8 from arch/xformer.cfg:56; pe.decompose_qk default. */
static void test_archs_show_cli(void)
{
    char out[600], errf[600];
    xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "show.csv", out, sizeof out);
    xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "stderr.txt", errf, sizeof errf);
    char cwd[512];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    const char *args[] = {"archs", "show", "xformer", "--format", "csv", NULL};
    CU_ASSERT_EQUAL(cli(cwd, NULL, out, errf, args), 0);
    char *t = slurp(out);
    CU_ASSERT_EQUAL(strncmp(t, "key,value,unit,origin\n", 22), 0);
    const char *a = strstr(t, "\npe.adc_bits,8,,");
    CU_ASSERT_PTR_NOT_NULL(a);
    CU_ASSERT(a && strncmp(strchr(a + 1, '\n') - 19, "arch/xformer.cfg:56", 19) == 0);
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\npe.decompose_qk,0,,default\n"));
    /* the clock in SI with its unit: clock_GHz = 1.0 in the file */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "\nclock,1000000000,Hz,"));
    /* techlib show --set: the override is the value's source */
    const char *ts[] = {"techlib", "show", "periph/adc-sar.cfg", "--set", "bits=6", NULL};
    CU_ASSERT_EQUAL(cli(cwd, NULL, out, errf, ts), 0);
    t = slurp(out);
    const char *b = strstr(t, "\n  bits ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(b);
    const char *src = strstr(b, "source: ");
    CU_ASSERT(src && strncmp(src, "source: --set bits=6", 20) == 0);
    xf_test_tmp_cleanup(io_dir);
}

/* A Pareto front of area against latency: a GPU run (area NULL: unknown; or 0 in a database
 * written before area_known) would be the fastest point and sit on the front at area 0; it is
 * left out, with its point. Runs: xformer-like 100 mm^2 / 2 ms and 200 mm^2 / 1 ms, GPU
 * NULL / 0.5 ms and 0 / 0.4 ms: 2 points plotted, both on the front. */
static void test_pareto_leaves_out_unknown_area(void)
{
    char path[600], out[600];
    xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "plot.db", path, sizeof path);
    xf_db *db = NULL;
    xf_err err = {0};
    CU_ASSERT_EQUAL_FATAL(xf_db_open(path, XF_DB_CREATE, &db, &err), XF_OK);
    char bh[XF_HASH_HEX];
    xf_hash_hex("base", 4, bh);
    CU_ASSERT_EQUAL(xf_db_put_config(db, bh, "x", "x.cfg", "x", &err), XF_OK);
    const char *arch[] = {"xformer", "xformer", "gpu", "gpu"};
    const double area[] = {100, 200, NAN, 0}, lat[] = {2e-3, 1e-3, 5e-4, 4e-4};
    for (int i = 0; i < 4; i++) {
        char ph[XF_HASH_HEX], key[16];
        snprintf(key, sizeof key, "p%d", i);
        xf_hash_hex(key, strlen(key), ph);
        xf_db_row row;
        memset(&row, 0, sizeof row);
        row.point_hash = ph;
        row.config_hash = bh;
        row.base_hash = bh;
        row.point_idx = -1;
        row.arch = arch[i];
        row.model = "bert-base";
        row.phase = "prefill";
        row.seq = 128; /* one workload: one front (fronts are per model, seq, phase, batch) */
        row.batch = 1;
        row.params = "{}";
        row.latency_s = lat[i];
        row.energy_j = 1e-3;
        row.area_mm2 = area[i];
        CU_ASSERT_EQUAL(xf_db_insert_run(db, &row, NULL, NULL, NULL, &err), XF_OK);
    }
    xf_db_filter f;
    memset(&f, 0, sizeof f);
    xf_plot_opts o;
    memset(&o, 0, sizeof o);
    o.kind = XF_PLOT_SWEEP_SCATTER;
    o.x = "area_mm2";
    o.y = "latency_s";
    o.out = xf_test_tmp_path(io_dir, sizeof io_dir, "evalio", "front.png", out, sizeof out);
    o.template_dir = "plots";
    o.no_run = 1;
    xf_plot_files files;
    CU_ASSERT_EQUAL_FATAL(xf_plot(db, &f, &o, &files, &err), XF_OK);
    CU_ASSERT_EQUAL(files.points, 2);
    char *t = slurp(files.data);
    CU_ASSERT_PTR_NULL(strstr(t, "gpu"));
    /* the front: 100 mm^2 at 2 ms, then 200 mm^2 at 1 ms (ms on the axis) */
    CU_ASSERT_PTR_NOT_NULL(strstr(t, "front: bert-base n=128\t-\n100\t2\n200\t1\n"));
    xf_db_close(db);
    unlink(files.data);
    unlink(files.script);
    xf_test_tmp_cleanup(io_dir);
}

XF_SUITE(eval_report) = {
    {"the header of an SB override does not claim SB = 64", test_sb_override_header},
    {"a GPU from tech.gpu: its own name and board power", test_gpu_own_name_and_power},
    {"the override list is canonical", test_override_list},
    {"CSV: old columns in order, context and overrides appended, unknown empty", test_csv_columns},
    {"JSON parses and holds the CSV's numbers", test_json_matches_csv},
    {"parameters: file line, default, override", test_params_origins},
    {"--set a key the file leaves to its default", test_set_default_key},
    {"eval writes no file unless asked; --db says where", test_eval_writes_no_file},
    {"archs show and techlib show origins (CLI)", test_archs_show_cli},
    {"sweep-scatter leaves out runs of unknown area", test_pareto_leaves_out_unknown_area},
    {NULL, NULL}};
