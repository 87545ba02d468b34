/* test_digest.c - files whose stamp is unchanged are not read again; any
 * change of size or time, or a file changed in the last seconds, and their
 * bytes are digested (kb/digest.h, engine/stamp.h). */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "digest.h"
#include "stamp.h"

static char dir[64];
static char *names[] = {"a.txt", "b.txt"};

static void write_file(const char *name, const char *text, time_t when)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    struct timespec times[2] = {{when, 0}, {when, 0}};
    assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/dc-digest-XXXXXX");
    if (!mkdtemp(dir)) return -1;
    write_file("a.txt", "alpha\n", time(NULL) - 100);
    write_file("b.txt", "beta\n", time(NULL) - 100);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char path[128];
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        remove(path);
    }
    return rmdir(dir);
}

static void an_unchanged_stamp_is_trusted_and_a_changed_one_reads_the_bytes(void **state)
{
    (void)state;
    uint64_t digest, stamp = dc_digest_stamp(dir, names, 2);
    assert_int_equal(dc_digest_files(dir, names, 2, &digest), 0);
    assert_int_not_equal(stamp, 0);
    assert_true(dc_stamp_same(dc_digest_stamp(dir, names, 2), stamp));
    /* The stamp alone answers: a wrong digest with the right stamp passes. */
    assert_int_equal(dc_digest_files_match(dir, names, 2, digest ^ 1, stamp), 1);
    /* Same bytes, another time: the stamp differs, the digest still holds. */
    write_file("b.txt", "beta\n", time(NULL) - 50);
    assert_false(dc_stamp_same(dc_digest_stamp(dir, names, 2), stamp));
    assert_int_equal(dc_digest_files_match(dir, names, 2, digest, stamp), 1);
    /* Other bytes of the same size and time as stamped: only a stamp of
     * the same time is fooled, which is what the settle time prevents. */
    write_file("b.txt", "BETA\n", time(NULL) - 50);
    assert_int_equal(dc_digest_files_match(dir, names, 2, digest, stamp), 0);
}

static void a_file_changed_just_now_gives_no_stamp(void **state)
{
    (void)state;
    write_file("a.txt", "alpha\n", time(NULL));
    uint64_t stamp = dc_digest_stamp(dir, names, 2), digest;
    assert_int_equal(stamp, 0);
    assert_false(dc_stamp_same(stamp, stamp)); /* 0 never matches, not even 0 */
    assert_int_equal(dc_digest_files(dir, names, 2, &digest), 0);
    assert_int_equal(dc_digest_files_match(dir, names, 2, digest, stamp), 1); /* by the bytes */
    assert_int_equal(dc_digest_files_match(dir, names, 2, digest ^ 1, stamp), 0);
}

static void a_missing_file_gives_no_stamp_and_no_match(void **state)
{
    (void)state;
    char *missing[] = {"a.txt", "nope.txt"};
    assert_int_equal(dc_digest_stamp(dir, missing, 2), 0);
    assert_int_equal(dc_digest_files_match(dir, missing, 2, 0, 0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_unchanged_stamp_is_trusted_and_a_changed_one_reads_the_bytes),
        cmocka_unit_test(a_file_changed_just_now_gives_no_stamp),
        cmocka_unit_test(a_missing_file_gives_no_stamp_and_no_match),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
