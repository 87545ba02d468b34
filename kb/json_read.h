/* json_read.h - JSON text to jansson values, in a third of the time.
 *
 * jansson's parser reads a deal at about 175 instructions a byte: a sixth
 * of a batch's CPU. yajl (libyajl, a Debian package) lexes the same text
 * several times faster; dc_json_read builds jansson values straight from
 * its events, and hands to json_loadb every text the two could read
 * differently, so what it gives is always exactly what json_loadb gives:
 *   - the same value, member order included; or
 *   - NULL and the same error (line, column, text), from json_loadb itself.
 * Handed over: any text yajl refuses, any \u escape (yajl writes '?' for a
 * lone surrogate where jansson refuses it), control bytes, numbers out of
 * range, a duplicate key under JSON_REJECT_DUPLICATES, nesting deeper than
 * 64, a top level that is not an object or array, a text that is not
 * UTF-8 by jansson's rule (checked once, whole), and flags other than
 * JSON_REJECT_DUPLICATES.
 *
 * DEALCOACH_PLAIN=json-read (the caller asks dc_plain) calls json_loadb. */
#ifndef DC_JSON_READ_H
#define DC_JSON_READ_H

#include <jansson.h>
#include <stddef.h>

/* As json_loadb(bytes, len, flags, error); `error` may be NULL. Returns a
 * new reference the caller owns, or NULL with *error set. */
json_t *dc_json_read(const char *bytes, size_t len, size_t flags, json_error_t *error);

/* The fast path alone: 1 with *value (a new reference) when yajl's reading
 * is certainly json_loadb's; 0, and *value NULL, when the text must go to
 * json_loadb (dc_json_read then calls it). */
int dc_json_read_fast(const char *bytes, size_t len, size_t flags, json_t **value);

#endif
