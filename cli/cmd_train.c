/* cmd_train.c - `dealcoach train`: play a training scenario, check
 * scenarios, list results, replay a run's debrief. The logic is in
 * kb/train/ (train.h); this file reads answers and prints. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "exitcodes.h"
#include "lineio.h"
#include "options.h"
#include "setup.h"
#include "store.h"
#include "strbuf.h"
#include "train/train.h"

static const char help_en[] =
    "usage: dealcoach train [--lang zh|en] [--name NAME] [--db PATH] [--no-record] SCENARIO\n"
    "       dealcoach train --check [--seed N] [--runs N] [--json [--pretty]] FILE...\n"
    "       dealcoach train --results [--csv] [--db PATH]\n"
    "       dealcoach train --replay RUN [--db PATH]\n"
    "\n"
    "Training scenarios: a scripted deal that unfolds step by step; at each\n"
    "step the trainee diagnoses the deal or chooses the next move, and the\n"
    "playbook judges the answer from the deal as it stands then. At the end a\n"
    "debrief explains every point with a rule and its facts.\n"
    "\n"
    "  SCENARIO          a scenario file (YAML, see docs/training.md)\n"
    "  --lang zh|en      language (default: from the locale)\n"
    "  --name NAME       the trainee's name (default: $USER)\n"
    "  --db PATH         the store the runs are kept in (as for the session)\n"
    "  --no-record       play without keeping the run\n"
    "  --check           validate each FILE and play every path of it: branch\n"
    "                    coverage, score range, best path, random playthroughs\n"
    "  --seed N          --check: the seed of the random playthroughs (default 1)\n"
    "  --runs N          --check: how many random playthroughs (default 100)\n"
    "  --json            --check: the report as JSON Lines; --pretty indents\n"
    "  --results         every trainee's runs and progress, a ranking per scenario\n"
    "  --csv             --results as CSV\n"
    "  --replay RUN      print the debrief of run RUN again, exactly\n"
    "  --rules PATH      also load a rule file, or a directory of *.clp files\n"
    "  -h, --help        this help\n"
    "\n"
    "Answer with the option's key; `deal` shows the deal as it stands, `quit`\n"
    "stops (the run is then not recorded). With stdin not a terminal the\n"
    "answers are read one a line, so runs can be scripted.\n"
    "\n"
    "Exit: 0 done (check: no warnings), 2 bad input or usage (a scenario that\n"
    "does not validate, a run stopped before the end), 5 --check warnings,\n"
    "1 internal failure (the store), 3 a rule file did not load, 4 the rules failed.\n";

static const char help_zh[] =
    "用法: dealcoach train [--lang zh|en] [--name 姓名] [--db 路径] [--no-record] 情景文件\n"
    "      dealcoach train --check [--seed N] [--runs N] [--json [--pretty]] 文件...\n"
    "      dealcoach train --results [--csv] [--db 路径]\n"
    "      dealcoach train --replay 编号 [--db 路径]\n"
    "\n"
    "培训情景: 一个按步骤展开的脚本化商机; 每一步学员判断商机状况或选择下一步\n"
    "动作, 规则手册按当时的商机情况评判答案。结束时的复盘用规则和事实解释每一分。\n"
    "\n"
    "  情景文件          YAML 格式的情景 (见 docs/training.md)\n"
    "  --lang zh|en      语言 (默认: 取自语言环境)\n"
    "  --name 姓名       学员姓名 (默认: $USER)\n"
    "  --db 路径         保存训练记录的商机库 (与会话相同)\n"
    "  --no-record       演练但不保存记录\n"
    "  --check           校验每个文件并走遍所有路径: 分支覆盖、得分范围、\n"
    "                    最佳路径、随机走查\n"
    "  --seed N          --check: 随机走查的种子 (默认 1)\n"
    "  --runs N          --check: 随机走查的次数 (默认 100)\n"
    "  --json            --check: 以 JSON Lines 输出报告; --pretty 缩进显示\n"
    "  --results         每位学员的记录和进步, 以及每个情景的排名\n"
    "  --csv             以 CSV 输出 --results\n"
    "  --replay 编号     原样重现第几次训练的复盘\n"
    "  --rules 路径      另外加载一个规则文件或 *.clp 目录\n"
    "  -h, --help        本帮助\n"
    "\n"
    "用选项的字母作答; `deal` 显示当前商机, `quit` 中止 (中止的训练不记录)。\n"
    "标准输入不是终端时逐行读取答案, 便于脚本化测试。\n"
    "\n"
    "退出码: 0 完成 (check: 无警告), 2 输入或用法错误 (情景校验失败、训练未完成),\n"
    "5 --check 有警告, 1 内部错误 (商机库), 3 规则文件未能加载, 4 规则运行失败。\n";

typedef struct train_opts {
    int check, results, csv, no_record;
    const char *name, *replay, *seed, *runs;
} train_opts;

/* Take train's own options out of argv; the rest go to dc_options_parse.
 * -1 on a usage error (printed). */
static int take_options(train_opts *t, int *argc, char **argv)
{
    int out = 1;
    memset(t, 0, sizeof *t);
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        const char **value = NULL;
        if (!strcmp(a, "--")) {
            while (i < *argc) argv[out++] = argv[i++];
            break;
        }
        if (!strcmp(a, "--check")) t->check = 1;
        else if (!strcmp(a, "--results")) t->results = 1;
        else if (!strcmp(a, "--csv")) t->csv = 1;
        else if (!strcmp(a, "--no-record")) t->no_record = 1;
        else if (!strcmp(a, "--name")) value = &t->name;
        else if (!strcmp(a, "--replay")) value = &t->replay;
        else if (!strcmp(a, "--seed")) value = &t->seed;
        else if (!strcmp(a, "--runs")) value = &t->runs;
        else {
            argv[out++] = argv[i];
            continue;
        }
        if (value) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "dealcoach train: option '%s' needs a value\n", a);
                return -1;
            }
            *value = argv[++i];
        }
    }
    *argc = out;
    return 0;
}

static int parse_count(const char *opt, const char *text, unsigned long *v)
{
    char *end;
    if (!text) return 0;
    if (!*text || strspn(text, "0123456789") != strlen(text) || strlen(text) > 9) {
        fprintf(stderr, "dealcoach train: %s: '%s' is not a whole number\n", opt, text);
        return -1;
    }
    *v = strtoul(text, &end, 10);
    return 0;
}

static void utc_now(char out[32])
{
    time_t now = time(NULL);
    struct tm tm;
    if (!gmtime_r(&now, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
        strcpy(out, "1970-01-01T00:00:00Z");
}

static const char *text(dc_coach *c, const char *lang, const char *key)
{
    const char *s = dc_catalog_get(dc_coach_catalog(c), lang, key);
    return s ? s : key;
}

/* A catalog text with {1}, {2} replaced, then a newline. */
static void say(FILE *f, dc_coach *c, const char *lang, const char *key, const char *a1, const char *a2)
{
    if (f == stderr) fflush(stdout); /* messages after what stdout holds */
    for (const char *p = text(c, lang, key); *p; p++) {
        if (p[0] == '{' && (p[1] == '1' || p[1] == '2') && p[2] == '}') {
            const char *a = p[1] == '1' ? a1 : a2;
            fputs(a ? a : "", f);
            p += 2;
        } else {
            fputc(*p, f);
        }
    }
    const char *t = text(c, lang, key);
    if (*t && t[strlen(t) - 1] != ':') fputc('\n', f); /* a heading "...:" continues */
}

/* Print a text with control characters (but newlines) as spaces. */
static void put_clean(const char *s)
{
    for (; s && *s; s++) putchar((unsigned char)*s < 0x20 && *s != '\n' ? ' ' : *s);
}

static void show_prompt(dc_coach *c, const char *lang, json_t *p)
{
    if (json_object_get(p, "title")) {
        fputs("== ", stdout);
        put_clean(json_string_value(json_object_get(p, "title")));
        fputs("\n", stdout);
        put_clean(json_string_value(json_object_get(p, "briefing")));
        fputs("\n", stdout);
    }
    char number[32];
    snprintf(number, sizeof number, "%lld", (long long)json_integer_value(json_object_get(p, "number")));
    fputs("\n-- ", stdout);
    say(stdout, c, lang, "train.step", number, NULL);
    put_clean(json_string_value(json_object_get(p, "narrative")));
    fputs("\n", stdout);
    json_t *facts = json_object_get(p, "facts");
    size_t i;
    json_t *v;
    if (json_array_size(facts)) {
        say(stdout, c, lang, "train.facts", NULL, NULL);
        json_array_foreach(facts, i, v) {
            fputs("\n  - ", stdout);
            put_clean(json_string_value(v));
        }
        fputs("\n", stdout);
    }
    fputs("\n", stdout);
    put_clean(json_string_value(json_object_get(p, "question")));
    fputs("\n", stdout);
    json_array_foreach(json_object_get(p, "options"), i, v) {
        printf("  %s) ", json_string_value(json_object_get(v, "key")));
        put_clean(json_string_value(json_object_get(v, "text")));
        fputs("\n", stdout);
    }
    fflush(stdout);
}

static char *keys_of(json_t *p)
{
    dc_buf b = DC_BUF_INIT;
    size_t i;
    json_t *v;
    json_array_foreach(json_object_get(p, "options"), i, v)
        dc_buf_printf(&b, "%s%s", i ? ", " : "", json_string_value(json_object_get(v, "key")));
    return dc_buf_take(&b);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) s[--n] = '\0';
    return s;
}

/* Ask until a valid answer: DC_EXIT_OK with the verdict printed, or
 * DC_EXIT_INPUT when the trainee stops (quit, end of input). */
static int ask(dc_coach *c, const char *lang, dc_trainer *t, json_t *p, int *code)
{
    char *keys = keys_of(p);
    int result = -1;
    while (result < 0) {
        char *line = NULL, prompt[128];
        snprintf(prompt, sizeof prompt, "[%s]> ", keys ? keys : "");
        lineio_status got = lineio_read(prompt, &line);
        if (got == LINEIO_EOF) { result = 0; break; }
        if (got == LINEIO_CANCELLED) continue;
        char *answer = trim(line);
        if (!*answer) { free(line); continue; }
        if (!lineio_interactive()) {
            fputs("> ", stdout);
            put_clean(answer);
            fputs("\n", stdout);
        }
        if (!strcmp(answer, "quit") || !strcmp(answer, "q")) {
            free(line);
            result = 0;
            break;
        }
        if (!strcmp(answer, "deal")) {
            char *dump = json_dumps(dc_trainer_deal(t), JSON_INDENT(2) | JSON_SORT_KEYS);
            if (dump) puts(dump);
            free(dump);
            free(line);
            continue;
        }
        char at[32];
        utc_now(at);
        json_t *verdict = NULL;
        int rc = dc_trainer_answer(t, answer, at, &verdict);
        if (rc == DC_ENOTFOUND) {
            fflush(stdout);
            say(stderr, c, lang, "train.bad-key", answer, keys);
            *code = DC_EXIT_INPUT;
        } else if (rc) {
            fprintf(stderr, "dealcoach train: %s\n", dc_trainer_message(t));
            free(line);
            free(keys);
            *code = rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_RUN;
            return *code;
        } else {
            char points[16];
            snprintf(points, sizeof points, "%+lld", (long long)json_integer_value(json_object_get(verdict, "points")));
            say(stdout, c, lang, "train.verdict", points, json_string_value(json_object_get(verdict, "reading")));
            json_t *outcome = json_object_get(verdict, "outcome");
            if (json_array_size(outcome)) {
                say(stdout, c, lang, "train.outcome", NULL, NULL);
                size_t i;
                json_t *v;
                json_array_foreach(outcome, i, v) {
                    fputs("\n    - ", stdout);
                    put_clean(json_string_value(v));
                }
                fputs("\n", stdout);
            }
            json_decref(verdict);
            result = 1;
        }
        free(line);
    }
    free(keys);
    return result ? DC_EXIT_OK : DC_EXIT_INPUT;
}

/* Tab completion on a terminal: the keys of the options asked, deal, quit. */
static char **complete_answer(void *ctx, const char *before, const char *word)
{
    json_t *p = *(json_t **)ctx, *options = json_object_get(p, "options");
    size_t n = 0;
    char **out = calloc(json_array_size(options) + 3, sizeof *out);
    (void)before;
    (void)word;
    if (!out) return NULL;
    size_t i;
    json_t *v;
    json_array_foreach(options, i, v) {
        const char *key = json_string_value(json_object_get(v, "key"));
        if (key && (out[n] = strdup(key))) n++;
    }
    if ((out[n] = strdup("deal"))) n++;
    if ((out[n] = strdup("quit"))) n++;
    return out;
}

static int open_store(const dc_options *o, dc_store **store)
{
    char *path = o->db ? strdup(o->db) : dc_store_default_path();
    *store = dc_store_new();
    if (!path || !*store) {
        fprintf(stderr, "dealcoach: out of memory\n");
        free(path);
        return DC_EXIT_INTERNAL;
    }
    int rc = dc_store_open(*store, path);
    free(path);
    if (rc) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(*store));
        return DC_EXIT_INTERNAL;
    }
    return DC_EXIT_OK;
}

static int play(dc_coach *c, const dc_options *o, const train_opts *t, const char *lang)
{
    json_t *errors = json_array();
    dc_scenario *sc = NULL;
    dc_trainer *tr = NULL;
    dc_store *store = NULL;
    json_t *run = NULL;
    int code = DC_EXIT_OK, answered = DC_EXIT_OK;
    char started[32], finished[32];
    if (dc_scenario_load(c, o->args[0], &sc, errors)) {
        size_t i;
        json_t *e;
        json_array_foreach(errors, i, e) fprintf(stderr, "dealcoach: %s\n", json_string_value(e));
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (!t->no_record && (code = open_store(o, &store))) goto out;
    const char *name = t->name ? t->name : getenv("USER");
    if (!(tr = dc_trainer_new(c, sc, lang, name && *name ? name : "trainee"))) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    utc_now(started);
    json_t *p = NULL;
    lineio_open(0, complete_answer, &p);
    while ((p = dc_trainer_prompt(tr))) {
        show_prompt(c, lang, p);
        int rc = ask(c, lang, tr, p, &answered);
        json_decref(p);
        p = NULL;
        if (rc) {
            code = rc;
            break;
        }
    }
    lineio_close();
    if (!code && *dc_trainer_message(tr)) {
        fprintf(stderr, "dealcoach train: %s\n", dc_trainer_message(tr));
        code = DC_EXIT_RUN;
    }
    if (code) {
        if (code == DC_EXIT_INPUT) say(stderr, c, lang, "train.stopped", NULL, NULL);
        goto out;
    }
    if (!(run = dc_trainer_run(tr))) {
        fprintf(stderr, "dealcoach train: %s\n", *dc_trainer_message(tr) ? dc_trainer_message(tr) : "out of memory");
        code = DC_EXIT_RUN;
        goto out;
    }
    utc_now(finished);
    json_object_set_new(run, "started", json_string(started));
    json_object_set_new(run, "finished", json_string(finished));
    char *debrief = dc_train_debrief(dc_coach_catalog(c), run);
    fputs("\n", stdout);
    if (debrief) fputs(debrief, stdout);
    free(debrief);
    if (store) {
        char *json = json_dumps(run, JSON_COMPACT);
        long long id = 0;
        if (!json || dc_store_run_add(store, json, &id)) {
            fprintf(stderr, "dealcoach: %s\n", json ? dc_store_message(store) : "out of memory");
            code = DC_EXIT_INTERNAL;
        } else {
            char number[32];
            snprintf(number, sizeof number, "%lld", id);
            fputs("\n", stdout);
            say(stdout, c, lang, "train.saved", number, NULL);
        }
        free(json);
    }
    if (!code) code = answered; /* a script with a bad key still fails */
out:
    json_decref(run);
    dc_trainer_free(tr);
    dc_scenario_free(sc);
    dc_store_free(store);
    json_decref(errors);
    return code;
}

static int check(dc_coach *c, const dc_options *o, const train_opts *t, const char *lang)
{
    unsigned long seed = 1, runs = 100;
    int code = DC_EXIT_OK;
    if (parse_count("--seed", t->seed, &seed) || parse_count("--runs", t->runs, &runs)) return DC_EXIT_INPUT;
    for (size_t i = 0; i < o->n_args; i++) {
        json_t *errors = json_array(), *report = NULL;
        dc_scenario *sc = NULL;
        char *message = NULL;
        if (dc_scenario_load(c, o->args[i], &sc, errors)) {
            size_t k;
            json_t *e;
            json_array_foreach(errors, k, e) fprintf(stderr, "%s\n", json_string_value(e));
            code = dc_exit_most_severe(code, DC_EXIT_INPUT);
        } else if (dc_scenario_explore(c, sc, lang, seed, runs, &report, &message)) {
            fprintf(stderr, "dealcoach train: %s: %s\n", o->args[i], message ? message : "out of memory");
            code = dc_exit_most_severe(code, DC_EXIT_RUN);
        } else {
            if (o->json) {
                dc_setup_output_json(o, report);
            } else {
                char *out = dc_train_check_text(dc_coach_catalog(c), lang, o->args[i], report);
                if (out) fputs(out, stdout);
                free(out);
            }
            if (json_array_size(json_object_get(report, "warnings")) && code == DC_EXIT_OK) code = DC_EXIT_TESTS;
        }
        free(message);
        json_decref(report);
        json_decref(errors);
        dc_scenario_free(sc);
    }
    return code;
}

static int collect_run(void *ctx, long long id, const char *run_json)
{
    json_t *run = json_loads(run_json, 0, NULL);
    if (run) json_array_append_new(ctx, json_pack("{sIso}", "run", (json_int_t)id, "record", run));
    return DC_OK;
}

static int results(dc_coach *c, const dc_options *o, const train_opts *t, const char *lang)
{
    dc_store *store = NULL;
    json_t *runs = json_array();
    int code = open_store(o, &store);
    if (!code && dc_store_each_run(store, collect_run, runs)) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = DC_EXIT_INTERNAL;
    }
    if (!code) {
        char *out = t->csv ? dc_train_results_csv(runs) : dc_train_results_text(dc_coach_catalog(c), lang, runs);
        if (out) fputs(out, stdout);
        free(out);
    }
    json_decref(runs);
    dc_store_free(store);
    return code;
}

static int replay(dc_coach *c, const dc_options *o, const train_opts *t, const char *lang)
{
    dc_store *store = NULL;
    char *json = NULL, *end;
    long long id = strtoll(t->replay, &end, 10);
    if (!*t->replay || *end || id <= 0) {
        fprintf(stderr, "dealcoach train: --replay: '%s' is not a run number\n", t->replay);
        return DC_EXIT_INPUT;
    }
    int code = open_store(o, &store), rc;
    if (!code && (rc = dc_store_run_get(store, id, &json))) {
        if (rc == DC_ENOTFOUND) say(stderr, c, lang, "train.no-such-run", t->replay, NULL);
        else fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = rc == DC_ENOTFOUND ? DC_EXIT_INPUT : DC_EXIT_INTERNAL;
    }
    json_t *run = json ? json_loads(json, 0, NULL) : NULL;
    if (!code) {
        char *out = run ? dc_train_debrief(dc_coach_catalog(c), run) : NULL;
        if (out) fputs(out, stdout);
        else {
            fprintf(stderr, "dealcoach train: run #%s cannot be read\n", t->replay);
            code = DC_EXIT_INTERNAL;
        }
        free(out);
    }
    json_decref(run);
    free(json);
    dc_store_free(store);
    return code;
}

int cmd_train(int argc, char **argv)
{
    train_opts t;
    dc_options o;
    dc_coach *c = NULL;
    int code;
    if (take_options(&t, &argc, argv)) return DC_EXIT_INPUT;
    int parsed = dc_options_parse(&o, argc, argv, OPT_LANG | OPT_RULES | OPT_DB | OPT_JSON);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.json && !t.check) {
        fprintf(stderr, "dealcoach train: --json goes with --check (see --help)\n");
        dc_options_free(&o);
        return DC_EXIT_INPUT;
    }
    int modes = t.check + t.results + (t.replay != NULL);
    if (modes > 1 || (t.check && !o.n_args) || (!modes && o.n_args != 1) ||
        ((t.results || t.replay) && o.n_args)) {
        fprintf(stderr, "dealcoach train: %s (see --help)\n",
                modes > 1 ? "--check, --results and --replay go alone"
                : t.check ? "--check needs scenario files"
                : modes ? "--results and --replay take no file" : "give one scenario file");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &c))) goto out;
    const char *lang = dc_setup_lang(&o);
    if (t.check) code = check(c, &o, &t, lang);
    else if (t.results) code = results(c, &o, &t, lang);
    else if (t.replay) code = replay(c, &o, &t, lang);
    else code = play(c, &o, &t, lang);
    int out_code = dc_setup_finish_output();
    if (!code) code = out_code;
out:
    dc_coach_free(c);
    dc_options_free(&o);
    return code;
}
