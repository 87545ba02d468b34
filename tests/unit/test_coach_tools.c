/* test_coach_tools.c - the pieces under lint, why-not and diff: reading
 * rule text (balance, lines), ids a playbook can assert, the engine's
 * probe, and what counts as changed in an advice. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "coach/diff.h"
#include "coach/playbook.h"
#include "coach/source.h"
#include "engine.h"

static dc_source *parse(const char *text)
{
    dc_source *s = dc_source_parse("t.clp", text, strlen(text));
    assert_non_null(s);
    return s;
}

static void balanced_text_reads_with_lines(void **state)
{
    (void)state;
    dc_source *s = parse("; a comment with ( and \"\n"
                         "(defrule r \"a ) in a string\"\n"
                         "   (deal (size large))\n"
                         "   =>\n"
                         "   (assert (finding (id x))))\n");
    assert_string_equal(s->error, "");
    assert_int_equal(s->n_forms, 1);
    assert_int_equal(s->forms[0].line, 2);
    assert_int_equal(s->forms[0].commented, 1);
    dc_rule_src r;
    assert_int_equal(dc_rule_src_cut(&s->forms[0], &r), 0);
    assert_string_equal(r.name, "r");
    assert_string_equal(r.comment, "a ) in a string");
    assert_int_equal(r.n_lhs, 1);
    assert_int_equal(r.lhs[0]->line, 3);
    assert_int_equal(r.n_rhs, 1);
    dc_rule_src_clear(&r);
    dc_source_free(s);
}

static void unclosed_form_found_where_it_opens(void **state)
{
    (void)state;
    /* the pattern on line 3 lacks its ')': the next line sits at its column */
    dc_source *s = parse("(defrule r\n"
                         "   \"doc\"\n"
                         "   (deal (size large)\n"
                         "   (criterion (id budget-known))\n"
                         "   =>\n"
                         "   (assert (finding (id x))))\n"
                         "(defrule next (deal) => )\n");
    assert_string_equal(s->error, "unclosed");
    assert_int_equal(s->error_line, 3);
    assert_int_equal(s->construct_line, 1);
    assert_string_equal(s->construct, "defrule r");
    assert_int_equal(s->n_forms, 2); /* the next construct still reads */
    dc_source_free(s);

    s = parse("(defrule r (deal) => (assert (x)))\n\n)\n");
    assert_string_equal(s->error, "stray");
    assert_int_equal(s->error_line, 3);
    dc_source_free(s);
}

static void globs(void **state)
{
    (void)state;
    assert_true(dc_glob_match("lifecycle-*-advice", "lifecycle-growth-advice"));
    assert_false(dc_glob_match("lifecycle-*-advice", "lifecycle-growth"));
    assert_true(dc_glob_match("*", ""));
    assert_true(dc_glob_match("abc", "abc"));
    assert_false(dc_glob_match("abc", "abd"));
}

/* Write `text` to a temporary rule file; returns its path (static). */
static const char *rule_file(const char *text)
{
    static char path[] = "/tmp/dc-coach-tools-XXXXXX.clp";
    strcpy(path, "/tmp/dc-coach-tools-XXXXXX.clp");
    int fd = mkstemps(path, 4);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(text, f);
    fclose(f);
    return path;
}

static void ids_are_resolved_through_data_and_functions(void **state)
{
    (void)state;
    const char *path = rule_file(
        "(deftemplate kind (slot id))\n"
        "(deftemplate finding (slot id) (slot severity))\n"
        "(deftemplate action (slot id) (slot rank))\n"
        "(deffacts kinds (kind (id from-data)))\n"
        "(deffunction give (?id) (assert (finding (id ?id) (severity low))))\n"
        "(defrule by-data \"d\" (kind (id ?k)) => (assert (finding (id ?k))))\n"
        "(defrule by-choice \"d\" (kind (id ?k&one|two)) => (assert (action (id (sym-cat do- ?k)))))\n"
        "(defrule by-function \"d\" (kind) => (give via-function))\n");
    json_t *files = json_pack("[s]", path);
    dc_playbook *pb = dc_playbook_read(files, NULL);
    assert_non_null(pb);
    json_t *p = dc_playbook_producers(pb, "finding", "from-data");
    assert_int_equal(json_array_size(p), 1);
    assert_string_equal(json_string_value(json_array_get(p, 0)), "by-data");
    json_decref(p);
    p = dc_playbook_producers(pb, "action", "do-two");
    assert_string_equal(json_string_value(json_array_get(p, 0)), "by-choice");
    json_decref(p);
    p = dc_playbook_producers(pb, "finding", "via-function");
    assert_string_equal(json_string_value(json_array_get(p, 0)), "by-function");
    json_decref(p);
    p = dc_playbook_producers(pb, "finding", "nowhere");
    assert_int_equal(json_array_size(p), 0);
    json_decref(p);
    assert_true(dc_playbook_asserts(pb, "kind"));
    assert_false(dc_playbook_asserts(pb, "action-plan"));
    dc_playbook_free(pb);
    json_decref(files);
    remove(path);
}

static void probe_counts_matches_and_leaves_the_facts(void **state)
{
    (void)state;
    const char *path = rule_file("(deftemplate p (slot n) (slot met))\n"
                                 "(deffacts ps (p (n 1) (met yes)) (p (n 2) (met no)) (p (n 3) (met no)))\n");
    dc_engine *e = dc_engine_new();
    assert_int_equal(dc_engine_load_file(e, path), DC_OK);
    assert_int_equal(dc_engine_reset(e), DC_OK);
    json_t *m = NULL;
    assert_int_equal(dc_engine_probe(e, "(p (met no))", &m), DC_OK);
    assert_int_equal(json_array_size(m), 2);
    json_decref(m);
    assert_int_equal(dc_engine_probe(e, "(p (met no)) (not (p (n 1)))", &m), DC_OK);
    assert_int_equal(json_array_size(m), 0);
    json_decref(m);
    assert_int_equal(dc_engine_probe(e, "(p (met", &m), DC_EINPUT);
    assert_null(m);
    /* nothing of the probe stays: the rules and facts are as loaded */
    json_t *names = dc_engine_rule_names(e);
    assert_int_equal(json_array_size(names), 0);
    json_decref(names);
    json_t *facts = dc_engine_facts(e, "p");
    assert_int_equal(json_array_size(facts), 3);
    json_decref(facts);
    dc_engine_free(e);
    remove(path);
}

static void moved_means_out_of_the_common_order(void **state)
{
    (void)state;
    json_t *a = json_loads("{\"stage\": {\"evidenced\": \"intent\"}, \"concern\": \"none\","
                           " \"actions\": [{\"id\": \"a\"}, {\"id\": \"b\"}, {\"id\": \"c\"}, {\"id\": \"d\"}],"
                           " \"findings\": [{\"id\": \"f\", \"severity\": \"low\"}]}", 0, NULL);
    json_t *b = json_loads("{\"stage\": {\"evidenced\": \"intent\"}, \"concern\": \"none\","
                           " \"actions\": [{\"id\": \"c\"}, {\"id\": \"new\"}, {\"id\": \"a\"}, {\"id\": \"b\"}],"
                           " \"findings\": [{\"id\": \"f\", \"severity\": \"high\"}], \"do_now\": [\"c\"]}", 0, NULL);
    json_t *d = dc_advice_diff(a, b);
    assert_non_null(d);
    json_t *actions = json_object_get(d, "actions");
    assert_string_equal(json_string_value(json_array_get(json_object_get(actions, "added"), 0)), "new");
    assert_string_equal(json_string_value(json_array_get(json_object_get(actions, "removed"), 0)), "d");
    json_t *moved = json_object_get(actions, "moved");
    assert_int_equal(json_array_size(moved), 1); /* c jumped; a and b kept their order */
    assert_string_equal(json_string_value(json_object_get(json_array_get(moved, 0), "id")), "c");
    assert_int_equal(json_integer_value(json_object_get(json_array_get(moved, 0), "from")), 3);
    assert_int_equal(json_integer_value(json_object_get(json_array_get(moved, 0), "to")), 1);
    assert_non_null(json_object_get(json_object_get(d, "findings"), "severity"));
    assert_non_null(json_object_get(d, "do_now")); /* absent before: changed */
    assert_null(json_object_get(d, "stage"));
    char *text = dc_advice_diff_text(NULL, "en", d);
    assert_non_null(strstr(text, "  ~ action c moved: 3 -> 1\n"));
    assert_non_null(strstr(text, "  do now: none -> c\n"));
    free(text);
    json_decref(d);
    assert_null(dc_advice_diff(a, a));
    json_decref(a);
    json_decref(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(balanced_text_reads_with_lines),
        cmocka_unit_test(unclosed_form_found_where_it_opens),
        cmocka_unit_test(globs),
        cmocka_unit_test(ids_are_resolved_through_data_and_functions),
        cmocka_unit_test(probe_counts_matches_and_leaves_the_facts),
        cmocka_unit_test(moved_means_out_of_the_common_order),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
