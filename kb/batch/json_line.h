/* json_line.h - a JSON value as one compact line, fast.
 *
 * The same bytes as json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
 * JSON_ENCODE_ANY) (jansson 2.14: members in insertion order, "\"", "\\"
 * and control characters escaped, the rest of UTF-8 as is), written
 * straight into a buffer: about a seventh of jansson's instructions on an
 * advice, which is most of what a batch writes. Reals go through jansson
 * itself, so their digits are jansson's. The plain path (DEALCOACH_PLAIN=
 * json-line) calls json_dumps; tests/perf/identical.sh compares the two. */
#ifndef DC_JSON_LINE_H
#define DC_JSON_LINE_H

#include <jansson.h>
#include "strbuf.h"

/* Append `v` to `b`. 0, or -1 when out of memory (b->failed is set too). */
int dc_json_line(dc_buf *b, const json_t *v);

/* The same with ", " between items and ": " after keys: the bytes of
 * json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY), what `advise
 * --json` prints. */
int dc_json_line_spaced(dc_buf *b, const json_t *v);

#endif
