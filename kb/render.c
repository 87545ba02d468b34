/* render.c - a report laid out for a terminal (see render.h). */
#define _XOPEN_SOURCE 700
#include "render.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "strbuf.h"

/* Decode one UTF-8 character at s (not at its end): its code point, and
 * its length in *len. A malformed byte is itself, length 1. */
static unsigned long decode(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = u[0] < 0x80 ? 1 : (u[0] & 0xE0) == 0xC0 ? 2 : (u[0] & 0xF0) == 0xE0 ? 3
             : (u[0] & 0xF8) == 0xF0 ? 4 : 0;
    unsigned long cp = n == 1 ? u[0] : n == 2 ? u[0] & 0x1F : n == 3 ? u[0] & 0x0F : u[0] & 0x07;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80) { n = 0; break; }
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    *len = n ? n : 1;
    return n ? cp : u[0];
}

static int is_wide(unsigned long cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
           (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x20000 && cp <= 0x3FFFD);
}

/* Columns of one character: wcwidth where the locale knows it, else wide
 * East Asian characters take two and the rest one. */
static size_t columns(unsigned long cp)
{
    int w = wcwidth((wchar_t)cp);
    if (w >= 0 && (cp < 0x80 || w > 0 || !is_wide(cp))) return (size_t)w;
    return is_wide(cp) ? 2 : 1;
}

/* Punctuation that must not start a line, and that must not end one. */
static int closes(unsigned long cp)
{
    return strchr(")]}.,;:!?", cp < 0x80 ? (int)cp : 0x01) != NULL ||
           cp == 0x3001 || cp == 0x3002 || cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B ||
           cp == 0xFF01 || cp == 0xFF1F || cp == 0xFF09 || cp == 0x300B || cp == 0x300D ||
           cp == 0x201D || cp == 0x2019 || cp == 0x2014;
}

static int opens(unsigned long cp)
{
    return cp == 0xFF08 || cp == 0x300A || cp == 0x300C || cp == 0x201C || cp == 0x2018;
}

size_t dc_render_width(const char *line)
{
    size_t w = 0, len;
    for (const char *p = line; *p && *p != '\n'; p += len) w += columns(decode(p, &len));
    return w;
}

/* The display width of the first n bytes of s. */
static size_t width_of(const char *s, size_t n)
{
    size_t w = 0, len;
    for (size_t i = 0; i < n; i += len) w += columns(decode(s + i, &len));
    return w;
}

/* The column where the text of a line starts, for its continuation lines:
 * past the leading blanks and a "- " or "12. " marker, or past a one-word
 * label such as "because: " or "诊断: " (at most 16 columns). */
static size_t hanging_indent(const char *line, size_t n)
{
    size_t i = strspn(line, " ");
    if (i + 1 < n && line[i] == '-' && line[i + 1] == ' ') return i + 2;
    size_t d = i;
    while (d < n && line[d] >= '0' && line[d] <= '9') d++;
    if (d > i && d + 1 < n && line[d] == '.' && line[d + 1] == ' ') return d + 2;
    size_t colon = i;
    while (colon < n && line[colon] != ' ' && line[colon] != ':') colon++;
    if (colon > i && colon + 1 < n && line[colon] == ':' && line[colon + 1] == ' ' &&
        width_of(line, colon + 2) <= 16)
        return width_of(line, colon + 2);
    return i;
}

/* Append one line (n bytes, no newline) wrapped to `width`: its pieces
 * joined by line breaks, with none after the last; continuation lines
 * start at the hanging indent (in columns). */
static void wrap_line(dc_buf *b, const char *line, size_t n, size_t width)
{
    size_t indent = hanging_indent(line, n), start = 0, len;
    if (indent + 12 > width) indent = 0;
    for (int first = 1; start < n; first = 0) {
        if (!first) {
            while (start < n && line[start] == ' ') start++;
            if (start == n) break;
            dc_buf_puts(b, "\n");
            for (size_t i = 0; i < indent; i++) dc_buf_puts(b, " ");
        }
        size_t avail = first ? width : width - indent, col = 0, cut = n, brk = 0;
        unsigned long prev = 0;
        for (size_t i = start; i < n; i += len) {
            unsigned long cp = decode(line + i, &len);
            int wide = is_wide(cp);
            if (i > start && ((cp == ' ' && prev != ' ') ||
                              ((wide || is_wide(prev)) && !closes(cp) && !opens(prev) && prev != ' ')))
                brk = i;
            col += columns(cp);
            if (col > avail) {
                cut = brk > start ? brk : i > start ? i : i + len;
                break;
            }
            prev = cp;
        }
        size_t end = cut;
        while (end > start && line[end - 1] == ' ') end--;
        dc_buf_append(b, line + start, end - start);
        start = cut;
    }
}

/* Copy `text` into b, each mark's word in colour. */
static void colour(dc_buf *b, const char *text, const dc_render_mark *marks, size_t n_marks)
{
    for (const char *p = text; *p;) {
        size_t m = 0, wl = 0;
        for (; m < n_marks; m++) {
            wl = strlen(marks[m].word);
            if (wl && strncmp(p, marks[m].word, wl) == 0) break;
        }
        if (m < n_marks) {
            dc_buf_printf(b, "\033[%sm%s\033[0m", marks[m].sgr, marks[m].word);
            p += wl;
        } else {
            dc_buf_append(b, p++, 1);
        }
    }
}

char *dc_render_text(const char *text, size_t width, const dc_render_mark *marks, size_t n_marks)
{
    dc_buf wrapped = DC_BUF_INIT, out = DC_BUF_INIT;
    for (const char *line = text; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        if (width == 0 || dc_render_width(line) <= width) dc_buf_append(&wrapped, line, n);
        else wrap_line(&wrapped, line, n, width);
        if (nl) dc_buf_puts(&wrapped, "\n");
        line += n + (nl != NULL);
    }
    char *plain = dc_buf_take(&wrapped);
    if (!plain) return NULL;
    if (n_marks == 0) return plain;
    colour(&out, plain, marks, n_marks);
    free(plain);
    return dc_buf_take(&out);
}
