/* notes_words.c - words of a dialect read as Mandarin words (notes_words.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "notes_words.h"

#include <stdlib.h>
#include <string.h>

#include "status.h"

struct word {
    char *raw;   /* as given */
    char *from;  /* as settled: raw through the character maps */
    char *to;
    size_t len;  /* of all three */
};

struct dc_words {
    struct word *words; /* sorted by `from` once settled */
    size_t count, cap;
};

dc_words *dc_words_new(void)
{
    return calloc(1, sizeof(dc_words));
}

void dc_words_clear(dc_words *w)
{
    if (!w) return;
    for (size_t i = 0; i < w->count; i++) {
        free(w->words[i].raw);
        free(w->words[i].from);
        free(w->words[i].to);
    }
    w->count = 0;
}

void dc_words_free(dc_words *w)
{
    if (!w) return;
    dc_words_clear(w);
    free(w->words);
    free(w);
}

int dc_words_add(dc_words *w, const char *from, const char *to)
{
    size_t len = strlen(from);
    if (!len || len != strlen(to)) return DC_EINPUT;
    for (size_t i = 0; i < w->count; i++)
        if (strcmp(w->words[i].raw, from) == 0) {
            memcpy(w->words[i].to, to, len);
            return DC_OK;
        }
    if (w->count == w->cap) {
        size_t cap = w->cap ? 2 * w->cap : 16;
        struct word *grown = realloc(w->words, cap * sizeof *grown);
        if (!grown) return DC_ENOMEM;
        w->words = grown;
        w->cap = cap;
    }
    struct word *nw = &w->words[w->count];
    *nw = (struct word){strdup(from), strdup(from), strdup(to), len};
    if (!nw->raw || !nw->from || !nw->to) {
        free(nw->raw);
        free(nw->from);
        free(nw->to);
        return DC_ENOMEM;
    }
    w->count++;
    return DC_OK;
}

static int compare_words(const void *a, const void *b)
{
    return strcmp(((const struct word *)a)->from, ((const struct word *)b)->from);
}

void dc_words_settle(dc_words *w, dc_words_read_fn *read, void *ctx)
{
    if (!w) return;
    for (size_t i = 0; read && i < w->count; i++) {
        memcpy(w->words[i].from, w->words[i].raw, w->words[i].len + 1);
        read(ctx, w->words[i].from);
        read(ctx, w->words[i].to);
    }
    if (w->count > 1) /* qsort of no array is undefined */
        qsort(w->words, w->count, sizeof *w->words, compare_words);
}

size_t dc_words_count(const dc_words *w)
{
    return w ? w->count : 0;
}

const char *dc_words_from(const dc_words *w, size_t i)
{
    return w->words[i].from;
}

const char *dc_words_to(const dc_words *w, size_t i)
{
    return w->words[i].to;
}

/* The first word whose `from` is not below the UTF-8 character at s. */
static size_t lower_bound(const dc_words *w, const char *s, size_t clen)
{
    size_t lo = 0, hi = w->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strncmp(w->words[mid].from, s, clen) < 0) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static size_t char_length(unsigned char c)
{
    return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

void dc_words_apply(const dc_words *w, char *text, size_t len)
{
    if (!w || !w->count) return;
    for (size_t i = 0; i < len;) {
        size_t clen = char_length((unsigned char)text[i]);
        if (clen > len - i) break;
        const struct word *best = NULL;
        for (size_t k = lower_bound(w, text + i, clen);
             k < w->count && strncmp(w->words[k].from, text + i, clen) == 0; k++) {
            const struct word *c = &w->words[k];
            if (c->len <= len - i && (!best || c->len > best->len) && memcmp(c->from, text + i, c->len) == 0)
                best = c;
        }
        if (best) {
            memcpy(text + i, best->to, best->len);
            i += best->len;
        } else {
            i += clen;
        }
    }
}
