/* session_edit.c - changing the open deal: set, unset, tick, untick,
 * person, competitor, signal, note, notes. The edits themselves are
 * kb/deal_edit.c's; here the words are picked apart and each change saved. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deal_edit.h"
#include "exitcodes.h"
#include "lineio.h"
#include "note_facts.h"
#include "report.h"
#include "session.h"

/* One edit of the open deal, from the fresh copy to the saved change. */
typedef struct edit {
    json_t *deal;   /* the copy being changed */
    json_t *errors; /* what kb found wrong */
    char *what;     /* the change, for the history */
} edit;

static dc_engine *vocab(session *s)
{
    return dc_coach_engine(s->coach);
}

static int begin(session *s, edit *e)
{
    memset(e, 0, sizeof *e);
    if (!(e->errors = json_array())) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    int code = session_begin_change(s, &e->deal);
    if (code) json_decref(e->errors);
    return code;
}

/* Save or report the edit; releases it. */
static int finish(session *s, edit *e, int rc)
{
    int code = session_finish_edit(s, e->deal, rc, e->what, e->errors);
    json_decref(e->errors);
    return code;
}

int session_finish_edit(session *s, json_t *deal, int rc, char *what, json_t *errors)
{
    int code = DC_EXIT_OK;
    if (rc) {
        code = session_fail_list(s, rc == DC_ENOMEM ? DC_EXIT_INTERNAL : DC_EXIT_INPUT, errors);
        json_decref(deal);
    } else if (!what) {
        session_say(s, "session.unchanged", NULL);
        json_decref(deal);
    } else {
        code = session_commit(s, deal, what);
    }
    if (dc_store_in_batch(s->store)) dc_store_end(s->store, 0); /* an edit not saved releases the lock */
    free(what);
    return code;
}

static int worse(int code, int one)
{
    if (one == DC_EXIT_INTERNAL || code == DC_EXIT_OK) return one ? one : code;
    return code;
}

/* --- fields ---------------------------------------------------------------------- */

int run_set(session *s, const session_words *w)
{
    edit e;
    char *typed = session_rest(w, 2), *value = typed ? session_ids_from_labels(s, w->argv[1], typed) : NULL;
    int code = value ? begin(s, &e) : session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    if (code == DC_EXIT_OK)
        code = finish(s, &e, dc_edit_set(vocab(s), e.deal, w->argv[1], value, e.errors, &e.what));
    free(typed);
    free(value);
    return code;
}

int run_unset(session *s, const session_words *w)
{
    edit e;
    int code = begin(s, &e);
    if (code) return code;
    return finish(s, &e, dc_edit_unset(vocab(s), e.deal, w->argv[1], e.errors, &e.what));
}

/* The list a tickable id belongs to: a stage criterion or a negotiation
 * precondition, as the schema says. NULL when neither. */
static const char *tick_list(session *s, const char *id)
{
    static const char *const lists[] = {"criteria", "negotiation.preconditions", "account.file"};
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        json_t *ids = dc_edit_field_symbols(vocab(s), lists[i]);
        size_t k;
        json_t *one;
        int found = 0;
        json_array_foreach(ids, k, one) found |= strcmp(json_string_value(one), id) == 0;
        json_decref(ids);
        if (found) return lists[i];
    }
    return NULL;
}

/* The tickable id `word` is, or whose label it is (需求明确 for need-clear),
 * copied into `id`; 0 when none. */
static int tick_id(session *s, const char *word, char *id, size_t size)
{
    static const char *const lists[] = {"criteria", "negotiation.preconditions", "account.file"};
    json_t *all = json_array();
    for (size_t i = 0; all && i < sizeof lists / sizeof *lists; i++) {
        json_t *ids = dc_edit_field_symbols(vocab(s), lists[i]);
        json_array_extend(all, ids);
        json_decref(ids);
    }
    const char *found = all ? session_id_for_label(s, all, word) : NULL;
    if (found) snprintf(id, size, "%s", found);
    json_decref(all);
    return found != NULL;
}

static int tick(session *s, const session_words *w, int on)
{
    int code = DC_EXIT_OK;
    for (int i = 1; i < w->argc; i++) { /* each id is a change of its own */
        char label_id[128];
        const char *id = w->argv[i], *list = tick_list(s, id);
        if (!list && tick_id(s, id, label_id, sizeof label_id)) list = tick_list(s, id = label_id);
        edit e;
        if (!list) {
            code = worse(code, session_fail(s, DC_EXIT_INPUT, "session.unknown-criterion", id, NULL));
            continue;
        }
        int one = begin(s, &e);
        if (one == DC_EXIT_OK) {
            int rc = on ? dc_edit_add_item(vocab(s), e.deal, list, id, e.errors, &e.what)
                        : dc_edit_remove_item(e.deal, list, id, e.errors, &e.what);
            if (!on && rc == DC_ENOTFOUND) { /* already unticked: nothing to do */
                rc = DC_OK;
                json_array_clear(e.errors);
            }
            one = finish(s, &e, rc);
        }
        code = worse(code, one);
        if (one == DC_EXIT_INTERNAL) break;
    }
    return code;
}

int run_tick(session *s, const session_words *w)
{
    return tick(s, w, 1);
}

int run_untick(session *s, const session_words *w)
{
    return tick(s, w, 0);
}

/* --- people and competitors ----------------------------------------------------- */

/* person|competitor add|set|remove NAME [KEY=VALUE]... */
static int entry_command(session *s, const session_words *w, const char *list)
{
    const char *sub = w->argv[1], *name = w->argc > 2 ? w->argv[2] : NULL;
    int add = strcmp(sub, "add") == 0, set = strcmp(sub, "set") == 0, remove = strcmp(sub, "remove") == 0;
    char usage_key[64];
    snprintf(usage_key, sizeof usage_key, "help.%s.usage", w->argv[0]);
    if ((!add && !set && !remove) || !name || (remove && w->argc > 3) || (set && w->argc < 4))
        return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, usage_key), NULL);
    size_t n = (size_t)(w->argc - 3);
    dc_edit_attr *attrs = calloc(n + 1, sizeof *attrs);
    if (!attrs) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    for (size_t i = 0; i < n; i++) {
        char *word = w->argv[3 + i], *eq = strchr(word, '=');
        if (!eq || eq == word) {
            free(attrs);
            return session_fail(s, DC_EXIT_INPUT, "session.expected-key-value", word, NULL);
        }
        *eq = '\0'; /* the words are ours to cut */
        attrs[i].key = word;
        attrs[i].text = eq + 1;
    }
    /* attitude=支持者: labels become ids (kept in `typed` to free) */
    char **typed = calloc(n + 1, sizeof *typed);
    for (size_t i = 0; typed && i < n; i++) {
        char path[128];
        snprintf(path, sizeof path, "%s.%s", list, attrs[i].key);
        if ((typed[i] = session_ids_from_labels(s, path, attrs[i].text))) attrs[i].text = typed[i];
    }
    edit e;
    int code = begin(s, &e);
    if (code == DC_EXIT_OK) {
        int rc = add ? dc_edit_entry_add(vocab(s), e.deal, list, name, attrs, n, e.errors, &e.what)
               : set ? dc_edit_entry_set(vocab(s), e.deal, list, name, attrs, n, e.errors, &e.what)
                     : dc_edit_entry_remove(e.deal, list, name, e.errors, &e.what);
        code = finish(s, &e, rc);
    }
    for (size_t i = 0; typed && i < n; i++) free(typed[i]);
    free(typed);
    free(attrs);
    return code;
}

int run_person(session *s, const session_words *w)
{
    return entry_command(s, w, "people");
}

int run_competitor(session *s, const session_words *w)
{
    return entry_command(s, w, "competitors");
}

/* --- signals and notes ------------------------------------------------------------ */

int run_signal(session *s, const session_words *w)
{
    const char *sub = w->argv[1], *id = w->argv[2];
    json_t *signals = dc_edit_field_symbols(vocab(s), "signals");
    const char *labelled = signals ? session_id_for_label(s, signals, id) : NULL;
    char label_id[128];
    if (labelled) snprintf(label_id, sizeof label_id, "%s", labelled), id = label_id;
    json_decref(signals);
    int add = strcmp(sub, "add") == 0;
    if (!add && strcmp(sub, "remove") != 0)
        return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.signal.usage"), NULL);
    edit e;
    int code = begin(s, &e);
    if (code) return code;
    int rc = add ? dc_edit_add_item(vocab(s), e.deal, "signals", id, e.errors, &e.what)
                 : dc_edit_remove_item(e.deal, "signals", id, e.errors, &e.what);
    return finish(s, &e, rc);
}

static void on_note_signal(void *ctx, const char *signal, const char *words)
{
    session *s = ctx;
    if (dc_notes_fact_only(dc_coach_notes(s->coach), signal)) return; /* shown as a proposal */
    session_say(s, "session.note-signal", signal, session_label(s, signal), words, NULL);
}

/* Offer one fact the note proposes; "y" records it as an edit of the deal
 * (issue 13: nothing from a note is asserted without the rep). Returns an
 * exit code; a refused or unanswered proposal changes nothing. */
static int offer_proposal(session *s, json_t *proposal)
{
    char *line = NULL;
    dc_note_edit ne;
    int editable = dc_note_fact_edit(proposal, &ne);
    char *text = dc_report_proposal(dc_coach_catalog(s->coach), s->lang, proposal);
    if (!editable || !text) { /* news the deal has no field for: shown only */
        if (text) session_say(s, "session.note-says", text, NULL);
        free(text);
        return DC_EXIT_OK;
    }
    session_say(s, "session.note-proposal", text, NULL);
    free(text);
    lineio_status got = lineio_read(session_text(s, "session.proposal-prompt"), &line);
    if (got != LINEIO_LINE) return DC_EXIT_OK;
    s->line_no++;
    char *answer = line + strspn(line, " \t");
    answer[strcspn(answer, " \t\r\n")] = '\0';
    int yes = dc_edit_yes_no(answer) == 1 || strcmp(answer, "y") == 0 || strcmp(answer, "是") == 0;
    free(line);
    if (!yes) {
        session_say(s, "session.proposal-left", NULL);
        return DC_EXIT_OK;
    }
    edit e;
    int code = begin(s, &e);
    if (code) return code;
    int rc;
    if (ne.key && ne.add) { /* a competitor's move: the entry is added when missing */
        rc = dc_edit_entry_add_item(vocab(s), e.deal, ne.path, ne.value, ne.key, ne.text, e.errors,
                                    &e.what);
    } else if (ne.key) { /* a person's attitude, or that they are leaving */
        dc_edit_attr attr = {ne.key, ne.text};
        rc = dc_edit_entry_set(vocab(s), e.deal, ne.path, ne.value, &attr, 1, e.errors, &e.what);
    } else {
        rc = ne.add ? dc_edit_add_item(vocab(s), e.deal, ne.path, ne.value, e.errors, &e.what)
                    : dc_edit_set(vocab(s), e.deal, ne.path, ne.value, e.errors, &e.what);
    }
    return finish(s, &e, rc);
}

/* Offer, one by one, the facts the new note proposes. */
static int offer_proposals(session *s, const char *text)
{
    json_t *proposals = dc_note_facts_of(dc_coach_notes(s->coach), s->deal, text, -1);
    if (!proposals) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    int code = DC_EXIT_OK;
    size_t i;
    json_t *p;
    json_array_foreach(proposals, i, p) {
        if (code) break;
        code = offer_proposal(s, p);
    }
    json_decref(proposals);
    return code;
}

/* Show the signals the note patterns recognise in `text`. */
static void show_note_signals(session *s, const char *text)
{
    dc_notes *notes = dc_coach_notes(s->coach);
    if (dc_note_rivals_of(notes, s->deal)) {
        session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        return;
    }
    if (dc_notes_scan(notes, text, on_note_signal, s) != DC_OK)
        session_fail(s, DC_EXIT_OK, "session.note-unreadable", dc_notes_message(notes), NULL);
}

int run_note(session *s, const session_words *w)
{
    edit e;
    char *text = session_rest(w, 1);
    int code = text ? begin(s, &e) : session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    if (code == DC_EXIT_OK) {
        code = finish(s, &e, dc_edit_add_item(vocab(s), e.deal, "notes", text, e.errors, &e.what));
        if (code == DC_EXIT_OK) show_note_signals(s, text);
        if (code == DC_EXIT_OK && s->deal) code = offer_proposals(s, text);
    }
    free(text);
    return code;
}

/* A note's number as the rep sees it (from 1): its index, or -1. */
static long note_index(session *s, const char *word)
{
    char *end;
    long n = strtol(word, &end, 10);
    long count = (long)json_array_size(json_object_get(s->deal, "notes"));
    return *word && !*end && n >= 1 && n <= count ? n - 1 : -1;
}

/* notes | notes set N TEXT | notes remove N */
int run_notes(session *s, const session_words *w)
{
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    if (w->argc == 1) {
        size_t i;
        json_t *note;
        json_t *notes = json_object_get(s->deal, "notes");
        if (json_array_size(notes) == 0) session_say(s, "session.no-notes", NULL);
        json_array_foreach(notes, i, note) {
            printf("%2zu. %s\n", i + 1, json_string_value(note));
            show_note_signals(s, json_string_value(note));
        }
        return DC_EXIT_OK;
    }
    const char *sub = w->argv[1];
    int set = strcmp(sub, "set") == 0, remove = strcmp(sub, "remove") == 0;
    if ((!set && !remove) || w->argc < 3 || (remove && w->argc != 3) || (set && w->argc < 4))
        return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.notes.usage"), NULL);
    long at = note_index(s, w->argv[2]);
    if (at < 0) return session_fail(s, DC_EXIT_INPUT, "session.no-such-note", w->argv[2], NULL);
    edit e;
    char *text = set ? session_rest(w, 3) : NULL;
    int code = begin(s, &e);
    if (code == DC_EXIT_OK) {
        int rc = set ? dc_edit_replace_at(vocab(s), e.deal, "notes", (size_t)at, text ? text : "", e.errors, &e.what)
                     : dc_edit_remove_at(e.deal, "notes", (size_t)at, e.errors, &e.what);
        code = finish(s, &e, rc);
        if (code == DC_EXIT_OK && set && text) show_note_signals(s, text);
    }
    free(text);
    return code;
}
