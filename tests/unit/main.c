/* Runs every CUnit suite registered with XF_SUITE(name). Optional argument: a suite name. */
#include "xf_test.h"

#include <CUnit/Basic.h>
#include <stdio.h>
#include <string.h>

#define XF_SUITE_ENTRY(n) extern const xf_test_case xf_suite_##n[];
#include "suites.inc"
#undef XF_SUITE_ENTRY

static const struct {
    const char *name;
    const xf_test_case *cases;
} suites[] = {
#define XF_SUITE_ENTRY(n) {#n, xf_suite_##n},
#include "suites.inc"
#undef XF_SUITE_ENTRY
};

int main(int argc, char **argv)
{
    const char *only = argc > 1 ? argv[1] : NULL;
    if (CU_initialize_registry() != CUE_SUCCESS)
        return 1;
    for (size_t s = 0; s < sizeof suites / sizeof suites[0]; s++) {
        if (only && strcmp(only, suites[s].name) != 0)
            continue;
        CU_pSuite suite = CU_add_suite(suites[s].name, NULL, NULL);
        if (!suite)
            return 1;
        for (const xf_test_case *c = suites[s].cases; c->name; c++)
            if (!CU_add_test(suite, c->name, c->fn))
                return 1;
    }
    CU_basic_set_mode(CU_BRM_NORMAL);
    CU_basic_run_tests();
    unsigned failed = CU_get_number_of_failures() + CU_get_number_of_tests_failed();
    unsigned run = CU_get_number_of_tests_run();
    CU_cleanup_registry();
    if (run == 0) {
        fprintf(stderr, "no test ran\n");
        return 1;
    }
    return failed ? 1 : 0;
}
