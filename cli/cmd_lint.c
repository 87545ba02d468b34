/* cmd_lint.c - `dealcoach lint`: check a playbook without a deal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/lint.h"
#include "commands.h"
#include "exitcodes.h"
#include "setup.h"

static const char help_en[] =
    "usage: dealcoach lint [--rules PATH]... [--strict] [--json [--pretty]] [--lang zh|en]\n"
    "\n"
    "Check the shipped playbook and the given rule files without a deal, for\n"
    "what CLIPS accepts but a coach gets wrong. Each problem is printed as\n"
    "FILE:LINE: error|warning: MESSAGE [CHECK]; the last line counts them.\n"
    "\n"
    "Checks: no-text (an id without a text in en or zh), unused-text (a\n"
    "catalog text no rule can assert), no-rank, no-severity, no-doc (a rule\n"
    "without a documentation comment), severity-conflict, never-asserted (a\n"
    "rule matches a template nothing asserts), salience-band (outside the\n"
    "layers documented in rules/00-schema.clp), threshold-gap and\n"
    "threshold-overlap (deffacts bands with min/max slots).\n"
    "\n"
    "  --rules PATH   a rule file or directory to load after the shipped\n"
    "                 playbook (repeatable); DIR/messages/*.txt catalogs too\n"
    "  --strict       warnings fail too\n"
    "  --json         the problems as a JSON array, on one line\n"
    "  --pretty       with --json: indented\n"
    "  --lang zh|en   the language of this help and of rule-file errors (the\n"
    "                 problems found are in English)\n"
    "\n"
    "Exit: 0 clean (warnings allowed unless --strict), 6 problems found,\n"
    "3 a rule file did not load, 1 internal failure.\n";

static const char help_zh[] =
    "用法: dealcoach lint [--rules 路径]... [--strict] [--json [--pretty]] [--lang zh|en]\n"
    "\n"
    "不用商机, 检查内置规则手册和给出的规则文件, 找出 CLIPS 能接受但教练\n"
    "容易写错的地方。每个问题显示为\n"
    "文件:行: error|warning: 消息 [检查项]; 最后一行是计数。\n"
    "\n"
    "检查项: no-text (某个编号在 en 或 zh 中没有文字), unused-text (没有规则\n"
    "能产生的目录文字), no-rank, no-severity, no-doc (规则没有文档注释),\n"
    "severity-conflict, never-asserted (规则匹配的模板从未被断言),\n"
    "salience-band (超出 rules/00-schema.clp 中说明的层次), threshold-gap 和\n"
    "threshold-overlap (带 min/max 槽的 deffacts 区间)。\n"
    "\n"
    "  --rules 路径   在内置规则手册之后加载的规则文件或目录\n"
    "                 (可重复); 也加载 目录/messages/*.txt 目录文件\n"
    "  --strict       警告也算失败\n"
    "  --json         以 JSON 数组输出问题, 占一行\n"
    "  --pretty       与 --json 一起: 缩进显示\n"
    "  --lang zh|en   本帮助和规则文件错误消息的语言 (发现的问题\n"
    "                 以英文报告)\n"
    "\n"
    "退出码: 0 没有问题 (除非 --strict, 允许有警告), 6 发现问题,\n"
    "3 规则文件未能加载, 1 内部错误。\n";

int cmd_lint(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    json_t *problems = NULL;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_STRICT | OPT_JSON | OPT_LANG);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.n_args) {
        fprintf(stderr, "dealcoach lint: unexpected argument '%s' (rule files go after --rules)\n", o.args[0]);
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &c))) goto out;
    if (!(problems = dc_lint(c, dc_setup_lang(&o)))) {
        fprintf(stderr, "dealcoach lint: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    size_t i, errors = 0, warnings = 0;
    json_t *p;
    json_array_foreach(problems, i, p) {
        int error = strcmp(json_string_value(json_object_get(p, "severity")), "error") == 0;
        errors += error;
        warnings += !error;
        if (!o.json)
            printf("%s:%" JSON_INTEGER_FORMAT ": %s: %s [%s]\n", json_string_value(json_object_get(p, "file")),
                   json_integer_value(json_object_get(p, "line")), error ? "error" : "warning",
                   json_string_value(json_object_get(p, "message")),
                   json_string_value(json_object_get(p, "check")));
    }
    if (o.json) {
        code = dc_setup_output_json(&o, problems);
    } else {
        char e[32], w[32];
        snprintf(e, sizeof e, "%zu", errors);
        snprintf(w, sizeof w, "%zu", warnings);
        const char *args[] = {e, w};
        const char *key = errors == 1 ? (warnings == 1 ? "lint.summary-1-1" : "lint.summary-1-n")
                                      : (warnings == 1 ? "lint.summary-n-1" : "lint.summary-n-n");
        char *line = dc_catalog_fill(dc_coach_catalog(c), dc_setup_lang(&o), key, "{1} errors, {2} warnings", args, 2);
        if (line) printf("%s\n", line);
        else code = DC_EXIT_INTERNAL;
        free(line);
    }
    if (!code && (errors || (o.strict && warnings))) code = DC_EXIT_LINT;
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    json_decref(problems);
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
