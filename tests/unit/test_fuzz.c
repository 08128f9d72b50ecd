/* Fuzz regressions: every input saved under tests/fuzz/regressions/<harness>/ (each once made a
 * harness fail) and every seed of tests/fuzz/<harness>/ goes through the same harness code as
 * the libFuzzer build (tests/fuzz/fuzz_*.c, compiled here without libFuzzer), so `make test`
 * replays them with gcc and `make check-asan` with the sanitizers. */
#include "xf_test.h"

#include "../fuzz/fuzz_cfg.c"
#include "../fuzz/fuzz_model.c"
#include "../fuzz/fuzz_range.c"
#include "../fuzz/fuzz_set.c"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef int (*harness_fn)(const uint8_t *, size_t);

static uint8_t *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    uint8_t *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + len, 1, cap - len, f)) > 0;) {
        len += got;
        if (len == cap) {
            uint8_t *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            }
            buf = b;
        }
    }
    fclose(f);
    *n = len;
    return buf;
}

/* Run every regular file of dir through fn; returns the number of files run. */
static int replay(const char *dir, harness_fn fn)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (e->d_name[0] == '.' || stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t len = 0;
        uint8_t *data = read_all(path, &len);
        CU_ASSERT_PTR_NOT_NULL(data);
        if (!data)
            continue;
        int rc = fn(data, len);
        if (rc != 0) {
            fprintf(stderr, "\n  %s: harness failed", path);
            CU_FAIL("fuzz input");
        }
        free(data);
        n++;
    }
    closedir(d);
    return n;
}

static void run_harness(const char *name, harness_fn fn)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/regressions/%s", name);
    replay(dir, fn);
    snprintf(dir, sizeof dir, "tests/fuzz/%s", name);
    CU_ASSERT(replay(dir, fn) > 0); /* the seed corpus is there */
}

static void test_cfg(void)
{
    run_harness("cfg", xf_fuzz_cfg);
}

static void test_model(void)
{
    run_harness("model", xf_fuzz_model);
}

static void test_set(void)
{
    run_harness("set", xf_fuzz_set);
}

static void test_range(void)
{
    run_harness("range", xf_fuzz_range);
}

XF_SUITE(fuzz) = {{"cfg: regressions and seeds", test_cfg},
                  {"model: regressions and seeds", test_model},
                  {"set: regressions and seeds", test_set},
                  {"range: regressions and seeds", test_range},
                  {NULL, NULL}};
