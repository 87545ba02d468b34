/* notes.h - recognise deal signals in reps' free-text notes.
 *
 * Patterns are data, not code: files of PCRE2 patterns (UTF-8), each line
 * naming the signal id it yields, so a coach can add phrasings without
 * recompiling. See kb/patterns/README.md for the file format.
 *
 * Usage:
 *     dc_notes *n = dc_notes_new();
 *     if (dc_notes_load_dir(n, "kb/patterns")) report(dc_notes_message(n));
 *     dc_notes_scan(n, "客户说价格太高了", on_hit, ctx);
 *     dc_notes_free(n);
 */
#ifndef DC_NOTES_H
#define DC_NOTES_H

#include <stddef.h>
#include "status.h"

typedef struct dc_notes dc_notes;

/* A new, empty recogniser. NULL only when out of memory. */
dc_notes *dc_notes_new(void);
void dc_notes_free(dc_notes *n); /* NULL is fine */

/* The message left by the last failing call, or "" . Owned by the handle,
 * valid until the next call on it. */
const char *dc_notes_message(const dc_notes *n);

/* Load one pattern file. A pattern that does not compile is skipped and
 * recorded as a problem ("FILE:LINE: MESSAGE" with PCRE2's message); the
 * rest of the file still loads. Returns DC_EIO if the file cannot be read,
 * DC_EINPUT if any line had a problem (the good lines are loaded all the
 * same), else DC_OK. */
int dc_notes_load_file(dc_notes *n, const char *path);

/* Load every *.txt file of a directory, in name order. Same returns. */
int dc_notes_load_dir(dc_notes *n, const char *dir);

/* Problems found while loading, oldest first; each "FILE:LINE: MESSAGE".
 * Returned strings are owned by the handle. */
size_t dc_notes_problem_count(const dc_notes *n);
const char *dc_notes_problem(const dc_notes *n, size_t i);

/* Called once per signal recognised in a text: the signal id and the words
 * (the matched substring, UTF-8) that produced it. Both strings are only
 * valid during the call. A signal is reported at most once per text. */
typedef void dc_notes_hit_fn(void *ctx, const char *signal, const char *words);

/* Scan one note. Text that is not valid UTF-8 yields no signals and
 * DC_EINPUT with a message; otherwise DC_OK. Negated mentions ("客户没有提
 * 价格问题", "no pushback on price") do not raise the signal.
 * Bounded: the time grows linearly with the note (patterns that backtrack
 * catastrophically are refused at load; PCRE2 match, depth and heap limits
 * hold); only the first DC_NOTES_SCAN_BYTES bytes are read, and the scan
 * stops at the time limit. Either way the signals found in what was read
 * are reported and the result is DC_ELIMIT with a message. */
int dc_notes_scan(dc_notes *n, const char *text, dc_notes_hit_fn *on_hit, void *ctx);

#define DC_NOTES_SCAN_BYTES (256 * 1024)

/* The OpenCC configuration that reads traditional Chinese as simplified,
 * its phrase table included: 乾燥 -> 干燥, not 乾 -> 干 alone (Debian's libopencc-data: /usr/share/opencc/). */
#define DC_NOTES_OPENCC_CONFIG "t2s.json"

/* What a recognised `signal` proposes besides itself ("criterion
 * dm-public-preference", "person leaving", "budget cut"...), from the
 * "@propose SIGNAL<TAB>WHAT" lines of the pattern files; NULL when nothing.
 * Owned by the handle. See kb/note_facts.h. */
const char *dc_notes_proposal(const dc_notes *n, const char *signal);

/* Is `id` recognised only to propose a fact ("@fact-only ID": bid-won,
 * person-supports...), not a signal of the deal? Callers that assert or
 * show signals skip it. */
int dc_notes_fact_only(const dc_notes *n, const char *id);

/* Is traditional Chinese converted (OpenCC's configuration opened)? OpenCC
 * is loaded at the first note with a character its t2s conversion can
 * change (kb/t2s_chars.h; with DEALCOACH_PLAIN=t2s-table, at the first note
 * with Han characters), or by this call. When
 * its configuration cannot be found, dc_notes_load_dir() records a problem
 * saying so. */
int dc_notes_has_opencc(dc_notes *n);

/* Has OpenCC been loaded (by a scan or a call above)? Loads nothing. */
int dc_notes_opencc_loaded(const dc_notes *n);

/* Load now what scanning would load at its first need (OpenCC, when its
 * configuration is there), for a process about to lose the right to open
 * files (kb/sandbox/). Never fails: what cannot be loaded is not used. */
void dc_notes_prepare(dc_notes *n);

/* From now on, scans stop after `seconds` (0: no limit) from this call:
 * one limit shared by all the notes of a deal. */
void dc_notes_set_time_limit(dc_notes *n, double seconds);

/* From now on, read the names given (a deal's competitors as the rep
 * entered them: "博越重卡", "StayWise Ltd.") in notes as the vocabulary's
 * word for a competitor, so that "博越主动降了15%" is the competitor's
 * move, not ours (kb/notes_rivals.h). Each name also stands for its shorter
 * forms without a company suffix (the {company-suffix} concept: 博越,
 * StayWise). Replaces the names given before; count 0: none. A name that
 * is not UTF-8, or longer than any company's (DC_RIVALS_NAME_BYTES), is
 * skipped, and only the first DC_RIVALS_MAX forms are read
 * (kb/notes_rivals.h). DC_OK or DC_ENOMEM (then no names). */
int dc_notes_set_rivals(dc_notes *n, const char *const *names, size_t count);

/* The name, as given to dc_notes_set_rivals(), of the first competitor
 * that `text` names by any of its forms ("博越降价了": 博越重卡科技有限公司),
 * or NULL (none; a text that is not UTF-8; out of memory). Owned by the
 * handle, valid until the next dc_notes_set_rivals(). */
const char *dc_notes_rival_named(dc_notes *n, const char *text);

/* Has the time limit set last run out? */
int dc_notes_out_of_time(const dc_notes *n);

/* --- additions ------------------------------------------------------------
 *
 * dc_notes_load_dir() also loads the directory's *.map files (character maps
 * such as t2s.map, traditional to simplified Chinese), before its *.txt
 * files, so that patterns and notes are both seen through the map. */

/* Load one map: lines "FROM TO", one character each, or two words of
 * non-ASCII characters (dialect words, notes_words.h), equal in UTF-8
 * length. Notes are read through it, patterns loaded after it too. Same
 * returns and problem reporting as dc_notes_load_file(). */
int dc_notes_load_map(dc_notes *n, const char *path);

/* The signal ids that at least one loaded pattern yields, in load order.
 * Strings owned by the handle. */
size_t dc_notes_signal_count(const dc_notes *n);
const char *dc_notes_signal(const dc_notes *n, size_t i);

/* Like dc_notes_hit_fn, plus where the pattern that matched was written
 * ("FILE:LINE"), so a coach can find the line behind a surprising hit. */
typedef void dc_notes_hit_at_fn(void *ctx, const char *signal, const char *words,
                                const char *where);

/* dc_notes_scan(), reporting hits with their pattern's place. */
int dc_notes_scan_at(dc_notes *n, const char *text, dc_notes_hit_at_fn *on_hit, void *ctx);

/* --- compiled patterns, cached --------------------------------------------
 *
 * Compiling every pattern costs more than most runs spend reading notes. The
 * build compiles the shipped ones into a cache file (patterns.cache, beside
 * patterns/ when installed); dc_notes_use_cache(), before loading, takes
 * each pattern whose text (concepts expanded, through the maps) the cache
 * holds from there, and compiles the others as usual: a coach's edit to a
 * pattern file takes effect without a build. A cache that is missing,
 * damaged or from another PCRE2 is ignored, as is any with
 * DEALCOACH_PLAIN=pattern-cache. */
void dc_notes_use_cache(dc_notes *n, const char *path);

/* With a cache, dc_notes_load_dir() of a directory whose pattern files
 * are byte for byte those the cache was made from, into a handle nothing
 * was loaded into yet, takes what loading them computes (rules, concepts,
 * signals, maps) from the cache instead of reading every line; the same
 * state either way (DEALCOACH_PLAIN=pattern-state: always read). Did the
 * last dc_notes_load_dir() do that? */
int dc_notes_from_state(const dc_notes *n);

/* Compile the patterns of `dir` and write them as a cache file to `path`
 * (through a temporary file beside it). DC_OK; else DC_EINPUT (the patterns
 * have problems), DC_EIO or DC_ENOMEM with the reason in why[size]. */
int dc_notes_save_cache(const char *dir, const char *path, char *why, size_t size);

/* --- the learned model (kb/notes_learned.h) --------------------------------
 *
 * With a model, each scan also scores every signal the model knows from the
 * note's features: a pattern's signal it finds very unlikely is dropped, a
 * signal it finds very likely is added though no pattern found it, with the
 * clause that weighed most as its words and "MODEL (learned from example
 * notes)" as its place. The build trains one (notes.model, beside
 * patterns.cache) from the phrasing files of tests/notes/learn.list. */

/* Use the model file at `path` from now on, in place of any before (call it
 * after loading the patterns: the model's signals are mapped to theirs).
 * DC_OK; DC_ENOTFOUND when there is no such file (the patterns alone, as
 * before); DC_EINPUT when it is not a sound model (damaged, or another
 * version): not used, the reason in the message; DC_ENOMEM. On failure the
 * model used before, if any, stays. A scan stopped by the time limit
 * reports its patterns' hits as they are, unweighed. */
int dc_notes_use_model(dc_notes *n, const char *path);
int dc_notes_has_model(const dc_notes *n);

/* The features of a note as the model reads them (kb/notes_learned.h; for training: through
 * the loaded maps, with the loaded negation and hedge cues), into *f,
 * replacing what it held. DC_OK, DC_EINPUT (not UTF-8) or DC_ENOMEM, with
 * a message. */
struct dc_features;
int dc_notes_features(dc_notes *n, const char *text, struct dc_features *f);

#endif
