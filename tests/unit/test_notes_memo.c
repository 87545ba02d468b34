/* test_notes_memo.c - the memo replays a note's hits as they were
 * recorded, keeps only whole scans, and forgets the oldest note first
 * (kb/notes_memo.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "notes_memo.h"

static void collect(void *ctx, const char *signal, const char *words, const char *where)
{
    char *out = ctx;
    snprintf(out + strlen(out), 256 - strlen(out), "%s=%s@%s;", signal, words, where);
}

static void record(dc_notes_memo *m, const char *text, int whole)
{
    char words[] = "too expensive";
    dc_notes_memo_begin(m, text, 0);
    dc_notes_memo_hit(m, "price-pushback", words, "a.txt:3");
    words[0] = 'X'; /* the memo copied the words */
    dc_notes_memo_hit(m, "budget-cut", "cut", "b.txt:9");
    dc_notes_memo_end(m, whole);
}

static void replays_hits_in_order(void **state)
{
    (void)state;
    dc_notes_memo *m = dc_notes_memo_new();
    char out[256] = "";
    assert_int_equal(dc_notes_memo_replay(m, "note", 0, collect, out), 0);
    record(m, "note", 1);
    assert_int_equal(dc_notes_memo_replay(m, "note", 0, collect, out), 1);
    assert_string_equal(out, "price-pushback=too expensive@a.txt:3;budget-cut=cut@b.txt:9;");
    assert_int_equal(dc_notes_memo_replay(m, "note ", 0, collect, out), 0); /* another text */
    assert_int_equal(dc_notes_memo_replay(m, "note", 7, collect, out), 0); /* read with other rivals */
    dc_notes_memo_clear(m);
    assert_int_equal(dc_notes_memo_replay(m, "note", 0, collect, out), 0);
    dc_notes_memo_free(m);
}

static void keeps_only_whole_scans(void **state)
{
    (void)state;
    dc_notes_memo *m = dc_notes_memo_new();
    record(m, "cut short", 0);
    assert_int_equal(dc_notes_memo_replay(m, "cut short", 0, NULL, NULL), 0);
    dc_notes_memo_free(m);
}

static void forgets_the_oldest_first(void **state)
{
    (void)state;
    dc_notes_memo *m = dc_notes_memo_new();
    char text[32];
    for (int i = 0; i <= DC_NOTES_MEMO_SIZE; i++) {
        snprintf(text, sizeof text, "note %d", i);
        record(m, text, 1);
    }
    assert_int_equal(dc_notes_memo_replay(m, "note 0", 0, NULL, NULL), 0);
    assert_int_equal(dc_notes_memo_replay(m, "note 1", 0, NULL, NULL), 1);
    snprintf(text, sizeof text, "note %d", DC_NOTES_MEMO_SIZE);
    assert_int_equal(dc_notes_memo_replay(m, text, 0, NULL, NULL), 1);
    dc_notes_memo_free(m);
}

static void a_scan_inside_a_scan_records_only_the_outer(void **state)
{
    (void)state;
    dc_notes_memo *m = dc_notes_memo_new();
    char out[256] = "";
    dc_notes_memo_begin(m, "outer", 0);
    dc_notes_memo_hit(m, "budget-cut", "cut", "a.txt:1");
    record(m, "inner", 1); /* from the outer's callback */
    dc_notes_memo_hit(m, "price-pushback", "dear", "a.txt:2");
    dc_notes_memo_end(m, 1);
    assert_int_equal(dc_notes_memo_replay(m, "inner", 0, NULL, NULL), 0);
    assert_int_equal(dc_notes_memo_replay(m, "outer", 0, collect, out), 1);
    assert_string_equal(out, "budget-cut=cut@a.txt:1;price-pushback=dear@a.txt:2;");
    dc_notes_memo_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replays_hits_in_order),
        cmocka_unit_test(keeps_only_whole_scans),
        cmocka_unit_test(forgets_the_oldest_first),
        cmocka_unit_test(a_scan_inside_a_scan_records_only_the_outer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
