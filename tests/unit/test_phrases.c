/* test_phrases.c - the rules' neutral notation rendered in Chinese. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "phrases.h"

static dc_catalog *shipped(void)
{
    dc_catalog *c = dc_catalog_new();
    assert_int_equal(dc_catalog_load_dir(c, "kb/messages"), DC_OK);
    return c;
}

static void expect_render(dc_catalog *c, const char *line, const char *want)
{
    json_t *left = json_array();
    char *got = dc_phrases_render(c, "zh", line, left);
    assert_non_null(got);
    if (strcmp(got, want) != 0) fail_msg("'%s' rendered as '%s', expected '%s'", line, got, want);
    assert_int_equal(json_array_size(left), 0);
    free(got);
    json_decref(left);
}

static void fields_ids_and_phrases(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    expect_render(c, "claimed_stage = negotiation", "填报阶段=谈判阶段");
    expect_render(c, "evaluation.preferred = unknown (not us)", "客户首选=未知(不是我们)");
    expect_render(c, "criterion decision-process-known = absent", "条件:有明确的项目组成员及决策流程未满足");
    expect_render(c, "customer_target = 800000 < reservation_price = 900000",
                  "客户目标价=800000 < 保留价=900000");
    expect_render(c, "missing = timeline-set, budget-known", "缺少=有明确的项目上线时间规划、有明确的预算范围");
    dc_catalog_free(c);
}

static void names_numbers_and_quotes_stay(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    json_t *left = json_array();
    char *got = dc_phrases_render(c, "zh", "Zhang Wei: role = decision-maker, met = yes", left);
    assert_string_equal(got, "Zhang Wei:角色=决策者、已见面=是");
    /* A name is not a phrase: it stays, and is reported as left in English. */
    assert_int_equal(json_array_size(left), 2);
    free(got);
    json_array_clear(left);
    got = dc_phrases_render(c, "zh", "signal training-declined (note 2 says \"no more training, thanks\")", left);
    assert_non_null(strstr(got, "\"no more training, thanks\""));
    assert_int_equal(json_array_size(left), 0); /* quoted words are the note's own */
    free(got);
    json_decref(left);
    dc_catalog_free(c);
}

static void english_and_unknown_words_pass_through(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    char *en = dc_phrases_render(c, "en", "claimed_stage = negotiation", NULL);
    assert_string_equal(en, "claimed_stage = negotiation");
    free(en);
    json_t *left = json_array();
    char *zh = dc_phrases_render(c, "zh", "sponsor-named lacking here", left);
    assert_string_equal(zh, "有明确的中高层项目负责人 lacking here");
    assert_int_equal(json_array_size(left), 2); /* "lacking", "here" */
    free(zh);
    json_decref(left);
    dc_catalog_free(c);
}

static void messages_keep_paths_and_ids(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    char *m = dc_phrases_render_message(c, "zh",
        "d.json: size: unknown value \"huge\" (expected one of: sme, large, government)");
    /* ids stay as typed, each beside its label */
    assert_string_equal(m, "d.json:size:未知的取值 \"huge\"(应为以下之一:中小企业(sme)、中大型企业(large)、政府(government))");
    free(m);
    m = dc_phrases_render_message(c, "zh", "f.json:1:1: not a JSON deal: unable to decode byte 0x9b near 'x'");
    assert_string_equal(m, "f.json:1:1:不是 JSON 格式的商机:无法解码的字节 0x9b 位于'x'");
    free(m);
    dc_catalog_free(c);
}

static void attributes_as_typed(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    char *s = dc_phrases_render(c, "zh", "people + \"张伟\" attitude=supporter title=经理 mood=good", NULL);
    assert_string_equal(s, "联系人+ \"张伟\" 态度=支持者 职务=经理 mood=good");
    free(s);
    dc_catalog_free(c);
}

static void hostile_lines_do_not_break_it(void **state)
{
    (void)state;
    dc_catalog *c = shipped();
    const char *lines[] = {"", "   ", "\"unclosed quote", "((((", "a\xC2\xAB unclosed", ":;,()",
                           "= = = =", "\xC2\xAB\xC2\xBB"};
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
        char *s = dc_phrases_render(c, "zh", lines[i], NULL);
        assert_non_null(s);
        free(s);
    }
    char big[20000];
    memset(big, 'a', sizeof big - 1);
    for (size_t i = 7; i < sizeof big - 1; i += 8) big[i] = ' ';
    big[sizeof big - 1] = '\0';
    char *s = dc_phrases_render(c, "zh", big, NULL);
    assert_int_equal(strlen(s), strlen(big));
    free(s);
    dc_catalog_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fields_ids_and_phrases),
        cmocka_unit_test(names_numbers_and_quotes_stay),
        cmocka_unit_test(english_and_unknown_words_pass_through),
        cmocka_unit_test(messages_keep_paths_and_ids),
        cmocka_unit_test(attributes_as_typed),
        cmocka_unit_test(hostile_lines_do_not_break_it),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
