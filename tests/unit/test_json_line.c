/* test_json_line.c - dc_json_line writes the bytes json_dumps writes
 * (kb/batch/json_line.h), on every kind of value and every byte a string
 * can hold. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "batch/json_line.h"

/* Both forms: compact, and spaced as json_dumps writes without
 * JSON_COMPACT. */
static void same_as_jansson(json_t *v)
{
    for (int compact = 0; compact < 2; compact++) {
        char *want = json_dumps(v, (compact ? JSON_COMPACT : 0) | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        assert_non_null(want);
        dc_buf b = DC_BUF_INIT;
        assert_int_equal(compact ? dc_json_line(&b, v) : dc_json_line_spaced(&b, v), 0);
        char *got = dc_buf_take(&b);
        assert_string_equal(got, want);
        free(got);
        free(want);
    }
    json_decref(v);
}

static void scalars(void **state)
{
    (void)state;
    same_as_jansson(json_true());
    same_as_jansson(json_false());
    same_as_jansson(json_null());
    same_as_jansson(json_integer(0));
    same_as_jansson(json_integer(-9223372036854775807LL - 1));
    same_as_jansson(json_integer(9223372036854775807LL));
    same_as_jansson(json_real(1.0));
    same_as_jansson(json_real(0.1));
    same_as_jansson(json_real(-1e300));
    same_as_jansson(json_real(12345678.9));
}

static void every_byte_of_a_string(void **state)
{
    (void)state;
    char all[128];
    for (int i = 0; i < 128; i++) all[i] = (char)i; /* NUL and every control character too */
    same_as_jansson(json_stringn(all, sizeof all));
    same_as_jansson(json_string("\xe4\xb8\xad\xe6\x96\x87 caf\xc3\xa9 \xf0\x9f\x98\x80 a/b"));
    same_as_jansson(json_string(""));
}

static void nesting_and_member_order(void **state)
{
    (void)state;
    json_t *v = json_pack("{s:[], s:{}, s:[i, s, {s:n}], s:{s:b, s:f}}", "zeta", "alpha", "mid", 1,
                          "two", "k\"ey\n", "last", "b", 1, "a", 2.5);
    assert_non_null(v);
    json_object_set_new(v, "\t\x01key", json_string("v"));
    same_as_jansson(v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scalars),
        cmocka_unit_test(every_byte_of_a_string),
        cmocka_unit_test(nesting_and_member_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
