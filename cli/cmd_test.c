/* cmd_test.c - `dealcoach test`: scenario tests as plain data files.
 *
 * A scenario file holds cases; each is a deal and what its advice must (and
 * must not) contain. The format is in tests/scenarios/README.md:
 *
 *     === target holds with 2 of its 3 criteria
 *     today: 2026-11-22
 *     history: {"stage": "intent", "days_in_stage": 90}   (optional)
 *     deal:
 *     {"id": "t1", "size": "sme", "criteria": ["initial-contact", "visit-scheduled"]}
 *     expect:
 *     stage.evidenced = target
 *     no finding size-unknown
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "advice_check.h"
#include "coach/coverage.h"
#include "coach/playbook.h"
#include "commands.h"
#include "date.h"
#include "deal.h"
#include "exitcodes.h"
#include "paths.h"
#include "setup.h"
#include "report.h"
#include "strbuf.h"

static const char help_en[] =
    "usage: dealcoach test [--rules PATH]... [--today YYYY-MM-DD] [--lang zh|en]\n"
    "                      [--check-wording LANG] [--coverage[=text|csv|json]]\n"
    "                      [--min-coverage N] PATH...\n"
    "\n"
    "Run scenario tests: each PATH is a .test file or a directory searched for\n"
    "them. A case gives a deal and what its advice must and must not contain;\n"
    "see dealcoach-test(1) for the format. Each failure is printed with its\n"
    "file, line and case; the last line is 'N passed, N failed'.\n"
    "\n"
    "  --rules PATH   load a rule file or directory after the shipped playbook,\n"
    "                 to test a coach's own rules (repeatable)\n"
    "  --today DATE   the evaluation date of cases that do not set one\n"
    "                 (default: 2026-11-22, so results do not change with the day)\n"
    "  --check-wording LANG\n"
    "                 also render each case's report in LANG (zh) and fail the\n"
    "                 case if English words remain outside ids and the deal's\n"
    "                 own names and notes (for translators of the playbook)\n"
    "  --lang zh|en   the language of rule-file errors, and of the cases that do\n"
    "                 not set one (default: en)\n"
    "  --coverage     then, per rule file, the rules that fired on these cases and\n"
    "                 those that never did (FILE:LINE), with percentages; =csv or\n"
    "                 =json print only that on standard output (the cases' results\n"
    "                 go to standard error)\n"
    "  --min-coverage N  fail (exit 5) when under N% of the rules fired\n"
    "\n"
    "Every advice must also have the properties of the contract: do_now lists\n"
    "at most three ids, each an action; no more than three tactics, and none\n"
    "on a deal that does not negotiate on the evidence (see kb/advice_check.h);\n"
    "the report opens with the diagnosis and exactly the do_now actions.\n"
    "A case whose rules fail while running fails with the rules' message;\n"
    "'refused' matches only a deal refused as input. An assertion about a finding,\n"
    "action or tactic id that no loaded rule can assert is warned about (a typo?).\n"
    "\n"
    "Exit: 0 all passed, 5 some failed (or coverage under --min-coverage), 2 a test file is unreadable or malformed,\n"
    "3 a rule file did not load, 1 the results could not be written.\n";

static const char help_zh[] =
    "用法: dealcoach test [--rules 路径]... [--today YYYY-MM-DD] [--lang zh|en]\n"
    "                     [--check-wording 语言] [--coverage[=text|csv|json]]\n"
    "                     [--min-coverage N] 路径...\n"
    "\n"
    "运行场景测试: 每个路径是一个 .test 文件或在其中查找 .test 文件的目录。\n"
    "每个用例给出一个商机, 以及它的建议必须包含和不得包含的内容; 格式见\n"
    "dealcoach-test(1)。每个失败都列出文件、行号和用例; 最后一行是\n"
    "'N passed, N failed'。\n"
    "\n"
    "  --rules 路径   在内置规则之后加载一个规则文件或目录, 用来测试教练\n"
    "                 自己的规则 (可重复)\n"
    "  --today 日期   未指定日期的用例的评估日期\n"
    "                 (默认: 2026-11-22, 使结果不随日期变化)\n"
    "  --check-wording 语言\n"
    "                 另外以该语言 (zh) 生成每个用例的报告; 若在编号和商机\n"
    "                 自己的名称、笔记之外还留有英文词, 则该用例失败\n"
    "                 (供翻译规则手册的人使用)\n"
    "  --lang zh|en   规则文件错误消息的语言, 以及未指定语言的用例所用的语言\n"
    "                 (默认: en)\n"
    "  --coverage     然后按规则文件列出在这些用例上触发过的规则和从未触发的\n"
    "                 规则 (文件:行), 以及百分比; =csv 或 =json 只在标准输出上\n"
    "                 输出这些 (用例结果转到标准错误)\n"
    "  --min-coverage N  触发过的规则少于 N% 时失败 (退出码 5)\n"
    "\n"
    "每条建议还必须满足约定的性质: do_now 至多列出三个编号, 每个都是一个\n"
    "行动 (见 kb/advice_check.h)。\n"
    "规则运行失败的用例以规则的消息报告失败;\n"
    "'refused' 只匹配作为输入被拒绝的商机。断言中的发现、行动或策略编号\n"
    "若没有任何已加载的规则能够产生, 会给出警告 (拼写错误?)。\n"
    "\n"
    "退出码: 0 全部通过, 5 有用例失败 (或覆盖率低于 --min-coverage),\n"
    "2 测试文件无法读取或格式错误, 3 规则文件未能加载, 1 结果无法写出。\n";

#define DEFAULT_TEST_DATE "2026-11-22"

typedef struct test_case {
    char *name;
    int line;               /* where "=== name" is */
    char today[11];         /* a checked YYYY-MM-DD, or "" */
    char lang[3];           /* zh, en, or "" */
    dc_buf deal;            /* inline deal JSON */
    char *deal_file;        /* or a file, relative to the test file */
    json_t *history;        /* history: the deal-history fact's slots, or NULL */
    char **expect;          /* assertion lines */
    int *expect_line;
    size_t n_expect, cap_expect;
} test_case;

typedef struct runner {
    dc_coach *coach;
    dc_playbook *playbook;  /* to warn about ids no rule can assert */
    FILE *out;              /* where results go */
    const char *default_today;
    const char *default_lang;
    const char *wording_lang; /* --check-wording LANG, or NULL */
    int passed, failed, broken;
} runner;

/* What a case produced. advice is NULL when the deal was refused; errors
 * then says why. Only refusals of the deal reach errors: a case whose rules
 * fail to run fails before any assertion is checked. */
typedef struct outcome {
    json_t *advice, *questions, *errors, *warnings;
} outcome;

/* --- looking things up in the advice -------------------------------------------- */

/* The object of `list` whose "id" is `id`. Borrowed reference, or NULL. */
static json_t *item_by_id(json_t *list, const char *id)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        const char *item_id = json_string_value(json_object_get(item, "id"));
        if (item_id && strcmp(item_id, id) == 0) return item;
    }
    return NULL;
}

/* One step of a path: "name", "name[2]", "name[id]", chained "[a][b]".
 * Cuts `seg` in place. Borrowed reference, or NULL. */
static json_t *step(json_t *node, char *seg)
{
    char *bracket = strchr(seg, '[');
    if (bracket) *bracket = '\0';
    if (seg[0]) node = json_object_get(node, seg);
    while (node && bracket) {
        char *close = strchr(bracket + 1, ']');
        if (!close) return NULL;
        *close = '\0';
        const char *key = bracket + 1;
        node = isdigit((unsigned char)key[0]) ? json_array_get(node, strtoul(key, NULL, 10))
                                              : item_by_id(node, key);
        bracket = strchr(close + 1, '[');
    }
    return node;
}

/* Follow a path like "stage.next.missing", "findings[stage-inflated].because"
 * or "actions[0].id" through `root`, whatever its length. Borrowed
 * reference, or NULL. */
static json_t *lookup(json_t *root, const char *path)
{
    char *copy = strdup(path);
    json_t *node = copy ? root : NULL;
    for (char *seg = copy; node && seg;) {
        char *next = strchr(seg, '.');
        if (next) *next++ = '\0';
        node = step(node, seg);
        seg = next;
    }
    free(copy);
    return node;
}

/* An expected value as written: a JSON literal if it parses as one, else
 * the text itself. New reference. */
static json_t *expected_value(const char *text)
{
    json_t *v = json_loads(text, JSON_DECODE_ANY, NULL);
    return v ? v : json_string(text);
}

static int values_equal(json_t *a, json_t *b)
{
    if (json_is_number(a) && json_is_number(b)) return json_number_value(a) == json_number_value(b);
    return json_equal(a, b);
}

static int list_has(json_t *list, json_t *want)
{
    size_t i;
    json_t *item;
    json_array_foreach(list, i, item) {
        if (values_equal(item, want)) return 1;
        const char *id = json_string_value(json_object_get(item, "id"));
        if (id && json_is_string(want) && strcmp(id, json_string_value(want)) == 0) return 1;
    }
    return 0;
}

/* The longest value shown in a failure: the difference, not the advice. */
#define SHOWN_MAX 240

/* Append `v` for a person to compare: a list of items by their ids
 * ("[a, b, c]", "[] (none)"), anything else as compact JSON cut at
 * SHOWN_MAX bytes; "(absent)" when there is none. */
static void put_shown(dc_buf *b, json_t *v)
{
    size_t i;
    json_t *item;
    int by_id = json_is_array(v) && json_array_size(v) > 0;
    json_array_foreach(v, i, item) by_id &= json_is_string(json_object_get(item, "id"));
    if (json_is_array(v) && json_array_size(v) == 0) {
        dc_buf_puts(b, "[] (none)");
        return;
    }
    if (by_id) {
        dc_buf_puts(b, "[");
        json_array_foreach(v, i, item)
            dc_buf_printf(b, "%s%s", i ? ", " : "", json_string_value(json_object_get(item, "id")));
        dc_buf_puts(b, "]");
        return;
    }
    char *text = v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
    if (text && strlen(text) > SHOWN_MAX) {
        size_t n = dc_utf8_prefix(text, SHOWN_MAX);
        dc_buf_append(b, text, n);
        dc_buf_printf(b, "... (%zu bytes more)", strlen(text) - n);
    } else {
        dc_buf_puts(b, text ? text : "(absent)");
    }
    free(text);
}

/* Does any string of `list` contain `needle`? */
static int any_contains(json_t *list, const char *needle)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s)
        if (json_is_string(s) && strstr(json_string_value(s), needle)) return 1;
    return 0;
}

static const char *skip_spaces(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return s;
}

/* Cut the first word off *s in place and move *s past it and the blanks
 * after it. The word is "" when nothing is left. */
static char *next_word(char **s)
{
    char *word = *s + strspn(*s, " \t");
    char *end = word + strcspn(word, " \t");
    *s = end;
    if (*end) {
        *end = '\0';
        *s = end + 1 + strspn(end + 1, " \t");
    }
    return word;
}

/* A quoted text is a JSON string ("say \"hi\""): decode it in place. */
static void unquote(char *s)
{
    if (s[0] != '"') return;
    json_t *v = json_loads(s, JSON_DECODE_ANY, NULL);
    if (json_is_string(v)) memmove(s, json_string_value(v), strlen(json_string_value(v)) + 1);
    json_decref(v);
}

/* The list a shorthand like "finding X" looks in. */
static const char *shorthand_list(const char *word)
{
    static const char *const map[][2] = {
        {"finding", "findings"}, {"action", "actions"}, {"signal", "signals"},
        {"tactic", "tactics"}, {"warning", "warnings"}, {NULL, NULL}};
    for (int i = 0; map[i][0]; i++)
        if (strcmp(word, map[i][0]) == 0) return map[i][1];
    return NULL;
}

/* --- checking assertions ----------------------------------------------------------- */

/* One assertion line, cut in place: "[no] WORD REST". */
typedef struct assertion {
    int negate;
    char *word;
    char *rest;
} assertion;

/* "refused [TEXT]", and "warning [TEXT]" when the deal was refused. */
static int check_refusal(assertion *a, const outcome *o, dc_buf *why)
{
    int refused = strcmp(a->word, "refused") == 0;
    json_t *list = refused ? o->errors : o->warnings;
    unquote(a->rest);
    int ok = (!a->rest[0] ? json_array_size(list) > 0 : any_contains(list, a->rest)) != a->negate;
    if (refused && o->advice && !a->negate) ok = 0;
    dc_buf_printf(why, "expected %s%s \"%s\", got ", a->negate ? "no " : "", a->word, a->rest);
    if (refused && o->advice) dc_buf_puts(why, "advice (the deal was accepted)");
    else put_shown(why, list);
    return ok;
}

static int check_warning(assertion *a, const outcome *o, dc_buf *why)
{
    unquote(a->rest);
    int ok = any_contains(json_object_get(o->advice, "warnings"), a->rest) != a->negate;
    dc_buf_printf(why, "expected %swarning containing \"%s\"", a->negate ? "no " : "", a->rest);
    return ok;
}

/* "order A < B": action A has a lower priority number than B. */
static int check_order(assertion *a, const outcome *o, dc_buf *why)
{
    char *first = next_word(&a->rest), *less = next_word(&a->rest), *second = next_word(&a->rest);
    if (!first[0] || strcmp(less, "<") != 0 || !second[0] || a->rest[0]) {
        dc_buf_puts(why, "order wants: order ACTION < ACTION");
        return 0;
    }
    json_t *actions = json_object_get(o->advice, "actions");
    json_t *pa = json_object_get(item_by_id(actions, first), "priority");
    json_t *pb = json_object_get(item_by_id(actions, second), "priority");
    dc_buf_printf(why, "expected action %s before %s (priorities %" JSON_INTEGER_FORMAT
                  " and %" JSON_INTEGER_FORMAT ")", first, second, json_integer_value(pa),
                  json_integer_value(pb));
    return pa && pb && json_integer_value(pa) < json_integer_value(pb);
}

/* "question ID [VALUE]": the rules asked it (about VALUE). */
static int check_question(assertion *a, const outcome *o, dc_buf *why)
{
    char *id = next_word(&a->rest), *value = next_word(&a->rest);
    if (!id[0] || a->rest[0]) {
        dc_buf_puts(why, "question wants: question ID [VALUE]");
        return 0;
    }
    int found = 0;
    size_t i;
    json_t *q;
    json_array_foreach(o->questions, i, q) {
        const char *qid = json_string_value(json_object_get(q, "id"));
        const char *qv = json_string_value(json_object_get(q, "value"));
        if (qid && strcmp(qid, id) == 0 && (!value[0] || (qv && strcmp(qv, value) == 0))) found = 1;
    }
    dc_buf_printf(why, "expected %squestion %s%s%s, got ", a->negate ? "no " : "", id,
                  value[0] ? " " : "", value);
    put_shown(why, o->questions);
    return found != a->negate;
}

/* "finding ID [about X]" and the like: the list has ID (with X in its about). */
static int check_listed(assertion *a, const outcome *o, const char *list_name, dc_buf *why)
{
    char *id = next_word(&a->rest), *extra = a->rest;
    if (!id[0]) {
        dc_buf_printf(why, "%s wants an id", a->word);
        return 0;
    }
    json_t *list = json_object_get(o->advice, list_name), *want = json_string(id);
    int found = list_has(list, want);
    json_decref(want);
    if (found && strncmp(extra, "about ", 6) == 0) {
        /* X as written, or as the number it spells */
        json_t *about = json_string(skip_spaces(extra + 6)), *literal = expected_value(skip_spaces(extra + 6));
        json_t *abouts = json_object_get(item_by_id(list, id), "about");
        found = list_has(abouts, about) || list_has(abouts, literal);
        json_decref(about);
        json_decref(literal);
    }
    dc_buf_printf(why, "expected %s%s %s%s%s, got ", a->negate ? "no " : "", a->word, id,
                  extra[0] ? " " : "", extra);
    put_shown(why, list);
    return found != a->negate;
}

/* "PATH OP [VALUE]". */
static int check_path(assertion *a, const outcome *o, dc_buf *why)
{
    const char *path = a->word;
    char *op = next_word(&a->rest), *value = a->rest;
    if (!op[0]) {
        dc_buf_puts(why, "cannot read assertion (see tests/scenarios/README.md)");
        return 0;
    }
    json_t *got = lookup(o->advice, path);
    int ok;
    if (strcmp(op, "absent") == 0) ok = got == NULL;
    else if (strcmp(op, "present") == 0) ok = got != NULL;
    else if (strcmp(op, "contains") == 0) {
        unquote(value);
        ok = got && ((json_is_string(got) && strstr(json_string_value(got), value)) ||
                     any_contains(got, value));
    } else {
        json_t *want = expected_value(value);
        if (strcmp(op, "=") == 0) ok = got && values_equal(got, want);
        else if (strcmp(op, "!=") == 0) ok = !got || !values_equal(got, want);
        else if (strcmp(op, "has") == 0) ok = got && list_has(got, want);
        else if (strcmp(op, "lacks") == 0) ok = !got || !list_has(got, want);
        else ok = -1;
        json_decref(want);
    }
    if (ok == -1) {
        dc_buf_printf(why, "unknown operator '%s' (= != has lacks contains absent present)", op);
        return 0;
    }
    dc_buf_printf(why, "expected %s %s%s%s, got ", path, op, value[0] ? " " : "", value);
    put_shown(why, got);
    return ok != a->negate;
}

/* Check one assertion, the whole line however long. Returns 1 if it holds;
 * else 0 with the reason in `why`. */
static int check(const char *line, const outcome *o, dc_buf *why)
{
    char *copy = strdup(line);
    if (!copy) {
        dc_buf_puts(why, "out of memory");
        return 0;
    }
    assertion a = {0, NULL, copy};
    if (strncmp(copy, "no ", 3) == 0) {
        a.negate = 1;
        a.rest += 3;
    }
    a.word = next_word(&a.rest);
    const char *list_name = shorthand_list(a.word);
    int ok;
    if (!a.word[0]) {
        dc_buf_puts(why, "empty assertion");
        ok = 0;
    } else if (strcmp(a.word, "refused") == 0 || (strcmp(a.word, "warning") == 0 && !o->advice)) {
        ok = check_refusal(&a, o, why);
    } else if (!o->advice) {
        dc_buf_puts(why, "the deal was refused: ");
        put_shown(why, o->errors);
        ok = 0;
    } else if (strcmp(a.word, "warning") == 0) {
        ok = check_warning(&a, o, why);
    } else if (strcmp(a.word, "order") == 0) {
        ok = check_order(&a, o, why);
    } else if (strcmp(a.word, "question") == 0) {
        ok = check_question(&a, o, why);
    } else if (list_name) {
        ok = check_listed(&a, o, list_name, why);
    } else {
        ok = check_path(&a, o, why);
    }
    free(copy);
    return ok;
}

/* --- running a case ------------------------------------------------------------ */

/* `name` relative to the directory of `file`: malloc'd, NULL when out of memory. */
static char *beside(const char *file, const char *name)
{
    const char *slash = strrchr(file, '/');
    dc_buf b = DC_BUF_INIT;
    if (slash) dc_buf_append(&b, file, (size_t)(slash - file));
    else dc_buf_puts(&b, ".");
    dc_buf_printf(&b, "/%s", name);
    return dc_buf_take(&b);
}

/* Read and check the case's deal into *deal. DC_OK, or the status with the
 * refusal in o->errors. */
static int read_deal(runner *r, const char *file, test_case *tc, outcome *o, json_t **deal)
{
    json_t *input = NULL;
    const char *origin = tc->deal_file ? tc->deal_file : "deal";
    int rc;
    if (tc->deal_file) {
        char *path = beside(file, tc->deal_file);
        rc = path ? dc_deal_read_file(path, &input, o->errors) : DC_ENOMEM;
        free(path);
    } else {
        rc = dc_deal_parse(origin, tc->deal.s ? tc->deal.s : "", tc->deal.len, &input, o->errors);
    }
    if (!rc) rc = dc_coach_check(r->coach, origin, input, deal, o->errors, o->warnings);
    json_decref(input);
    return rc;
}

/* Advise on the checked deal into o. On failure prints why the case cannot
 * be judged and returns 0; else 1. */
static int advise(runner *r, const char *file, test_case *tc, json_t *deal, outcome *o)
{
    const char *today = tc->today[0] ? tc->today : r->default_today;
    const char *lang = tc->lang[0] ? tc->lang : r->default_lang;
    int rc = dc_coach_advise_history(r->coach, deal, tc->history, today, lang, o->warnings, &o->advice);
    if (rc == DC_ELIMIT || rc == DC_ERUNTIME) {
        fprintf(r->out, "%s:%d: case '%s': the rules failed while running: %s\n", file, tc->line, tc->name,
               dc_coach_message(r->coach));
        return 0;
    }
    if (!rc && !(o->questions = dc_coach_questions(r->coach))) rc = DC_ENOMEM;
    if (rc) {
        fprintf(r->out, "%s:%d: case '%s': no advice: %s\n", file, tc->line, tc->name,
               rc == DC_ENOMEM ? "out of memory" : dc_coach_message(r->coach));
        return 0;
    }
    return 1;
}

/* Warn when an assertion names a finding, action or tactic no loaded rule
 * can assert: "no finding big-deal-no-exec-sponsr" would pass forever. */
static void warn_unknown_id(runner *r, const char *file, int line, test_case *tc, const char *line_text)
{
    char word[32], id[256];
    const char *a = strncmp(line_text, "no ", 3) == 0 ? line_text + 3 : line_text;
    if (!r->playbook || sscanf(a, "%31s %255s", word, id) != 2) return;
    const char *kind = strcmp(word, "order") == 0 ? "action" : word;
    if (strcmp(kind, "finding") && strcmp(kind, "action") && strcmp(kind, "tactic")) return;
    json_t *producers = dc_playbook_producers(r->playbook, kind, id);
    if (producers && json_array_size(producers) == 0)
        fprintf(r->out, "%s:%d: case '%s': warning: no loaded rule can assert %s %s (a typo in the id?)\n",
                file, line, tc->name, kind, id);
    json_decref(producers);
}

/* Check every assertion of the case, printing each that fails. 1 if all hold. */
static int check_all(runner *r, const char *file, test_case *tc, const outcome *o)
{
    int ok = 1;
    if (tc->n_expect == 0) {
        fprintf(r->out, "%s:%d: case '%s': no expectations (a case must check something)\n", file, tc->line, tc->name);
        return 0;
    }
    for (size_t i = 0; i < tc->n_expect; i++) {
        dc_buf why = DC_BUF_INIT;
        warn_unknown_id(r, file, tc->expect_line[i], tc, tc->expect[i]);
        int holds = check(tc->expect[i], o, &why);
        char *text = dc_buf_take(&why);
        if (!holds) {
            fprintf(r->out, "%s:%d: case '%s': %s\n", file, tc->expect_line[i], tc->name, text ? text : "out of memory");
            ok = 0;
        }
        free(text);
    }
    return ok;
}

/* The properties every advice has (advice_check.h), checked on every case
 * that gave advice. 1 if they hold. */
static int check_properties(runner *r, const char *file, test_case *tc, const outcome *o)
{
    dc_buf why = DC_BUF_INIT;
    int ok = dc_advice_check(o->advice, &why);
    char *text = dc_buf_take(&why);
    if (!ok) fprintf(r->out, "%s:%d: case '%s': advice property broken: %s\n", file, tc->line, tc->name,
                    text ? text : "out of memory");
    free(text);
    /* The report's first screen: the diagnosis, then the do_now actions. */
    const char *lang = tc->lang[0] ? tc->lang : r->default_lang;
    char *report = dc_report_render(dc_coach_catalog(r->coach), lang, o->advice, NULL, 0);
    if (!report || !dc_report_opening_ok(dc_coach_catalog(r->coach), lang, o->advice, report)) {
        fprintf(r->out, "%s:%d: case '%s': the report does not open with the diagnosis and the do_now actions\n",
                file, tc->line, tc->name);
        ok = 0;
    }
    free(report);
    return ok;
}

/* With --check-wording: the case's report in that language keeps no
 * English outside ids and the deal's own words. Prints what is left and
 * returns 0 when it does. */
static int check_wording(runner *r, const char *file, test_case *tc, json_t *deal)
{
    const char *today = tc->today[0] ? tc->today : r->default_today;
    json_t *advice = NULL, *left = json_array();
    int rc = left ? dc_coach_advise_history(r->coach, deal, tc->history, today, r->wording_lang, NULL, &advice)
                  : DC_ENOMEM;
    if (!rc) rc = dc_report_untranslated(dc_coach_catalog(r->coach), r->wording_lang, advice, deal, left);
    if (!rc && json_array_size(left)) {
        char *words = json_dumps(left, JSON_COMPACT);
        fprintf(r->out, "%s:%d: case '%s': the %s report keeps English words %s: give them a label.ID,\n"
               "  field.PATH or phrase.WORDS in kb/messages/*.%s.txt (see kb/phrases.h)\n",
               file, tc->line, tc->name, r->wording_lang, words ? words : "", r->wording_lang);
        free(words);
    } else if (rc) {
        fprintf(r->out, "%s:%d: case '%s': no %s report: %s\n", file, tc->line, tc->name, r->wording_lang,
               rc == DC_ENOMEM ? "out of memory" : dc_coach_message(r->coach));
    }
    int ok = !rc && json_array_size(left) == 0;
    json_decref(advice);
    json_decref(left);
    return ok;
}

static void run_case(runner *r, const char *file, test_case *tc)
{
    outcome o = {NULL, NULL, json_array(), json_array()};
    json_t *deal = NULL;
    int ok;
    if (!o.errors || !o.warnings) {
        fprintf(r->out, "%s:%d: case '%s': out of memory\n", file, tc->line, tc->name);
        ok = 0;
    } else if (read_deal(r, file, tc, &o, &deal) == DC_OK) {
        ok = advise(r, file, tc, deal, &o) && check_properties(r, file, tc, &o) & check_all(r, file, tc, &o);
        if (ok && r->wording_lang) ok = check_wording(r, file, tc, deal);
    } else {
        ok = check_all(r, file, tc, &o);
    }
    if (ok) r->passed++;
    else r->failed++;
    json_decref(o.advice);
    json_decref(o.questions);
    json_decref(o.errors);
    json_decref(o.warnings);
    json_decref(deal);
}

static void clear_case(test_case *tc)
{
    for (size_t i = 0; i < tc->n_expect; i++) free(tc->expect[i]);
    free(tc->expect);
    free(tc->expect_line);
    free(tc->name);
    free(tc->deal_file);
    free(dc_buf_take(&tc->deal));
    json_decref(tc->history);
    memset(tc, 0, sizeof *tc);
}

static int add_expect(test_case *tc, const char *line, int lineno)
{
    if (tc->n_expect == tc->cap_expect) {
        size_t cap = tc->cap_expect ? tc->cap_expect * 2 : 16;
        char **e = realloc(tc->expect, cap * sizeof *e);
        if (!e) return -1;
        tc->expect = e;
        int *l = realloc(tc->expect_line, cap * sizeof *l);
        if (!l) return -1;
        tc->expect_line = l;
        tc->cap_expect = cap;
    }
    if (!(tc->expect[tc->n_expect] = strdup(line))) return -1;
    tc->expect_line[tc->n_expect++] = lineno;
    return 0;
}

/* --- reading a scenario file ------------------------------------------------------- */

/* Where a scenario file is being read, and the case being gathered. */
typedef struct reader {
    runner *r;
    const char *file;
    int lineno;
    enum { OUTSIDE, HEADER, DEAL, EXPECT } state;
    test_case tc;
} reader;

/* Print "dealcoach test: FILE:LINE: message" and return -1. */
static int malformed(const reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int malformed(const reader *rd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "dealcoach test: %s:%d: ", rd->file, rd->lineno);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

/* The value of a "key: value" header line, without surrounding blanks. */
static char *header_value(char *t, size_t key_len)
{
    char *v = (char *)skip_spaces(t + key_len);
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) v[--n] = '\0';
    return v;
}

static int set_today(reader *rd, const char *value)
{
    long days;
    if (!dc_date_parse(value, &days)) return malformed(rd, "today: '%s' is not a date YYYY-MM-DD", value);
    memcpy(rd->tc.today, value, sizeof rd->tc.today); /* exactly 10 characters and the NUL */
    return 0;
}

static int set_lang(reader *rd, const char *value)
{
    if (strcmp(value, "zh") != 0 && strcmp(value, "en") != 0)
        return malformed(rd, "lang: unknown language '%s' (zh or en)", value);
    memcpy(rd->tc.lang, value, sizeof rd->tc.lang);
    return 0;
}

static int set_deal_file(reader *rd, const char *value)
{
    if (!value[0]) return malformed(rd, "deal-file: wants a file name");
    free(rd->tc.deal_file);
    if (!(rd->tc.deal_file = strdup(value))) return malformed(rd, "out of memory");
    return 0;
}

/* history: a one-line JSON object, the slots of the deal-history fact
 * (rules/00-schema.clp) as dealcoach would read them from the store. */
static int set_history(reader *rd, const char *value)
{
    json_error_t err;
    json_t *h = json_loads(value, 0, &err);
    if (!json_is_object(h)) {
        json_decref(h);
        return malformed(rd, "history: expected a JSON object on one line%s%s", h ? "" : ": ",
                         h ? "" : err.text);
    }
    json_decref(rd->tc.history);
    rd->tc.history = h;
    return 0;
}

/* A line of a case's header: today:, lang:, history:, deal-file:, deal: or expect:. */
static int take_header(reader *rd, char *t)
{
    if (strcmp(t, "expect:") == 0) rd->state = EXPECT;
    else if (strcmp(t, "deal:") == 0) rd->state = DEAL;
    else if (strncmp(t, "today:", 6) == 0) return set_today(rd, header_value(t, 6));
    else if (strncmp(t, "lang:", 5) == 0) return set_lang(rd, header_value(t, 5));
    else if (strncmp(t, "history:", 8) == 0) return set_history(rd, header_value(t, 8));
    else if (strncmp(t, "deal-file:", 10) == 0) return set_deal_file(rd, header_value(t, 10));
    else return malformed(rd, "expected today:, lang:, history:, deal:, deal-file: or expect:");
    return 0;
}

/* Start a case at "=== name", running the one before. */
static int start_case(reader *rd, const char *line)
{
    if (rd->state != OUTSIDE) run_case(rd->r, rd->file, &rd->tc);
    clear_case(&rd->tc);
    if (!(rd->tc.name = strdup(skip_spaces(line + 3)))) return malformed(rd, "out of memory");
    rd->tc.line = rd->lineno;
    rd->state = HEADER;
    return 0;
}

/* Take one line (its newline removed). 0, or -1 if the file is malformed. */
static int take_line(reader *rd, char *line)
{
    if (strncmp(line, "===", 3) == 0) return start_case(rd, line);
    char *t = (char *)skip_spaces(line);
    if (rd->state == DEAL && strcmp(t, "expect:") != 0) {
        dc_buf_puts(&rd->tc.deal, line);
        dc_buf_puts(&rd->tc.deal, "\n");
        return rd->tc.deal.failed ? malformed(rd, "out of memory") : 0;
    }
    if (!*t || *t == '#') return 0;
    if (rd->state == OUTSIDE) return malformed(rd, "expected '=== case name'");
    if (rd->state == EXPECT && strcmp(t, "expect:") != 0)
        return add_expect(&rd->tc, t, rd->lineno) ? malformed(rd, "out of memory") : 0;
    return take_header(rd, t);
}

/* Parse and run the cases of one file, reading whole lines however long.
 * Returns 0, or -1 if the file is unreadable or malformed (message printed). */
static int run_file(runner *r, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        fprintf(stderr, "dealcoach test: %s: %s\n", file, strerror(errno));
        return -1;
    }
    reader rd = {r, file, 0, OUTSIDE, {0}};
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    int bad = 0;
    while (!bad && (len = getline(&line, &cap, f)) != -1) {
        rd.lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) line[--len] = '\0';
        if (strlen(line) != (size_t)len) bad = malformed(&rd, "a NUL byte in the line");
        else bad = take_line(&rd, line);
    }
    if (!bad && !feof(f)) {
        fprintf(stderr, "dealcoach test: %s: %s\n", file, strerror(errno));
        bad = -1;
    }
    if (!bad && rd.state != OUTSIDE) run_case(r, file, &rd.tc);
    clear_case(&rd.tc);
    free(line);
    fclose(f);
    return bad ? -1 : 0;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A file, or every *.test under a directory (in name order). */
static int run_path(runner *r, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "dealcoach test: %s: %s\n", path, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(r, path);
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "dealcoach test: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *ent;
    int rc = 0;
    while ((ent = readdir(d))) {
        size_t len = strlen(ent->d_name);
        if (ent->d_name[0] == '.') continue;
        char *full = dc_path_join(path, ent->d_name);
        if (!full) { rc = -1; break; }
        struct stat sub;
        int is_dir = stat(full, &sub) == 0 && S_ISDIR(sub.st_mode);
        if (!is_dir && (len < 5 || strcmp(ent->d_name + len - 5, ".test") != 0)) {
            free(full);
            continue;
        }
        if (n == cap) {
            cap = cap ? cap * 2 : 32;
            char **grown = realloc(names, cap * sizeof *grown);
            if (!grown) { free(full); rc = -1; break; }
            names = grown;
        }
        names[n++] = full;
    }
    closedir(d);
    if (names) qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0 && run_path(r, names[i])) rc = -1;
        free(names[i]);
    }
    free(names);
    return rc;
}

/* Take "--check-wording LANG" out of argv (the shared parser does not know
 * it). Returns 0, or -1 after a message when the value is missing or not
 * a language other than English. */
static int take_wording_option(int *argc, char **argv, const char **lang)
{
    int w = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc) argv[w++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--check-wording") != 0) {
            argv[w++] = argv[i];
            continue;
        }
        if (i + 1 >= *argc || strcmp(argv[i + 1], "zh") != 0) {
            fprintf(stderr, "dealcoach test: --check-wording takes a language other than English: zh\n");
            return -1;
        }
        *lang = argv[++i];
    }
    *argc = w;
    argv[w] = NULL;
    return 0;
}

int cmd_test(int argc, char **argv)
{
    dc_options o;
    runner r = {.out = stdout, .default_today = DEFAULT_TEST_DATE, .default_lang = "en"};
    json_t *coverage = NULL;
    int code = DC_EXIT_OK;
    if (take_wording_option(&argc, argv, &r.wording_lang)) return DC_EXIT_INPUT;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_TODAY | OPT_LANG | OPT_COVERAGE);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "dealcoach test: no test file or directory given (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &r.coach))) goto out;
    if (o.today) r.default_today = o.today;
    if (o.coverage && strcmp(o.coverage, "text") != 0) r.out = stderr;
    r.playbook = dc_playbook_read(dc_coach_rule_files(r.coach), dc_coach_engine(r.coach));
    if (o.lang) r.default_lang = o.lang;
    for (size_t i = 0; i < o.n_args; i++)
        if (run_path(&r, o.args[i])) r.broken = 1;
    code = r.broken ? DC_EXIT_INPUT : r.failed ? DC_EXIT_TESTS : DC_EXIT_OK;
    if (o.coverage && !r.broken) {
        if (!(coverage = dc_coverage(r.coach))) {
            fprintf(stderr, "dealcoach test: out of memory\n");
            code = DC_EXIT_INTERNAL;
            goto out;
        }
        char *text = strcmp(o.coverage, "csv") == 0    ? dc_coverage_csv(coverage)
                     : strcmp(o.coverage, "json") == 0 ? json_dumps(coverage, JSON_INDENT(2) | JSON_PRESERVE_ORDER)
                                                       : dc_coverage_text(coverage);
        int written = text ? dc_setup_output(text) : DC_EXIT_INTERNAL;
        if (!written && strcmp(o.coverage, "json") == 0) written = dc_setup_output("\n");
        free(text);
        if (written) code = DC_EXIT_INTERNAL;
        double got = json_real_value(json_object_get(coverage, "percent"));
        if (o.min_coverage >= 0 && got < o.min_coverage) {
            fprintf(r.out, "coverage %.1f%% is under --min-coverage %g%%\n", got, o.min_coverage);
            if (!code) code = DC_EXIT_TESTS;
        }
    }
    fprintf(r.out, "%d passed, %d failed\n", r.passed, r.failed);
    if (dc_setup_finish_output()) code = DC_EXIT_INTERNAL;
out:
    json_decref(coverage);
    dc_playbook_free(r.playbook);
    dc_coach_free(r.coach);
    dc_options_free(&o);
    return code;
}
