/* session.h - what the parts of the interactive session share.
 *
 *   session.c           the loop: options, store, read a line, run it, report
 *   session_commands.c  the command table, words of a line, help, dispatch
 *   session_deals.c     deals in the store: new, open, list, show, history,
 *                       import, export; and how every change is saved
 *   session_import.c    import of a CRM export (CSV), as `dealcoach import`
 *   session_edit.c      changing the open deal: set, tick, person, note...
 *   session_advice.c    advise, why, interview
 *   session_housekeeping.c  delete, archive, unarchive
 *   session_pipeline.c  pipeline: every deal of the store on one line
 *   session_labels.c    ids typed as their labels (谈判阶段 for negotiation)
 *   session_complete.c  tab completion
 *
 * Every text the session prints comes from kb/messages/session.LANG.txt.
 */
#ifndef DC_SESSION_H
#define DC_SESSION_H

#include <stddef.h>
#include <jansson.h>

#include "coach.h"
#include "store.h"

typedef struct session {
    dc_coach *coach;
    dc_store *store;
    const char *store_path;
    char lang[3];          /* "zh" or "en" */
    const char *today;     /* the evaluation date, YYYY-MM-DD */
    int interactive;       /* on a terminal: prompts and banner */
    long line_no;          /* of the script, for messages */
    json_t *deal;          /* the open deal (checked), or NULL */
    unsigned changes;      /* bumped by every saved change */
    json_t *advice;        /* the advice last shown, or NULL */
    unsigned advice_at;    /* `changes` when it was made */
    char advice_lang[3];   /* and in which language */
    const char *asking;    /* during an interview: the field asked about */
    int worst;             /* the worst exit code so far */
    int quit;
    char *after_interview;  /* a command typed as an answer: run when the interview ends */
} session;

/* The words of a command line: argv[0] is the command's name. */
typedef struct session_words {
    const char *line; /* the line they come from */
    char **argv;      /* the words, unquoted; NULL-terminated */
    size_t *start;    /* where each word starts in the line */
    int argc;
    int open_quote;   /* the line ended inside a quote */
} session_words;

/* A command. Returns an exit code of exitcodes.h; a failure has already
 * been reported. */
typedef int session_run_fn(session *s, const session_words *w);

/* --- text (session.c) --------------------------------------------------------
 * `key` is a catalog key; {1}..{9} in its text are replaced by the
 * arguments, as they are (names and values are not labels). The argument
 * list ends with NULL. */

/* The catalog text of `key` in the session's language, or the key itself. */
const char *session_text(const session *s, const char *key);
/* A line to stdout. */
void session_say(const session *s, const char *key, ...) __attribute__((sentinel));
/* A line to stderr, "line N: " first in a script. Returns `code`. */
int session_fail(const session *s, int code, const char *key, ...) __attribute__((sentinel));
/* Text already in the session's language as failure lines (each line of
 * it after "line N: " in a script). Returns `code`. */
int session_fail_text(const session *s, int code, const char *text);
/* Each string of `errors` (kb's English messages) as a failure line. */
int session_fail_list(const session *s, int code, json_t *errors);
/* An id as it reads in the session's language (label.ID), else the id. */
const char *session_label(const session *s, const char *id);
/* A line in the rules' neutral notation (a change "size = large (was
 * unknown)") in the session's language (kb/phrases.h). malloc'd, the
 * caller frees; NULL only when out of memory. */
char *session_phrased(const session *s, const char *line);
/* A store time (ISO 8601 UTC) as local "YYYY-MM-DD HH:MM" into buf. */
const char *session_time(const char *iso, char buf[32]);

/* --- words of a line (session_commands.c) --------------------------------- */

/* Split a line into words: spaces (also U+3000) separate them, "...", “...”
 * and 「...」 quote them. `line` must outlive `w`. Returns 0, or -1 when out
 * of memory. */
int session_split(const char *line, session_words *w);
void session_words_free(session_words *w);
/* The text from word i to the end of the line as typed (free text keeps
 * its spacing and quotes), trimmed; a single quoted word loses its quotes.
 * malloc'd ("" past the end), NULL when out of memory. */
char *session_rest(const session_words *w, int i);

int session_run_line(session *s, const char *line);
const char *const *session_command_names(void);

/* --- deals and saving (session_deals.c) ------------------------------------ */

/* A copy of the open deal to change, read afresh from the store so a
 * change made meanwhile by another session is kept. On DC_EXIT_OK the
 * caller owns *deal; otherwise (no deal open, store failure) it is
 * reported and the exit code returned. */
int session_begin_change(session *s, json_t **deal);
/* Read the open deal again from the store, in case another session
 * changed it. Quiet: when the store cannot say, the deal stays as it is. */
void session_refresh(session *s);
/* Check, save (one store transaction with a history entry carrying the
 * evidenced stage) and adopt the changed deal; `what` describes it. Takes
 * `deal`. Reports success or failure; returns an exit code. It commits the
 * change session_begin_change opened: the read, the edit and the write are
 * one transaction, so a change made meanwhile by another session is never
 * overwritten. */
int session_commit(session *s, json_t *deal, const char *what);
/* Advise on `deal` as of the session's date and language: DC_OK and
 * *advice (new reference), else reported, with an exit code returned. */
int session_advise(session *s, json_t *deal, json_t **advice);
/* The ids of the deals in the store (which: DC_DEALS_ACTIVE...): a new
 * JSON array. */
json_t *session_deal_ids(session *s, unsigned which);

session_run_fn run_new, run_open, run_list, run_show, run_history, run_import, run_export;

/* --- a CRM export (session_import.c) ------------------------------------------ */

/* Import the CSV export at `path` into the store through `map` (NULL: the
 * shipped default.map) as `dealcoach import --csv` does (kb/import/
 * importer.h), and tell the same lines and summary; `dry_run` saves
 * nothing. Returns an exit code: DC_EXIT_INPUT when the file or a row was
 * refused. */
int session_import_csv(session *s, const char *path, const char *map, int dry_run);

/* --- tidying the store (session_housekeeping.c) ---------------------------- */

session_run_fn run_delete, run_archive, run_unarchive;

/* --- editing (session_edit.c) ----------------------------------------------- */

session_run_fn run_set, run_unset, run_tick, run_untick, run_person, run_competitor,
    run_signal, run_note, run_notes;

/* --- the account's records (session_account.c) ------------------------------ */

session_run_fn run_visit, run_survey;

/* Finish a kb edit (deal_edit.h) of `deal`: save it when it changed (rc
 * DC_OK, what set), say so when it did not, report its errors. Takes
 * `deal` and `what`; returns an exit code. */
int session_finish_edit(session *s, json_t *deal, int rc, char *what, json_t *errors);

/* --- advice (session_advice.c) ------------------------------------------------ */

session_run_fn run_advise, run_why, run_why_not, run_interview;

/* --- the pipeline (session_pipeline.c) --------------------------------------- */

session_run_fn run_pipeline;

/* --- labels for ids (session_labels.c) ----------------------------------------- */

/* The id of `ids` (a JSON array of ids) that `word` is, or whose zh or en
 * label it is; NULL when none or two. Borrowed from `ids`. */
const char *session_id_for_label(session *s, json_t *ids, const char *word);
/* `text` for the field at `path` with each label replaced by its id (list
 * items separated by ',', '，' or '、' come back joined by ", "). A new
 * string; the text as typed when the field takes no ids. NULL: no memory. */
char *session_ids_from_labels(session *s, const char *path, const char *text);
/* Call add(ctx, LABEL) for each id's label in the session's language that
 * can be typed as one word (no spaces, commas, brackets). */
void session_add_labels(session *s, json_t *ids, void (*add)(void *ctx, const char *word), void *ctx);

/* --- completion (session_complete.c) ------------------------------------------ */

char **session_complete(void *ctx, const char *before, const char *word);

#endif
