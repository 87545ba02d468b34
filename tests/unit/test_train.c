/* test_train.c - training scenarios: malformed files give FILE:LINE:COLUMN
 * messages and never crash; a good scenario plays and scores the same way
 * every time; runs are kept in the store. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "coach.h"
#include "store.h"
#include "train/train.h"
#include "testutil.h"

static dc_coach *coach;
static char dir[] = "/tmp/dc-train-XXXXXX";

static int setup(void **state)
{
    (void)state;
    dc_paths paths;
    if (!mkdtemp(dir) || dc_paths_find(&paths)) return -1;
    coach = dc_coach_new();
    json_t *warnings = json_array();
    int rc = coach ? dc_coach_load(coach, &paths, NULL, 0, warnings) : -1;
    dc_paths_free(&paths);
    json_decref(warnings);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    dc_coach_free(coach);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd);
}

/* Write `len` bytes to DIR/name; returns the path (static buffer). */
static const char *write_file(const char *name, const char *text, size_t len)
{
    static char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    fclose(f);
    return path;
}

/* Load `text` as a scenario; the errors (a new array; empty when it loads). */
static json_t *load_errors(const char *text, size_t len)
{
    const char *path = write_file("s.yaml", text, len);
    json_t *errors = json_array();
    dc_scenario *sc = NULL;
    int rc = dc_scenario_load(coach, path, &sc, errors);
    if (rc == DC_OK) {
        assert_non_null(sc);
        assert_int_equal(json_array_size(errors), 0);
    } else {
        assert_null(sc);
        assert_true(json_array_size(errors) > 0);
    }
    dc_scenario_free(sc);
    return errors;
}

/* Every message starts with DIR/s.yaml:LINE:COLUMN: */
static void assert_positions(json_t *errors)
{
    char prefix[256];
    snprintf(prefix, sizeof prefix, "%s/s.yaml:", dir);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        const char *m = json_string_value(e);
        unsigned line, col;
        char colon;
        assert_true(strncmp(m, prefix, strlen(prefix)) == 0);
        if (sscanf(m + strlen(prefix), "%u:%u%c", &line, &col, &colon) != 3 || colon != ':' || !line || !col)
            fail_msg("no LINE:COLUMN in: %s", m);
    }
}

/* The message containing `text` must be at LINE:COLUMN. */
static void assert_error_at(json_t *errors, unsigned line, unsigned col, const char *text)
{
    char want[64];
    snprintf(want, sizeof want, "s.yaml:%u:%u: ", line, col);
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        const char *m = json_string_value(e);
        if (strstr(m, text) && strstr(m, want)) return;
    }
    char *all = json_dumps(errors, JSON_INDENT(1));
    fail_msg("no error at %s containing '%s' in %s", want, text, all);
    free(all);
}

static const char good[] =
    "id: t\n"
    "title: {en: T, zh: T}\n"
    "briefing: {en: B, zh: B}\n"
    "today: 2026-11-22\n"
    "deal:\n"
    "  id: d\n"
    "  size: large\n"
    "  claimed_stage: negotiation\n"
    "  criteria: [initial-contact, visit-scheduled, formal-visit, need-clear]\n"
    "steps:\n"
    "  - step: 1\n"
    "    narrative: {en: N, zh: N}\n"
    "    ask:\n"
    "      kind: stage\n"
    "      question: {en: Q, zh: Q}\n"
    "      next: 2\n"
    "      options:\n"
    "        - {text: {en: neg, zh: neg}, answer: negotiation}\n"
    "        - {text: {en: int, zh: int}, answer: intent}\n"
    "  - step: 2\n"
    "    narrative: {en: N, zh: N}\n"
    "    reveal:\n"
    "      people:\n"
    "        - {name: Zhao, roles: [decision-maker], met: no, influence: 5}\n"
    "    ask:\n"
    "      kind: move\n"
    "      area: people\n"
    "      question: {en: Q, zh: Q}\n"
    "      options:\n"
    "        - {text: {en: a, zh: a}, action: meet-decision-maker, next: end}\n"
    "        - {text: {en: b, zh: b}, against: no-price-cut-for-doubt, next: end}\n";

static void good_scenario_loads(void **state)
{
    (void)state;
    json_t *errors = load_errors(good, strlen(good));
    assert_int_equal(json_array_size(errors), 0);
    json_decref(errors);
}

static void binary_garbage(void **state)
{
    (void)state;
    const char bytes[] = "\x00\xff\xfe\x01garbage\x80\x81\n\x1b[2J";
    json_t *errors = load_errors(bytes, sizeof bytes - 1);
    assert_positions(errors);
    json_decref(errors);
    /* every prefix of the good file, and random bytes: messages, never a crash */
    for (size_t n = 0; n < strlen(good); n += 7) {
        errors = load_errors(good, n);
        assert_positions(errors);
        json_decref(errors);
    }
    srand(7);
    char noise[512];
    for (int r = 0; r < 50; r++) {
        for (size_t i = 0; i < sizeof noise; i++) noise[i] = (char)(rand() & 0xff);
        errors = load_errors(noise, sizeof noise);
        assert_positions(errors);
        json_decref(errors);
    }
}

static void truncated_and_empty(void **state)
{
    (void)state;
    json_t *errors = load_errors("id: t\ntitle: {en: \"cut", 23);
    assert_positions(errors);
    assert_true(has_message(errors, "not valid YAML"));
    json_decref(errors);
    errors = load_errors("", 0);
    assert_error_at(errors, 1, 1, "empty file");
    json_decref(errors);
}

static void wrong_types(void **state)
{
    (void)state;
    const char text[] =
        "id: t\n"
        "title: just text\n"
        "briefing: [en, zh]\n"
        "today: tomorrow\n"
        "pass: lots\n"
        "deal: 5\n"
        "steps: 5\n"
        "extra: 1\n";
    json_t *errors = load_errors(text, strlen(text));
    assert_positions(errors);
    assert_error_at(errors, 2, 8, "expected a text in both languages");
    assert_error_at(errors, 3, 11, "expected a text in both languages");
    assert_error_at(errors, 4, 8, "expected a date YYYY-MM-DD");
    assert_error_at(errors, 5, 7, "pass mark");
    assert_error_at(errors, 6, 7, "deal: expected a mapping");
    assert_error_at(errors, 7, 8, "steps: expected a list of steps");
    assert_error_at(errors, 8, 1, "unknown field 'extra'");
    json_decref(errors);
}

/* `good` with one text replaced. */
static json_t *variant(const char *from, const char *to)
{
    const char *at = strstr(good, from);
    assert_non_null(at);
    char text[4096];
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - good), good, to, at + strlen(from));
    return load_errors(text, strlen(text));
}

static void unknown_ids(void **state)
{
    (void)state;
    json_t *errors = variant("action: meet-decision-maker", "action: meet-the-ceo");
    assert_error_at(errors, 30, 42, "unknown action id 'meet-the-ceo'");
    json_decref(errors);
    errors = variant("against: no-price-cut-for-doubt", "against: price-cut");
    assert_error_at(errors, 31, 43, "unknown finding id 'price-cut'");
    json_decref(errors);
    errors = variant("answer: intent", "answer: interested");
    assert_error_at(errors, 19, 46, "unknown stage 'interested'");
    json_decref(errors);
    errors = variant("kind: stage", "kind: vibe");
    assert_error_at(errors, 14, 13, "unknown kind 'vibe'");
    json_decref(errors);
    errors = variant("roles: [decision-maker]", "roles: [boss]");
    assert_error_at(errors, 24, 11, "boss");
    json_decref(errors);
    errors = variant("size: large", "size: huge");
    assert_error_at(errors, 7, 9, "deal.size");
    json_decref(errors);
    errors = variant("action: meet-decision-maker", "tactic: meet-decision-maker");
    assert_error_at(errors, 30, 42, "unknown tactic id");
    json_decref(errors);
}

static void graph_problems(void **state)
{
    (void)state;
    json_t *errors = variant("next: 2", "next: end");
    assert_error_at(errors, 20, 5, "step 2: no path reaches this step");
    json_decref(errors);
    errors = variant("next: 2", "next: 9");
    assert_error_at(errors, 16, 13, "leads nowhere: no step '9'");
    json_decref(errors);
    errors = variant("action: meet-decision-maker, next: end", "action: meet-decision-maker, next: 1");
    assert_true(has_message(errors, "a path with no end"));
    assert_positions(errors);
    json_decref(errors);
    errors = variant("      next: 2\n", "");
    assert_true(has_message(errors, "leads nowhere: expected 'next: STEP'"));
    assert_positions(errors);
    json_decref(errors);
}

static void aliases_do_not_blow_up(void **state)
{
    (void)state;
    const char bomb[] =
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
        "id: t\n"
        "deal: {id: d, notes: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]}\n";
    json_t *errors = load_errors(bomb, strlen(bomb));
    assert_positions(errors);
    json_decref(errors);
}

/* Play `good`: the same answers give the same verdicts and score. */
static void plays_and_scores_deterministically(void **state)
{
    (void)state;
    const char *path = write_file("good.yaml", good, strlen(good));
    json_t *errors = json_array();
    dc_scenario *sc = NULL;
    assert_int_equal(dc_scenario_load(coach, path, &sc, errors), DC_OK);
    char *first = NULL;
    for (int round = 0; round < 2; round++) {
        dc_trainer *t = dc_trainer_new(coach, sc, "en", "Li Lei");
        json_t *p = dc_trainer_prompt(t), *v = NULL;
        assert_non_null(json_object_get(p, "briefing"));
        json_decref(p);
        assert_int_equal(dc_trainer_answer(t, "z", "T0", &v), DC_ENOTFOUND);
        assert_int_equal(dc_trainer_answer(t, "b", "T1", &v), DC_OK); /* intent: right */
        assert_int_equal(json_integer_value(json_object_get(v, "points")), 10);
        json_decref(v);
        assert_null(dc_trainer_run(t)); /* not yet ended */
        p = dc_trainer_prompt(t);
        assert_string_equal(json_string_value(json_object_get(p, "step")), "2");
        json_decref(p);
        assert_int_equal(dc_trainer_answer(t, "a", "T2", &v), DC_OK);
        assert_true(json_integer_value(json_object_get(v, "points")) > 0);
        json_decref(v);
        assert_null(dc_trainer_prompt(t));
        json_t *run = dc_trainer_run(t);
        assert_non_null(run);
        json_t *answers = json_object_get(run, "answers");
        assert_int_equal(json_array_size(answers), 2);
        assert_string_equal(json_string_value(json_object_get(json_array_get(answers, 1), "at")), "T2");
        assert_string_equal(json_string_value(json_object_get(json_array_get(answers, 1), "answer")), "a");
        assert_int_equal(json_integer_value(json_object_get(run, "points")) > 10, 1);
        char *debrief = dc_train_debrief(dc_coach_catalog(coach), run);
        assert_non_null(strstr(debrief, "Li Lei"));
        if (!first) first = debrief;
        else {
            assert_string_equal(first, debrief);
            free(debrief);
        }
        json_decref(run);
        dc_trainer_free(t);
    }
    free(first);
    json_t *report = NULL;
    char *message = NULL;
    assert_int_equal(dc_scenario_explore(coach, sc, "en", 3, 20, &report, &message), DC_OK);
    assert_int_equal(json_integer_value(json_object_get(report, "options_played")), 4);
    assert_int_equal(json_integer_value(json_object_get(report, "paths")), 4);
    json_t *best = json_object_get(report, "highest");
    assert_string_equal(json_string_value(json_array_get(json_object_get(best, "answers"), 0)), "b");
    assert_int_equal(json_integer_value(json_object_get(json_object_get(report, "lowest"), "percent")), 0);
    json_decref(report);
    dc_scenario_free(sc);
    json_decref(errors);
}

static void runs_are_stored(void **state)
{
    (void)state;
    char db[256];
    snprintf(db, sizeof db, "%s/runs.db", dir);
    dc_store *s = dc_store_new();
    assert_int_equal(dc_store_open(s, db), DC_OK);
    long long id = 0;
    assert_int_equal(dc_store_run_add(s, "{\"trainee\":\"A\",\"scenario\":\"x\",\"hash\":\"h\",\"percent\":70}", &id), DC_OK);
    assert_int_equal(id, 1);
    assert_int_equal(dc_store_run_add(s, "{\"trainee\":\"A\"}", &id), DC_EINPUT);
    assert_int_equal(dc_store_run_add(s, "not json", &id), DC_EINPUT);
    char *json = NULL;
    assert_int_equal(dc_store_run_get(s, 1, &json), DC_OK);
    assert_non_null(strstr(json, "\"percent\":70"));
    free(json);
    assert_int_equal(dc_store_run_get(s, 2, &json), DC_ENOTFOUND);
    dc_store_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_scenario_loads),
        cmocka_unit_test(binary_garbage),
        cmocka_unit_test(truncated_and_empty),
        cmocka_unit_test(wrong_types),
        cmocka_unit_test(unknown_ids),
        cmocka_unit_test(graph_problems),
        cmocka_unit_test(aliases_do_not_blow_up),
        cmocka_unit_test(plays_and_scores_deterministically),
        cmocka_unit_test(runs_are_stored),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
