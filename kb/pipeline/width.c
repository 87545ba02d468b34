/* width.c - terminal columns of UTF-8 text. Contract in width.h. */
#include "width.h"

#include "render.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Decode one character at s (length in *len, at least 1). A bad byte
 * decodes as itself, one byte long. */
static uint32_t decode(const unsigned char *s, size_t *len)
{
    uint32_t cp = s[0];
    size_t n = cp < 0x80 ? 1 : (cp >> 5) == 6 ? 2 : (cp >> 4) == 14 ? 3 : (cp >> 3) == 30 ? 4 : 0;
    *len = 1;
    if (n <= 1) return cp;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80) return cp;
    cp = n == 2 ? cp & 0x1F : n == 3 ? cp & 0x0F : cp & 0x07;
    for (size_t i = 1; i < n; i++) cp = (cp << 6) | (s[i] & 0x3F);
    *len = n;
    return cp;
}

/* The columns of one character (its bytes at p, `len` long), as the
 * report's layout counts them (kb/render.h). */
static size_t columns(const unsigned char *p, size_t len)
{
    char one[8];
    memcpy(one, p, len);
    one[len] = '\0';
    return dc_render_width(one);
}

size_t dc_width(const char *s)
{
    return dc_render_width(s);
}

void dc_width_put(dc_buf *b, const char *s, size_t cols, int right)
{
    dc_buf cut = DC_BUF_INIT;
    size_t used = 0, len, total = dc_width(s);
    size_t room = total > cols ? (cols ? cols - 1 : 0) : cols; /* keep a column for "…" */
    for (const unsigned char *p = (const unsigned char *)s; *p; p += len) {
        uint32_t cp = decode(p, &len);
        size_t w = columns(p, len);
        if (used + w > room) break;
        if (cp < 0x20 || cp == 0x7F || (len == 1 && cp >= 0x80)) dc_buf_puts(&cut, " ");
        else dc_buf_append(&cut, (const char *)p, len);
        used += w;
    }
    if (total > cols && cols) {
        dc_buf_puts(&cut, "…");
        used++;
    }
    char *text = dc_buf_take(&cut);
    if (right) for (size_t i = used; i < cols; i++) dc_buf_puts(b, " ");
    dc_buf_puts(b, text ? text : "");
    if (!right) for (size_t i = used; i < cols; i++) dc_buf_puts(b, " ");
    free(text);
}
