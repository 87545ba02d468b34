/* test_json_read.c - dc_json_read gives what json_loadb gives (kb/json_read.h):
 * the same value, or NULL with the same error, on deals and on every text
 * the two parsers could read differently; and the fast path does read
 * ordinary deals. tests/fuzz/fuzz_json_read.c tries the same on texts
 * libFuzzer makes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "same_json.h"

/* With and without JSON_REJECT_DUPLICATES; returns whether the fast path
 * read it (without the flag). */
static int same_both_ways(const char *text, size_t len)
{
    int fast, fast_rejecting;
    assert_true(dc_same_json(text, len, JSON_REJECT_DUPLICATES, &fast_rejecting));
    assert_true(dc_same_json(text, len, 0, &fast));
    return fast;
}

static int same(const char *text)
{
    return same_both_ways(text, strlen(text));
}

static void deals_and_shapes_on_the_fast_path(void **state)
{
    (void)state;
    const char *texts[] = {
        "{\"id\":\"acme\",\"amount\":1200000,\"p\":0.5,\"people\":[{\"name\":\"\xe7\x8e\x8b\xe6\x80\xbb\",\"met\":true,"
        "\"x\":null}],\"notes\":[\"\xe5\xae\xa2\xe6\x88\xb7\xe8\xaf\xb4\xe5\xa4\xaa\xe8\xb4\xb5\"],\"e\":{},\"l\":[]}",
        "[]", "{}", " \n\t{ \"a\" : [ 1 , 2 ] } \r\n",
        "{\"b\":1,\"a\":2,\"c\":{\"z\":1,\"y\":2}}", /* member order */
        "{\"\":\"empty key\"}",
        "{\"a\\\"b\":\"c\\\"d\",\"e\\\\f\":[\"g\\nh\",\"\\/\\b\\f\\r\\t\"]}", /* escaped keys, then escaped values */
        "{\"k\\\\u\":\"a backslash before a u is no escape\"}",
        "[0, -0, 1.0, 1E2, -1.5e+3, 0.1, 9223372036854775807, -9223372036854775808, 1e-400, true, false, null]",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        if (!same(texts[i])) fail_msg("not read by the fast path: %s", texts[i]);
    }
}

static void top_level_and_garbage(void **state)
{
    (void)state;
    const char *texts[] = {"1", "\"s\"", "null", "true", "", " ", "{} x", "{}{}", "[1,]", "{\"a\":1,}",
                           "{\"a\"}", "{\"a\":}", "[", "{", "]", "/* c */ {}", "{} // c", "{'a':1}",
                           "[NaN]", "[Infinity]", "{}\"", "{}\"}", "[1]\"a", "{} 1", "{}t", "\xef\xbb\xbf{}", "[1 2]", "{\"a\" 1}", "[tru]", "[nul]"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) same(texts[i]);
}

static void duplicate_keys(void **state)
{
    (void)state;
    same("{\"a\":1,\"b\":2,\"a\":3}");
    same("{\"a\":{\"x\":1,\"x\":2}}");
    assert_true(same("[{\"a\":1},{\"a\":1}]")); /* the same key in two objects is no duplicate */
}

static void numbers(void **state)
{
    (void)state;
    const char *texts[] = {"[9223372036854775808]", "[-9223372036854775809]", "[1e400]", "[-1e400]", "[01]",
                           "[-01]", "[1.]", "[.5]", "[+1]", "[-]", "[1e]", "[0x10]", "[1.5e308]",
                           "[123456789.123456789]",
                           "[1111111111111111111111111111111111111111111111111111111111111111.5]",
                           "[0.000000000000000000000000000000000000000000000000000000000000000001]"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) same(texts[i]);
}

static void escapes_and_encodings(void **state)
{
    (void)state;
    const char *texts[] = {"[\"\\u00e9\"]", "[\"\\ud83d\\ude00\"]", "[\"\\ud800\"]", "[\"\\udc00x\"]",
                           "[\"\\u0000\"]", "{\"\\u0000\":1}", "[\"\\x41\"]", "[\"\\\"]",
                           "[\"\xc0\x80\"]", "[\"\xed\xa0\x80\"]", "[\"\xf5\x80\x80\x80\"]", "[\"\xe4\xb8\"]",
                           "[\"\xff\"]", "{\"\xc3\x28\":1}", "[\"\xe0\x80\xaf\"]", "[\"\xf0\x82\x82\xac\"]",
                           "[\"\xf4\x90\x80\x80\"]", "[\"\xef\xbf\xbf\xf0\x9f\x98\x80\"]", "[\"\xc2\"]", "[\"a\tb\"]", "[\"a\nb\"]", "[\"a\rb\"]"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) same(texts[i]);
    same_both_ways("[\"a\0b\"]", 7); /* a NUL byte in a string */
    same_both_ways("[1]\0", 4);      /* and after the value */
    same("{\"a\":\v1}");           /* white space to yajl, not to jansson */
    same("[1,\f2]");
}

static void deep_and_long(void **state)
{
    (void)state;
    static char text[5000];
    for (int depth = 60; depth <= 2100; depth += 1020) { /* below and above the builder's 64; above jansson's 2048 */
        size_t n = 0;
        for (int i = 0; i < depth; i++) text[n++] = '[';
        for (int i = 0; i < depth; i++) text[n++] = ']';
        same_both_ways(text, n);
    }
    size_t n = 0;
    text[n++] = '{', text[n++] = '"';
    for (int i = 0; i < 300; i++) text[n++] = 'k'; /* a key longer than the builder keeps */
    memcpy(text + n, "\":1}", 4);
    same_both_ways(text, n + 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(deals_and_shapes_on_the_fast_path),
        cmocka_unit_test(top_level_and_garbage),
        cmocka_unit_test(duplicate_keys),
        cmocka_unit_test(numbers),
        cmocka_unit_test(escapes_and_encodings),
        cmocka_unit_test(deep_and_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
