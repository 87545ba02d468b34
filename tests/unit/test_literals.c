/* test_literals.c - the literals a pattern cannot match without
 * (kb/literals.h): sets where they are sure, none where they are not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "literals.h"

/* The set of `pattern` joined by spaces in sorted order, or "-" for none. */
static const char *set_of(const char *pattern)
{
    static char out[1024];
    char **set;
    size_t count;
    int rc = dc_literals_of(pattern, &set, &count);
    assert_true(rc >= 0);
    if (rc == 0) return "-";
    for (size_t i = 1; i < count; i++) /* insertion sort: a stable text */
        for (size_t j = i; j > 0 && strcmp(set[j - 1], set[j]) > 0; j--) {
            char *t = set[j];
            set[j] = set[j - 1];
            set[j - 1] = t;
        }
    out[0] = '\0';
    for (size_t i = 0; i < count; i++) {
        strcat(out, i ? " " : "");
        strcat(out, set[i]);
    }
    dc_literals_free(set, count);
    return out;
}

static void runs_alternatives_and_the_best_item(void **state)
{
    (void)state;
    assert_string_equal(set_of("拿竞争对手的报价压"), "拿竞争对手的报价压");
    assert_string_equal(set_of("(怕|担心)(丢单|输掉)"), "丢单 输掉"); /* longer wins */
    assert_string_equal(set_of("价格.{0,6}太高"), "价格"); /* both needed: one is enough to ask */
    assert_string_equal(set_of("太高|偏高"), "偏高 太高");
    assert_string_equal(set_of("(太|过于)?(心急|着急)"), "心急 着急");
    assert_string_equal(set_of("Price\\b.{0,10}TOO high"), "too high");
    assert_string_equal(set_of("\\bsign(ed)?\\b"), "sign");
    assert_string_equal(set_of("ab\\bcd"), "abcd"); /* zero width joins */
    assert_string_equal(set_of("ab+c"), "ab");
    assert_string_equal(set_of("20\\.5%"), "20.5%");
    assert_string_equal(set_of("(?:价格|报价)(?=太)"), "价格 报价");
    assert_string_equal(set_of("(?<who>老板|总经理)说"), "总经理 老板");
}

static void none_where_unsure(void **state)
{
    (void)state;
    assert_string_equal(set_of("(了)?"), "-");           /* may match nothing */
    assert_string_equal(set_of("a|.{0,3}"), "-");       /* a branch needs nothing */
    assert_string_equal(set_of("[价钱]格?"), "-");        /* classes give nothing */
    assert_string_equal(set_of("(?i)price"), "-");      /* inline options */
    assert_string_equal(set_of("(a)\\1"), "-");          /* back references */
    assert_string_equal(set_of("\\x{4ef7}格"), "-");     /* escapes not read */
    assert_string_equal(set_of("straße"), "stra");       /* ß has case: not in a literal */
    assert_string_equal(set_of("ß"), "-");
    assert_string_equal(set_of("(价格"), "-");           /* unbalanced */
    assert_string_equal(set_of("价格)"), "-");
    assert_string_equal(set_of(""), "-");
    char big[DC_LITERALS_MAX * 8 + 8] = "";
    for (int i = 0; i <= DC_LITERALS_MAX; i++) sprintf(big + strlen(big), "%sw%02d", i ? "|" : "", i);
    assert_string_equal(set_of(big), "-"); /* too many to be worth it */
}

static void fold_lowercases_and_reads_kelvin_and_long_s(void **state)
{
    (void)state;
    size_t len;
    char *f = dc_literals_fold("PRICE \xE2\x84\xAA\xC5\xBF 价格", strlen("PRICE \xE2\x84\xAA\xC5\xBF 价格"), &len);
    assert_non_null(f);
    assert_string_equal(f, "price ks 价格");
    assert_int_equal(len, strlen("price ks 价格"));
    free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_alternatives_and_the_best_item),
        cmocka_unit_test(none_where_unsure),
        cmocka_unit_test(fold_lowercases_and_reads_kelvin_and_long_s),
    };
    return cmocka_run_group_tests_name("literals", tests, NULL, NULL);
}
