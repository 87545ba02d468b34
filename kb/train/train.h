/* train.h - training scenarios: a scripted deal that unfolds step by step,
 * each decision of the trainee judged by the playbook (docs/training.md).
 *
 *     dc_scenario *sc;
 *     if (dc_scenario_load(coach, "s.yaml", &sc, errors)) report(errors); // FILE:LINE:COLUMN: ...
 *     dc_trainer *t = dc_trainer_new(coach, sc, "en", "Li Lei");
 *     while ((prompt = dc_trainer_prompt(t))) { show(prompt); dc_trainer_answer(t, key, now, &verdict); }
 *     json_t *run = dc_trainer_run(t);          // the record kept in the store
 *     char *text = dc_train_debrief(catalog, run);
 *
 * Everything here is deterministic: the same scenario and the same answers
 * give the same verdicts, score and debrief (times are recorded, never
 * judged). Strings in the JSON returned are in the language asked for.
 */
#ifndef DC_TRAIN_H
#define DC_TRAIN_H

#include <stddef.h>
#include <jansson.h>
#include "coach.h"

typedef struct dc_scenario dc_scenario;
typedef struct dc_trainer dc_trainer;

/* --- scenarios ----------------------------------------------------------- */

/* Read, parse (YAML) and validate a scenario against the coach's loaded
 * vocabulary: deal fields and ids, action / tactic / finding ids (known to
 * the message catalogs), answers, and the step graph (every step reached,
 * every option leading to a step or the end, no path without end). On
 * DC_OK *sc is new (dc_scenario_free). DC_EINPUT: every problem appended
 * to `errors` as "FILE:LINE:COLUMN: what was expected"; DC_EIO: the file
 * cannot be read (one message). */
int dc_scenario_load(dc_coach *c, const char *path, dc_scenario **sc, json_t *errors);
/* The same for a scenario's text already read: `origin` names it in the
 * messages (and is kept as the scenario's path). */
int dc_scenario_parse(dc_coach *c, const char *origin, const char *text, size_t len,
                      dc_scenario **sc, json_t *errors);
void dc_scenario_free(dc_scenario *sc); /* NULL is fine */

const char *dc_scenario_id(const dc_scenario *sc);
const char *dc_scenario_title(const dc_scenario *sc, const char *lang);
/* The content hash: 16 hex digits (64-bit FNV-1a of the file's bytes). */
const char *dc_scenario_hash(const dc_scenario *sc);

/* --- a playthrough --------------------------------------------------------- */

/* A new playthrough from the first step. Borrows `c` and `sc` (they must
 * outlive it). NULL only when out of memory. */
dc_trainer *dc_trainer_new(dc_coach *c, const dc_scenario *sc, const char *lang,
                           const char *trainee);
void dc_trainer_free(dc_trainer *t);
const char *dc_trainer_message(const dc_trainer *t);

/* The decision now asked, as a new JSON object {"step", "number" (1, 2...
 * decisions so far + 1), "narrative", "facts" (the changes just applied to
 * the deal, one line each), "question", "options": [{"key","text"}]}, or
 * NULL when the scenario has ended (or on failure: dc_trainer_message is
 * then not ""). The first call also gives "title" and "briefing". */
json_t *dc_trainer_prompt(dc_trainer *t);

/* The deal as it stands (borrowed). */
json_t *dc_trainer_deal(dc_trainer *t);

/* Answer the decision now asked with option `key` at time `at` (ISO 8601,
 * recorded only). On DC_OK *verdict (may be NULL) is a new reference to the
 * judgement (see docs/training.md); the outcome is applied and the next step
 * entered. DC_ENOTFOUND when `key` is no option of the step (nothing
 * changes); DC_ELIMIT / DC_ERUNTIME when the rules fail. */
int dc_trainer_answer(dc_trainer *t, const char *key, const char *at, json_t **verdict);

/* The run record once the scenario has ended: a new JSON object with the
 * trainee, scenario, hash, language, answers with their times, verdicts,
 * score, score by area, the path taken and the best path. NULL before the
 * end or when out of memory. */
json_t *dc_trainer_run(dc_trainer *t);

/* --- checking a scenario like code ------------------------------------------ */

/* Play every path of the scenario (every option of every step), then
 * `runs` random playthroughs seeded with `seed`. On DC_OK *report is a new
 * JSON object: branch coverage, paths, the lowest and highest reachable
 * scores with their answers, the best path, the random runs, and
 * "warnings" (a scenario no one can pass, a step or scenario where every
 * answer scores the same, a decision the playbook cannot judge). */
int dc_scenario_explore(dc_coach *c, const dc_scenario *sc, const char *lang,
                        unsigned long seed, size_t runs, json_t **report, char **message);

/* --- texts ---------------------------------------------------------------- */

/* The debrief of a run record, in the record's language: the score by area,
 * each decision beside the playbook's with the rule and the facts, the path
 * taken beside the best path. malloc'd; NULL when out of memory. The same
 * record always gives the same text (this is how --replay is exact). */
char *dc_train_debrief(const dc_catalog *cat, json_t *run);

/* The report of dc_scenario_explore for a person. malloc'd. */
char *dc_train_check_text(const dc_catalog *cat, const char *lang, const char *file, json_t *report);

/* Results of stored runs (an array of {"run": N, "record": RUN}), oldest
 * first: each trainee's runs and progress, and a ranking per scenario
 * (best percent of each trainee). malloc'd. */
char *dc_train_results_text(const dc_catalog *cat, const char *lang, json_t *runs);

/* The same runs as CSV (RFC 4180, a header line; one row per run). */
char *dc_train_results_csv(json_t *runs);

#endif
