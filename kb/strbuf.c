/* strbuf.c - a growable string (see strbuf.h). */
#include "strbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int reserve(dc_buf *b, size_t more)
{
    if (b->failed) return 0;
    if (b->len + more + 1 <= b->cap) return 1;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < b->len + more + 1) cap *= 2;
    char *grown = realloc(b->s, cap);
    if (!grown) {
        b->failed = 1;
        return 0;
    }
    b->s = grown;
    b->cap = cap;
    return 1;
}

void dc_buf_append(dc_buf *b, const char *s, size_t n)
{
    if (!reserve(b, n)) return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void dc_buf_puts(dc_buf *b, const char *s)
{
    dc_buf_append(b, s, strlen(s));
}

void dc_buf_printf(dc_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *dc_buf_take(dc_buf *b)
{
    char *s = NULL;
    if (!b->failed) {
        if (!b->s) reserve(b, 0);
        if (b->s) b->s[b->len] = '\0';
        s = b->s;
    } else {
        free(b->s);
    }
    b->s = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
    return s;
}

/* The length of the well-formed UTF-8 sequence at p, or 0. */
static size_t utf8_sequence(const unsigned char *p)
{
    if (p[0] < 0x80) return 1;
    size_t n = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
    if (p[0] >= 0xf5) n = 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80) return 0;
    /* Overlong three-byte forms, surrogates, and code points past U+10FFFF. */
    if (n == 3 && ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0))) return 0;
    if (n == 4 && ((p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))) return 0;
    return n;
}

long dc_utf8_next(const char *s, size_t *len)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = utf8_sequence(p);
    long cp;
    *len = n ? n : 1;
    if (n == 0) return -1;
    if (n == 1) return p[0];
    cp = p[0] & (0x7f >> n);
    for (size_t i = 1; i < n; i++) cp = (cp << 6) | (p[i] & 0x3f);
    return cp;
}

size_t dc_utf8_invalid_at(const char *s, size_t len)
{
    size_t at = 0, n;
    while (at < len) {
        if (s[at] == '\0' || dc_utf8_next(s + at, &n) < 0) return at;
        at += n;
    }
    return len;
}

size_t dc_utf8_sanitize(char *s)
{
    size_t replaced = 0;
    unsigned char *p = (unsigned char *)s;
    while (*p) {
        size_t n = utf8_sequence(p);
        if (n == 0) {
            *p++ = '?';
            replaced++;
        } else {
            p += n;
        }
    }
    return replaced;
}

size_t dc_utf8_prefix(const char *s, size_t max)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = 0;
    while (p[len]) {
        size_t n = utf8_sequence(p + len);
        if (n == 0) n = 1;
        if (len + n > max) break;
        len += n;
    }
    return len;
}
