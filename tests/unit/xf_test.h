/* xf_test.h - CUnit glue. A test file defines its cases and registers a suite:
 *
 *     static void test_something(void) { CU_ASSERT_DOUBLE_EQUAL(x, 1.0, 1e-9); }
 *     XF_SUITE(my_module) = {{"something", test_something}, {NULL, NULL}};
 *
 * The Makefile collects every XF_SUITE(name) line; main.c runs them all.
 * Tests run from the repository root, so paths like "techlib/..." and "tests/fixtures/..." work.
 */
#ifndef XF_TEST_H
#define XF_TEST_H

#include "xf/eval.h"

#include <CUnit/CUnit.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *name;
    void (*fn)(void);
} xf_test_case;

#define XF_SUITE(name) const xf_test_case xf_suite_##name[]

/* Suites that write files keep them in one temporary directory: `dir` (a suite's own buffer,
 * "" at first) is created on first use as /tmp/xf-test-TAG-XXXXXX; buf gets dir/name.
 * xf_test_tmp_cleanup removes the files and the directory (a suite's last case). */
const char *xf_test_tmp_path(char *dir, size_t dir_len, const char *tag, const char *name,
                             char *buf, size_t n);
void xf_test_tmp_cleanup(char *dir);

/* One evaluated design point (heap block, free() it). */
typedef struct {
    xf_arch a;
    xf_workload w;
    xf_result r;
} xf_test_point;
/* Evaluate arch (name or file, with overrides) on a model at n tokens from the repository's
 * techlib/ and arch/; a failure fails the test. */
xf_test_point *xf_test_run(const char *arch, const char *const *sets, int n_sets, const char *model,
                           long long n);

/* Architecture arch (name or file) with overrides, built from techlib/ (heap block, free()
 * it); a failure fails the test. */
xf_arch *xf_test_arch(const char *arch, const char *const *sets, int n_sets);
/* Index of engine `name` of a's die (fails the test when there is none). */
int xf_test_engine(const xf_arch *a, const char *name);
/* Run op on engine `name` with sizing z and `passes` in the per-layer scratch (the engine's
 * run hook alone, as the scheduler calls it); the workload is the default at 8 bits. */
void xf_test_engine_run(const xf_arch *a, const char *name, const xf_engine_size *z, double passes,
                        const xf_op *op, xf_engine_out *out);
/* An op of `role` with m x k x n and `heads` (every other field 0). */
xf_op xf_test_op(const char *name, xf_op_role role, uint64_t m, uint64_t k, uint64_t n,
                 uint64_t heads);

/* Relative difference helper: |a - b| <= tol * |b|. */
#define XF_ASSERT_REL(a, b, tol)                                                                   \
    CU_ASSERT(fabs((double)(a) - (double)(b)) <= (tol)*fabs((double)(b)))

#endif
