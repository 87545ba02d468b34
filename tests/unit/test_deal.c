/* test_deal.c - reading and checking deals (spec §1, §5), dates, facts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "date.h"
#include "deal.h"
#include "facts.h"

static dc_engine *schema(void)
{
    dc_engine *e = dc_engine_new();
    assert_int_equal(dc_engine_load_dir(e, "rules"), DC_OK);
    return e;
}

/* Check `json`; returns the status and leaves errors/warnings in the lists. */
static int check(dc_engine *e, const char *json, json_t *errors, json_t *warnings, json_t **deal)
{
    json_t *input = NULL;
    int rc = dc_deal_parse("t.json", json, strlen(json), &input, errors);
    if (rc == DC_OK) rc = dc_deal_check(e, "t.json", input, deal, errors, warnings);
    json_decref(input);
    return rc;
}

static void dates_are_strict(void **state)
{
    (void)state;
    long d;
    assert_true(dc_date_parse("2026-11-22", &d));
    long next;
    assert_true(dc_date_parse("2026-11-23", &next));
    assert_int_equal(next - d, 1);
    assert_true(dc_date_parse("2024-02-29", &d));
    assert_false(dc_date_parse("2026-02-29", &d));
    assert_false(dc_date_parse("2026-13-01", &d));
    assert_false(dc_date_parse("2026-1-01", &d));
    assert_false(dc_date_parse("26-11-22", &d));
    assert_false(dc_date_parse("2026-11-22x", &d));
    assert_false(dc_date_parse("", &d));
    assert_false(dc_date_parse(NULL, &d));
    long a, b;
    assert_true(dc_date_parse("1970-01-01", &a));
    assert_int_equal(a, 0);
    assert_true(dc_date_parse("2027-01-01", &b));
    assert_true(dc_date_parse("2026-01-01", &a));
    assert_int_equal(b - a, 365);
}

static void the_spec_example_is_accepted_whole(void **state)
{
    (void)state;
    dc_engine *e = schema();
    json_t *errors = json_array(), *warnings = json_array(), *deal = NULL, *input = NULL;
    assert_int_equal(dc_deal_read_file("examples/acme-mes.json", &input, errors), DC_OK);
    assert_int_equal(dc_deal_check(e, "acme", input, &deal, errors, warnings), DC_OK);
    assert_int_equal(json_array_size(warnings), 0);
    assert_true(json_equal(deal, input)); /* every field kept as it was */
    json_decref(input);
    json_decref(deal);
    json_decref(errors);
    json_decref(warnings);
    dc_engine_free(e);
}

static void every_error_is_listed(void **state)
{
    (void)state;
    dc_engine *e = schema();
    json_t *errors = json_array(), *warnings = json_array(), *deal = NULL;
    assert_int_equal(check(e, "{\"id\": \"x\", \"size\": \"huge\", \"amount\": -1, "
                              "\"expected_close\": \"soon\", \"extra\": 1}",
                           errors, warnings, &deal), DC_EINPUT);
    assert_null(deal);
    assert_int_equal(json_array_size(errors), 3);
    assert_true(has_message(errors, "t.json: size: unknown value \"huge\""));
    assert_true(has_message(errors, "t.json: amount: must not be negative, got -1"));
    assert_true(has_message(errors, "t.json: expected_close: expected a date YYYY-MM-DD, got \"soon\""));
    assert_true(has_message(warnings, "t.json: extra: unknown field, ignored"));
    json_decref(errors);
    json_decref(warnings);
    dc_engine_free(e);
}

static void unparseable_input_is_refused(void **state)
{
    (void)state;
    json_t *errors = json_array(), *input = NULL;
    assert_int_equal(dc_deal_parse("f", "", 0, &input, errors), DC_EINPUT);
    assert_int_equal(dc_deal_parse("f", "  \n", 3, &input, errors), DC_EINPUT);
    assert_int_equal(dc_deal_parse("f", "\xff\xfe\x00\x01", 4, &input, errors), DC_EINPUT);
    assert_int_equal(dc_deal_parse("f", "{\"id\": \"\xc3\x28\"}", 11, &input, errors), DC_EINPUT);
    assert_int_equal(dc_deal_parse("f", "42", 2, &input, errors), DC_EINPUT);
    assert_null(input);
    assert_int_equal(json_array_size(errors), 5);
    assert_true(has_message(errors, "f: empty file"));
    assert_int_equal(dc_deal_read_file("tests/unit/no-such-file.json", &input, errors), DC_EIO);
    assert_true(has_message(errors, "no-such-file.json: cannot read"));
    json_decref(errors);
}

static void one_field_at_a_time(void **state)
{
    (void)state;
    dc_engine *e = schema();
    json_t *errors = json_array();
    json_t *v = json_string("government");
    assert_int_equal(dc_deal_check_field(e, "size", v, errors), DC_OK);
    json_decref(v);
    v = json_string("maybe");
    assert_int_equal(dc_deal_check_field(e, "evaluation.preferred", v, errors), DC_EINPUT);
    json_decref(v);
    v = json_true();
    assert_int_equal(dc_deal_check_field(e, "opportunity.answers.can-win", v, errors), DC_OK);
    assert_int_equal(dc_deal_check_field(e, "nothing.here", v, errors), DC_ENOTFOUND);
    json_decref(v);
    json_t *paths = dc_deal_field_paths();
    assert_true(json_array_size(paths) > 30);
    json_decref(paths);
    json_decref(errors);
    dc_engine_free(e);
}

static void facts_reach_the_rules(void **state)
{
    (void)state;
    dc_engine *e = schema();
    json_t *errors = json_array(), *warnings = json_array(), *deal = NULL;
    assert_int_equal(check(e, "{\"id\": \"x\", \"size\": \"sme\", \"expected_close\": \"2026-12-22\","
                              "\"people\": [{\"name\": \"李明\", \"met\": false, \"influence\": 4}],"
                              "\"account\": {\"last_purchase\": \"2026-11-01\"},"
                              "\"negotiation\": {\"preconditions\": []}}",
                           errors, warnings, &deal), DC_OK);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    assert_int_equal(dc_facts_assert_deal(e, NULL, deal, "2026-11-22", warnings), DC_OK);

    json_t *facts = dc_engine_facts(e, "deal");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(facts, 0), "days_to_close")), 30);
    json_decref(facts);
    facts = dc_engine_facts(e, "person");
    json_t *p = json_array_get(facts, 0);
    assert_string_equal(json_string_value(json_object_get(p, "name")), "李明");
    assert_string_equal(json_string_value(json_object_get(p, "met")), "no");
    assert_string_equal(json_string_value(json_object_get(p, "attitude")), "unknown");
    assert_string_equal(json_string_value(json_object_get(p, "above_budget_line")), "unknown");
    json_decref(facts);
    facts = dc_engine_facts(e, "account");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(facts, 0), "days_since_purchase")), 21);
    json_decref(facts);
    facts = dc_engine_facts(e, "negotiation");
    assert_string_equal(json_string_value(json_object_get(json_array_get(facts, 0), "preconditions_known")), "yes");
    json_decref(facts);
    facts = dc_engine_facts(e, "evaluation"); /* always there, all unknown */
    assert_string_equal(json_string_value(json_object_get(json_array_get(facts, 0), "preferred")), "unknown");
    json_decref(facts);
    json_decref(deal);
    json_decref(errors);
    json_decref(warnings);
    dc_engine_free(e);
}

static void messages_stay_valid_utf8(void **state)
{
    (void)state;
    dc_engine *e = schema();
    json_t *errors = json_array(), *warnings = json_array(), *input = NULL, *deal = NULL;
    const char *text = "{\"id\": \"x\", \"size\": \"huge\"}";
    assert_int_equal(dc_deal_parse("bad\xff.json", text, strlen(text), &input, errors), DC_OK);
    /* A file name that is not UTF-8 must not make the message vanish. */
    assert_int_equal(dc_deal_check(e, "bad\xff.json", input, &deal, errors, warnings), DC_EINPUT);
    assert_int_equal(json_array_size(errors), 1);
    assert_true(has_message(errors, "bad?.json: size: unknown value"));
    json_decref(input);
    json_decref(errors);
    json_decref(warnings);
    dc_engine_free(e);
}

static void deal_ids_are_slugs(void **state)
{
    static const char *const good[] = {"acme-mes", "ACME_2027", "a.b", "006Dn00000AbCdE",
                                       "华为-一期", "商机.2027", "Müller-AG", "9lives", NULL};
    static const char *const bad[][2] = {
        {"bad id", "a space is not allowed"},
        {"Bad/Id", "'/' is not allowed"},
        {"", "it is empty"},
        {"-x", "it must start with a letter or a digit"},
        {".hidden", "it must start with a letter or a digit"},
        {"a\tb", "a control character is not allowed"},
        {"a\xc3\x28", "it is not valid UTF-8"},
        {"a，b", "'，' is not allowed"},
        {"tab:", "':' is not allowed"},
        {NULL, NULL}};
    char why[DC_DEAL_ID_WHY], long_id[260];
    (void)state;
    for (int i = 0; good[i]; i++)
        if (dc_deal_id_problem(good[i], why)) fail_msg("'%s' refused: %s", good[i], why);
    for (int i = 0; bad[i][0]; i++) {
        const char *got = dc_deal_id_problem(bad[i][0], why);
        if (!got || strcmp(got, bad[i][1]) != 0)
            fail_msg("'%s': got %s, expected %s", bad[i][0], got ? got : "(accepted)", bad[i][1]);
    }
    memset(long_id, 'a', 201);
    long_id[201] = '\0';
    assert_string_equal(dc_deal_id_problem(long_id, why), "it is longer than 200 bytes");
    long_id[200] = '\0';
    assert_null(dc_deal_id_problem(long_id, why));

    dc_engine *e = schema();
    json_t *errors = json_array(), *warnings = json_array(), *deal = NULL;
    assert_int_equal(check(e, "{\"id\": \"Bad/Id\"}", errors, warnings, &deal), DC_EINPUT);
    assert_true(has_message(errors, "t.json: id: \"Bad/Id\" is not a deal id: '/' is not allowed"));
    json_decref(errors);
    json_decref(warnings);
    dc_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dates_are_strict),
        cmocka_unit_test(the_spec_example_is_accepted_whole),
        cmocka_unit_test(every_error_is_listed),
        cmocka_unit_test(unparseable_input_is_refused),
        cmocka_unit_test(one_field_at_a_time),
        cmocka_unit_test(facts_reach_the_rules),
        cmocka_unit_test(messages_stay_valid_utf8),
        cmocka_unit_test(deal_ids_are_slugs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
