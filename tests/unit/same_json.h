/* same_json.h - dc_json_read against json_loadb on one text, for the unit
 * test and the fuzz harness: the same value (compared by json_equal and
 * by its text with members in order, so 1 and 1.0 differ), or both NULL
 * with the same error. Returns 1 when they agree; otherwise 0 with a line
 * on stderr. *fast (may be NULL) tells whether the fast path read it. */
#ifndef DC_SAME_JSON_H
#define DC_SAME_JSON_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

static inline int dc_same_json(const char *text, size_t len, size_t flags, int *fast)
{
    json_error_t want_error, got_error;
    json_t *want = json_loadb(text, len, flags, &want_error);
    json_t *got = NULL;
    int took = dc_json_read_fast(text, len, flags, &got);
    if (fast) *fast = took;
    if (!took) got = dc_json_read(text, len, flags, &got_error);
    int same;
    if (!want || !got) {
        same = !want && !got && strcmp(want_error.text, got_error.text) == 0 &&
               want_error.line == got_error.line && want_error.column == got_error.column &&
               want_error.position == got_error.position;
    } else {
        char *a = json_dumps(want, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        char *b = json_dumps(got, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
        same = json_equal(want, got) && a && b && strcmp(a, b) == 0;
        free(a);
        free(b);
    }
    if (!same)
        fprintf(stderr, "dc_json_read and json_loadb differ on %.*s (flags %zu): %s / %s\n", (int)(len > 200 ? 200 : len),
                text, flags, want ? "a value" : want_error.text, got ? "a value" : got_error.text);
    json_decref(want);
    json_decref(got);
    return same;
}

#endif
