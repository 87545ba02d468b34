/* engine.h - a rules engine for deal coaching, around CLIPS 6.30.
 *
 * One opaque handle holds one CLIPS environment. Load rule files once, then
 * for each deal: reset, assert its facts, run, read back what the rules
 * concluded. The library never prints and never exits: every call returns a
 * status (engine/status.h) and leaves a message on the handle.
 *
 *     dc_engine *e = dc_engine_new();
 *     if (dc_engine_load_dir(e, "rules")) fail(dc_engine_message(e));
 *     dc_engine_reset(e);
 *     dc_engine_assert(e, "deal", slots);         // a JSON object of slots
 *     if (dc_engine_run(e, 10000, NULL)) fail(dc_engine_message(e));
 *     json_t *findings = dc_engine_facts(e, "finding");
 *
 * Rule files are CLIPS source. For safety only an allowlist of CLIPS
 * functions stays defined (computation, strings, multifields, fact queries,
 * assert/retract/modify): a rule calling anything else (exit, system, open,
 * fetch, set-break, halt, build...) does not load. What rules print is
 * discarded; nothing they do reaches the terminal. Rule files must be
 * regular files of at most 4 MiB, nested at most 32 levels deep. A run that
 * builds more than 128 MiB of data is stopped like a loop.
 */
#ifndef DC_ENGINE_H
#define DC_ENGINE_H

#include <stddef.h>
#include <jansson.h>
#include "status.h"

typedef struct dc_engine dc_engine;

/* A new engine with no rules. NULL only when out of memory. */
dc_engine *dc_engine_new(void);
void dc_engine_free(dc_engine *e); /* NULL is fine */

/* The message left by the last failing call, or "". Owned by the handle,
 * valid until the next call on it. */
const char *dc_engine_message(const dc_engine *e);

/* The time limit of each load, reset and assert, in seconds (0: none;
 * default 10). Rules' tests run while facts are asserted and defglobals are
 * evaluated while loading, so these too can loop; past the limit the call
 * fails with DC_ELIMIT (assert, reset) or DC_ERULES (load). Runs take their
 * own limit. */
void dc_engine_set_time_limit(dc_engine *e, double seconds);

/* What runs when CLIPS runs out of memory: it must end the process (CLIPS
 * cannot recover); if it returns, or none is set, the process aborts. */
typedef void dc_engine_oom_fn(size_t bytes);
void dc_engine_set_oom_handler(dc_engine *e, dc_engine_oom_fn *fn);

/* Load one rule file. On a syntax error returns DC_ERULES; every error is
 * recorded as a problem "FILE:LINE: MESSAGE" (see dc_engine_problem) and the
 * message names the first. Constructs before the error stay defined, so the
 * caller should treat DC_ERULES as fatal. DC_EIO if the file can't be read,
 * is not a regular file or is too large. */
int dc_engine_load_file(dc_engine *e, const char *path);

/* Read a rule file as dc_engine_load_file does, without loading it: only a
 * regular file, at most 4 MiB, no NUL byte. DC_OK and a malloc'd,
 * NUL-terminated *text of *len bytes (the caller frees it), else DC_EIO
 * with the message "PATH: REASON". */
int dc_engine_read_rule_file(dc_engine *e, const char *path, char **text, size_t *len);

/* Load rule text already in memory (`len` bytes, NUL-terminated); `path`
 * names it in messages. As dc_engine_load_file, without DC_EIO. */
int dc_engine_load_text(dc_engine *e, const char *path, const char *text, size_t len);

/* Load every *.clp file of a directory in name order (so "00-schema.clp"
 * comes first). Stops at the first file that fails, with its status. */
int dc_engine_load_dir(dc_engine *e, const char *dir);

/* --- binary images: a rules directory loaded without parsing it --- */

/* Save the rules as a binary image file `image` (built beforehand, e.g. at
 * build time): only rules that came from one dc_engine_load_dir into a new
 * engine, nothing else (DC_EINPUT otherwise). The image records what CLIPS
 * does not keep in one (each rule's file and text) and a digest of the rule
 * files: their names and bytes. The file is replaced whole, never left
 * half-written. DC_EIO (message) when it cannot be written. */
int dc_engine_save_image(dc_engine *e, const char *image);

/* Load the rules of directory `dir` from the image `image` instead of
 * parsing them: afterwards the engine is as dc_engine_load_dir(e, dir)
 * leaves it (same rules, allowlist and guards - the image was made by them
 * - rule files, texts and comments), except that nothing can be added:
 * loading more rules fails, and so does dc_engine_probe. Only into an
 * engine with no rules (DC_EINPUT otherwise). The image is used only when
 * the digest it records is that of the *.clp files `dir` holds now, and it
 * is whole and undamaged; otherwise (missing, stale, truncated, corrupt)
 * DC_ENOTFOUND, nothing is loaded, the message says why, and the caller
 * loads `dir` as text. DC_ENOMEM when out of memory. */
int dc_engine_load_image(dc_engine *e, const char *image, const char *dir);

/* Load problems so far, oldest first: "FILE:LINE: MESSAGE". Owned by the
 * handle; valid until the engine is freed. */
size_t dc_engine_problem_count(const dc_engine *e);
const char *dc_engine_problem(const dc_engine *e, size_t i);

/* Forget the facts of the previous deal: back to the loaded rules and their
 * deffacts, in the state CLIPS's reset leaves (fact numbers, agenda).
 * Rules stay loaded. When the last run settled and left the deffacts'
 * facts as they were, only the deal's facts are retracted, which is
 * cheaper (see DC_ENGINE_PLAIN_RESET). */
int dc_engine_reset(dc_engine *e);

/* Assert one fact of template `tmpl` whose slots are the members of the JSON
 * object `slots`: strings become SYMBOLs where the slot takes symbols and no
 * strings, else STRINGs; numbers stay numbers; arrays fill multislots; null
 * members are left to the slot's default. Values are checked against the
 * template's types and allowed symbols. DC_EINPUT names the template, slot
 * and value on a mismatch; DC_ENOTFOUND if there is no such template or slot.
 * Asserting a fact identical to an existing one is not an error. */
int dc_engine_assert(dc_engine *e, const char *tmpl, json_t *slots);

/* Run the rules until nothing is left to fire, at most `limit` firings, and
 * for at most `seconds` of wall time (0: no time limit). `fired` (may be
 * NULL) receives the number of firings. DC_ELIMIT when either limit is hit
 * (a rule probably loops: the message names the last rule fired);
 * DC_ERUNTIME when a rule's right-hand side fails (message from CLIPS). */
int dc_engine_run(dc_engine *e, long limit, double seconds, long *fired);

/* Every fact of template `tmpl`, oldest first, as a new JSON array of
 * objects: one member per slot (symbols and strings as strings, multislots
 * as arrays), plus "_rule", the rule whose firing asserted it (null for
 * facts asserted from C or by deffacts), and "_basis", the facts that rule
 * matched, in CLIPS form. The caller owns the array (json_decref). NULL when
 * out of memory or there is no such template (message set). */
json_t *dc_engine_facts(dc_engine *e, const char *tmpl);

/* As dc_engine_facts, but each fact has "_fact", its index, instead of
 * "_basis": rendering the basis is most of the cost of reading facts
 * back, so it is left to dc_engine_fact_basis, for the facts that need it.
 * The caller owns the array; NULL as dc_engine_facts. The facts in it may
 * be shared with the engine (the reference facts of a template, read once
 * while they stand, see DC_ENGINE_PLAIN_REFERENCE): read them, never
 * change them. */
json_t *dc_engine_facts_lean(dc_engine *e, const char *tmpl);

/* The "_basis" dc_engine_facts gives fact `index`: a new JSON array, empty
 * for a fact asserted from C or by deffacts. Valid until the next reset,
 * like the facts. NULL when out of memory. */
json_t *dc_engine_fact_basis(dc_engine *e, long long index);

/* Optimisations with a plain path (kb/plain.h): a set bit switches one
 * off. All are on by default; the output is the same either way.
 * - DC_ENGINE_PLAIN_HOOKS: each firing's basis is rendered as text when it
 *   fires (else kept as fact indexes, rendered when read), and the
 *   periodic guard reads the clock on every call (else one in
 *   DC_CLOCK_EVERY). */
#define DC_ENGINE_PLAIN_HOOKS 1u
/* - DC_ENGINE_PLAIN_RESET: every dc_engine_reset is CLIPS's full reset
 *   (else the deal's facts are retracted when that gives the same state). */
#define DC_ENGINE_PLAIN_RESET 2u
/* - DC_ENGINE_PLAIN_LOOKUPS: templates are looked up by name, and what a
 *   slot takes read from its template, on every assert and read (else
 *   once, until rules load again). */
#define DC_ENGINE_PLAIN_LOOKUPS 4u
/* - DC_ENGINE_PLAIN_REFERENCE: dc_engine_facts_lean converts every fact
 *   each time (else the facts of a template that are all reference facts
 *   - deffacts, asserted by the last full reset and kept by per-deal
 *   retraction, such as the playbook's stage criteria - are converted
 *   once, and given again while the same facts stand). */
#define DC_ENGINE_PLAIN_REFERENCE 8u
/* - DC_ENGINE_PLAIN_STAMPS: whether a binary image was built from the rule
 *   files at hand is always checked on their bytes (else their stamp,
 *   engine/stamp.h, answers when it is the one the image recorded). */
#define DC_ENGINE_PLAIN_STAMPS 16u
void dc_engine_set_plain(dc_engine *e, unsigned plain);

/* How many resets were full ones and how many retracted the deal's facts
 * (dc_engine_reset), since the engine was made. */
void dc_engine_reset_counts(const dc_engine *e, unsigned long *full, unsigned long *retracted);

/* The symbols a slot allows, as a new JSON array of strings (empty when the
 * slot takes any symbol). NULL when there is no such template or slot
 * (message set) or out of memory. This is how the schema's vocabulary
 * reaches deal checking and tab completion. */
json_t *dc_engine_allowed_symbols(dc_engine *e, const char *tmpl, const char *slot);

/* Does a slot allow the symbol `name`, as dc_engine_allowed_symbols lists
 * them, without making the list: DC_SLOT_ALLOWS (it is one of them),
 * DC_SLOT_REFUSES (it is not), DC_SLOT_ANY (the slot lists no symbols),
 * DC_SLOT_NONE (no such template or slot). */
enum { DC_SLOT_REFUSES, DC_SLOT_ALLOWS, DC_SLOT_ANY, DC_SLOT_NONE };
int dc_engine_slot_allows(dc_engine *e, const char *tmpl, const char *slot, const char *name);

/* Is there a template of that name? */
int dc_engine_has_template(dc_engine *e, const char *tmpl);

/* Names of the rules loaded, in definition order: a new JSON array of
 * strings, or NULL when out of memory. */
json_t *dc_engine_rule_names(dc_engine *e);

/* The documentation comment of a rule ("" if none or no such rule).
 * Owned by the handle, valid until the next call. */
const char *dc_engine_rule_comment(dc_engine *e, const char *rule);

/* --- introspection, for the coach tools (lint, coverage, trace, why-not) --- */

/* The rule file a rule was loaded from, or NULL. Owned by the handle. */
const char *dc_engine_rule_file(dc_engine *e, const char *rule);

/* A rule's text as CLIPS prints it (pretty-print form), or "" when there
 * is no such rule. Owned by CLIPS: valid until the rules change. */
const char *dc_engine_rule_text(dc_engine *e, const char *rule);

/* Firings per rule since rules were last loaded, over every run: a new
 * JSON object name -> count (every rule, 0 for those that never fired);
 * NULL when out of memory. */
json_t *dc_engine_fire_counts(dc_engine *e);

/* Take the firings per rule counted by another engine with the same rules
 * (the sandboxed worker that ran the deals): `counts` as fire_counts gives
 * them; rules this engine does not have are ignored. */
void dc_engine_set_fire_counts(dc_engine *e, json_t *counts);

/* Record each firing of the following runs (off by default: it costs). */
void dc_engine_set_trace(dc_engine *e, int on);

/* The firings of the last run, in order, when tracing: a new JSON array of
 * {"rule", "file", "facts": [the matched facts in CLIPS form]}. */
json_t *dc_engine_trace(dc_engine *e);

/* The slot names of a template: a new JSON array, NULL when there is no
 * such template (message set) or out of memory. */
json_t *dc_engine_template_slots(dc_engine *e, const char *tmpl);

/* Which combinations of the facts in memory satisfy `conditions` (a
 * rule's left-hand side, as CLIPS text)? *matches receives a new JSON array,
 * one item per match: the fact indexes matched, in condition order (a
 * "not" or "test" matches no fact). DC_EINPUT when the conditions do not
 * parse (message from CLIPS), or the rules came from a binary image. Nothing fires; the facts stay as they are. */
int dc_engine_probe(dc_engine *e, const char *conditions, json_t **matches);

/* A fact in CLIPS form "(deal (id "x") ...)", malloc'd; NULL when it is
 * gone or out of memory. Its template's name, or NULL (owned by CLIPS). */
char *dc_engine_fact_text(dc_engine *e, long long index);
const char *dc_engine_fact_template(dc_engine *e, long long index);

#endif
