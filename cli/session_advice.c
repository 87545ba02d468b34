/* session_advice.c - advise, why, and the interview.
 *
 * The interview asks what the rules asked for: after each answer the deal
 * is advised again and the first question not yet asked is put next. The
 * C code knows only kinds of fields (kb/deal_edit.h), never which fields
 * or ids, so a coach's rules can ask questions of their own. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "coach/whynot.h"
#include "deal_edit.h"
#include "exitcodes.h"
#include "lineio.h"
#include "report.h"
#include "session.h"
#include "setup.h"

/* Advise on the open deal and keep the advice for `why`; show = 1 prints
 * the short report, 2 the full one. */
static int advise_open_deal(session *s, int show)
{
    json_t *advice;
    int code = session_advise(s, s->deal, &advice);
    if (code) return code;
    if (show) {
        char *text = dc_report_render(dc_coach_catalog(s->coach), s->lang, advice, s->deal, show == 2);
        if (!text) {
            json_decref(advice);
            return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
        }
        dc_setup_output_report(dc_coach_catalog(s->coach), s->lang, text);
        free(text);
    }
    json_decref(s->advice);
    s->advice = advice;
    s->advice_at = s->changes;
    snprintf(s->advice_lang, sizeof s->advice_lang, "%s", s->lang);
    return DC_EXIT_OK;
}

int run_advise(session *s, const session_words *w)
{
    const char *how = w->argc > 1 ? w->argv[1] : "";
    if (how[0] && strcmp(how, "all") && strcmp(how, "--all"))
        return session_fail(s, DC_EXIT_INPUT, "session.bad-advise-word", how, NULL);
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    return advise_open_deal(s, how[0] ? 2 : 1);
}

/* why-not ID: advise afresh (the engine then holds this deal's facts) and
 * say which condition keeps ID out of the advice. */
int run_why_not(session *s, const session_words *w)
{
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    dc_coach_keep_facts(s->coach, 1); /* why-not probes the facts of the run */
    int code = advise_open_deal(s, 0);
    dc_coach_keep_facts(s->coach, 0);
    if (code) return code;
    char *text = dc_why_not(s->coach, s->lang, w->argv[1], NULL);
    if (!text) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    fputs(text, stdout);
    free(text);
    return DC_EXIT_OK;
}

int run_why(session *s, const session_words *w)
{
    const char *word = w->argv[1];
    char *end;
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    long n = strtol(word, &end, 10);
    if (!*word || *end || n < 1) return session_fail(s, DC_EXIT_INPUT, "session.bad-line-number", word, NULL);
    /* Lines are numbered as in the report last shown; after a change (or
     * in another language) the advice is made again, and the rep told. */
    if (!s->advice || s->advice_at != s->changes || strcmp(s->advice_lang, s->lang) != 0) {
        int stale = s->advice && s->advice_at != s->changes;
        int code = advise_open_deal(s, 0);
        if (code) return code;
        if (stale) session_say(s, "session.advice-remade", NULL);
    }
    json_t *items = dc_report_items(s->advice);
    if (!items) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    size_t total = json_array_size(items);
    if ((size_t)n > total) {
        char count[32];
        snprintf(count, sizeof count, "%zu", total);
        json_decref(items);
        return session_fail(s, DC_EXIT_INPUT, "session.no-such-line", word, count, NULL);
    }
    char *text = dc_coach_explain(s->coach, s->lang, json_array_get(items, (size_t)n - 1));
    json_decref(items);
    if (!text) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    printf("%ld. %s", n, text);
    free(text);
    return DC_EXIT_OK;
}

/* --- the interview ---------------------------------------------------------------- */

enum answer { ANSWERED, SKIPPED, ENDED };

/* What one question asks, as far as the C code needs to know. */
typedef struct asked_about {
    const char *id, *field, *value; /* the question fact; value may be NULL */
    const char *list;               /* "people" for "people" and "people.met" */
    const char *key;                /* "met" for "people.met", else NULL */
    const char *entry;              /* for KEY: the person asked about now */
    dc_field_kind kind;             /* of the field, or of KEY */
} asked_about;

/* The first list attribute of an entry list's entries ("roles" of people):
 * where a question's value goes when it asks for a person. */
static const char *entry_list_key(session *s, const char *list)
{
    for (const char *const *k = dc_edit_entry_keys(list); k && *k; k++)
        if (dc_edit_entry_kind(dc_coach_engine(s->coach), list, *k) == DC_FIELD_LIST) return *k;
    return NULL;
}

/* Does an entry carry `value` - as an attribute's value or in a list of
 * them ("decision-maker" in roles)? */
static int entry_has(json_t *entry, const char *value)
{
    const char *key;
    json_t *v, *item;
    size_t i;
    json_object_foreach(entry, key, v) {
        if (json_is_string(v) && strcmp(json_string_value(v), value) == 0) return 1;
        json_array_foreach(v, i, item)
            if (json_is_string(item) && strcmp(json_string_value(item), value) == 0) return 1;
    }
    return 0;
}

/* The choices of a field, "sme, large, government", into a malloc'd text;
 * "" when it takes any value. */
static char *choices(session *s, const char *field)
{
    json_t *ids = dc_edit_field_symbols(dc_coach_engine(s->coach), field);
    char *text = json_array_size(ids) ? dc_edit_value_text(ids) : strdup("");
    json_decref(ids);
    return text;
}

/* Print the question: the catalog's question.ID, {1} the value's label;
 * else a text made from the field's kind. */
static void put_question(session *s, const asked_about *q)
{
    char key[160];
    json_t *about = q->value ? json_pack("[s]", q->value) : json_array();
    snprintf(key, sizeof key, "question.%s", q->id);
    char *text = dc_catalog_format(dc_coach_catalog(s->coach), s->lang, key, about);
    json_decref(about);
    const char *label = q->value ? session_label(s, q->value) : "";
    const char *field = session_label(s, q->field);
    if (text && q->entry) session_say(s, "session.question-about", q->entry, text, NULL);
    else if (text) session_say(s, "session.question", text, NULL);
    else if (q->entry && q->kind == DC_FIELD_FLAG) session_say(s, "session.ask-entry-flag", q->entry, field, NULL);
    else if (q->entry) session_say(s, "session.ask-entry-field", q->entry, field, NULL);
    else if (q->list) session_say(s, q->value ? "session.ask-entry-with" : "session.ask-entry", field, label, NULL);
    else if (q->value && q->kind == DC_FIELD_LIST) session_say(s, "session.ask-item", field, label, NULL);
    else if (q->kind == DC_FIELD_FLAG) session_say(s, "session.ask-flag", field, NULL);
    else {
        char *options = choices(s, q->field);
        session_say(s, options && *options ? "session.ask-choice" : "session.ask-field", field,
                    options ? options : "", NULL);
        free(options);
    }
    free(text);
}

/* Record one answer as a change of the deal. Returns an exit code;
 * DC_EXIT_INPUT means: ask again. */
static int record(session *s, const asked_about *q, const char *answer)
{
    dc_engine *v = dc_coach_engine(s->coach);
    json_t *deal, *errors;
    char *what = NULL;
    int rc, code;
    int yes = dc_edit_yes_no(answer);
    int item_question = q->value && !q->list && q->kind == DC_FIELD_LIST;
    if (item_question && dc_edit_is_unknown(answer)) return DC_EXIT_OK; /* still unknown */
    if (item_question && yes < 0) return session_fail(s, DC_EXIT_INPUT, "session.answer-yes-no", answer, NULL);
    if (item_question && yes == 0) return DC_EXIT_OK; /* absent already means "not (yet)" */
    if (q->list && !q->entry && (yes >= 0 || dc_edit_is_unknown(answer))) {
        /* Asked for a name, told "no" or "don't know": nobody known yet. */
        session_say(s, "session.not-a-name", answer, NULL);
        return DC_EXIT_OK;
    }
    if ((code = session_begin_change(s, &deal))) return code;
    if (!(errors = json_array())) {
        json_decref(deal);
        return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    }
    char path[128], *ids = NULL;
    if (q->entry) {
        snprintf(path, sizeof path, "%s.%s", q->list, q->key);
        ids = session_ids_from_labels(s, path, answer); /* 支持者 for supporter */
        dc_edit_attr attr = {q->key, ids ? ids : answer};
        rc = dc_edit_entry_set(v, deal, q->list, q->entry, &attr, 1, errors, &what);
    } else if (q->list) {
        const char *key = q->value ? entry_list_key(s, q->list) : NULL;
        rc = key ? dc_edit_entry_add_item(v, deal, q->list, answer, key, q->value, errors, &what)
                 : dc_edit_entry_add(v, deal, q->list, answer, NULL, 0, errors, &what);
    } else if (item_question) {
        rc = dc_edit_add_item(v, deal, q->field, q->value, errors, &what);
    } else {
        ids = session_ids_from_labels(s, q->field, answer);
        rc = dc_edit_set(v, deal, q->field, ids ? ids : answer, errors, &what);
    }
    free(ids);
    code = session_finish_edit(s, deal, rc, what, errors);
    json_decref(errors);
    return code;
}

/* Does `answer` start with a session command's name ("quit", "advise all")?
 * No answer the interview asks for is one. */
static int is_command(const char *answer)
{
    size_t n = strcspn(answer, " \t");
    for (const char *const *name = session_command_names(); *name; name++)
        if (strlen(*name) == n && strncmp(*name, answer, n) == 0) return 1;
    return 0;
}

/* Ask until the answer can be recorded, is skipped, or ends the interview. */
static enum answer ask_one(session *s, const asked_about *q, int *code)
{
    for (;;) {
        char *line = NULL;
        put_question(s, q);
        s->asking = q->key ? NULL : q->field;
        lineio_status got = lineio_read(session_text(s, "session.answer-prompt"), &line);
        s->asking = NULL;
        if (got != LINEIO_LINE) return ENDED;
        s->line_no++;
        char *answer = line + strspn(line, " \t");
        size_t n = strlen(answer);
        while (n && (answer[n - 1] == ' ' || answer[n - 1] == '\t')) answer[--n] = '\0';
        enum answer result = ANSWERED;
        if (!*answer || strcmp(answer, "done") == 0 || strcmp(answer, "完成") == 0) {
            result = ENDED;
        } else if (is_command(answer)) { /* "advise", "quit"...: the interview ends, then it runs */
            free(s->after_interview);
            s->after_interview = strdup(answer);
            result = ENDED;
        } else if (strcmp(answer, "skip") == 0 || strcmp(answer, "跳过") == 0) {
            result = SKIPPED;
        } else {
            int one = record(s, q, answer);
            if (one == DC_EXIT_INPUT) { /* said why; ask again */
                *code = DC_EXIT_INPUT;
                free(line);
                continue;
            }
            if (one) {
                *code = one;
                result = ENDED;
            }
        }
        free(line);
        return result;
    }
}

/* Ask a question. One about an attribute of people ("people.met") is put
 * for each person it concerns whose attribute is still unknown: those
 * carrying the question's value ("decision-maker"), or everyone. */
static enum answer ask(session *s, json_t *question, int *code)
{
    dc_engine *v = dc_coach_engine(s->coach);
    char list[64];
    asked_about q = {json_string_value(json_object_get(question, "id")),
                     json_string_value(json_object_get(question, "field")),
                     json_string_value(json_object_get(question, "value")),
                     NULL, NULL, NULL, DC_FIELD_NONE};
    if (!q.id) q.id = "";
    snprintf(list, sizeof list, "%.*s", (int)strcspn(q.field, "."), q.field);
    if (dc_edit_entry_keys(list)) {
        q.list = list;
        q.key = q.field[strlen(list)] == '.' ? q.field + strlen(list) + 1 : NULL;
    }
    if (!q.key) {
        q.kind = dc_edit_field_kind(v, q.field);
        return ask_one(s, &q, code);
    }
    q.kind = dc_edit_entry_kind(v, q.list, q.key);
    json_t *names = json_array();
    size_t i;
    json_t *entry;
    json_array_foreach(json_object_get(s->deal, q.list), i, entry)
        if (!json_object_get(entry, q.key) && (!q.value || entry_has(entry, q.value)))
            json_array_append(names, json_object_get(entry, "name"));
    enum answer result = SKIPPED;
    json_array_foreach(names, i, entry) {
        q.entry = json_string_value(entry);
        if ((result = ask_one(s, &q, code)) == ENDED) break;
    }
    json_decref(names);
    return result;
}

int run_interview(session *s, const session_words *w)
{
    (void)w;
    if (!s->deal) return session_fail(s, DC_EXIT_INPUT, "session.no-deal", NULL);
    json_t *asked = json_object();
    int code = DC_EXIT_OK;
    if (!asked) return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    session_say(s, "session.interview-start", NULL);
    for (;;) {
        int advised = advise_open_deal(s, 0);
        if (advised) {
            code = advised;
            break;
        }
        json_t *questions = dc_coach_questions(s->coach), *next = NULL, *q;
        char key[512];
        size_t i;
        json_array_foreach(questions, i, q) {
            const char *value = json_string_value(json_object_get(q, "value"));
            snprintf(key, sizeof key, "%s|%s", json_string_value(json_object_get(q, "field")),
                     value ? value : "");
            if (!json_object_get(asked, key)) {
                next = q;
                break;
            }
        }
        if (!next) {
            json_decref(questions);
            session_say(s, "session.interview-done", NULL);
            break;
        }
        json_object_set_new(asked, key, json_true());
        enum answer a = ask(s, next, &code);
        json_decref(questions);
        if (a == ENDED) break;
    }
    json_decref(asked);
    if (code == DC_EXIT_INTERNAL || code == DC_EXIT_RUN) {
        free(s->after_interview);
        s->after_interview = NULL;
        return code;
    }
    char *next = s->after_interview;
    s->after_interview = NULL;
    /* The advice closes the interview, unless the command that ended it
     * is advise itself (it would show the same report twice). */
    size_t n = next ? strcspn(next, " \t") : 0;
    int shown = DC_EXIT_OK;
    if (!next || n != strlen("advise") || strncmp(next, "advise", n) != 0) {
        session_say(s, "session.interview-end", NULL);
        shown = advise_open_deal(s, 1);
    }
    if (!shown) shown = code;
    if (next) {
        int ran = session_run_line(s, next);
        free(next);
        if (ran) shown = ran;
    }
    return shown;
}
