/* test_render.c - the terminal layer of the report: wrapping by display
 * columns (English at spaces, Chinese between characters), hanging
 * indents, colour marks, nothing lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "render.h"

/* Every line of `text` fits in `width` columns. */
static void assert_fits(const char *text, size_t width)
{
    for (const char *line = text; *line;) {
        if (dc_render_width(line) > width) fail_msg("line wider than %zu: %.60s", width, line);
        const char *nl = strchr(line, '\n');
        if (!nl) break;
        line = nl + 1;
    }
}

/* `text` without blanks and line breaks: what wrapping must not change. */
static char *squeezed(const char *text)
{
    char *s = malloc(strlen(text) + 1), *o = s;
    for (; *text; text++)
        if (*text != ' ' && *text != '\n') *o++ = *text;
    *o = '\0';
    return s;
}

static void assert_same_content(const char *a, const char *b)
{
    char *x = squeezed(a), *y = squeezed(b);
    assert_string_equal(x, y);
    free(x);
    free(y);
}

static void width_counts_columns(void **state)
{
    (void)state;
    assert_int_equal(dc_render_width("abc"), 3);
    assert_int_equal(dc_render_width("中文ab"), 6);
    assert_int_equal(dc_render_width("阶段: 意向阶段 (20%)\nmore"), 20);
    assert_int_equal(dc_render_width(""), 0);
}

static void short_lines_and_no_width_are_unchanged(void **state)
{
    (void)state;
    const char *text = "Stage: intent (20%)\n\n  - a line\n";
    char *out = dc_render_text(text, 80, NULL, 0);
    assert_string_equal(out, text);
    free(out);
    const char *longer = "a b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m";
    out = dc_render_text(longer, 0, NULL, 0);
    assert_string_equal(out, longer);
    free(out);
}

static void english_wraps_at_spaces_under_the_item(void **state)
{
    (void)state;
    const char *text = " 4. [high] The proposal went in too early: the purchasing criteria were not "
                       "set with the customer. A proposal made before the needs are clear ends up "
                       "compared on price.  (premature-proposal)\n";
    char *out = dc_render_text(text, 40, NULL, 0);
    assert_fits(out, 40);
    assert_same_content(out, text);
    /* continuation lines start under the text, past " 4. " */
    assert_non_null(strstr(out, "\n    "));
    assert_null(strstr(out, "\n     ")); /* not deeper than the hanging indent */
    /* words stay whole */
    assert_non_null(strstr(out, "purchasing"));
    assert_non_null(strstr(out, "(premature-proposal)"));
    free(out);
}

static void labels_hang_their_text(void **state)
{
    (void)state;
    const char *text = "    because: evaluation.proposal_submitted = yes; evaluation.needs_explored = yes\n"
                       "诊断: 实际在意向阶段 (20%), 并非所报的谈判阶段; 客户心态: 顾虑; 最大风险: 客户有流失的危险\n";
    char *out = dc_render_text(text, 50, NULL, 0);
    assert_fits(out, 50);
    assert_same_content(out, text);
    /* "because: " takes 13 columns, "诊断: " 6 */
    assert_non_null(strstr(out, "yes;\n             evaluation.needs_explored"));
    const char *zh = strstr(out, "诊断");
    assert_non_null(zh);
    const char *next = strchr(zh, '\n');
    assert_true(strncmp(next + 1, "      ", 6) == 0 && next[7] != ' ');
    free(out);
}

static void chinese_wraps_between_characters(void **state)
{
    (void)state;
    const char *text = " 1. 发展一个教练:可以在客户内部找,也可以在我们公司内部或外部找;要挑最渴望成功、"
                       "了解内部圈子、有影响力、并且相信我们能赢的人。\n";
    char *out = dc_render_text(text, 30, NULL, 0);
    assert_fits(out, 30);
    assert_same_content(out, text);
    assert_true(strchr(out, '\n') < out + strlen(out) - 1); /* it did wrap */
    /* no line starts with closing punctuation */
    for (const char *p = strchr(out, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
        const char *t = p + 1 + strspn(p + 1, " ");
        assert_false(strncmp(t, "、", 3) == 0 || strncmp(t, "。", 3) == 0 || strncmp(t, "，", 3) == 0);
    }
    free(out);
}

static void a_word_longer_than_the_line_is_cut(void **state)
{
    (void)state;
    char text[200];
    memset(text, 'x', 150);
    text[150] = '\0';
    char *out = dc_render_text(text, 40, NULL, 0);
    assert_fits(out, 40);
    assert_same_content(out, text);
    free(out);
    out = dc_render_text("中文中文中文", 1, NULL, 0); /* narrower than a character */
    assert_same_content(out, "中文中文中文");
    free(out);
}

static void marks_are_coloured(void **state)
{
    (void)state;
    const dc_render_mark marks[] = {{"[high]", "1;31"}, {"[高]", "1;31"}, {"[medium]", "33"}};
    char *out = dc_render_text(" 1. [high] x\n 2. [medium] y\n 3. [高] 中\n [low] z\n", 80, marks, 3);
    assert_string_equal(out, " 1. \033[1;31m[high]\033[0m x\n 2. \033[33m[medium]\033[0m y\n"
                             " 3. \033[1;31m[高]\033[0m 中\n [low] z\n");
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(width_counts_columns),
        cmocka_unit_test(short_lines_and_no_width_are_unchanged),
        cmocka_unit_test(english_wraps_at_spaces_under_the_item),
        cmocka_unit_test(labels_hang_their_text),
        cmocka_unit_test(chinese_wraps_between_characters),
        cmocka_unit_test(a_word_longer_than_the_line_is_cut),
        cmocka_unit_test(marks_are_coloured),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
