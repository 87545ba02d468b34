/* cmd_advise.c - `dealcoach advise`: advice on deal files, or on deals of
 * the store. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/batch.h"
#include "coach/trace.h"
#include "commands.h"
#include "deal.h"
#include "exitcodes.h"
#include "phrases.h"
#include "plain.h"
#include "report.h"
#include "setup.h"
#include "store.h"
#include "strbuf.h"
#include "timeline.h"

static const char help_en[] =
    "usage: dealcoach advise [--json [--pretty] | --all] [--lang zh|en] [--today YYYY-MM-DD]\n"
    "                        [--rules PATH]... [--trace] FILE...\n"
    "       dealcoach advise [same options] --db PATH ID...\n"
    "       dealcoach advise --jsonl [-j N] [--lang zh|en] [--today DATE] [--rules PATH]... [FILE|-]\n"
    "\n"
    "Read each deal FILE (JSON, see dealcoach-deal(5) and examples/) and say where\n"
    "it really stands, what is at risk and what to do next. The report opens with\n"
    "a one-line diagnosis and the (at most three) things to do now, with their\n"
    "reasons; then the rest, one line each.\n"
    "\n"
    "  --all            the full report: the reason for every line, the criteria\n"
    "                   met, the customer's procurement stage and the signals\n"
    "  --json           print the advice as JSON, one object per deal, each on one\n"
    "                   line (JSON Lines)\n"
    "  --pretty         with --json: indent each object, for people to read\n"
    "  --lang zh|en     language of the texts (default: from the locale)\n"
    "  --today DATE     evaluate as of DATE (default: today), for reproducible results\n"
    "  --rules PATH     also load a rule file, or a directory of *.clp files,\n"
    "                   after the shipped playbook (repeatable, loaded in order)\n"
    "  --db PATH        advise on deals of this store (see dealcoach-session(1)):\n"
    "                   the operands are deal ids. Without --db, an operand that\n"
    "                   is no file but a deal id of the default store\n"
    "                   ($DEALCOACH_DB, else the session's) is advised from it\n"
    "  --trace          then the rules fired, in order, each with the facts it\n"
    "                   matched and its file (with --json: a \"trace\" member)\n"
    "  FILE             a deal file; - reads standard input\n"
    "  --jsonl          read deals as JSON Lines (one deal a line) from FILE or\n"
    "                   standard input and write one advice a line, in input\n"
    "                   order; a bad line is reported (FILE:LINE: reason) and\n"
    "                   skipped, and the stream goes on\n"
    "  -j, --jobs N     with --jsonl: N worker processes (default: the cores)\n"
    "\n"
    "Exit: 0 advice given, 2 a deal refused or bad usage, 3 a rule file did not\n"
    "load, 4 the rules failed while running, 1 internal failure (or the output\n"
    "could not be written). With several files the most severe result decides,\n"
    "whatever the order: 4, then 1, then 2, then 0.\n";

static const char help_zh[] =
    "用法: dealcoach advise [--json [--pretty] | --all] [--lang zh|en] [--today YYYY-MM-DD]\n"
    "                       [--rules 路径]... [--trace] 文件...\n"
    "      dealcoach advise [同样的选项] --db 路径 ID...\n"
    "      dealcoach advise --jsonl [-j N] [--lang zh|en] [--today 日期] [--rules 路径]... [文件|-]\n"
    "\n"
    "读入每个商机文件 (JSON, 见 dealcoach-deal(5) 和 examples/), 指出商机实际\n"
    "所处的阶段、有哪些风险、下一步该做什么。报告先用一行给出诊断, 以及现在\n"
    "要做的 (至多三件) 事和理由; 然后是其余各项, 每项一行。\n"
    "\n"
    "  --all            完整报告: 每一行的理由、已满足的标准、客户的采购阶段\n"
    "                   和各种信号\n"
    "  --json           以 JSON 输出建议, 每个商机一个对象, 每个对象占一行\n"
    "                   (JSON Lines)\n"
    "  --pretty         与 --json 一起: 缩进每个对象, 便于阅读\n"
    "  --lang zh|en     文字的语言 (默认: 取自语言环境)\n"
    "  --today 日期     按该日期评估 (默认: 今天), 使结果可以重现\n"
    "  --rules 路径     在内置规则之后另外加载一个规则文件或一个 *.clp 文件目录\n"
    "                   (可重复, 按给出顺序加载)\n"
    "  --db 路径        对该商机库中的商机给出建议 (见 dealcoach-session(1)):\n"
    "                   参数是商机编号。不给 --db 时, 不是文件而是默认商机库\n"
    "                   ($DEALCOACH_DB, 否则会话的商机库) 中商机编号的参数,\n"
    "                   从该库中读取\n"
    "  --trace          然后按顺序列出触发的规则, 各自匹配的事实和所在文件\n"
    "                   (与 --json 一起: 加一个 \"trace\" 成员)\n"
    "  文件             商机文件; - 表示读标准输入\n"
    "  --jsonl          以 JSON Lines 读入商机 (每行一个), 来自文件或标准输入,\n"
    "                   每行输出一条建议, 顺序与输入相同; 出错的行会报告\n"
    "                   (文件:行号: 原因) 并跳过, 其余照常处理\n"
    "  -j, --jobs N     与 --jsonl 一起: 用 N 个工作进程 (默认: CPU 核数)\n"
    "\n"
    "退出码: 0 已给出建议, 2 商机被拒绝或用法错误, 3 规则文件未能加载,\n"
    "4 规则运行失败, 1 内部错误 (或输出无法写出)。多个文件时取最严重的结果,\n"
    "与顺序无关: 4, 然后 1, 然后 2, 然后 0。\n";

#define MAX_STDIN_BYTES (8u << 20) /* as for a deal file */

/* Read and parse a deal from standard input ("-"). As dc_deal_read_file:
 * DC_EIO when it cannot be read, DC_EINPUT when too large or malformed,
 * DC_ENOMEM; the message goes to `errors`. */
static int read_stdin_deal(json_t **input, json_t *errors)
{
    dc_buf text = DC_BUF_INIT;
    char chunk[4096], line[512];
    size_t n;
    while (!text.failed && text.len <= MAX_STDIN_BYTES && (n = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        dc_buf_append(&text, chunk, n);
    int rc = DC_OK;
    if (ferror(stdin)) {
        snprintf(line, sizeof line, "-: read error: %s", strerror(errno));
        rc = DC_EIO;
    } else if (text.failed) {
        snprintf(line, sizeof line, "-: out of memory");
        rc = DC_ENOMEM;
    } else if (text.len > MAX_STDIN_BYTES) {
        snprintf(line, sizeof line, "-: larger than %u MiB: not a deal file", MAX_STDIN_BYTES >> 20);
        rc = DC_EINPUT;
    }
    if (rc) json_array_append_new(errors, json_string(line));
    else rc = dc_deal_parse("-", text.s ? text.s : "", text.len, input, errors);
    free(dc_buf_take(&text));
    return rc;
}

/* Read and parse deal `id` of the store. As dc_deal_read_file: DC_EINPUT
 * (message in `errors`) when there is no such deal. */
static int read_stored_deal(dc_store *store, const char *id, json_t **input, json_t *errors)
{
    char *text = NULL, line[512];
    int rc = dc_store_get(store, id, &text);
    if (rc == DC_OK) rc = dc_deal_parse(id, text, strlen(text), input, errors);
    else {
        if (rc == DC_ENOTFOUND) snprintf(line, sizeof line, "%s: no such deal in the store", id);
        else snprintf(line, sizeof line, "%s: %s", id, dc_store_message(store));
        json_array_append_new(errors, json_string(line));
        rc = rc == DC_ENOTFOUND ? DC_EINPUT : rc == DC_ENOMEM ? DC_ENOMEM : DC_EIO;
    }
    free(text);
    return rc;
}

/* Read a deal: standard input for "-", else a deal of the store when there
 * is one, else a file. */
static int read_deal(dc_store *store, const char *what, json_t **input, json_t *errors)
{
    if (strcmp(what, "-") == 0) return read_stdin_deal(input, errors);
    if (store) return read_stored_deal(store, what, input, errors);
    return dc_deal_read_file(what, input, errors);
}

/* Messages about the input, in the user's language (phrases.h). */
static void print_list(const dc_catalog *cat, const char *lang, json_t *list, const char *prefix)
{
    size_t i;
    json_t *s;
    json_array_foreach(list, i, s) {
        char *text = dc_phrases_render_message(cat, lang, json_string_value(s));
        fprintf(stderr, "dealcoach: %s%s\n", prefix ? prefix : "warning: ", text ? text : json_string_value(s));
        free(text);
    }
}

/* Advise on one file (or deal of `store`, if not NULL); returns its exit code. */
static int advise_file(dc_coach *c, dc_store *store, const dc_options *o, const char *path,
                       const char *today, const char *lang)
{
    json_t *errors = json_array(), *warnings = json_array();
    json_t *input = NULL, *deal = NULL, *advice = NULL;
    int code = DC_EXIT_OK;
    int rc = read_deal(store, path, &input, errors);
    if (!rc) rc = dc_coach_check(c, path, input, &deal, errors, warnings);
    if (rc) {
        print_list(dc_coach_catalog(c), lang, errors, "");
        print_list(dc_coach_catalog(c), lang, warnings, dc_catalog_get(dc_coach_catalog(c), lang, "ui.warning-prefix"));
        code = rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT;
        goto out;
    }
    /* A deal of the store is advised with its history (time warnings). */
    json_t *history = store ? dc_timeline_history_fact(store, dc_coach_engine(c), path, today) : NULL;
    rc = dc_coach_advise_history(c, deal, history, today, lang, warnings, &advice);
    json_decref(history);
    if (rc) {
        fprintf(stderr, "dealcoach: %s: %s\n", path, dc_coach_message(c));
        code = rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL;
        goto out;
    }
    json_t *trace = o->trace ? dc_coach_trace(c) : NULL;
    if (o->json) {
        if (trace) json_object_set(advice, "trace", trace);
        json_decref(trace);
        code = dc_setup_output_json(o, advice);
        goto out;
    }
    char *text = dc_report_render(dc_coach_catalog(c), lang, advice, deal, o->all);
    char *fired = trace ? dc_trace_text(trace) : NULL;
    json_decref(trace);
    if (text && fired) {
        dc_buf both = DC_BUF_INIT;
        dc_buf_printf(&both, "%s\n%s", text, fired);
        free(text);
        text = dc_buf_take(&both);
    }
    free(fired);
    if (!text) {
        fprintf(stderr, "dealcoach: %s: out of memory\n", path);
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    code = dc_setup_output_report(dc_coach_catalog(c), lang, text);
    free(text);
out:
    json_decref(errors);
    json_decref(warnings);
    json_decref(input);
    json_decref(deal);
    json_decref(advice);
    return code;
}

/* --jsonl: the coach each batch worker uses. The one loaded first (to
 * report a bad rule file once, before any worker starts) serves the run
 * in this process, and each worker process's copy of it when it can be
 * copied by fork (dc_coach_forkable); otherwise a worker loads its own. */
typedef struct coach_maker {
    const dc_options *o;
    dc_coach *ready;
} coach_maker;

static dc_coach *make_coach(void *ctx)
{
    coach_maker *m = ctx;
    dc_coach *c = m->ready;
    if (c) {
        m->ready = NULL;
        return c;
    }
    return dc_setup_coach(m->o, &c) == DC_EXIT_OK ? c : NULL;
}

/* advise --jsonl [FILE|-] [-j N]: a stream of deals, one per line. */
static int advise_stream(const dc_options *o, dc_coach *loaded, const char *today, const char *lang)
{
    const char *path = o->n_args ? o->args[0] : "-";
    FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!in) {
        fprintf(stderr, "dealcoach: %s: cannot read: %s\n", path, strerror(errno));
        dc_coach_free(loaded);
        return DC_EXIT_INPUT;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    coach_maker maker = {o, loaded};
    const char *stall = getenv("DEALCOACH_BATCH_STALL"); /* seconds a silent worker is given (docs/batch.md) */
    dc_batch_run run = {.origin = path, .today = today, .lang = lang,
                        .jobs = o->jobs ? o->jobs : cores > 0 ? (int)cores : 1,
                        .stall_seconds = stall ? atof(stall) : 0,
                        .make_coach = make_coach, .coach_ctx = &maker};
    if (run.jobs > 1 && !(dc_coach_forkable(maker.ready) && !dc_plain("fork-coach"))) {
        dc_coach_free(maker.ready);
        maker.ready = NULL;
    }
    int rc = dc_batch_advise(&run, in, stdout, stderr);
    dc_coach_free(maker.ready);
    if (in != stdin) fclose(in);
    int code = run.refused ? DC_EXIT_INPUT : DC_EXIT_OK;
    if (run.failed) code = dc_exit_most_severe(code, DC_EXIT_RUN);
    if (run.internal || rc == DC_ENOMEM || rc == DC_ERUNTIME) code = dc_exit_most_severe(code, DC_EXIT_INTERNAL);
    if (rc == DC_EIO) {
        fprintf(stderr, "dealcoach: %s: %s\n", path, ferror(stdout) ? "cannot write the output" : "read error");
        code = dc_exit_most_severe(code, DC_EXIT_INTERNAL);
    }
    return dc_exit_most_severe(code, dc_setup_finish_output());
}

/* Open an existing store (--db): DC_EXIT_INPUT when there is none. */
static int open_store(const char *path, dc_store **store)
{
    if (access(path, F_OK) != 0) {
        fprintf(stderr, "dealcoach: %s: no such deal store\n", path);
        return DC_EXIT_INPUT;
    }
    if (!(*store = dc_store_new()) || dc_store_open(*store, path) != DC_OK) {
        fprintf(stderr, "dealcoach: %s\n", *store ? dc_store_message(*store) : "out of memory");
        return DC_EXIT_INTERNAL;
    }
    return DC_EXIT_OK;
}

/* Without --db, an operand that is not a file but a deal id of the default
 * store ($DEALCOACH_DB, else the session's own) is advised from there. The
 * store is opened once, never created; NULL means: read the operand as a
 * file (which then reports a missing file). */
static dc_store *store_holding(const char *operand, dc_store **fallback, int *opened)
{
    if (strcmp(operand, "-") == 0 || access(operand, F_OK) == 0) return NULL;
    if (!*opened) {
        *opened = 1;
        char *path = dc_store_default_path();
        if (path && access(path, F_OK) == 0 && (*fallback = dc_store_new()) &&
            dc_store_open(*fallback, path) != DC_OK) {
            dc_store_free(*fallback);
            *fallback = NULL;
        }
        free(path);
    }
    char *text = NULL;
    int found = *fallback && dc_store_get(*fallback, operand, &text) == DC_OK;
    free(text);
    return found ? *fallback : NULL;
}

int cmd_advise(int argc, char **argv)
{
    dc_options o;
    dc_coach *c = NULL;
    dc_store *store = NULL, *fallback = NULL;
    int code = DC_EXIT_OK, opened = 0;
    int parsed = dc_options_parse(&o, argc, argv, OPT_JSON | OPT_ALL | OPT_LANG | OPT_TODAY | OPT_RULES | OPT_DB |
                                                  OPT_JSONL | OPT_TRACE);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.jobs && !o.jsonl) {
        fprintf(stderr, "dealcoach advise: -j goes with --jsonl (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (o.jsonl && (o.n_args > 1 || o.db || o.all || o.pretty)) {
        fprintf(stderr, "dealcoach advise: --jsonl reads one stream (a file or -) and writes JSON Lines; "
                        "it does not take --db, --all, --pretty or several files\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (o.jsonl) {
        char today_buf[11];
        if ((code = dc_setup_coach(&o, &c))) goto out;
        code = advise_stream(&o, c, dc_setup_today(&o, today_buf), dc_setup_lang(&o));
        c = NULL; /* the stream took it */
        goto out;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "dealcoach advise: no deal file given (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (o.db && (code = open_store(o.db, &store))) goto out;
    if ((code = dc_setup_coach(&o, &c))) goto out;
    dc_coach_set_trace(c, o.trace);
    char today_buf[11];
    const char *today = dc_setup_today(&o, today_buf);
    const char *lang = dc_setup_lang(&o);
    for (size_t i = 0; i < o.n_args; i++) {
        if (i && !o.json) code = dc_exit_most_severe(code, dc_setup_output("\n"));
        dc_store *from = o.db ? store : store_holding(o.args[i], &fallback, &opened);
        code = dc_exit_most_severe(code, advise_file(c, from, &o, o.args[i], today, lang));
    }
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    dc_setup_release_coach(&o, c);
    dc_store_free(store);
    dc_store_free(fallback);
    dc_options_free(&o);
    return code;
}
