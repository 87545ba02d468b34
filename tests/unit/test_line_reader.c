/* test_line_reader.c - lines of a file descriptor (kb/batch/line_reader.h):
 * endings, blank lines counted and skipped, a last line without "\n", a
 * line longer than the first buffer, and "no whole line yet" without
 * waiting. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unistd.h>

#include "batch/line_reader.h"

/* The next line, reading as needed. */
static char *next(dc_line_reader *r)
{
    char *line;
    while (!(line = dc_line_reader_next(r)) && !r->eof && !r->error) dc_line_reader_fill(r);
    return line;
}

static void endings_blanks_and_the_last_line(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char text[] = "one\r\n\n  \t\ntwo\nthree";
    assert_int_equal(write(fds[1], text, sizeof text - 1), (ssize_t)(sizeof text - 1));
    close(fds[1]);
    dc_line_reader r = DC_LINE_READER_INIT(fds[0]);
    assert_string_equal(next(&r), "one");
    assert_int_equal(r.lineno, 1);
    assert_string_equal(next(&r), "two");
    assert_int_equal(r.lineno, 4); /* the two blank lines counted */
    assert_string_equal(next(&r), "three");
    assert_int_equal(r.lineno, 5);
    assert_null(next(&r));
    assert_true(r.eof && !r.error);
    dc_line_reader_free(&r);
    close(fds[0]);
}

static void no_whole_line_yet(void **state)
{
    (void)state;
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    dc_line_reader r = DC_LINE_READER_INIT(fds[0]);
    assert_int_equal(write(fds[1], "par", 3), 3);
    assert_int_equal(dc_line_reader_fill(&r), 1);
    assert_false(dc_line_reader_ready(&r));
    assert_null(dc_line_reader_next(&r)); /* returns at once: the caller may wait elsewhere */
    assert_int_equal(write(fds[1], "tial\nnext", 9), 9);
    assert_int_equal(dc_line_reader_fill(&r), 1);
    assert_true(dc_line_reader_ready(&r));
    assert_string_equal(dc_line_reader_next(&r), "partial");
    assert_false(dc_line_reader_ready(&r));
    close(fds[1]);
    assert_string_equal(next(&r), "next");
    dc_line_reader_free(&r);
    close(fds[0]);
}

static void a_line_longer_than_the_buffer(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    assert_non_null(f);
    size_t long_len = 300000;
    char *line = malloc(long_len + 1);
    assert_non_null(line);
    memset(line, 'x', long_len);
    line[long_len] = '\0';
    fprintf(f, "short\n%s\nafter\n", line);
    fflush(f);
    rewind(f);
    dc_line_reader r = DC_LINE_READER_INIT(fileno(f));
    assert_string_equal(next(&r), "short");
    assert_string_equal(next(&r), line);
    assert_string_equal(next(&r), "after");
    assert_null(next(&r));
    dc_line_reader_free(&r);
    free(line);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endings_blanks_and_the_last_line),
        cmocka_unit_test(no_whole_line_yet),
        cmocka_unit_test(a_line_longer_than_the_buffer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
