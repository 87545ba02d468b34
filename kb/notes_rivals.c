/* notes_rivals.c - a deal's competitors, read in its notes as "a competitor". */
#define _POSIX_C_SOURCE 200809L /* strndup */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "notes_rivals.h"
#include "status.h"

#define HAN_WORD "竞品"  /* the word put in next to Chinese */
#define LATIN_WORD "rival"

struct name {
    char *s;
    size_t len;
    int latin; /* no byte above ASCII: matched as a whole word, in any case */
    size_t owner;
};

struct dc_rivals {
    struct name *names; /* longest first */
    size_t count, cap;
};

dc_rivals *dc_rivals_new(void)
{
    return calloc(1, sizeof(dc_rivals));
}

void dc_rivals_clear(dc_rivals *r)
{
    for (size_t i = 0; i < r->count; i++) free(r->names[i].s);
    r->count = 0;
}

void dc_rivals_free(dc_rivals *r)
{
    if (!r) return;
    dc_rivals_clear(r);
    free(r->names);
    free(r);
}

size_t dc_rivals_count(const dc_rivals *r)
{
    return r->count;
}

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Is s[0..len) ASCII only? How many characters does it hold? */
static int all_ascii(const char *s, size_t len, size_t *chars)
{
    int ascii = 1;
    *chars = 0;
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] >= 0x80) ascii = 0;
        *chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    return ascii;
}

int dc_rivals_add(dc_rivals *r, const char *s, size_t len, size_t owner)
{
    while (len > 0 && s[0] == ' ') s++, len--;
    while (len > 0 && s[len - 1] == ' ') len--;
    size_t chars;
    int latin = all_ascii(s, len, &chars);
    if (chars < 2 || len > DC_RIVALS_NAME_BYTES || r->count >= DC_RIVALS_MAX) return DC_OK;
    for (size_t i = 0; i < r->count; i++)
        if (r->names[i].len == len && (latin ? strncasecmp(r->names[i].s, s, len) == 0
                                             : memcmp(r->names[i].s, s, len) == 0))
            return DC_OK;
    if (r->count == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        struct name *names = realloc(r->names, cap * sizeof *names);
        if (!names) return DC_ENOMEM;
        r->names = names, r->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (!copy) return DC_ENOMEM;
    memcpy(copy, s, len);
    copy[len] = '\0';
    size_t at = r->count++; /* longest first: insertion into a short list */
    while (at > 0 && r->names[at - 1].len < len) {
        r->names[at] = r->names[at - 1];
        at--;
    }
    r->names[at] = (struct name){copy, len, latin, owner};
    return DC_OK;
}

/* The name that text[i..len) begins with, or NULL. */
static const struct name *name_at(const dc_rivals *r, const char *text, size_t len, size_t i)
{
    for (size_t k = 0; k < r->count; k++) {
        const struct name *nm = &r->names[k];
        if (nm->len > len - i) continue;
        if (!nm->latin) {
            if (memcmp(text + i, nm->s, nm->len) == 0) return nm;
            continue;
        }
        if (i > 0 && is_word_byte((unsigned char)text[i - 1])) continue;
        if (i + nm->len < len && is_word_byte((unsigned char)text[i + nm->len])) continue;
        if (strncasecmp(text + i, nm->s, nm->len) == 0) return nm;
    }
    return NULL;
}

/* The first name in text[from..len), with its place in *at; NULL (*at
 * len) when there is none. */
static const struct name *first_name(const dc_rivals *r, const char *text, size_t len, size_t from,
                                     size_t *at)
{
    for (*at = from; *at < len && r->count; ++*at) {
        const struct name *nm = ((unsigned char)text[*at] & 0xC0) != 0x80 ? name_at(r, text, len, *at) : NULL;
        if (nm) return nm;
    }
    *at = len;
    return NULL;
}

long dc_rivals_find(const dc_rivals *r, const char *text, size_t len)
{
    size_t at;
    const struct name *nm = first_name(r, text, len, 0, &at);
    return nm ? (long)nm->owner : -1;
}

/* Is the character ending at text[end) or starting at text[start], past
 * blanks, Chinese (a byte of a 3- or 4-byte UTF-8 sequence)? */
static int chinese_beside(const char *text, size_t len, size_t start, size_t end)
{
    while (start > 0 && text[start - 1] == ' ') start--;
    while (end < len && text[end] == ' ') end++;
    return (start > 0 && (unsigned char)text[start - 1] >= 0x80) ||
           (end < len && (unsigned char)text[end] >= 0xE0);
}

/* Where the last character of s[0..len) starts. */
static size_t last_char(const char *s, size_t len)
{
    size_t at = len - 1;
    while (at > 0 && ((unsigned char)s[at] & 0xC0) == 0x80) at--;
    return at;
}

int dc_rivals_rewrite(const dc_rivals *r, char **text, size_t **from, size_t *len)
{
    const char *t = *text;
    size_t n = *len, at; /* most notes name none: look before allocating */
    const struct name *nm = first_name(r, t, n, 0, &at);
    if (!nm) return DC_OK;
    size_t room = 3 * n + 1; /* a word is at most 3 times its name (2 bytes -> 竞品) */
    char *out = malloc(room);
    size_t *out_from = malloc(room * sizeof *out_from);
    if (!out || !out_from) {
        free(out);
        free(out_from);
        return DC_ENOMEM;
    }
    size_t o = 0;
    for (size_t i = 0;;) {
        memcpy(out + o, t + i, at - i); /* up to the name, as it is */
        memcpy(out_from + o, *from + i, (at - i) * sizeof *out_from);
        o += at - i;
        if (!nm) break;
        const char *word = chinese_beside(t, n, at, at + nm->len) ? HAN_WORD : LATIN_WORD;
        size_t word_last = last_char(word, strlen(word)), name_last = last_char(nm->s, nm->len);
        for (size_t k = 0; word[k]; k++) { /* its last character maps to the name's last */
            out[o] = word[k];
            out_from[o++] = (*from)[k < word_last ? at : at + name_last];
        }
        i = at + nm->len;
        nm = first_name(r, t, n, i, &at);
    }
    out[o] = '\0';
    out_from[o] = (*from)[n];
    free(*text);
    free(*from);
    *text = out, *from = out_from, *len = o;
    return DC_OK;
}

/* Does a separator begin at s? Its length, or 0. */
static size_t separator(const char *s)
{
    if (*s == ',' || *s == ';' || *s == '\t') return 1;
    if (strncmp(s, "、", strlen("、")) == 0) return strlen("、");
    if (strncmp(s, "，", strlen("，")) == 0) return strlen("，");
    if (strncmp(s, "；", strlen("；")) == 0) return strlen("；");
    return 0;
}

char **dc_rivals_split(const char *list, size_t *count)
{
    size_t most = 1;
    for (const char *p = list; *p; p++) most += separator(p) > 0;
    char **names = calloc(most, sizeof *names);
    *count = 0;
    if (!names) return NULL;
    for (const char *p = list; *p;) {
        size_t len = 0, sep;
        while (p[len] && !separator(p + len)) len++;
        sep = p[len] ? separator(p + len) : 0;
        const char *s = p;
        size_t n = len;
        while (n > 0 && (*s == ' ' || *s == '\t')) s++, n--;
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
        if (n > 0) {
            char *name = strndup(s, n);
            if (!name) {
                dc_rivals_split_free(names, *count);
                return NULL;
            }
            names[(*count)++] = name;
        }
        p += len + sep;
    }
    return names;
}

void dc_rivals_split_free(char **names, size_t count)
{
    for (size_t i = 0; i < count; i++) free(names[i]);
    free(names);
}
