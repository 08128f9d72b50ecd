/* make bench: speed and memory figures, one key=value line each (medians of repeated runs
 * after a warm-up). Not a test: it asserts nothing; README "Performance" quotes its output.
 *
 *   eval_us, evals_per_s      one X-Former evaluation of BERT-base at 512 tokens through the one
 *                             entry point (xf_evaluate, in-process, one thread, the workload
 *                             buffer reused); every call's return code is checked and the sum
 *                             of the latencies printed as eval_checksum, so a failed
 *                             evaluation is never timed as a fast one
 *   eval_us_seq64/_seq65536   the same at 64 and 65,536 tokens (closed form: flat in n)
 *   eval_us_bert_large/_gpt3  cost growth with layer count
 *   workload_us               building the op list of BERT-base at 512
 *   rebuild_us                applying one engine override to a built X-Former (the step a sweep
 *                             takes per new configuration: xf_arch_spec_set + xf_arch_update)
 *   mc_10k_samples_1thread_s  a 10,000-sample Monte Carlo (xf_study_mc) on one thread: X-Former
 *                             against the GTX 1060, BERT-base at 512, every shipped range drawn
 *   sweep_points_per_s        a 100,000-point sweep into a fresh database (`xformer sweep`,
 *                             default settings, -j = cores), wall time of the whole command
 *   sweep_config_points_per_s a 100,000-point sweep in which every point is a new configuration
 *                             (architecture keys only, the last one varying fastest)
 *   sqlite_raw_rows_per_s     the same 100,000 rows (read back from the first sweep's database)
 *                             inserted into a fresh database with the same `runs` table by a
 *                             minimal loop: one prepared statement, one transaction
 *   sweep_vs_raw              the ratio of the two
 *   sweep_peak_rss_mb         peak resident memory of a 1,000,000-point sweep (no breakdowns)
 *   optimize_1m_s             a 1,000,000-point `xformer optimize` in which every point is a new
 *                             configuration (four engine keys, 10 x 10 x 100 x 100, one
 *                             workload, two constraints), wall time of the whole command;
 *                             optimize_peak_rss_mb its peak resident memory
 * Usage: bench [PATH/TO/xformer]   (the CLI for the sweep figures; default build/xformer)
 */
#define _DEFAULT_SOURCE /* wait4: the peak memory of one child */
#include "xf/eval.h"
#include "xf/study.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Evaluations are timed in 15 repeats of 20,000 calls, sweeps and inserts in 5 repeats of the
 * whole command (a 100,000-point sweep takes about a second). */
#define REPEATS 15
#define SWEEP_REPEATS 5

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof v[0], cmp);
    return v[n / 2];
}

typedef struct {
    xf_arch a;
    xf_model m;
    xf_wl_params p;
    xf_workload w;
    xf_result r;
} bench_ctx;

/* Median time per call (s) of `iters` evaluations, over REPEATS repeats after a warm-up; the
 * sum of every timed evaluation's latency in *checksum. A failed evaluation stops the bench. */
static double time_eval(bench_ctx *c, int iters, double *checksum, xf_err *err)
{
    double t[REPEATS];
    *checksum = 0.0;
    for (int i = 0; i < iters; i++)
        if (xf_evaluate(&c->a, &c->m, &c->p, &c->w, &c->r, err) != XF_OK)
            return -1.0;
    for (int k = 0; k < REPEATS; k++) {
        int rc = XF_OK;
        double sum = 0.0, t0 = now();
        for (int i = 0; i < iters; i++) {
            rc |= xf_evaluate(&c->a, &c->m, &c->p, &c->w, &c->r, err);
            sum += c->r.latency;
        }
        t[k] = (now() - t0) / iters;
        if (rc != XF_OK)
            return -1.0;
        *checksum += sum;
    }
    return median(t, REPEATS);
}

static int point(bench_ctx *c, const char *model, long long seq, xf_err *err)
{
    xf_wl_params_default(&c->p);
    c->p.seq = seq;
    return xf_model_resolve(model, &c->m, err);
}

/* Run argv (stdout to /dev/null); returns its exit status, wall time in *secs and peak RSS (KB) in
 * *rss_kb. */
static int run_cmd(char *const *argv, double *secs, long *rss_kb)
{
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        /* the figures are this program's stdout: the command's answer goes nowhere */
        int fd = open("/dev/null", O_WRONLY);
        if (fd >= 0) {
            dup2(fd, STDOUT_FILENO);
            close(fd);
        }
        execv(argv[0], argv);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (wait4(pid, &status, 0, &ru) < 0)
        return -1;
    *secs = now() - t0;
    *rss_kb = ru.ru_maxrss;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Insert every row of `runs` of src into a fresh database dst holding the same table, with one
 * prepared statement in one transaction. Returns rows per second (0 on failure). */
static double raw_insert_rate(const char *src, const char *dst, long long *rows)
{
    sqlite3 *in = NULL, *out = NULL;
    sqlite3_stmt *rd = NULL, *ddl = NULL, *ins = NULL;
    double rate = 0.0;
    *rows = 0;
    if (sqlite3_open(src, &in) != SQLITE_OK || sqlite3_open(dst, &out) != SQLITE_OK)
        goto done;
    if (sqlite3_prepare_v2(in, "SELECT sql FROM sqlite_master WHERE name = 'runs'", -1, &ddl,
                           NULL) != SQLITE_OK ||
        sqlite3_step(ddl) != SQLITE_ROW ||
        sqlite3_exec(out, (const char *)sqlite3_column_text(ddl, 0), NULL, NULL, NULL) != SQLITE_OK)
        goto done;
    if (sqlite3_prepare_v2(in, "SELECT * FROM runs", -1, &rd, NULL) != SQLITE_OK)
        goto done;
    int nc = sqlite3_column_count(rd);
    /* Read everything first (not timed): the loop below times the store only. */
    size_t cap = 1 << 17, n = 0;
    sqlite3_value **vals = malloc(cap * (size_t)nc * sizeof *vals);
    while (vals && sqlite3_step(rd) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            sqlite3_value **nv = realloc(vals, cap * (size_t)nc * sizeof *vals);
            if (!nv)
                break;
            vals = nv;
        }
        for (int c = 0; c < nc; c++)
            vals[n * (size_t)nc + (size_t)c] = sqlite3_value_dup(sqlite3_column_value(rd, c));
        n++;
    }
    char sql[1024] = "INSERT INTO runs VALUES (?";
    for (int c = 1; c < nc; c++)
        strcat(sql, ",?");
    strcat(sql, ")");
    if (vals && sqlite3_prepare_v2(out, sql, -1, &ins, NULL) == SQLITE_OK) {
        double t0 = now();
        sqlite3_exec(out, "BEGIN", NULL, NULL, NULL);
        for (size_t i = 0; i < n; i++) {
            for (int c = 0; c < nc; c++)
                sqlite3_bind_value(ins, c + 1, vals[i * (size_t)nc + (size_t)c]);
            if (sqlite3_step(ins) != SQLITE_DONE)
                break;
            sqlite3_reset(ins);
            (*rows)++;
        }
        sqlite3_exec(out, "COMMIT", NULL, NULL, NULL);
        double t = now() - t0;
        rate = t > 0 && *rows == (long long)n ? (double)n / t : 0.0;
    }
    for (size_t i = 0; vals && i < n * (size_t)nc; i++)
        sqlite3_value_free(vals[i]);
    free(vals);
done:
    sqlite3_finalize(rd);
    sqlite3_finalize(ddl);
    sqlite3_finalize(ins);
    sqlite3_close(in);
    sqlite3_close(out);
    return rate;
}

static void remove_db(const char *path)
{
    char f[200];
    unlink(path);
    snprintf(f, sizeof f, "%s-wal", path);
    unlink(f);
    snprintf(f, sizeof f, "%s-shm", path);
    unlink(f);
}

/* Median points per second of SWEEP_REPEATS runs of the sweep argv (whose --db is path, removed
 * before each run); 0 when a run fails. */
static double sweep_rate(char *const *argv, const char *path, double points)
{
    double r[SWEEP_REPEATS];
    for (int k = 0; k < SWEEP_REPEATS; k++) {
        double secs = 0;
        long rss = 0;
        remove_db(path);
        if (run_cmd(argv, &secs, &rss) != 0)
            return 0.0;
        r[k] = points / secs;
    }
    return median(r, SWEEP_REPEATS);
}

static int sweep_figures(const char *cli)
{
    char dir[] = "/tmp/xformer-bench-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("bench: mkdtemp");
        return 1;
    }
    char db100k[128], dbcfg[128], raw[128], db1m[128];
    snprintf(db100k, sizeof db100k, "%s/sweep100k.db", dir);
    snprintf(dbcfg, sizeof dbcfg, "%s/sweepcfg.db", dir);
    snprintf(raw, sizeof raw, "%s/raw.db", dir);
    snprintf(db1m, sizeof db1m, "%s/sweep1m.db", dir);
    /* 250 x 16 x 25 = 100,000 points */
    char *a100k[] = {(char *)cli,
                     "sweep",
                     "--quiet",
                     "--db",
                     db100k,
                     "--arch",
                     "xformer",
                     "--model",
                     "bert-base",
                     "--seq",
                     "1..250+1",
                     "--set",
                     "ae.adcs_per_array=1..16+1",
                     "--set",
                     "dataflow.sequence_block=0..24+1",
                     NULL};
    double rate = sweep_rate(a100k, db100k, 100000.0);
    /* 16 x 125 x 5 x 10 = 100,000 configurations of one workload, bus.width_bits fastest */
    char *acfg[] = {(char *)cli,
                    "sweep",
                    "--quiet",
                    "--db",
                    dbcfg,
                    "--arch",
                    "xformer",
                    "--model",
                    "bert-base",
                    "--seq",
                    "512",
                    "--set",
                    "ae.adcs_per_array=1..16+1",
                    "--set",
                    "sfu.units=1..125+1",
                    "--set",
                    "pe.adc_bits=4..8+1",
                    "--set",
                    "bus.width_bits=64..640+64",
                    NULL};
    double cfg_rate = sweep_rate(acfg, dbcfg, 100000.0);
    if (rate <= 0 || cfg_rate <= 0) {
        fprintf(stderr, "bench: a 100,000-point sweep failed\n");
        return 1;
    }
    /* 1000 x 40 x 25 = 1,000,000 points */
    char *a1m[] = {(char *)cli,
                   "sweep",
                   "--quiet",
                   "--db",
                   db1m,
                   "--arch",
                   "xformer",
                   "--model",
                   "bert-base",
                   "--seq",
                   "1..1000+1",
                   "--set",
                   "ae.adcs_per_array=1..40+1",
                   "--set",
                   "dataflow.sequence_block=0..24+1",
                   NULL};
    double secs_1m = 0;
    long rss_1m = 0;
    if (run_cmd(a1m, &secs_1m, &rss_1m) != 0) {
        fprintf(stderr, "bench: the 1,000,000-point sweep failed\n");
        return 1;
    }
    /* 10 x 10 x 100 x 100 = 1,000,000 configurations of one workload (only the front stored) */
    char dbopt[128];
    snprintf(dbopt, sizeof dbopt, "%s/optimize1m.db", dir);
    char *aopt[] = {(char *)cli,
                    "optimize",
                    "--quiet",
                    "--db",
                    dbopt,
                    "--arch",
                    "xformer",
                    "--model",
                    "bert-base",
                    "--seq",
                    "512",
                    "--vary",
                    "ae.adcs_per_array=1..10+1",
                    "--vary",
                    "pe.adcs_per_xbar=1..10+1",
                    "--vary",
                    "sfu.units=1..100+1",
                    "--vary",
                    "bus.width_bits=64..6400+64",
                    "--constraint",
                    "power_w<=20",
                    "--constraint",
                    "area_mm2<=858",
                    NULL};
    double secs_opt = 0;
    long rss_opt = 0;
    if (run_cmd(aopt, &secs_opt, &rss_opt) != 0) {
        fprintf(stderr, "bench: the 1,000,000-point optimize failed\n");
        return 1;
    }
    remove_db(dbopt);
    /* The raw loop last: it holds the 100,000 rows in memory, and a child forked after it
     * would count that memory in its peak. */
    double rr[SWEEP_REPEATS];
    long long rows = 0;
    for (int k = 0; k < SWEEP_REPEATS; k++) {
        remove_db(raw);
        rr[k] = raw_insert_rate(db100k, raw, &rows);
    }
    double raw_rate = median(rr, SWEEP_REPEATS);
    printf("sweep_points_per_s=%.0f\nsweep_config_points_per_s=%.0f\nsqlite_raw_rows_per_s=%.0f\n"
           "sweep_vs_raw=%.3f\n",
           rate, cfg_rate, raw_rate, raw_rate > 0 ? rate / raw_rate : 0.0);
    printf("sweep_1m_s=%.2f\nsweep_peak_rss_mb=%.1f\n", secs_1m, rss_1m / 1024.0);
    printf("optimize_1m_s=%.2f\noptimize_peak_rss_mb=%.1f\n", secs_opt, rss_opt / 1024.0);
    const char *files[] = {db100k, dbcfg, raw, db1m};
    for (int i = 0; i < 4; i++)
        remove_db(files[i]);
    rmdir(dir);
    return 0;
}

/* Median time (s) of one engine override applied to a built architecture. */
static double time_rebuild(bench_ctx *c, xf_err *err)
{
    xf_arch_spec *spec = NULL;
    if (xf_arch_spec_load("techlib", "xformer", &spec, err) != XF_OK ||
        xf_arch_build(spec, &c->a, err) != XF_OK) {
        xf_arch_spec_free(spec);
        return -1.0;
    }
    const int iters = 2000;
    double t[REPEATS];
    char set[64];
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        for (int i = 0; i < iters; i++) {
            snprintf(set, sizeof set, "bus.width_bits=%d", 64 + 64 * (i % 10));
            if (xf_arch_spec_set(spec, set, err) != XF_OK ||
                xf_arch_update(spec, &c->a, set, err) != XF_OK) {
                xf_arch_spec_free(spec);
                return -1.0;
            }
        }
        t[k] = (now() - t0) / iters;
    }
    xf_arch_spec_free(spec);
    return median(t, REPEATS);
}

/* Median time (s) of a 10^4-sample Monte Carlo on one thread: X-Former against the GTX 1060
 * on BERT-base at 512 tokens, every shipped range drawn (issue 17: under a second). */
static double time_mc(xf_err *err)
{
    xf_study *s = NULL;
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    if (xf_study_new("techlib", "xformer", "gpu-gtx1060", xf_zoo_find("bert-base"), &p, NULL, 0, &s,
                     err) != XF_OK)
        return -1.0;
    xf_mc_result *r = malloc(sizeof *r);
    double t[SWEEP_REPEATS];
    xf_mc_opts o = {10000, 1, 1, 0};
    for (int k = 0; r && k < SWEEP_REPEATS; k++) {
        double t0 = now();
        if (xf_study_mc(s, &o, r, err) != XF_OK) {
            free(r);
            xf_study_free(s);
            return -1.0;
        }
        t[k] = now() - t0;
    }
    free(r);
    xf_study_free(s);
    return median(t, SWEEP_REPEATS);
}

int main(int argc, char **argv)
{
    const char *cli = argc > 1 ? argv[1] : "build/xformer";
    bench_ctx *c = calloc(1, sizeof *c);
    xf_err err = {0};
    if (!c || xf_arch_load("techlib", "xformer", NULL, 0, &c->a, &err) != XF_OK) {
        fprintf(stderr, "bench: %s\n", c ? err.msg : "out of memory");
        return 1;
    }
    const int iters = 20000;
    double sum = 0;
    if (point(c, "bert-base", 512, &err) != XF_OK)
        goto fail;
    double t = time_eval(c, iters, &sum, &err);
    if (t < 0)
        goto fail;
    printf("eval_us=%.3f\nevals_per_s=%.0f\neval_checksum=%.9g\n", t * 1e6, 1.0 / t, sum);
    static const struct {
        const char *key, *model;
        long long seq;
    } cases[] = {{"eval_us_seq64", "bert-base", 64},
                 {"eval_us_seq65536", "bert-base", 65536},
                 {"eval_us_bert_large", "bert-large", 512},
                 {"eval_us_gpt3", "gpt3-175b", 512}};
    double t64 = 0, t65536 = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (point(c, cases[i].model, cases[i].seq, &err) != XF_OK)
            goto fail;
        double ti = time_eval(c, iters, &sum, &err);
        if (ti < 0)
            goto fail;
        printf("%s=%.3f\n", cases[i].key, ti * 1e6);
        if (i == 0)
            t64 = ti;
        if (i == 1)
            t65536 = ti;
    }
    printf("eval_seq65536_over_seq64=%.3f\n", t65536 / t64);
    /* workload build */
    xf_wl_params p;
    xf_wl_params_default(&p);
    p.seq = 512;
    if (xf_model_resolve("bert-base", &c->m, &err) != XF_OK)
        goto fail;
    double tw[REPEATS];
    for (int k = 0; k < REPEATS; k++) {
        double t0 = now();
        for (int i = 0; i < iters; i++)
            if (xf_workload_build(&c->m, &p, &c->w, &err) != XF_OK)
                goto fail;
        tw[k] = (now() - t0) / iters;
    }
    printf("workload_us=%.3f\n", median(tw, REPEATS) * 1e6);
    double tr = time_rebuild(c, &err);
    if (tr < 0)
        goto fail;
    printf("rebuild_us=%.3f\n", tr * 1e6);
    double tmc = time_mc(&err);
    if (tmc < 0)
        goto fail;
    printf("mc_10k_samples_1thread_s=%.3f\n", tmc);
    free(c);
    fflush(stdout);
    return sweep_figures(cli);
fail:
    fprintf(stderr, "bench: %s\n", err.msg);
    free(c);
    return 1;
}
