/* test_exitcodes.c - combining the exit codes of several files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../cli/exitcodes.h"

/* Both orders give `want`. */
static void combine(int a, int b, int want)
{
    assert_int_equal(dc_exit_most_severe(a, b), want);
    assert_int_equal(dc_exit_most_severe(b, a), want);
}

static void most_severe_whatever_the_order(void **state)
{
    (void)state;
    combine(DC_EXIT_RUN, DC_EXIT_INTERNAL, DC_EXIT_RUN);
    combine(DC_EXIT_RUN, DC_EXIT_INPUT, DC_EXIT_RUN);
    combine(DC_EXIT_INTERNAL, DC_EXIT_INPUT, DC_EXIT_INTERNAL);
    combine(DC_EXIT_INPUT, DC_EXIT_OK, DC_EXIT_INPUT);
    combine(DC_EXIT_OK, DC_EXIT_OK, DC_EXIT_OK);
}

static void every_order_of_four_files(void **state)
{
    (void)state;
    static const int codes[4] = {DC_EXIT_OK, DC_EXIT_INPUT, DC_EXIT_INTERNAL, DC_EXIT_RUN};
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++)
            for (int k = 0; k < 4; k++) {
                int worst = i > j ? i : j; /* codes[] is in rising severity */
                worst = worst > k ? worst : k;
                int code = dc_exit_most_severe(dc_exit_most_severe(codes[i], codes[j]), codes[k]);
                assert_int_equal(code, codes[worst]);
            }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(most_severe_whatever_the_order),
        cmocka_unit_test(every_order_of_four_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
