/* test_amount.c - money and percentages as reps write them (kb/amount.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "amount.h"

/* The first amount in `text`: its value, or -1 when there is none. */
static double amount(const char *text, const char **currency)
{
    dc_amount a;
    if (!dc_amount_find(text, strlen(text), 0, &a)) return -1;
    if (currency) *currency = a.currency;
    return a.value;
}

static double percent(const char *text)
{
    dc_percent p;
    return dc_percent_find(text, strlen(text), 0, &p) ? p.value : -1;
}

static void amounts_in_chinese(void **state)
{
    (void)state;
    const char *cur = NULL;
    assert_true(amount("新预算80万", NULL) == 800000);
    assert_true(amount("預算砍到300萬", NULL) == 3000000);
    assert_true(amount("预算1.2亿", NULL) == 120000000);
    assert_true(amount("预算改成了两百万", NULL) == 2000000);
    assert_true(amount("一千二百万", NULL) == 12000000);
    assert_true(amount("八十万元", &cur) == 800000);
    assert_string_equal(cur, "CNY");
    assert_true(amount("预算80w", NULL) == 800000);
}

static void amounts_in_english(void **state)
{
    (void)state;
    const char *cur = NULL;
    assert_true(amount("budget was cut to 1.2M", NULL) == 1200000);
    assert_true(amount("Budget is now $800k", &cur) == 800000);
    assert_string_equal(cur, "USD");
    assert_true(amount("budget of 1,200,000", &cur) == 1200000);
    assert_string_equal(cur, "");
    assert_true(amount("RMB 600k", &cur) == 600000);
    assert_string_equal(cur, "CNY");
    assert_true(amount("2 million dollars", &cur) == 2000000);
    assert_string_equal(cur, "USD");
}

static void not_amounts(void **state)
{
    (void)state;
    assert_true(amount("cut by 30%", NULL) < 0);
    assert_true(amount("2027年的预算", NULL) < 0);
    assert_true(amount("budget for 2027", NULL) < 0);
    assert_true(amount("3 months", NULL) < 0);
    assert_true(amount("三个人", NULL) < 0);
    assert_true(amount("", NULL) < 0);
}

static void percentages(void **state)
{
    (void)state;
    assert_true(percent("budget cut by 30%") == 30);
    assert_true(percent("cut by 30 percent") == 30);
    assert_true(percent("预算砍了三成") == 30);
    assert_true(percent("百分之二十") == 20);
    assert_true(percent("再降五个点") == 5);
    assert_true(percent("砍了一半") == 50);
    assert_true(percent("减少30％") == 30);
    assert_true(percent("80万") < 0);
    assert_true(percent("150%") < 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(amounts_in_chinese),
        cmocka_unit_test(amounts_in_english),
        cmocka_unit_test(not_amounts),
        cmocka_unit_test(percentages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
