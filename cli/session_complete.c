/* session_complete.c - tab completion: what may come next on a line.
 *
 * Commands, deal ids, field paths, and the ids a field allows, taken from
 * the loaded schema (dc_edit_field_symbols), so that a coach's new ids
 * complete too. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deal.h"
#include "deal_edit.h"
#include "session.h"

typedef struct candidates {
    char **items;
    size_t n, cap;
} candidates;

static void add(candidates *c, const char *item)
{
    if (c->n + 2 > c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 32;
        char **grown = realloc(c->items, cap * sizeof *grown);
        if (!grown) return;
        c->items = grown;
        c->cap = cap;
    }
    if ((c->items[c->n] = strdup(item))) c->items[++c->n] = NULL;
}

static int has(json_t *list, const char *id)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && strcmp(json_string_value(v), id) == 0) return 1;
    return 0;
}

/* Add the strings of `list` (taken) that `taken` has (want 1) or lacks. */
static void add_ids(candidates *c, json_t *list, json_t *taken, int want)
{
    size_t i;
    json_t *v;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && (!taken || has(taken, json_string_value(v)) == want))
            add(c, json_string_value(v));
    json_decref(list);
}

static void add_words(candidates *c, const char *const *words)
{
    for (; *words; words++) add(c, *words);
}

static void add_one(void *c, const char *word)
{
    add(c, word);
}

/* The ids of `list` (taken) that `taken` has (want 1) or lacks, and their
 * labels in the session's language (谈判阶段 completes as negotiation does). */
static void add_ids_labels(candidates *c, session *s, json_t *list, json_t *taken, int want)
{
    json_t *shown = json_array(), *v;
    size_t i;
    json_array_foreach(list, i, v)
        if (json_is_string(v) && (!taken || has(taken, json_string_value(v)) == want))
            json_array_append(shown, v);
    session_add_labels(s, shown, add_one, c);
    json_decref(shown);
    add_ids(c, list, taken, want);
}

/* What a field's value may be: its ids and their labels, or yes and no. */
static void add_values(candidates *c, session *s, const char *path, dc_field_kind kind)
{
    static const char *const yes_no[] = {"yes", "no", NULL};
    if (kind == DC_FIELD_FLAG) add_words(c, yes_no);
    else add_ids_labels(c, s, dc_edit_field_symbols(dc_coach_engine(s->coach), path), NULL, 0);
}

/* person / competitor: sub-command, names, KEY=, values after KEY=. */
static void complete_entry(candidates *c, session *s, const session_words *w, const char *list,
                           const char *key_typed)
{
    static const char *const subs[] = {"add", "set", "remove", NULL};
    dc_engine *v = dc_coach_engine(s->coach);
    if (key_typed) {
        char path[128];
        snprintf(path, sizeof path, "%s.%s", list, key_typed);
        add_values(c, s, path, dc_edit_entry_kind(v, list, key_typed));
    } else if (w->argc == 1) {
        add_words(c, subs);
    } else if (w->argc == 2 && strcmp(w->argv[1], "add") != 0) {
        size_t i;
        json_t *e;
        json_array_foreach(dc_edit_get(s->deal, list), i, e)
            if (json_is_string(json_object_get(e, "name"))) add(c, json_string_value(json_object_get(e, "name")));
    } else if (w->argc >= 3 && strcmp(w->argv[1], "remove") != 0) {
        char with_eq[80];
        for (const char *const *k = dc_edit_entry_keys(list); k && *k; k++) {
            snprintf(with_eq, sizeof with_eq, "%s=", *k);
            add(c, with_eq);
        }
    }
}

static void complete_command(candidates *c, session *s, const session_words *w, const char *key_typed)
{
    static const char *const langs[] = {"zh", "en", NULL};
    static const char *const add_remove[] = {"add", "remove", NULL};
    static const char *const set_remove[] = {"set", "remove", NULL};
    dc_engine *v = dc_coach_engine(s->coach);
    const char *cmd = w->argv[0];
    int n = w->argc; /* words before the one being completed */
    if (strcmp(cmd, "person") == 0 || strcmp(cmd, "competitor") == 0) {
        complete_entry(c, s, w, cmd[0] == 'p' ? "people" : "competitors", key_typed);
    } else if (key_typed) {
        return;
    } else if (n == 1 && (!strcmp(cmd, "open") || !strcmp(cmd, "show") || !strcmp(cmd, "history") ||
                          !strcmp(cmd, "delete") || !strcmp(cmd, "archive"))) {
        add_ids(c, session_deal_ids(s, DC_DEALS_ACTIVE), NULL, 0);
    } else if (n == 1 && strcmp(cmd, "unarchive") == 0) {
        add_ids(c, session_deal_ids(s, DC_DEALS_ARCHIVED), NULL, 0);
    } else if (n == 1 && strcmp(cmd, "list") == 0) {
        add(c, "archived");
    } else if (n == 1 && strcmp(cmd, "help") == 0) {
        add_words(c, session_command_names());
    } else if (n == 1 && strcmp(cmd, "lang") == 0) {
        add_words(c, langs);
    } else if (n == 1 && (!strcmp(cmd, "set") || !strcmp(cmd, "unset"))) {
        json_t *paths = dc_deal_field_paths();
        size_t i;
        json_t *p;
        json_array_foreach(paths, i, p)
            if (strcmp(json_string_value(p), "id") != 0) add(c, json_string_value(p));
        json_decref(paths);
    } else if (n >= 2 && strcmp(cmd, "set") == 0) {
        add_values(c, s, w->argv[1], dc_edit_field_kind(v, w->argv[1]));
    } else if (!strcmp(cmd, "tick") || !strcmp(cmd, "untick")) {
        int ticking = cmd[0] == 't';
        add_ids_labels(c, s, dc_edit_field_symbols(v, "criteria"), dc_edit_get(s->deal, "criteria"), !ticking);
        add_ids_labels(c, s, dc_edit_field_symbols(v, "negotiation.preconditions"),
                       dc_edit_get(s->deal, "negotiation.preconditions"), !ticking);
    } else if (strcmp(cmd, "signal") == 0) {
        if (n == 1) add_words(c, add_remove);
        else if (n == 2) add_ids_labels(c, s, dc_edit_field_symbols(v, "signals"), dc_edit_get(s->deal, "signals"),
                                        strcmp(w->argv[1], "remove") == 0);
    } else if (strcmp(cmd, "notes") == 0) {
        if (n == 1) add_words(c, set_remove);
        else if (n == 2) {
            char number[32];
            for (size_t i = 1; i <= json_array_size(dc_edit_get(s->deal, "notes")); i++) {
                snprintf(number, sizeof number, "%zu", i);
                add(c, number);
            }
        }
    }
}

/* During the interview: the asked field's values, skip and done. */
static void complete_answer(candidates *c, session *s)
{
    static const char *const words[] = {"yes", "no", "skip", "done", NULL};
    dc_field_kind kind = dc_edit_field_kind(dc_coach_engine(s->coach), s->asking);
    if (kind == DC_FIELD_TEXT || kind == DC_FIELD_NONE)
        add_ids_labels(c, s, dc_edit_field_symbols(dc_coach_engine(s->coach), s->asking), NULL, 0);
    add_words(c, words);
}

char **session_complete(void *ctx, const char *before, const char *word)
{
    session *s = ctx;
    candidates c = {NULL, 0, 0};
    session_words w;
    add(&c, ""); /* never NULL: an empty list means "nothing", not file names */
    free(c.items[0]);
    c.items[0] = NULL;
    c.n = 0;
    if (s->asking) {
        complete_answer(&c, s);
        return c.items;
    }
    char *line = strdup(before);
    size_t len = line ? strlen(line) : 0;
    if (len && line[len - 1] == '"') line[--len] = '\0'; /* the word's opening quote */
    if (!line || session_split(line, &w)) {
        free(line);
        return c.items;
    }
    /* A line not ending in a space ends in "KEY=" or "KEY=a,": the word
     * being completed is a value of KEY. */
    char *key_typed = NULL;
    if (len && line[len - 1] != ' ' && line[len - 1] != '\t' && w.argc) {
        key_typed = w.argv[--w.argc];
        key_typed[strcspn(key_typed, "=")] = '\0';
    }
    if (w.argc == 0 && !key_typed) {
        add_words(&c, session_command_names());
    } else if (w.argc > 0) {
        static const char *const import_options[] = {"--map", "--dry-run", NULL};
        int import = !strcmp(w.argv[0], "import");
        int files = (import && word[0] != '-') || (!strcmp(w.argv[0], "export") && w.argc == 1);
        if (import && word[0] == '-') add_words(&c, import_options);
        else if (files) {
            if (key_typed) w.argc++;
            session_words_free(&w);
            free(line);
            free(c.items);
            return NULL; /* readline completes file names */
        }
        complete_command(&c, s, &w, key_typed);
    }
    if (key_typed) w.argc++; /* so that it is freed */
    session_words_free(&w);
    free(line);
    return c.items;
}
