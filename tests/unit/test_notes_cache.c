/* test_notes_cache.c - the compiled-pattern cache (kb/notes.h): the same
 * hits with and without it, an edited pattern taking effect without a new
 * cache, and a damaged cache ignored. Runs from the source root. */
#define _POSIX_C_SOURCE 200809L

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "notes.h"

#define SHIPPED "kb/patterns"

static const char *const notes[] = {
    "客户拿竞争对手的报价压我们,说我们贵了20%",
    "客户說價格太高了,預算被砍了一半",
    "The customer says our price is too high and the budget was cut",
    "客户没有提价格问题",
    "负责人赵工下个月离职",
    "They want a discount again, third round of cutting",
    "佢哋倾咗三轮都冇倾掂,项目经理又港要再倾", /* dialect words (dialect-words.map) */
};

static void add_hit(void *ctx, const char *signal, const char *words)
{
    char *out = ctx;
    size_t used = strlen(out);
    snprintf(out + used, 4096 - used, "%s=%s;", signal, words);
}

static void add_place(void *ctx, const char *signal, const char *words, const char *where)
{
    char *out = ctx;
    size_t used = strlen(out);
    snprintf(out + used, 4096 - used, "%s=%s@%s;", signal, words, where);
}

/* Every note's hits, in one string, through a handle on `dir` with the
 * cache at `cache` (NULL: none). */
static void hits_of(const char *dir, const char *cache, char out[4096])
{
    dc_notes *n = dc_notes_new();
    assert_non_null(n);
    dc_notes_use_cache(n, cache);
    assert_int_equal(dc_notes_load_dir(n, dir), DC_OK);
    out[0] = '\0';
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++) {
        assert_int_equal(dc_notes_scan(n, notes[i], add_hit, out), DC_OK);
        strcat(out, "|");
    }
    dc_notes_free(n);
}

struct fixture {
    char dir[64];    /* a copy of the shipped patterns */
    char cache[96];  /* its cache */
};

static int setup(void **state)
{
    static struct fixture f;
    snprintf(f.dir, sizeof f.dir, "/tmp/test_notes_cache_XXXXXX");
    if (!mkdtemp(f.dir)) return -1;
    char cmd[160];
    snprintf(cmd, sizeof cmd, "cp %s/* '%s'", SHIPPED, f.dir);
    if (system(cmd) != 0) return -1;
    snprintf(f.cache, sizeof f.cache, "%s.cache", f.dir);
    char why[512];
    if (dc_notes_save_cache(f.dir, f.cache, why, sizeof why) != DC_OK) {
        fprintf(stderr, "%s\n", why);
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", f->dir, f->cache);
    return system(cmd) == 0 ? 0 : -1;
}

static void same_hits_with_and_without(void **state)
{
    struct fixture *f = *state;
    char plain[4096], cached[4096], lines[4096];
    hits_of(f->dir, NULL, plain);
    hits_of(f->dir, f->cache, cached);
    assert_string_equal(plain, cached);
    assert_non_null(strstr(cached, "competitor-pressure="));
    setenv("DEALCOACH_PLAIN", "pattern-state", 1);
    hits_of(f->dir, f->cache, lines);
    unsetenv("DEALCOACH_PLAIN");
    assert_string_equal(plain, lines);
}

/* The pattern texts, the signals in order, their proposals and fact-only
 * marks, and the places of the hits: the same whether the loaded state
 * was taken from the cache or the lines were read (issue 15). */
static void the_loaded_state_is_the_same(void **state)
{
    struct fixture *f = *state;
    dc_notes *read = dc_notes_new(), *taken = dc_notes_new();
    assert_non_null(read);
    assert_non_null(taken);
    setenv("DEALCOACH_PLAIN", "pattern-state", 1);
    dc_notes_use_cache(read, f->cache);
    assert_int_equal(dc_notes_load_dir(read, f->dir), DC_OK);
    unsetenv("DEALCOACH_PLAIN");
    assert_false(dc_notes_from_state(read));
    dc_notes_use_cache(taken, f->cache);
    assert_int_equal(dc_notes_load_dir(taken, f->dir), DC_OK);
    assert_true(dc_notes_from_state(taken));
    assert_int_equal(dc_notes_signal_count(read), dc_notes_signal_count(taken));
    assert_int_equal(dc_notes_problem_count(read), dc_notes_problem_count(taken));
    for (size_t i = 0; i < dc_notes_signal_count(read); i++) {
        const char *id = dc_notes_signal(read, i);
        assert_string_equal(id, dc_notes_signal(taken, i));
        const char *a = dc_notes_proposal(read, id), *b = dc_notes_proposal(taken, id);
        assert_string_equal(a ? a : "-", b ? b : "-");
        assert_int_equal(dc_notes_fact_only(read, id), dc_notes_fact_only(taken, id));
    }
    char a[4096] = "", b[4096] = "";
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++) {
        assert_int_equal(dc_notes_scan_at(read, notes[i], add_place, a), DC_OK);
        assert_int_equal(dc_notes_scan_at(taken, notes[i], add_place, b), DC_OK);
    }
    assert_string_equal(a, b);
    assert_non_null(strstr(b, "/changes.txt:"));
    dc_notes_free(read);
    dc_notes_free(taken);
}

static void an_edit_takes_effect_without_a_new_cache(void **state)
{
    struct fixture *f = *state;
    char path[128], before[4096], after[4096];
    hits_of(f->dir, f->cache, before);
    assert_null(strstr(before, "over-eager=third round"));
    snprintf(path, sizeof path, "%s/zz-coach.txt", f->dir);
    FILE *out = fopen(path, "w");
    assert_non_null(out);
    fputs("over-eager\tthird round\n", out);
    fclose(out);
    hits_of(f->dir, f->cache, after);
    dc_notes *n = dc_notes_new();
    assert_non_null(n);
    dc_notes_use_cache(n, f->cache);
    assert_int_equal(dc_notes_load_dir(n, f->dir), DC_OK);
    assert_false(dc_notes_from_state(n)); /* the files differ from the cache's */
    dc_notes_free(n);
    unlink(path);
    assert_non_null(strstr(after, "over-eager=third round"));
}

/* A cache whose bytes were changed, cut short or are not a cache at all
 * is not used: the patterns are compiled, the hits are the same. */
static void a_damaged_cache_is_ignored(void **state)
{
    struct fixture *f = *state;
    char plain[4096], got[4096], bad[128];
    hits_of(f->dir, NULL, plain);
    struct stat st;
    assert_int_equal(stat(f->cache, &st), 0);
    snprintf(bad, sizeof bad, "%s.bad", f->cache);
    for (int damage = 0; damage < 4; damage++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "cp '%s' '%s'", f->cache, bad);
        assert_int_equal(system(cmd), 0);
        FILE *io = fopen(bad, "r+b");
        assert_non_null(io);
        if (damage == 0) { fseek(io, st.st_size / 2, SEEK_SET); fputs("garbage", io); }
        if (damage == 1) { fseek(io, st.st_size - 100, SEEK_SET); fputs("garbage", io); }
        if (damage == 2) { fseek(io, 30, SEEK_SET); fputs("\xff\xff\xff\xff\xff\xff\xff\x7f", io); }
        fclose(io);
        if (damage == 3) assert_int_equal(truncate(bad, st.st_size / 3), 0);
        hits_of(f->dir, bad, got);
        assert_string_equal(plain, got);
    }
    unlink(bad);
    hits_of(f->dir, "/nonexistent/patterns.cache", got);
    assert_string_equal(plain, got);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_hits_with_and_without),
        cmocka_unit_test(the_loaded_state_is_the_same),
        cmocka_unit_test(an_edit_takes_effect_without_a_new_cache),
        cmocka_unit_test(a_damaged_cache_is_ignored),
    };
    return cmocka_run_group_tests_name("notes cache", tests, setup, teardown);
}
