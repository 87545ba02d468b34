/* catalog.h - message catalogs: every text a user reads, in zh and en.
 *
 * A catalog is a UTF-8 file per area and language (messages/stages.en.txt,
 * messages/stages.zh.txt...; the language is the part before ".txt"):
 *
 *     # comment
 *     finding.stage-inflated = Claimed at {1}, but the evidence supports only {2}.
 *     label.budget-known = budget range known
 *
 * Keys: finding.ID, action.ID, why.ID (the playbook's reasoning), label.ID
 * (how an id reads in running text), question.FIELD, ui.NAME. In a text,
 * {1}, {2}... stand for the items of a finding's `about`, {about} for all of
 * them and {rest} for all but the first, each shown by its label. "\n" in
 * a text is a line break.
 *
 * phrase.WORDS, field.PATH and phrase-punct.NAME render the rules' neutral
 * notation in another language (phrases.h); a phrase key may itself hold
 * " = ", so on a phrase line the text starts after the last " = ".
 */
#ifndef DC_CATALOG_H
#define DC_CATALOG_H

#include <jansson.h>
#include "status.h"

typedef struct dc_catalog dc_catalog;

dc_catalog *dc_catalog_new(void); /* NULL only when out of memory */
void dc_catalog_free(dc_catalog *c); /* NULL is fine */
const char *dc_catalog_message(const dc_catalog *c);

/* Load one catalog file for language `lang`; a later entry replaces an
 * earlier one, so a coach's file can override the shipped texts. DC_EIO if
 * unreadable; DC_EINPUT for a line without " = " (FILE:LINE in the message;
 * the other lines still load). */
int dc_catalog_load_file(dc_catalog *c, const char *lang, const char *path);

/* The language of a catalog file's name: "stages.zh.txt" -> "zh",
 * "en.txt" -> "en", copied into `lang`; 1, or 0 when the name is not a
 * catalog's. */
int dc_catalog_lang_of(const char *name, char *lang, size_t size);

/* Load every LANG.txt and AREA.LANG.txt of a directory, in name order. */
int dc_catalog_load_dir(dc_catalog *c, const char *dir);

/* --- parsed catalogs, cached ------------------------------------------------
 *
 * The build parses the shipped catalogs into a cache file (messages.cache,
 * beside messages/ when installed). With dc_catalog_use_cache() before, a
 * dc_catalog_load_dir() into an empty catalog of a directory whose catalog
 * files are byte for byte those the cache was made from takes the entries
 * from the mapped file instead of parsing them: the same entries in the
 * same order. A missing, damaged or stale cache is ignored, as is any with
 * DEALCOACH_PLAIN=catalog-cache. */
void dc_catalog_use_cache(dc_catalog *c, const char *path);

/* Did the catalog take its entries from the cache? */
int dc_catalog_from_cache(const dc_catalog *c);

/* Parse the catalogs of `dir` and write them as a cache file to `path`
 * (through a temporary file beside it). DC_OK; else DC_EINPUT (a catalog
 * has problems), DC_EIO or DC_ENOMEM with the reason in why[size]. */
int dc_catalog_save_cache(const char *dir, const char *path, char *why, size_t size);

/* The text of `key` in `lang`, else in English, else NULL. Owned by the
 * catalog. */
const char *dc_catalog_get(const dc_catalog *c, const char *lang, const char *key);

/* dc_catalog_get, or `fallback` when no language has `key` (or `c` is
 * NULL): for words that have an English spelling in the code. */
const char *dc_catalog_get_or(const dc_catalog *c, const char *lang, const char *key, const char *fallback);

/* Does `lang` itself (no fallback) have `key`? */
int dc_catalog_has(const dc_catalog *c, const char *lang, const char *key);

/* The keys of `lang` that start with `prefix`, without the prefix, sorted
 * and once each: a new JSON array of strings; NULL when out of memory. */
json_t *dc_catalog_keys(const dc_catalog *c, const char *lang, const char *prefix);

/* How an id reads in running text: label.ID, else the id itself. */
const char *dc_catalog_label(const dc_catalog *c, const char *lang, const char *id);

/* Expand `key` with the items of `about` (a JSON array of strings/numbers,
 * may be NULL). Returns a malloc'd string the caller frees, or NULL when the
 * key is in no catalog (or out of memory). */
char *dc_catalog_format(const dc_catalog *c, const char *lang, const char *key, json_t *about);

/* The text of `key` with {1}..{9} replaced by args[0..n-1] as written (no
 * labels looked up: for ids, names and numbers a coach reads as they are);
 * `fallback` when no catalog has the key. A placeholder beyond n is left
 * empty. Returns a malloc'd string, NULL when out of memory. */
char *dc_catalog_fill(const dc_catalog *c, const char *lang, const char *key, const char *fallback,
                      const char *const *args, size_t n);

/* "zh" or "en" from the locale (LC_ALL, LC_MESSAGES, LANG). Static string. */
const char *dc_catalog_lang_from_env(void);

#endif
