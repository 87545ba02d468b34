/* session.c - `dealcoach` with no subcommand: the interactive coaching
 * session on the deal store. Sets up, runs the loop, reports.
 *
 * On a terminal it reads with readline (cli/lineio.c); otherwise the lines
 * of stdin are a script: no prompt, no banner, and the exit status says
 * whether every command succeeded. */
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE /* timegm */
#endif
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "exitcodes.h"
#include "lineio.h"
#include "options.h"
#include "session.h"
#include "phrases.h"
#include "setup.h"
#include "strbuf.h"

static const char help_en[] =
    "usage: dealcoach [--db PATH] [--lang zh|en] [--today YYYY-MM-DD] [--rules PATH]...\n"
    "       dealcoach session [same options]\n"
    "\n"
    "The coaching session: create and open deals, record what you learn about\n"
    "them, and ask what to do next (type `help` inside). Deals and their history\n"
    "are kept in the store between sessions; every change is saved at once.\n"
    "\n"
    "  --db PATH        the deal store (default: $DEALCOACH_DB, else\n"
    "                   $XDG_DATA_HOME/dealcoach/deals.db, else\n"
    "                   ~/.local/share/dealcoach/deals.db)\n"
    "  --lang zh|en     language of the session (default: from the locale)\n"
    "  --today DATE     evaluate deals as of DATE (default: today)\n"
    "  --rules PATH     also load a rule file, or a directory of *.clp files\n"
    "\n"
    "On a terminal: tab completes commands, deal ids, field paths and ids;\n"
    "Ctrl-C cancels the line, Ctrl-D leaves; the command history is kept in\n"
    "$XDG_DATA_HOME/dealcoach/history. Otherwise stdin is read as a script.\n"
    "\n"
    "Exit on a terminal: 0 after quit or Ctrl-D (each failed command was reported\n"
    "when it happened), 1 if a change could not be saved. In a script: 0 every\n"
    "command succeeded, 2 some command failed on bad input or bad usage, 1 an\n"
    "internal failure (the store cannot be opened or written, including a store\n"
    "made by a newer dealcoach), 3 a rule file did not load, 4 the rules failed\n"
    "while running.\n";

static const char help_zh[] =
    "用法: dealcoach [--db 路径] [--lang zh|en] [--today YYYY-MM-DD] [--rules 路径]...\n"
    "      dealcoach session [同样的选项]\n"
    "\n"
    "辅导会话: 新建和打开商机, 记录你了解到的情况, 并询问下一步该做什么\n"
    "(在会话中输入 `help`)。商机及其历史保存在商机库中, 跨会话保留;\n"
    "每次修改都立即保存。\n"
    "\n"
    "  --db 路径        商机库 (默认: $DEALCOACH_DB, 否则\n"
    "                   $XDG_DATA_HOME/dealcoach/deals.db, 否则\n"
    "                   ~/.local/share/dealcoach/deals.db)\n"
    "  --lang zh|en     会话的语言 (默认: 取自语言环境)\n"
    "  --today 日期     按该日期评估商机 (默认: 今天)\n"
    "  --rules 路径     另外加载一个规则文件, 或一个 *.clp 文件目录\n"
    "\n"
    "在终端上: Tab 补全命令、商机编号、字段路径和各种编号; Ctrl-C 取消当前行,\n"
    "Ctrl-D 退出; 命令历史保存在 $XDG_DATA_HOME/dealcoach/history。\n"
    "否则把标准输入当作脚本读取。\n"
    "\n"
    "在终端上的退出码: quit 或 Ctrl-D 之后为 0 (失败的命令在发生时已报告),\n"
    "有修改未能保存时为 1。脚本中: 0 每条命令都成功, 2 有命令因输入或用法错误\n"
    "而失败, 1 内部错误 (商机库无法打开或写入, 包括由更新版本的 dealcoach\n"
    "创建的商机库), 3 规则文件未能加载, 4 规则运行失败。\n";

/* --- text -------------------------------------------------------------------- */

const char *session_text(const session *s, const char *key)
{
    const char *text = dc_catalog_get(dc_coach_catalog(s->coach), s->lang, key);
    return text ? text : key;
}

const char *session_label(const session *s, const char *id)
{
    return dc_catalog_label(dc_coach_catalog(s->coach), s->lang, id);
}

/* The text of `key` with {1}..{9} replaced by the arguments; a line
 * (trailing blanks dropped, a line break added) when `newline`. */
static void put_text(FILE *out, const session *s, const char *key, int newline, va_list ap)
{
    const char *args[10] = {NULL};
    size_t n = 0;
    dc_buf b = DC_BUF_INIT;
    for (const char *a; n < 9 && (a = va_arg(ap, const char *)); ) args[++n] = a;
    for (const char *p = session_text(s, key); *p; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            size_t i = (size_t)(p[1] - '0');
            dc_buf_puts(&b, i <= n ? args[i] : "");
            p += 2;
        } else {
            dc_buf_append(&b, p, 1);
        }
    }
    char *text = dc_buf_take(&b);
    if (!text) return;
    size_t len = strlen(text);
    while (newline && len && (text[len - 1] == ' ' || text[len - 1] == '\t')) text[--len] = '\0';
    fputs(text, out);
    if (newline) fputc('\n', out);
    free(text);
}

static void put_line_text(FILE *out, const session *s, const char *key, int newline, ...)
{
    va_list ap;
    va_start(ap, newline);
    put_text(out, s, key, newline, ap);
    va_end(ap);
}

void session_say(const session *s, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    put_text(stdout, s, key, 1, ap);
    va_end(ap);
}

/* Failures go to stderr, after what stdout holds, so that a script's
 * output and its messages stay in order when both go to one file. */
static void fail_prefix(const session *s)
{
    fflush(stdout);
    if (!s->interactive && s->line_no > 0) {
        char line[32];
        snprintf(line, sizeof line, "%ld", s->line_no);
        put_line_text(stderr, s, "session.line", 0, line, NULL);
    }
}

int session_fail(const session *s, int code, const char *key, ...)
{
    va_list ap;
    fail_prefix(s);
    va_start(ap, key);
    put_text(stderr, s, key, 1, ap);
    va_end(ap);
    fflush(stderr);
    return code;
}

char *session_phrased(const session *s, const char *line)
{
    return dc_phrases_render(dc_coach_catalog(s->coach), s->lang, line, NULL);
}

int session_fail_text(const session *s, int code, const char *text)
{
    for (const char *p = text; *p; ) {
        size_t n = strcspn(p, "\n");
        fail_prefix(s);
        fprintf(stderr, "%.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
    fflush(stderr);
    return code;
}

int session_fail_list(const session *s, int code, json_t *errors)
{
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        char *text = dc_phrases_render_message(dc_coach_catalog(s->coach), s->lang, json_string_value(e));
        session_fail_text(s, code, text ? text : json_string_value(e));
        free(text);
    }
    return code;
}

const char *session_time(const char *iso, char buf[32])
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                       &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
        snprintf(buf, 32, "%s", iso ? iso : "?");
        return buf;
    }
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    struct tm local;
    if (!localtime_r(&t, &local) || !strftime(buf, 32, "%Y-%m-%d %H:%M", &local))
        snprintf(buf, 32, "%s", iso);
    return buf;
}

/* --- the loop ------------------------------------------------------------------ */

static void prompt_for(const session *s, char *buf, size_t size)
{
    const char *id = s->deal ? json_string_value(json_object_get(s->deal, "id")) : NULL;
    if (id) snprintf(buf, size, "dealcoach %s> ", id);
    else snprintf(buf, size, "dealcoach> ");
}

static void run(session *s)
{
    char prompt[300], *line;
    while (!s->quit) {
        prompt_for(s, prompt, sizeof prompt);
        lineio_status got = lineio_read(prompt, &line);
        if (got == LINEIO_EOF) break;
        if (got == LINEIO_CANCELLED) continue;
        s->line_no++;
        lineio_remember(line);
        int code = session_run_line(s, line);
        free(line);
        /* The most serious failure decides the exit status. */
        if (code == DC_EXIT_INTERNAL || (code && s->worst != DC_EXIT_INTERNAL &&
                                         (s->worst == DC_EXIT_OK || code == DC_EXIT_RUN)))
            s->worst = code;
        /* Output that cannot be written (a full disk, a closed pipe) ends
         * the session: nobody would see what the next commands do. Every
         * change acknowledged so far is saved. */
        if (fflush(stdout) == EOF || ferror(stdout)) {
            s->worst = dc_setup_finish_output();
            break;
        }
    }
}

static int open_store(session *s, const char *path)
{
    if (!(s->store = dc_store_new())) {
        fprintf(stderr, "dealcoach: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    if (dc_store_open(s->store, path) != DC_OK) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(s->store));
        return DC_EXIT_INTERNAL;
    }
    s->store_path = path;
    if (dc_store_damage(s->store)) /* said once at the start; each change refused says it again */
        fprintf(stderr, "dealcoach: %s: %s\n", path, session_text(s, "session.store-damaged"));
    return DC_EXIT_OK;
}

int cmd_session(int argc, char **argv)
{
    dc_options o;
    session s;
    char today[11], *db_path = NULL;
    int code = DC_EXIT_OK;
    memset(&s, 0, sizeof s);
    int parsed = dc_options_parse(&o, argc, argv, OPT_LANG | OPT_TODAY | OPT_RULES | OPT_DB);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.n_args) {
        fprintf(stderr, "dealcoach: unknown subcommand '%s' (see --help)\n", o.args[0]);
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach_probing(&o, &s.coach))) goto out;
    snprintf(s.lang, sizeof s.lang, "%s", dc_setup_lang(&o));
    s.today = dc_setup_today(&o, today);
    if (!(db_path = o.db ? strdup(o.db) : dc_store_default_path())) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    if ((code = open_store(&s, db_path))) goto out;

    lineio_open(1, session_complete, &s);
    if ((s.interactive = lineio_interactive()))
        session_say(&s, "session.banner", DC_VERSION, s.store_path, NULL);
    run(&s);
    lineio_close();
    /* On a terminal each failure was shown as it happened and the user went
     * on: leaving is a success, unless a change could not be saved. A
     * script's status says whether every command succeeded. */
    code = s.interactive && s.worst != DC_EXIT_INTERNAL ? DC_EXIT_OK : s.worst;
    if (dc_setup_finish_output()) code = DC_EXIT_INTERNAL; /* output lost is never a success */
out:
    json_decref(s.deal);
    json_decref(s.advice);
    dc_store_free(s.store);
    dc_coach_free(s.coach);
    free(db_path);
    dc_options_free(&o);
    return code;
}
