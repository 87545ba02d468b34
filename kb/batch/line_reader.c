/* line_reader.c - see line_reader.h. */
#define _POSIX_C_SOURCE 200809L
#include "batch/line_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { FIRST_CAP = 65536 };

char *dc_line_reader_next(dc_line_reader *r)
{
    while (r->start < r->len) {
        char *at = r->buf + r->start, *end = memchr(at, '\n', r->len - r->start);
        if (end) r->start = (size_t)(end - r->buf) + 1;
        else if (r->eof) end = r->buf + (r->start = r->len); /* buf has room for its '\0' */
        else return NULL;
        r->lineno++;
        while (end > at && (end[-1] == '\r' || end[-1] == '\n')) end--;
        *end = '\0';
        if (at[strspn(at, " \t")]) return at;
    }
    return NULL;
}

int dc_line_reader_ready(const dc_line_reader *r)
{
    return r->eof || r->error || (r->start < r->len && memchr(r->buf + r->start, '\n', r->len - r->start));
}

int dc_line_reader_fill(dc_line_reader *r)
{
    if (r->start) { /* what is left of a line to the front */
        memmove(r->buf, r->buf + r->start, r->len - r->start);
        r->len -= r->start;
        r->start = 0;
    }
    if (r->len == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : FIRST_CAP;
        char *grown = realloc(r->buf, cap + 1); /* + 1: the '\0' of a last line without "\n" */
        if (!grown) {
            r->error = ENOMEM;
            return -1;
        }
        r->buf = grown;
        r->cap = cap;
    }
    ssize_t n;
    do n = read(r->fd, r->buf + r->len, r->cap - r->len);
    while (n < 0 && errno == EINTR);
    if (n < 0) {
        r->error = errno;
        return -1;
    }
    if (n == 0) {
        r->eof = 1;
        return 0;
    }
    r->len += (size_t)n;
    return 1;
}

void dc_line_reader_free(dc_line_reader *r)
{
    free(r->buf);
    r->buf = NULL;
    r->start = r->len = r->cap = 0;
}
