/* test_deal_edit.c - editing a deal from what a rep typed (kb/deal_edit.h):
 * values parsed by the field's kind, checked against the schema, the deal
 * untouched on failure, and a one-line description of every change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "testutil.h"

#include "deal_edit.h"

static int setup(void **state)
{
    dc_engine *e = dc_engine_new();
    if (!e || dc_engine_load_file(e, "rules/00-schema.clp") != DC_OK) return -1;
    *state = e;
    return 0;
}

static int teardown(void **state)
{
    dc_engine_free(*state);
    return 0;
}

static json_t *deal_of(const char *json)
{
    json_t *deal = json_loads(json, 0, NULL);
    assert_non_null(deal);
    return deal;
}

static void assert_json(json_t *deal, const char *expected)
{
    json_t *want = json_loads(expected, 0, NULL);
    assert_non_null(want);
    if (!json_equal(deal, want)) {
        char *got = json_dumps(deal, JSON_COMPACT | JSON_SORT_KEYS);
        fail_msg("deal is %s, expected %s", got, expected);
    }
    json_decref(want);
}

/* A failing edit: its status, a message containing `text`, no description,
 * and the deal as it was. Uses the test's `deal`, `errors` and `what`. */
#define REFUSED(call, status, text)                                     \
    do {                                                                \
        char *before_ = json_dumps(deal, JSON_SORT_KEYS);               \
        json_array_clear(errors);                                       \
        what = NULL;                                                    \
        assert_int_equal((call), (status));                             \
        assert_null(what);                                              \
        assert_true(has_message(errors, text));                         \
        char *after_ = json_dumps(deal, JSON_SORT_KEYS);                \
        assert_string_equal(before_, after_);                           \
        free(before_);                                                  \
        free(after_);                                                   \
    } while (0)

static void words_for_yes_and_no(void **state)
{
    (void)state;
    assert_int_equal(dc_edit_yes_no("yes"), 1);
    assert_int_equal(dc_edit_yes_no("Y"), 1);
    assert_int_equal(dc_edit_yes_no("是"), 1);
    assert_int_equal(dc_edit_yes_no("no"), 0);
    assert_int_equal(dc_edit_yes_no("FALSE"), 0);
    assert_int_equal(dc_edit_yes_no("没有"), 0);
    assert_int_equal(dc_edit_yes_no("maybe"), -1);
    assert_int_equal(dc_edit_yes_no(""), -1);
}

static void kinds_come_from_the_checker(void **state)
{
    dc_engine *e = *state;
    assert_int_equal(dc_edit_field_kind(e, "size"), DC_FIELD_TEXT);
    assert_int_equal(dc_edit_field_kind(e, "amount"), DC_FIELD_NUMBER);
    assert_int_equal(dc_edit_field_kind(e, "criteria"), DC_FIELD_LIST);
    assert_int_equal(dc_edit_field_kind(e, "evaluation.solution_evaluated"), DC_FIELD_FLAG);
    assert_int_equal(dc_edit_field_kind(e, "opportunity.answers.can-win"), DC_FIELD_FLAG);
    assert_int_equal(dc_edit_field_kind(e, "nosuch"), DC_FIELD_NONE);
    assert_int_equal(dc_edit_entry_kind(e, "people", "roles"), DC_FIELD_LIST);
    assert_int_equal(dc_edit_entry_kind(e, "people", "influence"), DC_FIELD_NUMBER);
    assert_int_equal(dc_edit_entry_kind(e, "people", "met"), DC_FIELD_FLAG);
    assert_int_equal(dc_edit_entry_kind(e, "people", "colour"), DC_FIELD_NONE);
    assert_int_equal(dc_edit_entry_kind(e, "competitors", "leading"), DC_FIELD_FLAG);
}

static void symbols_come_from_the_schema(void **state)
{
    dc_engine *e = *state;
    json_t *sizes = dc_edit_field_symbols(e, "size");
    assert_int_equal(json_array_size(sizes), 3); /* sme large government, not unknown */
    assert_string_equal(json_string_value(json_array_get(sizes, 0)), "sme");
    json_decref(sizes);
    json_t *roles = dc_edit_field_symbols(e, "people.roles");
    assert_true(json_array_size(roles) >= 8);
    json_decref(roles);
    json_t *criteria = dc_edit_field_symbols(e, "criteria");
    assert_string_equal(json_string_value(json_array_get(criteria, 0)), "materials-allowed");
    json_decref(criteria);
    json_t *stages = dc_edit_field_symbols(e, "claimed_stage");
    assert_int_equal(json_array_size(stages), 8);
    json_decref(stages);
    json_t *names = dc_edit_field_symbols(e, "name");
    assert_int_equal(json_array_size(names), 0);
    json_decref(names);
}

static void set_parses_by_kind(void **state)
{
    dc_engine *e = *state;
    json_t *deal = deal_of("{\"id\": \"d\"}"), *errors = json_array();
    char *what;
    assert_int_equal(dc_edit_set(e, deal, "size", "large", errors, &what), DC_OK);
    assert_string_equal(what, "size = large");
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "size", "sme", errors, &what), DC_OK);
    assert_string_equal(what, "size = sme (was large)");
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "size", "sme", errors, &what), DC_OK);
    assert_null(what); /* nothing changed */
    assert_int_equal(dc_edit_set(e, deal, "amount", "120万", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "budget", "1,000,000", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "evaluation.solution_evaluated", "是", errors, &what), DC_OK);
    assert_string_equal(what, "evaluation.solution_evaluated = yes");
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "criteria", "initial-contact, visit-scheduled", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_set(e, deal, "name", "宝钢 MES 升级", errors, &what), DC_OK);
    assert_string_equal(what, "name = \"宝钢 MES 升级\"");
    free(what);
    assert_int_equal(json_array_size(errors), 0);
    assert_json(deal, "{\"id\": \"d\", \"size\": \"sme\", \"amount\": 1200000, \"budget\": 1000000,"
                      " \"evaluation\": {\"solution_evaluated\": true},"
                      " \"criteria\": [\"initial-contact\", \"visit-scheduled\"],"
                      " \"name\": \"宝钢 MES 升级\"}");
    json_decref(errors);
    json_decref(deal);
}

static void bad_values_change_nothing(void **state)
{
    dc_engine *e = *state;
    json_t *deal = deal_of("{\"id\": \"d\", \"size\": \"sme\"}"), *errors = json_array();
    char *what;
    REFUSED(dc_edit_set(e, deal, "size", "huge", errors, &what), DC_EINPUT, "size: unknown value \"huge\"");
    REFUSED(dc_edit_set(e, deal, "amount", "-5", errors, &what), DC_EINPUT, "amount: must not be negative");
    REFUSED(dc_edit_set(e, deal, "amount", "lots", errors, &what), DC_EINPUT, "amount: expected a number");
    REFUSED(dc_edit_set(e, deal, "expected_close", "2027-02-30", errors, &what), DC_EINPUT, "expected_close: expected a date");
    REFUSED(dc_edit_set(e, deal, "evaluation.needs_explored", "maybe", errors, &what), DC_EINPUT, "expected yes or no");
    REFUSED(dc_edit_set(e, deal, "criteria", "initial-contact bogus", errors, &what), DC_EINPUT, "unknown value \"bogus\"");
    REFUSED(dc_edit_set(e, deal, "nosuch", "1", errors, &what), DC_ENOTFOUND, "nosuch: no such field");
    REFUSED(dc_edit_set(e, deal, "id", "other", errors, &what), DC_EINPUT, "id:");
    REFUSED(dc_edit_unset(e, deal, "nosuch", errors, &what), DC_ENOTFOUND, "no such field");
    json_decref(errors);
    json_decref(deal);
}

static void unknown_forgets_a_field(void **state)
{
    dc_engine *e = *state;
    json_t *deal = deal_of("{\"id\": \"d\", \"size\": \"sme\", \"evaluation\": {\"preferred\": \"us\"}}");
    json_t *errors = json_array();
    char *what;
    assert_int_equal(dc_edit_set(e, deal, "size", "unknown", errors, &what), DC_OK);
    assert_string_equal(what, "size = unknown (was sme)");
    free(what);
    assert_int_equal(dc_edit_unset(e, deal, "evaluation.preferred", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_unset(e, deal, "evaluation.preferred", errors, &what), DC_OK);
    assert_null(what);
    assert_json(deal, "{\"id\": \"d\"}"); /* the emptied object goes too */
    /* Free text keeps the word. */
    assert_int_equal(dc_edit_set(e, deal, "name", "unknown", errors, &what), DC_OK);
    free(what);
    assert_json(deal, "{\"id\": \"d\", \"name\": \"unknown\"}");
    json_decref(errors);
    json_decref(deal);
}

static void list_items(void **state)
{
    dc_engine *e = *state;
    json_t *deal = deal_of("{\"id\": \"d\"}"), *errors = json_array();
    char *what;
    assert_int_equal(dc_edit_add_item(e, deal, "criteria", "formal-visit", errors, &what), DC_OK);
    assert_string_equal(what, "criteria + formal-visit");
    free(what);
    assert_int_equal(dc_edit_add_item(e, deal, "criteria", "formal-visit", errors, &what), DC_OK);
    assert_null(what);
    assert_int_equal(dc_edit_add_item(e, deal, "negotiation.preconditions", "solution-confirmed", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_add_item(e, deal, "notes", "客户说价格太高了", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_add_item(e, deal, "notes", "second note", errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_replace_at(e, deal, "notes", 1, "changed", errors, &what), DC_OK);
    assert_string_equal(what, "notes[2] = changed (was \"second note\")");
    free(what);
    assert_int_equal(dc_edit_remove_at(deal, "notes", 1, errors, &what), DC_OK);
    free(what);
    assert_int_equal(dc_edit_remove_item(deal, "criteria", "formal-visit", errors, &what), DC_OK);
    assert_string_equal(what, "criteria - formal-visit");
    free(what);
    assert_int_equal(json_array_size(errors), 0);
    assert_json(deal, "{\"id\": \"d\", \"criteria\": [],"
                      " \"negotiation\": {\"preconditions\": [\"solution-confirmed\"]},"
                      " \"notes\": [\"客户说价格太高了\"]}");
    REFUSED(dc_edit_add_item(e, deal, "criteria", "bogus", errors, &what), DC_EINPUT, "criteria: unknown value");
    REFUSED(dc_edit_add_item(e, deal, "size", "large", errors, &what), DC_EINPUT, "size: not a list");
    REFUSED(dc_edit_remove_item(deal, "signals", "price-pushback", errors, &what), DC_ENOTFOUND, "is not there");
    REFUSED(dc_edit_remove_at(deal, "notes", 5, errors, &what), DC_ENOTFOUND, "no item 6");
    json_decref(errors);
    json_decref(deal);
}

static void people_and_competitors(void **state)
{
    dc_engine *e = *state;
    json_t *deal = deal_of("{\"id\": \"d\"}"), *errors = json_array();
    char *what;
    dc_edit_attr zhang[] = {{"title", "COO"}, {"roles", "decision-maker,coach"}, {"met", "yes"}, {"influence", "5"}};
    assert_int_equal(dc_edit_entry_add(e, deal, "people", "Zhang Wei", zhang, 4, errors, &what), DC_OK);
    assert_string_equal(what, "people + \"Zhang Wei\" title=COO roles=decision-maker, coach met=yes influence=5");
    free(what);
    dc_edit_attr change[] = {{"met", "no"}, {"influence", ""}, {"attitude", "supporter"}};
    assert_int_equal(dc_edit_entry_set(e, deal, "people", "zhang wei", change, 3, errors, &what), DC_OK);
    assert_string_equal(what, "people \"Zhang Wei\": met = no (was yes), influence = unknown (was 5), attitude = supporter");
    free(what);
    assert_int_equal(dc_edit_entry_set(e, deal, "people", "Zhang Wei", change, 3, errors, &what), DC_OK);
    assert_null(what);
    /* The interview's "who is the user?": a new person, then a role more. */
    assert_int_equal(dc_edit_entry_add_item(e, deal, "people", "李娜", "roles", "user", errors, &what), DC_OK);
    assert_string_equal(what, "people + \"李娜\" roles=user");
    free(what);
    assert_int_equal(dc_edit_entry_add_item(e, deal, "people", "李娜", "roles", "technical-gatekeeper", errors, &what), DC_OK);
    assert_string_equal(what, "people \"李娜\": roles + technical-gatekeeper");
    free(what);
    dc_edit_attr leading[] = {{"leading", "否"}};
    assert_int_equal(dc_edit_entry_add(e, deal, "competitors", "Rival", leading, 1, errors, &what), DC_OK);
    free(what);
    assert_int_equal(json_array_size(errors), 0);
    assert_json(deal, "{\"id\": \"d\", \"people\": ["
                      "{\"name\": \"Zhang Wei\", \"title\": \"COO\", \"roles\": [\"decision-maker\", \"coach\"],"
                      " \"met\": false, \"attitude\": \"supporter\"},"
                      "{\"name\": \"李娜\", \"roles\": [\"user\", \"technical-gatekeeper\"]}],"
                      " \"competitors\": [{\"name\": \"Rival\", \"leading\": false}]}");

    dc_edit_attr bad_attitude[] = {{"attitude", "friendly"}}, bad_influence[] = {{"influence", "9"}};
    dc_edit_attr bad_key[] = {{"colour", "blue"}}, rename[] = {{"name", "李娜"}};
    REFUSED(dc_edit_entry_add(e, deal, "people", "ZHANG WEI", NULL, 0, errors, &what), DC_EINPUT, "already there");
    REFUSED(dc_edit_entry_add(e, deal, "people", "", NULL, 0, errors, &what), DC_EINPUT, "a name is needed");
    REFUSED(dc_edit_entry_add(e, deal, "people", "Wang", bad_attitude, 1, errors, &what), DC_EINPUT, "people.attitude: unknown value \"friendly\"");
    REFUSED(dc_edit_entry_set(e, deal, "people", "Zhang Wei", bad_influence, 1, errors, &what), DC_EINPUT, "people.influence: expected a whole number from 1 to 5");
    REFUSED(dc_edit_entry_set(e, deal, "people", "Zhang Wei", bad_key, 1, errors, &what), DC_ENOTFOUND, "no attribute \"colour\"");
    REFUSED(dc_edit_entry_set(e, deal, "people", "Zhang Wei", rename, 1, errors, &what), DC_EINPUT, "\"李娜\" is already there");
    REFUSED(dc_edit_entry_set(e, deal, "people", "Nobody", change, 1, errors, &what), DC_ENOTFOUND, "people: nothing called \"Nobody\"");
    REFUSED(dc_edit_entry_remove(deal, "people", "Nobody", errors, &what), DC_ENOTFOUND, "nothing called \"Nobody\"");
    REFUSED(dc_edit_entry_add(e, deal, "criteria", "x", NULL, 0, errors, &what), DC_ENOTFOUND, "not a list of people");

    assert_int_equal(dc_edit_entry_remove(deal, "people", "Zhang Wei", errors, &what), DC_OK);
    assert_string_equal(what, "people - \"Zhang Wei\"");
    free(what);
    assert_int_equal(json_array_size(json_object_get(deal, "people")), 1);
    json_decref(errors);
    json_decref(deal);
}

static void values_read_as_typed(void **state)
{
    (void)state;
    json_t *list = json_pack("[ss]", "a", "b"), *flag = json_true(), *text = json_string("two words");
    char *s = dc_edit_value_text(list);
    assert_string_equal(s, "a, b");
    free(s);
    s = dc_edit_value_text(flag);
    assert_string_equal(s, "yes");
    free(s);
    s = dc_edit_value_text(text);
    assert_string_equal(s, "\"two words\"");
    free(s);
    json_decref(list);
    json_decref(flag);
    json_decref(text);
    json_t *deal = json_pack("{s{ss}}", "evaluation", "preferred", "us");
    assert_string_equal(json_string_value(dc_edit_get(deal, "evaluation.preferred")), "us");
    assert_null(dc_edit_get(deal, "evaluation.nosuch"));
    assert_null(dc_edit_get(NULL, "size"));
    json_decref(deal);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_for_yes_and_no),
        cmocka_unit_test(kinds_come_from_the_checker),
        cmocka_unit_test(symbols_come_from_the_schema),
        cmocka_unit_test(set_parses_by_kind),
        cmocka_unit_test(bad_values_change_nothing),
        cmocka_unit_test(unknown_forgets_a_field),
        cmocka_unit_test(list_items),
        cmocka_unit_test(people_and_competitors),
        cmocka_unit_test(values_read_as_typed),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
