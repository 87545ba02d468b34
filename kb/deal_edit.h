/* deal_edit.h - change a deal one step at a time, from the words a rep typed.
 *
 * Each edit takes a deal (a spec §1 JSON object) and the rep's text, turns
 * the text into a value of the field's kind (yes/no, a number, a list of
 * ids, a date, text), checks it against the loaded schema with
 * dc_deal_check_field, and only then changes the deal in place.
 *
 * Every edit returns:
 *   DC_OK        the deal changed; *what is a malloc'd one-line description
 *                of the change for the history, language-neutral (field
 *                paths, ids and the rep's own words): "size = large (was sme)",
 *                "criteria + formal-visit", "people + \"Zhang Wei\" met=yes".
 *                *what is NULL when the deal already was so (nothing changed).
 *   DC_EINPUT    a bad value or an unknown id;
 *   DC_ENOTFOUND no such field, person, competitor or list item;
 *   DC_ENOMEM.
 * On failure the deal is untouched, *what is NULL and one line naming the
 * field and the value is appended to `errors` (strings, in English).
 *
 * Text "unknown" (or "未知", "?") for a field that is not free text removes
 * the field: absent means unknown.
 */
#ifndef DC_DEAL_EDIT_H
#define DC_DEAL_EDIT_H

#include <stddef.h>
#include <jansson.h>
#include "engine.h"

/* The kind of value a field takes, found by asking the deal checker. */
typedef enum dc_field_kind {
    DC_FIELD_NONE,   /* no such field */
    DC_FIELD_FLAG,   /* yes / no */
    DC_FIELD_NUMBER, /* a number (amounts, influence, days) */
    DC_FIELD_LIST,   /* a list: of ids, texts, or people / competitors */
    DC_FIELD_TEXT    /* one string: free text, an id, a date */
} dc_field_kind;

/* 1 for a yes word (yes, y, true, 是, 对, 有...), 0 for a no word (no, n,
 * false, 否, 不, 没有...), -1 for anything else. ASCII case does not matter. */
int dc_edit_yes_no(const char *text);

/* Is `text` a way of saying "don't know" ("unknown", "?", "未知", "不知道")? */
int dc_edit_is_unknown(const char *text);

/* A value as the history shows it: ids and numbers plain, yes/no for
 * flags, lists joined by ", ", text quoted when it has spaces or is empty.
 * malloc'd, NULL when out of memory. */
char *dc_edit_value_text(json_t *value);

/* The value at a dotted path of a deal ("evaluation.preferred"), or NULL
 * when absent. Borrowed from `deal`. */
json_t *dc_edit_get(json_t *deal, const char *path);

/* The kind of the field at a dotted path ("size", "evaluation.preferred"). */
dc_field_kind dc_edit_field_kind(dc_engine *vocab, const char *path);

/* The ids a field allows, from the schema, without "unknown": a new JSON
 * array of strings, empty when the field takes any text or is no id field.
 * Paths as for dc_edit_field_kind, plus "people.roles", "people.attitude",
 * "competitors.leading". NULL only when out of memory. */
json_t *dc_edit_field_symbols(dc_engine *vocab, const char *path);

/* Set the field at `path` from `text` (a list field takes ids separated by
 * commas or spaces, and is replaced as a whole). */
int dc_edit_set(dc_engine *vocab, json_t *deal, const char *path, const char *text,
                json_t *errors, char **what);

/* Forget the field at `path` (it becomes unknown). */
int dc_edit_unset(dc_engine *vocab, json_t *deal, const char *path, json_t *errors, char **what);

/* Add `item` to the list at `path` (criteria, signals, notes,
 * negotiation.preconditions...), checked as an item of that list; an item
 * already there changes nothing. */
int dc_edit_add_item(dc_engine *vocab, json_t *deal, const char *path, const char *item,
                     json_t *errors, char **what);

/* Remove `item` from the list at `path`; DC_ENOTFOUND when it is not there. */
int dc_edit_remove_item(json_t *deal, const char *path, const char *item,
                        json_t *errors, char **what);

/* Replace / remove the item at `index` (from 0) of the list at `path`:
 * how notes are changed. DC_ENOTFOUND when there is no such item. */
int dc_edit_replace_at(dc_engine *vocab, json_t *deal, const char *path, size_t index,
                       const char *text, json_t *errors, char **what);
int dc_edit_remove_at(json_t *deal, const char *path, size_t index, json_t *errors, char **what);

/* --- records: dated lists of objects (account.visits, account.satisfaction) -- */

/* Add `record` (an object: {"date": ..., "score": ...}) to the list at
 * `path`, checked as an item of that list. The deal does not take
 * `record`'s reference. */
int dc_edit_add_record(dc_engine *vocab, json_t *deal, const char *path, json_t *record,
                       json_t *errors, char **what);

/* Remove every record of the list at `path` whose `key` is `value`
 * ("date", "2026-10-20"); DC_ENOTFOUND when there is none. */
int dc_edit_remove_records(json_t *deal, const char *path, const char *key, const char *value,
                           json_t *errors, char **what);

/* --- entries: people and competitors ---------------------------------------
 *
 * An entry is an object of the list `list` ("people", "competitors") found
 * by its "name": the exact name, else the one name equal to it ignoring
 * ASCII case. Attributes are given as KEY and TEXT ("met", "yes"); an empty
 * TEXT forgets the attribute; "name" renames. */
typedef struct dc_edit_attr {
    const char *key;
    const char *text;
} dc_edit_attr;

/* The attribute names an entry of `list` may have, besides "name", as a
 * static NULL-terminated array; NULL when `list` is not an entry list. */
const char *const *dc_edit_entry_keys(const char *list);

/* The kind of attribute `key` of an entry of `list`. */
dc_field_kind dc_edit_entry_kind(dc_engine *vocab, const char *list, const char *key);

/* Add a new entry; DC_EINPUT when one of that name is already there. */
int dc_edit_entry_add(dc_engine *vocab, json_t *deal, const char *list, const char *name,
                      const dc_edit_attr *attrs, size_t n_attrs, json_t *errors, char **what);

/* Change attributes of an entry; DC_ENOTFOUND when there is none. */
int dc_edit_entry_set(dc_engine *vocab, json_t *deal, const char *list, const char *name,
                      const dc_edit_attr *attrs, size_t n_attrs, json_t *errors, char **what);

/* Remove an entry; DC_ENOTFOUND when there is none. */
int dc_edit_entry_remove(json_t *deal, const char *list, const char *name,
                         json_t *errors, char **what);

/* Add `item` to the list attribute `key` of the entry `name` ("roles"),
 * adding the entry when there is none yet: "the decision maker is Li Na". */
int dc_edit_entry_add_item(dc_engine *vocab, json_t *deal, const char *list, const char *name,
                           const char *key, const char *item, json_t *errors, char **what);

#endif
