/* strbuf.h - a growable UTF-8 string for building texts.
 *
 * Out of memory is sticky: after a failed growth every later call does
 * nothing and dc_buf_take returns NULL, so callers check once at the end. */
#ifndef DC_STRBUF_H
#define DC_STRBUF_H

#include <stddef.h>

typedef struct dc_buf {
    char *s;      /* always NUL-terminated once anything was added */
    size_t len, cap;
    int failed;
} dc_buf;

#define DC_BUF_INIT {NULL, 0, 0, 0}

void dc_buf_append(dc_buf *b, const char *s, size_t n);
void dc_buf_puts(dc_buf *b, const char *s);
void dc_buf_printf(dc_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The string built (never NULL unless out of memory: "" when nothing was
 * added); the caller owns and frees it. The buffer is empty afterwards. */
char *dc_buf_take(dc_buf *b);

/* The code point of the UTF-8 character at `s` and its length in *len, or
 * -1 (and *len 1) when the bytes there are not well-formed UTF-8 (also
 * overlong forms, surrogates, past U+10FFFF). `s` is NUL-terminated. */
long dc_utf8_next(const char *s, size_t *len);

/* The offset of the first byte of s[0..len) that is not well-formed UTF-8
 * (a NUL counts as not), or len. s[len] must be readable (a NUL). */
size_t dc_utf8_invalid_at(const char *s, size_t len);

/* Make `s` valid UTF-8 in place: every byte that does not belong to a
 * well-formed sequence (a cut character, a stray byte) becomes '?'. Returns
 * the number of bytes replaced. This can't fail. */
size_t dc_utf8_sanitize(char *s);

/* The length of the longest prefix of `s` of at most `max` bytes that does
 * not end inside a UTF-8 character. */
size_t dc_utf8_prefix(const char *s, size_t max);

#endif
