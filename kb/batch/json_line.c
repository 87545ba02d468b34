/* json_line.c - a JSON value as one compact line (json_line.h). */
#include "batch/json_line.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(dc_buf *b, const char *s, size_t len)
{
    static const char hex[] = "0123456789ABCDEF";
    const char *run = s, *end = s + len;
    dc_buf_append(b, "\"", 1);
    for (const char *p = s; p < end; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != '"' && ch != '\\') continue;
        dc_buf_append(b, run, (size_t)(p - run));
        run = p + 1;
        char esc[6] = {'\\', 0};
        size_t n = 2;
        switch (ch) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\f': esc[1] = 'f'; break;
        case '\n': esc[1] = 'n'; break;
        case '\r': esc[1] = 'r'; break;
        case '\t': esc[1] = 't'; break;
        default: /* \u00XX, upper-case hex as jansson writes it */
            memcpy(esc, "\\u00", 4);
            esc[4] = hex[ch >> 4];
            esc[5] = hex[ch & 15];
            n = 6;
        }
        dc_buf_append(b, esc, n);
    }
    dc_buf_append(b, run, (size_t)(end - run));
    dc_buf_append(b, "\"", 1);
}

/* What goes between items and between a key and its value: "," and ":"
 * (JSON_COMPACT), or ", " and ": " (jansson without it). */
typedef struct separators {
    const char *item, *key;
    size_t len;
} separators;

static const separators compact = {",", ":", 1}, spaced = {", ", ": ", 2};

static void put_value(dc_buf *b, const json_t *v, const separators *sep)
{
    char number[32];
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        const char *key;
        json_t *member;
        int first = 1;
        dc_buf_append(b, "{", 1);
        json_object_foreach((json_t *)v, key, member) {
            if (!first) dc_buf_append(b, sep->item, sep->len);
            first = 0;
            put_string(b, key, strlen(key));
            dc_buf_append(b, sep->key, sep->len);
            put_value(b, member, sep);
        }
        dc_buf_append(b, "}", 1);
        break;
    }
    case JSON_ARRAY:
        dc_buf_append(b, "[", 1);
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i) dc_buf_append(b, sep->item, sep->len);
            put_value(b, json_array_get(v, i), sep);
        }
        dc_buf_append(b, "]", 1);
        break;
    case JSON_STRING:
        put_string(b, json_string_value(v), json_string_length(v));
        break;
    case JSON_INTEGER:
        dc_buf_append(b, number, (size_t)snprintf(number, sizeof number, "%" JSON_INTEGER_FORMAT,
                                                 json_integer_value(v)));
        break;
    case JSON_REAL: { /* jansson's own digits */
        char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
        if (text) dc_buf_puts(b, text);
        else b->failed = 1;
        free(text);
        break;
    }
    case JSON_TRUE: dc_buf_append(b, "true", 4); break;
    case JSON_FALSE: dc_buf_append(b, "false", 5); break;
    case JSON_NULL: dc_buf_append(b, "null", 4); break;
    }
}

int dc_json_line(dc_buf *b, const json_t *v)
{
    put_value(b, v, &compact);
    return b->failed ? -1 : 0;
}

int dc_json_line_spaced(dc_buf *b, const json_t *v)
{
    put_value(b, v, &spaced);
    return b->failed ? -1 : 0;
}
