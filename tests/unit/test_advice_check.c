/* test_advice_check.c - the properties `dealcoach test` checks on every
 * advice: each one holds on a good advice and is caught when broken. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "advice_check.h"
#include "report.h"

/* Check the advice given as JSON text; `want` 1 = holds, else the message
 * must contain `because`. */
static void expect(const char *text, int want, const char *because)
{
    json_error_t err;
    json_t *advice = json_loads(text, 0, &err);
    assert_non_null(advice);
    dc_buf why = DC_BUF_INIT;
    int ok = dc_advice_check(advice, &why);
    char *message = dc_buf_take(&why);
    if (ok != want) fail_msg("%s: got %d (%s)", text, ok, message ? message : "");
    if (!want) assert_non_null(strstr(message, because));
    free(message);
    json_decref(advice);
}

static void do_now_holds(void **state)
{
    (void)state;
    expect("{\"actions\": [{\"id\": \"a\"}, {\"id\": \"b\"}], \"do_now\": [\"b\", \"a\"]}", 1, NULL);
    expect("{\"actions\": [], \"findings\": []}", 1, NULL);
}

static void do_now_broken(void **state)
{
    (void)state;
    expect("{\"actions\": [{\"id\": \"a\"}]}", 0, "do_now is missing");
    expect("{\"actions\": [{\"id\": \"a\"}], \"do_now\": [\"z\"]}", 0, "not an action: z");
    expect("{\"actions\": [{\"id\": \"a\"}], \"do_now\": [\"a\", \"a\"]}", 0, "twice: a");
    expect("{\"actions\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}, {\"id\": \"d\"}],"
           " \"do_now\": [\"a\", \"b\", \"c\", \"d\"]}", 0, "more than three");
}

static void tactics_hold(void **state)
{
    (void)state;
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"concern\": \"none\","
           " \"tactics\": [\"avoid-argument\", \"condition-exchange\"], \"findings\": [], \"actions\": []}", 1, NULL);
    expect("{\"stage\": {\"evidenced\": \"intent\"}, \"findings\": [], \"actions\": []}", 1, NULL);
}

static void tactics_broken(void **state)
{
    (void)state;
    expect("{\"stage\": {\"evidenced\": \"intent\"}, \"tactics\": [\"avoid-argument\"]}", 0,
           "evidenced stage is: intent");
    expect("{\"stage\": {\"evidenced\": \"lost\"}, \"tactics\": [\"avoid-argument\"]}", 0,
           "evidenced stage is: lost");
    expect("{\"stage\": {\"evidenced\": \"approval\"}, \"concern\": \"objection\","
           " \"tactics\": [\"avoid-argument\"]}", 0, "on an objection");
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"findings\": [{\"id\": \"key-node-skipped\"}],"
           " \"tactics\": [\"avoid-argument\"]}", 0, "key node is skipped");
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"tactics\": [\"a\", \"b\", \"c\", \"d\"]}", 0,
           "more than three tactics");
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"findings\": [{\"id\": \"negotiating-before-value\"}],"
           " \"tactics\": [\"retreat-to-advance\"]}", 0, "before value is shown: retreat-to-advance");
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"findings\": [{\"id\": \"no-agreement-zone\"}],"
           " \"tactics\": [\"condition-exchange\"]}", 0, "without a known agreement zone: condition-exchange");
    expect("{\"stage\": {\"evidenced\": \"negotiation\"}, \"tactics\": [\"concede-less-give-more\"],"
           " \"actions\": [{\"id\": \"check-agreement-zone\", \"about\": [\"customer-target-unknown\"]}],"
           " \"do_now\": []}", 0, "without a known agreement zone: concede-less-give-more");
}

/* The report opens with the diagnosis and exactly the do_now actions. */
static void report_opening(void **state)
{
    (void)state;
    dc_catalog *cat = dc_catalog_new();
    json_error_t err;
    json_t *advice = json_loads("{\"deal\": \"x\", \"evaluated_on\": \"2026-11-22\","
        " \"stage\": {\"evidenced\": \"intent\", \"win_probability\": 20}, \"concern\": \"none\","
        " \"findings\": [{\"id\": \"f\", \"severity\": \"high\", \"text\": \"F\", \"because\": []}],"
        " \"actions\": [{\"id\": \"a\", \"text\": \"A\", \"because\": [\"x = 1\"]},"
        " {\"id\": \"b\", \"text\": \"B\", \"because\": []}], \"do_now\": [\"b\"], \"warnings\": []}", 0, &err);
    assert_non_null(advice);
    char *text = dc_report_render(cat, "en", advice, NULL, 0);
    assert_non_null(text);
    assert_int_equal(dc_report_opening_ok(cat, "en", advice, text), 1);
    assert_non_null(strstr(text, "\n 1. B"));
    /* Another do_now than the one shown, or no diagnosis line: caught. */
    json_object_set_new(advice, "do_now", json_pack("[ss]", "b", "a"));
    assert_int_equal(dc_report_opening_ok(cat, "en", advice, text), 0);
    assert_int_equal(dc_report_opening_ok(cat, "en", advice, "Deal x\nStage: intent\n"), 0);
    free(text);
    json_decref(advice);
    dc_catalog_free(cat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(do_now_holds),
        cmocka_unit_test(do_now_broken),
        cmocka_unit_test(tactics_hold),
        cmocka_unit_test(tactics_broken),
        cmocka_unit_test(report_opening),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
