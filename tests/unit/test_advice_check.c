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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(do_now_holds),
        cmocka_unit_test(do_now_broken),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
