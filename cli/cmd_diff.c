/* cmd_diff.c - `dealcoach diff`: a library of deals under two playbooks. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "coach/diff.h"
#include "coach/source.h"
#include "commands.h"
#include "exitcodes.h"
#include "paths.h"
#include "setup.h"

static const char help_en[] =
    "usage: dealcoach diff [--rules NEW]... [--base OLD]... [--json [--pretty]] [--check]\n"
    "                      [--today YYYY-MM-DD] [--lang zh|en] DEAL...\n"
    "\n"
    "Advise on each deal (a deal file, or a directory of *.json deal files)\n"
    "under two playbooks and report what changed: the shipped playbook plus\n"
    "the --base files (by default the shipped playbook alone), against the\n"
    "shipped playbook plus the --rules files. Per deal: the stage, the concern,\n"
    "findings and actions added, removed or moved, do_now; then a summary.\n"
    "\n"
    "  --rules NEW    a rule file or directory of the new playbook (repeatable)\n"
    "  --base OLD     a rule file or directory of the base playbook (repeatable)\n"
    "  --json         the changes as one JSON object; --pretty indents it\n"
    "  --check        exit 7 when any deal's advice changed (to gate an edit in CI)\n"
    "  --today DATE   the evaluation date (default: today)\n"
    "  --lang zh|en   the language of the advice compared and of messages\n"
    "\n"
    "Exit: 0 done (7 with --check and changes), 2 a deal refused, 3 a rule\n"
    "file did not load, 4 the rules failed while running, 1 internal failure.\n";

static const char help_zh[] =
    "用法: dealcoach diff [--rules 新规则]... [--base 旧规则]... [--json [--pretty]] [--check]\n"
    "                     [--today YYYY-MM-DD] [--lang zh|en] 商机...\n"
    "\n"
    "在两套规则手册下对每个商机 (商机文件, 或 *.json 商机文件的目录) 给出建议,\n"
    "并报告变化: 内置规则加 --base 文件 (默认只有内置规则), 对比内置规则加\n"
    "--rules 文件。每个商机列出: 阶段、客户心态、增加、删除或移动了的发现和\n"
    "行动、do_now; 最后是汇总。\n"
    "\n"
    "  --rules 新规则 新规则手册的规则文件或目录 (可重复)\n"
    "  --base 旧规则  基准规则手册的规则文件或目录 (可重复)\n"
    "  --json         以一个 JSON 对象输出变化; --pretty 缩进显示\n"
    "  --check        任何商机的建议有变化时退出码为 7 (用于在 CI 中把关)\n"
    "  --today 日期   评估日期 (默认: 今天)\n"
    "  --lang zh|en   所比较的建议和消息的语言\n"
    "\n"
    "退出码: 0 完成 (带 --check 且有变化时为 7), 2 商机被拒绝, 3 规则文件未能\n"
    "加载, 4 规则运行失败, 1 内部错误。\n";

typedef struct differ {
    dc_coach *base, *next;
    const char *today, *lang;
    int json;
    json_t *results;         /* [{"deal", "changes"}] */
    long changed, unchanged, added, removed, moved;
    int code;
} differ;

static void count(differ *d, json_t *changes)
{
    static const char *const lists[] = {"findings", "actions", "tactics", NULL};
    for (int k = 0; lists[k]; k++) {
        json_t *part = json_object_get(changes, lists[k]);
        d->added += (long)json_array_size(json_object_get(part, "added"));
        d->removed += (long)json_array_size(json_object_get(part, "removed"));
        d->moved += (long)json_array_size(json_object_get(part, "moved"));
    }
}

/* Advise on one deal under both playbooks and record the difference. */
static void diff_deal(differ *d, const char *path)
{
    json_t *deal = NULL, *before = NULL, *after = NULL, *changes = NULL;
    int rc = dc_setup_deal(d->next, path, d->lang, &deal);
    if (rc) {
        d->code = dc_exit_most_severe(d->code, rc);
        goto out;
    }
    dc_coach *coach = d->base;
    rc = dc_coach_advise(d->base, deal, d->today, d->lang, NULL, &before);
    if (!rc) rc = dc_coach_advise(coach = d->next, deal, d->today, d->lang, NULL, &after);
    if (rc) {
        fprintf(stderr, "dealcoach: %s (%s playbook): %s\n", path, coach == d->base ? "base" : "new",
                dc_coach_message(coach));
        d->code = dc_exit_most_severe(d->code, rc == DC_ELIMIT || rc == DC_ERUNTIME ? DC_EXIT_RUN : DC_EXIT_INTERNAL);
        goto out;
    }
    changes = dc_advice_diff(before, after);
    if (changes) {
        d->changed++;
        count(d, changes);
    } else {
        d->unchanged++;
    }
    json_array_append_new(d->results, json_pack("{sssO}", "deal", path, "changes", changes ? changes : json_null()));
    if (!d->json) {
        const dc_catalog *cat = dc_coach_catalog(d->next);
        char *text = changes ? dc_advice_diff_text(cat, d->lang, changes) : NULL;
        const char *verdict = dc_catalog_get(cat, d->lang, changes ? "diff.changed" : "diff.unchanged");
        printf("%s: %s\n%s", path, verdict ? verdict : changes ? "changed" : "unchanged", text ? text : "");
        free(text);
    }
out:
    json_decref(deal);
    json_decref(before);
    json_decref(after);
    json_decref(changes);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A deal file, or every *.json of a directory in name order. */
static void diff_path(differ *d, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
        diff_deal(d, path);
        return;
    }
    DIR *dir = opendir(path);
    char *trimmed = strdup(path); /* "examples/" joins as "examples/x.json" */
    size_t len = trimmed ? strlen(trimmed) : 0;
    while (len > 1 && trimmed[len - 1] == '/') trimmed[--len] = '\0';
    char **names = NULL;
    size_t n = 0;
    struct dirent *ent;
    while (dir && (ent = readdir(dir))) {
        size_t n_name = strlen(ent->d_name);
        if (ent->d_name[0] == '.' || n_name < 6 || strcmp(ent->d_name + n_name - 5, ".json") != 0) continue;
        char **grown = realloc(names, (n + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        if ((names[n] = dc_path_join(trimmed ? trimmed : path, ent->d_name))) n++;
    }
    if (dir) closedir(dir);
    free(trimmed);
    if (names) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        diff_deal(d, names[i]);
        free(names[i]);
    }
    free(names);
}

int cmd_diff(int argc, char **argv)
{
    dc_options o, base_options;
    differ d = {NULL, NULL, NULL, NULL, 0, json_array(), 0, 0, 0, 0, 0, DC_EXIT_OK};
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_RULES | OPT_BASE | OPT_JSON | OPT_CHECK | OPT_TODAY | OPT_LANG);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        json_decref(d.results);
        return code;
    }
    if (o.n_args == 0) {
        fprintf(stderr, "dealcoach diff: no deal file or directory given (see --help)\n");
        code = DC_EXIT_INPUT;
        goto out;
    }
    base_options = o;
    base_options.rules = o.base;
    base_options.n_rules = o.n_base;
    if ((code = dc_setup_coach(&base_options, &d.base)) || (code = dc_setup_coach(&o, &d.next))) goto out;
    char today[11];
    d.today = dc_setup_today(&o, today);
    d.lang = dc_setup_lang(&o);
    d.json = o.json;
    for (size_t i = 0; i < o.n_args; i++) diff_path(&d, o.args[i]);
    json_t *summary = json_pack("{sisisisisi}", "changed", (int)d.changed, "unchanged", (int)d.unchanged,
                                "added", (int)d.added, "removed", (int)d.removed, "moved", (int)d.moved);
    if (o.json) {
        json_t *all = json_pack("{soso}", "deals", json_incref(d.results), "summary", summary);
        code = all ? dc_setup_output_json(&o, all) : DC_EXIT_INTERNAL;
        json_decref(all);
    } else {
        json_t *args = json_pack("[IIIIII]", (json_int_t)(d.changed + d.unchanged), (json_int_t)d.changed,
                                 (json_int_t)d.unchanged, (json_int_t)d.added, (json_int_t)d.removed,
                                 (json_int_t)d.moved);
        char *line = dc_catalog_format(dc_coach_catalog(d.next), d.lang,
                                       d.changed + d.unchanged == 1 ? "diff.summary-one" : "diff.summary", args);
        if (line) printf("%s\n", line);
        else code = DC_EXIT_INTERNAL;
        free(line);
        json_decref(args);
        json_decref(summary);
    }
    code = dc_exit_most_severe(code, d.code);
    if (!code && o.check && d.changed) code = DC_EXIT_CHANGED;
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    dc_coach_free(d.base);
    dc_coach_free(d.next);
    json_decref(d.results);
    dc_options_free(&o);
    return code;
}
