/* test_coach.c - the coach's interview questions (dc_coach_questions). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coach.h"
#include "strbuf.h"

/* A coach with only `rules` loaded, reset and run. */
static dc_coach *coach_run(const char *rules)
{
    dc_coach *c = dc_coach_new();
    assert_non_null(c);
    dc_engine *e = dc_coach_engine(c);
    if (rules) assert_int_equal(dc_engine_load_file(e, rules), DC_OK);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    assert_int_equal(dc_engine_run(e, 1000, 0, NULL), DC_OK);
    return c;
}

/* The ids of the questions asked, in order, space-separated (malloc'd). */
static char *asked(dc_coach *c)
{
    json_t *questions = dc_coach_questions(c), *q;
    assert_non_null(questions);
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_array_foreach(questions, i, q)
        dc_buf_printf(&b, "%s%s", i ? " " : "", json_string_value(json_object_get(q, "id")));
    json_decref(questions);
    return dc_buf_take(&b);
}

static void ordered_by_rank_ties_as_asked_no_repeats(void **state)
{
    (void)state;
    dc_coach *c = coach_run("tests/unit/rules/questions.clp");
    char *ids = asked(c);
    assert_string_equal(ids, "ask-a ask-c ask-b-one ask-b-two");
    free(ids);
    dc_coach_free(c);
}

static void value_present_only_when_set(void **state)
{
    (void)state;
    dc_coach *c = coach_run("tests/unit/rules/questions.clp");
    json_t *questions = dc_coach_questions(c);
    assert_null(json_object_get(json_array_get(questions, 0), "value"));
    assert_string_equal(json_string_value(json_object_get(json_array_get(questions, 2), "value")), "one");
    assert_string_equal(json_string_value(json_object_get(json_array_get(questions, 2), "field")), "b");
    json_decref(questions);
    dc_coach_free(c);
}

static void no_question_template_no_questions(void **state)
{
    (void)state;
    dc_coach *c = coach_run(NULL);
    char *ids = asked(c);
    assert_string_equal(ids, "");
    free(ids);
    dc_coach_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ordered_by_rank_ties_as_asked_no_repeats),
        cmocka_unit_test(value_present_only_when_set),
        cmocka_unit_test(no_question_template_no_questions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
