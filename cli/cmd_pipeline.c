/* cmd_pipeline.c - `dealcoach pipeline`: many deals at once, from the store
 * or from deal files and JSON Lines files. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "deal.h"
#include "exitcodes.h"
#include "pipeline_view.h"
#include "setup.h"
#include "store.h"

static const char help_en[] =
    "usage: dealcoach pipeline [--db PATH | FILE...] [--json [--pretty]] [--lang zh|en]\n"
    "                          [--today YYYY-MM-DD] [--rules PATH]...\n"
    "                          [--stage STAGE] [--owner NAME] [--at-risk] [--sort KEY]\n"
    "                          [--since YYYY-MM-DD] [--html FILE]\n"
    "\n"
    "Every deal on one line: customer, amount, claimed versus evidenced stage,\n"
    "win %, weighted amount, expected close, days in the current stage, the top\n"
    "risk and the first move. Deals come from the store (as the session's), or\n"
    "from the FILEs given: a deal file (spec §1 JSON) or a JSON Lines file\n"
    "(*.jsonl, *.ndjson, or - for standard input: one deal per line). Deals\n"
    "from the store are advised with their history (stalled, close date pushed,\n"
    "stage gone backwards, no recent update); archived deals are left out.\n"
    "\n"
    "  --db PATH        the deal store (default: $DEALCOACH_DB, else\n"
    "                   ~/.local/share/dealcoach/deals.db)\n"
    "  --json           print the pipeline as one JSON object (spec §8) on one line\n"
    "  --pretty         with --json: indent it\n"
    "  --lang zh|en     language of the texts (default: from the locale)\n"
    "  --today DATE     evaluate as of DATE (default: today); the history after\n"
    "                   it is not seen\n"
    "  --rules PATH     also load a rule file or directory after the playbook\n"
    "  --stage STAGE    only deals whose evidenced stage is STAGE\n"
    "  --owner NAME     only deals whose owner is NAME\n"
    "  --at-risk        only deals whose top risk is of high severity\n"
    "  --sort KEY       weighted (default), amount, win, close, days, stage, id,\n"
    "                   customer; numbers largest first, close soonest first\n"
    "  --since DATE     also what changed since DATE (from the store's history):\n"
    "                   deals new, advanced, gone back, close dates pushed out or\n"
    "                   pulled in, won, lost\n"
    "  --html FILE      also write the report as one HTML file, with the funnel\n"
    "                   and velocity charts as SVG (drawn with cairo)\n"
    "\n"
    "Below the deals: the funnel's four measures (capacity, uniformity, slope,\n"
    "velocity) as bar charts, and its findings and actions (rules/funnel/).\n"
    "\n"
    "Exit: 0 shown, 2 bad usage or a deal refused (the others are shown), 3 a\n"
    "rule file did not load, 4 the rules failed, 1 internal failure.\n";

static const char help_zh[] =
    "用法: dealcoach pipeline [--db 路径 | 文件...] [--json [--pretty]] [--lang zh|en]\n"
    "                         [--today YYYY-MM-DD] [--rules 路径]...\n"
    "                         [--stage 阶段] [--owner 负责人] [--at-risk] [--sort 键]\n"
    "                         [--since YYYY-MM-DD] [--html 文件]\n"
    "\n"
    "每个商机占一行: 客户、金额、声称与证实的阶段、赢率、加权金额、预计成交日期、\n"
    "在当前阶段的天数、首要风险和第一步行动。商机来自商机库 (与会话相同), 或来自\n"
    "给出的文件: 商机文件 (规格 §1 的 JSON) 或 JSON Lines 文件 (*.jsonl、\n"
    "*.ndjson, 或 - 表示标准输入: 每行一个商机)。商机库中的商机结合其历史给出\n"
    "建议 (停滞、成交日期推迟、阶段倒退、长期未更新); 已归档的商机不列出。\n"
    "\n"
    "  --db 路径        商机库 (默认: $DEALCOACH_DB, 否则\n"
    "                   ~/.local/share/dealcoach/deals.db)\n"
    "  --json           以一个 JSON 对象 (规格 §8) 输出, 占一行\n"
    "  --pretty         与 --json 一起: 缩进显示\n"
    "  --lang zh|en     文字的语言 (默认: 取自语言环境)\n"
    "  --today 日期     按该日期评估 (默认: 今天); 看不到其后的历史\n"
    "  --rules 路径     在规则手册之后另外加载规则文件或目录\n"
    "  --stage 阶段     只列出证实阶段为该阶段的商机\n"
    "  --owner 负责人   只列出该负责人的商机\n"
    "  --at-risk        只列出首要风险为高的商机\n"
    "  --sort 键        weighted (默认)、amount、win、close、days、stage、id、\n"
    "                   customer; 数字从大到小, 成交日期从近到远\n"
    "  --since 日期     另外列出自该日期以来的变化 (取自商机库的历史): 新增、推进、\n"
    "                   倒退、成交日期推迟或提前、成交、丢单\n"
    "  --html 文件      另外把报告写成一个 HTML 文件, 其中漏斗和流速图为 SVG\n"
    "                   (用 cairo 绘制)\n"
    "\n"
    "商机列表之后: 漏斗的四项指标 (粗细、均匀、斜率、流速) 的条形图, 以及漏斗的\n"
    "发现和行动 (rules/funnel/)。\n"
    "\n"
    "退出码: 0 已显示, 2 用法错误或有商机被拒 (其余照常显示), 3 规则文件未能\n"
    "加载, 4 规则运行失败, 1 内部错误。\n";

static void print_list(json_t *list, const char *prefix)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) fprintf(stderr, "dealcoach: %s%s\n", prefix, json_string_value(s));
    json_array_clear(list);
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

static int exit_code(int rc)
{
    return rc == DC_OK ? DC_EXIT_OK
         : rc == DC_EINPUT ? DC_EXIT_INPUT
         : rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN
         : DC_EXIT_INTERNAL;
}

/* Add one parsed deal; refusals are printed and counted, not fatal. */
static int add_one(dc_pipeline *p, const char *origin, json_t *input, int *code)
{
    json_t *errors = json_array(), *warnings = json_array();
    int rc = dc_pipeline_add(p, origin, input, NULL, errors, warnings);
    print_list(errors, "");
    print_list(warnings, "warning: ");
    json_decref(errors);
    json_decref(warnings);
    if (rc == DC_EINPUT) {
        *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
        return DC_OK;
    }
    if (rc) fprintf(stderr, "dealcoach: %s\n", dc_pipeline_message(p));
    return rc;
}

/* A JSON Lines file: one deal per line, blank lines skipped, each line
 * named FILE:LINE in messages. */
static int add_lines(dc_pipeline *p, const char *path, int *code)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!f) {
        fprintf(stderr, "dealcoach: %s: %s\n", path, strerror(errno));
        *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
        return DC_OK;
    }
    char *line = NULL, origin[4200];
    size_t cap = 0;
    ssize_t len;
    long no = 0;
    int rc = DC_OK;
    while (rc == DC_OK && (len = getline(&line, &cap, f)) >= 0) {
        no++;
        if (strspn(line, " \t\r\n") == (size_t)len) continue;
        snprintf(origin, sizeof origin, "%s:%ld", path, no);
        json_t *errors = json_array(), *input = NULL;
        if (dc_deal_parse(origin, line, (size_t)len, &input, errors) == DC_OK)
            rc = add_one(p, origin, input, code);
        else
            *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
        print_list(errors, "");
        json_decref(errors);
        json_decref(input);
    }
    if (ferror(f)) {
        fprintf(stderr, "dealcoach: %s: read error: %s\n", path, strerror(errno));
        *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
    }
    free(line);
    if (f != stdin) fclose(f);
    return rc;
}

static int add_file(dc_pipeline *p, const char *path, int *code)
{
    if (strcmp(path, "-") == 0 || ends_with(path, ".jsonl") || ends_with(path, ".ndjson"))
        return add_lines(p, path, code);
    json_t *errors = json_array(), *input = NULL;
    int rc = DC_OK;
    if (dc_deal_read_file(path, &input, errors) == DC_OK) rc = add_one(p, path, input, code);
    else *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
    print_list(errors, "");
    json_decref(errors);
    json_decref(input);
    return rc;
}

/* The deals of the store at `path`. A store that does not exist yet is
 * an empty pipeline, and is not created. */
static int add_store(dc_pipeline *p, const char *path, int *code)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ENOENT) return DC_OK;
    dc_store *s = dc_store_new();
    if (!s) return DC_ENOMEM;
    int rc = dc_store_open(s, path);
    if (rc) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(s));
        dc_store_free(s);
        return rc;
    }
    json_t *errors = json_array(), *warnings = json_array();
    rc = dc_pipeline_add_store(p, s, errors, warnings);
    print_list(errors, "");
    print_list(warnings, "warning: ");
    if (rc == DC_EINPUT) {
        *code = dc_exit_most_severe(*code, DC_EXIT_INPUT);
        rc = DC_OK;
    } else if (rc) {
        fprintf(stderr, "dealcoach: %s\n", dc_pipeline_message(p));
    }
    json_decref(errors);
    json_decref(warnings);
    dc_store_free(s);
    return rc;
}

int cmd_pipeline(int argc, char **argv)
{
    pipeline_view view;
    dc_options o;
    dc_coach *c = NULL;
    dc_pipeline *p = NULL;
    char *db = NULL, *text = NULL;
    json_t *json = NULL;
    int code = DC_EXIT_OK, rc = DC_OK;
    memset(&view, 0, sizeof view);
    if (pipeline_view_options(&view, &argc, argv, "dealcoach pipeline", stderr)) return DC_EXIT_INPUT;
    int parsed = dc_options_parse(&o, argc, argv, OPT_JSON | OPT_LANG | OPT_TODAY | OPT_RULES | OPT_DB);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.db && o.n_args) {
        fprintf(stderr, "dealcoach pipeline: give either --db or deal files, not both\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &c))) goto out;
    char today_buf[11];
    p = dc_pipeline_new(c, dc_setup_today(&o, today_buf), dc_setup_lang(&o));
    if (!p) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    for (size_t i = 0; rc == DC_OK && i < o.n_args; i++) rc = add_file(p, o.args[i], &code);
    if (!o.n_args) {
        if (!(db = o.db ? strdup(o.db) : dc_store_default_path())) rc = DC_ENOMEM;
        else rc = add_store(p, db, &code);
    }
    if (rc) {
        if (rc == DC_ENOMEM) fprintf(stderr, "dealcoach: out of memory\n");
        code = dc_exit_most_severe(code, exit_code(rc));
        goto out;
    }
    char msg[2048];
    if (o.json) rc = pipeline_view_json(&view, p, &json, msg, sizeof msg);
    else rc = pipeline_view_render(&view, p, isatty(STDOUT_FILENO) && !getenv("NO_COLOR"), &text,
                                   msg, sizeof msg);
    if (rc) {
        fprintf(stderr, "dealcoach pipeline: %s\n", msg);
        code = dc_exit_most_severe(code, rc == DC_ERULES ? DC_EXIT_RULES
                                         : rc == DC_EIO && view.html ? DC_EXIT_INPUT : exit_code(rc));
        goto out;
    }
    code = dc_exit_most_severe(code, json ? dc_setup_output_json(&o, json) : dc_setup_output(text));
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    free(text);
    json_decref(json);
    free(db);
    dc_pipeline_free(p);
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
