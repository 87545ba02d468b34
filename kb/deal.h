/* deal.h - the deal model: spec §1 JSON, read and checked.
 *
 * A deal is a JSON object (jansson). Checking it produces a clean copy with
 * only the fields of the spec; what is wrong is reported per field, with the
 * origin (a file name, or "input") and the value:
 *
 *     deals/acme.json: people[0].attitude: unknown value "friendly"
 *         (expected one of: mentor, supporter, neutral, non-supporter, opponent)
 *
 * Policy (spec §5): a deal that is not JSON, has no id, or has a field of the
 * wrong type, an unknown id, a bad date or a negative amount is REFUSED
 * (every error is listed, not just the first). Unknown fields only warn and
 * are left out of the clean copy.
 *
 * The ids allowed in each field come from the loaded rule schema (the
 * templates' allowed symbols), so the vocabulary lives in one place.
 */
#ifndef DC_DEAL_H
#define DC_DEAL_H

#include <stddef.h>
#include <jansson.h>
#include "engine.h"

/* Parse deal text. On DC_OK *input is a new reference to the parsed object.
 * DC_EINPUT for an empty text, bytes that are not UTF-8, malformed JSON or
 * a top-level value that is not an object: one message appended to
 * `errors` ("ORIGIN: ..." with line and column). */
int dc_deal_parse(const char *origin, const char *text, size_t len,
                  json_t **input, json_t *errors);

/* Read and parse a deal file: as dc_deal_parse, plus DC_EIO when the file
 * cannot be read (message in `errors`). */
int dc_deal_read_file(const char *path, json_t **input, json_t *errors);

/* Check a parsed deal against the spec and the schema loaded in `vocab`.
 * On DC_OK *deal is a new reference to the clean copy. On DC_EINPUT *deal is
 * NULL and every problem is appended to `errors` (strings). Warnings (unknown
 * fields) are appended to `warnings` either way. */
int dc_deal_check(dc_engine *vocab, const char *origin, json_t *input,
                  json_t **deal, json_t *errors, json_t *warnings);

/* Check the value of one field given by its dotted path ("size",
 * "evaluation.preferred", "criteria") as dc_deal_check would; used by the
 * session to set one field at a time. DC_OK or DC_EINPUT (errors appended).
 * DC_ENOTFOUND (error appended) when the spec has no such field. */
int dc_deal_check_field(dc_engine *vocab, const char *path, json_t *value, json_t *errors);

/* Deal ids are slugs: letters, digits, '-', '_' and '.', starting with a
 * letter or a digit, at most 200 bytes. Letters include upper case (CRM
 * record ids such as Salesforce's "006Dn00000AbCdE" are mixed case; ids are
 * compared exactly, so "Acme" and "acme" are two deals) and the letters of
 * other scripts: Chinese characters, kana, Hangul, accented Latin, Greek,
 * Cyrillic. So "acme-mes", "ACME_2027", "华为.一期" are ids; "bad id",
 * "Bad/Id", "-x" are not. */
#define DC_DEAL_ID_MAX 200
#define DC_DEAL_ID_RULE "an id is made of letters and digits and - _ . and may be Chinese"

/* Is code point `cp` a letter or digit an id may use? */
int dc_deal_id_letter(long cp);

/* NULL when `id` is a good deal id, else why not, in English ("a space is
 * not allowed"): a static text or `why`, filled. */
#define DC_DEAL_ID_WHY 64
const char *dc_deal_id_problem(const char *id, char why[DC_DEAL_ID_WHY]);

/* Names of the deal fields that can be set with dc_deal_check_field,
 * as a new JSON array of dotted paths. */
json_t *dc_deal_field_paths(void);

#endif
