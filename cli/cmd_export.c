/* cmd_export.c - `dealcoach export --jsonl`: the store as JSON Lines. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "exitcodes.h"
#include "options.h"
#include "setup.h"
#include "store.h"

#include <jansson.h>

static const char help_en[] =
    "usage: dealcoach export --jsonl [--all] [--db PATH] [FILE]\n"
    "\n"
    "Write the deals of the store as JSON Lines: one deal (spec §1 JSON) per\n"
    "line, in id order, to FILE or standard output. `dealcoach import --jsonl\n"
    "FILE` reads it back.\n"
    "\n"
    "  --jsonl          the format (the only one, and required, so that another\n"
    "                   can be added without changing what this one means)\n"
    "  --all            archived deals too\n"
    "  --db PATH        the deal store (default as for the session)\n"
    "  --lang zh|en     the language of this help\n"
    "\n"
    "Exit: 0 written, 2 bad usage, 1 the store or the file failed.\n";

static const char help_zh[] =
    "用法: dealcoach export --jsonl [--all] [--db 路径] [文件]\n"
    "\n"
    "把商机库中的商机写成 JSON Lines: 每行一个商机 (JSON, 见 dealcoach-deal(5)),\n"
    "按编号排序, 写到文件或标准输出。dealcoach import --jsonl 文件 可读回。\n"
    "\n"
    "  --jsonl          格式 (目前只有这一种, 但必须写明, 以便将来增加别的格式)\n"
    "  --all            也导出已归档的商机\n"
    "  --db 路径        商机库 (默认与会话相同)\n"
    "  --lang zh|en     帮助的语言\n"
    "\n"
    "退出码: 0 已写出, 2 用法错误, 1 商机库或文件失败。\n";

typedef struct sink {
    FILE *out;
    long count;
} sink;

static int write_deal(void *ctx, const char *id, const char *json, const char *updated_at)
{
    sink *k = ctx;
    (void)id;
    (void)updated_at;
    json_t *deal = json_loads(json, 0, NULL);
    char *line = deal ? json_dumps(deal, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    int rc = fprintf(k->out, "%s\n", line ? line : json) < 0 ? -1 : 0; /* one line each */
    k->count++;
    free(line);
    json_decref(deal);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    dc_options o;
    dc_store *store = NULL;
    char *db_path = NULL;
    int jsonl = 0, code = DC_EXIT_OK, out_args = 1;
    sink k = {stdout, 0};
    for (int i = 1; i < argc; i++) { /* --jsonl is this command's own */
        if (strcmp(argv[i], "--jsonl") == 0) jsonl = 1;
        else argv[out_args++] = argv[i];
    }
    int parsed = dc_options_parse(&o, out_args, argv, OPT_DB | OPT_ALL | OPT_LANG);
    if (parsed != 0) {
        code = parsed > 0 ? dc_setup_help(dc_setup_lang(&o), help_en, help_zh) : DC_EXIT_INPUT;
        dc_options_free(&o);
        return code;
    }
    if (!jsonl || o.n_args > 1) {
        fprintf(stderr, "dealcoach export: %s (see --help)\n",
                !jsonl ? "say the format: --jsonl" : "one output file at most");
        code = DC_EXIT_INPUT;
        goto out;
    }
    if (!(db_path = o.db ? strdup(o.db) : dc_store_default_path()) || !(store = dc_store_new())) {
        fprintf(stderr, "dealcoach: out of memory\n");
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    if (dc_store_open(store, db_path)) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    if (o.n_args && strcmp(o.args[0], "-") != 0 && !(k.out = fopen(o.args[0], "w"))) {
        fprintf(stderr, "dealcoach: cannot write %s: %s\n", o.args[0], strerror(errno));
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    int rc = dc_store_each_deal_of(store, o.all ? DC_DEALS_ALL : DC_DEALS_ACTIVE, write_deal, &k);
    if (rc == -1) {
        fprintf(stderr, "dealcoach: cannot write %s: %s\n", o.n_args ? o.args[0] : "the output",
                strerror(errno));
        code = DC_EXIT_INTERNAL;
    } else if (rc) {
        fprintf(stderr, "dealcoach: %s\n", dc_store_message(store));
        code = DC_EXIT_INTERNAL;
    }
    if (k.out != stdout) {
        if (fclose(k.out) != 0 && code == DC_EXIT_OK) {
            fprintf(stderr, "dealcoach: cannot write %s: %s\n", o.args[0], strerror(errno));
            code = DC_EXIT_INTERNAL;
        }
        if (code == DC_EXIT_OK) fprintf(stderr, "dealcoach: %ld deals written to %s\n", k.count, o.args[0]);
    } else if (code == DC_EXIT_OK) {
        code = dc_setup_finish_output();
    }
out:
    dc_store_free(store);
    free(db_path);
    dc_options_free(&o);
    return code;
}
