/* test_train_scoring.c - the scoring table of docs/training.md, on advice
 * written by hand: every row gives its points and its reading, whatever
 * the shipped playbook recommends today. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "train/scenario_int.h"

/* The advice the moves are judged on: do_now, actions, tactics, findings. */
static json_t *advice(void)
{
    json_t *a = json_loads(
        "{\"stage\": {\"evidenced\": \"intent\", \"procurement\": {\"id\": \"design\"}},"
        " \"concern\": \"doubt\","
        " \"lifecycle\": {\"risk\": \"high\"},"
        " \"opportunity\": {\"grade\": \"B\", \"opening\": \"problem\"},"
        " \"do_now\": [\"review-shared-goals\", \"executive-visit\", \"develop-coach\"],"
        " \"actions\": [{\"id\": \"review-shared-goals\", \"priority\": 1},"
        "              {\"id\": \"executive-visit\", \"priority\": 2},"
        "              {\"id\": \"develop-coach\", \"priority\": 3},"
        "              {\"id\": \"send-follow-up-letter\", \"priority\": 4}],"
        " \"tactics\": [\"condition-exchange\", \"avoid-argument\", \"deadline\", \"market-strategy\"],"
        " \"findings\": [{\"id\": \"no-price-cut-for-doubt\", \"text\": \"Do not cut the price.\"}]}",
        0, NULL);
    assert_non_null(a);
    return a;
}

static tr_option option(tr_map map, const char *id, const char *against)
{
    tr_option o;
    memset(&o, 0, sizeof o);
    o.key = (char *)"a";
    o.map = map;
    o.id = (char *)id;
    o.against = against ? json_pack("[s]", against) : NULL;
    o.next = -1;
    return o;
}

/* Points and reading of one option alone on a step of `kind`. */
static int points_of(tr_kind kind, tr_option o, json_t *adv, json_t *after, const char **reading)
{
    tr_step st;
    memset(&st, 0, sizeof st);
    st.kind = kind;
    st.options = &o;
    st.n_options = 1;
    int p = tr_score(&st, 0, adv, after, reading);
    json_decref(o.against);
    return p;
}

static void moves(void **state)
{
    (void)state;
    json_t *a = advice();
    const char *r;
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "review-shared-goals", NULL), a, NULL, &r), 10);
    assert_string_equal(r, "train.reading.do-now-first");
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "develop-coach", NULL), a, NULL, &r), 7);
    assert_string_equal(r, "train.reading.do-now");
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "send-follow-up-letter", NULL), a, NULL, &r), 4);
    assert_string_equal(r, "train.reading.recommended");
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "meet-decision-maker", NULL), a, NULL, &r), 0);
    assert_string_equal(r, "train.reading.not-recommended");
    /* a warning the playbook raises wins over anything else */
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "review-shared-goals", "no-price-cut-for-doubt"),
                               a, NULL, &r), -5);
    assert_string_equal(r, "train.reading.warned");
    assert_int_equal(points_of(TR_MOVE, option(TR_AGAINST, NULL, "conceding-without-return"), a, NULL, &r), 0);
    /* ... also when it is raised only after the move */
    json_t *after = json_loads("{\"findings\": [{\"id\": \"conceding-without-return\"}]}", 0, NULL);
    assert_int_equal(points_of(TR_MOVE, option(TR_AGAINST, NULL, "conceding-without-return"), a, after, &r), -5);
    json_decref(after);
    json_decref(a);
}

static void tactics(void **state)
{
    (void)state;
    json_t *a = advice();
    const char *r;
    assert_int_equal(points_of(TR_MOVE, option(TR_TACTIC, "condition-exchange", NULL), a, NULL, &r), 10);
    assert_string_equal(r, "train.reading.tactic-first");
    assert_int_equal(points_of(TR_MOVE, option(TR_TACTIC, "deadline", NULL), a, NULL, &r), 7);
    assert_int_equal(points_of(TR_MOVE, option(TR_TACTIC, "market-strategy", NULL), a, NULL, &r), 4);
    assert_string_equal(r, "train.reading.tactic-listed");
    assert_int_equal(points_of(TR_MOVE, option(TR_TACTIC, "good-cop-bad-cop", NULL), a, NULL, &r), 0);
    json_object_del(a, "tactics");
    assert_int_equal(points_of(TR_MOVE, option(TR_TACTIC, "condition-exchange", NULL), a, NULL, &r), 0);
    assert_string_equal(r, "train.reading.no-tactics");
    json_decref(a);
}

static void no_do_now_falls_back_to_the_first_three(void **state)
{
    (void)state;
    json_t *a = advice();
    const char *r;
    json_object_set_new(a, "do_now", json_pack("[s]", "executive-visit"));
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "executive-visit", NULL), a, NULL, &r), 10);
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "review-shared-goals", NULL), a, NULL, &r), 4);
    json_object_del(a, "do_now");
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "review-shared-goals", NULL), a, NULL, &r), 10);
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "develop-coach", NULL), a, NULL, &r), 7);
    assert_int_equal(points_of(TR_MOVE, option(TR_ACTION, "send-follow-up-letter", NULL), a, NULL, &r), 4);
    json_decref(a);
}

static void diagnoses(void **state)
{
    (void)state;
    json_t *a = advice();
    const char *r;
    static const struct { tr_kind kind; const char *right, *wrong; } cases[] = {
        {TR_STAGE, "intent", "negotiation"}, {TR_CONCERN, "doubt", "objection"},
        {TR_GRADE, "B", "A"}, {TR_RISK, "high", "normal"}, {TR_OPENING, "problem", "normal"},
        {TR_PROCUREMENT, "design", "commit"}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(points_of(cases[i].kind, option(TR_ANSWER, cases[i].right, NULL), a, NULL, &r), 10);
        assert_string_equal(r, "train.reading.match");
        assert_int_equal(points_of(cases[i].kind, option(TR_ANSWER, cases[i].wrong, NULL), a, NULL, &r), 0);
        assert_string_equal(r, "train.reading.wrong");
    }
    json_object_del(a, "opportunity");
    assert_int_equal(points_of(TR_GRADE, option(TR_ANSWER, "B", NULL), a, NULL, &r), 0);
    assert_string_equal(r, "train.reading.no-conclusion");
    json_decref(a);
}

static void pinned_steps(void **state)
{
    (void)state;
    json_t *a = advice();
    const char *r;
    tr_option opts[2] = {option(TR_ACTION, "meet-decision-maker", NULL),
                         option(TR_ACTION, "review-shared-goals", NULL)};
    opts[1].key = (char *)"b";
    tr_step st;
    memset(&st, 0, sizeof st);
    st.kind = TR_MOVE;
    st.options = opts;
    st.n_options = 2;
    st.expect = json_pack("[s]", "a");
    assert_int_equal(tr_score(&st, 0, a, NULL, &r), 10); /* the trainer's answer, not the playbook's */
    assert_string_equal(r, "train.reading.pinned-match");
    assert_int_equal(tr_score(&st, 1, a, NULL, &r), 0);
    assert_string_equal(r, "train.reading.pinned-wrong");
    json_decref(st.expect);
    json_decref(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(moves),
        cmocka_unit_test(tactics),
        cmocka_unit_test(no_do_now_falls_back_to_the_first_three),
        cmocka_unit_test(diagnoses),
        cmocka_unit_test(pinned_steps),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
