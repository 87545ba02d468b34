/* testutil.h - small helpers the unit tests share. */
#ifndef DC_TESTUTIL_H
#define DC_TESTUTIL_H

#include <string.h>
#include <jansson.h>

/* Does any message (a string) of `list` contain `text`? */
static inline int has_message(json_t *list, const char *text)
{
    size_t i;
    json_t *m;
    json_array_foreach(list, i, m)
        if (json_is_string(m) && strstr(json_string_value(m), text)) return 1;
    return 0;
}

#endif
