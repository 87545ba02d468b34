/* coach.h - the whole pipeline behind one handle: the playbook's rules, the
 * message catalogs and the note patterns, loaded once; then, per deal:
 * check it, assert it, run the rules, build the advice.
 *
 *     dc_coach *c = dc_coach_new();
 *     if (dc_coach_load(c, &paths, extra_rules, n, warnings)) fail(dc_coach_message(c));
 *     if (dc_coach_check(c, "deal.json", input, &deal, errors, warnings)) refuse(errors);
 *     if (dc_coach_advise(c, deal, "2026-11-22", "en", warnings, &advice)) fail(...);
 */
#ifndef DC_COACH_H
#define DC_COACH_H

#include <jansson.h>
#include "catalog.h"
#include "engine.h"
#include "notes.h"
#include "paths.h"

typedef struct dc_coach dc_coach;

/* Firing limit and wall-clock limit of one deal's run. */
#define DC_FIRING_LIMIT 100000L
#define DC_RUN_SECONDS 10.0

dc_coach *dc_coach_new(void); /* NULL only when out of memory */
void dc_coach_free(dc_coach *c); /* NULL is fine */
const char *dc_coach_message(const dc_coach *c);

/* Load the shipped rules, catalogs and patterns found in `paths`, then each
 * of `extra` in order: a .clp file, or a directory whose *.clp files load in
 * name order (and whose messages/AREA.LANG.txt catalogs, if any, add to and
 * override the shipped texts). DC_ERULES if a rule file does not load (message
 * "FILE:LINE: ..."), DC_EIO if one can't be read. Problems in catalogs or
 * pattern files are not fatal: they are appended to `warnings`.
 *
 * The `extra` rule files are a coach's, not ours: they are loaded and run
 * in a separate worker process (kb/sandbox/) that cannot open files, run
 * programs or reach the network, with bounded memory and CPU, so a rule
 * that crashes, hangs or exhausts the engine cannot touch the store, the
 * terminal or any file. A worker that dies while loading gives DC_ERUNTIME
 * (or DC_ELIMIT when it hung) with a message saying what happened. Once it
 * has loaded them, they are parsed into this process's engine as well, for
 * reading only (vocabulary, rule comments, lint); dc_coach_advise on a
 * deal goes to the worker. The shipped playbook runs in this process.
 *
 * Without `extra` rules, the shipped ones load from their binary image
 * (dc_paths_rules_image, engine.h dc_engine_load_image) when it was built
 * from exactly the rule files found now, unless probing was asked for or
 * DEALCOACH_PLAIN=image (kb/plain.h); otherwise they are parsed. Both give
 * the same rules. */
int dc_coach_load(dc_coach *c, const dc_paths *paths, char *const *extra, size_t n_extra,
                  json_t *warnings);

/* 1 when a copy of this loaded coach made by fork() serves the child as
 * well as a fresh load would: it owns no process (no --rules worker) and
 * nothing else a copy would share. The batch runner's workers then start
 * from the runner's coach instead of loading their own. */
int dc_coach_forkable(const dc_coach *c);

/* Problems of the rule files that did not load, oldest first: "FILE:LINE:
 * MESSAGE". Owned by the handle. */
size_t dc_coach_problem_count(const dc_coach *c);
const char *dc_coach_problem(const dc_coach *c, size_t i);

/* Check a parsed deal (kb/deal.h) against the loaded vocabulary. */
int dc_coach_check(dc_coach *c, const char *origin, json_t *input, json_t **deal,
                   json_t *errors, json_t *warnings);

/* Advise on a checked deal as of `today` (YYYY-MM-DD) in `lang`. On DC_OK
 * *advice is a new reference to spec §4 JSON. DC_ELIMIT / DC_ERUNTIME when
 * the rules fail to settle or fail while running. The engine keeps the
 * deal's facts until the next call (see dc_coach_questions); with a
 * coach's own rules it is the worker's engine that keeps them, and a
 * worker that crashed or hung gives DC_ERUNTIME / DC_ELIMIT for this deal
 * and every later one. */
int dc_coach_advise(dc_coach *c, json_t *deal, const char *today, const char *lang,
                    json_t *warnings, json_t **advice);

/* dc_coach_advise with what the store's history says of the deal:
 * `history` holds the slots of the deal-history fact (00-schema.clp; see
 * kb/pipeline/timeline.h), asserted before the deal's own facts; NULL is
 * a deal without history (a deal file). Ignored when the loaded rules
 * have no deal-history template. */
int dc_coach_advise_history(dc_coach *c, json_t *deal, json_t *history, const char *today,
                            const char *lang, json_t *warnings, json_t **advice);

/* The interview questions the rules asked for in the last advise, ordered
 * by rank, without repeats: a new JSON array of {"id","field","value"}
 * objects ("value" absent when the question is about the field as a whole);
 * equal ranks keep the order the rules asked them in. Question facts whose
 * id or field is not a text cannot be asked and are left out. NULL when out
 * of memory. */
json_t *dc_coach_questions(dc_coach *c);

/* Why advice item `item` (a finding or action of the advice) was given, in
 * `lang`: the rule and its comment, the facts it rests on, and the
 * playbook's reasoning. A malloc'd text, or NULL when out of memory. */
char *dc_coach_explain(dc_coach *c, const char *lang, json_t *item);

dc_engine *dc_coach_engine(dc_coach *c);

/* Record the rules fired in the following advise calls (off by default),
 * and read them for the last one: a new JSON array of {"rule", "file",
 * "facts"} in firing order (engine.h, dc_engine_trace). */
void dc_coach_set_trace(dc_coach *c, int on);
json_t *dc_coach_trace(dc_coach *c);

/* With a coach's own rules, advise runs each deal in the worker only, and
 * this process's engine holds no deal. On: once the worker has advised on
 * a deal without harm, the deal is run here too, so the engine holds its
 * facts (why-not probes them); twice the work. Off by default. */
void dc_coach_keep_facts(dc_coach *c, int on);

/* Before dc_coach_load: the rules will be probed (why-not, dc_engine_probe),
 * so the shipped ones are parsed from their text, not loaded from their
 * binary image (which takes no new construct). Off by default. */
void dc_coach_set_probing(dc_coach *c, int on);

/* Where the shipped rules came from, for debugging: "the binary image
 * PATH", or "the rule texts (WHY not the image)". Owned by the handle. */
const char *dc_coach_rules_origin(const dc_coach *c);

/* The rule files loaded (or being loaded when loading failed), in order,
 * and the catalog directories: the shipped one, then DIR/messages of each
 * --rules DIR that has one. Borrowed JSON arrays of paths. */
json_t *dc_coach_rule_files(dc_coach *c);
json_t *dc_coach_catalog_dirs(dc_coach *c);
dc_notes *dc_coach_notes(dc_coach *c);
const dc_catalog *dc_coach_catalog(dc_coach *c);

#endif
