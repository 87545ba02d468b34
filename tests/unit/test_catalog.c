/* test_catalog.c - message catalogs: loading, fallback, placeholders. */
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

#include "catalog.h"

static dc_catalog *shipped(void)
{
    dc_catalog *c = dc_catalog_new();
    assert_int_equal(dc_catalog_load_dir(c, "kb/messages"), DC_OK);
    return c;
}

static void placeholders_use_labels(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    json_t *about = json_pack("[ss]", "negotiation", "intent");
    char *en = dc_catalog_format(c, "en", "finding.stage-inflated", about);
    char *zh = dc_catalog_format(c, "zh", "finding.stage-inflated", about);
    assert_string_equal(en, "The deal is reported at negotiation, but the evidence supports only intent.");
    assert_non_null(strstr(zh, "谈判阶段"));
    assert_non_null(strstr(zh, "意向阶段"));
    free(en);
    free(zh);
    json_decref(about);

    about = json_pack("[sss]", "project", "timeline-set", "budget-known");
    char *rest = dc_catalog_format(c, "zh", "finding.key-node-skipped", about);
    assert_non_null(strstr(rest, "有明确的项目上线时间规划、有明确的预算范围"));
    free(rest);
    json_decref(about);
    dc_catalog_free(c);
}

static void missing_keys_fall_back(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    assert_null(dc_catalog_format(c, "en", "finding.no-such-thing", NULL));
    assert_string_equal(dc_catalog_label(c, "zh", "no-such-id"), "no-such-id");
    /* A language without a catalog falls back to English. */
    assert_string_equal(dc_catalog_get(c, "fr", "ui.stage"), "Stage");
    dc_catalog_free(c);
}

/* Every key of one language exists in the other. */
static void languages_have_the_same_keys(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    const char *const langs[][2] = {{"en", "zh"}, {"zh", "en"}};
    for (int l = 0; l < 2; l++) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "cat kb/messages/*.%s.txt", langs[l][0]);
        FILE *p = popen(cmd, "r");
        assert_non_null(p);
        char line[4096];
        while (fgets(line, sizeof line, p)) {
            char *eq = strstr(line, " = ");
            if (line[0] == '#' || !eq) continue;
            /* Phrases translate the rules' English notation: other languages only. */
            if (strncmp(line, "phrase", 6) == 0) continue;
            *eq = '\0';
            if (!dc_catalog_has(c, langs[l][1], line))
                fail_msg("key %s is in %s but not in %s", line, langs[l][0], langs[l][1]);
        }
        pclose(p);
    }
    dc_catalog_free(c);
}

static void a_bad_line_is_reported_and_skipped(void **state)
{
    (void)state;
    char path[] = "/tmp/dc-catalog-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\nui.x = one\nthis line has no separator\nui.y = \" two \"\n", f);
    fclose(f);
    dc_catalog *c = dc_catalog_new();
    assert_int_equal(dc_catalog_load_file(c, "en", path), DC_EINPUT);
    assert_non_null(strstr(dc_catalog_message(c), ":3: expected KEY = TEXT"));
    assert_string_equal(dc_catalog_get(c, "en", "ui.x"), "one");
    assert_string_equal(dc_catalog_get(c, "en", "ui.y"), " two ");
    dc_catalog_free(c);
    remove(path);
}

static void long_lines_and_bad_bytes(void **state)
{
    (void)state;
    char path[] = "/tmp/dc-catalog-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("ui.long = ", f);
    for (int i = 0; i < 3000; i++) fputs("中", f); /* 9,000 bytes: one entry, not two */
    fputs(" = not a key\nui.bad = caf\xe9\nui.after = ok\n", f);
    fclose(f);
    dc_catalog *c = dc_catalog_new();
    assert_int_equal(dc_catalog_load_file(c, "en", path), DC_EINPUT);
    assert_non_null(strstr(dc_catalog_message(c), ":2: not valid UTF-8"));
    assert_int_equal(strlen(dc_catalog_get(c, "en", "ui.long")), 9000 + strlen(" = not a key"));
    assert_null(dc_catalog_get(c, "en", "ui.bad"));
    assert_string_equal(dc_catalog_get(c, "en", "ui.after"), "ok");
    dc_catalog_free(c);
    remove(path);
}

/* Every key in both languages with its text, as one string. */
static char *everything(const dc_catalog *c)
{
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    for (int l = 0; l < 2; l++) {
        const char *lang = l ? "zh" : "en";
        json_t *keys = dc_catalog_keys(c, lang, ""), *key;
        size_t i;
        json_array_foreach(keys, i, key) {
            const char *text = dc_catalog_get(c, lang, json_string_value(key));
            size_t more = strlen(json_string_value(key)) + strlen(text) + 8;
            if (len + more >= cap) {
                out = realloc(out, cap *= 2);
                assert_non_null(out);
            }
            len += (size_t)snprintf(out + len, cap - len, "%s:%s=%s\n", lang, json_string_value(key), text);
        }
        json_decref(keys);
    }
    return out;
}

/* Issue 15: the catalogs parsed at build time (messages.cache) give the
 * same entries as parsing; an edited catalog or a damaged cache is parsed
 * instead; a coach's catalog loaded after the cache replaces its texts. */
static void the_cache_gives_the_same_entries(void **state)
{
    (void)state;
    char dir[] = "/tmp/test_catalog_XXXXXX", cache[64], cmd[256];
    assert_non_null(mkdtemp(dir));
    snprintf(cmd, sizeof cmd, "cp kb/messages/*.txt '%s'", dir);
    assert_int_equal(system(cmd), 0);
    snprintf(cache, sizeof cache, "%s.cache", dir);
    char why[1024];
    assert_int_equal(dc_catalog_save_cache(dir, cache, why, sizeof why), DC_OK);

    dc_catalog *parsed = dc_catalog_new(), *taken = dc_catalog_new();
    assert_int_equal(dc_catalog_load_dir(parsed, dir), DC_OK);
    dc_catalog_use_cache(taken, cache);
    assert_int_equal(dc_catalog_load_dir(taken, dir), DC_OK);
    assert_false(dc_catalog_from_cache(parsed));
    assert_true(dc_catalog_from_cache(taken));
    char *a = everything(parsed), *b = everything(taken);
    assert_true(strlen(a) > 100000);
    assert_string_equal(a, b);
    free(b);

    /* a coach's file after the cache: texts replaced, keys added */
    char coach[] = "/tmp/test_catalog_coach_XXXXXX", path[96];
    assert_non_null(mkdtemp(coach));
    snprintf(path, sizeof path, "%s/mine.en.txt", coach);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("label.budget-known = money is there\nui.coach-own = mine\n", f);
    fclose(f);
    assert_int_equal(dc_catalog_load_dir(taken, coach), DC_OK);
    assert_string_equal(dc_catalog_get(taken, "en", "label.budget-known"), "money is there");
    assert_string_equal(dc_catalog_get(taken, "en", "ui.coach-own"), "mine");
    unlink(path);
    rmdir(coach);
    dc_catalog_free(taken);

    setenv("DEALCOACH_PLAIN", "catalog-cache", 1); /* the plain path parses */
    taken = dc_catalog_new();
    dc_catalog_use_cache(taken, cache);
    assert_int_equal(dc_catalog_load_dir(taken, dir), DC_OK);
    assert_false(dc_catalog_from_cache(taken));
    dc_catalog_free(taken);
    unsetenv("DEALCOACH_PLAIN");

    for (int damage = 0; damage < 4; damage++) {
        snprintf(cmd, sizeof cmd, "cp '%s' '%s.bad'", cache, cache);
        assert_int_equal(system(cmd), 0);
        snprintf(path, sizeof path, "%s.bad", cache);
        f = fopen(path, "r+b");
        assert_non_null(f);
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        if (damage == 0) fseek(f, size / 2, SEEK_SET), fputs("garbage", f);
        if (damage == 1) fseek(f, 24, SEEK_SET), fputs("\xff\xff\xff\x7f", f);
        if (damage == 2) fseek(f, 80, SEEK_SET), fputs("\xff\xff\xff\x7f", f);
        fclose(f);
        if (damage == 3) assert_int_equal(truncate(path, size / 3), 0);
        taken = dc_catalog_new();
        dc_catalog_use_cache(taken, path);
        assert_int_equal(dc_catalog_load_dir(taken, dir), DC_OK);
        assert_false(dc_catalog_from_cache(taken));
        b = everything(taken);
        assert_string_equal(a, b);
        free(b);
        dc_catalog_free(taken);
    }
    unlink(path);

    snprintf(path, sizeof path, "%s/stages.en.txt", dir); /* an edit: parsed */
    f = fopen(path, "a");
    assert_non_null(f);
    fputs("ui.added-later = later\n", f);
    fclose(f);
    taken = dc_catalog_new();
    dc_catalog_use_cache(taken, cache);
    assert_int_equal(dc_catalog_load_dir(taken, dir), DC_OK);
    assert_false(dc_catalog_from_cache(taken));
    assert_string_equal(dc_catalog_get(taken, "en", "ui.added-later"), "later");
    dc_catalog_free(taken);

    free(a);
    dc_catalog_free(parsed);
    snprintf(cmd, sizeof cmd, "rm -rf '%s' '%s'", dir, cache);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders_use_labels),
        cmocka_unit_test(missing_keys_fall_back),
        cmocka_unit_test(languages_have_the_same_keys),
        cmocka_unit_test(a_bad_line_is_reported_and_skipped),
        cmocka_unit_test(long_lines_and_bad_bytes),
        cmocka_unit_test(the_cache_gives_the_same_entries),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
