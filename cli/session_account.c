/* session_account.c - the account's dated records in the session (playbook
 * §11): visits and satisfaction surveys.
 *
 *   visit DATE [who=NAME] [notes=TEXT...]    visit remove DATE
 *   survey DATE SCORE                        survey remove DATE
 *
 * The other account fields are set with `set account.FIELD VALUE` and the
 * customer file's elements with `tick`. */
#include <stdlib.h>
#include <string.h>

#include "deal_edit.h"
#include "exitcodes.h"
#include "session.h"

/* Add `record` to the list at `path` (or remove by date), saved as one change. */
static int change_records(session *s, const char *path, json_t *record, const char *remove_date)
{
    json_t *deal = NULL, *errors = json_array();
    char *what = NULL;
    if (!errors || !(record || remove_date)) {
        json_decref(errors);
        return session_fail(s, DC_EXIT_INTERNAL, "session.no-memory", NULL);
    }
    int code = session_begin_change(s, &deal);
    if (code == DC_EXIT_OK) {
        int rc = record ? dc_edit_add_record(dc_coach_engine(s->coach), deal, path, record, errors, &what)
                        : dc_edit_remove_records(deal, path, "date", remove_date, errors, &what);
        code = session_finish_edit(s, deal, rc, what, errors);
    }
    json_decref(errors);
    return code;
}

int run_visit(session *s, const session_words *w)
{
    if (strcmp(w->argv[1], "remove") == 0) {
        if (w->argc != 3) return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.visit.usage"), NULL);
        return change_records(s, "account.visits", NULL, w->argv[2]);
    }
    json_t *record = json_pack("{ss}", "date", w->argv[1]);
    for (int i = 2; record && i < w->argc; i++) {
        const char *word = w->argv[i], *eq = strchr(word, '=');
        if (eq && (size_t)(eq - word) == 3 && strncmp(word, "who", 3) == 0) {
            json_object_set_new(record, "who", json_string(eq + 1));
        } else if (eq && (size_t)(eq - word) == 5 && strncmp(word, "notes", 5) == 0) {
            char *rest = session_rest(w, i); /* the notes run to the end of the line */
            json_object_set_new(record, "notes", json_string(rest ? rest + 6 : ""));
            free(rest);
            break;
        } else {
            json_decref(record);
            return session_fail(s, DC_EXIT_INPUT, "session.expected-key-value", word, NULL);
        }
    }
    int code = change_records(s, "account.visits", record, NULL);
    json_decref(record);
    return code;
}

int run_survey(session *s, const session_words *w)
{
    if (strcmp(w->argv[1], "remove") == 0) {
        if (w->argc != 3) return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.survey.usage"), NULL);
        return change_records(s, "account.satisfaction", NULL, w->argv[2]);
    }
    if (w->argc != 3) return session_fail(s, DC_EXIT_INPUT, "session.usage", session_text(s, "help.survey.usage"), NULL);
    char *end;
    long score = strtol(w->argv[2], &end, 10);
    /* Not a whole number: let the checker say so, naming the value. */
    json_t *record = *end || end == w->argv[2]
                         ? json_pack("{ssss}", "date", w->argv[1], "score", w->argv[2])
                         : json_pack("{sssI}", "date", w->argv[1], "score", (json_int_t)score);
    int code = change_records(s, "account.satisfaction", record, NULL);
    json_decref(record);
    return code;
}
