/* cmd_import.c - `dealcoach import`: CRM exports (CSV), deal files and JSON
 * Lines into the store, in one transaction. The reading and merging is
 * kb/import/importer.h; this file shows what it tells. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "importer.h"
#include "deal.h"
#include "exitcodes.h"
#include "phrases.h"
#include "setup.h"

static const char help_en[] =
    "usage: dealcoach import --csv FILE [--map MAP] [--dry-run] [--db PATH]\n"
    "       dealcoach import [--jsonl] [--dry-run] [--db PATH] FILE...\n"
    "\n"
    "Bring deals into the store: a CRM export (--csv), deal files (spec §1 JSON)\n"
    "or JSON Lines (--jsonl, one deal per line, as `dealcoach export` writes).\n"
    "Every deal read is saved in ONE transaction; a refused row or deal is\n"
    "reported with its file and line, and the rest are imported.\n"
    "\n"
    "A deal imported before is updated field by field, and its history says\n"
    "what changed. A field edited since the last import (in the session) is\n"
    "never overwritten: the conflict is reported and the edit kept.\n"
    "\n"
    "  --csv            FILE is a CSV export: Salesforce- and HubSpot-style\n"
    "                   columns and stage names by default; UTF-8 (with or\n"
    "                   without BOM), UTF-16, GBK or Big5\n"
    "  --map MAP        read the CSV through MAP instead of the shipped\n"
    "                   default.map (docs/import-map.md)\n"
    "  --jsonl          each FILE has one deal per line\n"
    "  --dry-run        read, check and report, but save nothing\n"
    "  --db PATH        the deal store (default as for the session)\n"
    "  --lang zh|en     language of the summary; --today DATE the date the\n"
    "                   stage in the history is judged at; --rules PATH extra rules\n"
    "\n"
    "Exit: 0 everything imported, 2 some rows or files refused (the rest are\n"
    "imported) or bad usage, 1 the store failed (nothing was saved), 3 a rule\n"
    "file did not load.\n";

static const char help_zh[] =
    "用法: dealcoach import --csv 文件 [--map 映射] [--dry-run] [--db 路径]\n"
    "      dealcoach import [--jsonl] [--dry-run] [--db 路径] 文件...\n"
    "\n"
    "把商机导入商机库: CRM 导出 (--csv)、商机文件 (JSON) 或 JSON Lines\n"
    "(--jsonl, 每行一个商机, 即 dealcoach export 的输出)。读到的所有商机在\n"
    "同一个事务中保存; 被拒绝的行或商机报告其文件和行号, 其余照常导入。\n"
    "\n"
    "以前导入过的商机逐字段更新, 变更记录写明改了什么。上次导入后在会话中\n"
    "改过的字段绝不覆盖: 报告冲突, 保留修改。\n"
    "\n"
    "  --csv            文件是 CSV 导出: 默认识别 Salesforce 和 HubSpot 式的列名\n"
    "                   和阶段名; UTF-8 (有无 BOM 均可)、UTF-16、GBK 或 Big5\n"
    "  --map 映射       用映射文件代替内置的 default.map 读 CSV\n"
    "                   (docs/import-map.md)\n"
    "  --jsonl          每个文件每行一个商机\n"
    "  --dry-run        读入、检查并报告, 但不保存\n"
    "  --db 路径        商机库 (默认与会话相同)\n"
    "  --lang zh|en     汇总的语言; --today 日期 评估变更记录中阶段的日期;\n"
    "                   --rules 路径 另外的规则\n"
    "\n"
    "退出码: 0 全部导入, 2 有行或文件被拒绝 (其余已导入) 或用法错误,\n"
    "1 商机库失败 (什么也没保存), 3 规则文件未能加载。\n";

typedef struct run {
    dc_coach *coach;
    dc_importer *importer;
    const char *lang;
    long refused_lines; /* JSON Lines that are no deal */
    int store_failed;
} run;

static const char *text(run *r, const char *key)
{
    return dc_catalog_get_or(dc_coach_catalog(r->coach), r->lang, key, key);
}

/* The lines the importer told since the last call: changes to stdout, the
 * rest to stderr, a whole-file problem after "dealcoach: ". */
static void show_lines(run *r)
{
    json_t *lines = dc_importer_take_lines(r->importer), *line;
    size_t i;
    json_array_foreach(lines, i, line) {
        char *shown = dc_import_line_text(dc_coach_catalog(r->coach), r->lang, line);
        dc_import_line_kind kind = dc_import_line_kind_of(line);
        fprintf(kind == DC_IMPORT_LINE_UPDATED ? stdout : stderr, "%s%s\n",
                kind == DC_IMPORT_LINE_FATAL ? "dealcoach: " : "", shown ? shown : "");
        free(shown);
    }
    json_decref(lines);
}

/* After an importer call: its lines shown, a store failure said. */
static int shown(run *r, int rc)
{
    show_lines(r);
    if (rc == DC_ESTORE) {
        fprintf(stderr, "dealcoach: %s\n", dc_importer_message(r->importer));
        r->store_failed = 1;
    }
    return rc == DC_OK ? DC_EXIT_OK : rc == DC_EINPUT ? DC_EXIT_INPUT : DC_EXIT_INTERNAL;
}

static int import_csv(run *r, const char *path, const char *map_path, const char *import_dir)
{
    dc_csv_import_options opt = {map_path, import_dir, 0}; /* a dry run: the caller's batch */
    int code = shown(r, dc_importer_csv(r->importer, path, &opt));
    return r->store_failed ? DC_EXIT_OK : code; /* a store failure is said at the end */
}

/* A deal file (whole = the whole deal), or JSON Lines. */
static int import_json(run *r, const char *path, int lines)
{
    json_t *errors = json_array(), *input = NULL;
    int code = DC_EXIT_OK;
    if (!lines) {
        if (dc_deal_read_file(path, &input, errors) == DC_OK) shown(r, dc_importer_deal(r->importer, input, 1, path));
        else code = DC_EXIT_INPUT;
    } else {
        FILE *f = fopen(path, "r");
        char *line = NULL, origin[600];
        size_t cap = 0;
        ssize_t n;
        long no = 0;
        if (!f) {
            fprintf(stderr, "dealcoach: %s: cannot read: %s\n", path, strerror(errno));
            json_decref(errors);
            return DC_EXIT_INPUT;
        }
        while (!r->store_failed && (n = getline(&line, &cap, f)) >= 0) {
            no++;
            if (strspn(line, " \t\r\n") == (size_t)n) continue;
            json_error_t err;
            snprintf(origin, sizeof origin, "%s:%ld", path, no);
            input = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES, &err);
            if (json_is_object(input)) {
                shown(r, dc_importer_deal(r->importer, input, 1, origin));
            } else {
                r->refused_lines++;
                if (input) fprintf(stderr, "%s: %s expected a JSON object (a deal)\n", origin, text(r, "import.refused"));
                else fprintf(stderr, "%s:%d: %s not a JSON deal: %s\n", origin, err.column, text(r, "import.refused"), err.text);
            }
            json_decref(input);
            input = NULL;
        }
        if (ferror(f)) {
            fprintf(stderr, "dealcoach: %s: read error: %s\n", path, strerror(errno));
            code = DC_EXIT_INPUT;
        }
        free(line);
        fclose(f);
    }
    size_t i;
    json_t *e;
    json_array_foreach(errors, i, e) {
        char *shown_error = dc_phrases_render_message(dc_coach_catalog(r->coach), r->lang, json_string_value(e));
        fprintf(stderr, "dealcoach: %s\n", shown_error ? shown_error : json_string_value(e));
        free(shown_error);
    }
    json_decref(input);
    json_decref(errors);
    return code;
}

/* Pull --csv, --jsonl, --dry-run and --map MAP out of argv (they are this
 * command's own); the rest is parsed as the shared options. */
static int own_options(int *argc, char **argv, int *csv, int *jsonl, int *dry_run, const char **map)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--") == 0) {
            while (i < *argc) argv[out++] = argv[i++];
            break;
        }
        if (strcmp(argv[i], "--csv") == 0) *csv = 1;
        else if (strcmp(argv[i], "--jsonl") == 0) *jsonl = 1;
        else if (strcmp(argv[i], "--dry-run") == 0) *dry_run = 1;
        else if (strcmp(argv[i], "--map") == 0) {
            if (i + 1 >= *argc) {
                fprintf(stderr, "dealcoach import: option '--map' needs a value\n");
                return -1;
            }
            *map = argv[++i];
        } else argv[out++] = argv[i];
    }
    *argc = out;
    return 0;
}

int cmd_import(int argc, char **argv)
{
    dc_options o;
    run r;
    dc_paths paths;
    dc_store *store = NULL;
    char today[11], *db_path = NULL;
    int csv = 0, jsonl = 0, dry_run = 0, code = DC_EXIT_OK;
    const char *map = NULL;
    memset(&r, 0, sizeof r);
    memset(&paths, 0, sizeof paths);
    if (own_options(&argc, argv, &csv, &jsonl, &dry_run, &map)) return DC_EXIT_INPUT;
    int parsed = dc_options_parse(&o, argc, argv, OPT_LANG | OPT_TODAY | OPT_RULES | OPT_DB);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (o.n_args == 0 || (csv && jsonl) || (map && !csv) || (csv && o.n_args != 1)) {
        fprintf(stderr, "dealcoach import: %s (see --help)\n",
                o.n_args == 0 ? "no file given" : csv && jsonl ? "--csv or --jsonl, not both"
                : map ? "--map goes with --csv" : "--csv takes one file");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if ((code = dc_setup_coach(&o, &r.coach))) goto out;
    r.lang = dc_setup_lang(&o);
    if (dc_paths_find(&paths) || !(db_path = o.db ? strdup(o.db) : dc_store_default_path()) ||
        !(store = dc_store_new()) ||
        !(r.importer = dc_importer_new(r.coach, store, dc_setup_today(&o, today)))) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    /* One transaction for every file; a dry run drops it. */
    if (dc_store_open(store, db_path) || dc_store_begin(store)) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    for (size_t i = 0; i < o.n_args && !r.store_failed; i++) {
        int got = csv ? import_csv(&r, o.args[i], map, paths.import_dir) : import_json(&r, o.args[i], jsonl);
        code = dc_exit_most_severe(code, got);
    }
    if (r.store_failed) {
        dc_store_end(store, 0);
        fprintf(stderr, "dealcoach: %s\n", text(&r, "import.nothing-saved"));
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    if (dc_store_end(store, !dry_run)) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    dc_import_counts n = *dc_importer_counts(r.importer);
    n.rows += r.refused_lines;
    n.refused += r.refused_lines;
    char *summary = dc_import_summary(dc_coach_catalog(r.coach), r.lang, &n);
    printf("%s\n", summary ? summary : "");
    free(summary);
    if (n.conflicts) printf("%s\n", text(&r, "import.conflicts-kept"));
    if (dry_run) printf("%s\n", text(&r, "import.dry-run"));
    if (n.refused) code = dc_exit_most_severe(code, DC_EXIT_INPUT);
    code = dc_exit_most_severe(code, dc_setup_finish_output());
out:
    dc_importer_free(r.importer);
    dc_store_free(store);
    dc_coach_free(r.coach);
    dc_paths_free(&paths);
    free(db_path);
    dc_options_free(&o);
    return code;
}
