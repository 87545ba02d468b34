/* cmd_whynot.c - `dealcoach why-not`: why a finding, action or tactic is
 * not in a deal's advice. */
#include <stdio.h>
#include <stdlib.h>

#include "coach/whynot.h"
#include "commands.h"
#include "exitcodes.h"
#include "setup.h"

static const char help_en[] =
    "usage: dealcoach why-not [--rules PATH]... [--lang zh|en] [--today YYYY-MM-DD] DEAL ID\n"
    "\n"
    "Why the advice on DEAL (a deal file) has no finding, action or tactic ID:\n"
    "the rules that could assert it (read from their text), and for each the\n"
    "first of its conditions that does not hold on this deal, with the fact\n"
    "that came closest and the tests it fails. An ID no loaded rule asserts is\n"
    "said so, with the ids it may be a typo of.\n"
    "\n"
    "  --rules PATH   also load a rule file or directory (repeatable)\n"
    "  --lang zh|en   the language of the explanation\n"
    "  --today DATE   evaluate as of DATE (default: today)\n"
    "\n"
    "Exit: 0 explained, 2 the deal is refused, no loaded rule asserts ID, or\n"
    "bad usage, 3 a rule file did not load, 4 the rules failed while running,\n"
    "1 internal failure.\n";

static const char help_zh[] =
    "用法: dealcoach why-not [--rules 路径]... [--lang zh|en] [--today YYYY-MM-DD] 商机 ID\n"
    "\n"
    "为什么对商机文件的建议中没有发现、行动或策略 ID: 列出能产生它的规则\n"
    "(从规则文本读出), 以及每条规则在这个商机上第一个不成立的条件、最接近\n"
    "的事实和它不满足的检验。没有任何已加载的规则能产生该 ID 时, 直接说明,\n"
    "并列出可能被拼错的 ID。\n"
    "\n"
    "  --rules 路径   另外加载一个规则文件或目录 (可重复)\n"
    "  --lang zh|en   说明的语言\n"
    "  --today 日期   按该日期评估 (默认: 今天)\n"
    "\n"
    "退出码: 0 已说明, 2 商机被拒绝、没有已加载的规则能产生该 ID 或用法错误,\n"
    "3 规则文件未能加载, 4 规则运行失败, 1 内部错误。\n";

int cmd_whynot(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    json_t *deal = NULL, *advice = NULL;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_LANG | OPT_TODAY);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        goto out;
    }
    if (o.n_args != 2) {
        fprintf(stderr, "dealcoach why-not: wants a deal file and an id (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    const char *lang = dc_setup_lang(&o);
    if ((code = dc_setup_coach_probing(&o, &c)) || (code = dc_setup_deal(c, o.args[0], lang, &deal))) goto out;
    dc_coach_keep_facts(c, 1); /* why-not probes the facts of the run */
    char today[11];
    int rc;
    if ((rc = dc_coach_advise(c, deal, dc_setup_today(&o, today), lang, NULL, &advice))) {
        fprintf(stderr, "dealcoach: %s: %s\n", o.args[0], dc_coach_message(c));
        code = rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL;
        goto out;
    }
    int unknown;
    char *text = dc_why_not(c, lang, o.args[1], &unknown);
    code = text ? dc_setup_output(text) : DC_EXIT_INTERNAL;
    if (code == DC_EXIT_OK && unknown) code = DC_EXIT_INPUT;
    free(text);
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    json_decref(deal);
    json_decref(advice);
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
