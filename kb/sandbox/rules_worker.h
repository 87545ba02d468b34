/* rules_worker.h - a coach's own rule files (--rules), loaded and run in a
 * sandboxed worker process (sandbox.h); used by kb/coach.c only.
 *
 * The worker is a fork of the coach with the shipped playbook loaded. It
 * loads the rule texts the parent read (so both parse the same bytes),
 * then advises on each deal sent to it. Protocol, one JSON object a line:
 *
 *   worker -> parent, once:  {"status": N, "message": "...", "problems": ["FILE:LINE: ..."]}
 *   parent -> worker:        {"op": "advise", "deal": {...}, "history": [...] or null,
 *                             "today": "YYYY-MM-DD", "lang": "en", "trace": false}
 *   worker -> parent:        {"status": N, "message": "...", "advice": {...},
 *                             "warnings": [...], "questions": [...],
 *                             "fire_counts": {"rule": N, ...}, "trace": [...] (when asked)}
 *
 * N is a dc_status. The parent's engine never runs a deal with the coach's
 * rules, so whatever a command reads from an engine after a run (firings
 * for coverage, a trace, facts for why-not) must come from the worker: add
 * it as a member of the advise reply in serve_advise (rules_worker.c) and
 * take it from the reply in advise_in_worker (kb/coach.c), as fire_counts
 * and trace are. Unknown members are ignored by both sides. (why-not needs
 * the facts themselves: dc_coach_keep_facts runs the deal in the parent
 * too, once the worker has run it without harm.)
 */
#ifndef DC_RULES_WORKER_H
#define DC_RULES_WORKER_H

#include <stddef.h>
#include <jansson.h>

#include "coach.h"

typedef struct dc_rules_worker dc_rules_worker;

/* A rule file's text, as read by the parent. */
typedef struct dc_rule_text {
    char *path;
    char *text;
    size_t len;
} dc_rule_text;

/* Start a worker from `coach` (shipped playbook loaded, no worker yet) that
 * loads `texts`. *rc: DC_OK; DC_ERULES with every problem appended to
 * `problems`; DC_ERUNTIME / DC_ELIMIT when the worker crashed or hung
 * (then NULL is returned); DC_ENOMEM. The message goes to msg. */
dc_rules_worker *dc_rules_worker_start(dc_coach *coach, const dc_rule_text *texts, size_t n,
                                       int *rc, json_t *problems, char *msg, size_t msg_size);

/* dc_coach_advise_history through the worker (history NULL: none; trace:
 * record the firings, returned as the reply's "trace"): the same contract, plus *questions
 * (what dc_coach_questions gives after it) and *reply, the worker's whole
 * reply for the members above (new references; NULL on failure). A worker
 * that crashed or hung gives DC_ERUNTIME / DC_ELIMIT, now and for every
 * later deal. */
int dc_rules_worker_advise(dc_rules_worker *w, json_t *deal, json_t *history, const char *today,
                           const char *lang, int trace, json_t *warnings, json_t **advice,
                           json_t **questions, json_t **reply, char *msg, size_t msg_size);

void dc_rules_worker_free(dc_rules_worker *w); /* NULL is fine */

#endif
