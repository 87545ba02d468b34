/* json_read.c - see json_read.h. */
#include "json_read.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

enum { MAX_DEPTH = 64, MAX_KEY = 256 };

/* The value being built: its open arrays and objects, innermost last, and
 * the key the next value goes under when the innermost is an object (the
 * next value takes it at once, so one key is pending at a time; copied,
 * because yajl decodes escaped strings into one buffer it reuses). */
typedef struct builder {
    json_t *root;
    json_t *open[MAX_DEPTH];
    int depth;
    char key[MAX_KEY];
    size_t key_len;
    int reject_duplicates;
    yajl_handle lexer;
    size_t end; /* the offset just past the top value, once it closed */
} builder;

/* Put `value` (a new reference, NULL when out of memory or refused) where
 * the text has it. Returns 1 to go on, 0 to stop (the builder keeps
 * nothing it could not place). */
static int place(builder *b, json_t *value)
{
    if (!value) return 0;
    if (b->depth == 0) {
        if (b->root) {
            json_decref(value);
            return 0;
        }
        b->root = value;
        return 1;
    }
    json_t *into = b->open[b->depth - 1];
    if (json_is_array(into)) return json_array_append_new(into, value) == 0;
    size_t before = json_object_size(into);
    /* The whole text was checked as UTF-8 (fast_path_fits), so the key is. */
    if (json_object_setn_new_nocheck(into, b->key, b->key_len, value))
        return 0;
    return !b->reject_duplicates || json_object_size(into) > before;
}

static int on_null(void *ctx)
{
    return place(ctx, json_null());
}

static int on_boolean(void *ctx, int value)
{
    return place(ctx, json_boolean(value));
}

/* A number as jansson reads it: an integer unless it has a fraction or an
 * exponent; out of range (an integer beyond long long, a real beyond
 * double) is jansson's error, so handed over. */
static int on_number(void *ctx, const char *text, size_t len)
{
    char digits[64];
    if (len >= sizeof digits) return 0;
    memcpy(digits, text, len);
    digits[len] = '\0';
    char *end;
    errno = 0;
    if (!memchr(digits, '.', len) && !memchr(digits, 'e', len) && !memchr(digits, 'E', len)) {
        long long n = strtoll(digits, &end, 10);
        if (errno || *end) return 0;
        return place(ctx, json_integer(n));
    }
    if (localeconv()->decimal_point[0] != '.') return 0; /* jansson converts; leave it to jansson */
    double d = strtod(digits, &end);
    if (*end || (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))) return 0;
    return place(ctx, json_real(d));
}

static int on_string(void *ctx, const unsigned char *text, size_t len)
{
    /* The whole text was checked as UTF-8 (fast_path_fits), so the string is:
     * escapes other than \u (left to jansson) only give ASCII. */
    return place(ctx, json_stringn_nocheck((const char *)text, len));
}

/* Open an object or array where the text has it. place() takes `value`
 * whatever happens; once placed, the tree holds it, so open[] borrows it. */
static int open_value(builder *b, json_t *value)
{
    if (b->depth == MAX_DEPTH) {
        json_decref(value);
        return 0;
    }
    if (!place(b, value)) return 0;
    b->open[b->depth++] = value;
    return 1;
}

static int on_start_map(void *ctx)
{
    return open_value(ctx, json_object());
}

static int on_map_key(void *ctx, const unsigned char *key, size_t len)
{
    builder *b = ctx;
    if (len >= MAX_KEY) return 0;
    memcpy(b->key, key, len);
    b->key[len] = '\0';
    b->key_len = len;
    return 1;
}

static int on_end(void *ctx)
{
    builder *b = ctx;
    if (--b->depth == 0) b->end = yajl_get_bytes_consumed(b->lexer);
    return 1;
}

static int on_start_array(void *ctx)
{
    return open_value(ctx, json_array());
}

static const yajl_callbacks events = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

/* Can the fast path read these bytes as jansson would? Left to jansson:
 * a \u escape (yajl writes '?' for a lone surrogate where jansson refuses
 * it, and \u0000); control bytes other than tab, newline and return (yajl
 * takes form feed and vertical tab for white space); and bytes that are
 * not UTF-8 by jansson's rule (utf8.c: no overlong form, no surrogate,
 * nothing above U+10FFFF), so that no string or key needs checking again.
 * One pass; eight plain ASCII bytes at a time. */
static int fast_path_fits(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (i + 8 <= len) { /* eight bytes in 0x20..0x7f, none a backslash: on */
            const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
            uint64_t word, other = 0;
            memcpy(&word, s + i, 8);
            uint64_t slashes = word ^ (ones * '\\'); /* a zero byte where a backslash was */
            other |= word & highs;                           /* a byte >= 0x80 */
            other |= (word - ones * 0x20) & ~word & highs;   /* a byte < 0x20 */
            other |= (slashes - ones) & ~slashes & highs;    /* a backslash */
            if (!other) {
                i += 8;
                continue;
            }
        }
        unsigned char c = s[i];
        if (c < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r') return 0;
            i++;
            continue;
        }
        if (c == '\\') {
            if (i + 1 < len && s[i + 1] == 'u') return 0;
            i += 2; /* past the escaped byte, which may be a backslash */
            continue;
        }
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!n || i + n > len) return 0;
        uint32_t cp = c & (0x7F >> n);
        for (size_t k = 1; k < n; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        i += n;
    }
    return 1;
}

/* Nothing but jansson's white space after the top value? (yajl lets an
 * unfinished token there pass: `{}"`.) */
static int only_white_space(const char *bytes, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r') return 0;
    return 1;
}

int dc_json_read_fast(const char *bytes, size_t len, size_t flags, json_t **value)
{
    *value = NULL;
    if ((flags & ~(size_t)JSON_REJECT_DUPLICATES) || !fast_path_fits((const unsigned char *)bytes, len))
        return 0;
    builder b = {.reject_duplicates = (flags & JSON_REJECT_DUPLICATES) != 0};
    yajl_handle lexer = b.lexer = yajl_alloc(&events, NULL, &b);
    int whole = lexer && yajl_config(lexer, yajl_dont_validate_strings, 1) &&
                yajl_parse(lexer, (const unsigned char *)bytes, len) == yajl_status_ok &&
                yajl_complete_parse(lexer) == yajl_status_ok && b.depth == 0 &&
                (json_is_object(b.root) || json_is_array(b.root)) && only_white_space(bytes + b.end, len - b.end);
    if (lexer) yajl_free(lexer);
    if (!whole) {
        json_decref(b.root);
        return 0;
    }
    *value = b.root;
    return 1;
}

json_t *dc_json_read(const char *bytes, size_t len, size_t flags, json_error_t *error)
{
    json_t *value;
    return dc_json_read_fast(bytes, len, flags, &value) ? value : json_loadb(bytes, len, flags, error);
}
