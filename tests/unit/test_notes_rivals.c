/* test_notes_rivals.c - a deal's competitors rewritten in a normalised
 * note as the vocabulary's competitor word, their places kept
 * (kb/notes_rivals.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "notes_rivals.h"
#include "status.h"

/* Rewrite `note` (from[i] = i) with `r`; the result is malloc'd into *out
 * and the map into *from (the caller frees both). */
static void rewrite(const dc_rivals *r, const char *note, char **out, size_t **from)
{
    size_t len = strlen(note);
    *out = strdup(note);
    *from = malloc((len + 1) * sizeof **from);
    assert_non_null(*out);
    assert_non_null(*from);
    for (size_t i = 0; i <= len; i++) (*from)[i] = i;
    assert_int_equal(dc_rivals_rewrite(r, out, from, &len), DC_OK);
    assert_int_equal(strlen(*out), len);
}

static void add(dc_rivals *r, const char *name)
{
    assert_int_equal(dc_rivals_add(r, name, strlen(name), strlen(name)), DC_OK); /* owner: its length */
}

static void names_become_the_competitor_word(void **state)
{
    (void)state;
    dc_rivals *r = dc_rivals_new();
    add(r, "博越");
    add(r, "StayWise");
    char *out;
    size_t *from;
    rewrite(r, "博越主动降了15%", &out, &from);
    assert_string_equal(out, "竞品主动降了15%");
    assert_int_equal(from[0], 0);                     /* the word maps to the name's start */
    assert_int_equal(from[strlen("竞")], strlen("博")); /* its last character to the last */
    assert_int_equal(from[strlen("竞品")], strlen("博越")); /* and what follows, to its place */
    free(out), free(from);
    rewrite(r, "staywise's presales quit", &out, &from); /* any case, a whole word */
    assert_string_equal(out, "rival's presales quit");
    free(out), free(from);
    rewrite(r, "StayWise 的 presales 抱怨", &out, &from); /* beside Chinese: 竞品 */
    assert_string_equal(out, "竞品 的 presales 抱怨");
    free(out), free(from);
    assert_int_equal(dc_rivals_find(r, "the rival? staywise", strlen("the rival? staywise")),
                     (long)strlen("StayWise"));
    assert_int_equal(dc_rivals_find(r, "nobody", 6), -1);
    dc_rivals_free(r);
}

static void only_whole_latin_words_and_the_longest_name(void **state)
{
    (void)state;
    dc_rivals *r = dc_rivals_new();
    add(r, "GE");
    add(r, "博越");
    add(r, "博越重卡");
    char *out;
    size_t *from;
    rewrite(r, "GEN2 and AGE stay; GE cut 10%", &out, &from);
    assert_string_equal(out, "GEN2 and AGE stay; rival cut 10%"); /* grows: room was made */
    free(out), free(from);
    rewrite(r, "博越重卡降价", &out, &from); /* one word for the longer name, not 竞品重卡 */
    assert_string_equal(out, "竞品降价");
    assert_int_equal(from[strlen("竞品")], strlen("博越重卡"));
    free(out), free(from);
    dc_rivals_free(r);
}

static void a_note_without_names_is_left_alone(void **state)
{
    (void)state;
    dc_rivals *r = dc_rivals_new();
    char *out;
    size_t *from;
    rewrite(r, "no names here", &out, &from); /* none at all */
    assert_string_equal(out, "no names here");
    free(out), free(from);
    add(r, "Vantex");
    add(r, "V");       /* too short: skipped */
    add(r, "vantex");  /* the same name again: skipped */
    add(r, "  ");
    assert_int_equal(dc_rivals_count(r), 1);
    char *before = strdup("a very plain note");
    char *kept = before;
    size_t len = strlen(before), at[32];
    size_t *map = at;
    assert_int_equal(dc_rivals_rewrite(r, &before, &map, &len), DC_OK);
    assert_ptr_equal(before, kept); /* not reallocated */
    assert_ptr_equal(map, at);
    free(before);
    char long_name[DC_RIVALS_NAME_BYTES + 2];
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    add(r, long_name); /* no company's name: skipped */
    assert_int_equal(dc_rivals_count(r), 1);
    for (int i = 0; i < 2 * DC_RIVALS_MAX; i++) { /* a hostile deal lists thousands */
        char name[16];
        snprintf(name, sizeof name, "Rival%d", i);
        add(r, name);
    }
    assert_int_equal(dc_rivals_count(r), DC_RIVALS_MAX);
    dc_rivals_clear(r);
    assert_int_equal(dc_rivals_count(r), 0);
    dc_rivals_free(r);
    dc_rivals_free(NULL);
}

static void lists_split_as_reps_write_them(void **state)
{
    (void)state;
    size_t count;
    char **names = dc_rivals_split(" 博越, 慧学通、StayWise Ltd.;Vantex，智栖\t, ,", &count);
    assert_non_null(names);
    assert_int_equal(count, 5);
    assert_string_equal(names[0], "博越");
    assert_string_equal(names[1], "慧学通");
    assert_string_equal(names[2], "StayWise Ltd.");
    assert_string_equal(names[3], "Vantex");
    assert_string_equal(names[4], "智栖");
    dc_rivals_split_free(names, count);
    names = dc_rivals_split("", &count);
    assert_non_null(names);
    assert_int_equal(count, 0);
    dc_rivals_split_free(names, count);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_become_the_competitor_word),
        cmocka_unit_test(only_whole_latin_words_and_the_longest_name),
        cmocka_unit_test(a_note_without_names_is_left_alone),
        cmocka_unit_test(lists_split_as_reps_write_them),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
