/* test_catalog.c - message catalogs: loading, fallback, placeholders. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(placeholders_use_labels),
        cmocka_unit_test(missing_keys_fall_back),
        cmocka_unit_test(languages_have_the_same_keys),
        cmocka_unit_test(a_bad_line_is_reported_and_skipped),
        cmocka_unit_test(long_lines_and_bad_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
