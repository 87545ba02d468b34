/* cmd_complete.c - `dealcoach complete WHAT`: plumbing for the shell
 * completion scripts (completion/). Not listed in the help: its output is
 * for programs, one word a line, and it never creates or changes anything.
 *
 *   dealcoach complete subcommands      the subcommands of the dispatch table
 *   dealcoach complete ids [--db PATH]  the deal ids in the store
 *   dealcoach complete fields           the dotted field paths of a deal file
 *   dealcoach complete advice-ids [--rules PATH]...
 *                                       the finding, action and tactic ids
 *                                       the playbook has texts for
 *   dealcoach complete values NAME      the values option --NAME takes, where
 *                                       they are a closed set (sort,
 *                                       stage, lang); none for others
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "deal.h"
#include "exitcodes.h"
#include "options.h"
#include "pipeline/pipeline.h"
#include "pipeline/timeline.h"
#include "setup.h"
#include "store.h"

static int print_id(void *ctx, const char *deal_id, const char *deal_json, const char *updated_at)
{
    (void)ctx;
    (void)deal_json;
    (void)updated_at;
    return puts(deal_id) == EOF;
}

/* The ids of an existing store; a missing store has none (it is not
 * created). A store that cannot be read is an error on stderr. */
static int list_ids(const dc_options *o)
{
    char *path = o->db ? strdup(o->db) : dc_store_default_path();
    dc_store *s = NULL;
    int code = DC_EXIT_OK;
    if (!path) {
        fprintf(stderr, "dealcoach complete: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    if (access(path, F_OK) != 0) goto out;
    if (!(s = dc_store_new()) || dc_store_open(s, path) != DC_OK ||
        dc_store_each_deal(s, print_id, NULL) != DC_OK) {
        fprintf(stderr, "dealcoach complete: %s\n", s ? dc_store_message(s) : "out of memory");
        code = DC_EXIT_INTERNAL;
    }
out:
    dc_store_free(s);
    free(path);
    return code;
}

static int list_fields(void)
{
    json_t *paths = dc_deal_field_paths();
    size_t i;
    json_t *p;
    if (!paths) {
        fprintf(stderr, "dealcoach complete: out of memory\n");
        return DC_EXIT_INTERNAL;
    }
    json_array_foreach(paths, i, p) puts(json_string_value(p));
    json_decref(paths);
    return DC_EXIT_OK;
}

/* The ids of findings, actions and tactics in the catalogs of the playbook
 * (with any --rules): what why-not and the scenario files name. */
static int list_advice_ids(const dc_options *o)
{
    static const char *const kinds[] = {"finding.", "action.", "tactic."};
    dc_coach *c = NULL;
    int code = dc_setup_coach(o, &c);
    for (size_t k = 0; !code && k < sizeof kinds / sizeof *kinds; k++) {
        json_t *ids = dc_catalog_keys(dc_coach_catalog(c), "en", kinds[k]);
        size_t i;
        json_t *id;
        if (!ids) code = DC_EXIT_INTERNAL;
        json_array_foreach(ids, i, id) puts(json_string_value(id));
        json_decref(ids);
    }
    dc_coach_free(c);
    return code;
}

typedef struct ordered {
    const char *id;
    json_int_t order;
} ordered;

static int by_order(const void *a, const void *b)
{
    const ordered *x = a, *y = b;
    return x->order < y->order ? -1 : x->order > y->order;
}

/* The stages of the playbook, in funnel order. */
static int list_stages(const dc_options *o)
{
    dc_coach *c = NULL;
    json_t *order = NULL;
    ordered *stages = NULL;
    int code = dc_setup_coach(o, &c);
    if (code) goto out;
    order = dc_timeline_stage_order(dc_coach_engine(c));
    if (!order || !(stages = calloc(json_object_size(order) + 1, sizeof *stages))) {
        code = DC_EXIT_INTERNAL;
        goto out;
    }
    size_t n = 0;
    const char *id;
    json_t *v;
    json_object_foreach(order, id, v) stages[n++] = (ordered){id, json_integer_value(v)};
    qsort(stages, n, sizeof *stages, by_order);
    for (size_t i = 0; i < n; i++) puts(stages[i].id);
out:
    free(stages);
    json_decref(order);
    dc_coach_free(c);
    return code;
}

static int list_values(const dc_options *o, const char *option)
{
    if (strcmp(option, "sort") == 0)
        for (const char *const *k = dc_pipeline_sort_keys; *k; k++) puts(*k);
    else if (strcmp(option, "stage") == 0)
        return list_stages(o);
    else if (strcmp(option, "lang") == 0)
        puts("zh"), puts("en");
    return DC_EXIT_OK;
}

int cmd_complete(int argc, char **argv, const char *const *subcommands)
{
    dc_options o;
    int code = DC_EXIT_OK;
    int parsed = dc_options_parse(&o, argc, argv, OPT_DB | OPT_RULES);
    const char *what = o.n_args >= 1 ? o.args[0] : "";
    size_t want = strcmp(what, "values") == 0 ? 2 : 1;
    if (parsed != 0 || o.n_args != want) {
        fprintf(stderr, "usage: dealcoach complete subcommands | ids [--db PATH] | fields |\n"
                        "                          advice-ids [--rules PATH]... | values NAME\n");
        code = parsed > 0 ? DC_EXIT_OK : DC_EXIT_INPUT;
    } else if (strcmp(what, "subcommands") == 0) {
        for (; *subcommands; subcommands++) puts(*subcommands);
    } else if (strcmp(what, "ids") == 0) {
        code = list_ids(&o);
    } else if (strcmp(what, "fields") == 0) {
        code = list_fields();
    } else if (strcmp(what, "advice-ids") == 0) {
        code = list_advice_ids(&o);
    } else if (strcmp(what, "values") == 0) {
        code = list_values(&o, o.args[1]);
    } else {
        fprintf(stderr, "dealcoach complete: unknown list '%s' (subcommands, ids, fields, advice-ids or values)\n", what);
        code = DC_EXIT_INPUT;
    }
    dc_options_free(&o);
    return dc_exit_most_severe(code, dc_setup_finish_output());
}
