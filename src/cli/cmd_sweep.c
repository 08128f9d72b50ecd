/* xformer sweep: the Cartesian product of architectures, models, sequence lengths and --set
 * ranges, evaluated by worker threads and stored in the results database. */
#include "cli.h"
#include "wl_opts.h"
#include "xf/db.h"
#include "xf/sweep.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const CMD = "sweep";

/* Global mutable state, as in cmd_optimize.c and nowhere else: a signal handler cannot be given a
 * context, so SIGINT/SIGTERM set this flag and the sweep's writer polls it (through
 * xf_sweep_opts.stop) to commit its batch and stop. Only the signal number is stored. */
static volatile sig_atomic_t sweep_signal = 0;

static void on_signal(int sig)
{
    sweep_signal = sig;
}

static void usage(FILE *out);

enum {
    OPT_SET = 400,
    OPT_DB,
    OPT_SHARD,
    OPT_BREAKDOWNS,
    OPT_NO_BREAKDOWNS,
    OPT_DRY,
    OPT_QUIET,
    OPT_VERBOSE,
    OPT_TECHLIB,
    OPT_BATCH_ROWS,
    OPT_ARCH,
    OPT_MODEL,
    OPT_SEQ,
    OPT_BATCH,
    OPT_PHASE,
    OPT_CONTEXT,
    OPT_TOKENS,
    OPT_HEAD
};

typedef struct {
    int tty, quiet;
    double next_line;
    int bar_shown;
} progress_ctx;

static void fmt_dur(char *buf, size_t n, double s)
{
    if (!(s >= 0) || s > 1e7) {
        snprintf(buf, n, "?");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, (t / 60) % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

static void progress(const xf_sweep_stats *st, int final, void *vctx)
{
    progress_ctx *c = vctx;
    if (c->quiet)
        return;
    long long todo = st->todo - st->skipped;
    long long done = st->evaluated;
    double rate = st->elapsed > 0 ? (double)done / st->elapsed : 0;
    double eta = rate > 0 ? (double)(todo - done) / rate : -1;
    double pct = todo > 0 ? 100.0 * (double)done / (double)todo : 100.0;
    char etab[32];
    fmt_dur(etab, sizeof etab, eta);
    if (c->tty) {
        if (final && !c->bar_shown)
            return;
        int width = 30, fill = (int)(pct / 100.0 * width + 0.5);
        char bar[64];
        for (int i = 0; i < width; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[width] = '\0';
        fprintf(stderr, "\rsweep %lld [%s] %5.1f%%  %lld/%lld  %.0f points/s  ETA %s   ",
                st->sweep_id, bar, pct, done, todo, rate, final ? "0:00" : etab);
        if (final)
            fputc('\n', stderr);
        c->bar_shown = 1;
        fflush(stderr);
        return;
    }
    if (final || st->elapsed < c->next_line)
        return;
    fprintf(stderr, "xformer sweep %lld: %lld/%lld points (%.1f%%), %.0f points/s, ETA %s\n",
            st->sweep_id, done, todo, pct, rate, etab);
    fflush(stderr);
    c->next_line = st->elapsed + 10.0;
}

/* The command line again, shell-quoted, for "resume with". */
static void resume_line(char *buf, size_t n, int argc, char **argv)
{
    size_t o = (size_t)snprintf(buf, n, "xformer");
    for (int i = 0; i < argc && o + 4 < n; i++) {
        const char *a = argv[i];
        int plain = a[0] != '\0';
        for (const char *p = a; *p; p++)
            if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=.,/+:@%",
                        *p))
                plain = 0;
        if (plain) {
            o += (size_t)snprintf(buf + o, n - o, " %s", a);
            continue;
        }
        o += (size_t)snprintf(buf + o, n - o, " '");
        for (const char *p = a; *p && o + 6 < n; p++) {
            if (*p == '\'')
                o += (size_t)snprintf(buf + o, n - o, "'\\''");
            else
                buf[o++] = *p;
        }
        if (o + 2 < n) {
            buf[o++] = '\'';
            buf[o] = '\0';
        }
    }
}

static int parse_shard(const char *arg, int *k, int *n, xf_err *err)
{
    char *end;
    long kk = strtol(arg, &end, 10);
    if (end == arg || *end != '/')
        return xf_err_set(err, XF_ERR_INPUT, "--shard '%s': expected K/N, e.g. 2/8", arg);
    const char *p = end + 1;
    long nn = strtol(p, &end, 10);
    if (end == p || *end != '\0' || nn < 1 || nn > 1000000 || kk < 1 || kk > nn)
        return xf_err_set(err, XF_ERR_INPUT,
                          "--shard '%s': expected K/N with 1 <= K <= N <= 1000000", arg);
    *k = (int)kk;
    *n = (int)nn;
    return XF_OK;
}

/* The options getopt_long parses; the help text, the man page and the completions
   (src/cli/docs.c) are generated beside them from the same array. */
const xf_cli_opt xf_opts_sweep[] = {
    {"arch", required_argument, OPT_ARCH, 0, "A[,B...]", "@arch",
     "architectures (xformer archs) or .cfg files"},
    {"archs", required_argument, OPT_ARCH, 0, "A[,B...]", "@archs", "the same as --arch"},
    {"model", required_argument, OPT_MODEL, 0, "M[,N...]", "@model",
     "zoo models (xformer models) or model files; --models too"},
    {"models", required_argument, OPT_MODEL, 0, "M[,N...]", "@models", "the same as --model"},
    {"seq", required_argument, OPT_SEQ, 0, "VALUES", NULL, "tokens (same as --set seq=VALUES)"},
    {"batch", required_argument, OPT_BATCH, 0, "VALUES", NULL, "sequences per pass (default 1)"},
    {"phase", required_argument, OPT_PHASE, 0, "P", NULL,
     "prefill (default), decode or generate; --context VALUES: cached\n"
     "tokens (decode); --tokens T: tokens generated after a\n"
     "prefill of --seq prompt tokens (generate)"},
    {"context", required_argument, OPT_CONTEXT, 0, "VALUES", NULL,
     "decode: tokens already in the KV cache"},
    {"tokens", required_argument, OPT_TOKENS, 0, "T", NULL,
     "generate: tokens generated after a prefill of --seq tokens"},
    {"head", no_argument, OPT_HEAD, 0, NULL, NULL, "encoders: count the pooler/classifier"},
    {"set", required_argument, OPT_SET, 0, "KEY=VALUES", NULL,
     "sweep a key of the architecture files, e.g.\n"
     "--set pe.adc_bits=4,6,8 --set dataflow.sequence_block=16..128*2;\n"
     "repeatable; KEY seq, batch or context sweeps the workload"},
    {"db", required_argument, OPT_DB, 0, "FILE", "@file",
     "results database (default: XFORMER_DB when set, else\n"
     "results/xformer.db; created on first use); stderr names it in\n"
     "one line (with --quiet only when --db did not name it)"},
    {"jobs", required_argument, 'j', 'j', "N", NULL,
     "worker threads (default: the number of cores)"},
    {"shard", required_argument, OPT_SHARD, 0, "K/N", NULL,
     "run only points with index % N == K-1 (merge the shard\n"
     "databases with xformer db merge OUT IN...)"},
    {"breakdowns", no_argument, OPT_BREAKDOWNS, 0, NULL, NULL,
     "also store energy/area per component and per layer and op\n"
     "(--no-breakdowns, the default, stores headline metrics only)"},
    {"no-breakdowns", no_argument, OPT_NO_BREAKDOWNS, 0, NULL, NULL,
     "store headline metrics only (the default)"},
    {"batch-rows", required_argument, OPT_BATCH_ROWS, 0, "N", NULL,
     "rows per transaction (default 100000; at most 1 s per batch)"},
    {"dry-run", no_argument, OPT_DRY, 0, NULL, NULL, "print the number of points and exit"},
    {"quiet", no_argument, OPT_QUIET, 0, NULL, NULL, "no progress and no summary"},
    {"verbose", no_argument, OPT_VERBOSE, 0, NULL, NULL,
     "also the CPU time of storing and of evaluating"},
    {"techlib", required_argument, OPT_TECHLIB, 0, "DIR", "@dir",
     "technology library (its sibling arch/ holds the architectures)"},
    {"help", no_argument, 'h', 'h', NULL, NULL, "this text"},
    XF_CLI_OPT_END,
};

const xf_cli_spec xf_spec_sweep = {
    "sweep",
    "evaluate the product of value ranges into the results database",
    "xformer sweep --arch A[,B...] --model M[,N...] --seq VALUES\n"
    "              [--set KEY=VALUES]... [--batch VALUES]\n"
    "              [--phase prefill|decode|generate] [--tokens T]\n"
    "              [--context VALUES] [--head] [--db FILE] [-j N] [--shard K/N]\n"
    "              [--breakdowns] [--dry-run] [--quiet] [--techlib DIR]",
    "Evaluates every combination of the given values (the Cartesian product) and stores\n"
    "each point in the results database, in batched transactions. Running the same\n"
    "sweep again resumes it: points already stored are skipped and no point is ever\n"
    "stored twice (a point is its configuration hash + model + seq + batch + phase).\n"
    "\n"
    "VALUES:  a,b,c          a list\n"
    "         lo..hi+step    arithmetic, e.g. 64..512+64\n"
    "         lo..hi*factor  geometric, e.g. 64..4096*2",
    xf_opts_sweep,
    "Progress goes to stderr (a bar on a terminal, a line every 10 s otherwise).\n"
    "Ctrl-C or SIGTERM commits what is evaluated, prints how to resume and exits with\n"
    "130 or 143; a killed sweep loses at most its uncommitted batch.",
    xf_cmd_sweep,
    NULL,
};

static void usage(FILE *out)
{
    xf_cli_help(out, &xf_spec_sweep);
}

int xf_cmd_sweep(int argc, char **argv)
{
    xf_err err = {0};
    const char *db_path = NULL, *techlib = NULL;
    int dry = 0, quiet = 0, verbose = 0, shard_k = 0, shard_n = 0, breakdowns = 0;
    long long jobs = 0, batch_rows = 0;
    /* dimensions are added after the options are read (the techlib may come last) */
    const char *dims[256][2];
    int n_dims = 0;
    xf_phase phase = XF_PHASE_PREFILL;
    long long tokens = 0;
    int head = 0, c;
    optind = 1;
    opterr = 0;
    struct option lo[XF_CLI_MAX_OPTS];
    while ((c = getopt_long(argc, argv, ":hj:", xf_cli_longopts(xf_opts_sweep, lo, XF_CLI_MAX_OPTS),
                            NULL)) != -1) {
        const char *what = NULL;
        switch (c) {
        case 'h':
            usage(stdout);
            return XF_EXIT_OK;
        case OPT_ARCH:
            what = "arch";
            break;
        case OPT_MODEL:
            what = "model";
            break;
        case OPT_SEQ:
            what = "seq";
            break;
        case OPT_BATCH:
            what = "batch";
            break;
        case OPT_CONTEXT:
            what = "context";
            break;
        case OPT_SET:
            what = "set";
            break;
        case OPT_PHASE:
            if (xf_cli_parse_phase(CMD, optarg, &phase, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_TOKENS:
            if (xf_cli_parse_ll("--tokens", optarg, 1, XF_WL_MAX_SEQ, &tokens, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_HEAD:
            head = 1;
            break;
        case OPT_DB:
            db_path = optarg;
            break;
        case 'j':
            if (xf_cli_parse_ll("-j", optarg, 1, 256, &jobs, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_SHARD:
            if (parse_shard(optarg, &shard_k, &shard_n, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_NO_BREAKDOWNS:
            breakdowns = 0;
            break;
        case OPT_BREAKDOWNS:
            breakdowns = 1;
            break;
        case OPT_BATCH_ROWS:
            if (xf_cli_parse_ll("--batch-rows", optarg, 1, 10000000, &batch_rows, &err) != XF_OK)
                return xf_cli_fail(CMD, &err);
            break;
        case OPT_DRY:
            dry = 1;
            break;
        case OPT_QUIET:
            quiet = 1;
            break;
        case OPT_VERBOSE:
            verbose = 1;
            break;
        case OPT_TECHLIB:
            techlib = optarg;
            break;
        default:
            return xf_cli_bad_option(CMD, c, argv);
        }
        if (what) {
            if (n_dims >= 256)
                return xf_cli_usage_error(CMD, "too many options");
            dims[n_dims][0] = what;
            dims[n_dims][1] = optarg;
            n_dims++;
        }
    }
    if (optind < argc)
        return xf_cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
    char buf[1024];
    const char *dir = xf_cli_techlib_dir(techlib, buf, sizeof buf);
    xf_sweep_spec *s = NULL;
    if (xf_sweep_spec_new(dir, &s, &err) != XF_OK)
        return xf_cli_fail(CMD, &err);
    xf_sweep_set_phase(s, phase);
    xf_sweep_set_tokens(s, tokens);
    xf_sweep_set_head(s, head);
    for (int i = 0; i < n_dims && err.code == XF_OK; i++)
        xf_sweep_add(s, dims[i][0], dims[i][1], &err);
    if (err.code == XF_OK)
        xf_sweep_prepare(s, &err);
    if (err.code != XF_OK) {
        xf_sweep_spec_free(s);
        return xf_cli_fail(CMD, &err);
    }
    long long total = xf_sweep_total(s);
    if (dry) {
        long long mine = total;
        if (shard_n > 1)
            mine = total > shard_k - 1 ? (total - shard_k) / shard_n + 1 : 0;
        printf("%lld points", total);
        if (shard_n > 1)
            printf(" (shard %d/%d: %lld)", shard_k, shard_n, mine);
        printf("\nspec: %s\n", xf_sweep_spec_text(s));
        xf_sweep_spec_free(s);
        return XF_EXIT_OK;
    }
    /* The database: --db FILE, else XFORMER_DB, else the default. A file the command line
     * did not name is always reported, so that a sweep never writes one unseen. */
    int named = db_path != NULL;
    const char *db_opt = "--db ";
    if (!db_path && (db_path = xf_cli_db_env()) != NULL)
        db_opt = "XFORMER_DB=";
    if (db_path && xf_cli_db_check(CMD, db_opt, db_path, &err) != XF_OK) {
        xf_sweep_spec_free(s);
        return xf_cli_fail(CMD, &err);
    }
    xf_db *db = NULL;
    if (xf_db_open(db_path, XF_DB_CREATE, &db, &err) != XF_OK) {
        xf_sweep_spec_free(s);
        return xf_cli_fail(CMD, &err);
    }
    if (!quiet || !named)
        fprintf(stderr, "xformer sweep: results database %s\n", xf_db_path(db));
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C kills at once (the file stays intact) */
    struct sigaction old_int, old_term;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    progress_ctx pc = {isatty(STDERR_FILENO), quiet, 10.0, 0};
    xf_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.threads = (int)jobs;
    o.shard_k = shard_k;
    o.shard_n = shard_n;
    o.breakdowns = breakdowns;
    o.batch_rows = batch_rows;
    o.progress = progress;
    o.ctx = &pc;
    o.progress_interval = pc.tty ? 0.2 : 1.0;
    o.stop = &sweep_signal;
    xf_sweep_stats st;
    int rc = xf_sweep_run(s, db, &o, &st, &err);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    const char *path = xf_db_path(db);
    int code = XF_EXIT_OK;
    if (rc != XF_OK) {
        code = xf_cli_fail(CMD, &err);
    } else if (st.interrupted) {
        char line[4096];
        resume_line(line, sizeof line, argc, argv);
        int sig = (int)sweep_signal;
        fprintf(stderr,
                "xformer: sweep: sweep %lld interrupted by %s: %lld of %lld points stored in %s; "
                "resume with: %s\n",
                st.sweep_id, sig == SIGTERM ? "SIGTERM" : "SIGINT", st.skipped + st.committed,
                st.todo, path, line);
        code = 128 + (sig ? sig : SIGINT);
    } else {
        if (!quiet)
            printf("sweep %lld: %lld points in %s: %lld stored, %lld already there, %lld "
                   "skipped (stored before), %lld failed; %.2f s, %.0f points/s\n",
                   st.sweep_id, st.todo, path, st.stored, st.existed, st.skipped, st.failed,
                   st.elapsed, st.elapsed > 0 ? (double)st.evaluated / st.elapsed : 0.0);
        if (verbose)
            fprintf(stderr, "xformer sweep: CPU time: storing %.3f s, %d workers %.3f s\n",
                    st.writer_cpu, jobs > 0 ? (int)jobs : (int)sysconf(_SC_NPROCESSORS_ONLN),
                    st.worker_cpu);
        if (st.failed > 0) {
            fprintf(stderr,
                    "xformer: sweep %lld: %lld points failed and were not stored; first: "
                    "%s\n",
                    st.sweep_id, st.failed, st.first_error);
            code = XF_EXIT_USAGE;
        }
    }
    if (fflush(stdout) != 0 && code == XF_EXIT_OK) {
        fprintf(stderr, "xformer: sweep: cannot write the output\n");
        code = XF_EXIT_RUNTIME;
    }
    xf_db_close(db);
    xf_sweep_spec_free(s);
    return code;
}
