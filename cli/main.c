/* main.c - dealcoach: set up, dispatch to a subcommand, report.
 *
 * With no subcommand (or only session options) it opens the interactive
 * coaching session. Each subcommand lives in its own cmd_*.c. */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asan.h"
#include "commands.h"
#include "exitcodes.h"
#include "heap.h"
#include "json_blocks.h"
#include "setup.h"

static const char usage_en[] =
    "usage: dealcoach [--db PATH] [--lang zh|en] [--today YYYY-MM-DD] [--rules PATH]...\n"
    "       dealcoach SUBCOMMAND [OPTION]... [ARG]...\n"
    "       dealcoach --help | -V | --version | version\n"
    "\n"
    "dealcoach coaches key-account deals: it reads the facts of a deal and says\n"
    "where it really stands in the funnel, what is at risk and what to do next,\n"
    "with the reason behind every line of advice.\n"
    "\n"
    "Subcommands (each has --help, and a manual page dealcoach-SUBCOMMAND):\n"
    "  advise   advice on deal files, as a report or --json\n"
    "  test     run scenario tests: deals and the advice they must get\n"
    "  notes    show the signals recognised in free-text notes; test patterns\n"
    "  lint     check a playbook (and your rule files) without a deal\n"
    "  import   CRM exports (CSV), deal files, JSON Lines into the store\n"
    "  export   the store as JSON Lines\n"
    "  pipeline every deal on one line, the funnel's health, what changed\n"
    "  train    play a training scenario judged by the playbook; check scenarios\n"
    "  why-not  why a finding, action or tactic is not in a deal's advice\n"
    "  diff     what changes in the advice on deals between two playbooks\n"
    "  session  the interactive session on the deal store (also with no subcommand)\n"
    "  version  print the version\n"
    "\n"
    "Options (the same in every subcommand that takes them):\n"
    "  --db PATH        the deal store\n"
    "  --lang zh|en     language of texts and help (default: from the locale)\n"
    "  --today DATE     evaluate as of DATE (YYYY-MM-DD) instead of today\n"
    "  --rules PATH     also load a rule file or directory (repeatable)\n"
    "  --json           JSON output, one object a line (JSON Lines); --pretty indents\n"
    "  -h, --help       this help\n"
    "  -V, --version    print the version\n"
    "\n"
    "Exit codes: 0 ok, 1 internal failure, 2 bad input or usage,\n"
    "            3 a rule file did not load, 4 the rules failed while running,\n"
    "            5 some tests failed, 6 lint found problems,\n"
    "            7 diff --check found changes.\n";

static const char usage_zh[] =
    "用法: dealcoach [--db 路径] [--lang zh|en] [--today YYYY-MM-DD] [--rules 路径]...\n"
    "      dealcoach 子命令 [选项]... [参数]...\n"
    "      dealcoach --help | -V | --version | version\n"
    "\n"
    "dealcoach 辅导大客户(KA)销售商机: 读入商机的事实, 指出它在销售漏斗中\n"
    "实际所处的阶段、有哪些风险、下一步该做什么, 每条建议都给出理由。\n"
    "\n"
    "子命令 (都有 --help, 以及手册页 dealcoach-子命令):\n"
    "  advise   对商机文件给出建议, 以报告或 --json 输出\n"
    "  test     运行场景测试: 商机及其必须得到的建议\n"
    "  notes    显示自由文本笔记中识别出的信号; 测试识别模式\n"
    "  lint     不用商机, 检查规则手册 (以及你的规则文件)\n"
    "  import   把 CRM 导出 (CSV)、商机文件、JSON Lines 导入商机库\n"
    "  export   把商机库导出为 JSON Lines\n"
    "  pipeline 所有商机各占一行, 漏斗的健康状况, 有何变化\n"
    "  train    演练培训情景, 由规则手册评分; 检查情景文件\n"
    "  why-not  为什么商机的建议中没有某条发现、行动或策略\n"
    "  diff     在两套规则手册下, 商机建议有哪些变化\n"
    "  session  在商机库上的交互式辅导会话 (不带子命令时也是它)\n"
    "  version  显示版本\n"
    "\n"
    "选项 (在接受它们的每个子命令中含义相同):\n"
    "  --db 路径        商机库\n"
    "  --lang zh|en     文字和帮助的语言 (默认: 取自语言环境)\n"
    "  --today 日期     按日期 (YYYY-MM-DD) 而非今天评估\n"
    "  --rules 路径     另外加载一个规则文件或目录 (可重复)\n"
    "  --json           JSON 输出, 每行一个对象 (JSON Lines); --pretty 缩进显示\n"
    "  -h, --help       本帮助\n"
    "  -V, --version    显示版本\n"
    "\n"
    "退出码: 0 正常, 1 内部错误, 2 输入或用法错误,\n"
    "        3 规则文件未能加载, 4 规则运行失败, 5 有测试未通过,\n"
    "        6 lint 发现问题, 7 diff --check 发现变化。\n";

typedef struct subcommand {
    const char *name;
    int (*run)(int argc, char **argv);
} subcommand;

static const subcommand subcommands[] = {
    {"advise", cmd_advise},
    {"test", cmd_test},
    {"notes", cmd_notes},
    {"lint", cmd_lint},
    {"pipeline", cmd_pipeline},
    {"why-not", cmd_whynot},
    {"diff", cmd_diff},
    {"session", cmd_session},
    {"import", cmd_import},
    {"export", cmd_export},
    {"train", cmd_train},
    {NULL, NULL}};

/* CLIPS evaluates recursively with no depth limit, and its periodic hook
 * runs only while unwinding, so a rule or deffunction that recurses without
 * end overflows the C stack. Turn that into a message and exit code 4
 * instead of a bare crash. Every change the session acknowledged is already
 * committed to the store, so nothing is lost. */
static void on_stack_overflow(int sig)
{
    static const char msg[] =
        "dealcoach: the rules overflowed the stack (a rule or deffunction that "
        "recurses without end?); stopping\n";
    (void)sig;
    ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)ignored;
    _exit(DC_EXIT_RUN);
}

/* AddressSanitizer reports a SIGSEGV itself, with the stack: in that build
 * its report must not be hidden behind ours. */

/* The handler needs a stack of its own: the overflowed one is full. */
static void guard_stack_overflow(void)
{
#ifdef DC_ASAN
    return;
#endif
    static char alt_stack[64 * 1024];
    stack_t ss = {.ss_sp = alt_stack, .ss_size = sizeof alt_stack, .ss_flags = 0};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stack_overflow;
    sa.sa_flags = SA_ONSTACK;
    sigemptyset(&sa.sa_mask);
    if (sigaltstack(&ss, NULL) == 0) sigaction(SIGSEGV, &sa, NULL);
}

/* The language of a help asked for before any subcommand: the value of a
 * --lang among the arguments, else the locale's. */
static const char *help_lang(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; i++)
        if (strcmp(argv[i], "--lang") == 0 && strcmp(argv[i + 1], "zh") == 0) return "zh";
        else if (strcmp(argv[i], "--lang") == 0) return "en";
    return dc_catalog_lang_from_env();
}

static int takes_value(const char *option)
{
    return strcmp(option, "--lang") == 0 || strcmp(option, "--db") == 0 ||
           strcmp(option, "--today") == 0 || strcmp(option, "--rules") == 0;
}

static int print_version(void)
{
    printf("dealcoach %s\n", DC_VERSION);
    return dc_setup_finish_output();
}

int main(int argc, char **argv)
{
    dc_heap_prepare();
#ifndef DC_ASAN
    dc_json_blocks_install();
#endif
    guard_stack_overflow();
    /* Options before any subcommand: --help and --version win wherever
     * they are; the others are the session's. */
    for (int i = 1; i < argc && argv[i][0] == '-' && strcmp(argv[i], "--"); i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return dc_setup_help(help_lang(argc, argv), usage_en, usage_zh);
        if (strcmp(argv[i], "--version") == 0 || strcmp(argv[i], "-V") == 0) return print_version();
        if (takes_value(argv[i])) i++;
    }
    if (argc >= 2 && argv[1][0] != '-') {
        const char *names[sizeof subcommands / sizeof *subcommands];
        size_t n = 0;
        for (const subcommand *s = subcommands; s->name; s++) {
            if (strcmp(argv[1], s->name) == 0) return s->run(argc - 1, argv + 1);
            names[n++] = s->name;
        }
        names[n] = NULL;
        if (strcmp(argv[1], "version") == 0) return print_version();
        if (strcmp(argv[1], "complete") == 0) return cmd_complete(argc - 1, argv + 1, names);
        fprintf(stderr, "dealcoach: unknown subcommand '%s' (see dealcoach --help)\n", argv[1]);
        return DC_EXIT_INPUT;
    }
    /* No subcommand: the session, with any options given. */
    argv[0] = "session";
    return cmd_session(argc, argv);
}
