/* test_engine.c - the CLIPS adapter: loading, asserting, running, reading back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "engine.h"

#define RULES "tests/unit/rules/"

static dc_engine *loaded(const char *file)
{
    dc_engine *e = dc_engine_new();
    assert_non_null(e);
    assert_int_equal(dc_engine_load_file(e, RULES "tiny.clp"), DC_OK);
    if (file) (void)dc_engine_load_file(e, file);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    return e;
}

static void assert_deal(dc_engine *e, const char *json)
{
    json_t *slots = json_loads(json, 0, NULL);
    assert_non_null(slots);
    assert_int_equal(dc_engine_assert(e, "deal", slots), DC_OK);
    json_decref(slots);
}

static void finds_and_explains(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    assert_deal(e, "{\"id\": \"d1\", \"size\": \"large\", \"amount\": 500, \"tags\": [\"vip\"]}");
    long fired = 0;
    assert_int_equal(dc_engine_run(e, 100, 0, &fired), DC_OK);
    assert_int_equal(fired, 2);
    json_t *findings = dc_engine_facts(e, "finding");
    assert_int_equal(json_array_size(findings), 2);
    json_t *big = json_array_get(findings, 0);
    assert_string_equal(json_string_value(json_object_get(big, "id")), "big");
    assert_string_equal(json_string_value(json_object_get(big, "_rule")), "big-deal");
    assert_string_equal(json_string_value(json_array_get(json_object_get(big, "because"), 0)), "amount = 500");
    const char *basis = json_string_value(json_array_get(json_object_get(big, "_basis"), 0));
    assert_non_null(strstr(basis, "(deal (id \"d1\")"));
    assert_string_equal(dc_engine_rule_comment(e, "big-deal"), "Deals over 100 are big.");
    json_decref(findings);
    dc_engine_free(e);
}

/* dc_engine_facts_lean + dc_engine_fact_basis give what dc_engine_facts
 * gives, with the hooks' fast path and their plain path alike. */
static void lean_facts_render_the_same_basis_on_request(void **state)
{
    (void)state;
    for (unsigned plain = 0; plain <= DC_ENGINE_PLAIN_HOOKS; plain += DC_ENGINE_PLAIN_HOOKS) {
        dc_engine *e = loaded(NULL);
        dc_engine_set_plain(e, plain);
        for (int deal = 0; deal < 3; deal++) {
            assert_int_equal(dc_engine_reset(e), DC_OK);
            assert_deal(e, "{\"id\": \"d1\", \"amount\": 500, \"tags\": [\"vip\"]}");
            assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_OK);
            json_t *full = dc_engine_facts(e, "finding"), *lean = dc_engine_facts_lean(e, "finding");
            assert_int_equal(json_array_size(full), 2);
            assert_int_equal(json_array_size(lean), 2);
            for (size_t i = 0; i < 2; i++) {
                json_t *f = json_array_get(full, i), *l = json_array_get(lean, i);
                assert_null(json_object_get(l, "_basis"));
                json_t *basis = dc_engine_fact_basis(e, json_integer_value(json_object_get(l, "_fact")));
                assert_true(json_equal(basis, json_object_get(f, "_basis")));
                assert_int_equal(json_array_size(basis), 1);
                json_object_del(l, "_fact");
                json_object_del(f, "_basis");
                assert_true(json_equal(f, l));
                json_decref(basis);
            }
            /* A fact from C has no basis. */
            json_t *deals = dc_engine_facts_lean(e, "deal"), *none;
            none = dc_engine_fact_basis(e, json_integer_value(json_object_get(json_array_get(deals, 0), "_fact")));
            assert_int_equal(json_array_size(none), 0);
            assert_true(json_is_null(json_object_get(json_array_get(deals, 0), "_rule")));
            json_decref(none);
            json_decref(deals);
            json_decref(full);
            json_decref(lean);
        }
        dc_engine_free(e);
    }
}

/* The notes of the last run, in order, as one string "a|b|c". */
static char *notes_text(dc_engine *e, char *buf, size_t size)
{
    json_t *notes = dc_engine_facts(e, "note");
    size_t i, used = 0;
    json_t *n;
    buf[0] = '\0';
    json_array_foreach(notes, i, n) {
        json_t *basis = json_object_get(n, "_basis");
        char *b = json_dumps(basis, JSON_COMPACT);
        used += (size_t)snprintf(buf + used, size - used, "%s%s %s", i ? "|" : "",
                                 json_string_value(json_object_get(n, "text")), b ? b : "?");
        free(b);
        if (used >= size) break;
    }
    json_decref(notes);
    return buf;
}

/* Per-deal retraction gives what a full reset gives, deal after deal: the
 * rules that fire on the deffacts alone fire again, a deal that changes a
 * reference fact is followed by a full reset, and the plain path always
 * resets in full. */
static void retracting_the_deal_is_a_reset(void **state)
{
    (void)state;
    static const char *const deals[] = {
        "{\"id\": \"a\", \"amount\": 500}", "{\"id\": \"b\", \"amount\": 5000}",
        "{\"id\": \"c\", \"amount\": 500, \"tags\": [\"raise\"]}", "{\"id\": \"d\", \"amount\": 500}",
        "{\"id\": \"e\", \"amount\": 2}", "{\"id\": \"f\", \"amount\": 500}"};
    size_t n = sizeof deals / sizeof *deals;
    char seen[2][6][2048];
    unsigned long full[2], retracted[2];
    for (int plain = 0; plain < 2; plain++) {
        dc_engine *e = loaded(RULES "reference.clp");
        dc_engine_set_plain(e, plain ? DC_ENGINE_PLAIN_RESET : 0);
        for (size_t d = 0; d < n; d++) {
            assert_int_equal(dc_engine_reset(e), DC_OK);
            assert_deal(e, deals[d]);
            assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_OK);
            notes_text(e, seen[plain][d], sizeof seen[plain][d]);
        }
        dc_engine_reset_counts(e, &full[plain], &retracted[plain]);
        dc_engine_free(e);
    }
    for (size_t d = 0; d < n; d++) assert_string_equal(seen[0][d], seen[1][d]);
    /* The rules on the deffacts alone fired for every deal. */
    assert_non_null(strstr(seen[0][n - 1], "limit tiny"));
    assert_non_null(strstr(seen[0][n - 1], "over big"));
    /* The deal after the one that raised a limit sees the deffacts' value. */
    assert_null(strstr(seen[0][2], "over big"));
    assert_non_null(strstr(seen[0][3], "over big"));
    /* Full: the first reset in loaded(), the first deal's, and the one
     * after the deal that changed a reference fact; the rest retracted. */
    assert_int_equal(full[1], n + 1);
    assert_int_equal(retracted[1], 0);
    assert_int_equal(full[0], 3);
    assert_int_equal(retracted[0], n - 2);
}

/* The reference facts read back (dc_engine_facts_lean) are converted once
 * and given again while they stand; a deal whose rule changes one gets the
 * change, the next deal the deffacts' value again: the same as converting
 * them every time (DC_ENGINE_PLAIN_REFERENCE). */
static void reference_facts_are_read_once_while_they_stand(void **state)
{
    (void)state;
    static const char *const deals[] = {"{\"id\": \"a\", \"amount\": 500}", "{\"id\": \"b\", \"amount\": 5}",
                                        "{\"id\": \"c\", \"amount\": 500, \"tags\": [\"raise\"]}",
                                        "{\"id\": \"d\", \"amount\": 500}"};
    enum { N = sizeof deals / sizeof *deals };
    char seen[2][N][512];
    int shared[2];
    for (int plain = 0; plain < 2; plain++) {
        dc_engine *e = loaded(RULES "reference.clp");
        dc_engine_set_plain(e, plain ? DC_ENGINE_PLAIN_REFERENCE : 0);
        json_t *first = NULL;
        shared[plain] = 0;
        for (size_t d = 0; d < N; d++) {
            assert_int_equal(dc_engine_reset(e), DC_OK);
            assert_deal(e, deals[d]);
            assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_OK);
            json_t *limits = dc_engine_facts_lean(e, "limit");
            assert_non_null(limits);
            char *text = json_dumps(limits, JSON_COMPACT | JSON_SORT_KEYS);
            snprintf(seen[plain][d], sizeof seen[plain][d], "%s", text);
            free(text);
            if (d == 0) first = json_incref(json_array_get(limits, 0));
            if (d == 1 && json_array_get(limits, 0) == first) shared[plain] = 1;
            json_decref(limits);
        }
        json_decref(first);
        dc_engine_free(e);
    }
    for (size_t d = 0; d < N; d++) assert_string_equal(seen[0][d], seen[1][d]);
    assert_non_null(strstr(seen[0][2], "5000"));
    assert_null(strstr(seen[0][3], "5000"));
    assert_int_equal(shared[0], 1); /* read once: deal b got deal a's objects */
    assert_int_equal(shared[1], 0);
}

/* A run that does not settle, or new rules, make the next reset a full one. */
static void a_run_that_did_not_settle_is_followed_by_a_full_reset(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "loop.clp");
    unsigned long full, retracted;
    assert_deal(e, "{\"id\": \"x\"}");
    assert_int_equal(dc_engine_run(e, 50, 0, NULL), DC_ELIMIT);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    dc_engine_reset_counts(e, &full, &retracted);
    assert_int_equal(retracted, 0);
    assert_int_equal(dc_engine_run(e, 50, 0, NULL), DC_OK); /* nothing to fire */
    assert_int_equal(dc_engine_reset(e), DC_OK);
    dc_engine_reset_counts(e, &full, &retracted);
    assert_int_equal(retracted, 1);
    assert_int_equal(dc_engine_load_file(e, RULES "reference.clp"), DC_OK);
    assert_int_equal(dc_engine_run(e, 50, 0, NULL), DC_OK);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    dc_engine_reset_counts(e, &full, &retracted);
    assert_int_equal(retracted, 1);
    dc_engine_free(e);
}

/* dc_engine_slot_allows says what dc_engine_allowed_symbols lists. */
static void a_slot_allows_what_it_lists(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    assert_int_equal(dc_engine_slot_allows(e, "deal", "size", "large"), DC_SLOT_ALLOWS);
    assert_int_equal(dc_engine_slot_allows(e, "deal", "size", "huge"), DC_SLOT_REFUSES);
    assert_int_equal(dc_engine_slot_allows(e, "deal", "tags", "vip"), DC_SLOT_ANY);
    assert_int_equal(dc_engine_slot_allows(e, "deal", "nope", "x"), DC_SLOT_NONE);
    assert_int_equal(dc_engine_slot_allows(e, "nope", "size", "x"), DC_SLOT_NONE);
    json_t *listed = dc_engine_allowed_symbols(e, "deal", "size");
    size_t i;
    json_t *s;
    json_array_foreach(listed, i, s)
        assert_int_equal(dc_engine_slot_allows(e, "deal", "size", json_string_value(s)), DC_SLOT_ALLOWS);
    json_decref(listed);
    dc_engine_free(e);
}

static void reset_serves_many_deals(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    for (int i = 0; i < 50; i++) {
        assert_int_equal(dc_engine_reset(e), DC_OK);
        assert_deal(e, i % 2 ? "{\"id\": \"a\", \"amount\": 5}" : "{\"id\": \"b\", \"amount\": 500}");
        assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_OK);
        json_t *findings = dc_engine_facts(e, "finding");
        assert_int_equal(json_array_size(findings), i % 2 ? 0 : 1);
        json_decref(findings);
    }
    dc_engine_free(e);
}

static void checks_values_against_the_template(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    json_t *bad = json_pack("{ssss}", "id", "x", "size", "huge");
    assert_int_equal(dc_engine_assert(e, "deal", bad), DC_EINPUT);
    assert_non_null(strstr(dc_engine_message(e), "deal.size: unknown value \"huge\""));
    json_decref(bad);

    bad = json_pack("{ssss}", "id", "x", "colour", "red");
    assert_int_equal(dc_engine_assert(e, "deal", bad), DC_ENOTFOUND);
    assert_non_null(strstr(dc_engine_message(e), "no slot colour"));
    json_decref(bad);

    bad = json_pack("{sss[s]}", "id", "x", "tags", "has space");
    assert_int_equal(dc_engine_assert(e, "deal", bad), DC_EINPUT);
    json_decref(bad);

    bad = json_pack("{ss}", "id", "x");
    assert_int_equal(dc_engine_assert(e, "no-such-template", bad), DC_ENOTFOUND);
    json_decref(bad);

    json_t *allowed = dc_engine_allowed_symbols(e, "deal", "size");
    assert_int_equal(json_array_size(allowed), 3);
    json_decref(allowed);
    dc_engine_free(e);
}

static void syntax_error_names_file_and_line(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    /* The unbalanced rule starts on line 4; CLIPS notices at line 5. */
    assert_int_equal(dc_engine_load_file(e, RULES "syntax-error.clp"), DC_ERULES);
    assert_non_null(strstr(dc_engine_message(e), RULES "syntax-error.clp:5:"));
    assert_non_null(strstr(dc_engine_message(e), "parenthesis"));
    assert_int_equal(dc_engine_problem_count(e), 1);
    dc_engine_free(e);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    dc_engine *e = dc_engine_new();
    assert_int_equal(dc_engine_load_file(e, RULES "nope.clp"), DC_EIO);
    assert_non_null(strstr(dc_engine_message(e), "nope.clp: cannot read"));
    assert_int_equal(dc_engine_load_dir(e, RULES "no-dir"), DC_EIO);
    dc_engine_free(e);
}

static void exit_in_a_rule_does_not_load(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    assert_int_equal(dc_engine_load_file(e, RULES "exit.clp"), DC_ERULES);
    assert_non_null(strstr(dc_engine_message(e), "not allowed"));
    /* And the process is still here to say so. */
    dc_engine_free(e);
}

static void a_looping_rule_hits_the_firing_limit(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "loop.clp");
    assert_deal(e, "{\"id\": \"x\"}");
    long fired = 0;
    assert_int_equal(dc_engine_run(e, 500, 0, &fired), DC_ELIMIT);
    assert_int_equal(fired, 500);
    assert_non_null(strstr(dc_engine_message(e), "count-forever"));
    /* The handle is still usable after a reset. */
    assert_int_equal(dc_engine_reset(e), DC_OK);
    dc_engine_free(e);
}

static void a_loop_inside_one_rule_hits_the_time_limit(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "spin.clp");
    assert_deal(e, "{\"id\": \"x\"}");
    assert_int_equal(dc_engine_run(e, 1000, 0.3, NULL), DC_ELIMIT);
    assert_non_null(strstr(dc_engine_message(e), "spin-inside-one-rule"));
    assert_int_equal(dc_engine_reset(e), DC_OK);
    assert_deal(e, "{\"id\": \"y\", \"amount\": 1}");
    dc_engine_free(e);
}

static void a_runtime_error_is_reported_and_recovered(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "runtime-error.clp");
    assert_deal(e, "{\"id\": \"x\"}");
    assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_ERUNTIME);
    assert_non_null(strstr(dc_engine_message(e), "divide"));
    assert_int_equal(dc_engine_reset(e), DC_OK);
    assert_deal(e, "{\"id\": \"y\", \"amount\": 1000}");
    /* The failing rule fires again, but the engine runs again. */
    assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_ERUNTIME);
    dc_engine_free(e);
}

static void load_dir_goes_in_name_order(void **state)
{
    (void)state;
    dc_engine *e = dc_engine_new();
    assert_int_equal(dc_engine_load_dir(e, "rules"), DC_OK);
    json_t *names = dc_engine_rule_names(e);
    assert_true(json_array_size(names) > 5);
    assert_string_equal(json_string_value(json_array_get(names, 0)), "size-unknown");
    json_decref(names);
    dc_engine_free(e);
}

static void a_failing_test_is_reported_when_asserting(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "lhs-error.clp");
    json_t *slots = json_pack("{ss}", "id", "x");
    assert_int_equal(dc_engine_assert(e, "deal", slots), DC_ERUNTIME);
    assert_non_null(strstr(dc_engine_message(e), "compares-a-string"));
    /* Flags are cleared: the engine goes on. */
    assert_int_equal(dc_engine_reset(e), DC_OK);
    json_decref(slots);
    dc_engine_free(e);
}

static void a_test_that_never_returns_hits_the_time_limit(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "lhs-spin.clp");
    dc_engine_set_time_limit(e, 0.3);
    json_t *slots = json_pack("{ss}", "id", "x");
    assert_int_equal(dc_engine_assert(e, "deal", slots), DC_ELIMIT);
    assert_non_null(strstr(dc_engine_message(e), "asserting a deal fact"));
    json_decref(slots);
    dc_engine_free(e);
}

static void nesting_too_deep_is_refused_with_its_line(void **state)
{
    (void)state;
    FILE *f = fopen(RULES "too-deep.clp", "w");
    assert_non_null(f);
    fputs("; Nesting deeper than the parser may go (written by test_engine).\n", f);
    fputs("(defrule deep (deal) =>\n (bind ?x ", f);
    for (int i = 0; i < 5000; i++) fputs("(+ 1 ", f);
    for (int i = 0; i < 5000; i++) fputc(')', f);
    fputs("))\n", f);
    fclose(f);
    dc_engine *e = dc_engine_new();
    assert_int_equal(dc_engine_load_file(e, RULES "too-deep.clp"), DC_ERULES);
    assert_non_null(strstr(dc_engine_message(e), "too-deep.clp:3: parentheses nested deeper"));
    dc_engine_free(e);
}

static void printed_chatter_does_not_hide_the_error(void **state)
{
    (void)state;
    dc_engine *e = loaded(RULES "chatty-failure.clp");
    assert_deal(e, "{\"id\": \"x\"}");
    assert_int_equal(dc_engine_run(e, 100, 0, NULL), DC_ERUNTIME);
    assert_null(strstr(dc_engine_message(e), "chatter"));
    assert_non_null(strstr(dc_engine_message(e), "ARGACCES"));
    dc_engine_free(e);
}

static void rules_cannot_read_stdin_or_change_the_engine(void **state)
{
    (void)state;
    dc_engine *e = loaded(NULL);
    assert_int_equal(dc_engine_load_file(e, RULES "forbidden.clp"), DC_ERULES);
    assert_non_null(strstr(dc_engine_message(e), "read-number"));
    assert_int_equal(dc_engine_load_file(e, RULES "undefines.clp"), DC_ERULES);
    assert_non_null(strstr(dc_engine_message(e), "undefrule"));
    dc_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_and_explains),
        cmocka_unit_test(lean_facts_render_the_same_basis_on_request),
        cmocka_unit_test(reset_serves_many_deals),
        cmocka_unit_test(retracting_the_deal_is_a_reset),
        cmocka_unit_test(a_slot_allows_what_it_lists),
        cmocka_unit_test(a_run_that_did_not_settle_is_followed_by_a_full_reset),
        cmocka_unit_test(checks_values_against_the_template),
        cmocka_unit_test(syntax_error_names_file_and_line),
        cmocka_unit_test(missing_file_is_an_io_error),
        cmocka_unit_test(exit_in_a_rule_does_not_load),
        cmocka_unit_test(a_looping_rule_hits_the_firing_limit),
        cmocka_unit_test(a_loop_inside_one_rule_hits_the_time_limit),
        cmocka_unit_test(a_runtime_error_is_reported_and_recovered),
        cmocka_unit_test(load_dir_goes_in_name_order),
        cmocka_unit_test(reference_facts_are_read_once_while_they_stand),
        cmocka_unit_test(a_failing_test_is_reported_when_asserting),
        cmocka_unit_test(a_test_that_never_returns_hits_the_time_limit),
        cmocka_unit_test(nesting_too_deep_is_refused_with_its_line),
        cmocka_unit_test(printed_chatter_does_not_hide_the_error),
        cmocka_unit_test(rules_cannot_read_stdin_or_change_the_engine),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
